//! Every id a tool takes (`organizationId`, `networkId`, `serial`, `clientId`), generated from
//! the tool list itself: missing, empty or malformed ids are refused before any request; an id
//! the Dashboard does not know comes back as a tool error with the Dashboard's own message.

use serde_json::{Map, Value, json};

use super::fake_dashboard::FakeDashboard;
use super::harness::{Server, is_error, text};

/// (tool, its id arguments) for every listed tool whose schema has id arguments.
async fn id_taking_tools(s: &mut Server) -> Vec<(String, Vec<String>)> {
    let list = s.request("tools/list", json!({})).await;
    list["result"]["tools"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|t| {
            let props = t["inputSchema"]["properties"].as_object()?;
            let ids: Vec<String> = props
                .iter()
                .filter(|(_, p)| p.get("pattern").is_some())
                .map(|(k, _)| k.clone())
                .collect();
            (!ids.is_empty()).then(|| (t["name"].as_str().unwrap().to_owned(), ids))
        })
        .collect()
}

fn good_args(ids: &[String]) -> Map<String, Value> {
    ids.iter()
        .map(|k| (k.clone(), json!(format!("X_{k}"))))
        .collect()
}

#[tokio::test]
async fn bad_or_missing_ids_of_every_tool_are_refused_before_any_request() {
    let fake = FakeDashboard::start().await;
    let mut s = Server::live(&fake, &[]).await;
    let tools = id_taking_tools(&mut s).await;
    assert_eq!(
        tools.len(),
        26,
        "every named tool but the organizations list"
    );
    let kinds: std::collections::BTreeSet<&str> = tools
        .iter()
        .flat_map(|(_, ids)| ids.iter().map(String::as_str))
        .collect();
    assert_eq!(
        kinds.into_iter().collect::<Vec<_>>(),
        ["clientId", "networkId", "organizationId", "serial"]
    );
    for (tool, ids) in &tools {
        for id in ids {
            let mut missing = good_args(ids);
            missing.remove(id);
            let r = s.call(tool, Value::Object(missing)).await;
            assert!(
                is_error(&r) && text(&r).contains(&format!("needs `{id}`")),
                "{tool} without {id}: {}",
                text(&r)
            );
            for bad in [
                json!(""),
                json!("../organizations"),
                json!("a b"),
                json!("Q/1"),
                json!(1.5),
                json!(["N_1"]),
            ] {
                let mut args = good_args(ids);
                args.insert(id.clone(), bad.clone());
                let r = s.call(tool, Value::Object(args)).await;
                assert!(
                    is_error(&r) && text(&r).contains(&format!("`{id}`")),
                    "{tool} {id}={bad}: {}",
                    text(&r)
                );
            }
        }
    }
    assert!(
        fake.seen().is_empty(),
        "nothing reached the API: {:?}",
        fake.seen()
    );
}

#[tokio::test]
async fn unknown_ids_of_every_tool_get_the_dashboards_not_found() {
    let fake = FakeDashboard::start().await;
    let mut s = Server::live(&fake, &["--no-cache"]).await;
    for (tool, ids) in id_taking_tools(&mut s).await {
        for id in &ids {
            let mut args = good_args(&ids);
            args.insert(id.clone(), json!("X_missing"));
            let r = s.call(&tool, Value::Object(args)).await;
            let what = id.trim_end_matches("Id");
            let what = format!("{}{} not found", what[..1].to_uppercase(), &what[1..]);
            assert!(is_error(&r), "{tool} {id}: {r}");
            assert!(
                text(&r).contains("404") && text(&r).contains(&what),
                "{tool} {id}: {}",
                text(&r)
            );
            assert_eq!(r["structuredContent"]["error"]["errors"], json!([what]));
        }
    }
    assert_eq!(fake.limited(), 0);
}
