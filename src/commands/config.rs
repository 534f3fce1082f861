//! `mcp-bridge config path|show|add|remove`: the named servers of the config file.

use super::output;
use crate::cli::{ConfigAction, ConfigArgs};
use crate::printer::Printer;
use crate::settings::named::{self as config, edit};

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
