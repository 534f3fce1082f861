//! Runs the real `mcp-bridge` binary as a host would: JSON-RPC lines on stdin, JSON-RPC lines
//! read back from stdout, stderr kept in a file for diagnostics. The process is killed when
//! the harness is dropped.

use std::process::Stdio;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader, Lines};
use tokio::process::{Child, ChildStdin, ChildStdout, Command};

pub const BIN: &str = env!("CARGO_BIN_EXE_mcp-bridge");

/// Set for every bridge the tests start: the OS keyring counts as unreachable, so that no test
/// reads or changes the keyring of the person running the tests (macOS and Windows always have
/// one). The tests of the real keyring clear it by giving it an empty value.
pub const NO_KEYRING: (&str, &str) = ("MCP_BRIDGE_NO_KEYRING", "1");
const WAIT: Duration = Duration::from_secs(15);

/// How soon "promptly" is in the exit tests: far below any network timeout a hang would wait
/// for, with room for a loaded CI machine. The real figures are measured by `bench/run.sh`.
pub const PROMPTLY: Duration = Duration::from_secs(5);

/// Poll `check` every 50 ms until it holds or [`WAIT`] has passed; whether it held.
pub async fn eventually<F, Fut>(mut check: F) -> bool
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = Instant::now() + WAIT;
    loop {
        if check().await {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

pub struct BridgeProc {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: Lines<BufReader<ChildStdout>>,
    /// Messages read while looking for something else.
    backlog: Vec<Value>,
    pub stderr_file: tempfile::NamedTempFile,
    /// The data directory when the test gave none: nothing a test run remembers (tokens,
    /// protocol eras) leaks into another test or the user's own directory.
    _data_dir: tempfile::TempDir,
}

impl BridgeProc {
    /// Start `mcp-bridge ARGS` with extra environment variables.
    pub fn spawn(args: &[&str], env: &[(&str, &str)]) -> BridgeProc {
        let stderr_file = tempfile::NamedTempFile::new().unwrap();
        let data_dir = tempfile::tempdir().unwrap();
        let mut cmd = Command::new(BIN);
        cmd.args(args)
            .env("MCP_BRIDGE_DATA_DIR", data_dir.path())
            .env(NO_KEYRING.0, NO_KEYRING.1)
            .env_remove("RUST_LOG")
            .env("NO_COLOR", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(stderr_file.reopen().unwrap())
            .kill_on_drop(true);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("spawn mcp-bridge");
        let stdin = child.stdin.take();
        let stdout = BufReader::new(child.stdout.take().unwrap()).lines();
        BridgeProc {
            child,
            stdin,
            stdout,
            backlog: Vec::new(),
            stderr_file,
            _data_dir: data_dir,
        }
    }

    pub fn stderr(&self) -> String {
        std::fs::read_to_string(self.stderr_file.path()).unwrap_or_default()
    }

    /// The process id, for signals and /proc (the tests that use them run on Unix only).
    #[cfg(unix)]
    pub fn pid(&self) -> u32 {
        self.child.id().unwrap()
    }

    pub async fn send_raw(&mut self, line: &str) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin.write_all(line.as_bytes()).await.unwrap();
        stdin.write_all(b"\n").await.unwrap();
        stdin.flush().await.unwrap();
    }

    pub async fn send(&mut self, v: &Value) {
        self.send_raw(&v.to_string()).await;
    }

    /// The next stdout line as JSON (panics if it is not JSON: stdout must be JSON-RPC only).
    pub async fn recv(&mut self) -> Value {
        if !self.backlog.is_empty() {
            return self.backlog.remove(0);
        }
        self.recv_fresh().await
    }

    async fn recv_fresh(&mut self) -> Value {
        self.recv_within(WAIT).await
    }

    async fn recv_within(&mut self, wait: Duration) -> Value {
        let line = tokio::time::timeout(wait, self.stdout.next_line())
            .await
            .unwrap_or_else(|_| panic!("no output within {wait:?}; stderr:\n{}", self.stderr()))
            .unwrap()
            .unwrap_or_else(|| panic!("stdout closed; stderr:\n{}", self.stderr()));
        serde_json::from_str(&line)
            .unwrap_or_else(|e| panic!("stdout line is not JSON ({e}): {line:.200}"))
    }

    /// The next stdout line as it was written (for JSON that `serde_json::Value` cannot hold).
    pub async fn recv_line(&mut self) -> String {
        tokio::time::timeout(WAIT, self.stdout.next_line())
            .await
            .unwrap_or_else(|_| panic!("no output within {WAIT:?}; stderr:\n{}", self.stderr()))
            .unwrap()
            .unwrap_or_else(|| panic!("stdout closed; stderr:\n{}", self.stderr()))
    }

    /// Whether the process is still running.
    pub fn running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// Wait for the message that answers `id`, keeping others for later.
    pub async fn response(&mut self, id: &Value) -> Value {
        if let Some(i) = self
            .backlog
            .iter()
            .position(|m| &m["id"] == id && m.get("method").is_none())
        {
            return self.backlog.remove(i);
        }
        loop {
            let m = self.recv_fresh().await;
            if &m["id"] == id && m.get("method").is_none() {
                return m;
            }
            self.backlog.push(m);
        }
    }

    /// [`Self::response`], for an answer that may take longer than the usual wait.
    pub async fn response_within(&mut self, id: &Value, wait: Duration) -> Value {
        if let Some(i) = self
            .backlog
            .iter()
            .position(|m| &m["id"] == id && m.get("method").is_none())
        {
            return self.backlog.remove(i);
        }
        let deadline = Instant::now() + wait;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let m = self.recv_within(left).await;
            if &m["id"] == id && m.get("method").is_none() {
                return m;
            }
            self.backlog.push(m);
        }
    }

    /// Wait for a message with this method, keeping others for later.
    pub async fn message_with_method(&mut self, method: &str) -> Value {
        if let Some(i) = self.backlog.iter().position(|m| m["method"] == method) {
            return self.backlog.remove(i);
        }
        loop {
            let m = self.recv_fresh().await;
            if m["method"] == method {
                return m;
            }
            self.backlog.push(m);
        }
    }

    pub async fn request(&mut self, id: Value, method: &str, params: Value) -> Value {
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }))
            .await;
        self.response(&id).await
    }

    /// The host's handshake: initialize, then notifications/initialized.
    pub async fn initialize(&mut self) -> Value {
        let r = self
            .request(
                json!(0),
                "initialize",
                json!({ "protocolVersion": "2025-11-25", "capabilities": { "roots": {} },
                        "clientInfo": { "name": "test-host", "version": "1" } }),
            )
            .await;
        self.send(&json!({ "jsonrpc": "2.0", "method": "notifications/initialized" }))
            .await;
        r
    }

    /// Wait until a bridge that answered the handshake while a sign-in was pending is
    /// connected: it then tells the host (once the host sent `notifications/initialized`)
    /// that the tool list changed.
    pub async fn signed_in(&mut self) {
        self.message_with_method("notifications/tools/list_changed")
            .await;
    }

    /// The handshake of a start that signs in: `initialize` (answered at once while the
    /// sign-in is pending), `notifications/initialized`, then the wait until connected.
    pub async fn initialize_and_sign_in(&mut self) -> Value {
        let r = self.initialize().await;
        self.signed_in().await;
        r
    }

    /// `tools/list` as a host does it: an empty list from a bridge that is still signing in
    /// is asked again once the bridge says the list changed. Needs the handshake done.
    pub async fn tools_when_ready(&mut self, id: Value) -> Value {
        let r = self.request(id.clone(), "tools/list", json!({})).await;
        if r["result"]["tools"]
            .as_array()
            .is_some_and(|t| t.is_empty())
        {
            self.signed_in().await;
            return self.request(id, "tools/list", json!({})).await;
        }
        r
    }

    /// Close stdin and wait for exit; returns the exit code and how long it took.
    pub async fn close(&mut self) -> (Option<i32>, Duration) {
        self.stdin.take();
        let start = Instant::now();
        let status = tokio::time::timeout(WAIT, self.child.wait())
            .await
            .unwrap_or_else(|_| panic!("no exit after stdin EOF; stderr:\n{}", self.stderr()))
            .unwrap();
        (status.code(), start.elapsed())
    }

    /// Wait for exit without closing stdin (after a signal).
    #[cfg(unix)]
    pub async fn wait(&mut self) -> (Option<i32>, Duration) {
        let start = Instant::now();
        let status = tokio::time::timeout(WAIT, self.child.wait())
            .await
            .expect("exit")
            .unwrap();
        (status.code(), start.elapsed())
    }
}

/// Run the binary to completion with arguments and stdin; (exit code, stdout, stderr).
pub fn run_once(args: &[&str], stdin: &str) -> (Option<i32>, String, String) {
    use std::io::Write;
    let mut child = std::process::Command::new(BIN)
        .args(args)
        .env("NO_COLOR", "1")
        .env(NO_KEYRING.0, NO_KEYRING.1)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Run the binary to completion without blocking the test's runtime (its fakes keep
/// answering): (exit code, stdout, stderr). `env` entries with an empty value are removed.
pub async fn run_async(
    args: &[&str],
    env: &[(&str, &str)],
    stdin: &str,
) -> (Option<i32>, String, String) {
    use tokio::io::AsyncWriteExt;
    let mut cmd = tokio::process::Command::new(BIN);
    cmd.args(args)
        .env("NO_COLOR", "1")
        .env(NO_KEYRING.0, NO_KEYRING.1)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    for (k, v) in env {
        if v.is_empty() {
            cmd.env_remove(k);
        } else {
            cmd.env(k, v);
        }
    }
    let mut child = cmd.spawn().unwrap();
    let mut input = child.stdin.take().unwrap();
    let _ = input.write_all(stdin.as_bytes()).await;
    drop(input);
    let out = child.wait_with_output().await.unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}
