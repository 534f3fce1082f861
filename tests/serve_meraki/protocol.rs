//! The MCP side: version negotiation, ping, errors, cancellation, progress, the result cap.

use std::time::Duration;

use serde_json::json;

use serde_json::Value;

use super::fake_dashboard::{FakeDashboard, KEY};
use super::harness::{Server, command, is_error, notes};

/// A fresh server initialized by a client of `version`: the initialize result, one tool of
/// tools/list, a tool result, and the progress notifications of a paged call.
async fn session_of(fake: &FakeDashboard, version: &str) -> (Value, Value, Value, Vec<Value>) {
    let mut cmd = command(&["serve", "meraki", "--base-url", &fake.base]);
    cmd.env("MERAKI_DASHBOARD_API_KEY", KEY);
    let mut s = Server::spawn_uninitialized(cmd).await;
    let init = s
        .request(
            "initialize",
            json!({"protocolVersion": version, "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}),
        )
        .await;
    s.notify("notifications/initialized", json!({})).await;
    let list = s.request("tools/list", json!({})).await;
    let tool = list["result"]["tools"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "meraki_get_clients")
        .unwrap()
        .clone();
    let call = s
        .request(
            "tools/call",
            json!({"name": "meraki_get_clients", "arguments": {"networkId": "N_1"}, "_meta": {"progressToken": 7}}),
        )
        .await;
    let progress = s
        .notifications
        .iter()
        .filter(|n| n["method"] == "notifications/progress")
        .map(|n| n["params"].clone())
        .collect();
    assert!(s.finish().await.success());
    (
        init["result"].clone(),
        tool,
        call["result"].clone(),
        progress,
    )
}

#[tokio::test]
async fn a_fresh_initialize_negotiates_each_version_and_sends_only_its_fields() {
    let fake = FakeDashboard::start().await;
    for (asked, answered) in [
        ("2025-11-25", "2025-11-25"),
        ("2025-06-18", "2025-06-18"),
        ("2025-03-26", "2025-03-26"),
        ("2024-11-05", "2024-11-05"),
        ("2023-01-01", "2025-11-25"),
    ] {
        let (init, tool, result, progress) = session_of(&fake, asked).await;
        assert_eq!(init["protocolVersion"], answered, "{asked}");
        assert_eq!(init["capabilities"]["tools"]["listChanged"], false);
        assert_eq!(init["serverInfo"]["name"], "mcp-bridge-meraki");
        assert!(
            init["instructions"]
                .as_str()
                .unwrap()
                .contains("meraki_get_organizations")
        );
        let titles = answered >= "2025-06-18";
        let annotations = answered >= "2025-03-26";
        assert_eq!(
            init["serverInfo"].get("title").is_some(),
            titles,
            "{asked}: {init}"
        );
        assert_eq!(tool.get("title").is_some(), titles, "{asked}: {tool}");
        assert_eq!(
            tool.get("annotations").is_some(),
            annotations,
            "{asked}: {tool}"
        );
        if annotations {
            assert_eq!(tool["annotations"]["readOnlyHint"], true);
        }
        assert!(tool.get("outputSchema").is_none());
        let mut keys: Vec<&str> = tool
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort();
        let mut want = vec!["description", "inputSchema", "name"];
        if annotations {
            want.push("annotations");
        }
        if titles {
            want.push("title");
        }
        want.sort();
        assert_eq!(keys, want, "{asked}");
        assert_eq!(result["isError"], false);
        assert_eq!(
            result.get("structuredContent").is_some(),
            titles,
            "{asked}: structuredContent since 2025-06-18"
        );
        let data: Value =
            serde_json::from_str(result["content"][0]["text"].as_str().unwrap()).unwrap();
        assert_eq!(
            data.as_array().unwrap().len(),
            3,
            "{asked}: the text carries the data"
        );
        assert!(progress.len() >= 2, "{asked}: {progress:?}");
        for p in &progress {
            assert_eq!(p["progressToken"], 7);
            assert_eq!(p.get("message").is_some(), annotations, "{asked}: {p}");
        }
    }
}

#[tokio::test]
async fn protocol_errors_are_json_rpc_errors() {
    let mut s = Server::demo(&[]).await;
    assert_eq!(s.request("ping", json!({})).await["result"], json!({}));
    let r = s.request("resources/read", json!({})).await;
    assert_eq!(r["error"]["code"], -32601);
    let r = s
        .request(
            "tools/call",
            json!({"name": "no_such_tool", "arguments": {}}),
        )
        .await;
    assert_eq!(r["error"]["code"], -32602);
    let r = s.request("tools/call", json!({"arguments": {}})).await;
    assert_eq!(r["error"]["code"], -32602);
    s.send_line("{not json").await;
    let r = s.next_message(Duration::from_secs(5)).await.unwrap();
    assert_eq!(r["error"]["code"], -32700);
    assert_eq!(r["id"], json!(null));
    assert!(s.finish().await.success());
}

#[tokio::test]
async fn a_cancelled_call_is_stopped_and_never_answered() {
    let fake = FakeDashboard::start().await;
    let mut s = Server::live(&fake, &[]).await;
    let id = s
        .send_request(
            "tools/call",
            json!({"name": "meraki_get_network", "arguments": {"networkId": "N_slow"}}),
        )
        .await;
    // Wait until the request reached the (slow) API, then cancel.
    for _ in 0..500 {
        if !fake.seen_matching("N_slow").is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(fake.seen_matching("N_slow").len(), 1);
    s.notify(
        "notifications/cancelled",
        json!({"requestId": id, "reason": "user gave up"}),
    )
    .await;
    // Still responsive while the API would still be answering.
    let ping = s.request("ping", json!({})).await;
    assert_eq!(ping["result"], json!({}));
    // Past the 3 s the fake takes, no answer to the cancelled request arrives.
    let late = s.next_message(Duration::from_secs(4)).await;
    assert!(late.is_none(), "a cancelled request got {late:?}");
}

#[tokio::test]
async fn long_paginated_calls_report_progress() {
    let fake = FakeDashboard::start().await;
    let mut s = Server::live(&fake, &[]).await;
    let r = s
        .request("tools/call", json!({"name": "meraki_get_clients", "arguments": {"networkId": "N_1"}, "_meta": {"progressToken": "p-1"}}))
        .await;
    assert!(!is_error(&r["result"]));
    let progress: Vec<_> = s
        .notifications
        .iter()
        .filter(|n| n["method"] == "notifications/progress")
        .collect();
    assert_eq!(
        progress.len(),
        2,
        "one before each further page: {progress:?}"
    );
    let mut last = 0.0;
    for p in &progress {
        assert_eq!(p["params"]["progressToken"], "p-1");
        let v = p["params"]["progress"].as_f64().unwrap();
        assert!(v > last, "progress grows");
        last = v;
    }
    // Without a token there are none.
    s.notifications.clear();
    s.call("meraki_get_clients", json!({"networkId": "N_2"}))
        .await;
    assert!(s.notifications.is_empty());
}

#[tokio::test]
async fn large_results_are_cut_with_a_note() {
    let fake = FakeDashboard::start().await;
    let mut s = Server::live(&fake, &["--max-result-bytes", "20000"]).await;
    let r = s
        .call("meraki_get_clients", json!({"networkId": "N_many"}))
        .await;
    assert!(!is_error(&r));
    let kept = r["structuredContent"]["result"].as_array().unwrap().len();
    assert!(kept > 0 && kept < 50, "kept {kept}");
    assert!(
        notes(&r).contains(&format!("Result cut: showing {kept} of 50 items")),
        "{}",
        notes(&r)
    );
    assert!(serde_json::to_string(&r).unwrap().len() < 24_000);
}

#[tokio::test]
async fn logs_go_to_stderr_and_never_carry_the_key() {
    let fake = FakeDashboard::start().await;
    let mut cmd = command(&["serve", "meraki", "--base-url", &fake.base, "-vvv"]);
    cmd.env("MERAKI_DASHBOARD_API_KEY", super::fake_dashboard::KEY)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    let input = [
        json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}}),
        json!({"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {"name": "meraki_get_organizations", "arguments": {}}}),
    ]
    .iter()
    .map(|v| format!("{v}\n"))
    .collect::<String>();
    use tokio::io::AsyncWriteExt;
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(input.as_bytes()).await.unwrap();
    drop(stdin);
    let out = tokio::time::timeout(Duration::from_secs(20), child.wait_with_output())
        .await
        .unwrap()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "two responses, nothing else: {stdout}");
    for l in lines {
        let v: serde_json::Value = serde_json::from_str(l).unwrap();
        assert_eq!(v["jsonrpc"], "2.0");
    }
    assert!(stderr.contains("request"), "trace logging is on: {stderr}");
    assert!(
        !stderr.contains(super::fake_dashboard::KEY),
        "the key leaked into the logs"
    );
    assert!(!stdout.contains(super::fake_dashboard::KEY));
}
