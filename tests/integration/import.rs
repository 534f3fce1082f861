//! `import mcp-remote` from a realistic mcp-remote directory: servers found in Claude Desktop's
//! config with the options they are started with (which change mcp-remote's hash), the current
//! and the old versioned directories (newest first), old tokens dated by their file, tokens and
//! registrations taken into the bridge's store and usable at once, a missing issuer discovered,
//! the imported registration used again for the next browser sign-in on mcp-remote's port,
//! existing credentials kept, mcp-remote's files left untouched, and the exit codes.

use serde_json::Value;

use crate::oauth::Setup;
use crate::support::bridge::run_async;
use crate::support::fake_as::AsKnobs;
use crate::support::platform::{claude_desktop_config, home_env};

fn md5_hex(s: &str) -> String {
    mcp_bridge::migrate::launch::md5_hex(s)
}

async fn run(home: &std::path::Path, args: &[&str]) -> (Option<i32>, String, String) {
    run_env(home, args, &[]).await
}

async fn run_env(
    home: &std::path::Path,
    args: &[&str],
    extra: &[(&str, &str)],
) -> (Option<i32>, String, String) {
    let data = home.join("bridge-data");
    let vars = home_env(home);
    let mut env: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
    env.extend([
        ("MCP_REMOTE_CONFIG_DIR", ""),
        ("MCP_BRIDGE_DATA_DIR", data.to_str().unwrap()),
    ]);
    env.extend_from_slice(extra);
    run_async(args, &env, "").await
}

fn snapshot(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<_> = walk(dir)
        .into_iter()
        .map(|p| (p.display().to_string(), std::fs::read(&p).unwrap()))
        .collect();
    v.sort();
    v
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .flat_map(|e| {
            if e.path().is_dir() {
                walk(&e.path())
            } else {
                vec![e.path()]
            }
        })
        .collect()
}

fn age(path: &std::path::Path, secs: u64) {
    let t = std::time::SystemTime::now() - std::time::Duration::from_secs(secs);
    std::fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(t)
        .unwrap();
}

#[tokio::test]
async fn imports_mcp_remote_sign_ins_named_by_the_hosts_config() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let (live, team, stale) = (
        "https://live.example.com/mcp",
        "https://team.example.com/mcp",
        "https://stale.example.com/sse",
    );
    let auth = h.join(".mcp-auth");
    let v1 = auth.join("mcp-remote-v1");
    let old = auth.join("mcp-remote-0.1.37");
    std::fs::create_dir_all(&v1).unwrap();
    std::fs::create_dir_all(&old).unwrap();
    let far = 4_000_000_000_000u64;
    let write = |dir: &std::path::Path, name: String, body: &str| {
        std::fs::write(dir.join(name), body).unwrap();
    };
    let lh = md5_hex(live);
    write(
        &v1,
        format!("{lh}_tokens.json"),
        &format!(
            r#"{{"access_token":"live-at","token_type":"Bearer","expires_in":3600,"refresh_token":"live-rt","scope":"mcp:tools","expires_at":{far},"requested_scope":"mcp:tools","issuer":"https://auth.example.com"}}"#
        ),
    );
    write(
        &v1,
        format!("{lh}_client_info.json"),
        r#"{"client_id":"dcr-123","redirect_uris":["http://localhost:7331/oauth/callback"],"token_endpoint_auth_method":"none","grant_types":["authorization_code","refresh_token"],"client_name":"MCP CLI Proxy","issuer":"https://auth.example.com"}"#,
    );
    write(&v1, format!("{lh}_code_verifier_abc.txt"), "verifier");
    write(&v1, format!("{lh}_debug.log"), "[debug] noise");
    write(
        &v1,
        format!("{lh}_refresh_in_progress.json"),
        r#"{"pid":1,"nonce":"n","at":1}"#,
    );
    // The team server is started with a header, a resource and an authorize parameter: its
    // hash covers them (header values as written, before ${VAR} expansion).
    let th = md5_hex(&format!(
        r#"{team}|https://api.team.example.com|{{"audience":"team"}}|{{"X-Team":"${{TEAM}}"}}"#
    ));
    write(
        &v1,
        format!("{th}_tokens.json"),
        &format!(
            r#"{{"access_token":"team-at","expires_at":{far},"issuer":"https://auth.example.com"}}"#
        ),
    );
    // mcp-remote 0.1.37 kept an older copy of the live server (v1 is newer and wins) and the
    // stale server in the old format: `expires_in` only, issued two days ago.
    write(
        &old,
        format!("{lh}_tokens.json"),
        r#"{"access_token":"old-live-at","expires_in":3600}"#,
    );
    let sh = md5_hex(stale);
    write(
        &old,
        format!("{sh}_tokens.json"),
        r#"{"access_token":"old-at","token_type":"Bearer","expires_in":3600}"#,
    );
    write(
        &old,
        format!("{sh}_client_info.json"),
        r#"{"client_id":"old-client","redirect_uris":["http://localhost:3334/oauth/callback"],"issuer":"https://auth2.example.com"}"#,
    );
    age(&old.join(format!("{sh}_tokens.json")), 2 * 86_400);
    let claude = claude_desktop_config(h);
    std::fs::create_dir_all(claude.parent().unwrap()).unwrap();
    std::fs::write(
        &claude,
        format!(
            r#"{{"mcpServers": {{
  "live": {{"command": "npx", "args": ["-y", "mcp-remote@latest", "{live}"]}},
  "team": {{"command": "npx", "args": ["mcp-remote", "{team}", "--header", "X-Team: ${{TEAM}}", "--resource", "https://api.team.example.com", "--authorize-param", "audience=team"], "env": {{"TEAM": "blue"}}}},
  "stale": {{"command": "npx", "args": ["mcp-remote", "{stale}", "3334"]}},
  "fs": {{"command": "npx", "args": ["server-filesystem", "/tmp"]}}
}}}}"#
        ),
    )
    .unwrap();
    let before = snapshot(&auth);

    let (code, _, err) = run(h, &["import", "mcp-remote", "--store", "file", "--dry-run"]).await;
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("would import"), "{err}");
    assert!(
        !h.join("bridge-data/tokens.json").exists(),
        "a dry run writes nothing"
    );

    let (code, _, err) = run(h, &["import", "mcp-remote", "--store", "file"]).await;
    assert_eq!(code, Some(0), "{err}");
    for url in [live, team, stale] {
        assert!(err.contains(&format!("✓ {url}: imported")), "{url}: {err}");
    }
    assert!(
        err.contains("mcp-remote-0.1.37"),
        "says where it came from: {err}"
    );
    assert!(
        !err.contains("live-at") && !err.contains("live-rt"),
        "no secrets printed"
    );
    assert_eq!(snapshot(&auth), before, "mcp-remote's files are unchanged");

    for (url, token) in [(live, "live-at"), (team, "team-at")] {
        let (code, out, err) = run(h, &["token", url, "--store", "file"]).await;
        assert_eq!(code, Some(0), "{url}: {err}");
        assert_eq!(out.trim(), token);
    }
    let (_, out, _) = run(h, &["status", "--json", "--store", "file"]).await;
    let v: Value = serde_json::from_str(&out).unwrap();
    let servers = v["servers"].as_array().unwrap();
    let find = |u: &str| servers.iter().find(|s| s["server"] == u).unwrap().clone();
    assert_eq!(find(live)["usable"], true);
    assert_eq!(find(live)["issuer"], "https://auth.example.com");
    let stale_s = find(stale);
    assert_eq!(
        stale_s["usable"], false,
        "issued two days ago for an hour, no refresh token: {stale_s}"
    );
    let state = std::fs::read_to_string(h.join("bridge-data/state.json")).unwrap();
    assert!(
        state.contains("dcr-123") && state.contains("http://localhost:7331/oauth/callback"),
        "the registration is kept with its redirect URI: {state}"
    );
    assert!(
        !state.contains("\"\":"),
        "nothing filed under an empty issuer: {state}"
    );

    let (code, _, err) = run(h, &["import", "mcp-remote", live, "--store", "file"]).await;
    assert_eq!(code, Some(1), "nothing new: {err}");
    assert!(err.contains("already signed in"), "{err}");
    let (code, _, err) = run(h, &["import", "mcp-remote", "--store", "file", "--dry-run"]).await;
    assert_eq!(
        code,
        Some(1),
        "a dry run that would import nothing fails too: {err}"
    );

    let (code, _, err) = run_env(
        h,
        &["import", "mcp-remote", "--store", "file"],
        &[(
            "MCP_REMOTE_CONFIG_DIR",
            h.join("no-such-dir").to_str().unwrap(),
        )],
    )
    .await;
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("no-such-dir")
            && err.contains("does not exist")
            && err.contains("MCP_REMOTE_CONFIG_DIR"),
        "{err}"
    );
    assert!(!err.contains("home directory"), "{err}");
}

#[tokio::test]
async fn a_missing_issuer_is_discovered_and_the_registration_used_again_on_its_port() {
    let s = Setup::new(AsKnobs::default()).await;
    let home = s.dir.path();
    let url = s.server.url.as_str();
    s.auth.add_client("mcpr-client");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let redirect = format!("http://localhost:{port}/oauth/callback");
    let v1 = home.join(".mcp-auth/mcp-remote-v1");
    std::fs::create_dir_all(&v1).unwrap();
    let hash = md5_hex(url);
    let tokens = v1.join(format!("{hash}_tokens.json"));
    std::fs::write(&tokens, r#"{"access_token":"expired-at","expires_in":60}"#).unwrap();
    age(&tokens, 86_400);
    std::fs::write(
        v1.join(format!("{hash}_client_info.json")),
        format!(r#"{{"client_id":"mcpr-client","redirect_uris":["{redirect}"],"token_endpoint_auth_method":"none"}}"#),
    )
    .unwrap();

    let (code, _, err) = run(home, &["import", "mcp-remote", url, "--store", "file"]).await;
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.contains(&format!("issuer {}", s.auth.issuer)),
        "discovered: {err}"
    );
    let (_, out, _) = run(home, &["status", url, "--json", "--store", "file"]).await;
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["servers"][0]["issuer"], s.auth.issuer.as_str(), "{v}");
    let (_, _, human) = run(home, &["status", url, "--store", "file"]).await;
    assert!(!human.contains("(issuer )"), "{human}");

    let (code, _, err) = run_env(
        home,
        &["login", url, "--store", "file"],
        &[("MCP_BRIDGE_BROWSER", s.browser.as_str())],
    )
    .await;
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        s.auth.count("register"),
        0,
        "the imported client is used: {err}"
    );
    let a = &s.auth.authorize_params()[0];
    assert_eq!(a["client_id"], "mcpr-client");
    assert_eq!(a["redirect_uri"], redirect, "on mcp-remote's port");
}
