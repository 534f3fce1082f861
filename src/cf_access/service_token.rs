//! Cloudflare Access service tokens: a Client ID and Client Secret sent as
//! `CF-Access-Client-Id` / `CF-Access-Client-Secret` on every request, for scripts and CI. No
//! browser and no stored OAuth token. The secret comes from `CF_ACCESS_CLIENT_SECRET`, a file,
//! or the credential store (`mcp-bridge login URL --cf-access-client-id ID`); a secret typed
//! on the command line works but draws a warning.

use http::{HeaderMap, HeaderName, HeaderValue};
use serde::{Deserialize, Serialize};

use crate::settings::ServiceTokenSettings;
use crate::settings::env::Var;
use crate::store::{CredentialStore, ServerKey, StoreError};

pub const ID_HEADER: &str = "cf-access-client-id";
pub const SECRET_HEADER: &str = "cf-access-client-secret";
/// The environment variable that gives the Client Secret.
pub const SECRET_ENV: Var = crate::settings::env::CF_ACCESS_CLIENT_SECRET;

/// A service token whose two halves are known to be valid header values: it can only be made
/// by [`ServiceToken::new`], and a stored one is checked the same way when it is read.
#[derive(Clone, Debug)]
pub struct ServiceToken {
    client_id: String,
    id_header: HeaderValue,
    secret_header: HeaderValue,
}

/// The stored form.
#[derive(Serialize, Deserialize)]
struct Stored {
    client_id: String,
    client_secret: String,
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
                    "the service token's {what} has spaces, line breaks or non-ASCII characters"
                ));
            }
        }
        let header = |v: &str| {
            HeaderValue::from_str(v)
                .map_err(|_| "the service token cannot be sent in a header".to_owned())
        };
        let mut secret_header = header(secret)?;
        secret_header.set_sensitive(true);
        crate::secret::redact::remember(secret);
        Ok(ServiceToken {
            client_id: id.to_owned(),
            id_header: header(id)?,
            secret_header,
        })
    }

    /// The Client ID (not a secret: it names the token).
    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// Add the two headers (the secret marked sensitive, so it never shows in debug output).
    pub fn apply(&self, headers: &mut HeaderMap) {
        headers.insert(HeaderName::from_static(ID_HEADER), self.id_header.clone());
        headers.insert(
            HeaderName::from_static(SECRET_HEADER),
            self.secret_header.clone(),
        );
    }

    fn to_stored(&self) -> Stored {
        Stored {
            client_id: self.client_id.clone(),
            client_secret: String::from_utf8_lossy(self.secret_header.as_bytes()).into_owned(),
        }
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

/// The service token stored for a server. An entry that does not parse, or whose halves are
/// not valid header values, is reported with the commands that replace or remove it.
pub fn load(
    store: &dyn CredentialStore,
    key: &ServerKey,
) -> Result<Option<ServiceToken>, StoreError> {
    let Some(raw) = store.get(&account(key))? else {
        return Ok(None);
    };
    let corrupt = |detail: String| StoreError::Corrupt {
        what: format!(
            "the stored Cloudflare Access service token for {}",
            key.as_str()
        ),
        detail,
    };
    let stored: Stored = serde_json::from_str(&raw).map_err(|e| {
        corrupt(format!(
            "line {}, column {}; {}",
            e.line(),
            e.column(),
            fix_hint(key, None)
        ))
    })?;
    ServiceToken::new(&stored.client_id, &stored.client_secret)
        .map(Some)
        .map_err(|why| corrupt(format!("{why}; {}", fix_hint(key, Some(&stored.client_id)))))
}

/// The commands that replace or remove a damaged stored token.
fn fix_hint(key: &ServerKey, id: Option<&str>) -> String {
    let id = id
        .filter(|i| !i.trim().is_empty() && i.chars().all(|c| c.is_ascii_graphic()))
        .unwrap_or("ID");
    format!(
        "store it again with `mcp-bridge login {k} --cf-access-client-id {id}`, or remove it with \
         `mcp-bridge logout {k}`",
        k = key.as_str()
    )
}

pub fn save(
    store: &dyn CredentialStore,
    key: &ServerKey,
    token: &ServiceToken,
) -> Result<(), StoreError> {
    let json = serde_json::to_string(&token.to_stored()).expect("a service token serializes");
    store.set(&account(key), &json)
}

pub fn delete(store: &dyn CredentialStore, key: &ServerKey) -> Result<bool, StoreError> {
    store.remove(&account(key))
}

/// The service token for a server, its secret taken from the first of: the command line's
/// `--cf-access-client-secret-file`, the command line's `--cf-access-client-secret`, the
/// `CF_ACCESS_CLIENT_SECRET` environment variable, the credential store (a token
/// stored by `mcp-bridge login --cf-access-client-id` for the same id). Without an id, the
/// stored token, if any. `None`: no service token is in play.
pub fn resolve(
    given: &ServiceTokenSettings,
    store: &dyn CredentialStore,
    key: &ServerKey,
) -> Result<Option<(ServiceToken, SecretOrigin)>, String> {
    let stored = || load(store, key).map_err(|e| e.to_string());
    let Some(id) = given.client_id.as_deref() else {
        return Ok(stored()?.map(|t| (t, SecretOrigin::Store)));
    };
    let (secret, origin) = if let Some(path) = &given.secret_file {
        (read_secret_file(path)?, SecretOrigin::File)
    } else if let Some(s) = &given.secret_argv {
        (s.expose().to_owned(), SecretOrigin::Argv)
    } else if let Some(s) = &given.secret_env {
        (s.expose().to_owned(), SecretOrigin::Env)
    } else {
        match stored()? {
            Some(t) if t.client_id == id.trim() => return Ok(Some((t, SecretOrigin::Store))),
            _ => {
                return Err(format!(
                    "no secret for the service token {id}: set {SECRET_ENV}, pass \
                     --cf-access-client-secret-file PATH, or store it in the keyring with \
                     `mcp-bridge login {} --cf-access-client-id {id}`",
                    key.as_str()
                ));
            }
        }
    };
    ServiceToken::new(id, &secret).map(|t| Some((t, origin)))
}

/// The warning for a secret typed on the command line.
pub fn argv_warning() -> String {
    format!(
        "the service token's secret is on the command line, where other users can see it; \
         prefer {SECRET_ENV}, --cf-access-client-secret-file, or the keyring \
         (`mcp-bridge login URL --cf-access-client-id ID` asks for it)"
    )
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
        let mut h = HeaderMap::new();
        load(&store, &a).unwrap().unwrap().apply(&mut h);
        assert_eq!(h[SECRET_HEADER], "sec");
        assert!(load(&store, &b).unwrap().is_none());
        assert!(delete(&store, &a).unwrap());
        assert!(load(&store, &a).unwrap().is_none());
    }

    #[test]
    fn a_damaged_stored_token_is_reported_with_the_fix_not_used() {
        let store = MemoryStore::default();
        let a = ServerKey::from_stored("https://a.test/mcp");
        store
            .set(
                &account(&a),
                r#"{"client_id":"1a2b.access","client_secret":"cfast_ab\ncd9z"}"#,
            )
            .unwrap();
        let e = load(&store, &a).unwrap_err().to_string();
        assert!(e.contains("damaged"), "{e}");
        assert!(
            e.contains("mcp-bridge login https://a.test/mcp --cf-access-client-id 1a2b.access")
                && e.contains("mcp-bridge logout https://a.test/mcp"),
            "{e}"
        );
        assert!(!e.contains("cd9z"), "no secret in the message: {e}");
        store.set(&account(&a), "not json").unwrap();
        let e = load(&store, &a).unwrap_err().to_string();
        assert!(e.contains("--cf-access-client-id ID"), "{e}");
    }

    #[test]
    fn the_command_line_beats_the_environment_which_beats_the_store() {
        let store = MemoryStore::default();
        let k = ServerKey::from_stored("https://a.test/mcp");
        save(
            &store,
            &k,
            &ServiceToken::new("id.access", "stored").unwrap(),
        )
        .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("s");
        std::fs::write(&file, "from-file\n").unwrap();
        let secret = |given: &ServiceTokenSettings| {
            let (t, origin) = resolve(given, &store, &k).unwrap().unwrap();
            let mut h = HeaderMap::new();
            t.apply(&mut h);
            (h[SECRET_HEADER].to_str().unwrap().to_owned(), origin)
        };
        let mut given = ServiceTokenSettings {
            client_id: Some("id.access".into()),
            secret_file: Some(file),
            secret_env: Some(crate::secret::Secret::new("from-env")),
            ..Default::default()
        };
        assert_eq!(secret(&given), ("from-file".into(), SecretOrigin::File));
        given.secret_file = None;
        given.secret_argv = Some(crate::secret::Secret::new("from-argv"));
        assert_eq!(secret(&given), ("from-argv".into(), SecretOrigin::Argv));
        given.secret_argv = None;
        assert_eq!(secret(&given), ("from-env".into(), SecretOrigin::Env));
        given.secret_env = None;
        assert_eq!(secret(&given), ("stored".into(), SecretOrigin::Store));
        given.client_id = Some("other.access".into());
        let e = resolve(&given, &store, &k).unwrap_err();
        assert!(
            e.contains("mcp-bridge login https://a.test/mcp --cf-access-client-id other.access"),
            "{e}"
        );
    }
}
