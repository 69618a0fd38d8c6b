//! Shared vocabulary: failure classes, severities, log events and REPORT figures.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The failure classes of DESIGN.md. Exactly one per incident.
///
/// The declaration order is the priority order used when one excerpt shows several signals:
/// platform outcomes first, then specific causes, then generic exceptions, then plain errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FailureClass {
    Timeout,
    OutOfMemory,
    InitError,
    RuntimeExit,
    PermissionDenied,
    Throttling,
    DependencyUnavailable,
    BadInput,
    UnhandledException,
    Error,
}

impl FailureClass {
    pub const ALL: [FailureClass; 10] = [
        FailureClass::Timeout,
        FailureClass::OutOfMemory,
        FailureClass::InitError,
        FailureClass::RuntimeExit,
        FailureClass::PermissionDenied,
        FailureClass::Throttling,
        FailureClass::DependencyUnavailable,
        FailureClass::BadInput,
        FailureClass::UnhandledException,
        FailureClass::Error,
    ];

    /// Stable wire name, identical to the serde representation.
    pub fn as_str(self) -> &'static str {
        match self {
            FailureClass::Timeout => "timeout",
            FailureClass::OutOfMemory => "out_of_memory",
            FailureClass::InitError => "init_error",
            FailureClass::RuntimeExit => "runtime_exit",
            FailureClass::PermissionDenied => "permission_denied",
            FailureClass::Throttling => "throttling",
            FailureClass::DependencyUnavailable => "dependency_unavailable",
            FailureClass::BadInput => "bad_input",
            FailureClass::UnhandledException => "unhandled_exception",
            FailureClass::Error => "error",
        }
    }

    pub fn parse(name: &str) -> Option<FailureClass> {
        FailureClass::ALL.into_iter().find(|c| c.as_str() == name)
    }

    /// The platform killed or never started the invocation: the caller got no result at all.
    pub fn is_platform_outcome(self) -> bool {
        matches!(
            self,
            FailureClass::Timeout
                | FailureClass::OutOfMemory
                | FailureClass::InitError
                | FailureClass::RuntimeExit
        )
    }

    pub fn severity(self) -> Severity {
        match self {
            FailureClass::Timeout
            | FailureClass::OutOfMemory
            | FailureClass::InitError
            | FailureClass::RuntimeExit => Severity::Critical,
            FailureClass::PermissionDenied
            | FailureClass::Throttling
            | FailureClass::DependencyUnavailable => Severity::High,
            FailureClass::BadInput | FailureClass::UnhandledException => Severity::Medium,
            FailureClass::Error => Severity::Low,
        }
    }
}

impl fmt::Display for FailureClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Ordered so that `Critical` is the greatest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }

    pub fn parse(name: &str) -> Option<Severity> {
        match name.trim().to_ascii_lowercase().as_str() {
            "low" => Some(Severity::Low),
            "medium" => Some(Severity::Medium),
            "high" => Some(Severity::High),
            "critical" => Some(Severity::Critical),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One log event as CloudWatch Logs stores it: a message that may span several lines
/// (a Python traceback arrives as one event joined with `\r`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct LogEvent {
    /// Milliseconds since the Unix epoch, when known.
    pub timestamp_ms: Option<i64>,
    pub message: String,
}

impl LogEvent {
    pub fn new(timestamp_ms: Option<i64>, message: impl Into<String>) -> Self {
        LogEvent {
            timestamp_ms,
            message: message.into(),
        }
    }
}

/// Figures from a `REPORT` / `INIT_REPORT` line or a `platform.report` record.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ReportMetrics {
    pub duration_ms: Option<f64>,
    pub billed_duration_ms: Option<f64>,
    pub memory_size_mb: Option<u32>,
    pub max_memory_used_mb: Option<u32>,
    pub init_duration_ms: Option<f64>,
    /// `Status:` of newer runtimes / `status` of platform records (`success`, `error`, `timeout`, `failure`).
    pub status: Option<String>,
    /// `Error Type:` / `errorType`, e.g. `Runtime.OutOfMemory`.
    pub error_type: Option<String>,
}

impl ReportMetrics {
    /// Max Memory Used reached Memory Size: the sandbox ran out of memory.
    pub fn memory_exhausted(&self) -> bool {
        matches!((self.max_memory_used_mb, self.memory_size_mb), (Some(used), Some(size)) if size > 0 && used >= size)
    }
}
