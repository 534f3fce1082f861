//! How mcp-remote was started for one server, read from the host configs that run it, and the
//! hash it files that server's sign-in under. mcp-remote 0.2 and later hash
//! `[URL, resource, authorize params, headers, client metadata URL, token endpoint]` — each
//! part only when given, objects as JSON with sorted keys, header values before `${VAR}`
//! expansion — joined with `|`; older versions hashed `[URL, resource, headers]`. Every
//! candidate is tried, the most specific first.

use std::collections::BTreeMap;

use md5::{Digest, Md5};
use serde_json::Value;

use crate::hostconfig::{self, Host};

pub fn md5_hex(s: &str) -> String {
    Md5::digest(s.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The options of one mcp-remote invocation that change where it keeps the sign-in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Launch {
    pub url: String,
    pub resource: Option<String>,
    pub authorize_params: Vec<(String, String)>,
    /// `--header` values as given (before `${VAR}` expansion).
    pub headers: Vec<(String, String)>,
    /// Headers read from `--header-file`, when the file could be read.
    pub file_headers: Vec<(String, String)>,
    pub client_metadata_url: Option<String>,
    pub token_endpoint: Option<String>,
}

/// A JSON object of `pairs` with its keys sorted, as `JSON.stringify(obj, sortedKeys)` writes
/// it; a repeated key keeps its last value, as a JavaScript object does.
fn sorted_json(pairs: &[(String, String)]) -> String {
    let map: BTreeMap<&str, &str> = pairs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    serde_json::to_string(&map).expect("JSON serializes")
}

/// `Name: value` as mcp-remote splits it (`^([A-Za-z0-9_-]+):\s*(.*)$`).
fn split_header(h: &str) -> Option<(String, String)> {
    let (name, value) = h.split_once(':')?;
    let ok = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    ok.then(|| (name.to_owned(), value.trim_start().to_owned()))
}

impl Launch {
    /// A server started with its URL only.
    pub fn plain(url: &str) -> Launch {
        Launch {
            url: url.to_owned(),
            ..Launch::default()
        }
    }

    /// mcp-remote's arguments after the package name: `URL [PORT] [flags…]`, flags anywhere.
    pub fn from_args(args: &[&str]) -> Option<Launch> {
        let url = args
            .iter()
            .find(|a| a.starts_with("https://") || a.starts_with("http://"))?;
        let mut l = Launch::plain(url);
        let mut i = 0;
        while i < args.len() {
            let value = args.get(i + 1).map(|v| (*v).to_owned());
            match args[i] {
                "--resource" => l.resource = value.filter(|v| !v.is_empty()),
                "--client-metadata-url" => l.client_metadata_url = value,
                "--token-endpoint" => l.token_endpoint = value,
                "--header" => l.headers.extend(value.as_deref().and_then(split_header)),
                "--authorize-param" => l.authorize_params.extend(
                    value
                        .as_deref()
                        .and_then(|v| v.split_once('='))
                        .map(|(k, v)| (k.to_owned(), v.to_owned())),
                ),
                "--header-file" => {
                    let text = value.and_then(|p| std::fs::read_to_string(p).ok());
                    l.file_headers.extend(
                        text.iter()
                            .flat_map(|t| t.lines())
                            .map(str::trim)
                            .filter(|line| !line.is_empty() && !line.starts_with('#'))
                            .filter_map(split_header),
                    );
                }
                _ => {
                    i += 1;
                    continue;
                }
            }
            i += 2;
        }
        Some(l)
    }

    /// The hashes mcp-remote may have filed this server under, the most specific first.
    pub fn hashes(&self) -> Vec<String> {
        let mut with_files = self.headers.clone();
        with_files.extend(self.file_headers.iter().cloned());
        let mut recipes: Vec<Vec<String>> = Vec::new();
        for headers in [&with_files, &self.headers] {
            let mut current = vec![self.url.clone()];
            current.extend(self.resource.clone());
            if !self.authorize_params.is_empty() {
                current.push(sorted_json(&self.authorize_params));
            }
            if !headers.is_empty() {
                current.push(sorted_json(headers));
            }
            current.extend(self.client_metadata_url.clone());
            current.extend(self.token_endpoint.clone());
            recipes.push(current);
            let mut older = vec![self.url.clone()];
            older.extend(self.resource.clone());
            if !headers.is_empty() {
                older.push(sorted_json(headers));
            }
            recipes.push(older);
        }
        recipes.push(vec![self.url.clone()]);
        let mut out: Vec<String> = Vec::new();
        for r in recipes {
            let h = md5_hex(&r.join("|"));
            if !out.contains(&h) {
                out.push(h);
            }
        }
        out
    }
}

/// How the host configs on this machine start mcp-remote, one entry per server URL.
pub fn launches_in_host_configs() -> Vec<Launch> {
    let mut out: Vec<Launch> = Vec::new();
    for host in [
        Host::ClaudeDesktop,
        Host::Cursor,
        Host::ClaudeCode,
        Host::Windsurf,
    ] {
        let Some(path) = host.config_path() else {
            continue;
        };
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let Ok(file) = hostconfig::parse(&text, &path) else {
            continue;
        };
        let entries = file
            .doc
            .get("mcpServers")
            .and_then(Value::as_object)
            .into_iter()
            .flatten();
        for (_, entry) in entries {
            if let Some(l) = launch_of(entry)
                && !out.iter().any(|o| o.url == l.url)
            {
                out.push(l);
            }
        }
    }
    out
}

/// The mcp-remote invocation of a host config entry, if it runs mcp-remote.
pub fn launch_of(entry: &Value) -> Option<Launch> {
    if !hostconfig::runs_mcp_remote(entry) {
        return None;
    }
    let args: Vec<&str> = entry["args"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    // `npx -y mcp-remote@1 URL …`: what follows the package; an installed `mcp-remote`: all.
    let start = args
        .iter()
        .position(|a| *a == "mcp-remote" || a.starts_with("mcp-remote@"))
        .map_or(0, |i| i + 1);
    Launch::from_args(&args[start..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_is_md5_hex_of_the_parts() {
        assert_eq!(md5_hex(""), "d41d8cd98f00b204e9800998ecf8427e");
        let url = "https://mcp.example.com/mcp";
        assert_eq!(Launch::plain(url).hashes(), [md5_hex(url)]);
        let l = Launch::from_args(&[
            url,
            "3334",
            "--header",
            "X-Team: ${TEAM}",
            "--resource",
            "https://api.example.com",
            "--authorize-param",
            "prompt=consent",
            "--authorize-param",
            "audience=api",
            "--header",
            "Authorization:Bearer ${T}",
        ])
        .unwrap();
        assert_eq!(l.url, url);
        let headers = r#"{"Authorization":"Bearer ${T}","X-Team":"${TEAM}"}"#;
        let params = r#"{"audience":"api","prompt":"consent"}"#;
        let h = l.hashes();
        assert_eq!(
            h[0],
            md5_hex(&format!("{url}|https://api.example.com|{params}|{headers}"))
        );
        assert_eq!(
            h[1],
            md5_hex(&format!("{url}|https://api.example.com|{headers}"))
        );
        assert_eq!(h.last().unwrap(), &md5_hex(url));
    }

    #[test]
    fn host_config_entries_give_the_invocation() {
        let e = serde_json::json!({"command": "npx", "args": ["-y", "mcp-remote@0.1.29", "https://x.example.com/sse", "--header", "A: 1"]});
        let l = launch_of(&e).unwrap();
        assert_eq!(l.url, "https://x.example.com/sse");
        assert_eq!(l.headers, [("A".to_owned(), "1".to_owned())]);
        let fs = serde_json::json!({"command": "npx", "args": ["server-filesystem", "https://not.example.com"]});
        assert!(launch_of(&fs).is_none());
    }
}
