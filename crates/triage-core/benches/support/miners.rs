//! Each miner of the patterns comparison over a set of lines, end to end: every line mined and
//! given its final template (shared by `benches/patterns.rs` and `examples/patterns_profile.rs`,
//! so the profile measures exactly what the bench times).

use std::hint::black_box;
use triage_core::patterns::PatternMiner;

/// `PatternMiner::add` per line, then `pattern(id)` per line (what `logtriage patterns` does
/// before printing).
pub fn logtriage(lines: &[String]) -> usize {
    let mut miner = PatternMiner::new();
    let ids: Vec<_> = lines.iter().map(|l| miner.add(l)).collect();
    ids.iter()
        .map(|&id| black_box(miner.pattern(id)).template.len())
        .sum()
}

/// The Rust port of Drain3, `Matcher::add_log_message` per line.
pub fn drain3_rs(lines: &[String], config: &drain3::Config) -> usize {
    let mut matcher = drain3::Matcher::new(config.clone());
    lines
        .iter()
        .map(|l| {
            matcher
                .add_log_message(l)
                .map_or(0, |t| black_box(t).token_count())
        })
        .sum()
}
