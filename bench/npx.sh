#!/usr/bin/env bash
# Launch cost of the npm route (npx, the launcher) beside the raw binary and mcp-remote, and
# the sizes of the npm packages and Claude Desktop extensions; prints a section for
# BENCHMARKS.md (see bench/npx.mjs).
#
#   bench/npx.sh [--runs 10]                    builds target/release/mcp-bridge first
#   MCP_BRIDGE_BIN=/path/to/mcp-bridge bench/npx.sh
#
# Everything runs on 127.0.0.1 (a throw-away verdaccio, bench/server.mjs), except one fetch of
# mcp-remote into a throw-away npm cache from the npm registry.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
if [ -z "${MCP_BRIDGE_BIN:-}" ]; then
  echo "== building mcp-bridge (release)" >&2
  cargo build --release --locked --quiet
  MCP_BRIDGE_BIN=${CARGO_TARGET_DIR:-target}/release/mcp-bridge
fi
for dir in tests/dist npm/tools tests/interop; do
  [ -d "$dir/node_modules" ] || npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error >&2
done
exec node bench/npx.mjs --bridge "$MCP_BRIDGE_BIN" "$@"
