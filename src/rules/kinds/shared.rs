//! Helpers several kinds share: where a missing thing is reported, how
//! matched text is quoted, and how rules over the incident say that a fact
//! is unknown or where a date came from.

use jiff::civil::Date;

use crate::pattern::LazyRegex;

use super::{BuildCx, Check, CompileCx, Eval};
use crate::diagnostic::{Diagnostic, Label, MAX_SECONDARY, Severity, and_more};
use crate::engine::context::Context;
use crate::incident::{Incident, Origin, Sourced};
use crate::rules::Rule;
use crate::rules::model::spanned_patterns;
use crate::span::Span;

/// Longest quote of matched text in a message.
const MAX_QUOTE_CHARS: usize = 60;

/// The region a rule searches, and the heading that anchors it, if restricted
/// to a section. A missing section means the whole notice is searched: the
/// section rule reports the missing heading itself.
pub(super) fn region_of(cx: &Context<'_>, within: Option<usize>) -> (Span, Option<usize>) {
    match within.and_then(|w| cx.section_at[w]) {
        Some(h) => (cx.headings[h].body, Some(h)),
        None => (cx.everything(), None),
    }
}

/// The label for required content that is missing: on the heading of the
/// section that should hold it, or at the top of the notice.
pub(super) fn missing_label(cx: &Context<'_>, rule: &Rule, anchor: Option<usize>) -> Label {
    match anchor {
        Some(h) => Label::new(
            cx.headings[h].src,
            expected(rule, "not found in this section"),
        ),
        None => Label::new(
            Span::point(cx.doc.content_start()),
            expected(rule, "not found anywhere in this notice"),
        ),
    }
}

/// The rule's own label for the place where content is expected, or `default`.
pub(super) fn expected(rule: &Rule, default: &str) -> String {
    rule.expected.clone().unwrap_or_else(|| default.to_string())
}

/// Quotes matched text for a message, shortened and on one line.
pub(super) fn quote(text: &str) -> String {
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() > MAX_QUOTE_CHARS {
        let cut: String = one_line.chars().take(MAX_QUOTE_CHARS).collect();
        format!("{cut}…")
    } else {
        one_line
    }
}

/// Where a finding about the whole notice is anchored: the notice date if the
/// letter states one, else the start of the text.
pub(super) fn top(cx: &Context<'_>, incident: &Incident) -> Span {
    match incident.notice.as_ref().map(|n| &n.origin) {
        Some(Origin::Letter(s)) => *s,
        _ => Span::point(cx.doc.content_start()),
    }
}

/// The facts file's name for messages.
pub(super) fn facts_name(incident: &Incident) -> String {
    incident
        .facts_file
        .as_ref()
        .map(|f| f.name())
        .unwrap_or_else(|| "incident.toml".into())
}

/// A finding saying the rule could not be checked because `what` is unknown.
pub(super) fn unknown(ev: &Eval<'_>, what: String) -> Diagnostic {
    let rule = ev.rule();
    // A warning, since an unchecked requirement is not a met one; an
    // informational rule stays informational.
    let severity = rule.info.severity.min(Severity::Warning);
    crate::engine::finding(
        rule,
        severity,
        format!("cannot check {}: {what}", subject(rule)),
        Label::new(top(ev.cx, ev.incident), "not checked"),
    )
    .with_note("an unchecked requirement is not a met one")
}

fn subject(rule: &Rule) -> String {
    match &rule.check {
        Check::Deadline(d) => format!("the deadline for {}", lowercase_first(&d.obligation)),
        _ => format!("`{}`", rule.info.id),
    }
}

/// `s` with its first letter in lower case.
pub(super) fn lowercase_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// Labels where a date came from (the letter or the facts file) and adds a note.
pub(super) fn attach_origin(
    mut d: Diagnostic,
    incident: &Incident,
    what: &str,
    value: &Sourced<Date>,
) -> Diagnostic {
    let name = facts_name(incident);
    match (&value.origin, &incident.facts_file) {
        (Origin::Letter(span), _) => {
            d = d.with_secondary(Label::new(*span, format!("{what} date {}", value.value)));
        }
        (Origin::Facts(Some(span)), Some(file)) => {
            d = d.with_external(file, *span, format!("{what} date"));
        }
        _ => {}
    }
    d = d.with_note(format!(
        "{what} date {} {}",
        value.value,
        value.origin.describe(&name)
    ));
    if what == "discovery" && matches!(value.origin, Origin::Letter(_)) {
        let others = &incident.discovery_others;
        for o in others.iter().take(MAX_SECONDARY) {
            d = d.with_secondary(Label::new(o.span, format!("also a candidate: {}", o.date)));
        }
        if !others.is_empty() {
            let listed: Vec<String> = others
                .iter()
                .take(MAX_SECONDARY)
                .map(|o| format!("{} ({})", o.date, o.basis.describe()))
                .collect();
            d = d.with_note(format!(
                "counted from the first day the breach was known; the letter also gives {}",
                and_more(&listed, others.len())
            ));
        }
    }
    d
}

/// The `unless` patterns of a `forbid` or `require` rule, as written.
pub(super) fn unless_patterns(cx: &BuildCx<'_>) -> Vec<String> {
    cx.def
        .unless
        .as_ref()
        .map(|u| cx.patterns(&spanned_patterns(u), false))
        .unwrap_or_default()
}

/// `unless` patterns compiled, each on its own.
pub(super) fn compile_unless(unless: &[String], cx: &CompileCx<'_>) -> Vec<LazyRegex> {
    unless.iter().map(|u| cx.regex(u)).collect()
}

/// Whether a matched text is excused by one of the `unless` patterns.
pub(super) fn excused(unless: &[LazyRegex], text: &str) -> bool {
    unless.iter().any(|u| u.get().is_match(text))
}

/// How `explain` words the `unless` patterns; `what` says what they do to a match.
pub(super) fn describe_unless(unless: &[String], what: &str) -> String {
    match unless {
        [] => String::new(),
        [one] => format!("\nA match {what} when it also matches /{one}/."),
        many => format!(
            "\nA match {what} when it also matches one of:\n{}",
            list(many)
        ),
    }
}

/// Patterns one per line, for `explain`.
pub(super) fn list(v: &[String]) -> String {
    v.iter()
        .map(|p| format!("  /{p}/"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A type size as findings show it: `10` rather than `10.0`; `9.5` as is.
pub(super) fn points(p: f64) -> String {
    if p.fract() == 0.0 {
        format!("{}", p as i64)
    } else {
        format!("{p}")
    }
}

/// Rounds a type size to a tenth of a point, as sizes are shown.
pub(super) fn round(p: f64) -> f64 {
    (p * 10.0).round() / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::Basis;
    use crate::incident::OtherDiscovery;

    fn with_candidates(n: usize) -> Diagnostic {
        let day = |d: usize| Date::new(2026, 3, 1 + d as i8).unwrap();
        let incident = Incident {
            discovery_others: (0..n)
                .map(|i| OtherDiscovery {
                    date: day(i + 1),
                    basis: Basis::Determined,
                    span: Span::new(100 + 10 * i, 105 + 10 * i),
                })
                .collect(),
            ..Incident::default()
        };
        let first = Sourced {
            value: day(0),
            origin: Origin::Letter(Span::new(0, 5)),
        };
        let d = Diagnostic::new(
            "t/x",
            Severity::Error,
            "late",
            Label::new(Span::new(0, 1), "here"),
        );
        attach_origin(d, &incident, "discovery", &first)
    }

    /// Every other candidate date is labelled while there are few; past
    /// [`MAX_SECONDARY`] the note counts the rest.
    #[test]
    fn other_discovery_dates_are_listed_up_to_the_cap() {
        let few = with_candidates(2);
        // The discovery date itself, then the two others.
        assert_eq!(few.secondary.len(), 3);
        assert!(
            few.notes[1].ends_with("the letter also gives 2026-03-02 (a finding of the investigation), 2026-03-03 (a finding of the investigation)"),
            "{:?}",
            few.notes
        );
        let many = with_candidates(30);
        assert_eq!(many.secondary.len(), 1 + MAX_SECONDARY);
        assert!(
            many.notes[1].ends_with("2026-03-05 (a finding of the investigation) and 26 more"),
            "{:?}",
            many.notes
        );
    }
}
