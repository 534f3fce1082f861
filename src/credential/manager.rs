//! [`CredentialManager`]: sign-in, refresh and persistence for one server, shared by every task
//! of the bridge and coordinated with other bridge processes.

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use tracing::{debug, info, warn};

use crate::oauth::challenge::BearerChallenge;
use crate::oauth::discovery::Discovered;
use crate::oauth::{Authorizer, Grant, OAuthError};
use crate::printer::Printer;
use crate::proxy::reauth::{BoxFuture, Reauthorizer};
use crate::store::{CredentialStore, Dirs, ServerKey, ServerLock, StateFile, TokenSet};
use crate::transport::{BearerSlot, TransportError};

/// Browser sign-ins one process may start without one completing.
const MAX_SIGN_INS: u32 = 3;
/// Refresh this long before the recorded expiry (clock skew, request time).
pub const EXPIRY_SKEW: u64 = 60;

/// What [`CredentialManager::renew`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Another task or process already put a newer credential in place.
    Adopted,
    Refreshed,
    SignedIn,
}

pub struct CredentialManager {
    key: ServerKey,
    store: Arc<dyn CredentialStore>,
    state: Arc<StateFile>,
    dirs: Dirs,
    authorizer: Authorizer,
    bearer: BearerSlot,
    current: Mutex<Option<TokenSet>>,
    renew_lock: tokio::sync::Mutex<()>,
    last_renewed: Mutex<Option<Instant>>,
    sign_ins: AtomicU32,
    /// The credential in use could not be stored (it lives for this process only).
    unsaved: AtomicBool,
    extra_scopes: Mutex<BTreeSet<String>>,
    lock_timeout: Duration,
    use_id_token: bool,
    printer: Printer,
}

pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
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
        let use_id_token = authorizer.args().use_id_token;
        CredentialManager {
            key,
            store,
            state,
            dirs,
            authorizer,
            bearer,
            current: Mutex::new(None),
            renew_lock: Default::default(),
            last_renewed: Mutex::new(None),
            sign_ins: AtomicU32::new(0),
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

    /// Put the stored credential (if any) in place. No network.
    pub async fn prime(&self) -> Option<TokenSet> {
        let stored = self.load().await;
        if let Some(t) = &stored {
            self.use_stored(t.clone());
            debug!(expires_at = ?t.expires_at, "using the stored credential");
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

    /// Use a credential read from the store.
    fn use_stored(&self, t: TokenSet) {
        self.unsaved.store(false, Ordering::SeqCst);
        self.use_tokens(t);
    }

    fn use_tokens(&self, t: TokenSet) {
        self.bearer
            .set(Some(bearer_of(&t, self.use_id_token).clone()));
        *self
            .current
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(t);
    }

    async fn load(&self) -> Option<TokenSet> {
        let (store, key) = (self.store.clone(), self.key.clone());
        match tokio::task::spawn_blocking(move || store.load(&key)).await {
            Ok(Ok(t)) => t,
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
        .map_err(|e| OAuthError::Config(e.to_string()))?;
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

    /// Throw away a credential the authorization server ended (`refused`, for `why`): only
    /// if it is still the stored one (another process may have stored a newer one); with
    /// `invalid_client`, the dynamic registration goes too, so the next sign-in registers again.
    async fn discard(&self, refused: &TokenSet, why: &OAuthError) {
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
    async fn cross_process_lock(&self) -> Option<ServerLock> {
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

    /// Obtain a new credential after `challenge`. Concurrent callers share one renewal.
    pub async fn renew(
        &self,
        challenge: Option<&BearerChallenge>,
        step_up: bool,
    ) -> Result<Outcome, OAuthError> {
        let asked = Instant::now();
        let _local = self.renew_lock.lock().await;
        if self
            .last_renewed
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .is_some_and(|t| t > asked)
            && !step_up
        {
            return Ok(Outcome::Adopted);
        }
        let _global = self.cross_process_lock().await;
        let in_use = self.current().map(|t| t.access_token.clone());
        if let Some(stored) = self.load().await
            && Some(&stored.access_token) != in_use.as_ref()
            && !step_up
            && !stored.is_expired(now(), 0)
        {
            info!("another mcp-bridge process renewed the credential; using it");
            self.use_stored(stored);
            self.mark_renewed();
            return Ok(Outcome::Adopted);
        }
        if step_up {
            let mut extra = self
                .extra_scopes
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            for s in challenge
                .and_then(|c| c.scope.as_deref())
                .unwrap_or("")
                .split_whitespace()
            {
                extra.insert(s.to_owned());
            }
            if let Some(t) = self.current() {
                extra.extend(
                    t.scope
                        .iter()
                        .flat_map(|s| s.split_whitespace().map(str::to_owned)),
                );
            }
        } else if let Some(current) = self.current()
            && current.refresh_token.is_some()
            && !(self.use_id_token && current.id_token.is_none())
        {
            match self.refresh(&current, challenge).await {
                Ok(()) => return Ok(Outcome::Refreshed),
                Err(e) if e.is_rejection() => {
                    info!(error = %e, "the refresh token was refused; signing in again");
                    self.discard(&current, &e).await;
                }
                // Anything else (network, a firewall's page, another OAuth error, hostile
                // metadata) keeps the stored credential, and opens no browser.
                Err(e) => return Err(e),
            }
        }
        self.sign_in(challenge).await?;
        Ok(Outcome::SignedIn)
    }

    /// A usable credential: the stored one, refreshed first when `force` or when it expires
    /// within [`EXPIRY_SKEW`]. Another process's newer credential is adopted. Never opens a
    /// browser.
    pub async fn ensure_fresh(&self, force: bool) -> Result<TokenSet, OAuthError> {
        let _local = self.renew_lock.lock().await;
        let _global = self.cross_process_lock().await;
        if let Some(stored) = self.load().await {
            self.use_stored(stored);
        }
        let t = self.current().ok_or_else(|| OAuthError::NotSignedIn {
            server: self.key.as_str().to_owned(),
        })?;
        if !force && refresh_due(&t, self.use_id_token).is_none_or(|due| due > now()) {
            return Ok(t);
        }
        if t.refresh_token.is_none() {
            return Err(OAuthError::CredentialEnded(format!(
                "the access token expired and the server gave no refresh token; run `mcp-bridge login {}`",
                self.key.as_str()
            )));
        }
        if let Err(e) = self.refresh(&t, None).await {
            if e.is_rejection() {
                self.discard(&t, &e).await;
            }
            return Err(e);
        }
        self.current().ok_or_else(|| OAuthError::NotSignedIn {
            server: self.key.as_str().to_owned(),
        })
    }

    /// Keep the credential fresh in the background: refresh shortly before it expires, retry
    /// transient failures with backoff, and stop when there is nothing to refresh.
    pub async fn keep_fresh(self: Arc<Self>) {
        let mut backoff = Duration::from_secs(5);
        loop {
            let Some(t) = self.current() else { return };
            let (Some(due), Some(_)) =
                (refresh_due(&t, self.use_id_token), t.refresh_token.as_ref())
            else {
                return;
            };
            let wait = due.saturating_sub(now());
            if wait > 0 {
                tokio::time::sleep(Duration::from_secs(wait)).await;
                continue;
            }
            match self.ensure_fresh(false).await {
                Ok(_) => backoff = Duration::from_secs(5),
                Err(e) if e.is_rejection() => {
                    warn!(error = %e, "the credential was refused; the next request will sign in again");
                    return;
                }
                // Anything else keeps the credential: try again later.
                Err(e) => {
                    if e.is_transient() {
                        debug!(error = %e, "refresh failed for now; will retry");
                    } else {
                        warn!(error = %e, "cannot refresh ahead of expiry; will retry");
                    }
                    tokio::time::sleep(backoff).await;
                    backoff = (backoff * 2).min(Duration::from_secs(300));
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

    fn mark_renewed(&self) {
        *self
            .last_renewed
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(Instant::now());
    }

    /// Refresh with the stored refresh token; the rotated refresh token is stored before the
    /// new access token is used.
    pub async fn refresh(
        &self,
        current: &TokenSet,
        challenge: Option<&BearerChallenge>,
    ) -> Result<(), OAuthError> {
        let refresh_token = current
            .refresh_token
            .clone()
            .ok_or_else(|| OAuthError::CredentialEnded("there is no refresh token".into()))?;
        // After a challenge, discover again (the server may have moved to another authorization
        // server); ahead of expiry, the stored issuer's metadata is enough.
        let hint = challenge.and_then(|c| c.resource_metadata.as_deref());
        // A credential imported without its issuer learns it from discovery.
        let meta = if current.issuer.is_empty() {
            self.authorizer.discover(hint).await?.auth_server
        } else {
            self.authorizer.metadata_for(&current.issuer, hint).await?
        };
        let issuer = meta.issuer.clone();
        if !current.issuer.is_empty() && issuer != current.issuer {
            return Err(OAuthError::CredentialEnded(
                "the server now uses another authorization server".into(),
            ));
        }
        let client_id = current.client_id.clone().unwrap_or_default();
        let client = self
            .authorizer
            .known_client(&issuer, &client_id)
            .ok_or_else(|| {
                OAuthError::CredentialEnded(
                    "the client registration the credential was issued to is gone".into(),
                )
            })?;
        let tokens = self
            .authorizer
            .refresh(
                &meta,
                &client,
                &refresh_token,
                current.resource.as_deref(),
                None,
            )
            .await?;
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
        self.mark_renewed();
        info!("refreshed the access token");
        Ok(())
    }

    async fn sign_in(&self, challenge: Option<&BearerChallenge>) -> Result<Discovered, OAuthError> {
        let n = self.sign_ins.fetch_add(1, Ordering::SeqCst) + 1;
        if n > MAX_SIGN_INS {
            return Err(OAuthError::TooManyAttempts(n - 1));
        }
        let extra = self
            .extra_scopes
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone();
        let (grant, found) = self.authorizer.sign_in(challenge, &extra).await?;
        let next = token_set(&grant, None);
        self.save(&next).await?;
        self.use_tokens(next);
        self.mark_renewed();
        self.sign_ins.store(0, Ordering::SeqCst);
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

impl Reauthorizer for CredentialManager {
    fn reauthorize<'a>(&'a self, err: &'a TransportError) -> BoxFuture<'a, bool> {
        Box::pin(async move {
            let challenge = err.auth_challenge().and_then(BearerChallenge::from_header);
            let step_up = matches!(err, TransportError::InsufficientScope { .. });
            match self.renew(challenge.as_ref(), step_up).await {
                Ok(outcome) => {
                    debug!(?outcome, "credential renewed");
                    true
                }
                Err(e) => {
                    self.printer.error(format!("sign-in failed: {e}"));
                    false
                }
            }
        })
    }
}

/// The token sent as the bearer: the access token, or with `--use-id-token` the ID token
/// (when the server issued one).
pub fn bearer_of(t: &TokenSet, use_id_token: bool) -> &crate::secret::Secret {
    match (&t.id_token, use_id_token) {
        (Some(id), true) => id,
        _ => &t.access_token,
    }
}

/// When the bearer should be refreshed: [`EXPIRY_SKEW`] before it expires, or a quarter of
/// its lifetime before for short-lived tokens (so a 30-second token is not refreshed in a
/// loop). With `--use-id-token` the ID token's own `exp` counts.
pub fn refresh_due(t: &TokenSet, use_id_token: bool) -> Option<u64> {
    let id_exp = t
        .id_token
        .as_ref()
        .filter(|_| use_id_token)
        .and_then(|j| crate::oauth::id_token::claims(j.expose()))
        .and_then(|c| c["exp"].as_u64());
    let expires_at = id_exp.or(t.expires_at)?;
    let lifetime = expires_at.saturating_sub(t.obtained_at);
    Some(expires_at.saturating_sub(EXPIRY_SKEW.min(lifetime / 4)))
}

/// The token set to store after a grant. A refresh that returns no new refresh token keeps
/// the previous one.
pub fn token_set(grant: &Grant, previous: Option<&TokenSet>) -> TokenSet {
    let t = &grant.tokens;
    let obtained_at = now();
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
        expires_at: t.expires_in.map(|s| obtained_at + s),
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
    use crate::secret::Secret;

    fn tokens(obtained_at: u64, expires_at: Option<u64>) -> TokenSet {
        TokenSet {
            access_token: Secret::new("a"),
            refresh_token: None,
            id_token: None,
            token_type: "Bearer".into(),
            expires_at,
            scope: None,
            issuer: "https://as.test".into(),
            client_id: None,
            resource: None,
            obtained_at,
        }
    }

    #[test]
    fn refresh_is_due_ahead_of_expiry() {
        assert_eq!(refresh_due(&tokens(1000, Some(4600)), false), Some(4540));
        // A 40-second token is refreshed 10 s before it ends, not at once.
        assert_eq!(refresh_due(&tokens(1000, Some(1040)), false), Some(1030));
        assert_eq!(refresh_due(&tokens(1000, None), false), None);
    }

    #[test]
    fn the_id_token_can_be_the_bearer_with_its_own_expiry() {
        use base64::Engine;
        let payload =
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(br#"{"sub":"u","exp":2000}"#);
        let mut t = tokens(1000, Some(4600));
        t.id_token = Some(Secret::new(format!("h.{payload}.s")));
        assert_eq!(bearer_of(&t, true).expose(), format!("h.{payload}.s"));
        assert_eq!(bearer_of(&t, false).expose(), "a");
        assert_eq!(refresh_due(&t, true), Some(1940));
        assert_eq!(refresh_due(&t, false), Some(4540));
    }
}
