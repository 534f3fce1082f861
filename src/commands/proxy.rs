//! `mcp-bridge proxy`: check the flags, build the HTTP client, and run the relay loop on
//! stdin/stdout until EOF or a signal.

use std::sync::Arc;

use anyhow::Context;

use crate::cli::ProxyArgs;
use crate::proxy::{self, Endpoint, NoReauth, ProxyOptions, ToolFilter};
use crate::transport::http_client::{ClientOptions, build_client, check_server_url};
use crate::transport::{BearerSlot, headers};

pub async fn run(args: ProxyArgs) -> anyhow::Result<()> {
    let url = check_server_url(&args.url, args.allow_http)?;
    let headers =
        headers::collect_headers(&args.headers, &args.header_file, &|k| std::env::var(k).ok())?;
    let client = build_client(&ClientOptions {
        connect_timeout: Some(std::time::Duration::from_secs(args.connect_timeout)),
        ca_file: args.ca_file.as_deref(),
        no_proxy: args.no_proxy,
    })
    .context("cannot set up the HTTP client")?;
    tracing::info!(url = %url, headers = headers.len(), "starting proxy");
    let endpoint = Endpoint {
        client,
        url,
        headers,
        bearer: BearerSlot::default(),
    };
    let opts = ProxyOptions {
        strategy: args.transport,
        ping_period: args.ping_period(),
        max_message_size: args.max_message_size,
        filter: ToolFilter::new(&args.ignore_tool),
    };
    proxy::run(
        endpoint,
        opts,
        Arc::new(NoReauth),
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
