//! `mcp-bridge logout <URL>|--all`: remove what is stored for a server (tokens, registration,
//! cached metadata) and revoke the tokens where the authorization server offers revocation.

use crate::cli::AuthArgs;
use crate::cli::LogoutArgs;
use crate::credential::ServerContext;
use crate::credential::context::open_stores;
use crate::oauth::{discovery, token};
use crate::printer::Printer;
use crate::settings::{AuthSettings, NetworkSettings, StoreSettings};
use crate::store::ServerKey;

pub async fn run(args: LogoutArgs, printer: Printer) -> anyhow::Result<()> {
    let store = StoreSettings::resolve(args.store.as_deref());
    let network = NetworkSettings::resolve(&args.network);
    let env = crate::settings::env::process();
    let (_dirs, _store, state) = open_stores(store, &printer)?;
    let urls: Vec<String> = match &args.url {
        Some(u) => vec![u.clone()],
        None => state
            .keys()?
            .iter()
            .map(|k: &ServerKey| k.as_str().to_owned())
            .collect(),
    };
    if urls.is_empty() {
        printer.info("Nothing stored.");
    }
    for url in urls {
        // No sign-in flags: the guide's ACCESS_* variables may still name the client the
        // tokens were issued to, for the revocation.
        let auth = AuthSettings::resolve(&AuthArgs::default(), env)?;
        let ctx = ServerContext::new(&url, true, &auth, store, &network, printer)?;
        let tokens = ctx.store.load(&ctx.key)?;
        let mut revoked = false;
        if let (Some(t), false) = (&tokens, args.no_revoke) {
            revoked = revoke(&ctx, t).await;
        }
        let had_service_token =
            crate::cf_access::service_token::delete(ctx.store.as_ref(), &ctx.key)?;
        let had = ctx.store.delete(&ctx.key)? || had_service_token;
        ctx.state.remove(&ctx.key)?;
        let what = match (had, revoked) {
            (true, true) => "signed out; the tokens were revoked at the authorization server",
            (true, false) => "signed out",
            (false, _) => "nothing was stored; state cleared",
        };
        printer.info(format!("✓ {}: {what}", ctx.key.as_str()));
    }
    Ok(())
}

async fn revoke(ctx: &ServerContext, t: &crate::store::TokenSet) -> bool {
    // The sign-in's own client: the command's network settings, no redirects.
    let http = ctx.manager.authorizer().http();
    let meta = match discovery::auth_server_metadata(http, &t.issuer).await {
        Ok(m) => m,
        Err(e) => {
            tracing::debug!(error = %e, "no revocation: metadata unavailable");
            return false;
        }
    };
    let Some(endpoint) = meta.revocation_endpoint.clone() else {
        tracing::debug!("no revocation: the authorization server offers none");
        return false;
    };
    let Some(client) = ctx.manager_client(&t.issuer, t.client_id.as_deref().unwrap_or_default())
    else {
        tracing::debug!("no revocation: the client registration is gone");
        return false;
    };
    let mut ok = true;
    if let Some(rt) = &t.refresh_token {
        ok &= token::revoke(http, &endpoint, &client.auth(), rt, "refresh_token")
            .await
            .is_ok();
    }
    ok &= token::revoke(
        http,
        &endpoint,
        &client.auth(),
        &t.access_token,
        "access_token",
    )
    .await
    .is_ok();
    ok
}
