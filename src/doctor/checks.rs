//! The doctor's steps, in the order a connection goes through them: name resolution, the
//! connection and TLS, the server's answer without credentials (the `401` challenge), resource
//! metadata, authorization server metadata and its issuer, how the client registers, PKCE, the
//! stored credential and its freshness, the keyring, then the transport, an `initialize` round
//! trip and the tool count with the credential the bridge would use ([`super::round_trip`]).

use http::HeaderMap;
use serde_json::json;
use url::Url;

use super::Report;
use super::round_trip::{init_params, round_trip};
use crate::credential::ServerContext;
use crate::credential::expiry::{describe_expiry, usable};
use crate::oauth::challenge::BearerChallenge;
use crate::oauth::configured;
use crate::oauth::discovery::{self, AuthServerMetadata};
use crate::oauth::id_token;
use crate::store::keyring::KeyringStore;
use crate::transport::TransportError;
use crate::transport::error::error_chain;

/// What the checks need besides the server context.
pub struct Inputs<'a> {
    pub ctx: &'a ServerContext,
    /// The transport's HTTP client (same-origin redirects, proxies, CA file).
    pub transport: reqwest::Client,
    /// `--header` values and a service token's headers.
    pub headers: HeaderMap,
    /// Requests carry their own credential (an Authorization header or a service token).
    pub own_credential: Option<String>,
    pub use_id_token: bool,
}

/// Run every step.
pub async fn diagnose(inputs: &Inputs<'_>) -> Report {
    let ctx = inputs.ctx;
    let mut r = Report::new(ctx.key.as_str());
    r.ok("URL", ctx.url.as_str());
    if !resolve(&mut r, &ctx.url).await {
        return finish_skipped(r, inputs, "the host name does not resolve");
    }
    let Some(challenge) = probe(&mut r, inputs).await else {
        return finish_skipped(r, inputs, "the server could not be reached");
    };
    let needs_sign_in = matches!(challenge, Probe::Challenge(_));
    if needs_sign_in && inputs.own_credential.is_none() {
        let hint = match &challenge {
            Probe::Challenge(c) => c.resource_metadata.clone(),
            Probe::Open => None,
        };
        oauth_steps(&mut r, inputs, hint.as_deref()).await;
    } else {
        let why = inputs
            .own_credential
            .clone()
            .unwrap_or_else(|| "the server needs no sign-in".into());
        for step in [
            "Resource metadata",
            "Authorization server",
            "Registration",
            "PKCE",
            "Credential",
        ] {
            r.skip(step, why.clone());
        }
    }
    keyring(&mut r);
    round_trip(&mut r, inputs).await;
    r
}

/// The steps after a failure that stops the walk: skipped, except those that need no network
/// (the stored credential and its freshness, the keyring).
fn finish_skipped(mut r: Report, inputs: &Inputs<'_>, why: &str) -> Report {
    let done: Vec<&str> = r.steps.iter().map(|s| s.name).collect();
    for step in [
        "Connection",
        "Challenge",
        "Resource metadata",
        "Authorization server",
        "Registration",
        "PKCE",
        "Credential",
        "Keyring",
        "Transport",
        "initialize",
        "Tools",
    ] {
        if step == "Keyring" {
            keyring(&mut r);
        } else if step == "Credential" && inputs.own_credential.is_none() {
            credential(&mut r, inputs);
        } else if !done.contains(&step) {
            r.skip(step, why);
        }
    }
    r
}

async fn resolve(r: &mut Report, url: &Url) -> bool {
    let host = url
        .host_str()
        .unwrap_or_default()
        .trim_matches(['[', ']'])
        .to_owned();
    let port = url.port_or_known_default().unwrap_or(443);
    match tokio::net::lookup_host((host.as_str(), port)).await {
        Ok(addrs) => {
            let list: Vec<String> = addrs.take(3).map(|a| a.ip().to_string()).collect();
            r.ok("DNS", format!("{host} → {}", list.join(", ")));
            true
        }
        Err(e) => {
            r.fail(
                "DNS",
                format!("{host} does not resolve: {e}"),
                "check the host name, your network, VPN or DNS",
            );
            false
        }
    }
}

enum Probe {
    Open,
    Challenge(BearerChallenge),
}

/// POST an `initialize` with no bearer token (but with the user's headers) and read the answer.
async fn probe(r: &mut Report, inputs: &Inputs<'_>) -> Option<Probe> {
    let url = &inputs.ctx.url;
    let body = json!({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": init_params()});
    let resp = inputs
        .ctx
        .manager
        .authorizer()
        .http()
        .post(url.clone())
        .headers(inputs.headers.clone())
        .header(http::header::ACCEPT, "application/json, text/event-stream")
        .header(http::header::CONTENT_TYPE, "application/json")
        .body(body.to_string())
        .send()
        .await;
    let resp = match resp {
        Ok(resp) => resp,
        Err(e) => {
            let detail = error_chain(&e);
            let fix = if TransportError::from_send(url, e).is_certificate_failure() {
                "the TLS certificate is not trusted: pass your organisation's root certificate with --ca-file"
            } else {
                "check that the server is up and that no firewall or proxy blocks it (HTTPS_PROXY is honoured)"
            };
            r.fail("Connection", detail, fix);
            return None;
        }
    };
    let status = resp.status().as_u16();
    r.ok(
        "Connection",
        format!("{} answered HTTP {status}", url.scheme().to_uppercase()),
    );
    let header = |name: http::HeaderName| {
        resp.headers()
            .get_all(name)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let location = header(http::header::LOCATION);
    let www = header(http::header::WWW_AUTHENTICATE);
    let ctype = header(http::header::CONTENT_TYPE);
    let body = resp.bytes().await.unwrap_or_default();
    if let Some((seen, explanation)) =
        super::access::answered(inputs, status, &location, &www, &ctype, &body)
    {
        r.fail("Challenge", seen, explanation);
        return Some(Probe::Open);
    }
    match status {
        401 => match BearerChallenge::from_header(&www) {
            Some(c) => {
                let mut d = "401 with a Bearer challenge".to_owned();
                if let Some(m) = &c.resource_metadata {
                    d.push_str(&format!(", resource_metadata={m}"));
                }
                if let Some(s) = &c.scope {
                    d.push_str(&format!(", scope=\"{s}\""));
                }
                r.ok("Challenge", d);
                Some(Probe::Challenge(c))
            }
            None => {
                r.warn("Challenge", format!("401 without a Bearer challenge ({www:?})"), "the server does not say how to sign in; the bridge tries the well-known addresses");
                Some(Probe::Challenge(BearerChallenge::default()))
            }
        },
        200..=299 => {
            r.ok(
                "Challenge",
                "answered without credentials: no sign-in needed",
            );
            Some(Probe::Open)
        }
        403 => {
            r.fail("Challenge", "403 Forbidden without credentials", "the server refuses this client outright; check the URL and any access policy in front of it");
            Some(Probe::Open)
        }
        404 => {
            r.warn(
                "Challenge",
                "HTTP 404 Not Found",
                "check the URL path (often …/mcp, or …/sse for an older server); an HTTP+SSE server answers 404 here too, see the transport step below",
            );
            Some(Probe::Open)
        }
        s => {
            r.warn(
                "Challenge",
                format!("HTTP {s} to an unauthenticated initialize"),
                "see the initialize step below",
            );
            Some(Probe::Open)
        }
    }
}

async fn oauth_steps(r: &mut Report, inputs: &Inputs<'_>, hint: Option<&str>) {
    let authorizer = inputs.ctx.manager.authorizer();
    let http = authorizer.http();
    let args = authorizer.settings();
    let named = configured::configured(args);
    let meta: Option<AuthServerMetadata> = match named {
        Err(e) => {
            r.fail("Resource metadata", e.to_string(), "fix the sign-in flags");
            None
        }
        Ok(Some(_)) => {
            r.skip(
                "Resource metadata",
                "not used: the authorization server is named by the flags or ACCESS_* variables",
            );
            step_meta(r, authorizer.discover(None).await.map(|d| d.auth_server))
        }
        Ok(None) => match discovery::resource_metadata(http, &inputs.ctx.url, hint).await {
            Ok(Some(prm)) => {
                r.ok(
                    "Resource metadata",
                    format!(
                        "resource {}, authorization server {}",
                        prm.resource, prm.authorization_servers[0]
                    ),
                );
                step_meta(
                    r,
                    discovery::auth_server_metadata_as_published(
                        http,
                        &prm.authorization_servers[0],
                    )
                    .await,
                )
            }
            Ok(None) => {
                r.warn(
                    "Resource metadata",
                    "none published (a 2025-03-26 era server)",
                    "the bridge falls back to metadata at the server's origin",
                );
                step_meta(
                    r,
                    discovery::legacy_auth_server_as_published(http, &inputs.ctx.url).await,
                )
            }
            Err(e) => {
                r.fail(
                    "Resource metadata",
                    e.to_string(),
                    "the server's OAuth set-up is wrong or not meant for this URL",
                );
                None
            }
        },
    };
    let Some(meta) = meta else {
        for step in ["Registration", "PKCE"] {
            r.skip(step, "no authorization server metadata");
        }
        credential(r, inputs);
        return;
    };
    registration(r, inputs, &meta);
    if meta.code_challenge_methods.iter().any(|m| m == "S256") {
        r.ok(
            "PKCE",
            format!("S256 (offered: {})", meta.code_challenge_methods.join(", ")),
        );
    } else {
        r.fail(
            "PKCE",
            "S256 not offered",
            "the authorization server must support PKCE with S256",
        );
    }
    credential(r, inputs);
}

fn step_meta(
    r: &mut Report,
    found: Result<AuthServerMetadata, crate::oauth::OAuthError>,
) -> Option<AuthServerMetadata> {
    match found {
        Ok(m) => {
            r.ok(
                "Authorization server",
                format!("issuer {} (matches exactly)", m.issuer),
            );
            Some(m)
        }
        Err(e) => {
            r.fail("Authorization server", e.to_string(), "the authorization server's metadata is missing or inconsistent; the bridge refuses it on purpose");
            None
        }
    }
}

fn registration(r: &mut Report, inputs: &Inputs<'_>, meta: &AuthServerMetadata) {
    let args = inputs.ctx.manager.authorizer().settings();
    let kept = inputs
        .ctx
        .state
        .get(&inputs.ctx.key)
        .ok()
        .and_then(|s| s.registrations.get(&meta.issuer).cloned());
    if let Some(id) = &args.client_id {
        r.ok("Registration", format!("pre-registered client {id}"));
    } else if args.static_client.is_some() {
        r.ok(
            "Registration",
            "pre-registered client from --static-oauth-client-info",
        );
    } else if args.client_metadata_url.is_some() && meta.client_id_metadata_document_supported {
        r.ok("Registration", "Client ID Metadata Document");
    } else if let Some(k) = kept {
        r.ok(
            "Registration",
            format!("registered as {} ({})", k.client_id, k.source),
        );
    } else if let Some(ep) = &meta.registration_endpoint {
        r.ok("Registration", format!("dynamic registration at {ep}"));
    } else {
        r.fail("Registration", "no dynamic registration and no pre-registered client", "pass the client the server's administrator registered: --client-id ID (and --client-secret via MCP_BRIDGE_CLIENT_SECRET)");
    }
}

fn credential(r: &mut Report, inputs: &Inputs<'_>) {
    let ctx = inputs.ctx;
    let login = format!("mcp-bridge login {}", ctx.key.as_str());
    match ctx.store.load(&ctx.key) {
        Ok(Some(t)) => {
            let who = t
                .id_token
                .as_ref()
                .and_then(|j| id_token::identity(j.expose()))
                .map(|w| format!(" as {w}"))
                .unwrap_or_default();
            let d = format!(
                "signed in{who}; {}; kept in {}",
                describe_expiry(&t),
                ctx.store.location()
            );
            if !usable(&t) {
                r.fail("Credential", d, login);
            } else if crate::credential::expiry::is_dead(&t, crate::clock::unix_now()) {
                r.warn(
                    "Credential",
                    d,
                    format!(
                        "the bridge refreshes it before its first request; `mcp-bridge token {} --refresh` does it now",
                        ctx.key.as_str()
                    ),
                );
            } else {
                r.ok("Credential", d);
            }
        }
        Ok(None) => r.fail(
            "Credential",
            format!("not signed in (looked in {})", ctx.store.location()),
            login,
        ),
        Err(e) => r.fail(
            "Credential",
            e.to_string(),
            format!("mcp-bridge logout {}, then {login}", ctx.key.as_str()),
        ),
    }
}

fn keyring(r: &mut Report) {
    match KeyringStore::open() {
        Ok(k) => r.ok("Keyring", {
            use crate::store::CredentialStore;
            format!("{} is reachable", k.location())
        }),
        Err(e) => r.warn("Keyring", format!("not reachable: {e}"), "credentials go to a 0600 file instead; install and unlock a keyring (GNOME Keyring, KWallet) to use it"),
    }
}
