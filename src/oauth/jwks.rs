//! ID token verification against the authorization server's JSON Web Key Set: the signature
//! (RS256 or ES256, key found by `kid`), the issuer, the audience and the expiry. Keys are
//! cached for an hour and fetched again when a token names a `kid` the cache does not hold
//! (the server rotated its keys), at most once a minute for the same unknown `kid`.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use aws_lc_rs::signature::{self, RsaPublicKeyComponents, UnparsedPublicKey};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Deserialize;
use serde_json::Value;
use url::Url;

use super::OAuthError;
use super::discovery::fetch_json;

/// How long fetched keys are trusted before they are fetched again.
pub const KEYS_TTL: Duration = Duration::from_secs(3600);
/// Clock skew allowed on `exp`.
const SKEW: u64 = 60;
/// How soon the same unknown `kid` may cause another fetch.
const UNKNOWN_KID_RETRY: Duration = Duration::from_secs(60);

#[derive(Debug, Clone, Deserialize)]
struct Jwk {
    kty: String,
    #[serde(default)]
    kid: Option<String>,
    #[serde(default)]
    alg: Option<String>,
    #[serde(default, rename = "use")]
    use_: Option<String>,
    #[serde(default)]
    n: Option<String>,
    #[serde(default)]
    e: Option<String>,
    #[serde(default)]
    crv: Option<String>,
    #[serde(default)]
    x: Option<String>,
    #[serde(default)]
    y: Option<String>,
}

#[derive(Default)]
struct Cached {
    keys: Vec<Jwk>,
    fetched: Option<Instant>,
    missed: HashMap<String, Instant>,
}

/// The keys of one JWKS URL, fetched on demand.
pub struct Jwks {
    uri: Url,
    cached: Mutex<Cached>,
}

/// What verification concluded.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// Signature and claims check out; the claims.
    Verified(Value),
    /// Signed with an algorithm this client does not implement; not checked.
    Unsupported(String),
}

impl Jwks {
    pub fn new(uri: Url) -> Jwks {
        Jwks {
            uri,
            cached: Mutex::new(Cached::default()),
        }
    }

    pub fn uri(&self) -> &Url {
        &self.uri
    }

    /// Verify `jwt` as an ID token from `issuer` for `client_id` at unix time `now`.
    pub async fn verify(
        &self,
        http: &reqwest::Client,
        jwt: &str,
        issuer: &str,
        client_id: &str,
        now: u64,
    ) -> Result<Verdict, OAuthError> {
        let bad = |why: String| OAuthError::IdToken(why);
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
        match alg.as_str() {
            "RS256" | "ES256" => {}
            "" | "none" => return Err(bad("unsigned (alg none)".into())),
            a if a.starts_with("HS") => {
                return Err(bad(format!(
                    "{a} is a shared-secret signature a public client cannot check"
                )));
            }
            other => return Ok(Verdict::Unsupported(other.to_owned())),
        }
        let kid = header["kid"].as_str().map(str::to_owned);
        let key = self.key_for(http, kid.as_deref(), &alg).await?;
        let message = format!("{h}.{p}");
        check_signature(&key, &alg, message.as_bytes(), &sig).map_err(|()| {
            bad(format!(
                "the signature does not match key {}",
                kid.as_deref().unwrap_or("(no kid)")
            ))
        })?;
        check_claims(&claims, issuer, client_id, now).map_err(bad)?;
        Ok(Verdict::Verified(claims))
    }

    /// The key for `kid` (or the only key for `alg` when the token names none), fetching the
    /// set when the cache is stale or does not know the `kid`.
    async fn key_for(
        &self,
        http: &reqwest::Client,
        kid: Option<&str>,
        alg: &str,
    ) -> Result<Jwk, OAuthError> {
        let (fresh, found) = {
            let c = self.cached.lock().expect("jwks lock");
            let fresh = c.fetched.is_some_and(|t| t.elapsed() < KEYS_TTL);
            (fresh, pick(&c.keys, kid, alg))
        };
        if let (true, Some(k)) = (fresh, &found) {
            return Ok(k.clone());
        }
        if fresh && let Some(kid) = kid {
            let recently = self
                .cached
                .lock()
                .expect("jwks lock")
                .missed
                .get(kid)
                .is_some_and(|t| t.elapsed() < UNKNOWN_KID_RETRY);
            if recently {
                return Err(OAuthError::IdToken(format!("no key {kid} in {}", self.uri)));
            }
        }
        let keys = self.fetch(http).await?;
        let mut c = self.cached.lock().expect("jwks lock");
        c.keys = keys;
        c.fetched = Some(Instant::now());
        match pick(&c.keys, kid, alg) {
            Some(k) => Ok(k),
            None => {
                if let Some(kid) = kid {
                    c.missed.insert(kid.to_owned(), Instant::now());
                }
                Err(OAuthError::IdToken(format!(
                    "no key {} for {alg} in {}",
                    kid.unwrap_or("(no kid)"),
                    self.uri
                )))
            }
        }
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

fn decode_json(part: &str) -> Option<Value> {
    let bytes = URL_SAFE_NO_PAD.decode(part).ok()?;
    serde_json::from_slice::<Value>(&bytes)
        .ok()
        .filter(Value::is_object)
}

fn pick(keys: &[Jwk], kid: Option<&str>, alg: &str) -> Option<Jwk> {
    let kty = if alg == "RS256" { "RSA" } else { "EC" };
    let usable = |k: &&Jwk| {
        k.kty == kty
            && k.use_.as_deref().is_none_or(|u| u == "sig")
            && k.alg.as_deref().is_none_or(|a| a == alg)
    };
    match kid {
        Some(kid) => keys
            .iter()
            .filter(usable)
            .find(|k| k.kid.as_deref() == Some(kid))
            .cloned(),
        None => {
            let mut it = keys.iter().filter(usable);
            match (it.next(), it.next()) {
                (Some(only), None) => Some(only.clone()),
                _ => None,
            }
        }
    }
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

fn check_claims(claims: &Value, issuer: &str, client_id: &str, now: u64) -> Result<(), String> {
    let iss = claims["iss"].as_str().unwrap_or_default();
    if iss != issuer {
        return Err(format!("issued by {iss:?}, not {issuer:?}"));
    }
    let aud_ok = match &claims["aud"] {
        Value::String(a) => a == client_id,
        Value::Array(list) => list.iter().any(|a| a.as_str() == Some(client_id)),
        _ => false,
    };
    if !aud_ok {
        return Err(format!(
            "not meant for client {client_id:?} (aud {})",
            claims["aud"]
        ));
    }
    match claims["exp"].as_u64() {
        Some(exp) if exp + SKEW > now => Ok(()),
        Some(exp) => Err(format!("expired at {exp} (now {now})")),
        None => Err("no exp claim".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims(iss: &str, aud: Value, exp: u64) -> Value {
        serde_json::json!({"iss": iss, "aud": aud, "exp": exp, "sub": "u"})
    }

    #[test]
    fn claims_are_checked() {
        let i = "https://t.test/oidc/c";
        assert!(check_claims(&claims(i, "c".into(), 1000), i, "c", 900).is_ok());
        assert!(check_claims(&claims(i, serde_json::json!(["x", "c"]), 1000), i, "c", 900).is_ok());
        assert!(check_claims(&claims("https://evil.test", "c".into(), 1000), i, "c", 900).is_err());
        assert!(check_claims(&claims(i, "other".into(), 1000), i, "c", 900).is_err());
        assert!(check_claims(&claims(i, "c".into(), 1000), i, "c", 1100).is_err());
        assert!(check_claims(&serde_json::json!({"iss": i, "aud": "c"}), i, "c", 1).is_err());
    }

    #[test]
    fn keys_are_picked_by_kid_and_type() {
        let k = |kid: &str, kty: &str| Jwk {
            kty: kty.into(),
            kid: Some(kid.into()),
            alg: None,
            use_: None,
            n: None,
            e: None,
            crv: None,
            x: None,
            y: None,
        };
        let keys = vec![k("a", "RSA"), k("b", "RSA"), k("c", "EC")];
        assert_eq!(
            pick(&keys, Some("b"), "RS256").unwrap().kid.as_deref(),
            Some("b")
        );
        assert!(pick(&keys, Some("c"), "RS256").is_none());
        assert!(
            pick(&keys, None, "RS256").is_none(),
            "two candidates: ambiguous"
        );
        assert_eq!(
            pick(&keys, None, "ES256").unwrap().kid.as_deref(),
            Some("c")
        );
    }
}
