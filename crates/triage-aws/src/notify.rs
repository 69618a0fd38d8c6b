//! SNS: one readable email per new or reopened incident.

use triage_core::email::Email;

#[derive(Debug, thiserror::Error)]
pub enum NotifyError {
    #[error("SNS throttled the publish: {0}")]
    Throttled(String),
    #[error("SNS is unavailable: {0}")]
    Unavailable(String),
    #[error("SNS publish failed: {0}")]
    Sdk(String),
}

impl NotifyError {
    pub fn code(&self) -> &'static str {
        match self {
            NotifyError::Throttled(_) => "throttled",
            NotifyError::Unavailable(_) => "unavailable",
            NotifyError::Sdk(_) => "sdk",
        }
    }

    pub fn is_retryable(&self) -> bool {
        !matches!(self, NotifyError::Sdk(_))
    }
}

/// Anything that can send the incident email (SNS in Lambda; a recording double in unit tests).
pub trait Notifier {
    fn notify(
        &self,
        email: &Email,
    ) -> impl std::future::Future<Output = Result<(), NotifyError>> + Send;
}

#[derive(Debug, Clone)]
pub struct SnsNotifier {
    client: aws_sdk_sns::Client,
    topic_arn: String,
}

impl SnsNotifier {
    pub fn new(client: aws_sdk_sns::Client, topic_arn: impl Into<String>) -> Self {
        SnsNotifier {
            client,
            topic_arn: topic_arn.into(),
        }
    }
}

impl Notifier for SnsNotifier {
    async fn notify(&self, email: &Email) -> Result<(), NotifyError> {
        use aws_sdk_sns::error::{ProvideErrorMetadata, SdkError};
        self.client
            .publish()
            .topic_arn(&self.topic_arn)
            .subject(&email.subject)
            .message(&email.body)
            .send()
            .await
            .map(|_| ())
            .map_err(|e| {
                let text = format!("{e:?}");
                match &e {
                    SdkError::TimeoutError(_)
                    | SdkError::DispatchFailure(_)
                    | SdkError::ResponseError(_) => NotifyError::Unavailable(text),
                    SdkError::ServiceError(s)
                        if matches!(
                            s.err().code(),
                            Some("Throttling" | "ThrottledException" | "ThrottlingException")
                        ) =>
                    {
                        NotifyError::Throttled(text)
                    }
                    SdkError::ServiceError(s)
                        if matches!(
                            s.err().code(),
                            Some("InternalError" | "ServiceUnavailable")
                        ) =>
                    {
                        NotifyError::Unavailable(text)
                    }
                    _ => NotifyError::Sdk(text),
                }
            })
    }
}
