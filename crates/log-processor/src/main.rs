//! log-processor Lambda: thin entry point. Tracing, typed config and the SQS client are set
//! up once per cold start and borrowed by every invocation; the logic is in `handler.rs`.

mod handler;
#[cfg(test)]
mod identity_stream_tests;

/// The local AWS emulator harness shared with triage-aws's tests.
#[cfg(test)]
use test_kit::moto;

use lambda_runtime::{service_fn, Error, LambdaEvent};
use triage_aws::config::ProcessorConfig;
use triage_aws::queue::SqsSender;

#[tokio::main]
async fn main() -> Result<(), Error> {
    let start = triage_aws::lambda::cold_start(ProcessorConfig::from_env).await?;
    let (config, aws) = (&start.config, &start.aws);
    let sender = SqsSender::from_config(aws, config.incident_queue_url.clone());
    lambda_runtime::run(service_fn(|event: LambdaEvent<serde_json::Value>| {
        handler::handle(config, &sender, &start.cold_start, event)
    }))
    .await
}
