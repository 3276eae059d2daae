//! `require`: at least one of `pattern` must occur, in the whole notice or
//! inside the section of `within` (the whole notice when that section is
//! missing: the section rule reports the heading itself).
//!
//! Example: HIPAA's toll-free number, `pattern = ['\\b8(?:00|33|44|55|66|77|88)…']`.

use super::shared::{list, missing_label, region_of};
use super::{BuildCx, CompileCx, Eval};
use crate::engine::EngineError;
use crate::error::SpannedError;

/// Keys a `require` rule takes.
pub const KEYS: &[&str] = &["pattern", "within"];

/// A validated `require` rule.
#[derive(Clone, Debug, PartialEq)]
pub struct Spec {
    /// Patterns; one must occur.
    pub patterns: Vec<String>,
    /// Restrict to a section.
    pub within: Option<String>,
}

pub(super) fn build(cx: &BuildCx<'_>) -> Result<Spec, SpannedError> {
    let within = cx.within()?;
    Ok(Spec {
        patterns: cx.patterns(&cx.need(&cx.def.pattern, "pattern")?, false),
        within,
    })
}

pub(super) fn describe(s: &Spec) -> String {
    format!(
        "At least one of these must occur{}:\n{}",
        s.within
            .as_ref()
            .map(|w| format!(" inside the section of `{w}`"))
            .unwrap_or_default(),
        list(&s.patterns)
    )
}

/// Pattern indexes and the section rule's index.
#[derive(Debug)]
pub(crate) struct Compiled {
    pats: Vec<usize>,
    within: Option<usize>,
}

pub(super) fn compile(s: &Spec, cx: &mut CompileCx<'_>) -> Result<Compiled, EngineError> {
    Ok(Compiled {
        pats: cx.body(&s.patterns),
        within: s.within.as_ref().map(|w| cx.rule_index(w)),
    })
}

pub(super) fn run(c: &Compiled, ev: &mut Eval<'_>) {
    let cx = ev.cx;
    let (region, anchor) = region_of(cx, c.within);
    if c.pats.iter().any(|&p| cx.any_in(p, region)) {
        return;
    }
    let label = missing_label(cx, ev.rule(), anchor);
    let d = ev.finding(ev.message(), label);
    ev.push(d);
}
