//! The patterns a policy is written in. A server pattern is a URL with parts left out:
//! `[scheme://]host[:port][/path-prefix]`, where the host may start with `*.` (any subdomain,
//! not the domain itself) or be `*` alone. Left-out parts match anything; the path is a prefix
//! matched at `/` boundaries (`/mcp` matches `/mcp` and `/mcp/x`, not `/mcpx`). A tool
//! pattern is a glob over the whole name where `*` matches any run of characters,
//! case-insensitive.

use std::fmt;

/// A pattern over server URLs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerPattern {
    text: String,
    scheme: Option<String>,
    host: HostPattern,
    port: Option<u16>,
    path: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum HostPattern {
    Any,
    Exact(String),
    /// `*.example.com`: stored as `.example.com`.
    Subdomains(String),
}

impl ServerPattern {
    pub fn parse(text: &str) -> Result<ServerPattern, String> {
        let bad = |why: &str| Err(format!("bad server pattern \"{text}\": {why}"));
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return bad("it is empty");
        }
        let (scheme, rest) = match trimmed.split_once("://") {
            Some((s, r)) => {
                let s = s.to_ascii_lowercase();
                if !matches!(s.as_str(), "http" | "https") {
                    return bad("the scheme must be http or https");
                }
                (Some(s), r)
            }
            None => (None, trimmed),
        };
        let (authority, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, ""),
        };
        if path.contains(['?', '#', '*']) {
            return bad("the path is a plain prefix (no *, ? or #)");
        }
        let (host, port) = match authority.rsplit_once(':') {
            Some((h, p)) if !h.ends_with(']') || authority.starts_with('[') => {
                match p.parse::<u16>() {
                    Ok(p) => (h, Some(p)),
                    Err(_) => return bad("the port is not a number"),
                }
            }
            _ => (authority, None),
        };
        let host = host.to_ascii_lowercase();
        let host = if host == "*" {
            HostPattern::Any
        } else if let Some(domain) = host.strip_prefix("*.") {
            if domain.is_empty() || domain.contains('*') {
                return bad("only a leading `*.` is allowed in the host");
            }
            HostPattern::Subdomains(format!(".{domain}"))
        } else if host.is_empty() {
            return bad("the host is missing");
        } else if host.contains('*') {
            return bad("only a leading `*.` is allowed in the host");
        } else {
            HostPattern::Exact(host)
        };
        Ok(ServerPattern {
            text: trimmed.to_owned(),
            scheme,
            host,
            port,
            path: path.trim_end_matches('/').to_owned(),
        })
    }

    /// Whether the URL is one this pattern names.
    pub fn matches(&self, url: &url::Url) -> bool {
        if self.scheme.as_deref().is_some_and(|s| s != url.scheme()) {
            return false;
        }
        let Some(host) = url.host_str() else {
            return false;
        };
        let host = host.to_ascii_lowercase();
        let host_ok = match &self.host {
            HostPattern::Any => true,
            HostPattern::Exact(h) => *h == host,
            HostPattern::Subdomains(suffix) => host.ends_with(suffix.as_str()),
        };
        if !host_ok {
            return false;
        }
        if self
            .port
            .is_some_and(|p| url.port_or_known_default() != Some(p))
        {
            return false;
        }
        let path = url.path();
        self.path.is_empty()
            || path == self.path
            || path
                .strip_prefix(self.path.as_str())
                .is_some_and(|rest| rest.starts_with('/'))
    }

    /// The pattern as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl fmt::Display for ServerPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// `*`-only glob matching over the whole name, case-insensitive.
pub fn tool_glob(pattern: &str, name: &str) -> bool {
    glob(&pattern.to_lowercase(), &name.to_lowercase())
}

fn glob(pattern: &str, text: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    if parts.len() == 1 {
        return pattern == text;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !text.starts_with(first) || text.len() < first.len() + last.len() || !text.ends_with(last) {
        return false;
    }
    let mut rest = &text[first.len()..text.len() - last.len()];
    for mid in &parts[1..parts.len() - 1] {
        match rest.find(mid) {
            Some(i) => rest = &rest[i + mid.len()..],
            None => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(pattern: &str, url: &str) -> bool {
        ServerPattern::parse(pattern)
            .unwrap()
            .matches(&url::Url::parse(url).unwrap())
    }

    #[test]
    fn hosts_schemes_ports_and_paths() {
        assert!(m(
            "https://meraki.example.com/mcp",
            "https://meraki.example.com/mcp"
        ));
        assert!(m(
            "https://meraki.example.com/mcp",
            "https://MERAKI.example.com/mcp/sse"
        ));
        assert!(!m(
            "https://meraki.example.com/mcp",
            "https://meraki.example.com/mcpx"
        ));
        assert!(!m(
            "https://meraki.example.com/mcp",
            "http://meraki.example.com/mcp"
        ));
        assert!(!m(
            "https://meraki.example.com/mcp",
            "https://meraki.example.com/"
        ));
        assert!(m(
            "meraki.example.com",
            "http://meraki.example.com:8080/any"
        ));
        assert!(m("https://*.example.com", "https://a.b.example.com/mcp"));
        assert!(!m("https://*.example.com", "https://example.com/mcp"));
        assert!(!m("https://*.example.com", "https://badexample.com/mcp"));
        assert!(!m("*.example.com", "https://example.com.evil.test/"));
        assert!(m("*", "https://anything.test/"));
        assert!(m("https://a.test:443/", "https://a.test/mcp"));
        assert!(!m("https://a.test:8443", "https://a.test/mcp"));
        assert!(m("http://127.0.0.1:9000/mcp/", "http://127.0.0.1:9000/mcp"));
    }

    #[test]
    fn malformed_patterns_are_refused_with_the_reason() {
        for (p, why) in [
            ("", "empty"),
            ("ftp://a.test", "scheme"),
            ("https://a*.test", "leading"),
            ("https://a.test/mcp*", "prefix"),
            ("https://a.test:http", "port"),
            ("https:///mcp", "host"),
        ] {
            let e = ServerPattern::parse(p).unwrap_err();
            assert!(e.contains(why) && e.contains(p), "{p}: {e}");
        }
    }

    #[test]
    fn tool_globs() {
        assert!(tool_glob("delete_*", "delete_network"));
        assert!(tool_glob("*", "x"));
        assert!(tool_glob("a*b*c", "axxbyyc"));
        assert!(!tool_glob("a*b*c", "axxc"));
        assert!(!tool_glob("get", "get_x"));
        assert!(!tool_glob("ab*ba", "aba"));
        assert!(tool_glob("DELETE_*", "delete_Org"));
    }
}
