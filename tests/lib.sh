# Shared helpers of the script tests and the demo (sourced, not run).

# A free TCP port on 127.0.0.1.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# Wait until 127.0.0.1:$1 accepts connections, at most $2 seconds (default 300).
wait_port() { for _ in $(seq 1 "${2:-300}"); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 1; done; return 1; }
