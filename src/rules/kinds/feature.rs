//! `feature`: each thing of kind `feature` that the notice's file records
//! beside its text is a finding: a tracked change or a comment left in a
//! Word file, a link in an HTML notice that leads nowhere, a mail-merge
//! field that was never merged. `{match}` in the message quotes the text
//! it concerns, `{detail}` describes it ("an insertion by J. Smith").
//!
//! Formats that cannot hold the feature (a plain-text notice has no tracked
//! changes) simply have none: the rule never fires on them.
//!
//! Example: `feature = "tracked-change"`.

use super::{BuildCx, CompileCx, Eval};
use crate::diagnostic::Label;
use crate::document::FeatureKind;
use crate::engine::EngineError;
use crate::error::SpannedError;

/// Keys a `feature` rule takes.
pub const KEYS: &[&str] = &["feature"];

/// A validated `feature` rule.
#[derive(Clone, Debug, PartialEq)]
pub struct Spec {
    /// What the rule reports.
    pub feature: FeatureKind,
}

pub(super) fn build(cx: &BuildCx<'_>) -> Result<Spec, SpannedError> {
    let Some(f) = &cx.def.feature else {
        return Err(cx
            .err(cx.id_span(), "a `feature` rule needs `feature`".into())
            .with_label("`feature` is missing for this rule")
            .with_help(format!("one of: {}", FeatureKind::NAMES.join(", "))));
    };
    let name = f.get_ref();
    match FeatureKind::parse(name) {
        Some(feature) => Ok(Spec { feature }),
        None => {
            let mut e = cx
                .err(f.span().into(), format!("`{name}` is not a feature breachlint reads"))
                .with_label("unknown feature")
                .with_help(format!("one of: {}", FeatureKind::NAMES.join(", ")));
            if let Some(near) =
                crate::error::did_you_mean(name, FeatureKind::NAMES.iter().copied())
            {
                e = e.with_help(format!("did you mean `{near}`?"));
            }
            Err(e)
        }
    }
}

pub(super) fn describe(s: &Spec) -> String {
    let what = match s.feature {
        FeatureKind::TrackedChange => {
            "Each tracked change (insertion, deletion, move or formatting change) left in a Word file is a finding."
        }
        FeatureKind::Comment => "Each reviewer's comment left in a Word file is a finding.",
        FeatureKind::DanglingLink => {
            "Each link of an HTML notice whose target is empty, `#`, an empty `mailto:` or `tel:`, or an anchor the page does not have is a finding."
        }
        FeatureKind::MergeField => {
            "Each mail-merge field (MERGEFIELD) left in a Word file is a finding: the letter was not merged."
        }
    };
    format!("{what}\nNotices in other formats have none, so the rule never fires on them.")
}

/// The feature to report.
#[derive(Debug)]
pub(crate) struct Compiled {
    feature: FeatureKind,
}

pub(super) fn compile(s: &Spec, _cx: &mut CompileCx<'_>) -> Result<Compiled, EngineError> {
    Ok(Compiled { feature: s.feature })
}

pub(super) fn run(c: &Compiled, ev: &mut Eval<'_>) {
    let doc = ev.cx.doc;
    for f in doc.layout.features.iter().filter(|f| f.kind == c.feature) {
        if ev.full() {
            ev.skip();
            continue;
        }
        let message = ev
            .message()
            .replace("{match}", &f.text)
            .replace("{detail}", &f.detail);
        let label = Label::new(f.span, super::shared::expected(ev.rule(), "found here"));
        let d = ev.finding(message, label);
        ev.push(d);
    }
}
