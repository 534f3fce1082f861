//! Turning a [`ToolOutput`] into a `CallToolResult`: the data as pretty JSON text (first content
//! block) and as `structuredContent`, notes in a second text block, and the size cap that cuts
//! long lists to fit, saying so.

use serde_json::{Map, Value, json};

use super::ToolOutput;
use super::protocol::Version;

/// Render `out` as a `CallToolResult`, keeping it under about `cap` bytes, with the fields
/// `version` defines (`structuredContent` only from 2025-06-18 on; older clients read the
/// text blocks).
pub fn render(mut out: ToolOutput, cap: usize, version: Version) -> Value {
    if !out.is_error && rendered_size(&out.value) > cap {
        cut_to_fit(&mut out, cap);
    }
    let mut content = Vec::new();
    if out.is_error {
        content.push(text_block(out.notes.join("\n")));
    } else {
        content.push(text_block(pretty(&out.value)));
        if !out.notes.is_empty() {
            content.push(text_block(out.notes.join("\n")));
        }
    }
    let mut structured = Map::new();
    let key = if out.is_error { "error" } else { "result" };
    structured.insert(key.into(), out.value);
    if !out.notes.is_empty() {
        structured.insert("notes".into(), json!(out.notes));
    }
    let mut result = json!({
        "content": content,
        "isError": out.is_error,
    });
    if version.has_structured_content() {
        result["structuredContent"] = Value::Object(structured);
    }
    if !out.meta.is_empty() {
        result["_meta"] = Value::Object(out.meta);
    }
    result
}

fn text_block(text: String) -> Value {
    json!({"type": "text", "text": text})
}

fn pretty(v: &Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default()
}

/// Bytes the value costs in the result: pretty text plus compact structured copy.
fn rendered_size(v: &Value) -> usize {
    pretty(v).len() + serde_json::to_string(v).map(|s| s.len()).unwrap_or(0)
}

/// Shorten the largest list (the value itself, or its largest list member) until the whole
/// fits; failing that, replace the value with a cut-off text.
fn cut_to_fit(out: &mut ToolOutput, cap: usize) {
    let total_size = rendered_size(&out.value);
    if let Some((path, len)) = largest_list(&out.value) {
        let mut keep = 0;
        let (mut lo, mut hi) = (0, len);
        while lo <= hi {
            let mid = (lo + hi) / 2;
            let mut trial = out.value.clone();
            truncate_list(&mut trial, path.as_deref(), mid);
            if rendered_size(&trial) <= cap {
                keep = mid;
                lo = mid + 1;
            } else if mid == 0 {
                break;
            } else {
                hi = mid - 1;
            }
        }
        let mut trial = out.value.clone();
        truncate_list(&mut trial, path.as_deref(), keep);
        if rendered_size(&trial) <= cap {
            out.value = trial;
            let what = path.map(|p| format!(" of `{p}`")).unwrap_or_default();
            out.notes.push(format!(
                "Result cut: showing {keep} of {len} items{what} to stay under {cap} bytes \
                 ({total_size} bytes in full). Narrow the request (a shorter timespan, filters, \
                 a specific id) to see the rest."
            ));
            return;
        }
    }
    let text = pretty(&out.value);
    let mut end = cap / 2;
    while end > 0 && !text.is_char_boundary(end) {
        end -= 1;
    }
    out.value = json!({ "cutText": &text[..end.min(text.len())] });
    out.notes.push(format!(
        "Result cut to its first {end} characters to stay under {cap} bytes ({total_size} bytes \
         in full). Narrow the request to see the rest."
    ));
}

/// The value's largest list: `(None, len)` if the value is a list, `(Some(key), len)` for
/// an object member.
fn largest_list(v: &Value) -> Option<(Option<String>, usize)> {
    match v {
        Value::Array(a) => Some((None, a.len())),
        Value::Object(o) => o
            .iter()
            .filter_map(|(k, v)| v.as_array().map(|a| (k, a, rendered_size(v))))
            .max_by_key(|(_, _, size)| *size)
            .map(|(k, a, _)| (Some(k.clone()), a.len())),
        _ => None,
    }
}

fn truncate_list(v: &mut Value, member: Option<&str>, keep: usize) {
    let list = match member {
        None => v.as_array_mut(),
        Some(k) => v.get_mut(k).and_then(Value::as_array_mut),
    };
    if let Some(list) = list {
        list.truncate(keep);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_results_are_untouched_and_text_is_pretty_json() {
        let r = render(
            ToolOutput::success(json!([{"id": "1"}])),
            10_000,
            Version::NEWEST,
        );
        assert_eq!(r["content"][0]["text"], "[\n  {\n    \"id\": \"1\"\n  }\n]");
        assert_eq!(r["structuredContent"]["result"][0]["id"], "1");
        assert_eq!(r["isError"], false);
        assert!(r["content"].as_array().unwrap().len() == 1);
    }

    #[test]
    fn long_lists_are_cut_with_a_note() {
        let items: Vec<Value> = (0..1000)
            .map(|i| json!({"id": i, "name": "x".repeat(20)}))
            .collect();
        let r = render(
            ToolOutput::success(Value::Array(items)),
            8_000,
            Version::NEWEST,
        );
        let kept = r["structuredContent"]["result"].as_array().unwrap().len();
        assert!(kept > 10 && kept < 1000, "kept {kept}");
        let note = r["content"][1]["text"].as_str().unwrap();
        assert!(
            note.contains(&format!("showing {kept} of 1000 items")),
            "{note}"
        );
        assert!(serde_json::to_string(&r).unwrap().len() < 10_000);
    }

    #[test]
    fn lists_inside_objects_are_cut() {
        let events: Vec<Value> = (0..500).map(|i| json!({"n": i})).collect();
        let r = render(
            ToolOutput::success(json!({"message": null, "events": events})),
            4_000,
            Version::NEWEST,
        );
        let note = r["structuredContent"]["notes"][0].as_str().unwrap();
        assert!(note.contains("of `events`"), "{note}");
        assert!(
            r["structuredContent"]["result"]["events"]
                .as_array()
                .unwrap()
                .len()
                < 500
        );
    }

    #[test]
    fn a_huge_scalar_becomes_cut_text() {
        let r = render(
            ToolOutput::success(json!({"blob": "y".repeat(50_000)})),
            2_000,
            Version::NEWEST,
        );
        assert!(
            r["structuredContent"]["result"]["cutText"]
                .as_str()
                .unwrap()
                .len()
                <= 1000
        );
        assert!(
            r["content"][1]["text"]
                .as_str()
                .unwrap()
                .starts_with("Result cut")
        );
    }

    #[test]
    fn clients_before_2025_06_18_get_no_structured_content() {
        let old = super::super::protocol::negotiate(Some("2025-03-26"));
        let r = render(ToolOutput::success(json!([1])), 1000, old);
        assert!(r.get("structuredContent").is_none(), "{r}");
        assert_eq!(r["content"][0]["text"], "[\n  1\n]");
        let e = render(ToolOutput::error("bad id", json!({})), 1000, old);
        assert_eq!(
            (e["isError"].clone(), e["content"][0]["text"].clone()),
            (json!(true), json!("bad id"))
        );
    }

    #[test]
    fn errors_carry_the_message_first() {
        let r = render(
            ToolOutput::error("404 Not Found: Network not found", json!({"status": 404})),
            100,
            Version::NEWEST,
        );
        assert_eq!(r["isError"], true);
        assert_eq!(r["content"][0]["text"], "404 Not Found: Network not found");
        assert_eq!(r["structuredContent"]["error"]["status"], 404);
    }
}
