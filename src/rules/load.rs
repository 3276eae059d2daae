//! Loading a rule-set file: TOML parsing, then checks that each rule has the
//! keys its kind needs, that patterns compile, and that cross-references
//! resolve. Every error points at the offending span in the file.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;
use serde_spanned::Spanned;

use super::kinds::Check;
use super::model::{Condition, Patterns, RuleDef, RuleKind, RuleSetFile, RuleTest};
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
    /// The place or law by name ("Massachusetts"), for conflict findings.
    pub jurisdiction: String,
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
pub(crate) struct PendingPattern {
    pub(crate) pattern: String,
    pub(crate) span: Span,
    pub(crate) case_sensitive: bool,
    pub(crate) anchored: bool,
    pub(crate) rule: String,
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
    /// What to do when `when` cannot be decided.
    pub when_unknown: super::model::WhenUnknown,
    /// The content the rule requires or forbids, for conflicts between rule sets.
    pub subject: Option<String>,
    /// First discovery date this rule version covers (ISO).
    pub effective_from: Option<String>,
    /// Last discovery date this rule version covers (ISO).
    pub effective_until: Option<String>,
}

/// Whether a version dated `from`..=`until` (ISO dates, either open) is in
/// force for an incident whose version date is `on`.
fn in_force(from: Option<&String>, until: Option<&String>, on: jiff::civil::Date) -> bool {
    let on = on.to_string();
    !(from.is_some_and(|f| on < *f) || until.is_some_and(|u| on > *u))
}

impl Rule {
    /// Whether this version of the rule is in force for an incident whose
    /// version date (see [`crate::incident::Incident::version_date`]) is `on`,
    /// by the rule's own effective dates only.
    pub fn in_force(&self, on: jiff::civil::Date) -> bool {
        in_force(
            self.effective_from.as_ref(),
            self.effective_until.as_ref(),
            on,
        )
    }
}

impl RuleSet {
    /// Parses and validates a rule set from `text`; `path` is used in errors.
    pub fn parse(origin: Origin, path: &Path, text: &str) -> Result<RuleSet, SpannedError> {
        let mut set = RuleSet::parse_deferred(origin, path, text)?;
        set.validate()?;
        Ok(set)
    }

    /// Whether the rule set applies to `incident`: its `applies-when`
    /// condition, decided or not (a set without one always applies). The
    /// one place `check`, `deadlines` and the engine ask it.
    pub fn applies_to(&self, incident: &crate::incident::Incident) -> crate::incident::Truth {
        self.applies_when
            .as_ref()
            .map_or(crate::incident::Truth::Yes, |c| incident.eval(c))
    }

    /// Whether `rule`, one of this set's rules, is the version in force on
    /// `on`: the rule's effective dates, or the set's where the rule has none.
    pub fn rule_in_force(&self, rule: &Rule, on: jiff::civil::Date) -> bool {
        in_force(
            rule.effective_from
                .as_ref()
                .or(self.effective_from.as_ref()),
            rule.effective_until
                .as_ref()
                .or(self.effective_until.as_ref()),
            on,
        )
    }

    /// Whether every pattern has been checked (see [`RuleSet::validate`]).
    pub fn is_validated(&self) -> bool {
        self.unchecked.is_none()
    }

    /// Checks every pattern of a rule set read with
    /// [`RuleSet::parse_deferred`]: that it parses, cannot match empty text
    /// and compiles. Errors point at the pattern in the TOML.
    pub fn validate(&mut self) -> Result<(), SpannedError> {
        let Some(unchecked) = &self.unchecked else {
            return Ok(());
        };
        for p in &unchecked.patterns {
            if let Err(problem) = check_pattern(&p.pattern, p.case_sensitive, p.anchored) {
                // The set stays unchecked: the engine refuses it.
                let err = |msg: String| {
                    SpannedError::new(&unchecked.path, unchecked.text.as_str(), Some(p.span), msg)
                };
                let id = &p.rule;
                return Err(match problem {
                    PatternProblem::Syntax(e) => err(format!("invalid regular expression in rule `{id}`"))
                        .with_label(regex_error_summary(&e))
                        .with_help("patterns use Rust regex syntax: no look-around or back-references; in TOML prefer literal strings '…'"),
                    PatternProblem::MatchesEmpty => err(format!("a pattern of rule `{id}` can match empty text"))
                        .with_label("this would match at every position of every notice")
                        .with_help("make at least one part of the pattern required, e.g. `(?:a|b)` instead of `(?:a|b)?`"),
                    PatternProblem::TooLarge(e) => {
                        err(format!("a pattern of rule `{id}` is too large to compile"))
                            .with_label(e.lines().last().unwrap_or("too large").to_string())
                            .with_help("split the pattern into several patterns, or bound its repetitions")
                    }
                });
            }
        }
        self.unchecked = None;
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
        Self::from_file(origin, path, text, file)
    }

    /// The built-in rule set `name` from the tree stored when breachlint was
    /// built (see `rules::stored`), loaded as [`RuleSet::parse`] would load
    /// `text`; `None` if it was not stored or does not deserialise.
    pub(crate) fn from_stored(name: &'static str, path: &Path, text: &str) -> Option<RuleSet> {
        let tree = super::stored::tree(name)?;
        let file = RuleSetFile::deserialize(toml::de::Deserializer::from(tree)).ok()?;
        Self::from_file(Origin::Builtin(name), path, text, file).ok()
    }

    /// Checks and builds the rule set deserialised from `text` as `file`.
    fn from_file(
        origin: Origin,
        path: &Path,
        text: &str,
        file: RuleSetFile,
    ) -> Result<RuleSet, SpannedError> {
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
        let set = SetContext {
            id: &set_id,
            verified,
            section_ids: &section_ids,
            path,
            text,
            pending: collect.as_ref(),
        };
        let mut rules = Vec::with_capacity(file.rule.len());
        for def in file.rule {
            rules.push(load_rule(def, &set, &mut seen)?);
        }
        Ok(RuleSet {
            id: set_id,
            jurisdiction: file
                .ruleset
                .jurisdiction
                .unwrap_or_else(|| file.ruleset.title.clone()),
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
/// What the rules of one rule set are loaded against.
struct SetContext<'a> {
    /// The rule set's id, the prefix of every rule id.
    id: &'a str,
    /// The rule set's `verified`, the rules' default.
    verified: bool,
    /// Ids of the set's section rules.
    section_ids: &'a [String],
    path: &'a Path,
    text: &'a str,
    /// Where patterns go to be compiled later, for rule sets from files.
    pending: Option<&'a std::cell::RefCell<Vec<PendingPattern>>>,
}

/// The rule `def` checked and built, or the first error in it; `seen`
/// collects rule ids to catch one used twice.
fn load_rule(
    def: RuleDef,
    set: &SetContext<'_>,
    seen: &mut HashSet<String>,
) -> Result<Rule, SpannedError> {
    let (path, text) = (set.path, set.text);
    let err = |span: Span, msg: String| SpannedError::new(path, text, Some(span), msg);
    let id = def.id.get_ref().clone();
    let id_span: Span = def.id.span().into();
    check_rule_id(&id, id_span, set, seen)?;
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
    let check = build_check(&def, set.section_ids, path, text, set.pending)?;
    if let Some(w) = &def.when {
        check_condition(w.get_ref(), w.span().into(), path, text)?;
    }
    if let Some(s) = def.subject.as_ref().filter(|s| !is_kebab(s.get_ref())) {
        return Err(err(
            s.span().into(),
            "`subject` must be lower-case words joined by dashes".into(),
        )
        .with_help("e.g. `subject = \"number-of-people-affected\"`"));
    }
    if let (Some(u), None) = (&def.when_unknown, &def.when) {
        return Err(err(u.span().into(), "`when-unknown` needs a `when`".into())
            .with_label("no condition to be unknown"));
    }
    Ok(Rule {
        info: RuleInfo {
            id,
            ruleset: set.id.to_string(),
            severity: def.severity,
            title: match &check {
                Check::Deadline(d) => d.obligation.clone(),
                _ => def.message.replace("{match}", "…"),
            },
            message: def.message,
            cite: def.cite,
            why: def.why.trim().to_string(),
            help: def.help.trim().to_string(),
            verified: def.verified.unwrap_or(set.verified),
        },
        kind: *def.kind.get_ref(),
        check,
        case_sensitive: def.case_sensitive,
        example: def.example,
        expected: def.expected,
        tests: def.test,
        when_unknown: def
            .when_unknown
            .as_ref()
            .map(|w| *w.get_ref())
            .unwrap_or_default(),
        when: def.when.map(|w| w.into_inner()),
        subject: def.subject.map(|s| s.into_inner()),
        effective_from: date_of(&def.effective_from, path, text)?,
        effective_until: date_of(&def.effective_until, path, text)?,
    })
}

/// An error unless `id` is `<set id>/<kebab-case name>` and not already in
/// `seen`.
fn check_rule_id(
    id: &str,
    id_span: Span,
    set: &SetContext<'_>,
    seen: &mut HashSet<String>,
) -> Result<(), SpannedError> {
    let set_id = set.id;
    let err = |msg: String| SpannedError::new(set.path, set.text, Some(id_span), msg);
    let name = id.strip_prefix(&format!("{set_id}/"));
    if !name.is_some_and(is_kebab) {
        return Err(err(format!("rule id `{id}` must be `{set_id}/<name>`"))
            .with_label("rule ids start with the rule set's id")
            .with_help(format!(
                "write e.g. `id = \"{set_id}/{}\"` (lower-case, dashes)",
                id.rsplit('/').next().unwrap_or("name").to_lowercase()
            )));
    }
    if !seen.insert(id.to_string()) {
        return Err(
            err(format!("rule id `{id}` is used twice")).with_help("each rule needs its own id")
        );
    }
    Ok(())
}

pub(crate) fn check_condition(
    c: &Condition,
    span: Span,
    path: &Path,
    text: &str,
) -> Result<(), SpannedError> {
    use crate::facts::{
        DataType, DocumentRole, EntityRole, NoticeMethod, Region, ReportKind, RiskLevel, Vocabulary,
    };
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
    /// An error for the first of `values` that is not a word of `T`.
    fn known<T: Vocabulary>(
        what: &str,
        values: &Option<Vec<String>>,
        bad: &dyn Fn(&str, &str, Vec<&'static str>) -> SpannedError,
    ) -> Result<(), SpannedError> {
        match values.iter().flatten().find(|v| v.parse::<T>().is_err()) {
            Some(v) => Err(bad(what, v, T::names())),
            None => Ok(()),
        }
    }
    known::<DataType>("data type", &c.data_types_any, &bad)?;
    known::<EntityRole>("entity role", &c.entity, &bad)?;
    known::<DocumentRole>("document role", &c.document_role, &bad)?;
    known::<NoticeMethod>("notice method", &c.notice_method, &bad)?;
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
    for code in c.residents_of_any_country.iter().flatten() {
        if Region::country(code).is_none() {
            return Err(SpannedError::new(
                path,
                text,
                Some(span),
                format!("`{code}` is not an ISO 3166-1 country code"),
            )
            .with_label("in this condition")
            .with_help(
                "write the two-letter code in capitals, e.g. DE; the United Kingdom is GB",
            ));
        }
    }
    known::<RiskLevel>("risk level", &c.risk_level, &bad)?;
    known::<ReportKind>("report recipient", &c.reports_filed, &bad)?;
    for sub in c.any.iter().flatten().chain(c.not.as_deref()) {
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

fn build_check(
    def: &RuleDef,
    section_ids: &[String],
    path: &Path,
    text: &str,
    pending: Option<&std::cell::RefCell<Vec<PendingPattern>>>,
) -> Result<Check, SpannedError> {
    let kind = *def.kind.get_ref();
    let kind_span: Span = def.kind.span().into();
    let err = |span: Span, msg: String| SpannedError::new(path, text, Some(span), msg);

    // Keys that were given but mean nothing for this kind.
    let given: [(&str, Option<Span>); 26] = [
        ("feature", def.feature.as_ref().map(|v| v.span().into())),
        (
            "min-points",
            def.min_points.as_ref().map(|v| v.span().into()),
        ),
        ("grace", def.grace.as_ref().map(|v| v.span().into())),
        ("only-if", def.only_if.as_ref().and_then(patterns_span)),
        (
            "oral-delay-limit",
            def.oral_delay_limit.as_ref().map(|v| v.span().into()),
        ),
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
        ("unless", def.unless.as_ref().and_then(patterns_span)),
        (
            "at-section-end",
            def.at_section_end.as_ref().map(|v| v.span().into()),
        ),
        ("heading", def.heading.as_ref().and_then(patterns_span)),
        ("min-words", def.min_words.as_ref().map(|m| m.span().into())),
        ("cues", def.cues.as_ref().and_then(patterns_span)),
        ("min-cues", def.min_cues.as_ref().map(|m| m.span().into())),
        ("within", def.within.as_ref().map(|w| w.span().into())),
    ];
    for (key, span) in given {
        if let Some(span) = span {
            if !kind.keys().contains(&key) {
                return Err(err(
                    span,
                    format!("`{key}` does nothing in a `{}` rule", kind.as_str()),
                )
                .with_label(format!("not used by kind `{}`", kind.as_str()))
                .with_help(format!(
                    "a `{}` rule takes: {}",
                    kind.as_str(),
                    kind.keys().join(", ")
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

    Check::build(
        kind,
        &super::kinds::BuildCx::new(def, section_ids, path, text, pending),
    )
}

fn patterns_span(p: &Spanned<Patterns>) -> Option<Span> {
    Some(p.span().into())
}

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

/// Checks one pattern as the engine will compile it: syntax (with its
/// location), whether it can match empty text, and that it compiles.
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
    crate::pattern::compile_prepared(&crate::engine::wrap(pat, case_sensitive, anchored))
        .map_err(|e| PatternProblem::TooLarge(e.to_string()))?;
    Ok(())
}

/// The useful last line of a regex error ("error: unclosed group").
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
            matches!(&set.rules[1].check, Check::Element(e) if e.min_cues == 2 && e.within.as_deref() == Some("demo/a"))
        );
    }

    #[test]
    fn bad_regex_points_at_pattern() {
        let e = load(&rule("forbid", "pattern = 'a(b'")).unwrap_err();
        assert_eq!(span_text(&e), "'a(b'");
        assert!(e.label.unwrap().contains("unclosed"));
    }

    #[test]
    fn vocabulary_values_are_checked_at_load() {
        let e = load(&rule(
            "deadline",
            "obligation = \"Report\"\nfrom = \"discovery\"\nto = \"report:hhss\"\nlimit = 60",
        ))
        .unwrap_err();
        assert_eq!(span_text(&e), "\"report:hhss\"");
        assert_eq!(e.help.as_deref(), Some("did you mean `hhs`?"));

        let e = load(&rule(
            "deadline",
            "obligation = \"N\"\nfrom = \"discovery\"\nto = \"notice\"\nlimit = 10\nunit = \"business-days\"\nholidays = \"us-federall\"",
        ))
        .unwrap_err();
        assert_eq!(span_text(&e), "\"us-federall\"");

        let map = "report = \"hhs\"\nfield = \"location\"\n[[rule.map]]\ncues = ['laptop']\nexpect = [\"Laptopp\"]\ndescribes = \"a laptop\"";
        let e = load(&rule("report-match", map)).unwrap_err();
        assert_eq!(span_text(&e), "\"Laptopp\"");
        assert_eq!(e.help.as_deref(), Some("did you mean `Laptop`?"));
        let e = load(&rule(
            "report-match",
            &map.replace("= \"hhs\"", "= \"hsh\""),
        ))
        .unwrap_err();
        assert_eq!(span_text(&e), "\"hsh\"");
        assert!(load(&rule("report-match", &map.replace("Laptopp", "laptop"))).is_ok());
    }

    #[test]
    fn new_keys_are_checked_at_load() {
        let e = load(&rule("forbid", "pattern = 'x'\nwhen-unknown = \"check\"")).unwrap_err();
        assert!(e.message.contains("needs a `when`"), "{}", e.message);
        let e = load(&rule(
            "deadline",
            "obligation = \"R\"\nfrom = \"notice\"\nto = \"report:hhs\"\ngrace = 2",
        ))
        .unwrap_err();
        assert!(e.message.contains("needs a `limit`"), "{}", e.message);
        let e = load(&rule("forbid", "pattern = 'x'\nonly-if = 'y'")).unwrap_err();
        assert!(e.message.contains("does nothing"), "{}", e.message);
        let e = load(&rule(
            "forbid",
            "pattern = 'x'\nwhen = { not = { reports-filed = [\"hhz\"] } }",
        ))
        .unwrap_err();
        assert_eq!(e.help.as_deref(), Some("did you mean `hhs`?"));
        let set = load(&rule(
            "element",
            "cues = ['x']\nonly-if = 'y'\nwhen = { not = { entity = [\"agency\"] } }\nwhen-unknown = \"skip\"",
        ))
        .unwrap();
        assert_eq!(
            set.rules[0].when_unknown,
            super::super::model::WhenUnknown::Skip
        );
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
    fn unless_lists_and_section_ends() {
        assert!(load(&rule("require", "pattern = 'x'\nunless = ['xa', 'xb']")).is_ok());
        assert!(
            load(&rule(
                "forbid",
                "pattern = 'x'\nunless = 'xa'\nat-section-end = true"
            ))
            .is_ok()
        );
        let e = load(&rule("require", "pattern = 'x'\nunless = ['xa', 'x(b']")).unwrap_err();
        assert_eq!(span_text(&e), "'x(b'");
        let e = load(&rule("require", "pattern = 'x'\nat-section-end = true")).unwrap_err();
        assert_eq!(span_text(&e), "true");
        assert!(e.message.contains("at-section-end"), "{}", e.message);
        let e = load(&rule("section", "heading = ['x']\nunless = 'y'")).unwrap_err();
        assert!(e.message.contains("unless"), "{}", e.message);
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
