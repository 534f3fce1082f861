//! Cloudflare Access in its three setups, with the real binary against the project's fake Access
//! team domain: Access for SaaS as the authorization server (by team and client id, and by the
//! guide's `ACCESS_*` variables; ID tokens checked against a rotating JWKS), Managed OAuth through
//! the generic sign-in with no flags, and service tokens; plus the plain-words explanation when
//! Access answers with its browser login.

use std::collections::HashMap;
use std::process::Stdio;

use serde_json::{Value, json};

use crate::oauth::OPENER;
use crate::support::fake_access::{CLIENT_ID, EMAIL, FakeAccess};
use crate::support::fake_server::{AccessGate, ResourceAuth};
use crate::support::{BridgeProc, FakeServer, Knobs};

const BIN: &str = env!("CARGO_BIN_EXE_mcp-bridge");

struct Env {
    server: FakeServer,
    access: FakeAccess,
    dir: tempfile::TempDir,
    browser: String,
}

/// A free port on 127.0.0.1 for a fixed redirect URI.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Env {
    /// The MCP server checks bearer tokens; `challenge` is its `WWW-Authenticate`.
    async fn new(challenge: &str) -> Env {
        let rs = ResourceAuth {
            tokens: Default::default(),
            challenge: challenge.into(),
            tool_scopes: HashMap::new(),
            token_scopes: Default::default(),
            resource_metadata: String::new(),
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
        let browser = format!("python3 {}", opener.display());
        Env {
            server,
            access,
            dir,
            browser,
        }
    }

    fn data(&self) -> String {
        self.dir.path().join("data").to_string_lossy().into_owned()
    }

    fn bridge(&self, extra: &[&str], env: &[(&str, &str)]) -> BridgeProc {
        let mut args = vec!["proxy", &self.server.url, "--store", "file"];
        args.extend_from_slice(extra);
        let data = self.data();
        let mut vars = vec![
            ("MCP_BRIDGE_DATA_DIR", data.as_str()),
            ("MCP_BRIDGE_BROWSER", self.browser.as_str()),
        ];
        vars.extend_from_slice(env);
        BridgeProc::spawn(&args, &vars)
    }

    /// Run a command to completion: (exit code, stdout, stderr). Async, so that the fakes on
    /// this test's runtime keep answering.
    async fn run(
        &self,
        args: &[&str],
        stdin: &str,
        env: &[(&str, &str)],
    ) -> (Option<i32>, String, String) {
        use tokio::io::AsyncWriteExt;
        let mut child = tokio::process::Command::new(BIN)
            .args(args)
            .env("MCP_BRIDGE_DATA_DIR", self.data())
            .env("MCP_BRIDGE_BROWSER", &self.browser)
            .envs(env.iter().copied())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .unwrap();
        let mut input = child.stdin.take().unwrap();
        input.write_all(stdin.as_bytes()).await.unwrap();
        drop(input);
        let out = child.wait_with_output().await.unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }
}

async fn initialize(b: &mut BridgeProc) -> Value {
    b.request(
        json!(0),
        "initialize",
        json!({"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"h","version":"1"}}),
    )
    .await
}

fn bearers(server: &FakeServer) -> Vec<String> {
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

#[tokio::test]
async fn access_for_saas_by_team_and_client_id_signs_in_as_a_public_client() {
    let e = Env::new("Bearer").await;
    let port = free_port();
    e.access
        .set_redirect_uri(&format!("http://127.0.0.1:{port}/callback"));
    let port_s = port.to_string();
    let mut b = e.bridge(
        &[
            "--cf-access-team",
            &e.access.origin,
            "--client-id",
            CLIENT_ID,
            "--callback-port",
            &port_s,
        ],
        &[],
    );
    let init = initialize(&mut b).await;
    assert_eq!(
        init["result"]["serverInfo"]["name"],
        "fake",
        "{init}\n{}",
        b.stderr()
    );
    b.close().await;

    let auth = &e.access.authorize_params()[0];
    assert_eq!(auth["client_id"], CLIENT_ID);
    assert_eq!(auth["code_challenge_method"], "S256");
    assert_eq!(auth["scope"], "openid email profile offline_access");
    assert!(
        !auth.contains_key("resource"),
        "no RFC 8707 resource for a SaaS app: {auth:?}"
    );
    let token = &e.access.token_params()[0];
    assert!(
        !token.contains_key("client_secret"),
        "PKCE without a client secret"
    );
    assert_eq!(token["client_id"], CLIENT_ID);
    // The access token (an Access JWT) is the bearer.
    let bearer = bearers(&e.server).pop().unwrap();
    assert!(bearer.starts_with("Bearer ey"), "{bearer}");
    assert!(
        e.access.count("jwks") >= 1,
        "the ID token was checked against the JWKS"
    );

    // status shows the identity from the ID token.
    let (code, out, err) = e
        .run(&["status", "--json", "--store", "file"], "", &[])
        .await;
    assert_eq!(code, Some(0), "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["servers"][0]["identity"], EMAIL, "{v}");
    assert_eq!(v["servers"][0]["issuer"], e.access.saas_issuer());
}

#[tokio::test]
async fn the_guides_variables_configure_the_app_and_the_id_token_can_be_the_bearer() {
    let e = Env::new("Bearer").await;
    let port = free_port();
    e.access
        .set_redirect_uri(&format!("http://127.0.0.1:{port}/callback"));
    let issuer = e.access.saas_issuer();
    let (auth_url, token_url, jwks_url) = (
        format!("{issuer}/authorization"),
        format!("{issuer}/token"),
        format!("{issuer}/jwks"),
    );
    let port_s = port.to_string();
    let mut b = e.bridge(
        &["--use-id-token", "--callback-port", &port_s],
        &[
            ("ACCESS_CLIENT_ID", CLIENT_ID),
            ("ACCESS_AUTHORIZATION_URL", &auth_url),
            ("ACCESS_TOKEN_URL", &token_url),
            ("ACCESS_JWKS_URL", &jwks_url),
        ],
    );
    let init = initialize(&mut b).await;
    assert_eq!(
        init["result"]["serverInfo"]["name"],
        "fake",
        "{init}\n{}",
        b.stderr()
    );
    b.close().await;
    assert_eq!(
        e.access.count("config"),
        0,
        "the variables need no discovery"
    );
    assert!(e.access.count("jwks") >= 1);
    let bearer = bearers(&e.server).pop().unwrap();
    let claims = mcp_bridge::oauth::id_token::claims(bearer.trim_start_matches("Bearer ")).unwrap();
    assert_eq!(claims["email"], EMAIL, "the ID token is the bearer");
    assert!(claims.get("type").is_none(), "not the access token");
}

#[tokio::test]
async fn id_tokens_are_verified_across_key_rotation_and_forgeries_are_refused() {
    let e = Env::new("Bearer").await;
    let port = free_port();
    e.access
        .set_redirect_uri(&format!("http://127.0.0.1:{port}/callback"));
    let port_s = port.to_string();
    let team = e.access.origin.clone();
    let flags = [
        "--cf-access-team",
        team.as_str(),
        "--client-id",
        CLIENT_ID,
        "--callback-port",
        port_s.as_str(),
        "--store",
        "file",
    ];
    let login_args = |extra: &[&'static str]| {
        let mut args = vec!["login".to_owned(), e.server.url.clone()];
        args.extend(flags.iter().map(|s| s.to_string()));
        args.extend(extra.iter().map(|s| s.to_string()));
        args
    };
    let args = login_args(&[]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (code, _, err) = e.run(&args, "", &[]).await;
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains(EMAIL), "login says who signed in: {err}");
    let fetched = e.access.count("jwks");

    // Access rotates its signing key; the next refresh brings an ID token under the new kid.
    e.access.rotate_keys("k2");
    let mut token_args = vec!["token", e.server.url.as_str(), "--refresh"];
    token_args.extend_from_slice(&flags);
    let (code, out, err) = e.run(&token_args, "", &[]).await;
    assert_eq!(code, Some(0), "{err}");
    assert!(out.trim().starts_with("ey"), "{out}");
    assert_eq!(e.access.count("refresh"), 1);
    assert!(
        e.access.count("jwks") > fetched,
        "an unknown kid fetches the keys again"
    );

    // A token signed with a key Access never published is refused, and nothing is replaced.
    let before = std::fs::read_to_string(e.dir.path().join("data/tokens.json")).unwrap();
    e.access.forge_id_tokens();
    let args = login_args(&["--force"]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (code, _, err) = e.run(&args, "", &[]).await;
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("ID token") && err.contains("signature"),
        "{err}"
    );
    let after = std::fs::read_to_string(e.dir.path().join("data/tokens.json")).unwrap();
    assert_eq!(before, after, "the stored credential is untouched");
}

#[tokio::test]
async fn managed_oauth_works_through_the_generic_sign_in_with_no_flags() {
    let e = Env::new("").await;
    let prm_path = "cloudflare-access-protected-resource/mcp";
    let prm_url = format!("{}/.well-known/{prm_path}", e.server.origin);
    let challenge =
        format!(r#"Bearer realm="OAuth", error="invalid_token", resource_metadata="{prm_url}""#);
    let origin = e.access.origin.clone();
    let url = e.server.url.clone();
    e.server.set(|k| {
        k.auth.as_mut().unwrap().challenge = challenge;
        k.well_known.insert(
            prm_path.into(),
            json!({"resource": url, "authorization_servers": [origin], "bearer_methods_supported": ["header"]}),
        );
    });
    let mut b = e.bridge(&[], &[]);
    let init = initialize(&mut b).await;
    assert_eq!(
        init["result"]["serverInfo"]["name"],
        "fake",
        "{init}\n{}",
        b.stderr()
    );
    b.close().await;
    assert_eq!(
        (e.access.count("register"), e.access.count("authorize")),
        (1, 1)
    );
    let auth = &e.access.authorize_params()[0];
    assert_eq!(auth["resource"], e.server.url, "RFC 8707 resource");
    assert!(
        auth["redirect_uri"].starts_with("http://localhost:")
            || auth["redirect_uri"].starts_with("http://127.0.0.1:")
    );
    let bearer = bearers(&e.server).pop().unwrap();
    assert!(
        bearer.starts_with("Bearer oauth:"),
        "an opaque Access token: {bearer}"
    );

    // A second run uses the stored credential: no browser.
    let mut b = e.bridge(&[], &[]);
    initialize(&mut b).await;
    b.close().await;
    assert_eq!(e.access.count("authorize"), 1);
}

async fn gated(page: bool) -> Env {
    let e = Env::new("Bearer").await;
    e.server.set(|k| {
        k.auth = None;
        k.access_gate = Some(AccessGate {
            service_token: ("1a2b.access".into(), "cfast_s3cret".into()),
            page,
        });
    });
    e
}

#[tokio::test]
async fn service_tokens_go_on_every_request_with_no_sign_in() {
    let e = gated(false).await;
    let mut b = e.bridge(
        &["--cf-access-client-id", "1a2b.access"],
        &[("CF_ACCESS_CLIENT_SECRET", "cfast_s3cret")],
    );
    let init = initialize(&mut b).await;
    assert_eq!(
        init["result"]["serverInfo"]["name"],
        "fake",
        "{init}\n{}",
        b.stderr()
    );
    b.send(&json!({"jsonrpc":"2.0","method":"notifications/initialized"}))
        .await;
    assert!(b.request(json!(1), "tools/list", json!({})).await["result"].is_object());
    b.close().await;
    let seen = e.server.seen();
    assert!(seen.len() >= 3);
    for s in &seen {
        assert_eq!(s.headers["cf-access-client-id"], "1a2b.access");
        assert_eq!(s.headers["cf-access-client-secret"], "cfast_s3cret");
    }
    assert!(
        !b.stderr().contains("cfast_s3cret"),
        "the secret never prints"
    );
    assert_eq!(e.access.count("authorize"), 0);
    assert!(
        !e.dir.path().join("data/tokens.json").exists(),
        "no token stored"
    );
}

#[tokio::test]
async fn a_service_token_secret_from_a_file_or_the_store_and_argv_draws_a_warning() {
    let e = gated(false).await;
    let secret_file = e.dir.path().join("secret");
    std::fs::write(&secret_file, "cfast_s3cret\n").unwrap();
    let path = secret_file.to_string_lossy().into_owned();
    let mut b = e.bridge(
        &[
            "--cf-access-client-id",
            "1a2b.access",
            "--cf-access-client-secret-file",
            &path,
        ],
        &[],
    );
    assert_eq!(
        initialize(&mut b).await["result"]["serverInfo"]["name"],
        "fake"
    );
    b.close().await;

    let mut b = e.bridge(
        &[
            "--cf-access-client-id",
            "1a2b.access",
            "--cf-access-client-secret",
            "cfast_s3cret",
        ],
        &[],
    );
    assert_eq!(
        initialize(&mut b).await["result"]["serverInfo"]["name"],
        "fake"
    );
    b.close().await;
    assert!(b.stderr().contains("command line"), "{}", b.stderr());

    // login stores it (secret on stdin, checked against Access first), then proxy needs no flags.
    let url = e.server.url.clone();
    let (code, _, err) = e
        .run(
            &[
                "login",
                &url,
                "--store",
                "file",
                "--cf-access-client-id",
                "1a2b.access",
            ],
            "wrong\n",
            &[],
        )
        .await;
    assert_eq!(code, Some(1), "a refused token is not stored: {err}");
    let (code, _, err) = e
        .run(
            &[
                "login",
                &url,
                "--store",
                "file",
                "--cf-access-client-id",
                "1a2b.access",
            ],
            "cfast_s3cret\n",
            &[],
        )
        .await;
    assert_eq!(code, Some(0), "{err}");
    let mut b = e.bridge(&[], &[]);
    assert_eq!(
        initialize(&mut b).await["result"]["serverInfo"]["name"],
        "fake",
        "{}",
        b.stderr()
    );
    b.close().await;
    let (code, out, _) = e
        .run(&["status", "--json", "--store", "file"], "", &[])
        .await;
    assert_eq!(code, Some(0));
    assert!(out.contains("\"service_token\": \"1a2b.access\""), "{out}");
    let (code, _, err) = e.run(&["logout", &url, "--store", "file"], "", &[]).await;
    assert_eq!(code, Some(0), "{err}");
    let (code, _, _) = e.run(&["status", &url, "--store", "file"], "", &[]).await;
    assert_eq!(code, Some(1), "gone after logout");
}

#[tokio::test]
async fn an_access_login_redirect_or_page_is_explained_in_words() {
    for page in [false, true] {
        let e = gated(page).await;
        let mut b = e.bridge(
            &["--cf-access-client-id", "1a2b.access"],
            &[("CF_ACCESS_CLIENT_SECRET", "wrong")],
        );
        let init = initialize(&mut b).await;
        let msg = init["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        for needle in [
            "Cloudflare Access",
            "Managed OAuth",
            "--cf-access-client-id",
            "--cf-access-team",
            "Service Auth",
        ] {
            assert!(
                msg.contains(needle),
                "page={page}: {needle} missing from {init}"
            );
        }
        assert!(!msg.contains("JSON"), "no parse error: {msg}");
        b.close().await;
    }
}
