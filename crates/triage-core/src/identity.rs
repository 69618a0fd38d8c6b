//! Incident identity across batches: when does a new template belong to an incident that
//! already exists, and how many incidents and emails may one function raise.
//!
//! The processor sees one subscription batch at a time, so a variable that takes one value per
//! batch (a user name, an object key, a quoted input) never shows up as variable inside a batch.
//! Identity must still hold across batches: the writer compares a template that has no incident
//! yet with the open incidents of the same function and class, and joins the first one whose
//! template [`align`]s. That incident's template generalises; its fingerprint never changes, and
//! the new fingerprint is recorded as an alias of it.
//!
//! The decisions here are pure, so they are tested without DynamoDB.

use crate::fingerprint::{MASK, MAX_TEMPLATE_CHARS};
use crate::template;

/// Defaults a team would pick; every one is configurable (see docs/ARCHITECTURE.md).
pub mod defaults {
    /// New incidents one function may open per subscription batch; the rest join one
    /// overflow incident. Sixteen root causes in one batch of one function is already a bad day.
    pub const MAX_NEW_INCIDENTS_PER_BATCH: usize = 20;
    /// Incidents compared with a template that has no incident yet (the newest open ones of the
    /// function): one Query page, so the read cost of a new template is bounded.
    pub const MAX_ALIGN_CANDIDATES: usize = 50;
    /// Emails of their own one function may send per window; after that, a digest.
    pub const MAX_EMAILS_PER_WINDOW: u32 = 10;
    /// The email window, in seconds.
    pub const EMAIL_WINDOW_SECONDS: u32 = 3_600;
}

/// The template of the per-function overflow incident. Its fingerprint is stable (class
/// `error`, the function, this text), so every batch's overflow lands in the same incident.
pub const OVERFLOW_TEMPLATE: &str =
    "logtriage overflow: more distinct failures in one batch than the per-function limit";

/// The generalised template when `stored` and `new` are the same cause, `None` otherwise.
///
/// Both are templates of the same function and class (the caller checks that). They align when
/// they have the same number of tokens and every differing position is a variable slot:
/// - one side is already masked there (the stored incident learnt the slot is variable), or
/// - neither token bears the cause, and the templates share enough literal tokens that the
///   difference is one value, not one message against another.
///
/// A token bears the cause when it names what failed or why: an error code or exception type
/// (`AccessDeniedException`, `ECONNREFUSED`, `java.net.ConnectException`), an IAM-style
/// action (`s3:GetObject`), an ARN's service and resource type, or a stack frame. Those must be
/// equal, so a different action, resource type, error code, exception type or top in-app frame
/// stays a different incident.
pub fn align(stored: &str, new: &str) -> Option<String> {
    if stored == new {
        return Some(stored.to_string());
    }
    // The template engine's own alignment first (variables it recognised by shape); then the
    // value slots it leaves as constants: a bare name or word that differs between batches.
    if let Some(general) = template::align(stored, new) {
        return Some(general);
    }
    // An unhandled exception is keyed by its type and top in-app frame (Sentry's rule): a
    // different frame is a different incident, never a value slot.
    if is_type_at_frame(stored) || is_type_at_frame(new) {
        return None;
    }
    align_value_slots(stored, new)
}

/// `TypeError at applyCoupon (/var/task/coupons.js)`: the template of an unhandled exception.
fn is_type_at_frame(template: &str) -> bool {
    let mut words = template.split(' ');
    matches!((words.next(), words.next()), (Some(kind), Some("at")) if bears_cause(kind))
}

fn align_value_slots(stored: &str, new: &str) -> Option<String> {
    let (stored_body, stored_marked) = strip_cut_marker(stored);
    let (new_body, new_marked) = strip_cut_marker(new);
    let mut a: Vec<&str> = stored_body.split(' ').collect();
    let mut b: Vec<&str> = new_body.split(' ').collect();
    let stored_at_limit = at_limit(stored_body);
    let new_at_limit = at_limit(new_body);
    let cut = stored_marked || new_marked || stored_at_limit || new_at_limit;
    if cut {
        // A template cut at the limit ends wherever values of different lengths before the cut
        // left it, often inside a token: compare the whole tokens both still have, and mark
        // the generalised template as cut so later templates are compared the same way.
        let partial = usize::from(stored_at_limit || new_at_limit);
        let whole = a.len().min(b.len()).saturating_sub(partial);
        if whole < MIN_TOKENS_OF_A_CUT_TEMPLATE {
            return None;
        }
        a.truncate(whole);
        b.truncate(whole);
    }
    if a.len() != b.len() || a.is_empty() {
        return None;
    }
    let mut out = Vec::with_capacity(a.len());
    // Positions where both sides hold a different literal: values seen for the first time.
    // A slot already masked on one side was learnt earlier and costs nothing.
    let mut fresh = 0usize;
    let mut shared_literals = 0usize;
    for (x, y) in a.iter().zip(&b) {
        if x == y {
            if !x.contains(MASK) && x.chars().any(char::is_alphabetic) {
                shared_literals += 1;
            }
            out.push((*x).to_string());
            continue;
        }
        if !x.contains(MASK) && !y.contains(MASK) {
            fresh += 1;
        }
        out.push(merge_token(x, y)?);
    }
    // Two literals in common at least, and at most a third of the tokens new values: two
    // messages that differ in several words at once are two messages, not one with a variable.
    if shared_literals < 2 || fresh * 3 > a.len() {
        return None;
    }
    let mut general = out.join(" ");
    if cut {
        general.push(' ');
        general.push_str(CUT_MARKER);
    }
    Some(general)
}

/// Ends a generalised template that was compared on a cut prefix.
const CUT_MARKER: &str = "…";
/// A cut template is compared on its whole tokens only when that still leaves this many.
const MIN_TOKENS_OF_A_CUT_TEMPLATE: usize = 8;

fn strip_cut_marker(template: &str) -> (&str, bool) {
    match template.strip_suffix(CUT_MARKER) {
        Some(body) => (body.trim_end(), true),
        None => (template, false),
    }
}

/// Whether a template reached the template limit (and so may end in a partial token).
fn at_limit(template: &str) -> bool {
    template.chars().count() + 8 >= MAX_TEMPLATE_CHARS
}

/// Two differing tokens in the same position: the merged token, or `None` when they differ in
/// something that bears the cause.
fn merge_token(x: &str, y: &str) -> Option<String> {
    if x == MASK || y == MASK {
        return (!bears_cause(if x == MASK { y } else { x })).then(|| MASK.to_string());
    }
    // Same punctuation skeleton around the value (`'alice',` vs `'bob',`, `key=a` vs `key=b`):
    // keep the skeleton, mask the value.
    let (xl, xv, xr) = split_affixes(x);
    let (yl, yv, yr) = split_affixes(y);
    if xl != yl || xr != yr {
        return None;
    }
    if let (Some((xk, xval)), Some((yk, yval))) = (xv.split_once('='), yv.split_once('=')) {
        // `key=value`: the key bears the meaning, the value varies.
        return (xk == yk && !bears_cause(xval) && !bears_cause(yval))
            .then(|| format!("{xl}{xk}={MASK}{xr}"));
    }
    if bears_cause(xv) || bears_cause(yv) {
        return None;
    }
    Some(format!("{xl}{MASK}{xr}"))
}

fn split_affixes(token: &str) -> (&str, &str, &str) {
    let is_punct = |c: char| !(c.is_alphanumeric() || c == '_' || c == '<' || c == '>');
    let core = token.trim_matches(is_punct);
    if core.is_empty() {
        return (token, "", "");
    }
    let start = core.as_ptr() as usize - token.as_ptr() as usize;
    (&token[..start], core, &token[start + core.len()..])
}

/// Whether a token names what failed or why (see [`align`]). Decided by shape, from published
/// naming conventions rather than word lists:
/// - exception and error type names end in `Exception`, `Error` or `Fault` (Java, .NET, Python,
///   JavaScript and the AWS SDKs' service error codes all follow this);
/// - errno and getaddrinfo names are upper-case `E…` identifiers (`ECONNREFUSED`, `EAI_AGAIN`);
/// - IAM actions are `service:Action` (`s3:GetObject`, `dynamodb:PutItem`);
/// - ARNs carry the service and resource type (`arn:aws:dynamodb:…:table/…`);
/// - dotted package paths and stack frames (`java.net.ConnectException`, `index.js`).
pub fn bears_cause(token: &str) -> bool {
    let t = token.trim_matches(|c: char| !(c.is_alphanumeric() || c == '_'));
    if t.is_empty() || t.contains(MASK) {
        return false;
    }
    if t.starts_with("arn:") {
        return true;
    }
    if template::is_cause_bearing(t) {
        return true;
    }
    let last = t.rsplit(['.', ':', '/', '$']).next().unwrap_or(t);
    if ["Exception", "Error", "Fault"]
        .iter()
        .any(|suffix| last.len() > suffix.len() && last.ends_with(suffix))
    {
        return true;
    }
    let bytes = t.as_bytes();
    if bytes.len() >= 4
        && bytes[0] == b'E'
        && bytes
            .iter()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || *c == b'_')
    {
        return true;
    }
    if is_resource_type(t) {
        return true;
    }
    if let Some((service, action)) = t.split_once(':') {
        let service_like = !service.is_empty()
            && service
                .bytes()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-');
        if service_like && action.starts_with(|c: char| c.is_ascii_uppercase()) {
            return true;
        }
    }
    false
}

/// A resource type as AWS ARNs and CloudFormation name them (the resource-type segment of the
/// ARN formats in the AWS "Service Authorization Reference"): a different resource type is a
/// different cause even when the sentence around it is the same.
fn is_resource_type(t: &str) -> bool {
    const RESOURCE_TYPES: &[&str] = &[
        "table",
        "bucket",
        "queue",
        "topic",
        "function",
        "stream",
        "index",
        "key",
        "secret",
        "parameter",
        "role",
        "layer",
        "cluster",
        "instance",
        "snapshot",
        "volume",
        "repository",
        "image",
        "domain",
        "rule",
        "api",
        "stage",
        "certificate",
        "vault",
        "statemachine",
        "execution",
        "activity",
        "distribution",
        "database",
        "alias",
    ];
    let lower = t.to_ascii_lowercase();
    RESOURCE_TYPES.contains(&lower.as_str())
}

/// What the summarizer does with one incident, given how many emails of their own the function
/// has already sent in the current window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailDecision {
    /// Its own email (and, when configured, a Bedrock summary).
    Individual,
    /// Over the function's budget: listed in the digest, offline summary only.
    Digest,
}

pub fn mail_decision(sent_in_window: u32, max_per_window: u32) -> MailDecision {
    if sent_in_window < max_per_window {
        MailDecision::Individual
    } else {
        MailDecision::Digest
    }
}

/// The window an instant falls in: windows are fixed, aligned to the epoch.
pub fn email_window(now_ms: i64, window_seconds: u32) -> i64 {
    let width = i64::from(window_seconds.max(1)) * 1_000;
    now_ms.div_euclid(width) * width
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_in_the_same_slot_align_and_generalise() {
        assert_eq!(
            align(
                "User 'alice' is not allowed to read reports",
                "User 'bob' is not allowed to read reports"
            )
            .as_deref(),
            Some("User '<*>' is not allowed to read reports")
        );
        assert_eq!(
            align(
                "No such key <*> in bucket reports",
                "No such key invoices/acme/march.csv in bucket reports"
            )
            .as_deref(),
            Some("No such key <*> in bucket reports")
        );
        assert_eq!(
            align(
                "lookup failed tenant=acme region=<*>",
                "lookup failed tenant=globex region=<*>"
            )
            .as_deref(),
            Some("lookup failed tenant=<*> region=<*>")
        );
    }

    #[test]
    fn templates_cut_at_the_limit_align_on_their_whole_tokens() {
        let head = "AccessDeniedException: User: <*> is not authorized to perform: dynamodb:PutItem on resource";
        let cut = |tail: &str| -> String {
            let mut t = format!("{head} {tail}");
            let at = t
                .char_indices()
                .nth(MAX_TEMPLATE_CHARS)
                .map_or(t.len(), |(i, _)| i);
            t.truncate(at);
            t
        };
        let a = cut(&format!("{} kamori teluvas zorbin", "x ".repeat(66)));
        let b = cut(&format!("{} ka teluvasorin", "x ".repeat(66)));
        assert!(at_limit(&a) && at_limit(&b));
        let general = align(&a, &b).expect("aligned");
        assert!(general.ends_with(CUT_MARKER), "{general}");
        // The generalised (shorter, marked) template keeps aligning with later cut variants.
        let c = cut(&format!("{} kamorivanu te", "x ".repeat(66)));
        assert!(align(&general, &c).is_some(), "{general}\n{c}");
        let other =
            cut(&format!("{} kamori", "x ".repeat(66))).replace("dynamodb:PutItem", "s3:GetObject");
        assert_eq!(align(&a, &other), None);
    }

    #[test]
    fn different_causes_stay_apart() {
        let pairs = [
            (
                "User: <*> is not authorized to perform: s3:GetObject on resource: <*>",
                "User: <*> is not authorized to perform: dynamodb:PutItem on resource: <*>",
            ),
            (
                "request failed: AccessDeniedException calling the service",
                "request failed: ThrottlingException calling the service",
            ),
            (
                "connect ECONNREFUSED <*> while calling billing",
                "connect ETIMEDOUT <*> while calling billing",
            ),
            (
                "access denied on arn:aws:dynamodb:<*>:<*>:table/<*> for writer",
                "access denied on arn:aws:s3:::<*> for writer",
            ),
            // Different messages of the same length: too little in common.
            ("payment declined", "order missing"),
            (
                "Task timed out after <*> seconds",
                "Task timed out after <*> minutes now",
            ),
            // A different resource type or API operation in the same sentence.
            (
                "could not read item from table orders",
                "could not read item from bucket orders",
            ),
            (
                "call to GetObject failed for reports",
                "call to PutObject failed for reports",
            ),
            // A different top in-app frame of the same exception type.
            (
                "TypeError at Runtime.exports.handler (/var/task/index.js)",
                "TypeError at Runtime.exports.handler (/var/task/orders.js)",
            ),
            // Two new words at once in a short message: two messages.
            (
                "Order validation failed: missing field",
                "Order validation failed: invalid currency",
            ),
        ];
        for (a, b) in pairs {
            assert_eq!(align(a, b), None, "{a} / {b}");
            assert_eq!(align(b, a), None, "{b} / {a}");
        }
    }

    #[test]
    fn a_masked_slot_does_not_swallow_a_cause() {
        assert_eq!(
            align(
                "call failed with <*> from upstream",
                "call failed with ValidationException from upstream"
            ),
            None
        );
    }

    #[test]
    fn cause_bearing_tokens_by_shape() {
        for t in [
            "AccessDeniedException",
            "java.net.ConnectException:",
            "ECONNREFUSED",
            "EAI_AGAIN",
            "s3:GetObject",
            "arn:aws:s3:::bucket",
            "TypeError:",
        ] {
            assert!(bears_cause(t), "{t}");
        }
        for t in ["GetObject", "PutItem", "table", "Bucket"] {
            assert!(bears_cause(t), "{t}");
        }
        for t in [
            "Alice",
            "alice",
            "reports",
            "<*>",
            "'xkqzbwtmpa'",
            "EU",
            "Acme:",
        ] {
            assert!(!bears_cause(t), "{t}");
        }
    }

    #[test]
    fn mail_budget_and_windows() {
        assert_eq!(mail_decision(0, 10), MailDecision::Individual);
        assert_eq!(mail_decision(9, 10), MailDecision::Individual);
        assert_eq!(mail_decision(10, 10), MailDecision::Digest);
        assert_eq!(mail_decision(0, 0), MailDecision::Digest);
        assert_eq!(email_window(7_199_999, 3_600), 3_600_000);
        assert_eq!(email_window(7_200_000, 3_600), 7_200_000);
        assert_eq!(email_window(-1, 3_600), -3_600_000);
    }
}
