//! The rule-set file format, as deserialised from TOML.
//!
//! Field spans are kept (`Spanned`) wherever a later check may need to point
//! at the value: ids, patterns, cross-references. The format is documented
//! for rule-set authors in `docs/rules.md`.

use serde::Deserialize;
use serde_spanned::Spanned;

use crate::diagnostic::Severity;
pub use crate::rules::kinds::RuleKind;

/// A whole rule-set file: one `[ruleset]` table and any number of `[[rule]]`s.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSetFile {
    /// The rule set's own metadata.
    pub ruleset: RuleSetMeta,
    /// The rules, in the order written.
    #[serde(default)]
    pub rule: Vec<RuleDef>,
}

/// `[ruleset]`: what the rule set is and where its law comes from.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RuleSetMeta {
    /// Short name used on the command line and as the prefix of every rule id.
    pub id: Spanned<String>,
    /// Human title, e.g. "HIPAA Breach Notification Rule".
    pub title: String,
    /// The place or law by name ("Massachusetts"), for findings that name
    /// several rule sets; defaults to the title.
    #[serde(default)]
    pub jurisdiction: Option<String>,
    /// The law as a whole, e.g. "45 CFR 164.400-414".
    pub citation: String,
    /// Version of the rule set (free text; a date is a good choice).
    pub version: String,
    /// Whether the law behind the rules was checked against its text. Rules inherit it.
    pub verified: bool,
    /// Where the law was read.
    #[serde(default)]
    pub source: Option<String>,
    /// The date the rules were last compared with the law.
    #[serde(default)]
    pub last_verified: Option<toml::value::Datetime>,
    /// Longer description shown by `breachlint rules`.
    #[serde(default)]
    pub description: Option<String>,
    /// When the rule set applies to an incident (checked against the facts file).
    #[serde(default)]
    pub applies_when: Option<Spanned<Condition>>,
    /// First discovery date the rule set's law covers.
    #[serde(default)]
    pub effective_from: Option<Spanned<toml::value::Datetime>>,
    /// Last discovery date the rule set's law covers.
    #[serde(default)]
    pub effective_until: Option<Spanned<toml::value::Datetime>>,
}

/// A declarative condition over the incident's facts. Every key given must
/// hold (they are combined with AND); `any` holds when one of its
/// conditions holds.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Condition {
    /// Total number of affected people is at least this.
    #[serde(default)]
    pub affected_at_least: Option<u64>,
    /// Total number of affected people is more than this.
    #[serde(default)]
    pub affected_more_than: Option<u64>,
    /// Total number of affected people is less than this.
    #[serde(default)]
    pub affected_less_than: Option<u64>,
    /// Residents of each named state or country number at least this many (`{ CA = 1 }`).
    #[serde(default)]
    pub residents_at_least: Option<std::collections::BTreeMap<String, u64>>,
    /// Residents of each named state or country number more than this many (`{ CA = 500 }`).
    #[serde(default)]
    pub residents_more_than: Option<std::collections::BTreeMap<String, u64>>,
    /// Residents of some state or country number more than this many (HIPAA media notice).
    #[serde(default)]
    pub residents_of_any_state_more_than: Option<u64>,
    /// Residents of at least one of these countries (ISO codes, as in
    /// `[residents]` or `[residents.country]`) are affected: GDPR's EU.
    #[serde(default)]
    pub residents_of_any_country: Option<Vec<String>>,
    /// The incident's assessed risk to people (`risk-level`) is one of these.
    #[serde(default)]
    pub risk_level: Option<Vec<String>>,
    /// At least one of these data types is involved.
    #[serde(default)]
    pub data_types_any: Option<Vec<String>>,
    /// The entity's role is one of these.
    #[serde(default)]
    pub entity: Option<Vec<String>>,
    /// One of these notice methods is used.
    #[serde(default)]
    pub notice_method: Option<Vec<String>>,
    /// A law-enforcement delay was requested (true) or not (false).
    #[serde(default)]
    pub law_enforcement_delay: Option<bool>,
    /// The facts file records a report filed with one of these recipients
    /// (`[[report]]`'s `to`).
    #[serde(default)]
    pub reports_filed: Option<Vec<String>>,
    /// The document being checked has one of these roles (`[[document]]`
    /// `role` in the facts file; a notice no `[[document]]` lists is a letter).
    #[serde(default)]
    pub document_role: Option<Vec<String>>,
    /// At least one of these conditions holds.
    #[serde(default)]
    pub any: Option<Vec<Condition>>,
    /// This condition does not hold.
    #[serde(default)]
    pub not: Option<Box<Condition>>,
}

impl Condition {
    /// The condition in words, for messages ("500 or more people are affected").
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        self.describe_numbers(&mut parts);
        self.describe_circumstances(&mut parts);
        self.describe_nested(&mut parts);
        if parts.is_empty() {
            "always".into()
        } else {
            parts.join(", and ")
        }
    }

    /// Adds phrases for the thresholds on people affected and residents.
    fn describe_numbers(&self, parts: &mut Vec<String>) {
        if let Some(n) = self.affected_at_least {
            parts.push(format!("{n} or more people are affected"));
        }
        if let Some(n) = self.affected_more_than {
            parts.push(format!("more than {n} people are affected"));
        }
        if let Some(n) = self.affected_less_than {
            parts.push(format!("fewer than {n} people are affected"));
        }
        for (code, n) in self.residents_at_least.iter().flatten() {
            parts.push(if *n == 1 {
                format!("{code} residents are affected")
            } else {
                format!("{n} or more {code} residents are affected")
            });
        }
        for (code, n) in self.residents_more_than.iter().flatten() {
            parts.push(format!("more than {n} {code} residents are affected"));
        }
        if let Some(n) = self.residents_of_any_state_more_than {
            parts.push(format!("more than {n} residents of one state are affected"));
        }
        if let Some(c) = &self.residents_of_any_country {
            parts.push(if c.len() > 3 {
                format!(
                    "residents of {} or another of {} countries are affected",
                    c[..3].join(", "),
                    c.len()
                )
            } else {
                format!("residents of {} are affected", c.join(" or "))
            });
        }
    }

    /// Adds phrases for the tests on risk, data types, entity, notice method,
    /// delay, reports filed and document role.
    fn describe_circumstances(&self, parts: &mut Vec<String>) {
        if let Some(r) = &self.risk_level {
            parts.push(format!("the risk is assessed as {}", r.join(" or ")));
        }
        if let Some(t) = &self.data_types_any {
            parts.push(format!(
                "{} {} involved",
                t.join(" or "),
                if t.len() == 1 { "is" } else { "are" }
            ));
        }
        if let Some(e) = &self.entity {
            let article = match e.first().and_then(|w| w.chars().next()) {
                Some('a' | 'e' | 'i' | 'o' | 'u') => "an",
                _ => "a",
            };
            parts.push(format!("the entity is {article} {}", e.join(" or ")));
        }
        if let Some(m) = &self.notice_method {
            parts.push(format!("notice is given by {}", m.join(" or ")));
        }
        if let Some(d) = self.law_enforcement_delay {
            parts.push(if d {
                "law enforcement asked for a delay".into()
            } else {
                "law enforcement asked for no delay".into()
            });
        }
        if let Some(r) = &self.reports_filed {
            parts.push(format!("a report to {} is recorded", r.join(" or ")));
        }
        if let Some(r) = &self.document_role {
            parts.push(format!("the document is a {}", r.join(" or ")));
        }
    }

    /// Adds phrases for the nested `not` and `any` conditions.
    fn describe_nested(&self, parts: &mut Vec<String>) {
        if let Some(not) = &self.not {
            parts.push(match &not.entity {
                Some(roles)
                    if **not
                        == Condition {
                            entity: Some(roles.clone()),
                            ..Condition::default()
                        } =>
                {
                    format!("the entity's role is not {}", roles.join(" or "))
                }
                _ => format!("not ({})", not.describe()),
            });
        }
        if let Some(any) = &self.any {
            parts.push(format!(
                "any of: {}",
                any.iter()
                    .map(Condition::describe)
                    .collect::<Vec<_>>()
                    .join("; ")
            ));
        }
    }
}

/// What a rule does when its `when` cannot be decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum WhenUnknown {
    /// Report that the rule could not be checked.
    #[default]
    Report,
    /// Check the rule as if the condition held, noting the assumption: for
    /// the stricter of two laws a fact chooses between.
    Check,
    /// Skip the rule silently: for the laxer of two laws, whose stricter
    /// counterpart is checked with `check`.
    Skip,
}

/// How a deadline counts time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum DeadlineUnit {
    /// Every day counts.
    #[default]
    CalendarDays,
    /// Monday to Friday, minus the holiday calendar's holidays.
    BusinessDays,
    /// Hours (dates are taken as midnight UTC when no time is known).
    Hours,
}

/// `[[rule.map]]` of a `report-match` rule: narrative cues and the report
/// categories they imply.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct NarrativeMap {
    /// What the letter's description looks like (regexes).
    pub cues: Vec<Spanned<String>>,
    /// The report values consistent with that description.
    pub expect: Vec<Spanned<String>>,
    /// A short description of the narrative, for messages ("a paper mailing").
    pub describes: String,
}

/// One or several patterns; TOML authors may write either a string or an array.
///
/// Deserialised by hand rather than as an untagged enum: serde's untagged
/// enums buffer their input and so lose the spans of array elements.
#[derive(Debug, Clone)]
pub enum Patterns {
    /// `pattern = "…"`
    One(String),
    /// `pattern = ["…", "…"]`
    Many(Vec<Spanned<String>>),
}

impl<'de> Deserialize<'de> for Patterns {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Patterns;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a pattern string or an array of pattern strings")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Patterns, E> {
                Ok(Patterns::One(v.to_string()))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Patterns, A::Error> {
                let mut out = Vec::new();
                while let Some(p) = seq.next_element::<Spanned<String>>()? {
                    out.push(p);
                }
                Ok(Patterns::Many(out))
            }
        }
        d.deserialize_any(V)
    }
}

/// Patterns with the span of the whole value, for single-string forms.
pub fn spanned_patterns(p: &Spanned<Patterns>) -> Vec<Spanned<String>> {
    match p.get_ref() {
        Patterns::One(s) => vec![Spanned::new(p.span(), s.clone())],
        Patterns::Many(v) => v.clone(),
    }
}

/// `[[rule]]`: one check.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RuleDef {
    /// Stable id, `<ruleset>/<name>`.
    pub id: Spanned<String>,
    /// What the rule checks.
    pub kind: Spanned<RuleKind>,
    /// Default severity.
    pub severity: Severity,
    /// One-line message shown with each finding. `{match}` is replaced by the matched text.
    pub message: String,
    /// The statute section.
    pub cite: String,
    /// Why the rule exists (shown by `explain` and in SARIF).
    pub why: String,
    /// How to fix a finding.
    pub help: String,
    /// An example of text that satisfies (or breaks) the rule, for `explain`.
    #[serde(default)]
    pub example: Option<String>,
    /// Overrides the rule set's `verified` flag for this rule.
    #[serde(default)]
    pub verified: Option<bool>,
    /// Label text at the place where missing content belongs.
    #[serde(default)]
    pub expected: Option<String>,

    /// `title`, `require`, `forbid`: the pattern(s).
    #[serde(default)]
    pub pattern: Option<Spanned<Patterns>>,
    /// `forbid`: a match counts only when nothing but white space follows it
    /// up to the next recognised heading or the end of the notice.
    #[serde(default)]
    pub at_section_end: Option<Spanned<bool>>,
    /// `forbid`, `require`: a match does not count when one of these
    /// patterns matches the matched text.
    #[serde(default)]
    pub unless: Option<Spanned<Patterns>>,

    /// Only check when this holds for the incident's facts.
    #[serde(default)]
    pub when: Option<Spanned<Condition>>,
    /// What to do when `when` cannot be decided.
    #[serde(default)]
    pub when_unknown: Option<Spanned<WhenUnknown>>,
    /// The content the rule is about (`number-of-people-affected`), so that a
    /// `forbid` rule and another rule set's rule that requires the same
    /// content are reported as a conflict when both apply.
    #[serde(default)]
    pub subject: Option<Spanned<String>>,
    /// First discovery date this version of the rule covers.
    #[serde(default)]
    pub effective_from: Option<Spanned<toml::value::Datetime>>,
    /// Last discovery date this version of the rule covers.
    #[serde(default)]
    pub effective_until: Option<Spanned<toml::value::Datetime>>,
    /// `deadline`: the obligation's name in `breachlint deadlines` ("Notice to individuals").
    #[serde(default)]
    pub obligation: Option<String>,
    /// `deadline`: the event the clock starts from.
    #[serde(default)]
    pub from: Option<Spanned<String>>,
    /// `deadline`: the event that must happen in time.
    #[serde(default)]
    pub to: Option<Spanned<String>>,
    /// `deadline`: the allowed time, in `unit`s.
    #[serde(default)]
    pub limit: Option<Spanned<i64>>,
    /// `deadline`: calendar days (default), business days or hours.
    #[serde(default)]
    pub unit: Option<DeadlineUnit>,
    /// `deadline`: holiday calendar for business days (`us-federal`, `none`).
    #[serde(default)]
    pub holidays: Option<Spanned<String>>,
    /// `deadline`: warn when a planned notice date is this close to the deadline.
    #[serde(default)]
    pub warn_within: Option<i64>,
    /// `deadline`: units after the deadline that are reported as a warning
    /// rather than at the rule's severity.
    #[serde(default)]
    pub grace: Option<Spanned<i64>>,
    /// `deadline`: a documented law-enforcement delay moves the deadline.
    #[serde(default)]
    pub law_enforcement_extends: Option<bool>,
    /// `deadline`: an oral request for a delay counts for at most this many days.
    #[serde(default)]
    pub oral_delay_limit: Option<Spanned<i64>>,
    /// `count`: relative tolerance allowed for approximate wording ("about 100").
    #[serde(default)]
    pub tolerance: Option<f64>,
    /// `date-match`: which date roles to compare (`discovery`, `breach`).
    #[serde(default)]
    pub roles: Option<Vec<Spanned<String>>>,
    /// `report-match`: which report (`hhs`, `state-ag`, …).
    #[serde(default)]
    pub report: Option<Spanned<String>>,
    /// `report-match`: which field (`location`, `type`).
    #[serde(default)]
    pub field: Option<Spanned<String>>,
    /// `report-match`: narrative cues and the categories they imply.
    #[serde(default)]
    pub map: Vec<NarrativeMap>,
    /// `section`, `element`: heading patterns, matched against the heading's text
    /// (lower-cased, markup and trailing punctuation removed).
    #[serde(default)]
    pub heading: Option<Spanned<Patterns>>,
    /// `section`: the body must have at least this many words.
    #[serde(default)]
    pub min_words: Option<Spanned<usize>>,
    /// `element`: cue patterns searched in the body text.
    #[serde(default)]
    pub cues: Option<Spanned<Patterns>>,
    /// `element`: how many distinct cues must match (default 1).
    #[serde(default)]
    pub min_cues: Option<Spanned<usize>>,
    /// `element`: the rule is checked only when one of these patterns occurs.
    #[serde(default)]
    pub only_if: Option<Spanned<Patterns>>,
    /// `element`, `require`, `forbid`: search only inside the section of this `section` rule.
    #[serde(default)]
    pub within: Option<Spanned<String>>,
    /// `order`: ids of `section` rules, in the required order.
    #[serde(default)]
    pub sections: Option<Vec<Spanned<String>>>,
    /// `feature`: what the format records that a reviewer must clear
    /// (`tracked-change`, `comment`, `dangling-link`, `merge-field`).
    #[serde(default)]
    pub feature: Option<Spanned<String>>,
    /// `type-size`: the smallest type allowed, in points.
    #[serde(default)]
    pub min_points: Option<Spanned<f64>>,
    /// Match patterns case-sensitively (default: case-insensitive).
    #[serde(default)]
    pub case_sensitive: bool,

    /// Inline tests run by `breachlint verify` and `cargo test`.
    #[serde(default)]
    pub test: Vec<RuleTest>,
}

/// `[[rule.test]]`: a snippet and whether the rule must fire on it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RuleTest {
    /// The notice text.
    pub text: String,
    /// Whether the rule must report at least one finding.
    pub fires: bool,
    /// With `fires`: some finding's primary label is on this 1-based line of `text`.
    #[serde(default)]
    pub line: Option<usize>,
    /// With `fires`: some finding says exactly this.
    #[serde(default)]
    pub message: Option<String>,
    /// Parse as `markdown` (default), `text`, `html`, or `docx` (the text is
    /// then the body of a Word document's `word/document.xml`).
    #[serde(default)]
    pub format: Option<String>,
    /// Optional name for the test, shown when it fails.
    #[serde(default)]
    pub name: Option<String>,
    /// Incident facts for the test, in the `incident.toml` format.
    #[serde(default)]
    pub facts: Option<String>,
    /// The date the test runs as of (default: the facts' notice date, else 2026-01-01),
    /// so tests never depend on the real date.
    #[serde(default)]
    pub today: Option<toml::value::Datetime>,
    /// The notice's role in its incident (`letter`, `web-notice`,
    /// `media-notice`, …), as a `[[document]]` entry of the facts gives it;
    /// without it the notice is read as a letter.
    #[serde(default)]
    pub role: Option<crate::facts::DocumentRole>,
}
