//! Sign-in end to end with the real binary: a fake authorization server and the fake MCP
//! server acting as its resource server; a script plays the browser. Hostile servers get a
//! clear error, no authorization request, and leave what is stored intact.

use serde_json::{Value, json};

use crate::support::bridge::{NO_KEYRING, run_async};
use crate::support::fake_as::{AsKnobs, FakeAs};
use crate::support::platform::PYTHON;
use crate::support::{BridgeProc, FakeServer, Knobs, PROMPTLY, eventually};

/// A headless browser: GET the authorization URL without following redirects, then deliver
/// the redirect to the bridge's loopback callback.
pub const OPENER: &str = r#"
import sys, time, urllib.request, urllib.error
class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a, **k):
        return None
loc = None
try:
    urllib.request.build_opener(NoRedirect).open(sys.argv[-1], timeout=10)
except urllib.error.HTTPError as e:
    loc = e.headers.get("Location")
for _ in range(50):
    if not loc:
        break
    try:
        urllib.request.urlopen(loc, timeout=10).read()
        break
    except urllib.error.HTTPError:
        break
    except Exception:
        time.sleep(0.1)
"#;

pub struct Setup {
    pub server: FakeServer,
    pub auth: FakeAs,
    pub dir: tempfile::TempDir,
    pub browser: String,
}

impl Setup {
    pub async fn new(knobs: AsKnobs) -> Setup {
        let server = FakeServer::start(Knobs::default()).await;
        let auth = FakeAs::start(&server.url, knobs).await;
        server.set(|k| k.auth = Some(auth.resource_auth.clone()));
        let dir = tempfile::tempdir().unwrap();
        let opener = dir.path().join("opener.py");
        std::fs::write(&opener, OPENER).unwrap();
        let browser = format!("{PYTHON} {}", opener.display());
        Setup {
            server,
            auth,
            dir,
            browser,
        }
    }

    /// `proxy` for the server with `--store file`, unless `extra` names a store: `--store
    /// keyring` means the real OS keyring (the tests that ask for it run only when
    /// MCP_BRIDGE_TEST_KEYRING says one is there for them).
    pub fn bridge(&self, extra: &[&str]) -> BridgeProc {
        let data = self.dir.path().join("data");
        let mut args = vec!["proxy", &self.server.url];
        if !extra.contains(&"--store") {
            args.extend(["--store", "file"]);
        }
        args.extend_from_slice(extra);
        let real_keyring = extra.windows(2).any(|w| w == ["--store", "keyring"]);
        BridgeProc::spawn(
            &args,
            &[
                ("MCP_BRIDGE_DATA_DIR", data.to_str().unwrap()),
                ("MCP_BRIDGE_BROWSER", &self.browser),
                (NO_KEYRING.0, if real_keyring { "" } else { NO_KEYRING.1 }),
            ],
        )
    }

    pub fn tokens_file(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("data").join("tokens.json"))
            .unwrap_or_default()
    }
}

async fn init_result(b: &mut BridgeProc) -> Value {
    b.request(
        json!(0),
        "initialize",
        json!({"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"h","version":"1"}}),
    )
    .await
}

#[tokio::test]
async fn signs_in_once_and_reuses_the_stored_credential() {
    let s = Setup::new(AsKnobs::default()).await;
    let mut b = s.bridge(&[]);
    // The host is answered at once, while the sign-in is pending.
    let init = b.initialize_and_sign_in().await;
    assert!(
        init["result"]["instructions"]
            .as_str()
            .is_some_and(|i| i.contains("Sign-in to") && i.contains("browser")),
        "{init}\n{}",
        b.stderr()
    );
    assert_eq!(
        b.request(json!(1), "tools/list", json!({})).await["result"]["tools"][0]["name"],
        "echo"
    );
    b.close().await;

    assert_eq!(
        (s.auth.count("register"), s.auth.count("authorize")),
        (1, 1)
    );
    let a = &s.auth.authorize_params()[0];
    assert_eq!(a["code_challenge_method"], "S256");
    assert_eq!(a["resource"], s.server.url);
    assert_eq!(a["scope"], "mcp:tools", "the challenge's scope");
    assert!(a["state"].len() >= 20);
    assert!(
        a["redirect_uri"].starts_with("http://127.0.0.1:"),
        "the redirect URI names the address the listener binds: {a:?}"
    );
    let t = &s.auth.token_params()[0];
    assert_eq!(t["resource"], s.server.url);
    assert!(t["code_verifier"].len() >= 43);

    let stored = s.tokens_file();
    assert!(stored.contains("at-"), "the token is stored");
    assert!(stored.contains(&s.auth.issuer), "with its issuer");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(s.dir.path().join("data").join("tokens.json"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    assert!(
        !b.stderr().contains("at-"),
        "no token in the log:\n{}",
        b.stderr()
    );

    // A second bridge uses the stored credential: no browser, no discovery.
    let mut b2 = s.bridge(&[]);
    assert_eq!(
        init_result(&mut b2).await["result"]["serverInfo"]["name"],
        "fake"
    );
    b2.close().await;
    assert_eq!(s.auth.count("authorize"), 1);
}

#[tokio::test]
async fn an_expired_access_token_is_refreshed_and_the_request_replayed() {
    let s = Setup::new(AsKnobs::default()).await;
    let mut b = s.bridge(&[]);
    b.initialize_and_sign_in().await;
    s.auth.expire_access_tokens();
    let r = b
        .request(
            json!(5),
            "tools/call",
            json!({"name":"echo","arguments":{"x":1}}),
        )
        .await;
    assert_eq!(
        r["result"]["content"][0]["text"],
        r#"{"x":1}"#,
        "{r}\n{}",
        b.stderr()
    );
    assert_eq!(s.auth.count("token:refresh_token"), 1);
    assert_eq!(s.auth.count("authorize"), 1, "no second browser sign-in");
    b.close().await;
    let last = s.auth.token_params().pop().unwrap();
    assert_eq!(last["resource"], s.server.url, "resource on refresh too");
}

#[tokio::test]
async fn insufficient_scope_steps_up_with_the_union_of_scopes() {
    let s = Setup::new(AsKnobs::default()).await;
    s.server.set(|k| {
        if let Some(a) = k.auth.as_mut() {
            a.tool_scopes.insert("echo".into(), "mcp:admin".into());
        }
    });
    let mut b = s.bridge(&[]);
    init_result(&mut b).await;
    let r = b
        .request(
            json!(7),
            "tools/call",
            json!({"name":"echo","arguments":{}}),
        )
        .await;
    assert!(r.get("result").is_some(), "{r}\n{}", b.stderr());
    let auths = s.auth.authorize_params();
    assert_eq!(auths.len(), 2);
    let second: Vec<&str> = auths[1]["scope"].split(' ').collect();
    assert!(
        second.contains(&"mcp:tools") && second.contains(&"mcp:admin"),
        "{second:?}"
    );
    b.close().await;
}

/// Start a bridge against a hostile setup: the host's initialize gets an error naming the
/// problem, no authorization request is made, and nothing is stored.
async fn refused(knobs: AsKnobs, expect: &str) {
    let s = Setup::new(knobs).await;
    let mut b = s.bridge(&[]);
    let r = init_result(&mut b).await;
    let msg = r["error"]["message"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    b.close().await;
    let log = b.stderr();
    assert!(
        log.contains(expect) || msg.contains(expect),
        "expected {expect:?}; got {r}\n{log}"
    );
    assert_eq!(s.auth.count("authorize"), 0, "no authorization request");
    assert!(!s.tokens_file().contains("at-"));
}

#[tokio::test]
async fn an_issuer_mismatch_is_refused() {
    refused(
        AsKnobs {
            issuer_override: Some("http://127.0.0.1:1/other".into()),
            ..AsKnobs::default()
        },
        "issuer",
    )
    .await;
}

#[tokio::test]
async fn a_server_without_s256_is_refused() {
    refused(
        AsKnobs {
            pkce_methods: json!(["plain"]),
            ..AsKnobs::default()
        },
        "S256",
    )
    .await;
    refused(
        AsKnobs {
            pkce_methods: Value::Null,
            ..AsKnobs::default()
        },
        "S256",
    )
    .await;
}

#[tokio::test]
async fn dangerous_authorization_endpoints_are_refused() {
    for bad in [
        "javascript:alert(1)",
        "file:///etc/passwd",
        "https://as.test/a$(touch /tmp/x)",
    ] {
        refused(
            AsKnobs {
                authorization_endpoint_override: Some(bad.into()),
                ..AsKnobs::default()
            },
            "authorization",
        )
        .await;
    }
}

#[tokio::test]
async fn oversized_metadata_is_refused() {
    refused(
        AsKnobs {
            metadata_padding: 1_100_000,
            ..AsKnobs::default()
        },
        "larger than",
    )
    .await;
}

#[tokio::test]
async fn resource_metadata_for_another_server_is_refused() {
    refused(
        AsKnobs {
            prm_resource_override: Some("https://evil.example.com/mcp".into()),
            ..AsKnobs::default()
        },
        "evil.example.com",
    )
    .await;
}

#[tokio::test]
async fn a_wrong_iss_in_the_callback_is_refused_before_the_code_is_used() {
    let s = Setup::new(AsKnobs {
        callback_iss: Some("http://127.0.0.1:1".into()),
        ..AsKnobs::default()
    })
    .await;
    let mut b = s.bridge(&[]);
    // Answered at once; the request that waits on the sign-in gets its failure.
    let r = init_result(&mut b).await;
    assert!(r.get("result").is_some(), "{r}");
    let r = b
        .request(
            json!(1),
            "tools/call",
            json!({"name":"echo","arguments":{}}),
        )
        .await;
    b.close().await;
    assert!(r.get("error").is_some(), "{r}");
    assert!(b.stderr().contains("issuer"), "{}", b.stderr());
    assert_eq!(
        s.auth.count("token:authorization_code"),
        0,
        "the code was never exchanged"
    );
}

#[tokio::test]
async fn hostile_metadata_later_leaves_the_stored_credential_intact() {
    let s = Setup::new(AsKnobs::default()).await;
    let mut b = s.bridge(&[]);
    b.initialize_and_sign_in().await;
    b.close().await;
    let before = s.tokens_file();
    assert!(before.contains("rt-"));
    s.auth.expire_access_tokens();
    s.auth
        .set(|k| k.issuer_override = Some("http://127.0.0.1:1/evil".into()));
    // The kept metadata would refresh as before: the server's challenge now names other
    // resource metadata, which makes the bridge look again and meet the hostile issuer.
    s.server.set(|k| {
        let a = k.auth.as_mut().unwrap();
        a.challenge = a.challenge.replace("/prm\"", "/prm?moved=1\"");
    });
    let mut b2 = s.bridge(&[]);
    // The refresh fails on the metadata before any browser opens: the host hears it at once.
    let init = init_result(&mut b2).await;
    let r = b2.request(json!(1), "tools/list", json!({})).await;
    b2.close().await;
    assert!(init.get("error").is_some(), "{init}");
    assert!(r.get("error").is_some(), "{r}");
    assert!(b2.stderr().contains("issuer"), "{}", b2.stderr());
    assert_eq!(
        s.tokens_file(),
        before,
        "the stored credential is untouched"
    );
}

/// With MCP_BRIDGE_TEST_KEYRING=1 (scripts/test.sh sets it inside a private gnome-keyring; the
/// CI workflow also on macOS and Windows): the credential lands in the OS keyring, not in a
/// file, a second bridge uses it, and `logout` removes it.
#[tokio::test]
async fn signs_in_into_the_os_keyring() {
    if std::env::var("MCP_BRIDGE_TEST_KEYRING").as_deref() != Ok("1") {
        return;
    }
    let s = Setup::new(AsKnobs::default()).await;
    let mut b = s.bridge(&["--store", "keyring"]);
    // Answered at once while the sign-in is pending; closed once it is done.
    let r = b.initialize_and_sign_in().await;
    b.close().await;
    assert!(r.get("result").is_some(), "{r}\n{}", b.stderr());
    assert!(s.tokens_file().is_empty(), "nothing in the fallback file");
    // The Secret Service can be listed from outside; the second bridge below shows it for
    // every keyring.
    #[cfg(target_os = "linux")]
    {
        let found = tokio::process::Command::new("secret-tool")
            .args(["search", "--all", "service", "mcp-bridge"])
            .output()
            .await
            .expect("secret-tool (libsecret-tools)");
        let listing = String::from_utf8_lossy(&found.stdout).into_owned()
            + &String::from_utf8_lossy(&found.stderr);
        assert!(
            listing.contains(&s.server.url),
            "the keyring holds an entry for the server:\n{listing}"
        );
    }
    let mut b2 = s.bridge(&["--store", "keyring"]);
    assert!(init_result(&mut b2).await.get("result").is_some());
    b2.close().await;
    assert_eq!(
        s.auth.count("authorize"),
        1,
        "the second bridge used the keyring's credential"
    );
    let data = s.dir.path().join("data");
    let env = [
        ("MCP_BRIDGE_DATA_DIR", data.to_str().unwrap()),
        (NO_KEYRING.0, ""),
    ];
    let status = ["status", &s.server.url, "--store", "keyring"];
    let (code, _, err) = run_async(&status, &env, "").await;
    assert_eq!(code, Some(0), "signed in: {err}");
    let (code, _, err) =
        run_async(&["logout", &s.server.url, "--store", "keyring"], &env, "").await;
    assert_eq!(code, Some(0), "{err}");
    let (code, _, err) = run_async(&status, &env, "").await;
    assert_eq!(code, Some(1), "the keyring entry is gone: {err}");
}

/// This authorization server's ID tokens are unsigned (`alg: none`) and it publishes no keys:
/// they can never be the bearer, and without `--use-id-token` they are not kept.
#[tokio::test]
async fn an_id_token_that_cannot_be_verified_is_never_the_bearer() {
    let s = Setup::new(AsKnobs::default()).await;
    let mut b = s.bridge(&["--use-id-token"]);
    init_result(&mut b).await;
    let r = b
        .request(
            json!(1),
            "tools/call",
            json!({"name":"echo","arguments":{}}),
        )
        .await;
    b.close().await;
    assert!(r.get("error").is_some(), "{r}");
    let err = b.stderr();
    assert!(
        err.contains("ID token") && err.contains("cannot be verified"),
        "{err}"
    );
    for seen in s.server.seen() {
        let auth = seen
            .headers
            .get("authorization")
            .map(|v| v.to_str().unwrap().to_owned());
        assert!(
            !auth.is_some_and(|a| a.starts_with("Bearer eyJhbGciOiJub25lIn0.")),
            "the unsigned ID token was sent"
        );
    }
    assert!(s.tokens_file().is_empty(), "nothing stored");

    // Without --use-id-token the access token is enough; the unverified ID token is dropped.
    let mut b = s.bridge(&[]);
    b.initialize_and_sign_in().await;
    let r = b.request(json!(1), "tools/list", json!({})).await;
    assert_eq!(
        r["result"]["tools"][0]["name"],
        "echo",
        "{r}\n{}",
        b.stderr()
    );
    b.close().await;
    assert!(
        !s.tokens_file().contains("id_token\": \"ey"),
        "{}",
        s.tokens_file()
    );
}

#[tokio::test]
async fn stdin_eof_during_a_sign_in_ends_the_bridge_and_frees_the_port() {
    let s = Setup::new(AsKnobs::default()).await;
    // A "browser" that never signs in: the bridge waits on its callback.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let data = s.dir.path().join("data");
    let mut b = BridgeProc::spawn(
        &[
            "proxy",
            &s.server.url,
            "--store",
            "file",
            "--callback-port",
            &port.to_string(),
        ],
        &[
            ("MCP_BRIDGE_DATA_DIR", data.to_str().unwrap()),
            ("MCP_BRIDGE_BROWSER", "true"),
        ],
    );
    b.send(&json!({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"h","version":"1"}}}))
        .await;
    // Wait until the callback listener is up: the sign-in is in progress.
    let listening =
        eventually(|| async { std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() }).await;
    assert!(listening, "the sign-in started: {}", b.stderr());
    let (_, took) = b.close().await;
    assert!(took < PROMPTLY, "took {took:?}");
    assert!(
        std::net::TcpListener::bind(("127.0.0.1", port)).is_ok(),
        "the callback port is free again"
    );
}

/// With MCP_BRIDGE_TEST_KEYRING=locked (scripts/test.sh runs it inside a locked gnome-keyring):
/// the sign-in succeeds, the credential is used for the session, and the user is told it could
/// not be stored.
#[tokio::test]
async fn a_locked_keyring_keeps_the_sign_in_for_the_session_and_says_so() {
    if std::env::var("MCP_BRIDGE_TEST_KEYRING").as_deref() != Ok("locked") {
        return;
    }
    let s = Setup::new(AsKnobs::default()).await;
    let mut b = s.bridge(&["--store", "keyring"]);
    let r = b.initialize_and_sign_in().await;
    assert!(r.get("result").is_some(), "{r}\n{}", b.stderr());
    let r = b.request(json!(1), "tools/list", json!({})).await;
    assert_eq!(r["result"]["tools"][0]["name"], "echo", "{r}");
    b.close().await;
    assert!(
        b.stderr().contains("cannot store the credential"),
        "{}",
        b.stderr()
    );
}

#[tokio::test]
async fn a_bare_401_signs_in_through_the_well_known_metadata() {
    let s = Setup::new(AsKnobs::default()).await;
    // The server says nothing but 401; its metadata sits at the RFC 9728 well-known path.
    let prm: Value = serde_json::from_str(
        &reqwest::get(format!("{}/prm", s.auth.issuer))
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    )
    .unwrap();
    s.server.set(|k| {
        k.auth.as_mut().unwrap().challenge = String::new();
        k.well_known
            .insert("oauth-protected-resource/mcp".into(), prm.clone());
    });
    let mut b = s.bridge(&[]);
    b.initialize_and_sign_in().await;
    let r = b.request(json!(1), "tools/list", json!({})).await;
    assert_eq!(
        r["result"]["tools"][0]["name"],
        "echo",
        "{r}\n{}",
        b.stderr()
    );
    assert_eq!(s.auth.count("authorize"), 1);
    b.close().await;
}
