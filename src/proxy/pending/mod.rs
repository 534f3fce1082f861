//! The host never waits on a sign-in to start its session. When the connection to the server
//! has to wait on a person (a sign-in in the browser, or another bridge process signing in),
//! the host's handshake is answered at once: `initialize` from the last session's result when
//! there is one, else — like `server/discover` for a 2026-07-28 host — with a minimal result
//! that announces tools, prompts and resources with `listChanged` and says in `instructions`
//! that the sign-in is pending. Until the connection is up, list requests get empty lists,
//! `ping` an empty result, a 2026-07-28 host's `subscriptions/listen` an acknowledgement, and
//! every other request waits up to [`HOLD`], then fails with an error saying the sign-in is
//! pending; notifications wait. Once connected, what waited goes out in order and the host is
//! told to list again (`list_changed` for what the server has, after the host's
//! `notifications/initialized`, or on its subscriptions). If the sign-in fails, what waits
//! gets the sign-in's error, and the host's next request starts the connection again.
//!
//! What the host was told stays true for the session: a list request for a capability it
//! was told of and the server lacks gets an empty list (`logging/setLevel` an empty result,
//! `completion/complete` no values) rather than the server's "method not found"; the protocol
//! version it was told (its own, or the last session's when older) is the one the bridge
//! then asks the server for.

//!
//! [`early`] answers the handshake, [`waiting`] handles what the host sends meanwhile,
//! [`connected`] finishes once the connection is up (or failed).

mod connected;
mod early;
mod waiting;

use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::Duration;

use serde_json::{Value, json};
use tokio::sync::{oneshot, watch};

use crate::jsonrpc::{Id, Kind, Message};
use crate::revision::HostEra;
use crate::revision::{LEGACY_LATEST, LEGACY_VERSIONS};
use crate::transport::modern::subscriptions::Filter;

/// How long a request waits for a pending sign-in before it fails: below the minute after
/// which hosts give up on a request, long enough for a sign-in the browser completes by
/// itself (a single sign-on session that is still open).
pub(super) const HOLD: Duration = Duration::from_secs(20);

/// Where the session stands with respect to an early answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Phase {
    /// Nothing was answered early: messages go to the server as they come.
    Direct,
    /// The host was answered early; the connection waits on a sign-in.
    Waiting,
    /// Connected: what waited is being sent.
    Flushing,
    /// Connected after an early answer.
    Connected,
    /// The connection failed after an early answer; the next request tries again.
    Failed,
}

/// What the host was told, what waits, and what the server turned out to have.
pub(super) struct Pending {
    phase: watch::Sender<Phase>,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    host: Option<HostEra>,
    /// The message whose sending makes the connection (sent again after a failure).
    first: Option<Message>,
    /// Where the server's own answer to `first` goes.
    answer: Option<oneshot::Receiver<Message>>,
    /// The protocol version the host was told (initialize-based hosts).
    version: Option<String>,
    /// The handshake result the host was given (when the first message was the handshake;
    /// else only the capabilities it is treated as told).
    told: Value,
    /// The first message is the host's handshake, so the server's answer to it says what
    /// the server has.
    handshake: bool,
    /// The server's capabilities, once connected (`None`: not known).
    real: Option<Value>,
    /// Host messages waiting for the connection, in order.
    queue: VecDeque<Message>,
    /// Subscriptions acknowledged by the bridge: (host request id, what it covers).
    listens: Vec<(Value, Filter)>,
    /// The host has not sent `notifications/initialized` yet: the list changes wait for it.
    owed: bool,
}

impl Default for Pending {
    fn default() -> Self {
        Pending {
            phase: watch::Sender::new(Phase::Direct),
            state: Mutex::default(),
        }
    }
}

impl Pending {
    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    pub(super) fn phase(&self) -> Phase {
        *self.phase.borrow()
    }

    /// Completes once the phase is no longer [`Phase::Direct`].
    pub(super) async fn left_direct(&self) {
        let mut rx = self.phase.subscribe();
        let _ = rx.wait_for(|p| *p != Phase::Direct).await;
    }

    /// The host's `initialize` as the server gets it: with the protocol version the host was
    /// told, when that differs from the one it asked for.
    pub(super) fn for_server(&self, msg: &Message) -> Option<Message> {
        if msg.method() != Some("initialize") {
            return None;
        }
        let version = self.state().version.clone()?;
        if msg.str_at(&["params", "protocolVersion"]).as_deref() == Some(version.as_str()) {
            return None;
        }
        let mut v = msg.to_value().ok()?;
        v["params"]["protocolVersion"] = Value::String(version);
        Message::from_value(&v).ok()
    }

    /// Queue a host message until connected; false when connected meanwhile (it goes on
    /// as usual then). Checked under the lock the flush holds while it finds the queue empty.
    fn enqueue(&self, msg: Message) -> bool {
        let mut st = self.state();
        if matches!(self.phase(), Phase::Connected | Phase::Direct) {
            return false;
        }
        st.queue.push_back(msg);
        true
    }

    /// Remove a waiting request; whether it was waiting.
    fn unqueue(&self, id: &Id) -> bool {
        let mut st = self.state();
        let before = st.queue.len();
        st.queue
            .retain(|m| m.kind() != Kind::Request || m.id() != Some(id));
        st.queue.len() != before
    }
}

/// The capability a method belongs to, and the empty result that answers it.
fn empty_answer(method: &str) -> Option<(&'static str, Value)> {
    Some(match method {
        "tools/list" => ("tools", json!({"tools": []})),
        "prompts/list" => ("prompts", json!({"prompts": []})),
        "resources/list" => ("resources", json!({"resources": []})),
        "resources/templates/list" => ("resources", json!({"resourceTemplates": []})),
        "logging/setLevel" => ("logging", json!({})),
        "completion/complete" => (
            "completions",
            json!({"completion": {"values": [], "hasMore": false}}),
        ),
        _ => return None,
    })
}

/// A result in the shape of the host's revision.
fn for_host(host: HostEra, method: &str, mut result: Value) -> Value {
    if host == HostEra::Modern
        && let Some(o) = result.as_object_mut()
    {
        o.insert("resultType".into(), "complete".into());
        if method.ends_with("/list") || method == "server/discover" {
            o.insert("ttlMs".into(), 0.into());
            o.insert("cacheScope".into(), "private".into());
        }
    }
    result
}

const LIST_CHANGES: [(&str, &str); 3] = [
    ("tools", "notifications/tools/list_changed"),
    ("prompts", "notifications/prompts/list_changed"),
    ("resources", "notifications/resources/list_changed"),
];

/// Tools, prompts and resources, announced with `listChanged`.
fn minimal_capabilities() -> Value {
    json!({
        "tools": {"listChanged": true},
        "prompts": {"listChanged": true},
        "resources": {"listChanged": true},
    })
}

/// The version to tell an initialize-based host: the one it asked for when the bridge knows
/// it, else the newest; the last session's, when that is older (the server chose it then).
fn version_for(asked: Option<&str>, cached: Option<&str>) -> String {
    let asked = asked
        .filter(|v| LEGACY_VERSIONS.contains(v))
        .unwrap_or(LEGACY_LATEST);
    match cached.filter(|v| LEGACY_VERSIONS.contains(v)) {
        Some(c) if c < asked => c.to_owned(),
        _ => asked.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_version_told_is_the_host_s_unless_the_server_chose_an_older_one() {
        assert_eq!(version_for(Some("2025-06-18"), None), "2025-06-18");
        assert_eq!(version_for(Some("2099-01-01"), None), LEGACY_LATEST);
        assert_eq!(version_for(None, None), LEGACY_LATEST);
        assert_eq!(
            version_for(Some("2025-11-25"), Some("2025-03-26")),
            "2025-03-26"
        );
        assert_eq!(
            version_for(Some("2024-11-05"), Some("2025-11-25")),
            "2024-11-05"
        );
        assert_eq!(
            version_for(Some("2025-11-25"), Some("not-a-version")),
            "2025-11-25"
        );
    }

    #[test]
    fn empty_answers_name_their_capability() {
        assert_eq!(empty_answer("tools/list").unwrap().0, "tools");
        assert_eq!(
            empty_answer("resources/templates/list").unwrap().1,
            json!({"resourceTemplates": []})
        );
        assert!(empty_answer("tools/call").is_none());
        let modern = for_host(HostEra::Modern, "tools/list", json!({"tools": []}));
        assert_eq!(modern["resultType"], "complete");
        assert_eq!(modern["ttlMs"], 0);
        let legacy = for_host(HostEra::Legacy, "tools/list", json!({"tools": []}));
        assert!(legacy.get("resultType").is_none());
    }
}
