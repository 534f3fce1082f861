//! What the relay keeps in the state file between runs: the server's last `initialize` result
//! (to answer a host that is waiting on a slow sign-in) and, per origin, which protocol era the
//! server speaks. The relay's cache traits (`HandshakeCache`, `EraCache`) are served by these
//! in the relay's own modules.

use std::sync::{Arc, Mutex, MutexGuard};

use serde_json::Value;
use tracing::warn;

use super::StateFile;
use crate::store::ServerKey;

/// The server's last `initialize` result, in the state file.
/// The file is written only when the result differs from the one stored (nearly every launch
/// gets the same one), and the last result read or written is kept to compare with.
pub struct StateHandshake {
    state: Arc<StateFile>,
    key: ServerKey,
    known: Mutex<Option<Value>>,
}

impl StateHandshake {
    pub fn new(state: Arc<StateFile>, key: ServerKey) -> Self {
        StateHandshake {
            state,
            key,
            known: Default::default(),
        }
    }

    fn known(&self) -> MutexGuard<'_, Option<Value>> {
        self.known.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The result kept, if any.
    pub fn get(&self) -> Option<Value> {
        let result = self.state.get(&self.key).ok()?.last_initialize_result;
        self.known().clone_from(&result);
        result
    }

    /// Keep `result`, unless it is the one kept already (a failure is logged).
    pub fn put(&self, result: &Value) {
        let mut known = self.known();
        if known.as_ref() == Some(result) {
            return;
        }
        let written = self.state.update_if_changed(&self.key, |st| {
            if st.last_initialize_result.as_ref() == Some(result) {
                return false;
            }
            st.last_initialize_result = Some(result.clone());
            true
        });
        match written {
            Ok(_) => *known = Some(result.clone()),
            Err(e) => warn!(error = %e, "cannot remember the initialize result"),
        }
    }
}

/// What a server's origin speaks (`legacy`, `modern` or `dual`), in the state file.
pub struct StateEras {
    state: Arc<StateFile>,
    origin: String,
}

impl StateEras {
    pub fn new(state: Arc<StateFile>, url: &url::Url) -> Self {
        StateEras {
            state,
            origin: url.origin().ascii_serialization(),
        }
    }

    /// The era kept for the origin, as written.
    pub fn get(&self) -> Option<String> {
        self.state.origin_era(&self.origin).ok()?
    }

    /// Keep the origin's era (a failure is logged).
    pub fn put(&self, era: &str) {
        if let Err(e) = self.state.set_origin_era(&self.origin, era) {
            warn!(error = %e, "cannot remember the protocol era");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Dirs;

    fn state(dir: &tempfile::TempDir) -> Arc<StateFile> {
        let dirs = Dirs {
            data: dir.path().to_path_buf(),
            config: dir.path().to_path_buf(),
        };
        Arc::new(StateFile::open(&dirs).unwrap())
    }

    #[test]
    fn the_same_initialize_result_is_not_written_again() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        let cache = StateHandshake::new(state(&dir), ServerKey::from_stored("https://m.test/"));
        assert_eq!(cache.get(), None);
        let result = serde_json::json!({"protocolVersion": "2025-06-18"});
        cache.put(&result);
        assert_eq!(cache.get(), Some(result.clone()));
        std::fs::remove_file(&path).unwrap();
        cache.put(&result);
        assert!(!path.exists(), "written again although unchanged");
    }

    #[test]
    fn an_era_is_kept_per_origin() {
        let dir = tempfile::tempdir().unwrap();
        let st = state(&dir);
        let u = |s: &str| url::Url::parse(s).unwrap();
        StateEras::new(st.clone(), &u("https://m.test/a")).put("modern");
        assert_eq!(
            StateEras::new(st.clone(), &u("https://m.test/b"))
                .get()
                .as_deref(),
            Some("modern")
        );
        assert_eq!(StateEras::new(st, &u("https://m.test:8443/a")).get(), None);
    }
}
