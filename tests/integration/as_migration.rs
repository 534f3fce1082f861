//! The server moves to another authorization server (its protected resource metadata names a
//! new one): the bridge does not refresh at the old one, signs in at the new one with a fresh
//! registration, and keeps the registrations of both, so that moving back needs no new one.

use serde_json::{Value, json};

use crate::oauth::Setup;
use crate::support::fake_as::{AsKnobs, FakeAs};

/// One run of the bridge, which signs in; the tool list (which needs the real, signed-in
/// session: the `initialize` is answered while the sign-in goes on).
async fn connect(s: &Setup) -> (Value, String) {
    let mut b = s.bridge(&[]);
    b.initialize_and_sign_in().await;
    let list = b.request(json!(1), "tools/list", json!({})).await;
    b.close().await;
    (list, b.stderr())
}

fn registrations(s: &Setup) -> Vec<String> {
    let text = std::fs::read_to_string(s.dir.path().join("data").join("state.json")).unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    let server = &v["servers"][s.server.url.as_str()];
    let mut issuers: Vec<String> = server["registrations"]
        .as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    issuers.sort();
    issuers
}

#[tokio::test]
async fn a_new_authorization_server_gets_a_new_registration_and_both_are_kept() {
    let s = Setup::new(AsKnobs::default()).await;
    let (list, err) = connect(&s).await;
    assert_eq!(list["result"]["tools"][0]["name"], "echo", "{err}");
    assert_eq!(
        (s.auth.count("register"), s.auth.count("authorize")),
        (1, 1)
    );

    let moved = FakeAs::start(&s.server.url, AsKnobs::default()).await;
    s.server.set(|k| k.auth = Some(moved.resource_auth.clone()));
    let (list, err) = connect(&s).await;
    assert_eq!(list["result"]["tools"][0]["name"], "echo", "{err}");
    assert_eq!(
        s.auth.count("token:refresh_token"),
        0,
        "the old server's refresh token is not used for the new one"
    );
    assert_eq!(
        (moved.count("register"), moved.count("authorize")),
        (1, 1),
        "registered afresh and signed in at the new server"
    );
    assert_eq!(moved.authorize_params()[0]["client_id"], "client-0");
    assert!(
        s.tokens_file().contains(&moved.issuer),
        "the new credential is stored"
    );
    let mut both = vec![s.auth.issuer.clone(), moved.issuer.clone()];
    both.sort();
    assert_eq!(
        registrations(&s),
        both,
        "a registration per authorization server"
    );

    // Back to the first: its registration is still there, so no new one.
    s.server
        .set(|k| k.auth = Some(s.auth.resource_auth.clone()));
    let (list, err) = connect(&s).await;
    assert_eq!(list["result"]["tools"][0]["name"], "echo", "{err}");
    assert_eq!(s.auth.count("register"), 1);
    assert_eq!(s.auth.count("authorize"), 2);
    assert_eq!(moved.count("register"), 1);
}
