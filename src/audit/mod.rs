//! The audit log, a compliance record: one JSON line per `tools/call` the host made — when,
//! which server, which tool, the user the credential names, the outcome, how long it took and
//! how large the request was (docs/audit-log.md has the format). Arguments are left out
//! unless asked for (`--audit-include-arguments`, or `audit_arguments = true` in the machine
//! policy); results never go in. A bridge may write several files at once: the user's
//! `--audit-log` and every one the policy requires, each with its own choice about arguments.
//! How each file is shared and rotated is [`file`]'s part.

pub mod file;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use serde_json::json;

use crate::jsonrpc::Message;
pub use file::AuditFile;

/// Who is signed in, asked at the time of each entry (credentials change during a session).
pub type IdentitySource = Arc<dyn Fn() -> Option<String> + Send + Sync>;

/// The user a `Bearer` Authorization header's token names (`email`, `preferred_username` or
/// `sub`), read without verifying: a label for the record, when the token is a JWT.
pub fn bearer_identity(header: Option<&http::HeaderValue>) -> Option<String> {
    let value = header?.to_str().ok()?.trim();
    let (scheme, token) = value.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("bearer") {
        return None;
    }
    crate::oauth::id_token::identity(token.trim())
}

/// A file to write, and whether its entries carry the arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sink {
    pub path: PathBuf,
    pub include_arguments: bool,
}

pub struct AuditLog {
    files: Vec<(AuditFile, bool)>,
    server: String,
    identity: IdentitySource,
}

impl std::fmt::Debug for AuditLog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuditLog")
            .field("files", &self.files)
            .field("server", &self.server)
            .finish_non_exhaustive()
    }
}

/// A `tools/call` on its way, remembered until its answer.
#[derive(Debug)]
pub struct CallStart {
    tool: String,
    /// The arguments' JSON text, when some file records them.
    arguments: Option<String>,
    request_bytes: usize,
    started: Instant,
}

impl AuditLog {
    /// One file.
    pub fn open(
        path: &Path,
        server: &str,
        include_arguments: bool,
        identity: IdentitySource,
    ) -> std::io::Result<AuditLog> {
        let sink = Sink {
            path: path.to_owned(),
            include_arguments,
        };
        Self::open_all(&[sink], server, identity)
    }

    /// Several files; the same path named twice is written once (with arguments if either
    /// asked for them).
    pub fn open_all(
        sinks: &[Sink],
        server: &str,
        identity: IdentitySource,
    ) -> std::io::Result<AuditLog> {
        let mut files: Vec<(AuditFile, bool)> = Vec::new();
        for sink in sinks {
            if let Some(f) = files.iter_mut().find(|(f, _)| f.path() == sink.path) {
                f.1 |= sink.include_arguments;
                continue;
            }
            files.push((AuditFile::open(&sink.path)?, sink.include_arguments));
        }
        Ok(AuditLog {
            files,
            server: server.to_owned(),
            identity,
        })
    }

    /// The first file.
    pub fn path(&self) -> &Path {
        self.files.first().map_or(Path::new(""), |(f, _)| f.path())
    }

    /// Note a host request, if it is a `tools/call`.
    pub fn start(&self, msg: &Message) -> Option<CallStart> {
        if msg.method() != Some("tools/call") {
            return None;
        }
        let arguments = msg.field(&["params", "arguments"]);
        let recorded = self.files.iter().any(|(_, with)| *with);
        Some(CallStart {
            tool: msg.str_at(&["params", "name"]).unwrap_or_default(),
            arguments: recorded.then(|| arguments.map_or("null".into(), |a| a.get().into())),
            request_bytes: msg.text().len(),
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
            "user": (self.identity)(),
            "outcome": outcome,
            "duration_ms": (call.started.elapsed().as_secs_f64() * 1000.0 * 10.0).round() / 10.0,
            "request_bytes": call.request_bytes,
            "pid": std::process::id(),
        });
        if entry["user"].is_null() {
            entry.as_object_mut().map(|o| o.remove("user"));
        }
        // The error message and the arguments go in as they were written: any depth, any
        // number, nothing re-encoded.
        let mut line = entry.to_string();
        line.pop();
        if let Some(text) = error {
            line.push_str(&format!(r#","error":{text}"#));
        }
        for (file, with_arguments) in &self.files {
            let mut own = line.clone();
            if *with_arguments && let Some(args) = &call.arguments {
                own.push_str(&format!(r#","arguments":{args}"#));
            }
            own.push_str("}\n");
            if let Err(e) = file.append(own.as_bytes()) {
                tracing::warn!(path = %file.path().display(), error = %e, "cannot write the audit log");
            }
        }
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
    fn a_bearer_jwt_names_its_user_and_anything_else_nobody() {
        use base64::Engine;
        let payload = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(br#"{"sub":"u1","email":"ada@example.com"}"#);
        let header = |v: &str| http::HeaderValue::from_str(v).unwrap();
        let jwt = format!("Bearer eyJhbGciOiJub25lIn0.{payload}.sig");
        assert_eq!(
            bearer_identity(Some(&header(&jwt))).as_deref(),
            Some("ada@example.com")
        );
        assert_eq!(bearer_identity(Some(&header("Bearer opaque-token"))), None);
        assert_eq!(bearer_identity(Some(&header("Basic dXNlcjpwYXNz"))), None);
        assert_eq!(bearer_identity(None), None);
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
        assert_eq!(lines[0]["user"], "ada@example.com");
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
