//! ID tokens in a token response: verified against the authorization server's keys (one
//! [`Jwks`] cache per key set URL, kept for the life of the process), or refused — or, when
//! nothing depends on them, dropped — when they cannot be verified.

use std::sync::Arc;

use super::Authorizer;
use crate::oauth::OAuthError;
use crate::oauth::configured;
use crate::oauth::discovery::AuthServerMetadata;
use crate::oauth::jwks::{self, Expected, Jwks};
use crate::oauth::token::TokenResponse;

impl Authorizer {
    /// Whether an ID token must be verified for the sign-in to count: it is the bearer
    /// (`--use-id-token`), or the user named the authorization server (an Access for SaaS
    /// application, `--authorization-server`, the `ACCESS_*` variables) and so its identity.
    fn id_token_required(&self) -> bool {
        self.settings.use_id_token || matches!(self.configured(), Ok(Some(_)))
    }

    /// Verify the ID token in `tokens` against the server's keys. One that cannot be
    /// verified (no key set published, an algorithm this client does not check) fails the
    /// sign-in when it is required, and is otherwise dropped, so that it is neither sent nor
    /// shown. Returns the verified claims, if any.
    pub async fn check_id_token(
        &self,
        meta: &AuthServerMetadata,
        client_id: &str,
        tokens: &mut TokenResponse,
        nonce: Option<&str>,
    ) -> Result<Option<serde_json::Value>, OAuthError> {
        let Some(id_token) = tokens.id_token.clone() else {
            return Ok(None);
        };
        let required = self.id_token_required();
        // What makes verification impossible: no key set, or a signature this client does not
        // check (also alg none, or a shared secret).
        let key_set = match configured::jwks_uri(meta, &self.settings.access_env) {
            None => Err(format!(
                "it cannot be verified: {} publishes no jwks_uri{}",
                meta.issuer,
                if self.settings.access_env.is_complete() {
                    " (set ACCESS_JWKS_URL)"
                } else {
                    ""
                }
            )),
            Some(uri) => jwks::check_token_algorithm(id_token.expose())
                .map(|()| uri)
                .map_err(|why| format!("it cannot be verified: {why}")),
        };
        let uri = match key_set {
            Ok(uri) => uri,
            Err(why) if required => return Err(OAuthError::IdToken(why)),
            Err(why) => {
                tracing::warn!("the ID token is not kept: {why}");
                tokens.id_token = None;
                return Ok(None);
            }
        };
        let jwks = self
            .jwks
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .entry(uri.to_string())
            .or_insert_with(|| Arc::new(Jwks::new(uri)))
            .clone();
        let expected = Expected {
            issuer: &meta.issuer,
            client_id,
            nonce,
            now: crate::clock::unix_now(),
        };
        jwks.verify(&self.http, id_token.expose(), &expected)
            .await
            .map(Some)
    }
}
