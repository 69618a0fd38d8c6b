//! Templates and fingerprints: what makes two failures "the same incident".
//!
//! Like Sentry's grouping, an unhandled exception is keyed by its type and top in-app frame
//! (messages vary with data; the place that threw does not). Any other failure is keyed by the
//! normalised line that carried the evidence, its variable parts masked as `<*>` by the shared
//! template engine ([`crate::template`]): numbers and ids, but also digit-free values such as
//! paths, object keys, ARN and URL tails, e-mails, quoted and `key=value` values, random-letter
//! tokens and written-out dates. Tokens that name a cause (IAM actions, error codes, exception
//! types, an ARN's service and resource type) are kept. Whether two templates of one function
//! and class are the same cause is [`crate::template::align`].

use crate::classify::Classification;
use crate::model::FailureClass;
use crate::parse::{json_str_field, ParsedMessage};
use crate::redact::redact;
use crate::template;

/// Templates longer than this are cut (at a char boundary): the head identifies the failure.
pub const MAX_TEMPLATE_CHARS: usize = 240;
pub use crate::template::MASK;

/// Stable incident key: 16 hex chars of FNV-1a 64 over class, function and template. FNV is
/// fixed by specification, so fingerprints stay equal across builds, machines and versions.
pub fn fingerprint(class: FailureClass, function: &str, template: &str) -> String {
    format!("{:016x}", fingerprint_hash(class, function, template))
}

/// The number behind [`fingerprint`].
pub fn fingerprint_hash(class: FailureClass, function: &str, template: &str) -> u64 {
    crate::hash::fnv1a_fields([
        class.as_str().as_bytes(),
        function.as_bytes(),
        template.as_bytes(),
    ])
}

/// The template of a classified event (`text` is the text the classification's offsets refer to).
pub fn template_for(
    parsed: &ParsedMessage<'_>,
    text: &str,
    classification: &Classification,
) -> String {
    if classification.from_platform {
        return platform_template(classification.class);
    }
    if classification.class == FailureClass::UnhandledException {
        if let Some(kind) = exception_type(parsed, text) {
            return match top_in_app_frame(text) {
                Some(frame) => truncate(format!("{} at {}", redact(&kind), redact(&frame))),
                None => truncate(format!(
                    "{}: {}",
                    redact(&kind),
                    redacted_template(exception_message(text, &kind))
                )),
            };
        }
    }
    if let Some(kind) = parsed.error_type.filter(|t| !t.is_empty()) {
        // An error object names its own type and message; the line around the evidence is JSON.
        if let Some(message) = json_str_field(text, "errorMessage") {
            let template = format!("{}: {}", redact(kind), redacted_template(message));
            return truncate(strip_leading_masks(&template).to_string());
        }
    }
    let line = match classification.evidence {
        Some((start, _)) => line_around(text, start),
        None => first_meaningful_line(text),
    };
    let template = redacted_template(strip_json_key(line));
    let template = strip_leading_masks(&template);
    if template.is_empty() {
        return class_template(classification.class);
    }
    truncate(template.to_string())
}

fn platform_template(class: FailureClass) -> String {
    format!("Lambda platform reported {}", class.as_str())
}

fn class_template(class: FailureClass) -> String {
    format!("{} (no message)", class.as_str())
}

/// Redact first, then mask: a template is stored, emailed and sent to the model, and masking
/// first would break a secret's shape (digits masked, letters left) so redaction misses it.
fn redacted_template(text: &str) -> String {
    normalize(&redact(text))
}

/// Longest prefix of a message that is masked: the template keeps only its first
/// [`MAX_TEMPLATE_CHARS`] characters, so the rest of a long line is never looked at.
const MAX_NORMALIZED_INPUT: usize = MAX_TEMPLATE_CHARS * 4;

/// Mask the variable parts of a message with the shared template engine
/// ([`crate::template::mask`]), the same variable detection `logtriage patterns` uses.
pub fn normalize(text: &str) -> String {
    let mut cut = text.len().min(MAX_NORMALIZED_INPUT);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    template::mask(&text[..cut])
}

fn strip_leading_masks(template: &str) -> &str {
    let mut rest = template.trim();
    loop {
        let next = rest.strip_prefix(MASK).or_else(|| {
            [
                "[ERROR]",
                "ERROR",
                "[FATAL]",
                "FATAL",
                "Error:",
                "|",
                "RequestId:",
            ]
            .iter()
            .find_map(|p| {
                rest.strip_prefix(p)
                    .filter(|r| r.starts_with(' ') || r.is_empty())
            })
        });
        match next {
            Some(r) => rest = r.trim_start_matches([' ', '\t', ':', '-', '|']),
            None => return rest,
        }
    }
}

/// `"errorMessage": "text",` → `text`.
fn strip_json_key(line: &str) -> &str {
    let t = line.trim().trim_end_matches(',');
    if let Some(rest) = t.strip_prefix('"') {
        if let Some(colon) = rest.find("\":") {
            let value = rest[colon + 2..].trim();
            return value.trim_matches('"');
        }
    }
    t
}

fn line_around(text: &str, offset: usize) -> &str {
    let start = text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let end = text[offset..]
        .find(['\n', '\r'])
        .map_or(text.len(), |i| offset + i);
    &text[start..end]
}

fn first_meaningful_line(text: &str) -> &str {
    text.split(['\n', '\r'])
        .map(str::trim)
        .find(|l| l.chars().any(char::is_alphanumeric))
        .unwrap_or("")
}

fn truncate(mut s: String) -> String {
    if s.chars().count() > MAX_TEMPLATE_CHARS {
        let cut = s
            .char_indices()
            .nth(MAX_TEMPLATE_CHARS)
            .map_or(s.len(), |(i, _)| i);
        s.truncate(cut);
    }
    s
}

/// The exception type of an unhandled exception: `errorType`, or `Name:` opening a line, or the
/// last line of a Python traceback.
pub fn exception_type(parsed: &ParsedMessage<'_>, text: &str) -> Option<String> {
    if let Some(t) = parsed.error_type.filter(|t| !t.is_empty()) {
        return Some(t.to_string());
    }
    if text.contains("Traceback (most recent call last)") {
        // Python puts the exception last: `ValueError: bad thing`.
        if let Some(name) = text
            .rsplit(['\n', '\r'])
            .find_map(|l| exception_name_at_start(l.trim()))
        {
            return Some(name.to_string());
        }
    }
    if text.contains("panic:") || text.contains("panicked at") {
        return Some("panic".to_string());
    }
    text.split(['\n', '\r']).find_map(|l| {
        let l = l
            .trim()
            .trim_start_matches("Invoke Error")
            .trim_start_matches(['{', ' ', '\t']);
        exception_name_at_start(l).map(str::to_string)
    })
}

fn exception_name_at_start(line: &str) -> Option<&str> {
    let end = line.find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '$')))?;
    let name = &line[..end];
    let rest = &line[end..];
    let last = name.rsplit('.').next()?;
    let is_exception = last.starts_with(|c: char| c.is_ascii_uppercase())
        && (last.ends_with("Error") || last.ends_with("Exception") || last.ends_with("Fault"));
    (is_exception && (rest.starts_with(':') || rest.is_empty() || rest.starts_with(' ')))
        .then_some(name)
}

fn exception_message<'a>(text: &'a str, kind: &str) -> &'a str {
    if let Some(message) = json_str_field(text, "errorMessage") {
        return message;
    }
    text.split(['\n', '\r'])
        .find_map(|l| {
            l.trim()
                .strip_prefix(kind)
                .map(|r| r.trim_start_matches([':', ' ']))
        })
        .unwrap_or("")
}

/// The first stack frame in the function's own code, without line numbers (they move with every
/// deploy). Runtime, SDK and dependency frames are skipped.
pub fn top_in_app_frame(text: &str) -> Option<String> {
    const LIBRARY: [&str; 14] = [
        "/var/runtime/",
        "node_modules",
        "site-packages",
        "/var/lang/",
        "internal/",
        "node:",
        "botocore",
        "boto3",
        "(native)",
        "<anonymous>",
        "java.",
        "sun.",
        "jdk.",
        "System.",
    ];
    for raw in text.split(['\n', '\r']) {
        let line = raw
            .trim()
            .trim_start_matches('"')
            .trim_end_matches(['"', ',', ']', '}'])
            .trim();
        let frame = if let Some(rest) = line.strip_prefix("at ") {
            rest
        } else if line.starts_with("File \"") {
            line
        } else {
            continue;
        };
        if LIBRARY.iter().any(|lib| frame.contains(lib)) {
            continue;
        }
        return Some(strip_line_numbers(frame));
    }
    None
}

/// `handler (/var/task/index.js:7:27)` → `handler (/var/task/index.js)`;
/// `File "/var/task/app.py", line 42, in handler` → `File "/var/task/app.py", in handler`.
fn strip_line_numbers(frame: &str) -> String {
    let mut out = String::with_capacity(frame.len());
    let mut chars = frame.chars().peekable();
    while let Some(c) = chars.next() {
        if c == ':' && chars.peek().is_some_and(char::is_ascii_digit) {
            while chars
                .peek()
                .is_some_and(|d| d.is_ascii_digit() || *d == ':')
            {
                chars.next();
            }
            continue;
        }
        out.push(c);
    }
    let out = match out.find(", line ") {
        Some(i) => {
            let rest = &out[i + 7..];
            let skip = rest
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(rest.len());
            format!("{}{}", &out[..i], &rest[skip..])
        }
        None => out,
    };
    truncate(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::classify;
    use crate::parse::parse_message;

    fn template(message: &str) -> String {
        let parsed = parse_message(message);
        let c = classify(&parsed, parsed.body).expect("a failure");
        template_for(&parsed, parsed.body, &c)
    }

    #[test]
    fn masks_variable_parts() {
        assert_eq!(
            normalize("Task timed out after 3.07 seconds"),
            "Task timed out after <*> seconds"
        );
        assert_eq!(
            normalize("connect ECONNREFUSED 10.0.3.7:5432 for 8f5e1c2a-1111-4222-8333-944445555666 user bob@example.com took 350ms"),
            "connect ECONNREFUSED <*> for <*> user <*> took <*>"
        );
        assert_eq!(
            normalize("at handler (/var/task/index.js:7:27)"),
            "at handler (/var/task/index.js:<*>)"
        );
        assert_eq!(
            normalize("trace 1-5759e988-bd862e3fe1be46a994272793 at 2020-11-10T05:46:57.874Z"),
            "trace <*> at <*>"
        );
        // A quoted word is an input value (issue 9); it was kept before the shared engine.
        assert_eq!(normalize("KeyError: 'body'"), "KeyError: '<*>'");
    }

    #[test]
    fn digit_free_values_share_a_template_and_causes_stay_apart() {
        let denied = |user: &str, action: &str, table: &str| {
            template(&format!(
                "[ERROR] AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/app-role/{user} \
                 is not authorized to perform: {action} on resource: \
                 arn:aws:dynamodb:us-east-1:123456789012:table/{table}"
            ))
        };
        let a = denied("alice", "dynamodb:PutItem", "orders");
        assert_eq!(a, denied("bob", "dynamodb:PutItem", "invoices"));
        assert!(
            a.contains("dynamodb:PutItem") && a.contains(":table/<*>"),
            "{a}"
        );
        assert_ne!(a, denied("alice", "dynamodb:GetItem", "orders"));
        let upload = |key: &str, mail: &str| {
            template(&format!(
                "ERROR upload of tenants/{key}/report.csv for {mail} failed: NoSuchBucket"
            ))
        };
        assert_eq!(
            upload("acme", "ann@example.com"),
            upload("zeta", "bo@example.org")
        );
        assert_ne!(
            upload("acme", "ann@example.com"),
            template(
                "ERROR upload of tenants/acme/report.csv for ann@example.com failed: AccessDenied"
            )
        );
    }

    #[test]
    fn same_failure_same_template_across_variable_values() {
        let a = template("2020-11-10T05:46:57.874Z 160788cd-45ff-4583-809f-c7e31127cb95 Task timed out after 3.07 seconds");
        let b = template("2021-01-01T00:00:00.000Z 00000000-1111-4222-8333-944445555666 Task timed out after 30.03 seconds");
        assert_eq!(a, b);
        assert_eq!(a, "Task timed out after <*> seconds");
        let json = template("{\n  \"errorMessage\": \"2020-11-10T05:46:57.874Z 160788cd-45ff-4583-809f-c7e31127cb95 Task timed out after 3.07 seconds\"\n}");
        assert_eq!(json, a);
    }

    #[test]
    fn unhandled_exceptions_group_by_type_and_in_app_frame() {
        let a = template("{\"errorType\":\"ReferenceError\",\"errorMessage\":\"x is not defined\",\"trace\":[\"ReferenceError: x is not defined\",\"    at Runtime.exports.handler (/var/task/index.js:2:3)\",\"    at Runtime.handleOnce (/var/runtime/Runtime.js:63:25)\"]}".replace("\",\"", "\",\n\"").as_str());
        assert_eq!(
            a,
            "ReferenceError at Runtime.exports.handler (/var/task/index.js)"
        );
        let b = template("{\"errorType\":\"ReferenceError\",\"errorMessage\":\"y is not defined\",\"trace\":[\n\"    at Runtime.exports.handler (/var/task/index.js:9:1)\"]}");
        assert_eq!(
            a, b,
            "a different message and line number are the same issue"
        );
    }

    #[test]
    // ZeroDivisionError: an unhandled exception (ValueError is an input error, so bad_input).
    fn python_traceback_frame() {
        let text = "[ERROR] ZeroDivisionError: division by zero\rTraceback (most recent call last):\r\u{a0}\u{a0}File \"/var/task/app.py\", line 42, in handler\r\u{a0}\u{a0}\u{a0}\u{a0}charge(x)\rZeroDivisionError: division by zero";
        assert_eq!(
            template(text),
            "ZeroDivisionError at File \"/var/task/app.py\", in handler"
        );
    }

    #[test]
    fn fingerprint_is_stable_and_discriminating() {
        let t = "Task timed out after <*> seconds";
        let f = fingerprint(FailureClass::Timeout, "/aws/lambda/orders", t);
        assert_eq!(f.len(), 16);
        assert_eq!(
            f,
            fingerprint(FailureClass::Timeout, "/aws/lambda/orders", t)
        );
        assert_ne!(
            f,
            fingerprint(FailureClass::Timeout, "/aws/lambda/payments", t)
        );
        assert_ne!(f, fingerprint(FailureClass::Error, "/aws/lambda/orders", t));
        // Field boundaries matter: moving text between fields changes the key.
        assert_ne!(
            fingerprint(FailureClass::Error, "ab", "c"),
            fingerprint(FailureClass::Error, "a", "bc")
        );
    }
}
