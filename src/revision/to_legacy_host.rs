//! The 2026-07-28 server's answers translated for an initialize-based host: `server/discover`
//! and what a 2025-11-25 host is told from it. The host's `initialize` is
//! answered with the server's info and instructions, the protocol version the host asked for
//! (when it is an initialize-based one), and only the capabilities the bridge can serve in
//! front of a stateless server: list-change notifications and resource subscriptions come from
//! `subscriptions/listen` streams, so they are advertised only when the server acknowledged
//! them; keys that the host's revision does not know are left out.

use serde_json::{Map, Value, json};

use super::{LEGACY_LATEST, LEGACY_VERSIONS};
use crate::transport::modern::subscriptions::Filter;
/// The server capabilities a 2025-11-25 host understands.
const HOST_CAPABILITIES: [&str; 7] = [
    "experimental",
    "logging",
    "completions",
    "prompts",
    "resources",
    "tools",
    "tasks",
];

/// What to ask `subscriptions/listen` for, from the server's capabilities.
pub fn wanted_notifications(found: &Value) -> Filter {
    let caps = &found["capabilities"];
    Filter {
        tools: caps["tools"]["listChanged"] == true,
        prompts: caps["prompts"]["listChanged"] == true,
        resources: caps["resources"]["listChanged"] == true,
        uris: Vec::new(),
    }
}

/// The `initialize` result for the host. `honored`: what the listen stream acknowledged.
pub fn initialize_result(init: &Value, found: &Value, honored: &Filter) -> Value {
    let asked = init["params"]["protocolVersion"]
        .as_str()
        .unwrap_or(LEGACY_LATEST);
    let version = if LEGACY_VERSIONS.contains(&asked) {
        asked
    } else {
        LEGACY_LATEST
    };
    let server_info = found
        .get("serverInfo")
        .or_else(|| found["_meta"].get("io.modelcontextprotocol/serverInfo"))
        .cloned()
        .unwrap_or_else(|| json!({"name": "remote", "version": "0"}));
    let mut result = json!({
        "protocolVersion": version,
        "capabilities": host_capabilities(&found["capabilities"], honored),
        "serverInfo": server_info,
    });
    if let Some(i) = found.get("instructions") {
        result["instructions"] = i.clone();
    }
    result
}

fn host_capabilities(server: &Value, honored: &Filter) -> Value {
    let mut out = Map::new();
    for key in HOST_CAPABILITIES {
        let Some(v) = server.get(key) else { continue };
        let mut v = v.clone();
        if let Some(o) = v.as_object_mut() {
            match key {
                "tools" => set_flag(o, "listChanged", honored.tools),
                "prompts" => set_flag(o, "listChanged", honored.prompts),
                "resources" => {
                    set_flag(o, "listChanged", honored.resources);
                    let subscribe = o.get("subscribe") == Some(&Value::Bool(true));
                    set_flag(o, "subscribe", subscribe);
                }
                _ => {}
            }
        }
        out.insert(key.to_owned(), v);
    }
    Value::Object(out)
}

fn set_flag(o: &mut Map<String, Value>, name: &str, on: bool) {
    if on {
        o.insert(name.to_owned(), Value::Bool(true));
    } else {
        o.remove(name);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advertises_only_what_the_bridge_serves() {
        let found = json!({
            "supportedVersions": ["2026-07-28"],
            "capabilities": {
                "tools": {"listChanged": true},
                "prompts": {"listChanged": true},
                "resources": {"listChanged": true, "subscribe": true},
                "extensions": {"io.example/x": {}},
            },
            "_meta": {"io.modelcontextprotocol/serverInfo": {"name": "s", "version": "1"}},
        });
        let wanted = wanted_notifications(&found);
        assert!(wanted.tools && wanted.prompts && wanted.resources);
        let honored = Filter {
            tools: true,
            ..Filter::default()
        };
        let init = json!({"params": {"protocolVersion": "2099-01-01"}});
        let r = initialize_result(&init, &found, &honored);
        assert_eq!(r["protocolVersion"], LEGACY_LATEST);
        assert_eq!(r["serverInfo"]["name"], "s");
        assert_eq!(
            r["capabilities"],
            json!({"tools": {"listChanged": true}, "prompts": {}, "resources": {"subscribe": true}})
        );
    }
}
