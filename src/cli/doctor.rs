//! Flags of `mcp-bridge doctor`.

use std::path::PathBuf;

use clap::Args;

use super::{AuthArgs, NetworkArgs};

/// Check every link from this machine to a remote MCP server, and say how to fix what is broken.
///
/// Walks the chain the bridge goes through: name resolution, the connection and TLS, the
/// server's 401 challenge, its resource metadata, the authorization server's metadata and
/// issuer, how the client registers, PKCE, the stored credential and its freshness, the OS
/// keyring, the transport, an initialize round trip and the tool count. Nothing is changed:
/// no sign-in, no refresh, no registration.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  mcp-bridge doctor https://mcp.example.com/mcp\n  mcp-bridge doctor https://mcp.example.com/mcp --json > doctor.json\n  mcp-bridge doctor https://meraki-mcp.example.com/mcp --cf-access-team myteam --client-id 0123abcd"
)]
pub struct DoctorArgs {
    /// The remote MCP endpoint, or a named server (`mcp-bridge config`), as given to
    /// `mcp-bridge proxy`.
    #[arg(value_name = "URL|NAME")]
    pub url: String,

    /// Print the report as JSON on stdout (for bug reports).
    #[arg(long)]
    pub json: bool,

    /// Extra header, as for `proxy` (${VAR} expanded). Repeatable.
    #[arg(long = "header", short = 'H', value_name = "NAME: VALUE")]
    pub headers: Vec<String>,

    /// Read extra headers from a file, as for `proxy`.
    #[arg(long, value_name = "PATH")]
    pub header_file: Vec<PathBuf>,

    /// Allow a plain http:// URL for a host that is not loopback.
    #[arg(long)]
    pub allow_http: bool,

    #[command(flatten)]
    pub auth: AuthArgs,

    #[command(flatten)]
    pub network: NetworkArgs,
}
