//! The state file, `state.json` in the data directory (mode 0600): per server, what is worth
//! remembering but not secret — client registrations by issuer (and one not yet bound to an
//! issuer, from an import), what discovery found, the last `initialize` result; per origin (scheme, host and port),
//! the protocol era the server speaks.
//! Its keys are also the index of known servers (keyrings cannot be listed). Unknown fields are
//! kept, so an older version never drops what a newer one wrote.
//!
//! The file's users keep their records through the adapters here, in the file's own shapes:
//! [`registrations`] (client registrations with their secrets, what discovery found) and
//! [`caches`] (the last `initialize` result, the origins' protocol eras). The layers above
//! convert their own types to these; nothing here knows them.

pub mod caches;
pub mod registrations;

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::lock::ServerLock;
use super::{Dirs, ServerKey, StoreError};
use crate::files;

pub use caches::{StateEras, StateHandshake};
pub use registrations::{KeptRegistration, StateRegistrations};

/// A client registration, without its secret (kept in the credential store).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ClientRegistration {
    pub client_id: String,
    pub redirect_uri: Option<String>,
    pub token_endpoint_auth_method: String,
    pub registered_at: u64,
    /// "dcr", "static" or "cimd".
    pub source: String,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ServerState {
    pub registrations: BTreeMap<String, ClientRegistration>,
    /// A registration whose authorization server is not known yet (taken from another tool
    /// that did not record it); it is bound to the first issuer the bridge discovers for the
    /// server.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unbound_registration: Option<ClientRegistration>,
    pub last_initialize_result: Option<Value>,
    /// What discovery found last (the authorization server's metadata, the resource metadata
    /// URL it was found through, when), so that a refresh needs no discovery round trip.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub discovered: Option<Value>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// What is kept per origin.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct OriginState {
    /// "legacy", "modern" or "dual".
    pub era: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Default, Serialize, Deserialize)]
#[serde(default)]
struct Doc {
    version: u32,
    servers: BTreeMap<String, ServerState>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    origins: BTreeMap<String, OriginState>,
    #[serde(flatten)]
    extra: Map<String, Value>,
}

pub struct StateFile {
    dirs: Dirs,
    path: PathBuf,
}

impl StateFile {
    pub fn open(dirs: &Dirs) -> Result<StateFile, StoreError> {
        Ok(StateFile {
            dirs: dirs.clone(),
            path: dirs.data.join("state.json"),
        })
    }

    fn read(&self) -> Result<Doc, StoreError> {
        let Some(bytes) = files::read(&self.path).map_err(|e| StoreError::io(&self.path, e))?
        else {
            return Ok(Doc::default());
        };
        serde_json::from_slice(&bytes).map_err(|e| StoreError::Corrupt {
            what: self.path.display().to_string(),
            detail: format!("line {}, column {}", e.line(), e.column()),
        })
    }

    pub fn get(&self, key: &ServerKey) -> Result<ServerState, StoreError> {
        Ok(self
            .read()?
            .servers
            .remove(key.as_str())
            .unwrap_or_default())
    }

    /// Change one server's state under the files lock.
    pub fn update(
        &self,
        key: &ServerKey,
        f: impl FnOnce(&mut ServerState),
    ) -> Result<(), StoreError> {
        let _lock = ServerLock::files(&self.dirs)?;
        let mut doc = self.read()?;
        doc.version = 1;
        f(doc.servers.entry(key.as_str().to_owned()).or_default());
        self.write(&doc)
    }

    /// Like [`StateFile::update`], but `f` tells whether it changed anything, and the file is
    /// written only when it did (a rewrite syncs the disk twice). Returns whether it wrote.
    pub fn update_if_changed(
        &self,
        key: &ServerKey,
        f: impl FnOnce(&mut ServerState) -> bool,
    ) -> Result<bool, StoreError> {
        let _lock = ServerLock::files(&self.dirs)?;
        let mut doc = self.read()?;
        if !f(doc.servers.entry(key.as_str().to_owned()).or_default()) {
            return Ok(false);
        }
        doc.version = 1;
        self.write(&doc)?;
        Ok(true)
    }

    pub fn remove(&self, key: &ServerKey) -> Result<(), StoreError> {
        if !self.path.exists() {
            return Ok(());
        }
        let _lock = ServerLock::files(&self.dirs)?;
        let mut doc = self.read()?;
        if doc.servers.remove(key.as_str()).is_some() {
            self.write(&doc)?;
        }
        Ok(())
    }

    /// The protocol era remembered for an origin.
    pub fn origin_era(&self, origin: &str) -> Result<Option<String>, StoreError> {
        Ok(self.read()?.origins.remove(origin).and_then(|o| o.era))
    }

    pub fn set_origin_era(&self, origin: &str, era: &str) -> Result<(), StoreError> {
        let _lock = ServerLock::files(&self.dirs)?;
        let mut doc = self.read()?;
        doc.version = 1;
        doc.origins.entry(origin.to_owned()).or_default().era = Some(era.to_owned());
        self.write(&doc)
    }

    /// Every server the bridge has state for.
    pub fn keys(&self) -> Result<Vec<ServerKey>, StoreError> {
        Ok(self
            .read()?
            .servers
            .keys()
            .map(|k| ServerKey::from_stored(k))
            .collect())
    }

    fn write(&self, doc: &Doc) -> Result<(), StoreError> {
        self.dirs.ensure_private()?;
        files::replace(
            &self.path,
            serde_json::to_string_pretty(doc).expect("JSON").as_bytes(),
            files::Target::Private,
        )
        .map_err(|e| StoreError::io(&self.path, e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_unknown_fields_and_lists_servers() {
        let dir = tempfile::tempdir().unwrap();
        let dirs = Dirs {
            data: dir.path().to_path_buf(),
            config: dir.path().to_path_buf(),
        };
        std::fs::write(
            dir.path().join("state.json"),
            br#"{"version":1,"future":true,"servers":{"https://a.test":{"newer_field":[1]}}}"#,
        )
        .unwrap();
        let st = StateFile::open(&dirs).unwrap();
        let b = ServerKey::from_stored("https://b.test");
        st.update(&b, |s| {
            s.last_initialize_result = Some(serde_json::json!({"x": 1}))
        })
        .unwrap();
        let text = std::fs::read_to_string(dir.path().join("state.json")).unwrap();
        assert!(
            text.contains("\"future\"") && text.contains("newer_field"),
            "{text}"
        );
        assert_eq!(st.keys().unwrap().len(), 2);
        assert_eq!(st.get(&b).unwrap().last_initialize_result.unwrap()["x"], 1);
        st.remove(&b).unwrap();
        assert_eq!(st.keys().unwrap().len(), 1);
    }

    #[test]
    fn an_unchanged_state_is_not_written_again() {
        let dir = tempfile::tempdir().unwrap();
        let dirs = Dirs {
            data: dir.path().to_path_buf(),
            config: dir.path().to_path_buf(),
        };
        let st = StateFile::open(&dirs).unwrap();
        let k = ServerKey::from_stored("https://a.test");
        let set = |s: &mut ServerState| {
            let v = Some(serde_json::json!({"x": 1}));
            let changed = s.last_initialize_result != v;
            s.last_initialize_result = v;
            changed
        };
        assert!(st.update_if_changed(&k, set).unwrap());
        let path = dir.path().join("state.json");
        std::fs::write(&path, std::fs::read_to_string(&path).unwrap() + "\n").unwrap();
        assert!(!st.update_if_changed(&k, set).unwrap());
        assert!(
            std::fs::read_to_string(&path).unwrap().ends_with("}\n"),
            "the file was rewritten"
        );
    }
}
