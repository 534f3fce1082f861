//! How the relay runs: the transport strategy, the protocol revision, keep-alive, timeouts,
//! message size, tool filter and audit log of `mcp-bridge proxy`, resolved from its flags.
//! (The sign-in and network flags it shares with other commands are [`super::AuthSettings`] and
//! [`super::NetworkSettings`].)

use std::path::PathBuf;
use std::time::Duration;

use clap::ValueEnum;

use crate::cli::ProxyArgs;

/// How the bridge picks between Streamable HTTP and the legacy HTTP+SSE transport.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum TransportStrategy {
    /// Streamable HTTP; fall back to HTTP+SSE when the server answers 400, 404 or 405.
    #[default]
    HttpFirst,
    /// HTTP+SSE; fall back to Streamable HTTP when the SSE stream cannot be opened.
    SseFirst,
    /// Streamable HTTP only.
    HttpOnly,
    /// HTTP+SSE (2024-11-05) only.
    SseOnly,
}

/// Which revision of MCP to speak to the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ProtocolChoice {
    /// Probe with server/discover and speak 2026-07-28 when the server does, else
    /// initialize (what each origin speaks is remembered). A server that speaks both keeps a
    /// 2025-11-25 host that takes sampling, elicitation or roots requests on its own revision.
    #[default]
    Auto,
    /// Only the initialize-based revisions (up to 2025-11-25).
    Legacy,
    /// The stateless 2026-07-28 revision: for a 2025-11-25 host the bridge answers initialize
    /// from server/discover and translates; a 2026-07-28 host's messages pass through.
    Modern,
}

/// Everything about the relay a `proxy` command was told.
#[derive(Debug, Clone)]
pub struct ProxySettings {
    pub strategy: TransportStrategy,
    pub protocol: ProtocolChoice,
    /// The keep-alive period, if keep-alive is on.
    pub ping_period: Option<Duration>,
    /// How long to wait for a response's headers (`None`: no limit).
    pub headers_timeout: Option<Duration>,
    /// How long a response body may stay silent (`None`: no limit).
    pub body_timeout: Option<Duration>,
    pub max_message_size: usize,
    /// `--ignore-tool` patterns.
    pub allow_tool: Vec<String>,
    pub ignore_tool: Vec<String>,
    /// Only tools annotated `readOnlyHint: true`.
    pub read_only: bool,
    pub audit_log: Option<PathBuf>,
    pub audit_include_arguments: bool,
    /// `--disable-cookies` was given (it has no effect).
    pub disable_cookies: bool,
}

impl ProxySettings {
    pub fn resolve(args: &ProxyArgs) -> ProxySettings {
        let seconds = |s: u64| (s > 0).then(|| Duration::from_secs(s));
        ProxySettings {
            strategy: args.transport,
            protocol: args.protocol,
            ping_period: match (args.keep_alive, args.ping_interval) {
                (_, Some(s)) => Some(Duration::from_secs(s)),
                (true, None) => Some(Duration::from_secs(30)),
                (false, None) => None,
            },
            headers_timeout: seconds(args.headers_timeout),
            body_timeout: seconds(args.body_timeout),
            max_message_size: args.max_message_size,
            allow_tool: args.allow_tool.clone(),
            ignore_tool: args.ignore_tool.clone(),
            read_only: args.read_only,
            audit_log: args.audit_log.clone(),
            audit_include_arguments: args.audit_include_arguments,
            disable_cookies: args.disable_cookies,
        }
    }
}
