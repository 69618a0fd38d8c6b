# Shared setup of the script tests and the demo (sourced, not run): the project venv on PATH,
# a work directory, every background process stopped (and the directory removed) on exit, and
# the counting of checks.

VENV="${VENV:-.venv}"
export PATH="$PWD/$VENV/bin:$PATH"
WORK="$(mktemp -d)"
pids=()

# Counting. A script test calls `plan NAME N` once, then `check DESCRIPTION COMMAND...` per
# check. Each check runs in a subshell with `set -e`, so its first failing step fails it; a
# failed check is counted and the next one still runs (checks that need its output then fail
# too, and are counted). On exit the script prints `NAME: P passed, F failed` (the line
# .ci/run adds up); checks that never ran, because the script stopped early, count as failed.
# The exit status is non-zero when F > 0.
SUITE="" PLANNED=0 PASSED=0 FAILED=0
plan() { SUITE=$1; PLANNED=$2; }
pass() { PASSED=$((PASSED + 1)); echo "ok: $1"; }
fail() { FAILED=$((FAILED + 1)); echo "FAILED: $1"; }
check() {
  local name=$1 rc
  shift
  set +e
  (set -e; "$@")
  rc=$?
  set -e
  if [ "$rc" -eq 0 ]; then pass "$name"; else fail "$name (exit $rc)"; fi
}
summary() {
  local missing=$((PLANNED - PASSED - FAILED))
  if [ "$missing" -gt 0 ]; then
    echo "FAILED: $missing check(s) did not run (the script stopped early)"
    FAILED=$((FAILED + missing))
  fi
  echo "$SUITE: $PASSED passed, $FAILED failed"
}

cleanup() {
  local status=$?
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
  if [ -n "$SUITE" ]; then
    summary
    [ "$FAILED" -eq 0 ] || status=1
  fi
  exit "$status"
}
trap cleanup EXIT

# A free TCP port on 127.0.0.1.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# Wait until 127.0.0.1:$1 accepts connections, at most $2 seconds (default 300).
wait_port() { for _ in $(seq 1 "${2:-300}"); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 1; done; return 1; }

# Start the local AWS emulator (moto server) on a free port; sets MOTO_PORT.
start_moto() {
  MOTO_PORT=$(free_port)
  moto_server -H 127.0.0.1 -p "$MOTO_PORT" > "$WORK/moto.log" 2>&1 &
  pids+=($!)
  wait_port "$MOTO_PORT" 30 || { cat "$WORK/moto.log"; echo "moto server did not start"; exit 1; }
  # What points a function under `cargo lambda watch` at the emulator, with test credentials.
  MOTO_ENV=(--env-var "AWS_ENDPOINT_URL=http://127.0.0.1:$MOTO_PORT" --env-var AWS_REGION=us-east-1
            --env-var AWS_ACCESS_KEY_ID=test --env-var AWS_SECRET_ACCESS_KEY=test)
}

# Start `cargo lambda watch` (the Lambda Runtime API emulator) on 127.0.0.1:$LAMBDA_PORT with
# the given arguments (package, --env-var NAME=VALUE, ...), its output in $WORK/watch.log;
# returns once it accepts connections.
start_lambda_watch() {
  cargo lambda watch --ignore-changes -A 127.0.0.1 -P "$LAMBDA_PORT" "$@" > "$WORK/watch.log" 2>&1 &
  pids+=($!)
  wait_port "$LAMBDA_PORT" 600 || { cat "$WORK/watch.log"; echo "cargo lambda watch did not start"; exit 1; }
}
