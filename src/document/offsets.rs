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

/// A piecewise map from plain-text offsets to source offsets.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OffsetMap {
    segments: Vec<Segment>,
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
        self.segments.push(Segment {
            plain_start,
            plain_len,
            src,
            exact: exact && plain_len == src.len(),
        });
    }

    fn segment_at(&self, offset: usize) -> Option<&Segment> {
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
            return self.segments.first().map_or(0, |s| s.src.start);
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
                None => self.segments.first().map_or(0, |s| s.src.start),
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
    fn spans_over_gaps() {
        let m = map();
        assert_eq!(m.to_source(Span::new(0, 4)), Span::new(5, 15));
        assert_eq!(m.to_source(Span::point(2)), Span::point(10));
        assert_eq!(m.to_source(Span::point(99)), Span::point(15));
    }
}
