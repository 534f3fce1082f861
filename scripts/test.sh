#!/usr/bin/env bash
# Run every test: Rust unit and integration tests, then the interop tests in which real MCP
# peers from npm (the TypeScript SDK's client and example servers) talk through mcp-bridge.
# Needs cargo, node >= 20 and npm; installs the pinned npm peers on first use.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d tests/interop/node_modules ]; then
  echo "== installing the pinned npm peers (tests/interop)"
  npm ci --prefix tests/interop --no-audit --no-fund --loglevel=error
fi

echo "== cargo test"
cargo build --locked --quiet
cargo test --locked

echo "== interop tests (real MCP peers)"
MCP_BRIDGE_BIN="$PWD/target/debug/mcp-bridge" node --test --test-concurrency=1 tests/interop/
