#!/bin/sh
# Benchmark `mcp-bridge serve meraki` against the fake Dashboard API of the tests (127.0.0.1 only):
# time inside the server for a cached tool call, and the request rate the fake sees during a
# burst of 200 concurrent calls. See examples/bench_serve_meraki.rs.
#
# Usage: bench/serve-meraki.sh        (from the repository root)
set -eu
cd "$(dirname "$0")/.."
cargo build --release --quiet
MCP_BRIDGE_BIN="${MCP_BRIDGE_BIN:-${CARGO_TARGET_DIR:-target}/release/mcp-bridge}" \
    cargo run --release --quiet --example bench_serve_meraki
