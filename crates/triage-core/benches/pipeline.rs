//! The processor hot path (decode → parse → classify → fingerprint → aggregate) beside the
//! decode-only floor (base64 + gunzip + JSON parse) on the same generated payloads, in one run.
//! Run: `cargo bench -p triage-core --bench pipeline`; ratio = triage throughput / floor throughput.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::hint::black_box;
use triage_core::aggregate::{Aggregator, AggregatorConfig};
use triage_core::decode::{decode_lambda_event, DecodeLimits, Decoded};

#[path = "support/workload.rs"]
mod workload;

fn decode_only(payloads: &[String]) -> usize {
    let mut events = 0;
    for p in payloads {
        if let Ok(Decoded::Data { document, .. }) =
            decode_lambda_event(p.as_bytes(), DecodeLimits::default())
        {
            events += black_box(document.log_events.len());
        }
    }
    events
}

fn full_triage(payloads: &[String]) -> usize {
    let mut incidents = 0;
    for p in payloads {
        // The processor aggregates one payload (one subscription batch) at a time.
        if let Ok(Decoded::Data { document, .. }) =
            decode_lambda_event(p.as_bytes(), DecodeLimits::default())
        {
            let mut aggregator = Aggregator::new(AggregatorConfig::default());
            for e in &document.log_events {
                aggregator.add_message(&document.log_group, Some(e.timestamp), &e.message);
            }
            incidents += black_box(aggregator.finish().len());
        }
    }
    incidents
}

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
