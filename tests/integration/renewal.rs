//! One refresh per expiry and one sign-in per episode, with the real binary against the fake
//! authorization server: bridges started together after the credential expired make exactly
//! one token request between them (per server), and no discovery; a refusal of a token that
//! was replaced meanwhile is only replayed; a sign-in that cannot complete opens one browser
//! window and answers every request queued behind it with its own error; a token's `exp` is
//! believed when it comes before `expires_in`; the server's words reach the host, stderr and
//! `doctor`. A browser stand-in counts its launches.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::oauth::OPENER;
use crate::support::bridge::run_async;
use crate::support::fake_as::{AsKnobs, FakeAs};
use crate::support::{BridgeProc, FakeServer, Knobs};

/// What the browser stand-in does with the authorization URL, after writing it to its log.
#[derive(Clone, Copy)]
enum Act {
    /// Sign in (the user consents).
    Complete,
    /// Nothing: the user never comes back.
    Ignore,
}

/// A browser stand-in that logs every launch.
struct Browser {
    log: PathBuf,
    command: String,
}

impl Browser {
    fn new(dir: &Path, act: Act) -> Browser {
        let log = dir.join("browser.log");
        let script = dir.join("browser.py");
        let then = match act {
            Act::Complete => OPENER,
            Act::Ignore => "",
        };
        std::fs::write(
            &script,
            format!(
                "import sys, urllib.request\nwith open({log:?}, 'a') as f:\n    f.write(sys.argv[-1] + '\\n')\n{then}"
            ),
        )
        .unwrap();
        Browser {
            command: format!("python3 {}", script.display()),
            log,
        }
    }

    fn launches(&self) -> usize {
        std::fs::read_to_string(&self.log)
            .unwrap_or_default()
            .lines()
            .count()
    }
}

/// An MCP server and its authorization server.
struct Site {
    server: FakeServer,
    auth: FakeAs,
}

impl Site {
    async fn start(knobs: AsKnobs) -> Site {
        let server = FakeServer::start(Knobs::default()).await;
        let auth = FakeAs::start(&server.url, knobs).await;
        server.set(|k| k.auth = Some(auth.resource_auth.clone()));
        Site { server, auth }
    }

    /// Discovery documents fetched so far.
    fn discovery(&self) -> u64 {
        self.auth.count("prm") + self.auth.count("metadata")
    }
}

/// Bridges and commands sharing one data directory and one browser.
struct Machine {
    dir: tempfile::TempDir,
    browser: Browser,
}

impl Machine {
    fn new(act: Act) -> Machine {
        let dir = tempfile::tempdir().unwrap();
        let browser = Browser::new(dir.path(), act);
        Machine { dir, browser }
    }

    fn data(&self) -> String {
        self.dir.path().join("data").to_str().unwrap().to_owned()
    }

    fn bridge(&self, url: &str, extra: &[&str]) -> BridgeProc {
        let data = self.data();
        let mut args = vec!["proxy", url, "--store", "file"];
        args.extend_from_slice(extra);
        BridgeProc::spawn(
            &args,
            &[
                ("MCP_BRIDGE_DATA_DIR", &data),
                ("MCP_BRIDGE_BROWSER", &self.browser.command),
            ],
        )
    }

    async fn run(&self, args: &[&str]) -> (Option<i32>, String, String) {
        let data = self.data();
        let mut all = args.to_vec();
        all.extend(["--store", "file"]);
        run_async(
            &all,
            &[
                ("MCP_BRIDGE_DATA_DIR", &data),
                ("MCP_BRIDGE_BROWSER", &self.browser.command),
            ],
            "",
        )
        .await
    }

    async fn login(&self, site: &Site) {
        let (code, _, err) = self.run(&["login", &site.server.url]).await;
        assert_eq!(code, Some(0), "{err}");
    }

    fn stored_access_token(&self, site: &Site) -> String {
        let text = std::fs::read_to_string(self.dir.path().join("data").join("tokens.json"))
            .unwrap_or_default();
        let doc: Value = serde_json::from_str(&text).unwrap_or_default();
        doc["entries"][&site.server.url]["access_token"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }
}

/// A host's first steps: the handshake and one tool call; the call's answer.
async fn handshake_and_call(mut b: BridgeProc) -> (Value, BridgeProc) {
    b.initialize().await;
    let r = b
        .request(
            json!(1),
            "tools/call",
            json!({"name": "echo", "arguments": {"n": 1}}),
        )
        .await;
    b.close().await;
    (r, b)
}

/// Sign in to every site with tokens that live 2 s, let them end (for the bridge's records
/// and for the server), and make later tokens live an hour.
async fn signed_in_then_expired(m: &Machine, sites: &[Site]) {
    for s in sites {
        s.auth.set(|k| k.expires_in = 2);
        m.login(s).await;
        s.auth.set(|k| k.expires_in = 3600);
    }
    tokio::time::sleep(Duration::from_secs(3)).await;
    for s in sites {
        s.auth.expire_access_tokens();
    }
}

#[tokio::test]
async fn eight_bridges_started_after_expiry_make_one_token_request() {
    let m = Machine::new(Act::Complete);
    let sites = [Site::start(AsKnobs::default()).await];
    signed_in_then_expired(&m, &sites).await;
    let s = &sites[0];
    let discovery = s.discovery();
    assert_eq!(m.browser.launches(), 1, "the login's window");

    let bridges: Vec<BridgeProc> = (0..8).map(|_| m.bridge(&s.server.url, &[])).collect();
    let done = futures_util::future::join_all(bridges.into_iter().map(handshake_and_call)).await;
    for (r, b) in &done {
        assert_eq!(
            r["result"]["content"][0]["text"],
            r#"{"n":1}"#,
            "{r}\n{}",
            b.stderr()
        );
    }
    assert_eq!(
        s.auth.count("token:refresh_token"),
        1,
        "one refresh for 8 bridges"
    );
    assert_eq!(m.browser.launches(), 1, "no browser window");
    assert_eq!(s.auth.count("authorize"), 1);
    assert_eq!(
        s.discovery(),
        discovery,
        "the refresh used the kept metadata"
    );
    assert!(
        done.iter()
            .all(|(_, b)| !b.stderr().contains("sign-in failed")),
        "no failure on the way"
    );
}

#[tokio::test]
async fn two_launches_of_four_servers_make_one_token_request_each() {
    let m = Machine::new(Act::Complete);
    let mut sites = Vec::new();
    for _ in 0..4 {
        sites.push(Site::start(AsKnobs::default()).await);
    }
    signed_in_then_expired(&m, &sites).await;
    let bridges: Vec<BridgeProc> = sites
        .iter()
        .flat_map(|s| [m.bridge(&s.server.url, &[]), m.bridge(&s.server.url, &[])])
        .collect();
    let done = futures_util::future::join_all(bridges.into_iter().map(handshake_and_call)).await;
    for (r, b) in &done {
        assert!(r.get("result").is_some(), "{r}\n{}", b.stderr());
    }
    let counts: Vec<u64> = sites
        .iter()
        .map(|s| s.auth.count("token:refresh_token"))
        .collect();
    assert_eq!(counts, [1, 1, 1, 1], "one refresh per server");
    assert_eq!(m.browser.launches(), 4, "the four logins' windows, no more");
}

/// Two calls leave with the same token; the server refuses one at once and the other late
/// (after the first refusal's refresh is done). The late refusal names the replaced token: the
/// call is only sent again.
#[tokio::test]
async fn a_late_refusal_of_a_replaced_token_is_only_replayed() {
    let m = Machine::new(Act::Complete);
    let s = Site::start(AsKnobs::default()).await;
    m.login(&s).await;
    let mut b = m.bridge(&s.server.url, &[]);
    b.initialize().await;
    // Answered after notifications/initialized went out: nothing else is in flight.
    let r = b.request(json!(1), "tools/list", json!({})).await;
    assert!(r.get("result").is_some(), "{r}");
    s.server.set(|k| {
        k.auth
            .as_mut()
            .unwrap()
            .slow_refusals
            .insert("slow".into(), Duration::from_millis(1500));
    });
    s.auth.expire_access_tokens();
    let call = |id: u64, name: &str| {
        json!({"jsonrpc": "2.0", "id": id, "method": "tools/call",
               "params": {"name": name, "arguments": {"id": id}}})
    };
    b.send(&call(10, "slow")).await;
    b.send(&call(11, "echo")).await;
    let (slow, fast) = (b.response(&json!(10)).await, b.response(&json!(11)).await);
    b.close().await;
    for r in [&slow, &fast] {
        assert!(r.get("result").is_some(), "{r}\n{}", b.stderr());
    }
    assert_eq!(s.auth.count("token:refresh_token"), 1, "{}", b.stderr());
    assert_eq!(m.browser.launches(), 1);
}

/// `token --refresh` in another process while a bridge runs: the bridge's token is refused,
/// and it takes the stored one rather than refreshing again.
#[tokio::test]
async fn a_refresh_by_another_process_is_adopted_not_repeated() {
    let m = Machine::new(Act::Complete);
    let s = Site::start(AsKnobs::default()).await;
    m.login(&s).await;
    let mut b = m.bridge(&s.server.url, &[]);
    b.initialize().await;
    let before = m.stored_access_token(&s);
    let (code, out, err) = m.run(&["token", &s.server.url, "--refresh"]).await;
    assert_eq!(code, Some(0), "{err}");
    let now = m.stored_access_token(&s);
    assert_eq!(out.trim(), now);
    assert_ne!(now, before);
    s.auth.expire_access_tokens_but(&now);
    let r = b.request(json!(3), "tools/list", json!({})).await;
    b.close().await;
    assert!(r.get("result").is_some(), "{r}\n{}", b.stderr());
    assert_eq!(s.auth.count("token:refresh_token"), 1, "{}", b.stderr());
}

/// A sign-in nobody completes: one window. The host's handshake is answered at once (the
/// sign-in is pending), and every call the host sent meanwhile is answered with the
/// sign-in's error within --auth-timeout and 2 s.
#[tokio::test]
async fn a_sign_in_that_cannot_complete_opens_one_window_and_answers_every_request() {
    let m = Machine::new(Act::Ignore);
    let s = Site::start(AsKnobs::default()).await;
    let mut b = m.bridge(&s.server.url, &["--auth-timeout", "2"]);
    let sent = Instant::now();
    let r = b.initialize().await;
    assert!(
        r["result"]["instructions"]
            .as_str()
            .is_some_and(|i| i.contains("pending")),
        "{r}"
    );
    for id in 1..=4 {
        b.send(&json!({"jsonrpc": "2.0", "id": id, "method": "tools/call",
                       "params": {"name": "echo", "arguments": {}}}))
            .await;
    }
    let deadline = sent + Duration::from_secs(2 + 2);
    for id in 1..=4 {
        let r = tokio::time::timeout_at(deadline.into(), b.response(&json!(id)))
            .await
            .unwrap_or_else(|_| panic!("no answer to {id} in time:\n{}", b.stderr()));
        let msg = r["error"]["message"].as_str().unwrap_or_default();
        assert!(
            msg.contains("sign-in failed: no sign-in within 2 seconds"),
            "{r}"
        );
    }
    b.close().await;
    assert_eq!(m.browser.launches(), 1, "{}", b.stderr());
    assert_eq!(
        b.stderr().matches("error: sign-in failed").count(),
        1,
        "told once:\n{}",
        b.stderr()
    );
}

/// A sign-in that fails at once (the authorization server sends the wrong `iss` back): the
/// call that waited on it, and the host's next one, are answered with that failure; the latter and opens no window until
/// --auth-timeout has passed since the first.
#[tokio::test]
async fn a_failed_sign_in_is_not_repeated_at_the_pace_of_the_hosts_requests() {
    let m = Machine::new(Act::Complete);
    let s = Site::start(AsKnobs {
        callback_iss: Some("http://127.0.0.1:1".into()),
        ..AsKnobs::default()
    })
    .await;
    let mut b = m.bridge(&s.server.url, &["--auth-timeout", "3"]);
    let r = b.initialize().await;
    assert!(
        r["result"]["instructions"]
            .as_str()
            .is_some_and(|i| i.contains("pending")),
        "answered while the browser is open: {r}"
    );
    let call = |id: i64| (id, json!({"name": "echo", "arguments": {}}));
    let (id, params) = call(1);
    let r = b.request(json!(id), "tools/call", params).await;
    let msg = r["error"]["message"].as_str().unwrap_or_default();
    assert!(
        msg.contains("sign-in failed") && msg.contains("issuer"),
        "{r}\n{}",
        b.stderr()
    );
    assert_eq!(m.browser.launches(), 1);
    let (id, params) = call(2);
    let r = b.request(json!(id), "tools/call", params).await;
    let msg = r["error"]["message"].as_str().unwrap_or_default();
    assert!(
        msg.contains("issuer") && msg.contains("a new sign-in can start in"),
        "{r}"
    );
    assert_eq!(m.browser.launches(), 1, "no second window yet");
    // --auth-timeout after the window opened (before the stand-in logged it), a new request
    // may open another.
    let opened = std::fs::metadata(&m.browser.log)
        .unwrap()
        .modified()
        .unwrap();
    let since = opened.elapsed().unwrap_or_default();
    tokio::time::sleep(Duration::from_millis(3100).saturating_sub(since)).await;
    let (id, params) = call(3);
    let r = b.request(json!(id), "tools/call", params).await;
    b.close().await;
    assert!(r.get("error").is_some(), "{r}");
    assert_eq!(m.browser.launches(), 2, "a new episode: {}", b.stderr());
}

/// Access tokens that are JWTs living 2 s, answered with expires_in 3600.
#[tokio::test]
async fn a_token_that_ends_before_expires_in_says_is_known_dead() {
    let m = Machine::new(Act::Complete);
    let s = Site::start(AsKnobs {
        jwt_access_lifetime: Some(2),
        ..AsKnobs::default()
    })
    .await;
    m.login(&s).await;
    let (_, out, _) = m.run(&["status", &s.server.url, "--json"]).await;
    let status: Value = serde_json::from_str(&out).unwrap();
    let expiry = status["servers"][0]["expiry"].as_str().unwrap_or_default();
    assert!(
        expiry.starts_with("valid for") && expiry.ends_with(" s"),
        "seconds, not an hour: {status}"
    );
    let dead = m.stored_access_token(&s);
    tokio::time::sleep(Duration::from_secs(3)).await;
    let (code, _, err) = m.run(&["status", &s.server.url]).await;
    assert_eq!(code, Some(0), "usable: it can be refreshed");
    assert!(
        err.contains("expired") && err.contains("will be refreshed"),
        "{err}"
    );

    let (code, out, err) = m.run(&["token", &s.server.url]).await;
    assert_eq!(code, Some(0), "{err}");
    assert_ne!(out.trim(), dead, "the dead token is not printed");
    assert_eq!(out.trim(), m.stored_access_token(&s));
    assert_eq!(s.auth.count("token:refresh_token"), 1);
}

#[tokio::test]
async fn a_dead_token_without_a_refresh_token_is_not_printed() {
    let m = Machine::new(Act::Complete);
    let s = Site::start(AsKnobs {
        jwt_access_lifetime: Some(1),
        issue_refresh_tokens: false,
        ..AsKnobs::default()
    })
    .await;
    m.login(&s).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let (code, out, err) = m.run(&["token", &s.server.url]).await;
    assert_eq!(code, Some(1), "{out}");
    assert!(out.is_empty(), "{out}");
    assert!(
        err.contains("expired") && err.contains("mcp-bridge login"),
        "{err}"
    );
    let (code, _, err) = m.run(&["status", &s.server.url]).await;
    assert_eq!(code, Some(1), "{err}");
}

/// The server's own words for a refused credential reach `doctor`, the person (stderr) and
/// the host.
#[tokio::test]
async fn the_servers_words_for_a_refused_credential_are_shown() {
    let m = Machine::new(Act::Ignore);
    let s = Site::start(AsKnobs {
        issue_refresh_tokens: false,
        ..AsKnobs::default()
    })
    .await;
    // Signed in with a browser that consents; then the credential is refused.
    let consent_dir = m.dir.path().join("consent");
    std::fs::create_dir(&consent_dir).unwrap();
    let consenting = Browser::new(&consent_dir, Act::Complete);
    let data = m.data();
    let (code, _, err) = run_async(
        &["login", &s.server.url, "--store", "file"],
        &[
            ("MCP_BRIDGE_DATA_DIR", &data),
            ("MCP_BRIDGE_BROWSER", &consenting.command),
        ],
        "",
    )
    .await;
    assert_eq!(code, Some(0), "{err}");
    let words = r#"invalid_token, "The access token expired""#;
    s.server.set(|k| {
        let a = k.auth.as_mut().unwrap();
        a.challenge = format!(
            r#"Bearer error="invalid_token", error_description="The access token expired", resource_metadata="{}""#,
            a.resource_metadata
        );
    });
    s.auth.expire_access_tokens();

    let (code, out, err) = m.run(&["doctor", &s.server.url, "--json"]).await;
    assert_eq!(code, Some(1), "{err}");
    let report: Value = serde_json::from_str(&out).unwrap();
    let init = report["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "initialize")
        .unwrap();
    let detail = init["detail"].as_str().unwrap_or_default();
    assert!(detail.contains(words), "{init}");
    assert!(
        init["fix"].as_str().unwrap_or_default().contains("--force"),
        "{init}"
    );

    let mut b = m.bridge(&s.server.url, &["--auth-timeout", "3"]);
    b.initialize().await;
    let r = b
        .request(
            json!(1),
            "tools/call",
            json!({"name": "echo", "arguments": {}}),
        )
        .await;
    b.close().await;
    let msg = r["error"]["message"].as_str().unwrap_or_default();
    let refused = format!("the server refused the access token (HTTP 401: {words})");
    assert!(
        msg.contains(&refused) && msg.contains("sign-in failed"),
        "{r}"
    );
    assert!(b.stderr().contains(&refused), "{}", b.stderr());
}

/// A server that refuses every token its authorization server issues: the sign-in succeeds,
/// the token is refused at once, and the host's next requests open no other window within
/// --auth-timeout — they are told why instead.
#[tokio::test]
async fn a_credential_refused_right_after_its_sign_in_opens_no_second_window() {
    let m = Machine::new(Act::Complete);
    let s = Site::start(AsKnobs {
        issue_refresh_tokens: false,
        ..AsKnobs::default()
    })
    .await;
    s.server.set(|k| {
        let a = k.auth.as_mut().unwrap();
        a.tokens = Default::default();
    });
    let mut b = m.bridge(&s.server.url, &["--auth-timeout", "60"]);
    b.initialize().await;
    let r = b
        .request(
            json!(1),
            "tools/call",
            json!({"name": "echo", "arguments": {}}),
        )
        .await;
    assert!(r.get("error").is_some(), "{r}");
    assert_eq!(m.browser.launches(), 1, "{}", b.stderr());
    for id in 2..=4 {
        let r = b
            .request(
                json!(id),
                "tools/call",
                json!({"name": "echo", "arguments": {}}),
            )
            .await;
        let msg = r["error"]["message"].as_str().unwrap_or_default();
        assert!(
            msg.contains("the server refused the access token")
                && msg.contains("right after a sign-in")
                && msg.contains("a new sign-in can start in"),
            "{r}"
        );
    }
    b.close().await;
    assert_eq!(m.browser.launches(), 1, "{}", b.stderr());
    assert_eq!(s.auth.count("authorize"), 1);
}

/// Two calls that need more scope, refused together: one step-up sign-in, and the other call
/// is sent again with its credential.
#[tokio::test]
async fn two_calls_needing_more_scope_step_up_once() {
    let m = Machine::new(Act::Complete);
    let s = Site::start(AsKnobs::default()).await;
    s.server.set(|k| {
        k.auth
            .as_mut()
            .unwrap()
            .tool_scopes
            .insert("echo".into(), "mcp:admin".into());
    });
    m.login(&s).await;
    let mut b = m.bridge(&s.server.url, &[]);
    b.initialize().await;
    let r = b.request(json!(1), "tools/list", json!({})).await;
    assert!(r.get("result").is_some(), "{r}");
    for id in [10, 11] {
        b.send(&json!({"jsonrpc": "2.0", "id": id, "method": "tools/call",
                       "params": {"name": "echo", "arguments": {"id": id}}}))
            .await;
    }
    let (a, c) = (b.response(&json!(10)).await, b.response(&json!(11)).await);
    b.close().await;
    for r in [&a, &c] {
        assert!(r.get("result").is_some(), "{r}\n{}", b.stderr());
    }
    assert_eq!(
        m.browser.launches(),
        2,
        "the login and one step-up: {}",
        b.stderr()
    );
    assert_eq!(s.auth.count("authorize"), 2);
}

/// The server moves to another authorization server and says so only in its resource metadata
/// (at the same address): a refusal of a token that had not expired makes the bridge look
/// again instead of refreshing with what it kept, and it signs in at the new one.
#[tokio::test]
async fn a_move_to_another_authorization_server_is_found_despite_kept_metadata() {
    let m = Machine::new(Act::Complete);
    let s = Site::start(AsKnobs::default()).await;
    let prm_url = format!(
        "{}/.well-known/oauth-protected-resource/mcp",
        s.server.url.trim_end_matches("/mcp")
    );
    let prm = |issuer: &str| json!({"resource": s.server.url, "authorization_servers": [issuer], "scopes_supported": ["mcp:tools"]});
    s.server.set(|k| {
        let a = k.auth.as_mut().unwrap();
        a.challenge = format!(r#"Bearer error="invalid_token", resource_metadata="{prm_url}""#);
        k.well_known
            .insert("oauth-protected-resource/mcp".into(), prm(&s.auth.issuer));
    });
    m.login(&s).await;
    let mut b = m.bridge(&s.server.url, &[]);
    b.initialize().await;
    let r = b.request(json!(1), "tools/list", json!({})).await;
    assert!(r.get("result").is_some(), "{r}");

    let moved_to = FakeAs::start(&s.server.url, AsKnobs::default()).await;
    s.server.set(|k| {
        let a = k.auth.as_mut().unwrap();
        a.tokens = moved_to.resource_auth.tokens.clone();
        a.token_scopes = moved_to.resource_auth.token_scopes.clone();
        k.well_known
            .insert("oauth-protected-resource/mcp".into(), prm(&moved_to.issuer));
    });
    let r = b.request(json!(2), "tools/list", json!({})).await;
    b.close().await;
    assert!(r.get("result").is_some(), "{r}\n{}", b.stderr());
    assert_eq!(
        s.auth.count("token:refresh_token"),
        0,
        "no refresh at the old one"
    );
    assert_eq!(
        (moved_to.count("register"), moved_to.count("authorize")),
        (1, 1),
        "{}",
        b.stderr()
    );
}
