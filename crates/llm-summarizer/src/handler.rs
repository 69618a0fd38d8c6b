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
use triage_aws::store::{SummarizerStore, DEDUPE_PREFIX};
use triage_core::digest::digest_email;
use triage_core::email::incident_email_with_context;
use triage_core::identity;
use triage_core::incident::{IncidentRecord, SummaryStatus, MAX_MODEL_ATTEMPTS};
use triage_core::logs_query::InvocationContext;
use triage_core::summary::{summarize_offline, Summary};

pub use crate::context::{ContextSource, LogsContext, NoContext};
pub use crate::model::{BedrockModel, Model, ModelFailure, NoModel, SummaryModel};

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
pub async fn process(
    event: &Value,
    store: &impl SummarizerStore,
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
    store: &impl SummarizerStore,
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
    store: &impl SummarizerStore,
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
    store: &impl SummarizerStore,
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
    // Boxed: held inline, the batch's future (store, model, logs and SNS calls) nested in
    // Lambda's runtime takes rustc past its layout query depth limit (128) in `main`; one
    // allocation per invocation.
    let work = Box::pin(process_with_context(
        &event.payload,
        store,
        model,
        notifier,
        &budgets,
        context,
    ));
    let (response, _) = run_invocation(invocation, work, |(_, tally)| metrics(tally)).await;
    Ok(response)
}

#[cfg(test)]
mod tests;
