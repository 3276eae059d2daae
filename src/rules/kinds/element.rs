//! `element`: required content, given either as a heading matching one of
//! `heading` with text under it, or in prose, where at least `min-cues` of
//! the `cues` occur (inside the section of `within`, when it exists).
//!
//! Example: HIPAA's "what happened" is a "What Happened" heading, or a word
//! naming the incident plus a word saying what happened to the information.

use super::shared::{list, missing_label, region_of};
use super::{BuildCx, CompileCx, Eval};
use crate::diagnostic::Label;
use crate::engine::EngineError;
use crate::error::SpannedError;
use crate::rules::model::spanned_patterns;
use crate::span::Span;

/// Keys an `element` rule takes.
pub const KEYS: &[&str] = &["heading", "cues", "min-cues", "within", "only-if"];

/// A validated `element` rule.
#[derive(Clone, Debug, PartialEq)]
pub struct Spec {
    /// Heading patterns (anchored).
    pub headings: Vec<String>,
    /// Cue patterns searched in the body.
    pub cues: Vec<String>,
    /// How many distinct cues must match.
    pub min_cues: usize,
    /// Restrict cues to the section of this section rule.
    pub within: Option<String>,
    /// The rule is checked only when one of these patterns occurs where the
    /// cues are searched.
    pub only_if: Vec<String>,
}

pub(super) fn build(cx: &BuildCx<'_>) -> Result<Spec, SpannedError> {
    let def = cx.def;
    let within = cx.within()?;
    let headings = match &def.heading {
        Some(h) => cx.patterns(&spanned_patterns(h), true),
        None => Vec::new(),
    };
    let cues = match &def.cues {
        Some(c) => cx.patterns(&spanned_patterns(c), false),
        None => Vec::new(),
    };
    if headings.is_empty() && cues.is_empty() {
        return Err(cx.err(
            cx.id_span(),
            "an `element` rule needs `heading` or `cues` (or both)".into(),
        ));
    }
    let min_cues = def.min_cues.as_ref().map_or(1, |m| *m.get_ref());
    if let Some(m) = &def.min_cues {
        if min_cues == 0 || min_cues > cues.len() {
            return Err(cx
                .err(
                    m.span().into(),
                    format!(
                        "`min-cues = {min_cues}` but the rule has {} cues",
                        cues.len()
                    ),
                )
                .with_help("min-cues must be between 1 and the number of cues"));
        }
    }
    let only_if = match &def.only_if {
        Some(p) => cx.patterns(&spanned_patterns(p), false),
        None => Vec::new(),
    };
    Ok(Spec {
        headings,
        cues,
        min_cues,
        within,
        only_if,
    })
}

pub(super) fn describe(s: &Spec) -> String {
    let mut out = String::from("Required content, given either ");
    if !s.headings.is_empty() {
        out.push_str(&format!(
            "as a heading matching one of:\n{}\nor ",
            list(&s.headings)
        ));
    }
    out.push_str(&format!(
        "in the text, where at least {} of these must occur",
        s.min_cues
    ));
    if let Some(w) = &s.within {
        out.push_str(&format!(" (inside the section of `{w}`, when it exists)"));
    }
    out.push_str(&format!(":\n{}", list(&s.cues)));
    if !s.only_if.is_empty() {
        out.push_str(&format!(
            "\nChecked only when one of these occurs:\n{}",
            list(&s.only_if)
        ));
    }
    out
}

/// Pattern indexes and the section rule's index.
#[derive(Debug)]
pub(crate) struct Compiled {
    heads: Vec<usize>,
    cues: Vec<usize>,
    min_cues: usize,
    within: Option<usize>,
    only_if: Vec<usize>,
}

pub(super) fn compile(s: &Spec, cx: &mut CompileCx<'_>) -> Result<Compiled, EngineError> {
    let heads = cx.heads(&s.headings);
    cx.section_heads(&heads);
    Ok(Compiled {
        heads,
        cues: cx.body(&s.cues),
        min_cues: s.min_cues,
        within: s.within.as_ref().map(|w| cx.rule_index(w)),
        only_if: cx.body(&s.only_if),
    })
}

pub(super) fn run(c: &Compiled, ev: &mut Eval<'_>) {
    let cx = ev.cx;
    let (region, anchor) = region_of(cx, c.within);
    let because = if c.only_if.is_empty() {
        None
    } else {
        match c.only_if.iter().find_map(|&i| cx.hits_in(i, region).first().copied()) {
            Some(s) => Some(s),
            None => return,
        }
    };
    if let Some(h) = cx.heading_matching(&c.heads) {
        if cx.has_words(cx.headings[h].body) {
            return;
        }
    }
    // Stop at the `min_cues`-th cue found: most letters have the content,
    // and every cue not asked about is a pattern not run.
    let present = c.cues.iter().filter(|&&i| cx.any_in(i, region));
    if present.take(c.min_cues).count() >= c.min_cues {
        return;
    }
    let found: Vec<Span> = c
        .cues
        .iter()
        .filter_map(|&i| cx.hits_in(i, region).first().copied())
        .collect();
    let label = missing_label(cx, ev.rule(), anchor);
    let mut d = ev.finding(ev.message(), label);
    if c.min_cues > 1 {
        d = d.with_note(format!(
            "found {} of the {} distinct signs of this content that are required",
            found.len(),
            c.min_cues
        ));
        for s in found {
            d = d.with_secondary(Label::new(cx.doc.to_source(s), "found this"));
        }
    }
    if let Some(s) = because {
        d = d.with_secondary(Label::new(cx.doc.to_source(s), "this makes the rule apply"));
    }
    ev.push(d);
}
