"""Drives the local demo (see scripts/demo.sh). Uses boto3 (installed with moto) against the
local AWS emulator, and `cargo lambda invoke` against the Lambda runtime emulator."""
import argparse
import base64
import json
import os
import re
import subprocess
import time
import urllib.request

import boto3

ACCOUNT = "123456789012"
LOG_GROUP = "/aws/lambda/logtriage-demo-emitter"
SCENARIOS = [
    {"scenario": "healthy"},
    {"scenario": "error-burst", "kind": "dependency", "count": 40},
    {"scenario": "error-burst", "kind": "permission", "count": 5},
    {"scenario": "throttling"},
    {"scenario": "timeout"},
    {"scenario": "oom"},
    {"scenario": "pii"},
]
ANSI = re.compile(r"\x1b\[[0-9;]*m")
RUNTIME_NOISE = re.compile(r"^\s*(INFO|WARN|ERROR|DEBUG|TRACE) (?!Lambda runtime invoke)|^\s+(Finished|Running|Compiling|Blocking|Checking) ")


def invoke(port, function, payload):
    out = subprocess.run(["cargo", "lambda", "invoke", function, "-A", "127.0.0.1", "-P", str(port), "--data-ascii", json.dumps(payload)],
                         capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"{function} failed: {out.stdout}{out.stderr}")
    return json.loads(out.stdout)


def function_lines(text):
    """The emitter's own output lines, as CloudWatch Logs would store them."""
    events = []
    for raw in text.splitlines():
        line = ANSI.sub("", raw).rstrip()
        if not line.strip() or RUNTIME_NOISE.search(line):
            continue
        if re.fullmatch(r"Runtime\.\w+", line.strip()) and events:
            events[-1] += "\n" + line.strip()  # Lambda writes the error type inside the exit event
        else:
            events.append(line.strip())
    return events


def setup(session):
    sqs, sns, ddb = session.client("sqs"), session.client("sns"), session.client("dynamodb")
    dlq = sqs.create_queue(QueueName="logtriage-incidents-dlq")["QueueUrl"]
    dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    queue = sqs.create_queue(QueueName="logtriage-incidents", Attributes={
        "RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": "5"})})["QueueUrl"]
    topic = sns.create_topic(Name="logtriage-alerts")["TopicArn"]
    sns.subscribe(TopicArn=topic, Protocol="email", Endpoint="oncall@example.com")
    # The incidents table as deployed (infra/incidents-table.json, held equal to the template's).
    with open(os.path.join(os.path.dirname(__file__), "..", "infra", "incidents-table.json")) as f:
        ddb.create_table(**json.load(f))
    kinesis, logs = session.client("kinesis"), session.client("logs")
    kinesis.create_stream(StreamName="logtriage-logs", ShardCount=1)
    logs.create_log_group(logGroupName=LOG_GROUP)
    logs.create_log_stream(logGroupName=LOG_GROUP, logStreamName="2024/05/29/[$LATEST]demo")
    logs.put_subscription_filter(logGroupName=LOG_GROUP, filterName="logtriage", filterPattern="",
                                 destinationArn=f"arn:aws:kinesis:us-east-1:{ACCOUNT}:stream/logtriage-logs",
                                 roleArn=f"arn:aws:iam::{ACCOUNT}:role/logtriage-cwl-to-kinesis")
    return queue, topic


def kinesis_event(session):
    kinesis = session.client("kinesis")
    shard = kinesis.describe_stream(StreamName="logtriage-logs")["StreamDescription"]["Shards"][0]["ShardId"]
    iterator = kinesis.get_shard_iterator(StreamName="logtriage-logs", ShardId=shard, ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    records = kinesis.get_records(ShardIterator=iterator, Limit=1000)["Records"]
    return {"Records": [{"kinesis": {"kinesisSchemaVersion": "1.0", "partitionKey": r["PartitionKey"], "sequenceNumber": r["SequenceNumber"],
                                     "data": base64.b64encode(r["Data"]).decode()},
                         "eventSource": "aws:kinesis", "eventID": f"shardId-000000000000:{r['SequenceNumber']}",
                         "eventSourceARN": f"arn:aws:kinesis:us-east-1:{ACCOUNT}:stream/logtriage-logs", "awsRegion": "us-east-1"}
                        for r in records]}


def stream_event(session):
    ddb, streams = session.client("dynamodb"), session.client("dynamodbstreams")
    arn = ddb.describe_table(TableName="incidents")["Table"]["LatestStreamArn"]
    shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    records = streams.get_records(ShardIterator=iterator, Limit=1000)["Records"]
    for r in records:
        r["dynamodb"].pop("ApproximateCreationDateTime", None)
    return {"Records": records}


def main():
    args = argparse.ArgumentParser()
    args.add_argument("--endpoint", required=True)
    args.add_argument("--lambda-port", type=int, required=True)
    args.add_argument("--watch-log", required=True)
    a = args.parse_args()
    session = boto3.session.Session(region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test")
    session._session.set_config_variable("endpoint_url", a.endpoint)
    queue, topic = setup(session)

    print("==> 1. the emitter injects faults (local mode: platform lines written as AWS would, marked simulated)")
    logs = session.client("logs")
    now = int(time.time() * 1000)
    for n, payload in enumerate(SCENARIOS):
        before = open(a.watch_log, errors="replace").read()
        response = invoke(a.lambda_port, "log-emitter", payload)
        time.sleep(0.3)
        lines = function_lines(open(a.watch_log, errors="replace").read()[len(before):])
        print(f"    {json.dumps(payload):<60} -> {response.get('lines_logged')} lines{' (simulated)' if response.get('simulated') else ''}")
        logs.put_log_events(logGroupName=LOG_GROUP, logStreamName="2024/05/29/[$LATEST]demo",
                            logEvents=[{"timestamp": now + n * 1000 + i, "message": line} for i, line in enumerate(lines)])

    print("==> 2. CloudWatch Logs delivered the subscription payloads to Kinesis; log-processor reads them")
    event = kinesis_event(session)
    print(f"    log-processor: {json.dumps(invoke(a.lambda_port, 'log-processor', event))}")

    print("==> 3. incident-writer consumes the queue")
    sqs = session.client("sqs")
    while True:
        messages = sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10).get("Messages", [])
        if not messages:
            break
        batch = {"Records": [{"messageId": m["MessageId"], "receiptHandle": m["ReceiptHandle"], "body": m["Body"], "attributes": {},
                              "messageAttributes": {}, "eventSource": "aws:sqs", "awsRegion": "us-east-1",
                              "eventSourceARN": f"arn:aws:sqs:us-east-1:{ACCOUNT}:logtriage-incidents"} for m in messages]}
        result = invoke(a.lambda_port, "incident-writer", batch)
        failed = {f["itemIdentifier"] for f in result["batchItemFailures"]}
        for m in messages:
            if m["MessageId"] not in failed:
                sqs.delete_message(QueueUrl=queue, ReceiptHandle=m["ReceiptHandle"])
        print(f"    incident-writer: {len(messages)} messages, {len(failed)} failed")

    print("==> 4. llm-summarizer reads the table's stream (Bedrock is unreachable here: offline summaries)")
    print(f"    llm-summarizer: {json.dumps(invoke(a.lambda_port, 'llm-summarizer', stream_event(session)))}")

    print("==> 5. emails published to the SNS topic")
    data = json.load(urllib.request.urlopen(f"{a.endpoint}/moto-api/data.json"))
    for t in data["sns"]["Topic"]:
        for n in t.get("sent_notifications", []):
            text = json.dumps(n)
            subject = re.search(r"\[logtriage\][^\"\\]*", text)
            print(f"    - {subject.group(0) if subject else text[:100]}")
    # One email in full from "What happened before the failure" on: the failing invocation's
    # log, read back from CloudWatch Logs by the summarizer (or why it could not be).
    bodies = [n[1] if isinstance(n, list) and len(n) > 1 else str(n)
              for t in data["sns"]["Topic"] for n in t.get("sent_notifications", [])]
    with_context = [b for b in bodies if "What happened before the failure" in b]
    if with_context:
        section = with_context[0][with_context[0].index("What happened before the failure"):]
        print("==> 6. one email's invocation context")
        header, *lines = section.split("\n\n")[0].splitlines()
        print(f"    {header}")
        shown = lines if len(lines) <= 6 else lines[:3] + [f"  … {len(lines) - 5} more lines …"] + lines[-2:]
        for line in shown:
            # Long lines keep their timestamp and their end, where the message is.
            print(f"    {line if len(line) <= 160 else line[:27] + '…' + line[-120:]}")


if __name__ == "__main__":
    main()
