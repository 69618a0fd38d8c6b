//! `logtriage filter-test`: which log events a CloudWatch Logs filter pattern matches, offline.

use crate::input::{display, for_each_line};
use anyhow::{Context, Result};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::io::{BufWriter, Write};
use std::process::ExitCode;
use triage_core::filter_pattern::{FilterPattern, PatternKind};

pub fn run(
    pattern: &str,
    file: &str,
    excerpts: bool,
    count_only: bool,
    explain: bool,
) -> Result<ExitCode> {
    let pattern = FilterPattern::parse(pattern).context("invalid filter pattern")?;
    let matched = if excerpts {
        test_excerpts(&pattern, file, explain)?
    } else {
        test_lines(&pattern, file, count_only, explain)?
    };
    Ok(if matched > 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// `\tmatched: …` after a matching event, for `--explain`.
fn write_explanation(out: &mut impl Write, pattern: &FilterPattern, event: &str) -> Result<()> {
    if let Some(parts) = pattern.explain(event) {
        writeln!(out, "\tmatched: {}", parts.join("; "))?;
    }
    Ok(())
}

/// Each input line is one log event, as CloudWatch Logs evaluates them.
fn test_lines(
    pattern: &FilterPattern,
    file: &str,
    count_only: bool,
    explain: bool,
) -> Result<usize> {
    let mut out = BufWriter::new(std::io::stdout().lock());
    let (mut events, mut matched) = (0usize, 0usize);
    for_each_line(file, |line| {
        events += 1;
        if pattern.matches(line) {
            matched += 1;
            if !count_only {
                writeln!(out, "{events}:{line}")?;
                if explain {
                    write_explanation(&mut out, pattern, line)?;
                }
            }
        }
        Ok(())
    })?;
    if count_only {
        writeln!(out, "{matched}")?;
    }
    out.flush()?;
    eprintln!(
        "{matched} of {events} events in {} matched ({} pattern)",
        display(file),
        kind_name(pattern.kind())
    );
    Ok(matched)
}

#[derive(Deserialize)]
struct Excerpt {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    class: Option<String>,
    text: String,
}

/// JSON Lines of `{"id", "class", "text"}`: an excerpt raises the metric when any of its lines
/// matches. Prints one line per excerpt and a per-class tally.
fn test_excerpts(pattern: &FilterPattern, file: &str, explain: bool) -> Result<usize> {
    let mut out = BufWriter::new(std::io::stdout().lock());
    let mut tally: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let (mut record, mut matched) = (0usize, 0usize);
    for_each_line(file, |line| {
        record += 1;
        if line.trim().is_empty() {
            return Ok(());
        }
        let excerpt: Excerpt = serde_json::from_str(line)
            .with_context(|| format!("{}:{record}: not an excerpt object", display(file)))?;
        let hit = excerpt.text.lines().any(|event| pattern.matches(event));
        let class = excerpt.class.unwrap_or_else(|| "-".into());
        let entry = tally.entry(class.clone()).or_default();
        entry.1 += 1;
        if hit {
            entry.0 += 1;
            matched += 1;
        }
        let id = excerpt.id.unwrap_or_else(|| format!("record-{record}"));
        writeln!(
            out,
            "{}\t{id}\t{class}",
            if hit { "match" } else { "no-match" }
        )?;
        if explain {
            // The excerpt's first matching event, by its line number in the excerpt.
            if let Some((n, event)) = excerpt
                .text
                .lines()
                .enumerate()
                .find(|(_, e)| pattern.matches(e))
            {
                writeln!(out, "\tline {}: {event}", n + 1)?;
                write_explanation(&mut out, pattern, event)?;
            }
        }
        Ok(())
    })?;
    writeln!(out)?;
    writeln!(out, "class\tmatched\texcerpts")?;
    for (class, (hit, total)) in &tally {
        writeln!(out, "{class}\t{hit}\t{total}")?;
    }
    out.flush()?;
    Ok(matched)
}

fn kind_name(kind: PatternKind) -> &'static str {
    match kind {
        PatternKind::MatchAll => "match-all",
        PatternKind::Terms => "terms",
        PatternKind::Regex => "regex",
        PatternKind::Json => "JSON",
        PatternKind::SpaceDelimited => "space-delimited",
    }
}
