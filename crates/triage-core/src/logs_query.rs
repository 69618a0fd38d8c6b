//! Reading CloudWatch Logs, the pure parts: time arguments, the stable error codes and the
//! retry decision, and the log of one failing invocation (window, query, trimming, redaction).
//! The SDK calls live in triage-aws's `logs` module (cargo feature `logs`), which only
//! triage-cli and llm-summarizer build.

use crate::redact::redact;
use serde::Serialize;
use std::time::Duration;
use thiserror::Error;

const MINUTE_MS: i64 = 60_000;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{flag} {value:?}: use e.g. 30m, 6h, 2d or an RFC 3339 time")]
pub struct TimeArgError {
    pub flag: &'static str,
    pub value: String,
}

/// `30m`, `6h`, `2d` before `now_ms`, or an RFC 3339 timestamp (the `--since`/`--until` syntax
/// of `logtriage analyze --log-group` and `logtriage incidents list`).
pub fn parse_time_arg(flag: &'static str, text: &str, now_ms: i64) -> Result<i64, TimeArgError> {
    let err = || TimeArgError {
        flag,
        value: text.to_string(),
    };
    if let Some(ms) = crate::time::parse_timestamp(text) {
        return Ok(ms);
    }
    let text = text.trim();
    let (number, unit) = text.split_at(text.len().saturating_sub(1));
    let amount: i64 = number.parse().map_err(|_| err())?;
    if amount < 0 {
        return Err(err());
    }
    let unit_ms = match unit {
        "m" => MINUTE_MS,
        "h" => 60 * MINUTE_MS,
        "d" => 24 * 60 * MINUTE_MS,
        _ => return Err(err()),
    };
    amount
        .checked_mul(unit_ms)
        .and_then(|ago| now_ms.checked_sub(ago))
        .ok_or_else(err)
}

/// Why a CloudWatch Logs call failed, as a stable code for messages, logs and metrics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogsErrorCode {
    /// `ThrottlingException` / `LimitExceededException` or HTTP 429: retried with backoff.
    Throttled,
    /// `ResourceNotFoundException`: the log group (or stream) does not exist.
    NotFound,
    /// `AccessDeniedException` / `UnauthorizedOperation` or HTTP 403.
    AccessDenied,
    /// No credentials could be loaded (nothing was sent).
    NoCredentials,
    /// `InvalidParameterException` and other 4xx: the request itself is wrong; not retried.
    Invalid,
    /// `ServiceUnavailableException`, 5xx, timeouts and connection failures: retried.
    Unavailable,
}

impl LogsErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            LogsErrorCode::Throttled => "throttled",
            LogsErrorCode::NotFound => "not_found",
            LogsErrorCode::AccessDenied => "access_denied",
            LogsErrorCode::NoCredentials => "no_credentials",
            LogsErrorCode::Invalid => "invalid_request",
            LogsErrorCode::Unavailable => "unavailable",
        }
    }

    /// Worth trying again after a pause: the service asked us to slow down or was unreachable.
    pub fn is_retryable(self) -> bool {
        matches!(self, LogsErrorCode::Throttled | LogsErrorCode::Unavailable)
    }
}

/// How often and how patiently a Logs call is retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in total, the first included.
    pub max_attempts: u32,
    pub base_delay: Duration,
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    /// FilterLogEvents allows a few requests per second per account and region; five attempts
    /// spaced 0.2, 0.4, 0.8, 1.6 s ride out a burst without stalling a CLI run for long.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 5,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(5),
        }
    }
}

/// The pause before attempt `attempt + 1` after attempt `attempt` (1-based) failed with `code`,
/// or `None` when the failure is final. Exponential, capped; no jitter because one client
/// (one CLI run, one summarizer invocation) reads at a time.
pub fn retry_delay(policy: &RetryPolicy, code: LogsErrorCode, attempt: u32) -> Option<Duration> {
    if !code.is_retryable() || attempt >= policy.max_attempts {
        return None;
    }
    let factor = 1u32
        .checked_shl(attempt.saturating_sub(1))
        .unwrap_or(u32::MAX);
    Some(
        policy
            .base_delay
            .saturating_mul(factor)
            .min(policy.max_delay),
    )
}

/// Bounds on the log fetched for one failing invocation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContextLimits {
    /// Search this long before the incident's last occurrence: Lambda's maximum timeout
    /// (15 minutes), so an invocation that ended at `last_seen` started inside the window.
    pub before_ms: i64,
    /// And this long after it (clock skew between the log line and the event timestamp).
    pub after_ms: i64,
    /// At most this many lines are kept: the last ones, which lead up to the failure.
    pub max_lines: usize,
    /// Each line is cut to this many characters after redaction.
    pub max_line_chars: usize,
    /// Events read per FilterLogEvents call, and pages read per query.
    pub page_size: i32,
    pub max_pages: usize,
}

impl Default for ContextLimits {
    fn default() -> Self {
        ContextLimits {
            before_ms: 15 * MINUTE_MS,
            after_ms: MINUTE_MS,
            max_lines: 40,
            max_line_chars: 300,
            page_size: 1_000,
            max_pages: 3,
        }
    }
}

/// The time window searched for an incident's failing invocation.
pub fn context_window(last_seen_ms: i64, limits: &ContextLimits) -> (i64, i64) {
    (
        last_seen_ms.saturating_sub(limits.before_ms).max(0),
        last_seen_ms.saturating_add(limits.after_ms),
    )
}

/// The invocation whose log is fetched: the newest request id the incident kept (ids are
/// appended as occurrences arrive), if it looks like one. Lambda request ids are UUIDs; anything
/// with characters outside `[A-Za-z0-9-]` is refused so it cannot change the filter pattern.
pub fn pick_request_id(request_ids: &[String]) -> Option<&str> {
    request_ids
        .iter()
        .rev()
        .map(String::as_str)
        .find(|id| is_request_id(id))
}

fn is_request_id(id: &str) -> bool {
    (8..=64).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// The FilterLogEvents pattern matching every event that carries `request_id` (a quoted term:
/// matched as an exact phrase, so the id's `-` are not read as exclusions).
pub fn request_id_pattern(request_id: &str) -> Option<String> {
    is_request_id(request_id).then(|| format!("\"{request_id}\""))
}

/// One log event as read from CloudWatch Logs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchedEvent {
    pub log_stream: String,
    pub timestamp_ms: i64,
    pub message: String,
}

/// Where one invocation's log is: its stream and the span from its `START` line (or its first
/// line carrying the id) to its last line carrying the id (`END`/`REPORT` when present).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvocationSpan {
    pub log_stream: String,
    pub start_ms: i64,
    pub end_ms: i64,
}

/// The span of the invocation from the events that carry its request id. One execution
/// environment (one log stream) runs one invocation at a time, so the stream's events between
/// the invocation's first and last line are its log, including lines that do not repeat the id
/// (a Python `print`, a Go `log.Printf`). The stream is the one of the last event carrying the
/// id, should a retried request id appear in two environments.
pub fn invocation_span(events: &[FetchedEvent]) -> Option<InvocationSpan> {
    let last = events.iter().max_by_key(|e| e.timestamp_ms)?;
    let in_stream = events.iter().filter(|e| e.log_stream == last.log_stream);
    let (mut start, mut end) = (i64::MAX, i64::MIN);
    for e in in_stream {
        start = start.min(e.timestamp_ms);
        end = end.max(e.timestamp_ms);
    }
    Some(InvocationSpan {
        log_stream: last.log_stream.clone(),
        start_ms: start,
        end_ms: end,
    })
}

/// The failing invocation's log as it may be stored, emailed or sent to a model: the last
/// `max_lines` events in time order, each redacted, on one line, and cut to `max_line_chars`.
pub fn context_lines(events: &[FetchedEvent], limits: &ContextLimits) -> Vec<String> {
    let mut sorted: Vec<&FetchedEvent> = events.iter().collect();
    sorted.sort_by_key(|e| e.timestamp_ms);
    let skip = sorted.len().saturating_sub(limits.max_lines);
    sorted[skip..]
        .iter()
        .filter(|e| !e.message.trim().is_empty())
        .map(|e| {
            // Redact the whole message first: a cut could split a secret so redaction misses it.
            let text = redact(e.message.trim_end()).replace(['\r', '\n', '\t'], " ");
            let text = cut_chars(&text, limits.max_line_chars);
            format!("{} {text}", crate::time::format_rfc3339_ms(e.timestamp_ms))
        })
        .collect()
}

fn cut_chars(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((byte, _)) => format!("{}…", &text[..byte]),
        None => text.to_string(),
    }
}

/// What the summarizer could learn about the failing invocation. Its JSON (the CLI's
/// `incidents show --logs --json`) is untagged: `{"request_id", "log_stream", "lines"}` or
/// `{"unavailable": reason}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum InvocationContext {
    /// The redacted lines of one invocation, oldest first.
    Found {
        request_id: String,
        log_stream: String,
        lines: Vec<String>,
    },
    /// Not fetched or not found; the reason is shown in the email.
    Unavailable {
        #[serde(rename = "unavailable")]
        reason: String,
    },
}

impl InvocationContext {
    /// The lines to fence into the prompt (none when unavailable).
    pub fn lines(&self) -> &[String] {
        match self {
            InvocationContext::Found { lines, .. } => lines,
            InvocationContext::Unavailable { .. } => &[],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invocation_context_json_is_untagged() {
        let found = InvocationContext::Found {
            request_id: "r-1".into(),
            log_stream: "s-1".into(),
            lines: vec!["START".into()],
        };
        assert_eq!(
            serde_json::to_value(&found).expect("serializes"),
            serde_json::json!({"request_id": "r-1", "log_stream": "s-1", "lines": ["START"]})
        );
        let missing = InvocationContext::Unavailable {
            reason: "no request id".into(),
        };
        assert_eq!(
            serde_json::to_value(&missing).expect("serializes"),
            serde_json::json!({"unavailable": "no request id"})
        );
    }

    #[test]
    fn time_args_accept_durations_and_timestamps() {
        assert_eq!(
            parse_time_arg("--since", "30m", 10_000_000),
            Ok(10_000_000 - 1_800_000)
        );
        assert_eq!(
            parse_time_arg("--since", "6h", 100_000_000),
            Ok(100_000_000 - 21_600_000)
        );
        assert_eq!(
            parse_time_arg("--since", "2d", 200_000_000),
            Ok(200_000_000 - 172_800_000)
        );
        assert_eq!(
            parse_time_arg("--until", "2024-01-01T00:00:00.000Z", 0),
            Ok(1_704_067_200_000)
        );
        let err = parse_time_arg("--until", "soon", 0).unwrap_err();
        assert!(err
            .to_string()
            .starts_with("--until \"soon\": use e.g. 30m"));
        for bad in ["5y", "-3m", "m", "", "99999999999999999d"] {
            assert!(parse_time_arg("--since", bad, 0).is_err(), "{bad}");
        }
    }

    #[test]
    fn throttling_is_retried_with_growing_capped_pauses_and_other_errors_are_not() {
        let policy = RetryPolicy {
            max_attempts: 6,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_millis(500),
        };
        let pauses: Vec<_> = (1..=6)
            .map(|a| retry_delay(&policy, LogsErrorCode::Throttled, a))
            .collect();
        let ms = |v: u64| Some(Duration::from_millis(v));
        assert_eq!(
            pauses,
            vec![ms(100), ms(200), ms(400), ms(500), ms(500), None]
        );
        assert_eq!(retry_delay(&policy, LogsErrorCode::Unavailable, 1), ms(100));
        for code in [
            LogsErrorCode::NotFound,
            LogsErrorCode::AccessDenied,
            LogsErrorCode::NoCredentials,
            LogsErrorCode::Invalid,
        ] {
            assert_eq!(retry_delay(&policy, code, 1), None, "{code:?}");
        }
        assert_eq!(
            retry_delay(&policy, LogsErrorCode::Throttled, u32::MAX),
            None
        );
    }

    #[test]
    fn request_ids_that_could_change_the_pattern_are_refused() {
        let ids = vec![
            "5c1a7d1e-4b2c-4a6f-9e8d-7c6b5a493827".to_string(),
            "x\" ?ERROR".to_string(),
        ];
        assert_eq!(
            pick_request_id(&ids),
            Some("5c1a7d1e-4b2c-4a6f-9e8d-7c6b5a493827"),
            "the newest valid id"
        );
        assert_eq!(
            request_id_pattern("5c1a7d1e-4b2c-4a6f-9e8d-7c6b5a493827").as_deref(),
            Some("\"5c1a7d1e-4b2c-4a6f-9e8d-7c6b5a493827\"")
        );
        assert_eq!(request_id_pattern("a\"b-cdefgh"), None);
        assert_eq!(pick_request_id(&[]), None);
    }

    fn ev(stream: &str, ts: i64, message: &str) -> FetchedEvent {
        FetchedEvent {
            log_stream: stream.into(),
            timestamp_ms: ts,
            message: message.into(),
        }
    }

    #[test]
    fn the_span_is_the_newest_streams_first_to_last_line() {
        let events = [
            ev("a", 100, "START RequestId: r"),
            ev("b", 50, "START RequestId: r"),
            ev("a", 180, "r ERROR boom"),
            ev("a", 190, "END RequestId: r"),
        ];
        assert_eq!(
            invocation_span(&events),
            Some(InvocationSpan {
                log_stream: "a".into(),
                start_ms: 100,
                end_ms: 190
            })
        );
        assert_eq!(invocation_span(&[]), None);
    }

    #[test]
    fn context_keeps_the_last_lines_redacted_and_cut() {
        let limits = ContextLimits {
            max_lines: 3,
            max_line_chars: 40,
            ..ContextLimits::default()
        };
        let events = [
            ev("a", 4, "END RequestId: r"),
            ev("a", 1, "START RequestId: r"),
            ev("a", 2, "connecting with password=hunter2hunter2 to db"),
            ev("a", 3, &format!("Traceback\n  line {}", "x".repeat(100))),
        ];
        let lines = context_lines(&events, &limits);
        assert_eq!(lines.len(), 3, "{lines:?}");
        assert!(
            lines[0].starts_with("1970-01-01T00:00:00.002Z connecting"),
            "{lines:?}"
        );
        assert!(!lines[0].contains("hunter2"), "{lines:?}");
        assert!(lines[1].contains("Traceback   line x") && lines[1].ends_with('…'));
        assert!(lines[1].chars().count() <= 25 + 40 + 1, "{}", lines[1]);
        assert!(lines[2].ends_with("END RequestId: r"));
    }

    #[test]
    fn the_window_covers_lambdas_longest_invocation() {
        let (start, end) = context_window(1_000_000_000, &ContextLimits::default());
        assert_eq!((start, end), (1_000_000_000 - 900_000, 1_000_060_000));
        assert_eq!(context_window(5, &ContextLimits::default()).0, 0);
    }
}
