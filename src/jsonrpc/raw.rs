//! Looking inside JSON text without building a `serde_json::Value`: an object's members in
//! order with their values as raw text, the member at a path, and an object rebuilt from
//! members. Raw values are skipped by serde_json's iterative scanner, so any nesting depth
//! and any number a message may hold is read without recursion and passed on byte for byte.

use std::fmt;

use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;

/// An object's members in order, each value as its JSON text.
struct Members<'a>(Vec<(String, &'a RawValue)>);

impl<'de> Deserialize<'de> for Members<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Members<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, &'de RawValue>()? {
                    out.push((k, v));
                }
                Ok(Members(out))
            }
        }
        d.deserialize_map(V)
    }
}

/// The members of the object `text`, in order; `None` if it is not an object.
pub fn members(text: &str) -> Option<Vec<(String, &RawValue)>> {
    serde_json::from_str::<Members<'_>>(text).ok().map(|m| m.0)
}

/// The value at `path` (object keys from the top); the last of duplicate keys wins, as in a
/// parsed `Value`.
pub fn member<'a>(text: &'a str, path: &[&str]) -> Option<&'a RawValue> {
    let mut found: Option<&'a RawValue> = None;
    let mut current = text;
    for key in path {
        let value = members(current)?
            .into_iter()
            .rev()
            .find(|(k, _)| k == key)?
            .1;
        current = value.get();
        found = Some(value);
    }
    found
}

/// The elements of the array `text`, each as its JSON text; `None` if it is not an array.
pub fn elements(text: &str) -> Option<Vec<&RawValue>> {
    serde_json::from_str(text).ok()
}

/// An object made of `(key, JSON text)` members, in the order given.
pub fn object<'a>(members: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut out = String::from("{");
    for (i, (k, v)) in members.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_string(&mut out, k);
        out.push(':');
        out.push_str(v);
    }
    out.push('}');
    out
}

/// The object `text` with the values of `key` replaced by `value` (JSON text), or added at
/// the end when absent; `None` if `text` is not an object.
pub fn replace_member(text: &str, key: &str, value: &str) -> Option<String> {
    let ms = members(text)?;
    let mut seen = false;
    let mut out: Vec<(&str, &str)> = ms
        .iter()
        .map(|(k, v)| {
            if k == key {
                seen = true;
                (k.as_str(), value)
            } else {
                (k.as_str(), v.get())
            }
        })
        .collect();
    if !seen {
        out.push((key, value));
    }
    Some(object(out))
}

/// Append `s` as a JSON string.
pub fn push_string(out: &mut String, s: &str) {
    // Serializing a str cannot fail; an empty string stands in if it ever did.
    out.push_str(&serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into()));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_members_at_any_depth_and_number() {
        let deep = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
        let text = format!(r#"{{"a":{{"b":1e400,"c":{deep}}},"a2":"\u0041"}}"#);
        assert_eq!(member(&text, &["a", "b"]).unwrap().get(), "1e400");
        assert_eq!(member(&text, &["a", "c"]).unwrap().get(), deep);
        assert!(member(&text, &["a", "x"]).is_none());
        assert!(member(&text, &["a", "b", "c"]).is_none());
        assert_eq!(member(r#"{"k":1,"k":2}"#, &["k"]).unwrap().get(), "2");
        assert_eq!(elements(&deep[1..deep.len() - 1]).unwrap().len(), 1);
    }

    #[test]
    fn replaces_a_member_keeping_the_rest_as_written() {
        let text = r#"{"z": 1.50 ,"id":7,"q":"a\"b"}"#;
        assert_eq!(
            replace_member(text, "id", r#""n""#).unwrap(),
            r#"{"z":1.50,"id":"n","q":"a\"b"}"#
        );
        assert_eq!(replace_member("{}", "id", "1").unwrap(), r#"{"id":1}"#);
        assert!(replace_member("[1]", "id", "1").is_none());
    }
}
