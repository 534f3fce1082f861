//! The Dashboard API key: where it comes from ([`KeySource`]), and the [`ApiKey`] that carries it
//! as a [`Secret`] with a fingerprint used to keep cached data of different keys apart.
//!
//! Sources today are the environment and a file. The OS keyring (`mcp-bridge meraki set-key`)
//! is meant to become one more [`KeySource`] variant backed by the project's credential store;
//! nothing else needs to change for it.

use std::hash::{BuildHasher, RandomState};
use std::path::PathBuf;
use std::sync::OnceLock;

use super::MerakiError;
use crate::secret::Secret;

/// The environment variable holding the key.
pub const KEY_ENV: &str = "MERAKI_DASHBOARD_API_KEY";

/// Where the API key is read from. Never the command line: argv is visible to other users.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeySource {
    /// `MERAKI_DASHBOARD_API_KEY`.
    Env,
    /// A file holding the key (surrounding whitespace ignored), from `--api-key-file`.
    File(PathBuf),
}

impl KeySource {
    /// Read the key.
    pub fn load(&self) -> Result<ApiKey, MerakiError> {
        let (raw, from) = match self {
            KeySource::Env => (
                std::env::var(KEY_ENV).unwrap_or_default(),
                format!("${KEY_ENV}"),
            ),
            KeySource::File(path) => {
                let text = std::fs::read_to_string(path).map_err(|e| {
                    MerakiError::Key(format!("cannot read {}: {e}", path.display()))
                })?;
                (text, path.display().to_string())
            }
        };
        let key = raw.trim();
        if key.is_empty() {
            return Err(MerakiError::Key(format!(
                "no Meraki Dashboard API key in {from}; set {KEY_ENV}, pass --api-key-file PATH, \
                 or try the tools without a key: mcp-bridge serve meraki --demo"
            )));
        }
        if key.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(MerakiError::Key(format!(
                "the API key in {from} contains whitespace"
            )));
        }
        Ok(ApiKey::new(Secret::new(key)))
    }

    /// Where the key came from, for messages.
    pub fn describe(&self) -> String {
        match self {
            KeySource::Env => format!("${KEY_ENV}"),
            KeySource::File(p) => p.display().to_string(),
        }
    }
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
