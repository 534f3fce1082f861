//! Connecting when the host's first message goes out: the revision (see [`crate::revision::detect`]) and,
//! for the initialize-based revisions, the transport (Streamable HTTP or HTTP+SSE, falling
//! back on 400/404/405 as `--transport` allows). The first message is sent as part of
//! connecting, so no throwaway request or session is made beyond the one discovery probe.

use std::time::Duration;

use tracing::{debug, info};

use super::Bridge;
use crate::jsonrpc::Message;
use crate::revision::detect::{self, First, ServerEra};
use crate::revision::{HostEra, LEGACY_VERSIONS};
use crate::settings::{ProtocolChoice, TransportStrategy};
use crate::transport::{
    ForModernHost, LegacySse, ModernHttp, Remote, RemoteConfig, StreamableHttp, TransportError,
};

/// How long the bridge waits for the answer to an `initialize` it watches.
const WATCH_TIMEOUT: Duration = Duration::from_secs(60);

impl Bridge {
    /// Choose the revision and the transport, sending `msg` with them.
    pub(super) async fn connect(&self, msg: &Message) -> Result<Remote, TransportError> {
        // The host was answered early: the server is asked for the version the host was told.
        let told = self.pending.for_server(msg);
        if let Some(m) = &told {
            self.session.observe(m);
        }
        let msg = told.as_ref().unwrap_or(msg);
        let host = HostEra::of_first(msg);
        let cached = self.hooks.eras.as_ref().and_then(|c| c.load());
        let takes = host == HostEra::Legacy
            && detect::takes_server_requests(
                &msg.value_at(&["params", "capabilities"])
                    .unwrap_or_default(),
            );
        debug!(?host, ?cached, "connecting");
        let sse_first = matches!(
            self.opts.strategy,
            TransportStrategy::SseFirst | TransportStrategy::SseOnly
        );
        match detect::first_try(self.opts.protocol, host, cached, takes, sse_first) {
            First::Modern => self.modern_first(msg, host, takes).await,
            First::Legacy => self.legacy_first(msg, host).await,
        }
    }

    fn auto(&self) -> bool {
        self.opts.protocol == ProtocolChoice::Auto
    }

    fn remember(&self, era: ServerEra) {
        if let Some(c) = &self.hooks.eras
            && c.load() != Some(era)
        {
            c.save(era);
        }
    }

    /// Probe with `server/discover`; speak 2026-07-28 when the server does (and the decision
    /// rule says so), else go on with `initialize`.
    async fn modern_first(
        &self,
        msg: &Message,
        host: HostEra,
        takes: bool,
    ) -> Result<Remote, TransportError> {
        let modern = ModernHttp::new(self.cfg.clone(), host);
        let found = match modern.discover(msg).await {
            Ok(found) => found,
            Err(TransportError::NotModern(detail)) if self.auto() => {
                info!(%detail, "the server speaks an initialize-based revision");
                self.remember(ServerEra::Legacy);
                return self.legacy_for(msg, host).await;
            }
            Err(e) => return Err(e),
        };
        let (era, use_modern) = detect::after_discovery(&found, takes);
        self.remember(era);
        if !use_modern && self.auto() {
            info!("the server speaks the host's revision too; keeping it");
            return self.legacy_for(msg, host).await;
        }
        info!(host = ?host, "speaking 2026-07-28 to the server");
        match (host, msg.method()) {
            (HostEra::Legacy, Some("initialize")) => modern.answer_initialize(msg, &found).await?,
            (HostEra::Modern, Some("server/discover")) => {
                let found = serde_json::to_value(&found).unwrap_or_default();
                self.router
                    .from_server(Message::result_response(msg.id(), &found))
                    .await;
            }
            _ => modern.exchange(msg).await?,
        }
        Ok(Remote::Modern(Box::new(modern)))
    }

    /// An initialize-based server, for either host.
    async fn legacy_for(&self, msg: &Message, host: HostEra) -> Result<Remote, TransportError> {
        match host {
            HostEra::Legacy => connect_legacy(&self.cfg, self.opts.strategy, msg).await,
            HostEra::Modern => self.for_modern_host(msg).await,
        }
    }

    /// Start with `initialize`; in `auto`, a 2026-07-28 answer to it (a modern error, or a
    /// newer protocol version in the result) moves on to that revision.
    async fn legacy_first(&self, msg: &Message, host: HostEra) -> Result<Remote, TransportError> {
        if !self.auto() {
            return self.legacy_for(msg, host).await;
        }
        if host == HostEra::Modern {
            return match self.for_modern_host(msg).await {
                Err(e) if e.is_modern_era_error() => {
                    info!(error = %e, "the server now speaks 2026-07-28");
                    self.remember(ServerEra::Modern);
                    self.modern_first(msg, host, false).await
                }
                other => other,
            };
        }
        let watched = msg
            .id()
            .cloned()
            .filter(|_| msg.method() == Some("initialize"));
        let answer = watched
            .as_ref()
            .map(|id| self.router.expect_own(id.clone()));
        let remote = match connect_legacy(&self.cfg, self.opts.strategy, msg).await {
            Ok(r) => r,
            Err(e) => {
                if let Some(id) = &watched {
                    self.router.forget_own(id);
                }
                if e.is_modern_era_error() {
                    info!(error = %e, "the server now speaks 2026-07-28");
                    self.remember(ServerEra::Modern);
                    return self.modern_first(msg, host, false).await;
                }
                return Err(e);
            }
        };
        let (Some(id), Some(answer)) = (watched, answer) else {
            return Ok(remote);
        };
        let reply = match tokio::time::timeout(WATCH_TIMEOUT, answer).await {
            Ok(Ok(reply)) => reply,
            _ => {
                self.router.forget_own(&id);
                return Ok(remote);
            }
        };
        let version = reply.str_at(&["result", "protocolVersion"]);
        if let Some(v) = version.filter(|v| !LEGACY_VERSIONS.contains(&v.as_str())) {
            info!(
                version = v,
                "the server answered initialize with a newer revision"
            );
            remote.close().await;
            self.remember(ServerEra::Modern);
            return self.modern_first(msg, host, false).await;
        }
        self.router.complete(&id, reply).await;
        Ok(remote)
    }

    /// Hold an initialize-based session for a 2026-07-28 host.
    async fn for_modern_host(&self, msg: &Message) -> Result<Remote, TransportError> {
        let held = ForModernHost::new(self.cfg.clone(), msg);
        let init = held.initialize_message();
        let inner = connect_legacy(&held.inner_config(), self.opts.strategy, &init).await?;
        held.start(inner).await?;
        info!("holding an initialize-based session for the 2026-07-28 host");
        let remote = Remote::ForModernHost(Box::new(held));
        remote.exchange(msg).await?;
        Ok(remote)
    }
}

/// Choose the initialize-based transport by sending `msg` with the preferred one and falling
/// back on 400/404/405.
pub(super) async fn connect_legacy(
    cfg: &RemoteConfig,
    strategy: TransportStrategy,
    msg: &Message,
) -> Result<Remote, TransportError> {
    use TransportStrategy::*;
    if matches!(strategy, HttpFirst | HttpOnly) {
        let http = Remote::Http(StreamableHttp::new(cfg.clone()));
        return match http.exchange(msg).await {
            Ok(()) => Ok(http),
            Err(e) if strategy == HttpFirst && e.is_fallback_trigger() => {
                info!(error = %e, "Streamable HTTP refused; trying HTTP+SSE");
                let sse = LegacySse::connect(cfg.clone())
                    .await
                    .map_err(|e2| both_failed(e, e2))?;
                let sse = Remote::Sse(Box::new(sse));
                sse.exchange(msg).await?;
                Ok(sse)
            }
            Err(e) => Err(e),
        };
    }
    match LegacySse::connect(cfg.clone()).await {
        Ok(sse) => {
            let sse = Remote::Sse(Box::new(sse));
            sse.exchange(msg).await?;
            Ok(sse)
        }
        Err(e) if strategy == SseFirst && e.is_fallback_trigger() => {
            info!(error = %e, "HTTP+SSE refused; trying Streamable HTTP");
            let http = Remote::Http(StreamableHttp::new(cfg.clone()));
            http.exchange(msg).await.map_err(|e2| both_failed(e2, e))?;
            Ok(http)
        }
        Err(e) => Err(e),
    }
}

fn both_failed(first: TransportError, second: TransportError) -> TransportError {
    TransportError::NeitherTransport {
        http: Box::new(first),
        sse: Box::new(second),
    }
}
