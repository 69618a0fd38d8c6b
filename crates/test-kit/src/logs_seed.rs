//! Writing log events into the emulator's CloudWatch Logs (moto: CreateLogGroup,
//! CreateLogStream, PutLogEvents), for tests of the code that reads them back.

use aws_sdk_cloudwatchlogs::types::InputLogEvent;
use triage_core::aggregate::{aggregate, IncidentAggregate};
use triage_core::model::LogEvent;

pub async fn logs_client(endpoint: &str) -> aws_sdk_cloudwatchlogs::Client {
    aws_sdk_cloudwatchlogs::Client::new(&crate::moto::emulator_config(endpoint).await)
}

/// Put `events` (timestamp ms, message) into `group`/`stream`, creating both as needed.
pub async fn put_events(
    client: &aws_sdk_cloudwatchlogs::Client,
    group: &str,
    stream: &str,
    events: &[(i64, String)],
) {
    // Already existing is fine: several streams share one group.
    let _ = client.create_log_group().log_group_name(group).send().await;
    let _ = client
        .create_log_stream()
        .log_group_name(group)
        .log_stream_name(stream)
        .send()
        .await;
    let mut sorted = events.to_vec();
    sorted.sort_by_key(|(ts, _)| *ts);
    for chunk in sorted.chunks(500) {
        let batch: Vec<InputLogEvent> = chunk
            .iter()
            .map(|(ts, message)| {
                InputLogEvent::builder()
                    .timestamp(*ts)
                    .message(message)
                    .build()
                    .expect("timestamp and message set")
            })
            .collect();
        client
            .put_log_events()
            .log_group_name(group)
            .log_stream_name(stream)
            .set_log_events(Some(batch))
            .send()
            .await
            .expect("PutLogEvents");
    }
}

/// The incident that `events` (as [`put_events`] takes them) of `group` make for the
/// invocation `request_id`, aggregated as the processor does: what a test stores to find the
/// seeded log again.
pub fn incident_of(group: &str, events: &[(i64, String)], request_id: &str) -> IncidentAggregate {
    let events: Vec<LogEvent> = events
        .iter()
        .map(|(ts, m)| LogEvent::new(Some(*ts), m.clone()))
        .collect();
    let (_, incidents) = aggregate(events.iter().map(|e| (group, e)));
    incidents
        .into_iter()
        .find(|i| i.request_ids.iter().any(|r| r == request_id))
        .unwrap_or_else(|| panic!("no incident of request {request_id} in the seeded lines"))
}
