#!/usr/bin/env bash
# Starts the real ctib-numbers binary on an ephemeral port with a SQLite
# database in a temp dir, binds a pair over HTTP, asks the routing endpoint,
# then stops it with SIGTERM and expects a clean exit (status 0). The log is
# JSON at info: every line parses, and no party's real number, API key or
# routing secret is in it.
#   smoke.sh PATH/TO/ctib-numbers
set -euo pipefail
bin=${1:?usage: smoke.sh PATH/TO/ctib-numbers}
work=$(mktemp -d)
pid=
cleanup() {
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid"; fi
  rm -rf "$work"
}
trap cleanup EXIT
# A failing step says which one, with the service's log (a bare `set -e`
# exit left nothing to go on).
trap 'echo "smoke: failed at line $LINENO: $BASH_COMMAND"; cat "$work/log" 2>/dev/null' ERR

cat >"$work/numbers.toml" <<TOML
[auth]
api_keys = ["smoke-key"]
routing_secret = "smoke-secret"
[logging]
format = "json"
TOML

"$bin" --config "$work/numbers.toml" --listen 127.0.0.1:0 --db "sqlite:$work/numbers.db" 2>"$work/log" &
pid=$!
port=
for _ in $(seq 1 100); do
  # Only a whole line: the log may be read while the line is being written.
  port=$(sed -n 's/.*listening on 127.0.0.1:\([0-9][0-9]*\)".*/\1/p' "$work/log")
  [[ -n "$port" ]] && [[ "$(tail -c 1 "$work/log" | od -An -c | tr -d ' ')" == '\n' ]] && break
  port=
  sleep 0.1
done
[[ -n "$port" ]] || { echo "no listening line"; cat "$work/log"; exit 1; }
base="http://127.0.0.1:$port"

curl -fsS "$base/v1/health" | grep -q '"status":"ok"'
curl -fsS -H 'X-API-Key: smoke-key' -H 'Content-Type: application/json' -d '{"numbers":[{"number":"17100000001","gateway":"gw1","area_code":"010"}]}' \
  "$base/v1/numbers" >/dev/null
expires=$(( $(date +%s) + 600 ))
curl -fsS -H 'X-API-Key: smoke-key' -H 'Content-Type: application/json' \
  -d "{\"mode\":\"AXB\",\"a\":\"13800000001\",\"b\":\"13900000001\",\"expiration\":$expires}" \
  "$base/v1/bindings" >/dev/null
answer=$(curl -fsS "$base/v1/cti?secret=smoke-secret&action=request&uuid=u1&caller_id_number=13800000001&destination_number=17100000001")
# No dial_format in the config: national, the default for +86.
echo "$answer" | grep -q '"origination_caller_id_number":"17100000001"' || { echo "bad answer: $answer"; exit 1; }
echo "$answer" | grep -q '"number":"13900000001"' || { echo "bad answer: $answer"; exit 1; }
ack=$(curl -fsS "$base/v1/cti?secret=smoke-secret&action=ring&uuid=u1&caller_id_number=13800000001&destination_number=17100000001")
# A strict OpenAPI client must accept both: each matches exactly one of the
# documented oneOf schemas.
printf '%s' "$answer" >"$work/answer.json"
printf '%s' "$ack" >"$work/ack.json"
here=$(dirname "$0")
"${CTIB_PYTHON:-python3}" "$here/../../api/tests/validate_cti_answers.py" "$here/../../api/openapi.yaml" "$work/answer.json" "$work/ack.json"
# A body that is not JSON is refused, not parsed as JSON.
status=$(curl -sS -o /dev/null -w '%{http_code}' -H 'X-API-Key: smoke-key' -H 'Content-Type: text/plain' \
  -d '{"numbers":[{"number":"17100000002","gateway":"gw1","area_code":"010"}]}' "$base/v1/numbers")
[[ "$status" == 415 ]] || { echo "text/plain body: HTTP $status, expected 415"; exit 1; }
# A stranger calling X is refused; the refusal is logged with both numbers.
curl -fsS "$base/v1/cti?secret=smoke-secret&action=request&uuid=u2&caller_id_number=13700000009&destination_number=17100000001" \
  | grep -q hangup

kill -TERM "$pid"
status=0
wait "$pid" || status=$?
pid=
[[ $status -eq 0 ]] || { echo "exit status $status"; cat "$work/log"; exit 1; }
grep -q "stopping on SIGTERM" "$work/log"
for secret in 13800000001 13900000001 13700000009 smoke-key smoke-secret; do
  if grep -q "$secret" "$work/log"; then echo "$secret in the log"; cat "$work/log"; exit 1; fi
done
grep -q '"uuid":"u2","msg":"cti: +861\*\*\*\*0009 -> +861\*\*\*\*0001 refused' "$work/log" \
  || { echo "no masked refusal line"; cat "$work/log"; exit 1; }
python3 -c 'import json, sys
for line in open(sys.argv[1]): json.loads(line)' "$work/log"
echo "smoke: ok"
