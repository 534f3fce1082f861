//! An authorization server (and an MCP server) that echo the bridge's secrets back — in an
//! OAuth `error_description`, in a firewall's HTML page, in a `WWW-Authenticate` challenge —
//! must not get them printed: not on stderr, not in `--log-file` at -vv, not in `status` or
//! `doctor`, not in the JSON-RPC errors the host reads.

use serde_json::json;

use crate::credentials::{command, stored_refresh_token};
use crate::oauth::Setup;
use crate::support::fake_as::{AsKnobs, Echo};

const CLIENT_ID: &str = "pre-registered-app";
const CLIENT_SECRET: &str = "cs-9f3b1c7e5a2d4f60b8e1";

/// Every secret the test can know of: the client secret and its Basic form, and every value
/// the authorization server took or gave (codes, verifiers, tokens).
fn secrets(s: &Setup) -> Vec<String> {
    use base64::Engine;
    let mut out = vec![
        CLIENT_SECRET.to_owned(),
        base64::engine::general_purpose::STANDARD.encode(format!("{CLIENT_ID}:{CLIENT_SECRET}")),
    ];
    for p in s.auth.token_params() {
        for k in ["code", "code_verifier", "refresh_token", "client_secret"] {
            out.extend(p.get(k).cloned());
        }
    }
    if let Ok(doc) = serde_json::from_str::<serde_json::Value>(&s.tokens_file()) {
        for e in doc["entries"]
            .as_object()
            .into_iter()
            .flat_map(|m| m.values())
        {
            for k in ["access_token", "refresh_token", "id_token"] {
                out.extend(e[k].as_str().map(str::to_owned));
            }
        }
    }
    out.retain(|v| v.len() >= 8);
    out.sort();
    out.dedup();
    out
}

/// The secrets (or 12-character pieces of them) found in `text`.
fn leaks(secrets: &[String], text: &str) -> Vec<String> {
    secrets
        .iter()
        .filter(|v| text.contains(v.as_str()) || text.contains(&v[..12.min(v.len())]))
        .cloned()
        .collect()
}

#[tokio::test]
async fn secrets_echoed_by_servers_never_reach_any_output() {
    let s = Setup::new(AsKnobs {
        long_secrets: true,
        ..AsKnobs::default()
    })
    .await;
    s.auth.add_client(CLIENT_ID);
    let log = s.dir.path().join("bridge.log");
    let log_arg = log.to_str().unwrap();
    let url = s.server.url.clone();
    let env = [("MCP_BRIDGE_CLIENT_SECRET", CLIENT_SECRET)];
    let login = |extra: &'static [&'static str]| {
        let mut a = vec![
            "-vv",
            "--log-file",
            log_arg,
            "login",
            url.as_str(),
            "--store",
            "file",
            "--client-id",
            CLIENT_ID,
        ];
        a.extend_from_slice(extra);
        a
    };
    let mut outputs: Vec<(String, String)> = Vec::new();

    // 1. The code exchange is refused with the request quoted: code, verifier, client secret.
    for echo in [Echo::Json, Echo::Html] {
        s.auth.set(|k| k.echo = Some(echo));
        let (code, out, err) = command(&s, &login(&["--force"]), &env).await;
        assert_eq!(code, Some(1), "{err}");
        outputs.push((format!("login, echo {echo:?}: stdout"), out));
        outputs.push((format!("login, echo {echo:?}: stderr"), err));
        outputs.push(("login, stderr without --log-file".into(), {
            let (_, _, err) = command(
                &s,
                &[
                    "login",
                    &url,
                    "--store",
                    "file",
                    "--client-id",
                    CLIENT_ID,
                    "--force",
                ],
                &env,
            )
            .await;
            err
        }));
    }
    assert!(s.auth.count("token:echoed") >= 4);

    // 2. Signed in for real, a refresh is refused with the refresh token quoted.
    s.auth.set(|k| k.echo = None);
    let (code, _, err) = command(&s, &login(&[]), &env).await;
    assert_eq!(code, Some(0), "{err}");
    let rt = stored_refresh_token(&s).unwrap();
    for echo in [Echo::Json, Echo::Html] {
        s.auth.set(|k| k.echo = Some(echo));
        let (code, out, err) = command(
            &s,
            &[
                "-vv",
                "--log-file",
                log_arg,
                "token",
                &url,
                "--store",
                "file",
                "--refresh",
                "--client-id",
                CLIENT_ID,
            ],
            &env,
        )
        .await;
        assert_eq!(code, Some(1), "{err}");
        outputs.push((format!("token --refresh, echo {echo:?}: stdout"), out));
        outputs.push((format!("token --refresh, echo {echo:?}: stderr"), err));
    }
    assert_eq!(
        stored_refresh_token(&s).as_deref(),
        Some(rt.as_str()),
        "kept"
    );

    // 3. The MCP server's challenge quotes the stored tokens; a bridge meets it, refreshes
    //    against the echoing authorization server, and tells the host it failed.
    let stored = secrets(&s);
    s.server.set(|k| {
        let auth = k.auth.as_mut().unwrap();
        auth.challenge = format!(
            "Bearer error=\"invalid_token\", error_description=\"the token {} (refresh with {}) is revoked\", resource_metadata=\"{}\"",
            stored.join(" "),
            rt,
            auth.resource_metadata
        );
    });
    s.auth.expire_access_tokens();
    let mut b = s.bridge(&["-vv", "--log-file", log_arg, "--client-id", CLIENT_ID]);
    let init = b.initialize().await;
    let r = b.request(json!(1), "tools/list", json!({})).await;
    b.close().await;
    outputs.push(("proxy: stdout to the host".into(), format!("{init}\n{r}")));
    outputs.push(("proxy: stderr".into(), b.stderr()));

    // 4. status and doctor, the commands whose output goes into bug reports.
    for args in [
        vec!["status", "--store", "file"],
        vec!["status", "--store", "file", "--json"],
        vec!["doctor", &url, "--store", "file", "--client-id", CLIENT_ID],
        vec![
            "doctor",
            &url,
            "--store",
            "file",
            "--client-id",
            CLIENT_ID,
            "--json",
        ],
    ] {
        let mut a = vec!["-vv", "--log-file", log_arg];
        a.extend(args.iter().copied());
        let (_, out, err) = command(&s, &a, &env).await;
        outputs.push((format!("{}: stdout", args.join(" ")), out));
        outputs.push((format!("{}: stderr", args.join(" ")), err));
    }
    outputs.push((
        "--log-file at -vv".into(),
        std::fs::read_to_string(&log).unwrap(),
    ));

    let secrets = secrets(&s);
    assert!(
        secrets.len() >= 8,
        "the test knows the secrets: {}",
        secrets.len()
    );
    let mut found = 0;
    for (what, text) in &outputs {
        let l = leaks(&secrets, text);
        if !l.is_empty() {
            found += l.len();
            eprintln!("{what} shows {} secret(s):\n{text}\n", l.len());
        }
    }
    eprintln!(
        "secrets in {} outputs after servers echoed them: {found}",
        outputs.len()
    );
    assert_eq!(found, 0);
    // The outputs did carry what the servers said (the redaction kept the rest).
    let all: String = outputs.iter().map(|(_, t)| t.as_str()).collect();
    assert!(all.contains("this request is not acceptable"), "{all}");
    assert!(all.contains("Blocked"), "{all}");
}
