//! Flags of `mcp-bridge status`.

use clap::Args;

/// Show the stored credentials.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  mcp-bridge status\n  mcp-bridge status https://mcp.example.com/mcp --json"
)]
pub struct StatusArgs {
    /// Only this server (its URL, or its name in `mcp-bridge config`).
    #[arg(value_name = "URL|NAME")]
    pub url: Option<String>,

    /// Machine-readable output on stdout.
    #[arg(long)]
    pub json: bool,

    /// Credential store to read (default: the keyring when reachable, else the file).
    #[arg(long, value_name = "STORE", value_parser = ["keyring", "file", "memory"])]
    pub store: Option<String>,
}
