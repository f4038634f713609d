#!/usr/bin/env bash
# CTest `packaging.debs` (label package): runs cpack on an already-built tree
# into a scratch directory and checks what dpkg would get: files, conffiles,
# Depends, maintainer scripts. Seconds: it packages, it does not build.
#   packaging/tests/check-debs.sh BUILD_DIR [CPACK]
set -euo pipefail
build=$1
cpack=${2:-cpack}

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
"$cpack" -G DEB --config "$build/CPackConfig.cmake" -B "$scratch" >"$scratch/cpack.log" 2>&1 || {
  cat "$scratch/cpack.log" >&2
  exit 1
}

failures=0
expect() {  # DESCRIPTION COMMAND...: counts a failure instead of stopping at the first
  local what=$1; shift
  if "$@" >/dev/null 2>&1; then echo "ok: $what"; else echo "FAIL: $what" >&2; failures=$((failures + 1)); fi
}

check() {  # COMPONENT UNIT LIBRARY...: LIBRARY are runtime packages Depends must name
  local component=$1 unit=$2; shift 2
  local deb
  deb=$(echo "$scratch"/ctibridge-"$component"_*.deb)
  expect "ctibridge-$component: built" test -f "$deb"
  [[ -f "$deb" ]] || return 0
  dpkg-deb -c "$deb" | awk '{print $6}' >"$scratch/$component.files"
  local path
  for path in ./usr/bin/ctib-"$component" ./etc/ctibridge/"$component".toml ./lib/systemd/system/"$unit" \
              ./usr/share/doc/ctibridge-"$component"/README.md; do
    expect "ctibridge-$component: contains $path" grep -qx "$path" "$scratch/$component.files"
  done
  mkdir "$scratch/$component.control"
  dpkg-deb -e "$deb" "$scratch/$component.control"
  local control=$scratch/$component.control
  expect "ctibridge-$component: conffiles is /etc/ctibridge/$component.toml" \
    grep -qx "/etc/ctibridge/$component.toml" "$control/conffiles"
  local script
  for script in postinst prerm postrm; do
    expect "ctibridge-$component: $script is executable and names $unit" \
      bash -c "test -x '$control/$script' && grep -q '$unit' '$control/$script' && sh -n '$control/$script'"
  done
  expect "ctibridge-$component: postinst creates the ctibridge system user" \
    grep -q "adduser .*--system" "$control/postinst"
  local depends
  depends=$(dpkg-deb -f "$deb" Depends)
  echo "ctibridge-$component Depends: $depends"
  local lib
  for lib in adduser init-system-helpers libsystemd0 "$@"; do
    expect "ctibridge-$component: Depends on $lib" grep -qE "(^|, )$lib( |,|$)" <<<"$depends"
  done
}

check engine ctib-engine.service libsofia-sip-ua0 libcurl4 libsqlite3-0
check numbers ctib-numbers.service libsqlite3-0 libpq5
((failures == 0)) || { echo "check-debs: $failures failures" >&2; exit 1; }
echo "check-debs: both packages as expected"
