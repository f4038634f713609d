#!/usr/bin/env bash
# CI guard: the main job's build (the `server` preset, which scripts/run.sh
# and the packages use) must configure and build with only what
# `scripts/deps.sh` (without --test) installs. On a fresh Debian 12 root the
# release preset once stopped at "Could NOT find Python3" because it
# configured the tests; this check hides every test-only tool and package
# from CMake and configures `server` into a scratch directory.
#   scripts/check-server-configure.sh   (seconds; run by scripts/test.sh)
set -euo pipefail
cd "$(dirname "$0")/.."

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# A PATH with just the build tools deps.sh installs (no python3, sipp, psql,
# valgrind, clang...): find_program() for anything else finds nothing.
mkdir "$scratch/bin"
for tool in cmake ninja cc c++ gcc g++ cpp ld as ar ranlib nm objcopy objdump strip \
            pkg-config pkgconf ccache git sh bash env uname ls cat sed grep tr mkdir rm dirname; do
  if path=$(command -v "$tool"); then ln -s "$path" "$scratch/bin/$tool"; fi
done

# find_package() for the test-only packages is refused outright: a Python3 or
# GTest module installed on this machine must not make the check pass.
PATH="$scratch/bin" cmake --preset server -B "$scratch/build" \
  -DCMAKE_DISABLE_FIND_PACKAGE_Python3=ON -DCMAKE_DISABLE_FIND_PACKAGE_GTest=ON \
  -DCMAKE_DISABLE_FIND_PACKAGE_Python=ON -DCMAKE_DISABLE_FIND_PACKAGE_PythonInterp=ON \
  >"$scratch/configure.log" 2>&1 || {
    cat "$scratch/configure.log" >&2
    echo "check-server-configure: the server preset needs a test-only tool (see above)" >&2
    exit 1
  }
echo "check-server-configure: the server preset configures without test tools"
