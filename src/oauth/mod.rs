//! OAuth 2.1 for MCP clients: everything between a server's `401` and a bearer token.
//!
//! | module | owns |
//! |---|---|
//! | [`challenge`] | `WWW-Authenticate` parsing |
//! | [`discovery`] | resource metadata (RFC 9728), authorization server metadata (RFC 8414 / OIDC) |
//! | [`registration`] | pre-registered clients, Client ID Metadata Documents, dynamic registration |
//! | [`pkce`] | PKCE S256 and `state` |
//! | [`callback`] | the loopback listener that receives the authorization response |
//! | [`callback_page`] | the page the browser shows at the end of a sign-in |
//! | [`browser`] | checking and opening the authorization URL, never through a shell |
//! | [`pasted`] | the address the browser ended on, pasted, when the browser is on another machine |
//! | [`token`] | the token endpoint: code, refresh, client credentials, revocation |
//! | [`device`] | the device authorization grant |
//! | [`configured`] | an authorization server named by the user (Access for SaaS, `--authorization-server`) |
//! | [`jwks`] | ID token verification against the server's keys |
//! | [`redirect`] | the loopback redirect URI's host when registration refuses one |
//! | [`flow`] | the whole sign-in, start to end (the code flow in `flow/code.rs`, ID token checks in `flow/id_tokens.rs`) |

pub mod browser;
pub mod callback;
pub mod callback_guard;
pub mod callback_page;
pub mod challenge;
pub mod configured;
pub mod device;
pub mod discovery;
mod error;
pub mod flow;
pub mod id_token;
pub mod jwks;
pub mod pasted;
pub mod pkce;
pub mod redirect;
pub mod registration;
pub mod token;

pub use error::{Ended, OAuthError};
pub use flow::{Authorizer, Grant};
