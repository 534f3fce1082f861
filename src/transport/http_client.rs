//! Every HTTP client of the bridge is built here, by [`build`], from one [`NetworkSettings`] value (the
//! `--ca-file`, `--no-proxy`, `--ipv4` and `--connect-timeout` a command was given) and the
//! [`Purpose`] it serves: the MCP server, the authorization server (discovery, registration,
//! token, revocation, JWKS) and Cloudflare Access, a one-off probe, the Meraki Dashboard. So a
//! network setting reaches every request of a command, and no request goes out with defaults
//! of its own.
//!
//! All clients: rustls with the operating system's trust store plus `--ca-file` (one verifier
//! for the process, made at the first handshake: [`super::trust`]), proxies from
//! the environment unless `--no-proxy`, IPv4 only with `--ipv4`, the bridge's user agent (the
//! Dashboard's own format for Meraki). What the purpose sets: redirects (followed only within
//! the same origin for the MCP server, so that a bearer token never travels to another host;
//! never for the others, whose answers are read as they are) and timeouts (none overall for
//! the MCP server, whose SSE streams may idle for hours; `--body-timeout` sets an idle limit).

use std::time::Duration;

use url::Url;

use crate::settings::{NetworkSettings, ProxyChoice};

/// What a client is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// The MCP server: redirects within its origin, no overall timeout; `read_timeout` limits
    /// how long a response may stay silent (`--body-timeout`).
    Mcp { read_timeout: Option<Duration> },
    /// The authorization server and Cloudflare Access: no redirects, 60 s per request.
    OAuth,
    /// One look at a server (the sign-in probe, a service token check, an import's
    /// discovery): no redirects, 15 s.
    Probe,
    /// The Meraki Dashboard: no redirects (they are followed by hand), its own user agent,
    /// `timeout` per request.
    Meraki {
        timeout: Duration,
        user_agent: &'static str,
    },
}

/// A setting that makes the client impossible to build.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    #[error("cannot read --ca-file {path}: {detail}")]
    CaFile { path: String, detail: String },
    #[error("cannot set up HTTPS: {0}")]
    Build(String),
    #[error("{0}")]
    Policy(String),
}

/// The bridge's user agent.
pub use crate::settings::network::USER_AGENT;

/// The one way to make an HTTP client (see the module documentation).
pub fn build(net: &NetworkSettings, purpose: Purpose) -> Result<reqwest::Client, ClientError> {
    let mut b = reqwest::Client::builder()
        .connect_timeout(net.connect_timeout)
        .tcp_nodelay(true);
    b = match purpose {
        Purpose::Mcp { read_timeout } => {
            let b = b
                .user_agent(net.user_agent)
                .redirect(same_origin_redirects())
                .pool_idle_timeout(Duration::from_secs(90));
            match read_timeout {
                Some(t) => b.read_timeout(t),
                None => b,
            }
        }
        Purpose::OAuth => b
            .user_agent(net.user_agent)
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(60)),
        Purpose::Probe => b
            .user_agent(net.user_agent)
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(15)),
        Purpose::Meraki {
            timeout,
            user_agent,
        } => b
            .user_agent(user_agent)
            .redirect(reqwest::redirect::Policy::none())
            .timeout(timeout),
    };
    if net.proxy == ProxyChoice::Direct {
        b = b.no_proxy();
    }
    if net.ipv4 {
        b = b.local_address(Some(std::net::Ipv4Addr::UNSPECIFIED.into()));
    }
    let mut extra_roots = Vec::new();
    if let Some(path) = &net.ca_file {
        use rustls::pki_types::{CertificateDer, pem::PemObject};
        let ca_err = |detail: String| ClientError::CaFile {
            path: path.display().to_string(),
            detail,
        };
        let pem = std::fs::read(path).map_err(|e| ca_err(e.to_string()))?;
        extra_roots = CertificateDer::pem_slice_iter(&pem)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| ca_err(e.to_string()))?;
        if extra_roots.is_empty() {
            return Err(ca_err("no PEM certificate in the file".into()));
        }
    }
    // Machine policy: its certificate authorities and proxy, whatever the flags say.
    b = crate::policy::network::apply(b, &mut extra_roots).map_err(ClientError::Policy)?;
    let tls =
        super::trust::client_config(extra_roots).map_err(|e| ClientError::Build(e.to_string()))?;
    b = b.tls_backend_preconfigured(tls);
    b.build()
        .map_err(|e| ClientError::Build(super::error::error_chain(&e)))
}

/// Redirects followed at most for one request.
pub const MAX_REDIRECTS: usize = 5;

fn same_origin_redirects() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        if attempt.previous().len() >= MAX_REDIRECTS {
            return attempt.stop();
        }
        let first = &attempt.previous()[0];
        if same_origin(first, attempt.url()) {
            attempt.follow()
        } else {
            attempt.stop()
        }
    })
}

/// Scheme, host and port are equal.
pub fn same_origin(a: &Url, b: &Url) -> bool {
    a.scheme() == b.scheme()
        && a.host_str() == b.host_str()
        && a.port_or_known_default() == b.port_or_known_default()
}

/// Whether the URL's host is this machine (localhost, 127.0.0.0/8, ::1).
pub fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// Why a server URL is refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum UrlError {
    #[error("{0:?} is not a valid URL: {1}")]
    Invalid(String, String),
    #[error("{0} is not an http(s) URL")]
    Scheme(String),
    #[error(
        "{0} uses plain http to a host that is not this machine; use https, or pass --allow-http if the network is trusted"
    )]
    PlainHttp(String),
}

/// Parse and check the remote server URL: http(s) only, plain http only for loopback hosts
/// unless `allow_http`. Any fragment is dropped.
pub fn check_server_url(raw: &str, allow_http: bool) -> Result<Url, UrlError> {
    let mut url =
        Url::parse(raw.trim()).map_err(|e| UrlError::Invalid(raw.to_owned(), e.to_string()))?;
    match url.scheme() {
        "https" => {}
        "http" if allow_http || is_loopback(&url) => {}
        "http" => return Err(UrlError::PlainHttp(url.to_string())),
        _ => return Err(UrlError::Scheme(url.to_string())),
    }
    url.set_fragment(None);
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_url_rules() {
        assert!(check_server_url("https://mcp.example.com/mcp", false).is_ok());
        assert!(check_server_url("http://127.0.0.1:3000/mcp", false).is_ok());
        assert!(check_server_url("http://localhost/mcp", false).is_ok());
        assert!(check_server_url("http://[::1]:80/", false).is_ok());
        assert!(matches!(
            check_server_url("http://mcp.example.com/mcp", false),
            Err(UrlError::PlainHttp(_))
        ));
        assert!(check_server_url("http://mcp.example.com/mcp", true).is_ok());
        assert!(matches!(
            check_server_url("file:///etc/passwd", true),
            Err(UrlError::Scheme(_))
        ));
        assert!(matches!(
            check_server_url("nope", true),
            Err(UrlError::Invalid(..))
        ));
        assert_eq!(
            check_server_url("https://x.test/mcp#frag", false)
                .unwrap()
                .as_str(),
            "https://x.test/mcp"
        );
    }

    #[test]
    fn origins() {
        let a = Url::parse("https://a.test/x").unwrap();
        assert!(same_origin(
            &a,
            &Url::parse("https://a.test:443/y").unwrap()
        ));
        assert!(!same_origin(&a, &Url::parse("https://b.test/x").unwrap()));
        assert!(!same_origin(&a, &Url::parse("http://a.test/x").unwrap()));
    }
}
