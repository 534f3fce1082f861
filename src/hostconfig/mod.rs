//! Desktop hosts' MCP config files: where each host keeps its `mcpServers`, and adding or
//! removing one entry while keeping everything else in the file.

pub mod jsonc;

use std::path::{Path, PathBuf};

use clap::ValueEnum;
use serde_json::{Map, Value, json};

/// The hosts whose config `mcp-bridge install` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Host {
    /// Claude Desktop (claude_desktop_config.json).
    ClaudeDesktop,
    /// Cursor (~/.cursor/mcp.json).
    Cursor,
    /// Claude Code, user scope (~/.claude.json).
    ClaudeCode,
    /// Windsurf (~/.codeium/windsurf/mcp_config.json).
    Windsurf,
}

fn home() -> Option<PathBuf> {
    let var = if cfg!(windows) { "USERPROFILE" } else { "HOME" };
    std::env::var_os(var)
        .filter(|h| !h.is_empty())
        .map(PathBuf::from)
}

impl Host {
    /// The host's config file on this operating system.
    pub fn config_path(self) -> Option<PathBuf> {
        let home = home()?;
        Some(match self {
            Host::ClaudeDesktop => {
                let dir = if cfg!(target_os = "macos") {
                    home.join("Library/Application Support/Claude")
                } else if cfg!(windows) {
                    PathBuf::from(std::env::var_os("APPDATA")?).join("Claude")
                } else {
                    std::env::var_os("XDG_CONFIG_HOME")
                        .filter(|x| !x.is_empty())
                        .map_or_else(|| home.join(".config"), PathBuf::from)
                        .join("Claude")
                };
                dir.join("claude_desktop_config.json")
            }
            Host::Cursor => home.join(".cursor/mcp.json"),
            Host::ClaudeCode => home.join(".claude.json"),
            Host::Windsurf => home.join(".codeium/windsurf/mcp_config.json"),
        })
    }

    /// The entry that runs `command args`.
    pub fn entry(self, command: &str, args: &[String]) -> Value {
        let mut e = json!({"command": command, "args": args});
        if self == Host::ClaudeCode {
            e["type"] = "stdio".into();
        }
        e
    }
}

/// A config file that could not be used; the file is left as it was.
#[derive(Debug, thiserror::Error)]
pub enum EditError {
    #[error(
        "{path} is not valid JSON (line {line}, column {column}: {detail}); it was not changed"
    )]
    Unparsable {
        path: String,
        line: usize,
        column: usize,
        detail: String,
    },
    #[error("{path}: {what}; it was not changed")]
    Shape { path: String, what: String },
}

/// A parsed config file.
pub struct ConfigFile {
    pub doc: Map<String, Value>,
    /// Comments or trailing commas were removed to read it.
    pub had_comments: bool,
}

/// Read `text` (empty for a missing file) as a host config.
pub fn parse(text: &str, path: &Path) -> Result<ConfigFile, EditError> {
    let shown = path.display().to_string();
    if text.trim().is_empty() {
        return Ok(ConfigFile {
            doc: Map::new(),
            had_comments: false,
        });
    }
    let (plain, had_comments) = jsonc::strip(text.trim_start_matches('\u{feff}'));
    let v: Value = serde_json::from_str(&plain).map_err(|e| EditError::Unparsable {
        path: shown.clone(),
        line: e.line(),
        column: e.column(),
        detail: e.to_string(),
    })?;
    let Value::Object(doc) = v else {
        return Err(EditError::Shape {
            path: shown,
            what: "the top level is not a JSON object".into(),
        });
    };
    if doc.get("mcpServers").is_some_and(|s| !s.is_object()) {
        return Err(EditError::Shape {
            path: shown,
            what: "`mcpServers` is not an object".into(),
        });
    }
    Ok(ConfigFile { doc, had_comments })
}

impl ConfigFile {
    /// Set `mcpServers.<name>`; whether one was replaced.
    pub fn set(&mut self, name: &str, entry: Value) -> bool {
        let servers = self.doc.entry("mcpServers").or_insert_with(|| json!({}));
        servers
            .as_object_mut()
            .expect("checked in parse")
            .insert(name.to_owned(), entry)
            .is_some()
    }

    /// Remove `mcpServers.<name>`; whether it was there.
    pub fn remove(&mut self, name: &str) -> bool {
        self.doc
            .get_mut("mcpServers")
            .and_then(Value::as_object_mut)
            .is_some_and(|s| s.remove(name).is_some())
    }

    pub fn render(&self) -> String {
        let mut s = serde_json::to_string_pretty(&self.doc).expect("JSON serializes");
        s.push('\n');
        s
    }
}

/// Write `text` to `path`: the previous file copied to `<path>.bak` first, then a temporary file
/// renamed over it (keeping its permissions). Returns the backup's path, if one was made.
pub fn write_with_backup(path: &Path, text: &str) -> std::io::Result<Option<PathBuf>> {
    let backup = if path.exists() {
        let b = PathBuf::from(format!("{}.bak", path.display()));
        std::fs::copy(path, &b)?;
        Some(b)
    } else {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        None
    };
    let tmp = PathBuf::from(format!("{}.{}.tmp", path.display(), std::process::id()));
    std::fs::write(&tmp, text)?;
    if let Ok(meta) = std::fs::metadata(path) {
        std::fs::set_permissions(&tmp, meta.permissions())?;
    }
    std::fs::rename(&tmp, path)?;
    Ok(backup)
}

/// Warnings for arguments that would put a secret in plain text into the host's config.
pub fn secret_warnings(args: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for (i, a) in args.iter().enumerate() {
        let flag = a.split('=').next().unwrap_or(a);
        if matches!(flag, "--client-secret" | "--cf-access-client-secret") {
            out.push(format!(
                "{flag} puts a secret in the host's config file in plain text; prefer the environment \
                 (the host config's \"env\"), a secret file, or the keyring (mcp-bridge login)"
            ));
        }
        if matches!(a.as_str(), "--header" | "-H")
            && let Some(v) = args.get(i + 1)
            && v.to_ascii_lowercase().starts_with("authorization:")
            && !v.contains("${")
        {
            out.push(
                "a literal Authorization header is a secret in plain text; write `Authorization: Bearer ${TOKEN}` \
                 and put TOKEN in the host config's \"env\", or use --header-file"
                    .into(),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_set_and_removed_keeping_the_rest() {
        let text = "{\"globalShortcut\": \"Ctrl+Space\", \"mcpServers\": {\"z\": {\"command\": \"x\"}, \"a\": {\"command\": \"y\"}}}";
        let mut f = parse(text, Path::new("c.json")).unwrap();
        assert!(!f.set(
            "m",
            Host::Cursor.entry(
                "/bin/mcp-bridge",
                &["proxy".into(), "https://x.test".into()]
            )
        ));
        assert!(f.set("m", Host::ClaudeCode.entry("/bin/mcp-bridge", &[])));
        let out: Value = serde_json::from_str(&f.render()).unwrap();
        let keys: Vec<&String> = out["mcpServers"].as_object().unwrap().keys().collect();
        assert_eq!(keys, ["z", "a", "m"], "order kept");
        assert_eq!(out["globalShortcut"], "Ctrl+Space");
        assert_eq!(out["mcpServers"]["m"]["type"], "stdio");
        assert!(f.remove("m") && !f.remove("m"));
    }

    #[test]
    fn files_it_cannot_use_are_refused() {
        assert!(matches!(
            parse("{\"a\": ", Path::new("c.json")),
            Err(EditError::Unparsable { line: 1, .. })
        ));
        assert!(matches!(
            parse("[1]", Path::new("c.json")),
            Err(EditError::Shape { .. })
        ));
        assert!(matches!(
            parse("{\"mcpServers\": []}", Path::new("c.json")),
            Err(EditError::Shape { .. })
        ));
        assert!(parse("", Path::new("c.json")).unwrap().doc.is_empty());
    }

    #[test]
    fn secrets_in_arguments_are_flagged() {
        let a = |v: &[&str]| secret_warnings(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(a(&["--client-secret", "x"]).len(), 1);
        assert_eq!(a(&["--header", "Authorization: Bearer abc"]).len(), 1);
        assert!(a(&["--header", "Authorization: Bearer ${T}"]).is_empty());
        assert!(a(&["--scope", "x"]).is_empty());
    }
}
