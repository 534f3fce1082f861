#!/usr/bin/env bash
# Benchmark mcp-bridge against mcp-remote 0.15.1 on this machine and write BENCHMARKS.md.
#
#   bench/run.sh [bench.mjs options]          e.g. bench/run.sh --runs 20
#   MCP_BRIDGE_BIN=/path/to/mcp-bridge bench/run.sh
#
# Without MCP_BRIDGE_BIN it builds a release binary from the repository's latest commit in a
# private clone (BENCH_BUILD_DIR, default /tmp/mcp-bridge-bench-src; target dir
# BENCH_TARGET_DIR, default /tmp/mcp-bridge-bench-target), leaving the checkout untouched.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
given_bin=${MCP_BRIDGE_BIN:-}
given_env=""
for v in BENCH_BUILD_DIR BENCH_TARGET_DIR; do
  [ -n "${!v:-}" ] && given_env+="$v=${!v} "
done

if [ -z "${MCP_BRIDGE_BIN:-}" ]; then
  src=${BENCH_BUILD_DIR:-/tmp/mcp-bridge-bench-src}
  target=${BENCH_TARGET_DIR:-/tmp/mcp-bridge-bench-target}
  echo "== building mcp-bridge (release) from $(git -C "$repo" rev-parse --short HEAD) in $src" >&2
  rm -rf "$src"
  git clone -q "$repo" "$src"
  (cd "$src" && CARGO_TARGET_DIR="$target" cargo build --release --locked --quiet)
  MCP_BRIDGE_BIN=$target/release/mcp-bridge
  BENCH_BRIDGE_COMMIT=$(git -C "$src" rev-parse --short HEAD)
  export BENCH_BRIDGE_COMMIT
fi
[ -x "$MCP_BRIDGE_BIN" ] || { echo "not an executable: $MCP_BRIDGE_BIN" >&2; exit 2; }

if [ ! -f "$repo/tests/interop/node_modules/mcp-remote/dist/proxy.js" ]; then
  echo "== installing the pinned npm peers (tests/interop)" >&2
  npm ci --prefix "$repo/tests/interop" --no-audit --no-fund --loglevel=error
fi

cmd="${given_env}bench/run.sh${*:+ $*}"
[ -n "$given_bin" ] && cmd="MCP_BRIDGE_BIN=$given_bin $cmd"
export BENCH_COMMAND=$cmd
exec node "$here/bench.mjs" --bridge "$MCP_BRIDGE_BIN" "$@"
