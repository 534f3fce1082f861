//! Flags of `mcp-bridge login`, `logout` and `token`: one server's credential.

use clap::Args;

use super::{AuthArgs, NetworkArgs};

/// Sign in to a remote MCP server.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  mcp-bridge login https://mcp.example.com/mcp\n  mcp-bridge login https://mcp.example.com/mcp --no-browser   (browser elsewhere: paste the address it ends on)\n  mcp-bridge login https://mcp.example.com/mcp --force --scope 'mcp:read mcp:write'\n\n  Cloudflare Access for SaaS (the application's client id; redirect URI http://127.0.0.1:8976/callback):\n  mcp-bridge login https://meraki-mcp.example.com/mcp --cf-access-team myteam --client-id 0123abcd\n\n  Keep a Cloudflare Access service token in the keyring (the secret is asked for, hidden):\n  mcp-bridge login https://mcp.example.com/mcp --cf-access-client-id 1a2b.access"
)]
pub struct LoginArgs {
    /// The remote MCP endpoint, or a named server (`mcp-bridge config`).
    #[arg(value_name = "URL|NAME")]
    pub url: String,

    /// Sign in again even when a usable credential is stored.
    #[arg(long)]
    pub force: bool,

    /// Allow a plain http:// URL for a host that is not loopback.
    #[arg(long)]
    pub allow_http: bool,

    #[command(flatten)]
    pub auth: AuthArgs,

    #[command(flatten)]
    pub network: NetworkArgs,
}

/// Sign out of one server, or all.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  mcp-bridge logout https://mcp.example.com/mcp\n  mcp-bridge logout --all"
)]
pub struct LogoutArgs {
    /// The server to sign out of.
    #[arg(
        value_name = "URL|NAME",
        required_unless_present = "all",
        conflicts_with = "all"
    )]
    pub url: Option<String>,

    /// Sign out of every stored server.
    #[arg(long)]
    pub all: bool,

    /// Only delete locally; do not ask the authorization server to revoke the tokens.
    #[arg(long)]
    pub no_revoke: bool,

    /// Credential store to clear (default: the keyring when reachable, else the file).
    #[arg(long, value_name = "STORE", value_parser = ["keyring", "file", "memory"])]
    pub store: Option<String>,

    #[command(flatten)]
    pub network: NetworkArgs,
}

/// Print a valid access token (refreshing it when needed).
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  curl -H \"Authorization: Bearer $(mcp-bridge token https://mcp.example.com/mcp)\" https://mcp.example.com/mcp\n  mcp-bridge token https://mcp.example.com/mcp --json\n  mcp-bridge token https://mcp.example.com/mcp --refresh\n\nExit status: 0 with the token on stdout; 1 when you must sign in (the command to run is on stderr)."
)]
pub struct TokenArgs {
    /// The remote MCP endpoint, or a named server (`mcp-bridge config`).
    #[arg(value_name = "URL|NAME")]
    pub url: String,

    /// Print {"access_token", "token_type", "expires_at", "scope"} as JSON.
    #[arg(long)]
    pub json: bool,

    /// Refresh even if the token is still valid.
    #[arg(long)]
    pub refresh: bool,

    /// Sign in through the browser when there is no usable credential.
    #[arg(long)]
    pub login: bool,

    /// Allow a plain http:// URL for a host that is not loopback.
    #[arg(long)]
    pub allow_http: bool,

    #[command(flatten)]
    pub auth: AuthArgs,

    #[command(flatten)]
    pub network: NetworkArgs,
}
