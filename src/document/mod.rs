//! The document model: a notice's plain text, headings and byte spans.
//!
//! Rules never look at raw Markdown. They see [`Document::plain`], the text
//! with markup removed, plus the list of [`Heading`]s. Every byte of the plain
//! text maps back to a byte range of the source file through an
//! [`OffsetMap`] built from the parser's own offsets, so findings point at the
//! original text without ever searching for it again.

use std::path::Path;
use std::sync::Arc;

use crate::source::SourceFile;
use crate::span::Span;

mod comments;
pub mod docx;
mod flow;
pub mod html;
mod load;
mod markdown;
mod offsets;
pub mod pdf;
mod text;

pub use load::{LoadError, load};

pub use offsets::OffsetMap;

/// Most headings a document keeps; past them, heading lines are read as
/// ordinary text. Letters have a few dozen, while a heading costs the model
/// and the engine about 200 bytes and can be written in four (`# H` and a
/// line break), so without a bound a file of headings took fifty times its
/// size.
pub const MAX_HEADINGS: usize = 4096;

/// How a notice is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DocFormat {
    /// CommonMark (with tables and strikethrough).
    Markdown,
    /// Plain text, headings detected from the shape of lines.
    Text,
    /// HTML (a web notice, or a letter saved as a web page).
    Html,
    /// A Word document (Office Open XML, `.docx`).
    Docx,
    /// A PDF file with a text layer.
    Pdf,
}

impl DocFormat {
    /// The format implied by a file's extension: `.md`/`.markdown` are
    /// Markdown, `.html`/`.htm` HTML, `.docx` Word, `.pdf` PDF, all else
    /// text.
    pub fn from_path(path: &Path) -> Self {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(|e| e.to_ascii_lowercase())
            .as_deref()
        {
            Some("md" | "markdown" | "mdown" | "mkd") => DocFormat::Markdown,
            Some("html" | "htm" | "xhtml") => DocFormat::Html,
            Some("docx" | "docm") => DocFormat::Docx,
            Some("pdf") => DocFormat::Pdf,
            _ => DocFormat::Text,
        }
    }

    /// Parses a format's name: `markdown`, `text`, `html` or `docx` (a
    /// PDF has no text form to write a test in).
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "markdown" | "md" => Some(DocFormat::Markdown),
            "text" | "txt" | "plain" => Some(DocFormat::Text),
            "html" | "htm" => Some(DocFormat::Html),
            "docx" | "word" => Some(DocFormat::Docx),
            _ => None,
        }
    }

    /// "a Markdown notice", "an HTML notice", for messages.
    pub fn a_notice(self) -> String {
        let name = self.display_name();
        let article = if name.starts_with(['H', 'A', 'E', 'I', 'O', 'U']) {
            "an"
        } else {
            "a"
        };
        format!("{article} {name} notice")
    }

    /// The format's name for messages ("Markdown", "Word").
    pub fn display_name(self) -> &'static str {
        match self {
            DocFormat::Markdown => "Markdown",
            DocFormat::Text => "plain-text",
            DocFormat::Html => "HTML",
            DocFormat::Docx => "Word",
            DocFormat::Pdf => "PDF",
        }
    }
}

/// Something in a document's file that is not its text but matters to a
/// reviewer: a tracked change, a comment, a link that leads nowhere, a
/// merge field. Rules of kind `feature` report them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Feature {
    /// What it is.
    pub kind: FeatureKind,
    /// Where it is in the source.
    pub span: Span,
    /// The text it concerns, quoted in findings as `{match}`: a link's
    /// words, a field's name, the changed words.
    pub text: String,
    /// What it is, in words, quoted as `{detail}`: "an insertion by J. Smith".
    pub detail: String,
}

/// The kinds of [`Feature`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FeatureKind {
    /// An insertion, deletion, move or formatting change not yet accepted.
    TrackedChange,
    /// A reviewer's comment.
    Comment,
    /// A link whose target is empty, `#`, or an anchor the document lacks.
    DanglingLink,
    /// A mail-merge field that was never merged.
    MergeField,
}

impl FeatureKind {
    /// Every kind, as named in rule sets.
    pub const NAMES: &'static [&'static str] =
        &["tracked-change", "comment", "dangling-link", "merge-field"];

    /// The kind's name in rule sets.
    pub fn as_str(self) -> &'static str {
        match self {
            FeatureKind::TrackedChange => "tracked-change",
            FeatureKind::Comment => "comment",
            FeatureKind::DanglingLink => "dangling-link",
            FeatureKind::MergeField => "merge-field",
        }
    }

    /// The kind named `name`.
    pub fn parse(name: &str) -> Option<FeatureKind> {
        [
            FeatureKind::TrackedChange,
            FeatureKind::Comment,
            FeatureKind::DanglingLink,
            FeatureKind::MergeField,
        ]
        .into_iter()
        .find(|k| k.as_str() == name)
    }
}

/// A run of visible text set in one type size.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TypeRun {
    /// The size in points.
    pub points: f32,
    /// Set in bold.
    pub bold: bool,
    /// The run's range in the source.
    pub span: Span,
}

/// What a reader learned about a document beyond its text.
#[derive(Clone, Debug, Default)]
pub struct Layout {
    /// Tracked changes, comments, dangling links and merge fields, in document order.
    pub features: Vec<Feature>,
    /// The type size of the text, where the format records it (Word);
    /// `None` where it cannot be known (Markdown, plain text, HTML).
    pub type_sizes: Option<Vec<TypeRun>>,
    /// Source offsets at which each paragraph starts (Word), in order.
    pub paragraphs: Vec<usize>,
}

impl Layout {
    /// Where source offset `at` is, for formats whose text view is not
    /// the file: "paragraph 12" (Word).
    pub fn place_of(&self, at: usize) -> Option<String> {
        if self.paragraphs.is_empty() {
            return None;
        }
        let n = self.paragraphs.partition_point(|&p| p <= at).max(1);
        Some(format!("paragraph {n}"))
    }
}

/// How a heading was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HeadingKind {
    /// A Markdown ATX (`#`) or setext heading.
    Markup,
    /// A Markdown paragraph consisting only of bold or italic text.
    Emphasis,
    /// A short stand-alone line in a plain-text notice.
    Line,
}

/// A heading of the notice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heading {
    /// 1 (title level) to 6. Emphasis and line headings are level 6 in
    /// Markdown (they nest under real headings) and 2 in plain text.
    pub level: u8,
    /// Normalised text: lower-case, markup, numbering and final punctuation removed.
    pub text: String,
    /// How it was written.
    pub kind: HeadingKind,
    /// The heading's range in the plain text.
    pub plain: Span,
    /// The heading's range in the source (the visible text, not the `#` marks).
    pub span: Span,
}

/// A phrase that may be a heading run into the first sentence of a section
/// ("What Happened? On May 1 …"): at the start of a paragraph, of a line after
/// a closed line, or of a sentence in a flattened letter. Only rules decide
/// whether it is one, by matching it against their heading patterns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunIn {
    /// Normalised phrase, as for [`Heading::text`].
    pub text: String,
    /// The phrase's range in the plain text (without its punctuation).
    pub plain: Span,
}

/// A paragraph-like block (paragraph, list item, table cell) in the plain text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Block {
    /// Range in the plain text.
    pub plain: Span,
}

/// An HTML comment, where suppression directives live.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comment {
    /// The comment's text between `<!--` and `-->`, trimmed.
    pub body: String,
    /// The whole comment's range in the source.
    pub span: Span,
}

/// A parsed notice.
#[derive(Clone, Debug)]
pub struct Document {
    /// The file the notice came from.
    pub source: Arc<SourceFile>,
    /// The notice's format.
    pub format: DocFormat,
    /// The text rules match against.
    pub plain: String,
    /// Maps plain-text offsets back to the source.
    pub map: OffsetMap,
    /// Headings in document order.
    pub headings: Vec<Heading>,
    /// Candidate run-in headings, in document order.
    pub run_ins: Vec<RunIn>,
    /// Paragraph-like blocks, in document order.
    pub blocks: Vec<Block>,
    /// HTML comments (suppression directives), in document order.
    pub comments: Vec<Comment>,
    /// Range of TOML front matter (`+++ … +++`) in the source, if any.
    pub front_matter: Option<Span>,
    /// Features, type sizes and pages, as far as the format has them.
    pub layout: Layout,
    /// What the reader could not read, reported as warnings.
    pub warnings: Vec<ReadWarning>,
}

/// Part of a file the reader left out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadWarning {
    /// Where, in the source.
    pub span: Span,
    /// What was left out.
    pub message: String,
    /// What to do about it.
    pub help: String,
}

impl Document {
    /// Parses `source` as `format`.
    ///
    /// Word and PDF files are not text: read them with [`load`], which
    /// makes their text view. Given here, a text is read as plain text.
    pub fn parse(source: Arc<SourceFile>, format: DocFormat) -> Self {
        let doc = match format {
            DocFormat::Markdown => markdown::parse(source),
            DocFormat::Text | DocFormat::Docx | DocFormat::Pdf => text::parse(source),
            DocFormat::Html => html::parse(source),
        };
        doc.finish()
    }

    /// Finds the run-in heading candidates, once blocks are known.
    pub(crate) fn finish(mut self) -> Self {
        self.run_ins = find_run_ins(&self.plain, &self.blocks);
        self
    }

    /// Maps a plain-text range to the source range it came from.
    pub fn to_source(&self, plain: Span) -> Span {
        self.map.to_source(plain)
    }

    /// Source offset where the document's content starts (after a BOM and front matter).
    pub fn content_start(&self) -> usize {
        self.map.to_source(Span::point(0)).start
    }
}

/// Normalises heading text for matching: lower-case, collapse whitespace,
/// drop list numbering ("1.", "A)", "IV.") and final punctuation.
pub fn normalize_heading(raw: &str) -> String {
    let mut s: String = raw
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    s = s.replace(['’', '‘'], "'");
    // Leading enumeration, e.g. "1. ", "2) ", "a. ", "iv) ".
    if let Some((head, rest)) = s.split_once(' ') {
        let marker = head.trim_end_matches(['.', ')', ':']);
        let is_enum = head.len() > marker.len()
            && !marker.is_empty()
            && marker.len() <= 4
            && (marker.chars().all(|c| c.is_ascii_digit())
                || (marker.len() == 1 && marker.chars().all(|c| c.is_ascii_alphabetic()))
                || marker.chars().all(|c| matches!(c, 'i' | 'v' | 'x')));
        if is_enum && !rest.is_empty() {
            s = rest.to_string();
        }
    }
    let trimmed = s
        .trim_end_matches(|c: char| {
            matches!(c, '?' | '.' | ':' | '!' | ';' | '-' | '–' | '—') || c.is_whitespace()
        })
        .trim_start_matches(|c: char| {
            matches!(c, '-' | '–' | '—' | '*' | '•') || c.is_whitespace()
        });
    trimmed.to_string()
}

/// Whether the line after `line` starts something new rather than carrying
/// on a hard-wrapped sentence.
///
/// True when `line` is blank, closes a sentence, holds no words (a rule such
/// as `-----`), or is one of the short stand-alone lines of a letter's head: a
/// salutation ("Dear Member,"), a merge field (`<NAME>`, `[DATE]`), or a line
/// ending in a date, ZIP code or phone number ("Updated May 17, 2024",
/// "Springfield, IL 62701"). Wrapped sentence lines are long, so a short line
/// that ends in a number is taken to be a line of its own.
pub fn closes_line(line: &str) -> bool {
    let t = line.trim();
    if t.is_empty()
        || t.ends_with(['.', '?', '!', ':', '"', '”', ')'])
        || !t.chars().any(char::is_alphabetic)
    {
        return true;
    }
    let words: Vec<&str> = t.split_whitespace().collect();
    let first = words[0].to_lowercase();
    if t.ends_with(',')
        && words.len() <= HEAD_LINE_MAX_WORDS
        && matches!(
            first.as_str(),
            "dear" | "hello" | "hi" | "greetings" | "to" | "attention"
        )
    {
        return true;
    }
    // A merge field on its own, or closing a line ("Member ID: <INSERT>").
    if t.ends_with(['>', ']', '}']) && words.len() <= HEAD_LINE_MAX_WORDS {
        return true;
    }
    let last = words[words.len() - 1].trim_end_matches([',', '.']);
    let numeric = !last.is_empty()
        && last
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '-' | '/' | '.' | '(' | ')'))
        && last.chars().filter(char::is_ascii_digit).count() >= 4;
    numeric && words.len() <= HEAD_LINE_MAX_WORDS && t.chars().count() <= HEAD_LINE_MAX_CHARS
}

/// Most words of a short stand-alone line in a letter's head (see [`closes_line`]).
const HEAD_LINE_MAX_WORDS: usize = 8;
/// Longest short stand-alone line, in characters (see [`closes_line`]).
const HEAD_LINE_MAX_CHARS: usize = 60;

/// Longest phrase (in characters) that may be a run-in heading.
const RUN_IN_MAX_CHARS: usize = 64;
/// Most words a run-in heading may have.
const RUN_IN_MAX_WORDS: usize = 8;

/// Most run-in candidates a document keeps. A letter has one or two per
/// paragraph; a candidate costs about 70 bytes and a line of two bytes
/// ("1" and a line break) can make one.
const MAX_RUN_INS: usize = 4 * MAX_HEADINGS;

/// Finds phrases that could be headings run into a paragraph.
///
/// A candidate starts a block; or starts a line whose previous line closes
/// ([`closes_line`]), as in letters that put each section on a line of its
/// own with no blank line between; or starts a sentence in the middle of a
/// line, as in text flattened out of PDF files ("… the letter. What
/// Happened? On May 1 …"). Since an ordinary sentence can start anywhere,
/// the last kind only counts when its phrase ends in `?` or `:`.
fn find_run_ins(plain: &str, blocks: &[Block]) -> Vec<RunIn> {
    let mut out = Vec::new();
    let width = text::wrap_width(plain.lines());
    for b in blocks {
        let text = &plain[b.plain.range()];
        // The lines of the block, each with the next in view (a table of
        // them cost more than the text in a block of short lines).
        let mut lines = text
            .split_inclusive('\n')
            .scan(0, |offset, raw| {
                let at = *offset;
                *offset += raw.len();
                Some((at, raw.trim_end_matches(['\n', '\r'])))
            })
            .peekable();
        let mut prev: Option<&str> = None;
        while let Some((at, line)) = lines.next() {
            let fresh = prev.is_none_or(|last| {
                closes_line(last)
                    || text::list_item(last)
                        .is_some_and(|item| text::leaves_list(item, last, line, width))
            });
            prev = Some(line);
            let next = lines.peek().map(|&(_, l)| l);
            let mut push = |offset: usize, strict: bool| {
                if out.len() >= MAX_RUN_INS {
                    return;
                }
                let start = b.plain.start + at + offset;
                let Some(len) = lead_phrase(&line[offset..], strict, next) else {
                    return;
                };
                // Text must follow in the block: a phrase with nothing after
                // it is a heading-like paragraph or last line, which the
                // parser has already judged.
                let rest = plain[start + len..b.plain.end]
                    .trim_start_matches(|c: char| RUN_IN_ENDS.contains(&c) || c == '-');
                if rest.trim().is_empty() {
                    return;
                }
                let phrase = &plain[start..start + len];
                out.push(RunIn {
                    text: normalize_heading(phrase),
                    plain: Span::new(start, start + len),
                });
            };
            let lead = line.len() - line.trim_start().len();
            if fresh {
                push(lead, false);
            }
            // A sentence "starting" right after a list marker ("1. Call us")
            // is the line's own phrase, already taken above.
            let own = lead + enumeration_len(&line[lead..]);
            for k in sentence_starts(line) {
                if k > own {
                    push(k, true);
                }
            }
        }
    }
    out
}

/// Characters that end a run-in heading.
const RUN_IN_ENDS: [char; 5] = ['?', '.', ':', '—', '–'];

/// The first [`RUN_IN_MAX_CHARS`] characters of `body`. In ASCII text,
/// which most of a letter is, a byte is a character: the window is cut
/// without decoding it.
fn run_in_window(body: &str) -> &str {
    let limit = if body.len() <= RUN_IN_MAX_CHARS || body.as_bytes()[..RUN_IN_MAX_CHARS].is_ascii()
    {
        body.len().min(RUN_IN_MAX_CHARS)
    } else {
        body.char_indices()
            .nth(RUN_IN_MAX_CHARS)
            .map_or(body.len(), |(i, _)| i)
    };
    &body[..limit]
}

/// Where `s` first holds " - " (a hyphen standing for a dash), found by
/// a byte search for the hyphen.
fn spaced_hyphen(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    memchr::memchr_iter(b'-', b)
        .find(|&i| i > 0 && b[i - 1] == b' ' && b.get(i + 1) == Some(&b' '))
        .map(|i| i - 1)
}

/// Where the first of [`RUN_IN_ENDS`] is in `s`, found byte by byte: the
/// three marks are ASCII, and the two dashes are the only characters
/// encoded as `E2 80 93` and `E2 80 94` (a lead byte such as `E2` always
/// starts a character).
fn run_in_end(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    b.iter().enumerate().position(|(i, &c)| match c {
        b'?' | b'.' | b':' => true,
        0xE2 => b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0x93 | 0x94)),
        _ => false,
    })
}

/// Length in bytes of a run-in heading phrase at the start of `s`, without
/// its punctuation.
///
/// The phrase ends at the first `?`, `.`, `:` or dash on the line. In `strict`
/// mode (mid-line) it must start with a capital and end in `?` or `:`.
/// Otherwise a short line without such punctuation is a phrase of its own
/// when the next line (`next`) starts a new sentence.
fn lead_phrase(s: &str, strict: bool, next: Option<&str>) -> Option<usize> {
    let marker = enumeration_len(s);
    let body = &s[marker..];
    let window = run_in_window(body);
    let end = match run_in_end(window).or_else(|| spaced_hyphen(window)) {
        Some(end) => {
            if strict && !matches!(window[end..].chars().next(), Some('?' | ':')) {
                return None;
            }
            end
        }
        None if !strict && window.len() == body.len() && next.is_some_and(starts_sentence) => {
            body.len()
        }
        None => return None,
    };
    let phrase = window[..end].trim_end();
    if phrase.is_empty() || !at_most_words(phrase, RUN_IN_MAX_WORDS) {
        return None;
    }
    if strict && !s.chars().next().is_some_and(char::is_uppercase) {
        return None;
    }
    Some(marker + phrase.len())
}

/// Length of a list or question marker that opens `s` ("1. ", "b) ",
/// "IV. ", "Q. ", "Q: "), so the phrase after it is read, not the marker.
fn enumeration_len(s: &str) -> usize {
    let Some((head, _)) = s.split_once(' ') else {
        return 0;
    };
    let marker = head.trim_end_matches(['.', ')', ':']);
    let is_marker = head.len() == marker.len() + 1
        && !marker.is_empty()
        && (marker.len() <= 3 && marker.chars().all(|c| c.is_ascii_digit())
            || marker.len() == 1 && marker.chars().all(|c| c.is_ascii_alphabetic())
            || marker.len() <= 4 && marker.chars().all(|c| matches!(c, 'I' | 'V' | 'X')));
    if !is_marker {
        return 0;
    }
    let rest = &s[head.len()..];
    head.len() + (rest.len() - rest.trim_start().len())
}

/// Whether `line` opens with a capital, a digit or a list bullet.
fn starts_sentence(line: &str) -> bool {
    line.trim_start().chars().next().is_some_and(|c| {
        c.is_uppercase() || c.is_ascii_digit() || matches!(c, '•' | '-' | '*' | '(' | '<' | '[')
    })
}

/// Byte offsets in `line` where a sentence starts after another one: after
/// `.`, `?` or `!` (and any closing quote or bracket), one or more spaces,
/// then a capital letter.
fn sentence_starts(line: &str) -> Vec<usize> {
    let mut out = Vec::new();
    // The marks are ASCII: a byte search finds them without decoding the
    // line, and only what follows a mark is read as characters.
    let mut from = 0;
    while let Some(p) = line.as_bytes()[from..]
        .iter()
        .position(|b| matches!(b, b'.' | b'?' | b'!'))
    {
        let after = from + p + 1;
        let mut chars = line[after..].char_indices().peekable();
        while chars
            .next_if(|&(_, c)| matches!(c, '"' | '”' | '’' | '\'' | ')'))
            .is_some()
        {}
        let mut spaced = false;
        while chars.next_if(|&(_, c)| c.is_whitespace()).is_some() {
            spaced = true;
        }
        match chars.peek() {
            Some(&(k, c)) => {
                if spaced && c.is_uppercase() {
                    out.push(after + k);
                }
                from = after + k;
            }
            None => break,
        }
    }
    out
}

/// `text.split_whitespace().take(limit).count()`, reading bytes rather
/// than decoding every character: the words of a section or paragraph,
/// counted only as far as a rule or a heading test needs.
pub(crate) fn count_words(text: &str, limit: usize) -> usize {
    let bytes = text.as_bytes();
    let (mut words, mut in_word, mut i) = (0, false, 0);
    while i < bytes.len() && words < limit {
        let b = bytes[i];
        let (space, len) = if b.is_ascii() {
            // The ASCII characters `char::is_whitespace` accepts.
            (matches!(b, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' '), 1)
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            (c.is_whitespace(), c.len_utf8())
        };
        words += usize::from(!space && !in_word);
        in_word = !space;
        i += len;
    }
    words
}

/// Whether `text` has at most `max` words, reading no further than one
/// word past them.
pub(crate) fn at_most_words(text: &str, max: usize) -> bool {
    count_words(text, max.saturating_add(1)) <= max
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_counted_as_split_whitespace_counts_them() {
        let texts = [
            "",
            " ",
            "one",
            "  two words  ",
            "tab\tline\nvertical\x0Bfeed\x0Creturn\r end",
            "no\u{a0}break thin\u{2009}space ideographic\u{3000}space",
            "“curly” — dash café naïve 漢字 \u{85}next",
            "\u{200b}zero-width is not a space",
        ];
        for text in texts {
            assert_eq!(
                count_words(text, usize::MAX),
                text.split_whitespace().count(),
                "{text:?}"
            );
            for limit in 0..4 {
                assert_eq!(
                    count_words(text, limit),
                    text.split_whitespace().take(limit).count(),
                    "{text:?} up to {limit}"
                );
                assert_eq!(
                    at_most_words(text, limit),
                    text.split_whitespace().count() <= limit,
                    "{text:?} at most {limit}"
                );
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn any_text_has_as_many_words_as_split_whitespace_finds(text in "\\PC*|[ a\t\n\u{a0}\u{3000}\u{85}é]*") {
            proptest::prop_assert_eq!(count_words(&text, usize::MAX), text.split_whitespace().count());
        }
    }

    #[test]
    fn run_in_ends_are_found_as_a_character_search_finds_them() {
        for s in [
            "",
            "What Happened",
            "What Happened? We",
            "Notice — of",
            "A – b",
            "It’s here… for €5 “now”: yes",
            "x.y",
            "ends with a dash –",
            "\u{2012}\u{2015}\u{2093}:",
            "é\u{e2}",
            "-x - y",
            "a -- b - c",
            " - ",
            "e-mail -",
        ] {
            assert_eq!(run_in_end(s), s.find(RUN_IN_ENDS), "{s:?}");
            assert_eq!(spaced_hyphen(s), s.find(" - "), "{s:?}");
        }
    }

    #[test]
    fn a_run_in_window_holds_its_first_characters_whatever_their_width() {
        let long = "Word ".repeat(20);
        let wide = format!("Café {}", "é".repeat(80));
        let late = format!("{}é and more", "a".repeat(RUN_IN_MAX_CHARS - 1));
        let edge = format!("{}é", "a".repeat(RUN_IN_MAX_CHARS));
        for body in [
            &long,
            &wide,
            &late,
            &edge,
            "",
            "Short: x",
            &long[..RUN_IN_MAX_CHARS],
        ] {
            let chars: String = body.chars().take(RUN_IN_MAX_CHARS).collect();
            assert_eq!(run_in_window(body), chars, "{body:?}");
        }
    }

    #[test]
    fn sentence_starts_follow_a_mark_and_white_space_before_a_capital() {
        fn starts(line: &str) -> Vec<&str> {
            sentence_starts(line)
                .into_iter()
                .map(|k| &line[k..])
                .collect()
        }
        assert_eq!(starts("Call us. We help."), ["We help."]);
        assert_eq!(
            starts("It ended.” Then? Yes! ok. No"),
            ["Then? Yes! ok. No", "Yes! ok. No", "No"]
        );
        assert_eq!(starts("x.org and 1.2 and U.S. Bank"), ["Bank"]);
        assert_eq!(
            starts("Wait... Émile said (yes.) Done"),
            ["Émile said (yes.) Done", "Done"]
        );
        assert_eq!(starts("Trailing.  "), Vec::<&str>::new());
        assert_eq!(starts("..A"), Vec::<&str>::new());
    }

    #[test]
    fn heading_normalisation() {
        assert_eq!(normalize_heading("What Happened?"), "what happened");
        assert_eq!(
            normalize_heading("  WHAT   YOU CAN DO. "),
            "what you can do"
        );
        assert_eq!(
            normalize_heading("2. For More Information:"),
            "for more information"
        );
        assert_eq!(
            normalize_heading("IV) What We Are Doing"),
            "what we are doing"
        );
        assert_eq!(
            normalize_heading("A. What Information Was Involved"),
            "what information was involved"
        );
        assert_eq!(normalize_heading("What’s next"), "what's next");
        assert_eq!(normalize_heading("2024 update"), "2024 update");
    }

    #[test]
    fn run_in_headings_are_candidates() {
        let src = Arc::new(SourceFile::new(
            "n.txt",
            "What Happened? On May 1 we found a problem.\n\nWe are sorry. More text here.\n",
        ));
        let doc = Document::parse(src, DocFormat::Text);
        let texts: Vec<_> = doc.run_ins.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(texts, ["what happened", "we are sorry"]);
        assert_eq!(&doc.plain[doc.run_ins[0].plain.range()], "What Happened");
    }

    fn run_ins(text: &str, format: DocFormat) -> Vec<String> {
        let doc = Document::parse(Arc::new(SourceFile::new("n", text)), format);
        doc.run_ins.iter().map(|r| r.text.clone()).collect()
    }

    #[test]
    fn run_ins_at_line_starts_after_a_closed_line() {
        // One block, no blank lines: each section starts on a new line after
        // the previous section's last sentence.
        let text = "Thank you for reading this letter.\n\
                    What Happened? Last week a laptop went missing from a car.\n\
                    What We Are Doing: We now lock every laptop in a cabinet.\n";
        let found = run_ins(text, DocFormat::Text);
        assert!(found.contains(&"what happened".to_string()), "{found:?}");
        assert!(
            found.contains(&"what we are doing".to_string()),
            "{found:?}"
        );
    }

    #[test]
    fn run_in_after_a_list() {
        let text = "The files included:\n• your name\n• your date of birth\n\
                    What We Are Doing: we moved the files to a locked room.\n";
        let found = run_ins(text, DocFormat::Text);
        assert!(
            found.contains(&"what we are doing".to_string()),
            "{found:?}"
        );
    }

    #[test]
    fn no_run_in_inside_a_wrapped_sentence() {
        let text = "Our staff looked into the matter for weeks and found out\n\
                    What Happened? It was a simple mistake by a courier.\n";
        let found = run_ins(text, DocFormat::Text);
        assert!(!found.contains(&"what happened".to_string()), "{found:?}");
    }

    #[test]
    fn run_in_after_a_date_line() {
        let text = "Revised March 3, 2025\nWhat Happened: A courier lost a box of forms.\n";
        let found = run_ins(text, DocFormat::Markdown);
        assert!(found.contains(&"what happened".to_string()), "{found:?}");
    }

    #[test]
    fn run_in_phrase_stays_on_its_line() {
        let text = "Lakeside Dental Group\nwrote on Monday. Thanks.\n";
        let found = run_ins(text, DocFormat::Markdown);
        assert!(found.iter().all(|t| !t.contains("group")), "{found:?}");
    }

    #[test]
    fn run_ins_mid_line_in_flattened_text() {
        let text = "Dear Member: We write about a problem. What Happened? A box of files \
                    went missing. What Information Was Involved? Names only. Call us. \
                    Here is why. Thanks again.\n";
        let found = run_ins(text, DocFormat::Text);
        assert!(found.contains(&"what happened".to_string()), "{found:?}");
        assert!(
            found.contains(&"what information was involved".to_string()),
            "{found:?}"
        );
        // Mid-line, only phrases ending in `?` or `:` are candidates.
        assert!(!found.contains(&"call us".to_string()), "{found:?}");
        assert!(!found.contains(&"here is why".to_string()), "{found:?}");
    }

    #[test]
    fn numbered_run_ins_are_read_past_the_number() {
        let found = run_ins(
            "1. What Happened: a pipe burst and soaked the records.\n",
            DocFormat::Text,
        );
        assert_eq!(found, ["what happened"]);
        let found = run_ins(
            "Q. What happened? A pipe burst in the file room.\n",
            DocFormat::Text,
        );
        assert_eq!(found, ["what happened"]);
    }

    #[test]
    fn whole_line_run_in_needs_a_new_sentence_after_it() {
        let found = run_ins(
            "What Happened\nA pipe burst in the archive room.\n",
            DocFormat::Markdown,
        );
        assert_eq!(found, ["what happened"]);
        let found = run_ins(
            "More information\nis on the back of this page.\n",
            DocFormat::Markdown,
        );
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn lines_that_close() {
        for line in [
            "",
            "We fixed it.",
            "Is it safe?",
            "Dear Ms. Rivera,",
            "To all of our patients,",
            "-----",
            "Revised March 3, 2025",
            "Posted 4/12/2023",
            "Springfield, IL 62704",
            "Phone: 555-867-5309",
            "<CITY, STATE, ZIP>",
            "Reference number: [ID]",
        ] {
            assert!(closes_line(line), "{line:?} should close");
        }
        for line in [
            "we looked at the records of",
            "Some Personal Information",
            "Our auditors counted the boxes in the basement and found 12345",
            "In addition,",
        ] {
            assert!(!closes_line(line), "{line:?} should not close");
        }
    }

    #[test]
    fn format_from_extension() {
        assert_eq!(
            DocFormat::from_path(Path::new("a/B.MD")),
            DocFormat::Markdown
        );
        assert_eq!(DocFormat::from_path(Path::new("a/b.txt")), DocFormat::Text);
        assert_eq!(DocFormat::from_path(Path::new("notice")), DocFormat::Text);
    }

    #[test]
    fn headings_past_the_cap_are_read_as_text() {
        let md = "**What Happened**\n\n".repeat(MAX_HEADINGS + 10);
        let doc = Document::parse(Arc::new(SourceFile::new("n.md", md)), DocFormat::Markdown);
        assert_eq!(doc.headings.len(), MAX_HEADINGS);
        assert_eq!(doc.blocks.len(), 10);
        let txt = "What Happened\n\n".repeat(MAX_HEADINGS + 10);
        let doc = Document::parse(Arc::new(SourceFile::new("n.txt", txt)), DocFormat::Text);
        assert_eq!(doc.headings.len(), MAX_HEADINGS);
        assert_eq!(doc.blocks.len(), 10);
    }
}
