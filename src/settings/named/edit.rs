//! Changing the config file while keeping what a person wrote in it: comments, order and the
//! other servers stay as they are. Writes go through [`crate::files`]: atomic, the file's mode
//! kept (a new file is 0600), and a symlinked `config.toml` written through its link.

use std::path::Path;

use toml_edit::{DocumentMut, Item, Table, value};

use super::flags;

/// A server name: letters, digits, `-` and `_`, not starting with `-` (it would read as a
/// flag). Subcommand names are fine: a name is always the argument after a subcommand
/// (`mcp-bridge proxy meraki`, `mcp-bridge login meraki`), never in the place of one, so
/// `meraki` the server and `mcp-bridge meraki set-key` cannot be confused.
pub fn check_name(name: &str) -> Result<(), String> {
    let ok = !name.is_empty()
        && name.len() <= 64
        && !name.starts_with('-')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !ok {
        return Err(format!(
            "`{name}` is not a server name: use letters, digits, `-` and `_`, not starting with `-`"
        ));
    }
    Ok(())
}

/// The URL must parse, be http(s) and name a host.
fn check_url(url: &str) -> Result<(), String> {
    let parsed = url::Url::parse(url).map_err(|e| format!("`{url}` is not a URL: {e}"))?;
    if !matches!(parsed.scheme(), "https" | "http") || parsed.host_str().is_none() {
        return Err(format!(
            "`{url}` is not an http(s) URL with a host, e.g. https://mcp.example.com/mcp"
        ));
    }
    Ok(())
}

fn parse(text: &str) -> Result<DocumentMut, String> {
    text.parse::<DocumentMut>()
        .map_err(|e| e.message().trim().to_owned())
}

/// Add or replace `[servers.<name>]`. Returns the new text and whether it replaced one.
pub fn add(text: &str, name: &str, url: &str, args: &[String]) -> Result<(String, bool), String> {
    check_name(name)?;
    check_url(url)?;
    let settings = flags::from_args(args)?;
    let mut doc = parse(text)?;
    let servers = doc
        .entry("servers")
        .or_insert_with(|| {
            let mut t = Table::new();
            t.set_implicit(true);
            Item::Table(t)
        })
        .as_table_mut()
        .ok_or("`servers` in the config file is not a table")?;
    let replaced = servers.contains_key(name);
    let mut table = Table::new();
    table.insert("url", value(url));
    for (k, v) in settings {
        table.insert(&k, Item::Value(v));
    }
    servers.insert(name, Item::Table(table));
    Ok((doc.to_string(), replaced))
}

/// Remove `[servers.<name>]`; `None` when there is no such server.
pub fn remove(text: &str, name: &str) -> Result<Option<String>, String> {
    let mut doc = parse(text)?;
    let Some(servers) = doc.get_mut("servers").and_then(Item::as_table_mut) else {
        return Ok(None);
    };
    Ok(servers.remove(name).map(|_| doc.to_string()))
}

/// Write the file atomically, creating its directory; the file keeps its mode, and a link
/// keeps pointing at the file it names, which is the one written.
pub fn write(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        && std::fs::symlink_metadata(path).is_err()
    {
        std::fs::create_dir_all(dir)?;
    }
    crate::files::replace(path, text.as_bytes(), crate::files::Target::KeepMode)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adding_keeps_comments_and_other_servers() {
        let text = "# mine\n[servers.other] # keep\nurl = \"https://o.test/mcp\"\n";
        let (out, replaced) =
            add(text, "m", "https://m.test/mcp", &["--use-id-token".into()]).unwrap();
        assert!(!replaced);
        assert!(out.starts_with("# mine\n[servers.other] # keep\n"), "{out}");
        assert!(
            out.contains("[servers.m]\nurl = \"https://m.test/mcp\"\nuse-id-token = true"),
            "{out}"
        );
        let (again, replaced) = add(&out, "m", "https://m2.test/mcp", &[]).unwrap();
        assert!(replaced && again.contains("m2.test") && !again.contains("use-id-token"));
        let removed = remove(&again, "m").unwrap().unwrap();
        assert!(!removed.contains("m2.test") && removed.contains("# keep"));
        assert!(remove(&removed, "m").unwrap().is_none());
    }

    #[cfg(unix)]
    #[test]
    fn writing_keeps_the_mode_and_the_link() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("dotfiles").join("mcp-bridge.toml");
        std::fs::create_dir(real.parent().unwrap()).unwrap();
        std::fs::write(&real, "# mine\n").unwrap();
        std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o600)).unwrap();
        let link = dir.path().join("config.toml");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let (text, _) = add("# mine\n", "m", "https://m.test/mcp", &[]).unwrap();
        write(&link, &text).unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert!(
            std::fs::read_to_string(&real)
                .unwrap()
                .contains("[servers.m]")
        );
        let mode = std::fs::metadata(&real).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "a private config file stays private");
    }

    #[test]
    fn subcommand_names_are_server_names() {
        for name in ["meraki", "proxy", "status", "help", "m-1", "a_b"] {
            assert!(add("", name, "https://x.test/mcp", &[]).is_ok(), "{name}");
        }
    }

    #[test]
    fn bad_names_urls_and_secrets_are_refused() {
        assert!(add("", "-x", "https://x.test", &[]).is_err());
        assert!(add("", "a b", "https://x.test", &[]).is_err());
        assert!(add("", "", "https://x.test", &[]).is_err());
        assert!(add("", "a", "x.test", &[]).is_err());
        assert!(add("", "a", "https://", &[]).is_err());
        assert!(add("", "a", "https://exa mple.com/mcp", &[]).is_err());
        assert!(add("", "a", "ftp://x.test/mcp", &[]).is_err());
        assert!(
            add(
                "",
                "a",
                "https://x.test",
                &["--header".into(), "CF-Access-Client-Secret: literal".into()]
            )
            .is_err()
        );
        assert!(
            add(
                "",
                "a",
                "https://x.test",
                &["--header".into(), "Authorization: Bearer abc".into()]
            )
            .is_err()
        );
        assert!(
            add(
                "",
                "a",
                "https://x.test",
                &["--header".into(), "Authorization: Bearer ${T}".into()]
            )
            .is_ok()
        );
        assert!(add("[servers\n", "a", "https://x.test", &[]).is_err());
    }
}
