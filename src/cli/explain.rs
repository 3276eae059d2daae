//! `breachlint explain RULE`: the rule's documentation, from its TOML.

use std::io::{self, Write};
use std::path::Path;

use super::EXIT_OK;
use crate::config::RuleSetRef;
use crate::error::{Error, did_you_mean};
use crate::rules::{Rule, RuleSet, builtin};

/// Describes in words what a rule's check looks for (each kind says it
/// in its own file).
pub fn describe_check(rule: &Rule) -> String {
    rule.check.describe()
}

pub fn write_explanation(set: &RuleSet, rule: &Rule, out: &mut dyn Write) -> io::Result<()> {
    let i = &rule.info;
    writeln!(out, "# {} ({})", i.id, i.severity)?;
    writeln!(out)?;
    writeln!(out, "{}", i.title)?;
    writeln!(out)?;
    writeln!(
        out,
        "Rule set:  {} — {} (version {})",
        set.id, set.title, set.version
    )?;
    writeln!(out, "Cite:      {}", i.cite)?;
    writeln!(
        out,
        "Verified:  {}",
        if i.verified {
            "yes, against the text of the law"
        } else {
            "no — rests on secondary or unverified sources; have counsel confirm"
        }
    )?;
    writeln!(out, "\n## What it checks\n\n{}", describe_check(rule))?;
    writeln!(out, "\n## Why\n\n{}", i.why)?;
    writeln!(out, "\n## How to fix\n\n{}", i.help)?;
    if let Some(ex) = &rule.example {
        writeln!(out, "\n## Example\n")?;
        for line in ex.trim_end().lines() {
            writeln!(out, "    {line}")?;
        }
    }
    Ok(())
}

/// Runs `explain`.
pub fn run(id: &str, extra: &[String]) -> Result<i32, Error> {
    let mut sets: Vec<RuleSet> = Vec::new();
    for r in extra {
        sets.push(RuleSetRef::parse(r, Path::new(".")).load()?);
    }
    for name in builtin::names() {
        if let Some(set) = builtin::load(name) {
            sets.push(set?);
        }
    }
    for set in &sets {
        if let Some(rule) = set.rules.iter().find(|r| r.info.id == id) {
            let mut out = io::stdout().lock();
            write_explanation(set, rule, &mut out).map_err(|e| Error::io("<stdout>", e))?;
            return Ok(EXIT_OK);
        }
    }
    let ids: Vec<&str> = sets
        .iter()
        .flat_map(|s| s.rules.iter().map(|r| r.info.id.as_str()))
        .collect();
    let mut msg = format!("no rule `{id}`");
    if let Some(near) = did_you_mean(id, ids.iter().copied()) {
        msg.push_str(&format!("; did you mean `{near}`?"));
    } else {
        msg.push_str("; run `breachlint rules --all` to list rule ids");
    }
    Err(Error::Usage(msg))
}
