//! One server's client registrations as they are kept: the non-secret record (client id,
//! method, redirect URI) in the state file, per authorization server; a client secret, if the
//! registration has one, in the credential store beside the tokens. And what discovery found,
//! so that a refresh needs no discovery. The sign-in's own registration type is converted to
//! and from [`KeptRegistration`] by the sign-in (`crate::oauth::registration`).

use std::sync::Arc;

use serde_json::Value;
use tracing::warn;

use super::{ClientRegistration, StateFile};
use crate::secret::Secret;
use crate::store::{CredentialStore, ServerKey};

/// A registration as kept: its record and its secret.
#[derive(Clone, Debug)]
pub struct KeptRegistration {
    pub record: ClientRegistration,
    pub secret: Option<Secret>,
}

/// One server's registrations in the state file and the credential store.
pub struct StateRegistrations {
    state: Arc<StateFile>,
    secrets: Arc<dyn CredentialStore>,
    key: ServerKey,
}

/// The credential-store label of an unbound registration's secret.
const UNBOUND: &str = "";

impl StateRegistrations {
    pub fn new(state: Arc<StateFile>, secrets: Arc<dyn CredentialStore>, key: ServerKey) -> Self {
        StateRegistrations {
            state,
            secrets,
            key,
        }
    }

    /// The registration kept for `issuer`. An unbound one (see [`Self::put_unbound`]) is
    /// bound to the first issuer asked for, never to the empty one.
    pub fn get(&self, issuer: &str) -> Option<KeptRegistration> {
        let st = self.state.get(&self.key).ok()?;
        let record = match st.registrations.get(issuer) {
            Some(r) => r.clone(),
            None if !issuer.is_empty() && st.unbound_registration.is_some() => self.bind(issuer)?,
            None => return None,
        };
        let secret = self
            .secrets
            .load_client_secret(&self.key, issuer)
            .ok()
            .flatten();
        Some(KeptRegistration { record, secret })
    }

    /// Keep the registration for `issuer` (a failure is logged: the sign-in goes on).
    pub fn put(&self, issuer: &str, reg: &KeptRegistration) {
        if let Some(secret) = &reg.secret
            && let Err(e) = self.secrets.save_client_secret(&self.key, issuer, secret)
        {
            warn!(error = %e, "cannot store the client secret");
        }
        let record = reg.record.clone();
        if let Err(e) = self.state.update(&self.key, |st| {
            st.registrations.insert(issuer.to_owned(), record);
        }) {
            warn!(error = %e, "cannot save the client registration");
        }
    }

    /// Keep a registration whose authorization server is not known yet: the first issuer
    /// [`Self::get`] is asked for takes it.
    pub fn put_unbound(&self, reg: &KeptRegistration) {
        if let Some(secret) = &reg.secret
            && let Err(e) = self.secrets.save_client_secret(&self.key, UNBOUND, secret)
        {
            warn!(error = %e, "cannot store the client secret");
        }
        let record = reg.record.clone();
        if let Err(e) = self.state.update(&self.key, |st| {
            st.unbound_registration = Some(record);
        }) {
            warn!(error = %e, "cannot save the client registration");
        }
    }

    /// Forget the registration for `issuer`, and its secret.
    pub fn remove(&self, issuer: &str) {
        let _ = self.secrets.delete_client_secret(&self.key, issuer);
        let _ = self.state.update(&self.key, |st| {
            st.registrations.remove(issuer);
        });
    }

    /// What discovery found last, as kept.
    pub fn discovered(&self) -> Option<Value> {
        self.state.get(&self.key).ok()?.discovered
    }

    /// Keep what discovery found (`None`: forget it).
    pub fn set_discovered(&self, found: Option<&Value>) {
        if let Err(e) = self.state.update(&self.key, |st| {
            st.discovered = found.cloned();
        }) {
            warn!(error = %e, "cannot remember what discovery found");
        }
    }

    /// Bind the unbound registration, if there is one, to `issuer`.
    fn bind(&self, issuer: &str) -> Option<ClientRegistration> {
        let mut bound = None;
        self.state
            .update(&self.key, |st| {
                if let Some(r) = st.unbound_registration.take() {
                    st.registrations.insert(issuer.to_owned(), r.clone());
                    bound = Some(r);
                }
            })
            .ok()?;
        let r = bound?;
        if let Ok(Some(secret)) = self.secrets.load_client_secret(&self.key, UNBOUND) {
            let _ = self.secrets.save_client_secret(&self.key, issuer, &secret);
            let _ = self.secrets.delete_client_secret(&self.key, UNBOUND);
        }
        tracing::info!(issuer, client_id = %r.client_id, "the imported client registration belongs to this authorization server");
        Some(r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Dirs, memory::MemoryStore};

    /// A state file in a fresh directory, a memory store for the secrets, and a server.
    fn fixture() -> (
        tempfile::TempDir,
        Arc<StateFile>,
        Arc<dyn CredentialStore>,
        ServerKey,
    ) {
        let dir = tempfile::tempdir().unwrap();
        let dirs = Dirs {
            data: dir.path().to_path_buf(),
            config: dir.path().to_path_buf(),
        };
        let state = Arc::new(StateFile::open(&dirs).unwrap());
        let secrets: Arc<dyn CredentialStore> = Arc::new(MemoryStore::default());
        (
            dir,
            state,
            secrets,
            ServerKey::from_stored("https://m.test/mcp"),
        )
    }

    #[test]
    fn an_unbound_registration_goes_to_the_first_issuer_asked_for() {
        let (_dir, state, secrets, key) = fixture();
        let regs = StateRegistrations::new(state.clone(), secrets, key.clone());
        regs.put_unbound(&KeptRegistration {
            record: ClientRegistration {
                client_id: "c-7".into(),
                redirect_uri: Some("http://localhost:7331/oauth/callback".into()),
                token_endpoint_auth_method: "client_secret_post".into(),
                registered_at: 1,
                source: "dcr".into(),
            },
            secret: Some(Secret::new("s".to_owned())),
        });
        assert!(regs.get("").is_none(), "never filed under an empty issuer");
        let got = regs.get("https://as.test").unwrap();
        assert_eq!(got.record.client_id, "c-7");
        assert_eq!(got.secret.unwrap().expose(), "s");
        let st = state.get(&key).unwrap();
        assert!(st.unbound_registration.is_none());
        assert_eq!(
            st.registrations.keys().collect::<Vec<_>>(),
            ["https://as.test"]
        );
        assert!(regs.get("https://other.test").is_none(), "bound once");
    }

    #[test]
    fn a_registration_is_kept_forgotten_and_its_secret_with_it() {
        let (_dir, state, secrets, key) = fixture();
        let regs = StateRegistrations::new(state, secrets.clone(), key.clone());
        let kept = KeptRegistration {
            record: ClientRegistration {
                client_id: "c-1".into(),
                ..ClientRegistration::default()
            },
            secret: Some(Secret::new("s-1".to_owned())),
        };
        regs.put("https://as.test", &kept);
        assert_eq!(regs.get("https://as.test").unwrap().record.client_id, "c-1");
        regs.remove("https://as.test");
        assert!(regs.get("https://as.test").is_none());
        assert!(
            secrets
                .load_client_secret(&key, "https://as.test")
                .unwrap()
                .is_none()
        );
    }
}
