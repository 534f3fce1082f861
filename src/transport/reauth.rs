//! The seam between the relay loop ([`crate::proxy`]) and sign-in ([`crate::credential`]), kept
//! below both so that each depends on it and not on the other: when the server answers 401 or
//! `403 insufficient_scope`, the loop asks a [`Reauthorizer`] for a new credential and, if one
//! is in place, replays the request once. When none can be had, the [`Renewal`] error says why
//! in words the host is answered with.

use std::future::Future;
use std::pin::Pin;
use std::time::Instant;

use crate::transport::TransportError;

/// A boxed future, for object safety.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Whose message the server refused: a sign-in starts only for the host's own messages, and
/// only for one the host sent after the last sign-in ended (one browser window per episode).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// A message of the host's, read from stdin at this instant (a replay keeps the instant
    /// the message was first read).
    Host(Instant),
    /// A message of the bridge's own (a keep-alive ping): the credential may be refreshed or
    /// another process's adopted, but no browser opens for it.
    Bridge,
}

/// Why no new credential is in place.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Renewal {
    /// Sign-in is not the bridge's to do (no sign-in configured): the server's answer stands.
    #[error("no sign-in configured")]
    NotConfigured,
    /// The refresh or sign-in failed (or did earlier, for the messages queued behind it): its
    /// own words, which the host's request is answered with.
    #[error("{0}")]
    Failed(String),
}

/// Obtains a new credential after an authorization challenge.
pub trait Reauthorizer: Send + Sync {
    /// Handle the challenge in `err`, refused for a message from `origin`. `Ok` when a new
    /// credential is in place (or already was: another task or process renewed it since the
    /// refused request left) and the request should be sent again.
    fn reauthorize<'a>(
        &'a self,
        err: &'a TransportError,
        origin: Origin,
    ) -> BoxFuture<'a, Result<(), Renewal>>;

    /// Wait (boundedly) while a credential known to have expired is being refreshed at start,
    /// so that no request leaves with a token already known to be dead.
    fn settled(&self) -> BoxFuture<'_, ()> {
        Box::pin(async {})
    }
}

/// No sign-in configured: challenges are reported to the host as errors.
#[derive(Debug, Default)]
pub struct NoReauth;

impl Reauthorizer for NoReauth {
    fn reauthorize<'a>(
        &'a self,
        _err: &'a TransportError,
        _origin: Origin,
    ) -> BoxFuture<'a, Result<(), Renewal>> {
        Box::pin(async { Err(Renewal::NotConfigured) })
    }
}
