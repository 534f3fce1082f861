//! What every command that signs in to a server needs: the checked URL, the server key, the
//! credential store and state file, the network settings, the authorizer and the credential
//! manager.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use url::Url;

use crate::cli::AuthArgs;
use crate::credential::{CredentialManager, StateRegistrations};
use crate::oauth::Authorizer;
use crate::printer::Printer;
use crate::store::{self, CredentialStore, Dirs, ServerKey, StateFile, StoreKind};
use crate::transport::BearerSlot;
use crate::transport::http_client::{self, Network, Purpose, check_server_url};

pub struct ServerContext {
    pub url: Url,
    pub key: ServerKey,
    pub dirs: Dirs,
    pub store: Arc<dyn CredentialStore>,
    pub state: Arc<StateFile>,
    pub manager: Arc<CredentialManager>,
    pub bearer: BearerSlot,
    /// The command's network settings, for any other client it needs ([`Self::client`]).
    pub network: Network,
}

/// Parse `--store`.
pub fn store_kind(s: Option<&str>) -> Option<StoreKind> {
    match s {
        Some("keyring") => Some(StoreKind::Keyring),
        Some("file") => Some(StoreKind::File),
        Some("memory") => Some(StoreKind::Memory),
        _ => None,
    }
}

/// Say which of the given mcp-remote flags the bridge accepts but does not act on.
pub fn warn_ignored(auth: &AuthArgs, printer: &Printer) {
    for w in auth.ignored_flag_warnings() {
        printer.warn(w);
    }
}

/// Open the stores (warning on stderr when the keyring is not reachable).
pub fn open_stores(
    kind: Option<StoreKind>,
    printer: &Printer,
) -> anyhow::Result<(Dirs, Arc<dyn CredentialStore>, Arc<StateFile>)> {
    let dirs = Dirs::from_env().context("cannot find a data directory")?;
    // Machine policy: `store = "keyring"` means the keyring or nothing.
    let kind = crate::policy::enforce::store_kind(&crate::policy::load()?, kind)?;
    let opened = store::open_store(kind, &dirs)?;
    if let Some(w) = opened.warning {
        printer.warn(w);
    }
    let state = Arc::new(StateFile::open(&dirs)?);
    Ok((dirs, Arc::from(opened.store), state))
}

impl ServerContext {
    pub fn new(
        raw_url: &str,
        allow_http: bool,
        auth: &AuthArgs,
        network: &Network,
        printer: Printer,
    ) -> anyhow::Result<ServerContext> {
        let url = check_server_url(raw_url, allow_http)?;
        let key = ServerKey::from_url(&url);
        let (dirs, store, state) = open_stores(store_kind(auth.store.as_deref()), &printer)?;
        // The OAuth client never follows redirects: answers are read as they are.
        let http = http_client::build(network, Purpose::OAuth)?;
        let registrations = Arc::new(StateRegistrations::new(
            state.clone(),
            store.clone(),
            key.clone(),
        ));
        let authorizer = Authorizer::new(
            http,
            url.clone(),
            with_access_defaults(auth),
            registrations,
            printer,
        );
        let bearer = BearerSlot::default();
        let manager = Arc::new(CredentialManager::new(
            key.clone(),
            store.clone(),
            state.clone(),
            dirs.clone(),
            authorizer,
            bearer.clone(),
            Duration::from_secs(auth.auth_timeout),
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
}

/// Sign-in flags completed for an Access for SaaS application: the client from
/// `ACCESS_CLIENT_ID`/`ACCESS_CLIENT_SECRET` when no flag gives one, and the fixed callback
/// port its redirect URI is registered with.
pub fn with_access_defaults(auth: &AuthArgs) -> AuthArgs {
    let auth = auth.clone();
    if !auth.is_access_saas() {
        return auth;
    }
    with_access_env(
        auth,
        &crate::cf_access::AccessEnv::from_env(&|k| std::env::var(k).ok()),
    )
}

fn with_access_env(mut auth: AuthArgs, env: &crate::cf_access::AccessEnv) -> AuthArgs {
    if auth.static_oauth_client_info.is_none() {
        // ACCESS_CLIENT_SECRET belongs to ACCESS_CLIENT_ID: it completes --client-id only
        // when the two name the same application (or the id is not in the environment).
        if auth.client_id.is_none() {
            auth.client_id = env.client_id.clone();
        }
        let same_app = env.client_id.is_none() || auth.client_id == env.client_id;
        if auth.client_secret.is_none() && same_app {
            auth.client_secret = env.client_secret.clone();
        }
    }
    auth.callback_port = auth
        .callback_port
        .or(Some(crate::cf_access::SAAS_CALLBACK_PORT));
    auth
}

impl ServerContext {
    /// The client registration tokens from `issuer` were issued to.
    pub fn manager_client(
        &self,
        issuer: &str,
        client_id: &str,
    ) -> Option<crate::oauth::registration::ClientRegistration> {
        self.manager.authorizer().known_client(issuer, client_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cf_access::AccessEnv;

    fn saas() -> AuthArgs {
        AuthArgs {
            cf_access_team: Some("acme".into()),
            ..AuthArgs::default()
        }
    }

    #[test]
    fn an_access_for_saas_sign_in_listens_on_127_0_0_1_8976_callback() {
        let a = with_access_env(saas(), &AccessEnv::default());
        assert_eq!(a.callback_port, Some(8976));
        assert_eq!(
            (a.callback_host(), a.callback_path()),
            ("127.0.0.1", "/callback")
        );
        let mut custom = saas();
        custom.callback_port = Some(9000);
        assert_eq!(
            with_access_env(custom, &AccessEnv::default()).callback_port,
            Some(9000)
        );
        assert_eq!(AuthArgs::default().callback_host(), "127.0.0.1");
        assert_eq!(AuthArgs::default().registered_callback_host(), "localhost");
    }

    #[test]
    fn the_guides_secret_goes_with_its_own_client_id() {
        let env = AccessEnv {
            client_id: Some("cid".into()),
            client_secret: Some("sec".into()),
            ..AccessEnv::default()
        };
        let a = with_access_env(saas(), &env);
        assert_eq!(
            (a.client_id.as_deref(), a.client_secret.as_deref()),
            (Some("cid"), Some("sec"))
        );
        let mut same = saas();
        same.client_id = Some("cid".into());
        assert_eq!(
            with_access_env(same, &env).client_secret.as_deref(),
            Some("sec")
        );
        let mut other = saas();
        other.client_id = Some("other".into());
        assert_eq!(with_access_env(other, &env).client_secret, None);
        let secret_only = AccessEnv {
            client_secret: Some("sec".into()),
            ..AccessEnv::default()
        };
        let mut flag = saas();
        flag.client_id = Some("cid".into());
        assert_eq!(
            with_access_env(flag, &secret_only).client_secret.as_deref(),
            Some("sec")
        );
    }
}
