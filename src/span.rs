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

/// A list of byte offsets in four bytes each while they fit (texts under
/// 4 GiB, all real ones), in eight once one does not. Line starts and
/// sentence cuts can number one for every byte or two of a text, so their
/// size is much of what such a text costs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Offsets {
    Narrow(Vec<u32>),
    Wide(Vec<usize>),
}

impl Default for Offsets {
    fn default() -> Self {
        Offsets::Narrow(Vec::new())
    }
}

impl Offsets {
    pub(crate) fn push(&mut self, offset: usize) {
        match self {
            Offsets::Narrow(v) => match u32::try_from(offset) {
                Ok(o) => v.push(o),
                Err(_) => {
                    let mut wide: Vec<usize> = v.iter().map(|&o| o as usize).collect();
                    wide.push(offset);
                    *self = Offsets::Wide(wide);
                }
            },
            Offsets::Wide(v) => v.push(offset),
        }
    }

    pub(crate) fn len(&self) -> usize {
        match self {
            Offsets::Narrow(v) => v.len(),
            Offsets::Wide(v) => v.len(),
        }
    }

    pub(crate) fn get(&self, i: usize) -> Option<usize> {
        match self {
            Offsets::Narrow(v) => v.get(i).map(|&o| o as usize),
            Offsets::Wide(v) => v.get(i).copied(),
        }
    }

    /// The number of leading offsets for which `pred` holds (it must hold
    /// on a prefix, as for [`slice::partition_point`]).
    pub(crate) fn partition_point(&self, pred: impl Fn(usize) -> bool) -> usize {
        match self {
            Offsets::Narrow(v) => v.partition_point(|&o| pred(o as usize)),
            Offsets::Wide(v) => v.partition_point(|&o| pred(o)),
        }
    }
}

impl FromIterator<usize> for Offsets {
    fn from_iter<I: IntoIterator<Item = usize>>(iter: I) -> Self {
        let mut out = Offsets::default();
        for o in iter {
            out.push(o);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_widen_when_one_does_not_fit() {
        let mut o: Offsets = [1, 5].into_iter().collect();
        assert!(matches!(o, Offsets::Narrow(_)));
        let far = u32::MAX as usize + 3;
        o.push(far);
        assert!(matches!(o, Offsets::Wide(_)));
        assert_eq!(
            (o.len(), o.get(0), o.get(2), o.get(3)),
            (3, Some(1), Some(far), None)
        );
        assert_eq!(o.partition_point(|x| x < 5), 1);
    }

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
