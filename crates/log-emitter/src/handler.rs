//! One invocation: parse the payload, then produce the requested fault for real and say what
//! was done. The exact lines come from `scenarios.rs`; this module does the logging and the
//! side effects (sleeping past the deadline, exhausting memory, panicking, connecting).
//!
//! Local mode (`LOGTRIAGE_EMITTER_MODE=local`) exists because there is no Lambda platform on a
//! developer machine to write `Task timed out` / runtime-exit / `REPORT` lines, and a real OOM
//! would take the machine down: `timeout`, `oom` and `panic` then print the platform's lines
//! verbatim instead, after a WARN notice carrying `simulated=true`, and answer
//! `"simulated": true`.

use crate::scenarios::{
    error_burst_lines, healthy_lines, oom_platform_lines, panic_lines, parse_request, pii_lines,
    refused_connection_line, simulation_notice, throttling_lines, timeout_platform_lines, Channel,
    ErrorKind, InvocationFacts, Line, RequestError, Scenario, PANIC_MESSAGE,
};
use lambda_runtime::{Diagnostic, LambdaEvent};
use serde_json::Value;
use std::io;
use std::net::SocketAddr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Real faults; the Lambda platform writes the outcome lines.
    Aws,
    /// Platform outcomes are imitated; nothing dangerous happens.
    Local,
}

/// Typed configuration, read once per cold start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    pub mode: Mode,
    /// `AWS_LAMBDA_FUNCTION_MEMORY_SIZE`: the figure the platform's REPORT lines carry, and
    /// the bound of the real OOM allocation.
    pub memory_mb: u64,
}

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    #[error("LOGTRIAGE_EMITTER_MODE must be \"aws\" or \"local\", got {0:?}")]
    Mode(String),
    #[error("AWS_LAMBDA_FUNCTION_MEMORY_SIZE must be a whole number of MB, got {0:?}")]
    MemorySize(String),
}

impl Config {
    pub fn from_env() -> Result<Config, ConfigError> {
        Config::from_values(
            std::env::var("LOGTRIAGE_EMITTER_MODE").ok().as_deref(),
            std::env::var("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
                .ok()
                .as_deref(),
        )
    }

    pub fn from_values(mode: Option<&str>, memory: Option<&str>) -> Result<Config, ConfigError> {
        let mode = match mode.map(str::trim) {
            None | Some("") | Some("aws") => Mode::Aws,
            Some("local") => Mode::Local,
            Some(other) => return Err(ConfigError::Mode(other.to_string())),
        };
        // 128 MB is Lambda's default memory size; the platform always sets the variable.
        let memory_mb = match memory.map(str::trim) {
            None | Some("") => 128,
            Some(m) => m
                .parse()
                .ok()
                .filter(|&mb| mb > 0)
                .ok_or_else(|| ConfigError::MemorySize(m.to_string()))?,
        };
        Ok(Config { mode, memory_mb })
    }
}

/// The invocation's answer.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Response {
    pub scenario: &'static str,
    pub lines_logged: usize,
    /// True when the fault did not really happen and its lines were imitated: local-mode
    /// timeout/oom/panic, and throttling (which cannot be forced safely).
    pub simulated: bool,
    pub detail: String,
}

#[derive(Debug, thiserror::Error)]
pub enum EmitterError {
    #[error(transparent)]
    InvalidRequest(#[from] RequestError),
    /// The refused-connection scenario's intended outcome: the invocation fails with the
    /// real OS error.
    #[error("tcp connect to {addr} failed: {source}")]
    ConnectionFailed { addr: SocketAddr, source: io::Error },
    #[error("could not set up the refused-connection probe: {0}")]
    Probe(io::Error),
    /// A real fault that the platform should have ended did not end the invocation.
    #[error("{0}")]
    NotKilled(String),
}

/// A short, stable `errorType` for the caller instead of a Rust type name.
impl From<EmitterError> for Diagnostic {
    fn from(e: EmitterError) -> Diagnostic {
        let error_type = match e {
            EmitterError::InvalidRequest(_) => "InvalidRequest",
            EmitterError::ConnectionFailed { .. } => "ConnectionRefused",
            EmitterError::Probe(_) => "ProbeFailed",
            EmitterError::NotKilled(_) => "FaultNotDelivered",
        };
        Diagnostic {
            error_type: error_type.to_string(),
            error_message: e.to_string(),
        }
    }
}

/// Where lines go: the log in production, a vector in tests.
pub trait Sink {
    fn emit(&mut self, line: &Line);
}

/// Logs through `tracing` (the runtime's own format) or, for platform text, verbatim.
pub struct LogSink;

impl Sink for LogSink {
    fn emit(&mut self, line: &Line) {
        match line.channel {
            Channel::Info => tracing::info!("{}", line.text),
            Channel::Error => tracing::error!("{}", line.text),
            Channel::SimulationNotice => tracing::warn!(simulated = true, "{}", line.text),
            Channel::Raw => println!("{}", line.text),
        }
    }
}

fn emit_all(sink: &mut impl Sink, lines: &[Line]) -> usize {
    lines.iter().for_each(|l| sink.emit(l));
    lines.len()
}

pub async fn handle(config: &Config, event: LambdaEvent<Value>) -> Result<Response, EmitterError> {
    let (payload, context) = event.into_parts();
    let scenario = parse_request(&payload).inspect_err(|e| {
        // WARN, not ERROR: a mistyped payload is the caller's problem, not a fault to triage.
        tracing::warn!(error = %e, "payload rejected");
    })?;
    let deadline = context.deadline();
    let now = SystemTime::now();
    let remaining = deadline.duration_since(now).unwrap_or_default();
    let facts = InvocationFacts {
        request_id: context.request_id.clone(),
        start_ms: now
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as i64),
        // Timeouts are configured in whole seconds and the platform reports the configured
        // value; what remains at this point is slightly less, so round up.
        timeout_ms: (remaining.as_millis() as u64).div_ceil(1000).max(1) * 1000,
        memory_mb: config.memory_mb,
    };
    run(scenario, config, &facts, deadline, &mut LogSink).await
}

/// The whole invocation, minus the runtime plumbing.
pub async fn run(
    scenario: Scenario,
    config: &Config,
    facts: &InvocationFacts,
    deadline: SystemTime,
    sink: &mut impl Sink,
) -> Result<Response, EmitterError> {
    let response = |lines_logged, simulated, detail: String| Response {
        scenario: scenario.name(),
        lines_logged,
        simulated,
        detail,
    };
    if config.mode == Mode::Local {
        if let Some((lines, what)) = platform_lines(scenario, facts) {
            return Ok(simulate(scenario, sink, &lines, what));
        }
    }
    match scenario {
        Scenario::ErrorBurst { count, kind } => {
            let n = emit_all(sink, &error_burst_lines(kind, count));
            Ok(response(
                n,
                false,
                format!("logged {count} ERROR lines of kind {}", kind.as_str()),
            ))
        }
        Scenario::Throttling => {
            let n = emit_all(sink, &throttling_lines());
            Ok(response(n, true, "logged the errors the AWS SDK reports for throttled calls; no call was really throttled, as throttling cannot be forced safely".into()))
        }
        Scenario::Pii => {
            let n = emit_all(sink, &pii_lines());
            Ok(response(n, false, "logged errors carrying an email, an access key id, a JWT, a card number and a phone number; they must arrive redacted downstream".into()))
        }
        Scenario::Healthy => {
            let n = emit_all(sink, &healthy_lines());
            Ok(response(
                n,
                false,
                "logged INFO lines only; no incident expected".into(),
            ))
        }
        Scenario::RefusedConnection => {
            let (addr, error) = log_refused_connection(sink).await?;
            Err(EmitterError::ConnectionFailed {
                addr,
                source: error,
            })
        }
        Scenario::Mix => {
            let mut n = 0;
            for kind in ErrorKind::ALL {
                n += emit_all(sink, &error_burst_lines(kind, 2));
            }
            n += emit_all(sink, &pii_lines());
            n += emit_all(sink, &healthy_lines());
            // The real connection failure is logged but does not fail the invocation, so
            // the caller still gets the summary.
            let (addr, error) = log_refused_connection(sink).await?;
            n += 1;
            Ok(response(n, false, format!("logged 2 ERROR lines of each kind, the pii and healthy lines, and a real failed connection to {addr}: {error}")))
        }
        // Local mode returned above for these three: what follows is the real fault.
        Scenario::Timeout => {
            let remaining = deadline
                .duration_since(SystemTime::now())
                .unwrap_or_default();
            sink.emit(&Line {
                channel: Channel::Info,
                text: format!(
                    "sleeping {} ms, past the invocation deadline",
                    remaining.as_millis() + 2000
                ),
            });
            // Lambda's longest timeout is 900 s: never sleep much past that.
            let nap = (remaining + Duration::from_secs(2)).min(Duration::from_secs(905));
            tokio::time::sleep(nap).await;
            Err(EmitterError::NotKilled(format!(
                "still running {} ms after the deadline: not on Lambda? use LOGTRIAGE_EMITTER_MODE=local",
                nap.saturating_sub(remaining).as_millis()
            )))
        }
        Scenario::Oom => {
            let allocated = exhaust_memory(config.memory_mb);
            Err(EmitterError::NotKilled(format!(
                "allocated and touched {allocated} MB against a {} MB function and was not killed: not a Lambda sandbox? use LOGTRIAGE_EMITTER_MODE=local",
                config.memory_mb
            )))
        }
        // The one deliberate panic: lambda_runtime catches it and reports the invocation
        // as failed with "Lambda panicked: ...", and the panic message goes to stderr.
        Scenario::Panic => panic!("{PANIC_MESSAGE}"),
    }
}

/// Local mode's stand-in for the faults that end the sandbox: the lines the Lambda platform
/// writes for them, and what those lines report. `None` for the scenarios that run the same in
/// both modes.
fn platform_lines(
    scenario: Scenario,
    facts: &InvocationFacts,
) -> Option<(Vec<Line>, &'static str)> {
    match scenario {
        Scenario::Timeout => Some((timeout_platform_lines(facts), "Task timed out")),
        Scenario::Oom => Some((
            oom_platform_lines(facts),
            "Runtime exited with error: signal: killed",
        )),
        Scenario::Panic => {
            let location = concat!(file!(), ":", line!());
            Some((panic_lines(facts, location), "a Rust panic"))
        }
        Scenario::ErrorBurst { .. }
        | Scenario::RefusedConnection
        | Scenario::Throttling
        | Scenario::Pii
        | Scenario::Healthy
        | Scenario::Mix => None,
    }
}

/// Local mode: announce the imitation, then print the platform's exact lines.
fn simulate(scenario: Scenario, sink: &mut impl Sink, lines: &[Line], what: &str) -> Response {
    sink.emit(&simulation_notice(scenario, lines.len()));
    let n = emit_all(sink, lines);
    Response {
        scenario: scenario.name(),
        lines_logged: n + 1,
        simulated: true,
        detail: format!("local mode: printed the lines the Lambda platform writes for {what}; the fault itself did not happen"),
    }
}

/// Make a real connection fail and log it as an application would.
async fn log_refused_connection(
    sink: &mut impl Sink,
) -> Result<(SocketAddr, io::Error), EmitterError> {
    let (addr, error) = connect_to_closed_port()
        .await
        .map_err(EmitterError::Probe)?;
    sink.emit(&refused_connection_line(
        &addr.to_string(),
        &error.to_string(),
    ));
    Ok((addr, error))
}

/// Really connect to a port on 127.0.0.1 that nothing listens on, and return the OS error.
/// The port comes from binding an ephemeral port and closing it again, so it is closed at the
/// moment of the attempt unless another process grabs it in between (then try another).
pub async fn connect_to_closed_port() -> io::Result<(SocketAddr, io::Error)> {
    for _ in 0..5 {
        let addr = std::net::TcpListener::bind(("127.0.0.1", 0))?.local_addr()?;
        match tokio::time::timeout(Duration::from_secs(3), tokio::net::TcpStream::connect(addr))
            .await
        {
            Ok(Err(error)) => return Ok((addr, error)),
            Ok(Ok(_stream)) => continue,
            Err(_) => {
                return Ok((
                    addr,
                    io::Error::new(io::ErrorKind::TimedOut, "connect timed out after 3 s"),
                ))
            }
        }
    }
    Err(io::Error::other(
        "every probed port on 127.0.0.1 was open; could not find a closed one",
    ))
}

/// Allocate and touch memory until the sandbox is killed. Every page is written so it is really
/// resident (an untouched allocation costs nothing). Bounded at twice the function's memory
/// size: on Lambda the kill comes long before, and elsewhere the bound keeps a mistaken run
/// from taking the whole machine.
fn exhaust_memory(memory_mb: u64) -> u64 {
    const CHUNK_MB: u64 = 16;
    let limit_mb = memory_mb.saturating_mul(2);
    let mut hog: Vec<Vec<u8>> = Vec::new();
    let mut allocated_mb = 0;
    while allocated_mb < limit_mb {
        let mut chunk = vec![0u8; (CHUNK_MB << 20) as usize];
        for page in chunk.chunks_mut(4096) {
            page[0] = 1;
        }
        hog.push(std::hint::black_box(chunk));
        allocated_mb += CHUNK_MB;
        if allocated_mb % 128 == 0 {
            tracing::info!(allocated_mb, "still allocating");
        }
    }
    allocated_mb
}

#[cfg(test)]
mod tests {
    use super::*;
    use triage_core::classify::classify;
    use triage_core::model::FailureClass;
    use triage_core::parse::parse_message;

    #[derive(Default)]
    struct Recorder(Vec<Line>);
    impl Sink for Recorder {
        fn emit(&mut self, line: &Line) {
            self.0.push(line.clone());
        }
    }

    fn local() -> Config {
        Config::from_values(Some("local"), Some("256")).unwrap()
    }

    fn facts() -> InvocationFacts {
        InvocationFacts {
            request_id: "0b6e3f0c-0000-4000-8000-000000000001".into(),
            start_ms: 1_700_000_000_000,
            timeout_ms: 3000,
            memory_mb: 256,
        }
    }

    async fn run_local(scenario: Scenario) -> (Result<Response, EmitterError>, Vec<Line>) {
        let mut rec = Recorder::default();
        let deadline = SystemTime::now() + Duration::from_secs(3);
        let result = run(scenario, &local(), &facts(), deadline, &mut rec).await;
        (result, rec.0)
    }

    #[test]
    fn config_reads_mode_and_memory() {
        assert_eq!(Config::from_values(None, None).unwrap().mode, Mode::Aws);
        assert_eq!(
            Config::from_values(Some("local"), Some("1024")).unwrap(),
            Config {
                mode: Mode::Local,
                memory_mb: 1024
            }
        );
        assert_eq!(
            Config::from_values(Some("prod"), None),
            Err(ConfigError::Mode("prod".into()))
        );
        assert_eq!(
            Config::from_values(None, Some("lots")),
            Err(ConfigError::MemorySize("lots".into()))
        );
    }

    #[tokio::test]
    async fn local_platform_faults_are_simulated_and_marked() {
        for (scenario, expect) in [
            (Scenario::Timeout, "Task timed out after 3.00 seconds"),
            (Scenario::Oom, "Max Memory Used: 256 MB"),
            (Scenario::Panic, "panicked at"),
        ] {
            let (result, lines) = run_local(scenario).await;
            let response = result.expect("local mode never fails");
            assert!(response.simulated, "{scenario:?}");
            assert_eq!(response.lines_logged, lines.len());
            assert_eq!(lines[0].channel, Channel::SimulationNotice);
            assert!(lines[1..].iter().all(|l| l.channel == Channel::Raw));
            assert!(lines.iter().any(|l| l.text.contains(expect)), "{lines:?}");
        }
    }

    #[tokio::test]
    async fn log_scenarios_report_what_they_logged() {
        let (result, lines) = run_local(Scenario::ErrorBurst {
            count: 7,
            kind: ErrorKind::Permission,
        })
        .await;
        let response = result.unwrap();
        assert_eq!((response.lines_logged, response.simulated), (7, false));
        assert!(lines.iter().all(|l| l.channel == Channel::Error));

        let response = run_local(Scenario::Throttling).await.0.unwrap();
        assert!(response.simulated, "no real throttling happened");

        let (result, lines) = run_local(Scenario::Healthy).await;
        assert!(!result.unwrap().simulated);
        assert!(lines.iter().all(|l| l.channel == Channel::Info));
    }

    #[tokio::test]
    async fn a_real_connection_to_a_closed_port_is_refused() {
        let (addr, error) = connect_to_closed_port().await.expect("probe set up");
        assert!(addr.ip().is_loopback());
        assert_eq!(error.kind(), io::ErrorKind::ConnectionRefused, "{error}");

        let (result, lines) = run_local(Scenario::RefusedConnection).await;
        let err = result.expect_err("the scenario fails the invocation");
        assert!(
            matches!(&err, EmitterError::ConnectionFailed { source, .. } if source.kind() == io::ErrorKind::ConnectionRefused)
        );
        assert_eq!(Diagnostic::from(err).error_type, "ConnectionRefused");
        // The real OS error text, as logged, is classified as a dependency failure.
        let text = format!(
            "ERROR Lambda runtime invoke{{requestId=\"x\"}}: {}",
            lines[0].text
        );
        assert_eq!(
            classify(&parse_message(&text), &text).map(|c| c.class),
            Some(FailureClass::DependencyUnavailable),
            "{text}"
        );
    }

    #[tokio::test]
    async fn mix_runs_only_safe_scenarios_and_succeeds() {
        let (result, lines) = run_local(Scenario::Mix).await;
        let response = result.unwrap();
        assert_eq!(response.lines_logged, lines.len());
        assert!(!response.simulated);
        assert!(lines.iter().all(|l| l.channel != Channel::Raw));
        assert!(lines
            .iter()
            .any(|l| l.text.contains("tcp connect to 127.0.0.1:")));
    }

    #[tokio::test]
    async fn invalid_payload_is_an_invalid_request_error_not_a_panic() {
        let context = lambda_runtime::Context::default();
        let event = LambdaEvent::new(serde_json::json!({"scenario": "nope"}), context);
        let err = handle(&local(), event).await.unwrap_err();
        let diagnostic = Diagnostic::from(err);
        assert_eq!(diagnostic.error_type, "InvalidRequest");
        assert!(diagnostic.error_message.contains("valid scenarios"));
    }

    /// The metric filter pattern the SAM template deploys on the emitter's log group.
    fn deployed_metric_pattern() -> triage_core::filter_pattern::FilterPattern {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../infra/cloudformation/template.yaml"
        ))
        .unwrap();
        let template: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
        let pattern = template["Resources"]["EmitterFailureMetricFilter"]["Properties"]
            ["FilterPattern"]
            .as_str()
            .expect("the emitter's metric filter pattern");
        triage_core::filter_pattern::FilterPattern::parse(pattern).unwrap()
    }

    /// A line as it reaches CloudWatch Logs with the text log format (the level in front).
    fn as_logged(line: &Line) -> String {
        match line.channel {
            Channel::Info => format!("INFO {}", line.text),
            Channel::Error => format!("ERROR {}", line.text),
            Channel::SimulationNotice => format!("WARN simulated=true {}", line.text),
            Channel::Raw => line.text.clone(),
        }
    }

    #[tokio::test]
    async fn every_injected_fault_raises_the_deployed_metric_and_healthy_does_not() {
        let metric = deployed_metric_pattern();
        let mut faults = vec![
            Scenario::Timeout,
            Scenario::Oom,
            Scenario::Panic,
            Scenario::Throttling,
            Scenario::Pii,
        ];
        for kind in ErrorKind::ALL {
            faults.push(Scenario::ErrorBurst { count: 3, kind });
        }
        for scenario in faults {
            let (_, lines) = run_local(scenario).await;
            let caught = lines
                .iter()
                .filter(|l| l.channel != Channel::SimulationNotice)
                .filter(|l| metric.matches(&as_logged(l)))
                .count();
            assert!(
                caught > 0,
                "{scenario:?} would not raise the alarm: {lines:?}"
            );
        }
        let (_, lines) = run_local(Scenario::Healthy).await;
        assert!(!lines.is_empty());
        for line in &lines {
            assert!(
                !metric.matches(&as_logged(line)),
                "healthy line counted: {line:?}"
            );
        }
    }
}
