use crate::input::{display, read_text};
use crate::table::render_table;
use anyhow::Result;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::time::{Duration, Instant};
use triage_core::aggregate::{Aggregator, AggregatorConfig};
use triage_core::analysis::AnalysisReport;
use triage_core::ingest::read_events;

const PROGRESS_EVERY: Duration = Duration::from_secs(1);

/// Exit codes: 0 when every input was read; 1 when some records could not be decoded (they are
/// listed on stderr and everything else is still analysed); 2 when an input could not be opened.
pub fn run(files: &[String], json: bool, default_function: &str, quiet: bool) -> Result<ExitCode> {
    let mut aggregator = Aggregator::new(AggregatorConfig::default());
    let mut progress = Progress::new(quiet);
    let mut unreadable = 0usize;
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
            aggregator.add(e.log_group.as_deref().unwrap_or(default_function), &e.event);
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
