//! Helpers shared by the CLI's test binaries: `logtriage` run as a user runs it, and its output
//! read back.

// Each test binary compiles this module and uses part of it.
#![allow(dead_code)]

use std::io::Write;
use std::process::{Command, Output, Stdio};
use test_kit::moto::Moto;
use triage_aws::store::{create_table, IncidentStore};

/// `logtriage args` from the repository root, with `stdin` on its standard input.
pub fn logtriage_piped(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_logtriage"))
        .args(args)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary runs");
    let mut input = child.stdin.take().unwrap();
    // The binary may exit before reading its input (an invalid pattern): a closed pipe then
    // is expected, not a failure.
    let _ = input.write_all(stdin);
    drop(input);
    child.wait_with_output().unwrap()
}

/// `logtriage args` against the emulator (table `incidents`, test credentials).
pub fn logtriage_moto(moto: &Moto, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_logtriage"))
        .args(args)
        .env("AWS_ENDPOINT_URL", moto.endpoint())
        .env("AWS_REGION", "us-east-1")
        .env("AWS_ACCESS_KEY_ID", "test")
        .env("AWS_SECRET_ACCESS_KEY", "test")
        .env("LOGTRIAGE_TABLE", "incidents")
        .output()
        .expect("binary runs")
}

/// The JSON a successful run printed (a failed run fails the test with its stderr).
pub fn success_json(out: &Output) -> serde_json::Value {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON on stdout")
}

/// The emulator's `incidents` table, created, and the store over it.
pub async fn incidents_store(moto: &Moto) -> IncidentStore {
    let dynamodb = moto.dynamodb().await;
    create_table(&dynamodb, "incidents").await.expect("table");
    IncidentStore::new(dynamodb, "incidents")
}

/// `filter-test --excerpts` input: a timeout excerpt and a healthy one.
pub const TWO_EXCERPTS: &[u8] =
    br#"{"id":"a","class":"timeout","text":"START x\nTask timed out after 3.00 seconds"}
{"id":"b","class":"not_an_error","text":"START x\nEND x"}
"#;
