//! Cloudflare Access, the ways it can stand in front of a remote MCP server, and what the
//! bridge does about each:
//!
//! - **Access for SaaS (OIDC)**: Access is the authorization server. Each SaaS application is
//!   its own issuer, `https://<team>.cloudflareaccess.com/cdn-cgi/access/sso/oidc/<client_id>`
//!   ([`saas_issuer`]), or is given by the Cloudflare guide's `ACCESS_*` variables
//!   ([`AccessEnv`]). The sign-in itself is the generic one ([`crate::oauth::flow`]).
//! - **Managed OAuth**: Access answers `401` with `WWW-Authenticate` and serves discovery and
//!   registration; nothing here is needed, the generic path handles it.
//! - **Service tokens** ([`service_token`]): `CF-Access-Client-Id`/`-Secret` on every request.
//! - Access's own answers where MCP was expected — its login, its block page, a refused
//!   service token ([`login_page`] recognises them) — explained in words that fit what was
//!   sent ([`refusal`]); [`classify()`] tells the transport whether a failed response is one.

pub mod classify;
pub mod login_page;
pub mod refusal;
pub mod service_token;

use url::Url;

use crate::settings::env::{self, Var};

pub use classify::classify;

/// The suffix of every team domain.
pub const TEAM_SUFFIX: &str = ".cloudflareaccess.com";

/// The redirect URI port used with an Access for SaaS application unless `--callback-port`
/// says otherwise. SaaS applications list their redirect URIs exactly, so the port is fixed.
pub const SAAS_CALLBACK_PORT: u16 = 8976;
/// The redirect URI path used with an Access for SaaS application.
pub const SAAS_CALLBACK_PATH: &str = "/callback";
/// Scopes asked of an Access for SaaS application when `--scope` is not given.
/// `offline_access` is granted when the application has refresh tokens enabled.
pub const SAAS_SCOPE: &str = "openid email profile offline_access";

/// The team domain from what a user may type: `myteam`, `myteam.cloudflareaccess.com`, or
/// `https://myteam.cloudflareaccess.com/`. A full host with dots (a custom domain, or a test
/// server's `127.0.0.1:port`) is kept as it is.
pub fn team_origin(team: &str) -> Result<Url, String> {
    let t = team.trim().trim_end_matches('/');
    if t.is_empty() {
        return Err("the Access team is empty".into());
    }
    let with_scheme = if t.contains("://") {
        t.to_owned()
    } else if t.contains('.') || t.contains(':') {
        format!("https://{t}")
    } else {
        if !t.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return Err(format!("{team:?} is not a team name"));
        }
        format!("https://{t}{TEAM_SUFFIX}")
    };
    let url =
        Url::parse(&with_scheme).map_err(|e| format!("{team:?} is not a team domain: {e}"))?;
    if url.path() != "/" || url.query().is_some() || url.host_str().is_none() {
        return Err(format!(
            "{team:?} is not a team domain (expected e.g. myteam or myteam{TEAM_SUFFIX})"
        ));
    }
    Ok(url)
}

/// The issuer of an Access for SaaS OIDC application.
pub fn saas_issuer(team: &str, client_id: &str) -> Result<String, String> {
    if client_id.is_empty()
        || !client_id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
    {
        return Err(format!(
            "{client_id:?} is not an Access application client id"
        ));
    }
    let origin = team_origin(team)?;
    Ok(format!(
        "{}/cdn-cgi/access/sso/oidc/{client_id}",
        origin.as_str().trim_end_matches('/')
    ))
}

/// The Cloudflare guide's environment variables for an Access for SaaS application.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccessEnv {
    pub client_id: Option<String>,
    pub client_secret: Option<crate::secret::Secret>,
    pub authorization_url: Option<String>,
    pub token_url: Option<String>,
    pub jwks_url: Option<String>,
}

impl AccessEnv {
    pub fn from_env(get: &dyn Fn(Var) -> Option<String>) -> AccessEnv {
        let v = |k: Var| {
            get(k)
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
        };
        AccessEnv {
            client_id: v(env::ACCESS_CLIENT_ID),
            client_secret: v(env::ACCESS_CLIENT_SECRET).map(crate::secret::Secret::new),
            authorization_url: v(env::ACCESS_AUTHORIZATION_URL),
            token_url: v(env::ACCESS_TOKEN_URL),
            jwks_url: v(env::ACCESS_JWKS_URL),
        }
    }

    /// Whether the variables describe an application completely enough to sign in with.
    pub fn is_complete(&self) -> bool {
        self.client_id.is_some() && self.authorization_url.is_some() && self.token_url.is_some()
    }

    /// The application's issuer: the authorization URL without its last segment
    /// (`…/sso/oidc/<client_id>/authorization` → `…/sso/oidc/<client_id>`).
    pub fn issuer(&self) -> Option<String> {
        let auth = self.authorization_url.as_deref()?;
        let (base, _last) = auth.trim_end_matches('/').rsplit_once('/')?;
        Some(base.to_owned())
    }

    /// Authorization server metadata built from the variables, for when discovery is not
    /// wanted (the guide gives every endpoint).
    pub fn metadata_document(&self) -> Option<serde_json::Value> {
        if !self.is_complete() {
            return None;
        }
        let mut doc = serde_json::json!({
            "issuer": self.issuer()?,
            "authorization_endpoint": self.authorization_url,
            "token_endpoint": self.token_url,
            "code_challenge_methods_supported": ["S256"],
            "scopes_supported": ["openid", "email", "profile", "groups", "offline_access"],
            "response_types_supported": ["code"],
        });
        if let Some(j) = &self.jwks_url {
            doc["jwks_uri"] = j.clone().into();
        }
        Some(doc)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn team_names_become_team_domains() {
        let o = |t: &str| team_origin(t).map(|u| u.to_string());
        assert_eq!(o("acme").unwrap(), "https://acme.cloudflareaccess.com/");
        assert_eq!(
            o("acme.cloudflareaccess.com").unwrap(),
            "https://acme.cloudflareaccess.com/"
        );
        assert_eq!(
            o("https://acme.cloudflareaccess.com/").unwrap(),
            "https://acme.cloudflareaccess.com/"
        );
        assert_eq!(
            o("http://127.0.0.1:9000").unwrap(),
            "http://127.0.0.1:9000/"
        );
        assert!(o("").is_err());
        assert!(o("ac me").is_err());
        assert!(o("https://acme.cloudflareaccess.com/cdn-cgi/x").is_err());
    }

    #[test]
    fn saas_issuers_follow_the_documented_shape() {
        assert_eq!(
            saas_issuer("acme", "0123abcd").unwrap(),
            "https://acme.cloudflareaccess.com/cdn-cgi/access/sso/oidc/0123abcd"
        );
        assert!(saas_issuer("acme", "../x").is_err());
        assert!(saas_issuer("acme", "").is_err());
    }

    #[test]
    fn the_guides_variables_make_metadata() {
        let vars = [
            ("ACCESS_CLIENT_ID", "cid"),
            (
                "ACCESS_AUTHORIZATION_URL",
                "https://t.cloudflareaccess.com/cdn-cgi/access/sso/oidc/cid/authorization",
            ),
            (
                "ACCESS_TOKEN_URL",
                "https://t.cloudflareaccess.com/cdn-cgi/access/sso/oidc/cid/token",
            ),
            (
                "ACCESS_JWKS_URL",
                "https://t.cloudflareaccess.com/cdn-cgi/access/sso/oidc/cid/jwks",
            ),
        ];
        let get = |k: crate::settings::env::Var| {
            vars.iter()
                .find(|(n, _)| *n == k.name())
                .map(|(_, v)| v.to_string())
        };
        let env = AccessEnv::from_env(&get);
        assert!(env.is_complete());
        let doc = env.metadata_document().unwrap();
        assert_eq!(
            doc["issuer"],
            "https://t.cloudflareaccess.com/cdn-cgi/access/sso/oidc/cid"
        );
        assert_eq!(doc["jwks_uri"], vars[3].1);
        assert!(crate::oauth::discovery::parse_auth_server(doc).is_ok());
        assert!(!AccessEnv::from_env(&|_| None).is_complete());
    }
}
