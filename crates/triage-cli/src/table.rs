//! The human view of an analysis: one row per incident, then the details that explain it.

use std::fmt::Write;
use triage_core::analysis::AnalysisReport;

const TEMPLATE_WIDTH: usize = 72;

pub fn render_table(report: &AnalysisReport) -> String {
    let mut out = String::new();
    let n = report.incidents.len();
    let _ = writeln!(
        out,
        "{} events → {} incident{}",
        report.events,
        n,
        if n == 1 { "" } else { "s" }
    );
    if n == 0 {
        out.push_str("No failures found.\n");
        return out;
    }
    let _ = writeln!(
        out,
        "\n{:<3} {:<9} {:<22} {:>7}  {:<16}  TEMPLATE",
        "#", "SEVERITY", "CLASS", "COUNT", "FINGERPRINT"
    );
    for (i, incident) in report.incidents.iter().enumerate() {
        let _ = writeln!(
            out,
            "{:<3} {:<9} {:<22} {:>7}  {:<16}  {}",
            i + 1,
            incident.severity.as_str(),
            incident.class.as_str(),
            incident.count,
            incident.fingerprint,
            clip(&incident.template, TEMPLATE_WIDTH)
        );
    }
    for (i, incident) in report.incidents.iter().enumerate() {
        let _ = writeln!(
            out,
            "\n[{}] {} — {}",
            i + 1,
            incident.class,
            incident.summary.summary
        );
        if let (Some(first), Some(last)) = (&incident.first_seen, &incident.last_seen) {
            let _ = writeln!(out, "    seen:   {first} … {last}");
        }
        if let Some(evidence) = &incident.evidence {
            let _ = writeln!(
                out,
                "    why:    {} `{}`",
                evidence.signal,
                clip(&evidence.span, 100)
            );
        }
        let _ = writeln!(out, "    cause:  {}", incident.summary.probable_cause);
        if let Some(step) = incident.summary.remediation.first() {
            let _ = writeln!(out, "    next:   {step}");
        }
        if let Some(sample) = incident.samples.first() {
            let _ = writeln!(
                out,
                "    sample: {}",
                clip(telling_line(sample, &incident.template), 110)
            );
        }
    }
    out
}

/// The sample line that shows the template's first constant word, else the first line.
fn telling_line<'a>(sample: &'a str, template: &str) -> &'a str {
    let first_line = sample.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let Some(word) = template
        .split_whitespace()
        .find(|w| !w.contains("<*>") && w.len() > 3)
    else {
        return first_line;
    };
    sample
        .lines()
        .find(|l| l.contains(word))
        .unwrap_or(first_line)
        .trim()
}

pub(crate) fn clip(text: &str, width: usize) -> String {
    let one_line = text.replace(['\n', '\r', '\t'], " ");
    match one_line.char_indices().nth(width) {
        Some((cut, _)) => format!("{}…", &one_line[..cut]),
        None => one_line,
    }
}
