//! `breachlint deadlines`: from the facts file alone, every notification
//! obligation that applies, with its legal deadline, its status and its
//! citation.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use serde::Serialize;

use super::{DeadlinesArgs, DeadlinesFormat, EXIT_OK};
use crate::calendar::calendar_days_between;
use crate::config::RuleSetRef;
use crate::error::Error;
use crate::incident::{Incident, Origin, Truth};
use crate::rules::Check;
use crate::rules::kinds::deadline::deadline_status;
use crate::rules::model::WhenUnknown;

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

fn find_facts(explicit: Option<&Path>) -> Result<PathBuf, Error> {
    if let Some(p) = explicit {
        return Ok(p.to_path_buf());
    }
    let cwd = std::path::absolute(".").map_err(|e| Error::io(".", e))?;
    cwd.ancestors()
        .map(|d| d.join(crate::facts::FILE_NAME))
        .find(|p| p.is_file())
        .ok_or_else(|| {
            Error::Usage(
                "no incident.toml in this folder or above; pass --facts FILE (see docs/facts.md)"
                    .into(),
            )
        })
}

/// Works out every applicable deadline obligation for `incident`.
pub fn obligations(
    sets: &[crate::rules::RuleSet],
    incident: &Incident,
    today: Date,
) -> Vec<Obligation> {
    let mut out = Vec::new();
    for set in sets {
        if let Some(c) = &set.applies_when {
            if incident.eval(c) == Truth::No {
                continue;
            }
        }
        for rule in &set.rules {
            let Check::Deadline(spec) = &rule.check else {
                continue;
            };
            // The version in force is chosen by the discovery date, or today
            // when that is unknown, as `check` does.
            let on = incident
                .discovery
                .as_ref()
                .map_or(today, |d| d.value)
                .to_string();
            let from = rule.effective_from.as_ref().or(set.effective_from.as_ref());
            let until = rule
                .effective_until
                .as_ref()
                .or(set.effective_until.as_ref());
            if from.is_some_and(|f| on < *f) || until.is_some_and(|u| on > *u) {
                continue;
            }
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
                    Truth::No => continue,
                    Truth::Unknown(_) if rule.when_unknown == WhenUnknown::Check => {}
                    Truth::Unknown(_) if rule.when_unknown == WhenUnknown::Skip => continue,
                    Truth::Unknown(missing) => {
                        row.detail = format!("may apply; the facts do not give {missing}");
                        out.push(row);
                        continue;
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
                out.push(row);
                continue;
            };
            row.deadline = Some(deadline.to_string());
            match &st.done {
                Some(done) => {
                    let late = calendar_days_between(deadline, done.value);
                    row.done_on = Some(done.value.to_string());
                    let planned = done.value > today || matches!(done.origin, Origin::Today);
                    (row.status, row.detail) = match (planned, late > 0) {
                        (false, false) => ("done", format!("done on {}", done.value)),
                        (false, true) => {
                            ("late", format!("done on {}, {late} days late", done.value))
                        }
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
            if !st.notes.is_empty() {
                row.detail.push_str(&format!(" ({})", st.notes.join("; ")));
            }
            // Marked below when several individual deadlines compete.
            row.controlling = to_individuals;
            out.push(row);
        }
    }
    out.sort_by(|a, b| {
        a.deadline
            .cmp(&b.deadline)
            .then_with(|| a.rule.cmp(&b.rule))
    });
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
    out
}

/// Runs `deadlines`.
pub fn run(args: DeadlinesArgs) -> Result<i32, Error> {
    let path = find_facts(args.facts.as_deref())?;
    let facts = crate::facts::load(&path)?;
    let today = args.today.unwrap_or_else(crate::calendar::today);
    let incident = Incident::from_facts(&facts, today, None);
    let refs: Vec<RuleSetRef> = if !args.rulesets.is_empty() {
        args.rulesets
            .iter()
            .map(|r| RuleSetRef::parse(r, Path::new(".")))
            .collect()
    } else {
        let settings = crate::plan::Resolver::new(&crate::plan::RuleSource::default())?
            .for_dir(path.parent().unwrap_or(Path::new(".")))?;
        crate::plan::candidates(&settings)
    };
    let sets = refs
        .iter()
        .map(RuleSetRef::load)
        .collect::<Result<Vec<_>, _>>()?;
    let rows = obligations(&sets, &incident, today);
    let mut out = io::stdout().lock();
    let w = |e| Error::io("<stdout>", e);
    if args.format == DeadlinesFormat::Ics {
        write!(
            out,
            "{}",
            super::ics::calendar(&rows, &path.display().to_string(), today)
        )
        .map_err(w)?;
        return Ok(EXIT_OK);
    }
    if args.format == DeadlinesFormat::Json {
        #[derive(Serialize)]
        struct Doc<'a> {
            facts: String,
            today: String,
            obligations: &'a [Obligation],
        }
        serde_json::to_writer_pretty(
            &mut out,
            &Doc {
                facts: path.display().to_string(),
                today: today.to_string(),
                obligations: &rows,
            },
        )
        .map_err(|e| Error::io("<stdout>", e.into()))?;
        writeln!(out).map_err(w)?;
        return Ok(EXIT_OK);
    }
    writeln!(out, "Obligations for {} (as of {today}):\n", path.display()).map_err(w)?;
    if rows.is_empty() {
        writeln!(out, "No deadline rule of the applicable rule sets applies.").map_err(w)?;
        return Ok(EXIT_OK);
    }
    let ow = rows
        .iter()
        .map(|r| r.obligation.chars().count())
        .max()
        .unwrap_or(10)
        .max(10);
    let sw = rows
        .iter()
        .map(|r| r.detail.chars().count())
        .max()
        .unwrap_or(6)
        .clamp(6, 60);
    let tw = rows
        .iter()
        .map(|r| r.status.len())
        .max()
        .unwrap_or(6)
        .max(6);
    writeln!(
        out,
        "{:<ow$}  {:<10}  {:<tw$}  {:<sw$}  CITE",
        "OBLIGATION", "DEADLINE", "STATUS", "DETAIL"
    )
    .map_err(w)?;
    for r in &rows {
        writeln!(
            out,
            "{:<ow$}  {:<10}  {:<tw$}  {:<sw$}  {}",
            r.obligation,
            r.deadline.as_deref().unwrap_or("?"),
            r.status,
            r.detail,
            r.cite
        )
        .map_err(w)?;
    }
    Ok(EXIT_OK)
}
