//! The tools of [`super::fake_modern`]: what they list (with their `x-mcp-header`
//! annotations, one of them invalid), the check of the `Mcp-Param-*` headers against the
//! current schemas, and what each call answers — among them the multi-round-trip tools that
//! ask for elicitation, sampling and roots through `input_required` results, and the answers
//! of the server's initialize-based side.

use std::sync::atomic::Ordering;

use axum::http::HeaderMap;
use axum::response::Response;
use base64::Engine;
use serde_json::{Value, json};

use super::fake_modern::{CloseGuard, Shared, json_reply, sse};

fn tool(name: &str, props: Value) -> Value {
    json!({"name": name, "inputSchema": {"type": "object", "properties": props}})
}

pub fn list(s: &Shared) -> Value {
    let region = if s.tools_version.load(Ordering::SeqCst).is_multiple_of(2) {
        "Region"
    } else {
        "Zone"
    };
    let mut tools = vec![
        tool(
            "echo",
            json!({"region": {"type": "string", "x-mcp-header": region}, "text": {"type": "string"}}),
        ),
        tool(
            "headers",
            json!({"n": {"type": "integer", "x-mcp-header": "N"}, "ok": {"type": "boolean", "x-mcp-header": "Ok"},
                   "empty": {"type": "string", "x-mcp-header": "Empty"},
                   "deep": {"type": "object", "properties": {"v": {"type": "string", "x-mcp-header": "Deep"}}}}),
        ),
        tool(
            "bad_header",
            json!({"v": {"type": "string", "x-mcp-header": "My Region"}}),
        ),
        tool(
            "number_header",
            json!({"v": {"type": "number", "x-mcp-header": "Score"}}),
        ),
    ];
    for name in [
        "slow",
        "flaky",
        "ask_name",
        "ask_model",
        "ask_roots",
        "ask_both",
        "two_rounds",
        "always_asks",
        "ask_url",
        "change_tools",
    ] {
        tools.push(tool(name, json!({})));
    }
    json!({"resultType": "complete", "ttlMs": 0, "cacheScope": "private", "tools": tools})
}

/// Why the `Mcp-Param-*` headers do not match the call, if they do not.
pub fn check_param_headers(s: &Shared, req: &Value, headers: &HeaderMap) -> Option<String> {
    let name = req["params"]["name"].as_str()?;
    let listed = list(s);
    let schema = listed["tools"]
        .as_array()?
        .iter()
        .find(|t| t["name"] == name)?["inputSchema"]
        .clone();
    let mut problems = Vec::new();
    walk(&schema, &req["params"]["arguments"], headers, &mut problems);
    problems.first().cloned()
}

fn walk(schema: &Value, args: &Value, headers: &HeaderMap, problems: &mut Vec<String>) {
    for (prop, sub) in schema["properties"].as_object().into_iter().flatten() {
        let value = &args[prop.as_str()];
        if let Some(h) = sub["x-mcp-header"].as_str() {
            let got = headers
                .get(format!("mcp-param-{}", h.to_ascii_lowercase()))
                .and_then(|v| v.to_str().ok());
            let want = match value {
                Value::Null => None,
                Value::String(s) => Some(s.clone()),
                other => Some(other.to_string()),
            };
            let got = got.map(|g| {
                match g
                    .strip_prefix("=?base64?")
                    .and_then(|r| r.strip_suffix("?="))
                {
                    Some(b) => String::from_utf8(
                        base64::engine::general_purpose::STANDARD
                            .decode(b)
                            .unwrap_or_default(),
                    )
                    .unwrap_or_default(),
                    None => g.to_owned(),
                }
            });
            if got != want {
                problems.push(format!(
                    "Header mismatch: Mcp-Param-{h} is {got:?}, the body has {want:?}"
                ));
            }
        }
        walk(sub, value, headers, problems);
    }
}

fn text(id: &Value, t: &str) -> Response {
    json_reply(
        200,
        json!({"jsonrpc": "2.0", "id": id, "result": {"resultType": "complete", "content": [{"type": "text", "text": t}]}}),
    )
}

fn input_required(id: &Value, requests: Value, state: Option<&str>) -> Response {
    let mut r = json!({"resultType": "input_required", "inputRequests": requests});
    if let Some(st) = state {
        r["requestState"] = st.into();
    }
    json_reply(200, json!({"jsonrpc": "2.0", "id": id, "result": r}))
}

fn elicit(message: &str) -> Value {
    json!({"method": "elicitation/create", "params": {"mode": "form", "message": message,
        "requestedSchema": {"type": "object", "properties": {"name": {"type": "string"}}}}})
}

fn sample() -> Value {
    json!({"method": "sampling/createMessage", "params": {"maxTokens": 20,
        "messages": [{"role": "user", "content": {"type": "text", "text": "Say hi"}}]}})
}

pub fn call(s: &Shared, req: &Value) -> Response {
    let id = &req["id"];
    let p = &req["params"];
    let name = p["name"].as_str().unwrap_or_default();
    let answers = &p["inputResponses"];
    let state = p["requestState"].as_str();
    let h = |k: &str| p["arguments"][k].clone();
    match name {
        "echo" => text(id, "see the headers the server got"),
        "headers" => text(id, &json!([h("n"), h("ok"), h("empty")]).to_string()),
        "slow" => {
            let note = json!({"jsonrpc": "2.0", "method": "notifications/message", "params": {"level": "info", "data": "working"}});
            sse(vec![note], false, Some(CloseGuard(s.closed.clone())))
        }
        "flaky" => {
            if s.flaky_calls.fetch_add(1, Ordering::SeqCst) == 0 {
                sse(vec![], true, None)
            } else {
                let answer = json!({"jsonrpc": "2.0", "id": id, "result": {"resultType": "complete", "content": [{"type": "text", "text": "second try"}]}});
                sse(vec![answer], true, None)
            }
        }
        "change_tools" => {
            s.tools_version.fetch_add(1, Ordering::SeqCst);
            text(id, "changed")
        }
        "ask_name" => match (answers.get("name"), state) {
            (None, _) => input_required(id, json!({"name": elicit("name?")}), Some("state-1")),
            (Some(a), Some("state-1")) => text(
                id,
                &format!("hello {}", a["content"]["name"].as_str().unwrap_or("?")),
            ),
            (Some(_), other) => text(id, &format!("bad state {other:?}")),
        },
        "ask_model" => match (answers.get("llm"), state) {
            (None, _) => input_required(id, json!({"llm": sample()}), None),
            (Some(a), None) => text(
                id,
                &format!(
                    "model said: {}",
                    a["content"]["text"].as_str().unwrap_or("?")
                ),
            ),
            (Some(_), Some(st)) => text(id, &format!("unexpected state {st}")),
        },
        "ask_roots" => match answers.get("roots") {
            None => input_required(id, json!({"roots": {"method": "roots/list"}}), Some("r")),
            Some(a) => text(
                id,
                &format!("{} roots", a["roots"].as_array().map_or(0, Vec::len)),
            ),
        },
        "ask_both" => match (answers.get("roots"), answers.get("name")) {
            (Some(r), Some(n)) => text(
                id,
                &format!(
                    "{} and {} roots",
                    n["content"]["name"].as_str().unwrap_or("?"),
                    r["roots"].as_array().map_or(0, Vec::len)
                ),
            ),
            _ => input_required(
                id,
                json!({"roots": {"method": "roots/list"}, "name": elicit("name?")}),
                Some("both"),
            ),
        },
        "two_rounds" => match state {
            None => input_required(id, json!({"a": elicit("first?")}), Some("r1")),
            Some("r1") => {
                let who = answers["a"]["content"]["name"].as_str().unwrap_or("?");
                input_required(id, json!({"b": sample()}), Some(&format!("r2:{who}")))
            }
            Some(st) => text(
                id,
                &format!(
                    "done: {} / {}",
                    st.trim_start_matches("r2:"),
                    answers["b"]["content"]["text"].as_str().unwrap_or("?")
                ),
            ),
        },
        "always_asks" => input_required(id, json!({"again": elicit("again?")}), Some("loop")),
        "ask_url" => match answers.get("go") {
            None => input_required(
                id,
                json!({"go": {"method": "elicitation/create", "params": {
                "mode": "url", "message": "sign in", "url": "https://example.invalid/", "elicitationId": "e1"}}}),
                None,
            ),
            Some(_) => text(id, "went"),
        },
        other => json_reply(
            200,
            json!({"jsonrpc": "2.0", "id": id, "error": {"code": -32602, "message": format!("Unknown tool: {other}")}}),
        ),
    }
}

/// The server's initialize-based side (dual or legacy mode): a session, one tool.
pub fn legacy(req: &Value) -> Response {
    let id = &req["id"];
    let method = req["method"].as_str().unwrap_or_default();
    let result = match method {
        "initialize" => json!({
            "protocolVersion": req["params"]["protocolVersion"].as_str().unwrap_or("2025-11-25"),
            "capabilities": {"tools": {}},
            "serverInfo": {"name": "modern-fake-legacy-side", "version": "2.0.0"},
        }),
        "tools/list" => {
            json!({"tools": [{"name": "legacy_echo", "inputSchema": {"type": "object"}}]})
        }
        "tools/call" => json!({"content": [{"type": "text", "text": "legacy side"}]}),
        m if m.starts_with("notifications/") || req.get("method").is_none() => {
            return super::fake_modern::status(202);
        }
        _ => json!({}),
    };
    let mut resp = json_reply(200, json!({"jsonrpc": "2.0", "id": id, "result": result}));
    resp.headers_mut()
        .insert("mcp-session-id", "legacy-session".parse().unwrap());
    resp
}
