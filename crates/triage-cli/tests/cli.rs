//! The `logtriage` binary, run as a user runs it.

mod common;

use common::{logtriage_piped, TWO_EXCERPTS};
use std::process::Output;

fn logtriage(args: &[&str], stdin: Option<&[u8]>) -> Output {
    logtriage_piped(args, stdin.unwrap_or_default())
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(o)))
}

#[test]
fn analyze_bundled_sample_as_json() {
    let out = logtriage(
        &[
            "analyze",
            "--format",
            "json",
            "examples/lambda-failures.log",
        ],
        None,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = json(&out);
    assert_eq!(report["events"], 177);
    let incidents = report["incidents"].as_array().unwrap();
    let classes: Vec<&str> = incidents
        .iter()
        .map(|i| i["class"].as_str().unwrap())
        .collect();
    // The sample injects exactly these faults; healthy invocations (with `errors=0` in INFO lines) add none.
    assert_eq!(
        classes,
        [
            "timeout",
            "out_of_memory",
            "init_error",
            "throttling",
            "dependency_unavailable"
        ]
    );
    let count = |class: &str| {
        incidents.iter().find(|i| i["class"] == class).unwrap()["count"]
            .as_u64()
            .unwrap()
    };
    assert_eq!(count("throttling"), 8);
    assert_eq!(count("timeout"), 3);
    for incident in incidents {
        for sample in incident["samples"].as_array().unwrap() {
            assert!(
                !sample.as_str().unwrap().contains("alice@example.com"),
                "samples are redacted"
            );
        }
        assert!(incident["summary"]["summary"].as_str().unwrap().len() > 10);
        // Every incident says why it has its class (issue 10), in redacted text.
        let evidence = &incident["evidence"];
        assert!(
            !evidence["signal"].as_str().unwrap().is_empty(),
            "{incident}"
        );
        assert!(!evidence["span"]
            .as_str()
            .unwrap()
            .contains("alice@example.com"));
    }
    let timeout = incidents.iter().find(|i| i["class"] == "timeout").unwrap();
    assert_eq!(timeout["evidence"]["signal"], "lambda_platform_message");
}

#[test]
fn analyze_table_is_readable() {
    let out = logtriage(&["analyze", "examples/lambda-failures.log"], None);
    let text = stdout(&out);
    assert!(text.starts_with("177 events → 5 incidents"), "{text}");
    assert!(text.contains("critical  timeout"), "{text}");
    assert!(text.contains("cause:"), "{text}");
    assert!(
        text.contains("    why:    lambda_platform_message `Task timed out after`"),
        "{text}"
    );
}

#[test]
fn analyze_reads_stdin_and_subscription_events() {
    let event = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/subscription-event.json"
    ))
    .unwrap();
    let out = logtriage(&["analyze", "--format", "json", "-"], Some(&event));
    let report = json(&out);
    assert_eq!(report["events"], 4);
    assert_eq!(report["incidents"][0]["class"], "bad_input");
    // A quoted word is a value to the shared template engine (see PATTERNS.md).
    assert_eq!(report["incidents"][0]["template"], "KeyError: '<*>'");
}

#[test]
fn a_corrupt_record_is_reported_and_the_rest_analysed() {
    let good = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/subscription-event.json"
    ))
    .unwrap();
    let input = format!(
        "{}\n{{\"awslogs\":{{\"data\":\"!!!not base64\"}}}}\n{}",
        good.trim(),
        good.trim()
    );
    let out = logtriage(&["analyze", "--format", "json"], Some(input.as_bytes()));
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("record 2") && stderr.contains("base64"),
        "{stderr}"
    );
    assert_eq!(
        json(&out)["events"],
        8,
        "both good records are still analysed"
    );
}

#[test]
fn missing_file_is_a_clear_error() {
    let out = logtriage(&["analyze", "no/such/file.log"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot open no/such/file.log"));
}

#[test]
fn invalid_utf8_is_replaced_with_a_warning() {
    let mut input = b"2024-01-01T00:00:00.000Z\tc0ffee00-0000-4000-8000-000000000000\tERROR\tbad byte \xff here\n".to_vec();
    input.extend_from_slice(
        b"START RequestId: c0ffee00-0000-4000-8000-000000000000 Version: $LATEST\n",
    );
    let out = logtriage(&["analyze", "--format", "json"], Some(&input));
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("invalid UTF-8"));
    assert_eq!(json(&out)["incidents"][0]["class"], "error");
}

#[test]
fn patterns_one_line_out_per_line_in_input_order() {
    let input = b"connected to 10.0.0.1 in 35 ms\nuser 42 logged in\nconnected to 10.0.0.9 in 7 ms\n\nuser 7 logged in\n";
    let out = logtriage(&["patterns"], Some(input));
    let lines: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 5);
    assert_eq!(lines[0]["pattern_id"], lines[2]["pattern_id"]);
    assert_eq!(lines[1]["pattern_id"], lines[4]["pattern_id"]);
    assert_ne!(lines[0]["pattern_id"], lines[1]["pattern_id"]);
    assert!(lines[0]["template"].as_str().unwrap().contains("<*>"));
    let summary = logtriage(&["patterns", "--summary"], Some(input));
    let total: u64 = stdout(&summary)
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["count"]
                .as_u64()
                .unwrap()
        })
        .sum();
    assert_eq!(total, 5);
}

#[test]
fn redact_keeps_line_count_and_removes_secrets() {
    let input = b"login ok for bob@example.com from 203.0.113.9\nkey AKIAIOSFODNN7EXAMPLE used\n\nplain words stay\n";
    let out = logtriage(&["redact"], Some(input));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4);
    assert!(
        !text.contains("bob@example.com")
            && !text.contains("203.0.113.9")
            && !text.contains("AKIAIOSFODNN7EXAMPLE"),
        "{text}"
    );
    assert_eq!(lines[3], "plain words stay");
}

#[test]
fn filter_test_prints_matching_events_with_line_numbers() {
    let log = b"START RequestId: 1 Version: $LATEST\n\
2024-05-01T12:00:03.000Z 1 Task timed out after 3.00 seconds\n\
{\"time\":\"t\",\"type\":\"platform.report\",\"record\":{\"status\":\"timeout\"}}\n\
END RequestId: 1\n";
    let out = logtriage(
        &[
            "filter-test",
            "--pattern",
            r#"?"Task timed out" ?"Runtime exited""#,
        ],
        Some(log),
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        stdout(&out),
        "2:2024-05-01T12:00:03.000Z 1 Task timed out after 3.00 seconds\n"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("1 of 4 events"));

    let json = logtriage(
        &[
            "filter-test",
            "--count",
            "--pattern",
            r#"{ $.type = "platform.*" && $.record.status != "success" }"#,
        ],
        Some(log),
    );
    assert_eq!(json.status.code(), Some(0));
    assert_eq!(stdout(&json), "1\n");
}

#[test]
fn filter_test_exit_status_says_nothing_matched_or_pattern_invalid() {
    let none = logtriage(
        &["filter-test", "--pattern", "ERROR"],
        Some(b"error: lower case\n"),
    );
    assert_eq!(
        none.status.code(),
        Some(1),
        "CloudWatch terms are case-sensitive"
    );
    assert_eq!(stdout(&none), "");

    // A pattern may start with `-` (an exclusion), which is not an option.
    let excluded = logtriage(
        &["filter-test", "--pattern", "-DEBUG", "--count"],
        Some(b"DEBUG noise\nERROR boom\n"),
    );
    assert_eq!(stdout(&excluded), "1\n");

    let invalid = logtriage(
        &["filter-test", "--pattern", "Runtime.ExitError"],
        Some(b"Runtime.ExitError\n"),
    );
    assert_eq!(invalid.status.code(), Some(2));
    let err = String::from_utf8_lossy(&invalid.stderr);
    assert!(
        err.contains("Runtime.ExitError") && err.contains("double quotes"),
        "{err}"
    );
}

#[test]
fn filter_test_excerpts_tallies_by_class() {
    let input = TWO_EXCERPTS;
    let out = logtriage(
        &["filter-test", "--excerpts", "--pattern", r#""timed out""#],
        Some(input),
    );
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(text.contains("match\ta\ttimeout\n"), "{text}");
    assert!(text.contains("no-match\tb\tnot_an_error\n"), "{text}");
    assert!(
        text.contains("not_an_error\t0\t1\n") && text.contains("timeout\t1\t1\n"),
        "{text}"
    );
}
