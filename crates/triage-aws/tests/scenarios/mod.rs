//! The store's behaviour through its ports, written once and run on both implementations: the
//! DynamoDB adapter on the emulator (store_moto.rs) and the in-memory test double
//! (store_memory.rs, feature `test-support`). A scenario passing on both is what lets the
//! handlers' unit tests use the double.

#![allow(dead_code)] // each test binary uses its own subset

use triage_aws::store::{
    EmailBudget, GetIncident, ListFilter, ListIncidents, RecordOccurrences, RecordOutcome,
    SetStatus, SetSummary,
};
use triage_core::aggregate::{IncidentAggregate, InvocationFigures};
use triage_core::incident::{IncidentRecord, IncidentStatus, SummaryStatus};
use triage_core::model::FailureClass;
use triage_core::summary::summarize_offline;

/// One `#[tokio::test]` per named scenario, each on a fresh store: `let <pattern> = <setup>`
/// binds it (with whatever must live as long, such as the emulator), `=> <store>` names it.
macro_rules! scenario_tests {
    (let $pattern:pat = $setup:expr => $store:ident; $($scenario:ident),+ $(,)?) => {
        $(
            #[tokio::test]
            async fn $scenario() {
                let $pattern = $setup;
                scenarios::$scenario(&$store).await;
            }
        )+
    };
}

/// Every port, for the scenarios.
pub trait Store:
    RecordOccurrences + GetIncident + ListIncidents + SetSummary + SetStatus + EmailBudget
{
}

impl<T: RecordOccurrences + GetIncident + ListIncidents + SetSummary + SetStatus + EmailBudget>
    Store for T
{
}

pub fn incident(
    fingerprint: &str,
    function: &str,
    class: FailureClass,
    count: u64,
    seen_ms: i64,
) -> IncidentAggregate {
    IncidentAggregate {
        fingerprint: fingerprint.to_string(),
        function: function.to_string(),
        class,
        severity: class.severity(),
        // Distinct causes per fingerprint (an exception type each): the store joins aligned
        // templates of one function and class into one incident.
        template: format!(
            "{class} in {function} raised {}Exception",
            fingerprint
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .map(|c| match c.to_digit(10) {
                    // Digits would make it a variable: spell them as letters.
                    Some(d) => char::from(b'A' + d as u8),
                    None => c.to_ascii_uppercase(),
                })
                .collect::<String>()
        ),
        count,
        first_seen_ms: Some(seen_ms),
        last_seen_ms: Some(seen_ms),
        samples: vec![format!("sample of {fingerprint} at {seen_ms}")],
        request_ids: vec![format!("req-{seen_ms}")],
        figures: InvocationFigures::default(),
        overflow_templates: 0,
        evidence: None,
    }
}

/// One queue message: its id and [`incident`]'s aggregate.
pub fn message(
    id: &'static str,
    fingerprint: &str,
    function: &str,
    class: FailureClass,
    count: u64,
    seen_ms: i64,
) -> (&'static str, IncidentAggregate) {
    (id, incident(fingerprint, function, class, count, seen_ms))
}

/// A template that aligns across users: `fp-alice` and `fp-bob` are one cause.
pub fn report_variant(fingerprint: &str, user: &str) -> IncidentAggregate {
    let mut a = incident(
        fingerprint,
        "/aws/lambda/reports",
        FailureClass::Error,
        1,
        1_000,
    );
    a.template = format!("export for user {user} failed: report not ready");
    a
}

pub async fn occurrences(store: &impl GetIncident, fingerprint: &str) -> u64 {
    store
        .get(fingerprint)
        .await
        .expect("get")
        .expect("incident exists")
        .occurrences
}

fn fingerprints(records: Vec<IncidentRecord>) -> Vec<String> {
    records.into_iter().map(|r| r.fingerprint).collect()
}

pub async fn status_changes_and_reopening(store: &impl Store) {
    let fp = "fp-life";
    let at = |ms| incident(fp, "/aws/lambda/life", FailureClass::Throttling, 1, ms);

    assert_eq!(
        store
            .record_occurrences("m1", &at(1_000))
            .await
            .map(|o| o.as_str())
            .ok(),
        Some("created")
    );
    let acked = store
        .set_status(fp, IncidentStatus::Acknowledged)
        .await
        .expect("ack");
    assert_eq!(acked.status, IncidentStatus::Acknowledged);
    assert_eq!(acked.version, 2, "set_status must bump the version");

    let outcome = store
        .record_occurrences("m2", &at(2_000))
        .await
        .expect("m2");
    assert_eq!(outcome.as_str(), "updated");
    assert_eq!(
        outcome.record().map(|r| r.status),
        Some(IncidentStatus::Acknowledged)
    );

    let summary = summarize_offline(&at(2_000));
    let summarised = store
        .set_summary(fp, &summary, SummaryStatus::Offline)
        .await
        .expect("summary");
    assert_eq!(summarised.summary.as_ref(), Some(&summary));
    assert_eq!(summarised.summary_status, SummaryStatus::Offline);

    let resolved = store
        .set_status(fp, IncidentStatus::Resolved)
        .await
        .expect("resolve");
    assert_eq!(resolved.status, IncidentStatus::Resolved);

    let outcome = store
        .record_occurrences("m3", &at(3_000))
        .await
        .expect("m3");
    assert_eq!(outcome.as_str(), "reopened");
    let reopened = store.get(fp).await.expect("get").expect("exists");
    assert_eq!(reopened.status, IncidentStatus::Open);
    assert_eq!(reopened.summary_status, SummaryStatus::Pending);
    assert_eq!(reopened.reopened_count, 1);
    assert_eq!(reopened.occurrences, 3);
    assert_eq!(reopened.summary.as_ref(), Some(&summary));
    assert_eq!(outcome.record(), Some(&reopened));

    for missing in ["fp-nope", "dedupe#m1"] {
        let err = store
            .set_status(missing, IncidentStatus::Resolved)
            .await
            .expect_err("no such incident");
        assert_eq!(err.code(), "not_found", "{err}");
        assert!(!err.is_retryable());
    }
    assert_eq!(store.get("fp-nope").await.expect("get"), None);
}

pub async fn list_serves_open_newest_first_and_by_function(store: &impl Store) {
    let updates = [
        incident("fp-1", "/aws/lambda/a", FailureClass::Timeout, 1, 1_000),
        incident("fp-2", "/aws/lambda/b", FailureClass::Error, 1, 3_000),
        incident("fp-3", "/aws/lambda/a", FailureClass::Error, 1, 2_000),
        incident("fp-4", "/aws/lambda/a", FailureClass::Timeout, 1, 4_000),
        incident("fp-5", "/aws/lambda/a", FailureClass::BadInput, 1, 5_000),
    ];
    for (i, update) in updates.iter().enumerate() {
        store
            .record_occurrences(&format!("m{i}"), update)
            .await
            .expect("record");
    }
    store
        .set_status("fp-4", IncidentStatus::Resolved)
        .await
        .expect("resolve");
    store
        .set_status("fp-5", IncidentStatus::Acknowledged)
        .await
        .expect("ack");

    let list =
        |filter: ListFilter| async move { fingerprints(store.list(&filter).await.expect("list")) };
    assert_eq!(list(ListFilter::open()).await, ["fp-2", "fp-3", "fp-1"]);
    assert_eq!(
        list(ListFilter::function("/aws/lambda/a")).await,
        ["fp-5", "fp-4", "fp-3", "fp-1"]
    );
    assert_eq!(
        list(ListFilter::status(IncidentStatus::Resolved)).await,
        ["fp-4"]
    );
    assert_eq!(
        list(ListFilter::function("/aws/lambda/a").class(FailureClass::Timeout)).await,
        ["fp-4", "fp-1"]
    );
    assert_eq!(
        list(ListFilter::open().since_ms(1_500).until_ms(2_500)).await,
        ["fp-3"]
    );
    assert_eq!(list(ListFilter::open().limit(1)).await, ["fp-2"]);
    // Dedupe items live in the same table but never show up in a listing.
    assert!(list(ListFilter::function("-")).await.is_empty());
}

/// Five messages for three incidents of two functions.
pub fn replay_messages() -> Vec<(&'static str, IncidentAggregate)> {
    let (a, b) = ("/aws/lambda/a", "/aws/lambda/b");
    vec![
        message("m1", "fp-a", a, FailureClass::Timeout, 3, 1_000),
        message("m2", "fp-a", a, FailureClass::Timeout, 4, 2_000),
        message("m3", "fp-b", b, FailureClass::Error, 1, 1_500),
        message("m4", "fp-c", a, FailureClass::BadInput, 7, 900),
        message("m5", "fp-b", b, FailureClass::Error, 2, 2_500),
    ]
}

/// Record each message once: none is a duplicate.
pub async fn record_all(store: &impl RecordOccurrences, messages: &[(&str, IncidentAggregate)]) {
    for (id, update) in messages {
        let outcome = store.record_occurrences(id, update).await.expect("record");
        assert_ne!(outcome, RecordOutcome::Duplicate, "first delivery of {id}");
    }
}

/// Deliver every message again: each is a duplicate.
pub async fn replay_all(store: &impl RecordOccurrences, messages: &[(&str, IncidentAggregate)]) {
    for (id, update) in messages {
        let outcome = store.record_occurrences(id, update).await.expect("replay");
        assert_eq!(outcome, RecordOutcome::Duplicate, "replay of {id}");
    }
}

/// The occurrences [`replay_messages`] leave, each message counted once.
pub async fn assert_replay_counts(store: &impl GetIncident) {
    assert_eq!(occurrences(store, "fp-a").await, 7);
    assert_eq!(occurrences(store, "fp-b").await, 3);
    assert_eq!(occurrences(store, "fp-c").await, 7);
}

/// A replayed message is a duplicate and changes no incident, however often it comes.
pub async fn a_replay_changes_nothing(store: &impl Store) {
    let messages = replay_messages();
    record_all(store, &messages).await;
    let before = store.list(&ListFilter::open()).await.expect("list");
    replay_all(store, &messages).await;
    replay_all(store, &messages).await;
    assert_eq!(store.list(&ListFilter::open()).await.expect("list"), before);
    assert_replay_counts(store).await;
}

/// A new template that aligns with an incident of its function and class joins it: the
/// incident keeps its key, its template generalises, the new fingerprint leads to it.
pub async fn an_aligned_template_joins_the_incident_through_an_alias(store: &impl Store) {
    let created = store
        .record_occurrences("m-1", &report_variant("fp-alice", "alice"))
        .await
        .unwrap();
    assert!(matches!(created, RecordOutcome::Created(_)));
    let joined = store
        .record_occurrences("m-2", &report_variant("fp-bob", "bob"))
        .await
        .unwrap();
    assert!(matches!(joined, RecordOutcome::Updated(_)));
    let joined = joined.record().unwrap();
    assert_eq!(joined.fingerprint, "fp-alice");
    assert_eq!(
        joined.template,
        "export for user <*> failed: report not ready"
    );
    let via_alias = store
        .record_occurrences("m-3", &report_variant("fp-bob", "bob"))
        .await
        .unwrap();
    assert_eq!(via_alias.record().unwrap().fingerprint, "fp-alice");
    assert_eq!(occurrences(store, "fp-alice").await, 3);
    assert_eq!(
        store.get("fp-bob").await.unwrap().map(|r| r.fingerprint),
        Some("fp-alice".to_string()),
        "get follows the alias"
    );
    let listed = store
        .list(&ListFilter::function("/aws/lambda/reports"))
        .await
        .unwrap();
    assert_eq!(listed.len(), 1, "aliases are in no index");
    // A different cause (another exception type) of the same function stays apart.
    let mut other = report_variant("fp-carol", "carol");
    other.template = "export failed: AccessDeniedException on reports".into();
    let apart = store.record_occurrences("m-4", &other).await.unwrap();
    assert!(matches!(apart, RecordOutcome::Created(_)));
}

/// What the summarizer relies on besides the summary: retryable model failures counted on the
/// incident, and a per-function, per-window email budget that can be given back.
pub async fn summary_attempts_and_the_email_budget(store: &impl Store) {
    store
        .record_occurrences(
            "m1",
            &incident("fp-s", "/aws/lambda/s", FailureClass::Timeout, 1, 1_000),
        )
        .await
        .expect("record");
    for attempt in 1..=2 {
        let noted = store.note_summary_attempt("fp-s").await.expect("attempt");
        assert_eq!(noted.summary_attempts, attempt);
        assert_eq!(noted.version, 1 + u64::from(attempt), "bumps the version");
    }
    let err = store
        .note_summary_attempt("fp-nope")
        .await
        .expect_err("no such incident");
    assert_eq!(err.code(), "not_found");

    let claim = |function: &'static str, window: i64, max: u32| async move {
        store
            .claim_email(function, window, 3_600, max)
            .await
            .expect("claim")
    };
    assert!(claim("f", 0, 2).await);
    assert!(claim("f", 0, 2).await);
    assert!(!claim("f", 0, 2).await, "the window's budget is spent");
    assert!(claim("g", 0, 2).await, "another function has its own");
    assert!(
        claim("f", 3_600_000, 2).await,
        "the next window starts again"
    );
    assert!(!claim("h", 0, 0).await, "a zero budget sends nothing");

    store.release_email("f", 0).await.expect("release");
    assert!(
        claim("f", 0, 2).await,
        "a given-back email can be claimed again"
    );
    assert!(!claim("f", 0, 2).await);
    // Giving back more than was claimed never goes below zero.
    for _ in 0..3 {
        store.release_email("g", 0).await.expect("release");
    }
    assert!(claim("g", 0, 1).await);
    assert!(!claim("g", 0, 1).await);
}
