//! `install` / `uninstall` on realistic host config files: other servers and settings kept,
//! comments and odd formatting read, a backup of the old bytes, `--print` writing nothing, and
//! files that cannot be parsed left byte-identical.

use serde_json::Value;

use crate::support::bridge::run_async;

async fn run(home: &std::path::Path, args: &[&str]) -> (Option<i32>, String, String) {
    run_async(
        args,
        &[("HOME", home.to_str().unwrap()), ("XDG_CONFIG_HOME", "")],
        "",
    )
    .await
}

const CLAUDE: &str = r#"{
  "globalShortcut": "Alt+Space",
  "mcpServers": {
    "filesystem": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "/Users/ada/Desktop"]},
    "meraki": {"command": "npx", "args": ["mcp-remote", "https://old.example.com/sse"], "env": {"A": "1"}}
  },
  "preferences": {"sidebarMode": "chat"}
}
"#;

#[tokio::test]
async fn install_updates_claude_desktop_keeping_everything_else() {
    let home = tempfile::tempdir().unwrap();
    let file = home
        .path()
        .join(".config/Claude/claude_desktop_config.json");
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
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let old: Value = serde_json::from_str(CLAUDE).unwrap();
    assert_eq!(v["globalShortcut"], old["globalShortcut"]);
    assert_eq!(v["preferences"], old["preferences"]);
    assert_eq!(
        v["mcpServers"]["filesystem"],
        old["mcpServers"]["filesystem"]
    );
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
    assert_eq!(
        std::fs::read_to_string(format!("{}.bak", file.display())).unwrap(),
        CLAUDE,
        "backup of the old bytes"
    );

    let (code, _, _) = run(home.path(), &["uninstall", "claude-desktop", "meraki"]).await;
    assert_eq!(code, Some(0));
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert!(v["mcpServers"].get("meraki").is_none() && v["mcpServers"].get("filesystem").is_some());
    let (code, _, err) = run(home.path(), &["uninstall", "claude-desktop", "meraki"]).await;
    assert_eq!(code, Some(1), "{err}");
}

#[tokio::test]
async fn commented_cursor_files_odd_formatting_and_missing_files() {
    let home = tempfile::tempdir().unwrap();
    let cursor = home.path().join(".cursor/mcp.json");
    std::fs::create_dir_all(cursor.parent().unwrap()).unwrap();
    std::fs::write(&cursor, "{\r\n\t// my servers\r\n\t\"mcpServers\": {\r\n\t\t\"wetter\": {\"command\": \"node\", \"args\": [\"/opt/wetter/índex.js\"],}, /* old */\r\n\t},\r\n}\r\n").unwrap();
    let (code, _, err) = run(home.path(), &["install", "cursor", "meraki", "meraki"]).await;
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("comments"), "warns that comments go: {err}");
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&cursor).unwrap()).unwrap();
    assert_eq!(v["mcpServers"]["wetter"]["args"][0], "/opt/wetter/índex.js");
    assert_eq!(
        v["mcpServers"]["meraki"]["args"],
        serde_json::json!(["proxy", "meraki"])
    );

    // Claude Code: a missing ~/.claude.json is created, with the stdio type.
    let (code, _, err) = run(
        home.path(),
        &[
            "install",
            "claude-code",
            "docs",
            "https://docs.example.com/mcp",
        ],
    )
    .await;
    assert_eq!(code, Some(0), "{err}");
    let v: Value =
        serde_json::from_str(&std::fs::read_to_string(home.path().join(".claude.json")).unwrap())
            .unwrap();
    assert_eq!(v["mcpServers"]["docs"]["type"], "stdio");

    // --print shows the entry and writes nothing.
    let (code, out, _) = run(
        home.path(),
        &[
            "install",
            "windsurf",
            "x",
            "https://x.example.com/mcp",
            "--print",
        ],
    )
    .await;
    assert_eq!(code, Some(0));
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["mcpServers"]["x"]["args"][1], "https://x.example.com/mcp");
    assert!(!home.path().join(".codeium").exists());
}

#[tokio::test]
async fn unparseable_files_are_left_untouched_and_secrets_draw_a_warning() {
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("custom.json");
    for bad in [
        "{\"mcpServers\": {\"a\": }",
        "[1, 2]",
        "{\"mcpServers\": \"no\"}",
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
    std::fs::remove_file(&file).unwrap();
    let (code, _, err) = run(
        home.path(),
        &[
            "install",
            "cursor",
            "m",
            "https://m.test/mcp",
            "--config-file",
            file.to_str().unwrap(),
            "--header",
            "Authorization: Bearer abc",
        ],
    )
    .await;
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("warning") && err.contains("${TOKEN}"), "{err}");
}
