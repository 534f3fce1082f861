#!/usr/bin/env bash
# Benchmark mcp-bridge against the peer bridges on this machine and write the top of
# BENCHMARKS.md.
#
#   bench/run.sh [--quick] [--peers all|none|KEY,KEY...] [bench.mjs options]
#       --quick    a 3 s throughput run instead of 10 s, and one large result instead of three
#                  (the same 2,000 timed calls: every target is judged)
#       --peers    which peers besides mcp-bridge: mcp-remote, hyper-mcp-remote,
#                  fastmcp-remote, mcp-proxy (default all)
#       e.g. bench/run.sh --quick --peers mcp-remote,mcp-proxy
#   MCP_BRIDGE_BIN=/path/to/mcp-bridge bench/run.sh
#
# Without MCP_BRIDGE_BIN it builds a release binary from the repository's latest commit in a
# private clone (BENCH_BUILD_DIR, default /tmp/mcp-bridge-bench-src; target dir
# BENCH_TARGET_DIR, default /tmp/mcp-bridge-bench-target), leaving the checkout untouched.
# On x86_64 Linux that is the static musl build the releases and the npm package ship, when
# the target and musl-gcc are installed (`rustup target add x86_64-unknown-linux-musl`,
# `apt-get install musl-tools`); otherwise, or with BENCH_HOST_BUILD=1, the host's glibc build
# that `cargo install` makes.
# The peers are installed on first use, pinned, outside the repository (BENCH_PEERS_DIR,
# default /tmp/mcp-bridge-bench-peers; see bench/peers.sh); mcp-remote comes from
# tests/interop. A peer that does not install is reported in the results, not dropped.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
given_bin=${MCP_BRIDGE_BIN:-}
given_env=""
for v in BENCH_BUILD_DIR BENCH_TARGET_DIR BENCH_PEERS_DIR; do
  [ -n "${!v:-}" ] && given_env+="$v=${!v} "
done

peers=all
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  [ "${args[$i]}" = --peers ] && peers=${args[$((i + 1))]:-}
done
case "$peers" in
  all) peers=mcp-remote,hyper-mcp-remote,fastmcp-remote,mcp-proxy ;;
  none) peers= ;;
esac

if [ -z "${MCP_BRIDGE_BIN:-}" ]; then
  src=${BENCH_BUILD_DIR:-/tmp/mcp-bridge-bench-src}
  target=${BENCH_TARGET_DIR:-/tmp/mcp-bridge-bench-target}
  echo "== building mcp-bridge (release) from $(git -C "$repo" rev-parse --short HEAD) in $src" >&2
  rm -rf "$src"
  git clone -q "$repo" "$src"
  musl=x86_64-unknown-linux-musl
  if [ -z "${BENCH_HOST_BUILD:-}" ] && [ "$(uname -sm)" = "Linux x86_64" ] &&
    rustup target list --installed 2>/dev/null | grep -x "$musl" >/dev/null && command -v musl-gcc >/dev/null; then
    (cd "$src" && CC_x86_64_unknown_linux_musl=musl-gcc CARGO_TARGET_DIR="$target" \
      cargo build --release --locked --quiet --target "$musl")
    MCP_BRIDGE_BIN=$target/$musl/release/mcp-bridge
    export BENCH_BRIDGE_BUILD="static $musl, as released"
  else
    (cd "$src" && CARGO_TARGET_DIR="$target" cargo build --release --locked --quiet)
    MCP_BRIDGE_BIN=$target/release/mcp-bridge
    export BENCH_BRIDGE_BUILD="host glibc build, as cargo install makes it"
  fi
  BENCH_BRIDGE_COMMIT=$(git -C "$src" rev-parse --short HEAD)
  export BENCH_BRIDGE_COMMIT
fi
[ -x "$MCP_BRIDGE_BIN" ] || { echo "not an executable: $MCP_BRIDGE_BIN" >&2; exit 2; }

if [[ ",$peers," == *,mcp-remote,* ]] && [ ! -f "$repo/tests/interop/node_modules/mcp-remote/dist/proxy.js" ]; then
  echo "== installing the pinned npm peers (tests/interop)" >&2
  npm ci --prefix "$repo/tests/interop" --no-audit --no-fund --loglevel=error ||
    echo "npm ci failed: mcp-remote will be reported as not installed" >&2
fi

peers_dir=${BENCH_PEERS_DIR:-/tmp/mcp-bridge-bench-peers}
mkdir -p "$peers_dir"
status=$peers_dir/status.tsv
others=()
IFS=, read -ra wanted <<<"$peers"
for p in "${wanted[@]}"; do
  [ "$p" = mcp-remote ] || others+=("$p")
done
"$here/peers.sh" "$peers_dir" ${others[@]+"${others[@]}"} >"$status"
sed 's/^/   peer: /' "$status" >&2

cmd="${given_env}bench/run.sh${*:+ $*}"
[ -n "$given_bin" ] && cmd="MCP_BRIDGE_BIN=$given_bin $cmd"
export BENCH_COMMAND=$cmd
exec node "$here/bench.mjs" --bridge "$MCP_BRIDGE_BIN" --peer-status "$status" "$@"
