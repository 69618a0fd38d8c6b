//! Full triage throughput as a ratio of the decode-only floor, measured interleaved.
//!
//! Criterion (`benches/pipeline.rs`) measures the floor and the triage one after the other;
//! on a shared VM the machine's speed drifts between the two. Here each round times both on
//! the same payloads back to back (alternating which goes first) and the median of the
//! per-round ratios is reported, so drift cancels out.
//! Run: `cargo bench -p triage-core --bench ratio`.

use std::hint::black_box;
use std::time::Instant;

#[path = "support/workload.rs"]
mod workload;

use workload::{decode_only, full_triage};

const ROUNDS: usize = 41;

fn seconds(f: impl FnOnce() -> usize) -> f64 {
    let start = Instant::now();
    black_box(f());
    start.elapsed().as_secs_f64()
}

fn main() {
    // `cargo test --benches` runs bench targets with `--bench` absent: do nothing then.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    println!(
        "workload                 events/round  floor Mev/s  triage Mev/s  ratio median [q1, q3]"
    );
    for (name, failure_percent) in [("typical_10pct_failing", 10), ("flood_60pct_failing", 60)] {
        let (payloads, events) = workload::subscription_payloads(40, 500, failure_percent);
        full_triage(&payloads); // warm caches, lazy statics and the allocator
        decode_only(&payloads);
        let mut ratios = Vec::with_capacity(ROUNDS);
        let (mut floor_total, mut triage_total) = (0.0, 0.0);
        for round in 0..ROUNDS {
            let (floor, triage) = if round % 2 == 0 {
                let f = seconds(|| decode_only(&payloads));
                (f, seconds(|| full_triage(&payloads)))
            } else {
                let t = seconds(|| full_triage(&payloads));
                (seconds(|| decode_only(&payloads)), t)
            };
            floor_total += floor;
            triage_total += triage;
            ratios.push(floor / triage);
        }
        ratios.sort_by(f64::total_cmp);
        let q = |p: f64| ratios[((ROUNDS - 1) as f64 * p).round() as usize];
        println!(
            "{name:<24} {events:>12}  {:>11.2}  {:>12.2}  {:.3} [{:.3}, {:.3}]",
            events as f64 * ROUNDS as f64 / floor_total / 1e6,
            events as f64 * ROUNDS as f64 / triage_total / 1e6,
            q(0.5),
            q(0.25),
            q(0.75)
        );
    }
}
