//! `require`: at least one of `pattern` must occur, in the whole notice or
//! inside the section of `within` (the whole notice when that section is
//! missing: the section rule reports the heading itself). A match that one
//! of the `unless` patterns also matches does not count.
//!
//! Example: HIPAA's toll-free number, `pattern = ['\\b8(?:00|33|44|55|66|77|88)…']`,
//! with the numbers of credit bureaus and agencies in `unless`: they are
//! toll-free, but not the organisation's own line.

use crate::pattern::LazyRegex;

use super::shared::{
    compile_unless, describe_unless, excused, list, missing_label, region_of, unless_patterns,
};
use super::{BuildCx, CompileCx, Eval};
use crate::engine::EngineError;
use crate::error::SpannedError;

/// Keys a `require` rule takes.
pub const KEYS: &[&str] = &["pattern", "unless", "within"];

/// A validated `require` rule.
#[derive(Clone, Debug, PartialEq)]
pub struct Spec {
    /// Patterns; one must occur.
    pub patterns: Vec<String>,
    /// A match does not count when one of these matches the matched text.
    pub unless: Vec<String>,
    /// Restrict to a section.
    pub within: Option<String>,
}

pub(super) fn build(cx: &BuildCx<'_>) -> Result<Spec, SpannedError> {
    let within = cx.within()?;
    Ok(Spec {
        patterns: cx.patterns(&cx.need(&cx.def.pattern, "pattern")?, false),
        unless: unless_patterns(cx),
        within,
    })
}

pub(super) fn describe(s: &Spec) -> String {
    format!(
        "At least one of these must occur{}:\n{}{}",
        s.within
            .as_ref()
            .map(|w| format!(" inside the section of `{w}`"))
            .unwrap_or_default(),
        list(&s.patterns),
        describe_unless(&s.unless, "does not count")
    )
}

/// Pattern indexes, the exclusions compiled, and the section rule's index.
#[derive(Debug)]
pub(crate) struct Compiled {
    pats: Vec<usize>,
    unless: Vec<LazyRegex>,
    within: Option<usize>,
}

pub(super) fn compile(s: &Spec, cx: &mut CompileCx<'_>) -> Result<Compiled, EngineError> {
    Ok(Compiled {
        pats: cx.body(&s.patterns),
        unless: compile_unless(&s.unless, cx),
        within: s.within.as_ref().map(|w| cx.rule_index(w)),
    })
}

pub(super) fn run(c: &Compiled, ev: &mut Eval<'_>) {
    let cx = ev.cx;
    let (region, anchor) = region_of(cx, c.within);
    let met = |p: usize| {
        if c.unless.is_empty() {
            cx.any_in(p, region)
        } else {
            cx.hits_in(p, region)
                .into_iter()
                .any(|s| !excused(&c.unless, &cx.doc.plain[s.range()]))
        }
    };
    if c.pats.iter().any(|&p| met(p)) {
        return;
    }
    let label = missing_label(cx, ev.rule(), anchor);
    let d = ev.finding(ev.message(), label);
    ev.push(d);
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::sync::Arc;

    use crate::document::{DocFormat, Document};
    use crate::engine::{Engine, Overrides};
    use crate::incident::Incident;
    use crate::rules::{Origin, RuleSet};
    use crate::source::SourceFile;

    const RULES: &str = r#"
[ruleset]
id = "demo"
title = "Demo"
citation = "Demo Act"
version = "1"
verified = true

[[rule]]
id = "demo/toll-free"
kind = "require"
severity = "warning"
message = "no toll-free number of our own"
cite = "c"
why = "w"
help = "h"
pattern = '\b8(?:00|77|88)\D?\d{3}\D?\d{4}\b'
unless = [
  '877\D?322\D?8228',
  '888\D?397\D?3742',
]
"#;

    fn fires(text: &str) -> bool {
        let set = RuleSet::parse(
            Origin::File("demo.toml".into()),
            Path::new("demo.toml"),
            RULES,
        )
        .expect("demo rules");
        let engine = Engine::new(vec![set], &Overrides::default()).expect("engine");
        let doc = Document::parse(Arc::new(SourceFile::new("n.txt", text)), DocFormat::Text);
        engine
            .lint(&doc, &Incident::default())
            .iter()
            .any(|d| d.rule == "demo/toll-free")
    }

    #[test]
    fn excluded_matches_do_not_count() {
        assert!(fires("Order your report at 877-322-8228.\n"));
        assert!(fires(
            "Order your report at 877-322-8228 or call Experian at 888.397.3742.\n"
        ));
    }

    #[test]
    fn one_match_that_is_not_excluded_is_enough() {
        assert!(!fires(
            "Order your report at 877-322-8228. Our help line is 888-555-0199.\n"
        ));
        assert!(!fires("Our help line is 800-555-0100.\n"));
    }

    #[test]
    fn explain_lists_the_exclusions() {
        let set = RuleSet::parse(
            Origin::File("demo.toml".into()),
            Path::new("demo.toml"),
            RULES,
        )
        .expect("demo rules");
        let text = set.rules[0].check.describe();
        assert!(text.contains("does not count"), "{text}");
        assert!(text.contains("/877\\D?322\\D?8228/"), "{text}");
    }
}
