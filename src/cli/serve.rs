//! Flags of `mcp-bridge serve`.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use crate::meraki::Region;

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(subcommand)]
    pub catalog: ServeCatalog,
}

#[derive(Debug, Subcommand)]
pub enum ServeCatalog {
    /// Serve the Cisco Meraki Dashboard tools over stdio, calling the Dashboard API directly.
    ///
    /// An MCP server for a desktop host (Claude Desktop, Cursor, Claude Code): 27 read-only
    /// tools (organizations, networks, devices, clients, switch, wireless and appliance data)
    /// plus `meraki_search_operations` and `meraki_api_get`, which reach every read operation of
    /// the Dashboard API v1. Nothing is changed on your networks unless --allow-writes is given.
    ///
    /// The API key comes from --api-key-file, MERAKI_DASHBOARD_API_KEY, or the OS keyring
    /// (store it there with `mcp-bridge meraki set-key`), in that order; never from the
    /// command line. It is sent only to Meraki hosts (and the exact --base-url origin); a redirect to
    /// any other host is refused.
    ///
    /// Requests are paced to at most 10 per second per organization, 429 answers are retried
    /// after their Retry-After, and organizations, networks and clients are cached for 30, 15
    /// and 5 minutes.
    #[command(after_help = MERAKI_EXAMPLES)]
    Meraki(MerakiServeArgs),
}

const MERAKI_EXAMPLES: &str = "\
Examples:
  Try it now, no key and no network (answers are the API reference's examples):
    mcp-bridge serve meraki --demo

  With your key in the OS keyring (asked once, hidden), then the host's entry written for you:
    mcp-bridge meraki set-key
    mcp-bridge install claude-desktop meraki serve meraki

  Key from a file, Canada region, longer cache:
    mcp-bridge serve meraki --api-key-file ~/.config/meraki/key --region canada \\
      --cache-ttl-networks 3600

  Check by hand (one JSON-RPC message per line on stdin):
    printf '%s\\n' '{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}' | mcp-bridge serve meraki --demo";

#[derive(Debug, Args)]
pub struct MerakiServeArgs {
    /// Answer every tool from example data built into the binary; needs no key and no network.
    ///
    /// Each answer is the Dashboard API reference's example response and says it is demo data.
    #[arg(long)]
    pub demo: bool,

    /// The Dashboard region to call [env: MERAKI_REGION] [default: global].
    ///
    /// On the command line it wins over MERAKI_BASE_URL and MERAKI_REGION.
    #[arg(long, value_enum)]
    pub region: Option<Region>,

    /// Call this API root instead of a region's (a gateway, a test server) [env: MERAKI_BASE_URL].
    ///
    /// The key is sent to this exact origin (scheme, host and port); use https unless it is on
    /// this machine. On the command line it wins over MERAKI_REGION and MERAKI_BASE_URL.
    #[arg(long, value_name = "URL", conflicts_with = "region")]
    pub base_url: Option<url::Url>,

    /// Also send the key to this origin when the API redirects or pages there, as to a
    /// Meraki host (test setups with a second local server as an organization's shard).
    #[arg(long, value_name = "ORIGIN", hide = true)]
    pub trust_origin: Vec<url::Url>,

    /// Read the API key from this file (instead of MERAKI_DASHBOARD_API_KEY or the keyring).
    #[arg(long, value_name = "PATH")]
    pub api_key_file: Option<PathBuf>,

    /// Also offer `meraki_api_call`, which runs operations that change the configuration
    /// (POST, PUT, DELETE). Off by default: every tool is read-only.
    ///
    /// MERAKI_ALLOW_WRITES=true does the same (false, 0, no, off or empty: read-only).
    #[arg(
        long,
        env = "MERAKI_ALLOW_WRITES",
        value_parser = clap::builder::FalseyValueParser::new(),
        hide_env = true
    )]
    pub allow_writes: bool,

    /// Offer only the read-only tools: what the server does without --allow-writes, accepted
    /// so that every command takes the same flag.
    #[arg(long, conflicts_with = "allow_writes")]
    pub read_only: bool,

    /// Offer only tools whose name matches GLOB (`*` wildcard, case-insensitive); repeatable.
    #[arg(long, value_name = "GLOB")]
    pub allow_tool: Vec<String>,

    /// Hide tools whose name matches GLOB; calling one gets a JSON-RPC error. Repeatable.
    #[arg(long, value_name = "GLOB")]
    pub ignore_tool: Vec<String>,

    /// The most pages followed for one list (`Link: rel=next`).
    #[arg(long, value_name = "N", default_value_t = 50, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub max_pages: u32,

    /// Requests per second per organization (the Dashboard allows 10).
    #[arg(long, value_name = "N", default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=100))]
    pub rate_limit: u32,

    /// Retries after a 429 answer before giving up.
    #[arg(long, value_name = "N", default_value_t = 5)]
    pub max_retries: u32,

    /// Retries after a 5xx answer or a failed connection (reads only).
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub max_server_retries: u32,

    /// The first retry wait in milliseconds, doubled each time (a 429's Retry-After wins).
    #[arg(long, value_name = "MS", default_value_t = 1000, hide = true)]
    pub retry_base_delay_ms: u64,

    /// Seconds to wait for one API answer.
    #[arg(long, value_name = "SECS", default_value_t = 60)]
    pub timeout: u64,

    /// Cache nothing.
    #[arg(long)]
    pub no_cache: bool,

    /// Seconds to keep the list of organizations and organization details.
    #[arg(long, value_name = "SECS", default_value_t = 1800)]
    pub cache_ttl_organizations: u64,

    /// Seconds to keep network lists and network details.
    #[arg(long, value_name = "SECS", default_value_t = 900)]
    pub cache_ttl_networks: u64,

    /// Seconds to keep client lists.
    #[arg(long, value_name = "SECS", default_value_t = 300)]
    pub cache_ttl_clients: u64,

    /// Tool results above this many bytes are cut (long lists shortened) with a note saying so.
    #[arg(long, value_name = "BYTES", default_value_t = 256 * 1024)]
    pub max_result_bytes: usize,

    #[command(flatten)]
    pub network: super::NetworkArgs,
}
