//! The Access for SaaS (OIDC) application's endpoints: discovery, authorization, token, keys.

use std::collections::HashMap;
use std::sync::atomic::Ordering;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde_json::{Value, json};

use super::*;

pub(super) async fn saas_config(State(s): State<Shared>, Path(cid): Path<String>) -> Response {
    bump(&s, "config");
    let issuer = format!("{}/cdn-cgi/access/sso/oidc/{cid}", s.origin);
    let methods = s.inner.lock().unwrap().saas_auth_methods.clone();
    let mut doc = json!({
            "issuer": issuer,
            "authorization_endpoint": format!("{issuer}/authorization"),
            "token_endpoint": format!("{issuer}/token"),
            "jwks_uri": format!("{issuer}/jwks"),
            "userinfo_endpoint": format!("{issuer}/userinfo"),
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": ["openid", "email", "profile", "groups", "offline_access"],
            "grant_types_supported": ["authorization_code", "refresh_token"],
    });
    if let Some(m) = methods {
        doc["token_endpoint_auth_methods_supported"] = json!(m);
    }
    json_status(200, &doc)
}

pub(super) async fn saas_authorize(
    State(s): State<Shared>,
    Path(cid): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    bump(&s, "authorize");
    let mut inner = s.inner.lock().unwrap();
    inner.authorize_params.push(q.clone());
    let p = |k: &str| q.get(k).cloned().unwrap_or_default();
    if cid != CLIENT_ID || p("client_id") != CLIENT_ID {
        return oauth_error("invalid_client", "unknown application");
    }
    if p("redirect_uri") != inner.redirect_uri {
        return oauth_error(
            "invalid_request",
            "Redirect URI not allowed by application configuration",
        );
    }
    if p("code_challenge_method") != "S256" || p("code_challenge").is_empty() {
        return oauth_error("invalid_request", "PKCE S256 is required");
    }
    let code = format!("code{}", s.n.fetch_add(1, Ordering::SeqCst));
    inner.codes.insert(
        code.clone(),
        Code {
            challenge: p("code_challenge"),
            scope: p("scope"),
            redirect_uri: p("redirect_uri"),
            client_id: cid,
            nonce: q.get("nonce").cloned(),
            resource: String::new(),
        },
    );
    redirect(&format!(
        "{}?code={code}&state={}",
        p("redirect_uri"),
        p("state")
    ))
}

pub(super) async fn saas_token(
    State(s): State<Shared>,
    Path(cid): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    bump(&s, "token");
    let f = form(&body);
    let (method, client_id, secret) = client_auth(&headers, &f);
    {
        let mut inner = s.inner.lock().unwrap();
        inner.token_params.push(f.clone());
        inner.token_auth.push(method.clone());
    }
    let p = |k: &str| f.get(k).cloned().unwrap_or_default();
    if client_id != cid {
        return json_status(401, &json!({"error": "invalid_client"}));
    }
    if let Some(secret) = &secret {
        let listed = s.inner.lock().unwrap().saas_auth_methods.clone();
        if secret != CLIENT_SECRET || listed.is_some_and(|m| !m.contains(&method)) {
            return json_status(
                401,
                &json!({"error": "invalid_client", "error_description": format!("{method} with a wrong secret or not allowed")}),
            );
        }
    }
    let (scope, nonce) = match p("grant_type").as_str() {
        "authorization_code" => {
            let Some(code) = take_code(&s, &p("code")) else {
                return oauth_error("invalid_grant", "unknown code");
            };
            if s256(&p("code_verifier")) != code.challenge || p("redirect_uri") != code.redirect_uri
            {
                return oauth_error("invalid_grant", "PKCE or redirect_uri mismatch");
            }
            (code.scope, code.nonce)
        }
        "refresh_token" => match take_grant(&s, &p("refresh_token")) {
            Some(grant) => (grant.scope, None),
            None => return oauth_error("invalid_grant", "refresh token unknown or used"),
        },
        _ => return oauth_error("unsupported_grant_type", ""),
    };
    let refreshing = p("grant_type") == "refresh_token";
    bump(&s, if refreshing { "refresh" } else { "code" });
    let issuer = format!("{}/cdn-cgi/access/sso/oidc/{cid}", s.origin);
    let mut inner = s.inner.lock().unwrap();
    let exp = now() + inner.expires_in;
    let n = s.n.fetch_add(1, Ordering::SeqCst);
    let mut claims = json!({"iss": issuer, "aud": [cid], "sub": "user-1", "email": EMAIL,
                            "iat": now(), "exp": exp, "n": n});
    if let Some(nonce) = nonce {
        claims["nonce"] = nonce.into();
    }
    let forged = inner.forge.then(|| SigningKey::new(&inner.keys[0].kid));
    let signer = forged.as_ref().unwrap_or(&inner.keys[0]);
    let access = signer.sign(&json!({"iss": issuer, "aud": [cid], "sub": "user-1", "email": EMAIL, "exp": exp, "type": "access", "n": n}));
    let id = signer.sign(&claims);
    drop(forged);
    let mut body = json!({"access_token": access, "token_type": "Bearer",
                          "expires_in": inner.expires_in, "scope": scope});
    if !refreshing || inner.id_token_on_refresh {
        body["id_token"] = id.clone().into();
    }
    if scope.split_whitespace().any(|x| x == "offline_access") {
        let rt = format!("rt{n}");
        inner.refresh.insert(
            rt.clone(),
            Grant {
                scope: scope.clone(),
                client_id: cid.clone(),
                resource: String::new(),
            },
        );
        body["refresh_token"] = rt.into();
    }
    drop(inner);
    let mut tokens = s.rs.tokens.lock().unwrap();
    tokens.insert(access);
    tokens.insert(id);
    json_status(200, &body)
}

pub(super) async fn jwks(State(s): State<Shared>) -> Response {
    bump(&s, "jwks");
    let keys: Vec<Value> = s
        .inner
        .lock()
        .unwrap()
        .keys
        .iter()
        .map(SigningKey::jwk)
        .collect();
    json_status(200, &json!({"keys": keys}))
}
