//! Reading logs as people have them: auto-detects the input format and groups multi-line events.
//!
//! Formats: CloudWatch Logs subscription events (`{"awslogs":{"data":…}}`, one per file or per
//! line), decoded subscription documents, Kinesis events carrying CloudWatch Logs records,
//! `aws logs get-log-events` / `filter-log-events` JSON, Logs Insights results (JSON or CSV
//! export, `get-query-results` output), log events as CSV (`epoch ms,"message"` rows), JSON
//! Lines records, and plain text as printed by
//! `aws logs tail` or copied from the console (with a timestamp column in front).
//!
//! In plain text one event may span several lines: stack traces, Python tracebacks and
//! pretty-printed JSON error documents are joined to the line that opened them.

use crate::decode::{decode_envelope, DecodeError, DecodeLimits, Decoded, EnvelopeKind};
use crate::model::LogEvent;
use crate::time::{parse_timestamp, parse_timestamp_prefix};
use serde_json::Value;

/// An event with the function (log group) it came from, when the input says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputEvent {
    pub log_group: Option<String>,
    pub event: LogEvent,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    SubscriptionEvent,
    SubscriptionDocument,
    KinesisEvent,
    LogEventsJson,
    InsightsResults,
    JsonRecords,
    InsightsCsv,
    EventsCsv,
    PlainText,
}

#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("record {record}: {source}")]
    Payload { record: usize, source: DecodeError },
}

/// A plain-text event longer than this is closed even if a bracket is still open: a stray `{`
/// must not swallow the rest of a file.
const MAX_EVENT_LINES: usize = 400;
const MAX_EVENT_BYTES: usize = 256 * 1024;

/// Everything read from one input: the events, and the records that could not be decoded
/// (reported, never silently dropped; the other records are still read).
#[derive(Debug)]
pub struct Ingested {
    pub format: InputFormat,
    pub events: Vec<InputEvent>,
    pub errors: Vec<IngestError>,
}

/// Read every event of an input text, whatever its format.
pub fn read_events(text: &str) -> Ingested {
    let text = text.trim_start_matches('\u{feff}');
    let trimmed = text.trim();
    if trimmed.starts_with(['{', '[']) {
        if let Ok(value) = serde_json::from_str::<Value>(trimmed) {
            let mut events = Vec::new();
            let mut errors = Vec::new();
            let format = read_json_value(value, trimmed, 1, &mut events, &mut errors);
            return Ingested {
                format,
                events,
                errors,
            };
        }
    }
    if let Some(ingested) = read_json_lines(text) {
        return ingested;
    }
    if let Some(events) = read_insights_csv(text) {
        return Ingested {
            format: InputFormat::InsightsCsv,
            events,
            errors: Vec::new(),
        };
    }
    if let Some(events) = read_events_csv(text) {
        return Ingested {
            format: InputFormat::EventsCsv,
            events,
            errors: Vec::new(),
        };
    }
    Ingested {
        format: InputFormat::PlainText,
        events: group_plain_text(&unflattened(&dedented(&unquoted(text)))),
        errors: Vec::new(),
    }
}

fn read_json_lines(text: &str) -> Option<Ingested> {
    let mut lines = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .peekable();
    lines.peek()?;
    let mut values = Vec::new();
    for line in lines {
        if !line.starts_with(['{', '[']) {
            return None;
        }
        values.push((serde_json::from_str::<Value>(line).ok()?, line));
    }
    let mut events = Vec::new();
    let mut errors = Vec::new();
    let mut format = InputFormat::JsonRecords;
    for (i, (value, raw)) in values.into_iter().enumerate() {
        let before = errors.len();
        let f = read_json_value(value, raw, i + 1, &mut events, &mut errors);
        if errors.len() == before {
            format = f;
        }
    }
    Some(Ingested {
        format,
        events,
        errors,
    })
}

/// Read one JSON value: an envelope through the one decoder (each payload that cannot be
/// decoded is reported in `errors`, the others are kept), otherwise rows and records.
fn read_json_value(
    value: Value,
    raw: &str,
    record: usize,
    out: &mut Vec<InputEvent>,
    errors: &mut Vec<IngestError>,
) -> InputFormat {
    if let Some(envelope) = decode_envelope(&value, DecodeLimits::default()) {
        for payload in envelope.payloads {
            match payload.decoded {
                Ok(decoded) => push_decoded(decoded, out),
                Err(source) => errors.push(IngestError::Payload { record, source }),
            }
        }
        return match envelope.kind {
            EnvelopeKind::Subscription => InputFormat::SubscriptionEvent,
            EnvelopeKind::Document => InputFormat::SubscriptionDocument,
            EnvelopeKind::Kinesis => InputFormat::KinesisEvent,
        };
    }
    match &value {
        Value::Object(map) if map.get("events").is_some_and(Value::is_array) => {
            for e in map["events"].as_array().into_iter().flatten() {
                push_row(e, out);
            }
            InputFormat::LogEventsJson
        }
        Value::Object(map) if map.get("results").is_some_and(Value::is_array) => {
            for row in map["results"].as_array().into_iter().flatten() {
                push_row(row, out);
            }
            InputFormat::InsightsResults
        }
        Value::Array(items) => {
            let mut format = InputFormat::JsonRecords;
            for item in items {
                if item.as_object().and_then(bare_event_time).is_some() {
                    format = InputFormat::LogEventsJson;
                    push_row(item, out);
                } else if is_row(item) {
                    format = InputFormat::InsightsResults;
                    push_row(item, out);
                } else {
                    out.push(record_event(item, &item.to_string()));
                }
            }
            format
        }
        _ if is_row(&value) => {
            push_row(&value, out);
            InputFormat::InsightsResults
        }
        _ => {
            out.push(record_event(&value, raw));
            InputFormat::JsonRecords
        }
    }
}

/// A control message carries no logs.
fn push_decoded(decoded: Decoded, out: &mut Vec<InputEvent>) {
    let Decoded::Data { document, .. } = decoded else {
        return;
    };
    let group = Some(document.log_group).filter(|g| !g.is_empty());
    for e in document.log_events {
        out.push(InputEvent {
            log_group: group.clone(),
            event: LogEvent::new(Some(e.timestamp), e.message),
        });
    }
}

/// A Logs Insights / get-log-events row: an object with `@message` or `message` beside
/// CloudWatch metadata, or a `[{field, value}]` list.
fn is_row(value: &Value) -> bool {
    match value {
        // An ecs-logging record (its spec requires `@timestamp`, `log.level`, `message` and
        // `ecs.version`) looks like an export row but is the application's record, level and
        // all; a row with `@message` is an export row whatever its other columns.
        Value::Object(map)
            if !map.contains_key("@message")
                && (map.contains_key("ecs.version") || map.contains_key("log.level")) =>
        {
            false
        }
        Value::Object(map) => {
            map.contains_key("@message")
                || map.get("message").is_some_and(Value::is_string)
                    && [
                        "ingestionTime",
                        "logStreamName",
                        "eventId",
                        "@timestamp",
                        "@logStream",
                    ]
                    .iter()
                    .any(|k| map.contains_key(*k))
        }
        Value::Array(cells) => cells
            .iter()
            .any(|c| c.get("field").and_then(Value::as_str) == Some("@message")),
        _ => false,
    }
}

/// CloudWatch Logs' own event shape, `InputLogEvent` / `OutputLogEvent` without their
/// ingestion time: a `message` string and one epoch-milliseconds time, whatever a tool names
/// that key (`timestamp` in the API, `eventTime` in some consoles' exports). Nothing else in
/// the object, so an application's record (a level, a logger, fields) stays a record.
fn bare_event_time(map: &serde_json::Map<String, Value>) -> Option<i64> {
    if map.len() != 2 || !map.get("message").is_some_and(Value::is_string) {
        return None;
    }
    // Epoch milliseconds between 2001 and 2286: thirteen digits.
    map.iter()
        .filter(|(key, _)| key.as_str() != "message")
        .find_map(|(_, v)| v.as_i64())
        .filter(|ms| (1_000_000_000_000..10_000_000_000_000).contains(ms))
}

fn push_row(row: &Value, out: &mut Vec<InputEvent>) {
    let get = |key: &str| -> Option<&Value> {
        match row {
            Value::Object(map) => map.get(key),
            Value::Array(cells) => cells
                .iter()
                .find(|c| c.get("field").and_then(Value::as_str) == Some(key))
                .and_then(|c| c.get("value")),
            _ => None,
        }
    };
    let Some(message) = get("@message")
        .or_else(|| get("message"))
        .and_then(Value::as_str)
    else {
        out.push(record_event(row, &row.to_string()));
        return;
    };
    let timestamp = get("@timestamp")
        .or_else(|| get("timestamp"))
        .and_then(|t| match t {
            Value::Number(n) => n.as_i64(),
            Value::String(s) => s.parse().ok().or_else(|| parse_timestamp(s)),
            _ => None,
        })
        .or_else(|| row.as_object().and_then(bare_event_time));
    let log_group = get("@log")
        .or_else(|| get("logGroup"))
        .or_else(|| get("logGroupName"))
        .and_then(Value::as_str)
        .map(|g| {
            // Insights writes `@log` as `account:group`.
            g.split_once(':').map_or(g, |(_, group)| group).to_string()
        });
    out.push(InputEvent {
        log_group,
        event: LogEvent::new(timestamp, message),
    });
}

/// A JSON record (application log, Lambda error object, telemetry record) is one event as is.
fn record_event(value: &Value, raw: &str) -> InputEvent {
    let log_group = ["logGroup", "log_group", "function_name"]
        .iter()
        .find_map(|k| value.get(*k).and_then(Value::as_str))
        .map(str::to_string);
    InputEvent {
        log_group,
        event: LogEvent::new(None, raw.to_string()),
    }
}

/// Logs Insights CSV export: a header naming `@message`.
fn read_insights_csv(text: &str) -> Option<Vec<InputEvent>> {
    let mut records = csv_records(text);
    let header = records.next()?;
    let message_col = header.iter().position(|h| h == "@message")?;
    let ts_col = header.iter().position(|h| h == "@timestamp");
    let log_col = header.iter().position(|h| h == "@log");
    Some(
        records
            .filter(|r| r.len() > message_col)
            .map(|r| InputEvent {
                log_group: log_col.and_then(|c| r.get(c)).map(|g| {
                    g.split_once(':')
                        .map_or(g.as_str(), |(_, group)| group)
                        .to_string()
                }),
                event: LogEvent::new(
                    ts_col
                        .and_then(|c| r.get(c))
                        .and_then(|t| parse_timestamp(t)),
                    r[message_col].clone(),
                ),
            })
            .collect(),
    )
}

/// Log events saved as CSV with no query behind them: one `1681985328964,"message"` row per
/// event, the event's epoch milliseconds then its message quoted by RFC 4180 (inner quotes
/// doubled, the message's own newline kept inside the quotes), as the CloudWatch console's log
/// events view downloads them, with or without a `timestamp,message` header. Each row is one
/// event, so the level or request id at the start of a message is read as in any other
/// event, and a traceback inside the quotes stays with its record. Every row must have that
/// shape, or the text is read as plain lines.
fn read_events_csv(text: &str) -> Option<Vec<InputEvent>> {
    let text = text.trim_start();
    let mut rest = text
        .strip_prefix("timestamp,message\r\n")
        .or_else(|| text.strip_prefix("timestamp,message\n"))
        .unwrap_or(text);
    let mut events = Vec::new();
    // Strict, so that nothing is lost: a row that does not close its quote, or has text after
    // it, makes the whole input plain lines.
    while !rest.trim().is_empty() {
        rest = rest.trim_start_matches(['\r', '\n']);
        if !starts_a_csv_row(rest) {
            return None;
        }
        let epoch: i64 = rest[..13].parse().ok()?;
        let mut body = &rest[15..];
        let mut message = String::new();
        loop {
            let quote = body.find('"')?;
            message.push_str(&body[..quote]);
            body = &body[quote + 1..];
            if let Some(after) = body.strip_prefix('"') {
                message.push('"');
                body = after;
            } else {
                break;
            }
        }
        if !(body.is_empty() || body.starts_with(['\n', '\r'])) {
            return None;
        }
        // A row's start inside a message: a quote that was never closed where it should be.
        if message.lines().skip(1).any(starts_a_csv_row) {
            return None;
        }
        let message = message.strip_suffix('\n').unwrap_or(&message).to_string();
        events.push(InputEvent {
            log_group: None,
            event: LogEvent::new(Some(epoch), message),
        });
        rest = body;
    }
    (!events.is_empty()).then_some(events)
}

/// `1681985328964,"`: thirteen digits of epoch milliseconds, a comma, an opening quote.
fn starts_a_csv_row(line: &str) -> bool {
    line.len() >= 15
        && line.as_bytes()[..13].iter().all(u8::is_ascii_digit)
        && line[13..].starts_with(",\"")
}

/// RFC 4180 records (quoted fields may hold commas, quotes and newlines).
fn csv_records(text: &str) -> impl Iterator<Item = Vec<String>> + '_ {
    let mut chars = text.chars().peekable();
    std::iter::from_fn(move || {
        chars.peek()?;
        let mut record = Vec::new();
        let mut field = String::new();
        let mut quoted = false;
        while let Some(c) = chars.next() {
            match (c, quoted) {
                ('"', true) if chars.peek() == Some(&'"') => {
                    field.push('"');
                    chars.next();
                }
                ('"', true) => quoted = false,
                ('"', false) if field.is_empty() => quoted = true,
                (',', false) => record.push(std::mem::take(&mut field)),
                ('\n', false) => break,
                ('\r', false) if chars.peek() == Some(&'\n') => {}
                (c, _) => field.push(c),
            }
        }
        record.push(field);
        Some(record)
    })
}

/// A log indented as a whole, the way a markdown code block or a runbook indents a paste:
/// every non-blank line (at least two) starts with the same spaces or tabs. That common
/// indent is the paste's, not the log's, and comes off, so that a record's own continuation
/// lines (a stack's frames, indented further) still read as continuations and its header lines
/// as headers.
fn dedented(text: &str) -> std::borrow::Cow<'_, str> {
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let Some(first) = lines.next() else {
        return text.into();
    };
    let mut common = &first[..first.len() - first.trim_start_matches([' ', '\t']).len()];
    let mut several = false;
    for line in lines {
        several = true;
        let shared = common
            .bytes()
            .zip(line.bytes())
            .take_while(|(a, b)| a == b)
            .count();
        common = &common[..shared];
    }
    if !several || common.is_empty() {
        return text.into();
    }
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        out.push_str(
            line.strip_prefix(common)
                .unwrap_or(line.trim_start_matches([' ', '\t'])),
        );
        out.push('\n');
    }
    out.into()
}

/// A log quoted as a whole, the way it is pasted from an issue or a chat: every line behind a
/// markdown blockquote marker (`> `, CommonMark's block quote, `>` alone on a blank quoted
/// line) or a `# ` comment marker (a log kept in a script's header comment). Only when every
/// non-blank line carries the same marker and there are at least two: a single `> ` or `# `
/// line may be the log's own text. And only when what is quoted is a log: one of its lines is
/// dated, a Lambda platform line, a traceback's header or frame, or a stack frame; a block of
/// comments or quoted prose (`# ERROR: the script exits 1 when …`) is left as it is. The lines
/// come back without the marker, so levels, headers and tracebacks read as in the original.
fn unquoted(text: &str) -> std::borrow::Cow<'_, str> {
    let mut lines = text.lines().filter(|l| !l.trim().is_empty()).peekable();
    let Some(first) = lines.peek() else {
        return text.into();
    };
    let marker = match first.trim_start().as_bytes().first() {
        Some(b'>') => '>',
        Some(b'#') => '#',
        _ => return text.into(),
    };
    let quoted = |l: &str| {
        let t = l.trim_start();
        match marker {
            '>' => t.starts_with('>'),
            _ => t == "#" || t.starts_with("# "),
        }
    };
    let mut count = 0;
    for line in lines {
        if !quoted(line) {
            return text.into();
        }
        count += 1;
    }
    if count < 2 {
        return text.into();
    }
    let mut out = String::with_capacity(text.len());
    let mut holds_a_log = false;
    for line in text.lines() {
        let t = line.trim_start();
        let body = t
            .strip_prefix(marker)
            .map_or(line, |rest| rest.strip_prefix(' ').unwrap_or(rest));
        holds_a_log = holds_a_log || is_log_line(body);
        out.push_str(body);
        out.push('\n');
    }
    if holds_a_log {
        out.into()
    } else {
        text.into()
    }
}

/// Lambda's platform records joined onto one line, the way a console that flattens an event
/// or a string literal that escapes its line breaks shows them: `START RequestId: … Version:
/// $LATEST END RequestId: … REPORT RequestId: … Max Memory Used: 20 MB 2017-11-20T22:23:32.998Z
/// … Task timed out after 3.00 seconds`, or `START RequestId: … Version: $LATEST\nRequestId: …
/// Error: Runtime exited with error: exit status 1\nRuntime.ExitError\nEND …` with the two
/// characters `\n`. Each platform record is one line of a fixed shape (the Developer Guide's
/// INIT_START, START, END and REPORT lines), so a line that starts with one and goes on past
/// its shape holds the lines that followed it, and they come back as lines:
/// - escaped: the `\n` comes right after the first record's shape (a platform record has no
///   backslash), and the line is unescaped as the JSON string escapes it was written with; a
///   `\n` only inside later text (an application's JSON) leaves the line as it is written;
/// - flattened: the line breaks before each later record head that follows a space or a tab,
///   and after a record's own fields when what follows opens a record of its own (dated, or a
///   `[LEVEL]` or platform head).
///
/// Only lines that start with a platform record are touched.
fn unflattened(text: &str) -> std::borrow::Cow<'_, str> {
    if !text
        .lines()
        .any(|l| is_joined_platform_line(l.trim_start()))
    {
        return text.into();
    }
    let mut out = String::with_capacity(text.len() + 64);
    for line in text.lines() {
        let trimmed = line.trim_start();
        if !is_joined_platform_line(trimmed) {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        let unescaped;
        let joined = if escaped_after_record(trimmed) {
            unescaped = unescape_json_string(trimmed);
            unescaped.as_str()
        } else {
            trimmed
        };
        for part in joined.lines() {
            for record in split_platform_records(part) {
                out.push_str(record);
                out.push('\n');
            }
        }
    }
    out.into()
}

const PLATFORM_HEADS: [&str; 4] = [
    "INIT_START ",
    "START RequestId: ",
    "END RequestId: ",
    "REPORT RequestId: ",
];

/// A platform line that carries more than its own record.
fn is_joined_platform_line(trimmed: &str) -> bool {
    PLATFORM_HEADS.iter().any(|h| trimmed.starts_with(h))
        && (escaped_after_record(trimmed)
            || later_heads(trimmed).next().is_some()
            || platform_record_end(trimmed).is_some_and(|end| {
                let tail = trimmed[end..].trim_start();
                !tail.is_empty() && starts_new_record(tail)
            }))
}

/// Whether the first record's shape is followed by an escaped line break (`\n`, `\r\n`, after
/// any `\t` escapes that ended the record).
fn escaped_after_record(trimmed: &str) -> bool {
    platform_record_end(trimmed).is_some_and(|end| {
        let mut tail = trimmed[end..].trim_start_matches([' ', '\t']);
        while let Some(rest) = tail.strip_prefix("\\t") {
            tail = rest;
        }
        tail.starts_with("\\n") || tail.starts_with("\\r\\n")
    })
}

/// Where later platform records start on a line: a head after a space or a tab.
fn later_heads(line: &str) -> impl Iterator<Item = usize> + '_ {
    PLATFORM_HEADS.iter().flat_map(move |head| {
        line.match_indices(head)
            .map(|(i, _)| i)
            .filter(move |&i| i > 0 && matches!(line.as_bytes()[i - 1], b' ' | b'\t'))
    })
}

/// The JSON string escapes (`\n`, `\t`, `\r`, `\"`, `\\`, `\/`) of a line copied from a string
/// literal; any other backslash is kept as it is. Not classify's `json_unescape`, which reads a
/// whole JSON string field strictly and gives up on the first bad escape: a copied literal may
/// hold raw quotes or a language's own escapes, and its line breaks must still come back.
fn unescape_json_string(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => {}
            Some(e @ ('"' | '\\' | '/')) => out.push(e),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// Where an INIT_START / START / END / REPORT record's fixed shape ends on its line: after
/// INIT_START's runtime version and ARN, after `Version: …`, after END's request id, after the
/// last of REPORT's `Name: value unit` fields, its status and error type, and its X-Ray fields.
/// A value never holds a backslash, so an escaped line break after it ends the record; the
/// fields may be apart by `\t` escapes.
fn platform_record_end(record: &str) -> Option<usize> {
    static SHAPE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(concat!(
            r"^(?:INIT_START Runtime Version: [^\s\\]+(?:(?:\s|\\t)+Runtime Version ARN: [^\s\\]+)?",
            r"|START RequestId: [^\s\\]+(?:(?:\s|\\t)+Version: [^\s\\]+)?",
            r"|END RequestId: [^\s\\]+",
            r"|REPORT RequestId: [^\s\\]+(?:(?:\s|\\t)+(?:(?:Duration|Billed Duration|Memory Size|Max Memory Used",
            r"|Init Duration|Restore Duration|Billed Restore Duration): [0-9.]+ (?:ms|MB)",
            r"|(?i:Status): [A-Za-z]+|Error Type: [^\s\\]+|XRAY TraceId: [^\s\\]+|SegmentId: [^\s\\]+|Sampled: [^\s\\]+))*)",
        ))
        .expect("static regex")
    });
    SHAPE.find(record).map(|m| m.end())
}

/// One line of joined platform records, split into its records and the lines they were
/// joined with. A blank line stays a blank line.
fn split_platform_records(line: &str) -> Vec<&str> {
    let mut cuts: Vec<usize> = std::iter::once(0).chain(later_heads(line)).collect();
    cuts.sort_unstable();
    cuts.dedup();
    let mut parts = Vec::new();
    for (k, &start) in cuts.iter().enumerate() {
        let end = cuts.get(k + 1).copied().unwrap_or(line.len());
        let part = line[start..end].trim_end();
        match platform_record_end(part) {
            Some(shape) if starts_new_record(part[shape..].trim_start()) => {
                parts.push(part[..shape].trim_end());
                parts.push(part[shape..].trim_start());
            }
            _ => parts.push(part),
        }
    }
    if parts.iter().all(|p| p.is_empty()) {
        return vec![""];
    }
    parts.retain(|p| !p.is_empty());
    parts
}

/// A line only a program's log has: dated, one of Lambda's platform lines, a Python
/// traceback's header or frame, or a V8 / JVM / .NET stack frame.
fn is_log_line(line: &str) -> bool {
    let t = line.trim_start();
    parse_timestamp_prefix(t).is_some_and(|p| p.epoch_ms.is_some())
        || is_platform_line(t)
        || t.starts_with("Traceback (most recent call last)")
        || crate::classify::is_python_frame_header(t)
        || t.strip_prefix("at ")
            .is_some_and(crate::classify::is_at_frame)
}

/// Group plain-text lines into events.
pub fn group_plain_text(text: &str) -> Vec<InputEvent> {
    let mut grouper = LineGrouper::default();
    let mut out = Vec::new();
    for line in text.lines() {
        if let Some(event) = grouper.push_line(line) {
            out.push(InputEvent {
                log_group: None,
                event,
            });
        }
    }
    out.extend(grouper.finish().map(|event| InputEvent {
        log_group: None,
        event,
    }));
    out
}

/// Streaming line grouper: feed lines, get complete events back.
#[derive(Debug, Default)]
pub struct LineGrouper {
    current: Option<Pending>,
    /// A console timestamp on a line of its own applies to the next event.
    pending_timestamp: Option<i64>,
}

#[derive(Debug)]
struct Pending {
    timestamp_ms: Option<i64>,
    text: String,
    lines: usize,
    depth: i32,
    in_string: bool,
    header_only: bool,
    /// A line of Lambda's platform or of its emulator: one line, never continued.
    platform: bool,
    traceback: bool,
    /// The event holds PHP's `Stack trace:` line: its `#N` frames follow.
    php_trace: bool,
    /// A blank line followed the event: it is over unless an error type line trails it.
    after_blank: bool,
    /// The event opened with a runtime's record header (timestamp, request id, level): the
    /// lines that follow it without a header of their own are the rest of its message.
    runtime_record: bool,
    /// The event opened with the Python runtime's report of an escaped error, `[ERROR] Name:
    /// message` with no timestamp or request id: awslambdaric's bootstrap writes the error's
    /// message and then its `Traceback (most recent call last):` as one record, so the lines
    /// of a multi-line message before the traceback are the rest of it.
    python_error_report: bool,
}

impl LineGrouper {
    /// Add one line; returns the previous event when this line starts a new one.
    pub fn push_line(&mut self, raw: &str) -> Option<LogEvent> {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        let (column_ts, line) = strip_console_column(raw);
        if line.trim().is_empty() {
            if column_ts.is_some() && line.trim().is_empty() && !raw.trim().is_empty() {
                // A timestamp alone on its line (console copy): it dates the next event.
                self.pending_timestamp = column_ts.flatten().or(self.pending_timestamp);
                return None;
            }
            // A blank line ends an event unless a JSON document is still open.
            if self
                .current
                .as_ref()
                .is_some_and(|p| p.depth > 0 && p.lines < MAX_EVENT_LINES)
            {
                self.append(line);
                return None;
            }
            if let Some(p) = &mut self.current {
                p.after_blank = true;
            }
            return None;
        }
        if let Some(p) = &self.current {
            let continues = if p.after_blank {
                // Only the bare error type that Lambda prints under an exit, and an indented
                // stack frame, cross a blank line. A frame (V8's and the JVM's `    at …`) never
                // opens a record: its message is above it, and a message with a blank line in
                // it (`console.log(err)` of a child process's stderr) is still one event.
                is_error_type_alone(line.trim_start())
                    || (!p.platform && is_indented_frame(line))
                    // A console record's message may hold a blank line; the Python runtime's
                    // report is not followed across one.
                    || (p.runtime_record && p.continues_record(line))
            } else {
                p.continues_with(line) || p.continues_record(line)
            };
            if continues {
                self.append(line);
                if let Some(p) = &mut self.current {
                    // Past the blank line the event goes on as before it.
                    p.after_blank = false;
                }
                return None;
            }
        }
        let finished = self.take();
        let timestamp_ms = column_ts.flatten().or(self.pending_timestamp.take());
        // The opener's header is read once, for both of the questions asked of it.
        let opener = crate::parse::parse_message(line);
        let mut pending = Pending {
            timestamp_ms,
            text: String::new(),
            lines: 0,
            depth: 0,
            in_string: false,
            header_only: is_header_only(&opener),
            platform: is_platform_line(line) || is_emulator_record(raw),
            traceback: false,
            php_trace: false,
            after_blank: false,
            runtime_record: is_runtime_record_header(line, &opener),
            python_error_report: opener.runtime_error_report
                && opens_exception_report(opener.body.trim_start()),
        };
        pending.add(line);
        self.current = Some(pending);
        finished
    }

    pub fn finish(&mut self) -> Option<LogEvent> {
        self.take()
    }

    fn append(&mut self, line: &str) {
        if let Some(p) = &mut self.current {
            p.text.push('\n');
            p.add(line);
        }
    }

    fn take(&mut self) -> Option<LogEvent> {
        self.current
            .take()
            .map(|p| LogEvent::new(p.timestamp_ms, p.text))
    }
}

impl Pending {
    fn add(&mut self, line: &str) {
        if self.text.len() < MAX_EVENT_BYTES {
            self.text.push_str(line);
        }
        self.lines += 1;
        self.php_trace |= line.trim_start().starts_with("Stack trace:");
        // A traceback copied from its first frame on (its header cut off) is one too: CPython
        // prints each frame as `  File "<path>", line <N>, in <name>`, and its exception line
        // comes last, unindented.
        self.traceback |= line.contains("Traceback (most recent call last)")
            || crate::classify::is_python_frame_header(line.trim_start());
        for c in line.chars() {
            match c {
                _ if self.in_string && c == '\\' => {}
                '"' => self.in_string = !self.in_string,
                '{' | '[' if !self.in_string => self.depth += 1,
                '}' | ']' if !self.in_string => self.depth -= 1,
                _ => {}
            }
        }
        // Strings do not span lines in JSON; an odd quote count is prose, not an open string.
        self.in_string = false;
        if self.depth < 0 {
            self.depth = 0;
        }
    }

    /// A line with no header of its own after a runtime's record: the Node.js runtime writes
    /// each console call as one log event with the header on its first line (Lambda Developer
    /// Guide, "Log and monitor Node.js Lambda functions"), so a
    /// copied log's header-less lines up to the next header belong to it, unless they are a
    /// failure report of their own. So do the lines of the Python runtime's error report up to
    /// its traceback (`python_error_report`).
    fn continues_record(&self, line: &str) -> bool {
        let message_lines = self.runtime_record || self.python_error_report && !self.traceback;
        if !message_lines || self.lines >= MAX_EVENT_LINES || self.text.len() >= MAX_EVENT_BYTES {
            return false;
        }
        let trimmed = line.trim_start();
        // A JSON document at the head of a line opens a record of its own (`continues_with`
        // joins the ones that follow a label such as `Invoke Error`); an indented one, such as
        // Node's inspect output of an error's fields, is part of the message.
        if starts_new_record(trimmed)
            || trimmed.starts_with("RequestId:")
            || line.starts_with(['{', '['])
        {
            return false;
        }
        let parsed = crate::parse::parse_message(line);
        if parsed.timestamp_ms.is_some()
            || parsed.request_id.is_some()
            || parsed.level.is_some()
            || parsed.platform.is_some()
        {
            return false;
        }
        // A line that is a failure report by itself, or opens one, stands alone: what another
        // process prints (an extension, the .NET host's `Unhandled exception.`, a Go or Rust
        // panic, Lambda's own lines) has no console header either.
        !opens_exception_report(trimmed)
            && crate::classify::classify(&parsed, parsed.body).is_none()
    }

    /// The Java runtime's report of an escaped exception: `<message>: pkg.Class` ends the last
    /// line, then `pkg.Class: <message>` (or the class alone) opens this one, before the frames.
    fn names_thrown_class(&self, trimmed: &str) -> bool {
        // The Java runtime prints its report without a console header: after one, the report's
        // lines are a failure of their own (`continues_record`), not the rest of the record.
        if self.runtime_record {
            return false;
        }
        let last = self.text.rsplit('\n').next().unwrap_or("");
        let Some((_, class)) = last.trim_end().rsplit_once(": ") else {
            return false;
        };
        crate::classify::is_java_class_name(class)
            && trimmed
                .strip_prefix(class)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with(':'))
    }

    fn continues_with(&self, line: &str) -> bool {
        if self.lines >= MAX_EVENT_LINES || self.text.len() >= MAX_EVENT_BYTES || self.platform {
            return false;
        }
        if self.depth > 0 {
            // An open bracket holds the lines that follow, unless one opens a record of an
            // invocation (a platform line, or a timestamp and a request id heading it): no line
            // of a document does, so the bracket was never closed (a value cut with `…`).
            return !opens_invocation_record(line);
        }
        let trimmed = line.trim_start();
        let indented = trimmed.len() < line.len();
        if indented && !starts_new_record(trimmed) {
            return true;
        }
        if [
            "at ",
            "Caused by",
            "... ",
            "Traceback (most recent call last)",
            "File \"",
            "}",
            "]",
            "goroutine ",
        ]
        .iter()
        .any(|p| trimmed.starts_with(p))
        {
            return true;
        }
        // PHP's trace of an uncaught exception (`Throwable::getTraceAsString`): `Stack trace:`,
        // then numbered frames, `#0 /var/task/index.php(61): fn()` to `#N {main}`.
        if trimmed.starts_with("Stack trace:") || self.php_trace && php_trace_frame(trimmed) {
            return true;
        }
        if is_error_type_alone(trimmed) {
            // Lambda follows `Error: Runtime exited ...` with the bare error type on its own line.
            return true;
        }
        // Ruby's backtrace of an uncaught exception: `from /path/file.rb:12:in `method'` lines
        // (tab-indented as the interpreter prints them, often not once copied).
        if crate::classify::ruby_frame(trimmed) {
            return true;
        }
        if self.names_thrown_class(trimmed) {
            return true;
        }
        // Rust's panic report since 1.73 (std's default hook): `thread 'main' panicked at
        // src/main.rs:25:25:`, and the panic's message on the next line.
        let last = self.text.rsplit('\n').next().unwrap_or("");
        if self.text.trim_end().ends_with(':')
            && last.starts_with("thread '")
            && last.contains("' panicked at ")
            && last.trim_end().ends_with(':')
        {
            return true;
        }
        if self.traceback && !starts_new_record(trimmed) {
            // Everything up to the exception line belongs to the traceback.
            return true;
        }
        if trimmed.starts_with(['{', '[']) {
            let opener = self.text.trim_end();
            return self.header_only || opener.ends_with(':') || opener.ends_with("Invoke Error");
        }
        false
    }
}

/// A frame of PHP's trace string: `#`, the frame number, a space.
fn php_trace_frame(trimmed: &str) -> bool {
    let Some(rest) = trimmed.strip_prefix('#') else {
        return false;
    };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && rest[digits..].starts_with(' ')
}

/// A record of the runtime interface emulator's own log (`26 Jan 2022 09:05:13,961 [INFO]
/// (rapid) …`, and the Python runtime's bootstrap logging through it): one line each, as its
/// logrus text formatter writes them, so what follows (a function's traceback, its output) is
/// not part of it.
fn is_emulator_record(raw: &str) -> bool {
    let t = raw.trim_start();
    // `02 Jan 2006 15:04:05,000 [LEVEL] (component)`: the date, the time with comma millis,
    // then the bracketed level and the parenthesised component. Another logger's line in the
    // same date layout (Python's `%d %b %Y`, log4j's `%d{DATE}`) is not the emulator's.
    if crate::time::parse_day_month_year(t.as_bytes()).is_none() {
        return false;
    }
    let Some(rest) = t.get(20..) else {
        return false;
    };
    let Some(after_millis) = rest
        .strip_prefix(',')
        .map(|r| r.trim_start_matches(|c: char| c.is_ascii_digit()))
    else {
        return false;
    };
    after_millis
        .strip_prefix(" [")
        .and_then(|r| r.split_once("] ("))
        .is_some_and(|(level, _)| crate::parse::Level::parse(level).is_some())
}

/// `2024-01-01T00:00:00.000Z\t<request id>\tINFO\t…`: the tab-separated header the Node.js
/// runtime's console (and the .NET runtime's logger) puts on each record. Not Python's
/// `[INFO]\t…`, whose `print()` output is records of their own, nor the Java layout
/// `2024-01-01 00:00:00 <request id> INFO …`, after which the runtime prints an uncaught
/// exception without a header. `parsed` is `line` as parse_message reads it.
fn is_runtime_record_header(line: &str, parsed: &crate::parse::ParsedMessage<'_>) -> bool {
    let mut fields = line.splitn(4, '\t');
    let timestamp = fields.next().unwrap_or("");
    if fields.clone().count() < 3
        || !timestamp.starts_with(|c: char| c.is_ascii_digit())
        || !timestamp.contains('T')
    {
        return false;
    }
    parsed.timestamp_ms.is_some()
        && parsed.request_id.is_some()
        && parsed.level.is_some()
        && parsed.platform.is_none()
}

/// The first line of an exception report as a runtime prints it: `Name: message` where the name
/// is an exception type (`…Exception`, `…Error`, dotted or not), after the .NET host's
/// `Unhandled exception. ` or the JVM's `Exception in thread "main" `; Go's `panic: `, Rust's
/// `thread '…' panicked at`, CPython's traceback header.
fn opens_exception_report(line: &str) -> bool {
    if line.starts_with("panic: ")
        || line.starts_with("Traceback (most recent call last)")
        || (line.starts_with("thread '") && line.contains("' panicked at"))
    {
        return true;
    }
    let mut head = line;
    for prefix in ["Unhandled exception. ", "Unhandled Exception: "] {
        head = head.strip_prefix(prefix).unwrap_or(head);
    }
    if let Some(rest) = head.strip_prefix("Exception in thread \"") {
        head = rest.split_once("\" ").map_or(rest, |(_, name)| name);
    }
    let Some((name, _)) = head.split_once(": ") else {
        return false;
    };
    let last = name.rsplit(['.', ':']).next().unwrap_or(name);
    !name.contains(char::is_whitespace)
        && last.starts_with(|c: char| c.is_ascii_uppercase())
        && (last.ends_with("Exception") || last.ends_with("Error"))
}

/// `    at f (file.js:1:2)`, `\tat com.x.Y.z(Y.java:3)`: a stack frame, indented as V8, the JVM
/// and .NET print it (`classify::is_at_frame` says what a frame names).
fn is_indented_frame(line: &str) -> bool {
    let trimmed = line.trim_start();
    trimmed.len() != line.len()
        && trimmed
            .strip_prefix("at ")
            .is_some_and(crate::classify::is_at_frame)
}

/// `Runtime.ExitError`, `Runtime.ImportModuleError`: an error type alone on its line.
fn is_error_type_alone(line: &str) -> bool {
    let line = line.trim_end();
    line.strip_prefix("Runtime.")
        .or_else(|| line.strip_prefix("Sandbox."))
        .is_some_and(|rest| !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// A line that is only a header (`ts\trequestId` or `ts requestId ERROR`) before a JSON body.
fn is_header_only(parsed: &crate::parse::ParsedMessage<'_>) -> bool {
    parsed.platform.is_none()
        && parsed.body.is_empty()
        && (parsed.request_id.is_some() || parsed.timestamp_ms.is_some())
}

fn is_platform_line(line: &str) -> bool {
    [
        "START RequestId:",
        "END RequestId:",
        "REPORT RequestId:",
        "INIT_START",
        "INIT_REPORT",
        "XRAY TraceId:",
        "EXTENSION\tName:",
        "EXTENSION Name:",
    ]
    .iter()
    .any(|p| line.trim_start().starts_with(p))
}

/// A line that opens a record of an invocation: Lambda's platform lines, or a runtime's record
/// header, a timestamp and then the request id (`2024-01-01T00:00:00.000Z <id> …`, the Python
/// runtime's `[INFO]\t2024-01-01T00:00:00.000Z\t<id>\t…`).
fn opens_invocation_record(line: &str) -> bool {
    let trimmed = line.trim_start();
    if is_platform_line(trimmed) {
        return true;
    }
    if !trimmed.starts_with(|c: char| c.is_ascii_digit() || c == '[') {
        return false;
    }
    let parsed = crate::parse::parse_message(trimmed);
    parsed.timestamp_ms.is_some() && parsed.request_id.is_some()
}

/// A line that opens a record even though it is indented (console tables indent every line).
fn starts_new_record(trimmed: &str) -> bool {
    is_platform_line(trimmed)
        || trimmed.starts_with('[')
            && crate::parse::Level::parse(trimmed.split(']').next().unwrap_or("")).is_some()
        || parse_timestamp_prefix(trimmed).is_some_and(|t| t.epoch_ms.is_some())
}

/// The message after a Lambda log stream's name (`2024/01/01/[$LATEST]0123abcd… message`).
fn after_lambda_stream_name(text: &str) -> Option<&str> {
    let end = lambda_stream_name_len(text)?;
    let b = text.as_bytes();
    if !b.get(end).is_some_and(|c| *c == b' ' || *c == b'\t') {
        return None;
    }
    Some(text[end..].trim_start())
}

/// The length of the Lambda log stream's name that `text` starts with
/// (`YYYY/MM/DD/[version]<environment id>`), if it starts with one.
fn lambda_stream_name_len(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    let date = b.get(..11)?;
    let date_shape = date.iter().enumerate().all(|(i, c)| match i {
        4 | 7 | 10 => *c == b'/',
        _ => c.is_ascii_digit(),
    });
    if !date_shape || b.get(11) != Some(&b'[') {
        return None;
    }
    let close = 11 + text[11..].find(']')?;
    let id_len = b[close + 1..]
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric())
        .count();
    (id_len > 0).then_some(close + 1 + id_len)
}

/// Strip a console timestamp column: `00:31:41` alone, `17:36:43 <line>`, `  | ts | <line>`,
/// or an ISO timestamp followed by a line that has its own header; and Logs Insights' field
/// label of an expanded row (`@message | <line>`). Returns the column's
/// timestamp (`Some(None)` for a time without a date) and the rest of the line.
fn strip_console_column(raw: &str) -> (Option<Option<i64>>, &str) {
    let t = raw.trim_start();
    // Logs Insights' expanded result row (`Field | Value`): `@message | <the event>`.
    if let Some(value) = t
        .strip_prefix("@message")
        .and_then(|r| r.strip_prefix(" | ").or_else(|| r.strip_prefix('\t')))
    {
        return (None, value);
    }
    if let Some(rest) = t.strip_prefix("| ") {
        // Console table: `| 2021-12-07T20:13:23.119+00:00 | message |`, or the CloudWatch Logs
        // API's own timestamp, milliseconds since the epoch (`| 1680031559778 | message |`, an
        // event's `timestamp` in a table of `get-log-events` output), perhaps with the event's
        // log stream after the message.
        if let Some((ts, msg)) = rest.split_once(" | ") {
            let ts = ts.trim();
            let epoch_ms = (ts.len() == 13 && ts.bytes().all(|b| b.is_ascii_digit()))
                .then(|| ts.parse::<i64>().ok())
                .flatten();
            let timestamp = parse_timestamp_prefix(ts)
                .map(|p| p.epoch_ms)
                .or(epoch_ms.map(Some));
            if let Some(timestamp) = timestamp {
                let mut message = msg.trim_end().trim_end_matches(" |").trim_end_matches('|');
                if epoch_ms.is_some() {
                    if let Some((before, stream)) = message.rsplit_once(" | ") {
                        let stream = stream.trim();
                        if lambda_stream_name_len(stream) == Some(stream.len()) {
                            message = before;
                        }
                    }
                    // The API's table has one message cell; a row with more cells is a table
                    // the function printed (`| 1714644672345 | ERROR | 0 |`), not an event.
                    if message.contains(" | ") {
                        return (None, raw);
                    }
                }
                return (Some(timestamp), message.trim_end());
            }
        }
    }
    let Some(ts) = parse_timestamp_prefix(t) else {
        return (None, raw);
    };
    let rest = &t[ts.len..];
    if rest.trim().is_empty() {
        return (Some(ts.epoch_ms), "");
    }
    if !rest.starts_with([' ', '\t']) {
        return (None, raw);
    }
    let after = rest.trim_start();
    // `aws logs tail`'s detailed format puts the log stream's name between the time and the
    // message; a Lambda stream is named `YYYY/MM/DD/[version]<environment id>` (Lambda
    // Developer Guide, "Sending Lambda function logs to CloudWatch Logs").
    if let Some(message) = after_lambda_stream_name(after) {
        return (Some(ts.epoch_ms), message);
    }
    let has_own_header = parse_timestamp_prefix(after).is_some_and(|p| p.epoch_ms.is_some())
        || is_platform_line(after)
        || after.starts_with("[")
            && crate::parse::Level::parse(after.split(']').next().unwrap_or("")).is_some();
    if ts.epoch_ms.is_none() || has_own_header {
        return (Some(ts.epoch_ms), after);
    }
    (None, raw)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::{
        base64_encode, encode_lambda_event, gzip, LogsDocument, SubscriptionLogEvent,
    };

    /// The events of `text`, which must be read as `format`.
    fn read_as(text: &str, format: InputFormat) -> Vec<InputEvent> {
        let ingested = read_events(text);
        assert_eq!(ingested.format, format, "{text}");
        ingested.events
    }

    fn messages(text: &str) -> Vec<String> {
        read_events(text)
            .events
            .into_iter()
            .map(|e| e.event.message)
            .collect()
    }

    #[test]
    fn a_bracket_never_closed_ends_at_the_next_record_of_an_invocation() {
        // A value cut with `…` leaves its bracket open; the runtime's next record and the
        // platform's timeout line are records of their own, not more of that value.
        let cut = "[INFO]\t2025-07-10T14:45:36.772Z\t08e1cf9c-3915-5eb3-9ecd-af75ed58d3d8\tProcessing event: {'Records': [{'messageId': '860e3af9-bd1c…\n[INFO]\t2025-07-10T14:45:37.001Z\t08e1cf9c-3915-5eb3-9ecd-af75ed58d3d8\tcalling the API\n2025-07-10T14:46:05.730Z 08e1cf9c-3915-5eb3-9ecd-af75ed58d3d8 Task timed out after 33.03 seconds\nEND RequestId: 08e1cf9c-3915-5eb3-9ecd-af75ed58d3d8";
        let m = messages(cut);
        assert_eq!(m.len(), 4, "{m:#?}");
        assert!(
            m[2].ends_with("Task timed out after 33.03 seconds"),
            "{m:#?}"
        );
        // A document that does close keeps its lines, a timestamp inside it included.
        let document = "2024-01-01T00:00:00.000Z\t08e1cf9c-3915-5eb3-9ecd-af75ed58d3d8\tINFO\t{\n  \"at\": \"2024-01-01T00:00:00.000Z\",\n  \"ok\": true\n}\nEND RequestId: 08e1cf9c-3915-5eb3-9ecd-af75ed58d3d8";
        let m = messages(document);
        assert_eq!(m.len(), 2, "{m:#?}");
    }

    #[test]
    fn platform_records_joined_onto_one_line_come_back_as_lines() {
        // A console that flattened an invocation with spaces.
        let flat = "START RequestId: 6f747a63-ce41-11e7-8cfe-3d61dad3d219 Version: $LATEST END RequestId: 6f747a63-ce41-11e7-8cfe-3d61dad3d219 REPORT RequestId: 6f747a63-ce41-11e7-8cfe-3d61dad3d219 Duration: 3001.52 ms Billed Duration: 3000 ms Memory Size: 128 MB Max Memory Used: 20 MB 2017-11-20T22:23:32.998Z 6f747a63-ce41-11e7-8cfe-3d61dad3d219 Task timed out after 3.00 seconds";
        let m = messages(flat);
        assert_eq!(m.len(), 4, "{m:#?}");
        assert!(m[0].starts_with("START RequestId: 6f747a63") && m[0].ends_with("$LATEST"));
        assert!(m[2].starts_with("REPORT RequestId:") && m[2].ends_with("Max Memory Used: 20 MB"));
        assert!(m[3].contains("Task timed out after 3.00 seconds"), "{m:#?}");
        // A string literal's escaped line breaks and tabs.
        let escaped = r"START RequestId: 5d48655b-8551-4eb6-a455-3972c5134c6f Version: $LATEST\nRequestId: 5d48655b-8551-4eb6-a455-3972c5134c6f Error: Runtime exited with error: exit status 1\nRuntime.ExitError\nEND RequestId: 5d48655b-8551-4eb6-a455-3972c5134c6f\nREPORT RequestId: 5d48655b-8551-4eb6-a455-3972c5134c6f\tDuration: 39.68 ms\tMax Memory Used: 317 MB\t\n";
        let m = messages(escaped);
        assert!(
            m.iter().any(|l| l.starts_with("RequestId: 5d48655b")
                && l.contains("exit status 1\nRuntime.ExitError")),
            "{m:#?}"
        );
        assert!(
            m.iter().any(|l| l.starts_with(
                "REPORT RequestId: 5d48655b-8551-4eb6-a455-3972c5134c6f\tDuration: 39.68 ms"
            )),
            "{m:#?}"
        );
        // Escaped from its REPORT on: the `\t` escapes between its fields are read as tabs.
        let report_first = r"REPORT RequestId: X\tDuration: 3001.52 ms\tMax Memory Used: 20 MB\t\n2017-11-20T22:23:32.998Z X Task timed out after 3.00 seconds";
        let m = messages(report_first);
        assert_eq!(m.len(), 2, "{m:#?}");
        assert!(
            m[0].starts_with("REPORT RequestId: X\tDuration: 3001.52 ms\t"),
            "{m:#?}"
        );
        // Records joined by tabs, a cold start's INIT_START first, REPORT's status and error
        // type.
        let tabbed = "INIT_START Runtime Version: go:1.v20\tRuntime Version ARN: arn:aws:lambda:us-east-1::runtime:abc START RequestId: X Version: $LATEST\tEND RequestId: X\tREPORT RequestId: X\tDuration: 3001.52 ms\tMax Memory Used: 20 MB\tStatus: Timeout\tError Type: Sandbox.Timedout\t2017-11-20T22:23:32.998Z X Task timed out after 3.00 seconds";
        let m = messages(tabbed);
        assert_eq!(m.len(), 5, "{m:#?}");
        assert!(m[0].starts_with("INIT_START") && m[1].starts_with("START RequestId: X"));
        assert!(m[3].ends_with("Error Type: Sandbox.Timedout"), "{m:#?}");
        assert!(
            m[4].ends_with("Task timed out after 3.00 seconds"),
            "{m:#?}"
        );
        // A `\n` only inside an application's JSON: the line is split by its heads and the JSON
        // is left as written.
        let mixed = r#"START RequestId: X Version: $LATEST 2024-01-01T00:00:00.000Z X INFO {"msg":"ok","d":"a\nb"} END RequestId: X 2024-01-01T00:00:03.000Z X Task timed out after 3.00 seconds"#;
        let m = messages(mixed);
        assert!(
            m.iter().any(|l| l.ends_with(r#"{"msg":"ok","d":"a\nb"}"#)),
            "{m:#?}"
        );
        assert!(
            m.iter()
                .any(|l| l.ends_with("Task timed out after 3.00 seconds") && !l.contains("INFO")),
            "{m:#?}"
        );
        // Each record on its own line, or a record with nothing after its shape: as they are.
        let plain = "START RequestId: x Version: $LATEST\nhello END RequestId: x is just text\nREPORT RequestId: x\tDuration: 1.00 ms\tMax Memory Used: 84 MB\t";
        assert_eq!(
            messages(plain),
            vec![
                "START RequestId: x Version: $LATEST".to_string(),
                "hello END RequestId: x is just text".to_string(),
                "REPORT RequestId: x\tDuration: 1.00 ms\tMax Memory Used: 84 MB\t".to_string(),
            ]
        );
    }

    #[test]
    fn python_traceback_in_plain_text_is_one_event() {
        let text = "START RequestId: 2a5345ff-6116-422d-a858-713b9216cc86 Version: $LATEST\n[ERROR] ClientError: An error occurred (AccessDenied)\nTraceback (most recent call last):\n  File \"/var/task/a.py\", line 1, in h\n    x()\nbotocore.exceptions.ClientError: An error occurred (AccessDenied)\nEND RequestId: 2a5345ff-6116-422d-a858-713b9216cc86";
        let m = messages(text);
        assert_eq!(m.len(), 3, "{m:#?}");
        assert!(
            m[1].starts_with("[ERROR] ClientError")
                && m[1].ends_with("ClientError: An error occurred (AccessDenied)")
        );
    }

    #[test]
    fn python_runtime_report_keeps_its_multi_line_message_with_its_traceback() {
        // awslambdaric writes `[ERROR] Name: message` and the traceback as one record; a
        // service's message that holds a newline sits between them.
        let text = "[ERROR] ClientException: An error occurred (ClientException) when calling the SubmitJob operation:\nJob Queue is attached to a Compute Environment that can not run Jobs\nTraceback (most recent call last):\n  File \"/var/task/handler.py\", line 29, in main\n    batch.submit_job(\nEND RequestId: 2a5345ff-6116-422d-a858-713b9216cc86";
        let m = messages(text);
        assert_eq!(m.len(), 2, "{m:#?}");
        assert!(m[0].starts_with("[ERROR] ClientException") && m[0].ends_with("batch.submit_job("));
        // Across a blank line, a header-less line is not the report's.
        let blank = "[ERROR] KeyError: 'id'\n\nprocessing the next batch\n";
        assert_eq!(messages(blank).len(), 2, "{:#?}", messages(blank));
        // An `[ERROR]` line that does not open with an exception's name is not the runtime's
        // report: its next header-less line is left to the rules that held before.
        let logged = "[ERROR] no such item: 42\nprocessing the next batch\n";
        assert_eq!(messages(logged).len(), 2, "{:#?}", messages(logged));
    }
    #[test]
    fn a_log_indented_as_a_whole_reads_as_the_log() {
        // A markdown code block's indent: the ERROR line is a record of its own, not the
        // continuation of the INFO line above it.
        let text = "   INFO  request type: \"Create\"\n   ERROR Setup failed: AccessDenied\n      at handler (/var/task/index.js:3:9)";
        let m = messages(text);
        assert_eq!(m.len(), 2, "{m:#?}");
        assert!(
            m[1].starts_with("ERROR Setup failed") && m[1].ends_with("index.js:3:9)"),
            "{m:#?}"
        );
        // One indented line, or lines without a shared indent, are left as they are.
        assert_eq!(dedented("   one line"), "   one line");
        assert_eq!(dedented("a\n   b"), "a\n   b");
    }

    #[test]
    fn a_php_trace_is_one_event_with_its_exception() {
        let text = "Exception: Unauthorized in /var/task/index.php:61\nStack trace:\n#0 /opt/runtime.php(219): handler(Object(stdClass))\n#1 {main}\nEND RequestId: 080ac761-89b2-4800-bdaf-6ba4a3f2c4fa";
        let m = messages(text);
        assert_eq!(m.len(), 2, "{m:#?}");
        assert!(m[0].ends_with("#1 {main}"), "{m:#?}");
        // A markdown heading is no frame.
        assert!(
            !php_trace_frame("# 1 heading")
                && !php_trace_frame("#main")
                && php_trace_frame("#12 {main}")
        );
        // Numbered lines with no `Stack trace:` above them (Docker BuildKit's steps) are lines
        // of their own.
        let m = messages("#1 [internal] load build definition from Dockerfile\n#2 [internal] load .dockerignore\n#3 DONE 0.1s");
        assert_eq!(m.len(), 3, "{m:#?}");
    }

    #[test]
    fn a_traceback_copied_from_its_first_frame_is_one_event() {
        // Its header cut off, with Python 3.11's caret lines: the unindented exception line
        // still ends the same event, so the frames above it are read with it.
        let text = "  File \"/opt/python/anyio/_backends/_asyncio.py\", line 986, in run\n    result = context.run(func, *args)\n  File \"/var/task/app/api/users.py\", line 28, in read_user\n    return User(id=row[0])\n                   ~~~^^^\nKeyError: 0\nEND RequestId: 2a5345ff-6116-422d-a858-713b9216cc86";
        let m = messages(text);
        assert_eq!(m.len(), 2, "{m:#?}");
        assert!(
            m[0].starts_with("  File ") && m[0].ends_with("KeyError: 0"),
            "{m:#?}"
        );
    }

    #[test]
    fn stack_frames_after_a_blank_line_join_their_message() {
        // `console.log(err)` of an error whose message ends in a blank line: the frames below
        // it are still that INFO event, not a level-less stack of their own.
        let text = "2020-07-10T19:40:09.107Z\t2d413619-080d-4f21-90cd-271ae8b06726\tINFO\tError: Command failed: /opt/bin/ffmpeg\n\n    at ChildProcess.exithandler (child_process.js:303:12)\n    at ChildProcess.emit (events.js:310:20)\nEND RequestId: 2d413619-080d-4f21-90cd-271ae8b06726";
        let m = messages(text);
        assert_eq!(m.len(), 2, "{m:#?}");
        assert!(m[0].ends_with("(events.js:310:20)"), "{m:#?}");
        // The header-less lines of a Node console record, blank lines and all, are that record.
        let text = "2024-07-18T12:46:58.968Z\t2ad98127-0696-490b-8d0e-fab18650a53b\tINFO\tError: Failed to launch the browser process!\n/tmp/chromium: error while loading shared libraries: libnss3.so\n\n\nTROUBLESHOOTING: https://pptr.dev/troubleshooting\n\n    at Interface.onClose (/var/task/node_modules/launch.js:310:24)\n2024-07-18T12:46:59.000Z\t2ad98127-0696-490b-8d0e-fab18650a53b\tINFO\tnext";
        let m = messages(text);
        assert_eq!(m.len(), 2, "{m:#?}");
        assert!(m[0].contains("TROUBLESHOOTING") && m[0].ends_with("launch.js:310:24)"));
        // Lambda's own lines stand alone after such a record, and so does the uncaught
        // exception the Java runtime prints after a log4j2 line.
        let m = messages("2024-07-18T12:46:58.968Z\t2ad98127-0696-490b-8d0e-fab18650a53b\tINFO\tworking\nError: Runtime exited with error: signal: killed\nRuntime.ExitError");
        assert_eq!(m.len(), 2, "{m:#?}");
        let m = messages("2019-10-07 11:39:02 43db1f36-0570-4b58-adc6-5c92ea62a862 INFO Example - handler\njava.lang.RuntimeException: error\n\tat Test.main(Test.java:3)");
        assert_eq!(m.len(), 2, "{m:#?}");
        // Prose times are no frames, and past an accepted frame the event continues as usual
        // (Node's inspect output of `err.cause`, indented).
        let m = messages("Shipment 1182 status: delayed\n\n    at noon (12:30)\n\n    at 10:30:15");
        assert_eq!(m.len(), 3, "{m:#?}");
        let text = "2024-07-18T12:46:58.968Z\t2ad98127-0696-490b-8d0e-fab18650a53b\tINFO\tError: Failed to launch\n\n    at onClose (/var/task/node_modules/launch.js:310:24) {\n  [cause]: Error: connect ECONNREFUSED 10.0.0.5:5432\n}";
        assert_eq!(messages(text).len(), 1, "{:#?}", messages(text));
        // A blank line still ends an event before anything that is not a frame.
        let m = messages("first message\n\nsecond message\n\nat the end of the day");
        assert_eq!(m.len(), 3, "{m:#?}");
    }

    #[test]
    fn an_ecs_record_is_a_record_not_an_export_row() {
        // `@timestamp` and `message` would make it an Insights row; `log.level` and
        // `ecs.version` (ecs-logging's required fields) make it the application's record.
        let record = r#"{"@timestamp":"2022-04-06T20:49:39.727Z","log.level":"info","message":"ok","ecs.version":"1.6.0"}"#;
        assert_eq!(messages(record), vec![record.to_string()]);
        let row = r#"{"@timestamp":"2022-04-06 20:49:39.727","@message":"START RequestId: x"}"#;
        assert_eq!(messages(row), vec!["START RequestId: x".to_string()]);
        // An export row keeps `@message` as its event even with a `log.level` column.
        let row = r#"{"@timestamp":"2022-04-06 20:49:39.727","log.level":"","@message":"END RequestId: x"}"#;
        assert_eq!(messages(row), vec!["END RequestId: x".to_string()]);
    }

    #[test]
    fn pretty_printed_json_after_a_header_joins_it() {
        let text = "2017-06-22T07:16:41.973Z  b20d6dc6-571a-11e7-a039-07bdd92be958\n{\n    \"message\": \"throughput exceeded\",\n    \"code\": \"ProvisionedThroughputExceededException\"\n}\n2017-06-22T07:16:42.000Z  b20d6dc6-571a-11e7-a039-07bdd92be958  next";
        let m = messages(text);
        assert_eq!(m.len(), 2, "{m:#?}");
        assert!(m[0].contains("ProvisionedThroughputExceededException"));
    }

    #[test]
    fn java_stack_trace_lines_join_their_exception() {
        let m = messages("java.lang.OutOfMemoryError: Metaspace\n        at java.lang.ClassLoader.defineClass1(Native Method)\nat x.Y.z(Y.java:1)\nnext line");
        assert_eq!(m.len(), 2);
        assert!(m[0].ends_with("at x.Y.z(Y.java:1)"));
    }

    #[test]
    fn console_time_column_lines_are_dropped_and_date_the_next_event() {
        let m = read_events("00:31:41\nSTART RequestId: b0bf19d0-76c7-4db5-b598-af7efb9ef3e9 Version: $LATEST\n2025-01-23T12:00:48.058Z\nDD_EXTENSION | ERROR | boom").events;
        assert_eq!(m.len(), 2);
        assert!(m[0].event.message.starts_with("START"));
        assert_eq!(m[1].event.message, "DD_EXTENSION | ERROR | boom");
        assert_eq!(
            m[1].event.timestamp_ms,
            parse_timestamp("2025-01-23T12:00:48.058Z")
        );
    }

    #[test]
    fn logs_insights_message_field_rows() {
        let m = read_events("@message | RequestId: 8f5e1c2a-1111-4222-8333-944445555666 Error: exit code 0 Extension.Crash\n@message | INIT_REPORT Init Duration: 4447.52 ms\tPhase: invoke\tStatus: error\tError Type: Extension.Crash").events;
        assert_eq!(m.len(), 2);
        assert!(m[1].event.message.starts_with("INIT_REPORT Init Duration"));
        // A message that merely starts with the word is kept whole.
        let m = read_events("@messages are queued").events;
        assert_eq!(m[0].event.message, "@messages are queued");
    }

    #[test]
    fn console_table_rows() {
        let m = messages("  | 2021-12-07T20:13:23.119+00:00 | Amazon.S3.AmazonS3Exception: Please reduce your request rate.\n  | 2021-12-07T20:13:23.119+00:00 | ---> Inner");
        assert_eq!(
            m,
            vec![
                "Amazon.S3.AmazonS3Exception: Please reduce your request rate.",
                "---> Inner"
            ]
        );
        // The Logs API's epoch-millisecond timestamp, and the log stream after the message.
        let events = read_events("| 1680031559778 | 2023-03-28 19:25:59 45d0ec0f-b71f-4e61-8826-675a6e80f9cb ERROR Sender:175 - Failed to flush messages.     |\n| 1680031559779 | END RequestId: 45d0ec0f-b71f-4e61-8826-675a6e80f9cb   | 2023/03/28/[$LATEST]0ace85e825dd4c1b9554203e1672b2b9 |").events;
        let m: Vec<_> = events.iter().map(|e| e.event.message.as_str()).collect();
        assert_eq!(
            m,
            vec![
                "2023-03-28 19:25:59 45d0ec0f-b71f-4e61-8826-675a6e80f9cb ERROR Sender:175 - Failed to flush messages.",
                "END RequestId: 45d0ec0f-b71f-4e61-8826-675a6e80f9cb"
            ]
        );
        assert_eq!(events[1].event.timestamp_ms, Some(1_680_031_559_779));
        // Twelve digits are no epoch-millisecond column: the row stays as it is.
        let m = messages("| 168003155977 | not a timestamp |");
        assert_eq!(m, vec!["| 168003155977 | not a timestamp |"]);
        // A table the function printed, with more cells than a message, stays its text.
        let table = "2024-05-02T10:11:12.345Z\tc0ffee00-0000-4000-8000-000000000000\tINFO\tDaily report:\n| 1714644672345 | ERROR | 0 |\n| 1714644672345 | WARN | 2 |";
        assert_eq!(messages(table).len(), 1, "{:#?}", messages(table));
        assert_eq!(
            crate::analysis::analyze_text(table).0.incidents.len(),
            0,
            "a healthy table raised an incident"
        );
    }

    /// One `hello` event at timestamp 7 in `/aws/lambda/orders`.
    fn orders_document() -> LogsDocument {
        LogsDocument {
            message_type: "DATA_MESSAGE".into(),
            owner: "1".into(),
            log_group: "/aws/lambda/orders".into(),
            log_stream: "s".into(),
            subscription_filters: vec![],
            log_events: vec![SubscriptionLogEvent {
                id: "1".into(),
                timestamp: 7,
                message: "hello".into(),
            }],
        }
    }

    #[test]
    fn subscription_event_and_document() {
        let doc = orders_document();
        let event = encode_lambda_event(&doc);
        let events = read_as(&event, InputFormat::SubscriptionEvent);
        assert_eq!(events[0].log_group.as_deref(), Some("/aws/lambda/orders"));
        assert_eq!(events[0].event, LogEvent::new(Some(7), "hello"));
        // One event per line works too.
        let Ingested { format, events, .. } = read_events(&format!("{event}\n{event}\n"));
        assert_eq!((format, events.len()), (InputFormat::SubscriptionEvent, 2));
        assert_eq!(
            read_events(&serde_json::to_string_pretty(&doc).unwrap()).format,
            InputFormat::SubscriptionDocument
        );
    }

    #[test]
    fn corrupt_subscription_record_is_reported_and_the_others_kept() {
        let bad = format!(
            "{{\"awslogs\":{{\"data\":\"{}\"}}}}",
            base64_encode(b"not gzip")
        );
        let doc = orders_document();
        let good = encode_lambda_event(&doc);
        let ingested = read_events(&format!("{good}\n{bad}\n{good}\n"));
        assert_eq!(ingested.events.len(), 2);
        assert_eq!(ingested.errors.len(), 1);
        let err = ingested.errors[0].to_string();
        assert!(err.contains("record 2") && err.contains("gzip"), "{err}");
    }

    #[test]
    fn kinesis_records_are_decoded() {
        let json = r#"{"messageType":"DATA_MESSAGE","logGroup":"/aws/lambda/k","logEvents":[{"id":"1","timestamp":1,"message":"m"}]}"#;
        let data = base64_encode(&gzip(json.as_bytes()));
        let event = format!(r#"{{"Records":[{{"kinesis":{{"data":"{data}"}}}}]}}"#);
        let events = read_as(&event, InputFormat::KinesisEvent);
        assert_eq!(events[0].log_group.as_deref(), Some("/aws/lambda/k"));
    }

    #[test]
    fn a_bad_kinesis_record_is_reported_and_the_other_records_kept() {
        let json = r#"{"messageType":"DATA_MESSAGE","logGroup":"/aws/lambda/k","logEvents":[{"id":"1","timestamp":1,"message":"m"}]}"#;
        let data = base64_encode(&gzip(json.as_bytes()));
        let event = format!(
            r#"{{"Records":[{{"kinesis":{{"data":"!!"}}}},{{"kinesis":{{}}}},{{"kinesis":{{"data":"{data}"}}}}]}}"#
        );
        let ingested = read_events(&event);
        assert_eq!(ingested.format, InputFormat::KinesisEvent);
        assert_eq!(
            ingested.events.len(),
            1,
            "the good record after the bad ones"
        );
        let codes: Vec<&str> = ingested
            .errors
            .iter()
            .map(|IngestError::Payload { source, .. }| source.code())
            .collect();
        assert_eq!(codes, vec!["invalid_base64", "invalid_record"]);
    }

    #[test]
    fn a_log_quoted_as_a_whole_is_read_without_its_markers() {
        let blockquote = "> [ERROR] KeyError: 'Records'\n> Traceback (most recent call last):\n>   File \"/var/task/app.py\", line 4, in handler\n>\n> END RequestId: 6c2b1f0e-9d8a-4e2b-b7c1-3f0a2d4e5b6c\n";
        let got = messages(blockquote);
        assert_eq!(got[0], "[ERROR] KeyError: 'Records'\nTraceback (most recent call last):\n  File \"/var/task/app.py\", line 4, in handler");
        assert_eq!(
            got[1],
            "END RequestId: 6c2b1f0e-9d8a-4e2b-b7c1-3f0a2d4e5b6c"
        );
        let comment = "# [ERROR] KeyError: 'Records'\n# Traceback (most recent call last):\n#   File \"/var/task/process.py\", line 48, in lambda_handler\n";
        assert!(messages(comment)[0].starts_with("[ERROR] KeyError: 'Records'\nTraceback"));
        // Quoted prose or a comment block is no log: it keeps its markers.
        let comments =
            "# ERROR: the script exits 1 when the stack is missing\n# Usage: ./deploy.sh <stage>\n";
        assert_eq!(
            messages(comments)[0],
            "# ERROR: the script exits 1 when the stack is missing"
        );
        let prose = "> FATAL errors page the on-call\n> WARN errors go to Slack\n";
        assert_eq!(messages(prose)[0], "> FATAL errors page the on-call");
        // One quoted line, or lines that are not all quoted, keep their text.
        assert_eq!(
            messages("> deploy finished\n"),
            vec!["> deploy finished".to_string()]
        );
        let mixed =
            "# build 12\nSTART RequestId: 6c2b1f0e-9d8a-4e2b-b7c1-3f0a2d4e5b6c Version: $LATEST\n";
        assert_eq!(messages(mixed)[0], "# build 12");
    }

    #[test]
    fn the_emulators_own_lines_are_one_line_records() {
        let text = "26 Jan 2022 09:05:13,961 [INFO] (/var/runtime/bootstrap.py) init complete at epoch 1643187913961\nTraceback (most recent call last):\n  File \"/var/task/index.py\", line 48, in lambda_handler\n    x = 1 / 0\nZeroDivisionError: division by zero\n05 May 2023 10:05:24,350 [ERROR] (rapid) Init failed error=exit status 1 InvokeID=\n";
        let got = messages(text);
        assert_eq!(got.len(), 3, "{got:?}");
        assert!(got[0].ends_with("init complete at epoch 1643187913961"));
        assert!(got[1].starts_with("Traceback") && got[1].ends_with("division by zero"));
        assert!(got[2].contains("(rapid) Init failed"));
        // Another logger's line in the same date layout keeps what follows it.
        let python = "05 May 2023 10:05:24 WARNING retrying after throttle\nTraceback (most recent call last):\n  File \"/var/task/app.py\", line 9, in call\nbotocore.exceptions.ClientError: boom\n";
        assert_eq!(messages(python).len(), 1);
    }

    #[test]
    fn log_events_downloaded_as_csv_are_one_event_per_row() {
        let csv = "1761073102560,\"[WARNING]\t2025-10-21T18:58:22.560Z\tfcb560f5-8304-4333-a094-74147cedb3c8\t{\"\"message\"\": \"\"retrying\"\", \"\"traceback\"\": \"\"Traceback (most recent call last):\n  File x\n\"\"}\n\"\n1761073102561,\"END RequestId: fcb560f5-8304-4333-a094-74147cedb3c8\n\"\n";
        let events = read_as(csv, InputFormat::EventsCsv);
        assert_eq!(events.len(), 2);
        assert_eq!(events[0].event.timestamp_ms, Some(1_761_073_102_560));
        assert!(events[0].event.message.starts_with("[WARNING]\t2025"));
        assert!(events[0]
            .event
            .message
            .contains("{\"message\": \"retrying\""));
        assert!(events[0].event.message.ends_with("File x\n\"}"));
        assert_eq!(
            events[1].event.message,
            "END RequestId: fcb560f5-8304-4333-a094-74147cedb3c8"
        );
        let with_header = "timestamp,message\n1681985328964,\"START RequestId: x\"\n";
        assert_eq!(
            read_as(with_header, InputFormat::EventsCsv)[0]
                .event
                .message,
            "START RequestId: x"
        );
        // A row of another shape: plain lines, nothing dropped.
        let mixed = "1681985328964,\"START RequestId: x\"\nTask timed out after 3.00 seconds\n";
        assert_eq!(read_events(mixed).format, InputFormat::PlainText);
        assert_eq!(
            read_events("1681985328964 started\n").format,
            InputFormat::PlainText
        );
        // A quote left open, or text after a closing quote: plain lines, every line kept.
        let unclosed = "1681985328964,\"START RequestId: x\n1681985328965,\"Task timed out after 3.00 seconds\"\n1681985328966,\"END RequestId: x\"\n";
        let plain = read_events(unclosed);
        assert_eq!(plain.format, InputFormat::PlainText);
        assert!(plain.events.iter().any(|e| e
            .event
            .message
            .contains("Task timed out after 3.00 seconds")));
        assert_eq!(
            read_events("1681985328964,\"abc\"def\n").format,
            InputFormat::PlainText
        );
    }

    #[test]
    fn insights_exports() {
        let csv =
            "@timestamp,@message\n2024-01-01 00:00:00.000,\"Task timed out, after 3.00 seconds\"\n";
        let events = read_as(csv, InputFormat::InsightsCsv);
        assert_eq!(
            events[0].event.message,
            "Task timed out, after 3.00 seconds"
        );
        assert!(events[0].event.timestamp_ms.is_some());
        let json = r#"[{"@timestamp":"2024-01-01 00:00:00.000","@message":"boom","@log":"123:/aws/lambda/x"}]"#;
        let events = read_as(json, InputFormat::InsightsResults);
        assert_eq!(events[0].log_group.as_deref(), Some("/aws/lambda/x"));
        let get_log_events = r#"{"events":[{"timestamp":1559763003171,"message":"START RequestId: x\n","ingestionTime":1}]}"#;
        assert_eq!(
            read_events(get_log_events).format,
            InputFormat::LogEventsJson
        );
    }

    #[test]
    fn bare_log_events_are_events_whatever_their_time_key() {
        // CloudWatch's `{timestamp, message}` shape under another key name: each message is an
        // event, so a platform line inside one is read as one.
        let exported = r#"[{"eventTime":1770611280808,"message":"INIT_REPORT Init Duration: 998.15 ms\tPhase: invoke\tStatus: error\tError Type: Runtime.Unknown\n"},{"eventTime":1770611280812,"message":"END RequestId: 59c29f07-00fb-45f2-ba67-68ce90d6ed3b\n"}]"#;
        let ingested = read_events(exported);
        assert_eq!(ingested.format, InputFormat::LogEventsJson);
        assert_eq!(ingested.events.len(), 2);
        assert!(ingested.events[0]
            .event
            .message
            .starts_with("INIT_REPORT Init Duration"));
        assert_eq!(
            ingested.events[0].event.timestamp_ms,
            Some(1_770_611_280_808)
        );
        // An application's record with a message and a time beside its own fields stays a
        // record, and so does one whose number is no epoch-milliseconds time.
        let record = r#"[{"time":1770611280808,"message":"saved","level":"info"}]"#;
        assert_eq!(read_events(record).format, InputFormat::JsonRecords);
        let counted = r#"[{"count":3,"message":"saved"}]"#;
        assert_eq!(read_events(counted).format, InputFormat::JsonRecords);
    }

    #[test]
    fn json_lines_records_stay_separate() {
        let text =
            "{\"level\":\"INFO\",\"message\":\"a\"}\n{\"level\":\"ERROR\",\"message\":\"b\"}\n";
        let events = read_as(text, InputFormat::JsonRecords);
        assert_eq!(events.len(), 2);
    }

    #[test]
    fn a_stray_brace_cannot_swallow_the_file() {
        let mut text = String::from("ERROR something {\n");
        for i in 0..1000 {
            text.push_str(&format!("line {i}\n"));
        }
        assert!(messages(&text).len() > 1);
    }

    /// `aws logs tail`'s detailed lines: the time, the stream's name, then the event.
    #[test]
    fn the_lambda_stream_name_column_is_not_part_of_the_message() {
        let events = read_events(
            "2023-08-29T18:27:04.671000+00:00 2023/08/29/[$LATEST]5957f1fc2b894de6af6fb329c9ba1719 INIT_START Runtime Version: nodejs:18.v11\n\
             2023-08-29T18:27:04.815000+00:00 2023/08/29/[7]5957f1fc2b894de6af6fb329c9ba1719 {\"log.level\":\"warn\",\"message\":\"x\"}\n",
        )
        .events;
        let messages: Vec<&str> = events.iter().map(|e| e.event.message.as_str()).collect();
        assert_eq!(
            messages,
            vec![
                "INIT_START Runtime Version: nodejs:18.v11",
                "{\"log.level\":\"warn\",\"message\":\"x\"}"
            ]
        );
        // Not a stream name: a date path, a bracket without an id after it.
        assert_eq!(after_lambda_stream_name("2023/08/29/[$LATEST] x"), None);
        assert_eq!(
            after_lambda_stream_name("2023/08/29/report.csv written"),
            None
        );
        assert_eq!(after_lambda_stream_name("2023/08/29/[$LATEST]ab"), None);
        assert_eq!(
            after_lambda_stream_name("2023/08/29/[$LATEST]ab\tmsg"),
            Some("msg")
        );
    }

    /// A dotted word that ends one line and opens the next joins nothing: only a Java class does.
    #[test]
    fn only_a_java_class_named_twice_joins_two_lines() {
        let joined = read_events("Cannot invoke \"x()\": java.lang.NullPointerException\njava.lang.NullPointerException: Cannot invoke \"x()\"\n").events;
        assert_eq!(joined.len(), 1);
        let apart = read_events("ERROR AccessDeniedException: upload refused for bucket: reports.prod\nreports.prod: ThrottlingException: Rate exceeded\n").events;
        assert_eq!(apart.len(), 2);
    }

    /// Rust 1.73+ prints a panic's message on the line after `panicked at <location>:`.
    #[test]
    fn a_rust_panic_keeps_its_message() {
        let joined = messages("thread 'main' panicked at src/main.rs:25:25:\nlambda runtime failed: Error(\"EOF while parsing a value\", line: 1, column: 0)\nnote: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n");
        assert_eq!(joined.len(), 2, "{joined:?}");
        assert!(joined[0].ends_with("column: 0)"), "{joined:?}");
        // The older one-line report (message on the same line) joins nothing after it.
        let older =
            messages("thread 'main' panicked at 'explicit panic', src/main.rs:87:13\nnext line\n");
        assert_eq!(older.len(), 2, "{older:?}");
    }
}
