//! A 2025-11-25 host in front of a 2026-07-28 (stateless) server: era detection, the host's
//! `initialize` answered from `server/discover`, per-request metadata and headers (the
//! `x-mcp-header` rules), cancellation as a closed stream, a broken stream re-issued under a
//! new id, `--protocol legacy`, and the per-origin era cache (written, reused, corrected).

use serde_json::{Value, json};

use crate::support::fake_modern::{FakeModern, Mode};
use crate::support::{BridgeProc, eventually};

pub async fn call(b: &mut BridgeProc, id: u64, tool: &str, args: Value) -> Value {
    b.request(
        json!(id),
        "tools/call",
        json!({"name": tool, "arguments": args}),
    )
    .await
}

pub async fn init_with(b: &mut BridgeProc, capabilities: Value) -> Value {
    let init = b
        .request(
            json!(0),
            "initialize",
            json!({"protocolVersion": "2025-11-25", "capabilities": capabilities, "clientInfo": {"name": "desk", "version": "9"}}),
        )
        .await;
    b.send(&json!({"jsonrpc": "2.0", "method": "notifications/initialized"}))
        .await;
    init
}

#[tokio::test]
async fn a_legacy_host_works_against_a_modern_server_with_no_flags() {
    let server = FakeModern::start().await;
    let mut b = BridgeProc::spawn(&["proxy", &server.url], &[]);
    let init = init_with(&mut b, json!({"roots": {}})).await;
    assert_eq!(
        init["result"]["serverInfo"]["name"],
        "modern-fake",
        "{init}\n{}",
        b.stderr()
    );
    assert_eq!(init["result"]["protocolVersion"], "2025-11-25");
    assert_eq!(init["result"]["instructions"], "a stateless server");
    let caps = &init["result"]["capabilities"];
    assert_eq!(
        caps["tools"],
        json!({"listChanged": true}),
        "acknowledged by the listen stream: {init}"
    );
    assert_eq!(caps["resources"], json!({"subscribe": true}));
    let list = b.request(json!(1), "tools/list", json!({})).await;
    let names: Vec<_> = list["result"]["tools"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap().to_owned())
        .collect();
    assert!(names.contains(&"echo".to_owned()), "{list}");
    for hidden in ["bad_header", "number_header"] {
        assert!(
            !names.contains(&hidden.to_owned()),
            "{hidden} has an invalid x-mcp-header and is hidden"
        );
    }
    let r = call(&mut b, 2, "echo", json!({"region": "Zürich", "text": "hi"})).await;
    assert!(r["result"].is_object(), "{r}\n{}", b.stderr());
    let r = call(&mut b, 3, "echo", json!({"region": "eu-west"})).await;
    assert!(r["result"].is_object(), "{r}");
    let r = call(&mut b, 4, "bad_header", json!({"v": "x"})).await;
    assert_eq!(r["error"]["code"], -32602, "refused: {r}");
    assert!(
        r["error"]["message"]
            .as_str()
            .unwrap()
            .contains("not an HTTP header token")
    );
    b.close().await;

    let echoes = server.calls_of("echo");
    assert_eq!(
        echoes[0].header("mcp-param-region").unwrap(),
        "=?base64?WsO8cmljaA==?=",
        "non-ASCII goes base64"
    );
    assert_eq!(echoes[1].header("mcp-param-region").unwrap(), "eu-west");
    assert!(
        server.calls_of("bad_header").is_empty(),
        "an invalid tool never reaches the server"
    );
    let seen = server.seen();
    assert_eq!(
        seen[0].body["method"], "server/discover",
        "the probe is first"
    );
    for s in &seen {
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
            .all(|s| s.body["method"] != "notifications/initialized"
                && s.body["method"] != "initialize"),
        "no initialize-era messages reach a modern server"
    );
}

#[tokio::test]
async fn header_values_follow_the_encoding_rules() {
    let server = FakeModern::start().await;
    let mut b = BridgeProc::spawn(&["proxy", &server.url], &[]);
    init_with(&mut b, json!({})).await;
    // Not listed first: the bridge fetches tools/list itself to learn the annotations.
    let r = call(
        &mut b,
        1,
        "headers",
        json!({"n": 42, "ok": false, "empty": "", "deep": {"v": " padded "}}),
    )
    .await;
    assert!(r["result"].is_object(), "{r}\n{}", b.stderr());
    let r = call(&mut b, 2, "headers", json!({"n": 1, "ok": null})).await;
    assert!(r["result"].is_object(), "{r}");
    b.close().await;
    let calls = server.calls_of("headers");
    let first = &calls[0];
    assert_eq!(first.header("mcp-param-n"), Some("42"));
    assert_eq!(first.header("mcp-param-ok"), Some("false"));
    assert_eq!(
        first.header("mcp-param-empty"),
        Some(""),
        "an empty value is an empty header"
    );
    assert_eq!(
        first.header("mcp-param-deep"),
        Some("=?base64?IHBhZGRlZCA=?="),
        "a nested property, padded value"
    );
    assert_eq!(
        calls[1].header("mcp-param-ok"),
        None,
        "a null value has no header"
    );
    assert_eq!(calls[1].header("mcp-param-empty"), None);
    let lists = server.seen_rpc("tools/list");
    assert_eq!(lists.len(), 1, "fetched once, before the first call");
}

#[tokio::test]
async fn a_changed_tool_list_refreshes_the_header_annotations() {
    let server = FakeModern::start().await;
    let mut b = BridgeProc::spawn(&["proxy", &server.url], &[]);
    init_with(&mut b, json!({})).await;
    b.request(json!(1), "tools/list", json!({})).await;
    assert!(eventually(|| async { server.open_listens() == 1 }).await);
    call(&mut b, 2, "change_tools", json!({})).await;
    // Told through subscriptions/listen: the host hears of it, the bridge relearns.
    assert_eq!(
        server
            .notify("notifications/tools/list_changed", json!({}))
            .await,
        1
    );
    let n = b
        .message_with_method("notifications/tools/list_changed")
        .await;
    assert!(
        n["params"]["_meta"].is_null(),
        "the subscription id is the bridge's: {n}"
    );
    let r = call(&mut b, 3, "echo", json!({"region": "eu"})).await;
    assert!(r["result"].is_object(), "{r}\n{}", b.stderr());
    assert_eq!(
        server.calls_of("echo")[0].header("mcp-param-zone"),
        Some("eu")
    );

    // Not told: the server's HeaderMismatch makes the bridge refetch and retry once.
    call(&mut b, 4, "change_tools", json!({})).await;
    let before = server.seen_rpc("tools/list").len();
    let r = call(&mut b, 5, "echo", json!({"region": "us"})).await;
    assert!(r["result"].is_object(), "{r}\n{}", b.stderr());
    assert_eq!(server.seen_rpc("tools/list").len(), before + 1);
    b.close().await;
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
        .calls_of("flaky")
        .iter()
        .map(|s| s.body["id"].clone())
        .collect();
    assert_eq!(ids.len(), 2);
    assert_ne!(ids[0], ids[1], "re-issued under a new id");
    b.close().await;
}

#[tokio::test]
async fn protocol_legacy_does_not_translate() {
    let server = FakeModern::start().await;
    let mut b = BridgeProc::spawn(&["proxy", &server.url, "--protocol", "legacy"], &[]);
    let init = b.initialize().await;
    assert!(init["error"].is_object(), "{init}");
    assert!(server.seen_rpc("server/discover").is_empty());
    b.close().await;
}

/// The era remembered for an origin in the data directory.
fn cached_era(data: &std::path::Path, origin: &str) -> Option<String> {
    let text = std::fs::read_to_string(data.join("state.json")).ok()?;
    let v: Value = serde_json::from_str(&text).ok()?;
    v["origins"][origin]["era"].as_str().map(str::to_owned)
}

#[tokio::test]
async fn the_era_is_cached_per_origin_reused_and_corrected() {
    let server = FakeModern::start().await;
    let data = tempfile::tempdir().unwrap();
    let env = [("MCP_BRIDGE_DATA_DIR", data.path().to_str().unwrap())];
    let run = |url: String| async move {
        let mut b = BridgeProc::spawn(&["proxy", &url], &env);
        let init = b.initialize().await;
        let list = b.request(json!(1), "tools/list", json!({})).await;
        b.close().await;
        (init, list, b.stderr())
    };

    let (init, _, err) = run(server.url.clone()).await;
    assert_eq!(init["result"]["serverInfo"]["name"], "modern-fake", "{err}");
    assert_eq!(
        cached_era(data.path(), &server.origin).as_deref(),
        Some("modern")
    );

    // The server now speaks only the old revision: the probe's 400 falls back, the cache is
    // corrected, and the next start goes straight to initialize (another path, same origin).
    server.set_mode(Mode::Legacy);
    let (init, list, err) = run(server.url.clone()).await;
    assert_eq!(
        init["result"]["serverInfo"]["name"], "modern-fake-legacy-side",
        "{err}"
    );
    assert_eq!(list["result"]["tools"][0]["name"], "legacy_echo");
    assert_eq!(
        cached_era(data.path(), &server.origin).as_deref(),
        Some("legacy")
    );
    let probes = server.seen_rpc("server/discover").len();
    let (init, _, _) = run(format!("{}?tenant=2", server.url)).await;
    assert_eq!(
        init["result"]["serverInfo"]["name"],
        "modern-fake-legacy-side"
    );
    assert_eq!(
        server.seen_rpc("server/discover").len(),
        probes,
        "no probe for an origin known to be initialize-only"
    );

    // And back: the cached legacy start gets a 2026-07-28 refusal of initialize and moves on.
    server.set_mode(Mode::Modern);
    let (init, list, err) = run(server.url.clone()).await;
    assert_eq!(init["result"]["serverInfo"]["name"], "modern-fake", "{err}");
    assert!(list["result"]["tools"].is_array(), "{list}");
    assert_eq!(
        cached_era(data.path(), &server.origin).as_deref(),
        Some("modern")
    );
}

#[tokio::test]
async fn a_dual_era_server_keeps_a_host_that_takes_server_requests_on_its_revision() {
    let server = FakeModern::start_in(Mode::Dual).await;
    let data = tempfile::tempdir().unwrap();
    let env = [("MCP_BRIDGE_DATA_DIR", data.path().to_str().unwrap())];
    // A host that takes sampling/elicitation/roots requests stays on 2025-11-25.
    let mut b = BridgeProc::spawn(&["proxy", &server.url], &env);
    let init = init_with(&mut b, json!({"elicitation": {}})).await;
    assert_eq!(
        init["result"]["serverInfo"]["name"], "modern-fake-legacy-side",
        "{init}"
    );
    b.close().await;
    assert_eq!(
        cached_era(data.path(), &server.origin).as_deref(),
        Some("dual")
    );
    let probes = server.seen_rpc("server/discover").len();
    let mut b = BridgeProc::spawn(&["proxy", &server.url], &env);
    let init = init_with(&mut b, json!({"roots": {}})).await;
    assert_eq!(
        init["result"]["serverInfo"]["name"],
        "modern-fake-legacy-side"
    );
    b.close().await;
    assert_eq!(
        server.seen_rpc("server/discover").len(),
        probes,
        "known dual: no probe"
    );
    // A host that takes none gets the newer revision, which changes nothing for it.
    let mut b = BridgeProc::spawn(&["proxy", &server.url], &env);
    let init = init_with(&mut b, json!({})).await;
    assert_eq!(
        init["result"]["serverInfo"]["name"], "modern-fake",
        "{init}"
    );
    b.close().await;
}
