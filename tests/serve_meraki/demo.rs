//! `--demo`: every tool answers from built-in example data, with no key and no network, and
//! says so.

use serde_json::json;

use super::harness::{Server, command, is_error, notes, text};

#[tokio::test]
async fn every_tool_answers_in_demo_mode_marked_as_demo_data() {
    // No key, no base URL: nothing to reach.
    let mut server = Server::demo(&[]).await;
    let list = server.request("tools/list", json!({})).await;
    let tools = list["result"]["tools"].as_array().unwrap().clone();
    assert_eq!(tools.len(), 29, "27 named tools plus search and api_get");
    for t in &tools {
        let name = t["name"].as_str().unwrap();
        let mut args = serde_json::Map::new();
        for req in t["inputSchema"]["required"]
            .as_array()
            .into_iter()
            .flatten()
        {
            let key = req.as_str().unwrap();
            let value = match key {
                "query" => json!("vlans"),
                _ => json!("X_1"),
            };
            args.insert(key.to_owned(), value);
        }
        if name == "meraki_api_get" {
            args.insert("operationId".into(), json!("getNetworkApplianceVlans"));
            args.insert("params".into(), json!({"networkId": "N_1"}));
        }
        let r = server.call(name, json!(args)).await;
        assert!(!is_error(&r), "{name}: {r}");
        assert!(!text(&r).is_empty());
        assert_eq!(r["_meta"]["mcp-bridge/demo"], true, "{name}");
        if name != "meraki_search_operations" {
            assert!(notes(&r).starts_with("Demo data"), "{name}: {}", notes(&r));
        }
    }
}

#[tokio::test]
async fn demo_still_checks_arguments() {
    let mut server = Server::demo(&[]).await;
    let r = server
        .call(
            "meraki_get_clients",
            json!({"networkId": "N_1", "timespan": -5}),
        )
        .await;
    assert!(is_error(&r), "{r}");
    let r = server
        .call(
            "meraki_api_get",
            json!({"operationId": "deleteNetwork", "params": {"networkId": "N_1"}}),
        )
        .await;
    assert!(is_error(&r));
    assert!(text(&r).contains("--allow-writes"), "{}", text(&r));
}

#[tokio::test]
async fn without_a_key_the_live_server_refuses_to_start_and_says_how() {
    let out = command(&["serve", "meraki"])
        .stdin(std::process::Stdio::null())
        .output()
        .await
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("MERAKI_DASHBOARD_API_KEY") && stderr.contains("--demo"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
}

#[tokio::test]
async fn help_teaches_with_examples() {
    let out = command(&["serve", "meraki", "--help"])
        .output()
        .await
        .unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    for needle in [
        "--demo",
        "--region",
        "--base-url",
        "--api-key-file",
        "--allow-writes",
        "--no-cache",
        "mcp-bridge install claude-desktop meraki serve meraki",
        "MERAKI_DASHBOARD_API_KEY",
    ] {
        assert!(help.contains(needle), "--help mentions {needle}");
    }
}
