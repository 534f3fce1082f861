//! The file store: `tokens.json` in the data directory, mode 0600, used when no OS keyring is
//! reachable or with `--store file`. Every change is a locked read-modify-write followed by an
//! atomic replace, so concurrent bridges never lose each other's entries. A file that cannot be
//! parsed is reported and never overwritten.

use std::path::PathBuf;

use serde_json::{Map, Value};

use super::lock::ServerLock;
use super::{CredentialStore, Dirs, StoreError, StoreKind};
use crate::files;

pub struct FileStore {
    dirs: Dirs,
    path: PathBuf,
}

impl FileStore {
    pub fn new(dirs: &Dirs) -> FileStore {
        FileStore {
            dirs: dirs.clone(),
            path: dirs.data.join("tokens.json"),
        }
    }

    fn read(&self) -> Result<Map<String, Value>, StoreError> {
        let Some(bytes) = files::read(&self.path).map_err(|e| StoreError::io(&self.path, e))?
        else {
            return Ok(Map::new());
        };
        let v: Value = serde_json::from_slice(&bytes).map_err(|e| StoreError::Corrupt {
            what: self.path.display().to_string(),
            detail: format!("line {}, column {}", e.line(), e.column()),
        })?;
        match v {
            Value::Object(mut m) => Ok(match m.remove("entries") {
                Some(Value::Object(e)) => e,
                _ => Map::new(),
            }),
            _ => Err(StoreError::Corrupt {
                what: self.path.display().to_string(),
                detail: "not a JSON object".into(),
            }),
        }
    }

    fn modify<T>(&self, f: impl FnOnce(&mut Map<String, Value>) -> T) -> Result<T, StoreError> {
        let _lock = ServerLock::files(&self.dirs)?;
        let mut entries = self.read()?;
        let out = f(&mut entries);
        let doc = serde_json::json!({ "version": 1, "entries": entries });
        self.dirs.ensure_private()?;
        files::replace(
            &self.path,
            serde_json::to_string_pretty(&doc).expect("JSON").as_bytes(),
            files::Target::Private,
        )
        .map_err(|e| StoreError::io(&self.path, e))?;
        Ok(out)
    }
}

impl CredentialStore for FileStore {
    fn get(&self, account: &str) -> Result<Option<String>, StoreError> {
        Ok(self.read()?.get(account).map(|v| match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        }))
    }

    fn set(&self, account: &str, value: &str) -> Result<(), StoreError> {
        // Token sets are kept as JSON objects, so the file stays readable.
        let v = serde_json::from_str::<Value>(value)
            .ok()
            .filter(Value::is_object)
            .unwrap_or_else(|| Value::String(value.to_owned()));
        self.modify(|m| {
            m.insert(account.to_owned(), v);
        })
    }

    fn remove(&self, account: &str) -> Result<bool, StoreError> {
        if !self.path.exists() {
            return Ok(false);
        }
        self.modify(|m| m.remove(account).is_some())
    }

    fn location(&self) -> String {
        self.path.display().to_string()
    }

    fn kind(&self) -> StoreKind {
        StoreKind::File
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::Secret;
    use crate::store::{ServerKey, TokenSet};

    fn store(dir: &std::path::Path) -> FileStore {
        FileStore::new(&Dirs {
            data: dir.to_path_buf(),
            config: dir.to_path_buf(),
        })
    }

    fn tokens(at: &str) -> TokenSet {
        TokenSet {
            access_token: Secret::new(at),
            refresh_token: Some(Secret::new("rt")),
            id_token: None,
            token_type: "Bearer".into(),
            expires_at: None,
            scope: None,
            issuer: "https://as.test".into(),
            client_id: None,
            resource: None,
            obtained_at: 0,
        }
    }

    #[test]
    fn round_trips_tokens_and_client_secrets() {
        let dir = tempfile::tempdir().unwrap();
        let s = store(dir.path());
        let k = ServerKey::from_stored("https://a.test/mcp");
        assert!(s.load(&k).unwrap().is_none());
        s.save(&k, &tokens("at-1")).unwrap();
        s.save_client_secret(&k, "https://as.test", &Secret::new("cs"))
            .unwrap();
        assert_eq!(s.load(&k).unwrap().unwrap().access_token.expose(), "at-1");
        assert_eq!(
            s.load_client_secret(&k, "https://as.test")
                .unwrap()
                .unwrap()
                .expose(),
            "cs"
        );
        assert!(s.delete(&k).unwrap());
        assert!(!s.delete(&k).unwrap());
        assert!(
            s.load_client_secret(&k, "https://as.test")
                .unwrap()
                .is_some(),
            "only the tokens went"
        );
    }

    #[test]
    fn a_corrupt_file_is_reported_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("tokens.json"), b"{ broken").unwrap();
        let s = store(dir.path());
        let k = ServerKey::from_stored("https://a.test/mcp");
        assert!(matches!(s.load(&k), Err(StoreError::Corrupt { .. })));
        assert!(s.save(&k, &tokens("x")).is_err());
        assert_eq!(
            std::fs::read(dir.path().join("tokens.json")).unwrap(),
            b"{ broken"
        );
    }

    #[test]
    fn concurrent_writers_lose_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().to_path_buf();
        let threads: Vec<_> = (0..8)
            .map(|i| {
                let p = path.clone();
                std::thread::spawn(move || {
                    let s = store(&p);
                    for j in 0..10 {
                        let k = ServerKey::from_stored(&format!("https://s{i}.test/{j}"));
                        s.save(&k, &tokens(&format!("at-{i}-{j}"))).unwrap();
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        let s = store(&path);
        for i in 0..8 {
            for j in 0..10 {
                let k = ServerKey::from_stored(&format!("https://s{i}.test/{j}"));
                assert_eq!(
                    s.load(&k).unwrap().unwrap().access_token.expose(),
                    format!("at-{i}-{j}")
                );
            }
        }
    }
}
