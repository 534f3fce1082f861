//! Flags of `mcp-bridge meraki`: managing the Dashboard API key that `serve meraki` uses.

use clap::{Args, Subcommand};

#[derive(Debug, Args)]
pub struct MerakiArgs {
    #[command(subcommand)]
    pub action: MerakiAction,
}

#[derive(Debug, Subcommand)]
pub enum MerakiAction {
    /// Store the Meraki Dashboard API key in the OS keyring for `serve meraki`.
    ///
    /// The key is read from a hidden prompt on a terminal, or from the first line of stdin
    /// when stdin is a pipe. It is never taken from the command line, where other users and
    /// shell history could see it. `serve meraki` uses the stored key when neither
    /// MERAKI_DASHBOARD_API_KEY nor --api-key-file is given.
    #[command(after_help = SET_KEY_EXAMPLES)]
    SetKey(KeyStoreArgs),

    /// Delete the stored Meraki Dashboard API key.
    #[command(after_help = "Example:\n  mcp-bridge meraki remove-key")]
    RemoveKey(KeyStoreArgs),

    /// Say whether a Meraki Dashboard API key is stored, and where (never the key itself).
    #[command(after_help = "Example:\n  mcp-bridge meraki key-status")]
    KeyStatus(KeyStoreArgs),
}

const SET_KEY_EXAMPLES: &str = "\
Examples:
  Type or paste the key at the hidden prompt:
    mcp-bridge meraki set-key

  From a password manager, without the key touching the command line:
    pass show meraki/api-key | mcp-bridge meraki set-key";

#[derive(Debug, Args)]
pub struct KeyStoreArgs {
    /// Where the key lives: the OS keyring (default), or the 0600 file in the data directory.
    ///
    /// set-key refuses to fall back to the file on its own when no keyring answers: pass
    /// --store file to accept a plaintext file.
    #[arg(long, value_name = "STORE", value_parser = ["keyring", "file"])]
    pub store: Option<String>,
}
