//! The model's answer, untrusted: parsed into a validated, bounded [`Summary`] or rejected
//! with a typed error.

use super::fence::{cut_chars, truncate_marked};
use crate::model::Severity;
use crate::redact::redact;
use crate::summary::{Summary, SummarySource};
use serde_json::Value;
use thiserror::Error;

/// Bounds on the parsed answer, so a rambling model cannot bloat the item or the email.
pub const MAX_SUMMARY_CHARS: usize = 600;
pub const MAX_CAUSE_CHARS: usize = 1_000;
pub const MAX_STEP_CHARS: usize = 300;
pub const MAX_REMEDIATION_STEPS: usize = 6;
/// Model output beyond this is not searched for JSON (max_tokens keeps real answers far below).
pub(super) const MAX_MODEL_TEXT_BYTES: usize = 64 * 1024;
/// How many `{` positions are tried as the start of the object when prose surrounds it.
pub(super) const MAX_OBJECT_STARTS: usize = 32;

/// Why a model answer was rejected. Each variant is a distinct, loggable `code()`.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SummaryParseError {
    #[error("model output contains no JSON object")]
    NotJson,
    #[error("field `{0}` is missing")]
    MissingField(&'static str),
    #[error("field `{0}` has the wrong type")]
    WrongType(&'static str),
    #[error("field `{0}` is empty")]
    EmptyField(&'static str),
    #[error("severity `{0}` is not one of low, medium, high, critical")]
    InvalidSeverity(String),
    #[error("remediation has {0} steps, expected 1 to 6")]
    RemediationCount(usize),
}

impl SummaryParseError {
    /// Stable name for logs and metrics.
    pub fn code(&self) -> &'static str {
        match self {
            SummaryParseError::NotJson => "not_json",
            SummaryParseError::MissingField(_) => "missing_field",
            SummaryParseError::WrongType(_) => "wrong_type",
            SummaryParseError::EmptyField(_) => "empty_field",
            SummaryParseError::InvalidSeverity(_) => "invalid_severity",
            SummaryParseError::RemediationCount(_) => "remediation_count",
        }
    }
}

/// Parse the model's answer into a bounded [`Summary`] with `source = Bedrock`.
///
/// Accepts the object alone, inside a ```json fence, or surrounded by prose. A missing or null
/// `severity` takes `fallback_severity` (the rule-based one); a present but unknown one is an
/// error, because it means the model did not follow the contract. Never panics.
pub fn parse_summary(
    model_text: &str,
    fallback_severity: Severity,
) -> Result<Summary, SummaryParseError> {
    let text = cut_bytes(model_text, MAX_MODEL_TEXT_BYTES);
    let object = find_object(text).ok_or(SummaryParseError::NotJson)?;

    let summary = required_text(&object, "summary", MAX_SUMMARY_CHARS)?;
    let probable_cause = required_text(&object, "probable_cause", MAX_CAUSE_CHARS)?;

    let steps = match object.get("remediation") {
        None | Some(Value::Null) => return Err(SummaryParseError::MissingField("remediation")),
        Some(Value::Array(items)) => items,
        Some(_) => return Err(SummaryParseError::WrongType("remediation")),
    };
    let mut remediation = Vec::with_capacity(steps.len().min(MAX_REMEDIATION_STEPS));
    for step in steps {
        let Value::String(step) = step else {
            return Err(SummaryParseError::WrongType("remediation"));
        };
        // A blank step is noise rather than a broken contract, so it is skipped.
        if !step.trim().is_empty() {
            remediation.push(clean_text(step, MAX_STEP_CHARS));
        }
    }
    if remediation.is_empty() || remediation.len() > MAX_REMEDIATION_STEPS {
        return Err(SummaryParseError::RemediationCount(remediation.len()));
    }

    let severity = match object.get("severity") {
        None | Some(Value::Null) => fallback_severity,
        Some(Value::String(s)) => Severity::parse(s)
            .ok_or_else(|| SummaryParseError::InvalidSeverity(cut_chars(s, 40).to_string()))?,
        Some(_) => return Err(SummaryParseError::WrongType("severity")),
    };

    Ok(Summary {
        summary,
        probable_cause,
        remediation,
        severity,
        source: SummarySource::Bedrock,
    })
}

pub(super) fn required_text(
    object: &serde_json::Map<String, Value>,
    field: &'static str,
    max_chars: usize,
) -> Result<String, SummaryParseError> {
    match object.get(field) {
        None | Some(Value::Null) => Err(SummaryParseError::MissingField(field)),
        Some(Value::String(s)) if s.trim().is_empty() => Err(SummaryParseError::EmptyField(field)),
        Some(Value::String(s)) => Ok(clean_text(s, max_chars)),
        Some(_) => Err(SummaryParseError::WrongType(field)),
    }
}

/// Trim, redact (the model may echo something that slipped through) and bound a field.
pub(super) fn clean_text(text: &str, max_chars: usize) -> String {
    let trimmed = text.trim();
    let redacted = redact(cut_chars(trimmed, max_chars.saturating_mul(2)));
    truncate_marked(redacted.trim(), max_chars)
}

pub(super) fn cut_bytes(text: &str, max_bytes: usize) -> &str {
    if text.len() <= max_bytes {
        return text;
    }
    let mut end = max_bytes;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// The first JSON object in `text`: the whole text, else the first parseable value starting at
/// one of the first [`MAX_OBJECT_STARTS`] `{` (covers ```json fences and prose around it).
pub(super) fn find_object(text: &str) -> Option<serde_json::Map<String, Value>> {
    if let Ok(Value::Object(map)) = serde_json::from_str::<Value>(text.trim()) {
        return Some(map);
    }
    for (start, _) in text.match_indices('{').take(MAX_OBJECT_STARTS) {
        let mut values = serde_json::Deserializer::from_str(&text[start..]).into_iter::<Value>();
        if let Some(Ok(Value::Object(map))) = values.next() {
            return Some(map);
        }
    }
    None
}
