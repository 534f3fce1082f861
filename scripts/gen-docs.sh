#!/usr/bin/env bash
# Regenerate the committed shell completions and man page from the clap definition.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet
bin=${CARGO_TARGET_DIR:-target}/debug/mcp-bridge
$bin completions bash > completions/mcp-bridge.bash
$bin completions zsh > completions/_mcp-bridge
$bin completions fish > completions/mcp-bridge.fish
$bin completions powershell > completions/_mcp-bridge.ps1
$bin completions elvish > completions/mcp-bridge.elv
$bin man > man/mcp-bridge.1
echo "completions/ and man/ regenerated"
