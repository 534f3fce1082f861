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
    if let Some(p) =
        crate::settings::env::os(crate::settings::env::MCP_BRIDGE_CONFIG).filter(|p| !p.is_empty())
    {
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

/// A named server: its URL and its settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedServer {
    pub name: String,
    pub url: String,
    /// The line of its `[servers.NAME]` table.
    pub line: Option<usize>,
    pub settings: Vec<Setting>,
}

/// One setting of a named server and the command-line arguments it stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setting {
    /// The long flag, e.g. `use-id-token`.
    pub long: String,
    pub line: Option<usize>,
    pub args: Vec<String>,
}

impl NamedServer {
    /// Every setting's arguments, in the file's order.
    pub fn args(&self) -> Vec<String> {
        self.settings.iter().flat_map(|s| s.args.clone()).collect()
    }
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
    let servers = doc.as_table()["servers"].as_table_like().ok_or_else(|| {
        err(
            doc.as_table()
                .get_key_value("servers")
                .and_then(|(k, _)| k.span()),
            "`servers` is not a table".into(),
        )
    })?;
    let (key, item) = servers
        .get_key_value(name)
        .ok_or_else(|| err(None, format!("no server named `{name}`")))?;
    let table_span = key.span().or_else(|| item.span());
    let table = item.as_table_like().ok_or_else(|| {
        err(
            table_span.clone(),
            format!(
                "[servers.{name}] is not a table; write it as a `[servers.{name}]` section with \
                 `url = \"https://…\"` under it"
            ),
        )
    })?;
    let mut url = None;
    let mut settings = Vec::new();
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
        let (long, args) = flags::to_args(key, value)
            .map_err(|m| err(span.clone(), format!("{m} (in [servers.{name}])")))?;
        if !args.is_empty() {
            settings.push(Setting {
                long,
                line: span.map(|s| line_of(text, s.start)),
                args,
            });
        }
    }
    let url = url.ok_or_else(|| {
        err(
            table_span.clone(),
            format!("[servers.{name}] has no `url`; add `url = \"https://…\"` under it"),
        )
    })?;
    Ok(NamedServer {
        name: name.to_owned(),
        url,
        line: table_span.map(|s| line_of(text, s.start)),
        settings,
    })
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
        assert_eq!(s.line, Some(2));
        assert_eq!(s.settings[1].long, "scope");
        assert_eq!(s.settings[1].line, Some(5));
        assert_eq!(
            s.args(),
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
        let no_url = "# mine\n\n[servers.a]\nscope = \"x\"\n";
        let e = validate(no_url, "c.toml").unwrap_err();
        assert_eq!(e.line, Some(3), "{e}");
        assert!(e.to_string().contains("has no `url`"), "{e}");
        let not_table = "[servers]\nfirst = \"x\"\na = \"https://a.test\"\n";
        let e = validate(not_table, "c.toml").unwrap_err();
        assert_eq!(e.line, Some(2), "{e}");
        assert!(
            e.to_string().contains("[servers.first] is not a table"),
            "{e}"
        );
        let inline = "[servers]\nb = { url = \"https://b.test\" }\nc = { scope = \"x\" }\n";
        let e = validate(inline, "c.toml").unwrap_err();
        assert_eq!(e.line, Some(3), "{e}");
        let literal = "[servers.a]\nurl = \"https://a.test\"\nheader = [\"X-Api-Key: k3y\"]\n";
        let e = validate(literal, "c.toml").unwrap_err();
        assert_eq!(e.line, Some(3), "{e}");
        assert!(!e.to_string().contains("k3y"), "{e}");
    }
}
