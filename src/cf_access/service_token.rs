//! Cloudflare Access service tokens: a Client ID and Client Secret sent as
//! `CF-Access-Client-Id` / `CF-Access-Client-Secret` on every request, for scripts and CI. No
//! browser and no stored OAuth token. The secret comes from `CF_ACCESS_CLIENT_SECRET`, a file,
//! or the credential store (`mcp-bridge login URL --cf-access-client-id ID`); a secret typed
//! on the command line works but draws a warning.

use http::{HeaderMap, HeaderName, HeaderValue};
use serde::{Deserialize, Serialize};

use crate::secret::Secret;
use crate::store::{CredentialStore, ServerKey, StoreError};

pub const ID_HEADER: &str = "cf-access-client-id";
pub const SECRET_HEADER: &str = "cf-access-client-secret";
/// The environment variable `--cf-access-client-secret` reads.
pub const SECRET_ENV: &str = "CF_ACCESS_CLIENT_SECRET";

/// A service token.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ServiceToken {
    pub client_id: String,
    #[serde(with = "secret_json")]
    pub client_secret: Secret,
}

mod secret_json {
    use serde::{Deserialize, Deserializer, Serializer};

    use crate::secret::Secret;

    pub fn serialize<S: Serializer>(s: &Secret, ser: S) -> Result<S::Ok, S::Error> {
        ser.serialize_str(s.expose())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(de: D) -> Result<Secret, D::Error> {
        String::deserialize(de).map(Secret::new)
    }
}

impl ServiceToken {
    /// Check the shape of both halves (they go into headers).
    pub fn new(client_id: &str, client_secret: &str) -> Result<ServiceToken, String> {
        let id = client_id.trim();
        let secret = client_secret.trim();
        if id.is_empty() {
            return Err("the service token's Client ID is empty".into());
        }
        if secret.is_empty() {
            return Err("the service token's Client Secret is empty".into());
        }
        for (what, v) in [("Client ID", id), ("Client Secret", secret)] {
            if !v.chars().all(|c| c.is_ascii_graphic()) {
                return Err(format!(
                    "the service token's {what} has spaces or non-ASCII characters"
                ));
            }
        }
        Ok(ServiceToken {
            client_id: id.to_owned(),
            client_secret: Secret::new(secret),
        })
    }

    /// Add the two headers (the secret marked sensitive, so it never shows in debug output).
    pub fn apply(&self, headers: &mut HeaderMap) {
        let id = HeaderValue::from_str(&self.client_id).expect("checked in new");
        let mut secret =
            HeaderValue::from_str(self.client_secret.expose()).expect("checked in new");
        secret.set_sensitive(true);
        headers.insert(HeaderName::from_static(ID_HEADER), id);
        headers.insert(HeaderName::from_static(SECRET_HEADER), secret);
    }
}

/// Where `--cf-access-client-secret` came from, for the argv warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretOrigin {
    Argv,
    Env,
    File,
    Store,
}

/// The store account of a server's service token.
fn account(key: &ServerKey) -> String {
    format!("{}#cf-access-service-token", key.as_str())
}

pub fn load(
    store: &dyn CredentialStore,
    key: &ServerKey,
) -> Result<Option<ServiceToken>, StoreError> {
    let Some(raw) = store.get(&account(key))? else {
        return Ok(None);
    };
    serde_json::from_str(&raw)
        .map(Some)
        .map_err(|e| StoreError::Corrupt {
            what: format!("the stored service token for {}", key.as_str()),
            detail: format!("line {}, column {}", e.line(), e.column()),
        })
}

pub fn save(
    store: &dyn CredentialStore,
    key: &ServerKey,
    token: &ServiceToken,
) -> Result<(), StoreError> {
    let json = serde_json::to_string(token).expect("a service token serializes");
    store.set(&account(key), &json)
}

pub fn delete(store: &dyn CredentialStore, key: &ServerKey) -> Result<bool, StoreError> {
    store.remove(&account(key))
}

/// The service token for a server: from the flags and environment (the secret from
/// `--cf-access-client-secret`/`CF_ACCESS_CLIENT_SECRET`, a file, or the store), else one
/// stored by `mcp-bridge login --cf-access-client-id`. `None`: no service token is in play.
pub fn resolve(
    args: &crate::cli::AuthArgs,
    store: &dyn CredentialStore,
    key: &ServerKey,
) -> Result<Option<(ServiceToken, SecretOrigin)>, String> {
    let stored = || load(store, key).map_err(|e| e.to_string());
    let Some(id) = args.cf_access_client_id.as_deref() else {
        return Ok(stored()?.map(|t| (t, SecretOrigin::Store)));
    };
    let (secret, origin) = if let Some(path) = &args.cf_access_client_secret_file {
        (read_secret_file(path)?, SecretOrigin::File)
    } else if let Some(s) = &args.cf_access_client_secret {
        let from_env = std::env::var(SECRET_ENV).ok().as_deref() == Some(s.as_str());
        let origin = if from_env {
            SecretOrigin::Env
        } else {
            SecretOrigin::Argv
        };
        (s.clone(), origin)
    } else {
        match stored()? {
            Some(t) if t.client_id == id.trim() => {
                (t.client_secret.expose().to_owned(), SecretOrigin::Store)
            }
            _ => {
                return Err(format!(
                    "no secret for the service token {id}: set {SECRET_ENV}, pass \
                     --cf-access-client-secret-file PATH, or store it in the keyring with \
                     `mcp-bridge login <URL> --cf-access-client-id {id}`"
                ));
            }
        }
    };
    ServiceToken::new(id, &secret).map(|t| Some((t, origin)))
}

/// Read a secret file: the first line, trimmed.
pub fn read_secret_file(path: &std::path::Path) -> Result<String, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let line = text.lines().next().unwrap_or_default().trim().to_owned();
    if line.is_empty() {
        return Err(format!("{} is empty", path.display()));
    }
    Ok(line)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::memory::MemoryStore;

    #[test]
    fn headers_carry_both_halves_and_hide_the_secret() {
        let t = ServiceToken::new("abc.access", " s3cret\n").unwrap();
        let mut h = HeaderMap::new();
        t.apply(&mut h);
        assert_eq!(h[ID_HEADER], "abc.access");
        assert_eq!(h[SECRET_HEADER], "s3cret");
        assert!(h[SECRET_HEADER].is_sensitive());
        assert!(!format!("{t:?}").contains("s3cret"));
        assert!(ServiceToken::new("", "x").is_err());
        assert!(ServiceToken::new("a", "two words").is_err());
        assert!(ServiceToken::new("a", "bad\r\nInjected: 1").is_err());
    }

    #[test]
    fn stored_tokens_round_trip_per_server() {
        let store = MemoryStore::default();
        let a = ServerKey::from_stored("https://a.test/mcp");
        let b = ServerKey::from_stored("https://b.test/mcp");
        save(&store, &a, &ServiceToken::new("id", "sec").unwrap()).unwrap();
        assert_eq!(
            load(&store, &a).unwrap().unwrap().client_secret.expose(),
            "sec"
        );
        assert!(load(&store, &b).unwrap().is_none());
        assert!(delete(&store, &a).unwrap());
        assert!(load(&store, &a).unwrap().is_none());
    }
}
