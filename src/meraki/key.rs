//! The Dashboard API key: where it comes from ([`KeySource`]), and the [`ApiKey`] that carries it
//! as a [`Secret`] with a fingerprint used to keep cached data of different keys apart.
//!
//! Sources: the environment, a file, and the credential store (the OS keyring, where
//! `mcp-bridge meraki set-key` puts the key; the 0600 file store when no keyring answers).

use std::hash::{BuildHasher, RandomState};
use std::path::PathBuf;
use std::sync::OnceLock;

use super::MerakiError;
use crate::secret::Secret;
use crate::settings::env::{self, Var};
use crate::store::{self, Dirs, StoreKind};

/// The environment variable holding the key.
pub const KEY_ENV: Var = env::MERAKI_DASHBOARD_API_KEY;

/// The credential-store account holding the key. It cannot collide with a server's
/// credential: those accounts are URLs.
pub const KEY_ACCOUNT: &str = "meraki:dashboard-api-key";

/// Where the API key is read from. Never the command line: argv is visible to other users.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeySource {
    /// `MERAKI_DASHBOARD_API_KEY`.
    Env,
    /// A file holding the key (surrounding whitespace ignored), from `--api-key-file`.
    File(PathBuf),
    /// The credential store: the OS keyring, or the file store when no keyring answers
    /// (`None`), or the store named by `--store`.
    Stored(Option<StoreKind>),
}

impl KeySource {
    /// Read the key.
    pub fn load(&self) -> Result<ApiKey, MerakiError> {
        let (raw, from) = match self {
            KeySource::Env => (
                env::text(KEY_ENV).unwrap_or_default().to_owned(),
                format!("${KEY_ENV}"),
            ),
            KeySource::File(path) => {
                let text = std::fs::read_to_string(path).map_err(|e| {
                    MerakiError::Key(format!("cannot read {}: {e}", path.display()))
                })?;
                (text, path.display().to_string())
            }
            KeySource::Stored(kind) => {
                let Some((text, from)) = read_stored(*kind)? else {
                    return Err(MerakiError::Key(format!(
                        "no Meraki Dashboard API key: none is stored and {KEY_ENV} is not set. \
                         Store one with `mcp-bridge meraki set-key`, set {KEY_ENV}, pass \
                         --api-key-file PATH, or try the tools without a key: \
                         mcp-bridge serve meraki --demo"
                    )));
                };
                (text, from)
            }
        };
        let key = raw.trim();
        if key.is_empty() {
            return Err(MerakiError::Key(format!(
                "no Meraki Dashboard API key in {from}; set {KEY_ENV}, pass --api-key-file PATH, \
                 or try the tools without a key: mcp-bridge serve meraki --demo"
            )));
        }
        check_key_text(key)
            .map_err(|why| MerakiError::Key(format!("the API key in {from} {why}")))?;
        Ok(ApiKey::new(Secret::new(key)))
    }

    /// Where the key came from, for messages.
    pub fn describe(&self) -> String {
        match self {
            KeySource::Env => format!("${KEY_ENV}"),
            KeySource::File(p) => p.display().to_string(),
            KeySource::Stored(_) => "the credential store (mcp-bridge meraki set-key)".into(),
        }
    }
}

/// The stored key and where it was found. With no store named: the OS keyring when it
/// answers, then the file store (where `set-key --store file` puts it).
pub fn read_stored(kind: Option<StoreKind>) -> Result<Option<(String, String)>, MerakiError> {
    let kinds = match kind {
        Some(k) => vec![k],
        None => vec![StoreKind::Keyring, StoreKind::File],
    };
    let dirs = Dirs::from_env().map_err(|e| MerakiError::Key(e.to_string()))?;
    let mut unreachable = None;
    for k in kinds {
        let opened = match store::open_store(k, &dirs) {
            Ok(o) => o,
            Err(e) if kind.is_none() && e.is_unavailable() => {
                unreachable = Some(e);
                continue;
            }
            Err(e) => return Err(MerakiError::Key(format!("cannot open the key store: {e}"))),
        };
        let from = opened.location();
        match opened.get(KEY_ACCOUNT) {
            Ok(Some(text)) => return Ok(Some((text, from))),
            Ok(None) => {}
            Err(e) if kind.is_none() && e.is_unavailable() => unreachable = Some(e),
            Err(e) => {
                return Err(MerakiError::Key(format!(
                    "cannot read the API key from {from}: {e}"
                )));
            }
        }
    }
    match unreachable {
        Some(e) => Err(MerakiError::Key(format!(
            "no Meraki Dashboard API key found, and the OS keyring, where `mcp-bridge meraki \
             set-key` keeps it, did not answer ({e}). Unlock the keyring, set {KEY_ENV} or \
             --api-key-file, or try the tools without a key: mcp-bridge serve meraki --demo"
        ))),
        None => Ok(None),
    }
}

/// Why `key` (already trimmed) cannot be an API key, if it cannot.
pub fn check_key_text(key: &str) -> Result<(), &'static str> {
    if key.is_empty() {
        return Err("is empty");
    }
    if key.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("contains whitespace");
    }
    if key.len() > 256 {
        return Err("is longer than any Dashboard API key (256 characters at most)");
    }
    Ok(())
}

/// An API key and its fingerprint.
#[derive(Debug, Clone)]
pub struct ApiKey {
    secret: Secret,
    fingerprint: u64,
}

impl ApiKey {
    pub fn new(secret: Secret) -> Self {
        // Keyed with per-process random keys: the fingerprint identifies the key within this
        // process and reveals nothing outside it.
        static KEYS: OnceLock<RandomState> = OnceLock::new();
        let fingerprint = KEYS.get_or_init(RandomState::new).hash_one(secret.expose());
        ApiKey {
            secret,
            fingerprint,
        }
    }

    pub fn secret(&self) -> &Secret {
        &self.secret
    }

    /// A hash of the key (never the key) identifying it in cache entries.
    pub fn fingerprint(&self) -> u64 {
        self.fingerprint
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_key_file_and_trims_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("key");
        std::fs::write(&path, "  abc123\n").unwrap();
        let key = KeySource::File(path.clone()).load().unwrap();
        assert_eq!(key.secret().expose(), "abc123");
        assert!(!format!("{key:?}").contains("abc123"));
        std::fs::write(&path, "\n").unwrap();
        assert!(
            KeySource::File(path)
                .load()
                .unwrap_err()
                .to_string()
                .contains("no Meraki")
        );
    }

    #[test]
    fn fingerprints_differ_per_key_and_repeat_per_key() {
        let a = ApiKey::new(Secret::new("a"));
        assert_eq!(a.fingerprint(), ApiKey::new(Secret::new("a")).fingerprint());
        assert_ne!(a.fingerprint(), ApiKey::new(Secret::new("b")).fingerprint());
    }
}
