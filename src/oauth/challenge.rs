//! `WWW-Authenticate` parsing (RFC 9110 §11.6.1): one header may hold several challenges,
//! each a scheme followed by `name=value` parameters whose values may be quoted strings with
//! escapes and spaces. The bridge reads the `Bearer` challenge's `resource_metadata`, `scope`,
//! `error` and `error_description`.

/// One challenge: a scheme and its parameters (names lowercased).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Challenge {
    pub scheme: String,
    pub params: Vec<(String, String)>,
}

impl Challenge {
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// What the bridge needs from a Bearer challenge.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BearerChallenge {
    pub resource_metadata: Option<String>,
    pub scope: Option<String>,
    pub error: Option<String>,
    pub error_description: Option<String>,
}

impl BearerChallenge {
    /// The Bearer challenge in a header value, if there is one.
    pub fn from_header(value: &str) -> Option<BearerChallenge> {
        let c = parse(value)
            .into_iter()
            .find(|c| c.scheme.eq_ignore_ascii_case("bearer"))?;
        let get = |k: &str| c.param(k).map(str::to_owned);
        Some(BearerChallenge {
            resource_metadata: get("resource_metadata"),
            scope: get("scope").filter(|s| !s.trim().is_empty()),
            error: get("error"),
            error_description: get("error_description")
                .map(|d| crate::secret::redact(&d).into_owned()),
        })
    }

    /// What the server said of a token it refused: `error`, and `error_description` quoted,
    /// e.g. `expired_token, "The token expired"`. `None` when it said neither. The description
    /// is the server's text: besides the bridge's own secrets (hidden when it is read), any
    /// word that looks like a credential — another process's code or token, echoed back — is
    /// hidden too ([`hide_token_like`]).
    pub fn refusal(&self) -> Option<String> {
        let described = self
            .error_description
            .as_deref()
            .filter(|d| !d.trim().is_empty())
            .map(|d| format!("\"{}\"", hide_token_like(d.trim())));
        match (self.error.as_deref().filter(|e| !e.is_empty()), described) {
            (Some(e), Some(d)) => Some(format!("{e}, {d}")),
            (Some(e), None) => Some(e.to_owned()),
            (None, Some(d)) => Some(d),
            (None, None) => None,
        }
    }

    pub fn is_insufficient_scope(&self) -> bool {
        self.error.as_deref() == Some("insufficient_scope")
    }
}

/// `text` with every word that looks like a credential replaced by `****`: 16 or more
/// characters of the token alphabet (letters, digits, `-._~+/=`) with a digit among them, not
/// the rest of a URL. Ordinary words, URLs and times are left alone.
pub fn hide_token_like(text: &str) -> String {
    let is_token = |c: char| c.is_ascii_alphanumeric() || "-._~+/=".contains(c);
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        // The rest of a URL after its scheme is no credential.
        if word.len() >= 16 && !word.starts_with("//") && word.chars().any(|c| c.is_ascii_digit()) {
            out.push_str("****");
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    for c in text.chars() {
        if is_token(c) {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// Parse every challenge in a header value. Malformed parts are skipped, never fatal.
pub fn parse(value: &str) -> Vec<Challenge> {
    let mut out: Vec<Challenge> = Vec::new();
    let b = value.as_bytes();
    let mut i = 0;
    while i < b.len() {
        skip(b, &mut i, |c| c == b' ' || c == b'\t' || c == b',');
        let start = i;
        while i < b.len() && is_tchar(b[i]) {
            i += 1;
        }
        if start == i {
            i += 1; // not a token: skip the byte
            continue;
        }
        let token = &value[start..i];
        let mut j = i;
        skip(b, &mut j, |c| c == b' ' || c == b'\t');
        if j < b.len() && b[j] == b'=' && !out.is_empty() && !is_token68_end(b, j) {
            // A parameter of the current challenge.
            j += 1;
            skip(b, &mut j, |c| c == b' ' || c == b'\t');
            let v = if j < b.len() && b[j] == b'"' {
                quoted(value, &mut j)
            } else {
                let vs = j;
                while j < b.len() && b[j] != b',' && b[j] != b' ' && b[j] != b'\t' {
                    j += 1;
                }
                value[vs..j].to_owned()
            };
            i = j;
            if let Some(c) = out.last_mut() {
                c.params.push((token.to_ascii_lowercase(), v));
            }
        } else if j < b.len() && b[j] == b'=' {
            // token68 (e.g. `Basic abc==`): not used by the bridge; skip it.
            while j < b.len() && b[j] == b'=' {
                j += 1;
            }
            i = j;
        } else {
            out.push(Challenge {
                scheme: token.to_owned(),
                params: Vec::new(),
            });
        }
    }
    out
}

/// `=` followed only by more `=`, then a comma or the end: the tail of a token68.
fn is_token68_end(b: &[u8], mut j: usize) -> bool {
    while j < b.len() && b[j] == b'=' {
        j += 1;
    }
    skip(b, &mut j, |c| c == b' ' || c == b'\t');
    j >= b.len() || b[j] == b','
}

fn quoted(s: &str, j: &mut usize) -> String {
    let b = s.as_bytes();
    let mut out = String::new();
    *j += 1; // opening quote
    let mut chars = s[*j..].char_indices();
    while let Some((k, c)) = chars.next() {
        match c {
            '"' => {
                *j += k + 1;
                return out;
            }
            '\\' => {
                if let Some((_, n)) = chars.next() {
                    out.push(n);
                }
            }
            _ => out.push(c),
        }
    }
    *j = b.len();
    out
}

fn skip(b: &[u8], i: &mut usize, pred: impl Fn(u8) -> bool) {
    while *i < b.len() && pred(b[*i]) {
        *i += 1;
    }
}

fn is_tchar(c: u8) -> bool {
    c.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_is_told_without_anything_token_like() {
        let c = BearerChallenge::from_header(
            r#"Bearer error="invalid_token", error_description="token Zk3q9VvLr2.xT8pWm4sNa-Qe7 expired at 12:00:05; see https://auth.example.com/oauth2/v1/help or code-0-b4eda28da417a04a""#,
        )
        .unwrap();
        assert_eq!(
            c.refusal().unwrap(),
            "invalid_token, \"token **** expired at 12:00:05; see https://auth.example.com/oauth2/v1/help or ****\""
        );
        let bare = BearerChallenge::from_header(r#"Bearer error="expired_token""#).unwrap();
        assert_eq!(bare.refusal().unwrap(), "expired_token");
        assert_eq!(BearerChallenge::default().refusal(), None);
    }

    #[test]
    fn reads_a_bearer_challenge() {
        let h = r#"Bearer error="invalid_token", error_description="The access token expired", resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource/mcp", scope="mcp:read mcp:write""#;
        let c = BearerChallenge::from_header(h).unwrap();
        assert_eq!(c.error.as_deref(), Some("invalid_token"));
        assert_eq!(
            c.error_description.as_deref(),
            Some("The access token expired")
        );
        assert_eq!(c.scope.as_deref(), Some("mcp:read mcp:write"));
        assert_eq!(
            c.resource_metadata.as_deref(),
            Some("https://mcp.example.com/.well-known/oauth-protected-resource/mcp")
        );
    }

    #[test]
    fn several_challenges_and_unquoted_values() {
        let h = r#"Basic realm="x", Bearer realm=mcp, scope=files:read, error=insufficient_scope"#;
        let all = parse(h);
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].param("realm"), Some("x"));
        let c = BearerChallenge::from_header(h).unwrap();
        assert_eq!(c.scope.as_deref(), Some("files:read"));
        assert!(c.is_insufficient_scope());
    }

    #[test]
    fn escapes_case_and_garbage() {
        let c = BearerChallenge::from_header(r#"bearer Scope="a \"b\"", error_description="x,y""#)
            .unwrap();
        assert_eq!(c.scope.as_deref(), Some("a \"b\""));
        assert_eq!(c.error_description.as_deref(), Some("x,y"));
        assert!(BearerChallenge::from_header("Basic abc==").is_none());
        assert!(BearerChallenge::from_header("").is_none());
        assert!(BearerChallenge::from_header("Bearer").is_some());
        // Unterminated quotes and stray bytes do not panic.
        let _ = parse("Bearer a=\"unterminated");
        let _ = parse("=,=,\"\"\u{00e9}=");
    }
}
