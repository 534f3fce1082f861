//! The Streamable HTTP client (MCP 2025-11-25): every message is a POST; a request is
//! answered with JSON or with an SSE stream that may carry server requests and notifications
//! before the response; `Mcp-Session-Id` and `MCP-Protocol-Version` ride on every request after
//! `initialize`; a stream that breaks before its response is resumed with a GET carrying
//! `Last-Event-ID`, after the server's `retry` pause; a GET stream listens for server-initiated
//! messages; the session is DELETEd on exit.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::task::JoinHandle;
use tracing::{debug, warn};

use super::sse::SseParser;
use super::{RemoteConfig, TransportError, check_status, content_type, read_body};
use crate::backoff::Backoff;
use crate::jsonrpc::{Id, Kind, Message};

const SESSION_HEADER: &str = "mcp-session-id";
const VERSION_HEADER: &str = "mcp-protocol-version";
/// Resumptions allowed for one request whose stream keeps breaking.
const MAX_RESUMES: u32 = 5;
const DEFAULT_RETRY: Duration = Duration::from_secs(1);

#[derive(Debug, Clone, Default)]
struct Session {
    id: Option<String>,
    protocol_version: Option<String>,
    generation: u64,
}

/// Where a stream got to: the last event id and the server's reconnection pause.
#[derive(Debug, Default)]
struct Cursor {
    last_event_id: Option<String>,
    retry: Option<Duration>,
}

struct Shared {
    cfg: RemoteConfig,
    session: Mutex<Session>,
}

/// A Streamable HTTP connection to one MCP endpoint.
pub struct StreamableHttp {
    shared: Arc<Shared>,
    listener: Mutex<Option<JoinHandle<()>>>,
}

impl StreamableHttp {
    pub fn new(cfg: RemoteConfig) -> Self {
        StreamableHttp {
            shared: Arc::new(Shared {
                cfg,
                session: Mutex::new(Session::default()),
            }),
            listener: Mutex::new(None),
        }
    }

    /// POST one message and deliver what comes back.
    pub async fn exchange(&self, msg: &Message) -> Result<(), TransportError> {
        self.shared.exchange(msg).await
    }

    /// Open (or re-open) the GET stream for server-initiated messages.
    pub fn start_listening(&self) {
        let shared = self.shared.clone();
        let task = tokio::spawn(async move { shared.listen().await });
        if let Some(old) = self
            .listener
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .replace(task)
        {
            old.abort();
        }
    }

    /// Forget the session: the next `initialize` starts a new one.
    pub fn reset(&self) {
        if let Some(t) = self
            .listener
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take()
        {
            t.abort();
        }
        let mut s = self
            .shared
            .session
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        s.id = None;
        s.protocol_version = None;
        s.generation += 1;
    }

    pub fn session_generation(&self) -> u64 {
        self.shared
            .session
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .generation
    }

    /// Stop listening and DELETE the session (a 405 answer is fine).
    pub async fn close(&self) {
        if let Some(t) = self
            .listener
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take()
        {
            t.abort();
        }
        let session = self
            .shared
            .session
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone();
        let Some(id) = session.id else { return };
        let cfg = &self.shared.cfg;
        let mut req = cfg
            .request(reqwest::Method::DELETE, &cfg.url)
            .header(SESSION_HEADER, id)
            .timeout(Duration::from_millis(700));
        if let Some(v) = session.protocol_version {
            req = req.header(VERSION_HEADER, v);
        }
        match req.send().await {
            Ok(r) => debug!(status = r.status().as_u16(), "session DELETE"),
            Err(e) => debug!(error = %e, "session DELETE failed"),
        }
    }
}

impl Shared {
    fn session(&self) -> Session {
        self.session
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    fn with_session(
        &self,
        mut req: reqwest::RequestBuilder,
        s: &Session,
    ) -> reqwest::RequestBuilder {
        if let Some(id) = &s.id {
            req = req.header(SESSION_HEADER, id);
        }
        if let Some(v) = &s.protocol_version {
            req = req.header(VERSION_HEADER, v);
        }
        req
    }

    async fn post_once(&self, msg: &Message) -> Result<reqwest::Response, TransportError> {
        // `initialize` starts a session: it never carries an old one.
        let s = if msg.method() == Some("initialize") {
            Session::default()
        } else {
            self.session()
        };
        let (req, sent) = self.cfg.prepare(reqwest::Method::POST, &self.cfg.url);
        let req = req
            .header(http::header::CONTENT_TYPE, "application/json")
            .header(http::header::ACCEPT, "application/json, text/event-stream");
        let resp = self
            .cfg
            .send(
                self.with_session(req, &s).body(msg.bytes().clone()),
                &self.cfg.url,
            )
            .await?;
        check_status(resp, s.id.is_some(), sent).await
    }

    /// POST, retrying failures where the server did not process the message.
    async fn post(&self, msg: &Message) -> Result<reqwest::Response, TransportError> {
        let mut backoff = Backoff::for_requests();
        let mut connecting = Backoff::for_connecting();
        loop {
            match self.post_once(msg).await {
                Err(e) if e.is_retryable() => {
                    let retry_after = match &e {
                        TransportError::Http { retry_after, .. } => *retry_after,
                        _ => None,
                    };
                    let backoff = match &e {
                        TransportError::Connect { .. } => &mut connecting,
                        _ => &mut backoff,
                    };
                    match backoff.next_delay(retry_after) {
                        Some(d) => {
                            debug!(error = %e, delay_ms = d.as_millis() as u64, "retrying POST");
                            tokio::time::sleep(d).await;
                        }
                        None => return Err(e),
                    }
                }
                other => return other,
            }
        }
    }

    async fn exchange(&self, msg: &Message) -> Result<(), TransportError> {
        let resp = self.post(msg).await?;
        // The request is sent: its bytes no longer count against the host's budget while the
        // answer streams (it may wait on the host answering a request of the server's).
        msg.release();
        if msg.method() == Some("initialize") {
            let sid = resp
                .headers()
                .get(SESSION_HEADER)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            let mut s = self
                .session
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            s.id = sid;
            s.protocol_version = None;
            s.generation += 1;
        }
        let want = (msg.kind() == Kind::Request)
            .then(|| msg.id().cloned())
            .flatten();
        if resp.status() == reqwest::StatusCode::ACCEPTED {
            return match want {
                Some(_) => Err(TransportError::Protocol(
                    "the server answered a request with 202 Accepted and no response".into(),
                )),
                None => Ok(()),
            };
        }
        let ctype = content_type(&resp);
        if ctype.starts_with("text/event-stream") {
            return self.read_post_stream(resp, msg, want).await;
        }
        let body = read_body(resp, self.cfg.max_message_size).await?;
        if body.iter().all(u8::is_ascii_whitespace) {
            return match want {
                Some(_) => Err(TransportError::Protocol(
                    "empty response to a request".into(),
                )),
                None => Ok(()),
            };
        }
        if let Some(e) = super::access_page(&self.cfg, &ctype, &body) {
            return Err(e);
        }
        if !ctype.starts_with("application/json") && want.is_none() {
            return Ok(());
        }
        let reply = Message::parse(body).map_err(|e| TransportError::Protocol(e.to_string()))?;
        self.observe(msg, &reply);
        self.cfg.deliver(reply).await;
        Ok(())
    }

    /// Read a POST's SSE stream until the response to `want` arrives, resuming with GET and
    /// `Last-Event-ID` when the stream breaks first.
    async fn read_post_stream(
        &self,
        mut resp: reqwest::Response,
        msg: &Message,
        want: Option<Id>,
    ) -> Result<(), TransportError> {
        let mut cursor = Cursor::default();
        let mut resumes = 0;
        loop {
            let ended = self.pump(resp, Some(msg), want.as_ref(), &mut cursor).await;
            match ended {
                Ok(true) => return Ok(()),
                Err(e @ TransportError::TooLarge { .. }) => return Err(e),
                _ if want.is_none() => return Ok(()),
                Ok(false) | Err(_) => {}
            }
            let Some(last) = cursor.last_event_id.clone() else {
                return Err(TransportError::Stream(
                    "the server closed the response stream before answering, and it cannot be resumed (no event id)".into(),
                ));
            };
            resumes += 1;
            if resumes > MAX_RESUMES {
                return Err(TransportError::Stream(format!(
                    "the response stream broke {MAX_RESUMES} times"
                )));
            }
            tokio::time::sleep(cursor.retry.unwrap_or(DEFAULT_RETRY)).await;
            debug!(last_event_id = %last, "resuming stream");
            resp = match self.get(Some(&last)).await? {
                Some(r) => r,
                None => {
                    return Err(TransportError::Stream(
                        "the response stream broke and the server does not allow resuming it"
                            .into(),
                    ));
                }
            };
        }
    }

    /// Deliver the events of one SSE response. Returns true once the response to `want` was
    /// delivered, false when the stream ended without it.
    async fn pump(
        &self,
        mut resp: reqwest::Response,
        sent: Option<&Message>,
        want: Option<&Id>,
        cursor: &mut Cursor,
    ) -> Result<bool, TransportError> {
        let mut parser = SseParser::new(self.cfg.max_message_size);
        loop {
            let chunk = match resp.chunk().await {
                Ok(Some(c)) => c,
                Ok(None) => return Ok(false),
                Err(e) => return Err(TransportError::Stream(super::error::error_chain(&e))),
            };
            parser
                .feed(&chunk)
                .map_err(|e| TransportError::TooLarge { limit: e.limit })?;
            while let Some(ev) = parser.next_event() {
                if ev.id.is_some() {
                    cursor.last_event_id = ev.id;
                }
                if let Some(ms) = ev.retry {
                    cursor.retry = Some(Duration::from_millis(ms));
                }
                if ev.data.is_empty() || !matches!(ev.event.as_deref(), None | Some("message")) {
                    continue;
                }
                let m = match Message::parse(ev.data.into_bytes()) {
                    Ok(m) => m,
                    Err(e) => {
                        warn!(error = %e, "skipping an event that is not JSON-RPC");
                        continue;
                    }
                };
                let done = m.kind() == Kind::Response && want.is_some() && m.id() == want;
                if let Some(sent) = sent {
                    self.observe(sent, &m);
                }
                self.cfg.deliver(m).await;
                if done {
                    return Ok(true);
                }
            }
        }
    }

    /// Remember the negotiated protocol version from the `initialize` result.
    fn observe(&self, sent: &Message, reply: &Message) {
        if sent.method() != Some("initialize") || reply.kind() != Kind::Response {
            return;
        }
        if let Some(v) = reply.str_at(&["result", "protocolVersion"]) {
            self.session
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .protocol_version = Some(v.to_owned());
        }
    }

    /// GET the endpoint as an SSE stream. `None` when the server offers none (405, or 404
    /// without a session).
    async fn get(
        &self,
        last_event_id: Option<&str>,
    ) -> Result<Option<reqwest::Response>, TransportError> {
        let s = self.session();
        let (req, sent) = self.cfg.prepare(reqwest::Method::GET, &self.cfg.url);
        let mut req = req.header(http::header::ACCEPT, "text/event-stream");
        if let Some(id) = last_event_id {
            req = req.header("last-event-id", id);
        }
        let resp = self
            .cfg
            .send(self.with_session(req, &s), &self.cfg.url)
            .await?;
        match resp.status().as_u16() {
            405 => return Ok(None),
            404 if s.id.is_none() => return Ok(None),
            // A stream the server no longer has is not a lost session: the request fails, and
            // the next POST finds out whether the session is gone.
            404 if last_event_id.is_some() => return Ok(None),
            _ => {}
        }
        let resp = check_status(resp, s.id.is_some(), sent).await?;
        if !content_type(&resp).starts_with("text/event-stream") {
            return Ok(None);
        }
        Ok(Some(resp))
    }

    /// The listening stream: reconnects with `Last-Event-ID` after each drop, with backoff
    /// when it keeps failing, and stops when the server offers no stream or the session ends.
    async fn listen(self: Arc<Self>) {
        let mut cursor = Cursor::default();
        let mut backoff = Backoff::for_listening();
        loop {
            let wait = match self.get(cursor.last_event_id.as_deref()).await {
                Ok(None) => {
                    debug!("the server offers no GET stream");
                    return;
                }
                Ok(Some(resp)) => {
                    let before = cursor.last_event_id.clone();
                    let r = self.pump(resp, None, None, &mut cursor).await;
                    if let Err(TransportError::TooLarge { .. }) = r {
                        warn!("the server sent an oversized message on the GET stream");
                    }
                    if cursor.last_event_id != before {
                        backoff = Backoff::for_listening();
                    }
                    backoff
                        .next_delay(None)
                        .map(|d| d.max(cursor.retry.unwrap_or(DEFAULT_RETRY)))
                }
                Err(TransportError::SessionExpired | TransportError::Unauthorized { .. }) => return,
                Err(e) => {
                    debug!(error = %e, "GET stream failed");
                    backoff.next_delay(None)
                }
            };
            match wait {
                Some(d) => tokio::time::sleep(d).await,
                None => {
                    warn!("giving up on the server's GET stream; requests still work");
                    return;
                }
            }
        }
    }
}

// The listener keeps a clone of the channel; make sure a dropped transport stops it.
impl Drop for StreamableHttp {
    fn drop(&mut self) {
        if let Some(t) = self
            .listener
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take()
        {
            t.abort();
        }
    }
}
