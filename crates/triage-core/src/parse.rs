//! Parsing of one Lambda log event into its header (timestamp, request id, level), its body, and
//! the platform facts it carries (REPORT figures, platform-record status).
//!
//! Recognised shapes (DESIGN.md): platform lines (`START`/`END`/`REPORT`/`INIT_START`/`INIT_REPORT`/
//! `XRAY`), Python `[LEVEL]\tts\trequestId\tmsg`, Node `ts\trequestId\tLEVEL\tmsg`, Java/log4j
//! `ts requestId LEVEL logger - msg`, Go `YYYY/MM/DD hh:mm:ss msg`, extension lines
//! `NAME | LEVEL | msg`, and JSON records (application logs, Lambda error objects,
//! `platform.*` telemetry). JSON is read field-by-field from the text rather than fully parsed,
//! so truncated or slightly invalid records (common in copied excerpts) still yield their facts.

use crate::model::ReportMetrics;
use crate::time::parse_timestamp_prefix;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Trace,
    Debug,
    Info,
    Warn,
    Error,
    Fatal,
}

impl Level {
    /// Every level name a header may carry, as the table [`Level::parse`] matches by bytes.
    #[cfg(test)]
    const NAMES: [(&str, Level); 18] = [
        ("TRACE", Level::Trace),
        ("DEBUG", Level::Debug),
        ("VERBOSE", Level::Debug),
        ("INFO", Level::Info),
        ("INFORMATION", Level::Info),
        ("NOTICE", Level::Info),
        ("LOG", Level::Info),
        ("WARN", Level::Warn),
        ("WARNING", Level::Warn),
        ("ERROR", Level::Error),
        ("ERR", Level::Error),
        ("SEVERE", Level::Error),
        ("FATAL", Level::Fatal),
        ("CRITICAL", Level::Fatal),
        ("CRIT", Level::Fatal),
        ("ALERT", Level::Fatal),
        ("EMERG", Level::Fatal),
        ("PANIC", Level::Fatal),
    ];

    pub fn parse(token: &str) -> Option<Level> {
        let t = token
            .trim_matches(|c: char| matches!(c, '[' | ']' | ':' | '|' | '"' | ',' | '<' | '>'));
        if t.len() > 11 {
            return None;
        }
        // The names are upper case: the token upper-cased and matched by length and bytes is
        // the case-insensitive search of `NAMES` (a unit test compares the two), without
        // eighteen comparisons on the header of nearly every line.
        let mut upper = [0u8; 11];
        upper[..t.len()].copy_from_slice(t.as_bytes());
        upper.make_ascii_uppercase();
        let level = match &upper[..t.len()] {
            b"TRACE" => Level::Trace,
            b"DEBUG" | b"VERBOSE" => Level::Debug,
            b"INFO" | b"INFORMATION" | b"NOTICE" | b"LOG" => Level::Info,
            b"WARN" | b"WARNING" => Level::Warn,
            b"ERROR" | b"ERR" | b"SEVERE" => Level::Error,
            b"FATAL" | b"CRITICAL" | b"CRIT" | b"ALERT" | b"EMERG" | b"PANIC" => Level::Fatal,
            _ => return None,
        };
        Some(level)
    }

    /// The case-insensitive search of the level names that [`Level::parse`] must agree with.
    #[cfg(test)]
    fn by_table(t: &str) -> Option<Level> {
        Self::NAMES
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(t))
            .map(|(_, level)| *level)
    }

    /// Levels that never make a line a failure on their own and, when explicit, rule it out.
    pub fn is_quiet(self) -> bool {
        self < Level::Error
    }
}

/// What the Lambda platform itself wrote.
#[derive(Debug, Clone, PartialEq)]
pub enum PlatformLine {
    Start,
    End,
    Report(ReportMetrics),
    InitStart,
    InitReport(ReportMetrics),
    /// A telemetry `platform.*` record (JSON log format / Telemetry API) with its type.
    Record {
        kind: String,
        metrics: ReportMetrics,
    },
    Xray,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ParsedMessage<'a> {
    pub timestamp_ms: Option<i64>,
    pub request_id: Option<&'a str>,
    pub level: Option<Level>,
    /// The message without its header; for JSON records, the whole record.
    pub body: &'a str,
    pub platform: Option<PlatformLine>,
    /// `errorType` of a Lambda error object / JSON record, when present.
    pub error_type: Option<&'a str>,
    /// The body is a JSON object (a record or an error object).
    pub is_json: bool,
    /// The Python runtime's own report of an error that escaped the handler: `[ERROR] <Type>:
    /// <message>`, a space after the level (awslambdaric's `log_error`), where its logging
    /// handler writes `[ERROR]\t<time>\t<request id>\t`.
    pub runtime_error_report: bool,
    /// The Node.js runtime wrote the line outside any invocation: `undefined` in its
    /// request-id column, which it prints before the first invocation, while the function's
    /// modules load (init).
    pub outside_invocation: bool,
}

/// Parse one event message. Never fails: unknown shapes come back as a body with no header.
pub fn parse_message(message: &str) -> ParsedMessage<'_> {
    let text = message.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    let mut parsed = ParsedMessage {
        timestamp_ms: None,
        request_id: None,
        level: None,
        body: text,
        platform: None,
        error_type: None,
        is_json: false,
        runtime_error_report: false,
        outside_invocation: false,
    };
    // Platform lines start with an upper-case keyword (`START`, `REPORT`, ...) or, when the
    // REPORT prefix was cut, with a request id or `Duration:`; skip the check for the rest.
    let may_be_platform = text
        .as_bytes()
        .first()
        .is_some_and(|b| b.is_ascii_alphanumeric());
    // The first token is both the platform keyword and the first header field: split it once.
    let first = split_token(text);
    if may_be_platform {
        if let Some(platform) = parse_platform_line(text, first.0, &mut parsed) {
            parsed.platform = Some(platform);
            return parsed;
        }
    }
    if let Some((level, message)) = ruby_logger_format(text) {
        parsed.level = Some(level);
        parsed.body = message;
        return parsed;
    }
    let mut rest = text;
    let mut pending = Some(first);
    // The Node.js runtime's `undefined` in the request-id column (outside an invocation).
    let mut no_request_id = false;
    // Up to a handful of header fields, in whatever order the runtime writes them.
    for _ in 0..5 {
        // With the level, timestamp and request id read, only a logfmt time field or a `|`
        // (checks below) can still be header; for the rest (the message of nearly every
        // line) the loop ends without splitting its first word. `rest` starts with no
        // whitespace here, so these prefixes are the token tests below.
        if pending.is_none()
            && parsed.level.is_some()
            && parsed.timestamp_ms.is_some()
            && (parsed.request_id.is_some() || no_request_id)
            && !header_field_follows(rest)
        {
            break;
        }
        let (token, after) = pending.take().unwrap_or_else(|| split_token(rest));
        if token.is_empty() {
            break;
        }
        if parsed.level.is_none() {
            if let Some(level) = header_level(token) {
                parsed.level = Some(level);
                rest = after;
                continue;
            }
            let upper = token.as_bytes()[0].is_ascii_uppercase();
            if let Some((level, message)) = upper.then(|| python_default_format(rest)).flatten() {
                parsed.level = Some(level);
                rest = message;
                break;
            }
        }
        // A bracketed timestamp: Flask's `[%(asctime)s] %(levelname)s in %(module)s: …`,
        // pino-pretty's `[12:00:00.000] ERROR (8): …`.
        if parsed.timestamp_ms.is_none() && token.starts_with('[') {
            if let Some(ts) = parse_timestamp_prefix(&rest[1..]) {
                if let Some(after_bracket) = rest[1 + ts.len..].strip_prefix(']') {
                    parsed.timestamp_ms = ts.epoch_ms;
                    rest = trim_start_sep(after_bracket);
                    continue;
                }
            }
        }
        if parsed.timestamp_ms.is_none() && token.as_bytes()[0].is_ascii_digit() {
            if let Some(ts) = parse_timestamp_prefix(rest) {
                // A date followed by a separate time column (log4j `2020-03-18 08:52:43`).
                let mut consumed = ts.len;
                let tail = &rest[consumed..];
                if let Some(time) = tail.strip_prefix(' ').and_then(parse_timestamp_prefix) {
                    if time.epoch_ms.is_none() && ts.len == 10 {
                        consumed += 1 + time.len;
                    }
                }
                parsed.timestamp_ms = ts.epoch_ms;
                rest = trim_start_sep(&rest[consumed..]);
                // A zone name after the time (`2022-06-22 09:57:55 UTC | …`, the Datadog
                // extension's `2006-01-02 15:04:05 MST` layout) is part of the timestamp.
                for zone in ["UTC ", "GMT "] {
                    if let Some(after_zone) = rest.strip_prefix(zone) {
                        rest = trim_start_sep(after_zone);
                    }
                }
                continue;
            }
        }
        if parsed.request_id.is_none() && is_request_id(token) {
            parsed.request_id = Some(token);
            rest = after;
            continue;
        }
        // AWS's log4j layout for Lambda (Lambda Developer Guide, Java logging with log4j:
        // `%d{yyyy-MM-dd HH:mm:ss} <%X{AWSRequestId}> %-5p %c{1}:%L - %m%n`): the request id,
        // and any other context or thread column, in angle brackets after the time and
        // before the level.
        if parsed.timestamp_ms.is_some() && parsed.level.is_none() {
            if let Some(column) = angle_bracketed(token) {
                if parsed.request_id.is_none() && is_request_id(column) {
                    parsed.request_id = Some(column);
                }
                rest = after;
                continue;
            }
        }
        // The platform's own error line for an invocation, `RequestId: <id> Error: Runtime
        // exited …` (the Runtime API's error report as Lambda prints it): the id is the
        // invocation's, so the line joins it; the text stays the body, whole, since the line
        // is the message.
        if token == "RequestId:" && parsed.request_id.is_none() {
            let id = split_token(after).0;
            if is_request_id(id) {
                parsed.request_id = Some(id);
            }
            break;
        }
        // The Node.js runtime's request-id column outside an invocation (`<time>\tundefined\t
        // ERROR\t…`): a header field with no id in it, in its tab-separated column only.
        if token == "undefined"
            && rest.as_bytes().get(token.len()) == Some(&b'\t')
            && parsed.timestamp_ms.is_some()
            && parsed.request_id.is_none()
            && parsed.level.is_none()
            && !no_request_id
        {
            no_request_id = true;
            rest = after;
            continue;
        }
        // logfmt's time field (`time="2024-01-01T00:00:00Z" level=error msg=...`).
        if token.starts_with("time=") || token.starts_with("ts=") {
            rest = after;
            continue;
        }
        // A column separator after the timestamp: the extensions' `time | NAME | LEVEL | msg`
        // and Python logging's documented `%(asctime)s - %(name)s - %(levelname)s - %(message)s`.
        if (token == "|" || token == "-") && parsed.timestamp_ms.is_some() {
            rest = after;
            continue;
        }
        // `DD_EXTENSION | ERROR | msg` (the Datadog extension's format, with or without its
        // `2022-06-22 09:57:55 UTC | ` time in front) and `time - logger - LEVEL - msg`: a
        // component name, then the level between separators, then the message.
        if parsed.level.is_none() {
            if let Some((level, message)) =
                separated_level(token, after, parsed.timestamp_ms.is_some())
            {
                parsed.level = Some(level);
                rest = message;
                break;
            }
            // The layouts below are looked for only once the token is no timestamp, request id
            // or separator: they are rarer than those, and most lines never reach here.
            // Microsoft.Extensions.Logging's console formatter: `fail: Category[EventId]`.
            if let Some((level, message)) = dotnet_console_level(token, after) {
                parsed.level = Some(level);
                rest = message;
                break;
            }
            // The PowerShell runtime's stream prefixes: `[Information] - …`, `[Error] - …`
            // (Lambda Developer Guide, PowerShell logging).
            if let Some((level, message)) = powershell_stream_level(token, after) {
                parsed.level = Some(level);
                rest = message;
                break;
            }
            // A thread column before the level: logback's default layout
            // `%d{HH:mm:ss.SSS} [%thread] %-5level %logger{36} - %msg` (its time column may
            // already be gone: a console copy's time column is stripped when read) and
            // log4j2's status logger `%d %t %p %m` after a full date and time.
            if let Some((level, message)) =
                thread_then_level(token, after, parsed.timestamp_ms.is_some())
            {
                parsed.level = Some(level);
                rest = message;
                break;
            }
        }
        break;
    }
    // An application logger's own header inside the runtime's: Node's console methods give
    // every line the runtime's level (INFO for `console.log`), so a logger that writes
    // `ERROR NodeMasterController - msg` through them carries the record's real level at the
    // head of the message. The application's level is the record's, as it is for a JSON
    // record's `level` field (read_json_facts). Only inside the runtime's own header (time,
    // request id and level all read), and only in a logger's layout.
    let runtime_header =
        parsed.timestamp_ms.is_some() && (parsed.request_id.is_some() || no_request_id);
    if parsed.level.is_some() && runtime_header {
        if let Some((level, message)) = inner_logger_level(rest) {
            parsed.level = Some(level);
            rest = message;
        }
    }
    if let Some((request_id, after)) = tracing_span_prefix(rest) {
        parsed.request_id = parsed.request_id.or(request_id);
        rest = after;
    }
    parsed.body = rest;
    parsed.outside_invocation = no_request_id;
    parsed.runtime_error_report = text.starts_with("[ERROR] ")
        && parsed.timestamp_ms.is_none()
        && parsed.request_id.is_none();
    if rest.starts_with('{') {
        parsed.is_json = true;
        read_json_facts(rest, &mut parsed);
    } else if let Some(start) =
        memchr::memchr(b'{', rest.as_bytes()).and_then(|_| error_object_start(rest))
    {
        // Node's `Invoke Error \t{"errorType":...}`: the error object follows a label.
        parsed.error_type = json_str_field(&rest[start..], "errorType");
    } else if parsed.level.is_none_or(|l| !l.is_quiet())
        && memchr::memchr(b'"', rest.as_bytes()).is_some()
        && error_type_field(rest).is_some()
    {
        // An error object whose opening brace is on an earlier line (pretty-printed by the
        // runtime, or cut by whoever copied it).
        parsed.error_type = json_str_field(rest, "errorType");
    }
    parsed
}

/// The inside of a `<column>` token: a non-empty value with no further angle brackets (so an
/// HTML tag pair or `<<` is no column).
fn angle_bracketed(token: &str) -> Option<&str> {
    let inner = token.strip_prefix('<')?.strip_suffix('>')?;
    (!inner.is_empty() && !inner.contains(['<', '>', '/'])).then_some(inner)
}

/// Whether `rest` (no leading whitespace) starts with a token that the header loop skips once
/// it has read every other field: `time=…`, `ts=…` or a lone `|`.
fn header_field_follows(rest: &str) -> bool {
    let b = rest.as_bytes();
    b.starts_with(b"time=")
        || b.starts_with(b"ts=")
        || (b.first() == Some(&b'|') && b.get(1).is_none_or(u8::is_ascii_whitespace))
}

/// A `tracing` span prefix, as the Rust runtime's default subscriber writes it:
/// `Lambda runtime invoke{requestId="…" xrayTraceId="…"}: message`. Returns the request id in
/// its fields and the message after the prefix.
fn tracing_span_prefix(text: &str) -> Option<(Option<&str>, &str)> {
    // A byte search finds the same `{` as `str::find` (an ASCII byte is never inside a
    // multi-byte character) without the char searcher's set-up, on nearly every line.
    let open = memchr::memchr(b'{', text.get(..80).unwrap_or(text).as_bytes())?;
    let name = &text[..open];
    if name.is_empty()
        || !name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b' ' | b'_' | b':'))
    {
        return None;
    }
    let close = open + text[open..].find("}: ")?;
    let fields = &text[open + 1..close];
    // Tracing fields are `key=value`; braces in a message (`failed {order: 12}: retrying`) are not a span.
    if !fields.contains('=') {
        return None;
    }
    let request_id = fields
        .split("requestId=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .filter(|id| !id.is_empty());
    Some((request_id, &text[close + 3..]))
}

/// Where an `"errorType"` key is in a body, if it has one.
fn error_type_field(body: &str) -> Option<usize> {
    static FINDER: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("\"errorType\""));
    FINDER.find(body.as_bytes())
}

/// Where an inline Lambda error object (`{"errorType":...`) starts in a body, if it has one.
fn error_object_start(body: &str) -> Option<usize> {
    static FINDER: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("{\"errorType\""));
    FINDER.find(body.as_bytes())
}

/// `NAME | LEVEL | message` or, after a timestamp, `NAME - LEVEL - message`: `token` is the
/// component (or logger) name, `after` the text after it. Without a timestamp in front only
/// the extensions' upper-case component names (`DD_EXTENSION`) count, so a table row
/// (`checkout | ERROR | 12`) is not a header; a line that ends with `|` is a table row too.
fn separated_level<'a>(
    token: &str,
    after: &'a str,
    after_timestamp: bool,
) -> Option<(Level, &'a str)> {
    let name_byte = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.');
    let component = token.len() <= 40
        && token.as_bytes()[0].is_ascii_alphabetic()
        && token.bytes().all(name_byte);
    let extension_name = token.len() >= 3
        && token
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_');
    if !component || !(after_timestamp || extension_name) {
        return None;
    }
    let separator = |s: &'a str| {
        s.strip_prefix('|')
            .or_else(|| after_timestamp.then(|| s.strip_prefix("- ")).flatten())
    };
    let (level, message) = split_token(separator(after)?);
    if level.is_empty() || !level.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    let level = Level::parse(level)?;
    let message = trim_start_sep(separator(message)?);
    if message.trim_end().ends_with('|') {
        return None;
    }
    Some((level, message))
}

/// The PowerShell host's stream prefix: a title-case stream name in brackets, then ` - `
/// (Amazon.Lambda.PowerShellHost's `PowerShellFunctionHost.LogMessage`, `[{stream}] - {message}`).
fn powershell_stream_level<'a>(token: &str, after: &'a str) -> Option<(Level, &'a str)> {
    let level = match token {
        "[Verbose]" | "[Debug]" => Level::Debug,
        "[Information]" => Level::Info,
        "[Warning]" => Level::Warn,
        "[Error]" => Level::Error,
        _ => return None,
    };
    after.strip_prefix("- ").map(|message| (level, message))
}

/// A thread column then an upper-case level: logback's `[main] ERROR org.x.App - msg` (a
/// bracketed thread, and the logger and ` - ` after the level), or log4j2's status logger's
/// `main ERROR msg` after a full date and time (the thread `main` or a pool's `…-N`).
/// `token` is the thread, `after` what follows it.
fn thread_then_level<'a>(
    token: &str,
    after: &'a str,
    after_date_time: bool,
) -> Option<(Level, &'a str)> {
    if is_request_id(token) {
        return None;
    }
    let bracketed = token.len() > 2 && token.starts_with('[') && token.ends_with(']');
    if !bracketed && !after_date_time {
        return None;
    }
    let thread = if bracketed {
        &token[1..token.len() - 1]
    } else {
        token
    };
    // A Java thread's name has no length limit, and a pool's threads are `<pool name>-<n>`,
    // where the pool name often spells out its owner's package; 100 bytes still keeps a
    // sentence's long first word from passing for one.
    let thread_name = !thread.is_empty()
        && thread.len() <= 100
        && thread
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'#'));
    let pool_thread = thread == "main"
        || thread
            .rsplit_once('-')
            .is_some_and(|(_, n)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    if !thread_name || !(bracketed || after_date_time && pool_thread) {
        return None;
    }
    let (level, message) = split_token(after);
    // The logback layout: `%logger - ` after the level.
    if bracketed && !logger_then_dash(message) {
        return None;
    }
    // The layouts' level names; syslog's that are also English words (`ALERT`, `NOTICE`,
    // `PANIC`) would read `job ALERT mode on` as a header.
    let layout_level = matches!(
        level,
        "TRACE" | "DEBUG" | "INFO" | "WARN" | "WARNING" | "ERROR" | "SEVERE" | "FATAL"
    );
    if !layout_level || message.is_empty() {
        return None;
    }
    Level::parse(level).map(|level| (level, message))
}

/// Microsoft.Extensions.Logging's SimpleConsoleFormatter: a lower-case level with a colon,
/// then the category and event id (`fail: Orders.Worker[0]`); `fail: 0 pass: 12` is not it.
fn dotnet_console_level<'a>(token: &str, after: &'a str) -> Option<(Level, &'a str)> {
    let level = match token {
        "trce:" => Level::Trace,
        "dbug:" => Level::Debug,
        "info:" => Level::Info,
        "warn:" => Level::Warn,
        "fail:" => Level::Error,
        "crit:" => Level::Fatal,
        _ => return None,
    };
    let (category, _) = split_token(after);
    let event_id = category
        .strip_suffix(']')
        .and_then(|c| c.rsplit_once('['))
        .is_some_and(|(name, id)| {
            !name.is_empty() && !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit())
        });
    event_id.then_some((level, after))
}

/// A logger's layout heading a message: `[ERROR] msg`, `ERROR Logger - msg` (log4j / log4js
/// `%p %c - %m`), or the PowerShell host's `[Error] - msg`. A bare `ERROR: 0` or `ERROR rate
/// 0%` is prose, not a header.
fn inner_logger_level(message: &str) -> Option<(Level, &str)> {
    // Checked by bytes before any split: every layout starts with `[` or four upper-case
    // letters, and nearly every message does not.
    let b = message.as_bytes();
    let layout_head =
        b.first() == Some(&b'[') || b.len() >= 4 && b[..4].iter().all(u8::is_ascii_uppercase);
    if !layout_head {
        return None;
    }
    let (token, after) = split_token(message);
    if after.is_empty() {
        return None;
    }
    if let Some(found) = powershell_stream_level(token, after) {
        return Some(found);
    }
    let bracketed = token.len() > 2 && token.starts_with('[') && token.ends_with(']');
    let bare = if bracketed {
        &token[1..token.len() - 1]
    } else {
        token
    };
    if bare.len() < 4 || !bare.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    let level = Level::parse(bare)?;
    if bracketed {
        return Some((level, after));
    }
    // `LEVEL Logger - msg`: one logger-name token, then ` - `.
    logger_then_dash(after).then_some((level, after))
}

/// A logger name (`org.springframework.boot.SpringApplication`, `NodeMasterController`) and
/// then ` - `: the `%c - %m` / `%logger - %msg` of the log4j and logback layouts.
fn logger_then_dash(text: &str) -> bool {
    let (logger, rest) = split_token(text);
    logger
        .as_bytes()
        .first()
        .is_some_and(u8::is_ascii_alphabetic)
        && logger
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'$' | b':'))
        && rest.starts_with("- ")
}

/// Ruby's `Logger` default format (`Logger::Formatter`), which the Ruby runtime's logger uses:
/// `E, [2024-03-21T09:15:02.381907 #8] ERROR -- progname: message`.
fn ruby_logger_format(text: &str) -> Option<(Level, &str)> {
    let b = text.as_bytes();
    if b.len() < 8 || !matches!(b[0], b'D' | b'I' | b'W' | b'E' | b'F' | b'A') || &b[1..4] != b", ["
    {
        return None;
    }
    let close = text.find("] ")?;
    let (level, rest) = text[close + 2..].trim_start().split_once(" -- ")?;
    let level = Level::parse(level)?;
    let message = rest.split_once(": ").map_or(rest, |(_, m)| m);
    Some((level, message))
}

/// Python logging's default format, `ERROR:root:message` (`basicConfig()` without a format):
/// the level and the logger name, then the message.
fn python_default_format(text: &str) -> Option<(Level, &str)> {
    let text = trim_start_sep(text);
    let (level, rest) = text.split_once(':')?;
    if level.is_empty() || !level.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    let level = Level::parse(level)?;
    let (logger, message) = rest.split_once(':')?;
    let logger_name = !logger.is_empty()
        && logger
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
    logger_name.then_some((level, message))
}

fn header_level(token: &str) -> Option<Level> {
    // Timestamps and request ids, the usual other header fields, start with a digit; levels
    // start with a letter or a bracket.
    if !token
        .as_bytes()
        .first()
        .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'[')
    {
        return None;
    }
    // log4j 1.x's internal logger (`LogLog`): `log4j:ERROR …`, `log4j:WARN …`.
    if let Some(level) = token.strip_prefix("log4j:") {
        return matches!(level, "ERROR" | "WARN")
            .then(|| Level::parse(level))
            .flatten();
    }
    // .NET's Lambda logger writes its levels in lower case (`fail`, `crit`, `info`, ...).
    match token {
        "trce" => return Some(Level::Trace),
        "dbug" => return Some(Level::Debug),
        "info" => return Some(Level::Info),
        "warn" => return Some(Level::Warn),
        "fail" => return Some(Level::Error),
        "crit" => return Some(Level::Fatal),
        _ => {}
    }
    // logfmt (logrus, zerolog console, slog's text handler): `level=error`.
    if let Some(value) = token.strip_prefix("level=") {
        return Level::parse(value.trim_matches('"'));
    }
    // Otherwise only upper-case or bracketed tokens are levels: `Error: x` and `error connecting`
    // are messages.
    let bare = token.trim_matches(|c: char| matches!(c, '[' | ']' | ':' | '|'));
    if bare.is_empty() || !bare.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    Level::parse(bare)
}

fn read_json_facts<'a>(body: &'a str, parsed: &mut ParsedMessage<'a>) {
    if let Some(kind) = json_str_field(body, "type").filter(|t| t.starts_with("platform.")) {
        parsed.request_id = parsed
            .request_id
            .or_else(|| json_str_field(body, "requestId"));
        parsed.platform = Some(PlatformLine::Record {
            kind: kind.to_string(),
            metrics: ReportMetrics {
                duration_ms: json_num_field(body, "durationMs"),
                billed_duration_ms: json_num_field(body, "billedDurationMs"),
                memory_size_mb: json_num_field(body, "memorySizeMB").map(|v| v as u32),
                max_memory_used_mb: json_num_field(body, "maxMemoryUsedMB").map(|v| v as u32),
                init_duration_ms: json_num_field(body, "initDurationMs"),
                status: json_str_field(body, "status").map(str::to_string),
                error_type: json_str_field(body, "errorType").map(str::to_string),
            },
        });
        return;
    }
    // pino's and bunyan's numeric `level` decides when it is one: a string level nested
    // elsewhere in the record is data.
    let numeric_level = json_field_value(body, "level")
        .is_some_and(|v| v.starts_with(|c: char| c.is_ascii_digit()))
        .then(|| numeric_logger_level(body))
        .flatten();
    if numeric_level.is_some() {
        parsed.level = numeric_level;
    }
    for key in [
        "level",
        "levelname",
        "log_level",
        "loglevel",
        "severity",
        "@level",
        // Elastic Common Schema's `log.level` (the Elastic APM extension, ecs-logging).
        "log.level",
    ] {
        if numeric_level.is_some() {
            break;
        }
        if let Some(level) = json_str_field(body, key).and_then(Level::parse) {
            parsed.level = Some(level);
            break;
        }
    }
    parsed.error_type =
        json_str_field(body, "errorType").or_else(|| json_str_field(body, "__type"));
    parsed.request_id = parsed.request_id.or_else(|| {
        [
            "requestId",
            "function_request_id",
            "awsRequestId",
            "request_id",
        ]
        .into_iter()
        .find_map(|k| json_str_field(body, k))
    });
    if parsed.timestamp_ms.is_none() {
        parsed.timestamp_ms = ["timestamp", "time", "@timestamp"]
            .into_iter()
            .find_map(|k| json_str_field(body, k))
            .and_then(parse_timestamp_prefix)
            .and_then(|t| t.epoch_ms);
    }
}

/// pino's and bunyan's numeric levels (both documented: trace 10, debug 20, info 30, warn 40,
/// error 50, fatal 60), only in their record shape: a number under `level` beside their `time`
/// and `msg` keys, so an application's `"level": 50` (a tier, a score) is not a log level.
fn numeric_logger_level(body: &str) -> Option<Level> {
    let top = top_level_keys(body, ["level", "time", "msg"]);
    let (Some(level), Some(_), Some(_)) = (top[0], top[1], top[2]) else {
        return None;
    };
    let end = level
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(level.len());
    // An integer, ended by the JSON: `30.5` or `30e1` is no pino level.
    if level[end..]
        .trim_start()
        .starts_with(|c: char| !matches!(c, ',' | '}'))
    {
        return None;
    }
    match level[..end].parse::<u32>().ok()? {
        10 => Some(Level::Trace),
        20 => Some(Level::Debug),
        30 => Some(Level::Info),
        40 => Some(Level::Warn),
        50 => Some(Level::Error),
        60 => Some(Level::Fatal),
        _ => None,
    }
}

/// The text after `"key":` of each key that is a member of the outermost object (not of an
/// object or array nested in it), in one pass that skips strings.
fn top_level_keys<'a, const N: usize>(json: &'a str, keys: [&str; N]) -> [Option<&'a str>; N] {
    let mut found = [None; N];
    let bytes = json.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'{' | b'[' => depth += 1,
            b'}' | b']' => depth = depth.saturating_sub(1),
            b'"' => {
                let start = i + 1;
                let mut j = start;
                while j < bytes.len() && bytes[j] != b'"' {
                    j += if bytes[j] == b'\\' { 2 } else { 1 };
                }
                let Some(name) = json.get(start..j.min(bytes.len())) else {
                    return found;
                };
                i = j + 1;
                if depth == 1 {
                    let rest = json.get(i..).unwrap_or("").trim_start();
                    if let Some(value) = rest.strip_prefix(':') {
                        if let Some(k) = keys.iter().position(|k| *k == name) {
                            found[k] = found[k].or(Some(value.trim_start()));
                        }
                    }
                }
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    found
}

/// `head` is the first token of `text`.
fn parse_platform_line<'a>(
    text: &'a str,
    head: &'a str,
    parsed: &mut ParsedMessage<'a>,
) -> Option<PlatformLine> {
    let platform = match head {
        "START" => PlatformLine::Start,
        "END" => PlatformLine::End,
        "REPORT" => PlatformLine::Report(parse_report_fields(text)),
        "INIT_START" | "RESTORE_START" => PlatformLine::InitStart,
        "INIT_REPORT" | "RESTORE_REPORT" => PlatformLine::InitReport(parse_report_fields(text)),
        "XRAY" => PlatformLine::Xray,
        // The platform's line for each extension at init: `EXTENSION\tName: x\tState: Ready\t
        // Events: [INVOKE,SHUTDOWN]`; a state other than `Ready` / `Registered` (`LaunchError`,
        // `InitError`, `ExitError`, with an `Error Type:`) is the extension failing the init
        // phase (Lambda Extensions API, "Failure handling"), reported as an init record. Its
        // `Error Type:` is not carried: an extension's `ExitError` during init fails the init,
        // it is not the runtime exiting.
        "EXTENSION" if text[head.len()..].trim_start().starts_with("Name: ") => {
            let state = text.split_once("State: ")?.1;
            let state = state
                .split(|c: char| c.is_whitespace())
                .next()
                .unwrap_or("");
            let failed = state.ends_with("Error");
            PlatformLine::InitReport(ReportMetrics {
                status: Some(if failed { "error" } else { "success" }.to_string()),
                ..ReportMetrics::default()
            })
        }
        _ => {
            // A REPORT line whose `REPORT RequestId:` prefix was cut: `<id>\tDuration: ... Memory Size:`.
            let cut_report = (is_request_id(head) || head == "Duration:")
                && memchr::memmem::find(text.as_bytes(), b"Billed Duration:").is_some()
                && memchr::memmem::find(text.as_bytes(), b"Memory Size:").is_some();
            if !cut_report {
                return None;
            }
            if is_request_id(head) {
                parsed.request_id = Some(head);
            }
            return Some(PlatformLine::Report(parse_report_fields(text)));
        }
    };
    if let Some(at) = request_id_label(text, head) {
        parsed.request_id = Some(split_token(&text[at + REQUEST_ID_LABEL.len()..]).0);
    }
    Some(platform)
}

const REQUEST_ID_LABEL: &str = "RequestId: ";

/// Where the first `RequestId: ` of a platform line starts (`head` is its first token, at
/// its start). Lambda writes it right after the keyword (`START RequestId: …`), which is
/// checked first: an earlier occurrence would have to hold the space after `head` (the
/// label's only whitespace is its last byte, and `head` has none), so it would start ten
/// bytes before that space, which only a head ending in `RequestId:` allows. Otherwise the
/// whole line is searched (a unit test compares the two).
fn request_id_label(text: &str, head: &str) -> Option<usize> {
    static FINDER: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(REQUEST_ID_LABEL));
    let after_head = head.len() + 1;
    if std::ptr::eq(head.as_ptr(), text.as_ptr())
        && !head.ends_with("RequestId:")
        && text.as_bytes().get(head.len()) == Some(&b' ')
        && text.as_bytes()[after_head..].starts_with(REQUEST_ID_LABEL.as_bytes())
    {
        return Some(after_head);
    }
    FINDER.find(text.as_bytes())
}

/// Read `Key: value` fields of a REPORT / INIT_REPORT line. Fields are tab separated, but copies
/// often turn tabs into spaces, so the fields are found by name.
pub fn parse_report_fields(text: &str) -> ReportMetrics {
    // One pass over the fields, by name. Lambda separates them with tabs, but copies often turn
    // tabs into spaces, so a field starts at each known name wherever it is.
    let mut metrics = ReportMetrics::default();
    let bytes = text.as_bytes();
    // Candidates are the start of the text and every byte after a whitespace byte. Lambda's
    // `REPORT RequestId: ` prefix holds no field (both its words start with `R`, as no field
    // name does), so the scan starts where it would arrive after them.
    const PREFIX: &[u8] = b"REPORT RequestId: ";
    let mut i = if bytes.starts_with(PREFIX) {
        PREFIX.len()
    } else {
        0
    };
    while i < bytes.len() {
        let at_field_start = i == 0 || bytes[i - 1].is_ascii_whitespace();
        if at_field_start && bytes[i].is_ascii_uppercase() {
            if let Some((field, value)) = report_field_at(&text[i..]) {
                // Continue after the name, so `Duration:` inside `Init Duration:` is not a field,
                // and past a number read: no field name starts inside whitespace or digits.
                i = text.len() - value.len();
                let number = || {
                    let (n, read) = leading_number_extent(value);
                    (n, i + read)
                };
                match field {
                    ReportField::Duration => {
                        let (n, next) = number();
                        metrics.duration_ms = metrics.duration_ms.or(n);
                        i = next;
                    }
                    ReportField::Billed => (metrics.billed_duration_ms, i) = number(),
                    ReportField::MemorySize => {
                        let (n, next) = number();
                        (metrics.memory_size_mb, i) = (n.map(|v| v as u32), next);
                    }
                    ReportField::MaxMemoryUsed => {
                        let (n, next) = number();
                        (metrics.max_memory_used_mb, i) = (n.map(|v| v as u32), next);
                    }
                    ReportField::InitDuration => (metrics.init_duration_ms, i) = number(),
                    ReportField::Status => metrics.status = leading_word(value),
                    ReportField::ErrorType => metrics.error_type = leading_word(value),
                }
                continue;
            }
        }
        // The next candidate follows the next whitespace byte at or after `i`.
        match find_whitespace(&bytes[i..]) {
            Some(w) => i += w + 1,
            None => break,
        }
    }
    metrics
}

#[derive(Clone, Copy)]
enum ReportField {
    Duration,
    Billed,
    MemorySize,
    MaxMemoryUsed,
    InitDuration,
    Status,
    ErrorType,
}

/// The field whose name starts `text`, and the text after the name.
fn report_field_at(text: &str) -> Option<(ReportField, &str)> {
    const NAMES: [(&str, ReportField); 7] = [
        ("Duration:", ReportField::Duration),
        ("Billed Duration:", ReportField::Billed),
        ("Memory Size:", ReportField::MemorySize),
        ("Max Memory Used:", ReportField::MaxMemoryUsed),
        ("Init Duration:", ReportField::InitDuration),
        ("Status:", ReportField::Status),
        ("Error Type:", ReportField::ErrorType),
    ];
    // Only the names that start with the text's first byte can match (one compare, not seven).
    let first = *text.as_bytes().first()?;
    NAMES
        .iter()
        .filter(|(name, _)| name.as_bytes()[0] == first)
        .find_map(|(name, field)| text.strip_prefix(name).map(|value| (*field, value)))
}

#[cfg(test)]
fn leading_number(value: &str) -> Option<f64> {
    leading_number_extent(value).0
}

/// [`leading_number`], and how many bytes of `value` it read (leading whitespace, then the
/// number's digits and dots).
fn leading_number_extent(value: &str) -> (Option<f64>, usize) {
    let whole = value.len();
    let value = value.trim_start();
    let skipped = whole - value.len();
    // One pass reads the number's extent and, for the usual `123` / `123.45`, its value.
    let (mut mantissa, mut digits, mut dots, mut dot_at, mut end) = (0u64, 0usize, 0, 0, 0);
    for &b in value.as_bytes() {
        if b.is_ascii_digit() {
            mantissa = mantissa.wrapping_mul(10).wrapping_add(u64::from(b - b'0'));
            digits += 1;
        } else if b == b'.' {
            dots += 1;
            dot_at = end;
        } else {
            break;
        }
        end += 1;
    }
    let frac_len = if dots == 1 { end - dot_at - 1 } else { 0 };
    let short =
        (1..=15).contains(&digits) && (dots == 0 || (dots == 1 && dot_at > 0 && frac_len > 0));
    if short {
        return (Some(short_decimal(mantissa, frac_len)), skipped + end);
    }
    (value[..end].parse().ok(), skipped + end)
}

/// `123` or `123.45` with at most 15 digits, as `mantissa / 10^frac_len`, without the general
/// float parser: both are exact in an `f64`, so the one division rounds correctly, to the
/// value `str::parse` gives (the classic exact fast path).
fn short_decimal(mantissa: u64, frac_len: usize) -> f64 {
    const POWERS: [f64; 16] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    ];
    mantissa as f64 / POWERS[frac_len]
}

fn leading_word(value: &str) -> Option<String> {
    let word = split_token(value).0;
    (!word.is_empty()).then(|| word.to_string())
}

/// The first token (up to whitespace) and what follows it, with leading whitespace trimmed.
/// Byte-wise: headers are ASCII, and this runs several times on every line.
fn split_token(s: &str) -> (&str, &str) {
    let s = trim_start_sep(s);
    match find_whitespace(s.as_bytes()) {
        Some(i) => (&s[..i], trim_start_sep(&s[i..])),
        None => (s, ""),
    }
}

/// The first ASCII whitespace byte, eight bytes at a time: every whitespace byte is at most
/// 0x20, so a word with no byte that small is skipped whole (headers are long runs of
/// timestamp, request id and level characters). A flagged word is checked byte by byte.
fn find_whitespace(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let mut chunks = bytes.chunks_exact(8);
    let mut at = 0;
    for chunk in &mut chunks {
        let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        // High bit of each byte below 0x21 (bytes >= 0x80 never flag).
        if word.wrapping_sub(ONES * 0x21) & !word & (ONES * 0x80) != 0 {
            if let Some(i) = chunk.iter().position(u8::is_ascii_whitespace) {
                return Some(at + i);
            }
        }
        at += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(u8::is_ascii_whitespace)
        .map(|i| at + i)
}

fn trim_start_sep(s: &str) -> &str {
    let start = s
        .bytes()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(s.len());
    &s[start..]
}

/// A Lambda request id: a UUID shape (8-4-4-4-12 alphanumerics, so the docs' `xmpl` ids count too).
pub fn is_request_id(token: &str) -> bool {
    // Every byte is checked without an early exit: this runs on a header token of nearly every
    // line, and a byte-by-byte branch on random hex mispredicts more than it saves.
    const fn shape() -> [[bool; 256]; 2] {
        let mut t = [[false; 256]; 2];
        let mut b = 0;
        while b < 256 {
            t[0][b] = (b as u8).is_ascii_alphanumeric();
            t[1][b] = b == b'-' as usize;
            b += 1;
        }
        t
    }
    static SHAPE: [[bool; 256]; 2] = shape();
    let b = token.as_bytes();
    b.len() == 36
        && b.iter().enumerate().fold(true, |ok, (i, &c)| {
            ok & SHAPE[usize::from(matches!(i, 8 | 13 | 18 | 23))][usize::from(c)]
        })
}

/// The raw (still escaped) string value of the first `"key": "value"` in a JSON text.
pub fn json_str_field<'a>(json: &'a str, key: &str) -> Option<&'a str> {
    let value = json_field_value(json, key)?;
    let inner = value.strip_prefix('"')?;
    let bytes = inner.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return Some(&inner[..i]),
            _ => i += 1,
        }
    }
    None
}

/// The number in the first `"key": 123.4` of a JSON text.
pub fn json_num_field(json: &str, key: &str) -> Option<f64> {
    let value = json_field_value(json, key)?;
    let end = value
        .find(|c: char| !(c.is_ascii_digit() || matches!(c, '.' | '-' | 'e' | 'E' | '+')))
        .unwrap_or(value.len());
    value[..end].parse().ok()
}

/// The text just after `"key"\s*:\s*`.
fn json_field_value<'a>(json: &'a str, key: &str) -> Option<&'a str> {
    let mut from = 0;
    while let Some(pos) = memchr::memmem::find(&json.as_bytes()[from..], key.as_bytes()) {
        let start = from + pos;
        let end = start + key.len();
        from = end;
        if start == 0
            || json.as_bytes()[start - 1] != b'"'
            || json.as_bytes().get(end) != Some(&b'"')
        {
            continue;
        }
        let after = json[end + 1..].trim_start();
        if let Some(value) = after.strip_prefix(':') {
            return Some(value.trim_start());
        }
    }
    None
}

#[cfg(test)]
mod tests;
