//! The command line itself: help, version, the mcp-remote form, and the committed completions
//! and man page staying in step with the clap definition.

use crate::support::bridge::run_once;
use crate::support::{BridgeProc, FakeServer, Knobs};

#[test]
fn help_documents_every_proxy_flag() {
    let (code, out, _) = run_once(&["proxy", "--help"], "");
    assert_eq!(code, Some(0));
    for flag in [
        "--transport",
        "--header",
        "--header-file",
        "--allow-http",
        "--ignore-tool",
        "--keep-alive",
        "--ping-interval",
        "--connect-timeout",
        "--ca-file",
        "--max-message-size",
        "--log-file",
        "--debug",
        "Examples:",
    ] {
        assert!(out.contains(flag), "--help lacks {flag}");
    }
}

#[test]
fn version_and_usage_errors() {
    let (code, out, _) = run_once(&["--version"], "");
    assert_eq!(code, Some(0));
    assert!(out.starts_with("mcp-bridge "));
    let (code, _, err) = run_once(&["proxy", "--no-such-flag", "https://x"], "");
    assert_eq!(code, Some(2));
    assert!(err.contains("--no-such-flag"));
}

#[tokio::test]
async fn the_mcp_remote_form_runs_the_proxy() {
    let server = FakeServer::start(Knobs::default()).await;
    let mut b = BridgeProc::spawn(&[&server.url, "3334", "--debug"], &[]);
    let init = b.initialize().await;
    assert_eq!(init["result"]["serverInfo"]["name"], "fake");
    b.close().await;
}

#[test]
fn committed_completions_and_man_pages_are_current() {
    let root = env!("CARGO_MANIFEST_DIR");
    let files = [
        ("bash", "completions/mcp-bridge.bash"),
        ("zsh", "completions/_mcp-bridge"),
        ("fish", "completions/mcp-bridge.fish"),
        ("powershell", "completions/_mcp-bridge.ps1"),
        ("elvish", "completions/mcp-bridge.elv"),
    ];
    for (shell, path) in files {
        let (code, out, _) = run_once(&["completions", shell], "");
        assert_eq!(code, Some(0));
        let committed = std::fs::read_to_string(format!("{root}/{path}")).unwrap_or_default();
        assert!(committed == out, "{path} is stale: run scripts/gen-docs.sh");
    }
    let (_, top, _) = run_once(&["man"], "");
    let committed = std::fs::read_to_string(format!("{root}/man/mcp-bridge.1")).unwrap_or_default();
    assert!(
        committed == top,
        "man/mcp-bridge.1 is stale: run scripts/gen-docs.sh"
    );
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = run_once(&["man", "--dir", dir.path().to_str().unwrap()], "");
    assert_eq!(code, Some(0), "{err}");
    let names = |d: &std::path::Path| {
        let mut v: Vec<String> = std::fs::read_dir(d)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".1"))
            .collect();
        v.sort();
        v
    };
    let generated = names(dir.path());
    assert!(generated.len() > 10, "one page per command: {generated:?}");
    assert_eq!(
        names(std::path::Path::new(&format!("{root}/man"))),
        generated,
        "man/ has other pages than the commands: run scripts/gen-docs.sh"
    );
    for name in &generated {
        let fresh = std::fs::read(dir.path().join(name)).unwrap();
        let committed = std::fs::read(format!("{root}/man/{name}")).unwrap();
        assert!(
            fresh == committed,
            "man/{name} is stale: run scripts/gen-docs.sh"
        );
    }
    let (code, page, _) = run_once(&["man", "config", "add"], "");
    assert_eq!(code, Some(0));
    assert_eq!(
        page.as_bytes(),
        std::fs::read(dir.path().join("mcp-bridge-config-add.1")).unwrap()
    );
    let (code, _, err) = run_once(&["man", "nope"], "");
    assert_eq!(code, Some(1));
    assert!(err.contains("no command `nope`"), "{err}");
}

/// Ask bash for the completions of `words` (the last one being completed) with the committed
/// script, as bash's programmable completion calls the function. (Unix: on Windows `bash` may
/// be WSL's, which runs nothing without a Linux installed.)
#[cfg(unix)]
fn bash_complete(words: &[&str]) -> Vec<String> {
    let root = env!("CARGO_MANIFEST_DIR");
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let cword = words.len() - 1;
    let prev = if cword > 0 { words[cword - 1] } else { "" };
    let script = format!(
        "source '{root}/completions/mcp-bridge.bash' || exit 3\n\
         complete -p mcp-bridge >/dev/null || exit 4\n\
         fn=$(complete -p mcp-bridge | sed -n 's/.*-F \\([^ ]*\\) .*/\\1/p')\n\
         COMP_WORDS=({words})\nCOMP_CWORD={cword}\nCOMP_LINE=\"${{COMP_WORDS[*]}}\"\nCOMP_POINT=${{#COMP_LINE}}\n\
         \"$fn\" mcp-bridge '{cur}' '{prev}'\n\
         printf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
        words = quoted.join(" "),
        cur = words[cword],
    );
    let out = std::process::Command::new("bash")
        .args(["--norc", "--noprofile", "-c", &script])
        .output()
        .expect("bash runs");
    assert!(
        out.status.success(),
        "bash: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(unix)]
#[test]
fn bash_completes_subcommands_their_flags_and_values() {
    assert_eq!(bash_complete(&["mcp-bridge", "doctor", "--j"]), ["--json"]);
    let hosts = bash_complete(&["mcp-bridge", "install", ""]);
    for h in ["claude-desktop", "cursor", "claude-code", "windsurf"] {
        assert!(hosts.iter().any(|x| x == h), "{h} missing: {hosts:?}");
    }
    assert!(bash_complete(&["mcp-bridge", "ins"]).contains(&"install".to_owned()));
    let shells = bash_complete(&["mcp-bridge", "completions", "f"]);
    assert_eq!(shells, ["fish"]);
    let proxy = bash_complete(&["mcp-bridge", "proxy", "--transport", ""]);
    assert!(proxy.contains(&"sse-only".to_owned()), "{proxy:?}");
}

/// zsh and fish load their scripts without an error, when they are installed.
#[test]
fn zsh_and_fish_load_their_scripts() {
    let root = env!("CARGO_MANIFEST_DIR");
    let shells = [
        (
            "zsh",
            format!(
                "autoload -U compinit && compinit -u -D && source '{root}/completions/_mcp-bridge' && (( $+functions[_mcp-bridge] ))"
            ),
        ),
        (
            "fish",
            format!(
                "source '{root}/completions/mcp-bridge.fish'; and complete -C 'mcp-bridge doctor --js' | string match -q -- '--json*'"
            ),
        ),
    ];
    for (shell, script) in shells {
        let Ok(out) = std::process::Command::new(shell)
            .args(["-c", &script])
            .env("HOME", std::env::temp_dir())
            .output()
        else {
            eprintln!("{shell} is not installed: not checked");
            continue;
        };
        assert!(
            out.status.success(),
            "{shell}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
