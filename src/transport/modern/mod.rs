//! Streamable HTTP of the 2026-07-28 revision ("modern era"). The modern server has no
//! `initialize`, no session and no GET stream; every POST carries its protocol version, the
//! client's capabilities in `params._meta`, and `Mcp-Method` / `Mcp-Name` / `Mcp-Param-*`
//! headers. The host in front of it speaks either revision ([`HostEra`]).
//!
//! For a 2025-11-25 host the bridge translates:
//! - the host's `initialize` is answered from `server/discover` ([`discover`]), advertising
//!   only what the bridge can serve; `notifications/initialized` is swallowed;
//! - the metadata (the host's capabilities and client info, the log level the host set with
//!   `logging/setLevel`) and the headers ([`headers`]) go on every request;
//! - `input_required` results become the host's sampling, elicitation and roots requests and
//!   the request is retried with the answers ([`input_required`]);
//! - list changes and `resources/subscribe` come from `subscriptions/listen` streams
//!   ([`subscriptions`]).
//!
//! For a 2026-07-28 host the messages pass through: the headers are derived from the host's
//! own `_meta`, `input_required` results and `subscriptions/listen` streams reach the host
//! untouched (subscription ids rewritten to the host's request id).
//!
//! In both cases `notifications/cancelled` closes that request's stream; a stream that broke
//! before its answer is re-issued once under a new id; a `HeaderMismatch` on `tools/call` makes
//! the bridge refetch `tools/list` and retry once; an `UnsupportedProtocolVersion` that lists
//! the bridge's version is retried once; tools with invalid `x-mcp-header` annotations are
//! hidden and refused. Until the server has answered once in this revision, an answer of the
//! initialize-based kind (400/404/405 without a modern error body, or an unknown-method error
//! or a result without `supportedVersions` to `server/discover`) is reported as [`TransportError::NotModern`], which lets the caller
//! fall back.

pub mod discover;
pub mod headers;
pub mod input_required;
pub mod subscriptions;

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use serde_json::{Value, json};
use tokio::sync::oneshot;
use tracing::{debug, warn};

use super::sse::SseParser;
use super::{RemoteConfig, TransportError, check_status, content_type, read_body};
use crate::jsonrpc::{Kind, Message};
use headers::ToolStatus;
pub use headers::header_value;
use input_required::Outcome;
use subscriptions::{Filter, SUBSCRIPTION_ID};

/// The revision this transport speaks to the server.
pub const MODERN_VERSION: &str = "2026-07-28";
const META_VERSION: &str = "io.modelcontextprotocol/protocolVersion";
const META_CAPABILITIES: &str = "io.modelcontextprotocol/clientCapabilities";
const META_CLIENT_INFO: &str = "io.modelcontextprotocol/clientInfo";
const META_LOG_LEVEL: &str = "io.modelcontextprotocol/logLevel";
/// Pages of `tools/list` the bridge fetches on its own to learn the header annotations.
const MAX_TOOL_PAGES: usize = 20;

/// Which revision the host speaks on stdio.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HostEra {
    /// Initialize-based (up to 2025-11-25): the bridge translates.
    Legacy,
    /// 2026-07-28: the bridge passes messages through.
    Modern,
}

impl HostEra {
    /// The host's era, from its first message: `initialize` is legacy; `server/discover` or
    /// a request whose `_meta` names a protocol version is modern.
    pub fn of_first(msg: &Message) -> HostEra {
        if msg.method() == Some("initialize") {
            return HostEra::Legacy;
        }
        if msg.method() == Some("server/discover") {
            return HostEra::Modern;
        }
        let v = msg.to_value();
        match v["params"]["_meta"][META_VERSION].as_str() {
            Some(version) if !discover::LEGACY_VERSIONS.contains(&version) => HostEra::Modern,
            _ => HostEra::Legacy,
        }
    }
}

/// A 2026-07-28 connection to one MCP endpoint.
pub struct ModernHttp {
    core: Arc<Core>,
}

pub struct Core {
    cfg: RemoteConfig,
    host_era: HostEra,
    /// The `_meta` keys every request carries: from the legacy host's `initialize`, or the
    /// modern host's latest request (used for the bridge's own requests).
    meta: Mutex<serde_json::Map<String, Value>>,
    /// The level a legacy host set with `logging/setLevel`.
    log_level: Mutex<Option<Value>>,
    /// Cancellation switches of requests in flight, by the host's id (as JSON text).
    inflight: Mutex<HashMap<String, oneshot::Sender<()>>>,
    headers: headers::ParamHeaders,
    inputs: input_required::Inputs,
    listeners: subscriptions::Listeners,
    /// The server has answered in this revision at least once.
    confirmed: AtomicBool,
    next_id: AtomicU64,
}

enum Drive {
    Reply(Value),
    Cancelled,
}

impl ModernHttp {
    pub fn new(cfg: RemoteConfig, host_era: HostEra) -> Self {
        ModernHttp {
            core: Arc::new(Core {
                cfg,
                host_era,
                meta: Mutex::default(),
                log_level: Mutex::default(),
                inflight: Mutex::default(),
                headers: headers::ParamHeaders::default(),
                inputs: input_required::Inputs::new(),
                listeners: subscriptions::Listeners::default(),
                confirmed: AtomicBool::new(false),
                next_id: AtomicU64::new(1),
            }),
        }
    }

    pub fn host_era(&self) -> HostEra {
        self.core.host_era
    }

    /// Ask the server what it is, with the metadata of `first` (the legacy host's
    /// `initialize`, or the modern host's first request).
    pub async fn discover(&self, first: &Message) -> Result<Value, TransportError> {
        let core = &self.core;
        core.remember_host(&first.to_value());
        let req = core.with_meta(
            json!({"jsonrpc": "2.0", "id": core.own_id(), "method": "server/discover", "params": {}}),
        );
        let reply = core.post(&req, None).await?;
        match reply.get("result") {
            Some(found) => Ok(found.clone()),
            None => Err(TransportError::Protocol(format!(
                "server/discover failed: {}",
                reply["error"]
            ))),
        }
    }

    /// Answer the legacy host's `initialize` from the server's discovery result, after opening
    /// the `subscriptions/listen` stream for the list changes the server offers.
    pub async fn answer_initialize(&self, init: &Message, found: &Value) {
        let core = &self.core;
        let wanted = discover::wanted_notifications(found);
        let honored = core.listeners.open(core, "", wanted).await;
        let v = init.to_value();
        let result = discover::initialize_result(&v, found, &honored);
        core.deliver(json!({"jsonrpc": "2.0", "id": v["id"], "result": result}))
            .await;
    }

    pub async fn exchange(&self, msg: &Message) -> Result<(), TransportError> {
        let v = msg.to_value();
        let legacy = self.core.host_era == HostEra::Legacy;
        match (msg.kind(), msg.method()) {
            (Kind::Notification, Some("notifications/cancelled")) => {
                let key = v["params"]["requestId"].to_string();
                if let Some(stop) = self.core.inflight.lock().expect("inflight").remove(&key) {
                    let _ = stop.send(());
                }
                Ok(())
            }
            (Kind::Request, Some("initialize")) if legacy => {
                let found = self.discover(msg).await?;
                self.answer_initialize(msg, &found).await;
                Ok(())
            }
            (
                Kind::Request,
                Some(m @ ("logging/setLevel" | "resources/subscribe" | "resources/unsubscribe")),
            ) if legacy => {
                self.serve_locally(m, &v).await;
                Ok(())
            }
            (Kind::Request, _) => self.request(v).await,
            (Kind::Response, _) => {
                if !self.core.inputs.answer(&v) {
                    debug!("a response to no request of the bridge's; dropped");
                }
                Ok(())
            }
            (Kind::Notification, _) if legacy => {
                // Other client notifications have no place in the stateless revision.
                debug!(method = msg.method(), "not sent to a modern server");
                Ok(())
            }
            (Kind::Notification, _) => {
                if let Err(e) = self.core.open(&v).await {
                    debug!(error = %e, method = msg.method(), "notification not accepted");
                }
                Ok(())
            }
            (Kind::Batch, _) => Ok(()),
        }
    }

    /// What a legacy host asks for that has no request of its own in the stateless revision.
    async fn serve_locally(&self, method: &str, v: &Value) {
        let core = &self.core;
        let uri = v["params"]["uri"].as_str().unwrap_or_default().to_owned();
        let outcome = match method {
            "logging/setLevel" => {
                *core.log_level.lock().expect("log level") = v["params"].get("level").cloned();
                Ok(())
            }
            "resources/subscribe" => {
                let want = Filter {
                    uris: vec![uri.clone()],
                    ..Filter::default()
                };
                let honored = core.listeners.open(core, &uri, want).await;
                if honored.uris.contains(&uri) {
                    Ok(())
                } else {
                    Err(format!("the server did not accept a subscription to {uri}"))
                }
            }
            _ => {
                core.listeners.close(&uri);
                Ok(())
            }
        };
        let answer = match outcome {
            Ok(()) => json!({"jsonrpc": "2.0", "id": v["id"], "result": {}}),
            Err(text) => json!({"jsonrpc": "2.0", "id": v["id"], "error": {
                "code": -32603, "message": format!("mcp-bridge: {text}")}}),
        };
        core.deliver(answer).await;
    }

    async fn request(&self, req: Value) -> Result<(), TransportError> {
        let core = &self.core;
        let host_id = req["id"].clone();
        core.remember_host(&req);
        let original = core.with_meta(req);
        if let Some(refusal) = self.check_tool(&original).await {
            core.deliver(refusal).await;
            return Ok(());
        }
        let (stop_tx, mut stop_rx) = oneshot::channel();
        let key = host_id.to_string();
        core.inflight
            .lock()
            .expect("inflight")
            .insert(key.clone(), stop_tx);
        let outcome = self.drive(&original, &host_id, &mut stop_rx).await;
        core.inflight.lock().expect("inflight").remove(&key);
        let mut reply = match outcome? {
            Drive::Reply(v) => v,
            Drive::Cancelled => {
                debug!(id = %host_id, "cancelled by the host; stream closed");
                return Ok(());
            }
        };
        reply["id"] = host_id.clone();
        if original["method"] == "tools/list"
            && let Some(result) = reply.get_mut("result")
        {
            core.headers.learn_and_filter(result);
        }
        if let Some(meta) = meta_mut(&mut reply, "result")
            && meta.contains_key(SUBSCRIPTION_ID)
        {
            meta.insert(SUBSCRIPTION_ID.into(), host_id);
        }
        core.deliver(reply).await;
        Ok(())
    }

    /// Send a request until it has a final answer: re-issue after a broken stream, refetch
    /// the tools after a header mismatch, and go round with the host on `input_required`.
    async fn drive(
        &self,
        original: &Value,
        host_id: &Value,
        stop: &mut oneshot::Receiver<()>,
    ) -> Result<Drive, TransportError> {
        let core = &self.core;
        let listen = original["method"] == "subscriptions/listen";
        let mut attempt = original.clone();
        let (mut reissued, mut refreshed, mut rounds) = (false, false, 0);
        loop {
            let sent = tokio::select! {
                r = core.post(&attempt, Some(host_id)) => r,
                _ = &mut *stop => return Ok(Drive::Cancelled),
            };
            let reply = match sent {
                Err(TransportError::Stream(detail)) if listen => {
                    // On stdio the end of a subscription is told with notifications/cancelled.
                    core.deliver(json!({"jsonrpc": "2.0", "method": "notifications/cancelled",
                        "params": {"requestId": host_id, "reason": format!("mcp-bridge: the subscription stream ended: {detail}")}}))
                        .await;
                    return Ok(Drive::Cancelled);
                }
                Err(TransportError::Stream(detail)) if !reissued => {
                    warn!(%detail, "the response stream broke; re-issuing the request");
                    reissued = true;
                    attempt["id"] = core.own_id();
                    continue;
                }
                Err(e)
                    if !refreshed
                        && attempt["method"] == "tools/call"
                        && e.jsonrpc_error()
                            .is_some_and(|b| b["error"]["code"] == -32020) =>
                {
                    debug!("header mismatch; fetching tools/list again");
                    refreshed = true;
                    core.headers.clear();
                    self.fetch_tools().await;
                    attempt["id"] = core.own_id();
                    continue;
                }
                Err(e) => match e.jsonrpc_error() {
                    Some(body) if core.confirmed.load(Ordering::SeqCst) => body,
                    _ => return Err(e),
                },
                Ok(reply) => reply,
            };
            let wants_input = reply["result"]["resultType"] == "input_required";
            if !wants_input || core.host_era == HostEra::Modern {
                return Ok(Drive::Reply(reply));
            }
            rounds += 1;
            if rounds > input_required::MAX_ROUNDS {
                return Ok(Drive::Reply(
                    json!({"jsonrpc": "2.0", "id": host_id, "error": {
                        "code": -32603,
                        "message": format!("mcp-bridge: the server asked for more input {} times; giving up", input_required::MAX_ROUNDS),
                    }}),
                ));
            }
            let result = &reply["result"];
            let responses = match result.get("inputRequests") {
                Some(asks) => match core.inputs.ask_host(core, asks, stop).await {
                    Outcome::Answered(r) => Some(r),
                    Outcome::Failed(error) => {
                        return Ok(Drive::Reply(
                            json!({"jsonrpc": "2.0", "id": host_id, "error": error}),
                        ));
                    }
                    Outcome::Cancelled => return Ok(Drive::Cancelled),
                },
                None => None,
            };
            attempt = input_required::retry(original, result, responses, core.own_id());
        }
    }

    /// A `tools/call` the bridge must refuse: the tool's header annotations are invalid. A
    /// tool not seen yet makes the bridge fetch `tools/list` first, to know its headers.
    async fn check_tool(&self, req: &Value) -> Option<Value> {
        if req["method"] != "tools/call" {
            return None;
        }
        let name = req["params"]["name"].as_str()?;
        if self.core.headers.status(name) == ToolStatus::Unknown {
            self.fetch_tools().await;
        }
        let ToolStatus::Invalid(reason) = self.core.headers.status(name) else {
            return None;
        };
        Some(json!({"jsonrpc": "2.0", "id": req["id"], "error": {
            "code": -32602,
            "message": format!("Tool \"{name}\" is not available: {reason} (mcp-bridge refuses tools with invalid x-mcp-header annotations)"),
        }}))
    }

    /// Learn every tool's header annotations (errors only logged).
    async fn fetch_tools(&self) {
        let core = &self.core;
        let mut cursor: Option<Value> = None;
        for _ in 0..MAX_TOOL_PAGES {
            let mut params = json!({});
            if let Some(c) = cursor.take() {
                params["cursor"] = c;
            }
            let req = core.with_meta(
                json!({"jsonrpc": "2.0", "id": core.own_id(), "method": "tools/list", "params": params}),
            );
            let mut reply = match core.post(&req, None).await {
                Ok(r) => r,
                Err(e) => {
                    debug!(error = %e, "tools/list for the header annotations failed");
                    return;
                }
            };
            let Some(result) = reply.get_mut("result") else {
                return;
            };
            core.headers.learn_and_filter(result);
            match result.get("nextCursor").filter(|c| !c.is_null()) {
                Some(c) => cursor = Some(c.clone()),
                None => return,
            }
        }
    }

    /// Close the subscription streams.
    pub fn close(&self) {
        self.core.listeners.close_all();
    }
}

impl Drop for ModernHttp {
    fn drop(&mut self) {
        self.core.listeners.close_all();
    }
}

impl Core {
    /// Keep what the bridge's own requests need from a host message.
    fn remember_host(&self, v: &Value) {
        let mut meta = self.meta.lock().expect("meta");
        if v["method"] == "initialize" {
            let p = &v["params"];
            meta.insert(META_VERSION.into(), MODERN_VERSION.into());
            let caps = p.get("capabilities").cloned().unwrap_or_else(|| json!({}));
            meta.insert(META_CAPABILITIES.into(), caps);
            if let Some(info) = p.get("clientInfo") {
                meta.insert(META_CLIENT_INFO.into(), info.clone());
            }
            return;
        }
        if self.host_era == HostEra::Modern
            && let Some(m) = v["params"]["_meta"].as_object()
        {
            for key in [META_VERSION, META_CAPABILITIES, META_CLIENT_INFO] {
                if let Some(x) = m.get(key) {
                    meta.insert(key.into(), x.clone());
                }
            }
        }
    }

    /// The host's declared capabilities.
    fn host_capabilities(&self) -> Value {
        let meta = self.meta.lock().expect("meta");
        meta.get(META_CAPABILITIES)
            .cloned()
            .unwrap_or_else(|| json!({}))
    }

    /// `params._meta` completed with the protocol version, capabilities and client info (what
    /// the request carries already is kept).
    fn with_meta(&self, mut req: Value) -> Value {
        if !req["params"].is_object() {
            req["params"] = json!({});
        }
        let template = self.meta.lock().expect("meta").clone();
        let level = self.log_level.lock().expect("log level").clone();
        let params = req["params"].as_object_mut().expect("an object");
        let meta = params.entry("_meta").or_insert_with(|| json!({}));
        if let Some(m) = meta.as_object_mut() {
            for (k, v) in template {
                m.entry(k).or_insert(v);
            }
            m.entry(META_VERSION)
                .or_insert_with(|| MODERN_VERSION.into());
            m.entry(META_CAPABILITIES).or_insert_with(|| json!({}));
            if let Some(level) = level.filter(|_| self.host_era == HostEra::Legacy) {
                m.entry(META_LOG_LEVEL).or_insert(level);
            }
        }
        req
    }

    /// POST a message and return the HTTP response (status checked).
    async fn open(&self, req: &Value) -> Result<reqwest::Response, TransportError> {
        let method = req["method"].as_str().unwrap_or_default().to_owned();
        let version = req["params"]["_meta"][META_VERSION]
            .as_str()
            .unwrap_or(MODERN_VERSION)
            .to_owned();
        let mut builder = self
            .cfg
            .request(reqwest::Method::POST, &self.cfg.url)
            .header(http::header::CONTENT_TYPE, "application/json")
            .header(http::header::ACCEPT, "application/json, text/event-stream")
            .header("mcp-protocol-version", version)
            .header("mcp-method", method);
        for (name, value) in self.headers.request_headers(req) {
            builder = builder.header(name, value);
        }
        let body = serde_json::to_vec(req).expect("JSON serializes");
        let resp = builder
            .body(body)
            .send()
            .await
            .map_err(|e| TransportError::from_send(&self.cfg.url, e))?;
        check_status(resp, false).await
    }

    /// POST one request and return its response (notifications on the way go to the host).
    /// `host_id`: the host's id for the request, when it is the host's.
    async fn post(&self, req: &Value, host_id: Option<&Value>) -> Result<Value, TransportError> {
        let mut version_retried = false;
        let resp = loop {
            match self.open(req).await {
                Err(e) if !version_retried && self.offers_our_version(&e) => {
                    debug!("the server refused the protocol version it lists; retrying once");
                    version_retried = true;
                }
                Err(e) => return Err(self.classify(e)),
                Ok(r) => break r,
            }
        };
        let ctype = content_type(&resp);
        let reply = if ctype.starts_with("text/event-stream") {
            self.read_stream(resp, &req["id"], host_id).await?
        } else {
            let bytes = read_body(resp, self.cfg.max_message_size).await?;
            if crate::cf_access::login_page::is_login_page(&ctype, &bytes) {
                return Err(TransportError::AccessLogin);
            }
            serde_json::from_slice(&bytes)
                .map_err(|e| TransportError::Protocol(format!("not JSON-RPC: {e}")))?
        };
        if !self.confirmed.load(Ordering::SeqCst) {
            let code = reply["error"]["code"].as_i64();
            let modern_code = code.is_some_and(|c| (-32022..=-32020).contains(&c));
            let probe = req["method"] == "server/discover";
            if probe && code.is_some() && !modern_code {
                return Err(TransportError::NotModern(format!(
                    "server/discover was answered with {}",
                    reply["error"]
                )));
            }
            if probe && code.is_none() && !lists_modern_version(&reply["result"]) {
                return Err(TransportError::NotModern(
                    "server/discover was answered without the supported versions".into(),
                ));
            }
            self.confirmed.store(true, Ordering::SeqCst);
        }
        Ok(reply)
    }

    /// A -32022 (unsupported version) whose `supported` list names the version that was sent.
    fn offers_our_version(&self, e: &TransportError) -> bool {
        e.jsonrpc_error().is_some_and(|b| {
            b["error"]["code"] == -32022
                && b["error"]["data"]["supported"]
                    .as_array()
                    .is_some_and(|s| s.iter().any(|v| v == MODERN_VERSION))
        })
    }

    /// Before the server has answered in this revision, a legacy-looking refusal means it
    /// does not speak it.
    fn classify(&self, e: TransportError) -> TransportError {
        if !self.confirmed.load(Ordering::SeqCst) && e.is_legacy_answer() {
            return TransportError::NotModern(e.to_string());
        }
        if e.is_modern_era_error() {
            self.confirmed.store(true, Ordering::SeqCst);
        }
        e
    }

    async fn read_stream(
        &self,
        mut resp: reqwest::Response,
        want: &Value,
        host_id: Option<&Value>,
    ) -> Result<Value, TransportError> {
        let mut parser = SseParser::new(self.cfg.max_message_size);
        loop {
            let chunk = match resp.chunk().await {
                Ok(Some(c)) => c,
                Ok(None) => {
                    return Err(TransportError::Stream(
                        "the response stream ended before the answer".into(),
                    ));
                }
                Err(e) => return Err(TransportError::Stream(super::error::error_chain(&e))),
            };
            parser
                .feed(&chunk)
                .map_err(|e| TransportError::TooLarge { limit: e.limit })?;
            while let Some(ev) = parser.next_event() {
                let Ok(mut v) = serde_json::from_str::<Value>(&ev.data) else {
                    continue;
                };
                if v.get("method").is_none() && v["id"] == *want {
                    return Ok(v);
                }
                if v.get("method").is_none() || v.get("id").is_some() {
                    debug!(
                        "a message on a request stream that is neither its answer nor a notification; dropped"
                    );
                    continue;
                }
                // Progress names the host's token already, and a re-issued request carries
                // the same params; a subscription is known to the host by its own id.
                if let (Some(id), Some(meta)) = (host_id, meta_mut(&mut v, "params"))
                    && meta.contains_key(SUBSCRIPTION_ID)
                {
                    meta.insert(SUBSCRIPTION_ID.into(), id.clone());
                }
                if host_id.is_some() {
                    self.deliver(v).await;
                }
            }
        }
    }

    fn own_id(&self) -> Value {
        let n = self.next_id.fetch_add(1, Ordering::Relaxed);
        json!(format!("mcp-bridge-{n}"))
    }

    async fn deliver(&self, v: Value) {
        match Message::from_value(&v) {
            Ok(m) => self.cfg.deliver(m).await,
            Err(e) => warn!(error = %e, "dropping a message that is not JSON-RPC"),
        }
    }
}

/// A discovery result of the 2026-07-28 kind: `supportedVersions` names a version that is
/// not initialize-based (an old server may answer an unknown method with an empty result).
fn lists_modern_version(result: &Value) -> bool {
    result["supportedVersions"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .any(|v| !discover::LEGACY_VERSIONS.contains(&v))
}

/// `v[outer]._meta` when it is there (never created by looking).
pub(crate) fn meta_mut<'a>(
    v: &'a mut Value,
    outer: &str,
) -> Option<&'a mut serde_json::Map<String, Value>> {
    v.get_mut(outer)?.get_mut("_meta")?.as_object_mut()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_real_discovery_result_counts() {
        assert!(lists_modern_version(
            &json!({"supportedVersions": ["2025-11-25", "2026-07-28"]})
        ));
        assert!(!lists_modern_version(&json!({})));
        assert!(!lists_modern_version(
            &json!({"supportedVersions": ["2025-06-18"]})
        ));
    }

    #[test]
    fn looking_at_meta_adds_nothing() {
        let mut v = json!({"jsonrpc": "2.0", "id": 1, "error": {"code": 1, "message": "x"}});
        assert!(meta_mut(&mut v, "result").is_none());
        assert!(v.get("result").is_none(), "{v}");
    }

    fn msg(v: Value) -> Message {
        Message::from_value(&v).unwrap()
    }

    #[test]
    fn the_host_era_comes_from_the_first_message() {
        let init = msg(json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {}}));
        assert_eq!(HostEra::of_first(&init), HostEra::Legacy);
        let discover = msg(json!({"jsonrpc": "2.0", "id": 1, "method": "server/discover"}));
        assert_eq!(HostEra::of_first(&discover), HostEra::Modern);
        let list = msg(
            json!({"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": {"_meta": {META_VERSION: "2026-07-28"}}}),
        );
        assert_eq!(HostEra::of_first(&list), HostEra::Modern);
        let old = msg(
            json!({"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": {"_meta": {META_VERSION: "2025-11-25"}}}),
        );
        assert_eq!(HostEra::of_first(&old), HostEra::Legacy);
    }
}
