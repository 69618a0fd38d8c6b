//! One batch of DynamoDB stream records of the incidents table. For each new or reopened
//! incident (`summary_status = pending`): summarise it (the model, or the offline summarizer
//! when the model is off, failing or over its per-invocation budget), send one email, then store
//! the summary. A record whose email or store write fails is returned in `batchItemFailures` and
//! retried; the email goes out before the summary is stored so a failure can repeat an email
//! but never lose one.

use lambda_runtime::{Error, LambdaEvent};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::sync::atomic::AtomicBool;
use triage_aws::config::SummarizerConfig;
use triage_aws::emf::Metric;
use triage_aws::invocation::{run_invocation, InvocationContext as Invocation};
use triage_aws::notify::Notifier;
use triage_aws::store::{IncidentStore, DEDUPE_PREFIX};
use triage_core::digest::digest_email;
use triage_core::email::incident_email_with_context;
use triage_core::identity;
use triage_core::incident::{IncidentRecord, SummaryStatus, MAX_MODEL_ATTEMPTS};
use triage_core::logs_query::{ContextLimits, InvocationContext};
use triage_core::summary::{summarize_offline, Summary};

/// Why the model gave no summary: a stable code for logs and metrics.
#[derive(Debug)]
pub struct ModelFailure {
    pub code: &'static str,
    pub detail: String,
    /// Whether asking again later can succeed (throttled, timed out, unavailable), as decided
    /// by `BedrockError::is_retryable`.
    pub retryable: bool,
}

/// A source of model summaries (Bedrock in production).
pub trait SummaryModel {
    /// `false` when no model is configured: every summary is the offline one.
    fn enabled(&self) -> bool;
    fn summarize(
        &self,
        incident: &IncidentRecord,
    ) -> impl std::future::Future<Output = Result<Summary, ModelFailure>> + Send;
    /// With the failing invocation's redacted log lines; a model that cannot use them ignores
    /// them.
    fn summarize_with_context(
        &self,
        incident: &IncidentRecord,
        context: &[String],
    ) -> impl std::future::Future<Output = Result<Summary, ModelFailure>> + Send {
        let _ = context;
        self.summarize(incident)
    }
}

/// Where the log of an incident's failing invocation comes from (CloudWatch Logs).
pub trait ContextSource {
    /// `None` when reading it is turned off; otherwise the lines or why there are none.
    fn fetch(
        &self,
        incident: &IncidentRecord,
    ) -> impl std::future::Future<Output = Option<InvocationContext>> + Send;
}

/// Reading invocation logs turned off (the tests that are not about it).
#[cfg(test)]
pub struct NoContext;

#[cfg(test)]
impl ContextSource for NoContext {
    async fn fetch(&self, _: &IncidentRecord) -> Option<InvocationContext> {
        None
    }
}

/// The incident's log group through FilterLogEvents, bounded in lines and in time.
pub struct LogsContext {
    reader: Option<triage_aws::logs::LogsReader>,
    limits: ContextLimits,
    timeout: std::time::Duration,
}

impl LogsContext {
    pub fn new(reader: triage_aws::logs::LogsReader, config: &SummarizerConfig) -> Self {
        LogsContext {
            reader: (config.context_max_lines > 0).then_some(reader),
            limits: ContextLimits {
                max_lines: config.context_max_lines,
                ..ContextLimits::default()
            },
            timeout: std::time::Duration::from_millis(config.context_timeout_ms),
        }
    }
}

impl ContextSource for LogsContext {
    async fn fetch(&self, incident: &IncidentRecord) -> Option<InvocationContext> {
        let reader = self.reader.as_ref()?;
        let read = reader.invocation_context(
            &incident.function,
            &incident.request_ids,
            incident.last_seen_ms,
            &self.limits,
        );
        Some(
            tokio::time::timeout(self.timeout, read)
                .await
                .unwrap_or_else(|_| InvocationContext::Unavailable {
                    reason: format!(
                        "reading the log timed out after {} ms",
                        self.timeout.as_millis()
                    ),
                }),
        )
    }
}

/// No model configured.
pub struct NoModel;

impl SummaryModel for NoModel {
    fn enabled(&self) -> bool {
        false
    }
    async fn summarize(&self, _: &IncidentRecord) -> Result<Summary, ModelFailure> {
        Err(ModelFailure {
            code: "disabled",
            detail: "no model configured".into(),
            retryable: false,
        })
    }
}

/// Amazon Bedrock (Converse) behind a bounded, fenced prompt; the reply is validated before use.
pub struct BedrockModel {
    pub summarizer: triage_aws::bedrock::BedrockSummarizer,
}

impl SummaryModel for BedrockModel {
    fn enabled(&self) -> bool {
        true
    }

    async fn summarize(&self, incident: &IncidentRecord) -> Result<Summary, ModelFailure> {
        self.summarize_with_context(incident, &[]).await
    }

    async fn summarize_with_context(
        &self,
        incident: &IncidentRecord,
        context: &[String],
    ) -> Result<Summary, ModelFailure> {
        use triage_core::prompt::{build_prompt_with_context, parse_summary, PromptLimits};
        let prompt = build_prompt_with_context(incident, context, PromptLimits::default());
        let text = self
            .summarizer
            .summarize(&prompt)
            .await
            .map_err(|e| ModelFailure {
                code: e.code(),
                detail: e.to_string(),
                retryable: e.is_retryable(),
            })?;
        // A reply that does not validate would not validate any better on a second try.
        parse_summary(&text, incident.severity).map_err(|e| ModelFailure {
            code: e.code(),
            detail: e.to_string(),
            retryable: false,
        })
    }
}

/// The configured model: Bedrock, or none (offline summaries only).
pub enum Model {
    Bedrock(BedrockModel),
    None(NoModel),
}

impl SummaryModel for Model {
    fn enabled(&self) -> bool {
        matches!(self, Model::Bedrock(_))
    }

    async fn summarize(&self, incident: &IncidentRecord) -> Result<Summary, ModelFailure> {
        self.summarize_with_context(incident, &[]).await
    }

    async fn summarize_with_context(
        &self,
        incident: &IncidentRecord,
        context: &[String],
    ) -> Result<Summary, ModelFailure> {
        match self {
            Model::Bedrock(m) => m.summarize_with_context(incident, context).await,
            Model::None(m) => m.summarize(incident).await,
        }
    }
}

#[derive(Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub summarized_by_model: u64,
    pub summarized_offline: u64,
    pub model_failures: u64,
    /// Model failures that left the incident pending for a retry.
    pub model_retries: u64,
    pub emails: u64,
    /// Digest emails sent, and the incidents listed in them.
    pub digests: u64,
    pub digested: u64,
    pub skipped: u64,
    pub failed: u64,
    /// Summaries made with the failing invocation's log, and without it because it could not
    /// be read.
    pub invocation_logs: u64,
    pub invocation_logs_missing: u64,
}

/// The stream records that ask for a summary: inserted or modified incidents whose new image
/// has `summary_status = pending` (the template's filter criteria say the same).
fn wanted(record: &Value) -> Option<&str> {
    let event = record.get("eventName").and_then(Value::as_str)?;
    if event != "INSERT" && event != "MODIFY" {
        return None;
    }
    let fingerprint = record
        .pointer("/dynamodb/Keys/fingerprint/S")
        .and_then(Value::as_str)?;
    let pending = record
        .pointer("/dynamodb/NewImage/summary_status/S")
        .and_then(Value::as_str)
        == Some(SummaryStatus::Pending.as_str());
    (pending && !fingerprint.starts_with(DEDUPE_PREFIX)).then_some(fingerprint)
}

/// The summarizer's ceilings, read once from its config.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budgets {
    /// Bedrock calls per invocation.
    pub max_model_calls: u32,
    /// Emails of their own per function per window; past it, the digest.
    pub max_emails_per_window: u32,
    pub email_window_seconds: u32,
}

impl Budgets {
    /// `max_model_calls` with the default email budget.
    #[cfg(test)]
    pub fn with_model_calls(max_model_calls: u32) -> Self {
        Budgets {
            max_model_calls,
            max_emails_per_window: identity::defaults::MAX_EMAILS_PER_WINDOW,
            email_window_seconds: identity::defaults::EMAIL_WINDOW_SECONDS,
        }
    }
}

impl From<&SummarizerConfig> for Budgets {
    fn from(config: &SummarizerConfig) -> Self {
        Budgets {
            max_model_calls: config.max_model_calls,
            max_emails_per_window: config.max_emails_per_window,
            email_window_seconds: config.email_window_seconds,
        }
    }
}

/// An incident over its function's email budget, waiting for the invocation's digest.
struct DigestEntry {
    sequence: String,
    incident: IncidentRecord,
    summary: Summary,
}

/// [`process_with_context`] without invocation logs.
#[cfg(test)]
pub async fn process(
    event: &Value,
    store: &IncidentStore,
    model: &impl SummaryModel,
    notifier: &impl Notifier,
    budgets: &Budgets,
) -> (Value, Tally) {
    process_with_context(event, store, model, notifier, budgets, &NoContext).await
}

/// [`process`], with the failing invocation's log (from `context`) in the prompt and the email
/// of every incident that gets an email of its own.
pub async fn process_with_context(
    event: &Value,
    store: &IncidentStore,
    model: &impl SummaryModel,
    notifier: &impl Notifier,
    budgets: &Budgets,
    context: &impl ContextSource,
) -> (Value, Tally) {
    let mut tally = Tally::default();
    let mut failures = Vec::new();
    let mut model_calls = 0;
    let window = identity::email_window(triage_aws::emf::now_ms(), budgets.email_window_seconds);
    let mut digests: BTreeMap<String, Vec<DigestEntry>> = BTreeMap::new();
    for record in event
        .get("Records")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let sequence = record
            .pointer("/dynamodb/SequenceNumber")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let Some(fingerprint) = wanted(record) else {
            tally.skipped += 1;
            continue;
        };
        // Read the current item: the stream image may be stale, and the summary must be written
        // once even if the stream repeats the record.
        let incident = match store.get(fingerprint).await {
            Ok(Some(incident)) if incident.summary_status == SummaryStatus::Pending => incident,
            Ok(_) => {
                tally.skipped += 1;
                continue;
            }
            Err(e) => {
                tracing::error!(error_code = e.code(), fingerprint, error = %e, "reading the incident failed");
                tally.failed += 1;
                failures.push(sequence);
                continue;
            }
        };
        let own_email = match store
            .claim_email(
                &incident.function,
                window,
                budgets.email_window_seconds,
                budgets.max_emails_per_window,
            )
            .await
        {
            Ok(claimed) => claimed,
            Err(e) => {
                tracing::error!(error_code = e.code(), fingerprint, error = %e, "reading the email budget failed; record retried");
                tally.failed += 1;
                failures.push(sequence);
                continue;
            }
        };
        if !own_email {
            // Over the budget: no model call, listed in this invocation's digest.
            let summary = summarize_offline(&incident.to_aggregate());
            digests
                .entry(incident.function.clone())
                .or_default()
                .push(DigestEntry {
                    sequence,
                    incident,
                    summary,
                });
            continue;
        }
        // Read before the model is asked, so the model sees it too; a failed or slow read only
        // leaves it out (the email says why).
        let invocation = context.fetch(&incident).await;
        match &invocation {
            Some(InvocationContext::Found { .. }) => tally.invocation_logs += 1,
            Some(InvocationContext::Unavailable { reason }) => {
                tracing::warn!(fingerprint, reason = %reason, "invocation log not available; summarising without it");
                tally.invocation_logs_missing += 1;
            }
            None => {}
        }
        let lines = invocation
            .as_ref()
            .map_or(&[][..], InvocationContext::lines);
        let (summary, status) = if model.enabled() && model_calls < budgets.max_model_calls {
            model_calls += 1;
            match model.summarize_with_context(&incident, lines).await {
                Ok(summary) => (summary, SummaryStatus::Done),
                Err(failure) if waits_for_model(&failure, &incident) => {
                    // The one decision on model errors: a retryable one leaves the incident
                    // pending (its record is retried by the stream, the email waits) until
                    // MAX_MODEL_ATTEMPTS; anything else, or past that, is the offline summary.
                    tracing::warn!(error_code = failure.code, fingerprint, attempt = incident.summary_attempts + 1, detail = %failure.detail, "model failed with a retryable error; incident left pending and retried");
                    tally.model_failures += 1;
                    tally.model_retries += 1;
                    if let Err(e) = store.note_summary_attempt(fingerprint).await {
                        tracing::error!(error_code = e.code(), fingerprint, error = %e, "counting the model attempt failed");
                    }
                    if let Err(e) = store.release_email(&incident.function, window).await {
                        tracing::error!(error_code = e.code(), fingerprint, error = %e, "giving back the unused email failed");
                    }
                    failures.push(sequence);
                    continue;
                }
                Err(failure) => {
                    tracing::warn!(error_code = failure.code, fingerprint, detail = %failure.detail, "model failed; offline summary stored");
                    tally.model_failures += 1;
                    (
                        summarize_offline(&incident.to_aggregate()),
                        SummaryStatus::Offline,
                    )
                }
            }
        } else {
            (
                summarize_offline(&incident.to_aggregate()),
                SummaryStatus::Offline,
            )
        };
        if let Err(e) = notifier
            .notify(&incident_email_with_context(
                &incident,
                &summary,
                invocation.as_ref(),
            ))
            .await
        {
            tracing::error!(error_code = e.code(), fingerprint, error = %e, "email failed; record retried");
            tally.failed += 1;
            failures.push(sequence);
            continue;
        }
        tally.emails += 1;
        store_summary(
            store,
            &incident.fingerprint,
            &summary,
            status,
            &sequence,
            &mut tally,
            &mut failures,
        )
        .await;
    }
    for (function, entries) in digests {
        let listed: Vec<&IncidentRecord> = entries.iter().map(|e| &e.incident).collect();
        let email = digest_email(
            &function,
            &listed,
            budgets.max_emails_per_window,
            budgets.email_window_seconds,
        );
        // The digest goes out before the summaries are stored: if it fails, every incident in it
        // is still pending and its record is retried, so none is lost.
        if let Err(e) = notifier.notify(&email).await {
            tracing::error!(error_code = e.code(), function = %function, incidents = entries.len(), error = %e, "digest email failed; records retried");
            tally.failed += entries.len() as u64;
            failures.extend(entries.into_iter().map(|e| e.sequence));
            continue;
        }
        tally.digests += 1;
        tally.digested += entries.len() as u64;
        for entry in &entries {
            store_summary(
                store,
                &entry.incident.fingerprint,
                &entry.summary,
                SummaryStatus::Offline,
                &entry.sequence,
                &mut tally,
                &mut failures,
            )
            .await;
        }
    }
    let response = json!({"batchItemFailures": failures.into_iter().map(|id| json!({"itemIdentifier": id})).collect::<Vec<_>>()});
    (response, tally)
}

/// Whether a model failure leaves the incident pending for another try (see
/// `triage_core::incident::MAX_MODEL_ATTEMPTS`).
fn waits_for_model(failure: &ModelFailure, incident: &IncidentRecord) -> bool {
    failure.retryable && incident.summary_attempts + 1 < MAX_MODEL_ATTEMPTS
}

async fn store_summary(
    store: &IncidentStore,
    fingerprint: &str,
    summary: &Summary,
    status: SummaryStatus,
    sequence: &str,
    tally: &mut Tally,
    failures: &mut Vec<String>,
) {
    match store.set_summary(fingerprint, summary, status).await {
        Ok(_) if status == SummaryStatus::Done => tally.summarized_by_model += 1,
        Ok(_) => tally.summarized_offline += 1,
        Err(e) => {
            tracing::error!(error_code = e.code(), fingerprint, error = %e, "storing the summary failed; record retried");
            tally.failed += 1;
            failures.push(sequence.to_string());
        }
    }
}

pub fn metrics(tally: &Tally) -> Vec<Metric> {
    vec![
        Metric::count("SummariesByModel", tally.summarized_by_model),
        Metric::count("SummariesOffline", tally.summarized_offline),
        Metric::count("ModelFailures", tally.model_failures),
        Metric::count("ModelRetries", tally.model_retries),
        Metric::count("IncidentEmails", tally.emails),
        Metric::count("DigestEmails", tally.digests),
        Metric::count("DigestedIncidents", tally.digested),
        Metric::count("FailedRecords", tally.failed),
        Metric::count("InvocationLogs", tally.invocation_logs),
        Metric::count("InvocationLogsMissing", tally.invocation_logs_missing),
    ]
}

pub async fn handle(
    config: &SummarizerConfig,
    store: &IncidentStore,
    model: &impl SummaryModel,
    notifier: &impl Notifier,
    context: &impl ContextSource,
    cold_start: &AtomicBool,
    event: LambdaEvent<Value>,
) -> Result<Value, Error> {
    let invocation = Invocation {
        service: &config.service,
        metrics_namespace: &config.metrics_namespace,
        cold_start,
        request_id: &event.context.request_id,
    };
    let budgets = Budgets::from(config);
    let work = process_with_context(&event.payload, store, model, notifier, &budgets, context);
    let (response, _) = run_invocation(invocation, work, |(_, tally)| metrics(tally)).await;
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::moto::Moto;
    use triage_aws::notify::SnsNotifier;
    use triage_aws::store::create_table;
    use triage_core::aggregate::aggregate;
    use triage_core::model::LogEvent;

    /// The real Bedrock adapter pointed at a local stub of the Converse wire format (NOT Bedrock,
    /// which cannot be reached here) answering with `canned`.
    async fn bedrock_via_stub(canned: crate::converse_stub::Canned) -> BedrockModel {
        let (url, _log) = crate::converse_stub::start_converse_stub(canned).await;
        BedrockModel {
            summarizer: triage_aws::bedrock::BedrockSummarizer::new(
                crate::converse_stub::stub_client(&url),
                "us.anthropic.claude-3-5-haiku-20241022-v1:0".into(),
                triage_aws::bedrock::BedrockSettings::default(),
            ),
        }
    }

    /// A Bedrock service error as the Converse wire format carries it (stub, not Bedrock).
    fn service_error(
        status: u16,
        reason: &'static str,
        error_type: &'static str,
        message: &str,
    ) -> crate::converse_stub::Canned {
        crate::converse_stub::Canned {
            status,
            reason,
            extra_headers: vec![("x-amzn-ErrorType", error_type)],
            body: json!({ "message": message }).to_string(),
            delay: std::time::Duration::ZERO,
        }
    }

    fn stream_record(fingerprint: &str, sequence: &str, summary_status: &str) -> Value {
        json!({"eventID": sequence, "eventName": "INSERT", "eventSource": "aws:dynamodb", "awsRegion": "us-east-1",
               "dynamodb": {"Keys": {"fingerprint": {"S": fingerprint}},
                            "NewImage": {"fingerprint": {"S": fingerprint}, "summary_status": {"S": summary_status}},
                            "SequenceNumber": sequence, "StreamViewType": "NEW_AND_OLD_IMAGES"}})
    }

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
    async fn a_new_incident_gets_a_stored_summary_and_exactly_one_email() {
        let moto = Moto::start();
        let (store, notifier, fingerprint) = setup(&moto).await;
        let event = json!({"Records": [stream_record(&fingerprint, "100", "pending"), stream_record("dedupe#m-1", "101", "pending")]});
        let (response, tally) = process(
            &event,
            &store,
            &NoModel,
            &notifier,
            &Budgets::with_model_calls(5),
        )
        .await;
        assert_eq!(response["batchItemFailures"], json!([]));
        assert_eq!((tally.emails, tally.summarized_offline), (1, 1));
        let stored = store.get(&fingerprint).await.unwrap().unwrap();
        assert_eq!(stored.summary_status, SummaryStatus::Offline);
        assert!(stored
            .summary
            .expect("summary stored")
            .summary
            .contains("timed out"));
        let sent = published_messages(&moto);
        assert_eq!(sent.len(), 1, "exactly one email: {sent:?}");
        let text = sent[0].to_string();
        assert!(
            text.contains("[logtriage] timeout in orders (3 occurrences)"),
            "{text}"
        );

        // The stream delivers the record again: nothing more is sent.
        let (_, again) = process(
            &event,
            &store,
            &NoModel,
            &notifier,
            &Budgets::with_model_calls(5),
        )
        .await;
        assert_eq!((again.emails, again.skipped), (0, 2));
        assert_eq!(published_messages(&moto).len(), 1);
    }

    #[tokio::test]
    async fn converse_stub_answer_is_stored_as_the_bedrock_summary() {
        let moto = Moto::start();
        let (store, notifier, fingerprint) = setup(&moto).await;
        let answer = r#"{"summary":"orders timed out 3 times at its 3 s limit","probable_cause":"the payment API call has no timeout","remediation":["set a 2 s client timeout"],"severity":"critical"}"#;
        let model = bedrock_via_stub(crate::converse_stub::Canned::converse_ok(answer)).await;
        let event = json!({"Records": [stream_record(&fingerprint, "300", "pending")]});
        let (response, tally) = process(
            &event,
            &store,
            &model,
            &notifier,
            &Budgets::with_model_calls(5),
        )
        .await;
        assert_eq!(response["batchItemFailures"], json!([]));
        assert_eq!((tally.summarized_by_model, tally.emails), (1, 1));
        let stored = store.get(&fingerprint).await.unwrap().unwrap();
        assert_eq!(stored.summary_status, SummaryStatus::Done);
        let summary = stored.summary.expect("summary stored");
        assert_eq!(summary.source, triage_core::summary::SummarySource::Bedrock);
        assert_eq!(
            summary.probable_cause,
            "the payment API call has no timeout"
        );
        assert!(published_messages(&moto)[0]
            .to_string()
            .contains("Amazon Bedrock"));
    }

    #[tokio::test]
    async fn converse_stub_throttling_leaves_the_incident_pending_then_falls_back_to_offline() {
        let moto = Moto::start();
        let (store, notifier, fingerprint) = setup(&moto).await;
        let throttled = service_error(
            429,
            "Too Many Requests",
            "ThrottlingException",
            "Too many requests, please wait before trying again.",
        );
        let model = bedrock_via_stub(throttled).await;
        let event = json!({"Records": [stream_record(&fingerprint, "200", "pending")]});
        // The stream retries a failed record: the first attempts leave it pending, unmailed.
        for attempt in 1..MAX_MODEL_ATTEMPTS {
            let (response, tally) = process(
                &event,
                &store,
                &model,
                &notifier,
                &Budgets::with_model_calls(5),
            )
            .await;
            assert_eq!(
                response["batchItemFailures"],
                json!([{"itemIdentifier": "200"}]),
                "attempt {attempt} is retried"
            );
            assert_eq!((tally.model_retries, tally.emails), (1, 0));
            let stored = store.get(&fingerprint).await.unwrap().unwrap();
            assert_eq!(stored.summary_status, SummaryStatus::Pending);
            assert_eq!(stored.summary_attempts, attempt);
            assert!(
                published_messages(&moto).is_empty(),
                "no email while waiting"
            );
        }
        // The last attempt falls back to the offline summary and sends the one email.
        let (response, tally) = process(
            &event,
            &store,
            &model,
            &notifier,
            &Budgets::with_model_calls(5),
        )
        .await;
        assert_eq!(response["batchItemFailures"], json!([]));
        assert_eq!(
            (tally.model_failures, tally.summarized_offline, tally.emails),
            (1, 1, 1)
        );
        let stored = store.get(&fingerprint).await.unwrap().unwrap();
        assert_eq!(
            stored.summary_status,
            SummaryStatus::Offline,
            "marked as offline, nothing lost"
        );
        assert_eq!(published_messages(&moto).len(), 1);
    }

    #[tokio::test]
    async fn converse_stub_access_denied_falls_back_to_offline_at_once() {
        let moto = Moto::start();
        let (store, notifier, fingerprint) = setup(&moto).await;
        let denied = service_error(
            403,
            "Forbidden",
            "AccessDeniedException",
            "You don't have access to the model with the specified model ID.",
        );
        let model = bedrock_via_stub(denied).await;
        let event = json!({"Records": [stream_record(&fingerprint, "250", "pending")]});
        let (response, tally) = process(
            &event,
            &store,
            &model,
            &notifier,
            &Budgets::with_model_calls(5),
        )
        .await;
        assert_eq!(response["batchItemFailures"], json!([]));
        assert_eq!(
            (tally.model_retries, tally.summarized_offline, tally.emails),
            (0, 1, 1)
        );
    }

    #[tokio::test]
    async fn over_the_model_budget_incidents_get_offline_summaries() {
        let moto = Moto::start();
        let (store, notifier, fingerprint) = setup(&moto).await;
        let model = bedrock_via_stub(crate::converse_stub::Canned::converse_ok("{}")).await;
        let event = json!({"Records": [stream_record(&fingerprint, "400", "pending")]});
        let (_, tally) = process(
            &event,
            &store,
            &model,
            &notifier,
            &Budgets::with_model_calls(0),
        )
        .await;
        assert_eq!(
            (tally.model_failures, tally.summarized_offline),
            (0, 1),
            "no call made with a zero budget"
        );
    }

    #[tokio::test]
    async fn over_the_email_budget_incidents_go_into_one_digest_and_skip_the_model() {
        let moto = Moto::start();
        let (store, notifier, first) = setup(&moto).await;
        let mut fingerprints = vec![first];
        for (i, message) in [
            "[ERROR]\t2024-01-01T00:00:00.000Z\t5c1a7d1e-4b2c-4a6f-9e8d-7c6b5a493827\tAccessDeniedException: User is not authorized to perform: s3:GetObject",
            "[ERROR]\t2024-01-01T00:00:00.000Z\t5c1a7d1e-4b2c-4a6f-9e8d-7c6b5a493827\tconnect ECONNREFUSED 10.0.0.7:5432",
        ]
        .iter()
        .enumerate()
        {
            let e = LogEvent::new(Some(1_717_000_000_000), *message);
            let (_, a) = aggregate([("/aws/lambda/orders", &e)]);
            store
                .record_occurrences(&format!("m-extra-{i}"), &a[0])
                .await
                .expect("seeded");
            fingerprints.push(a[0].fingerprint.clone());
        }
        let event = json!({"Records": fingerprints.iter().enumerate().map(|(i, f)| stream_record(f, &format!("{}", 500 + i), "pending")).collect::<Vec<_>>()});
        // The model would answer, but only the incident with its own email may ask it.
        let model = bedrock_via_stub(crate::converse_stub::Canned::converse_ok(
            r#"{"summary":"s","probable_cause":"c","remediation":["r"],"severity":"high"}"#,
        ))
        .await;
        let budgets = Budgets {
            max_model_calls: 5,
            max_emails_per_window: 1,
            email_window_seconds: 3_600,
        };
        let (response, tally) = process(&event, &store, &model, &notifier, &budgets).await;
        assert_eq!(response["batchItemFailures"], json!([]));
        assert_eq!((tally.emails, tally.digests, tally.digested), (1, 1, 2));
        assert_eq!(
            (tally.summarized_by_model, tally.summarized_offline),
            (1, 2)
        );
        let sent = published_messages(&moto);
        assert_eq!(sent.len(), 2, "one own email and one digest: {sent:?}");
        let digest = sent
            .iter()
            .map(Value::to_string)
            .find(|t| t.contains("digest: 2 more incidents in orders"))
            .expect("a digest email");
        for f in &fingerprints[1..] {
            assert!(digest.contains(f.as_str()), "{f} listed in {digest}");
        }
        for f in &fingerprints {
            let stored = store.get(f).await.unwrap().unwrap();
            assert_ne!(
                stored.summary_status,
                SummaryStatus::Pending,
                "{f} summarised"
            );
        }
        // Same window, new pending incident of the same function: still over budget.
        let (_, again) = process(&event, &store, &model, &notifier, &budgets).await;
        assert_eq!(
            (again.emails, again.skipped),
            (0, 3),
            "nothing pending is mailed twice"
        );
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
        let logs = crate::logs_seed::logs_client(&moto.endpoint()).await;
        crate::logs_seed::put_events(&logs, "/aws/lambda/orders", "stream-1", &lines).await;
        let events: Vec<LogEvent> = lines
            .iter()
            .map(|(ts, m)| LogEvent::new(Some(*ts), m.clone()))
            .collect();
        let (_, incidents) = aggregate(events.iter().map(|e| ("/aws/lambda/orders", e)));
        let incident = incidents
            .iter()
            .find(|i| i.request_ids.iter().any(|r| r == RID))
            .expect("an incident with the request id");
        store
            .record_occurrences("m-ctx", incident)
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
        let client = crate::logs_seed::logs_client(&moto.endpoint()).await;
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
        let moto = Moto::start();
        let (store, notifier, _) = setup(&moto).await;
        let fingerprint = seed_failing_invocation(&moto, &store).await;
        let answer = r#"{"summary":"orders failed on a missing order_id","probable_cause":"the request has no order_id","remediation":["validate the input"],"severity":"high"}"#;
        let (url, requests) = crate::converse_stub::start_converse_stub(
            crate::converse_stub::Canned::converse_ok(answer),
        )
        .await;
        let model = BedrockModel {
            summarizer: triage_aws::bedrock::BedrockSummarizer::new(
                crate::converse_stub::stub_client(&url),
                "us.anthropic.claude-3-5-haiku-20241022-v1:0".into(),
                triage_aws::bedrock::BedrockSettings::default(),
            ),
        };
        let event = json!({"Records": [stream_record(&fingerprint, "600", "pending")]});
        let (response, tally) = process_with_context(
            &event,
            &store,
            &model,
            &notifier,
            &Budgets::with_model_calls(5),
            &logs_context(&moto, 5_000).await,
        )
        .await;
        assert_eq!(response["batchItemFailures"], json!([]));
        assert_eq!((tally.summarized_by_model, tally.invocation_logs), (1, 1));

        let prompt = {
            let recorded = requests.lock().unwrap();
            assert_eq!(recorded.len(), 1);
            String::from_utf8_lossy(&recorded[0].body).to_string()
        };
        assert!(prompt.contains("log of one failing invocation"), "{prompt}");
        assert!(prompt.contains("charging card for <email>"), "{prompt}");
        let email = published_messages(&moto)
            .iter()
            .map(Value::to_string)
            .find(|m| m.contains(&fingerprint))
            .expect("the incident's email");
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
        let moto = Moto::start();
        // The incident's log group does not exist: the read fails with not_found.
        let (store, notifier, fingerprint) = setup(&moto).await;
        let event = json!({"Records": [stream_record(&fingerprint, "700", "pending")]});
        let (response, tally) = process_with_context(
            &event,
            &store,
            &NoModel,
            &notifier,
            &Budgets::with_model_calls(5),
            &logs_context(&moto, 5_000).await,
        )
        .await;
        assert_eq!(response["batchItemFailures"], json!([]));
        assert_eq!(
            (
                tally.emails,
                tally.summarized_offline,
                tally.invocation_logs_missing
            ),
            (1, 1, 1)
        );
        let sent = published_messages(&moto);
        let text = sent[0].to_string();
        assert!(
            text.contains("What happened before the failure: not available (reading /aws/lambda/orders failed (not_found)"),
            "{text}"
        );
        assert_eq!(
            store
                .get(&fingerprint)
                .await
                .unwrap()
                .unwrap()
                .summary_status,
            SummaryStatus::Offline,
            "summarised and stored all the same"
        );

        // A read that outlasts its time bound: the same, with the reason.
        let second = seed_failing_invocation(&moto, &store).await;
        let event = json!({"Records": [stream_record(&second, "701", "pending")]});
        let (response, tally) = process_with_context(
            &event,
            &store,
            &NoModel,
            &notifier,
            &Budgets::with_model_calls(5),
            &logs_context(&moto, 0).await,
        )
        .await;
        assert_eq!(response["batchItemFailures"], json!([]));
        assert_eq!((tally.emails, tally.invocation_logs_missing), (1, 1));
        let timed_out = published_messages(&moto)
            .iter()
            .map(Value::to_string)
            .find(|m| m.contains(&second))
            .expect("the second incident's email");
        assert!(
            timed_out.contains("not available (reading the log timed out after 0 ms)"),
            "{timed_out}"
        );
    }
}
