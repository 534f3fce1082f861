//! The network flags reach every request of every command: `--no-proxy` keeps the sign-in,
//! the refresh and the revocation away from `HTTP_PROXY`, as it keeps the MCP traffic; and
//! `--ca-file` reaches the authorization server's client as it reaches the MCP server's.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::credentials::{command, stored_refresh_token};
use crate::oauth::Setup;
use crate::support::fake_as::AsKnobs;
use crate::support::tls::TlsServer;
use mcp_bridge::transport::TransportError;

/// An HTTP proxy on 127.0.0.1 that counts the requests it gets and answers each with 502.
struct LoggingProxy {
    url: String,
    hits: Arc<AtomicUsize>,
    task: tokio::task::JoinHandle<()>,
}

impl LoggingProxy {
    async fn start() -> LoggingProxy {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let hits = Arc::new(AtomicUsize::new(0));
        let counter = hits.clone();
        let task = tokio::spawn(async move {
            while let Ok((mut sock, _)) = listener.accept().await {
                let counter = counter.clone();
                tokio::spawn(async move {
                    let mut buf = vec![0u8; 8192];
                    if let Ok(n) = sock.read(&mut buf).await
                        && n > 0
                    {
                        let head = String::from_utf8_lossy(&buf[..n]);
                        eprintln!("proxy saw: {}", head.lines().next().unwrap_or_default());
                        counter.fetch_add(1, Ordering::SeqCst);
                    }
                    let _ = sock
                        .write_all(b"HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
                        .await;
                });
            }
        });
        LoggingProxy { url, hits, task }
    }

    fn hits(&self) -> usize {
        self.hits.load(Ordering::SeqCst)
    }
}

impl Drop for LoggingProxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

#[tokio::test]
async fn no_proxy_keeps_sign_in_refresh_and_revocation_off_the_proxy() {
    let s = Setup::new(AsKnobs::default()).await;
    let proxy = LoggingProxy::start().await;
    // The test's own browser does not go through the proxy either.
    let browser = format!(
        "env -u HTTP_PROXY -u HTTPS_PROXY -u http_proxy -u https_proxy -u ALL_PROXY {}",
        s.browser
    );
    let env = [
        ("HTTP_PROXY", proxy.url.as_str()),
        ("HTTPS_PROXY", proxy.url.as_str()),
        ("http_proxy", proxy.url.as_str()),
        ("https_proxy", proxy.url.as_str()),
        ("NO_PROXY", ""),
        ("no_proxy", ""),
        ("MCP_BRIDGE_BROWSER", browser.as_str()),
    ];
    let url = s.server.url.as_str();
    let (code, _, err) = command(&s, &["login", url, "--store", "file", "--no-proxy"], &env).await;
    assert_eq!(code, Some(0), "{err}");
    assert!(s.auth.count("token:authorization_code") >= 1);
    let (code, _, err) = command(
        &s,
        &["token", url, "--store", "file", "--refresh", "--no-proxy"],
        &env,
    )
    .await;
    assert_eq!(code, Some(0), "{err}");
    let refreshes = s.auth.count("token:refresh_token");
    assert_eq!(refreshes, 1);
    let revokes = s.auth.count("revoke");
    let (code, _, err) = command(&s, &["logout", url, "--store", "file", "--no-proxy"], &env).await;
    assert_eq!(code, Some(0), "{err}");
    assert!(s.auth.count("revoke") > revokes, "revoked directly: {err}");
    eprintln!(
        "requests through the proxy with --no-proxy: {}",
        proxy.hits()
    );
    assert_eq!(proxy.hits(), 0);

    // Without --no-proxy the same refresh does go to the proxy (which fails it): the proxy
    // settings are live, so the zero above means something.
    let (code, _, err) = command(&s, &["login", url, "--store", "file", "--no-proxy"], &env).await;
    assert_eq!(code, Some(0), "{err}");
    let kept = stored_refresh_token(&s);
    let (code, _, err) = command(&s, &["token", url, "--store", "file", "--refresh"], &env).await;
    assert_ne!(code, Some(0), "{err}");
    assert!(proxy.hits() > 0, "{err}");
    assert_eq!(
        stored_refresh_token(&s),
        kept,
        "a failed refresh keeps the credential"
    );
}

/// `--ca-file` is accepted by every command that goes on the network, and reaches the client
/// it builds: a file that cannot be read is reported by each.
#[tokio::test]
async fn every_networked_command_takes_and_uses_ca_file() {
    let s = Setup::new(AsKnobs::default()).await;
    let missing = s.dir.path().join("no-such-ca.pem");
    let missing = missing.to_str().unwrap();
    let url = s.server.url.as_str();
    for args in [
        vec!["login", url, "--store", "file"],
        vec!["token", url, "--store", "file"],
        vec!["logout", url, "--store", "file"],
        vec!["doctor", url, "--store", "file"],
        vec!["proxy", url, "--store", "file"],
    ] {
        let mut a = args.clone();
        a.extend(["--ca-file", missing]);
        let (code, _, err) = command(&s, &a, &[]).await;
        assert_eq!(code, Some(1), "{}: {err}", args[0]);
        assert!(
            err.contains("--ca-file") && err.contains("no-such-ca.pem"),
            "{}: {err}",
            args[0]
        );
        for flag in ["--no-proxy", "--ipv4", "--connect-timeout"] {
            let (code, out, _) = command(&s, &[args[0], "--help"], &[]).await;
            assert_eq!(code, Some(0));
            assert!(out.contains(flag), "{} --help lacks {flag}", args[0]);
        }
    }
}

/// A real TLS server whose certificate only the `--ca-file` vouches for: every client the
/// bridge builds (MCP, OAuth, probe, Meraki) reaches it with the file and fails without.
#[tokio::test]
async fn the_ca_file_reaches_every_kind_of_client() {
    use mcp_bridge::settings::{NetworkSettings, ProxyChoice};
    use mcp_bridge::transport::http_client::{Purpose, build};
    let Some(tls) = TlsServer::start() else {
        eprintln!("skipped: needs openssl and python3 for a TLS test server");
        return;
    };
    let purposes = [
        Purpose::Mcp { read_timeout: None },
        Purpose::OAuth,
        Purpose::Probe,
        Purpose::Meraki {
            timeout: std::time::Duration::from_secs(10),
            user_agent: "test",
        },
    ];
    for purpose in purposes {
        let with = NetworkSettings {
            ca_file: Some(tls.ca.clone()),
            proxy: ProxyChoice::Direct,
            ..NetworkSettings::default()
        };
        let without = NetworkSettings {
            proxy: ProxyChoice::Direct,
            ..NetworkSettings::default()
        };
        let ok = build(&with, purpose).unwrap().get(&tls.url).send().await;
        assert_eq!(
            ok.map(|r| r.status().as_u16()).ok(),
            Some(200),
            "{purpose:?}"
        );
        let refused = build(&without, purpose).unwrap().get(&tls.url).send().await;
        let Err(refused) = refused else {
            panic!("{purpose:?}: an unknown CA must be refused");
        };
        let url = url::Url::parse(&tls.url).unwrap();
        let refused = TransportError::from_send(&url, refused);
        assert!(
            refused.is_certificate_failure(),
            "{purpose:?}: refused for its certificate, and known to be: {refused:?}"
        );
    }
}
