//! The report of `ocpi check`: a table of checks for people, JSON and JUnit XML for CI.

use serde::Serialize;

/// The outcome of one check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// The partner does what the spec says.
    Pass,
    /// The partner breaks a rule.
    Fail,
    /// Allowed, but worth fixing (or a tolerated deviation).
    Warn,
    /// Could not be checked (not published, or an earlier failure prevents it).
    Skipped,
}

impl Status {
    fn label(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "FAIL",
            Status::Warn => "warn",
            Status::Skipped => "skipped",
        }
    }
}

/// One check and its outcome.
#[derive(Debug, Clone, Serialize)]
pub struct Check {
    /// A stable id (`locations.pagination`).
    pub id: String,
    /// What is checked.
    pub title: String,
    /// The outcome.
    pub status: Status,
    /// The spec section of the rule.
    pub spec: String,
    /// What was seen, for a failure, a warning or a skip (at most a few lines).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<String>,
}

/// The most evidence lines kept per check.
pub const MAX_EVIDENCE: usize = 8;

impl Check {
    /// A check with its outcome decided by its problems: none is a pass.
    pub fn from_problems(
        id: &str,
        title: &str,
        spec: String,
        fail: Vec<String>,
        warn: Vec<String>,
    ) -> Check {
        let (status, mut evidence) = if !fail.is_empty() {
            (Status::Fail, fail)
        } else if !warn.is_empty() {
            (Status::Warn, warn)
        } else {
            (Status::Pass, Vec::new())
        };
        let more = evidence.len().saturating_sub(MAX_EVIDENCE);
        evidence.truncate(MAX_EVIDENCE);
        if more > 0 {
            evidence.push(format!("… and {more} more"));
        }
        Check {
            id: id.to_owned(),
            title: title.to_owned(),
            status,
            spec,
            evidence,
        }
    }

    /// A check that could not run.
    pub fn skipped(id: &str, title: &str, spec: String, why: impl Into<String>) -> Check {
        Check {
            id: id.to_owned(),
            title: title.to_owned(),
            status: Status::Skipped,
            spec,
            evidence: vec![why.into()],
        }
    }
}

/// Counts per status.
pub fn counts(checks: &[Check]) -> [(Status, usize); 4] {
    [Status::Pass, Status::Fail, Status::Warn, Status::Skipped]
        .map(|s| (s, checks.iter().filter(|c| c.status == s).count()))
}

/// The table for people.
pub fn table(target: &str, checks: &[Check]) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let _ = writeln!(out, "ocpi check {target}");
    let width = checks.iter().map(|c| c.id.len()).max().unwrap_or(10).max(5);
    let _ = writeln!(out, "{:<7}  {:<width$}  check", "status", "id");
    for c in checks {
        let _ = writeln!(
            out,
            "{:<7}  {:<width$}  {}  [{}]",
            c.status.label(),
            c.id,
            c.title,
            c.spec
        );
        if c.status != Status::Pass {
            for e in &c.evidence {
                let _ = writeln!(out, "{:<7}  {:<width$}    - {e}", "", "");
            }
        }
    }
    let summary: Vec<String> = counts(checks)
        .iter()
        .map(|(s, n)| format!("{n} {}", s.label().to_ascii_lowercase()))
        .collect();
    let _ = writeln!(out, "{}", summary.join(", "));
    out
}

/// The JSON report.
pub fn json(target: &str, version: Option<&str>, checks: &[Check]) -> String {
    let c = counts(checks);
    let doc = serde_json::json!({
        "target": target,
        "version": version,
        "passed": c[0].1,
        "failed": c[1].1,
        "warnings": c[2].1,
        "skipped": c[3].1,
        "checks": checks,
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}

fn xml(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .map(|c| match c {
            '&' => "&amp;".to_owned(),
            '<' => "&lt;".to_owned(),
            '>' => "&gt;".to_owned(),
            '"' => "&quot;".to_owned(),
            '\'' => "&apos;".to_owned(),
            c => c.to_string(),
        })
        .collect()
}

/// JUnit XML: one test case per check; a failure is a `<failure>`, a skip a `<skipped>`, a
/// warning passes with its evidence in `<system-out>`.
pub fn junit(target: &str, checks: &[Check]) -> String {
    use std::fmt::Write;
    let c = counts(checks);
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites><testsuite name=\"ocpi check {}\" tests=\"{}\" failures=\"{}\" skipped=\"{}\">",
        xml(target),
        checks.len(),
        c[1].1,
        c[3].1
    );
    for check in checks {
        let (class, name) = check.id.split_once('.').unwrap_or(("ocpi", &check.id));
        let _ = write!(
            out,
            "  <testcase classname=\"{}\" name=\"{} — {}\">",
            xml(class),
            xml(name),
            xml(&check.title)
        );
        let evidence = xml(&check.evidence.join("\n"));
        match check.status {
            Status::Fail => {
                let _ = write!(
                    out,
                    "<failure message=\"{}\">{evidence}</failure>",
                    xml(&check.spec)
                );
            }
            Status::Skipped => {
                let _ = write!(out, "<skipped message=\"{evidence}\"/>");
            }
            Status::Warn => {
                let _ = write!(
                    out,
                    "<system-out>warning ({}): {evidence}</system-out>",
                    xml(&check.spec)
                );
            }
            Status::Pass => {}
        }
        out.push_str("</testcase>\n");
    }
    out.push_str("</testsuite></testsuites>\n");
    out
}
