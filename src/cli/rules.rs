//! `breachlint rules`: the table of loaded rules.

use std::io::{self, Write};
use std::path::Path;

use super::{EXIT_OK, RulesArgs, SharedRuleArgs};
use crate::config::RuleSetRef;
use crate::error::Error;
use crate::plan::Resolver;

/// Loads the rule sets named on the command line, or else the configured ones.
fn load_sets(args: &SharedRuleArgs, all: bool) -> Result<Vec<crate::rules::RuleSet>, Error> {
    let refs: Vec<RuleSetRef> = if all {
        crate::rules::builtin::names()
            .map(|n| RuleSetRef::Builtin(n.into()))
            .collect()
    } else if !args.rulesets.is_empty() {
        args.rulesets
            .iter()
            .map(|r| RuleSetRef::parse(r, Path::new(".")))
            .collect()
    } else {
        Resolver::new(&args.source())?
            .for_dir(Path::new("."))?
            .rulesets
            .clone()
    };
    refs.iter().map(RuleSetRef::load).collect()
}

pub(super) fn run(args: RulesArgs) -> Result<i32, Error> {
    let sets = load_sets(&args.rules, args.all)?;
    let mut out = io::stdout().lock();
    let w = |e| Error::io("<stdout>", e);
    if args.markdown {
        write!(out, "{}", super::jurisdictions::markdown(&sets)).map_err(w)?;
        return Ok(EXIT_OK);
    }
    if args.json {
        let list: Vec<_> = sets
            .iter()
            .flat_map(|s| s.rules.iter().map(|r| &r.info))
            .collect();
        serde_json::to_writer_pretty(&mut out, &list)
            .map_err(|e| Error::io("<stdout>", e.into()))?;
        writeln!(out).map_err(w)?;
        return Ok(EXIT_OK);
    }
    let id_w = sets
        .iter()
        .flat_map(|s| &s.rules)
        .map(|r| r.info.id.len())
        .max()
        .unwrap_or(2)
        .max(2);
    let cite_w = sets
        .iter()
        .flat_map(|s| &s.rules)
        .map(|r| r.info.cite.chars().count())
        .max()
        .unwrap_or(4)
        .clamp(4, 36);
    writeln!(
        out,
        "{:<id_w$}  {:<8} {:<cite_w$}  TITLE",
        "ID", "SEVERITY", "CITE"
    )
    .map_err(w)?;
    let mut unverified = false;
    for s in &sets {
        for r in &s.rules {
            let mark = if r.info.verified { " " } else { "*" };
            unverified |= !r.info.verified;
            let cite: String = r.info.cite.chars().take(cite_w).collect();
            writeln!(
                out,
                "{:<id_w$}  {:<8} {:<cite_w$} {mark}{}",
                r.info.id,
                r.info.severity.as_str(),
                cite,
                r.info.title
            )
            .map_err(w)?;
        }
    }
    if unverified {
        writeln!(out, "\n* rests on secondary or unverified sources; have counsel confirm before relying on it").map_err(w)?;
    }
    Ok(EXIT_OK)
}
