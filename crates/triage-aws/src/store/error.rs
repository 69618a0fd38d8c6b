//! The store's errors: SDK errors kept typed and mapped, in one place, to stable codes that
//! decide what is retryable.

use crate::sdk_error::{classify_response, Retry, SdkFailure, ServiceCodes};
use aws_sdk_dynamodb::config::http::HttpResponse;
use aws_sdk_dynamodb::error::{ProvideErrorMetadata, SdkError};
use std::fmt::Display;

/// Why an item could not be turned into an [`IncidentRecord`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ItemError {
    #[error("attribute `{0}` is missing")]
    Missing(String),
    #[error("attribute `{attribute}` should be of type {expected}")]
    WrongType {
        attribute: String,
        expected: &'static str,
    },
    #[error("attribute `{attribute}` has an invalid value `{value}`")]
    InvalidValue { attribute: String, value: String },
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("DynamoDB throttled {operation}: {message}")]
    Throttled {
        operation: &'static str,
        message: String,
    },
    /// Optimistic-concurrency retries ran out (sustained contention on one incident).
    #[error("conditional write kept failing in {operation}: {message}")]
    ConditionalFailed {
        operation: &'static str,
        message: String,
    },
    #[error("incident `{fingerprint}` not found")]
    NotFound { fingerprint: String },
    #[error("invalid incident item: {0}")]
    InvalidItem(#[from] ItemError),
    /// The service or the table could not be reached (network, 5xx, missing table).
    #[error("DynamoDB unavailable during {operation}: {message}")]
    Unavailable {
        operation: &'static str,
        message: String,
    },
    #[error("DynamoDB {operation} failed: {message}")]
    Sdk {
        operation: &'static str,
        message: String,
        retryable: bool,
    },
}

impl StoreError {
    /// Stable machine-readable code, for logs, metrics and the CLI.
    pub fn code(&self) -> &'static str {
        match self {
            StoreError::Throttled { .. } => "throttled",
            StoreError::ConditionalFailed { .. } => "conditional_failed",
            StoreError::NotFound { .. } => "not_found",
            StoreError::InvalidItem(_) => "invalid_item",
            StoreError::Unavailable { .. } => "unavailable",
            StoreError::Sdk { .. } => "sdk",
        }
    }

    /// Whether redelivering the same message later can succeed. A missing table counts: the
    /// message must stay on the queue (and reach the DLQ) rather than be dropped, so it can be
    /// replayed once the table is back.
    pub fn is_retryable(&self) -> bool {
        match self {
            StoreError::Throttled { .. }
            | StoreError::Unavailable { .. }
            | StoreError::ConditionalFailed { .. } => true,
            StoreError::NotFound { .. } | StoreError::InvalidItem(_) => false,
            StoreError::Sdk { retryable, .. } => *retryable,
        }
    }

    pub(super) fn build(operation: &'static str, err: impl Display) -> StoreError {
        StoreError::Sdk {
            operation,
            message: err.to_string(),
            retryable: false,
        }
    }
}

/// Throttling among a cancelled transaction's `CancellationReasons` (TransactWriteItems API
/// reference). SDK error codes are classified by [`crate::sdk_error`].
pub(super) const THROTTLING_CODES: &[&str] = &["ProvisionedThroughputExceeded", "ThrottlingError"];
/// DynamoDB's own transient codes beside the shared lists: a missing table counts, so the
/// message stays on the queue (and reaches the DLQ) to be replayed once the table is back.
const DYNAMODB_CODES: ServiceCodes = ServiceCodes {
    throttling: &[],
    transient: &["ResourceNotFoundException"],
};
/// Another transaction holds the item: retried (SDK error codes and cancellation reasons).
pub(super) const CONTENTION_CODES: &[&str] = &[
    "TransactionConflictException",
    "TransactionConflict",
    "TransactionInProgressException",
];

/// The one place where an SDK error becomes a [`StoreError`], from the shared classification.
pub(super) fn classify<E>(operation: &'static str, err: SdkError<E, HttpResponse>) -> StoreError
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    store_error(operation, &classify_response(&err, &DYNAMODB_CODES))
}

fn store_error(operation: &'static str, failure: &SdkFailure) -> StoreError {
    let message = failure.message.clone();
    let code = failure.code.as_deref().unwrap_or_default();
    match failure.retry {
        Retry::Throttled => StoreError::Throttled { operation, message },
        Retry::Transient => StoreError::Unavailable { operation, message },
        Retry::Permanent if code == "ConditionalCheckFailedException" => {
            StoreError::ConditionalFailed { operation, message }
        }
        Retry::Permanent => StoreError::Sdk {
            operation,
            message,
            retryable: CONTENTION_CODES.contains(&code),
        },
    }
}

pub(super) fn is_conditional_check_failed<E: ProvideErrorMetadata>(
    err: &SdkError<E, HttpResponse>,
) -> bool {
    matches!(err, SdkError::ServiceError(s) if s.err().code() == Some("ConditionalCheckFailedException"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_codes_and_retryability_are_stable() {
        let cases = [
            (
                StoreError::Throttled {
                    operation: "Op",
                    message: String::new(),
                },
                "throttled",
                true,
            ),
            (
                StoreError::Unavailable {
                    operation: "Op",
                    message: String::new(),
                },
                "unavailable",
                true,
            ),
            (
                StoreError::NotFound {
                    fingerprint: "f".into(),
                },
                "not_found",
                false,
            ),
            (
                StoreError::InvalidItem(ItemError::Missing("x".into())),
                "invalid_item",
                false,
            ),
            (StoreError::build("Op", "bad input"), "sdk", false),
        ];
        for (err, code, retryable) in cases {
            assert_eq!(err.code(), code);
            assert_eq!(err.is_retryable(), retryable, "{code}");
        }
    }

    #[test]
    fn sdk_errors_map_from_the_shared_classification() {
        use aws_sdk_dynamodb::error::ErrorMetadata;
        let dynamodb = |code: &str, status| {
            let err: SdkError<ErrorMetadata, ()> = SdkError::service_error(
                ErrorMetadata::builder().code(code).message("m").build(),
                (),
            );
            let e = store_error(
                "Op",
                &crate::sdk_error::classify(&err, Some(status), &DYNAMODB_CODES),
            );
            (e.code(), e.is_retryable())
        };
        assert_eq!(
            dynamodb("ProvisionedThroughputExceededException", 400),
            ("throttled", true)
        );
        assert_eq!(dynamodb("RequestLimitExceeded", 400), ("throttled", true));
        assert_eq!(dynamodb("InternalServerError", 500), ("unavailable", true));
        assert_eq!(
            dynamodb("ResourceNotFoundException", 400),
            ("unavailable", true)
        );
        assert_eq!(
            dynamodb("ConditionalCheckFailedException", 400),
            ("conditional_failed", true)
        );
        assert_eq!(dynamodb("TransactionConflictException", 400), ("sdk", true));
        assert_eq!(dynamodb("ValidationException", 400), ("sdk", false));
    }
}
