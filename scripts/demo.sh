#!/usr/bin/env bash
# `make demo`: the whole pipeline on this machine, no AWS account. Starts the local AWS emulator
# (moto) and the Lambda Runtime API emulator (cargo lambda watch) on 127.0.0.1, then
# scripts/demo.py drives: emitter faults → CloudWatch Logs → subscription filter → Kinesis →
# log-processor → SQS → incident-writer → DynamoDB (stream) → llm-summarizer → SNS emails, and
# shows the incidents with `logtriage incidents list`. Everything is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=tests/lib.sh
source tests/lib.sh

LAMBDA_PORT=$(free_port)

echo "==> building the CLI and the four Lambda functions (first run: a few minutes)"
cargo build --quiet -p triage-cli -p log-emitter -p log-processor -p incident-writer -p llm-summarizer

start_moto
echo "==> started the local AWS emulator (moto) on 127.0.0.1:$MOTO_PORT"

ENDPOINT="http://127.0.0.1:$MOTO_PORT"
export AWS_ENDPOINT_URL="$ENDPOINT" AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1 AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test
echo "==> starting the Lambda runtime emulator (cargo lambda watch) on 127.0.0.1:$LAMBDA_PORT"
start_lambda_watch "${MOTO_ENV[@]}" \
  --env-var "INCIDENT_QUEUE_URL=$ENDPOINT/123456789012/logtriage-incidents" \
  --env-var INCIDENTS_TABLE=incidents \
  --env-var ALERT_TOPIC_ARN=arn:aws:sns:us-east-1:123456789012:logtriage-alerts \
  --env-var LOGTRIAGE_EMITTER_MODE=local --env-var AWS_LAMBDA_FUNCTION_MEMORY_SIZE=128

python3 scripts/demo.py --endpoint "$ENDPOINT" --lambda-port "$LAMBDA_PORT" --watch-log "$WORK/watch.log"

echo
echo "==> logtriage incidents list (the same table, through the CLI)"
LOGTRIAGE_TABLE=incidents target/debug/logtriage incidents list --status all
