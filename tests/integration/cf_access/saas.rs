//! Access for SaaS as the authorization server: the documented issuer path and endpoints, a
//! public client with PKCE and `offline_access`, a client secret sent the way the token endpoint
//! takes it, ID tokens checked against the application's keys (also when Access rotates them
//! under a running bridge), refresh with rotating refresh tokens, and `--use-id-token`.

use serde_json::{Value, json};

use super::{Env, bearers, connect, free_port, strs};
use crate::support::fake_access::{CLIENT_ID, CLIENT_SECRET, EMAIL};

fn kid_of(bearer: &str) -> String {
    use base64::Engine;
    let jwt = bearer.trim_start_matches("Bearer ");
    let header = jwt.split('.').next().unwrap();
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(header)
        .unwrap();
    let v: Value = serde_json::from_slice(&bytes).unwrap();
    v["kid"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn access_for_saas_by_team_and_client_id_signs_in_as_a_public_client() {
    let e = Env::new("Bearer").await;
    let flags = e.saas_flags();
    let mut b = e.bridge(&strs(&flags), &[]);
    connect(&mut b).await;
    b.close().await;

    assert_eq!(
        e.access.count("config"),
        1,
        "discovered at <issuer>/.well-known/openid-configuration"
    );
    let auth = &e.access.authorize_params()[0];
    assert_eq!(auth["client_id"], CLIENT_ID);
    assert_eq!(auth["code_challenge_method"], "S256");
    assert_eq!(auth["scope"], "openid email profile offline_access");
    assert!(
        auth["redirect_uri"].starts_with("http://127.0.0.1:")
            && auth["redirect_uri"].ends_with("/callback")
    );
    assert!(
        auth.get("nonce").is_some_and(|n| n.len() >= 20),
        "an OpenID sign-in sends a nonce: {auth:?}"
    );
    assert!(
        !auth.contains_key("resource"),
        "no RFC 8707 resource for a SaaS app: {auth:?}"
    );
    let token = &e.access.token_params()[0];
    assert!(
        !token.contains_key("client_secret"),
        "PKCE without a client secret"
    );
    assert_eq!(e.access.token_auth(), ["none"]);
    assert_eq!(token["client_id"], CLIENT_ID);
    // The access token (an Access JWT) is the bearer.
    let bearer = bearers(&e.server).pop().unwrap();
    assert!(bearer.starts_with("Bearer ey"), "{bearer}");
    assert_eq!(
        e.access.count("jwks"),
        1,
        "the ID token was checked against the JWKS"
    );

    // status shows the identity from the ID token, and the refresh token offline_access gave.
    let (code, out, err) = e
        .run(&["status", "--json", "--store", "file"], "", &[])
        .await;
    assert_eq!(code, Some(0), "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["servers"][0]["identity"], EMAIL, "{v}");
    assert_eq!(
        v["servers"][0]["issuer"],
        format!("{}/cdn-cgi/access/sso/oidc/{CLIENT_ID}", e.access.origin)
    );
    assert_eq!(v["servers"][0]["refreshable"], true, "{v}");
}

#[tokio::test]
async fn a_running_bridge_refreshes_with_rotation_and_follows_a_signing_key_rotation() {
    let e = Env::new("Bearer").await;
    let flags = e.saas_flags();
    let mut b = e.bridge(&strs(&flags), &[]);
    connect(&mut b).await;
    assert_eq!((e.access.count("code"), e.access.count("jwks")), (1, 1));
    assert_eq!(kid_of(&bearers(&e.server).pop().unwrap()), "k1");

    // Access rotates its signing key, and the tokens in use stop working: the bridge refreshes,
    // gets an ID token under a kid it has not seen, fetches the keys once more, and goes on.
    e.access.rotate_keys("k2");
    e.access.expire_issued_tokens();
    let r = b.request(json!(1), "tools/list", json!({})).await;
    assert!(r["result"]["tools"].is_array(), "{r}\n{}", b.stderr());
    assert_eq!(e.access.count("refresh"), 1);
    assert_eq!(e.access.count("jwks"), 2, "one fetch for the new kid");
    assert_eq!(kid_of(&bearers(&e.server).pop().unwrap()), "k2");

    // Again: the refresh token from the first refresh is the one used (the fake accepts each
    // once), and the key is known now.
    e.access.expire_issued_tokens();
    let r = b.request(json!(2), "tools/list", json!({})).await;
    assert!(r["result"]["tools"].is_array(), "{r}\n{}", b.stderr());
    assert_eq!(e.access.count("refresh"), 2);
    assert_eq!(e.access.count("jwks"), 2, "no fetch for a known kid");
    let refreshes: Vec<String> = e
        .access
        .token_params()
        .iter()
        .filter(|p| p["grant_type"] == "refresh_token")
        .map(|p| p["refresh_token"].clone())
        .collect();
    assert_eq!(refreshes.len(), 2);
    assert_ne!(refreshes[0], refreshes[1], "the refresh token rotated");
    assert_eq!(e.access.count("code"), 1, "no new sign-in");
    b.close().await;
    let stored = std::fs::read_to_string(e.dir.path().join("data/tokens.json")).unwrap();
    assert!(
        !stored.contains(&format!("\"{}\"", refreshes[1])),
        "the used refresh token is not kept"
    );
}

#[tokio::test]
async fn the_default_redirect_uri_is_port_8976() {
    // The port is fixed; run only when nothing else on this machine holds it.
    let Ok(probe) = std::net::TcpListener::bind("127.0.0.1:8976") else {
        eprintln!("127.0.0.1:8976 is busy; the default is checked by the unit test only");
        return;
    };
    drop(probe);
    let e = Env::new("Bearer").await;
    e.access.set_redirect_uri("http://127.0.0.1:8976/callback");
    let url = e.server.url.clone();
    let team = e.access.origin.clone();
    let (code, _, err) = e
        .run(
            &[
                "login",
                &url,
                "--store",
                "file",
                "--cf-access-team",
                &team,
                "--client-id",
                CLIENT_ID,
            ],
            "",
            &[],
        )
        .await;
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        e.access.authorize_params()[0]["redirect_uri"],
        "http://127.0.0.1:8976/callback"
    );
}

#[tokio::test]
async fn a_client_secret_is_accepted_and_sent_the_way_the_token_endpoint_takes_it() {
    let e = Env::new("Bearer").await;
    let flags = e.saas_flags();
    let url = e.server.url.clone();
    let mut args = vec![
        "login".to_owned(),
        url,
        "--store".into(),
        "file".into(),
        "--force".into(),
    ];
    args.extend(flags);
    let secret = [("ACCESS_CLIENT_SECRET", CLIENT_SECRET)];
    // No methods listed: in the form, as Cloudflare's examples send it.
    let (code, _, err) = e.run(&strs(&args), "", &secret).await;
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(e.access.token_auth(), ["client_secret_post"]);
    assert_eq!(e.access.token_params()[0]["client_secret"], CLIENT_SECRET);
    assert!(!err.contains(CLIENT_SECRET), "never printed");
    // Listed: honoured (the fake refuses a method it does not list).
    e.access.set_saas_auth_methods(&["client_secret_basic"]);
    let (code, _, err) = e.run(&strs(&args), "", &secret).await;
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(e.access.token_auth()[1], "client_secret_basic");
    assert!(!e.access.token_params()[1].contains_key("client_secret"));
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
    connect(&mut b).await;
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
async fn without_a_key_set_the_guides_variables_are_refused_not_trusted() {
    let e = Env::new("Bearer").await;
    let port = free_port();
    e.access
        .set_redirect_uri(&format!("http://127.0.0.1:{port}/callback"));
    let issuer = e.access.saas_issuer();
    let (auth_url, token_url) = (format!("{issuer}/authorization"), format!("{issuer}/token"));
    let url = e.server.url.clone();
    let port_s = port.to_string();
    let (code, _, err) = e
        .run(
            &["login", &url, "--store", "file", "--callback-port", &port_s],
            "",
            &[
                ("ACCESS_CLIENT_ID", CLIENT_ID),
                ("ACCESS_AUTHORIZATION_URL", &auth_url),
                ("ACCESS_TOKEN_URL", &token_url),
            ],
        )
        .await;
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("cannot be verified") && err.contains("ACCESS_JWKS_URL"),
        "{err}"
    );
    assert!(
        !e.dir.path().join("data/tokens.json").exists(),
        "nothing stored"
    );
}

#[tokio::test]
async fn a_forged_id_token_is_refused_and_nothing_is_replaced() {
    let e = Env::new("Bearer").await;
    let flags = e.saas_flags();
    let mut args = vec![
        "login".to_owned(),
        e.server.url.clone(),
        "--store".into(),
        "file".into(),
    ];
    args.extend(flags);
    let (code, _, err) = e.run(&strs(&args), "", &[]).await;
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains(EMAIL), "login says who signed in: {err}");
    let before = std::fs::read_to_string(e.dir.path().join("data/tokens.json")).unwrap();
    e.access.forge_id_tokens();
    args.push("--force".into());
    let (code, _, err) = e.run(&strs(&args), "", &[]).await;
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("ID token") && err.contains("signature"),
        "{err}"
    );
    let after = std::fs::read_to_string(e.dir.path().join("data/tokens.json")).unwrap();
    assert_eq!(before, after, "the stored credential is untouched");
}

#[tokio::test]
async fn with_use_id_token_a_refresh_without_one_falls_back_to_the_access_token_once() {
    let e = Env::new("Bearer").await;
    let mut flags = e.saas_flags();
    flags.push("--use-id-token".into());
    let mut b = e.bridge(&strs(&flags), &[]);
    connect(&mut b).await;
    let claims =
        |b: &str| mcp_bridge::oauth::id_token::claims(b.trim_start_matches("Bearer ")).unwrap();
    assert!(
        claims(&bearers(&e.server).pop().unwrap())
            .get("nonce")
            .is_some(),
        "the ID token"
    );

    e.access.no_id_token_on_refresh();
    e.access.expire_issued_tokens();
    let r = b.request(json!(1), "tools/list", json!({})).await;
    assert!(r["result"]["tools"].is_array(), "{r}\n{}", b.stderr());
    assert_eq!(
        claims(&bearers(&e.server).pop().unwrap())["type"],
        "access",
        "the access token now"
    );
    assert!(b.stderr().contains("no new ID token"), "{}", b.stderr());
    // No refresh loop in the background.
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    assert_eq!(e.access.count("refresh"), 1);

    // When that is refused too, a new sign-in brings an ID token again (not another refresh).
    e.access.expire_issued_tokens();
    let r = b.request(json!(2), "tools/list", json!({})).await;
    assert!(r["result"]["tools"].is_array(), "{r}\n{}", b.stderr());
    assert_eq!((e.access.count("refresh"), e.access.count("code")), (1, 2));
    assert!(
        claims(&bearers(&e.server).pop().unwrap())
            .get("type")
            .is_none()
    );
    b.close().await;
}
