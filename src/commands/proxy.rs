//! `mcp-bridge proxy`: check the flags, build the HTTP client, and run the relay loop on
//! stdin/stdout until EOF or a signal.

use std::sync::Arc;

use anyhow::Context;

use crate::cf_access::service_token::{self, SecretOrigin};
use crate::cli::ProxyArgs;
use crate::credential::ServerContext;
use crate::oauth::id_token;
use crate::printer::Printer;
use crate::proxy::audit::{AuditLog, IdentitySource};
use crate::proxy::{self, Endpoint, EraCache, HandshakeCache, Hooks, ProxyOptions, ToolFilter};
use crate::settings::{AuthSettings, NetworkSettings, ProxySettings, StoreSettings};
use crate::store::state::{StateEras, StateHandshake};
use crate::transport::http_client::{self, Purpose, check_server_url};
use crate::transport::{BearerSlot, headers};

pub async fn run(mut args: ProxyArgs, printer: Printer) -> anyhow::Result<()> {
    if args.auth.callback_port.is_none() {
        args.auth.callback_port = args.port;
    }
    let env = crate::settings::env::process();
    let auth = AuthSettings::resolve(&args.auth, env)?;
    let network = NetworkSettings::resolve(&args.network);
    let relay = ProxySettings::resolve(&args);
    let url = check_server_url(&args.url, args.allow_http)?;
    // Machine policy: may refuse the server, adds tool rules and audit logs.
    let policy = crate::policy::load()?;
    policy.check_http(&url)?;
    policy.check_server(&url)?;
    let headers =
        headers::collect_headers(&args.headers, &args.header_file, &|k| env.user_named(k))?;
    super::warn_ignored(&auth, &printer);
    if relay.disable_cookies {
        printer.warn("--disable-cookies has no effect: the bridge keeps no cookies");
    }
    let client = http_client::build(
        &network,
        Purpose::Mcp {
            read_timeout: relay.body_timeout,
        },
    )
    .context("cannot set up the HTTP client")?;
    tracing::info!(url = %url, headers = headers.len(), "starting proxy");
    // A Cloudflare Access service token goes on every request whatever else is sent. A static
    // Authorization header means the user manages the server's credential, and a service
    // token replaces sign-in; otherwise the bridge signs in when the server asks, starting
    // from the stored credential.
    let mut headers = headers;
    let user_authorization = headers.contains_key(http::header::AUTHORIZATION);
    // The audit log's user: what the user's own bearer token says, when it is a readable JWT.
    let mut identity: IdentitySource =
        match crate::audit::bearer_identity(headers.get(http::header::AUTHORIZATION)) {
            Some(who) => Arc::new(move || Some(who.clone())),
            None => Arc::new(|| None),
        };
    // With the user's own Authorization header and no service token asked for, nothing stored
    // is needed: the credential store (and the keyring) is left alone.
    let ctx = if user_authorization && auth.service_token.client_id.is_none() {
        None
    } else {
        Some(ServerContext::new(
            &args.url,
            args.allow_http,
            &auth,
            StoreSettings::resolve(args.auth.store.as_deref()),
            &network,
            printer,
        )?)
    };
    let service_token = match &ctx {
        Some(ctx) => service_token::resolve(&auth.service_token, ctx.store.as_ref(), &ctx.key)
            .map_err(anyhow::Error::msg)?,
        None => None,
    };
    if let Some((token, origin)) = &service_token {
        if *origin == SecretOrigin::Argv {
            printer.warn(service_token::argv_warning());
        }
        tracing::info!(client_id = %token.client_id(), "using a Cloudflare Access service token");
        if !user_authorization {
            let who = format!("service-token:{}", token.client_id());
            identity = Arc::new(move || Some(who.clone()));
        }
        token.apply(&mut headers);
    }
    let signs_in = ctx
        .as_ref()
        .filter(|_| !user_authorization && service_token.is_none());
    let (bearer, hooks) = if let Some(ctx) = signs_in {
        ctx.manager.prime().await;
        tokio::spawn(ctx.manager.clone().keep_fresh());
        let manager = ctx.manager.clone();
        identity = Arc::new(move || {
            let t = manager.current()?;
            t.id_token
                .as_ref()
                .and_then(|j| id_token::identity(j.expose()))
                .or_else(|| id_token::identity(t.access_token.expose()))
        });
        let cache: Arc<dyn HandshakeCache> =
            Arc::new(StateHandshake::new(ctx.state.clone(), ctx.key.clone()));
        (
            ctx.bearer.clone(),
            Hooks {
                reauth: ctx.manager.clone(),
                cache: Some(cache),
                eras: None,
                waiting_on_person: Some(ctx.manager.waiting_on_person()),
            },
        )
    } else {
        (BearerSlot::default(), Hooks::default())
    };
    // What the server's origin speaks is remembered whatever the credentials are.
    let mut hooks = hooks;
    hooks.eras = crate::store::Dirs::from_env()
        .ok()
        .and_then(|dirs| crate::store::StateFile::open(&dirs).ok())
        .map(|state| Arc::new(StateEras::new(Arc::new(state), &url)) as Arc<dyn EraCache>);
    let endpoint = Endpoint {
        client,
        url: url.clone(),
        headers,
        bearer,
        headers_timeout: relay.headers_timeout,
        access_saas: auth.is_access_saas(),
    };
    let sinks = crate::policy::enforce::audit_sinks(
        &policy,
        relay.audit_log.as_deref(),
        relay.audit_include_arguments,
    );
    let audit = if sinks.is_empty() {
        None
    } else {
        Some(Arc::new(
            AuditLog::open_all(&sinks, &args.url, identity).context("cannot open the audit log")?,
        ))
    };
    let opts = ProxyOptions {
        audit,
        strategy: relay.strategy,
        protocol: relay.protocol,
        ping_period: relay.ping_period,
        max_message_size: relay.max_message_size,
        filter: ToolFilter::from_rules(crate::policy::enforce::tool_rules(
            &policy,
            Some(&url),
            &relay.allow_tool,
            &relay.ignore_tool,
            relay.read_only,
        )),
        printer: Some(printer),
    };
    proxy::run(
        endpoint,
        opts,
        hooks,
        tokio::io::stdin(),
        tokio::io::stdout(),
        shutdown_signal(),
    )
    .await
}

/// Completes on SIGINT or SIGTERM (Ctrl-C on Windows).
pub async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut term = match signal(SignalKind::terminate()) {
            Ok(s) => s,
            Err(_) => return std::future::pending().await,
        };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
