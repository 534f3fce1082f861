//! The in-memory store (`--store memory`): nothing outlives the process.

use std::collections::HashMap;
use std::sync::Mutex;

use super::{CredentialStore, StoreError, StoreKind};

#[derive(Default)]
pub struct MemoryStore(Mutex<HashMap<String, String>>);

impl CredentialStore for MemoryStore {
    fn get(&self, account: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(account)
            .cloned())
    }
    fn set(&self, account: &str, value: &str) -> Result<(), StoreError> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(account.to_owned(), value.to_owned());
        Ok(())
    }
    fn remove(&self, account: &str) -> Result<bool, StoreError> {
        Ok(self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .remove(account)
            .is_some())
    }
    fn location(&self) -> String {
        "memory (gone when the process ends)".into()
    }
    fn kind(&self) -> StoreKind {
        StoreKind::Memory
    }
}
