//! JSON-RPC 2.0 as the bridge sees it: an envelope that is read just enough to route a message
//! (kind, id, method) while the bytes pass through untouched; newline framing on stdin; the
//! single writer that owns stdout.

pub mod budget;
mod framing;
mod message;
pub mod raw;
mod stdio;

pub use budget::{ByteBudget, Charge};
pub use framing::{FrameError, LineReader};
pub use message::{Id, Kind, Message, ParseError, error_codes};
pub use stdio::{StdoutWriter, spawn_stdout_writer};
