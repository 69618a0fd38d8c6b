//! Bedrock adapter: one Converse call per prompt, with typed, classified errors.
//!
//! The summarizer must never be delayed or lose an incident because of the model, so every call
//! has an operation timeout and every failure maps to a [`BedrockError`] whose retryability is
//! decided in one place ([`BedrockError::is_retryable`]); the caller leaves the incident
//! `pending` on a retryable error (at most `triage_core::incident::MAX_MODEL_ATTEMPTS` times)
//! and falls back to the offline summary otherwise. Prompt
//! building and answer parsing are pure and live in `triage_core::prompt`.

use std::time::Duration;

use crate::sdk_error::{classify_response, FailureKind, Retry, SdkFailure, ServiceCodes};
use aws_sdk_bedrockruntime::config::http::HttpResponse;
use aws_sdk_bedrockruntime::config::timeout::TimeoutConfig;
use aws_sdk_bedrockruntime::error::SdkError;
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
const MAX_ERROR_MESSAGE_CHARS: usize = crate::sdk_error::MAX_MESSAGE_CHARS;

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

/// Bedrock's own codes beside the shared lists (the bedrock-runtime model, as
/// aws-sdk-bedrockruntime parses them): a model that is loading, slow or failing on its side
/// (Converse's `ModelNotReadyException`, `ModelTimeoutException`, `ModelErrorException`), and a
/// full token or request quota (`ServiceQuotaExceededException`, which the model gives
/// InvokeModel and ApplyGuardrail, "resubmit your request later"; kept for Converse too).
const BEDROCK_CODES: ServiceCodes = ServiceCodes {
    throttling: &["ServiceQuotaExceededException"],
    transient: &[
        "ModelNotReadyException",
        "ModelTimeoutException",
        "ModelErrorException",
    ],
};

/// Map an SDK error onto [`BedrockError`], from the shared classification.
fn classify(err: SdkError<ConverseError, HttpResponse>) -> BedrockError {
    bedrock_error(&classify_response(&err, &BEDROCK_CODES))
}

/// Which retryable or permanent kind of failure, by the codes of the Converse API reference;
/// whether it is retryable was decided by [`crate::sdk_error`].
fn bedrock_error(failure: &SdkFailure) -> BedrockError {
    let message = failure.message.clone();
    let code = failure.code.as_deref().unwrap_or_default();
    match failure.retry {
        Retry::Throttled => BedrockError::Throttled(message),
        Retry::Transient => match code {
            _ if failure.kind == FailureKind::Timeout => BedrockError::Timeout(message),
            "ModelTimeoutException" | "RequestTimeout" | "RequestTimeoutException" => {
                BedrockError::Timeout(message)
            }
            "ModelNotReadyException" => BedrockError::ModelNotReady(message),
            _ => BedrockError::Unavailable(message),
        },
        Retry::Permanent => match code {
            "AccessDeniedException" | "UnrecognizedClientException" | "ExpiredTokenException" => {
                BedrockError::AccessDenied(message)
            }
            "ValidationException" | "ResourceNotFoundException" => {
                BedrockError::Validation(message)
            }
            "" => BedrockError::Sdk {
                code: "unknown".to_string(),
                message,
            },
            code => BedrockError::Sdk {
                code: code.to_string(),
                message,
            },
        },
    }
}

fn bounded(text: &str) -> String {
    crate::sdk_error::bounded(text, MAX_ERROR_MESSAGE_CHARS)
}

/// SDK attempts per Converse call, the first included (the SDK's standard mode allows 3).
pub const SDK_MAX_ATTEMPTS: u32 = 2;

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

    /// The summarizer's client: built from the shared AWS configuration with few SDK attempts
    /// ([`SDK_MAX_ATTEMPTS`]), so a throttled or slow model does not hold the batch; the
    /// incident gets the offline summary instead (marked as such).
    pub fn from_config(
        aws: &aws_config::SdkConfig,
        model_id: String,
        settings: BedrockSettings,
    ) -> Self {
        let config = aws_sdk_bedrockruntime::config::Builder::from(aws)
            .retry_config(
                aws_sdk_bedrockruntime::config::retry::RetryConfig::standard()
                    .with_max_attempts(SDK_MAX_ATTEMPTS),
            )
            .build();
        BedrockSummarizer::new(Client::from_conf(config), model_id, settings)
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
        type Variant = fn(String) -> BedrockError;
        let variants: [(Variant, &str, bool); 7] = [
            (BedrockError::Throttled, "throttled", true),
            (BedrockError::Timeout, "timeout", true),
            (BedrockError::AccessDenied, "access_denied", false),
            (BedrockError::ModelNotReady, "model_not_ready", true),
            (BedrockError::Validation, "validation", false),
            (BedrockError::Unavailable, "unavailable", true),
            (BedrockError::InvalidResponse, "invalid_response", false),
        ];
        let sdk = BedrockError::Sdk {
            code: "X".into(),
            message: String::new(),
        };
        let cases = variants
            .into_iter()
            .map(|(variant, code, retryable)| (variant(String::new()), code, retryable))
            .chain([(sdk, "sdk", false)]);
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
        // The shared `classify` is generic over the raw response, so `()` stands in for an
        // HTTP response.
        let service = |code: &str| {
            let meta = ErrorMetadata::builder().code(code).message("m").build();
            SdkError::service_error(ConverseError::generic(meta), ())
        };
        let classify_with_status = |err: SdkError<ConverseError, ()>, status| {
            bedrock_error(&crate::sdk_error::classify(&err, status, &BEDROCK_CODES))
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
