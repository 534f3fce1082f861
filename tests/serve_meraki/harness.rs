//! Drives the real `mcp-bridge` executable over stdio: spawn it, send JSON-RPC lines, read
//! responses and notifications, and check that stdout carries nothing but JSON-RPC.

use std::process::Stdio;
use std::time::Duration;

use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader, Lines};
use tokio::process::{Child, ChildStdin, ChildStdout, Command};

use super::fake_dashboard::{FakeDashboard, KEY};

pub const BIN: &str = env!("CARGO_BIN_EXE_mcp-bridge");

/// A running `mcp-bridge` with pipes to its stdin and stdout.
pub struct Server {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: Lines<BufReader<ChildStdout>>,
    next_id: u64,
    /// Responses read while waiting for another one.
    pending: std::collections::HashMap<u64, Value>,
    /// Notifications received while waiting for responses.
    pub notifications: Vec<Value>,
}

/// A data directory that stays empty, so no test reads a key stored on this machine.
pub fn empty_data_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("serve-meraki-no-data")
}

/// A command for the binary with a clean environment: no proxies, no key unless given, no
/// keyring (it counts as unreachable, so no test touches the keyring of the person running the
/// tests), and a data directory with nothing in it.
pub fn command(args: &[&str]) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.args(args)
        .env("MCP_BRIDGE_DATA_DIR", empty_data_dir())
        .env("MCP_BRIDGE_CONFIG_DIR", empty_data_dir())
        .env("MCP_BRIDGE_NO_KEYRING", "1")
        .env_remove("MERAKI_DASHBOARD_API_KEY")
        .env_remove("MERAKI_BASE_URL")
        .env_remove("MERAKI_REGION")
        .env_remove("RUST_LOG")
        .env_remove("MCP_BRIDGE_LOG_FILE");
    for var in [
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
    ] {
        cmd.env_remove(var);
    }
    cmd.kill_on_drop(true);
    cmd
}

impl Server {
    /// `serve meraki --demo` plus `extra` flags.
    pub async fn demo(extra: &[&str]) -> Server {
        let mut args = vec!["serve", "meraki", "--demo"];
        args.extend_from_slice(extra);
        Server::spawn(command(&args)).await
    }

    /// `serve meraki` against `fake` with the test key, fast retries, plus `extra` flags.
    pub async fn live(fake: &FakeDashboard, extra: &[&str]) -> Server {
        Server::live_with_key(fake, KEY, extra).await
    }

    /// `serve meraki` against `fake` with `key`, fast retries, plus `extra` flags.
    pub async fn live_with_key(fake: &FakeDashboard, key: &str, extra: &[&str]) -> Server {
        let mut args = vec![
            "serve",
            "meraki",
            "--base-url",
            &fake.base,
            "--retry-base-delay-ms",
            "20",
        ];
        args.extend_from_slice(extra);
        let mut cmd = command(&args);
        cmd.env("MERAKI_DASHBOARD_API_KEY", key);
        Server::spawn(cmd).await
    }

    /// Start `cmd` and initialize it as a 2025-11-25 client.
    pub async fn spawn(cmd: Command) -> Server {
        let mut s = Server::spawn_uninitialized(cmd).await;
        let init = s
            .request("initialize", json!({"protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "tests", "version": "1"}}))
            .await;
        assert_eq!(init["result"]["protocolVersion"], "2025-11-25", "{init}");
        s.notify("notifications/initialized", json!({})).await;
        s
    }

    /// Start `cmd` and send nothing yet.
    pub async fn spawn_uninitialized(mut cmd: Command) -> Server {
        cmd.stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        let mut child = cmd.spawn().expect("start mcp-bridge");
        let stdin = child.stdin.take();
        let stdout = BufReader::new(child.stdout.take().unwrap()).lines();
        Server {
            child,
            stdin,
            stdout,
            next_id: 1,
            pending: Default::default(),
            notifications: Vec::new(),
        }
    }

    pub async fn send_line(&mut self, line: &str) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin.write_all(line.as_bytes()).await.unwrap();
        stdin.write_all(b"\n").await.unwrap();
        stdin.flush().await.unwrap();
    }

    pub async fn notify(&mut self, method: &str, params: Value) {
        let line = json!({"jsonrpc": "2.0", "method": method, "params": params}).to_string();
        self.send_line(&line).await;
    }

    /// Send a request; returns its id.
    pub async fn send_request(&mut self, method: &str, params: Value) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        let line =
            json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}).to_string();
        self.send_line(&line).await;
        id
    }

    /// The next message on stdout (which must be one JSON-RPC object per line).
    pub async fn next_message(&mut self, wait: Duration) -> Option<Value> {
        let line = tokio::time::timeout(wait, self.stdout.next_line())
            .await
            .ok()?
            .unwrap()?;
        let v: Value = serde_json::from_str(&line)
            .unwrap_or_else(|e| panic!("stdout line is not JSON ({e}): {line}"));
        assert_eq!(v["jsonrpc"], "2.0", "stdout carries only JSON-RPC: {line}");
        Some(v)
    }

    /// Wait for the response to `id`, keeping notifications aside.
    pub async fn response(&mut self, id: u64) -> Value {
        if let Some(v) = self.pending.remove(&id) {
            return v;
        }
        loop {
            let v = self
                .next_message(Duration::from_secs(30))
                .await
                .unwrap_or_else(|| panic!("no response to request {id}"));
            if v.get("method").is_some() {
                self.notifications.push(v);
                continue;
            }
            match v.get("id").and_then(Value::as_u64) {
                Some(got) if got == id => return v,
                Some(other) => {
                    self.pending.insert(other, v);
                }
                None => panic!("a response without an id: {v}"),
            }
        }
    }

    pub async fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.send_request(method, params).await;
        self.response(id).await
    }

    /// `tools/call`; returns the `result` (panics on a JSON-RPC error).
    pub async fn call(&mut self, tool: &str, args: Value) -> Value {
        let r = self
            .request("tools/call", json!({"name": tool, "arguments": args}))
            .await;
        r.get("result")
            .cloned()
            .unwrap_or_else(|| panic!("{tool}: JSON-RPC error {r}"))
    }

    /// Close stdin and wait for the exit status.
    /// The process's peak resident memory so far (VmHWM), in kB.
    #[cfg(target_os = "linux")]
    pub fn peak_rss_kb(&self) -> u64 {
        let pid = self.child.id().expect("running");
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0)
    }

    pub async fn finish(mut self) -> std::process::ExitStatus {
        self.stdin.take();
        tokio::time::timeout(Duration::from_secs(10), self.child.wait())
            .await
            .expect("exits after stdin closes")
            .unwrap()
    }
}

/// The text of a tool result's first content block.
pub fn text(result: &Value) -> &str {
    result["content"][0]["text"].as_str().unwrap_or_default()
}

/// All notes of a tool result.
pub fn notes(result: &Value) -> String {
    result["structuredContent"]["notes"]
        .as_array()
        .map(|n| {
            n.iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join("\n")
        })
        .unwrap_or_default()
}

pub fn is_error(result: &Value) -> bool {
    result["isError"] == json!(true)
}

/// Wait (up to 10 s) until `check` holds.
pub async fn eventually(what: &str, mut check: impl FnMut() -> bool) {
    for _ in 0..500 {
        if check() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("timed out waiting for {what}");
}
