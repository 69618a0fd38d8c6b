//! SNS: one readable email per new or reopened incident.

use crate::sdk_error::{classify_response, Retry, SdkFailure, ServiceCodes};
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

    /// A notifier with a client built from the shared AWS configuration.
    pub fn from_config(aws: &aws_config::SdkConfig, topic_arn: impl Into<String>) -> Self {
        SnsNotifier::new(aws_sdk_sns::Client::new(aws), topic_arn)
    }
}

impl Notifier for SnsNotifier {
    async fn notify(&self, email: &Email) -> Result<(), NotifyError> {
        self.client
            .publish()
            .topic_arn(&self.topic_arn)
            .subject(&email.subject)
            .message(&email.body)
            .send()
            .await
            .map(|_| ())
            .map_err(|e| notify_error(&classify_response(&e, &SNS_CODES)))
    }
}

/// SNS's own throttling codes beside the shared lists: Publish models `KMSThrottling` (the
/// topic's KMS key throttled), and `Throttled` is SNS's request-rate code (aws-sdk-sns's error
/// shapes). `InternalError` is in the shared server-fault list.
const SNS_CODES: ServiceCodes = ServiceCodes {
    throttling: &["KMSThrottling", "Throttled"],
    transient: &[],
};

fn notify_error(failure: &SdkFailure) -> NotifyError {
    let text = failure.message.clone();
    match failure.retry {
        Retry::Throttled => NotifyError::Throttled(text),
        Retry::Transient => NotifyError::Unavailable(text),
        Retry::Permanent => NotifyError::Sdk(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sdk_error::classify;
    use aws_sdk_sns::error::{ErrorMetadata, SdkError};

    #[test]
    fn publish_errors_map_from_the_shared_classification() {
        let sns = |code: &str, status| {
            let err: SdkError<ErrorMetadata, ()> = SdkError::service_error(
                ErrorMetadata::builder().code(code).message("m").build(),
                (),
            );
            let e = notify_error(&classify(&err, Some(status), &SNS_CODES));
            (e.code(), e.is_retryable())
        };
        assert_eq!(sns("ThrottledException", 400), ("throttled", true));
        assert_eq!(sns("Throttling", 400), ("throttled", true));
        assert_eq!(sns("KMSThrottling", 400), ("throttled", true));
        assert_eq!(sns("Throttled", 400), ("throttled", true));
        assert_eq!(sns("InternalError", 500), ("unavailable", true));
        assert_eq!(sns("AuthorizationError", 403), ("sdk", false));
        assert_eq!(sns("NotFound", 404), ("sdk", false));
    }
}
