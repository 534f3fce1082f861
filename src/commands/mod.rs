//! One module per subcommand. Each takes its parsed arguments and returns `anyhow::Result`;
//! `lib::run` turns the outcome into an exit code.

pub mod completions;
pub mod config;
pub mod context;
pub mod doctor;
pub mod import;
pub mod install;
pub mod login;
pub mod logout;
pub mod meraki_key;
pub mod proxy;
pub mod secret_input;
pub mod serve;
pub mod status;
pub mod token;
