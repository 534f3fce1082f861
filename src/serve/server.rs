//! The stdio loop: read JSON-RPC lines from stdin, answer protocol methods inline, run each
//! `tools/call` as its own task (so `notifications/cancelled` can abort it and `ping` is answered
//! while it runs), and write every message through the single stdout writer.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};
use tokio::io::{AsyncBufRead, AsyncWrite};
use tokio::task::AbortHandle;

use super::protocol::{self, CallParams, Version};
use super::{CallContext, CallError, ToolCatalog, result};
use crate::jsonrpc::{
    Id, Kind, LineReader, Message, StdoutWriter, error_codes, spawn_stdout_writer,
};

/// Limits of the server.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Longest accepted input line, in bytes.
    pub max_message_size: usize,
    /// Results above this many bytes are cut (lists shortened) with a note.
    pub max_result_bytes: usize,
    /// How long running calls may finish after stdin closes.
    pub drain_timeout: Duration,
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            max_message_size: 4 * 1024 * 1024,
            max_result_bytes: 256 * 1024,
            drain_timeout: Duration::from_secs(5),
        }
    }
}

type InFlight = Arc<Mutex<HashMap<String, AbortHandle>>>;

/// Serve `catalog` on `input`/`output` until the input ends.
pub async fn serve<C, R, W>(catalog: Arc<C>, input: R, output: W, opts: ServeOptions)
where
    C: ToolCatalog,
    R: AsyncBufRead + Unpin,
    W: AsyncWrite + Unpin + Send + 'static,
{
    let budget = crate::jsonrpc::ByteBudget::for_max_message(opts.max_message_size);
    let (writer, writer_task) = spawn_stdout_writer(output, budget);
    let in_flight: InFlight = Arc::default();
    let mut version = Version::NEWEST;
    let mut tasks = tokio::task::JoinSet::new();
    let mut reader = LineReader::new(input, opts.max_message_size);
    while let Some(line) = reader.next_line().await {
        let msgs = match line
            .map_err(|e| (error_codes::INVALID_REQUEST, e.to_string()))
            .and_then(|l| Message::parse(l).map_err(|e| (e.code(), e.to_string())))
        {
            Ok(m) if m.kind() == Kind::Batch => m.batch_items().unwrap_or_default(),
            Ok(m) => vec![Ok(m)],
            Err((code, e)) => {
                tracing::warn!("unreadable input: {e}");
                writer
                    .send(Message::error_response(None, code, &e, None))
                    .await;
                continue;
            }
        };
        for msg in msgs {
            let msg = match msg {
                Ok(m) => m,
                Err(e) => {
                    writer
                        .send(Message::error_response(
                            None,
                            e.code(),
                            &e.to_string(),
                            None,
                        ))
                        .await;
                    continue;
                }
            };
            let session = Session {
                writer: &writer,
                in_flight: &in_flight,
                opts: &opts,
            };
            handle(&catalog, &session, &mut version, &mut tasks, msg).await;
        }
        while tasks.try_join_next().is_some() {}
    }
    // stdin closed: let running calls finish for a moment, then stop them.
    if tokio::time::timeout(opts.drain_timeout, async {
        while tasks.join_next().await.is_some() {}
    })
    .await
    .is_err()
    {
        tracing::info!("stopping {} running call(s) at end of input", tasks.len());
        tasks.shutdown().await;
    }
    drop(writer);
    let _ = writer_task.await;
}

/// What every message is handled with.
struct Session<'a> {
    writer: &'a StdoutWriter,
    in_flight: &'a InFlight,
    opts: &'a ServeOptions,
}

async fn handle<C: ToolCatalog>(
    catalog: &Arc<C>,
    session: &Session<'_>,
    version: &mut Version,
    tasks: &mut tokio::task::JoinSet<()>,
    msg: Message,
) {
    let Session {
        writer, in_flight, ..
    } = *session;
    let method = msg.method().unwrap_or_default().to_owned();
    match msg.kind() {
        Kind::Notification => {
            if method == "notifications/cancelled"
                && let Ok(v) = msg.to_value()
            {
                cancel(in_flight, &v);
            }
            return;
        }
        Kind::Request => {}
        // We send no requests, so responses and stray batches are ignored.
        _ => return,
    }
    let Some(id) = msg.id().cloned() else { return };
    // Only the params are read: a request nested too deep for a value is refused.
    let params = match msg
        .field(&["params"])
        .map(|p| serde_json::from_str::<Value>(p.get()))
    {
        Some(Err(_)) => {
            let text = format!("mcp-bridge: {}", crate::jsonrpc::ParseError::TooDeep);
            let reply =
                Message::error_response(Some(&id), error_codes::INVALID_PARAMS, &text, None);
            writer.send(reply).await;
            return;
        }
        other => other.and_then(Result::ok),
    };
    let params = params.as_ref();
    let reply = match method.as_str() {
        "initialize" => {
            let (result, negotiated) =
                protocol::initialize_result(params.unwrap_or(&Value::Null), &catalog.info());
            *version = negotiated;
            Ok(result)
        }
        "ping" => Ok(json!({})),
        "tools/list" => Ok(protocol::tools_list_result(&catalog.tools(), *version)),
        "tools/call" => match protocol::parse_call(params) {
            Ok(call) => {
                start_call(catalog, session, *version, tasks, id, call);
                return;
            }
            Err(e) => Err((error_codes::INVALID_PARAMS, e)),
        },
        other => Err((
            error_codes::METHOD_NOT_FOUND,
            format!("method not found: {other}"),
        )),
    };
    writer.send(response(&id, reply)).await;
}

fn start_call<C: ToolCatalog>(
    catalog: &Arc<C>,
    session: &Session<'_>,
    version: Version,
    tasks: &mut tokio::task::JoinSet<()>,
    id: Id,
    call: CallParams,
) {
    let Session {
        writer,
        in_flight,
        opts,
    } = *session;
    let ctx = match call.progress_token {
        Some(token) => CallContext::with_progress(token, writer.clone(), version),
        None => CallContext::default(),
    };
    let key = id_key(id.as_json());
    let (catalog, writer, registry, cap) = (
        catalog.clone(),
        writer.clone(),
        in_flight.clone(),
        opts.max_result_bytes,
    );
    let task_key = key.clone();
    // Hold the registry lock while spawning so the task cannot finish before it is registered.
    let mut map = in_flight
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let handle = tasks.spawn(async move {
        let started = std::time::Instant::now();
        let outcome = catalog.call(&call.name, call.arguments, ctx).await;
        tracing::debug!(tool = %call.name, elapsed_us = started.elapsed().as_micros() as u64, "tool call done");
        let reply = match outcome {
            Ok(mut out) => {
                out.meta.insert("mcp-bridge/elapsedMs".into(), json!(started.elapsed().as_secs_f64() * 1000.0));
                Ok(result::render(out, cap, version))
            }
            Err(e @ (CallError::UnknownTool(_) | CallError::Refused(_))) => Err((error_codes::INVALID_PARAMS, e.to_string())),
        };
        // A cancelled call is no longer registered and must not be answered.
        if registry.lock().unwrap_or_else(std::sync::PoisonError::into_inner).remove(&task_key).is_some() {
            writer.send(response(&id, reply)).await;
        }
    });
    map.insert(key, handle);
}

/// Abort the call a `notifications/cancelled` names, if it is still running.
fn cancel(in_flight: &InFlight, v: &Value) {
    let Some(request_id) = v.get("params").and_then(|p| p.get("requestId")) else {
        return;
    };
    let key = id_key(&request_id.to_string());
    if let Some(handle) = in_flight
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .remove(&key)
    {
        let reason = v["params"]
            .get("reason")
            .and_then(Value::as_str)
            .unwrap_or("no reason given");
        tracing::info!(request = %key, reason, "call cancelled by the client");
        handle.abort();
    }
}

/// Ids compared as canonical JSON text, so `1` and ` 1` match.
fn id_key(json_text: &str) -> String {
    serde_json::from_str::<Value>(json_text)
        .map(|v| v.to_string())
        .unwrap_or_else(|_| json_text.to_owned())
}

fn response(id: &Id, reply: Result<Value, (i64, String)>) -> Message {
    match reply {
        Ok(result) => Message::result_response(Some(id), &result),
        Err((code, message)) => Message::error_response(Some(id), code, &message, None),
    }
}
