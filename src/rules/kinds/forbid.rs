//! `forbid`: none of `pattern` may occur (in the whole notice or inside the
//! section of `within`); each occurrence is a finding, unless one of the
//! `unless` patterns matches the matched text. `{match}` in the message
//! quotes it.
//!
//! Example: hygiene's placeholders, `pattern = ['\\[(?:date|insert|name)\\]']`.

use regex::Regex;

use super::shared::{
    compile_unless, describe_unless, excused, expected, list, quote, region_of, unless_patterns,
};
use super::{BuildCx, CompileCx, Eval};
use crate::diagnostic::Label;
use crate::engine::EngineError;
use crate::error::SpannedError;
use crate::span::Span;

/// Keys a `forbid` rule takes.
pub const KEYS: &[&str] = &["pattern", "unless", "within"];

/// A validated `forbid` rule.
#[derive(Clone, Debug, PartialEq)]
pub struct Spec {
    /// Patterns; none may occur.
    pub patterns: Vec<String>,
    /// A match is excused when one of these matches the matched text.
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
    let mut out = format!(
        "None of these may occur{}; each occurrence is a finding:\n{}",
        s.within
            .as_ref()
            .map(|w| format!(" inside the section of `{w}`"))
            .unwrap_or_default(),
        list(&s.patterns)
    );
    out.push_str(&describe_unless(&s.unless, "is allowed"));
    out
}

/// Pattern indexes, the excuse compiled, and the section rule's index.
#[derive(Debug)]
pub(crate) struct Compiled {
    pats: Vec<usize>,
    unless: Vec<Regex>,
    within: Option<usize>,
}

pub(super) fn compile(s: &Spec, cx: &mut CompileCx<'_>) -> Result<Compiled, EngineError> {
    Ok(Compiled {
        pats: cx.body(&s.patterns),
        unless: compile_unless(&s.unless, cx)?,
        within: s.within.as_ref().map(|w| cx.rule_index(w)),
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
        last_end = s.end;
        let message = ev.message().replace("{match}", &quote(text));
        let label = Label::new(cx.doc.to_source(s), expected(ev.rule(), "found here"));
        let d = ev.finding(message, label);
        ev.out.push(d);
    }
}
