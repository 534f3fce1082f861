//! `mcp-bridge install <host> <name> <URL|named-server> [flags]` and `mcp-bridge uninstall
//! <host> <name>`: write or remove the host's `mcpServers` entry that runs this binary.

use std::path::PathBuf;

use anyhow::Context;
use clap::Args;

use crate::hostconfig::{self, Host};
use crate::printer::Printer;

const INSTALL_EXAMPLES: &str = "\
Examples:
  mcp-bridge install claude-desktop meraki https://meraki-mcp.example.com/mcp
  mcp-bridge install cursor meraki meraki                 # a named server (mcp-bridge config add)
  mcp-bridge install claude-code docs https://mcp.example.com/mcp --scope 'mcp:read'
  mcp-bridge install claude-desktop meraki https://meraki-mcp.example.com/mcp --print
  mcp-bridge uninstall claude-desktop meraki";

/// Add this bridge to a desktop host's MCP config (Claude Desktop, Cursor, Claude Code, Windsurf).
///
/// Writes or updates `mcpServers.NAME` with the absolute path of this binary and
/// `proxy URL FLAGS…`. Everything else in the file is kept (formatting and comments aside: the
/// file is rewritten as plain, indented JSON), the previous file is saved as FILE.bak, and a
/// file that cannot be read as JSON is never touched. Restart the host afterwards.
#[derive(Debug, Args)]
#[command(after_help = INSTALL_EXAMPLES)]
pub struct InstallArgs {
    /// The host whose config to change.
    #[arg(value_enum)]
    pub host: Host,
    /// The entry's name in the host (what the model sees as the server's name).
    pub name: String,
    /// The server's URL, or a named server from `mcp-bridge config`.
    pub server: String,
    /// Flags of `mcp-bridge proxy` to run with.
    #[arg(
        trailing_var_arg = true,
        allow_hyphen_values = true,
        value_name = "PROXY FLAGS"
    )]
    pub flags: Vec<String>,
    /// Print the entry instead of writing the file.
    #[arg(long)]
    pub print: bool,
    /// Change this file instead of the host's usual one.
    #[arg(long, value_name = "PATH")]
    pub config_file: Option<PathBuf>,
}

/// Remove this bridge's entry from a desktop host's MCP config.
#[derive(Debug, Args)]
#[command(after_help = "Example:\n  mcp-bridge uninstall claude-desktop meraki")]
pub struct UninstallArgs {
    #[arg(value_enum)]
    pub host: Host,
    /// The entry's name.
    pub name: String,
    /// Change this file instead of the host's usual one.
    #[arg(long, value_name = "PATH")]
    pub config_file: Option<PathBuf>,
}

fn target(host: Host, given: &Option<PathBuf>) -> anyhow::Result<PathBuf> {
    given.clone().or_else(|| host.config_path()).context(
        "cannot tell where the host keeps its config (no home directory); pass --config-file",
    )
}

pub fn install(args: InstallArgs, printer: Printer) -> anyhow::Result<bool> {
    let exe = std::env::current_exe()
        .and_then(std::fs::canonicalize)
        .context("cannot find this program's own path")?;
    let mut proxy_args = vec!["proxy".to_owned(), args.server.clone()];
    proxy_args.extend(args.flags.iter().cloned());
    for w in hostconfig::secret_warnings(&args.flags) {
        printer.warn(w);
    }
    let entry = args.host.entry(&exe.to_string_lossy(), &proxy_args);
    if args.print {
        let snippet = serde_json::json!({"mcpServers": {args.name.clone(): entry}});
        println!("{}", serde_json::to_string_pretty(&snippet)?);
        return Ok(true);
    }
    let path = target(args.host, &args.config_file)?;
    let text = read(&path)?;
    let mut file = match hostconfig::parse(&text, &path) {
        Ok(f) => f,
        Err(e) => {
            printer.error(e);
            return Ok(false);
        }
    };
    if file.had_comments {
        printer.warn("the file had comments or trailing commas; they are not kept in the rewritten file (the backup has them)");
    }
    let replaced = file.set(&args.name, entry);
    let backup = hostconfig::write_with_backup(&path, &file.render())
        .with_context(|| format!("cannot write {}", path.display()))?;
    printer.info(format!(
        "✓ {} `{}` in {}",
        if replaced { "Updated" } else { "Added" },
        args.name,
        path.display()
    ));
    if let Some(b) = backup {
        printer.info(format!("  Previous file saved as {}", b.display()));
    }
    printer.info("  Restart the host to pick it up.");
    Ok(true)
}

pub fn uninstall(args: UninstallArgs, printer: Printer) -> anyhow::Result<bool> {
    let path = target(args.host, &args.config_file)?;
    let text = read(&path)?;
    let mut file = match hostconfig::parse(&text, &path) {
        Ok(f) => f,
        Err(e) => {
            printer.error(e);
            return Ok(false);
        }
    };
    if !file.remove(&args.name) {
        printer.error(format!("no entry `{}` in {}", args.name, path.display()));
        return Ok(false);
    }
    let backup = hostconfig::write_with_backup(&path, &file.render())
        .with_context(|| format!("cannot write {}", path.display()))?;
    printer.info(format!("✓ Removed `{}` from {}", args.name, path.display()));
    if let Some(b) = backup {
        printer.info(format!("  Previous file saved as {}", b.display()));
    }
    printer.info("  Restart the host to pick it up.");
    Ok(true)
}

fn read(path: &std::path::Path) -> anyhow::Result<String> {
    match std::fs::read_to_string(path) {
        Ok(t) => Ok(t),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(String::new()),
        Err(e) => Err(e).with_context(|| format!("cannot read {}", path.display())),
    }
}
