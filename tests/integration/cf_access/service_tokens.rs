//! Service tokens: `CF-Access-Client-Id`/`-Secret` on every request, checked at the server, with
//! no browser and no stored OAuth token; the secret from the environment, a file, the store or
//! (with a warning) argv, the command line winning over the environment; alongside a static
//! Authorization header; a damaged stored token reported with its fix.

use serde_json::json;

use super::{Env, connect};
use crate::support::fake_server::GateAnswer;

fn assert_token_on_every_request(e: &Env, at_least: usize) {
    let seen = e.server.seen();
    assert!(seen.len() >= at_least, "{}", seen.len());
    for s in &seen {
        assert_eq!(s.headers["cf-access-client-id"], "1a2b.access");
        assert_eq!(s.headers["cf-access-client-secret"], "cfast_s3cret");
    }
}

#[tokio::test]
async fn service_tokens_go_on_every_request_with_no_sign_in() {
    let e = Env::gated(GateAnswer::Redirect).await;
    let mut b = e.bridge(
        &["--cf-access-client-id", "1a2b.access"],
        &[("CF_ACCESS_CLIENT_SECRET", "cfast_s3cret")],
    );
    connect(&mut b).await;
    assert!(b.request(json!(1), "tools/list", json!({})).await["result"].is_object());
    b.close().await;
    assert_token_on_every_request(&e, 3);
    assert!(
        !b.stderr().contains("cfast_s3cret"),
        "the secret never prints"
    );
    assert!(
        !b.stderr().contains("command line"),
        "no argv warning: {}",
        b.stderr()
    );
    assert_eq!(e.access.count("authorize"), 0);
    assert!(
        !e.dir.path().join("data/tokens.json").exists(),
        "no token stored"
    );
}

#[tokio::test]
async fn a_secret_file_on_the_command_line_wins_over_the_environment_without_a_clash() {
    let e = Env::gated(GateAnswer::Strict).await;
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
        &[("CF_ACCESS_CLIENT_SECRET", "stale-from-env")],
    );
    connect(&mut b).await;
    b.close().await;
    assert_token_on_every_request(&e, 2);
}

#[tokio::test]
async fn a_service_token_goes_along_with_a_static_authorization_header() {
    let e = Env::gated(GateAnswer::Strict).await;
    let mut b = e.bridge(
        &[
            "--header",
            "Authorization: Bearer ${ORIGIN_TOKEN}",
            "--cf-access-client-id",
            "1a2b.access",
        ],
        &[
            ("CF_ACCESS_CLIENT_SECRET", "cfast_s3cret"),
            ("ORIGIN_TOKEN", "origin-t0ken"),
        ],
    );
    connect(&mut b).await;
    assert!(b.request(json!(1), "tools/list", json!({})).await["result"].is_object());
    b.close().await;
    assert_token_on_every_request(&e, 3);
    for s in e.server.seen() {
        assert_eq!(s.headers["authorization"], "Bearer origin-t0ken");
    }
    assert_eq!(e.access.count("authorize"), 0, "no sign-in");
}

#[tokio::test]
async fn a_service_token_secret_from_a_file_or_the_store_and_argv_draws_a_warning() {
    let e = Env::gated(GateAnswer::Redirect).await;
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
    connect(&mut b).await;
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
    connect(&mut b).await;
    b.close().await;
    assert!(b.stderr().contains("command line"), "{}", b.stderr());

    // login stores it (secret on stdin, checked against Access first), then proxy needs no flags.
    let url = e.server.url.clone();
    let login = [
        "login",
        url.as_str(),
        "--store",
        "file",
        "--cf-access-client-id",
        "1a2b.access",
    ];
    let (code, _, err) = e.run(&login, "wrong\n", &[]).await;
    assert_eq!(code, Some(1), "a refused token is not stored: {err}");
    let mut on_argv = login.to_vec();
    on_argv.extend(["--cf-access-client-secret", "wrong"]);
    let (code, _, err) = e.run(&on_argv, "", &[]).await;
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("command line"),
        "login warns about argv too: {err}"
    );
    let (code, _, err) = e.run(&login, "cfast_s3cret\n", &[]).await;
    assert_eq!(code, Some(0), "{err}");
    let mut b = e.bridge(&[], &[]);
    connect(&mut b).await;
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
async fn a_damaged_stored_service_token_is_reported_with_its_fix_not_a_crash() {
    let e = Env::gated(GateAnswer::Redirect).await;
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
            "cfast_s3cret\n",
            &[],
        )
        .await;
    assert_eq!(code, Some(0), "{err}");
    // Another tool (or a hand edit) leaves a line break in the stored secret.
    let path = e.dir.path().join("data/tokens.json");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("cfast_s3cret"), "{text}");
    std::fs::write(&path, text.replace("cfast_s3cret", "cfast_QZ\\nX9")).unwrap();

    let (code, out, err) = e.run(&["proxy", &url, "--store", "file"], "", &[]).await;
    assert_eq!(code, Some(1), "a reported failure, not a panic: {err}");
    assert!(out.is_empty(), "nothing on stdout: {out}");
    assert!(err.contains("damaged"), "{err}");
    assert!(
        err.contains(&format!(
            "mcp-bridge login {url} --cf-access-client-id 1a2b.access"
        )) && err.contains(&format!("mcp-bridge logout {url}")),
        "{err}"
    );
    assert!(!err.contains("QZ"), "no secret in the message: {err}");
    let (code, out, _) = e
        .run(&["status", "--json", "--store", "file"], "", &[])
        .await;
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("damaged"), "{out}");
    assert!(
        std::fs::read_to_string(&path).unwrap().contains("cfast_QZ"),
        "left as it is"
    );
    // The fix named works.
    let (code, _, err) = e.run(&["logout", &url, "--store", "file"], "", &[]).await;
    assert_eq!(code, Some(0), "{err}");
}
