//! Streamable HTTP of the 2026-07-28 revision ("modern era"), for a host that speaks the
//! 2025-11-25 revision on stdio. The modern server has no `initialize`, no session and no GET
//! stream; instead every POST carries its protocol version, the client's capabilities in
//! `params._meta`, and `Mcp-Method` / `Mcp-Name` / `Mcp-Param-*` headers. This transport:
//!
//! - answers the host's `initialize` from the server's `server/discover`;
//! - swallows `notifications/initialized`;
//! - adds the metadata and headers to each request (a modern host's own `_meta` is kept);
//! - turns `notifications/cancelled` into closing that request's stream;
//! - re-issues a request whose stream broke before its answer, under a new id, once;
//! - refuses multi-round-trip `input_required` results with a clear error (not bridged yet).

use std::collections::HashMap;
use std::sync::Mutex;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Value, json};
use tokio::sync::oneshot;
use tracing::{debug, warn};

use super::sse::SseParser;
use super::{RemoteConfig, TransportError, check_status, content_type, read_body};
use crate::jsonrpc::{Kind, Message};

/// The revision this transport speaks to the server.
pub const MODERN_VERSION: &str = "2026-07-28";
/// What the host is told when it asks for something newer than it can get.
const LEGACY_LATEST: &str = "2025-11-25";
const LEGACY_VERSIONS: [&str; 4] = ["2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"];

pub struct ModernHttp {
    cfg: RemoteConfig,
    /// The host's `initialize` params: capabilities and clientInfo go into every `_meta`.
    host: Mutex<Value>,
    /// Cancellation switches of requests in flight, by the host's id (as JSON text).
    inflight: Mutex<HashMap<String, oneshot::Sender<()>>>,
    /// `x-mcp-header` annotations by tool: (argument, header name).
    param_headers: Mutex<HashMap<String, Vec<(String, String)>>>,
    next_id: std::sync::atomic::AtomicU64,
}

impl ModernHttp {
    pub fn new(cfg: RemoteConfig) -> Self {
        ModernHttp {
            cfg,
            host: Mutex::new(json!({})),
            inflight: Mutex::default(),
            param_headers: Mutex::default(),
            next_id: std::sync::atomic::AtomicU64::new(1),
        }
    }

    pub async fn exchange(&self, msg: &Message) -> Result<(), TransportError> {
        let v = msg.to_value();
        match (msg.kind(), msg.method()) {
            (Kind::Request, Some("initialize")) => self.initialize(&v).await,
            (Kind::Notification, Some("notifications/initialized")) => Ok(()),
            (Kind::Notification, Some("notifications/cancelled")) => {
                let key = v["params"]["requestId"].to_string();
                if let Some(stop) = self.inflight.lock().expect("inflight").remove(&key) {
                    let _ = stop.send(());
                }
                Ok(())
            }
            (Kind::Request, _) => self.request(v).await,
            (Kind::Notification, _) => {
                // Other client notifications have no place in the stateless revision.
                debug!(method = msg.method(), "not sent to a modern server");
                Ok(())
            }
            _ => {
                debug!("a response to the server: modern servers send no requests");
                Ok(())
            }
        }
    }

    /// Answer the host's `initialize` from `server/discover`.
    async fn initialize(&self, req: &Value) -> Result<(), TransportError> {
        *self.host.lock().expect("host") = req["params"].clone();
        let id = self.own_id();
        let discover =
            json!({"jsonrpc": "2.0", "id": id, "method": "server/discover", "params": {}});
        let reply = self.post(self.with_meta(discover), None).await?;
        let Some(found) = reply.get("result") else {
            return Err(TransportError::Protocol(format!(
                "server/discover failed: {}",
                reply["error"]
            )));
        };
        let asked = req["params"]["protocolVersion"]
            .as_str()
            .unwrap_or(LEGACY_LATEST);
        let version = if LEGACY_VERSIONS.contains(&asked) {
            asked
        } else {
            LEGACY_LATEST
        };
        let server_info = found
            .get("serverInfo")
            .or_else(|| found["_meta"].get("io.modelcontextprotocol/serverInfo"))
            .cloned()
            .unwrap_or_else(|| json!({"name": "remote", "version": "0"}));
        let mut result = json!({
            "protocolVersion": version,
            "capabilities": found.get("capabilities").cloned().unwrap_or_else(|| json!({})),
            "serverInfo": server_info,
        });
        if let Some(i) = found.get("instructions") {
            result["instructions"] = i.clone();
        }
        let answer = json!({"jsonrpc": "2.0", "id": req["id"], "result": result});
        self.deliver(answer).await;
        Ok(())
    }

    async fn request(&self, req: Value) -> Result<(), TransportError> {
        let host_id = req["id"].clone();
        let (stop_tx, mut stop_rx) = oneshot::channel();
        self.inflight
            .lock()
            .expect("inflight")
            .insert(host_id.to_string(), stop_tx);
        let out = self.with_meta(req);
        let mut attempt = out.clone();
        let mut reissued = false;
        let result = loop {
            let sent = tokio::select! {
                r = self.post(attempt.clone(), Some(&host_id)) => r,
                _ = &mut stop_rx => {
                    debug!(id = %host_id, "cancelled by the host; stream closed");
                    return Ok(());
                }
            };
            match sent {
                Err(TransportError::Stream(detail)) if !reissued => {
                    // The stream broke before the answer: the same request again, new id.
                    warn!(%detail, "the response stream broke; re-issuing the request");
                    reissued = true;
                    attempt = out.clone();
                    attempt["id"] = self.own_id();
                }
                other => break other,
            }
        };
        self.inflight
            .lock()
            .expect("inflight")
            .remove(&host_id.to_string());
        let mut reply = result?;
        reply["id"] = host_id;
        if reply["result"]["resultType"] == "input_required" {
            reply = json!({"jsonrpc": "2.0", "id": reply["id"], "error": {
                "code": -32603,
                "message": "mcp-bridge: the server asked for more input during this request \
                            (sampling, elicitation or roots over the 2026-07-28 protocol); \
                            bridging that to the host is not supported yet",
            }});
        }
        if out["method"] == "tools/list" {
            self.learn_param_headers(&reply["result"]);
        }
        self.deliver(reply).await;
        Ok(())
    }

    /// POST one request and return its response (notifications on the way go to the host).
    async fn post(&self, req: Value, host_id: Option<&Value>) -> Result<Value, TransportError> {
        let method = req["method"].as_str().unwrap_or_default().to_owned();
        let mut builder = self
            .cfg
            .request(reqwest::Method::POST, &self.cfg.url)
            .header(http::header::CONTENT_TYPE, "application/json")
            .header(http::header::ACCEPT, "application/json, text/event-stream")
            .header("mcp-protocol-version", MODERN_VERSION)
            .header("mcp-method", &method);
        for (name, value) in self.request_headers(&req) {
            builder = builder.header(name, value);
        }
        let body = serde_json::to_vec(&req).expect("JSON serializes");
        let resp = builder
            .body(body)
            .send()
            .await
            .map_err(|e| TransportError::from_send(&self.cfg.url, e))?;
        let resp = check_status(resp, false, self.cfg.sent()).await?;
        let want = req["id"].clone();
        if !content_type(&resp).starts_with("text/event-stream") {
            let bytes = read_body(resp, self.cfg.max_message_size).await?;
            return serde_json::from_slice(&bytes)
                .map_err(|e| TransportError::Protocol(format!("not JSON-RPC: {e}")));
        }
        self.read_stream(resp, &want, host_id).await
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
                if v.get("method").is_some() && v.get("id").is_none() {
                    // Progress for the host's request names the host's token already; a
                    // re-issued request carries the same params, so nothing to rewrite.
                    if let Some(id) = host_id {
                        debug!(%id, method = %v["method"], "notification on a request stream");
                    }
                    v.as_object_mut().map(|o| o.remove("_meta"));
                    self.deliver(v).await;
                }
            }
        }
    }

    /// `params._meta` with the protocol version, the host's capabilities and client info.
    fn with_meta(&self, mut req: Value) -> Value {
        let host = self.host.lock().expect("host").clone();
        if !req["params"].is_object() {
            req["params"] = json!({});
        }
        let params = req["params"].as_object_mut().expect("an object");
        let meta = params.entry("_meta").or_insert_with(|| json!({}));
        if let Some(m) = meta.as_object_mut() {
            m.entry("io.modelcontextprotocol/protocolVersion")
                .or_insert_with(|| MODERN_VERSION.into());
            m.entry("io.modelcontextprotocol/clientCapabilities")
                .or_insert_with(|| {
                    host.get("capabilities")
                        .cloned()
                        .unwrap_or_else(|| json!({}))
                });
            if let Some(info) = host.get("clientInfo") {
                m.entry("io.modelcontextprotocol/clientInfo")
                    .or_insert_with(|| info.clone());
            }
        }
        req
    }

    /// `Mcp-Name` and `Mcp-Param-*` for this request.
    fn request_headers(&self, req: &Value) -> Vec<(String, String)> {
        let p = &req["params"];
        let mut out = Vec::new();
        let name = match req["method"].as_str() {
            Some("tools/call" | "prompts/get") => p["name"].as_str(),
            Some("resources/read") => p["uri"].as_str(),
            _ => None,
        };
        if let Some(n) = name {
            out.push(("mcp-name".to_owned(), header_value(n)));
        }
        if req["method"] == "tools/call"
            && let Some(tool) = p["name"].as_str()
            && let Some(list) = self.param_headers.lock().expect("params").get(tool)
        {
            for (arg, header) in list {
                let value = match &p["arguments"][arg] {
                    Value::String(s) => header_value(s),
                    Value::Bool(b) => b.to_string(),
                    Value::Number(n) => n.to_string(),
                    _ => continue,
                };
                out.push((format!("mcp-param-{}", header.to_ascii_lowercase()), value));
            }
        }
        out
    }

    /// Remember the `x-mcp-header` annotations of the listed tools (invalid ones ignored).
    fn learn_param_headers(&self, result: &Value) {
        let mut map = self.param_headers.lock().expect("params");
        for tool in result["tools"].as_array().into_iter().flatten() {
            let Some(name) = tool["name"].as_str() else {
                continue;
            };
            let mut list: Vec<(String, String)> = Vec::new();
            for (arg, schema) in tool["inputSchema"]["properties"]
                .as_object()
                .into_iter()
                .flatten()
            {
                let Some(h) = schema["x-mcp-header"].as_str() else {
                    continue;
                };
                let primitive = matches!(
                    schema["type"].as_str(),
                    Some("string" | "integer" | "boolean")
                );
                let valid = !h.is_empty() && h.bytes().all(|b| b.is_ascii_graphic() && b != b':');
                let dup = list.iter().any(|(_, x)| x.eq_ignore_ascii_case(h));
                if primitive && valid && !dup {
                    list.push((arg.clone(), h.to_owned()));
                }
            }
            map.insert(name.to_owned(), list);
        }
    }

    fn own_id(&self) -> Value {
        let n = self
            .next_id
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        json!(format!("mcp-bridge-{n}"))
    }

    async fn deliver(&self, v: Value) {
        match Message::from_value(&v) {
            Ok(m) => self.cfg.deliver(m).await,
            Err(e) => warn!(error = %e, "dropping a message that is not JSON-RPC"),
        }
    }
}

/// A header value: as it is when it is visible ASCII without surrounding spaces, else
/// `=?base64?…?=`.
pub fn header_value(s: &str) -> String {
    let plain = !s.is_empty()
        && s.bytes().all(|b| (0x20..0x7f).contains(&b))
        && !s.starts_with(' ')
        && !s.ends_with(' ');
    if plain {
        s.to_owned()
    } else {
        format!("=?base64?{}?=", STANDARD.encode(s.as_bytes()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_values_are_base64_when_not_plain_ascii() {
        assert_eq!(header_value("us-west"), "us-west");
        assert_eq!(
            header_value("Zürich"),
            format!("=?base64?{}?=", STANDARD.encode("Zürich"))
        );
        assert!(header_value(" lead").starts_with("=?base64?"));
        assert!(header_value("a\tb").starts_with("=?base64?"));
        assert!(header_value("a\r\nb").starts_with("=?base64?"));
    }
}
