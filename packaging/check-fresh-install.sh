#!/usr/bin/env bash
# Proof that the Debian packages work on a fresh Debian 12 machine. Run it in
# a brand-new root (it installs packages and creates a system user):
#   /work/shared/tools/fresh-check.sh . ../shared 'packaging/check-fresh-install.sh'
# As root, from the project root, it:
#  1. installs the build dependencies, builds the server preset, runs cpack;
#  2. removes the -dev packages and their libraries again, so that
#     `apt-get install ./*.deb` must bring the runtime libraries in through
#     the packages' Depends (what dpkg-shlibdeps computed);
#  3. checks the user, directories, conffiles, permissions and units
#     (systemd-analyze verify);
#  4. starts both programs as the units' ExecStart lines do (no systemd in a
#     chroot: as the ctibridge user from /var/lib/ctibridge, NOTIFY_SOCKET on
#     packaging/tests/notify-listener.py) and sees READY=1 from each;
#  5. places calls with scripts/demo-call.sh and checks their call records;
#  6. stops both (STOPPING=1, exit 0), reinstalls (edited conffiles kept),
#     purges (configuration and state gone, the user kept).
# The chroot shares the host's network: every port is picked free at run
# time and written into the conffiles, as an administrator would edit them.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\n== %s\n' "$*"; }
fail() { echo "check-fresh-install: FAILED: $*" >&2; exit 1; }
export DEBIAN_FRONTEND=noninteractive

say "1. build dependencies, server preset, cpack"
bash scripts/deps.sh
cmake --preset server >/dev/null
nice cmake --build --preset server -j "$(nproc)"
rm -f build/server/*.deb
(cd build/server && cpack -G DEB)
debs=(build/server/ctibridge-engine_*.deb build/server/ctibridge-numbers_*.deb)
for deb in "${debs[@]}"; do
  echo "$deb: $(dpkg-deb -f "$deb" Depends)"
done

say "2. without the build's libraries, install the packages with apt"
apt-get purge -y -qq libsofia-sip-ua-dev libcurl4-openssl-dev libspdlog-dev libfmt-dev \
  libsqlite3-dev libpq-dev libsystemd-dev libtomlplusplus-dev >/dev/null
apt-get autoremove --purge -y -qq >/dev/null
for lib in libsofia-sip-ua0 libpq5 libtomlplusplus3; do
  if dpkg -s "$lib" >/dev/null 2>&1; then fail "$lib is still installed before the packages"; fi
done
echo "libsofia-sip-ua0, libpq5, libtomlplusplus3: not installed"
apt-get install -y -qq "${debs[@]/#/./}"
# What the check itself uses (not the packages): the notify socket, ss, the
# call (SIPp, curl, jq stay from the build dependencies), systemd-analyze.
apt-get install -y -qq --no-install-recommends python3 iproute2 systemd >/dev/null
for lib in libsofia-sip-ua0 libpq5 libtomlplusplus3; do
  dpkg -s "$lib" >/dev/null 2>&1 || fail "$lib was not pulled in by the packages' Depends"
done
echo "runtime libraries pulled in by Depends: OK"

say "3. what the packages installed"
IFS=: read -r _ _ uid _ _ home shell < <(getent passwd ctibridge) || fail "no ctibridge user"
(( uid < 1000 )) || fail "ctibridge is not a system user (uid $uid)"
[[ "$home" == /var/lib/ctibridge && "$shell" == /usr/sbin/nologin ]] || fail "ctibridge: home $home, shell $shell"
echo "user ctibridge: uid $uid, home $home, shell $shell"
expect_stat() {  # PATH OWNER:GROUP MODE
  local got
  got=$(stat -c '%U:%G %a' "$1") || fail "$1 is missing"
  [[ "$got" == "$2 $3" ]] || fail "$1 is $got, expected $2 $3"
  echo "$1: $got"
}
expect_stat /var/lib/ctibridge ctibridge:ctibridge 750
expect_stat /etc/ctibridge/engine.toml root:ctibridge 640
expect_stat /etc/ctibridge/numbers.toml root:ctibridge 640
for pkg in engine numbers; do
  [[ $(dpkg-query -W -f='${Conffiles}' "ctibridge-$pkg") == *" /etc/ctibridge/$pkg.toml "* ]] ||
    fail "/etc/ctibridge/$pkg.toml is not a conffile of ctibridge-$pkg"
  unit=/lib/systemd/system/ctib-$pkg.service
  [[ -f "$unit" ]] || fail "$unit is missing"
  [[ -L /etc/systemd/system/multi-user.target.wants/ctib-$pkg.service ]] || fail "ctib-$pkg.service is not enabled"
  echo "ctibridge-$pkg: conffile /etc/ctibridge/$pkg.toml, $unit, enabled"
done
/usr/bin/ctib-engine --config /etc/ctibridge/engine.toml --check
systemd-analyze verify /lib/systemd/system/ctib-engine.service /lib/systemd/system/ctib-numbers.service
echo "systemd-analyze verify: OK"

say "4. start both as their units do"
taken() { [[ -n $(ss -Hlntu "sport = :$1") ]]; }
free_port() {
  local p
  while :; do
    p=$((20000 + RANDOM % 12000))
    taken "$p" || { echo "$p"; return; }
  done
}
http_port=$(free_port); internal_port=$(free_port); external_port=$(free_port); carrier_port=$(free_port)
sed -i "s/^port = 8080$/port = $http_port/" /etc/ctibridge/numbers.toml
sed -i -e "s/127.0.0.1:8080/127.0.0.1:$http_port/" -e "s/^sip-port = 5060$/sip-port = $internal_port/" \
  -e "s/^sip-port = 5080$/sip-port = $external_port/" -e "s/127.0.0.1:5090/127.0.0.1:$carrier_port/" \
  /etc/ctibridge/engine.toml
grep -q "port = $http_port" /etc/ctibridge/numbers.toml || fail "could not set the HTTP port"
echo "ports: numbers HTTP $http_port, SIP internal $internal_port, external $external_port, carrier $carrier_port"

work=$(mktemp -d /tmp/ctib-fresh.XXXXXX)
chmod 755 "$work"
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
python3 packaging/tests/notify-listener.py "$work/notify" >"$work/notify.log" &
pids+=($!)
for _ in $(seq 1 50); do grep -q listening "$work/notify.log" && break; sleep 0.1; done

# setpriv execs the program (unlike runuser, which stays as its parent for a
# PAM session): the pid here is the pid systemd would see as MainPID, so the
# notify check below is NotifyAccess=main's, and SIGTERM reaches the program.
as_unit() {  # LOG PROGRAM ARGS...: ExecStart's command, with the unit's user, cwd and umask
  local log=$1; shift
  (cd /var/lib/ctibridge && umask 0027 &&
   exec env NOTIFY_SOCKET="$work/notify" setpriv --reuid=ctibridge --regid=ctibridge --init-groups "$@" \
     >"$log" 2>&1) &
}
wait_ready() {  # NAME PID
  for _ in $(seq 1 100); do
    grep -q "^pid=$2 READY=1" "$work/notify.log" && { grep "^pid=$2 READY=1" "$work/notify.log"; return; }
    kill -0 "$2" 2>/dev/null || { cat "$work/$1.log" >&2; fail "$1 exited before READY=1"; }
    sleep 0.1
  done
  cat "$work/$1.log" "$work/notify.log" >&2
  fail "no READY=1 from $1 (pid $2) within 10 s"
}
as_unit "$work/numbers.log" /usr/bin/ctib-numbers --config /etc/ctibridge/numbers.toml
numbers_pid=$!; pids+=("$numbers_pid")
wait_ready numbers "$numbers_pid"
as_unit "$work/engine.log" /usr/bin/ctib-engine --config /etc/ctibridge/engine.toml
engine_pid=$!; pids+=("$engine_pid")
wait_ready engine "$engine_pid"

say "5. a masked call through the installed services"
api=http://127.0.0.1:$http_port
key=change-me-api-key  # the packaged numbers.toml
curl -fsS -X POST "$api/v1/numbers" -H "X-API-Key: $key" -H 'Content-Type: application/json' \
  -d '{"numbers":[{"number":"01095013001","gateway":"carrier","area_code":"010"}]}' >/dev/null
API=$api API_KEY=$key SIP=127.0.0.1:$external_port CARRIER_PORT=$carrier_port scripts/demo-call.sh
answered=$(curl -fsS -H "X-API-Key: $key" "$api/v1/records?page_size=100" |
  python3 -c 'import json,sys; print(sum(1 for r in json.load(sys.stdin)["items"] if r.get("answer_time") and r.get("release_time")))')
(( answered >= 2 )) || fail "$answered answered call records, expected 2"
echo "call records: $answered answered and released"

say "6. stop, reinstall, purge"
for name in engine numbers; do
  pid_var=${name}_pid
  kill -TERM "${!pid_var}"
  status=0; wait "${!pid_var}" || status=$?
  (( status == 0 )) || { cat "$work/$name.log" >&2; fail "$name exited with $status on SIGTERM"; }
  grep -q "^pid=${!pid_var} STOPPING=1" "$work/notify.log" || fail "no STOPPING=1 from $name"
  echo "$name: STOPPING=1, exit 0"
done
cat "$work/notify.log"
ls -l /var/lib/ctibridge
[[ $(stat -c %U /var/lib/ctibridge/numbers.db) == ctibridge ]] || fail "numbers.db is not the service's"
[[ -d /var/lib/ctibridge/spool ]] || fail "the engine's spool is not under /var/lib/ctibridge"

dpkg -i "${debs[@]}" >/dev/null
grep -q "port = $http_port" /etc/ctibridge/numbers.toml || fail "reinstalling overwrote an edited conffile"
expect_stat /etc/ctibridge/numbers.toml root:ctibridge 640
echo "reinstall: edited conffiles kept"

apt-get purge -y -qq ctibridge-engine ctibridge-numbers >/dev/null
[[ ! -e /etc/ctibridge && ! -e /var/lib/ctibridge ]] || fail "purge left /etc/ctibridge or /var/lib/ctibridge"
getent passwd ctibridge >/dev/null || fail "purge removed the ctibridge user"
echo "purge: configuration and state removed, user kept"

say "check-fresh-install: PASSED"
