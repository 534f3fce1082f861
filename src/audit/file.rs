//! One audit log file shared by any number of bridges: opened by
//! [`crate::files::open_private_append`] (mode 0600, no link followed, another user's file
//! refused), each line handed to the system in one `write` on an `O_APPEND` descriptor under an
//! exclusive lock, so lines from several processes never mix, and rotated by size: past
//! [`ROTATE_BYTES`] the file becomes `NAME.1` (`NAME.1` becomes `NAME.2`, … up to [`KEEP`]).
//! A bridge whose file was rotated by another finds out under the lock and opens the new one.

use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Size past which the file is rotated.
pub const ROTATE_BYTES: u64 = 10 * 1024 * 1024;
/// Rotated files kept (`NAME.1` … `NAME.KEEP`).
pub const KEEP: u32 = 3;

#[derive(Debug)]
pub struct AuditFile {
    path: PathBuf,
    file: Mutex<File>,
    rotate_at: u64,
}

impl AuditFile {
    pub fn open(path: &Path) -> io::Result<AuditFile> {
        Self::open_rotating_at(path, ROTATE_BYTES)
    }

    pub fn open_rotating_at(path: &Path, rotate_at: u64) -> io::Result<AuditFile> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let file = crate::files::open_private_append(path, "audit log")?;
        Ok(AuditFile {
            path: path.to_owned(),
            file: Mutex::new(file),
            rotate_at,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Append one whole line (ending in `\n`).
    pub fn append(&self, line: &[u8]) -> io::Result<()> {
        let mut file = self.file.lock().unwrap_or_else(|e| e.into_inner());
        // A few rounds at most: each one follows a rotation another bridge made.
        for _ in 0..8 {
            file.lock()?;
            let outcome = self.append_locked(&file, line);
            let _ = file.unlock();
            match outcome? {
                Appended::Done => return Ok(()),
                Appended::Reopen => {
                    *file = crate::files::open_private_append(&self.path, "audit log")?;
                }
            }
        }
        Err(io::Error::other("the audit log keeps being replaced"))
    }

    fn append_locked(&self, file: &File, line: &[u8]) -> io::Result<Appended> {
        let meta = file.metadata()?;
        if !meta.is_file() {
            // A device (/dev/null, a terminal): written to, never rotated.
            write_whole(file, line)?;
            return Ok(Appended::Done);
        }
        match std::fs::metadata(&self.path) {
            Ok(now) if same_file(&meta, &now) => {}
            // Renamed away by a rotation (or deleted): this bridge writes where the name is.
            _ => return Ok(Appended::Reopen),
        }
        if meta.len() > 0 && meta.len() + line.len() as u64 > self.rotate_at {
            self.rotate()?;
            return Ok(Appended::Reopen);
        }
        write_whole(file, line)?;
        Ok(Appended::Done)
    }

    /// `NAME.(KEEP-1)` → `NAME.KEEP`, …, `NAME` → `NAME.1`. Called under the lock of `NAME`.
    fn rotate(&self) -> io::Result<()> {
        let numbered = |n: u32| {
            let mut s = self.path.clone().into_os_string();
            s.push(format!(".{n}"));
            PathBuf::from(s)
        };
        for n in (1..KEEP).rev() {
            match std::fs::rename(numbered(n), numbered(n + 1)) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
                _ => {}
            }
        }
        std::fs::rename(&self.path, numbered(1))
    }
}

enum Appended {
    Done,
    Reopen,
}

/// One `write` call for the whole line: a short write of a regular file is an error here,
/// never completed by a second call another bridge's line could slip before.
fn write_whole(mut file: &File, line: &[u8]) -> io::Result<()> {
    let n = file.write(line)?;
    if n != line.len() {
        return Err(io::Error::new(
            io::ErrorKind::WriteZero,
            format!(
                "only {n} of {} bytes of an audit line were written",
                line.len()
            ),
        ));
    }
    Ok(())
}

#[cfg(unix)]
fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

/// Without inode numbers in std: under the lock nobody else writes, so the open file and the
/// one at the path have the same length unless the path now names a new (short) file.
#[cfg(not(unix))]
fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    a.len() == b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rotates_past_the_size_and_keeps_a_few() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.jsonl");
        let f = AuditFile::open_rotating_at(&path, 100).unwrap();
        for i in 0..20 {
            f.append(format!("{{\"n\":{i:03},\"pad\":\"{}\"}}\n", "x".repeat(20)).as_bytes())
                .unwrap();
        }
        let read = |p: &Path| std::fs::read_to_string(p).unwrap_or_default();
        assert!(read(&path).len() <= 100, "{}", read(&path));
        for n in 1..=KEEP {
            let rotated = dir.path().join(format!("audit.jsonl.{n}"));
            assert!(!read(&rotated).is_empty(), "{} is kept", rotated.display());
        }
        assert!(
            !dir.path()
                .join(format!("audit.jsonl.{}", KEEP + 1))
                .exists()
        );
        assert!(
            read(&path).contains("\"n\":019"),
            "the newest line is in the live file"
        );
    }

    #[test]
    fn several_writers_rotating_lose_and_tear_no_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.jsonl");
        // Each writer has its own descriptor and lock, as separate bridges do.
        let writers: Vec<AuditFile> = (0..4)
            .map(|_| AuditFile::open_rotating_at(&path, 1000).unwrap())
            .collect();
        std::thread::scope(|s| {
            for (w, f) in writers.iter().enumerate() {
                s.spawn(move || {
                    for i in 0..50 {
                        f.append(format!("{{\"w\":{w},\"i\":{i}}}\n").as_bytes())
                            .unwrap();
                    }
                });
            }
        });
        let mut lines = Vec::new();
        for name in [
            "audit.jsonl",
            "audit.jsonl.1",
            "audit.jsonl.2",
            "audit.jsonl.3",
        ] {
            let text = std::fs::read_to_string(dir.path().join(name)).unwrap_or_default();
            for l in text.lines() {
                let v: serde_json::Value =
                    serde_json::from_str(l).unwrap_or_else(|e| panic!("{l:?}: {e}"));
                lines.push((v["w"].as_u64().unwrap(), v["i"].as_u64().unwrap()));
            }
        }
        lines.sort();
        lines.dedup();
        assert_eq!(lines.len(), 200, "every line is in some file, once");
    }
}
