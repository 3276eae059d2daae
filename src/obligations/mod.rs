//! Notification obligations of an incident: from the facts file and the
//! deadline rules of the rule sets that apply, every obligation with its
//! legal deadline, its status and its citation. `breachlint deadlines`
//! prints them, `--format ics` writes them as a calendar ([`ics`]) and the
//! html report draws them as a timeline ([`timeline`]).

pub mod ics;

use jiff::civil::Date;
use serde::Serialize;

use crate::calendar::calendar_days_between;
use crate::incident::{Incident, Origin, Sourced, Truth};
use crate::rules::kinds::deadline::deadline_status;
use crate::rules::model::WhenUnknown;
use crate::rules::{Check, DeadlineSpec, Rule, RuleSet};

/// One obligation and where it stands.
#[derive(Debug, Serialize)]
pub struct Obligation {
    /// What must be done ("Notice to individuals").
    pub obligation: String,
    /// Rule id.
    pub rule: String,
    /// Citation.
    pub cite: String,
    /// The last day that is on time, if it can be computed.
    pub deadline: Option<String>,
    /// `done`, `late`, `planned`, `due`, `overdue` or `unknown`.
    pub status: &'static str,
    /// The status in words.
    pub detail: String,
    /// The date it was (or is planned to be) met.
    pub done_on: Option<String>,
    /// Days left (negative when overdue).
    pub days_left: Option<i64>,
    /// The earliest deadline for notice to individuals, when several laws
    /// set one: the date that controls a single mailing.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub controlling: bool,
}

/// Works out every applicable deadline obligation for `incident`.
pub fn obligations(sets: &[RuleSet], incident: &Incident, today: Date) -> Vec<Obligation> {
    let mut out = Vec::new();
    // The version in force is chosen as `check` chooses it.
    let on = incident.version_date().unwrap_or(today);
    for set in sets {
        if set.applies_to(incident) == Truth::No {
            continue;
        }
        for rule in &set.rules {
            let Check::Deadline(spec) = &rule.check else {
                continue;
            };
            if !set.rule_in_force(rule, on) {
                continue;
            }
            out.extend(obligation(rule, spec, incident, today));
        }
    }
    out.sort_by(|a, b| {
        a.deadline
            .cmp(&b.deadline)
            .then_with(|| a.rule.cmp(&b.rule))
    });
    mark_controlling(&mut out);
    out
}

/// The obligation a deadline rule sets, or `None` when its condition
/// rules it out (or it is skipped while unknown).
fn obligation(
    rule: &Rule,
    spec: &DeadlineSpec,
    incident: &Incident,
    today: Date,
) -> Option<Obligation> {
    let mut row = Obligation {
        obligation: spec.obligation.clone(),
        rule: rule.info.id.clone(),
        cite: rule.info.cite.clone(),
        deadline: None,
        status: "unknown",
        detail: String::new(),
        done_on: None,
        days_left: None,
        controlling: false,
    };
    let to_individuals = spec.to == crate::rules::Event::Notice;
    if let Some(c) = &rule.when {
        match incident.eval(c) {
            Truth::No => return None,
            Truth::Unknown(_) if rule.when_unknown == WhenUnknown::Check => {}
            Truth::Unknown(_) if rule.when_unknown == WhenUnknown::Skip => return None,
            Truth::Unknown(missing) => {
                row.detail = format!("may apply; the facts do not give {missing}");
                return Some(row);
            }
            Truth::Yes => {}
        }
    }
    let st = deadline_status(spec, incident);
    let Some(deadline) = st.deadline else {
        row.detail = match (&st.from, spec.limit) {
            (Some(_), None) => {
                row.status = "no-fixed-deadline";
                "the law sets no number of days: without unreasonable delay".to_string()
            }
            _ => format!("no {} date in the facts file", spec.from.describe()),
        };
        return Some(row);
    };
    row.deadline = Some(deadline.to_string());
    record_progress(&mut row, deadline, st.done.as_ref(), today);
    if !st.notes.is_empty() {
        row.detail.push_str(&format!(" ({})", st.notes.join("; ")));
    }
    // Marked below when several individual deadlines compete.
    row.controlling = to_individuals;
    Some(row)
}

/// Sets `row`'s status and detail from when the obligation was (or is
/// planned to be) met, or from the days left until `deadline`.
fn record_progress(
    row: &mut Obligation,
    deadline: Date,
    done: Option<&Sourced<Date>>,
    today: Date,
) {
    match done {
        Some(done) => {
            let late = calendar_days_between(deadline, done.value);
            row.done_on = Some(done.value.to_string());
            let planned = done.value > today || matches!(done.origin, Origin::Today);
            (row.status, row.detail) = match (planned, late > 0) {
                (false, false) => ("done", format!("done on {}", done.value)),
                (false, true) => ("late", format!("done on {}, {late} days late", done.value)),
                (true, false) => (
                    "planned",
                    format!(
                        "planned for {}, {} days before the deadline",
                        done.value, -late
                    ),
                ),
                (true, true) => (
                    "late",
                    format!("planned for {}, {late} days after the deadline", done.value),
                ),
            };
        }
        None => {
            let left = calendar_days_between(today, deadline);
            row.days_left = Some(left);
            (row.status, row.detail) = if left < 0 {
                ("overdue", format!("overdue by {} days", -left))
            } else {
                ("due", format!("due in {left} days"))
            };
        }
    }
}

/// Marks the earliest deadline to individuals as controlling when several
/// laws set one; `out` is sorted by deadline.
fn mark_controlling(out: &mut [Obligation]) {
    // With one law's deadline to individuals there is nothing to choose
    // between; with several, the earliest controls a single mailing.
    let individual: Vec<usize> = (0..out.len())
        .filter(|&i| out[i].controlling && out[i].deadline.is_some())
        .collect();
    let first = individual
        .iter()
        .copied()
        .min_by_key(|&i| out[i].deadline.clone());
    let several = individual.len() > 1;
    for (i, row) in out.iter_mut().enumerate() {
        row.controlling = several && Some(i) == first;
        if row.controlling {
            row.detail
                .push_str("; the earliest deadline for notice to individuals, which controls");
        }
    }
}

/// The deadlines of one incident as the html report's timeline: the
/// obligations that have a deadline, earliest first, the first marked as
/// the one that controls.
pub fn timeline(
    facts: &crate::facts::Facts,
    sets: &[RuleSet],
    today: Date,
    notice_date: Option<Date>,
    relative: bool,
) -> crate::render::Timeline {
    let incident = Incident::from_facts(facts, today, notice_date);
    let rows = obligations(sets, &incident, today);
    let mut steps: Vec<crate::render::Step> = rows
        .into_iter()
        .filter_map(|r| {
            Some(crate::render::Step {
                deadline: r.deadline.as_deref()?.parse().ok()?,
                done_on: r.done_on.as_deref().and_then(|d| d.parse().ok()),
                obligation: r.obligation,
                rule: r.rule,
                status: r.status,
                controlling: false,
            })
        })
        .collect();
    steps.sort_by(|a, b| {
        a.deadline
            .cmp(&b.deadline)
            .then_with(|| a.rule.cmp(&b.rule))
    });
    if let Some(first) = steps.first_mut() {
        first.controlling = true;
    }
    crate::render::Timeline {
        facts: crate::source::display_path(facts.path()),
        discovery: facts.discovery(),
        today,
        steps,
        relative,
    }
}
