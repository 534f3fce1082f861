//! Desktop hosts' MCP config files: where each host keeps its `mcpServers`, and adding, updating
//! or removing one entry while every other byte of the file stays as it was (comments and
//! formatting included: [`edit`] changes the text in place, [`spans`] finds where things are).

pub mod backup;
mod edit;
pub mod jsonc;
mod spans;

use std::path::{Path, PathBuf};

pub use backup::{Backup, write_with_backup};

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

    /// The host's name for people.
    pub fn display_name(self) -> &'static str {
        match self {
            Host::ClaudeDesktop => "Claude Desktop",
            Host::Cursor => "Cursor",
            Host::ClaudeCode => "Claude Code",
            Host::Windsurf => "Windsurf",
        }
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

/// A parsed config file: its text, which edits change in place, and its value, which the
/// edits are checked against.
pub struct ConfigFile {
    path: String,
    text: String,
    pub doc: Map<String, Value>,
}

/// What [`ConfigFile::set`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Added,
    Updated,
    /// The entry was already exactly this.
    Unchanged,
}

/// Read `text` (empty for a missing file) as a host config.
pub fn parse(text: &str, path: &Path) -> Result<ConfigFile, EditError> {
    let shown = path.display().to_string();
    if text.trim().is_empty() {
        return Ok(ConfigFile {
            path: shown,
            text: String::new(),
            doc: Map::new(),
        });
    }
    let (plain, _) = jsonc::strip(text.trim_start_matches('\u{feff}'));
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
    spans::root(text).map_err(|e| EditError::Shape {
        path: shown.clone(),
        what: format!("cannot follow its layout (at byte {})", e.0),
    })?;
    Ok(ConfigFile {
        path: shown,
        text: text.to_owned(),
        doc,
    })
}

/// Whether an entry runs this bridge: `…/mcp-bridge` (`.exe`, or npm's `.cmd` shim), or
/// `npx [-y] mcp-bridge[@VERSION]`, either of them also behind `cmd /c`.
pub fn runs_bridge(entry: &Value) -> bool {
    let Some(command) = entry["command"].as_str() else {
        return false;
    };
    let args: Vec<&str> = entry["args"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    launched_program(command, &args)
        .is_some_and(|p| p == "mcp-bridge" || p.starts_with("mcp-bridge@"))
}

/// What an entry runs, seen through `cmd /c` and `npx`: the program's file name (lower case,
/// without `.exe` or `.cmd`), or the package npx runs.
fn launched_program(command: &str, args: &[&str]) -> Option<String> {
    let name = command
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(command)
        .to_ascii_lowercase();
    let name = name
        .strip_suffix(".exe")
        .or_else(|| name.strip_suffix(".cmd"))
        .unwrap_or(&name)
        .to_owned();
    match name.as_str() {
        "cmd" => {
            let at = args.iter().position(|a| a.eq_ignore_ascii_case("/c"))?;
            let (program, rest) = args[at + 1..].split_first()?;
            launched_program(program, rest)
        }
        "npx" => args
            .iter()
            .find(|a| !a.starts_with('-'))
            .map(|a| a.to_string()),
        _ => Some(name),
    }
}

/// Whether an entry runs mcp-remote (`npx … mcp-remote…`, or an installed `mcp-remote`).
pub fn runs_mcp_remote(entry: &Value) -> bool {
    let args = entry["args"].as_array().into_iter().flatten();
    args.filter_map(Value::as_str)
        .any(|a| a == "mcp-remote" || a.starts_with("mcp-remote@"))
        || entry["command"]
            .as_str()
            .is_some_and(|c| c.ends_with("mcp-remote"))
}

impl ConfigFile {
    /// The entry called `name`, if any.
    pub fn entry(&self, name: &str) -> Option<&Value> {
        self.doc.get("mcpServers")?.get(name)
    }

    /// Make `mcpServers.<name>` run `entry` (from [`Host::entry`]). An existing entry keeps its
    /// other keys (`env`, `disabled`, …): only the keys of `entry` change.
    pub fn set(&mut self, name: &str, entry: Value) -> Result<Change, EditError> {
        let servers = self.doc.entry("mcpServers").or_insert_with(|| json!({}));
        let servers = servers.as_object_mut().expect("checked in parse");
        let Value::Object(fields) = entry else {
            unreachable!("entries are objects")
        };
        let change;
        let text_paths: Vec<(Vec<&str>, Value)>;
        match servers.get_mut(name) {
            Some(Value::Object(old)) => {
                let mut changed = Vec::new();
                for (k, v) in &fields {
                    if old.get(k) != Some(v) {
                        old.insert(k.clone(), v.clone());
                        changed.push(k.clone());
                    }
                }
                if changed.is_empty() {
                    return Ok(Change::Unchanged);
                }
                change = Change::Updated;
                text_paths = fields
                    .iter()
                    .filter(|(k, _)| changed.contains(k))
                    .map(|(k, v)| (vec!["mcpServers", name, k.as_str()], v.clone()))
                    .collect();
            }
            other => {
                change = if other.is_some() {
                    Change::Updated
                } else {
                    Change::Added
                };
                servers.insert(name.to_owned(), Value::Object(fields.clone()));
                text_paths = vec![(vec!["mcpServers", name], Value::Object(fields))];
            }
        }
        if self.text.trim().is_empty() {
            self.text = pretty(&self.doc);
            return Ok(change);
        }
        for (path, v) in text_paths {
            self.text = edit::set(&self.text, &path, &v).map_err(|e| self.layout_error(e))?;
        }
        Ok(change)
    }

    /// Remove `mcpServers.<name>`; whether it was there.
    pub fn remove(&mut self, name: &str) -> Result<bool, EditError> {
        let removed = self
            .doc
            .get_mut("mcpServers")
            .and_then(Value::as_object_mut)
            .is_some_and(|s| s.remove(name).is_some());
        if removed {
            self.text = edit::remove(&self.text, &["mcpServers", name])
                .map_err(|e| self.layout_error(e))?
                .unwrap_or_else(|| pretty(&self.doc));
        }
        Ok(removed)
    }

    fn layout_error(&self, e: spans::SpanError) -> EditError {
        EditError::Shape {
            path: self.path.clone(),
            what: format!("cannot follow its layout (at byte {})", e.0),
        }
    }

    /// The new text. It is read back and compared with the intended value first: an edit
    /// that would change anything else is refused.
    pub fn render(&self) -> Result<String, EditError> {
        let (plain, _) = jsonc::strip(self.text.trim_start_matches('\u{feff}'));
        let back: Option<Value> = serde_json::from_str(&plain).ok();
        if back.as_ref() != Some(&Value::Object(self.doc.clone())) {
            return Err(EditError::Shape {
                path: self.path.clone(),
                what: "the change could not be made without touching the rest of the file".into(),
            });
        }
        Ok(self.text.clone())
    }
}

fn pretty(doc: &Map<String, Value>) -> String {
    let mut s = serde_json::to_string_pretty(doc).expect("JSON serializes");
    s.push('\n');
    s
}

/// Header names whose values are credentials.
fn is_secret_header(name: &str) -> bool {
    let n = name.trim().to_ascii_lowercase();
    matches!(
        n.as_str(),
        "authorization" | "proxy-authorization" | "cookie"
    ) || ["secret", "token", "api-key", "apikey", "password"]
        .iter()
        .any(|w| n.contains(w))
}

/// Why `header` ("Name: value") must not be written into a host config: a credential given
/// literally rather than as `${VAR}`.
pub fn literal_secret_header(header: &str) -> Option<String> {
    let (name, value) = header.split_once(':')?;
    (is_secret_header(name) && !value.contains("${") && !value.trim().is_empty())
        .then(|| name.trim().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(host: Host) -> Value {
        host.entry(
            "/bin/mcp-bridge",
            &["proxy".into(), "https://x.test".into()],
        )
    }

    #[test]
    fn entries_are_set_and_removed_keeping_the_rest() {
        let text = "{\"globalShortcut\": \"Ctrl+Space\", \"mcpServers\": {\"z\": {\"command\": \"x\"}, \"a\": {\"command\": \"y\"}}}";
        let mut f = parse(text, Path::new("c.json")).unwrap();
        assert_eq!(f.set("m", entry(Host::Cursor)).unwrap(), Change::Added);
        assert_eq!(f.set("m", entry(Host::Cursor)).unwrap(), Change::Unchanged);
        assert_eq!(
            f.set("m", entry(Host::ClaudeCode)).unwrap(),
            Change::Updated
        );
        let out: Value = serde_json::from_str(&f.render().unwrap()).unwrap();
        let keys: Vec<&String> = out["mcpServers"].as_object().unwrap().keys().collect();
        assert_eq!(keys, ["z", "a", "m"], "order kept");
        assert_eq!(out["globalShortcut"], "Ctrl+Space");
        assert_eq!(out["mcpServers"]["m"]["type"], "stdio");
        assert!(f.remove("m").unwrap() && !f.remove("m").unwrap());
        assert_eq!(f.render().unwrap(), text, "back to the very bytes");
    }

    #[test]
    fn an_updated_entry_keeps_its_other_keys_and_comments() {
        let text = "{\n  \"mcpServers\": {\n    \"m\": {\n      // who runs it\n      \"command\": \"npx\",\n      \"args\": [\"mcp-remote\", \"https://x.test\"],\n      \"env\": {\"TOKEN\": \"${T}\"},\n      \"disabled\": false\n    }\n  }\n}\n";
        let mut f = parse(text, Path::new("c.json")).unwrap();
        assert_eq!(f.set("m", entry(Host::Windsurf)).unwrap(), Change::Updated);
        let out = f.render().unwrap();
        assert!(out.contains("// who runs it"), "{out}");
        let v: Value = serde_json::from_str(&jsonc::strip(&out).0).unwrap();
        let m = &v["mcpServers"]["m"];
        assert_eq!(m["command"], "/bin/mcp-bridge");
        assert_eq!(m["args"], json!(["proxy", "https://x.test"]));
        assert_eq!(m["env"], json!({"TOKEN": "${T}"}));
        assert_eq!(m["disabled"], false);
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
    fn entries_are_told_apart_by_what_they_run() {
        assert!(runs_bridge(
            &json!({"command": "/usr/local/bin/mcp-bridge"})
        ));
        assert!(runs_bridge(
            &json!({"command": "C:\\Tools\\MCP-Bridge.exe"})
        ));
        assert!(!runs_bridge(
            &json!({"command": "npx", "args": ["mcp-bridge-like"]})
        ));
        // What `install` writes when it runs from npm.
        assert!(runs_bridge(
            &json!({"command": "npx", "args": ["-y", "mcp-bridge@0.4.1", "proxy", "https://x"]})
        ));
        assert!(runs_bridge(
            &json!({"command": "cmd", "args": ["/c", "npx", "-y", "mcp-bridge@0.4.1", "proxy", "https://x"]})
        ));
        assert!(runs_bridge(
            &json!({"command": "cmd", "args": ["/C", "C:\\npm\\mcp-bridge.cmd", "proxy", "https://x"]})
        ));
        assert!(!runs_bridge(
            &json!({"command": "npx", "args": ["-y", "mcp-remote", "https://x/mcp-bridge"]})
        ));
        assert!(!runs_bridge(
            &json!({"command": "cmd", "args": ["/c", "npx", "-y", "mcp-remote@0.15.1", "https://x"]})
        ));
        assert!(!runs_bridge(&json!({"command": "cmd", "args": ["/c"]})));
        assert!(runs_mcp_remote(
            &json!({"command": "npx", "args": ["-y", "mcp-remote@0.1.29", "https://x"]})
        ));
        assert!(!runs_mcp_remote(
            &json!({"command": "npx", "args": ["server-filesystem"]})
        ));
    }

    #[test]
    fn literal_credentials_in_headers_are_found() {
        assert_eq!(
            literal_secret_header("Authorization: Bearer abc").as_deref(),
            Some("Authorization")
        );
        assert!(literal_secret_header("Authorization: Bearer ${T}").is_none());
        assert!(literal_secret_header("X-API-Key: k").is_some());
        assert!(literal_secret_header("CF-Access-Client-Secret:s").is_some());
        assert!(literal_secret_header("X-Team: blue").is_none());
    }
}
