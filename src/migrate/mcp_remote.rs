//! mcp-remote's credential directory, `${MCP_REMOTE_CONFIG_DIR:-~/.mcp-auth}/mcp-remote-v1/`
//! (older versions: `mcp-remote-<version>/`). Files are named `<hash>_tokens.json` and
//! `<hash>_client_info.json`, where the hash is the MD5 (hex) of the server URL — joined with
//! `|` to the options that change the sign-in, when any were given. The files do not name the
//! server, so the URL comes from the user or from a host config that runs mcp-remote.

use std::path::{Path, PathBuf};

use md5::{Digest, Md5};
use serde_json::Value;

use crate::oauth::registration::{ClientRegistration, Source};
use crate::oauth::token::AuthMethod;
use crate::secret::Secret;
use crate::store::TokenSet;

/// mcp-remote's hash for a server started without extra sign-in options.
pub fn server_hash(url: &str) -> String {
    Md5::digest(url.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The directory to read: `MCP_REMOTE_CONFIG_DIR` or `~/.mcp-auth`, then `mcp-remote-v1`, else
/// the newest `mcp-remote-<version>` found there.
pub fn default_dir() -> Option<PathBuf> {
    let base = std::env::var_os("MCP_REMOTE_CONFIG_DIR")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            let var = if cfg!(windows) { "USERPROFILE" } else { "HOME" };
            std::env::var_os(var).map(|h| PathBuf::from(h).join(".mcp-auth"))
        })?;
    let v1 = base.join("mcp-remote-v1");
    if v1.is_dir() {
        return Some(v1);
    }
    let mut versioned: Vec<PathBuf> = std::fs::read_dir(&base)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.is_dir()
                && p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with("mcp-remote-"))
        })
        .collect();
    versioned.sort_by_key(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok());
    versioned.pop().or(Some(v1))
}

/// What mcp-remote kept for one server.
pub struct Found {
    pub tokens: TokenSet,
    pub client: Option<(String, ClientRegistration)>,
}

fn read_json(path: &Path) -> Result<Option<Value>, String> {
    match std::fs::read(path) {
        Ok(b) => serde_json::from_slice(&b)
            .map(Some)
            .map_err(|e| format!("{}: {e}", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(format!("{}: {e}", path.display())),
    }
}

/// Read what mcp-remote has for `url` in `dir`; `None` when it has nothing under the plain hash.
pub fn read(dir: &Path, url: &str, now: u64) -> Result<Option<Found>, String> {
    let hash = server_hash(url);
    let Some(t) = read_json(&dir.join(format!("{hash}_tokens.json")))? else {
        return Ok(None);
    };
    let info = read_json(&dir.join(format!("{hash}_client_info.json")))?;
    let s = |v: &Value, k: &str| v[k].as_str().filter(|x| !x.is_empty()).map(str::to_owned);
    let access = s(&t, "access_token").ok_or("the tokens file has no access_token")?;
    let issuer = s(&t, "issuer")
        .or_else(|| info.as_ref().and_then(|i| s(i, "issuer")))
        .unwrap_or_default();
    let expires_at = t["expires_at"]
        .as_u64()
        .map(|ms| ms / 1000)
        .or_else(|| t["expires_in"].as_u64().map(|secs| now + secs));
    let client = info.as_ref().and_then(|i| {
        let id = s(i, "client_id")?;
        let secret = s(i, "client_secret").map(Secret::new);
        let method = s(i, "token_endpoint_auth_method")
            .map(|m| AuthMethod::parse(&m))
            .unwrap_or(if secret.is_some() {
                AuthMethod::parse("client_secret_post")
            } else {
                AuthMethod::None
            });
        let redirect = i["redirect_uris"][0].as_str().map(str::to_owned);
        Some((
            issuer.clone(),
            ClientRegistration {
                client_id: id,
                client_secret: secret,
                method,
                redirect_uri: redirect,
                source: Source::Dcr,
            },
        ))
    });
    let tokens = TokenSet {
        access_token: Secret::new(access),
        refresh_token: s(&t, "refresh_token").map(Secret::new),
        id_token: s(&t, "id_token").map(Secret::new),
        token_type: s(&t, "token_type").unwrap_or_else(|| "Bearer".into()),
        expires_at,
        scope: s(&t, "scope").or_else(|| s(&t, "requested_scope")),
        issuer,
        client_id: client.as_ref().map(|(_, c)| c.client_id.clone()),
        resource: None,
        obtained_at: now,
    };
    Ok(Some(Found { tokens, client }))
}

/// Server URLs that host config files run through mcp-remote (`… mcp-remote <URL> …`).
pub fn urls_in_host_configs() -> Vec<String> {
    let mut out = Vec::new();
    for host in [
        crate::hostconfig::Host::ClaudeDesktop,
        crate::hostconfig::Host::Cursor,
        crate::hostconfig::Host::ClaudeCode,
        crate::hostconfig::Host::Windsurf,
    ] {
        let Some(path) = host.config_path() else {
            continue;
        };
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let Ok(file) = crate::hostconfig::parse(&text, &path) else {
            continue;
        };
        for (_, entry) in file
            .doc
            .get("mcpServers")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            let args: Vec<&str> = entry["args"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect();
            let uses = args.iter().any(|a| a.starts_with("mcp-remote"))
                || entry["command"]
                    .as_str()
                    .is_some_and(|c| c.ends_with("mcp-remote"));
            if let Some(url) = args
                .iter()
                .find(|a| a.starts_with("https://") || a.starts_with("http://"))
                && uses
                && !out.iter().any(|u| u == url)
            {
                out.push((*url).to_owned());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_is_md5_hex_of_the_url() {
        assert_eq!(server_hash(""), "d41d8cd98f00b204e9800998ecf8427e");
        assert_eq!(server_hash("https://example.com/mcp").len(), 32);
    }

    #[test]
    fn tokens_and_registration_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let url = "https://mcp.example.com/mcp";
        let h = server_hash(url);
        std::fs::write(dir.path().join(format!("{h}_tokens.json")), r#"{"access_token":"at","refresh_token":"rt","token_type":"bearer","expires_in":3600,"expires_at":1800000000000,"scope":"mcp","issuer":"https://auth.example.com"}"#).unwrap();
        std::fs::write(dir.path().join(format!("{h}_client_info.json")), r#"{"client_id":"c1","redirect_uris":["http://localhost:3334/oauth/callback"],"token_endpoint_auth_method":"none","issuer":"https://auth.example.com"}"#).unwrap();
        let f = read(dir.path(), url, 100).unwrap().unwrap();
        assert_eq!(f.tokens.expires_at, Some(1_800_000_000));
        assert_eq!(f.tokens.refresh_token.unwrap().expose(), "rt");
        assert_eq!(f.tokens.client_id.as_deref(), Some("c1"));
        let (issuer, c) = f.client.unwrap();
        assert_eq!(
            (issuer.as_str(), c.client_id.as_str()),
            ("https://auth.example.com", "c1")
        );
        assert!(
            read(dir.path(), "https://other.example.com/mcp", 100)
                .unwrap()
                .is_none()
        );
    }
}
