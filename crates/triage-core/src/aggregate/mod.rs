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
use crate::identity::{align, OVERFLOW_TEMPLATE};
use crate::model::{FailureClass, LogEvent, ReportMetrics, Severity};
use crate::parse::{parse_message, ParsedMessage, PlatformLine};
use crate::redact::redact;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

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
    /// Distinct incidents one function may raise in one batch; further distinct templates join
    /// that function's overflow incident (see [`crate::identity::OVERFLOW_TEMPLATE`]).
    pub max_incidents_per_function: usize,
}

impl Default for AggregatorConfig {
    fn default() -> Self {
        AggregatorConfig {
            max_samples: 3,
            max_request_ids: 10,
            max_sample_chars: 2048,
            // No ceiling by default: `logtriage analyze` shows every distinct cause. The
            // pipeline's ceiling (emails!) is the processor's, from its configuration.
            max_incidents_per_function: usize::MAX,
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
    /// Why the incident has its class: the deciding signal and the (redacted) text it matched.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Evidence>,
    /// For a function's overflow incident: how many distinct templates went over the
    /// per-function limit and were folded into it. Zero for every other incident.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub overflow_templates: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// The signal that decided an incident's class and the redacted span of text it matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// A vocabulary or structural rule of `classify` (`sdk_throttling_code`, `errno`,
    /// `lambda_error_type`, `platform_report`, `error_level`, ...).
    pub signal: String,
    /// The matched text, redacted and cut to [`MAX_EVIDENCE_CHARS`].
    pub span: String,
}

/// Evidence spans longer than this are cut: the signal's own words come first.
pub const MAX_EVIDENCE_CHARS: usize = 200;

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
        self.reports = self.reports.saturating_add(1);
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
        self.reports = self.reports.saturating_add(other.reports);
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
    /// An exit line that came while the function's failed init was pending.
    during_failed_init: bool,
    function: String,
    request_id: Option<String>,
    timestamp_ms: Option<i64>,
    classification: Classification,
    template: Arc<str>,
    message: String,
    evidence_span: String,
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
    /// Shared with the batch's template cache: most events reuse a cached template, and a
    /// copy is made only for a new incident.
    template: Arc<str>,
    message: &'a str,
    /// Signal name and raw (not yet redacted) evidence span.
    evidence: (&'static str, &'a str),
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
            evidence: (self.classification.signal, &self.evidence_span),
        }
    }
}

/// The text a classification's evidence refers to: its span, or the message's first line when
/// the signal was the whole line (a level, a platform record).
fn evidence_span<'a>(c: &Classification, text: &'a str) -> &'a str {
    let span = c
        .evidence
        .and_then(|(s, e)| text.get(s..e))
        .unwrap_or_else(|| text.trim_start().lines().next().unwrap_or(""));
    span.trim()
}

/// The key is never stored (unlike the FNV ids of `hash.rs`), so it is built eight bytes at a
/// time: every REPORT line and every failing event computes one. Each field is prefixed with its
/// length (no two (function, request id) pairs feed the same words), and the final avalanche
/// (splitmix64's) spreads every input bit over the bits the hash map uses.
fn invocation_key(function: &str, request_id: Option<&str>) -> InvocationKey {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut h = 0u64;
    let mut mix = |word: u64| h = (h.rotate_left(5) ^ word).wrapping_mul(K);
    let mut field = |bytes: &[u8]| {
        mix(bytes.len() as u64);
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            mix(u64::from_le_bytes(chunk.try_into().expect("eight bytes")));
        }
        let mut tail = [0u8; 8];
        tail[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
        mix(u64::from_le_bytes(tail));
    };
    field(function.as_bytes());
    match request_id {
        Some(id) => field(id.as_bytes()),
        None => mix(u64::MAX),
    }
    h ^= h >> 30;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^= h >> 27;
    h = h.wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ h >> 31
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
    /// Functions whose init phase Lambda last reported failed by an exit (`INIT_REPORT …
    /// Runtime.ExitError`), until their next `INIT_START` or REPORT: an exit in between is that
    /// init's.
    init_exit_pending: HashSet<String>,
    deferred: Vec<Deferred>,
    /// Per function: the indexes of its incidents (for alignment and the per-function limit),
    /// and its overflow incident once it has one.
    by_function: HashMap<String, FunctionIncidents>,
    /// Templates already built in this batch, by [`template_key`]: building one redacts its
    /// source line first, the costliest step of a failing event, and a flood repeats the same
    /// line with other numbers.
    templates: PrehashedMap<Arc<str>>,
}

/// Bounds the template cache of one batch (a batch of wholly distinct lines just misses).
const MAX_CACHED_TEMPLATES: usize = 4_096;

/// What a template is computed from, with standalone digit runs collapsed: two events whose
/// bodies differ only in such numbers get the same template (the engine masks those runs, and
/// redaction treats a digit-only difference alike: such tokens are masked whole), so the
/// second reuses the first's. Digits glued to a letter (`Http2Exception`, `S3`) are kept:
/// they can be part of a cause-bearing name.
fn template_key(parsed: &ParsedMessage<'_>, c: &Classification) -> u64 {
    use std::hash::Hasher;
    let mut h = crate::hash::Fnv1a::default();
    h.field(c.class.as_str().as_bytes());
    h.field(c.signal.as_bytes());
    h.field(parsed.error_type.unwrap_or("").as_bytes());
    h.write_u8(u8::from(c.from_platform));
    let mut previous = 0u8;
    let mut in_run = false;
    for &b in parsed.body.as_bytes() {
        if b.is_ascii_digit() && (in_run || !previous.is_ascii_alphabetic()) {
            if !in_run {
                h.write_u8(b'0');
                in_run = true;
            }
        } else {
            in_run = false;
            h.write_u8(b);
        }
        previous = b;
    }
    // Which line holds the evidence (the template is built from that line).
    let line = c.evidence.map_or(usize::MAX, |(start, _)| {
        parsed.body.as_bytes()[..start.min(parsed.body.len())]
            .iter()
            .filter(|&&b| b == b'\n' || b == b'\r')
            .count()
    });
    h.write_usize(line);
    h.finish()
}

#[derive(Debug, Default)]
struct FunctionIncidents {
    incidents: Vec<usize>,
    overflow: Option<usize>,
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
        // A new init, or the end of the invocation that came after a failed one: an exit from
        // here on is not that init's.
        if matches!(
            parsed.platform,
            Some(PlatformLine::Report(_) | PlatformLine::InitStart)
        ) {
            self.init_exit_pending.remove(function);
        }
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
        if classification.signal == crate::classify::INIT_EXIT
            && !self.init_exit_pending.contains(function)
        {
            self.init_exit_pending.insert(function.to_string());
        }
        let key = template_key(&parsed, &classification);
        let template = match self.templates.get(&key) {
            Some(t) => t.clone(),
            None => {
                let t: Arc<str> = template_for(&parsed, parsed.body, &classification).into();
                if self.templates.len() < MAX_CACHED_TEMPLATES {
                    self.templates.insert(key, t.clone());
                }
                t
            }
        };
        let timestamp_ms = timestamp_ms.or(parsed.timestamp_ms);
        if classification.memory_evidence || classification.class == FailureClass::OutOfMemory {
            self.note_memory_evidence(invocation_key(function, parsed.request_id), function);
        }
        // Exits wait for the batch: an exit that follows a shown cause belongs to that cause.
        if classification.from_platform
            || classification.killed_signal
            || classification.class == FailureClass::RuntimeExit
        {
            self.deferred.push(Deferred {
                during_failed_init: !classification.from_platform
                    && classification.class == FailureClass::RuntimeExit
                    && self.init_exit_pending.contains(function),
                function: function.to_string(),
                request_id: parsed.request_id.map(str::to_string),
                timestamp_ms,
                evidence_span: evidence_span(&classification, parsed.body).to_string(),
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
                evidence: (
                    classification.signal,
                    evidence_span(&classification, parsed.body),
                ),
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
                let index = self.place(&o);
                self.by_fingerprint.insert(key, index);
                index
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

    /// Where a template this batch has not seen yet goes: an incident of the same function and
    /// class whose template aligns with it (that template generalises), a new incident, or,
    /// past the per-function limit, the function's overflow incident.
    fn place(&mut self, o: &Occurrence<'_>) -> usize {
        let entry = self.by_function.entry(o.function.to_string()).or_default();
        for &i in &entry.incidents {
            let incident = &mut self.incidents[i];
            if incident.class == o.class {
                if let Some(general) = align(&incident.template, &o.template) {
                    incident.template = general;
                    return i;
                }
            }
        }
        if entry.incidents.len() < self.config.max_incidents_per_function {
            let index = self.incidents.len();
            entry.incidents.push(index);
            let evidence = Evidence {
                signal: o.evidence.0.to_string(),
                span: truncate_chars(o.evidence.1, MAX_EVIDENCE_CHARS * 2),
            };
            self.push_incident(o.class, o.function, o.template.to_string(), Some(evidence));
            return index;
        }
        let index = match entry.overflow {
            Some(i) => i,
            None => {
                let i = self.incidents.len();
                entry.overflow = Some(i);
                let evidence = Evidence {
                    signal: "incident_limit".to_string(),
                    span: String::new(),
                };
                self.push_incident(
                    FailureClass::Error,
                    o.function,
                    OVERFLOW_TEMPLATE.to_string(),
                    Some(evidence),
                );
                i
            }
        };
        let overflow = &mut self.incidents[index];
        overflow.overflow_templates += 1;
        // The most severe cause folded in sets the overflow incident's severity.
        overflow.severity = overflow.severity.max(o.class.severity());
        index
    }

    fn push_incident(
        &mut self,
        class: FailureClass,
        function: &str,
        template: String,
        evidence: Option<Evidence>,
    ) {
        self.incidents.push(IncidentAggregate {
            fingerprint: fingerprint(class, function, &template),
            function: function.to_string(),
            class,
            severity: class.severity(),
            template,
            count: 0,
            first_seen_ms: None,
            last_seen_ms: None,
            samples: Vec::new(),
            request_ids: Vec::new(),
            figures: InvocationFigures::default(),
            // Raw until `finish` redacts it, like the samples.
            evidence,
            overflow_templates: 0,
        });
        self.invocations.push(PrehashedSet::default());
        self.raw_samples.push(Vec::new());
    }

    /// Settle the batch-wide rules and return the incidents, most severe first.
    pub fn finish(mut self) -> Vec<IncidentAggregate> {
        let deferred = std::mem::take(&mut self.deferred);
        let (platform, killed): (Vec<_>, Vec<_>) = deferred
            .into_iter()
            .partition(|d| d.classification.from_platform);
        // Functions whose failed init ended in a crash the batch shows (below).
        let mut crashed_in_init: HashSet<String> = HashSet::new();
        for mut d in killed {
            let (function, request_id) = (&d.function, d.request_id.as_deref());
            let exit_after_cause = d.classification.class == FailureClass::RuntimeExit
                && self.shows_exit_cause(function, request_id);
            // The emulator's `Init failed error=<exit>` is its INIT_REPORT with `Status: error`:
            // the init phase failed, a platform outcome. As with that report, a cause the batch
            // shows (an exception, a panic) or an exit status (the init code giving up) leaves
            // the failed init the incident; a crash with no cause shown is the exit's own.
            if d.classification.class == FailureClass::RuntimeExit
                && emulator_init_failure(&d.message)
                && (exit_after_cause
                    || exited_with_status(&d.message)
                    || restates_failure(&d.message))
                && !self.shows_memory_exhaustion(function, request_id)
            {
                d.classification.class = FailureClass::InitError;
                d.classification.signal = crate::classify::EMULATOR_INIT_FAILURE;
                d.evidence_span = "Init failed".to_string();
                self.record(d.occurrence());
                continue;
            }
            if exit_after_cause && !d.classification.killed_signal {
                continue;
            }
            // A runtime that was killed, or died with no cause shown, while the same invocation's
            // memory was at its limit ran out of memory (DESIGN.md: "Max Memory Used = Memory
            // Size with a killed runtime"; the older runtimes' `Process exited before completing
            // request` beside such a REPORT is the same): one out_of_memory incident, not an
            // exit beside it.
            if (d.classification.killed_signal
                || d.classification.class == FailureClass::RuntimeExit)
                && self.shows_memory_exhaustion(function, request_id)
            {
                d.classification.class = FailureClass::OutOfMemory;
            }
            if d.classification.class == FailureClass::RuntimeExit && exit_after_cause {
                continue;
            }
            // The init code gave up and exited with a status (`exit status 1`) while Lambda
            // reported the init phase failed: the function could not initialise, and the exit
            // is how. A signal (`segmentation fault`) or an exit with no reason is a crash, the
            // exit's own class, which the init report then yields to (below).
            if d.during_failed_init && d.classification.class == FailureClass::RuntimeExit {
                if exited_with_status(&d.message) || restates_failure(&d.message) {
                    continue;
                }
                crashed_in_init.insert(d.function.clone());
            }
            self.record(d.occurrence());
        }
        // Memory at its limit is read last: it needs the invocation's exit, if any, recorded.
        let (figures, mut platform): (Vec<_>, Vec<_>) = platform
            .into_iter()
            .partition(|d| d.classification.signal == crate::classify::MEMORY_FIGURES);
        platform.extend(figures);
        for d in platform {
            if self.already_reported(&d.function, d.request_id.as_deref(), d.classification.class) {
                continue;
            }
            // A platform exit, or memory at its limit with no kill reported, after a shown cause.
            let (function, request_id) = (&d.function, d.request_id.as_deref());
            let consequence = if d.classification.class == FailureClass::RuntimeExit {
                self.shows_exit_cause(function, request_id)
            } else {
                d.classification.signal == crate::classify::MEMORY_FIGURES
                    && self.shows_cause(function, request_id)
            };
            if consequence {
                continue;
            }
            // An init phase that failed by a crash the batch shows (above): one incident, the
            // exit.
            if d.classification.signal == crate::classify::INIT_EXIT
                && crashed_in_init.contains(&d.function)
            {
                continue;
            }
            // Memory at its limit is out-of-memory only beside a runtime that died in the same
            // invocation (DESIGN.md: "Max Memory Used = Memory Size with a killed runtime"). A
            // function can fill its memory and succeed (a JVM heap, a cache), or fail for
            // another reason, and `sam local` reports Max Memory Used = Memory Size for every
            // invocation.
            if d.classification.signal == crate::classify::MEMORY_FIGURES
                && !self.shows_runtime_death(&d.function, d.request_id.as_deref())
            {
                continue;
            }
            self.record(d.occurrence());
        }
        let max_chars = self.config.max_sample_chars;
        // A batch's incidents mostly share one function: its name is redacted once.
        let mut redacted_functions: HashMap<String, String> = HashMap::new();
        for incident in &mut self.incidents {
            // Templates were built from redacted text; once more over the finished template
            // costs little per incident and catches what only the joined text shows.
            if let std::borrow::Cow::Owned(redacted) = redact(&incident.template) {
                incident.template = redacted;
            }
            // The log group is named by the account, yet it reaches the same places.
            match redacted_functions.get(&incident.function) {
                Some(redacted) => incident.function.clone_from(redacted),
                None => {
                    let redacted = redact(&incident.function).into_owned();
                    redacted_functions.insert(
                        std::mem::replace(&mut incident.function, redacted.clone()),
                        redacted,
                    );
                }
            }
            if let Some(evidence) = &mut incident.evidence {
                evidence.span = truncate_chars(&redact(&evidence.span), MAX_EVIDENCE_CHARS);
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

    /// Another line of the same invocation shows why it failed (an exception, a panic, a refused
    /// connection, ...): any class but an exit or a plain error.
    fn shows_cause(&self, function: &str, request_id: Option<&str>) -> bool {
        self.incidents_of_invocation(function, request_id)
            .any(|incident| {
                !matches!(incident.class, FailureClass::RuntimeExit | FailureClass::Error)
                    // A bare stack dump shows where, not why: a segfault prints one too.
                    && incident
                        .evidence
                        .as_ref()
                        .is_none_or(|e| e.signal != crate::classify::STACK_DUMP)
            })
    }

    /// What a process exit is the consequence of: a cause in the same invocation, or an
    /// exception that escaped a handler anywhere in the function's batch. A callback keeps the
    /// id of the invocation that scheduled it (Node's runtime stamps each line with the id
    /// current when the callback was created), so the exception that ends the process can
    /// carry an earlier invocation's id; another invocation's handled failure (a throttled
    /// call, a refused connection it logged) ended no process.
    fn shows_exit_cause(&self, function: &str, request_id: Option<&str>) -> bool {
        self.shows_cause(function, request_id)
            || self.incidents.iter().any(|incident| {
                incident.function == function
                    && incident.class == FailureClass::UnhandledException
                    && incident
                        .evidence
                        .as_ref()
                        .is_none_or(|e| e.signal != crate::classify::STACK_DUMP)
            })
    }

    /// The same invocation's runtime died (an exit, a kill, the platform's out-of-memory).
    fn shows_runtime_death(&self, function: &str, request_id: Option<&str>) -> bool {
        self.incidents_of_invocation(function, request_id)
            .any(|incident| {
                matches!(
                    incident.class,
                    FailureClass::RuntimeExit | FailureClass::OutOfMemory
                )
            })
    }

    /// Another line of the same invocation already made an incident of this class.
    fn already_reported(
        &self,
        function: &str,
        request_id: Option<&str>,
        class: FailureClass,
    ) -> bool {
        self.incidents_of_invocation(function, request_id)
            .any(|incident| incident.class == class)
    }

    /// The incidents of `function` that an invocation took part in (without a request id, all
    /// of the function's incidents; an incident seen without one counts for every invocation).
    fn incidents_of_invocation<'s>(
        &'s self,
        function: &'s str,
        request_id: Option<&str>,
    ) -> impl Iterator<Item = &'s IncidentAggregate> + 's {
        let key = invocation_key(function, request_id);
        let anonymous = invocation_key(function, None);
        let any_invocation = request_id.is_none();
        self.incidents
            .iter()
            .zip(&self.invocations)
            .filter(move |(incident, keys)| {
                incident.function == function
                    && (any_invocation || keys.contains(&key) || keys.contains(&anonymous))
            })
            .map(|(incident, _)| incident)
    }
}

/// The runtime interface emulator's (rapid's) record that the init phase failed, in its two
/// text layouts: `02 Jan 2006 15:04:05,000 [ERROR] (rapid) Init failed error=…` and logrus's
/// `level=error msg="Init failed" … error="…"`.
fn emulator_init_failure(message: &str) -> bool {
    message.contains("(rapid) Init failed ") || message.contains("msg=\"Init failed\"")
}

/// Lambda's `Runtime exited with error: exit status <N>`: the process ended itself with a
/// status, as opposed to a signal (`signal: segmentation fault`) or no reason at all.
fn exited_with_status(message: &str) -> bool {
    message.contains("exited with error: exit status ")
}

/// Lambda's `Unknown application error occurred` (then the error type, `Runtime.ExitError` or
/// `Runtime.Unknown`) restates a failure the platform already reported; unlike a signal or
/// `exited without providing a reason`, it says nothing of how the runtime died.
fn restates_failure(message: &str) -> bool {
    message
        .trim_start()
        .starts_with("Unknown application error occurred")
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
mod tests;
