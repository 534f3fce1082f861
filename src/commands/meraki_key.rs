//! `mcp-bridge meraki set-key|remove-key|key-status`: the Dashboard API key in the credential
//! store. The key is read from a hidden prompt or stdin, never from argv, and never printed.

use anyhow::{Context, bail};

use super::secret_input::read_secret;
use crate::cli::meraki::{KeyStoreArgs, MerakiAction, MerakiArgs};
use crate::meraki::key::{KEY_ACCOUNT, KEY_ENV, check_key_text, read_stored};
use crate::printer::Printer;
use crate::settings::StoreSettings;
use crate::store::{self, CredentialStore, Dirs, StoreKind};

/// Run a `meraki` action; `Ok(false)` means "reported, exit 1".
pub fn run(args: MerakiArgs, printer: Printer) -> anyhow::Result<bool> {
    match args.action {
        MerakiAction::SetKey(a) => set_key(&a, printer).map(|()| true),
        MerakiAction::RemoveKey(a) => remove_key(&a, printer),
        MerakiAction::KeyStatus(a) => key_status(&a, printer),
    }
}

fn set_key(args: &KeyStoreArgs, printer: Printer) -> anyhow::Result<()> {
    let kind = StoreSettings::resolve(args.store.as_deref()).kind;
    let dirs = Dirs::from_env().context("cannot find a data directory")?;
    // Open the store first: no point asking for a key that cannot be kept.
    let store = match store::open_store(kind.unwrap_or(StoreKind::Keyring), &dirs) {
        Ok(o) => o,
        Err(e) if kind.is_none() && e.is_unavailable() => bail!(
            "no OS keyring reachable ({e}). Pass --store file to keep the key in a 0600 file in \
             {} instead, or give serve meraki the key through {KEY_ENV}",
            dirs.data.display()
        ),
        Err(e) => return Err(e.into()),
    };
    let raw = read_secret(
        "Meraki Dashboard API key",
        "Paste the key from Dashboard → Organization → API & Webhooks.",
        printer,
    )?;
    let key = raw.trim();
    if let Err(why) = check_key_text(key) {
        bail!("the API key {why}; nothing was stored");
    }
    if key.len() != 40 || !key.chars().all(|c| c.is_ascii_hexdigit()) {
        printer.warn(
            "this does not look like a Dashboard API key (40 hexadecimal characters); stored anyway",
        );
    }
    let replaced = store.get(KEY_ACCOUNT).ok().flatten().is_some();
    store
        .set(KEY_ACCOUNT, key)
        .with_context(|| format!("cannot store the key in {}", store.location()))?;
    let tail: String = key
        .chars()
        .skip(key.chars().count().saturating_sub(4))
        .collect();
    printer.info(format!(
        "✓ {} the Meraki Dashboard API key (ending in {tail}) in {}.",
        if replaced { "Replaced" } else { "Stored" },
        store.location()
    ));
    if crate::settings::env::process().get(KEY_ENV).is_some() {
        printer.warn(format!(
            "{KEY_ENV} is set in this environment; where it is set, it wins over the stored key"
        ));
    }
    printer.info("`mcp-bridge serve meraki` now uses it; restart your MCP host to pick it up.");
    Ok(())
}

fn remove_key(args: &KeyStoreArgs, printer: Printer) -> anyhow::Result<bool> {
    let dirs = Dirs::from_env().context("cannot find a data directory")?;
    let kinds = match StoreSettings::resolve(args.store.as_deref()).kind {
        Some(k) => vec![k],
        None => vec![StoreKind::Keyring, StoreKind::File],
    };
    let mut removed = false;
    for kind in kinds {
        let store = match store::open_store(kind, &dirs) {
            Ok(o) => o,
            Err(e) if args.store.is_none() && e.is_unavailable() => {
                printer.warn(format!(
                    "the OS keyring did not answer ({e}); it was not cleared"
                ));
                continue;
            }
            Err(e) => return Err(e.into()),
        };
        if remove_from(store.as_ref())? {
            printer.info(format!(
                "✓ Removed the Meraki Dashboard API key from {}.",
                store.location()
            ));
            removed = true;
        }
    }
    if !removed {
        printer.info("No Meraki Dashboard API key was stored.");
    }
    Ok(removed)
}

fn remove_from(store: &dyn CredentialStore) -> anyhow::Result<bool> {
    store
        .remove(KEY_ACCOUNT)
        .with_context(|| format!("cannot remove the key from {}", store.location()))
}

fn key_status(args: &KeyStoreArgs, printer: Printer) -> anyhow::Result<bool> {
    let env_set = crate::settings::env::process().get(KEY_ENV).is_some();
    let stored = read_stored(StoreSettings::resolve(args.store.as_deref()).kind);
    match &stored {
        Ok(Some((_, from))) => {
            printer.info(format!("✓ A Meraki Dashboard API key is stored in {from}."))
        }
        Ok(None) => printer.info(
            "✗ No Meraki Dashboard API key is stored. Store one with: mcp-bridge meraki set-key",
        ),
        Err(e) => printer.info(format!("✗ {e}")),
    }
    if env_set {
        printer.info(format!(
            "  {KEY_ENV} is set here, and wins over the stored key."
        ));
    }
    Ok(env_set || matches!(stored, Ok(Some(_))))
}
