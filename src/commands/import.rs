//! `mcp-bridge import mcp-remote [URL…]`: take mcp-remote's stored sign-ins into the bridge's
//! credential store (the keyring) and state, so that switching costs no new sign-in. Never
//! changes mcp-remote's files.

use crate::cli::{ImportArgs, ImportFrom};
use crate::clock::unix_now;
use crate::credential::context::open_stores;
use crate::migrate::launch::{Launch, launches_in_host_configs};
use crate::migrate::mcp_remote::{self, Found};
use crate::oauth::challenge::BearerChallenge;
use crate::oauth::registration::RegistrationStore;
use crate::printer::Printer;
use crate::settings::StoreSettings;
use crate::store::ServerKey;
use crate::store::state::StateRegistrations;
use crate::transport::http_client::check_server_url;

/// The servers to import: the URLs given (with the options a host config starts mcp-remote
/// with for them, if one does), else every server the host configs run through mcp-remote.
fn launches(urls: &[String]) -> Vec<Launch> {
    let from_hosts = launches_in_host_configs();
    if urls.is_empty() {
        return from_hosts;
    }
    urls.iter()
        .map(|u| {
            from_hosts
                .iter()
                .find(|l| l.url == *u)
                .cloned()
                .unwrap_or_else(|| Launch::plain(u))
        })
        .collect()
}

/// The authorization server of `url`, found as a sign-in would find it — the 401 challenge's
/// resource metadata, the well-known addresses, or metadata at the server's origin — for
/// sign-ins stored without it. `None` when the server or its metadata cannot be reached (the
/// default endpoints a sign-in would guess are not taken for an answer).
async fn discover_issuer(
    url: &url::Url,
    network: &crate::settings::NetworkSettings,
) -> Option<String> {
    use crate::oauth::discovery;
    use crate::transport::http_client::{Purpose, build};
    let http = build(network, Purpose::Probe).ok()?;
    let probe = serde_json::json!({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {
        "protocolVersion": "2025-11-25", "capabilities": {},
        "clientInfo": {"name": "mcp-bridge-import", "version": env!("CARGO_PKG_VERSION")}}});
    let hint = match http
        .post(url.clone())
        .header(http::header::ACCEPT, "application/json, text/event-stream")
        .header(http::header::CONTENT_TYPE, "application/json")
        .body(probe.to_string())
        .send()
        .await
    {
        Ok(r) if r.status() == http::StatusCode::UNAUTHORIZED => r
            .headers()
            .get_all(http::header::WWW_AUTHENTICATE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find_map(|h| BearerChallenge::from_header(h)?.resource_metadata),
        Ok(_) => None,
        Err(_) => return None,
    };
    match discovery::discover(&http, url, hint.as_deref()).await {
        Ok(d) if d.resource.is_some() => Some(d.auth_server.issuer),
        _ => discovery::auth_server_metadata(&http, &url.origin().ascii_serialization())
            .await
            .ok()
            .map(|m| m.issuer),
    }
}

/// `Ok(false)`: nothing was or would be imported (exit 1).
pub async fn run(args: ImportArgs, printer: Printer) -> anyhow::Result<bool> {
    let ImportFrom::McpRemote(a) = args.from;
    let dirs = match mcp_remote::dirs(a.dir.as_deref()) {
        Ok(d) => d,
        Err(e) => {
            printer.error(e);
            return Ok(false);
        }
    };
    let launches = launches(&a.urls);
    if launches.is_empty() {
        printer.error("no server URLs given, and no host config runs mcp-remote; pass the URLs: mcp-bridge import mcp-remote URL…");
        return Ok(false);
    }
    let (_dirs, store, state) = open_stores(StoreSettings::resolve(a.store.as_deref()), &printer)?;
    let mut imported = 0;
    for launch in launches {
        let url = launch.url.clone();
        let key = ServerKey::from_url(&check_server_url(&url, true)?);
        let mut found: Found = match mcp_remote::find(&dirs, &launch, unix_now()) {
            Ok(Some(f)) => f,
            Ok(None) => {
                printer.info(format!(
                    "– {url}: no mcp-remote sign-in found (looked in {}); sign in with: mcp-bridge login {url}",
                    dirs.iter().map(|d| d.display().to_string()).collect::<Vec<_>>().join(", ")
                ));
                continue;
            }
            Err(e) => {
                printer.warn(format!("{url}: unreadable mcp-remote files ({e}); skipped"));
                continue;
            }
        };
        if !a.force && store.load(&key).ok().flatten().is_some() {
            printer.info(format!(
                "– {url}: skipped, the bridge is already signed in (--force replaces it)"
            ));
            continue;
        }
        if found.issuer.is_none()
            && let Ok(u) = url::Url::parse(&url)
            && let Some(issuer) =
                discover_issuer(&u, &crate::settings::NetworkSettings::resolve(&a.network)).await
        {
            found.tokens.issuer = issuer.clone();
            found.issuer = Some(issuer);
        }
        let what = describe(&found);
        let from = found.dir.display();
        if a.dry_run {
            printer.info(format!("· {url}: would import {what} (from {from})"));
            imported += 1;
            continue;
        }
        store.save(&key, &found.tokens)?;
        let regs = StateRegistrations::new(state.clone(), store.clone(), key.clone());
        match (&found.client, &found.issuer) {
            (Some(client), Some(issuer)) => regs.save(issuer, client),
            (Some(client), None) => regs.put_unbound(&client.to_kept()),
            (None, _) => state.update(&key, |_| {})?,
        }
        printer.info(format!(
            "✓ {url}: imported {what} into {} (from {from})",
            store.location()
        ));
        imported += 1;
    }
    if imported > 0 && !a.dry_run {
        printer.info("Switch the host over with `mcp-bridge install <host> <name> <URL>` (mcp-remote's files were left as they were).");
    }
    Ok(imported > 0)
}

/// "access token, refresh token, client registration; issuer …".
fn describe(found: &Found) -> String {
    let mut parts = vec!["access token"];
    if found.tokens.refresh_token.is_some() {
        parts.push("refresh token");
    }
    if found.client.is_some() {
        parts.push("client registration");
    }
    let issuer = match &found.issuer {
        Some(i) => format!("issuer {i}"),
        None => "issuer not known yet (the server's metadata was not reachable): the first refresh finds it".into(),
    };
    let expired = if found.tokens.is_expired(unix_now(), 0) {
        if found.tokens.refresh_token.is_some() {
            "; the access token has expired and will be refreshed"
        } else {
            "; the access token has expired and there is no refresh token: sign in again with `mcp-bridge login`"
        }
    } else {
        ""
    };
    format!("{}; {issuer}{expired}", parts.join(", "))
}
