#!/usr/bin/env bash
# The planted-secret sets (crates/triage-core/tests/planted_secrets.rs, seeded; PLANTED_SEED=n
# for others) through the real binary: `logtriage redact` line by line and every string of
# `logtriage analyze --format json`, checked for any 12-character run of a planted secret.
# Part of `make test` (test-lambdas); the cargo test checks the same code in-process.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=tests/lib.sh
source tests/lib.sh
plan planted_cli 4

cargo build -q -p triage-cli
BIN=target/debug/logtriage
PLANTED_DUMP="$WORK" cargo test -q -p triage-core --test planted_secrets dump_planted_sets_when_asked > /dev/null

cat > "$WORK/leaks.py" <<'PY'
import json, sys
secrets_file, output, mode = sys.argv[1:]
text = open(output, encoding="utf-8").read()
if mode == "json":
    doc = json.loads(text)
    strings = []
    def walk(v):
        if isinstance(v, str):
            strings.append(v)
        elif isinstance(v, list):
            for x in v:
                walk(x)
        elif isinstance(v, dict):
            for k, x in v.items():
                strings.append(k)
                walk(x)
    walk(doc)
    text = "\n".join(strings)
    print(f"{len(doc['incidents'])} incidents, {len(strings)} strings")
total = leaked = 0
for row in open(secrets_file, encoding="utf-8"):
    kind, multi_line, secret = row.rstrip("\n").split("\t")
    secret = json.loads(secret)
    if mode == "lines" and multi_line == "1":
        continue  # multi-line events are not in the line-by-line input
    total += 1
    spellings = [secret, secret.replace("\\n", "\n")]
    runs = [s[i:i + 12] for s in spellings for i in range(max(1, len(s) - 11))]
    hit = next((r for r in runs if r in text), None)
    if hit:
        leaked += 1
        print(f"leak: {kind}: {hit!r}")
print(f"{leaked} leaks of {total} planted secrets")
sys.exit(1 if leaked else 0)
PY
redacted() { "$BIN" redact "$WORK/$1.lines.txt" > "$WORK/$1.redacted"; python3 "$WORK/leaks.py" "$WORK/$1.secrets.tsv" "$WORK/$1.redacted" lines; }
analyzed() { "$BIN" analyze --format json --quiet "$WORK/$1.jsonl" > "$WORK/$1.json"; python3 "$WORK/leaks.py" "$WORK/$1.secrets.tsv" "$WORK/$1.json" json; }
for set in seen held-out; do
  check "logtriage redact, $set set" redacted "$set"
  check "logtriage analyze --format json, $set set" analyzed "$set"
done
