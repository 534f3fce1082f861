#!/usr/bin/env bash
# Check what `cargo publish` would upload: exactly the tracked files under src/ (the embedded
# Meraki asset among them), Cargo.toml, Cargo.lock, build.rs and the start-up layout it links
# (link/startup.ld), README.md and the two licences, plus what
# cargo adds itself — nothing from tests/, fuzz/, bench/, node_modules/ or the npm side. With
# --build, also build the packed crate on its own (as `cargo publish` does before uploading).
# Usage: scripts/check-package.sh [--build]
set -euo pipefail
cd "$(dirname "$0")/.."

listed=$(mktemp) wanted=$(mktemp)
trap 'rm -f "$listed" "$wanted"' EXIT

# --allow-dirty: a working copy with edits is checked as it stands (CI's checkout is clean).
# Cargo adds .cargo_vcs_info.json (the commit it packed) in a git checkout.
cargo package --locked --allow-dirty --list | grep -vx '.cargo_vcs_info.json' | sort >"$listed"
{
  git ls-files src
  printf '%s\n' Cargo.toml Cargo.toml.orig Cargo.lock README.md LICENSE-MIT LICENSE-APACHE build.rs link/startup.ld
} | sort >"$wanted"

if ! diff -u "$wanted" "$listed" >&2; then
  echo "check-package: the crate would not hold exactly what it needs ('-' missing, '+' extra):" >&2
  echo "               fix \`include\` in Cargo.toml" >&2
  exit 1
fi
for f in src/meraki/assets/dashboard-api.json LICENSE-MIT LICENSE-APACHE; do
  grep -qx "$f" "$listed" || { echo "check-package: $f is not packed" >&2; exit 1; }
done
echo "check-package: $(wc -l <"$listed") files, all needed, nothing else"

if [ "${1:-}" = --build ]; then
  # Unpacks the .crate into target/package/ and builds it there, away from the checkout.
  cargo package --locked --allow-dirty --quiet
  echo "check-package: the packed crate builds on its own"
fi
