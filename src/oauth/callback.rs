//! The loopback callback: a small HTTP server on 127.0.0.1 that receives the authorization
//! response. It listens before the browser opens. A request with the wrong `state`, an `error`
//! or no `code` gets a page explaining it and the wait goes on, until the right callback or the
//! timeout. The `iss` parameter is checked (RFC 9207) before the code is accepted. The port is
//! released as soon as the code is in. Connections are bounded in number and time
//! ([`super::callback_guard`]), so nothing else that connects can keep the callback out.

use std::net::SocketAddr;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::Full;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::sync::mpsc;

use super::callback_guard::{self, Connections, accept_with_backoff};
use super::callback_page::{self as page, Outcome as Page};
use crate::secret::Secret;

/// Why no code was received.
#[derive(Debug, thiserror::Error)]
pub enum CallbackError {
    #[error("cannot listen for the sign-in callback on 127.0.0.1:{port}: {detail}")]
    Bind { port: u16, detail: String },
    #[error("no sign-in within {seconds} seconds{}", last.as_ref().map(|l| format!(" (last callback: {l})")).unwrap_or_default())]
    Timeout { seconds: u64, last: Option<String> },
    #[error(
        "the authorization response names issuer {got:?}, but the sign-in started at {expected:?}; refused (possible mix-up attack)"
    )]
    IssuerMismatch { expected: String, got: String },
    #[error("the authorization server supports the iss parameter but sent none; refused")]
    IssuerMissing,
}

/// Which ports to try.
#[derive(Debug, Clone, Copy)]
pub enum PortChoice {
    /// Exactly this port (pre-registered redirect URIs).
    Fixed(u16),
    /// This port or one of the next few, else any free port.
    Preferred(u16),
}

/// What the authorization response must satisfy.
#[derive(Debug, Clone)]
pub struct Expectation {
    pub state: String,
    /// The issuer recorded before the browser opened.
    pub issuer: String,
    /// The server's metadata says `authorization_response_iss_parameter_supported`.
    pub iss_required: bool,
}

/// A bound callback listener.
pub struct CallbackServer {
    listener: TcpListener,
    redirect_uri: String,
    /// The MCP server signed in to, named on the pages.
    server: String,
}

impl CallbackServer {
    pub async fn bind(
        ports: PortChoice,
        host: &str,
        path: &str,
    ) -> Result<CallbackServer, CallbackError> {
        let path = if path.starts_with('/') {
            path.to_owned()
        } else {
            format!("/{path}")
        };
        let candidates: Vec<u16> = match ports {
            PortChoice::Fixed(p) => vec![p],
            PortChoice::Preferred(p) => (0..8).map(|i| p.saturating_add(i)).chain([0]).collect(),
        };
        let mut last = String::new();
        for port in &candidates {
            match TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], *port))).await {
                Ok(listener) => {
                    let port = listener.local_addr().map(|a| a.port()).unwrap_or(*port);
                    return Ok(CallbackServer {
                        listener,
                        redirect_uri: format!("http://{host}:{port}{path}"),
                        server: "the server".into(),
                    });
                }
                Err(e) => last = e.to_string(),
            }
        }
        Err(CallbackError::Bind {
            port: candidates[0],
            detail: last,
        })
    }

    /// Name `server` on the pages the browser shows.
    pub fn for_server(mut self, server: &str) -> Self {
        self.server = server.to_owned();
        self
    }

    pub fn redirect_uri(&self) -> &str {
        &self.redirect_uri
    }

    pub fn port(&self) -> u16 {
        self.listener.local_addr().map(|a| a.port()).unwrap_or(0)
    }

    /// Serve until a callback with the right `state` and a `code` arrives. Consumes the server,
    /// so the port is free when this returns.
    pub async fn wait(
        self,
        expect: Expectation,
        timeout: Duration,
    ) -> Result<Secret, CallbackError> {
        let path = url::Url::parse(&self.redirect_uri)
            .map(|u| u.path().to_owned())
            .unwrap_or_else(|_| "/".into());
        let (tx, mut rx) = mpsc::channel::<Outcome>(8);
        let deadline = tokio::time::sleep(timeout);
        tokio::pin!(deadline);
        let mut last: Option<String> = None;
        let mut connections = Connections::default();
        loop {
            tokio::select! {
                (stream, peer) = accept_with_backoff(|| self.listener.accept()) => {
                    if !peer.ip().is_loopback() {
                        continue; // bound to 127.0.0.1, so this cannot happen; never serve it
                    }
                    let tx = tx.clone();
                    let expect = expect.clone();
                    let path = path.clone();
                    let server = self.server.clone();
                    connections.make_room();
                    let task = tokio::spawn(async move {
                        let svc = service_fn(move |req: Request<hyper::body::Incoming>| {
                            let (outcome, resp) = judge(&req, &path, &expect, &server);
                            let tx = tx.clone();
                            async move {
                                if let Some(o) = outcome {
                                    let _ = tx.send(o).await;
                                }
                                Ok::<_, std::convert::Infallible>(resp)
                            }
                        });
                        let conn = callback_guard::http1().serve_connection(TokioIo::new(stream), svc);
                        let _ = tokio::time::timeout(callback_guard::CONNECTION_TIME, conn).await;
                    });
                    connections.add(task.abort_handle());
                }
                Some(outcome) = rx.recv() => match outcome {
                    Outcome::Code(code) => return Ok(code),
                    Outcome::Fatal(e) => return Err(e),
                    Outcome::Retry(why) => last = Some(why),
                },
                () = &mut deadline => {
                    return Err(CallbackError::Timeout { seconds: timeout.as_secs(), last });
                }
            }
        }
    }
}

enum Outcome {
    Code(Secret),
    Retry(String),
    Fatal(CallbackError),
}

/// What an authorization response on the callback path means.
#[derive(Debug)]
pub enum Verdict {
    Code(Secret),
    /// Not the response being waited for: its `state` differs.
    WrongState,
    /// The right `state`, but an `error` from the authorization server.
    Denied(String),
    /// The right `state`, but no code.
    NoCode,
    /// The `iss` check failed (RFC 9207).
    Refused(CallbackError),
}

/// Judge a callback's query string. `state` is checked first, then `iss` — before anything
/// else in the response is looked at.
pub fn classify(query: &str, expect: &Expectation) -> Verdict {
    let params: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    let get = |k: &str| params.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    if get("state") != Some(expect.state.as_str()) {
        return Verdict::WrongState;
    }
    match get("iss") {
        Some(iss) if iss != expect.issuer => {
            return Verdict::Refused(CallbackError::IssuerMismatch {
                expected: expect.issuer.clone(),
                got: iss.to_owned(),
            });
        }
        None if expect.iss_required => return Verdict::Refused(CallbackError::IssuerMissing),
        _ => {}
    }
    if let Some(err) = get("error") {
        let desc = get("error_description")
            .map(|d| format!(": {d}"))
            .unwrap_or_default();
        let text = format!("the authorization server answered {err:?}{desc}");
        return Verdict::Denied(crate::secret::redact(&text).into_owned());
    }
    match get("code").filter(|c| !c.is_empty()) {
        Some(code) => Verdict::Code(Secret::new(code)),
        None => Verdict::NoCode,
    }
}

/// Decide what a callback request means and the page to show.
fn judge(
    req: &Request<hyper::body::Incoming>,
    path: &str,
    expect: &Expectation,
    server: &str,
) -> (Option<Outcome>, Response<Full<Bytes>>) {
    if req.uri().path() != path {
        return (None, page::response(Page::NotFound, server));
    }
    match classify(req.uri().query().unwrap_or(""), expect) {
        Verdict::WrongState => (
            Some(Outcome::Retry("a callback with an unknown state".into())),
            page::response(Page::UnknownSignIn, server),
        ),
        Verdict::Refused(e) => (
            Some(Outcome::Fatal(e)),
            page::response(Page::Refused, server),
        ),
        Verdict::Denied(why) => {
            let resp = page::response(Page::NotGranted(&why), server);
            (Some(Outcome::Retry(why)), resp)
        }
        Verdict::NoCode => (
            Some(Outcome::Retry("a callback without a code".into())),
            page::response(Page::NoCode, server),
        ),
        Verdict::Code(code) => (
            Some(Outcome::Code(code)),
            page::response(Page::SignedIn, server),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn get(url: &str) -> (u16, String) {
        let r = reqwest::get(url).await.unwrap();
        (r.status().as_u16(), r.text().await.unwrap())
    }

    fn expect(iss_required: bool) -> Expectation {
        Expectation {
            state: "st-1".into(),
            issuer: "https://as.test".into(),
            iss_required,
        }
    }

    #[tokio::test]
    async fn wrong_state_error_and_missing_code_do_not_end_the_wait() {
        let server = CallbackServer::bind(PortChoice::Preferred(0), "127.0.0.1", "/cb")
            .await
            .unwrap();
        assert_eq!(
            server.listener.local_addr().unwrap().ip().to_string(),
            "127.0.0.1"
        );
        let base = server.redirect_uri().to_owned();
        let waiter = tokio::spawn(server.wait(expect(false), Duration::from_secs(10)));
        let (s, body) = get(&format!("{base}?code=evil&state=other")).await;
        assert_eq!(s, 400);
        assert!(body.contains("belongs to another sign-in"), "{body}");
        let (s, _) = get(&format!("{base}?error=access_denied&state=st-1")).await;
        assert_eq!(s, 400);
        let (s, _) = get(&format!("{base}?state=st-1")).await;
        assert_eq!(s, 400);
        let (s, _) = get(&format!("{base}x?code=c&state=st-1")).await;
        assert_eq!(s, 404);
        let (s, body) = get(&format!(
            "{base}?code=the-code&state=st-1&iss=https%3A%2F%2Fas.test"
        ))
        .await;
        assert_eq!(s, 200);
        assert!(!body.contains("the-code"), "the page shows nothing secret");
        let code = waiter.await.unwrap().unwrap();
        assert_eq!(code.expose(), "the-code");
    }

    #[tokio::test]
    async fn issuer_rules_rfc9207() {
        // Wrong iss: refused, and the wait ends with an error.
        let server = CallbackServer::bind(PortChoice::Preferred(0), "localhost", "/cb")
            .await
            .unwrap();
        let base = server.redirect_uri().replace("localhost", "127.0.0.1");
        let waiter = tokio::spawn(server.wait(expect(false), Duration::from_secs(10)));
        // Compared exactly: a trailing slash is a different issuer.
        get(&format!(
            "{base}?code=c&state=st-1&iss=https%3A%2F%2Fas.test%2F"
        ))
        .await;
        assert!(matches!(
            waiter.await.unwrap(),
            Err(CallbackError::IssuerMismatch { .. })
        ));
        // Required but missing.
        let server = CallbackServer::bind(PortChoice::Preferred(0), "127.0.0.1", "/cb")
            .await
            .unwrap();
        let base = server.redirect_uri().to_owned();
        let waiter = tokio::spawn(server.wait(expect(true), Duration::from_secs(10)));
        get(&format!("{base}?code=c&state=st-1")).await;
        assert!(matches!(
            waiter.await.unwrap(),
            Err(CallbackError::IssuerMissing)
        ));
    }

    #[tokio::test]
    async fn times_out_and_frees_the_port() {
        let server = CallbackServer::bind(PortChoice::Preferred(0), "127.0.0.1", "cb")
            .await
            .unwrap();
        let port = server.port();
        assert!(server.redirect_uri().ends_with("/cb"));
        let e = server
            .wait(expect(false), Duration::from_millis(100))
            .await
            .unwrap_err();
        assert!(matches!(e, CallbackError::Timeout { .. }));
        // The port is free again: a fixed bind on it works.
        let again = CallbackServer::bind(PortChoice::Fixed(port), "127.0.0.1", "/cb").await;
        assert!(again.is_ok());
    }

    #[tokio::test]
    async fn a_busy_fixed_port_is_an_error() {
        let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = taken.local_addr().unwrap().port();
        assert!(matches!(
            CallbackServer::bind(PortChoice::Fixed(port), "127.0.0.1", "/cb").await,
            Err(CallbackError::Bind { .. })
        ));
        let moved = CallbackServer::bind(PortChoice::Preferred(port), "127.0.0.1", "/cb")
            .await
            .unwrap();
        assert_ne!(moved.port(), port);
    }
}
