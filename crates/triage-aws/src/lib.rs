//! triage-aws: the adapters between the pure engine (`triage-core`) and AWS.
//!
//! Requests and decisions are built by pure functions tested on their own; the I/O layer is
//! kept thin, and what is retryable is decided in one place for every service (`sdk_error`).
//! Every client follows the standard `AWS_ENDPOINT_URL` / `AWS_ENDPOINT_URL_<SERVICE>`
//! variables, so the same binaries run against AWS and against the local emulator.

pub mod bedrock;
pub mod config;
pub mod emf;
pub mod invocation;
#[cfg(feature = "lambda")]
pub mod lambda;
#[cfg(feature = "logs")]
pub mod logs;
pub mod notify;
pub mod queue;
pub mod sdk_error;
pub mod store;

/// Load the shared AWS configuration once per cold start (region, credentials, endpoints).
pub async fn load_aws_config() -> aws_config::SdkConfig {
    aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await
}
