#!/usr/bin/env bash
# Distribution tests: what users install, used as they use it.
#
#   tests/dist/run.sh [BINARY]        (default: target/debug/mcp-bridge, which must be built)
#
# Packages BINARY with scripts/package.sh (npm packages and Claude Desktop extensions), starts
# a throw-away verdaccio on 127.0.0.1 (no uplinks: nothing is fetched from or published to
# anywhere else), publishes both npm packages to it, and runs the Node tests in tests/dist
# against them: npx with the TypeScript SDK client as the host, signals, `install` under npx
# and a global install, the bundles' manifests and contents. npm uses a throw-away cache and
# user config; verdaccio and every process the tests start are stopped at the end.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"
binary=$(realpath "${1:-target/debug/mcp-bridge}")
[ -x "$binary" ] || { echo "no binary at $binary: run cargo build first" >&2; exit 2; }
for dir in tests/dist npm/tools tests/interop; do
  [ -d "$dir/node_modules" ] || npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error
done

work=$(mktemp -d "${TMPDIR:-/tmp}/mcp-bridge-dist.XXXXXX")
registry_pid=""
cleanup() {
  if [ -n "$registry_pid" ]; then
    kill "$registry_pid" 2>/dev/null || true
    wait "$registry_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "== packaging $binary"
start=$SECONDS
scripts/package.sh "$binary" "$work/out" > "$work/packaged.txt"
echo "   $(wc -l < "$work/packaged.txt") files in $((SECONDS - start)) s"

port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
mkdir -p "$work/registry"
cat > "$work/registry/config.yaml" <<YAML
storage: $work/registry/storage
auth: { htpasswd: { file: $work/registry/htpasswd } }
uplinks: {}
packages: { "**": { access: \$all, publish: \$anonymous \$all } }
listen: 127.0.0.1:$port
max_body_size: 500mb
log: { type: stdout, format: pretty, level: warn }
YAML
tests/dist/node_modules/.bin/verdaccio --config "$work/registry/config.yaml" > "$work/registry/log" 2>&1 &
registry_pid=$!
for _ in $(seq 100); do
  node -e 'require("net").connect(+process.argv[1],"127.0.0.1").on("connect",()=>process.exit(0)).on("error",()=>process.exit(1))' "$port" && break
  kill -0 "$registry_pid" 2>/dev/null || { cat "$work/registry/log" >&2; exit 1; }
  sleep 0.1
done

export npm_config_registry="http://127.0.0.1:$port/"
export npm_config_userconfig="$work/npmrc"
export npm_config_cache="$work/npm-cache"
export npm_config_update_notifier=false npm_config_audit=false npm_config_fund=false
echo "//127.0.0.1:$port/:_authToken=anonymous" > "$npm_config_userconfig"
echo "== publishing to verdaccio on 127.0.0.1:$port"
# package.sh lists the launcher package, then the platform's; the platform's goes first.
for tgz in $(grep '\.tgz$' "$work/packaged.txt" | tac); do
  (cd "$work" && npm publish --loglevel=error "$tgz" > /dev/null)
done

export MCP_BRIDGE_DIST_OUT="$work/out" MCP_BRIDGE_DIST_WORK="$work" MCP_BRIDGE_BIN="$binary"
node --test --test-concurrency=1 tests/dist/
