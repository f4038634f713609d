#!/usr/bin/env bash
# run-fuzzer.sh BINARY CORPUS_DIR SECONDS
# Runs a libFuzzer target for a bounded time over a scratch copy of its
# committed corpus, so inputs it discovers never dirty the source tree.
set -euo pipefail
bin=$1 corpus=$2 seconds=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$corpus"/. "$work"/
"$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 "$work"
