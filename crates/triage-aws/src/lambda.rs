//! What every Lambda binary does once per cold start (cargo feature `lambda`, enabled by the
//! three pipeline functions only): tracing in the runtime's format, the typed configuration,
//! the shared AWS configuration. Each `main.rs` then builds its clients from it and hands the
//! handler to `lambda_runtime::run`, in the shape of the AWS Rust runtime's examples.

use std::sync::atomic::AtomicBool;

/// A function's start-up state, borrowed by every invocation.
pub struct ColdStart<C> {
    pub config: C,
    /// Region, credentials and endpoints (`AWS_ENDPOINT_URL`), loaded once.
    pub aws: aws_config::SdkConfig,
    /// `true` until the first invocation takes it (the `cold_start` field of its span).
    pub cold_start: AtomicBool,
}

/// Initialise tracing, read the configuration with `from_env` (a missing or invalid variable
/// stops the function with an error that names it) and load the AWS configuration.
pub async fn cold_start<C, E>(from_env: impl FnOnce() -> Result<C, E>) -> Result<ColdStart<C>, E> {
    lambda_runtime::tracing::init_default_subscriber();
    let config = from_env()?;
    Ok(ColdStart {
        config,
        aws: crate::load_aws_config().await,
        cold_start: AtomicBool::new(true),
    })
}
