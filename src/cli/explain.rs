//! `breachlint explain RULE`: the rule's documentation, from its TOML.

use std::io;
use std::path::Path;

use super::EXIT_OK;
use crate::config::RuleSetRef;
use crate::error::{Error, did_you_mean};
use crate::explain::{find_rule, write_explanation};
use crate::rules::{RuleSet, builtin};

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
    if let Some((set, rule)) = find_rule(&sets, id) {
        let mut out = io::stdout().lock();
        write_explanation(set, rule, &mut out).map_err(|e| Error::io("<stdout>", e))?;
        return Ok(EXIT_OK);
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
