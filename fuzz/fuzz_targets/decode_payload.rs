//! Subscription payload decoding through the decoder production runs: arbitrary bytes as any
//! event (`decode_envelope`, what the processor and the CLI call on a parsed event), as the raw
//! Lambda event (`decode_lambda_event`, the benchmarks' floor), as a gzipped Kinesis record, and
//! as any input the CLI accepts. Nothing may panic; a bomb must be refused within the limit.
#![no_main]

use libfuzzer_sys::fuzz_target;
use triage_core::decode::{
    decode_envelope, decode_gzipped_document, decode_lambda_event, DecodeError, DecodeLimits,
    Decoded,
};
use triage_core::ingest::read_events;

const LIMIT: usize = 1 << 20;

fn check(decoded: Result<Decoded, DecodeError>) {
    match decoded {
        Ok(Decoded::Data { document, .. }) => {
            let json_len: usize = document.log_events.iter().map(|e| e.message.len()).sum();
            assert!(json_len <= LIMIT, "decoded more than the limit");
        }
        Ok(Decoded::Control) => {}
        Err(e) => assert!(!e.code().is_empty()),
    }
}

fuzz_target!(|data: &[u8]| {
    let limits = DecodeLimits { max_decompressed_bytes: LIMIT };
    if let Ok(event) = serde_json::from_slice::<serde_json::Value>(data) {
        for payload in decode_envelope(&event, limits).into_iter().flat_map(|e| e.payloads) {
            check(payload.decoded);
        }
    }
    check(decode_lambda_event(data, limits));
    check(decode_gzipped_document(data, limits));
    let _ = read_events(&String::from_utf8_lossy(data));
});
