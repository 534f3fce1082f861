//! Where the Dashboard API lives: the regional base URLs, and which hosts are Meraki's (the only
//! ones the API key is sent to, besides an explicit `--base-url`).

use url::Url;

/// A Dashboard API region.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Region {
    /// api.meraki.com (the default; it redirects to the organization's shard when needed)
    #[default]
    Global,
    /// api.meraki.ca
    Canada,
    /// api.meraki.cn
    China,
    /// api.meraki.in
    India,
    /// api.gov-meraki.com (US FedRAMP)
    Fedramp,
}

impl Region {
    pub fn base_url(self) -> &'static str {
        match self {
            Region::Global => "https://api.meraki.com/api/v1",
            Region::Canada => "https://api.meraki.ca/api/v1",
            Region::China => "https://api.meraki.cn/api/v1",
            Region::India => "https://api.meraki.in/api/v1",
            Region::Fedramp => "https://api.gov-meraki.com/api/v1",
        }
    }
}

/// Domains whose hosts may receive the API key.
const MERAKI_DOMAINS: &[&str] = &[
    "meraki.com",
    "meraki.ca",
    "meraki.cn",
    "meraki.in",
    "gov-meraki.com",
];

/// Whether `url` may receive the API key: an https Meraki host, or the configured base URL's
/// own host (same scheme), which covers `--base-url` test servers and private gateways.
pub fn is_trusted(url: &Url, base: &Url) -> bool {
    let Some(host) = url.host_str() else {
        return false;
    };
    if url.scheme() == base.scheme() && Some(host) == base.host_str() {
        return true;
    }
    url.scheme() == "https"
        && MERAKI_DOMAINS
            .iter()
            .any(|d| host == *d || host.strip_suffix(d).is_some_and(|rest| rest.ends_with('.')))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn meraki_hosts_are_trusted_and_lookalikes_are_not() {
        let base = u(Region::Global.base_url());
        assert!(is_trusted(&u("https://n123.meraki.com/api/v1/x"), &base));
        assert!(is_trusted(&u("https://api.gov-meraki.com/api/v1"), &base));
        assert!(is_trusted(&u("https://api.meraki.cn/api/v1"), &base));
        assert!(!is_trusted(&u("https://evilmeraki.com/"), &base));
        assert!(!is_trusted(&u("https://meraki.com.evil.net/"), &base));
        assert!(!is_trusted(&u("http://n1.meraki.com/"), &base));
        assert!(!is_trusted(&u("https://example.com/"), &base));
    }

    #[test]
    fn the_base_url_host_is_trusted() {
        let base = u("http://127.0.0.1:8080/api/v1");
        assert!(is_trusted(&u("http://127.0.0.1:9999/shard/api/v1"), &base));
        assert!(!is_trusted(&u("http://localhost:8080/api/v1"), &base));
    }
}
