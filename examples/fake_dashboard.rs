//! The fake Dashboard API of the integration tests as a program, for tests written in other
//! languages (tests/interop/serve-meraki.test.mjs): it listens on 127.0.0.1, prints one JSON
//! line `{"base": …, "origin": …, "key": …}` on stdout, and serves until its stdin closes.
//! `GET <origin>/_fake/seen` lists the requests it saw.
//!
//!   cargo build --example fake_dashboard && target/debug/examples/fake_dashboard

// A test or example program: its modules' `pub` items serve its own files, and it reports on
// its own stdout and stderr (the bridge's stream rules are for the bridge).
#![allow(unreachable_pub, clippy::print_stdout, clippy::print_stderr)]

#[path = "../tests/serve_meraki/fake_dashboard/mod.rs"]
#[allow(dead_code, unused_imports)]
mod fake_dashboard;

use tokio::io::AsyncReadExt;

#[tokio::main]
async fn main() {
    let fake = fake_dashboard::FakeDashboard::start().await;
    let ready = serde_json::json!({
        "base": fake.base,
        "origin": fake.origin,
        "key": fake_dashboard::KEY,
    });
    println!("{ready}");
    let mut sink = Vec::new();
    let _ = tokio::io::stdin().read_to_end(&mut sink).await;
}
