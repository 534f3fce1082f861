//! An initialize-based server's answers made fit for a 2026-07-28 host: `server/discover`
//! answered from the `initialize` result, the fields every result of the new revision has
//! (`resultType`, and the caching fields of list results), and requests relieved of the
//! `_meta` keys only the new revision defines. The session that makes these answers is
//! [`crate::transport::for_modern_host`]'s.

use serde_json::{Value, json};

use super::{META_CAPABILITIES, META_CLIENT_INFO, META_LOG_LEVEL, META_VERSION, MODERN_VERSION};

/// Methods whose results are cacheable in the new revision.
const CACHEABLE: [&str; 5] = [
    "tools/list",
    "prompts/list",
    "resources/list",
    "resources/templates/list",
    "resources/read",
];

/// The `server/discover` result that an `initialize` result (`init`) amounts to.
pub fn discover_result(init: &Value) -> Value {
    let mut found = json!({
        "resultType": "complete", "ttlMs": 0, "cacheScope": "private",
        "supportedVersions": [MODERN_VERSION],
        "capabilities": init.get("capabilities").cloned().unwrap_or_else(|| json!({})),
    });
    if let Some(info) = init.get("serverInfo") {
        found["serverInfo"] = info.clone();
        found["_meta"] = json!({"io.modelcontextprotocol/serverInfo": info});
    }
    if let Some(i) = init.get("instructions") {
        found["instructions"] = i.clone();
    }
    found
}

/// A response to a request for `method`, in the shape of the new revision.
pub fn response(mut v: Value, method: Option<&str>) -> Value {
    if let Some(r) = v.get_mut("result").and_then(Value::as_object_mut) {
        r.entry("resultType").or_insert_with(|| "complete".into());
        if method.is_some_and(|m| CACHEABLE.contains(&m)) {
            r.entry("ttlMs").or_insert_with(|| 0.into());
            r.entry("cacheScope").or_insert_with(|| "private".into());
        }
    }
    v
}

/// The request without the `_meta` keys of the new revision (progress tokens stay).
pub fn strip_meta(mut v: Value) -> Value {
    let Some(meta) = v
        .get_mut("params")
        .and_then(|p| p.get_mut("_meta"))
        .and_then(Value::as_object_mut)
    else {
        return v;
    };
    meta.retain(|k, _| {
        ![
            META_VERSION,
            META_CAPABILITIES,
            META_CLIENT_INFO,
            META_LOG_LEVEL,
        ]
        .contains(&k.as_str())
    });
    if meta.is_empty() {
        v["params"].as_object_mut().map(|p| p.remove("_meta"));
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_new_meta_keys_are_stripped() {
        let v = json!({"method": "tools/call", "params": {"name": "t", "_meta": {
            "io.modelcontextprotocol/protocolVersion": "2026-07-28",
            "io.modelcontextprotocol/clientCapabilities": {},
            "progressToken": 7}}});
        let s = strip_meta(v);
        assert_eq!(s["params"]["_meta"], json!({"progressToken": 7}));
        let bare = strip_meta(json!({"method": "tools/list", "params": {"_meta": {
            "io.modelcontextprotocol/protocolVersion": "2026-07-28"}}}));
        assert!(bare["params"].get("_meta").is_none());
        let none = json!({"method": "ping"});
        assert_eq!(strip_meta(none.clone()), none);
    }

    #[test]
    fn results_get_the_fields_of_the_new_revision() {
        let list = response(
            json!({"id": 1, "result": {"tools": []}}),
            Some("tools/list"),
        );
        assert_eq!(
            list["result"],
            json!({"tools": [], "resultType": "complete", "ttlMs": 0, "cacheScope": "private"})
        );
        let call = response(
            json!({"id": 2, "result": {"content": []}}),
            Some("tools/call"),
        );
        assert_eq!(
            call["result"],
            json!({"content": [], "resultType": "complete"})
        );
        let error = json!({"id": 3, "error": {"code": -1, "message": "x"}});
        assert_eq!(response(error.clone(), Some("tools/list")), error);
    }

    #[test]
    fn discovery_comes_from_the_initialize_result() {
        let init = json!({"protocolVersion": "2025-11-25", "capabilities": {"tools": {}},
            "serverInfo": {"name": "s", "version": "1"}, "instructions": "be kind"});
        let found = discover_result(&init);
        assert_eq!(found["supportedVersions"], json!([MODERN_VERSION]));
        assert_eq!(found["capabilities"], json!({"tools": {}}));
        assert_eq!(
            found["_meta"]["io.modelcontextprotocol/serverInfo"]["name"],
            "s"
        );
        assert_eq!(found["instructions"], "be kind");
        assert_eq!(discover_result(&json!({}))["capabilities"], json!({}));
    }
}
