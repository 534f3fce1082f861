#!/usr/bin/env bash
# Fuzz the bridge's own parsers with cargo fuzz (libFuzzer), each target for a bounded time,
# and report executions and crashes. A crash leaves its input in fuzz/artifacts/<target>/;
# turn it into a regression test before fixing.
# Usage: scripts/fuzz.sh [SECONDS_PER_TARGET]   (default 60; CI runs a shortened form)
# Needs: cargo install cargo-fuzz. Runs on the stable toolchain (RUSTC_BOOTSTRAP for libFuzzer's
# instrumentation flags), without sanitizers.
set -uo pipefail
cd "$(dirname "$0")/../fuzz"
seconds=${1:-60}
targets="jsonrpc_framing sse www_authenticate metadata callback_query unruly_json"
export RUSTC_BOOTSTRAP=1
cargo fuzz build -s none -O >/dev/null 2>&1 || { cargo fuzz build -s none -O; exit 2; }
total_runs=0; crashes=0
for t in $targets; do
  mkdir -p "corpus/$t"
  log=$(mktemp)
  cargo fuzz run -s none -O "$t" "corpus/$t" -- -max_total_time="$seconds" -max_len=4096 -print_final_stats=1 >"$log" 2>&1
  rc=$?
  runs=$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -Eo '[0-9]+$' || echo 0)
  total_runs=$((total_runs + ${runs:-0}))
  if [ $rc -ne 0 ]; then
    crashes=$((crashes + 1))
    echo "fuzz $t: CRASH after ${runs:-?} executions"; grep -E 'panicked|SUMMARY|artifact' "$log" | head -5
  else
    echo "fuzz $t: ${runs:-0} executions in ${seconds} s, no crash"
  fi
  rm -f "$log"
done
echo "fuzzing: $total_runs executions, $crashes crashing targets"
[ $crashes -eq 0 ]
