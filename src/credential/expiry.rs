//! When a token really ends, and when to refresh it.
//!
//! A token response's `expires_in` is not always the truth: Cloudflare Access for SaaS and many
//! servers on Workers hand out JWT access tokens whose `exp` comes well before it (one answered
//! `expires_in: 3600` for a token that lived 20 s). So the expiry of an access token is the
//! earlier of `expires_in` and what the token itself says. The JWT payload is read without
//! verification, which is safe because it is only ever used to bring the expiry *earlier*,
//! never later; an opaque token keeps `expires_in`.
//!
//! Clocks: a JWT's times are the authorization server's clock. With an `iat`, the token's
//! lifetime `exp - iat` is counted from the moment it was received, which needs no shared
//! clock. Without one, `exp` counts only when it lies after that moment; an `exp` at or before
//! it means the two clocks differ by more than the token's lifetime (or the token was dead on
//! arrival): it is ignored, with a warning at receipt, and `expires_in` stands — if the token
//! really is dead, the server's 401 starts the refresh.

use tracing::warn;

use crate::oauth::id_token;
use crate::store::TokenSet;

/// Refresh this long before the expiry (clock skew, request time).
pub const EXPIRY_SKEW: u64 = 60;

/// What a token's own claims say about its end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Claimed {
    /// Not a JWT, or one without a numeric `exp`.
    Nothing,
    /// It ends at this time (this machine's clock).
    Ends(u64),
    /// Its `exp` lies at or before the moment it was received and it has no `iat`.
    Skewed,
}

fn claimed(token: &str, obtained_at: u64) -> Claimed {
    let Some(c) = id_token::claims(token) else {
        return Claimed::Nothing;
    };
    let time = |k: &str| c[k].as_u64().or_else(|| c[k].as_f64().map(|f| f as u64));
    let Some(exp) = time("exp") else {
        return Claimed::Nothing;
    };
    match time("iat") {
        // A credential stored without its time of receipt: the absolute `exp` is all there is.
        _ if obtained_at == 0 => Claimed::Ends(exp),
        Some(iat) if exp > iat => Claimed::Ends(obtained_at.saturating_add(exp - iat)),
        _ if exp > obtained_at => Claimed::Ends(exp),
        _ => Claimed::Skewed,
    }
}

/// The expiry of an access token received at `obtained_at` with `expires_in`: the earlier of
/// the two sources (see the module documentation). Warns when the token's `exp` had to be
/// ignored.
pub fn on_receipt(token: &str, obtained_at: u64, expires_in: Option<u64>) -> Option<u64> {
    let given = expires_in.map(|s| obtained_at.saturating_add(s));
    match claimed(token, obtained_at) {
        Claimed::Nothing => given,
        Claimed::Ends(end) => Some(given.map_or(end, |g| g.min(end))),
        Claimed::Skewed => {
            warn!(
                "the access token's exp lies in the past on receipt: this machine's clock and the \
                 authorization server's differ; going by expires_in"
            );
            given
        }
    }
}

/// The expiry of a stored credential: its recorded one, or earlier when the access token says
/// so (credentials stored before the token's claims were read).
pub fn expires_at(t: &TokenSet) -> Option<u64> {
    match claimed(t.access_token.expose(), t.obtained_at) {
        Claimed::Ends(end) => Some(t.expires_at.map_or(end, |e| e.min(end))),
        Claimed::Nothing | Claimed::Skewed => t.expires_at,
    }
}

/// Whether the access token has ended at `now` (a token without a known expiry never has).
pub fn is_dead(t: &TokenSet, now: u64) -> bool {
    expires_at(t).is_some_and(|e| e <= now)
}

/// When the bearer should be refreshed: [`EXPIRY_SKEW`] before it expires, or a quarter of
/// its lifetime before for short-lived tokens (so a 30-second token is not refreshed in a
/// loop). With `--use-id-token` the ID token's own `exp` counts.
pub fn refresh_due(t: &TokenSet, use_id_token: bool) -> Option<u64> {
    let id_exp = t
        .id_token
        .as_ref()
        .filter(|_| use_id_token)
        .and_then(|j| id_token::claims(j.expose()))
        .and_then(|c| c["exp"].as_u64());
    let expires_at = id_exp.or_else(|| expires_at(t))?;
    let lifetime = expires_at.saturating_sub(t.obtained_at);
    Some(expires_at.saturating_sub(EXPIRY_SKEW.min(lifetime / 4)))
}

/// "valid for 42 min", "expired 3 h ago (will refresh)", … The expiry is the earlier of the
/// recorded one and the access token's own ([`expires_at`]).
pub fn describe_expiry(t: &TokenSet) -> String {
    let now = crate::clock::unix_now();
    match expires_at(t) {
        None => "no expiry given".into(),
        Some(e) if e > now => format!("valid for {}", human(e - now)),
        Some(e) if t.refresh_token.is_some() => {
            format!("expired {} ago (will be refreshed)", human(now - e))
        }
        Some(e) => format!("expired {} ago", human(now - e)),
    }
}

fn human(secs: u64) -> String {
    match secs {
        s if s < 90 => format!("{s} s"),
        s if s < 90 * 60 => format!("{} min", s / 60),
        s if s < 48 * 3600 => format!("{} h", s / 3600),
        s => format!("{} days", s / 86400),
    }
}

/// Usable: not expired, or refreshable.
pub fn usable(t: &TokenSet) -> bool {
    !is_dead(t, crate::clock::unix_now()) || t.refresh_token.is_some()
}

#[cfg(test)]
mod tests {
    use base64::Engine;
    use serde_json::json;

    use super::*;
    use crate::secret::Secret;

    fn jwt(claims: serde_json::Value) -> String {
        let payload =
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(claims.to_string().as_bytes());
        format!("eyJhbGciOiJSUzI1NiJ9.{payload}.c2ln")
    }

    fn tokens(access: &str, obtained_at: u64, expires_at: Option<u64>) -> TokenSet {
        TokenSet {
            access_token: Secret::new(access),
            refresh_token: None,
            id_token: None,
            token_type: "Bearer".into(),
            expires_at,
            scope: None,
            issuer: "https://as.test".into(),
            client_id: None,
            resource: None,
            obtained_at,
        }
    }

    #[test]
    fn a_jwt_that_ends_before_expires_in_ends_when_it_says() {
        // Answered with expires_in 3600, the token lives 20 s.
        let t = jwt(json!({"exp": 1020, "iat": 1000}));
        assert_eq!(on_receipt(&t, 1000, Some(3600)), Some(1020));
        // No iat: the absolute exp.
        assert_eq!(
            on_receipt(&jwt(json!({"exp": 1020})), 1000, Some(3600)),
            Some(1020)
        );
        // No expires_in at all: the token's word is all there is.
        assert_eq!(on_receipt(&t, 1000, None), Some(1020));
    }

    #[test]
    fn a_jwt_never_makes_the_expiry_later() {
        let t = jwt(json!({"exp": 9000, "iat": 1000}));
        assert_eq!(on_receipt(&t, 1000, Some(60)), Some(1060));
    }

    #[test]
    fn opaque_and_odd_tokens_keep_expires_in() {
        for token in [
            "opaque-token-1".to_owned(),
            "a.b.c".to_owned(),
            jwt(json!({"sub": "no exp"})),
            jwt(json!({"exp": "tomorrow"})),
            jwt(json!([1, 2])),
        ] {
            assert_eq!(on_receipt(&token, 1000, Some(60)), Some(1060), "{token}");
            assert_eq!(on_receipt(&token, 1000, None), None, "{token}");
        }
    }

    #[test]
    fn clocks_that_differ_are_survived() {
        // The server's clock runs an hour ahead: exp - iat is the lifetime, counted from now.
        let ahead = jwt(json!({"iat": 4600, "exp": 4620}));
        assert_eq!(on_receipt(&ahead, 1000, Some(3600)), Some(1020));
        // It runs an hour behind: same.
        let behind = jwt(json!({"iat": 1, "exp": 21}));
        assert_eq!(on_receipt(&behind, 3601, Some(3600)), Some(3621));
        // Behind, and no iat to tell the lifetime: exp is in the past on receipt; it is
        // ignored rather than refreshing in a loop, and expires_in stands.
        let skewed = jwt(json!({"exp": 900}));
        assert_eq!(on_receipt(&skewed, 1000, Some(3600)), Some(4600));
        assert_eq!(on_receipt(&skewed, 1000, None), None);
    }

    #[test]
    fn a_stored_credential_is_read_by_its_token_too() {
        let t = tokens(&jwt(json!({"iat": 1000, "exp": 1020})), 1000, Some(4600));
        assert_eq!(expires_at(&t), Some(1020));
        assert!(is_dead(&t, 1020) && !is_dead(&t, 1019));
        assert_eq!(refresh_due(&t, false), Some(1015));
        let opaque = tokens("at-1", 1000, Some(4600));
        assert_eq!(expires_at(&opaque), Some(4600));
        assert!(!is_dead(&tokens("at-1", 1000, None), u64::MAX));
        // Stored long ago without a time of receipt: the absolute exp.
        let old = tokens(&jwt(json!({"iat": 1000, "exp": 1020})), 0, None);
        assert_eq!(expires_at(&old), Some(1020));
    }

    #[test]
    fn refresh_is_due_ahead_of_expiry() {
        assert_eq!(
            refresh_due(&tokens("a", 1000, Some(4600)), false),
            Some(4540)
        );
        // A 40-second token is refreshed 10 s before it ends, not at once.
        assert_eq!(
            refresh_due(&tokens("a", 1000, Some(1040)), false),
            Some(1030)
        );
        assert_eq!(refresh_due(&tokens("a", 1000, None), false), None);
    }

    #[test]
    fn the_id_token_can_be_the_bearer_with_its_own_expiry() {
        let mut t = tokens("a", 1000, Some(4600));
        t.id_token = Some(Secret::new(jwt(json!({"sub": "u", "exp": 2000}))));
        assert_eq!(refresh_due(&t, true), Some(1940));
        assert_eq!(refresh_due(&t, false), Some(4540));
    }
}
