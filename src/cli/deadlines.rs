//! `breachlint deadlines`: from the facts file alone, every notification
//! obligation that applies, with its legal deadline, its status and its
//! citation.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{DeadlinesArgs, DeadlinesFormat, EXIT_OK};
use crate::config::RuleSetRef;
use crate::error::Error;
use crate::incident::Incident;
use crate::obligations::{Obligation, obligations};

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
            crate::obligations::ics::calendar(&rows, &path.display().to_string(), today)
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
