//! Converting between byte offsets (how breachlint locates everything) and
//! LSP positions (line and column in the unit the client and server agreed
//! on), and between file paths and `file:` URIs.
//!
//! Lines end at `\n` (a `\r` before it belongs to the line break), as in
//! [`crate::source::SourceFile`].

use std::path::{Path, PathBuf};
use std::str::FromStr;

use lsp_types::{Position, PositionEncodingKind, Range, Uri};

use crate::span::Span;

/// The unit of a position's `character`, negotiated at `initialize`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// Bytes of UTF-8: what breachlint counts, so no conversion is lost.
    Utf8,
    /// UTF-16 code units: the protocol's default, which every client supports.
    Utf16,
}

impl Encoding {
    /// UTF-8 when the client offers it, UTF-16 (the protocol's default) otherwise.
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        match offered {
            Some(kinds) if kinds.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
            _ => Encoding::Utf16,
        }
    }

    /// The name sent back to the client.
    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }
    }

    fn width(self, c: char) -> usize {
        match self {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
        }
    }
}

/// Where each line of a text starts, for conversions in both directions.
#[derive(Debug)]
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
    encoding: Encoding,
}

impl<'a> LineIndex<'a> {
    /// Indexes `text` for positions in `encoding`.
    pub fn new(text: &'a str, encoding: Encoding) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex {
            text,
            starts,
            encoding,
        }
    }

    /// The position of byte `offset` (clamped into the text and back onto a
    /// character boundary).
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let character: usize = self.text[start..offset]
            .chars()
            .map(|c| self.encoding.width(c))
            .sum();
        Position::new(to_u32(line), to_u32(character))
    }

    /// The range covering byte span `span`.
    pub fn range(&self, span: Span) -> Range {
        Range::new(self.position(span.start), self.position(span.end))
    }

    /// The byte offset of `pos`. A line past the end is the end of the
    /// text; a column past the end of its line is the end of the line; a
    /// column inside a character (half of a surrogate pair, a byte inside a
    /// UTF-8 sequence) is that character's start.
    pub fn offset(&self, pos: Position) -> usize {
        let Some(&start) = self.starts.get(pos.line as usize) else {
            return self.text.len();
        };
        let end = self
            .starts
            .get(pos.line as usize + 1)
            .map_or(self.text.len(), |&next| next - 1);
        let line = &self.text[start..end];
        let line = line.strip_suffix('\r').unwrap_or(line);
        let wanted = pos.character as usize;
        let mut units = 0;
        for (i, c) in line.char_indices() {
            let next = units + self.encoding.width(c);
            if next > wanted {
                return start + i;
            }
            units = next;
        }
        start + line.len()
    }

    /// The byte span of `range`, its ends in order.
    pub fn span(&self, range: Range) -> Span {
        let a = self.offset(range.start);
        let b = self.offset(range.end);
        Span::new(a.min(b), a.max(b))
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The local path a `file:` URI names; `None` for other schemes.
pub fn uri_to_path(uri: &Uri) -> Option<PathBuf> {
    let s = uri.as_str();
    let rest = s
        .strip_prefix("file://")
        .or_else(|| s.strip_prefix("FILE://"))?;
    // `file://host/path`: the authority is empty or `localhost` for local files.
    let path = &rest[rest.find('/')?..];
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let bytes: Vec<u8> = percent_encoding::percent_decode_str(path).collect();
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStringExt;
        Some(PathBuf::from(std::ffi::OsString::from_vec(bytes)))
    }
    #[cfg(not(unix))]
    {
        let text = String::from_utf8(bytes).ok()?;
        // `/C:/dir/file` names `C:/dir/file`.
        let text = match text.as_bytes() {
            [b'/', drive, b':', ..] if drive.is_ascii_alphabetic() => text[1..].to_string(),
            _ => text,
        };
        Some(PathBuf::from(text))
    }
}

/// Characters kept as they are in a URI's path; everything else is escaped.
const PATH_KEEP: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'/')
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// The `file:` URI of `path` (made absolute first).
pub fn path_to_uri(path: &Path) -> Option<Uri> {
    let abs = std::path::absolute(path).ok()?;
    let text = abs.to_string_lossy().replace('\\', "/");
    let text = if text.starts_with('/') {
        text
    } else {
        format!("/{text}")
    };
    let encoded = percent_encoding::utf8_percent_encode(&text, PATH_KEEP).to_string();
    Uri::from_str(&format!("file://{encoded}")).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_is_chosen_only_when_offered() {
        let both = [PositionEncodingKind::UTF16, PositionEncodingKind::UTF8];
        assert_eq!(Encoding::negotiate(Some(&both)), Encoding::Utf8);
        assert_eq!(
            Encoding::negotiate(Some(&[PositionEncodingKind::UTF32])),
            Encoding::Utf16
        );
        assert_eq!(Encoding::negotiate(None), Encoding::Utf16);
    }

    #[test]
    fn columns_after_emoji_and_accents() {
        // "é" is 2 bytes and 1 UTF-16 unit; "😀" is 4 bytes and 2 units.
        let text = "Dear Zoë 😀 [DATE]\nnext";
        let at = text.find("[DATE]").unwrap();
        let utf16 = LineIndex::new(text, Encoding::Utf16);
        let utf8 = LineIndex::new(text, Encoding::Utf8);
        // D-e-a-r-space-Z-o-ë-space: 9 units; the emoji 2, a space 1.
        assert_eq!(utf16.position(at), Position::new(0, 12));
        assert_eq!(utf8.position(at), Position::new(0, at as u32));
        assert_eq!(at, 15);
        assert_eq!(utf16.offset(Position::new(0, 12)), at);
        assert_eq!(utf8.offset(Position::new(0, at as u32)), at);
        assert_eq!(utf16.position(text.len()), Position::new(1, 4));
    }

    #[test]
    fn positions_inside_a_character_fall_back_to_its_start() {
        let text = "a😀b";
        let idx = LineIndex::new(text, Encoding::Utf16);
        // Column 2 is between the two halves of the surrogate pair.
        assert_eq!(idx.offset(Position::new(0, 2)), 1);
        assert_eq!(idx.offset(Position::new(0, 3)), 5);
        let idx = LineIndex::new(text, Encoding::Utf8);
        assert_eq!(idx.offset(Position::new(0, 3)), 1);
        // A byte offset inside a character is moved back onto its start.
        assert_eq!(idx.position(3), Position::new(0, 1));
    }

    #[test]
    fn positions_past_the_end_are_clamped() {
        let text = "ab\r\ncd";
        let idx = LineIndex::new(text, Encoding::Utf16);
        assert_eq!(idx.offset(Position::new(0, 99)), 2);
        assert_eq!(idx.offset(Position::new(1, 1)), 5);
        assert_eq!(idx.offset(Position::new(7, 0)), text.len());
        assert_eq!(idx.position(99), Position::new(1, 2));
    }

    #[test]
    fn file_uris_round_trip() {
        let path = Path::new("/tmp/a dir/Zoë#1.md");
        let uri = path_to_uri(path).unwrap();
        assert_eq!(uri.as_str(), "file:///tmp/a%20dir/Zo%C3%AB%231.md");
        assert_eq!(uri_to_path(&uri).unwrap(), path);
        let other = Uri::from_str("untitled:Untitled-1").unwrap();
        assert_eq!(uri_to_path(&other), None);
        let host = Uri::from_str("file://localhost/tmp/n.md").unwrap();
        assert_eq!(uri_to_path(&host).unwrap(), Path::new("/tmp/n.md"));
    }
}
