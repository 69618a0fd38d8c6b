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
//! - Kinesis (account mode, ReportBatchItemFailures): each record is queued on its own, and a
//!   record whose messages fail to queue is returned in `batchItemFailures` by its sequence
//!   number while the other records go on; Lambda retries from the first failed record.

use lambda_runtime::{Error, LambdaEvent};
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use tracing::Instrument;
use triage_aws::config::ProcessorConfig;
use triage_aws::emf::{emf_line, emf_line_with_dimensions, Metric};
use triage_aws::queue::{incident_messages, BatchSource, MessageSink, OutgoingMessage, SendReport};
use triage_aws::sdk_error::{bounded, MAX_MESSAGE_CHARS};
use triage_core::aggregate::{Aggregator, AggregatorConfig};
use triage_core::decode::{
    decode_envelope, DecodeError, DecodeLimits, Decoded, Envelope, EnvelopeKind, LogsDocument,
    Payload,
};
use triage_core::FailureClass;

/// Functions named in one invocation's FailureEvents metrics; the rest are counted as
/// [`OTHER_FUNCTION`]. With the fixed class set this bounds one invocation to
/// (MAX_METRIC_FUNCTIONS + 1) x 10 metric lines, and the account's metrics to the functions
/// that actually fail.
pub const MAX_METRIC_FUNCTIONS: usize = 20;
pub const OTHER_FUNCTION: &str = "other";

/// A Kinesis record the invocation could not queue, as Lambda's partial batch response names it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct BatchItemFailure {
    #[serde(rename = "itemIdentifier")]
    pub item_identifier: String,
}

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
    /// Kinesis only: the records whose messages could not be queued (sequence numbers).
    #[serde(rename = "batchItemFailures", skip_serializing_if = "Vec::is_empty")]
    pub batch_item_failures: Vec<BatchItemFailure>,
    /// Failure events per function (log group) and class, for the FailureEvents metrics.
    #[serde(skip)]
    pub failures: BTreeMap<(String, FailureClass), u64>,
    /// Messages SQS refused permanently (logged by id, counted in `RejectedMessages`).
    pub rejected_messages: usize,
}

/// Decode the invocation payload with triage-core's one decoder. Each element is one payload
/// (one `awslogs` event, or one Kinesis record): they fail independently. `true` for a Kinesis
/// event, whose records are queued (and can fail) one by one. Lambda delivers only these two
/// envelopes, so anything else, a decoded document included, is one `unknown_event` payload.
pub fn decode_payloads(event: &Value, limits: DecodeLimits) -> (bool, Vec<Payload>) {
    match decode_envelope(event, limits) {
        Some(Envelope {
            kind: kind @ (EnvelopeKind::Subscription | EnvelopeKind::Kinesis),
            payloads,
        }) => (kind == EnvelopeKind::Kinesis, payloads),
        _ => (
            false,
            vec![Payload {
                decoded: Err(DecodeError::UnknownEvent),
                sequence_number: None,
            }],
        ),
    }
}

/// Aggregate one document: one message per fingerprint, and its failure events per function
/// and class.
pub fn messages_for(
    document: &LogsDocument,
    max_incidents_per_function: usize,
) -> (u64, Vec<OutgoingMessage>, Vec<(String, FailureClass, u64)>) {
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
    let aggregates = aggregator.finish();
    let failures = aggregates
        .iter()
        .map(|a| (a.function.clone(), a.class, a.count))
        .collect();
    (events, incident_messages(&source, aggregates), failures)
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
    // Messages per payload, kept apart so a Kinesis record can fail on its own.
    type Tally = Vec<(String, FailureClass, u64)>;
    let mut per_payload: Vec<(usize, Vec<OutgoingMessage>, Tally)> = Vec::new();
    let (kinesis, payloads) = decode_payloads(event, limits);
    let sequence_numbers: Vec<Option<String>> =
        payloads.iter().map(|p| p.sequence_number.clone()).collect();
    for (index, payload) in payloads.into_iter().enumerate() {
        match payload.decoded {
            Ok(Decoded::Control) => outcome.control_messages += 1,
            Ok(Decoded::Data {
                document,
                replaced_invalid_utf8,
            }) => {
                outcome.batches += 1;
                outcome.replaced_invalid_utf8 += usize::from(replaced_invalid_utf8);
                let (events, batch_messages, failures) =
                    messages_for(&document, config.max_incidents_per_function);
                outcome.events += events;
                outcome.incidents += batch_messages.len();
                per_payload.push((index, batch_messages, failures));
            }
            Err(e) => {
                // serde's messages can quote the whole offending value: the log keeps a bounded cut.
                let detail = bounded(&e.to_string(), MAX_MESSAGE_CHARS);
                tracing::error!(error_code = e.code(), detail = %detail, "payload could not be decoded; skipped");
                outcome.malformed.push(e.code());
            }
        }
    }
    if !kinesis {
        // Direct subscription event: one payload, all or nothing (Lambda's async retries).
        let mut messages = Vec::new();
        for (_, batch_messages, failures) in per_payload {
            messages.extend(batch_messages);
            count_failures(&mut outcome, failures);
        }
        if !messages.is_empty() {
            let report = sink.send_messages(&messages).await.map_err(|e| {
                tracing::error!(error_code = e.code(), retryable = e.is_retryable(), error = %e, "queueing incident messages failed");
                Error::from(format!("{}: {e}", e.code()))
            })?;
            note_rejected(&mut outcome, &report);
            outcome.messages = report.sent;
        }
        return Ok(outcome);
    }
    // Lambda redelivers every record from the first failed one on, so only the failures of
    // the records before it are counted now: the rest are counted when they are delivered again.
    let mut first_failed = usize::MAX;
    let mut tallies = Vec::new();
    for (index, messages, failures) in per_payload {
        tallies.push((index, failures));
        if messages.is_empty() {
            continue;
        }
        match sink.send_messages(&messages).await {
            Ok(report) => {
                note_rejected(&mut outcome, &report);
                outcome.messages += report.sent;
            }
            Err(e) => {
                // Without a sequence number the record cannot be named: fail the invocation,
                // so Lambda retries the whole batch (the same message ids, counted once).
                let Some(sequence_number) = sequence_numbers.get(index).cloned().flatten() else {
                    tracing::error!(error_code = e.code(), error = %e, "queueing failed for a Kinesis record without a sequence number");
                    return Err(Error::from(format!("{}: {e}", e.code())));
                };
                tracing::error!(error_code = e.code(), retryable = e.is_retryable(), error = %e, sequence_number = %sequence_number, "queueing a Kinesis record's incident messages failed; reported in batchItemFailures");
                outcome.batch_item_failures.push(BatchItemFailure {
                    item_identifier: sequence_number,
                });
                first_failed = first_failed.min(index);
            }
        }
    }
    for (index, failures) in tallies {
        if index < first_failed {
            count_failures(&mut outcome, failures);
        }
    }
    Ok(outcome)
}

/// A message SQS refuses for good (invalid, too large after trimming) is named and counted; a
/// retry could not help, so it does not fail the other messages or the invocation.
fn note_rejected(outcome: &mut Outcome, report: &SendReport) {
    for rejected in &report.rejected {
        tracing::error!(error_code = "message_rejected", message_id = %rejected.message_id, sqs_code = %rejected.code, reason = %rejected.reason, "SQS refused an incident message; dropped");
    }
    outcome.rejected_messages += report.rejected.len();
}

fn count_failures(outcome: &mut Outcome, failures: Vec<(String, FailureClass, u64)>) {
    for (function, class, count) in failures {
        *outcome.failures.entry((function, class)).or_default() += count;
    }
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

/// One EMF line per (function, class) with failure events: the FailureEvents metric the
/// account-mode alarm sums. The [`MAX_METRIC_FUNCTIONS`] functions with the most failures keep
/// their name (ties by name, so the choice is stable); the others are summed as `other`.
pub fn failure_metric_lines(
    config: &ProcessorConfig,
    outcome: &Outcome,
    timestamp_ms: i64,
) -> Vec<String> {
    let mut per_function: BTreeMap<&str, u64> = BTreeMap::new();
    for ((function, _), count) in &outcome.failures {
        *per_function.entry(function.as_str()).or_default() += count;
    }
    let mut ranked: Vec<(&str, u64)> = per_function.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let named: std::collections::BTreeSet<&str> = ranked
        .iter()
        .take(MAX_METRIC_FUNCTIONS)
        .map(|(f, _)| *f)
        .collect();
    let mut lines: BTreeMap<(&str, FailureClass), u64> = BTreeMap::new();
    for ((function, class), count) in &outcome.failures {
        let function = if named.contains(function.as_str()) {
            function.as_str()
        } else {
            OTHER_FUNCTION
        };
        *lines.entry((function, *class)).or_default() += count;
    }
    lines
        .into_iter()
        .map(|((function, class), count)| {
            emf_line_with_dimensions(
                &config.metrics_namespace,
                &[
                    ("service", config.service.as_str()),
                    ("function", function),
                    ("class", class.as_str()),
                ],
                timestamp_ms,
                &[Metric::count("FailureEvents", count)],
            )
        })
        .collect()
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
    // Attached to the future: a `span.enter()` guard held across `.await` mis-tags other work.
    let result = process(&event.payload, config, sink).instrument(span).await;
    let empty = Outcome::default();
    // Metrics go to stdout, one line each, where CloudWatch extracts them.
    let now = triage_aws::emf::now_ms();
    let outcome = result.as_ref().unwrap_or(&empty);
    println!("{}", metrics_line(config, outcome, now));
    if config.failure_metrics {
        for line in failure_metric_lines(config, outcome, now) {
            println!("{line}");
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;
    use triage_aws::queue::{IncidentMessage, QueueError};
    use triage_core::decode::{base64_encode, gzip};

    /// Test double (not a mock of SQS): records what the handler hands to its sink, or fails
    /// on demand (every call, or the calls carrying one log group's messages). The real SQS
    /// path is exercised against the local emulator elsewhere (tests/kinesis_e2e.sh).
    #[derive(Default)]
    struct RecordingSink {
        sent: Mutex<Vec<OutgoingMessage>>,
        fail: bool,
        fail_log_group: Option<&'static str>,
    }

    impl MessageSink for RecordingSink {
        async fn send_messages(
            &self,
            messages: &[OutgoingMessage],
        ) -> Result<SendReport, QueueError> {
            let poisoned = self.fail_log_group.is_some_and(|group| {
                messages
                    .iter()
                    .any(|m| m.body.contains(&format!("\"log_group\":\"{group}\"")))
            });
            if self.fail || poisoned {
                return Err(QueueError::Unavailable("queue down (test)".into()));
            }
            self.sent.lock().unwrap().extend_from_slice(messages);
            Ok(SendReport {
                sent: messages.len(),
                rejected: Vec::new(),
            })
        }
    }

    impl RecordingSink {
        /// Fails the calls that carry `group`'s messages, as an unavailable queue would.
        fn failing_for(group: &'static str) -> Self {
            RecordingSink {
                fail_log_group: Some(group),
                ..Default::default()
            }
        }
    }

    /// `process` of the fixture event `name` with the test configuration, into `sink`.
    async fn process_fixture(name: &str, sink: &RecordingSink) -> Result<Outcome, Error> {
        process(&fixture(name), &config(), sink).await
    }

    fn config() -> ProcessorConfig {
        ProcessorConfig {
            incident_queue_url: "http://queue".into(),
            max_decompressed_bytes: 1 << 20,
            service: "log-processor".into(),
            metrics_namespace: "logtriage".into(),
            failure_metrics: true,
            max_incidents_per_function: 20,
        }
    }

    fn fixture(name: &str) -> Value {
        let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
    }

    /// The FailureEvents lines of `outcome`, parsed.
    fn failure_lines(outcome: &Outcome) -> Vec<Value> {
        failure_metric_lines(&config(), outcome, 7)
            .iter()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
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
        let outcome = process_fixture("subscription-event.json", &sink)
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
        let outcome = process_fixture("kinesis-event.json", &sink).await.unwrap();
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
    async fn a_decoded_document_is_not_a_lambda_event() {
        // The CLI reads it (same decoder); Lambda never delivers one, so the processor refuses.
        let doc = r#"{"messageType":"DATA_MESSAGE","logGroup":"/aws/lambda/a","logEvents":[{"id":"1","timestamp":1,"message":"ERROR boom"}]}"#;
        let event: Value = serde_json::from_str(doc).unwrap();
        let sink = RecordingSink::default();
        let outcome = process(&event, &config(), &sink).await.unwrap();
        assert_eq!(outcome.malformed, vec!["unknown_event"]);
        assert!(sink.sent.lock().unwrap().is_empty());
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
        let err = process_fixture("subscription-event.json", &sink)
            .await
            .unwrap_err();
        assert!(err.to_string().starts_with("unavailable"), "{err}");
    }

    #[tokio::test]
    async fn a_retried_batch_produces_the_same_message_ids() {
        let (first, second) = (RecordingSink::default(), RecordingSink::default());
        process_fixture("kinesis-event.json", &first).await.unwrap();
        process_fixture("kinesis-event.json", &second)
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

    #[tokio::test]
    async fn a_kinesis_record_that_fails_to_queue_is_reported_and_the_rest_go_on() {
        let sink = RecordingSink::failing_for("/aws/lambda/orders");
        let outcome = process_fixture("kinesis-event.json", &sink)
            .await
            .expect("a record that fails to queue is not an invocation error");
        assert_eq!(
            outcome.batch_item_failures,
            vec![BatchItemFailure {
                item_identifier: "49590".into()
            }]
        );
        let sent = bodies(&sink);
        assert_eq!(sent.len(), 1, "the other record's incident is queued");
        assert_eq!(sent[0].source.log_group, "/aws/lambda/thumbnails");
        assert_eq!(outcome.messages, 1);
        // The response Lambda reads: {"batchItemFailures": [{"itemIdentifier": "49590"}]}.
        let response = serde_json::to_value(&outcome).unwrap();
        assert_eq!(
            response["batchItemFailures"],
            serde_json::json!([{"itemIdentifier": "49590"}])
        );
        // Lambda redelivers from 49590 on: nothing of this batch is counted in the metrics
        // now, so nothing is counted twice.
        assert!(outcome.failures.is_empty(), "{:?}", outcome.failures);
    }

    #[tokio::test]
    async fn a_later_record_failing_keeps_the_earlier_records_counted() {
        let sink = RecordingSink::failing_for("/aws/lambda/thumbnails");
        let outcome = process_fixture("kinesis-event.json", &sink).await.unwrap();
        assert_eq!(outcome.batch_item_failures.len(), 1);
        assert_eq!(outcome.batch_item_failures[0].item_identifier, "49591");
        let functions: Vec<&str> = outcome.failures.keys().map(|(f, _)| f.as_str()).collect();
        assert_eq!(functions, vec!["/aws/lambda/orders"]);
    }

    #[tokio::test]
    async fn a_direct_event_still_fails_as_a_whole_and_reports_no_items() {
        let sink = RecordingSink::failing_for("/aws/lambda/checkout");
        let err = process_fixture("subscription-event.json", &sink)
            .await
            .unwrap_err();
        assert!(err.to_string().starts_with("unavailable"), "{err}");
        let ok = process_fixture("subscription-event.json", &RecordingSink::default())
            .await
            .unwrap();
        let response = serde_json::to_value(&ok).unwrap();
        assert!(response.get("batchItemFailures").is_none(), "{response}");
    }

    #[tokio::test]
    async fn failure_metrics_name_function_and_class() {
        let outcome = process_fixture("kinesis-event.json", &RecordingSink::default())
            .await
            .unwrap();
        let lines = failure_lines(&outcome);
        let seen: Vec<(String, String)> = lines
            .iter()
            .map(|l| {
                assert_eq!(
                    l["_aws"]["CloudWatchMetrics"][0]["Dimensions"],
                    serde_json::json!([["service", "function", "class"]])
                );
                (
                    l["function"].as_str().unwrap().to_string(),
                    l["class"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        assert!(
            seen.contains(&("/aws/lambda/thumbnails".into(), "out_of_memory".into())),
            "{seen:?}"
        );
        assert!(
            seen.iter()
                .any(|(f, c)| f == "/aws/lambda/orders" && c == "timeout"),
            "{seen:?}"
        );
        let total: f64 = lines
            .iter()
            .map(|l| l["FailureEvents"].as_f64().unwrap())
            .sum();
        assert_eq!(total as u64, outcome.failures.values().sum::<u64>());
    }

    #[test]
    fn failure_metrics_cap_the_functions_and_count_the_rest_as_other() {
        let mut outcome = Outcome::default();
        // 30 functions: function i has i + 1 timeouts, and function 0 also has a throttle.
        for i in 0..30u64 {
            outcome.failures.insert(
                (format!("/aws/lambda/f{i:02}"), FailureClass::Timeout),
                i + 1,
            );
        }
        outcome
            .failures
            .insert(("/aws/lambda/f00".into(), FailureClass::Throttling), 1);
        let lines = failure_lines(&outcome);
        let functions: std::collections::BTreeSet<&str> = lines
            .iter()
            .map(|l| l["function"].as_str().unwrap())
            .collect();
        assert_eq!(functions.len(), MAX_METRIC_FUNCTIONS + 1);
        assert!(functions.contains(OTHER_FUNCTION));
        // The 20 with the most failures keep their names: f10..f29.
        assert!(functions.contains("/aws/lambda/f29") && functions.contains("/aws/lambda/f10"));
        assert!(!functions.contains("/aws/lambda/f09"));
        let value = |f: &str, c: &str| {
            lines
                .iter()
                .find(|l| l["function"] == f && l["class"] == c)
                .map(|l| l["FailureEvents"].as_f64().unwrap() as u64)
        };
        // f00..f09 timeouts: 1 + 2 + ... + 10 = 55; f00's throttle stays a class of its own.
        assert_eq!(value(OTHER_FUNCTION, "timeout"), Some(55));
        assert_eq!(value(OTHER_FUNCTION, "throttling"), Some(1));
        let total: u64 = lines
            .iter()
            .map(|l| l["FailureEvents"].as_f64().unwrap() as u64)
            .sum();
        assert_eq!(
            total,
            outcome.failures.values().sum::<u64>(),
            "nothing lost"
        );
        // Every class value is one of the fixed set.
        for l in &lines {
            let class = l["class"].as_str().unwrap();
            assert!(
                FailureClass::ALL.iter().any(|c| c.as_str() == class),
                "{class}"
            );
        }
    }
}
