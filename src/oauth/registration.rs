//! Client registration, in the spec's order: a pre-registered client (flags or
//! `--static-oauth-client-info`), a Client ID Metadata Document when the server supports it,
//! then Dynamic Client Registration (RFC 7591) as a native public client. Registrations are
//! kept per authorization server (keyed by issuer), never reused at another one: in memory
//! ([`MemoryRegistrations`]) or, between runs, in the state file
//! ([`crate::store::state::StateRegistrations`], in its own record shape, converted here).

use std::collections::HashMap;
use std::sync::Mutex;

use serde_json::{Map, Value, json};

use super::OAuthError;
use super::discovery::{AuthServerMetadata, read_capped};
use super::token::{AuthMethod, ClientAuth};
use crate::secret::Secret;
use crate::settings::AuthSettings;
use crate::store::state::{self, KeptRegistration, StateRegistrations};

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

impl ClientRegistration {
    /// The registration as the state file keeps it (registered now).
    pub fn to_kept(&self) -> KeptRegistration {
        KeptRegistration {
            record: state::ClientRegistration {
                client_id: self.client_id.clone(),
                redirect_uri: self.redirect_uri.clone(),
                token_endpoint_auth_method: self.method.as_str().to_owned(),
                registered_at: crate::clock::unix_now(),
                source: match self.source {
                    Source::Static => "static",
                    Source::Cimd => "cimd",
                    Source::Dcr => "dcr",
                }
                .to_owned(),
            },
            secret: self.client_secret.clone(),
        }
    }

    /// A registration the state file kept.
    pub fn from_kept(kept: KeptRegistration) -> ClientRegistration {
        let r = kept.record;
        ClientRegistration {
            method: AuthMethod::parse(&r.token_endpoint_auth_method),
            source: match r.source.as_str() {
                "static" => Source::Static,
                "cimd" => Source::Cimd,
                _ => Source::Dcr,
            },
            client_id: r.client_id,
            client_secret: kept.secret,
            redirect_uri: r.redirect_uri,
        }
    }
}

impl RegistrationStore for StateRegistrations {
    fn load(&self, issuer: &str) -> Option<ClientRegistration> {
        self.get(issuer).map(ClientRegistration::from_kept)
    }

    fn save(&self, issuer: &str, reg: &ClientRegistration) {
        self.put(issuer, &reg.to_kept());
    }

    fn forget(&self, issuer: &str) {
        self.remove(issuer);
    }

    fn load_discovered(&self) -> Option<Value> {
        self.discovered()
    }

    fn save_discovered(&self, found: Option<&Value>) {
        self.set_discovered(found);
    }
}

/// The pre-registered client of the settings, if any (parsed when the settings were
/// resolved: [`crate::settings::AuthSettings`]).
pub fn static_client(settings: &AuthSettings) -> Option<ClientRegistration> {
    let c = settings.static_client.as_ref()?;
    let method = match &c.auth_method {
        Some(m) => AuthMethod::parse(m),
        None if c.client_secret.is_some() => AuthMethod::Basic,
        None => AuthMethod::None,
    };
    Some(ClientRegistration {
        client_id: c.client_id.clone(),
        client_secret: c.client_secret.clone(),
        method,
        redirect_uri: None,
        source: Source::Static,
    })
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

#[cfg(test)]
mod tests {
    use super::*;

    /// What the state file gives back is the registration that was kept, whatever its source.
    #[test]
    fn a_registration_comes_back_from_the_state_file_as_it_was_kept() {
        for (source, method, secret) in [
            (Source::Dcr, AuthMethod::Post, Some("s")),
            (Source::Static, AuthMethod::Basic, Some("t")),
            (Source::Cimd, AuthMethod::None, None),
        ] {
            let reg = ClientRegistration {
                client_id: "c-1".into(),
                client_secret: secret.map(Secret::new),
                method,
                redirect_uri: Some("http://localhost:7331/oauth/callback".into()),
                source,
            };
            let kept = reg.to_kept();
            assert_eq!(kept.record.token_endpoint_auth_method, method.as_str());
            let back = ClientRegistration::from_kept(kept);
            assert_eq!(back.client_id, "c-1");
            assert_eq!(back.source, source);
            assert_eq!(back.method, method);
            assert_eq!(back.redirect_uri, reg.redirect_uri);
            assert_eq!(back.client_secret.as_ref().map(Secret::expose), secret);
        }
    }
}
