//! Checking a mailing: every rendered letter against the mail merge's data
//! source (`breachlint merge-check`).
//!
//! Every identifying value of every recipient ([`recipients`]) goes into one
//! Aho-Corasick automaton over normalised text ([`normalize`]). Each letter
//! is normalised once and run through it once, so the cost grows with the
//! letters' length plus the list's size, never with letters × recipients.
//! A letter's matches say whose key it carries (none: `merge/no-recipient`;
//! several: `merge/several-recipients`) and whose other values
//! (`merge/other-recipient`). The hygiene rule set's template-leftover
//! rules find `merge/unfilled-field`. Over the batch, a [`Tally`] of which
//! recipient each letter went to gives `merge/missing-letter` and
//! `merge/duplicate-letter`, reported on the recipient's line of the list.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::diagnostic::{Capped, Diagnostic, Label, MAX_SECONDARY, Severity, and_more};
use crate::document::{DocFormat, Document};
use crate::engine::{Engine, Overrides};
use crate::error::Error;
use crate::extract::Extracted;
use crate::incident::{Incident, Inputs};
use crate::lint::LintContext;
use crate::report::FileReport;
use crate::source::SourceFile;
use crate::span::Span;

pub mod normalize;
pub mod recipients;
pub mod rules;

pub use recipients::{Field, Options, Recipients};

/// The hygiene rules whose findings are template leftovers: a field the
/// merge did not fill.
const UNFILLED_RULES: &[&str] = &[
    "hygiene/placeholder",
    "hygiene/angle-placeholder",
    "hygiene/merge-field",
    "hygiene/empty-merge-field",
    "hygiene/masked-value",
    "hygiene/empty-salutation",
    "hygiene/empty-field-label",
];

/// The recipients' list compiled for matching letters against it.
pub struct MergeIndex {
    /// The list.
    pub recipients: Recipients,
    automaton: AhoCorasick,
    /// Per automaton pattern: the values (indexes into `recipients.values`)
    /// it stands for. Only one row's values share a pattern: a value found
    /// in two rows identifies neither.
    patterns: Vec<Vec<u32>>,
    /// The hygiene rules that find unfilled fields.
    unfilled: Engine,
}

impl std::fmt::Debug for MergeIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MergeIndex")
            .field("rows", &self.recipients.rows.len())
            .field("patterns", &self.patterns.len())
            .finish()
    }
}

/// Which recipient a letter was for, as far as the tally is concerned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Addressee {
    /// The letter carries exactly this row's key, here.
    One(u32, Span),
    /// No key, or several.
    Unknown,
}

/// One letter's findings and addressee.
#[derive(Debug)]
pub struct LetterResult {
    /// The findings, as for `check`.
    pub report: FileReport,
    /// Whose letter it is.
    pub addressee: Addressee,
}

impl MergeIndex {
    /// Compiles `recipients`.
    pub fn new(recipients: Recipients) -> Result<MergeIndex, Error> {
        let mut by_text: std::collections::HashMap<&str, u32> =
            std::collections::HashMap::with_capacity(recipients.values.len());
        let mut texts: Vec<&str> = Vec::new();
        let mut patterns: Vec<Vec<u32>> = Vec::new();
        for (i, v) in recipients.values.iter().enumerate() {
            let p = *by_text.entry(v.text.as_str()).or_insert_with(|| {
                texts.push(v.text.as_str());
                patterns.push(Vec::new());
                (texts.len() - 1) as u32
            });
            patterns[p as usize].push(i as u32);
        }
        // Standard semantics: every occurrence of every value is reported,
        // overlapping or not ("12 elm street" inside "12 elm street apt 4").
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .build(&texts)
            .map_err(|e| {
                Error::Usage(format!(
                    "{}: the recipients' values could not be indexed: {e}",
                    recipients.source.name()
                ))
            })?;
        drop(by_text);
        let mut hygiene = crate::rules::builtin::load("hygiene")
            .expect("the hygiene rule set is built in")
            .map_err(Error::from)?;
        hygiene
            .rules
            .retain(|r| UNFILLED_RULES.contains(&r.info.id.as_str()));
        // A template marker left in a letter is a fact, not a reading of the
        // law: no "have counsel confirm" note on these findings.
        for r in &mut hygiene.rules {
            r.info.verified = true;
        }
        let unfilled = Engine::new(vec![hygiene], &Overrides::default())
            .map_err(|e| Error::Usage(e.to_string()))?;
        Ok(MergeIndex {
            recipients,
            automaton,
            patterns,
            unfilled,
        })
    }

    /// Number of distinct identifying values.
    pub fn pattern_count(&self) -> usize {
        self.patterns.len()
    }

    /// Reads and checks the letter at `path`.
    pub fn check_path(&self, path: &Path, cx: &LintContext) -> LetterResult {
        let name = crate::source::display_path(path);
        let unknown = |report| LetterResult {
            report,
            addressee: Addressee::Unknown,
        };
        if let Ok(meta) = std::fs::metadata(path) {
            if meta.len() > cx.max_bytes {
                return unknown(FileReport::failed(
                    name,
                    "too-large",
                    format!(
                        "the file has {:.1} MB, more than the limit of {:.1} MB; if it really is one letter, raise the limit with --max-file-size",
                        meta.len() as f64 / 1e6,
                        cx.max_bytes as f64 / 1e6
                    ),
                ));
            }
        }
        match std::fs::read(path) {
            Ok(bytes) => self.check_owned(path, bytes, cx),
            Err(e) => unknown(FileReport::failed(
                name,
                "io",
                format!("cannot read the file: {e}"),
            )),
        }
    }

    /// Checks a letter given as bytes, as if read from `path`.
    pub fn check_bytes(&self, path: &Path, bytes: &[u8], cx: &LintContext) -> LetterResult {
        self.check_owned(path, bytes.to_vec(), cx)
    }

    /// [`MergeIndex::check_bytes`] for bytes it may keep: a letter read from
    /// a file becomes its document's text without a copy.
    fn check_owned(&self, path: &Path, bytes: Vec<u8>, cx: &LintContext) -> LetterResult {
        // Binary and empty files are refused as `check` refuses them.
        let doc = match crate::lint::read(path, bytes, DocFormat::from_path(path)) {
            Ok(d) => d,
            Err(report) => {
                return LetterResult {
                    report,
                    addressee: Addressee::Unknown,
                };
            }
        };
        let source = doc.source.clone();
        let mut diagnostics = self.unfilled_fields(&doc, cx);
        let addressee = self.match_letter(&source, &mut diagnostics);
        diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        LetterResult {
            report: FileReport {
                path: source.name(),
                source: Some(source),
                diagnostics,
                error: None,
            },
            addressee,
        }
    }

    /// The template leftovers in a letter, found by the hygiene rules and
    /// reported as `merge/unfilled-field`.
    fn unfilled_fields(&self, doc: &Document, cx: &LintContext) -> Vec<Diagnostic> {
        let source = &doc.source;
        // These rules read the text alone: no facts, and none of the
        // extraction (dates, counts, contacts) the incident rules need,
        // which would cost more than everything else here together.
        let incident = Incident::build(Inputs {
            doc,
            extracted: &Extracted::default(),
            facts: None,
            today: cx.today,
            notice_override: None,
        });
        let mut diagnostics = self.unfilled.lint(doc, &incident);
        let known: Vec<&str> = self.unfilled.rule_ids().collect();
        crate::suppress::apply(doc, &mut diagnostics, &known);
        for d in &mut diagnostics {
            if UNFILLED_RULES.contains(&d.rule.as_str()) {
                d.notes.insert(0, format!("found by {}", d.rule));
                d.rule = rules::UNFILLED_FIELD.to_string();
            }
        }
        if let Some(at) = source.invalid_utf8_at {
            diagnostics.insert(0, crate::lint::encoding_warning(at));
        }
        diagnostics
    }

    /// Finds the recipients' values in a letter, reports what does not
    /// belong there, and says whose letter it is.
    fn match_letter(&self, source: &Arc<SourceFile>, out: &mut Vec<Diagnostic>) -> Addressee {
        let found = self.occurrences(source);
        let keyed = self.keyed_rows(&found);
        match keyed.as_slice() {
            [] => out.push(self.no_recipient(source, &found)),
            [_] => {}
            [first, rest @ ..] => out.push(self.several_recipients(&keyed, first, rest)),
        }
        // Other rows' values: only meaningful once the letter's own row is
        // known; a letter without a key is reported as such, with the rows
        // its values point to as a note.
        if !keyed.is_empty() {
            self.other_rows(&found, &keyed, out);
        }
        match keyed.as_slice() {
            [(row, span)] => Addressee::One(*row, *span),
            _ => Addressee::Unknown,
        }
    }

    /// (value, source span) of every whole-word occurrence of an
    /// identifying value in the letter, in text order.
    fn occurrences(&self, source: &SourceFile) -> Vec<(u32, Span)> {
        let norm = normalize::normalize_mapped(&source.text);
        let mut found: Vec<(u32, Span)> = Vec::new();
        for m in self.automaton.find_overlapping_iter(&norm.text) {
            if !norm.is_whole_words(m.start(), m.end()) {
                continue;
            }
            let span = norm.source_span(m.start(), m.end());
            for &v in &self.patterns[m.pattern().as_usize()] {
                found.push((v, span));
            }
        }
        found
    }

    /// Rows whose key the letter carries, in order of first appearance.
    fn keyed_rows(&self, found: &[(u32, Span)]) -> Vec<(u32, Span)> {
        let values = &self.recipients.values;
        let mut keyed: Vec<(u32, Span)> = Vec::new();
        for &(v, span) in found {
            let v = &values[v as usize];
            if v.is_key && !keyed.iter().any(|k| k.0 == v.row) {
                keyed.push((v.row, span));
            }
        }
        keyed
    }

    /// The finding for a letter that carries no recipient's key, noting the
    /// rows its other values belong to.
    fn no_recipient(&self, source: &SourceFile, found: &[(u32, Span)]) -> Diagnostic {
        let values = &self.recipients.values;
        let key = self.recipients.key_name();
        let mut d = self.finding(
            rules::NO_RECIPIENT,
            format!("no recipient's `{key}` appears in this letter"),
            Label::new(
                Span::point(source.content_start()),
                format!("no `{key}` of the recipients' list in this letter"),
            ),
        );
        let mut rows: Vec<u32> = found.iter().map(|f| values[f.0 as usize].row).collect();
        rows.sort_unstable();
        rows.dedup();
        if !rows.is_empty() {
            let listed: Vec<String> = rows
                .iter()
                .take(MAX_SECONDARY)
                .map(|r| self.row_name(*r))
                .collect();
            d = d.with_note(format!(
                "other values of {} appear in it",
                and_more(&listed, rows.len())
            ));
        }
        d
    }

    /// The finding for a letter that carries the keys of several rows.
    fn several_recipients(
        &self,
        keyed: &[(u32, Span)],
        first: &(u32, Span),
        rest: &[(u32, Span)],
    ) -> Diagnostic {
        let key = self.recipients.key_name();
        let mut d = self
            .finding(
                rules::SEVERAL_RECIPIENTS,
                format!(
                    "this letter carries the `{key}` of {} recipients",
                    keyed.len()
                ),
                Label::new(
                    rest[0].1,
                    format!("`{key}` of {}", self.row_name(rest[0].0)),
                ),
            )
            .with_secondary(Label::new(
                first.1,
                format!("`{key}` of {}", self.row_name(first.0)),
            ));
        for k in rest.iter().skip(1).take(MAX_SECONDARY) {
            d = d.with_secondary(Label::new(
                k.1,
                format!("`{key}` of {}", self.row_name(k.0)),
            ));
        }
        for &(row, _) in keyed {
            d = self.with_row_label(d, row, "a recipient whose key is in the letter");
        }
        d
    }

    /// Reports values of rows other than the letter's own (`keyed`), one
    /// finding per (row, field) at its first place, capped.
    fn other_rows(&self, found: &[(u32, Span)], keyed: &[(u32, Span)], out: &mut Vec<Diagnostic>) {
        let values = &self.recipients.values;
        let own = |row: u32| keyed.iter().any(|k| k.0 == row);
        let addressed = match keyed {
            [(row, _)] => format!("the letter for {}", self.row_name(*row)),
            _ => "this letter".to_string(),
        };
        let mut groups: BTreeMap<(u32, usize), (Field, Vec<Span>)> = BTreeMap::new();
        let mut order: Vec<(u32, usize)> = Vec::new();
        for &(v, span) in found {
            let value = &values[v as usize];
            if own(value.row) || value.is_key {
                continue;
            }
            let field_key = match value.field {
                Field::Column(c) => c,
                Field::FullName => usize::MAX,
            };
            let g = groups.entry((value.row, field_key)).or_insert_with(|| {
                order.push((value.row, field_key));
                (value.field, Vec::new())
            });
            if g.1.last() != Some(&span) {
                g.1.push(span);
            }
        }
        let mut cap = Capped::default();
        let first = out.len();
        for k in order {
            if cap.full() {
                cap.skip();
                continue;
            }
            let (field, spans) = &groups[&k];
            let column = self.recipients.field_name(*field);
            let row = self.row_name(k.0);
            let mut d = self.finding(
                rules::OTHER_RECIPIENT,
                format!("{addressed} carries the `{column}` of {row}"),
                Label::new(spans[0], format!("`{column}` of {row}")),
            );
            for s in spans.iter().skip(1).take(MAX_SECONDARY) {
                d = d.with_secondary(Label::new(*s, "again here"));
            }
            if spans.len() > 1 + MAX_SECONDARY {
                d = d.with_note(format!(
                    "{} more times in this letter",
                    spans.len() - 1 - MAX_SECONDARY
                ));
            }
            d = self.with_row_label(d, k.0, "the recipient this value belongs to");
            cap.push(out, d);
        }
        cap.finish(out[first..].last_mut());
    }

    /// "row 12 (line 13)".
    pub fn row_name(&self, row: u32) -> String {
        let r = &self.recipients.rows[row as usize];
        format!("row {} (line {})", row + 1, r.line)
    }

    fn finding(&self, id: &str, message: String, primary: Label) -> Diagnostic {
        Diagnostic::new(id, Severity::Error, message, primary).with_help(rules::help(id))
    }

    fn with_row_label(&self, d: Diagnostic, row: u32, message: &str) -> Diagnostic {
        d.with_external(
            &self.recipients.source,
            self.recipients.rows[row as usize].span,
            message,
        )
    }
}

/// Undoes `--redact`'s masking of the words of merge-check's own findings.
///
/// Their messages, labels and notes are made of row and line numbers,
/// column names and file paths, never a recipient's value (they name where
/// a value is, not what it is), but the redactor masks any number or quoted
/// word that also occurs in the letter: a row number that happens to be a
/// day of the month. `redacted` must be `redact`'s copy of `original`; the
/// masked texts are kept, and so are the messages of `merge/unfilled-field`,
/// which quote the letter.
pub fn keep_own_words(original: &FileReport, redacted: &mut FileReport) {
    for (o, r) in original.diagnostics.iter().zip(&mut redacted.diagnostics) {
        if o.rule == rules::UNFILLED_FIELD || !o.rule.starts_with("merge/") {
            continue;
        }
        r.message.clone_from(&o.message);
        r.primary.message.clone_from(&o.primary.message);
        for (ol, rl) in o.secondary.iter().zip(&mut r.secondary) {
            rl.message.clone_from(&ol.message);
        }
        for (ol, rl) in o.external.iter().zip(&mut r.external) {
            rl.message.clone_from(&ol.message);
        }
        r.notes.clone_from(&o.notes);
    }
}

/// Which letters went to which recipient, gathered letter by letter.
#[derive(Debug)]
pub struct Tally {
    /// Per row: the letters addressed to it (path, line of the key), the
    /// first few kept.
    letters: Vec<(u32, Vec<(String, usize)>)>,
}

impl Tally {
    /// An empty tally for `index`'s recipients.
    pub fn new(index: &MergeIndex) -> Tally {
        Tally {
            letters: vec![(0, Vec::new()); index.recipients.rows.len()],
        }
    }

    /// Counts one letter.
    pub fn add(&mut self, letter: &LetterResult) {
        if let Addressee::One(row, span) = letter.addressee {
            let line = letter
                .report
                .source
                .as_ref()
                .map_or(0, |s| s.line_col(span.start).line);
            let entry = &mut self.letters[row as usize];
            entry.0 += 1;
            if entry.1.len() <= MAX_SECONDARY {
                entry.1.push((letter.report.path.clone(), line));
            }
        }
    }

    /// The findings on the recipients' list: recipients with no letter or
    /// with several.
    pub fn finish(&self, index: &MergeIndex) -> FileReport {
        let r = &index.recipients;
        let key = r.key_name();
        let mut out = Vec::new();
        let (mut missing, mut duplicate) = (Capped::default(), Capped::default());
        let (mut missing_out, mut duplicate_out) = (Vec::new(), Vec::new());
        for (row, (count, letters)) in self.letters.iter().enumerate() {
            let span = r.rows[row].span;
            match count {
                0 if missing.full() => missing.skip(),
                0 => missing.push(
                    &mut missing_out,
                    index.finding(
                        rules::MISSING_LETTER,
                        format!(
                            "no letter carries the `{key}` of {}",
                            index.row_name(row as u32)
                        ),
                        Label::new(span, "this recipient has no letter"),
                    ),
                ),
                1 => {}
                _ if duplicate.full() => duplicate.skip(),
                n => {
                    let mut d = index.finding(
                        rules::DUPLICATE_LETTER,
                        format!(
                            "{n} letters carry the `{key}` of {}",
                            index.row_name(row as u32)
                        ),
                        Label::new(span, format!("{n} letters for this recipient")),
                    );
                    for (path, line) in letters.iter().take(MAX_SECONDARY) {
                        d = d.with_note(format!("letter {path}, key on line {line}"));
                    }
                    if *n as usize > MAX_SECONDARY {
                        d = d.with_note(format!("and {} more", *n as usize - MAX_SECONDARY));
                    }
                    duplicate.push(&mut duplicate_out, d);
                }
            }
        }
        missing.finish(missing_out.last_mut());
        duplicate.finish(duplicate_out.last_mut());
        out.extend(missing_out);
        out.extend(duplicate_out);
        out.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        FileReport {
            path: r.source.name(),
            source: Some(r.source.clone()),
            diagnostics: out,
            error: None,
        }
    }
}

#[cfg(test)]
mod tests;
