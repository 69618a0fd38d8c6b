//! The template an incident shows, when its message held a secret.
//!
//! The fingerprint's template masks variable parts (numbers, hex, ids) of the raw message, and
//! masking first can cut a secret into pieces that redaction no longer recognises
//! (`AIzaSy<*>-<*>`, `eyJ<*>.<*>` keep the pieces between the masks). So when redaction
//! changes a message, the shown template is built again from the redacted message. The
//! fingerprint still comes from the raw template, so grouping and ids do not change.

use crate::classify::classify;
use crate::fingerprint::template_for;
use crate::parse::parse_message;
use crate::redact::redact;
use std::borrow::Cow;

/// The template of the redacted `message`, or `None` when redaction changes nothing (the
/// fingerprint's template is then already free of secrets) or the redacted message no longer
/// classifies as a failure (the caller keeps the redacted fingerprint template).
pub fn template_of_redacted(message: &str) -> Option<String> {
    let Cow::Owned(redacted) = redact(message) else {
        return None;
    };
    let parsed = parse_message(&redacted);
    let classification = classify(&parsed, parsed.body)?;
    Some(template_for(&parsed, parsed.body, &classification))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_cut_by_masking_is_not_in_the_template() {
        let key = "AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY";
        let line = format!("[ERROR] geocoding failed with key {key}: PERMISSION_DENIED");
        let template = template_of_redacted(&line).expect("redaction changed the line");
        assert!(template.contains("<google_api_key>"), "{template}");
        assert!(!template.contains("AIzaSyD"), "{template}");
        assert!(!template.contains("jkFMBWY"), "{template}");
    }

    #[test]
    fn clean_messages_keep_the_fingerprint_template() {
        assert_eq!(template_of_redacted("[ERROR] boom after 3 retries"), None);
    }
}
