//! The last steps of the diagnosis: the transport the bridge would choose, an `initialize`
//! round trip (or, for a 2026-07-28 server, `server/discover`) and `tools/list`, sent with the
//! credential the bridge would use. Like the proxy in `--protocol auto`, it asks
//! `server/discover` first and falls back to `initialize` when the server does not know it.

use serde_json::{Value, json};
use tokio::sync::mpsc;

use super::Report;
use super::checks::Inputs;
use crate::credential::manager::bearer_of;
use crate::jsonrpc::Message;
use crate::revision::HostEra;
use crate::transport::{
    BearerSlot, Incoming, LegacySse, ModernHttp, Remote, RemoteConfig, StreamableHttp,
};

pub(super) fn init_params() -> Value {
    json!({"protocolVersion": "2025-11-25", "capabilities": {},
           "clientInfo": {"name": "mcp-bridge-doctor", "version": env!("CARGO_PKG_VERSION")}})
}

/// `initialize` and `tools/list` with the credential the bridge would send.
pub(super) async fn round_trip(r: &mut Report, inputs: &Inputs<'_>) {
    let ctx = inputs.ctx;
    let bearer = BearerSlot::default();
    if inputs.own_credential.is_none()
        && let Ok(Some(t)) = ctx.store.load(&ctx.key)
    {
        bearer.set(Some(bearer_of(&t, inputs.use_id_token).clone()));
    }
    let (tx, mut rx) = mpsc::channel(64);
    let cfg = RemoteConfig {
        client: inputs.transport.clone(),
        url: ctx.url.clone(),
        headers: inputs.headers.clone(),
        bearer,
        headers_timeout: None,
        max_message_size: 16 * 1024 * 1024,
        inbound: tx,
        budget: crate::jsonrpc::ByteBudget::for_max_message(16 * 1024 * 1024),
        access_saas: ctx.manager.authorizer().settings().is_access_saas(),
    };
    let init = Message::from_value(
        &json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": init_params()}),
    )
    .expect("a request");
    let modern = ModernHttp::new(cfg.clone(), HostEra::Legacy);
    if let Ok(found) = modern.discover(&init).await {
        let modern = Remote::Modern(Box::new(modern));
        r.ok("Transport", modern.name());
        let info = found
            .get("serverInfo")
            .or_else(|| found["_meta"].get("io.modelcontextprotocol/serverInfo"))
            .cloned()
            .unwrap_or(Value::Null);
        let versions: Vec<&str> = found["supportedVersions"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        r.ok(
            "server/discover",
            format!(
                "{} {} (protocols {})",
                info["name"].as_str().unwrap_or("?"),
                info["version"].as_str().unwrap_or(""),
                versions.join(", ")
            ),
        );
        list_tools(r, &modern, &mut rx).await;
        return;
    }
    let http = Remote::Http(StreamableHttp::new(cfg.clone()));
    let (remote, sent) = match http.exchange(&init).await {
        Err(e) if e.is_fallback_trigger() => match LegacySse::connect(cfg).await {
            Ok(sse) => {
                let sse = Remote::Sse(Box::new(sse));
                let sent = sse.exchange(&init).await;
                (sse, sent)
            }
            Err(e2) => (http, Err(e2)),
        },
        other => (http, other),
    };
    if let Err(e) = sent {
        r.skip("Transport", "no transport answered");
        let fix = match e.status() {
            Some(401) if e.refused_bearer().is_some() => refused_fix(inputs),
            Some(401) => format!("sign in: mcp-bridge login {}", ctx.key.as_str()),
            Some(404) => "nothing answers MCP at this address: check the URL path (often …/mcp, or …/sse for an older server)".into(),
            _ => "run the bridge with -vv to see the exchange".into(),
        };
        r.fail("initialize", e.to_string(), fix);
        r.skip("Tools", "not reached");
        return;
    }
    r.ok("Transport", remote.name());
    let reply = response(&mut rx, 1).await;
    match &reply {
        Some(v) if v.get("result").is_some() => {
            let info = &v["result"]["serverInfo"];
            r.ok(
                "initialize",
                format!(
                    "{} {} (protocol {})",
                    info["name"].as_str().unwrap_or("?"),
                    info["version"].as_str().unwrap_or(""),
                    v["result"]["protocolVersion"].as_str().unwrap_or("?")
                ),
            );
        }
        other => {
            r.fail(
                "initialize",
                format!(
                    "no result: {}",
                    other
                        .as_ref()
                        .map(Value::to_string)
                        .unwrap_or_else(|| "no answer".into())
                ),
                "run the bridge with -vv to see the exchange",
            );
            r.skip("Tools", "not reached");
            remote.close().await;
            return;
        }
    }
    let notify =
        Message::from_value(&json!({"jsonrpc": "2.0", "method": "notifications/initialized"}))
            .expect("a notification");
    let _ = remote.exchange(&notify).await;
    list_tools(r, &remote, &mut rx).await;
}

/// What to do when the server refused the stored credential (its words are in the detail):
/// refresh it when it can be, else sign in again.
fn refused_fix(inputs: &Inputs<'_>) -> String {
    let key = inputs.ctx.key.as_str();
    match inputs.ctx.store.load(&inputs.ctx.key) {
        Ok(Some(t)) if t.refresh_token.is_some() => format!(
            "the server no longer takes the stored access token; the bridge refreshes it when              this happens (`mcp-bridge token {key} --refresh` does it now; if the server still              refuses it, `mcp-bridge login {key} --force`)"
        ),
        _ => format!("sign in again: mcp-bridge login {key} --force"),
    }
}

/// `tools/list` and the tool count, then the end of the session.
async fn list_tools(r: &mut Report, remote: &Remote, rx: &mut mpsc::Receiver<Incoming>) {
    let list = Message::from_value(&json!({"jsonrpc": "2.0", "id": 2, "method": "tools/list"}))
        .expect("a request");
    let tools = match remote.exchange(&list).await {
        Ok(()) => response(rx, 2).await,
        Err(e) => Some(json!({"error": {"message": e.to_string()}})),
    };
    match tools.as_ref().and_then(|v| v["result"]["tools"].as_array()) {
        Some(t) => r.ok("Tools", format!("{} tools", t.len())),
        None => r.fail(
            "Tools",
            format!(
                "tools/list failed: {}",
                tools.map(|v| v.to_string()).unwrap_or_default()
            ),
            "the server does not list tools; run the bridge with -vv",
        ),
    }
    remote.close().await;
}

/// The response with `id` among the delivered messages (up to 30 s).
async fn response(rx: &mut mpsc::Receiver<Incoming>, id: u64) -> Option<Value> {
    let wait = async {
        while let Some(m) = rx.recv().await {
            if let Incoming::Message(m) = m
                && let Ok(v) = serde_json::from_slice::<Value>(m.bytes())
                && v["id"] == id
            {
                return Some(v);
            }
        }
        None
    };
    tokio::time::timeout(std::time::Duration::from_secs(30), wait)
        .await
        .ok()
        .flatten()
}
