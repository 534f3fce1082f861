//! A 2026-07-28 host (no `initialize`; `_meta` on every request) in front of a 2026-07-28
//! server (messages pass through, headers from the host's own `_meta`) and in front of an
//! initialize-based server (the bridge holds the session, answers `server/discover`, serves
//! `subscriptions/listen`, and answers the server's requests itself).

use serde_json::{Value, json};

use crate::support::fake_modern::FakeModern;
use crate::support::{BridgeProc, FakeServer, Knobs, eventually};

fn meta() -> Value {
    json!({
        "io.modelcontextprotocol/protocolVersion": "2026-07-28",
        "io.modelcontextprotocol/clientCapabilities": {"elicitation": {}},
        "io.modelcontextprotocol/clientInfo": {"name": "modern-host", "version": "3"},
    })
}

async fn modern_request(b: &mut BridgeProc, id: Value, method: &str, mut params: Value) -> Value {
    params["_meta"] = meta();
    b.request(id, method, params).await
}

#[tokio::test]
async fn a_modern_host_passes_through_to_a_modern_server() {
    let server = FakeModern::start().await;
    let mut b = BridgeProc::spawn(&["proxy", &server.url], &[]);
    let found = modern_request(&mut b, json!(1), "server/discover", json!({})).await;
    assert_eq!(
        found["result"]["supportedVersions"],
        json!(["2026-07-28"]),
        "{found}\n{}",
        b.stderr()
    );
    assert_eq!(
        server.seen_rpc("server/discover").len(),
        1,
        "the probe answers the host"
    );

    // A call before any listing: the bridge learns the annotations with the host's _meta.
    let r = modern_request(
        &mut b,
        json!(2),
        "tools/call",
        json!({"name": "headers", "arguments": {"n": 7}}),
    )
    .await;
    assert!(r["result"].is_object(), "{r}\n{}", b.stderr());
    let own_list = server.seen_rpc("tools/list").pop().unwrap();
    assert_eq!(
        own_list.body["params"]["_meta"]["io.modelcontextprotocol/clientInfo"]["name"],
        "modern-host"
    );
    assert_eq!(
        server.calls_of("headers")[0].header("mcp-param-n"),
        Some("7")
    );

    let list = modern_request(&mut b, json!(3), "tools/list", json!({})).await;
    let tools = list["result"]["tools"].as_array().unwrap();
    assert!(
        tools.iter().all(|t| t["name"] != "bad_header"),
        "hidden for every host"
    );

    // input_required reaches the host untouched; its own retry completes the call.
    let r = modern_request(
        &mut b,
        json!(4),
        "tools/call",
        json!({"name": "ask_name", "arguments": {}}),
    )
    .await;
    assert_eq!(r["result"]["resultType"], "input_required", "{r}");
    assert_eq!(r["result"]["requestState"], "state-1");
    let r = modern_request(
        &mut b,
        json!(5),
        "tools/call",
        json!({"name": "ask_name", "arguments": {}, "requestState": "state-1",
               "inputResponses": {"name": {"action": "accept", "content": {"name": "Eve"}}}}),
    )
    .await;
    assert_eq!(r["result"]["content"][0]["text"], "hello Eve", "{r}");

    // subscriptions/listen is the host's own stream, known by its own id.
    b.send(
        &json!({"jsonrpc": "2.0", "id": "sub-1", "method": "subscriptions/listen",
        "params": {"_meta": meta(), "notifications": {"toolsListChanged": true}}}),
    )
    .await;
    let ack = b
        .message_with_method("notifications/subscriptions/acknowledged")
        .await;
    assert_eq!(
        ack["params"]["_meta"]["io.modelcontextprotocol/subscriptionId"],
        "sub-1"
    );
    assert!(eventually(|| async { server.open_listens() == 1 }).await);
    server
        .notify("notifications/tools/list_changed", json!({}))
        .await;
    let n = b
        .message_with_method("notifications/tools/list_changed")
        .await;
    assert_eq!(
        n["params"]["_meta"]["io.modelcontextprotocol/subscriptionId"],
        "sub-1"
    );
    b.send(&json!({"jsonrpc": "2.0", "method": "notifications/cancelled", "params": {"requestId": "sub-1"}}))
        .await;
    assert!(
        eventually(|| async { server.open_listens() == 0 }).await,
        "closed on cancel"
    );
    b.close().await;

    for s in server.seen() {
        assert_eq!(s.header("mcp-protocol-version"), Some("2026-07-28"));
        assert_eq!(
            s.body["params"]["_meta"]["io.modelcontextprotocol/clientInfo"]["name"], "modern-host",
            "the host's own metadata: {}",
            s.body
        );
    }
}

#[tokio::test]
async fn a_modern_host_in_front_of_a_legacy_server() {
    let server = FakeServer::start(Knobs {
        get_stream: true,
        sse: true,
        ..Default::default()
    })
    .await;
    let mut b = BridgeProc::spawn(&["proxy", &server.url], &[]);
    let list = modern_request(&mut b, json!(1), "tools/list", json!({})).await;
    assert_eq!(
        list["result"]["tools"][0]["name"],
        "echo",
        "{list}\n{}",
        b.stderr()
    );
    assert_eq!(list["result"]["resultType"], "complete");
    assert_eq!(list["result"]["cacheScope"], "private");
    let init = server
        .seen_rpc("initialize")
        .pop()
        .expect("the bridge initialized");
    let params = &init.body.as_ref().unwrap()["params"];
    assert_eq!(params["clientInfo"]["name"], "modern-host", "{params}");
    assert_eq!(params["capabilities"], json!({"elicitation": {}}));
    assert_eq!(server.seen_rpc("notifications/initialized").len(), 1);

    let found = modern_request(&mut b, json!(2), "server/discover", json!({})).await;
    assert_eq!(found["result"]["serverInfo"]["name"], "fake", "{found}");
    assert_eq!(found["result"]["supportedVersions"], json!(["2026-07-28"]));
    assert_eq!(
        found["result"]["capabilities"]["tools"]["listChanged"],
        true
    );

    let r = modern_request(
        &mut b,
        json!(3),
        "tools/call",
        json!({"name": "echo", "arguments": {"a": 1},
        "_meta": {"progressToken": 5}}),
    )
    .await;
    assert_eq!(r["result"]["content"][0]["text"], r#"{"a":1}"#, "{r}");
    let sent = server.seen_rpc("tools/call").pop().unwrap().body.unwrap();
    let keys: Vec<_> = sent["params"]["_meta"]
        .as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    assert!(
        keys.iter()
            .all(|k| !k.starts_with("io.modelcontextprotocol/")),
        "{sent}"
    );

    // The server's own request is answered by the bridge (the host takes none).
    let r = modern_request(
        &mut b,
        json!(4),
        "tools/call",
        json!({"name": "ask_roots", "arguments": {}}),
    )
    .await;
    let text = r["result"]["content"][0]["text"]
        .as_str()
        .unwrap_or_default();
    assert!(text.contains("-32601"), "{r}");

    // subscriptions/listen from the session's notifications.
    b.send(&json!({"jsonrpc": "2.0", "id": 7, "method": "subscriptions/listen",
        "params": {"_meta": meta(), "notifications": {"toolsListChanged": true, "promptsListChanged": true}}}))
        .await;
    let ack = b
        .message_with_method("notifications/subscriptions/acknowledged")
        .await;
    assert_eq!(
        ack["params"]["notifications"],
        json!({"toolsListChanged": true}),
        "only what the server offers"
    );
    assert_eq!(
        ack["params"]["_meta"]["io.modelcontextprotocol/subscriptionId"],
        7
    );
    assert!(
        eventually(|| async {
            server
                .notify_listeners(
                    json!({"jsonrpc": "2.0", "method": "notifications/tools/list_changed"}),
                )
                .await
                > 0
        })
        .await
    );
    let n = b
        .message_with_method("notifications/tools/list_changed")
        .await;
    assert_eq!(
        n["params"]["_meta"]["io.modelcontextprotocol/subscriptionId"],
        7
    );

    // A lost session is replaced without the host knowing.
    server.forget_sessions();
    let r = modern_request(
        &mut b,
        json!(8),
        "tools/call",
        json!({"name": "echo", "arguments": {"b": 2}}),
    )
    .await;
    assert_eq!(
        r["result"]["content"][0]["text"],
        r#"{"b":2}"#,
        "{r}\n{}",
        b.stderr()
    );
    assert_eq!(server.seen_rpc("initialize").len(), 2);
    b.close().await;
}
