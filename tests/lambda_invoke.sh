#!/usr/bin/env bash
# End to end, with no AWS account: the real Lambda binaries run under `cargo lambda watch` (the
# Lambda Runtime API emulator) against the local AWS emulator (moto server):
#   1. log-processor is invoked with a real subscription event and queues its incident message
#      on SQS;
#   2. the message is read back and delivered to incident-writer as an SQS event, twice (as SQS
#      may redeliver), and the DynamoDB table then holds the incident exactly once;
#   3. the table's stream record for the new incident is delivered to llm-summarizer (no Bedrock
#      here: the offline summarizer), which stores a summary and publishes exactly one email.
# Run by `make test`; needs .venv (moto, cargo-lambda).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=tests/lib.sh
source tests/lib.sh
plan lambda_invoke 7

LAMBDA_PORT=$(free_port)

start_moto
sqs() { curl -sS --fail "http://127.0.0.1:$MOTO_PORT/" -H "Content-Type: application/x-www-form-urlencoded" \
  -H "Authorization: AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/sqs/aws4_request" --data "$1"; }
QUEUE_URL=$(sqs "Action=CreateQueue&QueueName=incidents" | sed -n 's:.*<QueueUrl>\(.*\)</QueueUrl>.*:\1:p')
[ -n "$QUEUE_URL" ] || { echo "could not create the queue"; exit 1; }

ddb() { curl -sS --fail "http://127.0.0.1:$MOTO_PORT/" -H "Content-Type: application/x-amz-json-1.0" \
  -H "X-Amz-Target: DynamoDB_20120810.$1" \
  -H "Authorization: AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/dynamodb/aws4_request" --data "$2"; }
# The incidents table as deployed (key, both indexes, stream): infra/incidents-table.json, which a
# test holds equal to the template's table and to the store's create_table.
ddb CreateTable "$(cat infra/incidents-table.json)" > /dev/null

sns() { curl -sS --fail "http://127.0.0.1:$MOTO_PORT/" -H "Content-Type: application/x-www-form-urlencoded" \
  -H "Authorization: AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/sns/aws4_request" --data "$1"; }
TOPIC_ARN=$(sns "Action=CreateTopic&Name=alerts" | sed -n 's:.*<TopicArn>\(.*\)</TopicArn>.*:\1:p')
[ -n "$TOPIC_ARN" ] || { echo "could not create the topic"; exit 1; }

start_lambda_watch "${MOTO_ENV[@]}" \
  --env-var "INCIDENT_QUEUE_URL=$QUEUE_URL" --env-var INCIDENTS_TABLE=incidents --env-var "ALERT_TOPIC_ARN=$TOPIC_ARN"

# The first invocation compiles the function; give it time.
processor() {
  cargo lambda invoke log-processor -A 127.0.0.1 -P "$LAMBDA_PORT" \
    --data-file crates/log-processor/tests/fixtures/subscription-event.json > "$WORK/processor.out" 2>&1 || {
    cat "$WORK/processor.out"; tail -50 "$WORK/watch.log"; echo "invocation failed"; return 1; }
  echo "invocation result: $(cat "$WORK/processor.out")"
  python3 - "$WORK/processor.out" <<'PY'
import json, sys
outcome = json.load(open(sys.argv[1]))
assert outcome["batches"] == 1 and outcome["events"] == 4 and outcome["messages"] == 1, outcome
PY
}
check "log-processor reads the subscription event and queues one message" processor

queued() {
  local received
  received=$(sqs "Action=ReceiveMessage&QueueUrl=$(python3 -c 'import sys,urllib.parse;print(urllib.parse.quote(sys.argv[1],safe=""))' "$QUEUE_URL")&MaxNumberOfMessages=10")
  python3 - "$received" "$WORK/sqs-event.json" <<'PY'
import html, json, re, sys
messages = re.findall(r"<MessageId>(.*?)</MessageId>.*?<Body>(.*?)</Body>", sys.argv[1], re.S)
assert len(messages) == 1, f"expected one queued incident message, got {len(messages)}"
bodies = [json.loads(html.unescape(body)) for _, body in messages]
aggregate = bodies[0]["aggregate"]
assert aggregate["class"] == "bad_input" and aggregate["count"] == 1, aggregate
assert aggregate["function"] == "/aws/lambda/checkout", aggregate
# The SQS event Lambda's event source mapping would deliver.
records = [{"messageId": mid, "receiptHandle": "r", "body": html.unescape(body), "attributes": {}, "messageAttributes": {},
            "eventSource": "aws:sqs", "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:incidents", "awsRegion": "us-east-1"}
           for mid, body in messages]
json.dump({"Records": records}, open(sys.argv[2], "w"))
PY
}
check "the queued message is the bad_input incident of checkout" queued

deliver() { # delivery number
  local written
  written=$(cargo lambda invoke incident-writer -A 127.0.0.1 -P "$LAMBDA_PORT" --data-file "$WORK/sqs-event.json" 2>&1) || {
    echo "$written"; tail -50 "$WORK/watch.log"; echo "writer invocation failed"; return 1; }
  echo "writer delivery $1: $written"
  python3 -c 'import json,sys; r=json.loads(sys.argv[1]); assert r["batchItemFailures"] == [], r' "$written"
}
check "incident-writer accepts the message" deliver 1
check "incident-writer accepts it again (SQS redelivery)" deliver 2

stored_once() {
  local items
  items=$(ddb Scan '{"TableName":"incidents"}')
  python3 - "$items" "$WORK/stream-event.json" <<'PY'
import json, sys
items = json.loads(sys.argv[1])["Items"]
incidents = [i for i in items if not i["fingerprint"]["S"].startswith("dedupe#")]
assert len(incidents) == 1, incidents
incident = incidents[0]
assert incident["class"]["S"] == "bad_input" and incident["status"]["S"] == "open", incident
assert incident["occurrences"]["N"] == "1", "delivered twice, counted once"
# The stream record DynamoDB would deliver for the new incident.
fingerprint = incident["fingerprint"]["S"]
record = {"eventID": "1", "eventName": "INSERT", "eventSource": "aws:dynamodb", "awsRegion": "us-east-1",
          "dynamodb": {"Keys": {"fingerprint": {"S": fingerprint}}, "NewImage": incident,
                       "SequenceNumber": "111", "StreamViewType": "NEW_AND_OLD_IMAGES"}}
json.dump({"Records": [record]}, open(sys.argv[2], "w"))
PY
}
check "the table holds the incident once, counted once" stored_once

summarize() {
  local summarized
  summarized=$(cargo lambda invoke llm-summarizer -A 127.0.0.1 -P "$LAMBDA_PORT" --data-file "$WORK/stream-event.json" 2>&1) || {
    echo "$summarized"; tail -50 "$WORK/watch.log"; echo "summarizer invocation failed"; return 1; }
  echo "summarizer: $summarized"
  python3 -c 'import json,sys; r=json.loads(sys.argv[1]); assert r["batchItemFailures"] == [], r' "$summarized"
}
check "llm-summarizer handles the stream record" summarize

emailed_once() {
  local sent after
  sent=$(curl -sS --fail "http://127.0.0.1:$MOTO_PORT/moto-api/data.json")
  after=$(ddb Scan '{"TableName":"incidents"}')
  python3 - "$sent" "$after" <<'PY'
import json, sys
topics = json.loads(sys.argv[1])["sns"]["Topic"]
sent = [n for t in topics for n in t.get("sent_notifications", [])]
assert len(sent) == 1, f"expected exactly one email, got {len(sent)}"
assert "[logtriage] bad_input in checkout (1 occurrence)" in json.dumps(sent[0]), sent[0]
items = json.loads(sys.argv[2])["Items"]
incident = [i for i in items if not i["fingerprint"]["S"].startswith("dedupe#")][0]
assert incident["summary_status"]["S"] == "offline", incident["summary_status"]
assert "summary" in incident, "summary stored on the incident"
PY
}
check "exactly one email is sent and the offline summary is stored" emailed_once
