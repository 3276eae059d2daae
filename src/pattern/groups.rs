//! Patterns whose matches are read by their capture groups.
//!
//! The regex crate compiles such a pattern whole at every start: parsing,
//! an automaton with its groups, a reversed one and the engines over them,
//! about a third of the work of linting one notice from process start for
//! the extractors' few patterns with groups. A [`GroupRegex`] finds its
//! matches as a [`Matcher`] does, on lazy DFAs without groups, and reads a
//! match's groups with an automaton that has them, run anchored over the
//! match alone, as the regex crate's own engine does once it has found a
//! match: both automata come stored (see [`super::prebuilt`]) for the
//! crate's own patterns.
//!
//! The groups are those of the match found: every path of higher priority
//! than the match's own fails anywhere in the text (or it would have been
//! the match), so it fails within the match too, and the match's path,
//! which the anchored search takes, sets the groups.

use std::sync::Mutex;

use regex_automata::nfa::thompson::{backtrack, pikevm};
use regex_automata::util::captures::Captures;
use regex_automata::{Anchored, Input};

use super::prebuilt::{self, Automaton};
use super::{Match, Matcher};

/// A pattern whose matches are read by their groups (see the module
/// documentation).
#[derive(Debug)]
pub struct GroupRegex {
    find: Matcher,
    /// The bounded backtracker reads short matches fastest; the PikeVM
    /// reads any.
    backtrack: backtrack::BoundedBacktracker,
    backtrack_cache: Mutex<backtrack::Cache>,
    pikevm: pikevm::PikeVM,
    /// Made on first use: the PikeVM reads only matches too long for the
    /// backtracker, which a notice seldom has, and its cache takes a slot
    /// per automaton state and group (0.44 MB for the extractors' patterns
    /// together, a tenth of a lone notice's page faults).
    pikevm_cache: Mutex<Option<pikevm::Cache>>,
}

impl GroupRegex {
    /// Compiles `pattern` as [`super::prepare`] rewrites it.
    pub fn new(pattern: &str) -> Result<GroupRegex, regex_automata::meta::BuildError> {
        let prepared = super::prepare(pattern);
        let find = super::build_matcher(&[&prepared], false, super::forward::Parsed::Keep)?;
        let nfa = match prebuilt::compile(&[&prepared], Automaton::Grouped, &mut None) {
            Some(nfa) => nfa,
            // Not within the size limit: the matcher's own error says so.
            None => {
                return Err(super::compile_prepared(&prepared)
                    .err()
                    .unwrap_or_else(too_big));
            }
        };
        let backtrack =
            backtrack::BoundedBacktracker::new_from_nfa(nfa.clone()).map_err(|_| too_big())?;
        let pikevm = pikevm::PikeVM::new_from_nfa(nfa).map_err(|_| too_big())?;
        Ok(GroupRegex {
            find,
            backtrack_cache: Mutex::new(backtrack.create_cache()),
            backtrack,
            pikevm_cache: Mutex::new(None),
            pikevm,
        })
    }

    /// Every successive non-overlapping match in `text` with its groups,
    /// as the regex crate's `captures_iter` gives them.
    pub fn captures_iter<'r, 'h>(&'r self, text: &'h str) -> impl Iterator<Item = Groups<'h>> + 'r
    where
        'h: 'r,
    {
        self.find.find_iter(text).map(move |m| self.groups(text, m))
    }

    /// The leftmost-first match in `text` with its groups.
    pub fn captures<'h>(&self, text: &'h str) -> Option<Groups<'h>> {
        self.find.find(text).map(|m| self.groups(text, m))
    }

    /// Whether the pattern matches anywhere in `text`.
    pub fn is_match(&self, text: &str) -> bool {
        self.find.is_match(text)
    }

    /// The groups of `m`, a match of the pattern in `text`.
    fn groups<'h>(&self, text: &'h str, m: Match) -> Groups<'h> {
        let input = Input::new(text).range(m.range()).anchored(Anchored::Yes);
        let mut caps = self.pikevm.create_captures();
        let read = m.len() <= self.backtrack.max_haystack_len()
            && self
                .backtrack
                .try_search(&mut lock(&self.backtrack_cache), &input, &mut caps)
                .is_ok();
        if !read {
            let mut cache = lock(&self.pikevm_cache);
            let cache = cache.get_or_insert_with(|| self.pikevm.create_cache());
            self.pikevm.search(cache, &input, &mut caps);
        }
        debug_assert_eq!(
            caps.get_match(),
            Some(m),
            "the groups are read from the match"
        );
        Groups { text, caps }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A search that panicked leaves nothing a later search depends on.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn too_big() -> regex_automata::meta::BuildError {
    // No public constructor: the size limit's own error, made by a pattern
    // that exceeds a tiny one.
    regex_automata::meta::Builder::new()
        .configure(regex_automata::meta::Config::new().nfa_size_limit(Some(0)))
        .build("a")
        .expect_err("exceeds the limit")
}

/// A match's capture groups.
#[derive(Debug)]
pub struct Groups<'h> {
    text: &'h str,
    caps: Captures,
}

impl<'h> Groups<'h> {
    /// Group `i` (0 is the whole match), if it took part in the match.
    pub fn get(&self, i: usize) -> Option<Group<'h>> {
        self.caps.get_group(i).map(|s| Group {
            text: self.text,
            start: s.start,
            end: s.end,
        })
    }

    /// The group named `name`, if it took part in the match.
    pub fn name(&self, name: &str) -> Option<Group<'h>> {
        self.caps.get_group_by_name(name).map(|s| Group {
            text: self.text,
            start: s.start,
            end: s.end,
        })
    }
}

/// Where a group matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Group<'h> {
    text: &'h str,
    start: usize,
    end: usize,
}

impl<'h> Group<'h> {
    /// The matched text.
    pub fn as_str(&self) -> &'h str {
        &self.text[self.start..self.end]
    }

    /// Its first byte's offset in the text.
    pub fn start(&self) -> usize {
        self.start
    }

    /// The offset just past its last byte.
    pub fn end(&self) -> usize {
        self.end
    }

    /// Its length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// Whether it matched the empty string.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// Its byte range in the text.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every match and every group, as the regex crate reads them.
    fn assert_as_regex_reads(pattern: &str, texts: &[&str]) {
        let ours = GroupRegex::new(pattern).unwrap();
        let theirs = super::super::regex(pattern).unwrap();
        for text in texts {
            let a: Vec<Vec<Option<(usize, usize)>>> = ours
                .captures_iter(text)
                .map(|g| {
                    (0..theirs.captures_len())
                        .map(|i| g.get(i).map(|m| (m.start(), m.end())))
                        .collect()
                })
                .collect();
            let b: Vec<Vec<Option<(usize, usize)>>> = theirs
                .captures_iter(text)
                .map(|c| c.iter().map(|m| m.map(|m| (m.start(), m.end()))).collect())
                .collect();
            assert_eq!(a, b, "{pattern} on {text:?}");
            for name in theirs.capture_names().flatten() {
                let a: Vec<_> = ours
                    .captures_iter(text)
                    .map(|g| g.name(name).map(|m| m.as_str()))
                    .collect();
                let b: Vec<_> = theirs
                    .captures_iter(text)
                    .map(|c| c.name(name).map(|m| m.as_str()))
                    .collect();
                assert_eq!(a, b, "{pattern} group {name} on {text:?}");
            }
        }
    }

    #[test]
    fn groups_are_those_the_regex_crate_reads() {
        let texts = [
            "",
            "about 1,200 patients and 3 members",
            "aaa ab abab b",
            "x – y, “quoted” words, é and ſ",
        ];
        for pattern in [
            r"(?i)(?P<q>about\s+)?(?P<num>[0-9][0-9,]*)\s+(?P<noun>patients?|members?)",
            r"(a+?)(b*)",
            r"(?P<x>a)|(?P<y>b)|(ab)+",
            r"\b(\w+)\b",
            r"(?i)(é|ſ)",
        ] {
            assert_as_regex_reads(pattern, &texts);
        }
        // A match longer than the backtracker reads is read by the PikeVM.
        let long = format!("{} end", "word ".repeat(20_000));
        assert_as_regex_reads(r"((?:word\s)+)(end)", &[&long]);
    }
}
