//! Sign-in flags shared by `proxy`, `login` and `token`: how the bridge registers with the
//! authorization server, what it asks for, and how the browser step runs.

use clap::Args;

use crate::secret::Secret;

#[derive(Debug, Args, Clone, Default)]
#[command(next_help_heading = "Sign-in (OAuth 2.1)")]
pub struct AuthArgs {
    /// Scopes to request, space-separated. Default: the server's challenge, else its
    /// advertised scopes, else none.
    #[arg(long, value_name = "SCOPES")]
    pub scope: Option<String>,

    /// The RFC 8707 resource to request tokens for (default: the server's canonical URL).
    #[arg(long, value_name = "URI")]
    pub resource: Option<String>,

    /// Do not send the `resource` parameter (for authorization servers that reject it).
    #[arg(long)]
    pub disable_resource_parameter: bool,

    /// A pre-registered OAuth client id (skips dynamic registration).
    #[arg(long, value_name = "ID", env = "MCP_BRIDGE_CLIENT_ID")]
    pub client_id: Option<String>,

    /// The secret of the pre-registered client. Prefer the environment variable: arguments
    /// are visible to other users in the process list.
    #[arg(
        long,
        value_name = "SECRET",
        env = "MCP_BRIDGE_CLIENT_SECRET",
        hide_env_values = true,
        value_parser = parse_secret
    )]
    pub client_secret: Option<Secret>,

    /// A pre-registered client as JSON (`{"client_id":…,"client_secret":…}`) or `@FILE`;
    /// ${VAR} is expanded. mcp-remote compatible.
    #[arg(long, value_name = "JSON|@FILE")]
    pub static_oauth_client_info: Option<String>,

    /// Client metadata for dynamic registration, as JSON or `@FILE` (${VAR} expanded), merged
    /// over the bridge's own (mcp-remote compatible): e.g. `{"client_name": "…"}` or
    /// `{"token_endpoint_auth_method": "client_secret_post"}`. A `scope` in it is the scope
    /// requested, whatever else asks for one. `redirect_uris` stays the bridge's.
    #[arg(long, value_name = "JSON|@FILE")]
    pub static_oauth_client_metadata: Option<String>,

    /// An extra parameter on the authorization URL, as KEY=VALUE (e.g. `prompt=consent`,
    /// `access_type=offline`, Auth0's `audience=…`). Repeatable. The parameters the sign-in
    /// sets itself cannot be changed this way.
    #[arg(long, value_name = "KEY=VALUE", value_parser = parse_authorize_param)]
    pub authorize_param: Vec<String>,

    /// Use this Client ID Metadata Document URL as the client id when the authorization
    /// server supports it.
    #[arg(long, value_name = "HTTPS-URL")]
    pub client_metadata_url: Option<String>,

    /// OAuth callback port on 127.0.0.1 (strict; same as the PORT argument). Default: a
    /// port derived from the server URL, with fallbacks when it is busy; 8976 with
    /// --cf-access-team.
    #[arg(long, value_name = "PORT")]
    pub callback_port: Option<u16>,

    /// Host name in the redirect URI [default: 127.0.0.1, the address the listener binds;
    /// localhost for a client registered by hand (--client-id)].
    #[arg(long = "host", value_name = "HOST", value_parser = ["localhost", "127.0.0.1"])]
    pub callback_host: Option<String>,

    /// Path of the redirect URI [default: /oauth/callback; /callback with --cf-access-team].
    #[arg(long, value_name = "PATH")]
    pub callback_path: Option<String>,

    /// Seconds to wait for the browser sign-in.
    #[arg(long, value_name = "SECONDS", default_value_t = 300)]
    pub auth_timeout: u64,

    /// Program that opens the sign-in page, run with the URL as its only argument (no
    /// shell). Also MCP_BRIDGE_BROWSER or BROWSER.
    #[arg(long, value_name = "CMD", env = "MCP_BRIDGE_BROWSER")]
    pub browser: Option<String>,

    /// Do not open a browser; print the sign-in URL to stderr. With `login`, the address the
    /// browser ended on can then be pasted on stdin (for a browser on another machine).
    #[arg(long)]
    pub no_browser: bool,

    /// Sign in with the device authorization grant (RFC 8628): a code to enter on another
    /// device, for machines without a browser.
    #[arg(long, conflicts_with = "client_credentials")]
    pub device_code: bool,

    /// Use the client credentials grant (machine clients; needs a pre-registered client
    /// with a secret).
    #[arg(long)]
    pub client_credentials: bool,

    /// Send the OpenID Connect ID token as the bearer instead of the access token (servers
    /// that expect the identity provider's JWT); it is refreshed by its own `exp`.
    #[arg(long)]
    pub use_id_token: bool,

    /// Accepted for mcp-remote compatibility and ignored (with a warning): after the sign-in
    /// the browser shows the bridge's own page.
    #[arg(long, value_name = "URL", hide = true)]
    pub auth_success_url: Option<String>,

    /// Accepted for mcp-remote compatibility and ignored (with a warning): the token endpoint
    /// is always discovered from the authorization server's metadata.
    #[arg(long, value_name = "URL", hide = true)]
    pub token_endpoint: Option<String>,

    /// Where tokens are kept: the OS keyring (default when reachable), a 0600 file, or
    /// memory only.
    #[arg(long, value_name = "STORE", value_parser = ["keyring", "file", "memory"])]
    pub store: Option<String>,

    /// Sign in with this authorization server (its issuer URL) instead of the one the MCP
    /// server names; for servers that check tokens of an identity provider they do not
    /// advertise.
    #[arg(long, value_name = "ISSUER-URL", help_heading = "Cloudflare Access")]
    pub authorization_server: Option<String>,

    /// Sign in with an Access for SaaS (OIDC) application of this Cloudflare Access team
    /// (`myteam` or `myteam.cloudflareaccess.com`); give the application's --client-id. The
    /// redirect URI to list in the application is http://127.0.0.1:8976/callback (change it
    /// with --callback-port, --host, --callback-path). The ACCESS_CLIENT_ID,
    /// ACCESS_CLIENT_SECRET, ACCESS_AUTHORIZATION_URL, ACCESS_TOKEN_URL and ACCESS_JWKS_URL
    /// variables of Cloudflare's guide work instead.
    #[arg(
        long,
        value_name = "TEAM",
        env = "CF_ACCESS_TEAM",
        help_heading = "Cloudflare Access"
    )]
    pub cf_access_team: Option<String>,

    /// Client ID of a Cloudflare Access service token (`….access`): every request carries
    /// CF-Access-Client-Id and CF-Access-Client-Secret, and no browser sign-in happens.
    #[arg(
        long,
        value_name = "ID",
        env = "CF_ACCESS_CLIENT_ID",
        help_heading = "Cloudflare Access"
    )]
    pub cf_access_client_id: Option<String>,

    /// Client Secret of the service token. Prefer the CF_ACCESS_CLIENT_SECRET environment
    /// variable, a file, or the keyring (`mcp-bridge login URL --cf-access-client-id ID`
    /// stores it): arguments are visible to other users in the process list. On the command
    /// line this and --cf-access-client-secret-file win over the variable.
    #[arg(
        long,
        value_name = "SECRET",
        help_heading = "Cloudflare Access",
        value_parser = parse_secret
    )]
    pub cf_access_client_secret: Option<Secret>,

    /// Read the service token's Client Secret from this file (first line).
    #[arg(
        long,
        value_name = "PATH",
        conflicts_with = "cf_access_client_secret",
        help_heading = "Cloudflare Access"
    )]
    pub cf_access_client_secret_file: Option<std::path::PathBuf>,
}

/// The parameters of the authorization request that the sign-in sets itself.
pub(super) const RESERVED_AUTHORIZE_PARAMS: [&str; 8] = [
    "client_id",
    "redirect_uri",
    "state",
    "response_type",
    "code_challenge",
    "code_challenge_method",
    // The ID token must repeat the nonce, and the token request names the same resource
    // (--resource sets it).
    "nonce",
    "resource",
];

fn parse_authorize_param(s: &str) -> Result<String, String> {
    let Some((k, _)) = s.split_once('=').filter(|(k, _)| !k.trim().is_empty()) else {
        return Err(format!("`{s}` is not KEY=VALUE"));
    };
    if RESERVED_AUTHORIZE_PARAMS.contains(&k.trim()) {
        return Err(format!(
            "`{k}` is set by the sign-in itself and cannot be given (the others: {})",
            RESERVED_AUTHORIZE_PARAMS.join(", ")
        ));
    }
    Ok(s.to_owned())
}

/// A secret flag's value, kept in the redacting [`Secret`] from the moment it is parsed.
fn parse_secret(s: &str) -> Result<Secret, String> {
    Ok(Secret::new(s))
}
