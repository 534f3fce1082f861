//! The browser step: check the authorization URL (http(s) only, loopback-only plain http, no
//! characters a shell would interpret) and open it without ever going through a shell — a
//! user-chosen program run with the URL as its single argument, or the platform openers
//! (`xdg-open`, `gio`, … ; `open`; the Windows ones) tried in turn. Each is given a moment to
//! fail, and a failure is said in words ("xdg-open exited with status 2").

use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use url::Url;

use crate::printer::Printer;
use crate::transport::http_client::is_loopback;

/// Why an authorization URL is refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum UrlRefused {
    #[error("the authorization URL is not a valid URL")]
    Invalid,
    #[error(
        "the authorization URL uses the {0:?} scheme; only https (or http on this machine) is opened"
    )]
    Scheme(String),
    #[error("the authorization URL contains characters a shell would interpret ({0:?}); refused")]
    Suspicious(char),
}

/// Characters never seen in a well-formed URL from an honest server but meaningful to a shell.
const SHELL_META: &[char] = &[
    '`', '$', '|', ';', '<', '>', '\\', '"', '\'', '{', '}', '^', '!', '(', ')',
];

/// Check a URL that will be opened in the user's browser.
pub fn check_url(raw: &str) -> Result<Url, UrlRefused> {
    if let Some(c) = raw
        .chars()
        .find(|c| c.is_whitespace() || c.is_control() || SHELL_META.contains(c))
    {
        return Err(UrlRefused::Suspicious(c));
    }
    let url = Url::parse(raw).map_err(|_| UrlRefused::Invalid)?;
    match url.scheme() {
        "https" => Ok(url),
        "http" if is_loopback(&url) => Ok(url),
        other => Err(UrlRefused::Scheme(other.to_owned())),
    }
}

/// How to show the sign-in page.
#[derive(Debug, Clone, Default)]
pub struct BrowserChoice {
    /// `--browser`, `MCP_BRIDGE_BROWSER` or `BROWSER` (resolved in
    /// [`crate::settings::AuthSettings`]): a program and fixed arguments.
    pub command: Option<String>,
    pub no_browser: bool,
}

/// Open `url` (already checked) for the user, and always say on stderr where to go.
pub fn open(url: &Url, choice: &BrowserChoice, printer: &Printer) {
    if choice.no_browser {
        printer.info(format!(
            "To sign in, open this address in a browser:\n  {url}"
        ));
        return;
    }
    printer.info(format!(
        "Opening the browser to sign in. If it does not open, visit:\n  {url}"
    ));
    let result = match &choice.command {
        Some(cmd) => spawn_command(cmd, url.as_str()),
        None => launch(open::commands(url.as_str()), false),
    };
    if let Err(e) = result {
        printer.warn(format!(
            "could not start a browser ({e}); open the address above by hand"
        ));
    }
}

/// How long a launcher may take to fail before it is taken to have worked.
const SETTLE: Duration = Duration::from_millis(300);

/// Run `cmd` (split on whitespace, no shell) with the URL as its last argument.
fn spawn_command(cmd: &str, url: &str) -> Result<(), String> {
    let mut parts = cmd.split_whitespace();
    let program = parts.next().ok_or("the browser command is empty")?;
    let mut c = Command::new(program);
    c.args(parts).arg(url);
    launch(vec![c], true)
}

/// Start each launcher in turn until one works: it exits with success, or is still running
/// after [`SETTLE`] (then it is left running, and reaped when it ends). The error says what
/// the first one that ran did, else why none could start.
fn launch(candidates: Vec<Command>, show_its_errors: bool) -> Result<(), String> {
    let (mut failed, mut missing) = (None::<String>, None::<String>);
    for mut cmd in candidates {
        let name = cmd.get_program().to_string_lossy().into_owned();
        cmd.stdin(Stdio::null()).stdout(Stdio::null());
        cmd.stderr(if show_its_errors {
            Stdio::inherit()
        } else {
            Stdio::null()
        });
        // Its own process group: a Ctrl-C that cancels the sign-in leaves the browser alone.
        #[cfg(unix)]
        std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
        let mut child = match cmd.spawn() {
            Ok(c) => c,
            Err(e) => {
                missing.get_or_insert(format!("cannot run {name}: {e}"));
                continue;
            }
        };
        let started = Instant::now();
        loop {
            match child.try_wait() {
                Ok(Some(status)) if status.success() => return Ok(()),
                Ok(Some(status)) => {
                    failed.get_or_insert(format!("{name} {}", describe_exit(status)));
                    break;
                }
                Ok(None) if started.elapsed() < SETTLE => {
                    std::thread::sleep(Duration::from_millis(20));
                }
                Ok(None) | Err(_) => {
                    // Reap it in the background so it never lingers as a zombie.
                    std::thread::spawn(move || {
                        let _ = child.wait();
                    });
                    return Ok(());
                }
            }
        }
    }
    Err(failed
        .or(missing)
        .unwrap_or_else(|| "no program to open it with".into()))
}

/// "exited with status 2", "was killed by signal 9".
pub fn describe_exit(status: ExitStatus) -> String {
    if let Some(code) = status.code() {
        return format!("exited with status {code}");
    }
    #[cfg(unix)]
    if let Some(signal) = std::os::unix::process::ExitStatusExt::signal(&status) {
        return format!("was killed by signal {signal}");
    }
    "ended abnormally".into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_ordinary_authorization_urls() {
        assert!(check_url("https://auth.example.com/authorize?response_type=code&client_id=a%20b&state=x-y_z.~").is_ok());
        assert!(check_url("http://127.0.0.1:4000/auth?x=1").is_ok());
        assert!(check_url("http://localhost:3001/authorize").is_ok());
    }

    #[test]
    fn refuses_dangerous_ones() {
        for bad in [
            "javascript:alert(1)",
            "file:///etc/passwd",
            "data:text/html,hi",
            "http://evil.example.com/authorize",
            "https://a.test/$(touch /tmp/pwned)",
            "https://a.test/`id`",
            "https://a.test/x|calc",
            "https://a.test/x;rm",
            "https://a.test/a b",
            "https://a.test/\u{7}",
            "ms-settings:x",
        ] {
            assert!(check_url(bad).is_err(), "{bad} should be refused");
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_failing_launcher_is_described_in_words() {
        let run = |script: &str| {
            launch(
                vec![{
                    let mut c = Command::new("sh");
                    c.args(["-c", script]);
                    c
                }],
                false,
            )
        };
        assert_eq!(run("exit 2").unwrap_err(), "sh exited with status 2");
        assert_eq!(run("kill -9 $$").unwrap_err(), "sh was killed by signal 9");
        assert!(run("exit 0").is_ok());
        assert!(
            run("sleep 1").is_ok(),
            "still running: taken to have worked"
        );
        let e = launch(vec![Command::new("/nonexistent/xdg-open")], false).unwrap_err();
        assert!(e.starts_with("cannot run /nonexistent/xdg-open"), "{e}");
        // The first launcher that ran wins over one that could not start.
        let mut fails = Command::new("sh");
        fails.args(["-c", "exit 3"]);
        let e = launch(vec![Command::new("/nonexistent/a"), fails], false).unwrap_err();
        assert_eq!(e, "sh exited with status 3");
    }

    #[test]
    fn a_browser_command_gets_the_url_as_one_argument() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("arg");
        let script = dir.path().join("b.sh");
        std::fs::write(
            &script,
            format!("#!/bin/sh\nprintf '%s' \"$1\" > {}\n", out.display()),
        )
        .unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
            let url = "https://a.test/auth?x=1&y=2";
            spawn_command(script.to_str().unwrap(), url).unwrap();
            for _ in 0..100 {
                if out.exists() {
                    break;
                }
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
            assert_eq!(std::fs::read_to_string(&out).unwrap(), url);
        }
    }
}
