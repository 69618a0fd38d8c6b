//! CloudWatch Embedded Metric Format: one JSON log line that CloudWatch turns into metrics.
//! Emitted once per batch (never per event), so metrics cost one line per invocation.

use serde_json::{json, Map, Value};

/// One metric value of an EMF line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Metric {
    pub name: &'static str,
    pub value: f64,
    pub unit: &'static str,
}

impl Metric {
    pub fn count(name: &'static str, value: u64) -> Metric {
        Metric {
            name,
            value: value as f64,
            unit: "Count",
        }
    }

    pub fn milliseconds(name: &'static str, value: f64) -> Metric {
        Metric {
            name,
            value,
            unit: "Milliseconds",
        }
    }
}

/// Milliseconds since the Unix epoch now: the timestamp of a metrics line.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// The EMF line for `metrics`, dimensioned by `service` (Powertools' convention).
pub fn emf_line(namespace: &str, service: &str, timestamp_ms: i64, metrics: &[Metric]) -> String {
    emf_line_with_dimensions(namespace, &[("service", service)], timestamp_ms, metrics)
}

/// The EMF line for `metrics` with one set of dimensions, in the order given. Each distinct
/// combination of dimension values is its own CloudWatch metric (and costs as one), so the
/// caller bounds how many combinations it emits.
pub fn emf_line_with_dimensions(
    namespace: &str,
    dimensions: &[(&str, &str)],
    timestamp_ms: i64,
    metrics: &[Metric],
) -> String {
    let definitions: Vec<Value> = metrics
        .iter()
        .map(|m| json!({"Name": m.name, "Unit": m.unit}))
        .collect();
    let names: Vec<&str> = dimensions.iter().map(|(name, _)| *name).collect();
    let mut root = Map::new();
    root.insert(
        "_aws".into(),
        json!({
            "Timestamp": timestamp_ms,
            "CloudWatchMetrics": [{"Namespace": namespace, "Dimensions": [names], "Metrics": definitions}]
        }),
    );
    for (name, value) in dimensions {
        root.insert((*name).into(), json!(value));
    }
    for m in metrics {
        root.insert(m.name.into(), json!(m.value));
    }
    Value::Object(root).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_follows_the_emf_specification() {
        let line = emf_line(
            "logtriage",
            "log-processor",
            1_700_000_000_000,
            &[
                Metric::count("EventsProcessed", 42),
                Metric::count("MalformedPayloads", 1),
            ],
        );
        let v: Value = serde_json::from_str(&line).unwrap();
        assert_eq!(v["_aws"]["Timestamp"], 1_700_000_000_000_i64);
        let directive = &v["_aws"]["CloudWatchMetrics"][0];
        assert_eq!(directive["Namespace"], "logtriage");
        assert_eq!(directive["Dimensions"], json!([["service"]]));
        assert_eq!(
            directive["Metrics"][0],
            json!({"Name": "EventsProcessed", "Unit": "Count"})
        );
        // Every declared metric and dimension has a value at the root, as EMF requires.
        assert_eq!(v["EventsProcessed"], 42.0);
        assert_eq!(v["MalformedPayloads"], 1.0);
        assert_eq!(v["service"], "log-processor");
        assert!(!line.contains('\n'), "one line");
    }

    #[test]
    fn extra_dimensions_are_declared_and_valued() {
        let line = emf_line_with_dimensions(
            "logtriage",
            &[
                ("service", "log-processor"),
                ("function", "/aws/lambda/pay"),
                ("class", "timeout"),
            ],
            1,
            &[Metric::count("FailureEvents", 3)],
        );
        let v: Value = serde_json::from_str(&line).unwrap();
        assert_eq!(
            v["_aws"]["CloudWatchMetrics"][0]["Dimensions"],
            json!([["service", "function", "class"]])
        );
        assert_eq!(
            (
                v["function"].as_str(),
                v["class"].as_str(),
                v["FailureEvents"].as_f64()
            ),
            (Some("/aws/lambda/pay"), Some("timeout"), Some(3.0))
        );
    }
}
