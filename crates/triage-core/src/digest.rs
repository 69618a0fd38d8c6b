//! The digest email: once a function has sent its budget of emails in a window, the incidents
//! that come after are listed here, one line each, instead of mailed one by one. Nothing is
//! dropped: each line names the incident and the command that shows it in full.

use crate::email::Email;
use crate::incident::IncidentRecord;
use crate::time::format_rfc3339_ms;
use std::fmt::Write;

/// At most this many incidents are listed one per line; the rest are counted.
pub const MAX_DIGEST_LINES: usize = 50;
/// SNS requires subjects shorter than 100 characters.
const MAX_SUBJECT_CHARS: usize = 99;

/// One digest for `function`: `incidents` went over the per-window email budget
/// (`max_per_window` emails per `window_seconds`).
pub fn digest_email(
    function: &str,
    incidents: &[&IncidentRecord],
    max_per_window: u32,
    window_seconds: u32,
) -> Email {
    let short = function.rsplit('/').next().unwrap_or(function);
    let n = incidents.len();
    let plural = if n == 1 { "" } else { "s" };
    let subject: String = format!("[logtriage] digest: {n} more incident{plural} in {short}")
        .chars()
        .take(MAX_SUBJECT_CHARS)
        .collect();
    let mut body = String::new();
    let _ = writeln!(
        body,
        "{function} has already sent {max_per_window} incident email(s) in the last {} minutes, so these {n} new or reopened incident{plural} are listed here instead of one email each.",
        window_seconds / 60
    );
    let _ = writeln!(
        body,
        "Each one is stored with an offline summary; Bedrock is not asked for digest incidents."
    );
    let _ = writeln!(body);
    for incident in incidents.iter().take(MAX_DIGEST_LINES) {
        let template: String = incident
            .template
            .replace(['\r', '\n'], " ")
            .chars()
            .take(160)
            .collect();
        let _ = writeln!(
            body,
            "- {} ({}, {} occurrence{}, last {}): {}",
            incident.class,
            incident.severity,
            incident.occurrences,
            if incident.occurrences == 1 { "" } else { "s" },
            format_rfc3339_ms(incident.last_seen_ms),
            template
        );
        let _ = writeln!(body, "  logtriage incidents show {}", incident.fingerprint);
    }
    if n > MAX_DIGEST_LINES {
        let _ = writeln!(body, "… and {} more.", n - MAX_DIGEST_LINES);
    }
    let _ = writeln!(body);
    let _ = writeln!(
        body,
        "All of this function's incidents: logtriage incidents list --function {function}"
    );
    let _ = writeln!(
        body,
        "The budget is MAX_EMAILS_PER_FUNCTION_PER_WINDOW / EMAIL_WINDOW_SECONDS on the llm-summarizer."
    );
    Email { subject, body }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aggregate::aggregate;
    use crate::incident::apply_occurrences;
    use crate::model::LogEvent;

    fn incidents(n: usize) -> Vec<IncidentRecord> {
        (0..n)
            .map(|i| {
                let e = LogEvent::new(
                    Some(1_717_000_000_000),
                    format!("[ERROR]\t2024-01-01T00:00:00.000Z\t5c1a7d1e-4b2c-4a6f-9e8d-7c6b5a493827\tcause number {i} of many in stage {}", ["alpha", "beta", "gamma"][i % 3]),
                );
                let (_, a) = aggregate([("/aws/lambda/orders-service-with-a-very-long-name-indeed-it-goes-on-and-on", &e)]);
                apply_occurrences(None, &a[0], 1_717_000_001_000, 30)
            })
            .collect()
    }

    #[test]
    fn lists_every_incident_with_its_show_command() {
        let records = incidents(3);
        let refs: Vec<&IncidentRecord> = records.iter().collect();
        let email = digest_email(&records[0].function, &refs, 10, 3600);
        assert!(email
            .subject
            .starts_with("[logtriage] digest: 3 more incidents in orders-service"));
        assert!(email.subject.chars().count() < 100, "{}", email.subject);
        for r in &records {
            assert!(email
                .body
                .contains(&format!("logtriage incidents show {}", r.fingerprint)));
        }
        assert!(email
            .body
            .contains("10 incident email(s) in the last 60 minutes"));
    }

    #[test]
    fn long_digests_are_bounded_and_count_the_rest() {
        let records = incidents(1);
        let refs: Vec<&IncidentRecord> =
            std::iter::repeat_n(&records[0], MAX_DIGEST_LINES + 7).collect();
        let email = digest_email("/aws/lambda/f", &refs, 10, 3600);
        assert_eq!(
            email.body.matches("logtriage incidents show").count(),
            MAX_DIGEST_LINES
        );
        assert!(email.body.contains("… and 7 more."));
    }
}
