//! What the tests do differently per operating system, in one place: the environment that
//! makes a temporary directory the user's home, where Claude Desktop keeps its config under
//! that home, and the name of the Python interpreter (the headless browser is a Python script).

use std::path::{Path, PathBuf};

/// The Python 3 interpreter: `python` on Windows, where there is no `python3`.
pub const PYTHON: &str = if cfg!(windows) { "python" } else { "python3" };

/// Environment that makes `home` the user's home directory: HOME on Unix; USERPROFILE and
/// APPDATA (roaming application data, under that home) on Windows; and no XDG_CONFIG_HOME
/// (an empty value, which `run_async` removes).
pub fn home_env(home: &Path) -> Vec<(&'static str, String)> {
    let path = |p: &Path| p.to_str().unwrap().to_owned();
    vec![
        ("HOME", path(home)),
        ("USERPROFILE", path(home)),
        ("APPDATA", path(&home.join("AppData").join("Roaming"))),
        ("XDG_CONFIG_HOME", String::new()),
    ]
}

/// Claude Desktop's config file under `home`, where the bridge looks for it on this OS.
pub fn claude_desktop_config(home: &Path) -> PathBuf {
    let dir = if cfg!(target_os = "macos") {
        home.join("Library")
            .join("Application Support")
            .join("Claude")
    } else if cfg!(windows) {
        home.join("AppData").join("Roaming").join("Claude")
    } else {
        home.join(".config").join("Claude")
    };
    dir.join("claude_desktop_config.json")
}
