//! The command line, declared with clap's derive API. The doc comments here are the `--help`
//! text and the man page, so they are written for the person reading them.

mod auth;
mod config;
mod doctor;
mod import;
mod install;
pub mod meraki;
pub mod negations;
mod network;
mod policy;
mod proxy;
mod proxy_only;
pub mod serve;
mod sign_in;
mod status;

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::settings::env;

pub use auth::AuthArgs;
pub use config::{ConfigAction, ConfigArgs};
pub use doctor::DoctorArgs;
pub use import::{ImportArgs, ImportFrom, McpRemoteArgs};
pub use install::{InstallArgs, UninstallArgs};
pub use network::NetworkArgs;
pub use policy::{PolicyArgs, PolicyCommand};
pub use proxy::{ProtocolChoice, ProxyArgs, TransportStrategy};
pub use serve::ServeArgs;
pub use sign_in::{LoginArgs, LogoutArgs, TokenArgs};
pub use status::StatusArgs;

/// Bridge a desktop MCP host (Claude Desktop, Cursor, Claude Code, …) to a remote MCP server.
///
/// The host launches mcp-bridge over stdio; mcp-bridge speaks Streamable HTTP (or the legacy
/// HTTP+SSE transport) to the remote server and relays JSON-RPC both ways. stdout carries only
/// JSON-RPC; every human message and log line goes to stderr.
///
/// The mcp-remote form `mcp-bridge <URL> [PORT] [flags]` is accepted and means `mcp-bridge proxy`.
#[derive(Debug, Parser)]
#[command(
    name = "mcp-bridge",
    version,
    args_override_self = true,
    propagate_version = true,
    after_help = "Examples:\n  mcp-bridge proxy https://mcp.example.com/mcp\n  mcp-bridge https://mcp.example.com/mcp --header 'Authorization: Bearer ${TOKEN}'\n  mcp-bridge serve meraki --demo"
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

/// Options every subcommand understands.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// More log output on stderr (-v info, -vv debug, -vvv trace). RUST_LOG overrides it.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,

    /// Only errors on stderr.
    #[arg(
        short,
        long,
        global = true,
        alias = "silent",
        conflicts_with = "verbose"
    )]
    pub quiet: bool,

    /// Debug logging, as mcp-remote's `--debug` (same as -vv).
    #[arg(long, global = true)]
    pub debug: bool,

    /// Write logs to this file (appended, mode 0600) instead of stderr.
    #[arg(long, global = true, value_name = "PATH", env = "MCP_BRIDGE_LOG_FILE")]
    pub log_file: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Relay MCP between the stdio host and a remote server (the host runs this).
    ///
    /// Reads newline-delimited JSON-RPC on stdin, sends it to the remote server, and writes the
    /// server's messages to stdout. Ends on stdin EOF, SIGINT or SIGTERM, after closing the
    /// remote session.
    #[command(after_help = proxy::EXAMPLES)]
    Proxy(ProxyArgs),

    /// Sign in to a remote server in the browser and store the credential.
    Login(LoginArgs),

    /// Remove a server's stored credential and revoke it.
    Logout(LogoutArgs),

    /// Print a valid access token for scripts (refreshing it when needed).
    Token(TokenArgs),

    // The help text is the doc comment of the arguments' struct (a doc comment here would
    // replace its long form).
    Doctor(DoctorArgs),

    /// Show the stored credentials (exit 1 when one is unusable).
    Status(StatusArgs),

    // The help text is the doc comment of the arguments' struct.
    Policy(PolicyArgs),

    /// Serve a tool catalog locally over stdio (no remote hop).
    Serve(ServeArgs),

    /// Manage the Meraki Dashboard API key used by `serve meraki` (kept in the OS keyring).
    Meraki(meraki::MerakiArgs),

    // The help text is the doc comment of the arguments' struct (a doc comment here would
    // replace its long form).
    Install(InstallArgs),

    // The help text is the doc comment of the arguments' struct (a doc comment here would
    // replace its long form).
    Uninstall(UninstallArgs),

    /// Import sign-ins from mcp-remote, so that switching needs no new sign-in.
    Import(ImportArgs),

    // The help text is the doc comment of the arguments' struct (a doc comment here would
    // replace its long form).
    Config(ConfigArgs),

    /// Print a shell completion script to stdout.
    ///
    /// Example: mcp-bridge completions bash > ~/.local/share/bash-completion/completions/mcp-bridge
    Completions {
        /// The shell to generate for.
        shell: clap_complete::Shell,
    },

    /// Print a man page (roff) to stdout, or write them all with --dir.
    ///
    /// There is one page per command: mcp-bridge(1), mcp-bridge-install(1),
    /// mcp-bridge-config-add(1), …
    #[command(
        after_help = "Examples:\n  mcp-bridge man --dir ~/.local/share/man/man1   # all pages; then `man mcp-bridge-install`\n  mcp-bridge man install | man -l -"
    )]
    Man {
        /// The command whose page to print, e.g. `install` or `config add` (default: the top level).
        #[arg(value_name = "COMMAND")]
        command: Vec<String>,
        /// Write every page into this directory instead (created if needed).
        #[arg(long, value_name = "DIR", conflicts_with = "command")]
        dir: Option<PathBuf>,
    },
}

/// The parser: the derived definition with the `--no-SWITCH` negations ([`negations`]), and
/// environment variables that are set but empty taken as unset ([`without_empty_env`]).
pub fn command() -> clap::Command {
    use clap::CommandFactory;
    without_empty_env(negations::with_negations(Cli::command()), &set_but_empty)
}

fn set_but_empty(name: &std::ffi::OsStr) -> bool {
    env::Var::find(name)
        .and_then(env::os)
        .is_some_and(|v| v.is_empty())
}

/// `cmd` with the variable dropped from every argument whose variable `is_empty` says is set
/// to nothing. A host that fills `env` from a form (a Claude Desktop extension's optional
/// fields, `"CF_ACCESS_CLIENT_ID": ""`) sets variables to the empty string: that means "not
/// given", not a value of nothing.
pub fn without_empty_env(
    mut cmd: clap::Command,
    is_empty: &dyn Fn(&std::ffi::OsStr) -> bool,
) -> clap::Command {
    let empty: Vec<clap::Id> = cmd
        .get_arguments()
        .filter(|a| a.get_env().is_some_and(is_empty))
        .map(|a| a.get_id().clone())
        .collect();
    for id in empty {
        cmd = cmd.mut_arg(id, |a| a.env(None::<&'static str>));
    }
    let subcommands: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_owned())
        .collect();
    for name in subcommands {
        cmd = cmd.mut_subcommand(name, |sub| without_empty_env(sub, is_empty));
    }
    cmd
}

/// Parse arguments (already normalized and with server names resolved).
///
/// `mcp-bridge proxy …` is tried first with a tree of that one subcommand ([`proxy_only`]).
pub fn parse(args: Vec<OsString>) -> Result<Cli, clap::Error> {
    use clap::FromArgMatches;
    if let Some(cli) = proxy_only::parse(&args, &set_but_empty) {
        return Ok(cli);
    }
    let matches = command().try_get_matches_from(args)?;
    Cli::from_arg_matches(&matches)
}

/// Every subcommand name: the first argument that is one of these is that subcommand, not
/// the mcp-remote form.
pub const SUBCOMMANDS: &[&str] = &[
    "proxy",
    "login",
    "logout",
    "status",
    "doctor",
    "config",
    "install",
    "import",
    "uninstall",
    "token",
    "serve",
    "meraki",
    "completions",
    "man",
    "help",
];

/// Turn the mcp-remote form `mcp-bridge <URL> [PORT] [flags]` into `mcp-bridge proxy …`.
///
/// When the first argument that is not an option is not a subcommand, the arguments are a
/// proxy invocation. `--help` and `--version` on their own keep their top-level meaning.
pub fn normalize_args(args: Vec<OsString>) -> Vec<OsString> {
    // A subcommand named first is the common case (hosts start `mcp-bridge proxy URL`):
    // nothing to turn, and no need to build the command tree to find out.
    if args
        .get(1)
        .and_then(|a| a.to_str())
        .is_some_and(|a| SUBCOMMANDS.contains(&a))
    {
        return args;
    }
    let takes_value = options_with_values();
    let mut skip_next = false;
    let mut positionals = args
        .iter()
        .skip(1)
        .map(|a| a.to_string_lossy())
        .filter(|s| {
            if std::mem::take(&mut skip_next) {
                return false;
            }
            if s.starts_with('-') {
                skip_next = !s.contains('=') && takes_value.iter().any(|o| o == s.as_ref());
                return false;
            }
            true
        });
    let Some(first) = positionals.next() else {
        return args;
    };
    let has_url = std::iter::once(first.clone())
        .chain(positionals)
        .any(|s| s.starts_with("https://") || s.starts_with("http://"));
    if SUBCOMMANDS.contains(&first.as_ref()) || !has_url {
        return args;
    }
    let mut out = Vec::with_capacity(args.len() + 1);
    let mut it = args.into_iter();
    out.extend(it.next());
    out.push(OsString::from("proxy"));
    out.extend(it);
    out
}

/// The options (`--log-file`, `-H`, …) of the top level and of `proxy` that take a value, so
/// that a value is never taken for the first positional argument.
fn options_with_values() -> Vec<String> {
    let cli = proxy_only::command(&|_| false);
    let proxy = cli.find_subcommand("proxy").cloned();
    cli.get_arguments()
        .chain(proxy.iter().flat_map(|p| p.get_arguments()))
        .filter(|a| a.get_action().takes_values() && !a.is_positional())
        .flat_map(|a| {
            let long = a.get_long().map(|l| format!("--{l}"));
            let short = a.get_short().map(|c| format!("-{c}"));
            long.into_iter().chain(short)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(args: &[&str]) -> Vec<String> {
        normalize_args(args.iter().map(OsString::from).collect())
            .into_iter()
            .map(|s| s.to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn variables_set_to_nothing_are_not_values() {
        let empty = |n: &std::ffi::OsStr| n == "CF_ACCESS_CLIENT_ID" || n == "MERAKI_ALLOW_WRITES";
        use clap::CommandFactory;
        let cmd = without_empty_env(negations::with_negations(Cli::command()), &empty);
        let env_of = |sub: &[&str], id: &str| {
            let mut c = &cmd;
            for s in sub {
                c = c.find_subcommand(s).unwrap();
            }
            let arg = c.get_arguments().find(|a| a.get_id() == id).unwrap();
            arg.get_env().map(|e| e.to_string_lossy().into_owned())
        };
        assert_eq!(env_of(&["proxy"], "cf_access_client_id"), None);
        assert_eq!(env_of(&["serve", "meraki"], "allow_writes"), None);
        // Variables that are not empty keep their meaning.
        assert_eq!(
            env_of(&["proxy"], "cf_access_team").as_deref(),
            Some("CF_ACCESS_TEAM")
        );
        assert_eq!(
            env_of(&["proxy"], "header_file").as_deref(),
            Some("MCP_BRIDGE_HEADER_FILE")
        );
    }

    #[test]
    fn mcp_remote_form_becomes_proxy() {
        assert_eq!(
            norm(&["mcp-bridge", "https://x/mcp", "3334"]),
            ["mcp-bridge", "proxy", "https://x/mcp", "3334"]
        );
        assert_eq!(
            norm(&["mcp-bridge", "--header", "A: b", "https://x/mcp"])[1],
            "proxy"
        );
    }

    #[test]
    fn subcommands_and_help_stay() {
        assert_eq!(norm(&["mcp-bridge", "proxy", "https://x"])[1], "proxy");
        assert_eq!(norm(&["mcp-bridge", "--help"]), ["mcp-bridge", "--help"]);
        assert_eq!(norm(&["mcp-bridge", "serve", "meraki"])[1], "serve");
        // A global option's value is not the first positional argument.
        assert_eq!(
            norm(&["mcp-bridge", "--log-file", "/tmp/x", "proxy", "https://x"]),
            ["mcp-bridge", "--log-file", "/tmp/x", "proxy", "https://x"]
        );
        assert_eq!(
            norm(&["mcp-bridge", "--log-file", "/tmp/x", "login", "https://x"])[3],
            "login"
        );
        assert_eq!(
            norm(&["mcp-bridge", "-H", "A: b", "--log-file=/l", "https://x/mcp"])[1],
            "proxy"
        );
    }

    #[test]
    fn cli_definition_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
