//! A byte budget for the messages on their way through the bridge in one direction. A message
//! is charged its length when it is queued and the charge travels with it (every copy of a
//! [`super::Message`] shares it); the bytes are free again when the last copy is dropped,
//! after the message was written out. Whoever queues waits while the budget is spent, so a
//! fast sender is slowed to the pace of a slow reader: the transport stops reading the
//! server's stream, the stdin reader stops reading the host. Memory is then bounded by bytes,
//! not by a count of messages that may each be `--max-message-size` long.
//!
//! A message larger than the whole budget is charged the whole budget: it waits until
//! everything before it is written, then passes alone. A host request gives its bytes back
//! once it has been sent to the server, not when its answer comes, so that answering a request
//! of the server's in the meantime never waits on the budget.

use std::sync::Arc;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// The smallest budget, so that small messages still pipeline under a tiny
/// `--max-message-size`.
pub const MIN_BUDGET: usize = 1024 * 1024;

/// Bytes that may be queued in one direction.
#[derive(Clone, Debug)]
pub struct ByteBudget {
    free: Arc<Semaphore>,
    total: u32,
}

/// Bytes held by a queued message; released on drop.
#[derive(Debug)]
pub struct Charge {
    _permit: Option<OwnedSemaphorePermit>,
}

impl ByteBudget {
    /// A budget of `bytes` (at least [`MIN_BUDGET`], at most 4 GiB).
    pub fn new(bytes: usize) -> ByteBudget {
        let total = u32::try_from(bytes.max(MIN_BUDGET)).unwrap_or(u32::MAX);
        ByteBudget {
            free: Arc::new(Semaphore::new(total as usize)),
            total,
        }
    }

    /// The budget for a bridge whose messages are at most `max_message_size` bytes: one
    /// message of the largest size may be queued.
    pub fn for_max_message(max_message_size: usize) -> ByteBudget {
        ByteBudget::new(max_message_size)
    }

    /// Wait until `len` bytes (at most the whole budget) are free, and hold them.
    pub async fn charge(&self, len: usize) -> Charge {
        let n = u32::try_from(len).unwrap_or(u32::MAX).clamp(1, self.total);
        // The semaphore is never closed, so acquiring cannot fail; should it ever, the
        // message goes uncharged rather than being lost.
        Charge {
            _permit: self.free.clone().acquire_many_owned(n).await.ok(),
        }
    }

    /// Bytes not held by any queued message.
    pub fn available(&self) -> usize {
        self.free.available_permits()
    }

    /// The whole budget.
    pub fn total(&self) -> usize {
        self.total as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::FutureExt;

    #[tokio::test]
    async fn charges_wait_for_bytes_and_release_on_drop() {
        let b = ByteBudget::new(MIN_BUDGET);
        let half = b.charge(MIN_BUDGET / 2).await;
        let quarter = b.charge(MIN_BUDGET / 4).await;
        assert_eq!(b.available(), MIN_BUDGET / 4);
        assert!(
            b.charge(MIN_BUDGET / 2).now_or_never().is_none(),
            "over budget: the sender waits"
        );
        drop(half);
        assert!(b.charge(MIN_BUDGET / 2).now_or_never().is_some());
        drop(quarter);
        assert_eq!(b.available(), MIN_BUDGET);
    }

    #[tokio::test]
    async fn a_message_larger_than_the_budget_passes_alone() {
        let b = ByteBudget::new(MIN_BUDGET);
        let small = b.charge(10).await;
        let mut big = Box::pin(b.charge(10 * MIN_BUDGET));
        assert!(
            (&mut big).now_or_never().is_none(),
            "waits for the queue to empty"
        );
        drop(small);
        let big = big.now_or_never().expect("then passes");
        assert_eq!(b.available(), 0, "and holds the whole budget");
        drop(big);
        assert_eq!(b.available(), MIN_BUDGET);
    }

    #[tokio::test]
    async fn a_message_holds_its_charge_until_released_or_dropped() {
        let b = ByteBudget::new(MIN_BUDGET);
        let m = crate::jsonrpc::Message::parse(&br#"{"jsonrpc":"2.0","id":1,"method":"m"}"#[..])
            .unwrap();
        let len = m.bytes().len();
        let m = m.charged(b.charge(len).await);
        let copy = m.clone();
        drop(m);
        assert_eq!(b.available(), MIN_BUDGET - len, "a copy still holds it");
        copy.release();
        assert_eq!(b.available(), MIN_BUDGET, "given back while the copy lives");
    }
}
