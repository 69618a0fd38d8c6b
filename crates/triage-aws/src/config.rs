//! Typed configuration read once per cold start from environment variables.
//!
//! Every function reads through a lookup closure so tests never touch the process environment.
//! A missing or invalid variable is an error that names it.

use std::fmt;
use triage_core::identity::defaults as identity;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ConfigError {
    #[error("environment variable {name} is required but not set ({hint})")]
    Missing {
        name: &'static str,
        hint: &'static str,
    },
    #[error("environment variable {name}={value:?} is invalid: {reason}")]
    Invalid {
        name: &'static str,
        value: String,
        reason: String,
    },
}

/// Where variables come from: the process environment in Lambda, a map in tests.
pub trait Lookup: Fn(&str) -> Option<String> {}
impl<F: Fn(&str) -> Option<String>> Lookup for F {}

pub fn process_env(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

/// A required, non-empty variable.
pub fn required(
    lookup: &impl Lookup,
    name: &'static str,
    hint: &'static str,
) -> Result<String, ConfigError> {
    match lookup(name) {
        Some(v) if !v.trim().is_empty() => Ok(v.trim().to_string()),
        _ => Err(ConfigError::Missing { name, hint }),
    }
}

/// Powertools `service` field of logs and metrics (`POWERTOOLS_SERVICE_NAME`).
fn service_name(lookup: &impl Lookup, default: &str) -> Result<String, ConfigError> {
    optional(lookup, "POWERTOOLS_SERVICE_NAME", default.to_string())
}

/// CloudWatch namespace of the EMF metrics (`POWERTOOLS_METRICS_NAMESPACE`).
fn metrics_namespace(lookup: &impl Lookup) -> Result<String, ConfigError> {
    optional(
        lookup,
        "POWERTOOLS_METRICS_NAMESPACE",
        "logtriage".to_string(),
    )
}

/// An optional variable parsed with `FromStr`, or `default` when unset or empty.
pub fn optional<T>(lookup: &impl Lookup, name: &'static str, default: T) -> Result<T, ConfigError>
where
    T: std::str::FromStr,
    T::Err: fmt::Display,
{
    match lookup(name) {
        Some(v) if !v.trim().is_empty() => {
            v.trim().parse().map_err(|e: T::Err| ConfigError::Invalid {
                name,
                value: v,
                reason: e.to_string(),
            })
        }
        _ => Ok(default),
    }
}

/// An optional count that must be at least 1.
fn at_least_one<T>(lookup: &impl Lookup, name: &'static str, default: T) -> Result<T, ConfigError>
where
    T: std::str::FromStr + PartialOrd + From<u8> + fmt::Display,
    T::Err: fmt::Display,
{
    at_least_one_because(lookup, name, default, "must be at least 1")
}

/// [`at_least_one`], with the reason said in the variable's own terms.
fn at_least_one_because<T>(
    lookup: &impl Lookup,
    name: &'static str,
    default: T,
    reason: &str,
) -> Result<T, ConfigError>
where
    T: std::str::FromStr + PartialOrd + From<u8> + fmt::Display,
    T::Err: fmt::Display,
{
    let value = optional(lookup, name, default)?;
    if value < T::from(1) {
        return Err(ConfigError::Invalid {
            name,
            value: value.to_string(),
            reason: reason.into(),
        });
    }
    Ok(value)
}

/// Configuration of the log-processor function.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcessorConfig {
    /// Queue the per-fingerprint aggregates are sent to (the incident-writer's source).
    pub incident_queue_url: String,
    /// Ceiling on one payload's decompressed size; larger payloads are refused as gzip bombs.
    pub max_decompressed_bytes: usize,
    /// Powertools `service` field of logs and metrics.
    pub service: String,
    /// CloudWatch namespace of the EMF metrics.
    pub metrics_namespace: String,
    /// Distinct incidents one function may raise per batch; the rest join its overflow
    /// incident (`MAX_INCIDENTS_PER_FUNCTION_PER_BATCH`).
    pub max_incidents_per_function: usize,
    /// `WATCH_MODE=account`: publish FailureEvents per function and class, which the
    /// account-mode alarm sums. Groups mode (the default) alarms on metric filters and does
    /// without them, so it pays for no per-function metrics.
    pub failure_metrics: bool,
}

impl ProcessorConfig {
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(&process_env)
    }

    pub fn from_lookup(lookup: &impl Lookup) -> Result<Self, ConfigError> {
        let max_decompressed_bytes = at_least_one_because(
            lookup,
            "MAX_DECOMPRESSED_BYTES",
            triage_core::decode::DEFAULT_MAX_DECOMPRESSED_BYTES,
            "must be greater than zero",
        )?;
        Ok(ProcessorConfig {
            incident_queue_url: required(
                lookup,
                "INCIDENT_QUEUE_URL",
                "the SQS queue URL the incident-writer reads",
            )?,
            max_decompressed_bytes,
            service: service_name(lookup, "log-processor")?,
            metrics_namespace: metrics_namespace(lookup)?,
            max_incidents_per_function: at_least_one(
                lookup,
                "MAX_INCIDENTS_PER_FUNCTION_PER_BATCH",
                identity::MAX_NEW_INCIDENTS_PER_BATCH,
            )?,
            failure_metrics: match optional(lookup, "WATCH_MODE", "groups".to_string())?.as_str() {
                "groups" => false,
                "account" => true,
                other => {
                    return Err(ConfigError::Invalid {
                        name: "WATCH_MODE",
                        value: other.into(),
                        reason: "must be groups or account (the template's WatchMode)".into(),
                    })
                }
            },
        })
    }
}

/// Configuration of the incident-writer function.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriterConfig {
    /// The DynamoDB `incidents` table; the writer owns every write to it.
    pub incidents_table: String,
    /// Incidents expire (DynamoDB TTL) this many days after logtriage last wrote an occurrence.
    pub retention_days: u32,
    /// A function's newest incidents that a new template is compared with
    /// (`MAX_ALIGN_CANDIDATES`; 0 turns cross-batch alignment off).
    pub max_align_candidates: usize,
    pub service: String,
    pub metrics_namespace: String,
}

impl WriterConfig {
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(&process_env)
    }

    pub fn from_lookup(lookup: &impl Lookup) -> Result<Self, ConfigError> {
        let retention_days =
            at_least_one_because(lookup, "RETENTION_DAYS", 30u32, "must be at least 1 day")?;
        Ok(WriterConfig {
            incidents_table: required(
                lookup,
                "INCIDENTS_TABLE",
                "the DynamoDB table of incidents",
            )?,
            retention_days,
            max_align_candidates: optional(
                lookup,
                "MAX_ALIGN_CANDIDATES",
                identity::MAX_ALIGN_CANDIDATES,
            )?,
            service: service_name(lookup, "incident-writer")?,
            metrics_namespace: metrics_namespace(lookup)?,
        })
    }
}

/// Configuration of the llm-summarizer function.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummarizerConfig {
    pub incidents_table: String,
    /// SNS topic of the per-incident emails.
    pub alert_topic_arn: String,
    /// Bedrock model or inference-profile id; `None` (unset or empty) disables Bedrock and every
    /// summary comes from the offline summarizer.
    pub bedrock_model_id: Option<String>,
    /// Bedrock calls allowed per invocation; incidents beyond it get the offline summary, so a
    /// flood of new incidents cannot run up the model bill or the invocation time.
    pub max_model_calls: u32,
    /// Emails of their own one function may send per window
    /// (`MAX_EMAILS_PER_FUNCTION_PER_WINDOW`); past it, incidents go into one digest email per
    /// invocation and get the offline summary (Bedrock is asked only for mailed incidents).
    pub max_emails_per_window: u32,
    /// The email window in seconds (`EMAIL_WINDOW_SECONDS`).
    pub email_window_seconds: u32,
    /// Lines of the failing invocation's log put into the prompt and the email
    /// (`CONTEXT_MAX_LINES`); 0 turns the CloudWatch Logs read off.
    pub context_max_lines: usize,
    /// How long reading that log may take (`CONTEXT_TIMEOUT_MS`) before the summary goes on
    /// without it.
    pub context_timeout_ms: u64,
    pub service: String,
    pub metrics_namespace: String,
}

impl SummarizerConfig {
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(&process_env)
    }

    pub fn from_lookup(lookup: &impl Lookup) -> Result<Self, ConfigError> {
        let model = optional(lookup, "BEDROCK_MODEL_ID", String::new())?;
        Ok(SummarizerConfig {
            incidents_table: required(
                lookup,
                "INCIDENTS_TABLE",
                "the DynamoDB table of incidents",
            )?,
            alert_topic_arn: required(
                lookup,
                "ALERT_TOPIC_ARN",
                "the SNS topic the incident emails go to",
            )?,
            bedrock_model_id: (!model.is_empty()).then_some(model),
            max_model_calls: optional(lookup, "BEDROCK_MAX_CALLS_PER_INVOCATION", 5u32)?,
            max_emails_per_window: optional(
                lookup,
                "MAX_EMAILS_PER_FUNCTION_PER_WINDOW",
                identity::MAX_EMAILS_PER_WINDOW,
            )?,
            email_window_seconds: at_least_one(
                lookup,
                "EMAIL_WINDOW_SECONDS",
                identity::EMAIL_WINDOW_SECONDS,
            )?,
            context_max_lines: optional(lookup, "CONTEXT_MAX_LINES", 40usize)?,
            context_timeout_ms: optional(lookup, "CONTEXT_TIMEOUT_MS", 3_000u64)?,
            service: service_name(lookup, "llm-summarizer")?,
            metrics_namespace: metrics_namespace(lookup)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| map.get(k).cloned()
    }

    #[test]
    fn processor_config_defaults() {
        let c = ProcessorConfig::from_lookup(&env(&[("INCIDENT_QUEUE_URL", "http://q")])).unwrap();
        assert_eq!(c.incident_queue_url, "http://q");
        assert_eq!(
            c.max_decompressed_bytes,
            triage_core::decode::DEFAULT_MAX_DECOMPRESSED_BYTES
        );
        assert_eq!(c.service, "log-processor");
        assert_eq!(c.metrics_namespace, "logtriage");
        assert!(
            !c.failure_metrics,
            "groups mode publishes no per-function metrics"
        );
    }

    #[test]
    fn processor_watch_mode() {
        let with = |mode: &str| {
            ProcessorConfig::from_lookup(&env(&[
                ("INCIDENT_QUEUE_URL", "http://q"),
                ("WATCH_MODE", mode),
            ]))
        };
        assert!(with("account").unwrap().failure_metrics);
        assert!(!with("groups").unwrap().failure_metrics);
        let err = with("fleet").unwrap_err();
        assert!(err.to_string().contains("WATCH_MODE"), "{err}");
    }

    #[test]
    fn missing_variable_is_named() {
        let err = ProcessorConfig::from_lookup(&env(&[])).unwrap_err();
        assert!(err.to_string().contains("INCIDENT_QUEUE_URL"), "{err}");
        let blank =
            ProcessorConfig::from_lookup(&env(&[("INCIDENT_QUEUE_URL", "  ")])).unwrap_err();
        assert!(matches!(
            blank,
            ConfigError::Missing {
                name: "INCIDENT_QUEUE_URL",
                ..
            }
        ));
    }

    #[test]
    fn summarizer_config_disables_bedrock_without_a_model() {
        let base = [
            ("INCIDENTS_TABLE", "t"),
            ("ALERT_TOPIC_ARN", "arn:aws:sns:us-east-1:1:a"),
        ];
        let c = SummarizerConfig::from_lookup(&env(&base)).unwrap();
        assert_eq!((c.bedrock_model_id, c.max_model_calls), (None, 5));
        assert_eq!((c.context_max_lines, c.context_timeout_ms), (40, 3_000));
        let with_model = [
            base[0],
            base[1],
            (
                "BEDROCK_MODEL_ID",
                "us.anthropic.claude-3-5-haiku-20241022-v1:0",
            ),
        ];
        let c = SummarizerConfig::from_lookup(&env(&with_model)).unwrap();
        assert_eq!(
            c.bedrock_model_id.as_deref(),
            Some("us.anthropic.claude-3-5-haiku-20241022-v1:0")
        );
        assert!(SummarizerConfig::from_lookup(&env(&base[..1]))
            .unwrap_err()
            .to_string()
            .contains("ALERT_TOPIC_ARN"));
    }

    #[test]
    fn writer_config() {
        let c = WriterConfig::from_lookup(&env(&[
            ("INCIDENTS_TABLE", "incidents"),
            ("RETENTION_DAYS", "7"),
        ]))
        .unwrap();
        assert_eq!(
            (c.incidents_table.as_str(), c.retention_days),
            ("incidents", 7)
        );
        assert!(WriterConfig::from_lookup(&env(&[]))
            .unwrap_err()
            .to_string()
            .contains("INCIDENTS_TABLE"));
        assert!(WriterConfig::from_lookup(&env(&[
            ("INCIDENTS_TABLE", "t"),
            ("RETENTION_DAYS", "0")
        ]))
        .is_err());
    }

    #[test]
    fn noise_guards_default_and_are_validated() {
        let p = ProcessorConfig::from_lookup(&env(&[("INCIDENT_QUEUE_URL", "q")])).unwrap();
        assert_eq!(p.max_incidents_per_function, 20);
        let zero = ProcessorConfig::from_lookup(&env(&[
            ("INCIDENT_QUEUE_URL", "q"),
            ("MAX_INCIDENTS_PER_FUNCTION_PER_BATCH", "0"),
        ]))
        .unwrap_err();
        assert!(zero
            .to_string()
            .contains("MAX_INCIDENTS_PER_FUNCTION_PER_BATCH"));
        let s = SummarizerConfig::from_lookup(&env(&[
            ("INCIDENTS_TABLE", "t"),
            ("ALERT_TOPIC_ARN", "arn:aws:sns:us-east-1:1:a"),
            ("MAX_EMAILS_PER_FUNCTION_PER_WINDOW", "3"),
        ]))
        .unwrap();
        assert_eq!((s.max_emails_per_window, s.email_window_seconds), (3, 3600));
        let w = WriterConfig::from_lookup(&env(&[("INCIDENTS_TABLE", "t")])).unwrap();
        assert_eq!(w.max_align_candidates, 50);
    }

    #[test]
    fn invalid_variable_is_named_with_its_value() {
        let err = ProcessorConfig::from_lookup(&env(&[
            ("INCIDENT_QUEUE_URL", "q"),
            ("MAX_DECOMPRESSED_BYTES", "lots"),
        ]))
        .unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains("MAX_DECOMPRESSED_BYTES") && text.contains("lots"),
            "{text}"
        );
        let zero = ProcessorConfig::from_lookup(&env(&[
            ("INCIDENT_QUEUE_URL", "q"),
            ("MAX_DECOMPRESSED_BYTES", "0"),
        ]))
        .unwrap_err();
        assert!(zero.to_string().contains("greater than zero"));
    }
}
