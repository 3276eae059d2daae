//! The `human` format: rustc-style snippets rendered by codespan-reporting,
//! with the primary label on the offending text, secondary labels,
//! `= note:` lines (citation and facts) and `= help:` (the fix), then a
//! one-line summary.

use std::io::{self, Write};

use codespan_reporting::diagnostic::{
    Diagnostic as CsDiagnostic, Label as CsLabel, Severity as CsSeverity,
};
use codespan_reporting::files::{self, Files, SimpleFiles};
use codespan_reporting::term::{self, Config, termcolor::Ansi};

use super::RenderOptions;
use crate::diagnostic::{Diagnostic, Severity};
use crate::report::{FileReport, Report, Summary};
use crate::source::SourceFile;

fn severity(s: Severity) -> CsSeverity {
    match s {
        Severity::Error => CsSeverity::Error,
        Severity::Warning => CsSeverity::Warning,
        Severity::Info => CsSeverity::Note,
    }
}

/// Converts one finding into codespan's diagnostic type. `external_ids`
/// gives the file id of each of the finding's external labels.
pub fn to_codespan(d: &Diagnostic, file_id: usize, external_ids: &[usize]) -> CsDiagnostic<usize> {
    let mut labels =
        vec![CsLabel::primary(file_id, d.primary.span.range()).with_message(&d.primary.message)];
    labels.extend(
        d.secondary
            .iter()
            .map(|l| CsLabel::secondary(file_id, l.span.range()).with_message(&l.message)),
    );
    labels.extend(
        d.external
            .iter()
            .zip(external_ids)
            .map(|(l, id)| CsLabel::secondary(*id, l.span.range()).with_message(&l.message)),
    );
    let mut notes = Vec::new();
    if let Some(cite) = &d.cite {
        notes.push(format!("note: {cite}"));
    }
    notes.extend(d.notes.iter().map(|n| format!("note: {n}")));
    if let Some(help) = &d.help {
        notes.push(format!("help: {help}"));
    }
    CsDiagnostic::new(severity(d.severity))
        .with_message(&d.message)
        .with_code(&d.rule)
        .with_labels(labels)
        .with_notes(notes)
}

fn emit<'f, F: Files<'f, FileId = usize>>(
    out: &mut dyn Write,
    color: bool,
    files: &'f F,
    diag: &CsDiagnostic<usize>,
) -> io::Result<()> {
    let config = Config::default();
    let result = if color {
        term::emit_to_write_style(&mut Ansi::new(&mut *out), &config, files, diag)
    } else {
        term::emit_to_io_write(out, &config, files, diag)
    };
    result.map_err(|e| match e {
        codespan_reporting::files::Error::Io(e) => e,
        other => io::Error::other(other.to_string()),
    })
}

/// Writes the findings of one file.
pub fn file(out: &mut dyn Write, color: bool, f: &FileReport) -> io::Result<()> {
    let mut files = SimpleFiles::new();
    if let Some(err) = &f.error {
        let empty = files.add(f.path.clone(), "");
        let _ = empty;
        let diag = CsDiagnostic::error()
            .with_message(format!("{}: {}", f.path, err.message))
            .with_code(format!("breachlint/{}", err.kind));
        return emit(out, color, &files, &diag);
    }
    let Some(source) = &f.source else {
        return Ok(());
    };
    let id = files.add(f.path.clone(), source.text.as_str());
    // Other files (the facts file) get one id each, shared by all findings.
    let mut others: Vec<(String, usize)> = Vec::new();
    for d in &f.diagnostics {
        let mut ids = Vec::with_capacity(d.external.len());
        for l in &d.external {
            let oid = match others.iter().find(|(p, _)| *p == l.path) {
                Some((_, oid)) => *oid,
                None => {
                    let oid = files.add(l.path.clone(), l.source.text.as_str());
                    others.push((l.path.clone(), oid));
                    oid
                }
            };
            ids.push(oid);
        }
        let diag = to_codespan(d, id, &ids);
        match source.page_line(d.primary.span.start) {
            Some(at) => {
                let paged = Paged {
                    files: &files,
                    id,
                    source,
                    name: format!("{}:p{}", f.path, at.page),
                };
                emit(out, color, &paged, &diag)?;
            }
            None => emit(out, color, &files, &diag)?,
        }
    }
    Ok(())
}

/// The files of a finding in a PDF: the text view is named after the
/// finding's page (`notice.pdf:p3`) and its lines are numbered on their
/// own page, so the location reads `notice.pdf:p3:12:5`.
struct Paged<'a> {
    files: &'a SimpleFiles<String, &'a str>,
    /// The text view's id.
    id: usize,
    source: &'a SourceFile,
    name: String,
}

impl<'a> Files<'a> for Paged<'a> {
    type FileId = usize;
    type Name = String;
    type Source = &'a str;

    fn name(&'a self, id: usize) -> Result<String, files::Error> {
        if id == self.id {
            Ok(self.name.clone())
        } else {
            self.files.name(id)
        }
    }

    fn source(&'a self, id: usize) -> Result<&'a str, files::Error> {
        self.files.source(id)
    }

    fn line_index(&'a self, id: usize, byte_index: usize) -> Result<usize, files::Error> {
        self.files.line_index(id, byte_index)
    }

    fn line_number(&'a self, id: usize, line_index: usize) -> Result<usize, files::Error> {
        match self.source.page_line_of_index(line_index) {
            Some(at) if id == self.id => Ok(at.line),
            _ => Ok(line_index + 1),
        }
    }

    fn line_range(
        &'a self,
        id: usize,
        line_index: usize,
    ) -> Result<std::ops::Range<usize>, files::Error> {
        self.files.line_range(id, line_index)
    }
}

/// Writes `report` for people.
pub fn render(report: &Report, opts: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    for f in &report.files {
        file(out, opts.color, f)?;
    }
    end(&report.summary(), opts, out)
}

/// Writes the closing summary line (none with `--quiet`).
pub fn end(summary: &Summary, opts: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    if !opts.quiet {
        if summary.errors + summary.warnings + summary.infos + summary.failed_files == 0 {
            writeln!(
                out,
                "All checks passed ({} file{} linted).",
                summary.files,
                if summary.files == 1 { "" } else { "s" }
            )?;
        } else {
            writeln!(out, "{}", summary.sentence())?;
        }
    }
    Ok(())
}
