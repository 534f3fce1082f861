//! `mcp-bridge doctor <URL>`: run the diagnosis of [`crate::doctor`] with the same flags the
//! bridge would run with, print it (or `--json` for bug reports), exit 1 when a step failed.

use std::path::PathBuf;

use anyhow::Context;
use clap::Args;

use super::context::ServerContext;
use crate::cf_access::service_token;
use crate::cli::AuthArgs;
use crate::cli::NetworkArgs;
use crate::doctor::{self, checks};
use crate::printer::Printer;
use crate::transport::headers;
use crate::transport::http_client::{self, Purpose};

/// Check every link from this machine to a remote MCP server, and say how to fix what is broken.
///
/// Walks the chain the bridge goes through: name resolution, the connection and TLS, the
/// server's 401 challenge, its resource metadata, the authorization server's metadata and
/// issuer, how the client registers, PKCE, the stored credential and its freshness, the OS
/// keyring, the transport, an initialize round trip and the tool count. Nothing is changed:
/// no sign-in, no refresh, no registration.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  mcp-bridge doctor https://mcp.example.com/mcp\n  mcp-bridge doctor https://mcp.example.com/mcp --json > doctor.json\n  mcp-bridge doctor https://meraki-mcp.example.com/mcp --cf-access-team myteam --client-id 0123abcd"
)]
pub struct DoctorArgs {
    /// The remote MCP endpoint, or a named server (`mcp-bridge config`), as given to
    /// `mcp-bridge proxy`.
    #[arg(value_name = "URL|NAME")]
    pub url: String,

    /// Print the report as JSON on stdout (for bug reports).
    #[arg(long)]
    pub json: bool,

    /// Extra header, as for `proxy` (${VAR} expanded). Repeatable.
    #[arg(long = "header", short = 'H', value_name = "NAME: VALUE")]
    pub headers: Vec<String>,

    /// Read extra headers from a file, as for `proxy`.
    #[arg(long, value_name = "PATH")]
    pub header_file: Vec<PathBuf>,

    /// Allow a plain http:// URL for a host that is not loopback.
    #[arg(long)]
    pub allow_http: bool,

    #[command(flatten)]
    pub auth: AuthArgs,

    #[command(flatten)]
    pub network: NetworkArgs,
}

/// `Ok(false)`: a step failed (exit 1).
pub async fn run(args: DoctorArgs, printer: Printer) -> anyhow::Result<bool> {
    let network = args.network.settings();
    let ctx = ServerContext::new(&args.url, args.allow_http, &args.auth, &network, printer)?;
    let mut headers =
        headers::collect_headers(&args.headers, &args.header_file, &|k| std::env::var(k).ok())?;
    let mut own_credential = headers
        .contains_key(http::header::AUTHORIZATION)
        .then(|| "an Authorization header is given (--header)".to_owned());
    if let Some((token, _)) =
        service_token::resolve(&args.auth, ctx.store.as_ref(), &ctx.key, &|k| {
            std::env::var(k).ok()
        })
        .map_err(anyhow::Error::msg)?
    {
        let used = format!(
            "the Cloudflare Access service token {} is used",
            token.client_id()
        );
        own_credential = Some(match own_credential {
            Some(a) => format!("{a}; {used}"),
            None => used,
        });
        token.apply(&mut headers);
    }
    let transport = http_client::build(&network, Purpose::Mcp { read_timeout: None })
        .context("cannot set up the HTTP client")?;
    let inputs = checks::Inputs {
        ctx: &ctx,
        transport,
        headers,
        own_credential,
        use_id_token: args.auth.use_id_token,
    };
    let mut report = checks::diagnose(&inputs).await;
    crate::policy::enforce::doctor_step(&mut report, &ctx.url);
    if args.json {
        super::output::println(serde_json::to_string_pretty(&report)?)?;
    } else {
        printer.report(report.render(doctor::use_color(printer.is_terminal())));
    }
    Ok(report.healthy())
}
