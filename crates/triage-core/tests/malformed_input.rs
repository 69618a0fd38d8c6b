//! Malformed input never panics: every case gets a typed error (or is read as text), and the
//! rest of the input is kept.

use triage_core::aggregate::aggregate;
use triage_core::decode::{
    base64_encode, decode_gzipped_document, decode_lambda_event, gzip, DecodeLimits, Decoded,
};
use triage_core::ingest::read_events;
use triage_core::model::LogEvent;

fn lambda_event(data: &str) -> String {
    format!("{{\"awslogs\":{{\"data\":\"{data}\"}}}}")
}

#[test]
fn decode_error_table() {
    let limits = DecodeLimits {
        max_decompressed_bytes: 1 << 20,
    };
    let valid_doc = br#"{"messageType":"DATA_MESSAGE","logGroup":"g","logEvents":[{"id":"1","timestamp":1,"message":"m"}]}"#;
    let bomb = gzip(&vec![b'a'; 64 << 20]);
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "corrupt base64",
            lambda_event("@@@@").into_bytes(),
            "invalid_base64",
        ),
        (
            "base64 of non-gzip",
            lambda_event(&base64_encode(b"plain text")).into_bytes(),
            "invalid_gzip",
        ),
        (
            "truncated gzip",
            lambda_event(&base64_encode(&gzip(valid_doc)[..20])).into_bytes(),
            "invalid_gzip",
        ),
        (
            "gzip bomb (64 MiB of 'a')",
            lambda_event(&base64_encode(&bomb)).into_bytes(),
            "payload_too_large",
        ),
        (
            "gzip of non-JSON",
            lambda_event(&base64_encode(&gzip(b"not json at all"))).into_bytes(),
            "invalid_document",
        ),
        (
            "gzip of JSON of another shape",
            lambda_event(&base64_encode(&gzip(b"[1,2,3]"))).into_bytes(),
            "invalid_document",
        ),
        ("event is not JSON", b"awslogs=1".to_vec(), "invalid_json"),
        (
            "event is invalid UTF-8",
            vec![0xff, 0xfe, b'{'],
            "invalid_json",
        ),
        ("empty event", Vec::new(), "invalid_json"),
        (
            "no awslogs key",
            br#"{"Records":[]}"#.to_vec(),
            "missing_data",
        ),
        (
            "awslogs.data not a string",
            br#"{"awslogs":{"data":42}}"#.to_vec(),
            "invalid_json",
        ),
    ];
    for (name, raw, code) in cases {
        let err = decode_lambda_event(&raw, limits).expect_err(name);
        assert_eq!(err.code(), code, "{name}: {err}");
        assert!(!err.to_string().is_empty());
    }
    assert!(bomb.len() < 200 * 1024, "the bomb is small when compressed");
}

#[test]
fn invalid_utf8_inside_the_document_is_kept_as_replacement_characters() {
    // A truncated sequence and two bytes that never start one: each becomes U+FFFD.
    for (bad, expected) in [
        (&[0xc3][..], "a\u{fffd}b"),
        (&[0xff, 0xfe][..], "a\u{fffd}\u{fffd}b"),
    ] {
        let mut doc = br#"{"messageType":"DATA_MESSAGE","logGroup":"g","logEvents":[{"id":"1","timestamp":1,"message":"a"#.to_vec();
        doc.extend_from_slice(bad);
        doc.extend_from_slice(br#"b"}]}"#);
        match decode_gzipped_document(&gzip(&doc), DecodeLimits::default()).unwrap() {
            Decoded::Data {
                document,
                replaced_invalid_utf8,
            } => {
                assert!(replaced_invalid_utf8);
                assert_eq!(document.log_events[0].message, expected);
            }
            Decoded::Control => panic!("data expected"),
        }
    }
}

#[test]
fn odd_texts_are_read_without_panicking() {
    let huge_line = "x".repeat(4 << 20);
    let huge_error = format!("[ERROR] {}", "boom ".repeat(500_000));
    let deep_json = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let texts = [
        "",
        "\n\n\n",
        "{",
        "[",
        "{\"awslogs\":{}}",
        "\u{feff}",
        "\0\0\0",
        huge_line.as_str(),
        huge_error.as_str(),
        deep_json.as_str(),
        "{\"events\":[{\"message\":7}]}",
        "@timestamp,@message\n\"unterminated",
    ];
    for text in texts {
        let ingested = read_events(text);
        let events: Vec<LogEvent> = ingested.events.iter().map(|e| e.event.clone()).collect();
        let (_, incidents) = aggregate(events.iter().map(|e| ("-", e)));
        for incident in incidents {
            assert!(
                incident.samples.iter().all(|s| s.chars().count() <= 2049),
                "samples are bounded"
            );
            assert!(
                incident.template.chars().count() <= 240,
                "templates are bounded"
            );
        }
    }
}

#[test]
fn a_huge_error_event_is_one_bounded_incident() {
    let message = format!(
        "[ERROR]\t2024-01-01T00:00:00.000Z\tc0ffee00-0000-4000-8000-000000000000\t{}",
        "failure detail ".repeat(100_000)
    );
    let event = LogEvent::new(Some(1), message);
    let (_, incidents) = aggregate([("-", &event)]);
    assert_eq!(incidents.len(), 1);
    assert!(incidents[0].samples[0].len() < 10_000);
}
