//! Tool rules ([`crate::policy::tools`]) for the local `serve` catalogs: a catalog wrapped so that `tools/list` shows only
//! the tools the rules let through, and a call to any other is refused naming the rule. The
//! catalog's own `read_only` marks answer `read_only` rules.

use serde_json::{Map, Value};

use super::{CallContext, CallError, ServerInfo, ToolCatalog, ToolDef, ToolOutput};
use crate::policy::tools::ToolRules;

pub struct RuledCatalog<C> {
    inner: C,
    rules: ToolRules,
}

impl<C: ToolCatalog> RuledCatalog<C> {
    pub fn new(inner: C, rules: ToolRules) -> Self {
        RuledCatalog { inner, rules }
    }

    fn refused(&self, name: &str) -> Option<String> {
        let hint = self
            .inner
            .tools()
            .iter()
            .find(|t| t.name == name)
            .map(|t| t.read_only);
        self.rules
            .refusal(name, hint)
            .map(|why| format!("Tool \"{name}\" is not available (refused by {why})"))
    }
}

impl<C: ToolCatalog> ToolCatalog for RuledCatalog<C> {
    fn info(&self) -> ServerInfo {
        self.inner.info()
    }

    fn tools(&self) -> Vec<ToolDef> {
        self.inner
            .tools()
            .into_iter()
            .filter(|t| self.rules.refusal(&t.name, Some(t.read_only)).is_none())
            .collect()
    }

    async fn call(
        &self,
        name: &str,
        arguments: Map<String, Value>,
        ctx: CallContext,
    ) -> Result<ToolOutput, CallError> {
        if let Some(message) = self.refused(name) {
            return Err(CallError::Refused(message));
        }
        self.inner.call(name, arguments, ctx).await
    }
}
