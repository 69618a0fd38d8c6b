//! `logtriage`: triage AWS Lambda logs on your own machine.

mod analyze;
mod filter_test_cmd;
mod incidents;
mod input;
mod patterns_cmd;
mod redact_cmd;
mod table;

use clap::{Parser, Subcommand, ValueEnum};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "logtriage",
    version,
    about = "Triage AWS Lambda logs: classify failures, group them into incidents, mine patterns, redact secrets."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Classify failures in log files and group them into incidents.
    ///
    /// Input format is detected: plain lines (aws logs tail / filter-log-events / console copies),
    /// JSON Lines, Logs Insights exports (JSON or CSV), get-log-events JSON, or CloudWatch
    /// subscription events (one per file or one per line).
    ///
    /// With --log-group (or --log-group-prefix) the events are read from CloudWatch Logs
    /// through FilterLogEvents, using the standard AWS environment (AWS_PROFILE, AWS_REGION,
    /// AWS_ENDPOINT_URL, ...); the report and exit codes are the same as for files.
    Analyze {
        /// Files to read; `-` reads standard input (the default when no --log-group is given).
        files: Vec<String>,
        #[command(flatten)]
        logs: analyze::LogGroupArgs,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// Function name used for events whose input does not name a log group.
        #[arg(long, default_value = "-")]
        function: String,
        /// No progress lines on stderr.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Mine log templates: one JSON object per input line, `{"pattern_id","template"}`, in input order.
    Patterns {
        #[arg(default_value = "-")]
        file: String,
        /// Print each pattern once with its count, most frequent first.
        #[arg(long)]
        summary: bool,
    },
    /// Print each input line with secrets and personal data replaced by placeholders.
    Redact {
        #[arg(default_value = "-")]
        file: String,
    },
    /// Show which log events a CloudWatch Logs filter pattern matches (metric and subscription
    /// filters), offline: terms, `?` alternatives, `-` exclusions, quoted phrases, `%regex%`,
    /// JSON `{ $.x = ... }` and space-delimited `[a, b = ...]` patterns.
    ///
    /// Prints `LINE:event` for each matching line (one line = one log event); exit status 0 when
    /// something matched, 1 when nothing did, 2 when the pattern is invalid.
    FilterTest {
        /// The filter pattern, exactly as in the template or console (quote it for the shell).
        #[arg(long, allow_hyphen_values = true)]
        pattern: String,
        #[arg(default_value = "-")]
        file: String,
        /// Input is JSON Lines of `{"id","class","text"}` excerpts; an excerpt matches when any
        /// of its lines does. Prints each excerpt's result and a per-class tally.
        #[arg(long)]
        excerpts: bool,
        /// Print only the number of matching events.
        #[arg(long, conflicts_with = "excerpts")]
        count: bool,
        /// After each matching event, print what matched it: the terms found, the regex's
        /// match, the JSON checks that held, or each space-delimited field's value.
        #[arg(long, conflicts_with = "count")]
        explain: bool,
    },
    /// List, show, acknowledge and resolve the incidents stored by the pipeline (DynamoDB).
    ///
    /// Uses the standard AWS environment (AWS_PROFILE, AWS_REGION, AWS_ENDPOINT_URL, ...).
    Incidents {
        /// The incidents table.
        #[arg(
            long,
            global = true,
            env = "LOGTRIAGE_TABLE",
            default_value = "incidents"
        )]
        table: String,
        /// Print JSON instead of a table.
        #[arg(long, global = true)]
        json: bool,
        #[command(subcommand)]
        command: IncidentsCommand,
    },
}

#[derive(Subcommand)]
enum IncidentsCommand {
    /// Incidents, open first and newest first.
    List {
        /// open (default), acknowledged, resolved or all.
        #[arg(long)]
        status: Option<String>,
        /// Only this failure class (e.g. timeout).
        #[arg(long)]
        class: Option<String>,
        /// Only this function (log group, e.g. /aws/lambda/orders).
        #[arg(long)]
        function: Option<String>,
        /// Only incidents seen since: 30m, 6h, 2d, or an RFC 3339 time.
        #[arg(long)]
        since: Option<String>,
        #[arg(long, default_value_t = 50)]
        limit: usize,
    },
    /// One incident in full: figures, summary, samples.
    Show {
        id: String,
        /// Also print the redacted log of one failing invocation (its newest request id), read
        /// from the incident's log group through FilterLogEvents. Exit status 1 when that log
        /// cannot be read (the incident is still shown, with the reason).
        #[arg(long)]
        logs: bool,
    },
    /// Mark an incident acknowledged (new occurrences keep it acknowledged).
    Ack { id: String },
    /// Mark an incident resolved (a new occurrence reopens it).
    Resolve { id: String },
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Format {
    Table,
    Json,
}

/// A one-thread runtime (a command's AWS calls run one after another) and the configuration of
/// the standard AWS environment (AWS_PROFILE, AWS_REGION, AWS_ENDPOINT_URL, ...).
fn aws_runtime() -> anyhow::Result<(tokio::runtime::Runtime, aws_config::SdkConfig)> {
    use anyhow::Context as _;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    let aws = runtime.block_on(triage_aws::load_aws_config());
    Ok((runtime, aws))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Analyze {
            files,
            logs,
            format,
            function,
            quiet,
        } => analyze::run(&analyze::AnalyzeArgs {
            files,
            json: format == Format::Json,
            default_function: function,
            quiet,
            logs,
        }),
        Command::Patterns { file, summary } => patterns_cmd::run(&file, summary),
        Command::Redact { file } => redact_cmd::run(&file),
        Command::FilterTest {
            pattern,
            file,
            excerpts,
            count,
            explain,
        } => filter_test_cmd::run(&pattern, &file, excerpts, count, explain),
        Command::Incidents {
            table,
            json,
            command,
        } => {
            use incidents::{Action, ListArgs};
            use triage_core::incident::IncidentStatus;
            let action = match command {
                IncidentsCommand::List {
                    status,
                    class,
                    function,
                    since,
                    limit,
                } => Action::List(ListArgs {
                    status,
                    class,
                    function,
                    since,
                    limit,
                }),
                IncidentsCommand::Show { id, logs } => Action::Show(id, logs),
                IncidentsCommand::Ack { id } => Action::SetStatus(id, IncidentStatus::Acknowledged),
                IncidentsCommand::Resolve { id } => Action::SetStatus(id, IncidentStatus::Resolved),
            };
            incidents::run(&table, action, json)
        }
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            // A closed pipe (`logtriage ... | head`) is not an error worth reporting.
            if is_broken_pipe(&e) {
                return ExitCode::SUCCESS;
            }
            eprintln!("logtriage: error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || cause
                .downcast_ref::<serde_json::Error>()
                .is_some_and(|j| j.io_error_kind() == Some(std::io::ErrorKind::BrokenPipe))
    })
}
