//! mcp-remote's credential directories, `${MCP_REMOTE_CONFIG_DIR:-~/.mcp-auth}/mcp-remote-v1/`
//! and, from before 0.2, `mcp-remote-<version>/`: all are read, newest first. Files are named
//! `<hash>_tokens.json` and `<hash>_client_info.json`; the hash is computed as mcp-remote
//! computes it from the way it was started ([`Launch`]), since the files do not name their
//! server.

use std::path::{Path, PathBuf};

use serde_json::Value;

pub use super::launch::Launch;
use crate::oauth::registration::{ClientRegistration, Source};
use crate::oauth::token::AuthMethod;
use crate::secret::Secret;
use crate::settings::env;
use crate::store::TokenSet;

/// mcp-remote's hash of a server started without extra options: the MD5 (hex) of its URL.
pub fn server_hash(url: &str) -> String {
    super::launch::md5_hex(url)
}

/// mcp-remote's directories under `base` (or `MCP_REMOTE_CONFIG_DIR`, or `~/.mcp-auth`),
/// newest first: `mcp-remote-v1`, then `mcp-remote-<version>` by version, highest first.
pub fn dirs(base: Option<&Path>) -> Result<Vec<PathBuf>, String> {
    let (base, from) = match base {
        Some(b) => (b.to_owned(), "--dir"),
        None => match env::os(env::MCP_REMOTE_CONFIG_DIR).filter(|v| !v.is_empty()) {
            Some(b) => (PathBuf::from(b), "MCP_REMOTE_CONFIG_DIR"),
            None => {
                let var = if cfg!(windows) {
                    env::USERPROFILE
                } else {
                    env::HOME
                };
                let home = env::os(var).filter(|h| !h.is_empty()).ok_or(
                    "no home directory to find ~/.mcp-auth in; pass --dir DIR or set MCP_REMOTE_CONFIG_DIR",
                )?;
                (PathBuf::from(home).join(".mcp-auth"), "the default")
            }
        },
    };
    if !base.is_dir() {
        return Err(match from {
            "the default" => format!(
                "{} does not exist: mcp-remote has stored nothing on this machine (if it keeps its files elsewhere, set MCP_REMOTE_CONFIG_DIR or pass --dir DIR)",
                base.display()
            ),
            _ => format!(
                "{} does not exist (given by {from}); point it at the directory mcp-remote keeps its files in",
                base.display()
            ),
        });
    }
    let mut versioned: Vec<(Vec<u64>, PathBuf)> = std::fs::read_dir(&base)
        .map_err(|e| format!("cannot read {}: {e}", base.display()))?
        .flatten()
        .filter(|e| e.path().is_dir())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let version = name.strip_prefix("mcp-remote-")?;
            let parts: Option<Vec<u64>> = version.split('.').map(|p| p.parse().ok()).collect();
            Some((parts?, e.path()))
        })
        .collect();
    versioned.sort_by(|a, b| b.0.cmp(&a.0));
    let mut out = Vec::new();
    let v1 = base.join("mcp-remote-v1");
    if v1.is_dir() {
        out.push(v1);
    }
    out.extend(versioned.into_iter().map(|(_, p)| p));
    if out.is_empty() {
        // `--dir` may name the directory that holds the files itself.
        let holds_files = std::fs::read_dir(&base)
            .into_iter()
            .flatten()
            .flatten()
            .any(|e| e.file_name().to_string_lossy().ends_with("_tokens.json"));
        if holds_files {
            return Ok(vec![base]);
        }
        return Err(format!(
            "no mcp-remote-v1 or mcp-remote-<version> directory in {}: mcp-remote has stored nothing here",
            base.display()
        ));
    }
    Ok(out)
}

/// What mcp-remote kept for one server.
pub struct Found {
    pub tokens: TokenSet,
    /// The authorization server the tokens came from, when mcp-remote wrote it down.
    pub issuer: Option<String>,
    pub client: Option<ClientRegistration>,
    /// The directory and hash they were found under.
    pub dir: PathBuf,
    pub hash: String,
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

/// The first sign-in for `launch` in `dirs` (in order), trying each of its hashes.
pub fn find(dirs: &[PathBuf], launch: &Launch, now: u64) -> Result<Option<Found>, String> {
    for dir in dirs {
        for hash in launch.hashes() {
            if let Some(f) = read(dir, &hash, now)? {
                return Ok(Some(f));
            }
        }
    }
    Ok(None)
}

/// Read the files stored under `hash` in `dir`.
pub fn read(dir: &Path, hash: &str, now: u64) -> Result<Option<Found>, String> {
    let tokens_path = dir.join(format!("{hash}_tokens.json"));
    let Some(t) = read_json(&tokens_path)? else {
        return Ok(None);
    };
    let info = read_json(&dir.join(format!("{hash}_client_info.json")))?;
    let s = |v: &Value, k: &str| v[k].as_str().filter(|x| !x.is_empty()).map(str::to_owned);
    let access = s(&t, "access_token").ok_or("the tokens file has no access_token")?;
    let issuer = s(&t, "issuer").or_else(|| info.as_ref().and_then(|i| s(i, "issuer")));
    // Versions before 0.2 wrote only `expires_in`: the file's time is when it was issued.
    let written = std::fs::metadata(&tokens_path)
        .and_then(|m| m.modified())
        .map_or(now, crate::clock::unix_secs);
    let expires_at = t["expires_at"]
        .as_u64()
        .map(|ms| ms / 1000)
        .or_else(|| t["expires_in"].as_u64().map(|secs| written + secs));
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
        Some(ClientRegistration {
            client_id: id,
            client_secret: secret,
            method,
            redirect_uri: i["redirect_uris"][0].as_str().map(str::to_owned),
            source: Source::Dcr,
        })
    });
    let tokens = TokenSet {
        access_token: Secret::new(access),
        refresh_token: s(&t, "refresh_token").map(Secret::new),
        id_token: s(&t, "id_token").map(Secret::new),
        token_type: s(&t, "token_type").unwrap_or_else(|| "Bearer".into()),
        expires_at,
        scope: s(&t, "scope").or_else(|| s(&t, "requested_scope")),
        issuer: issuer.clone().unwrap_or_default(),
        client_id: client.as_ref().map(|c| c.client_id.clone()),
        resource: None,
        obtained_at: written,
    };
    Ok(Some(Found {
        tokens,
        issuer,
        client,
        dir: dir.to_owned(),
        hash: hash.to_owned(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_and_registration_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let url = "https://mcp.example.com/mcp";
        let h = server_hash(url);
        std::fs::write(dir.path().join(format!("{h}_tokens.json")), r#"{"access_token":"at","refresh_token":"rt","token_type":"bearer","expires_in":3600,"expires_at":1800000000000,"scope":"mcp","issuer":"https://auth.example.com"}"#).unwrap();
        std::fs::write(dir.path().join(format!("{h}_client_info.json")), r#"{"client_id":"c1","redirect_uris":["http://localhost:3334/oauth/callback"],"token_endpoint_auth_method":"none","issuer":"https://auth.example.com"}"#).unwrap();
        let dirs = [dir.path().to_owned()];
        let f = find(&dirs, &Launch::plain(url), 100).unwrap().unwrap();
        assert_eq!(f.tokens.expires_at, Some(1_800_000_000));
        assert_eq!(f.tokens.refresh_token.unwrap().expose(), "rt");
        assert_eq!(f.tokens.client_id.as_deref(), Some("c1"));
        assert_eq!(f.issuer.as_deref(), Some("https://auth.example.com"));
        let c = f.client.unwrap();
        assert_eq!(
            c.redirect_uri.as_deref(),
            Some("http://localhost:3334/oauth/callback")
        );
        assert!(
            find(&dirs, &Launch::plain("https://other.example.com/mcp"), 100)
                .unwrap()
                .is_none()
        );
    }

    #[test]
    fn tokens_with_only_expires_in_date_from_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let h = server_hash("https://old.example.com/sse");
        let path = dir.path().join(format!("{h}_tokens.json"));
        std::fs::write(&path, r#"{"access_token":"at","expires_in":3600}"#).unwrap();
        let long_ago = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_700_000_000);
        std::fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(long_ago)
            .unwrap();
        let f = read(dir.path(), &h, 1_800_000_000).unwrap().unwrap();
        assert_eq!(f.tokens.expires_at, Some(1_700_003_600), "expired long ago");
        assert!(f.issuer.is_none() && f.tokens.issuer.is_empty());
    }

    #[test]
    fn every_directory_is_read_newest_first() {
        let base = tempfile::tempdir().unwrap();
        for d in [
            "mcp-remote-0.1.9",
            "mcp-remote-v1",
            "mcp-remote-0.1.37",
            "other",
        ] {
            std::fs::create_dir_all(base.path().join(d)).unwrap();
        }
        let names: Vec<String> = dirs(Some(base.path()))
            .unwrap()
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            names,
            ["mcp-remote-v1", "mcp-remote-0.1.37", "mcp-remote-0.1.9"]
        );
        let missing = base.path().join("nope");
        let e = dirs(Some(&missing)).unwrap_err();
        assert!(e.contains("does not exist") && e.contains("nope"), "{e}");
        let e = dirs(Some(&base.path().join("other"))).unwrap_err();
        assert!(e.contains("stored nothing"), "{e}");
    }
}
