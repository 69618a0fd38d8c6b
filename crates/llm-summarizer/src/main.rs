//! llm-summarizer Lambda: thin entry point (tracing, typed config, clients once); the logic is
//! in the library (`handler.rs`, `model.rs`, `context.rs`).

use lambda_runtime::{service_fn, Error, LambdaEvent};
use llm_summarizer::handler;
use triage_aws::bedrock::{BedrockSettings, BedrockSummarizer};
use triage_aws::config::SummarizerConfig;
use triage_aws::logs::LogsReader;
use triage_aws::notify::SnsNotifier;
use triage_aws::store::IncidentStore;

#[tokio::main]
async fn main() -> Result<(), Error> {
    let start = triage_aws::lambda::cold_start(SummarizerConfig::from_env).await?;
    let (config, aws) = (&start.config, &start.aws);
    let store = IncidentStore::from_config(aws, config.incidents_table.clone());
    let notifier = SnsNotifier::from_config(aws, config.alert_topic_arn.clone());
    let model = match &config.bedrock_model_id {
        Some(model_id) => handler::Model::Bedrock(handler::BedrockModel {
            summarizer: BedrockSummarizer::from_config(
                aws,
                model_id.clone(),
                BedrockSettings::default(),
            ),
        }),
        None => handler::Model::None(handler::NoModel),
    };
    let context = handler::LogsContext::new(
        LogsReader::new(aws, triage_core::logs_query::RetryPolicy::default()),
        config,
    );
    lambda_runtime::run(service_fn(|event: LambdaEvent<serde_json::Value>| {
        handler::handle(
            config,
            &store,
            &model,
            &notifier,
            &context,
            &start.cold_start,
            event,
        )
    }))
    .await
}
