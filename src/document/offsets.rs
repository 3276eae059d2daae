//! Mapping plain-text offsets back to source offsets.

use crate::span::Span;

/// One run of plain text and the source range it came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Segment {
    plain_start: usize,
    plain_len: usize,
    src: Span,
    /// The plain text equals the source text byte for byte, so offsets inside
    /// map one to one. Otherwise (entities, escapes, inserted separators) any
    /// offset inside maps to the whole source range.
    exact: bool,
}

/// A [`Segment`] in 16 bytes instead of 40, for texts under 4 GiB (all
/// real ones).
///
/// A map can hold one segment for every two bytes of a notice (`*a* *a* …`
/// in Markdown, or a CRLF file of short lines), so the size of a segment is
/// much of the memory a notice costs beyond its text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Narrow {
    plain_start: u32,
    /// The plain length, with [`Segment::exact`] in the top bit.
    plain_len_exact: u32,
    src_start: u32,
    src_end: u32,
}

/// The bit of [`Narrow::plain_len_exact`] that holds [`Segment::exact`].
const EXACT_BIT: u32 = 1 << 31;

impl Narrow {
    fn new(s: &Segment) -> Option<Narrow> {
        let plain_len = u32::try_from(s.plain_len).ok().filter(|&l| l < EXACT_BIT)?;
        Some(Narrow {
            plain_start: u32::try_from(s.plain_start).ok()?,
            plain_len_exact: plain_len | if s.exact { EXACT_BIT } else { 0 },
            src_start: u32::try_from(s.src.start).ok()?,
            src_end: u32::try_from(s.src.end).ok()?,
        })
    }

    fn wide(self) -> Segment {
        Segment {
            plain_start: self.plain_start as usize,
            plain_len: (self.plain_len_exact & !EXACT_BIT) as usize,
            src: Span::new(self.src_start as usize, self.src_end as usize),
            exact: self.plain_len_exact & EXACT_BIT != 0,
        }
    }
}

/// The segments, narrow until one does not fit.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Segments {
    Narrow(Chunked<Narrow>),
    Wide(Chunked<Segment>),
}

impl Default for Segments {
    fn default() -> Self {
        Segments::Narrow(Chunked::default())
    }
}

impl Segments {
    fn len(&self) -> usize {
        match self {
            Segments::Narrow(v) => v.len(),
            Segments::Wide(v) => v.len(),
        }
    }

    fn get(&self, i: usize) -> Option<Segment> {
        match self {
            Segments::Narrow(v) => v.get(i).map(|n| n.wide()),
            Segments::Wide(v) => v.get(i).copied(),
        }
    }

    fn last(&self) -> Option<Segment> {
        self.len().checked_sub(1).and_then(|i| self.get(i))
    }

    /// Replaces the last segment (there must be one).
    fn set_last(&mut self, s: Segment) {
        self.pop();
        self.push(s);
    }

    fn pop(&mut self) {
        match self {
            Segments::Narrow(v) => v.pop(),
            Segments::Wide(v) => v.pop(),
        }
    }

    fn push(&mut self, s: Segment) {
        if let Segments::Narrow(v) = self {
            match Narrow::new(&s) {
                Some(n) => return v.push(n),
                None => {
                    let mut wide = Chunked::default();
                    v.iter().for_each(|n| wide.push(n.wide()));
                    *self = Segments::Wide(wide);
                }
            }
        }
        if let Segments::Wide(v) = self {
            v.push(s);
        }
    }

    /// The index of the first segment for which `pred` is false (segments
    /// are ordered, `pred` true on a prefix of them).
    fn partition_point(&self, pred: impl Fn(&Segment) -> bool) -> usize {
        match self {
            Segments::Narrow(v) => v.partition_point(|n| pred(&n.wide())),
            Segments::Wide(v) => v.partition_point(pred),
        }
    }
}

/// Items per block of a [`Chunked`] list.
const CHUNK: usize = 4096;

/// A list kept in blocks of [`CHUNK`] items.
///
/// A vector that grows copies what it holds into a buffer twice the size,
/// so a map of one segment for every two bytes of a notice briefly took
/// three times its own size, the largest share of the memory such a notice
/// cost. Blocks are never copied: the list grows by one block at a time.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Chunked<T> {
    /// Every block but the last is full. The first grows as a vector does,
    /// so a short notice's map stays small.
    blocks: Vec<Vec<T>>,
    len: usize,
}

impl<T> Default for Chunked<T> {
    fn default() -> Self {
        Chunked {
            blocks: Vec::new(),
            len: 0,
        }
    }
}

impl<T> Chunked<T> {
    fn len(&self) -> usize {
        self.len
    }

    fn get(&self, i: usize) -> Option<&T> {
        self.blocks.get(i / CHUNK)?.get(i % CHUNK)
    }

    fn push(&mut self, item: T) {
        match self.blocks.last_mut() {
            Some(block) if block.len() < CHUNK => block.push(item),
            last => {
                let mut block = if last.is_some() {
                    Vec::with_capacity(CHUNK)
                } else {
                    Vec::new()
                };
                block.push(item);
                self.blocks.push(block);
            }
        }
        self.len += 1;
    }

    fn pop(&mut self) {
        if let Some(block) = self.blocks.last_mut() {
            if block.pop().is_some() {
                self.len -= 1;
            }
            if block.is_empty() {
                self.blocks.pop();
            }
        }
    }

    fn iter(&self) -> impl Iterator<Item = &T> {
        self.blocks.iter().flatten()
    }

    /// As [`slice::partition_point`] over the whole list.
    fn partition_point(&self, pred: impl Fn(&T) -> bool) -> usize {
        let full = self.blocks.partition_point(|b| b.last().is_some_and(&pred));
        match self.blocks.get(full) {
            Some(block) => full * CHUNK + block.partition_point(&pred),
            None => self.len,
        }
    }
}

/// A piecewise map from plain-text offsets to source offsets.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OffsetMap {
    segments: Segments,
}

impl OffsetMap {
    /// Records that `plain_len` bytes starting at `plain_start` came from `src`.
    pub fn push(&mut self, plain_start: usize, plain_len: usize, src: Span, exact: bool) {
        debug_assert!(
            self.segments
                .last()
                .is_none_or(|s| s.plain_start + s.plain_len <= plain_start),
            "segments must be pushed in order"
        );
        if plain_len == 0 {
            return;
        }
        let exact = exact && plain_len == src.len();
        // Text that continues the previous exact run in both texts (a line
        // and its line break, `[` after `[`) extends it: one segment maps
        // both the same way, and a long run of such pieces costs nothing.
        if let Some(last) = self.segments.last() {
            if exact
                && last.exact
                && last.plain_start + last.plain_len == plain_start
                && last.src.end == src.start
            {
                self.segments.set_last(Segment {
                    plain_len: last.plain_len + plain_len,
                    src: Span::new(last.src.start, src.end),
                    ..last
                });
                return;
            }
        }
        self.segments.push(Segment {
            plain_start,
            plain_len,
            src,
            exact,
        });
    }

    fn segment_at(&self, offset: usize) -> Option<Segment> {
        let i = self
            .segments
            .partition_point(|s| s.plain_start + s.plain_len <= offset);
        self.segments.get(i)
    }

    /// Source offset for the start of something at plain `offset`.
    fn start(&self, offset: usize) -> usize {
        match self.segment_at(offset) {
            Some(s) if offset >= s.plain_start => {
                if s.exact {
                    s.src.start + (offset - s.plain_start)
                } else {
                    s.src.start
                }
            }
            // In a gap (a separator the model inserted): the next segment's start.
            Some(s) => s.src.start,
            None => self.segments.last().map_or(0, |s| s.src.end),
        }
    }

    /// Source offset for the end of something ending at plain `offset` (exclusive).
    fn end(&self, offset: usize) -> usize {
        if offset == 0 {
            return self.segments.get(0).map_or(0, |s| s.src.start);
        }
        // The segment holding the last byte before `offset`.
        let i = self
            .segments
            .partition_point(|s| s.plain_start + s.plain_len < offset);
        match self.segments.get(i) {
            Some(s) if offset > s.plain_start => {
                if s.exact {
                    s.src.start + (offset - s.plain_start)
                } else {
                    s.src.end
                }
            }
            _ => match i.checked_sub(1).and_then(|j| self.segments.get(j)) {
                Some(prev) => prev.src.end,
                None => self.segments.get(0).map_or(0, |s| s.src.start),
            },
        }
    }

    /// The source range covering plain range `plain`.
    pub fn to_source(&self, plain: Span) -> Span {
        let start = self.start(plain.start);
        if plain.is_empty() {
            return Span::point(start);
        }
        let end = self.end(plain.end).max(start);
        Span::new(start, end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map() -> OffsetMap {
        // plain: "ab" + "\n" (inserted) + "&" (from "&amp;" at 10..15)
        let mut m = OffsetMap::default();
        m.push(0, 2, Span::new(5, 7), true);
        m.push(3, 1, Span::new(10, 15), true);
        m
    }

    #[test]
    fn exact_segments_map_byte_for_byte() {
        let m = map();
        assert_eq!(m.to_source(Span::new(0, 2)), Span::new(5, 7));
        assert_eq!(m.to_source(Span::new(1, 2)), Span::new(6, 7));
    }

    #[test]
    fn inexact_segments_map_whole() {
        let m = map();
        assert_eq!(m.to_source(Span::new(3, 4)), Span::new(10, 15));
    }

    #[test]
    fn contiguous_exact_pieces_are_one_segment() {
        let mut m = OffsetMap::default();
        m.push(0, 1, Span::new(10, 11), true);
        m.push(1, 1, Span::new(11, 12), true);
        // Not contiguous in the source, nor is an inexact piece.
        m.push(2, 1, Span::new(13, 14), true);
        m.push(3, 1, Span::new(14, 19), true);
        assert_eq!(m.segments.len(), 3);
        assert_eq!(m.to_source(Span::new(0, 2)), Span::new(10, 12));
        assert_eq!(m.to_source(Span::new(1, 3)), Span::new(11, 14));
        assert_eq!(m.to_source(Span::new(3, 4)), Span::new(14, 19));
    }

    #[test]
    fn offsets_past_four_gib_widen_the_map() {
        let mut m = OffsetMap::default();
        m.push(0, 2, Span::new(5, 7), true);
        let far = u32::MAX as usize + 10;
        m.push(3, 1, Span::new(far, far + 4), false);
        assert!(matches!(m.segments, Segments::Wide(_)));
        assert_eq!(m.to_source(Span::new(0, 2)), Span::new(5, 7));
        assert_eq!(m.to_source(Span::new(3, 4)), Span::new(far, far + 4));
        // A length that would need the exactness bit widens it too.
        let mut m = OffsetMap::default();
        let long = 1 << 31;
        m.push(0, long, Span::new(0, long), true);
        assert!(matches!(m.segments, Segments::Wide(_)));
        assert_eq!(m.to_source(Span::new(5, 9)), Span::new(5, 9));
    }

    #[test]
    fn a_map_of_many_blocks_finds_every_segment() {
        let mut m = OffsetMap::default();
        let n = 3 * CHUNK + 5;
        // "a" from every fourth source byte, as in `*a* *a* ...`.
        for i in 0..n {
            m.push(i, 1, Span::new(4 * i + 1, 4 * i + 2), true);
        }
        assert_eq!(m.segments.len(), n);
        for i in [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, n - 1] {
            assert_eq!(
                m.to_source(Span::new(i, i + 1)),
                Span::new(4 * i + 1, 4 * i + 2)
            );
        }
        assert_eq!(m.to_source(Span::point(n + 7)), Span::point(4 * n - 2));
        let mut list = Chunked::default();
        (0..n).for_each(|i| list.push(i));
        for i in 0..=n {
            assert_eq!(list.partition_point(|&x| x < i), i);
        }
        (0..CHUNK + 1).for_each(|_| list.pop());
        assert_eq!(list.len(), 2 * CHUNK + 4);
        assert_eq!(list.iter().count(), 2 * CHUNK + 4);
        assert_eq!(list.get(2 * CHUNK + 3), Some(&(2 * CHUNK + 3)));
        assert_eq!(list.get(2 * CHUNK + 4), None);
    }

    #[test]
    fn spans_over_gaps() {
        let m = map();
        assert_eq!(m.to_source(Span::new(0, 4)), Span::new(5, 15));
        assert_eq!(m.to_source(Span::point(2)), Span::point(10));
        assert_eq!(m.to_source(Span::point(99)), Span::point(15));
    }
}
