//! One module per subcommand. Each takes its parsed arguments and returns `anyhow::Result`;
//! `lib::run` turns the outcome into an exit code: `Ok(false)` or an error exit 1, a
//! [`UsageError`] exits 2.

pub mod completions;
pub mod config;
pub mod doctor;
pub mod import;
pub mod install;
pub mod login;
pub mod logout;
pub mod meraki_key;
pub mod output;
pub mod policy;
pub mod proxy;
pub mod secret_input;
pub mod serve;
pub mod status;
pub mod token;

pub use crate::settings::UsageError;

/// Say which of the given mcp-remote flags the bridge accepts but does not act on.
pub fn warn_ignored(auth: &crate::settings::AuthSettings, printer: &crate::printer::Printer) {
    for w in &auth.ignored {
        printer.warn(*w);
    }
}
