//! What discovery found, kept so that a refresh costs one token request and nothing more: the
//! authorization server's metadata and the resource metadata URL it was found through, in
//! memory and in the state file (through the [`crate::oauth::registration::RegistrationStore`]). Discovery runs again only
//! when something says the kept metadata may be wrong:
//!
//! - a challenge names another `resource_metadata` than the one it was found through (the
//!   server may have moved to another authorization server);
//! - the server refused a token that had not expired by its known expiry (a refusal nothing
//!   here explains: the server may have moved, see `CredentialManager::renew`);
//! - the credential's issuer is not the kept metadata's;
//! - the token endpoint answers as if it were gone (HTTP 404, 405 or 410 without an OAuth
//!   error; see `CredentialManager::refresh`), or cannot be reached (the next refresh then
//!   looks again);
//! - it is older than [`MAX_AGE`]: nothing said so, but endpoints do move, and a day's
//!   discovery is cheap.
//!
//! Kept metadata is checked again when it is read back (https endpoints, PKCE S256), exactly
//! as it was when it was fetched.

use serde_json::{Value, json};

use super::Authorizer;
use crate::clock::unix_now;
use crate::oauth::OAuthError;
use crate::oauth::discovery::{self, AuthServerMetadata};

/// How long kept metadata is used without asking again (seconds).
pub const MAX_AGE: u64 = 24 * 3600;

/// Metadata found by discovery.
#[derive(Debug, Clone)]
pub struct Known {
    pub meta: AuthServerMetadata,
    /// The `resource_metadata` of the challenge discovery started from, if any.
    pub resource_metadata: Option<String>,
    pub found_at: u64,
}

impl Known {
    fn to_value(&self) -> Value {
        json!({
            "issuer": self.meta.issuer,
            "auth_server": self.meta.raw,
            "resource_metadata": self.resource_metadata,
            "found_at": self.found_at,
        })
    }

    fn from_value(v: &Value) -> Option<Known> {
        let meta = discovery::parse_auth_server(v["auth_server"].clone()).ok()?;
        if v["issuer"].as_str() != Some(meta.issuer.as_str()) {
            return None;
        }
        Some(Known {
            meta,
            resource_metadata: v["resource_metadata"].as_str().map(str::to_owned),
            found_at: v["found_at"].as_u64()?,
        })
    }

    /// Good for a refresh of a grant from `issuer`, after a challenge naming `hint`.
    fn fits(&self, issuer: &str, hint: Option<&str>) -> bool {
        self.meta.issuer == issuer
            && hint.is_none_or(|h| self.resource_metadata.as_deref() == Some(h))
            && unix_now().saturating_sub(self.found_at) < MAX_AGE
    }
}

impl Authorizer {
    /// The kept metadata: this process's, else the state file's.
    pub(super) fn known(&self) -> Option<Known> {
        let mut k = self
            .known
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if k.is_none() {
            *k = self
                .registrations
                .load_discovered()
                .as_ref()
                .and_then(Known::from_value);
        }
        k.clone()
    }

    /// Keep what discovery found (for a grant from `meta.issuer`).
    pub(super) fn keep(&self, meta: &AuthServerMetadata, resource_metadata: Option<&str>) {
        let k = Known {
            meta: meta.clone(),
            resource_metadata: resource_metadata.map(str::to_owned),
            found_at: unix_now(),
        };
        self.registrations.save_discovered(Some(&k.to_value()));
        *self
            .known
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(k);
    }

    /// Forget what discovery found: the next refresh discovers again.
    pub fn forget_metadata(&self) {
        self.known
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take();
        self.registrations.save_discovered(None);
    }

    /// The metadata to refresh a grant from `issuer` with, and whether it was kept from
    /// earlier (rather than fetched now). `hint`: a challenge's resource metadata;
    /// `look_again`: discover whatever is kept.
    pub async fn metadata_for(
        &self,
        issuer: &str,
        hint: Option<&str>,
        look_again: bool,
    ) -> Result<(AuthServerMetadata, bool), OAuthError> {
        if let Some(meta) = self.configured_metadata().await? {
            return Ok((meta, true));
        }
        if !look_again && let Some(k) = self.known().filter(|k| k.fits(issuer, hint)) {
            return Ok((k.meta, true));
        }
        tracing::debug!(issuer, ?hint, "discovering the authorization server again");
        match hint {
            Some(h) => Ok((self.discover(Some(h)).await?.auth_server, false)),
            None => {
                let meta = discovery::auth_server_metadata(&self.http, issuer).await?;
                let found_through = self
                    .known()
                    .filter(|k| k.meta.issuer == issuer)
                    .and_then(|k| k.resource_metadata);
                self.keep(&meta, found_through.as_deref());
                Ok((meta, false))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> Value {
        json!({"issuer": "https://as.test", "authorization_endpoint": "https://as.test/a",
               "token_endpoint": "https://as.test/t", "code_challenge_methods_supported": ["S256"]})
    }

    #[test]
    fn kept_metadata_is_used_only_where_it_fits() {
        let k = Known {
            meta: discovery::parse_auth_server(doc()).unwrap(),
            resource_metadata: Some("https://m.test/prm".into()),
            found_at: unix_now(),
        };
        assert!(k.fits("https://as.test", None));
        assert!(k.fits("https://as.test", Some("https://m.test/prm")));
        assert!(!k.fits("https://as.test", Some("https://m.test/other-prm")));
        assert!(!k.fits("https://other-as.test", None));
        let old = Known {
            found_at: unix_now() - MAX_AGE,
            ..k.clone()
        };
        assert!(!old.fits("https://as.test", None));
        let back = Known::from_value(&k.to_value()).unwrap();
        assert_eq!(back.meta.token_endpoint, k.meta.token_endpoint);
        assert_eq!(back.resource_metadata, k.resource_metadata);
    }

    #[test]
    fn kept_metadata_is_checked_again_when_read_back() {
        let mut insecure = doc();
        insecure["token_endpoint"] = "http://as.test/t".into();
        let v =
            json!({"issuer": "https://as.test", "auth_server": insecure, "found_at": unix_now()});
        assert!(Known::from_value(&v).is_none());
        let v = json!({"issuer": "https://elsewhere.test", "auth_server": doc(), "found_at": unix_now()});
        assert!(
            Known::from_value(&v).is_none(),
            "the issuer must be the document's"
        );
        assert!(Known::from_value(&json!({"auth_server": 1})).is_none());
    }
}
