//! The one decoder of CloudWatch Logs subscription data, whoever reads it: the processor, the
//! CLI's input detection, the fuzz target and the benchmarks all go through it.
//!
//! CloudWatch Logs delivers `{"awslogs":{"data":"<base64(gzip(json))>"}}` to a Lambda target and
//! the bare `gzip(json)` to Kinesis, which a Lambda event carries as base64 in `kinesis.data`.
//! Both end in the same document, which tools also write out already decoded.
//! [`decode_envelope`] recognises the three envelopes; every payload then takes the same path
//! (one base64 engine, so one padding rule; bounded gunzip; lossy UTF-8; the document).
//! Decompression is bounded so a gzip bomb is refused with [`DecodeError::TooLarge`] instead of
//! exhausting the function's memory.

use base64::engine::{general_purpose::GeneralPurpose, DecodePaddingMode, GeneralPurposeConfig};
use base64::Engine;
use flate2::read::MultiGzDecoder;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::io::Read;

/// Default ceiling on the decompressed size of one payload. A real subscription batch is at most
/// a few MiB once inflated (PutLogEvents batches are capped at 1 MiB); 64 MiB leaves a wide margin
/// and stops any one bomb. The ceiling is per payload: a Kinesis event's records are decoded
/// together, so several bombs in one event can still exhaust the function's memory; that is a
/// function error, which the stream mapping bisects (`BisectBatchOnFunctionError`) until the
/// record is alone and goes to the failure destination, so no other record is lost.
pub const DEFAULT_MAX_DECOMPRESSED_BYTES: usize = 64 * 1024 * 1024;

/// CloudWatch and Kinesis write padded standard base64; accept unpadded too (some tools strip
/// it). The one engine for every envelope, so the padding rule is the same everywhere.
const BASE64: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum DecodeError {
    #[error("event is not valid JSON: {0}")]
    InvalidJson(String),
    #[error("event has no `awslogs.data` string")]
    MissingData,
    #[error("the payload's `data` is not valid base64: {0}")]
    InvalidBase64(String),
    #[error("payload is not valid gzip: {0}")]
    InvalidGzip(String),
    #[error("payload inflates beyond the {limit}-byte limit (refused as a possible gzip bomb)")]
    TooLarge { limit: usize },
    #[error("decoded document is not a CloudWatch Logs subscription message: {0}")]
    InvalidDocument(String),
    #[error("Kinesis record without a `kinesis.data` string")]
    InvalidRecord,
    #[error(
        "neither a CloudWatch Logs subscription event (awslogs) nor a Kinesis event (Records)"
    )]
    UnknownEvent,
}

impl DecodeError {
    /// Stable, bounded code for metrics and structured logs.
    pub fn code(&self) -> &'static str {
        match self {
            DecodeError::InvalidJson(_) => "invalid_json",
            DecodeError::MissingData => "missing_data",
            DecodeError::InvalidBase64(_) => "invalid_base64",
            DecodeError::InvalidGzip(_) => "invalid_gzip",
            DecodeError::TooLarge { .. } => "payload_too_large",
            DecodeError::InvalidDocument(_) => "invalid_document",
            DecodeError::InvalidRecord => "invalid_record",
            DecodeError::UnknownEvent => "unknown_event",
        }
    }
}

/// The decoded subscription document. Unknown fields (e.g. `policyLevel`, added by account-level
/// subscription policies) are ignored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LogsDocument {
    pub message_type: String,
    #[serde(default)]
    pub owner: String,
    #[serde(default)]
    pub log_group: String,
    #[serde(default)]
    pub log_stream: String,
    #[serde(default)]
    pub subscription_filters: Vec<String>,
    #[serde(default)]
    pub log_events: Vec<SubscriptionLogEvent>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubscriptionLogEvent {
    /// CloudWatch writes a string of digits; some emulators and tools write a number.
    #[serde(default, deserialize_with = "string_or_number")]
    pub id: String,
    #[serde(default)]
    pub timestamp: i64,
    pub message: String,
}

fn string_or_number<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Id {
        Text(String),
        Number(serde_json::Number),
    }
    Ok(match Id::deserialize(deserializer)? {
        Id::Text(s) => s,
        Id::Number(n) => n.to_string(),
    })
}

/// A successfully decoded payload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decoded {
    Data {
        document: LogsDocument,
        /// Invalid UTF-8 was replaced with U+FFFD rather than dropping the batch.
        replaced_invalid_utf8: bool,
    },
    /// `CONTROL_MESSAGE`: CloudWatch checking that the destination is reachable. Carries no logs.
    Control,
}

#[derive(Debug, Clone, Copy)]
pub struct DecodeLimits {
    pub max_decompressed_bytes: usize,
}

impl Default for DecodeLimits {
    fn default() -> Self {
        DecodeLimits {
            max_decompressed_bytes: DEFAULT_MAX_DECOMPRESSED_BYTES,
        }
    }
}

#[derive(Deserialize)]
struct LambdaLogsEvent<'a> {
    #[serde(borrow)]
    awslogs: Option<AwsLogs<'a>>,
}

#[derive(Deserialize)]
struct AwsLogs<'a> {
    #[serde(borrow)]
    data: Option<std::borrow::Cow<'a, str>>,
}

/// The envelopes subscription data comes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnvelopeKind {
    /// `{"awslogs":{"data":"<base64(gzip(document))>"}}`: a subscription with a Lambda target.
    Subscription,
    /// `{"Records":[{"kinesis":{"data":"<base64(gzip(document))>","sequenceNumber":…}}]}`: a
    /// subscription with a Kinesis target, as the stream's event source mapping delivers it.
    Kinesis,
    /// The decoded document itself (`messageType`, `logEvents`), as tools and tests write it.
    Document,
}

/// One payload of an envelope, with its own result: payloads fail independently.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payload {
    pub decoded: Result<Decoded, DecodeError>,
    /// Kinesis only: the record's sequence number, which a partial batch response names.
    pub sequence_number: Option<String>,
}

impl Payload {
    fn new(decoded: Result<Decoded, DecodeError>) -> Self {
        Payload {
            decoded,
            sequence_number: None,
        }
    }
}

/// A recognised envelope and its payloads, in order (one for a subscription event or a
/// document, one per record for Kinesis).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Envelope {
    pub kind: EnvelopeKind,
    pub payloads: Vec<Payload>,
}

impl EnvelopeKind {
    /// Which envelope `event` is, if any. A `Records` array counts as Kinesis when its first
    /// record has a `kinesis` member (or there is no record): other services' events also
    /// carry `Records`.
    pub fn of(event: &Value) -> Option<EnvelopeKind> {
        let map = event.as_object()?;
        if map.contains_key("awslogs") {
            return Some(EnvelopeKind::Subscription);
        }
        if map.contains_key("logEvents") && map.contains_key("messageType") {
            return Some(EnvelopeKind::Document);
        }
        let records = map.get("Records")?.as_array()?;
        records
            .first()
            .is_none_or(|r| r.get("kinesis").is_some())
            .then_some(EnvelopeKind::Kinesis)
    }
}

/// Decode every payload of an already parsed event; `None` when it is none of the envelopes
/// (the CLI then reads it as another format, the processor refuses it).
pub fn decode_envelope(event: &Value, limits: DecodeLimits) -> Option<Envelope> {
    let kind = EnvelopeKind::of(event)?;
    let payloads = match kind {
        EnvelopeKind::Subscription => {
            let data = event.pointer("/awslogs/data").and_then(Value::as_str);
            vec![Payload::new(
                data.map_or(Err(DecodeError::MissingData), |d| {
                    decode_awslogs_data(d.as_bytes(), limits)
                }),
            )]
        }
        EnvelopeKind::Document => vec![Payload::new(
            LogsDocument::deserialize(event)
                .map_err(|e| DecodeError::InvalidDocument(e.to_string()))
                .and_then(check_message_type)
                .and_then(|document| decoded(document, false)),
        )],
        EnvelopeKind::Kinesis => event["Records"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|record| Payload {
                decoded: record
                    .pointer("/kinesis/data")
                    .and_then(Value::as_str)
                    .ok_or(DecodeError::InvalidRecord)
                    .and_then(|data| decode_awslogs_data(data.as_bytes(), limits)),
                sequence_number: record
                    .pointer("/kinesis/sequenceNumber")
                    .and_then(Value::as_str)
                    .map(str::to_string),
            })
            .collect(),
    };
    Some(Envelope { kind, payloads })
}

/// Decode the raw Lambda event `{"awslogs":{"data":...}}` from its bytes, borrowing the data
/// string rather than building a JSON tree; then the same payload path as [`decode_envelope`].
/// The benchmarks' decode-only floor and the fuzz target read events this way.
pub fn decode_lambda_event(raw: &[u8], limits: DecodeLimits) -> Result<Decoded, DecodeError> {
    let event: LambdaLogsEvent<'_> =
        serde_json::from_slice(raw).map_err(|e| DecodeError::InvalidJson(e.to_string()))?;
    let data = event
        .awslogs
        .and_then(|a| a.data)
        .ok_or(DecodeError::MissingData)?;
    decode_awslogs_data(data.as_bytes(), limits)
}

/// Decode a payload's data string (`awslogs.data`, or a Kinesis record's `kinesis.data`: the
/// same encoding): base64, then gzip, then JSON.
pub fn decode_awslogs_data(data: &[u8], limits: DecodeLimits) -> Result<Decoded, DecodeError> {
    let gz = BASE64
        .decode(trim_ascii(data))
        .map_err(|e| DecodeError::InvalidBase64(e.to_string()))?;
    decode_gzipped_document(&gz, limits)
}

/// Decode an already base64-decoded payload, as Kinesis delivers CloudWatch Logs records.
pub fn decode_gzipped_document(gz: &[u8], limits: DecodeLimits) -> Result<Decoded, DecodeError> {
    let inflated = gunzip_bounded(gz, limits.max_decompressed_bytes)?;
    let (text, replaced_invalid_utf8) = match String::from_utf8(inflated) {
        Ok(text) => (text, false),
        Err(e) => (String::from_utf8_lossy(e.as_bytes()).into_owned(), true),
    };
    decoded(parse_document(&text)?, replaced_invalid_utf8)
}

/// A checked document as a payload: a control message carries no logs.
fn decoded(document: LogsDocument, replaced_invalid_utf8: bool) -> Result<Decoded, DecodeError> {
    if document.message_type == "CONTROL_MESSAGE" {
        return Ok(Decoded::Control);
    }
    Ok(Decoded::Data {
        document,
        replaced_invalid_utf8,
    })
}

/// Parse the decoded JSON document (`messageType`, `logGroup`, `logEvents`, ...).
pub fn parse_document(json: &str) -> Result<LogsDocument, DecodeError> {
    let document: LogsDocument =
        serde_json::from_str(json).map_err(|e| DecodeError::InvalidDocument(e.to_string()))?;
    check_message_type(document)
}

fn check_message_type(document: LogsDocument) -> Result<LogsDocument, DecodeError> {
    match document.message_type.as_str() {
        "DATA_MESSAGE" | "CONTROL_MESSAGE" => Ok(document),
        other => Err(DecodeError::InvalidDocument(format!(
            "unknown messageType {other:?}"
        ))),
    }
}

fn gunzip_bounded(gz: &[u8], limit: usize) -> Result<Vec<u8>, DecodeError> {
    if gz.len() < 2 || gz[0] != 0x1f || gz[1] != 0x8b {
        return Err(DecodeError::InvalidGzip("missing gzip magic bytes".into()));
    }
    let mut out = Vec::with_capacity(gz.len().saturating_mul(8).min(limit));
    // Read one byte past the limit so "exactly at the limit" is accepted and anything more is not.
    let mut reader = MultiGzDecoder::new(gz).take(limit as u64 + 1);
    reader
        .read_to_end(&mut out)
        .map_err(|e| DecodeError::InvalidGzip(e.to_string()))?;
    if out.len() > limit {
        return Err(DecodeError::TooLarge { limit });
    }
    Ok(out)
}

fn trim_ascii(bytes: &[u8]) -> &[u8] {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(start, |i| i + 1);
    &bytes[start..end]
}

/// Build a Lambda subscription event from a document: gzip, then padded base64. Used by tests,
/// benchmarks and the local pipeline, which need payloads exactly as CloudWatch sends them.
pub fn encode_lambda_event(document: &LogsDocument) -> String {
    let json = serde_json::to_vec(document).expect("LogsDocument always serialises");
    let data = BASE64.encode(gzip(&json));
    serde_json::json!({ "awslogs": { "data": data } }).to_string()
}

/// Gzip bytes with the default level.
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    use flate2::{write::GzEncoder, Compression};
    use std::io::Write;
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder
        .write_all(bytes)
        .expect("writing to a Vec cannot fail");
    encoder.finish().expect("writing to a Vec cannot fail")
}

/// Standard padded base64, as CloudWatch Logs writes `awslogs.data`.
pub fn base64_encode(bytes: &[u8]) -> String {
    BASE64.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document(messages: &[&str]) -> LogsDocument {
        LogsDocument {
            message_type: "DATA_MESSAGE".into(),
            owner: "123456789012".into(),
            log_group: "/aws/lambda/orders".into(),
            log_stream: "2024/01/01/[$LATEST]abc".into(),
            subscription_filters: vec!["logtriage".into()],
            log_events: messages
                .iter()
                .enumerate()
                .map(|(i, m)| SubscriptionLogEvent {
                    id: i.to_string(),
                    timestamp: 1_700_000_000_000 + i as i64,
                    message: (*m).into(),
                })
                .collect(),
        }
    }

    #[test]
    fn round_trips_a_lambda_event() {
        let doc = document(&["START RequestId: 1", "boom"]);
        let event = encode_lambda_event(&doc);
        let decoded = decode_lambda_event(event.as_bytes(), DecodeLimits::default()).unwrap();
        assert_eq!(
            decoded,
            Decoded::Data {
                document: doc,
                replaced_invalid_utf8: false
            }
        );
    }

    #[test]
    fn control_message_is_recognised() {
        let mut doc = document(&["CWL CONTROL MESSAGE: Checking health of destination"]);
        doc.message_type = "CONTROL_MESSAGE".into();
        let event = encode_lambda_event(&doc);
        assert_eq!(
            decode_lambda_event(event.as_bytes(), DecodeLimits::default()).unwrap(),
            Decoded::Control
        );
    }

    #[test]
    fn unknown_fields_such_as_policy_level_are_accepted() {
        let json = r#"{"messageType":"DATA_MESSAGE","owner":"1","logGroup":"/aws/lambda/a","logStream":"s",
            "subscriptionFilters":["f"],"policyLevel":"ACCOUNT_LEVEL_POLICY","logEvents":[{"id":"1","timestamp":5,"message":"hi","extra":true}]}"#;
        let data = base64_encode(&gzip(json.as_bytes()));
        match decode_awslogs_data(data.as_bytes(), DecodeLimits::default()).unwrap() {
            Decoded::Data { document, .. } => {
                assert_eq!(document.log_group, "/aws/lambda/a");
                assert_eq!(document.log_events[0].message, "hi");
            }
            Decoded::Control => panic!("expected data"),
        }
    }

    #[test]
    fn numeric_event_ids_are_accepted() {
        let doc = parse_document(r#"{"messageType":"DATA_MESSAGE","logGroup":"/g","logEvents":[{"id":0,"timestamp":1,"message":"m"}]}"#).unwrap();
        assert_eq!(doc.log_events[0].id, "0");
    }

    #[test]
    fn unpadded_base64_is_accepted() {
        let doc = document(&["x"]);
        let data = base64_encode(&gzip(&serde_json::to_vec(&doc).unwrap()));
        let unpadded = data.trim_end_matches('=');
        assert!(decode_awslogs_data(unpadded.as_bytes(), DecodeLimits::default()).is_ok());
    }

    #[test]
    fn gzip_bomb_is_refused_with_a_clear_error() {
        let zeros = vec![b' '; 8 * 1024 * 1024];
        let gz = gzip(&zeros);
        let limits = DecodeLimits {
            max_decompressed_bytes: 1024 * 1024,
        };
        let err = decode_gzipped_document(&gz, limits).unwrap_err();
        assert_eq!(err, DecodeError::TooLarge { limit: 1024 * 1024 });
        assert_eq!(err.code(), "payload_too_large");
    }

    #[test]
    fn payload_exactly_at_the_limit_is_accepted() {
        let doc = document(&["x"]);
        let json = serde_json::to_vec(&doc).unwrap();
        let limits = DecodeLimits {
            max_decompressed_bytes: json.len(),
        };
        assert!(decode_gzipped_document(&gzip(&json), limits).is_ok());
        let smaller = DecodeLimits {
            max_decompressed_bytes: json.len() - 1,
        };
        assert!(matches!(
            decode_gzipped_document(&gzip(&json), smaller),
            Err(DecodeError::TooLarge { .. })
        ));
    }

    #[test]
    fn unknown_message_type_is_an_invalid_document() {
        let data = base64_encode(&gzip(br#"{"messageType":"SURPRISE","logEvents":[]}"#));
        let err = decode_awslogs_data(data.as_bytes(), DecodeLimits::default()).unwrap_err();
        assert_eq!(err.code(), "invalid_document");
    }

    fn kinesis_event(records: &[Value]) -> Value {
        serde_json::json!({ "Records": records })
    }

    fn kinesis_record(data: &str, sequence_number: &str) -> Value {
        serde_json::json!({"kinesis": {"data": data, "sequenceNumber": sequence_number}})
    }

    #[test]
    fn the_three_envelopes_decode_to_the_same_document() {
        let doc = document(&["boom"]);
        let data = base64_encode(&gzip(&serde_json::to_vec(&doc).unwrap()));
        let expected = Ok(Decoded::Data {
            document: doc.clone(),
            replaced_invalid_utf8: false,
        });
        let events = [
            (
                serde_json::json!({"awslogs": {"data": data}}),
                EnvelopeKind::Subscription,
            ),
            (
                kinesis_event(&[kinesis_record(&data, "49590")]),
                EnvelopeKind::Kinesis,
            ),
            (serde_json::to_value(&doc).unwrap(), EnvelopeKind::Document),
        ];
        for (event, kind) in events {
            let envelope = decode_envelope(&event, DecodeLimits::default()).unwrap();
            assert_eq!(envelope.kind, kind);
            assert_eq!(envelope.payloads.len(), 1, "{kind:?}");
            assert_eq!(envelope.payloads[0].decoded, expected, "{kind:?}");
        }
    }

    #[test]
    fn kinesis_records_fail_on_their_own_and_keep_their_sequence_numbers() {
        let data = base64_encode(&gzip(&serde_json::to_vec(&document(&["x"])).unwrap()));
        let event = kinesis_event(&[
            kinesis_record(&data, "1"),
            serde_json::json!({"kinesis": {"sequenceNumber": "2"}}),
            kinesis_record("!!", "3"),
            kinesis_record(data.trim_end_matches('='), "4"),
        ]);
        let envelope = decode_envelope(&event, DecodeLimits::default()).unwrap();
        let codes: Vec<Option<&str>> = envelope
            .payloads
            .iter()
            .map(|p| p.decoded.as_ref().err().map(DecodeError::code))
            .collect();
        // Unpadded base64 is accepted in a Kinesis record as in `awslogs.data`: one rule.
        assert_eq!(
            codes,
            vec![None, Some("invalid_record"), Some("invalid_base64"), None]
        );
        let sequence_numbers: Vec<_> = envelope
            .payloads
            .iter()
            .map(|p| p.sequence_number.as_deref())
            .collect();
        assert_eq!(
            sequence_numbers,
            vec![Some("1"), Some("2"), Some("3"), Some("4")]
        );
    }

    #[test]
    fn other_json_is_no_envelope_and_bad_envelopes_get_codes() {
        for other in [
            serde_json::json!({"hello": "world"}),
            serde_json::json!({"Records": [{"s3": {}}]}),
            serde_json::json!([1, 2]),
            serde_json::json!({"messageType": "DATA_MESSAGE"}),
        ] {
            assert_eq!(
                decode_envelope(&other, DecodeLimits::default()),
                None,
                "{other}"
            );
        }
        let code = |event: Value| {
            decode_envelope(&event, DecodeLimits::default())
                .unwrap()
                .payloads[0]
                .decoded
                .clone()
                .unwrap_err()
                .code()
        };
        assert_eq!(code(serde_json::json!({"awslogs": {}})), "missing_data");
        assert_eq!(
            code(serde_json::json!({"awslogs": {"data": 42}})),
            "missing_data"
        );
        assert_eq!(
            code(serde_json::json!({"messageType": "SURPRISE", "logEvents": []})),
            "invalid_document"
        );
        assert_eq!(
            code(serde_json::json!({"messageType": "DATA_MESSAGE", "logEvents": 5})),
            "invalid_document"
        );
    }

    #[test]
    fn a_decoded_control_document_is_a_control_payload() {
        let mut doc = document(&["CWL CONTROL MESSAGE: Checking health of destination"]);
        doc.message_type = "CONTROL_MESSAGE".into();
        let envelope = decode_envelope(
            &serde_json::to_value(&doc).unwrap(),
            DecodeLimits::default(),
        )
        .unwrap();
        assert_eq!(envelope.payloads[0].decoded, Ok(Decoded::Control));
    }
}
