//! The settings of a command, resolved once and without side effects from the parsed
//! arguments ([`crate::cli`]), the environment (read once, [`env`]) and the named-server file
//! (already folded into the arguments by [`crate::settings::named::resolve_names`]). The layers below
//! take these typed values, never the clap structs: [`NetworkSettings`] makes every HTTP
//! client, [`AuthSettings`] drives the sign-in, [`StoreSettings`] opens the credential store,
//! [`ProxySettings`] runs the relay. A flag that cannot be used is a [`UsageError`] (exit 2)
//! found here, before any request goes out.

pub mod auth;
pub mod env;
pub mod log;
pub mod named;
pub mod network;
pub mod proxy;
pub mod store;

pub use auth::{AuthSettings, GrantKind, RedirectSpec, ServiceTokenSettings, StaticClient};
pub use env::Env;
pub use network::{NetworkSettings, ProxyChoice};
pub use proxy::{ProtocolChoice, ProxySettings, TransportStrategy};
pub use store::StoreSettings;

/// A command line that cannot be run as given (exit 2, like clap's own errors). Nothing has
/// been changed when a command returns one.
#[derive(Debug)]
pub struct UsageError(pub String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}
