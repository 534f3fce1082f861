//! [`CredentialManager`]: sign-in, refresh and persistence for one server, shared by every task
//! of the bridge and coordinated with other bridge processes.
//!
//! A bridge that starts with a credential it knows has expired refreshes it (under the
//! per-server lock, adopting another process's result) before its first request goes out
//! ([`CredentialManager::prime`], [`CredentialManager::keep_fresh`]); what happens after the
//! server refuses a request is in [`super::renewal`].

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tracing::{debug, info, warn};

use super::episode::Episodes;
use super::expiry;
use crate::backoff::Schedule;
use crate::clock::unix_now;
use crate::oauth::challenge::BearerChallenge;
use crate::oauth::discovery::Discovered;
use crate::oauth::{Authorizer, Ended, Grant, OAuthError};
use crate::printer::Printer;
use crate::secret::Secret;
use crate::store::{CredentialStore, Dirs, ServerKey, ServerLock, StateFile, TokenSet};
use crate::transport::BearerSlot;

pub use super::expiry::{EXPIRY_SKEW, refresh_due};

/// How long requests wait, at start, for the refresh of a credential known to have expired
/// (beyond it they go out, and a refusal joins the refresh still under way).
pub(super) const START_WAIT: Duration = Duration::from_secs(10);

/// How long the background refresh waits after a failure that keeps the credential: from 5
/// seconds, doubling, up to 5 minutes.
const REFRESH_RETRY: Schedule =
    Schedule::new(Duration::from_secs(5), Duration::from_secs(300), 0.25);

pub struct CredentialManager {
    pub(super) key: ServerKey,
    store: Arc<dyn CredentialStore>,
    state: Arc<StateFile>,
    dirs: Dirs,
    pub(super) authorizer: Authorizer,
    bearer: BearerSlot,
    current: Mutex<Option<TokenSet>>,
    pub(super) renew_lock: tokio::sync::Mutex<()>,
    pub(super) episodes: Episodes,
    /// True while a credential known to have expired is refreshed at start.
    pub(super) starting: tokio::sync::watch::Sender<bool>,
    /// The bearer the last sign-in of this process gave.
    pub(super) signed_in: Mutex<Option<Secret>>,
    /// The credential in use could not be stored (it lives for this process only).
    unsaved: AtomicBool,
    pub(super) extra_scopes: Mutex<BTreeSet<String>>,
    lock_timeout: Duration,
    pub(super) use_id_token: bool,
    pub(super) printer: Printer,
}

impl CredentialManager {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        key: ServerKey,
        store: Arc<dyn CredentialStore>,
        state: Arc<StateFile>,
        dirs: Dirs,
        authorizer: Authorizer,
        bearer: BearerSlot,
        auth_timeout: Duration,
        printer: Printer,
    ) -> Self {
        let use_id_token = authorizer.settings().use_id_token;
        CredentialManager {
            key,
            store,
            state,
            dirs,
            authorizer,
            bearer,
            current: Mutex::new(None),
            renew_lock: Default::default(),
            episodes: Episodes::new(auth_timeout),
            starting: tokio::sync::watch::Sender::new(false),
            signed_in: Mutex::new(None),
            unsaved: AtomicBool::new(false),
            extra_scopes: Mutex::new(BTreeSet::new()),
            lock_timeout: auth_timeout + Duration::from_secs(30),
            use_id_token,
            printer,
        }
    }

    /// Whether renewing waits on a person: a sign-in in the browser (or with a device code),
    /// or another process holding the server's lock (it may be doing one). The relay loop
    /// answers the host meanwhile instead of keeping it waiting.
    pub fn waiting_on_person(&self) -> tokio::sync::watch::Receiver<bool> {
        self.authorizer.waiting_on_person()
    }

    /// Put the stored credential (if any) in place. No network. When it is known to have
    /// expired and can be refreshed, requests wait ([`crate::transport::reauth::Reauthorizer::settled`]) until
    /// [`Self::keep_fresh`] has refreshed it (or adopted another process's refresh).
    pub async fn prime(&self) -> Option<TokenSet> {
        let stored = self.load().await;
        if let Some(t) = &stored {
            self.use_stored(t.clone());
            if t.refresh_token.is_some() && self.bearer_dead(t) {
                debug!("the stored credential has expired; refreshing it before the first request");
                self.starting.send_replace(true);
            } else {
                debug!(expires_at = ?t.expires_at, "using the stored credential");
            }
        }
        stored
    }

    pub fn authorizer(&self) -> &Authorizer {
        &self.authorizer
    }

    /// Whether the credential in use is the stored one: false after a sign-in or refresh whose
    /// result the store refused (it is then used for this process only).
    pub fn is_stored(&self) -> bool {
        !self.unsaved.load(Ordering::SeqCst)
    }

    /// The credential in use.
    pub fn current(&self) -> Option<TokenSet> {
        self.current
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// Whether the token sent as the bearer has ended.
    pub(super) fn bearer_dead(&self, t: &TokenSet) -> bool {
        let id_exp = t
            .id_token
            .as_ref()
            .filter(|_| self.use_id_token)
            .and_then(|j| crate::oauth::id_token::claims(j.expose()))
            .and_then(|c| c["exp"].as_u64());
        match id_exp {
            Some(exp) => exp <= unix_now(),
            None => expiry::is_dead(t, unix_now()),
        }
    }

    /// Requests may go out: the refresh at start is over (or there was none).
    pub(super) fn settle(&self) {
        self.starting.send_replace(false);
    }

    /// Use a credential read from the store.
    pub(super) fn use_stored(&self, t: TokenSet) {
        self.unsaved.store(false, Ordering::SeqCst);
        self.use_tokens(t);
    }

    /// Adopt the stored credential when it is another than the one in use and not older (a
    /// credential only this process has, because the store refused it, stays).
    fn adopt_if_newer(&self, stored: TokenSet) -> bool {
        let newer = match self.current() {
            None => true,
            Some(c) => {
                bearer_of(&c, self.use_id_token) != bearer_of(&stored, self.use_id_token)
                    && (self.is_stored() || stored.obtained_at >= c.obtained_at)
            }
        };
        if newer {
            self.use_stored(stored);
        }
        newer
    }

    fn use_tokens(&self, t: TokenSet) {
        self.bearer
            .set(Some(bearer_of(&t, self.use_id_token).clone()));
        *self
            .current
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(t);
    }

    /// The stored credential, its expiry read from the token too ([`expiry::expires_at`]).
    pub(super) async fn load(&self) -> Option<TokenSet> {
        let (store, key) = (self.store.clone(), self.key.clone());
        match tokio::task::spawn_blocking(move || store.load(&key)).await {
            Ok(Ok(t)) => t.map(|mut t| {
                t.expires_at = expiry::expires_at(&t);
                t
            }),
            Ok(Err(e)) => {
                warn!(error = %e, "cannot read the stored credential");
                None
            }
            Err(_) => None,
        }
    }

    /// Store the credential, and list the server in the state file (the index `status` reads).
    /// When the store refuses (a locked keyring, a full disk), the new credential is still
    /// used for this session — throwing away a sign-in the user just made would be worse — and
    /// the user is told how to keep it next time.
    async fn save(&self, t: &TokenSet) -> Result<(), OAuthError> {
        let (store, state, key, t) = (
            self.store.clone(),
            self.state.clone(),
            self.key.clone(),
            t.clone(),
        );
        let result = tokio::task::spawn_blocking(move || {
            store.save(&key, &t)?;
            state.update(&key, |_| {})
        })
        .await
        .map_err(|e| OAuthError::Internal(e.to_string()))?;
        match result {
            Ok(()) => self.unsaved.store(false, Ordering::SeqCst),
            Err(e) => {
                self.unsaved.store(true, Ordering::SeqCst);
                self.printer.warn(format!(
                    "cannot store the credential ({e}); it is used for this session only. Unlock the keyring, or use --store file"
                ));
            }
        }
        Ok(())
    }

    /// Throw away a credential that has ended (`refused`, for `why`: the authorization
    /// server's refusal or a reason found here): only
    /// if it is still the stored one (another process may have stored a newer one); with
    /// `invalid_client`, the dynamic registration goes too, so the next sign-in registers again.
    pub(super) async fn discard(&self, refused: &TokenSet, why: &OAuthError) {
        if matches!(why, OAuthError::ClientRejected { .. }) {
            self.authorizer
                .forget_dynamic_client(&refused.issuer, refused.client_id.as_deref().unwrap_or(""));
        }
        let (store, key, access) = (
            self.store.clone(),
            self.key.clone(),
            refused.access_token.clone(),
        );
        let _ = tokio::task::spawn_blocking(move || match store.load(&key) {
            Ok(Some(stored)) if stored.access_token == access => store.delete(&key).map(drop),
            _ => Ok(()),
        })
        .await;
        *self
            .current
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = None;
        self.bearer.set(None);
    }

    /// Take the per-server lock shared with other bridge processes. While another process
    /// holds it (it may be signing in), this one counts as waiting on a person.
    pub(super) async fn cross_process_lock(&self) -> Option<ServerLock> {
        let (dirs, key) = (self.dirs.clone(), self.key.clone());
        let at_once =
            tokio::task::spawn_blocking(move || ServerLock::acquire(&dirs, &key, Duration::ZERO))
                .await;
        if let Ok(Ok(l)) = at_once {
            return Some(l);
        }
        let _awaited = self.authorizer.person_awaited();
        let (dirs, key, timeout) = (self.dirs.clone(), self.key.clone(), self.lock_timeout);
        match tokio::task::spawn_blocking(move || ServerLock::acquire(&dirs, &key, timeout)).await {
            Ok(Ok(l)) => Some(l),
            Ok(Err(e)) => {
                warn!(error = %e, "going on without the cross-process lock");
                None
            }
            Err(_) => None,
        }
    }

    /// A usable credential: the stored one, refreshed first when `force` or when it expires
    /// within [`EXPIRY_SKEW`]. Another process's newer credential is adopted. Never opens a
    /// browser.
    pub async fn ensure_fresh(&self, force: bool) -> Result<TokenSet, OAuthError> {
        let _local = self.renew_lock.lock().await;
        let _global = self.cross_process_lock().await;
        if let Some(stored) = self.load().await
            && self.adopt_if_newer(stored)
        {
            debug!("using the credential another process stored");
            self.episodes.succeeded();
        }
        let t = self.current().ok_or_else(|| OAuthError::NotSignedIn {
            server: self.key.as_str().to_owned(),
        })?;
        if !force && refresh_due(&t, self.use_id_token).is_none_or(|due| due > unix_now()) {
            return Ok(t);
        }
        if t.refresh_token.is_none() {
            return Err(Ended::ExpiredWithoutRefresh {
                server: self.key.as_str().to_owned(),
            }
            .into());
        }
        if let Err(e) = self.refresh(&t, None, false).await {
            if e.is_rejection() {
                self.discard(&t, &e).await;
            }
            return Err(e);
        }
        self.episodes.succeeded();
        self.current().ok_or_else(|| OAuthError::NotSignedIn {
            server: self.key.as_str().to_owned(),
        })
    }

    /// Keep the credential fresh in the background: refresh shortly before it expires (at
    /// once when it already has, which requests wait for), retry transient failures with
    /// backoff, and stop when there is nothing to refresh.
    pub async fn keep_fresh(self: Arc<Self>) {
        let mut failures = 0u32;
        loop {
            let due = self.current().and_then(|t| {
                t.refresh_token.as_ref()?;
                refresh_due(&t, self.use_id_token)
            });
            let Some(due) = due else {
                self.settle();
                return;
            };
            let wait = due.saturating_sub(unix_now());
            if wait > 0 {
                self.settle();
                tokio::time::sleep(Duration::from_secs(wait)).await;
                continue;
            }
            let result = self.ensure_fresh(false).await;
            self.settle();
            match result {
                Ok(_) => failures = 0,
                Err(e) if e.is_rejection() => {
                    if e.is_refusal() {
                        warn!(error = %e, "the credential was refused; the next request will sign in again");
                    } else {
                        warn!(error = %e, "the credential cannot be refreshed; the next request will sign in again");
                    }
                    return;
                }
                // Anything else keeps the credential: try again later.
                Err(e) => {
                    if e.is_transient() {
                        debug!(error = %e, "refresh failed for now; will retry");
                    } else {
                        warn!(error = %e, "cannot refresh ahead of expiry; will retry");
                    }
                    tokio::time::sleep(REFRESH_RETRY.delay(failures)).await;
                    failures = failures.saturating_add(1);
                }
            }
        }
    }

    /// A new sign-in whatever is stored (`login --force`).
    pub async fn sign_in_again(
        &self,
        challenge: Option<&BearerChallenge>,
    ) -> Result<(), OAuthError> {
        let _local = self.renew_lock.lock().await;
        let _global = self.cross_process_lock().await;
        self.sign_in(challenge).await.map(drop)
    }

    /// Refresh with the stored refresh token; the rotated refresh token is stored before the
    /// new access token is used. The authorization server's metadata is the one kept from
    /// discovery unless `look_again`, or `challenge` or the token endpoint says it moved
    /// (`oauth::flow::known`).
    pub(super) async fn refresh(
        &self,
        current: &TokenSet,
        challenge: Option<&BearerChallenge>,
        look_again: bool,
    ) -> Result<(), OAuthError> {
        let refresh_token = current
            .refresh_token
            .clone()
            .ok_or(OAuthError::CredentialEnded(Ended::NoRefreshToken))?;
        let hint = challenge.and_then(|c| c.resource_metadata.as_deref());
        // A credential imported without its issuer learns it from discovery.
        let (meta, kept) = if current.issuer.is_empty() {
            (self.authorizer.discover(hint).await?.auth_server, false)
        } else {
            self.authorizer
                .metadata_for(&current.issuer, hint, look_again)
                .await?
        };
        let issuer = meta.issuer.clone();
        let moved = || OAuthError::CredentialEnded(Ended::OtherAuthorizationServer);
        if !current.issuer.is_empty() && issuer != current.issuer {
            return Err(moved());
        }
        let client_id = current.client_id.clone().unwrap_or_default();
        let client = self
            .authorizer
            .known_client(&issuer, &client_id)
            .ok_or(OAuthError::CredentialEnded(Ended::RegistrationGone))?;
        let resource = current.resource.as_deref();
        let tokens = match self
            .authorizer
            .refresh(&meta, &client, &refresh_token, resource, None)
            .await
        {
            // The kept metadata may be out of date: look again, and try once more where the
            // token endpoint now is (a 404 was never processed, so the refresh token is unused).
            Err(e) if kept && token_endpoint_gone(&e) => {
                info!(error = %e, "the token endpoint looks moved; discovering again");
                self.authorizer.forget_metadata();
                let (fresh, _) = self.authorizer.metadata_for(&issuer, hint, true).await?;
                if fresh.issuer != issuer {
                    return Err(moved());
                }
                if fresh.token_endpoint == meta.token_endpoint {
                    return Err(e);
                }
                self.authorizer
                    .refresh(&fresh, &client, &refresh_token, resource, None)
                    .await?
            }
            Err(e @ OAuthError::Network { .. }) if kept => {
                // Perhaps moved, perhaps only down: the next refresh discovers again.
                self.authorizer.forget_metadata();
                return Err(e);
            }
            other => other?,
        };
        let grant = Grant {
            tokens,
            issuer,
            client_id,
            resource: current.resource.clone(),
            requested_scope: current.scope.clone(),
        };
        let mut next = token_set(&grant, Some(current));
        if self.use_id_token && grant.tokens.id_token.is_none() {
            // The old ID token is about to expire (that is why this refresh ran): sending it
            // on would fail, and refreshing again would bring no other. Send the access token
            // until the next sign-in, which a refusal of it starts.
            next.id_token = None;
            self.printer.warn(format!(
                "the refresh brought no new ID token; sending the access token instead until \
                 the next sign-in (`mcp-bridge login {} --force` signs in now)",
                self.key.as_str()
            ));
        }
        self.save(&next).await?;
        self.use_tokens(next);
        info!("refreshed the access token");
        Ok(())
    }

    pub(super) async fn sign_in(
        &self,
        challenge: Option<&BearerChallenge>,
    ) -> Result<Discovered, OAuthError> {
        let extra = self
            .extra_scopes
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone();
        let (grant, found) = self.authorizer.sign_in(challenge, &extra).await?;
        let next = token_set(&grant, None);
        self.save(&next).await?;
        *self
            .signed_in
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) =
            Some(bearer_of(&next, self.use_id_token).clone());
        self.use_tokens(next);
        if self.is_stored() {
            self.printer.info(format!(
                "Signed in to {} (credential kept in {}).",
                self.key.as_str(),
                self.store.location()
            ));
        } else {
            self.printer.info(format!(
                "Signed in to {} for this session only: the credential could not be stored.",
                self.key.as_str()
            ));
        }
        Ok(found)
    }
}

/// An answer of the token endpoint that says it is not there (any more): 404, 405 or 410
/// with no OAuth error in it. Nothing was processed.
fn token_endpoint_gone(e: &OAuthError) -> bool {
    matches!(
        e,
        OAuthError::NotOAuth {
            status: 404 | 405 | 410,
            ..
        }
    )
}

/// The token sent as the bearer: the access token, or with `--use-id-token` the ID token
/// (when the server issued one).
pub fn bearer_of(t: &TokenSet, use_id_token: bool) -> &crate::secret::Secret {
    match (&t.id_token, use_id_token) {
        (Some(id), true) => id,
        _ => &t.access_token,
    }
}

/// The token set to store after a grant. A refresh that returns no new refresh token keeps
/// the previous one.
pub fn token_set(grant: &Grant, previous: Option<&TokenSet>) -> TokenSet {
    let t = &grant.tokens;
    let obtained_at = unix_now();
    TokenSet {
        access_token: t.access_token.clone(),
        refresh_token: t
            .refresh_token
            .clone()
            .or_else(|| previous.and_then(|p| p.refresh_token.clone())),
        id_token: t
            .id_token
            .clone()
            .or_else(|| previous.and_then(|p| p.id_token.clone())),
        token_type: t.token_type.clone(),
        expires_at: expiry::on_receipt(t.access_token.expose(), obtained_at, t.expires_in),
        scope: t.scope.clone().or_else(|| grant.requested_scope.clone()),
        issuer: grant.issuer.clone(),
        client_id: Some(grant.client_id.clone()),
        resource: grant.resource.clone(),
        obtained_at,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_id_token_can_be_the_bearer() {
        let mut t = TokenSet {
            access_token: Secret::new("a"),
            refresh_token: None,
            id_token: Some(Secret::new("h.p.s")),
            token_type: "Bearer".into(),
            expires_at: None,
            scope: None,
            issuer: "https://as.test".into(),
            client_id: None,
            resource: None,
            obtained_at: 1000,
        };
        assert_eq!(bearer_of(&t, true).expose(), "h.p.s");
        assert_eq!(bearer_of(&t, false).expose(), "a");
        t.id_token = None;
        assert_eq!(bearer_of(&t, true).expose(), "a");
    }
}
