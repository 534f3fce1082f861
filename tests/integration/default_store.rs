//! The credential store a bridge uses when none is named, against a real Secret Service
//! (scripts/test.sh runs these inside a private gnome-keyring, unlocked with
//! MCP_BRIDGE_TEST_KEYRING=1, locked with MCP_BRIDGE_TEST_KEYRING=locked): the first lookup of
//! the credential finds the keyring answering, so the keyring is used, without a warning and
//! without a fall back to the file. Without a keyring, see
//! `hostile::a_missing_keyring_is_a_clear_error_or_a_warned_fallback`.

use serde_json::json;

use crate::oauth::Setup;
use crate::support::BridgeProc;
use crate::support::bridge::{NO_KEYRING, run_async};
use crate::support::fake_as::AsKnobs;

fn test_keyring() -> Option<String> {
    std::env::var("MCP_BRIDGE_TEST_KEYRING").ok()
}

/// `proxy` for the server with no `--store`, the OS keyring left reachable.
fn default_store_bridge(s: &Setup) -> BridgeProc {
    let data = s.dir.path().join("data");
    BridgeProc::spawn(
        &["proxy", &s.server.url],
        &[
            ("MCP_BRIDGE_DATA_DIR", data.to_str().unwrap()),
            ("MCP_BRIDGE_BROWSER", &s.browser),
            (NO_KEYRING.0, ""),
        ],
    )
}

#[tokio::test]
async fn the_default_store_keeps_the_sign_in_in_a_reachable_keyring() {
    if test_keyring().as_deref() != Some("1") {
        return;
    }
    let s = Setup::new(AsKnobs::default()).await;
    let mut b = default_store_bridge(&s);
    let r = b.initialize_and_sign_in().await;
    b.close().await;
    assert!(r.get("result").is_some(), "{r}\n{}", b.stderr());
    let err = b.stderr();
    assert!(!err.contains("no OS keyring reachable"), "{err}");
    assert!(s.tokens_file().is_empty(), "nothing in the fallback file");
    let mut b2 = default_store_bridge(&s);
    let r = b2.initialize().await;
    assert!(r.get("result").is_some(), "{r}");
    b2.close().await;
    assert_eq!(s.auth.count("authorize"), 1, "the second bridge found it");
    let data = s.dir.path().join("data");
    let env = [
        ("MCP_BRIDGE_DATA_DIR", data.to_str().unwrap()),
        (NO_KEYRING.0, ""),
    ];
    let (code, _, err) = run_async(&["status", &s.server.url], &env, "").await;
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("Credential: the OS keyring"), "{err}");
    let (code, _, err) = run_async(&["logout", &s.server.url], &env, "").await;
    assert_eq!(code, Some(0), "{err}");
    let (code, _, err) = run_async(&["status", &s.server.url], &env, "").await;
    assert_eq!(code, Some(1), "the keyring entry is gone: {err}");
}

/// A locked keyring answers lookups and refuses writes: it is the default store's choice, as
/// with `--store keyring`; the sign-in lasts the session, and nothing goes to the file.
#[tokio::test]
async fn the_default_store_stays_with_a_locked_keyring() {
    if test_keyring().as_deref() != Some("locked") {
        return;
    }
    let s = Setup::new(AsKnobs::default()).await;
    let mut b = default_store_bridge(&s);
    let r = b.initialize_and_sign_in().await;
    assert!(r.get("result").is_some(), "{r}\n{}", b.stderr());
    let r = b.request(json!(1), "tools/list", json!({})).await;
    assert_eq!(r["result"]["tools"][0]["name"], "echo", "{r}");
    b.close().await;
    let err = b.stderr();
    assert!(err.contains("cannot store the credential"), "{err}");
    assert!(!err.contains("no OS keyring reachable"), "{err}");
    assert!(s.tokens_file().is_empty(), "nothing in the fallback file");
}
