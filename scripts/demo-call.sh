#!/usr/bin/env bash
# From nothing to a masked call and its call record, against the main job
# (scripts/run.sh running in another terminal: ctib-numbers on
# 127.0.0.1:8080, ctib-engine's carrier-side profile 127.0.0.1:5080, gateway
# `carrier` → 127.0.0.1:5090, the sample pool 01095013001/01095013002).
#
#   scripts/demo-call.sh            A=13800138000, B=13900139000
#   A=13800000001 B=13900000001 scripts/demo-call.sh
#
# 1. binds A and B to a middle number X (AXB) through the REST API, or reuses
#    the live binding of the pair from an earlier run;
# 2. starts SIPp as the carrier on 127.0.0.1:5090 (accepts the gateway's
#    REGISTER/OPTIONS, answers the calls);
# 3. SIPp as A calls X, then SIPp as B calls X; each call is answered by the
#    carrier and hung up by the caller after 1 s;
# 4. shows what the carrier saw (the callee, and X as the caller — never
#    the real number) and the two call records.
# Bounded: every wait has a limit, and every process it starts is stopped
# (by pid) on the way out, also on failure or Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."

api=${API:-http://127.0.0.1:8080}
key=${API_KEY:-demo-api-key}       # config/numbers.toml
sip=${SIP:-127.0.0.1:5080}         # the engine's external (carrier-side) profile, config/engine.toml
carrier_port=${CARRIER_PORT:-5090} # gateway `carrier` in config/engine.toml
A=${A:-13800138000}
B=${B:-13900139000}

for tool in curl sipp jq; do
  command -v "$tool" >/dev/null || { echo "demo: needs $tool (scripts/deps.sh installs it)" >&2; exit 1; }
done

work=$(mktemp -d /tmp/ctib-demo.XXXXXX)
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then kill -TERM "$pid" 2>/dev/null || true; fi
  done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say() { printf '\n== %s\n' "$*"; }
api_call() {  # METHOD PATH [BODY]: prints the body, fails on HTTP >= 400
  local method=$1 path=$2 body=${3:-}
  local args=(-sS --max-time 10 -X "$method" -H "X-API-Key: $key" -w '\n%{http_code}')
  [[ -n "$body" ]] && args+=(-H 'Content-Type: application/json' -d "$body")
  local out status
  out=$(curl "${args[@]}" "$api$path")
  status=${out##*$'\n'}
  out=${out%$'\n'*}
  if (( status >= 400 )); then
    echo "demo: $method $path: HTTP $status $out" >&2
    return 1
  fi
  printf '%s\n' "$out"
}
free_port() { local p; while :; do p=$((20000 + RANDOM % 12000)); (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }; done; }

say "0. the numbers service"
curl -fsS --max-time 5 "$api/v1/health" >/dev/null || {
  echo "demo: nothing answers on $api — start the main job first: scripts/run.sh" >&2
  exit 1
}
echo "up at $api"

say "1. bind A=$A and B=$B to a middle number (AXB)"
binding=$(api_call GET "/v1/bindings?number=$A" | jq -c --arg b "$B" \
  '[.items[] | select(.mode == "AXB" and (.b | endswith($b)))][0] // empty')
if [[ -n "$binding" ]]; then
  echo "reusing the live binding of this pair:"
else
  expires=$(( $(date +%s) + 3600 ))
  binding=$(api_call POST /v1/bindings \
    "{\"mode\":\"AXB\",\"a\":\"$A\",\"b\":\"$B\",\"area_code\":\"010\",\"expiration\":$expires,
      \"out_id\":\"demo-$(date +%s)\",\"user_data\":\"scripts/demo-call.sh\",\"max_duration\":600}")
  echo "POST /v1/bindings ->"
fi
echo "$binding" | jq .
binding_id=$(echo "$binding" | jq -r .id)
x=$(echo "$binding" | jq -r .x)            # canonical E.164, e.g. +861095013001
# What a caller in China dials: a landline with its trunk 0 (01095013001),
# a mobile number as it is (17100000001); anything else in E.164.
x_dialled=$x
if [[ "$x" =~ ^\+86(1[3-9][0-9]{9})$ ]]; then x_dialled=${BASH_REMATCH[1]}
elif [[ "$x" =~ ^\+86([1-9][0-9]+)$ ]]; then x_dialled=0${BASH_REMATCH[1]}; fi

say "2. SIPp plays the carrier on 127.0.0.1:$carrier_port"
if ss -Hlun "sport = :$carrier_port" | grep -q .; then
  echo "demo: UDP $carrier_port is taken — is another carrier running?" >&2
  exit 1
fi
# It also accepts REGISTER and OPTIONS, for a gateway configured to register
# (config/engine.example.toml); until such a REGISTER succeeds the gateway is
# DOWN and calls through it fail, so the first call is retried for a while.
sed 's/@RING_MS@/500/' tests/numbers_e2e/scenarios/uas_demo_carrier.xml >"$work/carrier.xml"
sipp -sf "$work/carrier.xml" -i 127.0.0.1 -p "$carrier_port" -cp "$(free_port)" -mp "$(free_port)" \
  -timeout 300s -nostdin -trace_msg -message_file "$work/carrier.log" >"$work/carrier.out" 2>&1 &
pids+=($!)
for _ in $(seq 1 50); do ss -Hlun "sport = :$carrier_port" | grep -q . && break; sleep 0.1; done

place_call() {  # NAME CALLER [SECONDS TO KEEP RETRYING]
  local name=$1 caller=$2 patience=${3:-0}
  local deadline=$(( $(date +%s) + patience )) pid
  sed 's/@RING_MS@/500/' tests/numbers_e2e/scenarios/uac_call.xml >"$work/$name.xml"
  echo "SIPp as $caller dials $x_dialled on sip:$sip"
  while :; do
    rm -f "$work/$name.log"
    sipp -sf "$work/$name.xml" -i 127.0.0.1 -cp "$(free_port)" -mp "$(free_port)" -m 1 -d 1000 \
      -s "$x_dialled" -key caller "$caller" -timeout 30s -timeout_error -nostdin \
      -trace_msg -message_file "$work/$name.log" "$sip" >"$work/$name.out" 2>&1 &
    pid=$!
    pids+=("$pid")
    if wait "$pid"; then
      echo "  answered, talked 1 s, hung up"
      return 0
    fi
    if grep -q "^SIP/2.0 503" "$work/$name.log" 2>/dev/null && (( $(date +%s) < deadline )); then
      echo "  503: the gateway is not registered yet; trying again in 3 s"
      sleep 3
      continue
    fi
    echo "demo: the call from $caller failed (is the engine running on $sip?):" >&2
    tail -n 20 "$work/$name.out" >&2
    grep -h "^SIP/2.0 [3-6]" "$work/$name.log" >&2 || true
    exit 1
  done
}

answered() {
  api_call GET "/v1/records?binding_id=$binding_id&page_size=100" |
    jq '[.items[] | select(.answer_time != null and .release_time != null)] | length'
}
before=$(answered)

say "3. A calls X, then B calls X"
place_call a_calls "$A" 60
place_call b_calls "$B"

say "4. what the carrier received (callee, and X shown as the caller)"
awk '/^INVITE sip:/ {inv=1; print "  " $0; next} inv && /^From:/ {print "  " $0; inv=0}' "$work/carrier.log"
if awk '/^INVITE sip:/ {inv=1} /^$/ {inv=0} inv' "$work/carrier.log" | \
   grep -E "^(From|P-Asserted-Identity|Remote-Party-ID):" | grep -qE "$A|$B"; then
  echo "demo: a real number reached the carrier as the caller!" >&2
  exit 1
fi
echo "  (neither $A nor $B is ever shown as the caller)"
# The sample carrier's gateway is national (config/numbers.toml): X keeps
# its trunk prefix, From 01095013001, not 1095013001 (issue 12).
if awk '/^INVITE sip:/ {inv=1} /^$/ {inv=0} inv' "$work/carrier.log" | grep -E "^From:" | \
   grep -vq "sip:$x_dialled@"; then
  echo "demo: the carrier was shown X otherwise than as $x_dialled!" >&2
  exit 1
fi
echo "  (X is shown as $x_dialled, as the carrier expects it)"

say "5. the call records of binding $binding_id"
records=
for _ in $(seq 1 100); do
  (( $(answered) >= before + 2 )) && break
  sleep 0.1
done
records=$(api_call GET "/v1/records?binding_id=$binding_id&page_size=2")
echo "$records" | jq '.items[] | {uuid, direction, caller, callee, x, out_id, call_time, ring_time,
  answer_time, release_time, duration, billsec, release_direction, release_cause, sip_status}'
echo
echo "demo: done. More: GET $api/v1/records?number=$A  (header X-API-Key: $key)"
