//! Where credentials and state live. [`CredentialStore`] keeps secrets — token sets and client
//! secrets — in the OS keyring ([`keyring`]), a 0600 file ([`file`]) or memory ([`memory`]);
//! with none named, [`default`] picks the keyring when it answers, else the file;
//! [`state`] keeps what is not secret (registrations, the last `initialize` result); [`lock`]
//! serializes sign-in and refresh across processes. Files are written through
//! [`crate::files`]: atomically, privately, in a data directory no one else can change.

pub mod default;
pub mod file;
pub mod keyring;
pub mod lock;
pub mod memory;
pub mod state;

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use url::Url;

use crate::secret::Secret;
use crate::settings::env::{self, Var};

pub use lock::ServerLock;
pub use state::{ClientRegistration, ServerState, StateFile};

/// The keyring service name.
pub const SERVICE: &str = "mcp-bridge";

/// The identity of a remote MCP server: its URL with scheme and host lowercased, the default
/// port and any fragment dropped, and no trailing `/`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ServerKey(String);

impl ServerKey {
    pub fn from_url(url: &Url) -> ServerKey {
        let mut u = url.clone();
        u.set_fragment(None);
        let mut s = u.to_string();
        if u.query().is_none() && s.ends_with('/') {
            s.pop();
        }
        ServerKey(s)
    }

    /// A key read back from storage (already canonical).
    pub fn from_stored(s: &str) -> ServerKey {
        ServerKey(s.to_owned())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// 16 hex characters of SHA-256, for file names.
    pub fn short_hash(&self) -> String {
        Sha256::digest(self.0.as_bytes())[..8]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

/// A stored grant. Times are absolute unix seconds.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct TokenSet {
    #[serde(with = "secret_str")]
    pub access_token: Secret,
    #[serde(default, with = "secret_opt", skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<Secret>,
    #[serde(default, with = "secret_opt", skip_serializing_if = "Option::is_none")]
    pub id_token: Option<Secret>,
    pub token_type: String,
    #[serde(default)]
    pub expires_at: Option<u64>,
    #[serde(default)]
    pub scope: Option<String>,
    pub issuer: String,
    #[serde(default)]
    pub client_id: Option<String>,
    #[serde(default)]
    pub resource: Option<String>,
    #[serde(default)]
    pub obtained_at: u64,
}

impl TokenSet {
    /// Expired at `now`, or within `skew` seconds of it. No expiry means not expired.
    pub fn is_expired(&self, now: u64, skew: u64) -> bool {
        self.expires_at
            .is_some_and(|e| e <= now.saturating_add(skew))
    }
}

mod secret_str {
    use serde::{Deserialize, Deserializer, Serializer};

    use crate::secret::Secret;

    pub(super) fn serialize<S: Serializer>(s: &Secret, ser: S) -> Result<S::Ok, S::Error> {
        ser.serialize_str(s.expose())
    }
    pub(super) fn deserialize<'de, D: Deserializer<'de>>(de: D) -> Result<Secret, D::Error> {
        String::deserialize(de).map(Secret::new)
    }
}

mod secret_opt {
    use serde::{Deserialize, Deserializer, Serializer};

    use crate::secret::Secret;

    pub(super) fn serialize<S: Serializer>(s: &Option<Secret>, ser: S) -> Result<S::Ok, S::Error> {
        match s {
            Some(s) => ser.serialize_some(s.expose()),
            None => ser.serialize_none(),
        }
    }
    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        de: D,
    ) -> Result<Option<Secret>, D::Error> {
        Option::<String>::deserialize(de).map(|o| o.map(Secret::new))
    }
}

/// Which backend holds the secrets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StoreKind {
    Keyring,
    File,
    Memory,
}

/// A storage failure. Messages name paths and causes, never secret values.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the OS keyring is not available: {0}")]
    KeyringUnavailable(String),
    #[error("the OS keyring refused the operation: {0}")]
    Keyring(String),
    #[error("{path}: {detail}")]
    Io { path: String, detail: String },
    #[error("{what} is damaged ({detail}); it was left as it is")]
    Corrupt { what: String, detail: String },
    #[error("timed out waiting for another mcp-bridge process ({0})")]
    LockTimeout(String),
}

impl StoreError {
    pub fn io(path: &std::path::Path, e: impl std::fmt::Display) -> StoreError {
        StoreError::Io {
            path: path.display().to_string(),
            detail: e.to_string(),
        }
    }

    pub fn is_unavailable(&self) -> bool {
        matches!(self, StoreError::KeyringUnavailable(_))
    }
}

/// A place for secrets, addressed by account name. Token sets and client secrets are stored
/// as entries in it.
pub trait CredentialStore: Send + Sync {
    fn get(&self, account: &str) -> Result<Option<String>, StoreError>;
    fn set(&self, account: &str, value: &str) -> Result<(), StoreError>;
    /// Whether something was there.
    fn remove(&self, account: &str) -> Result<bool, StoreError>;
    /// For people: "the OS keyring (Secret Service)", a file path, …
    fn location(&self) -> String;
    fn kind(&self) -> StoreKind;

    fn load(&self, key: &ServerKey) -> Result<Option<TokenSet>, StoreError> {
        let Some(raw) = self.get(key.as_str())? else {
            return Ok(None);
        };
        serde_json::from_str(&raw)
            .map(Some)
            .map_err(|e| StoreError::Corrupt {
                what: format!("the stored credential for {}", key.as_str()),
                detail: format!("line {}, column {}", e.line(), e.column()),
            })
    }

    fn save(&self, key: &ServerKey, tokens: &TokenSet) -> Result<(), StoreError> {
        let json = serde_json::to_string(tokens).expect("a token set serializes");
        self.set(key.as_str(), &json)
    }

    fn delete(&self, key: &ServerKey) -> Result<bool, StoreError> {
        self.remove(key.as_str())
    }

    fn load_client_secret(
        &self,
        key: &ServerKey,
        issuer: &str,
    ) -> Result<Option<Secret>, StoreError> {
        Ok(self.get(&client_account(key, issuer))?.map(Secret::new))
    }

    fn save_client_secret(
        &self,
        key: &ServerKey,
        issuer: &str,
        secret: &Secret,
    ) -> Result<(), StoreError> {
        self.set(&client_account(key, issuer), secret.expose())
    }

    fn delete_client_secret(&self, key: &ServerKey, issuer: &str) -> Result<(), StoreError> {
        self.remove(&client_account(key, issuer)).map(drop)
    }
}

fn client_account(key: &ServerKey, issuer: &str) -> String {
    format!("{}#client:{issuer}", key.as_str())
}

/// The directories the bridge uses.
#[derive(Clone, Debug)]
pub struct Dirs {
    pub data: PathBuf,
    pub config: PathBuf,
}

impl Dirs {
    /// The platform directories, or `MCP_BRIDGE_DATA_DIR` / `MCP_BRIDGE_CONFIG_DIR`.
    pub fn from_env() -> Result<Dirs, StoreError> {
        let project = directories::ProjectDirs::from("", "", "mcp-bridge");
        let pick = |var: Var, fallback: Option<PathBuf>| {
            env::os(var)
                .map(PathBuf::from)
                .or(fallback)
                .ok_or_else(|| StoreError::Io {
                    path: var.name().to_owned(),
                    detail: "no home directory; set this variable".into(),
                })
        };
        Ok(Dirs {
            data: pick(
                env::MCP_BRIDGE_DATA_DIR,
                project.as_ref().map(|p| p.data_local_dir().to_path_buf()),
            )?,
            config: pick(
                env::MCP_BRIDGE_CONFIG_DIR,
                project.as_ref().map(|p| p.config_dir().to_path_buf()),
            )?,
        })
    }
}

impl Dirs {
    /// Create the data directory (mode 0700), or check that no other user can change it
    /// ([`crate::files::dirs`]).
    pub fn ensure_private(&self) -> Result<(), StoreError> {
        crate::files::private_dir(&self.data).map_err(|e| StoreError::Io {
            path: self.data.display().to_string(),
            detail: e.to_string(),
        })
    }
}

/// Open the store named by `--store` or the policy. With none named, the
/// [`default::DefaultStore`] chooses between the keyring and the file on first use.
pub fn open_store(kind: StoreKind, dirs: &Dirs) -> Result<Box<dyn CredentialStore>, StoreError> {
    Ok(match kind {
        StoreKind::Memory => Box::new(memory::MemoryStore::default()),
        StoreKind::File => Box::new(file::FileStore::new(dirs)),
        StoreKind::Keyring => Box::new(keyring::KeyringStore::open()?),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_keys_are_canonical() {
        let k = |s: &str| {
            ServerKey::from_url(&Url::parse(s).unwrap())
                .as_str()
                .to_owned()
        };
        assert_eq!(
            k("HTTPS://Mcp.Example.COM:443/mcp/#frag"),
            "https://mcp.example.com/mcp"
        );
        assert_eq!(k("https://a.test/"), k("https://a.test"));
        assert_eq!(k("https://a.test/x?y=1"), "https://a.test/x?y=1");
        assert_ne!(k("https://a.test:8443/mcp"), k("https://a.test/mcp"));
        assert_eq!(ServerKey::from_stored("x").short_hash().len(), 16);
    }

    #[test]
    fn token_sets_round_trip_and_never_debug_print_secrets() {
        let t = TokenSet {
            access_token: Secret::new("at-secret"),
            refresh_token: Some(Secret::new("rt-secret")),
            id_token: None,
            token_type: "Bearer".into(),
            expires_at: Some(100),
            scope: Some("a b".into()),
            issuer: "https://as.test".into(),
            client_id: Some("c".into()),
            resource: None,
            obtained_at: 40,
        };
        let json = serde_json::to_string(&t).unwrap();
        let back: TokenSet = serde_json::from_str(&json).unwrap();
        assert_eq!(back.refresh_token.unwrap().expose(), "rt-secret");
        let dbg = format!("{t:?}");
        assert!(
            !dbg.contains("at-secret") && !dbg.contains("rt-secret"),
            "{dbg}"
        );
        assert!(t.is_expired(100, 0) && t.is_expired(50, 60) && !t.is_expired(50, 10));
    }
}
