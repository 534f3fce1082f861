//! The browser sign-in: the loopback callback (on a kept registration's port when there is
//! one), the authorization URL with PKCE and any `--authorize-param`, the browser, and the
//! code exchange, registering again once when the server no longer knows the client.

use url::Url;

use super::Authorizer;
use super::default_port;
use crate::oauth::OAuthError;
use crate::oauth::browser::{self, BrowserChoice};
use crate::oauth::callback::{CallbackServer, Expectation, PortChoice};
use crate::oauth::discovery::AuthServerMetadata;
use crate::oauth::pkce::{Pkce, random_token};
use crate::oauth::registration::{self, ClientRegistration, Source};
use crate::oauth::token::{self, TokenResponse};

impl Authorizer {
    pub(super) async fn browser_flow(
        &self,
        meta: &AuthServerMetadata,
        scope: Option<&str>,
        resource: Option<&str>,
    ) -> Result<(TokenResponse, ClientRegistration), OAuthError> {
        let (ports, host, path) = self.callback_address(meta)?;
        let mut replaced = false;
        loop {
            let callback = CallbackServer::bind(ports, &host, &path).await?;
            let redirect_uri = callback.redirect_uri().to_owned();
            let client = self.client_for_browser(meta, &redirect_uri, scope).await?;
            let pkce = Pkce::new();
            let state = random_token(24);
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
            // --authorize-param adds parameters, or replaces the bridge's (prompt, scope, …).
            for (k, v) in self.args.authorize_params() {
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
                Ok(t) => return Ok((t, client)),
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
        let (host, path) = (self.args.callback_host(), self.args.callback_path());
        if let Some(p) = self.args.callback_port {
            return Ok((PortChoice::Fixed(p), host.into(), path.into()));
        }
        let dynamic = registration::static_client(&self.args)?.is_none()
            && registration::cimd_client(self.args.client_metadata_url.as_deref(), meta).is_none();
        let kept = dynamic
            .then(|| self.registrations.load(&meta.issuer))
            .flatten()
            .and_then(|c| c.redirect_uri)
            .and_then(|r| Url::parse(&r).ok())
            .filter(|u| u.scheme() == "http" && u.query().is_none())
            .and_then(|u| {
                let h = u.host_str()?.to_owned();
                let fits = matches!(h.as_str(), "localhost" | "127.0.0.1")
                    && self
                        .args
                        .callback_host
                        .as_ref()
                        .is_none_or(|given| *given == h)
                    && self
                        .args
                        .callback_path
                        .as_ref()
                        .is_none_or(|given| *given == u.path());
                Some((u.port().filter(|_| fits)?, h, u.path().to_owned()))
            });
        Ok(match kept {
            Some((port, h, p)) => (PortChoice::Preferred(port), h, p),
            None => (
                PortChoice::Preferred(default_port(&self.server)),
                host.into(),
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
            registration::static_metadata(&self.args)?.as_ref(),
        )
        .await?;
        self.registrations.save(&meta.issuer, &c);
        Ok(c)
    }
}
