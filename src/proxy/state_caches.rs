//! What the relay keeps in the state file between runs: the server's last `initialize` result
//! (to answer a host that is waiting on a slow sign-in) and, per origin, which protocol era the
//! server speaks. The relay's cache traits ([`HandshakeCache`], [`EraCache`]) backed by
//! [`crate::store::StateFile`].

use std::sync::Arc;

use tracing::warn;

use super::{EraCache, HandshakeCache, ServerEra};
use crate::store::{ServerKey, StateFile};

/// The server's last `initialize` result, in the state file.
pub struct StateHandshake {
    state: Arc<StateFile>,
    key: ServerKey,
}

impl StateHandshake {
    pub fn new(state: Arc<StateFile>, key: ServerKey) -> Self {
        StateHandshake { state, key }
    }
}

impl HandshakeCache for StateHandshake {
    fn load(&self) -> Option<serde_json::Value> {
        self.state.get(&self.key).ok()?.last_initialize_result
    }

    fn save(&self, result: &serde_json::Value) {
        if let Err(e) = self.state.update(&self.key, |st| {
            st.last_initialize_result = Some(result.clone())
        }) {
            warn!(error = %e, "cannot remember the initialize result");
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
