//! Named servers: `config add` writes `config.toml`, `proxy NAME` uses it (command-line flags
//! override and add to it), `config show|path|remove`, and the errors with their line.

use serde_json::json;

use crate::support::{BridgeProc, FakeServer, Knobs};

use crate::support::bridge::run_async;

async fn run(dir: &std::path::Path, args: &[&str]) -> (Option<i32>, String, String) {
    let d = dir.to_str().unwrap();
    run_async(
        args,
        &[
            ("MCP_BRIDGE_CONFIG_DIR", d),
            ("MCP_BRIDGE_DATA_DIR", d),
            ("MCP_BRIDGE_CONFIG", ""),
        ],
        "",
    )
    .await
}

#[tokio::test]
async fn a_named_server_carries_its_url_and_settings() {
    let server = FakeServer::start(Knobs::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("config.toml"),
        "# my servers\n[servers.other]\nurl = \"https://o.test/mcp\" # keep me\n",
    )
    .unwrap();
    let (code, _, err) = run(
        d,
        &[
            "config",
            "add",
            "fake",
            &server.url,
            "--header",
            "X-From: file",
            "--transport",
            "sse-only",
        ],
    )
    .await;
    assert_eq!(code, Some(0), "{err}");
    let text = std::fs::read_to_string(d.join("config.toml")).unwrap();
    assert!(
        text.contains("# keep me") && text.contains("[servers.fake]"),
        "{text}"
    );

    // The command line overrides --transport and adds a header.
    let mut b = BridgeProc::spawn(
        &[
            "proxy",
            "fake",
            "--transport",
            "http-only",
            "--header",
            "X-Cli: yes",
        ],
        &[
            ("MCP_BRIDGE_CONFIG_DIR", d.to_str().unwrap()),
            ("MCP_BRIDGE_DATA_DIR", d.to_str().unwrap()),
        ],
    );
    let init = b.initialize().await;
    assert_eq!(
        init["result"]["serverInfo"]["name"],
        "fake",
        "{init}\n{}",
        b.stderr()
    );
    b.request(json!(1), "tools/list", json!({})).await;
    b.close().await;
    let seen = server.seen_rpc("tools/list");
    assert_eq!(
        seen[0].http_method, "POST",
        "http-only from the command line won over sse-only"
    );
    assert_eq!(seen[0].headers["x-from"], "file");
    assert_eq!(seen[0].headers["x-cli"], "yes");

    let (code, out, _) = run(d, &["config", "show", "fake"]).await;
    assert_eq!(code, Some(0));
    assert!(
        out.contains(&server.url) && out.contains("--header X-From: file"),
        "{out}"
    );
    let (code, _, _) = run(d, &["config", "remove", "fake"]).await;
    assert_eq!(code, Some(0));
    let (code, _, err) = run(d, &["config", "remove", "fake"]).await;
    assert_eq!(code, Some(1), "{err}");
    let (code, _, err) = run(d, &["proxy", "fake"]).await;
    assert_eq!(code, Some(1));
    assert!(
        err.contains("no server named `fake`") && err.contains("known: other"),
        "{err}"
    );
}

#[tokio::test]
async fn paths_secrets_and_invalid_files() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (code, out, _) = run(d, &["config", "path"]).await;
    assert_eq!(code, Some(0));
    assert_eq!(out.trim(), d.join("config.toml").to_str().unwrap());
    let (_, out, _) = run_async(
        &["config", "path"],
        &[("MCP_BRIDGE_CONFIG", "/somewhere/else.toml")],
        "",
    )
    .await;
    assert_eq!(out.trim(), "/somewhere/else.toml");

    let (code, _, err) = run(
        d,
        &[
            "config",
            "add",
            "s",
            "https://s.test/mcp",
            "--client-secret",
            "hunter2",
        ],
    )
    .await;
    assert_eq!(code, Some(1));
    assert!(err.contains("secret"), "{err}");
    assert!(!d.join("config.toml").exists(), "nothing written");

    std::fs::write(
        d.join("config.toml"),
        "[servers.a]\nurl = \"https://a.test/mcp\"\n\nscoop = \"x\"\n",
    )
    .unwrap();
    let (code, _, err) = run(d, &["config", "show"]).await;
    assert_eq!(code, Some(1));
    assert!(
        err.contains("line 4") && err.contains("did you mean `scope`"),
        "{err}"
    );
    let (code, _, err) = run(d, &["proxy", "a"]).await;
    assert_eq!(code, Some(1));
    assert!(err.contains("line 4"), "{err}");
}
