//! The `logtriage analyze` result: its JSON shape is a public contract (docs/ANALYZE_JSON.md).

use crate::aggregate::{Aggregator, AggregatorConfig, Evidence, IncidentAggregate};
use crate::ingest::{read_events, Ingested};
use crate::model::{FailureClass, Severity};
use crate::summary::{summarize_offline, Summary};
use crate::time::format_rfc3339_ms;
use serde::{Deserialize, Serialize};

/// `{"events": N, "incidents": [...]}`, incidents most severe first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnalysisReport {
    pub events: u64,
    pub incidents: Vec<ReportedIncident>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportedIncident {
    pub fingerprint: String,
    pub class: FailureClass,
    pub severity: Severity,
    pub count: u64,
    pub template: String,
    /// RFC 3339 UTC, or null when the input carried no timestamps.
    pub first_seen: Option<String>,
    pub last_seen: Option<String>,
    pub samples: Vec<String>,
    pub summary: Summary,
    /// The signal that decided `class` and the redacted text it matched (optional, additive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Evidence>,
}

impl ReportedIncident {
    pub fn from_aggregate(incident: &IncidentAggregate) -> Self {
        ReportedIncident {
            fingerprint: incident.fingerprint.clone(),
            class: incident.class,
            severity: incident.severity,
            count: incident.count,
            template: incident.template.clone(),
            first_seen: incident.first_seen_ms.map(format_rfc3339_ms),
            last_seen: incident.last_seen_ms.map(format_rfc3339_ms),
            samples: incident.samples.clone(),
            summary: summarize_offline(incident),
            evidence: incident.evidence.clone(),
        }
    }
}

impl AnalysisReport {
    pub fn from_aggregates(events: u64, incidents: &[IncidentAggregate]) -> Self {
        AnalysisReport {
            events,
            incidents: incidents
                .iter()
                .map(ReportedIncident::from_aggregate)
                .collect(),
        }
    }
}

/// Analyse one input text of any supported format; also returns the records that could not be read.
pub fn analyze_text(text: &str) -> (AnalysisReport, Ingested) {
    let ingested = read_events(text);
    let mut aggregator = Aggregator::new(AggregatorConfig::default());
    for e in &ingested.events {
        aggregator.add(e.log_group.as_deref().unwrap_or("-"), &e.event);
    }
    let events = aggregator.events();
    (
        AnalysisReport::from_aggregates(events, &aggregator.finish()),
        ingested,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_json_has_exactly_the_documented_fields() {
        let report = analyze_text("2020-11-10T05:46:57.874Z 160788cd-45ff-4583-809f-c7e31127cb95 Task timed out after 3.07 seconds\nSTART RequestId: x Version: 1").0;
        let json = serde_json::to_value(&report).unwrap();
        let top: Vec<_> = json.as_object().unwrap().keys().cloned().collect();
        assert_eq!(top, vec!["events", "incidents"]);
        assert_eq!(json["events"], 2);
        let incident = json["incidents"][0].as_object().unwrap();
        let mut keys: Vec<_> = incident.keys().cloned().collect();
        keys.sort();
        assert_eq!(
            keys,
            vec![
                "class",
                "count",
                "evidence",
                "fingerprint",
                "first_seen",
                "last_seen",
                "samples",
                "severity",
                "summary",
                "template"
            ]
        );
        assert_eq!(json["incidents"][0]["class"], "timeout");
        assert_eq!(
            json["incidents"][0]["first_seen"],
            "2020-11-10T05:46:57.874Z"
        );
        assert_eq!(json["incidents"][0]["summary"]["source"], "offline");
        assert_eq!(
            json["incidents"][0]["evidence"],
            serde_json::json!({"signal": "lambda_platform_message", "span": "Task timed out after"})
        );
    }

    #[test]
    fn evidence_spans_are_redacted() {
        let report = analyze_text("[ERROR]\t2024-01-01T00:00:00.000Z\taaaaaaaa-1111-4222-8333-944445555666\tlogin for alice@example.com failed with password=hunter2").0;
        let evidence = report.incidents[0].evidence.as_ref().expect("evidence");
        assert_eq!(evidence.signal, "error_level");
        assert!(evidence.span.starts_with("login for "), "{}", evidence.span);
        assert!(
            !evidence.span.contains("alice@example.com") && !evidence.span.contains("hunter2"),
            "{}",
            evidence.span
        );
    }
}
