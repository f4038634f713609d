#!/usr/bin/env bash
# Installs the Debian packages ctibridge needs to build, run and test.
# Idempotent: packages already present are skipped without touching apt.
#   scripts/deps.sh            build + run dependencies
#   scripts/deps.sh --test     also the test tools (SIPp, PostgreSQL, clang fuzz runtime)
set -euo pipefail

# What the main job (scripts/run.sh: the `server` preset) and its demo
# (scripts/demo-call.sh: curl, jq, SIPp, ss from iproute2) need, and nothing that only tests
# use: scripts/check-server-configure.sh keeps it that way in CI.
# libsystemd-dev: sd_notify readiness (libs/notify). file: cpack's DEB
# generator runs it to find the programs dpkg-shlibdeps reads (packaging/).
build_pkgs=(
  build-essential cmake ninja-build pkg-config git ccache file
  libsofia-sip-ua-dev libcurl4-openssl-dev nlohmann-json3-dev
  libspdlog-dev libfmt-dev libcli11-dev libtomlplusplus-dev
  libboost-dev libsqlite3-dev libpq-dev libsystemd-dev
  curl jq sip-tester iproute2
)
test_pkgs=(
  libgtest-dev libgmock-dev python3 python3-yaml python3-jsonschema python3-prometheus-client sip-tester clang libclang-rt-14-dev postgresql curl procps iproute2
  tcpdump valgrind wrk kamailio kamailio-utils-modules kamailio-extra-modules openssl
)

want=("${build_pkgs[@]}")
if [[ "${1:-}" == "--test" ]]; then
  want+=("${test_pkgs[@]}")
fi

missing=()
for p in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  exit 0
fi

echo "deps: installing ${missing[*]}"
sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# The postgresql package starts a cluster service on install; tests start their own
# throwaway servers on free ports, so the packaged one is not needed.
