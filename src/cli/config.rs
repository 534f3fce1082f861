//! Flags of `mcp-bridge config` (named servers).

use clap::{Args, Subcommand};

/// Manage named servers, so that a host config can say `mcp-bridge proxy NAME`.
///
/// The file is `config.toml` in the configuration directory (MCP_BRIDGE_CONFIG names another).
/// Each `[servers.NAME]` table has a `url` and any long flag of `mcp-bridge proxy` as a
/// setting. The command line wins over the environment, which wins over the file; repeatable
/// flags (--header) add up, and a switch the file turns on is turned off with --no-SWITCH
/// (e.g. --no-use-id-token). A name follows the subcommand: `mcp-bridge proxy meraki`,
/// `mcp-bridge login meraki` (`mcp-bridge meraki …` stays the Meraki key command).
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  mcp-bridge config add meraki https://meraki-mcp.example.com/mcp --cf-access-team myteam --client-id 0123abcd\n  mcp-bridge proxy meraki            # what the host config runs\n  mcp-bridge config show\n  mcp-bridge config remove meraki\n  $EDITOR \"$(mcp-bridge config path)\""
)]
pub struct ConfigArgs {
    #[command(subcommand)]
    pub action: ConfigAction,
}

#[derive(Debug, Subcommand)]
pub enum ConfigAction {
    /// Print the config file's path (it need not exist yet).
    Path,
    /// Check the file and print it, or one server's settings.
    Show {
        /// Only this server.
        name: Option<String>,
    },
    /// Add a server, or replace the one with this name (comments and other servers are kept).
    Add {
        /// The name to use in `mcp-bridge proxy NAME` (letters, digits, `-`, `_`; not starting
        /// with `-`).
        name: String,
        /// The server's URL.
        url: String,
        /// Flags of `mcp-bridge proxy` to keep with it (secrets, including literal credential
        /// headers, are refused: write `--header 'Authorization: Bearer ${TOKEN}'`).
        #[arg(
            trailing_var_arg = true,
            allow_hyphen_values = true,
            value_name = "PROXY FLAGS"
        )]
        flags: Vec<String>,
    },
    /// Remove a server.
    Remove { name: String },
}
