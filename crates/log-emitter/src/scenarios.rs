//! Pure part of the emitter: parsing the invoke payload into a [`Scenario`], and the exact text
//! of every line a scenario logs. No I/O here, so every line can be checked against the
//! triage-core classifier in unit tests; `handler.rs` does the logging and the real faults.

use serde_json::Value;
use triage_core::time::format_rfc3339_ms;

/// Every scenario name the payload may carry, in the order the error message lists them.
pub const SCENARIOS: [&str; 9] = [
    "error-burst",
    "timeout",
    "oom",
    "panic",
    "refused-connection",
    "throttling",
    "pii",
    "healthy",
    "mix",
];

/// Every `kind` an `error-burst` accepts.
pub const KINDS: [&str; 6] = [
    "dependency",
    "permission",
    "throttling",
    "bad-input",
    "unhandled",
    "generic",
];

pub const DEFAULT_COUNT: u64 = 10;
/// An upper bound keeps one invocation's log volume (and CloudWatch cost) predictable.
pub const MAX_COUNT: u64 = 1000;

/// The kinds of application error an `error-burst` can log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    Dependency,
    Permission,
    Throttling,
    BadInput,
    Unhandled,
    Generic,
}

impl ErrorKind {
    pub const ALL: [ErrorKind; 6] = [
        ErrorKind::Dependency,
        ErrorKind::Permission,
        ErrorKind::Throttling,
        ErrorKind::BadInput,
        ErrorKind::Unhandled,
        ErrorKind::Generic,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Dependency => "dependency",
            ErrorKind::Permission => "permission",
            ErrorKind::Throttling => "throttling",
            ErrorKind::BadInput => "bad-input",
            ErrorKind::Unhandled => "unhandled",
            ErrorKind::Generic => "generic",
        }
    }

    fn parse(name: &str) -> Option<ErrorKind> {
        ErrorKind::ALL.into_iter().find(|k| k.as_str() == name)
    }
}

/// One requested scenario, validated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scenario {
    ErrorBurst { count: u64, kind: ErrorKind },
    Timeout,
    Oom,
    Panic,
    RefusedConnection,
    Throttling,
    Pii,
    Healthy,
    Mix,
}

impl Scenario {
    pub fn name(self) -> &'static str {
        match self {
            Scenario::ErrorBurst { .. } => "error-burst",
            Scenario::Timeout => "timeout",
            Scenario::Oom => "oom",
            Scenario::Panic => "panic",
            Scenario::RefusedConnection => "refused-connection",
            Scenario::Throttling => "throttling",
            Scenario::Pii => "pii",
            Scenario::Healthy => "healthy",
            Scenario::Mix => "mix",
        }
    }
}

/// Why a payload was rejected. Every message names what is valid, so a caller can fix the
/// payload from the error alone.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RequestError {
    #[error("the payload must be a JSON object such as {{\"scenario\": \"healthy\"}}; valid scenarios: {list}", list = SCENARIOS.join(", "))]
    NotAnObject,
    #[error("the payload has no \"scenario\" string; valid scenarios: {list}", list = SCENARIOS.join(", "))]
    MissingScenario,
    #[error("unknown scenario {0:?}; valid scenarios: {list}", list = SCENARIOS.join(", "))]
    UnknownScenario(String),
    #[error("\"count\" must be a whole number from 1 to {MAX_COUNT}, got {0}")]
    BadCount(String),
    #[error("unknown error-burst kind {0}; valid kinds: {list}", list = KINDS.join(", "))]
    UnknownKind(String),
    #[error("field {field:?} is not accepted by scenario {scenario:?}; only \"error-burst\" takes \"count\" and \"kind\"")]
    UnexpectedField {
        field: String,
        scenario: &'static str,
    },
}

/// Parse and validate the invoke payload. Never panics, whatever the input.
pub fn parse_request(payload: &Value) -> Result<Scenario, RequestError> {
    let object = payload.as_object().ok_or(RequestError::NotAnObject)?;
    let name = object
        .get("scenario")
        .and_then(Value::as_str)
        .ok_or(RequestError::MissingScenario)?;
    let scenario = match name {
        "error-burst" => Scenario::ErrorBurst {
            count: parse_count(object.get("count"))?,
            kind: parse_kind(object.get("kind"))?,
        },
        "timeout" => Scenario::Timeout,
        "oom" => Scenario::Oom,
        "panic" => Scenario::Panic,
        "refused-connection" => Scenario::RefusedConnection,
        "throttling" => Scenario::Throttling,
        "pii" => Scenario::Pii,
        "healthy" => Scenario::Healthy,
        "mix" => Scenario::Mix,
        other => return Err(RequestError::UnknownScenario(other.to_string())),
    };
    // A misspelt or misplaced field would otherwise be silently ignored and the caller would
    // get a different fault from the one they asked for.
    for field in object.keys() {
        let allowed = match scenario {
            Scenario::ErrorBurst { .. } => matches!(field.as_str(), "scenario" | "count" | "kind"),
            _ => field == "scenario",
        };
        if !allowed {
            return Err(RequestError::UnexpectedField {
                field: field.clone(),
                scenario: scenario.name(),
            });
        }
    }
    Ok(scenario)
}

fn parse_count(value: Option<&Value>) -> Result<u64, RequestError> {
    match value {
        None | Some(Value::Null) => Ok(DEFAULT_COUNT),
        Some(v) => match v.as_u64() {
            Some(n) if (1..=MAX_COUNT).contains(&n) => Ok(n),
            _ => Err(RequestError::BadCount(v.to_string())),
        },
    }
}

fn parse_kind(value: Option<&Value>) -> Result<ErrorKind, RequestError> {
    match value {
        None | Some(Value::Null) => Ok(ErrorKind::Generic),
        Some(Value::String(s)) => {
            ErrorKind::parse(s).ok_or_else(|| RequestError::UnknownKind(format!("{s:?}")))
        }
        Some(other) => Err(RequestError::UnknownKind(other.to_string())),
    }
}

/// How a line is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    /// Through `tracing` at INFO: the function's own (Rust runtime) log format.
    Info,
    /// Through `tracing` at ERROR.
    Error,
    /// Verbatim to stdout: text the Lambda platform or the Rust standard library writes
    /// itself, which must keep its exact shape. Only produced in local mode.
    Raw,
    /// Through `tracing` at WARN with the field `simulated=true`: announces, in local mode,
    /// that the `Raw` lines after it imitate a fault that did not happen. WARN so that the
    /// notice itself never becomes an incident.
    SimulationNotice,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub channel: Channel,
    pub text: String,
}

impl Line {
    fn info(text: impl Into<String>) -> Line {
        Line {
            channel: Channel::Info,
            text: text.into(),
        }
    }
    fn error(text: impl Into<String>) -> Line {
        Line {
            channel: Channel::Error,
            text: text.into(),
        }
    }
    fn raw(text: impl Into<String>) -> Line {
        Line {
            channel: Channel::Raw,
            text: text.into(),
        }
    }
}

/// A request-id-shaped id that differs per line, as real ids in such messages do.
fn fake_request_id(n: u64) -> String {
    format!(
        "{:08x}-5c1d-4e7a-9b3f-{:012x}",
        0x7f3a_0000 + n,
        0x0a1b_2c3d_4e5f_u64 + n
    )
}

/// The message of the `i`-th line of an error burst: what a Rust function built on the AWS SDK
/// and common crates really logs for that kind of failure.
pub fn error_message(kind: ErrorKind, i: u64) -> String {
    let order = 10_000 + i;
    match kind {
        ErrorKind::Dependency => format!(
            "failed to load order {order}: error connecting to database: connect ECONNREFUSED 10.0.0.12:5432"
        ),
        ErrorKind::Permission => format!(
            "failed to save order {order}: AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/checkout-role/checkout is not authorized to perform: dynamodb:PutItem on resource: arn:aws:dynamodb:us-east-1:123456789012:table/orders because no identity-based policy allows the dynamodb:PutItem action"
        ),
        ErrorKind::Throttling => format!(
            "failed to publish order {order}: service error: ThrottlingException: Rate exceeded (request id: {})",
            fake_request_id(i)
        ),
        ErrorKind::BadInput => format!(
            "invalid event: failed to deserialize the event payload: missing field `orderId` at line 1 column {}",
            40 + i % 60
        ),
        ErrorKind::Unhandled => format!(
            "thread 'main' panicked at src/orders.rs:{}:14: called `Option::unwrap()` on a `None` value",
            88 + i % 3
        ),
        ErrorKind::Generic => format!(
            "order {order} could not be completed: payment state is PENDING_REVIEW after 3 checks"
        ),
    }
}

pub fn error_burst_lines(kind: ErrorKind, count: u64) -> Vec<Line> {
    (0..count)
        .map(|i| Line::error(error_message(kind, i)))
        .collect()
}

/// The error logged after a real connection attempt failed; `error` is the OS error as the
/// standard library displays it (e.g. `Connection refused (os error 111)`).
pub fn refused_connection_line(addr: &str, error: &str) -> Line {
    Line::error(format!(
        "failed to reach inventory service: tcp connect to {addr} failed: {error}"
    ))
}

/// The notice that precedes imitated platform lines in local mode.
pub fn simulation_notice(scenario: Scenario, lines: usize) -> Line {
    Line {
        channel: Channel::SimulationNotice,
        text: format!(
            "local mode: the next {lines} lines imitate what the Lambda platform writes for scenario {:?}; the fault itself did not happen",
            scenario.name()
        ),
    }
}

/// Throttling as the AWS SDK for Rust reports it after its retries are spent. Real throttling
/// cannot be forced safely (it would take a burst against a shared account quota), so these
/// lines are written without a throttled call behind them.
pub fn throttling_lines() -> Vec<Line> {
    vec![
        Line::error("failed to write order 10001: service error: ProvisionedThroughputExceededException: The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API."),
        Line::error(format!(
            "failed to publish order 10002: service error: ThrottlingException: Rate exceeded (request id: {})",
            fake_request_id(2)
        )),
        Line::error("failed to invoke fulfilment: service error: TooManyRequestsException: Rate Exceeded."),
    ]
}

/// Secrets planted in the `pii` lines; none may survive `triage_core::redact::redact`.
#[cfg(test)]
pub const PII_SECRETS: [&str; 7] = [
    "jane.doe@example.com",
    "AKIAIOSFODNN7EXAMPLE",
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9",
    "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
    "4111 1111 1111 1111",
    "1111 1111",
    "555-0142",
];

/// Errors that carry personal data and credentials, to prove redaction downstream. The key id
/// is AWS's documented example key, the token is the well-known jwt.io example, the card is a
/// test card number, and 555-01xx numbers are reserved for fiction.
pub fn pii_lines() -> Vec<Line> {
    [
        "failed to send receipt to jane.doe@example.com: mailbox unavailable",
        "S3 upload failed with credentials AKIAIOSFODNN7EXAMPLE: SignatureDoesNotMatch",
        "token rejected for request: Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
        "payment declined for card 4111 1111 1111 1111: card expired",
        "SMS to +1 206-555-0142 failed: destination unreachable",
    ]
    .map(Line::error)
    .into()
}

/// Normal output, including lines that merely contain the word "error".
pub fn healthy_lines() -> Vec<Line> {
    [
        "ErrorHandler registered",
        "received batch of 10 records",
        "processed 10 records errors=0",
        "checkpoint saved in 12 ms",
    ]
    .map(Line::info)
    .into()
}

/// What the platform-line builders need to know about the invocation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvocationFacts {
    pub request_id: String,
    /// When the invocation started (ms since the epoch).
    pub start_ms: i64,
    /// The function's configured timeout, from the deadline the platform gave.
    pub timeout_ms: u64,
    pub memory_mb: u64,
}

/// The Lambda platform's REPORT line (text log format), fields tab-separated as AWS writes them.
fn report_line(facts: &InvocationFacts, duration_ms: u64, max_used_mb: u64, tail: &str) -> String {
    format!(
        "REPORT RequestId: {id}\tDuration: {duration_ms}.00 ms\tBilled Duration: {duration_ms} ms\tMemory Size: {mem} MB\tMax Memory Used: {max_used_mb} MB\t{tail}",
        id = facts.request_id,
        mem = facts.memory_mb,
    )
}

/// What Lambda writes when it stops an invocation at its timeout.
pub fn timeout_platform_lines(facts: &InvocationFacts) -> Vec<Line> {
    let end_ms = facts.start_ms + facts.timeout_ms as i64;
    vec![
        Line::raw(format!(
            "{} {} Task timed out after {}.{:02} seconds",
            format_rfc3339_ms(end_ms),
            facts.request_id,
            facts.timeout_ms / 1000,
            facts.timeout_ms % 1000 / 10
        )),
        Line::raw(format!("END RequestId: {}", facts.request_id)),
        Line::raw(report_line(
            facts,
            facts.timeout_ms,
            facts.memory_mb.min(24),
            "Status: timeout",
        )),
    ]
}

/// What Lambda writes when the sandbox is killed for exceeding its memory: the runtime exit
/// (one event, two lines) and a REPORT whose Max Memory Used equals the Memory Size.
pub fn oom_platform_lines(facts: &InvocationFacts) -> Vec<Line> {
    vec![
        Line::raw(format!(
            "RequestId: {} Error: Runtime exited with error: signal: killed\nRuntime.ExitError",
            facts.request_id
        )),
        Line::raw(format!("END RequestId: {}", facts.request_id)),
        Line::raw(report_line(
            facts,
            1843,
            facts.memory_mb,
            "Status: error\tError Type: Runtime.OutOfMemory",
        )),
    ]
}

/// The message the `panic` scenario panics with (aws mode) or imitates (local mode).
pub const PANIC_MESSAGE: &str = "log-emitter: deliberate panic (scenario \"panic\")";

/// What a panicking Rust handler leaves in the log: the standard library's panic message on
/// stderr, lambda_runtime's own ERROR line (it catches the panic and reports it as the
/// invocation's error), then the platform's END and REPORT.
pub fn panic_lines(facts: &InvocationFacts, location: &str) -> Vec<Line> {
    vec![
        Line::raw(format!("thread 'main' panicked at {location}:\n{PANIC_MESSAGE}")),
        Line::raw(
            "note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace",
        ),
        Line::raw(format!(
            "ERROR Lambda runtime invoke{{requestId=\"{}\"}}: user handler panicked error=Any {{ .. }}",
            facts.request_id
        )),
        Line::raw(format!("END RequestId: {}", facts.request_id)),
        Line::raw(report_line(facts, 3, 19, "")),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use triage_core::aggregate::aggregate;
    use triage_core::classify::classify;
    use triage_core::model::{FailureClass, LogEvent};
    use triage_core::parse::parse_message;

    /// The text format of `lambda_runtime::tracing::init_default_subscriber` (no time, no
    /// target, the invocation span as prefix), which is what CloudWatch receives from us.
    fn as_logged(line: &Line) -> String {
        let level = match line.channel {
            Channel::Info => "INFO",
            Channel::Error => "ERROR",
            Channel::SimulationNotice => "WARN",
            Channel::Raw => return line.text.clone(),
        };
        format!(
            "{level} Lambda runtime invoke{{requestId=\"8f5c2a1e-3b4d-4c6e-9f10-1a2b3c4d5e6f\"}}: {}",
            line.text
        )
    }

    fn class_of(text: &str) -> Option<FailureClass> {
        classify(&parse_message(text), text).map(|c| c.class)
    }

    fn incident_classes(lines: &[Line]) -> Vec<FailureClass> {
        let events: Vec<LogEvent> = lines
            .iter()
            .enumerate()
            .map(|(i, l)| LogEvent::new(Some(1_700_000_000_000 + i as i64), as_logged(l)))
            .collect();
        let (_, incidents) = aggregate(events.iter().map(|e| ("/aws/lambda/log-emitter", e)));
        incidents.into_iter().map(|i| i.class).collect()
    }

    fn facts() -> InvocationFacts {
        InvocationFacts {
            request_id: "8f5c2a1e-3b4d-4c6e-9f10-1a2b3c4d5e6f".into(),
            start_ms: 1_700_000_000_000,
            timeout_ms: 3000,
            memory_mb: 128,
        }
    }

    /// One invoke payload per scenario, shipped for `cargo lambda invoke` and the script test.
    const FIXTURES: [(&str, &str); 9] = [
        (
            "error-burst",
            include_str!("../tests/fixtures/error-burst.json"),
        ),
        ("timeout", include_str!("../tests/fixtures/timeout.json")),
        ("oom", include_str!("../tests/fixtures/oom.json")),
        ("panic", include_str!("../tests/fixtures/panic.json")),
        (
            "refused-connection",
            include_str!("../tests/fixtures/refused-connection.json"),
        ),
        (
            "throttling",
            include_str!("../tests/fixtures/throttling.json"),
        ),
        ("pii", include_str!("../tests/fixtures/pii.json")),
        ("healthy", include_str!("../tests/fixtures/healthy.json")),
        ("mix", include_str!("../tests/fixtures/mix.json")),
    ];

    #[test]
    fn every_fixture_parses_to_its_scenario() {
        for (name, text) in FIXTURES {
            let payload: Value = serde_json::from_str(text).expect("fixture is JSON");
            let scenario = parse_request(&payload).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(scenario.name(), name);
        }
        assert_eq!(FIXTURES.map(|(name, _)| name), SCENARIOS);
    }

    #[test]
    fn error_burst_defaults_and_explicit_values() {
        assert_eq!(
            parse_request(&json!({"scenario": "error-burst"})),
            Ok(Scenario::ErrorBurst {
                count: DEFAULT_COUNT,
                kind: ErrorKind::Generic
            })
        );
        assert_eq!(
            parse_request(&json!({"scenario": "error-burst", "count": 1000, "kind": "bad-input"})),
            Ok(Scenario::ErrorBurst {
                count: 1000,
                kind: ErrorKind::BadInput
            })
        );
    }

    #[test]
    fn unknown_scenario_lists_the_valid_ones() {
        let err = parse_request(&json!({"scenario": "meltdown"})).unwrap_err();
        assert_eq!(err, RequestError::UnknownScenario("meltdown".into()));
        let text = err.to_string();
        for name in SCENARIOS {
            assert!(text.contains(name), "{text} should list {name}");
        }
        for payload in [
            json!(null),
            json!([1]),
            json!("healthy"),
            json!({}),
            json!({"scenario": 3}),
        ] {
            let text = parse_request(&payload).unwrap_err().to_string();
            assert!(
                text.contains("valid scenarios: error-burst, timeout"),
                "{text}"
            );
        }
    }

    #[test]
    fn bad_counts_and_kinds_are_rejected_clearly() {
        for count in [
            json!(0),
            json!(1001),
            json!(-1),
            json!(2.5),
            json!("10"),
            json!(u64::MAX),
        ] {
            let err =
                parse_request(&json!({"scenario": "error-burst", "count": count})).unwrap_err();
            assert_eq!(err, RequestError::BadCount(count.to_string()));
            assert!(err.to_string().contains("from 1 to 1000"), "{err}");
        }
        let err =
            parse_request(&json!({"scenario": "error-burst", "kind": "cosmic-ray"})).unwrap_err();
        assert!(
            err.to_string()
                .contains("valid kinds: dependency, permission"),
            "{err}"
        );
        let err = parse_request(&json!({"scenario": "healthy", "count": 3})).unwrap_err();
        assert!(matches!(err, RequestError::UnexpectedField { ref field, .. } if field == "count"));
        let err = parse_request(&json!({"scenario": "error-burst", "cuont": 3})).unwrap_err();
        assert!(matches!(err, RequestError::UnexpectedField { ref field, .. } if field == "cuont"));
    }

    #[test]
    fn each_error_kind_is_classified_as_intended() {
        let expected = [
            (ErrorKind::Dependency, FailureClass::DependencyUnavailable),
            (ErrorKind::Permission, FailureClass::PermissionDenied),
            (ErrorKind::Throttling, FailureClass::Throttling),
            (ErrorKind::BadInput, FailureClass::BadInput),
            (ErrorKind::Unhandled, FailureClass::UnhandledException),
            (ErrorKind::Generic, FailureClass::Error),
        ];
        for (kind, class) in expected {
            let lines = error_burst_lines(kind, 25);
            assert_eq!(lines.len(), 25);
            for line in &lines {
                let text = as_logged(line);
                assert_eq!(class_of(&text), Some(class), "{kind:?}: {text}");
            }
            // A burst is one problem, so it must collapse into one incident.
            assert_eq!(incident_classes(&lines), vec![class], "{kind:?}");
        }
    }

    #[test]
    fn throttling_lines_are_throttling() {
        for line in throttling_lines() {
            let text = as_logged(&line);
            assert_eq!(class_of(&text), Some(FailureClass::Throttling), "{text}");
        }
    }

    #[test]
    fn healthy_lines_and_the_simulation_notice_make_no_incident() {
        assert!(incident_classes(&healthy_lines()).is_empty());
        let notice = simulation_notice(Scenario::Timeout, 3);
        assert!(incident_classes(&[notice]).is_empty());
    }

    #[test]
    fn a_refused_connection_is_a_dependency_failure() {
        let line = refused_connection_line("127.0.0.1:40123", "Connection refused (os error 111)");
        assert_eq!(
            class_of(&as_logged(&line)),
            Some(FailureClass::DependencyUnavailable)
        );
    }

    #[test]
    fn pii_lines_are_errors_and_redaction_removes_every_planted_secret() {
        for line in pii_lines() {
            let text = as_logged(&line);
            assert!(class_of(&text).is_some(), "{text} should be a failure");
            let redacted = triage_core::redact::redact(&text);
            for secret in PII_SECRETS {
                assert!(!redacted.contains(secret), "{secret} survived: {redacted}");
            }
        }
        // Every secret is really planted somewhere, or the check above proves nothing.
        let all: String = pii_lines().iter().map(|l| l.text.clone()).collect();
        for secret in PII_SECRETS {
            assert!(all.contains(secret), "{secret} not planted");
        }
    }

    #[test]
    fn local_timeout_lines_have_the_platform_shape_and_classify_as_timeout() {
        let lines = timeout_platform_lines(&facts());
        assert_eq!(
            lines[0].text,
            "2023-11-14T22:13:23.000Z 8f5c2a1e-3b4d-4c6e-9f10-1a2b3c4d5e6f Task timed out after 3.00 seconds"
        );
        assert!(lines.iter().all(|l| l.channel == Channel::Raw));
        assert_eq!(class_of(&lines[0].text), Some(FailureClass::Timeout));
        assert_eq!(incident_classes(&lines), vec![FailureClass::Timeout]);
    }

    #[test]
    fn local_oom_lines_aggregate_to_out_of_memory_only() {
        let lines = oom_platform_lines(&facts());
        assert!(lines[2]
            .text
            .contains("Memory Size: 128 MB\tMax Memory Used: 128 MB"));
        assert_eq!(incident_classes(&lines), vec![FailureClass::OutOfMemory]);
    }

    #[test]
    fn local_panic_lines_are_an_unhandled_exception() {
        let lines = panic_lines(&facts(), "crates/log-emitter/src/handler.rs:80:13");
        let classes = incident_classes(&lines);
        assert!(
            classes.contains(&FailureClass::UnhandledException),
            "{classes:?}"
        );
    }
}
