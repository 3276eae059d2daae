//! One pass over a notice that decides most atoms without running them.
//!
//! Most atoms (see [`super::prefilter`]) do not match a given notice: on
//! real letters about six in seven atoms a rule asks about are absent, and
//! each absent one cost a scan of the whole text by its own lazy DFA, most
//! of the time spent on atoms. Nearly every atom begins with one of a
//! small set of literal words ("unknown", "tty", "between"), which the
//! regex parser's literal extractor finds. One Aho-Corasick automaton over
//! all those words reads the text once and gives, for every atom, each
//! place a match of it can begin: an atom none of whose words occur cannot
//! match and is never compiled or run, and one whose words occur is tried
//! only there, anchored, which reads a few bytes instead of the rest of
//! the text.
//!
//! The scan ignores ASCII case, which can only find more places than the
//! case the atom asks for, never fewer; bytes outside ASCII are compared
//! exactly, as the extracted literals spell every case variant of a
//! non-ASCII letter that case-insensitive matching allows. It does so by
//! reading the text ASCII-lowercased, a piece at a time, with an automaton
//! over the lowercased literals: built to ignore case itself, the
//! automaton took three times as long to build (about 4.7 ms of a lone
//! notice's start on this project's machine, against 1.6 ms), and read
//! the text no faster.

use std::collections::HashMap;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{Capture, Class, Hir, HirKind, Repetition};

use crate::pattern::Set;

/// How deep in the automaton's trie states keep a full transition table
/// (Aho-Corasick's `dense_depth`; the crate's default is 3). Over all
/// built-in sets' 2,487 literals, with only the root's table full, the
/// automaton took 1.3 ms to build instead of 1.8, a third of the memory
/// (177 KB against 495 KB), and read the repository's notices 8 % faster:
/// the second and third levels of the trie are wide, mostly empty tables
/// that crowd the core's cache.
const DENSE_DEPTH: usize = 1;

/// Literals shorter than this occur in nearly every notice and would make
/// the scan report thousands of places; atoms that can begin with one are
/// searched in full, unless the literal holds a [`rare`] byte.
const MIN_LITERAL: usize = 3;

/// Marks that prose seldom uses but templates do (`[`, `<<`, `{{`, `%`).
const RARE: &[u8] = b"[]{}<>%$#*|\\^~@_";

/// Whether `b` is seldom in a letter's prose: one of the [`RARE`] marks,
/// or a byte of a non-ASCII character (`«`). A literal holding one occurs
/// no more often than that byte, however short it is (`[ `, `<<`, `${`),
/// so it is worth scanning for.
fn rare(b: u8) -> bool {
    RARE.contains(&b) || !b.is_ascii()
}

/// Where in a text each atom's matches can begin (see [`Literals::places`]).
#[derive(Debug)]
pub(super) enum Places {
    /// Anywhere: the atom has no usable literals, or the text holds a
    /// letter the scan cannot compare.
    Anywhere,
    /// Only at these byte offsets (unordered, maybe repeated); none when
    /// the atom cannot match.
    At(Vec<usize>),
    /// Anywhere from this byte offset on: the atom's words occur more
    /// than [`MAX_PLACES`] times, and one search reads the text faster
    /// than trying each place (and holds no list the size of a big file).
    From(usize),
}

/// How much of a text the literal scan lowercases at a time.
const SCAN_PIECE: usize = 64 << 10;

/// The most places kept for one atom before it is searched from the first.
const MAX_PLACES: usize = 32;

/// The most atoms the scan cannot place that are asked together: more
/// than the built-in rule sets have (about sixty), few enough that one
/// automaton over them compiles quickly.
const MAX_UNPLACED: usize = 128;

/// The literal scan for a list of atoms.
#[derive(Debug)]
pub(super) struct Literals {
    /// One automaton over every distinct literal, or `None` when no atom
    /// has a usable literal set.
    automaton: Option<AhoCorasick>,
    /// The length of the longest literal: consecutive pieces of a long
    /// text overlap by one byte less, so that each literal occurrence is
    /// whole in one of them.
    longest: usize,
    /// Per literal: the atoms whose matches can begin with it.
    atoms_of: Vec<Vec<usize>>,
    /// Per atom: whether every match of it begins with one of its literals.
    filtered: Vec<bool>,
    /// The atoms the scan cannot place, with their patterns: each would
    /// read the whole text on its own, so those that can are asked
    /// together, by one [`Set`] compiled the first time one is needed.
    unplaced: Vec<(usize, String)>,
    set: OnceLock<Option<Set>>,
    /// The same atoms in groups (each rule set's), each asked by a [`Set`]
    /// of its own until [`GROUP_BYTES`] of text were asked. A group is the
    /// same whichever rule sets are loaded with its own, so its automaton
    /// is stored for the built-in sets (see [`crate::pattern`]), where the
    /// one over every unplaced atom is compiled afresh for each mix of
    /// rule sets, on the thread a lone notice's lint waits for. But the
    /// groups read each text once per group, where that one reads it once.
    groups: Vec<Vec<(usize, String)>>,
    group_sets: Vec<OnceLock<Option<Set>>>,
    /// How many bytes of text the groups' sets were asked about.
    group_bytes: AtomicUsize,
}

/// How much text the groups' sets are asked about before the one set over
/// every unplaced atom is compiled and asked instead. With the four rule
/// sets of the benchmark, the groups read a 3 KB notice for about 140,000
/// more instructions than the one set, and compiling that one costs about
/// 25 million, as much as the groups' extra reading of some 180 notices.
/// A lone notice, or a few, are read by the groups; a run of more than
/// about twenty switches early, so that a big run pays little for them.
const GROUP_BYTES: usize = 64 << 10;

impl Literals {
    /// Extracts the leading literals of each of `atoms` (patterns as the
    /// engine compiles them) and builds the automaton; the atoms it cannot
    /// place are asked together.
    #[cfg(test)]
    pub fn new(atoms: &[String]) -> Literals {
        Literals::with_groups(atoms, vec![(0..atoms.len()).collect()])
    }

    /// [`Literals::new`], with the atoms it cannot place asked in
    /// `groups` (atom indexes; every atom is in one or more) on a short
    /// text.
    pub fn with_groups(atoms: &[String], groups: Vec<Vec<usize>>) -> Literals {
        // Hashed with the standard SipHash, the 8,000 lookups of the
        // built-in sets' literals cost about 1 M instructions at every start.
        let mut index: HashMap<Vec<u8>, usize, foldhash::fast::FixedState> = HashMap::default();
        let mut literals: Vec<Vec<u8>> = Vec::new();
        let mut atoms_of: Vec<Vec<usize>> = Vec::new();
        let mut filtered = vec![false; atoms.len()];
        for (a, pattern) in atoms.iter().enumerate() {
            let Some(prefixes) = leading_literals(pattern) else {
                continue;
            };
            filtered[a] = true;
            for lit in prefixes {
                let i = *index.entry(lit.clone()).or_insert_with(|| {
                    literals.push(lit);
                    atoms_of.push(Vec::new());
                    literals.len() - 1
                });
                atoms_of[i].push(a);
            }
        }
        let automaton = if literals.is_empty() {
            None
        } else {
            // Overlapping search (every occurrence of every literal) needs
            // the standard match semantics.
            AhoCorasickBuilder::new()
                .kind(Some(AhoCorasickKind::ContiguousNFA))
                .match_kind(MatchKind::Standard)
                .dense_depth(DENSE_DEPTH)
                .build(&literals)
                .ok()
        };
        if automaton.is_none() {
            filtered.iter_mut().for_each(|f| *f = false);
        }
        let unplaced = (filtered.iter().zip(atoms).enumerate())
            .filter(|(_, (f, _))| !**f)
            .map(|(a, (_, pattern))| (a, pattern.clone()))
            .collect();
        let groups: Vec<Vec<(usize, String)>> = (groups.into_iter())
            .map(|g| {
                (g.into_iter().filter(|&a| !filtered[a]))
                    .map(|a| (a, atoms[a].clone()))
                    .collect::<Vec<_>>()
            })
            .filter(|g| !g.is_empty())
            .collect();
        Literals {
            group_bytes: AtomicUsize::new(0),
            group_sets: groups.iter().map(|_| OnceLock::new()).collect(),
            groups,
            longest: literals.iter().map(Vec::len).max().unwrap_or(0),
            automaton,
            atoms_of,
            filtered,
            unplaced,
            set: OnceLock::new(),
        }
    }

    /// Per atom, whether it matches in `text`, for the atoms the scan
    /// cannot place that one [`Set`] holds (`None` for the others), found
    /// in one pass over the text; all `None` when the set gave up.
    pub fn unplaced_matches(&self, text: &str) -> Vec<Option<bool>> {
        let mut out = vec![None; self.filtered.len()];
        let mut ask = |atoms: &[(usize, String)], set: Option<&Set>| {
            if let Some(found) = set.and_then(|set| set.matches(text)) {
                for ((a, _), matched) in atoms.iter().zip(found) {
                    // An atom in two groups has the same answer in both.
                    out[*a] = matched.or(out[*a]);
                }
            }
        };
        let asked = self.group_bytes.fetch_add(text.len(), Ordering::Relaxed);
        if asked.saturating_add(text.len()) >= GROUP_BYTES {
            ask(&self.unplaced, set(&self.set, &self.unplaced));
        } else {
            for (atoms, cell) in self.groups.iter().zip(&self.group_sets) {
                ask(atoms, set(cell, atoms));
            }
        }
        out
    }

    /// Compiles what the scan compiles on first use for a short text.
    pub fn warm_up(&self) {
        for (atoms, cell) in self.groups.iter().zip(&self.group_sets) {
            set(cell, atoms);
        }
    }

    /// Whether the scan cannot place some atom (see
    /// [`Literals::unplaced_matches`]).
    pub fn has_unplaced(&self) -> bool {
        !self.unplaced.is_empty()
    }

    /// Whether the scan cannot place atom `a` (see
    /// [`Literals::unplaced_matches`]).
    pub fn is_unplaced(&self, a: usize) -> bool {
        !self.filtered[a]
    }

    /// Per atom, the places in `text` where a match of it can begin.
    pub fn places(&self, text: &str) -> Vec<Places> {
        let mut places: Vec<Places> = self
            .filtered
            .iter()
            .map(|&f| {
                if f {
                    Places::At(Vec::new())
                } else {
                    Places::Anywhere
                }
            })
            .collect();
        let Some(ac) = &self.automaton else {
            return places;
        };
        // LONG S and KELVIN SIGN match `s` and `k` case-insensitively, and
        // an ASCII-only comparison would miss them: such a rare text is
        // searched in full.
        // One character at a time is a byte search (memchr) for its last
        // byte; a set of characters would decode the whole text.
        if text.contains('\u{17F}') || text.contains('\u{212A}') {
            return places.into_iter().map(|_| Places::Anywhere).collect();
        }
        self.scan(ac, text, |start, literal| {
            for &a in &self.atoms_of[literal] {
                let place = &mut places[a];
                match place {
                    Places::At(at) if at.len() < MAX_PLACES => at.push(start),
                    // Matches come in order of their end; an earlier start
                    // can come later.
                    Places::At(at) => {
                        let first = at.iter().copied().min().unwrap_or(start);
                        *place = Places::From(first.min(start));
                    }
                    Places::From(first) => *first = (*first).min(start),
                    Places::Anywhere => {}
                }
            }
        });
        places
    }

    /// Calls `found` with the start and the literal of every occurrence of
    /// a literal in `text`, ignoring ASCII case, in order of their ends.
    /// The text is lowercased a piece of [`SCAN_PIECE`] bytes at a time, so
    /// that a big notice is not copied whole.
    fn scan(&self, ac: &AhoCorasick, text: &str, mut found: impl FnMut(usize, usize)) {
        let bytes = text.as_bytes();
        let mut piece = Vec::with_capacity(bytes.len().min(SCAN_PIECE));
        let mut from = 0;
        // Occurrences ending here or before were found in an earlier piece.
        let mut done = 0;
        loop {
            let end = (from + SCAN_PIECE).min(bytes.len());
            piece.clear();
            piece.extend(bytes[from..end].iter().map(u8::to_ascii_lowercase));
            for m in ac.find_overlapping_iter(&piece) {
                if from + m.end() > done {
                    found(from + m.start(), m.pattern().as_usize());
                }
            }
            if end == bytes.len() {
                return;
            }
            done = end;
            // The next piece begins early enough to hold whole any
            // occurrence that runs past this one's end.
            from = end
                .saturating_sub(self.longest.saturating_sub(1))
                .max(from + 1);
        }
    }

    /// How many atoms the scan decides (for the benchmark's report).
    #[cfg(test)]
    pub fn filtered_count(&self) -> usize {
        self.filtered.iter().filter(|&&f| f).count()
    }
}

/// The set over `atoms` in `cell`, compiled on first use.
fn set<'a>(cell: &'a OnceLock<Option<Set>>, atoms: &[(usize, String)]) -> Option<&'a Set> {
    cell.get_or_init(|| {
        if atoms.len() > MAX_UNPLACED {
            return None;
        }
        let patterns: Vec<&str> = atoms.iter().map(|(_, p)| p.as_str()).collect();
        Set::build(&patterns)
    })
    .as_ref()
}

/// The literals every match of `pattern` begins with, ASCII-lowercased and
/// without duplicates, or `None` when there is no such finite set of
/// literals of at least [`MIN_LITERAL`] bytes. The built-in rule sets'
/// atoms come with theirs found already (see [`super::stored`]).
fn leading_literals(pattern: &str) -> Option<Vec<Vec<u8>>> {
    crate::pattern::derived(
        crate::pattern::Derived::Leads,
        pattern,
        || leading_literals_fresh(pattern),
        super::stored::write_literals,
        super::stored::read_literals,
    )
}

/// [`leading_literals`], found afresh.
fn leading_literals_fresh(pattern: &str) -> Option<Vec<Vec<u8>>> {
    // Read as if case-sensitive: the literals come out as written, one per
    // spelling instead of one per mix of cases, and translating skips
    // Unicode case folding, the costly part. The automaton ignores ASCII
    // case; `places` covers the two non-ASCII letters that fold to
    // ASCII ones.
    let hir = crate::pattern::parse_case_sensitive(pattern)?;
    let out = extract(&hir, LITERALS)?;
    // A short word and a space or a tab ("and ") is where the extractor
    // stopped at a run of spacing (`and[ \t]+visit`), and such words are
    // everywhere in a letter: the scan reported a place at every "and".
    // With the run spelled out, the words after it join the literals
    // ("and visit"), far rarer. That costs more to extract and gives more
    // literals, so only these atoms pay for it.
    if out.iter().any(|l| is_spaced_word(l)) {
        if let Some(longer) = extract(&unroll_spacing(&hir), SPELLED_LITERALS) {
            return Some(longer);
        }
    }
    Some(out)
}

/// Whether `literal` is a word of at most [`SPACED_WORD`] bytes, with
/// the space or tab after it, that is no rarer than prose ("to ", "and ").
fn is_spaced_word(literal: &[u8]) -> bool {
    literal.len() <= SPACED_WORD
        && matches!(literal.last(), Some(b' ' | b'\t'))
        && !literal.iter().copied().any(rare)
}

/// The longest literal [`is_spaced_word`] takes for a word and its space:
/// "to ", "and ", "was ". Longer words are rarer, and spelling out the
/// spacing after them ("Dear ") multiplied the literals for little.
const SPACED_WORD: usize = 4;

/// The most literals extracted for one atom.
const LITERALS: usize = 256;

/// The most literals extracted for one atom whose runs of spacing are
/// spelled out ([`unroll_spacing`]): each run multiplies the words before
/// it by six.
const SPELLED_LITERALS: usize = 512;

/// The literals every match of `hir` begins with, as [`leading_literals`]
/// returns them, with at most `limit` of them while extracting.
fn extract(hir: &Hir, limit: usize) -> Option<Vec<Vec<u8>>> {
    let mut extractor = Extractor::new();
    extractor
        .kind(ExtractKind::Prefix)
        .limit_class(4)
        .limit_repeat(4)
        .limit_literal_len(16)
        .limit_total(limit);
    let seq = extractor.extract(hir);
    let literals = seq.literals()?;
    let mut out: Vec<Vec<u8>> = Vec::with_capacity(literals.len());
    for lit in literals {
        let bytes = lit.as_bytes();
        let short = bytes.len() < MIN_LITERAL && !bytes.iter().copied().any(rare);
        if bytes.is_empty() || short {
            return None;
        }
        out.push(bytes.to_ascii_lowercase());
    }
    out.sort_unstable();
    out.dedup();
    Some(out)
}

/// The most characters a repeated class can hold for [`unroll_spacing`]
/// to spell it out: `[ \t]`, `[-–]`, not `\s`.
const UNROLLED_CLASS: usize = 4;

/// `hir` with each unbounded repetition of a small class (`[ \t]*`,
/// `[ \t]+`) spelled as one round or more than one: `C*` as
/// `(?:|C|CC+)`, `C+` as `(?:C|CC+)`. The two match the same texts, but
/// the literal extractor stops at an unbounded repetition, so "and" followed
/// by `[ \t]+` gave the literal `and ` and a place at every "and " of a
/// letter; spelled out, the words after the spacing join the literals
/// (`and visit`), and only a run of two spaces or tabs, rare in prose, is
/// left as a literal of its own.
fn unroll_spacing(hir: &Hir) -> Hir {
    match hir.kind() {
        HirKind::Repetition(rep) => {
            let sub = unroll_spacing(&rep.sub);
            let small = match sub.kind() {
                HirKind::Class(c) => class_len(c) <= UNROLLED_CLASS,
                _ => false,
            };
            if !small || rep.min > 1 || rep.max.is_some() {
                return Hir::repetition(Repetition {
                    sub: Box::new(sub),
                    ..rep.clone()
                });
            }
            let more = Hir::repetition(Repetition {
                min: 1,
                max: None,
                greedy: rep.greedy,
                sub: Box::new(sub.clone()),
            });
            let twice = Hir::concat(vec![sub.clone(), more]);
            let mut arms = if rep.min == 0 {
                vec![Hir::empty()]
            } else {
                Vec::new()
            };
            arms.extend([sub, twice]);
            Hir::alternation(arms)
        }
        HirKind::Capture(cap) => Hir::capture(Capture {
            sub: Box::new(unroll_spacing(&cap.sub)),
            ..cap.clone()
        }),
        HirKind::Concat(subs) => Hir::concat(subs.iter().map(unroll_spacing).collect()),
        HirKind::Alternation(subs) => Hir::alternation(subs.iter().map(unroll_spacing).collect()),
        _ => hir.clone(),
    }
}

/// How many characters (or bytes) `class` holds.
fn class_len(class: &Class) -> usize {
    match class {
        Class::Unicode(c) => c
            .ranges()
            .iter()
            .map(|r| (u32::from(r.end()) - u32::from(r.start())) as usize + 1)
            .sum(),
        Class::Bytes(c) => c
            .ranges()
            .iter()
            .map(|r| usize::from(r.end() - r.start()) + 1)
            .sum(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn atoms(list: &[&str]) -> Vec<String> {
        list.iter()
            .map(|p| crate::engine::wrap(p, false, false))
            .collect()
    }

    /// LONG S and KELVIN SIGN fold to `s` and `k`, which the ASCII scan
    /// cannot see: a text holding either has every atom searched in full.
    #[test]
    fn long_s_and_kelvin_sign_send_every_atom_to_a_full_search() {
        let lits = Literals::new(&atoms(&["security", "key"]));
        for text in ["our \u{17F}ecurity team", "a \u{212A}ey was lost"] {
            let places = lits.places(text);
            assert!(
                places.iter().all(|p| matches!(p, Places::Anywhere)),
                "{text:?}"
            );
        }
        let places = lits.places("our security team lost a key");
        assert!(places.iter().all(|p| at(p).is_some_and(|v| v.len() == 1)));
    }

    /// Read a piece at a time, a long text gives every occurrence of every
    /// literal once, those across the pieces' ends included, as one
    /// case-insensitive pass over the whole text does.
    #[test]
    fn a_long_text_is_scanned_in_pieces_without_losing_an_occurrence() {
        let patterns = [
            r"\b(?:unknown|not known)\b",
            r"\bTTY\b",
            r"<<\w+>>",
            r"\bdiscovered on\b",
        ];
        let lits = Literals::new(&atoms(&patterns));
        let words = [
            "Unknown ",
            "not KNOWN ",
            "tty ",
            "<<name>> ",
            "Discovered On ",
        ];
        let mut text = String::new();
        let mut i = 0;
        while text.len() < 3 * SCAN_PIECE {
            let word = words[i % words.len()];
            // Pieces end every SCAN_PIECE bytes: put words across each end.
            let next_end = (text.len() / SCAN_PIECE + 1) * SCAN_PIECE;
            if text.len() < next_end && text.len() + word.len() > next_end {
                text.push_str(word);
            } else {
                text.push_str(&"x ".repeat(i % 7 + 1));
                text.push_str(word);
            }
            i += 1;
        }
        let ac = lits.automaton.as_ref().unwrap();
        let mut scanned = Vec::new();
        lits.scan(ac, &text, |start, literal| scanned.push((start, literal)));
        // The reference: every literal, ignoring case, over the whole text,
        // numbered as `Literals::new` numbers them.
        let mut all: Vec<Vec<u8>> = Vec::new();
        for atom in atoms(&patterns) {
            for lit in leading_literals(&atom).unwrap() {
                if !all.contains(&lit) {
                    all.push(lit);
                }
            }
        }
        let reference = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(&all)
            .unwrap();
        let whole: Vec<(usize, usize)> = reference
            .find_overlapping_iter(&text)
            .map(|m| (m.start(), m.pattern().as_usize()))
            .collect();
        assert!(whole.len() > 1000, "{}", whole.len());
        assert_eq!(scanned, whole);
    }

    /// The atoms the scan cannot place get the same answers from their
    /// groups' sets as from the one set over all of them, on every notice
    /// of the repository, and the groups are each rule set's own whichever
    /// sets are loaded with it.
    #[test]
    fn groups_answer_as_the_one_set_does() {
        let engine = crate::engine::Engine::builtin();
        let atoms = engine.atom_patterns();
        let groups = Literals::with_groups(&atoms, engine.atom_groups());
        assert!(groups.groups.len() > 5, "{}", groups.groups.len());
        let one = Literals::with_groups(&atoms, engine.atom_groups());
        one.group_bytes.store(GROUP_BYTES, Ordering::Relaxed);
        let mut found = 0;
        for (path, text) in crate::fixtures::notices() {
            let before = groups.group_bytes.load(Ordering::Relaxed);
            let by_groups = groups.unplaced_matches(&text);
            groups.group_bytes.store(before, Ordering::Relaxed);
            assert_eq!(by_groups, one.unplaced_matches(&text), "{path:?}");
            found += by_groups.iter().filter(|m| m == &&Some(true)).count();
        }
        assert!(found > 100, "{found}");
        assert!(groups.set.get().is_none() && one.set.get().is_some());
        assert!(one.group_sets.iter().all(|s| s.get().is_none()));
        // A rule set's group, loaded alone and after others.
        let hygiene = |sets: &[&str]| {
            let sets = (sets.iter())
                .map(|n| {
                    let mut set = crate::rules::builtin::load(n).unwrap().unwrap();
                    set.validate().unwrap();
                    set
                })
                .collect();
            let engine = crate::engine::Engine::new(sets, &Default::default()).unwrap();
            let atoms = engine.atom_patterns();
            let last = engine.atom_groups().pop().unwrap();
            last.into_iter()
                .map(|a| atoms[a].clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            hygiene(&["hygiene"]),
            hygiene(&["hipaa", "california", "hygiene"])
        );
    }

    /// The places as a sorted list, `None` for anywhere.
    fn at(places: &Places) -> Option<Vec<usize>> {
        match places {
            Places::Anywhere | Places::From(_) => None,
            Places::At(v) => {
                let mut v = v.clone();
                v.sort_unstable();
                v.dedup();
                Some(v)
            }
        }
    }

    #[test]
    fn absent_words_decide_an_atom_and_present_ones_give_its_places() {
        let lits = Literals::new(&atoms(&[
            r"\b(?:unknown|not known)\b",
            r"\btty\b",
            r"(?m)^dear\b",
            r"[^a-z]x",
            r"<<\w+>>",
        ]));
        assert_eq!(lits.filtered_count(), 4);
        let text = "Call our TTY line (tty). The cause is Unknown.";
        let places = lits.places(text);
        assert_eq!(at(&places[0]), Some(vec![text.find("Unknown").unwrap()]));
        assert_eq!(
            at(&places[1]),
            Some(vec![text.find("TTY").unwrap(), text.find("tty").unwrap()])
        );
        assert_eq!(at(&places[2]), Some(vec![]));
        assert_eq!(at(&places[3]), None, "a leading class has no literals");
        assert_eq!(at(&places[4]), Some(vec![]), "rare marks are scanned for");
    }

    #[test]
    fn a_word_found_often_gives_the_first_place_only() {
        let lits = Literals::new(&atoms(&[r"\btty\b"]));
        let text = format!("x {}", "tty ".repeat(MAX_PLACES + 5));
        assert!(matches!(lits.places(&text)[0], Places::From(2)));
    }

    #[test]
    fn a_short_word_before_spacing_takes_the_words_after_it() {
        let strings = |p: &str| {
            leading_literals(&atoms(&[p])[0]).map(|v| {
                v.into_iter()
                    .map(|l| String::from_utf8(l).expect("ASCII"))
                    .collect::<Vec<_>>()
            })
        };
        let lits = strings(r"\b(?:and|or)[ \t]+(?:visit|call)\b").expect("literals");
        assert!(lits.contains(&"and visit".to_string()), "{lits:?}");
        assert!(lits.contains(&"or\tcall".to_string()), "{lits:?}");
        assert!(!lits.contains(&"and ".to_string()), "{lits:?}");
        // Longer words keep the literal they had: spelling the spacing out
        // after them multiplied the literals for little.
        assert_eq!(
            strings(r"\bDear[ \t]+(?:Mr|Ms)\b").expect("literals"),
            ["dear\t", "dear "]
        );
        // Every match still begins at a place, however long its spacing.
        let lits = Literals::new(&atoms(&[
            r"\b(?:and|or)[ \t]+(?:visit|call)\b",
            r"\bat[ \t]*:",
        ]));
        let text = "Fish and chips or call\t \t us, and visit at \t: or at:";
        let places = lits.places(text);
        assert_eq!(
            at(&places[0]),
            Some(vec![
                text.find("or call").unwrap(),
                text.find("and visit").unwrap()
            ])
        );
        assert_eq!(
            at(&places[1]),
            Some(vec![
                text.find("at \t:").unwrap(),
                text.rfind("at:").unwrap()
            ])
        );
    }

    #[test]
    fn spelled_out_spacing_matches_the_same_texts() {
        for (pattern, min) in [(r"a[ \t]*b", 0), (r"a[ \t]+b", 1), (r"a(?:[ \t]+?)b", 1)] {
            let hir = regex_syntax::parse(pattern).expect("parses");
            let spelled = unroll_spacing(&hir).to_string();
            let re = regex::Regex::new(&format!("^(?:{spelled})$")).expect("compiles");
            for n in 0..5 {
                let text = format!("a{}b", " \t".repeat(n).get(..n).unwrap_or(""));
                assert_eq!(re.is_match(&text), n >= min, "{pattern} on {text:?}");
            }
        }
        // A wider class, a bounded repetition: left as written.
        for pattern in [r"a\s*b", r"a[ \t]{0,3}b"] {
            let hir = regex_syntax::parse(pattern).expect("parses");
            assert_eq!(unroll_spacing(&hir), hir, "{pattern}");
        }
    }

    #[test]
    fn case_insensitive_atoms_yield_their_words_as_written() {
        assert_eq!(
            leading_literals(r"(?i:\b(?:Unknown|not (?-i:KNOWN)))").unwrap(),
            vec![b"not known".to_vec(), b"unknown".to_vec()]
        );
        let lits = Literals::new(&atoms(&[r"\bask\b"]));
        assert_eq!(at(&lits.places("we ASK you")[0]), Some(vec![3]));
        // KELVIN SIGN folds to `k`: the text is searched in full.
        assert_eq!(at(&lits.places("as\u{212A}")[0]), None);
    }

    #[test]
    fn short_or_unbounded_beginnings_are_not_filtered() {
        assert!(leading_literals(r"(?i:ab|bcd)").is_none());
        assert!(leading_literals(r"(?i:\[|bcd)").unwrap().len() == 2);
        assert!(leading_literals(r"(?i:\[|,)").is_none());
        // A short beginning with a template mark or a non-ASCII letter is
        // as rare as that mark: `[ `, `${`, `«`.
        assert_eq!(
            leading_literals(r"\[[ \t]?\]").unwrap(),
            vec![b"[\t]".to_vec(), b"[ ]".to_vec(), b"[]".to_vec()]
        );
        assert!(leading_literals(r"\$?\{").is_some());
        assert_eq!(
            leading_literals("«").unwrap(),
            vec!["«".as_bytes().to_vec()]
        );
        assert!(leading_literals(r"(?i:a[ \t]|bcd)").is_none());
        assert!(leading_literals(r"(?i:\w+ing)").is_none());
        assert_eq!(
            leading_literals(r"(?i:Tt[y])").unwrap(),
            vec![b"tty".to_vec()]
        );
    }

    /// Soundness on every built-in atom: every match of it, run on its own,
    /// begins at a place the scan gives.
    #[test]
    fn the_scan_never_hides_a_match_of_a_builtin_atom() {
        let engine = crate::engine::Engine::builtin();
        let patterns = engine.atom_patterns();
        let lits = Literals::new(&patterns);
        // Most atoms are decided by the scan; the test would prove little
        // if none were.
        assert!(
            lits.filtered_count() * 3 > patterns.len() * 2,
            "{} of {}",
            lits.filtered_count(),
            patterns.len()
        );
        let regexes: Vec<crate::pattern::Matcher> = patterns
            .iter()
            .map(|p| crate::pattern::compile_prepared(p).unwrap())
            .collect();
        let texts = fixture_texts();
        assert!(texts.len() > 20, "fixtures found: {}", texts.len());
        for text in &texts {
            let places = lits.places(text);
            for (a, (pattern, re)) in patterns.iter().zip(&regexes).enumerate() {
                if let Places::From(first) = places[a] {
                    let start = re.find(text).map_or(first, |m| m.start());
                    assert!(first <= start, "scan hides a match of {pattern}");
                }
                let Some(at) = at(&places[a]) else {
                    continue;
                };
                for m in re.find_iter(text) {
                    assert!(
                        at.binary_search(&m.start()).is_ok(),
                        "scan hides a match of {pattern} at {}",
                        m.start()
                    );
                }
            }
        }
    }

    /// The atoms the scan cannot place, asked together, answer as each
    /// does on its own; most of them are in the set.
    #[test]
    fn unplaced_builtin_atoms_asked_together_answer_as_each_alone() {
        let engine = crate::engine::Engine::builtin();
        let patterns = engine.atom_patterns();
        let lits = Literals::new(&patterns);
        let texts = fixture_texts();
        let mut answered = vec![false; patterns.len()];
        let mut matched = vec![false; patterns.len()];
        for text in texts.iter().map(String::as_str).chain(["plain ascii only"]) {
            for (a, together) in lits.unplaced_matches(text).into_iter().enumerate() {
                let Some(together) = together else {
                    continue;
                };
                assert!(lits.is_unplaced(a));
                let alone = crate::pattern::compile_prepared(&patterns[a])
                    .unwrap()
                    .is_match(text);
                assert_eq!(together, alone, "{}", patterns[a]);
                answered[a] = true;
                matched[a] |= together;
            }
        }
        let unplaced = (0..patterns.len()).filter(|&a| lits.is_unplaced(a)).count();
        let answered = answered.iter().filter(|&&x| x).count();
        assert!(answered * 3 > unplaced * 2, "{answered} of {unplaced}");
        assert!(matched.iter().any(|&m| m));
    }

    fn fixture_texts() -> Vec<String> {
        crate::fixtures::notices()
            .into_iter()
            .map(|(_, text)| text)
            .collect()
    }
}
