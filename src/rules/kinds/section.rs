//! `section`: a heading matching one of `heading` must exist, optionally
//! with at least `min-words` words under it.
//!
//! Headings are compared lower-case, without numbering, markup or final
//! punctuation. A missing heading is reported where it belongs: after the
//! section that precedes it in the rule set's `order` rule, or before the
//! one that follows it.
//!
//! Example: `heading = ['what happened']` (California 1798.82(d)(1)).

use super::shared::expected;
use super::{BuildCx, CompileCx, Compiled as KindCompiled, Eval};
use crate::diagnostic::Label;
use crate::engine::context::Context;
use crate::engine::{Engine, EngineError};
use crate::error::SpannedError;
use crate::span::Span;

/// Keys a `section` rule takes.
pub const KEYS: &[&str] = &["heading", "min-words"];

/// A validated `section` rule.
#[derive(Clone, Debug, PartialEq)]
pub struct Spec {
    /// Heading patterns (anchored).
    pub headings: Vec<String>,
    /// Minimum number of words in the section body.
    pub min_words: Option<usize>,
}

pub(super) fn build(cx: &BuildCx<'_>) -> Result<Spec, SpannedError> {
    Ok(Spec {
        headings: cx.patterns(&cx.need(&cx.def.heading, "heading")?, true),
        min_words: cx.def.min_words.as_ref().map(|m| *m.get_ref()),
    })
}

pub(super) fn describe(s: &Spec) -> String {
    let mut out = format!(
        "A heading matching one of these must exist (heading text is compared lower-case, without numbering or final punctuation):\n{}",
        super::shared::list(&s.headings)
    );
    if let Some(n) = s.min_words {
        out.push_str(&format!("\nIts section must have at least {n} words."));
    }
    out
}

/// Indexes of the heading patterns in the heading set.
#[derive(Debug)]
pub(crate) struct Compiled {
    /// Heading pattern indexes; the engine's context finds the section by them.
    pub(crate) heads: Vec<usize>,
    min_words: Option<usize>,
}

pub(super) fn compile(s: &Spec, cx: &mut CompileCx<'_>) -> Result<Compiled, EngineError> {
    let heads = cx.heads(&s.headings);
    cx.section_heads(&heads);
    Ok(Compiled {
        heads,
        min_words: s.min_words,
    })
}

pub(super) fn run(c: &Compiled, ev: &mut Eval<'_>) {
    let cx = ev.cx;
    match cx.section_at[ev.index] {
        None => {
            let label = Label::new(
                missing_section_place(ev.engine, cx, ev.index),
                expected(ev.rule(), "a heading belongs here"),
            );
            let d = ev.finding(ev.message(), label);
            ev.push(d);
        }
        Some(h) => {
            let Some(min) = c.min_words else { return };
            let words = cx.words_up_to(cx.headings[h].body, min);
            if words < min {
                let d = ev.finding(
                    format!(
                        "{}: the section has {words} word{} of text",
                        ev.message(),
                        if words == 1 { "" } else { "s" }
                    ),
                    Label::new(
                        cx.headings[h].src,
                        format!("this section needs at least {min} words"),
                    ),
                );
                ev.push(d);
            }
        }
    }
}

/// Where a missing section's heading belongs: after the section that
/// precedes it in the rule set's order, or before the one that follows it.
fn missing_section_place(engine: &Engine, cx: &Context<'_>, index: usize) -> Span {
    let order = engine.rules.iter().find_map(|r| match &r.check {
        KindCompiled::Order(o) if o.sections.contains(&index) => Some(&o.sections),
        _ => None,
    });
    if let Some(sections) = order {
        let pos = sections.iter().position(|&s| s == index).unwrap_or(0);
        if let Some(h) = sections[..pos].iter().rev().find_map(|&s| cx.section_at[s]) {
            let body_end = cx.headings[h].body.end;
            return match cx.headings.iter().find(|x| x.plain.start >= body_end) {
                Some(next) => Span::point(next.src.start),
                None => Span::point(cx.doc.to_source(Span::point(cx.doc.plain.len())).start),
            };
        }
        if let Some(h) = sections[pos + 1..].iter().find_map(|&s| cx.section_at[s]) {
            return Span::point(cx.headings[h].src.start);
        }
    }
    Span::point(cx.doc.content_start())
}

