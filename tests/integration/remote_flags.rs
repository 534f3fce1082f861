//! mcp-remote's flags that the bridge used to refuse: the ones it implements have their effect
//! (`--authorize-param`, `--static-oauth-client-metadata`, `--headers-timeout`,
//! `--body-timeout`, `--ipv4`), the others are accepted with a one-line warning, so that a
//! migrated host config keeps working.

use std::time::Duration;

use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::oauth::Setup;
use crate::support::bridge::run_once;
use crate::support::fake_as::AsKnobs;
use crate::support::{BridgeProc, FakeServer, Knobs, PROMPTLY};

#[tokio::test]
async fn flags_without_an_effect_here_are_accepted_with_one_warning_each() {
    let server = FakeServer::start(Knobs::default()).await;
    let mut b = BridgeProc::spawn(
        &[
            &server.url,
            "--auth-success-url",
            "https://example.com/done",
            "--token-endpoint",
            "https://as.example.com/token",
            "--disable-cookies",
            "--ipv4",
            "--headers-timeout",
            "30",
            "--body-timeout",
            "30",
        ],
        &[],
    );
    let init = b.initialize().await;
    assert_eq!(
        init["result"]["serverInfo"]["name"],
        "fake",
        "{}",
        b.stderr()
    );
    b.close().await;
    let err = b.stderr();
    for flag in [
        "--auth-success-url",
        "--token-endpoint",
        "--disable-cookies",
    ] {
        let lines: Vec<&str> = err.lines().filter(|l| l.contains(flag)).collect();
        assert_eq!(lines.len(), 1, "{flag}: {err}");
        assert!(lines[0].starts_with("warning: "), "{}", lines[0]);
    }
    for flag in ["--ipv4", "--headers-timeout", "--body-timeout"] {
        assert!(
            !err.contains(flag),
            "{flag} is implemented, no warning: {err}"
        );
    }
}

#[tokio::test]
async fn authorize_params_and_client_metadata_reach_the_authorization_server() {
    let s = Setup::new(AsKnobs::default()).await;
    let mut b = s.bridge(&[
        "--authorize-param",
        "audience=https://api.example.com",
        "--authorize-param",
        "prompt=login",
        "--static-oauth-client-metadata",
        r#"{"client_name": "Ada's bridge", "scope": "mcp:tools extra", "redirect_uris": ["https://evil.example/cb"]}"#,
    ]);
    b.initialize_and_sign_in().await;
    let tools = b.tools_when_ready(json!(1)).await;
    assert_eq!(
        tools["result"]["tools"][0]["name"],
        "echo",
        "{}",
        b.stderr()
    );
    b.close().await;
    let a = &s.auth.authorize_params()[0];
    assert_eq!(a["audience"], "https://api.example.com");
    assert_eq!(a["prompt"], "login");
    assert_eq!(
        a["scope"], "mcp:tools extra",
        "the metadata's scope wins over the challenge's"
    );
    let reg = &s.auth.register_bodies()[0];
    assert_eq!(reg["client_name"], "Ada's bridge");
    assert_eq!(reg["scope"], "mcp:tools extra");
    assert!(
        reg["redirect_uris"][0]
            .as_str()
            .unwrap()
            .starts_with("http://127.0.0.1:"),
        "the redirect URI stays the bridge's: {reg}"
    );

    for reserved in ["state=x", "nonce=n", "resource=https://elsewhere.test"] {
        let (code, _, err) = run_once(&["proxy", &s.server.url, "--authorize-param", reserved], "");
        assert_eq!(code, Some(2), "{reserved}: {err}");
        assert!(err.contains("set by the sign-in itself"), "{err}");
    }
    let (code, _, err) = run_once(
        &["proxy", &s.server.url, "--authorize-param", "novalue"],
        "",
    );
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("KEY=VALUE"), "{err}");
}

/// A server that accepts connections and answers each with `reply` (possibly nothing), then
/// holds the connection open without another byte.
async fn silent_server(reply: &'static str) -> (String, tokio::task::JoinHandle<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/mcp", listener.local_addr().unwrap());
    let task = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((mut sock, _)) = listener.accept().await {
            let mut buf = [0u8; 4096];
            let _ = sock.read(&mut buf).await;
            let _ = sock.write_all(reply.as_bytes()).await;
            held.push(sock);
        }
    });
    (url, task)
}

async fn initialize_fails_promptly(url: &str, flag: &str) {
    let mut b = BridgeProc::spawn(&["proxy", url, flag, "1"], &[]);
    let started = std::time::Instant::now();
    let answer = tokio::time::timeout(
        Duration::from_secs(20),
        b.request(
            json!(1),
            "initialize",
            json!({"protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}),
        ),
    )
    .await
    .unwrap_or_else(|_| panic!("{flag}: no answer while the server is silent:\n{}", b.stderr()));
    assert!(answer.get("error").is_some(), "{flag}: {answer}");
    assert!(
        started.elapsed() < Duration::from_secs(1) + PROMPTLY * 2,
        "{flag}: took {:?}",
        started.elapsed()
    );
    b.close().await;
}

#[tokio::test]
async fn headers_and_body_timeouts_end_a_silent_response() {
    let (url, task) = silent_server("").await;
    initialize_fails_promptly(&url, "--headers-timeout").await;
    task.abort();
    let (url, task) = silent_server(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 500\r\n\r\n{\"jsonrpc\":",
    )
    .await;
    initialize_fails_promptly(&url, "--body-timeout").await;
    task.abort();
}
