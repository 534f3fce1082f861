//! Recognising the bridge's own secrets in text that came from elsewhere.
//!
//! An authorization server may echo a request back in `error_description` ("refresh token R…
//! is not valid"), a WAF may quote the `Authorization` header in its HTML page, a server may
//! put a header value in its error message. The [`Secret`](super::Secret) type keeps the bridge
//! from printing a secret by accident, but text from outside is a plain string. So every secret
//! value the process holds is remembered here ([`remember`], called by `Secret::new` and by the
//! few places that hold a secret outside that type: header values, the Access service token),
//! and [`redact`] replaces it in any text before the text is shown or logged.
//!
//! The rule, for text of any origin:
//! - a remembered secret that appears whole is replaced by `****`;
//! - so is any run of [`WINDOW`] (8) or more characters that also appears in one of them, for
//!   a server that echoes only part of a token (a prefix, a truncated value);
//! - values shorter than [`MIN_LEN`] (6) characters are not remembered: no real credential is
//!   that short, and replacing them would garble ordinary words;
//! - the form-urlencoded spelling of a secret (as a server echoing a request body would quote
//!   it) is remembered with it.
//!
//! The registry keeps the most recent [`CAPACITY`] values: a bridge that runs for weeks and
//! refreshes every hour does not grow without bound, and the oldest values are long dead.

use std::borrow::Cow;
use std::collections::{HashSet, VecDeque};
use std::sync::{LazyLock, RwLock};

/// The shortest value worth remembering.
pub const MIN_LEN: usize = 6;
/// The shortest part of a secret that is recognised on its own.
pub const WINDOW: usize = 8;
/// How many values are remembered at most.
pub const CAPACITY: usize = 256;

const MASK: &str = "****";

#[derive(Default)]
struct Registry {
    /// Remembered values, oldest first.
    values: VecDeque<String>,
    known: HashSet<String>,
    /// Every WINDOW-byte run of every value at least WINDOW long.
    windows: HashSet<[u8; WINDOW]>,
    /// Values shorter than WINDOW: recognised whole only.
    short: Vec<String>,
}

impl Registry {
    fn add(&mut self, value: &str) {
        if value.len() < MIN_LEN || self.known.contains(value) {
            return;
        }
        if self.values.len() >= CAPACITY {
            let old = self.values.pop_front().expect("not empty");
            self.known.remove(&old);
            self.rebuild();
        }
        self.values.push_back(value.to_owned());
        self.known.insert(value.to_owned());
        self.index(value);
    }

    fn index(&mut self, value: &str) {
        if value.len() < WINDOW {
            self.short.push(value.to_owned());
        } else {
            for w in value.as_bytes().windows(WINDOW) {
                self.windows.insert(w.try_into().expect("WINDOW bytes"));
            }
        }
    }

    fn rebuild(&mut self) {
        self.windows.clear();
        self.short.clear();
        let values: Vec<String> = self.values.iter().cloned().collect();
        for v in &values {
            self.index(v);
        }
    }
}

static REGISTRY: LazyLock<RwLock<Registry>> = LazyLock::new(Default::default);

/// Remember a secret value, so that [`redact`] hides it (and any 8-character part of it).
pub fn remember(value: &str) {
    let value = value.trim();
    if value.len() < MIN_LEN {
        return;
    }
    let encoded: String = url::form_urlencoded::byte_serialize(value.as_bytes()).collect();
    let mut reg = REGISTRY.write().unwrap_or_else(|e| e.into_inner());
    reg.add(value);
    if encoded != value {
        reg.add(&encoded);
    }
}

/// Remember the secret parts of a header value: every word but a leading auth scheme
/// (`Bearer`, `Basic`, …), which is no secret and would otherwise hide every challenge.
pub fn remember_header_value(value: &str) {
    let words: Vec<&str> = value.split_whitespace().collect();
    for (i, w) in words.iter().enumerate() {
        let scheme = i == 0
            && words.len() > 1
            && matches!(
                w.to_ascii_lowercase().as_str(),
                "bearer" | "basic" | "token" | "dpop" | "digest"
            );
        if !scheme {
            remember(w);
        }
    }
}

/// `text` with every remembered secret, and every run of 8 or more characters of one,
/// replaced by `****`.
pub fn redact(text: &str) -> Cow<'_, str> {
    let reg = REGISTRY.read().unwrap_or_else(|e| e.into_inner());
    if reg.values.is_empty() {
        return Cow::Borrowed(text);
    }
    let bytes = text.as_bytes();
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    if !reg.windows.is_empty() {
        for (i, w) in bytes.windows(WINDOW).enumerate() {
            if reg.windows.contains(w) {
                push_range(&mut ranges, i, i + WINDOW);
            }
        }
    }
    for s in &reg.short {
        for (i, _) in text.match_indices(s.as_str()) {
            push_range(&mut ranges, i, i + s.len());
        }
    }
    drop(reg);
    if ranges.is_empty() {
        return Cow::Borrowed(text);
    }
    ranges.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(ranges.len());
    for (start, end) in ranges {
        // Whole characters only.
        let (start, end) = (floor_char(text, start), ceil_char(text, end));
        match merged.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => merged.push((start, end)),
        }
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (start, end) in merged {
        out.push_str(&text[at..start]);
        out.push_str(MASK);
        at = end;
    }
    out.push_str(&text[at..]);
    Cow::Owned(out)
}

/// Add `start..end`, merged with the last range when they overlap (windows come in order).
fn push_range(ranges: &mut Vec<(usize, usize)>, start: usize, end: usize) {
    if let Some(last) = ranges.last_mut()
        && start >= last.0
        && start <= last.1
    {
        last.1 = last.1.max(end);
        return;
    }
    ranges.push((start, end));
}

fn floor_char(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_char(s: &str, mut i: usize) -> usize {
    while i < s.len() && !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    // The registry is process-wide: each test uses values of its own.

    #[test]
    fn a_secret_is_hidden_whole_and_in_part() {
        remember("rt-7d1c0e9a4b2f48f6a3d5");
        let echo = "invalid_grant: refresh token rt-7d1c0e9a4b2f48f6a3d5 is not valid";
        assert_eq!(
            redact(echo),
            "invalid_grant: refresh token **** is not valid"
        );
        // A server that echoes only the first 12 characters, or a truncated tail.
        assert_eq!(redact("token rt-7d1c0e9a4… bad"), "token ****… bad");
        assert_eq!(redact("…a3d5 ends 0e9a4b2f48f6"), "…a3d5 ends ****");
        // Fewer than 8 characters in a row are left alone.
        assert_eq!(redact("rt-7d1c0 no"), "**** no");
        assert_eq!(redact("rt-7d1c no"), "rt-7d1c no");
    }

    #[test]
    fn the_form_encoded_spelling_is_hidden_too() {
        remember("cs+/secret=value==");
        let body = "client_id=c&client_secret=cs%2B%2Fsecret%3Dvalue%3D%3D&grant_type=x";
        let out = redact(body);
        assert!(!out.contains("secret%3Dvalue"), "{out}");
        assert!(out.starts_with("client_id=c&client_secret=****"), "{out}");
    }

    #[test]
    fn short_values_whole_only_and_tiny_ones_not_at_all() {
        remember("q7z9w2");
        remember("abc");
        assert_eq!(redact("code q7z9w2 used"), "code **** used");
        assert_eq!(redact("abc abc"), "abc abc");
    }

    #[test]
    fn header_values_keep_their_scheme() {
        remember_header_value("Bearer hv-5f0a9c1e77d24b3c");
        assert_eq!(
            redact("Bearer realm=\"x\"; got hv-5f0a9c1e77d24b3c"),
            "Bearer realm=\"x\"; got ****"
        );
    }

    #[test]
    fn multibyte_text_is_cut_on_character_boundaries() {
        remember("émile-secret-ü-42");
        let out = redact("é: émile-secret-ü-42 ü");
        assert_eq!(out, "é: **** ü");
    }

    #[test]
    fn text_without_secrets_is_borrowed() {
        remember("zz-untouched-value-1");
        assert!(matches!(redact("nothing here"), Cow::Borrowed(_)));
    }
}
