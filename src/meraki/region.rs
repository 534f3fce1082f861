//! Where the Dashboard API lives: the regional base URLs, which one a command line and its
//! environment pick, and which hosts may receive the API key (Meraki's, plus the exact origin of
//! an explicit `--base-url`).

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

impl std::str::FromStr for Region {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        <Region as clap::ValueEnum>::from_str(s.trim(), true).map_err(|_| {
            format!("unknown Meraki region {s:?} (regions: global, canada, china, india, fedramp)")
        })
    }
}

/// Where the API root of a run comes from, most specific first: `--base-url`, `--region`, then
/// `MERAKI_BASE_URL`, then `MERAKI_REGION`, then the global region. A command-line flag wins
/// over the environment; giving both flags is refused by the command line itself.
#[derive(Debug, Default)]
pub struct BaseChoice<'a> {
    pub flag_base_url: Option<&'a Url>,
    pub flag_region: Option<Region>,
    pub env_base_url: Option<&'a str>,
    pub env_region: Option<&'a str>,
}

impl BaseChoice<'_> {
    /// The API root, and what chose it (for the log).
    pub fn resolve(&self) -> Result<(Url, &'static str), String> {
        let region = |r: Region| Url::parse(r.base_url()).expect("region URLs are valid");
        if let Some(url) = self.flag_base_url {
            return Ok((url.clone(), "--base-url"));
        }
        if let Some(r) = self.flag_region {
            return Ok((region(r), "--region"));
        }
        if let Some(text) = nonempty(self.env_base_url) {
            let url = Url::parse(text)
                .map_err(|e| format!("MERAKI_BASE_URL is not a URL ({e}): {text}"))?;
            return Ok((url, "MERAKI_BASE_URL"));
        }
        if let Some(text) = nonempty(self.env_region) {
            let r: Region = text.parse().map_err(|e| format!("MERAKI_REGION: {e}"))?;
            return Ok((region(r), "MERAKI_REGION"));
        }
        Ok((region(Region::Global), "the default region"))
    }
}

fn nonempty(v: Option<&str>) -> Option<&str> {
    v.map(str::trim).filter(|v| !v.is_empty())
}

/// Domains whose hosts may receive the API key.
const MERAKI_DOMAINS: &[&str] = &[
    "meraki.com",
    "meraki.ca",
    "meraki.cn",
    "meraki.in",
    "gov-meraki.com",
];

/// Whether `url` is an https Meraki host (`api.meraki.com`, a shard such as `n123.meraki.com`,
/// the regional ones).
pub fn is_meraki_host(url: &Url) -> bool {
    let Some(host) = url.host_str() else {
        return false;
    };
    url.scheme() == "https"
        && MERAKI_DOMAINS
            .iter()
            .any(|d| host == *d || host.strip_suffix(d).is_some_and(|rest| rest.ends_with('.')))
}

/// Who may receive the API key: https Meraki hosts, the exact origin (scheme, host and port) of
/// the base URL, which covers `--base-url` gateways and test servers, and any further origins
/// named explicitly (`--trust-origin`, for test setups with a second server as a Meraki shard).
#[derive(Debug, Clone)]
pub struct KeyTrust {
    origins: Vec<url::Origin>,
}

impl KeyTrust {
    pub fn new(base: &Url, extra: &[Url]) -> Self {
        KeyTrust {
            origins: std::iter::once(base)
                .chain(extra)
                .map(Url::origin)
                .collect(),
        }
    }

    pub fn allows(&self, url: &Url) -> bool {
        let origin = url.origin();
        (origin.is_tuple() && self.origins.contains(&origin)) || is_meraki_host(url)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn meraki_hosts_are_trusted_and_lookalikes_are_not() {
        let t = KeyTrust::new(&u(Region::Global.base_url()), &[]);
        assert!(t.allows(&u("https://n123.meraki.com/api/v1/x")));
        assert!(t.allows(&u("https://api.gov-meraki.com/api/v1")));
        assert!(t.allows(&u("https://api.meraki.cn/api/v1")));
        assert!(!t.allows(&u("https://evilmeraki.com/")));
        assert!(!t.allows(&u("https://meraki.com.evil.net/")));
        assert!(!t.allows(&u("http://n1.meraki.com/")));
        assert!(!t.allows(&u("https://example.com/")));
    }

    #[test]
    fn only_the_exact_origin_of_the_base_url_is_trusted() {
        let t = KeyTrust::new(&u("http://127.0.0.1:8080/api/v1"), &[]);
        assert!(t.allows(&u("http://127.0.0.1:8080/shard/api/v1")));
        assert!(
            !t.allows(&u("http://127.0.0.1:9999/api/v1")),
            "another port"
        );
        assert!(
            !t.allows(&u("https://127.0.0.1:8080/api/v1")),
            "another scheme"
        );
        assert!(
            !t.allows(&u("http://localhost:8080/api/v1")),
            "another host name"
        );
        let gw = KeyTrust::new(&u("https://gw.example.com/meraki/api/v1"), &[]);
        assert!(
            gw.allows(&u("https://gw.example.com:443/other")),
            "the default port is the same"
        );
        assert!(!gw.allows(&u("https://gw.example.com:8443/meraki/api/v1")));
        let extra = KeyTrust::new(
            &u("http://127.0.0.1:8080/api/v1"),
            &[u("http://127.0.0.1:9999")],
        );
        assert!(extra.allows(&u("http://127.0.0.1:9999/api/v1/organizations")));
        assert!(!extra.allows(&u("http://127.0.0.1:9998/api/v1")));
    }

    #[test]
    fn regions_pick_their_api_root() {
        for (region, root) in [
            (Region::Global, "https://api.meraki.com/api/v1"),
            (Region::Canada, "https://api.meraki.ca/api/v1"),
            (Region::China, "https://api.meraki.cn/api/v1"),
            (Region::India, "https://api.meraki.in/api/v1"),
            (Region::Fedramp, "https://api.gov-meraki.com/api/v1"),
        ] {
            let choice = BaseChoice {
                flag_region: Some(region),
                ..BaseChoice::default()
            };
            assert_eq!(choice.resolve().unwrap().0.as_str(), root);
            let name = format!("{region:?}").to_lowercase();
            let env = BaseChoice {
                env_region: Some(&name),
                ..BaseChoice::default()
            };
            assert_eq!(env.resolve().unwrap(), (u(root), "MERAKI_REGION"));
            assert!(KeyTrust::new(&u(root), &[]).allows(&u(root)));
        }
    }

    #[test]
    fn the_command_line_wins_over_the_environment() {
        let gw = u("https://gw.example.com/api/v1");
        let flag_base = BaseChoice {
            flag_base_url: Some(&gw),
            env_region: Some("canada"),
            ..BaseChoice::default()
        };
        assert_eq!(flag_base.resolve().unwrap(), (gw.clone(), "--base-url"));
        let flag_region = BaseChoice {
            flag_region: Some(Region::India),
            env_base_url: Some("http://127.0.0.1:1/api/v1"),
            ..BaseChoice::default()
        };
        assert_eq!(
            flag_region.resolve().unwrap().0.as_str(),
            "https://api.meraki.in/api/v1"
        );
        let both_env = BaseChoice {
            env_base_url: Some("https://gw.example.com/api/v1"),
            env_region: Some("china"),
            ..BaseChoice::default()
        };
        assert_eq!(both_env.resolve().unwrap(), (gw, "MERAKI_BASE_URL"));
        assert_eq!(
            BaseChoice::default().resolve().unwrap().0.as_str(),
            "https://api.meraki.com/api/v1"
        );
        let bad = BaseChoice {
            env_region: Some("mars"),
            ..BaseChoice::default()
        };
        assert!(bad.resolve().unwrap_err().contains("fedramp"));
        let empty = BaseChoice {
            env_region: Some(""),
            env_base_url: Some(" "),
            ..BaseChoice::default()
        };
        assert_eq!(empty.resolve().unwrap().1, "the default region");
    }
}
