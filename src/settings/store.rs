//! Where a command keeps credentials: `--store`, resolved into a [`StoreKind`] (none given:
//! the keyring when reachable, else the file: [`crate::store::default`] decides on first use).

use crate::store::StoreKind;

/// The credential store a command was told to use.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StoreSettings {
    /// `--store`; `None`: the default choice.
    pub kind: Option<StoreKind>,
}

impl StoreSettings {
    /// `--store keyring|file|memory` (the parser allows no other value).
    pub fn resolve(store: Option<&str>) -> StoreSettings {
        StoreSettings {
            kind: match store {
                Some("keyring") => Some(StoreKind::Keyring),
                Some("file") => Some(StoreKind::File),
                Some("memory") => Some(StoreKind::Memory),
                _ => None,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn store_names() {
        assert_eq!(
            StoreSettings::resolve(Some("file")).kind,
            Some(StoreKind::File)
        );
        assert_eq!(StoreSettings::resolve(None).kind, None);
    }
}
