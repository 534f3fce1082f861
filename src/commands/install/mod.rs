//! `mcp-bridge install <host> <name> <URL|named-server> [flags]` and `mcp-bridge uninstall
//! <host> <name>`: write or remove the host's `mcpServers` entry that runs this binary. The
//! flags are checked first ([`flags`]), the binary's path chosen with care ([`exe`]; under
//! npm, the package's command instead: [`npm`]), and the file changed in place with a backup
//! ([`crate::hostconfig`]).

mod exe;
mod flags;
pub mod npm;

use std::path::PathBuf;

use anyhow::Context;
use clap::CommandFactory;

use super::UsageError;
use crate::cli::{InstallArgs, UninstallArgs};
use crate::hostconfig::{self, Backup, Change, Host};
use crate::printer::Printer;

fn target(host: Host, given: &Option<PathBuf>) -> anyhow::Result<PathBuf> {
    given.clone().or_else(|| host.config_path()).context(
        "cannot tell where the host keeps its config (no home directory); pass --config-file PATH",
    )
}

pub fn install(mut args: InstallArgs, printer: Printer) -> anyhow::Result<bool> {
    // `install HOST NAME serve meraki FLAGS…`: the local Meraki server.
    let local = args.server == "serve" && args.flags.first().map(String::as_str) == Some("meraki");
    let (own, proxy_flags) = if local {
        flags::split_for(&flags::serve_meraki_command(), &args.flags[1..])
    } else {
        flags::split(&args.flags)
    }
    .map_err(UsageError)?;
    if own.help {
        let mut cmd = crate::cli::Cli::command();
        cmd.build();
        if let Some(sub) = cmd.find_subcommand_mut("install") {
            sub.print_long_help()?;
        }
        return Ok(true);
    }
    args.print |= own.print;
    args.force |= own.force;
    args.config_file = own.config_file.or(args.config_file);
    if local {
        flags::check_serve_meraki(&proxy_flags)
    } else {
        flags::check(&args.server, &proxy_flags)
    }
    .map_err(|e| UsageError(format!("{e}; nothing was written")))?;
    let mut proxy_args = if local {
        vec!["serve".to_owned(), "meraki".to_owned()]
    } else {
        vec!["proxy".to_owned(), args.server.clone()]
    };
    proxy_args.extend(proxy_flags);
    let run = match npm::NpmLaunch::from_env() {
        Some(launch) => {
            let run = launch.entry_command(cfg!(windows));
            let mangled = npm::mangled_by_cmd(&proxy_args);
            if run.command == "cmd" && !mangled.is_empty() {
                printer.warn(format!(
                    "`cmd /c` would change {} (it reads & | < > ^ % \" itself); give the server a name with `mcp-bridge config add` and install that, or use the release binary",
                    mangled.join(", ")
                ));
            }
            run
        }
        None => npm::EntryCommand {
            command: exe::own_path()
                .context("cannot find this program's own path")?
                .to_string_lossy()
                .into_owned(),
            args: Vec::new(),
        },
    };
    let entry = args
        .host
        .entry(&run.command, &[run.args, proxy_args].concat());
    if args.print {
        let snippet = serde_json::json!({"mcpServers": {args.name.clone(): entry}});
        crate::commands::output::println(serde_json::to_string_pretty(&snippet)?)?;
        return Ok(true);
    }
    let path = target(args.host, &args.config_file)?;
    let Some(mut file) = open(&path, &printer)? else {
        return Ok(false);
    };
    if let Some(old) = file.entry(&args.name)
        && !args.force
        && !hostconfig::runs_bridge(old)
        && !hostconfig::runs_mcp_remote(old)
    {
        printer.error(format!(
            "`{}` in {} runs {}, not mcp-bridge; pick another name, or replace it with --force",
            args.name,
            path.display(),
            old["command"].as_str().unwrap_or("something else")
        ));
        return Ok(false);
    }
    let change = file.set(&args.name, entry)?;
    if change == Change::Unchanged {
        printer.info(format!(
            "✓ `{}` in {} is up to date; nothing changed",
            args.name,
            path.display()
        ));
        return Ok(true);
    }
    if let Some(old) = file.entry(&args.name)
        && (old.get("url").is_some() || old.get("serverUrl").is_some())
    {
        printer.warn(format!(
            "`{}` also has a `url`, which the host may use instead of the command; remove it from {}",
            args.name,
            path.display()
        ));
    }
    if args.config_file.is_none()
        && let Some(dir) = path.parent().filter(|d| !d.exists())
    {
        printer.warn(format!(
            "{} did not exist (is {} installed?); it was created",
            dir.display(),
            args.host.display_name()
        ));
    }
    let new_text = file.render()?;
    let backup = hostconfig::write_with_backup(&path, &new_text)
        .with_context(|| format!("cannot write {}", path.display()))?;
    printer.info(format!(
        "✓ {} `{}` in {}",
        if change == Change::Added {
            "Added"
        } else {
            "Updated"
        },
        args.name,
        path.display()
    ));
    report_backup(&printer, &backup);
    printer.info("  Restart the host to pick it up.");
    Ok(true)
}

pub fn uninstall(args: UninstallArgs, printer: Printer) -> anyhow::Result<bool> {
    let path = target(args.host, &args.config_file)?;
    let Some(mut file) = open(&path, &printer)? else {
        return Ok(false);
    };
    match file.entry(&args.name) {
        None => {
            printer.error(format!("no entry `{}` in {}", args.name, path.display()));
            return Ok(false);
        }
        Some(old) if !args.force && !hostconfig::runs_bridge(old) => {
            printer.error(format!(
                "`{}` in {} runs {}, not mcp-bridge; it was left alone (remove it anyway with --force)",
                args.name,
                path.display(),
                old["command"].as_str().unwrap_or("something else")
            ));
            return Ok(false);
        }
        Some(_) => {}
    }
    file.remove(&args.name)?;
    let backup = hostconfig::write_with_backup(&path, &file.render()?)
        .with_context(|| format!("cannot write {}", path.display()))?;
    printer.info(format!("✓ Removed `{}` from {}", args.name, path.display()));
    report_backup(&printer, &backup);
    printer.info("  Restart the host to pick it up.");
    Ok(true)
}

fn report_backup(printer: &Printer, backup: &Backup) {
    match backup {
        Backup::None => {}
        Backup::Saved(b) => printer.info(format!("  Previous file saved as {}", b.display())),
        Backup::Existing(b) => printer.info(format!(
            "  Previous file is already saved as {}",
            b.display()
        )),
    }
}

/// The host's file, read and parsed; `None` (said on stderr) when it is not JSON(C), so that
/// it is never touched.
fn open(
    path: &std::path::Path,
    printer: &Printer,
) -> anyhow::Result<Option<hostconfig::ConfigFile>> {
    let text = read(path)?;
    match hostconfig::parse(&text, path) {
        Ok(f) => Ok(Some(f)),
        Err(e) => {
            printer.error(e);
            Ok(None)
        }
    }
}

fn read(path: &std::path::Path) -> anyhow::Result<String> {
    match std::fs::read_to_string(path) {
        Ok(t) => Ok(t),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(String::new()),
        Err(e) => Err(e).with_context(|| format!("cannot read {}", path.display())),
    }
}
