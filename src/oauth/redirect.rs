//! The loopback redirect URI's host, when an authorization server refuses one at dynamic
//! registration. Cloudflare Access (Managed OAuth) has a toggle for each: "Allow localhost
//! clients" (`http://localhost:…`) and "Allow loopback clients" (`http://127.0.0.1:…`); with
//! only one of them on, the other host is refused with `invalid_client_metadata` "redirect_uri
//! is not allowed by the account configuration". Without `--host`, the sign-in tries the other
//! host once; the error says which flag or toggle fixes it.

use url::Url;

/// The two loopback hosts a redirect URI can name.
pub const HOSTS: [&str; 2] = ["localhost", "127.0.0.1"];

/// The other loopback host.
pub fn other_host(host: &str) -> Option<&'static str> {
    match host {
        "localhost" => Some("127.0.0.1"),
        "127.0.0.1" => Some("localhost"),
        _ => None,
    }
}

/// The host of a redirect URI.
pub fn host_of(uri: &str) -> Option<String> {
    Url::parse(uri).ok()?.host_str().map(str::to_owned)
}

/// Access's name for the toggle that lets a host through.
fn toggle(host: &str) -> &'static str {
    if host == "localhost" {
        "Allow localhost clients"
    } else {
        "Allow loopback clients"
    }
}

fn is_access(issuer: &str, description: &str) -> bool {
    description.contains("account configuration")
        || host_of(issuer).is_some_and(|h| h.ends_with(crate::cf_access::TEAM_SUFFIX))
}

/// What to do about a refused redirect URI.
pub fn advice(issuer: &str, tried: &[String], description: &str) -> String {
    let hosts: Vec<String> = tried.iter().filter_map(|u| host_of(u)).collect();
    let both = HOSTS.iter().all(|h| hosts.iter().any(|x| x == h));
    let last = hosts.last().map(String::as_str).unwrap_or("localhost");
    match (is_access(issuer, description), both) {
        (true, true) => format!(
            "Cloudflare Access accepts loopback redirect URIs only while \"{}\" or \"{}\" is on in \
             the application's Managed OAuth settings; ask the Access administrator to turn one \
             on",
            toggle("localhost"),
            toggle("127.0.0.1")
        ),
        (true, false) => {
            let other = other_host(last).unwrap_or("127.0.0.1");
            format!(
                "Cloudflare Access accepts {last} redirect URIs only while \"{}\" is on in the \
                 application's Managed OAuth settings. Run mcp-bridge with --host {other} if \
                 \"{}\" is on, or ask the Access administrator to turn on \"{}\"",
                toggle(last),
                toggle(other),
                toggle(last)
            )
        }
        (false, true) => "the authorization server takes neither loopback host; use a \
             pre-registered client (--client-id) with the redirect URI it lists (--host, \
             --callback-port, --callback-path)"
            .into(),
        (false, false) => format!(
            "try --host {}, or a pre-registered client (--client-id) with the redirect URI it \
             lists (--host, --callback-port, --callback-path)",
            other_host(last).unwrap_or("127.0.0.1")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ACCESS: &str = "redirect_uri is not allowed by the account configuration";

    #[test]
    fn access_advice_names_the_flag_and_the_toggle() {
        let t = |uris: &[&str]| {
            let uris: Vec<String> = uris.iter().map(|s| s.to_string()).collect();
            advice("https://acme.cloudflareaccess.com", &uris, ACCESS)
        };
        let a = t(&["http://localhost:3334/oauth/callback"]);
        assert!(
            a.contains("--host 127.0.0.1") && a.contains("\"Allow localhost clients\""),
            "{a}"
        );
        let a = t(&["http://127.0.0.1:3334/oauth/callback"]);
        assert!(
            a.contains("--host localhost") && a.contains("\"Allow loopback clients\""),
            "{a}"
        );
        let a = t(&[
            "http://localhost:3334/oauth/callback",
            "http://127.0.0.1:3334/oauth/callback",
        ]);
        assert!(a.contains("turn one on") && !a.contains("--host"), "{a}");
        let other = advice(
            "https://as.example.com",
            &["http://localhost:1/cb".into()],
            "bad redirect",
        );
        assert!(
            other.contains("--host 127.0.0.1") && !other.contains("Cloudflare"),
            "{other}"
        );
    }

    #[test]
    fn hosts_swap() {
        assert_eq!(other_host("localhost"), Some("127.0.0.1"));
        assert_eq!(other_host("127.0.0.1"), Some("localhost"));
        assert_eq!(other_host("[::1]"), None);
        assert_eq!(
            host_of("http://127.0.0.1:9/cb").as_deref(),
            Some("127.0.0.1")
        );
    }
}
