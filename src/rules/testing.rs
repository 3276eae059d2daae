//! Running the inline tests (`[[rule.test]]`) written inside rule sets, so
//! rule-set authors can test their rules without Rust. Used by
//! `breachlint verify` and by the crate's own test suite.

use std::path::Path;
use std::sync::Arc;

use crate::document::{DocFormat, Document};
use crate::engine::{Engine, Overrides};
use crate::error::Error;
use crate::rules::RuleSet;
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
    /// Findings of the rule on the snippet (messages).
    pub findings: Vec<String>,
    /// Problems with the test itself (e.g. an unknown format).
    pub problem: Option<String>,
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
            let format = match t.format.as_deref() {
                None => Some(DocFormat::Markdown),
                Some(f) => DocFormat::from_name(f),
            };
            let mut outcome = TestOutcome {
                rule: rule.info.id.clone(),
                number: k + 1,
                name: t.name.clone(),
                expected: t.fires,
                findings: Vec::new(),
                problem: None,
            };
            match format {
                None => {
                    outcome.problem = Some(format!(
                        "unknown format `{}` (use markdown or text)",
                        t.format.as_deref().unwrap_or("")
                    ))
                }
                Some(format) => {
                    let name = format!("{}#{}", rule.info.id, k + 1);
                    let facts = match &t.facts {
                        None => None,
                        Some(text) => match crate::facts::parse(
                            Path::new(&format!("{name}.facts.toml")),
                            text,
                        ) {
                            Ok(f) => Some(f),
                            Err(e) => {
                                outcome.problem =
                                    Some(format!("its facts do not parse: {}", e.message));
                                None
                            }
                        },
                    };
                    let today = t
                        .today
                        .as_ref()
                        .and_then(|d| d.date)
                        .and_then(|d| {
                            jiff::civil::Date::new(d.year as i16, d.month as i8, d.day as i8).ok()
                        })
                        .or_else(|| facts.as_ref().and_then(|f| f.notice_date()))
                        .unwrap_or_else(|| jiff::civil::date(2026, 1, 1));
                    let src = Arc::new(SourceFile::new(name, t.text.clone()));
                    let doc = Document::parse(src, format);
                    let extracted = crate::extract::extract(&doc.plain);
                    let incident = crate::incident::Incident::build(crate::incident::Inputs {
                        doc: &doc,
                        extracted: &extracted,
                        facts: facts.as_ref(),
                        today,
                        notice_override: None,
                    });
                    outcome.findings = engine
                        .lint_only(&doc, &incident, Some(&rule.info.id))
                        .into_iter()
                        .map(|d| d.message)
                        .collect();
                }
            }
            out.push(outcome);
        }
        let fires = rule.tests.iter().any(|t| t.fires);
        let quiet = rule.tests.iter().any(|t| !t.fires);
        if !fires || !quiet {
            out.push(TestOutcome {
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
            });
        }
    }
    Ok(out)
}
