//! What is kept between runs besides tokens. Client registrations: the non-secret part (client id, method, redirect
//! URI) in the state file, per server and authorization server; a client secret, if the
//! registration has one, in the credential store beside the tokens. What discovery found, so
//! that a refresh needs no discovery. And the server's last
//! `initialize` result, used to answer a host that is waiting on a slow sign-in. And, per
//! origin, which protocol era the server speaks.

use std::sync::Arc;

use tracing::warn;

use crate::oauth::registration::{ClientRegistration, RegistrationStore, Source};
use crate::oauth::token::AuthMethod;
use crate::store::{self, CredentialStore, ServerKey, StateFile};

pub struct StateRegistrations {
    state: Arc<StateFile>,
    secrets: Arc<dyn CredentialStore>,
    key: ServerKey,
}

impl StateRegistrations {
    pub fn new(state: Arc<StateFile>, secrets: Arc<dyn CredentialStore>, key: ServerKey) -> Self {
        StateRegistrations {
            state,
            secrets,
            key,
        }
    }
}

/// The credential-store label of an unbound registration's secret.
const UNBOUND: &str = "";

impl StateRegistrations {
    /// Keep a registration whose authorization server is not known yet: the first issuer
    /// [`RegistrationStore::load`] is asked for takes it.
    pub fn save_unbound(&self, reg: &ClientRegistration) {
        if let Some(secret) = &reg.client_secret
            && let Err(e) = self.secrets.save_client_secret(&self.key, UNBOUND, secret)
        {
            warn!(error = %e, "cannot store the client secret");
        }
        let entry = record(reg);
        if let Err(e) = self.state.update(&self.key, |st| {
            st.unbound_registration = Some(entry);
        }) {
            warn!(error = %e, "cannot save the client registration");
        }
    }

    /// Bind the unbound registration, if there is one, to `issuer`.
    fn bind(&self, issuer: &str) -> Option<store::ClientRegistration> {
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

fn record(reg: &ClientRegistration) -> store::ClientRegistration {
    store::ClientRegistration {
        client_id: reg.client_id.clone(),
        redirect_uri: reg.redirect_uri.clone(),
        token_endpoint_auth_method: reg.method.as_str().to_owned(),
        registered_at: crate::credential::manager::now(),
        source: match reg.source {
            Source::Static => "static",
            Source::Cimd => "cimd",
            Source::Dcr => "dcr",
        }
        .to_owned(),
    }
}

impl RegistrationStore for StateRegistrations {
    fn load(&self, issuer: &str) -> Option<ClientRegistration> {
        let st = self.state.get(&self.key).ok()?;
        let r = match st.registrations.get(issuer) {
            Some(r) => r.clone(),
            None if !issuer.is_empty() && st.unbound_registration.is_some() => self.bind(issuer)?,
            None => return None,
        };
        let secret = self
            .secrets
            .load_client_secret(&self.key, issuer)
            .ok()
            .flatten();
        Some(ClientRegistration {
            client_id: r.client_id.clone(),
            client_secret: secret,
            method: AuthMethod::parse(&r.token_endpoint_auth_method),
            redirect_uri: r.redirect_uri.clone(),
            source: match r.source.as_str() {
                "static" => Source::Static,
                "cimd" => Source::Cimd,
                _ => Source::Dcr,
            },
        })
    }

    fn save(&self, issuer: &str, reg: &ClientRegistration) {
        if let Some(secret) = &reg.client_secret
            && let Err(e) = self.secrets.save_client_secret(&self.key, issuer, secret)
        {
            warn!(error = %e, "cannot store the client secret");
        }
        let entry = record(reg);
        if let Err(e) = self.state.update(&self.key, |st| {
            st.registrations.insert(issuer.to_owned(), entry);
        }) {
            warn!(error = %e, "cannot save the client registration");
        }
    }

    fn forget(&self, issuer: &str) {
        let _ = self.secrets.delete_client_secret(&self.key, issuer);
        let _ = self.state.update(&self.key, |st| {
            st.registrations.remove(issuer);
        });
    }

    fn load_discovered(&self) -> Option<serde_json::Value> {
        self.state.get(&self.key).ok()?.discovered
    }

    fn save_discovered(&self, found: Option<&serde_json::Value>) {
        if let Err(e) = self.state.update(&self.key, |st| {
            st.discovered = found.cloned();
        }) {
            warn!(error = %e, "cannot remember what discovery found");
        }
    }
}

/// The server's last `initialize` result, in the state file.
/// The file is written only when the result differs from the one stored (nearly every launch
/// gets the same one), and the last result read or written is kept to compare with.
pub struct StateHandshake {
    state: Arc<StateFile>,
    key: ServerKey,
    known: std::sync::Mutex<Option<serde_json::Value>>,
}

impl StateHandshake {
    pub fn new(state: Arc<StateFile>, key: ServerKey) -> Self {
        StateHandshake {
            state,
            key,
            known: Default::default(),
        }
    }

    fn known(&self) -> std::sync::MutexGuard<'_, Option<serde_json::Value>> {
        self.known.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl crate::proxy::HandshakeCache for StateHandshake {
    fn load(&self) -> Option<serde_json::Value> {
        let result = self.state.get(&self.key).ok()?.last_initialize_result;
        self.known().clone_from(&result);
        result
    }

    fn save(&self, result: &serde_json::Value) {
        let mut known = self.known();
        if known.as_ref() == Some(result) {
            return;
        }
        let written = self.state.update_if_changed(&self.key, |st| {
            if st.last_initialize_result.as_ref() == Some(result) {
                return false;
            }
            st.last_initialize_result = Some(result.clone());
            true
        });
        match written {
            Ok(_) => *known = Some(result.clone()),
            Err(e) => warn!(error = %e, "cannot remember the initialize result"),
        }
    }
}

/// What a server's origin speaks ([`crate::proxy::ServerEra`]), in the state file.
pub struct StateEras {
    state: Arc<StateFile>,
    origin: String,
}

impl StateEras {
    pub fn new(state: Arc<StateFile>, url: &url::Url) -> Self {
        StateEras {
            state,
            origin: url.origin().ascii_serialization(),
        }
    }
}

impl crate::proxy::EraCache for StateEras {
    fn load(&self) -> Option<crate::proxy::ServerEra> {
        let era = self.state.origin_era(&self.origin).ok()??;
        crate::proxy::ServerEra::parse(&era)
    }

    fn save(&self, era: crate::proxy::ServerEra) {
        if let Err(e) = self.state.set_origin_era(&self.origin, era.as_str()) {
            warn!(error = %e, "cannot remember the protocol era");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::Secret;

    #[test]
    fn an_unbound_registration_goes_to_the_first_issuer_asked_for() {
        let dir = tempfile::tempdir().unwrap();
        let dirs = store::Dirs {
            data: dir.path().to_path_buf(),
            config: dir.path().to_path_buf(),
        };
        let state = Arc::new(StateFile::open(&dirs).unwrap());
        let secrets: Arc<dyn CredentialStore> = Arc::new(store::memory::MemoryStore::default());
        let key = ServerKey::from_stored("https://m.test/mcp");
        let regs = StateRegistrations::new(state.clone(), secrets, key.clone());
        regs.save_unbound(&ClientRegistration {
            client_id: "c-7".into(),
            client_secret: Some(Secret::new("s".to_owned())),
            method: AuthMethod::Post,
            redirect_uri: Some("http://localhost:7331/oauth/callback".into()),
            source: Source::Dcr,
        });
        assert!(regs.load("").is_none(), "never filed under an empty issuer");
        let got = regs.load("https://as.test").unwrap();
        assert_eq!(got.client_id, "c-7");
        assert_eq!(got.client_secret.unwrap().expose(), "s");
        let st = state.get(&key).unwrap();
        assert!(st.unbound_registration.is_none());
        assert_eq!(
            st.registrations.keys().collect::<Vec<_>>(),
            ["https://as.test"]
        );
        assert!(regs.load("https://other.test").is_none(), "bound once");
    }
}
