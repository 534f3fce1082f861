//! A fake remote MCP server, in process, on 127.0.0.1:0. It speaks Streamable HTTP on `/mcp`
//! (JSON or SSE answers, sessions, a GET stream, resumable streams) and legacy HTTP+SSE on
//! `/sse` + `/messages` (or on `/mcp` in legacy-only mode). Knobs inject faults; every request
//! is recorded so tests can assert what the bridge sent.

use std::collections::{HashMap, HashSet, VecDeque};
use std::convert::Infallible;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::{get, post};
use serde_json::{Value, json};
use tokio::sync::{mpsc, oneshot};
use tokio_stream::StreamExt;
use tokio_stream::wrappers::ReceiverStream;

/// Behaviour switches, changed by tests while the server runs.
#[derive(Debug, Clone, Default)]
pub struct Knobs {
    /// Answer requests with an SSE stream instead of JSON.
    pub sse: bool,
    /// Statuses to answer the next POSTed requests with, in order (status, Retry-After
    /// seconds; status 0 lets that request through). Notifications and responses are not
    /// affected.
    pub fail_next: VecDeque<(u16, Option<u64>)>,
    /// POST /mcp answers 404 and GET /mcp is a legacy SSE stream.
    pub legacy_only: bool,
    /// GET /mcp opens a listening stream (else 405).
    pub get_stream: bool,
    /// Answer every POST with a 307 redirect to this URL.
    pub redirect_to: Option<String>,
    /// Act as an OAuth resource server: requests need one of these bearer tokens, otherwise
    /// 401 with this `WWW-Authenticate` value.
    pub auth: Option<ResourceAuth>,
    /// Stand behind a self-hosted Cloudflare Access application: requests without this
    /// service token get Access's browser login.
    pub access_gate: Option<AccessGate>,
    /// JSON documents served at `/.well-known/…` paths (path → document).
    pub well_known: HashMap<String, Value>,
    /// `tools/list` answers these pages (arrays of tools) one by one, the cursor being the
    /// next page's index; empty: the usual single page.
    pub tool_pages: Vec<Value>,
}

/// A self-hosted Access application in front of the server, with Managed OAuth off: the MCP
/// endpoint and the well-known addresses alike answer requests without the right service
/// token with Access's login (or, in strict service-token mode, 401).
#[derive(Debug, Clone)]
pub struct AccessGate {
    /// (CF-Access-Client-Id, CF-Access-Client-Secret) that pass.
    pub service_token: (String, String),
    pub answer: GateAnswer,
    /// The token authenticates, but no Service Auth policy includes it: Access's 403 block
    /// page.
    pub not_authorized: bool,
}

/// How Access answers a request it does not let through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GateAnswer {
    /// 302 to the team's login.
    Redirect,
    /// The login page (200 text/html).
    LoginPage,
    /// Strict service-token mode: 401 with no body.
    Strict,
    /// The block page (403): the policies do not allow this client at all.
    Blocked,
}

/// Access's "Forbidden" page, with its hidden `json_data` field.
pub const BLOCK_PAGE: &str = "<!DOCTYPE html><html><head><title>Access denied · Cloudflare Access</title></head><body><h1>Forbidden</h1><p>You don't have permission to view this.</p><input type=\"hidden\" id=\"json_data\" value='{&quot;message&quot;:&quot;Forbidden. You don&#39;t have permission to view this. Please contact your system administrator.&quot;,&quot;status_code&quot;:403,&quot;aud&quot;:&quot;78ccb3aa7b28b647cd8862a27e498ed9d0944456dd3352111d5797f466137384&quot;,&quot;ray_id&quot;:&quot;8f1e2d3c4b5a6978&quot;}'><a href=\"/cdn-cgi/access/logout\">Sign out</a></body></html>";

/// The resource-server side of OAuth: which tokens are good, and the challenge.
#[derive(Debug, Clone)]
pub struct ResourceAuth {
    pub tokens: Arc<Mutex<HashSet<String>>>,
    pub challenge: String,
    /// Tokens that must also carry this scope (insufficient_scope otherwise), by tool name.
    pub tool_scopes: HashMap<String, String>,
    pub token_scopes: Arc<Mutex<HashMap<String, String>>>,
    /// Where the resource metadata is, for the 403 challenge.
    pub resource_metadata: String,
    /// A refusal of a call to one of these tools comes this late (as if the server were slow):
    /// tool name → delay.
    pub slow_refusals: HashMap<String, Duration>,
}

/// One request the server received.
#[derive(Debug, Clone)]
pub struct Seen {
    pub http_method: String,
    pub path: String,
    pub rpc_method: Option<String>,
    pub headers: HeaderMap,
    pub body: Option<Value>,
}

#[derive(Default)]
struct Inner {
    knobs: Knobs,
    sessions: HashSet<String>,
    seen: Vec<Seen>,
    /// Events kept for resumption, by the Last-Event-ID that precedes them.
    resumable: HashMap<String, Vec<(String, Value)>>,
    resumable_streams: u64,
    /// Answers the bridge POSTed for server-to-client requests, by request id.
    waiting: HashMap<String, oneshot::Sender<Value>>,
    /// Open listening streams.
    listeners: Vec<mpsc::Sender<Result<Bytes, Infallible>>>,
    /// Legacy SSE sessions: their event streams.
    legacy: HashMap<String, mpsc::Sender<Result<Bytes, Infallible>>>,
}

#[derive(Clone, Default)]
struct Shared {
    inner: Arc<Mutex<Inner>>,
    counter: Arc<AtomicU64>,
}

/// A running fake server. Dropping it stops it.
pub struct FakeServer {
    pub url: String,
    pub origin: String,
    shared: Shared,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for FakeServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl FakeServer {
    pub async fn start(knobs: Knobs) -> FakeServer {
        let shared = Shared::default();
        shared.inner.lock().unwrap().knobs = knobs;
        let app = axum::Router::new()
            .route("/mcp", post(post_mcp).get(get_mcp).delete(delete_mcp))
            .route("/.well-known/{*rest}", get(get_well_known))
            .route("/sse", get(get_legacy))
            .route("/messages", post(post_legacy))
            .with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let task = tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        FakeServer {
            url: format!("http://127.0.0.1:{}/mcp", addr.port()),
            origin: format!("http://127.0.0.1:{}", addr.port()),
            shared,
            task,
        }
    }

    pub fn set(&self, f: impl FnOnce(&mut Knobs)) {
        f(&mut self.shared.inner.lock().unwrap().knobs);
    }

    /// Every request so far.
    pub fn seen(&self) -> Vec<Seen> {
        self.shared.inner.lock().unwrap().seen.clone()
    }

    /// Requests with this JSON-RPC method.
    pub fn seen_rpc(&self, method: &str) -> Vec<Seen> {
        self.seen()
            .into_iter()
            .filter(|s| s.rpc_method.as_deref() == Some(method))
            .collect()
    }

    pub fn count(&self, http_method: &str) -> usize {
        self.seen()
            .iter()
            .filter(|s| s.http_method == http_method)
            .count()
    }

    /// Forget every session, as a restarted server would.
    pub fn forget_sessions(&self) {
        self.shared.inner.lock().unwrap().sessions.clear();
    }

    /// Send a notification on every open listening stream; returns how many got it.
    pub async fn notify_listeners(&self, msg: Value) -> usize {
        let senders = self.shared.inner.lock().unwrap().listeners.clone();
        let mut n = 0;
        for s in senders {
            if s.send(Ok(sse_event(None, &msg))).await.is_ok() {
                n += 1;
            }
        }
        n
    }

    pub fn live_sessions(&self) -> usize {
        self.shared.inner.lock().unwrap().sessions.len()
    }
}

fn sse_event(id: Option<&str>, data: &Value) -> Bytes {
    let mut s = String::new();
    if let Some(id) = id {
        s.push_str(&format!("id: {id}\n"));
    }
    s.push_str(&format!("event: message\ndata: {data}\n\n"));
    Bytes::from(s)
}

fn record(shared: &Shared, method: &str, path: &str, rpc: Option<&Value>, headers: &HeaderMap) {
    shared.inner.lock().unwrap().seen.push(Seen {
        http_method: method.into(),
        path: path.into(),
        rpc_method: rpc.and_then(|v| v["method"].as_str()).map(str::to_owned),
        headers: headers.clone(),
        body: rpc.cloned(),
    });
}

fn status(code: u16) -> Response {
    Response::builder()
        .status(code)
        .body(Body::empty())
        .unwrap()
}

fn json_response(v: &Value, session: Option<&str>) -> Response {
    let mut b = Response::builder()
        .status(200)
        .header("content-type", "application/json");
    if let Some(s) = session {
        b = b.header("mcp-session-id", s);
    }
    b.body(Body::from(v.to_string())).unwrap()
}

fn sse_response(rx: mpsc::Receiver<Result<Bytes, Infallible>>, session: Option<&str>) -> Response {
    let mut b = Response::builder()
        .status(200)
        .header("content-type", "text/event-stream");
    if let Some(s) = session {
        b = b.header("mcp-session-id", s);
    }
    b.body(Body::from_stream(ReceiverStream::new(rx).map(|r| r)))
        .unwrap()
}

fn tools() -> Value {
    json!({ "tools": [
        { "name": "echo", "inputSchema": { "type": "object" } },
        { "name": "secret_delete", "inputSchema": { "type": "object" } },
        { "name": "ask_roots", "inputSchema": { "type": "object" } },
        { "name": "drop_then_answer", "inputSchema": { "type": "object" } },
        { "name": "big", "inputSchema": { "type": "object" } }
    ]})
}

/// A page of [`Knobs::tool_pages`], for a `tools/list` when pages are set.
fn paged_tools(knobs: &Knobs, req: &Value) -> Option<Value> {
    if req["method"] != "tools/list" || knobs.tool_pages.is_empty() {
        return None;
    }
    let page: usize = req["params"]["cursor"]
        .as_str()
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let tools = knobs.tool_pages.get(page).cloned().unwrap_or(json!([]));
    let mut result = json!({ "tools": tools });
    if page + 1 < knobs.tool_pages.len() {
        result["nextCursor"] = json!((page + 1).to_string());
    }
    Some(result)
}

/// The result of a plain request (no streaming tricks).
fn plain_result(req: &Value) -> Value {
    let method = req["method"].as_str().unwrap_or("");
    match method {
        "initialize" => json!({
            "protocolVersion": req["params"]["protocolVersion"].as_str().unwrap_or("2025-11-25"),
            "capabilities": { "tools": { "listChanged": true } },
            "serverInfo": { "name": "fake", "version": "1.0.0" }
        }),
        "tools/list" => tools(),
        "tools/call" => {
            let name = req["params"]["name"].as_str().unwrap_or("");
            match name {
                "big" => {
                    let size = req["params"]["arguments"]["bytes"]
                        .as_u64()
                        .unwrap_or(1_000_000) as usize;
                    json!({ "content": [{ "type": "text", "text": "x".repeat(size) }] })
                }
                _ => {
                    json!({ "content": [{ "type": "text", "text": req["params"]["arguments"].to_string() }] })
                }
            }
        }
        "ping" => json!({}),
        _ => json!({ "method": method, "params": req["params"].clone() }),
    }
}

async fn post_mcp(State(shared): State<Shared>, headers: HeaderMap, body: Bytes) -> Response {
    let req: Value = match serde_json::from_slice(&body) {
        Ok(v) => v,
        Err(_) => return status(400),
    };
    record(&shared, "POST", "/mcp", Some(&req), &headers);
    let (knobs, fail) = {
        let mut inner = shared.inner.lock().unwrap();
        let is_request = req.get("id").is_some() && req.get("method").is_some();
        let fail = if is_request {
            inner.knobs.fail_next.pop_front()
        } else {
            None
        };
        (inner.knobs.clone(), fail)
    };
    if let Some(resp) = check_gate(&knobs, &headers) {
        return resp;
    }
    if let Some(resp) = check_auth(&knobs, &headers, &req) {
        let tool = req["params"]["name"].as_str().unwrap_or("");
        if let Some(d) = knobs.auth.as_ref().and_then(|a| a.slow_refusals.get(tool)) {
            tokio::time::sleep(*d).await;
        }
        return resp;
    }
    if let Some(to) = &knobs.redirect_to {
        return Response::builder()
            .status(307)
            .header("location", to)
            .body(Body::empty())
            .unwrap();
    }
    if let Some((code, retry_after)) = fail.filter(|(code, _)| *code != 0) {
        let mut b = Response::builder().status(code);
        if let Some(s) = retry_after {
            b = b.header("retry-after", s.to_string());
        }
        return b.body(Body::from(format!("injected {code}"))).unwrap();
    }
    if knobs.legacy_only {
        return status(404);
    }
    let method = req["method"].as_str().unwrap_or("").to_owned();
    let session = if method == "initialize" {
        let id = format!("sess-{}", shared.counter.fetch_add(1, Ordering::SeqCst));
        shared.inner.lock().unwrap().sessions.insert(id.clone());
        Some(id)
    } else {
        let given = headers
            .get("mcp-session-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        match given {
            Some(s) if shared.inner.lock().unwrap().sessions.contains(&s) => Some(s),
            Some(_) => return status(404),
            None => return status(400),
        }
    };
    // A response to one of our server-to-client requests, or a notification.
    if req.get("id").is_none() || req.get("method").is_none() {
        if let (Some(id), Some(result)) = (req.get("id"), req.get("result").or(req.get("error"))) {
            let key = id.to_string();
            if let Some(tx) = shared.inner.lock().unwrap().waiting.remove(&key) {
                let _ = tx.send(result.clone());
            }
        }
        return status(202);
    }
    let id = req["id"].clone();
    let tool = req["params"]["name"].as_str().unwrap_or("").to_owned();
    if method == "tools/call" && (tool == "ask_roots" || tool == "drop_then_answer") {
        let (tx, rx) = mpsc::channel(16);
        let shared2 = shared.clone();
        tokio::spawn(async move { stream_tricks(shared2, tool, id, req, tx).await });
        return sse_response(rx, session.as_deref());
    }
    let result = paged_tools(&knobs, &req).unwrap_or_else(|| plain_result(&req));
    let reply = json!({ "jsonrpc": "2.0", "id": id, "result": result });
    if knobs.sse {
        let (tx, rx) = mpsc::channel(4);
        let _ = tx.try_send(Ok(Bytes::from_static(b"id: prime-0\ndata: \n\n")));
        let note = json!({ "jsonrpc": "2.0", "method": "notifications/message", "params": { "level": "info", "data": format!("working on {method}") } });
        let _ = tx.try_send(Ok(sse_event(Some("ev-1"), &note)));
        let _ = tx.try_send(Ok(sse_event(Some("ev-2"), &reply)));
        return sse_response(rx, session.as_deref());
    }
    json_response(&reply, session.as_deref())
}

/// Streams that exercise the bridge: a server-to-client request in the middle of a call, and
/// a stream that drops before its answer (which is then served on a resumed GET).
async fn stream_tricks(
    shared: Shared,
    tool: String,
    id: Value,
    req: Value,
    tx: mpsc::Sender<Result<Bytes, Infallible>>,
) {
    if tool == "ask_roots" {
        let (atx, arx) = oneshot::channel();
        let ask_id = json!(format!(
            "srv-{}",
            shared.counter.fetch_add(1, Ordering::SeqCst)
        ));
        shared
            .inner
            .lock()
            .unwrap()
            .waiting
            .insert(ask_id.to_string(), atx);
        let ask = json!({ "jsonrpc": "2.0", "id": ask_id, "method": "roots/list" });
        let _ = tx.send(Ok(sse_event(Some("a-1"), &ask))).await;
        let answer = tokio::time::timeout(Duration::from_secs(10), arx).await;
        let result = match answer {
            Ok(Ok(v)) => json!({ "content": [{ "type": "text", "text": v.to_string() }] }),
            _ => json!({ "content": [], "isError": true }),
        };
        let reply = json!({ "jsonrpc": "2.0", "id": id, "result": result });
        let _ = tx.send(Ok(sse_event(Some("a-2"), &reply))).await;
        return;
    }
    // drop_then_answer: prime with an id and a retry hint, one notification, then close. The
    // first such stream uses the ids d-0, d-1, d-2; later ones are numbered apart.
    let n = shared.counter.fetch_add(1, Ordering::SeqCst);
    let p = {
        let mut inner = shared.inner.lock().unwrap();
        inner.resumable_streams += 1;
        if inner.resumable_streams == 1 {
            "d".to_owned()
        } else {
            format!("d{n}")
        }
    };
    let _ = tx
        .send(Ok(Bytes::from(format!(
            "id: {p}-0\nretry: 200\ndata: \n\n"
        ))))
        .await;
    let note = json!({ "jsonrpc": "2.0", "method": "notifications/progress", "params": { "progressToken": 1, "progress": 1 } });
    let _ = tx.send(Ok(sse_event(Some(&format!("{p}-1")), &note))).await;
    let reply = json!({ "jsonrpc": "2.0", "id": id, "result": plain_result(&req) });
    shared
        .inner
        .lock()
        .unwrap()
        .resumable
        .insert(format!("{p}-1"), vec![(format!("{p}-2"), reply)]);
    drop(tx);
}

async fn get_mcp(State(shared): State<Shared>, headers: HeaderMap) -> Response {
    record(&shared, "GET", "/mcp", None, &headers);
    let knobs = shared.inner.lock().unwrap().knobs.clone();
    if let Some(resp) = check_gate(&knobs, &headers) {
        return resp;
    }
    if let Some(resp) = check_auth(&knobs, &headers, &Value::Null) {
        return resp;
    }
    if knobs.legacy_only {
        return open_legacy(&shared, "/messages").await;
    }
    if let Some(last) = headers.get("last-event-id").and_then(|v| v.to_str().ok()) {
        let events = shared.inner.lock().unwrap().resumable.remove(last);
        let Some(events) = events else {
            return status(404);
        };
        let (tx, rx) = mpsc::channel(events.len() + 1);
        for (eid, v) in events {
            let _ = tx.try_send(Ok(sse_event(Some(&eid), &v)));
        }
        return sse_response(rx, None);
    }
    if !knobs.get_stream {
        return status(405);
    }
    let (tx, rx) = mpsc::channel(16);
    shared.inner.lock().unwrap().listeners.push(tx);
    sse_response(rx, None)
}

async fn delete_mcp(State(shared): State<Shared>, headers: HeaderMap) -> Response {
    record(&shared, "DELETE", "/mcp", None, &headers);
    if let Some(s) = headers.get("mcp-session-id").and_then(|v| v.to_str().ok()) {
        shared.inner.lock().unwrap().sessions.remove(s);
    }
    status(200)
}

async fn get_legacy(State(shared): State<Shared>, headers: HeaderMap) -> Response {
    record(&shared, "GET", "/sse", None, &headers);
    open_legacy(&shared, "/messages").await
}

async fn open_legacy(shared: &Shared, endpoint: &str) -> Response {
    let sid = format!("legacy-{}", shared.counter.fetch_add(1, Ordering::SeqCst));
    let (tx, rx) = mpsc::channel(64);
    let _ = tx.try_send(Ok(Bytes::from(format!(
        "event: endpoint\ndata: {endpoint}?sessionId={sid}\n\n"
    ))));
    shared.inner.lock().unwrap().legacy.insert(sid, tx);
    sse_response(rx, None)
}

async fn post_legacy(
    State(shared): State<Shared>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let req: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    record(&shared, "POST", "/messages", Some(&req), &headers);
    let sid = q.get("sessionId").cloned().unwrap_or_default();
    let tx = shared.inner.lock().unwrap().legacy.get(&sid).cloned();
    let Some(tx) = tx else { return status(404) };
    if req.get("id").is_some() && req.get("method").is_some() {
        let reply = json!({ "jsonrpc": "2.0", "id": req["id"], "result": plain_result(&req) });
        let _ = tx.send(Ok(sse_event(None, &reply))).await;
    }
    status(202)
}

async fn get_well_known(
    State(shared): State<Shared>,
    axum::extract::Path(rest): axum::extract::Path<String>,
    headers: HeaderMap,
) -> Response {
    let knobs = shared.inner.lock().unwrap().knobs.clone();
    if let Some(resp) = check_gate(&knobs, &headers) {
        return resp;
    }
    let doc = shared
        .inner
        .lock()
        .unwrap()
        .knobs
        .well_known
        .get(&rest)
        .cloned();
    match doc {
        Some(d) => json_response(&d, None),
        None => status(404),
    }
}

/// Access's answer to a request without the right service token: a 302 to the team's login,
/// the login page itself, or (strict mode) 401; the block page for a token no policy lets in.
fn check_gate(knobs: &Knobs, headers: &HeaderMap) -> Option<Response> {
    let gate = knobs.access_gate.as_ref()?;
    let h = |n: &str| headers.get(n).and_then(|v| v.to_str().ok()).unwrap_or("");
    let html = |code: u16, page: &str| {
        Response::builder()
            .status(code)
            .header("content-type", "text/html; charset=utf-8")
            .body(Body::from(page.to_owned()))
    };
    if (h("cf-access-client-id"), h("cf-access-client-secret"))
        == (gate.service_token.0.as_str(), gate.service_token.1.as_str())
    {
        return gate.not_authorized.then(|| html(403, BLOCK_PAGE).unwrap());
    }
    let resp = match gate.answer {
        GateAnswer::LoginPage => html(
            200,
            "<!DOCTYPE html><html><head><title>Sign in ・ Cloudflare Access</title></head>\
             <body><form action=\"/cdn-cgi/access/login/mcp.example.com\"></form></body></html>",
        ),
        GateAnswer::Redirect => Response::builder()
            .status(302)
            .header(
                "location",
                "https://acme.cloudflareaccess.com/cdn-cgi/access/login/mcp.example.com?kid=1&redirect_url=%2Fmcp",
            )
            .body(Body::empty()),
        GateAnswer::Strict => Response::builder().status(401).body(Body::empty()),
        GateAnswer::Blocked => html(403, BLOCK_PAGE),
    };
    Some(resp.unwrap())
}

/// 401 without a good bearer token; 403 insufficient_scope for a tool that needs more scope.
fn check_auth(knobs: &Knobs, headers: &HeaderMap, req: &Value) -> Option<Response> {
    let auth = knobs.auth.as_ref()?;
    let token = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    if !auth.tokens.lock().unwrap().contains(token) {
        // An empty challenge: a bare 401, with no WWW-Authenticate at all.
        let mut resp = Response::builder().status(401);
        if !auth.challenge.is_empty() {
            resp = resp.header("www-authenticate", auth.challenge.clone());
        }
        return Some(resp.body(Body::empty()).unwrap());
    }
    let tool = req["params"]["name"].as_str().unwrap_or("");
    if let Some(needed) = auth.tool_scopes.get(tool) {
        let granted = auth
            .token_scopes
            .lock()
            .unwrap()
            .get(token)
            .cloned()
            .unwrap_or_default();
        if !granted.split_whitespace().any(|s| s == needed) {
            let h = format!(
                r#"Bearer error="insufficient_scope", scope="{needed}", resource_metadata="{}""#,
                auth.resource_metadata
            );
            return Some(
                Response::builder()
                    .status(403)
                    .header("www-authenticate", h)
                    .body(Body::empty())
                    .unwrap(),
            );
        }
    }
    None
}
