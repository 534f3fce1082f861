//! The host never waits on a sign-in to start its session: the handshake is answered at once
//! (a minimal result, or the last session's), lists are empty and calls wait while the sign-in
//! is pending, and once connected the host is told to list again — for a 2025-11-25 host and
//! for a 2026-07-28 one, which is acknowledged its subscriptions at once.

use std::time::Duration;

use serde_json::{Value, json};

use crate::oauth::Setup;
use crate::support::fake_as::AsKnobs;
use crate::support::{BridgeProc, eventually};

/// A browser that takes `seconds` before it follows the sign-in (a person at work).
fn slow_browser(s: &Setup, seconds: u32) -> String {
    let script = s.dir.path().join(format!("slow-{seconds}.sh"));
    let opener = s.dir.path().join("opener.py");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nsleep {seconds}\nexec python3 {} \"$1\"\n",
            opener.display()
        ),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    script.display().to_string()
}

fn bridge_with(s: &Setup, browser: &str, extra: &[&str]) -> BridgeProc {
    let data = s.dir.path().join("data");
    let mut args = vec!["proxy", &s.server.url, "--store", "file"];
    args.extend_from_slice(extra);
    BridgeProc::spawn(
        &args,
        &[
            ("MCP_BRIDGE_DATA_DIR", data.to_str().unwrap()),
            ("MCP_BRIDGE_BROWSER", browser),
        ],
    )
}

fn initialize(version: &str) -> Value {
    json!({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":version,"capabilities":{},"clientInfo":{"name":"h","version":"1"}}})
}

/// Every method of the messages up to the answer to a `ping` sent now.
async fn methods_until_quiet(b: &mut BridgeProc) -> Vec<String> {
    b.send(&json!({"jsonrpc":"2.0","id":"quiet","method":"ping"}))
        .await;
    let mut methods = Vec::new();
    loop {
        let m = b.recv().await;
        if m["id"] == "quiet" && m.get("method").is_none() {
            return methods;
        }
        methods.extend(m["method"].as_str().map(str::to_owned));
    }
}

#[tokio::test]
async fn a_2025_11_25_host_is_answered_while_the_first_sign_in_is_pending() {
    let s = Setup::new(AsKnobs::default()).await;
    let browser = slow_browser(&s, 3);
    let mut b = bridge_with(&s, &browser, &[]);
    b.send(&initialize("2025-06-18")).await;
    let init = b.response(&json!(0)).await;
    assert_eq!(
        s.auth.count("authorize"),
        0,
        "answered before the browser came: {init}"
    );
    let r = &init["result"];
    assert_eq!(r["protocolVersion"], "2025-06-18", "the host's own: {init}");
    for cap in ["tools", "prompts", "resources"] {
        assert_eq!(r["capabilities"][cap]["listChanged"], true, "{init}");
    }
    assert!(
        r["serverInfo"]["name"]
            .as_str()
            .is_some_and(|n| n.starts_with("mcp-bridge for 127.0.0.1:")),
        "{init}"
    );
    let instructions = r["instructions"].as_str().unwrap_or_default();
    assert!(
        instructions.contains(&s.server.url)
            && instructions.contains("complete the sign-in in your browser"),
        "{instructions}"
    );

    // Meanwhile: empty lists, pings, and a call that waits.
    let tools = b.request(json!(1), "tools/list", json!({})).await;
    assert_eq!(tools["result"], json!({"tools": []}), "{tools}");
    let templates = b
        .request(json!(2), "resources/templates/list", json!({}))
        .await;
    assert_eq!(templates["result"], json!({"resourceTemplates": []}));
    assert_eq!(
        b.request(json!(3), "ping", json!({})).await["result"],
        json!({})
    );
    b.send(&json!({"jsonrpc":"2.0","method":"notifications/initialized"}))
        .await;
    b.send(&json!({"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"echo","arguments":{"x":1}}}))
        .await;
    assert!(s.server.seen_rpc("tools/call").is_empty());

    // Signed in: the call goes out, after the handshake, and the host is told to list again.
    let call = b.response(&json!(4)).await;
    assert_eq!(
        call["result"]["content"][0]["text"],
        r#"{"x":1}"#,
        "{call}\n{}",
        b.stderr()
    );
    b.signed_in().await;
    let tools = b.request(json!(5), "tools/list", json!({})).await;
    assert_eq!(tools["result"]["tools"][0]["name"], "echo");
    // The server has no prompts: the host, told of them, gets an empty list, not an error.
    let prompts = b.request(json!(6), "prompts/list", json!({})).await;
    assert_eq!(prompts["result"], json!({"prompts": []}), "{prompts}");
    assert!(s.server.seen_rpc("prompts/list").is_empty());
    let later = methods_until_quiet(&mut b).await;
    assert!(
        !later.iter().any(|m| m.contains("list_changed")),
        "only the tools, which the server has, were announced: {later:?}"
    );
    b.close().await;

    let order: Vec<String> = s
        .server
        .seen()
        .iter()
        .filter_map(|x| x.rpc_method.clone())
        .filter(|m| m != "server/discover")
        .collect();
    let init_at = order.iter().rposition(|m| m == "initialize").unwrap();
    assert_eq!(
        order[init_at..init_at + 3],
        ["initialize", "notifications/initialized", "tools/call"],
        "{order:?}"
    );
    let sent = s.server.seen_rpc("initialize").pop().unwrap();
    assert_eq!(
        sent.body.unwrap()["params"]["protocolVersion"],
        "2025-06-18"
    );
    assert_eq!(s.server.seen_rpc("notifications/initialized").len(), 1);
    assert_eq!(s.auth.count("authorize"), 1);
}

#[tokio::test]
async fn the_version_told_early_is_the_one_the_server_is_asked_for() {
    let s = Setup::new(AsKnobs::default()).await;
    let browser = slow_browser(&s, 1);
    let mut b = bridge_with(&s, &browser, &[]);
    b.send(&initialize("2099-01-01")).await;
    let init = b.response(&json!(0)).await;
    assert_eq!(init["result"]["protocolVersion"], "2025-11-25", "{init}");
    b.send(&json!({"jsonrpc":"2.0","method":"notifications/initialized"}))
        .await;
    b.signed_in().await;
    b.close().await;
    let sent = s.server.seen_rpc("initialize").pop().unwrap();
    assert_eq!(
        sent.body.unwrap()["params"]["protocolVersion"],
        "2025-11-25",
        "the server negotiates what the host was told"
    );

    // The next sign-in is answered from this session's result, in the version the server
    // chose then when the host asks for a newer one.
    s.auth.expire_access_tokens();
    s.auth.set(|k| {
        k.refresh_answer = Some((
            400,
            "application/json".into(),
            json!({"error": "invalid_grant"}).to_string(),
        ))
    });
    let mut b = bridge_with(&s, &browser, &[]);
    b.send(&initialize("2025-11-25")).await;
    let init = b.response(&json!(0)).await;
    assert_eq!(init["result"]["serverInfo"]["name"], "fake", "{init}");
    assert_eq!(init["result"]["protocolVersion"], "2025-11-25");
    b.send(&json!({"jsonrpc":"2.0","method":"notifications/initialized"}))
        .await;
    b.signed_in().await;
    b.close().await;
    assert_eq!(s.auth.count("authorize"), 2);
}

#[tokio::test]
async fn a_failed_sign_in_fails_what_waits_and_the_next_request_tries_again() {
    let s = Setup::new(AsKnobs::default()).await;
    // A browser that never signs in.
    let mut b = bridge_with(&s, "true", &["--auth-timeout", "2"]);
    b.send(&initialize("2025-11-25")).await;
    assert!(b.response(&json!(0)).await.get("result").is_some());
    let call = b
        .request(
            json!(1),
            "tools/call",
            json!({"name":"echo","arguments":{}}),
        )
        .await;
    let text = call["error"]["message"].as_str().unwrap_or_default();
    assert!(
        !text.is_empty() && !text.contains("is pending"),
        "the sign-in's failure, not the wait's end: {call}"
    );
    assert!(b.stderr().contains("sign-in failed"), "{}", b.stderr());
    // The next request starts a new attempt; it is answered meanwhile.
    let tools = b.request(json!(2), "tools/list", json!({})).await;
    assert_eq!(tools["result"], json!({"tools": []}));
    let opened =
        eventually(|| async { b.stderr().matches("Opening the browser to sign in").count() == 2 })
            .await;
    assert!(opened, "{}", b.stderr());
    b.close().await;
}

#[tokio::test]
async fn a_request_that_waits_too_long_is_told_the_sign_in_is_pending() {
    let s = Setup::new(AsKnobs::default()).await;
    let mut b = bridge_with(&s, "true", &["--auth-timeout", "120"]);
    b.send(&initialize("2025-11-25")).await;
    assert!(b.response(&json!(0)).await.get("result").is_some());
    b.send(&json!({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{}}}))
        .await;
    let call = b.response_within(&json!(1), Duration::from_secs(40)).await;
    let text = call["error"]["message"].as_str().unwrap_or_default();
    assert!(
        text.contains(&format!(
            "sign-in to {} is pending in your browser",
            s.server.url
        )),
        "{call}"
    );
    // Cancelled while waiting: it never reaches the server and is not answered.
    b.send(&json!({"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"echo","arguments":{}}}))
        .await;
    b.send(&json!({"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":2}}))
        .await;
    let quiet = methods_until_quiet(&mut b).await;
    assert!(quiet.is_empty(), "{quiet:?}");
    b.close().await;
    assert!(s.server.seen_rpc("tools/call").is_empty());
}

fn meta() -> Value {
    json!({
        "io.modelcontextprotocol/protocolVersion": "2026-07-28",
        "io.modelcontextprotocol/clientCapabilities": {},
        "io.modelcontextprotocol/clientInfo": {"name": "modern-host", "version": "3"},
    })
}

#[tokio::test]
async fn a_2026_07_28_host_is_answered_while_the_sign_in_is_pending() {
    let s = Setup::new(AsKnobs::default()).await;
    let browser = slow_browser(&s, 2);
    let mut b = bridge_with(&s, &browser, &[]);
    let found = b
        .request(json!(1), "server/discover", json!({"_meta": meta()}))
        .await;
    assert_eq!(
        s.auth.count("authorize"),
        0,
        "answered before the browser came"
    );
    let r = &found["result"];
    assert_eq!(r["supportedVersions"], json!(["2026-07-28"]), "{found}");
    assert_eq!(r["resultType"], "complete");
    assert_eq!(r["capabilities"]["tools"]["listChanged"], true);
    assert!(
        r["instructions"]
            .as_str()
            .is_some_and(|i| i.contains("Sign-in to")),
        "{found}"
    );
    b.send(&json!({"jsonrpc": "2.0", "id": "sub", "method": "subscriptions/listen",
        "params": {"_meta": meta(), "notifications": {"toolsListChanged": true, "promptsListChanged": true}}}))
        .await;
    let ack = b
        .message_with_method("notifications/subscriptions/acknowledged")
        .await;
    assert_eq!(
        ack["params"]["_meta"]["io.modelcontextprotocol/subscriptionId"],
        "sub"
    );
    assert_eq!(
        ack["params"]["notifications"],
        json!({"toolsListChanged": true, "promptsListChanged": true})
    );
    let tools = b
        .request(json!(2), "tools/list", json!({"_meta": meta()}))
        .await;
    assert_eq!(tools["result"]["tools"], json!([]), "{tools}");
    assert_eq!(tools["result"]["resultType"], "complete");

    // Signed in: the change is announced on the subscription; the list is the server's.
    let changed = b
        .message_with_method("notifications/tools/list_changed")
        .await;
    assert_eq!(
        changed["params"]["_meta"]["io.modelcontextprotocol/subscriptionId"],
        "sub"
    );
    let tools = b
        .request(json!(3), "tools/list", json!({"_meta": meta()}))
        .await;
    assert_eq!(tools["result"]["tools"][0]["name"], "echo", "{tools}");
    let later = methods_until_quiet(&mut b).await;
    assert!(
        !later
            .iter()
            .any(|m| m.ends_with("acknowledged") || m.contains("prompts")),
        "acknowledged once; prompts, which the server lacks, not announced: {later:?}"
    );
    b.close().await;
}

/// Hosts start sibling copies of a server and probe them: a bridge that waits on another's
/// sign-in (the per-server lock) answers at once too, and uses that sign-in.
#[tokio::test]
async fn a_bridge_waiting_on_another_one_s_sign_in_is_answered_at_once_too() {
    let s = Setup::new(AsKnobs::default()).await;
    let browser = slow_browser(&s, 3);
    let mut first = bridge_with(&s, &browser, &[]);
    first.send(&initialize("2025-11-25")).await;
    first.response(&json!(0)).await;
    let mut sibling = bridge_with(&s, &browser, &[]);
    let found = sibling
        .request(json!(1), "server/discover", json!({"_meta": meta()}))
        .await;
    assert_eq!(
        s.auth.count("authorize"),
        0,
        "answered before the browser came"
    );
    assert!(found["result"]["supportedVersions"].is_array(), "{found}");
    let tools = sibling
        .request(json!(2), "tools/list", json!({"_meta": meta()}))
        .await;
    assert_eq!(tools["result"]["tools"], json!([]));
    first
        .send(&json!({"jsonrpc":"2.0","method":"notifications/initialized"}))
        .await;
    first.signed_in().await;
    // The sibling adopts the first one's credential: its calls work, with no second sign-in.
    let call = sibling
        .request(
            json!(3),
            "tools/call",
            json!({"_meta": meta(), "name": "echo", "arguments": {"y": 2}}),
        )
        .await;
    assert_eq!(
        call["result"]["content"][0]["text"],
        r#"{"y":2}"#,
        "{call}\n{}",
        sibling.stderr()
    );
    first.close().await;
    sibling.close().await;
    assert_eq!(s.auth.count("authorize"), 1);
}
