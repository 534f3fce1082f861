//! The seam between the relay loop and sign-in: when the server answers 401 or
//! `403 insufficient_scope`, the loop asks a [`Reauthorizer`] for a new credential and, if one
//! is in place, replays the request once.

use std::future::Future;
use std::pin::Pin;

use crate::transport::TransportError;

/// A boxed future, for object safety.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Obtains a new credential after an authorization challenge.
pub trait Reauthorizer: Send + Sync {
    /// Handle the challenge in `err`. Returns true when a new credential is in place and the
    /// request should be sent again, false to report the error to the host.
    fn reauthorize<'a>(&'a self, err: &'a TransportError) -> BoxFuture<'a, bool>;
}

/// No sign-in configured: challenges are reported to the host as errors.
#[derive(Debug, Default)]
pub struct NoReauth;

impl Reauthorizer for NoReauth {
    fn reauthorize<'a>(&'a self, _err: &'a TransportError) -> BoxFuture<'a, bool> {
        Box::pin(async { false })
    }
}
