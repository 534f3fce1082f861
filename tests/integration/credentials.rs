//! What the token endpoint's answers do to the stored credential: only `invalid_grant` (or
//! `invalid_client`) ends it; a firewall's page, another OAuth error, a busy server leave it in
//! place and open no browser. And a sign-in the store refused is not reported as stored.

use serde_json::json;

use crate::oauth::Setup;
use crate::support::bridge::run_async;
use crate::support::fake_as::AsKnobs;

/// Run a command the way the setup's bridges run: its data directory and its browser.
pub async fn command(
    s: &Setup,
    args: &[&str],
    env: &[(&str, &str)],
) -> (Option<i32>, String, String) {
    let data = s.dir.path().join("data");
    let mut all = vec![
        ("MCP_BRIDGE_DATA_DIR", data.to_str().unwrap()),
        ("MCP_BRIDGE_BROWSER", s.browser.as_str()),
    ];
    all.extend_from_slice(env);
    run_async(args, &all, "").await
}

/// The stored refresh token of the setup's server, if any.
pub fn stored_refresh_token(s: &Setup) -> Option<String> {
    let doc: serde_json::Value = serde_json::from_str(&s.tokens_file()).ok()?;
    doc["entries"][&s.server.url]["refresh_token"]
        .as_str()
        .map(str::to_owned)
}

async fn signed_in() -> (Setup, String) {
    let s = Setup::new(AsKnobs::default()).await;
    let (code, _, err) = command(&s, &["login", &s.server.url, "--store", "file"], &[]).await;
    assert_eq!(code, Some(0), "{err}");
    let rt = stored_refresh_token(&s).expect("a refresh token after login");
    (s, rt)
}

const WAF_PAGE: &str = "<!DOCTYPE html><html><head><title>Access denied | example.com used Cloudflare to restrict access</title></head><body>Sorry, you have been blocked</body></html>";

/// Answers that say nothing about the refresh token: each leaves it stored, and neither
/// `token --refresh` nor a bridge that meets a 401 opens a browser.
#[tokio::test]
async fn only_invalid_grant_ends_a_credential() {
    let keepers: [(&str, u16, &str, String); 4] = [
        ("a firewall's HTML 403", 403, "text/html", WAF_PAGE.into()),
        (
            "a 400 invalid_request",
            400,
            "application/json",
            json!({"error": "invalid_request", "error_description": "missing parameter"})
                .to_string(),
        ),
        ("a 429", 429, "text/plain", "slow down".into()),
        (
            "a 502 from a CDN",
            502,
            "text/html",
            "<html><title>Bad gateway</title></html>".into(),
        ),
    ];
    let mut lost = 0;
    for (what, status, ctype, body) in keepers {
        let (s, rt) = signed_in().await;
        s.auth.set(|k| {
            k.refresh_answer = Some((status, ctype.into(), body.clone()));
        });
        // `token --refresh`: a reported failure, the credential kept.
        let (code, out, err) = command(
            &s,
            &[
                "token",
                &s.server.url,
                "--store",
                "file",
                "--refresh",
                "--login",
            ],
            &[],
        )
        .await;
        assert_eq!(code, Some(1), "{what}: {err}");
        assert!(out.is_empty(), "{what}: no token printed: {out}");
        assert!(!err.contains("To sign in again"), "{what}: {err}");
        // A bridge whose access token the server no longer takes.
        s.auth.expire_access_tokens();
        let mut b = s.bridge(&[]);
        let init = b.initialize().await;
        let r = b.request(json!(1), "tools/list", json!({})).await;
        b.close().await;
        assert!(
            init.get("error").is_some() || r.get("error").is_some(),
            "{what}: the request cannot succeed without a new token: {init} {r}"
        );
        assert_eq!(
            s.auth.count("authorize"),
            1,
            "{what}: no browser sign-in\n{}",
            b.stderr()
        );
        if stored_refresh_token(&s).as_deref() != Some(rt.as_str()) {
            lost += 1;
            eprintln!("{what}: the stored refresh token is gone:\n{}", b.stderr());
        }
    }
    eprintln!("credentials lost to an answer other than invalid_grant: {lost} of 4");
    assert_eq!(lost, 0);
}

#[tokio::test]
async fn invalid_grant_ends_the_credential_and_signs_in_again() {
    // A bridge that meets a 401 refreshes, hears invalid_grant, and signs in afresh.
    let (s, rt) = signed_in().await;
    s.auth.set(|k| {
        k.refresh_answer = Some((
            400,
            "application/json".into(),
            json!({"error": "invalid_grant"}).to_string(),
        ));
    });
    s.auth.expire_access_tokens();
    let mut b = s.bridge(&[]);
    b.initialize_and_sign_in().await;
    let r = b.request(json!(1), "tools/list", json!({})).await;
    b.close().await;
    assert_eq!(
        r["result"]["tools"][0]["name"],
        "echo",
        "{r}\n{}",
        b.stderr()
    );
    assert_eq!(s.auth.count("authorize"), 2, "a new sign-in");
    let now = stored_refresh_token(&s).expect("the new credential is stored");
    assert_ne!(now, rt);

    // `token --refresh` throws the dead credential away and says how to sign in.
    let (code, out, err) = command(
        &s,
        &["token", &s.server.url, "--store", "file", "--refresh"],
        &[],
    )
    .await;
    assert_eq!(code, Some(1), "{err}");
    assert!(out.is_empty() && err.contains("To sign in again"), "{err}");
    assert_eq!(stored_refresh_token(&s), None, "discarded");
    let (code, out, _) = command(&s, &["status", "--store", "file", "--json"], &[]).await;
    assert_eq!(code, Some(1));
    assert!(out.contains("\"signed_in\": false"), "{out}");
}

/// With a `tokens.json` the file store cannot read (a damaged file is never overwritten),
/// `login` signs in for the moment but must not say the credential was stored.
#[tokio::test]
async fn login_does_not_claim_to_have_stored_what_it_could_not() {
    let s = Setup::new(AsKnobs::default()).await;
    let data = s.dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::write(data.join("tokens.json"), "{ damaged").unwrap();
    let (code, _, err) = command(&s, &["login", &s.server.url, "--store", "file"], &[]).await;
    assert_eq!(s.auth.count("authorize"), 1, "{err}");
    assert_eq!(code, Some(1), "{err}");
    assert!(!err.contains("Stored in:"), "{err}");
    assert!(!err.contains("✓ Signed in"), "{err}");
    assert!(err.contains("could not be stored"), "{err}");
    let (code, out, _) = command(&s, &["status", "--store", "file", "--json"], &[]).await;
    assert_ne!(code, Some(0), "status agrees: {out}");
    assert_eq!(
        std::fs::read_to_string(data.join("tokens.json")).unwrap(),
        "{ damaged",
        "the damaged file is left as it was"
    );
}
