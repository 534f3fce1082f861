//! `subscriptions/listen` for the 2026-07-28 host, served from the initialize-based session:
//! the acknowledgement names what the session can deliver (list changes the server announced,
//! resources it lets the bridge subscribe to), the server's change notifications go to the
//! subscriptions that asked for them tagged with their id, and a cancelled subscription
//! unsubscribes the resources no other one needs.

use serde_json::{Value, json};
use tracing::debug;

use super::Shared;
use crate::transport::TransportError;
use crate::transport::modern::subscriptions::{Filter, SUBSCRIPTION_ID};

impl Shared {
    pub(super) fn subscribed_uris(&self) -> Vec<String> {
        let subs = self
            .subs
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut uris: Vec<String> = subs.values().flat_map(|(_, f)| f.uris.clone()).collect();
        uris.sort();
        uris.dedup();
        uris
    }

    /// The host opened a subscription: acknowledge what the session can deliver.
    pub(super) async fn subscribe(&self, v: &Value) -> Result<(), TransportError> {
        let asked = Filter::from_params(&v["params"]["notifications"]);
        let caps = self
            .init_result
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)["capabilities"]
            .clone();
        let mut honored = Filter {
            tools: asked.tools && caps["tools"]["listChanged"] == true,
            prompts: asked.prompts && caps["prompts"]["listChanged"] == true,
            resources: asked.resources && caps["resources"]["listChanged"] == true,
            uris: Vec::new(),
        };
        if caps["resources"]["subscribe"] == true {
            let held = self.subscribed_uris();
            for uri in asked.uris {
                let ok = held.contains(&uri)
                    || self
                        .call("resources/subscribe", json!({"uri": uri}))
                        .await
                        .is_ok_and(|r| r.get("result").is_some());
                if ok {
                    honored.uris.push(uri);
                }
            }
        }
        let ack = json!({"jsonrpc": "2.0", "method": "notifications/subscriptions/acknowledged",
            "params": {"_meta": {SUBSCRIPTION_ID: v["id"]}, "notifications": honored.to_params()}});
        self.subs
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(v["id"].to_string(), (v["id"].clone(), honored));
        self.deliver(ack).await;
        Ok(())
    }

    /// The host cancelled `id`: true when it was a subscription (now ended).
    pub(super) async fn unsubscribe(&self, id: &Value) -> bool {
        let Some((_, filter)) = self
            .subs
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .remove(&id.to_string())
        else {
            return false;
        };
        let still = self.subscribed_uris();
        for uri in filter.uris.into_iter().filter(|u| !still.contains(u)) {
            if let Err(e) = self
                .call("resources/unsubscribe", json!({"uri": uri}))
                .await
            {
                debug!(error = %e, "resources/unsubscribe failed");
            }
        }
        true
    }

    /// A server notification to the host: change notifications go to the subscriptions that
    /// asked for them (tagged with the subscription's id), others pass.
    pub(super) async fn route_notification(&self, v: Value) {
        let uri = v["params"]["uri"].as_str().unwrap_or_default();
        let wants = |f: &Filter| match v["method"].as_str() {
            Some("notifications/tools/list_changed") => Some(f.tools),
            Some("notifications/prompts/list_changed") => Some(f.prompts),
            Some("notifications/resources/list_changed") => Some(f.resources),
            Some("notifications/resources/updated") => Some(f.uris.iter().any(|u| u == uri)),
            _ => None,
        };
        if wants(&Filter::default()).is_none() {
            return self.deliver(v).await;
        }
        let targets: Vec<Value> = {
            let subs = self
                .subs
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            subs.values()
                .filter(|(_, f)| wants(f) == Some(true))
                .map(|(id, _)| id.clone())
                .collect()
        };
        for id in targets {
            let mut n = v.clone();
            if !n["params"].is_object() {
                n["params"] = json!({});
            }
            n["params"]["_meta"][SUBSCRIPTION_ID] = id;
            self.deliver(n).await;
        }
    }
}
