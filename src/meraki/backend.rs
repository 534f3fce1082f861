//! Where answers come from: the live Dashboard API, or the example responses of the API spec
//! built into the binary (`--demo`: no key, no network). Both take the same checked request,
//! so arguments are validated the same way in either mode.

use serde_json::{Value, json};

use super::MerakiError;
use super::client::{DashboardClient, Fetched, Paging};
use super::spec::{ApiSpec, Operation, Resolved};
use crate::serve::CallContext;

/// The answering side of the catalog.
#[derive(Debug)]
pub enum Backend {
    Live(Box<DashboardClient>),
    Demo,
}

impl Backend {
    pub fn is_demo(&self) -> bool {
        matches!(self, Backend::Demo)
    }

    /// Pages followed by default for lists.
    pub fn max_pages(&self) -> u32 {
        match self {
            Backend::Live(c) => c.max_pages(),
            Backend::Demo => 1,
        }
    }

    pub async fn call(
        &self,
        op: &Operation,
        req: &Resolved,
        body: Option<&Value>,
        paging: Paging,
        ctx: &CallContext,
    ) -> Result<Fetched, MerakiError> {
        match self {
            Backend::Live(client) => client.call(op, req, body, paging, ctx).await,
            Backend::Demo => demo_answer(op, req, body),
        }
    }
}

/// The note every demo result carries.
pub fn demo_note() -> String {
    format!(
        "Demo data: this is the example response from the Meraki Dashboard API v{} reference, \
         not a real network. No request was made. Run without --demo and with \
         MERAKI_DASHBOARD_API_KEY set to see your own data.",
        ApiSpec::get().version
    )
}

fn demo_answer(
    op: &Operation,
    req: &Resolved,
    body: Option<&Value>,
) -> Result<Fetched, MerakiError> {
    let value = match (&op.example, op.is_read_only()) {
        (Some(example), _) => example.clone(),
        (None, false) => json!({
            "demo": true,
            "wouldSend": { "method": op.method, "path": req.path, "query": req.query, "body": body },
        }),
        (None, true) => {
            return Err(MerakiError::NoDemoData(format!(
                "the API reference has no example response for {}, so demo mode cannot answer it",
                op.id
            )));
        }
    };
    Ok(Fetched {
        value,
        notes: vec![demo_note()],
        pages: 1,
        cache_hit: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Map;

    #[tokio::test]
    async fn demo_answers_from_examples() {
        let spec = ApiSpec::get();
        let op = spec.operation("getOrganizationNetworks").unwrap();
        let req = op
            .resolve(&Map::from_iter([("organizationId".to_owned(), json!("1"))]))
            .unwrap();
        let got = Backend::Demo
            .call(op, &req, None, Paging::First, &CallContext::default())
            .await
            .unwrap();
        assert_eq!(got.value[0]["id"], "N_24329156");
        assert!(got.notes[0].starts_with("Demo data"));
    }
}
