//! The generic tools over the whole API description: `meraki_search_operations` finds
//! operations by words, `meraki_api_get` runs any read operation by id or path with its
//! arguments checked against the spec first, and `meraki_api_call` runs operations that change
//! things, listed and allowed only with `--allow-writes`.

use serde_json::{Map, Value, json};

use super::MerakiCatalog;
use crate::meraki::MerakiError;
use crate::meraki::client::{Fetched, Paging};
use crate::meraki::spec::{ApiSpec, Operation};
use crate::serve::{CallContext, ToolDef};

mod search;

pub(super) const SEARCH: &str = "meraki_search_operations";
pub(super) const API_GET: &str = "meraki_api_get";
pub(super) const API_CALL: &str = "meraki_api_call";

pub(super) fn tool_defs(allow_writes: bool) -> Vec<ToolDef> {
    let version = &ApiSpec::get().version;
    let mut defs = vec![
        ToolDef {
            name: SEARCH.into(),
            title: "Search API operations".into(),
            description: format!(
                "Find Dashboard API v{version} operations by words (for example \"switch port \
                 statuses\", \"vlan\", \"firmware upgrades\", \"uplink loss\"). Returns operation \
                 ids, paths, summaries and parameters, to call with {API_GET}{}.",
                if allow_writes {
                    format!(" (reads) or {API_CALL} (changes)")
                } else {
                    String::new()
                }
            ),
            input_schema: json!({
                "type": "object",
                "properties": {
                    "query": {"type": "string", "minLength": 1, "description": "Words describing what you want, e.g. \"wireless ssids\"."},
                    "limit": {"type": "integer", "minimum": 1, "maximum": 50, "default": 10, "description": "How many operations to return."}
                },
                "required": ["query"],
                "additionalProperties": false
            }),
            read_only: true,
            destructive: false,
        },
        ToolDef {
            name: API_GET.into(),
            title: "Call any read-only API operation".into(),
            description: format!(
                "Run any GET operation of the Dashboard API v{version}, named by `operationId` \
                 (from {SEARCH}) or by `path` (like /networks/N_123/appliance/vlans). Path and \
                 query parameters go in `params` by name and are checked against the API \
                 reference before the request. Lists are followed across pages unless \
                 `allPages` is false."
            ),
            input_schema: json!({
                "type": "object",
                "properties": {
                    "operationId": {"type": "string", "description": "An operation id such as getNetworkApplianceVlans."},
                    "path": {"type": "string", "description": "A concrete API path such as /networks/N_123/appliance/vlans (with or without /api/v1); a query string is read into params."},
                    "params": {"type": "object", "description": "Path and query parameters by name, e.g. {\"networkId\": \"N_123\", \"timespan\": 3600}.", "additionalProperties": true},
                    "allPages": {"type": "boolean", "default": true, "description": "Follow Link pagination to collect all pages."},
                    "maxPages": {"type": "integer", "minimum": 1, "maximum": 1000, "description": "The most pages to fetch (default: the server's --max-pages)."}
                },
                "additionalProperties": false
            }),
            read_only: true,
            destructive: false,
        },
    ];
    if allow_writes {
        defs.push(ToolDef {
            name: API_CALL.into(),
            title: "Change configuration through the API".into(),
            description: format!(
                "Run a Dashboard API v{version} operation that creates, changes or deletes \
                 something (POST, PUT, DELETE), named by `operationId` or by `method` and \
                 `path`. Parameters go in `params`, the JSON request body in `body`. This \
                 changes the live network: confirm with the user first. Use {API_GET} for reads."
            ),
            input_schema: json!({
                "type": "object",
                "properties": {
                    "operationId": {"type": "string", "description": "An operation id such as updateNetworkApplianceVlan."},
                    "method": {"type": "string", "enum": ["POST", "PUT", "DELETE"], "description": "With `path`, instead of operationId."},
                    "path": {"type": "string", "description": "A concrete API path such as /networks/N_123/appliance/vlans/10."},
                    "params": {"type": "object", "description": "Path and query parameters by name.", "additionalProperties": true},
                    "body": {"type": "object", "description": "The JSON request body.", "additionalProperties": true}
                },
                "additionalProperties": false
            }),
            read_only: false,
            destructive: true,
        });
    }
    defs
}

/// Run a generic tool; `None` if `name` is not one.
pub(super) async fn call(
    catalog: &MerakiCatalog,
    name: &str,
    args: Map<String, Value>,
    ctx: &CallContext,
) -> Option<Result<Fetched, MerakiError>> {
    let outcome = match name {
        SEARCH => search::search(catalog, &args),
        API_GET => api_get(catalog, args, ctx).await,
        API_CALL => api_call(catalog, args, ctx).await,
        _ => return None,
    };
    Some(outcome)
}

fn writes_off(op: &Operation) -> MerakiError {
    MerakiError::WritesDisabled(format!(
        "{} is a {} operation that changes the network; changes are off. Start the server with \
         --allow-writes to enable {API_CALL}.",
        op.id, op.method
    ))
}

/// The operation and its arguments from `operationId` and/or `path`, plus `params`. With both,
/// the path must be of that operation; ids in the path and values in its query string must not
/// contradict `params` (the same value twice is fine).
fn pick<'a>(
    method: &str,
    args: &Map<String, Value>,
) -> Result<(&'a Operation, Map<String, Value>), MerakiError> {
    let spec = ApiSpec::get();
    let mut params = match args.get("params") {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(m)) => m.clone(),
        Some(_) => {
            return Err(MerakiError::invalid(
                "`params` must be an object of parameters by name",
            ));
        }
    };
    let text = |name: &str| match args.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.as_str())),
        Some(_) => Err(MerakiError::invalid(format!("`{name}` must be a string"))),
    };
    let (id, path) = (text("operationId")?, text("path")?);
    let by_id = id
        .map(|id| {
            spec.operation(id).ok_or_else(|| {
                MerakiError::invalid(format!(
                    "no operation `{id}` in the Dashboard API v{}; find ids with {SEARCH}",
                    spec.version
                ))
            })
        })
        .transpose()?;
    let Some(path) = path else {
        return match by_id {
            Some(op) => Ok((op, params)),
            None => Err(MerakiError::invalid("give `operationId` or `path`")),
        };
    };
    let (op, bound) = spec.match_path(method, path).ok_or_else(|| {
        let other = ["GET", "POST", "PUT", "DELETE"]
            .iter()
            .find_map(|m| spec.match_path(m, path));
        match other {
            Some((op, _)) if method == "GET" => writes_off_or_wrong_tool(op),
            _ => MerakiError::invalid(format!(
                "no {method} operation has the path {path}; find paths with {SEARCH}"
            )),
        }
    })?;
    if let Some(named) = by_id
        && named.id != op.id
    {
        return Err(MerakiError::invalid(format!(
            "`operationId` {} and `path` {path} disagree: that path is {} ({} {}); give one of \
             them, or both for the same operation",
            named.id, op.id, op.method, op.path
        )));
    }
    let mut given: Vec<(String, Value)> = bound
        .into_iter()
        .map(|(k, v)| (k, Value::String(v)))
        .collect();
    given.extend(query_params(path));
    for (name, value) in given {
        match params.get(&name) {
            None => {
                params.insert(name, value);
            }
            Some(have) if same_value(have, &value) => {}
            Some(have) => {
                return Err(MerakiError::invalid(format!(
                    "`{name}` is {value} in `path` but {have} in `params`; give it once"
                )));
            }
        }
    }
    Ok((op, params))
}

/// The parameters of a path's query string; `name[]` (repeated) becomes a list.
fn query_params(path: &str) -> Vec<(String, Value)> {
    let Some((_, query)) = path.split_once('?') else {
        return Vec::new();
    };
    let query = query.split('#').next().unwrap_or_default();
    let mut out: Vec<(String, Value)> = Vec::new();
    for (k, v) in url::form_urlencoded::parse(query.as_bytes()) {
        let v = Value::String(v.into_owned());
        match k.strip_suffix("[]") {
            Some(name) => match out.iter_mut().find(|(n, _)| n == name) {
                Some((_, Value::Array(list))) => list.push(v),
                _ => out.push((name.to_owned(), Value::Array(vec![v]))),
            },
            None => out.push((k.into_owned(), v)),
        }
    }
    out
}

/// Whether a value from `params` says the same as one read from a path (which is text).
fn same_value(given: &Value, from_path: &Value) -> bool {
    let text = |v: &Value| match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(_) | Value::Bool(_) => Some(v.to_string()),
        _ => None,
    };
    match (given, from_path) {
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same_value(x, y))
        }
        (a, Value::Array(b)) if b.len() == 1 => same_value(a, &b[0]),
        (a, b) => text(a).is_some() && text(a) == text(b),
    }
}

fn writes_off_or_wrong_tool(op: &Operation) -> MerakiError {
    MerakiError::invalid(format!(
        "{} {} is {} (a change), not a read; {API_GET} only reads",
        op.method, op.path, op.id
    ))
}

async fn api_get(
    catalog: &MerakiCatalog,
    args: Map<String, Value>,
    ctx: &CallContext,
) -> Result<Fetched, MerakiError> {
    check_keys(
        &args,
        &["operationId", "path", "params", "allPages", "maxPages"],
    )?;
    let (op, params) = pick("GET", &args)?;
    if !op.is_read_only() {
        return Err(if catalog.allow_writes {
            MerakiError::invalid(format!(
                "{} is a {} operation; use {API_CALL} for changes",
                op.id, op.method
            ))
        } else {
            writes_off(op)
        });
    }
    let req = op.resolve(&params)?;
    let all = args
        .get("allPages")
        .map(|v| {
            v.as_bool()
                .ok_or_else(|| MerakiError::invalid("`allPages` must be true or false"))
        })
        .transpose()?;
    let max = args
        .get("maxPages")
        .map(|v| {
            v.as_u64()
                .filter(|n| (1..=1000).contains(n))
                .ok_or_else(|| MerakiError::invalid("`maxPages` must be 1 to 1000"))
        })
        .transpose()?;
    let paging = match all {
        Some(false) => Paging::First,
        _ => Paging::Upto(max.map_or(catalog.backend.max_pages(), |n| n as u32)),
    };
    catalog.backend.call(op, &req, None, paging, ctx).await
}

async fn api_call(
    catalog: &MerakiCatalog,
    args: Map<String, Value>,
    ctx: &CallContext,
) -> Result<Fetched, MerakiError> {
    check_keys(&args, &["operationId", "method", "path", "params", "body"])?;
    let method = args
        .get("method")
        .and_then(Value::as_str)
        .unwrap_or("POST")
        .to_ascii_uppercase();
    let (op, params) = pick(&method, &args)?;
    if !catalog.allow_writes {
        return Err(writes_off(op));
    }
    if op.is_read_only() {
        return Err(MerakiError::invalid(format!(
            "{} is a read; use {API_GET}",
            op.id
        )));
    }
    let req = op.resolve(&params)?;
    let body = match args.get("body") {
        None | Some(Value::Null) => None,
        Some(Value::Object(b)) => Some(Value::Object(b.clone())),
        Some(_) => return Err(MerakiError::invalid("`body` must be a JSON object")),
    };
    if let Some(spec_body) = &op.body {
        let given = body.as_ref().and_then(Value::as_object);
        for field in &spec_body.required {
            if !given.is_some_and(|b| b.contains_key(field)) {
                return Err(MerakiError::invalid(format!(
                    "{} needs `{field}` in `body`",
                    op.id
                )));
            }
        }
        if let Some(b) = given
            && let Some(unknown) = b.keys().find(|k| !spec_body.properties.contains_key(*k))
        {
            let known: Vec<&String> = spec_body.properties.keys().collect();
            return Err(MerakiError::invalid(format!(
                "`{unknown}` is not a body field of {} (fields: {known:?})",
                op.id
            )));
        }
    } else if body.is_some() {
        return Err(MerakiError::invalid(format!("{} takes no body", op.id)));
    }
    catalog
        .backend
        .call(op, &req, body.as_ref(), Paging::First, ctx)
        .await
}

fn check_keys(args: &Map<String, Value>, allowed: &[&str]) -> Result<(), MerakiError> {
    match args.keys().find(|k| !allowed.contains(&k.as_str())) {
        Some(k) => Err(MerakiError::invalid(format!(
            "unknown argument `{k}`; arguments are: {}",
            allowed.join(", ")
        ))),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn operation_id_and_path_must_agree_and_params_must_not_contradict_the_path() {
        let (op, p) = pick(
            "GET",
            &args(json!({"operationId": "getNetwork", "path": "/networks/N_1"})),
        )
        .unwrap();
        assert_eq!(
            (op.id.as_str(), &p["networkId"]),
            ("getNetwork", &json!("N_1"))
        );
        let e = pick(
            "GET",
            &args(json!({"operationId": "getNetworkDevices", "path": "/networks/N_1"})),
        )
        .unwrap_err();
        assert!(e.to_string().contains("disagree"), "{e}");
        let e = pick(
            "GET",
            &args(json!({"path": "/networks/N_1", "params": {"networkId": "N_2"}})),
        )
        .unwrap_err();
        assert!(e.to_string().contains("give it once"), "{e}");
        let e = pick(
            "GET",
            &args(
                json!({"path": "/networks/N_1/clients?timespan=60", "params": {"timespan": 120}}),
            ),
        )
        .unwrap_err();
        assert!(e.to_string().contains("`timespan`"), "{e}");
        // The same value twice, in either form, is fine.
        let (_, p) = pick(
            "GET",
            &args(json!({"path": "/networks/N_1/clients?timespan=60&statuses[]=Online&statuses[]=Offline",
                "params": {"networkId": "N_1", "timespan": 60}})),
        )
        .unwrap();
        assert_eq!(p["statuses"], json!(["Online", "Offline"]));
        assert!(pick("GET", &args(json!({"operationId": 5}))).is_err());
    }
}
