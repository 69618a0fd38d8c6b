//! llm-summarizer Lambda: thin entry point (tracing, typed config, clients once); the logic is
//! in `handler.rs`.

mod handler;

/// The local AWS emulator harness shared with triage-aws's tests.
#[cfg(test)]
#[path = "../../triage-aws/tests/support/moto.rs"]
mod moto;

use lambda_runtime::{service_fn, Error, LambdaEvent};
use std::sync::atomic::AtomicBool;
use triage_aws::config::SummarizerConfig;
use triage_aws::notify::SnsNotifier;
use triage_aws::store::IncidentStore;

#[tokio::main]
async fn main() -> Result<(), Error> {
    lambda_runtime::tracing::init_default_subscriber();
    let config = SummarizerConfig::from_env()?;
    let aws = triage_aws::load_aws_config().await;
    let store = IncidentStore::new(
        aws_sdk_dynamodb::Client::new(&aws),
        config.incidents_table.clone(),
    );
    let notifier = SnsNotifier::new(
        aws_sdk_sns::Client::new(&aws),
        config.alert_topic_arn.clone(),
    );
    let model = handler::NoModel;
    let cold_start = AtomicBool::new(true);
    lambda_runtime::run(service_fn(|event: LambdaEvent<serde_json::Value>| {
        handler::handle(&config, &store, &model, &notifier, &cold_start, event)
    }))
    .await
}
