//! Files that hold secrets stay the user's own at every moment: the host config that `install`
//! rewrites (its `env` may hold tokens), `config.toml`, the data directory, `--log-file`. The
//! last test runs a second user (`nobody`) next to the bridge, reading whatever it can.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use crate::credentials::command;
use crate::oauth::Setup;
use crate::support::bridge::run_async;
use crate::support::fake_as::AsKnobs;

fn mode(p: &Path) -> u32 {
    fs::metadata(p).unwrap().permissions().mode() & 0o777
}

fn chmod(p: &Path, m: u32) {
    fs::set_permissions(p, fs::Permissions::from_mode(m)).unwrap();
}

#[tokio::test]
async fn config_add_keeps_a_private_file_private_and_its_link_a_link() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("dotfiles").join("mcp-bridge.toml");
    fs::create_dir(real.parent().unwrap()).unwrap();
    fs::write(&real, "# my servers\n").unwrap();
    chmod(&real, 0o600);
    let link = dir.path().join("config.toml");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let env = [("MCP_BRIDGE_CONFIG", link.to_str().unwrap())];
    let (code, _, err) = run_async(
        &[
            "config",
            "add",
            "docs",
            "https://docs.example.com/mcp",
            "--scope",
            "read",
        ],
        &env,
        "",
    )
    .await;
    assert_eq!(code, Some(0), "{err}");
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink(),
        "still a link"
    );
    let text = fs::read_to_string(&real).unwrap();
    assert!(
        text.contains("# my servers") && text.contains("[servers.docs]"),
        "{text}"
    );
    assert_eq!(mode(&real), 0o600);
    assert_eq!(
        fs::read_dir(real.parent().unwrap()).unwrap().count(),
        1,
        "no temporary file left"
    );

    // A client secret inside --static-oauth-client-info is refused, as `install` refuses it.
    let info = r#"{"client_id":"app","client_secret":"literal-secret-1234"}"#;
    let (code, _, err) = run_async(
        &[
            "config",
            "add",
            "app",
            "https://app.example.com/mcp",
            "--static-oauth-client-info",
            info,
        ],
        &env,
        "",
    )
    .await;
    assert_ne!(code, Some(0), "{err}");
    assert!(
        err.contains("@FILE") && !err.contains("literal-secret-1234"),
        "{err}"
    );
    assert!(
        !fs::read_to_string(&real)
            .unwrap()
            .contains("literal-secret")
    );
}

#[tokio::test]
async fn a_log_file_is_narrowed_to_0600_and_never_opened_through_a_link() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("bridge.log");
    fs::write(&log, "earlier lines\n").unwrap();
    chmod(&log, 0o644);
    let data = dir.path().join("data");
    let env = [("MCP_BRIDGE_DATA_DIR", data.to_str().unwrap())];
    let (code, _, err) = run_async(
        &[
            "-vv",
            "--log-file",
            log.to_str().unwrap(),
            "status",
            "--store",
            "file",
        ],
        &env,
        "",
    )
    .await;
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(mode(&log), 0o600, "the help says 0600");
    assert!(
        fs::read_to_string(&log)
            .unwrap()
            .starts_with("earlier lines\n")
    );

    let elsewhere = dir.path().join("profile");
    fs::write(&elsewhere, "").unwrap();
    let link = dir.path().join("planted.log");
    std::os::unix::fs::symlink(&elsewhere, &link).unwrap();
    let (code, _, err) = run_async(
        &[
            "-vv",
            "--log-file",
            link.to_str().unwrap(),
            "status",
            "--store",
            "file",
        ],
        &env,
        "",
    )
    .await;
    assert_ne!(code, Some(0));
    assert!(err.contains("symbolic link"), "{err}");
    assert_eq!(
        fs::read_to_string(&elsewhere).unwrap(),
        "",
        "nothing written through the link"
    );
}

#[tokio::test]
async fn an_open_data_directory_is_narrowed_and_a_shared_one_refused() {
    let s = Setup::new(AsKnobs::default()).await;
    let data = s.dir.path().join("data");
    fs::create_dir(&data).unwrap();
    chmod(&data, 0o755);
    let (code, _, err) = command(&s, &["login", &s.server.url, "--store", "file"], &[]).await;
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(mode(&data), 0o700, "{err}");

    // A data directory inside a directory everyone may change (no sticky bit) is refused,
    // naming it, before anything is written.
    let shared = s.dir.path().join("shared");
    fs::create_dir(&shared).unwrap();
    chmod(&shared, 0o777);
    let inside = shared.join("data");
    let (code, _, err) = run_async(
        &["login", &s.server.url, "--store", "file"],
        &[
            ("MCP_BRIDGE_DATA_DIR", inside.to_str().unwrap()),
            ("MCP_BRIDGE_BROWSER", s.browser.as_str()),
        ],
        "",
    )
    .await;
    assert_ne!(code, Some(0));
    assert!(
        err.contains(&inside.display().to_string()) && err.contains("sticky"),
        "{err}"
    );
    assert!(!inside.join("tokens.json").exists());
}

const HOST_SECRET: &str = "host-env-token-5d8e1f0a9b7c3e2d";

/// What a second user sees: `nobody` polls the data directory, the host config's directory
/// and the log's directory during a sign-in, refreshes and install/uninstall runs, opening
/// every file it finds. Reads of a file holding a secret must be zero. Needs root (to run the
/// probe as another user) and setpriv; skipped with a message otherwise.
#[tokio::test]
async fn another_user_can_read_no_secret_at_any_moment() {
    // SAFETY: geteuid has no preconditions.
    let root = unsafe { libc::geteuid() } == 0;
    let setpriv = std::process::Command::new("setpriv")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    let python = Path::new("/usr/bin/python3").exists();
    if !(root && setpriv && python) {
        eprintln!("skipped: needs root, setpriv and /usr/bin/python3 to read as another user");
        return;
    }
    let s = Setup::new(AsKnobs {
        long_secrets: true,
        ..AsKnobs::default()
    })
    .await;
    // A home-like tree others may walk (as home directories often are), with the bridge's
    // data directory made by another tool with the default umask.
    chmod(s.dir.path(), 0o755);
    let data = s.dir.path().join("data");
    let host = s.dir.path().join("host");
    let logs = s.dir.path().join("logs");
    for d in [&data, &host, &logs] {
        fs::create_dir(d).unwrap();
        chmod(d, 0o755);
    }
    let log = logs.join("bridge.log");
    fs::write(&log, "").unwrap();
    chmod(&log, 0o644);
    let host_file = host.join("claude_desktop_config.json");
    let host_text = format!(
        "{{\n  \"mcpServers\": {{\n    \"api\": {{\n      \"command\": \"npx\",\n      \"args\": [\"mcp-remote\", \"https://api.example.com/mcp\"],\n      \"env\": {{ \"API_TOKEN\": \"{HOST_SECRET}\" }}\n    }}\n  }}\n}}\n"
    );
    fs::write(&host_file, &host_text).unwrap();
    chmod(&host_file, 0o600);
    // A file meant for everyone: the probe must be able to read it, or it proves nothing.
    let canary = host.join("README");
    fs::write(&canary, "not a secret").unwrap();
    chmod(&canary, 0o644);

    let mut probe = Probe(
        std::process::Command::new("setpriv")
            .args([
                "--reuid=65534",
                "--regid=65534",
                "--clear-groups",
                "/usr/bin/python3",
                "-c",
                PROBE,
            ])
            .arg(&data)
            .arg(data.join("locks"))
            .arg(&host)
            .arg(&logs)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::inherit())
            .spawn()
            .unwrap(),
    );
    let mut probe_out = std::io::BufReader::new(probe.0.stdout.take().unwrap());
    let mut ready = String::new();
    std::io::BufRead::read_line(&mut probe_out, &mut ready).unwrap();
    assert_eq!(ready.trim(), "ready", "the probe runs");
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut probe_out, &mut s).unwrap();
        s
    });

    let log_arg = log.to_str().unwrap();
    let url = s.server.url.clone();
    let (code, _, err) = command(
        &s,
        &[
            "-vv",
            "--log-file",
            log_arg,
            "login",
            &url,
            "--store",
            "file",
        ],
        &[],
    )
    .await;
    assert_eq!(code, Some(0), "{err}");
    for _ in 0..5 {
        let (code, _, err) = command(
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
            ],
            &[],
        )
        .await;
        assert_eq!(code, Some(0), "{err}");
    }
    let host_arg = host_file.to_str().unwrap();
    for i in 0..20 {
        let args: Vec<&str> = if i % 2 == 0 {
            vec![
                "install",
                "claude-desktop",
                "docs",
                &url,
                "--config-file",
                host_arg,
            ]
        } else {
            vec![
                "uninstall",
                "claude-desktop",
                "docs",
                "--config-file",
                host_arg,
            ]
        };
        let (code, _, err) = command(&s, &args, &[]).await;
        assert_eq!(code, Some(0), "{err}");
    }
    // Give the probe a last look, then stop it.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    drop(probe);
    let seen = reader.join().unwrap();

    let mut secrets: Vec<String> = vec![HOST_SECRET.into()];
    for p in s.auth.token_params() {
        for k in ["code", "code_verifier", "refresh_token"] {
            secrets.extend(p.get(k).cloned());
        }
    }
    let tokens: serde_json::Value = serde_json::from_str(&s.tokens_file()).unwrap();
    for e in tokens["entries"].as_object().unwrap().values() {
        for k in ["access_token", "refresh_token", "id_token"] {
            secrets.extend(e[k].as_str().map(str::to_owned));
        }
    }
    let mut files_read = 0;
    let mut secret_reads = Vec::new();
    let mut canary_read = false;
    for line in seen.lines() {
        let Some((path, hex)) = line.split_once('\t') else {
            continue;
        };
        files_read += 1;
        canary_read |= path == canary.to_str().unwrap();
        let bytes: Vec<u8> = (0..hex.len() / 2)
            .map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap())
            .collect();
        let text = String::from_utf8_lossy(&bytes);
        if secrets.iter().any(|v| text.contains(v.as_str())) {
            secret_reads.push(path.to_owned());
        }
    }
    eprintln!(
        "another user's reads during login, 5 refreshes and 20 install/uninstall runs: \
         {files_read} file versions readable, {} holding a secret {secret_reads:?}",
        secret_reads.len()
    );
    assert!(secrets.len() > 5);
    assert!(canary_read, "the probe reads what others may read");
    assert_eq!(secret_reads, Vec::<String>::new());
    assert_eq!(mode(&data), 0o700, "the data directory was narrowed");
    assert_eq!(mode(&log), 0o600, "the log file was narrowed");
    assert_eq!(mode(&host_file), 0o600, "the host config kept its mode");
    for e in fs::read_dir(&host).unwrap().flatten() {
        if e.path() != canary {
            assert_eq!(mode(&e.path()), 0o600, "{}", e.path().display());
        }
    }
}

/// The probe process, stopped however the test ends.
struct Probe(std::process::Child);

impl Drop for Probe {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Runs as `nobody`: reads every file it can in the directories given, printing each new
/// (path, content) it manages to read as `path<TAB>hex`.
const PROBE: &str = r#"
import os, sys
seen = set()
dirs = sys.argv[1:]
print('ready', flush=True)
while True:
    for d in dirs:
        try:
            names = os.listdir(d)
        except OSError:
            continue
        for n in names:
            p = os.path.join(d, n)
            try:
                with open(p, 'rb') as f:
                    data = f.read()
            except OSError:
                continue
            key = (p, hash(data))
            if key in seen:
                continue
            seen.add(key)
            sys.stdout.write(p + '\t' + data.hex() + '\n')
            sys.stdout.flush()
"#;
