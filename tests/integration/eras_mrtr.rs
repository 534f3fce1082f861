//! A 2025-11-25 host in front of a 2026-07-28 server, for what the stateless revision does
//! differently: `input_required` results become the host's sampling, elicitation and roots
//! requests (one or several per round, over several rounds, refused, cancelled, not declared,
//! never-ending), resource subscriptions become `subscriptions/listen` streams, and
//! `logging/setLevel` becomes per-request metadata.

use serde_json::{Value, json};

use crate::eras::{call, init_with};
use crate::support::fake_modern::FakeModern;
use crate::support::{BridgeProc, eventually};

/// Wait for the bridge's next request to the host; returns it.
async fn host_request(b: &mut BridgeProc, method: &str) -> Value {
    let r = b.message_with_method(method).await;
    assert!(
        r["id"].is_string(),
        "a request with an id of the bridge's: {r}"
    );
    assert!(
        r["id"].as_str().unwrap().starts_with("mcp-bridge-input-"),
        "cannot collide with the host's ids: {r}"
    );
    r
}

async fn answer(b: &mut BridgeProc, req: &Value, result: Value) {
    b.send(&json!({"jsonrpc": "2.0", "id": req["id"], "result": result}))
        .await;
}

async fn bridge(server: &FakeModern, caps: Value) -> BridgeProc {
    let mut b = BridgeProc::spawn(&["proxy", &server.url], &[]);
    init_with(&mut b, caps).await;
    b
}

#[tokio::test]
async fn elicitation_sampling_and_roots_reach_the_host_and_the_answers_go_back() {
    let server = FakeModern::start().await;
    let all = json!({"elicitation": {}, "sampling": {}, "roots": {}});
    let mut b = bridge(&server, all).await;

    b.send(&json!({"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {"name": "ask_name", "arguments": {}}})).await;
    let ask = host_request(&mut b, "elicitation/create").await;
    assert_eq!(ask["params"]["message"], "name?");
    answer(
        &mut b,
        &ask,
        json!({"action": "accept", "content": {"name": "Ada"}}),
    )
    .await;
    let r = b.response(&json!(1)).await;
    assert_eq!(r["result"]["content"][0]["text"], "hello Ada", "{r}");
    let rounds = server.calls_of("ask_name");
    assert_eq!(rounds.len(), 2);
    assert_ne!(
        rounds[0].body["id"], rounds[1].body["id"],
        "the retry has a new id"
    );
    assert_eq!(
        rounds[1].body["params"]["requestState"], "state-1",
        "echoed exactly"
    );
    assert_eq!(rounds[1].header("mcp-name"), Some("ask_name"));

    b.send(&json!({"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {"name": "ask_model", "arguments": {}}})).await;
    let ask = host_request(&mut b, "sampling/createMessage").await;
    assert_eq!(ask["params"]["maxTokens"], 20);
    answer(
        &mut b,
        &ask,
        json!({"role": "assistant", "model": "m", "content": {"type": "text", "text": "hi!"}}),
    )
    .await;
    let r = b.response(&json!(2)).await;
    assert_eq!(
        r["result"]["content"][0]["text"], "model said: hi!",
        "no requestState when the server sent none: {r}"
    );

    b.send(&json!({"jsonrpc": "2.0", "id": 3, "method": "tools/call", "params": {"name": "ask_roots", "arguments": {}}})).await;
    let ask = host_request(&mut b, "roots/list").await;
    assert!(ask.get("params").is_none(), "no params were given: {ask}");
    answer(
        &mut b,
        &ask,
        json!({"roots": [{"uri": "file:///a"}, {"uri": "file:///b"}]}),
    )
    .await;
    let r = b.response(&json!(3)).await;
    assert_eq!(r["result"]["content"][0]["text"], "2 roots", "{r}");
    b.close().await;
}

#[tokio::test]
async fn several_requests_per_round_and_several_rounds() {
    let server = FakeModern::start().await;
    let mut b = bridge(
        &server,
        json!({"elicitation": {}, "sampling": {}, "roots": {}}),
    )
    .await;
    b.send(&json!({"jsonrpc": "2.0", "id": "x", "method": "tools/call", "params": {"name": "ask_both", "arguments": {}}})).await;
    let roots = host_request(&mut b, "roots/list").await;
    let name = host_request(&mut b, "elicitation/create").await;
    assert_ne!(roots["id"], name["id"]);
    answer(
        &mut b,
        &name,
        json!({"action": "accept", "content": {"name": "Lin"}}),
    )
    .await;
    answer(&mut b, &roots, json!({"roots": [{"uri": "file:///r"}]})).await;
    let r = b.response(&json!("x")).await;
    assert_eq!(r["result"]["content"][0]["text"], "Lin and 1 roots", "{r}");

    b.send(&json!({"jsonrpc": "2.0", "id": "y", "method": "tools/call", "params": {"name": "two_rounds", "arguments": {}}})).await;
    let first = host_request(&mut b, "elicitation/create").await;
    answer(
        &mut b,
        &first,
        json!({"action": "accept", "content": {"name": "Bo"}}),
    )
    .await;
    let second = host_request(&mut b, "sampling/createMessage").await;
    answer(
        &mut b,
        &second,
        json!({"role": "assistant", "model": "m", "content": {"type": "text", "text": "yo"}}),
    )
    .await;
    let r = b.response(&json!("y")).await;
    assert_eq!(r["result"]["content"][0]["text"], "done: Bo / yo", "{r}");
    let rounds = server.calls_of("two_rounds");
    assert_eq!(rounds.len(), 3);
    assert_eq!(rounds[2].body["params"]["requestState"], "r2:Bo");
    assert!(
        rounds[2].body["params"]["inputResponses"]
            .get("a")
            .is_none(),
        "only the last round's answers"
    );
    b.close().await;
}

#[tokio::test]
async fn a_refusal_a_missing_capability_and_an_endless_server_end_cleanly() {
    let server = FakeModern::start().await;
    let mut b = bridge(&server, json!({"elicitation": {}})).await;

    b.send(&json!({"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {"name": "ask_name", "arguments": {}}})).await;
    let ask = host_request(&mut b, "elicitation/create").await;
    b.send(&json!({"jsonrpc": "2.0", "id": ask["id"], "error": {"code": -32600, "message": "user said no"}})).await;
    let r = b.response(&json!(1)).await;
    assert_eq!(r["error"]["code"], -32600, "{r}");
    assert!(
        r["error"]["message"]
            .as_str()
            .unwrap()
            .contains("user said no")
    );
    assert_eq!(
        server.calls_of("ask_name").len(),
        1,
        "no retry after a refusal"
    );

    let r = call(&mut b, 2, "ask_model", json!({})).await;
    assert_eq!(r["error"]["data"]["missingCapability"], "sampling", "{r}");
    assert!(r.get("result").is_none(), "an error and nothing else: {r}");
    let r = call(&mut b, 3, "ask_url", json!({})).await;
    assert_eq!(
        r["error"]["data"]["missingCapability"], "elicitation.url",
        "{r}"
    );

    b.send(&json!({"jsonrpc": "2.0", "id": 4, "method": "tools/call", "params": {"name": "always_asks", "arguments": {}}})).await;
    let r = loop {
        let m = b.recv().await;
        if m["method"] == "elicitation/create" {
            answer(&mut b, &m, json!({"action": "accept", "content": {}})).await;
        } else if m["id"] == 4 {
            break m;
        }
    };
    assert!(
        r["error"]["message"]
            .as_str()
            .unwrap()
            .contains("giving up"),
        "{r}"
    );
    assert_eq!(server.calls_of("always_asks").len(), 11, "bounded rounds");
    b.close().await;
}

#[tokio::test]
async fn a_host_cancellation_withdraws_the_bridges_request() {
    let server = FakeModern::start().await;
    let mut b = bridge(&server, json!({"elicitation": {}})).await;
    b.send(&json!({"jsonrpc": "2.0", "id": 9, "method": "tools/call", "params": {"name": "ask_name", "arguments": {}}})).await;
    let ask = host_request(&mut b, "elicitation/create").await;
    b.send(
        &json!({"jsonrpc": "2.0", "method": "notifications/cancelled", "params": {"requestId": 9}}),
    )
    .await;
    let withdrawn = b.message_with_method("notifications/cancelled").await;
    assert_eq!(withdrawn["params"]["requestId"], ask["id"]);
    // A late answer goes nowhere, and nothing is retried.
    answer(
        &mut b,
        &ask,
        json!({"action": "accept", "content": {"name": "late"}}),
    )
    .await;
    let r = b.request(json!(10), "ping", json!({})).await;
    assert!(r["result"].is_object(), "{r}");
    assert_eq!(server.calls_of("ask_name").len(), 1);
    b.close().await;
}

#[tokio::test]
async fn resource_subscriptions_and_log_levels() {
    let server = FakeModern::start().await;
    let mut b = bridge(&server, json!({})).await;
    assert!(
        eventually(|| async { server.open_listens() == 1 }).await,
        "the list-changes stream"
    );
    let r = b
        .request(json!(1), "resources/subscribe", json!({"uri": "note://a"}))
        .await;
    assert_eq!(r["result"], json!({}), "{r}");
    assert_eq!(
        server.open_listens(),
        2,
        "one stream per subscribed resource"
    );
    let listen = server.seen_rpc("subscriptions/listen");
    assert_eq!(
        listen[1].body["params"]["notifications"],
        json!({"resourceSubscriptions": ["note://a"]})
    );
    assert_eq!(
        server
            .notify(
                "notifications/resources/updated",
                json!({"uri": "note://a"})
            )
            .await,
        1
    );
    let n = b
        .message_with_method("notifications/resources/updated")
        .await;
    assert_eq!(n["params"], json!({"uri": "note://a"}), "{n}");
    let r = b
        .request(
            json!(2),
            "resources/unsubscribe",
            json!({"uri": "note://a"}),
        )
        .await;
    assert_eq!(r["result"], json!({}));
    assert!(
        eventually(|| async { server.open_listens() == 1 }).await,
        "closed"
    );

    let r = b
        .request(json!(3), "logging/setLevel", json!({"level": "debug"}))
        .await;
    assert_eq!(r["result"], json!({}), "answered by the bridge: {r}");
    call(&mut b, 4, "echo", json!({})).await;
    let last = server.calls_of("echo").pop().unwrap();
    assert_eq!(
        last.body["params"]["_meta"]["io.modelcontextprotocol/logLevel"],
        "debug"
    );
    assert!(server.seen_rpc("logging/setLevel").is_empty());
    b.close().await;
    assert!(
        eventually(|| async { server.open_listens() == 0 }).await,
        "all closed at exit"
    );
}
