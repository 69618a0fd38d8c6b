#!/usr/bin/env bash
# `logtriage patterns` vs Drain3 on the very same lines, end to end, in one run.
# Drain3 is timed in-process on the Loghub 2k Content lines repeated REPEAT times; the same
# lines are written to a file and `logtriage patterns` (release build, reading the file and
# writing one JSON object per line to /dev/null) is timed on it.
# Needs: python3 -m venv .venv && .venv/bin/pip install drain3
set -euo pipefail
cd "$(dirname "$0")/.."
REPEAT="${REPEAT:-10}"
LINES="$(mktemp)"
trap 'rm -f "$LINES"' EXIT
cargo build --quiet --release -p triage-cli
drain=$(.venv/bin/python scripts/bench_drain3.py --repeat "$REPEAT" --write-lines "$LINES" | tail -1)
echo "$drain"
drain_rate=$(echo "$drain" | sed -E 's/.*= ([0-9,]+) lines\/s/\1/' | tr -d ,)
count=$(wc -l < "$LINES")
start=$(date +%s.%N)
target/release/logtriage patterns "$LINES" > /dev/null
end=$(date +%s.%N)
ours=$(python3 -c "print(round($count / ($end - $start)))")
echo "logtriage patterns: $count lines = $ours lines/s (end to end: read, mine, print JSON)"
python3 -c "print(f'ratio: {$ours / $drain_rate:.1f}x Drain3')"
