//! What to tell the user when Cloudflare Access, not the MCP server, answered: the login
//! redirect or page (Access wants a browser session), a `401`/`403` to a service token, or the
//! block page. The words depend on what was seen and on what the bridge had sent, so that the
//! message names the one setup that fits rather than every possible one.

use std::fmt;

/// Why Access shows its login, and the setup that fits a desktop host.
pub const MANAGED_OAUTH_OFF: &str = "the server is a self-hosted Access application with \
    Managed OAuth off, so Access wants a browser session cookie, which a desktop MCP host cannot \
    show or keep. Ask the Access administrator to turn on Managed OAuth for the application; \
    Access then answers 401 and mcp-bridge signs in by itself, with no flags. (Scripts and CI can \
    use a service token instead: --cf-access-client-id ID with the secret in \
    CF_ACCESS_CLIENT_SECRET.)";

/// What Access answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccessAnswer {
    /// A redirect to `/cdn-cgi/access/login…`.
    LoginRedirect,
    /// The login page itself.
    LoginPage,
    /// HTTP 401 or 403 to a request that carried a service token.
    TokenRefused { status: u16, page: Option<String> },
    /// The block page ("Forbidden…"), summarised.
    Blocked { summary: String },
}

/// What the bridge had sent, as far as the explanation cares.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sent {
    /// The server URL, for the commands in the message.
    pub server: String,
    /// The service token's Client ID, when one was sent.
    pub service_token: Option<String>,
    /// An `Authorization` bearer went with the request.
    pub bearer: bool,
    /// The bridge's own bearer token, as the request carried it (not a `--header` one): a
    /// refusal then names the token it refused, so that a refusal of a token already replaced
    /// leads to no second renewal.
    pub token: Option<crate::secret::Secret>,
    /// The sign-in is with an Access for SaaS application (`--cf-access-team` or the
    /// `ACCESS_*` variables).
    pub access_saas: bool,
}

/// Access's answer, and what it was an answer to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessRefusal {
    pub answer: AccessAnswer,
    pub sent: Sent,
}

impl AccessRefusal {
    /// The HTTP status, when Access answered with an error status.
    pub fn status(&self) -> Option<u16> {
        match &self.answer {
            AccessAnswer::TokenRefused { status, .. } => Some(*status),
            AccessAnswer::Blocked { .. } => Some(403),
            AccessAnswer::LoginRedirect | AccessAnswer::LoginPage => None,
        }
    }
}

impl fmt::Display for AccessRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let server = if self.sent.server.is_empty() {
            "URL"
        } else {
            self.sent.server.as_str()
        };
        let login = match self.answer {
            AccessAnswer::LoginPage => "its browser login page",
            _ => "a redirect to its browser login",
        };
        match (&self.answer, &self.sent) {
            (
                AccessAnswer::LoginRedirect | AccessAnswer::LoginPage,
                Sent {
                    service_token: Some(id),
                    ..
                },
            ) => write!(
                f,
                "Cloudflare Access did not accept the service token {id}: it answered with {login} \
                 instead of MCP. The application needs a policy with the action Service Auth \
                 that includes this token (an Allow policy never matches a token), and the \
                 Client ID and Client Secret must belong together. `mcp-bridge login {server} \
                 --cf-access-client-id {id}` checks the pair before keeping it."
            ),
            (
                AccessAnswer::LoginRedirect | AccessAnswer::LoginPage,
                Sent {
                    access_saas: true, ..
                },
            ) => write!(
                f,
                "Cloudflare Access answered with {login} instead of MCP: besides the Access for \
                 SaaS application mcp-bridge signs in with, a self-hosted Access application \
                 guards this address, and it wants a browser session, which a desktop MCP host \
                 cannot keep. Ask the Access administrator to give the MCP path a Bypass policy \
                 in that application (the server checks the SaaS tokens itself), or to turn on \
                 Managed OAuth for it and then run mcp-bridge without --cf-access-team."
            ),
            (AccessAnswer::LoginRedirect | AccessAnswer::LoginPage, _) => write!(
                f,
                "Cloudflare Access answered with {login} instead of MCP: {MANAGED_OAUTH_OFF}"
            ),
            (AccessAnswer::TokenRefused { status: 401, .. }, sent) => {
                let id = sent.service_token.as_deref().unwrap_or("ID");
                write!(
                    f,
                    "Cloudflare Access refused the service token {id} (HTTP 401): the Client ID \
                     or the Client Secret is wrong or missing, or the token was revoked or has \
                     expired. Check the pair under Access → Service credentials in the Zero Trust \
                     dashboard and keep the right one with `mcp-bridge login {server} \
                     --cf-access-client-id {id}`."
                )
            }
            (AccessAnswer::TokenRefused { status, page }, sent) => {
                let id = sent.service_token.as_deref().unwrap_or("ID");
                let page = page.as_ref().map(|p| format!(": {p}")).unwrap_or_default();
                write!(
                    f,
                    "Cloudflare Access knows the service token {id} but its policies do not let \
                     it in (HTTP {status}{page}). The application needs a policy with the action \
                     Service Auth that includes this token (an Allow policy never matches a \
                     token); ask the Access administrator to add one."
                )
            }
            (AccessAnswer::Blocked { summary }, sent) if sent.bearer => write!(
                f,
                "Cloudflare Access blocked the request (HTTP 403: {summary}): the signed-in \
                 identity is not allowed by the application's policies. Ask the Access \
                 administrator for access, or sign in as someone else with `mcp-bridge login \
                 {server} --force`."
            ),
            (AccessAnswer::Blocked { summary }, _) => write!(
                f,
                "Cloudflare Access blocked the request (HTTP 403: {summary}): the application's \
                 policies do not allow this client, for instance from this network or country. \
                 Ask the Access administrator."
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn said(answer: AccessAnswer, sent: Sent) -> String {
        AccessRefusal { answer, sent }.to_string()
    }

    fn sent() -> Sent {
        Sent {
            server: "https://mcp.example.com/mcp".into(),
            ..Sent::default()
        }
    }

    fn token() -> Sent {
        Sent {
            service_token: Some("1a2b.access".into()),
            ..sent()
        }
    }

    #[test]
    fn a_login_with_nothing_sent_points_at_managed_oauth() {
        for answer in [AccessAnswer::LoginRedirect, AccessAnswer::LoginPage] {
            let e = said(answer, sent());
            assert!(
                e.contains("Managed OAuth off") && e.contains("turn on Managed OAuth"),
                "{e}"
            );
            assert!(!e.contains("did not accept"), "no token was sent: {e}");
            assert!(!e.contains("--cf-access-team"), "{e}");
        }
    }

    #[test]
    fn a_login_after_a_service_token_is_about_the_token() {
        let e = said(AccessAnswer::LoginRedirect, token());
        assert!(
            e.contains("did not accept the service token 1a2b.access"),
            "{e}"
        );
        assert!(e.contains("Service Auth"), "{e}");
        assert!(
            e.contains(
                "mcp-bridge login https://mcp.example.com/mcp --cf-access-client-id 1a2b.access"
            ),
            "{e}"
        );
        assert!(!e.contains("Managed OAuth"), "{e}");
    }

    #[test]
    fn a_login_after_a_saas_token_is_about_the_application_in_front() {
        let e = said(
            AccessAnswer::LoginPage,
            Sent {
                access_saas: true,
                ..sent()
            },
        );
        assert!(
            e.contains("Bypass") && e.contains("without --cf-access-team"),
            "{e}"
        );
        assert!(!e.contains("service token"), "{e}");
    }

    #[test]
    fn refusals_of_a_service_token_say_which_half_is_wrong() {
        let e = said(
            AccessAnswer::TokenRefused {
                status: 401,
                page: None,
            },
            token(),
        );
        assert!(
            e.contains("HTTP 401") && e.contains("wrong or missing"),
            "{e}"
        );
        let e = said(
            AccessAnswer::TokenRefused {
                status: 403,
                page: Some("Forbidden".into()),
            },
            token(),
        );
        assert!(
            e.contains("HTTP 403: Forbidden") && e.contains("Service Auth"),
            "{e}"
        );
    }

    #[test]
    fn the_block_page_is_explained_for_who_was_refused() {
        let blocked = || AccessAnswer::Blocked {
            summary: "Forbidden. You don't have permission to view this.".into(),
        };
        let e = said(
            blocked(),
            Sent {
                bearer: true,
                ..sent()
            },
        );
        assert!(
            e.contains("signed-in identity") && e.contains("--force"),
            "{e}"
        );
        let e = said(blocked(), sent());
        assert!(
            e.contains("network or country") && !e.contains("service token"),
            "{e}"
        );
    }
}
