//! `install` / `uninstall` on realistic host config files: other servers and settings kept
//! byte for byte, comments and odd formatting kept, an existing entry's other keys kept,
//! backups that never overwrite an older one, `--print` writing nothing, entries of other
//! programs left alone, and files that cannot be parsed left byte-identical.

use serde_json::Value;

use crate::support::bridge::run_async;
use crate::support::platform::{claude_desktop_config, home_env};

pub async fn run(home: &std::path::Path, args: &[&str]) -> (Option<i32>, String, String) {
    let config = home.join("bridge-config.toml");
    let vars = home_env(home);
    let mut env: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
    env.push(("MCP_BRIDGE_CONFIG", config.to_str().unwrap()));
    run_async(args, &env, "").await
}

fn read_json(path: &std::path::Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

const CLAUDE: &str = r#"{
  "globalShortcut": "Alt+Space",
  "mcpServers": {
    "filesystem": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "/Users/ada/Desktop"]},
    "meraki": {"command": "npx", "args": ["mcp-remote", "https://old.example.com/sse"], "env": {"A": "1"}, "disabled": false}
  },
  "preferences": {"sidebarMode": "chat"}
}
"#;

#[tokio::test]
async fn install_updates_claude_desktop_keeping_everything_else() {
    let home = tempfile::tempdir().unwrap();
    let file = claude_desktop_config(home.path());
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(&file, CLAUDE).unwrap();
    let (code, _, err) = run(
        home.path(),
        &[
            "install",
            "claude-desktop",
            "meraki",
            "https://meraki.example.com/mcp",
            "--scope",
            "openid",
        ],
    )
    .await;
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("Updated") && err.contains("Restart"), "{err}");
    let text = std::fs::read_to_string(&file).unwrap();
    let filesystem_line = CLAUDE.lines().nth(3).unwrap();
    assert!(
        text.contains(filesystem_line),
        "other entries byte for byte:\n{text}"
    );
    assert!(
        text.contains("  \"preferences\": {\"sidebarMode\": \"chat\"}\n"),
        "{text}"
    );
    let v = read_json(&file);
    let keys: Vec<&String> = v["mcpServers"].as_object().unwrap().keys().collect();
    assert_eq!(keys, ["filesystem", "meraki"], "order kept");
    let entry = &v["mcpServers"]["meraki"];
    assert!(std::path::Path::new(entry["command"].as_str().unwrap()).is_absolute());
    assert_eq!(
        entry["args"],
        serde_json::json!([
            "proxy",
            "https://meraki.example.com/mcp",
            "--scope",
            "openid"
        ])
    );
    assert_eq!(entry["env"], serde_json::json!({"A": "1"}), "env kept");
    assert_eq!(entry["disabled"], false, "other keys kept");
    assert_eq!(
        std::fs::read_to_string(format!("{}.bak", file.display())).unwrap(),
        CLAUDE,
        "backup of the old bytes"
    );

    let (code, _, err) = run(home.path(), &["uninstall", "claude-desktop", "meraki"]).await;
    assert_eq!(code, Some(0), "{err}");
    let v = read_json(&file);
    assert!(v["mcpServers"].get("meraki").is_none() && v["mcpServers"].get("filesystem").is_some());
    let (code, _, err) = run(home.path(), &["uninstall", "claude-desktop", "meraki"]).await;
    assert_eq!(code, Some(1), "{err}");

    // The filesystem server is not mcp-bridge's to remove…
    let (code, _, err) = run(home.path(), &["uninstall", "claude-desktop", "filesystem"]).await;
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("not mcp-bridge") && err.contains("--force"),
        "{err}"
    );
    assert!(read_json(&file)["mcpServers"].get("filesystem").is_some());
    // …nor to replace.
    let (code, _, err) = run(
        home.path(),
        &[
            "install",
            "claude-desktop",
            "filesystem",
            "https://x.example.com/mcp",
        ],
    )
    .await;
    assert_eq!(code, Some(1), "{err}");
    assert_eq!(
        read_json(&file)["mcpServers"]["filesystem"]["command"],
        "npx"
    );
    let (code, _, err) = run(
        home.path(),
        &["uninstall", "claude-desktop", "filesystem", "--force"],
    )
    .await;
    assert_eq!(code, Some(0), "{err}");
    assert!(read_json(&file)["mcpServers"].get("filesystem").is_none());
}

const CURSOR: &str = "{\r\n\t// my servers\r\n\t\"mcpServers\": {\r\n\t\t\"wetter\": {\"command\": \"node\", \"args\": [\"/opt/wetter/índex.js\"],}, /* old */\r\n\t},\r\n}\r\n";

#[tokio::test]
async fn comments_and_formatting_survive_and_backups_pile_up_instead_of_overwriting() {
    let home = tempfile::tempdir().unwrap();
    std::fs::write(
        home.path().join("bridge-config.toml"),
        "[servers.meraki]\nurl = \"https://meraki.example.com/mcp\"\n",
    )
    .unwrap();
    let cursor = home.path().join(".cursor/mcp.json");
    std::fs::create_dir_all(cursor.parent().unwrap()).unwrap();
    std::fs::write(&cursor, CURSOR).unwrap();
    let (code, _, err) = run(home.path(), &["install", "cursor", "meraki", "meraki"]).await;
    assert_eq!(code, Some(0), "{err}");
    let text = std::fs::read_to_string(&cursor).unwrap();
    for kept in [
        "\t// my servers\r\n",
        "/* old */",
        "\"/opt/wetter/índex.js\"],}",
    ] {
        assert!(text.contains(kept), "{kept:?} lost:\n{text}");
    }
    assert!(
        text.contains("\r\n\t\t\"meraki\": {\r\n\t\t\t\"command\": "),
        "the new entry in the file's tabs and CRLF:\n{text}"
    );
    let v = mcp_bridge::hostconfig::parse(&text, &cursor).unwrap().doc;
    assert_eq!(
        v["mcpServers"]["meraki"]["args"],
        serde_json::json!(["proxy", "meraki"])
    );

    // Again, unchanged: nothing written, no backup.
    let (code, _, err) = run(home.path(), &["install", "cursor", "meraki", "meraki"]).await;
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("up to date"), "{err}");
    // Changed: a second backup, the first (the original with its comments) kept.
    let (code, _, err) = run(
        home.path(),
        &[
            "install",
            "cursor",
            "meraki",
            "meraki",
            "--transport",
            "sse-only",
        ],
    )
    .await;
    assert_eq!(code, Some(0), "{err}");
    let bak = |p: &str| home.path().join(".cursor").join(p);
    assert_eq!(
        std::fs::read_to_string(bak("mcp.json.bak")).unwrap(),
        CURSOR
    );
    let backups: Vec<String> = std::fs::read_dir(home.path().join(".cursor"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("mcp.json.bak"))
        .collect();
    assert_eq!(backups.len(), 2, "{backups:?}");
    let second = backups.iter().find(|n| *n != "mcp.json.bak").unwrap();
    assert_eq!(
        std::fs::read_to_string(bak(second)).unwrap(),
        text,
        "the file before the second change"
    );

    // Removing the entry gives back the original bytes.
    let (code, _, err) = run(home.path(), &["uninstall", "cursor", "meraki"]).await;
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(std::fs::read_to_string(&cursor).unwrap(), CURSOR);
}

/// A Claude Code user file: many settings, and projects with their own `mcpServers`.
const CLAUDE_CODE: &str = r#"{
    "numStartups": 42,
    "theme": "dark",
    "projects": {
        "/home/ada/src/app": {
            "allowedTools": [],
            "mcpServers": {"meraki": {"type": "stdio", "command": "npx", "args": ["mcp-remote", "https://p.example.com/mcp"]}}
        }
    },
    "mcpServers": {}
}"#;

#[tokio::test]
async fn claude_code_and_windsurf_files_and_missing_files() {
    let home = tempfile::tempdir().unwrap();
    let code_file = home.path().join(".claude.json");
    std::fs::write(&code_file, CLAUDE_CODE).unwrap();
    let (code, _, err) = run(
        home.path(),
        &[
            "install",
            "claude-code",
            "meraki",
            "https://docs.example.com/mcp",
        ],
    )
    .await;
    assert_eq!(code, Some(0), "{err}");
    let text = std::fs::read_to_string(&code_file).unwrap();
    assert!(
        text.contains("\"mcpServers\": {\"meraki\": {\"type\": \"stdio\", \"command\": \"npx\""),
        "the project's server is untouched:\n{text}"
    );
    assert!(
        text.contains("\n    \"mcpServers\": {\n        \"meraki\": {\n            \"command\""),
        "{text}"
    );
    let v = read_json(&code_file);
    assert_eq!(v["mcpServers"]["meraki"]["type"], "stdio");
    assert_eq!(v["numStartups"], 42);
    // The empty `{}` it was added to comes back as it was.
    let (code, _, err) = run(home.path(), &["uninstall", "claude-code", "meraki"]).await;
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(std::fs::read_to_string(&code_file).unwrap(), CLAUDE_CODE);

    // Windsurf: a missing file is created (with its directory).
    let (code, _, err) = run(
        home.path(),
        &[
            "install",
            "windsurf",
            "docs",
            "https://docs.example.com/mcp",
        ],
    )
    .await;
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("is Windsurf installed?"), "{err}");
    let v = read_json(&home.path().join(".codeium/windsurf/mcp_config.json"));
    assert_eq!(
        v["mcpServers"]["docs"]["args"][1],
        "https://docs.example.com/mcp"
    );
    assert!(v["mcpServers"]["docs"].get("type").is_none());
}

#[tokio::test]
async fn unparseable_files_are_left_untouched() {
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("custom.json");
    for bad in [
        "{\"mcpServers\": {\"a\": }",
        "[1, 2]",
        "{\"mcpServers\": \"no\"}",
        // JSON5 is more than the hosts read.
        "{mcpServers: {}}",
        // Which one would the host use?
        "{\"mcpServers\": {}, \"mcpServers\": {\"m\": {\"command\": \"mcp-bridge\"}}}",
        "{\"mcpServers\": {\"m\": {\"command\": \"x\"}, \"m\": {\"command\": \"npx\", \"args\": [\"mcp-remote\"]}}}",
    ] {
        std::fs::write(&file, bad).unwrap();
        let (code, _, err) = run(
            home.path(),
            &[
                "install",
                "cursor",
                "m",
                "https://m.test/mcp",
                "--config-file",
                file.to_str().unwrap(),
            ],
        )
        .await;
        assert_eq!(code, Some(1), "{bad}: {err}");
        assert!(err.contains("not changed"), "{err}");
        assert_eq!(
            std::fs::read_to_string(&file).unwrap(),
            bad,
            "byte-identical"
        );
    }
}
