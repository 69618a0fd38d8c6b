//! Incident identity across batches, end to end: a generated failure stream (16 root causes in
//! one function, each spread over 12 subscription batches, fresh digit-free values in every
//! batch) goes through the processor's own code (payload decoding, aggregation, queue messages)
//! and then into the incident store on the local AWS emulator (moto: real DynamoDB wire
//! protocol), batch by batch, as the incident-writer would write it.
//!
//! The result must be one incident per root cause, and no incident may hold two causes.

use crate::handler::{process, Outcome};
use crate::moto::Moto;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Mutex;
use triage_aws::config::ProcessorConfig;
use triage_aws::queue::{IncidentMessage, MessageSink, OutgoingMessage, QueueError, SendReport};
use triage_aws::store::{create_table, IncidentStore, ListFilter};
use triage_core::decode::{base64_encode, gzip};

const FUNCTION: &str = "/aws/lambda/checkout";
const BATCHES: usize = 12;

/// Test double for the SQS sender (not SQS): keeps the messages so the test can hand them to the
/// store as the writer would.
#[derive(Default)]
struct CollectingSink(Mutex<Vec<OutgoingMessage>>);

impl MessageSink for CollectingSink {
    async fn send_messages(&self, messages: &[OutgoingMessage]) -> Result<SendReport, QueueError> {
        self.0.lock().unwrap().extend_from_slice(messages);
        Ok(SendReport {
            sent: messages.len(),
            rejected: Vec::new(),
        })
    }
}

/// A small deterministic PRNG (xorshift64*), so every run sees the same "fresh" values.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// A pronounceable lower-case name without digits (`kamori`, `teluvas`).
    fn name(&mut self) -> String {
        const C: &[u8] = b"bcdfghjklmnprstvz";
        const V: &[u8] = b"aeiou";
        let syllables = 2 + self.below(2);
        (0..syllables)
            .flat_map(|_| {
                [
                    C[self.below(C.len() as u64) as usize] as char,
                    V[self.below(V.len() as u64) as usize] as char,
                ]
            })
            .collect()
    }

    /// A random token of letters only (`xkqzbwtmpa`).
    fn letters(&mut self, len: usize) -> String {
        (0..len)
            .map(|_| (b'a' + self.below(26) as u8) as char)
            .collect()
    }

    fn pick<'a>(&mut self, options: &[&'a str]) -> &'a str {
        options[self.below(options.len() as u64) as usize]
    }

    fn uuid(&mut self) -> String {
        let a = self.next();
        let b = self.next();
        format!(
            "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xffff,
            a & 0xfff,
            b >> 52,
            b & 0xffff_ffff_ffff
        )
    }
}

/// The root causes: each line carries fresh variable values (names, keys, paths, quoted values,
/// letter tokens, e-mails, dates with day and month names) and a marker phrase only the test
/// reads, to tell which cause an incident holds. Pairs that differ only in an IAM action, an
/// error code or an exception type are different causes.
fn cause_line(cause: usize, rng: &mut Rng) -> String {
    let ts = "2026-03-03T10:00:00.000Z";
    let rid = rng.uuid();
    let py = |msg: String| format!("[ERROR]\t{ts}\t{rid}\t{msg}");
    let node = |msg: String| format!("{ts}\t{rid}\tERROR\t{msg}");
    match cause {
        0 => py(format!(
            "User '{}' is not allowed to export the quarterly report",
            rng.name()
        )),
        1 => node(format!(
            "NoSuchKey: The specified key does not exist. Key: invoices/{}/{}.csv",
            rng.name(),
            rng.name()
        )),
        2 => py(format!(
            "botocore.exceptions.ClientError: An error occurred (AccessDeniedException) when calling the PutItem operation: User: arn:aws:sts::123456789012:assumed-role/{}/{} is not authorized to perform: dynamodb:PutItem on resource: arn:aws:dynamodb:us-east-1:123456789012:table/{}",
            rng.name(),
            rng.name(),
            rng.name()
        )),
        3 => py(format!(
            "botocore.exceptions.ClientError: An error occurred (AccessDeniedException) when calling the GetObject operation: User: arn:aws:sts::123456789012:assumed-role/{}/{} is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::{}/{}",
            rng.name(),
            rng.name(),
            rng.name(),
            rng.name()
        )),
        4 => node(format!(
            "Invalid value for field currency: \"{}\" is not a supported currency",
            rng.letters(3).to_uppercase()
        )),
        5 => py(format!(
            "Failed to deliver receipt to {}@{}.com: mailbox unavailable",
            rng.name(),
            rng.name()
        )),
        6 => node(format!(
            "Session req_{} expired before checkout completed",
            rng.letters(10)
        )),
        7 => py(format!(
            "botocore.errorfactory.ThrottlingException: An error occurred (ThrottlingException) when calling the PublishBatch operation (reached max retries: 4): Rate exceeded for tenant {}",
            rng.name()
        )),
        8 => node(format!(
            "Error: getaddrinfo ENOTFOUND {}.cluster-ro.us-east-1.rds.amazonaws.com",
            rng.name()
        )),
        9 => node(format!(
            "Error: connect ETIMEDOUT while calling the {} pricing service",
            rng.name()
        )),
        10 => format!(
            "[ERROR] KeyError: '{key}'\rTraceback (most recent call last):\r\u{a0}\u{a0}File \"/var/task/app.py\", line 42, in handler\r\u{a0}\u{a0}\u{a0}\u{a0}sku = event['{key}']\rKeyError: '{key}'",
            key = rng.name()
        ),
        11 => format!(
            "{ts}\t{rid}\tERROR\tInvoke Error \t{{\"errorType\":\"OrderNotFoundError\",\"errorMessage\":\"order {} not found for tenant {}\",\"stack\":[\"OrderNotFoundError: order not found\",\"    at loadOrder (/var/task/orders.js:31:11)\",\"    at Runtime.handler (/var/task/index.js:12:5)\"]}}",
            rng.letters(8),
            rng.name()
        ),
        12 => py(format!(
            "Unparseable delivery date: \"{}, {} {}\" for order {}",
            rng.pick(&["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]),
            rng.pick(&["March", "April", "May", "June", "July", "August"]),
            1 + rng.below(28),
            rng.letters(6)
        )),
        13 => node(format!(
            "ConditionalCheckFailedException: The conditional request failed while reserving stock for sku {}",
            rng.letters(7)
        )),
        14 => py(format!(
            "Webhook signature mismatch for partner {} on path /hooks/{}/{}",
            rng.name(),
            rng.name(),
            rng.name()
        )),
        15 => node(format!(
            "TypeError: Cannot read properties of undefined (reading '{}')\n    at applyCoupon (/var/task/coupons.js:18:22)\n    at Runtime.handler (/var/task/index.js:9:3)",
            rng.name()
        )),
        _ => unreachable!(),
    }
}

const CAUSES: usize = 16;

/// Which cause a redacted sample came from: each cause's line has text no other has.
fn cause_of(sample: &str) -> Option<usize> {
    const MARKERS: [&str; CAUSES] = [
        "export the quarterly report",
        "The specified key does not exist",
        "dynamodb:PutItem",
        "s3:GetObject",
        "is not a supported currency",
        "mailbox unavailable",
        "expired before checkout",
        "PublishBatch",
        "ENOTFOUND",
        "ETIMEDOUT",
        "KeyError",
        "OrderNotFoundError",
        "Unparseable delivery date",
        "reserving stock",
        "Webhook signature mismatch",
        "reading '",
    ];
    let hits: Vec<usize> = (0..CAUSES)
        .filter(|&c| sample.contains(MARKERS[c]))
        .collect();
    match hits.as_slice() {
        [one] => Some(*one),
        _ => None,
    }
}

/// The processor's configuration as deployed by default (queue: collected in memory).
fn config() -> ProcessorConfig {
    ProcessorConfig {
        incident_queue_url: "collected-in-memory".into(),
        max_decompressed_bytes: triage_core::decode::DEFAULT_MAX_DECOMPRESSED_BYTES,
        service: "log-processor".into(),
        metrics_namespace: "logtriage".into(),
        failure_metrics: false,
        max_incidents_per_function: 20,
    }
}

fn subscription_event(batch: usize, lines: &[String]) -> serde_json::Value {
    let events: Vec<serde_json::Value> = lines
        .iter()
        .enumerate()
        .map(|(i, m)| {
            serde_json::json!({"id": format!("{batch:04}{i:04}"), "timestamp": 1_772_532_000_000i64 + (batch * 60_000 + i) as i64, "message": m})
        })
        .collect();
    let document = serde_json::json!({"messageType": "DATA_MESSAGE", "owner": "123456789012", "logGroup": FUNCTION,
        "logStream": format!("2026/03/03/[$LATEST]{batch:032x}"), "subscriptionFilters": ["logtriage"], "logEvents": events});
    serde_json::json!({"awslogs": {"data": base64_encode(&gzip(document.to_string().as_bytes()))}})
}

#[tokio::test]
async fn sixteen_root_causes_over_twelve_batches_are_sixteen_incidents() {
    let moto = Moto::start();
    let client = moto.dynamodb().await;
    create_table(&client, "incidents").await.expect("table");
    let store = IncidentStore::new(client, "incidents");
    let config = config();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    // Incident fingerprint (as stored) → causes seen in it; cause → incidents it went to.
    let mut causes_of_incident: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    let mut incidents_of_cause: BTreeMap<usize, BTreeSet<String>> = BTreeMap::new();
    for batch in 0..BATCHES {
        let mut lines = vec![format!("START RequestId: {} Version: $LATEST", rng.uuid())];
        for cause in 0..CAUSES {
            lines.push(cause_line(cause, &mut rng));
            lines.push(format!(
                "[INFO]\t2026-03-03T10:00:00.000Z\t{}\tprocessed basket for {}",
                rng.uuid(),
                rng.name()
            ));
        }
        let sink = CollectingSink::default();
        let outcome: Outcome = process(&subscription_event(batch, &lines), &config, &sink)
            .await
            .expect("processed");
        assert!(outcome.malformed.is_empty(), "{outcome:?}");
        let messages = sink.0.into_inner().unwrap();
        for message in messages {
            let message: IncidentMessage = serde_json::from_str(&message.body).expect("message");
            let aggregate = &message.aggregate;
            let causes: BTreeSet<usize> = aggregate
                .samples
                .iter()
                .map(|s| cause_of(s).unwrap_or_else(|| panic!("sample of no single cause: {s}")))
                .collect();
            assert_eq!(
                aggregate.count as usize,
                causes.len().max(1),
                "one occurrence per cause per batch, so an aggregate counting more mixes causes: {aggregate:#?}"
            );
            let outcome = store
                .record_occurrences(&message.message_id, aggregate)
                .await
                .expect("recorded");
            let record = outcome.record().expect("a new message is recorded");
            for &cause in &causes {
                incidents_of_cause
                    .entry(cause)
                    .or_default()
                    .insert(record.fingerprint.clone());
            }
            causes_of_incident
                .entry(record.fingerprint.clone())
                .or_default()
                .extend(causes);
        }
    }
    let stored = store
        .list(&ListFilter::function(FUNCTION))
        .await
        .expect("list");
    let templates: Vec<String> = stored
        .iter()
        .map(|r| {
            format!(
                "{} {} x{}: {}",
                r.fingerprint, r.class, r.occurrences, r.template
            )
        })
        .collect();
    let split: Vec<_> = incidents_of_cause
        .iter()
        .filter(|(_, incidents)| incidents.len() > 1)
        .collect();
    let mixed: Vec<_> = causes_of_incident
        .iter()
        .filter(|(_, causes)| causes.len() > 1)
        .collect();
    assert!(
        split.is_empty(),
        "causes split over several incidents: {split:?}\n{templates:#?}"
    );
    assert!(
        mixed.is_empty(),
        "incidents holding two causes: {mixed:?}\n{templates:#?}"
    );
    assert_eq!(incidents_of_cause.len(), CAUSES, "every cause was seen");
    assert_eq!(stored.len(), CAUSES, "{templates:#?}");
    for record in &stored {
        assert_eq!(
            record.occurrences, BATCHES as u64,
            "every occurrence counted: {record:#?}"
        );
    }
}

/// Secrets planted in failure lines (one of each kind `redact` handles, in the places a Lambda
/// log carries them) must not reach any output: the queue message, the DynamoDB item, the email,
/// the digest, the model prompt and the `analyze` JSON. Any 12-character run of a secret counts
/// as a leak.
#[tokio::test]
async fn no_planted_secret_reaches_any_output() {
    let secrets = [
        ("email", "dana.kowalski@northwind-example.org"),
        ("ipv4", "172.31.44.201"),
        ("aws access key id", "AKIAQWERTYUIOPASDFGH"),
        (
            "aws secret key",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY",
        ),
        (
            "jwt",
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyLTQyIn0.c2lnbmF0dXJlLXNlY3JldA",
        ),
        ("bearer", "Zm9vYmFyYmF6cXV4cXV1eGNvcmdl"),
        ("password", "Tr0ub4dor&3horsebattery"),
        ("card", "4111111111111111"),
        ("phone", "+44 20 7946 0958"),
        ("github", "ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789"),
        (
            "slack",
            "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx",
        ),
        ("url password", "s3cr3tPassw0rdInUrl"),
    ];
    let [email, ip, akid, secret_key, jwt, bearer, password, card, phone, github, slack, url_pw] =
        secrets.map(|(_, s)| s);
    let lines = [
        format!("[ERROR]\t2026-03-03T10:00:00.000Z\t0f3a4c1e-1111-4222-8333-944445555666\tlogin failed for {email} from {ip} with password={password}"),
        format!("2026-03-03T10:00:00.000Z\t0f3a4c1e-1111-4222-8333-944445555666\tERROR\tAccessDeniedException: key {akid} secret_key={secret_key} rejected"),
        format!("[ERROR]\t2026-03-03T10:00:00.000Z\t0f3a4c1e-1111-4222-8333-944445555666\tupstream 401 for Authorization: Bearer {bearer} token {jwt}"),
        format!("[ERROR]\t2026-03-03T10:00:00.000Z\t0f3a4c1e-1111-4222-8333-944445555666\tcharge declined card {card} phone {phone}"),
        format!("{{\"timestamp\":\"2026-03-03T10:00:00Z\",\"level\":\"ERROR\",\"requestId\":\"0f3a4c1e-1111-4222-8333-944445555666\",\"message\":\"git push failed with {github} and slack {slack}\",\"errorType\":\"Error\"}}"),
        format!("2026-03-03T10:00:00.000Z\t0f3a4c1e-1111-4222-8333-944445555666\tERROR\tError: connect ECONNREFUSED postgres://app:{url_pw}@db.internal:5432/orders"),
    ];
    let moto = Moto::start();
    let client = moto.dynamodb().await;
    create_table(&client, "incidents").await.expect("table");
    let store = IncidentStore::new(client.clone(), "incidents");
    let config = config();
    let sink = CollectingSink::default();
    process(&subscription_event(0, &lines), &config, &sink)
        .await
        .expect("processed");
    let mut outputs: Vec<(String, String)> = Vec::new();
    let mut records = Vec::new();
    for message in sink.0.into_inner().unwrap() {
        outputs.push(("SQS message".into(), message.body.clone()));
        let message: IncidentMessage = serde_json::from_str(&message.body).expect("message");
        let outcome = store
            .record_occurrences(&message.message_id, &message.aggregate)
            .await
            .expect("recorded");
        records.push(outcome.record().expect("new").clone());
    }
    assert!(
        records.len() >= 4,
        "the failures became incidents: {records:#?}"
    );
    let items = client
        .scan()
        .table_name("incidents")
        .send()
        .await
        .expect("scan");
    for item in items.items() {
        outputs.push(("DynamoDB item".into(), format!("{item:?}")));
    }
    for record in &records {
        let summary = triage_core::summary::summarize_offline(&record.to_aggregate());
        let email = triage_core::email::incident_email(record, &summary);
        outputs.push(("email".into(), format!("{}\n{}", email.subject, email.body)));
        let prompt = triage_core::prompt::build_prompt(record, Default::default());
        outputs.push(("prompt".into(), format!("{prompt:?}")));
        // The same lines as the failing invocation's log the summarizer reads from CloudWatch
        // Logs (the read itself is tested on moto in llm-summarizer): into the email and prompt.
        let fetched: Vec<triage_core::logs_query::FetchedEvent> = lines
            .iter()
            .enumerate()
            .map(|(i, line)| triage_core::logs_query::FetchedEvent {
                log_stream: "2026/03/03/[$LATEST]planted".into(),
                timestamp_ms: i as i64,
                message: line.clone(),
            })
            .collect();
        let context = triage_core::logs_query::context_lines(&fetched, &Default::default());
        let found = triage_core::logs_query::InvocationContext::Found {
            request_id: "0f3a4c1e-1111-4222-8333-944445555666".into(),
            log_stream: "2026/03/03/[$LATEST]planted".into(),
            lines: context.clone(),
        };
        let email = triage_core::email::incident_email_with_context(record, &summary, Some(&found));
        outputs.push(("email with invocation log".into(), email.body));
        let prompt =
            triage_core::prompt::build_prompt_with_context(record, &context, Default::default());
        outputs.push(("prompt with invocation log".into(), format!("{prompt:?}")));
    }
    let refs: Vec<&triage_core::incident::IncidentRecord> = records.iter().collect();
    let digest = triage_core::digest::digest_email(FUNCTION, &refs, 10, 3600);
    outputs.push((
        "digest".into(),
        format!("{}\n{}", digest.subject, digest.body),
    ));
    let (report, _) = triage_core::analysis::analyze_text(&lines.join("\n"));
    outputs.push((
        "analyze --format json".into(),
        serde_json::to_string(&report).expect("json"),
    ));
    let mut leaks = Vec::new();
    for (kind, secret) in secrets {
        let chars: Vec<char> = secret.chars().collect();
        for (output, text) in &outputs {
            for window in chars.windows(12.min(chars.len())) {
                let run: String = window.iter().collect();
                if text.contains(&run) {
                    leaks.push(format!("{kind} ({run}) in {output}"));
                    break;
                }
            }
        }
    }
    assert!(leaks.is_empty(), "{leaks:#?}");
}
