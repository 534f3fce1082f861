//! The sign-in flow, start to end: discovery, scope and resource selection, client
//! registration, PKCE with the loopback callback and the browser (or the device code, or
//! client credentials), and the code exchange. Also refresh, which needs the same client and
//! endpoints. The code flow itself is in [`code`], ID token checks in [`id_tokens`], what
//! discovery found and when to look again in [`known`].

mod code;
mod id_tokens;
pub mod known;

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use url::Url;

use super::challenge::BearerChallenge;
use super::configured::{self, Configured};
use super::discovery::{self, AuthServerMetadata, Discovered};
use super::jwks::Jwks;
use super::registration::{self, ClientRegistration, RegistrationStore, Source};
use super::token::{self, TokenResponse};
use super::{OAuthError, device};

use crate::printer::Printer;
use crate::secret::Secret;
use crate::settings::{AuthSettings, GrantKind};

/// The outcome of a sign-in or refresh.
#[derive(Debug, Clone)]
pub struct Grant {
    pub tokens: TokenResponse,
    pub issuer: String,
    pub client_id: String,
    pub resource: Option<String>,
    /// The scope asked for (the server may grant less; `tokens.scope` says what it granted).
    pub requested_scope: Option<String>,
}

/// Signs the user in to one MCP server.
pub struct Authorizer {
    http: reqwest::Client,
    server: Url,
    settings: AuthSettings,
    registrations: Arc<dyn RegistrationStore>,
    printer: Printer,
    configured_meta: tokio::sync::OnceCell<AuthServerMetadata>,
    /// Key sets by JWKS URL, for ID token verification.
    jwks: std::sync::Mutex<std::collections::HashMap<String, Arc<Jwks>>>,
    /// What discovery found last ([`known`]).
    known: std::sync::Mutex<Option<known::Known>>,
    /// When a sign-in last showed the user a browser window.
    last_window: std::sync::Mutex<Option<std::time::Instant>>,
    /// True while the sign-in waits on a person (the browser, a device code).
    waiting_on_person: tokio::sync::watch::Sender<bool>,
    /// `login --no-browser`: the address the browser ended on may be pasted on stdin.
    pasted: std::sync::OnceLock<super::pasted::Pasted>,
}

/// Marks the time until it is dropped as waiting on a person (also when the wait is
/// cancelled).
pub struct PersonAwaited<'a>(&'a tokio::sync::watch::Sender<bool>);

impl Drop for PersonAwaited<'_> {
    fn drop(&mut self) {
        self.0.send_replace(false);
    }
}

impl Authorizer {
    /// `http` must not follow redirects (the token endpoint's answers are read as they are).
    pub fn new(
        http: reqwest::Client,
        server: Url,
        settings: AuthSettings,
        registrations: Arc<dyn RegistrationStore>,
        printer: Printer,
    ) -> Self {
        Authorizer {
            http,
            server,
            settings,
            registrations,
            printer,
            configured_meta: tokio::sync::OnceCell::new(),
            jwks: Default::default(),
            known: Default::default(),
            last_window: Default::default(),
            waiting_on_person: tokio::sync::watch::Sender::new(false),
            pasted: std::sync::OnceLock::new(),
        }
    }

    /// With `--no-browser`, also take the address the browser ended on from stdin (only where
    /// stdin is the person's: `login`, not the proxy, whose stdin is the host's).
    pub fn accept_pasted_addresses(&self) {
        let _ = self.pasted.set(super::pasted::Pasted::default());
    }

    /// Follows whether a sign-in waits on a person: from the moment the browser opens (or the
    /// device code is shown) until the answer is in.
    pub fn waiting_on_person(&self) -> tokio::sync::watch::Receiver<bool> {
        self.waiting_on_person.subscribe()
    }

    /// Count the time until the guard is dropped as waiting on a person.
    pub fn person_awaited(&self) -> PersonAwaited<'_> {
        self.waiting_on_person.send_replace(true);
        PersonAwaited(&self.waiting_on_person)
    }

    /// The authorization server the user named, if any.
    fn configured(&self) -> Result<Option<Configured>, OAuthError> {
        configured::configured(&self.settings)
    }

    async fn configured_metadata(&self) -> Result<Option<AuthServerMetadata>, OAuthError> {
        let Some(which) = self.configured()? else {
            return Ok(None);
        };
        let meta = self
            .configured_meta
            .get_or_try_init(|| {
                configured::metadata(&self.http, &which, self.settings.is_access_saas())
            })
            .await?;
        Ok(Some(meta.clone()))
    }

    /// Discovery, or the configured authorization server. What it finds is kept for the
    /// refreshes to come ([`known`]).
    pub async fn discover(&self, hint: Option<&str>) -> Result<Discovered, OAuthError> {
        if let Some(auth_server) = self.configured_metadata().await? {
            return Ok(Discovered {
                resource: None,
                auth_server,
            });
        }
        let found = discovery::discover(&self.http, &self.server, hint).await?;
        self.keep(&found.auth_server, hint);
        Ok(found)
    }

    /// When a sign-in last showed the user a browser window (or a device code to enter).
    pub fn last_window(&self) -> Option<std::time::Instant> {
        *self
            .last_window
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn note_window(&self) {
        *self
            .last_window
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(std::time::Instant::now());
    }

    pub fn http(&self) -> &reqwest::Client {
        &self.http
    }

    /// The MCP server this authorizer signs in to.
    pub fn server(&self) -> &Url {
        &self.server
    }

    /// What the command was told about signing in.
    pub fn settings(&self) -> &AuthSettings {
        &self.settings
    }

    /// Discover, then sign in. `challenge`: the 401/403 that asked for it; `more_scope`:
    /// scopes to add (step-up).
    pub async fn sign_in(
        &self,
        challenge: Option<&BearerChallenge>,
        more_scope: &BTreeSet<String>,
    ) -> Result<(Grant, Discovered), OAuthError> {
        let hint = challenge.and_then(|c| c.resource_metadata.as_deref());
        let found = self.discover(hint).await?;
        let (mut grant, found, nonce) = self.sign_in_with(found, challenge, more_scope).await?;
        self.check_id_token(
            &found.auth_server,
            &grant.client_id,
            &mut grant.tokens,
            nonce.as_deref(),
        )
        .await?;
        if self.settings.use_id_token && grant.tokens.id_token.is_none() {
            return Err(OAuthError::IdToken(format!(
                "--use-id-token needs one, and {} sent none (ask for the openid scope)",
                found.auth_server.issuer
            )));
        }
        Ok((grant, found))
    }

    async fn sign_in_with(
        &self,
        found: Discovered,
        challenge: Option<&BearerChallenge>,
        more_scope: &BTreeSet<String>,
    ) -> Result<(Grant, Discovered, Option<String>), OAuthError> {
        let meta = &found.auth_server;
        let scope = self.scope(challenge, &found, more_scope);
        let resource = self.resource(&found);
        let tokens = if self.settings.grant == GrantKind::ClientCredentials {
            let client = registration::static_client(&self.settings)
                .ok_or_else(|| OAuthError::Setup("--client-credentials needs --client-id and --client-secret (or --static-oauth-client-info)".into()))?;
            let client = registration::fit_static(client, meta);
            let mut params = vec![("grant_type", "client_credentials".to_owned())];
            params.extend(scope.clone().map(|s| ("scope", s)));
            params.extend(resource.clone().map(|r| ("resource", r)));
            let t =
                token::request(&self.http, &meta.token_endpoint, &client.auth(), params).await?;
            return Ok((self.grant(t, meta, &client, resource, scope), found, None));
        } else if self.settings.grant == GrantKind::DeviceCode {
            let client = self.client_for_device(meta, scope.as_deref()).await?;
            self.note_window();
            let _awaited = self.person_awaited();
            let t = device::sign_in(
                &self.http,
                meta,
                &client,
                scope.as_deref(),
                resource.as_deref(),
                &self.printer,
                self.timeout(),
            )
            .await?;
            return Ok((self.grant(t, meta, &client, resource, scope), found, None));
        } else {
            self.browser_flow(meta, scope.as_deref(), resource.as_deref())
                .await?
        };
        let (t, client, nonce) = tokens;
        Ok((self.grant(t, meta, &client, resource, scope), found, nonce))
    }

    fn grant(
        &self,
        tokens: TokenResponse,
        meta: &AuthServerMetadata,
        client: &ClientRegistration,
        resource: Option<String>,
        scope: Option<String>,
    ) -> Grant {
        Grant {
            tokens,
            issuer: meta.issuer.clone(),
            client_id: client.client_id.clone(),
            resource,
            requested_scope: scope,
        }
    }

    fn timeout(&self) -> Duration {
        self.settings.auth_timeout
    }

    /// `--scope`, else the challenge's scope, else the resource's advertised scopes, else
    /// none; plus step-up scopes; plus `offline_access` when the server offers it.
    fn scope(
        &self,
        challenge: Option<&BearerChallenge>,
        found: &Discovered,
        more: &BTreeSet<String>,
    ) -> Option<String> {
        if matches!(self.configured(), Ok(Some(_))) {
            let mut set: Vec<String> = configured::scope(&self.settings, &found.auth_server)
                .iter()
                .flat_map(|s| s.split_whitespace().map(str::to_owned))
                .collect();
            set.extend(
                more.iter()
                    .filter(|s| !set.contains(s))
                    .cloned()
                    .collect::<Vec<_>>(),
            );
            return (!set.is_empty()).then(|| set.join(" "));
        }
        let from_metadata = self
            .settings
            .client_metadata
            .as_ref()
            .and_then(|m| m.get("scope")?.as_str().map(str::to_owned));
        let base = self
            .settings
            .scope
            .clone()
            .or(from_metadata)
            .or_else(|| challenge.and_then(|c| c.scope.clone()))
            .or_else(|| {
                found
                    .resource
                    .as_ref()
                    .and_then(|r| r.scopes_supported.as_ref())
                    .filter(|s| !s.is_empty())
                    .map(|s| s.join(" "))
            });
        let mut set: Vec<String> = base
            .iter()
            .flat_map(|s| s.split_whitespace().map(str::to_owned))
            .collect();
        for s in more {
            if !set.contains(s) {
                set.push(s.clone());
            }
        }
        let offline = found
            .auth_server
            .scopes_supported
            .as_ref()
            .is_some_and(|s| s.iter().any(|x| x == "offline_access"));
        if offline
            && !set.is_empty()
            && !set.iter().any(|s| s == "offline_access")
            && self.settings.scope.is_none()
        {
            set.push("offline_access".into());
        }
        (!set.is_empty()).then(|| set.join(" "))
    }

    fn resource(&self, found: &Discovered) -> Option<String> {
        if self.settings.disable_resource_parameter || self.settings.resource.as_deref() == Some("")
        {
            return None;
        }
        if matches!(self.configured(), Ok(Some(_))) {
            return self.settings.resource.clone();
        }
        self.settings
            .resource
            .clone()
            .or_else(|| found.resource.as_ref().map(|r| r.resource.clone()))
            .or_else(|| Some(canonical_resource(&self.server)))
    }

    async fn client_for_device(
        &self,
        meta: &AuthServerMetadata,
        scope: Option<&str>,
    ) -> Result<ClientRegistration, OAuthError> {
        if let Some(c) = registration::static_client(&self.settings) {
            return Ok(registration::fit_static(c, meta));
        }
        if let Some(c) = self.registrations.load(&meta.issuer) {
            return Ok(c);
        }
        let redirect = format!(
            "http://127.0.0.1:{}{}",
            default_port(&self.server),
            self.settings.redirect.callback_path()
        );
        let c = registration::register(
            &self.http,
            meta,
            &redirect,
            scope,
            &[
                "urn:ietf:params:oauth:grant-type:device_code",
                "refresh_token",
            ],
            self.settings.client_metadata.as_ref(),
        )
        .await?;
        self.registrations.save(&meta.issuer, &c);
        Ok(c)
    }

    /// Use a refresh token. The client must be the one the token was issued to.
    pub async fn refresh(
        &self,
        meta: &AuthServerMetadata,
        client: &ClientRegistration,
        refresh_token: &Secret,
        resource: Option<&str>,
        scope: Option<&str>,
    ) -> Result<TokenResponse, OAuthError> {
        let mut params = vec![
            ("grant_type", "refresh_token".to_owned()),
            ("refresh_token", refresh_token.expose().to_owned()),
        ];
        params.extend(resource.map(|r| ("resource", r.to_owned())));
        params.extend(scope.map(|s| ("scope", s.to_owned())));
        let mut tokens =
            token::request(&self.http, &meta.token_endpoint, &client.auth(), params).await?;
        self.check_id_token(meta, &client.client_id, &mut tokens, None)
            .await?;
        Ok(tokens)
    }

    /// Forget the dynamic registration `client_id` at `issuer` (the server no longer knows
    /// it), so that the next sign-in registers again. Pre-registered clients stay.
    pub fn forget_dynamic_client(&self, issuer: &str, client_id: &str) {
        if self
            .registrations
            .load(issuer)
            .is_some_and(|c| c.client_id == client_id && c.source == Source::Dcr)
        {
            self.registrations.forget(issuer);
        }
    }

    /// The client to use with `issuer` for refresh and revocation.
    pub fn known_client(&self, issuer: &str, client_id: &str) -> Option<ClientRegistration> {
        if let Some(c) = registration::static_client(&self.settings)
            && c.client_id == client_id
        {
            return Some(c);
        }
        if self.settings.client_metadata_url.as_deref() == Some(client_id) {
            return Some(ClientRegistration {
                client_id: client_id.to_owned(),
                client_secret: None,
                method: token::AuthMethod::None,
                redirect_uri: None,
                source: Source::Cimd,
            });
        }
        self.registrations
            .load(issuer)
            .filter(|c| c.client_id == client_id)
    }
}

/// The server URL as an RFC 8707 resource: no fragment, no trailing slash on a bare origin.
pub fn canonical_resource(server: &Url) -> String {
    let mut u = server.clone();
    u.set_fragment(None);
    let s = u.to_string();
    if u.path() == "/" && u.query().is_none() {
        s.trim_end_matches('/').to_owned()
    } else {
        s
    }
}

/// A callback port derived from the server URL, stable across runs (20000–39999).
pub fn default_port(server: &Url) -> u16 {
    let h = server
        .as_str()
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
        });
    20000 + (h % 20000) as u16
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_resources() {
        let u = |s: &str| Url::parse(s).unwrap();
        assert_eq!(
            canonical_resource(&u("https://Mcp.Example.com/mcp#x")),
            "https://mcp.example.com/mcp"
        );
        assert_eq!(
            canonical_resource(&u("https://mcp.example.com/")),
            "https://mcp.example.com"
        );
        assert_eq!(
            canonical_resource(&u("https://mcp.example.com:443/a/")),
            "https://mcp.example.com/a/"
        );
    }

    #[test]
    fn default_port_is_stable_and_in_range() {
        let u = Url::parse("https://mcp.example.com/mcp").unwrap();
        let p = default_port(&u);
        assert_eq!(p, default_port(&u));
        assert!((20000..40000).contains(&p));
        assert_ne!(
            p,
            default_port(&Url::parse("https://other.example.com/mcp").unwrap())
        );
    }
}
