//! The processor hot path (decode → parse → classify → fingerprint → aggregate) beside the
//! decode-only floor (base64 + gunzip + JSON parse) on the same generated payloads, in one run.
//! Run: `cargo bench -p triage-core --bench pipeline`; ratio = triage throughput / floor throughput.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

#[path = "support/workload.rs"]
mod workload;

use workload::{decode_only, full_triage};

fn bench(c: &mut Criterion) {
    for (name, failure_percent) in [("typical_10pct_failing", 10), ("flood_60pct_failing", 60)] {
        let (payloads, events) = workload::subscription_payloads(40, 500, failure_percent);
        let mut group = c.benchmark_group(format!("processor/{name}"));
        group.throughput(Throughput::Elements(events as u64));
        group.sample_size(20);
        group.bench_with_input(
            BenchmarkId::from_parameter("decode_only_floor"),
            &payloads,
            |b, p| b.iter(|| decode_only(p)),
        );
        group.bench_with_input(
            BenchmarkId::from_parameter("full_triage"),
            &payloads,
            |b, p| b.iter(|| full_triage(p)),
        );
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
