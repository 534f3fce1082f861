//! Faults on the server side: 5xx with and without Retry-After, refused connections, a response
//! stream that breaks before its answer (resumed with Last-Event-ID after the server's `retry`).

use std::time::{Duration, Instant};

use serde_json::json;

use crate::support::{BridgeProc, FakeServer, Knobs};

#[tokio::test]
async fn a_500_answers_the_request_with_an_error_and_the_bridge_goes_on() {
    let server = FakeServer::start(Knobs::default()).await;
    let mut b = BridgeProc::spawn(&["proxy", &server.url], &[]);
    b.initialize().await;
    server.set(|k| k.fail_next.push_back((500, None)));
    let r = b.request(json!(1), "tools/list", json!({})).await;
    assert_eq!(r["error"]["code"], -32000, "{r}");
    assert_eq!(r["error"]["data"]["httpStatus"], 500);
    assert!(
        r["error"]["message"]
            .as_str()
            .unwrap()
            .contains("injected 500")
    );
    assert_eq!(b.request(json!(2), "tools/list", json!({})).await["id"], 2);
    b.close().await;
}

#[tokio::test]
async fn a_503_with_retry_after_is_retried_and_succeeds() {
    let server = FakeServer::start(Knobs::default()).await;
    let mut b = BridgeProc::spawn(&["proxy", &server.url], &[]);
    b.initialize().await;
    server.set(|k| {
        k.fail_next.push_back((503, Some(1)));
        k.fail_next.push_back((502, None));
    });
    let start = Instant::now();
    let r = b.request(json!(1), "tools/list", json!({})).await;
    assert!(r.get("result").is_some(), "{r}");
    assert!(
        start.elapsed() >= Duration::from_secs(1),
        "Retry-After was honoured"
    );
    assert_eq!(server.seen_rpc("tools/list").len(), 3);
    b.close().await;
}

#[tokio::test]
async fn a_refused_connection_is_reported_after_retries() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let url = format!("http://127.0.0.1:{port}/mcp");
    let mut b = BridgeProc::spawn(&["proxy", &url], &[]);
    let r = b
        .request(json!(0), "initialize", json!({"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"h","version":"1"}}))
        .await;
    let msg = r["error"]["message"].as_str().unwrap();
    assert!(msg.contains("cannot connect"), "{msg}");
    assert!(msg.contains(&port.to_string()));
    let (code, _) = b.close().await;
    assert_eq!(code, Some(0));
}

#[tokio::test]
async fn a_dropped_stream_is_resumed_with_last_event_id() {
    let server = FakeServer::start(Knobs::default()).await;
    let mut b = BridgeProc::spawn(&["proxy", &server.url], &[]);
    b.initialize().await;
    b.send(&json!({"jsonrpc":"2.0","id":"r1","method":"tools/call","params":{"name":"drop_then_answer","arguments":{"k":"v"}}}))
        .await;
    let progress = b.message_with_method("notifications/progress").await;
    assert_eq!(progress["params"]["progress"], 1);
    let start = Instant::now();
    let r = b.response(&json!("r1")).await;
    assert_eq!(r["result"]["content"][0]["text"], r#"{"k":"v"}"#, "{r}");
    let resume = server
        .seen()
        .into_iter()
        .find(|s| s.http_method == "GET" && s.headers.contains_key("last-event-id"))
        .expect("a resuming GET");
    assert_eq!(resume.headers["last-event-id"], "d-1");
    assert_eq!(resume.headers["mcp-session-id"], "sess-0");
    let waited = start.elapsed();
    assert!(
        waited >= Duration::from_millis(150),
        "the retry pause was honoured: {waited:?}"
    );
    assert!(waited < Duration::from_secs(3));
    // Exactly one answer: nothing duplicated.
    assert_eq!(
        b.request(json!("after"), "ping", json!({})).await["id"],
        "after"
    );
    b.close().await;
}
