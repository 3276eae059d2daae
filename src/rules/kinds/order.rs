//! `order`: the headings of the `section` rules named in `sections` must
//! come in that order. Each heading that comes before one listed ahead of
//! it is a finding; missing sections are the section rules' own findings.
//!
//! Example: California's five headings, "What Happened" first.

use super::{BuildCx, CompileCx, Eval};
use crate::diagnostic::Label;
use crate::engine::EngineError;
use crate::error::{SpannedError, did_you_mean};

/// Keys an `order` rule takes.
pub const KEYS: &[&str] = &["sections"];

/// A validated `order` rule.
#[derive(Clone, Debug, PartialEq)]
pub struct Spec {
    /// Section rule ids, in order.
    pub sections: Vec<String>,
}

pub(super) fn build(cx: &BuildCx<'_>) -> Result<Spec, SpannedError> {
    let Some(sections) = &cx.def.sections else {
        return Err(cx.err(cx.id_span(), "an `order` rule needs `sections`".into()));
    };
    for s in sections {
        if !cx.section_ids.iter().any(|x| x == s.get_ref()) {
            let mut e = cx
                .err(
                    s.span().into(),
                    format!("`{}` is not a `section` rule of this rule set", s.get_ref()),
                )
                .with_label("unknown section rule");
            if let Some(near) = did_you_mean(s.get_ref(), cx.section_ids.iter().map(String::as_str))
            {
                e = e.with_help(format!("did you mean `{near}`?"));
            }
            return Err(e);
        }
    }
    if sections.len() < 2 {
        return Err(cx.err(
            cx.def.kind.span().into(),
            "an `order` rule needs at least two sections".into(),
        ));
    }
    Ok(Spec {
        sections: sections.iter().map(|s| s.get_ref().clone()).collect(),
    })
}

pub(super) fn describe(s: &Spec) -> String {
    format!(
        "These sections must appear in this order:\n{}",
        s.sections
            .iter()
            .map(|s| format!("  {s}"))
            .collect::<Vec<_>>()
            .join("\n")
    )
}

/// The section rules' indexes, in order.
#[derive(Debug)]
pub(crate) struct Compiled {
    /// Read by `section` to place a missing heading.
    pub(crate) sections: Vec<usize>,
}

pub(super) fn compile(s: &Spec, cx: &mut CompileCx<'_>) -> Result<Compiled, EngineError> {
    Ok(Compiled {
        sections: s.sections.iter().map(|id| cx.rule_index(id)).collect(),
    })
}

pub(super) fn run(c: &Compiled, ev: &mut Eval<'_>) {
    let cx = ev.cx;
    let placed: Vec<(usize, usize)> = c
        .sections
        .iter()
        .filter_map(|&s| cx.section_at[s].map(|h| (s, h)))
        .collect();
    for (j, &(_, hj)) in placed.iter().enumerate() {
        // The first earlier-listed section that appears after this one.
        if let Some(&(_, hi)) = placed[..j]
            .iter()
            .find(|&&(_, hi)| cx.headings[hi].plain.start > cx.headings[hj].plain.start)
        {
            let d = ev
                .finding(
                    ev.message(),
                    Label::new(
                        cx.headings[hj].src,
                        format!("this heading should come after `{}`", cx.heading_text(hi)),
                    ),
                )
                .with_secondary(Label::new(cx.headings[hi].src, "which appears later, here"));
            ev.push(d);
        }
    }
}
