//! The Dashboard API client: one logical request becomes paced sends (per-organization limiter),
//! redirects followed by hand (the key goes only to Meraki hosts and the `--base-url` host; a
//! redirect anywhere else is refused), retries of 429 and 5xx, `Link` pagination with progress,
//! and the TTL cache in front of it all.

use std::time::Duration;

use serde_json::Value;
use url::Url;

use super::answer::{api_error, host_of, parse_body, transport_error};
use super::cache::{CacheTtls, Cached, TtlCache};
use super::pages::{self, Merged, next_link};
use super::ratelimit::RateLimiter;
use super::region::KeyTrust;
use super::spec::{Operation, Resolved};
use super::{ApiKey, MerakiError};
use crate::backoff::{RetryPolicy, retry_after};
use crate::serve::CallContext;

const MAX_REDIRECTS: u32 = 5;
/// The largest answer body read from the Dashboard API (one page). Larger answers are cut
/// off while streaming, so a huge or endless body cannot exhaust memory.
pub const MAX_BODY: usize = 32 * 1024 * 1024;
const USER_AGENT: &str = concat!("McpBridge/", env!("CARGO_PKG_VERSION"), " McpBridge");

/// How the client is set up.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// `https://api.meraki.com/api/v1` or another region, or a `--base-url`.
    pub base_url: Url,
    pub key: ApiKey,
    pub retry: RetryPolicy,
    pub requests_per_second: u32,
    /// Pages followed at most for one call.
    pub max_pages: u32,
    pub ttls: CacheTtls,
    pub timeout: Duration,
    /// Origins besides Meraki's and the base URL's that may receive the key (`--trust-origin`).
    pub trusted_origins: Vec<Url>,
    /// `--ca-file`, `--no-proxy`, `--ipv4`, `--connect-timeout`.
    pub network: crate::settings::NetworkSettings,
}

/// What a call brought back.
#[derive(Debug, Clone)]
pub struct Fetched {
    pub value: Value,
    pub notes: Vec<String>,
    pub pages: u32,
    pub cache_hit: bool,
}

/// How many pages one call may follow.
#[derive(Debug, Clone, Copy)]
pub enum Paging {
    /// Only the first page.
    First,
    /// Follow `rel=next` up to this many pages in total.
    Upto(u32),
}

/// One answer from the API.
struct Answer {
    link: Option<String>,
    body: bytes::Bytes,
    url: Url,
}

/// The Dashboard API client.
#[derive(Debug)]
pub struct DashboardClient {
    http: reqwest::Client,
    config: ClientConfig,
    limiter: RateLimiter,
    cache: TtlCache,
    trust: KeyTrust,
}

impl DashboardClient {
    pub fn new(config: ClientConfig) -> Result<Self, MerakiError> {
        use crate::transport::http_client::{Purpose, build};
        let http = build(
            &config.network,
            Purpose::Meraki {
                timeout: config.timeout,
                user_agent: USER_AGENT,
            },
        )
        .map_err(|e| MerakiError::Transport(e.to_string()))?;
        Ok(DashboardClient {
            http,
            limiter: RateLimiter::new(config.requests_per_second),
            cache: TtlCache::new(512),
            trust: KeyTrust::new(&config.base_url, &config.trusted_origins),
            config,
        })
    }

    pub fn max_pages(&self) -> u32 {
        self.config.max_pages
    }

    /// Run `op` with checked arguments. GET answers may come from the cache; lists are
    /// followed across pages as `paging` allows, reporting each page to `ctx`.
    pub async fn call(
        &self,
        op: &Operation,
        req: &Resolved,
        body: Option<&Value>,
        paging: Paging,
        ctx: &CallContext,
    ) -> Result<Fetched, MerakiError> {
        let url = self.url_for(req)?;
        let org = self.limiter.org_of(&req.path_params);
        let read = op.is_read_only();
        let ttl = self.config.ttls.for_operation(&op.id);
        let cache_key = TtlCache::key(self.config.key.fingerprint(), &format!("{url} {paging:?}"));
        if read && let Some(hit) = self.cache.get(&cache_key) {
            tracing::debug!(operation = %op.id, "answered from cache");
            return Ok(Fetched {
                value: hit.value,
                notes: hit.notes,
                pages: hit.pages,
                cache_hit: true,
            });
        }
        let method = reqwest::Method::from_bytes(op.method.as_bytes())
            .map_err(|e| MerakiError::invalid(e.to_string()))?;
        let first = self.send(method.clone(), url, body, &org).await?;
        let mut value = parse_body(&first.body)?;
        let next = first.link.as_deref().and_then(next_link);
        let (pages, notes) = match (paging, next) {
            (_, None) => (1, Vec::new()),
            _ if !read || !op.paginated => (1, Vec::new()),
            (Paging::First, Some(_)) => (1, vec![more_pages_note(op)]),
            (Paging::Upto(limit), Some(link)) => {
                self.follow_pages(op, &org, (first.url, link), &mut value, limit, ctx)
                    .await?
            }
        };
        if read {
            self.limiter.learn(&org, &value);
            self.cache.put(
                cache_key,
                ttl,
                Cached {
                    value: value.clone(),
                    notes: notes.clone(),
                    pages,
                },
            );
        } else {
            // A change may make any cached answer wrong.
            self.cache.clear();
        }
        Ok(Fetched {
            value,
            notes,
            pages,
            cache_hit: false,
        })
    }

    /// Follow `rel=next` from the first page (`first`: its URL and the link) until the
    /// answer is complete, a page adds nothing, or `limit` pages were fetched. Returns the
    /// pages fetched and notes on where and why it stopped early.
    async fn follow_pages(
        &self,
        op: &Operation,
        org: &str,
        first: (Url, String),
        value: &mut Value,
        limit: u32,
        ctx: &CallContext,
    ) -> Result<(u32, Vec<String>), MerakiError> {
        let (mut at, link) = first;
        let mut next = Some(link);
        let mut pages = 1;
        let mut notes = Vec::new();
        if pages::pageable(value).is_none() {
            return Ok((1, vec![more_pages_note(op)]));
        }
        while let Some(link) = next.take() {
            if pages >= limit.max(1) {
                notes.push(format!(
                    "Stopped after {pages} pages ({} items); more are available. Narrow the \
                     request or raise the page limit (maxPages, --max-pages).",
                    pages::item_count(value)
                ));
                break;
            }
            let next_url = at
                .join(&link)
                .map_err(|e| MerakiError::BadResponse(format!("bad Link URL: {e}")))?;
            if !self.trust.allows(&next_url) {
                notes.push(format!(
                    "Stopped paging: the next page is on {}, not a Meraki host.",
                    host_of(&next_url)
                ));
                break;
            }
            let count = pages::item_count(value);
            ctx.progress(
                pages as u64,
                None,
                &format!("{} page {pages}: {count} items so far", op.id),
            )
            .await;
            let answer = self.send(reqwest::Method::GET, next_url, None, org).await?;
            pages += 1;
            match pages::merge(value, parse_body(&answer.body)?) {
                Merged::Added(_) => {}
                Merged::Empty => break,
                Merged::Mismatch => {
                    tracing::warn!(operation = %op.id, "a later page has another shape");
                    notes.push(format!(
                        "Stopped paging: page {pages} did not have the first page's shape."
                    ));
                    break;
                }
            }
            next = answer.link.as_deref().and_then(next_link);
            at = answer.url;
        }
        // No "done" notification: the result follows at once, and a progress notification
        // right before a response is one some clients (the TS SDK) no longer match to its call.
        Ok((pages, notes))
    }

    fn url_for(&self, req: &Resolved) -> Result<Url, MerakiError> {
        let base = self.config.base_url.as_str().trim_end_matches('/');
        let mut url = Url::parse(&format!("{base}{}", req.path))
            .map_err(|e| MerakiError::invalid(format!("bad path: {e}")))?;
        if !req.query.is_empty() {
            url.query_pairs_mut().extend_pairs(req.query.iter());
        }
        Ok(url)
    }

    /// One request: paced, redirects followed by hand, retried on 429 and (for reads) 5xx.
    async fn send(
        &self,
        method: reqwest::Method,
        url: Url,
        body: Option<&Value>,
        org: &str,
    ) -> Result<Answer, MerakiError> {
        let policy = &self.config.retry;
        let (mut limited, mut failed) = (0u32, 0u32);
        let idempotent = method == reqwest::Method::GET;
        loop {
            let outcome = self
                .send_following_redirects(method.clone(), url.clone(), body, org)
                .await;
            let wait = match outcome {
                Ok(a) if a.status == 429 => {
                    if limited >= policy.max_rate_limited {
                        return Err(MerakiError::RateLimited { retries: limited });
                    }
                    let after = retry_after(a.retry_after.as_deref());
                    let d = policy.rate_limited_delay(limited, after);
                    // Every request counted against this organization waits too.
                    self.limiter.pause(org, after.unwrap_or(d));
                    limited += 1;
                    tracing::info!(url = %a.answer.url, "429 from the Dashboard; retrying in {d:?}");
                    d
                }
                Ok(a) if a.status >= 500 && idempotent && failed < policy.max_server_errors => {
                    let d = policy.backoff(failed);
                    failed += 1;
                    tracing::info!(status = a.status, url = %a.answer.url, "server error; retrying in {d:?}");
                    d
                }
                Ok(a) if (200..300).contains(&a.status) => return Ok(a.answer),
                Ok(a) => return Err(api_error(a.status, &a.answer.body)),
                Err(MerakiError::Transport(e))
                    if idempotent && failed < policy.max_server_errors =>
                {
                    let d = policy.backoff(failed);
                    failed += 1;
                    tracing::info!("request failed ({e}); retrying in {d:?}");
                    d
                }
                Err(e) => return Err(e),
            };
            tokio::time::sleep(wait).await;
        }
    }

    async fn send_following_redirects(
        &self,
        mut method: reqwest::Method,
        mut url: Url,
        mut body: Option<&Value>,
        org: &str,
    ) -> Result<Sent, MerakiError> {
        for _ in 0..=MAX_REDIRECTS {
            let _permit = self.limiter.acquire(org).await;
            let mut rb = self
                .http
                .request(method.clone(), url.clone())
                .header(http::header::ACCEPT, "application/json");
            // The key only ever goes to trusted hosts; `url` is checked before every hop.
            rb = rb.bearer_auth(self.config.key.secret().expose());
            if let Some(b) = body {
                rb = rb
                    .header(http::header::CONTENT_TYPE, "application/json")
                    .body(serde_json::to_vec(b).unwrap_or_default());
            }
            tracing::debug!(%method, %url, "request");
            let resp = rb.send().await.map_err(transport_error)?;
            let status = resp.status().as_u16();
            let header = |name: http::HeaderName| {
                resp.headers()
                    .get(name)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned)
            };
            if resp.status().is_redirection()
                && let Some(location) = header(http::header::LOCATION)
            {
                let target = url
                    .join(&location)
                    .map_err(|e| MerakiError::BadResponse(format!("bad redirect: {e}")))?;
                if !self.trust.allows(&target) {
                    return Err(MerakiError::RedirectRefused(host_of(&target)));
                }
                tracing::debug!(from = %url, to = %target, status, "following redirect");
                if status == 303 {
                    method = reqwest::Method::GET;
                    body = None;
                }
                url = target;
                continue;
            }
            let link = header(http::header::LINK);
            let retry_after = header(http::header::RETRY_AFTER);
            let bytes = read_capped(resp, MAX_BODY).await?;
            return Ok(Sent {
                status,
                retry_after,
                answer: Answer {
                    link,
                    body: bytes,
                    url,
                },
            });
        }
        Err(MerakiError::TooManyRedirects(MAX_REDIRECTS))
    }
}

/// The body, refusing more than `limit` bytes (stopping as soon as it is known).
async fn read_capped(
    mut resp: reqwest::Response,
    limit: usize,
) -> Result<bytes::Bytes, MerakiError> {
    if resp.content_length().is_some_and(|n| n > limit as u64) {
        return Err(MerakiError::TooLarge { limit });
    }
    let mut body = bytes::BytesMut::new();
    while let Some(chunk) = resp.chunk().await.map_err(transport_error)? {
        if body.len() + chunk.len() > limit {
            return Err(MerakiError::TooLarge { limit });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

struct Sent {
    status: u16,
    retry_after: Option<String>,
    answer: Answer,
}

/// The note of a first page when the API says more follow.
fn more_pages_note(op: &Operation) -> String {
    format!(
        "More pages are available: this is the first page only. To fetch them, call \
         meraki_api_get with operationId {} and the same params (allPages follows the pages, \
         up to maxPages).",
        op.id
    )
}
