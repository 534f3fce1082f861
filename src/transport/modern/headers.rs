//! The headers a 2026-07-28 request carries besides its body: `Mcp-Name` (the tool or prompt
//! name, or the resource URI) and `Mcp-Param-{Name}` for tool arguments whose schema has an
//! `x-mcp-header` annotation, with the value encoding of the revision (`=?base64?…?=` when a
//! value is not plain ASCII). The annotations are learnt from `tools/list` results; a tool
//! whose annotations break the rules (empty, not a token, duplicated, on a non-primitive or
//! `number` property, or not reachable through `properties` alone) is excluded from the list
//! the host sees and refused when called.

use std::collections::{HashMap, HashSet};
use std::sync::Mutex;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::Value;
use tracing::warn;

/// What is known about the server's tools.
#[derive(Default)]
pub struct ParamHeaders {
    inner: Mutex<Known>,
}

#[derive(Default)]
struct Known {
    /// Valid tools: (path of `properties` keys to the argument, header name).
    tools: HashMap<String, Vec<(Vec<String>, String)>>,
    /// Tools excluded for an invalid annotation, with the reason.
    invalid: HashMap<String, String>,
}

/// Whether a tool may be called, as far as the bridge knows.
#[derive(Debug, PartialEq, Eq)]
pub enum ToolStatus {
    Valid,
    Invalid(String),
    Unknown,
}

impl ParamHeaders {
    /// Learn the tools of one `tools/list` result (a page) and drop the invalid ones from it.
    pub fn learn_and_filter(&self, result: &mut Value) {
        let Some(tools) = result.get_mut("tools").and_then(Value::as_array_mut) else {
            return;
        };
        let mut known = self
            .inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        tools.retain(|tool| {
            let Some(name) = tool["name"].as_str() else {
                return true;
            };
            match annotations(&tool["inputSchema"]) {
                Ok(list) => {
                    known.invalid.remove(name);
                    known.tools.insert(name.to_owned(), list);
                    true
                }
                Err(reason) => {
                    warn!(tool = name, %reason, "excluding a tool with an invalid x-mcp-header annotation");
                    known.tools.remove(name);
                    known.invalid.insert(name.to_owned(), reason);
                    false
                }
            }
        });
    }

    /// Forget everything (the server said its tools changed).
    pub fn clear(&self) {
        let mut known = self
            .inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        known.tools.clear();
        known.invalid.clear();
    }

    pub fn status(&self, tool: &str) -> ToolStatus {
        let known = self
            .inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if known.tools.contains_key(tool) {
            ToolStatus::Valid
        } else if let Some(reason) = known.invalid.get(tool) {
            ToolStatus::Invalid(reason.clone())
        } else {
            ToolStatus::Unknown
        }
    }

    /// `Mcp-Name` and `Mcp-Param-*` for this request.
    pub fn request_headers(&self, req: &Value) -> Vec<(String, String)> {
        let p = &req["params"];
        let mut out = Vec::new();
        let name = match req["method"].as_str() {
            Some("tools/call" | "prompts/get") => p["name"].as_str(),
            Some("resources/read") => p["uri"].as_str(),
            _ => None,
        };
        if let Some(n) = name {
            out.push(("mcp-name".to_owned(), header_value(n)));
        }
        if req["method"] != "tools/call" {
            return out;
        }
        let known = self
            .inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let Some(list) = p["name"].as_str().and_then(|t| known.tools.get(t)) else {
            return out;
        };
        for (path, header) in list {
            let value = path.iter().fold(&p["arguments"], |v, k| &v[k.as_str()]);
            let value = match value {
                Value::String(s) => header_value(s),
                Value::Bool(b) => b.to_string(),
                Value::Number(n) => n.to_string(),
                _ => continue,
            };
            out.push((format!("mcp-param-{}", header.to_ascii_lowercase()), value));
        }
        out
    }
}

/// The `x-mcp-header` annotations of one input schema, or why the tool is invalid.
fn annotations(schema: &Value) -> Result<Vec<(Vec<String>, String)>, String> {
    let mut found = Vec::new();
    collect(schema, &mut Vec::new(), true, &mut found)?;
    let mut seen = HashSet::new();
    for (_, h) in &found {
        if !seen.insert(h.to_ascii_lowercase()) {
            return Err(format!("x-mcp-header \"{h}\" is used twice"));
        }
    }
    Ok(found)
}

/// Walk a schema: annotations are allowed only on properties reached through `properties`.
fn collect(
    schema: &Value,
    path: &mut Vec<String>,
    reachable: bool,
    found: &mut Vec<(Vec<String>, String)>,
) -> Result<(), String> {
    let Some(obj) = schema.as_object() else {
        return Ok(());
    };
    if let Some(h) = obj.get("x-mcp-header") {
        if !reachable || path.is_empty() {
            return Err("x-mcp-header outside a chain of properties".into());
        }
        let Some(h) = h.as_str() else {
            return Err("x-mcp-header is not a string".into());
        };
        check_name(h)?;
        match obj.get("type").and_then(Value::as_str) {
            Some("string" | "integer" | "boolean") => {}
            other => {
                return Err(format!(
                    "x-mcp-header \"{h}\" is on a property of type {}, not string, integer or boolean",
                    other.unwrap_or("(none)")
                ));
            }
        }
        found.push((path.clone(), h.to_owned()));
    }
    for (key, sub) in obj {
        match key.as_str() {
            "properties" => {
                for (name, prop) in sub.as_object().into_iter().flatten() {
                    path.push(name.clone());
                    let r = collect(prop, path, reachable, found);
                    path.pop();
                    r?;
                }
            }
            "x-mcp-header" | "type" | "const" | "enum" | "default" | "examples" => {}
            // Anything else (items, oneOf, $defs, if/then …) leads where no annotation may be.
            _ => match sub {
                Value::Object(_) => collect(sub, path, false, found)?,
                Value::Array(items) => {
                    for item in items {
                        collect(item, path, false, found)?;
                    }
                }
                _ => {}
            },
        }
    }
    Ok(())
}

/// An HTTP field-name token (RFC 9110 `tchar`), not empty.
fn check_name(h: &str) -> Result<(), String> {
    let tchar = |b: u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b);
    if h.is_empty() {
        return Err("x-mcp-header is empty".into());
    }
    if !h.bytes().all(tchar) {
        return Err(format!(
            "x-mcp-header \"{}\" is not an HTTP header token",
            h.escape_default()
        ));
    }
    Ok(())
}

/// A header value: as it is when it is plain ASCII (visible characters and inner spaces),
/// else `=?base64?…?=`; also encoded when the plain value looks like that form.
pub fn header_value(s: &str) -> String {
    let visible = s.bytes().all(|b| (0x20..0x7f).contains(&b));
    let padded = s.starts_with(' ') || s.ends_with(' ');
    let sentinel = s.starts_with("=?base64?") && s.ends_with("?=");
    let plain = visible && !padded && !sentinel;
    if plain {
        s.to_owned()
    } else {
        format!("=?base64?{}?=", STANDARD.encode(s.as_bytes()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn header_values_are_base64_when_not_plain_ascii() {
        assert_eq!(header_value("us-west"), "us-west");
        assert_eq!(header_value("us west 1"), "us west 1");
        assert_eq!(header_value(""), "", "an empty value stays empty");
        assert_eq!(
            header_value("Zürich"),
            format!("=?base64?{}?=", STANDARD.encode("Zürich"))
        );
        for s in [" lead", "trail ", "a\tb", "a\r\nb", "=?base64?literal?="] {
            assert_eq!(
                header_value(s),
                format!("=?base64?{}?=", STANDARD.encode(s)),
                "{s:?}"
            );
        }
    }

    fn tool(name: &str, props: Value) -> Value {
        json!({"name": name, "inputSchema": {"type": "object", "properties": props}})
    }

    #[test]
    fn invalid_annotations_exclude_the_tool() {
        let h = ParamHeaders::default();
        let mut result = json!({"tools": [
            tool("ok", json!({"region": {"type": "string", "x-mcp-header": "Region"},
                              "n": {"type": "integer", "x-mcp-header": "N"},
                              "nested": {"type": "object", "properties": {"deep": {"type": "boolean", "x-mcp-header": "Deep"}}}})),
            tool("empty", json!({"v": {"type": "string", "x-mcp-header": ""}})),
            tool("object", json!({"v": {"type": "object", "x-mcp-header": "V"}})),
            tool("number", json!({"v": {"type": "number", "x-mcp-header": "V"}})),
            tool("null", json!({"v": {"type": "null", "x-mcp-header": "V"}})),
            tool("dup", json!({"a": {"type": "string", "x-mcp-header": "Same"}, "b": {"type": "string", "x-mcp-header": "same"}})),
            tool("space", json!({"v": {"type": "string", "x-mcp-header": "My Region"}})),
            tool("colon", json!({"v": {"type": "string", "x-mcp-header": "a:b"}})),
            tool("accent", json!({"v": {"type": "string", "x-mcp-header": "Région"}})),
            tool("tab", json!({"v": {"type": "string", "x-mcp-header": "a\tb"}})),
            tool("in_items", json!({"v": {"type": "array", "items": {"type": "string", "x-mcp-header": "V"}}})),
            tool("in_oneof", json!({"v": {"oneOf": [{"type": "string", "x-mcp-header": "V"}]}})),
            {"name": "no_schema"},
        ]});
        h.learn_and_filter(&mut result);
        let names: Vec<_> = result["tools"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["ok", "no_schema"]);
        assert_eq!(h.status("ok"), ToolStatus::Valid);
        assert!(matches!(h.status("dup"), ToolStatus::Invalid(r) if r.contains("twice")));
        assert!(matches!(h.status("number"), ToolStatus::Invalid(r) if r.contains("number")));
        assert_eq!(h.status("never_listed"), ToolStatus::Unknown);

        let call = json!({"method": "tools/call", "params": {"name": "ok", "arguments":
            {"region": "", "n": 42, "nested": {"deep": false}}}});
        let headers = h.request_headers(&call);
        assert!(headers.contains(&("mcp-name".into(), "ok".into())));
        assert!(headers.contains(&("mcp-param-region".into(), "".into())));
        assert!(headers.contains(&("mcp-param-n".into(), "42".into())));
        assert!(headers.contains(&("mcp-param-deep".into(), "false".into())));

        let null = json!({"method": "tools/call", "params": {"name": "ok", "arguments": {"region": null}}});
        assert_eq!(
            h.request_headers(&null).len(),
            1,
            "null and absent values are omitted"
        );
        h.clear();
        assert_eq!(h.status("ok"), ToolStatus::Unknown);
    }
}
