//! The step `doctor` takes first: which machine policy applies ([`crate::policy`]), and
//! whether it lets the bridge start for this server.

use super::Report;

/// `doctor`'s first step: which policy applies, and whether it allows this server.
pub fn policy_step(report: &mut Report, url: &url::Url) {
    let mut step = Report::new("");
    match crate::policy::load() {
        Err(e) => step.fail(
            "policy",
            e.to_string(),
            "fix the policy file (mcp-bridge policy show names it), or ask the administrator who set it",
        ),
        Ok(p) if p.is_empty() => step.ok("policy", "no machine policy applies"),
        Ok(p) => {
            let files = p
                .files()
                .iter()
                .map(|f| f.path.display().to_string())
                .collect::<Vec<_>>()
                .join(", ");
            match p.check_http(url).and_then(|()| p.check_server(url)) {
                Ok(()) => step.ok("policy", format!("{files} allows this server")),
                Err(refused) => step.fail(
                    "policy",
                    refused.to_string(),
                    "the bridge will not start for this server; ask the administrator who set the policy",
                ),
            }
        }
    }
    report.steps.splice(0..0, step.steps);
}
