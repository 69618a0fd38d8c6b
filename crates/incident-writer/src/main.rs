//! incident-writer Lambda: thin entry point (tracing, typed config, DynamoDB client once);
//! the logic is in `handler.rs`.

mod handler;

/// The local AWS emulator harness shared with triage-aws's tests.
#[cfg(test)]
use test_kit::moto;

use aws_lambda_events::event::sqs::SqsEvent;
use lambda_runtime::{service_fn, Error, LambdaEvent};
use triage_aws::config::WriterConfig;
use triage_aws::store::IncidentStore;

#[tokio::main]
async fn main() -> Result<(), Error> {
    let start = triage_aws::lambda::cold_start(WriterConfig::from_env).await?;
    let (config, aws) = (&start.config, &start.aws);
    let store = IncidentStore::from_config(aws, config.incidents_table.clone())
        .with_retention_days(config.retention_days)
        .with_max_align_candidates(config.max_align_candidates);
    lambda_runtime::run(service_fn(|event: LambdaEvent<SqsEvent>| {
        handler::handle(config, &store, &start.cold_start, event)
    }))
    .await
}
