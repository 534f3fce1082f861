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

/// `meraki` is the name users pick, though `mcp-bridge meraki` is also a subcommand: the name
/// always follows a subcommand, so every command takes it, with the Access for SaaS settings
/// from the file.
#[tokio::test]
async fn meraki_names_a_server_for_every_command_with_its_auth_settings() {
    use crate::cf_access::{Env, bearers, connect};
    use crate::support::fake_access::{CLIENT_ID, EMAIL};
    let e = Env::new("Bearer").await;
    let flags = e.saas_flags();
    let url = e.server.url.clone();
    let mut add = vec!["config", "add", "meraki", url.as_str()];
    add.extend(flags.iter().map(String::as_str));
    add.extend(["--use-id-token", "--store", "file"]);
    let no_config = [("MCP_BRIDGE_CONFIG", "")];
    let (code, _, err) = e.run(&add, "", &no_config).await;
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("mcp-bridge proxy meraki"), "{err}");
    let text = std::fs::read_to_string(e.dir.path().join("data/config.toml")).unwrap();
    assert!(
        text.contains("[servers.meraki]")
            && text.contains(&format!("cf-access-team = \"{}\"", e.access.origin))
            && text.contains(&format!("client-id = \"{CLIENT_ID}\"")),
        "{text}"
    );

    let mut b = crate::support::BridgeProc::spawn(
        &["proxy", "meraki"],
        &[
            ("MCP_BRIDGE_DATA_DIR", &e.data()),
            ("MCP_BRIDGE_CONFIG_DIR", &e.data()),
            ("MCP_BRIDGE_BROWSER", &e.browser),
            ("MCP_BRIDGE_CONFIG", ""),
        ],
    );
    connect(&mut b).await;
    b.close().await;
    let claims =
        |b: &str| mcp_bridge::oauth::id_token::claims(b.trim_start_matches("Bearer ")).unwrap();
    assert!(
        claims(&bearers(&e.server).pop().unwrap())
            .get("type")
            .is_none(),
        "the ID token"
    );
    assert_eq!(e.access.count("code"), 1);

    let (code, out, err) = e.run(&["status", "meraki", "--json"], "", &no_config).await;
    assert_eq!(code, Some(0), "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["servers"][0]["server"], url);
    assert_eq!(v["servers"][0]["identity"], EMAIL, "{v}");
    let (code, _, err) = e.run(&["login", "meraki"], "", &no_config).await;
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("Already signed in"), "{err}");
    let (code, out, err) = e.run(&["token", "meraki"], "", &no_config).await;
    assert_eq!(code, Some(0), "{err}");
    assert!(
        claims(out.trim()).get("type").is_none(),
        "--use-id-token from the file"
    );
    let (code, out, err) = e
        .run(&["token", "meraki", "--no-use-id-token"], "", &no_config)
        .await;
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        claims(out.trim())["type"],
        "access",
        "turned off on the command line"
    );
    let (_, _, err) = e.run(&["doctor", "meraki"], "", &no_config).await;
    assert!(err.contains(&format!("Checking {url}")), "{err}");
    assert!(err.contains("Credential") && err.contains(EMAIL), "{err}");
    let (code, _, err) = e.run(&["logout", "meraki"], "", &no_config).await;
    assert_eq!(code, Some(0), "{err}");
    let (code, _, _) = e.run(&["status", "meraki"], "", &no_config).await;
    assert_eq!(code, Some(1), "signed out");
    assert_eq!(e.access.count("code"), 1, "no other sign-in along the way");
}

/// Command line > environment > config file, with no conflict error from a lower source; a
/// setting that does not work is reported with its entry and line.
#[tokio::test]
async fn sources_of_a_service_token_secret_follow_their_precedence() {
    use crate::cf_access::{Env, connect};
    use crate::support::fake_server::GateAnswer;
    let e = Env::gated(GateAnswer::Strict).await;
    let good = e.dir.path().join("good");
    let stale = e.dir.path().join("stale");
    std::fs::write(&good, "cfast_s3cret\n").unwrap();
    std::fs::write(&stale, "cfast_stale\n").unwrap();
    let (good, stale) = (
        good.to_string_lossy().into_owned(),
        stale.to_string_lossy().into_owned(),
    );
    let url = e.server.url.clone();
    let no_config = ("MCP_BRIDGE_CONFIG", "");
    let (code, _, err) = e
        .run(
            &[
                "config",
                "add",
                "m1",
                &url,
                "--cf-access-client-id",
                "1a2b.access",
                "--cf-access-client-secret-file",
                &stale,
                "--store",
                "file",
            ],
            "",
            &[no_config],
        )
        .await;
    assert_eq!(code, Some(0), "{err}");
    let spawn = |extra: &[&str], secret: &str| {
        let mut args = vec!["proxy", "m1"];
        args.extend_from_slice(extra);
        let data = e.data();
        crate::support::BridgeProc::spawn(
            &args,
            &[
                ("MCP_BRIDGE_DATA_DIR", &data),
                ("MCP_BRIDGE_CONFIG_DIR", &data),
                no_config,
                ("CF_ACCESS_CLIENT_SECRET", secret),
            ],
        )
    };
    // The environment beats the file's secret file.
    let mut b = spawn(&[], "cfast_s3cret");
    connect(&mut b).await;
    b.close().await;
    // The command line's secret file beats the environment, without a clap conflict.
    let mut b = spawn(&["--cf-access-client-secret-file", &good], "cfast_wrong");
    connect(&mut b).await;
    b.close().await;
    for s in e.server.seen() {
        assert_eq!(s.headers["cf-access-client-secret"], "cfast_s3cret");
    }

    std::fs::write(
        e.dir.path().join("data/config.toml"),
        format!("[servers.m1]\nurl = \"{url}\"\n\ntransport = \"carrier-pigeon\"\n"),
    )
    .unwrap();
    let (code, _, err) = e.run(&["proxy", "m1"], "", &[no_config]).await;
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("line 4")
            && err.contains("`transport` in [servers.m1]")
            && err.contains("carrier-pigeon"),
        "{err}"
    );
    assert!(!err.contains("not a valid URL"), "{err}");
}

#[tokio::test]
async fn config_add_refuses_literal_secrets_bad_urls_and_flag_like_names() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for (args, needle) in [
        (
            vec![
                "config",
                "add",
                "a",
                "https://a.test/mcp",
                "--header",
                "CF-Access-Client-Secret: 9f8e7d",
            ],
            "literal secret",
        ),
        (
            vec![
                "config",
                "add",
                "a",
                "https://a.test/mcp",
                "--header",
                "X-Api-Key: k3y",
            ],
            "literal secret",
        ),
        (
            vec!["config", "add", "a", "https://exa mple.test/mcp"],
            "not a URL",
        ),
        (vec!["config", "add", "a", "mcp.example.com"], "not a URL"),
        (
            vec!["config", "add", "--", "-x", "https://a.test/mcp"],
            "not a server name",
        ),
    ] {
        let (code, _, err) = run(d, &args).await;
        assert_eq!(code, Some(1), "{args:?}: {err}");
        assert!(err.contains(needle), "{args:?}: {err}");
        assert!(!err.contains("9f8e7d") && !err.contains("k3y"), "{err}");
        assert!(!d.join("config.toml").exists(), "nothing written");
    }
    let (code, _, err) = run(
        d,
        &[
            "config",
            "add",
            "a",
            "https://a.test/mcp",
            "--header",
            "CF-Access-Client-Secret: ${CF_SECRET}",
        ],
    )
    .await;
    assert_eq!(code, Some(0), "{err}");
    // A hand-written literal secret is refused when the file is read, with its line.
    std::fs::write(
        d.join("config.toml"),
        "[servers.a]\nurl = \"https://a.test/mcp\"\nheader = [\"Authorization: Bearer hunter2\"]\n",
    )
    .unwrap();
    let (code, _, err) = run(d, &["proxy", "a"]).await;
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("line 3") && err.contains("literal secret") && !err.contains("hunter2"),
        "{err}"
    );
}
