use crate::input::{display, read_text};
use crate::table::render_table;
use anyhow::{anyhow, bail, Result};
use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::time::{Duration, Instant};
use triage_aws::logs::{FilterQuery, LogsError, LogsReader};
use triage_core::aggregate::{Aggregator, AggregatorConfig};
use triage_core::analysis::AnalysisReport;
use triage_core::ingest::read_events;
use triage_core::logs_query::{parse_time_arg, LogsErrorCode, RetryPolicy};
use triage_core::model::LogEvent;

const PROGRESS_EVERY: Duration = Duration::from_secs(1);

/// What `logtriage analyze` reads: files (or standard input), CloudWatch Logs groups, or both.
pub struct AnalyzeArgs {
    pub files: Vec<String>,
    pub json: bool,
    pub default_function: String,
    pub quiet: bool,
    pub logs: LogGroupArgs,
}

/// `--log-group` and its companions (flattened into `logtriage analyze`'s arguments).
#[derive(Default, clap::Args)]
pub struct LogGroupArgs {
    /// Read this CloudWatch Logs group (repeatable), e.g. /aws/lambda/orders.
    #[arg(long = "log-group", value_name = "NAME")]
    pub log_groups: Vec<String>,
    /// Read every log group whose name starts with this prefix (DescribeLogGroups).
    #[arg(long, value_name = "PREFIX")]
    pub log_group_prefix: Option<String>,
    /// Events since: 30m, 6h, 2d ago, or an RFC 3339 time (default 1h).
    #[arg(long)]
    pub since: Option<String>,
    /// Events before: 30m, 6h, 2d ago, or an RFC 3339 time (default now).
    #[arg(long)]
    pub until: Option<String>,
    /// Only events matching this CloudWatch Logs filter pattern (applied by the service).
    #[arg(long, allow_hyphen_values = true)]
    pub filter_pattern: Option<String>,
    /// Stop after this many events in total.
    #[arg(long)]
    pub limit: Option<u64>,
    /// Events per FilterLogEvents page (the service allows up to 10000).
    #[arg(long, hide = true)]
    pub page_size: Option<i32>,
}

impl LogGroupArgs {
    fn wanted(&self) -> bool {
        !self.log_groups.is_empty() || self.log_group_prefix.is_some()
    }
}

/// `--since` when a log group is read without one.
const DEFAULT_SINCE: &str = "1h";

/// Exit codes: 0 when every input was read; 1 when some records could not be decoded (they are
/// listed on stderr and everything else is still analysed); 2 when an input could not be opened
/// or a log group could not be read.
pub fn run(args: &AnalyzeArgs) -> Result<ExitCode> {
    let AnalyzeArgs {
        files,
        json,
        default_function,
        quiet,
        logs,
    } = args;
    let (json, quiet) = (*json, *quiet);
    let log_options_given = logs.since.is_some()
        || logs.until.is_some()
        || logs.filter_pattern.is_some()
        || logs.limit.is_some();
    if log_options_given && !logs.wanted() {
        bail!("--since, --until, --filter-pattern and --limit apply to --log-group / --log-group-prefix");
    }
    // Standard input is read only when nothing else was asked for.
    let stdin = ["-".to_string()];
    let files: &[String] = if files.is_empty() && !logs.wanted() {
        &stdin
    } else {
        files
    };
    let mut aggregator = Aggregator::new(AggregatorConfig::default());
    let mut progress = Progress::new(quiet);
    let mut unreadable = 0usize;
    if logs.wanted() {
        read_log_groups(logs, &mut aggregator, &mut progress, quiet)?;
    }
    for file in files {
        let read_started = Instant::now();
        let (text, lossy) = read_text(file)?;
        if lossy {
            eprintln!(
                "logtriage: warning: {}: invalid UTF-8 replaced with U+FFFD",
                display(file)
            );
        }
        let ingested = read_events(&text);
        for error in &ingested.errors {
            eprintln!("logtriage: error: {}: {error}", display(file));
        }
        unreadable += ingested.errors.len();
        progress.read(
            file,
            text.len(),
            ingested.events.len(),
            read_started.elapsed(),
        );
        progress.start_aggregating();
        for e in &ingested.events {
            aggregator.add(
                e.log_group.as_deref().unwrap_or(default_function.as_str()),
                &e.event,
            );
            progress.tick(aggregator.events());
        }
    }
    progress.done(aggregator.events());
    let events = aggregator.events();
    let report = AnalysisReport::from_aggregates(events, &aggregator.finish());
    let mut out = std::io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut out, &report)?;
        out.write_all(b"\n")?;
    } else {
        out.write_all(render_table(&report).as_bytes())?;
    }
    out.flush()?;
    Ok(if unreadable > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Read every `--log-group` (and the groups under `--log-group-prefix`) through FilterLogEvents,
/// page by page, into `aggregator`: the same engine, with the group as the function, as a file
/// export of the same events.
fn read_log_groups(
    args: &LogGroupArgs,
    aggregator: &mut Aggregator,
    progress: &mut Progress,
    quiet: bool,
) -> Result<()> {
    let now = triage_aws::emf::now_ms();
    let start = parse_time_arg(
        "--since",
        args.since.as_deref().unwrap_or(DEFAULT_SINCE),
        now,
    )?;
    let end = args
        .until
        .as_deref()
        .map(|u| parse_time_arg("--until", u, now))
        .transpose()?
        .unwrap_or(now);
    if start >= end {
        bail!("--since must be before --until");
    }
    let (runtime, aws) = crate::aws_runtime()?;
    runtime.block_on(async {
        let region = aws
            .region()
            .map_or_else(|| "no region set".to_string(), ToString::to_string);
        let reader = LogsReader::new(&aws, RetryPolicy::default());
        let mut groups = args.log_groups.clone();
        if let Some(prefix) = &args.log_group_prefix {
            let found = reader
                .groups_with_prefix(prefix)
                .await
                .map_err(|e| logs_error(&format!("log groups under {prefix}"), &region, &e))?;
            if found.is_empty() {
                bail!("no log group starts with {prefix} in {region}");
            }
            groups.extend(found);
        }
        // A group named and also under the prefix is read once.
        let mut seen = std::collections::HashSet::new();
        groups.retain(|g| seen.insert(g.clone()));
        let mut remaining = args.limit.unwrap_or(u64::MAX);
        for group in &groups {
            let query = FilterQuery {
                log_group: group.clone(),
                start_ms: Some(start),
                end_ms: Some(end),
                filter_pattern: args.filter_pattern.clone(),
                page_size: args.page_size,
                ..FilterQuery::default()
            };
            let started = Instant::now();
            let (mut pages, mut events) = (0u64, 0u64);
            let mut token: Option<String> = None;
            while remaining > 0 {
                let page = reader
                    .page(&query, token.as_deref(), |e, pause| {
                        if !quiet {
                            eprintln!(
                                "logtriage: {group}: {}, retrying in {:.1} s",
                                e.code(),
                                pause.as_secs_f64()
                            );
                        }
                    })
                    .await
                    .map_err(|e| logs_error(&format!("log group {group}"), &region, &e))?;
                pages += 1;
                progress.start_aggregating();
                for e in page.events {
                    if remaining == 0 {
                        break;
                    }
                    remaining -= 1;
                    events += 1;
                    aggregator.add(group, &LogEvent::new(Some(e.timestamp_ms), e.message));
                    progress.tick(aggregator.events());
                }
                progress.stop_aggregating();
                progress.page(group, pages, events, started.elapsed());
                token = page.next_token;
                if token.is_none() {
                    break;
                }
            }
            if !quiet {
                progress.line(&format!(
                    "read {group}: {events} events in {pages} pages ({:.1} s)",
                    started.elapsed().as_secs_f64()
                ));
            }
        }
        if remaining == 0 && !quiet {
            eprintln!(
                "logtriage: stopped at --limit {} events",
                args.limit.unwrap_or(0)
            );
        }
        Ok(())
    })
}

/// One line naming what is wrong and what to check.
fn logs_error(what: &str, region: &str, e: &LogsError) -> anyhow::Error {
    let first = e.detail.lines().next().unwrap_or_default();
    match e.code {
        LogsErrorCode::NotFound => anyhow!("{what} not found in {region} (check the name, AWS_REGION and AWS_PROFILE)"),
        LogsErrorCode::NoCredentials => anyhow!(
            "no AWS credentials: set AWS_PROFILE (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY), or run `aws sso login`"
        ),
        LogsErrorCode::AccessDenied => anyhow!(
            "access denied reading {what}: the caller needs logs:FilterLogEvents (and logs:DescribeLogGroups for --log-group-prefix) on it ({first})"
        ),
        LogsErrorCode::Throttled => anyhow!("{what}: still throttled after retrying; try again later or narrow --since"),
        LogsErrorCode::Invalid => anyhow!("{what}: request refused ({first})"),
        LogsErrorCode::Unavailable => anyhow!("{what}: CloudWatch Logs unreachable in {region} ({first})"),
    }
}

/// Progress on stderr for long runs only: nothing is printed during the first second.
struct Progress {
    enabled: bool,
    /// Time spent aggregating so far (reading and grouping files is reported separately).
    aggregating: Duration,
    aggregating_since: Option<Instant>,
    last: Instant,
    printed: bool,
    terminal: bool,
}

impl Progress {
    fn new(quiet: bool) -> Self {
        Progress {
            enabled: !quiet,
            aggregating: Duration::ZERO,
            aggregating_since: None,
            last: Instant::now(),
            printed: false,
            terminal: std::io::stderr().is_terminal(),
        }
    }

    /// After a file was read and grouped into events: worth a line if it took a while.
    fn read(&mut self, file: &str, bytes: usize, events: usize, took: Duration) {
        self.stop_aggregating();
        if self.enabled && took >= PROGRESS_EVERY {
            if self.terminal && self.printed {
                eprintln!();
            }
            eprintln!(
                "read {}: {:.1} MB, {events} events in {:.1} s",
                display(file),
                bytes as f64 / 1e6,
                took.as_secs_f64()
            );
            self.printed = true;
            self.last = Instant::now();
        }
    }

    /// After each FilterLogEvents page: a line at most every second.
    fn page(&mut self, group: &str, pages: u64, events: u64, took: Duration) {
        if self.enabled && took >= PROGRESS_EVERY && self.last.elapsed() >= PROGRESS_EVERY {
            self.line(&format!(
                "reading {group}: {events} events, {pages} pages so far"
            ));
        }
    }

    /// A whole progress line, after a `\r` status line if one is showing.
    fn line(&mut self, text: &str) {
        if !self.enabled {
            return;
        }
        if self.terminal && self.printed {
            eprintln!();
        }
        eprintln!("{text}");
        self.printed = false;
        self.last = Instant::now();
    }

    fn start_aggregating(&mut self) {
        self.aggregating_since = Some(Instant::now());
    }

    fn stop_aggregating(&mut self) {
        if let Some(since) = self.aggregating_since.take() {
            self.aggregating += since.elapsed();
        }
    }

    fn tick(&mut self, events: u64) {
        // Checking the clock every event would cost more than the work it measures.
        if !self.enabled || events % 4096 != 0 || self.last.elapsed() < PROGRESS_EVERY {
            return;
        }
        self.last = Instant::now();
        self.print(events, false);
    }

    fn done(&mut self, events: u64) {
        self.stop_aggregating();
        if self.enabled && self.printed {
            self.print(events, true);
        }
    }

    fn print(&mut self, events: u64, last: bool) {
        let running = self
            .aggregating_since
            .map_or(Duration::ZERO, |since| since.elapsed());
        let secs = (self.aggregating + running).as_secs_f64().max(1e-9);
        let line = format!(
            "analyzed {events} events ({:.0} events/s)",
            events as f64 / secs
        );
        if self.terminal {
            eprint!("\r{line}{}", if last { "\n" } else { "" });
        } else {
            eprintln!("{line}");
        }
        self.printed = true;
    }
}
