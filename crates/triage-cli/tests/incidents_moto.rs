//! `logtriage incidents` against the local AWS emulator (moto server, real DynamoDB wire
//! protocol): incidents written by the store the incident-writer uses, read back by the CLI.

mod common;

use common::{incidents_store, logtriage_moto, success_json};
use test_kit::moto;
use triage_aws::store::IncidentStore;
use triage_core::aggregate::aggregate;
use triage_core::model::LogEvent;

/// `logtriage incidents <args> --json`, which must succeed, as JSON.
fn incidents_json(moto: &moto::Moto, args: &[&str]) -> serde_json::Value {
    let args = [&["incidents"], args, &["--json"]].concat();
    success_json(&logtriage_moto(moto, &args))
}

fn fingerprints(list: &serde_json::Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap().to_string())
        .collect()
}

/// One incident of `function`, last seen at `at_ms`, from a real log line.
async fn seed(store: &IncidentStore, function: &str, line: &str, at_ms: i64) -> String {
    let event = LogEvent::new(Some(at_ms), line);
    let (_, incidents) = aggregate([(function, &event)]);
    let incident = &incidents[0];
    store
        .record_occurrences(&format!("seed-{at_ms}"), incident)
        .await
        .expect("seeded");
    incident.fingerprint.clone()
}

#[tokio::test]
async fn list_ack_resolve_show() {
    let moto = moto::Moto::start();
    let store = incidents_store(&moto).await;
    let old = seed(&store, "/aws/lambda/orders", "2024-01-01T00:00:00.000Z 5c1a7d1e-4b2c-4a6f-9e8d-7c6b5a493827 Task timed out after 3.00 seconds", 1_717_000_000_000).await;
    let newer = seed(&store, "/aws/lambda/orders", "[ERROR]\t2024-01-01T00:00:00.000Z\t5c1a7d1e-4b2c-4a6f-9e8d-7c6b5a493827\tKeyError: 'order_id'", 1_717_000_100_000).await;
    let newest = seed(&store, "/aws/lambda/payments", "2024-01-01T00:00:00.000Z\t5c1a7d1e-4b2c-4a6f-9e8d-7c6b5a493827\tERROR\tconnect ECONNREFUSED 10.0.0.1:5432", 1_717_000_200_000).await;

    let open = incidents_json(&moto, &["list"]);
    assert_eq!(
        fingerprints(&open),
        vec![newest.clone(), newer.clone(), old.clone()],
        "newest first"
    );

    let acked = incidents_json(&moto, &["ack", &newest]);
    assert_eq!(acked["status"], "acknowledged");
    let open = incidents_json(&moto, &["list"]);
    assert_eq!(fingerprints(&open), vec![newer.clone(), old.clone()]);
    let all = incidents_json(&moto, &["list", "--status", "all"]);
    assert_eq!(
        fingerprints(&all),
        vec![newer.clone(), old.clone(), newest.clone()],
        "open first, then acknowledged"
    );

    let by_function = incidents_json(&moto, &["list", "--function", "/aws/lambda/orders"]);
    assert_eq!(fingerprints(&by_function), vec![newer.clone(), old.clone()]);
    let timeouts = incidents_json(&moto, &["list", "--class", "timeout"]);
    assert_eq!(fingerprints(&timeouts), vec![old.clone()]);

    incidents_json(&moto, &["resolve", &old]);
    let shown = logtriage_moto(&moto, &["incidents", "show", &old]);
    let text = String::from_utf8_lossy(&shown.stdout);
    assert!(
        shown.status.success()
            && text.contains("timeout — resolved")
            && text.contains("Task timed out"),
        "{text}"
    );
    // The evidence written by the processor survives the store and is shown (issue 10).
    assert!(
        text.contains("evidence:    lambda_platform_message `Task timed out after`"),
        "{text}"
    );

    let table =
        String::from_utf8_lossy(&logtriage_moto(&moto, &["incidents", "list"]).stdout).to_string();
    assert!(
        table.starts_with("FINGERPRINT") && table.contains(&newer),
        "{table}"
    );

    let missing = logtriage_moto(&moto, &["incidents", "show", "0000000000000000"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no incident 0000000000000000"));
    let bad_class = logtriage_moto(&moto, &["incidents", "list", "--class", "sadness"]);
    assert_eq!(bad_class.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad_class.stderr).contains("unknown class"));
}
