//! The one Lambda invocation wrapper the handlers share: a tracing span with Powertools field
//! names (`service`, `cold_start`, `function_request_id`) around the handler's future, and one
//! EMF metrics line per invocation built from the outcome.
//!
//! The span is attached with `.instrument(span)`: a `span.enter()` guard held across an
//! `.await` would tag whatever else runs on the thread meanwhile, which the tracing docs warn
//! against.

use crate::emf::{emf_line, now_ms, Metric};
use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use tracing::Instrument;

/// What every invocation's span and metrics line need to know.
#[derive(Debug, Clone, Copy)]
pub struct InvocationContext<'a> {
    pub service: &'a str,
    pub metrics_namespace: &'a str,
    /// `true` until the first invocation of this process takes it.
    pub cold_start: &'a AtomicBool,
    pub request_id: &'a str,
}

/// Run `work` inside the invocation span, then print the EMF line of `metrics(&outcome)`.
pub async fn run_invocation<T, F>(
    context: InvocationContext<'_>,
    work: F,
    metrics: impl FnOnce(&T) -> Vec<Metric>,
) -> T
where
    F: Future<Output = T>,
{
    let cold = context.cold_start.swap(false, Ordering::Relaxed);
    let span = tracing::info_span!(
        "invocation",
        service = %context.service,
        cold_start = cold,
        function_request_id = %context.request_id
    );
    let outcome = work.instrument(span).await;
    // Metrics go to stdout as one line, where CloudWatch extracts them.
    println!(
        "{}",
        emf_line(
            context.metrics_namespace,
            context.service,
            now_ms(),
            &metrics(&outcome)
        )
    );
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn cold_start_is_taken_once_and_the_outcome_passes_through() {
        let cold = AtomicBool::new(true);
        let context = InvocationContext {
            service: "svc",
            metrics_namespace: "ns",
            cold_start: &cold,
            request_id: "r-1",
        };
        let seen = std::sync::Mutex::new(Vec::new());
        let out = run_invocation(context, async { 41 + 1 }, |n| {
            seen.lock().unwrap().push(*n);
            vec![Metric::count("Answers", *n as u64)]
        })
        .await;
        assert_eq!(out, 42);
        assert!(
            !cold.load(Ordering::Relaxed),
            "the first invocation took the cold start"
        );
        assert_eq!(*seen.lock().unwrap(), vec![42]);
    }
}
