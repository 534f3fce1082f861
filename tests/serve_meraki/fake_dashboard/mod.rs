//! A fake Dashboard API on 127.0.0.1:0. It answers every operation of the built-in API
//! description with the reference's example, pages lists with `Link` headers (`pages`), checks
//! the Bearer key, enforces the Dashboard's 10 requests per second per organization (`limit`),
//! and misbehaves on purpose for certain ids:
//!
//! | id | behaviour |
//! |---|---|
//! | contains `missing` | 404 `{"errors":["… not found"]}` |
//! | `forbidden` | 403 |
//! | `N_busy` | 429 with `Retry-After: 1` twice, then answers |
//! | `N_throttled` | always 429 with `Retry-After: 0` |
//! | organization `O_pause` | its first request gets 429 with `Retry-After: 2` |
//! | `N_flaky` | 503 once, then answers |
//! | `N_down` | always 500 |
//! | `N_slow` | answers after 3 s |
//! | `N_lagging` | answers after 200 ms (each page), like a Dashboard far away |
//! | `N_many` | lists have 60 pages (others 3) |
//! | organization `redirect` | 307 to the same host under `/shard` |
//! | organization `offsite` | 302 to `localhost` (a host the key must not go to) |
//! | organization set with [`FakeDashboard::redirect`] | 307 to the same path on another origin |
//!
//! With [`OTHER_KEY`] instead of [`KEY`] every `name` in an answer ends in " (other key)", so
//! answers given to one key are told apart from another's. `GET /_fake/seen` (no key needed)
//! lists the requests seen so far as JSON, for tests that run the fake as a separate process
//! (`examples/fake_dashboard.rs`).

mod limit;
mod pages;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use mcp_bridge::meraki::spec::ApiSpec;
use serde_json::{Value, json};

pub use limit::{FAKE_ORG, ORG_LIMIT};
pub use pages::example_page;

pub const KEY: &str = "test-key-0123456789abcdef";
/// A second valid key, whose answers are marked as such.
pub const OTHER_KEY: &str = "test-key-other-fedcba987654";

/// One request the fake saw.
#[derive(Debug, Clone)]
pub struct Seen {
    pub at: Instant,
    pub method: String,
    pub path: String,
    pub query: String,
    pub auth: Option<String>,
    pub body: String,
    /// The organization it was charged to.
    pub org: Option<String>,
    /// Answered 429 because the organization was over the limit.
    pub limited: bool,
}

struct Inner {
    seen: Vec<Seen>,
    counts: HashMap<String, u32>,
    limit: limit::OrgLimit,
    redirects: HashMap<String, String>,
}

/// A running fake. Dropping it stops the server.
pub struct FakeDashboard {
    /// `http://127.0.0.1:<port>/api/v1`
    pub base: String,
    /// `http://127.0.0.1:<port>`
    pub origin: String,
    inner: Arc<Mutex<Inner>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for FakeDashboard {
    fn drop(&mut self) {
        self.task.abort();
    }
}

#[derive(Clone)]
struct AppState {
    inner: Arc<Mutex<Inner>>,
    origin: String,
    started: Instant,
}

impl FakeDashboard {
    /// A fake that enforces the Dashboard's rate limit.
    pub async fn start() -> FakeDashboard {
        FakeDashboard::start_with_limit(Some(ORG_LIMIT)).await
    }

    /// A fake with another per-organization limit (`None`: no limit).
    pub async fn start_with_limit(per_second: Option<usize>) -> FakeDashboard {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let origin = format!("http://127.0.0.1:{port}");
        let inner = Arc::new(Mutex::new(Inner {
            seen: Vec::new(),
            counts: HashMap::new(),
            limit: limit::OrgLimit::new(per_second),
            redirects: HashMap::new(),
        }));
        let started = Instant::now();
        let state = AppState {
            inner: inner.clone(),
            origin: origin.clone(),
            started,
        };
        let app = axum::Router::new().fallback(handle).with_state(state);
        let task = tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        FakeDashboard {
            base: format!("{origin}/api/v1"),
            origin,
            inner,
            task,
        }
    }

    /// Answer requests about organization `org` with a redirect to the same path on
    /// `target_origin` (another fake: a second Meraki host, or a stranger).
    pub fn redirect(&self, org: &str, target_origin: &str) {
        self.inner
            .lock()
            .unwrap()
            .redirects
            .insert(org.to_owned(), target_origin.to_owned());
    }

    /// Every request so far.
    pub fn seen(&self) -> Vec<Seen> {
        self.inner.lock().unwrap().seen.clone()
    }

    /// Requests whose path contains `needle`.
    pub fn seen_matching(&self, needle: &str) -> Vec<Seen> {
        self.seen()
            .into_iter()
            .filter(|s| s.path.contains(needle))
            .collect()
    }

    /// Requests answered 429 because their organization was over the limit.
    pub fn limited(&self) -> usize {
        self.seen().iter().filter(|s| s.limited).count()
    }
}

/// The most requests seen within any one second.
pub fn most_in_one_second(times: &[Instant]) -> usize {
    let mut times = times.to_vec();
    times.sort();
    (0..times.len())
        .map(|i| {
            times[i..]
                .iter()
                .take_while(|u| u.duration_since(times[i]) < Duration::from_secs(1))
                .count()
        })
        .max()
        .unwrap_or(0)
}

fn errors(status: StatusCode, msg: &str) -> Response {
    (
        status,
        [("content-type", "application/json")],
        json!({ "errors": [msg] }).to_string(),
    )
        .into_response()
}

/// An answer of 48 MiB sent in chunks without a length, as a runaway endpoint would.
fn huge_answer() -> Response {
    let chunk = Bytes::from(format!("\"{}\",", "x".repeat(1024 * 1024 - 3)));
    let chunks = std::iter::once(Ok::<_, std::convert::Infallible>(Bytes::from_static(b"[")))
        .chain(std::iter::repeat_n(Ok(chunk), 48))
        .chain(std::iter::once(Ok(Bytes::from_static(b"\"end\"]"))));
    let body = axum::body::Body::from_stream(tokio_stream::iter(chunks));
    (StatusCode::OK, [("content-type", "application/json")], body).into_response()
}

fn too_many(retry_after: &str) -> Response {
    let mut r = errors(
        StatusCode::TOO_MANY_REQUESTS,
        "API rate limit exceeded for organization",
    );
    r.headers_mut()
        .insert("retry-after", retry_after.parse().unwrap());
    r
}

fn seen_json(st: &AppState) -> Response {
    let inner = st.inner.lock().unwrap();
    let list: Vec<Value> = inner
        .seen
        .iter()
        .map(|s| {
            json!({
                "atMs": s.at.duration_since(st.started).as_secs_f64() * 1000.0,
                "method": s.method, "path": s.path, "query": s.query,
                "auth": s.auth, "org": s.org, "limited": s.limited,
            })
        })
        .collect();
    (
        StatusCode::OK,
        [("content-type", "application/json")],
        Value::Array(list).to_string(),
    )
        .into_response()
}

async fn handle(
    State(st): State<AppState>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let now = Instant::now();
    let full_path = uri.path().to_owned();
    if full_path == "/_fake/seen" {
        return seen_json(&st);
    }
    let auth = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let query = uri.query().unwrap_or("").to_owned();
    let (shard, path) = match full_path.strip_prefix("/shard") {
        Some(rest) => (true, rest.to_owned()),
        None => (false, full_path.clone()),
    };
    let matched = path
        .strip_prefix("/api/v1")
        .and_then(|p| ApiSpec::get().match_path(method.as_str(), p));
    let org = matched.as_ref().and_then(|(_, bound)| limit::org_of(bound));
    let limited = {
        let mut inner = st.inner.lock().unwrap();
        let limited = org.as_ref().is_some_and(|o| !inner.limit.admit(o, now));
        inner.seen.push(Seen {
            at: now,
            method: method.to_string(),
            path: full_path.clone(),
            query: query.clone(),
            auth: auth.clone(),
            body: String::from_utf8_lossy(&body).into_owned(),
            org,
            limited,
        });
        limited
    };
    let other_key = match auth.as_deref() {
        Some(a) if a == format!("Bearer {KEY}") => false,
        Some(a) if a == format!("Bearer {OTHER_KEY}") => true,
        _ => {
            return errors(
                StatusCode::UNAUTHORIZED,
                "No valid authentication method found",
            );
        }
    };
    if limited {
        return too_many("1");
    }
    let Some((op, bound)) = matched else {
        return errors(StatusCode::NOT_FOUND, "Not found");
    };
    let count = |key: &str| {
        let mut inner = st.inner.lock().unwrap();
        let c = inner.counts.entry(key.to_owned()).or_default();
        *c += 1;
        *c
    };
    let with_query = |target: String| {
        if query.is_empty() {
            target
        } else {
            format!("{target}?{query}")
        }
    };
    let mut pages = 3;
    for (name, value) in &bound {
        if value.contains("missing") {
            let what = name.trim_end_matches("Id");
            let what = format!("{}{}", what[..1].to_uppercase(), &what[1..]);
            return errors(StatusCode::NOT_FOUND, &format!("{what} not found"));
        }
        let redirect = st.inner.lock().unwrap().redirects.get(value).cloned();
        if let Some(target) = redirect {
            let location = with_query(format!("{target}{full_path}"));
            return (StatusCode::TEMPORARY_REDIRECT, [("location", location)]).into_response();
        }
        match value.as_str() {
            "forbidden" => {
                return errors(
                    StatusCode::FORBIDDEN,
                    "You do not have permission to access this resource",
                );
            }
            "N_busy" if count("N_busy") <= 2 => return too_many("1"),
            "N_throttled" => return too_many("0"),
            "N_huge" => return huge_answer(),
            "O_pause" if count("O_pause") == 1 => return too_many("2"),
            "N_flaky" if count("N_flaky") == 1 => {
                return errors(StatusCode::SERVICE_UNAVAILABLE, "Service unavailable");
            }
            "N_down" => return errors(StatusCode::INTERNAL_SERVER_ERROR, "Something went wrong"),
            "N_slow" => tokio::time::sleep(Duration::from_secs(3)).await,
            "N_lagging" => tokio::time::sleep(Duration::from_millis(200)).await,
            "N_many" => pages = 60,
            "redirect" if !shard => {
                let location = with_query(format!("{}/shard{full_path}", st.origin));
                return (StatusCode::TEMPORARY_REDIRECT, [("location", location)]).into_response();
            }
            "offsite" => {
                let target = format!(
                    "{}/elsewhere{full_path}",
                    st.origin.replace("127.0.0.1", "localhost")
                );
                return (StatusCode::FOUND, [("location", target)]).into_response();
            }
            _ => {}
        }
    }
    if !op.is_read_only() {
        let status = StatusCode::from_u16(op.status.unwrap_or(200)).unwrap();
        if status == StatusCode::NO_CONTENT {
            return status.into_response();
        }
        let echoed: Value = serde_json::from_slice(&body).unwrap_or(json!({}));
        return (
            status,
            [("content-type", "application/json")],
            json!({"changed": true, "request": echoed}).to_string(),
        )
            .into_response();
    }
    let example = op.example.clone().unwrap_or(json!({}));
    let mut link = None;
    let body = if op.paginated && (example.is_array() || pages::list_member(&example).is_some()) {
        let page = pages::requested_page(&query);
        link = Some(pages::link_header(
            &st.origin,
            &full_path,
            &query,
            page,
            pages,
            example.is_object(),
        ));
        pages::page_body(&example, page, pages)
    } else {
        example
    };
    let body = if other_key {
        mark_other_key(body)
    } else {
        body
    };
    let mut resp = (
        StatusCode::OK,
        [("content-type", "application/json")],
        body.to_string(),
    )
        .into_response();
    if let Some(link) = link {
        resp.headers_mut().insert("link", link.parse().unwrap());
    }
    resp
}

/// Every `name` in an answer, suffixed with " (other key)".
fn mark_other_key(v: Value) -> Value {
    match v {
        Value::Array(items) => Value::Array(items.into_iter().map(mark_other_key).collect()),
        Value::Object(mut obj) => {
            if let Some(Value::String(name)) = obj.get_mut("name") {
                name.push_str(" (other key)");
            }
            Value::Object(obj)
        }
        other => other,
    }
}
