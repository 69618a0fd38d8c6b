#!/usr/bin/env python3
"""Regenerates the bundled samples under examples/ (deterministic: fixed seed).

examples/lambda-failures.log      Lambda text logs as `aws logs tail` prints them: healthy
                                  invocations around a throttling flood, timeouts, a refused
                                  connection, an OOM kill and an import error at init.
examples/subscription-event.json  one CloudWatch Logs subscription event, exactly as delivered
                                  to a Lambda target (base64 of gzip of the JSON document).
"""
import base64, datetime, gzip, json, random

random.seed(7)


def request_id():
    return "%08x-%04x-4%03x-%04x-%012x" % (random.getrandbits(32), random.getrandbits(16),
                                           random.getrandbits(12), 0x8000 | random.getrandbits(14),
                                           random.getrandbits(48))


def ts(ms):
    t = datetime.datetime.fromtimestamp(ms / 1000, datetime.timezone.utc)
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (ms % 1000)


T0 = 1717000000000
lines = []
ms = T0
for i in range(40):
    r = request_id()
    ms += 1500
    lines.append(f"START RequestId: {r} Version: $LATEST")
    lines.append(f"{ts(ms + 3)}\t{r}\tINFO\tprocessing order {1000 + i} items=3 errors=0")
    if i % 5 == 2:
        lines.append(f"{ts(ms + 40)}\t{r}\tERROR\tInvoke Error \t{{\"errorType\":\"ProvisionedThroughputExceededException\",\"errorMessage\":\"Rate of requests exceeds the allowed throughput.\",\"stack\":[\"ProvisionedThroughputExceededException: Rate of requests exceeds the allowed throughput.\",\"    at throwDefaultError (/var/runtime/node_modules/@aws-sdk/smithy-client/dist-cjs/index.js:838:20)\"]}}")
    if i % 13 == 5:
        lines.append(f"{ts(ms + 3001)} {r} Task timed out after 3.00 seconds")
        lines.append(f"END RequestId: {r}")
        lines.append(f"REPORT RequestId: {r}\tDuration: 3000.00 ms\tBilled Duration: 3000 ms\tMemory Size: 256 MB\tMax Memory Used: 88 MB\tStatus: timeout")
        continue
    if i == 17:
        lines.append(f"{ts(ms + 90)}\t{r}\tWARN\tretrying payment call after 503 (attempt 1)")
        lines.append(f"{ts(ms + 95)}\t{r}\tERROR\tpayment provider unreachable: connect ECONNREFUSED 10.0.12.7:443 (customer alice@example.com)")
    if i == 33:
        lines.append(f"RequestId: {r} Error: Runtime exited with error: signal: killed")
        lines.append("Runtime.ExitError")
        lines.append(f"END RequestId: {r}")
        lines.append(f"REPORT RequestId: {r}\tDuration: 2210.41 ms\tBilled Duration: 2211 ms\tMemory Size: 256 MB\tMax Memory Used: 256 MB")
        continue
    lines.append(f"END RequestId: {r}")
    lines.append(f"REPORT RequestId: {r}\tDuration: {random.uniform(20, 400):.2f} ms\tBilled Duration: {random.randint(20, 400)} ms\tMemory Size: 256 MB\tMax Memory Used: {random.randint(70, 120)} MB")
lines.append("INIT_START Runtime Version: python:3.12.v18\tRuntime Version ARN: arn:aws:lambda:us-east-1::runtime:8eeff65f6809a3ce81507fe733fe09b835899b99481ba22fd75b5a7338290ec1")
lines.append("[ERROR] Runtime.ImportModuleError: Unable to import module 'app': No module named 'requests'")
lines.append("Traceback (most recent call last):")
lines.append("INIT_REPORT Init Duration: 412.77 ms\tPhase: init\tStatus: error\tError Type: Runtime.ImportModuleError")
with open("examples/lambda-failures.log", "w") as f:
    f.write("\n".join(lines) + "\n")

r = request_id()
doc = {"messageType": "DATA_MESSAGE", "owner": "123456789012", "logGroup": "/aws/lambda/checkout",
       "logStream": "2024/05/29/[$LATEST]0f1e2d3c4b5a69788796a5b4c3d2e1f0", "subscriptionFilters": ["logtriage"],
       "logEvents": [
           {"id": "1", "timestamp": T0, "message": f"START RequestId: {r} Version: $LATEST\n"},
           {"id": "2", "timestamp": T0 + 12, "message": f"[ERROR]\t{ts(T0 + 12)}\t{r}\tKeyError: 'order_id'\rTraceback (most recent call last):\r\u00a0\u00a0File \"/var/task/app.py\", line 14, in handler\r\u00a0\u00a0\u00a0\u00a0order = event['order_id']\n"},
           {"id": "3", "timestamp": T0 + 13, "message": f"END RequestId: {r}\n"},
           {"id": "4", "timestamp": T0 + 13, "message": f"REPORT RequestId: {r}\tDuration: 12.81 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 52 MB\t\n"}]}
data = base64.b64encode(gzip.compress(json.dumps(doc).encode(), mtime=0)).decode()
with open("examples/subscription-event.json", "w") as f:
    f.write(json.dumps({"awslogs": {"data": data}}) + "\n")
