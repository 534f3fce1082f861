#!/usr/bin/env bash
# Run worker.test.mjs: @cloudflare/workers-oauth-provider under `wrangler dev --local`, with the
# Node 22 that wrangler needs (from tests/conformance), inside a network namespace that has only
# the loopback interface (wrangler otherwise tries to reach Cloudflare).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
node22="$here/../conformance/node_modules/node/bin/node"
[ -x "$node22" ] || { echo "run: npm ci --prefix tests/conformance" >&2; exit 2; }
[ -d "$here/node_modules/wrangler" ] || { echo "run: npm ci --prefix tests/worker" >&2; exit 2; }
if [ -z "${_MCP_BRIDGE_NETNS:-}" ] && [ "$(id -u)" = 0 ] && command -v unshare >/dev/null; then
  export _MCP_BRIDGE_NETNS=1
  exec unshare -n sh -c 'ip link set lo up && exec "$0" "$@"' "$0" "$@"
fi
exec "$node22" --test "$here/worker.test.mjs"
