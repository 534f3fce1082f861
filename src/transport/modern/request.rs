//! A request of the host's, sent until it has its final answer: a tool with invalid header
//! annotations is refused and an unknown one makes the bridge learn the tools first; a broken
//! stream is re-issued once under a new id (a broken `subscriptions/listen` stream ends the
//! subscription with `notifications/cancelled`); a header mismatch refetches `tools/list` and
//! retries once; an `input_required` result goes round with a legacy host; a cancellation
//! closes the stream.

use std::sync::atomic::Ordering;

use serde_json::{Value, json};
use tokio::sync::oneshot;
use tracing::{debug, warn};

use super::headers::ToolStatus;
use super::input_required::{self, Outcome};
use super::subscriptions::SUBSCRIPTION_ID;
use super::{HostEra, MAX_TOOL_PAGES, ModernHttp, meta_mut};
use crate::transport::TransportError;

enum Drive {
    Reply(Value),
    Cancelled,
}

impl ModernHttp {
    pub(super) async fn request(&self, req: Value) -> Result<(), TransportError> {
        let core = &self.core;
        let host_id = req["id"].clone();
        core.remember_host(&req);
        let original = core.with_meta(req);
        if let Some(refusal) = self.check_tool(&original).await {
            core.deliver(refusal).await;
            return Ok(());
        }
        let (stop_tx, mut stop_rx) = oneshot::channel();
        let key = host_id.to_string();
        core.inflight
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(key.clone(), stop_tx);
        let outcome = self.drive(&original, &host_id, &mut stop_rx).await;
        core.inflight
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .remove(&key);
        let mut reply = match outcome? {
            Drive::Reply(v) => v,
            Drive::Cancelled => {
                debug!(id = %host_id, "cancelled by the host; stream closed");
                return Ok(());
            }
        };
        reply["id"] = host_id.clone();
        if original["method"] == "tools/list"
            && let Some(result) = reply.get_mut("result")
        {
            core.headers.learn_and_filter(result);
        }
        if let Some(meta) = meta_mut(&mut reply, "result")
            && meta.contains_key(SUBSCRIPTION_ID)
        {
            meta.insert(SUBSCRIPTION_ID.into(), host_id);
        }
        core.deliver(reply).await;
        Ok(())
    }

    /// Send a request until it has a final answer: re-issue after a broken stream, refetch
    /// the tools after a header mismatch, and go round with the host on `input_required`.
    async fn drive(
        &self,
        original: &Value,
        host_id: &Value,
        stop: &mut oneshot::Receiver<()>,
    ) -> Result<Drive, TransportError> {
        let core = &self.core;
        let listen = original["method"] == "subscriptions/listen";
        let mut attempt = original.clone();
        let (mut reissued, mut refreshed, mut rounds) = (false, false, 0);
        loop {
            let sent = tokio::select! {
                r = core.post(&attempt, Some(host_id)) => r,
                _ = &mut *stop => return Ok(Drive::Cancelled),
            };
            let reply = match sent {
                Err(TransportError::Stream(detail)) if listen => {
                    // On stdio the end of a subscription is told with notifications/cancelled.
                    core.deliver(json!({"jsonrpc": "2.0", "method": "notifications/cancelled",
                        "params": {"requestId": host_id, "reason": format!("mcp-bridge: the subscription stream ended: {detail}")}}))
                        .await;
                    return Ok(Drive::Cancelled);
                }
                Err(TransportError::Stream(detail)) if !reissued => {
                    warn!(%detail, "the response stream broke; re-issuing the request");
                    reissued = true;
                    attempt["id"] = core.own_id();
                    continue;
                }
                Err(e)
                    if !refreshed
                        && attempt["method"] == "tools/call"
                        && e.jsonrpc_error()
                            .is_some_and(|b| b["error"]["code"] == -32020) =>
                {
                    debug!("header mismatch; fetching tools/list again");
                    refreshed = true;
                    core.headers.clear();
                    self.fetch_tools().await;
                    attempt["id"] = core.own_id();
                    continue;
                }
                Err(e) => match e.jsonrpc_error() {
                    Some(body) if core.confirmed.load(Ordering::SeqCst) => body,
                    _ => return Err(e),
                },
                Ok(reply) => reply,
            };
            let wants_input = reply["result"]["resultType"] == "input_required";
            if !wants_input || core.host_era == HostEra::Modern {
                return Ok(Drive::Reply(reply));
            }
            rounds += 1;
            if rounds > input_required::MAX_ROUNDS {
                return Ok(Drive::Reply(
                    json!({"jsonrpc": "2.0", "id": host_id, "error": {
                        "code": -32603,
                        "message": format!("mcp-bridge: the server asked for more input {} times; giving up", input_required::MAX_ROUNDS),
                    }}),
                ));
            }
            let result = &reply["result"];
            let responses = match result.get("inputRequests") {
                Some(asks) => match core.inputs.ask_host(core, asks, stop).await {
                    Outcome::Answered(r) => Some(r),
                    Outcome::Failed(error) => {
                        return Ok(Drive::Reply(
                            json!({"jsonrpc": "2.0", "id": host_id, "error": error}),
                        ));
                    }
                    Outcome::Cancelled => return Ok(Drive::Cancelled),
                },
                None => None,
            };
            attempt = input_required::retry(original, result, responses, core.own_id());
        }
    }

    /// A `tools/call` the bridge must refuse: the tool's header annotations are invalid. A
    /// tool not seen yet makes the bridge fetch `tools/list` first, to know its headers.
    async fn check_tool(&self, req: &Value) -> Option<Value> {
        if req["method"] != "tools/call" {
            return None;
        }
        let name = req["params"]["name"].as_str()?;
        if self.core.headers.status(name) == ToolStatus::Unknown {
            self.fetch_tools().await;
        }
        let ToolStatus::Invalid(reason) = self.core.headers.status(name) else {
            return None;
        };
        Some(json!({"jsonrpc": "2.0", "id": req["id"], "error": {
            "code": -32602,
            "message": format!("Tool \"{name}\" is not available: {reason} (mcp-bridge refuses tools with invalid x-mcp-header annotations)"),
        }}))
    }

    /// Learn every tool's header annotations (errors only logged).
    pub(super) async fn fetch_tools(&self) {
        let core = &self.core;
        let mut cursor: Option<Value> = None;
        for _ in 0..MAX_TOOL_PAGES {
            let mut params = json!({});
            if let Some(c) = cursor.take() {
                params["cursor"] = c;
            }
            let req = core.with_meta(
                json!({"jsonrpc": "2.0", "id": core.own_id(), "method": "tools/list", "params": params}),
            );
            let mut reply = match core.post(&req, None).await {
                Ok(r) => r,
                Err(e) => {
                    debug!(error = %e, "tools/list for the header annotations failed");
                    return;
                }
            };
            let Some(result) = reply.get_mut("result") else {
                return;
            };
            core.headers.learn_and_filter(result);
            match result.get("nextCursor").filter(|c| !c.is_null()) {
                Some(c) => cursor = Some(c.clone()),
                None => return,
            }
        }
    }
}
