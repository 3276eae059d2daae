//! `date-match`: the dates the letter gives for the roles in `roles`
//! (`discovery`, `breach`) must equal the facts file's (a breach date may
//! fall anywhere in the facts' breach period).
//!
//! Example: the letter says "we learned of the error on October 9" and the facts say 2015-10-08.

use jiff::civil::Date;

use super::shared::facts_name;
use super::{BuildCx, CompileCx, Eval};
use crate::diagnostic::Label;
use crate::engine::EngineError;
use crate::error::SpannedError;
use crate::incident::Origin;

/// Keys a `date-match` rule takes.
pub const KEYS: &[&str] = &["roles"];

/// A validated `date-match` rule.
#[derive(Clone, Debug, PartialEq)]
pub struct Spec {
    /// Roles compared: `discovery`, `breach`.
    pub roles: Vec<String>,
}

pub(super) fn build(cx: &BuildCx<'_>) -> Result<Spec, SpannedError> {
    let roles: Vec<String> = match &cx.def.roles {
        None => vec!["discovery".into(), "breach".into()],
        Some(r) => {
            for role in r {
                if !matches!(role.get_ref().as_str(), "discovery" | "breach") {
                    return Err(cx.err(
                        role.span().into(),
                        format!("unknown role `{}`", role.get_ref()),
                    )
                    .with_help("roles: discovery, breach"));
                }
            }
            r.iter().map(|x| x.get_ref().clone()).collect()
        }
    };
    Ok(Spec { roles })
}

pub(super) fn describe(s: &Spec) -> String {
    format!(
        "Dates the letter gives for: {} must equal the facts file's.",
        s.roles.join(", ")
    )
}

/// Nothing to compile: the rule reads the incident.
#[derive(Debug)]
pub(crate) struct Compiled(Spec);

pub(super) fn compile(s: &Spec, _: &mut CompileCx<'_>) -> Result<Compiled, EngineError> {
    Ok(Compiled(s.clone()))
}

pub(super) fn run(c: &Compiled, ev: &mut Eval<'_>) {
    let roles = &c.0.roles;
    let incident = ev.incident;
    let name = facts_name(incident);
    for ld in &incident.letter_dates {
        let (role, facts_range): (&str, Option<(Date, Date, Origin)>) = match ld.role {
            "discovery" => (
                "discovery",
                incident
                    .discovery
                    .as_ref()
                    .map(|d| (d.value, d.value, d.origin.clone())),
            ),
            "breach" | "breach-start" | "breach-end" => (
                "breach",
                match (&incident.breach_start, &incident.breach_end) {
                    (Some(s), Some(e)) => Some((s.value, e.value, s.origin.clone())),
                    (Some(s), None) => Some((s.value, s.value, s.origin.clone())),
                    (None, Some(e)) => Some((e.value, e.value, e.origin.clone())),
                    (None, None) => None,
                },
            ),
            _ => continue,
        };
        if !roles.iter().any(|r| r == role) {
            continue;
        }
        let Some((start, end, Origin::Facts(span))) = facts_range else {
            continue;
        };
        if ld.date >= start && ld.date <= end {
            continue;
        }
        let facts_text = if start == end {
            start.to_string()
        } else {
            format!("{start} to {end}")
        };
        let mut d = ev.finding(
            format!(
                "the letter gives {} as the {role} date, but {name} says {facts_text}",
                ld.date
            ),
            Label::new(ld.span, format!("{role} date in the letter")),
        );
        if let (Some(file), Some(span)) = (&incident.facts_file, span) {
            d = d.with_external(file, span, format!("{role} date in the facts"));
        }
        ev.push(d);
    }
}

