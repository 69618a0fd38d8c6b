#!/usr/bin/env bash
# End to end, with no AWS account: the real log-processor binary runs under `cargo lambda watch`
# (the Lambda Runtime API emulator), is invoked with a real subscription event, and sends its
# messages to SQS served by the local AWS emulator (moto server). Passes when the queue holds
# exactly the expected incident message. Run by `make test`; needs .venv (moto, cargo-lambda).
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${VENV:-.venv}"
export PATH="$PWD/$VENV/bin:$PATH"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 1 "${2:-300}"); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 1; done; return 1; }

MOTO_PORT=$(free_port)
LAMBDA_PORT=$(free_port)
LOGS="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$LOGS"; }
trap cleanup EXIT

moto_server -H 127.0.0.1 -p "$MOTO_PORT" > "$LOGS/moto.log" 2>&1 &
pids+=($!)
wait_port "$MOTO_PORT" 30 || { cat "$LOGS/moto.log"; echo "moto server did not start"; exit 1; }
sqs() { curl -sS --fail "http://127.0.0.1:$MOTO_PORT/" -H "Content-Type: application/x-www-form-urlencoded" \
  -H "Authorization: AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/sqs/aws4_request" --data "$1"; }
QUEUE_URL=$(sqs "Action=CreateQueue&QueueName=incidents" | sed -n 's:.*<QueueUrl>\(.*\)</QueueUrl>.*:\1:p')
[ -n "$QUEUE_URL" ] || { echo "could not create the queue"; exit 1; }

cargo lambda watch --ignore-changes -p log-processor -A 127.0.0.1 -P "$LAMBDA_PORT" \
  --env-var "INCIDENT_QUEUE_URL=$QUEUE_URL" \
  --env-var "AWS_ENDPOINT_URL=http://127.0.0.1:$MOTO_PORT" \
  --env-var AWS_REGION=us-east-1 --env-var AWS_ACCESS_KEY_ID=test --env-var AWS_SECRET_ACCESS_KEY=test \
  > "$LOGS/watch.log" 2>&1 &
pids+=($!)
wait_port "$LAMBDA_PORT" 600 || { cat "$LOGS/watch.log"; echo "cargo lambda watch did not start"; exit 1; }

# The first invocation compiles the function; give it time.
out=$(cargo lambda invoke log-processor -A 127.0.0.1 -P "$LAMBDA_PORT" \
  --data-file crates/log-processor/tests/fixtures/subscription-event.json 2>&1) || {
  echo "$out"; tail -50 "$LOGS/watch.log"; echo "invocation failed"; exit 1; }
echo "invocation result: $out"
python3 - "$out" <<'PY'
import json, sys
outcome = json.loads(sys.argv[1])
assert outcome["batches"] == 1 and outcome["events"] == 4 and outcome["messages"] == 1, outcome
PY

received=$(sqs "Action=ReceiveMessage&QueueUrl=$(python3 -c 'import sys,urllib.parse;print(urllib.parse.quote(sys.argv[1],safe=""))' "$QUEUE_URL")&MaxNumberOfMessages=10")
python3 - "$received" <<'PY'
import html, json, re, sys
bodies = [json.loads(html.unescape(b)) for b in re.findall(r"<Body>(.*?)</Body>", sys.argv[1], re.S)]
assert len(bodies) == 1, f"expected one queued incident message, got {len(bodies)}"
aggregate = bodies[0]["aggregate"]
assert aggregate["class"] == "bad_input" and aggregate["count"] == 1, aggregate
assert aggregate["function"] == "/aws/lambda/checkout", aggregate
print("lambda_invoke: 1 passed, 0 failed")
PY
