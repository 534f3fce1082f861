#!/usr/bin/env bash
# Type-check and lint the crate, test code and examples included, for the platforms this
# machine cannot build for: macOS (aarch64 and x86_64) and Windows (x86_64, MSVC), with every
# rustc and clippy warning an error (as `cargo clippy --all-targets -- -D warnings` in CI).
# Usage: scripts/cross-check.sh [TARGET...]   (default: the three targets below)
#        CROSS_CHECK_CLIPPY=0 for rustc's checks alone.
#
# rustup cannot add targets here (no network beyond the package registries), so this uses
# Debian's own compiler: `rustc-web` (bookworm-security) with its std sources and clippy, and
# builds std for each target with `cargo -Zbuild-std` (RUSTC_BOOTSTRAP=1). Only a check: nothing
# is linked or run, so aws-lc-sys's C build is skipped through a cargo `links` override that
# hands aws-lc-rs the metadata its build script would have printed.
#
# First run: needs root and apt (bookworm-security) to fetch the compiler into a cache directory
# (CROSS_CHECK_RUSTC_DIR, default ~/.cache/mcp-bridge-cross-rustc; delete it to update) and to
# install the LLVM library it links to. Later runs need neither. The check uses its own target
# directory (target/cross-check), so the normal build in target/ is never invalidated.
set -euo pipefail
cd "$(dirname "$0")/.."

targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(aarch64-apple-darwin x86_64-apple-darwin x86_64-pc-windows-msvc)

D=${CROSS_CHECK_RUSTC_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/mcp-bridge-cross-rustc}
msrv=$(sed -n 's/^rust-version = "\(.*\)"/\1/p' Cargo.toml)

# "1.96.0+dfsg1-1~deb12u2" -> "1.96"
major_minor() { sed -E 's/^([0-9]+\.[0-9]+).*/\1/' <<<"$1"; }
at_least() { [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]; }

install_toolchain() {
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    echo "cross-check: the first run needs root and apt-get to fetch Debian's rustc-web into $D" >&2
    exit 2
  fi
  apt-get update -qq
  local v mm llvm
  v=$(apt-cache policy rustc-web | awk '/Candidate:/ {print $2}')
  mm=$(major_minor "$v")
  if [ -z "$v" ] || [ "$v" = "(none)" ] || ! at_least "$mm" "$msrv"; then
    echo "cross-check: apt offers rustc-web '${v:-none}', older than the crate's rust-version $msrv" >&2
    echo "             (it comes from bookworm-security; is that suite in the apt sources?)" >&2
    exit 2
  fi
  # The compiler's shared library links to one LLVM, which comes from apt like any library.
  llvm=$(apt-cache depends "libstd-rust-web-$mm=$v" | awk '/Depends: libllvm/ {print $2; exit}')
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$llvm" >/dev/null
  local tmp
  tmp=$(mktemp -d)
  # apt's download sandbox user cannot write into a root-only mktemp directory (apt warns, on
  # stderr, that it downloads unsandboxed: shown only if the download fails).
  chmod 755 "$tmp"
  if ! (cd "$tmp" && apt-get download -qq "rustc-web=$v" "libstd-rust-web-$mm=$v" \
        "libstd-rust-web-dev=$v" "rust-web-src=$v" "rust-web-clippy=$v") 2>"$tmp/log"; then
    cat "$tmp/log" >&2
    exit 2
  fi
  rm -rf "$D" && mkdir -p "$D"
  for deb in "$tmp"/*.deb; do dpkg-deb -x "$deb" "$D"; done
  rm -rf "$tmp"
  if [ ! -x "$D/usr/bin/rustc" ] || [ ! -x "$D/usr/bin/clippy-driver" ]; then
    echo "cross-check: rustc-web $v did not unpack into $D" >&2
    exit 2
  fi
  echo "$v" >"$D/version"
}

if [ ! -f "$D/version" ] || [ ! -x "$D/usr/bin/clippy-driver" ]; then
  install_toolchain
fi
echo "cross-check: Debian rustc-web $(cat "$D/version"), targets: ${targets[*]}"

export RUSTC="$D/usr/bin/rustc" RUSTC_BOOTSTRAP=1
export LD_LIBRARY_PATH="$D/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export CARGO_TARGET_DIR="${CROSS_CHECK_TARGET_DIR:-target/cross-check}"
# Warnings are errors for the crate's own code; dependencies keep cargo's --cap-lints. With
# --target given, RUSTFLAGS reach only target code, not build scripts or proc macros.
export RUSTFLAGS="${RUSTFLAGS:+$RUSTFLAGS }-D warnings"
unset RUSTDOCFLAGS CARGO_BUILD_RUSTFLAGS CARGO_ENCODED_RUSTFLAGS
# clippy-driver checks the crate's own code (what `cargo clippy` does); dependencies and std
# go through plain rustc.
if [ "${CROSS_CHECK_CLIPPY:-1}" != 0 ]; then
  export RUSTC_WORKSPACE_WRAPPER="$D/usr/bin/clippy-driver"
else
  unset RUSTC_WORKSPACE_WRAPPER
fi

# aws-lc-sys declares `links = "aws_lc_X_Y_Z"`: overriding that key per target replaces its build
# script. The cfg names the target, which selects aws-lc-sys's pregenerated bindings.
links=$(cargo metadata --locked --format-version 1 | grep -o '"links":"aws_lc_[0-9_]*"' | sort -u | cut -d'"' -f4)
[ "$(wc -w <<<"$links")" = 1 ] || { echo "cross-check: expected one aws-lc-sys in Cargo.lock, found: $links" >&2; exit 2; }

args=()
for t in "${targets[@]}"; do
  args+=(--target "$t"
    --config "target.$t.$links.rustc-cfg=[\"${t//-/_}\"]"
    --config "target.$t.$links.include=\"/nonexistent\"")
done
# One cargo run for every target: build scripts and proc macros are built once, and the two cores
# stay busy across targets.
cargo check --locked --all-targets -Zbuild-std=std,panic_abort "${args[@]}"
echo "cross-check: ${targets[*]}: no errors, no warnings${RUSTC_WORKSPACE_WRAPPER:+ (rustc and clippy)}"
