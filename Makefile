# logtriage developer entry points. `make test` is what CI runs (.ci/run).
CARGO ?= cargo
SAMPLE ?= examples/lambda-failures.log

.PHONY: test demo analyze-sample lint fmt bench fuzz

VENV ?= .venv
MOTO := $(VENV)/bin/moto_server
CARGO_LAMBDA := $(VENV)/bin/cargo-lambda

## Run the whole test suite: formatting, lints, unit/integration tests (incl. accuracy gates
## and the tests against the local AWS emulator, which the tests start themselves).
test: lint $(MOTO) $(CARGO_LAMBDA)
	$(CARGO) test --workspace --locked
	bash tests/lambda_invoke.sh
	bash tests/emitter_invoke.sh

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
