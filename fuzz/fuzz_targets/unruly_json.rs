//! Fuzz every place the bridge looks inside a message with valid JSON of every form: nesting
//! deeper than serde_json's limit, numbers beyond f64, odd ids, any unicode. Nothing may
//! panic, what is only passed on keeps its bytes, and a filtered tool list keeps every other
//! byte. The fuzzer's bytes steer the shape; when they are JSON-RPC themselves they go through
//! the same places.
#![no_main]
use std::sync::{Arc, OnceLock};

use libfuzzer_sys::fuzz_target;
use mcp_bridge::jsonrpc::{Id, Message};
use mcp_bridge::proxy::ToolFilter;
use mcp_bridge::proxy::audit::AuditLog;
use mcp_bridge::revision::HostEra;

const NUMBERS: [&str; 8] = [
    "1e400",
    "-1E-400",
    "123456789012345678901234567890",
    "0.1e+999",
    "-0",
    "1.50",
    "18446744073709551616",
    "7",
];

fn audit() -> &'static AuditLog {
    static LOG: OnceLock<AuditLog> = OnceLock::new();
    LOG.get_or_init(|| {
        let path = std::env::temp_dir().join(format!("unruly-audit-{}.jsonl", std::process::id()));
        AuditLog::open(&path, "fuzz", true, Arc::new(|| None)).expect("an audit log")
    })
}

/// A JSON value of the given depth around a leaf.
fn nested(depth: usize, leaf: &str, objects: bool) -> String {
    let (open, close) = if objects { ("{\"k\":", "}") } else { ("[", "]") };
    format!("{}{leaf}{}", open.repeat(depth), close.repeat(depth))
}

fn text_of(bytes: &[u8]) -> String {
    serde_json::to_string(&String::from_utf8_lossy(bytes)).unwrap_or_else(|_| "\"\"".into())
}

/// Every look inside `m`; `m`'s own bytes are `text`.
fn look_inside(m: &Message, text: &[u8], filter: &ToolFilter) {
    assert_eq!(m.bytes().as_ref(), text, "a message keeps its bytes");
    let _ = m.to_value();
    let _ = m.value_at(&["params", "capabilities"]);
    let _ = m.str_at(&["result", "protocolVersion"]);
    let _ = HostEra::of_first(m);
    let e = Message::error_response(m.id(), -32000, "x", None);
    assert!(Message::parse(e.bytes().clone()).is_ok(), "an answer is JSON-RPC");
    let r = Message::result_response(m.id(), &serde_json::json!({}));
    assert!(Message::parse(r.bytes().clone()).is_ok());
    if let Some(again) = m.with_id(&Id::string("n")) {
        assert!(Message::parse(again.bytes().clone()).is_ok());
    }
    let _ = filter.blocked_call(m);
    let filtered = filter.filter_list(m.clone());
    let before = m.field(&["result", "tools"]).map(|t| t.get().len());
    let after = filtered.field(&["result", "tools"]).map(|t| t.get().len());
    if before == after {
        assert_eq!(filtered.bytes(), m.bytes(), "nothing hidden: nothing changed");
    }
    if let Some(call) = audit().start(m) {
        audit().finish(call, m);
    }
    if let Ok(v) = m.to_value() {
        let _ = mcp_bridge::revision::to_modern_host::strip_meta(v.clone());
        let _ = mcp_bridge::revision::detect::takes_server_requests(&v["params"]["capabilities"]);
        assert!(Message::from_value(&v).is_ok());
    }
    if let Some(items) = m.batch_items() {
        for item in items.into_iter().flatten() {
            let _ = filter.filter_list(item);
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let filter = ToolFilter::new(&["secret*".into()]);
    if let Ok(m) = Message::parse(data.to_vec()) {
        if !data.contains(&b'\n') && !data.contains(&b'\r') {
            look_inside(&m, data, &filter);
        }
    }
    let [a, b, c, d, rest @ ..] = data else { return };
    let depth = usize::from(*a) * 2;
    let number = NUMBERS[usize::from(*b) % NUMBERS.len()];
    let leaf = if c & 1 == 0 { number.to_owned() } else { text_of(rest) };
    let value = nested(depth, &leaf, c & 2 == 0);
    let id = match d % 4 {
        0 => number.to_owned(),
        1 => text_of(rest),
        2 => nested(depth / 2 + 1, number, false),
        _ => "null".to_owned(),
    };
    let tool = if d & 4 == 0 { "secret_x".to_owned() } else { text_of(rest) };
    let shapes = [
        format!(
            r#"{{"jsonrpc":"2.0","id":{id},"method":"tools/call","params":{{"name":{},"arguments":{{"v":{value}}}}}}}"#,
            serde_json::to_string(&tool).unwrap_or_default()
        ),
        format!(
            r#"{{"jsonrpc":"2.0","id":{id},"result":{{"tools":[{{"name":"ok","inputSchema":{value}}},{{"name":{},"x":{value}}}],"nextCursor":{value}}}}}"#,
            serde_json::to_string(&tool).unwrap_or_default()
        ),
        format!(
            r#"{{"jsonrpc":"2.0","id":{id},"result":{{"protocolVersion":"2025-11-25","capabilities":{{"experimental":{value}}}}}}}"#
        ),
        format!(
            r#"{{"jsonrpc":"2.0","id":{id},"method":"initialize","params":{{"capabilities":{value},"_meta":{{"io.modelcontextprotocol/protocolVersion":{value}}}}}}}"#
        ),
        format!(r#"{{"jsonrpc":"2.0","id":{id},"error":{{"code":{number},"message":{value}}}}}"#),
        format!(r#"[{{"jsonrpc":"2.0","id":{id},"result":{value}}},{value}]"#),
    ];
    for text in shapes {
        let m = Message::parse(text.clone().into_bytes()).expect("valid JSON-RPC is accepted");
        look_inside(&m, text.as_bytes(), &filter);
    }
});
