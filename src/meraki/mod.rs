//! The Cisco Meraki Dashboard API v1, served as MCP tools.
//!
//! | file | owns |
//! |---|---|
//! | `spec` | the built-in API description (every operation, its parameters and examples) |
//! | `region` | regional base URLs and which hosts may receive the key |
//! | `key` | where the API key comes from, its fingerprint |
//! | `client` | the HTTP client: auth, redirects by hand, retries, pacing, cache |
//! | `answer` | answers made readable: JSON bodies, the Dashboard's error messages |
//! | `pages` | `Link` header pagination, and how pages of lists and event logs add up |
//! | `ratelimit`, `cache` | per-organization pacing, TTL cache (the retries' backoff is [`crate::backoff`]) |
//! | `backend` | live API or built-in demo data behind one call |
//! | `tools` | the tool catalog: 27 named tools by API area, and the generic ones |

mod answer;
pub mod backend;
pub mod cache;
pub mod client;
pub mod key;
mod pages;
pub mod ratelimit;
pub mod region;
pub mod spec;
pub mod tools;

pub use crate::backoff::RetryPolicy;
pub use backend::Backend;
pub use cache::CacheTtls;
pub use client::{ClientConfig, DashboardClient};
pub use key::{ApiKey, KEY_ENV, KeySource};
pub use region::Region;
pub use tools::MerakiCatalog;

/// What can go wrong between a tool call and the Dashboard API. The messages are written for
/// the model (and person) reading the tool result.
#[derive(Debug, thiserror::Error)]
pub enum MerakiError {
    #[error("{0}")]
    InvalidArgument(String),
    #[error("{}", api_message(*status, messages))]
    Api { status: u16, messages: Vec<String> },
    #[error(
        "the Dashboard API kept answering 429 (rate limit) after {retries} retries; wait a minute \
         and try again, or make fewer calls"
    )]
    RateLimited { retries: u32 },
    #[error("a redirect to {0} was refused: the API key is only sent to Meraki hosts")]
    RedirectRefused(String),
    #[error(
        "the Dashboard API answer is larger than {} MiB, so it was not read; ask for less \
         (one page, a smaller perPage, a shorter timespan or a filter)",
        limit / (1024 * 1024)
    )]
    TooLarge { limit: usize },
    #[error("more than {0} redirects")]
    TooManyRedirects(u32),
    #[error("cannot reach the Dashboard API: {0}")]
    Transport(String),
    #[error("the Dashboard API answered with something that is not JSON: {0}")]
    BadResponse(String),
    #[error("{0}")]
    Key(String),
    #[error("{0}")]
    WritesDisabled(String),
    #[error("{0}")]
    NoDemoData(String),
}

impl MerakiError {
    pub fn invalid(msg: impl Into<String>) -> Self {
        MerakiError::InvalidArgument(msg.into())
    }

    /// The HTTP status the Dashboard answered with, if it did.
    pub fn status(&self) -> Option<u16> {
        match self {
            MerakiError::Api { status, .. } => Some(*status),
            MerakiError::RateLimited { .. } => Some(429),
            _ => None,
        }
    }
}

fn api_message(status: u16, messages: &[String]) -> String {
    let reason = http::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("");
    let hint = match status {
        401 => " (check the API key)",
        403 => " (the key's administrator has no access to this)",
        404 => " (check the id; list ids with the meraki_get_* tools)",
        _ => "",
    };
    if messages.is_empty() {
        format!("Meraki Dashboard API error {status} {reason}{hint}")
    } else {
        format!(
            "Meraki Dashboard API error {status} {reason}{hint}: {}",
            messages.join("; ")
        )
    }
}
