//! `import mcp-remote` from a realistic mcp-remote directory: URLs found in Claude Desktop's
//! config, tokens and registrations taken into the bridge's store, usable at once by `token`,
//! listed by `status`, existing credentials kept, and mcp-remote's files left untouched.

use serde_json::Value;

use crate::support::bridge::run_async;

fn md5_hex(s: &str) -> String {
    mcp_bridge::migrate::mcp_remote::server_hash(s)
}

async fn run(home: &std::path::Path, args: &[&str]) -> (Option<i32>, String, String) {
    let data = home.join("bridge-data");
    let env = [
        ("HOME", home.to_str().unwrap()),
        ("XDG_CONFIG_HOME", ""),
        ("MCP_REMOTE_CONFIG_DIR", ""),
        ("MCP_BRIDGE_DATA_DIR", data.to_str().unwrap()),
    ];
    run_async(args, &env, "").await
}

fn snapshot(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

#[tokio::test]
async fn imports_mcp_remote_sign_ins_named_by_the_hosts_config() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let (live, stale) = (
        "https://live.example.com/mcp",
        "https://stale.example.com/sse",
    );
    let dir = h.join(".mcp-auth/mcp-remote-v1");
    std::fs::create_dir_all(&dir).unwrap();
    let far = 4_000_000_000_000u64;
    std::fs::write(dir.join(format!("{}_tokens.json", md5_hex(live))), format!(r#"{{"access_token":"live-at","token_type":"Bearer","expires_in":3600,"refresh_token":"live-rt","scope":"mcp:tools","expires_at":{far},"requested_scope":"mcp:tools","issuer":"https://auth.example.com"}}"#)).unwrap();
    std::fs::write(dir.join(format!("{}_client_info.json", md5_hex(live))), r#"{"client_id":"dcr-123","redirect_uris":["http://localhost:7331/oauth/callback"],"token_endpoint_auth_method":"none","grant_types":["authorization_code","refresh_token"],"client_name":"MCP CLI Proxy","issuer":"https://auth.example.com"}"#).unwrap();
    std::fs::write(dir.join(format!("{}_tokens.json", md5_hex(stale))), r#"{"access_token":"old-at","token_type":"Bearer","expires_at":1000,"issuer":"https://auth2.example.com"}"#).unwrap();
    std::fs::write(
        dir.join(format!("{}_code_verifier_abc.txt", md5_hex(live))),
        "verifier",
    )
    .unwrap();
    let claude = h.join(".config/Claude");
    std::fs::create_dir_all(&claude).unwrap();
    std::fs::write(claude.join("claude_desktop_config.json"), format!(r#"{{"mcpServers": {{"live": {{"command": "npx", "args": ["-y", "mcp-remote@latest", "{live}"]}}, "stale": {{"command": "npx", "args": ["mcp-remote", "{stale}", "3334"]}}, "fs": {{"command": "npx", "args": ["server-filesystem", "/tmp"]}}}}}}"#)).unwrap();
    let before = snapshot(&dir);

    let (code, _, err) = run(h, &["import", "mcp-remote", "--store", "file", "--dry-run"]).await;
    assert_eq!(code, Some(0), "{err}");
    assert!(
        !h.join("bridge-data/tokens.json").exists(),
        "a dry run writes nothing"
    );

    let (code, _, err) = run(h, &["import", "mcp-remote", "--store", "file"]).await;
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains(live) && err.contains(stale), "{err}");
    assert!(
        !err.contains("live-at") && !err.contains("live-rt"),
        "no secrets printed"
    );
    assert_eq!(snapshot(&dir), before, "mcp-remote's files are unchanged");

    let (code, out, err) = run(h, &["token", live, "--store", "file"]).await;
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(out.trim(), "live-at");
    let (_, out, _) = run(h, &["status", "--json", "--store", "file"]).await;
    let v: Value = serde_json::from_str(&out).unwrap();
    let servers = v["servers"].as_array().unwrap();
    let live_s = servers.iter().find(|s| s["server"] == live).unwrap();
    assert_eq!(live_s["usable"], true);
    assert_eq!(live_s["issuer"], "https://auth.example.com");
    let stale_s = servers.iter().find(|s| s["server"] == stale).unwrap();
    assert_eq!(
        stale_s["usable"], false,
        "expired and no refresh token: {stale_s}"
    );
    let state = std::fs::read_to_string(h.join("bridge-data/state.json")).unwrap();
    assert!(
        state.contains("dcr-123"),
        "the registration is kept: {state}"
    );

    let (code, _, err) = run(h, &["import", "mcp-remote", live, "--store", "file"]).await;
    assert_eq!(code, Some(1), "nothing new: {err}");
    assert!(err.contains("already signed in"), "{err}");
}
