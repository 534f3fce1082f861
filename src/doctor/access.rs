//! The doctor's reading of an answer from Cloudflare Access rather than the server: its login
//! (Managed OAuth off), its block page, or a refusal of the service token sent, each with the
//! explanation the bridge itself would give ([`crate::cf_access::refusal`]).

use super::checks::Inputs;
use crate::cf_access::login_page;
use crate::cf_access::refusal::{AccessAnswer, AccessRefusal, Sent};
use crate::cf_access::service_token;
use crate::oauth::challenge::BearerChallenge;

/// When Access answered the probe: what was seen, and the explanation with its fix.
pub(super) fn answered(
    inputs: &Inputs<'_>,
    status: u16,
    location: &str,
    www_authenticate: &str,
    content_type: &str,
    body: &[u8],
) -> Option<(String, String)> {
    let service_token = inputs
        .headers
        .get(service_token::ID_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    // A challenge of the server's own means the request got past Access.
    let own_challenge = BearerChallenge::from_header(www_authenticate)
        .and_then(|c| c.resource_metadata)
        .is_some_and(|m| !m.contains("cloudflare-access-protected-resource"));
    let answer = if (300..400).contains(&status) && login_page::is_login_redirect(location) {
        AccessAnswer::LoginRedirect
    } else if let Some(summary) = login_page::block_page_summary(content_type, body) {
        match service_token {
            Some(_) => AccessAnswer::TokenRefused {
                status,
                page: Some(summary),
            },
            None => AccessAnswer::Blocked { summary },
        }
    } else if login_page::is_login_page(content_type, body) {
        AccessAnswer::LoginPage
    } else if matches!(status, 401 | 403) && service_token.is_some() && !own_challenge {
        AccessAnswer::TokenRefused { status, page: None }
    } else {
        return None;
    };
    let seen = match &answer {
        AccessAnswer::LoginRedirect | AccessAnswer::LoginPage => {
            "Cloudflare Access answered with its browser login".to_owned()
        }
        AccessAnswer::Blocked { .. } => "Cloudflare Access blocked the request".to_owned(),
        AccessAnswer::TokenRefused { status, .. } => {
            format!("Cloudflare Access refused the service token (HTTP {status})")
        }
    };
    let refusal = AccessRefusal {
        answer,
        sent: Sent {
            server: inputs.ctx.key.as_str().to_owned(),
            service_token,
            bearer: inputs.headers.contains_key(http::header::AUTHORIZATION),
            token: None,
            access_saas: inputs.ctx.manager.authorizer().settings().is_access_saas(),
        },
    };
    Some((seen, refusal.to_string()))
}
