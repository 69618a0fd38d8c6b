#!/usr/bin/env bash
# Account mode's Kinesis path end to end, with no AWS account: CloudWatch Logs records on a
# Kinesis stream (local AWS emulator, moto server), read back and delivered to the real
# log-processor and incident-writer binaries under `cargo lambda watch`. What it checks:
# tests/kinesis_e2e.py. Run by `make test-lambdas`; needs .venv (moto, cargo-lambda).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=tests/lib.sh
source tests/lib.sh
plan kinesis_e2e 2

LAMBDA_PORT=$(free_port)
start_moto
ENDPOINT="http://127.0.0.1:$MOTO_PORT"
QUEUE_URL=$(python3 tests/kinesis_e2e.py setup --endpoint "$ENDPOINT")

start_lambda_watch "${MOTO_ENV[@]}" \
  --env-var "INCIDENT_QUEUE_URL=$QUEUE_URL" --env-var INCIDENTS_TABLE=incidents --env-var WATCH_MODE=account

kinesis_path() {
  python3 tests/kinesis_e2e.py run --endpoint "$ENDPOINT" --lambda-port "$LAMBDA_PORT" --queue "$QUEUE_URL" \
    || { tail -40 "$WORK/watch.log"; return 1; }
}
check "Kinesis path: same incidents as direct, a forged oversized record trimmed (no batch failure), replay unchanged" kinesis_path

# The processor's FailureEvents lines, as the real binary printed them (WATCH_MODE=account):
# dimensions service, function and class; per invocation (one EMF timestamp) at most 20
# functions named, the rest as `other`; classes from the fixed set.
failure_events() {
python3 - "$WORK/watch.log" <<'PY'
import collections, json, re, sys
CLASSES = {"timeout", "out_of_memory", "init_error", "runtime_exit", "permission_denied", "throttling",
           "dependency_unavailable", "bad_input", "unhandled_exception", "error"}
per_invocation = collections.defaultdict(set)
lines = 0
for raw in open(sys.argv[1], errors="replace"):
    start = raw.find('{"')
    if start < 0 or '"FailureEvents"' not in raw:
        continue
    line = json.loads(raw[start:])
    directive = line["_aws"]["CloudWatchMetrics"][0]
    assert directive["Dimensions"] == [["service", "function", "class"]], directive
    assert line["class"] in CLASSES, line["class"]
    assert line["FailureEvents"] >= 1, line
    per_invocation[line["_aws"]["Timestamp"]].add(line["function"])
    lines += 1
assert lines > 0, "no FailureEvents line"
widest = max(per_invocation.values(), key=len)
assert all(len(f - {"other"}) <= 20 for f in per_invocation.values()), widest
assert "other" in widest and len(widest) == 21, sorted(widest)
print(f"kinesis_e2e: {lines} FailureEvents lines over {len(per_invocation)} invocations; the widest (a Kinesis "
      f"batch, dozens of functions) names 20 functions and `other`")
PY
}
check "FailureEvents metrics: dimensions service/function/class, at most 20 functions + other" failure_events
