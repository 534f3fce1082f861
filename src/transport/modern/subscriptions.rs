//! `subscriptions/listen` for a 2025-11-25 host. The stateless revision has no GET stream and
//! no `resources/subscribe`; change notifications come on long-lived `subscriptions/listen`
//! response streams instead. The bridge opens one stream for the list changes the server
//! offers (when the host initializes) and one per resource the host subscribes to, and turns
//! what arrives into the host's `notifications/tools/list_changed`,
//! `notifications/resources/updated` and so on. A stream that drops is opened again with
//! backoff; since events may have been missed meanwhile, the host is then told to refetch.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tracing::{debug, warn};

use super::Core;
use crate::backoff::Backoff;
use crate::transport::sse::SseParser;
use crate::transport::{TransportError, content_type};

/// How long the bridge waits for a stream's acknowledgement.
const ACK_WAIT: Duration = Duration::from_secs(5);
pub const SUBSCRIPTION_ID: &str = "io.modelcontextprotocol/subscriptionId";

/// The notifications asked for (or acknowledged) on one stream.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub tools: bool,
    pub prompts: bool,
    pub resources: bool,
    pub uris: Vec<String>,
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        !self.tools && !self.prompts && !self.resources && self.uris.is_empty()
    }

    pub fn to_params(&self) -> Value {
        let mut n = serde_json::Map::new();
        for (on, key) in [
            (self.tools, "toolsListChanged"),
            (self.prompts, "promptsListChanged"),
            (self.resources, "resourcesListChanged"),
        ] {
            if on {
                n.insert(key.into(), Value::Bool(true));
            }
        }
        if !self.uris.is_empty() {
            n.insert("resourceSubscriptions".into(), json!(self.uris));
        }
        Value::Object(n)
    }

    pub fn from_params(n: &Value) -> Filter {
        Filter {
            tools: n["toolsListChanged"] == true,
            prompts: n["promptsListChanged"] == true,
            resources: n["resourcesListChanged"] == true,
            uris: n["resourceSubscriptions"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|u| u.as_str().map(str::to_owned))
                .collect(),
        }
    }

    /// The host notifications that make it refetch what this filter covers.
    fn refetch(&self) -> Vec<Value> {
        let mut out = Vec::new();
        for (on, method) in [
            (self.tools, "notifications/tools/list_changed"),
            (self.prompts, "notifications/prompts/list_changed"),
            (self.resources, "notifications/resources/list_changed"),
        ] {
            if on {
                out.push(json!({"jsonrpc": "2.0", "method": method}));
            }
        }
        for uri in &self.uris {
            out.push(json!({"jsonrpc": "2.0", "method": "notifications/resources/updated", "params": {"uri": uri}}));
        }
        out
    }
}

/// The open streams, by what they listen for ("" for the list changes, else the URI).
#[derive(Default)]
pub struct Listeners {
    streams: Mutex<HashMap<String, JoinHandle<()>>>,
}

impl Listeners {
    /// Open a stream for `filter` under `key` (replacing one there) and return what the server
    /// acknowledged; nothing when it refused or did not acknowledge in time.
    pub async fn open(&self, core: &Arc<Core>, key: &str, filter: Filter) -> Filter {
        self.close(key);
        if filter.is_empty() {
            return Filter::default();
        }
        let (ack_tx, ack_rx) = oneshot::channel();
        let task = tokio::spawn(listen(core.clone(), filter, ack_tx));
        let honored = match tokio::time::timeout(ACK_WAIT, ack_rx).await {
            Ok(Ok(f)) => f,
            _ => Filter::default(),
        };
        if honored.is_empty() {
            task.abort();
        } else {
            self.streams
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .insert(key.to_owned(), task);
        }
        honored
    }

    /// Close the stream under `key` (closing it is the cancellation).
    pub fn close(&self, key: &str) -> bool {
        let old = self
            .streams
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .remove(key);
        old.map(|t| t.abort()).is_some()
    }

    pub fn close_all(&self) {
        for (_, t) in self
            .streams
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .drain()
        {
            t.abort();
        }
    }
}

impl Drop for Listeners {
    fn drop(&mut self) {
        self.close_all();
    }
}

/// One listen stream, re-opened after drops until the task is aborted.
async fn listen(core: Arc<Core>, filter: Filter, ack: oneshot::Sender<Filter>) {
    let mut ack = Some(ack);
    let mut backoff = Backoff::for_listening();
    loop {
        match run_once(&core, &filter, &mut ack).await {
            Ok(true) => backoff = Backoff::for_listening(),
            Ok(false) => {}
            Err(e) => debug!(error = %e, "subscriptions/listen failed"),
        }
        if let Some(tx) = ack.take() {
            // The first attempt never got as far as an acknowledgement: give up.
            let _ = tx.send(Filter::default());
            return;
        }
        match backoff.next_delay(None) {
            Some(d) => tokio::time::sleep(d).await,
            None => {
                warn!("giving up on subscriptions/listen; change notifications stop");
                return;
            }
        }
    }
}

/// Open the stream once and relay it until it ends. `Ok(true)`: it was acknowledged.
async fn run_once(
    core: &Arc<Core>,
    filter: &Filter,
    ack: &mut Option<oneshot::Sender<Filter>>,
) -> Result<bool, TransportError> {
    let id = core.own_id();
    let req = core.with_meta(
        json!({"jsonrpc": "2.0", "id": id, "method": "subscriptions/listen",
        "params": {"notifications": filter.to_params()}}),
    );
    let mut resp = core.open(&req).await?;
    if !content_type(&resp).starts_with("text/event-stream") {
        debug!("subscriptions/listen answered without a stream");
        return Ok(false);
    }
    let mut parser = SseParser::new(core.cfg.max_message_size);
    let mut acknowledged = false;
    loop {
        let Some(chunk) = resp
            .chunk()
            .await
            .map_err(|e| TransportError::Stream(crate::transport::error::error_chain(&e)))?
        else {
            return Ok(acknowledged);
        };
        parser
            .feed(&chunk)
            .map_err(|e| TransportError::TooLarge { limit: e.limit })?;
        while let Some(ev) = parser.next_event() {
            let Ok(mut v) = serde_json::from_str::<Value>(&ev.data) else {
                continue;
            };
            if v.get("method").is_none() {
                // The server ended the subscription (a response to the listen request).
                return Ok(acknowledged);
            }
            if v["method"] == "notifications/subscriptions/acknowledged" {
                let honored = Filter::from_params(&v["params"]["notifications"]);
                match ack.take() {
                    Some(tx) => {
                        let _ = tx.send(honored);
                    }
                    None => {
                        for n in honored.refetch() {
                            core.deliver(n).await;
                        }
                    }
                }
                acknowledged = true;
                continue;
            }
            if let Some(meta) = super::meta_mut(&mut v, "params") {
                meta.remove(SUBSCRIPTION_ID);
                if meta.is_empty() {
                    v["params"].as_object_mut().map(|p| p.remove("_meta"));
                }
            }
            if v["method"] == "notifications/tools/list_changed" {
                core.headers.clear();
            }
            core.deliver(v).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_round_trip_and_name_what_to_refetch() {
        let f = Filter {
            tools: true,
            uris: vec!["note://a".into()],
            ..Filter::default()
        };
        let p = f.to_params();
        assert_eq!(
            p,
            json!({"toolsListChanged": true, "resourceSubscriptions": ["note://a"]})
        );
        assert_eq!(Filter::from_params(&p), f);
        let methods: Vec<_> = f.refetch().iter().map(|n| n["method"].clone()).collect();
        assert_eq!(
            methods,
            [
                "notifications/tools/list_changed",
                "notifications/resources/updated"
            ]
        );
        assert!(Filter::default().is_empty());
    }
}
