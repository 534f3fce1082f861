//! The binary as the npm package runs it: `install` under npx writes `npx -y
//! mcp-bridge@VERSION` (the launcher's variables name this very binary, which sits in npx's
//! cache), and not when the variables name another binary; variables set to the empty string
//! (a Claude Desktop extension's empty optional fields) count as unset.
//!
//! tests/dist runs the same through real npm, npx and a local registry.

use serde_json::{Value, json};

use crate::support::bridge::BIN;
use crate::support::{BridgeProc, FakeServer, Knobs};

/// A copy of the binary (a hard link: same file system as the target directory) where npx
/// puts it, and the launcher beside it.
struct NpxCache {
    _dir: tempfile::TempDir,
    binary: std::path::PathBuf,
    launcher: std::path::PathBuf,
}

fn npx_cache() -> NpxCache {
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let root = dir.path().join("_npx/5e1f00d1/node_modules");
    // Windows finds a program by its extension: the copy must keep it.
    let name = if cfg!(windows) {
        "mcp-bridge.exe"
    } else {
        "mcp-bridge"
    };
    let binary = root.join("@mcp-bridge/platform/bin").join(name);
    let launcher = root.join("mcp-bridge/bin/mcp-bridge.js");
    std::fs::create_dir_all(binary.parent().unwrap()).unwrap();
    std::fs::create_dir_all(launcher.parent().unwrap()).unwrap();
    std::fs::hard_link(BIN, &binary)
        .or_else(|_| std::fs::copy(BIN, &binary).map(|_| ()))
        .unwrap();
    std::fs::write(&launcher, "").unwrap();
    NpxCache {
        _dir: dir,
        binary,
        launcher,
    }
}

fn install_print(program: &std::path::Path, env: &[(&str, &str)]) -> Value {
    let home = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(program)
        .args([
            "install",
            "claude-desktop",
            "remote",
            "https://mcp.example.com/mcp",
            "--scope",
            "read",
            "--print",
        ])
        .env("HOME", home.path())
        .env("MCP_BRIDGE_CONFIG", home.path().join("none.toml"))
        .envs(env.iter().copied())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v["mcpServers"]["remote"].clone()
}

#[test]
fn under_npx_install_writes_npx_and_the_version_not_the_cache_path() {
    let cache = npx_cache();
    let env = [
        ("MCP_BRIDGE_NPM_PACKAGE", "mcp-bridge@0.1.0"),
        ("MCP_BRIDGE_NPM_LAUNCHER", cache.launcher.to_str().unwrap()),
        ("MCP_BRIDGE_NPM_BINARY", cache.binary.to_str().unwrap()),
    ];
    let entry = install_print(&cache.binary, &env);
    let (command, prefix) = if cfg!(windows) {
        ("cmd", vec!["/c", "npx", "-y", "mcp-bridge@0.1.0"])
    } else {
        ("npx", vec!["-y", "mcp-bridge@0.1.0"])
    };
    let mut args = prefix;
    args.extend(["proxy", "https://mcp.example.com/mcp", "--scope", "read"]);
    assert_eq!(entry, json!({"command": command, "args": args}));

    // The same variables reaching another mcp-bridge (a release binary) change nothing.
    let entry = install_print(std::path::Path::new(BIN), &env);
    assert_eq!(entry["command"], BIN);
    assert_eq!(entry["args"][0], "proxy");
}

#[tokio::test]
async fn variables_set_to_nothing_are_unset() {
    let server = FakeServer::start(Knobs::default()).await;
    // What a Claude Desktop extension sets for the optional fields left empty.
    let empty = [
        ("CF_ACCESS_CLIENT_ID", ""),
        ("CF_ACCESS_CLIENT_SECRET", ""),
        ("CF_ACCESS_TEAM", ""),
        ("MCP_BRIDGE_CLIENT_ID", ""),
        ("MCP_BRIDGE_CLIENT_SECRET", ""),
        ("MCP_BRIDGE_HEADER_FILE", ""),
        ("MCP_BRIDGE_CA_FILE", ""),
    ];
    let mut bridge = BridgeProc::spawn(&["proxy", &server.url, "--store", "memory"], &empty);
    let init = bridge.initialize().await;
    assert!(init.get("result").is_some(), "{init}\n{}", bridge.stderr());
    bridge.close().await;
}
