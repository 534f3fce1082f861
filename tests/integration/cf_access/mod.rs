//! Cloudflare Access in its three setups, with the real binary against the project's fake Access
//! team domain: Access for SaaS as the authorization server ([`saas`]), Managed OAuth through
//! the generic sign-in ([`managed`]), service tokens ([`service_tokens`]), and the plain-words
//! explanations when Access answers instead of the server ([`explained`]).
//!
//! Team domains point at the fake by giving its origin (`http://127.0.0.1:PORT`) as the team,
//! which `--cf-access-team` accepts like `myteam.cloudflareaccess.com`.

mod explained;
mod managed;
mod saas;
mod service_tokens;

use std::collections::HashMap;

use serde_json::{Value, json};

use crate::oauth::OPENER;
use crate::support::bridge::run_async;
use crate::support::fake_access::FakeAccess;
use crate::support::fake_server::{AccessGate, GateAnswer, ResourceAuth};
use crate::support::platform::PYTHON;
use crate::support::{BridgeProc, FakeServer, Knobs};

pub struct Env {
    pub server: FakeServer,
    pub access: FakeAccess,
    pub dir: tempfile::TempDir,
    pub browser: String,
}

/// A free port on 127.0.0.1 for a fixed redirect URI.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Env {
    /// The MCP server checks bearer tokens; `challenge` is its `WWW-Authenticate`.
    pub async fn new(challenge: &str) -> Env {
        let rs = ResourceAuth {
            tokens: Default::default(),
            challenge: challenge.into(),
            tool_scopes: HashMap::new(),
            token_scopes: Default::default(),
            resource_metadata: String::new(),
            slow_refusals: HashMap::new(),
        };
        let server = FakeServer::start(Knobs {
            auth: Some(rs.clone()),
            ..Knobs::default()
        })
        .await;
        let access = FakeAccess::start(rs).await;
        let dir = tempfile::tempdir().unwrap();
        let opener = dir.path().join("opener.py");
        std::fs::write(&opener, OPENER).unwrap();
        let browser = format!("{PYTHON} {}", opener.display());
        Env {
            server,
            access,
            dir,
            browser,
        }
    }

    /// A self-hosted Access application (Managed OAuth off) in front of a server that needs no
    /// sign-in of its own; the service token `1a2b.access` / `cfast_s3cret` passes.
    pub async fn gated(answer: GateAnswer) -> Env {
        let e = Env::new("Bearer").await;
        e.server.set(|k| {
            k.auth = None;
            k.access_gate = Some(AccessGate {
                service_token: ("1a2b.access".into(), "cfast_s3cret".into()),
                answer,
                not_authorized: false,
            });
        });
        e
    }

    pub fn data(&self) -> String {
        self.dir.path().join("data").to_string_lossy().into_owned()
    }

    fn vars<'a>(&'a self, data: &'a str, env: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
        let mut vars = vec![
            ("MCP_BRIDGE_DATA_DIR", data),
            ("MCP_BRIDGE_BROWSER", self.browser.as_str()),
            ("MCP_BRIDGE_CONFIG_DIR", data),
        ];
        vars.extend_from_slice(env);
        vars
    }

    /// `mcp-bridge proxy <server> --store file EXTRA`, running.
    pub fn bridge(&self, extra: &[&str], env: &[(&str, &str)]) -> BridgeProc {
        let mut args = vec!["proxy", &self.server.url, "--store", "file"];
        args.extend_from_slice(extra);
        let data = self.data();
        BridgeProc::spawn(&args, &self.vars(&data, env))
    }

    /// Run a command to completion: (exit code, stdout, stderr).
    pub async fn run(
        &self,
        args: &[&str],
        stdin: &str,
        env: &[(&str, &str)],
    ) -> (Option<i32>, String, String) {
        let data = self.data();
        run_async(args, &self.vars(&data, env), stdin).await
    }

    /// The SaaS flags for the fake application, with its redirect URI on a free port.
    pub fn saas_flags(&self) -> Vec<String> {
        let port = free_port();
        self.access
            .set_redirect_uri(&format!("http://127.0.0.1:{port}/callback"));
        [
            "--cf-access-team",
            &self.access.origin,
            "--client-id",
            crate::support::fake_access::CLIENT_ID,
            "--callback-port",
            &port.to_string(),
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    }
}

pub async fn initialize(b: &mut BridgeProc) -> Value {
    b.request(
        json!(0),
        "initialize",
        json!({"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"h","version":"1"}}),
    )
    .await
}

/// The host's handshake, checked to have reached the fake server (after the sign-in, when
/// there is one: the bridge answers the handshake meanwhile).
pub async fn connect(b: &mut BridgeProc) {
    let init = initialize(b).await;
    assert!(init.get("result").is_some(), "{init}\n{}", b.stderr());
    b.send(&json!({"jsonrpc":"2.0","method":"notifications/initialized"}))
        .await;
    let tools = b.tools_when_ready(json!("connect")).await;
    assert_eq!(
        tools["result"]["tools"][0]["name"],
        "echo",
        "{tools}\n{}",
        b.stderr()
    );
}

/// The error message the host got for `initialize`.
pub async fn initialize_error(b: &mut BridgeProc) -> String {
    let init = initialize(b).await;
    init["error"]["message"]
        .as_str()
        .unwrap_or_else(|| panic!("no error: {init}"))
        .to_owned()
}

pub fn bearers(server: &FakeServer) -> Vec<String> {
    server
        .seen()
        .iter()
        .filter_map(|s| {
            s.headers
                .get("authorization")?
                .to_str()
                .ok()
                .map(str::to_owned)
        })
        .collect()
}

/// `args` as `&str`s.
pub fn strs(args: &[String]) -> Vec<&str> {
    args.iter().map(String::as_str).collect()
}
