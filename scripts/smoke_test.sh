#!/usr/bin/env bash
# After a deploy: inject an error burst with the emitter and wait (at most 5 minutes) until its
# incident is in DynamoDB, i.e. subscription filter -> processor -> SQS -> writer all work.
# Usage: scripts/smoke_test.sh [STACK_NAME]   (AWS credentials and region from the environment)
set -euo pipefail
stack="${1:-logtriage}"
output() {
  aws cloudformation describe-stacks --stack-name "$stack" \
    --query "Stacks[0].Outputs[?OutputKey=='$1'].OutputValue" --output text
}
function_name="$(output EmitterFunctionName)"
table="$(output IncidentsTableName)"
group="/aws/lambda/$function_name"
response="$(mktemp)"
trap 'rm -f "$response"' EXIT

since_ms=$(( $(date +%s) * 1000 - 60000 ))
aws lambda invoke --function-name "$function_name" --cli-binary-format raw-in-base64-out \
  --payload '{"scenario":"error-burst","count":20}' "$response" > /dev/null
echo "smoke test: emitter answered $(cat "$response")"

for _ in $(seq 1 30); do
  found="$(aws dynamodb query --table-name "$table" --index-name function-last_seen \
    --key-condition-expression '#f = :f AND last_seen_ms >= :t' \
    --expression-attribute-names '{"#f":"function"}' \
    --expression-attribute-values "{\":f\":{\"S\":\"$group\"},\":t\":{\"N\":\"$since_ms\"}}" \
    --select COUNT --query Count --output text)"
  if [ "$found" -gt 0 ]; then
    echo "smoke test: $found incident(s) recorded for $group"
    exit 0
  fi
  sleep 10
done
echo "smoke test: no incident for $group after 5 minutes; see docs/TROUBLESHOOTING.md" >&2
exit 1
