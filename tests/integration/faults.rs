//! Faults on the server side: 5xx with and without Retry-After, refused connections, a response
//! stream that breaks before its answer (resumed with Last-Event-ID after the server's `retry`).

use std::time::{Duration, Instant};

use serde_json::json;

use crate::support::{BridgeProc, FakeServer, Knobs, PROMPTLY};

#[tokio::test]
async fn a_500_answers_the_request_with_an_error_and_the_bridge_goes_on() {
    let server = FakeServer::start(Knobs::default()).await;
    let mut b = BridgeProc::spawn(&["proxy", &server.url], &[]);
    b.initialize().await;
    server.set(|k| k.fail_next.push_back((500, None)));
    let r = b.request(json!(1), "tools/list", json!({})).await;
    assert_eq!(r["error"]["code"], -32000, "{r}");
    assert_eq!(r["error"]["data"]["httpStatus"], 500);
    assert!(
        r["error"]["message"]
            .as_str()
            .unwrap()
            .contains("injected 500")
    );
    assert_eq!(b.request(json!(2), "tools/list", json!({})).await["id"], 2);
    b.close().await;
}

#[tokio::test]
async fn a_503_with_retry_after_is_retried_and_succeeds() {
    let server = FakeServer::start(Knobs::default()).await;
    let mut b = BridgeProc::spawn(&["proxy", &server.url], &[]);
    b.initialize().await;
    server.set(|k| {
        k.fail_next.push_back((503, Some(1)));
        k.fail_next.push_back((502, None));
    });
    let start = Instant::now();
    let r = b.request(json!(1), "tools/list", json!({})).await;
    assert!(r.get("result").is_some(), "{r}");
    assert!(
        start.elapsed() >= Duration::from_secs(1),
        "Retry-After was honoured"
    );
    assert_eq!(server.seen_rpc("tools/list").len(), 3);
    b.close().await;
}

#[tokio::test]
async fn a_stopped_server_is_reported_at_once_and_every_request_is_answered() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let url = format!("http://127.0.0.1:{port}/mcp");
    let mut b = BridgeProc::spawn(&["proxy", &url], &[]);
    let started = Instant::now();
    b.send(&json!({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"h","version":"1"}}})).await;
    b.send(&json!({"jsonrpc":"2.0","method":"notifications/initialized"}))
        .await;
    b.send(&json!({"jsonrpc":"2.0","id":1,"method":"tools/list"}))
        .await;
    b.send(
        &json!({"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"x","arguments":{}}}),
    )
    .await;
    for id in 0..3 {
        let r = b.response(&json!(id)).await;
        let msg = r["error"]["message"].as_str().unwrap_or_default();
        assert_eq!(
            msg,
            format!("mcp-bridge: cannot reach {url}: connection refused"),
            "{r}"
        );
    }
    // Connection refused is not worth seconds of retries: every answer comes at once.
    assert!(
        started.elapsed() < PROMPTLY,
        "answered after {:?}",
        started.elapsed()
    );
    let (code, _) = b.close().await;
    assert_eq!(code, Some(0));
    let stderr = b.stderr();
    let lines: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("cannot reach"))
        .collect();
    assert_eq!(
        lines,
        [format!("mcp-bridge: cannot reach {url}: connection refused").as_str()],
        "one line at the default verbosity says what is wrong:\n{stderr}"
    );
}

#[tokio::test]
async fn a_dropped_stream_is_resumed_with_last_event_id() {
    let server = FakeServer::start(Knobs::default()).await;
    let mut b = BridgeProc::spawn(&["proxy", &server.url], &[]);
    b.initialize().await;
    b.send(&json!({"jsonrpc":"2.0","id":"r1","method":"tools/call","params":{"name":"drop_then_answer","arguments":{"k":"v"}}}))
        .await;
    let progress = b.message_with_method("notifications/progress").await;
    assert_eq!(progress["params"]["progress"], 1);
    let start = Instant::now();
    let r = b.response(&json!("r1")).await;
    assert_eq!(r["result"]["content"][0]["text"], r#"{"k":"v"}"#, "{r}");
    let resume = server
        .seen()
        .into_iter()
        .find(|s| s.http_method == "GET" && s.headers.contains_key("last-event-id"))
        .expect("a resuming GET");
    assert_eq!(resume.headers["last-event-id"], "d-1");
    assert_eq!(resume.headers["mcp-session-id"], "sess-0");
    let waited = start.elapsed();
    assert!(
        waited >= Duration::from_millis(150),
        "the retry pause was honoured: {waited:?}"
    );
    assert!(waited < Duration::from_secs(3));
    // Exactly one answer: nothing duplicated.
    assert_eq!(
        b.request(json!("after"), "ping", json!({})).await["id"],
        "after"
    );
    b.close().await;
}

/// Many faults in one run: 502/503/504 with and without Retry-After, response streams that
/// break before their answer, and the server forgetting the session — while 300 requests are
/// in flight in windows of 30. Every request must get its own successful answer.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fault_storm_loses_no_request() {
    let server = FakeServer::start(Knobs::default()).await;
    let mut b = BridgeProc::spawn(&["proxy", &server.url, "-q"], &[]);
    b.initialize().await;
    let (mut injected_http, mut drops, mut session_losses) = (0, 0, 0);
    server.set(|k| {
        for i in 0..300u64 {
            // One request in three meets a fault.
            match i % 9 {
                0 => k.fail_next.push_back((503, None)),
                3 => k.fail_next.push_back((502, None)),
                6 => k
                    .fail_next
                    .push_back((if i % 2 == 0 { 504 } else { 503 }, Some(0))),
                _ => k.fail_next.push_back((0, None)),
            }
            if i % 3 == 0 {
                injected_http += 1;
            }
        }
    });
    let total = 300u64;
    let mut answered = 0;
    let mut errors = Vec::new();
    for window in 0..total / 30 {
        if window == 5 {
            server.forget_sessions();
            session_losses += 1;
        }
        for i in window * 30..(window + 1) * 30 {
            let tool = if i % 10 == 3 {
                "drop_then_answer"
            } else {
                "echo"
            };
            if tool == "drop_then_answer" {
                drops += 1;
            }
            b.send(&json!({"jsonrpc":"2.0","id":i,"method":"tools/call","params":{"name":tool,"arguments":{"i":i}}}))
                .await;
        }
        for _ in 0..30 {
            let m = loop {
                let m = b.recv().await;
                if m.get("id").is_some() && m.get("method").is_none() {
                    break m;
                }
            };
            let id = m["id"].as_u64().unwrap();
            match m["result"]["content"][0]["text"].as_str() {
                Some(t) if t == format!(r#"{{"i":{id}}}"#) => answered += 1,
                _ => errors.push(m),
            }
        }
    }
    b.close().await;
    let lost = total - answered;
    eprintln!(
        "fault storm: {} faults injected ({injected_http} HTTP 502/503/504, {drops} broken response streams, {session_losses} session loss); {total} requests, {lost} lost",
        injected_http + drops + session_losses
    );
    assert_eq!(lost, 0, "lost requests: {errors:?}");
}

/// The disk fills up while the bridge writes its state: the write fails, the old state file
/// survives intact, and the host is still answered. Runs the bridge in a private mount
/// namespace over a 256 KiB tmpfs (needs root and unshare, as in CI; elsewhere it says so and
/// returns).
#[cfg(target_os = "linux")]
#[tokio::test]
async fn a_full_disk_while_writing_state_keeps_the_old_state() {
    let root = std::process::Command::new("id")
        .arg("-u")
        .output()
        .map(|o| o.stdout == b"0\n")
        .unwrap_or(false);
    if !root {
        eprintln!("skipped: needs root for a private tmpfs");
        return;
    }
    let server = FakeServer::start(Knobs::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().display().to_string();
    // Outputs live outside the tmpfs, which will be full.
    let outs = tempfile::tempdir().unwrap();
    let o = outs.path().display().to_string();
    let bin = crate::support::bridge::BIN;
    // Two bridge runs in one mount namespace: the first writes state.json; its remembered
    // `initialize` result is then made stale (the bridge rewrites it only when the server's
    // differs) and the disk is filled; the second must fail to write and leave the file as
    // it was.
    let script = format!(
        r#"mount -t tmpfs -o size=256k tmpfs {d}
run() {{ printf '%s\n' '{{"jsonrpc":"2.0","id":1,"method":"initialize","params":{{"protocolVersion":"2025-11-25","capabilities":{{}},"clientInfo":{{"name":"h","version":"1"}}}}}}' | MCP_BRIDGE_DATA_DIR={d}/data DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent {bin} proxy {url} --store file -v; }}
run > {o}/out1 2> {o}/err1 || {{ echo "first run failed"; cat {o}/err1; exit 1; }}
sed -i 's/"last_initialize_result": {{/"last_initialize_result": {{"from": "an older server",/' {d}/data/state.json
grep -q 'an older server' {d}/data/state.json || {{ echo "no initialize result stored"; cat {d}/data/state.json; exit 1; }}
cp {d}/data/state.json {o}/state.before || {{ ls -la {d} {d}/data; cat {o}/err1; exit 1; }}
dd if=/dev/zero of={d}/fill bs=1k count=1000 2>/dev/null || true
run > {o}/out2 2> {o}/err2
cmp {d}/data/state.json {o}/state.before && echo STATE-INTACT
grep -c '"result"' {o}/out2
grep -o 'cannot remember the initialize result.*' {o}/err2 | head -1
"#,
        url = server.url
    );
    let out = tokio::process::Command::new("unshare")
        .args(["-m", "sh", "-c", &script])
        .output()
        .await
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(
        stdout.contains("STATE-INTACT"),
        "the old state file survives: {stdout}\n{stderr}"
    );
    assert!(
        stdout.lines().any(|l| l.trim() == "1"),
        "the host still got its answer: {stdout}"
    );
    assert!(
        stdout.contains("No space left on device"),
        "the failed write was reported: {stdout}"
    );
}
