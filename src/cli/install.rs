//! Flags of `mcp-bridge install` and `uninstall`.

use std::path::PathBuf;

use clap::Args;

use crate::hostconfig::Host;

const INSTALL_EXAMPLES: &str = "\
Examples:
  mcp-bridge install claude-desktop meraki https://meraki-mcp.example.com/mcp
  mcp-bridge install claude-desktop meraki-demo serve meraki --demo   # the local Meraki tools
  mcp-bridge install cursor meraki meraki                 # a named server (mcp-bridge config add)
  mcp-bridge install claude-code docs https://mcp.example.com/mcp --scope 'mcp:read'
  mcp-bridge install claude-desktop meraki https://meraki-mcp.example.com/mcp --print
  mcp-bridge install windsurf api https://api.example.com/mcp --header 'Authorization: Bearer ${API_TOKEN}'
  mcp-bridge uninstall claude-desktop meraki";

/// Add this bridge to a desktop host's MCP config (Claude Desktop, Cursor, Claude Code, Windsurf).
///
/// Writes or updates `mcpServers.NAME` with the absolute path of this binary and
/// `proxy SERVER FLAGS…` (run through npx, `npx -y mcp-bridge@VERSION proxy …`; from a global
/// npm install, npm's `mcp-bridge` command). The flags are checked as `mcp-bridge proxy` would check them before
/// anything is written, and secrets are refused (they belong in the environment, a file or the
/// keyring, not in the host's file). An existing entry keeps its other keys (`env`,
/// `disabled`, …); an entry that runs something else than mcp-bridge or mcp-remote is only
/// replaced with --force. The file is changed in place: comments, formatting and everything
/// else in it stay as they were. The file before the first change is kept as FILE.bak, later
/// ones as FILE.bak.<time>; a file that cannot be read as JSON is never touched. Restart the
/// host afterwards.
///
/// With `serve meraki` in place of SERVER, the entry runs the local Meraki server instead:
/// `install claude-desktop meraki serve meraki [--demo] [serve flags]`.
///
/// --print, --config-file and --force may come anywhere; every other word after SERVER is a
/// flag for `proxy` (or for `serve meraki`).
#[derive(Debug, Args)]
#[command(after_help = INSTALL_EXAMPLES)]
pub struct InstallArgs {
    /// The host whose config to change.
    #[arg(value_enum)]
    pub host: Host,
    /// The entry's name in the host (what the model sees as the server's name).
    pub name: String,
    /// The server's URL, a named server from `mcp-bridge config`, or `serve` (then `meraki`
    /// and its flags) for the local Meraki tools.
    #[arg(value_name = "URL|NAME|serve")]
    pub server: String,
    /// Flags of `mcp-bridge proxy` (or of `serve meraki`) to run with, and, anywhere among
    /// them, the options here.
    #[arg(
        trailing_var_arg = true,
        allow_hyphen_values = true,
        value_name = "FLAGS"
    )]
    pub flags: Vec<String>,
    /// Print the entry instead of writing the file.
    #[arg(long)]
    pub print: bool,
    /// Change this file instead of the host's usual one.
    #[arg(long, value_name = "PATH")]
    pub config_file: Option<PathBuf>,
    /// Replace an entry of this name that runs something else.
    #[arg(long)]
    pub force: bool,
}

/// Remove this bridge's entry from a desktop host's MCP config.
///
/// Only an entry that runs mcp-bridge is removed, unless --force. The file is changed in place
/// and backed up as for `install`.
#[derive(Debug, Args)]
#[command(after_help = "Example:\n  mcp-bridge uninstall claude-desktop meraki")]
pub struct UninstallArgs {
    #[arg(value_enum)]
    pub host: Host,
    /// The entry's name.
    pub name: String,
    /// Change this file instead of the host's usual one.
    #[arg(long, value_name = "PATH")]
    pub config_file: Option<PathBuf>,
    /// Remove the entry even when it does not run mcp-bridge.
    #[arg(long)]
    pub force: bool,
}
