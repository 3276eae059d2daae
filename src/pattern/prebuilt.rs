//! The crate's own patterns, parsed and compiled when it is built.
//!
//! Parsing a pattern (its syntax, then its meaning: case folding every
//! letter of a `(?i)` pattern through the Unicode tables) and compiling it
//! to an automaton were about 40 % of the work of linting one notice from
//! process start, done again by every run for the same built-in patterns.
//! The extractors' and the built-in rule sets' patterns are therefore
//! stored parsed, and their automata compiled, in `prebuilt.bin` beside
//! this file, and read back here: rebuilding a parsed pattern or an
//! automaton from its stored form costs a small part of making it. Any
//! other pattern (a rule set of the user's own, a built-in one edited
//! since the file was written) is parsed and compiled as before.
//!
//! What is stored is rebuilt with the regex crates' own constructors, from
//! what they made, so it is the same: a test reads every stored entry
//! back and compares it with a fresh parse or compilation. Another test
//! lints the repository's notices with every built-in rule set and fails
//! when something parsed or compiled on the way is not stored (or a stored
//! entry no longer is), saying how to write the file again:
//! `BREACHLINT_WRITE_PREBUILT=1 cargo test --lib prebuilt`.
//!
//! The file is a header, an index of (key, entry) byte ranges sorted by
//! key, so an entry is found by binary search without reading the rest,
//! then the keys and entries. A key is a tag byte saying what the entry is
//! (see [`Key`]) and the pattern, or the patterns joined by NUL. Entries
//! are written in prefix order, numbers in 7-bit groups. Reading never
//! panics: an entry that does not read as expected is made afresh.

#[cfg(test)]
use regex_automata::nfa::thompson::State;
use regex_automata::nfa::thompson::{self, NFA, Transition, WhichCaptures};
use regex_automata::util::look::Look as NfaLook;
use regex_automata::util::primitives::StateID;
#[cfg(test)]
use regex_syntax::hir::HirKind;
use regex_syntax::hir::{
    Capture, Class, ClassBytes, ClassBytesRange, ClassUnicode, ClassUnicodeRange, Hir, Look,
    Repetition,
};

/// What every stored file begins with; a new layout changes it.
const MAGIC: &[u8] = b"breachlint prebuilt patterns 1\n";

/// The stored entries, written by this module's tests.
static STORED: &[u8] = include_bytes!("prebuilt.bin");

/// Deeper trees are parsed rather than read (no stored pattern comes
/// near; the bound keeps a damaged file from exhausting the stack).
const MAX_DEPTH: usize = 500;

/// How a pattern is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Reading {
    /// As [`super::syntax_config`] says, for matching.
    Matching,
    /// As if it had no case-insensitive flag, for the literals it begins
    /// with ([`super::parse_case_sensitive`]).
    CaseSensitive,
}

/// What a stored entry is, by the tag its key begins with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Key {
    /// A pattern's tree, read as the [`Reading`] says.
    Parsed(Reading),
    /// The automaton of one or more patterns.
    Compiled(Automaton),
    /// What another module derives from a pattern (see [`derived`]).
    Derived(Derived),
}

/// What other modules derive from a pattern and store here too: work
/// that, like parsing, gives the same answer for the same pattern at
/// every start.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Derived {
    /// A rule pattern cut into atoms at its gaps.
    Cut,
    /// The literals an atom's matches begin with.
    Leads,
    /// Whether a pattern can join a [`super::Set`].
    Shape,
}

/// Which automaton of a pattern.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Automaton {
    /// Forwards, without capture groups.
    Forward,
    /// Reversed, without capture groups.
    Reverse,
    /// Forwards, with every capture group, for reading a match's groups.
    Grouped,
}

impl Automaton {
    /// Compiles `hirs` into this automaton.
    fn compile(self, hirs: &[Hir]) -> Option<NFA> {
        match self {
            Automaton::Forward => super::forward::compile_hirs(hirs, false, WhichCaptures::None),
            Automaton::Reverse => super::forward::compile_hirs(hirs, true, WhichCaptures::None),
            Automaton::Grouped => super::forward::compile_hirs(hirs, false, WhichCaptures::All),
        }
    }

    fn is_reverse(self) -> bool {
        self == Automaton::Reverse
    }
}

impl Key {
    #[cfg(test)]
    const ALL: [Key; 5] = [
        Key::Parsed(Reading::Matching),
        Key::Parsed(Reading::CaseSensitive),
        Key::Compiled(Automaton::Forward),
        Key::Compiled(Automaton::Reverse),
        Key::Compiled(Automaton::Grouped),
    ];

    fn tag(self) -> u8 {
        match self {
            Key::Parsed(Reading::Matching) => b'm',
            Key::Parsed(Reading::CaseSensitive) => b'c',
            Key::Compiled(Automaton::Forward) => b'f',
            Key::Compiled(Automaton::Reverse) => b'r',
            Key::Compiled(Automaton::Grouped) => b'g',
            Key::Derived(Derived::Cut) => b'x',
            Key::Derived(Derived::Leads) => b'l',
            Key::Derived(Derived::Shape) => b's',
        }
    }

    #[cfg(test)]
    fn of_tag(tag: u8) -> Option<Key> {
        let derived = [Derived::Cut, Derived::Leads, Derived::Shape].map(Key::Derived);
        Key::ALL.into_iter().chain(derived).find(|k| k.tag() == tag)
    }
}

/// `patterns` read for matching, or `None` if one does not parse.
pub(super) fn parse_many<S: AsRef<str>>(patterns: &[S]) -> Option<Vec<Hir>> {
    patterns
        .iter()
        .map(|p| parse(Reading::Matching, p.as_ref()))
        .collect()
}

/// `pattern` read as `reading` says, from the stored trees when it is
/// there.
pub(super) fn parse(reading: Reading, pattern: &str) -> Option<Hir> {
    let key = Key::Parsed(reading);
    #[cfg(test)]
    record::add(key, &[pattern]);
    lookup(STORED, key, &[pattern])
        .and_then(read_tree)
        .or_else(|| parse_fresh(reading, pattern))
}

/// What `kind` derived from `pattern`, if it is stored and `read` reads
/// it; never while what is made is recorded, so that the caller makes it
/// and records it with [`record_derived`].
pub(super) fn stored<T>(
    kind: Derived,
    pattern: &str,
    read: impl FnOnce(&[u8]) -> Option<T>,
) -> Option<T> {
    #[cfg(test)]
    if record::is_on() {
        return None;
    }
    lookup(STORED, Key::Derived(kind), &[pattern]).and_then(read)
}

/// Records, while what is made is recorded, what `kind` derived from
/// `pattern` (see [`stored`]).
#[cfg(test)]
pub(super) fn record_derived(kind: Derived, pattern: &str, entry: Vec<u8>) {
    record::add_derived(kind, pattern, entry);
}

/// The automaton of `patterns`, from the stored ones when it is there,
/// else compiled from `parsed`, which is filled in from [`parse_many`]
/// when it is `None` (so the caller can keep what was parsed).
pub(super) fn compile<S: AsRef<str>>(
    patterns: &[S],
    automaton: Automaton,
    parsed: &mut Option<Vec<Hir>>,
) -> Option<NFA> {
    let key = Key::Compiled(automaton);
    #[cfg(test)]
    {
        // The trees are stored too, whether this run parses them or not,
        // so that what is recorded does not depend on what is stored.
        record::add(key, patterns);
        for p in patterns {
            record::add(Key::Parsed(Reading::Matching), &[p]);
        }
    }
    if let Some(nfa) = lookup(STORED, key, patterns).and_then(|entry| read_nfa(entry, automaton)) {
        return Some(nfa);
    }
    if parsed.is_none() {
        *parsed = Some(parse_many(patterns)?);
    }
    automaton.compile(parsed.as_deref()?)
}

/// What `kind` derives from `pattern`: read from its stored form by
/// `read` when it is stored and reads, else made by `make`. While what is
/// made is recorded, it is always made, and stored as `write` writes it,
/// so that a change to how it is derived shows in the stored file's test.
pub(crate) fn derived<T>(
    kind: Derived,
    pattern: &str,
    make: impl FnOnce() -> T,
    write: impl FnOnce(&T) -> Vec<u8>,
    read: impl FnOnce(&[u8]) -> Option<T>,
) -> T {
    #[cfg(test)]
    if record::is_on() {
        let made = make();
        record::add_derived(kind, pattern, write(&made));
        return made;
    }
    #[cfg(not(test))]
    let _ = write;
    lookup(STORED, Key::Derived(kind), &[pattern])
        .and_then(read)
        .unwrap_or_else(make)
}

/// Records, while what is made is recorded, that `patterns` will need
/// `automaton` too, to be stored though the recording run never compiled
/// it.
#[cfg(test)]
pub(super) fn record_also<S: AsRef<str>>(automaton: Automaton, patterns: &[S]) {
    record::add(Key::Compiled(automaton), patterns);
}

/// `pattern` read by the parser.
fn parse_fresh(reading: Reading, pattern: &str) -> Option<Hir> {
    match reading {
        Reading::Matching => {
            regex_automata::util::syntax::parse_with(pattern, &super::syntax_config()).ok()
        }
        Reading::CaseSensitive => {
            let mut ast = regex_syntax::ast::parse::Parser::new()
                .parse(pattern)
                .ok()?;
            case_sensitive(&mut ast);
            regex_syntax::hir::translate::Translator::new()
                .translate(pattern, &ast)
                .ok()
        }
    }
}

/// Removes every case-insensitivity flag from `node`.
fn case_sensitive(node: &mut regex_syntax::ast::Ast) {
    use regex_syntax::ast::{self, Ast};
    fn flags(f: &mut ast::Flags) {
        f.items
            .retain(|i| !matches!(i.kind, ast::FlagsItemKind::Flag(ast::Flag::CaseInsensitive)));
    }
    match node {
        Ast::Flags(set) => flags(&mut set.flags),
        Ast::Group(g) => {
            if let ast::GroupKind::NonCapturing(f) = &mut g.kind {
                flags(f);
            }
            case_sensitive(&mut g.ast);
        }
        Ast::Repetition(r) => case_sensitive(&mut r.ast),
        Ast::Alternation(a) => a.asts.iter_mut().for_each(case_sensitive),
        Ast::Concat(c) => c.asts.iter_mut().for_each(case_sensitive),
        _ => {}
    }
}

/// The stored key of `patterns` as `key` says: its tag, then the patterns
/// joined by NUL.
fn key_bytes<S: AsRef<str>>(key: Key, patterns: &[S]) -> Vec<u8> {
    let mut out = vec![key.tag()];
    for (i, p) in patterns.iter().enumerate() {
        if i > 0 {
            out.push(0);
        }
        out.extend_from_slice(p.as_ref().as_bytes());
    }
    out
}

/// The stored entry for `patterns` as `key` says, if `file` has it. A
/// pattern holding NUL, which joins patterns in keys, is never stored.
fn lookup<'f, S: AsRef<str>>(file: &'f [u8], key: Key, patterns: &[S]) -> Option<&'f [u8]> {
    if patterns.iter().any(|p| p.as_ref().contains('\0')) {
        return None;
    }
    let mut header = Reader::new(file);
    if header.bytes(MAGIC.len())? != MAGIC {
        return None;
    }
    let count = header.u32()? as usize;
    let index = header.at;
    let entry = |i: usize| -> Option<(&'f [u8], &'f [u8])> {
        let mut r = Reader::new(file);
        r.at = index.checked_add(i.checked_mul(16)?)?;
        let (key_at, key_len, at, len) = (r.u32()?, r.u32()?, r.u32()?, r.u32()?);
        let range =
            |at: u32, len: u32| file.get(at as usize..(at as usize).checked_add(len as usize)?);
        Some((range(key_at, key_len)?, range(at, len)?))
    };
    let wanted = key_bytes(key, patterns);
    let (mut lo, mut hi) = (0, count);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let (stored, found) = entry(mid)?;
        match stored.cmp(&wanted) {
            std::cmp::Ordering::Less => lo = mid + 1,
            std::cmp::Ordering::Greater => hi = mid,
            std::cmp::Ordering::Equal => return Some(found),
        }
    }
    None
}

/// A stored tree, if the whole entry reads as one.
fn read_tree(entry: &[u8]) -> Option<Hir> {
    let mut r = Reader::new(entry);
    let hir = read_hir(&mut r, 0)?;
    (r.at == entry.len()).then_some(hir)
}

/// A cursor over stored bytes; every read is checked.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes, at: 0 }
    }

    fn bytes(&mut self, n: usize) -> Option<&'a [u8]> {
        let out = self.bytes.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(out)
    }

    fn u8(&mut self) -> Option<u8> {
        Some(self.bytes(1)?[0])
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.bytes(4)?.try_into().ok()?))
    }

    /// A `u32` written in 7-bit groups, low first, the high bit of each
    /// byte saying another follows (most numbers in a tree are below 128).
    fn var(&mut self) -> Option<u32> {
        let mut n: u32 = 0;
        for shift in (0..35).step_by(7) {
            let b = self.u8()?;
            n |= u32::from(b & 0x7F).checked_shl(shift)?;
            if b & 0x80 == 0 {
                return Some(n);
            }
        }
        None
    }

    fn char(&mut self) -> Option<char> {
        char::from_u32(self.var()?)
    }
}

/// Node tags.
mod tag {
    pub const EMPTY: u8 = 0;
    pub const LITERAL: u8 = 1;
    pub const UNICODE_CLASS: u8 = 2;
    pub const BYTE_CLASS: u8 = 3;
    pub const LOOK: u8 = 4;
    pub const REPETITION: u8 = 5;
    pub const CAPTURE: u8 = 6;
    pub const CONCAT: u8 = 7;
    pub const ALTERNATION: u8 = 8;
}

/// Written for a repetition without an upper bound, and a capture group
/// without a name.
const NONE: u32 = u32::MAX;

fn read_hir(r: &mut Reader<'_>, depth: usize) -> Option<Hir> {
    if depth > MAX_DEPTH {
        return None;
    }
    let subs = |r: &mut Reader<'_>| -> Option<Vec<Hir>> {
        let n = r.var()? as usize;
        // Each node takes a byte at least: a count beyond what is left is
        // damage, not a reason to reserve memory.
        if n > r.bytes.len() - r.at {
            return None;
        }
        (0..n).map(|_| read_hir(r, depth + 1)).collect()
    };
    Some(match r.u8()? {
        tag::EMPTY => Hir::empty(),
        tag::LITERAL => {
            let n = r.var()? as usize;
            Hir::literal(r.bytes(n)?)
        }
        tag::UNICODE_CLASS => {
            let n = r.var()? as usize;
            let ranges = (0..n)
                .map(|_| Some(ClassUnicodeRange::new(r.char()?, r.char()?)))
                .collect::<Option<Vec<_>>>()?;
            Hir::class(Class::Unicode(ClassUnicode::new(ranges)))
        }
        tag::BYTE_CLASS => {
            let n = r.var()? as usize;
            let ranges = (0..n)
                .map(|_| Some(ClassBytesRange::new(r.u8()?, r.u8()?)))
                .collect::<Option<Vec<_>>>()?;
            Hir::class(Class::Bytes(ClassBytes::new(ranges)))
        }
        tag::LOOK => Hir::look(Look::from_repr(r.var()?)?),
        tag::REPETITION => {
            let min = r.var()?;
            let max = Some(r.var()?).filter(|&m| m != NONE);
            let greedy = r.u8()? != 0;
            let sub = Box::new(read_hir(r, depth + 1)?);
            Hir::repetition(Repetition {
                min,
                max,
                greedy,
                sub,
            })
        }
        tag::CAPTURE => {
            let index = r.var()?;
            let name = match r.var()? {
                NONE => None,
                n => Some(std::str::from_utf8(r.bytes(n as usize)?).ok()?.into()),
            };
            let sub = Box::new(read_hir(r, depth + 1)?);
            Hir::capture(Capture { index, name, sub })
        }
        tag::CONCAT => Hir::concat(subs(r)?),
        tag::ALTERNATION => Hir::alternation(subs(r)?),
        _ => return None,
    })
}

/// Writes `hir` as [`read_hir`] reads it.
#[cfg(test)]
fn write_hir(hir: &Hir, out: &mut Vec<u8>) {
    let u32 = var_writer;
    match hir.kind() {
        HirKind::Empty => out.push(tag::EMPTY),
        HirKind::Literal(lit) => {
            out.push(tag::LITERAL);
            u32(out, lit.0.len());
            out.extend_from_slice(&lit.0);
        }
        HirKind::Class(Class::Unicode(class)) => {
            out.push(tag::UNICODE_CLASS);
            u32(out, class.ranges().len());
            for r in class.ranges() {
                u32(out, r.start() as usize);
                u32(out, r.end() as usize);
            }
        }
        HirKind::Class(Class::Bytes(class)) => {
            out.push(tag::BYTE_CLASS);
            u32(out, class.ranges().len());
            for r in class.ranges() {
                out.extend_from_slice(&[r.start(), r.end()]);
            }
        }
        HirKind::Look(look) => {
            out.push(tag::LOOK);
            u32(out, look.as_repr() as usize);
        }
        HirKind::Repetition(rep) => {
            out.push(tag::REPETITION);
            u32(out, rep.min as usize);
            u32(out, rep.max.map_or(NONE as usize, |m| m as usize));
            out.push(u8::from(rep.greedy));
            write_hir(&rep.sub, out);
        }
        HirKind::Capture(cap) => {
            out.push(tag::CAPTURE);
            u32(out, cap.index as usize);
            match &cap.name {
                None => u32(out, NONE as usize),
                Some(name) => {
                    u32(out, name.len());
                    out.extend_from_slice(name.as_bytes());
                }
            }
            write_hir(&cap.sub, out);
        }
        HirKind::Concat(subs) | HirKind::Alternation(subs) => {
            out.push(if matches!(hir.kind(), HirKind::Concat(_)) {
                tag::CONCAT
            } else {
                tag::ALTERNATION
            });
            u32(out, subs.len());
            for sub in subs {
                write_hir(sub, out);
            }
        }
    }
}

/// Automaton state tags.
mod state {
    pub const RANGE: u8 = 0;
    pub const SPARSE: u8 = 1;
    pub const LOOK: u8 = 2;
    pub const UNION: u8 = 3;
    pub const BINARY_UNION: u8 = 4;
    pub const FAIL: u8 = 5;
    pub const MATCH: u8 = 6;
    pub const CAPTURE_START: u8 = 7;
    pub const CAPTURE_END: u8 = 8;
}

/// A stored automaton, if the whole entry reads as one.
///
/// The automaton is rebuilt state by state through the builder the
/// compiler itself uses, in the same order. The compiler's own states
/// without a transition of their own are gone from a finished automaton,
/// so none is added here and every state keeps its number. A pattern is
/// begun just before its match state (the only state that must know its
/// pattern; capture states are never stored) and given its stored start.
fn read_nfa(entry: &[u8], automaton: Automaton) -> Option<NFA> {
    thread_local! {
        /// A builder kept between automata: `clear` keeps the allocation
        /// of its list of states, which grew afresh, copying itself at
        /// every doubling, for each of the hundreds of automata read.
        static BUILDER: std::cell::RefCell<thompson::Builder> =
            std::cell::RefCell::new(thompson::Builder::new());
    }
    BUILDER.with(|cell| match cell.try_borrow_mut() {
        Ok(mut b) => {
            b.clear();
            read_nfa_with(&mut b, entry, automaton)
        }
        Err(_) => read_nfa_with(&mut thompson::Builder::new(), entry, automaton),
    })
}

/// [`read_nfa`] with `b`, a cleared builder.
fn read_nfa_with(b: &mut thompson::Builder, entry: &[u8], automaton: Automaton) -> Option<NFA> {
    let mut r = Reader::new(entry);
    // Every state a stored one names is one of the stored states.
    let states = r.var()? as usize;
    let id = |r: &mut Reader<'_>| {
        let id = r.var()? as usize;
        (id < states).then(|| StateID::new(id).ok())?
    };
    let start_anchored = id(&mut r)?;
    let start_unanchored = id(&mut r)?;
    let patterns = r.var()? as usize;
    if patterns > entry.len() {
        return None;
    }
    let starts = (0..patterns)
        .map(|_| id(&mut r))
        .collect::<Option<Vec<_>>>()?;
    // Each pattern's capture groups' names (`None` unnamed); an
    // automaton without groups has none.
    let names = (0..patterns)
        .map(|_| {
            let groups = r.var()? as usize;
            if groups > entry.len() {
                return None;
            }
            (0..groups)
                .map(|_| match r.var()? {
                    NONE => Some(None),
                    n => Some(Some(std::str::from_utf8(r.bytes(n as usize)?).ok()?.into())),
                })
                .collect::<Option<Vec<Option<std::sync::Arc<str>>>>>()
        })
        .collect::<Option<Vec<_>>>()?;
    b.set_utf8(true);
    b.set_reverse(automaton.is_reverse());
    b.set_size_limit(Some(super::SIZE_LIMIT)).ok()?;
    let transition = |r: &mut Reader<'_>| {
        let (start, end) = (r.u8()?, r.u8()?);
        (start <= end).then_some(())?;
        Some(Transition {
            start,
            end,
            next: id(r)?,
        })
    };
    // Patterns begun so far; the last is still open.
    let mut begun: usize = 0;
    // Per pattern, the groups begun so far: a group ends only once begun
    // (the builder looks its slots up by the groups begun).
    let mut groups_begun = vec![0u32; patterns];
    // Begins `pattern` if it is the next one: the states that name their
    // pattern (its capture groups' and its match) come pattern by pattern.
    let mut begin = |b: &mut thompson::Builder, pattern: usize| -> Option<()> {
        if begun == 0 || pattern != begun - 1 {
            if pattern != begun || pattern >= patterns {
                return None;
            }
            if begun > 0 {
                b.finish_pattern(starts[begun - 1]).ok()?;
            }
            b.start_pattern().ok()?;
            begun += 1;
        }
        Some(())
    };
    for _ in 0..states {
        let tag = r.u8()?;
        match tag {
            state::RANGE => b.add_range(transition(&mut r)?).ok()?,
            state::SPARSE => {
                let n = r.var()? as usize;
                if !(2..=256).contains(&n) {
                    return None;
                }
                let ts = (0..n)
                    .map(|_| transition(&mut r))
                    .collect::<Option<Vec<_>>>()?;
                b.add_sparse(ts).ok()?
            }
            state::LOOK => {
                let look = NfaLook::from_repr(r.var()?)?;
                b.add_look(id(&mut r)?, look).ok()?
            }
            state::UNION => {
                let n = r.var()? as usize;
                if n < 3 || n > entry.len() {
                    return None;
                }
                let alts = (0..n).map(|_| id(&mut r)).collect::<Option<Vec<_>>>()?;
                b.add_union(alts).ok()?
            }
            state::BINARY_UNION => {
                let alts = vec![id(&mut r)?, id(&mut r)?];
                b.add_union(alts).ok()?
            }
            state::FAIL => b.add_fail().ok()?,
            state::MATCH => {
                begin(b, r.var()? as usize)?;
                b.add_match().ok()?
            }
            state::CAPTURE_START | state::CAPTURE_END => {
                let pattern = r.var()? as usize;
                let group = r.var()?;
                let next = id(&mut r)?;
                begin(b, pattern)?;
                let begun = groups_begun.get_mut(pattern)?;
                if tag == state::CAPTURE_START {
                    // In order: the builder names a group the first time
                    // it begins, and fills any it skipped with no name.
                    if group > *begun {
                        return None;
                    }
                    *begun = (*begun).max(group + 1);
                    let name = names.get(pattern)?.get(group as usize)?.clone();
                    b.add_capture_start(next, group, name).ok()?
                } else {
                    if group >= *begun {
                        return None;
                    }
                    b.add_capture_end(next, group).ok()?
                }
            }
            _ => return None,
        };
    }
    if begun != patterns || r.at != entry.len() {
        return None;
    }
    if begun > 0 {
        b.finish_pattern(starts[begun - 1]).ok()?;
    }
    let nfa = b.build(start_anchored, start_unanchored).ok()?;
    // A damaged entry can still build: it must at least be whole.
    (nfa.states().len() == states).then_some(nfa)
}

/// Writes `nfa` as [`read_nfa`] reads it, or `None` for an automaton it
/// cannot rebuild (one with dense states, which the compiler does not
/// make).
#[cfg(test)]
fn write_nfa(nfa: &NFA) -> Option<Vec<u8>> {
    use regex_automata::PatternID;
    let mut out = Vec::new();
    let put = var_writer;
    put(&mut out, nfa.states().len());
    put(&mut out, nfa.start_anchored().as_usize());
    put(&mut out, nfa.start_unanchored().as_usize());
    put(&mut out, nfa.pattern_len());
    for p in 0..nfa.pattern_len() {
        put(
            &mut out,
            nfa.start_pattern(PatternID::new(p).ok()?)?.as_usize(),
        );
    }
    let groups = nfa.group_info();
    for p in 0..nfa.pattern_len() {
        let names: Vec<Option<&str>> = groups.pattern_names(PatternID::new(p).ok()?).collect();
        put(&mut out, names.len());
        for name in names {
            match name {
                None => put(&mut out, NONE as usize),
                Some(name) => {
                    put(&mut out, name.len());
                    out.extend_from_slice(name.as_bytes());
                }
            }
        }
    }
    let transition = |out: &mut Vec<u8>, t: &Transition| {
        out.extend_from_slice(&[t.start, t.end]);
        put(out, t.next.as_usize());
    };
    for s in nfa.states() {
        match s {
            State::ByteRange { trans } => {
                out.push(state::RANGE);
                transition(&mut out, trans);
            }
            State::Sparse(sparse) => {
                out.push(state::SPARSE);
                put(&mut out, sparse.transitions.len());
                for t in sparse.transitions.iter() {
                    transition(&mut out, t);
                }
            }
            State::Look { look, next } => {
                out.push(state::LOOK);
                put(&mut out, look.as_repr() as usize);
                put(&mut out, next.as_usize());
            }
            State::Union { alternates } => {
                out.push(state::UNION);
                put(&mut out, alternates.len());
                for a in alternates.iter() {
                    put(&mut out, a.as_usize());
                }
            }
            State::BinaryUnion { alt1, alt2 } => {
                out.push(state::BINARY_UNION);
                put(&mut out, alt1.as_usize());
                put(&mut out, alt2.as_usize());
            }
            State::Fail => out.push(state::FAIL),
            State::Match { pattern_id } => {
                out.push(state::MATCH);
                put(&mut out, pattern_id.as_usize());
            }
            State::Capture {
                next,
                pattern_id,
                group_index,
                slot,
            } => {
                out.push(if slot.as_usize() % 2 == 0 {
                    state::CAPTURE_START
                } else {
                    state::CAPTURE_END
                });
                put(&mut out, pattern_id.as_usize());
                put(&mut out, group_index.as_usize());
                put(&mut out, next.as_usize());
            }
            State::Dense(_) => return None,
        }
    }
    Some(out)
}

/// Writes `n` as [`Reader::var`] reads it.
#[cfg(test)]
fn var_writer(out: &mut Vec<u8>, n: usize) {
    let mut n = u32::try_from(n).expect("fits");
    while n >= 0x80 {
        out.push((n & 0x7F) as u8 | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// The entry for `patterns` as `key` says, made afresh.
#[cfg(test)]
fn write_entry(key: Key, patterns: &[String]) -> Option<Vec<u8>> {
    match key {
        Key::Parsed(reading) => {
            let [p] = patterns else { return None };
            let mut out = Vec::new();
            write_hir(&parse_fresh(reading, p)?, &mut out);
            Some(out)
        }
        Key::Compiled(automaton) => {
            let hirs = patterns
                .iter()
                .map(|p| parse_fresh(Reading::Matching, p))
                .collect::<Option<Vec<_>>>()?;
            write_nfa(&automaton.compile(&hirs)?)
        }
        // Made by the module that derives it, and recorded with its bytes.
        Key::Derived(_) => None,
    }
}

/// The stored file for `entries`, (key, patterns) pairs, each made
/// afresh, and the `derived` entries (see [`derived`]) as recorded.
#[cfg(test)]
fn write_file(
    entries: &std::collections::BTreeSet<(u8, Vec<String>)>,
    derived: &record::Derivations,
) -> Vec<u8> {
    let mut made: Vec<(Vec<u8>, Vec<u8>)> = entries
        .iter()
        .filter_map(|(tag, patterns)| {
            let entry = write_entry(Key::of_tag(*tag)?, patterns)?;
            Some((key_bytes(Key::of_tag(*tag)?, patterns), entry))
        })
        .chain(derived.iter().map(|((tag, pattern), entry)| {
            let mut key = vec![*tag];
            key.extend_from_slice(pattern.as_bytes());
            (key, entry.clone())
        }))
        .collect();
    // Searched by key bytes.
    made.sort();
    let mut out = MAGIC.to_vec();
    let put = |out: &mut Vec<u8>, n: usize| {
        out.extend_from_slice(&u32::try_from(n).expect("fits").to_le_bytes())
    };
    put(&mut out, made.len());
    let index_at = out.len();
    out.resize(index_at + 16 * made.len(), 0);
    for (i, (key, entry)) in made.iter().enumerate() {
        let mut row = Vec::with_capacity(16);
        put(&mut row, out.len());
        put(&mut row, key.len());
        out.extend_from_slice(key);
        put(&mut row, out.len());
        put(&mut row, entry.len());
        out.extend_from_slice(entry);
        out[index_at + 16 * i..][..16].copy_from_slice(&row);
    }
    out
}

/// What was parsed and compiled while recording, for writing the stored
/// file.
#[cfg(test)]
mod record {
    use std::collections::{BTreeMap, BTreeSet};
    use std::sync::Mutex;

    use super::{Derived, Key};

    type Recorded = BTreeSet<(u8, Vec<String>)>;

    /// Derived entries by (tag, pattern), as they were made.
    pub(super) type Derivations = BTreeMap<(u8, String), Vec<u8>>;

    static RECORDED: Mutex<Option<(Recorded, Derivations)>> = Mutex::new(None);

    /// Records from now on.
    pub(super) fn start() {
        *RECORDED.lock().unwrap() = Some(Default::default());
    }

    /// Whether what is made is being recorded.
    pub(super) fn is_on() -> bool {
        RECORDED.lock().unwrap_or_else(|e| e.into_inner()).is_some()
    }

    /// What was recorded since [`start`].
    pub(super) fn take() -> (Recorded, Derivations) {
        RECORDED.lock().unwrap().take().unwrap_or_default()
    }

    pub(super) fn add_derived(kind: Derived, pattern: &str, entry: Vec<u8>) {
        if let Some((_, derived)) = RECORDED.lock().unwrap_or_else(|e| e.into_inner()).as_mut() {
            let tag = Key::Derived(kind).tag();
            derived.insert((tag, pattern.to_string()), entry);
        }
    }

    pub(super) fn add<S: AsRef<str>>(key: Key, patterns: &[S]) {
        if let Some((set, _)) = RECORDED.lock().unwrap_or_else(|e| e.into_inner()).as_mut() {
            let patterns = patterns.iter().map(|p| p.as_ref().to_string()).collect();
            set.insert((key.tag(), patterns));
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    /// Set in the environment of the one process that records what is
    /// parsed and compiled (see [`everything_made_is_stored`]).
    const CHILD: &str = "BREACHLINT_PREBUILT_CHILD";
    /// Set to write the stored file instead of checking it.
    const WRITE: &str = "BREACHLINT_WRITE_PREBUILT";

    /// The (tag, patterns) keys of `file`, in order.
    fn stored_keys(file: &[u8]) -> Vec<(u8, Vec<String>)> {
        let mut r = Reader::new(file);
        assert_eq!(r.bytes(MAGIC.len()), Some(MAGIC));
        let count = r.u32().unwrap() as usize;
        let keys: Vec<(u8, Vec<String>)> = (0..count)
            .map(|_| {
                let (at, len) = (r.u32().unwrap() as usize, r.u32().unwrap() as usize);
                let _entry = (r.u32(), r.u32());
                let key = &file[at..at + len];
                let patterns = std::str::from_utf8(&key[1..]).unwrap();
                (key[0], patterns.split('\0').map(String::from).collect())
            })
            .collect();
        keys
    }

    fn keys(tags: &[Key], patterns: &[&str]) -> BTreeSet<(u8, Vec<String>)> {
        tags.iter()
            .flat_map(|k| patterns.iter().map(move |p| (k.tag(), vec![p.to_string()])))
            .collect()
    }

    fn fresh_nfa(patterns: &[String], automaton: Automaton) -> NFA {
        let hirs: Vec<Hir> = patterns
            .iter()
            .map(|p| parse_fresh(Reading::Matching, p).unwrap())
            .collect();
        automaton.compile(&hirs).unwrap()
    }

    /// Two automata are the same: their states, starts and every property
    /// a search reads.
    fn assert_same_nfa(a: &NFA, b: &NFA, what: &str) {
        assert_eq!(format!("{a:?}"), format!("{b:?}"), "{what}");
        assert_eq!(
            format!("{:?}", a.byte_classes()),
            format!("{:?}", b.byte_classes()),
            "{what}"
        );
        assert_eq!(a.look_set_any(), b.look_set_any(), "{what}");
        assert_eq!(a.look_set_prefix_any(), b.look_set_prefix_any(), "{what}");
        assert_eq!(a.has_empty(), b.has_empty(), "{what}");
        assert_eq!(
            a.is_always_start_anchored(),
            b.is_always_start_anchored(),
            "{what}"
        );
        assert_eq!(a.has_capture(), b.has_capture(), "{what}");
        assert_eq!(a.memory_usage(), b.memory_usage(), "{what}");
        // Group names by number, and numbers by name (the info's own
        // debug form prints a hash map, in no fixed order).
        let groups = |n: &NFA| {
            let info = n.group_info();
            let by_number: Vec<Vec<Option<String>>> = (0..n.pattern_len())
                .map(|p| {
                    let p = regex_automata::PatternID::new(p).unwrap();
                    info.pattern_names(p).map(|g| g.map(String::from)).collect()
                })
                .collect();
            let by_name: Vec<Vec<Option<usize>>> = by_number
                .iter()
                .enumerate()
                .map(|(p, names)| {
                    let p = regex_automata::PatternID::new(p).unwrap();
                    names
                        .iter()
                        .flatten()
                        .map(|g| info.to_index(p, g))
                        .collect()
                })
                .collect();
            (by_number, by_name, info.slot_len(), info.memory_usage())
        };
        assert_eq!(groups(a), groups(b), "{what}");
    }

    /// Every stored entry read back equals what it is made from afresh.
    fn check_file(file: &[u8]) -> usize {
        let keys = stored_keys(file);
        let tagged: Vec<Vec<u8>> = keys
            .iter()
            .map(|(t, p)| [&[*t], p.join("\0").as_bytes()].concat())
            .collect();
        assert!(tagged.windows(2).all(|w| w[0] < w[1]), "sorted, once each");
        for (tag, patterns) in &keys {
            let entry = lookup(file, Key::of_tag(*tag).unwrap(), patterns).unwrap();
            match Key::of_tag(*tag).unwrap() {
                Key::Parsed(reading) => {
                    let fresh = parse_fresh(reading, &patterns[0]).unwrap();
                    assert_eq!(read_tree(entry).as_ref(), Some(&fresh), "{patterns:?}");
                }
                Key::Compiled(automaton) => {
                    let stored = read_nfa(entry, automaton).expect("reads");
                    let what = format!("{patterns:?} {automaton:?}");
                    assert_same_nfa(&stored, &fresh_nfa(patterns, automaton), &what);
                }
                // Made elsewhere: the record child compares it with what
                // is made now (see `everything_made_is_stored`).
                Key::Derived(_) => {}
            }
        }
        keys.len()
    }

    #[test]
    fn what_is_stored_reads_back_as_it_is_made() {
        assert!(check_file(STORED) > 100);
    }

    #[test]
    fn every_kind_of_entry_is_written_and_read() {
        let patterns = [
            r"(?i)\bbreach(?:es)?\b",
            r"(?-u:[a-c]\w)[^a-z]",
            r"(?P<year>[0-9]{4})-(\d{2,})?x*?y{3}",
            r"^(?m:$)|\B|(?:)|[^\x00-\x{10FFFF}]",
            r"a|b|c|(?i:é)|\x{10FFFF}{20}",
            r"^anchored\b",
        ];
        let mut entries = keys(&Key::ALL, &patterns);
        let many: Vec<String> = patterns.iter().map(|p| p.to_string()).collect();
        for automaton in [Automaton::Forward, Automaton::Reverse, Automaton::Grouped] {
            entries.insert((Key::Compiled(automaton).tag(), many.clone()));
        }
        let file = write_file(&entries, &Default::default());
        assert_eq!(check_file(&file), entries.len());
        let m = Key::Parsed(Reading::Matching);
        assert_ne!(
            lookup(&file, m, &patterns[..1]),
            lookup(&file, Key::Parsed(Reading::CaseSensitive), &patterns[..1])
        );
        assert_eq!(lookup(&file, m, &["not stored"]), None);
        assert_eq!(lookup(&file, m, &[""]), None);
        assert_eq!(
            lookup(&file, Key::Compiled(Automaton::Forward), &many[..2]),
            None
        );
        assert_eq!(lookup(&file, m, &["a\0b"]), None);
        // A derived entry is stored as recorded, under its own tag.
        let cut = Key::Derived(Derived::Cut);
        let derived = [((cut.tag(), patterns[0].to_string()), vec![1, 2, 3])];
        let file = write_file(&entries, &derived.into_iter().collect());
        assert_eq!(lookup(&file, cut, &patterns[..1]), Some(&[1u8, 2, 3][..]));
        let leads = Key::Derived(Derived::Leads);
        assert_eq!(lookup(&file, leads, &patterns[..1]), None);
        assert_eq!(check_file(&file), entries.len() + 1);
    }

    #[test]
    fn keys_of_joined_patterns_are_told_apart() {
        let f = Key::Compiled(Automaton::Forward);
        let lists: [&[&str]; 4] = [&["ab", "c"], &["abc"], &["ab"], &["ab", "c", "d"]];
        let entries: BTreeSet<(u8, Vec<String>)> = lists
            .iter()
            .map(|l| (f.tag(), l.iter().map(|p| p.to_string()).collect()))
            .collect();
        let file = write_file(&entries, &Default::default());
        let found: Vec<&[u8]> = lists
            .iter()
            .map(|l| lookup(&file, f, l).expect("stored"))
            .collect();
        for (i, a) in found.iter().enumerate() {
            for b in &found[i + 1..] {
                assert_ne!(a, b, "each list finds its own entry");
            }
        }
        assert_eq!(lookup(&file, f, &["a", "bc"]), None);
        assert_eq!(lookup(&file, f, &["ab", ""]), None);
        assert_eq!(
            lookup(&file, Key::Compiled(Automaton::Reverse), &["ab"]),
            None
        );
    }

    #[test]
    fn a_damaged_file_is_never_trusted() {
        let p = r"(?i)\bcredit\s+card\b";
        let file = write_file(&keys(&Key::ALL, &[p]), &Default::default());
        let read = |file: &[u8]| {
            for key in Key::ALL {
                if let Some(entry) = lookup(file, key, &[p]) {
                    match key {
                        Key::Parsed(_) => drop(read_tree(entry)),
                        Key::Compiled(automaton) => drop(read_nfa(entry, automaton)),
                        Key::Derived(_) => {}
                    }
                }
            }
        };
        // Cut short anywhere, or any byte changed: what reads (or not)
        // comes without a panic.
        for n in 0..file.len() {
            read(&file[..n]);
        }
        for i in 0..file.len() {
            for b in [0u8, 1, 2, 0x7F, 0x80, 0xFF] {
                let mut damaged = file.clone();
                damaged[i] = b;
                read(&damaged);
            }
        }
        assert_eq!(check_file(&file), Key::ALL.len());
    }

    /// Parses and compiles, in this process alone, what linting with every
    /// built-in rule set does, and prints the keys.
    #[test]
    #[ignore = "run by everything_made_is_stored in a process of its own"]
    fn record_child() {
        if std::env::var_os(CHILD).is_none() {
            return;
        }
        record::start();
        crate::extract::warm_up();
        let engine = crate::engine::Engine::builtin();
        engine.warm_up();
        let mut notices: Vec<String> = crate::fixtures::notices()
            .into_iter()
            .map(|(_, text)| text)
            .collect();
        notices.push(crate::parallel::long_notice());
        let cx = crate::lint::LintContext {
            facts: None,
            today: "2026-12-02".parse().unwrap(),
            notice_date: None,
            max_bytes: u64::MAX,
        };
        // And with a facts file that records reports: the rules comparing
        // a report with the letter read only then.
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("examples/printing-error-2015/incident.toml");
        let facts = crate::facts::parse(&path, &std::fs::read_to_string(&path).unwrap()).unwrap();
        let with_facts = crate::lint::LintContext {
            facts: Some(std::sync::Arc::new(facts)),
            ..cx.clone()
        };
        for text in notices {
            let source = std::sync::Arc::new(crate::source::SourceFile::new("notice.md", text));
            for cx in [&cx, &with_facts] {
                let format = crate::document::DocFormat::Markdown;
                crate::lint::lint_source(&engine, source.clone(), format, cx);
            }
        }
        // Each built-in rule set's heading patterns as they are when it is
        // loaded alone (loaded with others, a pattern it shares with a set
        // before it is that set's), and its atoms the literal scan cannot
        // place, in the order it names them when loaded alone.
        for name in crate::rules::builtin::names() {
            let mut set = crate::rules::builtin::load(name).unwrap().unwrap();
            set.validate().unwrap();
            let engine = crate::engine::Engine::new(vec![set], &Default::default()).unwrap();
            engine.warm_up_heads();
            engine.warm_up_scan();
        }
        let (recorded, derived) = record::take();
        for (tag, patterns) in recorded {
            let joined = patterns.join("\0");
            println!("entry\t{}\t{}", tag as char, joined.escape_default());
        }
        for ((tag, pattern), entry) in derived {
            let hex: String = entry.iter().map(|b| format!("{b:02x}")).collect();
            println!(
                "derived\t{}\t{}\t{hex}",
                tag as char,
                pattern.escape_default()
            );
        }
    }

    #[test]
    fn everything_made_is_stored() {
        let out = std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "pattern::prebuilt::tests::record_child",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD, "1")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let stdout = String::from_utf8(out.stdout).unwrap();
        let recorded: BTreeSet<(u8, Vec<String>)> = stdout
            .lines()
            .filter_map(|l| l.strip_prefix("entry\t"))
            .map(|l| {
                let (tag, joined) = l.split_once('\t').unwrap();
                let patterns = unescape(joined).split('\0').map(String::from).collect();
                (tag.as_bytes()[0], patterns)
            })
            .collect();
        let derived: record::Derivations = stdout
            .lines()
            .filter_map(|l| l.strip_prefix("derived\t"))
            .map(|l| {
                let mut fields = l.split('\t');
                let (tag, pattern, hex) = (fields.next(), fields.next(), fields.next());
                let (tag, pattern, hex) = (tag.unwrap(), pattern.unwrap(), hex.unwrap());
                let entry = (0..hex.len())
                    .step_by(2)
                    .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
                    .collect();
                ((tag.as_bytes()[0], unescape(pattern)), entry)
            })
            .collect();
        assert!(recorded.len() > 100, "recorded {}", recorded.len());
        let file = write_file(&recorded, &derived);
        if std::env::var_os(WRITE).is_some() {
            let path =
                std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/pattern/prebuilt.bin");
            std::fs::write(path, &file).unwrap();
            return;
        }
        let stored: BTreeSet<(u8, Vec<String>)> = stored_keys(STORED).into_iter().collect();
        let made: BTreeSet<(u8, Vec<String>)> = stored_keys(&file).into_iter().collect();
        let missing = made.difference(&stored).count();
        let extra = stored.difference(&made).count();
        assert!(
            file == STORED,
            "src/pattern/prebuilt.bin is out of date ({missing} entries to add, {extra} to \
             remove): write it again with `{WRITE}=1 cargo test --lib prebuilt`",
        );
    }

    /// Reverses `str::escape_default`.
    fn unescape(s: &str) -> String {
        let mut out = String::new();
        let mut chars = s.chars();
        while let Some(c) = chars.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            match chars.next() {
                Some('n') => out.push('\n'),
                Some('r') => out.push('\r'),
                Some('t') => out.push('\t'),
                Some('u') => {
                    let hex: String = chars.by_ref().skip(1).take_while(|&c| c != '}').collect();
                    out.push(char::from_u32(u32::from_str_radix(&hex, 16).unwrap()).unwrap());
                }
                Some(other) => out.push(other),
                None => {}
            }
        }
        out
    }

    #[test]
    fn unescaping_reverses_escaping() {
        let s = "a\\b\t'\"\n\u{7f}é\u{10FFFF}";
        assert_eq!(unescape(&s.escape_default().to_string()), s);
    }
}
