//! A fake MCP server of the 2026-07-28 revision on 127.0.0.1:0: stateless, POST only. It
//! rejects a request without `MCP-Protocol-Version` (-32020), without the `_meta` keys
//! (-32602), or whose `Mcp-Method` / `Mcp-Name` / `Mcp-Param-*` headers do not match the body
//! and the current tool schemas (-32020), and answers `server/discover`, `tools/list`,
//! `subscriptions/listen` (an acknowledged stream that stays open) and the tools in
//! [`super::fake_modern_tools`]. Its [`Mode`] can be switched while it runs: `Dual` also takes
//! `initialize` and lists 2025-11-25, `Legacy` behaves like an initialize-based server (a
//! sessionless request gets 400 with an empty body).

use std::convert::Infallible;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::post;
use serde_json::{Value, json};
use tokio::sync::mpsc;

use super::fake_modern_tools as tools;

/// One request the server received.
#[derive(Debug, Clone)]
pub struct Seen {
    pub headers: HeaderMap,
    pub body: Value,
}

impl Seen {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    #[default]
    Modern,
    Dual,
    Legacy,
}

/// An open listen stream: (listen request id, acknowledged filter, its events).
pub type Listener = (Value, Value, mpsc::Sender<Result<Bytes, Infallible>>);

#[derive(Clone, Default)]
pub struct Shared {
    pub seen: Arc<Mutex<Vec<Seen>>>,
    /// Streams of `slow` that were closed by the client.
    pub closed: Arc<AtomicUsize>,
    pub flaky_calls: Arc<AtomicUsize>,
    pub mode: Arc<Mutex<Mode>>,
    /// Bumped by the `change_tools` tool: `echo`'s header becomes `Zone`.
    pub tools_version: Arc<AtomicUsize>,
    /// Open listen streams: (listen request id, filter, sender).
    pub listeners: Arc<Mutex<Vec<Listener>>>,
    /// Listen streams the client closed.
    pub listens_closed: Arc<AtomicUsize>,
}

pub struct FakeModern {
    pub url: String,
    pub origin: String,
    pub shared: Shared,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for FakeModern {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl FakeModern {
    pub async fn start() -> FakeModern {
        Self::start_in(Mode::Modern).await
    }

    pub async fn start_in(mode: Mode) -> FakeModern {
        let shared = Shared::default();
        *shared.mode.lock().unwrap() = mode;
        let app = axum::Router::new()
            .route("/mcp", post(handle).get(|| async { status(405) }))
            .with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let task = tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        FakeModern {
            url: format!("http://127.0.0.1:{port}/mcp"),
            origin: format!("http://127.0.0.1:{port}"),
            shared,
            task,
        }
    }

    pub fn set_mode(&self, mode: Mode) {
        *self.shared.mode.lock().unwrap() = mode;
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.shared.seen.lock().unwrap().clone()
    }

    /// Requests with this JSON-RPC method.
    pub fn seen_rpc(&self, method: &str) -> Vec<Seen> {
        self.seen()
            .into_iter()
            .filter(|s| s.body["method"] == method)
            .collect()
    }

    /// `tools/call` requests of this tool.
    pub fn calls_of(&self, tool: &str) -> Vec<Seen> {
        self.seen_rpc("tools/call")
            .into_iter()
            .filter(|s| s.body["params"]["name"] == tool)
            .collect()
    }

    pub fn closed_streams(&self) -> usize {
        self.shared.closed.load(Ordering::SeqCst)
    }

    pub fn open_listens(&self) -> usize {
        let mut l = self.shared.listeners.lock().unwrap();
        l.retain(|(_, _, tx)| !tx.is_closed());
        l.len()
    }

    /// Send a change notification on every listen stream that asked for it; how many got it.
    pub async fn notify(&self, method: &str, params: Value) -> usize {
        let streams = self.shared.listeners.lock().unwrap().clone();
        let mut n = 0;
        for (id, filter, tx) in streams {
            let wanted = match method {
                "notifications/tools/list_changed" => filter["toolsListChanged"] == true,
                "notifications/resources/updated" => filter["resourceSubscriptions"]
                    .as_array()
                    .is_some_and(|u| u.contains(&params["uri"])),
                _ => false,
            };
            if !wanted {
                continue;
            }
            let mut p = params.clone();
            p["_meta"] = json!({"io.modelcontextprotocol/subscriptionId": id});
            let ev = json!({"jsonrpc": "2.0", "method": method, "params": p});
            if tx.send(Ok(event(&ev))).await.is_ok() {
                n += 1;
            }
        }
        n
    }
}

pub fn status(code: u16) -> Response {
    Response::builder()
        .status(code)
        .body(Body::empty())
        .unwrap()
}

pub fn json_reply(code: u16, v: Value) -> Response {
    Response::builder()
        .status(code)
        .header("content-type", "application/json")
        .body(Body::from(v.to_string()))
        .unwrap()
}

pub fn error(id: &Value, code: i64, message: &str) -> Response {
    json_reply(
        400,
        json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}}),
    )
}

pub fn event(v: &Value) -> Bytes {
    Bytes::from(format!("event: message\ndata: {v}\n\n"))
}

/// Counts a stream as closed when the client drops it.
pub struct CloseGuard(pub Arc<AtomicUsize>);

impl Drop for CloseGuard {
    fn drop(&mut self) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

/// An SSE response with these events; kept open until the client goes away unless `end`.
pub fn sse(events: Vec<Value>, end: bool, guard: Option<CloseGuard>) -> Response {
    let (tx, rx) = mpsc::channel::<Result<Bytes, Infallible>>(8);
    tokio::spawn(async move {
        for e in events {
            let _ = tx.send(Ok(event(&e))).await;
        }
        if !end {
            tx.closed().await;
        }
        drop(guard);
    });
    stream_response(rx)
}

fn stream_response(rx: mpsc::Receiver<Result<Bytes, Infallible>>) -> Response {
    Response::builder()
        .status(200)
        .header("content-type", "text/event-stream")
        .body(Body::from_stream(
            tokio_stream::wrappers::ReceiverStream::new(rx),
        ))
        .unwrap()
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
    let method = req["method"].as_str().unwrap_or_default().to_owned();
    let mode = *s.mode.lock().unwrap();
    let legacy_request = method == "initialize"
        || method.starts_with("notifications/")
        || h("mcp-protocol-version").is_some_and(|v| v != "2026-07-28");
    match mode {
        Mode::Legacy if method != "initialize" && h("mcp-session-id").is_none() => {
            return status(400);
        }
        Mode::Legacy => return tools::legacy(&req),
        Mode::Dual if legacy_request => return tools::legacy(&req),
        _ => {}
    }
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
    if h("mcp-method").as_deref() != Some(method.as_str()) {
        return error(&id, -32020, "Mcp-Method header does not match the body");
    }
    let name = req["params"]["name"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    if method == "tools/call" {
        if h("mcp-name").as_deref() != Some(name.as_str()) {
            return error(&id, -32020, "Mcp-Name header does not match the body");
        }
        if let Some(problem) = tools::check_param_headers(&s, &req, &headers) {
            return error(&id, -32020, &problem);
        }
    }
    let result = |r: Value| json_reply(200, json!({"jsonrpc": "2.0", "id": id, "result": r}));
    match method.as_str() {
        "server/discover" => result(json!({
            "resultType": "complete", "ttlMs": 0, "cacheScope": "private",
            "supportedVersions": if mode == Mode::Dual { json!(["2026-07-28", "2025-11-25"]) } else { json!(["2026-07-28"]) },
            "capabilities": {"tools": {"listChanged": true}, "resources": {"subscribe": true}, "logging": {}},
            "serverInfo": {"name": "modern-fake", "version": "2.0.0"},
            "instructions": "a stateless server",
        })),
        "tools/list" => result(tools::list(&s)),
        "tools/call" => tools::call(&s, &req),
        "subscriptions/listen" => {
            let (tx, rx) = mpsc::channel(16);
            let mut honored = req["params"]["notifications"].clone();
            if let Some(o) = honored.as_object_mut() {
                o.remove("promptsListChanged");
                o.remove("resourcesListChanged");
            }
            let ack = json!({"jsonrpc": "2.0", "method": "notifications/subscriptions/acknowledged",
                "params": {"_meta": {"io.modelcontextprotocol/subscriptionId": id}, "notifications": honored}});
            let _ = tx.try_send(Ok(event(&ack)));
            s.listeners
                .lock()
                .unwrap()
                .push((id.clone(), honored, tx.clone()));
            let closed = s.listens_closed.clone();
            tokio::spawn(async move {
                tx.closed().await;
                closed.fetch_add(1, Ordering::SeqCst);
            });
            stream_response(rx)
        }
        "ping" => result(json!({"resultType": "complete"})),
        _ => json_reply(
            404,
            json!({"jsonrpc": "2.0", "id": id, "error": {"code": -32601, "message": "Method not found"}}),
        ),
    }
}
