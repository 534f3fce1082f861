//! Session life: transparent re-initialization when the server forgets the session, DELETE on
//! exit, and prompt exit on EOF and signals.

use serde_json::json;

use crate::support::{BridgeProc, FakeServer, Knobs, PROMPTLY};

#[tokio::test]
async fn forgotten_session_is_reinitialized_without_the_host_noticing() {
    let server = FakeServer::start(Knobs::default()).await;
    let mut b = BridgeProc::spawn(&["proxy", &server.url], &[]);
    b.initialize().await;
    assert_eq!(b.request(json!(1), "tools/list", json!({})).await["id"], 1);

    server.forget_sessions();
    let r = b
        .request(
            json!(2),
            "tools/call",
            json!({"name":"echo","arguments":{"n":2}}),
        )
        .await;
    assert_eq!(r["result"]["content"][0]["text"], r#"{"n":2}"#, "{r}");

    let inits = server.seen_rpc("initialize");
    assert_eq!(inits.len(), 2, "the host's initialize was replayed once");
    assert_eq!(server.seen_rpc("notifications/initialized").len(), 2);
    let retried = server.seen_rpc("tools/call").pop().unwrap();
    assert_eq!(retried.headers["mcp-session-id"], "sess-1");
    // Nothing but the answer reached the host: the next line is the next answer.
    assert_eq!(b.request(json!(3), "ping", json!({})).await["id"], 3);
    b.close().await;
}

#[tokio::test]
async fn stdin_eof_deletes_the_session_and_exits_within_a_second() {
    let server = FakeServer::start(Knobs::default()).await;
    let mut b = BridgeProc::spawn(&["proxy", &server.url], &[]);
    b.initialize().await;
    let (code, took) = b.close().await;
    assert_eq!(code, Some(0));
    assert!(took < PROMPTLY, "took {took:?}");
    let deletes: Vec<_> = server
        .seen()
        .into_iter()
        .filter(|s| s.http_method == "DELETE")
        .collect();
    assert_eq!(deletes.len(), 1);
    assert_eq!(deletes[0].headers["mcp-session-id"], "sess-0");
    assert_eq!(server.live_sessions(), 0);
}

#[cfg(unix)]
#[tokio::test]
async fn sigterm_and_sigint_end_the_bridge_after_the_delete() {
    for sig in ["-TERM", "-INT"] {
        let server = FakeServer::start(Knobs::default()).await;
        let mut b = BridgeProc::spawn(&["proxy", &server.url], &[]);
        b.initialize().await;
        let status = std::process::Command::new("kill")
            .args([sig, &b.pid().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        let (_, took) = b.wait().await;
        assert!(took < PROMPTLY, "{sig} took {took:?}");
        assert_eq!(server.count("DELETE"), 1, "{sig}");
    }
}

#[tokio::test]
async fn eof_before_anything_was_sent_exits_cleanly_without_contacting_the_server() {
    let server = FakeServer::start(Knobs::default()).await;
    let mut b = BridgeProc::spawn(&["proxy", &server.url], &[]);
    let (code, took) = b.close().await;
    assert_eq!(code, Some(0));
    assert!(took < PROMPTLY, "took {took:?}");
    assert!(
        server.seen().is_empty(),
        "no request before the host sends one"
    );
}
