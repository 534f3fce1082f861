//! A fake Dashboard API on 127.0.0.1:0. It answers every operation of the built-in API
//! description with the reference's example, pages lists with `Link` headers, checks the
//! Bearer key, and misbehaves on purpose for certain ids:
//!
//! | id | behaviour |
//! |---|---|
//! | contains `missing` | 404 `{"errors":["… not found"]}` |
//! | `forbidden` | 403 |
//! | `N_busy` | 429 with `Retry-After: 1` twice, then answers |
//! | `N_throttled` | always 429 with `Retry-After: 0` |
//! | `N_flaky` | 503 once, then answers |
//! | `N_down` | always 500 |
//! | `N_slow` | answers after 3 s |
//! | `N_many` | lists have 60 pages (others 3) |
//! | organization `redirect` | 307 to the same host under `/shard` |
//! | organization `offsite` | 302 to `localhost` (a host the key must not go to) |

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use mcp_bridge::meraki::spec::ApiSpec;
use serde_json::{Value, json};

pub const KEY: &str = "test-key-0123456789abcdef";

/// One request the fake saw.
#[derive(Debug, Clone)]
pub struct Seen {
    pub at: Instant,
    pub method: String,
    pub path: String,
    pub query: String,
    pub auth: Option<String>,
    pub body: String,
}

#[derive(Default)]
struct Inner {
    seen: Vec<Seen>,
    counts: HashMap<String, u32>,
}

/// A running fake. Dropping it stops the server.
pub struct FakeDashboard {
    pub base: String,
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
}

impl FakeDashboard {
    pub async fn start() -> FakeDashboard {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let origin = format!("http://127.0.0.1:{port}");
        let inner = Arc::new(Mutex::new(Inner::default()));
        let state = AppState {
            inner: inner.clone(),
            origin: origin.clone(),
        };
        let app = axum::Router::new().fallback(handle).with_state(state);
        let task = tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        FakeDashboard {
            base: format!("{origin}/api/v1"),
            inner,
            task,
        }
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
}

fn errors(status: StatusCode, msg: &str) -> Response {
    (
        status,
        [("content-type", "application/json")],
        json!({ "errors": [msg] }).to_string(),
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
    let auth = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let full_path = uri.path().to_owned();
    let query = uri.query().unwrap_or("").to_owned();
    st.inner.lock().unwrap().seen.push(Seen {
        at: Instant::now(),
        method: method.to_string(),
        path: full_path.clone(),
        query: query.clone(),
        auth: auth.clone(),
        body: String::from_utf8_lossy(&body).into_owned(),
    });
    if auth.as_deref() != Some(&format!("Bearer {KEY}")) {
        return errors(
            StatusCode::UNAUTHORIZED,
            "No valid authentication method found",
        );
    }
    let (shard, path) = match full_path.strip_prefix("/shard") {
        Some(rest) => (true, rest.to_owned()),
        None => (false, full_path.clone()),
    };
    let Some(path) = path.strip_prefix("/api/v1") else {
        return errors(StatusCode::NOT_FOUND, "Not found");
    };
    let Some((op, bound)) = ApiSpec::get().match_path(method.as_str(), path) else {
        return errors(StatusCode::NOT_FOUND, "Not found");
    };
    let count = |key: &str| {
        let mut inner = st.inner.lock().unwrap();
        let c = inner.counts.entry(key.to_owned()).or_default();
        *c += 1;
        *c
    };
    let mut pages = 3;
    for (name, value) in &bound {
        if value.contains("missing") {
            let what = name.trim_end_matches("Id");
            let what = format!("{}{}", what[..1].to_uppercase(), &what[1..]);
            return errors(StatusCode::NOT_FOUND, &format!("{what} not found"));
        }
        match value.as_str() {
            "forbidden" => {
                return errors(
                    StatusCode::FORBIDDEN,
                    "You do not have permission to access this resource",
                );
            }
            "N_busy" if count("N_busy") <= 2 => {
                let mut r = errors(
                    StatusCode::TOO_MANY_REQUESTS,
                    "API rate limit exceeded for organization",
                );
                r.headers_mut().insert("retry-after", "1".parse().unwrap());
                return r;
            }
            "N_throttled" => {
                let mut r = errors(
                    StatusCode::TOO_MANY_REQUESTS,
                    "API rate limit exceeded for organization",
                );
                r.headers_mut().insert("retry-after", "0".parse().unwrap());
                return r;
            }
            "N_flaky" if count("N_flaky") == 1 => {
                return errors(StatusCode::SERVICE_UNAVAILABLE, "Service unavailable");
            }
            "N_down" => return errors(StatusCode::INTERNAL_SERVER_ERROR, "Something went wrong"),
            "N_slow" => tokio::time::sleep(Duration::from_secs(3)).await,
            "N_many" => pages = 60,
            "redirect" if !shard => {
                let target = format!(
                    "{}/shard{}{}",
                    st.origin,
                    full_path,
                    if query.is_empty() {
                        String::new()
                    } else {
                        format!("?{query}")
                    }
                );
                return (StatusCode::TEMPORARY_REDIRECT, [("location", target)]).into_response();
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
    let mut headers = vec![("content-type".to_owned(), "application/json".to_owned())];
    let body = match (&example, op.paginated) {
        (Value::Array(items), true) => {
            let page: u32 = query
                .split('&')
                .find_map(|kv| kv.strip_prefix("startingAfter=p"))
                .and_then(|n| n.parse().ok())
                .unwrap_or(1);
            let kept: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
                .filter(|(k, _)| k != "startingAfter")
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect();
            let link = |p: u32, rel: &str| {
                let mut q = url::form_urlencoded::Serializer::new(String::new());
                q.extend_pairs(kept.iter());
                q.append_pair("startingAfter", &format!("p{p}"));
                format!("<{}{}?{}>; rel={rel}", st.origin, full_path, q.finish())
            };
            let mut links = vec![link(1, "first")];
            if page < pages {
                links.push(link(page + 1, "next"));
            }
            links.push(link(pages, "last"));
            headers.push(("link".to_owned(), links.join(", ")));
            Value::Array(items.iter().map(|i| mark_page(i, page)).collect())
        }
        _ => example,
    };
    let mut resp = (StatusCode::OK, body.to_string()).into_response();
    for (k, v) in headers {
        resp.headers_mut().insert(
            axum::http::HeaderName::from_bytes(k.as_bytes()).unwrap(),
            v.parse().unwrap(),
        );
    }
    resp
}

/// Give list items of page `n` distinct ids, so pages can be told apart.
fn mark_page(item: &Value, n: u32) -> Value {
    let mut item = item.clone();
    for key in ["id", "serial"] {
        if let Some(Value::String(s)) = item.get_mut(key) {
            s.push_str(&format!("-p{n}"));
        }
    }
    item
}

/// The example of an operation, as the fake serves it on page `n` (lists) or as is.
pub fn example_page(operation_id: &str, n: u32) -> Value {
    let op = ApiSpec::get().operation(operation_id).unwrap();
    match (op.example.clone().unwrap(), op.paginated) {
        (Value::Array(items), true) => {
            Value::Array(items.iter().map(|i| mark_page(i, n)).collect())
        }
        (other, _) => other,
    }
}
