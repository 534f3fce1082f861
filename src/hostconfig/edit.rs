//! Changing one member of a JSONC text in place: a member's value is replaced, a new member is
//! added after the last one (in the file's indentation and line endings), a member is removed
//! with its line. Every other byte — comments, blank lines, key order, odd spacing — stays as
//! it was.

use serde_json::Value;

use super::spans::{self, Member, Object, SpanError};

/// How the file is laid out: its line ending and one level of indentation.
struct Style {
    nl: &'static str,
    unit: String,
}

impl Style {
    fn of(text: &str, root: &Object) -> Style {
        let nl = if text.contains("\r\n") { "\r\n" } else { "\n" };
        let unit = root
            .members
            .first()
            .and_then(|m| line_indent(text, m.key_start))
            .filter(|i| !i.is_empty())
            .map(|i| {
                if i.starts_with('\t') {
                    "\t".to_owned()
                } else {
                    i.to_owned()
                }
            })
            .unwrap_or_else(|| "  ".to_owned());
        Style { nl, unit }
    }

    /// `value` as JSON text for a member whose line is indented by `indent`.
    fn render(&self, value: &Value, indent: &str, multiline: bool) -> String {
        if !multiline {
            return one_line(value);
        }
        let mut out = Vec::new();
        let fmt = serde_json::ser::PrettyFormatter::with_indent(self.unit.as_bytes());
        let mut ser = serde_json::Serializer::with_formatter(&mut out, fmt);
        serde::Serialize::serialize(value, &mut ser).expect("JSON serializes");
        String::from_utf8(out)
            .expect("JSON is UTF-8")
            .replace('\n', &format!("{}{indent}", self.nl))
    }
}

/// `value` on one line, spaced as people write it: `{"a": 1, "b": [1, 2]}`.
fn one_line(value: &Value) -> String {
    match value {
        Value::Object(m) => {
            let items: Vec<String> = m
                .iter()
                .map(|(k, v)| format!("{}: {}", Value::from(k.as_str()), one_line(v)))
                .collect();
            format!("{{{}}}", items.join(", "))
        }
        Value::Array(a) => {
            let items: Vec<String> = a.iter().map(one_line).collect();
            format!("[{}]", items.join(", "))
        }
        v => v.to_string(),
    }
}

/// The whitespace before `pos` on its line, when nothing else precedes it there.
fn line_indent(text: &str, pos: usize) -> Option<&str> {
    let start = text[..pos].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[start..pos];
    before
        .chars()
        .all(|c| c == ' ' || c == '\t')
        .then_some(before)
}

/// The whitespace that starts the line holding `pos`.
fn leading_ws(text: &str, pos: usize) -> &str {
    let start = text[..pos].rfind('\n').map_or(0, |i| i + 1);
    let line = &text[start..];
    &line[..line.len() - line.trim_start_matches([' ', '\t']).len()]
}

/// From `pos`, past spaces and comments that end on the same line; stops before a newline.
fn end_of_line_trivia(text: &str, mut pos: usize) -> usize {
    let b = text.as_bytes();
    loop {
        match (b.get(pos), b.get(pos + 1)) {
            (Some(b' ' | b'\t'), _) => pos += 1,
            (Some(b'/'), Some(b'/')) => {
                while pos < b.len() && b[pos] != b'\n' && b[pos] != b'\r' {
                    pos += 1;
                }
            }
            (Some(b'/'), Some(b'*')) => match text[pos + 2..].find("*/") {
                Some(end) if !text[pos..pos + 2 + end].contains('\n') => pos += end + 4,
                _ => return pos,
            },
            _ => return pos,
        }
    }
}

/// An edit: replace `range` with `with`.
struct Edit {
    start: usize,
    end: usize,
    with: String,
}

fn apply(text: &str, mut edits: Vec<Edit>) -> String {
    edits.sort_by_key(|e| std::cmp::Reverse(e.start));
    let mut out = text.to_owned();
    for e in edits {
        out.replace_range(e.start..e.end, &e.with);
    }
    out
}

fn walk<'a>(root: &'a Object, path: &[&str]) -> (&'a Object, usize) {
    let mut obj = root;
    let mut depth = 0;
    for key in path {
        match obj.member(key).and_then(|m| m.object.as_ref()) {
            Some(o) => {
                obj = o;
                depth += 1;
            }
            None => break,
        }
    }
    (obj, depth)
}

/// Set the member at `path` (object keys from the top) to `value`, creating the objects on
/// the way. The text must be a JSON(C) object.
pub fn set(text: &str, path: &[&str], value: &Value) -> Result<String, SpanError> {
    let root = spans::root(text)?;
    let style = Style::of(text, &root);
    let (parent_path, key) = path.split_at(path.len() - 1);
    let (obj, depth) = walk(&root, parent_path);
    // What goes into `obj`: the next key, with the rest of the path wrapped around the value.
    let mut value = value.clone();
    for k in path[depth + 1..].iter().rev() {
        value = Value::Object([((*k).to_owned(), value)].into_iter().collect());
    }
    let key = if depth == parent_path.len() {
        key[0]
    } else {
        path[depth]
    };
    let multiline = text[obj.open..obj.close].contains('\n') || obj.members.is_empty();
    let edits = match obj.member(key) {
        Some(m) => {
            let indent = leading_ws(text, m.key_start).to_owned();
            vec![Edit {
                start: m.value_start,
                end: m.value_end,
                with: style.render(&value, &indent, multiline),
            }]
        }
        None => insert(text, obj, key, &value, &style, multiline),
    };
    Ok(apply(text, edits))
}

fn insert(
    text: &str,
    obj: &Object,
    key: &str,
    value: &Value,
    style: &Style,
    multiline: bool,
) -> Vec<Edit> {
    let key_json = Value::from(key).to_string();
    let Some(last) = obj.members.last() else {
        let outer = leading_ws(text, obj.open);
        let inner = format!("{outer}{}", style.unit);
        let start = obj.open + 1 + text[obj.open + 1..obj.close].trim_end().len();
        return vec![Edit {
            start,
            end: obj.close,
            with: format!(
                "{nl}{inner}{key_json}: {}{nl}{outer}",
                style.render(value, &inner, true),
                nl = style.nl
            ),
        }];
    };
    if !multiline {
        let member = format!("{key_json}: {}", style.render(value, "", false));
        return vec![match last.comma {
            None => Edit {
                start: last.value_end,
                end: last.value_end,
                with: format!(", {member}"),
            },
            Some(c) => Edit {
                start: c + 1,
                end: c + 1,
                with: format!(" {member},"),
            },
        }];
    }
    let indent = line_indent(text, last.key_start)
        .map(str::to_owned)
        .unwrap_or_else(|| format!("{}{}", leading_ws(text, obj.open), style.unit));
    let after = last.comma.map_or(last.value_end, |c| c + 1);
    let at = end_of_line_trivia(text, after);
    let mut edits = vec![Edit {
        start: at,
        end: at,
        with: format!(
            "{}{indent}{key_json}: {}{}",
            style.nl,
            style.render(value, &indent, true),
            if last.comma.is_some() { "," } else { "" }
        ),
    }];
    if last.comma.is_none() {
        edits.push(Edit {
            start: last.value_end,
            end: last.value_end,
            with: ",".into(),
        });
    }
    edits
}

/// Remove the member at `path`; `None` when there is none.
pub fn remove(text: &str, path: &[&str]) -> Result<Option<String>, SpanError> {
    let root = spans::root(text)?;
    let (parent_path, key) = path.split_at(path.len() - 1);
    let (obj, depth) = walk(&root, parent_path);
    if depth != parent_path.len() {
        return Ok(None);
    }
    let Some(i) = obj.members.iter().position(|m| m.key == key[0]) else {
        return Ok(None);
    };
    Ok(Some(apply(text, removal(text, obj, i))))
}

fn removal(text: &str, obj: &Object, i: usize) -> Vec<Edit> {
    let m: &Member = &obj.members[i];
    let own_line = line_indent(text, m.key_start).is_some();
    let line_start = m.key_start - leading_ws(text, m.key_start).len();
    let newline_before = if text[..line_start].ends_with("\r\n") {
        2
    } else {
        usize::from(text[..line_start].ends_with('\n'))
    };
    if let Some(c) = m.comma {
        // Up to and with the comma; the whole line when the member has it to itself.
        let end = end_of_line_trivia(text, c + 1);
        let rest = &text[end..];
        if own_line && (rest.starts_with('\n') || rest.starts_with("\r\n")) {
            let nl = if rest.starts_with('\n') { 1 } else { 2 };
            return vec![Edit {
                start: line_start,
                end: end + nl,
                with: String::new(),
            }];
        }
        let end = c + 1 + (text[c + 1..].len() - text[c + 1..].trim_start_matches(' ').len());
        return vec![Edit {
            start: m.key_start,
            end,
            with: String::new(),
        }];
    }
    // The last member: the comma before it goes, so no trailing comma is left behind.
    let mut edits = Vec::new();
    let start = if own_line && newline_before > 0 {
        line_start - newline_before
    } else {
        m.key_start
    };
    let end = if own_line {
        end_of_line_trivia(text, m.value_end)
    } else {
        m.value_end
    };
    edits.push(Edit {
        start,
        end,
        with: String::new(),
    });
    if i > 0
        && let Some(pc) = obj.members[i - 1].comma
    {
        let end = if own_line {
            pc + 1
        } else {
            // `"a": 1, "b": 2` → `"a": 1`: the comma and the spaces after it.
            start
        };
        if end > pc {
            edits.push(Edit {
                start: pc,
                end: end.max(pc + 1),
                with: String::new(),
            });
        }
    }
    merge_overlaps(edits)
}

/// Two deletions that touch become one.
fn merge_overlaps(mut edits: Vec<Edit>) -> Vec<Edit> {
    edits.sort_by_key(|e| e.start);
    let mut out: Vec<Edit> = Vec::new();
    for e in edits {
        match out.last_mut() {
            Some(prev) if e.start <= prev.end && prev.with.is_empty() && e.with.is_empty() => {
                prev.end = prev.end.max(e.end);
            }
            _ => out.push(e),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_new_member_takes_the_files_indentation_and_line_endings() {
        let text = "{\r\n\t// mine\r\n\t\"mcpServers\": {\r\n\t\t\"a\": {\"command\": \"x\"} // first\r\n\t}\r\n}\r\n";
        let out = set(
            text,
            &["mcpServers", "b"],
            &json!({"command": "y", "args": ["p"]}),
        )
        .unwrap();
        assert_eq!(
            out,
            "{\r\n\t// mine\r\n\t\"mcpServers\": {\r\n\t\t\"a\": {\"command\": \"x\"}, // first\r\n\t\t\"b\": {\r\n\t\t\t\"command\": \"y\",\r\n\t\t\t\"args\": [\r\n\t\t\t\t\"p\"\r\n\t\t\t]\r\n\t\t}\r\n\t}\r\n}\r\n"
        );
    }

    #[test]
    fn values_are_replaced_where_they_are_and_missing_objects_created() {
        let text =
            "{\"x\": 1, /* keep */ \"mcpServers\": {\"a\": {\"command\": \"old\", \"env\": {}}}}";
        let out = set(text, &["mcpServers", "a", "command"], &json!("new")).unwrap();
        assert_eq!(
            out,
            "{\"x\": 1, /* keep */ \"mcpServers\": {\"a\": {\"command\": \"new\", \"env\": {}}}}"
        );
        let out = set("{\"x\": 1}", &["mcpServers", "a"], &json!({"command": "c"})).unwrap();
        assert_eq!(
            out,
            "{\"x\": 1, \"mcpServers\": {\"a\": {\"command\": \"c\"}}}"
        );
        let out = set("{\n  // nothing yet\n}\n", &["mcpServers", "a"], &json!(1)).unwrap();
        assert_eq!(
            out,
            "{\n  // nothing yet\n  \"mcpServers\": {\n    \"a\": 1\n  }\n}\n"
        );
        let out = set("{}", &["k"], &json!(true)).unwrap();
        assert_eq!(out, "{\n  \"k\": true\n}");
        let trailing = set("{\n  \"a\": 1,\n}", &["b"], &json!(2)).unwrap();
        assert_eq!(trailing, "{\n  \"a\": 1,\n  \"b\": 2,\n}");
    }

    #[test]
    fn a_removed_member_takes_its_line_and_leaves_valid_json() {
        let text = "{\n  \"a\": 1,\n  \"b\": 2, // b\n  \"c\": 3 // c\n}\n";
        assert_eq!(
            remove(text, &["a"]).unwrap().unwrap(),
            "{\n  \"b\": 2, // b\n  \"c\": 3 // c\n}\n"
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
            remove("{\n  \"s\": {\n    \"only\": 1\n  }\n}", &["s", "only"])
                .unwrap()
                .unwrap(),
            "{\n  \"s\": {\n  }\n}"
        );
        assert!(remove(text, &["nope"]).unwrap().is_none());
        assert!(remove(text, &["a", "deeper"]).unwrap().is_none());
    }
}
