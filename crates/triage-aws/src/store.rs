//! The DynamoDB incident store: one item per incident fingerprint, written idempotently per queue
//! message id.
//!
//! Every occurrence write is a read (consistent) followed by ONE `TransactWriteItems` that both
//! claims the message id (a `dedupe#<message id>` item) and replaces the incident conditioned on
//! the version that was read. The claim and the incident change commit together or not at all,
//! so a replayed message is a no-op and a failed write leaves nothing half-done.

use aws_sdk_dynamodb::client::Waiters;
use aws_sdk_dynamodb::config::http::HttpResponse;
use aws_sdk_dynamodb::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError;
use aws_sdk_dynamodb::types::{
    AttributeDefinition, AttributeValue, BillingMode, GlobalSecondaryIndex, KeySchemaElement,
    KeyType, Projection, ProjectionType, Put, ReturnValue, ScalarAttributeType,
    StreamSpecification, StreamViewType, TimeToLiveSpecification, TransactWriteItem,
};
use aws_sdk_dynamodb::Client;
use std::collections::HashMap;
use std::fmt::Display;
use std::str::FromStr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use triage_core::aggregate::{Evidence, IncidentAggregate, InvocationFigures};
use triage_core::identity::{self, align, OVERFLOW_TEMPLATE};
use triage_core::incident::{apply_occurrences, IncidentRecord, IncidentStatus, SummaryStatus};
use triage_core::model::{FailureClass, Severity};
use triage_core::summary::{Summary, SummarySource};

/// GSI serving "open incidents, newest first" (PK `status`, SK `last_seen_ms`).
pub const STATUS_INDEX: &str = "status-last_seen";
/// GSI serving "the incidents of one function" (PK `function`, SK `last_seen_ms`).
pub const FUNCTION_INDEX: &str = "function-last_seen";
/// Prefix of the per-message dedupe items that share the table with incidents. They carry no
/// `status`/`function`, so they never appear in either (sparse) index.
pub const DEDUPE_PREFIX: &str = "dedupe#";
/// Prefix of the per-function, per-window email counters (see [`IncidentStore::claim_email`]).
pub const MAIL_BUDGET_PREFIX: &str = "mail#";

pub const DEFAULT_RETENTION_DAYS: u32 = 30;
/// Longer than SQS's maximum retention (14 days), so any redelivery still finds its claim.
pub const DEFAULT_DEDUPE_DAYS: u32 = 15;
/// Version conflicts mean another writer got in between our read and write; re-reading is
/// cheap, but an unbounded loop under heavy contention is not.
pub const MAX_VERSION_RETRIES: u32 = 10;
/// Backoff between version-conflict retries: "full jitter" (a random delay up to
/// `min(cap, base * 2^attempt)`, as in the AWS Architecture Blog's "Exponential Backoff And
/// Jitter"), so writers that collided on a hot incident spread out instead of colliding again.
pub const CONFLICT_BACKOFF_BASE: Duration = Duration::from_millis(20);
pub const CONFLICT_BACKOFF_CAP: Duration = Duration::from_millis(1_000);

/// The delay before retry `attempt` (0-based) after a version conflict; `random` in [0, 1).
pub fn conflict_backoff(attempt: u32, random: f64) -> Duration {
    let ceiling = CONFLICT_BACKOFF_BASE
        .saturating_mul(1u32 << attempt.min(16))
        .min(CONFLICT_BACKOFF_CAP);
    ceiling.mul_f64(random.clamp(0.0, 1.0))
}

/// A number in [0, 1) that differs between calls and processes (std's per-process random hash
/// keys plus the clock): enough to de-synchronise writers, and no extra dependency.
fn jitter() -> f64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}

mod attr {
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

/// Why an item could not be turned into an [`IncidentRecord`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ItemError {
    #[error("attribute `{0}` is missing")]
    Missing(String),
    #[error("attribute `{attribute}` should be of type {expected}")]
    WrongType {
        attribute: String,
        expected: &'static str,
    },
    #[error("attribute `{attribute}` has an invalid value `{value}`")]
    InvalidValue { attribute: String, value: String },
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("DynamoDB throttled {operation}: {message}")]
    Throttled {
        operation: &'static str,
        message: String,
    },
    /// Optimistic-concurrency retries ran out (sustained contention on one incident).
    #[error("conditional write kept failing in {operation}: {message}")]
    ConditionalFailed {
        operation: &'static str,
        message: String,
    },
    #[error("incident `{fingerprint}` not found")]
    NotFound { fingerprint: String },
    #[error("invalid incident item: {0}")]
    InvalidItem(#[from] ItemError),
    /// The service or the table could not be reached (network, 5xx, missing table).
    #[error("DynamoDB unavailable during {operation}: {message}")]
    Unavailable {
        operation: &'static str,
        message: String,
    },
    #[error("DynamoDB {operation} failed: {message}")]
    Sdk {
        operation: &'static str,
        message: String,
        retryable: bool,
    },
}

impl StoreError {
    /// Stable machine-readable code, for logs, metrics and the CLI.
    pub fn code(&self) -> &'static str {
        match self {
            StoreError::Throttled { .. } => "throttled",
            StoreError::ConditionalFailed { .. } => "conditional_failed",
            StoreError::NotFound { .. } => "not_found",
            StoreError::InvalidItem(_) => "invalid_item",
            StoreError::Unavailable { .. } => "unavailable",
            StoreError::Sdk { .. } => "sdk",
        }
    }

    /// Whether redelivering the same message later can succeed. A missing table counts: the
    /// message must stay on the queue (and reach the DLQ) rather than be dropped, so it can be
    /// replayed once the table is back.
    pub fn is_retryable(&self) -> bool {
        match self {
            StoreError::Throttled { .. }
            | StoreError::Unavailable { .. }
            | StoreError::ConditionalFailed { .. } => true,
            StoreError::NotFound { .. } | StoreError::InvalidItem(_) => false,
            StoreError::Sdk { retryable, .. } => *retryable,
        }
    }

    fn build(operation: &'static str, err: impl Display) -> StoreError {
        StoreError::Sdk {
            operation,
            message: err.to_string(),
            retryable: false,
        }
    }
}

const THROTTLING_CODES: &[&str] = &[
    "ProvisionedThroughputExceededException",
    "ProvisionedThroughputExceeded",
    "ThrottlingException",
    "ThrottlingError",
    "Throttling",
    "RequestLimitExceeded",
];
const UNAVAILABLE_CODES: &[&str] = &[
    "InternalServerError",
    "InternalFailure",
    "ServiceUnavailable",
    "ResourceNotFoundException",
];
const CONTENTION_CODES: &[&str] = &[
    "TransactionConflictException",
    "TransactionConflict",
    "TransactionInProgressException",
];

/// The one place where an SDK error becomes a [`StoreError`] (and so decides retryability).
fn classify<E>(operation: &'static str, err: SdkError<E, HttpResponse>) -> StoreError
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    let message = DisplayErrorContext(&err).to_string();
    match &err {
        SdkError::DispatchFailure(_) | SdkError::TimeoutError(_) | SdkError::ResponseError(_) => {
            StoreError::Unavailable { operation, message }
        }
        SdkError::ServiceError(service) => {
            let code = service.err().code().unwrap_or_default();
            if THROTTLING_CODES.contains(&code) {
                StoreError::Throttled { operation, message }
            } else if UNAVAILABLE_CODES.contains(&code) || service.raw().status().is_server_error()
            {
                StoreError::Unavailable { operation, message }
            } else if code == "ConditionalCheckFailedException" {
                StoreError::ConditionalFailed { operation, message }
            } else {
                StoreError::Sdk {
                    operation,
                    message,
                    retryable: CONTENTION_CODES.contains(&code),
                }
            }
        }
        _ => StoreError::Sdk {
            operation,
            message,
            retryable: false,
        },
    }
}

fn is_conditional_check_failed<E: ProvideErrorMetadata>(err: &SdkError<E, HttpResponse>) -> bool {
    matches!(err, SdkError::ServiceError(s) if s.err().code() == Some("ConditionalCheckFailedException"))
}

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

#[derive(Debug)]
pub struct IncidentStore {
    client: Client,
    table: String,
    retention_days: u32,
    dedupe_days: u32,
    max_align_candidates: usize,
    write_requests: AtomicU64,
    read_requests: AtomicU64,
}

enum Cancelled {
    Duplicate,
    Retry,
}

/// What one key holds.
enum Stored {
    Incident(Box<IncidentRecord>),
    /// A fingerprint that joined another incident: that incident's fingerprint.
    Alias(String),
}

/// The incident an aggregate goes to, and whether its fingerprint becomes an alias of it.
struct Target {
    existing: Option<IncidentRecord>,
    new_alias: bool,
}

impl IncidentStore {
    pub fn new(client: Client, table: impl Into<String>) -> Self {
        IncidentStore {
            client,
            table: table.into(),
            retention_days: DEFAULT_RETENTION_DAYS,
            dedupe_days: DEFAULT_DEDUPE_DAYS,
            max_align_candidates: identity::defaults::MAX_ALIGN_CANDIDATES,
            write_requests: AtomicU64::new(0),
            read_requests: AtomicU64::new(0),
        }
    }

    /// Incidents expire this many days after the last occurrence was stored (not the log time).
    pub fn with_retention_days(mut self, days: u32) -> Self {
        self.retention_days = days;
        self
    }

    /// Message-id claims expire this many days after they were written.
    pub fn with_dedupe_days(mut self, days: u32) -> Self {
        self.dedupe_days = days;
        self
    }

    /// How many of a function's newest incidents a new template is compared with (0 turns
    /// cross-batch alignment off: every new template opens an incident).
    pub fn with_max_align_candidates(mut self, candidates: usize) -> Self {
        self.max_align_candidates = candidates;
        self
    }

    pub fn table(&self) -> &str {
        &self.table
    }

    /// DynamoDB write API calls issued by this store (TransactWriteItems, UpdateItem), whether
    /// they succeeded or not. SDK-internal retries of one call are not counted separately.
    pub fn write_requests(&self) -> u64 {
        self.write_requests.load(Ordering::Relaxed)
    }

    /// DynamoDB read API calls issued by this store (GetItem, Query pages).
    pub fn read_requests(&self) -> u64 {
        self.read_requests.load(Ordering::Relaxed)
    }

    /// Fold one queue message's aggregate into its incident, at most once per `message_id`.
    ///
    /// The incident is found in this order (see docs/ARCHITECTURE.md, "Incident identity"):
    /// 1. the item keyed by the message's fingerprint, following it once if it is an alias;
    /// 2. otherwise the newest incidents of the same function and class (one Query page of at
    ///    most `max_align_candidates` items on the function index; no scan): the first whose
    ///    template aligns with the message's joins it, its template generalises, and the new
    ///    fingerprint is written as an alias in the same transaction;
    /// 3. otherwise a new incident.
    ///
    /// Per attempt that is at most one GetItem, a second GetItem (alias) or one Query page
    /// (new template), and one TransactWriteItems; at most [`MAX_VERSION_RETRIES`] attempts.
    pub async fn record_occurrences(
        &self,
        message_id: &str,
        update: &IncidentAggregate,
    ) -> Result<RecordOutcome, StoreError> {
        let now = crate::emf::now_ms();
        let dedupe_key = format!("{DEDUPE_PREFIX}{message_id}");
        for attempt in 0..MAX_VERSION_RETRIES {
            if attempt > 0 {
                tokio::time::sleep(conflict_backoff(attempt - 1, jitter())).await;
            }
            let target = self.find_incident(update).await?;
            let existing = target.existing.as_ref();
            let mut routed = std::borrow::Cow::Borrowed(update);
            if let Some(record) = existing.filter(|r| r.fingerprint != update.fingerprint) {
                // Joining another incident: the stored incident keeps its own key.
                routed.to_mut().fingerprint = record.fingerprint.clone();
            }
            let next = apply_occurrences(existing, &routed, now, self.retention_days);
            let incident_put = match existing {
                // A stale alias (its incident expired) may still hold the key: only an
                // incident (which has a status) blocks the create.
                None => Put::builder()
                    .condition_expression("attribute_not_exists(#st)")
                    .expression_attribute_names("#st", attr::STATUS),
                Some(old) => Put::builder()
                    .condition_expression("#v = :v")
                    .expression_attribute_names("#v", attr::VERSION)
                    .expression_attribute_values(":v", n(old.version)),
            }
            .table_name(&self.table)
            .set_item(Some(to_item(&next)))
            .build()
            .map_err(|e| StoreError::build("TransactWriteItems", e))?;
            let dedupe_put = Put::builder()
                .table_name(&self.table)
                .item(attr::FINGERPRINT, s(&dedupe_key))
                .item(attr::DEDUPE_INCIDENT, s(&next.fingerprint))
                .item(
                    attr::TTL,
                    n(now / 1_000 + i64::from(self.dedupe_days) * 86_400),
                )
                .condition_expression("attribute_not_exists(#pk)")
                .expression_attribute_names("#pk", attr::FINGERPRINT)
                .build()
                .map_err(|e| StoreError::build("TransactWriteItems", e))?;
            let mut transaction = self
                .client
                .transact_write_items()
                // Order matters: cancellation reasons come back in this order.
                .transact_items(TransactWriteItem::builder().put(dedupe_put).build())
                .transact_items(TransactWriteItem::builder().put(incident_put).build());
            if target.new_alias {
                // Lives as long as the incident does today; a later occurrence after it
                // expired simply aligns again.
                let alias_put = Put::builder()
                    .table_name(&self.table)
                    .item(attr::FINGERPRINT, s(&update.fingerprint))
                    .item(attr::ALIAS_OF, s(&next.fingerprint))
                    .item(attr::TTL, n(next.ttl))
                    .condition_expression("attribute_not_exists(#st)")
                    .expression_attribute_names("#st", attr::STATUS)
                    .build()
                    .map_err(|e| StoreError::build("TransactWriteItems", e))?;
                transaction =
                    transaction.transact_items(TransactWriteItem::builder().put(alias_put).build());
            }
            self.write_requests.fetch_add(1, Ordering::Relaxed);
            let err = match transaction.send().await {
                Ok(_) => {
                    if target.new_alias {
                        tracing::info!(fingerprint = %update.fingerprint, incident = %next.fingerprint, template = %next.template, "new template joined an existing incident (alias recorded)");
                    }
                    let record = Box::new(next);
                    return Ok(match target.existing {
                        None => RecordOutcome::Created(record),
                        Some(old)
                            if old.status == IncidentStatus::Resolved
                                && record.status == IncidentStatus::Open =>
                        {
                            RecordOutcome::Reopened(record)
                        }
                        Some(_) => RecordOutcome::Updated(record),
                    });
                }
                Err(err) => err,
            };
            match self.cancellation(&err, &dedupe_key).await? {
                Some(Cancelled::Duplicate) => return Ok(RecordOutcome::Duplicate),
                Some(Cancelled::Retry) => continue,
                None => return Err(classify("TransactWriteItems", err)),
            }
        }
        Err(StoreError::ConditionalFailed {
            operation: "TransactWriteItems",
            message: format!(
                "incident `{}` changed under us {MAX_VERSION_RETRIES} times",
                update.fingerprint
            ),
        })
    }

    /// Where `update` belongs (steps 1 and 2 of [`IncidentStore::record_occurrences`]).
    async fn find_incident(&self, update: &IncidentAggregate) -> Result<Target, StoreError> {
        match self.get_item(&update.fingerprint).await? {
            Some(Stored::Incident(record)) => {
                return Ok(Target {
                    existing: Some(*record),
                    new_alias: false,
                })
            }
            Some(Stored::Alias(of)) => {
                if let Some(Stored::Incident(record)) = self.get_item(&of).await? {
                    return Ok(Target {
                        existing: Some(*record),
                        new_alias: false,
                    });
                }
            }
            None => {}
        }
        if update.template != OVERFLOW_TEMPLATE && self.max_align_candidates > 0 {
            let candidates = self
                .list_page(
                    &ListFilter::function(update.function.clone())
                        .class(update.class)
                        .limit(self.max_align_candidates),
                )
                .await?;
            if let Some(record) = candidates.into_iter().find(|c| {
                c.overflow_templates == 0 && align(&c.template, &update.template).is_some()
            }) {
                // Another writer may have created this very incident since our GetItem: then
                // it is the incident itself, not an alias (a transaction may not write one key
                // twice). The index copy may be stale; the version condition catches that.
                let new_alias = record.fingerprint != update.fingerprint;
                return Ok(Target {
                    existing: Some(record),
                    new_alias,
                });
            }
        }
        Ok(Target {
            existing: None,
            new_alias: false,
        })
    }

    /// Read a cancelled transaction's reasons (dedupe item first, incident second).
    async fn cancellation(
        &self,
        err: &SdkError<TransactWriteItemsError, HttpResponse>,
        dedupe_key: &str,
    ) -> Result<Option<Cancelled>, StoreError> {
        let SdkError::ServiceError(service) = err else {
            return Ok(None);
        };
        let TransactWriteItemsError::TransactionCanceledException(cancelled) = service.err() else {
            return Ok(None);
        };
        let codes: Vec<&str> = cancelled
            .cancellation_reasons()
            .iter()
            .map(|r| r.code().unwrap_or("None"))
            .collect();
        if codes.is_empty() {
            // Without reasons, the claim's existence tells a replay from a version race.
            return Ok(Some(if self.exists(dedupe_key).await? {
                Cancelled::Duplicate
            } else {
                Cancelled::Retry
            }));
        }
        if codes.first() == Some(&"ConditionalCheckFailed") {
            return Ok(Some(Cancelled::Duplicate));
        }
        if let Some(code) = codes.iter().find(|c| THROTTLING_CODES.contains(c)) {
            return Err(StoreError::Throttled {
                operation: "TransactWriteItems",
                message: format!("transaction cancelled: {code}"),
            });
        }
        // The incident changed (version), or another writer created an incident under the
        // alias key meanwhile: re-read and decide again.
        if codes.get(1) == Some(&"ConditionalCheckFailed")
            || codes.get(2) == Some(&"ConditionalCheckFailed")
            || codes.iter().any(|c| CONTENTION_CODES.contains(c))
        {
            return Ok(Some(Cancelled::Retry));
        }
        Ok(None)
    }

    async fn exists(&self, key: &str) -> Result<bool, StoreError> {
        self.read_requests.fetch_add(1, Ordering::Relaxed);
        let out = self
            .client
            .get_item()
            .table_name(&self.table)
            .key(attr::FINGERPRINT, s(key))
            .projection_expression("#pk")
            .expression_attribute_names("#pk", attr::FINGERPRINT)
            .consistent_read(true)
            .send()
            .await
            .map_err(|e| classify("GetItem", e))?;
        Ok(out.item().is_some())
    }

    /// One incident by fingerprint (strongly consistent). A fingerprint that was merged into
    /// another incident (an alias) gives that incident.
    pub async fn get(&self, fingerprint: &str) -> Result<Option<IncidentRecord>, StoreError> {
        match self.get_item(fingerprint).await? {
            Some(Stored::Incident(record)) => Ok(Some(*record)),
            Some(Stored::Alias(of)) => match self.get_item(&of).await? {
                Some(Stored::Incident(record)) => Ok(Some(*record)),
                _ => Ok(None),
            },
            None => Ok(None),
        }
    }

    /// The item under `key`: an incident, an alias, or nothing. Dedupe claims are never read
    /// through here (their keys have a prefix no fingerprint has).
    async fn get_item(&self, key: &str) -> Result<Option<Stored>, StoreError> {
        self.read_requests.fetch_add(1, Ordering::Relaxed);
        let out = self
            .client
            .get_item()
            .table_name(&self.table)
            .key(attr::FINGERPRINT, s(key))
            .consistent_read(true)
            .send()
            .await
            .map_err(|e| classify("GetItem", e))?;
        let Some(item) = out.item() else {
            return Ok(None);
        };
        if !item.contains_key(attr::STATUS) {
            if let Some(AttributeValue::S(of)) = item.get(attr::ALIAS_OF) {
                return Ok(Some(Stored::Alias(of.clone())));
            }
        }
        Ok(Some(Stored::Incident(Box::new(from_item(item)?))))
    }

    /// Incidents newest first, from the index that `filter.by` names.
    pub async fn list(&self, filter: &ListFilter) -> Result<Vec<IncidentRecord>, StoreError> {
        self.query(filter, false).await
    }

    /// The newest `filter.limit` items of the index, read in ONE Query page (`Limit` set), then
    /// filtered by class: a bounded read, whatever the function's history.
    async fn list_page(&self, filter: &ListFilter) -> Result<Vec<IncidentRecord>, StoreError> {
        self.query(filter, true).await
    }

    async fn query(
        &self,
        filter: &ListFilter,
        one_page: bool,
    ) -> Result<Vec<IncidentRecord>, StoreError> {
        let (index, key_attr, key_value) = match &filter.by {
            ListBy::Status(status) => (STATUS_INDEX, attr::STATUS, status.as_str()),
            ListBy::Function(function) => (FUNCTION_INDEX, attr::FUNCTION, function.as_str()),
        };
        let mut condition = "#k = :k".to_string();
        let mut values = HashMap::from([(":k".to_string(), s(key_value))]);
        match (filter.since_ms, filter.until_ms) {
            (Some(a), Some(b)) => {
                condition.push_str(" AND #t BETWEEN :a AND :b");
                values.insert(":a".into(), n(a));
                values.insert(":b".into(), n(b));
            }
            (Some(a), None) => {
                condition.push_str(" AND #t >= :a");
                values.insert(":a".into(), n(a));
            }
            (None, Some(b)) => {
                condition.push_str(" AND #t <= :b");
                values.insert(":b".into(), n(b));
            }
            (None, None) => {}
        }
        let mut names = HashMap::from([("#k".to_string(), key_attr.to_string())]);
        if filter.since_ms.is_some() || filter.until_ms.is_some() {
            names.insert("#t".into(), attr::LAST_SEEN.into());
        }
        let limit = filter.limit.unwrap_or(usize::MAX);
        let mut records = Vec::new();
        let mut start_key = None;
        loop {
            self.read_requests.fetch_add(1, Ordering::Relaxed);
            let page = self
                .client
                .query()
                .table_name(&self.table)
                .index_name(index)
                .key_condition_expression(&condition)
                .set_expression_attribute_names(Some(names.clone()))
                .set_expression_attribute_values(Some(values.clone()))
                .scan_index_forward(false)
                .set_limit(
                    one_page
                        .then(|| filter.limit.and_then(|l| i32::try_from(l).ok()))
                        .flatten(),
                )
                .set_exclusive_start_key(start_key)
                .send()
                .await
                .map_err(|e| classify("Query", e))?;
            for item in page.items() {
                let record = from_item(item)?;
                if filter.class.is_none_or(|c| c == record.class) {
                    records.push(record);
                    if records.len() >= limit {
                        return Ok(records);
                    }
                }
            }
            if one_page {
                return Ok(records);
            }
            match page.last_evaluated_key() {
                Some(key) if !key.is_empty() => start_key = Some(key.clone()),
                _ => return Ok(records),
            }
        }
    }

    /// Acknowledge / resolve / reopen by hand. Bumps `version` so a concurrent occurrence write
    /// (conditioned on the old version) re-reads instead of overwriting the new status.
    pub async fn set_status(
        &self,
        fingerprint: &str,
        status: IncidentStatus,
    ) -> Result<IncidentRecord, StoreError> {
        self.update(
            fingerprint,
            "SET #status = :s, #v = #v + :one",
            HashMap::from([
                ("#status".to_string(), attr::STATUS.to_string()),
                ("#v".to_string(), attr::VERSION.to_string()),
            ]),
            HashMap::from([
                (":s".to_string(), s(status.as_str())),
                (":one".to_string(), n(1)),
            ]),
        )
        .await
    }

    /// Count one retryable model failure for the incident's pending summary (same version rule
    /// as [`IncidentStore::set_status`]); returns the incident as stored.
    pub async fn note_summary_attempt(
        &self,
        fingerprint: &str,
    ) -> Result<IncidentRecord, StoreError> {
        self.update(
            fingerprint,
            "SET #a = if_not_exists(#a, :zero) + :one, #v = #v + :one",
            HashMap::from([
                ("#a".to_string(), attr::SUMMARY_ATTEMPTS.to_string()),
                ("#v".to_string(), attr::VERSION.to_string()),
            ]),
            HashMap::from([(":zero".to_string(), n(0)), (":one".to_string(), n(1))]),
        )
        .await
    }

    /// Store a summary and its status (same version rule as [`IncidentStore::set_status`]).
    pub async fn set_summary(
        &self,
        fingerprint: &str,
        summary: &Summary,
        summary_status: SummaryStatus,
    ) -> Result<IncidentRecord, StoreError> {
        self.update(
            fingerprint,
            "SET #summary = :m, #ss = :ss, #v = #v + :one",
            HashMap::from([
                ("#summary".to_string(), attr::SUMMARY.to_string()),
                ("#ss".to_string(), attr::SUMMARY_STATUS.to_string()),
                ("#v".to_string(), attr::VERSION.to_string()),
            ]),
            HashMap::from([
                (":m".to_string(), summary_to_attr(summary)),
                (":ss".to_string(), s(summary_status.as_str())),
                (":one".to_string(), n(1)),
            ]),
        )
        .await
    }

    /// Claim one of `function`'s `max` individual emails in the window starting at
    /// `window_start_ms`: `true` when claimed, `false` when the budget is spent. One conditional
    /// `UpdateItem` on a counter item `mail#<function>#<window>` (no status, so it is in no
    /// index), which expires a day after its window.
    pub async fn claim_email(
        &self,
        function: &str,
        window_start_ms: i64,
        window_seconds: u32,
        max: u32,
    ) -> Result<bool, StoreError> {
        if max == 0 {
            return Ok(false);
        }
        let key = format!("{MAIL_BUDGET_PREFIX}{function}#{window_start_ms}");
        let expires = window_start_ms / 1_000 + i64::from(window_seconds) + 86_400;
        self.write_requests.fetch_add(1, Ordering::Relaxed);
        let out = self
            .client
            .update_item()
            .table_name(&self.table)
            .key(attr::FINGERPRINT, s(&key))
            .update_expression("ADD #sent :one SET #ttl = :ttl")
            .condition_expression("attribute_not_exists(#sent) OR #sent < :max")
            .expression_attribute_names("#sent", "emails_sent")
            .expression_attribute_names("#ttl", attr::TTL)
            .expression_attribute_values(":one", n(1))
            .expression_attribute_values(":max", n(max))
            .expression_attribute_values(":ttl", n(expires))
            .send()
            .await;
        match out {
            Ok(_) => Ok(true),
            Err(err) if is_conditional_check_failed(&err) => Ok(false),
            Err(err) => Err(classify("UpdateItem", err)),
        }
    }

    /// Give back an email claimed by [`IncidentStore::claim_email`] that was not sent (the
    /// incident went back to wait for the model).
    pub async fn release_email(
        &self,
        function: &str,
        window_start_ms: i64,
    ) -> Result<(), StoreError> {
        let key = format!("{MAIL_BUDGET_PREFIX}{function}#{window_start_ms}");
        self.write_requests.fetch_add(1, Ordering::Relaxed);
        self.client
            .update_item()
            .table_name(&self.table)
            .key(attr::FINGERPRINT, s(&key))
            .update_expression("ADD #sent :minus")
            .condition_expression("#sent > :zero")
            .expression_attribute_names("#sent", "emails_sent")
            .expression_attribute_values(":minus", n(-1))
            .expression_attribute_values(":zero", n(0))
            .send()
            .await
            .map(|_| ())
            .or_else(|err| {
                if is_conditional_check_failed(&err) {
                    Ok(())
                } else {
                    Err(classify("UpdateItem", err))
                }
            })
    }

    async fn update(
        &self,
        fingerprint: &str,
        expression: &str,
        mut names: HashMap<String, String>,
        values: HashMap<String, AttributeValue>,
    ) -> Result<IncidentRecord, StoreError> {
        // Requiring `status` too keeps dedupe items (which have none) out of reach.
        names.insert("#pk".into(), attr::FINGERPRINT.into());
        names.insert("#st".into(), attr::STATUS.into());
        self.write_requests.fetch_add(1, Ordering::Relaxed);
        let out = self
            .client
            .update_item()
            .table_name(&self.table)
            .key(attr::FINGERPRINT, s(fingerprint))
            .update_expression(expression)
            .condition_expression("attribute_exists(#pk) AND attribute_exists(#st)")
            .set_expression_attribute_names(Some(names))
            .set_expression_attribute_values(Some(values))
            .return_values(ReturnValue::AllNew)
            .send()
            .await;
        match out {
            Ok(out) => match out.attributes() {
                Some(item) => Ok(from_item(item)?),
                None => Err(StoreError::InvalidItem(ItemError::Missing(
                    "UpdateItem attributes".into(),
                ))),
            },
            Err(err) if is_conditional_check_failed(&err) => Err(StoreError::NotFound {
                fingerprint: fingerprint.to_string(),
            }),
            Err(err) => Err(classify("UpdateItem", err)),
        }
    }
}

/// Create the incident table (PK `fingerprint`, on-demand, both GSIs, NEW_AND_OLD_IMAGES
/// stream), wait until it is ACTIVE, and turn on TTL over `ttl`.
pub async fn create_table(client: &Client, name: &str) -> Result<(), StoreError> {
    const OP: &str = "CreateTable";
    let key = |attribute: &str, key_type: KeyType| {
        KeySchemaElement::builder()
            .attribute_name(attribute)
            .key_type(key_type)
            .build()
            .map_err(|e| StoreError::build(OP, e))
    };
    let definition = |attribute: &str, kind: ScalarAttributeType| {
        AttributeDefinition::builder()
            .attribute_name(attribute)
            .attribute_type(kind)
            .build()
            .map_err(|e| StoreError::build(OP, e))
    };
    let index = |index_name: &str, partition: &str| -> Result<GlobalSecondaryIndex, StoreError> {
        GlobalSecondaryIndex::builder()
            .index_name(index_name)
            .key_schema(key(partition, KeyType::Hash)?)
            .key_schema(key(attr::LAST_SEEN, KeyType::Range)?)
            .projection(
                Projection::builder()
                    .projection_type(ProjectionType::All)
                    .build(),
            )
            .build()
            .map_err(|e| StoreError::build(OP, e))
    };
    client
        .create_table()
        .table_name(name)
        .billing_mode(BillingMode::PayPerRequest)
        .key_schema(key(attr::FINGERPRINT, KeyType::Hash)?)
        .attribute_definitions(definition(attr::FINGERPRINT, ScalarAttributeType::S)?)
        .attribute_definitions(definition(attr::STATUS, ScalarAttributeType::S)?)
        .attribute_definitions(definition(attr::FUNCTION, ScalarAttributeType::S)?)
        .attribute_definitions(definition(attr::LAST_SEEN, ScalarAttributeType::N)?)
        .global_secondary_indexes(index(STATUS_INDEX, attr::STATUS)?)
        .global_secondary_indexes(index(FUNCTION_INDEX, attr::FUNCTION)?)
        .stream_specification(
            StreamSpecification::builder()
                .stream_enabled(true)
                .stream_view_type(StreamViewType::NewAndOldImages)
                .build()
                .map_err(|e| StoreError::build(OP, e))?,
        )
        .send()
        .await
        .map_err(|e| classify(OP, e))?;
    client
        .wait_until_table_exists()
        .table_name(name)
        .wait(Duration::from_secs(300))
        .await
        .map_err(|e| StoreError::Unavailable {
            operation: "DescribeTable",
            message: DisplayErrorContext(&e).to_string(),
        })?;
    client
        .update_time_to_live()
        .table_name(name)
        .time_to_live_specification(
            TimeToLiveSpecification::builder()
                .enabled(true)
                .attribute_name(attr::TTL)
                .build()
                .map_err(|e| StoreError::build("UpdateTimeToLive", e))?,
        )
        .send()
        .await
        .map_err(|e| classify("UpdateTimeToLive", e))?;
    Ok(())
}

fn s(value: &str) -> AttributeValue {
    AttributeValue::S(value.to_string())
}

fn n(value: impl Display) -> AttributeValue {
    AttributeValue::N(value.to_string())
}

fn strings(values: &[String]) -> AttributeValue {
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

fn summary_to_attr(summary: &Summary) -> AttributeValue {
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
    fn conflict_backoff_grows_to_its_cap_with_full_jitter() {
        assert_eq!(conflict_backoff(0, 0.0), Duration::ZERO);
        assert_eq!(
            conflict_backoff(0, 0.999),
            CONFLICT_BACKOFF_BASE.mul_f64(0.999)
        );
        assert_eq!(conflict_backoff(3, 0.5), Duration::from_millis(80));
        assert_eq!(conflict_backoff(30, 1.0), CONFLICT_BACKOFF_CAP);
        let draws: Vec<f64> = (0..64).map(|_| jitter()).collect();
        assert!(draws.iter().all(|d| (0.0..1.0).contains(d)));
        let distinct: std::collections::BTreeSet<u64> = draws.iter().map(|d| d.to_bits()).collect();
        assert!(distinct.len() > 32, "jitter varies between calls");
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
        let mut item = to_item(&record());
        item.insert("version".into(), AttributeValue::Null(true));
        assert_eq!(from_item(&item), Err(ItemError::Missing("version".into())));
    }

    #[test]
    fn a_dedupe_item_is_not_an_incident() {
        let item = HashMap::from([
            ("fingerprint".to_string(), s("dedupe#m-1")),
            ("ttl".to_string(), n(1)),
        ]);
        assert_eq!(from_item(&item), Err(ItemError::Missing("function".into())));
    }

    #[test]
    fn wrong_types_and_unknown_values_are_typed_errors() {
        let mut item = to_item(&record());
        item.insert("occurrences".into(), s("10"));
        assert_eq!(
            from_item(&item),
            Err(ItemError::WrongType {
                attribute: "occurrences".into(),
                expected: "N"
            })
        );
        let mut item = to_item(&record());
        item.insert("status".into(), s("closed"));
        assert_eq!(
            from_item(&item),
            Err(ItemError::InvalidValue {
                attribute: "status".into(),
                value: "closed".into()
            })
        );
        let mut item = to_item(&record());
        item.insert("version".into(), n("-1"));
        assert!(matches!(
            from_item(&item),
            Err(ItemError::InvalidValue { .. })
        ));
        let mut item = to_item(&record());
        item.insert("samples".into(), AttributeValue::L(vec![n(1)]));
        assert!(matches!(from_item(&item), Err(ItemError::WrongType { .. })));
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
        let mut item = to_item(&record());
        item.insert("added_later".into(), s("x"));
        assert_eq!(from_item(&item), Ok(record()));
    }

    #[test]
    fn error_codes_and_retryability_are_stable() {
        let cases = [
            (
                StoreError::Throttled {
                    operation: "Op",
                    message: String::new(),
                },
                "throttled",
                true,
            ),
            (
                StoreError::Unavailable {
                    operation: "Op",
                    message: String::new(),
                },
                "unavailable",
                true,
            ),
            (
                StoreError::NotFound {
                    fingerprint: "f".into(),
                },
                "not_found",
                false,
            ),
            (
                StoreError::InvalidItem(ItemError::Missing("x".into())),
                "invalid_item",
                false,
            ),
            (StoreError::build("Op", "bad input"), "sdk", false),
        ];
        for (err, code, retryable) in cases {
            assert_eq!(err.code(), code);
            assert_eq!(err.is_retryable(), retryable, "{code}");
        }
    }
}
