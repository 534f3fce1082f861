//! Flags of `mcp-bridge import`.

use std::path::PathBuf;

use clap::{Args, Subcommand};

/// Import credentials from another tool.
#[derive(Debug, Args)]
pub struct ImportArgs {
    #[command(subcommand)]
    pub from: ImportFrom,
}

#[derive(Debug, Subcommand)]
pub enum ImportFrom {
    /// Import mcp-remote's sign-ins (~/.mcp-auth/mcp-remote-v1 and older mcp-remote-<version>
    /// directories, or under MCP_REMOTE_CONFIG_DIR).
    ///
    /// mcp-remote's files do not name their server, so give the URLs; without any, the
    /// servers that Claude Desktop, Cursor, Claude Code and Windsurf run through mcp-remote
    /// are used, with the options they start it with (--header, --resource,
    /// --authorize-param, … change where mcp-remote files a sign-in). Tokens go to the OS
    /// keyring, registrations to the bridge's state (with their redirect URI, so the next
    /// browser sign-in can use them); existing bridge credentials are kept unless --force.
    /// mcp-remote's files are not changed. Exit 1 when nothing is (or would be) imported.
    #[command(
        after_help = "Examples:\n  mcp-bridge import mcp-remote\n  mcp-bridge import mcp-remote https://mcp.example.com/mcp --dry-run\n  mcp-bridge install claude-desktop example https://mcp.example.com/mcp   # then switch the host over"
    )]
    McpRemote(McpRemoteArgs),
}

#[derive(Debug, Args)]
pub struct McpRemoteArgs {
    /// Servers to import (as given to mcp-remote).
    #[arg(value_name = "URL")]
    pub urls: Vec<String>,
    /// mcp-remote's base directory (holding mcp-remote-v1), or the directory holding the
    /// `<hash>_tokens.json` files itself.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Replace credentials the bridge already has.
    #[arg(long)]
    pub force: bool,
    /// Only say what would be imported.
    #[arg(long)]
    pub dry_run: bool,
    /// Where to put the tokens (default: the keyring when reachable, else the 0600 file).
    #[arg(long, value_name = "STORE", value_parser = ["keyring", "file", "memory"])]
    pub store: Option<String>,
    #[command(flatten)]
    pub network: super::NetworkArgs,
}
