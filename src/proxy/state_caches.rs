//! What the relay keeps in the state file between runs: the server's last `initialize` result
//! (to answer a host that is waiting on a slow sign-in) and, per origin, which protocol era the
//! server speaks. The relay's cache traits ([`HandshakeCache`], [`EraCache`]) backed by
//! [`crate::store::StateFile`].

use std::sync::Arc;

use tracing::warn;

use super::{EraCache, HandshakeCache, ServerEra};
use crate::store::{ServerKey, StateFile};

/// The server's last `initialize` result, in the state file.
/// The file is written only when the result differs from the one stored (nearly every launch
/// gets the same one), and the last result read or written is kept to compare with.
pub struct StateHandshake {
    state: Arc<StateFile>,
    key: ServerKey,
    known: std::sync::Mutex<Option<serde_json::Value>>,
}

impl StateHandshake {
    pub fn new(state: Arc<StateFile>, key: ServerKey) -> Self {
        StateHandshake {
            state,
            key,
            known: Default::default(),
        }
    }

    fn known(&self) -> std::sync::MutexGuard<'_, Option<serde_json::Value>> {
        self.known.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl HandshakeCache for StateHandshake {
    fn load(&self) -> Option<serde_json::Value> {
        let result = self.state.get(&self.key).ok()?.last_initialize_result;
        self.known().clone_from(&result);
        result
    }

    fn save(&self, result: &serde_json::Value) {
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

/// What a server's origin speaks ([`ServerEra`]), in the state file.
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
}

impl EraCache for StateEras {
    fn load(&self) -> Option<ServerEra> {
        let era = self.state.origin_era(&self.origin).ok()??;
        ServerEra::parse(&era)
    }

    fn save(&self, era: ServerEra) {
        if let Err(e) = self.state.set_origin_era(&self.origin, era.as_str()) {
            warn!(error = %e, "cannot remember the protocol era");
        }
    }
}
