//! Hostile servers and inputs: a redirect to another origin never carries credentials; a
//! server flooding notifications cannot grow the bridge's memory while the host is slow; no
//! token, code or verifier appears in the logs at the highest verbosity; a missing keyring is a
//! clear error or a warned fallback, never a crash.

use serde_json::json;

use crate::oauth::Setup;
use crate::support::bridge::{NO_KEYRING, run_once};
use crate::support::fake_as::AsKnobs;
use crate::support::{BridgeProc, FakeServer, Knobs};

#[tokio::test]
async fn a_redirect_to_another_origin_is_not_followed_and_gets_no_credentials() {
    let elsewhere = FakeServer::start(Knobs::default()).await;
    let server = FakeServer::start(Knobs {
        redirect_to: Some(elsewhere.url.clone()),
        ..Knobs::default()
    })
    .await;
    let mut b = BridgeProc::spawn(
        &[
            "proxy",
            &server.url,
            "--header",
            "Authorization: Bearer top-secret-42",
        ],
        &[],
    );
    let r = b
        .request(json!(0), "initialize", json!({"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"h","version":"1"}}))
        .await;
    b.close().await;
    let msg = r["error"]["message"].as_str().unwrap_or_default();
    assert!(msg.contains("another origin"), "{r}");
    assert!(
        elsewhere.seen().is_empty(),
        "the other origin was never contacted"
    );
}

#[tokio::test]
async fn a_redirect_loop_is_reported_as_too_many_redirects() {
    let server = FakeServer::start(Knobs::default()).await;
    let own = server.url.clone();
    server.set(|k| k.redirect_to = Some(own));
    let mut b = BridgeProc::spawn(&["proxy", &server.url], &[]);
    let r = b
        .request(json!(0), "initialize", json!({"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"h","version":"1"}}))
        .await;
    b.close().await;
    let msg = r["error"]["message"].as_str().unwrap_or_default();
    assert!(msg.contains("too many redirects (5)"), "{r}");
    assert!(!msg.contains("another origin"), "{r}");
}

#[cfg(target_os = "linux")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_notification_flood_cannot_exhaust_memory_and_loses_nothing() {
    use std::time::Duration;

    use crate::support::memory::rss_kb;

    let server = std::sync::Arc::new(
        FakeServer::start(Knobs {
            get_stream: true,
            ..Knobs::default()
        })
        .await,
    );
    let mut b = BridgeProc::spawn(&["proxy", &server.url, "-q"], &[]);
    b.initialize().await;
    let n = json!({"jsonrpc":"2.0","method":"notifications/message","params":{"level":"info","data":"x".repeat(200)}});
    while server
        .notify_listeners(json!({"jsonrpc":"2.0","method":"notifications/ready"}))
        .await
        == 0
    {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let flood = 100_000;
    let flooder = {
        let server = server.clone();
        tokio::spawn(async move {
            for _ in 0..flood {
                server.notify_listeners(n.clone()).await;
            }
        })
    };
    // The host does not read for a while: the flood backs up into the server, not the bridge.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let rss = rss_kb(b.pid());
    assert!(
        rss < 40 * 1024,
        "the bridge holds {rss} kB while the host is not reading"
    );
    let mut got = 0;
    while got < flood {
        let m = b.recv().await;
        if m["method"] == "notifications/message" {
            got += 1;
        }
    }
    flooder.await.unwrap();
    b.close().await;
}

#[tokio::test]
async fn no_secret_reaches_the_log_at_the_highest_verbosity() {
    let s = Setup::new(AsKnobs::default()).await;
    let mut b = s.bridge(&["-vvv", "--header", "X-Extra: header-secret-77"]);
    let r = b.initialize_and_sign_in().await;
    assert!(r.get("result").is_some(), "{r}");
    s.auth.expire_access_tokens();
    let r = b.request(json!(1), "tools/list", json!({})).await;
    assert!(r.get("result").is_some(), "{r}");
    b.close().await;
    let log = b.stderr();
    assert!(log.lines().count() > 20, "trace logging was on");
    let mut secrets: Vec<String> = vec!["header-secret-77".into()];
    for p in s.auth.token_params() {
        secrets.extend(
            ["code", "code_verifier", "refresh_token"]
                .iter()
                .filter_map(|k| p.get(*k).cloned()),
        );
    }
    for t in s.auth.resource_auth.tokens.lock().unwrap().iter() {
        secrets.push(t.clone());
    }
    // (The authorization URL — with its `state` and PKCE challenge, which travel through the
    // browser and are not secret — is printed on purpose, for when no browser opens.)
    assert!(secrets.len() >= 5);
    for secret in &secrets {
        assert!(
            !log.contains(secret.as_str()),
            "{secret:?} appears in the log"
        );
    }
}

#[test]
fn a_missing_keyring_is_a_clear_error_or_a_warned_fallback() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap();
    let run = |args: &[&str]| {
        let out = std::process::Command::new(crate::support::bridge::BIN)
            .args(args)
            .env("MCP_BRIDGE_DATA_DIR", data)
            .env(NO_KEYRING.0, NO_KEYRING.1)
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, err) = run(&["status", "--store", "keyring"]);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("keyring is not available"), "{err}");
    let (code, err) = run(&["status"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.contains("no OS keyring reachable") && err.contains("tokens.json"),
        "{err}"
    );
    let _ = run_once;
}

#[tokio::test]
async fn an_oversized_server_response_is_refused_and_the_bridge_goes_on() {
    for sse in [false, true] {
        let server = FakeServer::start(Knobs {
            sse,
            ..Knobs::default()
        })
        .await;
        let mut b = BridgeProc::spawn(&["proxy", &server.url, "--max-message-size", "100000"], &[]);
        b.initialize().await;
        let r = b
            .request(
                json!(1),
                "tools/call",
                json!({"name":"big","arguments":{"bytes":500_000}}),
            )
            .await;
        let msg = r["error"]["message"].as_str().unwrap_or_default();
        assert!(msg.contains("larger than 100000 bytes"), "sse={sse}: {r}");
        let r = b
            .request(
                json!(2),
                "tools/call",
                json!({"name":"big","arguments":{"bytes":1000}}),
            )
            .await;
        assert!(
            r.get("result").is_some(),
            "sse={sse}: the next request works: {r}"
        );
        b.close().await;
    }
}

#[tokio::test]
async fn the_users_own_authorization_header_needs_no_credential_store() {
    let server = FakeServer::start(Knobs::default()).await;
    let mut b = BridgeProc::spawn(
        &[
            "proxy",
            &server.url,
            "--store",
            "keyring",
            "--header",
            "Authorization: Bearer mine",
        ],
        &[NO_KEYRING],
    );
    let r = b.initialize().await;
    assert!(r["result"].is_object(), "{r}\n{}", b.stderr());
    b.close().await;
    let err = b.stderr();
    assert!(
        !err.contains("keyring") && !err.contains("tokens.json"),
        "nothing stored was looked at: {err}"
    );
}
