//! One SQS batch: each message is one incident's share of one log batch. Each is upserted on
//! its own; the ones that fail are returned as `batchItemFailures`, so SQS retries only those
//! and, after `maxReceiveCount`, moves them to the dead-letter queue. Nothing is dropped: a
//! message that cannot even be parsed is reported as failed too, to end up in the DLQ where
//! an operator can see it.

use aws_lambda_events::event::sqs::{BatchItemFailure, SqsBatchResponse, SqsEvent};
use lambda_runtime::{Error, LambdaEvent};
use std::sync::atomic::AtomicBool;
use triage_aws::config::WriterConfig;
use triage_aws::emf::Metric;
use triage_aws::invocation::{run_invocation, InvocationContext};
use triage_aws::queue::IncidentMessage;
use triage_aws::store::{RecordOccurrences, RecordOutcome};

/// Counts for the metrics line.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub created: u64,
    pub updated: u64,
    pub reopened: u64,
    pub duplicates: u64,
    pub occurrences: u64,
    pub failed: u64,
    pub invalid: u64,
}

/// Where occurrences go is the store port: the DynamoDB adapter in Lambda, the in-memory test
/// double in unit tests.
pub async fn process(
    event: &SqsEvent,
    store: &impl RecordOccurrences,
) -> (SqsBatchResponse, Tally) {
    let mut response = SqsBatchResponse::default();
    let mut tally = Tally::default();
    for record in &event.records {
        let sqs_id = record.message_id.clone().unwrap_or_default();
        let message = match record
            .body
            .as_deref()
            .map(serde_json::from_str::<IncidentMessage>)
        {
            Some(Ok(message)) => message,
            other => {
                let detail = match other {
                    // serde's messages can quote the offending value: keep a bounded cut.
                    Some(Err(e)) => triage_aws::sdk_error::bounded(
                        &e.to_string(),
                        triage_aws::sdk_error::MAX_MESSAGE_CHARS,
                    ),
                    _ => "message has no body".to_string(),
                };
                tracing::error!(error_code = "invalid_message", sqs_message_id = %sqs_id, detail = %detail, "not an incident message; left for the DLQ");
                tally.invalid += 1;
                response.batch_item_failures.push(failure(sqs_id));
                continue;
            }
        };
        match store
            .record_occurrences(&message.message_id, &message.aggregate)
            .await
        {
            Ok(outcome) => {
                match outcome {
                    RecordOutcome::Created(_) => tally.created += 1,
                    RecordOutcome::Updated(_) => tally.updated += 1,
                    RecordOutcome::Reopened(_) => tally.reopened += 1,
                    RecordOutcome::Duplicate => tally.duplicates += 1,
                }
                if !matches!(outcome, RecordOutcome::Duplicate) {
                    tally.occurrences += message.aggregate.count;
                }
                tracing::info!(fingerprint = %message.aggregate.fingerprint, outcome = outcome.as_str(), message_id = %message.message_id, "recorded");
            }
            Err(e) => {
                tracing::error!(error_code = e.code(), retryable = e.is_retryable(), fingerprint = %message.aggregate.fingerprint, error = %e, "record failed; returned to the queue");
                tally.failed += 1;
                response.batch_item_failures.push(failure(sqs_id));
            }
        }
    }
    (response, tally)
}

fn failure(sqs_message_id: String) -> BatchItemFailure {
    let mut f = BatchItemFailure::default();
    f.item_identifier = sqs_message_id;
    f
}

pub fn metrics(tally: &Tally) -> Vec<Metric> {
    vec![
        Metric::count("IncidentsOpened", tally.created + tally.reopened),
        Metric::count("IncidentsUpdated", tally.updated),
        Metric::count("DuplicateMessages", tally.duplicates),
        Metric::count("OccurrencesRecorded", tally.occurrences),
        Metric::count("FailedMessages", tally.failed),
        Metric::count("InvalidMessages", tally.invalid),
    ]
}

#[cfg(test)]
fn metrics_line(config: &WriterConfig, tally: &Tally, timestamp_ms: i64) -> String {
    triage_aws::emf::emf_line(
        &config.metrics_namespace,
        &config.service,
        timestamp_ms,
        &metrics(tally),
    )
}

pub async fn handle(
    config: &WriterConfig,
    store: &impl RecordOccurrences,
    cold_start: &AtomicBool,
    event: LambdaEvent<SqsEvent>,
) -> Result<SqsBatchResponse, Error> {
    let context = InvocationContext {
        service: &config.service,
        metrics_namespace: &config.metrics_namespace,
        cold_start,
        request_id: &event.context.request_id,
    };
    // Boxed: held inline, the batch's future (DynamoDB transactions, retries) nested in
    // Lambda's runtime takes rustc past its layout query depth limit (128) in `main`; one
    // allocation per invocation.
    let work = Box::pin(process(&event.payload, store));
    let (response, _) = run_invocation(context, work, |(_, tally)| metrics(tally)).await;
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;
    use triage_aws::store::memory::InMemoryStore;
    use triage_aws::store::{GetIncident, StoreError};
    use triage_core::aggregate::IncidentAggregate;

    /// Test double (not DynamoDB): the in-memory store, with one fingerprint whose writes fail
    /// as an unreachable table would. The real store is exercised on the emulator below.
    #[derive(Default)]
    struct FailingFor {
        store: InMemoryStore,
        fingerprint: &'static str,
    }

    impl RecordOccurrences for FailingFor {
        async fn record_occurrences(
            &self,
            message_id: &str,
            aggregate: &IncidentAggregate,
        ) -> Result<RecordOutcome, StoreError> {
            if aggregate.fingerprint == self.fingerprint {
                return Err(StoreError::Unavailable {
                    operation: "TransactWriteItems",
                    message: "table down (test)".into(),
                });
            }
            self.store.record_occurrences(message_id, aggregate).await
        }
    }

    fn event() -> SqsEvent {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/sqs-event.json"
        ))
        .unwrap();
        serde_json::from_str(&text).unwrap()
    }

    fn failed_ids(response: &SqsBatchResponse) -> Vec<&str> {
        response
            .batch_item_failures
            .iter()
            .map(|f| f.item_identifier.as_str())
            .collect()
    }

    /// The stored incident's occurrence count (through the port, so for either store).
    async fn occurrences(store: &impl GetIncident, fingerprint: &str) -> u64 {
        store
            .get(fingerprint)
            .await
            .unwrap()
            .expect("incident stored")
            .occurrences
    }

    #[tokio::test]
    async fn records_each_message_and_returns_only_the_bad_one() {
        let store = InMemoryStore::new();
        let (response, tally) = process(&event(), &store).await;
        assert_eq!(
            failed_ids(&response),
            vec!["sqs-3"],
            "the unparseable message goes back (then to the DLQ)"
        );
        assert_eq!(
            (tally.created, tally.invalid, tally.occurrences),
            (2, 1, 10_003)
        );
    }

    #[tokio::test]
    async fn a_replayed_batch_counts_nothing_twice() {
        let store = InMemoryStore::new();
        process(&event(), &store).await;
        let (_, replay) = process(&event(), &store).await;
        assert_eq!(
            (replay.duplicates, replay.occurrences, replay.created),
            (2, 0, 0)
        );
        assert_eq!(occurrences(&store, "3f81449a274ab924").await, 3);
        assert_eq!(occurrences(&store, "2bea2f62b48c18e9").await, 10_000);
    }

    #[tokio::test]
    async fn a_store_failure_returns_just_that_message() {
        let store = FailingFor {
            fingerprint: "3f81449a274ab924",
            ..Default::default()
        };
        let (response, tally) = process(&event(), &store).await;
        assert_eq!(failed_ids(&response), vec!["sqs-1", "sqs-3"]);
        assert_eq!((tally.failed, tally.created), (1, 1));
        let line: serde_json::Value = serde_json::from_str(&metrics_line(
            &WriterConfig {
                incidents_table: "t".into(),
                retention_days: 30,
                max_align_candidates: 50,
                service: "incident-writer".into(),
                metrics_namespace: "logtriage".into(),
            },
            &tally,
            0,
        ))
        .unwrap();
        assert_eq!(line["FailedMessages"], 1.0);
        assert_eq!(line["InvalidMessages"], 1.0);
    }

    /// Against the real store on the local AWS emulator (moto server, real DynamoDB wire protocol).
    mod on_moto {
        use super::*;
        use triage_aws::store::{create_table, IncidentStore};

        use crate::moto;

        #[tokio::test]
        async fn table_outage_returns_the_messages_and_recovery_counts_exactly() {
            let moto = moto::Moto::start();
            let client = moto.dynamodb().await;
            let store = IncidentStore::new(client.clone(), "incidents");

            // The table does not exist yet: every valid message goes back to the queue.
            let (response, tally) = process(&event(), &store).await;
            assert_eq!(failed_ids(&response), vec!["sqs-1", "sqs-2", "sqs-3"]);
            assert_eq!((tally.failed, tally.invalid), (2, 1));

            // Recovered: SQS redelivers the batch (twice, to be sure); counts are exact.
            create_table(&client, "incidents")
                .await
                .expect("create table");
            let (_, first) = process(&event(), &store).await;
            let (_, second) = process(&event(), &store).await;
            assert_eq!((first.created, first.occurrences), (2, 10_003));
            assert_eq!((second.duplicates, second.occurrences), (2, 0));
            assert_eq!(occurrences(&store, "3f81449a274ab924").await, 3);
            assert_eq!(occurrences(&store, "2bea2f62b48c18e9").await, 10_000);
        }
    }
}
