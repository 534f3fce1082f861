//! One module per subcommand. Each takes its parsed arguments and returns `anyhow::Result`;
//! `lib::run` turns the outcome into an exit code: `Ok(false)` or an error exit 1, a
//! [`UsageError`] exits 2.

pub mod completions;
pub mod config;
pub mod context;
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
