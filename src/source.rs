//! Reading a notice from bytes: decoding, line index, and position conversion.
//!
//! The decoded text keeps every byte of valid UTF-8 input, including a byte
//! order mark and CR characters, so spans into it are spans into the file.
//! Only invalid UTF-8 is replaced (U+FFFD), which shifts offsets after the
//! first bad byte; that case is reported to the user as a warning.

use std::path::{Path, PathBuf};

use crate::span::{Offsets, Span};

/// Length in bytes of the UTF-8 byte order mark.
pub const BOM_LEN: usize = 3;

/// A notice's text with the facts needed to report positions in it.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as given by the user (or as found by a folder walk).
    pub path: PathBuf,
    /// The decoded text.
    pub text: String,
    /// Whether the text starts with a UTF-8 byte order mark.
    pub has_bom: bool,
    /// Byte offset of the first invalid UTF-8 sequence in the original bytes, if any.
    pub invalid_utf8_at: Option<usize>,
    /// Byte offsets at which lines start.
    line_starts: Offsets,
    /// 0-based index of the first line of each page, for a text view made
    /// from a paged file (PDF); empty otherwise.
    page_lines: Vec<usize>,
}

/// A place on a page: 1-based page and line of that page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageLine {
    /// 1-based page number.
    pub page: usize,
    /// 1-based line number on that page.
    pub line: usize,
}

/// A 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, counted in Unicode scalar values (characters).
    pub column: usize,
}

impl SourceFile {
    /// Decodes `bytes` (lossily, if they are not UTF-8) and indexes its lines.
    pub fn from_bytes(path: impl Into<PathBuf>, bytes: &[u8]) -> Self {
        Self::from_vec(path, bytes.to_vec())
    }

    /// Like [`SourceFile::from_bytes`], but takes the bytes: valid UTF-8
    /// becomes the text without a copy, which on one big notice is a byte
    /// per byte of peak memory.
    pub fn from_vec(path: impl Into<PathBuf>, bytes: Vec<u8>) -> Self {
        match String::from_utf8(bytes) {
            Ok(text) => Self::from_string(path, text, None),
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
                Self::from_string(path, text, Some(at))
            }
        }
    }

    /// Wraps an already decoded text.
    pub fn new(path: impl Into<PathBuf>, text: impl Into<String>) -> Self {
        Self::from_string(path, text.into(), None)
    }

    fn from_string(path: impl Into<PathBuf>, text: String, invalid_utf8_at: Option<usize>) -> Self {
        let has_bom = text.starts_with('\u{feff}');
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        SourceFile {
            path: path.into(),
            text,
            has_bom,
            invalid_utf8_at,
            line_starts,
            page_lines: Vec::new(),
        }
    }

    /// The same text, made from a paged file whose pages start at byte
    /// offsets `starts` (each at the start of a line).
    pub fn with_pages(mut self, starts: Vec<usize>) -> Self {
        self.page_lines = starts.iter().map(|&s| self.line_index(s)).collect();
        self
    }

    /// Whether the text was made from a paged file.
    pub fn is_paged(&self) -> bool {
        !self.page_lines.is_empty()
    }

    /// The page and the line of that page holding 0-based line `index`, in
    /// a text made from a paged file.
    pub fn page_line_of_index(&self, index: usize) -> Option<PageLine> {
        if self.page_lines.is_empty() {
            return None;
        }
        // An empty page starts where the next one does: the later wins.
        let page = self.page_lines.partition_point(|&p| p <= index).max(1);
        Some(PageLine {
            page,
            line: index - self.page_lines[page - 1] + 1,
        })
    }

    /// The page and the line of that page holding byte `offset`.
    pub fn page_line(&self, offset: usize) -> Option<PageLine> {
        self.page_line_of_index(self.line_index(self.clamp(offset)))
    }

    /// The path for display (forward slashes are kept as given).
    pub fn name(&self) -> String {
        display_path(&self.path)
    }

    /// Where the content starts: after the byte order mark, if any.
    pub fn content_start(&self) -> usize {
        if self.has_bom { BOM_LEN } else { 0 }
    }

    /// How many lines the text has (one more than it has line breaks).
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// Byte offset at which 0-based line `index` starts.
    ///
    /// # Panics
    ///
    /// When `index` is not below [`SourceFile::line_count`].
    pub fn line_start(&self, index: usize) -> usize {
        match self.line_starts.get(index) {
            Some(start) => start,
            None => panic!("line {index} of a text of {} lines", self.line_starts.len()),
        }
    }

    /// 0-based index of the line holding byte `offset`.
    pub fn line_index(&self, offset: usize) -> usize {
        self.line_starts
            .partition_point(|s| s <= offset)
            .saturating_sub(1)
    }

    /// The byte range of 0-based line `index`, without its line terminator.
    pub fn line_span(&self, index: usize) -> Span {
        let start = self.line_start(index);
        let mut end = self.line_starts.get(index + 1).unwrap_or(self.text.len());
        let bytes = self.text.as_bytes();
        if end > start && bytes[end - 1] == b'\n' {
            end -= 1;
        }
        if end > start && bytes[end - 1] == b'\r' {
            end -= 1;
        }
        Span::new(start, end)
    }

    /// Clamps `offset` into the text and back onto a character boundary.
    pub fn clamp(&self, offset: usize) -> usize {
        let mut o = offset.min(self.text.len());
        while !self.text.is_char_boundary(o) {
            o -= 1;
        }
        o
    }

    /// 1-based line and character column of byte `offset`.
    ///
    /// The byte order mark is not counted as a column on line 1.
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = self.clamp(offset);
        let index = self.line_index(offset);
        let mut start = self.line_start(index);
        if index == 0 && self.has_bom && offset >= BOM_LEN {
            start = BOM_LEN;
        }
        let column = self.text[start..offset].chars().count() + 1;
        LineCol {
            line: index + 1,
            column,
        }
    }

    /// 1-based column of byte `offset` counted in UTF-16 code units (for LSP clients).
    pub fn utf16_column(&self, offset: usize) -> usize {
        let offset = self.clamp(offset);
        let index = self.line_index(offset);
        let mut start = self.line_start(index);
        if index == 0 && self.has_bom && offset >= BOM_LEN {
            start = BOM_LEN;
        }
        self.text[start..offset].encode_utf16().count() + 1
    }

    /// The text covered by `span`.
    pub fn slice(&self, span: Span) -> &str {
        &self.text[self.clamp(span.start)..self.clamp(span.end)]
    }
}

/// One name for a file however it was reached (`./a.md`, `dir/../a.md`),
/// to tell whether two paths name the same file.
pub fn same_file(path: &Path) -> PathBuf {
    std::fs::canonicalize(path)
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf())
}

/// Renders a path the way users typed it, with `./` stripped.
pub fn display_path(path: &Path) -> String {
    display_name(path).into_owned()
}

/// [`display_path`] without a copy when the path is UTF-8, for comparing
/// the names of many files.
pub fn display_name(path: &Path) -> std::borrow::Cow<'_, str> {
    use std::borrow::Cow;
    match path.to_string_lossy() {
        Cow::Borrowed(s) => Cow::Borrowed(s.strip_prefix("./").unwrap_or(s)),
        Cow::Owned(s) => match s.strip_prefix("./") {
            Some(rest) => Cow::Owned(rest.to_string()),
            None => Cow::Owned(s),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_not_bytes() {
        let src = SourceFile::new("n.md", "é€x\nabc");
        assert_eq!(src.line_col(0), LineCol { line: 1, column: 1 });
        assert_eq!(src.line_col(2), LineCol { line: 1, column: 2 });
        assert_eq!(src.line_col(5), LineCol { line: 1, column: 3 });
        assert_eq!(src.line_col(7), LineCol { line: 2, column: 1 });
        assert_eq!(src.utf16_column(5), 3);
    }

    #[test]
    fn bom_is_not_a_column() {
        let src = SourceFile::from_bytes("n.txt", b"\xEF\xBB\xBFTitle\n");
        assert!(src.has_bom);
        assert_eq!(src.content_start(), 3);
        assert_eq!(src.line_col(3), LineCol { line: 1, column: 1 });
        assert_eq!(src.line_col(4), LineCol { line: 1, column: 2 });
    }

    #[test]
    fn crlf_lines() {
        let src = SourceFile::new("n.txt", "ab\r\ncd\r\n");
        assert_eq!(src.line_span(0), Span::new(0, 2));
        assert_eq!(src.line_span(1), Span::new(4, 6));
        assert_eq!(src.line_col(4), LineCol { line: 2, column: 1 });
    }

    #[test]
    fn invalid_utf8_is_decoded_lossily() {
        let src = SourceFile::from_bytes("n.txt", b"ok \xff bad");
        assert_eq!(src.invalid_utf8_at, Some(3));
        assert!(src.text.contains('\u{fffd}'));
    }

    #[test]
    fn offsets_past_the_end_are_clamped() {
        let src = SourceFile::new("n.txt", "abc");
        assert_eq!(src.line_col(99), LineCol { line: 1, column: 4 });
    }
}
