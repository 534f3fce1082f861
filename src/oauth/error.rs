//! Errors of the sign-in machinery, each saying what happened, whose doing it was (the
//! authorization server's answer, or a condition found here: a flag, a file, what is stored)
//! and, where there is one, what the user can do. Classifiers separate a refresh token that
//! was *rejected* (sign in again) from one that could not be *used right now* (keep it, retry
//! later), and a condition the user fixes here ([`OAuthError::is_local`]) from the rest.

use super::browser::UrlRefused;
use super::callback::CallbackError;

/// Why a stored credential cannot be used any more, found here (no request refused it).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Ended {
    /// It has expired and came without a refresh token.
    #[error(
        "the access token expired and the server gave no refresh token; run `mcp-bridge login {server}`"
    )]
    ExpiredWithoutRefresh { server: String },
    /// It has no refresh token to refresh with.
    #[error("the stored credential has no refresh token")]
    NoRefreshToken,
    /// The server now names another authorization server than the one that issued it.
    #[error("the server now uses another authorization server")]
    OtherAuthorizationServer,
    /// The client registration it was issued to is no longer kept here.
    #[error("the client registration the credential was issued to is gone")]
    RegistrationGone,
}

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
    /// The stored credential cannot be used any more, for a reason found here rather than an
    /// answer of the authorization server's.
    #[error(transparent)]
    CredentialEnded(#[from] Ended),
    #[error("the authorization server is unavailable right now: {detail}")]
    Unavailable { detail: String },
    #[error(transparent)]
    Callback(#[from] CallbackError),
    #[error(transparent)]
    UrlRefused(#[from] UrlRefused),
    /// The sign-in as set up here (a flag, a file, a variable) cannot work; nothing was sent.
    #[error("{0}")]
    Setup(String),
    /// The authorization server offers no device authorization grant.
    #[error("{issuer} does not offer the device code grant (no device_authorization_endpoint)")]
    NoDeviceGrant { issuer: String },
    /// No one finished the device code sign-in in time.
    #[error(
        "no sign-in with the device code within {seconds} s; run the command again for a new code"
    )]
    DeviceCodeExpired { seconds: u64 },
    /// A failure inside the bridge (a task that did not finish).
    #[error("internal error: {0}")]
    Internal(String),
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

    /// The authorization server itself refused (the grant, the client): as opposed to a
    /// credential found unusable here.
    pub fn is_refusal(&self) -> bool {
        matches!(
            self,
            OAuthError::Rejected { .. } | OAuthError::ClientRejected { .. }
        )
    }

    /// A condition of this machine's (a flag, a file, the credential stored here, the bridge
    /// itself) that trying again later does not change.
    pub fn is_local(&self) -> bool {
        matches!(
            self,
            OAuthError::Setup(_)
                | OAuthError::Internal(_)
                | OAuthError::NotSignedIn { .. }
                | OAuthError::CredentialEnded(_)
        )
    }

    /// Worth retrying later with the same credential.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            OAuthError::Network { .. } | OAuthError::Unavailable { .. }
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_conditions_are_not_worded_as_the_servers_refusal() {
        let local = [
            OAuthError::CredentialEnded(Ended::NoRefreshToken),
            OAuthError::CredentialEnded(Ended::ExpiredWithoutRefresh {
                server: "https://m.test/mcp".into(),
            }),
            OAuthError::CredentialEnded(Ended::RegistrationGone),
            OAuthError::Setup("--client-credentials needs --client-id".into()),
            OAuthError::NotSignedIn {
                server: "https://m.test/mcp".into(),
            },
        ];
        for e in &local {
            let words = e.to_string();
            assert!(e.is_local() && !e.is_refusal(), "{words}");
            assert!(!words.contains("refused"), "{words}");
        }
        let expired = OAuthError::DeviceCodeExpired { seconds: 5 }.to_string();
        assert!(!expired.contains("refused"), "{expired}");
        // An ended credential is still given up on, as a refused one is.
        assert!(local[0].is_rejection() && local[2].is_rejection());
        let refused = OAuthError::Rejected {
            error: "invalid_grant".into(),
            description: None,
        };
        assert!(refused.is_refusal() && refused.is_rejection() && !refused.is_local());
        assert!(refused.to_string().contains("authorization server refused"));
    }
}
