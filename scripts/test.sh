#!/usr/bin/env bash
# The whole test suite, as CI runs it:
#   1. installs what the tests need (apt, idempotent), and checks that the
#      main job's build (`server` preset) needs none of the test tools,
#   2. builds the `dev` preset and runs every CTest test (unit, SIPp, HTTP,
#      SQLite, PostgreSQL, end-to-end, benchmark smoke runs),
#   3. builds the `asan` preset (ASan+UBSan) and runs the same suite again,
#   4. builds the `fuzz` preset (clang/libFuzzer) and runs every fuzz target
#      for CTIB_FUZZ_SECONDS (default 30) over its committed corpus.
# Exits non-zero on the first failing stage.
#   scripts/test.sh [--quick]   --quick: dev preset only (for local iteration)
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/deps.sh --test

jobs=$(nproc)
# ccache (the presets' compiler launcher) shares objects between checkouts:
# paths are hashed relative to the tree, not as absolute paths.
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$PWD}
export CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-1}
fuzz_seconds=${CTIB_FUZZ_SECONDS:-30}

stage() { printf '\n==== %s ====\n' "$*"; }

stage "server: configures without test tools (the main job's build)"
bash scripts/check-server-configure.sh

stage "dev: build"
cmake --preset dev >/dev/null
cmake --build --preset dev -j "$jobs"
stage "dev: test"
ctest --preset dev -j "$jobs"

if [[ "${1:-}" == "--quick" ]]; then exit 0; fi

stage "asan: build"
cmake --preset asan >/dev/null
cmake --build --preset asan -j "$jobs"
stage "asan: test"
ctest --preset asan -j "$jobs"

stage "fuzz: build"
cmake --preset fuzz -DCTIB_FUZZ_SECONDS="$fuzz_seconds" >/dev/null
cmake --build --preset fuzz -j "$jobs"
stage "fuzz: run (${fuzz_seconds}s each)"
ctest --preset fuzz -L fuzz
