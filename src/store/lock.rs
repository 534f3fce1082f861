//! Locks shared by every mcp-bridge process of the user: one per server (sign-in and refresh)
//! and one for the shared files. They are advisory file locks (`File::lock`: flock on Unix,
//! LockFileEx on Windows), released by the operating system when a process dies, so a crashed
//! bridge never blocks the others.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::{Dirs, ServerKey, StoreError};
use crate::files;

/// An exclusive lock held until dropped.
#[derive(Debug)]
pub struct ServerLock {
    _file: File,
}

impl ServerLock {
    /// The lock for one server, waiting at most `timeout`.
    pub fn acquire(
        dirs: &Dirs,
        key: &ServerKey,
        timeout: Duration,
    ) -> Result<ServerLock, StoreError> {
        dirs.ensure_private()?;
        let path = dirs
            .data
            .join("locks")
            .join(format!("{}.lock", key.short_hash()));
        lock_path(&path, timeout)
    }

    /// The lock for the shared files (tokens.json, state.json).
    pub fn files(dirs: &Dirs) -> Result<ServerLock, StoreError> {
        dirs.ensure_private()?;
        lock_path(
            &dirs.data.join("locks").join("files.lock"),
            Duration::from_secs(30),
        )
    }
}

fn lock_path(path: &Path, timeout: Duration) -> Result<ServerLock, StoreError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    files::private_dir(dir).map_err(|e| StoreError::io(dir, e))?;
    // A lock file holds nothing; it is still never opened through a link.
    let file = files::open_lock(path).map_err(|e| StoreError::io(path, e))?;
    let start = Instant::now();
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(ServerLock { _file: file }),
            Err(std::fs::TryLockError::WouldBlock) if start.elapsed() < timeout => {
                std::thread::sleep(Duration::from_millis(25));
            }
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(StoreError::LockTimeout(display(path)));
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(StoreError::io(path, e)),
        }
    }
}

fn display(p: &Path) -> String {
    PathBuf::from(p).display().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dirs(d: &Path) -> Dirs {
        Dirs {
            data: d.to_path_buf(),
            config: d.to_path_buf(),
        }
    }

    #[test]
    fn excludes_and_times_out_then_frees_on_drop() {
        let tmp = tempfile::tempdir().unwrap();
        let d = dirs(tmp.path());
        let key = ServerKey::from_stored("https://a.test/mcp");
        let held = ServerLock::acquire(&d, &key, Duration::from_millis(10)).unwrap();
        let e = ServerLock::acquire(&d, &key, Duration::from_millis(60)).unwrap_err();
        assert!(matches!(e, StoreError::LockTimeout(_)));
        // Another server's lock is independent.
        ServerLock::acquire(
            &d,
            &ServerKey::from_stored("https://b.test"),
            Duration::ZERO,
        )
        .unwrap();
        drop(held);
        ServerLock::acquire(&d, &key, Duration::ZERO).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_killed_holder_does_not_block() {
        // A child process takes the lock with flock(1)-free means: python's fcntl.flock.
        let tmp = tempfile::tempdir().unwrap();
        let d = dirs(tmp.path());
        let key = ServerKey::from_stored("https://a.test/mcp");
        let path = d
            .data
            .join("locks")
            .join(format!("{}.lock", key.short_hash()));
        files::private_dir(path.parent().unwrap()).unwrap();
        let script = format!(
            "import fcntl,time,sys\nf=open({:?},'a')\nfcntl.flock(f,fcntl.LOCK_EX)\nprint('held',flush=True)\ntime.sleep(60)",
            path.display().to_string()
        );
        let mut child = std::process::Command::new("python3")
            .args(["-c", &script])
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        std::io::BufRead::read_line(
            &mut std::io::BufReader::new(child.stdout.take().unwrap()),
            &mut line,
        )
        .unwrap();
        assert_eq!(line.trim(), "held");
        assert!(
            ServerLock::acquire(&d, &key, Duration::from_millis(50)).is_err(),
            "held by the child"
        );
        child.kill().unwrap();
        child.wait().unwrap();
        ServerLock::acquire(&d, &key, Duration::from_secs(2)).unwrap();
    }
}
