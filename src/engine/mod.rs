//! The lint engine: every loaded rule compiled once into shared regex sets,
//! then applied to a [`Document`] in one scan of its text.
//!
//! Two [`RegexSet`]s hold all patterns of all loaded rule sets: one for body
//! patterns (cues, required and forbidden text), matched once against the
//! document's plain text, and one for anchored heading and title patterns,
//! matched against each heading. Only patterns the set reports as matching
//! are run again to find their positions.

use std::collections::{BTreeMap, HashMap};

use regex::{Regex, RegexSet};

use crate::diagnostic::{Diagnostic, Label, Severity};
use crate::document::Document;
use crate::report::RuleInfo;
use crate::rules::{Check, Rule, RuleSet};

mod context;
mod evaluate;

use context::Context;

/// Per-rule severity settings from configuration: a new severity, or `None` for off.
pub type Overrides = HashMap<String, Option<Severity>>;

/// A pattern list compiled into the engine: indexes into one of the sets.
type Pats = Vec<usize>;

#[derive(Debug)]
enum Compiled {
    Title { heads: Pats },
    Section { heads: Pats, min_words: Option<usize> },
    Element { heads: Pats, cues: Pats, min_cues: usize, within: Option<usize> },
    Order { sections: Vec<usize> },
    Require { pats: Pats, within: Option<usize> },
    Forbid { pats: Pats, unless: Option<Regex>, within: Option<usize> },
    /// Rules over incident facts (deadlines, counts, dates, reports).
    Facts,
}

#[derive(Debug)]
struct CompiledRule {
    rule: Rule,
    /// Effective severity; `None` when configured off.
    severity: Option<Severity>,
    check: Compiled,
}

/// All loaded rule sets, compiled.
#[derive(Debug)]
pub struct Engine {
    rulesets: Vec<RuleSet>,
    rules: Vec<CompiledRule>,
    body_set: RegexSet,
    body: Vec<Regex>,
    head_set: RegexSet,
    /// Heading pattern indexes used by section and element rules, for locating the title.
    section_heads: Vec<usize>,
}

/// An error building the engine (two rule sets define the same rule id, or
/// the combined patterns are too large).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct EngineError(pub String);

fn wrap(pattern: &str, case_sensitive: bool, anchored: bool) -> String {
    let flag = if case_sensitive { "-i" } else { "i" };
    if anchored {
        format!("^(?{flag}:{pattern})$")
    } else {
        format!("(?{flag}:{pattern})")
    }
}

/// Pattern interning: identical patterns across rules share one slot.
#[derive(Default)]
struct Interner {
    patterns: Vec<String>,
    index: HashMap<String, usize>,
}

impl Interner {
    fn add(&mut self, p: String) -> usize {
        if let Some(&i) = self.index.get(&p) {
            return i;
        }
        self.patterns.push(p.clone());
        self.index.insert(p, self.patterns.len() - 1);
        self.patterns.len() - 1
    }
}

impl Engine {
    /// Compiles `rulesets`, applying severity `overrides` (unknown ids are ignored here;
    /// configuration loading reports them).
    pub fn new(rulesets: Vec<RuleSet>, overrides: &Overrides) -> Result<Engine, EngineError> {
        let mut body = Interner::default();
        let mut heads = Interner::default();
        let mut ids: HashMap<String, usize> = HashMap::new();
        for (i, r) in rulesets.iter().flat_map(|s| &s.rules).enumerate() {
            if ids.insert(r.info.id.clone(), i).is_some() {
                return Err(EngineError(format!(
                    "rule `{}` is defined by two loaded rule sets; load only one of them",
                    r.info.id
                )));
            }
        }
        let mut rules = Vec::new();
        let mut section_heads = Vec::new();
        for rule in rulesets.iter().flat_map(|s| &s.rules) {
            let cs = rule.case_sensitive;
            let mut add_heads = |v: &[String]| -> Pats { v.iter().map(|p| heads.add(wrap(p, cs, true))).collect() };
            let check = match &rule.check {
                Check::Title { patterns } => Compiled::Title { heads: add_heads(patterns) },
                Check::Section { headings, min_words } => {
                    let h = add_heads(headings);
                    section_heads.extend(&h);
                    Compiled::Section { heads: h, min_words: *min_words }
                }
                Check::Element { headings, cues, min_cues, within } => {
                    let h = add_heads(headings);
                    section_heads.extend(&h);
                    Compiled::Element {
                        heads: h,
                        cues: cues.iter().map(|p| body.add(wrap(p, cs, false))).collect(),
                        min_cues: *min_cues,
                        within: within.as_ref().map(|w| ids[w]),
                    }
                }
                Check::Order { sections } => Compiled::Order {
                    sections: sections.iter().map(|s| ids[s]).collect(),
                },
                Check::Require { patterns, within } => Compiled::Require {
                    pats: patterns.iter().map(|p| body.add(wrap(p, cs, false))).collect(),
                    within: within.as_ref().map(|w| ids[w]),
                },
                Check::Deadline(_) | Check::Count { .. } | Check::DateMatch { .. } | Check::ReportMatch { .. } => Compiled::Facts,
                Check::Forbid { patterns, unless, within } => Compiled::Forbid {
                    pats: patterns.iter().map(|p| body.add(wrap(p, cs, false))).collect(),
                    unless: match unless {
                        Some(u) => Some(Regex::new(&wrap(u, cs, false)).map_err(|e| EngineError(e.to_string()))?),
                        None => None,
                    },
                    within: within.as_ref().map(|w| ids[w]),
                },
            };
            let severity = match overrides.get(&rule.info.id) {
                Some(o) => *o,
                None => Some(rule.info.severity),
            };
            rules.push(CompiledRule { rule: rule.clone(), severity, check });
        }
        let build_set = |v: &[String]| {
            RegexSet::new(v).map_err(|e| EngineError(format!("the loaded rule sets' patterns could not be combined: {e}")))
        };
        let build_each = |v: &[String]| -> Result<Vec<Regex>, EngineError> {
            v.iter().map(|p| Regex::new(p).map_err(|e| EngineError(e.to_string()))).collect()
        };
        section_heads.sort_unstable();
        section_heads.dedup();
        Ok(Engine {
            body_set: build_set(&body.patterns)?,
            body: build_each(&body.patterns)?,
            head_set: build_set(&heads.patterns)?,
            rules,
            rulesets,
            section_heads,
        })
    }

    /// The loaded rule sets.
    pub fn rulesets(&self) -> &[RuleSet] {
        &self.rulesets
    }

    /// Metadata of every loaded rule, by id.
    pub fn rule_infos(&self) -> BTreeMap<String, RuleInfo> {
        self.rules.iter().map(|r| (r.rule.info.id.clone(), r.rule.info.clone())).collect()
    }

    /// Ids of all loaded rules.
    pub fn rule_ids(&self) -> impl Iterator<Item = &str> {
        self.rules.iter().map(|r| r.rule.info.id.as_str())
    }

    /// Lints one document. Findings are sorted by position, then rule id.
    pub fn lint(&self, doc: &Document) -> Vec<Diagnostic> {
        self.lint_only(doc, None)
    }

    /// Lints one document with only the rule `only` (used by rule tests); other
    /// rules still locate sections.
    pub fn lint_only(&self, doc: &Document, only: Option<&str>) -> Vec<Diagnostic> {
        let cx = Context::new(self, doc);
        let mut out = Vec::new();
        for (i, r) in self.rules.iter().enumerate() {
            if only.is_some_and(|o| o != r.rule.info.id) {
                continue;
            }
            let severity = match (only, r.severity) {
                (Some(_), _) => r.rule.info.severity,
                (None, Some(s)) => s,
                (None, None) => continue,
            };
            evaluate::rule(self, &cx, i, severity, &mut out);
        }
        out.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        out.dedup();
        out
    }
}

/// Builds a finding of `rule` at a source span, with its citation and help.
fn finding(rule: &Rule, severity: Severity, message: String, primary: Label) -> Diagnostic {
    let mut d = Diagnostic::new(rule.info.id.clone(), severity, message, primary)
        .with_cite(rule.info.cite.clone())
        .with_help(rule.info.help.clone());
    if !rule.info.verified {
        d = d.with_note("this rule rests on secondary or unverified sources; have counsel confirm it applies");
    }
    d
}


