//! `--audit-log`: one JSON line per `tools/call`, outcome and duration, no arguments unless asked,
//! mode 0600, and whole lines when several bridges write the same file at once.

use serde_json::{Value, json};

use crate::support::{BridgeProc, FakeServer, Knobs};

async fn calls(b: &mut BridgeProc, from: u64, n: u64, tool: &str) {
    for id in from..from + n {
        let r = b
            .request(
                json!(id),
                "tools/call",
                json!({"name": tool, "arguments": {"text": "top-secret"}}),
            )
            .await;
        assert_eq!(r["id"], id, "{r}");
    }
}

fn entries(path: &std::path::Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("a torn line {l:?}: {e}")))
        .collect()
}

#[tokio::test]
async fn every_tools_call_is_one_line_without_arguments() {
    let server = FakeServer::start(Knobs::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("logs/audit.jsonl");
    let log_s = log.to_str().unwrap();
    let mut b = BridgeProc::spawn(
        &[
            "proxy",
            &server.url,
            "--audit-log",
            log_s,
            "--ignore-tool",
            "secret_delete",
        ],
        &[],
    );
    b.initialize().await;
    b.request(json!(1), "tools/list", json!({})).await;
    calls(&mut b, 2, 2, "echo").await;
    calls(&mut b, 4, 1, "secret_delete").await;
    b.close().await;
    let e = entries(&log);
    assert_eq!(
        e.len(),
        3,
        "tools/list and initialize are not audited: {e:?}"
    );
    assert_eq!(e[0]["tool"], "echo");
    assert_eq!(e[0]["server"], server.url);
    assert_eq!(e[0]["outcome"], "ok");
    assert!(e[0]["duration_ms"].as_f64().unwrap() >= 0.0);
    assert!(e[0]["time"].as_str().unwrap().ends_with('Z'));
    assert!(e.iter().all(|x| x.get("arguments").is_none()));
    assert!(
        !std::fs::read_to_string(&log)
            .unwrap()
            .contains("top-secret")
    );
    assert_eq!(
        e[2]["outcome"], "error",
        "a hidden tool is refused: {}",
        e[2]
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&log).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
}

#[tokio::test]
async fn several_bridges_share_one_log_and_arguments_only_when_asked() {
    let server = FakeServer::start(Knobs::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("audit.jsonl");
    let log_s = log.to_str().unwrap();
    let mut a = BridgeProc::spawn(&["proxy", &server.url, "--audit-log", log_s], &[]);
    let mut b = BridgeProc::spawn(
        &[
            "proxy",
            &server.url,
            "--audit-log",
            log_s,
            "--audit-include-arguments",
        ],
        &[],
    );
    a.initialize().await;
    b.initialize().await;
    tokio::join!(
        calls(&mut a, 100, 40, "echo"),
        calls(&mut b, 200, 40, "echo")
    );
    a.close().await;
    b.close().await;
    let e = entries(&log);
    assert_eq!(e.len(), 80);
    let with_args = e
        .iter()
        .filter(|x| x["arguments"]["text"] == "top-secret")
        .count();
    assert_eq!(
        with_args, 40,
        "only the bridge that was asked writes arguments"
    );
}
