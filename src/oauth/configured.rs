//! An authorization server the user names, instead of the one the MCP server advertises:
//! `--authorization-server ISSUER`, `--cf-access-team TEAM` with `--client-id` (an Access for
//! SaaS application), or the Cloudflare guide's `ACCESS_*` variables. Such a server is not an
//! MCP authorization server: it gets OpenID scopes and no `resource` parameter unless asked.

use serde_json::Value;
use url::Url;

use super::OAuthError;
use super::discovery::{self, AuthServerMetadata, check_endpoint, fetch_json, parse_auth_server};
use crate::cf_access::{self, AccessEnv};
use crate::settings::AuthSettings;

/// Which server the flags or environment name, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Configured {
    /// Discover this issuer's metadata.
    Issuer(String),
    /// Metadata built from the `ACCESS_*` variables, no discovery.
    Document(Value),
}

/// The named server, or `None` for the advertised one.
pub fn configured(settings: &AuthSettings) -> Result<Option<Configured>, OAuthError> {
    let (args, env) = (settings, &settings.access_env);
    if let Some(team) = &args.cf_access_team {
        let client_id = args.client_id.as_deref().or(env.client_id.as_deref()).ok_or_else(|| {
            OAuthError::Setup(
                "--cf-access-team needs the Access application's --client-id (or ACCESS_CLIENT_ID)".into(),
            )
        })?;
        let issuer = cf_access::saas_issuer(team, client_id).map_err(OAuthError::Setup)?;
        return Ok(Some(Configured::Issuer(issuer)));
    }
    if let Some(issuer) = &args.authorization_server {
        check_endpoint(issuer, "--authorization-server")?;
        return Ok(Some(Configured::Issuer(
            issuer.trim_end_matches('/').to_owned(),
        )));
    }
    Ok(env.metadata_document().map(Configured::Document))
}

/// The metadata of a configured server. An OpenID provider that does not list its PKCE
/// methods is taken to support S256 (the user chose it; PKCE is still sent); one that lists
/// methods without S256 is refused. An Access for SaaS application that does not list how its
/// token endpoint takes a client secret is taken to want it in the form
/// (`client_secret_post`), as Cloudflare's own examples send it; a listed set is honoured.
pub async fn metadata(
    http: &reqwest::Client,
    which: &Configured,
    access_saas: bool,
) -> Result<AuthServerMetadata, OAuthError> {
    let mut doc = match which {
        Configured::Document(doc) => doc.clone(),
        Configured::Issuer(issuer) => fetch_document(http, issuer).await?,
    };
    if access_saas {
        doc = assume_secret_post(doc);
    }
    parse_auth_server(assume_s256(doc))
}

fn assume_secret_post(mut doc: Value) -> Value {
    if doc
        .get("token_endpoint_auth_methods_supported")
        .is_none_or(Value::is_null)
    {
        doc["token_endpoint_auth_methods_supported"] =
            serde_json::json!(["client_secret_post", "none"]);
    }
    doc
}

async fn fetch_document(http: &reqwest::Client, issuer: &str) -> Result<Value, OAuthError> {
    let base = check_endpoint(issuer, "issuer")?;
    let origin = base.origin().ascii_serialization();
    let path = base.path().trim_end_matches('/');
    let candidates = [
        format!("{origin}{path}/.well-known/openid-configuration"),
        format!("{origin}/.well-known/oauth-authorization-server{path}"),
        format!("{origin}/.well-known/openid-configuration{path}"),
    ];
    for c in candidates {
        let Ok(url) = Url::parse(&c) else { continue };
        if let Some(doc) = fetch_json(http, &url).await? {
            let got = doc["issuer"].as_str().unwrap_or_default();
            if got != issuer {
                return Err(OAuthError::IssuerMismatch {
                    expected: issuer.into(),
                    got: got.into(),
                });
            }
            return Ok(doc);
        }
    }
    Err(OAuthError::Metadata {
        url: issuer.into(),
        detail: "no OpenID configuration or authorization server metadata found; check the team and client id".into(),
    })
}

fn assume_s256(mut doc: Value) -> Value {
    if doc
        .get("code_challenge_methods_supported")
        .is_none_or(Value::is_null)
    {
        doc["code_challenge_methods_supported"] = serde_json::json!(["S256"]);
    }
    doc
}

/// Scopes for a configured server: `--scope`, else the Access for SaaS set, else the OpenID
/// scopes the server offers (none when it is not an OpenID provider).
pub fn scope(args: &AuthSettings, meta: &AuthServerMetadata) -> Option<String> {
    if let Some(s) = &args.scope {
        return Some(s.clone());
    }
    if args.is_access_saas() {
        return Some(cf_access::SAAS_SCOPE.into());
    }
    let offered = meta.scopes_supported.clone().unwrap_or_default();
    let is_oidc = offered.iter().any(|s| s == "openid") || meta.raw.get("jwks_uri").is_some();
    if !is_oidc {
        return None;
    }
    let mut out = vec!["openid".to_owned()];
    for s in ["email", "profile", "offline_access"] {
        if offered.iter().any(|o| o == s) {
            out.push(s.into());
        }
    }
    Some(out.join(" "))
}

/// The JWKS URL of a server's metadata (or `ACCESS_JWKS_URL`).
pub fn jwks_uri(meta: &AuthServerMetadata, env: &AccessEnv) -> Option<Url> {
    let raw = meta.raw["jwks_uri"]
        .as_str()
        .map(str::to_owned)
        .or_else(|| env.jwks_url.clone())?;
    discovery::check_endpoint(&raw, "jwks_uri").ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oauth::token::AuthMethod;

    fn args() -> AuthSettings {
        AuthSettings::default()
    }

    #[test]
    fn the_team_needs_a_client_id_and_builds_the_issuer() {
        let mut a = args();
        a.cf_access_team = Some("acme".into());
        assert!(matches!(configured(&a), Err(OAuthError::Setup(_))));
        a.client_id = Some("cid".into());
        assert_eq!(
            configured(&a).unwrap(),
            Some(Configured::Issuer(
                "https://acme.cloudflareaccess.com/cdn-cgi/access/sso/oidc/cid".into()
            ))
        );
        assert_eq!(configured(&args()).unwrap(), None);
        let mut insecure = args();
        insecure.authorization_server = Some("http://idp.example.com".into());
        assert!(configured(&insecure).is_err());
    }

    #[test]
    fn pkce_is_assumed_only_when_unlisted() {
        let doc = serde_json::json!({"issuer":"https://i.test","authorization_endpoint":"https://i.test/a","token_endpoint":"https://i.test/t"});
        assert!(parse_auth_server(assume_s256(doc.clone())).is_ok());
        let mut plain = doc;
        plain["code_challenge_methods_supported"] = serde_json::json!(["plain"]);
        assert!(parse_auth_server(assume_s256(plain)).is_err());
    }

    #[test]
    fn an_access_app_takes_its_secret_in_the_form_unless_it_says_otherwise() {
        use crate::oauth::registration::{fit_static, static_client};
        let doc = serde_json::json!({"issuer":"https://i.test","authorization_endpoint":"https://i.test/a","token_endpoint":"https://i.test/t"});
        let mut a = args();
        a.static_client = Some(crate::settings::StaticClient {
            client_id: "cid".into(),
            client_secret: Some(crate::secret::Secret::new("s")),
            auth_method: None,
        });
        let method = |doc: Value| {
            let meta = parse_auth_server(assume_s256(doc)).unwrap();
            fit_static(static_client(&a).unwrap(), &meta).method
        };
        assert_eq!(method(assume_secret_post(doc.clone())), AuthMethod::Post);
        let mut basic = doc.clone();
        basic["token_endpoint_auth_methods_supported"] = serde_json::json!(["client_secret_basic"]);
        assert_eq!(method(assume_secret_post(basic)), AuthMethod::Basic);
        assert_eq!(
            method(doc),
            AuthMethod::Basic,
            "RFC 8414's default elsewhere"
        );
    }

    #[test]
    fn openid_scopes_follow_what_is_offered() {
        let doc = serde_json::json!({"issuer":"https://i.test","authorization_endpoint":"https://i.test/a","token_endpoint":"https://i.test/t","code_challenge_methods_supported":["S256"],"scopes_supported":["openid","email","offline_access","api"]});
        let meta = parse_auth_server(doc).unwrap();
        assert_eq!(
            scope(&args(), &meta).as_deref(),
            Some("openid email offline_access")
        );
        let mut a = args();
        a.scope = Some("x".into());
        assert_eq!(scope(&a, &meta).as_deref(), Some("x"));
    }
}
