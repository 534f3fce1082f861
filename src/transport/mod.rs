//! Talking to the remote MCP server. [`Remote`] is a Streamable HTTP client
//! ([`streamable_http`], the 2025-11-25 rules), a legacy HTTP+SSE client ([`legacy_sse`],
//! 2024-11-05), a client of the stateless 2026-07-28 revision ([`modern`]), or an
//! initialize-based session held for a 2026-07-28 host ([`for_modern_host`]). All deliver what
//! the server sends through one [`Incoming`] channel and report failures as
//! [`TransportError`]s that the relay loop acts on: 401/403 challenges go to the authorization
//! hook, a forgotten session to re-initialization.

pub mod error;
pub mod for_modern_host;
pub mod headers;
pub mod http_client;
pub mod legacy_sse;
pub mod modern;
pub mod reauth;
pub mod sse;
pub mod streamable_http;
pub mod trust;

use std::sync::{Arc, RwLock};

use bytes::{Bytes, BytesMut};
use http::HeaderMap;
use tokio::sync::mpsc;
use url::Url;

use crate::cf_access::refusal::{AccessAnswer, AccessRefusal, Sent};
use crate::cf_access::{self, login_page};
use crate::jsonrpc::{ByteBudget, Message};
use crate::secret::Secret;

pub use error::TransportError;
pub use for_modern_host::ForModernHost;
pub use legacy_sse::LegacySse;
pub use modern::ModernHttp;
pub use streamable_http::StreamableHttp;

/// What the transports hand to the relay loop.
#[derive(Debug)]
pub enum Incoming {
    /// A message from the server (response, request or notification).
    Message(Message),
    /// The stream that carries responses broke (legacy SSE): requests in flight will not be
    /// answered.
    StreamLost { detail: String },
}

/// The bearer token sent with every request, replaced in place when the credential changes.
#[derive(Clone, Default)]
pub struct BearerSlot(Arc<RwLock<Option<Secret>>>);

impl BearerSlot {
    pub fn set(&self, token: Option<Secret>) {
        *self
            .0
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = token;
    }

    pub fn get(&self) -> Option<Secret> {
        self.0
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }
}

impl std::fmt::Debug for BearerSlot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let set = self.0.read().map(|b| b.is_some()).unwrap_or(false);
        write!(f, "BearerSlot({})", if set { "****" } else { "none" })
    }
}

/// Everything a transport needs to reach the server.
#[derive(Clone, Debug)]
pub struct RemoteConfig {
    pub client: reqwest::Client,
    pub url: Url,
    /// Extra headers from `--header`, values marked sensitive.
    pub headers: HeaderMap,
    pub bearer: BearerSlot,
    /// How long to wait for a response's headers; `None`: as long as it takes.
    pub headers_timeout: Option<std::time::Duration>,
    pub max_message_size: usize,
    pub inbound: mpsc::Sender<Incoming>,
    /// What the messages from the server may hold while they wait to be written to the host;
    /// delivering waits while it is spent, so the server's stream is read no faster than the
    /// host reads.
    pub budget: ByteBudget,
    /// The bearer comes from an Access for SaaS application (for the words when Cloudflare
    /// Access answers instead of the server).
    pub access_saas: bool,
}

impl RemoteConfig {
    /// What a request carries, as the explanation of an Access answer needs it.
    fn sent(&self) -> Sent {
        self.sent_with(self.bearer.get())
    }

    fn sent_with(&self, token: Option<Secret>) -> Sent {
        let id = self
            .headers
            .get(crate::cf_access::service_token::ID_HEADER)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        Sent {
            server: self.url.to_string(),
            service_token: id,
            bearer: token.is_some() || self.headers.contains_key(http::header::AUTHORIZATION),
            token,
            access_saas: self.access_saas,
        }
    }

    /// Start a request with the headers every request carries.
    fn request(&self, method: reqwest::Method, url: &Url) -> reqwest::RequestBuilder {
        self.prepare(method, url).0
    }

    /// Start a request with the headers every request carries, and say what it carries: the
    /// bearer token is read once, so that a refusal names the very token it refused (it may
    /// have been replaced by the time the answer comes).
    fn prepare(&self, method: reqwest::Method, url: &Url) -> (reqwest::RequestBuilder, Sent) {
        let mut req = self
            .client
            .request(method, url.clone())
            .headers(self.headers.clone());
        let token = self.bearer.get();
        if let Some(token) = &token {
            let mut v = http::HeaderValue::from_str(&format!("Bearer {}", token.expose()))
                .unwrap_or_else(|_| http::HeaderValue::from_static(""));
            v.set_sensitive(true);
            req = req.header(http::header::AUTHORIZATION, v);
        }
        (req, self.sent_with(token))
    }

    /// Send a request, waiting for its response headers no longer than `--headers-timeout`.
    async fn send(
        &self,
        req: reqwest::RequestBuilder,
        url: &Url,
    ) -> Result<reqwest::Response, TransportError> {
        let sent = req.send();
        let resp = match self.headers_timeout {
            Some(t) => tokio::time::timeout(t, sent)
                .await
                .map_err(|_| TransportError::Timeout)?,
            None => sent.await,
        };
        resp.map_err(|e| TransportError::from_send(url, e))
    }

    /// Hand a message from the server to the relay loop.
    async fn deliver(&self, msg: Message) {
        let charge = self.budget.charge(msg.bytes().len()).await;
        let msg = msg.charged(charge);
        let _ = self.inbound.send(Incoming::Message(msg)).await;
    }
}

/// The transport in use, chosen at the first message.
pub enum Remote {
    Http(StreamableHttp),
    Sse(Box<LegacySse>),
    /// The 2026-07-28 revision (translated for a 2025-11-25 host, passed through for a
    /// 2026-07-28 one).
    Modern(Box<ModernHttp>),
    /// An initialize-based server behind a 2026-07-28 host.
    ForModernHost(Box<ForModernHost>),
}

impl Remote {
    /// Send one message. Whatever the server sends back arrives on the [`Incoming`] channel;
    /// an `Ok` for a request means its response has been delivered (or, for legacy SSE, that
    /// the server accepted it).
    pub async fn exchange(&self, msg: &Message) -> Result<(), TransportError> {
        match self {
            Remote::Http(t) => t.exchange(msg).await,
            Remote::Sse(t) => t.exchange(msg).await,
            Remote::Modern(t) => t.exchange(msg).await,
            Remote::ForModernHost(t) => Box::pin(t.exchange(msg)).await,
        }
    }

    /// Forget the session so that the next `initialize` starts a new one.
    pub async fn reset(&self) -> Result<(), TransportError> {
        match self {
            Remote::Http(t) => {
                t.reset();
                Ok(())
            }
            Remote::Sse(t) => t.reconnect().await,
            Remote::Modern(_) | Remote::ForModernHost(_) => Ok(()),
        }
    }

    /// The host finished initializing: open the server-to-client stream if there is one.
    pub fn on_initialized(&self) {
        if let Remote::Http(t) = self {
            t.start_listening();
        }
    }

    /// Changes every time a new session starts; used to tell whether someone else already
    /// re-initialized.
    pub fn session_generation(&self) -> u64 {
        match self {
            Remote::Http(t) => t.session_generation(),
            Remote::Sse(t) => t.session_generation(),
            Remote::Modern(_) | Remote::ForModernHost(_) => 0,
        }
    }

    /// End the session (HTTP DELETE for Streamable HTTP) and stop background streams.
    pub async fn close(&self) {
        match self {
            Remote::Http(t) => t.close().await,
            Remote::Sse(t) => t.close(),
            Remote::Modern(t) => t.close(),
            Remote::ForModernHost(t) => Box::pin(t.close()).await,
        }
    }

    pub fn name(&self) -> &'static str {
        match self {
            Remote::Http(_) => "streamable-http",
            Remote::Sse(_) => "legacy-sse",
            Remote::Modern(_) => "streamable-http (2026-07-28)",
            Remote::ForModernHost(t) => match t.inner() {
                Some(Remote::Sse(_)) => "legacy-sse (for a 2026-07-28 host)",
                _ => "streamable-http (2025-11-25, for a 2026-07-28 host)",
            },
        }
    }
}

/// Map a non-success response to an error. `had_session`: a 404 then means the session is
/// gone rather than "no such endpoint". `sent`: what the request carried, so that an answer
/// from Cloudflare Access rather than the server is explained for what was sent
/// ([`cf_access::classify`] tells); everything else is mapped here, by status.
async fn check_status(
    resp: reqwest::Response,
    had_session: bool,
    sent: Sent,
) -> Result<reqwest::Response, TransportError> {
    let status = resp.status();
    if status.is_success() {
        return Ok(resp);
    }
    let headers = resp.headers().clone();
    let url = resp.url().clone();
    let bytes = read_body(resp, 64 * 1024).await.unwrap_or_default();
    if let Some(answer) = cf_access::classify(status, &headers, &bytes, &sent) {
        return Err(TransportError::Access(Box::new(AccessRefusal {
            answer,
            sent,
        })));
    }
    let www_authenticate = {
        let values: Vec<&str> = headers
            .get_all(http::header::WWW_AUTHENTICATE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect();
        (!values.is_empty()).then(|| values.join(", "))
    };
    let retry_after = crate::backoff::retry_after(
        headers
            .get(http::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok()),
    );
    let location = headers
        .get(http::header::LOCATION)
        .and_then(|v| v.to_str().ok());
    let code = status.as_u16();
    match code {
        401 => {
            return Err(TransportError::Unauthorized {
                www_authenticate,
                bearer: sent.token,
            });
        }
        403 => {
            if let Some(h) = www_authenticate.filter(|h| h.contains("insufficient_scope")) {
                return Err(TransportError::InsufficientScope {
                    www_authenticate: h,
                    bearer: sent.token,
                });
            }
        }
        404 if had_session => return Err(TransportError::SessionExpired),
        _ => {}
    }
    if let Some(l) = location {
        // The client follows redirects within the origin, up to a limit: a redirect to the
        // same origin that comes back means the limit was reached.
        let same_origin = url
            .join(l)
            .is_ok_and(|to| http_client::same_origin(&url, &to));
        let why = if same_origin {
            format!("too many redirects ({})", http_client::MAX_REDIRECTS)
        } else {
            "another origin".to_owned()
        };
        return Err(TransportError::Http {
            status: code,
            body: format!("redirect to {l} (not followed: {why})"),
            retry_after,
        });
    }
    let mut body = String::from_utf8_lossy(&bytes).into_owned();
    let mut cut = body.len().min(4096);
    while !body.is_char_boundary(cut) {
        cut -= 1;
    }
    body.truncate(cut);
    Err(TransportError::Http {
        status: code,
        body,
        retry_after,
    })
}

/// Whether a successful answer is Access's login page; the error that explains it.
pub(crate) fn access_page(
    cfg: &RemoteConfig,
    content_type: &str,
    body: &[u8],
) -> Option<TransportError> {
    login_page::is_login_page(content_type, body).then(|| {
        TransportError::Access(Box::new(AccessRefusal {
            answer: AccessAnswer::LoginPage,
            sent: cfg.sent(),
        }))
    })
}

/// Read a whole body, refusing more than `limit` bytes.
async fn read_body(mut resp: reqwest::Response, limit: usize) -> Result<Bytes, TransportError> {
    let expected = resp.content_length().unwrap_or(0) as usize;
    if expected > limit {
        return Err(TransportError::TooLarge { limit });
    }
    let mut buf = BytesMut::with_capacity(expected.max(1024));
    while let Some(chunk) = resp
        .chunk()
        .await
        .map_err(|e| TransportError::Stream(error::error_chain(&e)))?
    {
        if buf.len() + chunk.len() > limit {
            return Err(TransportError::TooLarge { limit });
        }
        buf.extend_from_slice(&chunk);
    }
    Ok(buf.freeze())
}

pub(crate) fn content_type(resp: &reqwest::Response) -> String {
    resp.headers()
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase()
}
