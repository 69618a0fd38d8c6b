#!/usr/bin/env bash
# End to end, with no AWS account: the real log-emitter binary runs under `cargo lambda watch`
# (the Lambda Runtime API emulator) in local mode (LOGTRIAGE_EMITTER_MODE=local, so `timeout`
# prints the platform's lines instead of really timing out), is invoked with the healthy,
# error-burst and timeout fixtures, and its JSON responses and log lines are checked.
# Run by `make test`; needs .venv (cargo-lambda). EMITTER_MANIFEST may point at another
# Cargo.toml that builds the same package (used while the crate was developed out of tree).
set -euo pipefail
cd "$(dirname "$0")/.."
MANIFEST="${EMITTER_MANIFEST:-Cargo.toml}"
FIXTURES=crates/log-emitter/tests/fixtures
# shellcheck source=tests/lib.sh
source tests/lib.sh
plan emitter_invoke 3

LAMBDA_PORT=$(free_port)

start_lambda_watch --manifest-path "$MANIFEST" -p log-emitter \
  --env-var LOGTRIAGE_EMITTER_MODE=local --env-var AWS_LAMBDA_FUNCTION_MEMORY_SIZE=128

invoke() { # fixture name → JSON response on stdout; the first call compiles the function
  cargo lambda invoke log-emitter -A 127.0.0.1 -P "$LAMBDA_PORT" -o json --data-file "$FIXTURES/$1.json" 2>&1 || {
    tail -50 "$WORK/watch.log" >&2; echo "invocation of $1 failed" >&2; return 1; }
}
scenario() { # fixture, python assertions over `r` (the response) and `log` (the function's output so far)
  local out
  out=$(invoke "$1")
  echo "$1: $out"
  python3 - "$out" "$WORK/watch.log" "$2" <<'PY'
import json, sys
r = json.loads(sys.argv[1])
log = open(sys.argv[2], encoding="utf-8", errors="replace").read()
exec(sys.argv[3])
PY
}

check "healthy scenario" scenario healthy '
assert r["scenario"] == "healthy" and r["simulated"] is False and r["lines_logged"] == 4, r
assert "processed 10 records errors=0" in log, "the INFO lines reach the log"
'
check "error-burst scenario" scenario error-burst '
assert r["scenario"] == "error-burst" and r["simulated"] is False and r["lines_logged"] == 25, r
assert log.count("connect ECONNREFUSED 10.0.0.12:5432") == 25, "25 ERROR lines in the log"
'
check "timeout scenario" scenario timeout '
assert r["scenario"] == "timeout" and r["simulated"] is True and r["lines_logged"] == 4, r
assert "Task timed out" in r["detail"], r
import re
assert re.search(r"^\S+Z [0-9a-f-]{36} Task timed out after \d+\.00 seconds$", log, re.M), "the platform line, verbatim"
assert "simulated=true" in log, "the imitation is marked in the log"
'
