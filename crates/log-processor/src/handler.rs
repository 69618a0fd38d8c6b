//! One invocation: decode the subscription payload (direct `awslogs` or Kinesis records),
//! aggregate each batch with triage-core, queue one message per fingerprint per batch, and emit
//! one EMF metrics line. It never writes to DynamoDB and never panics on input.
//!
//! Error policy:
//! - a payload that cannot be decoded will never decode on retry: it is logged with a stable
//!   error code, counted in the `MalformedPayloads` metric, and the invocation succeeds;
//! - a failure to queue may succeed on retry: the invocation fails so Lambda retries it (and
//!   then sends it to the on-failure destination). Message ids are derived from the batch, so a
//!   retried batch produces the same ids and the writer does not count it twice.

use base64::Engine;
use lambda_runtime::{Error, LambdaEvent};
use serde_json::Value;
use std::sync::atomic::{AtomicBool, Ordering};
use triage_aws::config::ProcessorConfig;
use triage_aws::emf::{emf_line, Metric};
#[cfg(test)]
use triage_aws::queue::SendReport;
use triage_aws::queue::{incident_messages, BatchSource, MessageSink, OutgoingMessage};
use triage_core::aggregate::{Aggregator, AggregatorConfig};
use triage_core::decode::{
    decode_awslogs_data, decode_gzipped_document, DecodeError, DecodeLimits, Decoded, LogsDocument,
};

/// What one invocation did, for the response, the metrics line and the tests.
#[derive(Debug, Default, PartialEq, serde::Serialize)]
pub struct Outcome {
    pub batches: usize,
    pub events: u64,
    pub incidents: usize,
    pub messages: usize,
    pub control_messages: usize,
    /// Stable error code of each payload that could not be decoded.
    pub malformed: Vec<&'static str>,
    pub replaced_invalid_utf8: usize,
    /// Messages SQS refused permanently (logged by id, counted in `RejectedMessages`).
    pub rejected_messages: usize,
}

/// A payload error: a stable code for logs and metrics, with the detail.
#[derive(Debug, PartialEq)]
pub struct PayloadError {
    pub code: &'static str,
    pub detail: String,
}

impl From<DecodeError> for PayloadError {
    fn from(e: DecodeError) -> Self {
        PayloadError {
            code: e.code(),
            detail: e.to_string(),
        }
    }
}

/// Decode the invocation payload into subscription documents. Each element is one payload
/// (one `awslogs` event, or one Kinesis record): they fail independently.
pub fn decode_payloads(event: &Value, limits: DecodeLimits) -> Vec<Result<Decoded, PayloadError>> {
    if let Some(awslogs) = event.get("awslogs") {
        let Some(data) = awslogs.get("data").and_then(Value::as_str) else {
            return vec![Err(DecodeError::MissingData.into())];
        };
        return vec![decode_awslogs_data(data.as_bytes(), limits).map_err(PayloadError::from)];
    }
    if let Some(records) = event.get("Records").and_then(Value::as_array) {
        // Kinesis: `kinesis.data` is base64 of the gzipped document (no `awslogs` wrapper).
        return records
            .iter()
            .map(|record| {
                let data = record
                    .pointer("/kinesis/data")
                    .and_then(Value::as_str)
                    .ok_or(PayloadError {
                        code: "invalid_record",
                        detail: "Kinesis record without kinesis.data".into(),
                    })?;
                let gz = base64::engine::general_purpose::STANDARD
                    .decode(data.trim())
                    .map_err(|e| PayloadError::from(DecodeError::InvalidBase64(e.to_string())))?;
                decode_gzipped_document(&gz, limits).map_err(PayloadError::from)
            })
            .collect();
    }
    vec![Err(PayloadError {
        code: "unknown_event",
        detail:
            "neither a CloudWatch Logs subscription event (awslogs) nor a Kinesis event (Records)"
                .into(),
    })]
}

/// Aggregate one document: one message per fingerprint.
pub fn messages_for(
    document: &LogsDocument,
    max_incidents_per_function: usize,
) -> (u64, Vec<OutgoingMessage>) {
    let mut aggregator = Aggregator::new(AggregatorConfig {
        max_incidents_per_function,
        ..AggregatorConfig::default()
    });
    for e in &document.log_events {
        aggregator.add_message(&document.log_group, Some(e.timestamp), &e.message);
    }
    let events = aggregator.events();
    let source = BatchSource {
        log_group: document.log_group.clone(),
        log_stream: document.log_stream.clone(),
        first_event_id: document
            .log_events
            .first()
            .map(|e| e.id.clone())
            .unwrap_or_default(),
        last_event_id: document
            .log_events
            .last()
            .map(|e| e.id.clone())
            .unwrap_or_default(),
    };
    (events, incident_messages(&source, aggregator.finish()))
}

/// The whole invocation, minus the runtime plumbing.
pub async fn process(
    event: &Value,
    config: &ProcessorConfig,
    sink: &impl MessageSink,
) -> Result<Outcome, Error> {
    let limits = DecodeLimits {
        max_decompressed_bytes: config.max_decompressed_bytes,
    };
    let mut outcome = Outcome::default();
    let mut messages = Vec::new();
    for payload in decode_payloads(event, limits) {
        match payload {
            Ok(Decoded::Control) => outcome.control_messages += 1,
            Ok(Decoded::Data {
                document,
                replaced_invalid_utf8,
            }) => {
                outcome.batches += 1;
                outcome.replaced_invalid_utf8 += usize::from(replaced_invalid_utf8);
                let (events, batch_messages) =
                    messages_for(&document, config.max_incidents_per_function);
                outcome.events += events;
                outcome.incidents += batch_messages.len();
                messages.extend(batch_messages);
            }
            Err(e) => {
                tracing::error!(error_code = e.code, detail = %e.detail, "payload could not be decoded; skipped");
                outcome.malformed.push(e.code);
            }
        }
    }
    if !messages.is_empty() {
        let report = sink.send_messages(&messages).await.map_err(|e| {
            tracing::error!(error_code = e.code(), retryable = e.is_retryable(), error = %e, "queueing incident messages failed");
            Error::from(format!("{}: {e}", e.code()))
        })?;
        // A message SQS refuses for good (invalid, too large after trimming) is named and
        // counted; a retry could not help, so it does not fail the other messages.
        for rejected in &report.rejected {
            tracing::error!(error_code = "message_rejected", message_id = %rejected.message_id, sqs_code = %rejected.code, reason = %rejected.reason, "SQS refused an incident message; dropped");
        }
        outcome.rejected_messages = report.rejected.len();
    }
    outcome.messages = messages.len() - outcome.rejected_messages;
    Ok(outcome)
}

pub fn metrics_line(config: &ProcessorConfig, outcome: &Outcome, timestamp_ms: i64) -> String {
    emf_line(
        &config.metrics_namespace,
        &config.service,
        timestamp_ms,
        &[
            Metric::count("EventsProcessed", outcome.events),
            Metric::count("IncidentMessages", outcome.messages as u64),
            Metric::count("MalformedPayloads", outcome.malformed.len() as u64),
            Metric::count("InvalidUtf8Payloads", outcome.replaced_invalid_utf8 as u64),
            Metric::count("RejectedMessages", outcome.rejected_messages as u64),
        ],
    )
}

/// The Lambda handler: `process` inside a span with Powertools field names, then one EMF line.
pub async fn handle(
    config: &ProcessorConfig,
    sink: &impl MessageSink,
    cold_start: &AtomicBool,
    event: LambdaEvent<Value>,
) -> Result<Outcome, Error> {
    let cold = cold_start.swap(false, Ordering::Relaxed);
    let span = tracing::info_span!("invocation", service = %config.service, cold_start = cold, function_request_id = %event.context.request_id);
    let _guard = span.enter();
    let result = process(&event.payload, config, sink).await;
    let empty = Outcome::default();
    // Metrics go to stdout as one line, where CloudWatch extracts them.
    println!(
        "{}",
        metrics_line(
            config,
            result.as_ref().unwrap_or(&empty),
            triage_aws::emf::now_ms()
        )
    );
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;
    use triage_aws::queue::{IncidentMessage, QueueError};
    use triage_core::decode::{base64_encode, gzip};

    /// Test double (not a mock of SQS): records what the handler hands to its sink, or fails
    /// on demand. The real SQS path is exercised against the local emulator elsewhere.
    #[derive(Default)]
    struct RecordingSink {
        sent: Mutex<Vec<OutgoingMessage>>,
        fail: bool,
    }

    impl MessageSink for RecordingSink {
        async fn send_messages(
            &self,
            messages: &[OutgoingMessage],
        ) -> Result<SendReport, QueueError> {
            if self.fail {
                return Err(QueueError::Unavailable("queue down (test)".into()));
            }
            self.sent.lock().unwrap().extend_from_slice(messages);
            Ok(SendReport {
                sent: messages.len(),
                rejected: Vec::new(),
            })
        }
    }

    fn config() -> ProcessorConfig {
        ProcessorConfig {
            incident_queue_url: "http://queue".into(),
            max_decompressed_bytes: 1 << 20,
            service: "log-processor".into(),
            metrics_namespace: "logtriage".into(),
            max_incidents_per_function: 20,
        }
    }

    fn fixture(name: &str) -> Value {
        let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
    }

    fn bodies(sink: &RecordingSink) -> Vec<IncidentMessage> {
        sink.sent
            .lock()
            .unwrap()
            .iter()
            .map(|m| serde_json::from_str(&m.body).unwrap())
            .collect()
    }

    #[tokio::test]
    async fn subscription_event_becomes_one_message_per_incident() {
        let sink = RecordingSink::default();
        let outcome = process(&fixture("subscription-event.json"), &config(), &sink)
            .await
            .unwrap();
        assert_eq!(
            (outcome.batches, outcome.events, outcome.messages),
            (1, 4, 1)
        );
        let messages = bodies(&sink);
        assert_eq!(
            messages[0].aggregate.class,
            triage_core::FailureClass::BadInput
        );
        assert_eq!(messages[0].aggregate.function, "/aws/lambda/checkout");
        assert_eq!(messages[0].source.log_group, "/aws/lambda/checkout");
    }

    #[tokio::test]
    async fn a_flood_of_identical_errors_is_one_message() {
        let events: Vec<Value> = (0..10_000)
            .map(|i| serde_json::json!({"id": i.to_string(), "timestamp": 1_700_000_000_000_i64 + i,
                "message": format!("2024-01-01T00:00:00.000Z\t{:08x}-1111-4222-8333-944445555666\tERROR\tpayment failed: connect ECONNREFUSED 10.0.0.1:5432\n", i)}))
            .collect();
        let doc = serde_json::json!({"messageType": "DATA_MESSAGE", "owner": "1", "logGroup": "/aws/lambda/pay", "logStream": "s", "subscriptionFilters": [], "logEvents": events});
        let data = base64_encode(&gzip(doc.to_string().as_bytes()));
        let sink = RecordingSink::default();
        let production_limits = ProcessorConfig {
            max_decompressed_bytes: triage_core::decode::DEFAULT_MAX_DECOMPRESSED_BYTES,
            ..config()
        };
        let outcome = process(
            &serde_json::json!({"awslogs": {"data": data}}),
            &production_limits,
            &sink,
        )
        .await
        .unwrap();
        assert_eq!(outcome.events, 10_000);
        assert_eq!(outcome.messages, 1);
        assert_eq!(bodies(&sink)[0].aggregate.count, 10_000);
    }

    #[tokio::test]
    async fn kinesis_records_are_decoded_one_batch_each() {
        let sink = RecordingSink::default();
        let outcome = process(&fixture("kinesis-event.json"), &config(), &sink)
            .await
            .unwrap();
        assert_eq!(outcome.batches, 2);
        assert_eq!(
            outcome.messages, 2,
            "a timeout in one stream, an OOM kill in the other"
        );
        let classes: Vec<_> = bodies(&sink).iter().map(|m| m.aggregate.class).collect();
        assert!(
            classes.contains(&triage_core::FailureClass::Timeout)
                && classes.contains(&triage_core::FailureClass::OutOfMemory),
            "{classes:?}"
        );
    }

    #[tokio::test]
    async fn control_message_is_acknowledged_without_messages() {
        let doc = r#"{"messageType":"CONTROL_MESSAGE","owner":"CloudwatchLogs","logGroup":"","logStream":"","subscriptionFilters":[],"logEvents":[{"id":"","timestamp":1,"message":"CWL CONTROL MESSAGE: Checking health of destination Firehose."}]}"#;
        let event = serde_json::json!({"awslogs": {"data": base64_encode(&gzip(doc.as_bytes()))}});
        let sink = RecordingSink::default();
        let outcome = process(&event, &config(), &sink).await.unwrap();
        assert_eq!((outcome.control_messages, outcome.messages), (1, 0));
    }

    #[tokio::test]
    async fn malformed_payloads_are_counted_not_retried() {
        let cases = [
            (
                serde_json::json!({"awslogs": {"data": "%%%"}}),
                "invalid_base64",
            ),
            (
                serde_json::json!({"awslogs": {"data": base64_encode(b"plain")}}),
                "invalid_gzip",
            ),
            (
                serde_json::json!({"awslogs": {"data": base64_encode(&gzip(&vec![b' '; 2 << 20]))}}),
                "payload_too_large",
            ),
            (serde_json::json!({"awslogs": {}}), "missing_data"),
            (serde_json::json!({"hello": "world"}), "unknown_event"),
            (
                serde_json::json!({"Records": [{"kinesis": {}}]}),
                "invalid_record",
            ),
        ];
        for (event, code) in cases {
            let sink = RecordingSink::default();
            let outcome = process(&event, &config(), &sink)
                .await
                .expect("a bad payload is not an invocation error");
            assert_eq!(outcome.malformed, vec![code]);
            let line: Value = serde_json::from_str(&metrics_line(&config(), &outcome, 0)).unwrap();
            assert_eq!(line["MalformedPayloads"], 1.0);
        }
    }

    #[tokio::test]
    async fn one_bad_kinesis_record_does_not_lose_the_others() {
        let mut event = fixture("kinesis-event.json");
        event["Records"]
            .as_array_mut()
            .unwrap()
            .push(serde_json::json!({"kinesis": {"data": "!!"}}));
        let sink = RecordingSink::default();
        let outcome = process(&event, &config(), &sink).await.unwrap();
        assert_eq!(
            (outcome.batches, outcome.messages, outcome.malformed.len()),
            (2, 2, 1)
        );
    }

    #[tokio::test]
    async fn queue_failure_fails_the_invocation_so_lambda_retries() {
        let sink = RecordingSink {
            fail: true,
            ..Default::default()
        };
        let err = process(&fixture("subscription-event.json"), &config(), &sink)
            .await
            .unwrap_err();
        assert!(err.to_string().starts_with("unavailable"), "{err}");
    }

    #[tokio::test]
    async fn a_retried_batch_produces_the_same_message_ids() {
        let (first, second) = (RecordingSink::default(), RecordingSink::default());
        process(&fixture("kinesis-event.json"), &config(), &first)
            .await
            .unwrap();
        process(&fixture("kinesis-event.json"), &config(), &second)
            .await
            .unwrap();
        let ids = |s: &RecordingSink| {
            s.sent
                .lock()
                .unwrap()
                .iter()
                .map(|m| m.message_id.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(&first), ids(&second));
    }
}
