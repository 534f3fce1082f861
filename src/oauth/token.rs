//! The token endpoint: authorization code, refresh, device code and client credentials
//! grants, with the client authentication the registration calls for (`none`,
//! `client_secret_post`, `client_secret_basic`), and revocation (RFC 7009).
//!
//! How an answer that is not a token is read (what [`OAuthError::is_rejection`] then makes of
//! it): an OAuth error (`{"error": …}`) is the server's word — `invalid_client` as
//! [`OAuthError::ClientRejected`], `temporarily_unavailable` or any 5xx/429 as
//! [`OAuthError::Unavailable`], the rest as [`OAuthError::Rejected`] with its code. A body
//! that is no OAuth error (a firewall's HTML page, a CDN's error) says nothing about the
//! credential: a 5xx or 429 is [`OAuthError::Unavailable`], anything else
//! [`OAuthError::NotOAuth`]. Text from the server is passed through
//! [`crate::secret::redact`].

use base64::Engine;
use serde::Deserialize;
use url::Url;

use super::OAuthError;
use super::discovery::read_capped;
use crate::secret::Secret;

/// How the client authenticates at the token endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthMethod {
    None,
    Post,
    Basic,
}

impl AuthMethod {
    pub fn parse(s: &str) -> AuthMethod {
        match s {
            "client_secret_basic" => AuthMethod::Basic,
            "client_secret_post" => AuthMethod::Post,
            _ => AuthMethod::None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            AuthMethod::None => "none",
            AuthMethod::Post => "client_secret_post",
            AuthMethod::Basic => "client_secret_basic",
        }
    }
}

/// The client as the token endpoint sees it.
#[derive(Debug, Clone)]
pub struct ClientAuth {
    pub client_id: String,
    pub client_secret: Option<Secret>,
    pub method: AuthMethod,
}

/// A successful token response.
#[derive(Debug, Clone)]
pub struct TokenResponse {
    pub access_token: Secret,
    pub token_type: String,
    pub expires_in: Option<u64>,
    pub refresh_token: Option<Secret>,
    pub scope: Option<String>,
    pub id_token: Option<Secret>,
}

#[derive(Deserialize)]
struct RawToken {
    access_token: String,
    #[serde(default)]
    token_type: Option<String>,
    #[serde(default)]
    expires_in: Option<serde_json::Value>,
    #[serde(default)]
    refresh_token: Option<String>,
    #[serde(default)]
    scope: Option<String>,
    #[serde(default)]
    id_token: Option<String>,
}

#[derive(Deserialize)]
struct RawError {
    error: String,
    #[serde(default)]
    error_description: Option<String>,
}

/// POST a grant to the token endpoint.
pub async fn request(
    http: &reqwest::Client,
    endpoint: &Url,
    client: &ClientAuth,
    mut params: Vec<(&str, String)>,
) -> Result<TokenResponse, OAuthError> {
    let mut req = http
        .post(endpoint.clone())
        .header(http::header::ACCEPT, "application/json");
    match (client.method, &client.client_secret) {
        (AuthMethod::Basic, Some(secret)) => {
            let enc =
                |s: &str| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
            let pair = format!("{}:{}", enc(&client.client_id), enc(secret.expose()));
            let encoded = base64::engine::general_purpose::STANDARD.encode(pair);
            // A server that echoes the header would quote the secret in this form.
            crate::secret::redact::remember(&encoded);
            let mut v = http::HeaderValue::from_str(&format!("Basic {encoded}")).map_err(|_| {
                OAuthError::Setup("the client id cannot be sent in a header".into())
            })?;
            v.set_sensitive(true);
            req = req.header(http::header::AUTHORIZATION, v);
        }
        (AuthMethod::Post, Some(secret)) => {
            params.push(("client_id", client.client_id.clone()));
            params.push(("client_secret", secret.expose().to_owned()));
        }
        _ => params.push(("client_id", client.client_id.clone())),
    }
    let (status, bytes) = post_form(req, endpoint, &params).await?;
    if status.is_success() {
        let raw: RawToken = serde_json::from_slice(&bytes).map_err(|e| OAuthError::Metadata {
            url: endpoint.to_string(),
            detail: format!("token response is not valid: {e}"),
        })?;
        return Ok(from_raw(raw));
    }
    Err(error_answer(endpoint, status, &bytes))
}

/// What a token endpoint's answer other than a token means (see the module documentation).
pub fn error_answer(endpoint: &Url, status: reqwest::StatusCode, body: &[u8]) -> OAuthError {
    let busy = status.is_server_error() || status.as_u16() == 429;
    match serde_json::from_slice::<RawError>(body) {
        Ok(e) => {
            let error = crate::secret::redact(&e.error).into_owned();
            let description = e
                .error_description
                .map(|d| crate::secret::redact(&d).into_owned());
            match error.as_str() {
                "invalid_client" => OAuthError::ClientRejected { error },
                "temporarily_unavailable" => OAuthError::Unavailable { detail: error },
                _ if busy => OAuthError::Unavailable {
                    detail: format!("HTTP {} {error}", status.as_u16()),
                },
                _ => OAuthError::Rejected { error, description },
            }
        }
        Err(_) => {
            let text = String::from_utf8_lossy(&body[..body.len().min(64 * 1024)]);
            let summary = crate::transport::error::reason(&text);
            if busy {
                OAuthError::Unavailable {
                    detail: format!("HTTP {}{summary}", status.as_u16()),
                }
            } else {
                OAuthError::NotOAuth {
                    url: endpoint.to_string(),
                    status: status.as_u16(),
                    summary,
                }
            }
        }
    }
}

/// POST a form and read the answer (at most 256 KiB): the status and the body.
pub async fn post_form(
    req: reqwest::RequestBuilder,
    endpoint: &Url,
    params: &[(&str, String)],
) -> Result<(reqwest::StatusCode, Vec<u8>), OAuthError> {
    let body = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(params)
        .finish();
    let resp = req
        .header(
            http::header::CONTENT_TYPE,
            "application/x-www-form-urlencoded",
        )
        .body(body)
        .send()
        .await
        .map_err(|e| OAuthError::Network {
            url: endpoint.to_string(),
            detail: crate::transport::error::error_chain(&e),
        })?;
    let status = resp.status();
    let bytes = read_capped(resp, 256 * 1024)
        .await
        .map_err(|detail| OAuthError::Unavailable { detail })?;
    Ok((status, bytes))
}

fn from_raw(raw: RawToken) -> TokenResponse {
    let expires_in = match raw.expires_in {
        Some(serde_json::Value::Number(n)) => n.as_u64(),
        Some(serde_json::Value::String(s)) => s.parse().ok(),
        _ => None,
    };
    TokenResponse {
        access_token: Secret::new(raw.access_token),
        token_type: raw.token_type.unwrap_or_else(|| "Bearer".into()),
        expires_in,
        refresh_token: raw.refresh_token.filter(|s| !s.is_empty()).map(Secret::new),
        scope: raw.scope,
        id_token: raw.id_token.map(Secret::new),
    }
}

/// Revoke a token (RFC 7009). Failures are reported but not fatal to the caller.
pub async fn revoke(
    http: &reqwest::Client,
    endpoint: &Url,
    client: &ClientAuth,
    token: &Secret,
    hint: &str,
) -> Result<(), OAuthError> {
    match request(
        http,
        endpoint,
        client,
        vec![
            ("token", token.expose().to_owned()),
            ("token_type_hint", hint.to_owned()),
        ],
    )
    .await
    {
        // A revocation endpoint answers 200 with an empty body, which is not a token response.
        Ok(_) | Err(OAuthError::Metadata { .. }) => Ok(()),
        Err(e) => Err(e),
    }
}
