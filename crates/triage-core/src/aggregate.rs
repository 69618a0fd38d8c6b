//! Aggregation of a batch of events into one record per fingerprint.
//!
//! This is what turns a flood into a handful of incidents: 10,000 identical errors become one
//! [`IncidentAggregate`] with `count = 10000`, a few redacted samples and the REPORT figures of
//! the invocations involved. Two rules need the whole batch, so they are settled in
//! [`Aggregator::finish`]:
//! - `signal: killed` is out-of-memory only when the same invocation shows memory exhaustion;
//! - platform records (REPORT / INIT_REPORT / `platform.*`) that repeat an outcome another line of
//!   the same invocation already reported do not make a second incident.

use crate::classify::{classify, Classification};
use crate::fingerprint::{fingerprint, fingerprint_hash, template_for};
use crate::model::{FailureClass, LogEvent, ReportMetrics, Severity};
use crate::parse::{parse_message, PlatformLine};
use crate::redact::redact;
use crate::safe_template::template_of_redacted;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// Keys of these maps are already 64-bit FNV hashes: hashing them again would be wasted work.
#[derive(Default)]
struct PrehashedKey(u64);

impl Hasher for PrehashedKey {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type PrehashedMap<V> = HashMap<u64, V, BuildHasherDefault<PrehashedKey>>;
type PrehashedSet = HashSet<u64, BuildHasherDefault<PrehashedKey>>;

#[derive(Debug, Clone, Copy)]
pub struct AggregatorConfig {
    pub max_samples: usize,
    pub max_request_ids: usize,
    /// Samples are cut to this many characters (after redaction).
    pub max_sample_chars: usize,
}

impl Default for AggregatorConfig {
    fn default() -> Self {
        AggregatorConfig {
            max_samples: 3,
            max_request_ids: 10,
            max_sample_chars: 2048,
        }
    }
}

/// One incident's share of a batch. Serialised as the processor → writer queue message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IncidentAggregate {
    pub fingerprint: String,
    /// The log group (function) the events came from; `-` when the input did not say.
    pub function: String,
    pub class: FailureClass,
    pub severity: Severity,
    pub template: String,
    pub count: u64,
    pub first_seen_ms: Option<i64>,
    pub last_seen_ms: Option<i64>,
    /// Up to `max_samples` distinct, redacted, truncated messages.
    pub samples: Vec<String>,
    pub request_ids: Vec<String>,
    pub figures: InvocationFigures,
}

/// Figures from the REPORT lines of the invocations behind an incident.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct InvocationFigures {
    /// How many REPORT records were matched to the incident.
    pub reports: u32,
    pub max_duration_ms: Option<f64>,
    pub memory_size_mb: Option<u32>,
    pub max_memory_used_mb: Option<u32>,
    pub max_init_duration_ms: Option<f64>,
    /// The configured timeout, from `Task timed out after N seconds`.
    pub timeout_seconds: Option<f64>,
}

impl InvocationFigures {
    fn absorb(&mut self, m: &ReportMetrics) {
        self.reports += 1;
        self.max_duration_ms = max_f(self.max_duration_ms, m.duration_ms);
        self.memory_size_mb = self.memory_size_mb.max(m.memory_size_mb);
        self.max_memory_used_mb = self.max_memory_used_mb.max(m.max_memory_used_mb);
        self.max_init_duration_ms = max_f(self.max_init_duration_ms, m.init_duration_ms);
    }

    /// `3 REPORT lines, longest 3001 ms, memory 88 of 256 MB`, or `None` without REPORT lines.
    pub fn describe(&self) -> Option<String> {
        let unknown = || "?".to_string();
        (self.reports > 0).then(|| {
            format!(
                "{} REPORT line{}, longest {} ms, memory {} of {} MB",
                self.reports,
                if self.reports == 1 { "" } else { "s" },
                self.max_duration_ms
                    .map_or_else(unknown, |d| format!("{d:.0}")),
                self.max_memory_used_mb
                    .map_or_else(unknown, |m| m.to_string()),
                self.memory_size_mb.map_or_else(unknown, |m| m.to_string())
            )
        })
    }

    /// Combine figures of two batches of the same incident.
    pub fn merge(&mut self, other: &InvocationFigures) {
        self.reports += other.reports;
        self.max_duration_ms = max_f(self.max_duration_ms, other.max_duration_ms);
        self.memory_size_mb = self.memory_size_mb.max(other.memory_size_mb);
        self.max_memory_used_mb = self.max_memory_used_mb.max(other.max_memory_used_mb);
        self.max_init_duration_ms = max_f(self.max_init_duration_ms, other.max_init_duration_ms);
        self.timeout_seconds = max_f(self.timeout_seconds, other.timeout_seconds);
    }
}

fn max_f(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.max(y)),
        (x, y) => x.or(y),
    }
}

/// A classified event whose class or existence depends on the rest of the batch.
#[derive(Debug)]
struct Deferred {
    function: String,
    request_id: Option<String>,
    timestamp_ms: Option<i64>,
    classification: Classification,
    template: String,
    message: String,
}

/// An invocation (function, request id) as a 64-bit FNV-1a hash: the maps below are touched by
/// every REPORT line, and hashing avoids two string allocations per line. A collision would
/// only attach one invocation's REPORT figures to another's incident.
type InvocationKey = u64;

/// One classified event on its way into an incident (borrowed: nothing is copied for events
/// that join an existing incident).
struct Occurrence<'a> {
    function: &'a str,
    request_id: Option<&'a str>,
    timestamp_ms: Option<i64>,
    class: FailureClass,
    template: String,
    message: &'a str,
}

impl Deferred {
    fn occurrence(&self) -> Occurrence<'_> {
        Occurrence {
            function: &self.function,
            request_id: self.request_id.as_deref(),
            timestamp_ms: self.timestamp_ms,
            class: self.classification.class,
            template: self.template.clone(),
            message: &self.message,
        }
    }
}

fn invocation_key(function: &str, request_id: Option<&str>) -> InvocationKey {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let parts = [
        function.as_bytes(),
        &[0xff],
        request_id.unwrap_or("").as_bytes(),
        &[u8::from(request_id.is_some())],
    ];
    for byte in parts.into_iter().flatten() {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

#[derive(Debug, Default)]
pub struct Aggregator {
    config: AggregatorConfig,
    events: u64,
    incidents: Vec<IncidentAggregate>,
    by_fingerprint: PrehashedMap<usize>,
    /// Every invocation behind each incident, for REPORT figures and de-duplication.
    invocations: Vec<PrehashedSet>,
    /// Up to `max_samples` distinct raw messages per incident, redacted once in `finish`:
    /// redaction is the costliest step per event, so it runs on the kept samples only.
    raw_samples: Vec<Vec<String>>,
    reports: PrehashedMap<ReportMetrics>,
    memory_exhausted: PrehashedSet,
    functions_with_memory_evidence: HashSet<String>,
    deferred: Vec<Deferred>,
}

/// Beyond this many request ids per incident, later ones are not tracked for REPORT figures:
/// bounds memory on huge inputs while the figures are already representative.
const MAX_TRACKED_INVOCATIONS: usize = 10_000;

impl Aggregator {
    pub fn new(config: AggregatorConfig) -> Self {
        Aggregator {
            config,
            ..Aggregator::default()
        }
    }

    /// Events seen so far, failing or not.
    pub fn events(&self) -> u64 {
        self.events
    }

    /// Add one event of `function` (its log group).
    pub fn add(&mut self, function: &str, event: &LogEvent) {
        self.add_message(function, event.timestamp_ms, &event.message);
    }

    /// Add one event given as its parts (no copy of the message is needed).
    pub fn add_message(&mut self, function: &str, timestamp_ms: Option<i64>, message: &str) {
        self.events += 1;
        let parsed = parse_message(message);
        if let Some(metrics) = platform_metrics(&parsed.platform) {
            let key = invocation_key(function, parsed.request_id);
            if metrics.memory_exhausted() {
                self.note_memory_evidence(key, function);
            }
            merge_metrics(self.reports.entry(key).or_default(), metrics);
        }
        let Some(classification) = classify(&parsed, parsed.body) else {
            return;
        };
        let template = template_for(&parsed, parsed.body, &classification);
        let timestamp_ms = timestamp_ms.or(parsed.timestamp_ms);
        if classification.memory_evidence || classification.class == FailureClass::OutOfMemory {
            self.note_memory_evidence(invocation_key(function, parsed.request_id), function);
        }
        if classification.from_platform || classification.killed_signal {
            self.deferred.push(Deferred {
                function: function.to_string(),
                request_id: parsed.request_id.map(str::to_string),
                timestamp_ms,
                classification,
                template,
                message: message.to_string(),
            });
        } else {
            let occurrence = Occurrence {
                function,
                request_id: parsed.request_id,
                timestamp_ms,
                class: classification.class,
                template,
                message,
            };
            self.record(occurrence);
        }
    }

    fn record(&mut self, o: Occurrence<'_>) {
        let class = o.class;
        let key = fingerprint_hash(class, o.function, &o.template);
        let index = match self.by_fingerprint.get(&key) {
            Some(&i) => i,
            None => {
                self.incidents.push(IncidentAggregate {
                    fingerprint: fingerprint(class, o.function, &o.template),
                    function: o.function.to_string(),
                    class,
                    severity: class.severity(),
                    template: o.template,
                    count: 0,
                    first_seen_ms: None,
                    last_seen_ms: None,
                    samples: Vec::new(),
                    request_ids: Vec::new(),
                    figures: InvocationFigures::default(),
                });
                self.invocations.push(PrehashedSet::default());
                self.raw_samples.push(Vec::new());
                self.by_fingerprint.insert(key, self.incidents.len() - 1);
                self.incidents.len() - 1
            }
        };
        let incident = &mut self.incidents[index];
        incident.count += 1;
        if let Some(ts) = o.timestamp_ms {
            incident.first_seen_ms = Some(incident.first_seen_ms.map_or(ts, |f| f.min(ts)));
            incident.last_seen_ms = Some(incident.last_seen_ms.map_or(ts, |l| l.max(ts)));
        }
        if class == FailureClass::Timeout {
            incident.figures.timeout_seconds =
                max_f(incident.figures.timeout_seconds, timeout_seconds(o.message));
        }
        let raw = &mut self.raw_samples[index];
        if raw.len() < self.config.max_samples && !raw.iter().any(|m| m == o.message) {
            raw.push(o.message.to_string());
        }
        let known = |id: &str| incident.request_ids.iter().any(|r| r == id);
        if incident.request_ids.len() < self.config.max_request_ids
            && !o.request_id.is_some_and(known)
        {
            if let Some(id) = o.request_id.and_then(crate::request_id::sanitize) {
                if !incident.request_ids.contains(&id) {
                    incident.request_ids.push(id);
                }
            }
        }
        let tracked = &mut self.invocations[index];
        if tracked.len() < MAX_TRACKED_INVOCATIONS {
            tracked.insert(invocation_key(o.function, o.request_id));
        }
    }

    /// Settle the batch-wide rules and return the incidents, most severe first.
    pub fn finish(mut self) -> Vec<IncidentAggregate> {
        let deferred = std::mem::take(&mut self.deferred);
        let (platform, killed): (Vec<_>, Vec<_>) = deferred
            .into_iter()
            .partition(|d| d.classification.from_platform);
        for mut d in killed {
            if self.shows_memory_exhaustion(&d.function, d.request_id.as_deref()) {
                d.classification.class = FailureClass::OutOfMemory;
            }
            self.record(d.occurrence());
        }
        for d in platform {
            if self.already_reported(&d.function, d.request_id.as_deref(), d.classification.class) {
                continue;
            }
            self.record(d.occurrence());
        }
        let max_chars = self.config.max_sample_chars;
        for (incident, raw) in self.incidents.iter_mut().zip(&self.raw_samples) {
            // The first sample made the template; if it held a secret, masking may have cut it.
            if let Some(t) = raw.first().and_then(|m| template_of_redacted(m)) {
                incident.template = t;
            }
            // Templates are stored and shown to the model too; masking numbers does not catch a
            // secret without digits (a bearer token, a password).
            if let std::borrow::Cow::Owned(redacted) = redact(&incident.template) {
                incident.template = redacted;
            }
            // The log group is named by the account, yet it reaches the same places.
            if let std::borrow::Cow::Owned(redacted) = redact(&incident.function) {
                incident.function = redacted;
            }
        }
        for (incident, raw) in self.incidents.iter_mut().zip(&self.raw_samples) {
            for message in raw {
                let sample = truncate_chars(&redact(message), max_chars);
                if !incident.samples.contains(&sample) {
                    incident.samples.push(sample);
                }
            }
        }
        for (incident, invocations) in self.incidents.iter_mut().zip(&self.invocations) {
            for key in invocations {
                if let Some(m) = self.reports.get(key) {
                    incident.figures.absorb(m);
                }
            }
        }
        let mut incidents = self.incidents;
        sort_most_severe_first(&mut incidents);
        incidents
    }

    fn note_memory_evidence(&mut self, key: InvocationKey, function: &str) {
        self.memory_exhausted.insert(key);
        if !self.functions_with_memory_evidence.contains(function) {
            self.functions_with_memory_evidence
                .insert(function.to_string());
        }
    }

    fn shows_memory_exhaustion(&self, function: &str, request_id: Option<&str>) -> bool {
        if self
            .memory_exhausted
            .contains(&invocation_key(function, request_id))
            || self
                .memory_exhausted
                .contains(&invocation_key(function, None))
        {
            return true;
        }
        // Without a request id to match on, evidence anywhere in the same function's batch counts.
        request_id.is_none() && self.functions_with_memory_evidence.contains(function)
    }

    /// Another line of the same invocation already made an incident of this class.
    fn already_reported(
        &self,
        function: &str,
        request_id: Option<&str>,
        class: FailureClass,
    ) -> bool {
        let key = invocation_key(function, request_id);
        let anonymous = invocation_key(function, None);
        self.incidents
            .iter()
            .zip(&self.invocations)
            .any(|(incident, keys)| {
                incident.function == function
                    && incident.class == class
                    && (request_id.is_none() || keys.contains(&key) || keys.contains(&anonymous))
            })
    }
}

/// Most severe first: class priority, then the larger count, then the earlier first sighting.
pub fn sort_most_severe_first(incidents: &mut [IncidentAggregate]) {
    incidents.sort_by(|a, b| {
        a.class
            .cmp(&b.class)
            .then(b.count.cmp(&a.count))
            .then(a.first_seen_ms.cmp(&b.first_seen_ms))
            .then(a.fingerprint.cmp(&b.fingerprint))
    });
}

fn platform_metrics(platform: &Option<PlatformLine>) -> Option<&ReportMetrics> {
    match platform {
        Some(
            PlatformLine::Report(m)
            | PlatformLine::InitReport(m)
            | PlatformLine::Record { metrics: m, .. },
        ) => Some(m),
        _ => None,
    }
}

fn merge_metrics(into: &mut ReportMetrics, m: &ReportMetrics) {
    into.duration_ms = into.duration_ms.or(m.duration_ms);
    into.billed_duration_ms = into.billed_duration_ms.or(m.billed_duration_ms);
    into.memory_size_mb = into.memory_size_mb.or(m.memory_size_mb);
    into.max_memory_used_mb = into.max_memory_used_mb.or(m.max_memory_used_mb);
    into.init_duration_ms = into.init_duration_ms.or(m.init_duration_ms);
    into.status = into.status.clone().or_else(|| m.status.clone());
    into.error_type = into.error_type.clone().or_else(|| m.error_type.clone());
}

/// `Task timed out after 3.07 seconds` → 3.07.
fn timeout_seconds(message: &str) -> Option<f64> {
    let rest = &message[message.find("timed out after ")? + "timed out after ".len()..];
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(rest.len());
    rest[..end].parse().ok()
}

fn truncate_chars(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

/// Aggregate a whole batch at once.
pub fn aggregate<'a>(
    events: impl IntoIterator<Item = (&'a str, &'a LogEvent)>,
) -> (u64, Vec<IncidentAggregate>) {
    let mut aggregator = Aggregator::new(AggregatorConfig::default());
    for (function, event) in events {
        aggregator.add(function, event);
    }
    (aggregator.events(), aggregator.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(function: &str, messages: &[&str]) -> Vec<IncidentAggregate> {
        let events: Vec<LogEvent> = messages
            .iter()
            .enumerate()
            .map(|(i, m)| LogEvent::new(Some(1_000 + i as i64), *m))
            .collect();
        aggregate(events.iter().map(|e| (function, e))).1
    }

    #[test]
    fn a_flood_of_identical_errors_is_one_incident() {
        let lines: Vec<String> = (0..10_000)
            .map(|i| format!("2024-01-01T00:00:00.000Z\t{:08x}-1111-4222-8333-944445555666\tERROR\tpayment {i} failed: connect ECONNREFUSED 10.0.0.{}:5432", i, i % 250))
            .collect();
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        let incidents = run("/aws/lambda/pay", &refs);
        assert_eq!(incidents.len(), 1);
        let i = &incidents[0];
        assert_eq!(i.count, 10_000);
        assert_eq!(i.class, FailureClass::DependencyUnavailable);
        assert_eq!(i.samples.len(), 3);
        assert_eq!(i.request_ids.len(), 10);
        assert_eq!(
            (i.first_seen_ms, i.last_seen_ms),
            (Some(1_000), Some(10_999))
        );
    }

    #[test]
    fn timeout_line_and_its_report_make_one_incident_with_figures() {
        let incidents = run(
            "/aws/lambda/slow",
            &[
                "START RequestId: 160788cd-45ff-4583-809f-c7e31127cb95 Version: $LATEST",
                "END RequestId: 160788cd-45ff-4583-809f-c7e31127cb95",
                "REPORT RequestId: 160788cd-45ff-4583-809f-c7e31127cb95\tDuration: 3071.27 ms\tBilled Duration: 3000 ms\tMemory Size: 128 MB\tMax Memory Used: 21 MB\tStatus: timeout",
                "2020-11-10T05:46:57.874Z 160788cd-45ff-4583-809f-c7e31127cb95 Task timed out after 3.07 seconds",
            ],
        );
        assert_eq!(incidents.len(), 1, "{incidents:#?}");
        let i = &incidents[0];
        assert_eq!(i.class, FailureClass::Timeout);
        assert_eq!(i.figures.max_duration_ms, Some(3071.27));
        assert_eq!(i.figures.memory_size_mb, Some(128));
        assert_eq!(i.figures.timeout_seconds, Some(3.07));
        assert_eq!(i.figures.reports, 1);
        assert_eq!(
            i.figures.describe().as_deref(),
            Some("1 REPORT line, longest 3071 ms, memory 21 of 128 MB")
        );
    }

    #[test]
    fn killed_is_out_of_memory_only_with_memory_evidence() {
        let killed = "RequestId: 0f3a4c1e-1111-4222-8333-944445555666 Error: Runtime exited with error: signal: killed\nRuntime.ExitError";
        let with_evidence = run(
            "/aws/lambda/f",
            &[killed, "REPORT RequestId: 0f3a4c1e-1111-4222-8333-944445555666\tDuration: 900.00 ms\tBilled Duration: 900 ms\tMemory Size: 128 MB\tMax Memory Used: 128 MB"],
        );
        assert_eq!(with_evidence.len(), 1, "{with_evidence:#?}");
        assert_eq!(with_evidence[0].class, FailureClass::OutOfMemory);
        let without = run(
            "/aws/lambda/f",
            &[killed, "REPORT RequestId: 0f3a4c1e-1111-4222-8333-944445555666\tDuration: 900.00 ms\tBilled Duration: 900 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB"],
        );
        assert_eq!(without.len(), 1);
        assert_eq!(without[0].class, FailureClass::RuntimeExit);
    }

    #[test]
    fn incidents_come_most_severe_first() {
        let incidents = run(
            "/aws/lambda/f",
            &[
                "[ERROR]\t2024-01-01T00:00:00.000Z\taaaaaaaa-1111-4222-8333-944445555666\tsomething odd",
                "[ERROR]\t2024-01-01T00:00:00.000Z\tbbbbbbbb-1111-4222-8333-944445555666\tAccessDeniedException: not allowed",
                "2024-01-01T00:00:00.000Z bbbbbbbb-1111-4222-8333-944445555666 Task timed out after 3.00 seconds",
            ],
        );
        let classes: Vec<_> = incidents.iter().map(|i| i.class).collect();
        assert_eq!(
            classes,
            vec![
                FailureClass::Timeout,
                FailureClass::PermissionDenied,
                FailureClass::Error
            ]
        );
    }

    #[test]
    fn templates_are_redacted() {
        let incidents = run("/aws/lambda/f", &["[ERROR]\t2024-01-01T00:00:00.000Z\taaaaaaaa-1111-4222-8333-944445555666\tlogin failed for alice@example.com with password=hunter\tBearer abcdefghijklmnopqrstuv"]);
        let template = &incidents[0].template;
        assert!(
            !template.contains("alice@example.com")
                && !template.contains("hunter")
                && !template.contains("abcdefghijklmnopqrstuv"),
            "{template}"
        );
    }

    #[test]
    fn samples_are_redacted() {
        let incidents = run("/aws/lambda/f", &["[ERROR]\t2024-01-01T00:00:00.000Z\taaaaaaaa-1111-4222-8333-944445555666\tpayment failed for alice@example.com"]);
        assert!(
            !incidents[0].samples[0].contains("alice@example.com"),
            "{:?}",
            incidents[0].samples
        );
    }
}
