//! `breachlint rules --markdown`: one table of every rule set, written from
//! the rule sets themselves (docs/jurisdictions.md is this output, so the
//! page cannot drift from the rules).

use crate::rules::model::DeadlineUnit;
use crate::rules::{Check, Event, RuleKind, RuleSet};

/// The Markdown page for `sets`.
pub(super) fn markdown(sets: &[RuleSet]) -> String {
    let mut out = String::from(
        "# Jurisdictions\n\n\
         Every rule set breachlint knows, generated from `rules/*.toml` by\n\
         `breachlint rules --all --markdown`; do not edit this page by hand. Deadlines\n\
         and reports are the rule sets' `deadline` rules (their `when` in brackets),\n\
         content the names of their text rules (checks on wording alone, such as\n\
         placeholders, are left out); `breachlint explain <rule id>` gives the\n\
         details, and [rules.md](rules.md) the format.\n\n\
         | Rule set | Applies when | Notice to individuals | Regulators, credit bureaus, media | Required content | Forbidden content | Verification |\n\
         |---|---|---|---|---|---|---|\n",
    );
    for s in sets {
        let mut individuals = Vec::new();
        let mut reports = Vec::new();
        let mut required = Vec::new();
        let mut forbidden = Vec::new();
        for r in &s.rules {
            let name = r
                .info
                .id
                .split_once('/')
                .map_or(r.info.id.as_str(), |(_, n)| n);
            match &r.check {
                Check::Deadline(d) => {
                    let limit = match (d.limit, d.unit) {
                        (None, _) => "no fixed number of days".to_string(),
                        (Some(l), DeadlineUnit::CalendarDays) => format!("{l} days"),
                        (Some(l), DeadlineUnit::BusinessDays) => format!("{l} business days"),
                        (Some(l), DeadlineUnit::Hours) => format!("{l} hours"),
                    };
                    let mut text = if d.limit.is_some() {
                        format!("{limit} from {}", d.from.describe())
                    } else {
                        limit
                    };
                    match (&r.effective_from, &r.effective_until) {
                        (Some(f), Some(u)) => text.push_str(&format!(", discoveries {f} to {u}")),
                        (Some(f), None) => text.push_str(&format!(", discoveries from {f}")),
                        (None, Some(u)) => text.push_str(&format!(", discoveries to {u}")),
                        (None, None) => {}
                    }
                    if let Some(w) = &r.when {
                        text.push_str(&format!(" [{}]", w.describe()));
                    }
                    if d.to == Event::Notice {
                        individuals.push(text);
                    } else {
                        reports.push(format!("{}: {text}", d.obligation));
                    }
                }
                // A forbid rule with a subject forbids content; one without
                // flags wording (placeholders, jargon), listed by `rules`.
                _ if r.kind == RuleKind::Forbid => {
                    if r.subject.is_some() {
                        forbidden.push(format!("`{name}`"));
                    }
                }
                _ => required.push(format!("`{name}`")),
            }
        }
        let unverified = s.rules.iter().filter(|r| !r.info.verified).count();
        let verification = if unverified == 0 {
            "all rules rest on the law's text".to_string()
        } else {
            format!(
                "{unverified} of {} rules rest on secondary or unverified sources",
                s.rules.len()
            )
        };
        let cell = |v: &[String]| {
            if v.is_empty() {
                "—".to_string()
            } else {
                v.join("; ")
            }
        };
        out.push_str(&format!(
            "| **{}** (`{}`), {} | {} | {} | {} | {} | {} | {} |\n",
            s.jurisdiction,
            s.id,
            s.citation,
            s.applies_when
                .as_ref()
                .map_or_else(|| "always".to_string(), |c| c.describe()),
            cell(&individuals),
            cell(&reports),
            cell(&required),
            cell(&forbidden),
            verification
        ));
    }
    out
}
