//! The pure item codec: an [`IncidentRecord`] as a DynamoDB item and back, and the item's size
//! as DynamoDB counts it.

use super::error::ItemError;
use aws_sdk_dynamodb::types::AttributeValue;
use std::collections::HashMap;
use std::fmt::Display;
use std::str::FromStr;
use triage_core::aggregate::{Evidence, InvocationFigures};
use triage_core::incident::{IncidentRecord, IncidentStatus, SummaryStatus};
use triage_core::model::{FailureClass, Severity};
use triage_core::summary::{Summary, SummarySource};

pub(super) mod attr {
    pub const FINGERPRINT: &str = "fingerprint";
    pub const FUNCTION: &str = "function";
    pub const CLASS: &str = "class";
    pub const SEVERITY: &str = "severity";
    pub const TEMPLATE: &str = "template";
    pub const STATUS: &str = "status";
    pub const FIRST_SEEN: &str = "first_seen_ms";
    pub const LAST_SEEN: &str = "last_seen_ms";
    pub const OCCURRENCES: &str = "occurrences";
    pub const SAMPLES: &str = "samples";
    pub const REQUEST_IDS: &str = "request_ids";
    pub const FIGURES: &str = "figures";
    pub const SUMMARY: &str = "summary";
    pub const SUMMARY_STATUS: &str = "summary_status";
    pub const REOPENED_COUNT: &str = "reopened_count";
    pub const SUMMARY_ATTEMPTS: &str = "summary_attempts";
    pub const VERSION: &str = "version";
    pub const TTL: &str = "ttl";
    pub const DEDUPE_INCIDENT: &str = "incident";
    pub const OVERFLOW_TEMPLATES: &str = "overflow_templates";
    /// On an alias item: the fingerprint of the incident it points to.
    pub const ALIAS_OF: &str = "alias_of";
    pub const EVIDENCE: &str = "evidence";
}

pub(super) fn s(value: &str) -> AttributeValue {
    AttributeValue::S(value.to_string())
}

pub(super) fn n(value: impl Display) -> AttributeValue {
    AttributeValue::N(value.to_string())
}

pub(super) fn strings(values: &[String]) -> AttributeValue {
    AttributeValue::L(values.iter().map(|v| s(v)).collect())
}

/// DynamoDB numbers cannot hold NaN or infinities; such a figure is simply not stored.
fn put_f64(map: &mut HashMap<String, AttributeValue>, name: &str, value: Option<f64>) {
    if let Some(v) = value.filter(|v| v.is_finite()) {
        map.insert(name.to_string(), n(v));
    }
}

fn put_u32(map: &mut HashMap<String, AttributeValue>, name: &str, value: Option<u32>) {
    if let Some(v) = value {
        map.insert(name.to_string(), n(v));
    }
}

fn figures_to_attr(f: &InvocationFigures) -> AttributeValue {
    let mut m = HashMap::from([("reports".to_string(), n(f.reports))]);
    put_f64(&mut m, "max_duration_ms", f.max_duration_ms);
    put_u32(&mut m, "memory_size_mb", f.memory_size_mb);
    put_u32(&mut m, "max_memory_used_mb", f.max_memory_used_mb);
    put_f64(&mut m, "max_init_duration_ms", f.max_init_duration_ms);
    put_f64(&mut m, "timeout_seconds", f.timeout_seconds);
    AttributeValue::M(m)
}

fn summary_source_str(source: SummarySource) -> &'static str {
    match source {
        SummarySource::Offline => "offline",
        SummarySource::Bedrock => "bedrock",
    }
}

pub(super) fn summary_to_attr(summary: &Summary) -> AttributeValue {
    AttributeValue::M(HashMap::from([
        ("summary".to_string(), s(&summary.summary)),
        ("probable_cause".to_string(), s(&summary.probable_cause)),
        ("remediation".to_string(), strings(&summary.remediation)),
        ("severity".to_string(), s(summary.severity.as_str())),
        ("source".to_string(), s(summary_source_str(summary.source))),
    ]))
}

/// The item for an incident. Absent optional figures and an absent summary are omitted.
pub fn to_item(record: &IncidentRecord) -> HashMap<String, AttributeValue> {
    let mut item = HashMap::from([
        (attr::FINGERPRINT.to_string(), s(&record.fingerprint)),
        (attr::FUNCTION.to_string(), s(&record.function)),
        (attr::CLASS.to_string(), s(record.class.as_str())),
        (attr::SEVERITY.to_string(), s(record.severity.as_str())),
        (attr::TEMPLATE.to_string(), s(&record.template)),
        (attr::STATUS.to_string(), s(record.status.as_str())),
        (attr::FIRST_SEEN.to_string(), n(record.first_seen_ms)),
        (attr::LAST_SEEN.to_string(), n(record.last_seen_ms)),
        (attr::OCCURRENCES.to_string(), n(record.occurrences)),
        (attr::SAMPLES.to_string(), strings(&record.samples)),
        (attr::REQUEST_IDS.to_string(), strings(&record.request_ids)),
        (attr::FIGURES.to_string(), figures_to_attr(&record.figures)),
        (
            attr::SUMMARY_STATUS.to_string(),
            s(record.summary_status.as_str()),
        ),
        (attr::REOPENED_COUNT.to_string(), n(record.reopened_count)),
        (
            attr::SUMMARY_ATTEMPTS.to_string(),
            n(record.summary_attempts),
        ),
        (attr::VERSION.to_string(), n(record.version)),
        (attr::TTL.to_string(), n(record.ttl)),
    ]);
    if let Some(summary) = &record.summary {
        item.insert(attr::SUMMARY.to_string(), summary_to_attr(summary));
    }
    if record.overflow_templates > 0 {
        item.insert(
            attr::OVERFLOW_TEMPLATES.to_string(),
            n(record.overflow_templates),
        );
    }
    if let Some(evidence) = &record.evidence {
        item.insert(
            attr::EVIDENCE.to_string(),
            AttributeValue::M(HashMap::from([
                ("signal".to_string(), s(&evidence.signal)),
                ("span".to_string(), s(&evidence.span)),
            ])),
        );
    }
    item
}

/// An item's size as DynamoDB counts it for its 400 KB limit: attribute names and values in
/// UTF-8 bytes, numbers by their digits (at most 21 bytes), 3 bytes of overhead per list or map
/// plus 1 byte per element (the "Item sizes and formats" page of the DynamoDB developer guide).
/// An upper bound is enough here: it is used to prove items stay under the limit.
pub fn item_size_bytes(item: &HashMap<String, AttributeValue>) -> usize {
    fn value(v: &AttributeValue) -> usize {
        match v {
            AttributeValue::S(s) => s.len(),
            AttributeValue::N(n) => n.len().min(21) + 1,
            AttributeValue::Bool(_) | AttributeValue::Null(_) => 1,
            AttributeValue::L(list) => 3 + list.iter().map(|e| 1 + value(e)).sum::<usize>(),
            AttributeValue::M(map) => {
                3 + map
                    .iter()
                    .map(|(k, e)| 1 + k.len() + value(e))
                    .sum::<usize>()
            }
            AttributeValue::Ss(set) => set.iter().map(String::len).sum(),
            other => format!("{other:?}").len(),
        }
    }
    item.iter().map(|(k, v)| k.len() + value(v)).sum()
}

/// DynamoDB's item size limit.
pub const MAX_ITEM_BYTES: usize = 400 * 1024;

/// Typed access to one map of attributes; `path` prefixes nested names in errors.
struct Fields<'a> {
    map: &'a HashMap<String, AttributeValue>,
    path: &'static str,
}

impl<'a> Fields<'a> {
    fn name(&self, name: &str) -> String {
        format!("{}{name}", self.path)
    }

    /// `NULL` is treated like an absent attribute.
    fn optional(&self, name: &str) -> Option<&'a AttributeValue> {
        self.map.get(name).filter(|v| !v.is_null())
    }

    fn required(&self, name: &str) -> Result<&'a AttributeValue, ItemError> {
        self.optional(name)
            .ok_or_else(|| ItemError::Missing(self.name(name)))
    }

    fn wrong(&self, name: &str, expected: &'static str) -> ItemError {
        ItemError::WrongType {
            attribute: self.name(name),
            expected,
        }
    }

    fn invalid(&self, name: &str, value: &str) -> ItemError {
        ItemError::InvalidValue {
            attribute: self.name(name),
            value: value.chars().take(64).collect(),
        }
    }

    fn string(&self, name: &str) -> Result<&'a str, ItemError> {
        match self.required(name)? {
            AttributeValue::S(v) => Ok(v),
            _ => Err(self.wrong(name, "S")),
        }
    }

    fn parsed<T>(&self, name: &str, parse: impl FnOnce(&str) -> Option<T>) -> Result<T, ItemError> {
        let raw = self.string(name)?;
        parse(raw).ok_or_else(|| self.invalid(name, raw))
    }

    fn number<T: FromStr>(&self, name: &str) -> Result<T, ItemError> {
        match self.required(name)? {
            AttributeValue::N(v) => v.parse().map_err(|_| self.invalid(name, v)),
            _ => Err(self.wrong(name, "N")),
        }
    }

    fn optional_number<T: FromStr>(&self, name: &str) -> Result<Option<T>, ItemError> {
        match self.optional(name) {
            None => Ok(None),
            Some(_) => self.number(name).map(Some),
        }
    }

    fn strings(&self, name: &str) -> Result<Vec<String>, ItemError> {
        let AttributeValue::L(values) = self.required(name)? else {
            return Err(self.wrong(name, "L"));
        };
        values
            .iter()
            .map(|v| match v {
                AttributeValue::S(s) => Ok(s.clone()),
                _ => Err(self.wrong(name, "L of S")),
            })
            .collect()
    }

    fn map(&self, name: &str, path: &'static str) -> Result<Fields<'a>, ItemError> {
        match self.required(name)? {
            AttributeValue::M(map) => Ok(Fields { map, path }),
            _ => Err(self.wrong(name, "M")),
        }
    }
}

fn figures_from(f: &Fields<'_>) -> Result<InvocationFigures, ItemError> {
    Ok(InvocationFigures {
        reports: f.number("reports")?,
        max_duration_ms: f.optional_number("max_duration_ms")?,
        memory_size_mb: f.optional_number("memory_size_mb")?,
        max_memory_used_mb: f.optional_number("max_memory_used_mb")?,
        max_init_duration_ms: f.optional_number("max_init_duration_ms")?,
        timeout_seconds: f.optional_number("timeout_seconds")?,
    })
}

fn summary_from(f: &Fields<'_>) -> Result<Summary, ItemError> {
    Ok(Summary {
        summary: f.string("summary")?.to_string(),
        probable_cause: f.string("probable_cause")?.to_string(),
        remediation: f.strings("remediation")?,
        severity: f.parsed("severity", Severity::parse)?,
        source: f.parsed("source", |v| match v {
            "offline" => Some(SummarySource::Offline),
            "bedrock" => Some(SummarySource::Bedrock),
            _ => None,
        })?,
    })
}

/// The incident in an item. Extra attributes are ignored (forward compatibility); missing,
/// mistyped or unknown values are an [`ItemError`].
pub fn from_item(item: &HashMap<String, AttributeValue>) -> Result<IncidentRecord, ItemError> {
    let f = Fields {
        map: item,
        path: "",
    };
    let summary = match f.optional(attr::SUMMARY) {
        None => None,
        Some(_) => Some(summary_from(&f.map(attr::SUMMARY, "summary.")?)?),
    };
    // Optional: items written before incidents carried evidence have none.
    let evidence = match f.optional(attr::EVIDENCE) {
        None => None,
        Some(_) => {
            let e = f.map(attr::EVIDENCE, "evidence.")?;
            Some(Evidence {
                signal: e.string("signal")?.to_string(),
                span: e.string("span")?.to_string(),
            })
        }
    };
    Ok(IncidentRecord {
        evidence,
        fingerprint: f.string(attr::FINGERPRINT)?.to_string(),
        function: f.string(attr::FUNCTION)?.to_string(),
        class: f.parsed(attr::CLASS, FailureClass::parse)?,
        severity: f.parsed(attr::SEVERITY, Severity::parse)?,
        template: f.string(attr::TEMPLATE)?.to_string(),
        status: f.parsed(attr::STATUS, IncidentStatus::parse)?,
        first_seen_ms: f.number(attr::FIRST_SEEN)?,
        last_seen_ms: f.number(attr::LAST_SEEN)?,
        occurrences: f.number(attr::OCCURRENCES)?,
        samples: f.strings(attr::SAMPLES)?,
        request_ids: f.strings(attr::REQUEST_IDS)?,
        figures: figures_from(&f.map(attr::FIGURES, "figures.")?)?,
        overflow_templates: f.optional_number(attr::OVERFLOW_TEMPLATES)?.unwrap_or(0),
        summary,
        summary_status: f.parsed(attr::SUMMARY_STATUS, SummaryStatus::parse)?,
        reopened_count: f.number(attr::REOPENED_COUNT)?,
        summary_attempts: f.optional_number(attr::SUMMARY_ATTEMPTS)?.unwrap_or(0),
        version: f.number(attr::VERSION)?,
        ttl: f.number(attr::TTL)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> IncidentRecord {
        IncidentRecord {
            fingerprint: "00000000deadbeef".into(),
            function: "/aws/lambda/pay".into(),
            class: FailureClass::Timeout,
            severity: Severity::Critical,
            template: "Task timed out after <num> seconds".into(),
            status: IncidentStatus::Acknowledged,
            first_seen_ms: 1_700_000_000_000,
            last_seen_ms: 1_700_000_060_000,
            occurrences: 10_000,
            samples: vec!["Task timed out after 3.00 seconds".into()],
            request_ids: vec!["a".into(), "b".into()],
            figures: InvocationFigures {
                reports: 3,
                max_duration_ms: Some(3_001.25),
                memory_size_mb: Some(128),
                max_memory_used_mb: None,
                max_init_duration_ms: Some(250.5),
                timeout_seconds: Some(3.0),
            },
            overflow_templates: 4,
            summary: Some(Summary {
                summary: "timed out".into(),
                probable_cause: "blocked downstream call".into(),
                remediation: vec!["add a client timeout".into()],
                severity: Severity::Critical,
                source: SummarySource::Offline,
            }),
            summary_status: SummaryStatus::Offline,
            reopened_count: 2,
            summary_attempts: 1,
            version: 7,
            ttl: 1_702_592_060,
            evidence: Some(Evidence {
                signal: "lambda_platform_message".into(),
                span: "Task timed out after".into(),
            }),
        }
    }

    #[test]
    fn items_stay_under_400_kb_whatever_the_message_holds() {
        use triage_core::aggregate::IncidentAggregate;
        use triage_core::incident::apply_occurrences;
        // Four-byte characters everywhere, and far more of everything than any bound allows.
        let huge = |n: usize| "\u{1F4A5}".repeat(n);
        let hostile = IncidentAggregate {
            fingerprint: "00000000deadbeef".into(),
            function: huge(300_000),
            class: FailureClass::Error,
            severity: Severity::Low,
            template: huge(300_000),
            count: u64::MAX,
            first_seen_ms: Some(i64::MIN),
            last_seen_ms: Some(i64::MAX),
            samples: (0..1_000).map(|_| huge(100_000)).collect(),
            request_ids: (0..10_000).map(|_| huge(10_000)).collect(),
            figures: InvocationFigures {
                reports: u32::MAX,
                max_duration_ms: Some(f64::MAX),
                memory_size_mb: Some(u32::MAX),
                max_memory_used_mb: Some(u32::MAX),
                max_init_duration_ms: Some(f64::INFINITY),
                timeout_seconds: Some(f64::NAN),
            },
            overflow_templates: u64::MAX,
            evidence: Some(triage_core::aggregate::Evidence {
                signal: huge(100_000),
                span: huge(100_000),
            }),
        };
        let first = apply_occurrences(None, &hostile, 1_700_000_000_000, 30);
        let size = item_size_bytes(&to_item(&first));
        assert!(size < MAX_ITEM_BYTES, "{size} bytes");
        // And after merging more of the same into it.
        let mut record = first;
        for _ in 0..3 {
            record = apply_occurrences(Some(&record), &hostile, 1_700_000_000_000, 30);
        }
        let size = item_size_bytes(&to_item(&record));
        assert!(size < MAX_ITEM_BYTES / 4, "{size} bytes");
        assert_eq!(
            from_item(&to_item(&record)).map(|r| r.occurrences),
            Ok(u64::MAX)
        );
    }

    #[test]
    fn a_record_round_trips_through_an_item() {
        let r = record();
        assert_eq!(from_item(&to_item(&r)), Ok(r.clone()));
        let bare = IncidentRecord {
            summary: None,
            samples: vec![],
            request_ids: vec![],
            figures: InvocationFigures::default(),
            overflow_templates: 0,
            evidence: None,
            ..r
        };
        assert_eq!(from_item(&to_item(&bare)), Ok(bare));
    }

    #[test]
    fn the_item_uses_the_documented_attribute_types() {
        let item = to_item(&record());
        assert_eq!(item.get("status"), Some(&s("acknowledged")));
        assert_eq!(item.get("last_seen_ms"), Some(&n(1_700_000_060_000_i64)));
        assert_eq!(item.get("occurrences"), Some(&n(10_000)));
        assert_eq!(item.get("class"), Some(&s("timeout")));
        assert!(matches!(item.get("samples"), Some(AttributeValue::L(_))));
        assert!(
            matches!(item.get("figures"), Some(AttributeValue::M(m)) if !m.contains_key("max_memory_used_mb"))
        );
        assert!(matches!(item.get("summary"), Some(AttributeValue::M(_))));
    }

    #[test]
    fn non_finite_figures_are_not_stored() {
        let mut r = record();
        r.figures.max_duration_ms = Some(f64::NAN);
        let back = from_item(&to_item(&r));
        assert_eq!(back.map(|b| b.figures.max_duration_ms), Ok(None));
    }

    #[test]
    fn a_missing_attribute_is_a_typed_error() {
        let mut item = to_item(&record());
        item.remove("occurrences");
        assert_eq!(
            from_item(&item),
            Err(ItemError::Missing("occurrences".into()))
        );
        assert_eq!(
            decoded_with("version", AttributeValue::Null(true)),
            Err(ItemError::Missing("version".into()))
        );
    }

    #[test]
    fn a_dedupe_item_is_not_an_incident() {
        let item = HashMap::from([
            ("fingerprint".to_string(), s("dedupe#m-1")),
            ("ttl".to_string(), n(1)),
        ]);
        assert_eq!(from_item(&item), Err(ItemError::Missing("function".into())));
    }

    /// The record's item with `attribute` set to `value`, decoded.
    fn decoded_with(attribute: &str, value: AttributeValue) -> Result<IncidentRecord, ItemError> {
        let mut item = to_item(&record());
        item.insert(attribute.into(), value);
        from_item(&item)
    }

    #[test]
    fn wrong_types_and_unknown_values_are_typed_errors() {
        assert_eq!(
            decoded_with("occurrences", s("10")),
            Err(ItemError::WrongType {
                attribute: "occurrences".into(),
                expected: "N"
            })
        );
        assert_eq!(
            decoded_with("status", s("closed")),
            Err(ItemError::InvalidValue {
                attribute: "status".into(),
                value: "closed".into()
            })
        );
        assert!(matches!(
            decoded_with("version", n("-1")),
            Err(ItemError::InvalidValue { .. })
        ));
        assert!(matches!(
            decoded_with("samples", AttributeValue::L(vec![n(1)])),
            Err(ItemError::WrongType { .. })
        ));
    }

    #[test]
    fn nested_errors_name_their_path() {
        let mut item = to_item(&record());
        if let Some(AttributeValue::M(figures)) = item.get_mut("figures") {
            figures.insert("memory_size_mb".into(), n("1.5"));
        }
        assert_eq!(
            from_item(&item),
            Err(ItemError::InvalidValue {
                attribute: "figures.memory_size_mb".into(),
                value: "1.5".into()
            })
        );
        let mut item = to_item(&record());
        if let Some(AttributeValue::M(summary)) = item.get_mut("summary") {
            summary.insert("source".into(), s("oracle"));
        }
        assert!(matches!(
            from_item(&item),
            Err(ItemError::InvalidValue { attribute, .. }) if attribute == "summary.source"
        ));
    }

    #[test]
    fn extra_attributes_are_tolerated() {
        assert_eq!(decoded_with("added_later", s("x")), Ok(record()));
    }
}
