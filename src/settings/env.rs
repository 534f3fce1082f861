//! The environment, read once. Every variable the program reads is a [`Var`] constant here
//! ([`RUST_LOG`], [`TERM`], …) with a line saying what it does, and [`KNOWN`] lists them all
//! (the README's table of environment variables says the same, and a test holds the two
//! together). The process environment is read in one place, into the [`process`] snapshot the
//! first time it is asked for, and a variable is asked for by its [`Var`] — which only this
//! module can make, so a variable missing from the list cannot be read by accident. Every
//! layer may read the snapshot (it is the program's environment, as [`crate::clock`] is its
//! time); the settings are resolved from an [`Env`], which tests build from pairs instead.
//!
//! The one way to a variable by a name given at run time is [`Env::user_named`]: the `${VAR}`
//! a user writes in a header or a client description names a variable of their choosing.

use std::collections::HashMap;
use std::ffi::{OsStr, OsString};
use std::sync::OnceLock;

/// Who sets a variable: the user (documented in the README), or the platform (read for
/// well-known locations and terminal behaviour; not the bridge's own).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    User,
    Platform,
}

/// One variable the program reads. Only this module makes them: the constants below.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Var {
    name: &'static str,
    origin: Origin,
    doc: &'static str,
}

impl Var {
    /// The variable's name, as the environment spells it.
    pub const fn name(self) -> &'static str {
        self.name
    }

    pub const fn origin(self) -> Origin {
        self.origin
    }

    /// What the variable does, in a line.
    pub const fn doc(self) -> &'static str {
        self.doc
    }

    /// The known variable called `name` (the parser names the variables of its flags as
    /// text); `None` for a name not in [`KNOWN`].
    pub fn find(name: &OsStr) -> Option<Var> {
        KNOWN.iter().copied().find(|v| name == v.name)
    }
}

impl std::fmt::Display for Var {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name)
    }
}

/// A constant per variable (named as the variable is), and [`KNOWN`] listing them in order.
macro_rules! known {
    ($($origin:ident $name:ident: $doc:literal;)*) => {
        $(
            #[doc = $doc]
            #[allow(non_upper_case_globals)]
            pub const $name: Var = Var {
                name: stringify!($name),
                origin: Origin::$origin,
                doc: $doc,
            };
        )*

        /// Every variable the program reads, in the README's order.
        pub const KNOWN: &[Var] = &[$($name),*];
    };
}

known! {
    User RUST_LOG: "log filter, overrides -v/-q";
    User MCP_BRIDGE_LOG_FILE: "same as --log-file";
    User MCP_BRIDGE_CA_FILE: "same as --ca-file";
    User MCP_BRIDGE_AUDIT_LOG: "same as --audit-log";
    User MCP_BRIDGE_CONFIG: "the named-servers file";
    User MCP_BRIDGE_CONFIG_DIR: "the configuration directory";
    User MCP_BRIDGE_POLICY: "one more machine policy file, combined with the system's";
    User NO_COLOR: "no colours in doctor's report";
    User MCP_BRIDGE_DATA_DIR: "where tokens (file store) and state are kept";
    User MCP_BRIDGE_BROWSER: "the program that opens the sign-in page (--browser)";
    User BROWSER: "the program that opens the sign-in page, when no --browser";
    User MCP_BRIDGE_CLIENT_ID: "same as --client-id";
    User MCP_BRIDGE_CLIENT_SECRET: "same as --client-secret";
    User MCP_BRIDGE_NO_KEYRING: "act as if no OS keyring were reachable";
    User CF_ACCESS_TEAM: "same as --cf-access-team";
    User ACCESS_CLIENT_ID: "an Access for SaaS application's client id (Cloudflare's guide)";
    User ACCESS_CLIENT_SECRET: "an Access for SaaS application's client secret";
    User ACCESS_AUTHORIZATION_URL: "an Access for SaaS application's authorization endpoint";
    User ACCESS_TOKEN_URL: "an Access for SaaS application's token endpoint";
    User ACCESS_JWKS_URL: "an Access for SaaS application's key set";
    User CF_ACCESS_CLIENT_ID: "same as --cf-access-client-id (a service token)";
    User CF_ACCESS_CLIENT_SECRET: "the service token's secret (flags win over it)";
    User MCP_BRIDGE_HEADER_FILE: "same as --header-file";
    User MERAKI_DASHBOARD_API_KEY: "the Meraki API key for serve meraki";
    User MERAKI_REGION: "same as serve meraki --region";
    User MERAKI_BASE_URL: "same as serve meraki --base-url";
    User MERAKI_ALLOW_WRITES: "same as serve meraki --allow-writes";
    User MCP_BRIDGE_BINARY: "for the npm package: the binary to run instead of the platform package's";
    User MCP_BRIDGE_NPM_PACKAGE: "set by the npm launcher: its package and version";
    User MCP_BRIDGE_NPM_LAUNCHER: "set by the npm launcher: the launcher's path";
    User MCP_BRIDGE_NPM_BINARY: "set by the npm launcher: the binary's path";
    User HTTPS_PROXY: "outbound proxy for https, unless --no-proxy";
    User HTTP_PROXY: "outbound proxy for http, unless --no-proxy";
    User NO_PROXY: "hosts reached without the proxy";
    User MCP_REMOTE_CONFIG_DIR: "mcp-remote's directory, for import mcp-remote";
    Platform HOME: "the home directory (Unix)";
    Platform USERPROFILE: "the home directory (Windows)";
    Platform APPDATA: "the roaming application data directory (Windows)";
    Platform XDG_CONFIG_HOME: "the configuration directory (freedesktop)";
    Platform PATH: "where programs are looked up (install)";
    Platform ProgramData: "where the machine policy file lives (Windows)";
    Platform TERM: "`dumb`: no terminal effects on stderr";
    Platform SSL_CERT_FILE: "a CA bundle that replaces the system's (Linux; as in OpenSSL)";
    Platform SSL_CERT_DIR: "a hashed certificate directory that replaces the system's (Linux)";
    Platform USER: "the user's name (Unix), for the SSH port-forwarding hint";
    Platform USERNAME: "the user's name (Windows), for the SSH port-forwarding hint";
    Platform SSH_CONNECTION: "the sign-in runs on a remote machine (a hint about port forwarding)";
    Platform MCP_BRIDGE_TEST_KEYRING: "`1`: the keyring tests may use the real Secret Service";
}

/// A snapshot of the environment. Its values may be secrets: its `Debug` form names the
/// variables only.
#[derive(Clone, Default)]
pub struct Env {
    vars: HashMap<String, OsString>,
}

impl std::fmt::Debug for Env {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut names: Vec<&str> = self.vars.keys().map(String::as_str).collect();
        names.sort_unstable();
        f.debug_struct("Env").field("names", &names).finish()
    }
}

impl Env {
    /// Read the process environment: the one place that does. (Every known name is text;
    /// a variable whose name is not cannot be a `${VAR}` either.)
    fn from_process() -> Env {
        Env {
            vars: std::env::vars_os()
                .filter_map(|(k, v)| Some((k.into_string().ok()?, v)))
                .collect(),
        }
    }

    /// An environment of exactly these pairs (for tests, and for callers that build one).
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Env {
        Env {
            vars: pairs
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v.into()))
                .collect(),
        }
    }

    /// A setting's value: text, and set to the empty string counts as not set.
    pub fn get(&self, var: Var) -> Option<&str> {
        self.text(var).filter(|v| !v.is_empty())
    }

    /// The value as text, exactly as set (possibly empty); `None` when unset or not Unicode.
    pub fn text(&self, var: Var) -> Option<&str> {
        self.os(var).and_then(OsStr::to_str)
    }

    /// The value exactly as set, e.g. a path in any encoding (possibly empty).
    pub fn os(&self, var: Var) -> Option<&OsStr> {
        self.vars.get(var.name).map(OsString::as_os_str)
    }

    /// A variable the user named in their own text (`${VAR}` in a header or a client
    /// description): any name, and an empty value is a value.
    pub fn user_named(&self, name: &str) -> Option<String> {
        self.vars
            .get(name)
            .and_then(|v| v.to_str())
            .map(str::to_owned)
    }
}

static PROCESS: OnceLock<Env> = OnceLock::new();

/// The process environment, read the first time it is asked for and never again.
pub fn process() -> &'static Env {
    PROCESS.get_or_init(Env::from_process)
}

/// [`Env::get`] of the process environment.
pub fn get(var: Var) -> Option<&'static str> {
    process().get(var)
}

/// [`Env::text`] of the process environment.
pub fn text(var: Var) -> Option<&'static str> {
    process().text(var)
}

/// [`Env::os`] of the process environment.
pub fn os(var: Var) -> Option<&'static OsStr> {
    process().os(var)
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
            .filter(|v| v.origin() == Origin::User)
            .map(|v| v.name().to_owned())
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
            assert!(seen.insert(v.name()), "{v} is listed twice");
            assert!(!v.doc().trim().is_empty(), "{v} has no doc");
        }
    }

    #[test]
    fn empty_values_are_not_set_for_settings_but_are_for_expansion() {
        let env = Env::from_pairs([("CF_ACCESS_TEAM", ""), ("MY_TOKEN", "")]);
        assert_eq!(env.get(CF_ACCESS_TEAM), None);
        assert_eq!(env.text(CF_ACCESS_TEAM), Some(""));
        assert_eq!(env.os(CF_ACCESS_TEAM), Some(OsStr::new("")));
        assert_eq!(env.os(TERM), None);
        assert_eq!(env.user_named("MY_TOKEN").as_deref(), Some(""));
    }

    #[test]
    fn a_variable_is_found_by_its_name_only_when_known() {
        assert_eq!(Var::find(OsStr::new("ProgramData")), Some(ProgramData));
        assert_eq!(Var::find(OsStr::new("NO_SUCH_VARIABLE")), None);
        assert_eq!(
            MERAKI_DASHBOARD_API_KEY.to_string(),
            "MERAKI_DASHBOARD_API_KEY"
        );
    }

    #[test]
    fn the_snapshot_holds_what_the_process_environment_has() {
        for v in KNOWN {
            assert_eq!(
                process().os(*v),
                std::env::var_os(v.name()).as_deref(),
                "{v}"
            );
        }
    }

    /// The flags' variables are read by the parser, and [`Var::find`] finds them there.
    #[test]
    fn every_variable_a_flag_reads_is_known() {
        fn walk(cmd: &clap::Command, out: &mut Vec<String>) {
            for arg in cmd.get_arguments() {
                if let Some(name) = arg.get_env()
                    && Var::find(name).is_none()
                {
                    out.push(format!(
                        "{} --{:?}: {name:?}",
                        cmd.get_name(),
                        arg.get_long()
                    ));
                }
            }
            for sub in cmd.get_subcommands() {
                walk(sub, out);
            }
        }
        let mut unknown = Vec::new();
        walk(&crate::cli::command(), &mut unknown);
        assert!(
            unknown.is_empty(),
            "flags read variables not in KNOWN: {unknown:?}"
        );
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
