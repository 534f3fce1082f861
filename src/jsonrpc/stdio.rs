//! The stdout writer: one task owns stdout and writes one message per line. Everyone else
//! sends it messages through a bounded channel, which also gives back-pressure when the host
//! reads slowly.

use tokio::io::{AsyncWrite, AsyncWriteExt};
use tokio::sync::mpsc;

use super::Message;

/// A handle for sending messages to the host. Cheap to clone.
#[derive(Clone, Debug)]
pub struct StdoutWriter {
    tx: mpsc::Sender<Message>,
}

impl StdoutWriter {
    /// Queue a message for the host. Returns false when the writer has stopped (the host went
    /// away).
    pub async fn send(&self, msg: Message) -> bool {
        self.tx.send(msg).await.is_ok()
    }
}

/// Start the writer task on `out` (stdout in production). The task ends when every
/// [`StdoutWriter`] is dropped, after flushing, or when a write fails.
pub fn spawn_stdout_writer<W>(out: W) -> (StdoutWriter, tokio::task::JoinHandle<()>)
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
            // Flush when nothing else is waiting, so a burst goes out in few writes.
            if rx.is_empty() && out.flush().await.is_err() {
                break;
            }
        }
        let _ = out.flush().await;
    });
    (StdoutWriter { tx }, handle)
}

async fn write_line<W: AsyncWrite + Unpin>(out: &mut W, msg: &Message) -> std::io::Result<()> {
    out.write_all(msg.bytes()).await?;
    out.write_all(b"\n").await
}
