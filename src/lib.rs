//! mcp-bridge: a stdio ⇄ remote MCP bridge, and a local MCP server for the Meraki tools.
//!
//! # Layers
//!
//! A run goes down the layers: `run` parses the command line, [`settings`] resolves it once
//! with the environment and the named-server file into typed values, and a command in
//! [`commands`] hands those to the domain modules. A module uses only the ones in its own row
//! or below, with two exceptions: the settings' types are the vocabulary the layers below are
//! given (an [`oauth::Authorizer`] takes an [`settings::AuthSettings`]), while resolving them
//! is the settings' own work; and the process environment, read once into
//! [`settings::env`]'s snapshot, is read from there by any layer (by a variable's constant in
//! its one list, as the printer asks for `TERM`). The command line is known to `lib.rs`,
//! [`commands`] and [`settings`] alone, nothing below [`commands`] reaches up into it, [`store`]
//! names none of the layers that keep things in it (they convert their types to its records),
//! and nothing but [`settings::env`] calls `std::env::var` (tests/layers.rs checks all four).
//!
//! | layer | module | owns |
//! |---|---|---|
//! | entry | `lib.rs` `run` | parse, resolve names, log set-up, dispatch, the exit code |
//! | commands | [`commands`] | one file per subcommand, turning settings into work |
//! | | [`doctor`] | the step-by-step diagnosis of the chain to a server, and its report |
//! | | [`hostconfig`] | desktop hosts' MCP config files: where they are, editing one entry |
//! | | [`migrate`] | taking credentials from other tools (mcp-remote's directory) |
//! | command line | [`cli`] | the clap definition: every flag and `*Args`, its `--help` text, the mcp-remote argument form |
//! | settings | [`settings`] | the environment read once ([`settings::env`]), named servers ([`settings::named`]), and the typed [`settings::NetworkSettings`], [`settings::AuthSettings`], [`settings::StoreSettings`], [`settings::ProxySettings`] resolved from them |
//! | relay | [`proxy`] | the relay loop: routing, session re-initialisation, answering the host while a sign-in is pending, tool filtering, keep-alive |
//! | | [`serve`] | a small stdio MCP server hosting a tool catalog: initialize, tools, progress, cancel |
//! | | [`meraki`] | the Meraki Dashboard API client (regions, key, pages, pacing, cache) and its tools |
//! | credential | [`credential`] | one server's credential over time: sign-in, refresh, persistence, cross-process lock; the [`credential::ServerContext`] a command builds |
//! | sign-in | [`oauth`] | OAuth 2.1 client: challenge, discovery, registration, PKCE, callback, browser, tokens |
//! | | [`cf_access`] | Cloudflare Access: SaaS issuers and the guide's variables, service tokens, the login page |
//! | wire | [`transport`] | talking to the remote server: the one HTTP client builder, Streamable HTTP, legacy HTTP+SSE, SSE parsing; the re-authorization seam |
//! | | [`revision`] | the MCP revisions: the known versions, which one each side speaks, translating answers between them |
//! | | [`jsonrpc`] | the JSON-RPC envelope, newline framing, the stdout writer |
//! | storage | [`store`] | where secrets and state live: OS keyring, 0600 file, memory; the state file and its adapters in its own record shapes (client registrations, the last `initialize` result, the origins' eras); locks |
//! | | [`policy`] | the machine policy file an administrator sets: allowed servers, tool rules, forced audit log, store, network |
//! | | [`audit`] | the audit log of tool calls: entries, shared appending, rotation |
//! | | [`files`] | writing files no other user can read or redirect: atomic replace, the private data directory, log files |
//! | foundation | [`printer`] | human messages on stderr |
//! | | [`logging`] | the `tracing` subscriber (stderr or `--log-file`) |
//! | | [`secret`] | redacting newtypes for tokens and header values; hiding known secrets in outside text |
//! | | [`clock`] | the wall clock: Unix time, and time as text (RFC 3339, file-name stamps) |
//! | | [`backoff`] | waiting before trying again: the exponential schedule with jitter, `Retry-After` |
//!
//! Where a flag goes, e.g. `--ca-file`: clap reads it (or `MCP_BRIDGE_CA_FILE`) into
//! [`cli::NetworkArgs`]; [`settings::NetworkSettings::resolve`] makes it part of the command's
//! network settings; [`transport::http_client::build`] adds the certificates to every client it
//! makes (MCP, OAuth, revocation, probe, Meraki).
//!
//! Exit codes: 0 success, 1 a failure that was reported, 2 a usage or internal error, 3 refused
//! by the machine policy (or its file could not be used).

pub mod audit;
pub mod backoff;
pub mod cf_access;
pub mod cli;
pub mod clock;
pub mod commands;
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
pub mod revision;
pub mod secret;
pub mod serve;
pub mod settings;
pub mod store;
pub mod transport;

use std::process::ExitCode;

use crate::cli::{Cli, Command};
use crate::printer::Printer;

/// Parse the process arguments, run the chosen subcommand, and map the outcome to an exit code.
pub fn run() -> ExitCode {
    let args = cli::normalize_args(std::env::args_os().collect());
    let args = match settings::named::resolve_names(args) {
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
    if let Err(e) = logging::init(&settings::log::LogSettings::resolve(&cli.global)) {
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
        // The relay is I/O over one connection: one thread answers sooner than two workers
        // (no hand-over between threads at start-up, two threads fewer).
        Command::Proxy(args) => on_one_thread(commands::proxy::run(args, printer))?,
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
    let mut rt = tokio::runtime::Builder::new_multi_thread();
    rt.worker_threads(2);
    run_on(rt, f)
}

fn on_one_thread<F: std::future::Future<Output = anyhow::Result<()>>>(f: F) -> anyhow::Result<()> {
    run_on(tokio::runtime::Builder::new_current_thread(), f)
}

fn run_on<T, F: std::future::Future<Output = anyhow::Result<T>>>(
    mut rt: tokio::runtime::Builder,
    f: F,
) -> anyhow::Result<T> {
    let rt = rt.enable_all().build()?;
    let result = rt.block_on(f);
    rt.shutdown_timeout(std::time::Duration::from_millis(50));
    result
}
