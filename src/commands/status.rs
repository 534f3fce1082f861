//! `mcp-bridge status [URL] [--json]`: every stored server, in the style of `gh auth status`:
//! where the credential lives, when it expires, its scopes and identity. Exits 1 when a
//! credential is unusable, naming the command that fixes it.

use serde_json::json;

use crate::cf_access::service_token;
use crate::cli::StatusArgs;
use crate::credential::context::open_stores;
use crate::credential::expiry::{self, describe_expiry, usable};
use crate::oauth::id_token;
use crate::printer::Printer;
use crate::settings::StoreSettings;
use crate::store::ServerKey;
use crate::transport::http_client::check_server_url;

/// Whether the server ever took part in a sign-in: a client registration is kept for it.
fn ever_signed_in(state: &crate::store::StateFile, key: &ServerKey) -> bool {
    state
        .get(key)
        .is_ok_and(|s| !s.registrations.is_empty() || s.unbound_registration.is_some())
}

pub fn run(args: StatusArgs, printer: Printer) -> anyhow::Result<bool> {
    let (_dirs, store, state) =
        open_stores(StoreSettings::resolve(args.store.as_deref()), &printer)?;
    // Asked first, so that a listing starts with the default store's warning when the keyring
    // is not reachable, even with nothing stored.
    let location = store.location();
    let keys: Vec<ServerKey> = match &args.url {
        Some(u) => vec![ServerKey::from_url(&check_server_url(u, true)?)],
        None => state.keys()?,
    };
    let mut all_ok = true;
    let mut report = Vec::new();
    for key in &keys {
        let tokens = store.load(key);
        let entry = match &tokens {
            Ok(Some(t)) => {
                let ok = usable(t);
                all_ok &= ok;
                let who = t
                    .id_token
                    .as_ref()
                    .and_then(|j| id_token::identity(j.expose()))
                    .or_else(|| id_token::identity(t.access_token.expose()));
                json!({
                    "server": key.as_str(), "signed_in": true, "usable": ok,
                    "store": location,
                    "issuer": (!t.issuer.is_empty()).then_some(&t.issuer), "scope": t.scope,
                    "expires_at": expiry::expires_at(t), "refreshable": t.refresh_token.is_some(),
                    "identity": who, "expiry": describe_expiry(t),
                })
            }
            Ok(None) if let Ok(Some(st)) = service_token::load(store.as_ref(), key) => json!({
                "server": key.as_str(), "signed_in": true, "usable": true,
                "store": location, "service_token": st.client_id(),
            }),
            Ok(None) if let Err(e) = service_token::load(store.as_ref(), key) => {
                all_ok = false;
                json!({ "server": key.as_str(), "signed_in": false, "usable": false, "error": e.to_string() })
            }
            // Listing every server: one that never asked for a sign-in (nothing stored but
            // its last handshake) has nothing to report.
            Ok(None) if args.url.is_none() && !ever_signed_in(&state, key) => continue,
            Ok(None) => {
                all_ok = false;
                json!({ "server": key.as_str(), "signed_in": false, "usable": false, "store": location })
            }
            Err(e) => {
                all_ok = false;
                json!({ "server": key.as_str(), "signed_in": false, "usable": false, "error": e.to_string() })
            }
        };
        report.push(entry);
    }
    // Which machine policy applies, and from where.
    let policy = crate::policy::load()?;
    if args.json {
        let policy = crate::policy::show::to_json(&policy);
        let all = json!({ "servers": report, "policy": policy });
        super::output::println(serde_json::to_string_pretty(&all)?)?;
        return Ok(all_ok);
    }
    printer.info(crate::policy::show::one_line(&policy));
    if report.is_empty() {
        printer.info("No servers signed in. Sign in with: mcp-bridge login <URL>");
        return Ok(true);
    }
    for r in &report {
        let server = r["server"].as_str().unwrap_or_default();
        printer.info(server);
        if let Some(id) = r["service_token"].as_str() {
            printer.info(format!("  ✓ Cloudflare Access service token {id}"));
            printer.info(format!(
                "  - Credential: {}",
                r["store"].as_str().unwrap_or("?")
            ));
        } else if r["signed_in"] == true {
            let mark = if r["usable"] == true { "✓" } else { "✗" };
            let who = r["identity"]
                .as_str()
                .map(|w| format!(" as {w}"))
                .unwrap_or_default();
            let issuer = match r["issuer"].as_str() {
                Some(i) => format!("issuer {i}"),
                None => "issuer not known yet: the first refresh finds it".into(),
            };
            printer.info(format!("  {mark} Signed in{who} ({issuer})"));
            printer.info(format!(
                "  - Credential: {}",
                r["store"].as_str().unwrap_or("?")
            ));
            printer.info(format!(
                "  - Access token: {}",
                r["expiry"].as_str().unwrap_or("?")
            ));
            if let Some(s) = r["scope"].as_str() {
                printer.info(format!("  - Scopes: {s}"));
            }
            if r["usable"] != true {
                printer.info(format!("  - To fix: mcp-bridge login {server}"));
            }
        } else {
            let why = r["error"]
                .as_str()
                .map(|e| format!(": {e}"))
                .unwrap_or_default();
            printer.info(format!("  ✗ Not signed in{why}"));
            printer.info(format!("  - To fix: mcp-bridge login {server}"));
        }
    }
    Ok(all_ok)
}
