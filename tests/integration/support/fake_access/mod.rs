//! A fake Cloudflare Access team domain on 127.0.0.1:0, with the endpoints of both ways Access
//! can sign a user in:
//!
//! - **Access for SaaS (OIDC)**, one application `CLIENT_ID` whose issuer is
//!   `<origin>/cdn-cgi/access/sso/oidc/<client_id>`: `openid-configuration` (no PKCE methods
//!   listed; the token endpoint's auth methods listed only when a test says so),
//!   `/authorization` with the one pre-registered redirect URI, `/token` accepting PKCE without
//!   a client secret or the application's secret (in the form, or as HTTP Basic when listed),
//!   issuing RS256 JWT access and ID tokens (the ID token repeats the `nonce`) and rotating
//!   refresh tokens when `offline_access` was granted, and `/jwks` with key rotation (the
//!   previous key stays published).
//! - **Managed OAuth**: RFC 8414 metadata with the team domain as issuer, dynamic registration
//!   of loopback redirect URIs on any port — `localhost` and `127.0.0.1` each only while its
//!   toggle ("Allow localhost clients", "Allow loopback clients") is on, otherwise Access's
//!   `invalid_client_metadata` — S256 only, `resource` checked at the token endpoint, opaque
//!   `oauth:` access and rotating refresh tokens.
//!
//! Every token issued is added to the resource server's accepted set; counters and the recorded
//! parameters let tests assert what the bridge did. The endpoints are in [`saas`] and
//! [`managed`].

mod managed;
mod saas;

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::rsa::{KeyPair, KeySize, PublicKeyComponents};
use aws_lc_rs::signature::{KeyPair as _, RSA_PKCS1_SHA256};
use axum::body::{Body, Bytes};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::{get, post};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::fake_server::ResourceAuth;

pub const CLIENT_ID: &str = "4f1c0ffee";
/// The SaaS application's client secret (a public client need not send it).
pub const CLIENT_SECRET: &str = "saas-s3cret-9f8e";
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

/// An authorization code waiting to be exchanged.
#[derive(Clone, Default)]
struct Code {
    challenge: String,
    scope: String,
    redirect_uri: String,
    client_id: String,
    nonce: Option<String>,
    resource: String,
}

/// What a live refresh token stands for.
#[derive(Clone, Default)]
struct Grant {
    scope: String,
    client_id: String,
    resource: String,
}

struct Inner {
    /// The SaaS application's registered redirect URI.
    redirect_uri: String,
    /// Published keys, newest first; the first signs.
    keys: Vec<SigningKey>,
    /// Sign with a key that is never published (a forged token).
    forge: bool,
    codes: HashMap<String, Code>,
    refresh: HashMap<String, Grant>,
    /// Managed OAuth registrations: client_id -> redirect URI
    clients: HashMap<String, String>,
    counts: HashMap<&'static str, u64>,
    authorize_params: Vec<HashMap<String, String>>,
    token_params: Vec<HashMap<String, String>>,
    /// How each token request authenticated the client: none, client_secret_post or
    /// client_secret_basic.
    token_auth: Vec<String>,
    /// `token_endpoint_auth_methods_supported` in the SaaS discovery document.
    saas_auth_methods: Option<Vec<String>>,
    /// Whether a SaaS refresh brings a new ID token.
    id_token_on_refresh: bool,
    /// Managed OAuth's "Allow localhost clients" and "Allow loopback clients".
    allow_localhost: bool,
    allow_loopback: bool,
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
            redirect_uri: String::new(),
            keys: vec![SigningKey::new("k1")],
            forge: false,
            codes: HashMap::new(),
            refresh: HashMap::new(),
            clients: HashMap::new(),
            counts: HashMap::new(),
            authorize_params: Vec::new(),
            token_params: Vec::new(),
            token_auth: Vec::new(),
            saas_auth_methods: None,
            id_token_on_refresh: true,
            allow_localhost: true,
            allow_loopback: true,
            expires_in: 3600,
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
                get(saas::saas_config),
            )
            .route(&format!("{saas}/authorization"), get(saas::saas_authorize))
            .route(&format!("{saas}/token"), post(saas::saas_token))
            .route(&format!("{saas}/jwks"), get(saas::jwks))
            .route(
                "/.well-known/oauth-authorization-server",
                get(managed::managed_metadata),
            )
            .route(
                "/cdn-cgi/access/oauth/registration",
                post(managed::managed_register),
            )
            .route(
                "/cdn-cgi/access/oauth/authorization",
                get(managed::managed_authorize),
            )
            .route("/cdn-cgi/access/oauth/token", post(managed::managed_token))
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

    /// List the SaaS token endpoint's auth methods in its discovery document.
    pub fn set_saas_auth_methods(&self, methods: &[&str]) {
        self.shared.inner.lock().unwrap().saas_auth_methods =
            Some(methods.iter().map(|m| m.to_string()).collect());
    }

    /// SaaS refreshes bring no new ID token.
    pub fn no_id_token_on_refresh(&self) {
        self.shared.inner.lock().unwrap().id_token_on_refresh = false;
    }

    /// Managed OAuth's "Allow localhost clients" and "Allow loopback clients" toggles.
    pub fn allow_redirects(&self, localhost: bool, loopback: bool) {
        let mut inner = self.shared.inner.lock().unwrap();
        inner.allow_localhost = localhost;
        inner.allow_loopback = loopback;
    }

    /// The resource server stops accepting every token issued so far, as when they expire.
    pub fn expire_issued_tokens(&self) {
        self.shared.rs.tokens.lock().unwrap().clear();
    }

    /// How each token request authenticated the client.
    pub fn token_auth(&self) -> Vec<String> {
        self.shared.inner.lock().unwrap().token_auth.clone()
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

/// The client authentication of a token request: (method, client_id, secret).
fn client_auth(
    headers: &HeaderMap,
    f: &HashMap<String, String>,
) -> (String, String, Option<String>) {
    let basic = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "))
        .and_then(|b| base64::engine::general_purpose::STANDARD.decode(b).ok())
        .and_then(|b| String::from_utf8(b).ok());
    if let Some((id, secret)) = basic.as_deref().and_then(|b| b.split_once(':')) {
        let dec = |v: &str| {
            url::form_urlencoded::parse(format!("v={v}").as_bytes())
                .next()
                .unwrap()
                .1
                .into_owned()
        };
        return ("client_secret_basic".into(), dec(id), Some(dec(secret)));
    }
    let id = f.get("client_id").cloned().unwrap_or_default();
    match f.get("client_secret") {
        Some(secret) => ("client_secret_post".into(), id, Some(secret.clone())),
        None => ("none".into(), id, None),
    }
}

fn take_code(s: &Shared, code: &str) -> Option<Code> {
    s.inner.lock().unwrap().codes.remove(code)
}

fn take_grant(s: &Shared, refresh_token: &str) -> Option<Grant> {
    s.inner.lock().unwrap().refresh.remove(refresh_token)
}
