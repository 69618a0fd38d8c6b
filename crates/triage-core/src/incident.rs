//! The stored incident and the pure rule that folds a batch's [`IncidentAggregate`] into it.
//!
//! Kept free of AWS types so the merge rules (reopen, bounds, idempotent-friendly ordering) are
//! unit-tested here and the DynamoDB store only has to persist the result.

use crate::aggregate::{Evidence, IncidentAggregate, InvocationFigures};
use crate::identity::align;
use crate::model::{FailureClass, Severity};
use crate::summary::Summary;
use serde::{Deserialize, Serialize};
use std::fmt;

/// At most this many redacted sample messages are stored per incident.
pub const MAX_SAMPLES: usize = 5;
/// A summary is attempted with the model at most this many times when the model fails with a
/// retryable error (throttled, timed out, unavailable); then the offline summary is used, so a
/// struggling model delays an incident's email by a few stream retries at most, never loses it.
pub const MAX_MODEL_ATTEMPTS: u32 = 3;

/// At most this many request ids are stored per incident.
pub const MAX_REQUEST_IDS: usize = 10;

const MS_PER_SECOND: i64 = 1_000;
const SECONDS_PER_DAY: i64 = 86_400;

/// `parse` and `Display` for a status enum, from its `ALL` and its stable wire names (`as_str`).
macro_rules! wire_names {
    ($t:ident) => {
        impl $t {
            pub fn parse(name: &str) -> Option<$t> {
                $t::ALL.into_iter().find(|s| s.as_str() == name)
            }
        }

        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IncidentStatus {
    Open,
    Acknowledged,
    Resolved,
}

impl IncidentStatus {
    pub const ALL: [IncidentStatus; 3] = [
        IncidentStatus::Open,
        IncidentStatus::Acknowledged,
        IncidentStatus::Resolved,
    ];

    /// Stable wire name, identical to the serde representation and to the stored attribute.
    pub fn as_str(self) -> &'static str {
        match self {
            IncidentStatus::Open => "open",
            IncidentStatus::Acknowledged => "acknowledged",
            IncidentStatus::Resolved => "resolved",
        }
    }
}

wire_names!(IncidentStatus);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SummaryStatus {
    /// A summary is wanted: new incident, or reopened after being resolved.
    Pending,
    /// Summarised by the model.
    Done,
    /// Summarised by the offline (rule-based) summarizer.
    Offline,
    Failed,
}

impl SummaryStatus {
    pub const ALL: [SummaryStatus; 4] = [
        SummaryStatus::Pending,
        SummaryStatus::Done,
        SummaryStatus::Offline,
        SummaryStatus::Failed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SummaryStatus::Pending => "pending",
            SummaryStatus::Done => "done",
            SummaryStatus::Offline => "offline",
            SummaryStatus::Failed => "failed",
        }
    }
}

wire_names!(SummaryStatus);

/// One incident as stored (one DynamoDB item).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IncidentRecord {
    pub fingerprint: String,
    pub function: String,
    pub class: FailureClass,
    pub severity: Severity,
    pub template: String,
    pub status: IncidentStatus,
    pub first_seen_ms: i64,
    pub last_seen_ms: i64,
    pub occurrences: u64,
    /// Up to [`MAX_SAMPLES`] distinct messages, redacted before they reached the store.
    pub samples: Vec<String>,
    /// Up to [`MAX_REQUEST_IDS`] distinct request ids.
    pub request_ids: Vec<String>,
    pub figures: InvocationFigures,
    /// For a function's overflow incident: distinct templates folded in, summed over batches.
    #[serde(default)]
    pub overflow_templates: u64,
    /// The signal that decided the class and its redacted span (from the first batch that
    /// carried one); absent on items written before evidence existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Evidence>,
    pub summary: Option<Summary>,
    pub summary_status: SummaryStatus,
    pub reopened_count: u32,
    /// Model calls for the current summary that failed with a retryable error (see
    /// `llm-summarizer`: after [`MAX_MODEL_ATTEMPTS`] the offline summary is used).
    #[serde(default)]
    pub summary_attempts: u32,
    /// Bumped by every write: the store's optimistic-concurrency token.
    pub version: u64,
    /// Expiry, epoch seconds (DynamoDB TTL).
    pub ttl: i64,
}

impl IncidentRecord {
    /// The incident as an aggregate, e.g. for the offline summarizer.
    pub fn to_aggregate(&self) -> IncidentAggregate {
        IncidentAggregate {
            fingerprint: self.fingerprint.clone(),
            function: self.function.clone(),
            class: self.class,
            severity: self.severity,
            template: self.template.clone(),
            count: self.occurrences,
            first_seen_ms: Some(self.first_seen_ms),
            last_seen_ms: Some(self.last_seen_ms),
            samples: self.samples.clone(),
            request_ids: self.request_ids.clone(),
            figures: self.figures.clone(),
            overflow_templates: self.overflow_templates,
            evidence: self.evidence.clone(),
        }
    }
}

/// Fold `update` into the stored incident (or start a new one) as of `now_ms`.
///
/// Samples and request ids keep the earliest distinct values: a stable prefix means a full
/// incident no longer changes on every batch, and the first sightings are the useful ones.
pub fn apply_occurrences(
    existing: Option<&IncidentRecord>,
    update: &IncidentAggregate,
    now_ms: i64,
    retention_days: u32,
) -> IncidentRecord {
    // An aggregate without timestamps still happened, and "now" is the best bound we have.
    let update_first = update
        .first_seen_ms
        .or(update.last_seen_ms)
        .unwrap_or(now_ms);
    let update_last = update
        .last_seen_ms
        .unwrap_or(update_first)
        .max(update_first);

    let mut record = match existing {
        Some(old) => {
            let mut record = old.clone();
            record.first_seen_ms = old.first_seen_ms.min(update_first);
            record.last_seen_ms = old.last_seen_ms.max(update_last);
            record.occurrences = old.occurrences.saturating_add(update.count);
            record.figures.merge(&update.figures);
            record.overflow_templates = old
                .overflow_templates
                .saturating_add(update.overflow_templates);
            // The writer routes an aligned template here; the stored template generalises over
            // the slot that differs (the fingerprint, the item's key, never changes).
            if old.template != update.template {
                if let Some(general) = align(&old.template, &update.template) {
                    record.template = general;
                }
            }
            if record.evidence.is_none() {
                record.evidence = update.evidence.clone();
            }
            // A count of 0 carries no occurrence, so it must not undo a human's "resolved".
            if old.status == IncidentStatus::Resolved && update.count > 0 {
                record.status = IncidentStatus::Open;
                record.summary_status = SummaryStatus::Pending;
                record.reopened_count = old.reopened_count.saturating_add(1);
                record.summary_attempts = 0;
            }
            record
        }
        None => IncidentRecord {
            fingerprint: update.fingerprint.clone(),
            // `function` keys an index, and DynamoDB rejects empty index keys; `-` is the
            // aggregator's own "unknown function".
            function: if update.function.is_empty() {
                "-".to_string()
            } else {
                update.function.clone()
            },
            class: update.class,
            severity: update.severity,
            template: update.template.clone(),
            status: IncidentStatus::Open,
            first_seen_ms: update_first,
            last_seen_ms: update_last,
            occurrences: update.count,
            samples: Vec::new(),
            request_ids: Vec::new(),
            figures: update.figures.clone(),
            overflow_templates: update.overflow_templates,
            evidence: update.evidence.clone(),
            summary: None,
            summary_status: SummaryStatus::Pending,
            reopened_count: 0,
            summary_attempts: 0,
            version: 0,
            ttl: 0,
        },
    };
    merge_bounded(&mut record.samples, &update.samples, MAX_SAMPLES);
    merge_bounded(
        &mut record.request_ids,
        &update.request_ids,
        MAX_REQUEST_IDS,
    );
    bound_text_fields(&mut record);
    record.version = existing.map_or(0, |old| old.version).saturating_add(1);
    // From the time logtriage stores the item, not the log's own time: replayed old logs (or a
    // timestamp parsed as 1970) must not expire the moment they are written. It never moves
    // back, so an item written with a later clock keeps its expiry.
    let stored_at = now_ms.max(0);
    record.ttl = expiry_seconds(stored_at, retention_days).max(existing.map_or(0, |old| old.ttl));
    record
}

/// Longest stored sample, template, request id and function name, in characters. The queue
/// message was bounded by the processor, but the writer must hold the item under DynamoDB's
/// 400 KB whatever a message says: 5 samples of 2,048 characters (4 bytes each at worst) and
/// the rest stay far below it.
pub const MAX_SAMPLE_CHARS: usize = 2_048;
pub const MAX_STORED_TEMPLATE_CHARS: usize = 1_024;
pub const MAX_REQUEST_ID_CHARS: usize = 128;
/// The function is the key of the function index (DynamoDB allows 2,048 bytes there).
pub const MAX_FUNCTION_CHARS: usize = 512;

fn bound_text_fields(record: &mut IncidentRecord) {
    let clip = |text: &mut String, max: usize| {
        if let Some((cut, _)) = text.char_indices().nth(max) {
            text.truncate(cut);
        }
    };
    record
        .samples
        .iter_mut()
        .for_each(|s| clip(s, MAX_SAMPLE_CHARS));
    record
        .request_ids
        .iter_mut()
        .for_each(|r| clip(r, MAX_REQUEST_ID_CHARS));
    clip(&mut record.template, MAX_STORED_TEMPLATE_CHARS);
    clip(&mut record.function, MAX_FUNCTION_CHARS);
    if let Some(evidence) = &mut record.evidence {
        clip(&mut evidence.signal, 64);
        clip(&mut evidence.span, crate::aggregate::MAX_EVIDENCE_CHARS);
    }
}

/// Epoch seconds `retention_days` after `last_seen_ms`.
pub fn expiry_seconds(last_seen_ms: i64, retention_days: u32) -> i64 {
    (last_seen_ms / MS_PER_SECOND)
        .saturating_add(i64::from(retention_days).saturating_mul(SECONDS_PER_DAY))
}

/// Append the values of `new` not yet in `into`, keeping at most `max` (duplicates already in
/// `into` are also collapsed, so a bad stored item heals on its next write).
fn merge_bounded(into: &mut Vec<String>, new: &[String], max: usize) {
    let mut merged: Vec<String> = Vec::with_capacity(max.min(into.len() + new.len()));
    for value in into.drain(..).chain(new.iter().cloned()) {
        if merged.len() >= max {
            break;
        }
        if !merged.contains(&value) {
            merged.push(value);
        }
    }
    *into = merged;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::summary::summarize_offline;

    const NOW: i64 = 1_700_000_000_000;

    fn aggregate(count: u64, first: i64, last: i64) -> IncidentAggregate {
        IncidentAggregate {
            evidence: None,
            fingerprint: "00000000deadbeef".to_string(),
            function: "/aws/lambda/pay".to_string(),
            class: FailureClass::DependencyUnavailable,
            severity: Severity::High,
            template: "payment <num> failed: connect ECONNREFUSED <ip>".to_string(),
            count,
            first_seen_ms: Some(first),
            last_seen_ms: Some(last),
            samples: vec!["payment 1 failed".to_string()],
            request_ids: vec!["req-1".to_string()],
            figures: InvocationFigures {
                reports: 1,
                max_duration_ms: Some(100.0),
                memory_size_mb: Some(128),
                max_memory_used_mb: Some(60),
                max_init_duration_ms: None,
                timeout_seconds: None,
            },
            overflow_templates: 0,
        }
    }

    fn strings(prefix: &str, n: usize) -> Vec<String> {
        (0..n).map(|i| format!("{prefix}-{i}")).collect()
    }

    #[test]
    fn a_new_incident_starts_open_and_pending() {
        let r = apply_occurrences(None, &aggregate(10_000, 1_000, 9_000), NOW, 30);
        assert_eq!(r.status, IncidentStatus::Open);
        assert_eq!(r.summary_status, SummaryStatus::Pending);
        assert_eq!(r.occurrences, 10_000);
        assert_eq!((r.first_seen_ms, r.last_seen_ms), (1_000, 9_000));
        assert_eq!(r.version, 1);
        assert_eq!(r.reopened_count, 0);
        assert_eq!(r.summary, None);
        assert_eq!(r.fingerprint, "00000000deadbeef");
        assert_eq!(r.class, FailureClass::DependencyUnavailable);
        assert_eq!(r.figures.reports, 1);
    }

    #[test]
    fn occurrences_add_and_the_seen_window_widens() {
        let first = apply_occurrences(None, &aggregate(3, 5_000, 6_000), NOW, 30);
        let second = apply_occurrences(Some(&first), &aggregate(4, 1_000, 2_000), NOW, 30);
        assert_eq!(second.occurrences, 7);
        assert_eq!((second.first_seen_ms, second.last_seen_ms), (1_000, 6_000));
        let third = apply_occurrences(Some(&second), &aggregate(1, 7_000, 8_000), NOW, 30);
        assert_eq!((third.first_seen_ms, third.last_seen_ms), (1_000, 8_000));
        assert_eq!(third.occurrences, 8);
    }

    #[test]
    fn occurrences_saturate_instead_of_overflowing() {
        let mut first = apply_occurrences(None, &aggregate(1, 1, 1), NOW, 30);
        first.occurrences = u64::MAX - 1;
        let next = apply_occurrences(Some(&first), &aggregate(10, 1, 1), NOW, 30);
        assert_eq!(next.occurrences, u64::MAX);
    }

    #[test]
    fn an_unknown_function_is_stored_as_a_dash() {
        let mut update = aggregate(1, 1, 1);
        update.function = String::new();
        assert_eq!(apply_occurrences(None, &update, NOW, 30).function, "-");
    }

    #[test]
    fn missing_timestamps_fall_back_to_now() {
        let mut update = aggregate(1, 0, 0);
        update.first_seen_ms = None;
        update.last_seen_ms = None;
        let r = apply_occurrences(None, &update, NOW, 1);
        assert_eq!((r.first_seen_ms, r.last_seen_ms), (NOW, NOW));
    }

    #[test]
    fn samples_and_request_ids_are_deduplicated_and_bounded() {
        let mut update = aggregate(1, 1, 1);
        update.samples = strings("s", 3);
        update.request_ids = strings("r", 6);
        let first = apply_occurrences(None, &update, NOW, 30);
        assert_eq!(first.samples, strings("s", 3));

        // Overlapping values are not stored twice; the cap keeps the earliest values.
        update.samples = strings("s", 8);
        update.request_ids = strings("r", 20);
        let second = apply_occurrences(Some(&first), &update, NOW, 30);
        assert_eq!(second.samples, strings("s", MAX_SAMPLES));
        assert_eq!(second.request_ids, strings("r", MAX_REQUEST_IDS));

        update.samples = vec!["new".to_string(), "new".to_string()];
        let third = apply_occurrences(Some(&second), &update, NOW, 30);
        assert_eq!(third.samples.len(), MAX_SAMPLES);
        assert!(!third.samples.contains(&"new".to_string()));
    }

    #[test]
    fn duplicate_values_within_one_update_are_collapsed() {
        let mut update = aggregate(2, 1, 1);
        update.samples = vec!["a".into(), "a".into(), "b".into()];
        update.request_ids = vec!["x".into(), "x".into()];
        let r = apply_occurrences(None, &update, NOW, 30);
        assert_eq!(r.samples, vec!["a".to_string(), "b".to_string()]);
        assert_eq!(r.request_ids, vec!["x".to_string()]);
    }

    #[test]
    fn figures_are_merged() {
        let first = apply_occurrences(None, &aggregate(1, 1, 1), NOW, 30);
        let mut update = aggregate(1, 1, 1);
        update.figures = InvocationFigures {
            reports: 2,
            max_duration_ms: Some(2_500.0),
            memory_size_mb: Some(256),
            max_memory_used_mb: Some(40),
            max_init_duration_ms: Some(300.0),
            timeout_seconds: Some(3.0),
        };
        let r = apply_occurrences(Some(&first), &update, NOW, 30);
        assert_eq!(r.figures.reports, 3);
        assert_eq!(r.figures.max_duration_ms, Some(2_500.0));
        assert_eq!(r.figures.memory_size_mb, Some(256));
        assert_eq!(r.figures.max_memory_used_mb, Some(60));
        assert_eq!(r.figures.max_init_duration_ms, Some(300.0));
        assert_eq!(r.figures.timeout_seconds, Some(3.0));
    }

    #[test]
    fn a_resolved_incident_is_reopened_by_a_new_occurrence() {
        let mut resolved = apply_occurrences(None, &aggregate(1, 1, 1), NOW, 30);
        resolved.status = IncidentStatus::Resolved;
        resolved.summary_status = SummaryStatus::Offline;
        resolved.summary = Some(summarize_offline(&aggregate(1, 1, 1)));
        resolved.reopened_count = 2;
        let r = apply_occurrences(Some(&resolved), &aggregate(1, 2, 2), NOW, 30);
        assert_eq!(r.status, IncidentStatus::Open);
        assert_eq!(r.summary_status, SummaryStatus::Pending);
        assert_eq!(r.reopened_count, 3);
        // The old summary stays visible until the new one replaces it.
        assert!(r.summary.is_some());
    }

    #[test]
    fn an_empty_update_does_not_reopen() {
        let mut resolved = apply_occurrences(None, &aggregate(1, 1, 1), NOW, 30);
        resolved.status = IncidentStatus::Resolved;
        let r = apply_occurrences(Some(&resolved), &aggregate(0, 2, 2), NOW, 30);
        assert_eq!(r.status, IncidentStatus::Resolved);
        assert_eq!(r.reopened_count, 0);
    }

    #[test]
    fn an_acknowledged_incident_stays_acknowledged() {
        let mut acked = apply_occurrences(None, &aggregate(1, 1, 1), NOW, 30);
        acked.status = IncidentStatus::Acknowledged;
        acked.summary_status = SummaryStatus::Done;
        let r = apply_occurrences(Some(&acked), &aggregate(5, 2, 2), NOW, 30);
        assert_eq!(r.status, IncidentStatus::Acknowledged);
        assert_eq!(r.summary_status, SummaryStatus::Done);
        assert_eq!(r.reopened_count, 0);
        assert_eq!(r.occurrences, 6);
    }

    #[test]
    fn version_is_bumped_by_every_application() {
        let mut r = apply_occurrences(None, &aggregate(1, 1, 1), NOW, 30);
        r.version = 41;
        let next = apply_occurrences(Some(&r), &aggregate(1, 1, 1), NOW, 30);
        assert_eq!(next.version, 42);
    }

    #[test]
    fn ttl_counts_from_when_the_item_is_stored() {
        let retention = 7 * 86_400;
        // Replayed logs from 1970 and a batch without timestamps alike: now + retention.
        let replayed = apply_occurrences(None, &aggregate(1, 1_000, 2_000), NOW, 7);
        assert_eq!(replayed.ttl, NOW / 1_000 + retention);
        let mut untimed = aggregate(1, 0, 0);
        untimed.first_seen_ms = None;
        untimed.last_seen_ms = None;
        let untimed = apply_occurrences(None, &untimed, NOW, 7);
        assert_eq!(untimed.ttl, NOW / 1_000 + retention);
        assert_eq!(
            untimed.first_seen_ms, NOW,
            "an untimed occurrence happened by now"
        );
        // A later write extends it; a write with an earlier clock never pulls it back.
        let later = apply_occurrences(Some(&replayed), &aggregate(1, 5, 6), NOW + 60_000, 7);
        assert_eq!(later.ttl, (NOW + 60_000) / 1_000 + retention);
        let skewed = apply_occurrences(Some(&later), &aggregate(1, 5, 6), NOW, 7);
        assert_eq!(skewed.ttl, later.ttl);
    }

    #[test]
    fn status_names_round_trip() {
        for s in IncidentStatus::ALL {
            assert_eq!(IncidentStatus::parse(s.as_str()), Some(s));
            assert_eq!(
                serde_json::to_string(&s).ok(),
                Some(format!("\"{}\"", s.as_str()))
            );
        }
        for s in SummaryStatus::ALL {
            assert_eq!(SummaryStatus::parse(s.as_str()), Some(s));
        }
        assert_eq!(IncidentStatus::parse("closed"), None);
        assert_eq!(SummaryStatus::parse("PENDING"), None);
    }
}
