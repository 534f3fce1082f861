//! Resident memory of a running process, for the tests that check that the bridge's memory
//! stays bounded. It comes from /proc, so those tests run on Linux only.

/// Resident memory of process `pid` in kB (0 when it cannot be read).
pub fn rss_kb(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}
