//! `breachlint explain RULE`: the rule's documentation, from its TOML.

use std::io::{self, Write};
use std::path::Path;

use super::EXIT_OK;
use crate::config::RuleSetRef;
use crate::error::{Error, did_you_mean};
use crate::rules::{Check, Rule, RuleSet, builtin};

/// Describes in words what a rule's check looks for.
pub fn describe_check(rule: &Rule) -> String {
    let list = |v: &[String]| {
        v.iter()
            .map(|p| format!("  /{p}/"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    match &rule.check {
        Check::Title { patterns } => format!(
            "The notice's title (its first heading, or its first line before any section heading) must match one of:\n{}",
            list(patterns)
        ),
        Check::Section {
            headings,
            min_words,
        } => {
            let mut s = format!(
                "A heading matching one of these must exist (heading text is compared lower-case, without numbering or final punctuation):\n{}",
                list(headings)
            );
            if let Some(n) = min_words {
                s.push_str(&format!("\nIts section must have at least {n} words."));
            }
            s
        }
        Check::Element {
            headings,
            cues,
            min_cues,
            within,
        } => {
            let mut s = String::from("Required content, given either ");
            if !headings.is_empty() {
                s.push_str(&format!(
                    "as a heading matching one of:\n{}\nor ",
                    list(headings)
                ));
            }
            s.push_str(&format!(
                "in the text, where at least {min_cues} of these must occur"
            ));
            if let Some(w) = within {
                s.push_str(&format!(" (inside the section of `{w}`, when it exists)"));
            }
            s.push_str(&format!(":\n{}", list(cues)));
            s
        }
        Check::Order { sections } => format!(
            "These sections must appear in this order:\n{}",
            sections
                .iter()
                .map(|s| format!("  {s}"))
                .collect::<Vec<_>>()
                .join("\n")
        ),
        Check::Require { patterns, within } => format!(
            "At least one of these must occur{}:\n{}",
            within
                .as_ref()
                .map(|w| format!(" inside the section of `{w}`"))
                .unwrap_or_default(),
            list(patterns)
        ),
        Check::Deadline(d) => format!(
            "{}: from {} to {}, at most {} {}{}.",
            d.obligation,
            d.from.describe(),
            d.to.describe(),
            d.limit
                .map_or_else(|| "(no fixed number of)".to_string(), |l| l.to_string()),
            match d.unit {
                crate::rules::model::DeadlineUnit::CalendarDays => "calendar days".to_string(),
                crate::rules::model::DeadlineUnit::BusinessDays =>
                    format!("business days ({} holidays)", d.holidays),
                crate::rules::model::DeadlineUnit::Hours => "hours".to_string(),
            },
            if d.law_enforcement_extends {
                "; a documented law-enforcement delay moves the deadline to the delay's end"
            } else {
                ""
            }
        ),
        Check::Count { tolerance } => format!(
            "Every count of affected people in the letter must agree with the others, with `affected` in the facts file and with each filed report. Approximate wording (\"about\", \"approximately\", \"more than\") may differ by up to {:.0}%.",
            tolerance * 100.0
        ),
        Check::DateMatch { roles } => format!(
            "Dates the letter gives for: {} must equal the facts file's.",
            roles.join(", ")
        ),
        Check::ReportMatch { report, field, map } => {
            let mut s = format!(
                "The `{field}` of the report filed with `{report}` must fit what the letter says happened:"
            );
            for m in map {
                s.push_str(&format!(
                    "\n  {} ({}) → {}",
                    m.describes,
                    m.cues
                        .iter()
                        .map(|c| format!("/{c}/"))
                        .collect::<Vec<_>>()
                        .join(" "),
                    m.expect.join(" | ")
                ));
            }
            s
        }
        Check::Forbid {
            patterns,
            unless,
            within,
        } => {
            let mut s = format!(
                "None of these may occur{}; each occurrence is a finding:\n{}",
                within
                    .as_ref()
                    .map(|w| format!(" inside the section of `{w}`"))
                    .unwrap_or_default(),
                list(patterns)
            );
            if let Some(u) = unless {
                s.push_str(&format!("\nA match is allowed when it also matches /{u}/."));
            }
            s
        }
    }
}

/// Writes the documentation of `rule` (from `set`).
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
