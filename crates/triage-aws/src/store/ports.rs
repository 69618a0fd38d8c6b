//! The store's capabilities as small traits (ports), one per job a caller needs, in the style of
//! aws-samples/serverless-rust-demo's store traits: the incident-writer needs only
//! [`RecordOccurrences`], the llm-summarizer [`SummarizerStore`]. The DynamoDB adapter
//! ([`IncidentStore`]) implements them all; so does the in-memory test double
//! (`store::memory::InMemoryStore`, feature `test-support`).
//!
//! The types the ports speak in (`RecordOutcome`, `ListFilter`) live here too.
//!
//! The futures are `Send` (Lambda's runtime polls them on tokio's multi-threaded scheduler),
//! written as `impl Future` in the traits: no `async-trait` dependency, and generic callers.

use super::{IncidentStore, StoreError};
use std::future::Future;
use triage_core::aggregate::IncidentAggregate;
use triage_core::incident::{IncidentRecord, IncidentStatus, SummaryStatus};
use triage_core::model::FailureClass;
use triage_core::summary::Summary;

/// What one `record_occurrences` call did.
#[derive(Debug, Clone, PartialEq)]
pub enum RecordOutcome {
    Created(Box<IncidentRecord>),
    Updated(Box<IncidentRecord>),
    /// A resolved incident came back: the caller should summarise it again.
    Reopened(Box<IncidentRecord>),
    /// The message id was already recorded; nothing changed.
    Duplicate,
}

impl RecordOutcome {
    pub fn as_str(&self) -> &'static str {
        match self {
            RecordOutcome::Created(_) => "created",
            RecordOutcome::Updated(_) => "updated",
            RecordOutcome::Reopened(_) => "reopened",
            RecordOutcome::Duplicate => "duplicate",
        }
    }

    /// What writing `record` over `existing` (the incident as read before the write) did.
    pub(super) fn of(existing: Option<&IncidentRecord>, record: IncidentRecord) -> Self {
        let record = Box::new(record);
        match existing {
            None => RecordOutcome::Created(record),
            Some(old)
                if old.status == IncidentStatus::Resolved
                    && record.status == IncidentStatus::Open =>
            {
                RecordOutcome::Reopened(record)
            }
            Some(_) => RecordOutcome::Updated(record),
        }
    }

    pub fn record(&self) -> Option<&IncidentRecord> {
        match self {
            RecordOutcome::Created(r) | RecordOutcome::Updated(r) | RecordOutcome::Reopened(r) => {
                Some(r)
            }
            RecordOutcome::Duplicate => None,
        }
    }
}

/// Which index a listing reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListBy {
    Status(IncidentStatus),
    Function(String),
}

/// A listing: newest `last_seen_ms` first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListFilter {
    pub by: ListBy,
    /// Applied client-side (not part of either index key).
    pub class: Option<FailureClass>,
    /// Inclusive bounds on `last_seen_ms`; part of the key condition, so they cut reads too.
    pub since_ms: Option<i64>,
    pub until_ms: Option<i64>,
    pub limit: Option<usize>,
}

impl ListFilter {
    pub fn open() -> Self {
        ListFilter::status(IncidentStatus::Open)
    }

    pub fn status(status: IncidentStatus) -> Self {
        ListFilter::new(ListBy::Status(status))
    }

    pub fn function(function: impl Into<String>) -> Self {
        ListFilter::new(ListBy::Function(function.into()))
    }

    fn new(by: ListBy) -> Self {
        ListFilter {
            by,
            class: None,
            since_ms: None,
            until_ms: None,
            limit: None,
        }
    }

    pub fn class(mut self, class: FailureClass) -> Self {
        self.class = Some(class);
        self
    }

    pub fn since_ms(mut self, ms: i64) -> Self {
        self.since_ms = Some(ms);
        self
    }

    pub fn until_ms(mut self, ms: i64) -> Self {
        self.until_ms = Some(ms);
        self
    }

    pub fn limit(mut self, limit: usize) -> Self {
        self.limit = Some(limit);
        self
    }
}

/// Fold one queue message's aggregate into its incident, at most once per message id: a replay
/// is [`RecordOutcome::Duplicate`] and changes nothing. The incident is the one keyed by the
/// aggregate's fingerprint (following an alias), else the newest aligning incident of the same
/// function and class (whose fingerprint then becomes an alias of it), else a new one.
pub trait RecordOccurrences: Send + Sync {
    fn record_occurrences(
        &self,
        message_id: &str,
        update: &IncidentAggregate,
    ) -> impl Future<Output = Result<RecordOutcome, StoreError>> + Send;
}

/// One incident by fingerprint, current (a fingerprint that joined another incident gives that
/// incident).
pub trait GetIncident: Send + Sync {
    fn get(
        &self,
        fingerprint: &str,
    ) -> impl Future<Output = Result<Option<IncidentRecord>, StoreError>> + Send;
}

/// Incidents newest `last_seen_ms` first, by status or by function.
pub trait ListIncidents: Send + Sync {
    fn list(
        &self,
        filter: &ListFilter,
    ) -> impl Future<Output = Result<Vec<IncidentRecord>, StoreError>> + Send;
}

/// A summary's progress: its retryable model failures and the summary itself. Both bump the
/// incident's version; an unknown fingerprint is [`StoreError::NotFound`].
pub trait SetSummary: Send + Sync {
    fn set_summary(
        &self,
        fingerprint: &str,
        summary: &Summary,
        summary_status: SummaryStatus,
    ) -> impl Future<Output = Result<IncidentRecord, StoreError>> + Send;

    /// Count one retryable model failure; returns the incident as stored.
    fn note_summary_attempt(
        &self,
        fingerprint: &str,
    ) -> impl Future<Output = Result<IncidentRecord, StoreError>> + Send;
}

/// Acknowledge / resolve / reopen by hand (bumps the version; unknown is
/// [`StoreError::NotFound`]).
pub trait SetStatus: Send + Sync {
    fn set_status(
        &self,
        fingerprint: &str,
        status: IncidentStatus,
    ) -> impl Future<Output = Result<IncidentRecord, StoreError>> + Send;
}

/// The per-function, per-window budget of emails of their own.
pub trait EmailBudget: Send + Sync {
    /// `true` when one of `function`'s `max` emails in the window starting at
    /// `window_start_ms` was claimed, `false` when the budget is spent (always for `max == 0`,
    /// which asks the store nothing).
    fn claim_email(
        &self,
        function: &str,
        window_start_ms: i64,
        window_seconds: u32,
        max: u32,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send {
        async move {
            if max == 0 {
                return Ok(false);
            }
            self.claim_within(function, window_start_ms, window_seconds, max)
                .await
        }
    }

    /// [`EmailBudget::claim_email`] for a budget of at least one email: what an implementation
    /// provides; callers use `claim_email`.
    fn claim_within(
        &self,
        function: &str,
        window_start_ms: i64,
        window_seconds: u32,
        max: u32,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;

    /// Give back a claimed email that was not sent; never below zero.
    fn release_email(
        &self,
        function: &str,
        window_start_ms: i64,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
}

/// What the llm-summarizer uses: read the current incident, claim its email, store its summary.
pub trait SummarizerStore: GetIncident + SetSummary + EmailBudget {}

impl<T: GetIncident + SetSummary + EmailBudget> SummarizerStore for T {}

// The DynamoDB adapter: these ports are its inherent operations of the same name (kept
// inherent, so the CLI and tests holding an `IncidentStore` need no trait import); it
// implements `SetSummary` and `EmailBudget` in store/mod.rs, their only home.

impl RecordOccurrences for IncidentStore {
    async fn record_occurrences(
        &self,
        message_id: &str,
        update: &IncidentAggregate,
    ) -> Result<RecordOutcome, StoreError> {
        IncidentStore::record_occurrences(self, message_id, update).await
    }
}

impl GetIncident for IncidentStore {
    async fn get(&self, fingerprint: &str) -> Result<Option<IncidentRecord>, StoreError> {
        IncidentStore::get(self, fingerprint).await
    }
}

impl ListIncidents for IncidentStore {
    async fn list(&self, filter: &ListFilter) -> Result<Vec<IncidentRecord>, StoreError> {
        IncidentStore::list(self, filter).await
    }
}

impl SetStatus for IncidentStore {
    async fn set_status(
        &self,
        fingerprint: &str,
        status: IncidentStatus,
    ) -> Result<IncidentRecord, StoreError> {
        IncidentStore::set_status(self, fingerprint, status).await
    }
}
