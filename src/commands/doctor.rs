//! `mcp-bridge doctor <URL>`: run the diagnosis of [`crate::doctor`] with the same flags the
//! bridge would run with, print it (or `--json` for bug reports), exit 1 when a step failed.

use anyhow::Context;

use crate::cf_access::service_token;
use crate::cli::DoctorArgs;
use crate::credential::ServerContext;
use crate::doctor::{self, checks};
use crate::printer::Printer;
use crate::settings::{AuthSettings, NetworkSettings, StoreSettings};
use crate::transport::headers;
use crate::transport::http_client::{self, Purpose};

/// `Ok(false)`: a step failed (exit 1).
pub async fn run(args: DoctorArgs, printer: Printer) -> anyhow::Result<bool> {
    let env = crate::settings::env::process();
    let auth = AuthSettings::resolve(&args.auth, env)?;
    let network = NetworkSettings::resolve(&args.network);
    let ctx = ServerContext::new(
        &args.url,
        args.allow_http,
        &auth,
        StoreSettings::resolve(args.auth.store.as_deref()),
        &network,
        printer,
    )?;
    let mut headers =
        headers::collect_headers(&args.headers, &args.header_file, &|k| env.user_named(k))?;
    let mut own_credential = headers
        .contains_key(http::header::AUTHORIZATION)
        .then(|| "an Authorization header is given (--header)".to_owned());
    if let Some((token, _)) =
        service_token::resolve(&auth.service_token, ctx.store.as_ref(), &ctx.key)
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
        use_id_token: auth.use_id_token,
    };
    let mut report = checks::diagnose(&inputs).await;
    crate::doctor::policy::policy_step(&mut report, &ctx.url);
    if args.json {
        super::output::println(serde_json::to_string_pretty(&report)?)?;
    } else {
        printer.report(report.render(doctor::use_color(
            printer.is_terminal(),
            env.get(crate::settings::env::NO_COLOR),
        )));
    }
    Ok(report.healthy())
}
