//! Decoding of CloudWatch Logs subscription payloads.
//!
//! CloudWatch Logs delivers `{"awslogs":{"data":"<base64(gzip(json))>"}}` to a Lambda target and
//! the bare `gzip(json)` to Kinesis. Both end in the same document. Decompression is bounded so a
//! gzip bomb is refused with [`DecodeError::TooLarge`] instead of exhausting the function's memory.

use base64::engine::{general_purpose::GeneralPurpose, DecodePaddingMode, GeneralPurposeConfig};
use base64::Engine;
use flate2::read::MultiGzDecoder;
use serde::{Deserialize, Serialize};
use std::io::Read;

/// Default ceiling on the decompressed size of one payload. A real subscription batch is at most
/// a few MiB once inflated (PutLogEvents batches are capped at 1 MiB); 64 MiB leaves a wide margin
/// while keeping a bomb far below a 128 MiB Lambda's memory.
pub const DEFAULT_MAX_DECOMPRESSED_BYTES: usize = 64 * 1024 * 1024;

/// CloudWatch writes padded standard base64; accept unpadded too (some tools strip it).
const BASE64: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DecodeError {
    #[error("event is not valid JSON: {0}")]
    InvalidJson(String),
    #[error("event has no `awslogs.data` string")]
    MissingData,
    #[error("`awslogs.data` is not valid base64: {0}")]
    InvalidBase64(String),
    #[error("payload is not valid gzip: {0}")]
    InvalidGzip(String),
    #[error("payload inflates beyond the {limit}-byte limit (refused as a possible gzip bomb)")]
    TooLarge { limit: usize },
    #[error("decoded document is not a CloudWatch Logs subscription message: {0}")]
    InvalidDocument(String),
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

/// Decode the raw Lambda event `{"awslogs":{"data":...}}` (bytes as received by the handler).
pub fn decode_lambda_event(raw: &[u8], limits: DecodeLimits) -> Result<Decoded, DecodeError> {
    let event: LambdaLogsEvent<'_> =
        serde_json::from_slice(raw).map_err(|e| DecodeError::InvalidJson(e.to_string()))?;
    let data = event
        .awslogs
        .and_then(|a| a.data)
        .ok_or(DecodeError::MissingData)?;
    decode_awslogs_data(data.as_bytes(), limits)
}

/// Decode the `awslogs.data` string: base64, then gzip, then JSON.
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
    let document = parse_document(&text)?;
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
    fn invalid_utf8_is_replaced_not_dropped() {
        let mut json = br#"{"messageType":"DATA_MESSAGE","logGroup":"g","logEvents":[{"id":"1","timestamp":1,"message":"bad "#.to_vec();
        json.extend_from_slice(&[0xff, 0xfe]);
        json.extend_from_slice(br#" byte"}]}"#);
        match decode_gzipped_document(&gzip(&json), DecodeLimits::default()).unwrap() {
            Decoded::Data {
                document,
                replaced_invalid_utf8,
            } => {
                assert!(replaced_invalid_utf8);
                assert_eq!(document.log_events[0].message, "bad \u{fffd}\u{fffd} byte");
            }
            Decoded::Control => panic!("expected data"),
        }
    }

    #[test]
    fn unknown_message_type_is_an_invalid_document() {
        let data = base64_encode(&gzip(br#"{"messageType":"SURPRISE","logEvents":[]}"#));
        let err = decode_awslogs_data(data.as_bytes(), DecodeLimits::default()).unwrap_err();
        assert_eq!(err.code(), "invalid_document");
    }
}
