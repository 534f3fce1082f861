//! Sign-in episodes: the renewals of one credential as the host's messages see them.
//!
//! While a refresh or sign-in is under way, the messages queued behind it wait for it; when it
//! fails, every one of them is answered with its error instead of starting another (one browser
//! window per episode, not one per queued message). Which messages were queued is told by when
//! the host sent them: a message read from stdin before the failure ended shares it, however
//! late its own 401 arrives (replays and re-sent handshakes keep their first instant). A message
//! the host sends afterwards may start a new episode — but a new browser window only once
//! `--auth-timeout` has passed since the last one opened, so a sign-in that fails at once (a
//! refused consent, a browser that cannot start) is not repeated at the pace of the host's
//! retries. The bridge's own messages (keep-alive pings) never open a window.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::proxy::reauth::Origin;

/// A renewal that failed.
#[derive(Debug, Clone)]
struct Failure {
    words: String,
    ended: Instant,
}

#[derive(Debug, Default)]
struct State {
    failed: Option<Failure>,
    /// When the last browser window (or device code prompt) of a sign-in was shown.
    last_window: Option<Instant>,
}

/// The bookkeeping of episodes for one credential in one process.
#[derive(Debug)]
pub struct Episodes {
    state: Mutex<State>,
    /// The least time between two browser windows after a failure: `--auth-timeout`.
    spacing: Duration,
}

impl Episodes {
    pub fn new(spacing: Duration) -> Self {
        Episodes {
            state: Mutex::default(),
            spacing,
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The words of the failed renewal a message from `origin` was queued behind, if it was:
    /// it is answered with them and starts nothing. The bridge's own messages share any
    /// failure that stands.
    pub fn shared_failure(&self, origin: Origin) -> Option<String> {
        let s = self.state();
        let f = s.failed.as_ref()?;
        match origin {
            Origin::Bridge => Some(f.words.clone()),
            Origin::Host(read_at) if read_at <= f.ended => Some(f.words.clone()),
            Origin::Host(_) => None,
        }
    }

    /// Whether a browser sign-in may start for a message from `origin`; when not, the words to
    /// answer it with.
    pub fn may_open_window(&self, origin: Origin, server: &str) -> Result<(), String> {
        if origin == Origin::Bridge {
            return Err(format!(
                "the credential for {server} needs a new sign-in, which the host's next request starts"
            ));
        }
        let s = self.state();
        let (Some(f), Some(opened)) = (&s.failed, s.last_window) else {
            return Ok(());
        };
        let since = opened.elapsed();
        if since >= self.spacing {
            return Ok(());
        }
        let wait = (self.spacing - since).as_secs().max(1);
        Err(format!(
            "{} (a new sign-in can start in {wait} s; `mcp-bridge login {server}` signs in now)",
            f.words
        ))
    }

    /// A browser window (or device code prompt) was shown at `at`.
    pub fn window_opened_at(&self, at: Instant) {
        self.state().last_window = Some(at);
    }

    /// The renewal failed with `words`: the messages read until now share them.
    pub fn failed(&self, words: String) {
        self.state().failed = Some(Failure {
            words,
            ended: Instant::now(),
        });
    }

    /// A credential is in place again: the next failure starts a new story.
    pub fn succeeded(&self) {
        self.state().failed = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_queued_behind_a_failure_share_it_and_later_ones_do_not() {
        let e = Episodes::new(Duration::from_secs(300));
        let queued = Instant::now();
        assert_eq!(e.shared_failure(Origin::Host(queued)), None);
        e.window_opened_at(Instant::now());
        e.failed("sign-in failed: no sign-in within 300 seconds".into());
        assert_eq!(
            e.shared_failure(Origin::Host(queued)).as_deref(),
            Some("sign-in failed: no sign-in within 300 seconds")
        );
        assert!(e.shared_failure(Origin::Bridge).is_some());
        std::thread::sleep(Duration::from_millis(2));
        let later = Instant::now();
        assert_eq!(e.shared_failure(Origin::Host(later)), None);
        // A later message may not open a second window within --auth-timeout of the first.
        let refused = e.may_open_window(Origin::Host(later), "https://m.test/mcp");
        let words = refused.unwrap_err();
        assert!(
            words.starts_with(
                "sign-in failed: no sign-in within 300 seconds (a new sign-in can start in"
            ),
            "{words}"
        );
        assert!(
            words.contains("mcp-bridge login https://m.test/mcp"),
            "{words}"
        );
        e.succeeded();
        assert!(e.may_open_window(Origin::Host(Instant::now()), "x").is_ok());
    }

    #[test]
    fn the_spacing_is_counted_from_the_last_window() {
        let e = Episodes::new(Duration::from_millis(30));
        e.window_opened_at(Instant::now());
        e.failed("nope".into());
        assert!(
            e.may_open_window(Origin::Host(Instant::now()), "x")
                .is_err()
        );
        std::thread::sleep(Duration::from_millis(40));
        assert!(e.may_open_window(Origin::Host(Instant::now()), "x").is_ok());
        // A failure before any window (discovery, say) holds nothing back.
        let e = Episodes::new(Duration::from_secs(300));
        e.failed("the server is down".into());
        assert!(e.may_open_window(Origin::Host(Instant::now()), "x").is_ok());
        assert!(e.may_open_window(Origin::Bridge, "x").is_err());
    }
}
