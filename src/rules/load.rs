//! Loading a rule-set file: TOML parsing, then checks that each rule has the
//! keys its kind needs, that patterns compile, and that cross-references
//! resolve. Every error points at the offending span in the file.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_spanned::Spanned;

use super::model::{
    Condition, DeadlineUnit, Patterns, RuleDef, RuleKind, RuleSetFile, RuleTest, spanned_patterns,
};
use crate::error::{SpannedError, did_you_mean};
use crate::report::RuleInfo;
use crate::span::Span;

/// Where a rule set came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// Embedded in the binary, by name.
    Builtin(&'static str),
    /// Read from a file.
    File(PathBuf),
}

/// A loaded, validated rule set.
#[derive(Clone, Debug)]
pub struct RuleSet {
    /// Short name, the prefix of every rule id.
    pub id: String,
    /// Human title.
    pub title: String,
    /// The law as a whole.
    pub citation: String,
    /// Version string.
    pub version: String,
    /// Whether the law was checked against its text.
    pub verified: bool,
    /// Where the law was read.
    pub source: Option<String>,
    /// When the rules were last compared with the law (ISO date).
    pub last_verified: Option<String>,
    /// Longer description.
    pub description: Option<String>,
    /// Where the rule set came from.
    pub origin: Origin,
    /// The rules in file order.
    pub rules: Vec<Rule>,
    /// When the rule set applies to an incident; `None` means always.
    pub applies_when: Option<Condition>,
    /// First discovery date the rule set covers (ISO).
    pub effective_from: Option<String>,
    /// Last discovery date the rule set covers (ISO).
    pub effective_until: Option<String>,
    /// Patterns not yet checked (see [`RuleSet::parse_deferred`]).
    unchecked: Option<Arc<Unchecked>>,
}

/// Patterns of a rule set read from a file, still to be checked, with what
/// their errors need to point into the file.
#[derive(Debug)]
struct Unchecked {
    path: PathBuf,
    text: String,
    patterns: Vec<PendingPattern>,
}

/// One pattern still to be checked.
#[derive(Debug)]
struct PendingPattern {
    pattern: String,
    span: Span,
    case_sensitive: bool,
    anchored: bool,
    rule: String,
}

/// What a rule checks, with its patterns (validated, not yet compiled into the engine).
#[derive(Clone, Debug, PartialEq)]
pub enum Check {
    /// The title must match one of `patterns` (anchored).
    Title {
        /// Title patterns.
        patterns: Vec<String>,
    },
    /// A heading matching one of `headings` (anchored) must exist.
    Section {
        /// Heading patterns.
        headings: Vec<String>,
        /// Minimum number of words in the section body.
        min_words: Option<usize>,
    },
    /// Content given by a heading or by cues in prose.
    Element {
        /// Heading patterns (anchored).
        headings: Vec<String>,
        /// Cue patterns searched in the body.
        cues: Vec<String>,
        /// How many distinct cues must match.
        min_cues: usize,
        /// Restrict cues to the section of this section rule.
        within: Option<String>,
    },
    /// The named section rules' headings must come in this order.
    Order {
        /// Section rule ids, in order.
        sections: Vec<String>,
    },
    /// One of `patterns` must occur.
    Require {
        /// Patterns.
        patterns: Vec<String>,
        /// Restrict to a section.
        within: Option<String>,
    },
    /// Time between two events must not exceed a limit.
    Deadline(DeadlineSpec),
    /// Counts of affected people must agree.
    Count {
        /// Relative tolerance for approximate wording.
        tolerance: f64,
    },
    /// Dates in the letter must agree with the facts file.
    DateMatch {
        /// Roles compared: `discovery`, `breach`.
        roles: Vec<String>,
    },
    /// A filed report's field must fit the letter's narrative.
    ReportMatch {
        /// The report's recipient (`hhs`).
        report: String,
        /// The field compared (`location`, `type`).
        field: String,
        /// Narrative cues → expected values.
        map: Vec<NarrativeRule>,
    },
    /// No pattern may occur.
    Forbid {
        /// Patterns.
        patterns: Vec<String>,
        /// A match is excused when this matches the matched text.
        unless: Option<String>,
        /// Restrict to a section.
        within: Option<String>,
    },
}

/// An event a deadline is measured from or to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    /// The discovery date.
    Discovery,
    /// The breach date (the end of the breach, when it spans days).
    Breach,
    /// The first day of the breach.
    BreachStart,
    /// The end of a documented law-enforcement delay.
    LawEnforcementDelayEnd,
    /// 31 December of the year of discovery.
    EndOfYear,
    /// The notice to individuals (its planned or actual date).
    Notice,
    /// A report filed with `to` (and for `state`, when given).
    Report {
        /// Recipient, e.g. `hhs`, `state-ag`.
        to: String,
        /// State code, for state reports.
        state: Option<String>,
    },
}

impl Event {
    /// Parses `discovery`, `notice`, `report:hhs`, `report:state-ag:CA`, …
    pub fn parse(s: &str) -> Option<Event> {
        Some(match s {
            "discovery" => Event::Discovery,
            "breach" => Event::Breach,
            "breach-start" => Event::BreachStart,
            "law-enforcement-delay-end" => Event::LawEnforcementDelayEnd,
            "end-of-year" => Event::EndOfYear,
            "notice" => Event::Notice,
            other => {
                let rest = other.strip_prefix("report:")?;
                let (to, state) = match rest.split_once(':') {
                    Some((t, st)) => (t, Some(st.to_ascii_uppercase())),
                    None => (rest, None),
                };
                if to.is_empty() {
                    return None;
                }
                Event::Report {
                    to: to.to_string(),
                    state,
                }
            }
        })
    }

    /// The date that must be known for the event ("discovery" for the end of
    /// the year of discovery), for "cannot check" messages.
    pub fn needs(&self) -> String {
        match self {
            Event::Discovery | Event::EndOfYear => "discovery".into(),
            Event::Breach | Event::BreachStart => "breach".into(),
            Event::LawEnforcementDelayEnd => "law-enforcement delay end".into(),
            Event::Notice => "notice".into(),
            Event::Report { .. } => format!("{} filing", self.describe()),
        }
    }

    /// How the event reads in messages ("discovery", "the report to hhs").
    pub fn describe(&self) -> String {
        match self {
            Event::Discovery => "discovery".into(),
            Event::Breach => "the breach".into(),
            Event::BreachStart => "the start of the breach".into(),
            Event::LawEnforcementDelayEnd => "the end of the law-enforcement delay".into(),
            Event::EndOfYear => "the end of the year of discovery".into(),
            Event::Notice => "notice".into(),
            Event::Report {
                to,
                state: Some(st),
            } => format!("the report to {to} ({st})"),
            Event::Report { to, state: None } => format!("the report to {to}"),
        }
    }
}

/// A validated `deadline` rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeadlineSpec {
    /// Name of the obligation, for `breachlint deadlines`.
    pub obligation: String,
    /// Clock start.
    pub from: Event,
    /// What must happen in time.
    pub to: Event,
    /// Allowed time in `unit`s; `None` when the law sets no number (the
    /// elapsed time is then reported for information).
    pub limit: Option<i64>,
    /// Calendar days, business days or hours.
    pub unit: DeadlineUnit,
    /// Holiday calendar name for business days.
    pub holidays: String,
    /// Warn when a planned date is this many days or fewer before the deadline.
    pub warn_within: Option<i64>,
    /// A documented law-enforcement delay moves the deadline to its end.
    pub law_enforcement_extends: bool,
}

/// One `[[rule.map]]` entry of a `report-match` rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NarrativeRule {
    /// Regexes that recognise the narrative.
    pub cues: Vec<String>,
    /// Report values consistent with it.
    pub expect: Vec<String>,
    /// What the narrative is, for messages.
    pub describes: String,
}

/// One validated rule.
#[derive(Clone, Debug)]
pub struct Rule {
    /// Metadata shared with the renderers.
    pub info: RuleInfo,
    /// The kind, as written.
    pub kind: RuleKind,
    /// What to check.
    pub check: Check,
    /// Match case-sensitively.
    pub case_sensitive: bool,
    /// Example text for `explain`.
    pub example: Option<String>,
    /// Label at the place where missing content belongs.
    pub expected: Option<String>,
    /// Inline tests.
    pub tests: Vec<RuleTest>,
    /// Only check when this holds for the incident.
    pub when: Option<Condition>,
    /// First discovery date this rule version covers (ISO).
    pub effective_from: Option<String>,
    /// Last discovery date this rule version covers (ISO).
    pub effective_until: Option<String>,
}

impl RuleSet {
    /// Parses and validates a rule set from `text`; `path` is used in errors.
    pub fn parse(origin: Origin, path: &Path, text: &str) -> Result<RuleSet, SpannedError> {
        let mut set = RuleSet::parse_deferred(origin, path, text)?;
        set.validate()?;
        Ok(set)
    }

    /// Whether every pattern has been checked (see [`RuleSet::validate`]).
    pub fn is_validated(&self) -> bool {
        self.unchecked.is_none()
    }

    /// Checks every pattern of a rule set read with
    /// [`RuleSet::parse_deferred`]: that it parses, cannot match empty text
    /// and compiles. Errors point at the pattern in the TOML.
    pub fn validate(&mut self) -> Result<(), SpannedError> {
        let Some(unchecked) = self.unchecked.take() else {
            return Ok(());
        };
        for p in &unchecked.patterns {
            let err = |msg: String| {
                SpannedError::new(&unchecked.path, &unchecked.text, Some(p.span), msg)
            };
            let id = &p.rule;
            match check_pattern(&p.pattern, p.case_sensitive, p.anchored) {
                Ok(()) => {}
                Err(PatternProblem::Syntax(e)) => {
                    self.unchecked = Some(unchecked.clone());
                    return Err(err(format!("invalid regular expression in rule `{id}`"))
                        .with_label(regex_error_summary(&e))
                        .with_help("patterns use Rust regex syntax: no look-around or back-references; in TOML prefer literal strings '…'"));
                }
                Err(PatternProblem::MatchesEmpty) => {
                    self.unchecked = Some(unchecked.clone());
                    return Err(err(format!("a pattern of rule `{id}` can match empty text"))
                        .with_label("this would match at every position of every notice")
                        .with_help("make at least one part of the pattern required, e.g. `(?:a|b)` instead of `(?:a|b)?`"));
                }
                Err(PatternProblem::TooLarge(e)) => {
                    self.unchecked = Some(unchecked.clone());
                    return Err(
                        err(format!("a pattern of rule `{id}` is too large to compile"))
                            .with_label(e.lines().last().unwrap_or("too large").to_string())
                            .with_help(
                                "split the pattern into several patterns, or bound its repetitions",
                            ),
                    );
                }
            }
        }
        Ok(())
    }

    /// Parses a rule set like [`RuleSet::parse`] but leaves its patterns to
    /// [`RuleSet::validate`]: compiling them is most of the cost of loading,
    /// and a rule set whose `applies-when` does not hold need not pay it.
    pub fn parse_deferred(
        origin: Origin,
        path: &Path,
        text: &str,
    ) -> Result<RuleSet, SpannedError> {
        let file: RuleSetFile =
            toml::from_str(text).map_err(|e| SpannedError::from_toml(path, text, &e))?;
        let err = |span: Span, msg: String| SpannedError::new(path, text, Some(span), msg);
        let set_id = file.ruleset.id.get_ref().clone();
        if !is_kebab(&set_id) {
            return Err(err(
                file.ruleset.id.span().into(),
                format!("rule-set id `{set_id}` must be lower-case letters, digits and dashes"),
            )
            .with_help("e.g. `id = \"new-york\"`"));
        }
        let verified = file.ruleset.verified;
        let mut seen = HashSet::new();
        let section_ids: Vec<String> = file
            .rule
            .iter()
            .filter(|r| *r.kind.get_ref() == RuleKind::Section)
            .map(|r| r.id.get_ref().clone())
            .collect();
        // Built-in patterns are checked by the test suite
        // (`builtin_patterns_are_valid`); checking them again at every start
        // cost a seventh of start-up. Other patterns are checked by
        // `validate`.
        let collect = match origin {
            Origin::Builtin(_) => None,
            Origin::File(_) => Some(std::cell::RefCell::new(Vec::new())),
        };
        let mut rules = Vec::with_capacity(file.rule.len());
        for def in file.rule {
            let id = def.id.get_ref().clone();
            let id_span: Span = def.id.span().into();
            let name = id.strip_prefix(&format!("{set_id}/"));
            if !name.is_some_and(is_kebab) {
                return Err(
                    err(id_span, format!("rule id `{id}` must be `{set_id}/<name>`"))
                        .with_label("rule ids start with the rule set's id")
                        .with_help(format!(
                            "write e.g. `id = \"{set_id}/{}\"` (lower-case, dashes)",
                            id.rsplit('/').next().unwrap_or("name").to_lowercase()
                        )),
                );
            }
            if !seen.insert(id.clone()) {
                return Err(err(id_span, format!("rule id `{id}` is used twice"))
                    .with_help("each rule needs its own id"));
            }
            for (field, value) in [
                ("message", &def.message),
                ("cite", &def.cite),
                ("why", &def.why),
                ("help", &def.help),
            ] {
                if value.trim().is_empty() {
                    return Err(err(id_span, format!("rule `{id}` has an empty `{field}`"))
                        .with_help(format!("every rule needs a {field}")));
                }
            }
            let check = build_check(&def, &section_ids, path, text, collect.as_ref())?;
            if let Some(w) = &def.when {
                check_condition(w.get_ref(), w.span().into(), path, text)?;
            }
            rules.push(Rule {
                info: RuleInfo {
                    id,
                    ruleset: set_id.clone(),
                    severity: def.severity,
                    title: match &check {
                        Check::Deadline(d) => d.obligation.clone(),
                        _ => def.message.replace("{match}", "…"),
                    },
                    message: def.message,
                    cite: def.cite,
                    why: def.why.trim().to_string(),
                    help: def.help.trim().to_string(),
                    verified: def.verified.unwrap_or(verified),
                },
                kind: *def.kind.get_ref(),
                check,
                case_sensitive: def.case_sensitive,
                example: def.example,
                expected: def.expected,
                tests: def.test,
                when: def.when.map(|w| w.into_inner()),
                effective_from: date_of(&def.effective_from, path, text)?,
                effective_until: date_of(&def.effective_until, path, text)?,
            });
        }
        Ok(RuleSet {
            id: set_id,
            title: file.ruleset.title,
            citation: file.ruleset.citation,
            version: file.ruleset.version,
            verified,
            source: file.ruleset.source,
            last_verified: file.ruleset.last_verified.map(|d| d.to_string()),
            description: file.ruleset.description,
            origin,
            rules,
            applies_when: match file.ruleset.applies_when {
                Some(c) => {
                    check_condition(c.get_ref(), c.span().into(), path, text)?;
                    Some(c.into_inner())
                }
                None => None,
            },
            effective_from: date_of(&file.ruleset.effective_from, path, text)?,
            effective_until: date_of(&file.ruleset.effective_until, path, text)?,
            unchecked: collect.map(|c| {
                Arc::new(Unchecked {
                    path: path.to_path_buf(),
                    text: text.to_string(),
                    patterns: c.into_inner(),
                })
            }),
        })
    }
}

/// Checks the values in a condition against the facts file's vocabularies, so
/// a typo fails at load time instead of making the condition never hold.
pub(crate) fn check_condition(
    c: &Condition,
    span: Span,
    path: &Path,
    text: &str,
) -> Result<(), SpannedError> {
    use crate::facts::{DataType, EntityRole, NoticeMethod, Region};
    let bad = |what: &str, value: &str, known: Vec<&'static str>| {
        let mut e = SpannedError::new(
            path,
            text,
            Some(span),
            format!("unknown {what} `{value}` in a condition"),
        )
        .with_label("in this condition");
        if let Some(near) = did_you_mean(value, known.iter().copied()) {
            e = e.with_help(format!("did you mean `{near}`?"));
        } else {
            e = e.with_help(format!("known values: {}", known.join(", ")));
        }
        e
    };
    for t in c.data_types_any.iter().flatten() {
        if t.parse::<DataType>().is_err() {
            return Err(bad(
                "data type",
                t,
                DataType::ALL.iter().map(|d| d.as_str()).collect(),
            ));
        }
    }
    for e in c.entity.iter().flatten() {
        if e.parse::<EntityRole>().is_err() {
            return Err(bad(
                "entity role",
                e,
                EntityRole::ALL.iter().map(|d| d.as_str()).collect(),
            ));
        }
    }
    for m in c.notice_method.iter().flatten() {
        if m.parse::<NoticeMethod>().is_err() {
            return Err(bad(
                "notice method",
                m,
                NoticeMethod::ALL.iter().map(|d| d.as_str()).collect(),
            ));
        }
    }
    for code in c
        .residents_at_least
        .iter()
        .chain(c.residents_more_than.iter())
        .flat_map(|m| m.keys())
    {
        if code.len() != 2 || code.to_ascii_uppercase() != *code || Region::us_state(code).is_none()
        {
            return Err(SpannedError::new(
                path,
                text,
                Some(span),
                format!("`{code}` is not a US state code"),
            )
            .with_label("in this condition")
            .with_help("write the two-letter code in capitals, e.g. CA"));
        }
    }
    for sub in c.any.iter().flatten() {
        check_condition(sub, span, path, text)?;
    }
    Ok(())
}

/// A TOML date value as ISO text; datetimes and times are rejected.
fn date_of(
    v: &Option<Spanned<toml::value::Datetime>>,
    path: &Path,
    text: &str,
) -> Result<Option<String>, SpannedError> {
    let Some(v) = v else { return Ok(None) };
    let d = v.get_ref();
    match (&d.date, &d.time) {
        (Some(date), None) => Ok(Some(date.to_string())),
        _ => Err(SpannedError::new(
            path,
            text,
            Some(v.span().into()),
            "expected a date such as 2026-01-01".to_string(),
        )
        .with_label("not a plain date")),
    }
}

fn is_kebab(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

/// Keys each kind accepts besides the common ones.
fn allowed_keys(kind: RuleKind) -> &'static [&'static str] {
    match kind {
        RuleKind::Title => &["pattern"],
        RuleKind::Section => &["heading", "min-words"],
        RuleKind::Element => &["heading", "cues", "min-cues", "within"],
        RuleKind::Order => &["sections"],
        RuleKind::Require => &["pattern", "within"],
        RuleKind::Forbid => &["pattern", "unless", "within"],
        RuleKind::Deadline => &[
            "obligation",
            "from",
            "to",
            "limit",
            "unit",
            "holidays",
            "warn-within",
            "law-enforcement-extends",
        ],
        RuleKind::Count => &["tolerance"],
        RuleKind::DateMatch => &["roles"],
        RuleKind::ReportMatch => &["report", "field", "map"],
    }
}

fn build_check(
    def: &RuleDef,
    section_ids: &[String],
    path: &Path,
    text: &str,
    pending: Option<&std::cell::RefCell<Vec<PendingPattern>>>,
) -> Result<Check, SpannedError> {
    let kind = *def.kind.get_ref();
    let kind_span: Span = def.kind.span().into();
    let id = def.id.get_ref();
    let err = |span: Span, msg: String| SpannedError::new(path, text, Some(span), msg);

    // Keys that were given but mean nothing for this kind.
    let given: [(&str, Option<Span>); 20] = [
        ("unit", def.unit.map(|_| def.id.span().into())),
        ("warn-within", def.warn_within.map(|_| def.id.span().into())),
        (
            "law-enforcement-extends",
            def.law_enforcement_extends.map(|_| def.id.span().into()),
        ),
        ("from", def.from.as_ref().map(|v| v.span().into())),
        ("to", def.to.as_ref().map(|v| v.span().into())),
        ("limit", def.limit.as_ref().map(|v| v.span().into())),
        ("holidays", def.holidays.as_ref().map(|v| v.span().into())),
        ("report", def.report.as_ref().map(|v| v.span().into())),
        ("field", def.field.as_ref().map(|v| v.span().into())),
        (
            "roles",
            def.roles
                .as_ref()
                .and_then(|v| v.first())
                .map(|v| v.span().into()),
        ),
        (
            "obligation",
            def.obligation.as_ref().map(|_| def.id.span().into()),
        ),
        ("tolerance", def.tolerance.map(|_| def.id.span().into())),
        ("map", (!def.map.is_empty()).then(|| def.id.span().into())),
        ("pattern", def.pattern.as_ref().and_then(patterns_span)),
        ("unless", def.unless.as_ref().map(|u| u.span().into())),
        ("heading", def.heading.as_ref().and_then(patterns_span)),
        ("min-words", def.min_words.as_ref().map(|m| m.span().into())),
        ("cues", def.cues.as_ref().and_then(patterns_span)),
        ("min-cues", def.min_cues.as_ref().map(|m| m.span().into())),
        ("within", def.within.as_ref().map(|w| w.span().into())),
    ];
    for (key, span) in given {
        if let Some(span) = span {
            if !allowed_keys(kind).contains(&key) {
                return Err(err(
                    span,
                    format!("`{key}` does nothing in a `{}` rule", kind.as_str()),
                )
                .with_label(format!("not used by kind `{}`", kind.as_str()))
                .with_help(format!(
                    "a `{}` rule takes: {}",
                    kind.as_str(),
                    allowed_keys(kind).join(", ")
                )));
            }
        }
    }
    if let Some(s) = &def.sections {
        if kind != RuleKind::Order {
            let span = s.first().map(|x| x.span().into()).unwrap_or(kind_span);
            return Err(err(
                span,
                format!("`sections` does nothing in a `{}` rule", kind.as_str()),
            )
            .with_help("only `order` rules list sections"));
        }
    }

    let compile =
        |patterns: &[Spanned<String>], anchored: bool| -> Result<Vec<String>, SpannedError> {
            patterns
                .iter()
                .map(|p| {
                    let pat = p.get_ref();
                    if let Some(pending) = pending {
                        pending.borrow_mut().push(PendingPattern {
                            pattern: pat.clone(),
                            span: p.span().into(),
                            case_sensitive: def.case_sensitive,
                            anchored,
                            rule: id.clone(),
                        });
                    }
                    Ok(pat.clone())
                })
                .collect()
        };
    let need =
        |p: &Option<Spanned<Patterns>>, key: &str| -> Result<Vec<Spanned<String>>, SpannedError> {
            match p.as_ref().map(spanned_patterns) {
                Some(v) if !v.is_empty() => Ok(v),
                _ => Err(err(
                    def.id.span().into(),
                    format!("a `{}` rule needs `{key}`", kind.as_str()),
                )
                .with_label(format!("`{key}` is missing for this rule"))),
            }
        };
    let within = match &def.within {
        None => None,
        Some(w) => {
            let target = w.get_ref();
            if !section_ids.iter().any(|s| s == target) {
                let mut e = err(
                    w.span().into(),
                    format!(
                        "`within` names `{target}`, which is not a `section` rule of this rule set"
                    ),
                )
                .with_label("unknown section rule");
                if let Some(near) = did_you_mean(target, section_ids.iter().map(String::as_str)) {
                    e = e.with_help(format!("did you mean `{near}`?"));
                }
                return Err(e);
            }
            Some(target.clone())
        }
    };

    Ok(match kind {
        RuleKind::Title => Check::Title {
            patterns: compile(&need(&def.pattern, "pattern")?, true)?,
        },
        RuleKind::Section => Check::Section {
            headings: compile(&need(&def.heading, "heading")?, true)?,
            min_words: def.min_words.as_ref().map(|m| *m.get_ref()),
        },
        RuleKind::Element => {
            let headings = match &def.heading {
                Some(h) => compile(&spanned_patterns(h), true)?,
                None => Vec::new(),
            };
            let cues = match &def.cues {
                Some(c) => compile(&spanned_patterns(c), false)?,
                None => Vec::new(),
            };
            if headings.is_empty() && cues.is_empty() {
                return Err(err(
                    def.id.span().into(),
                    "an `element` rule needs `heading` or `cues` (or both)".into(),
                ));
            }
            let min_cues = def.min_cues.as_ref().map_or(1, |m| *m.get_ref());
            if let Some(m) = &def.min_cues {
                if min_cues == 0 || min_cues > cues.len() {
                    return Err(err(
                        m.span().into(),
                        format!(
                            "`min-cues = {min_cues}` but the rule has {} cues",
                            cues.len()
                        ),
                    )
                    .with_help("min-cues must be between 1 and the number of cues"));
                }
            }
            Check::Element {
                headings,
                cues,
                min_cues,
                within,
            }
        }
        RuleKind::Order => {
            let Some(sections) = &def.sections else {
                return Err(err(
                    def.id.span().into(),
                    "an `order` rule needs `sections`".into(),
                ));
            };
            for s in sections {
                if !section_ids.iter().any(|x| x == s.get_ref()) {
                    let mut e = err(
                        s.span().into(),
                        format!("`{}` is not a `section` rule of this rule set", s.get_ref()),
                    )
                    .with_label("unknown section rule");
                    if let Some(near) =
                        did_you_mean(s.get_ref(), section_ids.iter().map(String::as_str))
                    {
                        e = e.with_help(format!("did you mean `{near}`?"));
                    }
                    return Err(e);
                }
            }
            if sections.len() < 2 {
                return Err(err(
                    kind_span,
                    "an `order` rule needs at least two sections".into(),
                ));
            }
            Check::Order {
                sections: sections.iter().map(|s| s.get_ref().clone()).collect(),
            }
        }
        RuleKind::Require => Check::Require {
            patterns: compile(&need(&def.pattern, "pattern")?, false)?,
            within,
        },
        RuleKind::Deadline => {
            let need_s =
                |v: &Option<Spanned<String>>, key: &str| -> Result<Spanned<String>, SpannedError> {
                    v.clone().ok_or_else(|| {
                        err(
                            def.id.span().into(),
                            format!("a `deadline` rule needs `{key}`"),
                        )
                        .with_label(format!("`{key}` is missing"))
                    })
                };
            let from = need_s(&def.from, "from")?;
            let to = need_s(&def.to, "to")?;
            let parse_event = |s: &Spanned<String>| {
                Event::parse(s.get_ref()).ok_or_else(|| {
                    err(s.span().into(), format!("unknown event `{}`", s.get_ref()))
                        .with_label("not an event")
                        .with_help("events: discovery, breach, breach-start, law-enforcement-delay-end, end-of-year, notice, report:<to>[:<STATE>]")
                })
            };
            if let Some(limit) = &def.limit {
                if *limit.get_ref() < 0 {
                    return Err(err(
                        limit.span().into(),
                        "`limit` must not be negative".into(),
                    ));
                }
            }
            let holidays = def
                .holidays
                .as_ref()
                .map_or_else(|| "us-federal".to_string(), |h| h.get_ref().clone());
            if let Some(h) = &def.holidays {
                if !matches!(h.get_ref().as_str(), "us-federal" | "none") {
                    return Err(err(
                        h.span().into(),
                        format!("unknown holiday calendar `{}`", h.get_ref()),
                    )
                    .with_help("use `us-federal` or `none`"));
                }
            }
            Check::Deadline(DeadlineSpec {
                obligation: def.obligation.clone().ok_or_else(|| {
                    err(def.id.span().into(), "a `deadline` rule needs `obligation`".into())
                        .with_label("`obligation` is missing")
                        .with_help("name what must be done, e.g. `obligation = \"Notice to individuals\"`; `breachlint deadlines` lists it")
                })?,
                from: parse_event(&from)?,
                to: parse_event(&to)?,
                limit: def.limit.as_ref().map(|l| *l.get_ref()),
                unit: def.unit.unwrap_or_default(),
                holidays,
                warn_within: def.warn_within,
                law_enforcement_extends: def.law_enforcement_extends.unwrap_or(true),
            })
        }
        RuleKind::Count => {
            let tolerance = def.tolerance.unwrap_or(0.0);
            if !(0.0..=1.0).contains(&tolerance) {
                return Err(err(
                    def.id.span().into(),
                    format!(
                        "`tolerance = {tolerance}` must be between 0 and 1 (a fraction, e.g. 0.1 for 10%)"
                    ),
                ));
            }
            Check::Count { tolerance }
        }
        RuleKind::DateMatch => {
            let roles: Vec<String> = match &def.roles {
                None => vec!["discovery".into(), "breach".into()],
                Some(r) => {
                    for role in r {
                        if !matches!(role.get_ref().as_str(), "discovery" | "breach") {
                            return Err(err(
                                role.span().into(),
                                format!("unknown role `{}`", role.get_ref()),
                            )
                            .with_help("roles: discovery, breach"));
                        }
                    }
                    r.iter().map(|x| x.get_ref().clone()).collect()
                }
            };
            Check::DateMatch { roles }
        }
        RuleKind::ReportMatch => {
            let report = def.report.as_ref().ok_or_else(|| {
                err(
                    def.id.span().into(),
                    "a `report-match` rule needs `report`".into(),
                )
            })?;
            let field = def.field.as_ref().ok_or_else(|| {
                err(
                    def.id.span().into(),
                    "a `report-match` rule needs `field`".into(),
                )
            })?;
            if !matches!(field.get_ref().as_str(), "location" | "type") {
                return Err(err(
                    field.span().into(),
                    format!("unknown report field `{}`", field.get_ref()),
                )
                .with_help("fields: location, type"));
            }
            if def.map.is_empty() {
                return Err(err(
                    def.id.span().into(),
                    "a `report-match` rule needs at least one [[rule.map]]".into(),
                ));
            }
            let mut map = Vec::new();
            for m in &def.map {
                map.push(NarrativeRule {
                    cues: compile(&m.cues, false)?,
                    expect: m.expect.clone(),
                    describes: m.describes.clone(),
                });
            }
            Check::ReportMatch {
                report: report.get_ref().clone(),
                field: field.get_ref().clone(),
                map,
            }
        }
        RuleKind::Forbid => Check::Forbid {
            patterns: compile(&need(&def.pattern, "pattern")?, false)?,
            unless: match &def.unless {
                Some(u) => compile(std::slice::from_ref(u), false)?.pop(),
                None => None,
            },
            within,
        },
    })
}

fn patterns_span(p: &Spanned<Patterns>) -> Option<Span> {
    Some(p.span().into())
}

/// The useful last line of a regex error ("error: unclosed group").
/// Why a rule pattern cannot be used.
#[derive(Debug)]
pub(crate) enum PatternProblem {
    /// Not valid regex syntax.
    Syntax(regex_syntax::Error),
    /// A body pattern that can match the empty string: it would be found
    /// everywhere, and the engine relies on every match being non-empty.
    MatchesEmpty,
    /// Valid, but too large to compile.
    TooLarge(String),
}

/// Checks one pattern as the engine will compile it. Parsing is enough to
/// find syntax errors and keep their location; the engine compiles every
/// pattern once, in its set.
pub(crate) fn check_pattern(
    pat: &str,
    case_sensitive: bool,
    anchored: bool,
) -> Result<(), PatternProblem> {
    let full = if anchored {
        format!("^(?:{pat})$")
    } else {
        pat.to_string()
    };
    let hir = regex_syntax::ParserBuilder::new()
        .case_insensitive(!case_sensitive)
        .build()
        .parse(&full)
        .map_err(PatternProblem::Syntax)?;
    if !anchored && hir.properties().minimum_len() == Some(0) {
        return Err(PatternProblem::MatchesEmpty);
    }
    // The engine compiles body patterns only when a notice first needs
    // them; compiling here too means that can never fail.
    crate::pattern::regex(&full).map_err(|e| PatternProblem::TooLarge(e.to_string()))?;
    Ok(())
}

fn regex_error_summary(e: &regex_syntax::Error) -> String {
    let text = e.to_string();
    text.lines()
        .rev()
        .find(|l| l.trim_start().starts_with("error:"))
        .map(|l| l.trim().to_string())
        .unwrap_or_else(|| text.lines().last().unwrap_or("invalid pattern").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "[ruleset]\nid = \"demo\"\ntitle = \"Demo\"\ncitation = \"Demo Act\"\nversion = \"1\"\nverified = true\n";

    fn load(rules: &str) -> Result<RuleSet, SpannedError> {
        let text = format!("{HEAD}{rules}");
        RuleSet::parse(
            Origin::File("demo.toml".into()),
            Path::new("demo.toml"),
            &text,
        )
    }

    fn rule(kind: &str, extra: &str) -> String {
        format!(
            "\n[[rule]]\nid = \"demo/r\"\nkind = \"{kind}\"\nseverity = \"error\"\nmessage = \"m\"\ncite = \"c\"\nwhy = \"w\"\nhelp = \"h\"\n{extra}\n"
        )
    }

    fn span_text(e: &SpannedError) -> &str {
        &e.source[e.span.expect("span").range()]
    }

    #[test]
    fn loads_every_kind() {
        let text = format!(
            "{}{}",
            rule("section", "heading = ['what happened']").replace("demo/r", "demo/a"),
            rule(
                "element",
                "cues = ['x', 'y']\nmin-cues = 2\nwithin = 'demo/a'"
            )
        );
        let set = load(&text).unwrap();
        assert_eq!(set.rules.len(), 2);
        assert!(
            matches!(&set.rules[1].check, Check::Element { min_cues: 2, within: Some(w), .. } if w == "demo/a")
        );
    }

    #[test]
    fn bad_regex_points_at_pattern() {
        let e = load(&rule("forbid", "pattern = 'a(b'")).unwrap_err();
        assert_eq!(span_text(&e), "'a(b'");
        assert!(e.label.unwrap().contains("unclosed"));
    }

    #[test]
    fn empty_matching_pattern_is_rejected() {
        let e = load(&rule("forbid", r"pattern = '(?:draft)?'")).unwrap_err();
        assert_eq!(span_text(&e), r"'(?:draft)?'");
        assert!(e.message.contains("empty text"), "{}", e.message);
    }

    #[test]
    fn deferred_patterns_are_checked_by_validate() {
        let text = format!("{HEAD}{}", rule("forbid", "pattern = 'a(b'"));
        let path = Path::new("demo.toml");
        let mut set = RuleSet::parse_deferred(Origin::File(path.into()), path, &text)
            .expect("reading does not check patterns");
        assert!(!set.is_validated());
        let e = set.validate().unwrap_err();
        assert_eq!(span_text(&e), "'a(b'");
        assert!(
            !set.is_validated(),
            "a failed check leaves the set unchecked"
        );
        let engine = crate::engine::Engine::new(vec![set], &Default::default());
        assert!(engine.is_err(), "the engine refuses unchecked patterns");
    }

    #[test]
    fn unknown_key_points_at_key() {
        let e = load(&rule("forbid", "pattern = 'x'\npatern = 'y'")).unwrap_err();
        assert_eq!(span_text(&e), "patern");
    }

    #[test]
    fn key_of_another_kind_is_rejected() {
        let e = load(&rule("forbid", "pattern = 'x'\nmin-words = 3")).unwrap_err();
        assert_eq!(span_text(&e), "3");
        assert!(e.message.contains("min-words"));
    }

    #[test]
    fn within_must_name_a_section_with_suggestion() {
        let text = format!(
            "{}{}",
            rule("section", "heading = ['what happened']").replace("demo/r", "demo/what-happened"),
            rule("require", "pattern = 'x'\nwithin = 'demo/what-hapened'")
        );
        let e = load(&text).unwrap_err();
        assert_eq!(span_text(&e), "'demo/what-hapened'");
        assert_eq!(
            e.help.as_deref(),
            Some("did you mean `demo/what-happened`?")
        );
    }

    #[test]
    fn rule_ids_need_the_prefix() {
        let e = load(&rule("forbid", "pattern = 'x'").replace("demo/r", "other/r")).unwrap_err();
        assert_eq!(span_text(&e), "\"other/r\"");
    }

    #[test]
    fn wrong_severity_is_located() {
        let e =
            load(&rule("forbid", "pattern = 'x'").replace("\"error\"", "\"fatal\"")).unwrap_err();
        assert_eq!(span_text(&e), "\"fatal\"");
    }
}
