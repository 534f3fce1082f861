//! The credential of one server over its whole life in a bridge process: the stored token is
//! put in place at start (no network, unless it is known to have expired: then it is refreshed
//! before the first request), a `401` leads to a refresh and then, only if the refresh
//! token is rejected, to a browser sign-in; a `403 insufficient_scope` leads to a sign-in for the
//! union of scopes. A per-server lock across processes makes one bridge do the work while the
//! others wait and adopt its result; a refusal of a token already replaced only replays the
//! request ([`renewal`]). A token's real expiry is read from the token too ([`expiry`]). The
//! requests queued behind a failed sign-in share its error, and a new browser window opens at
//! most once per `--auth-timeout` ([`episode`]). A new refresh token is stored before the new
//! access token is used.

pub mod context;
pub mod episode;
pub mod expiry;
pub mod manager;
pub mod renewal;

pub use context::ServerContext;
pub use manager::CredentialManager;
pub use renewal::{Outcome, Refused};
