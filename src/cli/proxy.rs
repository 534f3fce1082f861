//! Flags of `mcp-bridge proxy` (and of the mcp-remote compatible form).

use std::path::PathBuf;

use clap::Args;

use super::{AuthArgs, NetworkArgs};
pub use crate::settings::proxy::{ProtocolChoice, TransportStrategy};

pub(super) const EXAMPLES: &str = "\
Examples:
  # Relay to a remote server (Claude Desktop runs this):
  mcp-bridge proxy https://mcp.example.com/mcp

  # mcp-remote compatible form, with a header whose value comes from the environment:
  mcp-bridge https://mcp.example.com/mcp --header 'Authorization: Bearer ${API_TOKEN}'

  # Keep secrets out of the process list:
  mcp-bridge proxy https://mcp.example.com/mcp --header-file ~/.config/mcp/headers

  # An old server that only speaks HTTP+SSE, hiding two tools:
  mcp-bridge proxy https://old.example.com/sse --transport sse-only --ignore-tool 'delete_*'";

#[derive(Debug, Args, Clone)]
pub struct ProxyArgs {
    /// The remote MCP endpoint, e.g. https://mcp.example.com/mcp, or a named server
    /// (`mcp-bridge config add`).
    ///
    /// https is required unless the host is loopback (localhost, 127.0.0.1, ::1) or
    /// --allow-http is given.
    #[arg(value_name = "URL|NAME")]
    pub url: String,

    /// OAuth callback port (mcp-remote's second positional argument). When given, the port is
    /// used strictly, as pre-registered redirect URIs need.
    #[arg(value_name = "PORT")]
    pub port: Option<u16>,

    /// Transport strategy.
    #[arg(long, value_enum, default_value_t, value_name = "STRATEGY")]
    pub transport: TransportStrategy,

    /// MCP revision to speak to the server (mcp-remote's --protocol).
    #[arg(long, value_enum, default_value_t, value_name = "ERA")]
    pub protocol: ProtocolChoice,

    /// Extra header on every request to the server, as "Name: value". Repeatable.
    ///
    /// ${VAR} in the value is replaced from the environment. Values are never logged.
    #[arg(long = "header", short = 'H', value_name = "NAME: VALUE")]
    pub headers: Vec<String>,

    /// Read extra headers from a file, one "Name: value" per line (# starts a comment).
    /// Keeps secrets out of the process list.
    #[arg(long, value_name = "PATH", env = "MCP_BRIDGE_HEADER_FILE")]
    pub header_file: Vec<PathBuf>,

    /// Allow a plain http:// URL for a host that is not loopback.
    #[arg(long)]
    pub allow_http: bool,

    /// Hide tools whose name matches GLOB (`*` wildcard, case-insensitive) from tools/list;
    /// calling one gets a JSON-RPC error. Repeatable.
    #[arg(long, value_name = "GLOB")]
    pub ignore_tool: Vec<String>,

    /// List and allow only tools whose name matches GLOB (`*` wildcard, case-insensitive);
    /// --ignore-tool wins over it. Repeatable. A machine policy's rules apply as well.
    #[arg(long, value_name = "GLOB")]
    pub allow_tool: Vec<String>,

    /// List and allow only the tools the server marks read-only (`readOnlyHint: true`).
    #[arg(long)]
    pub read_only: bool,

    /// Send an MCP ping to the server every 30 seconds (see --ping-interval).
    #[arg(long)]
    pub keep_alive: bool,

    /// Seconds between keep-alive pings; implies --keep-alive.
    #[arg(long, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..))]
    pub ping_interval: Option<u64>,

    /// Seconds to wait for the response headers of each request (0, the default: no limit;
    /// a slow tool call may take long to answer).
    #[arg(long, value_name = "SECONDS", default_value_t = 0)]
    pub headers_timeout: u64,

    /// Seconds a response body or event stream may stay silent before the bridge gives up on
    /// it (an event stream is then reopened). 0, the default: no limit, so idle streams stay
    /// open (mcp-remote's default of 300 closed them).
    #[arg(long, value_name = "SECONDS", default_value_t = 0)]
    pub body_timeout: u64,

    /// Accepted for mcp-remote compatibility (with a warning): the bridge keeps no cookies.
    #[arg(long, hide = true)]
    pub disable_cookies: bool,

    /// Append one JSON line per tools/call to this file (time, server, tool, duration,
    /// outcome, signed-in identity); mode 0600, safe to share between several bridges.
    /// Arguments and results are never written unless --audit-include-arguments.
    #[arg(long, value_name = "PATH", env = "MCP_BRIDGE_AUDIT_LOG")]
    pub audit_log: Option<PathBuf>,

    /// Also write each call's arguments to the audit log (never its results).
    #[arg(long, requires = "audit_log")]
    pub audit_include_arguments: bool,

    /// Accepted for mcp-remote compatibility: proxies from the environment are always used.
    #[arg(long, hide = true)]
    pub enable_proxy: bool,

    /// Largest JSON-RPC message accepted on stdin or from the server, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = 64 * 1024 * 1024)]
    pub max_message_size: usize,

    #[command(flatten)]
    pub auth: AuthArgs,

    #[command(flatten)]
    pub network: NetworkArgs,
}
