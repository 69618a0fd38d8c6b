//! `logtriage analyze --log-group` and `logtriage incidents show --logs` against the local AWS
//! emulator's CloudWatch Logs (moto server: CreateLogGroup, CreateLogStream, PutLogEvents,
//! FilterLogEvents, DescribeLogGroups over the real wire protocol).

mod common;

use common::{incidents_store, logtriage_moto, success_json};
use test_kit::logs_seed;
use test_kit::moto;

use serde_json::{json, Value};
use std::process::{Command, Output};
use triage_core::ingest::read_events;

const GROUP: &str = "/aws/lambda/orders";

/// What identifies the incidents of a report, in a fixed order.
fn identities(report: &Value) -> Vec<(String, String, u64, String, String)> {
    let mut found: Vec<_> = report["incidents"]
        .as_array()
        .expect("incidents")
        .iter()
        .map(|i| {
            (
                i["fingerprint"].as_str().unwrap().to_string(),
                i["class"].as_str().unwrap().to_string(),
                i["count"].as_u64().unwrap(),
                i["first_seen"].to_string(),
                i["last_seen"].to_string(),
            )
        })
        .collect();
    found.sort();
    found
}

/// The example log's events, one second apart from half an hour ago, each invocation (from
/// its START line) in one of three streams in turn: (stream, timestamp, message).
fn example_events() -> Vec<(String, i64, String)> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/lambda-failures.log"
    ))
    .expect("example log");
    let base = triage_aws::emf::now_ms() - 30 * 60_000;
    let mut stream = 0usize;
    read_events(&text)
        .events
        .into_iter()
        .enumerate()
        .map(|(i, e)| {
            if e.event.message.starts_with("START RequestId:") {
                stream += 1;
            }
            (
                format!("2024/05/29/[$LATEST]stream{}", stream % 3),
                base + i as i64 * 1_000,
                e.event.message,
            )
        })
        .collect()
}

async fn put_all(
    client: &aws_sdk_cloudwatchlogs::Client,
    group: &str,
    events: &[(String, i64, String)],
) {
    let mut streams: Vec<&String> = events.iter().map(|e| &e.0).collect();
    streams.sort();
    streams.dedup();
    for stream in streams {
        let mine: Vec<(i64, String)> = events
            .iter()
            .filter(|e| &e.0 == stream)
            .map(|e| (e.1, e.2.clone()))
            .collect();
        logs_seed::put_events(client, group, stream, &mine).await;
    }
}

#[tokio::test]
async fn a_log_group_read_in_pages_finds_the_same_incidents_as_its_export() {
    let moto = moto::Moto::start();
    let client = logs_seed::logs_client(&moto.endpoint()).await;
    let events = example_events();
    put_all(&client, GROUP, &events).await;

    // The export `aws logs filter-log-events --log-group-name G` would print, oldest first.
    let mut sorted = events.clone();
    sorted.sort_by_key(|e| e.1);
    let export = json!({"events": sorted.iter().map(|(stream, ts, message)| json!({
        "logStreamName": stream, "timestamp": ts, "message": message})).collect::<Vec<_>>()});
    let dir = std::env::temp_dir().join(format!("logtriage-logs-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let export_path = dir.join("export.json");
    std::fs::write(&export_path, export.to_string()).unwrap();

    let from_file = success_json(&logtriage_moto(
        &moto,
        &[
            "analyze",
            export_path.to_str().unwrap(),
            "--function",
            GROUP,
            "--format",
            "json",
        ],
    ));
    // Seven events a page: the example's events take many pages.
    let read = logtriage_moto(
        &moto,
        &[
            "analyze",
            "--log-group",
            GROUP,
            "--since",
            "2h",
            "--page-size",
            "7",
            "--format",
            "json",
        ],
    );
    let from_group = success_json(&read);
    let stderr = String::from_utf8_lossy(&read.stderr);
    let pages = (events.len() as f64 / 7.0).ceil() as u64;
    assert!(
        stderr.contains(&format!(
            "read {GROUP}: {} events in {pages} pages",
            events.len()
        )),
        "progress on stderr: {stderr}"
    );
    assert_eq!(from_group["events"], json!(events.len()));
    assert_eq!(from_group["events"], from_file["events"]);
    let incidents = identities(&from_group);
    assert!(
        incidents.len() >= 3,
        "the example holds several incidents: {incidents:?}"
    );
    assert_eq!(incidents, identities(&from_file));

    // The table output is the one files get, too.
    let table = logtriage_moto(&moto, &["analyze", "--log-group", GROUP, "--quiet"]);
    let file_table = logtriage_moto(
        &moto,
        &[
            "analyze",
            export_path.to_str().unwrap(),
            "--function",
            GROUP,
            "--quiet",
        ],
    );
    assert_eq!(table.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&table.stdout),
        String::from_utf8_lossy(&file_table.stdout)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn prefix_filter_pattern_and_limit() {
    let moto = moto::Moto::start();
    let client = logs_seed::logs_client(&moto.endpoint()).await;
    let events = example_events();
    let (first, second) = events.split_at(events.len() / 2);
    put_all(&client, GROUP, first).await;
    put_all(&client, "/aws/lambda/orders-eu", second).await;
    put_all(&client, "/aws/lambda/payments", second).await;

    let both = success_json(&logtriage_moto(
        &moto,
        &[
            "analyze",
            "--log-group-prefix",
            "/aws/lambda/orders",
            "--format",
            "json",
            "-q",
        ],
    ));
    assert_eq!(
        both["events"],
        json!(events.len()),
        "both orders groups, not payments"
    );

    let timeouts = events
        .iter()
        .filter(|e| e.2.contains("Task timed out"))
        .count();
    assert!(timeouts > 0);
    let matched = success_json(&logtriage_moto(
        &moto,
        &[
            "analyze",
            "--log-group-prefix",
            "/aws/lambda/orders",
            "--filter-pattern",
            "\"Task timed out\"",
            "--format",
            "json",
        ],
    ));
    assert_eq!(matched["events"], json!(timeouts));
    assert!(matched["incidents"]
        .as_array()
        .unwrap()
        .iter()
        .all(|i| i["class"] == "timeout"));

    let limited = success_json(&logtriage_moto(
        &moto,
        &[
            "analyze",
            "--log-group",
            GROUP,
            "--limit",
            "5",
            "--page-size",
            "3",
            "--format",
            "json",
        ],
    ));
    assert_eq!(limited["events"], json!(5));

    let none = logtriage_moto(
        &moto,
        &["analyze", "--log-group-prefix", "/aws/lambda/nothing"],
    );
    assert_eq!(none.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&none.stderr)
        .contains("no log group starts with /aws/lambda/nothing"));
}

#[tokio::test]
async fn a_missing_group_or_missing_credentials_is_one_clear_line() {
    let moto = moto::Moto::start();
    let missing = logtriage_moto(&moto, &["analyze", "--log-group", "/aws/lambda/nope"]);
    assert_eq!(missing.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&missing.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("log group /aws/lambda/nope not found in us-east-1"),
        "{stderr}"
    );
    assert!(missing.stdout.is_empty(), "no report for an unread group");

    let home = std::env::temp_dir().join(format!("logtriage-nohome-{}", std::process::id()));
    std::fs::create_dir_all(&home).unwrap();
    let no_credentials = Command::new(env!("CARGO_BIN_EXE_logtriage"))
        .args(["analyze", "--log-group", GROUP])
        .env_clear()
        .env("HOME", &home)
        .env("AWS_ENDPOINT_URL", moto.endpoint())
        .env("AWS_REGION", "us-east-1")
        .env("AWS_CONFIG_FILE", home.join("none"))
        .env("AWS_SHARED_CREDENTIALS_FILE", home.join("none"))
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .output()
        .expect("binary runs");
    let stderr = String::from_utf8_lossy(&no_credentials.stderr);
    assert_eq!(no_credentials.status.code(), Some(2), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("no AWS credentials"), "{stderr}");

    let bad_since = logtriage_moto(&moto, &["analyze", "--log-group", GROUP, "--since", "soon"]);
    assert_eq!(bad_since.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad_since.stderr).contains("--since \"soon\""));
    let stray = logtriage_moto(&moto, &["analyze", "examples/none.log", "--since", "1h"]);
    assert_eq!(stray.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&stray.stderr).contains("apply to --log-group"));
}

/// moto with IAM access control: a user with no policy is refused FilterLogEvents.
#[test]
fn access_denied_is_one_clear_line() {
    let moto = moto::Moto::start_with_iam(2);
    // The two free requests: a user without policies and its access key (IAM query protocol;
    // the signature is not checked while requests are free).
    let iam = |action: &str| {
        let out = Command::new("curl")
            .args([
                "-sS",
                "--fail",
                "-X",
                "POST",
                &format!("{}/", moto.endpoint()),
                "-H",
                "Authorization: AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0",
                "-d",
                &format!("Action={action}&UserName=reader&Version=2010-05-08"),
            ])
            .output()
            .expect("curl runs");
        String::from_utf8_lossy(&out.stdout).to_string()
    };
    iam("CreateUser");
    let key = iam("CreateAccessKey");
    let field = |name: &str| {
        let start = key.find(&format!("<{name}>")).expect(name) + name.len() + 2;
        key[start..start + key[start..].find('<').unwrap()].to_string()
    };
    let denied = Command::new(env!("CARGO_BIN_EXE_logtriage"))
        .args(["analyze", "--log-group", GROUP])
        .env("AWS_ENDPOINT_URL", moto.endpoint())
        .env("AWS_REGION", "us-east-1")
        .env("AWS_ACCESS_KEY_ID", field("AccessKeyId"))
        .env("AWS_SECRET_ACCESS_KEY", field("SecretAccessKey"))
        .output()
        .expect("binary runs");
    let stderr = String::from_utf8_lossy(&denied.stderr);
    assert_eq!(denied.status.code(), Some(2), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains(&format!(
            "access denied reading log group {GROUP}: the caller needs logs:FilterLogEvents"
        )),
        "{stderr}"
    );
    assert!(stderr.len() < 400, "one short line: {stderr}");
}

const RID: &str = "8f5b2c3d-1e4a-4b6c-9d7e-0a1b2c3d4e5f";
const OTHER: &str = "1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d";

type Lines = Vec<(i64, String)>;

/// One failing invocation with secrets in its log, an untagged `print` line, and a concurrent
/// invocation in another stream that must not leak into its context.
fn failing_invocation(at: i64) -> (Lines, Lines) {
    let own = vec![
        (at, format!("START RequestId: {RID} Version: $LATEST")),
        (at + 5, "loading config from ssm, db password=hunter2hunter2".to_string()),
        (at + 10, format!("2024-05-29T16:26:44.503Z\t{RID}\tINFO\tconnecting to postgres://app:S3cr3tPass@db.internal:5432/orders")),
        (at + 20, format!("2024-05-29T16:26:44.540Z\t{RID}\tERROR\tInvoke Error \t{{\"errorType\":\"KeyError\",\"errorMessage\":\"'order_id'\"}}")),
        (at + 21, format!("END RequestId: {RID}")),
        (at + 22, format!("REPORT RequestId: {RID}\tDuration: 21.00 ms\tBilled Duration: 22 ms\tMemory Size: 256 MB\tMax Memory Used: 80 MB")),
    ];
    let other = vec![
        (at + 1, format!("START RequestId: {OTHER} Version: $LATEST")),
        (at + 6, "unrelated line of another invocation".to_string()),
        (at + 30, format!("END RequestId: {OTHER}")),
    ];
    (own, other)
}

/// `logtriage incidents show <fingerprint> --logs`, and its standard output as text.
fn show_with_logs(moto: &moto::Moto, fingerprint: &str) -> (Output, String) {
    let out = logtriage_moto(moto, &["incidents", "show", fingerprint, "--logs"]);
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    (out, text)
}

#[tokio::test]
async fn incidents_show_logs_prints_the_failing_invocations_redacted_log() {
    let moto = moto::Moto::start();
    let store = incidents_store(&moto).await;
    let logs = logs_seed::logs_client(&moto.endpoint()).await;
    let at = triage_aws::emf::now_ms() - 10 * 60_000;
    let (own, other) = failing_invocation(at);
    logs_seed::put_events(&logs, GROUP, "stream-a", &own).await;
    logs_seed::put_events(&logs, GROUP, "stream-b", &other).await;

    let incident = logs_seed::incident_of(GROUP, &own, RID);
    store
        .record_occurrences("seed-1", &incident)
        .await
        .expect("seeded");

    let (shown, text) = show_with_logs(&moto, &incident.fingerprint);
    assert_eq!(
        shown.status.code(),
        Some(0),
        "{text}{}",
        String::from_utf8_lossy(&shown.stderr)
    );
    assert!(
        text.contains(&format!("log of request {RID} (stream stream-a")),
        "{text}"
    );
    for expected in [
        "START RequestId",
        "loading config from ssm",
        "connecting to postgres://app:",
        "KeyError",
        "REPORT RequestId",
    ] {
        assert!(text.contains(expected), "{expected} in {text}");
    }
    for secret in ["hunter2hunter2", "S3cr3tPass"] {
        assert!(!text.contains(secret), "{secret} redacted in {text}");
    }
    assert!(
        !text.contains("unrelated line"),
        "another stream's invocation stays out: {text}"
    );

    let as_json = success_json(&logtriage_moto(
        &moto,
        &[
            "incidents",
            "show",
            &incident.fingerprint,
            "--logs",
            "--json",
        ],
    ));
    assert_eq!(as_json["invocation_log"]["request_id"], RID);
    assert_eq!(
        as_json["invocation_log"]["lines"].as_array().unwrap().len(),
        own.len()
    );

    // The incident's group is gone: the incident is still shown, with the reason, and status 1.
    logs.delete_log_group()
        .log_group_name(GROUP)
        .send()
        .await
        .expect("deleted");
    let (gone, text) = show_with_logs(&moto, &incident.fingerprint);
    assert_eq!(gone.status.code(), Some(1), "{text}");
    assert!(
        text.contains(&incident.fingerprint)
            && text.contains(
                "log:         not available: reading /aws/lambda/orders failed (not_found)"
            ),
        "{text}"
    );
}
