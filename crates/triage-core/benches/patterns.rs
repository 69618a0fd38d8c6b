//! `patterns` beside Drain3, side by side in one run, on the same input: the `Content` lines of
//! the eight Loghub 2k samples (16,000 lines). Throughput is lines per second, end to end for
//! each miner: every line is mined and given its final template.
//!
//! - `logtriage`: `PatternMiner::add` per line, then `pattern(id)` for every line (what
//!   `logtriage patterns` does before printing);
//! - `drain3_rs_defaults`: the Rust port of Drain3 (crate `drain3`), `Matcher::add_log_message`
//!   per line with its default config (which already parametrises tokens with digits);
//! - `drain3_rs_masked`: the same with Drain3's example masks (`examples/drain3.ini`), rewritten
//!   without look-around, which the `regex` crate lacks;
//! - `drain3_python`: logpai's Drain3 itself (`scripts/bench_drain3.py --seconds`), timed inside
//!   the Python process (interpreter start-up excluded) over `iters` passes of the same lines.
//!   Needs `python3 -m venv .venv && .venv/bin/pip install drain3`; skipped with a note when
//!   absent (or set `DRAIN3_PYTHON` to an interpreter that has it).
//!
//! After criterion, the three in-process Rust runs are also timed interleaved (41 rounds, each
//! round all three back to back, order rotating) and the median per-round speed ratio is
//! printed, so that the drift of a shared machine cancels out, as in `benches/ratio.rs`.
//!
//! Run: `cargo bench -p triage-core --bench patterns`; ratios are throughput ÷ throughput.

use criterion::{criterion_group, Criterion, Throughput};
use std::hint::black_box;
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

#[path = "support/loghub.rs"]
mod loghub;
#[path = "support/miners.rs"]
mod miners;
use miners::{drain3_rs, logtriage};

/// Drain3's example masks (`MASKS` in scripts/bench_drain3.py), with each look-behind and
/// look-ahead written as a captured boundary that the mask puts back.
fn example_masks() -> Vec<drain3::MaskingInstruction> {
    let b = r"(^|[^A-Za-z0-9])";
    let e = r"([^A-Za-z0-9]|$)";
    [
        (r"(([0-9a-f]{2,}:){3,}([0-9a-f]{2,}))", "ID"),
        (r"(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})", "IP"),
        (r"(([0-9a-f]{6,} ?){3,})", "SEQ"),
        (r"(([0-9A-F]{4} ?){4,})", "SEQ"),
        (r"(0x[a-f0-9A-F]+)", "HEX"),
        (r"([\-\+]?\d+)", "NUM"),
    ]
    .iter()
    .map(|(core, name)| drain3::MaskingInstruction {
        pattern: format!("{b}{core}{e}"),
        mask: format!("${{1}}<:{name}:>${{{}}}", core.matches('(').count() + 2),
    })
    .collect()
}

fn python() -> Option<PathBuf> {
    let repo = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."));
    let py = std::env::var_os("DRAIN3_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo.join(".venv/bin/python"));
    let ok = Command::new(&py)
        .args(["-c", "import drain3"])
        .output()
        .is_ok_and(|o| o.status.success());
    ok.then_some(py)
}

/// Seconds Python Drain3 spends mining `iters` passes over the lines, as it reports them.
fn python_seconds(py: &PathBuf, iters: u64) -> Duration {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../../scripts/bench_drain3.py");
    let out = Command::new(py)
        .args([script, "--seconds", "--repeat", &iters.to_string()])
        .output()
        .expect("python runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let secs: f64 = text.trim().parse().expect("seconds on stdout");
    Duration::from_secs_f64(secs)
}

fn bench(c: &mut Criterion) {
    let lines = loghub::loghub_lines();
    let defaults = drain3::Config::default();
    let masked = drain3::Config {
        masking: example_masks(),
        ..drain3::Config::default()
    };
    let mut group = c.benchmark_group("patterns_vs_drain3");
    group.throughput(Throughput::Elements(lines.len() as u64));
    group.sample_size(20);
    group.bench_function("logtriage", |b| b.iter(|| logtriage(&lines)));
    group.bench_function("drain3_rs_defaults", |b| {
        b.iter(|| drain3_rs(&lines, &defaults))
    });
    group.bench_function("drain3_rs_masked", |b| {
        b.iter(|| drain3_rs(&lines, &masked))
    });
    match python() {
        Some(py) => {
            group.sample_size(10);
            group.warm_up_time(Duration::from_millis(1));
            group.measurement_time(Duration::from_secs(20));
            group.bench_function("drain3_python", |b| {
                b.iter_custom(|iters| python_seconds(&py, iters))
            });
        }
        None => eprintln!(
            "drain3_python skipped: no Python with drain3 (python3 -m venv .venv && .venv/bin/pip install drain3)"
        ),
    }
    group.finish();
}

const ROUNDS: usize = 41;

/// Median and quartiles of the per-round ratios `time(b) / time(a)` (how many times faster a is).
fn interleaved() {
    let lines = loghub::loghub_lines();
    let defaults = drain3::Config::default();
    let masked = drain3::Config {
        masking: example_masks(),
        ..drain3::Config::default()
    };
    let runs: [(&str, &dyn Fn() -> usize); 3] = [
        ("logtriage", &|| logtriage(&lines)),
        ("drain3_rs_defaults", &|| drain3_rs(&lines, &defaults)),
        ("drain3_rs_masked", &|| drain3_rs(&lines, &masked)),
    ];
    let mut seconds = vec![Vec::with_capacity(ROUNDS); runs.len()];
    for round in 0..ROUNDS {
        for k in 0..runs.len() {
            let r = (round + k) % runs.len();
            let start = Instant::now();
            black_box(runs[r].1());
            seconds[r].push(start.elapsed().as_secs_f64());
        }
    }
    println!(
        "interleaved, {ROUNDS} rounds of {} lines: logtriage speed ÷ other, median [q1, q3]",
        lines.len()
    );
    for (k, (name, _)) in runs.iter().enumerate().skip(1) {
        let mut ratios: Vec<f64> = (0..ROUNDS).map(|r| seconds[k][r] / seconds[0][r]).collect();
        ratios.sort_by(f64::total_cmp);
        let q = |p: f64| ratios[((ROUNDS - 1) as f64 * p).round() as usize];
        println!(
            "  vs {name:<20} {:.2}x [{:.2}, {:.2}]",
            q(0.5),
            q(0.25),
            q(0.75)
        );
    }
}

criterion_group!(benches, bench);

fn main() {
    benches();
    // `cargo test --benches` runs bench targets without `--bench`: skip the extra timing then.
    let args: Vec<String> = std::env::args().collect();
    if args.iter().any(|a| a == "--bench") && !args.iter().any(|a| a == "--profile-time") {
        interleaved();
    }
    Criterion::default().configure_from_args().final_summary();
}
