//! The authorization code flow with PKCE: the loopback callback, the client for its redirect
//! URI, the browser, and the code exchange. When dynamic registration refuses the redirect
//! URI's host and the user did not choose one, the other loopback host is tried once
//! ([`super::super::redirect`]).

use super::Authorizer;
use crate::oauth::browser::{self, BrowserChoice};
use crate::oauth::callback::{CallbackServer, Expectation, PortChoice};
use crate::oauth::discovery::AuthServerMetadata;
use crate::oauth::pkce::{Pkce, random_token};
use crate::oauth::registration::{self, ClientRegistration, Source};
use crate::oauth::token::{self, TokenResponse};
use crate::oauth::{OAuthError, redirect};

impl Authorizer {
    /// The redirect URI's host: `--host`, else the host of a registration kept from an
    /// earlier sign-in (which may have moved to the other host), else the default.
    fn callback_host(&self, meta: &AuthServerMetadata) -> String {
        let default = self.args.callback_host().to_owned();
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
        self.args.callback_host.is_none() && !self.args.is_access_saas()
    }

    pub(super) async fn browser_flow(
        &self,
        meta: &AuthServerMetadata,
        scope: Option<&str>,
        resource: Option<&str>,
    ) -> Result<(TokenResponse, ClientRegistration, Option<String>), OAuthError> {
        let ports = match self.args.callback_port {
            Some(p) => PortChoice::Fixed(p),
            None => PortChoice::Preferred(super::default_port(&self.server)),
        };
        let mut replaced = false;
        let mut host = self.callback_host(meta);
        let mut refused: Vec<String> = Vec::new();
        loop {
            let callback = CallbackServer::bind(ports, &host, self.args.callback_path()).await?;
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
            let mut url = meta.authorization_endpoint.clone();
            {
                let mut q = url.query_pairs_mut();
                q.append_pair("response_type", "code")
                    .append_pair("client_id", &client.client_id)
                    .append_pair("redirect_uri", &redirect_uri)
                    .append_pair("code_challenge", &pkce.challenge)
                    .append_pair("code_challenge_method", "S256")
                    .append_pair("state", &state);
                if let Some(s) = scope {
                    q.append_pair("scope", s);
                    if s.split_whitespace().any(|x| x == "offline_access") {
                        q.append_pair("prompt", "consent");
                    }
                }
                if let Some(r) = resource {
                    q.append_pair("resource", r);
                }
                if let Some(n) = &nonce {
                    q.append_pair("nonce", n);
                }
            }
            let url = browser::check_url(url.as_str())?;
            let expect = Expectation {
                state,
                issuer: meta.issuer.clone(),
                iss_required: meta.iss_parameter_supported,
            };
            browser::open(
                &url,
                &BrowserChoice::from_flags(self.args.browser.clone(), self.args.no_browser),
                &self.printer,
            );
            let spinner = self.printer.spinner(format!(
                "Waiting for the sign-in in the browser (up to {} s; Ctrl-C cancels)…",
                self.timeout().as_secs()
            ));
            let code = callback.wait(expect, self.timeout()).await;
            drop(spinner);
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

    /// Pre-registered, else CIMD, else a kept dynamic registration for this exact redirect
    /// URI, else a new dynamic registration.
    async fn client_for_browser(
        &self,
        meta: &AuthServerMetadata,
        redirect_uri: &str,
        scope: Option<&str>,
    ) -> Result<ClientRegistration, OAuthError> {
        if let Some(c) = registration::static_client(&self.args)? {
            return Ok(registration::fit_static(c, meta));
        }
        if let Some(c) = registration::cimd_client(self.args.client_metadata_url.as_deref(), meta) {
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
        )
        .await?;
        self.registrations.save(&meta.issuer, &c);
        Ok(c)
    }
}
