//! Line parsing through the whole engine: grouping, parsing, classification, templates,
//! aggregation, redaction and pattern mining on arbitrary text. Nothing may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use triage_core::aggregate::{Aggregator, AggregatorConfig};
use triage_core::classify::classify;
use triage_core::fingerprint::{normalize, template_for};
use triage_core::ingest::group_plain_text;
use triage_core::parse::parse_message;
use triage_core::patterns::PatternMiner;
use triage_core::redact::redact;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut aggregator = Aggregator::new(AggregatorConfig::default());
    let mut miner = PatternMiner::new();
    for line in text.lines() {
        let parsed = parse_message(line);
        if let Some(c) = classify(&parsed, parsed.body) {
            let template = template_for(&parsed, parsed.body, &c);
            assert!(template.chars().count() <= 240);
        }
        let _ = normalize(line);
        let redacted = redact(line);
        assert_eq!(redact(&redacted), redacted, "redaction is idempotent");
        let id = miner.add(line);
        let _ = miner.pattern(id);
    }
    for event in group_plain_text(&text) {
        aggregator.add("fuzz", &event.event);
    }
    let _ = aggregator.finish();
    let _ = miner.summary();
});
