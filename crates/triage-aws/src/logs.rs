//! CloudWatch Logs reads (cargo feature `logs`): `FilterLogEvents`, paginated and retried on
//! throttling, `DescribeLogGroups` for a prefix, and the log of one failing invocation.
//!
//! Only triage-cli and llm-summarizer enable the feature; the other Lambdas never compile the
//! CloudWatch Logs SDK. What is retried, how long to wait and what an error means are decided
//! by the pure functions of `triage_core::logs_query`.

use crate::sdk_error::{classify_response, Retry, SdkFailure, ServiceCodes};
use aws_sdk_cloudwatchlogs::config::http::HttpResponse;
use aws_sdk_cloudwatchlogs::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_cloudwatchlogs::Client;
use std::future::Future;
use triage_core::logs_query::{
    context_lines, context_window, invocation_span, pick_request_id, request_id_pattern,
    retry_delay, ContextLimits, FetchedEvent, InvocationContext, LogsErrorCode, RetryPolicy,
};

/// A failed Logs call: a stable code and the SDK's full explanation.
#[derive(Debug, thiserror::Error)]
#[error("{detail}")]
pub struct LogsError {
    pub code: LogsErrorCode,
    pub detail: String,
}

impl LogsError {
    pub fn code(&self) -> &'static str {
        self.code.as_str()
    }
}

fn classify<E>(err: SdkError<E, HttpResponse>) -> LogsError
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    // CloudWatch Logs' codes (`LimitExceededException`, `ThrottlingException`) are in the
    // shared throttling list.
    let failure = classify_response(&err, &ServiceCodes::default());
    LogsError {
        code: logs_error_code(&failure),
        detail: failure.message,
    }
}

/// The code of a Logs failure: retryable or not as [`crate::sdk_error`] decided; a permanent
/// one by the CloudWatch Logs API reference's error names (plus the common AWS ones), then by
/// the HTTP status.
fn logs_error_code(failure: &SdkFailure) -> LogsErrorCode {
    if failure.no_credentials {
        return LogsErrorCode::NoCredentials;
    }
    match failure.retry {
        Retry::Throttled => return LogsErrorCode::Throttled,
        Retry::Transient => return LogsErrorCode::Unavailable,
        Retry::Permanent => {}
    }
    match failure.code.as_deref() {
        Some("ResourceNotFoundException") => return LogsErrorCode::NotFound,
        Some(
            "AccessDeniedException"
            | "AccessDenied"
            | "UnauthorizedOperation"
            | "UnrecognizedClientException"
            | "InvalidClientTokenId"
            | "InvalidSignatureException"
            | "ExpiredTokenException",
        ) => return LogsErrorCode::AccessDenied,
        Some("InvalidParameterException" | "MalformedQueryException" | "ValidationException") => {
            return LogsErrorCode::Invalid
        }
        _ => {}
    }
    match failure.status {
        Some(403) => LogsErrorCode::AccessDenied,
        Some(404) => LogsErrorCode::NotFound,
        Some(s) if (400..500).contains(&s) => LogsErrorCode::Invalid,
        // Nothing says the request itself is wrong (no answer, an odd status): not final.
        _ => LogsErrorCode::Unavailable,
    }
}

/// Run `call` until it succeeds, fails for good, or runs out of attempts; `on_retry` hears of
/// each pause (the CLI prints it). Generic over the call so the loop is tested without a network.
pub async fn with_retries<T, F, Fut>(
    policy: &RetryPolicy,
    mut call: F,
    mut on_retry: impl FnMut(&LogsError, std::time::Duration),
) -> Result<T, LogsError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, LogsError>>,
{
    let mut attempt = 1;
    loop {
        match call().await {
            Ok(value) => return Ok(value),
            Err(e) => match retry_delay(policy, e.code, attempt) {
                Some(pause) => {
                    on_retry(&e, pause);
                    tokio::time::sleep(pause).await;
                    attempt += 1;
                }
                None => return Err(e),
            },
        }
    }
}

/// One FilterLogEvents query, read page by page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FilterQuery {
    pub log_group: String,
    pub log_streams: Vec<String>,
    pub start_ms: Option<i64>,
    pub end_ms: Option<i64>,
    pub filter_pattern: Option<String>,
    /// Events per page (FilterLogEvents' `limit`; the service's maximum is 10,000).
    pub page_size: Option<i32>,
}

/// A page of events and the token of the next one.
pub struct Page {
    pub events: Vec<FetchedEvent>,
    pub next_token: Option<String>,
}

#[derive(Clone)]
pub struct LogsReader {
    client: Client,
    retry: RetryPolicy,
}

impl LogsReader {
    /// The SDK's own retries are turned off: throttling is retried here, with the policy's
    /// backoff, so a caller sees (and can report) each pause.
    pub fn new(aws: &aws_config::SdkConfig, retry: RetryPolicy) -> Self {
        let config = aws_sdk_cloudwatchlogs::config::Builder::from(aws)
            .retry_config(aws_sdk_cloudwatchlogs::config::retry::RetryConfig::disabled())
            .build();
        LogsReader {
            client: Client::from_conf(config),
            retry,
        }
    }

    pub fn from_client(client: Client, retry: RetryPolicy) -> Self {
        LogsReader { client, retry }
    }

    /// One page of `query`, retried on throttling.
    pub async fn page(
        &self,
        query: &FilterQuery,
        next_token: Option<&str>,
        on_retry: impl FnMut(&LogsError, std::time::Duration),
    ) -> Result<Page, LogsError> {
        with_retries(
            &self.retry,
            || async {
                let mut request = self
                    .client
                    .filter_log_events()
                    .log_group_name(&query.log_group)
                    .set_start_time(query.start_ms)
                    .set_end_time(query.end_ms)
                    .set_filter_pattern(query.filter_pattern.clone())
                    .set_limit(query.page_size)
                    .set_next_token(next_token.map(str::to_string));
                for stream in &query.log_streams {
                    request = request.log_stream_names(stream);
                }
                let out = request.send().await.map_err(classify)?;
                let events = out
                    .events()
                    .iter()
                    .map(|e| FetchedEvent {
                        log_stream: e.log_stream_name().unwrap_or_default().to_string(),
                        timestamp_ms: e.timestamp().unwrap_or_default(),
                        message: e.message().unwrap_or_default().to_string(),
                    })
                    .collect();
                Ok(Page {
                    events,
                    next_token: out.next_token().map(str::to_string),
                })
            },
            on_retry,
        )
        .await
    }

    /// Every log group whose name starts with `prefix`, in name order.
    pub async fn groups_with_prefix(&self, prefix: &str) -> Result<Vec<String>, LogsError> {
        let mut groups = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let out = with_retries(
                &self.retry,
                || async {
                    self.client
                        .describe_log_groups()
                        .log_group_name_prefix(prefix)
                        .set_next_token(token.clone())
                        .send()
                        .await
                        .map_err(classify)
                },
                |_, _| {},
            )
            .await?;
            groups.extend(
                out.log_groups()
                    .iter()
                    .filter_map(|g| g.log_group_name().map(str::to_string)),
            );
            token = out.next_token().map(str::to_string);
            if token.is_none() {
                return Ok(groups);
            }
        }
    }

    /// Up to `max_pages` pages of `query`.
    async fn read_bounded(
        &self,
        query: &FilterQuery,
        max_pages: usize,
    ) -> Result<Vec<FetchedEvent>, LogsError> {
        let mut events = Vec::new();
        let mut token: Option<String> = None;
        for _ in 0..max_pages {
            let page = self.page(query, token.as_deref(), |_, _| {}).await?;
            events.extend(page.events);
            token = page.next_token;
            if token.is_none() {
                break;
            }
        }
        Ok(events)
    }

    /// The redacted log of one failing invocation of an incident: the events carrying its
    /// newest request id near `last_seen_ms` locate the invocation (stream and span), then the
    /// stream's events in that span are its log. Never an error: what went wrong is the reason
    /// of [`InvocationContext::Unavailable`], so a caller goes on without it.
    pub async fn invocation_context(
        &self,
        log_group: &str,
        request_ids: &[String],
        last_seen_ms: i64,
        limits: &ContextLimits,
    ) -> InvocationContext {
        let unavailable = |reason: String| InvocationContext::Unavailable { reason };
        let Some(request_id) = pick_request_id(request_ids) else {
            return unavailable("the incident has no request id to look up".into());
        };
        let (start, end) = context_window(last_seen_ms, limits);
        let by_id = FilterQuery {
            log_group: log_group.to_string(),
            start_ms: Some(start),
            end_ms: Some(end),
            filter_pattern: request_id_pattern(request_id),
            page_size: Some(limits.page_size),
            ..FilterQuery::default()
        };
        let tagged = match self.read_bounded(&by_id, limits.max_pages).await {
            Ok(events) => events,
            Err(e) => {
                return unavailable(format!(
                    "reading {log_group} failed ({}): {}",
                    e.code(),
                    first_line(&e.detail)
                ))
            }
        };
        let Some(span) = invocation_span(&tagged) else {
            return unavailable(format!(
                "no log events for request {request_id} in {log_group} within 15 minutes before the last occurrence"
            ));
        };
        let in_span = FilterQuery {
            log_group: log_group.to_string(),
            log_streams: vec![span.log_stream.clone()],
            start_ms: Some(span.start_ms),
            // FilterLogEvents' end time is exclusive.
            end_ms: Some(span.end_ms.saturating_add(1)),
            page_size: Some(limits.page_size),
            ..FilterQuery::default()
        };
        let events = match self.read_bounded(&in_span, limits.max_pages).await {
            Ok(events) => events,
            // The lines carrying the id are still the invocation's log, only without untagged ones.
            Err(_) => tagged
                .into_iter()
                .filter(|e| e.log_stream == span.log_stream)
                .collect(),
        };
        InvocationContext::Found {
            request_id: request_id.to_string(),
            log_stream: span.log_stream,
            lines: context_lines(&events, limits),
        }
    }
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;
    use std::time::Duration;

    fn policy() -> RetryPolicy {
        RetryPolicy {
            max_attempts: 4,
            base_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(2),
        }
    }

    fn err(code: LogsErrorCode) -> LogsError {
        LogsError {
            code,
            detail: code.as_str().into(),
        }
    }

    #[test]
    fn service_errors_map_to_stable_codes() {
        use aws_sdk_cloudwatchlogs::error::ErrorMetadata;
        use LogsErrorCode::*;
        let cases = [
            (Some("ThrottlingException"), Some(400), Throttled),
            (Some("LimitExceededException"), Some(400), Throttled),
            (Some("ResourceNotFoundException"), Some(400), NotFound),
            (Some("AccessDeniedException"), Some(400), AccessDenied),
            (Some("UnrecognizedClientException"), Some(400), AccessDenied),
            (Some("ServiceUnavailableException"), Some(503), Unavailable),
            (Some("InvalidParameterException"), Some(400), Invalid),
            (None, Some(429), Throttled),
            (None, Some(403), AccessDenied),
            (Some("SomethingNew"), Some(400), Invalid),
            (Some("SomethingNew"), Some(500), Unavailable),
            (None, None, Unavailable),
        ];
        for (code, status, want) in cases {
            let mut meta = ErrorMetadata::builder();
            if let Some(code) = code {
                meta = meta.code(code);
            }
            let err: SdkError<ErrorMetadata, ()> = SdkError::service_error(meta.build(), ());
            let failure = crate::sdk_error::classify(&err, status, &ServiceCodes::default());
            assert_eq!(logs_error_code(&failure), want, "{code:?} {status:?}");
        }
    }

    /// A scripted call (not the SDK): throttled twice, then an answer.
    #[tokio::test]
    async fn throttling_is_retried_until_an_answer() {
        let calls = Cell::new(0);
        let mut pauses = Vec::new();
        let result = with_retries(
            &policy(),
            || {
                calls.set(calls.get() + 1);
                let n = calls.get();
                async move {
                    if n < 3 {
                        Err(err(LogsErrorCode::Throttled))
                    } else {
                        Ok(n)
                    }
                }
            },
            |e, pause| pauses.push((e.code, pause)),
        )
        .await;
        assert_eq!(result.unwrap(), 3);
        assert_eq!(
            pauses,
            vec![
                (LogsErrorCode::Throttled, Duration::from_millis(1)),
                (LogsErrorCode::Throttled, Duration::from_millis(2))
            ]
        );
    }

    /// A call that always fails with `code`: the final code and how many calls were made.
    async fn always_failing(code: LogsErrorCode) -> (LogsErrorCode, u32) {
        let calls = Cell::new(0);
        let result: Result<(), _> = with_retries(
            &policy(),
            || {
                calls.set(calls.get() + 1);
                async move { Err(err(code)) }
            },
            |_, _| {},
        )
        .await;
        (result.unwrap_err().code, calls.get())
    }

    #[tokio::test]
    async fn final_errors_and_exhausted_attempts_stop() {
        assert_eq!(
            always_failing(LogsErrorCode::AccessDenied).await,
            (LogsErrorCode::AccessDenied, 1),
            "access denied is not retried"
        );
        assert_eq!(
            always_failing(LogsErrorCode::Throttled).await,
            (LogsErrorCode::Throttled, 4),
            "max_attempts in total"
        );
    }
}
