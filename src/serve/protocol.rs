//! The MCP methods the server answers without a tool: `initialize` with protocol version
//! negotiation, `ping`, `tools/list`; and the parsing of `tools/call` parameters.

use serde_json::{Map, Value, json};

use super::{ServerInfo, ToolDef};

/// Protocol versions this server speaks, newest first.
pub const SUPPORTED_VERSIONS: &[&str] = &["2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"];

/// The version to answer with: the client's if supported, else our newest (the client then
/// decides whether it can go on).
pub fn negotiate(requested: Option<&str>) -> &'static str {
    requested
        .and_then(|r| SUPPORTED_VERSIONS.iter().find(|v| **v == r))
        .copied()
        .unwrap_or(SUPPORTED_VERSIONS[0])
}

/// The `initialize` result.
pub fn initialize_result(params: &Value, info: &ServerInfo) -> Value {
    let version = negotiate(params.get("protocolVersion").and_then(Value::as_str));
    let mut result = json!({
        "protocolVersion": version,
        "capabilities": { "tools": { "listChanged": false } },
        "serverInfo": { "name": info.name, "title": info.title, "version": info.version },
    });
    if let Some(instructions) = &info.instructions {
        result["instructions"] = Value::String(instructions.clone());
    }
    result
}

/// The `tools/list` result (one page: catalogs are small).
pub fn tools_list_result(tools: &[ToolDef]) -> Value {
    json!({ "tools": tools.iter().map(ToolDef::to_json).collect::<Vec<_>>() })
}

/// The parts of `tools/call` params the server needs.
#[derive(Debug)]
pub struct CallParams {
    pub name: String,
    pub arguments: Map<String, Value>,
    pub progress_token: Option<Value>,
}

/// Read `tools/call` params; the error is the message of an invalid-params error.
pub fn parse_call(params: Option<&Value>) -> Result<CallParams, String> {
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
        assert_eq!(negotiate(Some("2025-03-26")), "2025-03-26");
        assert_eq!(negotiate(Some("2024-11-05")), "2024-11-05");
        assert_eq!(negotiate(Some("1999-01-01")), "2025-11-25");
        assert_eq!(negotiate(None), "2025-11-25");
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
