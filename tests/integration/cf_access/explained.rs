//! When Cloudflare Access answers instead of the server, the host gets words, not a JSON parse
//! error or a page of HTML, and the words fit what was sent: the login after a service token
//! (the token's policy), the login after an Access for SaaS sign-in (the application in front),
//! strict mode's 401 (the token's halves), a 403 to a known token (its policy), and the block
//! page (summarised).

use super::{Env, initialize_error, strs};
use crate::support::fake_server::GateAnswer;

fn assert_no_markup(msg: &str) {
    for raw in ["<html", "<!DOCTYPE", "json_data", "&quot;"] {
        assert!(!msg.contains(raw), "{raw} in {msg}");
    }
    assert!(!msg.contains("JSON"), "no parse error: {msg}");
}

#[tokio::test]
async fn the_login_after_a_service_token_is_about_the_token_only() {
    for answer in [GateAnswer::Redirect, GateAnswer::LoginPage] {
        let e = Env::gated(answer).await;
        let mut b = e.bridge(
            &["--cf-access-client-id", "1a2b.access"],
            &[("CF_ACCESS_CLIENT_SECRET", "wrong")],
        );
        let msg = initialize_error(&mut b).await;
        b.close().await;
        assert!(
            msg.contains("did not accept the service token 1a2b.access")
                && msg.contains("Service Auth")
                && msg.contains("--cf-access-client-id 1a2b.access"),
            "{answer:?}: {msg}"
        );
        assert!(
            !msg.contains("Managed OAuth") && !msg.contains("--cf-access-team"),
            "{msg}"
        );
        assert!(!msg.contains("wrong"), "no secret: {msg}");
        assert_no_markup(&msg);
    }
}

#[tokio::test]
async fn the_login_with_nothing_sent_points_at_managed_oauth_not_the_token() {
    let e = Env::gated(GateAnswer::LoginPage).await;
    let mut b = e.bridge(&[], &[]);
    let msg = initialize_error(&mut b).await;
    b.close().await;
    assert!(
        msg.contains("its browser login page") && msg.contains("turn on Managed OAuth"),
        "{msg}"
    );
    assert!(
        !msg.contains("did not accept") && !msg.contains("Service Auth"),
        "{msg}"
    );
    assert_no_markup(&msg);
}

#[tokio::test]
async fn strict_mode_refusing_the_token_says_which_halves_to_check() {
    let e = Env::gated(GateAnswer::Strict).await;
    let mut b = e.bridge(
        &["--cf-access-client-id", "1a2b.access"],
        &[("CF_ACCESS_CLIENT_SECRET", "wrong")],
    );
    let msg = initialize_error(&mut b).await;
    b.close().await;
    assert!(
        msg.contains("refused the service token 1a2b.access (HTTP 401)")
            && msg.contains("wrong or missing"),
        "{msg}"
    );
    assert!(!msg.contains("requires authorization"), "{msg}");
}

#[tokio::test]
async fn a_known_token_without_a_policy_gets_the_block_page_summarised() {
    let e = Env::gated(GateAnswer::Strict).await;
    e.server
        .set(|k| k.access_gate.as_mut().unwrap().not_authorized = true);
    let mut b = e.bridge(
        &["--cf-access-client-id", "1a2b.access"],
        &[("CF_ACCESS_CLIENT_SECRET", "cfast_s3cret")],
    );
    let msg = initialize_error(&mut b).await;
    b.close().await;
    assert!(
        msg.contains("knows the service token 1a2b.access")
            && msg.contains("HTTP 403: Forbidden. You don't have permission to view this.")
            && msg.contains("Ray ID 8f1e2d3c4b5a6978")
            && msg.contains("Service Auth"),
        "{msg}"
    );
    assert_no_markup(&msg);
}

#[tokio::test]
async fn the_block_page_without_a_token_is_summarised_without_token_advice() {
    let e = Env::gated(GateAnswer::Blocked).await;
    let mut b = e.bridge(&[], &[]);
    let msg = initialize_error(&mut b).await;
    b.close().await;
    assert!(
        msg.contains("blocked the request (HTTP 403: Forbidden."),
        "{msg}"
    );
    assert!(!msg.contains("service token"), "none was sent: {msg}");
    assert_no_markup(&msg);
}

#[tokio::test]
async fn the_login_in_front_of_a_saas_protected_server_is_about_that_application() {
    let e = Env::new("Bearer").await;
    let flags = e.saas_flags();
    // Sign in first (the team domain is not behind the gate), then the gate goes up.
    let mut login = vec![
        "login".to_owned(),
        e.server.url.clone(),
        "--store".into(),
        "file".into(),
    ];
    login.extend(flags.clone());
    let (code, _, err) = e.run(&strs(&login), "", &[]).await;
    assert_eq!(code, Some(0), "{err}");
    e.server.set(|k| {
        k.access_gate = Some(crate::support::fake_server::AccessGate {
            service_token: ("1a2b.access".into(), "cfast_s3cret".into()),
            answer: GateAnswer::Redirect,
            not_authorized: false,
        })
    });
    let mut b = e.bridge(&strs(&flags), &[]);
    let msg = initialize_error(&mut b).await;
    b.close().await;
    assert!(
        msg.contains("Bypass") && msg.contains("without --cf-access-team"),
        "{msg}"
    );
    assert!(!msg.contains("service token"), "{msg}");
}
