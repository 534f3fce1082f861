//! Network flags shared by every command that goes on the network (`proxy`, `login`, `token`,
//! `logout`, `doctor`, `import`, `serve meraki`): one clap group, resolved into the one
//! [`crate::settings::NetworkSettings`] value every HTTP client is built from.

use std::path::PathBuf;

use clap::Args;

#[derive(Debug, Args, Clone)]
#[command(next_help_heading = "Network")]
pub struct NetworkArgs {
    /// Extra PEM certificate(s) to trust besides the operating system's store (a corporate or
    /// VPN certificate authority), for every connection: the MCP server, the authorization
    /// server, Cloudflare Access.
    #[arg(long, value_name = "PATH", env = "MCP_BRIDGE_CA_FILE")]
    pub ca_file: Option<PathBuf>,

    /// Ignore HTTPS_PROXY / HTTP_PROXY / NO_PROXY (they are honoured by default), for every
    /// connection, sign-in included.
    #[arg(long)]
    pub no_proxy: bool,

    /// Connect over IPv4 only (for networks whose IPv6 route goes nowhere), to the MCP server
    /// and the authorization server alike.
    #[arg(long)]
    pub ipv4: bool,

    /// Seconds to wait for a TCP/TLS connection.
    #[arg(long, value_name = "SECONDS", default_value_t = 10)]
    pub connect_timeout: u64,
}

impl Default for NetworkArgs {
    fn default() -> Self {
        NetworkArgs {
            ca_file: None,
            no_proxy: false,
            ipv4: false,
            connect_timeout: 10,
        }
    }
}
