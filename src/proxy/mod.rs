//! The relay loop between the stdio host and the remote server.
//!
//! Host messages are read line by line from stdin. Requests are sent concurrently, each on its
//! own task; notifications and responses are sent in order, so that `notifications/initialized`
//! reaches the server before the requests that follow it. The transport is chosen when the first
//! message goes out (normally the host's own `initialize`), after one `server/discover` probe
//! for the protocol era ([`crate::revision::detect`], `connect`), so no throwaway session is created.
//! When the server forgets the session, the bridge replays the host's handshake and resends the
//! message; when it asks for authorization, the [`Reauthorizer`] is consulted and the message is
//! replayed once. When making the connection waits on a person (a browser sign-in), the host
//! is answered meanwhile ([`pending`]). Every failure of a request is answered with a JSON-RPC
//! error that says what happened, so the host is never left waiting.

pub use crate::audit;
mod connect;
pub mod filter;
mod pending;
pub use crate::transport::reauth;
mod recovery;
pub mod router;
pub mod session;

use std::future::Future;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, BufReader};
use tokio::sync::mpsc;
use tracing::{debug, info, warn};

use crate::jsonrpc::{
    ByteBudget, FrameError, Kind, LineReader, Message, error_codes, spawn_stdout_writer,
};
use crate::settings::TransportStrategy;
use crate::transport::{Incoming, Remote, RemoteConfig, TransportError};

pub use crate::revision::detect::{EraCache, ServerEra};
pub use filter::ToolFilter;
pub use reauth::{NoReauth, Origin, Reauthorizer, Renewal};
use router::Router;
pub use session::HandshakeCache;
use session::HostSession;

/// How long an `initialize` replayed by the bridge may take.
const REINIT_TIMEOUT: Duration = Duration::from_secs(30);
/// After stdin closes, requests in flight get this long to be answered.
const EOF_GRACE: Duration = Duration::from_millis(500);
/// After stdin closes, a message still being sent inline (the first one, which may be waiting
/// on a browser sign-in) gets this long before the bridge leaves without it.
const IN_FLIGHT_GRACE: Duration = Duration::from_millis(800);

/// Settings of the relay loop.
#[derive(Debug, Clone)]
pub struct ProxyOptions {
    pub strategy: TransportStrategy,
    pub protocol: crate::settings::ProtocolChoice,
    pub ping_period: Option<Duration>,
    pub max_message_size: usize,
    pub filter: ToolFilter,
    /// `--audit-log`: one line per `tools/call`.
    pub audit: Option<Arc<audit::AuditLog>>,
    /// Where a server that cannot be reached is reported to the person (stderr).
    pub printer: Option<crate::printer::Printer>,
}

/// What the relay loop asks of the rest of the program.
#[derive(Clone)]
pub struct Hooks {
    /// Renews the credential after an authorization challenge.
    pub reauth: Arc<dyn Reauthorizer>,
    /// The server's last `initialize` result, kept between runs.
    pub cache: Option<Arc<dyn HandshakeCache>>,
    /// What the server's origin speaks, kept between runs.
    pub eras: Option<Arc<dyn EraCache>>,
    /// True while renewing the credential waits on a person (a browser sign-in): the host's
    /// handshake is then answered without waiting for it.
    pub waiting_on_person: Option<tokio::sync::watch::Receiver<bool>>,
}

impl Default for Hooks {
    fn default() -> Self {
        Hooks {
            reauth: Arc::new(NoReauth),
            cache: None,
            eras: None,
            waiting_on_person: None,
        }
    }
}

/// Where the server is and how to reach it.
#[derive(Debug, Clone)]
pub struct Endpoint {
    pub client: reqwest::Client,
    pub url: url::Url,
    pub headers: http::HeaderMap,
    pub bearer: crate::transport::BearerSlot,
    /// How long to wait for each response's headers (`--headers-timeout`).
    pub headers_timeout: Option<std::time::Duration>,
    /// The bearer comes from an Access for SaaS application.
    pub access_saas: bool,
}

struct Bridge {
    cfg: RemoteConfig,
    opts: ProxyOptions,
    remote: OnceLock<Arc<Remote>>,
    connect_lock: tokio::sync::Mutex<()>,
    reinit_lock: tokio::sync::Mutex<()>,
    /// True while a new session is being started: messages wait, so that none goes out
    /// without a session in the meantime.
    reinitializing: tokio::sync::watch::Sender<bool>,
    router: Arc<Router>,
    session: HostSession,
    hooks: Hooks,
    /// The last failure told on stderr, so a server that is down is reported once, not once
    /// per request.
    last_reported: std::sync::Mutex<Option<String>>,
    /// The host was answered before the server could be (a sign-in): see [`pending`].
    pending: pending::Pending,
    /// Work that goes on after the loop moved on (a connection waiting on a sign-in),
    /// stopped when the bridge ends.
    background: std::sync::Mutex<Vec<tokio::task::AbortHandle>>,
}

/// Why the loop ended.
#[derive(Debug, PartialEq, Eq)]
enum End {
    Eof,
    Signal,
    /// stdin ended while a message was still being sent (for instance during a sign-in).
    Abandoned,
}

/// Run the bridge until stdin ends or `shutdown` completes.
pub async fn run<R, W>(
    endpoint: Endpoint,
    opts: ProxyOptions,
    hooks: Hooks,
    stdin: R,
    stdout: W,
    shutdown: impl Future<Output = ()>,
) -> anyhow::Result<()>
where
    R: AsyncRead + Unpin + Send + 'static,
    W: AsyncWrite + Unpin + Send + 'static,
{
    // Bytes in each direction are bounded: the server's messages until written to the host,
    // the host's until sent to the server (see `jsonrpc::budget`).
    let to_host = ByteBudget::for_max_message(opts.max_message_size);
    let to_server = ByteBudget::for_max_message(opts.max_message_size);
    let (out, writer) = spawn_stdout_writer(stdout, to_host.clone());
    let (in_tx, mut in_rx) = mpsc::channel::<Incoming>(256);
    let on_initialize = hooks.cache.clone().map(|c| {
        std::sync::Arc::new(move |result: &serde_json::Value| c.save(result))
            as router::InitializeHook
    });
    let router = Arc::new(Router::new(
        out,
        opts.filter.clone(),
        on_initialize,
        opts.audit.clone(),
    ));
    let bridge = Arc::new(Bridge {
        cfg: RemoteConfig {
            client: endpoint.client,
            url: endpoint.url,
            headers: endpoint.headers,
            bearer: endpoint.bearer,
            headers_timeout: endpoint.headers_timeout,
            max_message_size: opts.max_message_size,
            inbound: in_tx,
            budget: to_host,
            access_saas: endpoint.access_saas,
        },
        opts,
        remote: OnceLock::new(),
        connect_lock: Default::default(),
        reinit_lock: Default::default(),
        reinitializing: tokio::sync::watch::Sender::new(false),
        router: router.clone(),
        session: HostSession::new(),
        hooks,
        last_reported: Default::default(),
        pending: Default::default(),
        background: Default::default(),
    });

    let dispatcher = tokio::spawn({
        let router = router.clone();
        async move {
            while let Some(incoming) = in_rx.recv().await {
                match incoming {
                    Incoming::Message(m) => router.from_server(m).await,
                    Incoming::StreamLost { detail } => {
                        let text =
                            format!("mcp-bridge: {detail}; the request may not have completed");
                        router.fail_all(error_codes::CONNECTION_CLOSED, &text).await;
                    }
                }
            }
        }
    });
    let (line_tx, mut lines) = mpsc::channel(64);
    // Set when stdin ends, so that a message in flight (a sign-in can take minutes) does not
    // keep the bridge alive after the host has gone.
    let (eof_tx, mut eof) = tokio::sync::watch::channel(false);
    let max = bridge.opts.max_message_size;
    let reader = tokio::spawn(async move {
        let mut reader = LineReader::new(BufReader::with_capacity(64 * 1024, stdin), max);
        while let Some(line) = reader.next_line().await {
            // When the line was read: a sign-in starts only for a message read after the last
            // one ended (see `reauth::Origin`).
            let read_at = std::time::Instant::now();
            let charge = match &line {
                Ok(bytes) => Some(to_server.charge(bytes.len()).await),
                Err(_) => None,
            };
            if line_tx.send((line, charge, read_at)).await.is_err() {
                break;
            }
        }
        let _ = eof_tx.send(true);
    });
    let keep_alive = bridge
        .opts
        .ping_period
        .map(|p| tokio::spawn(bridge.clone().keep_alive(p)));

    tokio::pin!(shutdown);
    let end = loop {
        let (line, charge, read_at) = tokio::select! {
            line = lines.recv() => line.map_or((None, None, std::time::Instant::now()), |(l, c, t)| (Some(l), c, t)),
            () = &mut shutdown => break End::Signal,
        };
        let msg = match line {
            None => break End::Eof,
            Some(Err(FrameError::Io(e))) => {
                warn!(error = %e, "reading stdin failed");
                break End::Eof;
            }
            Some(Err(e)) => {
                let text = format!("mcp-bridge: {e}");
                router
                    .to_host(Message::error_response(
                        None,
                        error_codes::INVALID_REQUEST,
                        &text,
                        None,
                    ))
                    .await;
                continue;
            }
            Some(Ok(bytes)) => match Message::parse(bytes) {
                Ok(m) => match charge {
                    Some(c) => m.charged(c),
                    None => m,
                },
                Err(e) => {
                    let text = format!("mcp-bridge: {e}");
                    router
                        .to_host(Message::error_response(None, e.code(), &text, None))
                        .await;
                    continue;
                }
            },
        };
        tokio::select! {
            () = bridge.handle_host(msg, read_at) => {}
            () = &mut shutdown => break End::Signal,
            () = async {
                let _ = eof.wait_for(|ended| *ended).await;
                tokio::time::sleep(IN_FLIGHT_GRACE).await;
            } => {
                debug!("stdin ended while a message was still in flight; leaving");
                break End::Abandoned;
            }
        }
    };
    debug!(?end, "shutting down");

    if end == End::Eof {
        let deadline = tokio::time::Instant::now() + EOF_GRACE;
        while router.pending_count() > 0 && tokio::time::Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }
    if let Some(k) = keep_alive {
        k.abort();
    }
    for task in bridge
        .background
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .drain(..)
    {
        task.abort();
    }
    reader.abort();
    if let Some(remote) = bridge.remote.get() {
        remote.close().await;
    }
    dispatcher.abort();
    drop(bridge);
    drop(router);
    let _ = tokio::time::timeout(Duration::from_millis(300), writer).await;
    Ok(())
}

impl Bridge {
    /// A message from the host, read from stdin at `read_at`.
    async fn handle_host(self: &Arc<Self>, msg: Message, read_at: std::time::Instant) {
        if msg.kind() == Kind::Batch {
            return self.handle_batch(msg, read_at).await;
        }
        if msg.kind() == Kind::Request {
            self.router.track(&msg, None);
        }
        self.send_tracked(msg, read_at).await;
    }

    /// Split a batch: register every request first (so the batch cannot complete early), then
    /// send the members; the answers go back to the host as one batch.
    async fn handle_batch(self: &Arc<Self>, msg: Message, read_at: std::time::Instant) {
        let batch = self.router.open_batch();
        let mut members = Vec::new();
        for item in msg.batch_items().unwrap_or_default() {
            match item {
                Ok(m) if m.kind() != Kind::Batch => members.push(m),
                Ok(_) => self.router.add_to_batch(
                    batch,
                    Message::error_response(
                        None,
                        error_codes::INVALID_REQUEST,
                        "mcp-bridge: nested batch",
                        None,
                    ),
                ),
                Err(e) => self.router.add_to_batch(
                    batch,
                    Message::error_response(None, e.code(), &format!("mcp-bridge: {e}"), None),
                ),
            }
        }
        for m in &members {
            if m.kind() == Kind::Request {
                self.router.track(m, Some(batch));
            }
        }
        for m in members {
            self.send_tracked(m, read_at).await;
        }
        self.router.seal_batch(batch).await;
    }

    async fn send_tracked(self: &Arc<Self>, msg: Message, read_at: std::time::Instant) {
        self.session.observe(&msg);
        let origin = Origin::Host(read_at);
        if let (Kind::Request, Some(id)) = (msg.kind(), msg.id())
            && let Some((tool, why)) = self.opts.filter.blocked_call(&msg)
        {
            // Tool rules (policy): the refusal names the rule and where it was set.
            let text = format!("Tool \"{tool}\" is not available (refused by {why})");
            let data = serde_json::json!({ "tool": tool, "rule": why.to_string() });
            self.router
                .fail(id, error_codes::INVALID_PARAMS, &text, Some(data))
                .await;
            return;
        }
        if self.while_pending(&msg).await {
            return;
        }
        self.forward(msg, origin).await;
    }

    /// Send a host message (read at `origin`) on to the server.
    async fn forward(self: &Arc<Self>, msg: Message, origin: Origin) {
        if msg.kind() != Kind::Request {
            let initialized = msg.method() == Some("notifications/initialized");
            if let Err(e) = self.send(&msg, origin).await {
                let method = msg.method().unwrap_or("(response)");
                if self.report(&e) {
                    debug!(method, error = %e, "could not deliver a message to the server");
                } else {
                    warn!(method, error = %e, "could not deliver a message to the server");
                }
            }
            if initialized {
                self.owed_list_changes().await;
            }
            return;
        }
        let first = self.remote.get().is_none();
        let handshake = msg.method() == Some("initialize");
        let me = self.clone();
        if first {
            // Until the transport is chosen nothing may overtake this message: it goes out
            // before the next line is read — unless it has to wait on a sign-in, and the host
            // was answered meanwhile.
            let task = tokio::spawn(async move {
                let delivered = me.deliver(msg, origin).await;
                me.after_connecting(delivered).await;
            });
            let abort = task.abort_handle();
            tokio::select! {
                _ = task => {}
                () = self.pending.left_direct() => self.keep_handle(abort),
            }
        } else if handshake {
            // Nothing overtakes the host's handshake either.
            me.deliver(msg, origin).await;
        } else {
            tokio::spawn(async move { me.deliver(msg, origin).await });
        }
    }

    /// Send a host request and make sure it is answered: an error in place of an answer when
    /// sending fails. Whether it was sent.
    async fn deliver(self: &Arc<Self>, msg: Message, origin: Origin) -> bool {
        let Some(id) = msg.id().cloned() else {
            return false;
        };
        match self.send(&msg, origin).await {
            Ok(()) => {
                self.report_recovered();
                true
            }
            Err(e) => {
                self.report(&e);
                let (code, data) = error_details(&e);
                self.router
                    .fail(&id, code, &format!("mcp-bridge: {e}"), Some(data))
                    .await;
                false
            }
        }
    }

    fn keep_handle(&self, task: tokio::task::AbortHandle) {
        let mut all = self
            .background
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        all.retain(|t| !t.is_finished());
        all.push(task);
    }

    /// Send one message (from `origin`), recovering once from a forgotten session and once
    /// from an authorization challenge.
    async fn send(&self, msg: &Message, origin: Origin) -> Result<(), TransportError> {
        let mut reinitialized = false;
        let mut reauthorized = false;
        // A credential known to be dead is being refreshed: wait for it rather than send it.
        self.hooks.reauth.settled().await;
        loop {
            let result = match self.remote_for(msg).await {
                Ok((remote, true)) => Ok(remote),
                Ok((remote, false)) => {
                    let _ = self
                        .reinitializing
                        .subscribe()
                        .wait_for(|busy| !*busy)
                        .await;
                    let generation = remote.session_generation();
                    match remote.exchange(msg).await {
                        Ok(()) => Ok(remote),
                        Err(TransportError::SessionExpired)
                            if !reinitialized && msg.method() != Some("initialize") =>
                        {
                            reinitialized = true;
                            self.reinitialize(&remote, generation).await?;
                            continue;
                        }
                        // The session changed while this message was out (it may have left
                        // with no session at all): send it again, once, in the new session.
                        Err(e)
                            if !reinitialized
                                && remote.session_generation() != generation
                                && matches!(e.status(), Some(400 | 404)) =>
                        {
                            reinitialized = true;
                            continue;
                        }
                        Err(e) => Err(e),
                    }
                }
                Err(e) => Err(e),
            };
            match result {
                Ok(remote) => {
                    if msg.method() == Some("notifications/initialized") {
                        remote.on_initialized();
                    }
                    return Ok(());
                }
                Err(e) if e.wants_authorization() && !reauthorized => {
                    reauthorized = true;
                    let renewal = self.hooks.reauth.reauthorize(&e, origin);
                    match self.unless_person_awaited(msg, renewal).await {
                        Ok(()) => {}
                        Err(Renewal::NotConfigured) => return Err(e),
                        Err(Renewal::Failed(why)) => {
                            return Err(TransportError::NotAuthorized(why));
                        }
                    }
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// Tell the person, once per distinct failure, that the server cannot be reached (the
    /// host gets the same words as the request's error).
    /// Whether the failure is of that kind (told, or already told).
    fn report(&self, e: &TransportError) -> bool {
        if !matches!(e, TransportError::Connect { .. } | TransportError::Timeout) {
            return false;
        }
        let Some(printer) = self.opts.printer else {
            return true;
        };
        let text = format!("mcp-bridge: {e}");
        let mut last = self
            .last_reported
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if last.as_deref() != Some(text.as_str()) {
            printer.info(&text);
            *last = Some(text);
        }
        true
    }

    /// The server answered: a later failure is worth telling again.
    fn report_recovered(&self) {
        self.last_reported
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take();
    }

    /// The transport, connecting on first use. `true` when connecting already sent `msg`.
    async fn remote_for(&self, msg: &Message) -> Result<(Arc<Remote>, bool), TransportError> {
        if let Some(r) = self.remote.get() {
            return Ok((r.clone(), false));
        }
        let _guard = self.connect_lock.lock().await;
        if let Some(r) = self.remote.get() {
            return Ok((r.clone(), false));
        }
        let remote = Arc::new(self.connect(msg).await?);
        info!(transport = remote.name(), url = %self.cfg.url, "connected");
        let _ = self.remote.set(remote.clone());
        Ok((remote, true))
    }
}

/// The JSON-RPC error code and `data` for a failed request.
fn error_details(e: &TransportError) -> (i64, serde_json::Value) {
    let code = match e {
        TransportError::Stream(_) => error_codes::CONNECTION_CLOSED,
        _ => error_codes::REMOTE_ERROR,
    };
    let mut data = serde_json::json!({ "source": "mcp-bridge" });
    if let Some(status) = e.status() {
        data["httpStatus"] = status.into();
    }
    (code, data)
}
