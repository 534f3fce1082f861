//! Errors of the sign-in machinery, each saying what happened and, where there is one, what
//! the user can do. Classifiers separate a refresh token that was *rejected* (sign in again)
//! from one that could not be *used right now* (keep it, retry later).

use super::browser::UrlRefused;
use super::callback::CallbackError;

#[derive(Debug, thiserror::Error)]
pub enum OAuthError {
    #[error("cannot reach {url}: {detail}")]
    Network { url: String, detail: String },
    #[error("bad metadata from {url}: {detail}")]
    Metadata { url: String, detail: String },
    #[error("the {what} {url} is not https; refused (plain http is accepted only on this machine)")]
    Insecure { what: String, url: String },
    #[error("the server's resource metadata names {resource:?}, which is not {server}; refused")]
    ResourceMismatch { server: String, resource: String },
    #[error(
        "the authorization server metadata names issuer {got:?} instead of {expected:?}; refused"
    )]
    IssuerMismatch { expected: String, got: String },
    #[error(
        "the authorization server {issuer} does not support PKCE with S256 (offers {offered:?}); refused"
    )]
    NoS256 {
        issuer: String,
        offered: Vec<String>,
    },
    #[error("cannot register with {issuer}: {detail}")]
    Registration { issuer: String, detail: String },
    /// Dynamic registration refused the loopback redirect URI.
    #[error("{issuer} refused the redirect URI {}{}: {}",
        redirect_uris.join(" and "),
        if description.is_empty() { String::new() } else { format!(" ({description})") },
        super::redirect::advice(issuer, redirect_uris, description))]
    RedirectRefused {
        issuer: String,
        /// Every redirect URI tried, in order.
        redirect_uris: Vec<String>,
        description: String,
    },
    #[error(
        "{issuer} offers no dynamic registration; pass a pre-registered client with --client-id or --static-oauth-client-info"
    )]
    NoRegistration { issuer: String },
    #[error("the authorization server refused the request: {error}{}", description.as_ref().map(|d| format!(" ({d})")).unwrap_or_default())]
    Rejected {
        error: String,
        description: Option<String>,
    },
    #[error("the authorization server does not know this client ({error})")]
    ClientRejected { error: String },
    /// An answer that is no OAuth answer (a firewall's or a CDN's page in the way): it says
    /// nothing about the credential.
    #[error(
        "{url} answered HTTP {status}{summary}, which is not an OAuth answer (a proxy or firewall in the way?)"
    )]
    NotOAuth {
        url: String,
        status: u16,
        summary: String,
    },
    /// The stored credential cannot be used any more, for a reason found here (no refresh
    /// token, its client registration gone, another authorization server).
    #[error("{0}")]
    CredentialEnded(String),
    #[error("the authorization server is unavailable right now: {detail}")]
    Unavailable { detail: String },
    #[error(transparent)]
    Callback(#[from] CallbackError),
    #[error(transparent)]
    UrlRefused(#[from] UrlRefused),
    #[error("{0}")]
    Config(String),
    #[error("the ID token from the authorization server is not valid: {0}; refused")]
    IdToken(String),
    /// Metadata answered with a redirect to the Cloudflare Access login.
    #[error(
        "{url} answered with a redirect to the Cloudflare Access login instead of OAuth metadata: {}",
        crate::cf_access::refusal::MANAGED_OAUTH_OFF
    )]
    AccessLogin { url: String },
    #[error("not signed in to {server}; run `mcp-bridge login {server}`")]
    NotSignedIn { server: String },
    /// A renewal that failed earlier, which this request was queued behind (or which holds
    /// back a new browser window): its words.
    #[error("{0}")]
    Earlier(String),
}

impl OAuthError {
    /// A definitive end of the stored credential, after which it is discarded and a new
    /// sign-in is the way on: the authorization server said `invalid_grant` (the grant is
    /// dead) or `invalid_client` (the client is unknown; a dynamic one registers again), or
    /// the credential cannot be used for a reason found here. Any other answer — another
    /// OAuth error, a firewall's page, a busy server — leaves the credential as it is.
    pub fn is_rejection(&self) -> bool {
        match self {
            OAuthError::Rejected { error, .. } => error == "invalid_grant",
            OAuthError::ClientRejected { .. } | OAuthError::CredentialEnded(_) => true,
            _ => false,
        }
    }

    /// Worth retrying later with the same credential.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            OAuthError::Network { .. } | OAuthError::Unavailable { .. }
        )
    }
}
