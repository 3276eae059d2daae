//! `heading-style`: the notice's title and headings must stand out from its
//! text: set in larger type than the body text, or in type as large and
//! bold (California Civ. Code 1798.82(d)(1): the title and headings "shall
//! be clearly and conspicuously displayed").
//!
//! The body text's size is the size most of the text outside headings is
//! set in. Only Word files record type; on Markdown, plain-text and HTML
//! notices the rule reports once, as a note, that it cannot check.
//!
//! The rule takes no keys of its own.

use super::shared::{points, round};
use super::{BuildCx, CompileCx, Eval};
use crate::diagnostic::{Label, Severity};
use crate::document::{HeadingKind, TypeRun};
use crate::engine::EngineError;
use crate::error::SpannedError;
use crate::span::Span;

/// Keys a `heading-style` rule takes.
pub const KEYS: &[&str] = &[];

/// A validated `heading-style` rule.
#[derive(Clone, Debug, PartialEq)]
pub struct Spec;

pub(super) fn build(_cx: &BuildCx<'_>) -> Result<Spec, SpannedError> {
    Ok(Spec)
}

pub(super) fn describe(_: &Spec) -> String {
    "The title and every heading must be set in larger type than the body text, or in type as large and bold. Checked in Word files; Markdown, plain-text and HTML notices have no type of their own, and get a note that the rule cannot check them.".into()
}

/// Nothing to compile.
#[derive(Debug)]
pub(crate) struct Compiled;

pub(super) fn compile(_: &Spec, _cx: &mut CompileCx<'_>) -> Result<Compiled, EngineError> {
    Ok(Compiled)
}


pub(super) fn run(_: &Compiled, ev: &mut Eval<'_>) {
    let doc = ev.cx.doc;
    let Some(runs) = &doc.layout.type_sizes else {
        let mut d = ev.finding(
            format!(
                "cannot check how the headings are displayed in this format: {} has no type of its own",
                doc.format.a_notice()
            ),
            Label::new(Span::point(doc.content_start()), "type unknown"),
        );
        d.severity = Severity::Info;
        d.help = Some(
            "check that the printed or published notice sets its title and headings larger or bolder than its text"
                .into(),
        );
        ev.push(d);
        return;
    };
    let headings: Vec<&crate::document::Heading> = doc
        .headings
        .iter()
        .filter(|h| matches!(h.kind, HeadingKind::Markup | HeadingKind::Emphasis))
        .collect();
    let in_heading = |r: &TypeRun| headings.iter().any(|h| h.span.overlaps(r.span) && !r.span.is_empty());
    // The body size: the size most of the text outside headings is set in.
    let mut by_size: Vec<(f32, usize)> = Vec::new();
    for r in runs.iter().filter(|r| !in_heading(r)) {
        match by_size.iter_mut().find(|(p, _)| (*p - r.points).abs() < 0.01) {
            Some((_, n)) => *n += r.span.len(),
            None => by_size.push((r.points, r.span.len())),
        }
    }
    let Some(&(body, _)) = by_size.iter().max_by_key(|(_, n)| *n) else {
        return;
    };
    for h in headings {
        let mine: Vec<&TypeRun> = runs
            .iter()
            .filter(|r| h.span.overlaps(r.span) && !r.span.is_empty())
            .collect();
        let Some(size) = mine.iter().map(|r| r.points).reduce(f32::min) else {
            continue;
        };
        let bold = mine.iter().all(|r| r.bold);
        if size > body + 0.01 || (size + 0.01 >= body && bold) {
            continue;
        }
        if ev.full() {
            ev.skip();
            continue;
        }
        let how = if bold {
            format!("{}-point bold type, smaller than the {}-point text", points(round(f64::from(size))), points(round(f64::from(body))))
        } else if (size - body).abs() < 0.01 {
            format!("{}-point type without bold, like the text", points(round(f64::from(size))))
        } else {
            format!("{}-point type without bold, smaller than the {}-point text", points(round(f64::from(size))), points(round(f64::from(body))))
        };
        let words = &doc.plain[h.plain.range()];
        let message = ev
            .message()
            .replace("{match}", &super::shared::quote(words))
            .replace("{detail}", &how);
        let label = Label::new(h.span, super::shared::expected(ev.rule(), "this heading"));
        let d = ev.finding(message, label);
        ev.push(d);
    }
}
