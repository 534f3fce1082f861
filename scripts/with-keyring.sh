#!/usr/bin/env bash
# Run a command against a real, throw-away Secret Service: a private D-Bus session with an
# unlocked gnome-keyring whose files live in a temporary directory (removed afterwards).
# Usage: scripts/with-keyring.sh [--locked] CMD [ARGS...]
#   --locked: start the keyring without unlocking it (writes are refused)
# Needs (Debian/Ubuntu): gnome-keyring dbus dbus-x11
set -euo pipefail
if [ -z "${_MCP_BRIDGE_KEYRING_SESSION:-}" ]; then
  export _MCP_BRIDGE_KEYRING_SESSION=1
  exec dbus-run-session -- "$0" "$@"
fi
locked=0
if [ "${1:-}" = "--locked" ]; then locked=1; shift; fi
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export XDG_DATA_HOME="$scratch/data" XDG_RUNTIME_DIR="$scratch/run"
mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
if [ $locked = 1 ]; then
  gnome-keyring-daemon --daemonize --components=secrets >/dev/null </dev/null
else
  # --unlock takes the new keyring's password on stdin.
  printf '%s' 'throwaway' | gnome-keyring-daemon --daemonize --unlock --components=secrets >/dev/null
fi
# Wait until the daemon owns the Secret Service name; otherwise D-Bus would start a second,
# locked daemon on first use.
for _ in $(seq 1 100); do
  if dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
       org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true'; then
    break
  fi
  sleep 0.1
done
"$@"
