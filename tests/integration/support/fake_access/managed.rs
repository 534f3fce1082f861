//! Managed OAuth's endpoints on the team domain: metadata, registration, authorization,
//! token.

use std::collections::HashMap;
use std::sync::atomic::Ordering;

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde_json::{Value, json};

use super::*;

pub(super) async fn managed_metadata(State(s): State<Shared>) -> Response {
    bump(&s, "managed_metadata");
    let o = &s.origin;
    json_status(
        200,
        &json!({
            "issuer": o,
            "authorization_endpoint": format!("{o}/cdn-cgi/access/oauth/authorization"),
            "token_endpoint": format!("{o}/cdn-cgi/access/oauth/token"),
            "registration_endpoint": format!("{o}/cdn-cgi/access/oauth/registration"),
            "revocation_endpoint": format!("{o}/cdn-cgi/access/oauth/revoke"),
            "response_types_supported": ["code"],
            "grant_types_supported": ["authorization_code", "refresh_token"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post", "none"],
            "code_challenge_methods_supported": ["S256"],
        }),
    )
}

/// Whether Managed OAuth's toggles allow this redirect URI.
pub(super) fn redirect_allowed(inner: &Inner, uri: &str) -> bool {
    url::Url::parse(uri).is_ok_and(|u| {
        u.scheme() == "http"
            && match u.host_str() {
                Some("localhost") => inner.allow_localhost,
                Some("127.0.0.1") | Some("[::1]") => inner.allow_loopback,
                _ => false,
            }
    })
}

pub(super) async fn managed_register(State(s): State<Shared>, body: Bytes) -> Response {
    bump(&s, "register");
    let req: Value = serde_json::from_slice(&body).unwrap_or_default();
    let uris: Vec<String> = req["redirect_uris"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    let allowed = {
        let inner = s.inner.lock().unwrap();
        !uris.is_empty() && uris.iter().all(|u| redirect_allowed(&inner, u))
    };
    if !allowed {
        return json_status(
            400,
            &json!({"error": "invalid_client_metadata",
            "error_description": "redirect_uri is not allowed by the account configuration"}),
        );
    }
    let client_id = next(&s, "mc");
    s.inner
        .lock()
        .unwrap()
        .clients
        .insert(client_id.clone(), uris[0].clone());
    json_status(
        201,
        &json!({"client_id": client_id, "redirect_uris": uris,
        "token_endpoint_auth_method": "none", "grant_types": ["authorization_code", "refresh_token"]}),
    )
}

/// Same scheme, host and path; any port (RFC 8252 §7.3).
pub(super) fn same_but_port(a: &str, b: &str) -> bool {
    match (url::Url::parse(a), url::Url::parse(b)) {
        (Ok(a), Ok(b)) => {
            a.scheme() == b.scheme() && a.host_str() == b.host_str() && a.path() == b.path()
        }
        _ => false,
    }
}

pub(super) async fn managed_authorize(
    State(s): State<Shared>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    bump(&s, "authorize");
    let mut inner = s.inner.lock().unwrap();
    inner.authorize_params.push(q.clone());
    let p = |k: &str| q.get(k).cloned().unwrap_or_default();
    let Some(registered) = inner.clients.get(&p("client_id")).cloned() else {
        return oauth_error("invalid_client", "unknown client");
    };
    if !same_but_port(&registered, &p("redirect_uri")) {
        return oauth_error(
            "invalid_request",
            "Redirect URI not allowed by application configuration",
        );
    }
    if p("code_challenge_method") != "S256" {
        return oauth_error("invalid_request", "S256 required");
    }
    let code = format!("code{}", s.n.fetch_add(1, Ordering::SeqCst));
    inner.codes.insert(
        code.clone(),
        Code {
            challenge: p("code_challenge"),
            scope: p("scope"),
            redirect_uri: p("redirect_uri"),
            client_id: p("client_id"),
            nonce: None,
            resource: p("resource"),
        },
    );
    redirect(&format!(
        "{}?code={code}&state={}",
        p("redirect_uri"),
        p("state")
    ))
}

pub(super) async fn managed_token(
    State(s): State<Shared>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    bump(&s, "token");
    let f = form(&body);
    let (method, client, _) = client_auth(&headers, &f);
    {
        let mut inner = s.inner.lock().unwrap();
        inner.token_params.push(f.clone());
        inner.token_auth.push(method);
    }
    let p = |k: &str| f.get(k).cloned().unwrap_or_default();
    // RFC 8707: the resource asked for must be the one the grant is for.
    let target = |granted: &str| granted.is_empty() || p("resource") == granted;
    let resource = match p("grant_type").as_str() {
        "authorization_code" => match take_code(&s, &p("code")) {
            Some(code)
                if s256(&p("code_verifier")) == code.challenge
                    && code.redirect_uri == p("redirect_uri")
                    && code.client_id == client =>
            {
                if !target(&code.resource) {
                    return oauth_error(
                        "invalid_target",
                        "resource does not match the authorization request",
                    );
                }
                code.resource
            }
            _ => return oauth_error("invalid_grant", "bad code or verifier"),
        },
        "refresh_token" => match take_grant(&s, &p("refresh_token")) {
            Some(grant) if grant.client_id == client => {
                if !target(&grant.resource) {
                    return oauth_error("invalid_target", "resource does not match the grant");
                }
                bump(&s, "refresh");
                grant.resource
            }
            _ => return oauth_error("invalid_grant", "refresh token unknown or used"),
        },
        _ => return oauth_error("unsupported_grant_type", ""),
    };
    let access = next(&s, "oauth:at");
    let rt = next(&s, "oauth:rt");
    let expires_in = s.inner.lock().unwrap().expires_in;
    s.inner.lock().unwrap().refresh.insert(
        rt.clone(),
        Grant {
            scope: String::new(),
            client_id: client,
            resource,
        },
    );
    s.rs.tokens.lock().unwrap().insert(access.clone());
    json_status(
        200,
        &json!({"access_token": access, "token_type": "bearer",
        "expires_in": expires_in, "refresh_token": rt}),
    )
}
