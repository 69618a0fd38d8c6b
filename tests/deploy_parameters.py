"""deploy.yml, checked with SAM CLI's own code (run by tests/template_checks.sh with the
.venv-infra Python, where SAM CLI is installed).

1. The `sam deploy` step's script runs under bash with `sam` replaced by SAM CLI's `deploy`
   command-line parser (samcli.commands.deploy.command.cli, whose --parameter-overrides is
   samcli.cli.types.CfnParameterOverridesType): nothing is deployed, but the arguments are
   parsed exactly as `sam deploy` parses them. Each case sets the optional secrets empty or
   not, and the parsed overrides must carry each secret's value, '' when it is unset.
2. The workflow's triggers: pushes to main and manual runs only, never a pull request event.

Usage: python tests/deploy_parameters.py            (from the repository root)
"""

import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

import yaml

ROOT = pathlib.Path(__file__).resolve().parent.parent
# DEPLOY_WORKFLOW=path checks another revision of the workflow.
WORKFLOW = pathlib.Path(os.environ.get("DEPLOY_WORKFLOW", ROOT / ".github/workflows/deploy.yml"))


def parse_mode(args):
    """Called as `sam`: parse the arguments as `sam deploy` would, print the overrides."""
    from samcli.commands.deploy.command import cli

    assert args and args[0] == "deploy", f"expected `sam deploy ...`, got {args}"
    ctx = cli.make_context("sam deploy", list(args[1:]))
    print(json.dumps({"overrides": ctx.params["parameter_overrides"], "stack": ctx.params["stack_name"]}))


def step_script(workflow):
    for job in workflow["jobs"].values():
        for step in job.get("steps", []):
            if step.get("name") == "sam deploy":
                return step["run"], job
    raise SystemExit("deploy.yml: no step named `sam deploy`")


def run_step(script, secrets, workdir):
    """The step's script under bash, `sam` being SAM CLI's parser; returns what it parsed."""
    shim = f'sam() {{ "{sys.executable}" "{__file__}" --as-sam "$@"; }}\n'
    env = {"PATH": os.environ["PATH"], "STACK_NAME": "logtriage", "SAM_CLI_TELEMETRY": "0", **secrets}
    done = subprocess.run(
        ["bash", "-e", "-o", "pipefail", "-c", shim + script],
        cwd=workdir, env=env, capture_output=True, text=True,
    )
    return done


def main():
    workflow = yaml.safe_load(WORKFLOW.read_text())
    failures, passed = [], 0

    def check(ok, what):
        nonlocal passed
        if ok:
            passed += 1
            print(f"ok: {what}")
        else:
            failures.append(what)
            print(f"FAIL: {what}")

    # PyYAML reads the key `on` as the boolean True.
    triggers = workflow.get("on", workflow.get(True))
    check(set(triggers) == {"push", "workflow_dispatch"}, f"triggers are push and workflow_dispatch only: {sorted(triggers)}")
    check(triggers.get("push") == {"branches": ["main"]}, f"push runs for main only: {triggers.get('push')}")
    script, job = step_script(workflow)
    check(job.get("environment") == "production", "the deploy job waits for the production environment")
    check(job.get("if") == "github.ref == 'refs/heads/main'", f"only main is deployed: if = {job.get('if')!r}")

    # sam deploy reads samconfig.toml and needs the built template to exist: a copy of each.
    workdir = pathlib.Path(tempfile.mkdtemp())
    try:
        shutil.copy(ROOT / "samconfig.toml", workdir)
        (workdir / ".aws-sam/build").mkdir(parents=True)
        shutil.copy(ROOT / "infra/cloudformation/template.yaml", workdir / ".aws-sam/build/template.yaml")
        groups = "/aws/lambda/orders,/aws/lambda/pay_ments,/custom/batch-jobs"
        cases = [
            ("every optional secret unset", {}),
            ("every optional secret empty", {"ALERT_EMAIL": "", "MONITORED_LOG_GROUPS": "", "BEDROCK_MODEL_ID": ""}),
            ("every secret set", {"ALERT_EMAIL": "ops+alerts@example.com", "MONITORED_LOG_GROUPS": groups,
                                  "BEDROCK_MODEL_ID": "us.anthropic.claude-3-5-haiku-20241022-v1:0"}),
            ("one group, no email, a foundation model", {"MONITORED_LOG_GROUPS": "/aws/lambda/orders",
                                                         "BEDROCK_MODEL_ID": "anthropic.claude-3-haiku-20240307-v1:0"}),
        ]
        for name, secrets in cases:
            done = run_step(script, secrets, workdir)
            if done.returncode != 0:
                check(False, f"{name}: sam deploy's parser rejected the arguments: {done.stderr.strip()[-400:]}")
                continue
            parsed = json.loads(done.stdout.strip().splitlines()[-1])
            expected = {
                "Architecture": "arm64",
                "AlertEmail": secrets.get("ALERT_EMAIL", ""),
                "MonitoredLogGroups": secrets.get("MONITORED_LOG_GROUPS", ""),
                "BedrockModelId": secrets.get("BEDROCK_MODEL_ID", ""),
            }
            check(parsed["overrides"] == expected, f"{name}: parsed {parsed['overrides']}, expected {expected}")
            check(parsed["stack"] == "logtriage", f"{name}: stack {parsed['stack']}")
        # A quote in a secret would change what the parser sees: the step refuses it.
        done = run_step(script, {"ALERT_EMAIL": "o'brien@example.com"}, workdir)
        check(done.returncode != 0 and "must not contain quotes" in done.stdout,
              "a secret with a quote is refused with a clear error")
    finally:
        shutil.rmtree(workdir)

    # The parser is the real one: a bare `Key=` is rejected, as the issue reported.
    from samcli.cli.types import CfnParameterOverridesType
    import click
    try:
        CfnParameterOverridesType().convert(("AlertEmail=",), None, None)
        check(False, "SAM CLI's parser rejects a bare AlertEmail=")
    except click.exceptions.BadParameter:
        check(True, "SAM CLI's parser rejects a bare AlertEmail= (why the values are quoted)")

    print(f"deploy_parameters: {passed} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--as-sam":
        parse_mode(sys.argv[2:])
    else:
        sys.exit(main())
