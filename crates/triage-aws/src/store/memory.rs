//! **In-memory test double** of the incident store (feature `test-support`; NOT DynamoDB).
//!
//! It implements the same ports as the DynamoDB adapter with the semantics the handlers rely
//! on, so handler tests need no emulator:
//! - one claim per message id: a replayed message is [`RecordOutcome::Duplicate`] and changes
//!   nothing;
//! - the same incident lookup: the fingerprint's incident (following an alias), else the first
//!   aligning incident among the function's newest `max_align_candidates` of the same class,
//!   whose fingerprint is then recorded as an alias; `triage_core::incident::apply_occurrences`
//!   does the fold, as in the adapter;
//! - summaries, summary attempts and status changes bump the version, and an unknown
//!   fingerprint (or an alias) is [`StoreError::NotFound`];
//! - the email budget's counters, never below zero.
//!
//! Incidents go through the adapter's item codec on every write, so what is read back is what
//! DynamoDB would give back. What it does not model: DynamoDB's wire protocol, its errors and
//! throttling, index staleness, TTL expiry and concurrent writers; those are the adapter's
//! emulator tests (`tests/store_moto.rs`).

use super::item::{from_item, to_item};
use super::ports::{
    EmailBudget, GetIncident, ListIncidents, RecordOccurrences, SetStatus, SetSummary,
};
use super::{mail_budget_key, ListBy, ListFilter, RecordOutcome, StoreError};
use std::collections::{HashMap, HashSet};
use std::sync::{Mutex, MutexGuard};
use triage_core::aggregate::IncidentAggregate;
use triage_core::identity::{self, align, OVERFLOW_TEMPLATE};
use triage_core::incident::{apply_occurrences, IncidentRecord, IncidentStatus, SummaryStatus};
use triage_core::summary::Summary;

/// What one key holds (as in the table: an incident or an alias of one).
#[derive(Debug, Clone)]
enum Entry {
    Incident(Box<IncidentRecord>),
    Alias(String),
}

#[derive(Debug, Default)]
struct Tables {
    items: HashMap<String, Entry>,
    /// Message ids already recorded (the adapter's `dedupe#<id>` items).
    claimed: HashSet<String>,
    /// Emails sent per `mail#<function>#<window>` key.
    emails_sent: HashMap<String, u32>,
}

/// The in-memory test double (see the module docs). Every operation runs under one lock, so
/// each is atomic, as the adapter's transactions are.
#[derive(Debug)]
pub struct InMemoryStore {
    tables: Mutex<Tables>,
    retention_days: u32,
    max_align_candidates: usize,
}

impl Default for InMemoryStore {
    fn default() -> Self {
        InMemoryStore::new()
    }
}

impl InMemoryStore {
    /// The adapter's defaults: [`super::DEFAULT_RETENTION_DAYS`] and
    /// `identity::defaults::MAX_ALIGN_CANDIDATES`.
    pub fn new() -> Self {
        InMemoryStore {
            tables: Mutex::default(),
            retention_days: super::DEFAULT_RETENTION_DAYS,
            max_align_candidates: identity::defaults::MAX_ALIGN_CANDIDATES,
        }
    }

    /// As [`super::IncidentStore::with_max_align_candidates`].
    pub fn with_max_align_candidates(mut self, candidates: usize) -> Self {
        self.max_align_candidates = candidates;
        self
    }

    fn tables(&self) -> MutexGuard<'_, Tables> {
        // A panicking test thread cannot leave a half-done operation: each commits by assignment.
        self.tables.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Apply `change` to the incident under `fingerprint` and bump its version.
    fn update(
        &self,
        fingerprint: &str,
        change: impl FnOnce(&mut IncidentRecord),
    ) -> Result<IncidentRecord, StoreError> {
        let mut tables = self.tables();
        let Some(Entry::Incident(record)) = tables.items.get_mut(fingerprint) else {
            return Err(StoreError::NotFound {
                fingerprint: fingerprint.to_string(),
            });
        };
        let mut next = record.as_ref().clone();
        change(&mut next);
        next.version = next.version.saturating_add(1);
        let next = as_stored(next)?;
        **record = next.clone();
        Ok(next)
    }
}

impl Tables {
    fn incident(&self, key: &str) -> Option<&IncidentRecord> {
        match self.items.get(key)? {
            Entry::Incident(record) => Some(record),
            Entry::Alias(_) => None,
        }
        .map(Box::as_ref)
    }

    /// The incident `key` names, following one alias.
    fn resolve(&self, key: &str) -> Option<&IncidentRecord> {
        match self.items.get(key)? {
            Entry::Incident(record) => Some(record.as_ref()),
            Entry::Alias(of) => self.incident(of),
        }
    }

    /// Incidents newest `last_seen_ms` first, as the indexes return them.
    fn newest_first(&self, by: &ListBy) -> Vec<&IncidentRecord> {
        let mut records: Vec<&IncidentRecord> = self
            .items
            .values()
            .filter_map(|entry| match entry {
                Entry::Incident(record) => Some(record.as_ref()),
                Entry::Alias(_) => None,
            })
            .filter(|record| match by {
                ListBy::Status(status) => record.status == *status,
                ListBy::Function(function) => record.function == *function,
            })
            .collect();
        records.sort_by_key(|r| std::cmp::Reverse(r.last_seen_ms));
        records
    }
}

/// Through the adapter's codec, so a value DynamoDB would not keep (a NaN figure) is not kept.
fn as_stored(record: IncidentRecord) -> Result<IncidentRecord, StoreError> {
    Ok(from_item(&to_item(&record))?)
}

impl RecordOccurrences for InMemoryStore {
    async fn record_occurrences(
        &self,
        message_id: &str,
        update: &IncidentAggregate,
    ) -> Result<RecordOutcome, StoreError> {
        let now = crate::emf::now_ms();
        let mut tables = self.tables();
        if tables.claimed.contains(message_id) {
            return Ok(RecordOutcome::Duplicate);
        }
        let mut existing = tables.resolve(&update.fingerprint).cloned();
        if existing.is_none()
            && update.template != OVERFLOW_TEMPLATE
            && self.max_align_candidates > 0
        {
            // One "page" of the function's newest incidents, then the class (as the adapter's
            // Query: `Limit` applies before the client-side class filter).
            existing = tables
                .newest_first(&ListBy::Function(update.function.clone()))
                .into_iter()
                .take(self.max_align_candidates)
                .filter(|c| c.class == update.class)
                .find(|c| {
                    c.overflow_templates == 0 && align(&c.template, &update.template).is_some()
                })
                .cloned();
        }
        let mut routed = std::borrow::Cow::Borrowed(update);
        if let Some(record) = existing
            .as_ref()
            .filter(|r| r.fingerprint != update.fingerprint)
        {
            routed.to_mut().fingerprint = record.fingerprint.clone();
        }
        let next = as_stored(apply_occurrences(
            existing.as_ref(),
            &routed,
            now,
            self.retention_days,
        ))?;
        if next.fingerprint != update.fingerprint {
            tables.items.insert(
                update.fingerprint.clone(),
                Entry::Alias(next.fingerprint.clone()),
            );
        }
        tables.items.insert(
            next.fingerprint.clone(),
            Entry::Incident(Box::new(next.clone())),
        );
        tables.claimed.insert(message_id.to_string());
        Ok(RecordOutcome::of(existing.as_ref(), next))
    }
}

impl GetIncident for InMemoryStore {
    async fn get(&self, fingerprint: &str) -> Result<Option<IncidentRecord>, StoreError> {
        Ok(self.tables().resolve(fingerprint).cloned())
    }
}

impl ListIncidents for InMemoryStore {
    async fn list(&self, filter: &ListFilter) -> Result<Vec<IncidentRecord>, StoreError> {
        let tables = self.tables();
        Ok(tables
            .newest_first(&filter.by)
            .into_iter()
            .filter(|r| filter.since_ms.is_none_or(|since| r.last_seen_ms >= since))
            .filter(|r| filter.until_ms.is_none_or(|until| r.last_seen_ms <= until))
            .filter(|r| filter.class.is_none_or(|class| class == r.class))
            .take(filter.limit.unwrap_or(usize::MAX))
            .cloned()
            .collect())
    }
}

impl SetSummary for InMemoryStore {
    async fn set_summary(
        &self,
        fingerprint: &str,
        summary: &Summary,
        summary_status: SummaryStatus,
    ) -> Result<IncidentRecord, StoreError> {
        self.update(fingerprint, |record| {
            record.summary = Some(summary.clone());
            record.summary_status = summary_status;
        })
    }

    async fn note_summary_attempt(&self, fingerprint: &str) -> Result<IncidentRecord, StoreError> {
        self.update(fingerprint, |record| {
            record.summary_attempts = record.summary_attempts.saturating_add(1);
        })
    }
}

impl SetStatus for InMemoryStore {
    async fn set_status(
        &self,
        fingerprint: &str,
        status: IncidentStatus,
    ) -> Result<IncidentRecord, StoreError> {
        self.update(fingerprint, |record| record.status = status)
    }
}

impl EmailBudget for InMemoryStore {
    async fn claim_within(
        &self,
        function: &str,
        window_start_ms: i64,
        _window_seconds: u32,
        max: u32,
    ) -> Result<bool, StoreError> {
        let mut tables = self.tables();
        let sent = tables
            .emails_sent
            .entry(mail_budget_key(function, window_start_ms))
            .or_default();
        if *sent >= max {
            return Ok(false);
        }
        *sent += 1;
        Ok(true)
    }

    async fn release_email(&self, function: &str, window_start_ms: i64) -> Result<(), StoreError> {
        if let Some(sent) = self
            .tables()
            .emails_sent
            .get_mut(&mail_budget_key(function, window_start_ms))
        {
            *sent = sent.saturating_sub(1);
        }
        Ok(())
    }
}
