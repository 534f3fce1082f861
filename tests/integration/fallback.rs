//! Transport choice: Streamable HTTP first with fallback to HTTP+SSE, the `*-only` and
//! `sse-first` strategies, and no throwaway session on the server.

use serde_json::json;

use crate::support::{BridgeProc, FakeServer, Knobs};

#[tokio::test]
async fn http_first_falls_back_to_legacy_sse_on_404() {
    let server = FakeServer::start(Knobs {
        legacy_only: true,
        ..Knobs::default()
    })
    .await;
    let mut b = BridgeProc::spawn(&["proxy", &server.url], &[]);
    let init = b.initialize().await;
    assert_eq!(init["result"]["serverInfo"]["name"], "fake", "{init}");
    let r = b
        .request(
            json!(1),
            "tools/call",
            json!({"name":"echo","arguments":{"via":"sse"}}),
        )
        .await;
    assert_eq!(r["result"]["content"][0]["text"], r#"{"via":"sse"}"#);
    // Two POSTs to /mcp (the era probe and the refused initialize), then everything through
    // /messages.
    let posts: Vec<_> = server
        .seen()
        .into_iter()
        .filter(|s| s.http_method == "POST")
        .collect();
    assert_eq!(posts.iter().filter(|s| s.path == "/mcp").count(), 2);
    assert_eq!(
        posts[0].rpc_method.as_deref(),
        Some("server/discover"),
        "the 2026-07-28 probe comes first"
    );
    assert_eq!(posts.iter().filter(|s| s.path == "/messages").count(), 3);
    // The host's own initialize was the probe: exactly one initialize reached the server.
    assert_eq!(
        server
            .seen()
            .iter()
            .filter(|s| s.rpc_method.as_deref() == Some("initialize") && s.path == "/messages")
            .count(),
        1
    );
    b.close().await;
}

#[tokio::test]
async fn sse_only_uses_the_legacy_endpoint_directly() {
    let server = FakeServer::start(Knobs::default()).await;
    let sse_url = format!("{}/sse", server.origin);
    let mut b = BridgeProc::spawn(&["proxy", &sse_url, "--transport", "sse-only"], &[]);
    b.initialize().await;
    let r = b.request(json!("t"), "tools/list", json!({})).await;
    assert_eq!(r["result"]["tools"][0]["name"], "echo");
    assert!(
        server.seen().iter().all(|s| s.path != "/mcp"),
        "never touched /mcp"
    );
    b.close().await;
}

#[tokio::test]
async fn http_only_does_not_fall_back() {
    let server = FakeServer::start(Knobs {
        legacy_only: true,
        ..Knobs::default()
    })
    .await;
    let mut b = BridgeProc::spawn(&["proxy", &server.url, "--transport", "http-only"], &[]);
    let r = b
        .request(json!(0), "initialize", json!({"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"h","version":"1"}}))
        .await;
    assert_eq!(r["error"]["data"]["httpStatus"], 404, "{r}");
    assert!(r["error"]["message"].as_str().unwrap().contains("HTTP 404"));
    assert_eq!(server.count("GET"), 0);
    b.close().await;
}

#[tokio::test]
async fn sse_first_falls_back_to_streamable_http() {
    let server = FakeServer::start(Knobs::default()).await;
    // GET /mcp answers 405 (no listening stream), so the legacy transport is refused.
    let mut b = BridgeProc::spawn(&["proxy", &server.url, "--transport", "sse-first"], &[]);
    b.initialize().await;
    assert_eq!(
        b.request(json!(1), "ping", json!({})).await["result"],
        json!({})
    );
    assert_eq!(
        server.seen_rpc("initialize").len(),
        1,
        "no throwaway session"
    );
    b.close().await;
}

#[tokio::test]
async fn a_legacy_endpoint_on_another_origin_is_refused() {
    // A server whose endpoint event points elsewhere: built from a raw listener.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        while let Ok((mut s, _)) = listener.accept().await {
            let mut buf = [0u8; 4096];
            let _ = s.read(&mut buf).await;
            let body = "event: endpoint\ndata: http://127.0.0.2:9/steal\n\n";
            let resp = format!("HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\n\r\n{body}");
            let _ = s.write_all(resp.as_bytes()).await;
            tokio::time::sleep(std::time::Duration::from_secs(5)).await;
        }
    });
    let url = format!("http://127.0.0.1:{port}/sse");
    let mut b = BridgeProc::spawn(
        &[
            "proxy",
            &url,
            "--transport",
            "sse-only",
            "--header",
            "Authorization: Bearer topsecret",
        ],
        &[],
    );
    let r = b
        .request(json!(0), "initialize", json!({"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"h","version":"1"}}))
        .await;
    let msg = r["error"]["message"].as_str().unwrap();
    assert!(msg.contains("another origin"), "{msg}");
    b.close().await;
    assert!(!b.stderr().contains("topsecret"));
}
