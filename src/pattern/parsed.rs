//! The crate's own patterns, parsed when it is built.
//!
//! Parsing a pattern (its syntax, then its meaning: case folding every
//! letter of a `(?i)` pattern through the Unicode tables, and every class)
//! was a fifth of the work of linting one notice from process start, done
//! again by every run for the same built-in patterns. The extractors' and
//! the built-in rule sets' patterns are therefore stored parsed, in
//! `parsed.bin` beside this file, and read back here: rebuilding a parsed
//! pattern from its stored form costs a few percent of parsing it. Any
//! other pattern (a rule set of the user's own, a built-in one edited
//! since the file was written) is parsed as before.
//!
//! A stored pattern is rebuilt with the parser's own constructors, from
//! the tree the parser made, so it is the same tree: a test parses every
//! stored pattern again and compares. Another test lints the repository's
//! notices with every built-in rule set and fails when a pattern parsed
//! on the way is not stored (or a stored one no longer is one of them),
//! saying how to write the file again:
//! `BREACHLINT_WRITE_PARSED=1 cargo test --lib parsed`.
//!
//! The file is a header, an index of (pattern, tree) byte ranges sorted
//! by pattern, so a pattern is found by binary search without reading the
//! rest, then the patterns and their trees. A tree is written in prefix
//! order, each node a tag byte and its fields, integers as little-endian
//! `u32`s. Reading never panics: a file that does not read as expected
//! makes the pattern be parsed.

#[cfg(test)]
use regex_syntax::hir::HirKind;
use regex_syntax::hir::{
    Capture, Class, ClassBytes, ClassBytesRange, ClassUnicode, ClassUnicodeRange, Hir, Look,
    Repetition,
};

/// What every stored file begins with; a new layout changes it.
const MAGIC: &[u8] = b"breachlint parsed patterns 1\n";

/// The parsed patterns, written by this module's tests.
static STORED: &[u8] = include_bytes!("parsed.bin");

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

impl Reading {
    /// The byte a stored key begins with.
    fn tag(self) -> u8 {
        match self {
            Reading::Matching => b'm',
            Reading::CaseSensitive => b'c',
        }
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
    #[cfg(test)]
    record::add(reading, pattern);
    stored(STORED, reading, pattern).or_else(|| parse_fresh(reading, pattern))
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

/// The stored key of `pattern` read as `reading`, compared piecewise so
/// that no key is built.
fn compare_key(key: &[u8], reading: Reading, pattern: &str) -> std::cmp::Ordering {
    match key.split_first() {
        None => std::cmp::Ordering::Less,
        Some((tag, rest)) => tag
            .cmp(&reading.tag())
            .then_with(|| rest.cmp(pattern.as_bytes())),
    }
}

/// The stored tree of `pattern` read as `reading` in `file`, if it is
/// there and reads.
fn stored(file: &[u8], reading: Reading, pattern: &str) -> Option<Hir> {
    let mut header = Reader::new(file);
    if header.bytes(MAGIC.len())? != MAGIC {
        return None;
    }
    let count = header.u32()? as usize;
    let index = header.at;
    let entry = |i: usize| -> Option<(&[u8], &[u8])> {
        let mut r = Reader::new(file);
        r.at = index.checked_add(i.checked_mul(16)?)?;
        let (key_at, key_len, tree_at, tree_len) = (r.u32()?, r.u32()?, r.u32()?, r.u32()?);
        let range =
            |at: u32, len: u32| file.get(at as usize..(at as usize).checked_add(len as usize)?);
        Some((range(key_at, key_len)?, range(tree_at, tree_len)?))
    };
    let (mut lo, mut hi) = (0, count);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let (key, tree) = entry(mid)?;
        match compare_key(key, reading, pattern) {
            std::cmp::Ordering::Less => lo = mid + 1,
            std::cmp::Ordering::Greater => hi = mid,
            std::cmp::Ordering::Equal => {
                let mut r = Reader::new(tree);
                let hir = read_hir(&mut r, 0)?;
                return (r.at == tree.len()).then_some(hir);
            }
        }
    }
    None
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
    let u32 = |out: &mut Vec<u8>, n: usize| {
        let mut n = u32::try_from(n).expect("fits");
        while n >= 0x80 {
            out.push((n & 0x7F) as u8 | 0x80);
            n >>= 7;
        }
        out.push(n as u8);
    };
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

/// The stored file for `patterns`: each is read afresh.
#[cfg(test)]
fn write_file(patterns: &std::collections::BTreeSet<(Reading, String)>) -> Vec<u8> {
    let mut parsed: Vec<(Vec<u8>, Vec<u8>)> = patterns
        .iter()
        .filter_map(|(reading, p)| {
            let hir = parse_fresh(*reading, p)?;
            let mut tree = Vec::new();
            write_hir(&hir, &mut tree);
            let mut key = vec![reading.tag()];
            key.extend_from_slice(p.as_bytes());
            Some((key, tree))
        })
        .collect();
    // Searched by key bytes, whatever order the readings sort in.
    parsed.sort();
    let mut out = MAGIC.to_vec();
    let put = |out: &mut Vec<u8>, n: usize| {
        out.extend_from_slice(&u32::try_from(n).expect("fits").to_le_bytes())
    };
    put(&mut out, parsed.len());
    let index_at = out.len();
    out.resize(index_at + 16 * parsed.len(), 0);
    for (i, (pattern, tree)) in parsed.iter().enumerate() {
        let mut entry = Vec::with_capacity(16);
        put(&mut entry, out.len());
        put(&mut entry, pattern.len());
        out.extend_from_slice(pattern);
        put(&mut entry, out.len());
        put(&mut entry, tree.len());
        out.extend_from_slice(tree);
        out[index_at + 16 * i..][..16].copy_from_slice(&entry);
    }
    out
}

/// The patterns parsed while recording, for writing the stored file.
#[cfg(test)]
mod record {
    use std::collections::BTreeSet;
    use std::sync::Mutex;

    use super::Reading;

    static RECORDED: Mutex<Option<BTreeSet<(Reading, String)>>> = Mutex::new(None);

    /// Records from now on.
    pub(super) fn start() {
        *RECORDED.lock().unwrap() = Some(BTreeSet::new());
    }

    /// What was recorded since [`start`].
    pub(super) fn take() -> BTreeSet<(Reading, String)> {
        RECORDED.lock().unwrap().take().unwrap_or_default()
    }

    pub(super) fn add(reading: Reading, pattern: &str) {
        if let Some(set) = RECORDED.lock().unwrap_or_else(|e| e.into_inner()).as_mut() {
            set.insert((reading, pattern.to_string()));
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    /// Set in the environment of the one process that records the
    /// patterns (see [`every_pattern_parsed_is_stored`]).
    const CHILD: &str = "BREACHLINT_PARSED_CHILD";
    /// Set to write the stored file instead of checking it.
    const WRITE: &str = "BREACHLINT_WRITE_PARSED";

    fn reading_of(tag: u8) -> Reading {
        [Reading::Matching, Reading::CaseSensitive]
            .into_iter()
            .find(|r| r.tag() == tag)
            .expect("a known reading")
    }

    /// The (reading, pattern) keys of `file`, in order.
    fn stored_keys(file: &[u8]) -> Vec<(Reading, String)> {
        let mut r = Reader::new(file);
        assert_eq!(r.bytes(MAGIC.len()), Some(MAGIC));
        let count = r.u32().unwrap() as usize;
        (0..count)
            .map(|_| {
                let (at, len) = (r.u32().unwrap() as usize, r.u32().unwrap() as usize);
                let _tree = (r.u32(), r.u32());
                let key = &file[at..at + len];
                let pattern = String::from_utf8(key[1..].to_vec()).unwrap();
                (reading_of(key[0]), pattern)
            })
            .collect()
    }

    fn keys(readings: &[Reading], patterns: &[&str]) -> BTreeSet<(Reading, String)> {
        readings
            .iter()
            .flat_map(|&r| patterns.iter().map(move |p| (r, p.to_string())))
            .collect()
    }

    #[test]
    fn a_stored_pattern_reads_back_as_the_parser_reads_it() {
        let keys = stored_keys(STORED);
        assert!(keys.len() > 100, "{} stored", keys.len());
        let tagged: Vec<Vec<u8>> = keys
            .iter()
            .map(|(r, p)| [&[r.tag()], p.as_bytes()].concat())
            .collect();
        assert!(tagged.windows(2).all(|w| w[0] < w[1]), "sorted, once each");
        for (reading, p) in &keys {
            let fresh = parse_fresh(*reading, p).expect("a stored pattern parses");
            assert_eq!(stored(STORED, *reading, p).as_ref(), Some(&fresh), "{p}");
        }
    }

    #[test]
    fn every_kind_of_node_is_written_and_read() {
        let patterns = [
            r"(?i)\bbreach(?:es)?\b",
            r"(?-u:[a-c]\w)[^a-z]",
            r"(?P<year>[0-9]{4})-(\d{2,})?x*?y{3}",
            r"^(?m:$)|\B|(?:)|[^\x00-\x{10FFFF}]",
            r"a|b|c|(?i:é)|\x{10FFFF}{200}",
        ];
        let both = [Reading::Matching, Reading::CaseSensitive];
        let file = write_file(&keys(&both, &patterns));
        for reading in both {
            for p in patterns {
                let fresh = parse_fresh(reading, p).unwrap();
                assert_eq!(stored(&file, reading, p).as_ref(), Some(&fresh), "{p}");
            }
        }
        assert_ne!(
            stored(&file, Reading::Matching, patterns[0]),
            stored(&file, Reading::CaseSensitive, patterns[0])
        );
        assert_eq!(stored(&file, Reading::Matching, "not stored"), None);
        assert_eq!(stored(&file, Reading::Matching, ""), None);
    }

    #[test]
    fn a_damaged_file_is_never_trusted() {
        let p = r"(?i)\bcredit\s+card\b";
        let file = write_file(&keys(&[Reading::Matching], &[p]));
        let fresh = parse_fresh(Reading::Matching, p).unwrap();
        // Cut short anywhere, nothing reads; any byte changed, what reads
        // (or not) comes without a panic.
        for n in 0..file.len() {
            assert_eq!(stored(&file[..n], Reading::Matching, p), None);
        }
        for i in 0..file.len() {
            for b in [0u8, 1, 0x7F, 0x80, 0xFF] {
                let mut damaged = file.clone();
                damaged[i] = b;
                let _ = stored(&damaged, Reading::Matching, p);
            }
        }
        assert_eq!(stored(&file, Reading::Matching, p), Some(fresh));
    }

    /// Reads, in this process alone, what linting with every built-in
    /// rule set reads, and prints the patterns.
    #[test]
    #[ignore = "run by every_pattern_parsed_is_stored in a process of its own"]
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
        for text in notices {
            let source = std::sync::Arc::new(crate::source::SourceFile::new("notice.md", text));
            crate::lint::lint_source(&engine, source, crate::document::DocFormat::Markdown, &cx);
        }
        for (reading, p) in record::take() {
            println!("pattern\t{}\t{}", reading.tag() as char, p.escape_default());
        }
    }

    #[test]
    fn every_pattern_parsed_is_stored() {
        let out = std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "pattern::parsed::tests::record_child",
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
        let recorded: BTreeSet<(Reading, String)> = String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .filter_map(|l| l.strip_prefix("pattern\t"))
            .map(|l| {
                let (tag, p) = l.split_once('\t').unwrap();
                (reading_of(tag.as_bytes()[0]), unescape(p))
            })
            .collect();
        assert!(recorded.len() > 100, "recorded {}", recorded.len());
        let file = write_file(&recorded);
        if std::env::var_os(WRITE).is_some() {
            let path =
                std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/pattern/parsed.bin");
            std::fs::write(path, &file).unwrap();
            return;
        }
        let stored: BTreeSet<(Reading, String)> = stored_keys(STORED).into_iter().collect();
        let missing: Vec<_> = recorded.difference(&stored).take(3).collect();
        let extra: Vec<_> = stored.difference(&recorded).take(3).collect();
        assert!(
            file == STORED,
            "src/pattern/parsed.bin is out of date ({} patterns to add, e.g. {missing:?}; \
             {} to remove, e.g. {extra:?}): write it again with \
             `{WRITE}=1 cargo test --lib parsed`",
            recorded.difference(&stored).count(),
            stored.difference(&recorded).count(),
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
