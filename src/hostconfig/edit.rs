//! Changing one member of a JSONC text in place, on the concrete syntax tree of the
//! `jsonc-parser` crate, which keeps every comment and every piece of whitespace: a member's
//! value is replaced where it is, a new member goes after the last one (in the file's
//! indentation, line endings and trailing-comma style), a member is removed with its line.
//! Every other byte — comments, blank lines, key order, odd spacing — stays as it was.
//!
//! One difference from the crate: it spreads an object over several lines when it gains a
//! member. An object written on one line (`{"a": {…}, "b": {…}}`, as `json.dumps` writes it)
//! keeps its one line here instead: the new member's text is spliced in after the last one, so
//! that removing it again gives back the very bytes.

use jsonc_parser::ParseOptions;
use jsonc_parser::cst::{CstInputValue, CstNode, CstObject, CstObjectProp, CstRootNode};
use serde_json::Value;

/// Why a text could not be read or changed.
#[derive(Debug)]
pub(super) enum EditFail {
    /// Not JSON with comments: where and what.
    Syntax {
        line: usize,
        column: usize,
        detail: String,
    },
    /// A key on the way to the member appears more than once in its object: the keys from the
    /// top down to it, joined with dots.
    Duplicate(String),
}

/// JSON plus `//` and `/* */` comments and trailing commas, as Cursor and VS Code users write
/// it; nothing looser (no JSON5 keys, quotes or numbers), since the hosts' readers reject those.
fn options() -> ParseOptions {
    ParseOptions {
        allow_comments: true,
        allow_trailing_commas: true,
        allow_loose_object_property_names: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    }
}

/// The syntax tree of `text` (without a byte order mark; empty, or only comments, is a tree
/// without a value).
pub(super) fn parse(text: &str) -> Result<CstRootNode, EditFail> {
    CstRootNode::parse(text, &options()).map_err(|e| EditFail::Syntax {
        line: e.line_display(),
        column: e.column_display(),
        detail: e.kind().to_string(),
    })
}

/// Set the member at `path` (object keys from the top) to `value`, creating the objects on the
/// way. The text is a JSON(C) object, or has no value yet.
pub(super) fn set(text: &str, path: &[&str], value: &Value) -> Result<String, EditFail> {
    let root = parse(text)?;
    let mut obj = root.object_value_or_set();
    for (depth, key) in path.iter().enumerate() {
        let rest = &path[depth + 1..];
        let member = unique(&obj, &path[..=depth])?;
        match member.as_ref().and_then(CstObjectProp::object_value) {
            Some(inner) if !rest.is_empty() => obj = inner,
            _ => {
                let value = nest(rest, value);
                return Ok(match member {
                    Some(m) => replace(text, &root, &obj, &m, &value),
                    None => append(text, &root, &obj, key, &value),
                });
            }
        }
    }
    unreachable!("a path names at least one key")
}

/// Remove the member at `path`; `None` when there is none.
pub(super) fn remove(text: &str, path: &[&str]) -> Result<Option<String>, EditFail> {
    let root = parse(text)?;
    let Some(mut obj) = root.object_value() else {
        return Ok(None);
    };
    for depth in 0..path.len() - 1 {
        match unique(&obj, &path[..=depth])?.and_then(|m| m.object_value()) {
            Some(inner) => obj = inner,
            None => return Ok(None),
        }
    }
    let Some(member) = unique(&obj, path)? else {
        return Ok(None);
    };
    if one_line(&obj)
        && member.previous_property().is_none()
        && let Some(space) = member.trailing_comma().and_then(|c| c.next_sibling())
        && space.is_whitespace()
    {
        // `{"a": 1, "b": 2}` → `{"b": 2}` rather than `{ "b": 2}`.
        space.remove();
    }
    member.remove();
    Ok(Some(root.to_string()))
}

/// The member of `obj` named by the last key of `path`, refusing an object that has it twice:
/// which one a host reads is not for this program to guess.
fn unique(obj: &CstObject, path: &[&str]) -> Result<Option<CstObjectProp>, EditFail> {
    let key = *path.last().expect("a path names at least one key");
    let mut found = obj
        .properties()
        .into_iter()
        .filter(|m| m.decoded_name().as_deref() == Some(key));
    let first = found.next();
    if found.next().is_some() {
        return Err(EditFail::Duplicate(path.join(".")));
    }
    Ok(first)
}

/// `value` wrapped in one object per key of `keys`, the last key innermost.
fn nest(keys: &[&str], value: &Value) -> Value {
    keys.iter().rev().fold(value.clone(), |v, k| {
        Value::Object([((*k).to_owned(), v)].into_iter().collect())
    })
}

fn replace(
    text: &str,
    root: &CstRootNode,
    obj: &CstObject,
    member: &CstObjectProp,
    value: &Value,
) -> String {
    match member.value() {
        Some(old) if one_line(obj) => {
            let at = start(&old);
            splice(text, at..at + old.to_string().len(), &inline(value))
        }
        _ => {
            member.set_value(input(value));
            root.to_string()
        }
    }
}

fn append(text: &str, root: &CstRootNode, obj: &CstObject, key: &str, value: &Value) -> String {
    if !one_line(obj) {
        obj.append(key, input(value));
        return root.to_string();
    }
    let member = format!("{}: {}", Value::from(key), inline(value));
    match obj.properties().last() {
        // Before a trailing comma, if there is one: `{"a": 1,}` → `{"a": 1, "k": v,}`.
        Some(last) => {
            let at = start(&last.clone().into()) + last.to_string().len();
            splice(text, at..at, &format!(", {member}"))
        }
        None => {
            let at = start(&obj.clone().into()) + 1;
            splice(text, at..at, &member)
        }
    }
}

/// Whether `obj` is written on one line and should stay so: it has members and no line break,
/// or it is an empty `{}` inside such an object.
fn one_line(obj: &CstObject) -> bool {
    if obj.to_string().contains(['\n', '\r']) {
        return false;
    }
    !obj.properties().is_empty()
        || obj
            .parent()
            .and_then(|member| member.parent())
            .and_then(|outer| outer.as_object())
            .is_some_and(|outer| one_line(&outer))
}

/// The byte offset at which `node` starts in the text.
fn start(node: &CstNode) -> usize {
    let before: usize = node.previous_siblings().map(|n| n.to_string().len()).sum();
    before + node.parent().map_or(0, |p| start(&p.into()))
}

fn splice(text: &str, range: std::ops::Range<usize>, with: &str) -> String {
    let mut out = text.to_owned();
    out.replace_range(range, with);
    out
}

/// `value` on one line, spaced as people write it: `{"a": 1, "b": [1, 2]}`.
fn inline(value: &Value) -> String {
    match value {
        Value::Object(m) => {
            let items: Vec<String> = m
                .iter()
                .map(|(k, v)| format!("{}: {}", Value::from(k.as_str()), inline(v)))
                .collect();
            format!("{{{}}}", items.join(", "))
        }
        Value::Array(a) => {
            let items: Vec<String> = a.iter().map(inline).collect();
            format!("[{}]", items.join(", "))
        }
        v => v.to_string(),
    }
}

/// `value` as the crate's input, which it lays out in the file's style.
fn input(value: &Value) -> CstInputValue {
    match value {
        Value::Null => CstInputValue::Null,
        Value::Bool(b) => CstInputValue::Bool(*b),
        Value::Number(n) => CstInputValue::Number(n.to_string()),
        Value::String(s) => CstInputValue::String(s.clone()),
        Value::Array(a) => CstInputValue::Array(a.iter().map(input).collect()),
        Value::Object(m) => {
            CstInputValue::Object(m.iter().map(|(k, v)| (k.clone(), input(v))).collect())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_new_member_takes_the_files_indentation_line_endings_and_commas() {
        let text = "{\r\n\t// mine\r\n\t\"mcpServers\": {\r\n\t\t\"a\": {\"command\": \"x\"} // first\r\n\t}\r\n}\r\n";
        let out = set(
            text,
            &["mcpServers", "b"],
            &json!({"command": "y", "args": ["p"]}),
        )
        .unwrap();
        assert_eq!(
            out,
            "{\r\n\t// mine\r\n\t\"mcpServers\": {\r\n\t\t\"a\": {\"command\": \"x\"}, // first\r\n\t\t\"b\": {\r\n\t\t\t\"command\": \"y\",\r\n\t\t\t\"args\": [\"p\"]\r\n\t\t}\r\n\t}\r\n}\r\n"
        );
        let trailing = set("{\n  \"a\": 1,\n}", &["b"], &json!({"c": 2})).unwrap();
        assert_eq!(
            trailing,
            "{\n  \"a\": 1,\n  \"b\": {\n    \"c\": 2,\n  },\n}"
        );
    }

    #[test]
    fn values_are_replaced_where_they_are_and_missing_objects_created() {
        let text = "{\"x\": 1, /* keep: é */ \"mcpServers\": {\"a\": {\"command\": \"old\", \"env\": {}}}}";
        let out = set(text, &["mcpServers", "a", "command"], &json!("new")).unwrap();
        assert_eq!(
            out,
            "{\"x\": 1, /* keep: é */ \"mcpServers\": {\"a\": {\"command\": \"new\", \"env\": {}}}}"
        );
        let out = set(text, &["mcpServers", "a", "args"], &json!(["p", "q"])).unwrap();
        assert_eq!(
            out,
            "{\"x\": 1, /* keep: é */ \"mcpServers\": {\"a\": {\"command\": \"old\", \"env\": {}, \"args\": [\"p\", \"q\"]}}}"
        );
        let out = set(
            "{\n    \"m\": {\n        \"command\": \"old\",\n        \"args\": [\n            \"a\"\n        ]\n    }\n}",
            &["m", "args"],
            &json!(["b", "c"]),
        )
        .unwrap();
        assert_eq!(
            out,
            "{\n    \"m\": {\n        \"command\": \"old\",\n        \"args\": [\"b\", \"c\"]\n    }\n}"
        );
        let out = set("{\"x\": 1}", &["mcpServers", "a"], &json!({"command": "c"})).unwrap();
        assert_eq!(
            out,
            "{\"x\": 1, \"mcpServers\": {\"a\": {\"command\": \"c\"}}}"
        );
        let out = set(
            "{\"x\": 1, \"mcpServers\": {}}",
            &["mcpServers", "a"],
            &json!(1),
        )
        .unwrap();
        assert_eq!(out, "{\"x\": 1, \"mcpServers\": {\"a\": 1}}");
        let out = set("{\n  // nothing yet\n}\n", &["mcpServers", "a"], &json!(1)).unwrap();
        assert_eq!(
            out,
            "{\n  // nothing yet\n  \"mcpServers\": {\n    \"a\": 1\n  }\n}\n"
        );
        let out = set("{}", &["k"], &json!(true)).unwrap();
        assert_eq!(out, "{\n  \"k\": true\n}");
        let out = set("{\"a\": 1,}", &["b"], &json!("C:\\x \"y\"")).unwrap();
        assert_eq!(out, "{\"a\": 1, \"b\": \"C:\\\\x \\\"y\\\"\",}");
    }

    #[test]
    fn a_text_without_a_value_gets_an_object_after_its_comments() {
        let out = set("", &["mcpServers", "a"], &json!({"command": "c"})).unwrap();
        assert_eq!(
            out,
            "{\n  \"mcpServers\": {\n    \"a\": {\n      \"command\": \"c\"\n    }\n  }\n}\n"
        );
        let out = set("// my servers\n", &["k"], &json!(1)).unwrap();
        assert_eq!(out, "// my servers\n{\n  \"k\": 1\n}\n");
    }

    #[test]
    fn a_removed_member_takes_its_line_and_leaves_valid_json() {
        let text = "{\n  \"a\": 1,\n  \"b\": 2, // b\n  \"c\": 3 // c\n}\n";
        assert_eq!(
            remove(text, &["a"]).unwrap().unwrap(),
            "{\n  \"b\": 2, // b\n  \"c\": 3 // c\n}\n"
        );
        assert_eq!(
            remove(text, &["b"]).unwrap().unwrap(),
            "{\n  \"a\": 1,\n  \"c\": 3 // c\n}\n"
        );
        assert_eq!(
            remove(text, &["c"]).unwrap().unwrap(),
            "{\n  \"a\": 1,\n  \"b\": 2 // b\n}\n"
        );
        assert_eq!(
            remove("{\"a\": 1, \"b\": 2}", &["b"]).unwrap().unwrap(),
            "{\"a\": 1}"
        );
        assert_eq!(
            remove("{\"a\": 1, \"b\": 2}", &["a"]).unwrap().unwrap(),
            "{\"b\": 2}"
        );
        assert_eq!(
            remove("{\"a\": 1, \"b\": 2, \"c\": 3}", &["b"])
                .unwrap()
                .unwrap(),
            "{\"a\": 1, \"c\": 3}"
        );
        assert_eq!(
            remove("{\n  \"s\": {\n    \"only\": 1\n  }\n}", &["s", "only"])
                .unwrap()
                .unwrap(),
            "{\n  \"s\": {}\n}"
        );
        assert!(remove(text, &["nope"]).unwrap().is_none());
        assert!(remove(text, &["a", "deeper"]).unwrap().is_none());
        assert!(remove("", &["a"]).unwrap().is_none());
    }

    #[test]
    fn a_key_on_the_way_that_appears_twice_is_refused() {
        let text = "{\"s\": {\"a\": 1}, \"s\": {\"a\": 2}}";
        assert!(matches!(
            set(text, &["s", "a"], &json!(3)),
            Err(EditFail::Duplicate(k)) if k == "s"
        ));
        assert!(matches!(
            remove("{\"s\": {\"a\": 1, \"a\": 2}}", &["s", "a"]),
            Err(EditFail::Duplicate(k)) if k == "s.a"
        ));
        // Elsewhere in the file, twice is no concern of this edit.
        assert_eq!(
            set("{\"x\": 1, \"x\": 2}", &["y"], &json!(0)).unwrap(),
            "{\"x\": 1, \"x\": 2, \"y\": 0}"
        );
    }

    #[test]
    fn only_comments_and_trailing_commas_are_allowed_beyond_json() {
        for loose in [
            "{a: 1}",
            "{'a': 1}",
            "{\"a\": 0x1}",
            "{\"a\": +1}",
            "{\"a\": .5}",
            "{\"a\": NaN}",
            "{\"a\": 1 \"b\": 2}",
            "{\"a\": \"\\x41\"}",
        ] {
            assert!(
                matches!(parse(loose), Err(EditFail::Syntax { .. })),
                "{loose}"
            );
        }
        let Err(EditFail::Syntax { line, column, .. }) = parse("{\n  \"a\": }") else {
            panic!("parsed")
        };
        assert_eq!((line, column), (2, 8));
        assert!(parse("{\"a\": [1, 2,], /* c */ \"b\": {},} // end").is_ok());
    }
}
