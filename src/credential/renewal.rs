//! Renewal after a refusal: what [`CredentialManager::renew`] does when the server refuses a
//! request (a `401`, or a `403 insufficient_scope`), and the [`Reauthorizer`] seam the relay
//! loop calls it through.
//!
//! One refresh per expiry, however many tasks and processes meet it. A renewal is asked for
//! with the bearer token the refused request carried ([`Refused`]): when the credential in use
//! is already another one (a refresh by another task, or another process's result adopted in
//! the meantime), the request is only sent again. Otherwise the per-server lock is taken, the
//! stored credential adopted when another process put a newer one there, and only then is the
//! token endpoint asked — or, when the refresh token is rejected, a sign-in started. Which
//! failures the requests queued behind them share, and when a new browser window may open, is
//! [`super::episode`]'s business; the words of a failure (the server's refusal, then what
//! failed) are what the host's request is answered with.

use std::time::Instant;

use tracing::{debug, info};

use super::manager::{CredentialManager, START_WAIT, bearer_of};
use crate::oauth::OAuthError;
use crate::oauth::challenge::BearerChallenge;
use crate::secret::Secret;
use crate::store::TokenSet;
use crate::transport::TransportError;
use crate::transport::reauth::{BoxFuture, Origin, Reauthorizer, Renewal};

/// What [`CredentialManager::renew`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Another task or process already put a newer credential in place.
    Adopted,
    Refreshed,
    SignedIn,
}

/// What the server refused, and for whom: what a renewal is asked for with.
#[derive(Debug, Clone)]
pub struct Refused<'a> {
    /// The challenge that came with the refusal.
    pub challenge: Option<&'a BearerChallenge>,
    /// More scope is needed (`403 insufficient_scope`).
    pub step_up: bool,
    /// The bearer token the refused request carried (`None`: it carried none).
    pub bearer: Option<&'a Secret>,
    /// Whose message it was.
    pub origin: Origin,
    /// How the server refused a token it was sent, for the words of a failure.
    pub refusal: Option<String>,
}

impl<'a> Refused<'a> {
    /// A command the user ran (`login`, `token --login`): a sign-in may start now.
    pub fn by_user(challenge: Option<&'a BearerChallenge>) -> Self {
        Refused {
            challenge,
            step_up: false,
            bearer: None,
            origin: Origin::Host(Instant::now()),
            refusal: None,
        }
    }
}

/// A renewal that put no credential in place.
#[derive(Debug)]
pub struct NotRenewed {
    pub error: OAuthError,
    /// The words the host's request is answered with.
    pub words: String,
    /// They were told already (a failure the request was queued behind).
    pub told: bool,
}

impl CredentialManager {
    /// Whether `t` answers the refusal: another token than the refused one, alive, and (for
    /// a step-up) with the scope the challenge asks for.
    fn answers(&self, t: &TokenSet, r: &Refused<'_>) -> bool {
        let needed = r
            .challenge
            .and_then(|c| c.scope.as_deref())
            .unwrap_or("")
            .split_whitespace();
        let granted: Vec<&str> = t
            .scope
            .as_deref()
            .unwrap_or("")
            .split_whitespace()
            .collect();
        Some(bearer_of(t, self.use_id_token)) != r.bearer
            && !self.bearer_dead(t)
            && (!r.step_up || needed.into_iter().all(|s| granted.contains(&s)))
    }

    /// Obtain a new credential after the refusal `r`. Concurrent callers share one renewal;
    /// a caller whose refused token was replaced meanwhile gets [`Outcome::Adopted`] at once.
    pub async fn renew(&self, r: &Refused<'_>) -> Result<Outcome, OAuthError> {
        self.renew_told(r).await.map_err(|n| n.error)
    }

    /// [`Self::renew`], with the words to answer the host with when it fails.
    pub async fn renew_told(&self, r: &Refused<'_>) -> Result<Outcome, NotRenewed> {
        let result = self.renew_locked(r).await;
        self.settle();
        result
    }

    async fn renew_locked(&self, r: &Refused<'_>) -> Result<Outcome, NotRenewed> {
        let _local = self.renew_lock.lock().await;
        // Replaced since the refused request left: by a refresh of another task's, or another
        // process's credential adopted by this one.
        let in_use = self.current();
        if in_use.as_ref().is_some_and(|t| self.answers(t, r)) {
            debug!("the refused token was replaced meanwhile; sending the request again");
            return Ok(Outcome::Adopted);
        }
        // Queued behind a renewal that failed: its error, and nothing started.
        if let Some(words) = self.episodes.shared_failure(r.origin, self.key.as_str()) {
            return Err(NotRenewed {
                error: OAuthError::Earlier(words.clone()),
                words,
                told: true,
            });
        }
        let _global = self.cross_process_lock().await;
        if let Some(stored) = self.load().await
            && self.answers(&stored, r)
            && in_use
                .as_ref()
                .is_none_or(|c| stored.obtained_at >= c.obtained_at)
        {
            info!("another mcp-bridge process renewed the credential; using it");
            self.use_stored(stored);
            self.episodes.succeeded();
            return Ok(Outcome::Adopted);
        }
        let new_scope = r.step_up && !self.asked_for(r.challenge);
        if r.step_up {
            let mut extra = self
                .extra_scopes
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            for s in r
                .challenge
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
            // A refusal of a token that had not expired is not explained by its expiry: the
            // server may have moved, so discovery runs again rather than use what was kept.
            let look_again = !self.bearer_dead(&current);
            match self.refresh(&current, r.challenge, look_again).await {
                Ok(()) => {
                    self.episodes.succeeded();
                    return Ok(Outcome::Refreshed);
                }
                Err(e) if e.is_rejection() => {
                    info!(error = %e, "the credential cannot be refreshed; signing in again");
                    self.discard(&current, &e).await;
                }
                // Anything else (network, a firewall's page, another OAuth error, hostile
                // metadata) keeps the stored credential, and opens no browser.
                Err(e) => return Err(self.failed(r, e, "refreshing it failed")),
            }
        }
        // The credential the last sign-in gave, refused right away, and the server still names
        // the same authorization server: another sign-in would fare no better, so none opens
        // within --auth-timeout (a step-up to new scope, or a move, is another matter).
        let own = r.bearer.is_some()
            && r.bearer
                == self
                    .signed_in
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .as_ref();
        let same_again = own
            && !new_scope
            && self.episodes.holds_back()
            && !self.moved(in_use.as_ref(), r.challenge).await;
        if let Err(held) = self.episodes.may_open_window(
            r.origin,
            self.key.as_str(),
            same_again,
            r.refusal.as_deref(),
        ) {
            return Err(NotRenewed {
                error: OAuthError::Earlier(held.words.clone()),
                words: held.words,
                told: !held.new,
            });
        }
        let before = self.authorizer.last_window();
        let signed_in = self.sign_in(r.challenge).await;
        if let Some(t) = self.authorizer.last_window()
            && Some(t) != before
        {
            self.episodes.window_opened_at(t);
        }
        match signed_in {
            Ok(_) => {
                self.episodes.succeeded();
                Ok(Outcome::SignedIn)
            }
            Err(e) => Err(self.failed(r, e, "sign-in failed")),
        }
    }

    /// Whether discovery now names another authorization server than the one `refused` came
    /// from.
    async fn moved(&self, refused: Option<&TokenSet>, challenge: Option<&BearerChallenge>) -> bool {
        let hint = challenge.and_then(|c| c.resource_metadata.as_deref());
        match (refused, self.authorizer.discover(hint).await) {
            (Some(t), Ok(found)) => found.auth_server.issuer != t.issuer,
            _ => false,
        }
    }

    /// Whether every scope `challenge` asks for was asked for before (held now, or asked for
    /// by an earlier step-up).
    fn asked_for(&self, challenge: Option<&BearerChallenge>) -> bool {
        let held = self.current().and_then(|t| t.scope).unwrap_or_default();
        let extra = self
            .extra_scopes
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        challenge
            .and_then(|c| c.scope.as_deref())
            .unwrap_or("")
            .split_whitespace()
            .all(|s| held.split_whitespace().any(|h| h == s) || extra.contains(s))
    }

    /// Record a failed renewal: the requests queued behind it share its words.
    fn failed(&self, r: &Refused<'_>, error: OAuthError, what: &str) -> NotRenewed {
        let words = match &r.refusal {
            Some(refusal) => format!("{refusal}; {what}: {error}"),
            None => format!("{what}: {error}"),
        };
        self.episodes.failed(words.clone());
        NotRenewed {
            error,
            words,
            told: false,
        }
    }
}

impl Reauthorizer for CredentialManager {
    fn reauthorize<'a>(
        &'a self,
        err: &'a TransportError,
        origin: Origin,
    ) -> BoxFuture<'a, Result<(), Renewal>> {
        Box::pin(async move {
            let challenge = err.auth_challenge().and_then(BearerChallenge::from_header);
            let bearer = err.refused_bearer();
            let r = Refused {
                challenge: challenge.as_ref(),
                step_up: matches!(err, TransportError::InsufficientScope { .. }),
                bearer,
                origin,
                refusal: bearer.map(|_| err.to_string()),
            };
            if bearer.is_some() {
                info!(refused = %err, "renewing the credential");
            }
            match self.renew_told(&r).await {
                Ok(outcome) => {
                    debug!(?outcome, "credential renewed");
                    Ok(())
                }
                Err(n) => {
                    if !n.told {
                        self.printer.error(&n.words);
                    }
                    Err(Renewal::Failed(n.words))
                }
            }
        })
    }

    fn settled(&self) -> BoxFuture<'_, ()> {
        Box::pin(async move {
            let mut starting = self.starting.subscribe();
            let _ = tokio::time::timeout(START_WAIT, starting.wait_for(|busy| !*busy)).await;
        })
    }
}
