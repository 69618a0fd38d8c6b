//! The in-memory test double (`store::memory`, feature `test-support`) through the same
//! scenarios as the DynamoDB adapter on the emulator (store_moto.rs).

#[macro_use]
mod scenarios;

use triage_aws::store::memory::InMemoryStore;
use triage_aws::store::{GetIncident, RecordOccurrences, RecordOutcome};

scenario_tests!(
    let store = InMemoryStore::new() => store;
    status_changes_and_reopening,
    list_serves_open_newest_first_and_by_function,
    a_replay_changes_nothing,
    an_aligned_template_joins_the_incident_through_an_alias,
    summary_attempts_and_the_email_budget,
);

/// As the adapter's `MAX_ALIGN_CANDIDATES = 0`: every new template opens an incident.
#[tokio::test]
async fn cross_batch_alignment_can_be_turned_off() {
    let store = InMemoryStore::new().with_max_align_candidates(0);
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
