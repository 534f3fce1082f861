#!/usr/bin/env bash
# Run every test:
#   1. Rust unit and integration tests (cargo test), and the start-up layout of Linux release
#      builds (link/startup.ld) linked into the debug binary once;
#   2. the credential store against a real Secret Service (gnome-keyring), when installed;
#   3. interop tests: the TypeScript SDK's client as the host; its example servers, oidc-provider
#      and the Python mcp package's 2026-07-28 server as remotes;
#   4. the distribution: the npm packages (through a loopback verdaccio and npx) and the
#      Claude Desktop extensions, built from the debug binary by scripts/package.sh (tests/dist);
#   5. sign-in against @cloudflare/workers-oauth-provider under wrangler (tests/worker);
#   6. the MCP project's client conformance suite, run through the bridge;
#   7. a short fuzzing pass over the bridge's parsers, when cargo-fuzz is installed
#      (scripts/fuzz.sh SECONDS runs the long form).
# Needs cargo, node >= 20, npm and python3 (with venv); installs the pinned npm packages and the
# Python mcp package on first use.
set -euo pipefail
cd "$(dirname "$0")/.."

for dir in tests/interop tests/conformance tests/worker tests/dist npm/tools; do
  if [ ! -d "$dir/node_modules" ]; then
    echo "== installing the pinned npm packages ($dir)"
    if [ "$dir" = tests/worker ]; then
      # wrangler's lockfile lacks other platforms' optional packages, which `npm ci` refuses.
      npm install --prefix "$dir" --no-audit --no-fund --loglevel=error
    else
      npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error
    fi
  fi
done

if [ ! -x tests/interop/.venv-py/bin/python ]; then
  echo "== installing the Python mcp package (a 2026-07-28 server for the interop tests)"
  python3 -m venv tests/interop/.venv-py
  tests/interop/.venv-py/bin/pip install --quiet --disable-pip-version-check "mcp==2.3.0"
fi

echo "== cargo test"
cargo build --locked --quiet
cargo test --locked

# Linux release builds link with link/startup.ld (build.rs); link the debug binary with it
# once, so that a script the linker refuses, or whose patterns match nothing, fails here.
echo "== the start-up layout (link/startup.ld) links"
cargo rustc --locked --quiet --bin mcp-bridge -- -C link-arg=-Wl,-T,link/startup.ld
# (No pipe into `grep -q`: with pipefail, readelf cut off by grep's early exit fails the test.)
sections=$(readelf -SW target/debug/mcp-bridge)
grep -q '[.]text[.]startup_order' <<<"$sections" || {
  echo "link/startup.ld placed no function: regenerate it with scripts/startup-order.sh" >&2
  exit 1
}

if command -v gnome-keyring-daemon >/dev/null && command -v dbus-run-session >/dev/null; then
  echo "== credential store against a real Secret Service"
  scripts/with-keyring.sh env MCP_BRIDGE_TEST_KEYRING=1 cargo test --locked keyring
  scripts/with-keyring.sh --locked env MCP_BRIDGE_TEST_KEYRING=locked cargo test --locked --test integration locked_keyring
else
  echo "== skipping the real-keyring test: install gnome-keyring, dbus and dbus-x11 to run it"
fi

echo "== interop tests (real MCP peers)"
# The fake Dashboard API that serve-meraki.test.mjs runs the live server against.
cargo build --locked --quiet --example fake_dashboard
export MCP_BRIDGE_BIN="$PWD/target/debug/mcp-bridge"
node --test --test-concurrency=1 tests/interop/

echo "== distribution: npm packages through a loopback registry and npx, Claude Desktop extensions"
tests/dist/run.sh "$MCP_BRIDGE_BIN"

echo "== sign-in against workers-oauth-provider (wrangler dev --local)"
tests/worker/run.sh

if command -v cargo-fuzz >/dev/null; then
  echo "== fuzzing (short form)"
  scripts/fuzz.sh "${FUZZ_SECONDS:-15}"
else
  echo "== skipping fuzzing: cargo install cargo-fuzz to run it"
fi

echo "== MCP client conformance suite"
tests/conformance/run.sh
