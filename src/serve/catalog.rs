//! What a tool catalog is: the [`ToolCatalog`] trait the server hosts, the tool definitions it
//! lists, the outcome of a call, and the [`CallContext`] a running call reports progress through.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use serde_json::{Map, Value, json};

use super::protocol::Version;
use crate::jsonrpc::{Message, StdoutWriter};

/// Who the server says it is in the `initialize` result.
#[derive(Debug, Clone)]
pub struct ServerInfo {
    pub name: String,
    pub title: String,
    pub version: String,
    /// Guidance for the model on how to use the tools, sent as `instructions`.
    pub instructions: Option<String>,
}

/// One tool as `tools/list` shows it.
#[derive(Debug, Clone)]
pub struct ToolDef {
    pub name: String,
    pub title: String,
    pub description: String,
    /// A JSON Schema object for the `arguments`.
    pub input_schema: Value,
    /// The tool changes nothing (`readOnlyHint`).
    pub read_only: bool,
    /// The tool may change or delete things (`destructiveHint`); only meaningful when not read-only.
    pub destructive: bool,
}

impl ToolDef {
    /// The `Tool` object of the MCP schema, with the fields `version` defines.
    pub fn to_json(&self, version: Version) -> Value {
        let mut tool = json!({
            "name": self.name,
            "description": self.description,
            "inputSchema": self.input_schema,
        });
        if version.has_titles() {
            tool["title"] = json!(self.title);
        }
        if version.has_annotations() {
            let mut annotations = json!({
                "title": self.title,
                "readOnlyHint": self.read_only,
                "openWorldHint": true,
            });
            if !self.read_only {
                annotations["destructiveHint"] = Value::Bool(self.destructive);
                annotations["idempotentHint"] = Value::Bool(false);
            }
            tool["annotations"] = annotations;
        }
        tool
    }
}

/// The outcome of a tool call that reached the tool: data, or an error the model should see.
#[derive(Debug, Clone, Default)]
pub struct ToolOutput {
    /// The payload, rendered as pretty JSON text and as `structuredContent.result`.
    pub value: Value,
    /// Short sentences shown after the data (demo data, pages cut, result cut).
    pub notes: Vec<String>,
    /// Extra `_meta` members of the result.
    pub meta: Map<String, Value>,
    /// A tool error (`isError: true`): the first note is the message.
    pub is_error: bool,
}

impl ToolOutput {
    pub fn success(value: Value) -> Self {
        ToolOutput {
            value,
            ..Default::default()
        }
    }

    /// A tool error whose message the model reads; `details` become the structured content.
    pub fn error(message: impl Into<String>, details: Value) -> Self {
        ToolOutput {
            value: details,
            notes: vec![message.into()],
            is_error: true,
            ..Default::default()
        }
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    pub fn with_meta(mut self, key: &str, value: Value) -> Self {
        self.meta.insert(key.to_owned(), value);
        self
    }
}

/// Why a call never reached a tool. These become JSON-RPC errors.
#[derive(Debug, thiserror::Error)]
pub enum CallError {
    #[error("unknown tool: {0}")]
    UnknownTool(String),
    /// A tool rule (flags or the machine policy) refuses the call; the message names it.
    #[error("{0}")]
    Refused(String),
}

/// A set of tools the server hosts.
pub trait ToolCatalog: Send + Sync + 'static {
    fn info(&self) -> ServerInfo;

    /// The tools, in the order `tools/list` shows them.
    fn tools(&self) -> Vec<ToolDef>;

    /// Run one tool. Argument problems are tool errors ([`ToolOutput::error`]), so the model can
    /// correct itself; only an unknown tool is a protocol error.
    fn call(
        &self,
        name: &str,
        arguments: Map<String, Value>,
        ctx: CallContext,
    ) -> impl Future<Output = Result<ToolOutput, CallError>> + Send;
}

/// What a running call may use: a progress reporter when the client asked for progress.
#[derive(Debug, Clone, Default)]
pub struct CallContext {
    progress: Option<Arc<Progress>>,
}

#[derive(Debug)]
struct Progress {
    token: Value,
    writer: StdoutWriter,
    sent: AtomicU64,
    /// The protocol version defines `message`.
    with_message: bool,
}

impl CallContext {
    /// A context that reports progress to `writer` under `token` (the request's
    /// `_meta.progressToken`), in the form `version` defines.
    pub fn with_progress(token: Value, writer: StdoutWriter, version: Version) -> Self {
        CallContext {
            progress: Some(Arc::new(Progress {
                token,
                writer,
                sent: AtomicU64::new(0),
                with_message: version.has_progress_message(),
            })),
        }
    }

    /// Whether the client asked for progress notifications.
    pub fn wants_progress(&self) -> bool {
        self.progress.is_some()
    }

    /// Send a `notifications/progress`. `progress` should grow with every call; a value that
    /// does not is raised to one more than the last sent.
    pub async fn progress(&self, progress: u64, total: Option<u64>, message: &str) {
        let Some(p) = &self.progress else { return };
        let last = p.sent.fetch_max(progress, Ordering::SeqCst);
        let progress = if progress <= last && last > 0 {
            p.sent.fetch_add(1, Ordering::SeqCst) + 1
        } else {
            progress
        };
        let mut params = json!({
            "progressToken": p.token,
            "progress": progress,
        });
        if p.with_message {
            params["message"] = json!(message);
        }
        if let Some(total) = total {
            params["total"] = json!(total.max(progress));
        }
        let v = json!({"jsonrpc": "2.0", "method": "notifications/progress", "params": params});
        if let Ok(msg) = Message::from_value(&v) {
            p.writer.send(msg).await;
        }
    }
}
