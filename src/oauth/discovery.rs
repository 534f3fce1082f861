//! Discovery: protected resource metadata (RFC 9728) from the challenge's `resource_metadata`
//! or the well-known URLs (path-inserted, then root), and authorization server metadata
//! (RFC 8414 and OpenID Connect discovery, every path variant, in the spec's order) with the
//! issuer compared exactly. Servers of the 2025-03-26 era (no resource metadata) fall back to
//! metadata at the server's origin, then to the default endpoints. Every document is capped at
//! 1 MiB and every endpoint must be https (or http on this machine).

use serde_json::Value;
use url::Url;

use super::OAuthError;
use crate::transport::http_client::is_loopback;

/// The largest metadata document accepted.
pub const MAX_METADATA: usize = 1024 * 1024;

/// Protected resource metadata (RFC 9728), the fields the bridge uses.
#[derive(Debug, Clone)]
pub struct ResourceMetadata {
    /// `resource`, verbatim: it is what the bridge sends as the RFC 8707 resource.
    pub resource: String,
    pub authorization_servers: Vec<String>,
    pub scopes_supported: Option<Vec<String>>,
    pub raw: Value,
}

/// Authorization server metadata (RFC 8414 / OIDC discovery), the fields the bridge uses.
#[derive(Debug, Clone)]
pub struct AuthServerMetadata {
    pub issuer: String,
    pub authorization_endpoint: Url,
    pub token_endpoint: Url,
    pub registration_endpoint: Option<Url>,
    pub revocation_endpoint: Option<Url>,
    pub device_authorization_endpoint: Option<Url>,
    pub code_challenge_methods: Vec<String>,
    pub token_endpoint_auth_methods: Option<Vec<String>>,
    pub scopes_supported: Option<Vec<String>>,
    pub client_id_metadata_document_supported: bool,
    pub iss_parameter_supported: bool,
    pub raw: Value,
}

/// What discovery found for one server.
#[derive(Debug, Clone)]
pub struct Discovered {
    pub resource: Option<ResourceMetadata>,
    pub auth_server: AuthServerMetadata,
}

/// Fetch a JSON document. `Ok(None)` for a 4xx (try the next candidate); an error for 5xx,
/// a non-JSON body or a body over the cap.
pub async fn fetch_json(http: &reqwest::Client, url: &Url) -> Result<Option<Value>, OAuthError> {
    let resp = http
        .get(url.clone())
        .header(http::header::ACCEPT, "application/json")
        .header("mcp-protocol-version", "2025-11-25")
        .send()
        .await
        .map_err(|e| OAuthError::Network {
            url: url.to_string(),
            detail: crate::transport::error::error_chain(&e),
        })?;
    let status = resp.status();
    if status.is_redirection()
        && let Some(location) = resp
            .headers()
            .get(http::header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .filter(|l| crate::cf_access::login_page::is_login_redirect(l))
    {
        tracing::debug!(%url, location, "metadata answered with the Access login");
        return Err(OAuthError::AccessLogin {
            url: url.to_string(),
        });
    }
    if status.is_client_error() || status.is_redirection() {
        return Ok(None);
    }
    if !status.is_success() {
        return Err(OAuthError::Metadata {
            url: url.to_string(),
            detail: format!("HTTP {status}"),
        });
    }
    let body = read_capped(resp, MAX_METADATA)
        .await
        .map_err(|detail| OAuthError::Metadata {
            url: url.to_string(),
            detail,
        })?;
    let value: Value = serde_json::from_slice(&body).map_err(|e| OAuthError::Metadata {
        url: url.to_string(),
        detail: format!("not JSON: {e}"),
    })?;
    if !value.is_object() {
        return Err(OAuthError::Metadata {
            url: url.to_string(),
            detail: "not a JSON object".into(),
        });
    }
    Ok(Some(value))
}

/// Read a body of at most `limit` bytes.
pub async fn read_capped(mut resp: reqwest::Response, limit: usize) -> Result<Vec<u8>, String> {
    if resp.content_length().is_some_and(|n| n as usize > limit) {
        return Err(format!("larger than {limit} bytes"));
    }
    let mut out = Vec::new();
    while let Some(chunk) = resp.chunk().await.map_err(|e| e.to_string())? {
        if out.len() + chunk.len() > limit {
            return Err(format!("larger than {limit} bytes"));
        }
        out.extend_from_slice(&chunk);
    }
    Ok(out)
}

/// An endpoint named in metadata must be https, or http on this machine.
pub fn check_endpoint(raw: &str, what: &str) -> Result<Url, OAuthError> {
    let url = Url::parse(raw).map_err(|_| OAuthError::Insecure {
        what: what.into(),
        url: raw.into(),
    })?;
    match url.scheme() {
        "https" => Ok(url),
        "http" if is_loopback(&url) => Ok(url),
        _ => Err(OAuthError::Insecure {
            what: what.into(),
            url: raw.into(),
        }),
    }
}

/// RFC 9728 discovery for `server`. `hint` is the challenge's `resource_metadata`.
pub async fn resource_metadata(
    http: &reqwest::Client,
    server: &Url,
    hint: Option<&str>,
) -> Result<Option<ResourceMetadata>, OAuthError> {
    let candidates: Vec<Url> = match hint {
        Some(h) => vec![check_endpoint(h, "resource_metadata")?],
        None => well_known_candidates(server, "oauth-protected-resource"),
    };
    for url in candidates {
        let Some(doc) = fetch_json(http, &url).await? else {
            continue;
        };
        let resource = doc["resource"].as_str().unwrap_or_default().to_owned();
        if !resource_matches(server, &resource) {
            return Err(OAuthError::ResourceMismatch {
                server: server.to_string(),
                resource,
            });
        }
        let authorization_servers: Vec<String> = doc["authorization_servers"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        if authorization_servers.is_empty() {
            return Err(OAuthError::Metadata {
                url: url.to_string(),
                detail: "no authorization_servers".into(),
            });
        }
        return Ok(Some(ResourceMetadata {
            resource,
            authorization_servers,
            scopes_supported: strings(&doc["scopes_supported"]),
            raw: doc,
        }));
    }
    Ok(None)
}

/// `https://host/.well-known/<suffix><path>` (when the path is not the root), then
/// `https://host/.well-known/<suffix>`.
fn well_known_candidates(server: &Url, suffix: &str) -> Vec<Url> {
    let origin = server.origin().ascii_serialization();
    let path = server.path().trim_end_matches('/');
    let query = server.query().map(|q| format!("?{q}")).unwrap_or_default();
    let mut out = Vec::new();
    if !path.is_empty() {
        out.extend(Url::parse(&format!("{origin}/.well-known/{suffix}{path}{query}")).ok());
    }
    out.extend(Url::parse(&format!("{origin}/.well-known/{suffix}")).ok());
    out
}

/// RFC 9728 §3.3, as MCP clients apply it: the metadata's resource has the server's origin
/// and its path is a prefix of the server's path at a `/` boundary.
pub fn resource_matches(server: &Url, resource: &str) -> bool {
    let Ok(r) = Url::parse(resource) else {
        return false;
    };
    if r.origin() != server.origin() {
        return false;
    }
    let rp = r.path().trim_end_matches('/');
    let sp = server.path().trim_end_matches('/');
    sp == rp || sp.starts_with(&format!("{rp}/")) || rp.is_empty()
}

/// Whether metadata without PKCE S256 is refused (for a sign-in) or read as published (for
/// the doctor, which reports PKCE as a step of its own).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum S256 {
    Required,
    AsPublished,
}

fn parse_with(doc: Value, s256: S256) -> Result<AuthServerMetadata, OAuthError> {
    match s256 {
        S256::Required => parse_auth_server(doc),
        S256::AsPublished => read_auth_server(doc),
    }
}

/// RFC 8414 / OIDC discovery for `issuer`, with the issuer compared exactly.
pub async fn auth_server_metadata(
    http: &reqwest::Client,
    issuer: &str,
) -> Result<AuthServerMetadata, OAuthError> {
    fetch_auth_server(http, issuer, S256::Required).await
}

/// [`auth_server_metadata`], without refusing a server that lacks PKCE S256.
pub async fn auth_server_metadata_as_published(
    http: &reqwest::Client,
    issuer: &str,
) -> Result<AuthServerMetadata, OAuthError> {
    fetch_auth_server(http, issuer, S256::AsPublished).await
}

async fn fetch_auth_server(
    http: &reqwest::Client,
    issuer: &str,
    s256: S256,
) -> Result<AuthServerMetadata, OAuthError> {
    let base = check_endpoint(issuer, "issuer")?;
    let origin = base.origin().ascii_serialization();
    let path = base.path().trim_end_matches('/');
    let candidates = if path.is_empty() {
        vec![
            format!("{origin}/.well-known/oauth-authorization-server"),
            format!("{origin}/.well-known/openid-configuration"),
        ]
    } else {
        vec![
            format!("{origin}/.well-known/oauth-authorization-server{path}"),
            format!("{origin}/.well-known/openid-configuration{path}"),
            format!("{origin}{path}/.well-known/openid-configuration"),
        ]
    };
    for c in candidates {
        let url = Url::parse(&c).map_err(|_| OAuthError::Insecure {
            what: "issuer".into(),
            url: issuer.into(),
        })?;
        if let Some(doc) = fetch_json(http, &url).await? {
            let got = doc["issuer"].as_str().unwrap_or_default();
            if got != issuer {
                return Err(OAuthError::IssuerMismatch {
                    expected: issuer.into(),
                    got: got.into(),
                });
            }
            return parse_with(doc, s256);
        }
    }
    Err(OAuthError::Metadata {
        url: issuer.into(),
        detail: "no authorization server metadata at any well-known address".into(),
    })
}

/// A 2025-03-26-era server: metadata at the MCP server's origin, else the default endpoints.
pub async fn legacy_auth_server(
    http: &reqwest::Client,
    server: &Url,
) -> Result<AuthServerMetadata, OAuthError> {
    fetch_legacy(http, server, S256::Required).await
}

/// [`legacy_auth_server`], without refusing a server that lacks PKCE S256.
pub async fn legacy_auth_server_as_published(
    http: &reqwest::Client,
    server: &Url,
) -> Result<AuthServerMetadata, OAuthError> {
    fetch_legacy(http, server, S256::AsPublished).await
}

async fn fetch_legacy(
    http: &reqwest::Client,
    server: &Url,
    s256: S256,
) -> Result<AuthServerMetadata, OAuthError> {
    let origin = server.origin().ascii_serialization();
    let url =
        Url::parse(&format!("{origin}/.well-known/oauth-authorization-server")).map_err(|e| {
            OAuthError::Metadata {
                url: server.to_string(),
                detail: format!("the authorization server has no usable origin ({e})"),
            }
        })?;
    if let Some(doc) = fetch_json(http, &url).await? {
        let got = doc["issuer"].as_str().unwrap_or_default();
        if got.trim_end_matches('/') != origin {
            return Err(OAuthError::IssuerMismatch {
                expected: origin,
                got: got.into(),
            });
        }
        return parse_with(doc, s256);
    }
    let doc = serde_json::json!({
        "issuer": origin,
        "authorization_endpoint": format!("{origin}/authorize"),
        "token_endpoint": format!("{origin}/token"),
        "registration_endpoint": format!("{origin}/register"),
        "code_challenge_methods_supported": ["S256"],
    });
    parse_auth_server(doc)
}

/// Validate an authorization server metadata document (endpoints, PKCE support).
pub fn parse_auth_server(doc: Value) -> Result<AuthServerMetadata, OAuthError> {
    let meta = read_auth_server(doc)?;
    if !meta.code_challenge_methods.iter().any(|m| m == "S256") {
        return Err(OAuthError::NoS256 {
            issuer: meta.issuer,
            offered: meta.code_challenge_methods,
        });
    }
    Ok(meta)
}

/// Read an authorization server metadata document, checking its endpoints but not its PKCE
/// support.
pub fn read_auth_server(doc: Value) -> Result<AuthServerMetadata, OAuthError> {
    let s = |k: &str| doc[k].as_str();
    let issuer = s("issuer").unwrap_or_default().to_owned();
    let need = |k: &str| {
        s(k).ok_or_else(|| OAuthError::Metadata {
            url: issuer.clone(),
            detail: format!("no {k}"),
        })
    };
    let authorization_endpoint =
        check_endpoint(need("authorization_endpoint")?, "authorization_endpoint")?;
    super::browser::check_url(authorization_endpoint.as_str()).map_err(|e| {
        OAuthError::Metadata {
            url: issuer.clone(),
            detail: e.to_string(),
        }
    })?;
    let token_endpoint = check_endpoint(need("token_endpoint")?, "token_endpoint")?;
    let opt = |k: &str| s(k).map(|v| check_endpoint(v, k)).transpose();
    let methods = strings(&doc["code_challenge_methods_supported"]).unwrap_or_default();
    Ok(AuthServerMetadata {
        registration_endpoint: opt("registration_endpoint")?,
        revocation_endpoint: opt("revocation_endpoint")?,
        device_authorization_endpoint: opt("device_authorization_endpoint")?,
        code_challenge_methods: methods,
        token_endpoint_auth_methods: strings(&doc["token_endpoint_auth_methods_supported"]),
        scopes_supported: strings(&doc["scopes_supported"]),
        client_id_metadata_document_supported: doc["client_id_metadata_document_supported"]
            .as_bool()
            == Some(true),
        iss_parameter_supported: doc["authorization_response_iss_parameter_supported"].as_bool()
            == Some(true),
        issuer,
        authorization_endpoint,
        token_endpoint,
        raw: doc,
    })
}

fn strings(v: &Value) -> Option<Vec<String>> {
    v.as_array().map(|a| {
        a.iter()
            .filter_map(|x| x.as_str().map(str::to_owned))
            .collect()
    })
}

/// Full discovery for a server, starting from an optional challenge hint.
pub async fn discover(
    http: &reqwest::Client,
    server: &Url,
    hint: Option<&str>,
) -> Result<Discovered, OAuthError> {
    match resource_metadata(http, server, hint).await? {
        Some(prm) => {
            let issuer = prm.authorization_servers[0].clone();
            let auth_server = auth_server_metadata(http, &issuer).await?;
            Ok(Discovered {
                resource: Some(prm),
                auth_server,
            })
        }
        None => Ok(Discovered {
            resource: None,
            auth_server: legacy_auth_server(http, server).await?,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn well_known_order() {
        let u = Url::parse("https://ex.com/public/mcp/").unwrap();
        let c: Vec<String> = well_known_candidates(&u, "oauth-protected-resource")
            .iter()
            .map(|u| u.to_string())
            .collect();
        assert_eq!(
            c,
            [
                "https://ex.com/.well-known/oauth-protected-resource/public/mcp",
                "https://ex.com/.well-known/oauth-protected-resource"
            ]
        );
        let root = Url::parse("https://ex.com/").unwrap();
        assert_eq!(well_known_candidates(&root, "x").len(), 1);
    }

    #[test]
    fn resource_matching() {
        let s = Url::parse("https://ex.com/mcp").unwrap();
        assert!(resource_matches(&s, "https://ex.com/mcp"));
        assert!(resource_matches(&s, "https://ex.com"));
        assert!(resource_matches(&s, "https://ex.com/"));
        assert!(!resource_matches(&s, "https://evil.example.com/mcp"));
        assert!(!resource_matches(&s, "https://ex.com/mcp-other"));
        assert!(!resource_matches(&s, "https://ex.com/other"));
        assert!(!resource_matches(&s, "not a url"));
    }

    #[test]
    fn metadata_rules() {
        let ok = serde_json::json!({"issuer":"https://as.test","authorization_endpoint":"https://as.test/a","token_endpoint":"https://as.test/t","code_challenge_methods_supported":["S256"]});
        assert!(parse_auth_server(ok.clone()).is_ok());
        let mut plain = ok.clone();
        plain["code_challenge_methods_supported"] = serde_json::json!(["plain"]);
        assert!(matches!(
            parse_auth_server(plain),
            Err(OAuthError::NoS256 { .. })
        ));
        let mut absent = ok.clone();
        absent
            .as_object_mut()
            .unwrap()
            .remove("code_challenge_methods_supported");
        assert!(matches!(
            parse_auth_server(absent),
            Err(OAuthError::NoS256 { .. })
        ));
        let mut http = ok.clone();
        http["token_endpoint"] = "http://as.test/t".into();
        assert!(matches!(
            parse_auth_server(http),
            Err(OAuthError::Insecure { .. })
        ));
        let mut js = ok;
        js["authorization_endpoint"] = "javascript:alert(1)".into();
        assert!(parse_auth_server(js).is_err());
    }
}
