//! What the host sends while the connection waits on a sign-in: answered here when it can
//! be, else queued (requests for at most [`super::HOLD`]); a request after a failed sign-in
//! starts the connection again.

use std::sync::Arc;

use serde_json::{Value, json};
use tracing::info;

use super::{HOLD, Phase, for_host};
use crate::jsonrpc::{Kind, Message, error_codes};
use crate::proxy::Bridge;
use crate::revision::HostEra;
use crate::transport::modern::subscriptions::{Filter, SUBSCRIPTION_ID};

impl Bridge {
    /// Handle a host message while the host has been answered early. Whether it was handled
    /// (else it goes to the server as usual).
    pub(in crate::proxy) async fn while_pending(self: &Arc<Self>, msg: &Message) -> bool {
        match self.pending.phase() {
            Phase::Direct => false,
            Phase::Connected => self.fill_gap(msg).await,
            Phase::Failed if msg.kind() == Kind::Request => {
                self.connect_again();
                self.wait_with(msg).await
            }
            Phase::Waiting | Phase::Flushing | Phase::Failed => self.wait_with(msg).await,
        }
    }

    /// Answer or queue `msg`. Whether it was handled: not when the connection came up
    /// meanwhile (then it goes on as usual).
    async fn wait_with(self: &Arc<Self>, msg: &Message) -> bool {
        let waiting = self.pending.phase() == Phase::Waiting;
        let host = self.pending.state().host.unwrap_or(HostEra::Legacy);
        let Some(id) = msg.id().cloned().filter(|_| msg.kind() == Kind::Request) else {
            return self.queue_notification(msg) || self.fill_gap(msg).await;
        };
        let method = msg.method().unwrap_or_default();
        if waiting {
            let told = match method {
                "initialize" | "server/discover" => {
                    let told = {
                        let st = self.pending.state();
                        st.handshake.then(|| st.told.clone())
                    };
                    told.or_else(|| {
                        self.early_handshake(HostEra::of_first(msg), msg)
                            .map(|(result, _)| result)
                    })
                }
                m => self.simple_answer(host, m),
            };
            if let Some(result) = told {
                let m = Message::result_response(Some(&id), &result);
                self.router.complete(&id, m).await;
                return true;
            }
            match method {
                "logging/setLevel" => {
                    // Set now; the server gets it once connected, under an id of the bridge's.
                    let own = self.session.own_id();
                    let Some(copy) = msg.with_id(&own) else {
                        return false;
                    };
                    drop(self.router.expect_own(own.clone()));
                    if !self.pending.enqueue(copy) {
                        self.router.forget_own(&own);
                        return self.fill_gap(msg).await;
                    }
                    let m = Message::result_response(Some(&id), &for_host(host, method, json!({})));
                    self.router.complete(&id, m).await;
                    return true;
                }
                "subscriptions/listen" => {
                    let asked = Filter::from_params(
                        &msg.value_at(&["params", "notifications"])
                            .unwrap_or_default(),
                    );
                    let honored = Filter {
                        tools: asked.tools,
                        prompts: asked.prompts,
                        resources: asked.resources,
                        uris: Vec::new(),
                    };
                    let id_value: Value = serde_json::from_str(id.as_json()).unwrap_or(Value::Null);
                    let ack = json!({"jsonrpc": "2.0", "method": "notifications/subscriptions/acknowledged",
                        "params": {"_meta": {SUBSCRIPTION_ID: id_value}, "notifications": honored.to_params()}});
                    if !self.pending.enqueue(msg.clone()) {
                        return false;
                    }
                    self.router.acknowledged(&id);
                    self.pending.state().listens.push((id_value, honored));
                    if let Ok(m) = Message::from_value(&ack) {
                        self.router.to_host(m).await;
                    }
                    return true;
                }
                _ => {}
            }
        }
        if !self.pending.enqueue(msg.clone()) {
            return self.fill_gap(msg).await;
        }
        let me = self.clone();
        tokio::spawn(async move {
            tokio::time::sleep(HOLD).await;
            if me.pending.unqueue(&id) {
                let text = me.pending_text();
                let data = json!({"source": "mcp-bridge"});
                me.router
                    .fail(&id, error_codes::REMOTE_ERROR, &text, Some(data))
                    .await;
            }
        });
        true
    }

    /// Whether it was queued (or dropped: cancelling a request that waits).
    fn queue_notification(&self, msg: &Message) -> bool {
        if msg.method() == Some("notifications/cancelled")
            && let Some(cancelled) = msg.value_at(&["params", "requestId"])
        {
            let id = self.pending.state().queue.iter().find_map(|m| {
                let id = m.id().filter(|_| m.kind() == Kind::Request)?;
                let same = serde_json::from_str::<Value>(id.as_json()).ok()? == cancelled;
                same.then(|| id.clone())
            });
            if let Some(id) = id
                && self.pending.unqueue(&id)
            {
                // Cancelled before it left: it never reaches the server, and is not answered.
                self.router.forget(&id);
                return true;
            }
        }
        self.pending.enqueue(msg.clone())
    }

    /// After a failure: send the first message again (it may start a new sign-in).
    fn connect_again(self: &Arc<Self>) {
        let first = {
            let mut st = self.pending.state();
            let Some(first) = st.first.clone() else {
                return;
            };
            if let Some(id) = first.id() {
                st.answer = Some(self.router.take_aside(id.clone()));
            }
            first
        };
        self.pending.phase.send_replace(Phase::Waiting);
        info!("trying to connect again");
        let me = self.clone();
        let task = tokio::spawn(async move {
            // Sent again because the host sent something new: a new sign-in may start.
            let origin = crate::proxy::Origin::Host(std::time::Instant::now());
            let delivered = me.deliver(first, origin).await;
            me.after_connecting(delivered).await;
        });
        self.keep_handle(task.abort_handle());
    }
}
