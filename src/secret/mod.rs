//! Redacting wrappers for secrets: tokens, header values, codes, keys. Their `Debug` and
//! `Display` print `****`, so a secret cannot reach a log line or an error message by accident.
//! Every value wrapped is also remembered by [`redact`], which hides it in text that came from
//! outside (a server that echoes a token back).

pub mod redact;

use std::fmt;

pub use redact::redact;

/// A secret string. Read it with [`Secret::expose`] at the single place it is sent.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        let value = value.into();
        redact::remember(&value);
        Secret(value)
    }

    /// The secret value itself. Call it only where the value leaves the process.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(****)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("****")
    }
}

impl From<String> for Secret {
    fn from(s: String) -> Self {
        Secret::new(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_prints_the_value() {
        let s = Secret::new("tok-123");
        assert_eq!(
            format!("{s} {s:?} {s:#?}"),
            "**** Secret(****) Secret(****)"
        );
        assert_eq!(s.expose(), "tok-123");
    }
}
