#!/usr/bin/env bash
# The main job: installs what it needs, builds the programs (`server` preset:
# optimised, no tests, no test tools), and runs
# the numbers service (SQLite, config/numbers.toml) and the engine routed by
# it (config/engine.toml), with a sample pool of middle numbers on the
# sample gateway `carrier`. Ready to take a call:
#   INVITE sip:<X>@127.0.0.1:5080 from the carrier (external profile; the
#   gateway `carrier` is 127.0.0.1:5090), or from user 1000 on :5060
# scripts/demo-call.sh, in another terminal, binds A and B to a middle number
# and places masked calls through it. Ctrl-C (or SIGTERM) stops both.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/deps.sh

cmake --preset server >/dev/null
cmake --build --preset server -j "$(nproc)" --target ctib-engine ctib-numbers ctib

engine=build/server/engine/app/ctib-engine
numbers=build/server/numbers/app/ctib-numbers
ctib=build/server/cli/ctib
api=http://127.0.0.1:8080
key="X-API-Key: demo-api-key"

"$engine" --config config/engine.toml --check
mkdir -p run/spool

pids=()
stop() {
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap stop EXIT INT TERM

"$numbers" --config config/numbers.toml &
pids+=($!)
for _ in $(seq 1 100); do
  curl -fsS "$api/v1/health" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -fsS "$api/v1/health" >/dev/null

# The sample pool: two Beijing middle numbers on the sample trunk. Importing
# again on a later start answers 409 (already in the pool), which is fine.
status=$(curl -sS -o /dev/null -w '%{http_code}' -X POST "$api/v1/numbers" -H "$key" \
  -H 'Content-Type: application/json' \
  -d '{"numbers":[{"number":"01095013001","gateway":"carrier","area_code":"010"},
                  {"number":"01095013002","gateway":"carrier","area_code":"010"}]}')
case "$status" in
  201|409) ;;
  *) echo "run: importing the sample pool failed: HTTP $status" >&2; exit 1 ;;
esac

"$engine" --config config/engine.toml &
pids+=($!)
echo "run: ctib-numbers on $api, ctib-engine on sip:127.0.0.1:5080 (external, carrier side) / :5060 (internal, users)"
echo "run: engine admin API on http://127.0.0.1:8021 (token demo-admin-token, config/engine.toml [admin])"
echo "run: look inside with $ctib --config config/engine.toml status | show calls | sofia status | reload"
echo "run:   and $ctib --config config/numbers.toml numbers status"
echo "run: sample pool 01095013001, 01095013002 on gateway carrier (127.0.0.1:5090); try scripts/demo-call.sh"
wait -n "${pids[@]}"
