//! JSON with comments (as Cursor and VS Code users write it): `//` and `/* */` comments and
//! trailing commas are removed outside strings, so the rest parses as plain JSON.

/// The text without comments and trailing commas, and whether anything was removed.
pub fn strip(text: &str) -> (String, bool) {
    let (no_comments, a) = pass(text, true);
    let (plain, b) = pass(&no_comments, false);
    (plain, a || b)
}

/// One pass: remove comments (`comments`), else trailing commas.
fn pass(text: &str, comments: bool) -> (String, bool) {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut changed = false;
    let mut i = 0;
    let mut in_string = false;
    while i < b.len() {
        let c = b[i];
        if in_string {
            if c == b'\\' && i + 1 < b.len() {
                out.push('\\');
                i += 1;
            } else if c == b'"' {
                in_string = false;
            }
            let ch = text[i..].chars().next().expect("a character");
            out.push(ch);
            i += ch.len_utf8();
            continue;
        }
        match (c, b.get(i + 1)) {
            (b'"', _) => {
                in_string = true;
                out.push('"');
                i += 1;
            }
            (b'/', Some(b'/')) if comments => {
                changed = true;
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            (b'/', Some(b'*')) if comments => {
                changed = true;
                i += 2;
                while i < b.len() && !(b[i] == b'*' && b.get(i + 1) == Some(&b'/')) {
                    i += 1;
                }
                i += 2;
            }
            (b',', _) if !comments => {
                let rest = text[i + 1..].trim_start();
                if rest.starts_with('}') || rest.starts_with(']') {
                    changed = true;
                } else {
                    out.push(',');
                }
                i += 1;
            }
            _ => {
                // Copy one UTF-8 character.
                let ch = text[i..].chars().next().expect("a character");
                out.push(ch);
                i += ch.len_utf8();
            }
        }
    }
    (out, changed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_and_trailing_commas_go_strings_stay() {
        let text = "{\n  // a comment\n  \"url\": \"https://x.test/a//b\", /* block */\n  \"s\": \"/* not a comment */\",\n  \"list\": [1, 2,],\n  \"q\": \"say \\\"hi\\\" // still\",\n}\n";
        let (out, changed) = strip(text);
        assert!(changed);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["url"], "https://x.test/a//b");
        assert_eq!(v["s"], "/* not a comment */");
        assert_eq!(v["list"], serde_json::json!([1, 2]));
        assert_eq!(v["q"], "say \"hi\" // still");
        assert_eq!(
            strip("{\"a\": \"é\"}"),
            ("{\"a\": \"é\"}".to_owned(), false)
        );
    }
}
