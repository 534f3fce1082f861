//! The flags of `mcp-bridge policy`: showing the machine policy an administrator set.

use clap::{Args, Subcommand};

/// Show the machine policy an administrator set, and where it comes from.
///
/// The system file is /etc/mcp-bridge/policy.toml on Linux, /Library/Application
/// Support/mcp-bridge/policy.toml on macOS and %ProgramData%\mcp-bridge\policy.toml on
/// Windows; MCP_BRIDGE_POLICY names one more. Their rules combine to the strictest, and no
/// flag, variable or named server loosens them.
#[derive(Debug, Args)]
pub struct PolicyArgs {
    #[command(subcommand)]
    pub command: PolicyCommand,
}

#[derive(Debug, Subcommand)]
pub enum PolicyCommand {
    /// Print the policy files and their rules.
    #[command(
        after_help = "Examples:\n  mcp-bridge policy show\n  MCP_BRIDGE_POLICY=./strict.toml mcp-bridge policy show --json"
    )]
    Show {
        /// Machine-readable output on stdout.
        #[arg(long)]
        json: bool,
    },
}
