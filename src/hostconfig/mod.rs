//! Desktop hosts' MCP config files: where each host keeps its `mcpServers`, and adding, updating
//! or removing one entry while every other byte of the file stays as it was (comments and
//! formatting included: [`edit`] changes the text in place).

pub mod backup;
mod edit;

use std::path::{Path, PathBuf};

pub use backup::{Backup, write_with_backup};

use clap::ValueEnum;
use serde_json::{Map, Value, json};

use crate::settings::env;

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
    let var = if cfg!(windows) {
        env::USERPROFILE
    } else {
        env::HOME
    };
    env::os(var).filter(|h| !h.is_empty()).map(PathBuf::from)
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
                    PathBuf::from(env::os(env::APPDATA)?).join("Claude")
                } else {
                    env::os(env::XDG_CONFIG_HOME)
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
    /// The file started with a byte order mark, which is kept; `text` is what follows it.
    bom: bool,
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

/// Read `text` (empty for a missing file) as a host config. A file that is empty, blank or only
/// comments holds no servers yet; the first entry written makes it an object.
pub fn parse(text: &str, path: &Path) -> Result<ConfigFile, EditError> {
    let shown = path.display().to_string();
    let (bom, text) = match text.strip_prefix('\u{feff}') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let text = if text.trim().is_empty() { "" } else { text };
    let doc = match read(text) {
        Ok(Some(Value::Object(doc))) => doc,
        Ok(None) => Map::new(),
        Ok(Some(_)) => {
            return Err(EditError::Shape {
                path: shown,
                what: "the top level is not a JSON object".into(),
            });
        }
        Err(edit::EditFail::Syntax {
            line,
            column,
            detail,
        }) => {
            return Err(EditError::Unparsable {
                path: shown,
                line,
                column,
                detail,
            });
        }
        Err(e) => return Err(shape(&shown, e)),
    };
    if doc.get("mcpServers").is_some_and(|s| !s.is_object()) {
        return Err(EditError::Shape {
            path: shown,
            what: "`mcpServers` is not an object".into(),
        });
    }
    Ok(ConfigFile {
        path: shown,
        bom,
        text: text.to_owned(),
        doc,
    })
}

/// The value of a JSON(C) text; `None` when it has none (nothing but comments).
fn read(text: &str) -> Result<Option<Value>, edit::EditFail> {
    Ok(edit::parse(text)?.to_serde_value())
}

fn shape(path: &str, e: edit::EditFail) -> EditError {
    let what = match e {
        edit::EditFail::Duplicate(key) => {
            format!("`{key}` is given more than once, so which one the host uses is unclear")
        }
        edit::EditFail::Syntax { line, column, .. } => {
            format!("the edit could not be read back (line {line}, column {column})")
        }
    };
    EditError::Shape {
        path: path.to_owned(),
        what,
    }
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
        for (path, v) in text_paths {
            self.text = edit::set(&self.text, &path, &v).map_err(|e| shape(&self.path, e))?;
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
                .map_err(|e| shape(&self.path, e))?
                .ok_or_else(|| EditError::Shape {
                    path: self.path.clone(),
                    what: format!("`{name}` could not be found in its text"),
                })?;
        }
        Ok(removed)
    }

    /// The new text. It is read back and compared with the intended value first: an edit
    /// that would change anything else is refused.
    pub fn render(&self) -> Result<String, EditError> {
        let back = read(&self.text).map(|v| v.unwrap_or_else(|| json!({})));
        if back.ok() != Some(Value::Object(self.doc.clone())) {
            return Err(EditError::Shape {
                path: self.path.clone(),
                what: "the change could not be made without touching the rest of the file".into(),
            });
        }
        let bom = if self.bom { "\u{feff}" } else { "" };
        Ok(format!("{bom}{}", self.text))
    }
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
        let v = read(&out).unwrap().unwrap();
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
    fn a_byte_order_mark_stays_and_files_without_a_value_take_the_first_entry() {
        let text = "\u{feff}{\r\n  \"mcpServers\": {}\r\n}\r\n";
        let mut f = parse(text, Path::new("c.json")).unwrap();
        f.set("m", entry(Host::Cursor)).unwrap();
        let out = f.render().unwrap();
        assert!(
            out.starts_with("\u{feff}{\r\n  \"mcpServers\": {\r\n    \"m\": {\r\n"),
            "{out:?}"
        );
        assert!(f.remove("m").unwrap());
        assert_eq!(f.render().unwrap(), text, "back to the very bytes");

        // Only a comment: the object goes after it, the comment stays.
        let mut f = parse("// servers go here\n", Path::new("c.json")).unwrap();
        assert!(f.doc.is_empty());
        assert_eq!(f.render().unwrap(), "// servers go here\n", "unchanged");
        assert_eq!(f.set("m", entry(Host::Cursor)).unwrap(), Change::Added);
        let out = f.render().unwrap();
        assert!(out.starts_with("// servers go here\n{\n  \"mcpServers\": {\n"));
        assert_eq!(
            read(&out).unwrap().unwrap()["mcpServers"]["m"],
            entry(Host::Cursor)
        );

        // Blank: as if there were no file.
        let mut f = parse(" \n\n", Path::new("c.json")).unwrap();
        f.set("m", entry(Host::Cursor)).unwrap();
        assert!(f.render().unwrap().starts_with("{\n  \"mcpServers\""));
    }

    #[test]
    fn a_name_or_mcp_servers_given_twice_is_refused_with_its_name() {
        for (text, twice) in [
            (
                "{\"mcpServers\": {\"m\": {\"command\": \"a\"}, \"m\": {\"command\": \"b\"}}}",
                "`mcpServers.m` is given more than once",
            ),
            (
                "{\"mcpServers\": {}, \"mcpServers\": {}}",
                "`mcpServers` is given more than once",
            ),
        ] {
            let mut f = parse(text, Path::new("c.json")).unwrap();
            let e = f.set("m", entry(Host::Cursor)).unwrap_err();
            assert!(
                e.to_string().contains(twice) && e.to_string().contains("not changed"),
                "{e}"
            );
        }
        let mut f = parse(
            "{\"mcpServers\": {\"m\": {\"command\": \"a\"}, \"m\": {\"command\": \"b\"}}}",
            Path::new("c.json"),
        )
        .unwrap();
        assert!(f.remove("m").is_err());
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
