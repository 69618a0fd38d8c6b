//! The incident store against moto_server: real DynamoDB wire protocol, no mocks.

use test_kit::moto;

use aws_sdk_dynamodb::types::AttributeValue;
use aws_sdk_dynamodb::Client;
use moto::Moto;
use std::collections::HashMap;
use std::sync::Arc;
#[macro_use]
mod scenarios;

use scenarios::{
    assert_replay_counts, incident, message, occurrences, record_all, replay_all, replay_messages,
    report_variant,
};
use triage_aws::store::{create_table, IncidentStore, StoreError};
use triage_core::aggregate::aggregate;
use triage_core::incident::{IncidentStatus, SummaryStatus};
use triage_core::model::{FailureClass, LogEvent};

const TABLE: &str = "incidents";

type Item = HashMap<String, AttributeValue>;

async fn setup() -> (Moto, Client, IncidentStore) {
    start(Moto::start()).await
}

async fn start(moto: Moto) -> (Moto, Client, IncidentStore) {
    let client = moto.dynamodb().await;
    create_table(&client, TABLE).await.expect("create table");
    let store = IncidentStore::new(client.clone(), TABLE);
    (moto, client, store)
}

/// Every item of the table, sorted by key, for before/after comparisons.
async fn scan_all(client: &Client) -> Vec<Item> {
    let mut items = Vec::new();
    let mut start = None;
    loop {
        let page = client
            .scan()
            .table_name(TABLE)
            .consistent_read(true)
            .set_exclusive_start_key(start)
            .send()
            .await
            .expect("scan");
        items.extend(page.items().iter().cloned());
        match page.last_evaluated_key() {
            Some(key) if !key.is_empty() => start = Some(key.clone()),
            _ => break,
        }
    }
    items.sort_by_key(|item| match item.get("fingerprint") {
        Some(AttributeValue::S(s)) => s.clone(),
        _ => String::new(),
    });
    items
}

#[tokio::test]
async fn a_flood_of_ten_thousand_errors_is_one_incident_and_one_write() {
    let (_moto, client, store) = setup().await;
    // The message the processor would send for 10,000 identical errors.
    let events: Vec<LogEvent> = (0..10_000)
        .map(|i| {
            LogEvent::new(
                Some(1_700_000_000_000 + i),
                format!("2024-01-01T00:00:00.000Z\t{i:08x}-1111-4222-8333-944445555666\tERROR\tpayment {i} failed: connect ECONNREFUSED 10.0.0.{}:5432", i % 250),
            )
        })
        .collect();
    let (_, incidents) = aggregate(events.iter().map(|e| ("/aws/lambda/pay", e)));
    assert_eq!(incidents.len(), 1);
    let update = &incidents[0];
    assert_eq!(update.count, 10_000);

    let outcome = store
        .record_occurrences("msg-flood", update)
        .await
        .expect("record");
    assert_eq!(outcome.as_str(), "created");
    let writes = store.write_requests();
    println!(
        "flood message: {writes} write request(s), {} read request(s)",
        store.read_requests()
    );
    assert!(writes <= 2, "{writes} write requests for one message");
    assert_eq!(writes, 1);

    let stored = store
        .get(&update.fingerprint)
        .await
        .expect("get")
        .expect("incident exists");
    assert_eq!(stored.occurrences, 10_000);
    assert_eq!(stored.status, IncidentStatus::Open);
    assert_eq!(stored.summary_status, SummaryStatus::Pending);
    assert_eq!(stored.version, 1);
    assert_eq!(stored.request_ids.len(), 10);
    assert_eq!(
        (stored.first_seen_ms, stored.last_seen_ms),
        (1_700_000_000_000, 1_700_000_009_999)
    );
    // One incident item plus one message-id claim, nothing else.
    let items = scan_all(&client).await;
    assert_eq!(items.len(), 2, "{items:#?}");
    assert_eq!(
        items[1].get("fingerprint"),
        Some(&AttributeValue::S("dedupe#msg-flood".into()))
    );
}

#[tokio::test]
async fn replaying_every_message_twice_changes_nothing() {
    let (_moto, client, store) = setup().await;
    let messages = replay_messages();
    record_all(&store, &messages).await;
    let before = scan_all(&client).await;
    assert_eq!(before.len(), 3 + messages.len());
    let writes_before = store.write_requests();

    replay_all(&store, &messages).await;
    replay_all(&store, &messages).await;
    assert_eq!(
        scan_all(&client).await,
        before,
        "a replay changed the table"
    );
    // A replay costs exactly one (rejected) transaction, never a retry loop.
    assert_eq!(
        store.write_requests() - writes_before,
        2 * messages.len() as u64
    );
    assert_replay_counts(&store).await;
}

// The behaviour the handlers' unit tests rely on, held equal to the in-memory double's
// (store_memory.rs runs the same scenarios; the replay scenario's stricter emulator form, with
// a raw scan, is `replaying_every_message_twice_changes_nothing` above).
scenario_tests!(
    let (_moto, _client, store) = setup().await => store;
    status_changes_and_reopening,
    list_serves_open_newest_first_and_by_function,
    an_aligned_template_joins_the_incident_through_an_alias,
    summary_attempts_and_the_email_budget,
);

#[tokio::test]
async fn an_unavailable_table_fails_cleanly_and_a_replay_is_exact() {
    let (_moto, client, store) = setup().await;
    let messages = [
        message(
            "m1",
            "fp-x",
            "/aws/lambda/x",
            FailureClass::Timeout,
            5,
            1_000,
        ),
        message(
            "m2",
            "fp-x",
            "/aws/lambda/x",
            FailureClass::Timeout,
            6,
            2_000,
        ),
        message("m3", "fp-y", "/aws/lambda/x", FailureClass::Error, 2, 3_000),
        message(
            "m4",
            "fp-x",
            "/aws/lambda/x",
            FailureClass::Timeout,
            8,
            4_000,
        ),
    ];
    for (id, update) in &messages[..2] {
        store.record_occurrences(id, update).await.expect("record");
    }

    // A store pointed at a table that does not exist writes nothing anywhere.
    let before = scan_all(&client).await;
    let misconfigured = IncidentStore::new(client.clone(), "no-such-table");
    let err: StoreError = misconfigured
        .record_occurrences(messages[2].0, &messages[2].1)
        .await
        .expect_err("missing table");
    assert_eq!(err.code(), "unavailable", "{err}");
    assert!(err.is_retryable());
    assert_eq!(scan_all(&client).await, before);

    // The table disappears mid-stream.
    client
        .delete_table()
        .table_name(TABLE)
        .send()
        .await
        .expect("delete table");
    for (id, update) in &messages[2..] {
        let err = store
            .record_occurrences(id, update)
            .await
            .expect_err("table is gone");
        assert_eq!(err.code(), "unavailable", "{err}");
        assert!(err.is_retryable());
    }
    let err = store.get("fp-x").await.expect_err("table is gone");
    assert_eq!(err.code(), "unavailable");

    // Back with an empty table, the queue redelivers everything (some messages twice).
    create_table(&client, TABLE).await.expect("recreate table");
    for (id, update) in messages.iter().chain(messages.iter()) {
        store.record_occurrences(id, update).await.expect("replay");
    }
    assert_eq!(occurrences(&store, "fp-x").await, 5 + 6 + 8);
    assert_eq!(occurrences(&store, "fp-y").await, 2);
    assert_eq!(scan_all(&client).await.len(), 2 + messages.len());
}

/// `writers` tasks each record `per_writer` messages into one incident at once, each message
/// delivered at most `deliveries` times (SQS redelivers a message whose write failed with a
/// retryable error); every message must end up committed exactly once.
async fn concurrent_writers(writers: u32, per_writer: u32, deliveries: u32) {
    // Serialized: stock moto lets two racing transactions pass one condition (see the harness).
    let (_moto, _client, store) = start(Moto::start_serialized()).await;
    let store = Arc::new(store);
    let mut tasks = Vec::new();
    for w in 0..writers {
        let store = Arc::clone(&store);
        tasks.push(tokio::spawn(async move {
            for m in 0..per_writer {
                let update = incident(
                    "fp-hot",
                    "/aws/lambda/hot",
                    FailureClass::Throttling,
                    u64::from(w * 10 + m + 1),
                    i64::from(w * 100 + m),
                );
                let id = format!("w{w}-m{m}");
                let mut attempts = 0;
                loop {
                    attempts += 1;
                    match store.record_occurrences(&id, &update).await {
                        Ok(_) => break,
                        Err(e) if e.is_retryable() && attempts < deliveries => continue,
                        Err(e) => panic!("{id} was not committed after {attempts} deliveries: {e}"),
                    }
                }
            }
        }));
    }
    for task in tasks {
        task.await.expect("writer task");
    }
    let expected: u64 = (0..writers)
        .flat_map(|w| (0..per_writer).map(move |m| u64::from(w * 10 + m + 1)))
        .sum();
    let stored = store.get("fp-hot").await.expect("get").expect("exists");
    assert_eq!(stored.occurrences, expected);
    assert_eq!(stored.version, u64::from(writers * per_writer));
    println!(
        "{} messages took {} write requests (the extra ones are version-conflict retries)",
        writers * per_writer,
        store.write_requests()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_writers_to_one_incident_lose_nothing() {
    // Up to 20 deliveries: what SQS redelivery does for a retryable error.
    concurrent_writers(4, 5, 20).await;
}

/// A hot incident: eight writers record into the same incident at once, each message delivered
/// ONCE (no redelivery loop around the store). The store's own backoff with jitter between
/// version-conflict retries must get every occurrence committed.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_hot_incident_commits_every_occurrence_under_concurrent_writers() {
    concurrent_writers(8, 4, 1).await;
}

/// The read and write cost of one message, as docs/ARCHITECTURE.md states it: a known
/// fingerprint is 1 GetItem + 1 TransactWriteItems; a template not seen before is 1 GetItem +
/// 1 Query page + 1 write (joining an aligned incident writes the alias in the same
/// transaction); a fingerprint that is an alias is 2 GetItems + 1 write.
#[tokio::test]
async fn each_message_costs_a_bounded_number_of_requests() {
    let (_moto, _client, store) = setup().await;
    // The incident the message went to, and the (reads, writes) it cost.
    let record = |id: &'static str, fingerprint: &'static str, user: &'static str| {
        let store = &store;
        async move {
            let before = (store.read_requests(), store.write_requests());
            let outcome = store
                .record_occurrences(id, &report_variant(fingerprint, user))
                .await
                .unwrap();
            let cost = (
                store.read_requests() - before.0,
                store.write_requests() - before.1,
            );
            (outcome.record().unwrap().fingerprint.clone(), cost)
        }
    };
    let alice = || "fp-alice".to_string();
    let created = record("m-1", "fp-alice", "alice").await;
    assert_eq!(
        created,
        (alice(), (2, 1)),
        "GetItem + Query page, one write"
    );
    let joined = record("m-2", "fp-bob", "bob").await;
    assert_eq!(
        joined,
        (alice(), (2, 1)),
        "bob's template joins alice's incident: GetItem + Query page, one write (with the alias)"
    );
    let known = record("m-3", "fp-alice", "alice").await;
    assert_eq!(known, (alice(), (1, 1)), "a known fingerprint");
    let via_alias = record("m-4", "fp-bob", "bob").await;
    assert_eq!(via_alias, (alice(), (2, 1)), "alias, then its incident");
    assert_eq!(occurrences(&store, "fp-alice").await, 4);
    // The joined incident's template, `get` through the alias and the listings are the scenario
    // `an_aligned_template_joins_the_incident_through_an_alias`, run on this emulator too.
}
