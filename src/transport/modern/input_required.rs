//! Multi round-trip requests (MRTR) for a 2025-11-25 host. A 2026-07-28 server that needs the
//! client's help in the middle of a request answers with an `input_required` result listing
//! `inputRequests` (`sampling/createMessage`, `elicitation/create`, `roots/list`) and an opaque
//! `requestState`. The host knows those as server-to-client requests, so the bridge sends them
//! to the host over stdio under ids of its own, collects the answers, and retries the original
//! request (new id, `inputResponses`, the exact `requestState`) until the server completes it.
//! A host error, a host cancellation, a missing host capability or too many rounds end the
//! round trip with an answer to the host, never a hang.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use serde_json::{Map, Value, json};
use tokio::sync::oneshot;

use super::Core;

/// Rounds one request may take before the bridge stops asking the host.
pub const MAX_ROUNDS: usize = 10;

/// How a round with the host ended.
pub enum Outcome {
    /// The host answered everything: the `inputResponses` map.
    Answered(Value),
    /// The round cannot go on: the JSON-RPC error for the host's original request.
    Failed(Value),
    /// The host cancelled its original request.
    Cancelled,
}

/// Requests sent to the host and waiting for its answer, by id (as JSON text).
pub struct Inputs {
    waiting: Mutex<HashMap<String, oneshot::Sender<Value>>>,
    prefix: String,
    next: AtomicU64,
}

impl Default for Inputs {
    fn default() -> Self {
        Self::new()
    }
}

impl Inputs {
    pub fn new() -> Self {
        let nonce = crate::clock::subsec_nanos();
        Inputs {
            waiting: Mutex::default(),
            prefix: format!("mcp-bridge-input-{}-{nonce:x}", std::process::id()),
            next: AtomicU64::new(1),
        }
    }

    /// A response from the host: true when it answers one of the bridge's requests.
    pub fn answer(&self, response: &Value) -> bool {
        let key = response["id"].to_string();
        match self
            .waiting
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .remove(&key)
        {
            Some(tx) => {
                let _ = tx.send(response.clone());
                true
            }
            None => false,
        }
    }

    /// Put the server's input requests to the host and wait for every answer.
    pub async fn ask_host(
        &self,
        core: &Core,
        requests: &Value,
        stop: &mut oneshot::Receiver<()>,
    ) -> Outcome {
        let caps = core.host_capabilities();
        let mut asked = Vec::new();
        for (key, req) in requests.as_object().into_iter().flatten() {
            let method = req["method"].as_str().unwrap_or_default();
            if let Err(e) = check_capability(method, &req["params"], &caps) {
                self.forget(&asked);
                return Outcome::Failed(e);
            }
            let id = json!(format!(
                "{}-{}",
                self.prefix,
                self.next.fetch_add(1, Ordering::Relaxed)
            ));
            let (tx, rx) = oneshot::channel();
            self.waiting
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .insert(id.to_string(), tx);
            asked.push((key.clone(), method.to_owned(), id, rx));
        }
        let mut waits = Vec::new();
        let mut ids = Vec::new();
        for (key, method, id, rx) in asked {
            let mut msg = json!({"jsonrpc": "2.0", "id": id, "method": method});
            if let Some(p) = requests[&key].get("params").filter(|p| !p.is_null()) {
                msg["params"] = p.clone();
            }
            core.deliver(msg).await;
            ids.push(id);
            waits.push(async move { (key, method, rx.await) });
        }
        let answers = tokio::select! {
            a = futures_util::future::join_all(waits) => a,
            _ = stop => {
                for id in &ids {
                    self.waiting.lock().unwrap_or_else(std::sync::PoisonError::into_inner).remove(&id.to_string());
                    let n = json!({"jsonrpc": "2.0", "method": "notifications/cancelled",
                        "params": {"requestId": id, "reason": "the host cancelled the request this was part of"}});
                    core.deliver(n).await;
                }
                return Outcome::Cancelled;
            }
        };
        let mut responses = Map::new();
        for (key, method, answer) in answers {
            let Ok(answer) = answer else {
                return Outcome::Failed(failure(
                    -32603,
                    &format!("the host never answered the server's {method} request"),
                ));
            };
            if let Some(err) = answer.get("error") {
                let code = err["code"].as_i64().unwrap_or(-32603);
                let text = err["message"].as_str().unwrap_or("(no message)");
                return Outcome::Failed(failure(
                    code,
                    &format!("the host refused the server's {method} request: {text}"),
                ));
            }
            responses.insert(key, answer["result"].clone());
        }
        Outcome::Answered(Value::Object(responses))
    }

    fn forget<T>(&self, asked: &[(String, String, Value, T)]) {
        let mut waiting = self
            .waiting
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        for (_, _, id, _) in asked {
            waiting.remove(&id.to_string());
        }
    }
}

/// The capability a host must have declared to be sent this request.
fn check_capability(method: &str, params: &Value, caps: &Value) -> Result<(), Value> {
    let (cap, present) = match method {
        "sampling/createMessage" => ("sampling", caps.get("sampling").is_some()),
        "roots/list" => ("roots", caps.get("roots").is_some()),
        "elicitation/create" if params["mode"] == "url" => {
            ("elicitation.url", caps["elicitation"].get("url").is_some())
        }
        "elicitation/create" => ("elicitation", caps.get("elicitation").is_some()),
        other => {
            return Err(failure(
                -32603,
                &format!(
                    "the server asked for \"{other}\", which is not an input request the bridge knows"
                ),
            ));
        }
    };
    if present {
        return Ok(());
    }
    let mut e = failure(
        -32603,
        &format!(
            "the server needs {method} to complete this request, and the host did not declare \
             the {cap} capability"
        ),
    );
    e["data"]["missingCapability"] = cap.into();
    Err(e)
}

fn failure(code: i64, text: &str) -> Value {
    json!({"code": code, "message": format!("mcp-bridge: {text}"), "data": {"source": "mcp-bridge"}})
}

/// The retry of `original` after an `input_required` result: a new id, the answers, and the
/// server's `requestState` exactly as given (absent when it sent none).
pub fn retry(original: &Value, result: &Value, responses: Option<Value>, id: Value) -> Value {
    let mut next = original.clone();
    next["id"] = id;
    // A request sent without params (or with params that are not an object) gets them now.
    if !next["params"].is_object() {
        next["params"] = json!({});
    }
    let Some(params) = next["params"].as_object_mut() else {
        return next;
    };
    params.remove("inputResponses");
    params.remove("requestState");
    if let Some(r) = responses {
        params.insert("inputResponses".into(), r);
    }
    if let Some(state) = result.get("requestState") {
        params.insert("requestState".into(), state.clone());
    }
    next
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_without_params_is_retried_with_them() {
        let result = json!({"resultType": "input_required", "requestState": "s"});
        for original in [
            json!({"jsonrpc": "2.0", "id": 1, "method": "tools/list"}),
            json!({"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": [1]}),
        ] {
            let r = retry(&original, &result, Some(json!({"a": 1})), json!(2));
            assert_eq!(r["params"]["inputResponses"]["a"], 1, "{r}");
            assert_eq!(r["id"], 2);
        }
    }

    #[test]
    fn retries_carry_the_answers_and_the_exact_state() {
        let original = json!({"jsonrpc": "2.0", "id": 1, "method": "tools/call",
            "params": {"name": "t", "arguments": {}, "_meta": {"k": 1}}});
        let result = json!({"resultType": "input_required", "requestState": "opaque=="});
        let r = retry(
            &original,
            &result,
            Some(json!({"a": {"action": "accept"}})),
            json!("n-2"),
        );
        assert_eq!(r["id"], "n-2");
        assert_eq!(r["params"]["requestState"], "opaque==");
        assert_eq!(r["params"]["inputResponses"]["a"]["action"], "accept");
        assert_eq!(r["params"]["_meta"]["k"], 1);
        let stateless = retry(
            &r,
            &json!({"resultType": "input_required"}),
            None,
            json!("n-3"),
        );
        assert!(stateless["params"].get("requestState").is_none());
        assert!(stateless["params"].get("inputResponses").is_none());
    }

    #[test]
    fn a_missing_capability_is_an_error() {
        let caps = json!({"elicitation": {}});
        assert!(check_capability("elicitation/create", &json!({}), &caps).is_ok());
        let e = check_capability("elicitation/create", &json!({"mode": "url"}), &caps).unwrap_err();
        assert_eq!(e["data"]["missingCapability"], "elicitation.url");
        let e = check_capability("sampling/createMessage", &Value::Null, &caps).unwrap_err();
        assert!(
            e["message"]
                .as_str()
                .unwrap()
                .contains("sampling capability")
        );
        assert!(check_capability("roots/list", &Value::Null, &json!({"roots": {}})).is_ok());
        assert!(check_capability("tasks/get", &Value::Null, &caps).is_err());
    }
}
