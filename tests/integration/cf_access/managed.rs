//! Managed OAuth: Access answers 401 and is the authorization server on the team domain. The
//! generic sign-in handles it with no flags: dynamic registration of a loopback redirect URI
//! (and the other loopback host when Access allows only one), PKCE S256, `resource` at the
//! authorization and token endpoints, opaque tokens refreshed in place. With Managed OAuth off,
//! the application answers with its login everywhere, which is explained.

use serde_json::json;

use super::{Env, bearers, connect, initialize_error};
use crate::support::fake_server::GateAnswer;

/// A self-hosted application with Managed OAuth on: Access's challenge and protected-resource
/// metadata, the team domain as the authorization server.
async fn managed() -> Env {
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
    e
}

#[tokio::test]
async fn managed_oauth_works_through_the_generic_sign_in_with_no_flags() {
    let e = managed().await;
    let mut b = e.bridge(&[], &[]);
    connect(&mut b).await;
    assert_eq!(
        (e.access.count("register"), e.access.count("authorize")),
        (1, 1)
    );
    let auth = &e.access.authorize_params()[0];
    assert_eq!(auth["resource"], e.server.url, "RFC 8707 resource");
    assert_eq!(auth["code_challenge_method"], "S256");
    assert!(
        auth["redirect_uri"].starts_with("http://127.0.0.1:"),
        "{auth:?}"
    );
    let token = &e.access.token_params()[0];
    assert_eq!(
        token["resource"], e.server.url,
        "resource at the token endpoint too"
    );
    assert_eq!(e.access.token_auth()[0], "none", "a public client");
    let first = bearers(&e.server).pop().unwrap();
    assert!(
        first.starts_with("Bearer oauth:"),
        "an opaque Access token: {first}"
    );

    // The opaque token stops working: the opaque refresh token gets a new one, in place.
    e.access.expire_issued_tokens();
    let r = b.request(json!(1), "tools/list", json!({})).await;
    assert!(r["result"]["tools"].is_array(), "{r}\n{}", b.stderr());
    assert_eq!(e.access.count("refresh"), 1);
    let refresh = e.access.token_params().pop().unwrap();
    assert_eq!(refresh["grant_type"], "refresh_token");
    assert!(refresh["refresh_token"].starts_with("oauth:"));
    assert_eq!(refresh["resource"], e.server.url);
    let second = bearers(&e.server).pop().unwrap();
    assert!(
        second.starts_with("Bearer oauth:") && second != first,
        "{second}"
    );
    assert_eq!(e.access.count("authorize"), 1, "no browser");
    b.close().await;

    // A second run uses the stored credential: no browser.
    let mut b = e.bridge(&[], &[]);
    connect(&mut b).await;
    b.close().await;
    assert_eq!(e.access.count("authorize"), 1);
}

#[tokio::test]
async fn with_only_localhost_clients_allowed_the_bridge_moves_to_localhost_and_says_how_to_skip_it()
{
    let e = managed().await;
    e.access.allow_redirects(true, false);
    let mut b = e.bridge(&[], &[]);
    connect(&mut b).await;
    b.close().await;
    assert_eq!(
        e.access.count("register"),
        2,
        "127.0.0.1 refused, then localhost"
    );
    assert!(
        e.access.authorize_params()[0]["redirect_uri"].starts_with("http://localhost:"),
        "{:?}",
        e.access.authorize_params()
    );
    let err = b.stderr();
    assert!(err.contains("--host localhost"), "{err}");

    // The next sign-in starts from the registration that worked.
    let url = e.server.url.clone();
    let (code, _, err) = e
        .run(
            &[
                "login",
                &url,
                "--store",
                "file",
                "--force",
                "--auth-timeout",
                "20",
            ],
            "",
            &[],
        )
        .await;
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(e.access.count("authorize"), 2);
    assert_eq!(e.access.count("register"), 2, "nothing refused again");
    assert!(!err.contains("refused"), "{err}");

    // A client registered by hand keeps localhost, the default its redirect URI was made for
    // before 127.0.0.1 became the default.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
        .to_string();
    let _ = e
        .run(
            &[
                "login",
                &url,
                "--store",
                "file",
                "--force",
                "--client-id",
                "prereg",
                "--callback-port",
                &port,
                "--auth-timeout",
                "1",
            ],
            "",
            &[],
        )
        .await;
    let last = e.access.authorize_params().pop().unwrap();
    assert_eq!(last["client_id"], "prereg");
    assert_eq!(
        last["redirect_uri"],
        format!("http://localhost:{port}/oauth/callback")
    );
}

#[tokio::test]
async fn a_refused_redirect_host_names_the_flag_and_the_toggle() {
    let e = managed().await;
    // Only localhost clients, and the user asked for 127.0.0.1: no second guess.
    e.access.allow_redirects(true, false);
    let url = e.server.url.clone();
    let login = [
        "login",
        url.as_str(),
        "--store",
        "file",
        "--auth-timeout",
        "20",
    ];
    let mut args = login.to_vec();
    args.extend(["--host", "127.0.0.1"]);
    let (code, _, err) = e.run(&args, "", &[]).await;
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("redirect_uri is not allowed by the account configuration")
            && err.contains("\"Allow loopback clients\"")
            && err.contains("--host localhost"),
        "{err}"
    );
    assert_eq!(e.access.count("register"), 1);
    // Neither host allowed: both are tried, and the toggles are named.
    e.access.allow_redirects(false, false);
    let (code, _, err) = e.run(&login, "", &[]).await;
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("\"Allow localhost clients\" or \"Allow loopback clients\"")
            && err.contains("http://localhost:")
            && err.contains("http://127.0.0.1:"),
        "{err}"
    );
    assert_eq!(e.access.count("authorize"), 0);
}

#[tokio::test]
async fn with_managed_oauth_off_the_login_redirect_is_explained_by_proxy_login_and_doctor() {
    let e = Env::gated(GateAnswer::Redirect).await;
    let mut b = e.bridge(&[], &[]);
    let msg = initialize_error(&mut b).await;
    assert!(
        msg.contains("Managed OAuth off") && msg.contains("turn on Managed OAuth"),
        "{msg}"
    );
    assert!(
        !msg.contains("did not accept"),
        "no service token was sent: {msg}"
    );
    assert!(!msg.contains("JSON"), "no parse error: {msg}");
    b.close().await;

    // login finds the protected-resource metadata behind the same login.
    let url = e.server.url.clone();
    let (code, _, err) = e
        .run(
            &["login", &url, "--store", "file", "--auth-timeout", "20"],
            "",
            &[],
        )
        .await;
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("oauth-protected-resource") && err.contains("Managed OAuth off"),
        "{err}"
    );
    assert_eq!(e.access.count("authorize"), 0);

    let (code, _, err) = e.run(&["doctor", &url, "--store", "file"], "", &[]).await;
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("turn on Managed OAuth"), "{err}");
}
