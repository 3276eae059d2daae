//! Per-document state shared by all rules: the headings that count (with
//! the patterns they match and their section bodies) and where each body
//! pattern matched.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU8, Ordering};

use super::Engine;
use super::literals::Places;
use crate::document::{Document, HeadingKind};
use crate::rules::kinds::Compiled;
use crate::span::Span;

/// A heading as the rules see it: a structural heading, or a run-in phrase
/// that matched some rule's heading pattern.
#[derive(Debug)]
pub(crate) struct EffHeading {
    /// Range in the plain text.
    pub plain: Span,
    /// Range in the source.
    pub src: Span,
    /// Nesting level; run-in headings are the deepest (6).
    pub level: u8,
    /// Heading-pattern indexes this heading matches.
    pub matches: Vec<usize>,
    /// False for run-in headings.
    pub structural: bool,
    /// A Markdown `#` or setext heading, which is a heading whatever its words.
    pub markup: bool,
    /// The section body: after the heading up to the next heading of the
    /// same or a higher level (plain-text range).
    pub body: Span,
}

pub(crate) struct Context<'a> {
    pub doc: &'a Document,
    pub headings: Vec<EffHeading>,
    engine: &'a Engine,
    /// Per atom (see [`super::prefilter`]): whether it matches somewhere in
    /// the plain text, decided on first use. Formulas short-circuit, so
    /// most atoms are never run.
    atoms: Vec<Decided>,
    /// Per atom: where its matches can begin, from the literal scan
    /// ([`super::literals`]), made when an atom is first asked about.
    places: OnceLock<Vec<Places>>,
    /// Per atom the literal scan cannot place: whether it matches, those
    /// that can be found together in one pass when the first is asked
    /// about (`None` for the other atoms).
    unplaced: OnceLock<Vec<Option<bool>>>,
    /// Per body pattern: whether it matches somewhere, decided on first use.
    matched: Vec<Decided>,
    /// Per body pattern: the plain-text ranges it matched, found on first
    /// use: most rules only ask whether a pattern matches at all.
    hits: Vec<OnceLock<Vec<Span>>>,
    /// Per body pattern: where its matches can begin ([`Context::starts`]),
    /// found on first use: a rule asks about a pattern once per section.
    starts: Vec<OnceLock<Option<Vec<usize>>>>,
    /// Per rule: for section rules, the index into `headings` of its heading.
    pub section_at: Vec<Option<usize>>,
}

/// A yes or no about one text, worked out when first asked. Threads that
/// check the text's rules side by side share it without waiting on each
/// other: two that ask at once may both work it out, and get the same
/// answer.
#[derive(Default)]
struct Decided(AtomicU8);

impl Decided {
    /// The answer, once worked out.
    fn get(&self) -> Option<bool> {
        match self.0.load(Ordering::Relaxed) {
            0 => None,
            1 => Some(false),
            _ => Some(true),
        }
    }

    /// The answer, worked out by `decide` if it is not known yet.
    fn get_or_decide(&self, decide: impl FnOnce() -> bool) -> bool {
        if let Some(known) = self.get() {
            return known;
        }
        let answer = decide();
        self.0.store(1 + u8::from(answer), Ordering::Relaxed);
        answer
    }
}

/// The headings that count, in document order: the document's structural
/// headings and the run-in phrases that match a heading pattern without
/// overlapping another heading.
fn effective_headings(engine: &Engine, doc: &Document) -> Vec<EffHeading> {
    // Structural headings and run-ins are each in document order, and
    // the structural ones do not overlap: a merge puts them in order, and
    // a run-in need only be checked against its two structural
    // neighbours and the run-in taken last. (Sorting took scratch space
    // of half the list, and checking every run-in against every heading
    // took time quadratic in a long document.)
    let eff = |h: &crate::document::Heading| EffHeading {
        plain: h.plain,
        src: h.span,
        level: h.level,
        matches: engine.heads_matching(&h.text),
        structural: true,
        markup: h.kind == HeadingKind::Markup,
        body: Span::default(),
    };
    let structural = &doc.headings;
    let mut headings: Vec<EffHeading> = Vec::with_capacity(structural.len());
    let mut next = 0;
    let mut last_run_in: Option<Span> = None;
    for r in &doc.run_ins {
        while let Some(h) = structural
            .get(next)
            .filter(|h| h.plain.start <= r.plain.start)
        {
            headings.push(eff(h));
            next += 1;
        }
        // Run-ins are bounded like the document's own headings.
        if headings.len() >= 2 * crate::document::MAX_HEADINGS {
            break;
        }
        let matches: Vec<usize> = engine.heads_matching(&r.text);
        let before = next.checked_sub(1).map(|k| &structural[k]);
        if matches.is_empty()
            || before.is_some_and(|h| h.plain.overlaps(r.plain))
            || structural
                .get(next)
                .is_some_and(|h| h.plain.overlaps(r.plain))
            || last_run_in.is_some_and(|l| l.overlaps(r.plain))
        {
            continue;
        }
        last_run_in = Some(r.plain);
        headings.push(EffHeading {
            plain: r.plain,
            src: doc.to_source(r.plain),
            level: 6,
            matches,
            structural: false,
            markup: false,
            body: Span::default(),
        });
    }
    headings.extend(structural[next..].iter().map(eff));
    debug_assert!(headings.is_sorted_by_key(|h| h.plain.start));
    headings
}

/// Sets each heading's section body: from its end up to the next heading
/// of the same or a higher level, or `end`.
fn set_bodies(headings: &mut [EffHeading], end: usize) {
    for i in 0..headings.len() {
        let level = headings[i].level;
        let stop = headings[i + 1..]
            .iter()
            .find(|h| h.level <= level)
            .map_or(end, |h| h.plain.start);
        let start = headings[i].plain.end.min(stop);
        headings[i].body = Span::new(start, stop);
    }
}

impl<'a> Context<'a> {
    pub fn new(engine: &'a Engine, doc: &'a Document) -> Self {
        let mut headings = effective_headings(engine, doc);
        set_bodies(&mut headings, doc.plain.len());

        let atoms = (0..engine.atom_count())
            .map(|_| Decided::default())
            .collect();
        let matched = (0..engine.body.len()).map(|_| Decided::default()).collect();
        let hits = (0..engine.body.len()).map(|_| OnceLock::new()).collect();
        let starts = (0..engine.body.len()).map(|_| OnceLock::new()).collect();

        let section_at = engine
            .rules
            .iter()
            .map(|r| match &r.check {
                Compiled::Section(s) => headings
                    .iter()
                    .position(|h| h.matches.iter().any(|m| s.heads.contains(m))),
                _ => None,
            })
            .collect();
        Context {
            doc,
            engine,
            headings,
            atoms,
            places: OnceLock::new(),
            unplaced: OnceLock::new(),
            matched,
            hits,
            starts,
            section_at,
        }
    }

    /// Whether body pattern `i` matches anywhere in the text: only when its
    /// formula over the atoms holds, and then, unless the formula decides
    /// it exactly, by running the pattern where its matches can begin.
    fn matched(&self, i: usize) -> bool {
        self.matched[i].get_or_decide(|| {
            let split = self.engine.formula(i);
            split
                .formula
                .holds_cheap_first(&|a| self.atom(a), &|a| self.atom_is_cheap(a))
                && (split.exact || {
                    let (re, starts) = self.body(i);
                    let text = &self.doc.plain;
                    match starts {
                        Some(at) => at.iter().any(|&p| re.is_match_anchored_at(text, p)),
                        None => re.is_match(text),
                    }
                })
        })
    }

    /// Where matches of body pattern `i` can begin, in order, when the
    /// literal scan knows every place one of its lead atoms can begin.
    ///
    /// A pattern with gaps searched through the whole text keeps every
    /// half-matched cue alive across each sentence, and its lazy DFA grows
    /// a state for each mix of them; tried anchored at its cue words, it
    /// reads a sentence or so from each and needs few states.
    fn starts(&self, i: usize) -> Option<&[usize]> {
        self.starts[i]
            .get_or_init(|| {
                let lead = self.engine.formula(i).lead.as_ref()?;
                let places = self.places();
                let mut at = Vec::new();
                for &a in lead {
                    match &places[a] {
                        Places::At(p) => at.extend_from_slice(p),
                        Places::Anywhere | Places::From(_) => return None,
                    }
                }
                at.sort_unstable();
                at.dedup();
                Some(at)
            })
            .as_deref()
    }

    /// Body pattern `i` compiled for how it will be run, and where its
    /// matches can begin when that is known: tried only at those places,
    /// it needs no literal prefilters however long the text.
    fn body(&self, i: usize) -> (&crate::pattern::Matcher, Option<&[usize]>) {
        let starts = self.starts(i);
        let len = if starts.is_some() {
            0
        } else {
            self.doc.plain.len()
        };
        (self.engine.body_regex(i, len), starts)
    }

    /// Where each atom's matches can begin, from the literal scan, made
    /// when an atom is first asked about.
    fn places(&self) -> &[Places] {
        self.places.get_or_init(|| {
            let places = self.engine.literals().places(&self.doc.plain);
            self.engine
                .first_text_scanned(&places, self.doc.plain.len());
            places
        })
    }

    /// Runs the literal scan, and the one pass over the atoms it cannot
    /// place, now rather than when the first rule asks: on a long text the
    /// rules wait for both, and they can be run while the text's facts are
    /// extracted.
    pub fn scan(&self) {
        self.scan_literals();
        self.scan_unplaced();
    }

    /// Runs the literal scan now (the first half of [`Context::scan`]).
    pub fn scan_literals(&self) {
        self.places();
    }

    /// Runs the one pass over the atoms the literal scan cannot place now
    /// (the second half of [`Context::scan`]).
    pub fn scan_unplaced(&self) {
        if self.engine.literals().has_unplaced() {
            self.unplaced_matches();
        }
    }

    /// Whether deciding atom `a` reads at most a few places of the text:
    /// it was decided already, or the literal scan found its words in few
    /// places or none.
    fn atom_is_cheap(&self, a: usize) -> bool {
        self.atoms[a].get().is_some()
            || matches!(self.places()[a], Places::At(_))
            || self.unplaced.get().is_some_and(|m| m[a].is_some())
    }

    /// Whether atom `a`, one the literal scan cannot place, matches, when
    /// it is one of those decided together in one pass the first time one
    /// is asked about.
    fn unplaced_match(&self, a: usize) -> Option<bool> {
        if !self.engine.literals().is_unplaced(a) {
            return None;
        }
        self.unplaced_matches()[a]
    }

    /// Per atom, what the one pass over the atoms the literal scan cannot
    /// place found (see [`super::literals::Literals::unplaced_matches`]),
    /// made when first asked for.
    fn unplaced_matches(&self) -> &[Option<bool>] {
        self.unplaced
            .get_or_init(|| self.engine.literals().unplaced_matches(&self.doc.plain))
    }

    /// Whether atom `a` matches anywhere in the text: never where the
    /// literal scan finds none of its leading words, and else tried,
    /// anchored, only where one of them begins.
    fn atom(&self, a: usize) -> bool {
        self.atoms[a].get_or_decide(|| {
            let text = &self.doc.plain;
            match &self.places()[a] {
                Places::Anywhere => self
                    .unplaced_match(a)
                    .unwrap_or_else(|| self.engine.atom_regex(a, text.len()).is_match(text)),
                // On a long text, an atom whose words are everywhere but
                // which rarely matches (a bureau's name, "ending in") is
                // read to the end from its first place: the literal
                // prefilters of a big text's matcher skip most of it.
                Places::From(p) => self
                    .engine
                    .atom_regex(a, text.len() - p)
                    .is_match_at(text, *p),
                Places::At(at) => {
                    !at.is_empty() && {
                        let re = self.engine.atom_regex(a, 0);
                        at.iter().any(|&p| re.is_match_anchored_at(text, p))
                    }
                }
            }
        })
    }

    /// Where body pattern `i` matched (non-empty, leftmost-first) inside
    /// `region`.
    ///
    /// Over the whole text the matches are found once and kept. A section
    /// is searched on its own, with the text before it as context for `\b`:
    /// it is short, and a match that starts before it and runs into it (a
    /// cue that begins at the word "Happened" of its heading and ends at the
    /// first sentence's date) must not hide a match wholly inside.
    pub fn hits_in(&self, i: usize, region: Span) -> Vec<Span> {
        if !self.matched(i) {
            return Vec::new();
        }
        if region == self.everything() {
            return self.hits[i]
                .get_or_init(|| self.section_hits(i, region).collect())
                .clone();
        }
        self.section_hits(i, region).collect()
    }

    /// The matches of body pattern `i` inside `region`, found one by one
    /// as they are asked for: tried only where the literal scan says one
    /// can begin, when it knows, else searched for.
    fn section_hits(&self, i: usize, region: Span) -> impl Iterator<Item = Span> + '_ {
        let hay = self.doc.plain.get(..region.end).unwrap_or("");
        let mut pos = region.start;
        let (re, starts) = self.body(i);
        let mut starts = starts.map(|s| s.iter().copied());
        // No rule pattern matches the empty string (the loader rejects
        // them), so every match moves `pos` on.
        std::iter::from_fn(move || {
            if pos > hay.len() {
                return None;
            }
            let m = match &mut starts {
                None => re.find_at(hay, pos).filter(|m| !m.is_empty())?,
                // The first place with a match holds the leftmost one, and
                // from there the same match a search would find.
                Some(starts) => loop {
                    let p = starts.next().filter(|&p| p < hay.len())?;
                    if p < pos {
                        continue;
                    }
                    if let Some(m) = re.find_anchored_at(hay, p).filter(|m| !m.is_empty()) {
                        break m;
                    }
                },
            };
            pos = m.end();
            Some(Span::new(m.start(), m.end()))
        })
    }

    /// Whether body pattern `i` matched inside `region`. Over the whole
    /// text the set's answer suffices: no rule pattern can match the empty
    /// string (the loader rejects such patterns).
    pub fn any_in(&self, i: usize, region: Span) -> bool {
        if !self.matched(i) {
            return false;
        }
        if region == self.everything() {
            return true;
        }
        // The first match is enough.
        self.section_hits(i, region).next().is_some()
    }

    /// Where the section holding `text` ends: at the first heading after it
    /// of the same or a higher level than the heading `text` is under, else
    /// at the end of the text. Text before any heading is in no section, so
    /// only the end of the text ends it; a sub-heading continues its section.
    /// A Markdown heading or one that some rule's heading pattern recognises
    /// ends the section; another heading only when text follows it before
    /// the next heading, since a list without bullets is a run of short
    /// lines that each look like one.
    pub fn section_end_after(&self, text: Span) -> usize {
        let end = self.doc.plain.len();
        let level = self
            .headings
            .iter()
            .take_while(|h| h.plain.start < text.start)
            .last()
            .map_or(0, |h| h.level);
        let next_start = |i: usize| self.headings.get(i + 1).map_or(end, |n| n.plain.start);
        self.headings
            .iter()
            .enumerate()
            .find(|&(i, h)| {
                h.plain.start >= text.end
                    && h.level <= level
                    && (h.markup
                        || !h.matches.is_empty()
                        || !self.doc.plain[h.plain.end.min(next_start(i))..next_start(i)]
                            .trim()
                            .is_empty())
            })
            .map_or(end, |(_, h)| h.plain.start)
    }

    /// The first heading matching any of `heads`.
    pub fn heading_matching(&self, heads: &[usize]) -> Option<usize> {
        self.headings
            .iter()
            .position(|h| h.matches.iter().any(|m| heads.contains(m)))
    }

    /// The whole plain text as a region.
    pub fn everything(&self) -> Span {
        Span::new(0, self.doc.plain.len())
    }

    /// Words in a plain-text range, counted up to `limit`: a rule that
    /// asks whether a section has enough words need not read on once it
    /// has (a section's body can be most of the letter).
    pub fn words_up_to(&self, region: Span, limit: usize) -> usize {
        crate::document::count_words(&self.doc.plain[region.range()], limit)
    }

    /// Whether a plain-text range holds a word.
    pub fn has_words(&self, region: Span) -> bool {
        self.doc.plain[region.range()]
            .chars()
            .any(|c| !c.is_whitespace())
    }

    /// The source text of heading `i`, for labels.
    pub fn heading_text(&self, i: usize) -> &str {
        self.doc.source.slice(self.headings[i].src)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::DocFormat;
    use crate::source::SourceFile;
    use std::sync::Arc;

    /// Soundness on every built-in body pattern: trying it only where its
    /// lead atoms can begin finds what a search through the whole text
    /// finds, on every fixture and on each fixture's sections.
    #[test]
    fn trying_patterns_at_their_lead_atoms_finds_every_match() {
        let engine = Engine::builtin();
        let mut texts = 0;
        let mut tried_at_leads = 0;
        for (path, text) in crate::fixtures::notices() {
            let format = match path.extension().and_then(|e| e.to_str()) {
                Some("md") => DocFormat::Markdown,
                _ => DocFormat::Text,
            };
            texts += 1;
            let doc = Document::parse(Arc::new(SourceFile::new(path.clone(), text)), format);
            let cx = Context::new(&engine, &doc);
            let plain = &doc.plain;
            let mut regions = vec![cx.everything()];
            regions.extend(cx.headings.iter().map(|h| h.body));
            for i in 0..engine.body.len() {
                tried_at_leads += usize::from(cx.starts(i).is_some());
                let re = engine.body[i].get();
                for &region in &regions {
                    let hay = &plain[..region.end];
                    let mut want = Vec::new();
                    let mut pos = region.start;
                    while let Some(m) = re.find_at(hay, pos) {
                        want.push(Span::new(m.start(), m.end()));
                        pos = m.end();
                    }
                    assert_eq!(
                        cx.hits_in(i, region),
                        want,
                        "{} in {}",
                        re_text(&engine, i),
                        path.display()
                    );
                    assert_eq!(cx.any_in(i, region), !want.is_empty());
                }
            }
        }
        assert!(texts > 20, "fixtures found: {texts}");
        // The test proves little unless most patterns take the new path.
        assert!(
            tried_at_leads * 2 > texts * engine.body.len(),
            "{tried_at_leads}"
        );
    }

    /// Compiling every pattern ahead (as the warm-up for a lone notice
    /// does with those the notice can need) works for every built-in
    /// pattern and finds what compiling on first use finds.
    #[test]
    fn warming_up_changes_no_finding() {
        let (cold, warm) = (Engine::builtin(), Engine::builtin());
        warm.warm_up();
        let path = "examples/california-2026/notice.md";
        let text = std::fs::read_to_string(path).unwrap();
        let doc = Document::parse(Arc::new(SourceFile::new(path, text)), DocFormat::Markdown);
        let incident = crate::incident::Incident::default();
        let found = cold.lint(&doc, &incident);
        assert!(!found.is_empty());
        assert_eq!(warm.lint(&doc, &incident), found);
    }

    /// The patterns handed to the warm-up thread after a text's literal
    /// scan include every one linting the text compiles, and are fewer
    /// than all of them (under two thirds of the atoms).
    #[test]
    fn first_text_needs_cover_what_a_lint_compiles() {
        use std::sync::atomic::Ordering;
        for path in [
            "examples/california-2026/notice.md",
            "examples/printing-error-2015/notice.md",
        ] {
            let engine = Engine::builtin();
            engine.first_text.wanted.store(true, Ordering::Release);
            let text = std::fs::read_to_string(path).unwrap();
            let doc = Document::parse(Arc::new(SourceFile::new(path, text)), DocFormat::Markdown);
            engine.lint(&doc, &crate::incident::Incident::default());
            assert!(!engine.first_text.wanted.load(Ordering::Acquire));
            let needs = engine.first_text.needs.lock().unwrap().take().unwrap();
            assert_eq!(needs.len, doc.plain.len());
            for (a, atom) in engine.cuts().atoms.iter().enumerate() {
                assert!(
                    !atom.is_compiled() || needs.atoms.contains(&a),
                    "{path}: atom {a}"
                );
            }
            for (b, body) in engine.body.iter().enumerate() {
                assert!(
                    !body.is_compiled() || needs.bodies.contains(&b),
                    "{path}: body {b}"
                );
            }
            assert!(
                needs.atoms.len() * 3 < engine.atom_count() * 2,
                "{path}: {} of {} atoms",
                needs.atoms.len(),
                engine.atom_count()
            );
            assert!(needs.bodies.len() < engine.body.len(), "{path}");
        }
    }

    /// On a text long enough to split, the rules checked side by side,
    /// with the literal scan run ahead, find exactly what they find
    /// checked in turn, in the same order.
    #[test]
    fn rules_side_by_side_find_what_rules_in_turn_find() {
        let engine = Engine::builtin();
        let text = crate::parallel::long_notice();
        let doc = Document::parse(
            Arc::new(SourceFile::new("long.md", text)),
            DocFormat::Markdown,
        );
        assert!(crate::parallel::worth_splitting(doc.plain.len()));
        let extracted = crate::extract::extract_document(&doc);
        let incident = crate::incident::Incident::build(crate::incident::Inputs {
            doc: &doc,
            extracted: &extracted,
            facts: None,
            today: jiff::civil::date(2026, 12, 2),
            notice_override: None,
        });
        let in_turn = engine.lint_split(&Context::new(&engine, &doc), &incident, None, false);
        assert!(in_turn.len() > 20, "{}", in_turn.len());
        let side_by_side = engine.lint_split(&engine.context(&doc, true), &incident, None, true);
        assert_eq!(side_by_side, in_turn);
    }

    fn re_text(engine: &Engine, i: usize) -> &str {
        engine.body[i].as_str()
    }
}
