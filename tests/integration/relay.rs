//! Plain relaying: JSON and SSE answers, notifications before a response, server-to-client
//! requests answered by the host, batches, unknown methods and fields.

use serde_json::json;

use crate::support::{BridgeProc, FakeServer, Knobs, eventually};

#[tokio::test]
async fn relays_json_answers_and_sends_session_headers() {
    let server = FakeServer::start(Knobs::default()).await;
    let mut b = BridgeProc::spawn(&["proxy", &server.url], &[]);
    let init = b.initialize().await;
    assert_eq!(init["result"]["serverInfo"]["name"], "fake");
    let list = b.request(json!(1), "tools/list", json!({})).await;
    assert_eq!(list["result"]["tools"].as_array().unwrap().len(), 5);

    let post = server.seen_rpc("tools/list").pop().unwrap();
    assert_eq!(post.headers["mcp-session-id"], "sess-0");
    assert_eq!(post.headers["mcp-protocol-version"], "2025-11-25");
    let accept = post.headers["accept"].to_str().unwrap();
    assert!(accept.contains("application/json") && accept.contains("text/event-stream"));
    // The initialize itself carries no session and no version.
    let init_post = server.seen_rpc("initialize").pop().unwrap();
    assert!(init_post.headers.get("mcp-session-id").is_none());
    b.close().await;
}

#[tokio::test]
async fn relays_sse_streams_with_notifications_before_the_response() {
    let server = FakeServer::start(Knobs {
        sse: true,
        ..Knobs::default()
    })
    .await;
    let mut b = BridgeProc::spawn(&["proxy", &server.url], &[]);
    b.initialize().await;
    b.send(&json!({"jsonrpc":"2.0","id":"c1","method":"tools/call","params":{"name":"echo","arguments":{"text":"hi"}}}))
        .await;
    // The notification sent on the call's stream reaches the host before the call's answer.
    let mut saw_note = false;
    let second = loop {
        let m = b.recv().await;
        if m["method"] == "notifications/message" && m["params"]["data"] == "working on tools/call"
        {
            saw_note = true;
        } else if m["id"] == "c1" {
            break m;
        }
    };
    assert!(saw_note, "the notification came before the response");
    assert_eq!(second["result"]["content"][0]["text"], r#"{"text":"hi"}"#);
    b.close().await;
}

#[tokio::test]
async fn server_requests_reach_the_host_and_answers_go_back() {
    let server = FakeServer::start(Knobs::default()).await;
    let mut b = BridgeProc::spawn(&["proxy", &server.url], &[]);
    b.initialize().await;
    b.send(&json!({"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"ask_roots"}}))
        .await;
    let ask = b.message_with_method("roots/list").await;
    let ask_id = ask["id"].clone();
    assert!(
        ask_id.as_str().unwrap().starts_with("srv-"),
        "server ids pass unchanged: {ask}"
    );
    b.send(&json!({"jsonrpc":"2.0","id":ask_id,"result":{"roots":[{"uri":"file:///w"}]}}))
        .await;
    let done = b.response(&json!(5)).await;
    assert!(
        done["result"]["content"][0]["text"]
            .as_str()
            .unwrap()
            .contains("file:///w"),
        "{done}"
    );
    b.close().await;
}

#[tokio::test]
async fn batches_are_split_and_answered_as_one_batch() {
    let server = FakeServer::start(Knobs::default()).await;
    let mut b = BridgeProc::spawn(&["proxy", &server.url], &[]);
    b.initialize().await;
    b.send_raw(r#"[{"jsonrpc":"2.0","id":"x","method":"ping"},{"jsonrpc":"2.0","method":"notifications/roots/list_changed"},{"jsonrpc":"2.0","id":"y","method":"tools/list"},17]"#)
        .await;
    let batch = b.recv().await;
    let items = batch
        .as_array()
        .unwrap_or_else(|| panic!("expected a batch, got {batch}"));
    assert_eq!(items.len(), 3, "{batch}");
    let ids: Vec<_> = items.iter().map(|m| m["id"].clone()).collect();
    assert!(ids.contains(&json!("x")) && ids.contains(&json!("y")) && ids.contains(&json!(null)));
    assert_eq!(server.seen_rpc("notifications/roots/list_changed").len(), 1);
    b.close().await;
}

#[tokio::test]
async fn unknown_methods_and_fields_pass_through_untouched() {
    let server = FakeServer::start(Knobs::default()).await;
    let mut b = BridgeProc::spawn(&["proxy", &server.url], &[]);
    b.initialize().await;
    let r = b
        .request(
            json!(9),
            "vendor/experimental",
            json!({"deep":{"k":[1,"two",null]},"_meta":{"x":1}}),
        )
        .await;
    assert_eq!(r["result"]["method"], "vendor/experimental");
    assert_eq!(r["result"]["params"]["deep"]["k"], json!([1, "two", null]));
    assert_eq!(r["result"]["params"]["_meta"]["x"], 1);
    b.close().await;
}

#[tokio::test]
async fn get_stream_delivers_server_initiated_notifications() {
    let server = FakeServer::start(Knobs {
        get_stream: true,
        ..Knobs::default()
    })
    .await;
    let mut b = BridgeProc::spawn(&["proxy", &server.url], &[]);
    b.initialize().await;
    // Wait for the bridge to open its listening stream.
    let delivered = eventually(|| async {
        server
            .notify_listeners(json!({"jsonrpc":"2.0","method":"notifications/tools/list_changed"}))
            .await
            > 0
    })
    .await;
    assert!(
        delivered,
        "the bridge never opened the GET stream: {}",
        b.stderr()
    );
    let n = b
        .message_with_method("notifications/tools/list_changed")
        .await;
    assert!(n.get("id").is_none());
    let get = server
        .seen()
        .into_iter()
        .find(|s| s.http_method == "GET")
        .unwrap();
    assert_eq!(get.headers["mcp-session-id"], "sess-0");
    b.close().await;
}

#[tokio::test]
async fn large_results_are_relayed_whole() {
    let server = FakeServer::start(Knobs::default()).await;
    let mut b = BridgeProc::spawn(&["proxy", &server.url], &[]);
    b.initialize().await;
    let r = b
        .request(
            json!(3),
            "tools/call",
            json!({"name":"big","arguments":{"bytes":5_000_000}}),
        )
        .await;
    assert_eq!(
        r["result"]["content"][0]["text"].as_str().unwrap().len(),
        5_000_000
    );
    b.close().await;
}
