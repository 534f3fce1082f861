//! `mcp-bridge doctor`: the whole chain from the URL to a tool list, one step at a time, each
//! with a verdict, what was found, and the fix when it failed. The steps live in [`checks`];
//! this file owns the report and how it is shown (lines with ✓/✗/–, or JSON).

mod access;
pub mod checks;
pub mod policy;
mod round_trip;

use serde::Serialize;

/// A step's verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Ok,
    Warn,
    Fail,
    /// Not applicable, or not reachable because an earlier step failed.
    Skip,
}

impl Verdict {
    fn mark(self) -> &'static str {
        match self {
            Verdict::Ok => "✓",
            Verdict::Warn => "!",
            Verdict::Fail => "✗",
            Verdict::Skip => "–",
        }
    }
}

/// One step of the diagnosis.
#[derive(Debug, Clone, Serialize)]
pub struct Step {
    pub name: &'static str,
    pub verdict: Verdict,
    pub detail: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
}

/// The whole diagnosis, in order.
#[derive(Debug, Default, Serialize)]
pub struct Report {
    pub server: String,
    /// This program's version and the platform, for bug reports.
    pub bridge_version: String,
    pub os: String,
    pub arch: String,
    pub steps: Vec<Step>,
}

impl Report {
    pub fn new(server: &str) -> Report {
        Report {
            server: server.into(),
            bridge_version: env!("CARGO_PKG_VERSION").into(),
            os: std::env::consts::OS.into(),
            arch: std::env::consts::ARCH.into(),
            steps: Vec::new(),
        }
    }

    pub fn ok(&mut self, name: &'static str, detail: impl Into<String>) {
        self.push(name, Verdict::Ok, detail.into(), None);
    }

    pub fn warn(&mut self, name: &'static str, detail: impl Into<String>, fix: impl Into<String>) {
        self.push(name, Verdict::Warn, detail.into(), Some(fix.into()));
    }

    pub fn fail(&mut self, name: &'static str, detail: impl Into<String>, fix: impl Into<String>) {
        self.push(name, Verdict::Fail, detail.into(), Some(fix.into()));
    }

    pub fn skip(&mut self, name: &'static str, detail: impl Into<String>) {
        self.push(name, Verdict::Skip, detail.into(), None);
    }

    fn push(&mut self, name: &'static str, verdict: Verdict, detail: String, fix: Option<String>) {
        self.steps.push(Step {
            name,
            verdict,
            detail,
            fix,
        });
    }

    /// No step failed.
    pub fn healthy(&self) -> bool {
        self.steps.iter().all(|s| s.verdict != Verdict::Fail)
    }

    /// The report for people: one line a step, the fix indented below a failure.
    pub fn render(&self, color: bool) -> String {
        let width = self.steps.iter().map(|s| s.name.len()).max().unwrap_or(0);
        let mut out = format!(
            "Checking {} (mcp-bridge {} on {}/{})\n",
            self.server, self.bridge_version, self.os, self.arch
        );
        for s in &self.steps {
            let mark = paint(s.verdict, color);
            out.push_str(&format!("{mark} {:width$}  {}\n", s.name, s.detail));
            if let Some(fix) = &s.fix {
                out.push_str(&format!("  {:width$}  fix: {fix}\n", ""));
            }
        }
        let failed = self
            .steps
            .iter()
            .filter(|s| s.verdict == Verdict::Fail)
            .count();
        out.push_str(&match failed {
            0 => "All checks passed.\n".to_owned(),
            1 => "1 check failed.\n".to_owned(),
            n => format!("{n} checks failed.\n"),
        });
        out
    }
}

fn paint(v: Verdict, color: bool) -> String {
    if !color {
        return v.mark().into();
    }
    let code = match v {
        Verdict::Ok => "32",
        Verdict::Warn => "33",
        Verdict::Fail => "31",
        Verdict::Skip => "2",
    };
    format!("\x1b[{code}m{}\x1b[0m", v.mark())
}

/// Colour on a terminal unless `NO_COLOR` is set to something (https://no-color.org).
pub fn use_color(is_terminal: bool, no_color: Option<&str>) -> bool {
    is_terminal && no_color.is_none_or(str::is_empty)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_marks_fixes_and_a_summary() {
        let mut r = Report::new("https://x.test/mcp");
        r.ok("DNS", "x.test → 127.0.0.1");
        r.fail("PKCE", "no S256", "use another server");
        r.skip("Tools", "not reached");
        let text = r.render(false);
        assert!(text.contains("✓ DNS"), "{text}");
        assert!(text.contains("✗ PKCE"), "{text}");
        assert!(text.contains("fix: use another server"), "{text}");
        assert!(text.contains("1 check failed."), "{text}");
        assert!(!text.contains('\x1b'));
        assert!(r.render(true).contains("\x1b[31m✗"));
        assert!(!r.healthy());
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(json["steps"][1]["verdict"], "fail");
    }
}
