//! Load: a thousand requests in flight at once, each answer routed to its own id; a soak whose
//! memory stays flat (MCP_BRIDGE_SOAK_MESSAGES, default 20,000; the figure in BENCHMARKS.md
//! comes from 1,000,000).

use std::collections::HashMap;

use serde_json::json;

use crate::support::{BridgeProc, FakeServer, Knobs};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_requests_in_flight_each_get_their_own_answer() {
    let server = FakeServer::start(Knobs::default()).await;
    let mut b = BridgeProc::spawn(&["proxy", &server.url], &[]);
    b.initialize().await;
    for i in 0..1000 {
        b.send(&json!({"jsonrpc":"2.0","id":i,"method":"tools/call","params":{"name":"echo","arguments":{"i":i}}}))
            .await;
    }
    let mut answers = HashMap::new();
    for _ in 0..1000 {
        let m = b.recv().await;
        let id = m["id"].as_i64().unwrap_or_else(|| panic!("{m}"));
        let text = m["result"]["content"][0]["text"]
            .as_str()
            .unwrap_or_else(|| panic!("{m}"))
            .to_owned();
        assert_eq!(
            text,
            format!(r#"{{"i":{id}}}"#),
            "answer routed to the wrong id"
        );
        assert!(answers.insert(id, text).is_none(), "id {id} answered twice");
    }
    assert_eq!(answers.len(), 1000);
    b.close().await;
}

#[cfg(target_os = "linux")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_soak_keeps_memory_flat() {
    use crate::support::memory::rss_kb;
    let total: u64 = std::env::var("MCP_BRIDGE_SOAK_MESSAGES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_000);
    let window = 200;
    let server = FakeServer::start(Knobs::default()).await;
    let mut b = BridgeProc::spawn(&["proxy", &server.url, "-q"], &[]);
    b.initialize().await;
    pump(&mut b, 0, 5_000, window).await;
    let start_rss = rss_kb(b.pid());
    let started = std::time::Instant::now();
    pump(&mut b, 5_000, total, window).await;
    let end_rss = rss_kb(b.pid());
    eprintln!(
        "soak: {total} messages in {:.1} s ({:.0}/s), RSS {} kB after warm-up, {} kB at the end",
        started.elapsed().as_secs_f64(),
        total as f64 / started.elapsed().as_secs_f64(),
        start_rss,
        end_rss
    );
    assert!(
        end_rss < start_rss + 8 * 1024,
        "memory grew from {start_rss} kB to {end_rss} kB"
    );
    b.close().await;
}

/// Send `n` messages from id `from`, at most `window` requests unanswered at a time; every
/// tenth is a notification, the rest are pings.
#[cfg(target_os = "linux")]
async fn pump(b: &mut BridgeProc, from: u64, n: u64, window: u64) {
    let mut sent = from;
    let mut done = 0;
    while done < n {
        while sent < from + n && sent - from - done < window {
            if sent % 10 == 9 {
                b.send(&json!({"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":sent,"progress":1}}))
                    .await;
                done += 1;
            } else {
                b.send(&json!({"jsonrpc":"2.0","id":sent,"method":"ping"}))
                    .await;
            }
            sent += 1;
        }
        if done < n {
            let m = b.recv().await;
            assert!(m.get("result").is_some(), "{m}");
            done += 1;
        }
    }
}
