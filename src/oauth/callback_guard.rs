//! Keeping the loopback callback listener answerable whatever else connects to it: accept
//! errors (out of file descriptors) pause the accept loop instead of spinning it, at most
//! [`MAX_CONNECTIONS`] connections are served at once (a new one closes the oldest, so idle or
//! half-sent connections cannot lock out the browser's), and each connection gets a
//! header-read timeout and an overall time limit.

use std::collections::VecDeque;
use std::future::Future;
use std::time::Duration;

use tokio::task::AbortHandle;

/// Connections served at once; the browser needs one or two.
pub const MAX_CONNECTIONS: usize = 16;
/// How long a request's headers may take to arrive.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(5);
/// How long one connection may stay open.
pub const CONNECTION_TIME: Duration = Duration::from_secs(30);
/// The pause after a failed accept (EMFILE, ENFILE, ECONNABORTED…), so that the loop does not
/// spin while the condition lasts.
pub const ACCEPT_BACKOFF: Duration = Duration::from_millis(100);

/// Accept the next connection, pausing [`ACCEPT_BACKOFF`] after each failure.
pub async fn accept_with_backoff<T, F, Fut>(mut accept: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = std::io::Result<T>>,
{
    loop {
        match accept().await {
            Ok(conn) => return conn,
            Err(e) => {
                tracing::debug!(error = %e, "accepting a callback connection failed; pausing");
                tokio::time::sleep(ACCEPT_BACKOFF).await;
            }
        }
    }
}

/// The connections being served, oldest first.
#[derive(Default)]
pub struct Connections {
    open: VecDeque<AbortHandle>,
}

impl Connections {
    /// Make room for one more connection: forget finished ones, and close the oldest while
    /// [`MAX_CONNECTIONS`] are open.
    pub fn make_room(&mut self) {
        self.open.retain(|h| !h.is_finished());
        while self.open.len() >= MAX_CONNECTIONS {
            if let Some(oldest) = self.open.pop_front() {
                oldest.abort();
            }
        }
    }

    pub fn add(&mut self, handle: AbortHandle) {
        self.open.push_back(handle);
    }

    /// Connections still open.
    pub fn len(&self) -> usize {
        self.open.iter().filter(|h| !h.is_finished()).count()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Drop for Connections {
    fn drop(&mut self) {
        for h in &self.open {
            h.abort();
        }
    }
}

/// The HTTP/1 settings of a callback connection: a timer, so that the header-read timeout
/// applies, and no keep-alive (one request per connection).
pub fn http1() -> hyper::server::conn::http1::Builder {
    let mut b = hyper::server::conn::http1::Builder::new();
    b.timer(hyper_util::rt::TokioTimer::new())
        .header_read_timeout(HEADER_TIMEOUT)
        .keep_alive(false);
    b
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};

    #[tokio::test(start_paused = true)]
    async fn accept_errors_pause_the_loop_instead_of_spinning() {
        let calls = AtomicU32::new(0);
        let started = tokio::time::Instant::now();
        let got = accept_with_backoff(|| {
            let n = calls.fetch_add(1, Ordering::SeqCst);
            async move {
                if n < 5 {
                    Err(std::io::Error::from_raw_os_error(24)) // EMFILE
                } else {
                    Ok(n)
                }
            }
        })
        .await;
        assert_eq!(got, 5);
        assert_eq!(calls.load(Ordering::SeqCst), 6, "one try per pause");
        assert!(started.elapsed() >= ACCEPT_BACKOFF * 5);
    }

    #[tokio::test]
    async fn the_oldest_connection_makes_room_for_a_new_one() {
        let mut c = Connections::default();
        let mut tasks = Vec::new();
        for _ in 0..MAX_CONNECTIONS + 4 {
            c.make_room();
            let t = tokio::spawn(std::future::pending::<()>());
            c.add(t.abort_handle());
            tasks.push(t);
        }
        tokio::task::yield_now().await;
        assert_eq!(c.len(), MAX_CONNECTIONS);
        assert!(tasks[0].is_finished() && !tasks[MAX_CONNECTIONS + 3].is_finished());
    }

    mod listener {
        use std::time::Duration;

        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        use tokio::net::TcpStream;

        use super::super::{HEADER_TIMEOUT, MAX_CONNECTIONS};
        use crate::oauth::callback::{CallbackServer, Expectation, PortChoice};

        fn expect() -> Expectation {
            Expectation {
                state: "st-1".into(),
                issuer: "https://as.test".into(),
                iss_required: false,
            }
        }

        /// Open a connection and send half a request.
        async fn half_sent(port: u16) -> TcpStream {
            let mut s = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
            s.write_all(b"GET /cb?state=st-1 HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                .await
                .unwrap();
            s
        }

        /// Whether the server closed the connection within `wait`.
        async fn closed(s: &mut TcpStream, wait: Duration) -> bool {
            let mut buf = [0u8; 256];
            matches!(
                tokio::time::timeout(wait, s.read(&mut buf)).await,
                Ok(Ok(0) | Err(_))
            )
        }

        #[tokio::test]
        async fn half_sent_requests_are_capped_and_do_not_block_the_callback() {
            let server = CallbackServer::bind(PortChoice::Preferred(0), "127.0.0.1", "/cb")
                .await
                .unwrap();
            let (port, base) = (server.port(), server.redirect_uri().to_owned());
            let waiter = tokio::spawn(server.wait(expect(), Duration::from_secs(60)));
            let mut idle = Vec::new();
            for _ in 0..MAX_CONNECTIONS * 3 {
                idle.push(half_sent(port).await);
            }
            // Beyond the cap, the oldest connections were closed to make room, while the
            // listener still waits.
            let mut n_closed = 0;
            for s in &mut idle[..MAX_CONNECTIONS * 2] {
                if closed(s, Duration::from_millis(200)).await {
                    n_closed += 1;
                }
            }
            assert!(n_closed >= MAX_CONNECTIONS, "{n_closed} closed");
            // The browser's request is served at once all the same.
            let r = reqwest::get(format!("{base}?code=the-code&state=st-1"))
                .await
                .unwrap();
            assert_eq!(r.status(), 200);
            let code = waiter.await.unwrap().unwrap();
            assert_eq!(code.expose(), "the-code");
        }

        #[tokio::test]
        async fn a_half_sent_request_is_closed_after_the_header_timeout() {
            let server = CallbackServer::bind(PortChoice::Preferred(0), "127.0.0.1", "/cb")
                .await
                .unwrap();
            let port = server.port();
            let _waiter = tokio::spawn(server.wait(expect(), Duration::from_secs(60)));
            let mut s = half_sent(port).await;
            assert!(closed(&mut s, HEADER_TIMEOUT * 3).await, "still open");
        }
    }
}
