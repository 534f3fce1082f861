//! The device authorization grant (RFC 8628) for machines without a browser: show the user a
//! code and an address on stderr, then poll the token endpoint at the pace the server asks.

use std::time::{Duration, Instant};

use serde_json::Value;

use super::OAuthError;
use super::discovery::AuthServerMetadata;
use super::registration::ClientRegistration;
use super::token::{self, TokenResponse};
use crate::printer::Printer;

const GRANT: &str = "urn:ietf:params:oauth:grant-type:device_code";

pub async fn sign_in(
    http: &reqwest::Client,
    meta: &AuthServerMetadata,
    client: &ClientRegistration,
    scope: Option<&str>,
    resource: Option<&str>,
    printer: &Printer,
    timeout: Duration,
) -> Result<TokenResponse, OAuthError> {
    let endpoint =
        meta.device_authorization_endpoint
            .clone()
            .ok_or_else(|| OAuthError::NoDeviceGrant {
                issuer: meta.issuer.clone(),
            })?;
    let mut form = vec![("client_id", client.client_id.clone())];
    form.extend(scope.map(|s| ("scope", s.to_owned())));
    form.extend(resource.map(|r| ("resource", r.to_owned())));
    let (status, bytes) = token::post_form(http.post(endpoint.clone()), &endpoint, &form).await?;
    let v: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    if !status.is_success() {
        return Err(OAuthError::Rejected {
            error: crate::secret::redact(
                v["error"].as_str().unwrap_or("device authorization failed"),
            )
            .into_owned(),
            description: v["error_description"]
                .as_str()
                .map(|d| crate::secret::redact(d).into_owned()),
        });
    }
    let device_code = v["device_code"]
        .as_str()
        .ok_or_else(|| OAuthError::Metadata {
            url: endpoint.to_string(),
            detail: "no device_code".into(),
        })?
        .to_owned();
    let user_code = v["user_code"].as_str().unwrap_or("");
    let uri = v["verification_uri_complete"]
        .as_str()
        .or(v["verification_uri"].as_str())
        .unwrap_or("");
    let uri = super::browser::check_url(uri)?;
    printer.info(format!(
        "To sign in, open {uri}\nand enter the code: {user_code}"
    ));
    let mut interval = Duration::from_secs(v["interval"].as_u64().unwrap_or(5).max(1));
    let expires = Duration::from_secs(v["expires_in"].as_u64().unwrap_or(600)).min(timeout);
    let start = Instant::now();
    loop {
        tokio::time::sleep(interval).await;
        if start.elapsed() > expires {
            return Err(OAuthError::DeviceCodeExpired {
                seconds: expires.as_secs(),
            });
        }
        let mut params = vec![
            ("grant_type", GRANT.to_owned()),
            ("device_code", device_code.clone()),
        ];
        params.extend(resource.map(|r| ("resource", r.to_owned())));
        match token::request(http, &meta.token_endpoint, &client.auth(), params).await {
            Ok(t) => return Ok(t),
            Err(OAuthError::Rejected { error, .. }) if error == "authorization_pending" => {}
            Err(OAuthError::Rejected { error, .. }) if error == "slow_down" => {
                interval += Duration::from_secs(5)
            }
            Err(e) if e.is_transient() => {}
            Err(e) => return Err(e),
        }
    }
}
