//! Where the key goes: the API root each `--region` picks (seen through a local HTTPS proxy that
//! records the host it is asked to reach and refuses, so nothing leaves the machine), which of
//! the command line and the environment wins, and redirects to a second Meraki host (kept key)
//! or to a stranger (refused, the key never sent).

use std::sync::{Arc, Mutex};

use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use super::fake_dashboard::{FakeDashboard, KEY};
use super::harness::{Server, command, is_error, text};

/// A proxy on 127.0.0.1 that records the first line of each request (`CONNECT host:443 …`)
/// and answers 403.
struct RefusingProxy {
    url: String,
    lines: Arc<Mutex<Vec<String>>>,
    task: tokio::task::JoinHandle<()>,
}

impl RefusingProxy {
    async fn start() -> RefusingProxy {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let lines: Arc<Mutex<Vec<String>>> = Arc::default();
        let seen = lines.clone();
        let task = tokio::spawn(async move {
            while let Ok((mut conn, _)) = listener.accept().await {
                let mut buf = vec![0u8; 4096];
                let mut got = Vec::new();
                while !got.windows(4).any(|w| w == b"\r\n\r\n") {
                    match conn.read(&mut buf).await {
                        Ok(0) | Err(_) => break,
                        Ok(n) => got.extend_from_slice(&buf[..n]),
                    }
                }
                let request = String::from_utf8_lossy(&got).into_owned();
                seen.lock().unwrap().push(request);
                let _ = conn
                    .write_all(b"HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n")
                    .await;
            }
        });
        RefusingProxy { url, lines, task }
    }

    fn requests(&self) -> Vec<String> {
        self.lines.lock().unwrap().clone()
    }
}

impl Drop for RefusingProxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// `serve meraki` with `args` and `env`, every https request sent to `proxy`; the host that
/// one tool call tried to reach.
async fn host_reached(proxy: &RefusingProxy, args: &[&str], env: &[(&str, &str)]) -> String {
    let mut full = vec!["serve", "meraki", "--max-server-retries", "0"];
    full.extend_from_slice(args);
    let mut cmd = command(&full);
    cmd.env("MERAKI_DASHBOARD_API_KEY", KEY)
        .env("HTTPS_PROXY", &proxy.url)
        .env_remove("NO_PROXY")
        .env_remove("no_proxy");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let before = proxy.requests().len();
    let mut s = Server::spawn(cmd).await;
    let r = s.call("meraki_get_organizations", json!({})).await;
    assert!(is_error(&r), "the proxy refuses everything: {r}");
    assert!(text(&r).contains("cannot reach"), "{}", text(&r));
    s.finish().await;
    let requests = proxy.requests();
    assert_eq!(requests.len(), before + 1, "one connection: {requests:?}");
    let request = &requests[before];
    assert!(!request.contains(KEY), "the proxy never sees the key");
    let first_line = request.lines().next().unwrap_or_default();
    first_line
        .strip_prefix("CONNECT ")
        .and_then(|rest| rest.split(' ').next())
        .unwrap_or_else(|| panic!("not a CONNECT: {first_line}"))
        .to_owned()
}

#[tokio::test]
async fn each_region_calls_its_own_api_host() {
    let proxy = RefusingProxy::start().await;
    for (region, host) in [
        ("global", "api.meraki.com:443"),
        ("canada", "api.meraki.ca:443"),
        ("china", "api.meraki.cn:443"),
        ("india", "api.meraki.in:443"),
        ("fedramp", "api.gov-meraki.com:443"),
    ] {
        assert_eq!(
            host_reached(&proxy, &["--region", region], &[]).await,
            host,
            "--region {region}"
        );
    }
    assert_eq!(
        host_reached(&proxy, &[], &[("MERAKI_REGION", "india")]).await,
        "api.meraki.in:443"
    );
    assert_eq!(host_reached(&proxy, &[], &[]).await, "api.meraki.com:443");
    // The command line wins over the environment.
    assert_eq!(
        host_reached(
            &proxy,
            &["--region", "canada"],
            &[("MERAKI_BASE_URL", "http://127.0.0.1:9/api/v1")]
        )
        .await,
        "api.meraki.ca:443"
    );
}

#[tokio::test]
async fn base_url_on_the_command_line_wins_over_meraki_region() {
    let fake = FakeDashboard::start().await;
    let mut cmd = command(&["serve", "meraki", "--base-url", &fake.base]);
    cmd.env("MERAKI_DASHBOARD_API_KEY", KEY)
        .env("MERAKI_REGION", "canada");
    let mut s = Server::spawn(cmd).await;
    let r = s.call("meraki_get_organizations", json!({})).await;
    assert!(!is_error(&r), "{r}");
    assert_eq!(fake.seen().len(), 1);
    assert!(s.finish().await.success());

    // Both flags on one command line contradict each other.
    let out = command(&[
        "serve",
        "meraki",
        "--base-url",
        &fake.base,
        "--region",
        "india",
    ])
    .output()
    .await
    .unwrap();
    assert_eq!(out.status.code(), Some(2));
    // A bad MERAKI_REGION is named, with the way out.
    let mut cmd = command(&["serve", "meraki"]);
    cmd.env("MERAKI_DASHBOARD_API_KEY", KEY)
        .env("MERAKI_REGION", "mars");
    let out = cmd.output().await.unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("MERAKI_REGION") && stderr.contains("fedramp"),
        "{stderr}"
    );
}

#[tokio::test]
async fn a_redirect_to_another_meraki_host_keeps_the_key() {
    let api = FakeDashboard::start().await;
    let shard = FakeDashboard::start().await;
    api.redirect("O_shard", &shard.origin);
    // The second fake stands for a Meraki shard: trusted in this test configuration only.
    let mut s = Server::live(&api, &["--trust-origin", &shard.origin]).await;
    let r = s
        .call(
            "meraki_get_organization",
            json!({"organizationId": "O_shard"}),
        )
        .await;
    assert!(!is_error(&r), "{r}");
    let at_shard = shard.seen();
    assert_eq!(at_shard.len(), 1);
    assert_eq!(at_shard[0].path, "/api/v1/organizations/O_shard");
    assert_eq!(
        at_shard[0].auth.as_deref(),
        Some(format!("Bearer {KEY}").as_str())
    );
}

#[tokio::test]
async fn a_redirect_to_another_host_or_port_is_refused_and_never_gets_the_key() {
    let api = FakeDashboard::start().await;
    let shard = FakeDashboard::start().await;
    let stranger = FakeDashboard::start().await;
    api.redirect("O_shard", &shard.origin);
    api.redirect("O_stranger", &stranger.origin);
    // Without --trust-origin, the same address on another port is not the --base-url origin.
    let mut s = Server::live(&api, &[]).await;
    let r = s
        .call(
            "meraki_get_organization",
            json!({"organizationId": "O_shard"}),
        )
        .await;
    assert!(is_error(&r), "{r}");
    assert!(
        text(&r).contains("refused")
            && text(&r).contains(shard.origin.trim_start_matches("http://")),
        "{}",
        text(&r)
    );
    assert!(shard.seen().is_empty(), "nothing reached the other port");
    s.finish().await;
    // Trusting one origin trusts no other.
    let mut s = Server::live(&api, &["--trust-origin", &shard.origin]).await;
    let r = s
        .call(
            "meraki_get_organization",
            json!({"organizationId": "O_stranger"}),
        )
        .await;
    assert!(is_error(&r) && text(&r).contains("refused"), "{r}");
    assert!(stranger.seen().is_empty(), "the stranger never saw the key");
}
