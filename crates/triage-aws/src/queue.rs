//! The processor → writer queue: message contract, batch planning (pure) and the SQS sender.

use crate::sdk_error::{
    bounded, classify_response, Retry, SdkFailure, ServiceCodes, MAX_MESSAGE_CHARS,
};
use aws_sdk_sqs::config::http::HttpResponse;
use aws_sdk_sqs::error::{ProvideErrorMetadata, SdkError};
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

/// SQS's limit on one message body.
pub const MAX_MESSAGE_BYTES: usize = 256 * 1024;

/// One message per fingerprint of the batch, each fitted under [`MAX_MESSAGE_BYTES`].
pub fn incident_messages(
    source: &BatchSource,
    aggregates: Vec<IncidentAggregate>,
) -> Vec<OutgoingMessage> {
    aggregates
        .into_iter()
        .map(|aggregate| {
            let message_id = message_id(source, &aggregate.fingerprint);
            let mut message = IncidentMessage {
                message_id: message_id.clone(),
                source: source.clone(),
                aggregate,
            };
            let mut body = serialise(&message);
            // The aggregate is bounded, but its text fields come from the log: if a hostile
            // input still makes the body too large, shed detail (never the counts) until it fits.
            let mut step = 0;
            while body.len() > MAX_MESSAGE_BYTES && shrink(&mut message, step) {
                step += 1;
                body = serialise(&message);
            }
            if step > 0 {
                tracing::warn!(error_code = "message_trimmed", message_id = %message_id, bytes = body.len(), "incident message over the SQS limit: samples and ids trimmed");
            }
            OutgoingMessage { message_id, body }
        })
        .collect()
}

fn serialise(message: &IncidentMessage) -> String {
    serde_json::to_string(message).expect("incident messages always serialise")
}

/// One step of shedding detail from an oversized message; `false` when nothing is left to shed.
fn shrink(message: &mut IncidentMessage, step: usize) -> bool {
    let a = &mut message.aggregate;
    let cut = |text: &mut String, max: usize| {
        if let Some((i, _)) = text.char_indices().nth(max) {
            text.truncate(i);
        }
    };
    match step {
        0 => a.samples.iter_mut().for_each(|s| cut(s, 1_024)),
        1 => {
            a.samples.truncate(1);
            a.request_ids.truncate(1);
            a.request_ids.iter_mut().for_each(|r| cut(r, 64));
        }
        2 => {
            a.samples.clear();
            a.request_ids.clear();
            cut(&mut a.template, 240);
            for field in [
                &mut message.source.log_stream,
                &mut message.source.first_event_id,
                &mut message.source.last_event_id,
            ] {
                cut(field, 512);
            }
        }
        _ => return false,
    }
    true
}

/// `<fingerprint>-<16 hex of FNV-1a 64 over the batch identity>`: at most 33 characters of
/// `[0-9a-f-]`, valid as an SQS batch-entry id.
pub fn message_id(source: &BatchSource, fingerprint: &str) -> String {
    let hash = triage_core::hash::fnv1a_fields([
        source.log_group.as_bytes(),
        source.log_stream.as_bytes(),
        source.first_event_id.as_bytes(),
        source.last_event_id.as_bytes(),
    ]);
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
    /// The request's content is invalid (a message too long, invalid characters): sending the
    /// same content again cannot help, but its other messages may be fine on their own.
    #[error("SQS refused the request's content: {0}")]
    Invalid(String),
    #[error("SQS request failed: {0}")]
    Sdk(String),
}

impl QueueError {
    pub fn code(&self) -> &'static str {
        match self {
            QueueError::Throttled(_) => "throttled",
            QueueError::Unavailable(_) => "unavailable",
            QueueError::Rejected { .. } => "rejected",
            QueueError::Invalid(_) => "invalid_message",
            QueueError::Sdk(_) => "sdk",
        }
    }

    /// The one place that decides whether sending again can help.
    pub fn is_retryable(&self) -> bool {
        matches!(self, QueueError::Throttled(_) | QueueError::Unavailable(_))
    }
}

/// A message SQS refused for a reason no retry can fix (invalid or too large).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RejectedMessage {
    pub message_id: String,
    pub code: String,
    pub reason: String,
}

/// What a send did: the messages SQS accepted and the ones it permanently refused. Refusals
/// are logged and counted by the caller; they never stop the other messages.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SendReport {
    pub sent: usize,
    pub rejected: Vec<RejectedMessage>,
}

/// Anything the processor can hand its messages to. `Err` only when sending again can help
/// (or the whole request was refused), so the invocation is retried and nothing is lost; the
/// messages that were already accepted are dropped as duplicates by the writer.
pub trait MessageSink {
    fn send_messages(
        &self,
        messages: &[OutgoingMessage],
    ) -> impl std::future::Future<Output = Result<SendReport, QueueError>> + Send;
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

    /// A sender with a client built from the shared AWS configuration.
    pub fn from_config(aws: &aws_config::SdkConfig, queue_url: impl Into<String>) -> Self {
        SqsSender::new(aws_sdk_sqs::Client::new(aws), queue_url)
    }
}

impl MessageSink for SqsSender {
    async fn send_messages(&self, messages: &[OutgoingMessage]) -> Result<SendReport, QueueError> {
        use aws_sdk_sqs::types::SendMessageBatchRequestEntry;
        let mut report = SendReport::default();
        let mut retry: Option<QueueError> = None;
        for range in plan_batches(messages) {
            let batch = &messages[range];
            let entries = batch
                .iter()
                .map(|m| {
                    SendMessageBatchRequestEntry::builder()
                        .id(&m.message_id)
                        .message_body(&m.body)
                        .build()
                        .map_err(|e| QueueError::Sdk(e.to_string()))
                })
                .collect::<Result<Vec<_>, _>>()?;
            let output = match self
                .client
                .send_message_batch()
                .queue_url(&self.queue_url)
                .set_entries(Some(entries))
                .send()
                .await
                .map_err(classify_sdk_error)
            {
                Ok(output) => output,
                // One bad entry can fail the whole call: send the batch's messages one by one
                // so only that one is refused.
                Err(QueueError::Invalid(_)) => {
                    for m in batch {
                        self.send_one(m, &mut report, &mut retry).await;
                    }
                    continue;
                }
                Err(e) if e.is_retryable() => {
                    retry.get_or_insert(e);
                    continue;
                }
                Err(e) => return Err(e),
            };
            report.sent += output.successful().len();
            for failed in output.failed() {
                let reason = bounded(failed.message().unwrap_or(""), MAX_MESSAGE_CHARS);
                // `SenderFault` means the entry itself is at fault: no retry can fix it.
                if failed.sender_fault() {
                    report.rejected.push(RejectedMessage {
                        message_id: failed.id().to_string(),
                        code: failed.code().to_string(),
                        reason,
                    });
                } else {
                    retry.get_or_insert(QueueError::Unavailable(format!(
                        "{}: {reason}",
                        failed.code()
                    )));
                }
            }
        }
        match retry {
            Some(e) => Err(e),
            None => Ok(report),
        }
    }
}

impl SqsSender {
    async fn send_one(
        &self,
        m: &OutgoingMessage,
        report: &mut SendReport,
        retry: &mut Option<QueueError>,
    ) {
        match self
            .client
            .send_message()
            .queue_url(&self.queue_url)
            .message_body(&m.body)
            .send()
            .await
            .map_err(classify_sdk_error)
        {
            Ok(_) => report.sent += 1,
            Err(e) if refuses_only_this_message(&e) => report.rejected.push(RejectedMessage {
                message_id: m.message_id.clone(),
                code: e.code().to_string(),
                reason: e.to_string(),
            }),
            Err(e) => {
                retry.get_or_insert(e);
            }
        }
    }
}

/// SQS's own codes beside the shared lists: SendMessage / SendMessageBatch model KMS throttling
/// an encrypted queue's data key as `KMS.ThrottlingException` (the SQS model's error shapes, as
/// aws-sdk-sqs parses them); its own `RequestThrottled` is in the shared list.
const SQS_CODES: ServiceCodes = ServiceCodes {
    throttling: &["KMS.ThrottlingException"],
    transient: &[],
};

/// The content-level error codes of SendMessage / SendMessageBatch (SQS API reference), as
/// opposed to queue-level ones such as QueueDoesNotExist: that content can never be sent.
const CONTENT_ERROR_CODES: &[&str] = &[
    "InvalidParameterValue",
    "InvalidMessageContents",
    "BatchRequestTooLong",
    "AWS.SimpleQueueService.BatchRequestTooLong",
    "MessageTooLong",
];

/// Whether a failed single send refuses only that message. Only its own content is the
/// message's fault (it is refused and the others go on); anything else is the queue's
/// (throttling, an outage, but also AccessDenied, a disabled KMS key, a missing queue), so the
/// call fails, the batch is redelivered and no message is dropped (the writer's dedupe makes
/// the resend harmless).
fn refuses_only_this_message(error: &QueueError) -> bool {
    matches!(error, QueueError::Invalid(_))
}

/// An SDK error as a [`QueueError`], from the shared classification.
fn classify_sdk_error<E>(error: SdkError<E, HttpResponse>) -> QueueError
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    queue_error(&classify_response(&error, &SQS_CODES))
}

fn queue_error(failure: &SdkFailure) -> QueueError {
    let text = failure.message.clone();
    match failure.retry {
        Retry::Throttled => QueueError::Throttled(text),
        Retry::Transient => QueueError::Unavailable(text),
        Retry::Permanent
            if failure
                .code
                .as_deref()
                .is_some_and(|c| CONTENT_ERROR_CODES.contains(&c)) =>
        {
            QueueError::Invalid(text)
        }
        Retry::Permanent => QueueError::Sdk(text),
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
    fn message_id_is_a_stored_contract() {
        // Pinned: the writer's dedupe claims are keyed by it, across versions.
        assert_eq!(
            message_id(&source(), "3f81449a274ab924"),
            "3f81449a274ab924-10f8dc81811d2d53"
        );
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
    fn an_oversized_message_is_trimmed_under_the_sqs_limit_and_keeps_its_counts() {
        let aggregate = IncidentAggregate {
            fingerprint: "3f81449a274ab924".into(),
            function: "/aws/lambda/orders".into(),
            class: triage_core::model::FailureClass::Error,
            severity: triage_core::model::Severity::Low,
            template: "t".repeat(5_000),
            count: 42,
            first_seen_ms: Some(1),
            last_seen_ms: Some(2),
            samples: vec!["s".repeat(200_000), "u".repeat(200_000)],
            request_ids: vec!["r".repeat(100_000)],
            figures: Default::default(),
            overflow_templates: 0,
            evidence: None,
        };
        let messages = incident_messages(&source(), vec![aggregate]);
        assert_eq!(messages.len(), 1);
        assert!(
            messages[0].body.len() <= MAX_MESSAGE_BYTES,
            "{}",
            messages[0].body.len()
        );
        let back: IncidentMessage = serde_json::from_str(&messages[0].body).unwrap();
        assert_eq!(back.aggregate.count, 42);
        assert_eq!(back.aggregate.fingerprint, "3f81449a274ab924");
    }

    #[test]
    fn sdk_errors_map_from_the_shared_classification() {
        use crate::sdk_error::classify;
        use aws_sdk_sqs::error::ErrorMetadata;
        let sqs = |code: &str, status| {
            let err: SdkError<ErrorMetadata, ()> = SdkError::service_error(
                ErrorMetadata::builder().code(code).message("m").build(),
                (),
            );
            queue_error(&classify(&err, Some(status), &SQS_CODES)).code()
        };
        assert_eq!(sqs("RequestThrottled", 400), "throttled");
        assert_eq!(sqs("KMS.ThrottlingException", 400), "throttled");
        assert_eq!(sqs("InternalError", 500), "unavailable");
        assert_eq!(sqs("MessageTooLong", 400), "invalid_message");
        assert_eq!(sqs("AWS.SimpleQueueService.NonExistentQueue", 400), "sdk");
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

    #[test]
    fn a_single_send_refuses_only_content_errors_and_fails_the_call_otherwise() {
        assert!(refuses_only_this_message(&QueueError::Invalid(
            "MessageTooLong".into()
        )));
        for queue_level in [
            QueueError::Sdk("AccessDenied: not authorized".into()),
            QueueError::Sdk("QueueDoesNotExist".into()),
            QueueError::Throttled("RequestThrottled".into()),
            QueueError::Unavailable("HTTP 503".into()),
        ] {
            assert!(!refuses_only_this_message(&queue_level), "{queue_level}");
        }
    }
}
