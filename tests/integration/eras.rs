//! A 2025-11-25 host in front of a 2026-07-28 (stateless) server: era detection, the host's
//! `initialize` answered from `server/discover`, per-request metadata and headers, cancellation
//! as a closed stream, a broken stream re-issued under a new id, and `--protocol legacy`.

use serde_json::json;

use crate::support::fake_modern::FakeModern;
use crate::support::{BridgeProc, eventually};

async fn call(
    b: &mut BridgeProc,
    id: u64,
    tool: &str,
    args: serde_json::Value,
) -> serde_json::Value {
    b.request(
        json!(id),
        "tools/call",
        json!({"name": tool, "arguments": args}),
    )
    .await
}

#[tokio::test]
async fn a_legacy_host_works_against_a_modern_server_with_no_flags() {
    let server = FakeModern::start().await;
    let mut b = BridgeProc::spawn(&["proxy", &server.url], &[]);
    let init = b
        .request(
            json!(0),
            "initialize",
            json!({"protocolVersion": "2025-11-25", "capabilities": {"roots": {}}, "clientInfo": {"name": "desk", "version": "9"}}),
        )
        .await;
    assert_eq!(
        init["result"]["serverInfo"]["name"],
        "modern-fake",
        "{init}\n{}",
        b.stderr()
    );
    assert_eq!(init["result"]["protocolVersion"], "2025-11-25");
    assert_eq!(init["result"]["instructions"], "a stateless server");
    b.send(&json!({"jsonrpc": "2.0", "method": "notifications/initialized"}))
        .await;
    let list = b.request(json!(1), "tools/list", json!({})).await;
    assert_eq!(list["result"]["tools"][0]["name"], "echo", "{list}");
    let r = call(&mut b, 2, "echo", json!({"region": "Zürich", "text": "hi"})).await;
    let text = r["result"]["content"][0]["text"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        text.starts_with("region header: =?base64?"),
        "non-ASCII goes base64: {text}"
    );
    let r = call(&mut b, 3, "echo", json!({"region": "eu-west"})).await;
    assert_eq!(r["result"]["content"][0]["text"], "region header: eu-west");
    b.close().await;

    let seen = server.seen();
    let modern: Vec<_> = seen
        .iter()
        .filter(|s| s.headers.contains_key("mcp-protocol-version"))
        .collect();
    assert!(modern.iter().any(|s| s.body["method"] == "server/discover"));
    for s in &modern {
        assert!(!s.headers.contains_key("mcp-session-id"), "no sessions");
        let meta = &s.body["params"]["_meta"];
        assert_eq!(
            meta["io.modelcontextprotocol/clientCapabilities"],
            json!({"roots": {}}),
            "the host's capabilities"
        );
        assert_eq!(meta["io.modelcontextprotocol/clientInfo"]["name"], "desk");
    }
    assert!(
        seen.iter()
            .all(|s| s.body["method"] != "notifications/initialized"),
        "notifications/initialized is not sent to a modern server"
    );
}

#[tokio::test]
async fn cancellation_closes_the_stream_and_a_broken_stream_is_reissued() {
    let server = FakeModern::start().await;
    let mut b = BridgeProc::spawn(&["proxy", &server.url, "--protocol", "modern"], &[]);
    b.initialize().await;
    b.send(&json!({"jsonrpc": "2.0", "id": 7, "method": "tools/call", "params": {"name": "slow", "arguments": {}}})).await;
    let note = b.message_with_method("notifications/message").await;
    assert_eq!(note["params"]["data"], "working");
    b.send(
        &json!({"jsonrpc": "2.0", "method": "notifications/cancelled", "params": {"requestId": 7}}),
    )
    .await;
    let closed = eventually(|| async { server.closed_streams() == 1 }).await;
    assert!(closed, "the cancelled request's stream was closed");

    let r = call(&mut b, 8, "flaky", json!({})).await;
    assert_eq!(r["id"], 8);
    assert_eq!(r["result"]["content"][0]["text"], "second try", "{r}");
    let ids: Vec<_> = server
        .seen()
        .iter()
        .filter(|s| s.body["params"]["name"] == "flaky")
        .map(|s| s.body["id"].clone())
        .collect();
    assert_eq!(ids.len(), 2);
    assert_ne!(ids[0], ids[1], "re-issued under a new id");

    let r = call(&mut b, 9, "needs_input", json!({})).await;
    assert!(
        r["error"]["message"]
            .as_str()
            .unwrap()
            .contains("not supported"),
        "{r}"
    );
    b.close().await;
}

#[tokio::test]
async fn protocol_legacy_does_not_translate() {
    let server = FakeModern::start().await;
    let mut b = BridgeProc::spawn(&["proxy", &server.url, "--protocol", "legacy"], &[]);
    let init = b.initialize().await;
    assert!(init["error"].is_object(), "{init}");
    assert!(
        server
            .seen()
            .iter()
            .all(|s| s.body["method"] != "server/discover")
    );
    b.close().await;
}
