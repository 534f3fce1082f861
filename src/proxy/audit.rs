//! The audit log (`--audit-log PATH`): one JSON line per `tools/call` the host made — when,
//! which server, which tool, how long, the outcome, and who was signed in when that is known.
//! Arguments and results are left out unless `--audit-include-arguments` (then the arguments,
//! never results). The file is opened by [`crate::files::open_private_append`] (mode 0600, no
//! link followed, another user's file refused) and appended to under an exclusive lock per
//! line, so several bridges can share one file.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use serde_json::json;

use crate::jsonrpc::Message;

/// Who is signed in, asked at the time of each entry (credentials change during a session).
pub type IdentitySource = Arc<dyn Fn() -> Option<String> + Send + Sync>;

pub struct AuditLog {
    path: PathBuf,
    file: File,
    server: String,
    include_arguments: bool,
    identity: IdentitySource,
}

impl std::fmt::Debug for AuditLog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuditLog")
            .field("path", &self.path)
            .field("server", &self.server)
            .field("include_arguments", &self.include_arguments)
            .finish_non_exhaustive()
    }
}

/// A `tools/call` on its way, remembered until its answer.
#[derive(Debug)]
pub struct CallStart {
    tool: String,
    /// The arguments' JSON text, when they are recorded.
    arguments: Option<String>,
    started: Instant,
}

impl AuditLog {
    pub fn open(
        path: &Path,
        server: &str,
        include_arguments: bool,
        identity: IdentitySource,
    ) -> std::io::Result<AuditLog> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        // Narrowed to 0600 when others could read it: the entries name tools and, with
        // --audit-include-arguments, their arguments.
        let file = crate::files::open_private_append(path, "audit log")?;
        Ok(AuditLog {
            path: path.to_owned(),
            file,
            server: server.to_owned(),
            include_arguments,
            identity,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Note a host request, if it is a `tools/call`.
    pub fn start(&self, msg: &Message) -> Option<CallStart> {
        if msg.method() != Some("tools/call") {
            return None;
        }
        let arguments = msg.field(&["params", "arguments"]);
        Some(CallStart {
            tool: msg.str_at(&["params", "name"]).unwrap_or_default(),
            arguments: self
                .include_arguments
                .then(|| arguments.map_or("null".into(), |a| a.get().into())),
            started: Instant::now(),
        })
    }

    /// Write the entry for a call and its answer. Failing to write is logged, never fatal.
    pub fn finish(&self, call: CallStart, answer: &Message) {
        let (outcome, error) = if answer.has(&["error"]) {
            let message = answer.field(&["error", "message"]);
            (
                "error",
                Some(message.map_or("null", |m| m.get()).to_owned()),
            )
        } else if answer
            .field(&["result", "isError"])
            .is_some_and(|e| e.get() == "true")
        {
            ("tool_error", None)
        } else {
            ("ok", None)
        };
        let mut entry = json!({
            "time": crate::clock::rfc3339_now(),
            "server": self.server,
            "tool": call.tool,
            "duration_ms": (call.started.elapsed().as_secs_f64() * 1000.0 * 10.0).round() / 10.0,
            "outcome": outcome,
        });
        if let Some(who) = (self.identity)() {
            entry["identity"] = who.into();
        }
        // The error message and the arguments go in as they were written: any depth, any
        // number, nothing re-encoded.
        let mut line = entry.to_string();
        line.pop();
        for (key, text) in [("error", error), ("arguments", call.arguments)] {
            if let Some(text) = text {
                line.push_str(&format!(r#","{key}":{text}"#));
            }
        }
        line.push_str("}\n");
        if let Err(e) = self.append(line.as_bytes()) {
            tracing::warn!(path = %self.path.display(), error = %e, "cannot write the audit log");
        }
    }

    fn append(&self, line: &[u8]) -> std::io::Result<()> {
        self.file.lock()?;
        let written = (&self.file).write_all(line);
        let _ = self.file.unlock();
        written
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn msg(v: Value) -> Message {
        Message::from_value(&v).unwrap()
    }

    #[cfg(unix)]
    #[test]
    fn an_existing_file_readable_by_others_is_narrowed_to_0600() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.jsonl");
        std::fs::write(&path, "{\"earlier\":true}\n").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let log = AuditLog::open(&path, "https://x.test/mcp", false, Arc::new(|| None)).unwrap();
        assert_eq!(
            std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );
        drop(log);
        assert!(
            std::fs::read_to_string(&path)
                .unwrap()
                .starts_with("{\"earlier\""),
            "earlier entries are kept"
        );
    }

    #[test]
    fn entries_carry_outcome_and_no_arguments_unless_asked() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.jsonl");
        let who: IdentitySource = Arc::new(|| Some("ada@example.com".into()));
        let log = AuditLog::open(&path, "https://x.test/mcp", false, who.clone()).unwrap();
        let call = msg(
            json!({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"secret":"s3"}}}),
        );
        let start = log.start(&call).unwrap();
        log.finish(
            start,
            &msg(json!({"jsonrpc":"2.0","id":1,"result":{"isError":true,"content":[]}})),
        );
        assert!(
            log.start(&msg(json!({"jsonrpc":"2.0","id":2,"method":"tools/list"})))
                .is_none()
        );
        let with_args = AuditLog::open(&path, "https://x.test/mcp", true, who).unwrap();
        let start = with_args.start(&call).unwrap();
        with_args.finish(
            start,
            &msg(json!({"jsonrpc":"2.0","id":1,"error":{"code":-32000,"message":"boom"}})),
        );
        let text = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0]["outcome"], "tool_error");
        assert_eq!(lines[0]["identity"], "ada@example.com");
        assert!(
            lines[0].get("arguments").is_none() && !text.lines().next().unwrap().contains("s3")
        );
        assert_eq!(lines[1]["outcome"], "error");
        assert_eq!(lines[1]["arguments"]["secret"], "s3");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
    }
}
