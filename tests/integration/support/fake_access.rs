//! A fake Cloudflare Access team domain on 127.0.0.1:0, with the endpoints of both ways Access
//! can sign a user in:
//!
//! - **Access for SaaS (OIDC)**, one application `CLIENT_ID` whose issuer is
//!   `<origin>/cdn-cgi/access/sso/oidc/<client_id>`: `openid-configuration` (no PKCE methods
//!   listed), `/authorization` with the one pre-registered redirect URI and PKCE without a client
//!   secret, `/token` issuing RS256 JWT access and ID tokens and rotating refresh tokens, and
//!   `/jwks` with key rotation (the previous key stays published).
//! - **Managed OAuth**: RFC 8414 metadata with the team domain as issuer, dynamic registration
//!   accepting loopback redirect URIs on any port, S256 only, opaque `oauth:` tokens.
//!
//! Every token issued is added to the resource server's accepted set; counters and the recorded
//! parameters let tests assert what the bridge did.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::rsa::{KeyPair, KeySize, PublicKeyComponents};
use aws_lc_rs::signature::{KeyPair as _, RSA_PKCS1_SHA256};
use axum::body::{Body, Bytes};
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::fake_server::ResourceAuth;

pub const CLIENT_ID: &str = "4f1c0ffee";
pub const EMAIL: &str = "ada@example.com";

struct SigningKey {
    kid: String,
    pair: KeyPair,
}

impl SigningKey {
    fn new(kid: &str) -> SigningKey {
        SigningKey {
            kid: kid.into(),
            pair: KeyPair::generate(KeySize::Rsa2048).unwrap(),
        }
    }

    fn jwk(&self) -> Value {
        let c: PublicKeyComponents<Vec<u8>> = self.pair.public_key().into();
        json!({"kty": "RSA", "alg": "RS256", "use": "sig", "kid": self.kid,
               "n": URL_SAFE_NO_PAD.encode(&c.n), "e": URL_SAFE_NO_PAD.encode(&c.e)})
    }

    fn sign(&self, claims: &Value) -> String {
        let header = json!({"alg": "RS256", "kid": self.kid, "typ": "JWT"});
        let input = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header.to_string()),
            URL_SAFE_NO_PAD.encode(claims.to_string())
        );
        let mut sig = vec![0; self.pair.public_modulus_len()];
        self.pair
            .sign(
                &RSA_PKCS1_SHA256,
                &SystemRandom::new(),
                input.as_bytes(),
                &mut sig,
            )
            .unwrap();
        format!("{input}.{}", URL_SAFE_NO_PAD.encode(sig))
    }
}

#[derive(Default)]
struct Inner {
    /// The SaaS application's registered redirect URI.
    redirect_uri: String,
    /// Published keys, newest first; the first signs.
    keys: Vec<SigningKey>,
    /// Sign with a key that is never published (a forged token).
    forge: bool,
    /// code -> (challenge, scope, redirect_uri, client_id)
    codes: HashMap<String, (String, String, String, String)>,
    /// live refresh token -> (scope, client_id)
    refresh: HashMap<String, (String, String)>,
    /// Managed OAuth registrations: client_id -> redirect URI
    clients: HashMap<String, String>,
    counts: HashMap<&'static str, u64>,
    authorize_params: Vec<HashMap<String, String>>,
    token_params: Vec<HashMap<String, String>>,
    expires_in: u64,
}

#[derive(Clone)]
struct Shared {
    inner: Arc<Mutex<Inner>>,
    n: Arc<AtomicU64>,
    origin: String,
    rs: ResourceAuth,
}

/// A running fake team domain. Dropping it stops it.
pub struct FakeAccess {
    pub origin: String,
    shared: Shared,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for FakeAccess {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl FakeAccess {
    /// `rs`: the resource server whose accepted tokens this fake adds to.
    pub async fn start(rs: ResourceAuth) -> FakeAccess {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let origin = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
        let inner = Inner {
            keys: vec![SigningKey::new("k1")],
            expires_in: 3600,
            ..Inner::default()
        };
        let shared = Shared {
            inner: Arc::new(Mutex::new(inner)),
            n: Arc::default(),
            origin: origin.clone(),
            rs,
        };
        let saas = "/cdn-cgi/access/sso/oidc/{cid}";
        let app = axum::Router::new()
            .route(
                &format!("{saas}/.well-known/openid-configuration"),
                get(saas_config),
            )
            .route(&format!("{saas}/authorization"), get(saas_authorize))
            .route(&format!("{saas}/token"), post(saas_token))
            .route(&format!("{saas}/jwks"), get(jwks))
            .route(
                "/.well-known/oauth-authorization-server",
                get(managed_metadata),
            )
            .route("/cdn-cgi/access/oauth/registration", post(managed_register))
            .route(
                "/cdn-cgi/access/oauth/authorization",
                get(managed_authorize),
            )
            .route("/cdn-cgi/access/oauth/token", post(managed_token))
            .with_state(shared.clone());
        let task = tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        FakeAccess {
            origin,
            shared,
            task,
        }
    }

    /// The SaaS application's issuer.
    pub fn saas_issuer(&self) -> String {
        format!("{}/cdn-cgi/access/sso/oidc/{CLIENT_ID}", self.origin)
    }

    /// Register the SaaS application's one redirect URI.
    pub fn set_redirect_uri(&self, uri: &str) {
        self.shared.inner.lock().unwrap().redirect_uri = uri.into();
    }

    /// Publish a new signing key (the old one stays published, as Access keeps it valid).
    pub fn rotate_keys(&self, kid: &str) {
        self.shared
            .inner
            .lock()
            .unwrap()
            .keys
            .insert(0, SigningKey::new(kid));
    }

    /// Sign ID tokens with a key that is never published.
    pub fn forge_id_tokens(&self) {
        self.shared.inner.lock().unwrap().forge = true;
    }

    pub fn count(&self, what: &str) -> u64 {
        *self
            .shared
            .inner
            .lock()
            .unwrap()
            .counts
            .get(what)
            .unwrap_or(&0)
    }

    pub fn authorize_params(&self) -> Vec<HashMap<String, String>> {
        self.shared.inner.lock().unwrap().authorize_params.clone()
    }

    pub fn token_params(&self) -> Vec<HashMap<String, String>> {
        self.shared.inner.lock().unwrap().token_params.clone()
    }
}

fn bump(shared: &Shared, what: &'static str) {
    *shared.inner.lock().unwrap().counts.entry(what).or_default() += 1;
}

fn next(shared: &Shared, prefix: &str) -> String {
    format!("{prefix}{}", shared.n.fetch_add(1, Ordering::SeqCst))
}

fn json_status(code: u16, v: &Value) -> Response {
    Response::builder()
        .status(code)
        .header("content-type", "application/json")
        .header("cache-control", "no-store")
        .body(Body::from(v.to_string()))
        .unwrap()
}

fn redirect(to: &str) -> Response {
    Response::builder()
        .status(302)
        .header("location", to)
        .body(Body::empty())
        .unwrap()
}

fn oauth_error(error: &str, description: &str) -> Response {
    json_status(
        400,
        &json!({"error": error, "error_description": description}),
    )
}

fn form(body: &Bytes) -> HashMap<String, String> {
    url::form_urlencoded::parse(body).into_owned().collect()
}

fn s256(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

// ---- Access for SaaS (OIDC) ----

async fn saas_config(State(s): State<Shared>, Path(cid): Path<String>) -> Response {
    bump(&s, "config");
    let issuer = format!("{}/cdn-cgi/access/sso/oidc/{cid}", s.origin);
    json_status(
        200,
        &json!({
            "issuer": issuer,
            "authorization_endpoint": format!("{issuer}/authorization"),
            "token_endpoint": format!("{issuer}/token"),
            "jwks_uri": format!("{issuer}/jwks"),
            "userinfo_endpoint": format!("{issuer}/userinfo"),
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": ["openid", "email", "profile", "groups"],
            "grant_types_supported": ["authorization_code", "refresh_token"],
        }),
    )
}

async fn saas_authorize(
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
        (p("code_challenge"), p("scope"), p("redirect_uri"), cid),
    );
    redirect(&format!(
        "{}?code={code}&state={}",
        p("redirect_uri"),
        p("state")
    ))
}

async fn saas_token(State(s): State<Shared>, Path(cid): Path<String>, body: Bytes) -> Response {
    bump(&s, "token");
    let f = form(&body);
    s.inner.lock().unwrap().token_params.push(f.clone());
    let p = |k: &str| f.get(k).cloned().unwrap_or_default();
    if p("client_id") != cid {
        return json_status(401, &json!({"error": "invalid_client"}));
    }
    let scope = match p("grant_type").as_str() {
        "authorization_code" => {
            let Some((challenge, scope, redirect_uri, _)) =
                s.inner.lock().unwrap().codes.remove(&p("code"))
            else {
                return oauth_error("invalid_grant", "unknown code");
            };
            if s256(&p("code_verifier")) != challenge || p("redirect_uri") != redirect_uri {
                return oauth_error("invalid_grant", "PKCE or redirect_uri mismatch");
            }
            scope
        }
        "refresh_token" => match s.inner.lock().unwrap().refresh.remove(&p("refresh_token")) {
            Some((scope, _)) => scope,
            None => return oauth_error("invalid_grant", "refresh token unknown or used"),
        },
        _ => return oauth_error("unsupported_grant_type", ""),
    };
    bump(
        &s,
        if p("grant_type") == "refresh_token" {
            "refresh"
        } else {
            "code"
        },
    );
    let issuer = format!("{}/cdn-cgi/access/sso/oidc/{cid}", s.origin);
    let mut inner = s.inner.lock().unwrap();
    let exp = now() + inner.expires_in;
    let n = s.n.fetch_add(1, Ordering::SeqCst);
    let claims = json!({"iss": issuer, "aud": [cid], "sub": "user-1", "email": EMAIL,
                        "iat": now(), "exp": exp, "nonce_n": n});
    let forged = inner.forge.then(|| SigningKey::new(&inner.keys[0].kid));
    let signer = forged.as_ref().unwrap_or(&inner.keys[0]);
    let access = signer.sign(&json!({"iss": issuer, "aud": [cid], "sub": "user-1", "email": EMAIL, "exp": exp, "type": "access", "n": n}));
    let id = signer.sign(&claims);
    drop(forged);
    let mut body = json!({"access_token": access, "id_token": id, "token_type": "Bearer",
                          "expires_in": inner.expires_in, "scope": scope});
    if scope.split_whitespace().any(|x| x == "offline_access") {
        let rt = format!("rt{n}");
        inner
            .refresh
            .insert(rt.clone(), (scope.clone(), cid.clone()));
        body["refresh_token"] = rt.into();
    }
    drop(inner);
    let mut tokens = s.rs.tokens.lock().unwrap();
    tokens.insert(access);
    tokens.insert(id);
    json_status(200, &body)
}

async fn jwks(State(s): State<Shared>) -> Response {
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

// ---- Managed OAuth ----

async fn managed_metadata(State(s): State<Shared>) -> Response {
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

fn is_loopback_redirect(uri: &str) -> bool {
    url::Url::parse(uri).is_ok_and(|u| {
        u.scheme() == "http"
            && matches!(
                u.host_str(),
                Some("127.0.0.1") | Some("localhost") | Some("[::1]")
            )
    })
}

async fn managed_register(State(s): State<Shared>, body: Bytes) -> Response {
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
    if uris.is_empty() || !uris.iter().all(|u| is_loopback_redirect(u)) {
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
fn same_but_port(a: &str, b: &str) -> bool {
    match (url::Url::parse(a), url::Url::parse(b)) {
        (Ok(a), Ok(b)) => {
            a.scheme() == b.scheme() && a.host_str() == b.host_str() && a.path() == b.path()
        }
        _ => false,
    }
}

async fn managed_authorize(
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
        (
            p("code_challenge"),
            p("scope"),
            p("redirect_uri"),
            p("client_id"),
        ),
    );
    redirect(&format!(
        "{}?code={code}&state={}",
        p("redirect_uri"),
        p("state")
    ))
}

async fn managed_token(State(s): State<Shared>, body: Bytes) -> Response {
    bump(&s, "token");
    let f = form(&body);
    s.inner.lock().unwrap().token_params.push(f.clone());
    let p = |k: &str| f.get(k).cloned().unwrap_or_default();
    let client = p("client_id");
    let ok = match p("grant_type").as_str() {
        "authorization_code" => match s.inner.lock().unwrap().codes.remove(&p("code")) {
            Some((challenge, _, redirect_uri, cid)) => {
                s256(&p("code_verifier")) == challenge
                    && redirect_uri == p("redirect_uri")
                    && cid == client
            }
            None => false,
        },
        "refresh_token" => s
            .inner
            .lock()
            .unwrap()
            .refresh
            .remove(&p("refresh_token"))
            .is_some_and(|(_, cid)| cid == client),
        _ => false,
    };
    if !ok {
        return oauth_error("invalid_grant", "bad code, verifier or refresh token");
    }
    let access = next(&s, "oauth:at");
    let rt = next(&s, "oauth:rt");
    let expires_in = s.inner.lock().unwrap().expires_in;
    s.inner
        .lock()
        .unwrap()
        .refresh
        .insert(rt.clone(), (String::new(), client));
    s.rs.tokens.lock().unwrap().insert(access.clone());
    json_status(
        200,
        &json!({"access_token": access, "token_type": "bearer",
        "expires_in": expires_in, "refresh_token": rt}),
    )
}
