//! The host side: malformed and oversized lines get errors and the bridge goes on; stdout
//! carries nothing but JSON-RPC, even with verbose logging.

use serde_json::json;

use crate::support::bridge::run_once;
use crate::support::{BridgeProc, FakeServer, Knobs};

#[tokio::test]
async fn malformed_lines_get_parse_errors_and_the_bridge_goes_on() {
    let server = FakeServer::start(Knobs::default()).await;
    let mut b = BridgeProc::spawn(&["proxy", &server.url], &[]);
    b.send_raw("{not json").await;
    let e = b.recv().await;
    assert_eq!(
        (e["error"]["code"].clone(), e["id"].clone()),
        (json!(-32700), json!(null))
    );
    b.send_raw(r#"{"jsonrpc":"2.0","foo":1}"#).await;
    assert_eq!(b.recv().await["error"]["code"], -32600);
    b.send_raw("\u{feff}{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"h\",\"version\":\"1\"}}}\r").await;
    assert_eq!(
        b.response(&json!(1)).await["result"]["serverInfo"]["name"],
        "fake"
    );
    b.close().await;
}

#[tokio::test]
async fn an_oversized_line_is_refused_and_the_next_one_works() {
    let server = FakeServer::start(Knobs::default()).await;
    let mut b = BridgeProc::spawn(&["proxy", &server.url, "--max-message-size", "1000"], &[]);
    let huge = format!(
        r#"{{"jsonrpc":"2.0","id":1,"method":"x","params":{{"p":"{}"}}}}"#,
        "a".repeat(5000)
    );
    b.send_raw(&huge).await;
    let e = b.recv().await;
    assert_eq!(e["error"]["code"], -32600);
    assert!(e["error"]["message"].as_str().unwrap().contains("1000"));
    b.initialize().await;
    assert_eq!(b.request(json!(2), "ping", json!({})).await["id"], 2);
    b.close().await;
}

#[tokio::test]
async fn stdout_is_only_json_rpc_even_at_trace_level() {
    let server = FakeServer::start(Knobs {
        sse: true,
        ..Knobs::default()
    })
    .await;
    let input = [
        r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"h","version":"1"}}}"#,
        r#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#,
        r#"{"jsonrpc":"2.0","id":2,"method":"tools/list"}"#,
        "garbage",
    ]
    .join("\n");
    let url = server.url.clone();
    let (code, stdout, stderr) =
        tokio::task::spawn_blocking(move || run_once(&["proxy", &url, "-vvv"], &(input + "\n")))
            .await
            .unwrap();
    assert_eq!(code, Some(0), "{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(lines.len() >= 4, "{stdout}");
    for l in &lines {
        let v: serde_json::Value = serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"));
        assert_eq!(v["jsonrpc"], "2.0", "{l}");
    }
    assert!(
        stderr.contains("TRACE") || stderr.contains("DEBUG"),
        "logs go to stderr"
    );
}
