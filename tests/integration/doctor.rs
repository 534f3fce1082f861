//! `mcp-bridge doctor`: every step's verdict and fix against the fake server and authorization
//! server, before and after signing in, against a server that needs no sign-in, and against a
//! port where nothing listens.

use serde_json::Value;

use crate::oauth::Setup;
use crate::support::fake_as::AsKnobs;
use crate::support::{FakeServer, Knobs};

use crate::support::bridge::run_async;

async fn run(args: &[&str], env: &[(&str, &str)]) -> (Option<i32>, String, String) {
    run_async(args, env, "").await
}

fn step<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == name)
        .unwrap_or_else(|| panic!("no step {name} in {report}"))
}

#[tokio::test]
async fn walks_the_oauth_chain_and_names_the_fix_before_and_after_sign_in() {
    let s = Setup::new(AsKnobs::default()).await;
    let data = s.dir.path().join("data");
    let data = data.to_str().unwrap();
    let env = [
        ("MCP_BRIDGE_DATA_DIR", data),
        ("MCP_BRIDGE_BROWSER", s.browser.as_str()),
    ];
    let url = s.server.url.as_str();

    let (code, out, err) = run(&["doctor", url, "--store", "file", "--json"], &env).await;
    assert_eq!(code, Some(1), "not signed in yet: {err}");
    let report: Value = serde_json::from_str(&out).unwrap();
    for ok in [
        "URL",
        "DNS",
        "Connection",
        "Challenge",
        "Resource metadata",
        "Authorization server",
        "Registration",
        "PKCE",
    ] {
        assert_eq!(step(&report, ok)["verdict"], "ok", "{ok}: {report}");
    }
    let cred = step(&report, "Credential");
    assert_eq!(cred["verdict"], "fail");
    assert!(
        cred["fix"].as_str().unwrap().contains("mcp-bridge login"),
        "{cred}"
    );
    assert_eq!(step(&report, "initialize")["verdict"], "fail");
    assert_eq!(s.auth.count("register"), 0, "doctor registers nothing");
    assert_eq!(s.auth.count("authorize"), 0, "doctor signs nobody in");

    let (code, _, err) = run(&["login", url, "--store", "file"], &env).await;
    assert_eq!(code, Some(0), "{err}");
    let (code, text, err) = run(&["doctor", url, "--store", "file"], &env).await;
    assert_eq!(code, Some(0), "{err}");
    assert!(text.is_empty(), "the human report goes to stderr");
    for line in [
        "✓ Credential",
        "✓ Transport",
        "✓ initialize",
        "✓ Tools",
        "All checks passed.",
    ] {
        assert!(err.contains(line), "{line} missing:\n{err}");
    }
    assert!(!err.contains('\x1b'), "NO_COLOR: no escape codes");
}

#[tokio::test]
async fn a_server_without_sign_in_skips_the_oauth_steps() {
    let server = FakeServer::start(Knobs::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap();
    let (code, out, err) = run(
        &["doctor", &server.url, "--store", "memory", "--json"],
        &[("MCP_BRIDGE_DATA_DIR", data)],
    )
    .await;
    assert_eq!(code, Some(0), "{err}");
    let report: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(step(&report, "Challenge")["verdict"], "ok");
    assert_eq!(step(&report, "Resource metadata")["verdict"], "skip");
    assert_eq!(step(&report, "Credential")["verdict"], "skip");
    assert!(
        step(&report, "Tools")["detail"]
            .as_str()
            .unwrap()
            .ends_with("tools"),
        "{report}"
    );
    assert_eq!(step(&report, "Transport")["detail"], "streamable-http");
}

#[tokio::test]
async fn nothing_listening_fails_at_the_connection_with_a_fix() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}/mcp");
    let dir = tempfile::tempdir().unwrap();
    let (code, out, _) = run(
        &["doctor", &url, "--store", "memory", "--json"],
        &[("MCP_BRIDGE_DATA_DIR", dir.path().to_str().unwrap())],
    )
    .await;
    assert_eq!(code, Some(1));
    let report: Value = serde_json::from_str(&out).unwrap();
    let conn = step(&report, "Connection");
    assert_eq!(conn["verdict"], "fail", "{report}");
    assert!(
        conn["fix"].as_str().unwrap().contains("server is up"),
        "{conn}"
    );
    assert_eq!(step(&report, "Tools")["verdict"], "skip");
}
