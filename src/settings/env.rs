//! The environment, read once: every variable the program knows is in [`KNOWN`], with a line
//! saying what it does (the README's table of environment variables says the same, and a test
//! holds the two together). [`Env`] is the snapshot the settings are resolved from; nothing
//! else needs to read the process environment for a setting.

use std::collections::HashMap;

/// Who sets a variable: the user (documented in the README), or the platform (read for
/// well-known locations and terminal behaviour; not the bridge's own).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    User,
    Platform,
}

/// One variable the program reads.
#[derive(Debug, Clone, Copy)]
pub struct Var {
    pub name: &'static str,
    pub origin: Origin,
    pub doc: &'static str,
}

const fn user(name: &'static str, doc: &'static str) -> Var {
    Var {
        name,
        origin: Origin::User,
        doc,
    }
}

const fn platform(name: &'static str, doc: &'static str) -> Var {
    Var {
        name,
        origin: Origin::Platform,
        doc,
    }
}

/// Every variable the program reads, in the README's order.
pub const KNOWN: &[Var] = &[
    user("RUST_LOG", "log filter, overrides -v/-q"),
    user("MCP_BRIDGE_LOG_FILE", "same as --log-file"),
    user("MCP_BRIDGE_CA_FILE", "same as --ca-file"),
    user("MCP_BRIDGE_AUDIT_LOG", "same as --audit-log"),
    user("MCP_BRIDGE_CONFIG", "the named-servers file"),
    user("MCP_BRIDGE_CONFIG_DIR", "the configuration directory"),
    user(
        "MCP_BRIDGE_POLICY",
        "one more machine policy file, combined with the system's",
    ),
    user("NO_COLOR", "no colours in doctor's report"),
    user(
        "MCP_BRIDGE_DATA_DIR",
        "where tokens (file store) and state are kept",
    ),
    user(
        "MCP_BRIDGE_BROWSER",
        "the program that opens the sign-in page (--browser)",
    ),
    user(
        "BROWSER",
        "the program that opens the sign-in page, when no --browser",
    ),
    user("MCP_BRIDGE_CLIENT_ID", "same as --client-id"),
    user("MCP_BRIDGE_CLIENT_SECRET", "same as --client-secret"),
    user(
        "MCP_BRIDGE_NO_KEYRING",
        "act as if no OS keyring were reachable",
    ),
    user("CF_ACCESS_TEAM", "same as --cf-access-team"),
    user(
        "ACCESS_CLIENT_ID",
        "an Access for SaaS application's client id (Cloudflare's guide)",
    ),
    user(
        "ACCESS_CLIENT_SECRET",
        "an Access for SaaS application's client secret",
    ),
    user(
        "ACCESS_AUTHORIZATION_URL",
        "an Access for SaaS application's authorization endpoint",
    ),
    user(
        "ACCESS_TOKEN_URL",
        "an Access for SaaS application's token endpoint",
    ),
    user(
        "ACCESS_JWKS_URL",
        "an Access for SaaS application's key set",
    ),
    user(
        "CF_ACCESS_CLIENT_ID",
        "same as --cf-access-client-id (a service token)",
    ),
    user(
        "CF_ACCESS_CLIENT_SECRET",
        "the service token's secret (flags win over it)",
    ),
    user("MCP_BRIDGE_HEADER_FILE", "same as --header-file"),
    user(
        "MERAKI_DASHBOARD_API_KEY",
        "the Meraki API key for serve meraki",
    ),
    user("MERAKI_REGION", "same as serve meraki --region"),
    user("MERAKI_BASE_URL", "same as serve meraki --base-url"),
    user("MERAKI_ALLOW_WRITES", "same as serve meraki --allow-writes"),
    user(
        "MCP_BRIDGE_BINARY",
        "for the npm package: the binary to run instead of the platform package's",
    ),
    user(
        "MCP_BRIDGE_NPM_PACKAGE",
        "set by the npm launcher: its package and version",
    ),
    user(
        "MCP_BRIDGE_NPM_LAUNCHER",
        "set by the npm launcher: the launcher's path",
    ),
    user(
        "MCP_BRIDGE_NPM_BINARY",
        "set by the npm launcher: the binary's path",
    ),
    user("HTTPS_PROXY", "outbound proxy for https, unless --no-proxy"),
    user("HTTP_PROXY", "outbound proxy for http, unless --no-proxy"),
    user("NO_PROXY", "hosts reached without the proxy"),
    user(
        "MCP_REMOTE_CONFIG_DIR",
        "mcp-remote's directory, for import mcp-remote",
    ),
    platform("HOME", "the home directory (Unix)"),
    platform("USERPROFILE", "the home directory (Windows)"),
    platform(
        "APPDATA",
        "the roaming application data directory (Windows)",
    ),
    platform(
        "XDG_CONFIG_HOME",
        "the configuration directory (freedesktop)",
    ),
    platform("PATH", "where programs are looked up (install)"),
    platform(
        "ProgramData",
        "where the machine policy file lives (Windows)",
    ),
    platform("TERM", "`dumb`: no terminal effects on stderr"),
    platform(
        "SSL_CERT_FILE",
        "a CA bundle that replaces the system's (Linux; as in OpenSSL)",
    ),
    platform(
        "SSL_CERT_DIR",
        "a hashed certificate directory that replaces the system's (Linux)",
    ),
    platform(
        "USER",
        "the user's name (Unix), for the SSH port-forwarding hint",
    ),
    platform(
        "USERNAME",
        "the user's name (Windows), for the SSH port-forwarding hint",
    ),
    platform(
        "SSH_CONNECTION",
        "the sign-in runs on a remote machine (a hint about port forwarding)",
    ),
    platform(
        "MCP_BRIDGE_TEST_KEYRING",
        "`1`: the keyring tests may use the real Secret Service",
    ),
];

/// Whether the program knows `name`.
pub fn is_known(name: &str) -> bool {
    KNOWN.iter().any(|v| v.name == name)
}

/// A snapshot of the process environment. Its values may be secrets: its `Debug` form names
/// the variables only.
#[derive(Clone, Default)]
pub struct Env {
    vars: HashMap<String, String>,
}

impl std::fmt::Debug for Env {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut names: Vec<&str> = self.vars.keys().map(String::as_str).collect();
        names.sort_unstable();
        f.debug_struct("Env").field("names", &names).finish()
    }
}

impl Env {
    /// Read the process environment (once, when the command starts).
    pub fn from_process() -> Env {
        Env {
            vars: std::env::vars_os()
                .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)))
                .collect(),
        }
    }

    /// An environment of exactly these pairs (for tests, and for callers that build one).
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Env {
        Env {
            vars: pairs
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect(),
        }
    }

    /// A variable of [`KNOWN`]; set to the empty string counts as not set.
    pub fn get(&self, name: &str) -> Option<&str> {
        debug_assert!(is_known(name), "{name} is not in settings::env::KNOWN");
        self.vars
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }

    /// Any variable, as `${VAR}` in a header or a client description names it (the user
    /// chooses these names; an empty value is a value).
    pub fn lookup(&self, name: &str) -> Option<String> {
        self.vars.get(name).cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// The variables named in the first column of the README's "Environment variables" table.
    fn readme_variables() -> BTreeSet<String> {
        let readme = include_str!("../../README.md");
        let section = readme
            .split("\n## Environment variables\n")
            .nth(1)
            .expect("the README has an Environment variables section");
        let section = section.split("\n## ").next().unwrap_or_default();
        let mut out = BTreeSet::new();
        for line in section.lines().filter(|l| l.starts_with("| `")) {
            let first = line.split(" | ").next().unwrap_or_default();
            for name in first.split('`').skip(1).step_by(2) {
                if !name.is_empty() && name.chars().all(|c| c.is_ascii_uppercase() || c == '_') {
                    out.insert(name.to_owned());
                }
            }
        }
        out
    }

    #[test]
    fn the_readme_documents_exactly_the_users_variables() {
        let known: BTreeSet<String> = KNOWN
            .iter()
            .filter(|v| v.origin == Origin::User)
            .map(|v| v.name.to_owned())
            .collect();
        let readme = readme_variables();
        let missing: Vec<_> = known.difference(&readme).collect();
        let unknown: Vec<_> = readme.difference(&known).collect();
        assert!(
            missing.is_empty() && unknown.is_empty(),
            "not in the README: {missing:?}; in the README but not in KNOWN: {unknown:?}"
        );
    }

    #[test]
    fn every_known_variable_is_named_once_and_documented() {
        let mut seen = BTreeSet::new();
        for v in KNOWN {
            assert!(seen.insert(v.name), "{} is listed twice", v.name);
            assert!(!v.doc.trim().is_empty(), "{} has no doc", v.name);
        }
    }

    #[test]
    fn empty_values_are_not_set_for_settings_but_are_for_expansion() {
        let env = Env::from_pairs([("CF_ACCESS_TEAM", ""), ("MY_TOKEN", "")]);
        assert_eq!(env.get("CF_ACCESS_TEAM"), None);
        assert_eq!(env.lookup("MY_TOKEN").as_deref(), Some(""));
    }

    #[test]
    fn the_debug_form_shows_no_value() {
        let env = Env::from_pairs([("ACCESS_CLIENT_SECRET", "hunter2")]);
        let shown = format!("{env:?}");
        assert!(
            shown.contains("ACCESS_CLIENT_SECRET") && !shown.contains("hunter2"),
            "{shown}"
        );
    }
}
