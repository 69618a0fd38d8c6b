#!/usr/bin/env bash
# Account mode's Kinesis path end to end, with no AWS account: CloudWatch Logs records on a
# Kinesis stream (local AWS emulator, moto server), read back and delivered to the real
# log-processor and incident-writer binaries under `cargo lambda watch`. What it checks:
# tests/kinesis_e2e.py. Run by `make test-lambdas`; needs .venv (moto, cargo-lambda).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=tests/lib.sh
source tests/lib.sh

LAMBDA_PORT=$(free_port)
start_moto
ENDPOINT="http://127.0.0.1:$MOTO_PORT"
QUEUE_URL=$(python3 tests/kinesis_e2e.py setup --endpoint "$ENDPOINT")

cargo lambda watch --ignore-changes -A 127.0.0.1 -P "$LAMBDA_PORT" \
  --env-var "INCIDENT_QUEUE_URL=$QUEUE_URL" --env-var INCIDENTS_TABLE=incidents \
  --env-var "AWS_ENDPOINT_URL=$ENDPOINT" \
  --env-var AWS_REGION=us-east-1 --env-var AWS_ACCESS_KEY_ID=test --env-var AWS_SECRET_ACCESS_KEY=test \
  > "$WORK/watch.log" 2>&1 &
pids+=($!)
wait_port "$LAMBDA_PORT" 600 || { cat "$WORK/watch.log"; echo "cargo lambda watch did not start"; exit 1; }

python3 tests/kinesis_e2e.py run --endpoint "$ENDPOINT" --lambda-port "$LAMBDA_PORT" --queue "$QUEUE_URL" \
  || { tail -40 "$WORK/watch.log"; exit 1; }
