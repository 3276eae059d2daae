//! A rule's explanation, as `breachlint explain` prints it and an editor
//! shows it on hover: what, why, the citation, how to fix it.

use std::io::{self, Write};

use crate::rules::{Rule, RuleSet};

/// Describes in words what a rule's check looks for (each kind says it
/// in its own file).
pub fn describe_check(rule: &Rule) -> String {
    rule.check.describe()
}

/// Writes a rule's explanation: what it checks, why, the citation, how to
/// fix it, and its example.
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

/// The explanation of `rule` (of `set`) as Markdown text.
pub fn explanation(set: &RuleSet, rule: &Rule) -> String {
    let mut out = Vec::new();
    write_explanation(set, rule, &mut out).expect("writing to memory cannot fail");
    String::from_utf8_lossy(&out).into_owned()
}

/// The rule with id `id` among `sets`, with its rule set.
pub fn find_rule<'a>(sets: &'a [RuleSet], id: &str) -> Option<(&'a RuleSet, &'a Rule)> {
    sets.iter()
        .find_map(|s| s.rules.iter().find(|r| r.info.id == id).map(|r| (s, r)))
}
