//! The `tools/list` entry of a named tool: the JSON Schema of its arguments, built from the
//! operation's parameters in the API description (types, bounds, id patterns), with the tool's
//! own defaults; and parameter descriptions rewritten to agree with those defaults (the API
//! reference states its own, such as "The default is 1 day", where the tool sends 300 seconds).

use serde_json::{Map, Value, json};

use super::ToolSpec;
use crate::meraki::spec::{ApiSpec, Operation};
use crate::serve::ToolDef;

/// The `tools/list` entry of a named tool, its schema taken from the operation's parameters.
pub(super) fn tool_def(spec: &ToolSpec) -> ToolDef {
    let op = ApiSpec::get()
        .operation(spec.operation)
        .expect("named tools use spec operations");
    let mut properties = Map::new();
    let mut required = Vec::new();
    for name in spec.params {
        let mut schema = op
            .param_schema(name)
            .expect("named tool parameters are in the spec");
        let default = spec
            .defaults
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, d)| *d);
        if let Some(d) = default {
            schema["default"] = json!(d);
        }
        schema["description"] = Value::String(param_description(op, name, spec, default));
        if op
            .params
            .iter()
            .any(|p| p.name == *name && (p.required || p.location == "path"))
        {
            required.push(*name);
        }
        properties.insert(name.to_string(), schema);
    }
    ToolDef {
        name: spec.name.into(),
        title: spec.title.into(),
        description: format!(
            "{} (Dashboard API: {} {})",
            spec.description, op.method, op.path
        ),
        input_schema: json!({
            "type": "object",
            "properties": properties,
            "required": required,
            "additionalProperties": false,
        }),
        read_only: true,
        destructive: false,
    }
}

/// The description of parameter `name` as the tool takes it: the API reference's text without
/// its sentences on defaults (when the tool has its own) and on parameters the tool does not
/// take, then the tool's default.
fn param_description(op: &Operation, name: &str, spec: &ToolSpec, default: Option<i64>) -> String {
    let text = op
        .params
        .iter()
        .find(|p| p.name == name)
        .map(|p| p.description.as_str())
        .unwrap_or_default();
    let not_taken: Vec<&str> = op
        .params
        .iter()
        .map(|p| p.name.as_str())
        .filter(|n| !spec.params.contains(n))
        .collect();
    let mut kept: Vec<&str> = text
        .split_inclusive(". ")
        .map(str::trim)
        .filter(|sentence| {
            let words = || sentence.split(|c: char| !c.is_alphanumeric());
            let on_default = default.is_some() && sentence.to_lowercase().contains("default");
            let on_other = words().any(|w| not_taken.contains(&w));
            !on_default && !on_other
        })
        .collect();
    let stated;
    if let Some(d) = default {
        stated = match name {
            "timespan" => format!("Default: {d} seconds ({}).", human_duration(d)),
            _ => format!("Default: {d}."),
        };
        kept.push(&stated);
    }
    kept.join(" ")
}

/// `300` -> "5 minutes", `86400` -> "1 day".
fn human_duration(secs: i64) -> String {
    let (n, unit) = [(86400, "day"), (3600, "hour"), (60, "minute")]
        .into_iter()
        .find(|(s, _)| secs >= *s && secs % s == 0)
        .map_or((secs, "second"), |(s, u)| (secs / s, u));
    format!("{n} {unit}{}", if n == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::meraki::tools::named_tools;

    /// Every default a text states, in the parameter's unit ("default 300", "The default is 1
    /// day", "Default: 86400 seconds (1 day)").
    fn stated_defaults(text: &str) -> Vec<f64> {
        let lower = text.to_lowercase();
        let mut found = Vec::new();
        for (at, _) in lower.match_indices("default") {
            let rest = lower[at + "default".len()..].trim_start();
            let rest = rest
                .strip_prefix("is ")
                .or_else(|| rest.strip_prefix(':'))
                .unwrap_or(rest)
                .trim_start();
            let digits: String = rest
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == '.')
                .collect();
            let Ok(n) = digits.trim_end_matches('.').parse::<f64>() else {
                continue;
            };
            let unit = rest[digits.len()..].trim_start();
            let scale = [
                ("second", 1.0),
                ("minute", 60.0),
                ("hour", 3600.0),
                ("day", 86400.0),
            ]
            .iter()
            .find(|(u, _)| unit.starts_with(u))
            .map_or(1.0, |(_, s)| *s);
            found.push(n * scale);
        }
        found
    }

    #[test]
    fn durations_read_naturally() {
        assert_eq!(human_duration(300), "5 minutes");
        assert_eq!(human_duration(86400), "1 day");
        assert_eq!(human_duration(7200), "2 hours");
        assert_eq!(human_duration(90), "90 seconds");
    }

    #[test]
    fn the_switch_port_statuses_timespan_says_5_minutes() {
        let spec = named_tools()
            .find(|t| t.name == "meraki_get_switch_port_statuses")
            .unwrap();
        let def = tool_def(spec);
        let ts = &def.input_schema["properties"]["timespan"];
        assert_eq!(ts["default"], 300);
        assert_eq!(
            ts["description"],
            "The timespan for which the information will be fetched. The value must be in \
             seconds and be less than or equal to 31 days. Default: 300 seconds (5 minutes)."
        );
    }

    #[test]
    fn stated_defaults_are_read_in_their_unit() {
        assert_eq!(stated_defaults("The default is 1 day."), [86400.0]);
        assert_eq!(stated_defaults("Default is 10. x"), [10.0]);
        assert_eq!(stated_defaults("(default 300, at most 31 days)"), [300.0]);
        assert_eq!(
            stated_defaults("Default: 300 seconds (5 minutes)."),
            [300.0]
        );
        assert!(stated_defaults("no such word").is_empty());
    }

    #[test]
    fn descriptions_agree_with_the_defaults_the_tools_send() {
        for spec in named_tools() {
            let def = tool_def(spec);
            let props = def.input_schema["properties"].as_object().unwrap();
            for (name, schema) in props {
                let desc = schema["description"].as_str().unwrap_or_default();
                let stated = stated_defaults(desc);
                // Without a tool default the API's own, as its reference states it, applies.
                if let Some(d) = schema.get("default").and_then(Value::as_f64) {
                    assert!(
                        !stated.is_empty() && stated.iter().all(|s| *s == d),
                        "{} `{name}`: default {d}, description says {stated:?}: {desc}",
                        spec.name
                    );
                    let tool_says = stated_defaults(&def.description);
                    assert!(
                        tool_says.iter().all(|s| *s == d),
                        "{}: the tool description says {tool_says:?}, `{name}` defaults to {d}",
                        spec.name
                    );
                }
            }
        }
    }

    #[test]
    fn descriptions_name_no_parameter_the_tool_does_not_take() {
        for spec in named_tools() {
            let def = tool_def(spec);
            let op = ApiSpec::get().operation(spec.operation).unwrap();
            for (name, schema) in def.input_schema["properties"].as_object().unwrap() {
                let desc = schema["description"].as_str().unwrap_or_default();
                for other in op
                    .params
                    .iter()
                    .filter(|p| !spec.params.contains(&p.name.as_str()))
                {
                    assert!(
                        !desc
                            .split(|c: char| !c.is_alphanumeric())
                            .any(|w| w == other.name),
                        "{} `{name}` mentions `{}`, which it does not take: {desc}",
                        spec.name,
                        other.name
                    );
                }
            }
        }
    }

    #[test]
    fn schemas_carry_ids_and_timespan_bounds() {
        let defs: Vec<ToolDef> = named_tools().map(tool_def).collect();
        let traffic = defs
            .iter()
            .find(|d| d.name == "meraki_get_network_traffic")
            .unwrap();
        let s = &traffic.input_schema;
        assert_eq!(s["required"], json!(["networkId"]));
        assert_eq!(s["properties"]["timespan"]["maximum"], json!(2592000));
        assert_eq!(s["properties"]["timespan"]["default"], json!(86400));
        assert_eq!(s["properties"]["networkId"]["type"], "string");
        let events = defs
            .iter()
            .find(|d| d.name == "meraki_get_network_events")
            .unwrap();
        assert_eq!(
            events.input_schema["properties"]["perPage"]["minimum"],
            json!(3)
        );
    }
}
