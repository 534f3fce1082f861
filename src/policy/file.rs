//! One policy file, read and checked. Anything not understood is an error, never skipped: a
//! rule the bridge cannot read is a rule it would not enforce.
//!
//! ```toml
//! store = "keyring"          # tokens only in the OS keyring, never a file
//! allow_http = false         # no plain http:// server, whatever --allow-http says
//! ca_file = "/etc/ssl/corp-ca.pem"
//! proxy = "http://proxy.corp.example:3128"
//! audit_log = "~/.local/state/mcp-bridge/audit.jsonl"
//! audit_arguments = false
//! serve_meraki = false
//!
//! [servers]
//! allow = ["https://meraki-mcp.example.com/mcp"]
//! deny = ["http://*"]
//!
//! [tools]                    # for every server
//! read_only = true
//! deny = ["*delete*"]
//!
//! [tools."https://*.example.com"]   # for the servers this pattern matches
//! allow = ["get_*", "list_*"]
//! ```

use std::path::{Path, PathBuf};

use toml_edit::{DocumentMut, Item, Table};

use super::pattern::ServerPattern;
use super::tools::{RuleSource, ToolLayer};

/// Tool rules and the servers they are for (None: every server).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScopedTools {
    pub server: Option<ServerPattern>,
    pub layer: ToolLayer,
}

/// What one file says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PolicyFile {
    pub path: PathBuf,
    pub servers_allow: Option<Vec<ServerPattern>>,
    pub servers_deny: Vec<ServerPattern>,
    pub tools: Vec<ScopedTools>,
    pub store_keyring: bool,
    pub allow_http: Option<bool>,
    pub ca_file: Option<PathBuf>,
    pub proxy: Option<String>,
    pub audit_log: Option<PathBuf>,
    pub audit_arguments: bool,
    pub serve_meraki: Option<bool>,
}

const TOP_KEYS: [&str; 9] = [
    "servers",
    "tools",
    "store",
    "allow_http",
    "ca_file",
    "proxy",
    "audit_log",
    "audit_arguments",
    "serve_meraki",
];

impl PolicyFile {
    /// Read `text`, the content of the file at `path`.
    pub fn parse(path: &Path, text: &str) -> Result<PolicyFile, String> {
        let doc: DocumentMut = text
            .parse()
            .map_err(|e: toml_edit::TomlError| e.to_string().trim_end().replace('\n', "\n  "))?;
        let root = doc.as_table();
        let mut file = PolicyFile {
            path: path.to_owned(),
            ..PolicyFile::default()
        };
        for (key, _) in root.iter() {
            if !TOP_KEYS.contains(&key) {
                return Err(format!(
                    "unknown setting `{key}` (known: {})",
                    TOP_KEYS.join(", ")
                ));
            }
        }
        if let Some(item) = root.get("servers") {
            let t = table(item, "servers")?;
            only_keys(t, "servers", &["allow", "deny"])?;
            if let Some(a) = t.get("allow") {
                file.servers_allow = Some(server_patterns(a, "servers.allow")?);
            }
            if let Some(d) = t.get("deny") {
                file.servers_deny = server_patterns(d, "servers.deny")?;
            }
        }
        if let Some(item) = root.get("tools") {
            let t = table(item, "tools")?;
            let mut all = Table::new();
            for (key, value) in t.iter() {
                if matches!(key, "allow" | "deny" | "read_only") {
                    all.insert(key, value.clone());
                    continue;
                }
                let Some(sub) = value.as_table_like() else {
                    return Err(format!(
                        "unknown setting `tools.{key}` (known: allow, deny, read_only, or a table named by a server pattern)"
                    ));
                };
                let pattern =
                    ServerPattern::parse(key).map_err(|e| format!("tools.\"{key}\": {e}"))?;
                let name = format!("tools.\"{key}\"");
                let mut sub_table = Table::new();
                for (k, v) in sub.iter() {
                    sub_table.insert(k, v.clone());
                }
                file.tools.push(ScopedTools {
                    server: Some(pattern),
                    layer: tool_layer(&sub_table, &name, path)?,
                });
            }
            if !all.is_empty() {
                file.tools.insert(
                    0,
                    ScopedTools {
                        server: None,
                        layer: tool_layer(&all, "tools", path)?,
                    },
                );
            }
        }
        if let Some(item) = root.get("store") {
            match item.as_str() {
                Some("keyring") => file.store_keyring = true,
                _ => return Err("`store` can only be \"keyring\"".into()),
            }
        }
        file.allow_http = root
            .get("allow_http")
            .map(|i| boolean(i, "allow_http"))
            .transpose()?;
        file.ca_file = root
            .get("ca_file")
            .map(|i| path_value(i, "ca_file"))
            .transpose()?;
        file.proxy = root.get("proxy").map(|i| string(i, "proxy")).transpose()?;
        if let Some(p) = &file.proxy {
            url::Url::parse(p).map_err(|e| format!("`proxy` is not a URL: {e}"))?;
        }
        file.audit_log = root
            .get("audit_log")
            .map(|i| path_value(i, "audit_log"))
            .transpose()?;
        file.audit_arguments = root
            .get("audit_arguments")
            .map(|i| boolean(i, "audit_arguments"))
            .transpose()?
            .unwrap_or(false);
        file.serve_meraki = root
            .get("serve_meraki")
            .map(|i| boolean(i, "serve_meraki"))
            .transpose()?;
        Ok(file)
    }
}

fn table<'a>(item: &'a Item, name: &str) -> Result<&'a Table, String> {
    item.as_table()
        .ok_or_else(|| format!("`{name}` must be a table ([{name}])"))
}

fn only_keys(t: &Table, name: &str, known: &[&str]) -> Result<(), String> {
    match t.iter().find(|(k, _)| !known.contains(k)) {
        Some((k, _)) => Err(format!(
            "unknown setting `{name}.{k}` (known: {})",
            known.join(", ")
        )),
        None => Ok(()),
    }
}

fn tool_layer(t: &Table, name: &str, path: &Path) -> Result<ToolLayer, String> {
    only_keys(t, name, &["allow", "deny", "read_only"])?;
    Ok(ToolLayer {
        source: RuleSource::Policy {
            file: path.to_owned(),
            table: name.to_owned(),
        },
        allow: t
            .get("allow")
            .map(|a| strings(a, &format!("{name}.allow")))
            .transpose()?,
        deny: t
            .get("deny")
            .map(|d| strings(d, &format!("{name}.deny")))
            .transpose()?
            .unwrap_or_default(),
        read_only: t
            .get("read_only")
            .map(|r| boolean(r, &format!("{name}.read_only")))
            .transpose()?
            .unwrap_or(false),
    })
}

fn strings(item: &Item, name: &str) -> Result<Vec<String>, String> {
    let err = || format!("`{name}` must be a list of strings");
    let array = item.as_array().ok_or_else(err)?;
    array
        .iter()
        .map(|v| v.as_str().map(str::to_owned).ok_or_else(err))
        .collect()
}

fn server_patterns(item: &Item, name: &str) -> Result<Vec<ServerPattern>, String> {
    strings(item, name)?
        .iter()
        .map(|s| ServerPattern::parse(s).map_err(|e| format!("{name}: {e}")))
        .collect()
}

fn boolean(item: &Item, name: &str) -> Result<bool, String> {
    item.as_bool()
        .ok_or_else(|| format!("`{name}` must be true or false"))
}

fn string(item: &Item, name: &str) -> Result<String, String> {
    item.as_str()
        .map(str::to_owned)
        .ok_or_else(|| format!("`{name}` must be a string"))
}

/// A path; a leading `~/` is the user's home directory (so one machine-wide file can name a
/// file each user owns).
fn path_value(item: &Item, name: &str) -> Result<PathBuf, String> {
    let s = string(item, name)?;
    if let Some(rest) = s.strip_prefix("~/") {
        let home = directories::BaseDirs::new()
            .ok_or_else(|| format!("`{name}` starts with ~/ but there is no home directory"))?;
        return Ok(home.home_dir().join(rest));
    }
    let p = PathBuf::from(&s);
    if !p.is_absolute() {
        return Err(format!(
            "`{name}` must be an absolute path (or start with ~/)"
        ));
    }
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<PolicyFile, String> {
        PolicyFile::parse(Path::new("/etc/mcp-bridge/policy.toml"), text)
    }

    #[test]
    fn a_complete_file() {
        let f = parse(
            r#"
store = "keyring"
allow_http = false
audit_log = "/var/log/a.jsonl"
serve_meraki = false
[servers]
allow = ["https://meraki.example.com/mcp"]
[tools]
read_only = true
[tools."https://*.example.com"]
deny = ["*delete*"]
"#,
        )
        .unwrap();
        assert!(f.store_keyring);
        assert_eq!(f.allow_http, Some(false));
        assert_eq!(f.serve_meraki, Some(false));
        assert_eq!(f.servers_allow.as_ref().unwrap().len(), 1);
        assert_eq!(f.tools.len(), 2);
        assert!(f.tools[0].server.is_none() && f.tools[0].layer.read_only);
        assert_eq!(f.tools[1].layer.deny, ["*delete*"]);
    }

    #[test]
    fn anything_not_understood_is_an_error_naming_it() {
        for (text, says) in [
            ("stor = \"keyring\"", "unknown setting `stor`"),
            ("store = \"file\"", "can only be \"keyring\""),
            ("[servers]\nallowed = []", "`servers.allowed`"),
            ("[servers]\nallow = \"https://a.test\"", "list of strings"),
            (
                "[servers]\nallow = [\"ftp://x\"]",
                "servers.allow: bad server pattern",
            ),
            ("[tools]\nread_only = \"yes\"", "true or false"),
            ("[tools]\nreadonly = true", "`tools.readonly`"),
            ("audit_log = \"relative.jsonl\"", "absolute"),
            ("allow_http = 0", "true or false"),
            ("[servers\nallow = []", "line"),
        ] {
            let e = parse(text).unwrap_err();
            assert!(e.contains(says), "{text:?}: {e}");
        }
    }
}
