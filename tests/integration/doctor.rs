//! `mcp-bridge doctor`: every step's verdict and fix against the fake server and authorization
//! server, before and after signing in, against a server that needs no sign-in, against a
//! port where nothing listens, and against a certificate nothing vouches for.

use serde_json::Value;

use crate::oauth::Setup;
use crate::support::fake_as::AsKnobs;
use crate::support::fake_modern::FakeModern;
use crate::support::tls::TlsServer;
use crate::support::{FakeServer, Knobs};

use crate::support::bridge::run_async;

async fn run(args: &[&str], env: &[(&str, &str)]) -> (Option<i32>, String, String) {
    run_async(args, env, "").await
}

fn step<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == name)
        .unwrap_or_else(|| panic!("no step {name} in {report}"))
}

#[tokio::test]
async fn walks_the_oauth_chain_and_names_the_fix_before_and_after_sign_in() {
    let s = Setup::new(AsKnobs::default()).await;
    let data = s.dir.path().join("data");
    let data = data.to_str().unwrap();
    let env = [
        ("MCP_BRIDGE_DATA_DIR", data),
        ("MCP_BRIDGE_BROWSER", s.browser.as_str()),
    ];
    let url = s.server.url.as_str();

    let (code, out, err) = run(&["doctor", url, "--store", "file", "--json"], &env).await;
    assert_eq!(code, Some(1), "not signed in yet: {err}");
    let report: Value = serde_json::from_str(&out).unwrap();
    for ok in [
        "URL",
        "DNS",
        "Connection",
        "Challenge",
        "Resource metadata",
        "Authorization server",
        "Registration",
        "PKCE",
    ] {
        assert_eq!(step(&report, ok)["verdict"], "ok", "{ok}: {report}");
    }
    let cred = step(&report, "Credential");
    assert_eq!(cred["verdict"], "fail");
    assert!(
        cred["fix"].as_str().unwrap().contains("mcp-bridge login"),
        "{cred}"
    );
    assert_eq!(step(&report, "initialize")["verdict"], "fail");
    assert_eq!(s.auth.count("register"), 0, "doctor registers nothing");
    assert_eq!(s.auth.count("authorize"), 0, "doctor signs nobody in");

    let (code, _, err) = run(&["login", url, "--store", "file"], &env).await;
    assert_eq!(code, Some(0), "{err}");
    let (code, text, err) = run(&["doctor", url, "--store", "file"], &env).await;
    assert_eq!(code, Some(0), "{err}");
    assert!(text.is_empty(), "the human report goes to stderr");
    for line in [
        "✓ Credential",
        "✓ Transport",
        "✓ initialize",
        "✓ Tools",
        "All checks passed.",
    ] {
        assert!(err.contains(line), "{line} missing:\n{err}");
    }
    assert!(!err.contains('\x1b'), "NO_COLOR: no escape codes");
}

#[tokio::test]
async fn a_server_without_sign_in_skips_the_oauth_steps() {
    let server = FakeServer::start(Knobs::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap();
    let (code, out, err) = run(
        &["doctor", &server.url, "--store", "memory", "--json"],
        &[("MCP_BRIDGE_DATA_DIR", data)],
    )
    .await;
    assert_eq!(code, Some(0), "{err}");
    let report: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(step(&report, "Challenge")["verdict"], "ok");
    assert_eq!(step(&report, "Resource metadata")["verdict"], "skip");
    assert_eq!(step(&report, "Credential")["verdict"], "skip");
    assert!(
        step(&report, "Tools")["detail"]
            .as_str()
            .unwrap()
            .ends_with("tools"),
        "{report}"
    );
    assert_eq!(step(&report, "Transport")["detail"], "streamable-http");
}

#[tokio::test]
async fn a_2026_07_28_server_is_asked_server_discover_instead_of_initialize() {
    let server = FakeModern::start().await;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap();
    let (code, out, err) = run(
        &["doctor", &server.url, "--store", "memory", "--json"],
        &[("MCP_BRIDGE_DATA_DIR", data)],
    )
    .await;
    assert_eq!(code, Some(0), "{err}\n{out}");
    let report: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        step(&report, "Transport")["detail"],
        "streamable-http (2026-07-28)"
    );
    let discover = step(&report, "server/discover");
    assert_eq!(discover["verdict"], "ok");
    assert!(
        discover["detail"]
            .as_str()
            .unwrap()
            .starts_with("modern-fake 2.0.0 (protocols 2026-07-28"),
        "{discover}"
    );
    let tools = step(&report, "Tools")["detail"]
        .as_str()
        .unwrap()
        .to_owned();
    let listed = server.seen_rpc("tools/list").len();
    assert!(listed >= 1 && tools.ends_with("tools"), "{tools}");
    assert_eq!(server.seen_rpc("server/discover").len(), 1);
}

#[tokio::test]
async fn nothing_listening_fails_at_the_connection_with_a_fix() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}/mcp");
    let report = failing_report(&url).await;
    let conn = step(&report, "Connection");
    assert_eq!(conn["verdict"], "fail", "{report}");
    assert!(
        conn["fix"].as_str().unwrap().contains("server is up"),
        "{conn}"
    );
    assert!(
        !conn["fix"].as_str().unwrap().contains("--ca-file"),
        "{conn}"
    );
    assert_eq!(step(&report, "Tools")["verdict"], "skip");
}

/// `doctor --json` of a server it cannot reach, which exits 1, and its report.
async fn failing_report(url: &str) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, _) = run(
        &["doctor", url, "--store", "memory", "--json"],
        &[("MCP_BRIDGE_DATA_DIR", dir.path().to_str().unwrap())],
    )
    .await;
    assert_eq!(code, Some(1));
    serde_json::from_str(&out).unwrap()
}

/// A server whose certificate no trusted authority signed: the connection fails, and the fix
/// is the `--ca-file`, not the network.
#[tokio::test]
async fn an_untrusted_certificate_fails_at_the_connection_with_the_ca_file_fix() {
    let Some(tls) = TlsServer::start() else {
        eprintln!("skipped: needs openssl and python3 for a TLS test server");
        return;
    };
    let report = failing_report(&tls.url).await;
    let conn = step(&report, "Connection");
    assert_eq!(conn["verdict"], "fail", "{report}");
    assert_eq!(
        conn["fix"],
        "the TLS certificate is not trusted: pass your organisation's root certificate with --ca-file",
        "{conn}"
    );
}

async fn report(s: &Setup) -> Value {
    let data = s.dir.path().join("data");
    let (code, out, err) = run(
        &["doctor", &s.server.url, "--store", "file", "--json"],
        &[("MCP_BRIDGE_DATA_DIR", data.to_str().unwrap())],
    )
    .await;
    assert_eq!(code, Some(1), "{err}");
    serde_json::from_str(&out).unwrap()
}

#[tokio::test]
async fn plain_only_pkce_fails_the_pkce_step_alone() {
    let s = Setup::new(AsKnobs {
        pkce_methods: serde_json::json!(["plain"]),
        ..AsKnobs::default()
    })
    .await;
    let r = report(&s).await;
    for ok in ["Resource metadata", "Authorization server", "Registration"] {
        assert_eq!(step(&r, ok)["verdict"], "ok", "{ok}: {r}");
    }
    let pkce = step(&r, "PKCE");
    assert_eq!(pkce["verdict"], "fail", "{r}");
    assert!(pkce["detail"].as_str().unwrap().contains("S256"), "{pkce}");
    assert!(
        r["bridge_version"].as_str().is_some_and(|v| !v.is_empty())
            && r["os"] == std::env::consts::OS
            && r["arch"] == std::env::consts::ARCH,
        "{r}"
    );
}

#[tokio::test]
async fn no_dynamic_registration_names_the_client_id_to_pass() {
    let s = Setup::new(AsKnobs {
        registration: false,
        ..AsKnobs::default()
    })
    .await;
    let r = report(&s).await;
    assert_eq!(step(&r, "Authorization server")["verdict"], "ok", "{r}");
    assert_eq!(step(&r, "PKCE")["verdict"], "ok", "{r}");
    let reg = step(&r, "Registration");
    assert_eq!(reg["verdict"], "fail", "{r}");
    assert!(
        reg["fix"].as_str().unwrap().contains("--client-id"),
        "{reg}"
    );
}

#[tokio::test]
async fn a_name_that_does_not_resolve_fails_at_dns() {
    // A label longer than DNS allows: the resolver refuses it without asking any server.
    let url = format!("https://{}.example/mcp", "a".repeat(64));
    let dir = tempfile::tempdir().unwrap();
    let (code, out, err) = run(
        &["doctor", &url, "--store", "memory", "--json"],
        &[("MCP_BRIDGE_DATA_DIR", dir.path().to_str().unwrap())],
    )
    .await;
    assert_eq!(code, Some(1), "{err}");
    let r: Value = serde_json::from_str(&out).unwrap();
    let dns = step(&r, "DNS");
    assert_eq!(dns["verdict"], "fail", "{r}");
    assert!(dns["fix"].as_str().unwrap().contains("host name"), "{dns}");
    assert_eq!(step(&r, "Connection")["verdict"], "skip");
    assert_eq!(step(&r, "Tools")["verdict"], "skip");
}

#[tokio::test]
async fn the_stored_credential_is_checked_even_when_the_server_is_down() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let env = [("MCP_BRIDGE_DATA_DIR", data.to_str().unwrap())];
    let closed = |_: ()| {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        format!("http://127.0.0.1:{port}/mcp")
    };
    let (expired, fresh) = (closed(()), closed(()));
    // Credentials put in place the way a user gets them without signing in here: imported.
    let remote = dir.path().join("mcp-remote-v1");
    std::fs::create_dir_all(&remote).unwrap();
    for (url, expires_at) in [(&expired, 1_000_000u64), (&fresh, 4_000_000_000_000)] {
        let hash = mcp_bridge::migrate::launch::md5_hex(url);
        std::fs::write(
            remote.join(format!("{hash}_tokens.json")),
            format!(r#"{{"access_token":"at","expires_at":{expires_at},"issuer":"https://as.example.com"}}"#),
        )
        .unwrap();
    }
    let (code, _, err) = run(
        &[
            "import",
            "mcp-remote",
            &expired,
            &fresh,
            "--dir",
            remote.to_str().unwrap(),
            "--store",
            "file",
        ],
        &env,
    )
    .await;
    assert_eq!(code, Some(0), "{err}");

    let (code, out, _) = run(&["doctor", &expired, "--store", "file", "--json"], &env).await;
    assert_eq!(code, Some(1));
    let r: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(step(&r, "Connection")["verdict"], "fail", "{r}");
    let cred = step(&r, "Credential");
    assert_eq!(cred["verdict"], "fail", "{r}");
    assert!(
        cred["detail"].as_str().unwrap().contains("expired"),
        "{cred}"
    );
    assert!(
        cred["fix"].as_str().unwrap().contains("mcp-bridge login"),
        "{cred}"
    );

    let (_, out, _) = run(&["doctor", &fresh, "--store", "file", "--json"], &env).await;
    let r: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(step(&r, "Credential")["verdict"], "ok", "{r}");
}

#[tokio::test]
async fn a_404_says_to_check_the_url_path() {
    let server = FakeServer::start(Knobs::default()).await;
    let wrong = format!("{}/nope", server.url.trim_end_matches('/'));
    let dir = tempfile::tempdir().unwrap();
    let (code, out, err) = run(
        &["doctor", &wrong, "--store", "memory", "--json"],
        &[("MCP_BRIDGE_DATA_DIR", dir.path().to_str().unwrap())],
    )
    .await;
    assert_eq!(code, Some(1), "{err}");
    let r: Value = serde_json::from_str(&out).unwrap();
    let init = step(&r, "initialize");
    assert_eq!(init["verdict"], "fail", "{r}");
    assert!(
        init["fix"].as_str().unwrap().contains("check the URL path"),
        "{r}"
    );
}
