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

mod markdown;
mod offsets;
mod text;

pub use offsets::OffsetMap;

/// How a notice is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DocFormat {
    /// CommonMark (with tables and strikethrough).
    Markdown,
    /// Plain text, headings detected from the shape of lines.
    Text,
}

impl DocFormat {
    /// The format implied by a file's extension: `.md`/`.markdown` are Markdown, all else text.
    pub fn from_path(path: &Path) -> Self {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(|e| e.to_ascii_lowercase())
            .as_deref()
        {
            Some("md" | "markdown" | "mdown" | "mkd") => DocFormat::Markdown,
            _ => DocFormat::Text,
        }
    }

    /// Parses `markdown` or `text`.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "markdown" | "md" => Some(DocFormat::Markdown),
            "text" | "txt" | "plain" => Some(DocFormat::Text),
            _ => None,
        }
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

/// A phrase at the start of a paragraph that may be a heading run into the
/// first sentence ("What Happened? On May 1 …"). Only rules decide whether it
/// is one, by matching it against their heading patterns.
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
}

impl Document {
    /// Parses `source` as `format`.
    pub fn parse(source: Arc<SourceFile>, format: DocFormat) -> Self {
        let mut doc = match format {
            DocFormat::Markdown => markdown::parse(source),
            DocFormat::Text => text::parse(source),
        };
        doc.run_ins = find_run_ins(&doc.plain, &doc.blocks);
        doc
    }

    /// Maps a plain-text range to the source range it came from.
    pub fn to_source(&self, plain: Span) -> Span {
        self.map.to_source(plain)
    }

    /// The source range of the heading at `index`.
    pub fn heading_span(&self, index: usize) -> Span {
        self.headings[index].span
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

/// Longest phrase (in characters) that may be a run-in heading.
const RUN_IN_MAX_CHARS: usize = 64;
/// Most words a run-in heading may have.
const RUN_IN_MAX_WORDS: usize = 8;

/// Finds, for each block, a leading phrase ended by `?`, `.`, `:` or a dash
/// that could be a heading run into the paragraph.
fn find_run_ins(plain: &str, blocks: &[Block]) -> Vec<RunIn> {
    let mut out = Vec::new();
    for b in blocks {
        let text = &plain[b.plain.range()];
        let lead = text.len() - text.trim_start().len();
        let body = &text[lead..];
        let limit = body
            .char_indices()
            .nth(RUN_IN_MAX_CHARS)
            .map_or(body.len(), |(i, _)| i);
        let window = &body[..limit];
        let Some(end) = window
            .find(['?', '.', ':', '—', '–'])
            .or_else(|| window.find(" - "))
        else {
            continue;
        };
        let phrase = window[..end].trim_end();
        let words = phrase.split_whitespace().count();
        // Something must follow, or it is a whole heading-like paragraph, which
        // the parser has already judged.
        if phrase.is_empty() || words > RUN_IN_MAX_WORDS || body[end..].trim().len() <= 1 {
            continue;
        }
        let start = b.plain.start + lead;
        out.push(RunIn {
            text: normalize_heading(phrase),
            plain: Span::new(start, start + phrase.len()),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn format_from_extension() {
        assert_eq!(
            DocFormat::from_path(Path::new("a/B.MD")),
            DocFormat::Markdown
        );
        assert_eq!(DocFormat::from_path(Path::new("a/b.txt")), DocFormat::Text);
        assert_eq!(DocFormat::from_path(Path::new("notice")), DocFormat::Text);
    }
}
