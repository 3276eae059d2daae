//! Patterns run on a forward lazy DFA, with the reverse one built only
//! when a search needs it.
//!
//! The regex crate's meta engine compiles every pattern twice, forwards
//! and reversed: an unanchored search runs forwards to the end of the
//! leftmost match and then backwards from there to its start. Most rule
//! patterns never need that second half. The engine asks whether they
//! match, or runs them anchored at a place its literal scan found, where
//! the start of a match is the place itself. So a [`Forward`] compiles the
//! forward automaton alone, the reversed one the first time an unanchored
//! search finds a match (for the crate's own patterns, once the starts of
//! their first matches have been found forwards: see [`FORWARD_STARTS`]),
//! and the meta engine only for the searches a lazy DFA cannot finish (its
//! cache thrashing, or a Unicode word boundary next to a non-ASCII byte),
//! where the meta engine falls back to the PikeVM.
//! Every answer is the one the meta engine gives: the searches below are
//! the meta engine's own lazy-DFA path, and everything else is handed to
//! it.

use std::sync::{Arc, Mutex, OnceLock, Weak};

use regex_automata::hybrid::dfa::{self, DFA};
use regex_automata::nfa::thompson::{self, NFA, WhichCaptures};
use regex_automata::{Anchored, HalfMatch, Input, Match, MatchKind, meta};
use regex_syntax::hir::Hir;

use super::{DFA_CACHE_BYTES, SIZE_LIMIT};

/// A lazy DFA and the one search cache every thread shares.
///
/// A cache holds the DFA states built so far, and those are the same
/// whichever thread built them. The regex crate's pool keeps a cache per
/// thread, so each thread built and held its own copy of every pattern's
/// states: 24 MB per thread on real letters, most of the memory a second
/// thread added. Here the threads take turns. A search lasts microseconds
/// and two threads seldom ask the same pattern at the same moment, so
/// waiting for the cache cost no measurable time, and states one thread
/// built serve the other.
#[derive(Debug)]
pub(super) struct Lazy(Arc<Shared>);

#[derive(Debug)]
struct Shared {
    dfa: DFA,
    /// Made on first search: a cache starts with a slot per automaton
    /// state in its sets, and many automata (reverse ones, rule patterns
    /// whose cue words a notice lacks) are never searched.
    cache: Mutex<Option<dfa::Cache>>,
}

/// Every lazy DFA made, for [`release_caches`]; dropped ones are swept
/// out as the list grows.
static LIVE: Mutex<Vec<Weak<Shared>>> = Mutex::new(Vec::new());

impl Lazy {
    pub(super) fn new(dfa: DFA) -> Lazy {
        let cache = Mutex::new(None);
        let shared = Arc::new(Shared { dfa, cache });
        let mut live = LIVE.lock().unwrap_or_else(|e| e.into_inner());
        // Sweeping when the list is a power of two keeps it within twice
        // the live automata (an editor session drops an engine at every
        // configuration change) at a constant cost per automaton.
        if live.len() >= 64 && live.len().is_power_of_two() {
            live.retain(|w| w.strong_count() > 0);
        }
        live.push(Arc::downgrade(&shared));
        Lazy(shared)
    }

    /// Runs `search` with the cache, once no other thread is using it.
    pub(super) fn with_cache<R>(&self, search: impl FnOnce(&DFA, &mut dfa::Cache) -> R) -> R {
        let shared = &*self.0;
        // A search that panicked may have left states half added: start
        // that cache afresh rather than trust it.
        let mut cache = shared.cache.lock().unwrap_or_else(|poisoned| {
            let mut cache = poisoned.into_inner();
            *cache = None;
            shared.cache.clear_poison();
            cache
        });
        let cache = cache.get_or_insert_with(|| shared.dfa.create_cache());
        search(&shared.dfa, cache)
    }

    /// The bytes its cache holds.
    #[cfg(test)]
    fn cache_bytes(&self) -> usize {
        self.with_cache(|_, cache| cache.memory_usage())
    }
}

/// Frees the states of every lazy DFA whose cache holds more than `over`
/// bytes; they are built again as searches need them.
///
/// A long, varied text fills many caches towards their cap, and they stay
/// full after the step that searched with them is over: on a 10 MB
/// notice, those of the fact extraction and of the literal scan held
/// about 11 MB of states at the end, which the rules, running next and
/// searching with other automata, never read. A cache in use on another
/// thread is left alone.
pub fn release_caches(over: usize) {
    let live: Vec<Arc<Shared>> = LIVE
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .iter()
        .filter_map(Weak::upgrade)
        .collect();
    for shared in live {
        let Ok(mut cache) = shared.cache.try_lock() else {
            continue;
        };
        if cache.as_ref().is_some_and(|c| c.memory_usage() > over) {
            *cache = None;
        }
    }
}

/// From this much text on, a step that searched the whole text empties the
/// automata's caches when it is done (see [`release_caches_after`]).
///
/// The states a step built over a long text are seldom those the next step
/// needs, and on a long text building them again costs next to nothing
/// beside reading it. Emptying the caches before the rules took the peak
/// of a 10 MB notice from 72.3 to 67.1 MiB; also after each of the
/// extraction's three parts and the rules' literal scan (which run side by
/// side, their caches full at the same time), and after each rule, to
/// 59.4 MiB, at no cost in time (a 3 MB notice's median 179 → 173 ms, a
/// 100 MB one's 3.55 s either way). On shorter texts the states would be
/// built again for each.
const RELEASE_CACHES_AT: usize = 1 << 20;

/// Called when a step that searched a text of `text_len` bytes is done: on
/// a long text, empties every cache no other thread is searching with (see
/// [`release_caches`]).
pub fn release_caches_after(text_len: usize) {
    if text_len >= RELEASE_CACHES_AT {
        release_caches(0);
    }
}

/// Whether a [`Forward`] keeps its parsed patterns for the reverse
/// automaton.
///
/// Parsing is about half the cost of compiling a reversed pattern. The
/// crate's own patterns are few, and the extraction tables among them
/// find their matches' starts on nearly every notice, so they keep what
/// the forward compilation parsed; rule patterns are many, mostly run
/// anchored, and would hold their syntax trees for nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Parsed {
    /// Keep the parsed patterns until the reverse automaton is compiled
    /// (when they were parsed: see [`super::prebuilt`]).
    Keep,
    /// Parse again if the reverse automaton is ever needed.
    Drop,
}

/// Patterns compiled forwards only (see the module documentation).
#[derive(Debug)]
pub(super) struct Forward {
    /// The patterns as given, for compiling the reverse automaton and the
    /// meta engine when they are first needed.
    patterns: Vec<String>,
    /// The patterns as parsed, when kept (see [`Parsed`]) and the reverse
    /// automaton is not compiled yet.
    parsed: Mutex<Option<Vec<Hir>>>,
    forward: Lazy,
    /// Whether every match begins where the search does (every pattern
    /// opens with `^`): the start of a match is then known without
    /// reading backwards.
    anchored: bool,
    /// `None` inside when the reversed patterns do not compile within the
    /// size limit; the meta engine (without one) then finds the starts.
    reverse: OnceLock<Option<Lazy>>,
    full: OnceLock<meta::Regex>,
    /// Whether the starts of matches may be found forwards (see
    /// [`FORWARD_STARTS`]): the crate's own patterns (kept parsed, see
    /// [`Parsed`]), whose attempts end within a phrase. An attempt from
    /// every place in turn can read to the end of the text from each;
    /// a rule set's pattern such as `notice.*breach` would read a text
    /// quadratically.
    starts_forwards: bool,
    /// The bytes searched for match starts forwards so far.
    read_for_starts: std::sync::atomic::AtomicUsize,
}

/// How far the starts of matches are found forwards: no search longer
/// than this (from its start to the match's end), and none once the
/// searches so far have read this much; the reverse automaton is then
/// compiled for the rest.
///
/// Finding a match's start by searching backwards needs the reversed
/// patterns compiled, which for the extractors' phrase tables is 20,000
/// automaton states read and their lazy states built: a sixth of a lone
/// notice's work from process start. Searching forwards from each place
/// in turn uses the automaton already built, and for a short text costs
/// less than compiling the reverse one; over many texts the reverse one
/// is cheaper, each start read back over the match alone. So the first
/// 4 KiB a pattern searches (one notice of real letters' length) find
/// their starts forwards. One notice from process start: 100.9 → 90.3 M
/// instructions, about 500 fewer page faults, median 16.0 → 14.2 ms (150
/// runs each); 1,000 notices: 0.8 % more instructions.
const FORWARD_STARTS: usize = 4 << 10;

impl Forward {
    /// Compiles `patterns` (leftmost-first, in order), or `None` when a
    /// forward lazy DFA cannot serve them: they do not compile, or one can
    /// match the empty string, whose matches the meta engine keeps off
    /// the middle of a UTF-8 sequence.
    pub(super) fn build<S: AsRef<str>>(patterns: &[S], parsed: Parsed) -> Option<Forward> {
        let mut hirs = None;
        let nfa =
            super::prebuilt::compile(patterns, super::prebuilt::Automaton::Forward, &mut hirs)?;
        if nfa.has_empty() {
            return None;
        }
        let anchored = nfa.is_always_start_anchored();
        // Patterns searched for their matches read backwards from nearly
        // every one, whether or not the recorded notices had a match.
        #[cfg(test)]
        if parsed == Parsed::Keep && !anchored {
            super::prebuilt::record_also(super::prebuilt::Automaton::Reverse, patterns);
        }
        let dfa = dfa::Builder::new()
            .configure(
                dfa_config()
                    .match_kind(MatchKind::LeftmostFirst)
                    .starts_for_each_pattern(true),
            )
            .build_from_nfa(nfa)
            .ok()?;
        Some(Forward {
            patterns: patterns.iter().map(|p| p.as_ref().to_string()).collect(),
            // A pattern anchored at the start never reads backwards.
            parsed: Mutex::new(hirs.filter(|_| parsed == Parsed::Keep && !anchored)),
            forward: Lazy::new(dfa),
            anchored,
            reverse: OnceLock::new(),
            full: OnceLock::new(),
            starts_forwards: parsed == Parsed::Keep,
            read_for_starts: Default::default(),
        })
    }

    /// Whether the patterns match in `input`.
    pub(super) fn is_match(&self, input: Input<'_>) -> bool {
        let input = input.earliest(true);
        match self.end(&input) {
            Ok(end) => end.is_some(),
            Err(()) => self.full().is_match(input),
        }
    }

    /// The leftmost-first match in `input`.
    pub(super) fn search(&self, input: &Input<'_>) -> Option<Match> {
        let end = match self.end(input) {
            Ok(None) => return None,
            Ok(Some(end)) => end,
            Err(()) => return self.full().search(input),
        };
        // A pattern that opens with `^` matches only at the start of the
        // text, which the search reads from (a search from further on
        // finds nothing): the extractors read a date's parts so, from the
        // match alone, and compiling the reversed automaton was a
        // millisecond of a lone notice's run.
        if input.get_anchored().is_anchored() || self.anchored {
            return Some(Match::new(end.pattern(), input.start()..end.offset()));
        }
        if let Some(found) = self.start_forwards(input, end) {
            return Some(found);
        }
        let Some(reverse) = self.reverse() else {
            return self.full().search(input);
        };
        // Backwards from the end, anchored there, as long as it can: the
        // leftmost start of the match the forward search ended. Only the
        // pattern that matched is read backwards (the meta engine reads
        // all of them): no other pattern can match from further left, or
        // the forward search would have ended that match instead. Reading
        // one pattern stops sooner, and halved the cost of the reverse
        // searches of the phrase tables.
        let back = input
            .clone()
            .span(input.start()..end.offset())
            .anchored(Anchored::Pattern(end.pattern()))
            .earliest(false);
        match reverse.with_cache(|dfa, cache| dfa.try_search_rev(cache, &back)) {
            Ok(Some(start)) => Some(Match::new(end.pattern(), start.offset()..end.offset())),
            _ => self.full().search(input),
        }
    }

    /// The start of the match that ends at `end`, found by searching
    /// forwards, anchored, from each place after the search's start in
    /// turn: the first place a match of the same pattern begins is where
    /// the leftmost one does, since no pattern matches from further left
    /// (the forward search would have ended that match instead). `None`
    /// when this way is not taken (the reverse automaton is compiled
    /// already, or see [`FORWARD_STARTS`]) or the lazy DFA gave up; the
    /// reverse automaton then answers.
    fn start_forwards(&self, input: &Input<'_>, end: HalfMatch) -> Option<Match> {
        use std::sync::atomic::Ordering;
        let span = end.offset() - input.start();
        if !self.starts_forwards
            || self.reverse.get().is_some()
            || span > FORWARD_STARTS
            || self.read_for_starts.fetch_add(span, Ordering::Relaxed) > FORWARD_STARTS
        {
            return None;
        }
        let (hay, pid) = (input.haystack(), end.pattern());
        let first = regex_automata::util::start::Config::new().anchored(Anchored::Pattern(pid));
        let found: Result<Option<usize>, ()> = self.forward.with_cache(|dfa, cache| {
            for at in input.start()..end.offset() {
                // No match begins inside a character.
                if hay[at] & 0xC0 == 0x80 {
                    continue;
                }
                // Most places end the attempt at their first byte: that
                // much is asked of the automaton directly, which costs a
                // fraction of setting up a search.
                let behind = at.checked_sub(1).map(|b| hay[b]);
                let start = dfa.start_state(cache, &first.clone().look_behind(behind));
                let next = dfa.next_state(cache, start.map_err(|_| ())?, hay[at]);
                if next.map_err(|_| ())?.is_dead() {
                    continue;
                }
                let attempt = input
                    .clone()
                    .span(at..end.offset())
                    .anchored(Anchored::Pattern(pid))
                    .earliest(true);
                if dfa
                    .try_search_fwd(cache, &attempt)
                    .map_err(|_| ())?
                    .is_some()
                {
                    return Ok(Some(at));
                }
            }
            Ok(None)
        });
        let at = found.ok()??;
        Some(Match::new(pid, at..end.offset()))
    }

    /// Where the leftmost-first match in `input` ends; `Err` when the
    /// lazy DFA gave up.
    fn end(&self, input: &Input<'_>) -> Result<Option<HalfMatch>, ()> {
        self.forward
            .with_cache(|dfa, cache| dfa.try_search_fwd(cache, input))
            .map_err(|_| ())
    }

    fn reverse(&self) -> Option<&Lazy> {
        self.reverse
            .get_or_init(|| {
                let mut kept = self.parsed.lock().unwrap_or_else(|e| e.into_inner()).take();
                let nfa = super::prebuilt::compile(
                    &self.patterns,
                    super::prebuilt::Automaton::Reverse,
                    &mut kept,
                )?;
                let dfa = dfa::Builder::new()
                    .configure(
                        dfa_config()
                            .match_kind(MatchKind::All)
                            .starts_for_each_pattern(true),
                    )
                    .build_from_nfa(nfa)
                    .ok()?;
                Some(Lazy::new(dfa))
            })
            .as_ref()
    }

    /// The meta engine, for what the lazy DFAs cannot answer. Without a
    /// size limit: the patterns compiled forwards within it, and a search
    /// must not fail for want of room.
    fn full(&self) -> &meta::Regex {
        self.full.get_or_init(|| {
            super::build_meta(&super::meta_builder(None, false), &self.patterns)
                .expect("patterns that compile forwards compile in full")
        })
    }
}

/// The automaton of patterns already parsed, forwards or reversed, within
/// the crate's size limit: without capture groups, or with every one (for
/// reading the groups of a match found without them).
pub(super) fn compile_hirs(hirs: &[Hir], reverse: bool, groups: WhichCaptures) -> Option<NFA> {
    thompson::Compiler::new()
        .configure(
            thompson::Config::new()
                .utf8(true)
                .nfa_size_limit(Some(SIZE_LIMIT))
                .shrink(false)
                .which_captures(groups)
                .reverse(reverse),
        )
        .build_many_from_hir(hirs)
        .ok()
}

/// The meta engine's lazy-DFA settings: give up (and let the PikeVM
/// finish) when the cache thrashes, and treat a Unicode word boundary
/// next to a non-ASCII byte the same way.
pub(super) fn dfa_config() -> dfa::Config {
    dfa::Config::new()
        .prefilter(None)
        .unicode_word_boundary(true)
        .specialize_start_states(false)
        .cache_capacity(DFA_CACHE_BYTES)
        .skip_cache_capacity_check(false)
        .minimum_cache_clear_count(Some(3))
        .minimum_bytes_per_state(Some(10))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn both(patterns: &[&str], parsed: Parsed) -> (Forward, meta::Regex) {
        let forward = Forward::build(patterns, parsed).expect("builds forwards");
        let full = super::super::meta_builder(None, false)
            .build_many(patterns)
            .unwrap();
        (forward, full)
    }

    /// Every kind of search gives the meta engine's answer, at every
    /// start, anchored and not, including around non-ASCII text.
    #[test]
    fn every_search_agrees_with_the_meta_engine() {
        let cases: &[&[&str]] = &[
            &[r"(?i)(?-u:\b)notice(?-u:\b)"],
            &[r"(?i)notice(?:[^.?!])*?breach", r"(?i)breach"],
            &[r"(?i)(?:a|ab)c?", r"b+"],
            &[r"\bcafé\b", r"(?i)é+"],
            &[r"(?m)^dear\b"],
            // Anchored at the start: no reverse automaton is needed.
            &[r"(?i)^(?:dear|a)\s*\w*", r"^ab"],
            // Matches of other patterns end where one does, some longer.
            &[r"b", r"(?i)xa?b", r"ab", r"\w+\s+ab"],
        ];
        let texts = [
            "A NOTICE of a Breach. notice, then breach! Dear reader",
            "abc ab b bb abcc",
            "Café CAFÉ café ÉÉé “notice” — breach",
            "dear\ndear x\n",
            "xab ab b XAB zz ab xb",
        ];
        for (patterns, parsed) in cases
            .iter()
            .flat_map(|p| [(p, Parsed::Keep), (p, Parsed::Drop)])
        {
            let (forward, full) = both(patterns, parsed);
            for text in texts {
                for start in (0..=text.len()).filter(|&s| text.is_char_boundary(s)) {
                    for anchored in [Anchored::No, Anchored::Yes] {
                        let input = Input::new(text).range(start..).anchored(anchored);
                        assert_eq!(
                            forward.search(&input),
                            full.search(&input),
                            "{patterns:?} on {text:?} from {start} ({anchored:?}, {parsed:?})"
                        );
                        assert_eq!(
                            forward.is_match(input.clone()),
                            full.is_match(input),
                            "{patterns:?} on {text:?} from {start} ({anchored:?}, {parsed:?})"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn patterns_that_can_match_nothing_are_left_to_the_meta_engine() {
        assert!(Forward::build(&["a*"], Parsed::Drop).is_none());
        assert!(Forward::build(&["a", "(?:)"], Parsed::Drop).is_none());
        assert!(Forward::build(&["("], Parsed::Drop).is_none());
    }

    /// A Unicode word boundary makes the lazy DFA give up next to a
    /// non-ASCII letter; the meta engine then answers.
    #[test]
    fn a_search_the_lazy_dfa_gives_up_is_finished_by_the_meta_engine() {
        let (forward, full) = both(&[r"\bnaïve\b"], Parsed::Drop);
        let text = "so naïve, naïvely";
        let input = Input::new(text);
        assert_eq!(forward.search(&input), full.search(&input));
        assert_eq!(forward.search(&input).map(|m| m.start()), Some(3));
        assert!(forward.full.get().is_some(), "the meta engine was asked");
    }

    /// Anchored searches and yes/no questions never compile the reversed
    /// patterns; the first unanchored match does, from the parsed patterns
    /// when they were kept, which are then let go. The crate's own
    /// patterns find their first starts forwards (see [`FORWARD_STARTS`]).
    #[test]
    fn the_reverse_automaton_is_built_on_first_need() {
        for parsed in [Parsed::Keep, Parsed::Drop] {
            let forward = Forward::build(&[r"(?i)breach"], parsed).unwrap();
            let kept = || forward.parsed.lock().unwrap().is_some();
            assert_eq!(kept(), parsed == Parsed::Keep);
            let text = "a Breach";
            assert!(forward.is_match(Input::new(text)));
            let at = Input::new(text).range(2..).anchored(Anchored::Yes);
            assert_eq!(forward.search(&at).map(|m| m.range()), Some(2..8));
            assert!(forward.reverse.get().is_none());
            assert_eq!(
                forward.search(&Input::new(text)).map(|m| m.range()),
                Some(2..8)
            );
            assert_eq!(forward.reverse.get().is_some(), parsed == Parsed::Drop);
            // Further than the forward search of starts goes.
            let far = format!("{}a breach", "x ".repeat(FORWARD_STARTS));
            let found = forward.search(&Input::new(&far)).map(|m| m.range());
            assert_eq!(found, Some(far.len() - 6..far.len()));
            assert!(forward.reverse.get().is_some());
            assert!(!kept());
            assert!(forward.full.get().is_none());
            // A pattern anchored at the start never needs it.
            let start = Forward::build(&[r"(?i)^a\s+breach"], parsed).unwrap();
            let found = start.search(&Input::new(text)).map(|m| m.range());
            assert_eq!(found, Some(0..8));
            assert!(start.reverse.get().is_none());
        }
    }

    /// Every match of a table of phrases, found one after another through
    /// a text, is the meta engine's, while the starts are found forwards
    /// and once the reverse automaton has taken over; it takes over only
    /// when the forward search of starts has read its budget.
    #[test]
    fn starts_found_forwards_are_the_meta_engines() {
        let patterns = [
            r"(?i)(?-u:\b)(?:social\s+security|security)\s+numbers?(?-u:\b)",
            r"(?i)(?-u:\b)numbers?(?-u:\b)",
            r"(?i)(?-u:\b)e-?mail\s+address(?:es)?(?-u:\b)",
            r"(?i)café\w*",
            r"[0-9]+(?:,[0-9]{3})*\s+people",
        ];
        let (forward, full) = both(&patterns, Parsed::Keep);
        let text = "Your Social Security  number, security numbers, NUMBER and \
                    e-mail addresses; “café”—CAFÉS numbering 12,000 people or 7 people. "
            .repeat(2 * FORWARD_STARTS / 100);
        let (mut at, mut found, mut before_reverse) = (0, 0, 0);
        while let Some(m) = full.search(&Input::new(&text).range(at..)) {
            let input = Input::new(&text).range(at..);
            assert_eq!(forward.search(&input), Some(m), "from {at}");
            if forward.reverse.get().is_none() {
                before_reverse += 1;
            }
            found += 1;
            at = m.end();
        }
        assert!(forward.reverse.get().is_some());
        assert!(
            before_reverse > 10 && found > 2 * before_reverse,
            "{before_reverse} of {found}"
        );
        let read = forward
            .read_for_starts
            .load(std::sync::atomic::Ordering::Relaxed);
        assert!(read > FORWARD_STARTS, "{read}");
        assert!(forward.full.get().is_none());
    }

    /// A search that panics while holding the shared cache leaves it
    /// usable: the next search starts from a fresh cache and agrees with
    /// the meta engine.
    #[test]
    fn a_panic_during_a_search_does_not_spoil_the_cache() {
        let forward = Forward::build(&[r"(?i)breach"], Parsed::Drop).unwrap();
        let panicked = std::panic::catch_unwind(|| {
            forward.forward.with_cache(|_, _| panic!("search failed"));
        });
        assert!(panicked.is_err());
        assert!(forward.forward.0.cache.is_poisoned());
        let text = "a Breach";
        assert_eq!(
            forward.search(&Input::new(text)).map(|m| m.range()),
            Some(2..8)
        );
        assert!(!forward.forward.0.cache.is_poisoned());
    }

    /// Releasing frees a full cache and leaves a small one alone, and the
    /// automaton answers as before from a fresh cache.
    #[test]
    fn releasing_frees_full_caches_only() {
        let forward = Forward::build(&[r"(?i)\b[a-z]+ing\b"], Parsed::Drop).unwrap();
        let idle = Forward::build(&[r"(?i)breach"], Parsed::Drop).unwrap();
        let text: String = (0..4000u32)
            .map(|i| format!("w{}ord{} reading ", i % 97, i * 7919 % 1013))
            .collect();
        let before = forward.search(&Input::new(&text)).map(|m| m.range());
        let grown = forward.forward.cache_bytes();
        let small = idle.forward.cache_bytes();
        assert!(grown > 4 * small, "{grown} against {small}");
        release_caches(small);
        assert!(forward.forward.cache_bytes() < grown);
        assert_eq!(idle.forward.cache_bytes(), small);
        assert_eq!(
            forward.search(&Input::new(&text)).map(|m| m.range()),
            before
        );
    }
}
