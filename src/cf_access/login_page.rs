//! Recognising Cloudflare Access's interactive login where MCP was expected — a redirect to
//! `/cdn-cgi/access/login…` or the login page's HTML — and explaining, in words, what it means
//! and which of the three setups to use instead.

use super::TEAM_SUFFIX;

/// Whether a redirect `Location` leads to the Access login.
pub fn is_login_redirect(location: &str) -> bool {
    let l = location.to_ascii_lowercase();
    l.contains("/cdn-cgi/access/login")
        || l.contains("/cdn-cgi/access/authorized")
        || url::Url::parse(&l)
            .ok()
            .and_then(|u| u.host_str().map(|h| h.ends_with(TEAM_SUFFIX)))
            .unwrap_or(false)
}

/// Whether a response body of type `content_type` is Access's login page.
pub fn is_login_page(content_type: &str, body: &[u8]) -> bool {
    if !content_type.to_ascii_lowercase().starts_with("text/html") {
        return false;
    }
    let head = &body[..body.len().min(64 * 1024)];
    let text = String::from_utf8_lossy(head).to_ascii_lowercase();
    text.contains("cdn-cgi/access")
        || text.contains("cloudflareaccess.com")
        || text.contains("cloudflare access")
}

/// What to tell the user.
pub fn explanation() -> String {
    let mut s = String::from(
        "Cloudflare Access answered with its browser login page instead of MCP: the server sits \
         behind a self-hosted Access application that expects a browser session cookie, which a \
         desktop MCP host cannot show or keep.",
    );
    s.push_str(
        " If a service token was sent, Access did not accept it: the application needs a policy \
         with the action Service Auth that includes this token (an Allow policy never matches a \
         token), and the id and secret must belong together.",
    );
    s.push_str(
        " Use one of: (1) Managed OAuth — ask the Access administrator to turn it on for the \
         application; Access then answers 401 and mcp-bridge signs in by itself, no flags \
         needed. (2) A service token for scripts and CI — --cf-access-client-id ID with the \
         secret in CF_ACCESS_CLIENT_SECRET, --cf-access-client-secret-file, or the keyring \
         (`mcp-bridge login URL --cf-access-client-id ID`). (3) Access for SaaS — when the MCP \
         server checks Access-issued tokens itself, remove the self-hosted application in front \
         of it and sign in with --cf-access-team TEAM --client-id ID.",
    );
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_login_redirects() {
        assert!(is_login_redirect(
            "https://acme.cloudflareaccess.com/cdn-cgi/access/login/mcp.example.com?kid=1"
        ));
        assert!(is_login_redirect("/cdn-cgi/access/login/mcp.example.com"));
        assert!(is_login_redirect("https://acme.cloudflareaccess.com/"));
        assert!(!is_login_redirect("https://mcp.example.com/mcp/"));
        assert!(!is_login_redirect(
            "https://evil.test/?cloudflareaccess.com"
        ));
    }

    #[test]
    fn recognises_the_login_page_only_in_html() {
        let page = b"<html><head><title>Sign in - Cloudflare Access</title></head><body><form action=\"/cdn-cgi/access/login\"></form></body></html>";
        assert!(is_login_page("text/html; charset=utf-8", page));
        assert!(!is_login_page("application/json", page));
        assert!(!is_login_page("text/html", b"<html>Bad gateway</html>"));
    }

    #[test]
    fn the_explanation_names_the_three_setups() {
        let e = explanation();
        for needle in [
            "Managed OAuth",
            "--cf-access-client-id",
            "--cf-access-team",
            "Service Auth",
        ] {
            assert!(e.contains(needle), "{needle}");
        }
    }
}
