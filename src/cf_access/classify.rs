//! Whether an HTTP answer that is not a success came from Cloudflare Access rather than the
//! MCP server behind it, and what it means: a redirect to Access's login, its login page, a
//! refused service token, or its block page. The transport asks once per failed response
//! ([`classify`]) and maps everything else generically; the words for the user are
//! [`super::refusal`]'s.

use http::{HeaderMap, StatusCode, header};

use super::login_page;
use super::refusal::{AccessAnswer, Sent};

/// What Access's answer means, or `None` when the answer is the server's (or nobody's in
/// particular: the transport's generic mapping applies). `body` is what was read of it;
/// `sent` what the request carried.
pub fn classify(
    status: StatusCode,
    headers: &HeaderMap,
    body: &[u8],
    sent: &Sent,
) -> Option<AccessAnswer> {
    let location = headers.get(header::LOCATION).and_then(|v| v.to_str().ok());
    if status.is_redirection() && location.is_some_and(login_page::is_login_redirect) {
        return Some(AccessAnswer::LoginRedirect);
    }
    let code = status.as_u16();
    let challenges: Vec<&str> = headers
        .get_all(header::WWW_AUTHENTICATE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    // A challenge of the server's own (its resource metadata is not Access's) means the
    // request got past Access.
    let own_challenge = challenges.iter().any(|h| {
        h.contains("resource_metadata") && !h.contains("cloudflare-access-protected-resource")
    });
    match code {
        // Without a service token a 401 asks for the bearer: OAuth, whoever runs it.
        401 if sent.service_token.is_none() || own_challenge => return None,
        403 if challenges.iter().any(|h| h.contains("insufficient_scope")) => return None,
        _ => {}
    }
    let ctype = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let page = login_page::block_page_summary(&ctype, body);
    if matches!(code, 401 | 403) && sent.service_token.is_some() && !own_challenge {
        // A JSON answer to a 403 is the server's own; Access answers with HTML or nothing.
        if code == 401 || page.is_some() || !ctype.starts_with("application/json") {
            return Some(AccessAnswer::TokenRefused { status: code, page });
        }
    }
    if location.is_some() {
        // Any other redirect is not Access's answer: it is reported as a redirect.
        return None;
    }
    if let Some(summary) = page {
        return Some(AccessAnswer::Blocked { summary });
    }
    login_page::is_login_page(&ctype, body).then_some(AccessAnswer::LoginPage)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOGIN: &str =
        r#"<html><form action="/cdn-cgi/access/login/mcp.example.com">Sign in</form></html>"#;
    const BLOCK: &str = r#"<html><title>Forbidden</title><input name="json_data" value='{"message":"You do not have permission","status_code":403,"aud":"x","ray_id":"8abc"}'></html>"#;

    fn answer(
        status: u16,
        headers: &[(&str, &str)],
        body: &str,
        sent: &Sent,
    ) -> Option<AccessAnswer> {
        let mut map = HeaderMap::new();
        for (k, v) in headers {
            map.append(
                http::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                v.parse().unwrap(),
            );
        }
        classify(
            StatusCode::from_u16(status).unwrap(),
            &map,
            body.as_bytes(),
            sent,
        )
    }

    fn service_token() -> Sent {
        Sent {
            service_token: Some("1a2b.access".into()),
            ..Sent::default()
        }
    }

    const HTML: (&str, &str) = ("content-type", "text/html; charset=utf-8");
    const JSON: (&str, &str) = ("content-type", "application/json");

    #[test]
    fn a_redirect_to_the_login_is_access_and_any_other_is_not() {
        let none = Sent::default();
        for to in [
            "https://team.cloudflareaccess.com/cdn-cgi/access/login/x",
            "/cdn-cgi/access/login/mcp.example.com?redirect_url=%2Fmcp",
        ] {
            assert_eq!(
                answer(302, &[("location", to)], "", &none),
                Some(AccessAnswer::LoginRedirect),
                "{to}"
            );
        }
        assert_eq!(
            answer(302, &[("location", "https://elsewhere.test/")], "", &none),
            None
        );
        // Even with a login page's body, a redirect elsewhere is reported as a redirect.
        assert_eq!(
            answer(307, &[("location", "/other"), HTML], LOGIN, &none),
            None
        );
    }

    #[test]
    fn a_401_without_a_service_token_is_for_oauth() {
        assert_eq!(answer(401, &[HTML], LOGIN, &Sent::default()), None);
        // With a service token, a challenge naming the server's own metadata is the server's.
        let own = (
            "www-authenticate",
            r#"Bearer resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource""#,
        );
        assert_eq!(answer(401, &[own], "", &service_token()), None);
        // Access's own managed-OAuth challenge is still Access refusing the token.
        let access = (
            "www-authenticate",
            r#"Bearer resource_metadata="https://x/.well-known/cloudflare-access-protected-resource""#,
        );
        assert_eq!(
            answer(401, &[access], "", &service_token()),
            Some(AccessAnswer::TokenRefused {
                status: 401,
                page: None
            })
        );
    }

    #[test]
    fn a_refused_service_token() {
        assert_eq!(
            answer(401, &[], "", &service_token()),
            Some(AccessAnswer::TokenRefused {
                status: 401,
                page: None
            })
        );
        let Some(AccessAnswer::TokenRefused {
            status: 403,
            page: Some(page),
        }) = answer(403, &[HTML], BLOCK, &service_token())
        else {
            panic!("a block page after a service token is a refusal of the token");
        };
        assert!(page.contains("You do not have permission"), "{page}");
        assert_eq!(
            answer(403, &[], "", &service_token()),
            Some(AccessAnswer::TokenRefused {
                status: 403,
                page: None
            })
        );
        // A JSON 403 is the server's own.
        assert_eq!(
            answer(403, &[JSON], r#"{"error":"no"}"#, &service_token()),
            None
        );
    }

    #[test]
    fn insufficient_scope_is_the_servers() {
        let scope = (
            "www-authenticate",
            r#"Bearer error="insufficient_scope", scope="admin""#,
        );
        assert_eq!(answer(403, &[scope, HTML], BLOCK, &service_token()), None);
    }

    #[test]
    fn the_block_and_login_pages() {
        let Some(AccessAnswer::Blocked { summary }) = answer(403, &[HTML], BLOCK, &Sent::default())
        else {
            panic!("the block page");
        };
        assert!(summary.contains("Ray ID 8abc"), "{summary}");
        assert_eq!(
            answer(400, &[HTML], LOGIN, &Sent::default()),
            Some(AccessAnswer::LoginPage)
        );
    }

    #[test]
    fn the_servers_own_errors_are_not_access() {
        for (status, headers, body) in [
            (500, vec![JSON], r#"{"error":"boom"}"#),
            (404, vec![HTML], "<html>Not Found</html>"),
            (403, vec![HTML], "<html>Forbidden by the server</html>"),
            (429, vec![("retry-after", "3")], ""),
        ] {
            assert_eq!(
                answer(status, &headers, body, &Sent::default()),
                None,
                "{status} {body}"
            );
        }
    }
}
