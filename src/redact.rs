//! Masking notice text out of reports (`--redact`).
//!
//! Notices name real people, places and account numbers, and a report is
//! often shared more widely than the notice itself (CI logs, code-scanning
//! alerts). [`redact`] returns a copy of a report from which no output format
//! can reproduce the notice's words, while every position stays exact:
//!
//! - Each source text is replaced by a *mask* of identical byte length, line
//!   structure and character boundaries: every alphanumeric character becomes
//!   a mask character of the same UTF-8 length, and whitespace, line breaks,
//!   punctuation and symbols are kept. Every span, line and column computed
//!   from the masked text is therefore the same as from the original, and
//!   snippets still show the shape of the text (`xxxx xx [xxxx]`).
//! - In each finding's message, label messages, notes and help, three kinds
//!   of text are replaced with `[redacted]`:
//!   1. any verbatim quote of the text under one of the finding's spans;
//!   2. any quoted passage (between backticks or quotation marks) that
//!      occurs anywhere in the notice;
//!   3. any *distinctive word* of the notice that the rule's own metadata
//!      (id, message, why, help, citation) does not use: a word with a
//!      digit in it, or a name — a word the notice writes only with a
//!      capital initial. This catches names and numbers that a message
//!      repeats without quoting them, in any case.
//!
//!   Comparison ignores case and collapses whitespace, so a rule that
//!   lower-cases a heading before quoting it is caught too. Rule ids,
//!   positions, citations and the messages' own wording stay.
//!
//! Files that findings point into besides the notice (the incident facts
//! file, through external labels) are masked the same way, and the text under
//! external labels counts as quotable: facts usually repeat the notice's
//! names, dates and counts. Rule metadata and per-file error messages come
//! from rule sets and from the operating system, not from notices, and are
//! kept.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use crate::diagnostic::{Diagnostic, ExternalLabel, Label};
use crate::report::{FileReport, Report, RuleInfo};
use crate::source::SourceFile;
use crate::span::Span;

/// What replaces notice text quoted in a message.
pub const REDACTED: &str = "[redacted]";

/// Returns a copy of `report` with every notice's text masked and quotes of
/// it removed from findings (see the module documentation).
pub fn redact(report: &Report) -> Report {
    // One facts file is usually shared by every finding that points into it;
    // mask it once and share the masked copy the same way.
    let mut redactor = Redactor::default();
    Report {
        files: report
            .files
            .iter()
            .map(|f| redactor.file(&report.rules, f))
            .collect(),
        rules: report.rules.clone(),
    }
}

/// Redacts file after file, masking each external file (the facts file)
/// once however many findings and notices point into it.
#[derive(Default)]
pub struct Redactor {
    masked_external: MaskedFiles,
}

impl Redactor {
    /// A copy of one file's report with its text masked (see [`redact`]).
    pub fn file(&mut self, rules: &BTreeMap<String, RuleInfo>, file: &FileReport) -> FileReport {
        redact_file(rules, file, &mut self.masked_external)
    }
}

/// Masked copies of external files, by the address of the original. The
/// original is kept alive beside its copy, so its address cannot be reused
/// by another file while the entry exists.
type MaskedFiles = HashMap<*const SourceFile, (Arc<SourceFile>, Arc<SourceFile>)>;

fn redact_file(
    rules: &BTreeMap<String, RuleInfo>,
    file: &FileReport,
    masked_external: &mut MaskedFiles,
) -> FileReport {
    let notice = file.source.as_deref().map(NoticeIndex::new);
    let diagnostics = file
        .diagnostics
        .iter()
        .map(|d| {
            redact_diagnostic(
                d,
                file.source.as_deref(),
                notice.as_ref(),
                rules.get(&d.rule),
                masked_external,
            )
        })
        .collect();
    FileReport {
        path: file.path.clone(),
        source: file.source.as_ref().map(|s| Arc::new(mask_source(s))),
        diagnostics,
        error: file.error.clone(),
    }
}

/// A copy of `source` whose text is masked with [`mask_text`]. Everything
/// else (path, byte order mark, decoding facts) is kept; the line index stays
/// valid because line breaks are kept byte for byte.
pub fn mask_source(source: &SourceFile) -> SourceFile {
    let mut masked = source.clone();
    masked.text = mask_text(&source.text);
    masked
}

/// Masks every alphanumeric character of `text` with a character of the same
/// UTF-8 length; everything else is kept.
pub fn mask_text(text: &str) -> String {
    text.chars().map(mask_char).collect()
}

fn mask_char(c: char) -> char {
    if !c.is_alphanumeric() {
        return c;
    }
    match c.len_utf8() {
        1 => 'x',
        // MULTIPLICATION SIGN, 2 bytes.
        2 => '\u{d7}',
        // BULLET, 3 bytes.
        3 => '\u{2022}',
        // MATHEMATICAL SANS-SERIF SMALL X, 4 bytes.
        _ => '\u{1d5d1}',
    }
}

/// What is needed to recognise the notice's text in a message.
struct NoticeIndex {
    /// The whole text, lower-cased with whitespace runs collapsed.
    normalized: String,
    /// Every word of the text, lower-cased (see [`word_tokens`]).
    words: HashSet<String>,
    /// Words (lower-cased) the text writes at least once with a lower-case
    /// initial: ordinary words, whatever their case elsewhere.
    common: HashSet<String>,
    /// Words (lower-cased) the text capitalises at least once in the middle
    /// of a sentence, where only a name is capitalised.
    named: HashSet<String>,
}

impl NoticeIndex {
    fn new(source: &SourceFile) -> Self {
        let mut index = NoticeIndex {
            normalized: normalize_to_string(&source.text),
            words: HashSet::new(),
            common: HashSet::new(),
            named: HashSet::new(),
        };
        for token in word_tokens(&source.text) {
            for w in token.words(&source.text) {
                let lower = w.to_lowercase();
                match w.chars().next() {
                    Some(c) if c.is_lowercase() => {
                        index.common.insert(lower.clone());
                    }
                    Some(c) if c.is_uppercase() && !token.sentence_start => {
                        index.named.insert(lower.clone());
                    }
                    _ => {}
                }
                index.words.insert(lower);
            }
        }
        index
    }

    /// Whether `word`, written so in a message (at the start of a sentence
    /// or not), is a name or number of the notice.
    ///
    /// Numbers count when the notice has them, and so do words of scripts
    /// without case. A capitalised word counts when the notice never writes
    /// it in lower case and, at the start of one of the message's sentences
    /// (where any word is capitalised), only when the notice capitalises it
    /// mid-sentence too. A name the message writes in lower case is missed;
    /// messages quote names as written, and quotes are caught by the other
    /// two passes.
    fn is_distinctive(&self, word: &str, sentence_start: bool) -> bool {
        if word.chars().filter(|c| c.is_alphanumeric()).count() < 2 {
            return false;
        }
        let lower = word.to_lowercase();
        if !self.words.contains(&lower) {
            return false;
        }
        if word.chars().any(char::is_numeric) {
            return true;
        }
        let Some(initial) = word.chars().next() else {
            return false;
        };
        // Scripts without case (Chinese, Japanese, Arabic…) give no hint of
        // what is a name; every such word of the notice counts.
        if initial.is_alphabetic() && !initial.is_uppercase() && !initial.is_lowercase() {
            return true;
        }
        initial.is_uppercase()
            && !self.common.contains(&lower)
            && (!sentence_start || self.named.contains(&lower))
    }
}

/// A whitespace-separated token of a text, as the byte range of its word
/// (the token without surrounding punctuation).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Token {
    start: usize,
    end: usize,
    /// Whether the word starts a sentence: first on its line, or after a
    /// token ending in `.`, `!`, `?`, `:` or `;`.
    sentence_start: bool,
}

impl Token {
    /// The word and, when it has inner punctuation, each run of letters and
    /// digits in it: `Okonkwo-Baptiste` yields itself, `Okonkwo` and
    /// `Baptiste`.
    fn words<'t>(&self, text: &'t str) -> impl Iterator<Item = &'t str> {
        let word = &text[self.start..self.end];
        let pieces: Vec<&str> = word
            .split(|c: char| !c.is_alphanumeric())
            .filter(|p| !p.is_empty())
            .collect();
        let whole = (pieces.len() != 1).then_some(word);
        pieces.into_iter().chain(whole)
    }
}

/// The tokens of `text` that hold a letter or digit.
fn word_tokens(text: &str) -> Vec<Token> {
    let mut found = Vec::new();
    let mut sentence_start = true;
    let mut token_start: Option<usize> = None;
    let mut finish = |from: usize, to: usize, sentence_start: &mut bool| {
        let token = &text[from..to];
        let word = trim_word(token);
        if !word.is_empty() {
            let lead = token.len()
                - token
                    .trim_start_matches(|c: char| !c.is_alphanumeric())
                    .len();
            found.push(Token {
                start: from + lead,
                end: from + lead + word.len(),
                sentence_start: *sentence_start,
            });
            *sentence_start = false;
        }
        // A token of punctuation only (a list bullet, a heading's `#`)
        // leaves a sentence start where it was.
        if token.ends_with(['.', '!', '?', ':', ';']) {
            *sentence_start = true;
        }
    };
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if let Some(from) = token_start.take() {
                finish(from, i, &mut sentence_start);
            }
            if c == '\n' {
                sentence_start = true;
            }
        } else if token_start.is_none() {
            token_start = Some(i);
        }
    }
    if let Some(from) = token_start {
        finish(from, text.len(), &mut sentence_start);
    }
    found
}

/// The lower-cased words of `text` (see [`Token::words`]).
fn word_set(text: &str) -> HashSet<String> {
    word_tokens(text)
        .iter()
        .flat_map(|t| t.words(text))
        .map(str::to_lowercase)
        .collect()
}

fn trim_word(token: &str) -> &str {
    token.trim_matches(|c: char| !c.is_alphanumeric())
}

/// Everything known while scrubbing the texts of one finding.
struct Scrubber<'a> {
    /// The text under each of the finding's spans, in comparable form.
    needles: Vec<Vec<char>>,
    notice: Option<&'a NoticeIndex>,
    /// Words of the rule's own metadata, which a message may always use.
    own_words: HashSet<String>,
}

fn redact_diagnostic(
    d: &Diagnostic,
    source: Option<&SourceFile>,
    notice: Option<&NoticeIndex>,
    rule: Option<&RuleInfo>,
    masked_external: &mut MaskedFiles,
) -> Diagnostic {
    let mut needles: Vec<Vec<char>> = match source {
        Some(src) => std::iter::once(d.primary.span)
            .chain(d.secondary.iter().map(|l| l.span))
            .filter_map(|span| needle(src, span))
            .collect(),
        None => Vec::new(),
    };
    needles.extend(d.external.iter().filter_map(|l| needle(&l.source, l.span)));
    let own_words = match rule {
        Some(r) => word_set(&format!(
            "{} {} {} {} {}",
            r.id, r.message, r.why, r.help, r.cite
        )),
        None => word_set(&d.rule),
    };
    let scrubber = Scrubber {
        needles,
        notice,
        own_words,
    };
    let label = |l: &Label| Label {
        span: l.span,
        message: scrubber.scrub(&l.message),
    };
    Diagnostic {
        rule: d.rule.clone(),
        severity: d.severity,
        message: scrubber.scrub(&d.message),
        primary: label(&d.primary),
        secondary: d.secondary.iter().map(label).collect(),
        cite: d.cite.clone(),
        help: d.help.as_deref().map(|h| scrubber.scrub(h)),
        notes: d.notes.iter().map(|n| scrubber.scrub(n)).collect(),
        external: d
            .external
            .iter()
            .map(|l| ExternalLabel {
                source: masked_external
                    .entry(Arc::as_ptr(&l.source))
                    .or_insert_with(|| (l.source.clone(), Arc::new(mask_source(&l.source))))
                    .1
                    .clone(),
                path: l.path.clone(),
                span: l.span,
                message: scrubber.scrub(&l.message),
            })
            .collect(),
    }
}

/// The comparable form of the text under `span`, trimmed of surrounding
/// whitespace; `None` when it holds no letter or digit (a lone bracket or an
/// empty span reveals nothing and would match too much).
///
/// Punctuation is kept: the placeholder `[DATE]` is a quote of the notice,
/// but the word "date" in a message is the rule's own wording.
fn needle(src: &SourceFile, span: Span) -> Option<Vec<char>> {
    let (chars, _) = normalize(src.slice(span).trim());
    chars.iter().any(|c| c.is_alphanumeric()).then_some(chars)
}

/// [`normalize`] without the byte ranges, for whole notices.
fn normalize_to_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            if !in_space {
                out.push(' ');
                in_space = true;
            }
        } else {
            in_space = false;
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// Lower-cases `s` and collapses each run of whitespace into one space,
/// returning the resulting characters and, for each, the byte range of the
/// original text it came from.
fn normalize(s: &str) -> (Vec<char>, Vec<(usize, usize)>) {
    let mut chars: Vec<char> = Vec::with_capacity(s.len());
    let mut ranges: Vec<(usize, usize)> = Vec::with_capacity(s.len());
    let mut in_space = false;
    for (i, c) in s.char_indices() {
        let end = i + c.len_utf8();
        if c.is_whitespace() {
            if in_space {
                // Extend the space that stands for the whole run.
                if let Some(r) = ranges.last_mut() {
                    *r = (r.0, end);
                }
            } else {
                chars.push(' ');
                ranges.push((i, end));
                in_space = true;
            }
            continue;
        }
        in_space = false;
        for lower in c.to_lowercase() {
            chars.push(lower);
            ranges.push((i, end));
        }
    }
    (chars, ranges)
}

impl Scrubber<'_> {
    /// `text` with every quote of the notice replaced by [`REDACTED`].
    fn scrub(&self, text: &str) -> String {
        let mut hidden = vec![false; text.len()];
        let mut hide = |start: usize, end: usize| {
            for h in &mut hidden[start..end] {
                *h = true;
            }
        };

        // 1. Verbatim quotes of the finding's spans.
        let (chars, ranges) = normalize(text);
        for needle in &self.needles {
            for (a, b) in occurrences(&chars, needle) {
                hide(ranges[a].0, ranges[b - 1].1);
            }
        }

        // 2. Quoted passages found in the notice.
        for (start, end) in quoted_passages(text) {
            let inner = &text[start..end];
            if !inner.chars().any(char::is_alphanumeric) {
                continue;
            }
            let in_notice = match self.notice {
                Some(n) => n.normalized.contains(&normalize_to_string(inner.trim())),
                // Without the notice's text there is no telling; hide it.
                None => true,
            };
            if in_notice {
                hide(start, end);
            }
        }

        // 3. Names and numbers of the notice that the rule does not use itself.
        if let Some(notice) = self.notice {
            for token in word_tokens(text) {
                let leaks = token.words(text).any(|w| {
                    notice.is_distinctive(w, token.sentence_start)
                        && !self.own_words.contains(&w.to_lowercase())
                });
                if leaks {
                    hide(token.start, token.end);
                }
            }
        }

        // Hidden words separated only by whitespace become one `[redacted]`,
        // which also hides how many words a name has.
        let mut i = 0;
        while i < text.len() {
            if hidden[i] {
                let gap_start = i + hidden[i..].iter().take_while(|h| **h).count();
                let gap_len = text[gap_start..]
                    .find(|c: char| !c.is_whitespace())
                    .unwrap_or(text.len() - gap_start);
                let gap_end = gap_start + gap_len;
                if gap_len > 0 && gap_end < text.len() && hidden[gap_end] {
                    hidden[gap_start..gap_end]
                        .iter_mut()
                        .for_each(|h| *h = true);
                }
                i = gap_end.max(i + 1);
            } else {
                i += 1;
            }
        }

        let mut out = String::with_capacity(text.len());
        let mut in_hidden = false;
        for (i, c) in text.char_indices() {
            if hidden[i] {
                if !in_hidden {
                    out.push_str(REDACTED);
                    in_hidden = true;
                }
            } else {
                in_hidden = false;
                out.push(c);
            }
        }
        out
    }
}

/// Where `needle` occurs in `hay` as a whole word sequence: a match may not
/// start or end in the middle of a word, so that a number quoted from the
/// notice does not eat a longer number of the message's own.
fn occurrences(hay: &[char], needle: &[char]) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    if needle.is_empty() || needle.len() > hay.len() {
        return found;
    }
    let starts_word = needle.first().is_some_and(|c| c.is_alphanumeric());
    let ends_word = needle.last().is_some_and(|c| c.is_alphanumeric());
    let mut i = 0;
    while i + needle.len() <= hay.len() {
        let j = i + needle.len();
        let matches = hay[i..j] == *needle
            && !(starts_word && i > 0 && hay[i - 1].is_alphanumeric())
            && !(ends_word && j < hay.len() && hay[j].is_alphanumeric());
        if matches {
            found.push((i, j));
            i = j;
        } else {
            i += 1;
        }
    }
    found
}

/// Byte ranges of the contents of quoted passages in `text`: between
/// backticks, straight or typographic double quotes, guillemets, and single
/// quotes used as quotation marks (not apostrophes). Passages do not span
/// lines.
fn quoted_passages(text: &str) -> Vec<(usize, usize)> {
    const PAIRS: &[(char, char)] = &[
        ('`', '`'),
        ('"', '"'),
        ('\u{201c}', '\u{201d}'),
        ('\u{2018}', '\u{2019}'),
        ('\u{ab}', '\u{bb}'),
        ('\'', '\''),
    ];
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut found = Vec::new();
    let mut k = 0;
    while k < chars.len() {
        let (at, c) = chars[k];
        let Some(&(_, close)) = PAIRS.iter().find(|(open, _)| *open == c) else {
            k += 1;
            continue;
        };
        // A straight single quote opens a passage only where it cannot be an
        // apostrophe: not right after a letter or digit.
        if c == '\'' && k > 0 && chars[k - 1].1.is_alphanumeric() {
            k += 1;
            continue;
        }
        let start = at + c.len_utf8();
        let mut closing = None;
        for (m, &(pos, d)) in chars.iter().enumerate().skip(k + 1) {
            if d == '\n' || d == '\r' {
                break;
            }
            let is_close = d == close
                && (close != '\'' || chars.get(m + 1).is_none_or(|n| !n.1.is_alphanumeric()));
            if is_close {
                closing = Some((m, pos));
                break;
            }
        }
        match closing {
            Some((m, pos)) => {
                if pos > start {
                    found.push((start, pos));
                }
                k = m + 1;
            }
            None => k += 1,
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;
    use crate::render::{self, Format, RenderOptions};

    /// A made-up notice with words that must not survive redaction.
    const NOTICE: &str = "\u{feff}# Harborview Dental Group — Notice\n\nDear Marisol Quintero,\n\nOn [DATE], an intruder copied the Tacoma ledger (account 7731-Q) from our server.\r\nCall Ødegård Støa at 555-0142.\n\nSincerely, Ximena Okonkwo-Baptiste 🦷 歯科\n";

    /// Words from [`NOTICE`] that must not appear anywhere after redaction.
    const SECRETS: &[&str] = &[
        "harborview",
        "dental",
        "marisol",
        "quintero",
        "intruder",
        "tacoma",
        "ledger",
        "7731",
        "ødegård",
        "støa",
        "0142",
        "ximena",
        "okonkwo",
        "baptiste",
        "歯科",
    ];

    fn span_of(needle: &str) -> Span {
        let start = NOTICE.find(needle).expect("notice contains needle");
        Span::new(start, start + needle.len())
    }

    fn sample() -> Report {
        let src = Arc::new(SourceFile::new("notice.md", NOTICE));
        let placeholder = Diagnostic::new(
            "hipaa/placeholder",
            Severity::Error,
            "unfilled placeholder `[DATE]`",
            Label::new(span_of("[DATE]"), "replace `[DATE]` with the date"),
        )
        .with_secondary(Label::new(
            span_of("Marisol Quintero"),
            "addressed to Marisol Quintero here",
        ))
        .with_note("the notice mentions \u{201c}Tacoma ledger\u{201d} without a date")
        .with_help("write the date, as in 'the Harborview incident on May 2'");
        let heading = Diagnostic::new(
            "california/title",
            Severity::Warning,
            "title `harborview dental group — notice` must be \"Notice of Data Breach\"",
            Label::new(span_of("Harborview Dental Group — Notice"), ""),
        );
        let phone = Diagnostic::new(
            "hipaa/toll-free",
            Severity::Warning,
            "555-0142 is not a toll-free number",
            Label::new(span_of("555-0142"), "Ødegård Støa's number"),
        )
        .with_note("the caller Ximena Okonkwo-Baptiste signs off with 🦷 歯科");
        let signature = Diagnostic::new(
            "hipaa/signature",
            Severity::Info,
            "signature names 'Ximena Okonkwo-Baptiste'; the notice's account is «7731-Q»",
            Label::new(span_of("Ximena Okonkwo-Baptiste"), "signed here"),
        );
        Report {
            files: vec![
                FileReport {
                    path: "notice.md".into(),
                    source: Some(src),
                    diagnostics: vec![placeholder, heading, phone, signature],
                    error: None,
                },
                FileReport::failed("unread.md", "io", "permission denied"),
            ],
            rules: [(
                "california/title".to_string(),
                crate::report::RuleInfo {
                    id: "california/title".into(),
                    ruleset: "california".into(),
                    severity: Severity::Warning,
                    message: "title must be \"Notice of Data Breach\"".into(),
                    title: "title must be \"Notice of Data Breach\"".into(),
                    cite: "Cal. Civ. Code 1798.82(d)(1)".into(),
                    why: "the statute fixes the title".into(),
                    help: "use the statutory title".into(),
                    verified: true,
                },
            )]
            .into(),
        }
    }

    fn all_text(report: &Report) -> String {
        let mut s = String::new();
        for f in &report.files {
            if let Some(src) = &f.source {
                s.push_str(&src.text);
            }
            for d in &f.diagnostics {
                s.push_str(&d.message);
                s.push_str(&d.primary.message);
                for l in &d.secondary {
                    s.push_str(&l.message);
                }
                for n in &d.notes {
                    s.push_str(n);
                }
                if let Some(h) = &d.help {
                    s.push_str(h);
                }
            }
        }
        s.to_lowercase()
    }

    #[test]
    fn sample_leaks_before_redaction() {
        // The check below must be able to fail: every secret is present
        // in the unredacted report.
        let text = all_text(&sample());
        for secret in SECRETS {
            assert!(text.contains(secret), "fixture lacks {secret}");
        }
    }

    #[test]
    fn no_secret_survives() {
        let text = all_text(&redact(&sample()));
        for secret in SECRETS {
            assert!(!text.contains(secret), "`{secret}` survived redaction");
        }
    }

    #[test]
    fn messages_keep_their_own_wording() {
        let r = redact(&sample());
        let d = &r.files[0].diagnostics;
        assert_eq!(d[0].message, "unfilled placeholder `[redacted]`");
        assert_eq!(d[0].primary.message, "replace `[redacted]` with the date");
        assert_eq!(d[0].secondary[0].message, "addressed to [redacted] here");
        assert_eq!(
            d[0].notes[0],
            "the notice mentions \u{201c}[redacted]\u{201d} without a date"
        );
        // Quoted, but not in the notice as a whole: only the span-quoted part goes.
        assert_eq!(
            d[0].help.as_deref(),
            Some("write the date, as in 'the [redacted] incident on May 2'")
        );
        // Case differs from the notice; the rule's own quoted title is kept.
        assert_eq!(
            d[1].message,
            "title `[redacted]` must be \"Notice of Data Breach\""
        );
        assert_eq!(d[2].message, "[redacted] is not a toll-free number");
        assert_eq!(d[2].primary.message, "[redacted] number");
        assert_eq!(
            d[3].message,
            "signature names '[redacted]'; the notice's account is «[redacted]»"
        );
        assert_eq!(d[3].rule, "hipaa/signature");
        assert_eq!(d[3].primary.span, span_of("Ximena Okonkwo-Baptiste"));
        assert_eq!(r.files[1].error, sample().files[1].error);
    }

    #[test]
    fn mask_keeps_every_position() {
        let original = SourceFile::new("n.md", NOTICE);
        let masked = mask_source(&original);
        assert_eq!(masked.text.len(), original.text.len());
        assert_eq!(masked.line_count(), original.line_count());
        for i in 0..original.line_count() {
            assert_eq!(masked.line_start(i), original.line_start(i));
        }
        assert_eq!(masked.has_bom, original.has_bom);
        for i in 0..=original.text.len() {
            assert_eq!(
                masked.text.is_char_boundary(i),
                original.text.is_char_boundary(i),
                "boundary at {i}"
            );
            if original.text.is_char_boundary(i) {
                assert_eq!(masked.line_col(i), original.line_col(i));
            }
        }
        assert!(masked.text.contains("[xxxx]"));
        assert!(masked.text.contains("xxx-xxxx"));
        assert!(masked.text.contains("\r\n"));
        assert!(masked.text.contains('🦷'), "symbols are kept");
        assert!(masked.text.contains("\u{d7}"), "2-byte letters masked");
        assert!(
            masked.text.contains("\u{2022}\u{2022}"),
            "3-byte letters masked"
        );
    }

    #[test]
    fn both_normal_forms_agree() {
        for text in [NOTICE, "", "  A\tB \r\n C  ", "İstanbul ẞ ǅ"] {
            let (chars, ranges) = normalize(text);
            assert_eq!(normalize_to_string(text), chars.iter().collect::<String>());
            assert_eq!(chars.len(), ranges.len());
        }
    }

    #[test]
    fn mask_char_lengths() {
        for c in ['a', 'Z', '7', 'é', 'Ø', 'ж', '歯', '𝔸', '𠀀'] {
            let m = mask_char(c);
            assert_eq!(m.len_utf8(), c.len_utf8(), "{c}");
            assert_ne!(m, c);
        }
        for c in [' ', '\n', '.', '[', '—', '🦷'] {
            assert_eq!(mask_char(c), c);
        }
    }

    /// Scrubs `text` for a finding whose spans cover `needles`, in a notice
    /// reading `notice` (when known).
    fn scrub(text: &str, needles: &[&str], notice: Option<&str>) -> String {
        let index = notice.map(|t| NoticeIndex::new(&SourceFile::new("n.md", t)));
        Scrubber {
            needles: needles.iter().map(|n| normalize(n).0).collect(),
            notice: index.as_ref(),
            own_words: word_set("x/rule the deadline is 60 days"),
        }
        .scrub(text)
    }

    #[test]
    fn word_boundaries_protect_longer_numbers() {
        assert_eq!(
            scrub("600 days, not 60 days", &["60"], Some("")),
            "600 days, not [redacted] days"
        );
    }

    #[test]
    fn quotes_without_source_are_hidden() {
        assert_eq!(
            scrub("missing `Acme` and don't \"x\"", &[], None),
            "missing `[redacted]` and don't \"[redacted]\""
        );
        // Apostrophes are not quotation marks.
        assert_eq!(
            scrub("the company's site isn't up", &[], None),
            "the company's site isn't up"
        );
        // Quotes around punctuation reveal nothing.
        assert_eq!(scrub("use `--` here", &[], None), "use `--` here");
    }

    #[test]
    fn names_and_numbers_are_hidden() {
        let notice = "Dear Ana Lindqvist,\nWe found the problem on 2024-05-06 and fixed it in 60 days.\nCall 555-0199.";
        // A name the notice capitalises mid-sentence, unquoted, even at the
        // start of the message; "We" only ever starts a sentence.
        assert_eq!(
            scrub("Lindqvist is named; We fixed it", &[], Some(notice)),
            "[redacted] is named; We fixed it"
        );
        assert_eq!(
            scrub("for Ana Lindqvist, today", &[], Some(notice)),
            "for [redacted], today"
        );
        // Numbers of the notice go, unless the rule's metadata uses them.
        assert_eq!(
            scrub(
                "found 2024-05-06, 60 days, call 555-0199",
                &[],
                Some(notice)
            ),
            "found [redacted], 60 days, call [redacted]"
        );
        // Words the notice also writes in lower case are ordinary words.
        assert_eq!(
            scrub("Found The Problem", &[], Some(notice)),
            "Found The Problem"
        );
        // Capitalised words absent from the notice are the rule's own.
        assert_eq!(scrub("see Section 5", &[], Some(notice)), "see Section 5");
    }

    proptest::proptest! {
        #[test]
        fn masking_keeps_layout_and_scrubbing_never_panics(
            text in "\\PC{0,60}(\r?\n\\PC{0,20}){0,3}",
            message in "\\PC{0,40}",
            a in 0usize..200,
            b in 0usize..200,
        ) {
            let masked = mask_text(&text);
            proptest::prop_assert_eq!(masked.len(), text.len());
            for i in 0..=text.len() {
                proptest::prop_assert_eq!(masked.is_char_boundary(i), text.is_char_boundary(i));
            }
            let src = Arc::new(SourceFile::new("n.md", text.as_str()));
            let (lo, hi) = (src.clamp(a.min(b)), src.clamp(a.max(b)));
            let report = Report {
                files: vec![FileReport {
                    path: "n.md".into(),
                    source: Some(src),
                    diagnostics: vec![Diagnostic::new(
                        "x/y",
                        Severity::Warning,
                        message.as_str(),
                        Label::new(Span::new(lo, hi), message.as_str()),
                    )
                    .with_note(message.as_str())],
                    error: None,
                }],
                rules: Default::default(),
            };
            let r = redact(&report);
            proptest::prop_assert_eq!(r.files[0].diagnostics[0].primary.span, Span::new(lo, hi));
        }
    }

    #[test]
    fn no_output_format_leaks() {
        let redacted = redact(&sample());
        for format in Format::ALL {
            let mut out = Vec::new();
            render::render(format, &redacted, &RenderOptions::default(), &mut out)
                .expect("renders");
            let text = String::from_utf8(out).expect("UTF-8").to_lowercase();
            for secret in SECRETS {
                assert!(!text.contains(secret), "{format:?} leaks `{secret}`");
            }
        }
    }

    #[test]
    fn positions_survive_in_output() {
        let plain = sample();
        let redacted = redact(&plain);
        let json = |r: &Report| {
            let mut out = Vec::new();
            render::render(Format::Json, r, &RenderOptions::default(), &mut out).expect("renders");
            serde_json::from_slice::<serde_json::Value>(&out).expect("JSON")
        };
        let (a, b) = (json(&plain), json(&redacted));
        for (x, y) in a["findings"]
            .as_array()
            .into_iter()
            .flatten()
            .zip(b["findings"].as_array().into_iter().flatten())
        {
            assert_eq!(x["start"], y["start"]);
            assert_eq!(x["end"], y["end"]);
            assert_eq!(x["labels"][0]["start"], y["labels"][0]["start"]);
            assert_eq!(x["rule"], y["rule"]);
        }
    }
}
