//! The log of an incident's failing invocation (CloudWatch Logs), read before the model is
//! asked, bounded in lines and in time.

use triage_aws::config::SummarizerConfig;
use triage_core::incident::IncidentRecord;
use triage_core::logs_query::{ContextLimits, InvocationContext};

/// Where the log of an incident's failing invocation comes from (CloudWatch Logs).
pub trait ContextSource {
    /// `None` when reading it is turned off; otherwise the lines or why there are none.
    fn fetch(
        &self,
        incident: &IncidentRecord,
    ) -> impl std::future::Future<Output = Option<InvocationContext>> + Send;
}

/// Reading invocation logs turned off.
pub struct NoContext;

impl ContextSource for NoContext {
    async fn fetch(&self, _: &IncidentRecord) -> Option<InvocationContext> {
        None
    }
}

/// The incident's log group through FilterLogEvents, bounded in lines and in time.
pub struct LogsContext {
    reader: Option<triage_aws::logs::LogsReader>,
    limits: ContextLimits,
    timeout: std::time::Duration,
}

impl LogsContext {
    pub fn new(reader: triage_aws::logs::LogsReader, config: &SummarizerConfig) -> Self {
        LogsContext {
            reader: (config.context_max_lines > 0).then_some(reader),
            limits: ContextLimits {
                max_lines: config.context_max_lines,
                ..ContextLimits::default()
            },
            timeout: std::time::Duration::from_millis(config.context_timeout_ms),
        }
    }
}

impl ContextSource for LogsContext {
    async fn fetch(&self, incident: &IncidentRecord) -> Option<InvocationContext> {
        let reader = self.reader.as_ref()?;
        let read = reader.invocation_context(
            &incident.function,
            &incident.request_ids,
            incident.last_seen_ms,
            &self.limits,
        );
        Some(
            tokio::time::timeout(self.timeout, read)
                .await
                .unwrap_or_else(|_| InvocationContext::Unavailable {
                    reason: format!(
                        "reading the log timed out after {} ms",
                        self.timeout.as_millis()
                    ),
                }),
        )
    }
}
