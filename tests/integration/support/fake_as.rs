//! A fake OAuth 2.1 authorization server on 127.0.0.1:0, with the protected resource metadata
//! of one MCP server: discovery, dynamic registration, an authorization endpoint that redirects
//! straight back (the "user" always consents), PKCE checking, refresh with rotation, revocation.
//! Knobs make it hostile (wrong issuer, no S256, a `javascript:` endpoint, huge metadata, a
//! wrong `iss`), and counters let tests assert what the bridge did.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use axum::body::{Body, Bytes};
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::{get, post};
use base64::Engine;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::fake_server::ResourceAuth;

/// Behaviour switches.
#[derive(Debug, Clone)]
pub struct AsKnobs {
    pub issuer_override: Option<String>,
    pub pkce_methods: Value,
    pub authorization_endpoint_override: Option<String>,
    pub metadata_padding: usize,
    pub prm_resource_override: Option<String>,
    pub scopes_supported: Vec<String>,
    pub issue_refresh_tokens: bool,
    pub expires_in: u64,
    /// `iss` in the callback: Some(value) to send, None to leave out.
    pub callback_iss: Option<String>,
    pub iss_supported: bool,
    /// The token endpoint answers 503 (the server is down).
    pub token_unavailable: bool,
    /// The metadata names a registration endpoint (dynamic registration is offered).
    pub registration: bool,
    /// Refresh grants get this answer instead: (status, content type, body).
    pub refresh_answer: Option<(u16, String, String)>,
    /// Every token request is refused with an answer that quotes the request back: its
    /// codes, verifier, tokens, client secret and Authorization header.
    pub echo: Option<Echo>,
    /// Tokens and codes carry a long random tail, as real ones do.
    pub long_secrets: bool,
    /// Access tokens are JWTs (unsigned) that end this many seconds after issue, whatever
    /// `expires_in` says (as Access for SaaS and many Workers servers do).
    pub jwt_access_lifetime: Option<u64>,
}

/// How the echoing server quotes a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Echo {
    /// `400 {"error": "invalid_request", "error_description": "…"}`
    Json,
    /// `403` and an HTML page (a firewall's) whose title and body quote it.
    Html,
}

impl Default for AsKnobs {
    fn default() -> Self {
        AsKnobs {
            issuer_override: None,
            pkce_methods: json!(["S256"]),
            authorization_endpoint_override: None,
            metadata_padding: 0,
            prm_resource_override: None,
            scopes_supported: vec!["mcp:tools".into()],
            issue_refresh_tokens: true,
            expires_in: 3600,
            callback_iss: Some(String::new()),
            iss_supported: true,
            token_unavailable: false,
            registration: true,
            refresh_answer: None,
            echo: None,
            long_secrets: false,
            jwt_access_lifetime: None,
        }
    }
}

#[derive(Default)]
struct Inner {
    knobs: AsKnobs,
    /// device code -> polls so far
    devices: HashMap<String, u32>,
    /// code -> (challenge, client_id, scope, resource)
    codes: HashMap<String, (String, String, String, Option<String>)>,
    /// live refresh token -> scope
    refresh: HashMap<String, String>,
    clients: HashSet<String>,
    counts: HashMap<&'static str, u64>,
    authorize_params: Vec<HashMap<String, String>>,
    token_params: Vec<HashMap<String, String>>,
    register_bodies: Vec<Value>,
}

#[derive(Clone)]
struct Shared {
    inner: Arc<Mutex<Inner>>,
    n: Arc<AtomicU64>,
    issuer: String,
    resource: String,
    rs: ResourceAuth,
}

pub struct FakeAs {
    pub issuer: String,
    pub resource_auth: ResourceAuth,
    shared: Shared,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for FakeAs {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl FakeAs {
    /// Start an AS for the MCP server at `resource` (its URL).
    pub async fn start(resource: &str, knobs: AsKnobs) -> FakeAs {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let issuer = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
        let rs = ResourceAuth {
            tokens: Default::default(),
            challenge: format!(
                r#"Bearer error="invalid_token", resource_metadata="{issuer}/prm", scope="mcp:tools""#
            ),
            tool_scopes: HashMap::new(),
            token_scopes: Default::default(),
            resource_metadata: format!("{issuer}/prm"),
            slow_refusals: HashMap::new(),
        };
        let shared = Shared {
            inner: Arc::new(Mutex::new(Inner {
                knobs,
                ..Inner::default()
            })),
            n: Default::default(),
            issuer: issuer.clone(),
            resource: resource.to_owned(),
            rs: rs.clone(),
        };
        let app = axum::Router::new()
            .route("/prm", get(prm))
            .route("/.well-known/oauth-authorization-server", get(metadata))
            .route("/register", post(register))
            .route("/authorize", get(authorize))
            .route("/token", post(token))
            .route("/revoke", post(revoke))
            .route("/device", post(device))
            .with_state(shared.clone());
        let task = tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        FakeAs {
            issuer,
            resource_auth: rs,
            shared,
            task,
        }
    }

    pub fn set(&self, f: impl FnOnce(&mut AsKnobs)) {
        f(&mut self.shared.inner.lock().unwrap().knobs);
    }

    /// How many requests an endpoint got ("register", "authorize", "token:authorization_code",
    /// "token:refresh_token", "revoke", and the discovery documents "prm" and "metadata").
    pub fn count(&self, what: &str) -> u64 {
        self.shared
            .inner
            .lock()
            .unwrap()
            .counts
            .get(what)
            .copied()
            .unwrap_or(0)
    }

    pub fn authorize_params(&self) -> Vec<HashMap<String, String>> {
        self.shared.inner.lock().unwrap().authorize_params.clone()
    }

    /// Know `client_id` as if it had registered earlier (with another tool).
    pub fn add_client(&self, client_id: &str) {
        self.shared
            .inner
            .lock()
            .unwrap()
            .clients
            .insert(client_id.to_owned());
    }

    /// The client metadata of every registration request, in order.
    pub fn register_bodies(&self) -> Vec<Value> {
        self.shared.inner.lock().unwrap().register_bodies.clone()
    }

    pub fn token_params(&self) -> Vec<HashMap<String, String>> {
        self.shared.inner.lock().unwrap().token_params.clone()
    }

    /// Refresh tokens the server would still accept (for the crash test, which kills with
    /// SIGKILL and so runs on Unix only).
    #[cfg(unix)]
    pub fn live_refresh_tokens(&self) -> HashSet<String> {
        self.shared
            .inner
            .lock()
            .unwrap()
            .refresh
            .keys()
            .cloned()
            .collect()
    }

    /// Invalidate every access token (as if they expired).
    pub fn expire_access_tokens(&self) {
        self.resource_auth.tokens.lock().unwrap().clear();
    }

    /// Invalidate every access token but `keep`.
    pub fn expire_access_tokens_but(&self, keep: &str) {
        self.resource_auth
            .tokens
            .lock()
            .unwrap()
            .retain(|t| t == keep);
    }
}

fn bump(s: &Shared, what: &'static str) {
    *s.inner.lock().unwrap().counts.entry(what).or_default() += 1;
}

fn json_resp(status: u16, v: &Value) -> Response {
    Response::builder()
        .status(status)
        .header("content-type", "application/json")
        .body(Body::from(v.to_string()))
        .unwrap()
}

async fn prm(State(s): State<Shared>) -> Response {
    bump(&s, "prm");
    let k = s.inner.lock().unwrap().knobs.clone();
    json_resp(
        200,
        &json!({
            "resource": k.prm_resource_override.unwrap_or(s.resource.clone()),
            "authorization_servers": [s.issuer],
            "scopes_supported": ["mcp:tools"],
        }),
    )
}

async fn metadata(State(s): State<Shared>) -> Response {
    bump(&s, "metadata");
    let k = s.inner.lock().unwrap().knobs.clone();
    let i = &s.issuer;
    let mut m = json!({
        "issuer": k.issuer_override.unwrap_or(i.clone()),
        "authorization_endpoint": k.authorization_endpoint_override.unwrap_or(format!("{i}/authorize")),
        "token_endpoint": format!("{i}/token"),
        "registration_endpoint": format!("{i}/register"),
        "revocation_endpoint": format!("{i}/revoke"),
        "device_authorization_endpoint": format!("{i}/device"),
        "response_types_supported": ["code"],
        "grant_types_supported": ["authorization_code", "refresh_token"],
        "token_endpoint_auth_methods_supported": ["none", "client_secret_basic"],
        "scopes_supported": k.scopes_supported,
        "authorization_response_iss_parameter_supported": k.iss_supported,
    });
    if !k.registration {
        m.as_object_mut().unwrap().remove("registration_endpoint");
    }
    if !k.pkce_methods.is_null() {
        m["code_challenge_methods_supported"] = k.pkce_methods.clone();
    }
    if k.metadata_padding > 0 {
        m["padding"] = "x".repeat(k.metadata_padding).into();
    }
    json_resp(200, &m)
}

async fn register(State(s): State<Shared>, body: Bytes) -> Response {
    bump(&s, "register");
    let req: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    s.inner.lock().unwrap().register_bodies.push(req.clone());
    if req["application_type"] != "native"
        || req["redirect_uris"].as_array().is_none_or(|a| a.is_empty())
    {
        return json_resp(400, &json!({"error": "invalid_client_metadata"}));
    }
    let id = format!("client-{}", s.n.fetch_add(1, Ordering::SeqCst));
    s.inner.lock().unwrap().clients.insert(id.clone());
    json_resp(
        201,
        &json!({ "client_id": id, "redirect_uris": req["redirect_uris"], "token_endpoint_auth_method": "none" }),
    )
}

async fn authorize(State(s): State<Shared>, Query(q): Query<HashMap<String, String>>) -> Response {
    bump(&s, "authorize");
    let mut inner = s.inner.lock().unwrap();
    inner.authorize_params.push(q.clone());
    let redirect = q.get("redirect_uri").cloned().unwrap_or_default();
    let code = format!(
        "code-{}{}",
        s.n.fetch_add(1, Ordering::SeqCst),
        tail(&inner)
    );
    inner.codes.insert(
        code.clone(),
        (
            q.get("code_challenge").cloned().unwrap_or_default(),
            q.get("client_id").cloned().unwrap_or_default(),
            q.get("scope").cloned().unwrap_or_default(),
            q.get("resource").cloned(),
        ),
    );
    let mut loc = url::Url::parse(&redirect).unwrap();
    loc.query_pairs_mut()
        .append_pair("code", &code)
        .append_pair("state", q.get("state").map(String::as_str).unwrap_or(""));
    match &inner.knobs.callback_iss {
        Some(iss) if iss.is_empty() => {
            loc.query_pairs_mut().append_pair("iss", &s.issuer);
        }
        Some(iss) => {
            loc.query_pairs_mut().append_pair("iss", iss);
        }
        None => {}
    }
    Response::builder()
        .status(302)
        .header("location", loc.to_string())
        .body(Body::empty())
        .unwrap()
}

/// A random tail for secrets when `long_secrets` is on.
fn tail(inner: &Inner) -> String {
    if !inner.knobs.long_secrets {
        return String::new();
    }
    let mut r = [0u8; 12];
    for b in &mut r {
        *b = rand_byte();
    }
    format!(
        "-{}",
        r.iter().map(|b| format!("{b:02x}")).collect::<String>()
    )
}

fn rand_byte() -> u8 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos() as u64,
    );
    h.finish() as u8
}

fn issue(s: &Shared, inner: &mut Inner, scope: &str) -> Value {
    // Named after the issuer too: two fake servers never issue the same token.
    let port = s.issuer.rsplit(':').next().unwrap_or_default();
    let mut at = format!(
        "at-{port}-{}{}",
        s.n.fetch_add(1, Ordering::SeqCst),
        tail(inner)
    );
    if let Some(lifetime) = inner.knobs.jwt_access_lifetime {
        let iat = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs();
        let claims = json!({ "sub": "alice", "jti": at, "iat": iat, "exp": iat + lifetime });
        at = format!(
            "eyJhbGciOiJub25lIn0.{}.",
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(claims.to_string())
        );
    }
    s.rs.tokens.lock().unwrap().insert(at.clone());
    s.rs.token_scopes
        .lock()
        .unwrap()
        .insert(at.clone(), scope.to_owned());
    // An ID token too: a JWT whose payload names the user and its expiry.
    let exp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        + inner.knobs.expires_in;
    let claims = json!({ "sub": "alice", "email": "alice@example.test", "exp": exp });
    let id = format!(
        "eyJhbGciOiJub25lIn0.{}.sig-{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(claims.to_string()),
        s.n.fetch_add(1, Ordering::SeqCst)
    );
    s.rs.tokens.lock().unwrap().insert(id.clone());
    s.rs.token_scopes
        .lock()
        .unwrap()
        .insert(id.clone(), scope.to_owned());
    let mut v = json!({ "access_token": at, "id_token": id, "token_type": "bearer", "expires_in": inner.knobs.expires_in, "scope": scope });
    if inner.knobs.issue_refresh_tokens {
        let rt = format!("rt-{}{}", s.n.fetch_add(1, Ordering::SeqCst), tail(inner));
        inner.refresh.insert(rt.clone(), scope.to_owned());
        v["refresh_token"] = rt.into();
    }
    v
}

async fn token(State(s): State<Shared>, headers: HeaderMap, body: Bytes) -> Response {
    let mut form: HashMap<String, String> =
        url::form_urlencoded::parse(&body).into_owned().collect();
    if let Some(b) = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "))
    {
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(b)
            .unwrap_or_default();
        form.insert(
            "__basic".into(),
            String::from_utf8_lossy(&decoded).into_owned(),
        );
    }
    let grant = form.get("grant_type").cloned().unwrap_or_default();
    let mut inner = s.inner.lock().unwrap();
    inner.token_params.push(form.clone());
    let bad = |e: &str| json_resp(400, &json!({ "error": e }));
    if inner.knobs.token_unavailable {
        return json_resp(503, &json!({ "error": "temporarily_unavailable" }));
    }
    if let Some(echo) = inner.knobs.echo {
        *inner.counts.entry("token:echoed").or_default() += 1;
        return echo_answer(echo, &form, &headers);
    }
    if grant == "refresh_token"
        && let Some((status, content_type, body)) = inner.knobs.refresh_answer.clone()
    {
        *inner.counts.entry("token:refresh_token").or_default() += 1;
        return Response::builder()
            .status(status)
            .header("content-type", content_type)
            .body(Body::from(body))
            .unwrap();
    }
    // A client authenticating with client_secret_basic names itself in the header.
    if let Some(id) = form
        .get("__basic")
        .and_then(|b| b.split_once(':'))
        .map(|(id, _)| id.to_owned())
    {
        form.entry("client_id".into()).or_insert(id);
    }
    match grant.as_str() {
        "urn:ietf:params:oauth:grant-type:device_code" => {
            *inner.counts.entry("token:device_code").or_default() += 1;
            let code = form.get("device_code").cloned().unwrap_or_default();
            let Some(polls) = inner.devices.get_mut(&code) else {
                return bad("invalid_grant");
            };
            *polls += 1;
            if *polls < 2 {
                return bad("authorization_pending");
            }
            inner.devices.remove(&code);
            let v = issue(&s, &mut inner, "mcp:tools");
            json_resp(200, &v)
        }
        "client_credentials" => {
            *inner.counts.entry("token:client_credentials").or_default() += 1;
            let basic = headers_basic(&form);
            if basic.as_deref() != Some("machine:machine-secret") {
                return json_resp(401, &json!({ "error": "invalid_client" }));
            }
            let v = issue(&s, &mut inner, "mcp:tools");
            json_resp(200, &v)
        }
        "authorization_code" => {
            *inner.counts.entry("token:authorization_code").or_default() += 1;
            let Some((challenge, client, scope, _res)) = inner
                .codes
                .remove(form.get("code").map(String::as_str).unwrap_or(""))
            else {
                return bad("invalid_grant");
            };
            let verifier = form.get("code_verifier").cloned().unwrap_or_default();
            let computed = base64::engine::general_purpose::URL_SAFE_NO_PAD
                .encode(Sha256::digest(verifier.as_bytes()));
            if computed != challenge || form.get("client_id") != Some(&client) {
                return bad("invalid_grant");
            }
            if !inner.clients.contains(&client) {
                return json_resp(401, &json!({ "error": "invalid_client" }));
            }
            let v = issue(&s, &mut inner, &scope);
            json_resp(200, &v)
        }
        "refresh_token" => {
            *inner.counts.entry("token:refresh_token").or_default() += 1;
            let rt = form.get("refresh_token").cloned().unwrap_or_default();
            let Some(scope) = inner.refresh.remove(&rt) else {
                // Reuse of a rotated token revokes the whole family.
                inner.refresh.clear();
                return bad("invalid_grant");
            };
            let v = issue(&s, &mut inner, &scope);
            json_resp(200, &v)
        }
        _ => bad("unsupported_grant_type"),
    }
}

/// An answer quoting every secret of the request, whole and (the refresh token) in part.
fn echo_answer(echo: Echo, form: &HashMap<String, String>, headers: &HeaderMap) -> Response {
    let mut quoted: Vec<String> = form
        .iter()
        .filter(|(k, _)| !matches!(k.as_str(), "grant_type" | "client_id" | "redirect_uri"))
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    quoted.sort();
    if let Some(rt) = form.get("refresh_token") {
        quoted.push(format!("(it starts {})", &rt[..rt.len().min(12)]));
    }
    if let Some(a) = headers.get("authorization").and_then(|v| v.to_str().ok()) {
        quoted.push(format!("Authorization: {a}"));
    }
    let text = format!("this request is not acceptable: {}", quoted.join("; "));
    match echo {
        Echo::Json => json_resp(
            400,
            &json!({ "error": "invalid_request", "error_description": text }),
        ),
        Echo::Html => Response::builder()
            .status(403)
            .header("content-type", "text/html")
            .body(Body::from(format!(
                "<!DOCTYPE html><html><head><title>Blocked: {text}</title></head>\
                 <body><h1>Request blocked</h1><p>{text}</p></body></html>"
            )))
            .unwrap(),
    }
}

async fn revoke(State(s): State<Shared>, _h: HeaderMap, body: Bytes) -> Response {
    bump(&s, "revoke");
    let form: HashMap<String, String> = url::form_urlencoded::parse(&body).into_owned().collect();
    let t = form.get("token").cloned().unwrap_or_default();
    s.inner.lock().unwrap().refresh.remove(&t);
    s.rs.tokens.lock().unwrap().remove(&t);
    Response::builder().status(200).body(Body::empty()).unwrap()
}

fn headers_basic(form: &HashMap<String, String>) -> Option<String> {
    form.get("__basic").cloned()
}

async fn device(State(s): State<Shared>, body: Bytes) -> Response {
    bump(&s, "device");
    let form: HashMap<String, String> = url::form_urlencoded::parse(&body).into_owned().collect();
    if !form.contains_key("client_id") {
        return json_resp(400, &json!({ "error": "invalid_client" }));
    }
    let code = format!("dev-{}", s.n.fetch_add(1, Ordering::SeqCst));
    s.inner.lock().unwrap().devices.insert(code.clone(), 0);
    json_resp(
        200,
        &json!({
            "device_code": code, "user_code": "WXYZ-1234", "verification_uri": format!("{}/activate", s.issuer),
            "expires_in": 60, "interval": 1,
        }),
    )
}
