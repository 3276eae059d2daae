//! The `json` output format: one document holding every finding, every file
//! that could not be linted, and a summary.
//!
//! The shape is a stable, versioned schema documented in `docs/output.md`;
//! any incompatible change must bump [`SCHEMA_VERSION`]. The position and
//! finding types defined here are shared with the `json-lines`, `sarif` and
//! `github` renderers so that every machine format agrees on positions.

use std::io::{self, Write};

use serde::Serialize;

use super::RenderOptions;
use crate::diagnostic::{Diagnostic, ExternalLabel, Label, Severity};
use crate::report::{FileReport, Report, Summary};
use crate::source::SourceFile;
use crate::span::Span;

/// Version of the JSON schema (also used by `json-lines`).
pub const SCHEMA_VERSION: u32 = 1;

/// The name every machine format reports for the tool.
pub(crate) const TOOL_NAME: &str = "breachlint";

/// The crate version, reported by every machine format.
pub(crate) const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Writes `report` as one pretty-printed JSON document followed by a newline.
pub fn render(report: &Report, _opts: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    let doc = Document::new(report);
    serde_json::to_writer_pretty(&mut *out, &doc).map_err(io::Error::from)?;
    out.write_all(b"\n")
}

/// The whole `json` document.
#[derive(Debug, Serialize)]
struct Document<'a> {
    version: u32,
    tool: Tool,
    files: Vec<FileEntry<'a>>,
    findings: Vec<Finding<'a>>,
    errors: Vec<ErrorEntry<'a>>,
    summary: SummaryEntry,
}

impl<'a> Document<'a> {
    fn new(report: &'a Report) -> Self {
        Document {
            version: SCHEMA_VERSION,
            tool: Tool::default(),
            files: report
                .files
                .iter()
                .map(|f| FileEntry {
                    path: &f.path,
                    linted: f.error.is_none(),
                    findings: f.diagnostics.len(),
                })
                .collect(),
            findings: findings(report).collect(),
            errors: errors(report).collect(),
            summary: SummaryEntry::new(&report.summary()),
        }
    }
}

/// `tool`: which program wrote the document.
#[derive(Debug, Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

impl Default for Tool {
    fn default() -> Self {
        Tool {
            name: TOOL_NAME,
            version: TOOL_VERSION,
        }
    }
}

/// One entry of `files`.
#[derive(Debug, Serialize)]
struct FileEntry<'a> {
    path: &'a str,
    linted: bool,
    findings: usize,
}

/// `summary`. Its own type (rather than [`crate::report::Summary`]) so the
/// schema cannot change by accident when the internal type grows.
#[derive(Debug, Serialize)]
pub(crate) struct SummaryEntry {
    files: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
    failed_files: usize,
}

impl SummaryEntry {
    pub(crate) fn new(s: &Summary) -> Self {
        SummaryEntry {
            files: s.files,
            errors: s.errors,
            warnings: s.warnings,
            infos: s.infos,
            failed_files: s.failed_files,
        }
    }
}

/// A place in a notice: 1-based line, 1-based column counted in characters,
/// and the byte offset into the file's text; in a PDF, also the 1-based
/// page and line of that page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct Position {
    pub(crate) line: usize,
    pub(crate) column: usize,
    pub(crate) offset: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) page: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) page_line: Option<usize>,
}

/// The position of byte `offset`.
///
/// Without a source text no line can be computed; the position then falls
/// back to the start of the file, which is where a reader would look for a
/// problem with the file as a whole.
pub(crate) fn position(source: Option<&SourceFile>, offset: usize) -> Position {
    match source {
        Some(src) => {
            let offset = src.clamp(offset);
            let lc = src.line_col(offset);
            let paged = src.page_line_of_index(lc.line - 1);
            Position {
                line: lc.line,
                column: lc.column,
                offset,
                page: paged.map(|p| p.page),
                page_line: paged.map(|p| p.line),
            }
        }
        None => Position {
            line: 1,
            column: 1,
            offset,
            page: None,
            page_line: None,
        },
    }
}

/// The end of `span` for formats that show a range on screen (SARIF, GitHub):
/// a trailing line break is left out, so a span covering a whole line
/// including its `\n` ends on that line rather than at column 1 of the next.
/// Empty spans and spans that are only a line break are returned unchanged.
pub(crate) fn display_end(source: Option<&SourceFile>, span: Span) -> usize {
    let Some(src) = source else {
        return span.end;
    };
    let start = src.clamp(span.start);
    let end = src.clamp(span.end);
    if end <= start {
        return end;
    }
    let text = &src.text[start..end];
    let trimmed = text
        .strip_suffix("\r\n")
        .or_else(|| text.strip_suffix('\n'))
        .unwrap_or(text);
    if trimmed.is_empty() {
        end
    } else {
        start + trimmed.len()
    }
}

/// The citation to show with `d`: its own, else its rule's.
pub(crate) fn effective_cite<'a>(report: &'a Report, d: &'a Diagnostic) -> Option<&'a str> {
    d.cite
        .as_deref()
        .or_else(|| report.rules.get(&d.rule).map(|r| r.cite.as_str()))
        .filter(|c| !c.is_empty())
}

/// The help to show with `d`: its own, else its rule's.
pub(crate) fn effective_help<'a>(report: &'a Report, d: &'a Diagnostic) -> Option<&'a str> {
    d.help
        .as_deref()
        .or_else(|| report.rules.get(&d.rule).map(|r| r.help.as_str()))
        .filter(|h| !h.is_empty())
}

/// One finding, as written by `json` (in `findings`) and `json-lines`.
#[derive(Debug, Serialize)]
pub(crate) struct Finding<'a> {
    path: &'a str,
    rule: &'a str,
    severity: Severity,
    message: &'a str,
    /// The primary label's text; `null` when it has none.
    label: Option<&'a str>,
    cite: Option<&'a str>,
    help: Option<&'a str>,
    notes: &'a [String],
    /// Whether the rule's law was checked against its text; `null` for
    /// breachlint's own checks, which have no rule-set entry.
    verified: Option<bool>,
    start: Position,
    end: Position,
    labels: Vec<LabelEntry<'a>>,
    /// Places in other files (the incident facts file) that explain the finding.
    external: Vec<ExternalEntry<'a>>,
}

/// A place in another file than the notice.
#[derive(Debug, Serialize)]
struct ExternalEntry<'a> {
    path: &'a str,
    message: &'a str,
    start: Position,
    end: Position,
}

impl<'a> ExternalEntry<'a> {
    fn new(label: &'a ExternalLabel) -> Self {
        ExternalEntry {
            path: &label.path,
            message: &label.message,
            start: position(Some(&label.source), label.span.start),
            end: position(Some(&label.source), label.span.end),
        }
    }
}

/// A secondary label of a finding.
#[derive(Debug, Serialize)]
struct LabelEntry<'a> {
    message: &'a str,
    start: Position,
    end: Position,
}

impl<'a> LabelEntry<'a> {
    fn new(source: Option<&SourceFile>, label: &'a Label) -> Self {
        LabelEntry {
            message: &label.message,
            start: position(source, label.span.start),
            end: position(source, label.span.end),
        }
    }
}

impl<'a> Finding<'a> {
    pub(crate) fn new(report: &'a Report, file: &'a FileReport, d: &'a Diagnostic) -> Self {
        let source = file.source.as_deref();
        Finding {
            path: &file.path,
            rule: &d.rule,
            severity: d.severity,
            message: &d.message,
            label: Some(d.primary.message.as_str()).filter(|m| !m.is_empty()),
            cite: effective_cite(report, d),
            help: effective_help(report, d),
            notes: &d.notes,
            verified: report.rules.get(&d.rule).map(|r| r.verified),
            start: position(source, d.primary.span.start),
            end: position(source, d.primary.span.end),
            labels: d
                .secondary
                .iter()
                .map(|l| LabelEntry::new(source, l))
                .collect(),
            external: d.external.iter().map(ExternalEntry::new).collect(),
        }
    }
}

/// Every finding of `report`, in report order.
pub(crate) fn findings(report: &Report) -> impl Iterator<Item = Finding<'_>> {
    report.files.iter().flat_map(move |f| {
        f.diagnostics
            .iter()
            .map(move |d| Finding::new(report, f, d))
    })
}

/// A file that could not be linted.
#[derive(Debug, Serialize)]
pub(crate) struct ErrorEntry<'a> {
    path: &'a str,
    kind: &'a str,
    message: &'a str,
}

impl<'a> ErrorEntry<'a> {
    /// The error of `file`, if it could not be linted.
    pub(crate) fn of(file: &'a FileReport) -> Option<Self> {
        file.error.as_ref().map(|e| ErrorEntry {
            path: &file.path,
            kind: e.kind,
            message: &e.message,
        })
    }
}

/// Every per-file error of `report`, in report order.
pub(crate) fn errors(report: &Report) -> impl Iterator<Item = ErrorEntry<'_>> {
    report.files.iter().filter_map(ErrorEntry::of)
}

/// Report fixtures shared by the renderer tests.
#[cfg(test)]
pub(crate) mod fixtures {
    use std::collections::BTreeMap;
    use std::sync::Arc;

    use crate::diagnostic::{Diagnostic, Label, Severity, builtin};
    use crate::report::{FileReport, Report, RuleInfo};
    use crate::source::SourceFile;
    use crate::span::Span;

    /// Byte range of the first occurrence of `needle` in `text`.
    pub(crate) fn find(text: &str, needle: &str) -> Span {
        let start = text.find(needle).expect("fixture text contains needle");
        Span::new(start, start + needle.len())
    }

    /// Metadata for a rule of the fixture rule set.
    pub(crate) fn rule(id: &str, severity: Severity, verified: bool) -> RuleInfo {
        RuleInfo {
            id: id.to_string(),
            ruleset: id.split('/').next().unwrap_or(id).to_string(),
            severity,
            message: format!("message of {id}"),
            title: format!("message of {id}"),
            cite: "45 CFR 164.404(c)".to_string(),
            why: format!("why {id} exists"),
            help: format!("how to fix {id}"),
            verified,
        }
    }

    /// Two notices (one with non-ASCII text), a finding with a secondary
    /// label, a finding at an empty span, a built-in finding without rule
    /// metadata, and one file that could not be read.
    pub(crate) fn report() -> Report {
        let a_text = "# Notice of a Data Incident\n\nDear Customer,\n\nOn [DATE] we learned that an employee's mailbox was opened.\nCall us at 555-0100.\n";
        let b_text = "Café Zoë — Notice\n\nWhat happened: a laptop was stolen on 2024-02-30.\n";
        let a = Arc::new(SourceFile::new("a notice.md", a_text));
        let b = Arc::new(SourceFile::new("dir/b.txt", b_text));
        let facts_text = "[incident]\ndiscovered = 2024-03-01\n";
        let facts = Arc::new(SourceFile::new("incident.toml", facts_text));

        let placeholder = Diagnostic::new(
            "hipaa/placeholder",
            Severity::Error,
            "unfilled placeholder `[DATE]`",
            Label::new(find(a_text, "[DATE]"), "replace this placeholder"),
        )
        .with_secondary(Label::new(find(a_text, "Dear Customer"), "salutation here"))
        .with_note("placeholders are bracketed capitals");
        let missing = Diagnostic::new(
            "hipaa/contact",
            Severity::Warning,
            "no toll-free contact number",
            Label::new(Span::point(a_text.len()), "expected a contact section here"),
        );
        let bad_date = Diagnostic::new(
            "hipaa/date",
            Severity::Error,
            "`2024-02-30` is not a calendar date",
            Label::new(find(b_text, "2024-02-30"), ""),
        )
        .with_cite("45 CFR 164.404(c)(1)(A)")
        .with_help("write the date the breach happened")
        .with_external(&facts, find(facts_text, "2024-03-01"), "discovery date");
        let encoding = Diagnostic::new(
            builtin::ENCODING,
            Severity::Info,
            "title uses non-ASCII text",
            Label::new(find(b_text, "Café Zoë"), "here"),
        );

        let mut rules = BTreeMap::new();
        for r in [
            rule("hipaa/placeholder", Severity::Error, true),
            rule("hipaa/contact", Severity::Warning, false),
            rule("hipaa/date", Severity::Error, true),
        ] {
            rules.insert(r.id.clone(), r);
        }
        Report {
            files: vec![
                FileReport {
                    path: "a notice.md".into(),
                    source: Some(a),
                    diagnostics: vec![placeholder, missing],
                    error: None,
                },
                FileReport {
                    path: "dir/b.txt".into(),
                    source: Some(b),
                    diagnostics: vec![encoding, bad_date],
                    error: None,
                },
                FileReport::failed("gone.md", "io", "permission denied"),
            ],
            rules,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn render_json(report: &Report) -> Value {
        let mut out = Vec::new();
        render(report, &RenderOptions::default(), &mut out).expect("rendering succeeds");
        serde_json::from_slice(&out).expect("output is JSON")
    }

    #[test]
    fn document_shape() {
        let v = render_json(&fixtures::report());
        assert_eq!(v["version"], 1);
        assert_eq!(v["tool"]["name"], "breachlint");
        assert_eq!(v["tool"]["version"], env!("CARGO_PKG_VERSION"));
        assert_eq!(v["files"].as_array().map(Vec::len), Some(3));
        assert_eq!(v["files"][2]["linted"], false);
        assert_eq!(v["findings"].as_array().map(Vec::len), Some(4));
        assert_eq!(
            v["errors"],
            serde_json::json!([{"path": "gone.md", "kind": "io", "message": "permission denied"}])
        );
        assert_eq!(
            v["summary"],
            serde_json::json!({"files": 3, "errors": 2, "warnings": 1, "infos": 1, "failed_files": 1})
        );
    }

    #[test]
    fn positions_are_characters_and_bytes() {
        let v = render_json(&fixtures::report());
        let date = &v["findings"][3];
        assert_eq!(date["rule"], "hipaa/date");
        // "What happened: a laptop was stolen on " starts line 3; the date
        // follows 38 characters in, so it starts at column 39.
        assert_eq!(date["start"]["line"], 3);
        assert_eq!(date["start"]["column"], 39);
        assert_eq!(date["end"]["column"], 49);
        let text = "Café Zoë — Notice\n\nWhat happened: a laptop was stolen on 2024-02-30.\n";
        let offset = text.find("2024").unwrap_or_default();
        assert_eq!(date["start"]["offset"], offset);
        assert_eq!(date["end"]["offset"], offset + 10);
        // Non-ASCII: "Café Zoë" is 8 characters but 10 bytes.
        let title = &v["findings"][2];
        assert_eq!(title["end"]["column"], 9);
        assert_eq!(title["end"]["offset"], 10);
        assert_eq!(title["verified"], Value::Null);
        assert_eq!(date["cite"], "45 CFR 164.404(c)(1)(A)");
        assert_eq!(
            date["external"],
            serde_json::json!([{
                "path": "incident.toml",
                "message": "discovery date",
                "start": {"line": 2, "column": 14, "offset": 24},
                "end": {"line": 2, "column": 24, "offset": 34},
            }])
        );
        assert_eq!(v["findings"][0]["external"], serde_json::json!([]));
    }

    #[test]
    fn finding_fields_and_fallbacks() {
        let v = render_json(&fixtures::report());
        let first = &v["findings"][0];
        assert_eq!(first["path"], "a notice.md");
        assert_eq!(first["label"], "replace this placeholder");
        // No own cite or help: the rule's metadata fills in.
        assert_eq!(first["cite"], "45 CFR 164.404(c)");
        assert_eq!(first["help"], "how to fix hipaa/placeholder");
        assert_eq!(first["notes"][0], "placeholders are bracketed capitals");
        assert_eq!(first["verified"], true);
        assert_eq!(first["labels"][0]["message"], "salutation here");
        assert_eq!(first["labels"][0]["start"]["line"], 3);
        assert_eq!(first["labels"][0]["start"]["column"], 1);
        // Empty span: start equals end.
        let missing = &v["findings"][1];
        assert_eq!(missing["start"], missing["end"]);
        assert_eq!(v["findings"][3]["label"], Value::Null);
    }

    #[test]
    fn output_is_deterministic() {
        let report = fixtures::report();
        let mut a = Vec::new();
        let mut b = Vec::new();
        render(&report, &RenderOptions::default(), &mut a).expect("render");
        render(&report, &RenderOptions::default(), &mut b).expect("render");
        assert_eq!(a, b);
        assert!(a.ends_with(b"}\n"));
    }

    #[test]
    fn empty_report() {
        let v = render_json(&Report::default());
        assert_eq!(v["findings"], serde_json::json!([]));
        assert_eq!(v["summary"]["files"], 0);
    }

    #[test]
    fn display_end_drops_a_trailing_line_break() {
        let src = SourceFile::new("n.txt", "ab\r\ncd\n");
        assert_eq!(display_end(Some(&src), Span::new(0, 4)), 2);
        assert_eq!(display_end(Some(&src), Span::new(4, 7)), 6);
        assert_eq!(display_end(Some(&src), Span::new(2, 4)), 4);
        assert_eq!(display_end(Some(&src), Span::point(3)), 3);
        assert_eq!(display_end(None, Span::new(0, 4)), 4);
    }

    #[test]
    fn positions_without_source_or_past_the_end() {
        assert_eq!(
            position(None, 17),
            Position {
                line: 1,
                column: 1,
                offset: 17,
                page: None,
                page_line: None,
            }
        );
        let src = SourceFile::new("n.txt", "é");
        // Inside the two-byte character: clamped back onto its start.
        assert_eq!(position(Some(&src), 1).offset, 0);
        assert_eq!(position(Some(&src), 99).offset, 2);
    }
}
