//! How a value larger than one keyring entry is kept. Windows caps one secret at 2,560 bytes of
//! UTF-16 (1,280 code units), and token sets with ID tokens exceed that. A split value is
//! stored as chunks `account#g<G>.<i>` and a header entry `account` =
//! `mcp-bridge-chunks:<G>:<N>`. A new value is written under a new generation G, the header
//! last, then the old generation's chunks are removed — so a crash at any point leaves a header
//! that points at complete chunks.
//!
//! Every operation starts by reading the entry at `account`; what follows that read lives
//! here, so that the default store can make that read its test of whether the keyring answers.

use super::KeyringStore;
use crate::store::StoreError;

pub(super) const HEADER: &str = "mcp-bridge-chunks:";

/// `(generation, count)` of a header value.
pub(super) fn parse_header(v: &str) -> Option<(u64, usize)> {
    let rest = v.strip_prefix(HEADER)?;
    let (g, n) = rest.split_once(':')?;
    Some((g.parse().ok()?, n.parse().ok()?))
}

pub(super) fn chunk_account(account: &str, generation: u64, i: usize) -> String {
    format!("{account}#g{generation}.{i}")
}

/// The length Windows stores `value` in: UTF-16 code units (a character outside the Basic
/// Multilingual Plane takes two).
pub(super) fn stored_len(value: &str) -> usize {
    value.encode_utf16().count()
}

/// Split on character boundaries into pieces of at most `size` UTF-16 code units (`size` ≥ 2,
/// so that every character fits).
fn split(value: &str, size: usize) -> Vec<String> {
    let size = size.max(2);
    let mut pieces = Vec::new();
    let mut piece = String::new();
    let mut len = 0;
    for c in value.chars() {
        if len + c.len_utf16() > size {
            pieces.push(std::mem::take(&mut piece));
            len = 0;
        }
        piece.push(c);
        len += c.len_utf16();
    }
    if !piece.is_empty() {
        pieces.push(piece);
    }
    pieces
}

/// The rest of each operation once the entry at `account` has been read (`found`): the
/// default store reads it first to learn whether the keyring answers.
impl KeyringStore {
    pub(in crate::store) fn get_found(
        &self,
        account: &str,
        found: Option<String>,
    ) -> Result<Option<String>, StoreError> {
        let Some(v) = found else {
            return Ok(None);
        };
        let Some((generation, n)) = parse_header(&v) else {
            return Ok(Some(v));
        };
        let mut out = String::new();
        for i in 0..n {
            let part = self
                .raw_get(&chunk_account(account, generation, i))?
                .ok_or_else(|| StoreError::Corrupt {
                    what: format!("the keyring entry for {account}"),
                    detail: format!("piece {i} of {n} is missing"),
                })?;
            out.push_str(&part);
        }
        Ok(Some(out))
    }

    pub(in crate::store) fn set_found(
        &self,
        account: &str,
        value: &str,
        found: Option<String>,
    ) -> Result<(), StoreError> {
        let old = found.as_deref().and_then(parse_header);
        if stored_len(value) <= self.chunk && !value.starts_with(HEADER) {
            self.raw_set(account, value)?;
        } else {
            let generation = old.map(|(g, _)| g + 1).unwrap_or(1);
            let parts = split(value, self.chunk);
            for (i, p) in parts.iter().enumerate() {
                self.raw_set(&chunk_account(account, generation, i), p)?;
            }
            self.raw_set(account, &format!("{HEADER}{generation}:{}", parts.len()))?;
        }
        if let Some((g, n)) = old {
            for i in 0..n {
                let _ = self.raw_remove(&chunk_account(account, g, i));
            }
        }
        Ok(())
    }

    pub(in crate::store) fn remove_found(
        &self,
        account: &str,
        found: Option<String>,
    ) -> Result<bool, StoreError> {
        let existed = self.raw_remove(account)?;
        if let Some((g, n)) = found.as_deref().and_then(parse_header) {
            for i in 0..n {
                let _ = self.raw_remove(&chunk_account(account, g, i));
            }
        }
        Ok(existed)
    }
}

#[cfg(test)]
mod tests {
    use super::super::DEFAULT_CHUNK;
    use super::*;

    #[test]
    fn splitting_respects_characters() {
        assert_eq!(split("abcdé", 2), ["ab", "cd", "é"]);
        assert_eq!(split("", 3), Vec::<String>::new());
        // A key emoji is two UTF-16 code units: Windows' limit counts those, not characters.
        assert_eq!(split("a🔑b🔑🔑", 3), ["a🔑", "b🔑", "🔑"]);
        assert_eq!(split("🔑🔑", 1), ["🔑", "🔑"], "never half a character");
        let big = "🔑".repeat(DEFAULT_CHUNK);
        assert!(
            split(&big, DEFAULT_CHUNK)
                .iter()
                .all(|p| stored_len(p) <= DEFAULT_CHUNK)
        );
        assert_eq!(parse_header("mcp-bridge-chunks:3:7"), Some((3, 7)));
        assert_eq!(parse_header("{\"access_token\":1}"), None);
    }
}
