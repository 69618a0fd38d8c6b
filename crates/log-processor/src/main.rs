//! log-processor Lambda: thin entry point. Tracing, typed config and the SQS client are set
//! up once per cold start and borrowed by every invocation; the logic is in `handler.rs`.

mod handler;
#[cfg(test)]
mod identity_stream_tests;

/// The local AWS emulator harness shared with triage-aws's tests.
#[cfg(test)]
use test_kit::moto;

use lambda_runtime::{service_fn, Error, LambdaEvent};
use std::sync::atomic::AtomicBool;
use triage_aws::config::ProcessorConfig;
use triage_aws::queue::SqsSender;

#[tokio::main]
async fn main() -> Result<(), Error> {
    lambda_runtime::tracing::init_default_subscriber();
    let config = ProcessorConfig::from_env()?;
    let aws = triage_aws::load_aws_config().await;
    let sender = SqsSender::new(
        aws_sdk_sqs::Client::new(&aws),
        config.incident_queue_url.clone(),
    );
    let cold_start = AtomicBool::new(true);
    lambda_runtime::run(service_fn(|event: LambdaEvent<serde_json::Value>| {
        handler::handle(&config, &sender, &cold_start, event)
    }))
    .await
}
