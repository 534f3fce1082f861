//! The machine's policy: rules an administrator sets in a file the user cannot change, which
//! no flag, variable or named server can loosen ([`location`] says where the file is).
//!
//! Several files combine to the strictest: the system file, then the one `MCP_BRIDGE_POLICY`
//! names. A server must pass every file's `servers` rules; every file's tool tables that
//! match the server are added as layers ([`tools`]); `store = "keyring"`, `allow_http = false`
//! and `serve_meraki = false` hold when any file says so; every `audit_log` is written; every
//! `ca_file` is trusted; the first `proxy` is used ([`network`]). A file that cannot be read or understood
//! stops the bridge ([`PolicyError`]), it is never skipped. A refusal is a [`Refused`] error,
//! which the program ends with exit code 3.

pub mod enforce;
pub mod file;
pub mod location;
pub mod network;
pub mod pattern;
pub mod show;
pub mod tools;

use std::path::{Path, PathBuf};

pub use file::PolicyFile;
pub use pattern::ServerPattern;
pub use tools::{Refusal, RuleSource, ToolLayer, ToolRules};

/// Exit code of a command the policy refuses.
pub const REFUSED_EXIT_CODE: u8 = 3;

/// A policy file that cannot be used: the bridge does not start.
#[derive(Debug, thiserror::Error)]
#[error(
    "cannot use the policy file {}: {message}\n  mcp-bridge does not run without its policy; fix the file or ask the administrator who set it",
    path.display()
)]
pub struct PolicyError {
    pub path: PathBuf,
    pub message: String,
}

/// Something the policy does not allow; the message names the file and the rule.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Refused(pub String);

/// A policy file looked for, and whether it was there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Looked {
    pub path: PathBuf,
    /// From `MCP_BRIDGE_POLICY` rather than the system location.
    pub from_env: bool,
    pub found: bool,
}

/// The files that apply, in order (system first).
#[derive(Debug, Clone, Default)]
pub struct Policy {
    files: Vec<PolicyFile>,
    looked: Vec<Looked>,
}

/// Read the system policy file and the one `MCP_BRIDGE_POLICY` names.
pub fn load() -> Result<Policy, PolicyError> {
    let mut candidates = vec![(location::system_path(), false)];
    if let Some(extra) = location::extra_path() {
        candidates.push((extra, true));
    }
    load_from(&candidates)
}

/// Read these files, in order; a missing system file is no policy, a missing named one an error.
pub fn load_from(candidates: &[(PathBuf, bool)]) -> Result<Policy, PolicyError> {
    let mut policy = Policy::default();
    for (path, from_env) in candidates {
        let err = |message: String| PolicyError {
            path: path.clone(),
            message,
        };
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !from_env => {
                policy.looked.push(Looked {
                    path: path.clone(),
                    from_env: *from_env,
                    found: false,
                });
                continue;
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(err(format!(
                    "{} names it, but there is no such file",
                    location::POLICY_ENV
                )));
            }
            Err(e) => return Err(err(e.to_string())),
        };
        policy
            .files
            .push(PolicyFile::parse(path, &text).map_err(err)?);
        policy.looked.push(Looked {
            path: path.clone(),
            from_env: *from_env,
            found: true,
        });
    }
    Ok(policy)
}

impl Policy {
    /// A policy of these files (tests, and `load_from`).
    pub fn from_files(files: Vec<PolicyFile>) -> Policy {
        Policy {
            looked: files
                .iter()
                .map(|f| Looked {
                    path: f.path.clone(),
                    from_env: false,
                    found: true,
                })
                .collect(),
            files,
        }
    }

    /// No file applies.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    pub fn files(&self) -> &[PolicyFile] {
        &self.files
    }

    pub fn looked(&self) -> &[Looked] {
        &self.looked
    }

    /// Refuse a server some file's `servers` rules do not allow.
    pub fn check_server(&self, url: &url::Url) -> Result<(), Refused> {
        let shown = url.as_str();
        for f in &self.files {
            let path = f.path.display();
            if let Some(p) = f.servers_deny.iter().find(|p| p.matches(url)) {
                return Err(Refused(format!(
                    "the policy {path} does not allow the server {shown}: it matches servers.deny \"{p}\""
                )));
            }
            if let Some(allow) = &f.servers_allow
                && !allow.iter().any(|p| p.matches(url))
            {
                let list = allow
                    .iter()
                    .map(|p| format!("\"{p}\""))
                    .collect::<Vec<_>>()
                    .join(", ");
                return Err(Refused(format!(
                    "the policy {path} does not allow the server {shown}: it is not in servers.allow [{list}]"
                )));
            }
        }
        Ok(())
    }

    /// The policy's tool rules for this server (None: for the local `serve` catalogs, which
    /// only the tables for every server reach), before the user's own.
    pub fn tool_layers(&self, url: Option<&url::Url>) -> Vec<ToolLayer> {
        self.files
            .iter()
            .flat_map(|f| &f.tools)
            .filter(|s| match (&s.server, url) {
                (None, _) => true,
                (Some(p), Some(u)) => p.matches(u),
                (Some(_), None) => false,
            })
            .map(|s| s.layer.clone())
            .collect()
    }

    /// The file that says tokens live only in the keyring.
    pub fn keyring_only(&self) -> Option<&Path> {
        self.files
            .iter()
            .find(|f| f.store_keyring)
            .map(|f| f.path.as_path())
    }

    /// The file that forbids plain http:// servers.
    pub fn forbids_http(&self) -> Option<&Path> {
        self.files
            .iter()
            .find(|f| f.allow_http == Some(false))
            .map(|f| f.path.as_path())
    }

    /// The file that forbids `serve meraki`.
    pub fn forbids_serve_meraki(&self) -> Option<&Path> {
        self.files
            .iter()
            .find(|f| f.serve_meraki == Some(false))
            .map(|f| f.path.as_path())
    }

    /// Every audit log the policy requires, and the file that requires it.
    pub fn audit_logs(&self) -> Vec<(PathBuf, &Path)> {
        self.files
            .iter()
            .filter_map(|f| f.audit_log.clone().map(|l| (l, f.path.as_path())))
            .collect()
    }

    /// Whether the policy's audit logs record the calls' arguments.
    pub fn audit_arguments(&self) -> bool {
        self.files.iter().any(|f| f.audit_arguments)
    }

    /// Certificates always trusted.
    pub fn ca_files(&self) -> Vec<&Path> {
        self.files
            .iter()
            .filter_map(|f| f.ca_file.as_deref())
            .collect()
    }

    /// The proxy every connection goes through, and the file that names it.
    pub fn proxy(&self) -> Option<(&str, &Path)> {
        self.files
            .iter()
            .find_map(|f| f.proxy.as_deref().map(|p| (p, f.path.as_path())))
    }

    /// Refuse a `--store` other than the keyring when the policy keeps tokens there.
    pub fn check_store(&self, asked: Option<&str>) -> Result<(), Refused> {
        match (self.keyring_only(), asked) {
            (Some(path), Some(kind)) if kind == "file" => Err(Refused(format!(
                "the policy {} keeps tokens only in the OS keyring (store = \"keyring\"): --store {kind} is not allowed",
                path.display()
            ))),
            _ => Ok(()),
        }
    }

    /// Refuse a plain http:// server that is not loopback when the policy forbids them.
    pub fn check_http(&self, url: &url::Url) -> Result<(), Refused> {
        let loopback = match url.host() {
            Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
            Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
            Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
            None => false,
        };
        match self.forbids_http() {
            Some(path) if url.scheme() == "http" && !loopback => Err(Refused(format!(
                "the policy {} does not allow plain http:// servers (allow_http = false): {url}",
                path.display()
            ))),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> PolicyFile {
        PolicyFile::parse(Path::new(path), text).unwrap()
    }

    fn url(s: &str) -> url::Url {
        url::Url::parse(s).unwrap()
    }

    #[test]
    fn every_file_must_allow_the_server() {
        let p = Policy::from_files(vec![
            file(
                "/etc/sys.toml",
                "[servers]\nallow = [\"https://*.example.com\"]",
            ),
            file(
                "/home/u/mine.toml",
                "[servers]\nallow = [\"https://meraki.example.com/mcp\"]",
            ),
        ]);
        assert!(
            p.check_server(&url("https://meraki.example.com/mcp"))
                .is_ok()
        );
        let e = p
            .check_server(&url("https://other.example.com/mcp"))
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "the policy /home/u/mine.toml does not allow the server https://other.example.com/mcp: it is not in servers.allow [\"https://meraki.example.com/mcp\"]"
        );
        let e = p.check_server(&url("https://evil.test/mcp")).unwrap_err();
        assert!(
            e.to_string().starts_with("the policy /etc/sys.toml "),
            "{e}"
        );
    }

    #[test]
    fn a_deny_in_any_file_wins_over_an_allow_in_another() {
        let p = Policy::from_files(vec![
            file(
                "/etc/sys.toml",
                "[servers]\ndeny = [\"https://legacy.example.com\"]",
            ),
            file("/u.toml", "[servers]\nallow = [\"*.example.com\"]"),
        ]);
        let e = p
            .check_server(&url("https://legacy.example.com/sse"))
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "the policy /etc/sys.toml does not allow the server https://legacy.example.com/sse: it matches servers.deny \"https://legacy.example.com\""
        );
    }

    #[test]
    fn merge_keeps_the_strictest_and_the_system_file_first() {
        let p = Policy::from_files(vec![
            file(
                "/etc/sys.toml",
                "allow_http = false\nproxy = \"http://proxy.corp:3128\"\naudit_log = \"/var/a.jsonl\"\n[tools]\ndeny = [\"*delete*\"]",
            ),
            file(
                "/u.toml",
                "allow_http = true\nstore = \"keyring\"\nproxy = \"http://other:1\"\naudit_log = \"/tmp/b.jsonl\"\naudit_arguments = true\n[tools.\"https://a.test\"]\nread_only = true",
            ),
        ]);
        assert_eq!(
            p.forbids_http(),
            Some(Path::new("/etc/sys.toml")),
            "a later true does not undo false"
        );
        assert_eq!(p.keyring_only(), Some(Path::new("/u.toml")));
        assert_eq!(p.proxy().unwrap().0, "http://proxy.corp:3128");
        assert_eq!(p.audit_logs().len(), 2);
        assert!(p.audit_arguments());
        assert_eq!(p.tool_layers(Some(&url("https://a.test/mcp"))).len(), 2);
        assert_eq!(p.tool_layers(Some(&url("https://b.test/mcp"))).len(), 1);
        assert_eq!(p.tool_layers(None).len(), 1);
        assert!(
            p.check_store(Some("file"))
                .unwrap_err()
                .to_string()
                .contains("/u.toml")
        );
        assert!(p.check_store(Some("memory")).is_ok() && p.check_store(None).is_ok());
        assert!(p.check_http(&url("http://mcp.example.com/")).is_err());
        assert!(p.check_http(&url("http://127.0.0.1:8/")).is_ok());
    }

    #[test]
    fn files_that_cannot_be_used_fail_closed() {
        let dir = tempfile::tempdir().unwrap();
        let bad = dir.path().join("bad.toml");
        std::fs::write(&bad, "[servers]\nallow = [\"https://a.test\"").unwrap();
        let e = load_from(&[(bad.clone(), false)]).unwrap_err();
        assert!(e.to_string().contains(&bad.display().to_string()), "{e}");
        let missing = dir.path().join("missing.toml");
        assert!(load_from(&[(missing.clone(), false)]).unwrap().is_empty());
        let e = load_from(&[(missing, true)]).unwrap_err();
        assert!(e.to_string().contains("MCP_BRIDGE_POLICY names it"), "{e}");
    }
}
