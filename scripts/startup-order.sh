#!/usr/bin/env bash
# Regenerate link/startup.ld, the layout of the code a launch executes (see
# scripts/startup_order.py for what it holds and why). Run it on x86_64 Linux after a change
# to what start-up does, and commit the result.
#
#   scripts/startup-order.sh [TARGET_DIR]    (default /tmp/mcp-bridge-startup-order)
#
# It builds release binaries with their symbols (the release profile otherwise unchanged, and
# without the current layout): for the host, and for x86_64-unknown-linux-musl (the static
# build the releases ship) when that target and musl-gcc are installed. Then it traces their
# launches. Needs valgrind, openssl and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:-/tmp/mcp-bridge-startup-order}
export CARGO_PROFILE_RELEASE_STRIP=none MCP_BRIDGE_NO_STARTUP_ORDER=1 CARGO_TARGET_DIR="$target"
cargo build --release --locked --quiet
binaries=("$target/release/mcp-bridge")
musl=x86_64-unknown-linux-musl
if rustup target list --installed 2>/dev/null | grep -x "$musl" >/dev/null && command -v musl-gcc >/dev/null; then
  CC_x86_64_unknown_linux_musl=musl-gcc cargo build --release --locked --quiet --target "$musl"
  binaries+=("$target/$musl/release/mcp-bridge")
else
  echo "startup-order: no $musl target or musl-gcc: tracing the host build only" >&2
fi
python3 scripts/startup_order.py "${binaries[@]}" --out link/startup.ld
