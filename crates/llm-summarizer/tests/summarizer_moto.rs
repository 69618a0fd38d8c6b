//! The summarizer on the local AWS emulator (moto server: the real DynamoDB, SNS and CloudWatch
//! Logs wire protocols) with the DynamoDB store adapter and the SNS notifier: what only the
//! emulator can show (the email as SNS recorded it, the invocation log read back through
//! FilterLogEvents). The handler's decisions are unit-tested on the in-memory store double in
//! src/handler/tests.rs.

use llm_summarizer::handler::{
    process, process_with_context, BedrockModel, Budgets, LogsContext, NoModel, SummaryModel, Tally,
};
use serde_json::{json, Value};
use test_kit::moto::Moto;
use test_kit::stream::incident_record as stream_record;
use test_kit::{converse_stub, logs_seed};
use triage_aws::config::SummarizerConfig;
use triage_aws::notify::SnsNotifier;
use triage_aws::store::{create_table, IncidentStore};
use triage_core::aggregate::aggregate;
use triage_core::incident::SummaryStatus;
use triage_core::model::LogEvent;

/// The emulator's record of what SNS published (moto's `/moto-api/data.json`).
fn published_messages(moto: &Moto) -> Vec<Value> {
    let body = std::process::Command::new("curl")
        .args([
            "-sS",
            "--fail",
            &format!("{}/moto-api/data.json", moto.endpoint()),
        ])
        .output()
        .expect("curl runs")
        .stdout;
    let data: Value = serde_json::from_slice(&body).expect("moto data");
    data.pointer("/sns/Topic")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .flat_map(|t| {
            t.get("sent_notifications")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default()
        })
        .collect()
}

/// The published email that mentions `needle` (a fingerprint), as moto recorded it.
fn email_about(moto: &Moto, needle: &str) -> String {
    published_messages(moto)
        .iter()
        .map(Value::to_string)
        .find(|m| m.contains(needle))
        .unwrap_or_else(|| panic!("no email about {needle}"))
}

/// The emulator with the incidents table (one pending `timeout` incident of `orders` seeded)
/// and an SNS topic.
struct Emulator {
    moto: Moto,
    store: IncidentStore,
    notifier: SnsNotifier,
    fingerprint: String,
}

impl Emulator {
    async fn start() -> Emulator {
        let moto = Moto::start();
        let (store, notifier, fingerprint) = setup(&moto).await;
        Emulator {
            moto,
            store,
            notifier,
            fingerprint,
        }
    }

    /// `event` without a model or invocation logs.
    async fn run_offline(&self, event: &Value) -> (Value, Tally) {
        let budgets = Budgets::with_model_calls(5);
        process(event, &self.store, &NoModel, &self.notifier, &budgets).await
    }

    /// The pending incident `fingerprint` delivered by the stream as record `sequence`, with
    /// invocation logs read within `context_timeout_ms`.
    async fn deliver(
        &self,
        fingerprint: &str,
        sequence: &str,
        model: &impl SummaryModel,
        context_timeout_ms: u64,
    ) -> (Value, Tally) {
        let event = json!({"Records": [stream_record(fingerprint, sequence, "pending")]});
        let context = logs_context(&self.moto, context_timeout_ms).await;
        let budgets = Budgets::with_model_calls(5);
        process_with_context(
            &event,
            &self.store,
            model,
            &self.notifier,
            &budgets,
            &context,
        )
        .await
    }
}

async fn setup(moto: &Moto) -> (IncidentStore, SnsNotifier, String) {
    let client = moto.dynamodb().await;
    create_table(&client, "incidents").await.expect("table");
    let store = IncidentStore::new(client, "incidents");
    let config = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .endpoint_url(moto.endpoint())
        .region(aws_config::Region::new("us-east-1"))
        .credentials_provider(aws_sdk_sns::config::Credentials::new(
            "test", "test", None, None, "moto",
        ))
        .load()
        .await;
    let sns = aws_sdk_sns::Client::new(&config);
    let topic = sns
        .create_topic()
        .name("alerts")
        .send()
        .await
        .expect("topic")
        .topic_arn()
        .unwrap_or_default()
        .to_string();
    let events: Vec<LogEvent> = (0..3)
        .map(|i| LogEvent::new(Some(1_717_000_000_000 + i), "2024-01-01T00:00:00.000Z 5c1a7d1e-4b2c-4a6f-9e8d-7c6b5a493827 Task timed out after 3.00 seconds"))
        .collect();
    let (_, incidents) = aggregate(events.iter().map(|e| ("/aws/lambda/orders", e)));
    store
        .record_occurrences("m-1", &incidents[0])
        .await
        .expect("seeded");
    (
        store,
        SnsNotifier::new(sns, topic),
        incidents[0].fingerprint.clone(),
    )
}

#[tokio::test]
async fn through_sns_a_new_incident_gets_exactly_one_email_and_a_replay_none() {
    let env = Emulator::start().await;
    let event = json!({"Records": [stream_record(&env.fingerprint, "100", "pending"), stream_record("dedupe#m-1", "101", "pending")]});
    let (response, tally) = env.run_offline(&event).await;
    assert_eq!(response["batchItemFailures"], json!([]));
    assert_eq!((tally.emails, tally.summarized_offline), (1, 1));
    let sent = published_messages(&env.moto);
    assert_eq!(sent.len(), 1, "exactly one email: {sent:?}");
    let text = sent[0].to_string();
    assert!(
        text.contains("[logtriage] timeout in orders (3 occurrences)"),
        "{text}"
    );

    // The stream delivers the record again: nothing more is sent.
    let (_, again) = env.run_offline(&event).await;
    assert_eq!((again.emails, again.skipped), (0, 2));
    assert_eq!(published_messages(&env.moto).len(), 1);
}

const RID: &str = "8f5b2c3d-1e4a-4b6c-9d7e-0a1b2c3d4e5f";

/// The log of one failing invocation of `/aws/lambda/orders` in the emulator's CloudWatch
/// Logs, with secrets in it, and its incident stored pending.
async fn seed_failing_invocation(moto: &Moto, store: &IncidentStore) -> String {
    let at = triage_aws::emf::now_ms() - 5 * 60_000;
    let lines = vec![
        (at, format!("START RequestId: {RID} Version: $LATEST")),
        (at + 5, "charging card for bob@example.com with token=sk_live_4eC39HqLyjWDarjtT1zdp7dc".to_string()),
        (at + 10, format!("2024-05-29T16:26:44.540Z\t{RID}\tERROR\tInvoke Error \t{{\"errorType\":\"KeyError\",\"errorMessage\":\"'order_id'\"}}")),
        (at + 11, format!("END RequestId: {RID}")),
    ];
    let logs = logs_seed::logs_client(&moto.endpoint()).await;
    logs_seed::put_events(&logs, "/aws/lambda/orders", "stream-1", &lines).await;
    let incident = logs_seed::incident_of("/aws/lambda/orders", &lines, RID);
    store
        .record_occurrences("m-ctx", &incident)
        .await
        .expect("seeded");
    incident.fingerprint.clone()
}

async fn logs_context(moto: &Moto, timeout_ms: u64) -> LogsContext {
    let config = SummarizerConfig::from_lookup(&|name: &str| match name {
        "INCIDENTS_TABLE" => Some("incidents".to_string()),
        "ALERT_TOPIC_ARN" => Some("arn:aws:sns:us-east-1:123456789012:alerts".to_string()),
        "CONTEXT_TIMEOUT_MS" => Some(timeout_ms.to_string()),
        _ => None,
    })
    .expect("config");
    let client = logs_seed::logs_client(&moto.endpoint()).await;
    LogsContext::new(
        triage_aws::logs::LogsReader::from_client(
            client,
            triage_core::logs_query::RetryPolicy::default(),
        ),
        &config,
    )
}

#[tokio::test]
async fn the_prompt_and_the_email_carry_the_failing_invocations_redacted_log() {
    let env = Emulator::start().await;
    let fingerprint = seed_failing_invocation(&env.moto, &env.store).await;
    let answer = r#"{"summary":"orders failed on a missing order_id","probable_cause":"the request has no order_id","remediation":["validate the input"],"severity":"high"}"#;
    let (url, requests) =
        converse_stub::start_converse_stub(converse_stub::Canned::converse_ok(answer)).await;
    let model = BedrockModel {
        summarizer: triage_aws::bedrock::BedrockSummarizer::new(
            converse_stub::stub_client(&url),
            "us.anthropic.claude-3-5-haiku-20241022-v1:0".into(),
            triage_aws::bedrock::BedrockSettings::default(),
        ),
    };
    let (response, tally) = env.deliver(&fingerprint, "600", &model, 5_000).await;
    assert_eq!(response["batchItemFailures"], json!([]));
    assert_eq!((tally.summarized_by_model, tally.invocation_logs), (1, 1));

    let prompt = {
        let recorded = requests.lock().unwrap();
        assert_eq!(recorded.len(), 1);
        String::from_utf8_lossy(&recorded[0].body).to_string()
    };
    assert!(prompt.contains("log of one failing invocation"), "{prompt}");
    assert!(prompt.contains("charging card for <email>"), "{prompt}");
    let email = email_about(&env.moto, &fingerprint);
    assert!(
        email.contains(&format!(
            "What happened before the failure (request {RID}, stream stream-1, redacted)"
        )),
        "{email}"
    );
    assert!(email.contains("charging card for"), "{email}");
    for secret in ["bob@example.com", "sk_live_4eC39HqLyjWDarjtT1zdp7dc"] {
        assert!(!prompt.contains(secret), "{secret} in the prompt");
        assert!(!email.contains(secret), "{secret} in the email");
    }
}

#[tokio::test]
async fn a_failed_or_slow_log_read_leaves_the_context_out_and_the_email_says_so() {
    // The incident's log group does not exist: the read fails with not_found.
    let env = Emulator::start().await;
    let fingerprint = env.fingerprint.clone();
    let (response, tally) = env.deliver(&fingerprint, "700", &NoModel, 5_000).await;
    assert_eq!(response["batchItemFailures"], json!([]));
    assert_eq!(
        (
            tally.emails,
            tally.summarized_offline,
            tally.invocation_logs_missing
        ),
        (1, 1, 1)
    );
    let sent = published_messages(&env.moto);
    let text = sent[0].to_string();
    assert!(
        text.contains("What happened before the failure: not available (reading /aws/lambda/orders failed (not_found)"),
        "{text}"
    );
    assert_eq!(
        env.store
            .get(&fingerprint)
            .await
            .unwrap()
            .unwrap()
            .summary_status,
        SummaryStatus::Offline,
        "summarised and stored all the same"
    );

    // A read that outlasts its time bound: the same, with the reason.
    let second = seed_failing_invocation(&env.moto, &env.store).await;
    let (response, tally) = env.deliver(&second, "701", &NoModel, 0).await;
    assert_eq!(response["batchItemFailures"], json!([]));
    assert_eq!((tally.emails, tally.invocation_logs_missing), (1, 1));
    let timed_out = email_about(&env.moto, &second);
    assert!(
        timed_out.contains("not available (reading the log timed out after 0 ms)"),
        "{timed_out}"
    );
}
