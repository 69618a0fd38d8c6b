//! The in-memory test double (`store::memory`, feature `test-support`) through the same
//! scenarios as the DynamoDB adapter on the emulator (store_moto.rs).

mod scenarios;

use triage_aws::store::memory::InMemoryStore;

#[tokio::test]
async fn status_changes_and_reopening() {
    scenarios::status_changes_and_reopening(&InMemoryStore::new()).await;
}

#[tokio::test]
async fn list_serves_open_newest_first_and_by_function() {
    scenarios::list_serves_open_newest_first_and_by_function(&InMemoryStore::new()).await;
}

#[tokio::test]
async fn a_replay_changes_nothing() {
    scenarios::a_replay_changes_nothing(&InMemoryStore::new()).await;
}

#[tokio::test]
async fn an_aligned_template_joins_the_incident_through_an_alias() {
    scenarios::an_aligned_template_joins_the_incident_through_an_alias(&InMemoryStore::new()).await;
}

#[tokio::test]
async fn cross_batch_alignment_can_be_turned_off() {
    let store = InMemoryStore::new().with_max_align_candidates(0);
    use triage_aws::store::{GetIncident, RecordOccurrences, RecordOutcome};
    for (id, fp, user) in [("m-1", "fp-alice", "alice"), ("m-2", "fp-bob", "bob")] {
        let outcome = store
            .record_occurrences(id, &scenarios::report_variant(fp, user))
            .await
            .unwrap();
        assert!(matches!(outcome, RecordOutcome::Created(_)), "{id}");
    }
    let bob = store
        .get("fp-bob")
        .await
        .unwrap()
        .expect("its own incident");
    assert_eq!(bob.fingerprint, "fp-bob");
}

#[tokio::test]
async fn summary_attempts_and_the_email_budget() {
    scenarios::summary_attempts_and_the_email_budget(&InMemoryStore::new()).await;
}
