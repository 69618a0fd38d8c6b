//! The model behind the summaries: Amazon Bedrock (Converse) behind a bounded, fenced prompt,
//! or none (offline summaries only); its failures carry a stable code and whether a retry can
//! help.

use triage_core::incident::IncidentRecord;
use triage_core::summary::Summary;

/// Why the model gave no summary: a stable code for logs and metrics.
#[derive(Debug)]
pub struct ModelFailure {
    pub code: &'static str,
    pub detail: String,
    /// Whether asking again later can succeed (throttled, timed out, unavailable), as decided
    /// by `BedrockError::is_retryable`.
    pub retryable: bool,
}

/// A source of model summaries (Bedrock in production).
pub trait SummaryModel {
    /// `false` when no model is configured: every summary is the offline one.
    fn enabled(&self) -> bool;
    /// With the failing invocation's redacted log lines; a model that cannot use them ignores
    /// them.
    fn summarize_with_context(
        &self,
        incident: &IncidentRecord,
        context: &[String],
    ) -> impl std::future::Future<Output = Result<Summary, ModelFailure>> + Send;
}

/// No model configured.
pub struct NoModel;

impl SummaryModel for NoModel {
    fn enabled(&self) -> bool {
        false
    }
    async fn summarize_with_context(
        &self,
        _: &IncidentRecord,
        _: &[String],
    ) -> Result<Summary, ModelFailure> {
        Err(ModelFailure {
            code: "disabled",
            detail: "no model configured".into(),
            retryable: false,
        })
    }
}

/// Amazon Bedrock (Converse) behind a bounded, fenced prompt; the reply is validated before use.
pub struct BedrockModel {
    pub summarizer: triage_aws::bedrock::BedrockSummarizer,
}

impl SummaryModel for BedrockModel {
    fn enabled(&self) -> bool {
        true
    }

    async fn summarize_with_context(
        &self,
        incident: &IncidentRecord,
        context: &[String],
    ) -> Result<Summary, ModelFailure> {
        use triage_core::prompt::{build_prompt_with_context, parse_summary, PromptLimits};
        let prompt = build_prompt_with_context(incident, context, PromptLimits::default());
        let text = self
            .summarizer
            .summarize(&prompt)
            .await
            .map_err(|e| ModelFailure {
                code: e.code(),
                detail: e.to_string(),
                retryable: e.is_retryable(),
            })?;
        // A reply that does not validate would not validate any better on a second try.
        parse_summary(&text, incident.severity).map_err(|e| ModelFailure {
            code: e.code(),
            detail: e.to_string(),
            retryable: false,
        })
    }
}

/// The configured model: Bedrock, or none (offline summaries only).
pub enum Model {
    Bedrock(BedrockModel),
    None(NoModel),
}

impl SummaryModel for Model {
    fn enabled(&self) -> bool {
        matches!(self, Model::Bedrock(_))
    }

    async fn summarize_with_context(
        &self,
        incident: &IncidentRecord,
        context: &[String],
    ) -> Result<Summary, ModelFailure> {
        match self {
            Model::Bedrock(m) => m.summarize_with_context(incident, context).await,
            Model::None(m) => m.summarize_with_context(incident, context).await,
        }
    }
}
