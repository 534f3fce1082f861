//! The authorization code flow with PKCE: the loopback callback (on a kept registration's
//! port when there is one), the client for its redirect URI, the authorization URL with any
//! `--authorize-param`, the browser, and the code exchange, registering again once when the
//! server no longer knows the client. When dynamic registration refuses the redirect URI's
//! host and the user did not choose one, the other loopback host is tried once
//! ([`super::super::redirect`]).

use url::Url;

use super::Authorizer;
use crate::oauth::browser::{self, BrowserChoice};
use crate::oauth::callback::{CallbackServer, Expectation, PortChoice};
use crate::oauth::discovery::AuthServerMetadata;
use crate::oauth::pkce::{Pkce, random_token};
use crate::oauth::registration::{self, ClientRegistration, Source};
use crate::oauth::token::{self, TokenResponse};
use crate::oauth::{OAuthError, pasted, redirect};

impl Authorizer {
    /// The redirect URI's host: `--host`, else the host of a dynamic registration kept from an
    /// earlier sign-in (which may have moved to the other host), else `127.0.0.1`. A client
    /// the user registered by hand keeps `localhost`, which its redirect URI was made for.
    fn callback_host(&self, meta: &AuthServerMetadata, dynamic: bool) -> String {
        if !dynamic {
            return self.settings.redirect.registered_callback_host().to_owned();
        }
        let default = self.settings.redirect.callback_host().to_owned();
        if !self.host_is_free() {
            return default;
        }
        self.registrations
            .load(&meta.issuer)
            .and_then(|c| c.redirect_uri.as_deref().and_then(redirect::host_of))
            .filter(|h| redirect::HOSTS.contains(&h.as_str()))
            .unwrap_or(default)
    }

    /// Whether the bridge may pick the redirect URI's host: the user gave no --host, and no
    /// Access for SaaS application fixes it.
    fn host_is_free(&self) -> bool {
        self.settings.redirect.host.is_none() && !self.settings.is_access_saas()
    }

    pub(super) async fn browser_flow(
        &self,
        meta: &AuthServerMetadata,
        scope: Option<&str>,
        resource: Option<&str>,
    ) -> Result<(TokenResponse, ClientRegistration, Option<String>), OAuthError> {
        let (ports, mut host, path) = self.callback_address(meta)?;
        let mut replaced = false;
        let mut refused: Vec<String> = Vec::new();
        loop {
            let callback = CallbackServer::bind(ports, &host, &path)
                .await?
                .for_server(self.server.as_str());
            let redirect_uri = callback.redirect_uri().to_owned();
            let client = match self.client_for_browser(meta, &redirect_uri, scope).await {
                Ok(c) => c,
                Err(OAuthError::RedirectRefused {
                    issuer,
                    redirect_uris,
                    description,
                }) => {
                    refused.extend(redirect_uris);
                    // Without --host, try the other loopback host once (Access has a toggle
                    // for each).
                    match redirect::other_host(&host).filter(|_| self.host_is_free()) {
                        Some(other) if refused.len() == 1 => {
                            self.printer.warn(format!(
                                "{issuer} refused the redirect URI {redirect_uri}; trying \
                                 {other} instead (add --host {other} to the arguments to skip \
                                 this step)"
                            ));
                            host = other.to_owned();
                            continue;
                        }
                        _ => {
                            return Err(OAuthError::RedirectRefused {
                                issuer,
                                redirect_uris: refused,
                                description,
                            });
                        }
                    }
                }
                Err(e) => return Err(e),
            };
            let pkce = Pkce::new();
            let state = random_token(24);
            // An OpenID sign-in carries a nonce, which the ID token must repeat.
            let nonce = scope
                .is_some_and(|s| s.split_whitespace().any(|x| x == "openid"))
                .then(|| random_token(24));
            let mut params: Vec<(String, String)> = vec![
                ("response_type".into(), "code".into()),
                ("client_id".into(), client.client_id.clone()),
                ("redirect_uri".into(), redirect_uri.clone()),
                ("code_challenge".into(), pkce.challenge.clone()),
                ("code_challenge_method".into(), "S256".into()),
                ("state".into(), state.clone()),
            ];
            if let Some(s) = scope {
                params.push(("scope".into(), s.into()));
                if s.split_whitespace().any(|x| x == "offline_access") {
                    params.push(("prompt".into(), "consent".into()));
                }
            }
            params.extend(resource.map(|r| ("resource".to_owned(), r.to_owned())));
            params.extend(nonce.clone().map(|n| ("nonce".to_owned(), n)));
            // --authorize-param adds parameters, or replaces the bridge's (prompt, scope, …).
            for (k, v) in self.settings.authorize_params.clone() {
                params.retain(|(name, _)| *name != k);
                params.push((k, v));
            }
            let mut url = meta.authorization_endpoint.clone();
            url.query_pairs_mut().extend_pairs(params);
            let url = browser::check_url(url.as_str())?;
            let expect = Expectation {
                state,
                issuer: meta.issuer.clone(),
                iss_required: meta.iss_parameter_supported,
            };
            self.note_window();
            let awaited = self.person_awaited();
            let choice = BrowserChoice {
                command: self.settings.browser.clone(),
                no_browser: self.settings.no_browser,
            };
            // Opening waits a moment to see whether the launcher fails: off the runtime's
            // threads, so that the host can be answered meanwhile.
            let (to_open, how, printer) = (url.clone(), choice.clone(), self.printer);
            let opened =
                tokio::task::spawn_blocking(move || browser::open(&to_open, &how, &printer)).await;
            if opened.is_err() {
                self.printer.warn(format!(
                    "could not start a browser; open this address by hand:\n  {url}"
                ));
            }
            let waiting = format!(
                "Waiting for the sign-in in the browser (up to {} s; Ctrl-C cancels)…",
                self.timeout().as_secs()
            );
            let code = match self.pasted.get().filter(|_| choice.no_browser) {
                Some(pasted) => {
                    let port = callback.port();
                    self.printer.info(format!(
                        "If that browser runs on another machine, forward the callback port \
                         from there first:\n  {}\nor, once signed in, paste here the address \
                         the browser ended on (it starts with {redirect_uri}) and press Enter.",
                        pasted::ssh_hint(port, &|k| self.settings.remote_shell.var(k))
                    ));
                    self.printer.info(&waiting);
                    tokio::select! {
                        code = callback.wait(expect.clone(), self.timeout()) => code,
                        code = pasted.wait(&redirect_uri, &expect, &self.printer) => code,
                    }
                }
                None => {
                    let _spinner = self.printer.spinner(waiting);
                    callback.wait(expect, self.timeout()).await
                }
            };
            drop(awaited);
            let code = code?;
            let mut params = vec![
                ("grant_type", "authorization_code".to_owned()),
                ("code", code.expose().to_owned()),
                ("redirect_uri", redirect_uri.clone()),
                ("code_verifier", pkce.verifier.expose().to_owned()),
            ];
            params.extend(resource.map(|r| ("resource", r.to_owned())));
            match token::request(&self.http, &meta.token_endpoint, &client.auth(), params).await {
                Ok(t) => return Ok((t, client, nonce)),
                Err(OAuthError::ClientRejected { .. })
                    if client.source == Source::Dcr && !replaced =>
                {
                    self.printer.warn(
                        "the authorization server no longer knows this client; registering again",
                    );
                    self.registrations.forget(&meta.issuer);
                    replaced = true;
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// Where the callback listens: `--callback-port` (strict); else the port, host and path of
    /// a kept dynamic registration's redirect URI (one imported from mcp-remote names its own
    /// port), so that the registration can be used again; else the port derived from the
    /// server URL. A preferred port that is busy moves to the next one, and the registration
    /// that no longer matches is replaced by a new one.
    fn callback_address(
        &self,
        meta: &AuthServerMetadata,
    ) -> Result<(PortChoice, String, String), OAuthError> {
        let dynamic = self.settings.static_client.is_none()
            && registration::cimd_client(self.settings.client_metadata_url.as_deref(), meta)
                .is_none();
        let (host, path) = (
            self.callback_host(meta, dynamic),
            self.settings.redirect.callback_path(),
        );
        if let Some(p) = self.settings.redirect.port {
            return Ok((PortChoice::Fixed(p), host, path.into()));
        }
        let kept = dynamic
            .then(|| self.registrations.load(&meta.issuer))
            .flatten()
            .and_then(|c| c.redirect_uri)
            .and_then(|r| Url::parse(&r).ok())
            .filter(|u| u.scheme() == "http" && u.query().is_none())
            .and_then(|u| {
                let h = u.host_str()?.to_owned();
                let fits = redirect::HOSTS.contains(&h.as_str())
                    && self
                        .settings
                        .redirect
                        .host
                        .as_ref()
                        .is_none_or(|given| *given == h)
                    && self
                        .settings
                        .redirect
                        .path
                        .as_ref()
                        .is_none_or(|given| *given == u.path());
                Some((u.port().filter(|_| fits)?, h, u.path().to_owned()))
            });
        Ok(match kept {
            Some((port, h, p)) => (PortChoice::Preferred(port), h, p),
            None => (
                PortChoice::Preferred(super::default_port(&self.server)),
                host,
                path.into(),
            ),
        })
    }

    /// Pre-registered, else CIMD, else a kept dynamic registration for this exact redirect
    /// URI, else a new dynamic registration.
    async fn client_for_browser(
        &self,
        meta: &AuthServerMetadata,
        redirect_uri: &str,
        scope: Option<&str>,
    ) -> Result<ClientRegistration, OAuthError> {
        if let Some(c) = registration::static_client(&self.settings) {
            return Ok(registration::fit_static(c, meta));
        }
        if let Some(c) =
            registration::cimd_client(self.settings.client_metadata_url.as_deref(), meta)
        {
            return Ok(c);
        }
        if let Some(c) = self
            .registrations
            .load(&meta.issuer)
            .filter(|c| c.redirect_uri.as_deref() == Some(redirect_uri))
        {
            return Ok(c);
        }
        let c = registration::register(
            &self.http,
            meta,
            redirect_uri,
            scope,
            &["authorization_code", "refresh_token"],
            self.settings.client_metadata.as_ref(),
        )
        .await?;
        self.registrations.save(&meta.issuer, &c);
        Ok(c)
    }
}
