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
    match load_path(path, cx) {
        Ok(doc) => lint_document(engine, doc, cx),
        Err(failed) => failed,
    }
}

/// Reads the notice at `path` as [`lint_path`] does, or the report of why
/// it cannot be linted (too large, unreadable, binary, empty).
pub fn load_path(path: &Path, cx: &LintContext) -> Result<Document, FileReport> {
    let name = display_path(path);
    if let Ok(meta) = std::fs::metadata(path) {
        if meta.len() > cx.max_bytes {
            return Err(too_large(name, meta.len(), cx.max_bytes));
        }
    }
    let bytes = std::fs::read(path)
        .map_err(|e| FileReport::failed(name, "io", format!("cannot read the file: {e}")))?;
    // The bytes become the document's source: a copy kept beside it would
    // be a byte per byte of peak memory on one big notice.
    read(path, bytes, DocFormat::from_path(path))
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
    let split = crate::parallel::worth_splitting(doc.plain.len());
    lint_split(engine, doc, cx, split)
}

/// [`lint_document`], with the independent parts of the work side by side
/// on the pool when `split`: the extractors, the literal scan that every
/// rule waits for (see `Engine::context`), then the rules.
fn lint_split(engine: &Engine, doc: Document, cx: &LintContext, split: bool) -> FileReport {
    // What was extracted goes once the incident is built: the rules read
    // the incident, and on one big notice the extracted mentions are a
    // sizeable share of peak memory.
    let (incident, rules_cx) = crate::parallel::join(
        split,
        || {
            incident_from(
                &doc,
                &crate::extract::extract_document_split(&doc, split),
                cx,
            )
        },
        || engine.context(&doc, split),
    );
    crate::pattern::release_caches_after(doc.plain.len());
    let diagnostics = engine.lint_split(&rules_cx, &incident, None, split);
    // What the rules found in the text (the literal scan's places, each
    // pattern's hits) is a sizeable share of a big notice's memory, and
    // nothing below reads it.
    drop(rules_cx);
    report(engine, doc, diagnostics)
}

/// How many notices one thread lints together (see [`lint_documents`]).
/// Notices of real letters' wording, 32 at a time, missed a (simulated)
/// 1 MB core cache about half as often as one at a time, and were linted
/// 10 to 15 % faster on one thread.
pub const LINTED_TOGETHER: usize = 32;

/// The most bytes of text linted together: more notices would only hold
/// more memory, as each notice's steps already fill the cache.
pub const LINTED_TOGETHER_BYTES: usize = 256 * 1024;

/// Lints several notices checked alike, one step at a time across all of
/// them: the facts of each, then the literal scan of each, then the one
/// pass over the atoms it cannot place, then the rules.
///
/// A notice's work reads a few megabytes of automata, more than a core's
/// cache holds, and the next notice found them evicted. Run across
/// notices, each step's automata stay in the cache from one notice to the
/// next: with a simulated 1 MB cache, 400 notices of real letters' wording
/// missed it 3.2 M times instead of 5.9 M for the same instructions, and
/// one thread linted them 10 to 15 % faster. The reports
/// are those [`lint_document`] makes, in the same order; a long notice,
/// whose steps [`lint_document`] runs side by side, is linted on its own,
/// and so is a lone short one.
pub fn lint_documents(engine: &Engine, docs: Vec<Document>, cx: &LintContext) -> Vec<FileReport> {
    let (mut long, mut short): (Vec<_>, Vec<_>) = docs
        .into_iter()
        .enumerate()
        .partition(|(_, d)| crate::parallel::worth_splitting(d.plain.len()));
    // A lone short notice (one checked from the command line, or the one an
    // editor just changed) is the only work there is: its steps run side
    // by side, as a long notice's do, instead of leaving the other cores
    // idle while they run in turn. Its facts, extracted while its literal
    // scan runs, took a lone notice from process start from 17.0 to
    // 15.7 ms (medians of 200 runs each, two cores).
    if short.len() == 1 {
        long.append(&mut short);
    }
    let mut reports: Vec<(usize, FileReport)> = long
        .into_iter()
        .map(|(i, doc)| (i, lint_split(engine, doc, cx, true)))
        .collect();
    let (places, short): (Vec<usize>, Vec<Document>) = short.into_iter().unzip();
    reports.extend(places.into_iter().zip(lint_together(engine, short, cx)));
    reports.sort_unstable_by_key(|(i, _)| *i);
    reports.into_iter().map(|(_, r)| r).collect()
}

/// [`lint_documents`] over short notices, one step at a time across them.
fn lint_together(engine: &Engine, docs: Vec<Document>, cx: &LintContext) -> Vec<FileReport> {
    let incidents: Vec<Incident> = docs
        .iter()
        .zip(crate::extract::extract_documents(&docs))
        .map(|(doc, extracted)| incident_from(doc, &extracted, cx))
        .collect();
    let contexts: Vec<_> = docs.iter().map(|d| engine.context(d, false)).collect();
    for c in &contexts {
        c.scan_literals();
    }
    for c in &contexts {
        c.scan_unplaced();
    }
    let pairs: Vec<_> = contexts.iter().zip(&incidents).collect();
    let diagnostics = engine.lint_many(&pairs);
    drop(pairs);
    drop(contexts);
    docs.into_iter()
        .zip(diagnostics)
        .map(|(doc, d)| report(engine, doc, d))
        .collect()
}

/// The incident of `doc` from what was extracted from it.
fn incident_from(
    doc: &Document,
    extracted: &crate::extract::Extracted,
    cx: &LintContext,
) -> Incident {
    Incident::build(Inputs {
        doc,
        extracted,
        facts: cx.facts.as_deref(),
        today: cx.today,
        notice_override: cx.notice_date,
    })
}

/// The report of `doc` from what its rules found: suppressions applied,
/// reading warnings added, places in a Word or PDF file named.
fn report(engine: &Engine, doc: Document, mut diagnostics: Vec<Diagnostic>) -> FileReport {
    let source = doc.source.clone();
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

#[cfg(test)]
mod tests {
    use super::*;

    fn docs(texts: &[(std::path::PathBuf, String)]) -> Vec<Document> {
        texts
            .iter()
            .map(|(path, text)| {
                let format = DocFormat::from_path(path);
                Document::parse(
                    Arc::new(SourceFile::new(path.clone(), text.clone())),
                    format,
                )
            })
            .collect()
    }

    fn cx() -> LintContext {
        LintContext {
            facts: None,
            today: jiff::civil::date(2026, 12, 2),
            notice_date: None,
            max_bytes: u64::MAX,
        }
    }

    /// Each notice linted with others, a step at a time across them, gets
    /// the report it gets alone, in its place; a long notice among them is
    /// linted on its own.
    #[test]
    fn notices_linted_together_get_the_reports_they_get_alone() {
        let engine = Engine::builtin();
        let mut texts = crate::fixtures::notices();
        assert!(texts.len() > 20, "fixtures found: {}", texts.len());
        let alone: Vec<FileReport> = docs(&texts)
            .into_iter()
            .map(|d| lint_document(&engine, d, &cx()))
            .collect();
        assert!(alone.iter().filter(|r| !r.diagnostics.is_empty()).count() > 10);
        let together = lint_documents(&engine, docs(&texts), &cx());
        assert_eq!(together.len(), alone.len());
        for (a, t) in alone.iter().zip(&together) {
            assert_eq!(a.path, t.path);
            assert_eq!(a.diagnostics, t.diagnostics, "{}", a.path);
        }
        // A lone short notice, whose rules run side by side.
        for (text, a) in texts.iter().zip(&alone) {
            let lone = lint_documents(&engine, docs(std::slice::from_ref(text)), &cx());
            assert_eq!(lone[0].diagnostics, a.diagnostics, "{}", a.path);
        }

        texts.insert(1, ("long.md".into(), crate::parallel::long_notice()));
        let with_long = lint_documents(&engine, docs(&texts), &cx());
        assert_eq!(with_long.len(), alone.len() + 1);
        assert_eq!(with_long[1].path, "long.md");
        assert!(!with_long[1].diagnostics.is_empty());
        assert_eq!(with_long[0].diagnostics, alone[0].diagnostics);
        assert_eq!(with_long[2].diagnostics, alone[1].diagnostics);
    }
}
