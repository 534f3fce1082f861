//! `mcp-bridge config path|show|add|remove`: the named servers of the config file.

use clap::{Args, Subcommand};

use super::output;
use crate::config::{self, edit};
use crate::printer::Printer;

/// Manage named servers, so that a host config can say `mcp-bridge proxy NAME`.
///
/// The file is `config.toml` in the configuration directory (MCP_BRIDGE_CONFIG names another).
/// Each `[servers.NAME]` table has a `url` and any long flag of `mcp-bridge proxy` as a
/// setting. The command line wins over the environment, which wins over the file; repeatable
/// flags (--header) add up, and a switch the file turns on is turned off with --no-SWITCH
/// (e.g. --no-use-id-token). A name follows the subcommand: `mcp-bridge proxy meraki`,
/// `mcp-bridge login meraki` (`mcp-bridge meraki …` stays the Meraki key command).
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  mcp-bridge config add meraki https://meraki-mcp.example.com/mcp --cf-access-team myteam --client-id 0123abcd\n  mcp-bridge proxy meraki            # what the host config runs\n  mcp-bridge config show\n  mcp-bridge config remove meraki\n  $EDITOR \"$(mcp-bridge config path)\""
)]
pub struct ConfigArgs {
    #[command(subcommand)]
    pub action: ConfigAction,
}

#[derive(Debug, Subcommand)]
pub enum ConfigAction {
    /// Print the config file's path (it need not exist yet).
    Path,
    /// Check the file and print it, or one server's settings.
    Show {
        /// Only this server.
        name: Option<String>,
    },
    /// Add a server, or replace the one with this name (comments and other servers are kept).
    Add {
        /// The name to use in `mcp-bridge proxy NAME` (letters, digits, `-`, `_`; not starting
        /// with `-`).
        name: String,
        /// The server's URL.
        url: String,
        /// Flags of `mcp-bridge proxy` to keep with it (secrets, including literal credential
        /// headers, are refused: write `--header 'Authorization: Bearer ${TOKEN}'`).
        #[arg(
            trailing_var_arg = true,
            allow_hyphen_values = true,
            value_name = "PROXY FLAGS"
        )]
        flags: Vec<String>,
    },
    /// Remove a server.
    Remove { name: String },
}

/// `Ok(false)`: reported failure (exit 1).
pub fn run(args: ConfigArgs, printer: Printer) -> anyhow::Result<bool> {
    let path = config::path().map_err(anyhow::Error::msg)?;
    let shown = path.display().to_string();
    match args.action {
        ConfigAction::Path => output::println(&shown)?,
        ConfigAction::Show { name } => {
            let text = config::read(&path)?;
            match name {
                Some(n) => {
                    let s = config::server(&text, &shown, &n)?;
                    output::println(format!("url = {}", s.url))?;
                    for setting in s.settings {
                        output::println(setting.args.join(" "))?;
                    }
                }
                None => {
                    let names = config::validate(&text, &shown)?;
                    if names.is_empty() {
                        printer.info(format!("No named servers in {shown}. Add one with: mcp-bridge config add NAME URL"));
                    }
                    output::print(&text)?;
                }
            }
        }
        ConfigAction::Add { name, url, flags } => {
            let text = config::read(&path)?;
            let (new, replaced) = edit::add(&text, &name, &url, &flags)
                .map_err(|e| anyhow::anyhow!("{shown}: {e}"))?;
            edit::write(&path, &new)?;
            printer.info(format!(
                "✓ {} `{name}` in {shown}",
                if replaced { "Replaced" } else { "Added" }
            ));
            printer.info(format!(
                "  The host config can now run: mcp-bridge proxy {name}"
            ));
        }
        ConfigAction::Remove { name } => {
            let text = config::read(&path)?;
            match edit::remove(&text, &name).map_err(|e| anyhow::anyhow!("{shown}: {e}"))? {
                Some(new) => {
                    edit::write(&path, &new)?;
                    printer.info(format!("✓ Removed `{name}` from {shown}"));
                }
                None => {
                    printer.error(format!("no server named `{name}` in {shown}"));
                    return Ok(false);
                }
            }
        }
    }
    Ok(true)
}
