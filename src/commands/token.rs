//! `mcp-bridge token <URL>`: print a valid access token for scripts, refreshing it when
//! needed. stdout carries the token alone; messages go to stderr; a browser opens only with
//! `--login`.

use clap::Args;
use serde_json::json;

use super::context::ServerContext;
use super::login;
use crate::cli::{AuthArgs, NetworkArgs};
use crate::oauth::OAuthError;
use crate::printer::Printer;

/// Print a valid access token (refreshing it when needed).
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  curl -H \"Authorization: Bearer $(mcp-bridge token https://mcp.example.com/mcp)\" https://mcp.example.com/mcp\n  mcp-bridge token https://mcp.example.com/mcp --json\n  mcp-bridge token https://mcp.example.com/mcp --refresh\n\nExit status: 0 with the token on stdout; 1 when you must sign in (the command to run is on stderr)."
)]
pub struct TokenArgs {
    /// The remote MCP endpoint, or a named server (`mcp-bridge config`).
    #[arg(value_name = "URL|NAME")]
    pub url: String,

    /// Print {"access_token", "token_type", "expires_at", "scope"} as JSON.
    #[arg(long)]
    pub json: bool,

    /// Refresh even if the token is still valid.
    #[arg(long)]
    pub refresh: bool,

    /// Sign in through the browser when there is no usable credential.
    #[arg(long)]
    pub login: bool,

    /// Allow a plain http:// URL for a host that is not loopback.
    #[arg(long)]
    pub allow_http: bool,

    #[command(flatten)]
    pub auth: AuthArgs,

    #[command(flatten)]
    pub network: NetworkArgs,
}

/// Returns false when the user must sign in.
pub async fn run(args: TokenArgs, printer: Printer) -> anyhow::Result<bool> {
    let ctx = ServerContext::new(
        &args.url,
        args.allow_http,
        &args.auth,
        &args.network.settings(),
        printer,
    )?;
    crate::policy::enforce::check_server(&ctx.url)?;
    super::context::warn_ignored(&args.auth, &printer);
    ctx.manager.prime().await;
    let t = match ctx.manager.ensure_fresh(args.refresh).await {
        Ok(t) => t,
        Err(e)
            if args.login && (e.is_rejection() || matches!(e, OAuthError::NotSignedIn { .. })) =>
        {
            let challenge = login::probe(&ctx).await;
            ctx.manager
                .renew(&crate::credential::Refused::by_user(challenge.as_ref()))
                .await?;
            ctx.manager.current().expect("a credential after sign-in")
        }
        Err(e) if e.is_transient() => return Err(e.into()),
        Err(e) => {
            printer.error(format!("{e}"));
            if e.is_rejection() {
                printer.info(format!(
                    "To sign in again: mcp-bridge login {}",
                    ctx.key.as_str()
                ));
            } else if !matches!(e, OAuthError::NotSignedIn { .. }) {
                printer.info("The stored credential is kept; try again later.");
            }
            return Ok(false);
        }
    };
    let bearer = crate::credential::manager::bearer_of(&t, args.auth.use_id_token);
    if args.json {
        let v = json!({
            "access_token": bearer.expose(),
            "token_type": t.token_type,
            "expires_at": crate::credential::expiry::expires_at(&t),
            "scope": t.scope,
        });
        super::output::println_secret(&v.to_string())?;
    } else {
        super::output::println_secret(bearer.expose())?;
    }
    Ok(true)
}
