//! How the bridge signs in, resolved once from the sign-in flags ([`crate::cli::AuthArgs`]) and
//! the environment: the pre-registered client (`--static-oauth-client-info`, `--client-id`,
//! the Cloudflare guide's `ACCESS_*`), read, expanded and parsed here, with its secret in a
//! redacting [`Secret`]; the client metadata for dynamic registration; the redirect URI's
//! parts; the grant; the Access for SaaS application, if any; the service token flags. A flag
//! that cannot be used is a [`UsageError`] here, before any request goes out.

use std::path::PathBuf;
use std::time::Duration;

use serde_json::{Map, Value};

use super::UsageError;
use super::env::{BROWSER, Env, SSH_CONNECTION, USER, USERNAME};
use crate::cf_access::{self, AccessEnv};
use crate::cli::AuthArgs;
use crate::secret::Secret;
use crate::transport::headers::expand_vars;

/// Which OAuth grant signs the user in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum GrantKind {
    /// The authorization code grant with PKCE, in a browser.
    #[default]
    AuthorizationCode,
    /// `--device-code` (RFC 8628).
    DeviceCode,
    /// `--client-credentials` (a machine client with a secret).
    ClientCredentials,
}

/// A client registered by hand: `--static-oauth-client-info`, or `--client-id` (with
/// `--client-secret`), or the guide's `ACCESS_CLIENT_ID`/`ACCESS_CLIENT_SECRET`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaticClient {
    pub client_id: String,
    pub client_secret: Option<Secret>,
    /// `token_endpoint_auth_method` as given, if given.
    pub auth_method: Option<String>,
}

/// The redirect URI's parts as given (`--host`, `PORT`/`--callback-port`, `--callback-path`),
/// with the defaults that depend on who registered the client.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RedirectSpec {
    pub host: Option<String>,
    pub port: Option<u16>,
    pub path: Option<String>,
    /// An Access for SaaS application fixes the defaults (127.0.0.1:8976/callback).
    pub access_saas: bool,
}

impl RedirectSpec {
    /// The host for a client the bridge registers: `--host`, else `127.0.0.1`, the address
    /// the listener binds (RFC 8252 §8.3: a name could be served by another program on
    /// `[::1]` at the same port).
    pub fn callback_host(&self) -> &str {
        self.host.as_deref().unwrap_or("127.0.0.1")
    }

    /// The host for a client registered by hand or described by a metadata document: `--host`,
    /// else `localhost`, the default its redirect URI was made for before `127.0.0.1` became
    /// the default (an Access for SaaS application: `127.0.0.1`).
    pub fn registered_callback_host(&self) -> &str {
        match &self.host {
            Some(h) => h,
            None if self.access_saas => "127.0.0.1",
            None => "localhost",
        }
    }

    /// The path.
    pub fn callback_path(&self) -> &str {
        match &self.path {
            Some(p) => p,
            None if self.access_saas => cf_access::SAAS_CALLBACK_PATH,
            None => "/oauth/callback",
        }
    }
}

/// The Cloudflare Access service token flags (the secret is looked up when it is needed, the
/// stored one being a fallback: [`crate::cf_access::service_token::resolve`]).
#[derive(Debug, Clone, Default)]
pub struct ServiceTokenSettings {
    /// `--cf-access-client-id` / `CF_ACCESS_CLIENT_ID`.
    pub client_id: Option<String>,
    /// `--cf-access-client-secret`.
    pub secret_argv: Option<Secret>,
    /// `--cf-access-client-secret-file`.
    pub secret_file: Option<PathBuf>,
    /// `CF_ACCESS_CLIENT_SECRET`.
    pub secret_env: Option<Secret>,
}

/// Everything about signing in that a command was told.
#[derive(Debug, Clone, Default)]
pub struct AuthSettings {
    /// `--scope`.
    pub scope: Option<String>,
    /// `--resource` (`Some("")`: none).
    pub resource: Option<String>,
    /// `--disable-resource-parameter`.
    pub disable_resource_parameter: bool,
    /// The pre-registered client, parsed.
    pub static_client: Option<StaticClient>,
    /// `--static-oauth-client-metadata`, parsed.
    pub client_metadata: Option<Map<String, Value>>,
    /// `--client-metadata-url`.
    pub client_metadata_url: Option<String>,
    /// `--authorize-param` pairs, in order.
    pub authorize_params: Vec<(String, String)>,
    pub redirect: RedirectSpec,
    /// How long the browser sign-in may take (at least a second).
    pub auth_timeout: Duration,
    /// `--browser`, `MCP_BRIDGE_BROWSER`, else `BROWSER`.
    pub browser: Option<String>,
    /// `--no-browser`.
    pub no_browser: bool,
    pub grant: GrantKind,
    /// `--use-id-token`.
    pub use_id_token: bool,
    /// `--authorization-server`.
    pub authorization_server: Option<String>,
    /// `--cf-access-team` / `CF_ACCESS_TEAM`.
    pub cf_access_team: Option<String>,
    /// The client id the configured server is asked about (`--client-id`, else
    /// `ACCESS_CLIENT_ID` for an Access for SaaS application).
    pub client_id: Option<String>,
    /// The guide's `ACCESS_*` variables.
    pub access_env: AccessEnv,
    pub service_token: ServiceTokenSettings,
    /// mcp-remote flags given that the bridge accepts but does not act on.
    pub ignored: Vec<&'static str>,
    /// Who and where the user is, for the hint on forwarding the callback port over SSH.
    pub remote_shell: RemoteShell,
}

/// `USER` (or `USERNAME`) and `SSH_CONNECTION`, for the port-forwarding hint of a sign-in
/// whose browser runs on another machine.
#[derive(Debug, Clone, Default)]
pub struct RemoteShell {
    pub user: Option<String>,
    pub ssh_connection: Option<String>,
}

impl RemoteShell {
    /// The variables, by name (as [`crate::oauth::pasted::ssh_hint`] asks for them).
    pub fn var(&self, name: &str) -> Option<String> {
        match name {
            "USER" | "USERNAME" => self.user.clone(),
            "SSH_CONNECTION" => self.ssh_connection.clone(),
            _ => None,
        }
    }
}

impl AuthSettings {
    /// The settings the flags and the environment give; a flag that cannot be used is a
    /// usage error.
    pub fn resolve(args: &AuthArgs, env: &Env) -> Result<AuthSettings, UsageError> {
        let access_env = AccessEnv::from_env(&|v| env.get(v).map(str::to_owned));
        let access_saas = args.cf_access_team.is_some() || access_env.is_complete();
        let (mut client_id, mut client_secret) =
            (args.client_id.clone(), args.client_secret.clone());
        if access_saas && args.static_oauth_client_info.is_none() {
            // ACCESS_CLIENT_SECRET belongs to ACCESS_CLIENT_ID: it completes --client-id only
            // when the two name the same application (or the id is not in the environment).
            if client_id.is_none() {
                client_id = access_env.client_id.clone();
            }
            let same_app = access_env.client_id.is_none() || client_id == access_env.client_id;
            if client_secret.is_none() && same_app {
                client_secret = access_env.client_secret.clone();
            }
        }
        let static_client = match &args.static_oauth_client_info {
            Some(info) => Some(parse_client_info(info, env)?),
            None => client_id.clone().map(|id| StaticClient {
                client_id: id,
                client_secret,
                auth_method: None,
            }),
        };
        let client_metadata = args
            .static_oauth_client_metadata
            .as_deref()
            .map(|m| parse_client_metadata(m, env))
            .transpose()?;
        let grant = if args.client_credentials {
            if static_client.is_none() {
                return Err(UsageError(
                    "--client-credentials needs --client-id and --client-secret (or --static-oauth-client-info)".into(),
                ));
            }
            GrantKind::ClientCredentials
        } else if args.device_code {
            GrantKind::DeviceCode
        } else {
            GrantKind::AuthorizationCode
        };
        let port = match args.callback_port {
            None if access_saas => Some(cf_access::SAAS_CALLBACK_PORT),
            p => p,
        };
        let mut ignored = Vec::new();
        if args.auth_success_url.is_some() {
            ignored.push("--auth-success-url is ignored: after the sign-in the browser shows the bridge's own page");
        }
        if args.token_endpoint.is_some() {
            ignored.push("--token-endpoint is ignored: the token endpoint is discovered from the authorization server's metadata");
        }
        Ok(AuthSettings {
            scope: args.scope.clone(),
            resource: args.resource.clone(),
            disable_resource_parameter: args.disable_resource_parameter,
            static_client,
            client_metadata,
            client_metadata_url: args.client_metadata_url.clone(),
            authorize_params: args
                .authorize_param
                .iter()
                .filter_map(|p| p.split_once('='))
                .map(|(k, v)| (k.trim().to_owned(), v.to_owned()))
                .collect(),
            redirect: RedirectSpec {
                host: args.callback_host.clone(),
                port,
                path: args.callback_path.clone(),
                access_saas,
            },
            auth_timeout: Duration::from_secs(args.auth_timeout.max(1)),
            browser: args
                .browser
                .clone()
                .or_else(|| env.get(BROWSER).map(str::to_owned))
                .filter(|c| !c.trim().is_empty()),
            no_browser: args.no_browser,
            grant,
            use_id_token: args.use_id_token,
            authorization_server: args.authorization_server.clone(),
            cf_access_team: args.cf_access_team.clone(),
            client_id,
            access_env,
            service_token: ServiceTokenSettings {
                client_id: args.cf_access_client_id.clone(),
                secret_argv: args.cf_access_client_secret.clone(),
                secret_file: args.cf_access_client_secret_file.clone(),
                secret_env: env
                    .get(cf_access::service_token::SECRET_ENV)
                    .filter(|s| !s.trim().is_empty())
                    .map(Secret::new),
            },
            ignored,
            remote_shell: RemoteShell {
                user: env
                    .get(USER)
                    .or_else(|| env.get(USERNAME))
                    .map(str::to_owned),
                ssh_connection: env.get(SSH_CONNECTION).map(str::to_owned),
            },
        })
    }

    /// Whether the sign-in goes to an Access for SaaS application (the team flag or the
    /// guide's variables).
    pub fn is_access_saas(&self) -> bool {
        self.redirect.access_saas
    }
}

/// The text of a `JSON|@FILE` flag, `${VAR}` expanded.
fn read_json_flag(given: &str, flag: &str, env: &Env) -> Result<Value, UsageError> {
    let text = match given.strip_prefix('@') {
        Some(path) => std::fs::read_to_string(path)
            .map_err(|e| UsageError(format!("cannot read {flag} file {path}: {e}")))?,
        None => given.to_owned(),
    };
    let text = expand_vars(&text, &|k| env.user_named(k))
        .map_err(|var| UsageError(format!("{flag} uses ${{{var}}}, which is not set")))?;
    serde_json::from_str(&text).map_err(|e| UsageError(format!("{flag} is not valid JSON: {e}")))
}

fn parse_client_info(info: &str, env: &Env) -> Result<StaticClient, UsageError> {
    const FLAG: &str = "--static-oauth-client-info";
    let v = read_json_flag(info, FLAG, env)?;
    let client_id = v["client_id"]
        .as_str()
        .ok_or_else(|| UsageError(format!("{FLAG} has no client_id")))?
        .to_owned();
    Ok(StaticClient {
        client_id,
        client_secret: v["client_secret"].as_str().map(Secret::new),
        auth_method: v["token_endpoint_auth_method"].as_str().map(str::to_owned),
    })
}

fn parse_client_metadata(given: &str, env: &Env) -> Result<Map<String, Value>, UsageError> {
    const FLAG: &str = "--static-oauth-client-metadata";
    match read_json_flag(given, FLAG, env)? {
        Value::Object(m) => Ok(m),
        _ => Err(UsageError(format!("{FLAG} must be a JSON object"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(args: &AuthArgs, env: &[(&str, &str)]) -> Result<AuthSettings, UsageError> {
        AuthSettings::resolve(args, &Env::from_pairs(env.iter().copied()))
    }

    fn saas() -> AuthArgs {
        AuthArgs {
            cf_access_team: Some("acme".into()),
            ..AuthArgs::default()
        }
    }

    #[test]
    fn an_access_for_saas_sign_in_listens_on_127_0_0_1_8976_callback() {
        let a = resolve(&saas(), &[]).unwrap();
        assert_eq!(a.redirect.port, Some(8976));
        assert_eq!(
            (a.redirect.callback_host(), a.redirect.callback_path()),
            ("127.0.0.1", "/callback")
        );
        let mut custom = saas();
        custom.callback_port = Some(9000);
        assert_eq!(resolve(&custom, &[]).unwrap().redirect.port, Some(9000));
        let plain = resolve(&AuthArgs::default(), &[]).unwrap();
        assert_eq!(plain.redirect.callback_host(), "127.0.0.1");
        assert_eq!(plain.redirect.registered_callback_host(), "localhost");
        assert_eq!(plain.redirect.callback_path(), "/oauth/callback");
        assert_eq!(plain.redirect.port, None);
    }

    #[test]
    fn the_guides_variables_alone_make_an_access_for_saas_sign_in() {
        let env = [
            ("ACCESS_CLIENT_ID", "cid"),
            (
                "ACCESS_AUTHORIZATION_URL",
                "https://t.test/sso/oidc/cid/authorization",
            ),
            ("ACCESS_TOKEN_URL", "https://t.test/sso/oidc/cid/token"),
        ];
        let a = resolve(&AuthArgs::default(), &env).unwrap();
        assert!(a.is_access_saas());
        assert_eq!(a.static_client.unwrap().client_id, "cid");
        assert!(
            !resolve(&AuthArgs::default(), &env[..1])
                .unwrap()
                .is_access_saas()
        );
    }

    #[test]
    fn the_guides_secret_goes_with_its_own_client_id() {
        let env = [("ACCESS_CLIENT_ID", "cid"), ("ACCESS_CLIENT_SECRET", "sec")];
        let client = |args: &AuthArgs, env: &[(&str, &str)]| {
            let c = resolve(args, env).unwrap().static_client.unwrap();
            (c.client_id, c.client_secret.map(|s| s.expose().to_owned()))
        };
        assert_eq!(client(&saas(), &env), ("cid".into(), Some("sec".into())));
        let mut same = saas();
        same.client_id = Some("cid".into());
        assert_eq!(client(&same, &env), ("cid".into(), Some("sec".into())));
        let mut other = saas();
        other.client_id = Some("other".into());
        assert_eq!(client(&other, &env), ("other".into(), None));
        let mut flag = saas();
        flag.client_id = Some("cid".into());
        assert_eq!(client(&flag, &env[1..]), ("cid".into(), Some("sec".into())));
    }

    #[test]
    fn the_static_client_is_read_expanded_and_parsed_once_at_start() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("client.json");
        std::fs::write(
            &file,
            r#"{"client_id":"cid","client_secret":"${SECRET}","token_endpoint_auth_method":"client_secret_post"}"#,
        )
        .unwrap();
        let args = AuthArgs {
            static_oauth_client_info: Some(format!("@{}", file.display())),
            ..AuthArgs::default()
        };
        let c = resolve(&args, &[("SECRET", "s3")])
            .unwrap()
            .static_client
            .unwrap();
        assert_eq!(c.client_id, "cid");
        assert_eq!(c.client_secret.as_ref().map(Secret::expose), Some("s3"));
        assert_eq!(c.auth_method.as_deref(), Some("client_secret_post"));
        // The secret does not show in the settings' debug form.
        assert!(!format!("{c:?}").contains("s3"));
    }

    #[test]
    fn unusable_sign_in_flags_are_usage_errors() {
        let bad = |args: AuthArgs| resolve(&args, &[]).unwrap_err().0;
        let info = |v: &str| AuthArgs {
            static_oauth_client_info: Some(v.into()),
            ..AuthArgs::default()
        };
        assert!(bad(info("{not json")).contains("is not valid JSON"));
        assert!(bad(info("{}")).contains("has no client_id"));
        assert!(bad(info("@/nonexistent/client.json")).contains("cannot read"));
        assert!(bad(info(r#"{"client_id":"${UNSET_X}"}"#)).contains("UNSET_X"));
        let metadata = AuthArgs {
            static_oauth_client_metadata: Some("[1]".into()),
            ..AuthArgs::default()
        };
        assert!(bad(metadata).contains("must be a JSON object"));
        let machine = AuthArgs {
            client_credentials: true,
            ..AuthArgs::default()
        };
        assert!(bad(machine).contains("--client-credentials needs"));
    }

    #[test]
    fn the_grant_and_the_browser() {
        let device = AuthArgs {
            device_code: true,
            ..AuthArgs::default()
        };
        assert_eq!(resolve(&device, &[]).unwrap().grant, GrantKind::DeviceCode);
        let a = resolve(&AuthArgs::default(), &[("BROWSER", "firefox")]).unwrap();
        assert_eq!(a.grant, GrantKind::AuthorizationCode);
        assert_eq!(a.browser.as_deref(), Some("firefox"));
        let flag = AuthArgs {
            browser: Some("chromium".into()),
            ..AuthArgs::default()
        };
        assert_eq!(
            resolve(&flag, &[("BROWSER", "firefox")])
                .unwrap()
                .browser
                .as_deref(),
            Some("chromium")
        );
    }
}
