//! The page the browser shows at the end of a sign-in, served by the loopback callback: what
//! happened, what to do next, and that the tab can be closed. One self-contained HTML
//! document per outcome — UTF-8, inline CSS, no script, no image, no font or anything else
//! fetched (a `Content-Security-Policy` forbids it), light and dark — that names the server
//! and never shows a code, a state or a token.

use bytes::Bytes;
use http_body_util::Full;
use hyper::{Response, StatusCode};

/// Which page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome<'a> {
    /// The code is in.
    SignedIn,
    /// A response for another sign-in (its `state` differs); the wait goes on.
    UnknownSignIn,
    /// The authorization server refused or the person cancelled (`error`); the wait goes on.
    NotGranted(&'a str),
    /// The right `state`, but no code; the wait goes on.
    NoCode,
    /// The response failed the issuer check; the sign-in ended.
    Refused,
    /// Not the callback address.
    NotFound,
}

/// Longest part of an authorization server's own words shown on a page.
const MAX_DETAIL: usize = 300;

/// The response for `outcome`. `server`: the MCP server signed in to, as the person knows it.
pub fn response(outcome: Outcome<'_>, server: &str) -> Response<Full<Bytes>> {
    let (status, tone, title, body) = content(outcome, &escape(server));
    let html = format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<meta name=\"color-scheme\" content=\"light dark\">\
<title>{title} · mcp-bridge</title><link rel=\"icon\" href=\"data:,\"><style>{STYLE}</style></head>\
<body class=\"{tone}\"><main><div class=\"mark\" aria-hidden=\"true\">{mark}</div><h1>{title}</h1>{body}\
<p class=\"close\">You can close this tab.</p></main>\
<footer>mcp-bridge · this page comes from mcp-bridge on your computer (127.0.0.1)</footer>\
</body></html>\n",
        mark = match tone {
            "ok" => "✓",
            "stop" => "✕",
            _ => "!",
        },
    );
    Response::builder()
        .status(status)
        .header("content-type", "text/html; charset=utf-8")
        .header("cache-control", "no-store")
        .header("referrer-policy", "no-referrer")
        .header("x-content-type-options", "nosniff")
        .header(
            "content-security-policy",
            "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; form-action 'none'; base-uri 'none'",
        )
        .body(Full::new(Bytes::from(html)))
        .expect("a static response")
}

/// (status, tone, title, body paragraphs).
fn content(outcome: Outcome<'_>, server: &str) -> (StatusCode, &'static str, &'static str, String) {
    let waiting = "mcp-bridge is still waiting for the sign-in";
    match outcome {
        Outcome::SignedIn => (
            StatusCode::OK,
            "ok",
            "You are signed in",
            format!(
                "<p class=\"lead\">mcp-bridge received your sign-in to <b>{server}</b>.</p>\
<p>Go back to your application (Claude, Cursor, your terminal…): it carries on by itself.</p>"
            ),
        ),
        Outcome::UnknownSignIn => (
            StatusCode::BAD_REQUEST,
            "wait",
            "This is not the sign-in mcp-bridge is waiting for",
            format!(
                "<p class=\"lead\">This response belongs to another sign-in (its <code>state</code> \
does not match), so mcp-bridge ignored it. {waiting} to <b>{server}</b>.</p>\
<p>If you started several sign-ins, finish the most recent one: the last tab mcp-bridge \
opened, or the last address it printed.</p>"
            ),
        ),
        Outcome::NotGranted(why) => (
            StatusCode::BAD_REQUEST,
            "wait",
            "The sign-in was not completed",
            format!(
                "<p class=\"lead\">Access to <b>{server}</b> was not granted.</p>\
<p class=\"detail\">{}.</p>\
<p>{waiting}. If you cancelled by mistake, go back to the sign-in page and sign in again, or \
start over from your application or with <code>mcp-bridge login</code>.</p>",
                escape(&sentence(&shorten(why)))
            ),
        ),
        Outcome::NoCode => (
            StatusCode::BAD_REQUEST,
            "wait",
            "The sign-in was not completed",
            format!(
                "<p class=\"lead\">This response carries no authorization code. {waiting} to \
<b>{server}</b>.</p><p>Go back to the sign-in page and finish the sign-in there.</p>"
            ),
        ),
        Outcome::Refused => (
            StatusCode::BAD_REQUEST,
            "stop",
            "Sign-in refused",
            format!(
                "<p class=\"lead\">This response did not come from the authorization server the \
sign-in to <b>{server}</b> started with, so mcp-bridge refused it and stored nothing.</p>\
<p>Sign in again from your application or with <code>mcp-bridge login</code>. If this happens \
again, something between you and the server may be interfering: tell whoever runs it.</p>"
            ),
        ),
        Outcome::NotFound => (
            StatusCode::NOT_FOUND,
            "stop",
            "Nothing here",
            "<p class=\"lead\">This address is not a sign-in callback of mcp-bridge.</p>".into(),
        ),
    }
}

const STYLE: &str = "\
:root{--bg:#f4f5f7;--card:#fff;--text:#1d2430;--muted:#5d6778;--line:#dfe3ea;--accent:#1f7a4d}\
@media (prefers-color-scheme:dark){:root{--bg:#15181d;--card:#1e232b;--text:#e6e9ee;--muted:#a3abb8;--line:#323946}}\
body.wait{--accent:#b26a00}body.stop{--accent:#b3261e}\
@media (prefers-color-scheme:dark){body.ok{--accent:#4cc38a}body.wait{--accent:#f0a43a}body.stop{--accent:#f2776f}}\
*{box-sizing:border-box}\
body{margin:0;min-height:100vh;display:flex;flex-direction:column;align-items:center;justify-content:center;\
background:var(--bg);color:var(--text);font:16px/1.55 system-ui,-apple-system,\"Segoe UI\",Roboto,\"Helvetica Neue\",Arial,sans-serif;padding:24px}\
main{background:var(--card);border:1px solid var(--line);border-top:4px solid var(--accent);border-radius:12px;\
max-width:34rem;width:100%;padding:32px 36px;box-shadow:0 8px 24px rgba(0,0,0,.06)}\
.mark{width:48px;height:48px;border-radius:50%;background:var(--accent);color:#fff;font-size:26px;\
font-weight:700;display:flex;align-items:center;justify-content:center;margin-bottom:12px}\
h1{font-size:1.4rem;line-height:1.3;margin:0 0 12px}\
p{margin:0 0 12px}.lead{font-size:1.05rem}\
.detail{overflow-wrap:anywhere;color:var(--muted)}\
code{font:0.92em ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:var(--bg);padding:1px 5px;border-radius:4px;white-space:nowrap}\
b{overflow-wrap:anywhere}\
.close{margin:20px 0 0;padding-top:16px;border-top:1px solid var(--line);font-weight:600}\
footer{margin-top:16px;color:var(--muted);font-size:.8rem;text-align:center}";

/// Starting with a capital letter.
fn sentence(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn shorten(s: &str) -> String {
    if s.chars().count() <= MAX_DETAIL {
        return s.to_owned();
    }
    let mut out: String = s.chars().take(MAX_DETAIL).collect();
    out.push('…');
    out
}

/// Text made safe for HTML.
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use http_body_util::BodyExt;

    async fn page(outcome: Outcome<'_>, server: &str) -> (u16, String, Response<Full<Bytes>>) {
        let r = response(outcome, server);
        let status = r.status().as_u16();
        let (parts, body) = r.into_parts();
        let bytes = body.collect().await.unwrap().to_bytes();
        let text = String::from_utf8(bytes.to_vec()).unwrap();
        (
            status,
            text,
            Response::from_parts(parts, Full::new(Bytes::new())),
        )
    }

    #[tokio::test]
    async fn every_page_stands_alone_and_says_the_tab_can_be_closed() {
        for outcome in [
            Outcome::SignedIn,
            Outcome::UnknownSignIn,
            Outcome::NotGranted("access_denied"),
            Outcome::NoCode,
            Outcome::Refused,
            Outcome::NotFound,
        ] {
            let (_, html, r) = page(outcome, "https://mcp.example.com/mcp").await;
            assert!(html.contains("<meta charset=\"utf-8\">"), "{outcome:?}");
            assert!(html.contains("You can close this tab."), "{outcome:?}");
            for external in ["<script", "src=", "http://", "@import", "url("] {
                assert!(!html.contains(external), "{outcome:?} has {external}");
            }
            assert_eq!(
                r.headers()["content-type"],
                "text/html; charset=utf-8",
                "{outcome:?}"
            );
            let csp = r.headers()["content-security-policy"].to_str().unwrap();
            assert!(csp.starts_with("default-src 'none'"), "{csp}");
        }
        let (status, html, _) = page(Outcome::SignedIn, "https://mcp.example.com/mcp").await;
        assert_eq!(status, 200);
        assert!(html.contains("<b>https://mcp.example.com/mcp</b>"));
    }

    #[tokio::test]
    async fn words_from_outside_are_escaped_and_kept_short() {
        let hostile = format!("<img src=x onerror=alert(1)> {}", "x".repeat(1000));
        let (status, html, _) = page(Outcome::NotGranted(&hostile), "https://a.test/?q=<b>").await;
        assert_eq!(status, 400);
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
        assert!(html.contains("https://a.test/?q=&lt;b&gt;"));
        assert!(!html.contains(&"x".repeat(400)), "shortened");
    }
}
