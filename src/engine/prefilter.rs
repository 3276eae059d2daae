//! A fast necessary condition for each body pattern.
//!
//! Rule patterns join cue words with in-sentence gaps such as
//! `(?:[^.?!]|\.(?:[0-9,;:)]|(?-i:[a-z])))*?`. One automaton over every such
//! pattern has to track every partly matched cue at once, and its states
//! multiply: the combined set needed a 64 MiB lazy-DFA cache per thread and
//! was still the largest cost of a lint. Without the gaps the pieces are
//! plain phrases that one DFA matches at the speed of reading.
//!
//! So each pattern is cut at its gaps (any unbounded or long repetition of a
//! broad class: a negated class, `.`, `\w`, `\S`, …) into *atoms*, the runs
//! of pattern between them, and becomes a formula over the atoms: a
//! concatenation needs every atom, an alternation any branch. A match of
//! the whole pattern contains a match of every atom it needs, at the same
//! place in the same text (so look-arounds such as `\b` judge the same
//! characters); a pattern whose formula fails cannot match and is never
//! run. A pattern without gaps is a single atom that decides it exactly.

use regex_syntax::ast::{self, Ast, RepetitionKind, RepetitionRange};

/// Repetitions longer than this over a broad class count as gaps.
const SHORT_REPETITION: u32 = 3;

/// When a pattern can match, in terms of which atoms matched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Formula {
    /// Nothing is required (every part was a gap).
    True,
    /// Atom `i` must match.
    Atom(usize),
    /// Every part must hold.
    All(Vec<Formula>),
    /// Some part must hold.
    Any(Vec<Formula>),
}

impl Formula {
    /// Evaluates the formula given which atoms matched.
    pub fn holds(&self, matched: &dyn Fn(usize) -> bool) -> bool {
        self.holds_cheap_first(matched, &|_| false)
    }

    /// Evaluates the formula given which atoms matched, asking first, in a
    /// conjunction, about the atoms that are `cheap` to decide: one of
    /// them absent spares running the others.
    pub fn holds_cheap_first(
        &self,
        matched: &dyn Fn(usize) -> bool,
        cheap: &dyn Fn(usize) -> bool,
    ) -> bool {
        match self {
            Formula::True => true,
            Formula::Atom(i) => matched(*i),
            Formula::All(v) => {
                v.iter()
                    .all(|f| !matches!(f, Formula::Atom(a) if cheap(*a)) || f.holds(matched))
                    && v.iter().all(|f| f.holds_cheap_first(matched, cheap))
            }
            Formula::Any(v) => v.iter().any(|f| f.holds_cheap_first(matched, cheap)),
        }
    }
}

/// A body pattern cut into atoms (see [`split`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Split {
    /// When the pattern can match.
    pub formula: Formula,
    /// Whether the formula decides the pattern exactly (it is one atom,
    /// the whole pattern).
    pub exact: bool,
    /// Atoms one of which begins every match of the pattern, where the
    /// match begins; `None` when a match can begin with a gap or an
    /// optional part.
    pub lead: Option<Vec<usize>>,
}

/// Cuts `pattern` (as the engine compiles it) into atoms, adding each new
/// atom to `atoms`. A pattern that does not parse becomes one atom (the
/// set compiler will report it). The built-in rule sets' patterns come
/// cut already (see [`super::stored`]).
pub(super) fn split(pattern: &str, atoms: &mut dyn FnMut(String) -> usize) -> Split {
    let (local, split) = crate::pattern::derived(
        crate::pattern::Derived::Cut,
        pattern,
        || cut_alone(pattern),
        super::stored::write_cut,
        super::stored::read_cut,
    );
    // Added in the order the cut first met them, the atoms are numbered
    // as cutting with `atoms` itself would number them.
    let ids: Vec<usize> = local.into_iter().map(atoms).collect();
    split.renumbered(&ids)
}

/// `pattern` cut on its own: its atoms in the order they are first met,
/// and the cut over their places in that list.
pub(super) fn cut_alone(pattern: &str) -> super::stored::LocalCut {
    let mut atoms = super::Interner::default();
    let split = split_fresh(pattern, &mut |a| atoms.add(a));
    (atoms.patterns, split)
}

impl Split {
    /// The cut with atom `i` numbered `ids[i]`.
    fn renumbered(self, ids: &[usize]) -> Split {
        Split {
            formula: self.formula.renumbered(ids),
            exact: self.exact,
            lead: self.lead.map(|l| l.into_iter().map(|a| ids[a]).collect()),
        }
    }
}

impl Formula {
    fn renumbered(self, ids: &[usize]) -> Formula {
        match self {
            Formula::True => Formula::True,
            Formula::Atom(a) => Formula::Atom(ids[a]),
            Formula::All(v) => Formula::All(v.into_iter().map(|f| f.renumbered(ids)).collect()),
            Formula::Any(v) => Formula::Any(v.into_iter().map(|f| f.renumbered(ids)).collect()),
        }
    }
}

/// [`split`], made afresh.
fn split_fresh(pattern: &str, atoms: &mut dyn FnMut(String) -> usize) -> Split {
    let whole = |atoms: &mut dyn FnMut(String) -> usize| {
        let a = atoms(pattern.to_string());
        Split {
            formula: Formula::Atom(a),
            exact: true,
            lead: Some(vec![a]),
        }
    };
    if !may_have_gap(pattern) {
        return whole(atoms);
    }
    let Ok(tree) = ast::parse::Parser::new().parse(pattern) else {
        return whole(atoms);
    };
    if !has_gap(&tree) {
        return whole(atoms);
    }
    let mut cx = Cut { pattern, atoms };
    let (formula, lead) = cx.node(&tree, "", "");
    Split {
        formula: simplify(formula),
        exact: false,
        lead,
    }
}

/// A part's formula and the atoms one of which begins its every match
/// (see [`Split::lead`]).
type Part = (Formula, Option<Vec<usize>>);

struct Cut<'p, 'a> {
    pattern: &'p str,
    atoms: &'a mut dyn FnMut(String) -> usize,
}

impl Cut<'_, '_> {
    fn text(&self, span: &ast::Span) -> &str {
        &self.pattern[span.start.offset..span.end.offset]
    }

    /// The formula of `node` and its leading atoms; `open` and `close`
    /// wrap an atom in the flag groups that enclose the node.
    fn node(&mut self, node: &Ast, open: &str, close: &str) -> Part {
        if !has_gap(node) {
            return self.atom(open, "", self.text(node.span()).to_string(), close);
        }
        match node {
            Ast::Group(g) => {
                let flags = g.flags().map(|f| self.text(&f.span).to_string());
                match flags.filter(|f| !f.is_empty()) {
                    Some(f) => {
                        let open = format!("{open}(?{f}:");
                        let close = format!("){close}");
                        self.node(&g.ast, &open, &close)
                    }
                    None => self.node(&g.ast, open, close),
                }
            }
            Ast::Alternation(a) => {
                let branches: Vec<Part> =
                    a.asts.iter().map(|b| self.node(b, open, close)).collect();
                let mut lead = Some(Vec::new());
                for (_, l) in &branches {
                    match (&mut lead, l) {
                        (Some(all), Some(l)) => all.extend(l),
                        _ => lead = None,
                    }
                }
                (
                    Formula::Any(branches.into_iter().map(|(f, _)| f).collect()),
                    lead,
                )
            }
            Ast::Concat(c) => self.concat(&c.asts, open, close),
            Ast::Repetition(r) if is_gap(r) => (Formula::True, None),
            // The first repetition begins the match.
            Ast::Repetition(r) if min_repeats(r) >= 1 => self.node(&r.ast, open, close),
            // An optional part is not needed.
            _ => (Formula::True, None),
        }
    }

    fn concat(&mut self, items: &[Ast], open: &str, close: &str) -> Part {
        let mut parts: Vec<Part> = Vec::new();
        // Inline flags such as `(?-i)` hold for the rest of the concatenation.
        let mut inline = String::new();
        let mut run: Option<(usize, usize)> = None;
        for item in items {
            if let Ast::Flags(f) = item {
                if let Some((s, e)) = run.take() {
                    parts.push(self.run(open, &inline, s, e, close));
                }
                inline.push_str(self.text(&f.span));
                continue;
            }
            if has_gap(item) {
                if let Some((s, e)) = run.take() {
                    parts.push(self.run(open, &inline, s, e, close));
                }
                parts.push(self.node(item, &format!("{open}{inline}"), close));
                continue;
            }
            let span = item.span();
            run = Some(match run {
                Some((s, _)) => (s, span.end.offset),
                None => (span.start.offset, span.end.offset),
            });
        }
        if let Some((s, e)) = run {
            parts.push(self.run(open, &inline, s, e, close));
        }
        // The first part begins the match (flags match nothing).
        let lead = parts.first().and_then(|(_, l)| l.clone());
        (
            Formula::All(parts.into_iter().map(|(f, _)| f).collect()),
            lead,
        )
    }

    fn run(&mut self, open: &str, inline: &str, start: usize, end: usize, close: &str) -> Part {
        let body = self.pattern[start..end].to_string();
        self.atom(open, inline, body, close)
    }

    fn atom(&mut self, open: &str, inline: &str, body: String, close: &str) -> Part {
        let a = (self.atoms)(format!("{open}{inline}{body}{close}"));
        (Formula::Atom(a), Some(vec![a]))
    }
}

/// Flattens nested conjunctions and disjunctions and drops `True` parts.
fn simplify(f: Formula) -> Formula {
    match f {
        Formula::All(v) => {
            let mut out = Vec::new();
            for p in v.into_iter().map(simplify) {
                match p {
                    Formula::True => {}
                    Formula::All(inner) => out.extend(inner),
                    other => out.push(other),
                }
            }
            match out.len() {
                0 => Formula::True,
                1 => out.pop().expect("one part"),
                _ => Formula::All(out),
            }
        }
        Formula::Any(v) => {
            let mut out = Vec::new();
            for p in v.into_iter().map(simplify) {
                match p {
                    Formula::True => return Formula::True,
                    Formula::Any(inner) => out.extend(inner),
                    other => out.push(other),
                }
            }
            match out.len() {
                0 => Formula::True,
                1 => out.pop().expect("one part"),
                _ => Formula::Any(out),
            }
        }
        other => other,
    }
}

fn min_repeats(r: &ast::Repetition) -> u32 {
    match &r.op.kind {
        RepetitionKind::ZeroOrOne | RepetitionKind::ZeroOrMore => 0,
        RepetitionKind::OneOrMore => 1,
        RepetitionKind::Range(
            RepetitionRange::Exactly(m)
            | RepetitionRange::AtLeast(m)
            | RepetitionRange::Bounded(m, _),
        ) => *m,
    }
}

/// A repetition that can run over most of a sentence.
fn is_gap(r: &ast::Repetition) -> bool {
    let long = match &r.op.kind {
        RepetitionKind::ZeroOrOne => false,
        RepetitionKind::ZeroOrMore | RepetitionKind::OneOrMore => true,
        RepetitionKind::Range(RepetitionRange::Exactly(n)) => *n > SHORT_REPETITION,
        RepetitionKind::Range(RepetitionRange::AtLeast(_)) => true,
        RepetitionKind::Range(RepetitionRange::Bounded(_, n)) => *n > SHORT_REPETITION,
    };
    long && is_broad(&r.ast)
}

/// Whether `node` can match a broad range of characters: a negated class,
/// any character, or a Perl class of words or of non-space.
fn is_broad(node: &Ast) -> bool {
    match node {
        Ast::Dot(_) => true,
        Ast::ClassBracketed(c) => c.negated,
        Ast::ClassPerl(p) => p.negated || matches!(p.kind, ast::ClassPerlKind::Word),
        Ast::ClassUnicode(c) => c.negated,
        Ast::Group(g) => is_broad(&g.ast),
        Ast::Alternation(a) => a.asts.iter().any(is_broad),
        Ast::Concat(c) => c.asts.iter().any(is_broad),
        Ast::Repetition(r) => is_broad(&r.ast),
        _ => false,
    }
}

/// Whether `pattern` can contain a gap, judged from its spelling: a gap
/// repeats (`*`, `+` or `{`) something broad, and every broad part is
/// spelled with an unescaped `.`, a `[^` or one of `\w \W \S \D \p \P` (a pattern
/// that ignores whitespace, `(?x)`, is always parsed). Most rule patterns
/// lack one or the other, and are spared parsing: parsing every body
/// pattern was about 2 ms of a lone notice's run.
fn may_have_gap(pattern: &str) -> bool {
    let b = pattern.as_bytes();
    let repeats = b.iter().any(|c| matches!(c, b'*' | b'+' | b'{'));
    let mut broad = false;
    let mut i = 0;
    while i < b.len() && !broad {
        broad = match b[i] {
            b'\\' => {
                i += 1;
                matches!(b.get(i), Some(b'w' | b'W' | b'S' | b'D' | b'p' | b'P'))
            }
            b'.' => true,
            b'[' => b.get(i + 1) == Some(&b'^'),
            _ => false,
        };
        i += 1;
    }
    let spaced = b.windows(2).enumerate().any(|(i, w)| {
        w == b"(?"
            && b[i + 2..]
                .iter()
                .take_while(|c| c.is_ascii_alphabetic() || **c == b'-')
                .any(|c| *c == b'x')
    });
    spaced || (repeats && broad)
}

/// Whether `node` contains a gap anywhere.
fn has_gap(node: &Ast) -> bool {
    match node {
        Ast::Repetition(r) => is_gap(r) || has_gap(&r.ast),
        Ast::Group(g) => has_gap(&g.ast),
        Ast::Alternation(a) => a.asts.iter().any(has_gap),
        Ast::Concat(c) => c.asts.iter().any(has_gap),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GAP: &str = r"(?:[^.?!]|\.(?:[0-9,;:)]|(?-i:[a-z])))*?";

    fn cut(pattern: &str) -> (Formula, Vec<String>, bool) {
        let (s, atoms) = cut_with_lead(pattern);
        (s.formula, atoms, s.exact)
    }

    fn cut_with_lead(pattern: &str) -> (Split, Vec<String>) {
        let mut atoms = Vec::new();
        let s = split(pattern, &mut |a| {
            atoms.push(a);
            atoms.len() - 1
        });
        (s, atoms)
    }

    /// Patterns judged gap-free from their spelling are gap-free when
    /// parsed: every built-in body pattern, and a few spellings.
    #[test]
    fn a_pattern_spared_parsing_has_no_gap() {
        let engine = crate::engine::Engine::builtin();
        let bodies: Vec<&str> = engine.body.iter().map(|p| p.as_str()).collect();
        let spared = bodies.iter().filter(|p| !may_have_gap(p)).count();
        assert!(
            spared > 0 && spared < bodies.len(),
            "{spared} of {}",
            bodies.len()
        );
        let extra = [
            r"\bcall\s+us\b",
            r"notice(?:[^.?!])*?date",
            r"a\w{0,40}b",
            r"(?x) a [ ^b ]* c",
            r"(?i:x)\Sz+",
            r"a\.b+",
            r"a\\.+",
        ];
        for p in bodies.into_iter().chain(extra) {
            let tree = ast::parse::Parser::new().parse(p);
            if let Ok(tree) = tree {
                assert!(may_have_gap(p) || !has_gap(&tree), "{p}");
            }
        }
        assert!(!may_have_gap(r"\bcall\s+us\b"));
        assert!(may_have_gap(r"notice(?:[^.?!])*?date"));
        assert!(may_have_gap(r"(?x) a [ ^b ]* c"));
        assert!(!may_have_gap(r"a\.b+"));
        assert!(may_have_gap(r"a\\.+"));
    }

    #[test]
    fn a_cheap_absent_atom_spares_the_others() {
        let f = Formula::All(vec![
            Formula::Atom(0),
            Formula::Any(vec![Formula::Atom(1), Formula::Atom(2)]),
            Formula::Atom(3),
        ]);
        let asked = std::cell::RefCell::new(Vec::new());
        let matched = |a: usize| {
            asked.borrow_mut().push(a);
            a != 3
        };
        assert!(!f.holds_cheap_first(&matched, &|a| a == 3));
        assert_eq!(*asked.borrow(), vec![3]);
        asked.borrow_mut().clear();
        assert!(!f.holds(&matched));
        assert_eq!(*asked.borrow(), vec![0, 1, 3]);
    }

    #[test]
    fn a_pattern_without_gaps_is_one_exact_atom() {
        let (f, atoms, exact) = cut(r"(?i:\bnotice of (?:data )?breach\s+\d{1,2})");
        assert_eq!(f, Formula::Atom(0));
        assert_eq!(atoms, [r"(?i:\bnotice of (?:data )?breach\s+\d{1,2})"]);
        assert!(exact);
    }

    #[test]
    fn gaps_cut_a_pattern_into_required_atoms() {
        let p = format!(r"(?i:\b(?:call|contact)\b{GAP}\b(?:toll-free|800)\b)");
        let (f, atoms, exact) = cut(&p);
        assert!(!exact);
        assert_eq!(f, Formula::All(vec![Formula::Atom(0), Formula::Atom(1)]));
        assert_eq!(
            atoms,
            [r"(?i:\b(?:call|contact)\b)", r"(?i:\b(?:toll-free|800)\b)"]
        );
    }

    #[test]
    fn alternatives_need_any_branch_and_flags_carry_into_atoms() {
        let p = format!(r"(?i:a{GAP}b|c(?-i:D{GAP}e))");
        let (f, atoms, _) = cut(&p);
        assert_eq!(
            f,
            Formula::Any(vec![
                Formula::All(vec![Formula::Atom(0), Formula::Atom(1)]),
                Formula::All(vec![Formula::Atom(2), Formula::Atom(3), Formula::Atom(4)]),
            ])
        );
        assert_eq!(
            atoms,
            ["(?i:a)", "(?i:b)", "(?i:c)", "(?i:(?-i:D))", "(?i:(?-i:e))"]
        );
    }

    #[test]
    fn inline_flags_hold_for_later_atoms() {
        let (_, atoms, _) = cut(r"x(?i)a.*b");
        assert_eq!(atoms, ["x", "(?i)a", "(?i)b"]);
    }

    #[test]
    fn the_lead_atoms_are_those_that_can_begin_a_match() {
        let lead = |p: &str| cut_with_lead(p).0.lead;
        assert_eq!(
            lead(&format!(r"(?i:a{GAP}b|c(?-i:D{GAP}e))")),
            Some(vec![0, 2])
        );
        assert_eq!(lead(r"x(?i)a.*b"), Some(vec![0]));
        assert_eq!(lead(r"(?i)a.*b"), Some(vec![0]));
        assert_eq!(lead(r"(?:a.*b){2}c"), Some(vec![0]));
        assert_eq!(lead(r"notice"), Some(vec![0]));
        // A match can begin in a gap or in an optional part.
        assert_eq!(lead(&format!(r"{GAP}a")), None);
        assert_eq!(lead(r"(?:a.*b)?c.*d"), None);
        assert_eq!(lead(r"a.*b|.*c"), None);
    }

    #[test]
    fn every_match_begins_with_a_lead_atom() {
        let p = format!(r"(?i:(?:call|contact){GAP}800|(?:toll-free)?\s*number{GAP}tty)");
        let (s, atoms) = cut_with_lead(&p);
        let lead = s.lead.expect("every branch begins with an atom");
        let whole = regex::Regex::new(&p).unwrap();
        let atoms: Vec<regex::Regex> = atoms
            .iter()
            .map(|a| regex::Regex::new(&format!("^(?:{a})")).unwrap())
            .collect();
        for text in [
            "Please call us at 800-555-0100.",
            "Our toll-free number for TTY users",
            "the number. TTY",
            "Contact: 800",
        ] {
            for m in whole.find_iter(text) {
                assert!(
                    lead.iter().any(|&a| atoms[a].is_match(&text[m.start()..])),
                    "{text}"
                );
            }
        }
    }

    #[test]
    fn every_match_satisfies_the_formula() {
        let p = format!(r"(?i:\bwe\b{GAP}\b(?:learned|discovered)\b.{{0,40}}\b(?:20\d\d)\b)");
        let (f, atoms, _) = cut(&p);
        let whole = regex::Regex::new(&p).unwrap();
        let atoms: Vec<regex::Regex> = atoms
            .iter()
            .map(|a| regex::Regex::new(a).unwrap())
            .collect();
        for text in [
            "We then learned of it in 2024.",
            "we discovered, on May 1 of 2023, that",
            "We. Learned 2024",
            "nothing here",
        ] {
            let holds = f.holds(&|i| atoms[i].is_match(text));
            if whole.is_match(text) {
                assert!(holds, "{text}");
            }
        }
        assert!(!f.holds(&|i| atoms[i].is_match("nothing here")));
    }
}
