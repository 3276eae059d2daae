//! Linting one notice: read, decode, parse, run the engine, apply
//! suppressions. Never panics on bad input; problems become a per-file error
//! or a finding.

use std::path::Path;
use std::sync::Arc;

use crate::diagnostic::{Diagnostic, Label, Severity, builtin};
use crate::document::{DocFormat, Document};
use crate::engine::Engine;
use crate::facts::Facts;
use crate::incident::{Incident, Inputs};
use crate::report::FileReport;
use crate::source::{SourceFile, display_path};
use crate::span::Span;
use jiff::civil::Date;

/// The default largest notice, in megabytes: far beyond any letter, small
/// enough that a mistaken path (a database dump, a log) is refused quickly.
pub const DEFAULT_MAX_MB: u64 = 100;

/// What a notice is checked against besides its rules: the incident facts
/// and the dates that deadlines are measured with.
#[derive(Clone, Debug)]
pub struct LintContext {
    /// The facts file for this notice, if any.
    pub facts: Option<Arc<Facts>>,
    /// Today's date.
    pub today: Date,
    /// `--notice-date`.
    pub notice_date: Option<Date>,
    /// Files larger than this many bytes are not read (`--max-file-size`).
    pub max_bytes: u64,
}

impl LintContext {
    /// No facts; today is the system date.
    pub fn today() -> LintContext {
        LintContext {
            facts: None,
            today: crate::calendar::today(),
            notice_date: None,
            max_bytes: DEFAULT_MAX_MB * 1_000_000,
        }
    }
}

/// Reads and lints the notice at `path`.
pub fn lint_path(engine: &Engine, path: &Path, cx: &LintContext) -> FileReport {
    let name = display_path(path);
    if let Ok(meta) = std::fs::metadata(path) {
        if meta.len() > cx.max_bytes {
            return too_large(name, meta.len(), cx.max_bytes);
        }
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => return FileReport::failed(name, "io", format!("cannot read the file: {e}")),
    };
    // The bytes become the document's source: a copy kept beside it would
    // be a byte per byte of peak memory on one big notice.
    match read(path, bytes, DocFormat::from_path(path)) {
        Ok(doc) => lint_document(engine, doc, cx),
        Err(failed) => failed,
    }
}

/// The report for a notice of `len` bytes, over the limit of `max`.
pub fn too_large(name: String, len: u64, max: u64) -> FileReport {
    FileReport::failed(
        name,
        "too-large",
        format!(
            "the file has {:.1} MB, more than the limit of {:.1} MB; if it really is one notice, raise the limit with --max-file-size",
            len as f64 / 1e6,
            max as f64 / 1e6
        ),
    )
}

/// Lints a notice given as bytes, as if read from `path`.
pub fn lint_bytes(
    engine: &Engine,
    path: &Path,
    bytes: &[u8],
    format: DocFormat,
    cx: &LintContext,
) -> FileReport {
    match read(path, bytes.to_vec(), format) {
        Ok(doc) => lint_document(engine, doc, cx),
        Err(failed) => failed,
    }
}

/// Reads a notice's bytes as `lint_bytes` does: binary, empty and
/// unreadable files are refused with a per-file error.
pub(crate) fn read(path: &Path, bytes: Vec<u8>, format: DocFormat) -> Result<Document, FileReport> {
    crate::document::load(path, bytes, format)
        .map_err(|e| FileReport::failed(display_path(path), e.kind, e.message))
}

/// Lints an already decoded notice.
pub fn lint_source(
    engine: &Engine,
    source: Arc<SourceFile>,
    format: DocFormat,
    cx: &LintContext,
) -> FileReport {
    lint_document(engine, Document::parse(source, format), cx)
}

/// Lints a document read by any reader.
pub fn lint_document(engine: &Engine, doc: Document, cx: &LintContext) -> FileReport {
    let source = doc.source.clone();
    // What was extracted goes once the incident is built: the rules read
    // the incident, and on one big notice the extracted mentions are a
    // sizeable share of peak memory. On a long text the literal scan that
    // every rule waits for runs alongside (see `Engine::context`).
    let (incident, rules_cx) = crate::parallel::join(
        crate::parallel::worth_splitting(doc.plain.len()),
        || {
            let extracted = crate::extract::extract_document(&doc);
            Incident::build(Inputs {
                doc: &doc,
                extracted: &extracted,
                facts: cx.facts.as_deref(),
                today: cx.today,
                notice_override: cx.notice_date,
            })
        },
        || engine.context(&doc),
    );
    let mut diagnostics = engine.lint_in(&rules_cx, &incident, None);
    // What the rules found in the text (the literal scan's places, each
    // pattern's hits) is a sizeable share of a big notice's memory, and
    // nothing below reads it.
    drop(rules_cx);
    let known: Vec<&str> = engine.rule_ids().collect();
    crate::suppress::apply(&doc, &mut diagnostics, &known);
    if let Some(at) = source.invalid_utf8_at {
        diagnostics.insert(0, encoding_warning(at));
    }
    for warning in &doc.warnings {
        diagnostics.insert(
            0,
            Diagnostic::new(
                builtin::FORMAT,
                Severity::Warning,
                warning.message.clone(),
                Label::new(warning.span, "here"),
            )
            .with_help(warning.help.clone()),
        );
    }
    // In a Word or PDF file the line of the text view is not where a
    // reader looks: name the paragraph, or the page and its line.
    for d in &mut diagnostics {
        let at = d.primary.span.start;
        let place = doc
            .layout
            .place_of(at)
            .map(|p| format!("in {p}"))
            .or_else(|| {
                source
                    .page_line(at)
                    .map(|p| format!("on page {}, line {}", p.page, p.line))
            });
        if let Some(place) = place {
            d.notes.insert(
                0,
                format!("{place} of the {} file", doc.format.display_name()),
            );
        }
    }
    FileReport {
        path: source.name(),
        source: Some(source),
        diagnostics,
        error: None,
    }
}

/// The warning on a notice that was not valid UTF-8.
pub(crate) fn encoding_warning(at: usize) -> Diagnostic {
    Diagnostic::new(
        builtin::ENCODING,
        Severity::Warning,
        "the file is not valid UTF-8; invalid bytes were replaced before checking",
        Label::new(Span::point(at), "first invalid byte here"),
    )
    .with_note("positions after this point may be off by a few columns")
    .with_help("save the notice as UTF-8 (most editors offer it under \"Save as\" or \"Encoding\")")
}
