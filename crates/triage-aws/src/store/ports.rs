//! The store's capabilities as small traits (ports), one per job a caller needs, in the style of
//! aws-samples/serverless-rust-demo's store traits: the incident-writer needs only
//! [`RecordOccurrences`], the llm-summarizer [`SummarizerStore`]. The DynamoDB adapter
//! ([`IncidentStore`]) implements them all; so does the in-memory test double
//! (`store::memory::InMemoryStore`, feature `test-support`).
//!
//! The futures are `Send` (Lambda's runtime polls them on tokio's multi-threaded scheduler),
//! written as `impl Future` in the traits: no `async-trait` dependency, and generic callers.

use super::{IncidentStore, ListFilter, RecordOutcome, StoreError};
use std::future::Future;
use triage_core::aggregate::IncidentAggregate;
use triage_core::incident::{IncidentRecord, IncidentStatus, SummaryStatus};
use triage_core::summary::Summary;

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
    /// `window_start_ms` was claimed, `false` when the budget is spent (always for `max == 0`).
    fn claim_email(
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
