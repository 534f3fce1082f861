//! The claims an ID token must carry: the issuer, the audience (and `azp`), `exp`, `nbf`,
//! `iat` within a minute's skew (saturating, so no time overflows), and the `nonce` sent.

use serde_json::Value;

/// Clock skew allowed on `exp`, `nbf` and `iat`.
const SKEW: u64 = 60;

/// What an ID token is checked against.
#[derive(Debug, Clone, Copy)]
pub struct Expected<'a> {
    pub issuer: &'a str,
    pub client_id: &'a str,
    /// The `nonce` sent with the authorization request, when one was.
    pub nonce: Option<&'a str>,
    /// Unix time.
    pub now: u64,
}

pub(super) fn check_claims(claims: &Value, expected: &Expected<'_>) -> Result<(), String> {
    let (issuer, client_id, now) = (expected.issuer, expected.client_id, expected.now);
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
    if let Some(azp) = claims["azp"].as_str()
        && azp != client_id
    {
        return Err(format!("issued to client {azp:?} (azp), not {client_id:?}"));
    }
    let time = |name: &str| -> Result<Option<u64>, String> {
        match &claims[name] {
            Value::Null => Ok(None),
            v => v
                .as_u64()
                .or_else(|| v.as_f64().filter(|f| *f >= 0.0).map(|f| f as u64))
                .map(Some)
                .ok_or_else(|| format!("its {name} claim is not a time")),
        }
    };
    match time("exp")? {
        Some(exp) if exp.saturating_add(SKEW) > now => {}
        Some(exp) => return Err(format!("it expired at {exp} (now {now})")),
        None => return Err("it has no exp claim".into()),
    }
    if let Some(nbf) = time("nbf")?
        && nbf > now.saturating_add(SKEW)
    {
        return Err(format!("it is not valid before {nbf} (now {now})"));
    }
    if let Some(iat) = time("iat")?
        && iat > now.saturating_add(SKEW)
    {
        return Err(format!(
            "it was issued in the future ({iat}, now {now}); check this machine's clock"
        ));
    }
    if let Some(nonce) = expected.nonce
        && claims["nonce"].as_str() != Some(nonce)
    {
        return Err("its nonce is not the one this sign-in sent (a replayed token?)".into());
    }
    Ok(())
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    pub(crate) const I: &str = "https://t.test/oidc/c";

    pub(crate) fn claims(iss: &str, aud: Value, exp: u64) -> Value {
        serde_json::json!({"iss": iss, "aud": aud, "exp": exp, "sub": "u"})
    }

    pub(crate) fn at(now: u64) -> Expected<'static> {
        Expected {
            issuer: I,
            client_id: "c",
            nonce: None,
            now,
        }
    }

    #[test]
    fn claims_are_checked() {
        assert!(check_claims(&claims(I, "c".into(), 1000), &at(900)).is_ok());
        assert!(check_claims(&claims(I, serde_json::json!(["x", "c"]), 1000), &at(900)).is_ok());
        assert!(check_claims(&claims("https://evil.test", "c".into(), 1000), &at(900)).is_err());
        assert!(check_claims(&claims(I, "other".into(), 1000), &at(900)).is_err());
        assert!(check_claims(&claims(I, "c".into(), 1000), &at(1100)).is_err());
        assert!(check_claims(&serde_json::json!({"iss": I, "aud": "c"}), &at(1)).is_err());
        let mut azp = claims(I, serde_json::json!(["c", "x"]), 1000);
        azp["azp"] = "x".into();
        assert!(check_claims(&azp, &at(900)).unwrap_err().contains("azp"));
    }

    #[test]
    fn nbf_iat_and_nonce_are_checked() {
        let mut c = claims(I, "c".into(), 5000);
        c["nbf"] = 2000.into();
        assert!(
            check_claims(&c, &at(1000))
                .unwrap_err()
                .contains("not valid before")
        );
        assert!(check_claims(&c, &at(1950)).is_ok(), "within the skew");
        let mut c = claims(I, "c".into(), 5000);
        c["iat"] = 3000.into();
        assert!(check_claims(&c, &at(1000)).unwrap_err().contains("clock"));
        c["iat"] = 900.into();
        assert!(check_claims(&c, &at(1000)).is_ok());
        c["nonce"] = "n-1".into();
        let with = |nonce| Expected {
            nonce: Some(nonce),
            ..at(1000)
        };
        assert!(check_claims(&c, &with("n-1")).is_ok());
        assert!(
            check_claims(&c, &with("n-2"))
                .unwrap_err()
                .contains("nonce")
        );
        c.as_object_mut().unwrap().remove("nonce");
        assert!(
            check_claims(&c, &with("n-1")).is_err(),
            "a nonce was sent and none came back"
        );
        assert!(
            check_claims(&c, &at(1000)).is_ok(),
            "no nonce sent: none needed"
        );
    }

    #[test]
    fn huge_or_odd_times_do_not_overflow() {
        let c = claims(I, "c".into(), u64::MAX);
        assert!(check_claims(&c, &at(1000)).is_ok());
        assert!(
            check_claims(&c, &at(u64::MAX)).is_err(),
            "no overflow at the end of time"
        );
        let mut c = claims(I, "c".into(), u64::MAX);
        c["nbf"] = u64::MAX.into();
        assert!(check_claims(&c, &at(u64::MAX - 1)).is_ok());
        assert!(check_claims(&c, &at(1000)).is_err());
        c["nbf"] = "soon".into();
        assert!(
            check_claims(&c, &at(1000))
                .unwrap_err()
                .contains("not a time")
        );
        let mut c = claims(I, "c".into(), 0);
        c["exp"] = (-5).into();
        assert!(check_claims(&c, &at(1000)).is_err());
    }
}
