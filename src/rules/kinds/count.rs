//! `count`: every count of affected people in the letter must agree with
//! the others, with `affected` in the facts file and with each filed
//! report. Approximate wording ("about", "more than", "up to") may differ by
//! up to `tolerance` (a fraction).
//!
//! Example: the letter's "approximately 100 members" against 1,000 reported to HHS.

use super::shared::{facts_name, top};
use super::{BuildCx, CompileCx, Eval};
use crate::diagnostic::Label;
use crate::engine::EngineError;
use crate::error::SpannedError;
use crate::facts::FiledReport;
use crate::extract::{Bound, group_thousands};
use crate::incident::{LetterCount, Origin};
use crate::span::Span;

/// Most of the letter's other counts marked on a finding. A letter states a
/// few; a label for every one made a finding as large as the letter.
const MAX_OTHER_COUNTS: usize = 20;

/// Keys a `count` rule takes.
pub const KEYS: &[&str] = &["tolerance"];

/// A validated `count` rule.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Spec {
    /// Relative tolerance for approximate wording.
    pub tolerance: f64,
}

pub(super) fn build(cx: &BuildCx<'_>) -> Result<Spec, SpannedError> {
    let tolerance = cx.def.tolerance.unwrap_or(0.0);
    if !(0.0..=1.0).contains(&tolerance) {
        return Err(cx.err(
            cx.id_span(),
            format!(
                "`tolerance = {tolerance}` must be between 0 and 1 (a fraction, e.g. 0.1 for 10%)"
            ),
        ));
    }
    Ok(Spec { tolerance })
}

pub(super) fn describe(s: &Spec) -> String {
    format!(
        "Every count of affected people in the letter must agree with the others, with `affected` in the facts file and with each filed report. Approximate wording (\"about\", \"approximately\", \"more than\") may differ by up to {:.0}%.",
        s.tolerance * 100.0
    )
}

/// Nothing to compile: the rule reads the incident.
#[derive(Debug)]
pub(crate) struct Compiled(Spec);

pub(super) fn compile(s: &Spec, _: &mut CompileCx<'_>) -> Result<Compiled, EngineError> {
    Ok(Compiled(*s))
}

pub(super) fn run(c: &Compiled, ev: &mut Eval<'_>) {
    let tolerance = c.0.tolerance;
    let (cx, incident) = (ev.cx, ev.incident);
    let name = facts_name(incident);
    let facts_total = incident
        .affected
        .as_ref()
        .filter(|a| matches!(a.origin, Origin::Facts(_)));
    let reports: Vec<&FiledReport> = incident
        .reports
        .iter()
        .filter(|r| r.affected.is_some())
        .collect();
    // Letters name subgroups too ("10 of them had card numbers exposed"), so
    // only the largest count is taken as the letter's figure for everyone.
    let largest = incident.letter_counts.iter().max_by_key(|c| c.value);
    for c in largest.into_iter() {
        let mut conflicts: Vec<String> = Vec::new();
        let mut d_labels: Vec<(Option<Span>, String)> = Vec::new();
        if let Some(t) = facts_total {
            if !agrees(c, t.value, tolerance) {
                conflicts.push(format!("{name} says {}", group_thousands(t.value)));
                if let Origin::Facts(span) = t.origin {
                    d_labels.push((span, format!("affected = {}", t.value)));
                }
            }
        }
        for r in &reports {
            let n = r.affected().unwrap_or(0);
            if !agrees(c, n, tolerance) {
                conflicts.push(format!("{} says {}", r.describe(), group_thousands(n)));
                d_labels.push((
                    r.affected.map(|a| a.span),
                    format!("{} says {}", r.describe(), group_thousands(n)),
                ));
            }
        }
        if conflicts.is_empty() {
            continue;
        }
        let mut d = ev.finding(
            format!(
                "the letter says {} were affected, but {}",
                c.says(),
                conflicts.join(" and ")
            ),
            Label::new(c.span, "this count"),
        );
        if let Some(file) = &incident.facts_file {
            for (span, msg) in d_labels {
                if let Some(span) = span {
                    d = d.with_external(file, span, msg);
                }
            }
        }
        let mut unmarked = 0;
        for other in incident.letter_counts.iter().filter(|o| o.span != c.span) {
            if d.secondary.len() == MAX_OTHER_COUNTS {
                unmarked += 1;
                continue;
            }
            d = d.with_secondary(Label::new(
                other.span,
                format!("the letter also says {}", other.says()),
            ));
        }
        if unmarked > 0 {
            d = d.with_note(format!(
                "the letter gives {unmarked} more count{} of people, not marked here",
                if unmarked == 1 { "" } else { "s" }
            ));
        }
        if c.approximate {
            d = d.with_note(format!(
                "approximate wording allows a difference of up to {:.0}%",
                tolerance * 100.0
            ));
        }
        ev.push(d);
    }
    // The facts file against its own reports.
    if let (Some(t), Some(file)) = (facts_total, &incident.facts_file) {
        for r in &reports {
            let n = r.affected().unwrap_or(0);
            if n != t.value && incident.letter_counts.is_empty() {
                let mut d = ev.finding(
                    format!(
                        "{name} gives {} affected, but {} says {}",
                        group_thousands(t.value),
                        r.describe(),
                        group_thousands(n)
                    ),
                    Label::new(top(cx, incident), "the notice's facts disagree"),
                );
                if let Origin::Facts(Some(s)) = t.origin {
                    d = d.with_external(file, s, "affected");
                }
                if let Some(s) = r.affected.map(|a| a.span) {
                    d = d.with_external(file, s, "the report's count");
                }
                ev.push(d);
            }
        }
    }
}

/// Whether a letter's count agrees with an exact figure.
fn agrees(c: &LetterCount, actual: u64, tolerance: f64) -> bool {
    let a = c.value as f64;
    let b = actual as f64;
    match c.bound() {
        Bound::Exact => c.value == actual,
        Bound::AtLeast => b >= a && b <= a * (1.0 + tolerance),
        Bound::AtMost => b <= a && b >= a * (1.0 - tolerance),
        Bound::About => (a - b).abs() <= tolerance * a.max(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn approximate_counts() {
        let c = |v: u64, q: Option<&str>| LetterCount {
            value: v,
            approximate: q.is_some(),
            qualifier: q.map(str::to_string),
            noun: "members".into(),
            span: Span::default(),
        };
        assert!(agrees(&c(1000, None), 1000, 0.1));
        assert!(!agrees(&c(1000, None), 1001, 0.1));
        assert!(agrees(&c(1000, Some("approximately")), 1080, 0.1));
        assert!(!agrees(&c(100, Some("approximately")), 1000, 0.1));
        assert!(agrees(&c(1000, Some("more than")), 1050, 0.1));
        assert!(!agrees(&c(1000, Some("more than")), 1200, 0.1));
        assert!(!agrees(&c(1000, Some("more than")), 900, 0.1));
        assert!(agrees(&c(1000, Some("up to")), 950, 0.1));
    }
}
