//! A reader that closes stdout early (`mcp-bridge status --json | head -0`) ends the command
//! quietly: exit 0, nothing on stderr, no panic.

use std::process::{Command, Stdio};

use crate::credentials::command;
use crate::oauth::Setup;
use crate::support::bridge::BIN;
use crate::support::fake_as::AsKnobs;

/// Run with stdout a pipe whose reading end is already closed; (exit code, stderr).
fn with_closed_stdout(args: &[&str], env: &[(&str, &str)]) -> (Option<i32>, String) {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let mut cmd = Command::new(BIN);
    cmd.args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(writer)
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[tokio::test]
async fn a_closed_stdout_is_a_quiet_end() {
    let s = Setup::new(AsKnobs::default()).await;
    let (code, _, err) = command(&s, &["login", &s.server.url, "--store", "file"], &[]).await;
    assert_eq!(code, Some(0), "{err}");
    let data = s.dir.path().join("data");
    let config = s.dir.path().join("config.toml");
    std::fs::write(
        &config,
        "[servers.docs]\nurl = \"https://docs.example.com/mcp\"\n",
    )
    .unwrap();
    let env = [
        ("MCP_BRIDGE_DATA_DIR", data.to_str().unwrap()),
        ("MCP_BRIDGE_CONFIG", config.to_str().unwrap()),
    ];
    let url = s.server.url.as_str();
    let runs: [&[&str]; 9] = [
        &["status", "--store", "file", "--json"],
        &["completions", "bash"],
        &["man"],
        &["man", "install"],
        &["token", url, "--store", "file"],
        &["token", url, "--store", "file", "--json"],
        &["config", "show"],
        &["config", "path"],
        &["install", "claude-desktop", "docs", url, "--print"],
    ];
    for args in runs {
        let (code, err) = with_closed_stdout(args, &env);
        assert_eq!(code, Some(0), "{args:?}: {err}");
        assert!(err.trim().is_empty(), "{args:?} said something: {err}");
    }
}
