//! DynamoDB stream records of the incidents table, as Lambda delivers them to the summarizer
//! (the `NEW_AND_OLD_IMAGES` shape, with only the attributes the summarizer reads).

use serde_json::{json, Value};

/// An `INSERT` of the incident `fingerprint` whose new image has `summary_status`.
pub fn incident_record(fingerprint: &str, sequence: &str, summary_status: &str) -> Value {
    json!({"eventID": sequence, "eventName": "INSERT", "eventSource": "aws:dynamodb", "awsRegion": "us-east-1",
           "dynamodb": {"Keys": {"fingerprint": {"S": fingerprint}},
                        "NewImage": {"fingerprint": {"S": fingerprint}, "summary_status": {"S": summary_status}},
                        "SequenceNumber": sequence, "StreamViewType": "NEW_AND_OLD_IMAGES"}})
}
