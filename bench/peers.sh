#!/usr/bin/env bash
# Install the pinned peer bridges the benchmark compares with, outside the repository, each on
# first use, and say for each whether it is there.
#
#   bench/peers.sh DIR KEY...        KEY: hyper-mcp-remote | fastmcp-remote | mcp-proxy
#
# Prints one line per key on stdout, tab-separated: `KEY ok COMMAND` or `KEY failed REASON`
# (the full install log stays in DIR/<name>.install.log). Never exits non-zero for a peer that
# does not install: the benchmark reports it as such. mcp-remote comes from tests/interop
# (npm ci, pinned by its package-lock.json) and is handled by run.sh.
#
# Versions: hyper-mcp-remote 0.5.0 from crates.io (`cargo install --locked`, its own
# Cargo.lock); fastmcp-remote 4.1.4 and mcp-proxy 0.13.0 from PyPI, each in its own venv,
# with every dependency pinned by bench/peers/<name>.txt (a `pip freeze` of a working install).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dir=${1:?usage: bench/peers.sh DIR KEY...}
shift
mkdir -p "$dir"

HYPER_VERSION=0.5.0
FASTMCP_REMOTE_VERSION=4.1.4
MCP_PROXY_VERSION=0.13.0

# The last meaningful line of a log, on one line, for the report.
reason() {
  grep -v '^\s*$' "$1" 2>/dev/null | tail -n 1 | tr '\t' ' ' | cut -c1-200
}

install_hyper() {
  local root="$dir/hyper-mcp-remote-$HYPER_VERSION" log="$dir/hyper-mcp-remote-$HYPER_VERSION.install.log"
  local bin="$root/bin/hyper-mcp-remote"
  if [ ! -x "$bin" ]; then
    echo "== installing hyper-mcp-remote $HYPER_VERSION (cargo install, a few minutes) into $root" >&2
    if ! cargo install --locked --quiet "hyper-mcp-remote@$HYPER_VERSION" --root "$root" >"$log" 2>&1; then
      printf 'hyper-mcp-remote\tfailed\tcargo install failed: %s\n' "$(reason "$log")"
      return
    fi
  fi
  printf 'hyper-mcp-remote\tok\t%s\n' "$bin"
}

# install_venv NAME VERSION: a venv DIR/NAME-VERSION with the pinned requirements.
install_venv() {
  local name=$1 version=$2
  local venv="$dir/$name-$version" log="$dir/$name-$version.install.log"
  local bin="$venv/bin/$name"
  if [ ! -x "$bin" ]; then
    echo "== installing $name $version (PyPI) into $venv" >&2
    rm -rf "$venv"
    if ! { python3 -m venv "$venv" && "$venv/bin/pip" install --quiet --disable-pip-version-check \
      -r "$here/peers/$name-$version.txt"; } >"$log" 2>&1; then
      printf '%s\tfailed\tpip install failed: %s\n' "$name" "$(reason "$log")"
      return
    fi
  fi
  printf '%s\tok\t%s\n' "$name" "$bin"
}

for key in "$@"; do
  case "$key" in
    hyper-mcp-remote) install_hyper ;;
    fastmcp-remote) install_venv fastmcp-remote "$FASTMCP_REMOTE_VERSION" ;;
    mcp-proxy) install_venv mcp-proxy "$MCP_PROXY_VERSION" ;;
    *) printf '%s\tfailed\tunknown peer\n' "$key" ;;
  esac
done
