//! The early answer: the handshake result the host gets at once when the connection waits on
//! a person (the last session's `initialize` result, or a minimal one saying the sign-in is
//! pending), and the simple answers (empty lists, `ping`) given while it waits.

use std::future::Future;

use serde_json::{Value, json};
use tracing::info;

use super::{LIST_CHANGES, Phase, empty_answer, for_host, minimal_capabilities, version_for};
use crate::jsonrpc::Message;
use crate::proxy::Bridge;
use crate::revision::HostEra;
use crate::revision::MODERN_VERSION;

impl Bridge {
    fn server_label(&self) -> String {
        let url = &self.cfg.url;
        match (url.host_str(), url.port()) {
            (Some(h), Some(p)) => format!("{h}:{p}"),
            (Some(h), None) => h.to_owned(),
            _ => url.to_string(),
        }
    }

    pub(in crate::proxy) fn pending_text(&self) -> String {
        format!(
            "mcp-bridge: sign-in to {} is pending in your browser; try again when it is done",
            self.cfg.url
        )
    }

    fn server_info(&self) -> Value {
        json!({
            "name": format!("mcp-bridge for {}", self.server_label()),
            "title": format!("{} through mcp-bridge (sign-in pending)", self.cfg.url),
            "version": env!("CARGO_PKG_VERSION"),
        })
    }

    fn instructions(&self) -> String {
        format!(
            "Sign-in to {} is pending: complete the sign-in in your browser (mcp-bridge opened \
             it, or printed its address in this server's log). Until then this server lists \
             no tools, prompts or resources; they appear once the sign-in is done.",
            self.cfg.url
        )
    }

    /// What to answer the host's handshake with: the result, and the protocol version told.
    pub(in crate::proxy) fn early_handshake(
        &self,
        host: HostEra,
        first: &Message,
    ) -> Option<(Value, Option<String>)> {
        match (host, first.method()) {
            (HostEra::Legacy, Some("initialize")) => {
                let asked = first.str_at(&["params", "protocolVersion"]);
                let cached = self.hooks.cache.as_ref().and_then(|c| c.load());
                let cached_version = cached
                    .as_ref()
                    .and_then(|c| c["protocolVersion"].as_str().map(str::to_owned));
                let version = version_for(asked.as_deref(), cached_version.as_deref());
                let result = match cached {
                    Some(mut c) if c.is_object() => {
                        info!(
                            "answering the host's initialize from the last session while the sign-in runs"
                        );
                        for (cap, _) in LIST_CHANGES {
                            if let Some(o) = c["capabilities"][cap].as_object_mut() {
                                o.insert("listChanged".into(), true.into());
                            }
                        }
                        c["protocolVersion"] = version.clone().into();
                        c
                    }
                    _ => {
                        info!("answering the host's initialize at once while the sign-in runs");
                        json!({
                            "protocolVersion": version,
                            "capabilities": minimal_capabilities(),
                            "serverInfo": self.server_info(),
                            "instructions": self.instructions(),
                        })
                    }
                };
                Some((result, Some(version)))
            }
            (HostEra::Modern, Some("server/discover")) => {
                info!("answering the host's server/discover at once while the sign-in runs");
                let info = self.server_info();
                let result = json!({
                    "supportedVersions": [MODERN_VERSION],
                    "capabilities": minimal_capabilities(),
                    "serverInfo": info,
                    "_meta": {"io.modelcontextprotocol/serverInfo": info},
                    "instructions": self.instructions(),
                });
                Some((for_host(host, "server/discover", result), None))
            }
            _ => None,
        }
    }

    /// Wait for `renewal`; if it turns out to wait on a person while the connection is being
    /// made, answer the host meanwhile (see the module doc).
    pub(in crate::proxy) async fn unless_person_awaited<T>(
        &self,
        msg: &Message,
        renewal: impl Future<Output = T>,
    ) -> T {
        let Some(mut waiting) = self.hooks.waiting_on_person.clone() else {
            return renewal.await;
        };
        if self.remote.get().is_some() || self.pending.phase() != Phase::Direct {
            return renewal.await;
        }
        tokio::pin!(renewal);
        let awaited = tokio::select! {
            out = &mut renewal => return out,
            awaited = waiting.wait_for(|w| *w) => awaited.is_ok(),
        };
        if awaited {
            self.answer_early(msg).await;
        }
        renewal.await
    }

    /// The first message waits on a person: answer it if it can be, and let the host's next
    /// messages be read.
    async fn answer_early(&self, first: &Message) {
        let host = HostEra::of_first(first);
        let told = self.early_handshake(host, first);
        let simple = match (&told, first.method(), first.id()) {
            (None, Some(m), Some(_)) => self.simple_answer(host, m),
            _ => None,
        };
        let answer = match (first.id(), told.as_ref().map(|t| &t.0).or(simple.as_ref())) {
            (Some(id), Some(result)) => Some(self.router.answer_early(id, result.clone()).await),
            _ => None,
        };
        let mut st = self.pending.state();
        st.host = Some(host);
        st.first = Some(first.uncharged());
        st.answer = answer;
        st.handshake = told.is_some();
        match told {
            Some((result, version)) => {
                st.told = result;
                st.version = version;
            }
            None => st.told = json!({"capabilities": minimal_capabilities()}),
        }
        self.pending.phase.send_replace(Phase::Waiting);
    }

    /// The local answer to a request while the connection waits, if there is one.
    pub(in crate::proxy) fn simple_answer(&self, host: HostEra, method: &str) -> Option<Value> {
        let result = match method {
            "ping" => json!({}),
            m => {
                empty_answer(m)
                    .filter(|(cap, _)| ["tools", "prompts", "resources"].contains(cap))?
                    .1
            }
        };
        Some(for_host(host, method, result))
    }
}
