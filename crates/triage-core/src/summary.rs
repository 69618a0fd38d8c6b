//! The offline summarizer: a deterministic, rule-based root-cause summary per incident.
//!
//! It is the default wherever Bedrock is not configured or fails, so it must stand on its own:
//! it reasons only from the class and the aggregated figures (never from raw log text), e.g. a
//! timeout whose durations sit at the configured limit points at a blocked downstream call.

use crate::aggregate::IncidentAggregate;
use crate::model::{FailureClass, Severity};
use serde::{Deserialize, Serialize};

/// Where a summary came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SummarySource {
    Offline,
    Bedrock,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub summary: String,
    pub probable_cause: String,
    pub remediation: Vec<String>,
    pub severity: Severity,
    pub source: SummarySource,
}

/// Summarise an incident from its class and figures.
pub fn summarize_offline(incident: &IncidentAggregate) -> Summary {
    let f = &incident.figures;
    let n = incident.count;
    let times = if n == 1 {
        "once".to_string()
    } else {
        format!("{n} times")
    };
    let function = if incident.function == "-" {
        "The function".to_string()
    } else {
        format!("`{}`", incident.function)
    };
    let (summary, cause, remediation): (String, String, Vec<&str>) = match incident.class {
        FailureClass::Timeout => {
            let limit_ms = f.timeout_seconds.map(|s| s * 1000.0);
            let at_limit = match (limit_ms, f.max_duration_ms) {
                (Some(limit), Some(d)) => d >= limit * 0.95,
                (None, Some(_)) | (Some(_), None) => true,
                (None, None) => true,
            };
            let limit_text = f.timeout_seconds.map_or(String::new(), |s| format!(" of {s:.2} s"));
            let duration_text = f.max_duration_ms.map_or(String::new(), |d| format!(" (longest invocation {d:.0} ms)"));
            (
                format!("{function} timed out {times}: invocations hit the configured timeout{limit_text}{duration_text}."),
                if at_limit {
                    "Durations sit at the configured limit, so the handler was blocked rather than slow: most often a downstream call (HTTP, database, AWS API) with no timeout of its own, or a Node.js event loop kept alive by an open connection.".to_string()
                } else {
                    "The function ran out of time before finishing its work; the work per invocation grew beyond the configured timeout.".to_string()
                },
                vec![
                    "Give every downstream client (HTTP, SDK, database) a timeout shorter than the function's, and handle it.",
                    "Check the health and latency of the dependencies the function calls at the failure times.",
                    "If the work is legitimately long, raise the timeout or memory (CPU scales with memory), or split the work (SQS, Step Functions).",
                ],
            )
        }
        FailureClass::OutOfMemory => {
            let memory = match (f.max_memory_used_mb, f.memory_size_mb) {
                (Some(used), Some(size)) => format!(" (Max Memory Used {used} MB of {size} MB)"),
                (None, Some(size)) => format!(" (Memory Size {size} MB)"),
                _ => String::new(),
            };
            (
                format!("{function} ran out of memory {times}{memory}."),
                "The invocation exhausted the configured memory and the runtime was killed: a payload larger than usual, data loaded fully into memory, or state that grows across warm invocations (a leak in global scope).".to_string(),
                vec![
                    "Raise the function's memory size and watch Max Memory Used in REPORT lines.",
                    "Stream large objects instead of loading them whole; bound batch sizes.",
                    "Look for caches or globals that grow across invocations in the same sandbox.",
                ],
            )
        }
        FailureClass::InitError => (
            format!("{function} failed to initialise {times}: the handler could not be loaded."),
            "The deployment package or configuration is wrong: a missing module or dependency, a wrong handler name, a syntax error, or an exception thrown during initialisation.".to_string(),
            vec![
                "Check the handler setting against the module and function names in the package.",
                "Make sure dependencies are bundled for the function's runtime and architecture (layers included).",
                "Run the initialisation code locally; roll back the last deployment if it introduced this.",
            ],
        ),
        FailureClass::RuntimeExit => (
            format!("{function}'s runtime process exited {times} before completing the request."),
            "The process crashed or exited: a native crash (segmentation fault), an explicit exit, or a kill without memory evidence.".to_string(),
            vec![
                "Look at the lines before the exit for the crash reason (native modules, explicit exit calls).",
                "If memory was close to the limit, raise it: kills can be memory related.",
                "Check native dependencies are built for the function's architecture.",
            ],
        ),
        FailureClass::PermissionDenied => (
            format!("{function} was denied access {times}."),
            "The execution role (or a resource or KMS key policy) does not allow an action the function performs.".to_string(),
            vec![
                "Find the denied action and resource in the sample message and grant exactly that to the execution role.",
                "Check resource policies, KMS key policies and SCPs, which can deny even when the role allows.",
            ],
        ),
        FailureClass::Throttling => (
            format!("{function} was throttled {times}."),
            "A rate or capacity limit was exceeded: an AWS API quota, table or stream throughput, Lambda concurrency, or a third-party rate limit.".to_string(),
            vec![
                "Retry with exponential backoff and jitter; the SDKs do this if retries are configured.",
                "Raise the limit (on-demand capacity, a quota increase) or smooth the load (batching, SQS buffering, reserved concurrency).",
            ],
        ),
        FailureClass::DependencyUnavailable => (
            format!("{function} could not reach a dependency {times}."),
            "A downstream service refused, timed out, failed name resolution or answered 5xx.".to_string(),
            vec![
                "Check the dependency's health and the function's network path (VPC subnets, security groups, NAT, DNS).",
                "Use timeouts, retries with backoff and a circuit breaker around the call.",
            ],
        ),
        FailureClass::BadInput => (
            format!("{function} rejected its input {times}."),
            "The event did not have the expected shape: malformed JSON, a missing field, or a failed validation.".to_string(),
            vec![
                "Compare a failing event with the expected schema; validate at the edge and return a clear error.",
                "Send poison messages to a dead-letter queue instead of retrying them.",
            ],
        ),
        FailureClass::UnhandledException => (
            format!("{function} raised an unhandled exception {times}."),
            format!("A code path threw without handling: `{}`.", incident.template),
            vec![
                "Reproduce with a sample event and fix the code at the frame named in the template.",
                "Add a test for this input; handle the error where a meaningful response is possible.",
            ],
        ),
        FailureClass::Error => (
            format!("{function} logged an error {times}."),
            format!("The function reported an error it handled itself: `{}`.", incident.template),
            vec!["Read the samples for the failing operation and decide whether it needs a fix or a lower log level."],
        ),
    };
    Summary {
        summary,
        probable_cause: cause,
        remediation: remediation.into_iter().map(str::to_string).collect(),
        severity: incident.severity,
        source: SummarySource::Offline,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aggregate::InvocationFigures;

    fn incident(class: FailureClass, figures: InvocationFigures) -> IncidentAggregate {
        IncidentAggregate {
            evidence: None,
            fingerprint: "f".into(),
            function: "/aws/lambda/orders".into(),
            class,
            severity: class.severity(),
            template: "t".into(),
            count: 4,
            first_seen_ms: None,
            last_seen_ms: None,
            samples: vec![],
            request_ids: vec![],
            figures,
            overflow_templates: 0,
        }
    }

    /// Every one of `parts` appears in `text`.
    fn assert_mentions(text: &str, parts: &[&str]) {
        for part in parts {
            assert!(text.contains(part), "{part:?} is not in {text:?}");
        }
    }

    #[test]
    fn timeout_at_the_limit_points_at_a_blocked_call() {
        let s = summarize_offline(&incident(
            FailureClass::Timeout,
            InvocationFigures {
                max_duration_ms: Some(3003.2),
                timeout_seconds: Some(3.0),
                ..Default::default()
            },
        ));
        assert_mentions(&s.summary, &["of 3.00 s", "4 times"]);
        assert_mentions(&s.probable_cause, &["at the configured limit"]);
        assert_eq!(s.severity, Severity::Critical);
        assert_eq!(s.source, SummarySource::Offline);
    }

    #[test]
    fn out_of_memory_names_the_figures() {
        let s = summarize_offline(&incident(
            FailureClass::OutOfMemory,
            InvocationFigures {
                max_memory_used_mb: Some(128),
                memory_size_mb: Some(128),
                ..Default::default()
            },
        ));
        assert_mentions(&s.summary, &["Max Memory Used 128 MB of 128 MB"]);
    }

    #[test]
    fn every_class_has_a_summary_and_remediation() {
        for class in FailureClass::ALL {
            let s = summarize_offline(&incident(class, InvocationFigures::default()));
            assert!(
                !s.summary.is_empty() && !s.probable_cause.is_empty() && !s.remediation.is_empty(),
                "{class}"
            );
            assert_eq!(s.severity, class.severity());
        }
    }
}
