//! The one finding type every rule produces and every renderer consumes.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::span::Span;

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; never a legal requirement on its own.
    Info,
    /// Depends on a reading of the law or on context; a reviewer should decide.
    #[default]
    Warning,
    /// A clear requirement is not met.
    Error,
}

impl Severity {
    /// The lower-case name used in every output format.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Severity {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "info" => Ok(Severity::Info),
            "warning" => Ok(Severity::Warning),
            "error" => Ok(Severity::Error),
            other => Err(format!(
                "unknown severity `{other}`: expected error, warning or info"
            )),
        }
    }
}

/// A labelled place in the notice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Label {
    /// Where, as a byte range into the notice's source text. Empty for "belongs here".
    pub span: Span,
    /// What is wrong or expected at that place.
    pub message: String,
}

impl Label {
    /// A label at `span` saying `message`.
    pub fn new(span: Span, message: impl Into<String>) -> Self {
        Label {
            span,
            message: message.into(),
        }
    }
}

/// A labelled place in another file than the notice, such as the incident
/// facts file that a finding contradicts.
#[derive(Clone, Debug, Serialize)]
pub struct ExternalLabel {
    /// The other file (its text is needed to draw the snippet).
    #[serde(skip)]
    pub source: std::sync::Arc<crate::source::SourceFile>,
    /// The other file's path, for display.
    pub path: String,
    /// Where in that file.
    pub span: Span,
    /// What is at that place.
    pub message: String,
}

impl PartialEq for ExternalLabel {
    fn eq(&self, other: &Self) -> bool {
        self.path == other.path && self.span == other.span && self.message == other.message
    }
}

impl Eq for ExternalLabel {}

/// One finding in one notice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Stable rule id, e.g. `california/heading-order`.
    pub rule: String,
    /// Severity after configuration overrides.
    pub severity: Severity,
    /// One-line message. Lower-case start, no final period (GNU convention).
    pub message: String,
    /// The offending text, or the place where something missing belongs.
    pub primary: Label,
    /// Other places that explain the finding (e.g. the conflicting mention).
    pub secondary: Vec<Label>,
    /// The legal source, e.g. `45 CFR 164.404(c)(1)(E)`.
    pub cite: Option<String>,
    /// How to fix it.
    pub help: Option<String>,
    /// Further facts (`= note:` lines), such as the dates a deadline was computed from.
    pub notes: Vec<String>,
    /// Places in other files (the facts file) that explain the finding.
    pub external: Vec<ExternalLabel>,
}

impl Diagnostic {
    /// A finding of `rule` at `span`.
    pub fn new(
        rule: impl Into<String>,
        severity: Severity,
        message: impl Into<String>,
        primary: Label,
    ) -> Self {
        Diagnostic {
            rule: rule.into(),
            severity,
            message: message.into(),
            primary,
            secondary: Vec::new(),
            cite: None,
            help: None,
            notes: Vec::new(),
            external: Vec::new(),
        }
    }

    /// Adds a label in another file.
    pub fn with_external(
        mut self,
        source: &std::sync::Arc<crate::source::SourceFile>,
        span: Span,
        message: impl Into<String>,
    ) -> Self {
        self.external.push(ExternalLabel {
            source: source.clone(),
            path: source.name(),
            span,
            message: message.into(),
        });
        self
    }

    /// Adds a secondary label.
    pub fn with_secondary(mut self, label: Label) -> Self {
        self.secondary.push(label);
        self
    }

    /// Sets the citation.
    pub fn with_cite(mut self, cite: impl Into<String>) -> Self {
        self.cite = Some(cite.into());
        self
    }

    /// Sets the help text.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a note.
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// The deterministic order of findings in one file: position, then rule, then message.
    pub fn sort_key(&self) -> (usize, usize, &str, &str) {
        (
            self.primary.span.start,
            self.primary.span.end,
            &self.rule,
            &self.message,
        )
    }
}

/// Most findings one rule reports in one file; the last one shown says how
/// many more there are (see [`Capped`]). Each finding costs a few hundred
/// bytes, far more than the text it points at (`[X]` is three bytes), so
/// without a bound a notice of repeated mistakes took memory many times its
/// size; and whoever fixes a hundred of the same mistake has seen the pattern.
pub const MAX_PER_RULE: usize = 100;

/// Most further places one finding labels besides its own (repeated
/// values, other candidate dates); a note counts the rest. A finding on a
/// long notice could otherwise carry thousands of labels, each one line of
/// output and a hundred-odd bytes of memory, and a reviewer reads the first
/// few.
pub const MAX_SECONDARY: usize = 4;

/// `listed`, joined by commas, then "and N more" for the rest of `total`
/// (a note's list cut at [`MAX_SECONDARY`]).
pub(crate) fn and_more(listed: &[String], total: usize) -> String {
    let mut s = listed.join(", ");
    if total > listed.len() {
        s.push_str(&format!(" and {} more", total - listed.len()));
    }
    s
}

/// One rule's findings in one file, kept up to [`MAX_PER_RULE`] and counted
/// beyond it.
#[derive(Debug, Default)]
pub struct Capped {
    kept: usize,
    dropped: usize,
}

impl Capped {
    /// Whether the next finding would be dropped: callers can skip making it.
    pub fn full(&self) -> bool {
        self.kept >= MAX_PER_RULE
    }

    /// Appends `d` to `out`, or counts it when [`MAX_PER_RULE`] are kept.
    pub fn push(&mut self, out: &mut Vec<Diagnostic>, d: Diagnostic) {
        if self.full() {
            self.dropped += 1;
        } else {
            self.kept += 1;
            out.push(d);
        }
    }

    /// Counts a finding dropped without being made (see [`Capped::full`]).
    pub fn skip(&mut self) {
        self.dropped += 1;
    }

    /// Notes how many were dropped on `last`, the last finding kept.
    pub fn finish(&self, last: Option<&mut Diagnostic>) {
        if let (Some(d), n @ 1..) = (last, self.dropped) {
            d.notes.push(format!(
                "{n} more finding{} of this rule in this file {} not shown (at most {MAX_PER_RULE} are)",
                if n == 1 { "" } else { "s" },
                if n == 1 { "is" } else { "are" },
            ));
        }
    }
}

/// Ids of findings that breachlint itself reports, not any rule set.
pub mod builtin {
    /// The notice was not valid UTF-8 and was decoded lossily.
    pub const ENCODING: &str = "breachlint/encoding";
    /// A suppression comment suppressed nothing.
    pub const UNUSED_SUPPRESSION: &str = "breachlint/unused-suppression";
    /// A suppression comment names a rule that does not exist.
    pub const UNKNOWN_SUPPRESSION: &str = "breachlint/unknown-suppression";
    /// Rules that depend on incident facts were not checked for want of a facts file.
    pub const UNCHECKED: &str = "breachlint/unchecked";
    /// Two applicable rule sets require and forbid the same content.
    pub const CONFLICT: &str = "breachlint/conflict";
    /// The reader of a format left something out or could not read part of the file.
    pub const FORMAT: &str = "breachlint/format";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn severities_order_and_parse() {
        assert!(Severity::Info < Severity::Warning && Severity::Warning < Severity::Error);
        assert_eq!("warning".parse::<Severity>(), Ok(Severity::Warning));
        assert!("fatal".parse::<Severity>().is_err());
        assert_eq!(Severity::Error.to_string(), "error");
    }

    #[test]
    fn findings_past_the_cap_are_counted_on_the_last() {
        let d = || Diagnostic::new("a/b", Severity::Error, "m", Label::new(Span::point(0), ""));
        let mut out = Vec::new();
        let mut cap = Capped::default();
        for _ in 0..MAX_PER_RULE + 2 {
            cap.push(&mut out, d());
        }
        cap.skip();
        cap.finish(out.last_mut());
        assert_eq!(out.len(), MAX_PER_RULE);
        assert_eq!(
            out.last().unwrap().notes,
            ["3 more findings of this rule in this file are not shown (at most 100 are)"]
        );
        assert!(out[0].notes.is_empty());
    }
}
