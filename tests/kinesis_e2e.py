"""The Kinesis path of account mode, end to end on the local AWS emulator (moto server), driven by
tests/kinesis_e2e.sh. boto3 comes with moto.

1. Every excerpt of the shared "more" set goes into a log group of its own whose subscription
   filter delivers to a Kinesis stream: the emulator's CloudWatch Logs writes each
   put_log_events call to the stream as one record, base64-gzipped as CloudWatch Logs does (the
   same record format an account-level subscription filter policy delivers; the emulator has
   no account policies, so a log-group filter stands in for it). One forged record is put
   on the stream among them: a document whose log stream name is 1.1 MB (CloudWatch Logs itself
   allows 512 characters). Its incident message would be over SQS's limit, so the processor
   sheds detail until it fits (issue 11: a message SQS would refuse for good is trimmed or
   dropped, never allowed to fail the other records); a record that fails to queue for a
   reason a retry can fix is what batchItemFailures names (unit-tested in
   crates/log-processor/src/handler.rs with a failing sink: the emulator cannot fail one
   record's send and not another's).
2. The records are read back with GetRecords and delivered to the real log-processor binary
   twice over: each record's document as a direct subscription event ({"awslogs": ...}), then
   all of them as one Kinesis event as Lambda's event source mapping builds it.
3. Checks: the Kinesis path queues the messages the direct path queued (same ids, same
   bodies: the same incidents) plus the forged record's trimmed one, with no batchItemFailures;
   the incident-writer stores the incidents, and replaying the same Kinesis batch (as Lambda
   does after a failure) leaves the table unchanged.
"""
import argparse
import base64
import gzip
import json
import pathlib
import subprocess
import sys
import time

import boto3

ACCOUNT = "123456789012"
STREAM = "logtriage-logs"
ROOT = pathlib.Path(__file__).resolve().parent.parent
EXCERPTS = ROOT.parent / "shared" / "data" / "lambda-logs" / "more-lambda-logs.jsonl"


class Clients:
    """boto3 clients of the emulator."""

    def __init__(self, endpoint):
        self.session = boto3.session.Session(region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test")
        self.endpoint = endpoint

    def client(self, name):
        return self.session.client(name, endpoint_url=self.endpoint)


def session(endpoint):
    return Clients(endpoint)


def setup(endpoint):
    s = session(endpoint)
    queue = s.client("sqs").create_queue(QueueName="incidents")["QueueUrl"]
    # The incidents table as deployed (infra/incidents-table.json, held equal to the template's).
    with open("infra/incidents-table.json") as f:
        s.client("dynamodb").create_table(**json.load(f))
    s.client("kinesis").create_stream(StreamName=STREAM, ShardCount=1)
    print(queue)


def invoke(port, function, payload):
    out = subprocess.run(["cargo", "lambda", "invoke", function, "-A", "127.0.0.1", "-P", str(port),
                          "--data-ascii", json.dumps(payload)], capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"{function} invocation failed: {out.stdout}{out.stderr}")
    return json.loads(out.stdout)


def drain(sqs, queue):
    """Every message on the queue, deleted as read: {message id in the body: body}."""
    out = {}
    while True:
        messages = sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10).get("Messages", [])
        if not messages:
            return out
        for m in messages:
            body = json.loads(m["Body"])
            assert body["message_id"] not in out, f"queued twice in one delivery: {body['message_id']}"
            out[body["message_id"]] = body
            sqs.delete_message(QueueUrl=queue, ReceiptHandle=m["ReceiptHandle"])


def deliver_to_writer(port, messages):
    bodies = [json.dumps(b) for b in messages.values()]
    for start in range(0, len(bodies), 10):
        batch = {"Records": [{"messageId": f"m{start + i}", "receiptHandle": "r", "body": body, "attributes": {},
                              "messageAttributes": {}, "eventSource": "aws:sqs", "awsRegion": "us-east-1",
                              "eventSourceARN": f"arn:aws:sqs:us-east-1:{ACCOUNT}:incidents"}
                             for i, body in enumerate(bodies[start:start + 10])]}
        result = invoke(port, "incident-writer", batch)
        assert result["batchItemFailures"] == [], result


def incidents(ddb):
    items, key = [], None
    while True:
        page = ddb.scan(TableName="incidents", **({"ExclusiveStartKey": key} if key else {}))
        items += page["Items"]
        key = page.get("LastEvaluatedKey")
        if not key:
            break
    return {i["fingerprint"]["S"]: (i["class"]["S"], i["function"]["S"], i["occurrences"]["N"])
            for i in items if not i["fingerprint"]["S"].startswith("dedupe#")}


def run(endpoint, port, queue):
    s = session(endpoint)
    logs, kinesis, sqs, ddb = s.client("logs"), s.client("kinesis"), s.client("sqs"), s.client("dynamodb")
    excerpts = [json.loads(line) for line in EXCERPTS.read_text().splitlines() if line.strip()]
    stream_arn = f"arn:aws:kinesis:us-east-1:{ACCOUNT}:stream/{STREAM}"
    poison_at = len(excerpts) // 2
    # CloudWatch Logs (and the emulator) accept events from the last 14 days only.
    start_ms = int(time.time() * 1000) - 3_600_000
    for n, excerpt in enumerate(excerpts):
        if n == poison_at:
            document = {"messageType": "DATA_MESSAGE", "owner": ACCOUNT, "logGroup": "/aws/lambda/poisoned",
                        "logStream": "x" * 1_100_000, "subscriptionFilters": ["logtriage"],
                        "logEvents": [{"id": "1", "timestamp": 1_700_000_000_000,
                                       "message": "2024-01-01T00:00:00.000Z\tabc\tERROR\tpayment failed: connect ECONNREFUSED 10.0.0.1:5432"}]}
            kinesis.put_record(StreamName=STREAM, PartitionKey="poison", Data=gzip.compress(json.dumps(document).encode()))
        group = f"/aws/lambda/e2e-{excerpt['id']}"
        logs.create_log_group(logGroupName=group)
        logs.create_log_stream(logGroupName=group, logStreamName="2024/05/29/[$LATEST]e2e")
        logs.put_subscription_filter(logGroupName=group, filterName="logtriage", filterPattern="",
                                     destinationArn=stream_arn, roleArn=f"arn:aws:iam::{ACCOUNT}:role/cwl-to-kinesis")
        lines = [line for line in excerpt["text"].splitlines() if line.strip()]
        logs.put_log_events(logGroupName=group, logStreamName="2024/05/29/[$LATEST]e2e",
                            logEvents=[{"timestamp": start_ms + n * 1000 + i, "message": line}
                                       for i, line in enumerate(lines)])

    shard = kinesis.describe_stream(StreamName=STREAM)["StreamDescription"]["Shards"][0]["ShardId"]
    iterator = kinesis.get_shard_iterator(StreamName=STREAM, ShardId=shard, ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    records = []
    while iterator:
        page = kinesis.get_records(ShardIterator=iterator, Limit=1000)
        records += page["Records"]
        iterator = page.get("NextShardIterator") if page["Records"] else None
    assert len(records) == len(excerpts) + 1, f"{len(records)} records for {len(excerpts)} excerpts and the poison"
    poison = [r for r in records if r["PartitionKey"] == "poison"]
    assert len(poison) == 1

    # The direct path: each record's document as CloudWatch Logs would invoke the processor.
    direct_outcomes = [invoke(port, "log-processor", {"awslogs": {"data": base64.b64encode(r["Data"]).decode()}})
                       for r in records if r["PartitionKey"] != "poison"]
    direct = drain(sqs, queue)
    assert len(direct) >= 60, f"only {len(direct)} incident messages from {len(excerpts)} excerpts"

    # The Kinesis path: the event Lambda's mapping builds from the same records.
    event = {"Records": [{"kinesis": {"kinesisSchemaVersion": "1.0", "partitionKey": r["PartitionKey"],
                                      "sequenceNumber": r["SequenceNumber"], "data": base64.b64encode(r["Data"]).decode(),
                                      "approximateArrivalTimestamp": r["ApproximateArrivalTimestamp"].timestamp()},
                          "eventSource": "aws:kinesis", "eventVersion": "1.0", "eventID": f"{shard}:{r['SequenceNumber']}",
                          "eventName": "aws:kinesis:record", "eventSourceARN": stream_arn, "awsRegion": "us-east-1",
                          "invokeIdentityArn": f"arn:aws:iam::{ACCOUNT}:role/logtriage-log-processor"}
                         for r in records]}
    outcome = invoke(port, "log-processor", event)
    assert not outcome.get("batchItemFailures"), outcome
    through_kinesis = drain(sqs, queue)
    # The forged record's message was trimmed under SQS's limit and queued with the rest.
    forged = {m: b for m, b in through_kinesis.items() if b["source"]["log_group"] == "/aws/lambda/poisoned"}
    assert len(forged) == 1, f"{len(forged)} messages of the forged record"
    (forged_body,) = forged.values()
    assert len(json.dumps(forged_body).encode()) <= 256 * 1024, len(json.dumps(forged_body).encode())
    assert len(forged_body["source"]["log_stream"]) <= 512
    assert forged_body["aggregate"]["count"] == 1, "its occurrence is still counted"
    for m in forged:
        del through_kinesis[m]
    assert through_kinesis == direct, (
        f"Kinesis path: {len(through_kinesis)} messages, direct path: {len(direct)}; "
        f"only direct: {sorted(set(direct) - set(through_kinesis))[:5]}, "
        f"only Kinesis: {sorted(set(through_kinesis) - set(direct))[:5]}")
    assert outcome["messages"] == len(direct) + 1 == sum(o["messages"] for o in direct_outcomes) + 1, outcome
    assert outcome["events"] == sum(o["events"] for o in direct_outcomes) + 1, "every event read, the poison's too"

    deliver_to_writer(port, {**through_kinesis, **forged})
    stored = incidents(ddb)
    assert len(stored) >= 40, f"only {len(stored)} incidents"

    # The replay: Lambda redelivers the batch from the poisoned record on (here the whole batch).
    replayed = invoke(port, "log-processor", event)
    assert not replayed.get("batchItemFailures"), replayed
    again = drain(sqs, queue)
    assert again == {**through_kinesis, **forged}, "a replay queues the same messages, with the same ids"
    deliver_to_writer(port, again)
    assert incidents(ddb) == stored, "the replay changed the incidents"
    classes = sorted({c for c, _, _ in stored.values()})
    print(f"kinesis_e2e: {len(records)} records ({len(excerpts)} excerpts + 1 poisoned), "
          f"{len(direct)} incident messages on both paths, {len(stored)} incidents ({', '.join(classes)}); "
          f"the forged record's message trimmed and queued, no batchItemFailures; replay: table unchanged")


def main():
    args = argparse.ArgumentParser()
    args.add_argument("step", choices=["setup", "run"])
    args.add_argument("--endpoint", required=True)
    args.add_argument("--lambda-port", type=int)
    args.add_argument("--queue")
    a = args.parse_args()
    if a.step == "setup":
        setup(a.endpoint)
    else:
        run(a.endpoint, a.lambda_port, a.queue)


if __name__ == "__main__":
    main()
