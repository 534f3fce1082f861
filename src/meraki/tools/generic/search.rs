//! `meraki_search_operations`: the API description's operations ranked by the words of a
//! query (operation ids and paths split into words, summaries and tags), read-only ones unless
//! `--allow-writes`.

use serde_json::{Map, Value, json};

use crate::meraki::MerakiError;
use crate::meraki::client::Fetched;
use crate::meraki::spec::{ApiSpec, Operation};
use crate::meraki::tools::MerakiCatalog;

pub(super) fn search(
    catalog: &MerakiCatalog,
    args: &Map<String, Value>,
) -> Result<Fetched, MerakiError> {
    let query = args
        .get("query")
        .and_then(Value::as_str)
        .filter(|q| !q.trim().is_empty())
        .ok_or_else(|| MerakiError::invalid("`query` (a few words) is needed"))?;
    let limit = match args.get("limit") {
        None => 10,
        Some(v) => v
            .as_u64()
            .filter(|n| (1..=50).contains(n))
            .ok_or_else(|| MerakiError::invalid("`limit` must be 1 to 50"))?
            as usize,
    };
    let words: Vec<String> = split_words(query);
    let mut scored: Vec<(u32, &Operation)> = ApiSpec::get()
        .operations
        .iter()
        .filter(|op| catalog.allow_writes || op.is_read_only())
        .map(|op| (score(op, &words), op))
        .filter(|(s, _)| *s > 0)
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.path.len().cmp(&b.1.path.len())));
    let found: Vec<Value> = scored
        .iter()
        .take(limit)
        .map(|(_, op)| {
            let names = |loc: &str| -> Vec<String> {
                op.params
                    .iter()
                    .filter(|p| p.location == loc)
                    .map(|p| {
                        if p.required {
                            format!("{} (required)", p.name)
                        } else {
                            p.name.clone()
                        }
                    })
                    .collect()
            };
            json!({
                "operationId": op.id,
                "method": op.method,
                "path": op.path,
                "summary": op.summary,
                "pathParams": names("path"),
                "queryParams": names("query"),
                "paginated": op.paginated,
            })
        })
        .collect();
    let mut notes = Vec::new();
    if found.is_empty() {
        notes.push(format!(
            "No operation matches \"{query}\". Try fewer or more general words."
        ));
    } else if !catalog.allow_writes {
        notes.push("Only read (GET) operations are listed: changes are off.".into());
    }
    Ok(Fetched {
        value: Value::Array(found),
        notes,
        pages: 1,
        cache_hit: false,
    })
}

/// Lower-case words, camelCase split: "getNetworkVlans" -> get, network, vlans.
fn split_words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for c in text.chars() {
        if !c.is_alphanumeric() {
            prev_lower = false;
            if !cur.is_empty() {
                words.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if c.is_uppercase() && prev_lower && !cur.is_empty() {
            words.push(std::mem::take(&mut cur));
        }
        prev_lower = c.is_lowercase() || c.is_numeric();
        cur.extend(c.to_lowercase());
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    words
}

fn score(op: &Operation, words: &[String]) -> u32 {
    let id_words = split_words(&op.id);
    let path_words = split_words(&op.path.replace(['{', '}'], " "));
    let summary = op.summary.to_lowercase();
    let tags: Vec<String> = op.tags.iter().map(|t| t.to_lowercase()).collect();
    let same = |a: &str, b: &str| {
        a == b || (a.len() >= 4 && b.len() >= 4 && (a.starts_with(b) || b.starts_with(a)))
    };
    let mut total = 0;
    for w in words {
        let mut s = 0;
        if id_words.iter().any(|i| same(i, w)) {
            s += 3;
        }
        if path_words.iter().any(|p| same(p, w)) || tags.iter().any(|t| same(t, w)) {
            s += 2;
        }
        if summary.contains(w.as_str()) {
            s += 1;
        }
        if s == 0
            && !matches!(
                w.as_str(),
                "a" | "an" | "the" | "of" | "for" | "get" | "list" | "show"
            )
        {
            // Every meaningful word should match somewhere.
            return 0;
        }
        total += s;
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_camel_case_and_paths() {
        assert_eq!(
            split_words("getNetworkApplianceVlans"),
            ["get", "network", "appliance", "vlans"]
        );
        assert_eq!(
            split_words("/devices/{serial}/switch/ports"),
            ["devices", "serial", "switch", "ports"]
        );
    }

    #[test]
    fn search_ranks_the_obvious_operation_first() {
        let catalog = MerakiCatalog::new(crate::meraki::Backend::Demo, false);
        let got = search(
            &catalog,
            &Map::from_iter([("query".to_owned(), json!("switch port statuses"))]),
        )
        .unwrap();
        let first = &got.value[0];
        assert_eq!(
            first["operationId"], "getDeviceSwitchPortsStatuses",
            "{got:?}"
        );
        assert!(
            got.value
                .as_array()
                .unwrap()
                .iter()
                .all(|o| o["method"] == "GET")
        );
        let writes = MerakiCatalog::new(crate::meraki::Backend::Demo, true);
        let got = search(
            &writes,
            &Map::from_iter([
                ("query".to_owned(), json!("update vlan")),
                ("limit".to_owned(), json!(50)),
            ]),
        )
        .unwrap();
        assert!(
            got.value
                .as_array()
                .unwrap()
                .iter()
                .any(|o| o["method"] == "PUT")
        );
    }
}
