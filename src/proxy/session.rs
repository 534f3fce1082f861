//! Session bookkeeping: the host's own `initialize` and `notifications/initialized`, kept so
//! that the bridge can start a new server session on the host's behalf when the server forgets
//! the old one, without the host noticing.

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::jsonrpc::{Id, Message};

/// Remembers the server's last `initialize` result between runs, so that a host waiting on a
/// slow sign-in can be answered in time.
pub trait HandshakeCache: Send + Sync {
    fn load(&self) -> Option<serde_json::Value>;
    fn save(&self, result: &serde_json::Value);
}

impl HandshakeCache for crate::store::state::StateHandshake {
    fn load(&self) -> Option<serde_json::Value> {
        self.get()
    }

    fn save(&self, result: &serde_json::Value) {
        self.put(result);
    }
}

/// What the host said when it initialized, and the bridge's own request ids.
#[derive(Default)]
pub struct HostSession {
    initialize: Mutex<Option<Message>>,
    initialized: Mutex<Option<Message>>,
    next_own: AtomicU64,
    prefix: String,
}

impl HostSession {
    pub fn new() -> Self {
        let nonce = crate::clock::subsec_nanos();
        HostSession {
            prefix: format!("mcp-bridge-{}-{nonce:x}", std::process::id()),
            ..Default::default()
        }
    }

    /// Note a message from the host if it is part of the handshake.
    pub fn observe(&self, msg: &Message) {
        match msg.method() {
            Some("initialize") if msg.id().is_some() => {
                *self
                    .initialize
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(msg.uncharged());
            }
            Some("notifications/initialized") => {
                *self
                    .initialized
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(msg.uncharged());
            }
            _ => {}
        }
    }

    /// The host's `initialize` again, under a new id of the bridge's own.
    pub fn replay_initialize(&self) -> Option<(Id, Message)> {
        let init = self
            .initialize
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()?;
        let id = self.own_id();
        let replay = init.with_id(&id)?;
        Some((id, replay))
    }

    pub fn initialized(&self) -> Option<Message> {
        self.initialized
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// A fresh id for a request the bridge makes itself.
    pub fn own_id(&self) -> Id {
        let n = self.next_own.fetch_add(1, Ordering::Relaxed);
        Id::string(&format!("{}-{n}", self.prefix))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replays_initialize_under_a_new_id() {
        let s = HostSession::new();
        assert!(s.replay_initialize().is_none());
        let init = Message::parse(
            &br#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","x":[1]}}"#[..],
        )
        .unwrap();
        s.observe(&init);
        let (id, m) = s.replay_initialize().unwrap();
        let v = m.to_value().unwrap();
        assert_eq!(v["id"].as_str(), Some(id.as_json().trim_matches('"')));
        assert_eq!(v["params"]["x"][0], 1);
        assert_ne!(s.own_id(), s.own_id());
    }
}
