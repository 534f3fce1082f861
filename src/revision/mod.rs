//! The revisions of MCP the bridge knows, and everything that depends on which one each side
//! speaks: the initialize-based revisions (2024-11-05 to 2025-11-25) and the stateless
//! 2026-07-28 one.
//!
//! | part | owns |
//! |---|---|
//! | here | the known versions, the `_meta` keys of 2026-07-28, the host's era ([`HostEra`]) |
//! | [`detect`] | which revision to speak to a server (`server/discover` first, or `initialize`), what a server turned out to speak, remembered per origin |
//! | [`to_legacy_host`] | a 2026-07-28 server's answers for an initialize-based host: its `initialize` answered from `server/discover` |
//! | [`to_modern_host`] | an initialize-based server's answers for a 2026-07-28 host: `server/discover` from the `initialize` result, the result fields the new revision adds, its `_meta` keys taken off requests |
//!
//! The HTTP of each revision, and the translation that needs a live connection (round trips
//! of `input_required`, `subscriptions/listen` streams, the session held for a 2026-07-28
//! host), are [`crate::transport`]'s (`modern`, `for_modern_host`); choosing the transport at
//! the first message is [`crate::proxy`]'s.

pub mod detect;
pub mod to_legacy_host;
pub mod to_modern_host;

use crate::jsonrpc::Message;

/// The stateless revision.
pub const MODERN_VERSION: &str = "2026-07-28";
/// The initialize-based revisions, oldest first.
pub const LEGACY_VERSIONS: [&str; 4] = ["2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"];
/// What the host is told when it asks for something the bridge does not know.
pub const LEGACY_LATEST: &str = "2025-11-25";

/// The `_meta` keys a 2026-07-28 request carries in place of the `initialize` handshake.
pub const META_VERSION: &str = "io.modelcontextprotocol/protocolVersion";
pub const META_CAPABILITIES: &str = "io.modelcontextprotocol/clientCapabilities";
pub const META_CLIENT_INFO: &str = "io.modelcontextprotocol/clientInfo";
pub const META_LOG_LEVEL: &str = "io.modelcontextprotocol/logLevel";

/// Which revision the host speaks on stdio.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HostEra {
    /// Initialize-based (up to 2025-11-25): the bridge translates.
    Legacy,
    /// 2026-07-28: the bridge passes messages through.
    Modern,
}

impl HostEra {
    /// The host's era, from its first message: `initialize` is legacy; `server/discover` or
    /// a request whose `_meta` names a protocol version is modern.
    pub fn of_first(msg: &Message) -> HostEra {
        if msg.method() == Some("initialize") {
            return HostEra::Legacy;
        }
        if msg.method() == Some("server/discover") {
            return HostEra::Modern;
        }
        match msg.str_at(&["params", "_meta", META_VERSION]) {
            Some(version) if !LEGACY_VERSIONS.contains(&version.as_str()) => HostEra::Modern,
            _ => HostEra::Legacy,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    fn msg(v: Value) -> Message {
        Message::from_value(&v).unwrap()
    }

    #[test]
    fn the_host_era_comes_from_the_first_message() {
        let init = msg(json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {}}));
        assert_eq!(HostEra::of_first(&init), HostEra::Legacy);
        let discover = msg(json!({"jsonrpc": "2.0", "id": 1, "method": "server/discover"}));
        assert_eq!(HostEra::of_first(&discover), HostEra::Modern);
        let list = msg(
            json!({"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": {"_meta": {META_VERSION: "2026-07-28"}}}),
        );
        assert_eq!(HostEra::of_first(&list), HostEra::Modern);
        let old = msg(
            json!({"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": {"_meta": {META_VERSION: "2025-11-25"}}}),
        );
        assert_eq!(HostEra::of_first(&old), HostEra::Legacy);
    }
}
