//! The lint engine: every loaded rule compiled once, then applied to a
//! [`Document`].
//!
//! Heading and title patterns are anchored and matched against each
//! heading through one automaton per rule set. Body patterns (cues,
//! required and forbidden text) are matched against the document's plain
//! text lazily: each is cut into gap-free atoms ([`prefilter`]), an atom is
//! run only when a rule's formula needs it and one pass over the text for
//! the atoms' leading words ([`literals`]) finds one of them, the whole
//! pattern only when its atoms allow a match, and its positions only when
//! a rule reports them. No automaton ever holds more than one pattern's
//! in-sentence gaps, so every search stays on the regex crate's lazy DFA
//! with a small cache.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;

use crate::pattern::LazyRegex;

use crate::diagnostic::{Diagnostic, Label, Severity};
use crate::document::Document;
use crate::incident::{Incident, Truth};
use crate::report::RuleInfo;
use crate::rules::kinds::{CompileCx, Compiled, Eval};
use crate::rules::model::WhenUnknown;
use crate::rules::{Rule, RuleSet};

pub(crate) mod context;
mod literals;
mod prefilter;
mod stored;

use context::Context;

/// Per-rule severity settings from configuration: a new severity, or `None` for off.
pub type Overrides = HashMap<String, Option<Severity>>;

#[derive(Debug)]
pub(crate) struct CompiledRule {
    pub(crate) rule: Rule,
    /// Effective severity; `None` when configured off.
    severity: Option<Severity>,
    pub(crate) check: Compiled,
}

/// The body patterns cut at their gaps (see [`prefilter`]).
///
/// Cutting parses every pattern that can hold a gap, about 1.5 ms of a
/// lone notice's run when made afresh; the built-in patterns' cuts are
/// stored (see [`stored`]). Made when a lint first needs the atoms rather than
/// when the engine is built, it is made with the literal scan on the
/// thread that builds that ahead of a lone notice (see
/// [`Engine::build_scan_in_background`]), while the notice's facts are
/// extracted.
#[derive(Debug)]
struct Cuts {
    /// The atoms of every body pattern, each compiled on first use.
    atoms: Vec<LazyRegex>,
    /// Per body pattern: its formula over the atoms, whether the formula
    /// decides the pattern exactly, and the atoms that begin its matches.
    formulas: Vec<prefilter::Split>,
    /// Per body pattern: its atoms, in the order its cut first met them.
    atoms_of: Vec<Vec<usize>>,
}

impl Cuts {
    fn new(body: &[LazyRegex]) -> Cuts {
        let mut atoms = Interner::default();
        let mut atoms_of = Vec::with_capacity(body.len());
        let formulas = body
            .iter()
            .map(|p| {
                let mut mine = Vec::new();
                let split = prefilter::split(p.as_str(), &mut |a| {
                    let id = atoms.add(a);
                    mine.push(id);
                    id
                });
                atoms_of.push(mine);
                split
            })
            .collect();
        Cuts {
            atoms: atoms
                .patterns
                .into_iter()
                .map(LazyRegex::searching)
                .collect(),
            formulas,
            atoms_of,
        }
    }

    /// Each of `groups` of body patterns (by index) as its atoms, each
    /// once, in the order the group's patterns first name them: the same
    /// for a group whatever other patterns were cut with it.
    fn atoms_of_groups(&self, groups: &[Vec<usize>]) -> Vec<Vec<usize>> {
        groups
            .iter()
            .map(|bodies| once_each(bodies.iter().flat_map(|&b| &self.atoms_of[b]).copied()))
            .collect()
    }
}

/// `items` without repeats, in the order each first comes.
fn once_each(items: impl IntoIterator<Item = usize>) -> Vec<usize> {
    let mut seen = std::collections::HashSet::new();
    items.into_iter().filter(|&i| seen.insert(i)).collect()
}

/// All loaded rule sets, compiled.
#[derive(Debug)]
pub struct Engine {
    rulesets: Vec<RuleSet>,
    pub(crate) rules: Vec<CompiledRule>,
    /// The body patterns cut into atoms, made on first use.
    cuts: std::sync::OnceLock<Cuts>,
    /// The literal scan that decides most atoms ([`literals`]), built on
    /// first use.
    literals: std::sync::OnceLock<literals::Literals>,
    /// Body patterns, each compiled on its own only when its formula first
    /// holds: most patterns never match a given notice, and compiling all
    /// of them up front dominated start-up time.
    body: Vec<LazyRegex>,
    /// The heading patterns, one automaton per rule set, made on first use.
    heads: Heads,
    /// Per rule set: the body patterns its rules use, in the order they
    /// first use them.
    body_by_set: Vec<Vec<usize>>,
    /// Heading pattern indexes used by section and element rules, for locating the title.
    pub(crate) section_heads: Vec<usize>,
    /// What a warm-up thread waits for (see [`Engine::warm_up_in_background`]).
    first_text: FirstText,
}

/// The rule sets' heading patterns, asked which of them match a heading.
///
/// Each rule set's patterns are one automaton, made on first use, by the
/// first lint that reads a heading, rather than with the rest of the
/// engine: compiling them all together was a fifth of the work done
/// before a lone notice's lint could begin, while the other core waited.
/// A rule set's own patterns are the same whichever sets are loaded with
/// it, so its automaton is stored ready-made for the built-in sets (see
/// [`crate::pattern`]'s `prebuilt`), where one for all the loaded patterns
/// would have to be made for each combination. A pattern its set's
/// automaton does not hold, or every pattern of a set whose automaton
/// gave up on a heading, is asked on its own.
#[derive(Debug)]
struct Heads {
    /// The patterns, by index, each compiled on its own on first use.
    each: Vec<LazyRegex>,
    /// Each rule set's patterns (those it added), as a range of indexes.
    groups: Vec<std::ops::Range<usize>>,
    sets: Vec<std::sync::OnceLock<Option<crate::pattern::Set>>>,
}

impl Heads {
    /// `patterns` in groups that begin at `starts` (ascending).
    fn new(patterns: Vec<String>, starts: &[usize]) -> Heads {
        let ends = starts.iter().skip(1).copied().chain([patterns.len()]);
        let groups: Vec<std::ops::Range<usize>> = (starts.iter().copied().zip(ends))
            .map(|(a, b)| a..b)
            .filter(|r| !r.is_empty())
            .collect();
        Heads {
            each: patterns.into_iter().map(LazyRegex::new).collect(),
            sets: groups.iter().map(|_| std::sync::OnceLock::new()).collect(),
            groups,
        }
    }

    fn set(&self, group: usize) -> Option<&crate::pattern::Set> {
        self.sets[group]
            .get_or_init(|| {
                let patterns: Vec<&str> = (self.each[self.groups[group].clone()].iter())
                    .map(LazyRegex::as_str)
                    .collect();
                crate::pattern::Set::build_for_lines(&patterns)
            })
            .as_ref()
    }

    /// The patterns, by index.
    #[cfg(test)]
    fn patterns(&self) -> Vec<String> {
        self.each.iter().map(|p| p.as_str().to_string()).collect()
    }

    #[cfg(test)]
    fn warm_up(&self) {
        for g in 0..self.groups.len() {
            let _ = self.set(g);
        }
    }

    fn matching(&self, heading: &str) -> Vec<usize> {
        let mut out = Vec::new();
        for (g, range) in self.groups.iter().enumerate() {
            let found = self.set(g).and_then(|set| set.matches(heading));
            for (k, i) in range.clone().enumerate() {
                let matched = match found.as_ref().and_then(|f| f[k]) {
                    Some(matched) => matched,
                    None => self.each[i].get().is_match(heading),
                };
                if matched {
                    out.push(i);
                }
            }
        }
        out
    }
}

/// The patterns the first text linted can need, handed from its lint to a
/// warm-up thread.
#[derive(Debug, Default)]
struct FirstText {
    /// Set while a warm-up thread waits for the first text.
    wanted: std::sync::atomic::AtomicBool,
    needs: std::sync::Mutex<Option<Needs>>,
    ready: std::sync::Condvar,
}

/// The atoms a text can match (its literal scan found their words, or
/// cannot place them), the body patterns whose formulas those atoms can
/// satisfy, and the text's length (body patterns compile for it).
#[derive(Debug)]
struct Needs {
    atoms: Vec<usize>,
    bodies: Vec<usize>,
    len: usize,
}

/// How long a warm-up thread waits for a text before it gives up (a run
/// reading standard input can wait for its writer).
const WARM_UP_WAIT: std::time::Duration = std::time::Duration::from_secs(30);

/// An error building the engine (two rule sets define the same rule id, or
/// the combined patterns are too large).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct EngineError(pub String);

/// A rule pattern as the engine compiles it: case flags, and anchors for
/// heading patterns.
pub(crate) fn wrap(pattern: &str, case_sensitive: bool, anchored: bool) -> String {
    let pattern = &crate::pattern::prepare(pattern);
    let flag = if case_sensitive { "-i" } else { "i" };
    if anchored {
        format!("^(?{flag}:{pattern})$")
    } else {
        format!("(?{flag}:{pattern})")
    }
}

/// Pattern interning: identical patterns across rules share one slot.
#[derive(Default)]
pub(crate) struct Interner {
    patterns: Vec<String>,
    /// Hashed with foldhash: the built-in sets' patterns, hundreds of
    /// bytes each, took SipHash about 1 M instructions at every start.
    index: HashMap<String, usize, foldhash::fast::FixedState>,
    /// Every index [`Interner::add`] returned, in order, repeats included.
    given: Vec<usize>,
}

impl Interner {
    /// The index of `p`, added if new.
    pub(crate) fn add(&mut self, p: String) -> usize {
        let i = match self.index.get(&p) {
            Some(&i) => i,
            None => {
                self.patterns.push(p.clone());
                self.index.insert(p, self.patterns.len() - 1);
                self.patterns.len() - 1
            }
        };
        self.given.push(i);
        i
    }

    /// The indexes given by the `from`th to the `to`th call of
    /// [`Interner::add`] (not included), each once, in the order first
    /// given.
    fn given_between(&self, from: usize, to: usize) -> Vec<usize> {
        once_each(self.given[from..to].iter().copied())
    }
}

impl Engine {
    /// Compiles `rulesets`, applying severity `overrides` (unknown ids are ignored here;
    /// configuration loading reports them).
    pub fn new(rulesets: Vec<RuleSet>, overrides: &Overrides) -> Result<Engine, EngineError> {
        let mut body = Interner::default();
        let mut heads = Interner::default();
        if let Some(set) = rulesets.iter().find(|s| !s.is_validated()) {
            return Err(EngineError(format!(
                "rule set `{}` was loaded without checking its patterns (RuleSet::validate)",
                set.id
            )));
        }
        let mut ids: HashMap<String, usize> = HashMap::new();
        for (i, r) in rulesets.iter().flat_map(|s| &s.rules).enumerate() {
            if ids.insert(r.info.id.clone(), i).is_some() {
                return Err(EngineError(format!(
                    "rule `{}` is defined by two loaded rule sets; load only one of them",
                    r.info.id
                )));
            }
        }
        let mut rules = Vec::new();
        let mut section_heads = Vec::new();
        // Where each rule set's heading patterns begin, and where its
        // requests for body patterns do.
        let mut head_groups = Vec::with_capacity(rulesets.len());
        let mut body_groups = Vec::with_capacity(rulesets.len());
        let mut last_set = None;
        for (set, rule) in rulesets
            .iter()
            .flat_map(|s| s.rules.iter().map(move |r| (s, r)))
        {
            if last_set != Some(&set.id) {
                last_set = Some(&set.id);
                head_groups.push(heads.patterns.len());
                body_groups.push(body.given.len());
            }
            // A rule set's effective dates bound every rule without its own.
            let mut rule = rule.clone();
            if rule.effective_from.is_none() {
                rule.effective_from = set.effective_from.clone();
            }
            if rule.effective_until.is_none() {
                rule.effective_until = set.effective_until.clone();
            }
            let check = Compiled::new(
                &rule.check,
                &mut CompileCx {
                    heads: &mut heads,
                    body: &mut body,
                    ids: &ids,
                    case_sensitive: rule.case_sensitive,
                    section_heads: &mut section_heads,
                },
            )?;
            let severity = match overrides.get(&rule.info.id) {
                Some(o) => *o,
                None => Some(rule.info.severity),
            };
            rules.push(CompiledRule {
                rule,
                severity,
                check,
            });
        }
        section_heads.sort_unstable();
        section_heads.dedup();
        let ends = body_groups
            .iter()
            .skip(1)
            .copied()
            .chain([body.given.len()]);
        let body_by_set = (body_groups.iter().zip(ends))
            .map(|(&from, to)| body.given_between(from, to))
            .collect();
        Ok(Engine {
            body_by_set,
            cuts: std::sync::OnceLock::new(),
            literals: std::sync::OnceLock::new(),
            body: body
                .patterns
                .into_iter()
                .map(LazyRegex::searching)
                .collect(),
            heads: Heads::new(heads.patterns, &head_groups),
            rules,
            rulesets,
            section_heads,
            first_text: FirstText::default(),
        })
    }

    /// The loaded rule sets.
    pub fn rulesets(&self) -> &[RuleSet] {
        &self.rulesets
    }

    /// Metadata of every loaded rule, by id.
    pub fn rule_infos(&self) -> BTreeMap<String, RuleInfo> {
        self.rules
            .iter()
            .map(|r| (r.rule.info.id.clone(), r.rule.info.clone()))
            .collect()
    }

    /// Ids of all loaded rules.
    pub fn rule_ids(&self) -> impl Iterator<Item = &str> {
        self.rules.iter().map(|r| r.rule.info.id.as_str())
    }

    /// Lints one document. Findings are sorted by position, then rule id.
    pub fn lint(&self, doc: &Document, incident: &Incident) -> Vec<Diagnostic> {
        self.lint_only(doc, incident, None)
    }

    /// Lints one document with only the rule `only` (used by rule tests); other
    /// rules still locate sections.
    pub fn lint_only(
        &self,
        doc: &Document,
        incident: &Incident,
        only: Option<&str>,
    ) -> Vec<Diagnostic> {
        self.lint_in(&Context::new(self, doc), incident, only)
    }

    /// What a document's rules share, made before its incident is known
    /// (see [`Engine::lint_in`]): when `split` (a long text, or a lone
    /// notice), the literal scan is done ahead, alongside the extraction,
    /// since every rule waits for it.
    pub(crate) fn context<'a>(&'a self, doc: &'a Document, split: bool) -> Context<'a> {
        let cx = Context::new(self, doc);
        if split {
            cx.scan();
            // The extraction, alongside, is still filling its caches.
            crate::pattern::release_caches_after(doc.plain.len());
        }
        cx
    }

    /// Lints the document of `cx` (see [`Engine::lint_only`]).
    pub(crate) fn lint_in(
        &self,
        cx: &Context<'_>,
        incident: &Incident,
        only: Option<&str>,
    ) -> Vec<Diagnostic> {
        let split = crate::parallel::worth_splitting(cx.doc.plain.len());
        self.lint_split(cx, incident, only, split)
    }

    /// [`Engine::lint_in`], with the rules checked side by side when
    /// `split`, whatever the length of the text.
    pub(crate) fn lint_split(
        &self,
        cx: &Context<'_>,
        incident: &Incident,
        only: Option<&str>,
        split: bool,
    ) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let mut unchecked = Vec::new();
        let ran: Vec<bool> = if split {
            // The rules share what the context has found; each keeps its
            // findings apart, and they are put together in rule order, as
            // one thread would have made them.
            let runs: Vec<_> = (0..self.rules.len())
                .into_par_iter()
                .map(|i| {
                    let (mut out, mut unchecked) = (Vec::new(), Vec::new());
                    let ran = self.run_rule(i, cx, incident, only, &mut out, &mut unchecked);
                    (ran, out, unchecked)
                })
                .collect();
            runs.into_iter()
                .map(|(ran, o, u)| {
                    out.extend(o);
                    unchecked.extend(u);
                    ran
                })
                .collect()
        } else {
            (0..self.rules.len())
                .map(|i| self.run_rule(i, cx, incident, only, &mut out, &mut unchecked))
                .collect()
        };
        self.finish(cx, incident, only, &ran, out, &unchecked)
    }

    /// [`Engine::lint_in`] over several short documents, one rule at a
    /// time across all of them, so that each rule's automata stay in the
    /// cache from one document to the next (see
    /// [`crate::lint::lint_documents`]). Each document's findings are those
    /// `lint_in` gives it.
    pub(crate) fn lint_many(&self, docs: &[(&Context<'_>, &Incident)]) -> Vec<Vec<Diagnostic>> {
        let mut outs: Vec<Vec<Diagnostic>> = docs.iter().map(|_| Vec::new()).collect();
        let mut unchecked: Vec<Vec<(String, String)>> = docs.iter().map(|_| Vec::new()).collect();
        let mut ran: Vec<Vec<bool>> = docs
            .iter()
            .map(|_| Vec::with_capacity(self.rules.len()))
            .collect();
        for i in 0..self.rules.len() {
            for (d, (cx, incident)) in docs.iter().enumerate() {
                let r = self.run_rule(i, cx, incident, None, &mut outs[d], &mut unchecked[d]);
                ran[d].push(r);
            }
        }
        docs.iter()
            .zip(outs)
            .zip(unchecked.iter().zip(&ran))
            .map(|(((cx, incident), out), (unchecked, ran))| {
                self.finish(cx, incident, None, ran, out, unchecked)
            })
            .collect()
    }

    /// A document's findings from its rules' own (`out`): with the summary
    /// of the rules left unchecked, and conflicts between rules, in order.
    fn finish(
        &self,
        cx: &Context<'_>,
        incident: &Incident,
        only: Option<&str>,
        ran: &[bool],
        mut out: Vec<Diagnostic>,
        unchecked: &[(String, String)],
    ) -> Vec<Diagnostic> {
        let doc = cx.doc;
        if !unchecked.is_empty() && only.is_none() {
            out.push(unchecked_summary(unchecked, doc));
        }
        if only.is_none() {
            let found = self.conflicts(ran, &out, doc, incident);
            out.extend(found);
        }
        out.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        out.dedup();
        out
    }
}

impl Engine {
    /// Checks rule `i` (when it is `only`, or any rule when `only` is
    /// `None`) on the document of `cx`, adding its findings to `out` and,
    /// when it needs facts there are none of, itself to `unchecked`.
    /// Returns whether the rule ran.
    fn run_rule(
        &self,
        i: usize,
        cx: &Context<'_>,
        incident: &Incident,
        only: Option<&str>,
        out: &mut Vec<Diagnostic>,
        unchecked: &mut Vec<(String, String)>,
    ) -> bool {
        let r = &self.rules[i];
        if only.is_some_and(|o| o != r.rule.info.id) {
            return false;
        }
        let severity = match (only, r.severity) {
            (Some(_), _) => r.rule.info.severity,
            (None, Some(s)) => s,
            (None, None) => return false,
        };
        let Some(assumed) = self.applies(i, incident, cx, out, unchecked) else {
            return false;
        };
        let first = out.len();
        let mut ev = Eval {
            engine: self,
            cx,
            incident,
            index: i,
            severity,
            out,
            cap: Default::default(),
            unchecked,
        };
        r.check.run(&mut ev);
        // On a long text, a rule's states seldom serve the next rule.
        crate::pattern::release_caches_after(cx.doc.plain.len());
        let cap = ev.cap;
        cap.finish(out.last_mut());
        if let Some(note) = assumed {
            for d in &mut out[first..] {
                d.notes.push(note.clone());
            }
        }
        true
    }
}

/// One finding naming the rules that depend on incident facts and could not
/// be checked because there is no facts file.
fn unchecked_summary(unchecked: &[(String, String)], doc: &Document) -> Diagnostic {
    let ids: Vec<&str> = unchecked.iter().map(|(id, _)| id.as_str()).collect();
    let mut d = Diagnostic::new(
        crate::diagnostic::builtin::UNCHECKED,
        Severity::Info,
        format!(
            "{} rule{} that depend on facts about the incident could not be checked: {}",
            ids.len(),
            if ids.len() == 1 { "" } else { "s" },
            ids.join(", ")
        ),
        Label::new(crate::span::Span::point(doc.content_start()), "no incident facts for this notice"),
    )
    .with_help("describe the incident in incident.toml beside the notice (or in +++ front matter, or pass --facts FILE); see docs/facts.md");
    for (id, missing) in unchecked {
        d = d.with_note(format!("{id} needs {missing}"));
    }
    d
}

impl Engine {
    /// One `breachlint/conflict` finding for each `forbid` rule that ran and
    /// each rule of another rule set that ran and requires the same
    /// `subject`: no single letter meets both. It points at the forbidden
    /// text when the letter has it, else at what the other rule found
    /// missing, and recommends a variant for the forbidding set's places.
    fn conflicts(
        &self,
        ran: &[bool],
        out: &[Diagnostic],
        doc: &Document,
        incident: &Incident,
    ) -> Vec<Diagnostic> {
        let mut found = Vec::new();
        // Only rule sets known to apply conflict: one chosen because a fact
        // is missing (no `[residents]`) may not govern this letter at all.
        let known = |set: &str| {
            self.rulesets
                .iter()
                .find(|s| s.id == set)
                .is_some_and(|s| s.applies_to(incident) == crate::incident::Truth::Yes)
        };
        for (fi, f) in self.rules.iter().enumerate() {
            let f = &f.rule;
            let (Some(subject), true) = (
                &f.subject,
                ran[fi] && f.kind == crate::rules::RuleKind::Forbid,
            ) else {
                continue;
            };
            for (ri, r) in self.rules.iter().enumerate() {
                let r = &r.rule;
                if !ran[ri]
                    || r.kind == crate::rules::RuleKind::Forbid
                    || r.subject.as_ref() != Some(subject)
                    || r.info.ruleset == f.info.ruleset
                    || !known(&f.info.ruleset)
                    || !known(&r.info.ruleset)
                {
                    continue;
                }
                found.push(self.conflict(f, r, subject, out, doc));
            }
        }
        found
    }

    /// The finding for forbidding rule `f` and requiring rule `r`, which
    /// share `subject`; `out` holds what the rules that ran found.
    fn conflict(
        &self,
        f: &Rule,
        r: &Rule,
        subject: &str,
        out: &[Diagnostic],
        doc: &Document,
    ) -> Diagnostic {
        let name = |set: &str| {
            self.rulesets
                .iter()
                .find(|s| s.id == set)
                .map_or_else(|| set.to_string(), |s| s.jurisdiction.clone())
        };
        let (forbids, requires) = (name(&f.info.ruleset), name(&r.info.ruleset));
        let what = subject.replace('-', " ");
        let first = |id: &str| out.iter().find(|d| d.rule == id).map(|d| d.primary.span);
        let (span, label) = match (first(&f.info.id), first(&r.info.id)) {
            (Some(s), _) => (s, format!("{forbids} forbids this; {requires} requires it")),
            (None, Some(s)) => (
                s,
                format!("{requires} requires the {what} here; {forbids} forbids it"),
            ),
            (None, None) => (
                crate::span::Span::point(doc.content_start()),
                format!("{requires} requires the {what}; {forbids} forbids it"),
            ),
        };
        Diagnostic::new(
            crate::diagnostic::builtin::CONFLICT,
            Severity::Error,
            format!(
                "one letter cannot meet both {forbids} and {requires}: {} forbids the {what}, which {} requires",
                f.info.id, r.info.id
            ),
            Label::new(span, label),
        )
        .with_note(format!("{}: {}", f.info.id, f.info.cite))
        .with_note(format!("{}: {}", r.info.id, r.info.cite))
        .with_help(self.variant_help(&f.info.ruleset, &forbids, &what))
    }

    /// The help of a conflict: write a variant of the letter for the places
    /// rule set `set` (named `forbids`) governs, without the `what`.
    fn variant_help(&self, set: &str, forbids: &str, what: &str) -> String {
        let places: Vec<&str> = self
            .rulesets
            .iter()
            .find(|s| s.id == set)
            .and_then(|s| s.applies_when.as_ref())
            .and_then(|c| c.residents_at_least.as_ref())
            .map(|m| m.keys().map(String::as_str).collect())
            .unwrap_or_default();
        if places.is_empty() {
            format!("write a separate variant of the letter for the readers {forbids} governs")
        } else {
            format!(
                "write a variant of the letter for {forbids} residents without the {what}, and check it with `variant-for = [{}]` in its front matter or facts; keep the {what} in the letter for the others",
                places
                    .iter()
                    .map(|p| format!("\"{p}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }
    }

    /// Builds the literal scan, and the set over the atoms it cannot place,
    /// on a thread of its own, and returns at once (see
    /// [`crate::pattern::compile_in_background`]); a lint that needs them
    /// first builds them itself or waits for them.
    pub fn build_scan_in_background(engine: &std::sync::Arc<Engine>) {
        let engine = engine.clone();
        crate::pattern::compile_in_background("engine-warm-up", move || {
            engine.literals().warm_up();
        });
    }

    /// Compiles, on a thread of its own, what the first text linted will
    /// need, and returns at once (see
    /// [`crate::pattern::compile_in_background`]): the literal scan first,
    /// then, once that text's scan has run, the atoms it can match and
    /// the body patterns they can satisfy, while the lint compiles the
    /// same ones as it reaches them (whichever comes first compiles each).
    ///
    /// A notice needs about one pattern in six of the built-in sets, so
    /// compiling all of them ahead cost three times the work it needed.
    /// Even this much pays only on a core of its own: `check` starts it
    /// with a core left beyond the lint and the extraction's warm-up, and
    /// otherwise builds only the scan ([`Engine::build_scan_in_background`]).
    pub fn warm_up_in_background(engine: &std::sync::Arc<Engine>) {
        use std::sync::atomic::Ordering;
        engine.first_text.wanted.store(true, Ordering::Release);
        let engine = engine.clone();
        crate::pattern::compile_in_background("engine-warm-up", move || {
            engine.literals().warm_up();
            let needs = {
                let waiting = engine
                    .first_text
                    .needs
                    .lock()
                    .unwrap_or_else(|e| e.into_inner());
                let (mut needs, _) = engine
                    .first_text
                    .ready
                    .wait_timeout_while(waiting, WARM_UP_WAIT, |n| n.is_none())
                    .unwrap_or_else(|e| e.into_inner());
                needs.take()
            };
            engine.first_text.wanted.store(false, Ordering::Release);
            if let Some(needs) = needs {
                for &a in &needs.atoms {
                    engine.cuts().atoms[a].get();
                }
                for &b in &needs.bodies {
                    engine.body[b].get_for(needs.len);
                }
            }
        });
    }

    /// Hands a waiting warm-up thread (if any) what a text whose literal
    /// scan found `places` can need.
    fn first_text_scanned(&self, places: &[literals::Places], len: usize) {
        use std::sync::atomic::Ordering;
        if !self.first_text.wanted.swap(false, Ordering::AcqRel) {
            return;
        }
        let possible: Vec<bool> = places
            .iter()
            .map(|p| match p {
                literals::Places::At(at) => !at.is_empty(),
                literals::Places::From(_) | literals::Places::Anywhere => true,
            })
            .collect();
        let atoms = (0..possible.len()).filter(|&a| possible[a]).collect();
        let bodies = self
            .cuts()
            .formulas
            .iter()
            .enumerate()
            .filter(|(_, f)| f.formula.holds(&|a| possible[a]))
            .map(|(i, _)| i)
            .collect();
        let mut needs = self
            .first_text
            .needs
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        *needs = Some(Needs { atoms, bodies, len });
        self.first_text.ready.notify_all();
    }

    /// Builds the literal scan and compiles every atom and body pattern,
    /// for tests that compiling ahead finds what compiling on first use
    /// finds.
    #[cfg(test)]
    pub(crate) fn warm_up(&self) {
        self.heads.warm_up();
        self.literals().warm_up();
        for a in &self.cuts().atoms {
            a.get();
        }
        for b in &self.body {
            b.get();
        }
    }

    /// Compiles the heading patterns now rather than on first use.
    #[cfg(test)]
    pub(crate) fn warm_up_heads(&self) {
        self.heads.warm_up();
    }

    /// Builds the literal scan and what it asks on a short text.
    #[cfg(test)]
    pub(crate) fn warm_up_scan(&self) {
        self.literals().warm_up();
    }

    /// The heading patterns (by index) that match `heading` somewhere, in
    /// order.
    pub(crate) fn heads_matching(&self, heading: &str) -> Vec<usize> {
        self.heads.matching(heading)
    }

    /// The body patterns cut into atoms, made on first use.
    fn cuts(&self) -> &Cuts {
        self.cuts.get_or_init(|| Cuts::new(&self.body))
    }

    /// How many atoms the body patterns were cut into.
    pub(in crate::engine) fn atom_count(&self) -> usize {
        self.cuts().atoms.len()
    }

    /// Body pattern `i`'s formula over the atoms (see [`prefilter`]).
    pub(in crate::engine) fn formula(&self, i: usize) -> &prefilter::Split {
        &self.cuts().formulas[i]
    }

    /// The literal scan over the atoms, built on first use.
    pub(in crate::engine) fn literals(&self) -> &literals::Literals {
        self.literals.get_or_init(|| {
            literals::Literals::with_groups(&self.atom_patterns(), self.atom_groups())
        })
    }

    /// Per rule set, its atoms (see [`Cuts::atoms_of_groups`]).
    pub(in crate::engine) fn atom_groups(&self) -> Vec<Vec<usize>> {
        self.cuts().atoms_of_groups(&self.body_by_set)
    }

    /// An engine with every built-in rule set, for tests over all of them.
    #[cfg(test)]
    pub(crate) fn builtin() -> Engine {
        let sets: Vec<_> = crate::rules::builtin::names()
            .map(|n| {
                let mut set = crate::rules::builtin::load(n).unwrap().unwrap();
                set.validate().unwrap();
                set
            })
            .collect();
        Engine::new(sets, &Default::default()).unwrap()
    }

    /// The atoms' patterns, as compiled.
    pub(crate) fn atom_patterns(&self) -> Vec<String> {
        (self.cuts().atoms.iter())
            .map(|p| p.as_str().to_string())
            .collect()
    }

    /// Atom `i` (see [`prefilter`]), compiled on first use for searching
    /// `len` bytes of text (0 when it is only tried at places the literal
    /// scan found).
    pub(crate) fn atom_regex(&self, i: usize, len: usize) -> &crate::pattern::Matcher {
        self.cuts().atoms[i].get_for(len)
    }

    /// Body pattern `i` as a regex of its own, compiled on first use for
    /// searching a text of `len` bytes.
    fn body_regex(&self, i: usize, len: usize) -> &crate::pattern::Matcher {
        self.body[i].get_for(len)
    }

    /// Whether rule `i` applies to `incident`: its effective dates cover the
    /// discovery date and its `when` condition holds. An undecidable
    /// condition is reported (never silently treated as met or unmet),
    /// unless the rule's `when-unknown` says to check it anyway (then the
    /// assumption comes back, as a note for its findings) or to skip it.
    fn applies(
        &self,
        i: usize,
        incident: &Incident,
        cx: &Context<'_>,
        out: &mut Vec<Diagnostic>,
        unchecked: &mut Vec<(String, String)>,
    ) -> Option<Option<String>> {
        let rule = &self.rules[i].rule;
        // The set's effective dates were copied into its rules when the
        // engine was built.
        if incident.version_date().is_some_and(|on| !rule.in_force(on)) {
            return None;
        }
        let Some(when) = &rule.when else {
            return Some(None);
        };
        match incident.eval(when) {
            Truth::Yes => Some(None),
            Truth::No => None,
            Truth::Unknown(missing) if rule.when_unknown == WhenUnknown::Check => {
                Some(Some(format!(
                    "checked as if it applies, since the facts do not give {missing}: it applies when {}",
                    when.describe()
                )))
            }
            Truth::Unknown(_) if rule.when_unknown == WhenUnknown::Skip => None,
            Truth::Unknown(missing) => {
                if incident.has_facts {
                    out.push(
                        finding(
                            rule,
                            Severity::Warning,
                            format!(
                                "cannot tell whether `{}` applies: the facts do not give {missing}",
                                rule.info.id
                            ),
                            Label::new(
                                crate::span::Span::point(cx.doc.content_start()),
                                "not checked",
                            ),
                        )
                        .with_note(format!("it applies when {}", when.describe()))
                        .with_help(
                            "add the missing fact to the incident facts file (see docs/facts.md)",
                        ),
                    );
                } else {
                    // Without any facts file, one summary finding lists what
                    // could not be checked instead of one per rule.
                    unchecked.push((rule.info.id.clone(), missing));
                }
                None
            }
        }
    }
}

/// Builds a finding of `rule` at a source span, with its citation and help.
pub(crate) fn finding(
    rule: &Rule,
    severity: Severity,
    message: String,
    primary: Label,
) -> Diagnostic {
    let mut d = Diagnostic::new(rule.info.id.clone(), severity, message, primary)
        .with_cite(rule.info.cite.clone())
        .with_help(rule.info.help.clone());
    if !rule.info.verified {
        d = d.with_note(
            "this rule rests on secondary or unverified sources; have counsel confirm it applies",
        );
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The heading patterns answer as all of them compiled together into
    /// one automaton did, and as each asked on its own does (as when its
    /// set's automaton does not hold it), on every line of the
    /// repository's notices.
    #[test]
    fn heading_patterns_answer_as_together_and_alone() {
        let engine = Engine::builtin();
        let heads = &engine.heads;
        assert!(heads.groups.len() >= 2, "{:?}", heads.groups);
        let patterns = heads.patterns();
        assert_eq!(heads.groups.last().map(|g| g.end), Some(patterns.len()));
        let together = crate::pattern::WhichSet::new(&patterns, 16 << 20).unwrap();
        let alone = Heads {
            sets: vec![std::sync::OnceLock::from(None)],
            ..Heads::new(patterns, &[0])
        };
        let mut matched = 0;
        for (_, text) in crate::fixtures::notices() {
            for line in text.lines() {
                let heading = crate::document::normalize_heading(line);
                let expected = together.matches(&heading);
                assert_eq!(heads.matching(&heading), expected, "{heading:?}");
                assert_eq!(alone.matching(&heading), expected, "{heading:?}");
                matched += expected.len();
            }
        }
        assert!(matched > 50, "matched {matched}");
    }

    #[test]
    fn heading_groups_are_the_rule_sets_own_patterns() {
        let p = |n: usize| (0..n).map(|i| format!("h{i}")).collect::<Vec<_>>();
        assert_eq!(Heads::new(p(5), &[0, 2, 2, 4]).groups, [0..2, 2..4, 4..5]);
        assert_eq!(Heads::new(p(3), &[0, 3]).groups, vec![(0..3)]);
        assert!(Heads::new(p(0), &[0]).groups.is_empty());
    }
}
