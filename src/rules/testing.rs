//! Running the inline tests (`[[rule.test]]`) written inside rule sets, so
//! rule-set authors can test their rules without Rust. Used by
//! `breachlint verify` and by the crate's own test suite.

use std::path::Path;
use std::sync::Arc;

use crate::document::{DocFormat, Document};
use crate::engine::{Engine, Overrides};
use crate::error::Error;
use crate::rules::model::RuleTest;
use crate::rules::{Rule, RuleSet};
use crate::source::SourceFile;

/// The outcome of one inline test.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestOutcome {
    /// Rule id.
    pub rule: String,
    /// 1-based number of the test within its rule.
    pub number: usize,
    /// The test's name, if it has one.
    pub name: Option<String>,
    /// Whether the rule was expected to fire.
    pub expected: bool,
    /// Findings of the rule on the snippet.
    pub findings: Vec<TestFinding>,
    /// Problems with the test itself (e.g. an unknown format).
    pub problem: Option<String>,
    /// The day the test was run as of: its `today`, else its facts' notice
    /// date, else 2026-01-01 (never the real clock). `None` when the test
    /// could not run.
    pub today: Option<jiff::civil::Date>,
}

/// One finding of a rule on a test's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestFinding {
    /// 1-based line of the finding's primary label in the test's text.
    pub line: usize,
    /// 1-based column (characters).
    pub column: usize,
    /// The message.
    pub message: String,
}

impl std::fmt::Display for TestFinding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

impl TestOutcome {
    /// Whether the test passed.
    pub fn passed(&self) -> bool {
        self.problem.is_none() && self.expected != self.findings.is_empty()
    }
}

/// Runs every inline test of `set`. Also reports rules that lack a firing
/// or a non-firing test as problems.
pub fn run_tests(set: &RuleSet) -> Result<Vec<TestOutcome>, Error> {
    let engine =
        Engine::new(vec![set.clone()], &Overrides::new()).map_err(|e| Error::Usage(e.0))?;
    let mut out = Vec::new();
    for rule in &set.rules {
        for (k, t) in rule.tests.iter().enumerate() {
            out.push(run_test(&engine, rule, k + 1, t));
        }
        out.extend(coverage_problem(rule));
    }
    Ok(out)
}

/// The outcome of `rule`'s test number `number`, `t`.
fn run_test(engine: &Engine, rule: &Rule, number: usize, t: &RuleTest) -> TestOutcome {
    let format = match t.format.as_deref() {
        None => Some(DocFormat::Markdown),
        Some(f) => DocFormat::from_name(f),
    };
    let mut outcome = TestOutcome {
        rule: rule.info.id.clone(),
        number,
        name: t.name.clone(),
        expected: t.fires,
        findings: Vec::new(),
        problem: None,
        today: None,
    };
    let Some(format) = format else {
        outcome.problem = Some(format!(
            "unknown format `{}` (use markdown, text, html or docx)",
            t.format.as_deref().unwrap_or("")
        ));
        return outcome;
    };
    let name = format!("{}#{}", rule.info.id, number);
    let facts = match &t.facts {
        None => None,
        Some(text) => match crate::facts::parse(Path::new(&format!("{name}.facts.toml")), text) {
            Ok(f) => Some(f),
            Err(e) => {
                outcome.problem = Some(format!("its facts do not parse: {}", e.message));
                None
            }
        },
    };
    let today = t
        .today
        .as_ref()
        .and_then(|d| d.date)
        .and_then(|d| jiff::civil::Date::new(d.year as i16, d.month as i8, d.day as i8).ok())
        .or_else(|| facts.as_ref().and_then(|f| f.notice_date()))
        .unwrap_or_else(|| jiff::civil::date(2026, 1, 1));
    outcome.today = Some(today);
    let doc = if format == DocFormat::Docx {
        match crate::document::docx::from_body_xml(Path::new(&name), &t.text) {
            Ok(doc) => doc,
            Err(e) => {
                outcome.problem = Some(format!("its Word XML does not read: {}", e.message));
                return outcome;
            }
        }
    } else {
        Document::parse(Arc::new(SourceFile::new(name, t.text.clone())), format)
    };
    let src = doc.source.clone();
    let extracted = crate::extract::extract(&doc.plain);
    let mut incident = crate::incident::Incident::build(crate::incident::Inputs {
        doc: &doc,
        extracted: &extracted,
        facts: facts.as_ref(),
        today,
        notice_override: None,
    });
    if let Some(role) = t.role {
        incident.document_role = Some(role);
    }
    outcome.findings = engine
        .lint_only(&doc, &incident, Some(&rule.info.id))
        .into_iter()
        .map(|d| {
            let at = src.line_col(d.primary.span.start);
            TestFinding {
                line: at.line,
                column: at.column,
                message: d.message,
            }
        })
        .collect();
    if outcome.problem.is_none() {
        outcome.problem = pin_problem(t, &outcome.findings);
    }
    outcome
}

/// A problem outcome when `rule` lacks a test that fires or one that does not.
fn coverage_problem(rule: &Rule) -> Option<TestOutcome> {
    let fires = rule.tests.iter().any(|t| t.fires);
    let quiet = rule.tests.iter().any(|t| !t.fires);
    if fires && quiet {
        return None;
    }
    Some(TestOutcome {
        rule: rule.info.id.clone(),
        number: 0,
        name: None,
        expected: true,
        findings: Vec::new(),
        problem: Some(format!(
            "the rule needs at least one test that fires and one that does not (missing: {})",
            match (fires, quiet) {
                (false, false) => "both",
                (false, true) => "a firing test",
                _ => "a non-firing test",
            }
        )),
        today: None,
    })
}

/// Checks a firing test's `line` and `message`: some finding must be at
/// that line and say exactly that.
fn pin_problem(t: &crate::rules::model::RuleTest, findings: &[TestFinding]) -> Option<String> {
    if t.line.is_none() && t.message.is_none() {
        return None;
    }
    if !t.fires {
        return Some("`line` and `message` pin a finding, so they need `fires = true`".into());
    }
    let fits = |f: &&TestFinding| {
        t.line.is_none_or(|l| f.line == l) && t.message.as_ref().is_none_or(|m| &f.message == m)
    };
    if findings.iter().any(|f| fits(&f)) || findings.is_empty() {
        return None;
    }
    let mut want = Vec::new();
    if let Some(l) = t.line {
        want.push(format!("at line {l}"));
    }
    if let Some(m) = &t.message {
        want.push(format!("saying \"{m}\""));
    }
    Some(format!(
        "expected a finding {}; got {}",
        want.join(" "),
        findings
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("; ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Origin;

    fn outcomes(test: &str) -> Vec<TestOutcome> {
        let text = format!(
            r#"[ruleset]
id = "demo"
title = "Demo"
citation = "Demo Act"
version = "1"
verified = true

[[rule]]
id = "demo/draft"
kind = "forbid"
severity = "error"
message = "drafting note “{{match}}”"
cite = "c"
why = "w"
help = "h"
pattern = '\bTODO\b'

  [[rule.test]]
  fires = false
  text = "Done."

  [[rule.test]]
  fires = true
  text = "Line one.\nTODO: add the date.\n"
{test}
"#
        );
        let set = RuleSet::parse(
            Origin::File("demo.toml".into()),
            Path::new("demo.toml"),
            &text,
        )
        .expect("demo rules");
        run_tests(&set).expect("runs")
    }

    #[test]
    fn pinned_line_and_message_must_match_a_finding() {
        let ok = outcomes("  line = 2\n  message = \"drafting note “TODO”\"");
        assert!(ok.iter().all(TestOutcome::passed), "{ok:?}");
        assert_eq!(ok[1].findings[0].to_string(), "2:1: drafting note “TODO”");

        let wrong_line = outcomes("  line = 1");
        let problem = wrong_line[1].problem.as_deref().expect("a problem");
        assert!(problem.contains("at line 1"), "{problem}");
        assert!(!wrong_line[1].passed());

        let wrong_words = outcomes("  message = \"a note\"");
        assert!(!wrong_words[1].passed());
    }
}
