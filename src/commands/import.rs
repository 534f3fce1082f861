//! `mcp-bridge import mcp-remote [URL…]`: take mcp-remote's stored sign-ins into the bridge's
//! credential store (the keyring) and state, so that switching costs no new sign-in. Never
//! changes mcp-remote's files.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::context::{open_stores, store_kind};
use crate::credential::StateRegistrations;
use crate::credential::manager::now;
use crate::migrate::mcp_remote;
use crate::oauth::registration::RegistrationStore;
use crate::printer::Printer;
use crate::store::ServerKey;
use crate::transport::http_client::check_server_url;

/// Import credentials from another tool.
#[derive(Debug, Args)]
pub struct ImportArgs {
    #[command(subcommand)]
    pub from: ImportFrom,
}

#[derive(Debug, Subcommand)]
pub enum ImportFrom {
    /// Import mcp-remote's sign-ins (~/.mcp-auth/mcp-remote-v1, or MCP_REMOTE_CONFIG_DIR).
    ///
    /// mcp-remote's files do not name their server, so give the URLs; without any, the URLs
    /// that Claude Desktop, Cursor, Claude Code and Windsurf run through mcp-remote are used.
    /// Tokens go to the OS keyring, registrations to the bridge's state; existing bridge
    /// credentials are kept unless --force. mcp-remote's files are not changed.
    #[command(
        after_help = "Examples:\n  mcp-bridge import mcp-remote\n  mcp-bridge import mcp-remote https://mcp.example.com/mcp --dry-run\n  mcp-bridge install claude-desktop example https://mcp.example.com/mcp   # then switch the host over"
    )]
    McpRemote(McpRemoteArgs),
}

#[derive(Debug, Args)]
pub struct McpRemoteArgs {
    /// Servers to import (as given to mcp-remote).
    #[arg(value_name = "URL")]
    pub urls: Vec<String>,
    /// mcp-remote's directory (the one holding the `<hash>_tokens.json` files).
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Replace credentials the bridge already has.
    #[arg(long)]
    pub force: bool,
    /// Only say what would be imported.
    #[arg(long)]
    pub dry_run: bool,
    /// Where to put the tokens (default: the keyring when reachable, else the 0600 file).
    #[arg(long, value_name = "STORE", value_parser = ["keyring", "file", "memory"])]
    pub store: Option<String>,
}

/// `Ok(false)`: nothing could be imported (exit 1).
pub fn run(args: ImportArgs, printer: Printer) -> anyhow::Result<bool> {
    let ImportFrom::McpRemote(a) = args.from;
    let dir = a
        .dir
        .clone()
        .or_else(mcp_remote::default_dir)
        .ok_or_else(|| anyhow::anyhow!("no home directory; pass --dir"))?;
    if !dir.is_dir() {
        printer.error(format!("no mcp-remote directory at {}", dir.display()));
        return Ok(false);
    }
    let urls = if a.urls.is_empty() {
        mcp_remote::urls_in_host_configs()
    } else {
        a.urls.clone()
    };
    if urls.is_empty() {
        printer.error("no server URLs given, and no host config runs mcp-remote; pass the URLs: mcp-bridge import mcp-remote URL…");
        return Ok(false);
    }
    let (_dirs, store, state) = open_stores(store_kind(a.store.as_deref()), &printer)?;
    let mut imported = 0;
    for url in urls {
        let key = ServerKey::from_url(&check_server_url(&url, true)?);
        let found = match mcp_remote::read(&dir, &url, now()) {
            Ok(Some(f)) => f,
            Ok(None) => {
                printer.info(format!("– {url}: mcp-remote has no sign-in under its plain hash (started with extra options?); sign in with: mcp-bridge login {url}"));
                continue;
            }
            Err(e) => {
                printer.warn(format!("{url}: unreadable mcp-remote files ({e}); skipped"));
                continue;
            }
        };
        if !a.force && store.load(&key).ok().flatten().is_some() {
            printer.info(format!(
                "– {url}: skipped, the bridge is already signed in (--force replaces it)"
            ));
            continue;
        }
        let what = format!(
            "access token{}{}",
            if found.tokens.refresh_token.is_some() {
                ", refresh token"
            } else {
                ""
            },
            if found.client.is_some() {
                ", client registration"
            } else {
                ""
            }
        );
        if a.dry_run {
            printer.info(format!("· {url}: would import {what}"));
            continue;
        }
        store.save(&key, &found.tokens)?;
        let regs = StateRegistrations::new(state.clone(), store.clone(), key.clone());
        if let Some((issuer, client)) = &found.client {
            regs.save(issuer, client);
        } else {
            state.update(&key, |_| {})?;
        }
        printer.info(format!(
            "✓ {url}: imported {what} into {}",
            store.location()
        ));
        imported += 1;
    }
    if imported > 0 {
        printer.info("Switch the host over with `mcp-bridge install <host> <name> <URL>` (mcp-remote's files were left as they were).");
    }
    Ok(imported > 0 || a.dry_run)
}
