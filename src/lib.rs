//! mcp-bridge: a stdio ⇄ remote MCP bridge, and a local MCP server for the Meraki tools.
//!
//! # Layout
//!
//! | module | owns |
//! |---|---|
//! | [`policy`] | the machine policy file an administrator sets: allowed servers, tool rules, forced audit log, store |
//! | [`audit`] | the audit log of tool calls: entries, shared appending, rotation |
//! | [`cli`] | the clap definition: every flag, its `--help` text, the mcp-remote argument form |
//! | [`config`] | named servers in `config.toml`: lookup, flags from settings, editing |
//! | [`commands`] | one file per subcommand, turning parsed arguments into work |
//! | [`hostconfig`] | desktop hosts' MCP config files: where they are, editing one entry |
//! | [`doctor`] | the step-by-step diagnosis of the chain to a server, and its report |
//! | [`printer`] | human messages on stderr |
//! | [`clock`] | wall-clock time as text (RFC 3339, file-name stamps) |
//! | [`logging`] | the `tracing` subscriber (stderr or `--log-file`) |
//! | [`secret`] | redacting newtypes for tokens and header values; hiding known secrets in outside text |
//! | [`files`] | writing files no other user can read or redirect: atomic replace, the private data directory, log files |
//! | [`jsonrpc`] | the JSON-RPC envelope, newline framing, the stdout writer |
//! | [`transport`] | talking to the remote server: Streamable HTTP, legacy HTTP+SSE, SSE parsing, retry |
//! | [`proxy`] | the relay loop: routing, session re-initialisation, answering the host while a sign-in is pending, tool filtering, keep-alive |
//! | [`oauth`] | OAuth 2.1 client: challenge, discovery, registration, PKCE, callback, browser, tokens |
//! | [`credential`] | one server's credential over time: sign-in, refresh, persistence, cross-process lock |
//! | [`store`] | where secrets and state live: OS keyring, 0600 file, memory; state file; locks |
//! | [`serve`] | a small stdio MCP server hosting a tool catalog: initialize, tools, progress, cancel |
//! | [`cf_access`] | Cloudflare Access: SaaS issuers and the guide's variables, service tokens, the login page |
//! | [`migrate`] | taking credentials from other tools (mcp-remote's directory) |
//! | [`meraki`] | the Meraki Dashboard API client (regions, key, pages, pacing, cache) and its tools |
//!
//! Exit codes: 0 success, 1 a failure that was reported, 2 a usage or internal error, 3 refused
//! by the machine policy (or its file could not be used).

pub mod audit;
pub mod cf_access;
pub mod cli;
pub mod clock;
pub mod commands;
pub mod config;
pub mod credential;
pub mod doctor;
pub mod files;
pub mod hostconfig;
pub mod jsonrpc;
pub mod logging;
pub mod meraki;
pub mod migrate;
pub mod oauth;
pub mod policy;
pub mod printer;
pub mod proxy;
pub mod secret;
pub mod serve;
pub mod store;
pub mod transport;

use std::process::ExitCode;

use crate::cli::{Cli, Command};
use crate::printer::Printer;

/// Parse the process arguments, run the chosen subcommand, and map the outcome to an exit code.
pub fn run() -> ExitCode {
    let args = cli::normalize_args(std::env::args_os().collect());
    let args = match config::resolve_names(args) {
        Ok(a) => a,
        Err(e) => {
            Printer::new(false).error(e);
            return ExitCode::FAILURE;
        }
    };
    let cli = match cli::parse(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return match e.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => {
                    ExitCode::SUCCESS
                }
                _ => ExitCode::from(2),
            };
        }
    };
    let printer = Printer::new(cli.global.quiet);
    if let Err(e) = logging::init(&cli.global) {
        printer.error(format!("{e:#}"));
        return ExitCode::from(2);
    }
    match dispatch(cli, printer) {
        Ok(code) => code,
        // The reader of stdout went away (`| head`): nothing more to say, to anyone.
        Err(e) if e.downcast_ref::<commands::output::StdoutClosed>().is_some() => ExitCode::SUCCESS,
        Err(e) => {
            printer.error(format!("{e:#}"));
            if e.downcast_ref::<policy::Refused>().is_some()
                || e.downcast_ref::<policy::PolicyError>().is_some()
            {
                ExitCode::from(policy::REFUSED_EXIT_CODE)
            } else if e.downcast_ref::<commands::UsageError>().is_some() {
                ExitCode::from(2)
            } else {
                ExitCode::FAILURE
            }
        }
    }
}

fn dispatch(cli: Cli, printer: Printer) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Completions { shell } => {
            let mut script = Vec::new();
            commands::completions::completions(shell, &mut script)?;
            commands::output::write(&script)?;
        }
        Command::Man { command, dir } => match dir {
            Some(dir) => {
                let written = commands::completions::man_to_dir(&dir)?;
                printer.info(format!(
                    "✓ {} man pages written to {}",
                    written.len(),
                    dir.display()
                ));
            }
            None => {
                let mut page = Vec::new();
                commands::completions::man(&command, &mut page)?;
                commands::output::write(&page)?;
            }
        },
        Command::Proxy(args) => block_on(commands::proxy::run(args, printer))?,
        Command::Login(args) => {
            if !block_on_value(commands::login::run(args, printer))? {
                return Ok(ExitCode::FAILURE);
            }
        }
        Command::Logout(args) => block_on(commands::logout::run(args, printer))?,
        Command::Token(args) => {
            if !block_on_value(commands::token::run(args, printer))? {
                return Ok(ExitCode::FAILURE);
            }
        }
        Command::Import(args) => {
            if !block_on_value(commands::import::run(args, printer))? {
                return Ok(ExitCode::FAILURE);
            }
        }
        Command::Install(args) => {
            if !commands::install::install(args, printer)? {
                return Ok(ExitCode::FAILURE);
            }
        }
        Command::Uninstall(args) => {
            if !commands::install::uninstall(args, printer)? {
                return Ok(ExitCode::FAILURE);
            }
        }
        Command::Config(args) => {
            if !commands::config::run(args, printer)? {
                return Ok(ExitCode::FAILURE);
            }
        }
        Command::Doctor(args) => {
            if !block_on_value(commands::doctor::run(args, printer))? {
                return Ok(ExitCode::FAILURE);
            }
        }
        Command::Status(args) => {
            if !commands::status::run(args, printer)? {
                return Ok(ExitCode::FAILURE);
            }
        }
        Command::Policy(args) => commands::policy::run(args, printer)?,
        Command::Serve(args) => block_on(commands::serve::run(args))?,
        Command::Meraki(args) => {
            if !commands::meraki_key::run(args, printer)? {
                return Ok(ExitCode::FAILURE);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Run a stdio command on a small runtime. The runtime is not allowed to wait for the
/// blocking stdin reader on the way out: the process must exit promptly on a signal.
fn block_on<F: std::future::Future<Output = anyhow::Result<()>>>(f: F) -> anyhow::Result<()> {
    block_on_value(f)
}

fn block_on_value<T, F: std::future::Future<Output = anyhow::Result<T>>>(
    f: F,
) -> anyhow::Result<T> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let result = rt.block_on(f);
    rt.shutdown_timeout(std::time::Duration::from_millis(50));
    result
}
