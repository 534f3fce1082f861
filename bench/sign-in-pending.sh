#!/usr/bin/env bash
# How long a host waits on a first start whose sign-in takes 90 s: launch → initialize, and
# sign-in completed → the host has the tools, with the TypeScript and the Python MCP clients as
# hosts; prints a section for BENCHMARKS.md (see bench/sign-in-pending.mjs).
#
#   bench/sign-in-pending.sh [--runs 3] [--delay-ms 90000]   builds target/release/mcp-bridge first
#   MCP_BRIDGE_BIN=/path/to/mcp-bridge bench/sign-in-pending.sh
#
# Everything runs on 127.0.0.1.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
if [ -z "${MCP_BRIDGE_BIN:-}" ]; then
  echo "== building mcp-bridge (release)" >&2
  cargo build --release --locked --quiet
  MCP_BRIDGE_BIN=${CARGO_TARGET_DIR:-target}/release/mcp-bridge
fi
[ -d tests/interop/node_modules ] || npm ci --prefix tests/interop --no-audit --no-fund --loglevel=error >&2
if [ ! -x tests/interop/.venv-py/bin/python ]; then
  python3 -m venv tests/interop/.venv-py >&2
  tests/interop/.venv-py/bin/pip install --quiet --disable-pip-version-check "mcp==2.3.0" >&2
fi
exec node bench/sign-in-pending.mjs --bridge "$MCP_BRIDGE_BIN" "$@"
