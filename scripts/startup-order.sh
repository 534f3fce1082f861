#!/usr/bin/env bash
# Regenerate link/startup.ld, the layout of the code a launch executes (see
# scripts/startup_order.py for what it holds and why). Run it on Linux after a change to what
# start-up does, and commit the result.
#
#   scripts/startup-order.sh [TARGET_DIR]    (default /tmp/mcp-bridge-startup-order)
#
# It builds a release binary with its symbols (the release profile otherwise unchanged, and
# without the current layout, so that nothing of the old one leaks into the new), then traces
# its launches. Needs valgrind, openssl and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:-/tmp/mcp-bridge-startup-order}
CARGO_PROFILE_RELEASE_STRIP=none MCP_BRIDGE_NO_STARTUP_ORDER=1 CARGO_TARGET_DIR="$target" \
  cargo build --release --locked --quiet
python3 scripts/startup_order.py "$target/release/mcp-bridge" --out link/startup.ld
