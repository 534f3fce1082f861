//! The credential of one server over its whole life in a bridge process: the stored token is
//! put in place at start (no network), a `401` leads to a refresh and then, only if the refresh
//! token is rejected, to a browser sign-in; a `403 insufficient_scope` leads to a sign-in for the
//! union of scopes. A per-server lock across processes makes one bridge do the work while the
//! others wait and adopt its result. A new refresh token is stored before the new access token
//! is used.

pub mod manager;
mod registrations;

pub use manager::{CredentialManager, Outcome};
pub use registrations::{StateEras, StateHandshake, StateRegistrations};
