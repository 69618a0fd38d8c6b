//! Subscription payload decoding: arbitrary bytes as a Lambda event, as a gzipped Kinesis record,
//! and as any input the CLI accepts. Nothing may panic; a bomb must be refused within the limit.
#![no_main]

use libfuzzer_sys::fuzz_target;
use triage_core::decode::{decode_gzipped_document, decode_lambda_event, DecodeLimits, Decoded};
use triage_core::ingest::read_events;

fuzz_target!(|data: &[u8]| {
    let limits = DecodeLimits { max_decompressed_bytes: 1 << 20 };
    for decoded in [decode_lambda_event(data, limits), decode_gzipped_document(data, limits)] {
        match decoded {
            Ok(Decoded::Data { document, .. }) => {
                let json_len: usize = document.log_events.iter().map(|e| e.message.len()).sum();
                assert!(json_len <= 1 << 20, "decoded more than the limit");
            }
            Ok(Decoded::Control) => {}
            Err(e) => assert!(!e.code().is_empty()),
        }
    }
    let _ = read_events(&String::from_utf8_lossy(data));
});
