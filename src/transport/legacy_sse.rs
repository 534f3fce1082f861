//! The legacy HTTP+SSE client (MCP 2024-11-05): a GET opens an event stream whose first event,
//! `endpoint`, names the URL to POST messages to; every answer arrives on that stream. The
//! endpoint must be on the server's origin, so credentials never travel elsewhere. When the
//! stream breaks, requests in flight are reported lost and the next message reconnects.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use tokio::sync::Mutex;
use tokio::task::JoinHandle;
use tracing::{debug, warn};
use url::Url;

use super::http_client::same_origin;
use super::sse::{SseEvent, SseParser};
use super::{Incoming, RemoteConfig, TransportError, check_status, content_type, read_body};
use crate::jsonrpc::Message;

/// How long the server may take to send the `endpoint` event.
const ENDPOINT_TIMEOUT: Duration = Duration::from_secs(15);

struct Connection {
    endpoint: Url,
    alive: Arc<AtomicBool>,
    reader: JoinHandle<()>,
}

/// A legacy HTTP+SSE connection.
pub struct LegacySse {
    cfg: RemoteConfig,
    conn: Mutex<Option<Connection>>,
    generation: AtomicU64,
}

impl LegacySse {
    /// Open the event stream and wait for the `endpoint` event.
    pub async fn connect(cfg: RemoteConfig) -> Result<LegacySse, TransportError> {
        let conn = open(&cfg).await?;
        Ok(LegacySse {
            cfg,
            conn: Mutex::new(Some(conn)),
            generation: AtomicU64::new(1),
        })
    }

    /// POST one message to the endpoint. Answers arrive on the stream.
    pub async fn exchange(&self, msg: &Message) -> Result<(), TransportError> {
        let endpoint = {
            let conn = self.conn.lock().await;
            match conn.as_ref() {
                Some(c) if c.alive.load(Ordering::SeqCst) => c.endpoint.clone(),
                _ => return Err(TransportError::SessionExpired),
            }
        };
        let (req, sent) = self.cfg.prepare(reqwest::Method::POST, &endpoint);
        let req = req
            .header(http::header::CONTENT_TYPE, "application/json")
            .body(msg.bytes().clone());
        let resp = self.cfg.send(req, &endpoint).await?;
        check_status(resp, true, sent).await.map(drop)
    }

    /// Drop the current stream and open a new one (a new server-side session).
    pub async fn reconnect(&self) -> Result<(), TransportError> {
        let mut conn = self.conn.lock().await;
        if let Some(old) = conn.take() {
            old.reader.abort();
        }
        *conn = Some(open(&self.cfg).await?);
        self.generation.fetch_add(1, Ordering::SeqCst);
        Ok(())
    }

    pub fn session_generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    pub fn close(&self) {
        if let Ok(mut conn) = self.conn.try_lock()
            && let Some(c) = conn.take()
        {
            c.reader.abort();
        }
    }
}

impl Drop for LegacySse {
    fn drop(&mut self) {
        self.close();
    }
}

async fn open(cfg: &RemoteConfig) -> Result<Connection, TransportError> {
    let (req, sent) = cfg.prepare(reqwest::Method::GET, &cfg.url);
    let req = req.header(http::header::ACCEPT, "text/event-stream");
    let resp = cfg.send(req, &cfg.url).await?;
    let mut resp = check_status(resp, false, sent).await?;
    let ctype = content_type(&resp);
    if ctype.starts_with("text/html") {
        let body = read_body(resp, 64 * 1024).await.unwrap_or_default();
        if let Some(e) = super::access_page(cfg, &ctype, &body) {
            return Err(e);
        }
        return Err(TransportError::Http {
            status: 400,
            body: format!("GET {} returned a web page, not an event stream", cfg.url),
            retry_after: None,
        });
    }
    if !ctype.starts_with("text/event-stream") {
        return Err(TransportError::Http {
            status: 400,
            body: format!("GET {} did not return an event stream", cfg.url),
            retry_after: None,
        });
    }
    let mut parser = SseParser::new(cfg.max_message_size);
    let endpoint = tokio::time::timeout(ENDPOINT_TIMEOUT, async {
        loop {
            while let Some(ev) = parser.next_event() {
                if ev.event.as_deref() == Some("endpoint") {
                    return Ok(ev.data);
                }
            }
            match resp.chunk().await {
                Ok(Some(c)) => parser
                    .feed(&c)
                    .map_err(|e| TransportError::TooLarge { limit: e.limit })?,
                Ok(None) => {
                    return Err(TransportError::Protocol(
                        "the SSE stream ended before the endpoint event".into(),
                    ));
                }
                Err(e) => return Err(TransportError::Stream(e.to_string())),
            }
        }
    })
    .await
    .map_err(|_| TransportError::Protocol("no endpoint event from the SSE stream".into()))??;
    let endpoint = cfg
        .url
        .join(endpoint.trim())
        .map_err(|e| TransportError::Protocol(format!("bad endpoint event: {e}")))?;
    if !same_origin(&cfg.url, &endpoint) {
        return Err(TransportError::Protocol(format!(
            "the server named a message endpoint on another origin ({}); refused, so that credentials stay with {}",
            endpoint.origin().ascii_serialization(),
            cfg.url.origin().ascii_serialization()
        )));
    }
    debug!(endpoint = %endpoint, "legacy SSE connected");
    let alive = Arc::new(AtomicBool::new(true));
    let reader = tokio::spawn(read_stream(cfg.clone(), resp, parser, alive.clone()));
    Ok(Connection {
        endpoint,
        alive,
        reader,
    })
}

async fn read_stream(
    cfg: RemoteConfig,
    mut resp: reqwest::Response,
    mut parser: SseParser,
    alive: Arc<AtomicBool>,
) {
    let detail = loop {
        while let Some(ev) = parser.next_event() {
            deliver_event(&cfg, ev).await;
        }
        match resp.chunk().await {
            Ok(Some(c)) => {
                if let Err(e) = parser.feed(&c) {
                    break e.to_string();
                }
            }
            Ok(None) => break "the server closed the SSE stream".to_owned(),
            Err(e) => break super::error::error_chain(&e),
        }
    };
    alive.store(false, Ordering::SeqCst);
    warn!(detail = %detail, "legacy SSE stream lost");
    let _ = cfg.inbound.send(Incoming::StreamLost { detail }).await;
}

async fn deliver_event(cfg: &RemoteConfig, ev: SseEvent) {
    if ev.data.is_empty() || !matches!(ev.event.as_deref(), None | Some("message")) {
        return;
    }
    match Message::parse(ev.data.into_bytes()) {
        Ok(m) => cfg.deliver(m).await,
        Err(e) => warn!(error = %e, "skipping an event that is not JSON-RPC"),
    }
}
