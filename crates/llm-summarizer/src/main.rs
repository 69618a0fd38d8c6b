//! llm-summarizer Lambda: thin entry point (tracing, typed config, clients once); the logic is
//! in the library (`handler.rs`, `model.rs`, `context.rs`).

use lambda_runtime::{service_fn, Error, LambdaEvent};
use llm_summarizer::handler;
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
    let model = match &config.bedrock_model_id {
        Some(model_id) => {
            // Few SDK retries: a throttled or slow model must not hold the batch; the incident
            // gets the offline summary instead (marked as such).
            let bedrock_config = aws_sdk_bedrockruntime::config::Builder::from(&aws)
                .retry_config(
                    aws_sdk_bedrockruntime::config::retry::RetryConfig::standard()
                        .with_max_attempts(2),
                )
                .build();
            handler::Model::Bedrock(handler::BedrockModel {
                summarizer: triage_aws::bedrock::BedrockSummarizer::new(
                    aws_sdk_bedrockruntime::Client::from_conf(bedrock_config),
                    model_id.clone(),
                    triage_aws::bedrock::BedrockSettings::default(),
                ),
            })
        }
        None => handler::Model::None(handler::NoModel),
    };
    let context = handler::LogsContext::new(
        triage_aws::logs::LogsReader::new(&aws, triage_core::logs_query::RetryPolicy::default()),
        &config,
    );
    let cold_start = AtomicBool::new(true);
    lambda_runtime::run(service_fn(|event: LambdaEvent<serde_json::Value>| {
        handler::handle(
            &config,
            &store,
            &model,
            &notifier,
            &context,
            &cold_start,
            event,
        )
    }))
    .await
}
