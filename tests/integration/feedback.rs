//! What a person sees while waiting for a sign-in: a spinner with the elapsed seconds and how
//! to cancel on a terminal (run under `script`, which gives the bridge a pseudo-terminal), and
//! one plain line otherwise, or where the person may paste an address (`--no-browser`); no
//! colour codes with NO_COLOR.

use crate::oauth::Setup;
use crate::support::fake_as::AsKnobs;

const BIN: &str = env!("CARGO_BIN_EXE_mcp-bridge");

/// `browser`: `--browser true` (a browser that does nothing) or `--no-browser`.
async fn login_output(s: &Setup, tty: bool, browser: &str) -> String {
    let data = s.dir.path().join("data");
    let cmd = format!(
        "{BIN} login {} --store file {browser} --auth-timeout 2",
        s.server.url
    );
    let mut c = if tty {
        let mut c = tokio::process::Command::new("script");
        c.args(["-qec", &cmd, "/dev/null"]);
        c
    } else {
        let mut c = tokio::process::Command::new("sh");
        c.args(["-c", &format!("{cmd} 2>&1")]);
        c
    };
    let out = c
        .env("MCP_BRIDGE_DATA_DIR", &data)
        .env("TERM", "xterm")
        .stdin(std::process::Stdio::null())
        .kill_on_drop(true)
        .output()
        .await
        .unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[tokio::test]
async fn a_spinner_on_a_terminal_and_plain_lines_otherwise() {
    if std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("skipped: no `script` (util-linux) to make a pseudo-terminal");
        return;
    }
    let s = Setup::new(AsKnobs::default()).await;
    let tty = login_output(&s, true, "--browser true").await;
    assert!(tty.contains("Ctrl-C cancels"), "{tty}");
    assert!(
        tty.contains('⠋') && tty.contains('\r'),
        "a spinner redraws the line: {tty:?}"
    );
    let plain = login_output(&s, false, "--browser true").await;
    assert!(plain.contains("Ctrl-C cancels"), "{plain}");
    assert!(
        !plain.contains('\r') && !plain.contains('⠋'),
        "no spinner in a pipe: {plain:?}"
    );
    assert!(
        plain.contains("mcp-bridge login"),
        "the error ends with the fixing command: {plain}"
    );
    // Where an address may be pasted, the line is left alone.
    let paste = login_output(&s, true, "--no-browser").await;
    assert!(
        paste.contains("paste here") && paste.contains("Ctrl-C cancels"),
        "{paste}"
    );
    assert!(
        !paste.contains('⠋'),
        "no spinner over the pasting: {paste:?}"
    );
}
