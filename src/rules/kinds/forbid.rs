//! `forbid`: none of `pattern` may occur (in the whole notice or inside the
//! section of `within`); each occurrence is a finding, unless `unless`
//! matches the matched text. `{match}` in the message quotes it.
//!
//! Example: hygiene's placeholders, `pattern = ['\\[(?:date|insert|name)\\]']`.

use regex::Regex;

use super::shared::{expected, list, quote, region_of};
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
    /// A match is excused when this matches the matched text.
    pub unless: Option<String>,
    /// Restrict to a section.
    pub within: Option<String>,
}

pub(super) fn build(cx: &BuildCx<'_>) -> Result<Spec, SpannedError> {
    let within = cx.within()?;
    Ok(Spec {
        patterns: cx.patterns(&cx.need(&cx.def.pattern, "pattern")?, false),
        unless: cx
            .def
            .unless
            .as_ref()
            .and_then(|u| cx.patterns(std::slice::from_ref(u), false).pop()),
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
    if let Some(u) = &s.unless {
        out.push_str(&format!("\nA match is allowed when it also matches /{u}/."));
    }
    out
}

/// Pattern indexes, the excuse compiled, and the section rule's index.
#[derive(Debug)]
pub(crate) struct Compiled {
    pats: Vec<usize>,
    unless: Option<Regex>,
    within: Option<usize>,
}

pub(super) fn compile(s: &Spec, cx: &mut CompileCx<'_>) -> Result<Compiled, EngineError> {
    Ok(Compiled {
        pats: cx.body(&s.patterns),
        unless: s.unless.as_deref().map(|u| cx.regex(u)).transpose()?,
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
        if c.unless.as_ref().is_some_and(|u| u.is_match(text)) {
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
}
