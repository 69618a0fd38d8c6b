//! THIS IS A STUB OF THE CONVERSE WIRE FORMAT, NOT BEDROCK.
//!
//! Bedrock cannot be reached from the test machines and the local AWS emulator does not serve
//! it, so these tests run the real `aws-sdk-bedrockruntime` client (signing, serialisation,
//! error parsing, timeouts) against a tiny hand-written HTTP/1.1 server on 127.0.0.1 that
//! answers `POST /model/{modelId}/converse` the way the Converse API documents it. They prove
//! that `BedrockSummarizer` builds the request we intend and maps the responses and failures
//! we expect; they say nothing about how a real model answers.

use test_kit::converse_stub;

use converse_stub::{start_converse_stub, stub_client, Canned, Log};
use serde_json::{json, Value};
use std::time::{Duration, Instant};
use triage_aws::bedrock::{BedrockError, BedrockSettings, BedrockSummarizer};
use triage_core::model::Severity;
use triage_core::prompt::{parse_summary, Prompt};
use triage_core::summary::SummarySource;

/// An inference-profile id: the colon must reach the wire percent-encoded, the rest unchanged.
const MODEL_ID: &str = "us.anthropic.claude-3-5-haiku-20241022-v1:0";
const MODEL_PATH: &str = "/model/us.anthropic.claude-3-5-haiku-20241022-v1%3A0/converse";

fn prompt() -> Prompt {
    Prompt {
        system: "SYSTEM: you triage AWS Lambda incidents; answer with JSON only.".to_string(),
        user: "<<<LOG-DATA-7f3a>>>\nclass: timeout\n<<<END-LOG-DATA-7f3a>>>".to_string(),
    }
}

/// The summarizer under test, pointed at a Converse stub that answers `canned`, and the stub's
/// record of the requests it received.
async fn stubbed(canned: Canned, settings: BedrockSettings) -> (BedrockSummarizer, Log) {
    let (url, log) = start_converse_stub(canned).await;
    let summarizer = BedrockSummarizer::new(stub_client(&url), MODEL_ID.to_string(), settings);
    (summarizer, log)
}

/// The summarizer's error for `prompt()` when the stub answers `canned`, and the stub's record
/// of the requests it received.
async fn summarize_error(canned: Canned, settings: BedrockSettings) -> (BedrockError, Log) {
    let (summarizer, log) = stubbed(canned, settings).await;
    let err = summarizer
        .summarize(&prompt())
        .await
        .expect_err("the stub's answer is a failure");
    (err, log)
}

#[tokio::test]
async fn converse_wire_stub_request_carries_model_system_prompt_and_inference_config() {
    let answer = "```json\n{\"summary\":\"orders timed out\",\"probable_cause\":\"blocked call\",\
                  \"remediation\":[\"add a timeout\"],\"severity\":\"critical\"}\n```";
    let (summarizer, log) = stubbed(Canned::converse_ok(answer), BedrockSettings::default()).await;

    let text = summarizer.summarize(&prompt()).await.expect("stub answers");
    assert_eq!(text, answer);
    // The text flows into the pure parser exactly as it would from Bedrock.
    let summary = parse_summary(&text, Severity::Low).expect("parses");
    assert_eq!(summary.summary, "orders timed out");
    assert_eq!(summary.severity, Severity::Critical);
    assert_eq!(summary.source, SummarySource::Bedrock);

    let requests = log.lock().expect("log lock").clone();
    assert_eq!(requests.len(), 1);
    let req = &requests[0];
    assert_eq!(req.method, "POST");
    assert_eq!(req.path, MODEL_PATH, "model id is passed through unchanged");
    let auth = req.header("authorization").unwrap_or_default();
    assert!(
        auth.starts_with("AWS4-HMAC-SHA256") && auth.contains("/us-east-1/bedrock/aws4_request"),
        "request is SigV4-signed for bedrock in us-east-1: {auth}"
    );
    let body: Value = serde_json::from_slice(&req.body).expect("JSON body");
    assert_eq!(body["system"][0]["text"], json!(prompt().system));
    assert_eq!(body["messages"].as_array().map(Vec::len), Some(1));
    assert_eq!(body["messages"][0]["role"], json!("user"));
    assert_eq!(
        body["messages"][0]["content"][0]["text"],
        json!(prompt().user)
    );
    assert_eq!(body["inferenceConfig"]["maxTokens"], json!(600));
    let temperature = body["inferenceConfig"]["temperature"]
        .as_f64()
        .unwrap_or(-1.0);
    assert!((temperature - 0.2).abs() < 1e-6, "{temperature}");
}

#[tokio::test]
async fn converse_wire_stub_throttling_maps_to_retryable_throttled() {
    let throttled = Canned::throttled("Too many requests");
    let (err, log) = summarize_error(throttled, BedrockSettings::default()).await;
    assert_eq!(err.code(), "throttled", "{err}");
    assert!(err.is_retryable());
    assert!(err.to_string().contains("Too many requests"), "{err}");
    assert_eq!(log.lock().expect("log lock").len(), 1);
}

#[tokio::test]
async fn converse_wire_stub_slow_answer_maps_to_retryable_timeout() {
    let mut slow = Canned::converse_ok("too late");
    slow.delay = Duration::from_secs(5);
    let settings = BedrockSettings {
        timeout: Duration::from_millis(300),
        ..BedrockSettings::default()
    };
    let started = Instant::now();
    let (err, _log) = summarize_error(slow, settings).await;
    assert_eq!(err.code(), "timeout", "{err}");
    assert!(err.is_retryable());
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "gave up at the operation timeout, not when the stub answered: {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn converse_wire_stub_answer_without_text_is_an_invalid_response() {
    let mut empty = Canned::converse_ok("");
    empty.body = json!({
        "output": {"message": {"role": "assistant", "content": []}},
        "stopReason": "max_tokens",
        "usage": {"inputTokens": 1, "outputTokens": 0, "totalTokens": 1},
        "metrics": {"latencyMs": 1}
    })
    .to_string();
    let (err, _log) = summarize_error(empty, BedrockSettings::default()).await;
    assert_eq!(err.code(), "invalid_response", "{err}");
    assert!(!err.is_retryable());
}

#[tokio::test]
async fn converse_wire_stub_access_denied_is_not_retryable() {
    let denied =
        Canned::access_denied("You don't have access to the model with the specified model ID.");
    let (err, _log) = summarize_error(denied, BedrockSettings::default()).await;
    assert_eq!(err.code(), "access_denied", "{err}");
    assert!(!err.is_retryable());
}
