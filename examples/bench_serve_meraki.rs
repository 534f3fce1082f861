//! Benchmark of `mcp-bridge serve meraki` against the fake Dashboard of the tests:
//!
//! 1. a cached tool call: time spent inside the server (`_meta["mcp-bridge/elapsedMs"]`) and
//!    the round trip seen by the client, over many calls;
//! 2. a burst of 200 concurrent calls with the cache off, half on an organization (known from
//!    the path) and half on its networks (whose organization the bridge cannot know): the most
//!    requests the fake Dashboard saw in any one-second window (the limit is 10, and the fake
//!    answers 429 beyond it, as the Dashboard does), how many 429s it gave, and how long the
//!    burst took.
//!
//! Run with `bench/serve-meraki.sh`, or:
//!   cargo build --release && cargo run --release --example bench_serve_meraki
//! The binary is $MCP_BRIDGE_BIN, or target/release/mcp-bridge.

// A test or example program: its modules' `pub` items serve its own files, and it reports on
// its own stdout and stderr (the bridge's stream rules are for the bridge).
#![allow(unreachable_pub, clippy::print_stdout, clippy::print_stderr)]

#[path = "../tests/serve_meraki/fake_dashboard/mod.rs"]
#[allow(dead_code, unused_imports)]
mod fake_dashboard;

use std::collections::HashMap;
use std::process::Stdio;
use std::time::Instant;

use fake_dashboard::{FAKE_ORG, FakeDashboard, KEY, most_in_one_second};
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::process::Command;

const CACHED_CALLS: usize = 2000;
const BURST: usize = 200;

#[tokio::main]
async fn main() {
    let bin =
        std::env::var("MCP_BRIDGE_BIN").unwrap_or_else(|_| "target/release/mcp-bridge".into());
    let fake = FakeDashboard::start().await;

    // 1. Cached calls.
    let mut s = Session::start(&bin, &fake, &[]).await;
    s.call_many("meraki_get_organizations", json!({}), 1).await;
    let started = Instant::now();
    let results = s
        .call_many("meraki_get_organizations", json!({}), CACHED_CALLS)
        .await;
    let wall = started.elapsed();
    let mut inside: Vec<f64> = results
        .iter()
        .map(|r| {
            assert_eq!(r["result"]["_meta"]["mcp-bridge/cache"], "hit");
            r["result"]["_meta"]["mcp-bridge/elapsedMs"]
                .as_f64()
                .unwrap()
        })
        .collect();
    inside.sort_by(f64::total_cmp);
    let pct = |p: f64| inside[((inside.len() - 1) as f64 * p) as usize];
    println!("cached call (meraki_get_organizations), {CACHED_CALLS} calls, pipelined:");
    println!(
        "  inside the server: p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms",
        pct(0.5),
        pct(0.99),
        inside[inside.len() - 1]
    );
    println!(
        "  throughput over stdio: {:.0} calls/s ({:.3} ms per call)",
        CACHED_CALLS as f64 / wall.as_secs_f64(),
        wall.as_secs_f64() * 1000.0 / CACHED_CALLS as f64
    );
    println!("  requests to the fake Dashboard: {}", fake.seen().len());
    assert!(pct(0.99) < 1.0, "a cached call is answered in under 1 ms");
    drop(s);

    // 2. A burst with the cache off: half on the organization, half on its networks.
    let fake = FakeDashboard::start().await;
    let mut s = Session::start(&bin, &fake, &["--no-cache"]).await;
    let calls: Vec<(&str, Value)> = (0..BURST)
        .map(|i| {
            if i % 2 == 0 {
                (
                    "meraki_get_organization",
                    json!({"organizationId": FAKE_ORG}),
                )
            } else {
                ("meraki_get_devices", json!({"networkId": format!("N_{i}")}))
            }
        })
        .collect();
    let started = Instant::now();
    let results = s.call_each(&calls).await;
    let wall = started.elapsed();
    assert!(results.iter().all(|r| r["result"]["isError"] == false));
    let seen = fake.seen();
    let times: Vec<Instant> = seen.iter().map(|s| s.at).collect();
    let max_window = most_in_one_second(&times);
    println!(
        "burst of {BURST} concurrent calls, one organization (half by its id, half by network ids \
         of unknown organization), --no-cache:"
    );
    println!("  requests seen by the fake Dashboard: {}", times.len());
    println!("  most requests in any 1 s window: {max_window} (limit 10)");
    println!("  429s from the fake Dashboard: {}", fake.limited());
    println!(
        "  burst served in {:.1} s ({:.1} requests/s overall)",
        wall.as_secs_f64(),
        times.len() as f64 / wall.as_secs_f64()
    );
    assert!(
        max_window <= 10,
        "the limiter kept to 10 requests per second"
    );
    assert_eq!(fake.limited(), 0, "the fake Dashboard never had to refuse");
}

struct Session {
    child: tokio::process::Child,
    stdin: tokio::process::ChildStdin,
    lines: tokio::io::Lines<BufReader<tokio::process::ChildStdout>>,
    next_id: u64,
}

impl Session {
    async fn start(bin: &str, fake: &FakeDashboard, extra: &[&str]) -> Session {
        let mut cmd = Command::new(bin);
        cmd.args(["serve", "meraki", "--base-url", &fake.base])
            .args(extra)
            .env("MERAKI_DASHBOARD_API_KEY", KEY)
            .env_remove("HTTP_PROXY")
            .env_remove("HTTPS_PROXY")
            .env_remove("http_proxy")
            .env_remove("https_proxy")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .kill_on_drop(true);
        let mut child = cmd
            .spawn()
            .expect("start mcp-bridge (build it with cargo build --release)");
        let stdin = child.stdin.take().unwrap();
        let lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let mut s = Session {
            child,
            stdin,
            lines,
            next_id: 1,
        };
        let init = json!({"protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "bench", "version": "1"}});
        s.send(&json!({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": init}))
            .await;
        s.read().await;
        s.send(&json!({"jsonrpc": "2.0", "method": "notifications/initialized"}))
            .await;
        s
    }

    async fn send(&mut self, v: &Value) {
        self.stdin
            .write_all(format!("{v}\n").as_bytes())
            .await
            .unwrap();
    }

    async fn read(&mut self) -> Value {
        let line = self.lines.next_line().await.unwrap().expect("a response");
        serde_json::from_str(&line).unwrap()
    }

    /// Send `n` calls at once, then collect the `n` responses.
    async fn call_many(&mut self, tool: &str, args: Value, n: usize) -> Vec<Value> {
        let calls = vec![(tool, args); n];
        self.call_each(&calls).await
    }

    /// Send every call at once, then collect their responses in order.
    async fn call_each(&mut self, calls: &[(&str, Value)]) -> Vec<Value> {
        let n = calls.len();
        let mut ids = Vec::new();
        let mut batch = String::new();
        for (tool, args) in calls {
            let id = self.next_id;
            self.next_id += 1;
            ids.push(id);
            let msg = json!({"jsonrpc": "2.0", "id": id, "method": "tools/call", "params": {"name": tool, "arguments": args}});
            batch.push_str(&format!("{msg}\n"));
        }
        self.stdin.write_all(batch.as_bytes()).await.unwrap();
        self.stdin.flush().await.unwrap();
        let mut got: HashMap<u64, Value> = HashMap::new();
        while got.len() < n {
            let v = self.read().await;
            if let Some(id) = v["id"].as_u64() {
                got.insert(id, v);
            }
        }
        ids.iter().map(|id| got.remove(id).unwrap()).collect()
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = self.child.start_kill();
    }
}
