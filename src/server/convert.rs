//! breachlint's findings and errors as LSP diagnostics.

use std::path::Path;

use lsp_types::{
    Diagnostic as LspDiagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location,
    NumberOrString, Range, Uri,
};

use super::position::{Encoding, LineIndex, path_to_uri};
use crate::diagnostic::{Diagnostic, Severity};
use crate::error::{Error, SpannedError};
use crate::report::FileReport;

/// The `source` of every diagnostic.
pub const SOURCE: &str = "breachlint";

/// The code of a diagnostic saying a notice could not be checked because a
/// file it depends on has errors.
pub const NOT_CHECKED: &str = "breachlint/not-checked";

/// The code of a diagnostic saying that checking a notice failed inside breachlint.
pub const INTERNAL: &str = "breachlint/internal-error";

fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

/// A diagnostic with breachlint's source and `code`.
pub fn lsp(range: Range, sev: DiagnosticSeverity, code: &str, message: String) -> LspDiagnostic {
    LspDiagnostic {
        range,
        severity: Some(sev),
        code: Some(NumberOrString::String(code.to_string())),
        source: Some(SOURCE.to_string()),
        message,
        ..LspDiagnostic::default()
    }
}

/// One finding in the notice at `uri` whose text is indexed by `index`.
pub fn finding(d: &Diagnostic, uri: &Uri, index: &LineIndex<'_>, enc: Encoding) -> LspDiagnostic {
    let mut message = d.message.clone();
    for note in &d.notes {
        message.push_str("\nnote: ");
        message.push_str(note);
    }
    let mut out = lsp(
        index.range(d.primary.span),
        severity(d.severity),
        &d.rule,
        message,
    );
    let mut related: Vec<DiagnosticRelatedInformation> = d
        .secondary
        .iter()
        .map(|l| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), index.range(l.span)),
            message: l.message.clone(),
        })
        .collect();
    for ext in &d.external {
        let Some(ext_uri) = path_to_uri(&ext.source.path) else {
            continue;
        };
        let ext_index = LineIndex::new(&ext.source.text, enc);
        related.push(DiagnosticRelatedInformation {
            location: Location::new(ext_uri, ext_index.range(ext.span)),
            message: ext.message.clone(),
        });
    }
    if !related.is_empty() {
        out.related_information = Some(related);
    }
    out
}

/// Every finding of `report`, or one diagnostic when the file could not be checked.
pub fn report(report: &FileReport, uri: &Uri, text: &str, enc: Encoding) -> Vec<LspDiagnostic> {
    let index = LineIndex::new(text, enc);
    let mut out: Vec<LspDiagnostic> = report
        .diagnostics
        .iter()
        .map(|d| finding(d, uri, &index, enc))
        .collect();
    if let Some(e) = &report.error {
        out.push(lsp(
            Range::default(),
            DiagnosticSeverity::ERROR,
            NOT_CHECKED,
            e.message.clone(),
        ));
    }
    out
}

/// A located error as a diagnostic in its own file.
pub fn spanned(e: &SpannedError, sev: DiagnosticSeverity, enc: Encoding) -> LspDiagnostic {
    let index = LineIndex::new(&e.source, enc);
    let range = e.span.map(|s| index.range(s)).unwrap_or_default();
    let mut message = e.message.clone();
    if let Some(label) = &e.label {
        message.push_str(&format!(" ({label})"));
    }
    if let Some(help) = &e.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    lsp(range, sev, "breachlint/config", message)
}

/// What the notice at `notice` shows when
/// it could not be checked because of `e`: the error itself when it lies in
/// the notice (front matter), else a pointer to the file that has it.
pub fn not_checked(e: &Error, notice: &Path, enc: Encoding) -> LspDiagnostic {
    match e {
        Error::Spanned(s) if s.path == notice => {
            let mut d = spanned(s, DiagnosticSeverity::ERROR, enc);
            d.code = Some(NumberOrString::String(NOT_CHECKED.into()));
            d.message = format!("the notice was not checked: {}", d.message);
            d
        }
        Error::Spanned(s) => {
            let mut d = lsp(
                Range::default(),
                DiagnosticSeverity::ERROR,
                NOT_CHECKED,
                format!(
                    "the notice was not checked: {} has an error: {}",
                    s.path.display(),
                    s.message
                ),
            );
            if let Some(file) = path_to_uri(&s.path).filter(|_| s.path.is_file()) {
                let index = LineIndex::new(&s.source, enc);
                d.related_information = Some(vec![DiagnosticRelatedInformation {
                    location: Location::new(
                        file,
                        s.span.map(|sp| index.range(sp)).unwrap_or_default(),
                    ),
                    message: s.message.clone(),
                }]);
            }
            d
        }
        other => lsp(
            Range::default(),
            DiagnosticSeverity::ERROR,
            NOT_CHECKED,
            format!("the notice was not checked: {other}"),
        ),
    }
}
