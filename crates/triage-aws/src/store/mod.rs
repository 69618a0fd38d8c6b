//! The DynamoDB incident store: one item per incident fingerprint, written idempotently per queue
//! message id.
//!
//! Every occurrence write is a read (consistent) followed by ONE `TransactWriteItems` that both
//! claims the message id (a `dedupe#<message id>` item) and replaces the incident conditioned on
//! the version that was read. The claim and the incident change commit together or not at all,
//! so a replayed message is a no-op and a failed write leaves nothing half-done.

mod error;
mod item;
#[cfg(feature = "test-support")]
pub mod memory;
mod ports;
mod schema;

pub use error::{ItemError, StoreError};
pub use item::{from_item, item_size_bytes, to_item, MAX_ITEM_BYTES};
pub use ports::{
    EmailBudget, GetIncident, ListBy, ListFilter, ListIncidents, RecordOccurrences, RecordOutcome,
    SetStatus, SetSummary, SummarizerStore,
};
pub use schema::create_table;

use aws_sdk_dynamodb::config::http::HttpResponse;
use aws_sdk_dynamodb::error::SdkError;
use aws_sdk_dynamodb::operation::get_item::builders::GetItemFluentBuilder;
use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError;
use aws_sdk_dynamodb::operation::update_item::builders::UpdateItemFluentBuilder;
use aws_sdk_dynamodb::types::{AttributeValue, Put, ReturnValue, TransactWriteItem};
use aws_sdk_dynamodb::Client;
use error::{classify, is_conditional_check_failed, CONTENTION_CODES, THROTTLING_CODES};
use item::{attr, n, s, summary_to_attr};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use triage_core::aggregate::IncidentAggregate;
use triage_core::identity::{self, align, OVERFLOW_TEMPLATE};
use triage_core::incident::{apply_occurrences, IncidentRecord, IncidentStatus, SummaryStatus};
use triage_core::summary::Summary;

/// GSI serving "open incidents, newest first" (PK `status`, SK `last_seen_ms`).
pub const STATUS_INDEX: &str = "status-last_seen";
/// GSI serving "the incidents of one function" (PK `function`, SK `last_seen_ms`).
pub const FUNCTION_INDEX: &str = "function-last_seen";
/// Prefix of the per-message dedupe items that share the table with incidents. They carry no
/// `status`/`function`, so they never appear in either (sparse) index.
pub const DEDUPE_PREFIX: &str = "dedupe#";
/// Prefix of the per-function, per-window email counters (see [`EmailBudget::claim_email`]).
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

/// The key of `function`'s email counter for the window starting at `window_start_ms`.
fn mail_budget_key(function: &str, window_start_ms: i64) -> String {
    format!("{MAIL_BUDGET_PREFIX}{function}#{window_start_ms}")
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

    /// A store with a DynamoDB client built from the shared AWS configuration.
    pub fn from_config(aws: &aws_config::SdkConfig, table: impl Into<String>) -> Self {
        IncidentStore::new(Client::new(aws), table)
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
                    return Ok(RecordOutcome::of(existing, next));
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

    /// A strongly consistent GetItem of `key`, counted in [`IncidentStore::read_requests`].
    fn get_request(&self, key: &str) -> GetItemFluentBuilder {
        self.read_requests.fetch_add(1, Ordering::Relaxed);
        self.client
            .get_item()
            .table_name(&self.table)
            .key(attr::FINGERPRINT, s(key))
            .consistent_read(true)
    }

    /// An UpdateItem of `key`, counted in [`IncidentStore::write_requests`].
    fn update_request(&self, key: &str) -> UpdateItemFluentBuilder {
        self.write_requests.fetch_add(1, Ordering::Relaxed);
        self.client
            .update_item()
            .table_name(&self.table)
            .key(attr::FINGERPRINT, s(key))
    }

    async fn exists(&self, key: &str) -> Result<bool, StoreError> {
        let out = self
            .get_request(key)
            .projection_expression("#pk")
            .expression_attribute_names("#pk", attr::FINGERPRINT)
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
        let out = self
            .get_request(key)
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
            &[("#status", attr::STATUS)],
            [(":s", s(status.as_str()))],
        )
        .await
    }

    /// One conditional `UpdateItem` of an incident: `expression` may use `#v` (the version) and
    /// `:one` besides the `names` and `values` given.
    async fn update<const N: usize>(
        &self,
        fingerprint: &str,
        expression: &str,
        names: &[(&str, &str)],
        values: [(&str, AttributeValue); N],
    ) -> Result<IncidentRecord, StoreError> {
        // Requiring `status` too keeps dedupe items (which have none) out of reach.
        let names: HashMap<String, String> = [
            ("#pk", attr::FINGERPRINT),
            ("#st", attr::STATUS),
            ("#v", attr::VERSION),
        ]
        .iter()
        .chain(names)
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let values: HashMap<String, AttributeValue> = values
            .into_iter()
            .chain([(":one", n(1))])
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        let out = self
            .update_request(fingerprint)
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

impl SetSummary for IncidentStore {
    /// Store a summary and its status (same version rule as [`IncidentStore::set_status`]).
    async fn set_summary(
        &self,
        fingerprint: &str,
        summary: &Summary,
        summary_status: SummaryStatus,
    ) -> Result<IncidentRecord, StoreError> {
        self.update(
            fingerprint,
            "SET #summary = :m, #ss = :ss, #v = #v + :one",
            &[("#summary", attr::SUMMARY), ("#ss", attr::SUMMARY_STATUS)],
            [
                (":m", summary_to_attr(summary)),
                (":ss", s(summary_status.as_str())),
            ],
        )
        .await
    }

    /// Count one retryable model failure for the incident's pending summary (same version rule
    /// as [`IncidentStore::set_status`]); returns the incident as stored.
    async fn note_summary_attempt(&self, fingerprint: &str) -> Result<IncidentRecord, StoreError> {
        self.update(
            fingerprint,
            "SET #a = if_not_exists(#a, :zero) + :one, #v = #v + :one",
            &[("#a", attr::SUMMARY_ATTEMPTS)],
            [(":zero", n(0))],
        )
        .await
    }
}

impl EmailBudget for IncidentStore {
    /// Claim one of `function`'s `max` individual emails in the window starting at
    /// `window_start_ms`: `true` when claimed, `false` when the budget is spent. One conditional
    /// `UpdateItem` on a counter item `mail#<function>#<window>` (no status, so it is in no
    /// index), which expires a day after its window.
    async fn claim_within(
        &self,
        function: &str,
        window_start_ms: i64,
        window_seconds: u32,
        max: u32,
    ) -> Result<bool, StoreError> {
        let key = mail_budget_key(function, window_start_ms);
        let expires = window_start_ms / 1_000 + i64::from(window_seconds) + 86_400;
        let out = self
            .update_request(&key)
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

    /// Give back an email claimed by [`EmailBudget::claim_email`] that was not sent (the
    /// incident went back to wait for the model).
    async fn release_email(&self, function: &str, window_start_ms: i64) -> Result<(), StoreError> {
        let key = mail_budget_key(function, window_start_ms);
        self.update_request(&key)
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
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
