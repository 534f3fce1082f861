//! Client registration, in the spec's order: a pre-registered client (flags or
//! `--static-oauth-client-info`), a Client ID Metadata Document when the server supports it,
//! then Dynamic Client Registration (RFC 7591) as a native public client. Registrations are
//! kept per authorization server (keyed by issuer), never reused at another one.

use std::collections::HashMap;
use std::sync::Mutex;

use serde_json::{Map, Value, json};

use super::OAuthError;
use super::discovery::{AuthServerMetadata, read_capped};
use super::token::{AuthMethod, ClientAuth};
use crate::cli::AuthArgs;
use crate::secret::Secret;
use crate::transport::headers::expand_vars;

/// Where a client registration came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Static,
    Cimd,
    Dcr,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Static => "pre-registered",
            Source::Cimd => "client metadata document",
            Source::Dcr => "dynamic registration",
        }
    }
}

/// A client known to one authorization server.
#[derive(Debug, Clone)]
pub struct ClientRegistration {
    pub client_id: String,
    pub client_secret: Option<Secret>,
    pub method: AuthMethod,
    /// The redirect URI registered (dynamic registrations only).
    pub redirect_uri: Option<String>,
    pub source: Source,
}

impl ClientRegistration {
    pub fn auth(&self) -> ClientAuth {
        ClientAuth {
            client_id: self.client_id.clone(),
            client_secret: self.client_secret.clone(),
            method: self.method,
        }
    }
}

/// Keeps dynamic registrations between sign-ins (and, when backed by the state file, between
/// runs); and what discovery found (see [`super::flow`]'s `known`), which only a store that
/// outlives the process keeps.
pub trait RegistrationStore: Send + Sync {
    fn load(&self, issuer: &str) -> Option<ClientRegistration>;
    fn save(&self, issuer: &str, reg: &ClientRegistration);
    fn forget(&self, issuer: &str);

    /// What discovery found last, as kept.
    fn load_discovered(&self) -> Option<Value> {
        None
    }

    /// Keep what discovery found (`None`: forget it).
    fn save_discovered(&self, _found: Option<&Value>) {}
}

/// Registrations kept for the life of the process.
#[derive(Default)]
pub struct MemoryRegistrations(Mutex<HashMap<String, ClientRegistration>>);

impl RegistrationStore for MemoryRegistrations {
    fn load(&self, issuer: &str) -> Option<ClientRegistration> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(issuer)
            .cloned()
    }
    fn save(&self, issuer: &str, reg: &ClientRegistration) {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(issuer.to_owned(), reg.clone());
    }
    fn forget(&self, issuer: &str) {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .remove(issuer);
    }
}

/// The pre-registered client from the flags, if any.
pub fn static_client(args: &AuthArgs) -> Result<Option<ClientRegistration>, OAuthError> {
    let (id, secret, method) = if let Some(info) = &args.static_oauth_client_info {
        let text = match info.strip_prefix('@') {
            Some(path) => std::fs::read_to_string(path).map_err(|e| {
                OAuthError::Setup(format!(
                    "cannot read --static-oauth-client-info file {path}: {e}"
                ))
            })?,
            None => info.clone(),
        };
        let text = expand_vars(&text, &|k| std::env::var(k).ok()).map_err(|var| {
            OAuthError::Setup(format!(
                "--static-oauth-client-info uses ${{{var}}}, which is not set"
            ))
        })?;
        let v: Value = serde_json::from_str(&text).map_err(|e| {
            OAuthError::Setup(format!("--static-oauth-client-info is not valid JSON: {e}"))
        })?;
        let id = v["client_id"]
            .as_str()
            .ok_or_else(|| OAuthError::Setup("--static-oauth-client-info has no client_id".into()))?
            .to_owned();
        let method = v["token_endpoint_auth_method"]
            .as_str()
            .map(AuthMethod::parse);
        (id, v["client_secret"].as_str().map(Secret::new), method)
    } else if let Some(id) = &args.client_id {
        (
            id.clone(),
            args.client_secret.clone().map(Secret::new),
            None,
        )
    } else {
        return Ok(None);
    };
    let method = method.unwrap_or(if secret.is_some() {
        AuthMethod::Basic
    } else {
        AuthMethod::None
    });
    Ok(Some(ClientRegistration {
        client_id: id,
        client_secret: secret,
        method,
        redirect_uri: None,
        source: Source::Static,
    }))
}

/// Settle the authentication method for a pre-registered client against what the server
/// supports (RFC 8414's default is `client_secret_basic`).
pub fn fit_static(mut reg: ClientRegistration, meta: &AuthServerMetadata) -> ClientRegistration {
    if reg.client_secret.is_some()
        && let Some(methods) = &meta.token_endpoint_auth_methods
        && !methods.iter().any(|m| m == reg.method.as_str())
    {
        if methods.iter().any(|m| m == "client_secret_basic") {
            reg.method = AuthMethod::Basic;
        } else if methods.iter().any(|m| m == "client_secret_post") {
            reg.method = AuthMethod::Post;
        }
    }
    reg
}

/// A Client ID Metadata Document client, when the server supports them.
pub fn cimd_client(url: Option<&str>, meta: &AuthServerMetadata) -> Option<ClientRegistration> {
    let url = url?;
    meta.client_id_metadata_document_supported
        .then(|| ClientRegistration {
            client_id: url.to_owned(),
            client_secret: None,
            method: AuthMethod::None,
            redirect_uri: None,
            source: Source::Cimd,
        })
}

/// `--static-oauth-client-metadata`: a JSON object, given inline or as `@FILE`, `${VAR}`
/// expanded.
pub fn static_metadata(args: &AuthArgs) -> Result<Option<Map<String, Value>>, OAuthError> {
    let Some(given) = &args.static_oauth_client_metadata else {
        return Ok(None);
    };
    let text = match given.strip_prefix('@') {
        Some(path) => std::fs::read_to_string(path).map_err(|e| {
            OAuthError::Setup(format!(
                "cannot read --static-oauth-client-metadata file {path}: {e}"
            ))
        })?,
        None => given.clone(),
    };
    let text = expand_vars(&text, &|k| std::env::var(k).ok()).map_err(|var| {
        OAuthError::Setup(format!(
            "--static-oauth-client-metadata uses ${{{var}}}, which is not set"
        ))
    })?;
    match serde_json::from_str(&text) {
        Ok(Value::Object(m)) => Ok(Some(m)),
        Ok(_) => Err(OAuthError::Setup(
            "--static-oauth-client-metadata must be a JSON object".into(),
        )),
        Err(e) => Err(OAuthError::Setup(format!(
            "--static-oauth-client-metadata is not valid JSON: {e}"
        ))),
    }
}

/// Register as a native public client (RFC 7591). `extra`: metadata merged over the bridge's
/// own (all but `redirect_uris`).
pub async fn register(
    http: &reqwest::Client,
    meta: &AuthServerMetadata,
    redirect_uri: &str,
    scope: Option<&str>,
    grant_types: &[&str],
    extra: Option<&Map<String, Value>>,
) -> Result<ClientRegistration, OAuthError> {
    let endpoint =
        meta.registration_endpoint
            .clone()
            .ok_or_else(|| OAuthError::NoRegistration {
                issuer: meta.issuer.clone(),
            })?;
    let method = match &meta.token_endpoint_auth_methods {
        None => "none",
        Some(m) if m.iter().any(|x| x == "none") => "none",
        Some(m) if m.iter().any(|x| x == "client_secret_post") => "client_secret_post",
        Some(m) if m.iter().any(|x| x == "client_secret_basic") => "client_secret_basic",
        Some(_) => "none",
    };
    let mut body = json!({
        "client_name": "mcp-bridge",
        "software_id": "mcp-bridge",
        "software_version": env!("CARGO_PKG_VERSION"),
        "application_type": "native",
        "redirect_uris": [redirect_uri],
        "grant_types": grant_types,
        "response_types": ["code"],
        "token_endpoint_auth_method": method,
    });
    if let Some(s) = scope {
        body["scope"] = s.into();
    }
    for (k, v) in extra.into_iter().flatten() {
        if k != "redirect_uris" {
            body[k] = v.clone();
        }
    }
    let method = body["token_endpoint_auth_method"]
        .as_str()
        .unwrap_or(method)
        .to_owned();
    let issuer = meta.issuer.clone();
    let fail = |detail: String| OAuthError::Registration {
        issuer: issuer.clone(),
        detail,
    };
    let resp = http
        .post(endpoint.clone())
        .header(http::header::CONTENT_TYPE, "application/json")
        .body(body.to_string())
        .send()
        .await
        .map_err(|e| fail(crate::transport::error::error_chain(&e)))?;
    let status = resp.status();
    let bytes = read_capped(resp, 256 * 1024).await.map_err(fail)?;
    let v: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    if !status.is_success() {
        // What the server says is outside text: a secret it echoes is hidden.
        let error = crate::secret::redact(v["error"].as_str().unwrap_or("")).into_owned();
        let error = error.as_str();
        let description =
            crate::secret::redact(v["error_description"].as_str().unwrap_or("")).into_owned();
        if error == "invalid_redirect_uri"
            || (error == "invalid_client_metadata"
                && description.to_ascii_lowercase().contains("redirect"))
        {
            return Err(OAuthError::RedirectRefused {
                issuer,
                redirect_uris: vec![redirect_uri.to_owned()],
                description,
            });
        }
        let why = if description.is_empty() {
            error
        } else {
            &description
        };
        return Err(fail(format!("HTTP {status} {why}")));
    }
    let client_id = v["client_id"]
        .as_str()
        .ok_or_else(|| fail("no client_id in the answer".into()))?;
    let secret = v["client_secret"].as_str().map(Secret::new);
    let method = v["token_endpoint_auth_method"].as_str().unwrap_or(&method);
    Ok(ClientRegistration {
        client_id: client_id.to_owned(),
        method: if secret.is_some() {
            AuthMethod::parse(method)
        } else {
            AuthMethod::None
        },
        client_secret: secret,
        redirect_uri: Some(redirect_uri.to_owned()),
        source: Source::Dcr,
    })
}
