//! The store used when none is named: the OS keyring when it answers, else the 0600 file store
//! with a warning. The choice is made once, by the first operation itself: its own lookup of
//! the entry tells whether the keyring answers, so a launch that finds its credential asks the
//! keyring once, not a probe first and then the entry.
//!
//! When that first lookup fails, the probe decides as it did before: it fails too → the
//! keyring is unreachable, the file store takes this operation and every later one, and the
//! warning is given once; it answers → only this entry is refused, and the error is returned,
//! the keyring kept. A keyring that answered once and fails later gives errors, never a quiet
//! switch to the file. Concurrent first operations wait for one decision.

use std::sync::{Mutex, OnceLock, PoisonError};

use super::file::FileStore;
use super::keyring::KeyringStore;
use super::{CredentialStore, Dirs, StoreError, StoreKind};

/// Where the fallback warning goes (the command's printer).
pub type Warn = Box<dyn Fn(String) + Send + Sync>;

type Connect = Box<dyn Fn() -> Result<KeyringStore, StoreError> + Send + Sync>;

/// What a lookup of one entry found.
type Found = Result<Option<String>, StoreError>;

pub struct DefaultStore {
    file: FileStore,
    connect: Connect,
    warn: Warn,
    choice: OnceLock<Choice>,
    deciding: Mutex<()>,
}

enum Choice {
    Keyring(KeyringStore),
    File,
}

/// Where an operation goes, with what the keyring holds at its account already read.
enum Use<'a> {
    Keyring(&'a KeyringStore, Option<String>),
    File(&'a FileStore),
}

impl DefaultStore {
    /// Nothing is asked of the keyring until the first operation.
    pub fn new(dirs: &Dirs, warn: Warn) -> DefaultStore {
        DefaultStore::with_keyring(dirs, Box::new(KeyringStore::connect), warn)
    }

    fn with_keyring(dirs: &Dirs, connect: Connect, warn: Warn) -> DefaultStore {
        DefaultStore {
            file: FileStore::new(dirs),
            connect,
            warn,
            choice: OnceLock::new(),
            deciding: Mutex::new(()),
        }
    }

    /// The store for an operation on `account`, deciding on the first one.
    fn settle(&self, account: &str) -> Result<Use<'_>, StoreError> {
        if let Some(choice) = self.choice.get() {
            return self.use_choice(choice, account);
        }
        let deciding = self.deciding.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(choice) = self.choice.get() {
            return self.use_choice(choice, account);
        }
        let (choice, found) = self.decide(Some(account));
        let choice = self.choice.get_or_init(|| choice);
        drop(deciding);
        match (choice, found) {
            (Choice::Keyring(k), Some(found)) => Ok(Use::Keyring(k, found?)),
            (choice, _) => self.use_choice(choice, account),
        }
    }

    fn use_choice<'a>(&'a self, choice: &'a Choice, account: &str) -> Result<Use<'a>, StoreError> {
        Ok(match choice {
            Choice::Keyring(k) => Use::Keyring(k, k.raw_get(account)?),
            Choice::File => Use::File(&self.file),
        })
    }

    /// The choice, made now if no operation made it yet (`location`, `kind`): the probe
    /// decides.
    fn choice(&self) -> &Choice {
        if let Some(choice) = self.choice.get() {
            return choice;
        }
        let _deciding = self.deciding.lock().unwrap_or_else(PoisonError::into_inner);
        self.choice.get_or_init(|| self.decide(None).0)
    }

    /// Try the keyring with the lookup of `account` (or the probe without one); with the
    /// keyring chosen, that lookup's outcome for the operation to go on from.
    fn decide(&self, account: Option<&str>) -> (Choice, Option<Found>) {
        let keyring = match (self.connect)() {
            Ok(k) => k,
            Err(e) => return (self.fall_back(&e), None),
        };
        let found = account.map(|a| keyring.raw_get(a));
        // No lookup yet, or a failed one: the probe tells an unreachable keyring from a
        // refused entry.
        if !matches!(found, Some(Ok(_)))
            && let Err(e) = keyring.probe()
        {
            return (self.fall_back(&e), None);
        }
        (Choice::Keyring(keyring), found)
    }

    fn fall_back(&self, e: &StoreError) -> Choice {
        (self.warn)(format!(
            "no OS keyring reachable ({e}); tokens are kept in {} (mode 0600)",
            self.file.location()
        ));
        Choice::File
    }
}

impl CredentialStore for DefaultStore {
    fn get(&self, account: &str) -> Result<Option<String>, StoreError> {
        match self.settle(account)? {
            Use::Keyring(k, found) => k.get_found(account, found),
            Use::File(f) => f.get(account),
        }
    }

    fn set(&self, account: &str, value: &str) -> Result<(), StoreError> {
        match self.settle(account)? {
            Use::Keyring(k, found) => k.set_found(account, value, found),
            Use::File(f) => f.set(account, value),
        }
    }

    fn remove(&self, account: &str) -> Result<bool, StoreError> {
        match self.settle(account)? {
            Use::Keyring(k, found) => k.remove_found(account, found),
            Use::File(f) => f.remove(account),
        }
    }

    fn location(&self) -> String {
        match self.choice() {
            Choice::Keyring(k) => k.location(),
            Choice::File => self.file.location(),
        }
    }

    fn kind(&self) -> StoreKind {
        match self.choice() {
            Choice::Keyring(_) => StoreKind::Keyring,
            Choice::File => StoreKind::File,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Arc, Barrier};

    use keyring_core::{Entry, Error as KError, mock};

    use super::*;
    use crate::store::SERVICE;

    struct Fixture {
        _dir: tempfile::TempDir,
        dirs: Dirs,
        keyring: Arc<mock::Store>,
        connects: Arc<AtomicUsize>,
        warnings: Arc<Mutex<Vec<String>>>,
    }

    impl Fixture {
        fn new() -> Fixture {
            let dir = tempfile::tempdir().unwrap();
            let dirs = Dirs {
                data: dir.path().to_path_buf(),
                config: dir.path().to_path_buf(),
            };
            Fixture {
                _dir: dir,
                dirs,
                keyring: mock::Store::new().unwrap(),
                connects: Arc::default(),
                warnings: Arc::default(),
            }
        }

        /// A default store over the in-memory keyring, or over none (`reachable` false).
        fn store(&self, reachable: bool) -> DefaultStore {
            let (keyring, connects) = (self.keyring.clone(), self.connects.clone());
            let connect = Box::new(move || {
                connects.fetch_add(1, Ordering::SeqCst);
                // Widen the window in which concurrent first operations meet.
                std::thread::sleep(std::time::Duration::from_millis(20));
                match reachable {
                    true => Ok(KeyringStore::over(keyring.clone())),
                    false => Err(StoreError::KeyringUnavailable("no Secret Service".into())),
                }
            });
            let warnings = self.warnings.clone();
            let warn = Box::new(move |w| warnings.lock().unwrap().push(w));
            DefaultStore::with_keyring(&self.dirs, connect, warn)
        }

        fn warnings(&self) -> Vec<String> {
            self.warnings.lock().unwrap().clone()
        }

        /// The next call on the in-memory keyring's entry `account` fails with `e`.
        fn fail_next(&self, account: &str, e: KError) {
            let store: Arc<keyring_core::CredentialStore> = self.keyring.clone();
            let entry = Entry::new_in_store(&store, SERVICE, account).unwrap();
            let cred: &mock::Cred = entry.as_any().downcast_ref().unwrap();
            cred.set_error(e);
        }

        /// The accounts the in-memory keyring was asked about.
        fn asked(&self) -> Vec<String> {
            let inner = self.keyring.inner.lock().unwrap();
            inner
                .borrow()
                .iter()
                .map(|c| c.specifiers.1.clone())
                .collect()
        }

        fn in_keyring(&self, account: &str) -> Option<String> {
            KeyringStore::over(self.keyring.clone())
                .get(account)
                .unwrap()
        }
    }

    #[test]
    fn without_a_keyring_the_file_store_is_used_with_one_warning() {
        let f = Fixture::new();
        let s = f.store(false);
        assert_eq!(s.get("a").unwrap(), None);
        s.set("a", "secret-a").unwrap();
        assert_eq!(s.get("a").unwrap().as_deref(), Some("secret-a"));
        assert!(s.remove("a").unwrap());
        s.set("b", "secret-b").unwrap();
        let file = FileStore::new(&f.dirs);
        assert_eq!(file.get("b").unwrap().as_deref(), Some("secret-b"));
        assert_eq!((s.kind(), s.location()), (StoreKind::File, file.location()));
        let path = f.dirs.data.join("tokens.json").display().to_string();
        assert_eq!(
            f.warnings(),
            [format!(
                "no OS keyring reachable (the OS keyring is not available: no Secret Service); \
                 tokens are kept in {path} (mode 0600)"
            )]
        );
        assert_eq!(f.connects.load(Ordering::SeqCst), 1, "decided once");
    }

    #[test]
    fn a_keyring_that_answers_is_used_without_a_warning_or_a_probe() {
        let f = Fixture::new();
        let s = f.store(true);
        assert_eq!(s.get("a").unwrap(), None);
        s.set("a", "secret-a").unwrap();
        assert_eq!(f.in_keyring("a").as_deref(), Some("secret-a"));
        assert_eq!(s.get("a").unwrap().as_deref(), Some("secret-a"));
        assert_eq!(
            (s.kind(), s.location()),
            (StoreKind::Keyring, "the test keyring".into())
        );
        assert!(f.warnings().is_empty(), "{:?}", f.warnings());
        assert_eq!(f.asked(), ["a"], "the first lookup was the entry's own");
        assert!(!f.dirs.data.join("tokens.json").exists());
    }

    #[test]
    fn a_keyring_that_fails_the_first_lookup_and_the_probe_is_left_for_the_file() {
        let f = Fixture::new();
        f.fail_next("a", KError::PlatformFailure("no reply".into()));
        f.fail_next(
            "mcp-bridge-probe",
            KError::PlatformFailure("no reply".into()),
        );
        let s = f.store(true);
        s.set("a", "secret-a").unwrap();
        assert_eq!(s.kind(), StoreKind::File);
        assert_eq!(f.in_keyring("a"), None, "nothing went to the keyring");
        assert_eq!(s.get("a").unwrap().as_deref(), Some("secret-a"));
        let w = f.warnings();
        assert!(
            w.len() == 1 && w[0].contains("platform failure: no reply"),
            "{w:?}"
        );
    }

    #[test]
    fn an_entry_the_keyring_refuses_is_an_error_when_the_probe_answers() {
        let f = Fixture::new();
        f.fail_next("a", KError::NoStorageAccess("not yours".into()));
        let s = f.store(true);
        let e = s.get("a").unwrap_err();
        assert!(e.to_string().contains("not yours"), "{e}");
        assert_eq!(
            s.kind(),
            StoreKind::Keyring,
            "the keyring answered the probe"
        );
        assert_eq!(s.get("a").unwrap(), None);
        assert!(f.warnings().is_empty(), "{:?}", f.warnings());
    }

    #[test]
    fn a_keyring_that_fails_after_answering_gives_errors_not_the_file() {
        let f = Fixture::new();
        let s = f.store(true);
        s.set("a", "secret-a").unwrap();
        f.fail_next("a", KError::NoStorageAccess("locked".into()));
        assert!(s.get("a").is_err());
        f.fail_next("b", KError::PlatformFailure("gone".into()));
        assert!(s.set("b", "secret-b").is_err());
        assert_eq!(s.kind(), StoreKind::Keyring);
        assert!(f.warnings().is_empty() && !f.dirs.data.join("tokens.json").exists());
    }

    #[test]
    fn where_tokens_are_kept_is_decided_by_the_probe_before_any_operation() {
        let f = Fixture::new();
        assert_eq!(f.store(true).location(), "the test keyring");
        assert_eq!(f.asked(), ["mcp-bridge-probe"]);
        let s = f.store(false);
        assert_eq!(s.kind(), StoreKind::File);
        assert_eq!(s.get("a").unwrap(), None);
        assert_eq!(f.warnings().len(), 1);
    }

    #[test]
    fn concurrent_first_operations_wait_for_one_decision() {
        for reachable in [false, true] {
            let f = Fixture::new();
            let s = Arc::new(f.store(reachable));
            let start = Arc::new(Barrier::new(8));
            let threads: Vec<_> = (0..8)
                .map(|i| {
                    let (s, start) = (s.clone(), start.clone());
                    std::thread::spawn(move || {
                        start.wait();
                        s.set(&format!("k{i}"), &format!("v{i}")).unwrap();
                    })
                })
                .collect();
            for t in threads {
                t.join().unwrap();
            }
            assert_eq!(
                f.connects.load(Ordering::SeqCst),
                1,
                "reachable={reachable}"
            );
            assert_eq!(f.warnings().len(), usize::from(!reachable));
            for i in 0..8 {
                let v = s.get(&format!("k{i}")).unwrap();
                assert_eq!(v, Some(format!("v{i}")));
                let kept = f.in_keyring(&format!("k{i}")).is_some();
                assert_eq!(kept, reachable, "k{i}");
            }
        }
    }
}
