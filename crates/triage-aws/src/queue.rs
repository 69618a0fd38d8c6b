//! The processor → writer queue: message contract, batch planning (pure) and the SQS sender.

use serde::{Deserialize, Serialize};
use triage_core::aggregate::IncidentAggregate;

/// SQS limits for `SendMessageBatch`.
pub const MAX_BATCH_ENTRIES: usize = 10;
pub const MAX_BATCH_BYTES: usize = 256 * 1024;

/// Where a batch of log events came from. Together with the fingerprint it identifies a
/// message across retries: CloudWatch Logs redelivers the same events, so the same ids.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchSource {
    pub log_group: String,
    pub log_stream: String,
    pub first_event_id: String,
    pub last_event_id: String,
}

/// The body of one queue message: one incident's share of one batch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IncidentMessage {
    /// Stable across retries of the same batch: the writer's idempotency key.
    pub message_id: String,
    pub source: BatchSource,
    pub aggregate: IncidentAggregate,
}

/// A message ready to send: a batch-entry id and its serialised body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingMessage {
    pub message_id: String,
    pub body: String,
}

/// One message per fingerprint of the batch.
pub fn incident_messages(
    source: &BatchSource,
    aggregates: Vec<IncidentAggregate>,
) -> Vec<OutgoingMessage> {
    aggregates
        .into_iter()
        .map(|aggregate| {
            let message_id = message_id(source, &aggregate.fingerprint);
            let message = IncidentMessage {
                message_id: message_id.clone(),
                source: source.clone(),
                aggregate,
            };
            OutgoingMessage {
                message_id,
                body: serde_json::to_string(&message).expect("incident messages always serialise"),
            }
        })
        .collect()
}

/// `<fingerprint>-<16 hex of FNV-1a 64 over the batch identity>`: at most 33 characters of
/// `[0-9a-f-]`, valid as an SQS batch-entry id.
pub fn message_id(source: &BatchSource, fingerprint: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in [
        &source.log_group,
        &source.log_stream,
        &source.first_event_id,
        &source.last_event_id,
    ] {
        for &b in part.as_bytes().iter().chain(std::iter::once(&0u8)) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{fingerprint}-{hash:016x}")
}

/// Split messages into `SendMessageBatch` calls: at most 10 entries and 256 KiB per call.
/// A single message over the byte limit gets a call of its own (SQS will reject it, and
/// the sender reports it) rather than being dropped silently here.
pub fn plan_batches(messages: &[OutgoingMessage]) -> Vec<std::ops::Range<usize>> {
    let mut batches = Vec::new();
    let mut start = 0;
    let mut bytes = 0;
    for (i, m) in messages.iter().enumerate() {
        let full =
            i - start == MAX_BATCH_ENTRIES || (i > start && bytes + m.body.len() > MAX_BATCH_BYTES);
        if full {
            batches.push(start..i);
            start = i;
            bytes = 0;
        }
        bytes += m.body.len();
    }
    if start < messages.len() {
        batches.push(start..messages.len());
    }
    batches
}

#[derive(Debug, thiserror::Error)]
pub enum QueueError {
    #[error("SQS throttled the request: {0}")]
    Throttled(String),
    #[error("SQS is unavailable: {0}")]
    Unavailable(String),
    #[error("SQS rejected {count} message(s), first {first_id}: {reason}")]
    Rejected {
        count: usize,
        first_id: String,
        reason: String,
    },
    #[error("SQS request failed: {0}")]
    Sdk(String),
}

impl QueueError {
    pub fn code(&self) -> &'static str {
        match self {
            QueueError::Throttled(_) => "throttled",
            QueueError::Unavailable(_) => "unavailable",
            QueueError::Rejected { .. } => "rejected",
            QueueError::Sdk(_) => "sdk",
        }
    }

    /// The one place that decides whether sending again can help.
    pub fn is_retryable(&self) -> bool {
        matches!(self, QueueError::Throttled(_) | QueueError::Unavailable(_))
    }
}

/// Anything the processor can hand its messages to.
pub trait MessageSink {
    fn send_messages(
        &self,
        messages: &[OutgoingMessage],
    ) -> impl std::future::Future<Output = Result<(), QueueError>> + Send;
}

/// The SQS implementation of [`MessageSink`].
#[derive(Debug, Clone)]
pub struct SqsSender {
    client: aws_sdk_sqs::Client,
    queue_url: String,
}

impl SqsSender {
    pub fn new(client: aws_sdk_sqs::Client, queue_url: impl Into<String>) -> Self {
        SqsSender {
            client,
            queue_url: queue_url.into(),
        }
    }
}

impl MessageSink for SqsSender {
    async fn send_messages(&self, messages: &[OutgoingMessage]) -> Result<(), QueueError> {
        use aws_sdk_sqs::types::SendMessageBatchRequestEntry;
        for range in plan_batches(messages) {
            let entries = messages[range]
                .iter()
                .map(|m| {
                    SendMessageBatchRequestEntry::builder()
                        .id(&m.message_id)
                        .message_body(&m.body)
                        .build()
                        .map_err(|e| QueueError::Sdk(e.to_string()))
                })
                .collect::<Result<Vec<_>, _>>()?;
            let output = self
                .client
                .send_message_batch()
                .queue_url(&self.queue_url)
                .set_entries(Some(entries))
                .send()
                .await
                .map_err(classify_sdk_error)?;
            let failed = output.failed();
            if let Some(first) = failed.first() {
                let reason = format!("{}: {}", first.code(), first.message().unwrap_or(""));
                // Sender faults (not client faults) are SQS's own trouble: worth a retry.
                return Err(if first.sender_fault() {
                    QueueError::Rejected {
                        count: failed.len(),
                        first_id: first.id().to_string(),
                        reason,
                    }
                } else {
                    QueueError::Unavailable(reason)
                });
            }
        }
        Ok(())
    }
}

fn classify_sdk_error<E, R>(error: aws_sdk_sqs::error::SdkError<E, R>) -> QueueError
where
    E: aws_sdk_sqs::error::ProvideErrorMetadata + std::fmt::Debug,
    R: std::fmt::Debug,
{
    use aws_sdk_sqs::error::SdkError;
    let text = format!("{error:?}");
    match &error {
        SdkError::TimeoutError(_) | SdkError::DispatchFailure(_) | SdkError::ResponseError(_) => {
            QueueError::Unavailable(text)
        }
        SdkError::ServiceError(service) => match service.err().code() {
            Some(
                "ThrottlingException"
                | "RequestThrottled"
                | "AWS.SimpleQueueService.RequestThrottled",
            ) => QueueError::Throttled(text),
            Some("ServiceUnavailable" | "InternalError" | "InternalFailure") => {
                QueueError::Unavailable(text)
            }
            _ => QueueError::Sdk(text),
        },
        _ => QueueError::Sdk(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source() -> BatchSource {
        BatchSource {
            log_group: "/aws/lambda/orders".into(),
            log_stream: "2024/01/01/[$LATEST]abc".into(),
            first_event_id: "1".into(),
            last_event_id: "9".into(),
        }
    }

    fn message(bytes: usize) -> OutgoingMessage {
        OutgoingMessage {
            message_id: "m".into(),
            body: "x".repeat(bytes),
        }
    }

    #[test]
    fn message_ids_are_stable_per_batch_and_fingerprint() {
        let a = message_id(&source(), "3f81449a274ab924");
        assert_eq!(a, message_id(&source(), "3f81449a274ab924"));
        assert_ne!(a, message_id(&source(), "0000000000000000"));
        let mut later = source();
        later.first_event_id = "10".into();
        assert_ne!(a, message_id(&later, "3f81449a274ab924"));
        assert!(a.len() <= 80 && a.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'));
    }

    #[test]
    fn batches_respect_entry_and_byte_limits() {
        let many: Vec<_> = (0..23).map(|_| message(100)).collect();
        assert_eq!(plan_batches(&many), vec![0..10, 10..20, 20..23]);
        let big: Vec<_> = (0..4).map(|_| message(100 * 1024)).collect();
        assert_eq!(plan_batches(&big), vec![0..2, 2..4]);
        let oversized = vec![message(300 * 1024), message(10)];
        assert_eq!(plan_batches(&oversized), vec![0..1, 1..2]);
        assert!(plan_batches(&[]).is_empty());
    }

    #[test]
    fn error_codes_and_retryability() {
        assert!(QueueError::Throttled("x".into()).is_retryable());
        assert!(QueueError::Unavailable("x".into()).is_retryable());
        let rejected = QueueError::Rejected {
            count: 1,
            first_id: "a".into(),
            reason: "too big".into(),
        };
        assert!(!rejected.is_retryable());
        assert_eq!(rejected.code(), "rejected");
    }
}
