//! How the fake pages the answers of paginated operations, the way the Dashboard does:
//!
//! - a list answer comes in `pages` pages (`startingAfter=p<n>`), each with `rel=first`, `rel=last`
//!   and, before the last, `rel=next` (unquoted `rel`, as the Dashboard writes it);
//! - an object answer with one list member (`getNetworkEvents`: `{message, pageStartAt,
//!   pageEndAt, events}`) has that list paged the same way, but **always** carries `rel=next`,
//!   like the real event log: pages past the last have an empty list, and the client decides
//!   when to stop.
//!
//! Items of page `n` are marked so pages can be told apart: `id` and `serial` get `-p<n>`;
//! items with neither get `"fakePage": n`.

use mcp_bridge::meraki::spec::ApiSpec;
use serde_json::{Value, json};

/// The page number a request asks for (`startingAfter=p<n>`; 1 without it).
pub fn requested_page(query: &str) -> u32 {
    query
        .split('&')
        .find_map(|kv| kv.strip_prefix("startingAfter=p"))
        .and_then(|n| n.parse().ok())
        .unwrap_or(1)
}

/// The `Link` header for page `page` of `pages` at `origin` + `path`, keeping the other query
/// parameters. Object answers always get a `rel=next`.
pub fn link_header(
    origin: &str,
    path: &str,
    query: &str,
    page: u32,
    pages: u32,
    always_next: bool,
) -> String {
    let kept: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
        .filter(|(k, _)| k != "startingAfter")
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let link = |p: u32, rel: &str| {
        let mut q = url::form_urlencoded::Serializer::new(String::new());
        q.extend_pairs(kept.iter());
        q.append_pair("startingAfter", &format!("p{p}"));
        format!("<{origin}{path}?{}>; rel={rel}", q.finish())
    };
    let mut links = vec![link(1, "first")];
    if page < pages || always_next {
        links.push(link(page + 1, "next"));
    }
    links.push(link(pages, "last"));
    links.join(", ")
}

/// The body of page `page` of an example: list items marked; an object's list member marked,
/// or empty past the last page, with `pageStartAt`/`pageEndAt` telling the pages apart.
pub fn page_body(example: &Value, page: u32, pages: u32) -> Value {
    match example {
        Value::Array(items) => Value::Array(items.iter().map(|i| mark_page(i, page)).collect()),
        Value::Object(obj) => {
            let mut obj = obj.clone();
            if let Some(key) = list_member(example) {
                let items: Vec<Value> = if page > pages {
                    Vec::new()
                } else {
                    obj[&key]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .map(|i| mark_page(i, page))
                        .collect()
                };
                obj.insert(key, Value::Array(items));
            }
            for (field, time) in [("pageStartAt", "00:00:00Z"), ("pageEndAt", "23:59:59Z")] {
                if obj.contains_key(field) {
                    obj.insert(
                        field.into(),
                        json!(format!("2018-02-{:02}T{time}", 10 + page)),
                    );
                }
            }
            Value::Object(obj)
        }
        other => other.clone(),
    }
}

/// The one list member of an object answer, if it has exactly one.
pub fn list_member(v: &Value) -> Option<String> {
    let obj = v.as_object()?;
    let mut lists = obj.iter().filter(|(_, v)| v.is_array()).map(|(k, _)| k);
    match (lists.next(), lists.next()) {
        (Some(k), None) => Some(k.clone()),
        _ => None,
    }
}

fn mark_page(item: &Value, n: u32) -> Value {
    let mut item = item.clone();
    let mut marked = false;
    for key in ["id", "serial"] {
        if let Some(Value::String(s)) = item.get_mut(key) {
            s.push_str(&format!("-p{n}"));
            marked = true;
        }
    }
    if !marked && let Some(obj) = item.as_object_mut() {
        obj.insert("fakePage".into(), json!(n));
    }
    item
}

/// The example of an operation as the fake serves it on page `n` (paginated) or as is.
pub fn example_page(operation_id: &str, n: u32) -> Value {
    let op = ApiSpec::get().operation(operation_id).unwrap();
    let example = op.example.clone().unwrap();
    if op.paginated {
        page_body(&example, n, u32::MAX)
    } else {
        example
    }
}
