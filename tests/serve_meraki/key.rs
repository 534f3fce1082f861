//! `mcp-bridge meraki set-key|key-status|remove-key`, and `serve meraki` using the stored key:
//! read from stdin (never argv), kept in the store, never echoed, used by the server.

use std::path::Path;
use std::process::{Output, Stdio};

use serde_json::json;
use tokio::io::AsyncWriteExt;

use super::fake_dashboard::{FakeDashboard, KEY};
use super::harness::{Server, command, is_error};

/// `args` with `data` as the data directory and `stdin` piped in.
async fn run_with(data: &Path, args: &[&str], stdin: &str, keyring: bool) -> Output {
    let mut cmd = command(args);
    cmd.env("MCP_BRIDGE_DATA_DIR", data)
        .env("MCP_BRIDGE_CONFIG_DIR", data)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if keyring {
        cmd.env_remove("MCP_BRIDGE_NO_KEYRING");
    }
    let mut child = cmd.spawn().unwrap();
    let mut input = child.stdin.take().unwrap();
    input.write_all(stdin.as_bytes()).await.unwrap();
    drop(input);
    child.wait_with_output().await.unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Every file under `dir`, concatenated (to look for a key where it must not be).
fn all_files(dir: &Path) -> String {
    let mut out = String::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        if entry.path().is_file() {
            out.push_str(&String::from_utf8_lossy(
                &std::fs::read(entry.path()).unwrap(),
            ));
        }
    }
    out
}

async fn serve_with_stored_key(fake: &FakeDashboard, data: &Path, keyring: bool) -> Server {
    let mut cmd = command(&["serve", "meraki", "--base-url", &fake.base]);
    cmd.env("MCP_BRIDGE_DATA_DIR", data);
    if keyring {
        cmd.env_remove("MCP_BRIDGE_NO_KEYRING");
    }
    Server::spawn(cmd).await
}

#[tokio::test]
async fn a_key_set_from_stdin_is_stored_used_by_serve_and_removed() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    let set = run_with(
        d,
        &["meraki", "set-key", "--store", "file"],
        &format!("{KEY}\n"),
        false,
    )
    .await;
    assert_eq!(set.status.code(), Some(0), "{}", stderr(&set));
    assert!(!stderr(&set).contains(KEY), "the key is never echoed");
    assert!(set.stdout.is_empty());
    assert!(stderr(&set).contains("Stored"), "{}", stderr(&set));
    assert!(all_files(d).contains(KEY), "the file store holds it");

    let status = run_with(d, &["meraki", "key-status"], "", false).await;
    assert_eq!(status.status.code(), Some(0), "{}", stderr(&status));
    assert!(!stderr(&status).contains(KEY));

    let fake = FakeDashboard::start().await;
    let mut s = serve_with_stored_key(&fake, d, false).await;
    let r = s.call("meraki_get_organizations", json!({})).await;
    assert!(!is_error(&r), "{r}");
    let bearer = format!("Bearer {KEY}");
    assert_eq!(fake.seen()[0].auth.as_deref(), Some(bearer.as_str()));
    s.finish().await;

    let removed = run_with(d, &["meraki", "remove-key"], "", false).await;
    assert_eq!(removed.status.code(), Some(0), "{}", stderr(&removed));
    assert!(!all_files(d).contains(KEY), "gone from the file store");
    let status = run_with(d, &["meraki", "key-status"], "", false).await;
    assert_eq!(status.status.code(), Some(1));
    let again = run_with(d, &["meraki", "remove-key"], "", false).await;
    assert_eq!(again.status.code(), Some(1), "nothing left to remove");

    let serve = run_with(d, &["serve", "meraki", "--base-url", &fake.base], "", false).await;
    assert_eq!(serve.status.code(), Some(1));
    assert!(stderr(&serve).contains("set-key"), "{}", stderr(&serve));
}

#[tokio::test]
async fn the_environment_wins_over_the_stored_key() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    let set = run_with(
        d,
        &["meraki", "set-key", "--store", "file"],
        "0000000000000000000000000000000000000000\n",
        false,
    )
    .await;
    assert_eq!(set.status.code(), Some(0), "{}", stderr(&set));
    let fake = FakeDashboard::start().await;
    let mut cmd = command(&["serve", "meraki", "--base-url", &fake.base]);
    cmd.env("MCP_BRIDGE_DATA_DIR", d)
        .env("MERAKI_DASHBOARD_API_KEY", KEY);
    let mut s = Server::spawn(cmd).await;
    let r = s.call("meraki_get_organizations", json!({})).await;
    assert!(!is_error(&r), "{r}");
    let bearer = format!("Bearer {KEY}");
    assert_eq!(fake.seen()[0].auth.as_deref(), Some(bearer.as_str()));
}

#[tokio::test]
async fn set_key_refuses_argv_empty_input_bad_keys_and_a_silent_plaintext_fallback() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    // The key on the command line is not accepted at all.
    let argv = run_with(d, &["meraki", "set-key", KEY], "", false).await;
    assert_eq!(argv.status.code(), Some(2), "{}", stderr(&argv));
    for bad in ["", "\n", "two words\n"] {
        let o = run_with(d, &["meraki", "set-key", "--store", "file"], bad, false).await;
        assert_eq!(o.status.code(), Some(1), "{bad:?}: {}", stderr(&o));
    }
    // No keyring reachable (the harness turns it off): no quiet plaintext fallback.
    let o = run_with(d, &["meraki", "set-key"], &format!("{KEY}\n"), false).await;
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("--store file"), "{}", stderr(&o));
    assert!(!all_files(d).contains(KEY), "nothing was written");
    assert_eq!(
        std::fs::read_dir(d).unwrap().count(),
        0,
        "nothing was written"
    );
}

/// With MCP_BRIDGE_TEST_KEYRING=1 (scripts/test.sh runs it inside a private gnome-keyring):
/// the default store is the OS keyring, and no file holds the key.
#[tokio::test]
async fn set_key_uses_the_real_keyring() {
    if std::env::var("MCP_BRIDGE_TEST_KEYRING").as_deref() != Ok("1") {
        eprintln!("skipped: set MCP_BRIDGE_TEST_KEYRING=1 inside a test keyring");
        return;
    }
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    let set = run_with(d, &["meraki", "set-key"], &format!("{KEY}\n"), true).await;
    assert_eq!(set.status.code(), Some(0), "{}", stderr(&set));
    assert!(stderr(&set).contains("keyring"), "{}", stderr(&set));
    assert!(!all_files(d).contains(KEY), "no file holds the key");

    let fake = FakeDashboard::start().await;
    let mut s = serve_with_stored_key(&fake, d, true).await;
    let r = s.call("meraki_get_organizations", json!({})).await;
    assert!(!is_error(&r), "{r}");
    let bearer = format!("Bearer {KEY}");
    assert_eq!(fake.seen()[0].auth.as_deref(), Some(bearer.as_str()));
    s.finish().await;

    let removed = run_with(d, &["meraki", "remove-key"], "", true).await;
    assert_eq!(removed.status.code(), Some(0), "{}", stderr(&removed));
    let status = run_with(d, &["meraki", "key-status"], "", true).await;
    assert_eq!(status.status.code(), Some(1), "{}", stderr(&status));
}
