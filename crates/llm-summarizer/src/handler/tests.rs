//! The handler on the in-memory store double and a recording notifier (both test doubles, not
//! DynamoDB or SNS), with the real Bedrock adapter pointed at the Converse stub. The same flow
//! on the emulator (the DynamoDB adapter, SNS, CloudWatch Logs) is in tests/summarizer_moto.rs.

use super::*;
use std::sync::Mutex;
use test_kit::converse_stub::{self, Canned};
use test_kit::stream::incident_record as stream_record;
use triage_aws::notify::NotifyError;
use triage_aws::store::memory::InMemoryStore;
use triage_aws::store::{GetIncident, RecordOccurrences};
use triage_core::aggregate::aggregate;
use triage_core::email::Email;
use triage_core::model::LogEvent;

/// Test double (not SNS): keeps every email it is asked to send.
#[derive(Default)]
struct RecordingNotifier {
    sent: Mutex<Vec<Email>>,
}

impl Notifier for RecordingNotifier {
    async fn notify(&self, email: &Email) -> Result<(), NotifyError> {
        self.sent.lock().unwrap().push(email.clone());
        Ok(())
    }
}

impl RecordingNotifier {
    /// Subject and body of each email sent, in order.
    fn texts(&self) -> Vec<String> {
        self.sent
            .lock()
            .unwrap()
            .iter()
            .map(|e| format!("{}\n{}", e.subject, e.body))
            .collect()
    }
}

/// One pending `timeout` incident of `orders` (3 occurrences) in the in-memory store.
struct Fixture {
    store: InMemoryStore,
    notifier: RecordingNotifier,
    fingerprint: String,
}

impl Fixture {
    async fn new() -> Fixture {
        let store = InMemoryStore::new();
        let fingerprint = seed(&store, "m-1", &["2024-01-01T00:00:00.000Z 5c1a7d1e-4b2c-4a6f-9e8d-7c6b5a493827 Task timed out after 3.00 seconds"; 3]).await;
        Fixture {
            store,
            notifier: RecordingNotifier::default(),
            fingerprint,
        }
    }

    async fn run(
        &self,
        event: &Value,
        model: &impl SummaryModel,
        budgets: Budgets,
    ) -> (Value, Tally) {
        process(event, &self.store, model, &self.notifier, &budgets).await
    }

    /// The fixture's pending incident delivered by the stream as record `sequence`.
    async fn deliver(
        &self,
        sequence: &str,
        model: &impl SummaryModel,
        budgets: Budgets,
    ) -> (Value, Tally) {
        let event = json!({"Records": [stream_record(&self.fingerprint, sequence, "pending")]});
        self.run(&event, model, budgets).await
    }

    async fn stored(&self, fingerprint: &str) -> IncidentRecord {
        self.store.get(fingerprint).await.unwrap().expect("stored")
    }
}

/// Record `lines` of `/aws/lambda/orders` (one millisecond apart) as one message; the first
/// incident's fingerprint.
async fn seed(store: &InMemoryStore, message_id: &str, lines: &[&str]) -> String {
    let events: Vec<LogEvent> = (0..)
        .zip(lines)
        .map(|(i, line)| LogEvent::new(Some(1_717_000_000_000 + i), *line))
        .collect();
    let (_, incidents) = aggregate(events.iter().map(|e| ("/aws/lambda/orders", e)));
    store
        .record_occurrences(message_id, &incidents[0])
        .await
        .expect("seeded");
    incidents[0].fingerprint.clone()
}

/// The real Bedrock adapter pointed at a local stub of the Converse wire format (NOT Bedrock,
/// which cannot be reached here) answering with `canned`.
async fn bedrock_via_stub(canned: Canned) -> BedrockModel {
    let (url, _log) = converse_stub::start_converse_stub(canned).await;
    BedrockModel {
        summarizer: triage_aws::bedrock::BedrockSummarizer::new(
            converse_stub::stub_client(&url),
            "us.anthropic.claude-3-5-haiku-20241022-v1:0".into(),
            triage_aws::bedrock::BedrockSettings::default(),
        ),
    }
}

#[tokio::test]
async fn a_new_incident_gets_a_stored_summary_and_exactly_one_email() {
    let f = Fixture::new().await;
    let event = json!({"Records": [stream_record(&f.fingerprint, "100", "pending"), stream_record("dedupe#m-1", "101", "pending")]});
    let (response, tally) = f.run(&event, &NoModel, Budgets::with_model_calls(5)).await;
    assert_eq!(response["batchItemFailures"], json!([]));
    assert_eq!((tally.emails, tally.summarized_offline), (1, 1));
    let stored = f.stored(&f.fingerprint).await;
    assert_eq!(stored.summary_status, SummaryStatus::Offline);
    assert!(stored
        .summary
        .expect("summary stored")
        .summary
        .contains("timed out"));
    let sent = f.notifier.texts();
    assert_eq!(sent.len(), 1, "exactly one email: {sent:?}");
    assert!(
        sent[0].starts_with("[logtriage] timeout in orders (3 occurrences)\n"),
        "{}",
        sent[0]
    );

    // The stream delivers the record again: nothing more is sent.
    let (_, again) = f.run(&event, &NoModel, Budgets::with_model_calls(5)).await;
    assert_eq!((again.emails, again.skipped), (0, 2));
    assert_eq!(f.notifier.texts().len(), 1);
}

#[tokio::test]
async fn converse_stub_answer_is_stored_as_the_bedrock_summary() {
    let f = Fixture::new().await;
    let answer = r#"{"summary":"orders timed out 3 times at its 3 s limit","probable_cause":"the payment API call has no timeout","remediation":["set a 2 s client timeout"],"severity":"critical"}"#;
    let model = bedrock_via_stub(Canned::converse_ok(answer)).await;
    let (response, tally) = f.deliver("300", &model, Budgets::with_model_calls(5)).await;
    assert_eq!(response["batchItemFailures"], json!([]));
    assert_eq!((tally.summarized_by_model, tally.emails), (1, 1));
    let stored = f.stored(&f.fingerprint).await;
    assert_eq!(stored.summary_status, SummaryStatus::Done);
    let summary = stored.summary.expect("summary stored");
    assert_eq!(summary.source, triage_core::summary::SummarySource::Bedrock);
    assert_eq!(
        summary.probable_cause,
        "the payment API call has no timeout"
    );
    assert!(f.notifier.texts()[0].contains("Amazon Bedrock"));
}

#[tokio::test]
async fn converse_stub_throttling_leaves_the_incident_pending_then_falls_back_to_offline() {
    let f = Fixture::new().await;
    let throttled = Canned::throttled("Too many requests, please wait before trying again.");
    let model = bedrock_via_stub(throttled).await;
    // The stream retries a failed record: the first attempts leave it pending, unmailed.
    for attempt in 1..MAX_MODEL_ATTEMPTS {
        let (response, tally) = f.deliver("200", &model, Budgets::with_model_calls(5)).await;
        assert_eq!(
            response["batchItemFailures"],
            json!([{"itemIdentifier": "200"}]),
            "attempt {attempt} is retried"
        );
        assert_eq!((tally.model_retries, tally.emails), (1, 0));
        let stored = f.stored(&f.fingerprint).await;
        assert_eq!(stored.summary_status, SummaryStatus::Pending);
        assert_eq!(stored.summary_attempts, attempt);
        assert!(f.notifier.texts().is_empty(), "no email while waiting");
    }
    // The last attempt falls back to the offline summary and sends the one email.
    let (response, tally) = f.deliver("200", &model, Budgets::with_model_calls(5)).await;
    assert_eq!(response["batchItemFailures"], json!([]));
    assert_eq!(
        (tally.model_failures, tally.summarized_offline, tally.emails),
        (1, 1, 1)
    );
    assert_eq!(
        f.stored(&f.fingerprint).await.summary_status,
        SummaryStatus::Offline,
        "marked as offline, nothing lost"
    );
    assert_eq!(f.notifier.texts().len(), 1);
}

#[tokio::test]
async fn converse_stub_access_denied_falls_back_to_offline_at_once() {
    let f = Fixture::new().await;
    let denied =
        Canned::access_denied("You don't have access to the model with the specified model ID.");
    let model = bedrock_via_stub(denied).await;
    let (response, tally) = f.deliver("250", &model, Budgets::with_model_calls(5)).await;
    assert_eq!(response["batchItemFailures"], json!([]));
    assert_eq!(
        (tally.model_retries, tally.summarized_offline, tally.emails),
        (0, 1, 1)
    );
}

#[tokio::test]
async fn over_the_model_budget_incidents_get_offline_summaries() {
    let f = Fixture::new().await;
    let model = bedrock_via_stub(Canned::converse_ok("{}")).await;
    let (_, tally) = f.deliver("400", &model, Budgets::with_model_calls(0)).await;
    assert_eq!(
        (tally.model_failures, tally.summarized_offline),
        (0, 1),
        "no call made with a zero budget"
    );
}

#[tokio::test]
async fn over_the_email_budget_incidents_go_into_one_digest_and_skip_the_model() {
    let f = Fixture::new().await;
    let mut fingerprints = vec![f.fingerprint.clone()];
    for (i, message) in [
        "[ERROR]\t2024-01-01T00:00:00.000Z\t5c1a7d1e-4b2c-4a6f-9e8d-7c6b5a493827\tAccessDeniedException: User is not authorized to perform: s3:GetObject",
        "[ERROR]\t2024-01-01T00:00:00.000Z\t5c1a7d1e-4b2c-4a6f-9e8d-7c6b5a493827\tconnect ECONNREFUSED 10.0.0.7:5432",
    ]
    .iter()
    .enumerate()
    {
        fingerprints.push(seed(&f.store, &format!("m-extra-{i}"), &[message]).await);
    }
    let event = json!({"Records": fingerprints.iter().enumerate().map(|(i, f)| stream_record(f, &format!("{}", 500 + i), "pending")).collect::<Vec<_>>()});
    // The model would answer, but only the incident with its own email may ask it.
    let model = bedrock_via_stub(Canned::converse_ok(
        r#"{"summary":"s","probable_cause":"c","remediation":["r"],"severity":"high"}"#,
    ))
    .await;
    let budgets = Budgets {
        max_model_calls: 5,
        max_emails_per_window: 1,
        email_window_seconds: 3_600,
    };
    let (response, tally) = f.run(&event, &model, budgets).await;
    assert_eq!(response["batchItemFailures"], json!([]));
    assert_eq!((tally.emails, tally.digests, tally.digested), (1, 1, 2));
    assert_eq!(
        (tally.summarized_by_model, tally.summarized_offline),
        (1, 2)
    );
    let sent = f.notifier.texts();
    assert_eq!(sent.len(), 2, "one own email and one digest: {sent:?}");
    let digest = sent
        .iter()
        .find(|t| t.contains("digest: 2 more incidents in orders"))
        .expect("a digest email");
    for fp in &fingerprints[1..] {
        assert!(digest.contains(fp.as_str()), "{fp} listed in {digest}");
    }
    for fp in &fingerprints {
        assert_ne!(
            f.stored(fp).await.summary_status,
            SummaryStatus::Pending,
            "{fp} summarised"
        );
    }
    // Same window, new pending incident of the same function: still over budget.
    let (_, again) = f.run(&event, &model, budgets).await;
    assert_eq!(
        (again.emails, again.skipped),
        (0, 3),
        "nothing pending is mailed twice"
    );
}
