//! Streamable HTTP of the 2026-07-28 revision ("modern era"). The modern server has no
//! `initialize`, no session and no GET stream; every POST carries its protocol version, the
//! client's capabilities in `params._meta`, and `Mcp-Method` / `Mcp-Name` / `Mcp-Param-*`
//! headers. The host in front of it speaks either revision ([`HostEra`]); the revisions and
//! the translation of the server's answers for an older host are [`crate::revision`]'s.
//!
//! For a 2025-11-25 host the bridge translates:
//! - the host's `initialize` is answered from `server/discover`
//!   ([`crate::revision::to_legacy_host`]), advertising
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

pub mod headers;
pub mod input_required;
mod request;
pub mod subscriptions;
mod wire;

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64};
use std::sync::{Arc, Mutex};

use serde_json::{Value, json};
use tokio::sync::oneshot;
use tracing::debug;

use super::{RemoteConfig, TransportError};
use crate::jsonrpc::{Kind, Message};
use crate::revision::to_legacy_host;
use crate::revision::{HostEra, MODERN_VERSION};
use crate::revision::{META_CAPABILITIES, META_CLIENT_INFO, META_LOG_LEVEL, META_VERSION};
pub use headers::header_value;
use subscriptions::Filter;

/// Pages of `tools/list` the bridge fetches on its own to learn the header annotations.
const MAX_TOOL_PAGES: usize = 20;

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
        core.remember_host(&first.to_value()?);
        let req = core.with_meta(
            json!({"jsonrpc": "2.0", "id": core.own_id(), "method": "server/discover", "params": {}}),
        );
        let reply = core.post(&req, None).await?;
        match reply.get("result") {
            Some(found) => Ok(found.clone()),
            None => Err(TransportError::Refused {
                method: "server/discover".into(),
                error: reply["error"].clone(),
            }),
        }
    }

    /// Answer the legacy host's `initialize` from the server's discovery result, after opening
    /// the `subscriptions/listen` stream for the list changes the server offers.
    pub async fn answer_initialize(
        &self,
        init: &Message,
        found: &Value,
    ) -> Result<(), TransportError> {
        let core = &self.core;
        let v = init.to_value()?;
        let wanted = to_legacy_host::wanted_notifications(found);
        let honored = core.listeners.open(core, "", wanted).await;
        let result = to_legacy_host::initialize_result(&v, found, &honored);
        core.deliver(json!({"jsonrpc": "2.0", "id": v["id"], "result": result}))
            .await;
        Ok(())
    }

    pub async fn exchange(&self, msg: &Message) -> Result<(), TransportError> {
        let v = msg.to_value()?;
        // Rewritten for the server: the host's bytes no longer count against its budget while
        // the answer is awaited (which may need the host to answer a request first).
        msg.release();
        let legacy = self.core.host_era == HostEra::Legacy;
        match (msg.kind(), msg.method()) {
            (Kind::Notification, Some("notifications/cancelled")) => {
                let key = v["params"]["requestId"].to_string();
                if let Some(stop) = self
                    .core
                    .inflight
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .remove(&key)
                {
                    let _ = stop.send(());
                }
                Ok(())
            }
            (Kind::Request, Some("initialize")) if legacy => {
                let found = self.discover(msg).await?;
                self.answer_initialize(msg, &found).await
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
                *core
                    .log_level
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner) =
                    v["params"].get("level").cloned();
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
    fn looking_at_meta_adds_nothing() {
        let mut v = json!({"jsonrpc": "2.0", "id": 1, "error": {"code": 1, "message": "x"}});
        assert!(meta_mut(&mut v, "result").is_none());
        assert!(v.get("result").is_none(), "{v}");
    }
}
