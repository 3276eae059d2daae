//! Several patterns asked, in one pass over a text, which of them match.
//!
//! Some rule patterns have no leading words for the engine's literal scan
//! to look for (`\d{3}-\d{2}-\d{4}`, a line that opens with a bracket), so
//! each had to read the whole text on its own. One lazy DFA over those of
//! them that combine well reads the text once and reports every one that
//! matches anywhere.

use regex_automata::hybrid::dfa;
use regex_automata::{Input, MatchKind, PatternSet};
use regex_syntax::hir::{Hir, HirKind};

use super::forward::{Lazy, dfa_config};
use super::prebuilt::{self, Derived};

/// The widest counted repetition (`{1,5}`: four) a pattern in a [`Set`]
/// may hold.
///
/// An overlapping search keeps every pattern's partial matches alive at
/// once, and a state of the automaton is one mix of them. A repetition
/// counted over a range keeps a count for each place it could have begun
/// in that range: two or three such patterns together made the number of
/// mixes, and the time spent building states, grow past what one pattern
/// at a time cost.
const MAX_COUNTED_RANGE: u32 = 2;

/// Patterns compiled together to be asked which of them match (see the
/// module documentation).
#[derive(Debug)]
pub struct Set {
    lazy: Lazy,
    /// How many patterns were given.
    len: usize,
    /// The given patterns the automaton holds, by their index. Left out:
    /// those with a wide counted repetition ([`MAX_COUNTED_RANGE`]), and
    /// those that can match the empty string, whose matches the regex
    /// crate keeps off the middle of a UTF-8 sequence, which an
    /// overlapping search does not.
    served: Vec<usize>,
}

impl Set {
    /// Compiles those of `patterns` that combine well, or `None` when they
    /// do not parse or compile within the size limit, or none of them
    /// combines well.
    pub fn build<S: AsRef<str>>(patterns: &[S]) -> Option<Set> {
        Set::build_with(patterns, false)
    }

    /// Like [`Set::build`], for texts of a line or so (headings): it holds
    /// the patterns with a wide counted repetition too, since on such a
    /// text the mixes of their partial matches stay few.
    pub fn build_for_lines<S: AsRef<str>>(patterns: &[S]) -> Option<Set> {
        Set::build_with(patterns, true)
    }

    fn build_with<S: AsRef<str>>(patterns: &[S], wide_counts: bool) -> Option<Set> {
        // Which patterns the set holds is known without parsing them when
        // their shapes are stored; their automaton then is too, for the
        // built-in ones, and nothing is parsed.
        let stored: Option<Vec<Shape>> = patterns
            .iter()
            .map(|p| prebuilt::stored(Derived::Shape, p.as_ref(), Shape::read))
            .collect();
        let (served, mut hirs) = match stored {
            Some(shapes) => {
                let served = (shapes.iter().enumerate())
                    .filter(|(_, shape)| shape.joins(wide_counts))
                    .map(|(i, _)| i)
                    .collect();
                (served, None)
            }
            None => {
                let hirs = prebuilt::parse_many(patterns)?;
                #[cfg(test)]
                for (p, hir) in patterns.iter().zip(&hirs) {
                    let entry = vec![Shape::of(hir).0];
                    prebuilt::record_derived(Derived::Shape, p.as_ref(), entry);
                }
                let (served, hirs): (Vec<usize>, Vec<Hir>) = hirs
                    .into_iter()
                    .enumerate()
                    .filter(|(_, hir)| Shape::of(hir).joins(wide_counts))
                    .unzip();
                (served, Some(hirs))
            }
        };
        if served.is_empty() {
            return None;
        }
        let kept: Vec<&str> = served.iter().map(|&i| patterns[i].as_ref()).collect();
        let nfa = prebuilt::compile(&kept, prebuilt::Automaton::Forward, &mut hirs)?;
        let dfa = dfa::Builder::new()
            .configure(dfa_config().match_kind(MatchKind::All))
            .build_from_nfa(nfa)
            .ok()?;
        Some(Set {
            lazy: Lazy::new(dfa),
            len: patterns.len(),
            served,
        })
    }

    /// Per pattern, in order, whether it matches somewhere in `text`
    /// (`None` for a pattern the set does not hold), or `None` when the
    /// lazy DFA gave up (its cache thrashing, or a Unicode word boundary
    /// next to a non-ASCII byte): the caller then asks each pattern on its
    /// own.
    pub fn matches(&self, text: &str) -> Option<Vec<Option<bool>>> {
        let mut found = PatternSet::new(self.served.len());
        let input = Input::new(text);
        self.lazy
            .with_cache(|dfa, cache| dfa.try_which_overlapping_matches(cache, &input, &mut found))
            .ok()?;
        let mut matched = vec![None; self.len];
        for &i in &self.served {
            matched[i] = Some(false);
        }
        for k in found.iter() {
            matched[self.served[k.as_usize()]] = Some(true);
        }
        Some(matched)
    }
}

/// Whether `hir` holds a repetition counted over a range wider than
/// [`MAX_COUNTED_RANGE`].
/// What decides whether a pattern joins a [`Set`], stored for the
/// built-in patterns (one byte) so that it is known without parsing them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Shape(u8);

impl Shape {
    /// The pattern can match the empty string.
    const EMPTY: u8 = 1;
    /// The pattern holds a wide counted repetition.
    const WIDE: u8 = 2;

    fn of(hir: &Hir) -> Shape {
        let empty = hir.properties().minimum_len() == Some(0);
        let mut bits = 0;
        if empty {
            bits |= Shape::EMPTY;
        }
        if counts_widely(hir) {
            bits |= Shape::WIDE;
        }
        Shape(bits)
    }

    fn read(entry: &[u8]) -> Option<Shape> {
        match entry {
            [b] if *b <= Shape::EMPTY | Shape::WIDE => Some(Shape(*b)),
            _ => None,
        }
    }

    /// Whether the pattern joins a set, which holds wide counted
    /// repetitions when `wide_counts`.
    fn joins(self, wide_counts: bool) -> bool {
        self.0 & Shape::EMPTY == 0 && (wide_counts || self.0 & Shape::WIDE == 0)
    }
}

fn counts_widely(hir: &Hir) -> bool {
    match hir.kind() {
        HirKind::Repetition(r) => {
            r.max.is_some_and(|max| max - r.min > MAX_COUNTED_RANGE) || counts_widely(&r.sub)
        }
        HirKind::Capture(c) => counts_widely(&c.sub),
        HirKind::Concat(hs) | HirKind::Alternation(hs) => hs.iter().any(counts_widely),
        HirKind::Empty | HirKind::Literal(_) | HirKind::Class(_) | HirKind::Look(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A shape reads back as written, nothing else reads, and it decides
    /// which patterns a set holds as their parsed form does.
    #[test]
    fn a_pattern_joins_a_set_by_its_stored_shape() {
        let cases = [
            (r"(?i)\bbreach\b", true, true),
            (r"a*", false, false),
            (r"a{1,5}b", false, true),
            (r"(?:x{0,9})?", false, false),
        ];
        for (pattern, joins, joins_lines) in cases {
            let hir = prebuilt::parse_many(&[pattern]).unwrap().remove(0);
            let shape = Shape::of(&hir);
            assert_eq!(Shape::read(&[shape.0]), Some(shape));
            assert_eq!(shape.joins(false), joins, "{pattern}");
            assert_eq!(shape.joins(true), joins_lines, "{pattern}");
        }
        for bad in [&[][..], &[4], &[0, 0], &[0xFF]] {
            assert_eq!(Shape::read(bad), None);
        }
    }

    #[test]
    fn every_matching_pattern_is_reported_even_where_matches_overlap() {
        let set = Set::build(&[r"\d{3}-\d{2}-\d{4}", r"(?m)^\[", r"\d{2}-\d{4}", r"XXX"]).unwrap();
        assert_eq!(
            set.matches("SSN 123-45-6789\n[Name]"),
            Some(vec![Some(true), Some(true), Some(true), Some(false)])
        );
        assert_eq!(set.matches("no numbers here"), Some(vec![Some(false); 4]));
    }

    #[test]
    fn patterns_that_do_not_combine_well_are_left_to_the_caller() {
        let set = Set::build(&[r"a", r"(?-u:\B)", r"(?:\w+\s+){1,5}b", r"b"]).unwrap();
        assert_eq!(
            set.matches("b"),
            Some(vec![Some(false), None, None, Some(true)])
        );
        assert!(Set::build(&[r"b*", r"(?m)^", r"x{2,9}"]).is_none());
        assert!(Set::build(&[r"x{2,4}y+"]).is_some());
    }

    #[test]
    fn a_unicode_word_boundary_beside_a_non_ascii_letter_is_handed_back() {
        let set = Set::build(&[r"\bcafé\b"]).unwrap();
        assert_eq!(set.matches("plain ascii"), Some(vec![Some(false)]));
        assert_eq!(set.matches("un café noir"), None);
    }
}
