//! A 2026-07-28 host in front of an initialize-based server: the bridge holds the session the
//! host does not know about. It runs `initialize` and `notifications/initialized` itself (the
//! client info and capabilities taken from the host's `_meta`), answers the host's
//! `server/discover` from the initialize result, serves `subscriptions/listen` from the
//! session's notifications (calling `resources/subscribe` / `resources/unsubscribe` for the
//! resources asked for), starts a new session when the server forgets the old one, and passes
//! everything else through, translated by [`crate::revision::to_modern_host`]: without the
//! `_meta` keys that only the new revision defines, results with `resultType` (and the caching
//! fields of list results) filled in. Requests the server sends (which the host's revision
//! does not take) are answered by the bridge: `ping` with an empty result, anything else with
//! an error.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use serde_json::{Value, json};
use tokio::sync::{mpsc, oneshot};
use tracing::{debug, info, warn};

use super::modern::subscriptions::Filter;
use super::{Incoming, Remote, RemoteConfig, TransportError};
use crate::jsonrpc::{Id, Kind, Message};
use crate::revision::{LEGACY_LATEST, MODERN_VERSION, to_modern_host};

/// How long the bridge's own requests (initialize, subscribe) may take.
mod listen;

const OWN_TIMEOUT: Duration = Duration::from_secs(30);
pub struct ForModernHost {
    shared: Arc<Shared>,
    inner_cfg: RemoteConfig,
    pump: tokio::task::JoinHandle<()>,
}

struct Shared {
    outer: RemoteConfig,
    inner: OnceLock<Arc<Remote>>,
    /// The bridge's `initialize` params, replayed when the session is lost.
    init_params: Value,
    init_result: Mutex<Value>,
    /// The bridge's own requests waiting for their answer, by id (JSON text).
    own: Mutex<HashMap<String, oneshot::Sender<Value>>>,
    /// The methods of the host's requests in flight, by id (JSON text).
    methods: Mutex<HashMap<String, String>>,
    /// The host's open `subscriptions/listen` requests: (its id, what it listens to).
    subs: Mutex<HashMap<String, (Value, Filter)>>,
    rehandshake: tokio::sync::Mutex<()>,
    first_init: Mutex<Option<oneshot::Receiver<Value>>>,
    next_id: AtomicU64,
}

impl ForModernHost {
    /// Prepare the session for the host whose first message is `first`. The caller connects
    /// the inner transport with [`Self::inner_config`], sending [`Self::initialize_message`],
    /// and then calls [`Self::start`].
    pub fn new(outer: RemoteConfig, first: &Message) -> ForModernHost {
        let (tx, rx) = mpsc::channel(256);
        let mut inner_cfg = outer.clone();
        inner_cfg.inbound = tx;
        let meta = &first.value_at(&["params", "_meta"]).unwrap_or_default();
        let info = meta
            .get("io.modelcontextprotocol/clientInfo")
            .cloned()
            .unwrap_or_else(|| json!({"name": "mcp-bridge", "version": env!("CARGO_PKG_VERSION")}));
        let caps = meta
            .get("io.modelcontextprotocol/clientCapabilities")
            .cloned()
            .unwrap_or_else(|| json!({}));
        let shared = Arc::new(Shared {
            outer,
            inner: OnceLock::new(),
            init_params: json!({"protocolVersion": LEGACY_LATEST, "capabilities": caps, "clientInfo": info}),
            init_result: Mutex::new(json!({})),
            own: Mutex::default(),
            methods: Mutex::default(),
            subs: Mutex::default(),
            rehandshake: Default::default(),
            first_init: Mutex::default(),
            next_id: AtomicU64::new(1),
        });
        let pump = tokio::spawn(pump(shared.clone(), rx));
        ForModernHost {
            shared,
            inner_cfg,
            pump,
        }
    }

    pub fn inner_config(&self) -> RemoteConfig {
        self.inner_cfg.clone()
    }

    /// The bridge's `initialize`; its answer is awaited by [`Self::start`].
    pub fn initialize_message(&self) -> Message {
        let (msg, rx) = self
            .shared
            .own_request("initialize", self.shared.init_params.clone());
        *self
            .shared
            .first_init
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(rx);
        msg
    }

    /// The inner transport is connected and the `initialize` is out: finish the handshake.
    pub async fn start(&self, inner: Remote) -> Result<(), TransportError> {
        let _ = self.shared.inner.set(Arc::new(inner));
        let rx = self
            .shared
            .first_init
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take();
        let Some(rx) = rx else {
            return Err(TransportError::NoSession("no initialize was sent"));
        };
        self.shared.finish_handshake(rx).await
    }

    pub fn inner(&self) -> Option<&Remote> {
        self.shared.inner.get().map(|r| r.as_ref())
    }

    pub async fn exchange(&self, msg: &Message) -> Result<(), TransportError> {
        let s = &self.shared;
        let v = msg.to_value()?;
        msg.release();
        match (msg.kind(), msg.method()) {
            (Kind::Request, Some("server/discover")) => {
                let found = s.discover_result();
                s.deliver(json!({"jsonrpc": "2.0", "id": v["id"], "result": found}))
                    .await;
                Ok(())
            }
            (Kind::Request, Some("subscriptions/listen")) => s.subscribe(&v).await,
            (Kind::Notification, Some("notifications/cancelled"))
                if s.unsubscribe(&v["params"]["requestId"]).await =>
            {
                Ok(())
            }
            _ => {
                if let (Some(id), Some(m)) = (msg.id(), msg.method()) {
                    s.methods
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner)
                        .insert(id.as_json().to_owned(), m.to_owned());
                }
                s.send(&Message::from_value(&to_modern_host::strip_meta(v))?)
                    .await
            }
        }
    }

    pub async fn close(&self) {
        if let Some(inner) = self.shared.inner.get() {
            inner.close().await;
        }
        self.pump.abort();
    }
}

impl Drop for ForModernHost {
    fn drop(&mut self) {
        self.pump.abort();
    }
}

impl Shared {
    fn own_request(&self, method: &str, params: Value) -> (Message, oneshot::Receiver<Value>) {
        let n = self.next_id.fetch_add(1, Ordering::Relaxed);
        let id = Id::string(&format!("mcp-bridge-session-{n}"));
        let (tx, rx) = oneshot::channel();
        self.own
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(id.as_json().to_owned(), tx);
        (Message::request(&id, method, Some(params)), rx)
    }

    fn inner(&self) -> Result<&Arc<Remote>, TransportError> {
        self.inner
            .get()
            .ok_or(TransportError::NoSession("the session is not started"))
    }

    /// Send to the server, starting a new session once when it forgot the old one.
    async fn send(&self, msg: &Message) -> Result<(), TransportError> {
        let inner = self.inner()?;
        let generation = inner.session_generation();
        match inner.exchange(msg).await {
            Err(TransportError::SessionExpired) => {
                self.new_session(generation).await?;
                inner.exchange(msg).await
            }
            other => other,
        }
    }

    async fn new_session(&self, generation: u64) -> Result<(), TransportError> {
        let _guard = self.rehandshake.lock().await;
        let inner = self.inner()?;
        if inner.session_generation() != generation {
            return Ok(());
        }
        info!("the server forgot the session; starting a new one");
        inner.reset().await?;
        let (init, rx) = self.own_request("initialize", self.init_params.clone());
        inner.exchange(&init).await?;
        self.finish_handshake(rx).await?;
        // Subscriptions held by the old session are gone: take them out again.
        let uris: Vec<String> = self.subscribed_uris();
        for uri in uris {
            let _ = Box::pin(self.call("resources/subscribe", json!({"uri": uri}))).await;
        }
        Ok(())
    }

    async fn finish_handshake(&self, rx: oneshot::Receiver<Value>) -> Result<(), TransportError> {
        let reply = tokio::time::timeout(OWN_TIMEOUT, rx)
            .await
            .ok()
            .and_then(Result::ok)
            .ok_or_else(|| TransportError::NoAnswer {
                method: "initialize".into(),
            })?;
        let Some(result) = reply.get("result") else {
            return Err(TransportError::Refused {
                method: "initialize".into(),
                error: reply["error"].clone(),
            });
        };
        *self
            .init_result
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = result.clone();
        let inner = self.inner()?;
        inner
            .exchange(&Message::notification("notifications/initialized"))
            .await?;
        inner.on_initialized();
        Ok(())
    }

    /// One request of the bridge's own, answered through the pump.
    async fn call(&self, method: &str, params: Value) -> Result<Value, TransportError> {
        let (msg, rx) = self.own_request(method, params);
        self.send(&msg).await?;
        tokio::time::timeout(OWN_TIMEOUT, rx)
            .await
            .ok()
            .and_then(Result::ok)
            .ok_or_else(|| TransportError::NoAnswer {
                method: method.to_owned(),
            })
    }

    fn discover_result(&self) -> Value {
        let init = self
            .init_result
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone();
        to_modern_host::discover_result(&init)
    }

    /// A response to the host, in the shape of the new revision.
    fn modernize(&self, v: Value) -> Value {
        let method = self
            .methods
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .remove(&v["id"].to_string());
        to_modern_host::response(v, method.as_deref())
    }

    /// A message from the server that cannot be translated for the host (nested too deep):
    /// whoever waits for it gets an error in its place, so that nothing hangs.
    async fn refuse(&self, msg: &Message, e: &crate::jsonrpc::ParseError) {
        let text = format!("mcp-bridge: cannot translate the server's message: {e}");
        match (msg.kind(), msg.id()) {
            (Kind::Response, Some(id)) => {
                let own = self
                    .own
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .remove(id.as_json());
                match own {
                    Some(tx) => {
                        let _ = tx.send(json!({"error": {"code": -32603, "message": text}}));
                    }
                    None => {
                        let m = Message::error_response(Some(id), -32603, &text, None);
                        self.outer.deliver(m).await;
                    }
                }
            }
            (Kind::Request, Some(id)) => {
                let m = Message::error_response(Some(id), -32603, &text, None);
                if let Err(e) = self.send(&m).await {
                    debug!(error = %e, "could not answer the server's request");
                }
            }
            _ => warn!(error = %e, "dropping a server message that cannot be translated"),
        }
    }

    async fn deliver(&self, v: Value) {
        match Message::from_value(&v) {
            Ok(m) => self.outer.deliver(m).await,
            Err(e) => warn!(error = %e, "dropping a message that is not JSON-RPC"),
        }
    }
}

/// What the session sends, sorted: answers to the bridge, requests answered by the bridge,
/// notifications routed, the rest to the host.
async fn pump(shared: Arc<Shared>, mut rx: mpsc::Receiver<Incoming>) {
    while let Some(incoming) = rx.recv().await {
        let msg = match incoming {
            // Its bytes are charged again when the translation is delivered; holding both
            // charges at once could wait forever.
            Incoming::Message(m) => m.uncharged(),
            lost @ Incoming::StreamLost { .. } => {
                let _ = shared.outer.inbound.send(lost).await;
                continue;
            }
        };
        let v = match msg.to_value() {
            Ok(v) => v,
            Err(e) => {
                shared.refuse(&msg, &e).await;
                continue;
            }
        };
        match msg.kind() {
            Kind::Response => {
                let own = shared
                    .own
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .remove(&v["id"].to_string());
                match own {
                    Some(tx) => {
                        let _ = tx.send(v);
                    }
                    None => {
                        let v = shared.modernize(v);
                        shared.deliver(v).await;
                    }
                }
            }
            Kind::Request => {
                let answer = if msg.method() == Some("ping") {
                    json!({"jsonrpc": "2.0", "id": v["id"], "result": {}})
                } else {
                    json!({"jsonrpc": "2.0", "id": v["id"], "error": {"code": -32601,
                        "message": format!("mcp-bridge: the host speaks {MODERN_VERSION}, which takes no {} request from the server", v["method"].as_str().unwrap_or("?"))}})
                };
                let s = shared.clone();
                tokio::spawn(async move {
                    let Ok(m) = Message::from_value(&answer) else {
                        return;
                    };
                    if let Err(e) = s.send(&m).await {
                        debug!(error = %e, "could not answer the server's request");
                    }
                });
            }
            _ => shared.route_notification(v).await,
        }
    }
}
