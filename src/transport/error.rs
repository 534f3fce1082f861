//! Errors talking to the remote server, with the classifiers the relay loop needs: which
//! errors are worth retrying, which are authorization challenges, which mean the session is
//! gone.

use std::time::Duration;

use crate::oauth::challenge::BearerChallenge;
use crate::secret::Secret;

/// What went wrong on the way to or from the remote server.
#[derive(Debug, thiserror::Error)]
pub enum TransportError {
    /// HTTP 401: the server wants (new) credentials. `www_authenticate` is the raw header;
    /// `bearer`, the bridge's token the refused request carried (`None`: it carried none).
    #[error("{}", unauthorized(.www_authenticate.as_deref(), .bearer.is_some()))]
    Unauthorized {
        www_authenticate: Option<String>,
        bearer: Option<Secret>,
    },

    /// HTTP 403 with `error="insufficient_scope"`: the credential needs more scope.
    #[error("the server requires more scope (HTTP 403 insufficient_scope)")]
    InsufficientScope {
        www_authenticate: String,
        bearer: Option<Secret>,
    },

    /// The server asked for a credential (401 or 403 insufficient_scope) and none could be put
    /// in place: the words of the sign-in or refresh that failed, and of the server's refusal.
    #[error("{0}")]
    NotAuthorized(String),

    /// The server no longer knows the session (HTTP 404 while holding a session id, or the
    /// legacy SSE stream is gone). The bridge re-initializes and resends.
    #[error("the server forgot the session")]
    SessionExpired,

    /// Any other non-success HTTP status.
    #[error("the server answered HTTP {status}{}", reason(.body))]
    Http {
        status: u16,
        body: String,
        retry_after: Option<Duration>,
    },

    /// No connection could be made (refused, DNS, TLS). Nothing reached the server.
    #[error("cannot reach {url}: {detail}")]
    Connect {
        url: String,
        detail: String,
        failure: ConnectFailure,
    },

    /// The server did not answer in time.
    #[error("the server did not answer in time")]
    Timeout,

    /// The connection or stream broke after the request was sent.
    #[error("the connection to the server broke: {0}")]
    Stream(String),

    /// The server answered with something that is not MCP over HTTP.
    #[error("the server sent something that is not MCP: {0}")]
    Protocol(String),

    /// The server did not answer a request of the bridge's own (`initialize`, or one it sends
    /// for a 2026-07-28 host) in time.
    #[error("the server did not answer {method} in time")]
    NoAnswer { method: String },

    /// The server answered a request of the bridge's own with a JSON-RPC error.
    #[error("the server refused {method}: {error}")]
    Refused {
        method: String,
        error: serde_json::Value,
    },

    /// The bridge's own state, not the server: a message that needs a session came before
    /// the session was set up.
    #[error("no session with the server yet: {0}")]
    NoSession(&'static str),

    /// Neither Streamable HTTP nor HTTP+SSE works: what each said.
    #[error("neither transport works: Streamable HTTP: {http}; HTTP+SSE: {sse}")]
    NeitherTransport {
        http: Box<TransportError>,
        sse: Box<TransportError>,
    },

    /// Cloudflare Access answered instead of the server: its browser login (a redirect or the
    /// page), its block page, or a refusal of the service token.
    #[error("{0}")]
    Access(Box<crate::cf_access::refusal::AccessRefusal>),

    /// The server answered a 2026-07-28 request the way an initialize-based server does.
    #[error(
        "the server does not speak the 2026-07-28 revision ({0}); run without --protocol modern"
    )]
    NotModern(String),

    /// A message the bridge must rewrite between protocol revisions but cannot hold as a value
    /// (nested more than 128 levels deep). Relaying it unchanged would be wrong, so it is
    /// answered with this error instead.
    #[error("cannot translate this message between protocol revisions: {0}")]
    Untranslatable(String),

    /// A message larger than --max-message-size.
    #[error("the server sent a message larger than {limit} bytes (see --max-message-size)")]
    TooLarge { limit: usize },
}

/// Why no connection could be made, where the way out differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConnectFailure {
    /// The server's TLS certificate was not accepted: not signed by a trusted authority,
    /// expired, for another name, or nothing to check it against.
    Certificate,
    /// Anything else: refused, DNS, unreachable, a handshake that broke.
    Other,
}

impl ConnectFailure {
    /// The failure behind `e`, read from the errors in its chain (rustls's own error, also
    /// where an `io::Error` carries it), not from their text.
    pub fn of(e: &(dyn std::error::Error + 'static)) -> ConnectFailure {
        let mut next = Some(e);
        while let Some(err) = next {
            if err
                .downcast_ref::<rustls::Error>()
                .is_some_and(is_certificate_error)
            {
                return ConnectFailure::Certificate;
            }
            // `io::Error::source` skips the error it carries (it gives that one's source).
            if let Some(inner) = err
                .downcast_ref::<std::io::Error>()
                .and_then(std::io::Error::get_ref)
                && ConnectFailure::of(inner) == ConnectFailure::Certificate
            {
                return ConnectFailure::Certificate;
            }
            next = err.source();
        }
        ConnectFailure::Other
    }
}

/// A TLS error about the server's certificate, or about having nothing to check it against.
fn is_certificate_error(e: &rustls::Error) -> bool {
    match e {
        rustls::Error::InvalidCertificate(_) | rustls::Error::NoCertificatesPresented => true,
        rustls::Error::Other(other) => other
            .0
            .downcast_ref::<super::trust::NoTrustedRoots>()
            .is_some(),
        _ => false,
    }
}

/// How a 401 reads: a refusal of the token sent (with the server's `error` and
/// `error_description`, hidden secrets and all on one line), or a request for one.
fn unauthorized(www_authenticate: Option<&str>, token_sent: bool) -> String {
    if !token_sent {
        return "the server requires authorization (HTTP 401)".into();
    }
    let said = www_authenticate
        .and_then(BearerChallenge::from_header)
        .and_then(|c| c.refusal())
        .map(|r| format!(": {}", excerpt(&r, 300)))
        .unwrap_or_default();
    format!("the server refused the access token (HTTP 401{said})")
}

impl From<crate::jsonrpc::ParseError> for TransportError {
    fn from(e: crate::jsonrpc::ParseError) -> Self {
        TransportError::Untranslatable(e.to_string())
    }
}

/// `": <what the body says>"` for an error message (empty for an empty body): the title of
/// an HTML page, else the first 200 characters, known secrets hidden.
pub fn reason(body: &str) -> String {
    let body = body.trim();
    if body.is_empty() {
        return String::new();
    }
    // An HTML error page says little in its first bytes of markup: show its title.
    let lower = body
        .get(..body.len().min(512))
        .unwrap_or(body)
        .to_ascii_lowercase();
    if lower.starts_with("<!doctype html") || lower.starts_with("<html") {
        let title = lower
            .find("<title>")
            .and_then(|i| {
                let rest = &body[i + 7..];
                rest.find("</").map(|j| rest[..j].trim())
            })
            .filter(|t| !t.is_empty());
        return match title {
            Some(t) => format!(": an HTML page, \"{}\"", excerpt(t, 120)),
            None => ": an HTML page".into(),
        };
    }
    format!(": {}", excerpt(body, 200))
}

/// The first `max` characters of `s`, on one line: how text from outside (an error body, a
/// page title) is shown. Known secrets in it are hidden first.
pub fn excerpt(s: &str, max: usize) -> String {
    let one_line: String = crate::secret::redact(s)
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    match one_line.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &one_line[..i]),
        None => one_line,
    }
}

impl TransportError {
    /// No connection, because the server's TLS certificate was not accepted (the way out is a
    /// `--ca-file`, not a retry of the network).
    pub fn is_certificate_failure(&self) -> bool {
        matches!(
            self,
            TransportError::Connect {
                failure: ConnectFailure::Certificate,
                ..
            }
        )
    }

    /// Worth trying again after a pause: nothing was processed by the server.
    pub fn is_retryable(&self) -> bool {
        match self {
            TransportError::Connect { .. } => true,
            TransportError::Http { status, .. } => matches!(status, 429 | 502 | 503 | 504),
            _ => false,
        }
    }

    /// The `WWW-Authenticate` challenge when this is an authorization error.
    pub fn auth_challenge(&self) -> Option<&str> {
        match self {
            TransportError::Unauthorized {
                www_authenticate, ..
            } => www_authenticate.as_deref(),
            TransportError::InsufficientScope {
                www_authenticate, ..
            } => Some(www_authenticate),
            _ => None,
        }
    }

    /// The bridge's bearer token that an authorization error refused, as the request carried
    /// it (the credential in use may have changed since).
    pub fn refused_bearer(&self) -> Option<&Secret> {
        match self {
            TransportError::Unauthorized { bearer, .. }
            | TransportError::InsufficientScope { bearer, .. } => bearer.as_ref(),
            _ => None,
        }
    }

    /// Whether a (new) credential is what the server wants: a 401, with or without a
    /// `WWW-Authenticate` challenge (without one, sign-in discovers the metadata at the
    /// well-known locations), or `403 insufficient_scope`.
    pub fn wants_authorization(&self) -> bool {
        matches!(
            self,
            TransportError::Unauthorized { .. } | TransportError::InsufficientScope { .. }
        )
    }

    /// The HTTP status, if the server answered with one.
    pub fn status(&self) -> Option<u16> {
        match self {
            TransportError::Unauthorized { .. } | TransportError::NotAuthorized(_) => Some(401),
            TransportError::InsufficientScope { .. } => Some(403),
            TransportError::SessionExpired => Some(404),
            TransportError::Http { status, .. } => Some(*status),
            TransportError::Access(r) => r.status(),
            _ => None,
        }
    }

    /// A status that means "this is not a Streamable HTTP endpoint" on a first POST (or "not an
    /// SSE endpoint" on a first GET): the trigger for the transport fallback.
    pub fn is_fallback_trigger(&self) -> bool {
        matches!(self.status(), Some(400 | 404 | 405))
            && !matches!(self, TransportError::SessionExpired)
            && !self.is_modern_era_error()
    }

    /// A 400 whose body is a JSON-RPC error of the 2026-07-28 revision (-32020 header
    /// mismatch, -32021 missing capability, -32022 unsupported version): the server speaks
    /// Streamable HTTP, so falling back to HTTP+SSE would be wrong.
    pub fn is_modern_era_error(&self) -> bool {
        let TransportError::Http {
            status: 400, body, ..
        } = self
        else {
            return false;
        };
        serde_json::from_str::<serde_json::Value>(body)
            .ok()
            .and_then(|v| v["error"]["code"].as_i64())
            .is_some_and(|c| (-32022..=-32020).contains(&c))
    }

    /// The JSON-RPC error response in the body of an HTTP error, if there is one.
    pub fn jsonrpc_error(&self) -> Option<serde_json::Value> {
        let TransportError::Http { body, .. } = self else {
            return None;
        };
        let v: serde_json::Value = serde_json::from_str(body).ok()?;
        v["error"]["code"].is_i64().then_some(v)
    }

    /// An answer to a 2026-07-28 request that only an initialize-based server gives: 400, 404
    /// or 405 without a modern error in the body (a 404 carrying JSON-RPC "method not found"
    /// is a modern server that lacks the method).
    pub fn is_legacy_answer(&self) -> bool {
        let Some(status @ (400 | 404 | 405)) = self.status() else {
            return false;
        };
        if matches!(self, TransportError::SessionExpired) || self.is_modern_era_error() {
            return false;
        }
        let unknown_method = self
            .jsonrpc_error()
            .is_some_and(|b| b["error"]["code"] == -32601);
        !(status == 404 && unknown_method)
    }

    /// Map a reqwest error that happened while sending.
    pub fn from_send(url: &url::Url, e: reqwest::Error) -> TransportError {
        if e.is_timeout() {
            TransportError::Timeout
        } else if e.is_connect() {
            TransportError::Connect {
                url: url.as_str().to_owned(),
                detail: connect_reason(&e),
                failure: ConnectFailure::of(&e),
            }
        } else {
            TransportError::Stream(error_chain(&e))
        }
    }
}

/// Why a connection could not be made, in a few words: the innermost cause ("connection
/// refused", "dns error: …"), without the URL and the layers that only repeat it.
pub fn connect_reason(e: &(dyn std::error::Error + 'static)) -> String {
    let mut innermost: &(dyn std::error::Error + 'static) = e;
    let mut src = e.source();
    while let Some(s) = src {
        if let Some(io) = s.downcast_ref::<std::io::Error>() {
            let reason = match io.kind() {
                std::io::ErrorKind::ConnectionRefused => Some("connection refused"),
                std::io::ErrorKind::ConnectionReset => Some("connection reset"),
                std::io::ErrorKind::TimedOut => Some("timed out"),
                std::io::ErrorKind::HostUnreachable => Some("host unreachable"),
                std::io::ErrorKind::NetworkUnreachable => Some("network unreachable"),
                std::io::ErrorKind::AddrNotAvailable => Some("address not available"),
                _ => None,
            };
            if let Some(r) = reason {
                return r.to_owned();
            }
        }
        innermost = s;
        src = s.source();
    }
    let text = innermost.to_string();
    // "… (os error 111)" says nothing more to a person.
    match text.find(" (os error") {
        Some(i) => text[..i].to_owned(),
        None => text,
    }
}

/// An error and its sources on one line, "a: b: c".
pub fn error_chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut src = e.source();
    while let Some(s) = src {
        let text = s.to_string();
        if !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        src = s.source();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies() {
        let e = TransportError::Http {
            status: 503,
            body: String::new(),
            retry_after: None,
        };
        assert!(e.is_retryable());
        assert!(!e.is_fallback_trigger());
        let e = TransportError::Http {
            status: 405,
            body: "<html>\nno</html>".into(),
            retry_after: None,
        };
        assert!(e.is_fallback_trigger());
        assert_eq!(e.to_string(), "the server answered HTTP 405: an HTML page");
        let e = TransportError::Http {
            status: 502,
            body: "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>…</body></html>".into(),
            retry_after: None,
        };
        assert_eq!(
            e.to_string(),
            "the server answered HTTP 502: an HTML page, \"502 Bad Gateway\""
        );
        let e = TransportError::Http {
            status: 500,
            body: "oops\nline two".into(),
            retry_after: None,
        };
        assert_eq!(e.to_string(), "the server answered HTTP 500: oops line two");
        assert!(!TransportError::SessionExpired.is_fallback_trigger());
        let modern = TransportError::Http {
            status: 400,
            body: r#"{"jsonrpc":"2.0","id":0,"error":{"code":-32020,"message":"Missing MCP-Protocol-Version header"}}"#.into(),
            retry_after: None,
        };
        assert!(modern.is_modern_era_error() && !modern.is_fallback_trigger());
        let e = TransportError::InsufficientScope {
            www_authenticate: "Bearer error=\"insufficient_scope\"".into(),
            bearer: None,
        };
        assert_eq!(
            e.auth_challenge(),
            Some("Bearer error=\"insufficient_scope\"")
        );
    }

    #[test]
    fn a_refused_token_is_told_with_the_servers_words() {
        let asked = TransportError::Unauthorized {
            www_authenticate: Some(r#"Bearer resource_metadata="https://m.test/prm""#.into()),
            bearer: None,
        };
        assert_eq!(
            asked.to_string(),
            "the server requires authorization (HTTP 401)"
        );
        let refused = TransportError::Unauthorized {
            www_authenticate: Some(
                r#"Bearer error="expired_token", error_description="The token expired at 12:00""#
                    .into(),
            ),
            bearer: Some(Secret::new("at-refused-1")),
        };
        assert_eq!(
            refused.to_string(),
            "the server refused the access token (HTTP 401: expired_token, \"The token expired at 12:00\")"
        );
        assert_eq!(refused.refused_bearer().unwrap().expose(), "at-refused-1");
        let bare = TransportError::Unauthorized {
            www_authenticate: None,
            bearer: Some(Secret::new("at-refused-2")),
        };
        assert_eq!(
            bare.to_string(),
            "the server refused the access token (HTTP 401)"
        );
    }

    /// An error wrapping another, as hyper's and reqwest's wrap the connector's.
    #[derive(Debug)]
    struct Layer(&'static str, Box<dyn std::error::Error + Send + Sync>);

    impl std::fmt::Display for Layer {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(self.0)
        }
    }

    impl std::error::Error for Layer {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            Some(self.1.as_ref())
        }
    }

    fn through_io(inner: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Layer {
        Layer(
            "error sending request",
            Box::new(Layer(
                "client error (Connect)",
                Box::new(std::io::Error::other(inner)),
            )),
        )
    }

    #[test]
    fn a_certificate_failure_is_known_by_its_type_not_its_words() {
        let unknown_issuer =
            rustls::Error::InvalidCertificate(rustls::CertificateError::UnknownIssuer);
        assert_eq!(
            ConnectFailure::of(&through_io(unknown_issuer)),
            ConnectFailure::Certificate
        );
        let no_roots = rustls::Error::Other(rustls::OtherError(std::sync::Arc::new(
            crate::transport::trust::NoTrustedRoots,
        )));
        assert_eq!(
            ConnectFailure::of(&through_io(no_roots)),
            ConnectFailure::Certificate
        );
        let alert = rustls::Error::AlertReceived(rustls::AlertDescription::HandshakeFailure);
        assert_eq!(
            ConnectFailure::of(&through_io(alert)),
            ConnectFailure::Other
        );
        // Words are not enough: a failure that only mentions certificates is another failure.
        assert_eq!(
            ConnectFailure::of(&through_io("the certificate store said hello")),
            ConnectFailure::Other
        );
        let refused = std::io::Error::from(std::io::ErrorKind::ConnectionRefused);
        assert_eq!(
            ConnectFailure::of(&Layer("client error (Connect)", Box::new(refused))),
            ConnectFailure::Other
        );
    }

    #[test]
    fn only_a_connection_refused_for_its_certificate_is_a_certificate_failure() {
        let connect = |failure| TransportError::Connect {
            url: "https://m.test/".into(),
            detail: "invalid peer certificate: UnknownIssuer".into(),
            failure,
        };
        assert!(connect(ConnectFailure::Certificate).is_certificate_failure());
        assert!(!connect(ConnectFailure::Other).is_certificate_failure());
        assert!(!TransportError::Timeout.is_certificate_failure());
    }

    #[test]
    fn excerpt_cuts_on_char_boundaries() {
        assert_eq!(excerpt("héllo wörld", 4), "héll…");
        assert_eq!(excerpt("ok", 4), "ok");
    }
}
