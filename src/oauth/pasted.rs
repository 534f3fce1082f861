//! A sign-in whose browser runs on another machine (over SSH, in a container, on a remote
//! desktop), where the browser cannot reach the loopback callback. `login --no-browser` then
//! also takes the address the browser ended on, pasted on stdin: it is judged exactly as the
//! listener judges a callback ([`super::callback::classify`]: `state` first, then `iss`), and
//! whichever of the two brings the code first ends the wait. Also the one-line `ssh -L` hint
//! that makes the callback reachable instead.

use std::io::BufRead;

use tokio::sync::{Mutex, mpsc};

use super::callback::{CallbackError, Expectation, Verdict, classify};
use crate::printer::Printer;
use crate::secret::Secret;

/// A pasted line longer than this is no address of ours.
const MAX_LINE: u64 = 64 * 1024;

/// Lines pasted on stdin, read from the first time they are waited for.
#[derive(Default)]
pub struct Pasted {
    lines: Mutex<Option<mpsc::Receiver<String>>>,
}

/// Why a pasted line is not a callback address.
#[derive(Debug, PartialEq, Eq)]
pub enum NotCallback {
    /// Not a URL at all.
    NotAnAddress,
    /// A URL, but not the callback's (another host, port or path).
    Elsewhere,
}

/// What a pasted line means for the sign-in waiting on `redirect_uri`.
pub fn judge(line: &str, redirect_uri: &str, expect: &Expectation) -> Result<Verdict, NotCallback> {
    let pasted = url::Url::parse(line.trim()).map_err(|_| NotCallback::NotAnAddress)?;
    let ours = url::Url::parse(redirect_uri).map_err(|_| NotCallback::Elsewhere)?;
    let loopback = |u: &url::Url| matches!(u.host_str(), Some("127.0.0.1" | "localhost"));
    if pasted.scheme() != "http"
        || !loopback(&pasted)
        || pasted.port() != ours.port()
        || pasted.path() != ours.path()
    {
        return Err(NotCallback::Elsewhere);
    }
    Ok(classify(pasted.query().unwrap_or(""), expect))
}

impl Pasted {
    /// The next line pasted; `None` once stdin has ended.
    async fn next_line(&self) -> Option<String> {
        let mut lines = self.lines.lock().await;
        let rx = lines.get_or_insert_with(read_stdin);
        rx.recv().await
    }

    /// Wait for a pasted address that brings the code, telling the person what is wrong with
    /// the others. Without one (stdin closed) this waits forever: the listener's timeout ends
    /// the sign-in.
    pub async fn wait(
        &self,
        redirect_uri: &str,
        expect: &Expectation,
        printer: &Printer,
    ) -> Result<Secret, CallbackError> {
        while let Some(line) = self.next_line().await {
            if line.trim().is_empty() {
                continue;
            }
            let still = "mcp-bridge is still waiting";
            match judge(&line, redirect_uri, expect) {
                Ok(Verdict::Code(code)) => return Ok(code),
                Ok(Verdict::Refused(e)) => return Err(e),
                Ok(Verdict::WrongState) => printer.warn(format!(
                    "that address does not belong to this sign-in (its state does not match); \
                     {still}: paste the address of the most recent sign-in"
                )),
                Ok(Verdict::Denied(why)) => printer.warn(format!(
                    "the authorization server did not grant access ({why}); {still}: try again in the browser"
                )),
                Ok(Verdict::NoCode) => {
                    printer.warn(format!("that address carries no authorization code; {still}"))
                }
                Err(NotCallback::NotAnAddress) => printer.warn(format!(
                    "that is not an address; {still}: paste the whole address from the browser's address bar"
                )),
                Err(NotCallback::Elsewhere) => printer.warn(format!(
                    "that is not the sign-in's callback address (it starts with {redirect_uri}); {still}"
                )),
            }
        }
        std::future::pending().await
    }
}

/// Read stdin line by line on a thread of its own (a blocking read; it ends with the process).
fn read_stdin() -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel(8);
    std::thread::spawn(move || {
        let stdin = std::io::stdin();
        let mut input = stdin.lock();
        loop {
            let mut buf = Vec::new();
            match std::io::Read::take(&mut input, MAX_LINE).read_until(b'\n', &mut buf) {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
            if !buf.ends_with(b"\n") && buf.len() as u64 >= MAX_LINE {
                // Skip the rest of an overlong line.
                let mut rest = Vec::new();
                if input.read_until(b'\n', &mut rest).is_err() {
                    return;
                }
                continue;
            }
            let line = String::from_utf8_lossy(&buf).into_owned();
            if tx.blocking_send(line).is_err() {
                return;
            }
        }
    });
    rx
}

/// The command that forwards the callback port from the machine with the browser:
/// `ssh -L PORT:127.0.0.1:PORT user@host`, with this machine's address and the user's name
/// when the session came over SSH and says so.
pub fn ssh_hint(port: u16, env: &dyn Fn(&str) -> Option<String>) -> String {
    let user = env("USER")
        .or_else(|| env("USERNAME"))
        .filter(|u| !u.is_empty() && u.chars().all(|c| c.is_ascii_graphic()))
        .unwrap_or_else(|| "user".into());
    // SSH_CONNECTION: "client_ip client_port server_ip server_port".
    let (options, host) = env("SSH_CONNECTION")
        .and_then(|c| {
            let parts: Vec<&str> = c.split_whitespace().collect();
            let ip = parts.get(2)?.parse::<std::net::IpAddr>().ok()?;
            let ssh_port = parts.get(3)?.parse::<u16>().ok()?;
            let options = match ssh_port {
                22 => String::new(),
                p => format!(" -p {p}"),
            };
            Some((options, ip.to_string()))
        })
        .unwrap_or_else(|| (String::new(), "host".into()));
    format!("ssh -L {port}:127.0.0.1:{port}{options} {user}@{host}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expect() -> Expectation {
        Expectation {
            state: "st-1".into(),
            issuer: "https://as.test".into(),
            iss_required: false,
        }
    }

    const CB: &str = "http://127.0.0.1:33418/oauth/callback";

    #[test]
    fn a_pasted_address_is_judged_like_a_callback() {
        let code = judge(
            "  http://127.0.0.1:33418/oauth/callback?code=abc&state=st-1 \n",
            CB,
            &expect(),
        );
        assert!(matches!(code, Ok(Verdict::Code(c)) if c.expose() == "abc"));
        let localhost = judge(
            "http://localhost:33418/oauth/callback?code=abc&state=st-1",
            CB,
            &expect(),
        );
        assert!(matches!(localhost, Ok(Verdict::Code(_))));
        assert!(matches!(
            judge(&format!("{CB}?code=abc&state=other"), CB, &expect()),
            Ok(Verdict::WrongState)
        ));
        assert!(matches!(
            judge(
                &format!("{CB}?error=access_denied&state=st-1"),
                CB,
                &expect()
            ),
            Ok(Verdict::Denied(_))
        ));
        assert!(matches!(
            judge(
                &format!("{CB}?code=abc&state=st-1&iss=https%3A%2F%2Fevil.test"),
                CB,
                &expect()
            ),
            Ok(Verdict::Refused(CallbackError::IssuerMismatch { .. }))
        ));
        for elsewhere in [
            "http://127.0.0.1:1/oauth/callback?code=abc&state=st-1",
            "http://evil.test:33418/oauth/callback?code=abc&state=st-1",
            "https://127.0.0.1:33418/oauth/callback?code=abc&state=st-1",
            "http://127.0.0.1:33418/other?code=abc&state=st-1",
        ] {
            assert_eq!(
                judge(elsewhere, CB, &expect()).err(),
                Some(NotCallback::Elsewhere),
                "{elsewhere}"
            );
        }
        assert_eq!(
            judge("code=abc", CB, &expect()).err(),
            Some(NotCallback::NotAnAddress)
        );
    }

    #[test]
    fn the_ssh_hint_names_this_machine_when_it_can() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert_eq!(
            ssh_hint(4242, &env(&[])),
            "ssh -L 4242:127.0.0.1:4242 user@host"
        );
        assert_eq!(
            ssh_hint(
                4242,
                &env(&[
                    ("USER", "ada"),
                    ("SSH_CONNECTION", "10.0.0.5 51234 10.0.0.9 22")
                ])
            ),
            "ssh -L 4242:127.0.0.1:4242 ada@10.0.0.9"
        );
        assert_eq!(
            ssh_hint(
                4242,
                &env(&[
                    ("USER", "ada"),
                    ("SSH_CONNECTION", "10.0.0.5 51234 10.0.0.9 2222")
                ])
            ),
            "ssh -L 4242:127.0.0.1:4242 -p 2222 ada@10.0.0.9"
        );
        assert_eq!(
            ssh_hint(1, &env(&[("USER", "a b"), ("SSH_CONNECTION", "junk")])),
            "ssh -L 1:127.0.0.1:1 user@host"
        );
    }
}
