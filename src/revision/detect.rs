//! Detecting the revisions: which one the host speaks, which one to speak to a server, and
//! what is remembered of the server per origin.
//!
//! The host's era comes from its first message (`initialize` or not, see
//! [`HostEra::of_first`]). With `--protocol auto` the bridge first sends a 2026-07-28
//! `server/discover` (the detection of the 2026-07-28 transport binding): an answer, or a
//! recognized 2026-07-28 error, means the server speaks that revision; anything else (400, 404
//! or 405 without such an error, an unknown-method error, a result that lists no supported
//! versions) means it does not, and the bridge
//! goes on with `initialize`. A server whose discovery lists an initialize-based version as
//! well speaks both ("dual"); then the newer revision is used only when that changes nothing
//! for the host: a 2026-07-28 host always gets it, a 2025-11-25 host gets it unless it declared
//! `sampling`, `elicitation` or `roots` (it takes requests from the server, which the newer
//! revision only has inside `input_required` results), in which case its own revision is kept.
//!
//! With `--transport sse-first` or `sse-only` the bridge starts with the initialize-based
//! revision (HTTP+SSE has no other); a 2026-07-28 refusal still falls forward in `auto`.
//!
//! The finding is kept per origin (scheme, host and port) in the state file, and spares the
//! probe next time: an origin known to be initialize-only starts with `initialize` (and a
//! 2026-07-28 refusal of it corrects the entry), a dual origin does so for a host that takes
//! server requests; everything else starts with the probe, whose answer corrects the entry.

use serde_json::Value;

use super::{HostEra, LEGACY_VERSIONS};
use crate::settings::ProtocolChoice;

/// What a server speaks, as far as the bridge found out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServerEra {
    /// Initialize-based revisions only.
    Legacy,
    /// 2026-07-28 only, as far as its discovery says.
    Modern,
    /// Both.
    Dual,
}

impl ServerEra {
    pub fn as_str(self) -> &'static str {
        match self {
            ServerEra::Legacy => "legacy",
            ServerEra::Modern => "modern",
            ServerEra::Dual => "dual",
        }
    }

    pub fn parse(s: &str) -> Option<ServerEra> {
        match s {
            "legacy" => Some(ServerEra::Legacy),
            "modern" => Some(ServerEra::Modern),
            "dual" => Some(ServerEra::Dual),
            _ => None,
        }
    }
}

/// The per-origin memory of [`ServerEra`]s.
pub trait EraCache: Send + Sync {
    fn load(&self) -> Option<ServerEra>;
    fn save(&self, era: ServerEra);
}

/// The state file keeps the era by its name.
impl EraCache for crate::store::state::StateEras {
    fn load(&self) -> Option<ServerEra> {
        ServerEra::parse(&self.get()?)
    }

    fn save(&self, era: ServerEra) {
        self.put(era.as_str());
    }
}

/// Which revision to try first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum First {
    /// `initialize` (a 2026-07-28 refusal of it falls forward in `auto`).
    Legacy,
    /// `server/discover` (an initialize-based answer falls back in `auto`).
    Modern,
}

/// `sse_first`: `--transport sse-first` or `sse-only`, which name HTTP+SSE (an
/// initialize-based transport) as the one to start with.
pub fn first_try(
    choice: ProtocolChoice,
    host: HostEra,
    cached: Option<ServerEra>,
    host_takes_requests: bool,
    sse_first: bool,
) -> First {
    match (choice, cached) {
        (ProtocolChoice::Legacy, _) => First::Legacy,
        (ProtocolChoice::Auto, _) if sse_first => First::Legacy,
        (ProtocolChoice::Modern, _) => First::Modern,
        (ProtocolChoice::Auto, Some(ServerEra::Legacy)) => First::Legacy,
        (ProtocolChoice::Auto, Some(ServerEra::Dual))
            if host == HostEra::Legacy && host_takes_requests =>
        {
            First::Legacy
        }
        (ProtocolChoice::Auto, _) => First::Modern,
    }
}

/// Whether the server also speaks an initialize-based revision, by its own account.
pub fn supports_legacy(found: &Value) -> bool {
    found["supportedVersions"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .any(|v| LEGACY_VERSIONS.contains(&v))
}

/// After a successful discovery: what the server is, and whether to speak 2026-07-28 to it.
pub fn after_discovery(found: &Value, host_takes_requests: bool) -> (ServerEra, bool) {
    if supports_legacy(found) {
        (ServerEra::Dual, !host_takes_requests)
    } else {
        (ServerEra::Modern, true)
    }
}

/// Whether a legacy host's capabilities let the server send it requests.
pub fn takes_server_requests(capabilities: &Value) -> bool {
    ["sampling", "elicitation", "roots"]
        .iter()
        .any(|k| capabilities.get(*k).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_decision_rule() {
        use ProtocolChoice::*;
        let (l, m) = (HostEra::Legacy, HostEra::Modern);
        let first_try = |c, h, e, t| super::first_try(c, h, e, t, false);
        assert_eq!(super::first_try(Auto, l, None, false, true), First::Legacy);
        assert_eq!(first_try(Auto, l, None, true), First::Modern);
        assert_eq!(
            first_try(Auto, l, Some(ServerEra::Legacy), false),
            First::Legacy
        );
        assert_eq!(
            first_try(Auto, m, Some(ServerEra::Legacy), false),
            First::Legacy
        );
        assert_eq!(
            first_try(Auto, l, Some(ServerEra::Dual), true),
            First::Legacy
        );
        assert_eq!(
            first_try(Auto, l, Some(ServerEra::Dual), false),
            First::Modern
        );
        assert_eq!(
            first_try(Auto, m, Some(ServerEra::Dual), false),
            First::Modern
        );
        assert_eq!(
            first_try(Auto, l, Some(ServerEra::Modern), true),
            First::Modern
        );
        assert_eq!(
            first_try(Legacy, m, Some(ServerEra::Modern), false),
            First::Legacy
        );
        assert_eq!(
            first_try(Modern, l, Some(ServerEra::Legacy), true),
            First::Modern
        );

        let only = json!({"supportedVersions": ["2026-07-28"]});
        let both = json!({"supportedVersions": ["2026-07-28", "2025-06-18"]});
        assert_eq!(after_discovery(&only, true), (ServerEra::Modern, true));
        assert_eq!(after_discovery(&both, true), (ServerEra::Dual, false));
        assert_eq!(after_discovery(&both, false), (ServerEra::Dual, true));
        assert!(takes_server_requests(&json!({"roots": {}})));
        assert!(!takes_server_requests(&json!({"experimental": {}})));
        for e in [ServerEra::Legacy, ServerEra::Modern, ServerEra::Dual] {
            assert_eq!(ServerEra::parse(e.as_str()), Some(e));
        }
    }
}
