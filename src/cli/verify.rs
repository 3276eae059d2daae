//! `breachlint verify`: runs the `[[rule.test]]` cases written inside rule
//! sets, so rule-set authors can test their rules without Rust.

use std::io::{self, Write};
use std::path::Path;

use super::{EXIT_FINDINGS, EXIT_OK};
use crate::config::RuleSetRef;
use crate::error::Error;
use crate::rules::builtin;
use crate::rules::testing::run_tests;

/// Runs `verify`.
pub fn run(names: &[String]) -> Result<i32, Error> {
    let refs: Vec<RuleSetRef> = if names.is_empty() {
        builtin::names()
            .map(|n| RuleSetRef::Builtin(n.into()))
            .collect()
    } else {
        names
            .iter()
            .map(|n| RuleSetRef::parse(n, Path::new(".")))
            .collect()
    };
    let mut out = io::stdout().lock();
    let w = |e| Error::io("<stdout>", e);
    let (mut passed, mut failed) = (0, 0);
    for r in refs {
        let set = r.load()?;
        let outcomes = run_tests(&set)?;
        for o in outcomes {
            if o.passed() {
                passed += 1;
                continue;
            }
            failed += 1;
            let name = o
                .name
                .as_deref()
                .map(|n| format!(" ({n})"))
                .unwrap_or_default();
            match &o.problem {
                Some(p) if o.number == 0 => writeln!(out, "FAIL {}: {p}", o.rule).map_err(w)?,
                Some(p) => {
                    writeln!(out, "FAIL {} test {}{name}: {p}", o.rule, o.number).map_err(w)?
                }
                None if o.expected => writeln!(
                    out,
                    "FAIL {} test {}{name}: expected the rule to fire, it did not",
                    o.rule, o.number
                )
                .map_err(w)?,
                None => writeln!(
                    out,
                    "FAIL {} test {}{name}: expected no finding, got: {}",
                    o.rule,
                    o.number,
                    o.findings
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("; ")
                )
                .map_err(w)?,
            }
        }
    }
    writeln!(out, "{passed} passed, {failed} failed").map_err(w)?;
    Ok(if failed == 0 { EXIT_OK } else { EXIT_FINDINGS })
}
