//! Sign-in episodes: the renewals of one credential as the host's messages see them.
//!
//! While a refresh or sign-in is under way, the messages queued behind it wait for it; when it
//! fails, every one of them is answered with its error instead of starting another (one browser
//! window per episode, not one per queued message). Which messages were queued is told by when
//! the host sent them: a message read from stdin before the failure ended shares it, however
//! late its own 401 arrives (replays and re-sent handshakes keep their first instant). A message
//! the host sends afterwards may start a new episode — but a new browser window only once
//! `--auth-timeout` has passed since the last one opened, so a sign-in that fails at once (a
//! wrong `iss`, a refused code exchange) is not repeated at the pace of the host's requests.
//! The same holds for a sign-in that succeeded but whose credential the server refuses as soon
//! as it is used, unless something changed (a step-up to scope not asked for before, the
//! server now naming another authorization server). The bridge's own messages (keep-alive
//! pings) never open a window.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::transport::reauth::Origin;

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

/// Why no browser window opens now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Held {
    /// What the request is answered with.
    pub words: String,
    /// Not told before (the person should see it once).
    pub new: bool,
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
    pub fn shared_failure(&self, origin: Origin, server: &str) -> Option<String> {
        let s = self.state();
        let f = s.failed.as_ref()?;
        match origin {
            Origin::Host(read_at) if read_at > f.ended => None,
            _ => Some(self.with_hint(&s, &f.words, server)),
        }
    }

    /// How long until a window may open again, when one is held back.
    fn held_for(&self, s: &State) -> Option<Duration> {
        let since = s.last_window?.elapsed();
        (since < self.spacing).then(|| self.spacing - since)
    }

    fn with_hint(&self, s: &State, words: &str, server: &str) -> String {
        match self.held_for(s) {
            Some(wait) => format!(
                "{words} (a new sign-in can start in {} s; `mcp-bridge login {server}` signs in now)",
                wait.as_secs().max(1)
            ),
            None => words.to_owned(),
        }
    }

    /// Whether a window shown less than `--auth-timeout` ago holds back another.
    pub fn holds_back(&self) -> bool {
        self.held_for(&self.state()).is_some()
    }

    /// Whether a browser sign-in may start for a message from `origin`: after a failed
    /// episode, a window opens at most once per `--auth-timeout`; so it does when the server
    /// refused the credential the last sign-in gave and nothing changed since (`same_again`).
    /// When not, what to answer with; `refusal` is how the server refused the credential.
    pub fn may_open_window(
        &self,
        origin: Origin,
        server: &str,
        same_again: bool,
        refusal: Option<&str>,
    ) -> Result<(), Held> {
        if origin == Origin::Bridge {
            return Err(Held {
                words: format!(
                    "the credential for {server} needs a new sign-in, which the host's next request starts"
                ),
                new: false,
            });
        }
        let mut s = self.state();
        if self.held_for(&s).is_none() {
            return Ok(());
        }
        if let Some(f) = &s.failed {
            return Err(Held {
                words: self.with_hint(&s, &f.words, server),
                new: false,
            });
        }
        if !same_again {
            return Ok(());
        }
        let words = format!(
            "{} right after a sign-in",
            refusal.unwrap_or("the server asks for a new sign-in")
        );
        let told = self.with_hint(&s, &words, server);
        s.failed = Some(Failure {
            words,
            ended: Instant::now(),
        });
        Err(Held {
            words: told,
            new: true,
        })
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

    fn host() -> Origin {
        Origin::Host(Instant::now())
    }

    #[test]
    fn messages_queued_behind_a_failure_share_it_and_later_ones_do_not() {
        let e = Episodes::new(Duration::from_secs(300));
        let queued = Instant::now();
        assert_eq!(e.shared_failure(Origin::Host(queued), "x"), None);
        e.window_opened_at(Instant::now());
        e.failed("sign-in failed: no sign-in within 300 seconds".into());
        let shared = e.shared_failure(Origin::Host(queued), "x").unwrap();
        assert!(
            shared.starts_with("sign-in failed: no sign-in within 300 seconds (a new sign-in"),
            "{shared}"
        );
        assert!(e.shared_failure(Origin::Bridge, "x").is_some());
        std::thread::sleep(Duration::from_millis(2));
        let later = Instant::now();
        assert_eq!(e.shared_failure(Origin::Host(later), "x"), None);
        // A later message may not open a second window within --auth-timeout of the first.
        let held = e
            .may_open_window(Origin::Host(later), "https://m.test/mcp", false, None)
            .unwrap_err();
        assert!(
            held.words.starts_with(
                "sign-in failed: no sign-in within 300 seconds (a new sign-in can start in"
            ) && held.words.contains("mcp-bridge login https://m.test/mcp"),
            "{held:?}"
        );
        assert!(!held.new, "told with the failure");
        // After a success: a window, unless the server refused what it gave and nothing
        // changed; that is told once.
        e.succeeded();
        assert!(
            e.may_open_window(host(), "x", false, Some("refused"))
                .is_ok()
        );
        let held = e
            .may_open_window(host(), "x", true, Some("refused"))
            .unwrap_err();
        assert!(
            held.new
                && held
                    .words
                    .starts_with("refused right after a sign-in (a new"),
            "{held:?}"
        );
        let again = e.may_open_window(host(), "x", false, None).unwrap_err();
        assert!(!again.new, "{again:?}");
    }

    #[test]
    fn the_spacing_is_counted_from_the_last_window() {
        let e = Episodes::new(Duration::from_millis(30));
        e.window_opened_at(Instant::now());
        assert!(e.holds_back());
        e.failed("nope".into());
        assert!(e.may_open_window(host(), "x", false, None).is_err());
        std::thread::sleep(Duration::from_millis(40));
        assert!(!e.holds_back());
        assert!(e.may_open_window(host(), "x", false, None).is_ok());
        // A failure before any window (discovery, say) holds nothing back.
        let e = Episodes::new(Duration::from_secs(300));
        e.failed("the server is down".into());
        assert!(e.may_open_window(host(), "x", false, None).is_ok());
        assert!(e.may_open_window(Origin::Bridge, "x", false, None).is_err());
    }
}
