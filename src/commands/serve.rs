//! `mcp-bridge serve <catalog>`: a local stdio MCP server. Builds the catalog from the flags
//! (key source, region or base URL, pacing, cache) and runs the server until stdin closes or a
//! signal arrives.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;

use crate::cli::ServeArgs;
use crate::cli::serve::{MerakiServeArgs, ServeCatalog};
use crate::meraki::region::BaseChoice;
use crate::meraki::{
    Backend, CacheTtls, ClientConfig, DashboardClient, KeySource, MerakiCatalog, RetryPolicy,
};
use crate::serve::{ServeOptions, ToolCatalog, serve};
use crate::settings::Env;
use crate::settings::env::{MERAKI_BASE_URL, MERAKI_REGION};

pub async fn run(args: ServeArgs) -> anyhow::Result<()> {
    match args.catalog {
        ServeCatalog::Meraki(m) => {
            // Machine policy: may forbid the server or writes; its tool rules apply with the flags'.
            let policy = crate::policy::load()?;
            crate::policy::enforce::check_serve_meraki(&policy, m.allow_writes)?;
            let rules = crate::policy::enforce::tool_rules(
                &policy,
                None,
                &m.allow_tool,
                &m.ignore_tool,
                m.read_only,
            );
            let opts = ServeOptions {
                max_result_bytes: m.max_result_bytes,
                ..ServeOptions::default()
            };
            let catalog = meraki_catalog(&m, crate::settings::env::process())?;
            if rules.is_empty() {
                return run_stdio(Arc::new(catalog), opts).await;
            }
            let catalog = crate::serve::ruled::RuledCatalog::new(catalog, rules);
            run_stdio(Arc::new(catalog), opts).await
        }
    }
}

/// The key source: `--api-key-file`, else `MERAKI_DASHBOARD_API_KEY` when set, else the key
/// `mcp-bridge meraki set-key` stored.
fn key_source(m: &MerakiServeArgs, env: &Env) -> KeySource {
    match &m.api_key_file {
        Some(path) => KeySource::File(path.clone()),
        None if env.get(crate::meraki::KEY_ENV).is_some() => KeySource::Env,
        None => KeySource::Stored(None),
    }
}

fn meraki_catalog(m: &MerakiServeArgs, env: &Env) -> anyhow::Result<MerakiCatalog> {
    if m.demo {
        tracing::info!("demo mode: answering from built-in example data");
        return Ok(MerakiCatalog::new(Backend::Demo, m.allow_writes));
    }
    let source = key_source(m, env);
    let key = source.load()?;
    let (env_base, env_region) = (env.get(MERAKI_BASE_URL), env.get(MERAKI_REGION));
    let (base_url, chosen_by) = BaseChoice {
        flag_base_url: m.base_url.as_ref(),
        flag_region: m.region,
        env_base_url: env_base,
        env_region,
    }
    .resolve()
    .map_err(|e| anyhow::anyhow!("{e}; fix or unset it, or pass --region or --base-url"))?;
    anyhow::ensure!(
        matches!(base_url.scheme(), "http" | "https"),
        "the API root ({chosen_by}) must be an http(s) URL, not {base_url}"
    );
    if base_url.scheme() == "http" && !is_loopback(&base_url) {
        tracing::warn!(
            "the API root {base_url} is plain http: the API key crosses the network unencrypted"
        );
    }
    let ttls = if m.no_cache {
        CacheTtls::disabled()
    } else {
        CacheTtls {
            organizations: Duration::from_secs(m.cache_ttl_organizations),
            networks: Duration::from_secs(m.cache_ttl_networks),
            clients: Duration::from_secs(m.cache_ttl_clients),
        }
    };
    let config = ClientConfig {
        base_url,
        key,
        retry: RetryPolicy {
            max_rate_limited: m.max_retries,
            max_server_errors: m.max_server_retries,
            base_delay: Duration::from_millis(m.retry_base_delay_ms),
            ..RetryPolicy::default()
        },
        requests_per_second: m.rate_limit,
        max_pages: m.max_pages,
        ttls,
        timeout: Duration::from_secs(m.timeout.max(1)),
        trusted_origins: m.trust_origin.clone(),
        network: crate::settings::NetworkSettings::resolve(&m.network),
    };
    tracing::info!(base = %config.base_url, chosen_by, key = %source.describe(), "serving the Meraki tools");
    let client = DashboardClient::new(config).context("cannot set up the HTTP client")?;
    Ok(MerakiCatalog::new(
        Backend::Live(Box::new(client)),
        m.allow_writes,
    ))
}

fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(d)) => d == "localhost",
        None => false,
    }
}

/// Serve on stdin/stdout until stdin ends, or SIGINT/SIGTERM.
async fn run_stdio<C: ToolCatalog>(catalog: Arc<C>, opts: ServeOptions) -> anyhow::Result<()> {
    let input = tokio::io::BufReader::new(tokio::io::stdin());
    let server = serve(catalog, input, tokio::io::stdout(), opts);
    tokio::select! {
        () = server => {}
        () = shutdown_signal() => tracing::info!("signal received, exiting"),
    }
    Ok(())
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let (Ok(mut term), Ok(mut int)) = (
            signal(SignalKind::terminate()),
            signal(SignalKind::interrupt()),
        ) else {
            return std::future::pending().await;
        };
        tokio::select! {
            _ = term.recv() => {}
            _ = int.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
