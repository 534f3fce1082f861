//! A fake MCP server of the 2026-07-28 revision on 127.0.0.1:0: stateless, POST only, no
//! `initialize`. It rejects a request without `MCP-Protocol-Version` (-32020), without the
//! `_meta` keys (-32602), or whose `Mcp-Method` / `Mcp-Name` headers do not match the body, and
//! answers `server/discover`, `tools/list` and a few tools that test the bridge's translation:
//! `echo` (reports its `Mcp-Param-Region` header), `slow` (a stream that never answers, to be
//! cancelled), `flaky` (the first stream breaks before the answer), `needs_input` (an
//! `input_required` result).

use std::convert::Infallible;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::post;
use serde_json::{Value, json};

/// One request the server received.
#[derive(Debug, Clone)]
pub struct Seen {
    pub headers: HeaderMap,
    pub body: Value,
}

#[derive(Clone, Default)]
struct Shared {
    seen: Arc<Mutex<Vec<Seen>>>,
    /// Streams of `slow` that were closed by the client.
    closed: Arc<AtomicUsize>,
    flaky_calls: Arc<AtomicUsize>,
}

pub struct FakeModern {
    pub url: String,
    shared: Shared,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for FakeModern {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl FakeModern {
    pub async fn start() -> FakeModern {
        let shared = Shared::default();
        let app = axum::Router::new()
            .route("/mcp", post(handle).get(|| async { status(405) }))
            .with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!(
            "http://127.0.0.1:{}/mcp",
            listener.local_addr().unwrap().port()
        );
        let task = tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        FakeModern { url, shared, task }
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.shared.seen.lock().unwrap().clone()
    }

    pub fn closed_streams(&self) -> usize {
        self.shared.closed.load(Ordering::SeqCst)
    }
}

fn status(code: u16) -> Response {
    Response::builder()
        .status(code)
        .body(Body::empty())
        .unwrap()
}

fn json_reply(code: u16, v: Value) -> Response {
    Response::builder()
        .status(code)
        .header("content-type", "application/json")
        .body(Body::from(v.to_string()))
        .unwrap()
}

fn error(id: &Value, code: i64, message: &str) -> Response {
    json_reply(
        400,
        json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}}),
    )
}

/// Counts a stream as closed when the client drops it.
struct CloseGuard(Arc<AtomicUsize>);

impl Drop for CloseGuard {
    fn drop(&mut self) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

fn sse(events: Vec<Value>, end: bool, guard: Option<CloseGuard>) -> Response {
    let stream = async_stream(events, end, guard);
    Response::builder()
        .status(200)
        .header("content-type", "text/event-stream")
        .body(Body::from_stream(stream))
        .unwrap()
}

fn async_stream(
    events: Vec<Value>,
    end: bool,
    guard: Option<CloseGuard>,
) -> impl futures_util::Stream<Item = Result<Bytes, Infallible>> {
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Bytes, Infallible>>(8);
    tokio::spawn(async move {
        for e in events {
            let _ = tx
                .send(Ok(Bytes::from(format!("event: message\ndata: {e}\n\n"))))
                .await;
        }
        if !end {
            // Keep the stream open until the client goes away.
            tx.closed().await;
        }
        drop(guard);
    });
    tokio_stream::wrappers::ReceiverStream::new(rx)
}

async fn handle(State(s): State<Shared>, headers: HeaderMap, body: Bytes) -> Response {
    let Ok(req) = serde_json::from_slice::<Value>(&body) else {
        return status(400);
    };
    s.seen.lock().unwrap().push(Seen {
        headers: headers.clone(),
        body: req.clone(),
    });
    let id = req["id"].clone();
    let h = |n: &str| {
        headers
            .get(n)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let Some(version) = h("mcp-protocol-version") else {
        return error(&id, -32020, "Missing MCP-Protocol-Version header");
    };
    let meta = &req["params"]["_meta"];
    if meta["io.modelcontextprotocol/protocolVersion"].is_null()
        || meta["io.modelcontextprotocol/clientCapabilities"].is_null()
    {
        return error(&id, -32602, "Invalid params: missing _meta keys");
    }
    if meta["io.modelcontextprotocol/protocolVersion"] != version.as_str()
        || version != "2026-07-28"
    {
        return error(
            &id,
            -32020,
            "MCP-Protocol-Version header does not match _meta.protocolVersion",
        );
    }
    let method = req["method"].as_str().unwrap_or_default();
    if h("mcp-method").as_deref() != Some(method) {
        return error(&id, -32001, "Mcp-Method header does not match the body");
    }
    let name = req["params"]["name"].as_str().unwrap_or_default();
    if method == "tools/call" && h("mcp-name").as_deref() != Some(name) {
        return error(&id, -32001, "Mcp-Name header does not match the body");
    }
    let result = |r: Value| json_reply(200, json!({"jsonrpc": "2.0", "id": id, "result": r}));
    match (method, name) {
        ("server/discover", _) => result(json!({
            "resultType": "complete", "ttlMs": 0, "cacheScope": "private",
            "supportedVersions": ["2026-07-28"], "capabilities": {"tools": {}},
            "serverInfo": {"name": "modern-fake", "version": "2.0.0"},
            "instructions": "a stateless server",
        })),
        ("tools/list", _) => result(
            json!({"resultType": "complete", "ttlMs": 0, "cacheScope": "private", "tools": [
                {"name": "echo", "inputSchema": {"type": "object", "properties": {
                    "region": {"type": "string", "x-mcp-header": "Region"},
                    "text": {"type": "string"}}}},
                {"name": "slow", "inputSchema": {"type": "object"}},
                {"name": "flaky", "inputSchema": {"type": "object"}},
                {"name": "needs_input", "inputSchema": {"type": "object"}},
            ]}),
        ),
        ("tools/call", "echo") => result(json!({"resultType": "complete", "content": [
            {"type": "text", "text": format!("region header: {}", h("mcp-param-region").unwrap_or_default())}]})),
        ("tools/call", "slow") => {
            let note = json!({"jsonrpc": "2.0", "method": "notifications/message", "params": {"level": "info", "data": "working"}});
            sse(vec![note], false, Some(CloseGuard(s.closed.clone())))
        }
        ("tools/call", "flaky") => {
            if s.flaky_calls.fetch_add(1, Ordering::SeqCst) == 0 {
                sse(vec![], true, None)
            } else {
                let answer = json!({"jsonrpc": "2.0", "id": id, "result": {"resultType": "complete", "content": [{"type": "text", "text": "second try"}]}});
                sse(vec![answer], true, None)
            }
        }
        ("tools/call", "needs_input") => result(json!({"resultType": "input_required",
            "inputRequests": {"a": {"method": "elicitation/create", "params": {"message": "name?", "requestedSchema": {"type": "object"}}}}})),
        ("ping", _) => result(json!({"resultType": "complete"})),
        _ => json_reply(
            404,
            json!({"jsonrpc": "2.0", "id": id, "error": {"code": -32601, "message": "Method not found"}}),
        ),
    }
}
