//! Files that hold secrets or a person's settings, written so that no other user can read or
//! redirect them at any moment: atomic replacement through an unpredictable temporary file
//! ([`atomic`]), the private data directory ([`dirs`]), and log files ([`logs`]). Every file the
//! bridge writes goes through here; what differs between Unix and Windows is in [`platform`].

pub mod atomic;
pub mod dirs;
pub mod logs;
mod platform;

pub use atomic::{Target, read, replace, write_new};
pub use dirs::{open_lock, private_dir};
pub use logs::open_private_append;

/// The permission bits of the file at `path` (following links); `None` where there are none
/// (Windows) or the file cannot be read.
pub fn mode_of(path: &std::path::Path) -> Option<u32> {
    std::fs::metadata(path)
        .ok()
        .and_then(|m| platform::mode(&m))
}
