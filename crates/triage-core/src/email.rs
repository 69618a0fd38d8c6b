//! The one readable email sent per new (or reopened) incident. Pure: subject and body from the
//! stored incident and its summary; the samples in it were redacted before they were stored.

use crate::incident::IncidentRecord;
use crate::logs_query::InvocationContext;
use crate::redact::redact;
use crate::summary::{Summary, SummarySource};
use crate::time::format_rfc3339_ms;
use std::fmt::Write;

/// SNS requires subjects "less than 100 characters long", with no line breaks or control
/// characters (Publish API reference).
pub const MAX_SUBJECT_CHARS: usize = 99;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email {
    pub subject: String,
    pub body: String,
}

/// `[logtriage] timeout in orders (3 occurrences)`: class, function and count, as the subject
/// is often all a person reads.
pub fn incident_email(incident: &IncidentRecord, summary: &Summary) -> Email {
    incident_email_with_context(incident, summary, None)
}

/// [`incident_email`] with the log of one failing invocation ("what happened before the
/// failure"), or the reason it could not be read; `None` when fetching it is turned off.
pub fn incident_email_with_context(
    incident: &IncidentRecord,
    summary: &Summary,
    context: Option<&InvocationContext>,
) -> Email {
    let function = incident
        .function
        .rsplit('/')
        .next()
        .unwrap_or(&incident.function);
    let reopened = if incident.reopened_count > 0 {
        "reopened: "
    } else {
        ""
    };
    let count = if incident.occurrences == 1 {
        "1 occurrence".to_string()
    } else {
        format!("{} occurrences", incident.occurrences)
    };
    let subject: String = format!(
        "[logtriage] {reopened}{} in {} ({count})",
        incident.class,
        redact(function)
    )
    .chars()
    .filter(|c| !c.is_control())
    .collect();
    let subject = clip_chars(&subject, MAX_SUBJECT_CHARS);

    let mut body = String::new();
    let _ = writeln!(body, "{}", summary.summary);
    let _ = writeln!(body);
    let _ = writeln!(body, "Probable cause: {}", summary.probable_cause);
    let _ = writeln!(body);
    let _ = writeln!(body, "What to do:");
    for (i, step) in summary.remediation.iter().enumerate() {
        let _ = writeln!(body, "  {}. {step}", i + 1);
    }
    let _ = writeln!(body);
    let _ = writeln!(
        body,
        "Incident:    {} ({}, severity {})",
        incident.fingerprint, incident.class, summary.severity
    );
    let _ = writeln!(body, "Function:    {}", redact(&incident.function));
    let _ = writeln!(body, "Occurrences: {}", incident.occurrences);
    let _ = writeln!(
        body,
        "Seen:        {} to {}",
        format_rfc3339_ms(incident.first_seen_ms),
        format_rfc3339_ms(incident.last_seen_ms)
    );
    if let Some(figures) = incident.figures.describe() {
        let _ = writeln!(body, "Invocations: {figures}");
    }
    let _ = writeln!(body, "Template:    {}", incident.template);
    if incident.overflow_templates > 0 {
        let _ = writeln!(
            body,
            "Overflow:    this incident holds {} distinct failure templates that went over the per-batch limit of new incidents for this function; the samples show some of them.",
            incident.overflow_templates
        );
    }
    if !incident.samples.is_empty() {
        let _ = writeln!(body);
        let _ = writeln!(body, "Samples (redacted):");
        for sample in incident.samples.iter().take(3) {
            let _ = writeln!(
                body,
                "  {}",
                clip_chars(&sample.replace(['\r', '\n'], " "), 500)
            );
        }
    }
    match context {
        Some(InvocationContext::Found {
            request_id,
            log_stream,
            lines,
        }) => {
            let _ = writeln!(body);
            let _ = writeln!(
                body,
                "What happened before the failure (request {request_id}, stream {log_stream}, redacted):"
            );
            for line in lines {
                let _ = writeln!(
                    body,
                    "  {}",
                    clip_chars(&line.replace(['\r', '\n'], " "), 500)
                );
            }
        }
        Some(InvocationContext::Unavailable { reason }) => {
            let _ = writeln!(body);
            let _ = writeln!(
                body,
                "What happened before the failure: not available ({reason}); the summary was made without it."
            );
        }
        None => {}
    }
    let _ = writeln!(body);
    let source = match summary.source {
        SummarySource::Bedrock => "Summary by Amazon Bedrock from aggregates and redacted samples.",
        SummarySource::Offline => {
            "Summary by logtriage's offline rules (Bedrock not configured or unavailable)."
        }
    };
    let _ = writeln!(body, "{source}");
    let _ = writeln!(
        body,
        "Inspect: logtriage incidents show {}",
        incident.fingerprint
    );
    let _ = writeln!(
        body,
        "Acknowledge: logtriage incidents ack {}",
        incident.fingerprint
    );
    Email { subject, body }
}

fn clip_chars(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((cut, _)) => format!(
            "{}…",
            &text[..text[..cut].char_indices().last().map_or(0, |(i, _)| i)]
        ),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aggregate::aggregate;
    use crate::incident::apply_occurrences;
    use crate::model::LogEvent;
    use crate::summary::summarize_offline;

    fn incident() -> IncidentRecord {
        let events: Vec<LogEvent> = (0..3)
            .map(|i| LogEvent::new(Some(1_717_000_000_000 + i), "2024-01-01T00:00:00.000Z 5c1a7d1e-4b2c-4a6f-9e8d-7c6b5a493827 Task timed out after 3.00 seconds for bob@example.com"))
            .collect();
        let (_, incidents) = aggregate(events.iter().map(|e| ("/aws/lambda/orders", e)));
        apply_occurrences(None, &incidents[0], 1_717_000_001_000, 30)
    }

    #[test]
    fn subject_names_class_function_and_count() {
        let incident = incident();
        let email = incident_email(&incident, &summarize_offline(&incident.to_aggregate()));
        assert_eq!(
            email.subject,
            "[logtriage] timeout in orders (3 occurrences)"
        );
        assert!(
            email.body.contains("logtriage incidents show ")
                && email.body.contains(&incident.fingerprint)
        );
        assert!(email.body.contains("What to do:\n  1. "));
        assert!(email.body.contains("offline rules"));
        assert!(
            !email.body.contains("bob@example.com"),
            "samples reach the email redacted"
        );
    }

    #[test]
    fn the_invocation_log_or_why_it_is_missing_is_in_the_body() {
        let incident = incident();
        let summary = summarize_offline(&incident.to_aggregate());
        let found = InvocationContext::Found {
            request_id: "5c1a7d1e-4b2c-4a6f-9e8d-7c6b5a493827".into(),
            log_stream: "2024/05/29/[$LATEST]abc".into(),
            lines: vec![
                "2024-01-01T00:00:00.000Z START RequestId: 5c1a7d1e".into(),
                "2024-01-01T00:00:02.900Z calling payments".into(),
            ],
        };
        let body = incident_email_with_context(&incident, &summary, Some(&found)).body;
        assert!(body.contains("What happened before the failure (request 5c1a7d1e-4b2c-4a6f-9e8d-7c6b5a493827, stream 2024/05/29/[$LATEST]abc, redacted):\n  2024-01-01T00:00:00.000Z START RequestId: 5c1a7d1e\n  2024-01-01T00:00:02.900Z calling payments\n"), "{body}");
        let missing = InvocationContext::Unavailable {
            reason: "reading /aws/lambda/orders failed (access_denied)".into(),
        };
        let body = incident_email_with_context(&incident, &summary, Some(&missing)).body;
        assert!(body.contains("What happened before the failure: not available (reading /aws/lambda/orders failed (access_denied)); the summary was made without it."), "{body}");
        assert!(!incident_email(&incident, &summary)
            .body
            .contains("What happened before"));
    }

    #[test]
    fn long_subjects_are_cut_to_the_sns_limit() {
        let mut incident = incident();
        incident.function = format!("/aws/lambda/{}", "x".repeat(300));
        let summary = Summary {
            summary: "s".into(),
            probable_cause: "c".into(),
            remediation: vec!["r".into()],
            severity: incident.severity,
            source: SummarySource::Bedrock,
        };
        let email = incident_email(&incident, &summary);
        assert!(
            email.subject.chars().count() <= MAX_SUBJECT_CHARS,
            "{}",
            email.subject.chars().count()
        );
        assert!(email.body.contains("Amazon Bedrock"));
    }

    #[test]
    fn subjects_stay_under_100_characters_at_the_boundary() {
        let summary = summarize_offline(&incident().to_aggregate());
        // "[logtriage] timeout in " + name + " (3 occurrences)" is 39 characters + the name.
        let frame = "[logtriage] timeout in  (3 occurrences)".chars().count();
        for total in [98, 99, 100, 101, 150] {
            let mut incident = incident();
            incident.function = format!("/aws/lambda/{}", "f".repeat(total - frame));
            let subject = incident_email(&incident, &summary).subject;
            let n = subject.chars().count();
            assert!(n < 100, "{total}: {n} characters");
            if total <= MAX_SUBJECT_CHARS {
                assert_eq!(n, total, "a subject that fits is not cut");
                assert!(!subject.ends_with('…'));
            } else {
                assert_eq!(n, MAX_SUBJECT_CHARS);
                assert!(subject.ends_with('…'));
            }
        }
    }

    #[test]
    fn subject_has_no_control_characters_or_secrets() {
        let summary = summarize_offline(&incident().to_aggregate());
        let mut incident = incident();
        incident.function =
            "/aws/lambda/a\r\nb 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".to_string();
        let email = incident_email(&incident, &summary);
        assert!(
            !email.subject.chars().any(char::is_control),
            "{:?}",
            email.subject
        );
        assert!(!email.subject.contains("ghp_wWPw5k4a"), "{}", email.subject);
        assert!(!email.body.contains("ghp_wWPw5k4a"));
    }
}
