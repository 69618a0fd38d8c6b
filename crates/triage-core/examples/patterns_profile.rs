//! One miner over the patterns bench's input (the 16,000 Loghub lines), for profilers:
//! `valgrind --tool=callgrind` counts instructions, which the load of a shared machine does not
//! change (speed itself is measured by `benches/patterns.rs`).
//!
//! ```text
//! cargo build --release -p triage-core --example patterns_profile
//! valgrind --tool=callgrind target/release/examples/patterns_profile logtriage
//! ```
//!
//! Modes: `logtriage` (as the bench: `add` per line, then `pattern` per line), `drain3` (the
//! Rust port with its defaults, as the bench), `mask` (`template::mask` per line), `read` (only
//! reads the lines: subtract its count from the others); an optional second argument repeats
//! the mining that many times (for `perf record`). `dump` prints every line's cluster, pattern
//! id and template, to check that a change to the engine leaves them all unchanged.

use triage_core::patterns::PatternMiner;

#[path = "../benches/support/loghub.rs"]
mod loghub;
#[path = "../benches/support/miners.rs"]
mod miners;

fn main() {
    let lines = loghub::loghub_lines();
    let which = std::env::args().nth(1).unwrap_or_default();
    if which == "dump" {
        let mut miner = PatternMiner::new();
        let ids: Vec<_> = lines.iter().map(|l| miner.add(l)).collect();
        for (l, id) in lines.iter().zip(ids) {
            let p = miner.pattern(id);
            println!("{id}\t{}\t{}\t{l}", p.pattern_id, p.template);
        }
        return;
    }
    let rounds: usize = std::env::args()
        .nth(2)
        .map_or(1, |r| r.parse().expect("rounds"));
    let n: usize = (0..rounds).map(|_| run(&which, &lines)).sum();
    println!("{which}: {n}");
}

fn run(which: &str, lines: &[String]) -> usize {
    match which {
        "logtriage" => miners::logtriage(lines),
        "drain3" => miners::drain3_rs(lines, &drain3::Config::default()),
        "mask" => lines
            .iter()
            .map(|l| triage_core::template::mask(l).len())
            .sum(),
        "read" => lines.len(),
        other => panic!("unknown miner {other:?}: logtriage, drain3 or read"),
    }
}
