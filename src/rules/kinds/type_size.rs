//! `type-size`: the notice's text must be set in type of at least
//! `min-points` points (California Civ. Code 1798.82(d)(1): "no smaller
//! than 10-point type").
//!
//! Word files record each run's size (directly, through its paragraph or
//! character style, or the document's defaults); the smallest run under the
//! limit in each paragraph is a finding. Markdown, plain-text and HTML notices have no
//! type size of their own (it is set when they are printed or shown), so on
//! them the rule reports, as a note, that it cannot check.
//!
//! Example: `min-points = 10`.

use super::shared::{points, round};
use super::{BuildCx, CompileCx, Eval};
use crate::diagnostic::{Label, Severity};
use crate::engine::EngineError;
use crate::error::SpannedError;
use crate::span::Span;

/// Keys a `type-size` rule takes.
pub const KEYS: &[&str] = &["min-points"];

/// A validated `type-size` rule.
#[derive(Clone, Debug, PartialEq)]
pub struct Spec {
    /// The smallest size allowed, in points.
    pub min_points: f64,
}

pub(super) fn build(cx: &BuildCx<'_>) -> Result<Spec, SpannedError> {
    let Some(m) = &cx.def.min_points else {
        return Err(cx
            .err(cx.id_span(), "a `type-size` rule needs `min-points`".into())
            .with_label("`min-points` is missing for this rule"));
    };
    let v = *m.get_ref();
    if !(v.is_finite() && v > 0.0 && v <= 1000.0) {
        return Err(cx
            .err(m.span().into(), format!("`min-points = {v}` is not a type size"))
            .with_label("expected a number of points above 0, such as 10"));
    }
    Ok(Spec { min_points: v })
}

pub(super) fn describe(s: &Spec) -> String {
    format!(
        "The notice's text must be set in at least {} point type. Checked in Word files; Markdown, plain-text and HTML notices have no type size of their own, and get a note that the rule cannot check them.",
        points(s.min_points)
    )
}

/// The limit.
#[derive(Debug)]
pub(crate) struct Compiled {
    min_points: f64,
}

pub(super) fn compile(s: &Spec, _cx: &mut CompileCx<'_>) -> Result<Compiled, EngineError> {
    Ok(Compiled {
        min_points: s.min_points,
    })
}

pub(super) fn run(c: &Compiled, ev: &mut Eval<'_>) {
    let doc = ev.cx.doc;
    let Some(runs) = &doc.layout.type_sizes else {
        let mut d = ev.finding(
            format!(
                "cannot check the type size in this format: {} has no type size of its own",
                doc.format.a_notice()
            ),
            Label::new(
                Span::point(doc.content_start()),
                "type size unknown",
            ),
        )
        .with_note(format!(
            "the notice must be printed or shown in type of at least {} points",
            points(c.min_points)
        ));
        d.severity = Severity::Info;
        d.help = Some(
            "check the printed or published notice, or lint the Word file that is sent"
                .into(),
        );
        ev.push(d);
        return;
    };
    // One finding per line of the text view (a Word paragraph, or a line of
    // one after a manual break): the smallest run on it.
    let src = &doc.source;
    let mut last_line = usize::MAX;
    let mut pending: Option<(usize, f32, Span)> = None;
    let flush = |ev: &mut Eval<'_>, p: Option<(usize, f32, Span)>| {
        if let Some((_, size, span)) = p {
            if ev.full() {
                ev.skip();
                return;
            }
            let message = ev
                .message()
                .replace("{match}", &points(f64::from(size)))
                .replace("{size}", &points(f64::from(size)));
            let label = Label::new(
                span,
                format!("{} point type", points(round(f64::from(size)))),
            );
            let d = ev.finding(message, label);
            ev.push(d);
        }
    };
    for r in runs {
        if f64::from(r.points) + 1e-3 >= c.min_points || r.span.is_empty() {
            continue;
        }
        let line = src.line_index(r.span.start);
        if line != last_line {
            flush(ev, pending.take());
            last_line = line;
            pending = Some((line, r.points, r.span));
        } else if let Some(p) = &mut pending {
            if r.points < p.1 {
                p.1 = r.points;
            }
            p.2 = Span::new(p.2.start.min(r.span.start), p.2.end.max(r.span.end));
        }
    }
    flush(ev, pending.take());
}
