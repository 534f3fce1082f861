//! ID token verification against the authorization server's JSON Web Key Set: the signature
//! (RS256 or ES256, key found by `kid`), the issuer, the audience, `exp`, `nbf`, `iat` and the
//! `nonce` sent with the sign-in. A token signed any other way cannot be checked and is
//! refused. Keys are cached for an hour ([`KEYS_TTL`]) and fetched again when a token names a
//! `kid` the cache does not hold (the server rotated its keys), at most once a minute for the
//! same unknown `kid` ([`UNKNOWN_KID_RETRY`]). The cache's rules take the time as an argument,
//! so they are tested without waiting.

use std::sync::{Arc, Mutex};
use std::time::Instant;

use aws_lc_rs::signature::{self, RsaPublicKeyComponents, UnparsedPublicKey};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::Value;
use url::Url;

mod cache;
mod claims;
pub use cache::{KEYS_TTL, UNKNOWN_KID_RETRY};
pub use claims::Expected;

use cache::{Jwk, KeyCache, Lookup};
use claims::check_claims;

use super::OAuthError;
use super::discovery::fetch_json;

/// The signature algorithms this client checks.
pub const ALGORITHMS: [&str; 2] = ["RS256", "ES256"];

/// The source of "now" for the key cache.
pub type Clock = Arc<dyn Fn() -> Instant + Send + Sync>;

/// The keys of one JWKS URL, fetched on demand.
pub struct Jwks {
    uri: Url,
    cached: Mutex<KeyCache>,
    clock: Clock,
}

impl Jwks {
    pub fn new(uri: Url) -> Jwks {
        Jwks::with_clock(uri, Arc::new(Instant::now))
    }

    pub fn with_clock(uri: Url, clock: Clock) -> Jwks {
        Jwks {
            uri,
            cached: Mutex::new(KeyCache::default()),
            clock,
        }
    }

    pub fn uri(&self) -> &Url {
        &self.uri
    }

    /// Verify `jwt` as an ID token; its claims when everything checks out.
    pub async fn verify(
        &self,
        http: &reqwest::Client,
        jwt: &str,
        expected: &Expected<'_>,
    ) -> Result<Value, OAuthError> {
        let bad = OAuthError::IdToken;
        let mut parts = jwt.split('.');
        let (Some(h), Some(p), Some(s), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(bad("not a compact JWT".into()));
        };
        let header: Value = decode_json(h).ok_or_else(|| bad("unreadable header".into()))?;
        let claims: Value = decode_json(p).ok_or_else(|| bad("unreadable claims".into()))?;
        let sig = URL_SAFE_NO_PAD
            .decode(s)
            .map_err(|_| bad("unreadable signature".into()))?;
        let alg = header["alg"].as_str().unwrap_or_default().to_owned();
        check_algorithm(&alg).map_err(bad)?;
        let kid = header["kid"].as_str().map(str::to_owned);
        let key = self.key_for(http, kid.as_deref(), &alg).await?;
        let message = format!("{h}.{p}");
        check_signature(&key, &alg, message.as_bytes(), &sig).map_err(|()| {
            bad(format!(
                "the signature does not match key {}",
                kid.as_deref().unwrap_or("(no kid)")
            ))
        })?;
        check_claims(&claims, expected).map_err(bad)?;
        Ok(claims)
    }

    /// The key for `kid` (or the only key for `alg` when the token names none), fetching the
    /// set when the cache is stale or does not know the `kid`.
    async fn key_for(
        &self,
        http: &reqwest::Client,
        kid: Option<&str>,
        alg: &str,
    ) -> Result<Jwk, OAuthError> {
        let missing = || {
            OAuthError::IdToken(format!(
                "no key {} for {alg} in {}",
                kid.unwrap_or("(no kid)"),
                self.uri
            ))
        };
        let lookup = self
            .cached
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .lookup(kid, alg, (self.clock)());
        match lookup {
            Lookup::Hit(k) => return Ok(*k),
            Lookup::RecentlyMissed => return Err(missing()),
            Lookup::Fetch => {}
        }
        let keys = self.fetch(http).await?;
        self.cached
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .refill(keys, kid, alg, (self.clock)())
            .ok_or_else(missing)
    }

    async fn fetch(&self, http: &reqwest::Client) -> Result<Vec<Jwk>, OAuthError> {
        let doc = fetch_json(http, &self.uri)
            .await?
            .ok_or_else(|| OAuthError::Metadata {
                url: self.uri.to_string(),
                detail: "no key set there".into(),
            })?;
        let keys = doc["keys"].as_array().ok_or_else(|| OAuthError::Metadata {
            url: self.uri.to_string(),
            detail: "no \"keys\" array".into(),
        })?;
        Ok(keys
            .iter()
            .filter_map(|k| serde_json::from_value(k.clone()).ok())
            .collect())
    }
}

/// Whether a compact JWT's header names an algorithm this client checks.
pub fn check_token_algorithm(jwt: &str) -> Result<(), String> {
    let header = jwt
        .split('.')
        .next()
        .and_then(decode_json)
        .ok_or_else(|| "its header is unreadable".to_owned())?;
    check_algorithm(header["alg"].as_str().unwrap_or_default())
}

/// Only the algorithms this client can check pass.
fn check_algorithm(alg: &str) -> Result<(), String> {
    match alg {
        a if ALGORITHMS.contains(&a) => Ok(()),
        "" | "none" => Err("it is unsigned (alg none)".into()),
        a if a.starts_with("HS") => Err(format!(
            "it is signed with {a}, a shared-secret signature a public client cannot check"
        )),
        a => Err(format!(
            "it is signed with {a}, which mcp-bridge cannot check (it checks {}); have the \
             identity provider sign ID tokens with RS256",
            ALGORITHMS.join(" or ")
        )),
    }
}

fn decode_json(part: &str) -> Option<Value> {
    let bytes = URL_SAFE_NO_PAD.decode(part).ok()?;
    serde_json::from_slice::<Value>(&bytes)
        .ok()
        .filter(Value::is_object)
}

fn check_signature(key: &Jwk, alg: &str, message: &[u8], sig: &[u8]) -> Result<(), ()> {
    let b64 = |v: &Option<String>| {
        v.as_deref()
            .and_then(|s| URL_SAFE_NO_PAD.decode(s).ok())
            .ok_or(())
    };
    if alg == "RS256" {
        let (n, e) = (b64(&key.n)?, b64(&key.e)?);
        let trim = |v: &[u8]| {
            v.iter()
                .position(|b| *b != 0)
                .map_or(Vec::new(), |i| v[i..].to_vec())
        };
        let components = RsaPublicKeyComponents {
            n: trim(&n),
            e: trim(&e),
        };
        components
            .verify(&signature::RSA_PKCS1_2048_8192_SHA256, message, sig)
            .map_err(drop)
    } else {
        if key.crv.as_deref() != Some("P-256") {
            return Err(());
        }
        let (x, y) = (b64(&key.x)?, b64(&key.y)?);
        if x.len() != 32 || y.len() != 32 {
            return Err(());
        }
        let mut point = vec![4u8];
        point.extend_from_slice(&x);
        point.extend_from_slice(&y);
        UnparsedPublicKey::new(&signature::ECDSA_P256_SHA256_FIXED, point)
            .verify(message, sig)
            .map_err(drop)
    }
}

#[cfg(test)]
mod tests {
    use super::claims::tests::{I, at, claims};
    use super::*;

    #[test]
    fn only_checked_algorithms_pass() {
        assert!(check_algorithm("RS256").is_ok() && check_algorithm("ES256").is_ok());
        for alg in ["PS256", "RS512", "EdDSA", "HS256", "none", ""] {
            assert!(check_algorithm(alg).is_err(), "{alg}");
        }
        assert!(
            check_algorithm("PS256")
                .unwrap_err()
                .contains("cannot check")
        );
    }

    #[tokio::test]
    async fn a_token_signed_with_an_unchecked_algorithm_is_refused_before_any_fetch() {
        let enc = |v: Value| URL_SAFE_NO_PAD.encode(v.to_string());
        let jwt = format!(
            "{}.{}.c2ln",
            enc(serde_json::json!({"alg": "PS256", "kid": "k"})),
            enc(claims(I, "c".into(), 5000))
        );
        // Port 9 on this machine: a fetch would fail with a network error, not an ID token one.
        let jwks = Jwks::new(Url::parse("http://127.0.0.1:9/jwks").unwrap());
        let e = jwks
            .verify(&reqwest::Client::new(), &jwt, &at(1000))
            .await
            .unwrap_err();
        assert!(
            matches!(&e, OAuthError::IdToken(m) if m.contains("PS256")),
            "{e}"
        );
    }
}
