//! Classification of one parsed event into a failure class, or none for healthy output.
//!
//! One case-insensitive Aho-Corasick pass finds every literal signal in the event; the most
//! specific class wins (the declaration order of [`FailureClass`]). Literals that need context
//! (HTTP status codes, bare exception names, the word "error") are checked only after that pass
//! and only for lines that are not explicitly healthy (INFO/DEBUG/WARN), which keeps the common
//! healthy line to one linear scan.

use crate::model::{FailureClass, ReportMetrics};
use crate::parse::{Level, ParsedMessage, PlatformLine};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use regex::Regex;
use std::sync::LazyLock;

/// The result of classifying one event.
#[derive(Debug, Clone, PartialEq)]
pub struct Classification {
    pub class: FailureClass,
    /// Byte range in the classified text of the evidence that decided the class (for templates).
    pub evidence: Option<(usize, usize)>,
    /// The decision came from a platform record (REPORT, INIT_REPORT, `platform.*`), which
    /// repeats what other lines of the same invocation usually say.
    pub from_platform: bool,
    /// `signal: killed` with no memory evidence in the event: out-of-memory only if the same
    /// invocation shows memory exhaustion elsewhere (DESIGN.md rule).
    pub killed_signal: bool,
    /// The same event shows memory exhaustion (REPORT Max Memory Used ≥ Memory Size).
    pub memory_evidence: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Signal {
    Class(FailureClass),
    /// `signal: killed`: OOM kill or a plain kill, decided by memory evidence.
    Killed,
    /// The runtime says the error was not caught (traceback, `Invoke Error`, panic).
    Uncaught,
    /// An error object with a stack trace.
    Stack,
    /// A failure word that needs a word-boundary / healthy-context check before it counts.
    Contextual,
    /// An HTTP status code (429, 5xx): counts only beside a word that says so.
    StatusCode,
}

const TIMEOUT: &[&str] = &[
    "task timed out after",
    "sandbox.timedout",
    "status: timeout",
    "\"status\":\"timeout\"",
    "\"status\": \"timeout\"",
    "runtime.timeout",
];
const OUT_OF_MEMORY: &[&str] = &[
    "runtime.outofmemory",
    "outofmemoryerror",
    "outofmemoryexception",
    "out of memory",
    "memoryerror",
    "reached heap limit",
    "allocation failed - javascript heap",
    "cannot allocate memory",
    "memory allocation of",
    "std::bad_alloc",
    "memory limit exceeded",
    "oomkilled",
];
const INIT_ERROR: &[&str] = &[
    "runtime.importmoduleerror",
    "unable to import module",
    "cannot find module",
    "err_module_not_found",
    "err_require_esm",
    "runtime.handlernotfound",
    "runtime.usercodesyntaxerror",
    "runtime.invalidentrypoint",
    "runtime.malformedhandlername",
    "runtime.invalidruntime",
    "runtime.initerror",
    "extension.initerror",
    "is undefined or not exported",
    "couldn't find valid bootstrap",
    "could not find valid bootstrap",
    "invalid lambda function handler",
    "constructor for type",
    "unable to load assembly",
    "could not find the specified handler",
    "class not found:",
    "modulenotfounderror",
    "no module named",
    "importerror:",
    "handler not found",
    "phase: init",
    "init error when loading handler",
    "cannot load such file",
    "init<",
    "extension.launcherror",
];
const RUNTIME_EXIT: &[&str] = &[
    "runtime.exiterror",
    "runtime exited with error",
    "runtime exited without providing a reason",
    "process exited before completing request",
    "segmentation fault",
    "signal: aborted",
    "signal: segmentation",
    "core dumped",
    "exited with code",
    "extension.crash",
];
const PERMISSION_DENIED: &[&str] = &[
    "accessdenied",
    "access denied",
    "is not authorized to perform",
    "not authorized to perform",
    "unauthorizedoperation",
    "unauthorizedaccess",
    "kmsaccessdenied",
    "kms.accessdenied",
    "access to kms is not allowed",
    "authorizationerror",
    "authorizationexception",
    "invalidclienttokenid",
    "unrecognizedclientexception",
    "signaturedoesnotmatch",
    "expiredtokenexception",
    "the security token included in the request is",
    "permission denied",
    "permissiondenied",
    "insufficient permissions",
    "403 forbidden",
    "forbidden:",
    "forbiddenexception",
    "status code: 403",
    "statuscode: 403",
    "\"statuscode\":403",
    "\"statuscode\": 403",
    "eacces",
];
const THROTTLING: &[&str] = &[
    "throttlingexception",
    "throttling",
    "throttled",
    "toomanyrequests",
    "too many requests",
    "provisionedthroughputexceeded",
    "rate exceeded",
    "requestlimitexceeded",
    "please reduce your request rate",
    "slowdown:",
    "limitexceededexception",
    "concurrentinvocationlimitexceeded",
    "rate limit",
    "ratelimit",
    "status code: 429",
    "statuscode: 429",
    "\"statuscode\":429",
    "\"statuscode\": 429",
    "throughput exceeds",
    "request rate is too high",
    "exceeded the rate",
];
const DEPENDENCY_UNAVAILABLE: &[&str] = &[
    "econnrefused",
    "etimedout",
    "econnreset",
    "enotfound",
    "eai_again",
    "ehostunreach",
    "enetunreach",
    "epipe",
    "socket hang up",
    "connection refused",
    "connection reset",
    "connection timed out",
    "connection aborted",
    "connection closed",
    "connection error",
    "connectionerror",
    "connect timeout",
    "connecttimeout",
    "connection timeout",
    "read timed out",
    "readtimeout",
    "read timeout",
    "request timed out",
    "could not connect",
    "couldn't connect",
    "failed to connect",
    "unable to connect",
    "endpointconnectionerror",
    "name or service not known",
    "getaddrinfo",
    "no such host",
    "temporary failure in name resolution",
    "bad gateway",
    "service unavailable",
    "serviceunavailable",
    "gateway timeout",
    "internal server error",
    "internalservererror",
    "internalfailure",
    "server error",
    "5xx",
    "error sending request",
    "broken pipe",
    "i/o timeout",
    "dial tcp",
    "context deadline exceeded",
    "unknownhostexception",
    "connectexception",
    "sockettimeoutexception",
    "httptimeoutexception",
    "communications link failure",
    "too many connections",
    "mongonetworkerror",
    "mongoserverselectionerror",
    "sequelizeconnectionerror",
    "network error",
    "networkerror",
    "networkingerror",
    "upstream",
];
const BAD_INPUT: &[&str] = &[
    "keyerror",
    "jsondecodeerror",
    "json.decoder",
    "in json at position",
    "unexpected token",
    "unexpected end of json",
    "is not valid json",
    "json parse error",
    "jsonparseexception",
    "during json parsing",
    "invalidformatexception",
    "mismatchedinputexception",
    "unrecognizedpropertyexception",
    "jsonmappingexception",
    "construct instance of",
    "cannot deserialize",
    "failed to deserialize",
    "deserialization error",
    "missing field",
    "invalid type:",
    "validationerror",
    "validationexception",
    "invalid input",
    "invalidinput",
    "input must",
    "missing required",
    "is required",
    "must be provided",
    "required parameter",
    "invalidparameter",
    "invalid parameter",
    "illegalargumentexception",
    "numberformatexception",
    "cannot unmarshal",
    "invalid character",
    "not a valid",
    "schema validation",
    "400 bad request",
    "bad request",
    "malformed",
    "unmarshal",
    "zoderror",
    "invalid_type",
    "jsonserializerexception",
    "jsonexception",
    "json payload",
    "could not be converted",
    "parsererror",
    "unexpected character",
];
/// The runtime reported the error as uncaught: these outrank a logger's own level.
const UNCAUGHT: &[&str] = &[
    "traceback (most recent call last)",
    "invoke error",
    "unhandled",
    "uncaught",
    "exception in thread",
    "panicked at",
    "panic:",
    "goroutine ",
    "runtime error:",
];
/// An error object with a stack: uncaught when Lambda wrote it, handled when a logger did.
const STACK: &[&str] = &[
    "\"errortype\"",
    "\"stacktrace\"",
    "\"stack\"",
    "\"stack_trace\"",
    "\"exception\"",
];
/// An AWS SDK service error response: a library error the code chose to log or rethrow.
const SERVICE_ERROR: [&str; 6] = [
    "aws-sdk/",
    "(Service: ",
    "retryable:",
    "statusCode: 4",
    "Error Code: ",
    "ClientError: An error occurred (",
];
/// Checked after the pass: the word itself needs a boundary or a healthy-context check.
const CONTEXTUAL: &[&str] = &[
    "error",
    "exception",
    "fail",
    "fatal",
    "unable to",
    "could not",
    "cannot",
    "crash",
    "signal: killed",
];
const STATUS_CODES: &[&str] = &["429", "500", "502", "503", "504"];

struct Matcher {
    automaton: AhoCorasick,
    signals: Vec<Signal>,
}

static MATCHER: LazyLock<Matcher> = LazyLock::new(|| {
    let mut patterns: Vec<&str> = Vec::new();
    let mut signals = Vec::new();
    let groups: [(&[&str], Signal); 12] = [
        (TIMEOUT, Signal::Class(FailureClass::Timeout)),
        (OUT_OF_MEMORY, Signal::Class(FailureClass::OutOfMemory)),
        (INIT_ERROR, Signal::Class(FailureClass::InitError)),
        (RUNTIME_EXIT, Signal::Class(FailureClass::RuntimeExit)),
        (
            PERMISSION_DENIED,
            Signal::Class(FailureClass::PermissionDenied),
        ),
        (THROTTLING, Signal::Class(FailureClass::Throttling)),
        (
            DEPENDENCY_UNAVAILABLE,
            Signal::Class(FailureClass::DependencyUnavailable),
        ),
        (BAD_INPUT, Signal::Class(FailureClass::BadInput)),
        (UNCAUGHT, Signal::Uncaught),
        (STACK, Signal::Stack),
        (CONTEXTUAL, Signal::Contextual),
        (STATUS_CODES, Signal::StatusCode),
    ];
    for (words, signal) in groups {
        for w in words {
            patterns.push(w);
            signals.push(if *w == "signal: killed" {
                Signal::Killed
            } else {
                signal
            });
        }
    }
    let automaton = AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::Standard)
        // A full DFA (a few hundred KiB for these patterns) is the fastest overlapping scan.
        .kind(Some(AhoCorasickKind::DFA))
        .build(&patterns)
        .expect("static patterns build");
    Matcher { automaton, signals }
});

/// A language exception name: `TypeError`, `java.lang.ArithmeticException`, `errorString` is not.
static EXCEPTION_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^A-Za-z0-9_.$])((?:[A-Za-z_$][\w$]*\.)*[A-Z][A-Za-z0-9_$]*(?:Error|Exception|Fault))\b")
        .expect("static regex")
});
/// HTTP status codes only count next to a word that says so.
static HTTP_STATUS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:status(?:[ _]?code)?|http(?:/\d(?:\.\d)?)?|code|response)\W{0,3}(429|5\d\d)\b|\b(429|5\d\d) (?:too many|internal|bad gateway|service|gateway|server)")
        .expect("static regex")
});

/// Classify a parsed event. `text` is the full event text the evidence offsets refer to.
pub fn classify(parsed: &ParsedMessage<'_>, text: &str) -> Option<Classification> {
    if let Some(platform) = &parsed.platform {
        return classify_platform(platform);
    }
    if parsed.level.is_some_and(Level::is_quiet) {
        return None;
    }
    let context = TextContext {
        level: parsed.level,
        error_type: parsed.error_type.filter(|t| !t.is_empty()),
        logger_record: parsed.is_json && parsed.level.is_some(),
    };
    classify_text(text, &context)
}

/// What the parser knows about the text being classified.
#[derive(Debug, Clone, Copy, Default)]
pub struct TextContext<'a> {
    pub level: Option<Level>,
    /// `errorType` of a Lambda error object.
    pub error_type: Option<&'a str>,
    /// A structured logger's record (JSON with a level): its stack traces are handled errors.
    pub logger_record: bool,
}

fn classify_platform(platform: &PlatformLine) -> Option<Classification> {
    let (metrics, init_phase) = match platform {
        PlatformLine::Report(m) => (m, false),
        PlatformLine::InitReport(m) => (m, true),
        PlatformLine::Record { kind, metrics } => (
            metrics,
            kind.starts_with("platform.init") || kind.starts_with("platform.restore"),
        ),
        PlatformLine::Start | PlatformLine::End | PlatformLine::InitStart | PlatformLine::Xray => {
            return None
        }
    };
    let class = platform_outcome(metrics, init_phase)?;
    Some(Classification {
        class,
        evidence: None,
        from_platform: true,
        killed_signal: false,
        memory_evidence: metrics.memory_exhausted(),
    })
}

/// What a platform report says happened to the invocation.
pub fn platform_outcome(metrics: &ReportMetrics, init_phase: bool) -> Option<FailureClass> {
    let status = metrics.status.as_deref().unwrap_or("").to_ascii_lowercase();
    let error_type = metrics.error_type.as_deref().unwrap_or("");
    if status == "timeout" || error_type.contains("Timedout") || error_type.contains("Timeout") {
        return Some(FailureClass::Timeout);
    }
    if error_type.contains("OutOfMemory") || metrics.memory_exhausted() {
        return Some(FailureClass::OutOfMemory);
    }
    match status.as_str() {
        "error" | "failure" => Some(if error_type.contains("ExitError") {
            FailureClass::RuntimeExit
        } else if init_phase {
            FailureClass::InitError
        } else if status == "failure" {
            FailureClass::RuntimeExit
        } else if !error_type.is_empty() {
            classify_text(
                error_type,
                &TextContext {
                    level: Some(Level::Error),
                    ..TextContext::default()
                },
            )
            .map_or(FailureClass::UnhandledException, |c| c.class)
        } else {
            FailureClass::UnhandledException
        }),
        _ => None,
    }
}

/// Classify free text (an event body, a whole JSON record, an error type).
pub fn classify_text(text: &str, context: &TextContext<'_>) -> Option<Classification> {
    let level = context.level;
    let matcher = &*MATCHER;
    let mut best: Option<(FailureClass, (usize, usize))> = None;
    let mut killed: Option<(usize, usize)> = None;
    let mut uncaught: Option<(usize, usize)> = None;
    let mut stack: Option<(usize, usize)> = None;
    let mut contextual = false;
    let mut status_code = false;
    for m in matcher.automaton.find_overlapping_iter(text) {
        let span = (m.start(), m.end());
        match matcher.signals[m.pattern().as_usize()] {
            Signal::Class(class) => {
                if best.is_none_or(|(b, _)| class < b) && class_signal_holds(text, span, class) {
                    best = Some((class, span));
                }
            }
            Signal::Killed => killed = killed.or(Some(span)),
            Signal::Uncaught => uncaught = uncaught.or(Some(span)),
            Signal::Stack => stack = stack.or(Some(span)),
            Signal::Contextual => contextual = true,
            Signal::StatusCode => status_code = true,
        }
    }
    if let Some(span) = killed {
        // Explicit memory messages outrank the kill; otherwise the memory rule decides later.
        if best.is_none_or(|(b, _)| b >= FailureClass::RuntimeExit) {
            return Some(found(FailureClass::RuntimeExit, span, true));
        }
    }
    if let Some((class, span)) = best.filter(|(c, _)| c.is_platform_outcome()) {
        return Some(found(class, span, false));
    }
    if status_code {
        if let Some(m) = HTTP_STATUS.captures(text) {
            let code = m.get(1).or_else(|| m.get(2)).expect("one group matches");
            let class = if code.as_str() == "429" {
                FailureClass::Throttling
            } else {
                FailureClass::DependencyUnavailable
            };
            if best.is_none_or(|(b, _)| class < b) {
                best = Some((class, (code.start(), code.end())));
            }
        }
    }
    if let Some((class, span)) = best {
        return Some(found(class, span, false));
    }
    // Generic exceptions: uncaught (the runtime reported it) or a handled error that was logged.
    let handled = if context.logger_record {
        FailureClass::Error
    } else {
        FailureClass::UnhandledException
    };
    if let Some(span) = uncaught {
        let word = text[span.0..span.1].to_ascii_lowercase();
        let says_uncaught = word == "unhandled" || word == "uncaught" || word == "invoke error";
        let class = if says_uncaught {
            FailureClass::UnhandledException
        } else {
            handled
        };
        return Some(found(class, span, false));
    }
    if context.error_type.is_some() {
        // Lambda's error object (`errorType` + `errorMessage`) is how the runtime reports an
        // error that escaped the handler, whatever the record's level.
        return Some(found(FailureClass::UnhandledException, (0, 0), false));
    }
    if let Some(span) = stack {
        return Some(found(handled, span, false));
    }
    if !contextual && !status_code && level.is_none() {
        return None;
    }
    if let Some(m) = EXCEPTION_NAME.captures(text).and_then(|c| c.get(1)) {
        // Without a stack trace, an exception name is a message someone logged, not a crash.
        let class = if !has_stack(text) || context.logger_record || is_service_error(text) {
            FailureClass::Error
        } else {
            FailureClass::UnhandledException
        };
        return Some(found(class, (m.start(), m.end()), false));
    }
    if level.is_some_and(|l| l >= Level::Error) {
        return Some(found(FailureClass::Error, (0, 0), false));
    }
    error_word(text).map(|span| found(FailureClass::Error, span, false))
}

fn is_service_error(text: &str) -> bool {
    SERVICE_ERROR.iter().any(|m| text.contains(m))
}

fn found(class: FailureClass, span: (usize, usize), killed_signal: bool) -> Classification {
    Classification {
        class,
        evidence: (span.1 > span.0).then_some(span),
        from_platform: false,
        killed_signal,
        memory_evidence: false,
    }
}

/// Signals that are ordinary words need to be whole words, and some are harmless in context.
fn class_signal_holds(text: &str, span: (usize, usize), class: FailureClass) -> bool {
    let word = &text[span.0..span.1];
    let before = text[..span.0].chars().next_back();
    let after = text[span.1..].chars().next();
    let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_ascii_alphanumeric());
    match word.to_ascii_lowercase().as_str() {
        // Substrings of longer identifiers (`upstreamHost`, `throttlingConfig`) are names, not failures.
        "upstream" | "throttling" | "throttled" | "ratelimit" | "malformed" | "unmarshal"
        | "eacces" | "epipe" | "bad request" | "is required" | "not a valid" | "5xx" => {
            boundary(before) && boundary(after)
        }
        "memoryerror" => {
            // `OutOfMemoryError` is caught by its own pattern; here only Python's bare `MemoryError`.
            boundary(after) && before.is_none_or(|c| !c.is_ascii_alphabetic() || c == '.')
        }
        "unexpected token" => class == FailureClass::BadInput,
        _ => true,
    }
}

fn has_stack(text: &str) -> bool {
    text.contains("Traceback")
        || text.contains("\"stack")
        || text
            .split(['\n', '\r'])
            .skip(1)
            .any(|l| l.trim_start().starts_with("at "))
}

/// A failure word in a line with no level: `Error during Decryption`, `Unable to write`, `failed`.
/// Healthy mentions are skipped: `errors=0`, `"error": 0`, `ErrorHandler registered`, `no errors`.
fn error_word(text: &str) -> Option<(usize, usize)> {
    const WORDS: [&str; 8] = [
        "error",
        "exception",
        "failed",
        "failure",
        "failing",
        "fatal",
        "unable to",
        "could not",
    ];
    let lower = text.to_ascii_lowercase();
    for word in WORDS {
        let mut from = 0;
        while let Some(pos) = lower[from..].find(word) {
            let start = from + pos;
            let end = start + word.len();
            from = end;
            let before = lower[..start].chars().next_back();
            if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
                continue;
            }
            // Allow plural/`:`; reject identifiers such as `ErrorHandler`, `error_count`, `errorMessage`.
            let rest = &text[end..];
            let rest = rest.strip_prefix('s').unwrap_or(rest);
            if rest.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_') {
                continue;
            }
            if healthy_context(&lower[..start], rest) {
                continue;
            }
            return Some((start, end));
        }
    }
    None
}

fn healthy_context(before: &str, after: &str) -> bool {
    let after = after.trim_start_matches(['"', '\'', '\\']).trim_start();
    let value = after
        .trim_start_matches([':', '='])
        .trim_start()
        .trim_start_matches(['"', '\'']);
    let zero_value = (after.starts_with(':') || after.starts_with('='))
        && (value.starts_with('0') && !value[1..].starts_with(|c: char| c.is_ascii_digit())
            || value.starts_with("false")
            || value.starts_with("null")
            || value.starts_with("none")
            || value.starts_with("[]")
            || value.starts_with("{}")
            || value.starts_with('"') && value[1..].starts_with('"'));
    let before = before.trim_end();
    zero_value
        || before.ends_with(" no")
        || before == "no"
        || before.ends_with(" 0")
        || before.ends_with("without")
        || before.ends_with("zero")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_message;

    fn class_of(message: &str) -> Option<FailureClass> {
        let parsed = parse_message(message);
        classify(&parsed, parsed.body).map(|c| c.class)
    }

    #[test]
    fn failures_that_never_print_error() {
        assert_eq!(class_of("2020-11-10T05:46:57.874Z 160788cd-45ff-4583-809f-c7e31127cb95 Task timed out after 3.07 seconds"), Some(FailureClass::Timeout));
        assert_eq!(class_of("REPORT RequestId: 1b690add-f44a-46d5-88e0-352bb2248e74\tDuration: 6082.95 ms\tBilled Duration: 6083 ms\tMemory Size: 6000 MB\tMax Memory Used: 6000 MB"), Some(FailureClass::OutOfMemory));
        assert_eq!(class_of("INIT_REPORT Init Duration: 12.1 ms\tPhase: init\tStatus: error\tError Type: Runtime.ImportModuleError"), Some(FailureClass::InitError));
        assert_eq!(class_of("INIT_REPORT Init Duration: 206.72 ms\tPhase: init\tStatus: error\tError Type: Runtime.ExitError"), Some(FailureClass::RuntimeExit));
        assert_eq!(
            class_of("Error: Runtime exited with error: exit status 255 Runtime.ExitError"),
            Some(FailureClass::RuntimeExit)
        );
        assert_eq!(class_of("REPORT RequestId: 3604209a-e9a3-11e6-bf2a-8b95a4e5a7e5\tDuration: 3000.00 ms\tBilled Duration: 3000 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\tStatus: timeout"), Some(FailureClass::Timeout));
    }

    #[test]
    fn killed_signal_is_flagged_for_the_memory_rule() {
        let parsed =
            parse_message("Error: Runtime exited with error: signal: killed Runtime.ExitError");
        let c = classify(&parsed, parsed.body).unwrap();
        assert_eq!(c.class, FailureClass::RuntimeExit);
        assert!(c.killed_signal);
        // With explicit memory evidence in the same text, it is out of memory outright.
        assert_eq!(
            class_of(
                "fatal error: runtime: out of memory\nRuntime exited with error: signal: killed"
            ),
            Some(FailureClass::OutOfMemory)
        );
    }

    #[test]
    fn specific_causes_beat_generic_exceptions() {
        assert_eq!(class_of("[ERROR] ClientError: An error occurred (AccessDeniedException) when calling the GetSecretValue operation\nTraceback (most recent call last):"), Some(FailureClass::PermissionDenied));
        assert_eq!(class_of("{\"errorType\":\"Runtime.UnhandledPromiseRejection\",\"errorMessage\":\"Error: connect ECONNREFUSED 127.0.0.1:80\"}"), Some(FailureClass::DependencyUnavailable));
        assert_eq!(class_of("Rate Exceeded. (Service: AWSLambda; Status Code: 429; Error Code: TooManyRequestsException)"), Some(FailureClass::Throttling));
        assert_eq!(class_of("[ERROR]\t2024-03-01T10:00:00.123Z\t8f5e1c2a-1111-4222-8333-944445555666\tKeyError: 'body'"), Some(FailureClass::BadInput));
        assert_eq!(class_of("requests.exceptions.HTTPError: 503 Server Error: Service Unavailable for url: https://api.example.com"), Some(FailureClass::DependencyUnavailable));
        assert_eq!(class_of("2024-01-01T00:00:00.000Z\tc0ffee00-0000-4000-8000-000000000000\tERROR\tupstream returned status code 502"), Some(FailureClass::DependencyUnavailable));
    }

    #[test]
    fn exceptions_and_plain_errors() {
        assert_eq!(class_of("{\"errorMessage\":\"/ by zero\",\"errorType\":\"java.lang.ArithmeticException\",\"stackTrace\":[]}"), Some(FailureClass::UnhandledException));
        assert_eq!(
            class_of("panic: runtime error: invalid memory address or nil pointer dereference"),
            Some(FailureClass::UnhandledException)
        );
        assert_eq!(
            class_of("thread 'main' panicked at src/main.rs:5:5"),
            Some(FailureClass::UnhandledException)
        );
        assert_eq!(
            class_of("ERROR GelfSenderThread:175 - Failed to flush messages in [100] attempts."),
            Some(FailureClass::Error)
        );
        assert_eq!(
            class_of("Error during Decryption"),
            Some(FailureClass::Error)
        );
        assert_eq!(
            class_of("2019-04-04T22:11:08.243Z\t1d2c1444-efd1-43ec-b16e-8fb2d37508b8\tERROR"),
            Some(FailureClass::Error)
        );
    }

    #[test]
    fn healthy_lines_raise_nothing() {
        for line in [
            "START RequestId: 8f507cfc-xmpl-4697-b07a-ac58fc914c95 Version: $LATEST",
            "END RequestId: 8f507cfc-xmpl-4697-b07a-ac58fc914c95",
            "REPORT RequestId: 8f507cfc-xmpl-4697-b07a-ac58fc914c95  Duration: 15.74 ms  Billed Duration: 16 ms Memory Size: 128 MB Max Memory Used: 56 MB  Init Duration: 130.49 ms",
            "XRAY TraceId: 1-5e34a614-10bdxmplf1fb44f07bc535a1   SegmentId: 07f5xmpl2d1f6f85 Sampled: true",
            "batch done errors=0 warnings=2",
            "ErrorHandler registered",
            "{\"trace_id\":\"5fbe\",\"error\":0,\"name\":\"calculation\"}",
            "[INFO]\t2018-08-15T08:31:45.314Z\ta4d8c212-a065-11e8-941f-fd00dc6e0803\tRetrying after error: ThrottlingException",
            "2024-01-01T00:00:00.000Z\tc0ffee00-0000-4000-8000-000000000000\tWARN\tslow response from upstream",
            "{\"time\":\"2022-10-21T14:05:05.764Z\",\"type\":\"platform.runtimeDone\",\"record\":{\"requestId\":\"459921b5\",\"status\":\"success\"}}",
            "Processed 12 records with no errors",
            "",
        ] {
            assert_eq!(class_of(line), None, "{line}");
        }
    }

    #[test]
    fn evidence_after_a_multibyte_delimiter_is_on_a_char_boundary() {
        // Found by the parse_lines fuzz target: a non-ASCII character before an exception name.
        let text = "\u{fffd}\u{fffd}ErrorTypeError\u{fffd}ValueError: boom";
        let parsed = parse_message(text);
        let c = classify(&parsed, parsed.body).unwrap();
        let (start, end) = c.evidence.unwrap();
        assert_eq!(&parsed.body[start..end], "ErrorTypeError");
        let _ = crate::fingerprint::template_for(&parsed, parsed.body, &c);
    }

    #[test]
    fn identifiers_containing_signal_words_are_not_failures() {
        assert_eq!(
            class_of("configured upstreamHost=a throttlingConfig=b"),
            None
        );
    }
}
