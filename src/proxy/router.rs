//! Routing of messages to the host. It knows which host requests are in flight (and their
//! method, for `tools/list` filtering), which requests the bridge sent on its own behalf (their
//! responses never reach the host), which host requests the bridge already answered itself
//! (the server's answer is taken aside), and which requests belong to a batch (answered
//! together).

use std::collections::HashMap;
use std::sync::Mutex;

use tokio::sync::oneshot;
use tracing::{debug, warn};

use super::audit::{AuditLog, CallStart};
use super::filter::ToolFilter;
use crate::jsonrpc::{Id, Kind, Message, StdoutWriter};

struct Pending {
    method: Box<str>,
    batch: Option<u64>,
    audit: Option<CallStart>,
}

#[derive(Default)]
struct Batch {
    waiting: usize,
    responses: Vec<Message>,
}

#[derive(Default)]
struct State {
    pending: HashMap<Id, Pending>,
    own: HashMap<Id, oneshot::Sender<Message>>,
    /// Host requests answered by the bridge: the server's answer goes here instead.
    early: HashMap<Id, oneshot::Sender<Message>>,
    /// Host `subscriptions/listen` requests the bridge acknowledged itself (by id as JSON
    /// text): the server's acknowledgement of them is not passed on.
    acknowledged: std::collections::HashSet<String>,
    batches: HashMap<u64, Batch>,
    next_batch: u64,
}

/// Called with the result of every `initialize` the host made, after the answer is on its way
/// to the host, on a blocking thread (it may write a file).
pub type InitializeHook = std::sync::Arc<dyn Fn(&serde_json::Value) + Send + Sync>;

/// Routes server messages and locally made answers to the host.
pub struct Router {
    out: StdoutWriter,
    filter: ToolFilter,
    state: Mutex<State>,
    on_initialize: Option<InitializeHook>,
    audit: Option<std::sync::Arc<AuditLog>>,
}

impl Router {
    pub fn new(
        out: StdoutWriter,
        filter: ToolFilter,
        on_initialize: Option<InitializeHook>,
        audit: Option<std::sync::Arc<AuditLog>>,
    ) -> Self {
        Router {
            out,
            filter,
            state: Mutex::new(State::default()),
            on_initialize,
            audit,
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// A host request is on its way to the server.
    pub fn track(&self, msg: &Message, batch: Option<u64>) {
        let (Some(id), method) = (msg.id().cloned(), msg.method().unwrap_or("")) else {
            return;
        };
        let audit = self.audit.as_ref().and_then(|a| a.start(msg));
        let mut s = self.state();
        if let Some(b) = batch.and_then(|b| s.batches.get_mut(&b)) {
            b.waiting += 1;
        }
        s.pending.insert(
            id,
            Pending {
                method: method.into(),
                batch,
                audit,
            },
        );
    }

    /// Start collecting answers for a host batch.
    pub fn open_batch(&self) -> u64 {
        let mut s = self.state();
        s.next_batch += 1;
        let b = s.next_batch;
        s.batches.insert(b, Batch::default());
        b
    }

    /// Add an answer made locally (an invalid member) to a batch.
    pub fn add_to_batch(&self, batch: u64, msg: Message) {
        if let Some(b) = self.state().batches.get_mut(&batch) {
            b.responses.push(msg);
        }
    }

    /// All members of the batch are registered: emit it now if nothing is outstanding.
    pub async fn seal_batch(&self, batch: u64) {
        let ready = {
            let mut s = self.state();
            match s.batches.get(&batch) {
                Some(b) if b.waiting == 0 => s.batches.remove(&batch),
                _ => None,
            }
        };
        if let Some(b) = ready.filter(|b| !b.responses.is_empty()) {
            self.out.send(Message::batch(&b.responses)).await;
        }
    }

    /// Register a request the bridge makes itself; its response comes back here.
    pub fn expect_own(&self, id: Id) -> oneshot::Receiver<Message> {
        let (tx, rx) = oneshot::channel();
        self.state().own.insert(id, tx);
        rx
    }

    /// Forget an own request that will not be answered (timed out).
    pub fn forget_own(&self, id: &Id) {
        self.state().own.remove(id);
    }

    /// Answer a pending host request now with `result` (an `initialize` answered so is not
    /// remembered as the server's). The server's own answer, when it comes, goes to the
    /// returned receiver instead of the host.
    pub async fn answer_early(
        &self,
        id: &Id,
        result: serde_json::Value,
    ) -> oneshot::Receiver<Message> {
        let msg = Message::result_response(Some(id), &result);
        self.send_answer(id, msg, false).await;
        self.take_aside(id.clone())
    }

    /// The server's answer to a host request that the bridge answered already goes to the
    /// returned receiver.
    pub fn take_aside(&self, id: Id) -> oneshot::Receiver<Message> {
        let (tx, rx) = oneshot::channel();
        self.state().early.insert(id, tx);
        rx
    }

    /// Forget a host request that will not be answered (the host cancelled it before it left).
    pub fn forget(&self, id: &Id) {
        self.state().pending.remove(id);
    }

    /// The bridge acknowledged the host's `subscriptions/listen` request `id` itself.
    pub fn acknowledged(&self, id: &Id) {
        self.state().acknowledged.insert(id.as_json().to_owned());
    }

    /// Whether `msg` is the server's acknowledgement of a subscription the bridge already
    /// acknowledged (then it is not passed on, once).
    fn acknowledged_already(&self, msg: &Message) -> bool {
        if msg.method() != Some("notifications/subscriptions/acknowledged") {
            return false;
        }
        let Some(id) = msg.value_at(&["params", "_meta", "io.modelcontextprotocol/subscriptionId"])
        else {
            return false;
        };
        self.state().acknowledged.remove(&id.to_string())
    }

    /// Host requests still waiting for an answer.
    pub fn pending_count(&self) -> usize {
        self.state().pending.len()
    }

    /// A message from the server.
    pub async fn from_server(&self, msg: Message) {
        match (msg.kind(), msg.id().cloned()) {
            (Kind::Response, Some(id)) => self.complete(&id, msg).await,
            (Kind::Response, None) => {
                warn!("the server sent an error without an id; passing it on");
                self.out.send(msg).await;
            }
            _ if self.acknowledged_already(&msg) => {
                debug!("the bridge acknowledged this subscription already");
            }
            _ => {
                self.out.send(msg).await;
            }
        }
    }

    /// Answer a pending host request (from the server or made locally).
    pub async fn complete(&self, id: &Id, msg: Message) {
        self.send_answer(id, msg, true).await;
    }

    /// `remember`: an `initialize` result is the server's (given to the hook).
    async fn send_answer(&self, id: &Id, msg: Message, remember: bool) {
        let mut to_remember = None;
        let outgoing = {
            let mut s = self.state();
            if let Some(tx) = s.own.remove(id) {
                let _ = tx.send(msg);
                return;
            }
            if let Some(tx) = s.early.remove(id) {
                let _ = tx.send(msg);
                return;
            }
            let Some(mut p) = s.pending.remove(id) else {
                debug!(%id, "dropping a response for a request that is not in flight");
                return;
            };
            if let (Some(log), Some(call)) = (&self.audit, p.audit.take()) {
                log.finish(call, &msg);
            }
            let msg = match &*p.method {
                "tools/list" => self.filter.filter_list(msg),
                "initialize" if remember => {
                    // A result the bridge cannot hold as a value (nested too deep) is
                    // relayed all the same, only not remembered.
                    if let Some(hook) = &self.on_initialize
                        && let Some(result) = msg.value_at(&["result"])
                    {
                        to_remember = Some((hook.clone(), result));
                    }
                    msg
                }
                _ => msg,
            };
            match p.batch {
                None => Some(msg),
                Some(b) => {
                    let done = match s.batches.get_mut(&b) {
                        Some(batch) => {
                            batch.responses.push(msg);
                            batch.waiting = batch.waiting.saturating_sub(1);
                            batch.waiting == 0
                        }
                        None => false,
                    };
                    if done {
                        s.batches
                            .remove(&b)
                            .map(|batch| Message::batch(&batch.responses))
                    } else {
                        None
                    }
                }
            }
        };
        if let Some(m) = outgoing {
            self.out.send(m).await;
        }
        // The host has its answer first; remembering it never delays it.
        if let Some((hook, result)) = to_remember {
            tokio::task::spawn_blocking(move || hook(&result));
        }
    }

    /// Answer a pending host request with a JSON-RPC error.
    pub async fn fail(&self, id: &Id, code: i64, message: &str, data: Option<serde_json::Value>) {
        let msg = Message::error_response(Some(id), code, message, data);
        self.complete(id, msg).await;
    }

    /// Answer every pending host request with an error (the stream carrying answers broke).
    pub async fn fail_all(&self, code: i64, message: &str) {
        let ids: Vec<Id> = self.state().pending.keys().cloned().collect();
        for id in ids {
            self.fail(&id, code, message, None).await;
        }
        let mut s = self.state();
        s.own.clear();
        s.early.clear();
    }

    /// A message to the host that answers nothing (a parse error for an unreadable line).
    pub async fn to_host(&self, msg: Message) {
        self.out.send(msg).await;
    }
}
