//! Pagination: the `Link` header (RFC 8288 as the Dashboard writes it: `<url>; rel=next`, `rel`
//! unquoted, up to four links separated by commas), and how pages add up. Most paginated
//! operations answer a list; a few answer an object with one list member (`getNetworkEvents`:
//! `{message, pageStartAt, pageEndAt, events}`), whose pages are merged on that member. The event
//! log always sends `rel=next`, even past its newest event, so a page that adds nothing ends
//! the walk.

use serde_json::Value;

/// The `rel=next` target of a `Link` header value.
pub(super) fn next_link(header: &str) -> Option<String> {
    link_with_rel(header, "next")
}

fn link_with_rel(header: &str, rel: &str) -> Option<String> {
    // URLs may contain commas in query strings, so split on '<' boundaries instead.
    header.split('<').skip(1).find_map(|part| {
        let (url, params) = part.split_once('>')?;
        let wanted = params.split(';').any(|p| {
            let p = p.trim().trim_end_matches(',').trim();
            p.strip_prefix("rel=")
                .map(|v| {
                    v.trim_matches('"')
                        .split_whitespace()
                        .any(|r| r.eq_ignore_ascii_case(rel))
                })
                .unwrap_or(false)
        });
        wanted.then(|| url.trim().to_owned())
    })
}

/// What a further page did to the answer so far.
#[derive(Debug, PartialEq)]
pub(super) enum Merged {
    /// Its items were appended.
    Added(usize),
    /// It had no items: there is nothing more to fetch.
    Empty,
    /// It does not have the first page's shape; nothing was merged.
    Mismatch,
}

/// Whether an answer can be merged with further pages: a list, or an object with exactly one
/// list member (named in the result).
pub(super) fn pageable(value: &Value) -> Option<Option<String>> {
    match value {
        Value::Array(_) => Some(None),
        Value::Object(obj) => {
            let mut lists = obj.iter().filter(|(_, v)| v.is_array()).map(|(k, _)| k);
            match (lists.next(), lists.next()) {
                (Some(k), None) => Some(Some(k.clone())),
                _ => None,
            }
        }
        _ => None,
    }
}

/// The items in an answer (the list, or the object's list member).
pub(super) fn item_count(value: &Value) -> usize {
    match pageable(value) {
        Some(None) => value.as_array().map_or(0, Vec::len),
        Some(Some(key)) => value[&key].as_array().map_or(0, Vec::len),
        None => 0,
    }
}

/// Add `page` to `all`. For object answers the list member grows, and `pageStartAt`/`pageEndAt`
/// widen to cover every page (they are ISO 8601 times, which compare as text).
pub(super) fn merge(all: &mut Value, page: Value) -> Merged {
    match (pageable(all), all, page) {
        (Some(None), Value::Array(all), Value::Array(items)) => {
            let n = items.len();
            all.extend(items);
            if n == 0 {
                Merged::Empty
            } else {
                Merged::Added(n)
            }
        }
        (Some(Some(key)), Value::Object(all), Value::Object(mut page)) => {
            let Some(Value::Array(items)) = page.remove(&key) else {
                return Merged::Mismatch;
            };
            if items.is_empty() {
                return Merged::Empty;
            }
            let n = items.len();
            if let Some(Value::Array(list)) = all.get_mut(&key) {
                list.extend(items);
            }
            for (field, wider) in [
                ("pageStartAt", std::cmp::Ordering::Less),
                ("pageEndAt", std::cmp::Ordering::Greater),
            ] {
                if let (Some(Value::String(have)), Some(Value::String(got))) =
                    (all.get(field), page.get(field))
                    && got.cmp(have) == wider
                {
                    all.insert(field.to_owned(), Value::String(got.clone()));
                }
            }
            Merged::Added(n)
        }
        _ => Merged::Mismatch,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn lists_and_event_pages_add_up() {
        let mut all = json!([1, 2]);
        assert_eq!(merge(&mut all, json!([3])), Merged::Added(1));
        assert_eq!(merge(&mut all, json!([])), Merged::Empty);
        assert_eq!(merge(&mut all, json!({"x": 1})), Merged::Mismatch);
        assert_eq!(all, json!([1, 2, 3]));

        let mut events = json!({"message": null, "pageStartAt": "2018-02-11T00:00:00Z",
            "pageEndAt": "2018-02-11T23:59:59Z", "events": [{"n": 1}]});
        assert_eq!(pageable(&events), Some(Some("events".to_owned())));
        let page2 = json!({"message": null, "pageStartAt": "2018-02-10T00:00:00Z",
            "pageEndAt": "2018-02-10T23:59:59Z", "events": [{"n": 2}, {"n": 3}]});
        assert_eq!(merge(&mut events, page2), Merged::Added(2));
        assert_eq!(item_count(&events), 3);
        assert_eq!(events["pageStartAt"], "2018-02-10T00:00:00Z");
        assert_eq!(events["pageEndAt"], "2018-02-11T23:59:59Z");
        let past_the_end = json!({"message": null, "pageStartAt": "2018-02-09T00:00:00Z",
            "pageEndAt": "2018-02-09T23:59:59Z", "events": []});
        assert_eq!(merge(&mut events, past_the_end), Merged::Empty);
        assert_eq!(
            events["pageStartAt"], "2018-02-10T00:00:00Z",
            "an empty page adds nothing"
        );
        assert_eq!(pageable(&json!({"a": [1], "b": [2]})), None);
        assert_eq!(pageable(&json!("text")), None);
    }

    #[test]
    fn finds_next_among_several_links() {
        let h = "<https://n1.meraki.com/api/v1/networks/N_1/clients?perPage=3&startingAfter=a>; rel=first, \
                 <https://n1.meraki.com/api/v1/networks/N_1/clients?perPage=3&startingAfter=k1>; rel=next, \
                 <https://n1.meraki.com/api/v1/networks/N_1/clients?perPage=3&endingBefore=z>; rel=last";
        assert_eq!(
            next_link(h).unwrap(),
            "https://n1.meraki.com/api/v1/networks/N_1/clients?perPage=3&startingAfter=k1"
        );
    }

    #[test]
    fn quoted_rel_and_absence() {
        assert_eq!(
            next_link("<http://x/a?b=1,2>; rel=\"next\"").unwrap(),
            "http://x/a?b=1,2"
        );
        assert_eq!(next_link("<http://x/a>; rel=prev"), None);
        assert_eq!(next_link(""), None);
    }
}
