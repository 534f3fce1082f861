//! `mcp-bridge token <URL>`: print a valid access token for scripts, refreshing it when
//! needed. stdout carries the token alone; messages go to stderr; a browser opens only with
//! `--login`.

use serde_json::json;

use super::login;
use crate::cli::TokenArgs;
use crate::credential::ServerContext;
use crate::oauth::OAuthError;
use crate::printer::Printer;
use crate::settings::{AuthSettings, NetworkSettings, StoreSettings};

/// Returns false when the user must sign in.
pub async fn run(args: TokenArgs, printer: Printer) -> anyhow::Result<bool> {
    let auth = AuthSettings::resolve(&args.auth, crate::settings::env::process())?;
    let ctx = ServerContext::new(
        &args.url,
        args.allow_http,
        &auth,
        StoreSettings::resolve(args.auth.store.as_deref()),
        &NetworkSettings::resolve(&args.network),
        printer,
    )?;
    crate::policy::enforce::check_server(&ctx.url)?;
    super::warn_ignored(&auth, &printer);
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
            } else if !e.is_local() {
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
