//! The Meraki tool catalog: the 27 named read-only tools (one file per API area, each a table of
//! [`ToolSpec`]s bound to an API operation, their schemas built by `schema`), and the generic
//! tools backed by the whole API description (`generic`). [`MerakiCatalog`] implements the
//! server's `ToolCatalog`.

mod appliance;
mod devices;
mod generic;
mod networks;
mod organizations;
mod schema;
mod switch;
mod wireless;

use serde_json::{Map, Value, json};

use super::MerakiError;
use super::backend::Backend;
use super::client::{Fetched, Paging};
use super::spec::ApiSpec;
use crate::serve::{CallContext, CallError, ServerInfo, ToolCatalog, ToolDef, ToolOutput};
use schema::tool_def;

/// A named tool: one API operation with a fixed set of arguments.
#[derive(Debug, Clone, Copy)]
pub struct ToolSpec {
    pub name: &'static str,
    /// The API operation id it calls.
    pub operation: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    /// Its arguments, all parameters of the operation; path parameters are required.
    pub params: &'static [&'static str],
    /// Values sent when an argument is absent.
    pub defaults: &'static [(&'static str, i64)],
    /// Query parameters always sent.
    pub fixed: &'static [(&'static str, i64)],
    /// Follow `Link` pages (up to the page limit).
    pub all_pages: bool,
}

impl ToolSpec {
    pub const DEFAULT: ToolSpec = ToolSpec {
        name: "",
        operation: "",
        title: "",
        description: "",
        params: &[],
        defaults: &[],
        fixed: &[],
        all_pages: false,
    };
}

/// Every named tool, in the order they are listed.
pub fn named_tools() -> impl Iterator<Item = &'static ToolSpec> {
    [
        organizations::TOOLS,
        networks::TOOLS,
        devices::TOOLS,
        switch::TOOLS,
        wireless::TOOLS,
        appliance::TOOLS,
    ]
    .into_iter()
    .flatten()
}

/// The catalog served by `mcp-bridge serve meraki`.
#[derive(Debug)]
pub struct MerakiCatalog {
    backend: Backend,
    allow_writes: bool,
    tools: Vec<ToolDef>,
}

impl MerakiCatalog {
    pub fn new(backend: Backend, allow_writes: bool) -> Self {
        let mut tools: Vec<ToolDef> = named_tools().map(tool_def).collect();
        tools.extend(generic::tool_defs(allow_writes));
        MerakiCatalog {
            backend,
            allow_writes,
            tools,
        }
    }

    async fn call_named(
        &self,
        spec: &ToolSpec,
        args: Map<String, Value>,
        ctx: &CallContext,
    ) -> Result<Fetched, MerakiError> {
        let op = ApiSpec::get()
            .operation(spec.operation)
            .expect("named tools use spec operations");
        if let Some(unknown) = args.keys().find(|k| !spec.params.contains(&k.as_str())) {
            return Err(MerakiError::invalid(format!(
                "{} has no argument `{unknown}`; it takes: {}",
                spec.name,
                if spec.params.is_empty() {
                    "no arguments".to_owned()
                } else {
                    spec.params.join(", ")
                }
            )));
        }
        let mut merged = args;
        for (name, value) in spec.defaults {
            merged.entry(name.to_string()).or_insert(json!(value));
        }
        for (name, value) in spec.fixed {
            merged.insert(name.to_string(), json!(value));
        }
        let req = op.resolve(&merged)?;
        let paging = if spec.all_pages {
            Paging::Upto(self.backend.max_pages())
        } else {
            Paging::First
        };
        self.backend.call(op, &req, None, paging, ctx).await
    }
}

impl ToolCatalog for MerakiCatalog {
    fn info(&self) -> ServerInfo {
        let mut instructions = String::from(
            "Read-only access to Cisco Meraki networks through the Dashboard API. Start with \
             meraki_get_organizations for organization ids, then meraki_get_networks for network \
             ids and meraki_get_devices for device serials. For anything the named tools do not \
             cover, find the operation with meraki_search_operations and call it with \
             meraki_api_get.",
        );
        if self.allow_writes {
            instructions.push_str(
                " Changes are enabled: meraki_api_call runs operations that modify the \
                 configuration. Confirm with the user before each change.",
            );
        }
        if self.backend.is_demo() {
            instructions.push_str(
                " This server runs in demo mode: every answer is example data, not a real network.",
            );
        }
        ServerInfo {
            name: "mcp-bridge-meraki".into(),
            title: "Cisco Meraki Dashboard".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            instructions: Some(instructions),
        }
    }

    fn tools(&self) -> Vec<ToolDef> {
        self.tools.clone()
    }

    async fn call(
        &self,
        name: &str,
        arguments: Map<String, Value>,
        ctx: CallContext,
    ) -> Result<ToolOutput, CallError> {
        let outcome = if let Some(spec) = named_tools().find(|t| t.name == name) {
            self.call_named(spec, arguments, &ctx).await
        } else {
            match generic::call(self, name, arguments, &ctx).await {
                Some(outcome) => outcome,
                None => return Err(CallError::UnknownTool(name.to_owned())),
            }
        };
        Ok(self.output(outcome))
    }
}

impl MerakiCatalog {
    fn output(&self, outcome: Result<Fetched, MerakiError>) -> ToolOutput {
        let demo = self.backend.is_demo();
        let out = match outcome {
            Ok(f) => {
                let mut out = ToolOutput::success(f.value)
                    .with_meta(
                        "mcp-bridge/cache",
                        json!(if f.cache_hit { "hit" } else { "miss" }),
                    )
                    .with_meta("mcp-bridge/pages", json!(f.pages));
                out.notes = f.notes;
                out
            }
            Err(e) => {
                let mut details = json!({ "message": e.to_string() });
                if let Some(status) = e.status() {
                    details["status"] = json!(status);
                }
                if let MerakiError::Api { messages, .. } = &e {
                    details["errors"] = json!(messages);
                }
                ToolOutput::error(e.to_string(), details)
            }
        };
        if demo {
            out.with_meta("mcp-bridge/demo", json!(true))
        } else {
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twenty_seven_named_tools_on_read_operations() {
        let names: Vec<&str> = named_tools().map(|t| t.name).collect();
        assert_eq!(names.len(), 27);
        let unique: std::collections::HashSet<_> = names.iter().collect();
        assert_eq!(unique.len(), 27);
        for t in named_tools() {
            let op = ApiSpec::get()
                .operation(t.operation)
                .unwrap_or_else(|| panic!("{}", t.operation));
            assert!(op.is_read_only(), "{}", t.name);
            assert!(op.example.is_some(), "{} has demo data", t.name);
        }
    }
}
