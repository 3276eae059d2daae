//! `forbid`: none of `pattern` may occur (in the whole notice or inside the
//! section of `within`); each occurrence is a finding, unless one of the
//! `unless` patterns matches the matched text. With `at-section-end`, only
//! an occurrence that nothing follows before the next heading counts (a
//! list lead-in with no list). `{match}` in the message quotes it. With
//! `feature`, each such feature of the file (see the `feature` kind) is a
//! finding too: an HTML link that leads nowhere is the web form of a
//! sentence whose address dropped out.
//!
//! Example: hygiene's placeholders, `pattern = ['\\[(?:date|insert|name)\\]']`.

use crate::pattern::LazyRegex;

use super::shared::{
    compile_unless, describe_unless, excused, expected, list, quote, region_of, unless_patterns,
};
use super::{BuildCx, CompileCx, Eval};
use crate::diagnostic::Label;
use crate::engine::EngineError;
use crate::error::SpannedError;
use crate::span::Span;

/// Keys a `forbid` rule takes.
pub const KEYS: &[&str] = &["pattern", "unless", "within", "at-section-end", "feature"];

/// A validated `forbid` rule.
#[derive(Clone, Debug, PartialEq)]
pub struct Spec {
    /// Patterns; none may occur.
    pub patterns: Vec<String>,
    /// A match is excused when one of these matches the matched text.
    pub unless: Vec<String>,
    /// Restrict to a section.
    pub within: Option<String>,
    /// Only matches that end their section count.
    pub at_section_end: bool,
    /// Features of the file that count as occurrences too.
    pub feature: Option<crate::document::FeatureKind>,
}

pub(super) fn build(cx: &BuildCx<'_>) -> Result<Spec, SpannedError> {
    let within = cx.within()?;
    Ok(Spec {
        patterns: cx.patterns(&cx.need(&cx.def.pattern, "pattern")?, false),
        unless: unless_patterns(cx),
        within,
        at_section_end: cx
            .def
            .at_section_end
            .as_ref()
            .is_some_and(|v| *v.get_ref()),
        feature: match &cx.def.feature {
            Some(_) => Some(super::feature::build(cx)?.feature),
            None => None,
        },
    })
}

pub(super) fn describe(s: &Spec) -> String {
    let mut out = format!(
        "None of these may occur{}; each occurrence is a finding:\n{}",
        s.within
            .as_ref()
            .map(|w| format!(" inside the section of `{w}`"))
            .unwrap_or_default(),
        list(&s.patterns)
    );
    if s.at_section_end {
        out.push_str(
            "\nA match counts only when nothing follows it before the next heading or the end of the notice.",
        );
    }
    out.push_str(&describe_unless(&s.unless, "is allowed"));
    if let Some(f) = s.feature {
        out.push_str(&format!(
            "\nEach {} the file records is a finding too (HTML, Word).",
            f.as_str()
        ));
    }
    out
}

/// Pattern indexes, the excuse compiled, and the section rule's index.
#[derive(Debug)]
pub(crate) struct Compiled {
    pats: Vec<usize>,
    unless: Vec<LazyRegex>,
    within: Option<usize>,
    at_section_end: bool,
    feature: Option<crate::document::FeatureKind>,
}

pub(super) fn compile(s: &Spec, cx: &mut CompileCx<'_>) -> Result<Compiled, EngineError> {
    Ok(Compiled {
        pats: cx.body(&s.patterns),
        unless: compile_unless(&s.unless, cx),
        within: s.within.as_ref().map(|w| cx.rule_index(w)),
        at_section_end: s.at_section_end,
        feature: s.feature,
    })
}

pub(super) fn run(c: &Compiled, ev: &mut Eval<'_>) {
    let cx = ev.cx;
    let (region, _) = region_of(cx, c.within);
    let mut spans: Vec<Span> = c.pats.iter().flat_map(|&p| cx.hits_in(p, region)).collect();
    spans.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    let mut last_end = 0;
    for s in spans {
        // Overlapping matches of one rule are one finding.
        if s.start < last_end {
            continue;
        }
        let text = &cx.doc.plain[s.range()];
        if excused(&c.unless, text) {
            continue;
        }
        if c.at_section_end && !cx.doc.plain[s.end..cx.section_end_after(s)].trim().is_empty()
        {
            continue;
        }
        last_end = s.end;
        if ev.full() {
            ev.skip();
            continue;
        }
        let message = ev.message().replace("{match}", &quote(text));
        let label = Label::new(cx.doc.to_source(s), expected(ev.rule(), "found here"));
        let d = ev.finding(message, label);
        ev.push(d);
    }
    let Some(kind) = c.feature else {
        return;
    };
    for f in cx.doc.layout.features.iter().filter(|f| f.kind == kind) {
        if ev.full() {
            ev.skip();
            continue;
        }
        let message = ev.message().replace("{match}", &f.text);
        let label = Label::new(f.span, expected(ev.rule(), "found here"));
        let d = ev.finding(message, label).with_note(f.detail.clone());
        ev.push(d);
    }
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
id = "demo/lead-in"
kind = "forbid"
severity = "error"
message = "“{match}” leads nowhere"
cite = "c"
why = "w"
help = "h"
at-section-end = true
pattern = '\b(?:are|is|was):'
unless = ['^is', '^was']
"#;

    /// Lines of the rule's findings on `text`.
    fn lines(text: &str, format: DocFormat) -> Vec<usize> {
        let set = RuleSet::parse(
            Origin::File("demo.toml".into()),
            Path::new("demo.toml"),
            RULES,
        )
        .expect("demo rules");
        let engine = Engine::new(vec![set], &Overrides::default()).expect("engine");
        let src = Arc::new(SourceFile::new("n", text));
        let doc = Document::parse(src.clone(), format);
        engine
            .lint(&doc, &Incident::default())
            .iter()
            .filter(|d| d.rule == "demo/lead-in")
            .map(|d| src.line_index(d.primary.span.start) + 1)
            .collect()
    }

    #[test]
    fn only_matches_that_end_their_section_count() {
        let text = "## Offices\n\nOur offices are:\n\n- Springfield\n\n## Help\n\nThe lines are:\n\n## More\n\nText.\n";
        assert_eq!(lines(text, DocFormat::Markdown), [9]);
        assert_eq!(lines("The lines are:\n", DocFormat::Text), [1]);
        assert!(lines("The lines are: 1 and 2.\n", DocFormat::Text).is_empty());
    }

    #[test]
    fn sub_headings_continue_the_section() {
        let text = "## Steps\n\nThe steps are:\n\n### Call us\n\nText.\n\n## More\n\nText.\n";
        assert!(lines(text, DocFormat::Markdown).is_empty());
        // Before the first heading, only the end of the notice ends it.
        let text = "What this letter covers are:\n\n## What Happened\n\nText.\n";
        assert!(lines(text, DocFormat::Markdown).is_empty());
        assert_eq!(lines("Intro.\n\nThe lines are:\n", DocFormat::Markdown), [3]);
    }

    #[test]
    fn short_lines_without_text_between_them_are_a_list() {
        let text = "What Was Involved\nThe items are:\nName\nAddress\n\nPayment Cards\nWe keep none.\n";
        assert!(lines(text, DocFormat::Text).is_empty());
        // A heading with text of its own ends the section.
        let text = "What Was Involved\nThe items are:\nPayment Cards\nWe keep none.\n";
        assert_eq!(lines(text, DocFormat::Text), [2]);
    }

    #[test]
    fn every_unless_pattern_excuses() {
        assert!(lines("The line is:\n", DocFormat::Text).is_empty());
        assert!(lines("The line was:\n", DocFormat::Text).is_empty());
        assert_eq!(lines("The lines are:\n", DocFormat::Text), [1]);
    }
}
