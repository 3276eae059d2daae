//! Compiling regular expressions so they stay on the regex crate's fast
//! engines.
//!
//! Unicode `\b` makes the lazy DFA give up whenever a non-ASCII character is
//! near the position it tests (curly quotes and dashes are in nearly every
//! real notice), and the search then falls back to the PikeVM, which is one
//! to two orders of magnitude slower. English legal wording does not need
//! Unicode word boundaries, so every pattern in the crate, built-in or from
//! a rule set, is compiled with ASCII ones.
//!
//! `\d` is compiled as `[0-9]` for the same reason. Unicode `\d` holds some
//! 700 digits of other scripts, which split the bytes a lazy DFA tells
//! apart into more kinds (157 instead of 107 for a date pattern): every
//! state took half again the memory (4 MB more on 1,000 real letters) and
//! compiling took longer, for digits that no notice writes and that the
//! extraction could not read as numbers anyway.

mod forward;
mod groups;
mod prebuilt;
mod set;

pub use forward::{release_caches, release_caches_after};
pub use groups::{Group, GroupRegex, Groups};
pub(crate) use prebuilt::{Derived, derived};
pub use set::Set;

use regex::{Regex, RegexBuilder};

/// Upper bound on one compiled regex (the default is too small for the
/// larger extraction and rule patterns).
pub const SIZE_LIMIT: usize = 256 << 20;

/// Rewrites `\b` and `\B` to their ASCII forms and `\d` and `\D` to
/// `[0-9]` and `[^0-9]` (nested classes, so that they also stand inside a
/// bracketed class), leaving escaped backslashes and every other escape
/// alone.
pub fn ascii_classes(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    // Only an escape can change; the runs between backslashes are copied
    // whole (reading the built-in sets' patterns character by character
    // was about 1 M instructions at every start).
    let mut rest = pattern;
    while let Some(at) = memchr::memchr(b'\\', rest.as_bytes()) {
        out.push_str(&rest[..at]);
        let mut escaped = rest[at + 1..].chars();
        push_escape(&mut out, escaped.next());
        rest = escaped.as_str();
    }
    out.push_str(rest);
    out
}

/// Writes the escape of `escaped` (the character after a backslash, if
/// any) as [`ascii_classes`] rewrites it.
fn push_escape(out: &mut String, escaped: Option<char>) {
    match escaped {
        Some('b') => out.push_str("(?-u:\\b)"),
        Some('B') => out.push_str("(?-u:\\B)"),
        Some('d') => out.push_str("[0-9]"),
        Some('D') => out.push_str("[^0-9]"),
        Some(other) => {
            out.push('\\');
            out.push(other);
        }
        None => out.push('\\'),
    }
}

/// Marks bracketed classes that hold no letters (`[^.?!]`, `[\s,;]`,
/// `[0-9]`) as case-sensitive. Case-insensitive matching makes the regex
/// compiler fold every range of a class, and a negated class spans nearly
/// all of Unicode: folding the rule sets' in-sentence gaps was the largest
/// single cost of start-up. A class without letters is its own case fold,
/// so the marking changes no match. A pattern that does not parse is
/// returned unchanged, for the compiler to report.
pub fn fold_invariant_classes(pattern: &str) -> String {
    // Without a `[` there is no bracketed class to mark; parsing such
    // patterns only to find none was 2% of a one-notice run.
    if !pattern.contains('[') {
        return pattern.to_string();
    }
    let spans = match scanned_caseless_classes(pattern) {
        Some(spans) => {
            debug_assert!(
                parsed_caseless_classes(pattern).is_none_or(|parsed| parsed == spans),
                "the class scan and the parser disagree on {pattern}"
            );
            spans
        }
        None => match parsed_caseless_classes(pattern) {
            Some(spans) => spans,
            None => return pattern.to_string(),
        },
    };
    if spans.is_empty() {
        return pattern.to_string();
    }
    let mut out = String::with_capacity(pattern.len() + spans.len() * 6);
    let mut at = 0;
    for (start, end) in spans {
        out.push_str(&pattern[at..start]);
        out.push_str("(?-i:");
        out.push_str(&pattern[start..end]);
        out.push(')');
        at = end;
    }
    out.push_str(&pattern[at..]);
    out
}

/// Where the bracketed classes without letters are (see
/// [`fold_invariant_classes`]), found by the regex parser; `None` when the
/// pattern does not parse.
fn parsed_caseless_classes(pattern: &str) -> Option<Vec<(usize, usize)>> {
    use regex_syntax::ast::{self, Ast};

    struct Collect(Vec<(usize, usize)>);
    impl ast::Visitor for Collect {
        type Output = Vec<(usize, usize)>;
        type Err = ();
        fn finish(self) -> Result<Self::Output, ()> {
            Ok(self.0)
        }
        fn visit_pre(&mut self, node: &Ast) -> Result<(), ()> {
            if let Ast::ClassBracketed(class) = node {
                if set_is_caseless(&class.kind) {
                    self.0
                        .push((class.span.start.offset, class.span.end.offset));
                }
            }
            Ok(())
        }
    }

    let tree = ast::parse::Parser::new().parse(pattern).ok()?;
    ast::visit(&tree, Collect(Vec::new())).ok()
}

/// [`parsed_caseless_classes`] for the classes rule sets write (`[^.?!]`,
/// `[\s.-]`, `[0-9,;:)]`, `[a-z]`), read in one pass without building a
/// syntax tree: parsing every pattern only to find them was 6% of a lone
/// notice's run. `None` for anything it does not read (nested and POSIX
/// classes, set operations, escapes by code point, verbose mode), which the
/// parser then reads; debug builds check every answer against the parser.
fn scanned_caseless_classes(pattern: &str) -> Option<Vec<(usize, usize)>> {
    // Verbose mode makes `#` start a comment, in which `[` is no class.
    let mut flags = pattern.match_indices("(?");
    if flags.any(|(i, _)| {
        pattern[i + 2..]
            .chars()
            .take_while(|c| c.is_ascii_alphabetic() || *c == '-')
            .any(|c| c == 'x')
    }) {
        return None;
    }
    let mut spans = Vec::new();
    // Only a backslash or a bracket matters outside a class: jump from one
    // to the next instead of reading every character.
    let mut at = 0;
    while let Some(found) = memchr::memchr2(b'\\', b'[', &pattern.as_bytes()[at..]) {
        let i = at + found;
        if pattern.as_bytes()[i] == b'\\' {
            // The escaped character, whatever it is, is skipped whole.
            at = i + 1 + pattern[i + 1..].chars().next().map_or(0, char::len_utf8);
        } else {
            let (end, caseless) = scan_class(pattern, i)?;
            if caseless {
                spans.push((i, end));
            }
            at = end;
        }
    }
    Some(spans)
}

/// Reads the bracketed class that opens at `start`: where it ends, and
/// whether it holds no letters (as [`set_is_caseless`] decides).
fn scan_class(pattern: &str, start: usize) -> Option<(usize, bool)> {
    let mut chars = pattern[start + 1..].char_indices().peekable();
    chars.next_if(|&(_, c)| c == '^');
    let mut caseless = true;
    let mut first = true;
    // The character just read, when it may begin a range.
    let mut prev: Option<char> = None;
    while let Some((i, c)) = chars.next() {
        let single = match c {
            ']' if !first => return Some((start + 1 + i + 1, caseless)),
            '[' => return None,
            '&' | '~' if chars.peek().is_some_and(|&(_, n)| n == c) => return None,
            '-' if chars.peek().is_some_and(|&(_, n)| n == '-') => return None,
            '-' if prev.is_some() && chars.peek().is_some_and(|&(_, n)| n != ']') => {
                let end = match chars.next()? {
                    (_, '\\') => {
                        let (_, e) = chars.next()?;
                        hex_escape(e, &mut chars)?
                    }
                    (_, '[') => return None,
                    (_, end) => end,
                };
                caseless &= range_is_caseless(prev.take()?, end);
                first = false;
                continue;
            }
            '\\' => {
                let (_, e) = chars.next()?;
                match e {
                    'd' | 'D' | 's' | 'S' => None,
                    'w' | 'W' => {
                        caseless = false;
                        None
                    }
                    'p' | 'P' => {
                        caseless = false;
                        if chars.next_if(|&(_, n)| n == '{').is_some() {
                            while chars.next_if(|&(_, n)| n != '}').is_some() {}
                            chars.next()?;
                        } else {
                            chars.next()?;
                        }
                        None
                    }
                    't' => Some('\t'),
                    'n' => Some('\n'),
                    'r' => Some('\r'),
                    'f' => Some('\x0C'),
                    'v' => Some('\x0B'),
                    'x' | 'u' | 'U' => Some(hex_escape(e, &mut chars)?),
                    e if e.is_ascii_punctuation() => Some(e),
                    _ => return None,
                }
            }
            c => Some(c),
        };
        if let Some(c) = single {
            caseless &= !c.is_alphabetic();
        }
        prev = single;
        first = false;
    }
    None
}

/// The character a hex escape stands for (`\x27`, `\u00A0`, `\U0001F600`,
/// or any of them with braces: `\x{C0}`), read after its backslash and
/// `kind` letter; `None` for anything else, which the parser then reads.
/// The extractors write the accented letters of a word (`\x{C0}-\x{D6}`)
/// and some quotes this way.
fn hex_escape(
    kind: char,
    chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>,
) -> Option<char> {
    let digits = match kind {
        'x' => 2,
        'u' => 4,
        'U' => 8,
        _ => return None,
    };
    let mut value: u32 = 0;
    let mut add = |c: char| -> Option<()> {
        value = value.checked_mul(16)?.checked_add(c.to_digit(16)?)?;
        Some(())
    };
    if chars.next_if(|&(_, c)| c == '{').is_some() {
        let mut read = 0;
        loop {
            match chars.next()? {
                (_, '}') if read > 0 => break,
                (_, c) => add(c)?,
            }
            read += 1;
        }
    } else {
        for _ in 0..digits {
            add(chars.next()?.1)?;
        }
    }
    char::from_u32(value)
}

/// Whether the range `a..=b` holds no letter. Only short ranges are read
/// letter by letter; a long one is taken to hold letters.
fn range_is_caseless(a: char, b: char) -> bool {
    let (a, b) = (a as u32, b as u32);
    b.saturating_sub(a) <= 256
        && (a..=b).all(|c| char::from_u32(c).is_none_or(|c| !c.is_alphabetic()))
}

/// Whether a class set holds no character that has another case. Perl
/// digit and space classes qualify; word classes, Unicode and POSIX
/// classes are left alone.
fn set_is_caseless(set: &regex_syntax::ast::ClassSet) -> bool {
    use regex_syntax::ast::{ClassPerlKind, ClassSet, ClassSetItem};

    fn item(i: &ClassSetItem) -> bool {
        match i {
            ClassSetItem::Empty(_) => true,
            ClassSetItem::Literal(l) => !l.c.is_alphabetic(),
            ClassSetItem::Range(r) => range_is_caseless(r.start.c, r.end.c),
            ClassSetItem::Perl(p) => matches!(p.kind, ClassPerlKind::Digit | ClassPerlKind::Space),
            ClassSetItem::Bracketed(b) => set_is_caseless(&b.kind),
            ClassSetItem::Union(u) => u.items.iter().all(item),
            ClassSetItem::Ascii(_) | ClassSetItem::Unicode(_) => false,
        }
    }
    match set {
        ClassSet::Item(i) => item(i),
        ClassSet::BinaryOp(op) => set_is_caseless(&op.lhs) && set_is_caseless(&op.rhs),
    }
}

/// A pattern as the crate compiles it: ASCII word boundaries and digits,
/// and classes without letters exempt from case folding.
pub fn prepare(pattern: &str) -> String {
    ascii_classes(&fold_invariant_classes(pattern))
}

/// Compiles `pattern` as [`prepare`] rewrites it with the regex crate,
/// which parses and compiles it whole on every start: for a pattern that
/// costs nothing to compile, and for tests that hold the crate's own
/// engines to the regex crate. The extractors' patterns with groups are
/// [`GroupRegex`]es.
pub fn regex(pattern: &str) -> Result<Regex, regex::Error> {
    RegexBuilder::new(&prepare(pattern))
        .size_limit(SIZE_LIMIT)
        .build()
}

/// Upper bound on one rule pattern's lazy-DFA cache, per thread (the
/// regex crate's default).
const DFA_CACHE_BYTES: usize = 2 << 20;

/// A compiled rule pattern.
///
/// Rule patterns are only ever asked whether and where they match, never
/// for groups, and the engine finds where a search should start with its
/// own literal scan ([`crate::engine`]). So they are compiled without
/// capture groups beyond the whole match and without the regex crate's
/// literal prefilters: extracting case-folded literals and planning
/// reverse searches was about half the cost of compiling a rule pattern,
/// and on a notice of a few kilobytes the lazy DFA reads the text about
/// as fast as a prefilter would. Most are only asked whether they match or
/// what matches at a given place, which a forward automaton answers alone,
/// so the reversed one is compiled only for the first unanchored match.
#[derive(Debug)]
pub struct Matcher(Engine);

/// How a [`Matcher`] searches.
#[derive(Debug)]
enum Engine {
    /// A forward lazy DFA, other engines built on need (see
    /// [`forward`]): what rule patterns and phrase tables compile to.
    Forward(Box<forward::Forward>),
    /// The regex crate's meta engine: patterns with prefilters, and those
    /// a forward lazy DFA cannot serve.
    Meta(regex_automata::meta::Regex),
}

/// A match of a [`Matcher`]: byte offsets into the searched text.
pub type Match = regex_automata::Match;

impl Matcher {
    /// Whether the pattern matches anywhere in `text`.
    pub fn is_match(&self, text: &str) -> bool {
        self.is_match_in(regex_automata::Input::new(text))
    }

    /// Whether the pattern matches in `text` at or after byte `start`
    /// (the text before `start` still counts for `\b`).
    pub fn is_match_at(&self, text: &str, start: usize) -> bool {
        self.is_match_in(regex_automata::Input::new(text).range(start..))
    }

    /// Whether a match of the pattern begins exactly at byte `start` of
    /// `text` (the text before it still counts for `\b`).
    pub fn is_match_anchored_at(&self, text: &str, start: usize) -> bool {
        self.is_match_in(
            regex_automata::Input::new(text)
                .range(start..)
                .anchored(regex_automata::Anchored::Yes),
        )
    }

    /// The match that begins exactly at byte `start` of `text`, if any
    /// (the text before it still counts for `\b`): the one a search from
    /// `start` would find if it is there.
    pub fn find_anchored_at(&self, text: &str, start: usize) -> Option<Match> {
        self.search(
            &regex_automata::Input::new(text)
                .range(start..)
                .anchored(regex_automata::Anchored::Yes),
        )
    }

    /// The leftmost-first match in `text`.
    pub fn find(&self, text: &str) -> Option<Match> {
        self.search(&regex_automata::Input::new(text))
    }

    /// The leftmost-first match in `text` at or after byte `start`.
    pub fn find_at(&self, text: &str, start: usize) -> Option<Match> {
        self.search(&regex_automata::Input::new(text).range(start..))
    }

    /// Every successive non-overlapping match in `text`, as the regex
    /// crate's `find_iter` gives them.
    pub fn find_iter<'r, 'h>(&'r self, text: &'h str) -> impl Iterator<Item = Match> + 'r
    where
        'h: 'r,
    {
        self.find_iter_in(text, 0..text.len())
    }

    /// [`Matcher::find_iter`] within `range` of `text` (the text around
    /// it still counts for `\b`).
    pub fn find_iter_in<'r, 'h>(
        &'r self,
        text: &'h str,
        range: std::ops::Range<usize>,
    ) -> impl Iterator<Item = Match> + 'r
    where
        'h: 'r,
    {
        let input = regex_automata::Input::new(text).range(range);
        let mut it = regex_automata::util::iter::Searcher::new(input);
        std::iter::from_fn(move || it.advance(|input| Ok(self.search(input))))
    }

    fn is_match_in(&self, input: regex_automata::Input<'_>) -> bool {
        match &self.0 {
            Engine::Forward(f) => f.is_match(input),
            Engine::Meta(re) => re.is_match(input),
        }
    }

    fn search(&self, input: &regex_automata::Input<'_>) -> Option<Match> {
        match &self.0 {
            Engine::Forward(f) => f.search(input),
            Engine::Meta(re) => re.search(input),
        }
    }
}

/// Compiles a pattern that is already rewritten by [`prepare`] (the
/// engine's wrapped rule patterns), with the crate's size limit: checking
/// a rule set and linting with it compile alike.
pub fn compile_prepared(pattern: &str) -> Result<Matcher, regex_automata::meta::BuildError> {
    build_matcher(&[pattern], false, forward::Parsed::Drop)
}

/// Compiles `pattern` as [`prepare`] rewrites it, for the crate's own
/// patterns that are only asked whether and where they match, never for
/// groups (the extractors' tests of the few words around a phrase, the
/// mention of an agency): without capture groups, and mostly without a
/// reversed automaton (see [`Matcher`]).
pub fn matcher(pattern: &str) -> Result<Matcher, regex_automata::meta::BuildError> {
    build_matcher(&[prepare(pattern)], false, forward::Parsed::Drop)
}

/// [`matcher`] for a pattern searched for its matches through whole
/// texts ([`Matcher::find_iter`]): the start of each match is found
/// backwards from its end, and the reversed automaton that does it is
/// compiled from the forward compilation's parsed pattern.
pub fn searcher(pattern: &str) -> Result<Matcher, regex_automata::meta::BuildError> {
    many(&[pattern])
}

/// An extractor's pattern searched for its matches through whole texts:
/// a [`searcher`] for a notice, and on a text of [`BIG_TEXT`] or more the
/// same pattern with the regex crate's literal prefilters, compiled the
/// first time such a text comes, as rule patterns are (see
/// [`LazyRegex::searching`]). Without them a 10 MB notice took 16 % longer.
#[derive(Debug)]
pub struct Searcher(LazyRegex);

impl Searcher {
    /// Compiles `pattern` as [`prepare`] rewrites it (for notices now, so
    /// that a warm-up compiles it and a pattern that does not compile
    /// says so here).
    pub fn new(pattern: &str) -> Result<Searcher, regex_automata::meta::BuildError> {
        let lazy = LazyRegex::searching(prepare(pattern));
        let small = build_matcher(&[lazy.as_str()], false, forward::Parsed::Keep)?;
        // Empty: the cell was made just above.
        let _ = lazy.compiled.set(small);
        Ok(Searcher(lazy))
    }

    /// The compiled pattern for searching `text`.
    fn for_text(&self, text: &str) -> &Matcher {
        self.0.get_for(text.len())
    }

    /// Whether the pattern matches anywhere in `text`.
    pub fn is_match(&self, text: &str) -> bool {
        self.for_text(text).is_match(text)
    }

    /// The leftmost-first match in `text`.
    pub fn find(&self, text: &str) -> Option<Match> {
        self.for_text(text).find(text)
    }

    /// The leftmost-first match in `text` at or after byte `start`.
    pub fn find_at(&self, text: &str, start: usize) -> Option<Match> {
        self.for_text(text).find_at(text, start)
    }

    /// Every successive non-overlapping match in `text`.
    pub fn find_iter<'r, 'h>(&'r self, text: &'h str) -> impl Iterator<Item = Match> + 'r
    where
        'h: 'r,
    {
        self.for_text(text).find_iter(text)
    }

    /// [`Searcher::find_iter`] within `range` of `text` (the text around
    /// it still counts for `\b`).
    pub fn find_iter_in<'r, 'h>(
        &'r self,
        text: &'h str,
        range: std::ops::Range<usize>,
    ) -> impl Iterator<Item = Match> + 'r
    where
        'h: 'r,
    {
        self.for_text(text).find_iter_in(text, range)
    }
}

/// Compiles several patterns, each as [`prepare`] rewrites it, into one
/// [`Matcher`] whose matches tell which pattern matched
/// ([`Match::pattern`]): it finds what the alternation of the patterns, in
/// order, finds, without capture groups to resolve (the crate's phrase
/// tables, where resolving a group per row cost more than finding the
/// match). Such tables are searched for their matches, as with
/// [`searcher`].
pub fn many<S: AsRef<str>>(patterns: &[S]) -> Result<Matcher, regex_automata::meta::BuildError> {
    let prepared: Vec<String> = patterns.iter().map(|p| prepare(p.as_ref())).collect();
    build_matcher(&prepared, false, forward::Parsed::Keep)
}

/// Compiles `patterns` for [`Matcher`]; `prefilter` keeps the regex
/// crate's literal prefilters, for patterns searched for every match
/// through texts of any size; `parsed` says whether a lazy DFA keeps the
/// parsed patterns for its reverse automaton.
fn build_matcher<S: AsRef<str>>(
    patterns: &[S],
    prefilter: bool,
    parsed: forward::Parsed,
) -> Result<Matcher, regex_automata::meta::BuildError> {
    if !prefilter {
        if let Some(f) = forward::Forward::build(patterns, parsed) {
            return Ok(Matcher(Engine::Forward(Box::new(f))));
        }
    }
    build_meta(&meta_builder(Some(SIZE_LIMIT), prefilter), patterns)
        .map(|re| Matcher(Engine::Meta(re)))
}

/// Builds `patterns` with `builder` from their parsed trees (stored, for
/// the built-in patterns: see [`prebuilt`]). A pattern that does not
/// parse is given to the builder as text, for its own error.
fn build_meta<S: AsRef<str>>(
    builder: &regex_automata::meta::Builder,
    patterns: &[S],
) -> Result<regex_automata::meta::Regex, regex_automata::meta::BuildError> {
    match prebuilt::parse_many(patterns) {
        Some(hirs) => builder.build_many_from_hir(&hirs),
        None => builder.build_many(patterns),
    }
}

/// Patterns asked which of them match somewhere in a text, as the regex
/// crate's `RegexSet` answers (and as it compiles them), built from the
/// patterns as parsed: the built-in rule sets' come parsed already (see
/// [`prebuilt`]), where the regex crate would parse them at every start.
///
/// The engine asks its heading patterns through one [`Set`] per rule set
/// instead; this one is kept as the reference its tests compare with.
#[cfg(test)]
#[derive(Debug)]
pub struct WhichSet(regex_automata::meta::Regex);

#[cfg(test)]
impl WhichSet {
    /// Compiles `patterns` within the crate's size limit, with a lazy-DFA
    /// cache of at most `cache_bytes`.
    pub fn new<S: AsRef<str>>(
        patterns: &[S],
        cache_bytes: usize,
    ) -> Result<WhichSet, regex_automata::meta::BuildError> {
        use regex_automata::{MatchKind, meta, nfa::thompson::WhichCaptures};
        let mut builder = meta::Builder::new();
        builder
            .configure(
                meta::Config::new()
                    .match_kind(MatchKind::All)
                    .utf8_empty(true)
                    .which_captures(WhichCaptures::None)
                    .nfa_size_limit(Some(SIZE_LIMIT))
                    .hybrid_cache_capacity(cache_bytes),
            )
            .syntax(syntax_config());
        build_meta(&builder, patterns).map(WhichSet)
    }

    /// The patterns that match somewhere in `text`, in order.
    pub fn matches(&self, text: &str) -> Vec<usize> {
        let mut which = regex_automata::PatternSet::new(self.0.pattern_len());
        self.0
            .which_overlapping_matches(&regex_automata::Input::new(text), &mut which);
        which.iter().map(|p| p.as_usize()).collect()
    }
}

/// The meta engine as [`Matcher`]s use it: leftmost-first, no capture
/// groups beyond the whole match, literal prefilters only on request.
fn meta_builder(size_limit: Option<usize>, prefilter: bool) -> regex_automata::meta::Builder {
    use regex_automata::{MatchKind, meta, nfa::thompson::WhichCaptures};
    let mut builder = meta::Builder::new();
    builder
        .configure(
            meta::Config::new()
                .match_kind(MatchKind::LeftmostFirst)
                .utf8_empty(true)
                .nfa_size_limit(size_limit)
                .hybrid_cache_capacity(DFA_CACHE_BYTES)
                .which_captures(WhichCaptures::Implicit)
                .auto_prefilter(prefilter),
        )
        .syntax(syntax_config());
    builder
}

/// `pattern` read as if it had no case-insensitive flag, for the
/// literals every match begins with as written (one per spelling rather
/// than one per mix of cases; skipping case folding also skips its cost),
/// or `None` when it does not parse. The built-in patterns come read
/// already (see [`prebuilt`]).
pub fn parse_case_sensitive(pattern: &str) -> Option<regex_syntax::hir::Hir> {
    prebuilt::parse(prebuilt::Reading::CaseSensitive, pattern)
}

/// How [`Matcher`] patterns are parsed: default flags, matches that never
/// split a UTF-8 sequence.
fn syntax_config() -> regex_automata::util::syntax::Config {
    regex_automata::util::syntax::Config::new().utf8(true)
}

/// Runs `compile`, which forces patterns otherwise compiled on first use,
/// on a thread named `name`, and returns at once. A pattern is compiled
/// once, by whichever thread reaches it first, and a thread that needs one
/// being compiled waits for it, so nothing is done twice.
pub fn compile_in_background(name: &str, compile: impl FnOnce() + Send + 'static) {
    // Without a thread (a sandbox that forbids them) the patterns are
    // compiled on first use, as always.
    let _ = std::thread::Builder::new()
        .name(name.to_string())
        .spawn(compile);
}

/// Texts from this size on are searched with a pattern's literal
/// prefilters (see [`LazyRegex::searching`]).
pub const BIG_TEXT: usize = 64 << 10;

/// A pattern (already rewritten by [`prepare`] and checked to compile)
/// that is compiled the first time it is used: most rule patterns never
/// run on a given notice, and compiling all of them up front was most of
/// the start-up time.
#[derive(Debug)]
pub struct LazyRegex {
    pattern: String,
    compiled: std::sync::OnceLock<Matcher>,
    /// For [`LazyRegex::searching`] patterns: the same pattern with its
    /// literal prefilters, for big texts.
    prefiltered: Option<std::sync::OnceLock<Matcher>>,
}

impl LazyRegex {
    /// Wraps `pattern`, compiling nothing yet. It will be compiled without
    /// prefilters: it is asked about small texts, or only from places the
    /// engine found.
    pub fn new(pattern: String) -> LazyRegex {
        LazyRegex {
            pattern,
            compiled: std::sync::OnceLock::new(),
            prefiltered: None,
        }
    }

    /// Like [`LazyRegex::new`], for a pattern whose every match is looked
    /// for through whole texts. On a text of [`BIG_TEXT`] or more the
    /// regex crate's literal prefilters skip most of it, which pays for
    /// building them; on a notice of a few kilobytes they do not.
    pub fn searching(pattern: String) -> LazyRegex {
        LazyRegex {
            prefiltered: Some(std::sync::OnceLock::new()),
            ..LazyRegex::new(pattern)
        }
    }

    /// The pattern as it is compiled.
    pub fn as_str(&self) -> &str {
        &self.pattern
    }

    /// Whether the pattern was compiled for small texts already.
    #[cfg(test)]
    pub(crate) fn is_compiled(&self) -> bool {
        self.compiled.get().is_some()
    }

    /// The compiled pattern. It cannot fail: every rule pattern is compiled
    /// when its rule set is checked (a test does it for the built-in ones),
    /// and the engine only wraps or cuts such patterns.
    pub fn get(&self) -> &Matcher {
        Self::compile(&self.compiled, &self.pattern, false)
    }

    /// The compiled pattern for searching a text of `len` bytes.
    pub fn get_for(&self, len: usize) -> &Matcher {
        match &self.prefiltered {
            Some(cell) if len >= BIG_TEXT => Self::compile(cell, &self.pattern, true),
            _ => self.get(),
        }
    }

    fn compile<'a>(
        cell: &'a std::sync::OnceLock<Matcher>,
        pattern: &str,
        prefilter: bool,
    ) -> &'a Matcher {
        cell.get_or_init(|| {
            build_matcher(&[pattern], prefilter, forward::Parsed::Drop)
                .expect("rule patterns are compiled when their rule set is checked")
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The one-pass class scan finds exactly the classes the parser finds,
    /// and leaves to the parser what it does not read.
    #[test]
    fn the_class_scan_agrees_with_the_parser() {
        let read = [
            r"(?i)a[^.?!]{0,80}?b",
            r"[\s.-]?\(?[0-9]{3}[\s.-]",
            r"(?:[^.?!]|\.(?:[0-9,;:)]|(?-i:[a-z])))*?",
            r"[]a][^]][^^]",
            r"[a-][-a][a-z-0][.-9][\.-9]",
            r"[’'][\w\s][\pL][\p{Greek}x][\D\S]",
            r"[\t\n\r\f\v\-\]\\\[]",
            r"\[not a class\] [é] [0-9]",
            r"(?P<name>[0-9]+)(?-u:\b)",
            r"[’\x27][\x{C0}-\x{D6}\x{D8}-\x{F6}x-][ .\-\u{a0}][\x41-\x5A][\u00A0-\U000000BF]",
            r"[\x30-\x{39}][\x{1F600}]",
        ];
        for p in read {
            let scanned = scanned_caseless_classes(p);
            assert!(scanned.is_some(), "{p}");
            assert_eq!(scanned, parsed_caseless_classes(p), "{p}");
        }
        let left_to_the_parser = [
            r"[[:alpha:]]",
            r"[a[0-9]]",
            r"[a&&b]",
            r"[a--b]",
            r"[a~~b]",
            r"[\x4]",
            r"[\x{}]",
            r"[\x{D800}]",
            r"[\xZZ]",
            r"[a-\]]",
            r"(?x) # [not a class",
            r"[unclosed",
        ];
        for p in left_to_the_parser {
            assert_eq!(scanned_caseless_classes(p), None, "{p}");
        }
        assert_eq!(fold_invariant_classes("[.?!][a-z]"), "(?-i:[.?!])[a-z]");
    }

    #[test]
    fn word_boundaries_and_digits_become_ascii() {
        assert_eq!(ascii_classes(r"\bTTY\b"), r"(?-u:\b)TTY(?-u:\b)");
        assert_eq!(ascii_classes(r"\\b\d\B"), r"\\b[0-9](?-u:\B)");
        assert_eq!(ascii_classes(r"\\d[\d,]\D"), r"\\d[[0-9],][^0-9]");
        // Digits are ASCII ones; `\p{Nd}` still reads every script's.
        let digits = regex(r"^\d+\D$").unwrap();
        assert!(digits.is_match("60 "));
        assert!(!digits.is_match("٦٠ "));
        assert!(!regex(r"[^\d]").unwrap().is_match("123"));
        assert!(regex(r"\p{Nd}").unwrap().is_match("٦"));
        let re = regex(r"(?i)\btty\b").unwrap();
        assert!(re.is_match("call the “TTY” line"));
        assert!(!re.is_match("a ttyS0 device"));
    }

    /// [`ascii_classes`] as first written, one character at a time (each
    /// escape written alike).
    fn ascii_classes_by_char(pattern: &str) -> String {
        let mut out = String::new();
        let mut chars = pattern.chars();
        while let Some(c) = chars.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            push_escape(&mut out, chars.next());
        }
        out
    }

    /// The class scan's outer loop as first written, one character at a
    /// time.
    fn caseless_classes_by_char(pattern: &str) -> Option<Vec<(usize, usize)>> {
        let mut spans = Vec::new();
        let mut chars = pattern.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            match c {
                '\\' => {
                    chars.next();
                }
                '[' => {
                    let (end, caseless) = scan_class(pattern, i)?;
                    if caseless {
                        spans.push((i, end));
                    }
                    while chars.next_if(|&(j, _)| j < end).is_some() {}
                }
                _ => {}
            }
        }
        Some(spans)
    }

    /// Pattern-like text: mostly the characters the scans look at.
    fn pattern_text() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::strategy::Strategy;
        proptest::collection::vec(
            proptest::sample::select(vec![
                "\\", "[", "]", "^", "-", "b", "B", "d", "D", "w", "p{L}", "a", "z", ".", "é", "’",
                "(?i)", "(?x)", "&&", "0", " ", "x27", "x{C0}", "u00e9", "{", "}",
            ]),
            0..24,
        )
        .prop_map(|parts| parts.concat())
    }

    proptest::proptest! {
        /// Jumping from escape to escape rewrites as reading every
        /// character did.
        #[test]
        fn ascii_classes_jumps_as_reading_every_character(p in pattern_text()) {
            proptest::prop_assert_eq!(ascii_classes(&p), ascii_classes_by_char(&p));
        }

        /// Jumping from bracket to bracket finds the classes reading every
        /// character found.
        #[test]
        fn the_class_scan_jumps_as_reading_every_character(p in pattern_text()) {
            let verbose = p.contains("(?x)");
            let scanned = scanned_caseless_classes(&p);
            if !verbose {
                proptest::prop_assert_eq!(scanned.clone(), caseless_classes_by_char(&p));
            }
            // Whatever the scan reads, it reads as the parser does (a
            // pattern that does not parse is the compiler's to report).
            if let (Some(scanned), Some(parsed)) = (scanned, parsed_caseless_classes(&p)) {
                proptest::prop_assert_eq!(scanned, parsed);
            }
        }
    }

    /// Every built-in rule pattern is rewritten as reading every character
    /// rewrote it.
    #[test]
    fn builtin_patterns_rewrite_as_before() {
        for (name, text) in crate::rules::builtin::BUILTIN {
            for line in text.lines() {
                assert_eq!(
                    ascii_classes(line),
                    ascii_classes_by_char(line),
                    "{name}: {line}"
                );
                if !line.contains("(?x)") {
                    assert_eq!(
                        scanned_caseless_classes(line),
                        caseless_classes_by_char(line),
                        "{name}: {line}"
                    );
                }
            }
        }
    }

    #[test]
    fn classes_without_letters_skip_case_folding() {
        assert_eq!(
            fold_invariant_classes(r"(?i)a[^.?!]*b[a-z][\s,]\[x\]"),
            r"(?i)a(?-i:[^.?!])*b[a-z](?-i:[\s,])\[x\]"
        );
        assert_eq!(fold_invariant_classes(r"[\w.]|[\p{L}]"), r"[\w.]|[\p{L}]");
        assert_eq!(fold_invariant_classes("(unclosed"), "(unclosed");
        let gap = regex(r"(?i)notice(?:[^.?!]|\.(?:[0-9,;:)]|(?-i:[a-z])))*?breach").unwrap();
        assert!(gap.is_match("NOTICE of a BREACH"));
        assert!(gap.is_match("Notice at 9 a.m., then a breach"));
        assert!(!gap.is_match("Notice. A breach"));
    }
}
