//! The token endpoint: authorization code, refresh, device code and client credentials
//! grants, with the client authentication the registration calls for (`none`,
//! `client_secret_post`, `client_secret_basic`), and revocation (RFC 7009).

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
            let mut v = http::HeaderValue::from_str(&format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(pair)
            ))
            .map_err(|_| OAuthError::Config("the client id cannot be sent in a header".into()))?;
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
    let err: Option<RawError> = serde_json::from_slice(&bytes).ok();
    match err {
        Some(e) if matches!(e.error.as_str(), "invalid_client" | "unauthorized_client") => {
            Err(OAuthError::ClientRejected { error: e.error })
        }
        Some(e) if e.error == "temporarily_unavailable" || status.is_server_error() => {
            Err(OAuthError::Unavailable { detail: e.error })
        }
        Some(e) => Err(OAuthError::Rejected {
            error: e.error,
            description: e.error_description,
        }),
        None if status.is_server_error() || status.as_u16() == 429 => {
            Err(OAuthError::Unavailable {
                detail: format!("HTTP {status}"),
            })
        }
        None => Err(OAuthError::Rejected {
            error: format!("HTTP {status}"),
            description: None,
        }),
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
