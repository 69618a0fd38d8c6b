//! Bedrock adapter: one Converse call per prompt, with typed, classified errors.
//!
//! The summarizer must never be delayed or lose an incident because of the model, so every call
//! has an operation timeout and every failure maps to a [`BedrockError`] whose retryability is
//! decided in one place ([`BedrockError::is_retryable`]); the caller leaves the incident
//! `pending` on a retryable error (at most `triage_core::incident::MAX_MODEL_ATTEMPTS` times)
//! and falls back to the offline summary otherwise. Prompt
//! building and answer parsing are pure and live in `triage_core::prompt`.

use std::time::Duration;

use aws_sdk_bedrockruntime::config::http::HttpResponse;
use aws_sdk_bedrockruntime::config::timeout::TimeoutConfig;
use aws_sdk_bedrockruntime::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use aws_sdk_bedrockruntime::operation::converse::ConverseError;
use aws_sdk_bedrockruntime::types::{
    ContentBlock, ConversationRole, ConverseOutput, InferenceConfiguration, Message,
    SystemContentBlock,
};
use aws_sdk_bedrockruntime::Client;
use thiserror::Error;
use triage_core::prompt::Prompt;

/// Per-call settings of the Converse request.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BedrockSettings {
    /// Upper bound on the answer; the JSON summary needs a few hundred tokens.
    pub max_tokens: i32,
    /// Low, so the same incident gives a stable summary.
    pub temperature: f32,
    /// Operation timeout of one `summarize` call, SDK retries included.
    pub timeout: Duration,
}

impl Default for BedrockSettings {
    fn default() -> Self {
        BedrockSettings {
            max_tokens: 600,
            temperature: 0.2,
            timeout: Duration::from_secs(20),
        }
    }
}

/// Errors longer than this are cut: service messages can echo request content.
const MAX_ERROR_MESSAGE_CHARS: usize = 300;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum BedrockError {
    #[error("bedrock throttled the request: {0}")]
    Throttled(String),
    #[error("bedrock call timed out: {0}")]
    Timeout(String),
    #[error("bedrock access denied: {0}")]
    AccessDenied(String),
    #[error("bedrock model not ready: {0}")]
    ModelNotReady(String),
    #[error("bedrock rejected the request: {0}")]
    Validation(String),
    #[error("bedrock unavailable: {0}")]
    Unavailable(String),
    #[error("bedrock returned no usable text: {0}")]
    InvalidResponse(String),
    #[error("bedrock sdk error {code}: {message}")]
    Sdk { code: String, message: String },
}

impl BedrockError {
    /// Stable name for logs, metrics and the incident's failure reason.
    pub fn code(&self) -> &'static str {
        match self {
            BedrockError::Throttled(_) => "throttled",
            BedrockError::Timeout(_) => "timeout",
            BedrockError::AccessDenied(_) => "access_denied",
            BedrockError::ModelNotReady(_) => "model_not_ready",
            BedrockError::Validation(_) => "validation",
            BedrockError::Unavailable(_) => "unavailable",
            BedrockError::InvalidResponse(_) => "invalid_response",
            BedrockError::Sdk { .. } => "sdk",
        }
    }

    /// Whether trying the same prompt later can succeed. Transient capacity and transport
    /// problems are retryable; permissions, bad requests and unusable answers are not (retrying
    /// them only burns quota), so the caller falls back to the offline summary at once.
    pub fn is_retryable(&self) -> bool {
        match self {
            BedrockError::Throttled(_)
            | BedrockError::Timeout(_)
            | BedrockError::ModelNotReady(_)
            | BedrockError::Unavailable(_) => true,
            BedrockError::AccessDenied(_)
            | BedrockError::Validation(_)
            | BedrockError::InvalidResponse(_)
            | BedrockError::Sdk { .. } => false,
        }
    }
}

/// Map an SDK error onto [`BedrockError`]: the one place that reads SDK error shapes.
fn classify(err: SdkError<ConverseError, HttpResponse>) -> BedrockError {
    let status = match &err {
        SdkError::ServiceError(service) => Some(service.raw().status().as_u16()),
        _ => None,
    };
    classify_with_status(err, status)
}

/// The decision itself, generic over the raw response so it is unit-tested without HTTP.
/// Matching on `code()` rather than on `ConverseError` variants also covers codes the SDK
/// models as `Unhandled`; an unknown code still counts as transient when the HTTP status says
/// so (429, 5xx), e.g. a proxy or a new service error.
fn classify_with_status<R>(err: SdkError<ConverseError, R>, status: Option<u16>) -> BedrockError
where
    R: std::fmt::Debug,
{
    match &err {
        SdkError::TimeoutError(_) => {
            return BedrockError::Timeout(bounded(&DisplayErrorContext(&err).to_string()))
        }
        // The request may not have reached the service, or the answer was cut off: transient.
        SdkError::DispatchFailure(_) | SdkError::ResponseError(_) => {
            return BedrockError::Unavailable(bounded(&DisplayErrorContext(&err).to_string()))
        }
        _ => {}
    }
    let code = err.code().unwrap_or("").to_string();
    let message = bounded(
        &err.message()
            .map_or_else(|| DisplayErrorContext(&err).to_string(), str::to_string),
    );
    match code.as_str() {
        "ThrottlingException" | "TooManyRequestsException" | "ServiceQuotaExceededException" => {
            BedrockError::Throttled(message)
        }
        "ModelTimeoutException" | "RequestTimeout" | "RequestTimeoutException" => {
            BedrockError::Timeout(message)
        }
        "AccessDeniedException" | "UnrecognizedClientException" | "ExpiredTokenException" => {
            BedrockError::AccessDenied(message)
        }
        "ModelNotReadyException" => BedrockError::ModelNotReady(message),
        "ValidationException" | "ResourceNotFoundException" => BedrockError::Validation(message),
        "ServiceUnavailableException"
        | "ServiceUnavailable"
        | "InternalServerException"
        | "InternalFailure"
        | "ModelErrorException" => BedrockError::Unavailable(message),
        _ if status == Some(429) => BedrockError::Throttled(message),
        _ if status.is_some_and(|s| (500..600).contains(&s)) => BedrockError::Unavailable(message),
        _ => BedrockError::Sdk {
            code: if code.is_empty() {
                "unknown".to_string()
            } else {
                code
            },
            message,
        },
    }
}

fn bounded(text: &str) -> String {
    match text.char_indices().nth(MAX_ERROR_MESSAGE_CHARS) {
        Some((byte, _)) => format!("{}…", &text[..byte]),
        None => text.to_string(),
    }
}

/// Sends prompts to one Bedrock model through the Converse API.
#[derive(Debug, Clone)]
pub struct BedrockSummarizer {
    client: Client,
    model_id: String,
    settings: BedrockSettings,
}

impl BedrockSummarizer {
    /// `model_id` is a model id, an ARN or an inference profile id (`us.anthropic.claude-...`);
    /// it is sent unchanged, since Converse accepts all three and profiles are required for
    /// newer models.
    pub fn new(client: Client, model_id: String, settings: BedrockSettings) -> Self {
        BedrockSummarizer {
            client,
            model_id,
            settings,
        }
    }

    pub fn model_id(&self) -> &str {
        &self.model_id
    }

    pub fn settings(&self) -> BedrockSettings {
        self.settings
    }

    /// Send `prompt` (system + one user message) and return the assistant's text.
    pub async fn summarize(&self, prompt: &Prompt) -> Result<String, BedrockError> {
        let message = Message::builder()
            .role(ConversationRole::User)
            .content(ContentBlock::Text(prompt.user.clone()))
            .build()
            .map_err(|e| BedrockError::Validation(bounded(&e.to_string())))?;
        let inference = InferenceConfiguration::builder()
            .max_tokens(self.settings.max_tokens)
            .temperature(self.settings.temperature)
            .build();
        // The operation timeout covers the SDK's own retries too, so one slow model cannot hold
        // the Lambda past its budget.
        let timeouts = TimeoutConfig::builder()
            .operation_timeout(self.settings.timeout)
            .build();
        let output = self
            .client
            .converse()
            .model_id(&self.model_id)
            .system(SystemContentBlock::Text(prompt.system.clone()))
            .messages(message)
            .inference_config(inference)
            .customize()
            .config_override(aws_sdk_bedrockruntime::Config::builder().timeout_config(timeouts))
            .send()
            .await
            .map_err(classify)?;

        let Some(ConverseOutput::Message(message)) = output.output() else {
            return Err(BedrockError::InvalidResponse(
                "no message in the output".to_string(),
            ));
        };
        // Models may split the answer over several text blocks (and add reasoning blocks, which
        // are not part of the answer).
        let text: String = message
            .content()
            .iter()
            .filter_map(|block| block.as_text().ok())
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join("");
        if text.trim().is_empty() {
            return Err(BedrockError::InvalidResponse(format!(
                "no text in the answer (stop reason {})",
                output.stop_reason().as_str()
            )));
        }
        Ok(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_retryability_are_stable() {
        let cases = [
            (BedrockError::Throttled(String::new()), "throttled", true),
            (BedrockError::Timeout(String::new()), "timeout", true),
            (
                BedrockError::AccessDenied(String::new()),
                "access_denied",
                false,
            ),
            (
                BedrockError::ModelNotReady(String::new()),
                "model_not_ready",
                true,
            ),
            (BedrockError::Validation(String::new()), "validation", false),
            (
                BedrockError::Unavailable(String::new()),
                "unavailable",
                true,
            ),
            (
                BedrockError::InvalidResponse(String::new()),
                "invalid_response",
                false,
            ),
            (
                BedrockError::Sdk {
                    code: "X".into(),
                    message: String::new(),
                },
                "sdk",
                false,
            ),
        ];
        for (err, code, retryable) in cases {
            assert_eq!(err.code(), code);
            assert_eq!(err.is_retryable(), retryable, "{code}");
        }
    }

    #[test]
    fn service_error_codes_are_classified() {
        use aws_sdk_bedrockruntime::error::ErrorMetadata;
        let cases = [
            ("ThrottlingException", "throttled"),
            ("ServiceUnavailableException", "unavailable"),
            ("InternalServerException", "unavailable"),
            ("ModelNotReadyException", "model_not_ready"),
            ("ModelTimeoutException", "timeout"),
            ("AccessDeniedException", "access_denied"),
            ("ValidationException", "validation"),
            ("ResourceNotFoundException", "validation"),
            ("SomethingNew", "sdk"),
        ];
        // `classify` is generic over the raw response, so `()` stands in for an HTTP response.
        let service = |code: &str| {
            let meta = ErrorMetadata::builder().code(code).message("m").build();
            SdkError::service_error(ConverseError::generic(meta), ())
        };
        for (code, expected) in cases {
            assert_eq!(
                classify_with_status(service(code), Some(400)).code(),
                expected,
                "{code}"
            );
        }
        // An unknown code falls back on the HTTP status.
        assert_eq!(
            classify_with_status(service("New"), Some(429)).code(),
            "throttled"
        );
        assert_eq!(
            classify_with_status(service("New"), Some(503)).code(),
            "unavailable"
        );
        assert!(classify_with_status(service("New"), Some(503)).is_retryable());
        let timeout: SdkError<ConverseError, ()> = SdkError::timeout_error("slow");
        assert_eq!(classify_with_status(timeout, None).code(), "timeout");
    }

    #[test]
    fn long_error_messages_are_cut() {
        assert!(bounded(&"é".repeat(10_000)).chars().count() <= MAX_ERROR_MESSAGE_CHARS + 1);
    }
}
