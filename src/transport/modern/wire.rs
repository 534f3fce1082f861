//! The wire side of the 2026-07-28 transport: the `_meta` every request carries, the POST
//! with its `MCP-Protocol-Version`, `Mcp-Method` and `Mcp-Name` / `Mcp-Param-*` headers, the
//! JSON or SSE answer (notifications on the way go to the host, subscription ids rewritten to
//! the host's request id), one retry when the server refuses the version it lists, and the
//! reading of an answer as "not this revision" until the server has answered in it once.

use std::sync::atomic::Ordering;

use serde_json::{Value, json};
use tracing::{debug, warn};

use super::subscriptions::SUBSCRIPTION_ID;
use super::{
    Core, HostEra, META_CAPABILITIES, META_CLIENT_INFO, META_LOG_LEVEL, META_VERSION,
    MODERN_VERSION, meta_mut,
};
use crate::jsonrpc::Message;
use crate::transport::sse::SseParser;
use crate::transport::{TransportError, check_status, content_type, read_body};

impl Core {
    /// Keep what the bridge's own requests need from a host message.
    pub(super) fn remember_host(&self, v: &Value) {
        let mut meta = self
            .meta
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
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
    pub(super) fn host_capabilities(&self) -> Value {
        let meta = self
            .meta
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        meta.get(META_CAPABILITIES)
            .cloned()
            .unwrap_or_else(|| json!({}))
    }

    /// `params._meta` completed with the protocol version, capabilities and client info (what
    /// the request carries already is kept).
    pub(super) fn with_meta(&self, mut req: Value) -> Value {
        if !req["params"].is_object() {
            req["params"] = json!({});
        }
        let template = self
            .meta
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone();
        let level = self
            .log_level
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone();
        let Some(params) = req["params"].as_object_mut() else {
            return req;
        };
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
    pub(super) async fn open(&self, req: &Value) -> Result<reqwest::Response, TransportError> {
        let method = req["method"].as_str().unwrap_or_default().to_owned();
        let version = req["params"]["_meta"][META_VERSION]
            .as_str()
            .unwrap_or(MODERN_VERSION)
            .to_owned();
        let (builder, sent) = self.cfg.prepare(reqwest::Method::POST, &self.cfg.url);
        let mut builder = builder
            .header(http::header::CONTENT_TYPE, "application/json")
            .header(http::header::ACCEPT, "application/json, text/event-stream")
            .header("mcp-protocol-version", version)
            .header("mcp-method", method);
        for (name, value) in self.headers.request_headers(req) {
            builder = builder.header(name, value);
        }
        let body = req.to_string().into_bytes();
        let resp = self.cfg.send(builder.body(body), &self.cfg.url).await?;
        check_status(resp, false, sent).await
    }

    /// POST one request and return its response (notifications on the way go to the host).
    /// `host_id`: the host's id for the request, when it is the host's.
    pub(super) async fn post(
        &self,
        req: &Value,
        host_id: Option<&Value>,
    ) -> Result<Value, TransportError> {
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
            if let Some(e) = crate::transport::access_page(&self.cfg, &ctype, &bytes) {
                return Err(e);
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
    pub(super) fn offers_our_version(&self, e: &TransportError) -> bool {
        e.jsonrpc_error().is_some_and(|b| {
            b["error"]["code"] == -32022
                && b["error"]["data"]["supported"]
                    .as_array()
                    .is_some_and(|s| s.iter().any(|v| v == MODERN_VERSION))
        })
    }

    /// Before the server has answered in this revision, a legacy-looking refusal means it
    /// does not speak it.
    pub(super) fn classify(&self, e: TransportError) -> TransportError {
        if !self.confirmed.load(Ordering::SeqCst) && e.is_legacy_answer() {
            return TransportError::NotModern(e.to_string());
        }
        if e.is_modern_era_error() {
            self.confirmed.store(true, Ordering::SeqCst);
        }
        e
    }

    pub(super) async fn read_stream(
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
                Err(e) => {
                    return Err(TransportError::Stream(
                        crate::transport::error::error_chain(&e),
                    ));
                }
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

    pub(super) fn own_id(&self) -> Value {
        let n = self.next_id.fetch_add(1, Ordering::Relaxed);
        json!(format!("mcp-bridge-{n}"))
    }

    pub(super) async fn deliver(&self, v: Value) {
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
        .any(|v| !crate::revision::LEGACY_VERSIONS.contains(&v))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    pub(super) fn only_a_real_discovery_result_counts() {
        assert!(lists_modern_version(
            &json!({"supportedVersions": ["2025-11-25", "2026-07-28"]})
        ));
        assert!(!lists_modern_version(&json!({})));
        assert!(!lists_modern_version(
            &json!({"supportedVersions": ["2025-06-18"]})
        ));
    }
}
