# Shared setup of the script tests and the demo (sourced, not run): the project venv on PATH,
# a work directory, and every background process stopped (and the directory removed) on exit.

VENV="${VENV:-.venv}"
export PATH="$PWD/$VENV/bin:$PATH"
WORK="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
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
}
