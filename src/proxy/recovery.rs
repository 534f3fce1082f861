//! What the relay loop does when things go wrong: starting a new server session on the host's
//! behalf when the server forgot the old one, and the keep-alive pings that find out.

use std::sync::Arc;
use std::time::Duration;

use tracing::{debug, info, warn};

use super::{Bridge, REINIT_TIMEOUT};
use crate::jsonrpc::{Id, Message};
use crate::transport::{Remote, TransportError};

impl Bridge {
    /// Start a new server session on the host's behalf: replay its `initialize` (response
    /// swallowed) and `notifications/initialized`. Skipped when another task already did it
    /// since `generation`.
    pub(super) async fn reinitialize(
        &self,
        remote: &Remote,
        generation: u64,
    ) -> Result<(), TransportError> {
        let _guard = self.reinit_lock.lock().await;
        if remote.session_generation() != generation {
            return Ok(());
        }
        let Some((id, init)) = self.session.replay_initialize() else {
            return Err(TransportError::SessionExpired);
        };
        info!("the server forgot the session; starting a new one");
        self.reinitializing.send_replace(true);
        let result = self.start_new_session(remote, id, init).await;
        self.reinitializing.send_replace(false);
        result
    }

    pub(super) async fn start_new_session(
        &self,
        remote: &Remote,
        id: Id,
        init: Message,
    ) -> Result<(), TransportError> {
        remote.reset().await?;
        let answer = self.router.expect_own(id.clone());
        if let Err(e) = remote.exchange(&init).await {
            self.router.forget_own(&id);
            return Err(e);
        }
        let reply = match tokio::time::timeout(REINIT_TIMEOUT, answer).await {
            Ok(Ok(reply)) => reply,
            _ => {
                self.router.forget_own(&id);
                return Err(TransportError::NoAnswer {
                    method: "the replayed initialize".into(),
                });
            }
        };
        if reply.has(&["error"]) {
            return Err(TransportError::Refused {
                method: "the replayed initialize".into(),
                error: reply.value_at(&["error"]).unwrap_or_default(),
            });
        }
        if let Some(initialized) = self.session.initialized() {
            remote.exchange(&initialized).await?;
            remote.on_initialized();
        }
        Ok(())
    }

    pub(super) async fn keep_alive(self: Arc<Self>, period: Duration) {
        let mut tick = tokio::time::interval_at(tokio::time::Instant::now() + period, period);
        loop {
            tick.tick().await;
            if self.remote.get().is_none() || self.session.initialized().is_none() {
                continue;
            }
            let id: Id = self.session.own_id();
            let pong = self.router.expect_own(id.clone());
            let ping = Message::request(&id, "ping", None);
            let ok = match self.send(&ping, super::Origin::Bridge).await {
                Ok(()) => tokio::time::timeout(Duration::from_secs(10), pong)
                    .await
                    .is_ok_and(|r| r.is_ok()),
                Err(e) => {
                    warn!(error = %e, "keep-alive ping failed");
                    false
                }
            };
            if !ok {
                self.router.forget_own(&id);
            }
            debug!(ok, "keep-alive ping");
        }
    }
}
