//! `install`'s command line: its own options recognised wherever they are, the proxy flags
//! checked with the real `proxy` definition (exit 2, nothing written, on anything `proxy` would
//! refuse), secrets refused with the way to give them instead, and the binary's path as the
//! user invoked it (a package manager's link stays a link).

use serde_json::Value;

use crate::host_config::run;

fn exists(p: &std::path::Path) -> bool {
    p.exists()
}

#[tokio::test]
async fn installs_own_options_count_wherever_they_are() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let (code, out, err) = run(
        h,
        &[
            "install",
            "windsurf",
            "w",
            "https://x.example.com/mcp",
            "--scope",
            "x",
            "--print",
        ],
    )
    .await;
    assert_eq!(code, Some(0), "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        v["mcpServers"]["w"]["args"],
        serde_json::json!(["proxy", "https://x.example.com/mcp", "--scope", "x"])
    );
    assert!(!exists(&h.join(".codeium")), "--print writes nothing");

    let custom = h.join("custom.json");
    let (code, _, err) = run(
        h,
        &[
            "install",
            "windsurf",
            "w",
            "https://x.example.com/mcp",
            "--transport",
            "sse-only",
            "--config-file",
            custom.to_str().unwrap(),
        ],
    )
    .await;
    assert_eq!(code, Some(0), "{err}");
    assert!(
        !exists(&h.join(".codeium")),
        "the host's own file is not written"
    );
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&custom).unwrap()).unwrap();
    assert_eq!(
        v["mcpServers"]["w"]["args"],
        serde_json::json!([
            "proxy",
            "https://x.example.com/mcp",
            "--transport",
            "sse-only"
        ])
    );
}

#[tokio::test]
async fn flags_proxy_would_refuse_are_refused_before_anything_is_written() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    std::fs::write(
        h.join("bridge-config.toml"),
        "[servers.known]\nurl = \"https://known.example.com/mcp\"\n",
    )
    .unwrap();
    let cases: &[(&[&str], &str)] = &[
        (&["https://x.example.com/mcp", "--bogus"], "--bogus"),
        (
            &["https://x.example.com/mcp", "--transport", "carrier-pigeon"],
            "carrier-pigeon",
        ),
        (&["http://x.example.com/mcp"], "--allow-http"),
        (&["ftp://x.example.com/"], "http(s)"),
        (&["unknown-name"], "no server named `unknown-name`"),
        (
            &["https://x.example.com/mcp", "--client-secret", "s3cr3t"],
            "--static-oauth-client-info @FILE",
        ),
        (
            &[
                "https://x.example.com/mcp",
                "--cf-access-client-secret",
                "s3cr3t",
            ],
            "mcp-bridge login",
        ),
        (
            &[
                "https://x.example.com/mcp",
                "-H",
                "Authorization: Bearer s3cr3t",
            ],
            "${TOKEN}",
        ),
        (
            &["https://x.example.com/mcp", "--header=X-Api-Key: s3cr3t"],
            "--header-file",
        ),
    ];
    for (words, says) in cases {
        let mut args = vec!["install", "cursor", "m"];
        args.extend_from_slice(words);
        let (code, out, err) = run(h, &args).await;
        assert_eq!(code, Some(2), "{words:?}: {err}");
        assert!(err.contains(says), "{words:?} should say {says:?}: {err}");
        assert!(err.contains("nothing was written"), "{err}");
        assert!(
            !err.contains("s3cr3t") && !out.contains("s3cr3t"),
            "the secret is not echoed: {err}"
        );
        assert!(!exists(&h.join(".cursor")), "{words:?} wrote the file");
    }
    // The same flags are fine where they belong.
    for words in [
        &["known", "--allow-http"][..],
        &["http://x.example.com/mcp", "--allow-http"],
        &[
            "https://x.example.com/mcp",
            "-H",
            "Authorization: Bearer ${API_TOKEN}",
        ],
        &["https://x.example.com/mcp", "3334", "--keep-alive"],
    ] {
        let mut args = vec!["install", "cursor", "--print", "m"];
        args.extend_from_slice(words);
        let (code, _, err) = run(h, &args).await;
        assert_eq!(code, Some(0), "{words:?}: {err}");
    }
}

#[cfg(unix)]
#[tokio::test]
async fn the_entry_runs_the_link_the_user_invoked_not_the_file_behind_it() {
    let home = tempfile::tempdir().unwrap();
    let bin = home.path().join("homebrew/bin");
    std::fs::create_dir_all(&bin).unwrap();
    let link = bin.join("mcp-bridge");
    std::os::unix::fs::symlink(crate::support::bridge::BIN, &link).unwrap();
    for (program, path) in [
        (link.to_str().unwrap().to_owned(), None),
        (
            "mcp-bridge".to_owned(),
            Some(bin.to_str().unwrap().to_owned()),
        ),
    ] {
        let mut cmd = tokio::process::Command::new(&program);
        cmd.args([
            "install",
            "cursor",
            "m",
            "https://x.example.com/mcp",
            "--print",
        ])
        .env("HOME", home.path());
        if let Some(p) = &path {
            cmd.env("PATH", p);
        }
        let out = cmd.output().await.unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(
            v["mcpServers"]["m"]["command"],
            link.to_str().unwrap(),
            "run as {program}"
        );
    }
}

#[tokio::test]
async fn serve_meraki_in_place_of_the_server_installs_the_local_meraki_tools() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let file = h.join("claude.json");
    let f = file.to_str().unwrap();
    let (code, _, err) = run(
        h,
        &[
            "install",
            "claude-desktop",
            "meraki-demo",
            "serve",
            "meraki",
            "--demo",
            "--config-file",
            f,
        ],
    )
    .await;
    assert_eq!(code, Some(0), "{err}");
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let entry = &v["mcpServers"]["meraki-demo"];
    assert_eq!(
        entry["args"],
        serde_json::json!(["serve", "meraki", "--demo"])
    );
    let command = std::path::Path::new(entry["command"].as_str().unwrap());
    assert_eq!(command.file_stem().unwrap(), "mcp-bridge", "{command:?}");

    // The entry really starts: the command it names answers `initialize` in demo mode.
    let init = r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"#;
    let mut child = std::process::Command::new(entry["command"].as_str().unwrap())
        .args(
            entry["args"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| a.as_str().unwrap()),
        )
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        writeln!(stdin, "{init}").unwrap();
    }
    let out = child.wait_with_output().unwrap();
    let first: Value =
        serde_json::from_str(String::from_utf8_lossy(&out.stdout).lines().next().unwrap()).unwrap();
    assert_eq!(first["id"], 1);
    assert!(first["result"]["serverInfo"].is_object(), "{first}");

    // Flags of `serve meraki` are checked with its definition: proxy flags are refused.
    let (code, _, err) = run(
        h,
        &[
            "install",
            "claude-desktop",
            "m2",
            "serve",
            "meraki",
            "--scope",
            "x",
            "--config-file",
            f,
        ],
    )
    .await;
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("serve meraki") && err.contains("nothing was written"),
        "{err}"
    );
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert!(v["mcpServers"].get("m2").is_none());
}
