//! The result of a run: findings per file plus the metadata of every rule
//! that produced one. This is what every renderer receives.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Severity};
use crate::source::SourceFile;

/// What a renderer needs to know about a rule (for SARIF's rule table, `explain`, etc.).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RuleInfo {
    /// Stable id, e.g. `hipaa/contact`.
    pub id: String,
    /// The rule set it belongs to.
    pub ruleset: String,
    /// Default severity, before configuration overrides.
    pub severity: Severity,
    /// One-line message (a template: `{match}`, `{deadline}` … are filled per finding).
    pub message: String,
    /// A one-line description of the rule without template placeholders, for
    /// rule tables and SARIF (a deadline rule's obligation; otherwise the message).
    pub title: String,
    /// Statute section.
    pub cite: String,
    /// Why the rule exists.
    pub why: String,
    /// How to fix a finding.
    pub help: String,
    /// Whether the law behind the rule was checked against its text.
    pub verified: bool,
}

impl RuleInfo {
    /// A check built into breachlint that rests on no statute (consistency
    /// across documents, the mechanics of a mailing): no citation, and its
    /// one line is both message and title.
    pub fn without_statute(
        ruleset: &str,
        id: &str,
        severity: Severity,
        message: &str,
        why: &str,
        help: &str,
    ) -> RuleInfo {
        RuleInfo {
            id: id.to_string(),
            ruleset: ruleset.to_string(),
            severity,
            message: message.to_string(),
            title: message.to_string(),
            cite: String::new(),
            why: why.to_string(),
            help: help.to_string(),
            verified: true,
        }
    }
}

/// A notice that could not be linted at all (unreadable, binary, empty).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FileError {
    /// Short machine-readable kind: `io`, `binary`, `empty`, `too-large`, `facts`.
    pub kind: &'static str,
    /// What went wrong and what to do.
    pub message: String,
}

/// Findings in one file.
#[derive(Clone, Debug)]
pub struct FileReport {
    /// The path for display, relative as given.
    pub path: String,
    /// The notice's text, when it could be read.
    pub source: Option<Arc<SourceFile>>,
    /// Findings, sorted by position then rule.
    pub diagnostics: Vec<Diagnostic>,
    /// Set when the file could not be linted.
    pub error: Option<FileError>,
}

impl FileReport {
    /// A report for a file that could not be linted.
    pub fn failed(path: impl Into<String>, kind: &'static str, message: impl Into<String>) -> Self {
        FileReport {
            path: path.into(),
            source: None,
            diagnostics: Vec::new(),
            error: Some(FileError {
                kind,
                message: message.into(),
            }),
        }
    }
}

/// Everything one `check` run found.
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// One entry per file, sorted by the name the report gives it.
    pub files: Vec<FileReport>,
    /// Metadata of every loaded rule, by id.
    pub rules: BTreeMap<String, RuleInfo>,
}

/// Totals for summary lines.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Files looked at (including those that failed).
    pub files: usize,
    /// Findings of severity error.
    pub errors: usize,
    /// Findings of severity warning.
    pub warnings: usize,
    /// Findings of severity info.
    pub infos: usize,
    /// Files that could not be linted.
    pub failed_files: usize,
}

impl Report {
    /// Counts findings by severity.
    pub fn summary(&self) -> Summary {
        let mut s = Summary::default();
        for f in &self.files {
            s.add(f);
        }
        s
    }

    /// Findings per rule id, most frequent first, then by id.
    pub fn statistics(&self) -> Vec<(String, Severity, usize)> {
        let mut stats = Statistics::default();
        for f in &self.files {
            stats.add(f);
        }
        stats.rows()
    }
}

/// Findings per rule, counted file by file.
#[derive(Clone, Debug, Default)]
pub struct Statistics(BTreeMap<String, (Severity, usize)>);

impl Statistics {
    /// Counts the findings of one file.
    pub fn add(&mut self, file: &FileReport) {
        for d in &file.diagnostics {
            let e = match self.0.get_mut(&d.rule) {
                Some(e) => e,
                None => self.0.entry(d.rule.clone()).or_insert((d.severity, 0)),
            };
            e.0 = e.0.max(d.severity);
            e.1 += 1;
        }
    }

    /// (rule, highest severity, count), most frequent first, then by id.
    pub fn rows(&self) -> Vec<(String, Severity, usize)> {
        let mut v: Vec<_> = self
            .0
            .iter()
            .map(|(r, &(s, n))| (r.clone(), s, n))
            .collect();
        v.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
        v
    }
}

impl Summary {
    /// Counts one more file and its findings.
    pub fn add(&mut self, file: &FileReport) {
        self.files += 1;
        if file.error.is_some() {
            self.failed_files += 1;
        }
        for d in &file.diagnostics {
            match d.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Info => self.infos += 1,
            }
        }
    }

    /// "2 errors, 1 warning in 3 files" (info counts only when present).
    pub fn sentence(&self) -> String {
        fn plural(n: usize, one: &str) -> String {
            if n == 1 {
                format!("1 {one}")
            } else {
                format!("{n} {one}s")
            }
        }
        let mut parts = vec![
            plural(self.errors, "error"),
            plural(self.warnings, "warning"),
        ];
        if self.infos > 0 {
            parts.push(format!("{} info", self.infos));
        }
        let mut s = format!("{} in {}", parts.join(", "), plural(self.files, "file"));
        if self.failed_files > 0 {
            s.push_str(&format!(
                " ({} could not be linted)",
                plural(self.failed_files, "file")
            ));
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Label;
    use crate::span::Span;

    fn diag(rule: &str, sev: Severity) -> Diagnostic {
        Diagnostic::new(rule, sev, "m", Label::new(Span::point(0), ""))
    }

    #[test]
    fn summary_sentence() {
        let report = Report {
            files: vec![
                FileReport {
                    path: "a.md".into(),
                    source: None,
                    diagnostics: vec![
                        diag("x/a", Severity::Error),
                        diag("x/a", Severity::Error),
                        diag("x/b", Severity::Warning),
                    ],
                    error: None,
                },
                FileReport::failed("b.md", "empty", "file is empty"),
                FileReport::failed("c.md", "io", "denied"),
            ],
            rules: BTreeMap::new(),
        };
        let s = report.summary();
        assert_eq!(
            s.sentence(),
            "2 errors, 1 warning in 3 files (2 files could not be linted)"
        );
        assert_eq!(report.statistics()[0], ("x/a".into(), Severity::Error, 2));
    }
}
