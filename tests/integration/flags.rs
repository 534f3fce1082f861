//! Flags that shape requests: `--header` with `${VAR}`, `--header-file`, `--ignore-tool`,
//! plain-http refusal, and header values kept out of the logs.

use serde_json::json;

use crate::support::bridge::run_once;
use crate::support::{BridgeProc, FakeServer, Knobs};

#[tokio::test]
async fn headers_are_expanded_sent_everywhere_and_never_logged() {
    let server = FakeServer::start(Knobs {
        get_stream: true,
        ..Knobs::default()
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("headers");
    std::fs::write(&file, "# team key\nX-Api-Key: ${FILE_SECRET}\n").unwrap();
    let file = file.to_str().unwrap().to_owned();
    let mut b = BridgeProc::spawn(
        &[
            "proxy",
            &server.url,
            "--header",
            "Authorization: Bearer ${TOKEN_VAR}",
            "--header-file",
            &file,
            "-vvv",
        ],
        &[
            ("TOKEN_VAR", "tok-abc-123"),
            ("FILE_SECRET", "file-xyz-789"),
        ],
    );
    b.initialize().await;
    b.request(json!(1), "tools/list", json!({})).await;
    b.close().await;
    let seen = server.seen();
    assert!(seen.len() >= 4);
    for s in &seen {
        assert_eq!(
            s.headers["authorization"], "Bearer tok-abc-123",
            "{} {}",
            s.http_method, s.path
        );
        assert_eq!(s.headers["x-api-key"], "file-xyz-789");
    }
    let log = b.stderr();
    assert!(
        log.contains("DEBUG") || log.contains("TRACE"),
        "verbose logging was on"
    );
    assert!(
        !log.contains("tok-abc-123") && !log.contains("file-xyz-789"),
        "a header value leaked:\n{log}"
    );
}

#[test]
fn an_unset_variable_in_a_header_is_a_clear_error() {
    let (code, stdout, stderr) = run_once(
        &[
            "proxy",
            "http://127.0.0.1:9/mcp",
            "--header",
            "Authorization: ${SURELY_UNSET_VAR_42}",
        ],
        "",
    );
    assert_eq!(code, Some(1));
    assert!(stdout.is_empty());
    assert!(stderr.contains("SURELY_UNSET_VAR_42"), "{stderr}");
}

#[tokio::test]
async fn ignored_tools_are_hidden_and_refused() {
    let server = FakeServer::start(Knobs::default()).await;
    let mut b = BridgeProc::spawn(
        &[
            "proxy",
            &server.url,
            "--ignore-tool",
            "SECRET_*",
            "--ignore-tool",
            "b?g",
        ],
        &[],
    );
    b.initialize().await;
    let list = b.request(json!(1), "tools/list", json!({})).await;
    let names: Vec<&str> = list["result"]["tools"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert!(!names.contains(&"secret_delete"), "{names:?}");
    assert!(
        names.contains(&"echo") && names.contains(&"big"),
        "{names:?}"
    );
    let call = b
        .request(
            json!(2),
            "tools/call",
            json!({"name":"secret_delete","arguments":{}}),
        )
        .await;
    assert_eq!(call["error"]["code"], -32602);
    assert!(
        call["error"]["message"]
            .as_str()
            .unwrap()
            .contains("secret_delete")
    );
    assert!(
        server.seen_rpc("tools/call").is_empty(),
        "the call never reached the server"
    );
    b.close().await;
}

#[test]
fn plain_http_to_a_remote_host_is_refused_without_allow_http() {
    let (code, _, stderr) = run_once(&["proxy", "http://mcp.example.com/mcp"], "");
    assert_eq!(code, Some(1));
    assert!(stderr.contains("--allow-http"), "{stderr}");
    let (code, _, stderr) = run_once(&["proxy", "ftp://x/mcp"], "");
    assert_eq!(code, Some(1));
    assert!(stderr.contains("not an http(s) URL"), "{stderr}");
}
