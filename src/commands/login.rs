//! `mcp-bridge login <URL>`: sign in without a host, then say who is signed in and where the
//! credential is kept.

use std::time::Duration;

use clap::Args;

use super::context::ServerContext;
use super::status::describe_expiry;
use crate::cli::AuthArgs;
use crate::credential::manager::now;
use crate::oauth::challenge::BearerChallenge;
use crate::oauth::id_token;
use crate::printer::Printer;

/// Sign in to a remote MCP server.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  mcp-bridge login https://mcp.example.com/mcp\n  mcp-bridge login https://mcp.example.com/mcp --no-browser\n  mcp-bridge login https://mcp.example.com/mcp --force --scope 'mcp:read mcp:write'"
)]
pub struct LoginArgs {
    /// The remote MCP endpoint.
    #[arg(value_name = "URL")]
    pub url: String,

    /// Sign in again even when a usable credential is stored.
    #[arg(long)]
    pub force: bool,

    /// Allow a plain http:// URL for a host that is not loopback.
    #[arg(long)]
    pub allow_http: bool,

    #[command(flatten)]
    pub auth: AuthArgs,
}

pub async fn run(args: LoginArgs, printer: Printer) -> anyhow::Result<()> {
    let ctx = ServerContext::new(&args.url, args.allow_http, &args.auth, None, printer)?;
    if let Some(t) = ctx.manager.prime().await
        && !args.force
        && (!t.is_expired(now(), 0) || t.refresh_token.is_some())
    {
        printer.info(format!(
            "Already signed in to {} ({}). Use --force to sign in again.",
            ctx.key.as_str(),
            describe_expiry(&t)
        ));
        return Ok(());
    }
    let challenge = probe(&ctx).await;
    if args.force {
        ctx.manager.sign_in_again(challenge.as_ref()).await?;
    } else {
        ctx.manager.renew(challenge.as_ref(), false).await?;
    }
    let t = ctx.manager.current().expect("a credential after sign-in");
    let who = t
        .id_token
        .as_ref()
        .and_then(|j| id_token::identity(j.expose()))
        .or_else(|| id_token::identity(t.access_token.expose()));
    printer.info(format!("✓ Signed in to {}", ctx.key.as_str()));
    if let Some(w) = who {
        printer.info(format!("  Account:     {w}"));
    }
    printer.info(format!("  Issuer:      {}", t.issuer));
    if let Some(s) = &t.scope {
        printer.info(format!("  Scopes:      {s}"));
    }
    printer.info(format!("  Access:      {}", describe_expiry(&t)));
    printer.info(format!("  Stored in:   {}", ctx.store.location()));
    Ok(())
}

/// Ask the server for its challenge without creating a session: an unauthenticated GET.
pub async fn probe(ctx: &ServerContext) -> Option<BearerChallenge> {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(15))
        .build()
        .ok()?;
    let resp = client
        .get(ctx.url.clone())
        .header(http::header::ACCEPT, "text/event-stream")
        .send()
        .await
        .ok()?;
    let header = resp
        .headers()
        .get_all(http::header::WWW_AUTHENTICATE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect::<Vec<_>>()
        .join(", ");
    BearerChallenge::from_header(&header)
}
