#!/usr/bin/env bash
# Run the MCP client conformance scenarios through mcp-bridge, one at a time, inside a network
# namespace that has only the loopback interface (the suite's mock servers listen on every
# interface). Prints one line per scenario and writes results/summary.txt.
# Usage: tests/conformance/run.sh [scenario[@spec-version] ...]
#        (default: every scenario in scenarios.txt; @2026-07-28 runs a scenario that several
#        revisions share against that revision's mock server)
# Env: MCP_BRIDGE_BIN (default target/debug/mcp-bridge), MCP_BRIDGE_PROTOCOL (the bridge's
#      --protocol, default auto)
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
node="$here/node_modules/node/bin/node"
conf="$here/node_modules/@modelcontextprotocol/conformance/dist/index.js"
export MCP_BRIDGE_BIN=${MCP_BRIDGE_BIN:-$root/target/debug/mcp-bridge}
[ -x "$node" ] || { echo "run: npm ci --prefix tests/conformance" >&2; exit 2; }

if [ -z "${_MCP_BRIDGE_NETNS:-}" ] && [ "$(id -u)" = 0 ] && command -v unshare >/dev/null; then
  export _MCP_BRIDGE_NETNS=1
  exec unshare -n sh -c 'ip link set lo up && exec "$0" "$@"' "$0" "$@"
fi

if [ $# -eq 0 ]; then
  set -- $(grep -v '^#' "$here/scenarios.txt")
fi
out="$here/results"
rm -rf "$out"; mkdir -p "$out"
pass=0; fail=0
for s in "$@"; do
  log="$out/$(echo "$s" | tr '/@' '__').log"
  name=${s%@*}
  version=()
  [ "$name" != "$s" ] && version=(--spec-version "${s#*@}")
  "$node" "$conf" client --command "$node $here/host.mjs" --scenario "$name" "${version[@]}" \
    --timeout 60000 --expected-failures "$here/expected-failures.yaml" >"$log" 2>&1
  rc=$?
  checks=$(grep -E '^Passed:' "$log" | tail -1)
  if [ $rc -eq 0 ]; then pass=$((pass+1)); r=ok; else fail=$((fail+1)); r=FAIL; fi
  printf '%-45s %-4s %s\n' "$s" "$r" "$checks" | tee -a "$out/summary.txt"
done
echo "conformance: $pass passed, $fail failed" | tee -a "$out/summary.txt"
[ $fail -eq 0 ]
