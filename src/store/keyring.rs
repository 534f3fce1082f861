//! The OS keyring: the Secret Service on Linux, the Keychain on macOS, the Credential Manager
//! on Windows (through keyring-core and one store crate per platform). Service `mcp-bridge`,
//! account = the entry name.
//!
//! Large values are split over several entries ([`chunks`]).
//!
//! `MCP_BRIDGE_NO_KEYRING` (any non-empty value) makes the keyring count as unreachable, as on
//! a Linux machine without a Secret Service: nothing reads or changes the OS keyring.

use std::sync::{Arc, OnceLock};

use keyring_core::{Entry, Error as KError};

mod chunks;

use super::{CredentialStore, SERVICE, StoreError, StoreKind};
use crate::settings::env::{self, Var};

/// Set (non-empty), the OS keyring is treated as unreachable.
pub const NO_KEYRING_ENV: Var = env::MCP_BRIDGE_NO_KEYRING;

/// The largest piece stored in one entry, in UTF-16 code units (what Windows stores; at most
/// as many characters).
#[cfg(target_os = "windows")]
pub const DEFAULT_CHUNK: usize = 1000;
#[cfg(not(target_os = "windows"))]
pub const DEFAULT_CHUNK: usize = 16 * 1024;

pub struct KeyringStore {
    chunk: usize,
    platform: &'static Platform,
}

/// The platform's credential store, opened once per process. Entries are made in it directly
/// (`Entry::new_in_store`) rather than through keyring-core's process-wide default store.
struct Platform {
    store: Arc<keyring_core::CredentialStore>,
    name: &'static str,
}

static PLATFORM: OnceLock<Result<Platform, String>> = OnceLock::new();

fn open_platform_store() -> Result<Platform, String> {
    #[cfg(target_os = "linux")]
    {
        let store = zbus_secret_service_keyring_store::Store::new().map_err(describe)?;
        Ok(Platform {
            store,
            name: "the OS keyring (Secret Service)",
        })
    }
    #[cfg(target_os = "macos")]
    {
        let store = apple_native_keyring_store::keychain::Store::new().map_err(describe)?;
        Ok(Platform {
            store,
            name: "the OS keyring (macOS Keychain)",
        })
    }
    #[cfg(target_os = "windows")]
    {
        let store = windows_native_keyring_store::Store::new().map_err(describe)?;
        Ok(Platform {
            store,
            name: "the OS keyring (Windows Credential Manager)",
        })
    }
    #[cfg(not(any(target_os = "linux", target_os = "macos", target_os = "windows")))]
    {
        Err("no keyring support on this platform".into())
    }
}

/// What "no access" usually means on this platform.
const NO_ACCESS: &str = if cfg!(target_os = "macos") {
    "locked, or the item belongs to another program or user?"
} else if cfg!(target_os = "windows") {
    "no logon session, or access refused?"
} else {
    "locked, or no Secret Service running?"
};

/// Error text without any secret payload (BadEncoding carries the raw bytes).
fn describe(e: KError) -> String {
    match e {
        KError::NoStorageAccess(p) => format!("no access ({NO_ACCESS}): {p}"),
        KError::PlatformFailure(p) => format!("platform failure: {p}"),
        KError::NoDefaultStore => "no keyring store".into(),
        KError::BadEncoding(_) | KError::BadDataFormat(..) => {
            "an entry is not in the expected format".into()
        }
        other => format!("{other}"),
    }
}

impl KeyringStore {
    /// Connect to the platform keyring and check that it answers (`--store keyring`, `doctor`).
    pub fn open() -> Result<KeyringStore, StoreError> {
        let store = KeyringStore::connect()?;
        store.probe()?;
        Ok(store)
    }

    /// Connect to the platform keyring without asking it anything yet.
    pub fn connect() -> Result<KeyringStore, StoreError> {
        if env::os(NO_KEYRING_ENV).is_some_and(|v| !v.is_empty()) {
            return Err(StoreError::KeyringUnavailable(format!(
                "turned off by {NO_KEYRING_ENV}"
            )));
        }
        let platform = PLATFORM
            .get_or_init(open_platform_store)
            .as_ref()
            .map_err(|e| StoreError::KeyringUnavailable(e.clone()))?;
        Ok(KeyringStore {
            chunk: DEFAULT_CHUNK,
            platform,
        })
    }

    /// Whether the keyring answers a lookup: any failure counts as unavailable.
    pub fn probe(&self) -> Result<(), StoreError> {
        self.raw_get("mcp-bridge-probe")
            .map(drop)
            .map_err(|e| match e {
                StoreError::Keyring(m) => StoreError::KeyringUnavailable(m),
                other => other,
            })
    }

    /// A store over `store` instead of the platform's (the tests' in-memory keyring).
    #[cfg(test)]
    pub(super) fn over(store: Arc<keyring_core::CredentialStore>) -> KeyringStore {
        let name = "the test keyring";
        KeyringStore {
            chunk: DEFAULT_CHUNK,
            platform: Box::leak(Box::new(Platform { store, name })),
        }
    }

    /// A store that splits values longer than `chunk` UTF-16 code units (tests use small
    /// chunks).
    pub fn with_chunk_size(mut self, chunk: usize) -> KeyringStore {
        self.chunk = chunk.max(2);
        self
    }

    fn entry(&self, account: &str) -> Result<Entry, StoreError> {
        Entry::new_in_store(&self.platform.store, SERVICE, account)
            .map_err(|e| StoreError::Keyring(describe(e)))
    }

    /// One entry as it is stored: the first keyring call of every operation.
    pub(super) fn raw_get(&self, account: &str) -> Result<Option<String>, StoreError> {
        match self.entry(account)?.get_password() {
            Ok(v) => Ok(Some(v)),
            Err(KError::NoEntry) => Ok(None),
            Err(e @ (KError::NoStorageAccess(_) | KError::NoDefaultStore)) => {
                Err(StoreError::KeyringUnavailable(describe(e)))
            }
            Err(e) => Err(StoreError::Keyring(describe(e))),
        }
    }

    fn raw_set(&self, account: &str, value: &str) -> Result<(), StoreError> {
        self.entry(account)?
            .set_password(value)
            .map_err(|e| StoreError::Keyring(describe(e)))
    }

    fn raw_remove(&self, account: &str) -> Result<bool, StoreError> {
        match self.entry(account)?.delete_credential() {
            Ok(()) => Ok(true),
            Err(KError::NoEntry) => Ok(false),
            Err(e) => Err(StoreError::Keyring(describe(e))),
        }
    }
}

impl CredentialStore for KeyringStore {
    fn get(&self, account: &str) -> Result<Option<String>, StoreError> {
        self.get_found(account, self.raw_get(account)?)
    }

    fn set(&self, account: &str, value: &str) -> Result<(), StoreError> {
        self.set_found(account, value, self.raw_get(account)?)
    }

    fn remove(&self, account: &str) -> Result<bool, StoreError> {
        self.remove_found(account, self.raw_get(account)?)
    }

    fn location(&self) -> String {
        self.platform.name.into()
    }

    fn kind(&self) -> StoreKind {
        StoreKind::Keyring
    }
}

#[cfg(test)]
mod tests {
    use super::chunks::{HEADER, chunk_account, parse_header, stored_len};
    use super::*;

    /// Runs against the real OS keyring when MCP_BRIDGE_TEST_KEYRING=1 (scripts/test.sh sets it
    /// inside a private gnome-keyring); it must not pass by skipping when asked to run.
    #[test]
    fn real_keyring_round_trip_with_chunks() {
        if env::text(env::MCP_BRIDGE_TEST_KEYRING) != Some("1") {
            return;
        }
        let store = KeyringStore::open()
            .expect("the keyring must be reachable when MCP_BRIDGE_TEST_KEYRING=1")
            .with_chunk_size(100);
        let account = format!("test-{}", std::process::id());
        let big: String = (0..1000)
            .map(|i| char::from(b'a' + (i % 26) as u8))
            .collect();
        store.set(&account, &big).unwrap();
        assert_eq!(store.get(&account).unwrap().as_deref(), Some(big.as_str()));
        assert!(
            store
                .raw_get(&account)
                .unwrap()
                .unwrap()
                .starts_with(HEADER),
            "stored in pieces"
        );
        store.set(&account, "small").unwrap();
        assert_eq!(store.get(&account).unwrap().as_deref(), Some("small"));
        assert_eq!(
            store.raw_get(&chunk_account(&account, 1, 0)).unwrap(),
            None,
            "old pieces removed"
        );
        assert!(store.remove(&account).unwrap());
        assert_eq!(store.get(&account).unwrap(), None);
    }

    /// With MCP_BRIDGE_TEST_KEYRING=1 (the CI workflow sets it on Linux, macOS and Windows):
    /// a token set larger than one entry holds on any platform, with characters outside ASCII,
    /// at the platform's own piece size — stored, read back, replaced, deleted.
    #[test]
    fn real_keyring_keeps_a_large_token_set_at_the_platform_piece_size() {
        if env::text(env::MCP_BRIDGE_TEST_KEYRING) != Some("1") {
            return;
        }
        let store = KeyringStore::open()
            .expect("the keyring must be reachable when MCP_BRIDGE_TEST_KEYRING=1");
        let account = format!("https://keyring-test.invalid/{}/mcp", std::process::id());
        let token = |n: usize, seed: usize| -> String {
            const ALPHABET: &[u8] =
                b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
            (0..n)
                .map(|i| char::from(ALPHABET[(i * 7 + seed) % ALPHABET.len()]))
                .collect()
        };
        let set = serde_json::json!({
            "access_token": token(9000, 1),
            "id_token": token(12000, 2),
            "refresh_token": token(600, 3),
            "scope": "openid profile mcp:tools",
            "issuer": "https://auth.example.com",
            // Windows counts UTF-16: 700 two-unit characters overflow a 1,000-character piece.
            "client_name": format!("Zürich ✓ {}", "🔑".repeat(700)),
        })
        .to_string();
        assert!(
            stored_len(&set) > DEFAULT_CHUNK,
            "more than one entry holds"
        );
        store.set(&account, &set).unwrap();
        assert_eq!(store.get(&account).unwrap().as_deref(), Some(set.as_str()));
        let header = store.raw_get(&account).unwrap().unwrap();
        let (generation, pieces) = parse_header(&header).expect("stored in pieces");
        assert!(pieces >= 2, "{header}");
        store.set(&account, "small").unwrap();
        assert_eq!(store.get(&account).unwrap().as_deref(), Some("small"));
        for i in 0..pieces {
            assert_eq!(
                store
                    .raw_get(&chunk_account(&account, generation, i))
                    .unwrap(),
                None,
                "piece {i} removed"
            );
        }
        assert!(store.remove(&account).unwrap());
        assert_eq!(store.get(&account).unwrap(), None);
        assert!(!store.remove(&account).unwrap(), "nothing left to remove");
    }
}
