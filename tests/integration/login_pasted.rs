//! `login --no-browser` with the browser on another machine: the address the browser ended on
//! is pasted on stdin, judged like a callback (a wrong `state` or an error page is refused and
//! the wait goes on), and the loopback listener still works meanwhile. The real binary, the
//! fake authorization server; the test plays the person and the far-away browser.

use std::process::Stdio;
use std::sync::{Arc, Mutex};

use serde_json::Value;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::process::{Child, ChildStdin, Command};

use crate::oauth::Setup;
use crate::support::bridge::BIN;
use crate::support::eventually;
use crate::support::fake_as::AsKnobs;

struct Login {
    child: Child,
    stdin: Option<ChildStdin>,
    stderr: Arc<Mutex<String>>,
    reader: Option<tokio::task::JoinHandle<()>>,
}

impl Login {
    fn start(s: &Setup) -> Login {
        let mut child = Command::new(BIN)
            .args(["login", &s.server.url, "--store", "file", "--no-browser"])
            .env("MCP_BRIDGE_DATA_DIR", s.dir.path().join("data"))
            .env("NO_COLOR", "1")
            .env("USER", "ada")
            .env("SSH_CONNECTION", "192.0.2.7 50000 198.51.100.3 22")
            .env_remove("MCP_BRIDGE_BROWSER")
            .env_remove("BROWSER")
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .unwrap();
        let stderr = Arc::new(Mutex::new(String::new()));
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        let sink = stderr.clone();
        let reader = tokio::spawn(async move {
            while let Ok(Some(l)) = lines.next_line().await {
                let mut s = sink.lock().unwrap();
                s.push_str(&l);
                s.push('\n');
            }
        });
        Login {
            stdin: child.stdin.take(),
            child,
            stderr,
            reader: Some(reader),
        }
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// The sign-in address printed for the person.
    async fn authorization_url(&self) -> String {
        let found = eventually(|| async { self.find_url().is_some() }).await;
        assert!(found, "no address printed:\n{}", self.stderr());
        self.find_url().unwrap()
    }

    fn find_url(&self) -> Option<String> {
        self.stderr()
            .lines()
            .map(str::trim)
            .find(|l| l.starts_with("http://") && l.contains("/authorize?"))
            .map(str::to_owned)
    }

    async fn paste(&mut self, text: &str) {
        let stdin = self.stdin.as_mut().unwrap();
        stdin.write_all(text.as_bytes()).await.unwrap();
        stdin.flush().await.unwrap();
    }

    async fn exit_code(&mut self) -> Option<i32> {
        let status = tokio::time::timeout(std::time::Duration::from_secs(15), self.child.wait())
            .await
            .unwrap_or_else(|_| panic!("login did not end:\n{}", self.stderr()))
            .unwrap();
        // Everything it said is read.
        if let Some(r) = self.reader.take() {
            let _ = r.await;
        }
        status.code()
    }
}

/// The far-away browser: it signs in and ends on the callback address, which it cannot load.
async fn address_the_browser_ends_on(authorization_url: &str) -> String {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let r = client.get(authorization_url).send().await.unwrap();
    r.headers()["location"].to_str().unwrap().to_owned()
}

fn stored(s: &Setup) -> Value {
    serde_json::from_str(&s.tokens_file()).unwrap_or(Value::Null)
}

#[tokio::test]
async fn the_address_the_browser_ended_on_can_be_pasted() {
    let s = Setup::new(AsKnobs::default()).await;
    let mut login = Login::start(&s);
    let url = login.authorization_url().await;
    let ended_on = address_the_browser_ends_on(&url).await;
    let port = url::Url::parse(&ended_on).unwrap().port().unwrap();
    assert!(
        login
            .stderr()
            .contains(&format!("ssh -L {port}:127.0.0.1:{port} ada@198.51.100.3")),
        "the forwarding hint names the real port and this machine:\n{}",
        login.stderr()
    );

    // Another sign-in's address (its state differs) is refused, and the wait goes on; so is
    // an error page's address and something that is no address at all.
    let mut other = url::Url::parse(&ended_on).unwrap();
    let query: Vec<(String, String)> = other
        .query_pairs()
        .map(|(k, v)| {
            let v = if k == "state" {
                "not-this-one".into()
            } else {
                v.into_owned()
            };
            (k.into_owned(), v)
        })
        .collect();
    other.query_pairs_mut().clear().extend_pairs(&query);
    login.paste(&format!("{other}\n")).await;
    // The error page's address: the same state and issuer, an error instead of the code.
    let mut denied = url::Url::parse(&ended_on).unwrap();
    let query: Vec<(String, String)> = denied
        .query_pairs()
        .filter(|(k, _)| k != "code")
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    denied
        .query_pairs_mut()
        .clear()
        .extend_pairs(&query)
        .append_pair("error", "access_denied");
    login.paste(&format!("{denied}\n")).await;
    login.paste("just some words\n").await;
    let refused = eventually(|| async {
        let e = login.stderr();
        e.contains("does not belong to this sign-in")
            && e.contains("did not grant access")
            && e.contains("not an address")
    })
    .await;
    assert!(refused, "{}", login.stderr());
    assert!(login.child.try_wait().unwrap().is_none(), "still waiting");
    assert_eq!(s.auth.count("token:authorization_code"), 0);

    // The right address, with whatever the terminal added around it.
    login.paste(&format!("  {ended_on}  \r\n")).await;
    assert_eq!(login.exit_code().await, Some(0), "{}", login.stderr());
    assert!(login.stderr().contains("✓ Signed in"), "{}", login.stderr());
    assert!(
        stored(&s)["entries"][&s.server.url]["access_token"].is_string(),
        "{}",
        s.tokens_file()
    );
    assert_eq!(s.auth.count("token:authorization_code"), 1);
}

#[tokio::test]
async fn the_listener_still_works_while_stdin_is_read() {
    let s = Setup::new(AsKnobs::default()).await;
    let mut login = Login::start(&s);
    let url = login.authorization_url().await;
    login.paste("not yet\n").await;
    // The browser is on this machine after all: its callback reaches the listener.
    let ended_on = address_the_browser_ends_on(&url).await;
    let page = reqwest::get(&ended_on).await.unwrap();
    assert_eq!(page.status(), 200);
    assert_eq!(login.exit_code().await, Some(0), "{}", login.stderr());
    assert_eq!(s.auth.count("token:authorization_code"), 1);
}

#[tokio::test]
async fn a_closed_stdin_leaves_the_listener_waiting() {
    let s = Setup::new(AsKnobs::default()).await;
    let mut login = Login::start(&s);
    login.stdin.take();
    let url = login.authorization_url().await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(login.child.try_wait().unwrap().is_none(), "still waiting");
    let ended_on = address_the_browser_ends_on(&url).await;
    assert_eq!(reqwest::get(&ended_on).await.unwrap().status(), 200);
    assert_eq!(login.exit_code().await, Some(0), "{}", login.stderr());
}

#[tokio::test]
async fn a_pasted_address_from_another_issuer_is_refused() {
    let s = Setup::new(AsKnobs {
        callback_iss: Some("http://127.0.0.1:1".into()),
        ..AsKnobs::default()
    })
    .await;
    let mut login = Login::start(&s);
    let url = login.authorization_url().await;
    let ended_on = address_the_browser_ends_on(&url).await;
    login.paste(&format!("{ended_on}\n")).await;
    assert_eq!(login.exit_code().await, Some(1), "{}", login.stderr());
    assert!(login.stderr().contains("issuer"), "{}", login.stderr());
    assert_eq!(
        s.auth.count("token:authorization_code"),
        0,
        "the code was never used"
    );
}
