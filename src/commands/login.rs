//! `mcp-bridge login <URL>`: sign in without a host, then say who is signed in and where the
//! credential is kept — or, when the store refused it, that it was not kept (exit 1). With
//! `--no-browser` the browser may be on another machine: the address it ended on can be
//! pasted on stdin.

use anyhow::Context;

use super::secret_input::read_secret;
use crate::cf_access::login_page;
use crate::cf_access::service_token::{self, ServiceToken};
use crate::cli::LoginArgs;
use crate::clock::unix_now;
use crate::credential::ServerContext;
use crate::credential::expiry::describe_expiry;
use crate::oauth::challenge::BearerChallenge;
use crate::oauth::id_token;
use crate::printer::Printer;
use crate::settings::{AuthSettings, NetworkSettings, StoreSettings};
use crate::transport::http_client::Purpose;

/// `Ok(false)`: signed in, but the credential could not be stored (exit 1).
pub async fn run(args: LoginArgs, printer: Printer) -> anyhow::Result<bool> {
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
    if auth.service_token.client_id.is_some() {
        store_service_token(&auth, &ctx, printer).await?;
        return Ok(true);
    }
    if let Some(t) = ctx.manager.prime().await
        && !args.force
        && (!crate::credential::expiry::is_dead(&t, unix_now()) || t.refresh_token.is_some())
    {
        printer.info(format!(
            "Already signed in to {} ({}). Use --force to sign in again.",
            ctx.key.as_str(),
            describe_expiry(&t)
        ));
        return Ok(true);
    }
    if auth.no_browser {
        // The person may sign in on another machine and paste the address back here.
        ctx.manager.authorizer().accept_pasted_addresses();
    }
    let challenge = probe(&ctx).await;
    if args.force {
        ctx.manager
            .sign_in_again(challenge.as_ref())
            .await
            .map_err(|e| with_retry_hint(e, &ctx))?;
    } else {
        ctx.manager
            .renew(&crate::credential::Refused::by_user(challenge.as_ref()))
            .await
            .map_err(|e| with_retry_hint(e, &ctx))?;
    }
    let t = ctx.manager.current().expect("a credential after sign-in");
    let who = t
        .id_token
        .as_ref()
        .and_then(|j| id_token::identity(j.expose()))
        .or_else(|| id_token::identity(t.access_token.expose()));
    let stored = ctx.manager.is_stored();
    if stored {
        printer.info(format!("✓ Signed in to {}", ctx.key.as_str()));
    } else {
        printer.info(format!(
            "✗ Signed in to {}, but the credential could not be stored: it was good for this \
             command only, and the next one will have to sign in again",
            ctx.key.as_str()
        ));
    }
    if let Some(w) = who {
        printer.info(format!("  Account:     {w}"));
    }
    printer.info(format!("  Issuer:      {}", t.issuer));
    if let Some(s) = &t.scope {
        printer.info(format!("  Scopes:      {s}"));
    }
    printer.info(format!("  Access:      {}", describe_expiry(&t)));
    if stored {
        printer.info(format!("  Stored in:   {}", ctx.store.location()));
    } else {
        printer.info(format!(
            "  Not stored:  {} refused it (see the warning above). Unlock the keyring, or use \
             --store file, and sign in again",
            ctx.store.location()
        ));
    }
    Ok(stored)
}

/// `login --cf-access-client-id ID`: take the service token's secret (environment, file, or a
/// hidden prompt / stdin), check that Cloudflare Access lets it through, and keep it in the
/// credential store for `proxy`.
async fn store_service_token(
    auth: &AuthSettings,
    ctx: &ServerContext,
    printer: Printer,
) -> anyhow::Result<()> {
    let given = &auth.service_token;
    let id = given.client_id.clone().unwrap_or_default();
    let has_secret =
        given.secret_file.is_some() || given.secret_argv.is_some() || given.secret_env.is_some();
    let token = if has_secret {
        let (token, origin) = service_token::resolve(given, ctx.store.as_ref(), &ctx.key)
            .map_err(anyhow::Error::msg)?
            .ok_or_else(|| anyhow::anyhow!("no service token secret was given"))?;
        if origin == service_token::SecretOrigin::Argv {
            printer.warn(service_token::argv_warning());
        }
        token
    } else {
        let secret = read_secret(
            "service token Client Secret",
            &format!("Paste the Client Secret of the Cloudflare Access service token {id}."),
            printer,
        )?;
        ServiceToken::new(&id, &secret).map_err(anyhow::Error::msg)?
    };
    let client = ctx.client(Purpose::Probe)?;
    let mut headers = http::HeaderMap::new();
    token.apply(&mut headers);
    let resp = client
        .get(ctx.url.clone())
        .headers(headers)
        .header(http::header::ACCEPT, "text/event-stream")
        .send()
        .await
        .with_context(|| format!("cannot reach {}", ctx.url))?;
    let location = resp
        .headers()
        .get(http::header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let refused = matches!(resp.status().as_u16(), 401 | 403)
        || (resp.status().is_redirection() && login_page::is_login_redirect(&location));
    if refused {
        anyhow::bail!(
            "Cloudflare Access did not accept the service token {id} for {} (HTTP {}); nothing \
             was stored. The application needs a policy with the action Service Auth that \
             includes this token, and the id and secret must belong together.",
            ctx.key.as_str(),
            resp.status().as_u16()
        );
    }
    service_token::save(ctx.store.as_ref(), &ctx.key, &token)?;
    ctx.state.update(&ctx.key, |s| {
        s.extra.insert(
            "cf_access_service_token".into(),
            serde_json::Value::String(token.client_id().to_owned()),
        );
    })?;
    printer.info(format!(
        "✓ Stored the Cloudflare Access service token {id} for {}",
        ctx.key.as_str()
    ));
    printer.info(format!("  Stored in:   {}", ctx.store.location()));
    printer
        .info("  `mcp-bridge proxy` now sends it on every request; no browser sign-in is needed.");
    Ok(())
}

/// A sign-in that timed out or was cancelled in the browser ends with the command to retry.
fn with_retry_hint(e: crate::oauth::OAuthError, ctx: &ServerContext) -> anyhow::Error {
    use crate::oauth::OAuthError;
    use crate::oauth::callback::CallbackError;
    match e {
        OAuthError::Callback(CallbackError::Timeout { .. }) => anyhow::anyhow!(
            "{e}; try again with: mcp-bridge login {} (add --auth-timeout SECONDS to wait longer, or --device-code without a browser)",
            ctx.key.as_str()
        ),
        other => other.into(),
    }
}

/// Ask the server for its challenge without creating a session: an unauthenticated GET.
pub async fn probe(ctx: &ServerContext) -> Option<BearerChallenge> {
    let client = ctx.client(Purpose::Probe).ok()?;
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
