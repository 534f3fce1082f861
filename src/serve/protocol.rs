//! The MCP methods the server answers without a tool: `initialize` with protocol version
//! negotiation, `ping`, `tools/list`; and the parsing of `tools/call` parameters.

use serde_json::{Map, Value, json};

use super::{ServerInfo, ToolDef};

/// Protocol versions this server speaks, newest first.
pub const SUPPORTED_VERSIONS: &[&str] = &["2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"];

/// A negotiated protocol version, and which of the fields this server sends it defines. Older
/// clients get no field their version does not know (their schemas may reject them):
///
/// | field | since |
/// |---|---|
/// | `Tool.annotations`, progress `message` | 2025-03-26 |
/// | `Tool.title`, `Implementation.title`, `CallToolResult.structuredContent` | 2025-06-18 |
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Version(&'static str);

impl Version {
    pub const NEWEST: Version = Version(SUPPORTED_VERSIONS[0]);

    pub fn as_str(self) -> &'static str {
        self.0
    }

    /// Tool `annotations` (`readOnlyHint`, `destructiveHint`, …).
    pub fn has_annotations(self) -> bool {
        self.0 >= "2025-03-26"
    }

    /// `message` in `notifications/progress`.
    pub fn has_progress_message(self) -> bool {
        self.0 >= "2025-03-26"
    }

    /// `title` beside `name` on tools and on `serverInfo`.
    pub fn has_titles(self) -> bool {
        self.0 >= "2025-06-18"
    }

    /// `structuredContent` in tool results.
    pub fn has_structured_content(self) -> bool {
        self.0 >= "2025-06-18"
    }
}

impl Default for Version {
    fn default() -> Self {
        Version::NEWEST
    }
}

/// The version to answer with: the client's if supported, else our newest (the client then
/// decides whether it can go on).
pub(super) fn negotiate(requested: Option<&str>) -> Version {
    requested
        .and_then(|r| SUPPORTED_VERSIONS.iter().find(|v| **v == r))
        .map_or(Version::NEWEST, |v| Version(v))
}

/// The `initialize` result, and the version it settles on.
pub(super) fn initialize_result(params: &Value, info: &ServerInfo) -> (Value, Version) {
    let version = negotiate(params.get("protocolVersion").and_then(Value::as_str));
    let mut server_info = json!({ "name": info.name, "version": info.version });
    if version.has_titles() {
        server_info["title"] = json!(info.title);
    }
    let mut result = json!({
        "protocolVersion": version.as_str(),
        "capabilities": { "tools": { "listChanged": false } },
        "serverInfo": server_info,
    });
    if let Some(instructions) = &info.instructions {
        result["instructions"] = Value::String(instructions.clone());
    }
    (result, version)
}

/// The `tools/list` result (one page: catalogs are small).
pub(super) fn tools_list_result(tools: &[ToolDef], version: Version) -> Value {
    json!({ "tools": tools.iter().map(|t| t.to_json(version)).collect::<Vec<_>>() })
}

/// The parts of `tools/call` params the server needs.
#[derive(Debug)]
pub(super) struct CallParams {
    pub name: String,
    pub arguments: Map<String, Value>,
    pub progress_token: Option<Value>,
}

/// Read `tools/call` params; the error is the message of an invalid-params error.
pub(super) fn parse_call(params: Option<&Value>) -> Result<CallParams, String> {
    let params = params.ok_or("tools/call needs params")?;
    let name = params
        .get("name")
        .and_then(Value::as_str)
        .ok_or("tools/call params need a string `name`")?
        .to_owned();
    let arguments = match params.get("arguments") {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(m)) => m.clone(),
        Some(_) => return Err("tools/call `arguments` must be an object".into()),
    };
    let progress_token = params
        .get("_meta")
        .and_then(|m| m.get("progressToken"))
        .filter(|t| t.is_string() || t.is_number())
        .cloned();
    Ok(CallParams {
        name,
        arguments,
        progress_token,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiates_known_versions_and_falls_back_to_newest() {
        assert_eq!(negotiate(Some("2025-03-26")).as_str(), "2025-03-26");
        assert_eq!(negotiate(Some("2024-11-05")).as_str(), "2024-11-05");
        assert_eq!(negotiate(Some("1999-01-01")).as_str(), "2025-11-25");
        assert_eq!(negotiate(None), Version::NEWEST);
    }

    #[test]
    fn each_version_gets_the_fields_it_defines() {
        let v = |s| negotiate(Some(s));
        let old = v("2024-11-05");
        assert!(!old.has_annotations() && !old.has_titles() && !old.has_structured_content());
        assert!(!old.has_progress_message());
        let mid = v("2025-03-26");
        assert!(mid.has_annotations() && mid.has_progress_message());
        assert!(!mid.has_titles() && !mid.has_structured_content());
        for new in ["2025-06-18", "2025-11-25"] {
            let n = v(new);
            assert!(n.has_annotations() && n.has_titles() && n.has_structured_content());
        }
        let info = ServerInfo {
            name: "n".into(),
            title: "T".into(),
            version: "1".into(),
            instructions: None,
        };
        let (r, _) = initialize_result(&json!({"protocolVersion": "2025-03-26"}), &info);
        assert_eq!(r["serverInfo"], json!({"name": "n", "version": "1"}));
        let (r, _) = initialize_result(&json!({"protocolVersion": "2025-06-18"}), &info);
        assert_eq!(r["serverInfo"]["title"], "T");
    }

    #[test]
    fn parses_call_params() {
        let p = parse_call(Some(&json!({"name": "t", "_meta": {"progressToken": 5}}))).unwrap();
        assert_eq!((p.name.as_str(), p.arguments.len()), ("t", 0));
        assert_eq!(p.progress_token, Some(json!(5)));
        assert!(parse_call(Some(&json!({"name": "t", "arguments": [1]}))).is_err());
        assert!(parse_call(Some(&json!({"arguments": {}}))).is_err());
        assert!(parse_call(None).is_err());
    }
}
