//! `mcp-bridge logout <URL>|--all`: remove what is stored for a server (tokens, registration,
//! cached metadata) and revoke the tokens where the authorization server offers revocation.

use clap::Args;

use super::context::{ServerContext, open_stores, store_kind};
use crate::cli::{AuthArgs, NetworkArgs};
use crate::oauth::{discovery, token};
use crate::printer::Printer;
use crate::store::ServerKey;

/// Sign out of one server, or all.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  mcp-bridge logout https://mcp.example.com/mcp\n  mcp-bridge logout --all"
)]
pub struct LogoutArgs {
    /// The server to sign out of.
    #[arg(
        value_name = "URL|NAME",
        required_unless_present = "all",
        conflicts_with = "all"
    )]
    pub url: Option<String>,

    /// Sign out of every stored server.
    #[arg(long)]
    pub all: bool,

    /// Only delete locally; do not ask the authorization server to revoke the tokens.
    #[arg(long)]
    pub no_revoke: bool,

    /// Credential store to clear (default: the keyring when reachable, else the file).
    #[arg(long, value_name = "STORE", value_parser = ["keyring", "file", "memory"])]
    pub store: Option<String>,

    #[command(flatten)]
    pub network: NetworkArgs,
}

pub async fn run(args: LogoutArgs, printer: Printer) -> anyhow::Result<()> {
    let (_dirs, _store, state) = open_stores(store_kind(args.store.as_deref()), &printer)?;
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
        let auth = AuthArgs {
            store: args.store.clone(),
            ..AuthArgs::default()
        };
        let ctx = ServerContext::new(&url, true, &auth, &args.network.settings(), printer)?;
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
