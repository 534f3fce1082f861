//! Recognising Cloudflare Access's own answers where MCP was expected: a redirect to its
//! interactive login (`/cdn-cgi/access/login…`), the login page's HTML, and the "Forbidden"
//! block page, which is summarised in a line rather than shown as HTML. What to tell the user
//! about them is [`super::refusal`]'s concern.

use super::TEAM_SUFFIX;

/// Paths only Access serves, on the team domain or on an application's own host.
const ACCESS_PATHS: [&str; 4] = [
    "/cdn-cgi/access/login",
    "/cdn-cgi/access/authorized",
    "/cdn-cgi/access/logout",
    "/cdn-cgi/access/cli",
];

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

fn html_text(content_type: &str, body: &[u8]) -> Option<String> {
    if !content_type.to_ascii_lowercase().starts_with("text/html") {
        return None;
    }
    let head = &body[..body.len().min(64 * 1024)];
    Some(String::from_utf8_lossy(head).into_owned())
}

/// Whether the page links to one of Access's own paths (a form posting to its login, its
/// logout link), which an MCP server's pages do not.
fn has_access_marker(lower: &str) -> bool {
    ACCESS_PATHS.iter().any(|p| lower.contains(p))
        || lower.contains(&format!("{TEAM_SUFFIX}/cdn-cgi/access/"))
}

/// Whether a response body of type `content_type` is Access's login page.
pub fn is_login_page(content_type: &str, body: &[u8]) -> bool {
    let Some(text) = html_text(content_type, body) else {
        return false;
    };
    let lower = text.to_ascii_lowercase();
    has_access_marker(&lower) && !is_block_text(&lower)
}

/// The block page's machine-readable part: a hidden `json_data` field carrying
/// `{"message", "status_code", "aud", "ray_id", …}`.
fn is_block_text(lower: &str) -> bool {
    lower.contains("json_data") && lower.contains("status_code") && lower.contains("aud")
}

/// When a response is Access's block page ("Forbidden. You don't have permission…"), a
/// one-line summary of it: its message and Ray ID, never the HTML.
pub fn block_page_summary(content_type: &str, body: &[u8]) -> Option<String> {
    let text = html_text(content_type, body)?;
    let lower = text.to_ascii_lowercase();
    let blocked =
        is_block_text(&lower) || (has_access_marker(&lower) && lower.contains("forbidden"));
    if !blocked {
        return None;
    }
    let unescaped = text
        .replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    let message = json_field(&unescaped, "message")
        .or_else(|| tag_text(&unescaped, "title"))
        .unwrap_or_else(|| "Forbidden".into());
    let mut summary = one_line(&message, 160);
    if let Some(ray) = json_field(&unescaped, "ray_id") {
        summary.push_str(&format!(" (Ray ID {})", one_line(&ray, 40)));
    }
    Some(summary)
}

/// The string value of `"name": "…"` somewhere in `text`.
fn json_field(text: &str, name: &str) -> Option<String> {
    let at = text.find(&format!("\"{name}\""))?;
    let rest = &text[at + name.len() + 2..];
    let rest = rest.trim_start().strip_prefix(':')?.trim_start();
    let rest = rest.strip_prefix('"')?;
    let mut out = String::new();
    let mut chars = rest.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(out),
            '\\' => out.extend(chars.next()),
            c => out.push(c),
        }
    }
    None
}

fn tag_text(text: &str, tag: &str) -> Option<String> {
    let lower = text.to_ascii_lowercase();
    let start = lower.find(&format!("<{tag}"))?;
    let open_end = start + lower[start..].find('>')? + 1;
    let end = open_end + lower[open_end..].find(&format!("</{tag}"))?;
    Some(text[open_end..end].trim().to_owned()).filter(|s| !s.is_empty())
}

/// At most `max` characters, control characters and markup removed.
fn one_line(s: &str, max: usize) -> String {
    let clean: String = s
        .chars()
        .filter(|c| !matches!(c, '<' | '>'))
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    crate::transport::error::excerpt(clean.trim(), max)
}

#[cfg(test)]
mod tests {
    use super::*;

    const BLOCK_PAGE: &str = "<!DOCTYPE html><html><head><title>Access denied · Cloudflare Access</title></head><body><h1>Forbidden</h1><input type=\"hidden\" id=\"json_data\" value='{&quot;message&quot;:&quot;Forbidden. You don&#39;t have permission to view this. Please contact your system administrator.&quot;,&quot;status_code&quot;:403,&quot;aud&quot;:&quot;78ccb3aa&quot;,&quot;ray_id&quot;:&quot;8f1e2d3c4b5a6978&quot;}'><a href=\"/cdn-cgi/access/logout\">Sign out</a></body></html>";

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
    fn recognises_the_login_page_by_its_own_paths_only() {
        let page = b"<html><head><title>Sign in - Cloudflare Access</title></head><body><form action=\"/cdn-cgi/access/login/mcp.example.com\"></form></body></html>";
        assert!(is_login_page("text/html; charset=utf-8", page));
        assert!(!is_login_page("application/json", page));
        assert!(!is_login_page("text/html", b"<html>Bad gateway</html>"));
        // Words alone are not the page: a server's own help page may mention Access.
        assert!(!is_login_page(
            "text/html",
            b"<html><title>Docs</title>This server sits behind Cloudflare Access; see myteam.cloudflareaccess.com.</html>"
        ));
        assert!(
            !is_login_page("text/html", BLOCK_PAGE.as_bytes()),
            "the block page is not the login"
        );
    }

    #[test]
    fn the_block_page_is_summarised_in_one_line() {
        let s = block_page_summary("text/html; charset=UTF-8", BLOCK_PAGE.as_bytes()).unwrap();
        assert_eq!(
            s,
            "Forbidden. You don't have permission to view this. Please contact your system administrator. (Ray ID 8f1e2d3c4b5a6978)"
        );
        assert!(
            block_page_summary("text/html", b"<html><title>Forbidden</title></html>").is_none()
        );
        assert!(block_page_summary("application/json", BLOCK_PAGE.as_bytes()).is_none());
        let bare = b"<html><title>Forbidden</title><a href=\"/cdn-cgi/access/logout\">x</a></html>";
        assert_eq!(
            block_page_summary("text/html", bare).as_deref(),
            Some("Forbidden")
        );
    }
}
