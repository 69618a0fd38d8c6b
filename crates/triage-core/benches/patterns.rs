//! `patterns` throughput on the Loghub 2k samples (16,000 real lines from 8 systems).
//! Compare with Drain3 on the same lines: `python3 scripts/bench_drain3.py` (see docs/PERFORMANCE.md).
//! Run: `cargo bench -p triage-core --bench patterns`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;
use triage_core::patterns::PatternMiner;

fn loghub_lines() -> Vec<String> {
    let dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/loghub-2k"
    );
    let mut lines = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("shared/data/loghub-2k beside the repository")
        .flatten()
        .collect();
    entries.sort_by_key(|e| e.path());
    for entry in entries {
        let path = entry.path();
        if !path.to_string_lossy().ends_with("_2k.log_structured.csv") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let mut rows = text.lines();
        let header: Vec<&str> = rows.next().unwrap().split(',').collect();
        let content = header.iter().position(|h| *h == "Content").unwrap();
        for row in rows {
            // The Content column may be quoted; a simple split is enough for a throughput input.
            if let Some(field) = row.split(',').nth(content) {
                lines.push(field.trim_matches('"').to_string());
            }
        }
    }
    lines
}

fn bench(c: &mut Criterion) {
    let lines = loghub_lines();
    let mut group = c.benchmark_group("patterns");
    group.throughput(Throughput::Elements(lines.len() as u64));
    group.sample_size(20);
    group.bench_function("loghub_16k_lines", |b| {
        b.iter(|| {
            let mut miner = PatternMiner::new();
            for line in &lines {
                black_box(miner.add(line));
            }
            miner.summary().len()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
