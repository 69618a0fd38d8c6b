//! Request ids as they are kept on an incident (the SQS message, the DynamoDB item).
//!
//! The parser takes an id from wherever a line says it has one (`RequestId: <token>`, a JSON
//! `requestId` field, a tracing span), and some of those are caller-controlled: an API's
//! `X-Request-Id` header is copied into the function's own log records. So an id is kept
//! verbatim only when it has the shape of an id, and otherwise it is redacted and capped like
//! any other log text: it can carry neither a secret into the table nor megabytes into a
//! message.

use crate::parse::is_request_id;
use crate::redact::redact;
use std::borrow::Cow;

/// The longest id kept. UUIDs (Lambda, API Gateway) have 36 characters, X-Ray trace ids 35,
/// AWS service request ids up to 52 (DynamoDB); 64 leaves room without letting one id grow
/// the message. With at most `max_request_ids` ids per incident this bounds the ids' share of
/// a message and an item.
pub const MAX_REQUEST_ID_CHARS: usize = 64;

/// Redaction reads at most this many characters of a non-id, so its work is bounded too; a
/// multiple of the final cap, so a secret that starts before the cap is seen whole.
const MAX_REDACTED_CHARS: usize = MAX_REQUEST_ID_CHARS * 16;

/// Appended to a capped id.
const CUT_MARK: char = '…';

/// The id to keep, or `None` when nothing is left of it (empty, whitespace, control bytes).
pub fn sanitize(raw: &str) -> Option<String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    // A UUID's groups (8-4-4-4-12 alphanumerics) are too short and too mixed for any
    // redaction rule, so the id of nearly every Lambda line is kept without redacting it (a
    // test checks that redaction leaves UUIDs alone).
    if is_request_id(raw) {
        return Some(raw.to_string());
    }
    // Other id shapes are alphanumeric, so a credential can have one too (an `AKIA…` access
    // key id is 20 upper-case alphanumerics): redaction has the last word on those.
    if has_id_shape(raw) {
        if let Cow::Borrowed(_) = redact(raw) {
            return Some(raw.to_string());
        }
    }
    let redacted = redact(cut_chars(raw, MAX_REDACTED_CHARS));
    let visible: String = redacted.chars().filter(|c| !c.is_control()).collect();
    let visible = visible.trim();
    if visible.is_empty() {
        return None;
    }
    Some(cap(visible))
}

/// Besides UUIDs: X-Ray trace ids (`1-5759e988-bd86…`) and AWS service request ids (hex or upper-case alphanumerics, API Gateway's base64 with `=`
/// padding): one alphanumeric run, optionally joined by `-`/`_`, at most
/// [`MAX_REQUEST_ID_CHARS`] long.
fn has_id_shape(id: &str) -> bool {
    let body = id.trim_end_matches('=');
    let padding = id.len() - body.len();
    !body.is_empty()
        && id.len() <= MAX_REQUEST_ID_CHARS
        && padding <= 2
        && body.as_bytes()[0].is_ascii_alphanumeric()
        && body
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn cut_chars(text: &str, max_chars: usize) -> &str {
    match text.char_indices().nth(max_chars) {
        Some((byte, _)) => &text[..byte],
        None => text,
    }
}

fn cap(text: &str) -> String {
    if text.chars().count() <= MAX_REQUEST_ID_CHARS {
        return text.to_string();
    }
    let mut out = cut_chars(text, MAX_REQUEST_ID_CHARS - 1).to_string();
    out.push(CUT_MARK);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_shapes_are_kept_verbatim() {
        for id in [
            "3604209a-e9a3-11e6-bf2a-8b95a4e5a7e5",
            "8f507cfc-xmpl-4697-b07a-ac58fc914c95",
            "1-5759e988-bd862e3fe1be46a994272793",
            "4KBNVRGD25RG1KEO9UT4V3FQDJVV4KQNSO5AEMVJF66Q9ASUAAJG",
            "BQHAEFr9IAMFqWA=",
            "459921b5",
            "req-1",
            "x",
        ] {
            assert_eq!(sanitize(id).as_deref(), Some(id));
        }
    }

    #[test]
    fn other_text_is_redacted_and_capped() {
        assert_eq!(
            sanitize("alice@example.com").as_deref(),
            Some("<email>"),
            "PII in a forged X-Request-Id"
        );
        // Id-shaped (20 alphanumerics), yet a credential.
        assert_eq!(
            sanitize("AKIAIOSFODNN7EXAMPLE").as_deref(),
            Some("<aws_access_key_id>")
        );
        let huge = format!("{} password=hunter2", "a".repeat(1 << 20));
        let kept = sanitize(&huge).expect("something is kept");
        assert_eq!(kept.chars().count(), MAX_REQUEST_ID_CHARS);
        assert!(kept.ends_with(CUT_MARK));
        let long_hex = "ab".repeat(MAX_REQUEST_ID_CHARS);
        assert_eq!(
            sanitize(&long_hex).map(|s| s.chars().count()),
            Some(MAX_REQUEST_ID_CHARS),
            "too long for an id shape"
        );
        assert_eq!(
            sanitize("id\u{1b}[2J\r\nFAKE LOG LINE").as_deref(),
            Some("id[2JFAKE LOG LINE"),
            "control characters are dropped"
        );
    }

    #[test]
    fn redaction_leaves_uuid_shaped_ids_alone() {
        // What the fast path in `sanitize` relies on, over many varied UUID-shaped ids.
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let alphabets = [
            "0123456789",
            "0123456789abcdef",
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        ];
        for i in 0..20_000 {
            let alphabet = alphabets[i % alphabets.len()].as_bytes();
            let id: String = (0..36)
                .map(|j| {
                    if matches!(j, 8 | 13 | 18 | 23) {
                        '-'
                    } else {
                        x ^= x << 13;
                        x ^= x >> 7;
                        x ^= x << 17;
                        alphabet[(x % alphabet.len() as u64) as usize] as char
                    }
                })
                .collect();
            assert!(is_request_id(&id));
            assert_eq!(redact(&id), id, "{id}");
        }
    }

    #[test]
    fn nothing_left_means_no_id() {
        for id in ["", "   ", "\u{0}\u{1}\u{7f}"] {
            assert_eq!(sanitize(id), None, "{id:?}");
        }
    }
}
