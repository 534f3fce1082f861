//! Once the connection waited on is up: what waited goes out in order and the host is told
//! to list again; or, when it failed, what waited gets the failure. After that, requests for
//! what the host was told of and the server lacks are answered here.

use std::sync::Arc;

use serde_json::{Value, json};
use tracing::{debug, info};

use super::{LIST_CHANGES, Phase, empty_answer, for_host};
use crate::jsonrpc::{Kind, Message, error_codes};
use crate::proxy::{Bridge, Origin, REINIT_TIMEOUT};
use crate::revision::HostEra;
use crate::transport::modern::subscriptions::SUBSCRIPTION_ID;

impl Bridge {
    /// The message that makes the connection went out (`delivered`) or failed: if the host
    /// was answered early, finish what waited.
    pub(in crate::proxy) async fn after_connecting(self: &Arc<Self>, delivered: bool) {
        if self.pending.phase() != Phase::Waiting {
            return;
        }
        let answer = self.pending.state().answer.take();
        let outcome = match answer {
            Some(rx) => match tokio::time::timeout(REINIT_TIMEOUT, rx).await {
                Ok(Ok(reply)) => match reply.value_at(&["result"]) {
                    Some(result) => Ok(Some(result)),
                    None => Err(reply.value_at(&["error"]).unwrap_or_else(|| {
                        json!({"code": error_codes::REMOTE_ERROR,
                            "message": "mcp-bridge: the server's answer could not be read"})
                    })),
                },
                _ => Err(json!({"code": error_codes::REMOTE_ERROR,
                    "message": "mcp-bridge: the server did not answer after the sign-in"})),
            },
            None if delivered => Ok(None),
            None => Err(json!({"code": error_codes::REMOTE_ERROR,
                "message": "mcp-bridge: could not connect to the server"})),
        };
        match outcome {
            Ok(result) => self.connected(result).await,
            Err(error) => self.connection_failed(error).await,
        }
    }

    async fn connected(self: &Arc<Self>, result: Option<Value>) {
        let (host, first_method, told_version) = {
            let mut st = self.pending.state();
            // Only the answer to the handshake says what the server has.
            let handshake = st.handshake;
            st.real = result
                .as_ref()
                .filter(|_| handshake)
                .map(|r| r.get("capabilities").cloned().unwrap_or_else(|| json!({})));
            let method = st
                .first
                .as_ref()
                .and_then(|f| f.method().map(str::to_owned));
            (
                st.host.unwrap_or(HostEra::Legacy),
                method,
                st.version.clone(),
            )
        };
        if let (HostEra::Legacy, Some("initialize"), Some(result)) =
            (host, first_method.as_deref(), &result)
        {
            if let Some(cache) = &self.hooks.cache {
                cache.save(result);
            }
            let chosen = result["protocolVersion"].as_str().unwrap_or_default();
            if told_version.as_deref().is_some_and(|t| t != chosen) {
                info!(
                    server = chosen,
                    host = told_version.as_deref(),
                    "the server chose another protocol version than the host was told; \
                     messages pass unchanged"
                );
            }
        }
        info!("connected after the sign-in; sending what waited");
        self.pending.phase.send_replace(Phase::Flushing);
        loop {
            let batch: Vec<Message> = {
                let mut st = self.pending.state();
                if st.queue.is_empty() {
                    self.pending.phase.send_replace(Phase::Connected);
                    break;
                }
                st.queue.drain(..).collect()
            };
            for m in batch {
                self.resume(m).await;
            }
        }
        match host {
            HostEra::Legacy => {
                // Checked and noted under the lock that `owed_list_changes` takes, so that a
                // `notifications/initialized` passing meanwhile cannot be missed.
                {
                    let mut st = self.pending.state();
                    if self.session.initialized().is_none() {
                        st.owed = true;
                        return;
                    }
                }
                self.announce_list_changes().await;
            }
            HostEra::Modern => self.announce_on_subscriptions().await,
        }
    }

    /// Send a message that waited: requests concurrently, notifications in order.
    async fn resume(self: &Arc<Self>, msg: Message) {
        if self.fill_gap(&msg).await {
            return;
        }
        // It waited for the connection, not for a failed sign-in: as if read now.
        let origin = Origin::Host(std::time::Instant::now());
        if msg.kind() == Kind::Request {
            let me = self.clone();
            tokio::spawn(async move { me.deliver(msg, origin).await });
        } else if let Err(e) = self.send(&msg, origin).await {
            debug!(method = msg.method(), error = %e, "could not deliver a message that waited");
        }
    }

    /// Which of tools, prompts and resources the host was told of and the server has.
    fn changed_lists(&self) -> Vec<(&'static str, &'static str)> {
        let st = self.pending.state();
        LIST_CHANGES
            .into_iter()
            .filter(|(cap, _)| {
                st.told["capabilities"].get(*cap).is_some()
                    && st.real.as_ref().is_none_or(|r| r.get(*cap).is_some())
            })
            .collect()
    }

    async fn announce_list_changes(&self) {
        for (_, method) in self.changed_lists() {
            self.router.to_host(Message::notification(method)).await;
        }
    }

    /// The host's `notifications/initialized` went out: the list changes it is owed.
    pub(in crate::proxy) async fn owed_list_changes(&self) {
        let owed = std::mem::take(&mut self.pending.state().owed);
        if owed {
            self.announce_list_changes().await;
        }
    }

    async fn announce_on_subscriptions(&self) {
        let lists = self.changed_lists();
        let listens = self.pending.state().listens.clone();
        for (id, filter) in listens {
            for (cap, method) in &lists {
                let asked = match *cap {
                    "tools" => filter.tools,
                    "prompts" => filter.prompts,
                    _ => filter.resources,
                };
                if !asked {
                    continue;
                }
                let n = json!({"jsonrpc": "2.0", "method": method,
                    "params": {"_meta": {SUBSCRIPTION_ID: id}}});
                if let Ok(m) = Message::from_value(&n) {
                    self.router.to_host(m).await;
                }
            }
        }
    }

    async fn connection_failed(&self, error: Value) {
        let message = error["message"]
            .as_str()
            .unwrap_or("mcp-bridge: the sign-in failed")
            .to_owned();
        let code = error["code"].as_i64().unwrap_or(error_codes::REMOTE_ERROR);
        info!(error = %message, "could not connect after answering the host early");
        let failed: Vec<Message> = {
            let mut st = self.pending.state();
            let queue = std::mem::take(&mut st.queue);
            let (requests, notifications): (Vec<Message>, Vec<Message>) =
                queue.into_iter().partition(|m| m.kind() == Kind::Request);
            // The host's handshake notification is for the session that is still to come.
            st.queue = notifications
                .into_iter()
                .filter(|m| m.method() == Some("notifications/initialized"))
                .collect();
            st.listens.clear();
            self.pending.phase.send_replace(Phase::Failed);
            requests
        };
        for m in failed {
            if let Some(id) = m.id() {
                let data = json!({"source": "mcp-bridge"});
                self.router.fail(id, code, &message, Some(data)).await;
            }
        }
    }

    /// After connecting: a request for something the host was told of and the server lacks
    /// is answered here. Whether it was.
    pub(in crate::proxy) async fn fill_gap(&self, msg: &Message) -> bool {
        let (Kind::Request, Some(id), Some(method)) = (msg.kind(), msg.id(), msg.method()) else {
            return false;
        };
        let Some((cap, result)) = empty_answer(method) else {
            return false;
        };
        let host = {
            let st = self.pending.state();
            let told = st.told["capabilities"].get(cap).is_some();
            let lacks = st.real.as_ref().is_some_and(|r| r.get(cap).is_none());
            if !(told && lacks) {
                return false;
            }
            st.host.unwrap_or(HostEra::Legacy)
        };
        debug!(
            method,
            "the server lacks what the host was told of; answering"
        );
        let m = Message::result_response(Some(id), &for_host(host, method, result));
        self.router.complete(id, m).await;
        true
    }
}
