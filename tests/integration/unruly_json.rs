//! Valid JSON that a `serde_json::Value` cannot hold by default — a number out of `f64` range
//! (`1e400`), nesting deeper than 128 levels — from either side, at every flag that makes the
//! bridge look inside a message. The bridge must relay it byte for byte where it only passes
//! it on, answer a clear error where it cannot, and keep running either way.

use axum::body::Bytes;
use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;
use axum::routing::post;
use serde::Deserialize;
use serde_json::value::RawValue;

use crate::support::BridgeProc;

const DEPTH: usize = 300;

fn deep() -> String {
    format!("{}{}", "[".repeat(DEPTH), "]".repeat(DEPTH))
}

fn init_result() -> String {
    format!(
        r#"{{"protocolVersion":"2025-11-25","capabilities":{{"tools":{{}},"experimental":{{"x":{{"limit":1e400,"shape":{}}}}}}},"serverInfo":{{"name":"unruly","version":"1"}}}}"#,
        deep()
    )
}

fn tools_result() -> String {
    format!(
        r#"{{"tools":[{{"name":"ok","inputSchema":{{"type":"object","properties":{{"amount":{{"type":"number","maximum":1e400}}}}}}}},{{"name":"secret_x","inputSchema":{{"type":"object","default":{}}}}}]}}"#,
        deep()
    )
}

#[derive(Deserialize)]
struct Head<'a> {
    #[serde(borrow)]
    id: Option<&'a RawValue>,
    method: Option<String>,
    #[serde(borrow)]
    params: Option<&'a RawValue>,
}

/// A server that answers with fixed JSON text and echoes `tools/call` params as they came.
async fn post_mcp(body: Bytes) -> axum::response::Response {
    let Ok(head) = serde_json::from_slice::<Head<'_>>(&body) else {
        return (axum::http::StatusCode::BAD_REQUEST, "bad").into_response();
    };
    let (Some(id), Some(method)) = (head.id, head.method.as_deref()) else {
        return axum::http::StatusCode::ACCEPTED.into_response();
    };
    let result = match method {
        "initialize" => init_result(),
        "tools/list" => tools_result(),
        "tools/call" => format!(
            r#"{{"content":[{{"type":"text","text":"done"}}],"echo":{}}}"#,
            head.params.map_or("null", |p| p.get())
        ),
        _ => "{}".to_owned(),
    };
    let text = format!(r#"{{"jsonrpc":"2.0","id":{},"result":{result}}}"#, id.get());
    ([(CONTENT_TYPE, "application/json")], text).into_response()
}

struct Unruly {
    url: String,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Unruly {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn start() -> Unruly {
    let app = axum::Router::new().route("/mcp", post(post_mcp));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let task = tokio::spawn(async move {
        axum::serve(listener, app).await.unwrap();
    });
    Unruly {
        url: format!("http://127.0.0.1:{port}/mcp"),
        task,
    }
}

const INIT: &str = r#"{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"h","version":"1"}}}"#;

async fn handshake(b: &mut BridgeProc) {
    b.send_raw(INIT).await;
    let line = b.recv_line().await;
    assert!(
        line.contains(&init_result()),
        "the initialize result reaches the host untouched: {line:.300}"
    );
    b.send_raw(r#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#)
        .await;
}

fn call(id: &str, tool: &str, arguments: &str) -> String {
    format!(
        r#"{{"jsonrpc":"2.0","id":{id},"method":"tools/call","params":{{"name":"{tool}","arguments":{arguments}}}}}"#
    )
}

fn still_running(b: &mut BridgeProc) {
    assert!(
        b.running(),
        "the bridge is still running; stderr:\n{}",
        b.stderr()
    );
}

#[tokio::test]
async fn unruly_values_from_either_side_pass_through_untouched() {
    let server = start().await;
    let mut b = BridgeProc::spawn(&["proxy", &server.url], &[]);
    handshake(&mut b).await;
    let args = format!(r#"{{"amount":1e400,"shape":{}}}"#, deep());
    b.send_raw(&call("1", "ok", &args)).await;
    let line = b.recv_line().await;
    assert!(
        line.contains(&args),
        "the host's arguments arrive untouched"
    );
    b.send_raw(r#"{"jsonrpc":"2.0","id":1e400,"method":"tools/list"}"#)
        .await;
    let line = b.recv_line().await;
    assert!(
        line.starts_with(r#"{"jsonrpc":"2.0","id":1e400,"result""#),
        "{line:.200}"
    );
    still_running(&mut b);
    b.close().await;
}

#[tokio::test]
async fn the_audit_log_records_calls_with_unruly_arguments() {
    let server = start().await;
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("audit.jsonl");
    let mut b = BridgeProc::spawn(
        &[
            "proxy",
            &server.url,
            "--audit-log",
            log.to_str().unwrap(),
            "--audit-include-arguments",
        ],
        &[],
    );
    handshake(&mut b).await;
    let args = format!(r#"{{"amount":1e400,"shape":{}}}"#, deep());
    b.send_raw(&call("1e400", "ok", &args)).await;
    let line = b.recv_line().await;
    assert!(
        line.contains(&args) && line.contains(r#""id":1e400"#),
        "{line:.200}"
    );
    still_running(&mut b);
    b.close().await;
    let audit = std::fs::read_to_string(&log).unwrap();
    assert_eq!(audit.lines().count(), 1, "{audit:.300}");
    assert!(
        audit.contains(r#""tool":"ok""#) && audit.contains(&args),
        "the entry names the tool and keeps the arguments as sent: {audit:.300}"
    );
}

#[tokio::test]
async fn ignore_tool_filters_and_refuses_with_unruly_values_and_ids() {
    let server = start().await;
    let mut b = BridgeProc::spawn(&["proxy", &server.url, "--ignore-tool", "secret*"], &[]);
    handshake(&mut b).await;
    b.send_raw(r#"{"jsonrpc":"2.0","id":2,"method":"tools/list"}"#)
        .await;
    let line = b.recv_line().await;
    assert!(
        line.contains(r#"{"name":"ok","inputSchema":{"type":"object","properties":{"amount":{"type":"number","maximum":1e400}}}}"#),
        "the visible tool is kept as the server wrote it: {line:.300}"
    );
    assert!(!line.contains("secret_x"), "the hidden tool is gone");
    // A refused call answers with the host's own id, whatever its form.
    let deep_id = deep();
    for id in ["1e400", deep_id.as_str()] {
        b.send_raw(&call(id, "secret_x", &format!(r#"{{"v":{}}}"#, deep())))
            .await;
        let line = b.recv_line().await;
        assert!(
            line.starts_with(&format!(r#"{{"jsonrpc":"2.0","id":{id},"error""#)),
            "{line:.200}"
        );
        assert!(
            line.contains(r#"refused by --ignore-tool \"secret*\""#),
            "{line:.200}"
        );
    }
    let args = format!(r#"{{"shape":{}}}"#, deep());
    b.send_raw(&call("3", "ok", &args)).await;
    let line = b.recv_line().await;
    assert!(line.contains(&args), "{line:.200}");
    still_running(&mut b);
    b.close().await;
}

#[tokio::test]
async fn the_translation_for_a_modern_server_keeps_numbers_and_refuses_what_is_too_deep() {
    use crate::support::fake_modern::FakeModern;
    use serde_json::json;
    let server = FakeModern::start().await;
    let mut b = BridgeProc::spawn(&["proxy", &server.url], &[]);
    crate::eras::init_with(&mut b, json!({})).await;
    b.send_raw(&call("1", "echo", r#"{"region":"eu","amount":1e400}"#))
        .await;
    let r = b.response(&json!(1)).await;
    assert!(r["result"].is_object(), "{r}\n{}", b.stderr());
    let sent = server.calls_of("echo");
    assert!(
        sent.last()
            .is_some_and(|s| s.body.to_string().contains("1e+400")),
        "the number reached the server with its digits"
    );
    let args = format!(r#"{{"region":"eu","shape":{}}}"#, deep());
    b.send_raw(&call("2", "echo", &args)).await;
    let r = b.response(&json!(2)).await;
    let msg = r["error"]["message"].as_str().unwrap_or_default();
    assert!(
        msg.contains("cannot translate") && msg.contains("128 levels"),
        "{r}"
    );
    b.send_raw(&call("3", "echo", r#"{"region":"eu"}"#)).await;
    assert!(b.response(&json!(3)).await["result"].is_object());
    still_running(&mut b);
    b.close().await;
}
