//! Named servers: `config.toml` in the configuration directory names remote servers with their
//! URL and settings, so that a host config can say `mcp-bridge proxy meraki`. The settings are
//! the long flags of `mcp-bridge proxy` ([`flags`]); command-line flags override them.
//!
//! ```toml
//! [servers.meraki]
//! url = "https://meraki-mcp.example.workers.dev/mcp"
//! cf-access-team = "myteam"
//! client-id = "0123abcd"
//! header = ["X-Team: ${TEAM}"]
//! ```

pub mod edit;
pub mod flags;
mod resolve;

pub use resolve::resolve_names;

use std::path::PathBuf;

use toml_edit::{Document, Item};

/// The config file: `MCP_BRIDGE_CONFIG`, else `config.toml` in the configuration directory.
pub fn path() -> Result<PathBuf, String> {
    if let Some(p) = std::env::var_os("MCP_BRIDGE_CONFIG").filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(p));
    }
    let dirs = crate::store::Dirs::from_env().map_err(|e| e.to_string())?;
    Ok(dirs.config.join("config.toml"))
}

/// A problem with the config file, with the line it is on.
#[derive(Debug, thiserror::Error)]
#[error("{path}{}: {message}", line.map(|l| format!(", line {l}")).unwrap_or_default())]
pub struct ConfigError {
    pub path: String,
    pub line: Option<usize>,
    pub message: String,
}

/// The text of the config file (empty when there is none).
pub fn read(path: &std::path::Path) -> Result<String, ConfigError> {
    match std::fs::read_to_string(path) {
        Ok(s) => Ok(s),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(String::new()),
        Err(e) => Err(ConfigError {
            path: path.display().to_string(),
            line: None,
            message: e.to_string(),
        }),
    }
}

/// A named server: its URL and the flags its settings stand for, one group per setting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedServer {
    pub url: String,
    pub flags: Vec<Vec<String>>,
}

/// The line (1-based) of byte `offset` in `text`.
pub fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// Parse and check the whole file; the names of its servers.
pub fn validate(text: &str, path: &str) -> Result<Vec<String>, ConfigError> {
    let doc = parse(text, path)?;
    let names = server_names(&doc);
    for n in &names {
        server_in(&doc, text, path, n)?;
    }
    Ok(names)
}

fn parse(text: &str, path: &str) -> Result<Document<String>, ConfigError> {
    Document::parse(text.to_owned()).map_err(|e| ConfigError {
        path: path.into(),
        line: e.span().map(|s| line_of(text, s.start)),
        message: e.message().trim().to_owned(),
    })
}

fn server_names(doc: &Document<String>) -> Vec<String> {
    doc.as_table()
        .get("servers")
        .and_then(Item::as_table_like)
        .map(|t| t.iter().map(|(k, _)| k.to_owned()).collect())
        .unwrap_or_default()
}

/// Look a server up by name.
pub fn server(text: &str, path: &str, name: &str) -> Result<NamedServer, ConfigError> {
    let doc = parse(text, path)?;
    let names = server_names(&doc);
    if !names.iter().any(|n| n == name) {
        let known = if names.is_empty() {
            "none".to_owned()
        } else {
            names.join(", ")
        };
        return Err(ConfigError {
            path: path.into(),
            line: None,
            message: format!(
                "no server named `{name}` (known: {known}); add one with `mcp-bridge config add {name} <URL>`"
            ),
        });
    }
    server_in(&doc, text, path, name)
}

fn server_in(
    doc: &Document<String>,
    text: &str,
    path: &str,
    name: &str,
) -> Result<NamedServer, ConfigError> {
    let err = |span: Option<std::ops::Range<usize>>, message: String| ConfigError {
        path: path.into(),
        line: span.map(|s| line_of(text, s.start)),
        message,
    };
    let table = doc.as_table()["servers"][name]
        .as_table_like()
        .ok_or_else(|| err(None, format!("[servers.{name}] is not a table")))?;
    let mut url = None;
    let mut out = Vec::new();
    for (key, item) in table.iter() {
        let span = table.get_key_value(key).and_then(|(k, _)| k.span());
        let value = item.as_value().ok_or_else(|| {
            err(
                span.clone(),
                format!("`{key}` in [servers.{name}] must be a value"),
            )
        })?;
        if key == "url" {
            let u = value.as_str().ok_or_else(|| {
                err(
                    span.clone(),
                    format!("`url` in [servers.{name}] must be a string"),
                )
            })?;
            url = Some(u.to_owned());
            continue;
        }
        let args = flags::to_args(key, value)
            .map_err(|m| err(span.clone(), format!("{m} (in [servers.{name}])")))?;
        if !args.is_empty() {
            out.push(args);
        }
    }
    let url = url.ok_or_else(|| err(None, format!("[servers.{name}] has no `url`")))?;
    Ok(NamedServer { url, flags: out })
}

/// Whether a positional argument names a server rather than giving a URL.
pub fn is_name(arg: &str) -> bool {
    !arg.contains("://") && !arg.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "# my servers\n[servers.meraki]\nurl = \"https://m.test/mcp\"\nuse-id-token = true\nscope = \"openid email\"\nheader = [\"A: 1\", \"B: 2\"]\ncallback_port = 8976\n\n[servers.plain]\nurl = \"https://p.test/mcp\"\n";

    #[test]
    fn servers_become_urls_and_flags() {
        let s = server(FILE, "c.toml", "meraki").unwrap();
        assert_eq!(s.url, "https://m.test/mcp");
        assert_eq!(
            s.flags.concat(),
            [
                "--use-id-token",
                "--scope",
                "openid email",
                "--header",
                "A: 1",
                "--header",
                "B: 2",
                "--callback-port",
                "8976"
            ]
        );
        assert_eq!(validate(FILE, "c.toml").unwrap(), ["meraki", "plain"]);
        let e = server(FILE, "c.toml", "nope").unwrap_err().to_string();
        assert!(e.contains("known: meraki, plain"), "{e}");
    }

    #[test]
    fn errors_name_the_line() {
        let bad_key = "[servers.a]\nurl = \"https://a.test\"\n\nscoop = \"x\"\n";
        let e = validate(bad_key, "c.toml").unwrap_err();
        assert_eq!(e.line, Some(4), "{e}");
        assert!(e.to_string().contains("did you mean `scope`"), "{e}");
        let bad_toml = "[servers.a]\nurl = \"https://a.test\"\nscope = \n";
        assert_eq!(validate(bad_toml, "c.toml").unwrap_err().line, Some(3));
        let bad_type = "[servers.a]\nurl = \"https://a.test\"\nuse-id-token = \"yes\"\n";
        assert_eq!(validate(bad_type, "c.toml").unwrap_err().line, Some(3));
    }
}
