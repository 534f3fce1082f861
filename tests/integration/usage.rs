//! Sign-in flags that cannot be used are usage errors (exit 2) found when the command starts,
//! before any request goes out — not an OAuth error at the first 401.

use crate::support::bridge::run_async;
use crate::support::{FakeServer, Knobs};

#[tokio::test]
async fn an_unusable_static_client_stops_every_command_before_any_request() {
    let server = FakeServer::start(Knobs::default()).await;
    let data = tempfile::tempdir().unwrap();
    let data_dir = data.path().to_str().unwrap();
    let missing = data.path().join("no-such-client.json");
    let missing = format!("@{}", missing.display());
    let cases: [(&str, &str, &str); 4] = [
        (
            "proxy",
            "{not json",
            "--static-oauth-client-info is not valid JSON",
        ),
        (
            "login",
            &missing,
            "cannot read --static-oauth-client-info file",
        ),
        ("token", r#"{"client_secret":"x"}"#, "has no client_id"),
        (
            "doctor",
            r#"{"client_id":"${MCP_BRIDGE_TEST_UNSET}"}"#,
            "MCP_BRIDGE_TEST_UNSET",
        ),
    ];
    for (command, info, said) in cases {
        let (code, out, err) = run_async(
            &[command, &server.url, "--static-oauth-client-info", info],
            &[
                ("MCP_BRIDGE_DATA_DIR", data_dir),
                ("MCP_BRIDGE_TEST_UNSET", ""),
            ],
            "",
        )
        .await;
        assert_eq!(code, Some(2), "{command}: {err}");
        assert!(err.contains(said), "{command}: {err}");
        assert!(out.is_empty(), "{command}: {out}");
        assert!(
            server.seen().is_empty(),
            "{command}: a request went out before the usage error"
        );
    }
}

#[tokio::test]
async fn client_credentials_without_a_client_is_a_usage_error() {
    let server = FakeServer::start(Knobs::default()).await;
    let data = tempfile::tempdir().unwrap();
    let (code, _, err) = run_async(
        &["token", &server.url, "--client-credentials"],
        &[("MCP_BRIDGE_DATA_DIR", data.path().to_str().unwrap())],
        "",
    )
    .await;
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("--client-credentials needs"), "{err}");
    assert!(server.seen().is_empty());
}
