//! The credential over time: eight bridges racing on one expired token make one refresh;
//! `token`, `status` and `logout` in scripts.

use serde_json::json;

use crate::oauth::Setup;
use crate::support::bridge::BIN;
use crate::support::fake_as::AsKnobs;

async fn sign_in(s: &Setup) {
    let mut b = s.bridge(&[]);
    let r = b
        .request(json!(0), "initialize", json!({"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"h","version":"1"}}))
        .await;
    assert!(r.get("result").is_some(), "{r}\n{}", b.stderr());
    b.close().await;
}

/// Run a command to completion without blocking the runtime that serves the fakes.
async fn run(s: &Setup, args: &[&str]) -> (Option<i32>, String, String) {
    let out = tokio::process::Command::new(BIN)
        .args(args)
        .env("MCP_BRIDGE_DATA_DIR", s.dir.path().join("data"))
        .env("NO_COLOR", "1")
        .output()
        .await
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[tokio::test]
async fn eight_bridges_with_an_expired_token_make_one_refresh() {
    let s = Setup::new(AsKnobs::default()).await;
    sign_in(&s).await;
    s.auth.expire_access_tokens();
    let mut bridges: Vec<_> = (0..8).map(|_| s.bridge(&[])).collect();
    for b in bridges.iter_mut() {
        b.send(&json!({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"h","version":"1"}}}))
            .await;
    }
    for b in bridges.iter_mut() {
        let r = b.response(&json!(1)).await;
        assert!(r.get("result").is_some(), "{r}\n{}", b.stderr());
    }
    assert_eq!(
        s.auth.count("token:refresh_token"),
        1,
        "exactly one refresh at the authorization server"
    );
    assert_eq!(s.auth.count("authorize"), 1, "no browser sign-in");
    for b in bridges.iter_mut() {
        b.close().await;
    }
}

#[tokio::test]
async fn token_prints_the_token_alone_and_refreshes_on_request() {
    let s = Setup::new(AsKnobs::default()).await;
    let (code, out, err) = run(&s, &["token", &s.server.url, "--store", "file"]).await;
    assert_eq!(code, Some(1), "not signed in yet");
    assert!(out.is_empty());
    assert!(err.contains("mcp-bridge login"), "{err}");

    sign_in(&s).await;
    let (code, out, err) = run(&s, &["token", &s.server.url, "--store", "file", "-vv"]).await;
    assert_eq!(code, Some(0), "{err}");
    let token = out.trim_end().to_owned();
    assert!(token.starts_with("at-") && !token.contains('\n'), "{out:?}");
    assert!(
        s.auth.resource_auth.tokens.lock().unwrap().contains(&token),
        "a token the server accepts"
    );

    let (code, out, _) = run(
        &s,
        &[
            "token",
            &s.server.url,
            "--store",
            "file",
            "--refresh",
            "--json",
        ],
    )
    .await;
    assert_eq!(code, Some(0));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_ne!(v["access_token"], token.as_str(), "a new token");
    assert!(v["expires_at"].as_u64().unwrap() > 0);
    assert_eq!(s.auth.count("token:refresh_token"), 1);
}

#[tokio::test]
async fn status_and_logout() {
    let s = Setup::new(AsKnobs::default()).await;
    sign_in(&s).await;
    let (code, _, err) = run(&s, &["status", "--store", "file"]).await;
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.contains(&s.server.url) && err.contains("✓ Signed in") && err.contains("valid for"),
        "{err}"
    );
    let (code, out, _) = run(&s, &["status", "--store", "file", "--json"]).await;
    assert_eq!(code, Some(0));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["servers"][0]["usable"], true);
    assert_eq!(v["servers"][0]["scope"], "mcp:tools");
    assert!(
        !out.contains("at-") && !err.contains("rt-"),
        "status never shows a token"
    );

    let (code, _, err) = run(&s, &["logout", &s.server.url, "--store", "file", "-vv"]).await;
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("revoked"), "{err}");
    assert_eq!(
        s.auth.count("revoke"),
        2,
        "refresh and access token revoked"
    );
    assert!(!s.tokens_file().contains("at-"));
    let (code, _, _) = run(&s, &["status", &s.server.url, "--store", "file"]).await;
    assert_eq!(code, Some(1), "signed out: status says it is unusable");
}
