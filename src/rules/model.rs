//! The rule-set file format, as deserialised from TOML.
//!
//! Field spans are kept (`Spanned`) wherever a later check may need to point
//! at the value: ids, patterns, cross-references. The format is documented
//! for rule-set authors in `docs/rules.md`.

use serde::Deserialize;
use serde_spanned::Spanned;

use crate::diagnostic::Severity;

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
}

/// What a rule checks. Each kind uses its own subset of the rule's keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RuleKind {
    /// The notice's title must match `pattern`.
    Title,
    /// A heading matching one of `heading` must exist (optionally with `min-words` of body).
    Section,
    /// Required content, given as a heading or only in prose (`heading`, `cues`, `min-cues`, `within`).
    Element,
    /// The sections named in `sections` must appear in that order.
    Order,
    /// `pattern` must occur (in the document, or `within` a section).
    Require,
    /// `pattern` must not occur; each occurrence is a finding.
    Forbid,
}

impl RuleKind {
    /// The kind's name as written in TOML.
    pub fn as_str(self) -> &'static str {
        match self {
            RuleKind::Title => "title",
            RuleKind::Section => "section",
            RuleKind::Element => "element",
            RuleKind::Order => "order",
            RuleKind::Require => "require",
            RuleKind::Forbid => "forbid",
        }
    }
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
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Patterns, A::Error> {
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
    /// `forbid`: a match is excused when this pattern matches the matched text.
    #[serde(default)]
    pub unless: Option<Spanned<String>>,
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
    /// `element`, `require`, `forbid`: search only inside the section of this `section` rule.
    #[serde(default)]
    pub within: Option<Spanned<String>>,
    /// `order`: ids of `section` rules, in the required order.
    #[serde(default)]
    pub sections: Option<Vec<Spanned<String>>>,
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
    /// Parse as `markdown` (default) or `text`.
    #[serde(default)]
    pub format: Option<String>,
    /// Optional name for the test, shown when it fails.
    #[serde(default)]
    pub name: Option<String>,
}
