//! Building the plain text of a document read as a flow of blocks (HTML,
//! Word): text pieces with their source ranges, collapsed white space,
//! and block and heading boundaries.
//!
//! Blocks are separated by a blank line in the plain text, as in Markdown,
//! so every rule sees the same shape whatever the format.

use super::{Block, Heading, HeadingKind, MAX_HEADINGS, OffsetMap, normalize_heading};
use crate::span::Span;

/// Most words a paragraph set wholly in bold may have to count as a heading.
pub(super) const MAX_EMPHASIS_HEADING_WORDS: usize = 12;

/// Text a reader quotes in a message (a link's words, a comment): on one
/// line, at most 60 characters.
pub(super) fn quote(text: &str) -> String {
    let one: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one.chars().count() > 60 {
        format!("{}…", one.chars().take(60).collect::<String>())
    } else {
        one
    }
}

/// The plain text being built.
pub(super) struct Flow<'a> {
    src: &'a str,
    pub plain: String,
    pub map: OffsetMap,
    pub blocks: Vec<Block>,
    pub headings: Vec<Heading>,
    /// Plain offset where the open block's text starts.
    open: Option<usize>,
    /// White space seen since the last text: one space is written before
    /// the next text of the same block.
    pending_space: bool,
}

impl<'a> Flow<'a> {
    pub fn new(src: &'a str) -> Self {
        Flow {
            src,
            plain: String::new(),
            map: OffsetMap::default(),
            blocks: Vec::new(),
            headings: Vec::new(),
            open: None,
            pending_space: false,
        }
    }

    /// Appends `text`, which came from `span` of the source. White space
    /// inside it is kept as given; call [`Flow::space`] for collapsed space.
    pub fn text(&mut self, text: &str, span: Span) {
        if text.is_empty() {
            return;
        }
        if self.open.is_none() {
            self.start_block();
        } else if self.pending_space && !self.plain.ends_with([' ', '\n']) {
            self.plain.push(' ');
        }
        self.pending_space = false;
        let exact = self.src.get(span.range()) == Some(text);
        let start = self.plain.len();
        self.plain.push_str(text);
        self.map.push(start, text.len(), span, exact);
    }

    /// Collapsed white space: at most one space, and none at a block's edges.
    pub fn space(&mut self) {
        if self.open.is_some() {
            self.pending_space = true;
        }
    }

    /// A line break inside the open block.
    pub fn line_break(&mut self) {
        if self.open.is_some() && !self.plain.ends_with('\n') {
            self.plain.push('\n');
        }
        self.pending_space = false;
    }

    fn start_block(&mut self) {
        if !self.plain.is_empty() {
            if !self.plain.ends_with('\n') {
                self.plain.push('\n');
            }
            if !self.plain.ends_with("\n\n") {
                self.plain.push('\n');
            }
        }
        self.open = Some(self.plain.len());
        self.pending_space = false;
    }

    /// Closes the open block without recording it; returns its plain
    /// range, trailing white space left out.
    pub fn take_block(&mut self) -> Option<Span> {
        let start = self.open.take()?;
        self.pending_space = false;
        let end = start + self.plain[start..].trim_end().len();
        (end > start).then(|| Span::new(start, end))
    }

    /// Closes the open block as a paragraph-like block.
    pub fn end_block(&mut self) {
        if let Some(span) = self.take_block() {
            self.blocks.push(Block { plain: span });
        }
    }

    /// Closes the open block as a heading of `level` (or as an ordinary
    /// block past [`MAX_HEADINGS`]).
    pub fn end_heading(&mut self, level: u8, kind: HeadingKind) {
        let Some(span) = self.take_block() else {
            return;
        };
        self.heading(span, level, kind);
    }

    /// Records plain range `span` (a closed block) as a heading.
    pub fn heading(&mut self, span: Span, level: u8, kind: HeadingKind) {
        if self.headings.len() >= MAX_HEADINGS {
            self.blocks.push(Block { plain: span });
            return;
        }
        let text = &self.plain[span.range()];
        self.headings.push(Heading {
            level: level.clamp(1, 6),
            text: normalize_heading(text),
            kind,
            plain: span,
            span: self.map.to_source(span),
        });
    }

    /// The source range of plain range `span`.
    pub fn to_source(&self, span: Span) -> Span {
        self.map.to_source(span)
    }

    /// Closes the open block; the plain text ends with a line break.
    pub fn finish(mut self) -> (String, OffsetMap, Vec<Heading>, Vec<Block>) {
        self.end_block();
        if !self.plain.is_empty() && !self.plain.ends_with('\n') {
            self.plain.push('\n');
        }
        (self.plain, self.map, self.headings, self.blocks)
    }
}

/// Whether a closed block's text is short enough for an all-bold heading.
pub(super) fn short_enough(text: &str) -> bool {
    let words = super::count_words(text, MAX_EMPHASIS_HEADING_WORDS + 1);
    words > 0 && words <= MAX_EMPHASIS_HEADING_WORDS
}
