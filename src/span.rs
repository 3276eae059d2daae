//! Byte ranges into a source text.
//!
//! Every position breachlint reports starts life as a byte range taken from
//! the parser or from a regex match over the original text; it is turned into
//! line and column only at the output boundary (see [`crate::source`]).

use serde::Serialize;

/// An end-exclusive byte range into a source text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Span {
    /// First byte of the range.
    pub start: usize,
    /// One past the last byte of the range.
    pub end: usize,
}

impl Span {
    /// A range from `start` to `end` (end-exclusive).
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end, "span start {start} after end {end}");
        Span { start, end }
    }

    /// An empty range at `at`, used to point at the place where something is missing.
    pub fn point(at: usize) -> Self {
        Span { start: at, end: at }
    }

    /// Number of bytes covered.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// Whether the range covers no bytes.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// Whether `other` lies entirely inside this range.
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// Whether the two ranges share at least one byte, or an empty range sits inside this one.
    pub fn overlaps(&self, other: Span) -> bool {
        if other.is_empty() {
            return self.start <= other.start && other.start <= self.end;
        }
        self.start < other.end && other.start < self.end
    }

    /// The range as a `std::ops::Range`, for slicing and for codespan labels.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }
}

impl From<std::ops::Range<usize>> for Span {
    fn from(r: std::ops::Range<usize>) -> Self {
        Span::new(r.start, r.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlap_and_containment() {
        let a = Span::new(2, 8);
        assert!(a.contains(Span::new(2, 8)));
        assert!(a.contains(Span::new(3, 4)));
        assert!(!a.contains(Span::new(1, 4)));
        assert!(a.overlaps(Span::new(7, 12)));
        assert!(!a.overlaps(Span::new(8, 12)));
        assert!(a.overlaps(Span::point(8)));
        assert!(!a.overlaps(Span::point(9)));
    }
}
