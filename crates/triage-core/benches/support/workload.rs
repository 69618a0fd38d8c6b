//! Generated CloudWatch Logs subscription payloads for the benchmarks, shaped like real
//! Lambda output: START / application lines / END / REPORT per invocation, with a share of
//! invocations failing in varied ways (errors, timeouts, tracebacks, throttling).

use std::hint::black_box;
use triage_core::aggregate::{Aggregator, AggregatorConfig};
use triage_core::decode::{
    decode_lambda_event, encode_lambda_event, DecodeLimits, Decoded, LogsDocument,
    SubscriptionLogEvent,
};

/// The floor: base64 + gunzip + JSON parse of every payload.
pub fn decode_only(payloads: &[String]) -> usize {
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

/// The processor's work: decode, then aggregate one payload (one subscription batch) at a time.
pub fn full_triage(payloads: &[String]) -> usize {
    let mut incidents = 0;
    for p in payloads {
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

/// A tiny deterministic generator (xorshift) so every run measures the same input.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }
}

fn request_id(rng: &mut Rng) -> String {
    let a = rng.next_u64();
    let b = rng.next_u64();
    format!(
        "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
        a as u32,
        (a >> 32) as u16,
        (a >> 48) as u16 & 0xfff,
        b as u16 & 0xfff,
        b >> 16 & 0xffff_ffff_ffff
    )
}

fn failure_line(rng: &mut Rng, ts: &str, id: &str) -> String {
    match rng.below(6) {
        0 => format!("{ts} {id} Task timed out after 6.00 seconds"),
        1 => format!(
            "[ERROR]\t{ts}\t{id}\tKeyError: 'order_id'\rTraceback (most recent call last):\r\u{a0}\u{a0}File \"/var/task/app.py\", line {}, in handler\r\u{a0}\u{a0}\u{a0}\u{a0}order = event['order_id']",
            10 + rng.below(90)
        ),
        2 => format!(
            "{ts}\t{id}\tERROR\tInvoke Error \t{{\"errorType\":\"ThrottlingException\",\"errorMessage\":\"Rate exceeded for account {}\",\"stack\":[\"ThrottlingException: Rate exceeded\",\"    at de_ThrottlingExceptionRes (/var/runtime/node_modules/@aws-sdk/client-dynamodb/dist-cjs/index.js:2021:21)\"]}}",
            rng.below(1_000_000_000_000)
        ),
        3 => format!("{ts}\t{id}\tERROR\tpayment {} failed: connect ECONNREFUSED 10.0.{}.{}:5432", rng.below(100_000), rng.below(255), rng.below(255)),
        4 => format!("[ERROR]\t{ts}\t{id}\tFailed to process record {}: checksum mismatch for user {}@example.com", rng.below(1_000_000), rng.below(1000)),
        _ => format!(
            "{ts}\t{id}\tERROR\tInvoke Error \t{{\"errorType\":\"TypeError\",\"errorMessage\":\"Cannot read properties of undefined (reading 'items')\",\"stack\":[\"TypeError: Cannot read properties of undefined (reading 'items')\",\"    at Runtime.handler (file:///var/task/index.mjs:{}:17)\"]}}",
            rng.below(200)
        ),
    }
}

/// `payloads` subscription events of about `events_per_payload` events, with about
/// `failure_percent`% of invocations failing.
pub fn subscription_payloads(
    payloads: usize,
    events_per_payload: usize,
    failure_percent: u64,
) -> (Vec<String>, usize) {
    let mut rng = Rng::new(0x5eed);
    let mut out = Vec::with_capacity(payloads);
    let mut total = 0;
    let mut clock: i64 = 1_717_000_000_000;
    for p in 0..payloads {
        let mut events = Vec::with_capacity(events_per_payload + 8);
        while events.len() < events_per_payload {
            let id = request_id(&mut rng);
            clock += 1 + rng.below(500) as i64;
            let ts = triage_core::time::format_rfc3339_ms(clock);
            let mut push = |message: String| {
                events.push(SubscriptionLogEvent {
                    id: (events.len() as u64).to_string(),
                    timestamp: clock,
                    message,
                });
            };
            push(format!("START RequestId: {id} Version: $LATEST\n"));
            push(format!(
                "{ts}\t{id}\tINFO\tprocessing batch of {} records errors=0\n",
                rng.below(100)
            ));
            push(format!(
                "{ts}\t{id}\tINFO\tfetched customer {} in {} ms\n",
                rng.below(1_000_000),
                rng.below(300)
            ));
            if rng.below(100) < failure_percent {
                push(failure_line(&mut rng, &ts, &id));
            }
            push(format!("END RequestId: {id}\n"));
            push(format!(
                "REPORT RequestId: {id}\tDuration: {}.{:02} ms\tBilled Duration: {} ms\tMemory Size: 512 MB\tMax Memory Used: {} MB\t\n",
                rng.below(6000),
                rng.below(100),
                rng.below(6000),
                60 + rng.below(200)
            ));
        }
        total += events.len();
        let document = LogsDocument {
            message_type: "DATA_MESSAGE".into(),
            owner: "123456789012".into(),
            log_group: format!("/aws/lambda/service-{}", p % 4),
            log_stream: "2024/05/29/[$LATEST]0f1e2d3c4b5a69788796a5b4c3d2e1f0".into(),
            subscription_filters: vec!["logtriage".into()],
            log_events: events,
        };
        out.push(encode_lambda_event(&document));
    }
    (out, total)
}
