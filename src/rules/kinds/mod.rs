//! Rule kinds, one file each.
//!
//! A kind's file holds everything about it: the TOML keys it takes
//! ([`KEYS`](title::KEYS)), loading its keys with located errors (`build`),
//! what it compiles to in the engine (`Compiled`, `compile`), the check
//! itself (`run`), its description for `breachlint explain` (`describe`) and
//! its tests. [`kinds!`] registers the files: adding a kind is one file
//! here and one line in the list at the bottom of this module.
//!
//! The three stages a kind implements each get a context:
//! - [`BuildCx`] while a rule set loads: the rule's TOML, errors that point
//!   into the file, and pattern bookkeeping;
//! - [`CompileCx`] while the engine is built: interning of heading and body
//!   patterns, other rules by id;
//! - [`Eval`] while a notice is checked: the document's context, the
//!   incident, where findings go.

use std::collections::HashMap;
use std::path::Path;

use serde_spanned::Spanned;

use super::load::PendingPattern;
use super::model::{Patterns, RuleDef, spanned_patterns};
use crate::diagnostic::{Diagnostic, Label, Severity};
use crate::engine::context::Context;
use crate::engine::{Engine, EngineError, Interner};
use crate::error::{SpannedError, did_you_mean};
use crate::incident::Incident;
use crate::span::Span;

mod shared;

/// Declares the rule kinds: for each, its variant name, its module and its
/// name in TOML.
macro_rules! kinds {
    ($( $(#[$doc:meta])* $variant:ident => $module:ident, $name:literal; )*) => {
        $( pub mod $module; )*

        /// What a rule checks. Each kind uses its own subset of the rule's keys.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum RuleKind {
            $( $(#[$doc])* $variant, )*
        }

        impl RuleKind {
            /// Every kind's name as written in TOML.
            pub const NAMES: &'static [&'static str] = &[$($name,)*];

            /// The kind's name as written in TOML.
            pub fn as_str(self) -> &'static str {
                match self { $( RuleKind::$variant => $name, )* }
            }

            /// The kind named `name` in TOML.
            pub fn parse(name: &str) -> Option<RuleKind> {
                match name { $( $name => Some(RuleKind::$variant), )* _ => None }
            }

            /// The keys a rule of this kind takes, besides the common ones.
            pub fn keys(self) -> &'static [&'static str] {
                match self { $( RuleKind::$variant => $module::KEYS, )* }
            }
        }

        /// What a rule checks, validated and ready for the engine.
        #[derive(Clone, Debug, PartialEq)]
        pub enum Check {
            $( $(#[$doc])* $variant($module::Spec), )*
        }

        impl Check {
            /// The check's kind.
            pub fn kind(&self) -> RuleKind {
                match self { $( Check::$variant(_) => RuleKind::$variant, )* }
            }

            /// Reads a rule of `kind` from its TOML.
            pub(crate) fn build(kind: RuleKind, cx: &BuildCx<'_>) -> Result<Check, SpannedError> {
                match kind { $( RuleKind::$variant => $module::build(cx).map(Check::$variant), )* }
            }

            /// What the check looks for, in words (for `breachlint explain`).
            pub fn describe(&self) -> String {
                match self { $( Check::$variant(s) => $module::describe(s), )* }
            }
        }

        /// A check compiled into an engine.
        #[derive(Debug)]
        pub(crate) enum Compiled {
            $( $variant($module::Compiled), )*
        }

        impl Compiled {
            /// Compiles `check` into the engine being built.
            pub(crate) fn new(check: &Check, cx: &mut CompileCx<'_>) -> Result<Compiled, EngineError> {
                match check { $( Check::$variant(s) => $module::compile(s, cx).map(Compiled::$variant), )* }
            }

            /// Checks one notice.
            pub(crate) fn run(&self, ev: &mut Eval<'_>) {
                match self { $( Compiled::$variant(c) => $module::run(c, ev), )* }
            }
        }
    };
}

impl<'de> serde::Deserialize<'de> for RuleKind {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = String::deserialize(d)?;
        RuleKind::parse(&name)
            .ok_or_else(|| serde::de::Error::unknown_variant(&name, RuleKind::NAMES))
    }
}

/// What a kind's `build` reads: one `[[rule]]` of a rule-set file.
pub(crate) struct BuildCx<'a> {
    /// The rule as written.
    pub def: &'a RuleDef,
    /// Ids of the rule set's `section` rules, for `within` and `order`.
    pub section_ids: &'a [String],
    path: &'a Path,
    text: &'a str,
    /// Patterns of rule sets read from files, to be checked later.
    pending: Option<&'a std::cell::RefCell<Vec<PendingPattern>>>,
}

impl<'a> BuildCx<'a> {
    pub(crate) fn new(
        def: &'a RuleDef,
        section_ids: &'a [String],
        path: &'a Path,
        text: &'a str,
        pending: Option<&'a std::cell::RefCell<Vec<PendingPattern>>>,
    ) -> Self {
        BuildCx {
            def,
            section_ids,
            path,
            text,
            pending,
        }
    }

    /// The rule's kind name, for messages.
    pub fn kind(&self) -> &'static str {
        self.def.kind.get_ref().as_str()
    }

    /// The span of the rule's id, where errors about the rule as a whole point.
    pub fn id_span(&self) -> Span {
        self.def.id.span().into()
    }

    /// An error at `span` of the rule-set file.
    pub fn err(&self, span: Span, msg: String) -> SpannedError {
        SpannedError::new(self.path, self.text, Some(span), msg)
    }

    /// Takes patterns as they are; records them to be checked (see
    /// `RuleSet::validate`). `anchored` patterns must match a whole heading.
    pub fn patterns(&self, patterns: &[Spanned<String>], anchored: bool) -> Vec<String> {
        patterns
            .iter()
            .map(|p| {
                if let Some(pending) = self.pending {
                    pending.borrow_mut().push(PendingPattern {
                        pattern: p.get_ref().clone(),
                        span: p.span().into(),
                        case_sensitive: self.def.case_sensitive,
                        anchored,
                        rule: self.def.id.get_ref().clone(),
                    });
                }
                p.get_ref().clone()
            })
            .collect()
    }

    /// The patterns under `key`, which must be given and not empty.
    pub fn need(
        &self,
        p: &Option<Spanned<Patterns>>,
        key: &str,
    ) -> Result<Vec<Spanned<String>>, SpannedError> {
        match p.as_ref().map(spanned_patterns) {
            Some(v) if !v.is_empty() => Ok(v),
            _ => Err(self
                .err(
                    self.id_span(),
                    format!("a `{}` rule needs `{key}`", self.kind()),
                )
                .with_label(format!("`{key}` is missing for this rule"))),
        }
    }

    /// Reads `value` (at `span`) as a value of a vocabulary: a report
    /// recipient, an HHS category, a holiday calendar. A typo is an error
    /// here, at load, not a rule that silently never matches.
    pub fn vocab<T: std::str::FromStr<Err = String>>(
        &self,
        span: Span,
        value: &str,
    ) -> Result<T, SpannedError> {
        value.parse::<T>().map_err(|e| {
            let mut lines = e.lines();
            let mut err = self.err(span, lines.next().unwrap_or("unknown value").to_string());
            if let Some(help) = lines.next() {
                err = err.with_help(help.trim_start_matches("help: ").to_string());
            }
            err
        })
    }

    /// `within`: a `section` rule of this rule set, if given.
    pub fn within(&self) -> Result<Option<String>, SpannedError> {
        let Some(w) = &self.def.within else {
            return Ok(None);
        };
        let target = w.get_ref();
        if !self.section_ids.iter().any(|s| s == target) {
            let mut e = self
                .err(
                    w.span().into(),
                    format!(
                        "`within` names `{target}`, which is not a `section` rule of this rule set"
                    ),
                )
                .with_label("unknown section rule");
            if let Some(near) = did_you_mean(target, self.section_ids.iter().map(String::as_str)) {
                e = e.with_help(format!("did you mean `{near}`?"));
            }
            return Err(e);
        }
        Ok(Some(target.clone()))
    }
}

/// What a kind's `compile` uses: the engine's pattern tables.
pub(crate) struct CompileCx<'a> {
    pub(crate) heads: &'a mut Interner,
    pub(crate) body: &'a mut Interner,
    pub(crate) ids: &'a HashMap<String, usize>,
    pub(crate) case_sensitive: bool,
    pub(crate) section_heads: &'a mut Vec<usize>,
}

impl CompileCx<'_> {
    /// Interns anchored heading patterns.
    pub fn heads(&mut self, patterns: &[String]) -> Vec<usize> {
        let cs = self.case_sensitive;
        patterns
            .iter()
            .map(|p| self.heads.add(crate::engine::wrap(p, cs, true)))
            .collect()
    }

    /// Marks heading patterns as those of sections (the title comes before them).
    pub fn section_heads(&mut self, heads: &[usize]) {
        self.section_heads.extend(heads);
    }

    /// Interns body patterns.
    pub fn body(&mut self, patterns: &[String]) -> Vec<usize> {
        let cs = self.case_sensitive;
        patterns
            .iter()
            .map(|p| self.body.add(crate::engine::wrap(p, cs, false)))
            .collect()
    }

    /// The index of another loaded rule (checked when the rule set loaded).
    pub fn rule_index(&self, id: &str) -> usize {
        self.ids[id]
    }

    /// One pattern on its own, compiled when first used.
    pub fn regex(&self, pattern: &str) -> crate::pattern::LazyRegex {
        crate::pattern::LazyRegex::new(crate::engine::wrap(pattern, self.case_sensitive, false))
    }
}

/// What a kind's `run` uses: one notice, and where its findings go.
pub(crate) struct Eval<'a> {
    pub engine: &'a Engine,
    pub cx: &'a Context<'a>,
    pub incident: &'a Incident,
    /// The rule's index in the engine.
    pub index: usize,
    /// The rule's effective severity.
    pub severity: Severity,
    pub out: &'a mut Vec<Diagnostic>,
    /// How many findings of the rule are kept (see [`Eval::push`]).
    pub cap: crate::diagnostic::Capped,
    /// Rules that need facts the notice has none of: (id, what is missing).
    pub unchecked: &'a mut Vec<(String, String)>,
}

impl<'a> Eval<'a> {
    /// The rule being checked (borrowed from the engine, not from `self`,
    /// so findings can be pushed while it is in use).
    pub fn rule(&self) -> &'a crate::rules::Rule {
        &self.engine.rules[self.index].rule
    }

    /// A finding of this rule at its effective severity.
    pub fn finding(&self, message: String, primary: Label) -> Diagnostic {
        crate::engine::finding(self.rule(), self.severity, message, primary)
    }

    /// Reports a finding, unless the rule has reached its cap in this file.
    pub fn push(&mut self, d: Diagnostic) {
        self.cap.push(self.out, d);
    }

    /// Whether further findings would be dropped: rules that find many
    /// skip making them and call [`Eval::skip`] instead.
    pub fn full(&self) -> bool {
        self.cap.full()
    }

    /// Counts a finding that was not made because the rule is [`Eval::full`].
    pub fn skip(&mut self) {
        self.cap.skip();
    }

    /// The rule's message template, as written.
    pub fn message(&self) -> String {
        self.rule().info.message.clone()
    }
}

kinds! {
    /// The notice's title must match `pattern`.
    Title => title, "title";
    /// A heading matching one of `heading` must exist (optionally with `min-words` of body).
    Section => section, "section";
    /// Required content, given as a heading or only in prose (`heading`, `cues`, `min-cues`, `within`).
    Element => element, "element";
    /// The sections named in `sections` must appear in that order.
    Order => order, "order";
    /// `pattern` must occur (in the document, or `within` a section).
    Require => require, "require";
    /// `pattern` must not occur; each occurrence is a finding.
    Forbid => forbid, "forbid";
    /// Time from one event to another must not exceed a limit.
    Deadline => deadline, "deadline";
    /// Counts of affected people must agree (letter, facts, reports).
    Count => count, "count";
    /// Dates stated in the letter must agree with the facts file.
    DateMatch => date_match, "date-match";
    /// A filed report's category must fit what the letter says happened.
    ReportMatch => report_match, "report-match";
    /// The facts file's data types must be named in the letter as involved.
    DataTypesNamed => named_types, "data-types-named";
    /// Each tracked change, comment, dangling link or merge field the file holds is a finding.
    Feature => feature, "feature";
    /// The notice's type must be at least `min-points` points.
    TypeSize => type_size, "type-size";
    /// Headings must be set larger than the text, or as large and bold.
    HeadingStyle => heading_style, "heading-style";
}
