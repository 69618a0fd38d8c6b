//! log-emitter Lambda: thin entry point. Tracing and the typed config are set up once per cold
//! start; the scenarios are in `scenarios.rs` and the faults in `handler.rs`.

mod handler;
mod scenarios;

use lambda_runtime::{service_fn, Error, LambdaEvent};

#[tokio::main]
async fn main() -> Result<(), Error> {
    lambda_runtime::tracing::init_default_subscriber();
    let config = handler::Config::from_env()?;
    lambda_runtime::run(service_fn(|event: LambdaEvent<serde_json::Value>| {
        handler::handle(&config, event)
    }))
    .await
}
