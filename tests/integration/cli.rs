//! The command line itself: help, version, the mcp-remote form, and the committed completions
//! and man page staying in step with the clap definition.

use crate::support::bridge::run_once;
use crate::support::{BridgeProc, FakeServer, Knobs};

#[test]
fn help_documents_every_proxy_flag() {
    let (code, out, _) = run_once(&["proxy", "--help"], "");
    assert_eq!(code, Some(0));
    for flag in [
        "--transport",
        "--header",
        "--header-file",
        "--allow-http",
        "--ignore-tool",
        "--keep-alive",
        "--ping-interval",
        "--connect-timeout",
        "--ca-file",
        "--max-message-size",
        "--log-file",
        "--debug",
        "Examples:",
    ] {
        assert!(out.contains(flag), "--help lacks {flag}");
    }
}

#[test]
fn version_and_usage_errors() {
    let (code, out, _) = run_once(&["--version"], "");
    assert_eq!(code, Some(0));
    assert!(out.starts_with("mcp-bridge "));
    let (code, _, err) = run_once(&["proxy", "--no-such-flag", "https://x"], "");
    assert_eq!(code, Some(2));
    assert!(err.contains("--no-such-flag"));
}

#[tokio::test]
async fn the_mcp_remote_form_runs_the_proxy() {
    let server = FakeServer::start(Knobs::default()).await;
    let mut b = BridgeProc::spawn(&[&server.url, "3334", "--debug"], &[]);
    let init = b.initialize().await;
    assert_eq!(init["result"]["serverInfo"]["name"], "fake");
    b.close().await;
}

#[test]
fn committed_completions_and_man_page_are_current() {
    let root = env!("CARGO_MANIFEST_DIR");
    let files = [
        ("bash", "completions/mcp-bridge.bash"),
        ("zsh", "completions/_mcp-bridge"),
        ("fish", "completions/mcp-bridge.fish"),
        ("powershell", "completions/_mcp-bridge.ps1"),
        ("elvish", "completions/mcp-bridge.elv"),
    ];
    for (shell, path) in files {
        let (code, out, _) = run_once(&["completions", shell], "");
        assert_eq!(code, Some(0));
        let committed = std::fs::read_to_string(format!("{root}/{path}")).unwrap_or_default();
        assert!(committed == out, "{path} is stale: run scripts/gen-docs.sh");
    }
    let (_, man, _) = run_once(&["man"], "");
    let committed = std::fs::read_to_string(format!("{root}/man/mcp-bridge.1")).unwrap_or_default();
    assert!(
        committed == man,
        "man/mcp-bridge.1 is stale: run scripts/gen-docs.sh"
    );
}
