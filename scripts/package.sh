#!/usr/bin/env bash
# Package one platform's binary for users:
#
#   scripts/package.sh BINARY OUTDIR
#
# writes the npm packages (`mcp-bridge`, the launcher, and `@mcp-bridge/<platform>`, the
# binary) as OUTDIR/*.tgz and the Claude Desktop extensions (a remote server; `serve meraki`)
# as OUTDIR/*.mcpb. The platform is read from BINARY's header, without running it (ELF, Mach-O
# universal, PE), or given as MCP_BRIDGE_PACKAGE_PLATFORM=darwin-universal|linux-x64|
# linux-arm64|win32-x64|win32-arm64; the version is Cargo.toml's. Run it once per platform
# into the same OUTDIR: the launcher package comes out the same each time. Publish the
# platform packages before the launcher package, whose optional dependencies name them.
#
# Needs node >= 18 and npm; installs the pinned mcpb (npm/tools) on first use.
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: scripts/package.sh BINARY OUTDIR" >&2; exit 2; }
binary=$1 outdir=$2
[ -f "$binary" ] || { echo "package: no such file: $binary" >&2; exit 2; }
repo=$(cd "$(dirname "$0")/.." && pwd)
if [ ! -x "$repo/npm/tools/node_modules/.bin/mcpb" ]; then
  echo "== installing the pinned packaging tools (npm/tools)" >&2
  npm ci --prefix "$repo/npm/tools" --no-audit --no-fund --loglevel=error >&2
fi
exec node "$repo/scripts/package.mjs" "$binary" "$outdir"
