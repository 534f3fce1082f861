//! The Dashboard API client: one logical request becomes paced sends (per-organization limiter),
//! redirects followed by hand (the key goes only to Meraki hosts and the `--base-url` host; a
//! redirect anywhere else is refused), retries of 429 and 5xx, `Link` pagination with progress,
//! and the TTL cache in front of it all.

use std::time::Duration;

use serde_json::Value;
use url::Url;

use super::cache::{CacheTtls, Cached, TtlCache};
use super::pages::next_link;
use super::ratelimit::RateLimiter;
use super::region::is_trusted;
use super::retry::{RetryPolicy, parse_retry_after};
use super::spec::{Operation, Resolved};
use super::{ApiKey, MerakiError};
use crate::serve::CallContext;

const MAX_REDIRECTS: u32 = 5;
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
}

impl DashboardClient {
    pub fn new(config: ClientConfig) -> Result<Self, MerakiError> {
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(USER_AGENT)
            .connect_timeout(Duration::from_secs(10))
            .timeout(config.timeout)
            .build()
            .map_err(|e| MerakiError::Transport(e.to_string()))?;
        Ok(DashboardClient {
            http,
            limiter: RateLimiter::new(config.requests_per_second),
            cache: TtlCache::new(512),
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
        let mut pages = 1;
        let mut notes = Vec::new();
        let limit = match paging {
            Paging::First => 1,
            Paging::Upto(n) => n.max(1),
        };
        let mut next = first.link.as_deref().and_then(next_link);
        if read && op.paginated && value.is_array() {
            while let Some(link) = next.take() {
                if pages >= limit {
                    notes.push(format!(
                        "Stopped after {pages} pages ({} items); more are available. Narrow the \
                         request or raise the page limit (maxPages, --max-pages).",
                        value.as_array().map_or(0, Vec::len)
                    ));
                    break;
                }
                let next_url = first
                    .url
                    .join(&link)
                    .map_err(|e| MerakiError::BadResponse(format!("bad Link URL: {e}")))?;
                if !is_trusted(&next_url, &self.config.base_url) {
                    notes.push(format!(
                        "Stopped paging: the next page is on {}, not a Meraki host.",
                        host_of(&next_url)
                    ));
                    break;
                }
                let count = value.as_array().map_or(0, Vec::len);
                ctx.progress(
                    pages as u64,
                    None,
                    &format!("{} page {pages}: {count} items so far", op.id),
                )
                .await;
                let answer = self
                    .send(reqwest::Method::GET, next_url, None, &org)
                    .await?;
                let page = parse_body(&answer.body)?;
                match (value.as_array_mut(), page) {
                    (Some(all), Value::Array(items)) => all.extend(items),
                    (_, other) => {
                        tracing::warn!(operation = %op.id, "a later page is not a list: {other:.80}");
                        break;
                    }
                }
                pages += 1;
                next = answer.link.as_deref().and_then(next_link);
            }
            if pages > 1 {
                let count = value.as_array().map_or(0, Vec::len);
                ctx.progress(
                    pages as u64,
                    Some(pages as u64),
                    &format!("{} done: {pages} pages, {count} items", op.id),
                )
                .await;
            }
        }
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
                    let after = parse_retry_after(a.retry_after.as_deref());
                    let d = policy.rate_limited_delay(limited, after);
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
                if !is_trusted(&target, &self.config.base_url) {
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
            let bytes = resp.bytes().await.map_err(transport_error)?;
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

struct Sent {
    status: u16,
    retry_after: Option<String>,
    answer: Answer,
}

fn host_of(url: &Url) -> String {
    match (url.host_str(), url.port()) {
        (Some(h), Some(p)) => format!("{h}:{p}"),
        (Some(h), None) => h.to_owned(),
        _ => url.scheme().to_owned(),
    }
}

fn transport_error(e: reqwest::Error) -> MerakiError {
    let e = e.without_url();
    let mut msg = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        source = s.source();
    }
    MerakiError::Transport(msg)
}

fn parse_body(body: &[u8]) -> Result<Value, MerakiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Null);
    }
    serde_json::from_slice(body).map_err(|_| {
        let text = String::from_utf8_lossy(&body[..body.len().min(200)]).into_owned();
        MerakiError::BadResponse(text)
    })
}

/// The Dashboard's `{"errors": [...]}` (or whatever text came) as an error.
fn api_error(status: u16, body: &[u8]) -> MerakiError {
    let messages = match serde_json::from_slice::<Value>(body) {
        Ok(v) => match v.get("errors").and_then(Value::as_array) {
            Some(list) => list
                .iter()
                .map(|m| m.as_str().map_or_else(|| m.to_string(), str::to_owned))
                .collect(),
            None => vec![v.to_string()],
        },
        Err(_) => {
            let text = String::from_utf8_lossy(&body[..body.len().min(300)])
                .trim()
                .to_owned();
            if text.is_empty() { vec![] } else { vec![text] }
        }
    };
    MerakiError::Api { status, messages }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_bodies_become_messages() {
        let e = api_error(404, br#"{"errors":["Network not found"]}"#);
        assert_eq!(
            e.to_string(),
            "Meraki Dashboard API error 404 Not Found (check the id; list ids with the meraki_get_* tools): Network not found"
        );
        let e = api_error(502, b"<html>Bad gateway</html>");
        assert!(e.to_string().contains("502 Bad Gateway: <html>"));
    }
}
