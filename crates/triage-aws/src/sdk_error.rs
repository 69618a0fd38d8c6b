//! The one classification of AWS SDK errors, shared by every adapter (SQS, DynamoDB, SNS,
//! Bedrock): throttled, transient (unavailable) or permanent, with bounded text. Each adapter
//! maps the result onto its own typed error, adding only what its service's API reference says
//! about its own codes (SQS's content errors, DynamoDB's failed conditions, Bedrock's model
//! states), so what is retryable is decided here.
//!
//! The vocabularies are the SDK's own, not ours:
//! - throttling and transient error codes: aws-sdk-rust's `THROTTLING_ERRORS` and
//!   `TRANSIENT_ERRORS` (smithy-rs `aws/rust-runtime/aws-runtime/src/retries/classifiers.rs`,
//!   the `aws-runtime` crate), used as they are, so the list cannot drift from the SDK's own
//!   retry strategy;
//! - transient HTTP statuses: aws-smithy-runtime's `HttpStatusCodeClassifier` default
//!   (500, 502, 503, 504), plus 429 Too Many Requests (RFC 6585) as throttling;
//! - timeouts, dispatch failures and cut-off responses are transient, as aws-smithy-runtime's
//!   `TransientErrorClassifier` treats them.

use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_runtime_api::http::Response as HttpResponse;
use aws_smithy_types::error::display::DisplayErrorContext;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

pub use aws_runtime::retries::classifiers::{THROTTLING_ERRORS, TRANSIENT_ERRORS};

/// HTTP statuses the SDK retries as transient (aws-smithy-runtime `HttpStatusCodeClassifier`).
pub const TRANSIENT_STATUS_CODES: &[u16] = &[500, 502, 503, 504];

/// Server-side fault codes that services return with a 5xx: AWS's common errors
/// (`InternalFailure`, `ServiceUnavailable`) and the per-service names of the same faults
/// (DynamoDB `InternalServerError`, SQS / SNS `InternalError`, `InternalServerException` and
/// `ServiceUnavailableException` in the JSON-protocol services). They count as transient even
/// when a proxy or an emulator sends them with another status.
pub const SERVER_FAULT_CODES: &[&str] = &[
    "InternalFailure",
    "InternalError",
    "InternalServerError",
    "InternalServerException",
    "ServiceUnavailable",
    "ServiceUnavailableException",
];

/// Error text is cut to this many characters: service messages can echo request content, and
/// the SDK's full explanation of an unparseable body runs to kilobytes.
pub const MAX_MESSAGE_CHARS: usize = 300;
/// A service error code longer than this is not a real code (a proxy's page): cut too.
pub const MAX_CODE_CHARS: usize = 64;

/// Whether trying the same request again can help.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retry {
    /// The service asked us to slow down: retry later.
    Throttled,
    /// The service or the network failed on its side: retry later.
    Transient,
    /// The request itself is refused: the same request will be refused again.
    Permanent,
}

impl Retry {
    pub fn is_retryable(self) -> bool {
        !matches!(self, Retry::Permanent)
    }
}

/// How a request failed, as the SDK's error variants say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureKind {
    /// The request could not be built; nothing was sent.
    Construction,
    /// The operation or attempt timeout fired.
    Timeout,
    /// The request may not have reached the service (connection, DNS, TLS, credentials).
    Dispatch,
    /// A response came back but could not be read (cut off, unparseable).
    Response,
    /// The service answered with an error.
    Service,
}

/// Codes a service adds to the shared lists, each from that service's API reference.
#[derive(Debug, Clone, Copy, Default)]
pub struct ServiceCodes {
    pub throttling: &'static [&'static str],
    pub transient: &'static [&'static str],
}

/// The decision itself, from plain facts, so it is tested without the SDK or a network.
pub fn retry_for(
    kind: FailureKind,
    code: Option<&str>,
    status: Option<u16>,
    service: &ServiceCodes,
) -> Retry {
    match kind {
        FailureKind::Timeout | FailureKind::Dispatch | FailureKind::Response => {
            return Retry::Transient
        }
        FailureKind::Construction => return Retry::Permanent,
        FailureKind::Service => {}
    }
    let code = code.unwrap_or_default();
    if THROTTLING_ERRORS.contains(&code) || service.throttling.contains(&code) {
        Retry::Throttled
    } else if TRANSIENT_ERRORS.contains(&code)
        || SERVER_FAULT_CODES.contains(&code)
        || service.transient.contains(&code)
    {
        Retry::Transient
    } else if status == Some(429) {
        Retry::Throttled
    } else if status.is_some_and(|s| TRANSIENT_STATUS_CODES.contains(&s)) {
        Retry::Transient
    } else {
        Retry::Permanent
    }
}

/// A classified SDK error: what every adapter builds its own error from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SdkFailure {
    pub kind: FailureKind,
    pub retry: Retry,
    /// The service's error code (at most [`MAX_CODE_CHARS`]), for service errors.
    pub code: Option<String>,
    pub status: Option<u16>,
    /// `code: message` of a service error, else the SDK's explanation; at most
    /// [`MAX_MESSAGE_CHARS`] characters (and an ellipsis).
    pub message: String,
    /// A dispatch or construction failure whose explanation names the credential chain: the
    /// SDK reports a failed credential provider this way, with no typed variant of its own.
    pub no_credentials: bool,
}

impl SdkFailure {
    /// The stable, bounded name of the retry class, for logs and metrics.
    pub fn retry_code(&self) -> &'static str {
        match self.retry {
            Retry::Throttled => "throttled",
            Retry::Transient => "unavailable",
            Retry::Permanent => "sdk",
        }
    }
}

/// Classify an SDK error. Generic over the raw response so tests can pass `()`; `status` is
/// the HTTP status of a service error ([`http_status`] reads it from a real response).
pub fn classify<E, R>(
    err: &SdkError<E, R>,
    status: Option<u16>,
    service: &ServiceCodes,
) -> SdkFailure
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug,
{
    let kind = match err {
        SdkError::ConstructionFailure(_) => FailureKind::Construction,
        SdkError::TimeoutError(_) => FailureKind::Timeout,
        SdkError::DispatchFailure(_) => FailureKind::Dispatch,
        SdkError::ResponseError(_) => FailureKind::Response,
        SdkError::ServiceError(_) => FailureKind::Service,
        // `SdkError` is non-exhaustive: an unknown variant is not a service's answer.
        _ => FailureKind::Construction,
    };
    let code = match err {
        SdkError::ServiceError(service_error) => service_error.err().code(),
        _ => None,
    };
    let explanation = DisplayErrorContext(err).to_string();
    // A service error says it in one short line: its code and message, or its HTTP status
    // when the body could not be read (the SDK's account of an unparseable body is kilobytes).
    let message = match (kind, code, err.message(), status) {
        (FailureKind::Service, Some(code), Some(message), _) => format!("{code}: {message}"),
        (FailureKind::Service, Some(code), None, _) => code.to_string(),
        (FailureKind::Service, None, Some(message), _) => message.to_string(),
        (FailureKind::Service, None, None, Some(status)) => format!("HTTP {status}"),
        _ => explanation.clone(),
    };
    SdkFailure {
        kind,
        retry: retry_for(kind, code, status, service),
        code: code.map(|c| bounded(c, MAX_CODE_CHARS)),
        status,
        message: bounded(&message, MAX_MESSAGE_CHARS),
        no_credentials: matches!(kind, FailureKind::Dispatch | FailureKind::Construction)
            && explanation.to_ascii_lowercase().contains("credential"),
    }
}

/// The HTTP status of a service error's response.
pub fn http_status<E>(err: &SdkError<E, HttpResponse>) -> Option<u16> {
    match err {
        SdkError::ServiceError(service) => Some(service.raw().status().as_u16()),
        _ => None,
    }
}

/// [`classify`] with the status read from the response: what the adapters call.
pub fn classify_response<E>(err: &SdkError<E, HttpResponse>, service: &ServiceCodes) -> SdkFailure
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    classify(err, http_status(err), service)
}

/// `text` cut to `max` characters, with an ellipsis when something was cut.
pub fn bounded(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((byte, _)) => format!("{}…", &text[..byte]),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_smithy_types::error::ErrorMetadata;

    const NONE: ServiceCodes = ServiceCodes {
        throttling: &[],
        transient: &[],
    };

    /// A service error as the SDK builds it, with `()` standing in for the HTTP response.
    fn service_error(code: &str, message: &str) -> SdkError<ErrorMetadata, ()> {
        SdkError::service_error(
            ErrorMetadata::builder().code(code).message(message).build(),
            (),
        )
    }

    #[test]
    fn the_sdk_throttling_codes_are_throttled_whatever_the_status() {
        for code in THROTTLING_ERRORS {
            assert_eq!(
                retry_for(FailureKind::Service, Some(code), Some(400), &NONE),
                Retry::Throttled,
                "{code}"
            );
        }
        // Spot checks that the list is the SDK's, as published.
        for code in [
            "ThrottlingException",
            "ProvisionedThroughputExceededException",
            "SlowDown",
        ] {
            assert!(THROTTLING_ERRORS.contains(&code), "{code}");
        }
    }

    #[test]
    fn transient_codes_and_statuses() {
        for code in TRANSIENT_ERRORS.iter().chain(SERVER_FAULT_CODES) {
            assert_eq!(
                retry_for(FailureKind::Service, Some(code), Some(400), &NONE),
                Retry::Transient,
                "{code}"
            );
        }
        let unknown = |status| retry_for(FailureKind::Service, Some("New"), Some(status), &NONE);
        assert_eq!(unknown(429), Retry::Throttled);
        for status in [500, 502, 503, 504] {
            assert_eq!(unknown(status), Retry::Transient, "{status}");
        }
        for status in [400, 403, 404, 413, 501] {
            assert_eq!(unknown(status), Retry::Permanent, "{status}");
        }
        assert_eq!(
            retry_for(FailureKind::Service, None, None, &NONE),
            Retry::Permanent
        );
    }

    #[test]
    fn dispatch_level_failures_need_no_code() {
        for kind in [
            FailureKind::Timeout,
            FailureKind::Dispatch,
            FailureKind::Response,
        ] {
            assert_eq!(retry_for(kind, None, None, &NONE), Retry::Transient);
        }
        assert_eq!(
            retry_for(FailureKind::Construction, None, None, &NONE),
            Retry::Permanent
        );
    }

    #[test]
    fn a_service_adds_only_its_own_codes() {
        let bedrock = ServiceCodes {
            throttling: &["ServiceQuotaExceededException"],
            transient: &["ModelNotReadyException"],
        };
        let retry = |code, service| retry_for(FailureKind::Service, Some(code), Some(400), service);
        assert_eq!(
            retry("ServiceQuotaExceededException", &bedrock),
            Retry::Throttled
        );
        assert_eq!(retry("ModelNotReadyException", &bedrock), Retry::Transient);
        assert_eq!(retry("ModelNotReadyException", &NONE), Retry::Permanent);
        assert_eq!(retry("ValidationException", &bedrock), Retry::Permanent);
    }

    #[test]
    fn sdk_errors_are_classified_with_bounded_text() {
        let failure = classify(
            &service_error("ThrottlingException", "Rate exceeded"),
            Some(400),
            &NONE,
        );
        assert_eq!(failure.retry, Retry::Throttled);
        assert_eq!(failure.retry_code(), "throttled");
        assert_eq!(failure.code.as_deref(), Some("ThrottlingException"));
        assert_eq!(failure.message, "ThrottlingException: Rate exceeded");
        let echo = classify(
            &service_error("ValidationException", &"x".repeat(10_000)),
            Some(400),
            &NONE,
        );
        assert_eq!(echo.retry, Retry::Permanent);
        assert_eq!(
            echo.message.chars().count(),
            MAX_MESSAGE_CHARS + 1,
            "cut, with an ellipsis"
        );
        let page = classify(&service_error(&"<html>".repeat(100), "m"), Some(502), &NONE);
        assert_eq!(page.retry, Retry::Transient, "by status");
        assert!(page.code.unwrap().chars().count() <= MAX_CODE_CHARS + 1);
        let timeout: SdkError<ErrorMetadata, ()> = SdkError::timeout_error("slow");
        let failure = classify(&timeout, None, &NONE);
        assert_eq!(
            (failure.kind, failure.retry),
            (FailureKind::Timeout, Retry::Transient)
        );
        assert!(!failure.no_credentials);
    }

    #[test]
    fn an_unreadable_service_error_is_named_by_its_status() {
        let err: SdkError<ErrorMetadata, ()> =
            SdkError::service_error(ErrorMetadata::builder().build(), ());
        let failure = classify(&err, Some(403), &NONE);
        assert_eq!(
            (failure.retry, failure.message.as_str()),
            (Retry::Permanent, "HTTP 403")
        );
    }

    #[test]
    fn a_failed_credential_chain_is_named() {
        let err: SdkError<ErrorMetadata, ()> = SdkError::construction_failure(
            "failed to load credentials: no credential providers in the chain",
        );
        let failure = classify(&err, None, &NONE);
        assert!(failure.no_credentials);
        assert_eq!(failure.retry, Retry::Permanent);
    }
}
