//! Classification of one parsed event into a failure class, or none for healthy output.
//!
//! Structure decides first, phrases last (issue 10):
//! 1. platform records (REPORT, INIT_REPORT, `platform.*`) decide by their status and error type;
//! 2. an explicit TRACE/DEBUG/INFO/WARN level, or a message that names itself a warning
//!    (`DeprecationWarning:`), is never a failure;
//! 3. one case-insensitive Aho-Corasick pass finds every vocabulary term of [`vocab`] (Lambda's
//!    error types and messages, the SDKs' error codes, errno names, exception hierarchies);
//! 4. a line with no failure level, no Lambda error object and no stack trace counts only on a
//!    *strong* term (a platform failure message, a Lambda error type, a known error code);
//! 5. the most specific class wins (the declaration order of [`FailureClass`]), except that an
//!    exit follows the cause the same text shows (DESIGN.md, "Failure classes").
//!
//! Every decision names its signal and the span it matched: the incident's `evidence`.

pub mod vocab;

use crate::model::{FailureClass, ReportMetrics};
use crate::parse::{Level, ParsedMessage, PlatformLine};
use aho_corasick::automaton::Automaton;
use aho_corasick::MatchKind;
use regex::Regex;
use std::sync::LazyLock;
use vocab::{marker, Kind, GROUPS};

/// The result of classifying one event.
#[derive(Debug, Clone, PartialEq)]
pub struct Classification {
    pub class: FailureClass,
    /// Byte range in the classified text of the evidence that decided the class (for templates).
    pub evidence: Option<(usize, usize)>,
    /// Name of the signal that decided the class (a vocabulary or a structural rule), shown to
    /// users as the incident's evidence.
    pub signal: &'static str,
    /// The decision came from a platform record (REPORT, INIT_REPORT, `platform.*`), which
    /// repeats what other lines of the same invocation usually say.
    pub from_platform: bool,
    /// `signal: killed` with no memory evidence in the event: out-of-memory only if the same
    /// invocation shows memory exhaustion elsewhere (DESIGN.md rule).
    pub killed_signal: bool,
    /// The same event shows memory exhaustion (REPORT Max Memory Used ≥ Memory Size).
    pub memory_evidence: bool,
}

#[derive(Clone, Copy)]
struct Term {
    kind: Kind,
    signal: &'static str,
    strong: bool,
    exact: bool,
    len: usize,
    /// A shape the text around the match must have, decided once when the matcher is built.
    shape: Shape,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    Any,
    /// [`vocab::BOOTSTRAP_SHELL_ERROR`], [`vocab::ENTRYPOINT_SHELL_ERROR`]: heading the line
    /// (after the script's directory), a line number and `: ` follow, and no bash `warning: `.
    ShellLineNumber,
    /// [`vocab::LINE_HEAD_TERMS`]: at the head of a line.
    LineHead,
    /// [`vocab::JAVA_LINKAGE_ERRORS`]: no frame of the handler's `handleRequest` in the text.
    BeforeTheHandlerRuns,
    /// [`vocab::JVM_OUT_OF_MEMORY_MESSAGES`]: a whole message, after `: ` and ending its line.
    WholeDetailMessage,
    /// [`vocab::SWIFT_FATAL_ERROR`]: after a `.swift` file, its line and `: `.
    SwiftSourceLine,
    /// [`vocab::EMULATOR_TIMEOUT`]: in `Function '<name>' timed out after <n> seconds` or
    /// `Your λ handler '<name>' timed out after <n>ms`.
    EmulatorTimeout,
    /// [`vocab::PYTHON_KEY_ERROR`]: the raising frame's source line, when shown, reads the event.
    EventKey,
    /// [`vocab::PHP_MAX_EXECUTION_TIME`]: `<N> second(s) exceeded` follows.
    SecondsExceeded,
    /// [`vocab::HTTP_ERRORS_CLIENT_ERRORS`]: not qualified by a `.` or `::` (another
    /// package's class).
    Unqualified,
    /// [`vocab::JAKARTA_REST_CLIENT_ERRORS`]: not in a report with a REST client's frames.
    ServerSide,
    /// [`vocab::DOTNET_ASSEMBLY_LOAD`]: heading its line, or after `…Exception: `.
    ExceptionMessage,
    /// [`vocab::PHP_UNCAUGHT`]: before a class name and `: `.
    PhpUncaughtClass,
    /// [`vocab::GO_UNMARSHAL`]: after `cannot unmarshal ` on its line.
    GoUnmarshal,
    /// [`vocab::GO_CLIENT_TIMEOUT`]: right after the error it annotates.
    GoClientTimeout,
    /// [`vocab::DOTNET_HTTP_CANCELLATION`]: a `System.Net.Http` frame on the stack.
    HttpClientFrame,
    /// [`vocab::JACKSON_INVALID_DEFINITION`]: Jackson was deserializing.
    Deserializing,
    /// A term of [`vocab::RUNTIME_INPUT_SIGNAL`] or [`vocab::RUNTIME_RESPONSE_SIGNAL`]: the
    /// runtime's own message about the event or the response. No shape to check, but it
    /// decides the class (its group's).
    RuntimeMessage,
}

fn shape_of(term: &str, signal: &str) -> Shape {
    if signal == vocab::RUNTIME_INPUT_SIGNAL || signal == vocab::RUNTIME_RESPONSE_SIGNAL {
        Shape::RuntimeMessage
    } else if term == vocab::SWIFT_FATAL_ERROR {
        Shape::SwiftSourceLine
    } else if term == vocab::EMULATOR_TIMEOUT {
        Shape::EmulatorTimeout
    } else if term == vocab::DOTNET_ASSEMBLY_LOAD {
        Shape::ExceptionMessage
    } else if vocab::PHP_UNCAUGHT.contains(&term) {
        Shape::PhpUncaughtClass
    } else if term == vocab::PYTHON_KEY_ERROR {
        Shape::EventKey
    } else if term == vocab::PHP_MAX_EXECUTION_TIME {
        Shape::SecondsExceeded
    } else if vocab::HTTP_ERRORS_CLIENT_ERRORS.contains(&term) {
        Shape::Unqualified
    } else if vocab::JAKARTA_REST_CLIENT_ERRORS.contains(&term) {
        Shape::ServerSide
    } else if vocab::GO_UNMARSHAL.contains(&term) {
        Shape::GoUnmarshal
    } else if vocab::GO_CLIENT_TIMEOUT.contains(&term) {
        Shape::GoClientTimeout
    } else if vocab::DOTNET_HTTP_CANCELLATION.contains(&term) {
        Shape::HttpClientFrame
    } else if term == vocab::JACKSON_INVALID_DEFINITION {
        Shape::Deserializing
    } else if term == vocab::BOOTSTRAP_SHELL_ERROR || term == vocab::ENTRYPOINT_SHELL_ERROR {
        Shape::ShellLineNumber
    } else if vocab::JAVA_LINKAGE_ERRORS.contains(&term) {
        Shape::BeforeTheHandlerRuns
    } else if vocab::JVM_OUT_OF_MEMORY_MESSAGES.contains(&term) {
        Shape::WholeDetailMessage
    } else if vocab::LINE_HEAD_TERMS.contains(&term) {
        Shape::LineHead
    } else {
        Shape::Any
    }
}

struct Matcher {
    /// Walked as a bare DFA by [`Matcher::each_match`].
    dfa: aho_corasick::dfa::DFA,
    terms: Vec<Term>,
    texts: Vec<&'static str>,
}

static MATCHER: LazyLock<Matcher> = LazyLock::new(|| {
    let mut texts = Vec::new();
    let mut terms = Vec::new();
    for group in GROUPS.iter().flat_map(|groups| groups.iter()) {
        for &t in group.terms {
            texts.push(t);
            terms.push(Term {
                kind: group.kind,
                signal: group.signal,
                strong: group.strong,
                exact: group.exact,
                len: t.len(),
                shape: shape_of(t, group.signal),
            });
        }
    }
    for &(t, bit) in vocab::MARKERS {
        texts.push(t);
        terms.push(Term {
            kind: Kind::Marker(bit),
            signal: "marker",
            strong: false,
            exact: true,
            len: t.len(),
            shape: Shape::Any,
        });
    }
    let dfa = aho_corasick::dfa::DFA::builder()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::Standard)
        // A full DFA (a few hundred KiB for these patterns) is the fastest overlapping scan.
        .build(&texts)
        .expect("static patterns build");
    Matcher { dfa, terms, texts }
});

impl Matcher {
    /// Every term occurrence in `text` (pattern index and byte span), in the order of
    /// `find_overlapping_iter`: a standard-semantics state holds every term that ends at its
    /// position, so one transition a byte and a look at the state's matches when it has any
    /// find them all, without the iterator's per-call search set-up (a unit test compares the
    /// two). Case folding is ASCII only, so a match is as long as its term.
    fn each_match(&self, text: &str, mut f: impl FnMut(usize, (usize, usize))) {
        let dfa = &self.dfa;
        // Cannot fail: the DFA is built with an unanchored start state (the default), and
        // every classification test would fail if it did.
        let Ok(mut state) = dfa.start_state(aho_corasick::Anchored::No) else {
            return;
        };
        for (i, &b) in text.as_bytes().iter().enumerate() {
            state = dfa.next_state(aho_corasick::Anchored::No, state, b);
            if dfa.is_special(state) {
                if dfa.is_dead(state) {
                    break;
                }
                for m in 0..dfa.match_len(state) {
                    let index = dfa.match_pattern(state, m).as_usize();
                    f(index, (i + 1 - self.terms[index].len, i + 1));
                }
            }
        }
    }
}

/// A language exception name: `TypeError`, `java.lang.ArithmeticException`; `errorString` and a
/// bare `Error` are not.
static EXCEPTION_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^A-Za-z0-9_.$])((?:[A-Za-z_$][\w$]*\.)*[A-Z][A-Za-z0-9_$]*(?:Error|Exception|Fault))\b")
        .expect("static regex")
});

/// HTTP status codes in the shapes HTTP clients and SDKs print them: `Status Code: 429`
/// (aws-sdk-java), `statusCode: 503` / `"statusCode":403` / `httpStatusCode: 429` (Node, JS v3
/// `$metadata`; its quotes JSON-escaped in a response body quoted inside an error message),
/// `status_code=502`, `HTTP/1.1 503`, `HTTP Error 503` (urllib), `503 Server Error`
/// (requests), `Request failed with status code 500` (axios), `503 Service Unavailable`, and
/// libcurl's `CURLE_HTTP_RETURNED_ERROR` text `The requested URL returned error: 502` (PHP's
/// curl extension, Bref's runtime client).
static HTTP_STATUS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r#"(?i)(?:\bstatus[ _-]?code|http[ _-]?status(?:[ _-]?code)?|\bstatus)\\?"?\s*[:=]?\s*\\?"?(\d{3})\b"#,
        r"|\bHTTP(?:/\d(?:\.\d)?)?\s+(?:error\s+)?(\d{3})\b",
        r"|\b(\d{3}) (?:Server Error|Client Error|Too Many Requests|Service Unavailable|Bad Gateway|Gateway Time-?out|Internal Server Error|Forbidden|Unauthorized)",
        r"|The requested URL returned error: (\d{3})\b",
    ))
    .expect("static regex")
});

/// Classify a parsed event. `text` is the full event text the evidence offsets refer to.
pub fn classify(parsed: &ParsedMessage<'_>, text: &str) -> Option<Classification> {
    if let Some(platform) = &parsed.platform {
        return classify_platform(platform);
    }
    if parsed.level.is_some_and(Level::is_quiet) {
        return relogged_runtime_line(parsed);
    }
    if let Some(span) = legacy_init_message(parsed.body) {
        return Some(found(
            FailureClass::InitError,
            span,
            "runtime_loader_message",
            false,
        ));
    }
    if let Some(line) = telemetry_log_line(parsed) {
        return line;
    }
    if let Some(rest) = after_lambda_warning(parsed.body) {
        // The warning lines say nothing; what follows them in the same event (a traceback the
        // reader joined on) is classified on its own, as a line with no level. Every leading
        // warning line is skipped at once (`after_lambda_warning`), so an event of thousands
        // of them costs one pass and cannot recurse.
        let inner = crate::parse::parse_message(rest);
        return classify(&inner, inner.body).map(|mut c| {
            c.evidence = None;
            c
        });
    }
    if is_warning(parsed.body) || is_console_trace(parsed.body, parsed.level) {
        return None;
    }
    let context = TextContext {
        level: parsed.level,
        error_type: parsed.error_type.filter(|t| !t.is_empty()),
        logger_record: parsed.is_json && parsed.level.is_some(),
        runtime_error_report: parsed.runtime_error_report,
    };
    let c = classify_text(text, &context)?;
    // The Node.js runtime's report of an error that escaped (`Uncaught Exception`, `Unhandled
    // Promise Rejection`) written outside any invocation: the function's modules were loading,
    // or a promise they created failed, so the function did not initialise (the shared set's
    // README, "Classes": an exception in the handler's initialisation is `init_error`).
    if parsed.outside_invocation
        && c.class == FailureClass::UnhandledException
        && c.signal == "uncaught"
        && node_runtime_uncaught_report(parsed)
    {
        return Some(Classification {
            class: FailureClass::InitError,
            signal: "uncaught_outside_invocation",
            ..c
        });
    }
    Some(c)
}

/// The Node.js runtime's own report of an escaped error: `Uncaught Exception` or `Unhandled
/// Promise Rejection`, then the error object (aws-lambda-nodejs-runtime-interface-client's
/// `process.on` handlers log the label and the serialised error; pretty-printed, the object
/// starts on the next line, which the reader makes an event of its own), or Lambda's
/// `Runtime.UnhandledPromiseRejection` type. A line the function logs with those words is not.
fn node_runtime_uncaught_report(parsed: &ParsedMessage<'_>) -> bool {
    parsed.error_type == Some("Runtime.UnhandledPromiseRejection")
        || ["Uncaught Exception", "Unhandled Promise Rejection"]
            .iter()
            .any(|label| {
                parsed
                    .body
                    .strip_prefix(label)
                    .map(str::trim_start)
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('{'))
            })
}

/// A JSON record at a quiet level whose `message` is a raw line of the Lambda runtime or
/// platform (`REPORT RequestId: …`, `<time> <request id> Task timed out after …`): a wrapper
/// (a log shipper, a framework) re-logged the function's output under its own level, which
/// says nothing about that line. The inner line is classified on its own, as a line with no
/// level (so only strong evidence counts); its offsets do not refer to `text`, so the
/// classification carries no span.
fn relogged_runtime_line(parsed: &ParsedMessage<'_>) -> Option<Classification> {
    if !parsed.is_json {
        return None;
    }
    let message = crate::parse::json_str_field(parsed.body, "message")?;
    let first = *message.as_bytes().first()?;
    if !(first.is_ascii_digit()
        || message.starts_with("REPORT ")
        || message.starts_with("RequestId:"))
    {
        return None;
    }
    let inner = json_unescape(message);
    let inner_parsed = crate::parse::parse_message(&inner);
    let raw_line = inner_parsed.platform.is_some()
        || inner_parsed.request_id.is_some() && inner_parsed.level.is_none();
    if !raw_line {
        return None;
    }
    let mut c = classify(&inner_parsed, inner_parsed.body)?;
    c.evidence = None;
    Some(c)
}

/// A Telemetry API / Logs API record of the function's or an extension's own output
/// (`{"time": …, "type": "function", "record": "<the log line>"}`, Lambda Developer Guide,
/// "Telemetry API" event schema): the record is the line, with its own header, and is
/// classified as one; the envelope says nothing. `None` when the body is not such a record.
/// Offsets into the unescaped line do not refer to the envelope, so there is no span.
fn telemetry_log_line(parsed: &ParsedMessage<'_>) -> Option<Option<Classification>> {
    if !parsed.is_json || parsed.level.is_some() || parsed.error_type.is_some() {
        return None;
    }
    let kind = crate::parse::json_str_field(parsed.body, "type")?;
    if kind != "function" && kind != "extension" {
        return None;
    }
    crate::parse::json_str_field(parsed.body, "time")?;
    let record = crate::parse::json_str_field(parsed.body, "record")?;
    let line = json_unescape(record);
    let inner = crate::parse::parse_message(&line);
    Some(classify(&inner, inner.body).map(|mut c| {
        c.evidence = None;
        c
    }))
}

/// A JSON string field's raw text (as `json_str_field` returns it) unescaped as JSON; a
/// truncated or invalid escape keeps the raw text.
fn json_unescape(raw: &str) -> String {
    serde_json::from_str::<String>(&format!("\"{raw}\"")).unwrap_or_else(|_| raw.to_string())
}

/// The signal of a REPORT whose only failure evidence is Max Memory Used ≥ Memory Size.
pub const MEMORY_FIGURES: &str = "platform_memory_figures";

/// The signal of an init-phase report (`INIT_REPORT … Status: error  Error Type:
/// Runtime.ExitError`): the runtime exited while the function was being initialised. Lambda's
/// own record that init failed (DESIGN.md: `INIT_REPORT ... Status: error` is `init_error`);
/// how it exited, when the batch shows it, is settled in aggregate.rs.
pub const INIT_EXIT: &str = "platform_init_exit";
/// The emulator's `Init failed` record, read as a failed init (aggregate.rs).
pub const EMULATOR_INIT_FAILURE: &str = "emulator_init_failure";

/// The signal of a stack trace that names no exception (a goroutine dump, bare frames).
pub const STACK_DUMP: &str = "stack_dump";

/// What the parser knows about the text being classified.
#[derive(Debug, Clone, Copy, Default)]
pub struct TextContext<'a> {
    pub level: Option<Level>,
    /// `errorType` of a Lambda error object.
    pub error_type: Option<&'a str>,
    /// A structured logger's record (JSON with a level): its stack traces are handled errors.
    pub logger_record: bool,
    /// The runtime's own text report of an uncaught error (`ParsedMessage::runtime_error_report`).
    pub runtime_error_report: bool,
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
    // Memory at its limit with no status or error type: the platform did not say it killed
    // anything, so a cause the invocation shows elsewhere wins (aggregate.rs).
    let figures_only = class == FailureClass::OutOfMemory
        && metrics.error_type.is_none()
        && metrics
            .status
            .as_deref()
            .is_none_or(|s| s.eq_ignore_ascii_case("success"));
    let init_exit = class == FailureClass::InitError
        && metrics
            .error_type
            .as_deref()
            .is_some_and(|t| t.contains("ExitError"));
    Some(Classification {
        class,
        evidence: None,
        signal: if figures_only {
            MEMORY_FIGURES
        } else if init_exit {
            INIT_EXIT
        } else {
            "platform_report"
        },
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
        "error" | "failure" => Some(if init_phase {
            // Whatever the error type: the init phase failed (an exit in it is weighed against
            // the exit's own line in aggregate.rs).
            FailureClass::InitError
        } else if error_type.contains("ExitError") || status == "failure" {
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

/// The managed runtimes' `LAMBDA_WARNING: Unhandled exception. The most likely cause is …`
/// (awslambdaric's bootstrap, printed beside the error it reports) is a warning about an
/// error, not the error: returns what follows its line in the same event (empty when
/// nothing does).
fn after_lambda_warning(body: &str) -> Option<&str> {
    let warning = body.trim_start();
    if !warning.starts_with("LAMBDA_WARNING: ") {
        return None;
    }
    // Every following warning line too, bare or under the runtime's header: one pass.
    let mut rest = warning;
    while is_lambda_warning_line(rest.split('\n').next().unwrap_or("")) {
        match rest.split_once('\n') {
            Some((_, next)) => rest = next,
            None => return Some(""),
        }
    }
    Some(rest)
}

/// `LAMBDA_WARNING: …` heading the line, or after the runtime's tab-separated header.
fn is_lambda_warning_line(line: &str) -> bool {
    const WARNING: &[u8] = b"LAMBDA_WARNING: ";
    let head = &line.as_bytes()[..line.len().min(120)];
    line.trim_start().starts_with("LAMBDA_WARNING: ")
        || memchr::memmem::find(head, WARNING).is_some_and(|at| at > 0 && head[at - 1] == b'\t')
}

/// Node's `console.trace()`: `Trace`, or `Trace: <message>`, then the stack, on stderr (Node.js
/// API, "console.trace"). A debugging print of where the code is, not a failure, when the line
/// has no level (a quiet level has already ruled the line out; a failure level keeps it).
fn is_console_trace(body: &str, level: Option<crate::parse::Level>) -> bool {
    let Some(rest) = body.trim_start().strip_prefix("Trace") else {
        return false;
    };
    let rest = rest.trim_start_matches([' ', '\t']);
    level.is_none() && (rest.is_empty() || rest.starts_with(['\n', '\r']) || rest.starts_with(": "))
}

/// A message that names itself a warning: Node's `(node:8) [DEP0005] DeprecationWarning: …`
/// and `(node:8) Warning: …` (process warnings, printed on stderr, which Lambda tags ERROR),
/// Node before v6's `(node) warning: …` (the same warnings, before they had a pid or a name),
/// Python's `warnings` format `path.py:12: UserWarning: …`, or any `…Warning: …` head.
fn is_warning(body: &str) -> bool {
    static WARNING: LazyLock<memchr::memmem::Finder<'static>> =
        LazyLock::new(|| memchr::memmem::Finder::new("Warning"));
    let mut head = body.trim_start();
    if head.starts_with("(node) warning: ") {
        return true;
    }
    if WARNING.find(body.as_bytes()).is_none() {
        return false;
    }
    if let Some(rest) = head.strip_prefix("(node:") {
        match rest.find(") ") {
            Some(i) if rest[..i].bytes().all(|b| b.is_ascii_digit()) => {
                head = rest[i + 2..].trim_start()
            }
            _ => return false,
        }
        if head.starts_with('[') {
            if let Some(i) = head.find("] ") {
                head = head[i + 2..].trim_start();
            }
        }
    }
    let first_line = head.split(['\n', '\r']).next().unwrap_or("");
    // Node < 15 reports an unhandled rejection as a warning; its payload is the error.
    if first_line.starts_with("UnhandledPromiseRejectionWarning") {
        return false;
    }
    let category = |word: &str| {
        word.len() > "Warning".len()
            && word.ends_with("Warning")
            && word.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.')
    };
    let mut parts = first_line.splitn(3, ": ");
    let (Some(first), Some(second)) = (parts.next(), parts.next()) else {
        return false;
    };
    // `DeprecationWarning: …` / `Warning: …`, or Python's `path.py:12: UserWarning: …`.
    category(first)
        || first == "Warning"
        || parts.next().is_some()
            && category(second)
            && first
                .rsplit(':')
                .next()
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

#[derive(Default)]
struct Found {
    /// The most specific class signal that holds, with its span and signal name.
    best: Option<(FailureClass, (usize, usize), &'static str)>,
    exit: Option<((usize, usize), &'static str)>,
    killed: Option<(usize, usize)>,
    stack: Option<(usize, usize)>,
    uncaught: Option<((usize, usize), &'static str)>,
}

impl Found {
    fn offer(&mut self, class: FailureClass, span: (usize, usize), signal: &'static str) {
        if self.best.is_none_or(|(b, _, _)| class < b) {
            self.best = Some((class, span, signal));
        }
    }
}

/// Classify free text (an event body, a whole JSON record, an error type).
pub fn classify_text(text: &str, context: &TextContext<'_>) -> Option<Classification> {
    let mut loader = None;
    let c = classify_report(text, context, &mut loader)?;
    // A failure raised while the runtime was loading the handler (its loader's frames are in
    // the trace) is the function failing to initialise, whatever the exception: the platform
    // outcome comes before the cause (DESIGN.md, "Failure classes"), and an exception in the
    // handler's initialisation is `init_error` (the shared set's README, "Classes").
    if !c.class.is_platform_outcome() {
        if let Some(span) = loader.filter(|&span| loads_the_handler(text, span)) {
            return Some(found(
                FailureClass::InitError,
                span,
                "runtime_loader_frame",
                false,
            ));
        }
        if let Some(span) = context
            .error_type
            .and_then(|t| init_phase_error_type(text, t))
        {
            return Some(found(
                FailureClass::InitError,
                span,
                "lambda_error_type",
                false,
            ));
        }
    }
    Some(c)
}

/// The Ruby runtime names an error by the phase it escaped: `Function<TypeError>` from the
/// handler, `Init<LoadError>` while the function was being initialised (Lambda Developer
/// Guide, "AWS Lambda function errors in Ruby"; aws_lambda_ric's `LambdaError`). An error of
/// the init phase is `init_error` whatever its class, unless that class is itself a platform
/// outcome (`Init<SignalException>` is an exit, `Init<NoMemoryError>` out of memory), which
/// the caller has already returned. Returns the span of the type in `text`.
fn init_phase_error_type(text: &str, error_type: &str) -> Option<(usize, usize)> {
    let class = error_type.strip_prefix("Init<")?.strip_suffix('>')?;
    if class.is_empty() {
        return None;
    }
    let at = text.find(error_type)?;
    Some((at, at + error_type.len()))
}

/// Whether the loader frame at `span` is the runtime loading the handler. Python prints a
/// traceback outermost call first, so importlib's frames are the runtime importing the handler
/// module only when no frame of the deployment package (`/var/task/`) runs before them; a
/// handler that calls `importlib.import_module` itself shows its own frame first. (Node's and
/// .NET's loader frames exist only while the runtime loads the handler.)
fn loads_the_handler(text: &str, (start, end): (usize, usize)) -> bool {
    match &text[start..end] {
        vocab::PYTHON_IMPORTLIB_FRAME => !text[..start].contains("File \"/var/task/"),
        // Node prints the innermost frame first: CommonJS's `Module._compile` is the runtime
        // requiring the handler's module when the code that threw is the deployment
        // package's (a `/var/task/` frame above it; a container image with another task root
        // is not recognised) and every frame below it is the module system's own (Node
        // internals, another module's top-level code for a nested `require`, the runtime in
        // /var/runtime). A frame of any other code below it (a handler or a layer calling
        // `require`, a tool such as ts-node running the file) is code loading a module during
        // an invocation, and Node's `Invoke Error` is an invocation's by definition.
        vocab::NODE_MODULE_COMPILE_FRAME => {
            text[..start].contains("/var/task/")
                && !text.contains("Invoke Error")
                && only_module_system_frames(&text[end..])
        }
        // A `require` in progress with nothing but the module system on the stack, innermost
        // frame to outermost: the error arose while modules were being loaded, before any
        // handler ran (older Node versions print a `SyntaxError` in a required file this way,
        // with no `Module._compile` frame).
        vocab::NODE_MODULE_LOAD_FRAME => {
            !text.contains("Invoke Error")
                && only_module_system_frames(&text[..start])
                && only_module_system_frames(&text[end..])
        }
        _ => true,
    }
}

/// Whether every V8 frame in `frames` (`at fn (location)` lines, or the quoted entries of a
/// Lambda error object's `stackTrace`) belongs to Node's module system: its internals
/// (`node:internal/…`, `internal/…`, `module.js`, `node:…`), a module's top-level code
/// (`Object.<anonymous>`), or the Lambda runtime itself (`/var/runtime/`).
fn only_module_system_frames(frames: &str) -> bool {
    static FRAME: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"(?:\bat |")([^"\n()]*?) ?\(([^()\n"]*)\)"#).expect("static regex")
    });
    FRAME.captures_iter(frames).all(|c| {
        let function = c.get(1).map_or("", |m| m.as_str().trim());
        let function = function.strip_prefix("at ").unwrap_or(function);
        let location = c.get(2).map_or("", |m| m.as_str());
        function == "Object.<anonymous>"
            || location.starts_with("node:")
            || location.starts_with("internal/")
            || location.starts_with("module.js")
            || location.contains("/var/runtime/")
    })
}

/// `loader` receives the span of the first handler-loader frame ([`vocab::marker::LOADER_FRAME`]),
/// found by the same pass as every other term.
fn classify_report(
    text: &str,
    context: &TextContext<'_>,
    loader: &mut Option<(usize, usize)>,
) -> Option<Classification> {
    let matcher = &*MATCHER;
    let failure_level = context.level.is_some_and(|l| l >= Level::Error);
    let error_object = context.error_type.is_some();
    // Weak terms are collected apart: they count only once the text proves to be a failure
    // report (failure level, error object or stack trace).
    let mut strong = Found::default();
    let mut weak = Found::default();
    let mut markers = 0u32;
    // The runtime's message that decides the class: the event's over the response's (the
    // handler never ran on a rejected event), each at its first match.
    let mut runtime_message: Option<(FailureClass, (usize, usize), &'static str)> = None;
    matcher.each_match(text, |index, span| {
        let term = matcher.terms[index];
        if let Kind::Marker(bit) = term.kind {
            if bit & marker::CASELESS != 0 || &text[span.0..span.1] == matcher.texts[index] {
                markers |= bit;
                if bit == marker::LOADER_FRAME && loader.is_none() {
                    *loader = Some(span);
                }
            }
            return;
        }
        if !term_holds(text, span, matcher.texts[index], &term)
            || markers & marker::PYTHON_FRAME != 0 && in_python_source_line(text, span.0)
        {
            return;
        }
        if let (Shape::RuntimeMessage, Kind::Class(class)) = (term.shape, term.kind) {
            let event_over_response = |kept: &'static str| {
                term.signal == vocab::RUNTIME_INPUT_SIGNAL && kept != vocab::RUNTIME_INPUT_SIGNAL
            };
            if runtime_message.is_none_or(|(_, _, kept)| event_over_response(kept)) {
                runtime_message = Some((class, span, term.signal));
            }
        }
        let strong_here = (term.strong && (term.signal != "errno" || errno_in_shape(text, span)))
            || (term.signal == "runtime_loader_message" && go_start_error_in_shape(text, span));
        let found = if strong_here { &mut strong } else { &mut weak };
        match term.kind {
            Kind::Class(class) => found.offer(class, span, term.signal),
            Kind::Exit => found.exit = found.exit.or(Some((span, term.signal))),
            Kind::Killed => found.killed = found.killed.or(Some(span)),
            Kind::Stack => found.stack = found.stack.or(Some(span)),
            Kind::Uncaught => found.uncaught = found.uncaught.or(Some((span, term.signal))),
            Kind::Marker(_) => {}
        }
    });
    // A platform outcome named by Lambda's own words needs nothing else (no weak term is more
    // specific than a timeout, an out-of-memory or an init error).
    if strong.killed.is_none() {
        if let Some((class, span, signal)) = strong.best.filter(|(c, _, _)| c.is_platform_outcome())
        {
            return Some(found(class, span, signal, false));
        }
    }
    // The runtime rejected the event before the handler ran: what its message quotes after
    // that (the deserializer's text, values of the event such as `"AccessDenied"`) is payload,
    // not a cause. Or it could not write the handler's response: the serializer exceptions it
    // wraps say nothing of the input.
    if let Some((class, span, signal)) = runtime_message {
        return Some(found(class, span, signal, false));
    }
    // The checks below scan the text again; each runs only when it can still change the answer.
    let stack = std::cell::OnceCell::new();
    let stack = || {
        *stack.get_or_init(|| {
            strong
                .stack
                .or(weak.stack)
                .or_else(|| frame_lines(text))
                .or_else(|| {
                    (markers & marker::HEAD != 0)
                        .then(|| inline_frame(text))
                        .flatten()
                })
        })
    };
    // Lambda's error object without a type (`{"errorMessage": "…"}`: a thrown string or an
    // error value the handler returned).
    let error_message_only = || !error_object && markers & marker::ERROR_MESSAGE != 0;
    let service_error = || {
        marker::SERVICE_ERROR_PAIRS
            .iter()
            .any(|&(a, b)| markers & a != 0 && markers & b != 0)
    };
    let trusted = failure_level
        || error_object
        || strong.uncaught.is_some()
        || stack().is_some()
        || error_message_only()
        || service_error()
        || markers & marker::HEAD != 0 && exception_head(text).is_some();
    // Looked for only when nothing else makes the text a failure report.
    let dotnet_report = (!trusted && markers & marker::EXCEPTION_WORD != 0)
        .then(|| dotnet_runtime_report(text))
        .flatten();
    // The Python and Java runtimes' reports of an escaped error: looked for whatever else made
    // the text a failure report, since they say the error was not handled.
    let runtime_report = (context.runtime_error_report && markers & marker::HEAD != 0)
        .then(|| exception_head(text))
        .flatten()
        .or_else(|| {
            (markers & marker::EXCEPTION_WORD != 0)
                .then(|| java_runtime_report(text))
                .flatten()
        });
    let rust_main = (!trusted && dotnet_report.is_none() && markers & marker::HEAD != 0)
        .then(|| rust_main_error(text))
        .flatten();
    let system_call = (!trusted && markers & marker::HEAD != 0)
        .then(|| node_system_error(text))
        .flatten();
    let ruby_report = (!trusted && dotnet_report.is_none() && text.contains(":in "))
        .then(|| ruby_uncaught_head(text))
        .flatten();
    let trusted = trusted
        || dotnet_report.is_some()
        || rust_main.is_some()
        || runtime_report.is_some()
        || system_call.is_some()
        || ruby_report.is_some();
    if !trusted && strong.best.is_none() && strong.exit.is_none() && strong.killed.is_none() {
        return None;
    }
    let mut f = Found {
        best: strong.best,
        exit: strong.exit,
        killed: strong.killed,
        stack: strong.stack,
        uncaught: strong.uncaught.or(dotnet_report
            .or(runtime_report)
            .or(ruby_report)
            .map(|span| (span, "uncaught"))),
    };
    if trusted {
        // A weak platform word does not outrank a cause that strong evidence names (`…
        // AccessDeniedException …; previous run: GC overhead limit exceeded`).
        if let Some((class, span, signal)) = weak.best.filter(|&(class, _, _)| {
            !(class.is_platform_outcome()
                && f.best.is_some_and(|(b, _, _)| !b.is_platform_outcome()))
        }) {
            f.offer(class, span, signal);
        }
        f.exit = f.exit.or(weak.exit);
        f.uncaught = f.uncaught.or(weak.uncaught);
        // A status code means throttling, permission or a dependency; only look when that
        // could beat what was found.
        if f.best
            .is_none_or(|(b, _, _)| b > FailureClass::PermissionDenied)
        {
            if let Some((class, span)) = http_status(text) {
                f.offer(class, span, "http_status");
            }
        }
        // The report says what was wrong with the input (the README's `bad_input`: "the
        // event/payload was malformed or missing fields; explicit input validation
        // exceptions"), whatever exception type carries it.
        if markers & marker::INPUT_DEFECT_WORD != 0
            && f.best.is_none_or(|(b, _, _)| b > FailureClass::BadInput)
        {
            if let Some(span) = input_defect_message(text) {
                f.offer(FailureClass::BadInput, span, "input_defect_message");
            }
        }
        let json_parse = marker::SYNTAX_ERROR | marker::JSON_PARSE_FRAME;
        if markers & json_parse == json_parse
            && f.best.is_none_or(|(b, _, _)| b > FailureClass::BadInput)
        {
            if let Some(span) = json_parse_syntax_error(text) {
                f.offer(FailureClass::BadInput, span, "json_parse_syntax_error");
            }
        }
    }
    if let Some(span) = f.killed {
        // Explicit memory messages outrank the kill; otherwise the memory rule decides later.
        if f.best
            .is_none_or(|(b, _, _)| b >= FailureClass::RuntimeExit)
        {
            return Some(found(
                FailureClass::RuntimeExit,
                span,
                "lambda_platform_message",
                true,
            ));
        }
    }
    if let Some((class, span, signal)) = f.best.filter(|(c, _, _)| c.is_platform_outcome()) {
        return Some(found(class, span, signal, false));
    }
    if let Some((class, span, signal)) = f.best {
        return Some(found(class, span, signal, false));
    }
    // A generic exception: the runtime reported it (uncaught, error object, stack) or someone
    // logged it.
    let handled = if context.logger_record || python_logging_error_report(text) {
        FailureClass::Error
    } else {
        FailureClass::UnhandledException
    };
    let exception = std::cell::OnceCell::new();
    let exception = || *exception.get_or_init(|| if trusted { exception_name(text) } else { None });
    if f.exit.is_none() && service_error() {
        // A service rejected the request with a code no vocabulary names (a failed DynamoDB
        // condition, an invalid KMS ciphertext): the code chose to surface the SDK's error.
        let span = exception().unwrap_or((0, 0));
        return Some(found(FailureClass::Error, span, "aws_service_error", false));
    }
    // A panic names itself; so does an exception (a name, a Lambda error object or the runtime
    // saying it was uncaught). A bare stack dump does not: a segfault prints one too.
    let panic = f
        .stack
        .or(weak.stack)
        .filter(|&(s, e)| text[s..e].starts_with("pan"));
    let cause = if let Some((span, signal)) = f.uncaught {
        Some(found(FailureClass::UnhandledException, span, signal, false))
    } else if error_object
        && (!context.error_type.is_some_and(is_lambda_error_type) || f.exit.is_none())
    {
        // Lambda's error object (`errorType` + `errorMessage`) is how the runtime reports an
        // error that escaped the handler, whatever the record's level.
        // (Also in a JSON log-format record: the runtime writes its uncaught-error record with
        // the same fields; loggers name handled exceptions `exception` / `stack` instead.)
        // A Lambda type (`Runtime.*`, `Function.*`, …) no vocabulary names is still the
        // runtime reporting a failed invocation: the emulator accepts any
        // `(Runtime|Function).Name` a runtime sends (lambda/fatalerror). Only an exit type
        // (`Runtime.ExitError`) is left to the exit rule below.
        let span = exception().unwrap_or((0, 0));
        Some(found(
            FailureClass::UnhandledException,
            span,
            "lambda_error_object",
            false,
        ))
    } else if let Some(span) = panic {
        Some(found(
            FailureClass::UnhandledException,
            span,
            "panic",
            false,
        ))
    } else if let (Some(_), Some(span)) = (stack(), exception()) {
        Some(found(handled, span, "exception_with_stack", false))
    } else {
        None
    };
    if let Some((span, signal)) = f.exit {
        // An exit is a consequence: the cause the same text shows wins (DESIGN.md).
        return Some(
            cause.unwrap_or_else(|| found(FailureClass::RuntimeExit, span, signal, false)),
        );
    }
    if cause.is_some() {
        return cause;
    }
    if let Some(span) = stack() {
        return Some(found(handled, span, STACK_DUMP, false));
    }
    if let Some(span) = system_call {
        return Some(found(FailureClass::Error, span, "system_call_error", false));
    }
    if let Some(span) = exception() {
        // Without a stack trace, an exception name is a message someone logged, not a crash.
        return Some(found(FailureClass::Error, span, "logged_exception", false));
    }
    if failure_level {
        return Some(found(FailureClass::Error, (0, 0), "error_level", false));
    }
    if let Some(span) = rust_main {
        return Some(found(FailureClass::Error, span, "rust_main_error", false));
    }
    if error_message_only() {
        return Some(found(
            FailureClass::Error,
            (0, 0),
            "lambda_error_object",
            false,
        ));
    }
    None
}

/// A failure report's words for a defect of the invocation's input. The input is named by the
/// Lambda programming model's own words for it: the `event` the handler receives and the
/// `trigger` that sent it (Lambda Developer Guide, "Lambda function handler", "Invoking Lambda
/// with events from other AWS services"). A defect qualifies it, before (`unsupported event`,
/// `missing HTTP method in request event`, `unable to determine handler from trigger event`,
/// `not supported trigger`) or after (`event object failed validation`, `event is missing`).
/// Not the words an application's own calls share (`request`, `field`, `payload`, `body`,
/// `input`): an SDK's parameter check (`missing required field, PutItemInput.TableName`), a
/// service refusing the request the code built (`Missing required header for this request`,
/// `Invalid JSON payload received`) or a bug (`Unsupported field: HourOfDay`) says them too. Not
/// the AWS resources named after events (`event source mapping`, `event bus`, `event rule`,
/// `event stream`). Only on a failure report (the caller's `trusted`), on no line with a lower
/// level of its own, not when the words between name an error of their own (`unknown error
/// handling event`), and not after the word `response` on its line: the handler's own output
/// failed a check.
fn input_defect_message(text: &str) -> Option<(usize, usize)> {
    const INPUT: &str = r"(?:event|trigger)s?";
    static BEFORE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(
            r"(?i)\b(?:invalid|missing|malformed|unsupported|not supported|unknown|unexpected|mandatory|required|unable to (?:determine|infer)|cannot determine|could not determine)(?:[ \t]+[\w.\-/]+){{0,4}}?[ \t]+{INPUT}\b"
        ))
        .expect("input defect pattern")
    });
    static AFTER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(
            r"(?i)\b{INPUT}[ \t]+(?:object[ \t]+)?(?:failed validation|is (?:missing|invalid|required|malformed|mandatory|not valid|not supported)|not supported|required|missing|malformed)\b"
        ))
        .expect("input defect pattern")
    });
    fn words(s: &str) -> impl Iterator<Item = &str> {
        s.split(|c: char| !c.is_ascii_alphabetic())
    }
    let own_lower_level = |at: usize| {
        let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
        words(&text[line_start..line_end])
            .any(|word| matches!(word, "INFO" | "DEBUG" | "WARN" | "WARNING" | "TRACE"))
            || words(&text[line_start..at]).any(|word| word.eq_ignore_ascii_case("response"))
    };
    // No defect word or noun names an error itself, so the whole match stands for the words
    // between (and a match without captures is the cheaper search).
    let names_an_error = |matched: &str| {
        let lower = matched.to_ascii_lowercase();
        ["error", "exception", "fail"]
            .iter()
            .any(|w| lower.contains(w))
    };
    let names_a_resource = |end: usize| {
        let next = words(text[end..].trim_start_matches([' ', '\t']))
            .next()
            .unwrap_or("");
        [
            "source", "sources", "bus", "buses", "rule", "rules", "mapping", "mappings", "stream",
            "streams",
        ]
        .iter()
        .any(|resource| next.eq_ignore_ascii_case(resource))
    };
    let before = BEFORE
        .find_iter(text)
        .find(|m| {
            !names_an_error(m.as_str()) && !names_a_resource(m.end()) && !own_lower_level(m.start())
        })
        .map(|m| (m.start(), m.end()));
    before.or_else(|| {
        AFTER
            .find_iter(text)
            .find(|m| !own_lower_level(m.start()))
            .map(|m| (m.start(), m.end()))
    })
}

/// The legacy Node.js (4.3 to 8.10) and Python runtimes' report of a handler module that threw
/// while it was loaded: `module initialization error` heading the message (`module
/// initialization error: TypeError`). (As the whole `errorMessage` of the error object it is a
/// vocabulary term.) An application's own `Email module initialization error: …` is not the
/// runtime's.
fn legacy_init_message(body: &str) -> Option<(usize, usize)> {
    const MESSAGE: &str = "module initialization error";
    let head = body.trim_start();
    let rest = head.strip_prefix(MESSAGE)?;
    if !(rest.is_empty() || rest.starts_with(':') || rest.starts_with(['\n', '\r'])) {
        return None;
    }
    let start = body.len() - head.len();
    Some((start, start + MESSAGE.len()))
}

/// CPython's `logging.Handler.handleError` report: a handler failed to emit a record, and logging
/// printed `--- Logging error ---` and the traceback instead of raising. The function goes on:
/// a handled error, not an uncaught one.
fn python_logging_error_report(text: &str) -> bool {
    text.trim_start().starts_with("--- Logging error ---")
}

/// `Runtime.ExitError` and friends: Lambda's own types, not a language exception.
fn is_lambda_error_type(error_type: &str) -> bool {
    ["Runtime.", "Sandbox.", "Extension.", "Function."]
        .iter()
        .any(|p| error_type.starts_with(p))
}

fn found(
    class: FailureClass,
    span: (usize, usize),
    signal: &'static str,
    killed_signal: bool,
) -> Classification {
    Classification {
        class,
        evidence: (span.1 > span.0).then_some(span),
        signal,
        from_platform: false,
        killed_signal,
        memory_evidence: false,
    }
}

/// A term counts at word boundaries only (an escaped `\n` before it is a boundary), and an
/// identifier term only with its own case.
fn term_holds(text: &str, span: (usize, usize), term_text: &str, term: &Term) -> bool {
    let bytes = text.as_bytes();
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let first = term_text.as_bytes()[0];
    let last = term_text.as_bytes()[term_text.len() - 1];
    let left_bounded = term.signal != vocab::SUFFIX_SIGNAL;
    if left_bounded && word(first) && span.0 > 0 && word(bytes[span.0 - 1]) {
        let escaped = span.0 >= 2
            && bytes[span.0 - 2] == b'\\'
            && matches!(bytes[span.0 - 1], b'n' | b'r' | b't');
        if !escaped {
            return false;
        }
    }
    if word(last) && span.1 < bytes.len() && word(bytes[span.1]) {
        return false;
    }
    match term.shape {
        Shape::Any | Shape::RuntimeMessage => {}
        Shape::ShellLineNumber => {
            if !heads_its_line_or_string(line_before(text, span.0))
                || !shell_error_line_number(&bytes[span.1..])
            {
                return false;
            }
        }
        Shape::BeforeTheHandlerRuns => {
            // The Java runtime calls the handler through aws-lambda-java-core's
            // `RequestHandler.handleRequest` / `RequestStreamHandler.handleRequest`: with that
            // frame on the stack the handler was running, so a class it could not load then
            // (on first use, JLS 12.4.1) is the code's exception in that invocation, not the
            // function failing to initialise.
            if text.contains(".handleRequest(") {
                return false;
            }
        }
        Shape::WholeDetailMessage => {
            let after = &bytes[span.1..];
            let ends = after.is_empty()
                || matches!(after[0], b'\n' | b'\r' | b'"' | b'\'' | b')')
                || after.starts_with(b"\\n")
                || after.starts_with(b"\\r");
            if !bytes[..span.0].ends_with(b": ") || !ends {
                return false;
            }
        }
        Shape::LineHead => {
            if span.0 > 0 && bytes[span.0 - 1] != b'\n' {
                return false;
            }
        }
        Shape::SwiftSourceLine => {
            if !after_swift_source_line(&bytes[..span.0]) {
                return false;
            }
        }
        Shape::EmulatorTimeout => {
            if !in_emulator_timeout_sentence(text, span) {
                return false;
            }
        }
        Shape::ExceptionMessage => {
            let before = line_before(text, span.0).trim();
            if !(before.is_empty() || before.ends_with("Exception:")) {
                return false;
            }
        }
        Shape::EventKey => {
            // A re-raise (`raise`, `raise e`) shows where the error passed, not the lookup
            // that raised it, so it says nothing either way.
            let reraise = |line: &str| {
                let code = line
                    .split_once('#')
                    .map_or(line, |(code, _)| code)
                    .trim_end();
                code.strip_prefix("raise").is_some_and(|name| {
                    name.is_empty()
                        || name.starts_with(' ')
                            && name
                                .trim()
                                .bytes()
                                .all(|b| b.is_ascii_alphanumeric() || b == b'_')
                })
            };
            if raising_source_line(text)
                .is_some_and(|line| !reraise(line) && !line.contains("event"))
            {
                return false;
            }
        }
        Shape::SecondsExceeded => {
            // The Zend engine's message, heading its line or after PHP's `Fatal error:` (a
            // logger's header before it carries a level of its own); prose that quotes it is not.
            let before = line_before(text, span.0).trim();
            if !(before.is_empty() || before.ends_with("Fatal error:")) {
                return false;
            }
            let after = &bytes[span.1..];
            let digits = after.iter().take_while(|b| b.is_ascii_digit()).count();
            let rest = &after[digits..];
            if digits == 0
                || !(rest.starts_with(b" seconds exceeded")
                    || rest.starts_with(b" second exceeded"))
            {
                return false;
            }
        }
        Shape::Unqualified => {
            if text[..span.0].ends_with('.') || text[..span.0].ends_with("::") {
                return false;
            }
        }
        Shape::ServerSide => {
            // RESTEasy's, Jersey's and CXF's client packages.
            if [".client.jaxrs.", "jersey.client.", ".jaxrs.client."]
                .iter()
                .any(|client| text.contains(client))
            {
                return false;
            }
        }
        Shape::PhpUncaughtClass => {
            if !php_class_then_colon(&bytes[span.1..]) {
                return false;
            }
        }
        Shape::GoUnmarshal => {
            if !line_before(text, span.0).contains("cannot unmarshal ") {
                return false;
            }
        }
        Shape::GoClientTimeout => {
            let before = text[..span.0].trim_end_matches('(').trim_end();
            if ![
                "request canceled",
                "deadline exceeded",
                "while waiting for connection",
            ]
            .iter()
            .any(|e| before.ends_with(e))
            {
                return false;
            }
        }
        Shape::HttpClientFrame => {
            if !text.contains("at System.Net.Http.") {
                return false;
            }
        }
        Shape::Deserializing => {
            // jackson-databind's `DeserializationContext` reports the type it could not build
            // as `Cannot construct instance of …`, and its frame is on the stack when shown.
            if !text.contains("Cannot construct instance of")
                && !text.contains("DeserializationContext")
            {
                return false;
            }
        }
    }
    !term.exact || &text[span.0..span.1] == term_text
}

/// Whether `pos` lies on the source a Python traceback prints under a frame header (`  File
/// "/var/task/app.py", line 27, in assume_role` and then the code of line 27, every line of it
/// when the expression spans several; CPython's `traceback` module, `StackSummary.format`), in
/// plain text or inside a JSON string (the error object's `stackTrace` entries, `\n` escaped).
/// That text is the program's code, not a message: `if e.response['Error']['Code'] ==
/// 'AccessDenied':` names a code the program compares against, not the error it met.
fn in_python_source_line(text: &str, pos: usize) -> bool {
    // Source lines and their header are short: they fit well in this window, and a match on a
    // long line costs no scan of everything before it.
    const WINDOW: usize = 1_024;
    // A statement spans a few lines at most; the caret lines of Python 3.11+ add one each.
    const MAX_SOURCE_LINES: usize = 8;
    let mut from = pos.saturating_sub(WINDOW);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let mut before = &text[from..pos];
    let Some((mut end, start)) = last_line_break(before) else {
        return false;
    };
    let line = &before[start..];
    let mut source_indent = indentation(line);
    // The runtime's exception line, indented or not, is a message.
    let head = &text[pos - line.len()..];
    if source_indent == 0 || exception_line(head.trim_start_matches(is_indent)) {
        return false;
    }
    for _ in 0..MAX_SOURCE_LINES {
        before = &before[..end];
        let start = last_line_break(before).map_or(0, |(_, start)| start);
        let previous = &before[start..];
        if let Some(header_indent) = python_frame_header_indent(previous) {
            return source_indent > header_indent;
        }
        // Source lines sit deeper than their header, which is indented: a line at the margin
        // ends the search.
        let indent = indentation(previous);
        if indent == 0 || start == 0 {
            return false;
        }
        source_indent = source_indent.min(indent);
        match last_line_break(before) {
            Some((e, _)) => end = e,
            None => return false,
        }
    }
    false
}

/// Indentation as tracebacks print it: spaces, tabs, and the no-break spaces the Lambda Python
/// runtime writes in its `[ERROR]` reports.
fn is_indent(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{a0}')
}

fn indentation(line: &str) -> usize {
    line.chars().take_while(|&c| is_indent(c)).count()
}

/// `Name: …` or `pkg.mod.Name: …` with an exception-like name heading the line.
fn exception_line(line: &str) -> bool {
    let name_len = line
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.'))
        .count();
    let name = &line[..name_len];
    line[name_len..].starts_with(':')
        && [
            "Error",
            "Exception",
            "Warning",
            "Exit",
            "Interrupt",
            "Fault",
        ]
        .iter()
        .any(|suffix| name.ends_with(suffix))
}

/// The last line break in `text` (a newline, a carriage return, both, or a JSON-escaped `\n`):
/// where it starts and where the next line starts.
fn last_line_break(text: &str) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    // `\r\n` is one break.
    let newline = memchr::memrchr2(b'\n', b'\r', bytes).map(|i| {
        let crlf = bytes[i] == b'\n' && i > 0 && bytes[i - 1] == b'\r';
        (if crlf { i - 1 } else { i }, i + 1)
    });
    let escaped = text.rfind("\\n").map(|i| (i, i + 2));
    newline
        .into_iter()
        .chain(escaped)
        .max_by_key(|&(_, start)| start)
}

/// The indentation of a Python frame header line: it heads its line, or opens a JSON string of
/// the error object's `stackTrace` (`"stackTrace": ["  File \"…`, `", "  File \"…`).
fn python_frame_header_indent(line: &str) -> Option<usize> {
    let file_at = line.rfind("File ")?;
    let lead = &line[..file_at];
    let punctuation = lead.trim_end_matches(|c| is_indent(c) || matches!(c, '"' | ',' | '['));
    if !(punctuation.is_empty() || lead[punctuation.len()..].contains('"')) {
        return None;
    }
    if !is_python_frame_header(&line[file_at..]) {
        return None;
    }
    let quote_or_start = lead.trim_end_matches(is_indent);
    Some(lead[quote_or_start.len()..].chars().count())
}

/// `File "<path>", line <N>, in <name>`, its quotes possibly JSON-escaped.
pub(crate) fn is_python_frame_header(line: &str) -> bool {
    let Some(rest) = line
        .strip_prefix("File \"")
        .or_else(|| line.strip_prefix("File \\\""))
    else {
        return false;
    };
    let Some(at) = rest.find("\", line ") else {
        return false;
    };
    let after = &rest[at + "\", line ".len()..];
    let digits = after.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && after[digits..].starts_with(", in ")
}

/// The text of `pos`'s line before `pos`.
fn line_before(text: &str, pos: usize) -> &str {
    let line_start = text[..pos].rfind('\n').map_or(0, |i| i + 1);
    &text[line_start..pos]
}

/// `after` starts with a PHP class name (namespaced with `\`) and `: `, as Zend's `Uncaught
/// <Class>: <message>` does.
fn php_class_then_colon(after: &[u8]) -> bool {
    let name = after
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_' || **b == b'\\')
        .count();
    name > 0 && !after[0].is_ascii_digit() && after[name..].starts_with(b": ")
}

/// The python2.7 runtime's `stackTrace`: a list of `[file, line, function, source]` entries
/// (the 4-tuples of Python 2's `traceback.extract_tb`, innermost frame last), so the last
/// well-formed entry's fourth field is the raising line. An entry the poster annotated or cut
/// is skipped; `None` when no entry has the shape.
fn last_frame_entry_source(text: &str) -> Option<&str> {
    fn string_at(s: &str) -> Option<(&str, &str)> {
        let body = s.strip_prefix('"')?;
        let bytes = body.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\\' => i += 2,
                b'"' => return Some((&body[..i], &body[i + 1..])),
                b'\n' => return None,
                _ => i += 1,
            }
        }
        None
    }
    fn comma(s: &str) -> Option<&str> {
        s.trim_start().strip_prefix(',').map(str::trim_start)
    }
    let entry = |at: usize| -> Option<&str> {
        let rest = text[at + 1..].trim_start();
        let (_file, rest) = string_at(rest)?;
        let rest = comma(rest)?;
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        let (_function, rest) = string_at(comma(&rest[digits..])?)?;
        let (source, rest) = string_at(comma(rest)?)?;
        rest.trim_start().starts_with(']').then_some(source.trim())
    };
    text.rmatch_indices('[')
        .find_map(|(at, _)| entry(at))
        .filter(|source| !source.is_empty())
}

/// `before` ends with `<file>.swift:<line>: `, as Swift's assertion report starts.
fn after_swift_source_line(before: &[u8]) -> bool {
    let Some(rest) = before.strip_suffix(b": ") else {
        return false;
    };
    let digits = rest.len() - rest.iter().rev().skip_while(|b| b.is_ascii_digit()).count();
    digits > 0 && rest[..rest.len() - digits].ends_with(b".swift:")
}

/// The source line of a Python traceback's last frame, the one that raised (CPython prints
/// `File "…", line N, in fn` and then the line's code, innermost frame last), in plain text or
/// JSON-escaped inside an error object's `stackTrace`; `None` when no frame shows its source.
/// A `KeyError` raised by a line that reads the handler's `event` (the parameter's name in
/// every Lambda Python example and blueprint, `def lambda_handler(event, context)`) is a key
/// the event lacks; one raised by a line on another mapping is the code's own lookup.
fn raising_source_line(text: &str) -> Option<&str> {
    let Some(header) = text
        .rmatch_indices("File ")
        .map(|(at, _)| at)
        .find(|&at| is_python_frame_header(&text[at..]))
    else {
        // Only inside an error object's `stackTrace`: a data row in a log line has the same
        // list shape.
        return text
            .contains("\"stackTrace\"")
            .then(|| last_frame_entry_source(text))
            .flatten();
    };
    let rest = &text[header..];
    let escaped = rest.starts_with("File \\\"");
    // A traceback flattened onto one line (a console that joined it) has the code right after
    // the frame's function name: `File "app.py", line 94, in handler refs = event['Records']`.
    let header_line = &rest[..rest.find('\n').unwrap_or(rest.len())];
    if let Some((_, frame)) = header_line.split_once(", in ") {
        let flattened = frame
            .split_once(' ')
            .map(|(_, code)| code.trim())
            .filter(|code| !code.is_empty() && !code.starts_with("File ") && !escaped);
        if let Some(code) = flattened {
            return Some(code);
        }
    }
    // The header ends at a line break, real or JSON-escaped, whichever comes first.
    let after = match (rest.find('\n'), rest.find("\\n")) {
        (Some(n), Some(e)) if e < n => &rest[e + 2..],
        (Some(n), _) => &rest[n + 1..],
        (None, Some(e)) => &rest[e + 2..],
        (None, None) => return None,
    };
    // Inside an error object's `stackTrace` the entry's closing quote ends the line too.
    let end = [
        after.find('\n'),
        after.find("\\n"),
        escaped.then(|| after.find("\",")).flatten(),
    ]
    .into_iter()
    .flatten()
    .min()
    .unwrap_or(after.len());
    let source = after[..end].trim();
    // A frame with no source shown (`<frozen …>`, a compiled module) is followed by the next
    // header or by the exception line itself.
    if source.is_empty() || source.starts_with("File ") || exception_line(source) {
        return None;
    }
    Some(source)
}

/// The emulators' sentences around the term: SAM CLI's `Function '` opens the line (after any
/// indentation) and a whole number of seconds follows; serverless-offline's `Your λ handler '`
/// and a whole number of milliseconds (`ms`).
fn in_emulator_timeout_sentence(text: &str, (start, end): (usize, usize)) -> bool {
    let head = line_before(text, start).trim_start();
    // SAM CLI's sentence heads its line; serverless-offline's follows its `[Serverless-Offline]`
    // tag.
    let Some((name, unit)) = head
        .strip_prefix("Function '")
        .map(|name| (name, " seconds"))
        .or_else(|| {
            head.split_once("Your λ handler '")
                .map(|(_, name)| (name, "ms"))
        })
    else {
        return false;
    };
    let after = &text[end..];
    let digits = after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    !name.is_empty() && !name.contains('\'') && digits > 0 && after[digits..].starts_with(unit)
}

/// Whether a term whose line starts with `before` opens the line or a quoted string (a JSON
/// field's value), with only a path (the script's directory) before it there.
fn heads_its_line_or_string(before: &str) -> bool {
    let path_start = before
        .rfind(|c: char| c.is_whitespace() || c == '"' || c == '\'')
        .map_or(0, |i| i + 1);
    let ahead = &before[..path_start];
    ahead.trim().is_empty() || ahead.ends_with(['"', '\''])
}

/// The shell's `<script>: line <N>: ` (bash's error format): digits, then `: `. Not bash's
/// report of a child that a signal killed, `line 3:     9 Segmentation fault      (core
/// dumped) ./app` (a process id after the line number): the script ran, and its program
/// crashed. Nor bash's own warnings (`line 1: warning: setlocale: …`).
fn shell_error_line_number(after: &[u8]) -> bool {
    let digits = after.iter().take_while(|b| b.is_ascii_digit()).count();
    if digits == 0 || !after[digits..].starts_with(b": ") {
        return false;
    }
    let rest = &after[digits + 2..];
    let rest = &rest[rest.iter().take_while(|&&b| b == b' ').count()..];
    let pid = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    !(rest.starts_with(b"warning: ") || pid > 0 && rest.get(pid) == Some(&b' '))
}

/// The Ruby interpreter's report of an exception that ended the program (`error_print` in
/// error.c): `<file>:<line>:in '<method>': <message> (<Class>)` heading a line, the class a
/// constant path (`Bundler::GemNotFound`); Ruby before 3.4 opens the method's quote with a
/// backtick. Returns the span of the class.
fn ruby_uncaught_head(text: &str) -> Option<(usize, usize)> {
    static HEAD: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?m)^[ \t]*[^\s:]+:\d+:in [`'][^'\n]*': [^\n]* \(([A-Z]\w*(?:::[A-Z]\w*)*)\)[ \t\r]*$")
            .expect("static regex")
    });
    // An exception class: Ruby's own end in `Error` or `Exception` (or are `Errno::E…`, or
    // `Interrupt`, `SystemExit`), and so do the gems' (Bundler's, in bundler/errors.rb, live in
    // `Bundler::`); any other constant in the parentheses is the message's own words.
    HEAD.captures_iter(text)
        .filter_map(|c| c.get(1))
        .find(|m| {
            let class = m.as_str();
            let last = class.rsplit("::").next().unwrap_or(class);
            last.ends_with("Error")
                || last.ends_with("Exception")
                || matches!(last, "Interrupt" | "SystemExit")
                || class.starts_with("Errno::")
                || class.starts_with("Bundler::")
        })
        .map(|m| (m.start(), m.end()))
}

/// Node's report of a failed system call, `Error: EMFILE: too many open files, open '/x'`: an
/// `Error` whose message has `uvException`'s shape, a libuv error name
/// ([`vocab::LIBUV_ERRNO_NAMES`]), `: `, libuv's lower-case description, `, ` and the call's
/// name, as Node prints the error: heading a line (`console.error(err)`, an uncaught error) or
/// `util.inspect`'s `{ Error: …`. Printed that way only when the call failed, so it is a
/// failure report without a level; a sentence that names the code (`retried after EMFILE`) or
/// quotes the error inside its own words (`not found, using defaults (Error: ENOENT: …)`) is
/// not. Returns the span of the code and its description.
fn node_system_error(text: &str) -> Option<(usize, usize)> {
    // One pass over the lines, each read from its head (a long line costs its length once).
    let mut offset = 0;
    text.split('\n').find_map(|line| {
        let line_start = offset;
        offset += line.len() + 1;
        let head = line.trim_start();
        let head = head.strip_prefix('{').map_or(head, str::trim_start);
        let rest = head.strip_prefix("Error: ")?;
        let start = line_start + (line.len() - rest.len());
        let (code, after) = rest.split_once(": ")?;
        if !vocab::LIBUV_ERRNO_NAMES.contains(&code) {
            return None;
        }
        let (description, call) = after.split_once(", ")?;
        let described = !description.is_empty()
            && description
                .bytes()
                .all(|b| b.is_ascii_lowercase() || matches!(b, b' ' | b'\'' | b'-' | b'/'));
        let name = call
            .bytes()
            .take_while(|b| b.is_ascii_lowercase() || *b == b'_')
            .count();
        let ends = call[name..].is_empty() || call[name..].starts_with([' ', '\'', '\r', ',', '"']);
        (described && name > 0 && ends).then(|| (start, start + code.len() + 2 + description.len()))
    })
}

/// The go1.x runtime's failed start of the handler binary in Go's own shape: `os.PathError`'s
/// message is `op path: err` (os/error.go), and for `fork/exec` the error is the system call's
/// errno string (syscall/zerrors_linux_*.go: `no such file or directory` for ENOENT, `exec
/// format error` for ENOEXEC, `permission denied` for EACCES). The go1.x runtime prints its
/// report of that failure with no level, as the whole line (`fork/exec /var/task/main: no such
/// file or directory: PathError`, then the stack trace, `null`), so in that shape it is strong:
/// the handler binary under `/var/task/` opens the line, and the errno string ends it (or the
/// error type and its `null` stack trace follow). A sentence that quotes it, or a handler's own
/// report of a program it ran (`convert failed: fork/exec /var/task/bin/ffmpeg: …`), stays weak.
/// The runtime interface emulator's record of the same failure, `Init failed error=<err>
/// InvokeID=<id>` (rapid's message and its logrus fields, here with its `(rapid)` prefix and
/// header cut off), is the same line for a `provided` bootstrap.
fn go_start_error_in_shape(text: &str, (start, end): (usize, usize)) -> bool {
    // The errno strings that execve(2) documents for a program it cannot start (ENOENT,
    // ENOEXEC, EACCES, EINVAL, ETXTBSY, ENOTDIR, EPERM), as Go spells them.
    const ERRNO: [&str; 7] = [
        ": no such file or directory",
        ": exec format error",
        ": permission denied",
        ": invalid argument",
        ": text file busy",
        ": not a directory",
        ": operation not permitted",
    ];
    if !text[start..end].starts_with("fork/exec ") {
        return false;
    }
    let before = line_before(text, start).trim();
    let in_emulator_record =
        before == "Init failed error=" || before == "(rapid) Init failed error=";
    if !before.is_empty() && !in_emulator_record {
        return false;
    }
    let rest = &text[end..];
    let path_len = rest
        .find(|c: char| c == ':' || c.is_whitespace())
        .unwrap_or(rest.len());
    // The first three are the go1.x runtime's own failures to start the handler binary; the
    // rest hold only in the emulator's record, since a handler's own `fork/exec` of a bundled
    // tool (`/var/task/bin/ffmpeg: invalid argument`, a NUL in its arguments) prints them too.
    let errnos = if in_emulator_record {
        &ERRNO[..]
    } else {
        &ERRNO[..3]
    };
    let Some(after) = (path_len > 0)
        .then(|| errnos.iter().find_map(|e| rest[path_len..].strip_prefix(e)))
        .flatten()
    else {
        return false;
    };
    if in_emulator_record {
        return after.is_empty()
            || after.starts_with(" InvokeID=")
            || after.starts_with(['\n', '\r']);
    }
    let after = after.trim_end_matches([' ', '\t']);
    let line_ends = |t: &str| t.is_empty() || t.starts_with(['\n', '\r']);
    // After the type, the runtime prints the error's stack trace, `null` when it has none
    // (`…: PathError` / `null`), which a copy may have joined onto the line.
    line_ends(after)
        || after.strip_prefix(": PathError").is_some_and(|t| {
            let spaced = t.trim_start_matches([' ', '\t']);
            line_ends(spaced)
                || (spaced.len() < t.len()
                    && spaced
                        .strip_prefix("null")
                        .is_some_and(|n| line_ends(n.trim_start_matches([' ', '\t']))))
        })
}

/// An errno name where a runtime prints one: after the failed call (Node's `connect
/// ECONNREFUSED`, `read ECONNRESET`, `getaddrinfo ENOTFOUND`), as an error's `code`, as an
/// error message (`Error: ETIMEDOUT`), as Ruby's exception class (`Errno::ECONNREFUSED`), or
/// heading a line in libuv's `uv_strerror` shape (`EROFS: read-only file system, open …`).
/// Elsewhere it is prose and needs a failure level.
fn errno_in_shape(text: &str, (start, end): (usize, usize)) -> bool {
    const BEFORE: &[&str] = &[
        "connect ",
        "read ",
        "write ",
        "getaddrinfo ",
        "queryA ",
        "lookup ",
        "spawn ",
        "code: '",
        "code: \"",
        "\"code\":\"",
        "\"code\": \"",
        "errno: ",
        "Error: ",
        "error: ",
    ];
    let bytes = text.as_bytes();
    let head = &bytes[start.saturating_sub(16)..start];
    let line_head = (start == 0 || bytes[start - 1] == b'\n') && bytes[end..].starts_with(b": ");
    // Ruby raises a failed system call as `Errno::ECONNREFUSED`, printed as the head of the
    // report (`Errno::ECONNREFUSED: …`) or after the message (`… (Errno::ECONNREFUSED)`); a
    // sentence that merely names the class (`we rescue Errno::ECONNREFUSED`) is prose.
    let ruby_class =
        head.ends_with(b"Errno::") && matches!(bytes.get(end), Some(b':') | Some(b')'));
    // As an error's whole message (`Error: ETIMEDOUT`) or its head (`Error: EACCES: permission
    // denied, open …`), the code ends there; `Error: EACCES checks passed` is a sentence.
    // Also `Error: ETIMEDOUT.`, and a space before the address or a parenthesis
    // (`Error: ECONNREFUSED 127.0.0.1:6379`, `Error: ETIMEDOUT (request to … took too long)`).
    let ends_message = match bytes.get(end) {
        None
        | Some(
            b'\n' | b'\r' | b'\t' | b':' | b',' | b'.' | b';' | b'"' | b'\'' | b')' | b'}' | b']'
            | b'\\',
        ) => true,
        Some(b' ') => bytes
            .get(end + 1)
            .is_some_and(|b| b.is_ascii_digit() || *b == b'('),
        _ => false,
    };
    let after_error_head = head.ends_with(b"Error: ") || head.ends_with(b"error: ");
    line_head
        || ruby_class
        || BEFORE.iter().any(|b| head.ends_with(b.as_bytes()))
            && (!after_error_head || ends_message)
}

/// Stack frames on their own lines: `    at handler (/var/task/index.js:7:27)` (JS, Java, .NET)
/// or Python's `  File "/var/task/app.py", line 4, in handler`.
fn frame_lines(text: &str) -> Option<(usize, usize)> {
    if !text.contains('\n') && !text.contains('\r') {
        return None;
    }
    let mut offset = 0;
    for line in text.split(['\n', '\r']) {
        let trimmed = line.trim_start();
        let is_frame = trimmed.strip_prefix("at ").is_some_and(is_at_frame)
            || trimmed.starts_with("File \"") && trimmed.contains("\", line ")
            || ruby_frame(trimmed);
        let python_frame = trimmed.starts_with("File \"") && trimmed.contains("\", line ");
        if is_frame && (offset > 0 || python_frame) {
            let start = offset + (line.len() - trimmed.len());
            return Some((start, start + trimmed.len()));
        }
        offset += line.len() + 1;
    }
    None
}

/// The text after `at ` of a stack frame as V8, the JVM and .NET print one: it names where it
/// ran, so prose (`at the usual place`, `at noon (12:30)`) is no frame. V8's `fn (file:line:col)`
/// or `file:line:col`, the JVM's `pkg.Class.method(File.java:12)`, the frames that name no file
/// (`(Native Method)`, `(Unknown Source)`, `(native)`, `<anonymous>)`), and .NET's
/// `Namespace.Type.Method(args)` (with or without ` in file:line N`: release builds print no
/// location), whose callee is `Type.Method` with no space before its parameter list
/// (`lambda_method(Closure , ServiceProvider )` for a compiled expression).
pub(crate) fn is_at_frame(frame: &str) -> bool {
    let mut frame = frame.trim_end();
    // log4j2's and logback's extended throwable layouts append the frame's jar (`%xEx`:
    // ` ~[task/:?]`, ` [app.jar:1.0]`); .NET NativeAOT appends the offset (` + 0x45`).
    if frame.ends_with(']') {
        if let Some((before, _)) = frame.rsplit_once(" ~[").or_else(|| frame.rsplit_once(" [")) {
            frame = before.trim_end();
        }
    }
    if let Some((before, offset)) = frame.rsplit_once(" + 0x") {
        if !offset.is_empty() && offset.bytes().all(|b| b.is_ascii_hexdigit()) {
            frame = before;
        }
    }
    let numbers_at_end = |s: &str, count: usize| {
        let mut rest = s;
        for _ in 0..count {
            let digits = rest.len() - rest.trim_end_matches(|c: char| c.is_ascii_digit()).len();
            if digits == 0 {
                return false;
            }
            rest = &rest[..rest.len() - digits];
            match rest.strip_suffix(':') {
                Some(r) => rest = r,
                None => return false,
            }
        }
        true
    };
    // The location names a file: a path or a file name before its line numbers, or one of
    // Node's built-in modules (`node:events:517:28`, Node 16 on).
    let names_file =
        |location: &str| location.contains(['/', '\\', '.']) || location.starts_with("node:");
    // V8's async frame of a promise combinator, which has no location: `async Promise.all
    // (index 0)`.
    let promise_combinator = frame.starts_with("async Promise.") && frame.contains(" (index ");
    let in_parens = frame
        .strip_suffix(')')
        .and_then(|f| f.rsplit_once('(').map(|(_, location)| location));
    let dotnet_method = || {
        let Some((callee, after)) = frame.split_once('(') else {
            return false;
        };
        // `Type.Method` (F# closures add `@12`, `@5-1`), or an expression tree's compiled
        // `lambda_method` (no type).
        !callee.is_empty()
            && callee
                .chars()
                .all(|c| c.is_alphanumeric() || "_.<>`$+|[],@-".contains(c))
            && (callee.starts_with("lambda_method")
                || callee.contains('.')
                    && callee.split('.').all(|segment| {
                        segment.starts_with(|c: char| c.is_alphabetic() || c == '_' || c == '<')
                    }))
            && (after.ends_with(')') || after.contains(") in "))
    };
    in_parens.is_some_and(|location| numbers_at_end(location, 1) && names_file(location))
        || (numbers_at_end(frame, 2) && names_file(frame.rsplit(' ').next().unwrap_or(frame)))
        || [
            "(Native Method)",
            "(Unknown Source)",
            "(native)",
            "<anonymous>)",
        ]
        .iter()
        .any(|t| frame.ends_with(t))
        || promise_combinator
        || dotnet_method()
}

/// Ruby's backtrace as the interpreter prints an uncaught exception: `from
/// /var/task/app.rb:12:in `handler'` (Ruby < 3.4 quotes the method with a backtick, 3.4 with
/// `'`).
pub(crate) fn ruby_frame(trimmed: &str) -> bool {
    trimmed.starts_with("from ") && (trimmed.contains(":in `") || trimmed.contains(":in '"))
}

/// A stack frame printed on the same line as the message, a trace whose line breaks were lost
/// (a console that joins a multi-line event, a paste, or a JSON string that escapes them as
/// `\n\tat …` under an exception that heads a line): V8's `at fn (/path/file.js:12:5)` and
/// the JVM's `at pkg.Class.method(File.java:12)`, each with its file and line number. Looked
/// for only when the text has an exception report's `Name: ` head, so prose never pays for it.
fn inline_frame(text: &str) -> Option<(usize, usize)> {
    static FRAME: LazyLock<Regex> = LazyLock::new(|| {
        // The file part names a file (`app.js`, `/var/task/x.js`, `Main.java`): a `.` or `/`
        // in it, so a parenthesis in prose (`at noon (UTC:0)`) is no frame.
        Regex::new(r"\bat [\w$.<>\[\]]+ ?\([^()\s]*[./][^()\s]*:\d+(?::\d+)?\)")
            .expect("static regex")
    });
    static ESCAPED_FRAME: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:\\r)?\\n\\tat [\w$.<>\[\]]+ ?\([^()\s]*[./][^()\s]*:\d+(?::\d+)?\)")
            .expect("static regex")
    });
    FRAME.find(text).map(|m| (m.start(), m.end())).or_else(|| {
        // An escaped trace is the report only when its exception heads a line; inside a
        // printed event or response (`Received event: {"trace":"…\n\tat …"}`) it is payload.
        exception_head(text)?;
        ESCAPED_FRAME.find(text).map(|m| (m.start(), m.end()))
    })
}

/// A line that starts with an exception type and its message, `java.net.ConnectException:
/// Connection refused` or `KeyError: 'body'`: the head of an exception report, as
/// Throwable.toString(), .NET's Exception.ToString() and Python's traceback print it. Console
/// decoration before it (`|`, a time column) is skipped.
fn exception_head(text: &str) -> Option<(usize, usize)> {
    static HEAD: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?m)^[\s|{\[]*(?:\S+\s+\|\s+)?((?:[A-Za-z_$][\w$]*\.)*[A-Z][A-Za-z0-9_$]*(?:Error|Exception)):(?:\s|$)")
            .expect("static regex")
    });
    HEAD.captures(text)
        .and_then(|c| c.get(1))
        .filter(|m| !is_lambda_error_type(m.as_str()))
        .map(|m| (m.start(), m.end()))
}

/// A fully qualified Java exception class: `pkg.sub.Name` (`$Inner` allowed), lower-case
/// package segments, the class's name ending `Exception` or `Error`.
pub(crate) fn is_java_class_name(name: &str) -> bool {
    let Some((package, class)) = name.rsplit_once('.') else {
        return false;
    };
    let word = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '$')
    };
    package.split('.').all(|segment| {
        word(segment) && segment.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
    }) && word(class)
        && class.starts_with(|c: char| c.is_ascii_uppercase())
        && (class.ends_with("Exception") || class.ends_with("Error"))
}

/// The Java runtime's report of an exception that escaped the handler: the message, `: ` and
/// the exception's class ending the line, then the exception itself on the next line
/// (`Cannot invoke "x()" because "y" is null: java.lang.NullPointerException` /
/// `java.lang.NullPointerException: Cannot invoke …`), as aws-lambda-java-runtime writes its
/// `errorMessage: errorType` line before the stack trace. Either line alone is prose; the
/// class named twice is the report. Returns the class's span on the second line.
fn java_runtime_report(text: &str) -> Option<(usize, usize)> {
    static REPORT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"\S: ((?:[a-z_$][\w$]*\.)+[A-Z][\w$]*(?:Exception|Error))[ \t]*\r?\n[ \t]*((?:[a-z_$][\w$]*\.)+[A-Z][\w$]*(?:Exception|Error))(?::|[ \t]*(?:\r?\n|$))",
        )
        .expect("static regex")
    });
    REPORT.captures_iter(text).find_map(|c| {
        let (summary, thrown) = (c.get(1)?, c.get(2)?);
        (summary.as_str() == thrown.as_str()).then(|| (thrown.start(), thrown.end()))
    })
}

/// The .NET Core managed runtime's report of an exception that escaped the handler: the
/// message, then `: ` and the exception's type name ending the line, then its frames on the
/// next lines (`One or more errors occurred. (…): AggregateException` / `   at
/// System.Threading.Tasks.Task.ThrowIfExceptional(…)`, as the dotnetcore runtimes wrote it to
/// the function's log; aws/aws-lambda-dotnet issues 168 and 669) or joined onto the line
/// (` at Ns.Type.Method(`). Without frames a `…: TypeException` ending is prose. Returns the
/// type's span.
fn dotnet_runtime_report(text: &str) -> Option<(usize, usize)> {
    static REPORT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"\S: ([A-Z][A-Za-z0-9_]*Exception)(?:[ \t]*\r?\n[ \t]*| )at [\w.`<>]+\.[\w`<>]+\(",
        )
        .expect("static regex")
    });
    REPORT
        .captures(text)
        .and_then(|c| c.get(1))
        .map(|m| (m.start(), m.end()))
}

/// A Rust `main` that returned an error: std's `Termination` for `Result` prints `Error: ` and
/// the error's `Debug` (`Error: Error("missing field `body`", line: 1, column: 2)`, `Error:
/// Custom { kind: Other, … }`) and the process exits with failure; the Rust runtime's examples
/// all return `Result<(), Error>` from `main`. A Debug value is a type name, then `(` with a
/// string or a field, or ` { ` (Python's `Decimal('0')` and `Counter()` are not; `Ok`, `Some`
/// and `None` are no error). It makes the text a failure report; its class is the cause the
/// text names, else `error` (a handler can print the same with `println!` and go on). Returns
/// the span of the Debug value's name.
fn rust_main_error(text: &str) -> Option<(usize, usize)> {
    static MAIN_ERROR: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r#"(?m)^Error: ([A-Z][A-Za-z0-9_]*(?:::[A-Za-z0-9_]+)*)(?:\((?:"|[A-Za-z0-9_])| \{ )"#,
        )
        .expect("static regex")
    });
    MAIN_ERROR
        .captures(text)
        .and_then(|c| c.get(1))
        .filter(|m| !matches!(m.as_str(), "Ok" | "Some" | "None"))
        .map(|m| (m.start(), m.end()))
}

/// The first language exception name in the text that is not one of Lambda's own types.
fn exception_name(text: &str) -> Option<(usize, usize)> {
    // The first name is nearly always the answer; iterate only past a Lambda type.
    let first = EXCEPTION_NAME.captures(text)?.get(1)?;
    if !is_lambda_error_type(first.as_str()) {
        return Some((first.start(), first.end()));
    }
    EXCEPTION_NAME
        .captures_iter(text)
        .filter_map(|c| c.get(1))
        .find(|m| !is_lambda_error_type(m.as_str()))
        .map(|m| (m.start(), m.end()))
}

/// A JavaScript `SyntaxError` thrown by `JSON.parse` (its first frame): malformed input, whatever
/// the V8 version's wording of the message.
fn json_parse_syntax_error(text: &str) -> Option<(usize, usize)> {
    let at = text.find("SyntaxError")?;
    Some((at, at + "SyntaxError".len()))
}

fn http_status(text: &str) -> Option<(FailureClass, (usize, usize))> {
    // The regex runs only when a listed status stands alone as a number somewhere: timestamps
    // and ids are full of digits, and most failure lines carry no status at all.
    let b = text.as_bytes();
    let listed = memchr::memchr2_iter(b'4', b'5', b).any(|i| {
        i + 3 <= b.len()
            && (i == 0 || !b[i - 1].is_ascii_alphanumeric())
            && b.get(i + 3).is_none_or(|c| !c.is_ascii_alphanumeric())
            && std::str::from_utf8(&b[i..i + 3])
                .ok()
                .and_then(|n| n.parse().ok())
                .and_then(vocab::http_status_class)
                .is_some()
    });
    if !listed {
        return None;
    }
    HTTP_STATUS.captures_iter(text).find_map(|c| {
        let code = (1..=4).find_map(|group| c.get(group))?;
        let status = code.as_str().parse().ok()?;
        // S3 answers its `SlowDown` code with `503 Slow Down` (S3 error responses): with that
        // reason phrase a 503 is throttling, not an unavailable dependency.
        // Beside the code: as its reason phrase (`503 Slow Down`), or as the response's
        // `statusMessage` field (Node's http response).
        let slow_down = || {
            text[code.end()..].trim_start().starts_with("Slow Down")
                || text.contains("\"statusMessage\":\"Slow Down\"")
                || text.contains("statusMessage: 'Slow Down'")
        };
        let class = if status == 503 && slow_down() {
            FailureClass::Throttling
        } else {
            vocab::http_status_class(status)?
        };
        Some((class, (code.start(), code.end())))
    })
}

#[cfg(test)]
mod tests;
