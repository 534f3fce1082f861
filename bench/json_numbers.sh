#!/usr/bin/env bash
# What serde_json's `arbitrary_precision` (which the bridge enables so that any JSON number
# survives a rewrite) costs where the bridge parses a whole message into a Value: a 1 MiB
# tools/list-like result with many numbers, parsed and serialized again, with and without the
# feature, in a throwaway crate under /tmp. Prints MiB/s for each.
#   bench/json_numbers.sh [ROUNDS]
set -euo pipefail
rounds=${1:-200}
version=$(grep -A1 '^name = "serde_json"' "$(dirname "$0")/../Cargo.lock" | sed -n 's/^version = "\(.*\)"/\1/p')
dir=${JSON_BENCH_DIR:-/tmp/mcp-bridge-json-numbers}
mkdir -p "$dir/src"
cat >"$dir/src/main.rs" <<'EOF'
use std::time::Instant;

fn main() {
    let rounds: usize = std::env::args().nth(1).and_then(|r| r.parse().ok()).unwrap_or(200);
    let mut tools = Vec::new();
    let mut i = 0u64;
    while serde_json::to_string(&tools).unwrap().len() < 1 << 20 {
        tools.push(serde_json::json!({
            "name": format!("tool_{i}"),
            "description": "Lists the things in a network, with paging and a time span.",
            "inputSchema": {"type": "object", "properties": {
                "perPage": {"type": "integer", "minimum": 3, "maximum": 1000, "default": 10},
                "timespan": {"type": "number", "minimum": 0.5, "maximum": 2678400.0},
                "ids": {"type": "array", "items": {"type": "integer"}, "default": [i, i + 1, i * 7]}
            }}
        }));
        i += 1;
    }
    let text = serde_json::json!({"jsonrpc": "2.0", "id": 1, "result": {"tools": tools}}).to_string();
    let start = Instant::now();
    let mut n = 0;
    for _ in 0..rounds {
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        n += serde_json::to_vec(&v).unwrap().len();
    }
    let secs = start.elapsed().as_secs_f64();
    println!("{:.0} MiB/s ({} bytes x {rounds} parsed and serialized, {n} out)",
        (text.len() * rounds) as f64 / secs / (1 << 20) as f64, text.len());
}
EOF
for features in '"preserve_order"' '"preserve_order", "arbitrary_precision"'; do
  cat >"$dir/Cargo.toml" <<EOF
[package]
name = "json-numbers"
version = "0.0.0"
edition = "2021"
publish = false
[dependencies]
serde_json = { version = "=$version", features = [$features] }
[profile.release]
codegen-units = 4
[workspace]
EOF
  (cd "$dir" && cargo build --release --quiet)
  printf '%-45s ' "[$features]:"
  "$dir/target/release/json-numbers" "$rounds"
done
