//! What every command that signs in to a server needs, built from its settings: the checked
//! URL, the server key, the credential store and state file, the network settings, the
//! authorizer and the credential manager.

use std::sync::Arc;

use anyhow::Context as _;
use url::Url;

use super::CredentialManager;
use crate::oauth::Authorizer;
use crate::printer::Printer;
use crate::settings::{AuthSettings, NetworkSettings, StoreSettings};
use crate::store::state::StateRegistrations;
use crate::store::{self, CredentialStore, Dirs, ServerKey, StateFile};
use crate::transport::BearerSlot;
use crate::transport::http_client::{self, Purpose, check_server_url};

pub struct ServerContext {
    pub url: Url,
    pub key: ServerKey,
    pub dirs: Dirs,
    pub store: Arc<dyn CredentialStore>,
    pub state: Arc<StateFile>,
    pub manager: Arc<CredentialManager>,
    pub bearer: BearerSlot,
    /// The command's network settings, for any other client it needs ([`Self::client`]).
    pub network: NetworkSettings,
}

/// Open the stores. The default store warns on stderr, when it first finds the keyring not
/// reachable.
pub fn open_stores(
    settings: StoreSettings,
    printer: &Printer,
) -> anyhow::Result<(Dirs, Arc<dyn CredentialStore>, Arc<StateFile>)> {
    let dirs = Dirs::from_env().context("cannot find a data directory")?;
    // Machine policy: `store = "keyring"` means the keyring or nothing.
    let kind = crate::policy::enforce::store_kind(&crate::policy::load()?, settings.kind)?;
    let store: Arc<dyn CredentialStore> = match kind {
        Some(kind) => Arc::from(store::open_store(kind, &dirs)?),
        None => {
            let printer = *printer;
            let warn = Box::new(move |w| printer.warn(w));
            Arc::new(store::default::DefaultStore::new(&dirs, warn))
        }
    };
    let state = Arc::new(StateFile::open(&dirs)?);
    Ok((dirs, store, state))
}

impl ServerContext {
    pub fn new(
        raw_url: &str,
        allow_http: bool,
        auth: &AuthSettings,
        store: StoreSettings,
        network: &NetworkSettings,
        printer: Printer,
    ) -> anyhow::Result<ServerContext> {
        let url = check_server_url(raw_url, allow_http)?;
        let key = ServerKey::from_url(&url);
        let (dirs, store, state) = open_stores(store, &printer)?;
        // The OAuth client never follows redirects: answers are read as they are.
        let http = http_client::build(network, Purpose::OAuth)?;
        let registrations = Arc::new(StateRegistrations::new(
            state.clone(),
            store.clone(),
            key.clone(),
        ));
        let authorizer = Authorizer::new(http, url.clone(), auth.clone(), registrations, printer);
        let bearer = BearerSlot::default();
        let manager = Arc::new(CredentialManager::new(
            key.clone(),
            store.clone(),
            state.clone(),
            dirs.clone(),
            authorizer,
            bearer.clone(),
            auth.auth_timeout,
            printer,
        ));
        Ok(ServerContext {
            url,
            key,
            dirs,
            store,
            state,
            manager,
            bearer,
            network: network.clone(),
        })
    }

    /// Another client with the command's network settings (a probe, a service token check).
    pub fn client(&self, purpose: Purpose) -> anyhow::Result<reqwest::Client> {
        Ok(http_client::build(&self.network, purpose)?)
    }

    /// The client registration tokens from `issuer` were issued to.
    pub fn manager_client(
        &self,
        issuer: &str,
        client_id: &str,
    ) -> Option<crate::oauth::registration::ClientRegistration> {
        self.manager.authorizer().known_client(issuer, client_id)
    }
}
