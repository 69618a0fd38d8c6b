//! The SQS sender against moto_server (real SQS wire protocol, no mocks): a message SQS refuses
//! for good is reported by id, and every other message of the same send still arrives.

use test_kit::moto;

use moto::Moto;
use triage_aws::queue::{MessageSink, OutgoingMessage, SqsSender};

async fn sqs(moto: &Moto) -> aws_sdk_sqs::Client {
    aws_sdk_sqs::Client::new(&moto.sdk_config().await)
}

async fn drain(client: &aws_sdk_sqs::Client, url: &str) -> Vec<String> {
    let mut bodies = Vec::new();
    loop {
        let out = client
            .receive_message()
            .queue_url(url)
            .max_number_of_messages(10)
            .send()
            .await
            .expect("receive");
        let messages = out.messages();
        if messages.is_empty() {
            return bodies;
        }
        for m in messages {
            bodies.push(m.body().unwrap_or_default().to_string());
            client
                .delete_message()
                .queue_url(url)
                .receipt_handle(m.receipt_handle().unwrap_or_default())
                .send()
                .await
                .expect("delete");
        }
    }
}

#[tokio::test]
async fn one_oversized_message_is_rejected_and_the_rest_are_sent() {
    let moto = Moto::start();
    let client = sqs(&moto).await;
    let url = client
        .create_queue()
        .queue_name("incidents")
        // The smallest limit SQS allows, so a refusal needs no 256 KiB body (moto enforces the
        // queue's limit, as SQS does).
        .attributes(
            aws_sdk_sqs::types::QueueAttributeName::MaximumMessageSize,
            "1024",
        )
        .send()
        .await
        .expect("queue")
        .queue_url()
        .unwrap_or_default()
        .to_string();
    let mut messages: Vec<OutgoingMessage> = (0..24)
        .map(|i| OutgoingMessage {
            message_id: format!("m-{i}"),
            body: format!("{{\"n\":{i}}}"),
        })
        .collect();
    // In the middle, so the batches after it must still go out.
    messages.insert(
        7,
        OutgoingMessage {
            message_id: "too-big".into(),
            body: "x".repeat(2 * 1024),
        },
    );
    let sender = SqsSender::new(client.clone(), url.clone());
    let report = sender
        .send_messages(&messages)
        .await
        .expect("a permanent refusal is not an error of the send");
    assert_eq!(report.sent, 24, "{report:?}");
    assert_eq!(
        report
            .rejected
            .iter()
            .map(|r| r.message_id.as_str())
            .collect::<Vec<_>>(),
        ["too-big"]
    );
    let mut bodies = drain(&client, &url).await;
    bodies.sort();
    let mut expected: Vec<String> = (0..24).map(|i| format!("{{\"n\":{i}}}")).collect();
    expected.sort();
    assert_eq!(bodies, expected);
}

#[tokio::test]
async fn a_missing_queue_fails_the_send() {
    let moto = Moto::start();
    let client = sqs(&moto).await;
    let sender = SqsSender::new(
        client,
        format!("{}/123456789012/does-not-exist", moto.endpoint()),
    );
    let err = sender
        .send_messages(&[OutgoingMessage {
            message_id: "m".into(),
            body: "{}".into(),
        }])
        .await
        .expect_err("nothing can be queued");
    // Not retryable by SQS's own word, but the invocation still fails so the payload goes to
    // the processor's on-failure destination instead of being dropped.
    assert!(!err.code().is_empty());
}
