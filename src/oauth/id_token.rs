//! Reading the claims of a JWT (an OpenID Connect ID token) for display and expiry. This does
//! not verify the signature: it is used only to show who is signed in and when a token ends.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::Value;

/// The payload of a compact JWT, if it is one.
pub fn claims(jwt: &str) -> Option<Value> {
    let mut parts = jwt.split('.');
    let (_header, payload, _sig) = (parts.next()?, parts.next()?, parts.next()?);
    let bytes = URL_SAFE_NO_PAD.decode(payload.trim_end_matches('=')).ok()?;
    let v: Value = serde_json::from_slice(&bytes).ok()?;
    v.is_object().then_some(v)
}

/// A human name for the subject: email, else preferred_username, else sub.
pub fn identity(jwt: &str) -> Option<String> {
    let c = claims(jwt)?;
    ["email", "preferred_username", "sub"]
        .iter()
        .find_map(|k| c[*k].as_str().map(str::to_owned))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_claims() {
        let payload = URL_SAFE_NO_PAD.encode(br#"{"sub":"u1","email":"a@b.test","exp":42}"#);
        let jwt = format!("eyJhbGciOiJub25lIn0.{payload}.sig");
        assert_eq!(identity(&jwt).as_deref(), Some("a@b.test"));
        assert_eq!(claims(&jwt).unwrap()["exp"], 42);
        assert!(claims("opaque-token").is_none());
        assert!(claims("a.!!!.c").is_none());
    }
}
