//! The stdout writer: one task owns stdout and writes one message per line. Everyone else
//! sends it messages through a channel; every queued message holds its length in the
//! writer's [`ByteBudget`] until it is written, which gives back-pressure in bytes when the
//! host reads slowly.

use tokio::io::{AsyncWrite, AsyncWriteExt};
use tokio::sync::mpsc;

use super::{ByteBudget, Message};

/// A handle for sending messages to the host. Cheap to clone.
#[derive(Clone, Debug)]
pub struct StdoutWriter {
    tx: mpsc::Sender<Message>,
    budget: ByteBudget,
}

impl StdoutWriter {
    /// Queue a message for the host, waiting while the budget is spent. A message that
    /// already holds bytes of the budget (charged where it came in) is not charged twice.
    /// Returns false when the writer has stopped (the host went away).
    pub async fn send(&self, msg: Message) -> bool {
        let msg = if msg.is_charged() {
            msg
        } else {
            let charge = self.budget.charge(msg.bytes().len()).await;
            msg.charged(charge)
        };
        self.tx.send(msg).await.is_ok()
    }

    /// The budget the messages to the host are charged to.
    pub fn budget(&self) -> &ByteBudget {
        &self.budget
    }
}

/// Start the writer task on `out` (stdout in production), charging queued messages to
/// `budget`. The task ends when every [`StdoutWriter`] is dropped, after flushing, or when a
/// write fails.
pub fn spawn_stdout_writer<W>(
    out: W,
    budget: ByteBudget,
) -> (StdoutWriter, tokio::task::JoinHandle<()>)
where
    W: AsyncWrite + Unpin + Send + 'static,
{
    let (tx, mut rx) = mpsc::channel::<Message>(256);
    let handle = tokio::spawn(async move {
        let mut out = tokio::io::BufWriter::with_capacity(64 * 1024, out);
        while let Some(msg) = rx.recv().await {
            if write_line(&mut out, &msg).await.is_err() {
                break;
            }
            // Written (a large message goes straight through the buffer): its bytes are free.
            drop(msg);
            // Flush when nothing else is waiting, so a burst goes out in few writes.
            if rx.is_empty() && out.flush().await.is_err() {
                break;
            }
        }
        let _ = out.flush().await;
    });
    (StdoutWriter { tx, budget }, handle)
}

async fn write_line<W: AsyncWrite + Unpin>(out: &mut W, msg: &Message) -> std::io::Result<()> {
    out.write_all(msg.bytes()).await?;
    out.write_all(b"\n").await
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::FutureExt;
    use tokio::io::AsyncReadExt;

    fn message(len: usize) -> Message {
        let pad = "x".repeat(len.saturating_sub(40));
        Message::parse(format!(r#"{{"jsonrpc":"2.0","method":"n","p":"{pad}"}}"#)).unwrap()
    }

    #[tokio::test]
    async fn a_slow_host_holds_senders_back_by_bytes() {
        let budget = ByteBudget::new(super::super::budget::MIN_BUDGET);
        let (ours, mut host) = tokio::io::duplex(4096);
        let (w, _task) = spawn_stdout_writer(ours, budget.clone());
        let size = budget.total() / 4;
        let mut sent = 0;
        // The host reads nothing: the queue fills up to the budget, then senders wait.
        while sent < 16 {
            let sending = w.send(message(size));
            match tokio::time::timeout(std::time::Duration::from_millis(200), sending).await {
                Ok(_) => sent += 1,
                Err(_) => break,
            }
        }
        assert!(sent <= 5, "{sent} messages of a quarter budget queued");
        assert!(budget.available() < size, "the budget is spent");
        // The host reads: everything is written and the bytes come back.
        let mut buf = vec![0u8; 1 << 20];
        let mut lines = 0;
        while lines < sent {
            let n = host.read(&mut buf).await.unwrap();
            lines += buf[..n].iter().filter(|&&b| b == b'\n').count();
        }
        for _ in 0..100 {
            if budget.available() == budget.total() {
                break;
            }
            tokio::task::yield_now().await;
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
        assert_eq!(budget.available(), budget.total());
        assert!(w.send(message(size)).now_or_never().is_some());
    }
}
