//! The machine policy (`MCP_BRIDGE_POLICY` here, the system file in real use): a server it
//! does not allow is refused before any request, a broken file stops the bridge, read-only
//! rules hide and refuse write tools on every page of `tools/list`, the user's flags cannot
//! undo a rule, and the audit log it forces takes whole lines from many bridges at once.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::support::bridge::run_async;
use crate::support::{BridgeProc, FakeServer, Knobs};

fn policy_file(dir: &Path, text: &str) -> PathBuf {
    let path = dir.join("policy.toml");
    std::fs::write(&path, text).unwrap();
    path
}

fn tool(name: &str, read_only: Option<bool>) -> Value {
    let mut t = json!({ "name": name, "inputSchema": { "type": "object" } });
    if let Some(r) = read_only {
        t["annotations"] = json!({ "readOnlyHint": r });
    }
    t
}

fn names(list: &Value) -> Vec<String> {
    list["result"]["tools"]
        .as_array()
        .unwrap_or_else(|| panic!("{list}"))
        .iter()
        .map(|t| t["name"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_server_the_policy_does_not_allow_is_refused_before_any_request() {
    let server = FakeServer::start(Knobs::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let policy = policy_file(
        dir.path(),
        "[servers]\nallow = [\"https://meraki-mcp.example.com/mcp\"]\n",
    );
    let init = r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"#;
    let (code, stdout, stderr) = run_async(
        &["proxy", &server.url],
        &[("MCP_BRIDGE_POLICY", policy.to_str().unwrap())],
        &format!("{init}\n"),
    )
    .await;
    assert_eq!(code, Some(3), "{stderr}");
    assert!(stdout.is_empty(), "{stdout}");
    assert!(
        stderr.contains(&policy.display().to_string())
            && stderr.contains("servers.allow [\"https://meraki-mcp.example.com/mcp\"]"),
        "the message names the file and the rule: {stderr}"
    );
    assert!(server.seen().is_empty(), "nothing was sent to the server");
    // The same rule refuses a sign-in, and a named server cannot route around it.
    let (code, _, stderr) = run_async(
        &["login", &server.url, "--store", "memory"],
        &[("MCP_BRIDGE_POLICY", policy.to_str().unwrap())],
        "",
    )
    .await;
    assert_eq!(code, Some(3), "{stderr}");
}

#[tokio::test]
async fn a_policy_file_that_cannot_be_read_stops_the_bridge() {
    let server = FakeServer::start(Knobs::default()).await;
    let dir = tempfile::tempdir().unwrap();
    for text in ["[servers\nallow = []", "[tools]\nreadonly = true"] {
        let policy = policy_file(dir.path(), text);
        let (code, _, stderr) = run_async(
            &["proxy", &server.url],
            &[("MCP_BRIDGE_POLICY", policy.to_str().unwrap())],
            "",
        )
        .await;
        assert_eq!(code, Some(3), "{stderr}");
        assert!(
            stderr.contains("cannot use the policy file")
                && stderr.contains(&policy.display().to_string()),
            "{stderr}"
        );
    }
    let missing = dir.path().join("missing.toml");
    let (code, _, stderr) = run_async(
        &["proxy", &server.url],
        &[("MCP_BRIDGE_POLICY", missing.to_str().unwrap())],
        "",
    )
    .await;
    assert_eq!(
        code,
        Some(3),
        "a named file that is missing is not no policy: {stderr}"
    );
    assert!(server.seen().is_empty());
}

#[tokio::test]
async fn read_only_hides_and_refuses_write_tools_on_every_page() {
    let server = FakeServer::start(Knobs {
        tool_pages: vec![
            json!([tool("get_devices", Some(true)), tool("echo", Some(false))]),
            json!([
                tool("delete_network", None),
                tool("get_clients", Some(true))
            ]),
        ],
        ..Knobs::default()
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let policy = policy_file(dir.path(), "[tools]\nread_only = true\n");
    let mut b = BridgeProc::spawn(
        &["proxy", &server.url],
        &[("MCP_BRIDGE_POLICY", policy.to_str().unwrap())],
    );
    b.initialize().await;
    let first = b.request(json!(2), "tools/list", json!({})).await;
    assert_eq!(names(&first), ["get_devices"]);
    assert_eq!(
        first["result"]["nextCursor"], "1",
        "the cursor is kept: {first}"
    );
    let second = b
        .request(json!(3), "tools/list", json!({ "cursor": "1" }))
        .await;
    assert_eq!(names(&second), ["get_clients"]);
    for (id, name) in [(4, "echo"), (5, "delete_network"), (6, "never_listed")] {
        let r = b
            .request(
                json!(id),
                "tools/call",
                json!({ "name": name, "arguments": {} }),
            )
            .await;
        let message = r["error"]["message"]
            .as_str()
            .unwrap_or_else(|| panic!("{r}"));
        assert!(
            message.contains(&format!("Tool \"{name}\""))
                && message.contains("tools.read_only = true")
                && message.contains(&policy.display().to_string()),
            "{message}"
        );
        assert_eq!(r["error"]["data"]["tool"], name);
    }
    let ok = b
        .request(
            json!(7),
            "tools/call",
            json!({ "name": "get_clients", "arguments": {} }),
        )
        .await;
    assert!(ok.get("result").is_some(), "{ok}");
    b.close().await;
    let called: Vec<Value> = server
        .seen_rpc("tools/call")
        .into_iter()
        .filter_map(|s| s.body)
        .map(|b| b["params"]["name"].clone())
        .collect();
    assert_eq!(
        called,
        [json!("get_clients")],
        "refused calls never reach the server"
    );
}

#[tokio::test]
async fn the_users_flags_cannot_undo_a_policy_rule() {
    let server = FakeServer::start(Knobs::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let policy = policy_file(
        dir.path(),
        "store = \"keyring\"\nallow_http = false\n[tools]\ndeny = [\"secret_*\"]\n",
    );
    let env = [("MCP_BRIDGE_POLICY", policy.to_str().unwrap())];
    let mut b = BridgeProc::spawn(
        &[
            "proxy",
            &server.url,
            "--allow-tool",
            "secret_delete",
            "--allow-tool",
            "echo",
            "--header",
            "Authorization: Bearer user-managed",
        ],
        &env,
    );
    b.initialize().await;
    let list = b.request(json!(2), "tools/list", json!({})).await;
    assert_eq!(names(&list), ["echo"], "the user's allow list only narrows");
    let r = b
        .request(
            json!(3),
            "tools/call",
            json!({ "name": "secret_delete", "arguments": {} }),
        )
        .await;
    let message = r["error"]["message"]
        .as_str()
        .unwrap_or_else(|| panic!("{r}"));
    assert!(message.contains("tools.deny \"secret_*\""), "{message}");
    b.close().await;
    // No file store, whatever --store says.
    let (code, _, stderr) = run_async(&["status", "--store", "file"], &env, "").await;
    assert_eq!(code, Some(3), "{stderr}");
    assert!(stderr.contains("store = \"keyring\""), "{stderr}");
    // No plain http to another machine, whatever --allow-http says.
    let (code, _, stderr) = run_async(
        &["proxy", "http://mcp.example.invalid/mcp", "--allow-http"],
        &env,
        "",
    )
    .await;
    assert_eq!(code, Some(3), "{stderr}");
    assert!(stderr.contains("allow_http = false"), "{stderr}");
}

#[tokio::test]
async fn eight_bridges_append_to_the_policys_audit_log_without_losing_or_mixing_lines() {
    let server = FakeServer::start(Knobs::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("audit/audit.jsonl");
    let mine = dir.path().join("mine.jsonl");
    let policy = policy_file(
        dir.path(),
        &format!("audit_log = {:?}\n", log.to_str().unwrap()),
    );
    let env = [("MCP_BRIDGE_POLICY", policy.to_str().unwrap())];
    const BRIDGES: usize = 8;
    const CALLS: u64 = 25;
    let mut bridges: Vec<BridgeProc> = (0..BRIDGES)
        .map(|i| {
            let mut args = vec!["proxy", server.url.as_str()];
            // One user also asks for an own log: it is added to the policy's, not swapped in.
            if i == 0 {
                args.extend([
                    "--audit-log",
                    mine.to_str().unwrap(),
                    "--audit-include-arguments",
                ]);
            }
            BridgeProc::spawn(&args, &env)
        })
        .collect();
    for b in &mut bridges {
        b.initialize().await;
    }
    futures_util::future::join_all(bridges.iter_mut().map(|b| async move {
        for id in 0..CALLS {
            let text = "y".repeat(300 + id as usize * 40);
            b.request(
                json!(id + 10),
                "tools/call",
                json!({"name": "echo", "arguments": {"text": text}}),
            )
            .await;
        }
    }))
    .await;
    for b in &mut bridges {
        b.close().await;
    }
    let text = std::fs::read_to_string(&log).unwrap();
    let entries: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("a torn line {l:?}: {e}")))
        .collect();
    assert_eq!(entries.len(), BRIDGES * CALLS as usize);
    let mut per_bridge: std::collections::HashMap<u64, usize> = Default::default();
    for e in &entries {
        *per_bridge.entry(e["pid"].as_u64().unwrap()).or_default() += 1;
    }
    assert_eq!(per_bridge.len(), BRIDGES, "{per_bridge:?}");
    assert!(
        per_bridge.values().all(|n| *n == CALLS as usize),
        "every call of every bridge is there: {per_bridge:?}"
    );
    let e = &entries[0];
    assert_eq!(e["server"], server.url);
    assert_eq!(e["tool"], "echo");
    assert_eq!(e["outcome"], "ok");
    assert!(e["request_bytes"].as_u64().unwrap() > 300, "{e}");
    assert!(
        !text.contains("yyyy"),
        "no arguments unless the policy asks"
    );
    let own = std::fs::read_to_string(&mine).unwrap();
    assert_eq!(own.lines().count(), CALLS as usize);
    assert!(
        own.contains("yyyy"),
        "the user's file keeps the user's choice"
    );
}

#[tokio::test]
async fn policy_show_status_and_doctor_say_which_policy_applies() {
    let server = FakeServer::start(Knobs::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let policy = policy_file(
        dir.path(),
        "[servers]\ndeny = [\"http://127.0.0.1\"]\n[tools]\nread_only = true\n",
    );
    let env = [
        ("MCP_BRIDGE_POLICY", policy.to_str().unwrap()),
        ("MCP_BRIDGE_DATA_DIR", data.path().to_str().unwrap()),
    ];
    let (code, _, stderr) = run_async(&["policy", "show"], &env, "").await;
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "✓ policy {} (from MCP_BRIDGE_POLICY)",
            policy.display()
        )) && stderr.contains("servers.deny = [\"http://127.0.0.1\"]")
            && stderr.contains("tools.read_only = true"),
        "{stderr}"
    );
    let (code, stdout, stderr) = run_async(&["policy", "show", "--json"], &env, "").await;
    assert_eq!(code, Some(0), "{stderr}");
    let v: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["files"][0]["path"], policy.to_str().unwrap());
    let (_, stdout, stderr) = run_async(&["status", "--json"], &env, "").await;
    let v: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stderr}"));
    assert_eq!(v["policy"]["files"][0]["path"], policy.to_str().unwrap());
    let (code, stdout, stderr) = run_async(
        &["doctor", &server.url, "--json", "--store", "memory"],
        &env,
        "",
    )
    .await;
    assert_eq!(code, Some(1), "{stderr}");
    let v: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stderr}"));
    let step = &v["steps"][0];
    assert_eq!(step["name"], "policy");
    assert_eq!(step["verdict"], "fail", "{step}");
    assert!(
        step["detail"]
            .as_str()
            .unwrap()
            .contains("servers.deny \"http://127.0.0.1\""),
        "{step}"
    );
}

#[tokio::test]
async fn serve_meraki_obeys_the_policy() {
    let dir = tempfile::tempdir().unwrap();
    let off = policy_file(dir.path(), "serve_meraki = false\n");
    let (code, _, stderr) = run_async(
        &["serve", "meraki", "--demo"],
        &[("MCP_BRIDGE_POLICY", off.to_str().unwrap())],
        "",
    )
    .await;
    assert_eq!(code, Some(3), "{stderr}");
    assert!(stderr.contains("serve_meraki = false"), "{stderr}");
    let ro = policy_file(dir.path(), "[tools]\nread_only = true\n");
    let (code, _, stderr) = run_async(
        &["serve", "meraki", "--demo", "--allow-writes"],
        &[("MCP_BRIDGE_POLICY", ro.to_str().unwrap())],
        "",
    )
    .await;
    assert_eq!(code, Some(3), "{stderr}");
    assert!(stderr.contains("tools.read_only = true"), "{stderr}");
    // The policy's tool rules reach the local server's list and calls.
    let deny = policy_file(dir.path(), "[tools]\ndeny = [\"meraki_api_get\"]\n");
    let input = [
        r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"#,
        r#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#,
        r#"{"jsonrpc":"2.0","id":2,"method":"tools/list"}"#,
        r#"{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"meraki_api_get","arguments":{"path":"/organizations"}}}"#,
    ]
    .join("\n");
    let (code, stdout, stderr) = run_async(
        &["serve", "meraki", "--demo"],
        &[("MCP_BRIDGE_POLICY", deny.to_str().unwrap())],
        &format!("{input}\n"),
    )
    .await;
    assert_eq!(code, Some(0), "{stderr}");
    let answers: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let list = answers.iter().find(|a| a["id"] == 2).unwrap();
    let listed = names(list);
    assert!(
        !listed.is_empty() && !listed.contains(&"meraki_api_get".to_owned()),
        "{listed:?}"
    );
    let call = answers.iter().find(|a| a["id"] == 3).unwrap();
    let message = call["error"]["message"]
        .as_str()
        .unwrap_or_else(|| panic!("{call}"));
    assert!(
        message.contains("tools.deny \"meraki_api_get\""),
        "{message}"
    );
    let (code, _, stderr) = run_async(
        &["serve", "meraki", "--demo", "--read-only", "--allow-writes"],
        &[],
        "",
    )
    .await;
    assert_eq!(code, Some(2), "the two flags conflict: {stderr}");
}

#[tokio::test]
async fn the_policys_proxy_carries_connections_whatever_the_flags_say() {
    // A proxy that notes the first request line it is sent and answers 502.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let proxy = format!("http://{}", listener.local_addr().unwrap());
    let seen = tokio::spawn(async move {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let (mut sock, _) = listener.accept().await.unwrap();
        let mut buf = vec![0u8; 4096];
        let n = sock.read(&mut buf).await.unwrap();
        let _ = sock
            .write_all(
                b"HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
            )
            .await;
        String::from_utf8_lossy(&buf[..n])
            .lines()
            .next()
            .unwrap_or("")
            .to_owned()
    });
    let dir = tempfile::tempdir().unwrap();
    let policy = policy_file(dir.path(), &format!("proxy = {proxy:?}\n"));
    let init = r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"#;
    let (_, _, stderr) = run_async(
        &[
            "proxy",
            "http://mcp.example.invalid/mcp",
            "--allow-http",
            "--no-proxy",
            "--header",
            "Authorization: Bearer ${T}",
        ],
        &[
            ("MCP_BRIDGE_POLICY", policy.to_str().unwrap()),
            ("T", "user-managed"),
        ],
        &format!("{init}\n"),
    )
    .await;
    let line = tokio::time::timeout(std::time::Duration::from_secs(10), seen)
        .await
        .unwrap_or_else(|_| panic!("the proxy saw nothing: {stderr}"))
        .unwrap();
    assert!(
        line.contains("mcp.example.invalid"),
        "the request went through the policy's proxy despite --no-proxy: {line}"
    );
}

#[tokio::test]
async fn a_named_server_can_set_the_tool_rules() {
    let server = FakeServer::start(Knobs::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[servers.fake]\nurl = {:?}\nallow-tool = [\"echo\", \"secret_*\"]\nignore-tool = \"secret_*\"\n",
            server.url
        ),
    )
    .unwrap();
    let mut b = BridgeProc::spawn(
        &["proxy", "fake"],
        &[("MCP_BRIDGE_CONFIG", config.to_str().unwrap())],
    );
    b.initialize().await;
    let list = b.request(json!(2), "tools/list", json!({})).await;
    assert_eq!(names(&list), ["echo"]);
    b.close().await;
}

#[tokio::test]
async fn the_audit_log_names_the_user_a_bearer_token_says() {
    use base64::Engine;
    let server = FakeServer::start(Knobs::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("audit.jsonl");
    let policy = policy_file(
        dir.path(),
        &format!("audit_log = {:?}\n", log.to_str().unwrap()),
    );
    let payload = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(br#"{"sub":"u-42","email":"ada@example.com"}"#);
    let jwt = format!("eyJhbGciOiJub25lIn0.{payload}.sig");
    let mut b = BridgeProc::spawn(
        &[
            "proxy",
            &server.url,
            "--header",
            "Authorization: Bearer ${T}",
        ],
        &[("MCP_BRIDGE_POLICY", policy.to_str().unwrap()), ("T", &jwt)],
    );
    b.initialize().await;
    b.request(
        json!(2),
        "tools/call",
        json!({"name": "echo", "arguments": {}}),
    )
    .await;
    b.close().await;
    let text = std::fs::read_to_string(&log).unwrap();
    let entry: Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    assert_eq!(entry["user"], "ada@example.com", "{entry}");
    assert!(
        !text.contains(&payload),
        "the token itself is never written"
    );
}
