//! A browser that cannot be opened is reported in words: "xdg-open exited with status 2",
//! not the debug form of an exit status.

use std::os::unix::fs::PermissionsExt;

use crate::credentials::command;
use crate::oauth::Setup;
use crate::support::fake_as::AsKnobs;

#[tokio::test]
async fn a_failing_opener_is_described_in_words() {
    let s = Setup::new(AsKnobs::default()).await;
    let bin = s.dir.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    let opener = bin.join("xdg-open");
    std::fs::write(&opener, "#!/bin/sh\nexit 2\n").unwrap();
    std::fs::set_permissions(&opener, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = bin.to_str().unwrap();
    let failing = format!("{} --flag", opener.display());
    // The platform openers are looked up on PATH on Linux (macOS runs /usr/bin/open).
    let mut cases = vec![(failing.as_str(), "xdg-open exited with status 2")];
    if cfg!(target_os = "linux") {
        cases.push(("", "xdg-open exited with status 2"));
    }
    for (browser, expect) in cases {
        let (code, _, err) = command(
            &s,
            &[
                "login",
                &s.server.url,
                "--store",
                "file",
                "--auth-timeout",
                "1",
            ],
            &[
                ("PATH", path),
                ("BROWSER", ""),
                ("MCP_BRIDGE_BROWSER", browser),
            ],
        )
        .await;
        assert_eq!(code, Some(1), "{err}");
        assert!(err.contains(expect), "{browser:?}: {err}");
        assert!(!err.contains("ExitStatus("), "{err}");
    }
}
