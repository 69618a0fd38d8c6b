//! triage-core: the pure engine shared by every logtriage Lambda and the CLI.
//!
//! No AWS SDK and no async runtime: decode → parse → classify → fingerprint → redact →
//! aggregate → summarise, all as plain functions over strings, so it is fast to test,
//! benchmark and fuzz.

pub mod aggregate;
pub mod analysis;
pub mod classify;
pub mod decode;
pub mod digest;
pub mod email;
pub mod filter_pattern;
pub mod fingerprint;
pub mod hash;
pub mod identity;
pub mod incident;
pub mod ingest;
pub mod logs_query;
pub mod model;
pub mod parse;
pub mod patterns;
pub mod prompt;
pub mod redact;
pub mod request_id;
pub mod summary;
pub mod template;
pub mod time;

#[cfg(test)]
mod test_support;

pub use model::{FailureClass, LogEvent, ReportMetrics, Severity};
