//! What the rules know about an incident: the facts file merged with what
//! the letter itself says, each value tagged with where it came from so
//! diagnostics can point at it and say when something is unknown.

use std::collections::BTreeMap;
use std::sync::Arc;

use jiff::civil::Date;

use crate::facts::{DataType, FiledReport, Region};
use crate::rules::model::Condition;
use crate::source::SourceFile;
use crate::span::Span;

/// Where a fact came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// The incident facts file, at this span of its text (if known).
    Facts(Option<Span>),
    /// The letter, at this source span.
    Letter(Span),
    /// The command line (`--notice-date`).
    CommandLine,
    /// Assumed: the notice date defaults to today.
    Today,
}

impl Origin {
    /// A phrase for notes: "from incident.toml", "from the letter", ….
    pub fn describe(&self, facts_name: &str) -> String {
        match self {
            Origin::Facts(_) => format!("from {facts_name}"),
            Origin::Letter(_) => "as stated in the letter".into(),
            Origin::CommandLine => "from --notice-date".into(),
            Origin::Today => {
                "assumed to be today (set notice-date in the facts file or pass --notice-date)"
                    .into()
            }
        }
    }
}

/// A value with its origin.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sourced<T> {
    /// The value.
    pub value: T,
    /// Where it came from.
    pub origin: Origin,
}

impl<T> Sourced<T> {
    /// A value from `origin`.
    pub fn new(value: T, origin: Origin) -> Self {
        Sourced { value, origin }
    }
}

/// A count of affected people stated in the letter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LetterCount {
    /// The number.
    pub value: u64,
    /// Said with "about", "approximately", "more than", ….
    pub approximate: bool,
    /// The approximation word, lower-case.
    pub qualifier: Option<String>,
    /// What was counted ("members").
    pub noun: String,
    /// Where, in the notice's source.
    pub span: Span,
}

impl LetterCount {
    /// Which way the count's qualifier points.
    pub fn bound(&self) -> crate::extract::Bound {
        crate::extract::Bound::of(self.approximate, self.qualifier.as_deref())
    }

    /// The count as the letter says it: "about 1,250 members".
    pub fn says(&self) -> String {
        let n = crate::extract::group_thousands(self.value);
        match &self.qualifier {
            Some(q) => format!("{q} {n} {}", self.noun),
            None => format!("{n} {}", self.noun),
        }
    }
}

/// A date stated in the letter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LetterDate {
    /// The date.
    pub date: Date,
    /// `breach`, `breach-start`, `breach-end`, `discovery`, `notice`, `other`.
    pub role: &'static str,
    /// Where, in the notice's source.
    pub span: Span,
}

/// A date the letter gives that may also be the discovery.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OtherDiscovery {
    /// The date.
    pub date: Date,
    /// What it marks.
    pub basis: crate::extract::Basis,
    /// Where, in the notice's source.
    pub span: Span,
}

/// A data type named in the letter, and what the letter says of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LetterDataType {
    /// What kind of information.
    pub data_type: DataType,
    /// What the letter says of it.
    pub stance: Stance,
    /// Where, in the notice's source.
    pub span: Span,
}

/// What the letter says of a data type it names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stance {
    /// It was (or may have been) involved.
    Involved,
    /// It was not involved, or is not held.
    Denied,
    /// It is named only in advice to the reader.
    Advice,
}

/// Everything the fact rules may use about one incident.
#[derive(Clone, Debug, Default)]
pub struct Incident {
    /// Today's date (injectable for tests).
    pub today: Option<Date>,
    /// The facts file, for labels and notes.
    pub facts_file: Option<Arc<SourceFile>>,
    /// Organisation name.
    pub organization: Option<String>,
    /// Entity role, e.g. `covered-entity`.
    pub entities: Vec<String>,
    /// Discovery date.
    pub discovery: Option<Sourced<Date>>,
    /// When the breach was determined to have occurred (`determination-date`).
    pub determination: Option<Sourced<Date>>,
    /// The instant of discovery, when the facts file gives a time with it
    /// (hour-based deadlines are then counted exactly).
    pub discovery_at: Option<jiff::Timestamp>,
    /// Other dates the letter gives that may be the discovery, when the
    /// discovery date was chosen from the letter.
    pub discovery_others: Vec<OtherDiscovery>,
    /// First day of the breach.
    pub breach_start: Option<Sourced<Date>>,
    /// Last day of the breach (equal to the start for one-day breaches).
    pub breach_end: Option<Sourced<Date>>,
    /// Date the notice is (or is planned to be) published.
    pub notice: Option<Sourced<Date>>,
    /// A law-enforcement delay recorded in the facts file.
    pub law_enforcement: Option<LawEnforcementDelay>,
    /// Total affected people.
    pub affected: Option<Sourced<u64>>,
    /// Residents per state or country (a country code may equal a state code: CA, DE).
    pub residents: BTreeMap<Region, u64>,
    /// Data types involved (facts file, or named in the letter without negation).
    pub data_types: Vec<Sourced<DataType>>,
    /// Notice methods.
    pub notice_methods: Vec<String>,
    /// The assessed risk to people (`risk-level`).
    pub risk_level: Option<String>,
    /// Reports already filed.
    pub reports: Vec<FiledReport>,
    /// Whether a facts file was found at all.
    pub has_facts: bool,
    /// Counts of affected people stated in the letter.
    pub letter_counts: Vec<LetterCount>,
    /// Dates stated in the letter.
    pub letter_dates: Vec<LetterDate>,
    /// Data types named in the letter, in text order.
    pub letter_data_types: Vec<LetterDataType>,
    /// What the document being checked is, when the facts file lists it
    /// (`[[document]]`); `None` is a letter.
    pub document_role: Option<crate::facts::DocumentRole>,
}

/// A delay of notice that law enforcement asked for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LawEnforcementDelay {
    /// When it was asked for.
    pub requested: Option<Date>,
    /// When it ends, as requested.
    pub until: Option<Date>,
    /// Asked for orally (`Some(true)`), in writing (`Some(false)`), or not
    /// recorded (some laws count an oral request for a limited time only).
    pub oral: Option<bool>,
    /// Where the letter states the delay, when it comes from the letter and
    /// not from the facts file.
    pub stated: Option<Span>,
    /// The letter says the delay lasted until the notice itself ("until now").
    pub until_notice: bool,
}

/// The result of checking a condition: true, false, or unknown for want of a fact.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Truth {
    /// The condition holds.
    Yes,
    /// It does not.
    No,
    /// It cannot be decided; the string names the missing fact.
    Unknown(String),
}

impl Truth {
    fn and(self, other: Truth) -> Truth {
        match (self, other) {
            (Truth::No, _) | (_, Truth::No) => Truth::No,
            (Truth::Unknown(a), _) => Truth::Unknown(a),
            (_, Truth::Unknown(b)) => Truth::Unknown(b),
            _ => Truth::Yes,
        }
    }

    fn from_bool(b: bool) -> Truth {
        if b { Truth::Yes } else { Truth::No }
    }
}

impl Incident {
    /// Total affected, from the facts file or the letter.
    pub fn affected_total(&self) -> Option<u64> {
        self.affected.as_ref().map(|a| a.value)
    }

    /// Whether any of `types` (data type names, checked when the rule set
    /// loaded) is involved.
    pub fn involves_any(&self, types: &[String]) -> bool {
        self.data_types
            .iter()
            .any(|d| types.iter().any(|t| t.parse() == Ok(d.value)))
    }

    /// Reports filed with `to` (and `state`, when given).
    pub fn reports_to<'a>(
        &'a self,
        to: &'a str,
        state: Option<&'a str>,
    ) -> impl Iterator<Item = &'a FiledReport> + 'a {
        self.reports.iter().filter(move |r| {
            r.kind().as_str() == to
                && state
                    .is_none_or(|s| r.region().is_some_and(|g| g.code().eq_ignore_ascii_case(s)))
        })
    }

    /// Evaluates a rule's or rule set's condition.
    pub fn eval(&self, c: &Condition) -> Truth {
        // `and` keeps the first unknown and lets any "no" win, so the groups
        // combine exactly as the conditions would one by one.
        self.eval_affected(c)
            .and(self.eval_residents(c))
            .and(self.eval_circumstances(c))
            .and(self.eval_nested(c))
    }

    /// The condition's thresholds on the total number of affected people.
    fn eval_affected(&self, c: &Condition) -> Truth {
        let mut t = Truth::Yes;
        let total = self.affected_total();
        let need_total = |f: &dyn Fn(u64) -> bool| match total {
            Some(n) => Truth::from_bool(f(n)),
            None => Truth::Unknown("the number of affected people (`affected`)".into()),
        };
        if let Some(n) = c.affected_at_least {
            t = t.and(need_total(&|x| x >= n));
        }
        if let Some(n) = c.affected_more_than {
            t = t.and(need_total(&|x| x > n));
        }
        if let Some(n) = c.affected_less_than {
            t = t.and(need_total(&|x| x < n));
        }
        t
    }

    /// The condition's tests on residents per state and per country.
    fn eval_residents(&self, c: &Condition) -> Truth {
        let mut t = Truth::Yes;
        if let Some(m) = &c.residents_at_least {
            t = t.and(self.residents_reach(m, false));
        }
        if let Some(m) = &c.residents_more_than {
            t = t.and(self.residents_reach(m, true));
        }
        if let Some(n) = c.residents_of_any_state_more_than {
            t = t.and(if self.residents.is_empty() {
                Truth::Unknown("residents per state (`[residents]`)".into())
            } else {
                Truth::from_bool(
                    self.residents
                        .iter()
                        .any(|(region, r)| region.is_us_state() && *r > n),
                )
            });
        }
        if let Some(codes) = &c.residents_of_any_country {
            // Countries are named by ISO code, wherever `[residents]` lists
            // them (a code that is also a state's sits under `.country`).
            t = t.and(if self.residents.is_empty() {
                Truth::Unknown("residents per country (`[residents]`)".into())
            } else {
                Truth::from_bool(codes.iter().any(|code| {
                    Region::country(code)
                        .and_then(|r| self.residents.get(&r))
                        .is_some_and(|n| *n > 0)
                }))
            });
        }
        t
    }

    /// Whether every state in `map` has at least (or, `strict`, more than)
    /// its number of residents.
    fn residents_reach(&self, map: &BTreeMap<String, u64>, strict: bool) -> Truth {
        let mut t = Truth::Yes;
        for (code, n) in map {
            // Conditions name US states (checked when the rule set loads).
            let count = Region::us_state(code).and_then(|r| self.residents.get(&r));
            t = t.and(match count {
                Some(r) => Truth::from_bool(if strict { r > n } else { r >= n }),
                None if self.has_facts && !self.residents.is_empty() => Truth::No,
                None => Truth::Unknown(format!("the number of {code} residents (`[residents]`)")),
            });
        }
        t
    }

    /// The condition's tests on the rest of the facts: risk, data types,
    /// entity, notice method, delay, reports filed and document role.
    fn eval_circumstances(&self, c: &Condition) -> Truth {
        let mut t = Truth::Yes;
        if let Some(levels) = &c.risk_level {
            t = t.and(match &self.risk_level {
                Some(r) => Truth::from_bool(levels.contains(r)),
                None => Truth::Unknown("the assessed risk (`risk-level`)".into()),
            });
        }
        if let Some(types) = &c.data_types_any {
            t = t.and(if self.involves_any(types) {
                Truth::Yes
            } else if self.data_types.is_empty() {
                Truth::Unknown("which data types were involved (`data-types`)".into())
            } else {
                Truth::No
            });
        }
        if let Some(roles) = &c.entity {
            t = t.and(if self.entities.is_empty() {
                Truth::Unknown("the entity's role (`entity`)".into())
            } else {
                Truth::from_bool(self.entities.iter().any(|e| roles.contains(e)))
            });
        }
        if let Some(methods) = &c.notice_method {
            t = t.and(if self.notice_methods.is_empty() {
                Truth::Unknown("the notice method (`notice-method`)".into())
            } else {
                Truth::from_bool(self.notice_methods.iter().any(|m| methods.contains(m)))
            });
        }
        if let Some(want) = c.law_enforcement_delay {
            t = t.and(Truth::from_bool(self.law_enforcement.is_some() == want));
        }
        if let Some(kinds) = &c.reports_filed {
            // Without a facts file nothing says which reports were filed.
            t = t.and(if self.has_facts {
                Truth::from_bool(
                    self.reports
                        .iter()
                        .any(|r| kinds.iter().any(|k| k == r.kind().as_str())),
                )
            } else {
                Truth::Unknown("the reports already filed (`[[report]]`)".into())
            });
        }
        if let Some(roles) = &c.document_role {
            let role = self
                .document_role
                .unwrap_or(crate::facts::DocumentRole::Letter);
            t = t.and(Truth::from_bool(roles.iter().any(|r| r == role.as_str())));
        }
        t
    }

    /// The condition's nested `not` and `any` conditions.
    fn eval_nested(&self, c: &Condition) -> Truth {
        let mut t = Truth::Yes;
        if let Some(not) = &c.not {
            t = t.and(match self.eval(not) {
                Truth::Yes => Truth::No,
                Truth::No => Truth::Yes,
                u @ Truth::Unknown(_) => u,
            });
        }
        if let Some(any) = &c.any {
            let results: Vec<Truth> = any.iter().map(|x| self.eval(x)).collect();
            t = t.and(if results.contains(&Truth::Yes) {
                Truth::Yes
            } else if let Some(Truth::Unknown(u)) =
                results.iter().find(|r| matches!(r, Truth::Unknown(_)))
            {
                Truth::Unknown(u.clone())
            } else {
                Truth::No
            });
        }
        t
    }
}

/// Inputs for [`Incident::build`].
pub struct Inputs<'a> {
    /// The parsed notice.
    pub doc: &'a crate::document::Document,
    /// What was extracted from the notice's plain text.
    pub extracted: &'a crate::extract::Extracted,
    /// The facts file, if any.
    pub facts: Option<&'a crate::facts::Facts>,
    /// Today's date.
    pub today: Date,
    /// `--notice-date`, which wins over everything else.
    pub notice_override: Option<Date>,
}

impl Incident {
    /// The date that chooses which version of a law is in force: the
    /// discovery date, or today when it is unknown.
    pub fn version_date(&self) -> Option<Date> {
        self.discovery.as_ref().map(|d| d.value).or(self.today)
    }

    /// Merges the facts file with what the letter says. The facts file wins
    /// where both give a value; the letter fills the gaps.
    pub fn build(i: Inputs<'_>) -> Incident {
        let facts_file = i.facts.map(|f| match f.container() {
            crate::facts::Container::File => Arc::new(SourceFile::new(f.path(), f.source())),
            crate::facts::Container::FrontMatter => i.doc.source.clone(),
        });
        let (discovery, discovery_others) = i.discovery();
        let (breach_start, breach_end) = i.breach_period();
        let mut incident = Incident {
            today: Some(i.today),
            facts_file,
            discovery,
            discovery_others,
            breach_start,
            breach_end,
            notice: i.notice(),
            law_enforcement: i.law_enforcement(),
            affected: i.affected(),
            data_types: i.data_types(),
            has_facts: i.facts.is_some(),
            document_role: i.facts.and_then(|f| f.role_of(&i.doc.source.path)),
            ..Incident::default()
        };
        if let Some(f) = i.facts {
            incident.take_facts_only(f);
        }
        incident.take_letter_findings(&i);
        incident
    }

    /// Fills in what only the facts file records: organisation, entity
    /// roles, discovery time, determination date, residents, notice
    /// methods, risk and reports filed.
    fn take_facts_only(&mut self, f: &crate::facts::Facts) {
        self.organization = f.organization().map(str::to_string);
        self.entities = f.entity_roles().map(|r| r.as_str().to_string()).collect();
        self.discovery_at = f.discovery_at();
        self.determination = f.determination_located().map(from_facts);
        self.residents = f
            .resident_counts()
            .iter()
            .map(|r| (r.region, r.count.value))
            .collect();
        self.notice_methods = f.notice_methods().map(|m| m.as_str().to_string()).collect();
        self.risk_level = f.risk_level().map(|r| r.as_str().to_string());
        self.reports = f.reports().to_vec();
    }

    /// Fills in the data types, counts and dates the letter states, as it
    /// states them.
    fn take_letter_findings(&mut self, i: &Inputs<'_>) {
        self.letter_data_types = i
            .extracted
            .data_types
            .iter()
            .map(|m| LetterDataType {
                data_type: m.data_type,
                stance: if m.negated {
                    Stance::Denied
                } else if m.advice {
                    Stance::Advice
                } else {
                    Stance::Involved
                },
                span: i.to_src(m.span),
            })
            .collect();
        self.letter_counts = i
            .extracted
            .counts
            .iter()
            .map(|c| LetterCount {
                value: c.value,
                approximate: c.approximate,
                qualifier: c.qualifier.clone(),
                noun: c.noun.clone(),
                span: i.to_src(c.span),
            })
            .collect();
        self.letter_dates = i
            .extracted
            .dates
            .iter()
            .map(|d| LetterDate {
                date: d.date,
                role: d.role.as_str(),
                span: i.to_src(d.span),
            })
            .collect();
    }
}

/// A date from the facts file, sourced at its span there.
fn from_facts(l: crate::facts::Located<Date>) -> Sourced<Date> {
    Sourced::new(l.value, Origin::Facts(Some(l.span)))
}

impl Inputs<'_> {
    /// `span` of the notice's plain text, as a span of its source.
    fn to_src(&self, span: Span) -> Span {
        self.doc.to_source(span)
    }

    /// The first date the letter gives in one of `roles`.
    fn letter_date(&self, roles: &[crate::extract::DateRole]) -> Option<Sourced<Date>> {
        self.extracted
            .dates
            .iter()
            .find(|d| roles.contains(&d.role))
            .map(|d| Sourced::new(d.date, Origin::Letter(self.to_src(d.span))))
    }

    /// The discovery date, and the letter's other candidates for it when
    /// the date was chosen from the letter.
    fn discovery(&self) -> (Option<Sourced<Date>>, Vec<OtherDiscovery>) {
        // HIPAA and most state laws count from the first day the breach
        // is known, so the letter's earliest first knowledge is taken; the
        // other candidates are kept for notes.
        let chosen = crate::extract::choose_discovery(&self.extracted.discovery);
        let discovery = self
            .facts
            .and_then(|f| f.discovery_located())
            .map(from_facts)
            .or_else(|| chosen.map(|c| Sourced::new(c.date, Origin::Letter(self.to_src(c.span)))));
        let others: Vec<OtherDiscovery> = match (&discovery, chosen) {
            (Some(d), Some(c)) if matches!(d.origin, Origin::Letter(_)) => self
                .extracted
                .discovery
                .iter()
                .filter(|o| o.date != c.date)
                .map(|o| OtherDiscovery {
                    date: o.date,
                    basis: o.basis,
                    span: self.to_src(o.span),
                })
                .collect(),
            _ => Vec::new(),
        };
        (discovery, others)
    }

    /// The breach's first and last days: both from the facts file when it
    /// gives either, else both from the letter.
    fn breach_period(&self) -> (Option<Sourced<Date>>, Option<Sourced<Date>>) {
        use crate::extract::DateRole;
        match self.facts {
            Some(f) if f.breach_start_located().is_some() || f.breach_end_located().is_some() => (
                f.breach_start_located().map(from_facts),
                f.breach_end_located()
                    .or(f.breach_start_located())
                    .map(from_facts),
            ),
            _ => {
                let start = self.letter_date(&[DateRole::BreachStart, DateRole::Breach]);
                let end = self
                    .letter_date(&[DateRole::BreachEnd])
                    .or_else(|| start.clone());
                (start, end)
            }
        }
    }

    /// The notice date: `--notice-date`, the facts file, the letter, or
    /// today, in that order.
    fn notice(&self) -> Option<Sourced<Date>> {
        match self.notice_override {
            Some(d) => Some(Sourced::new(d, Origin::CommandLine)),
            None => self
                .facts
                .and_then(|f| f.notice_date_located())
                .map(from_facts)
                .or_else(|| self.letter_date(&[crate::extract::DateRole::Notice]))
                .or(Some(Sourced::new(self.today, Origin::Today))),
        }
    }

    /// The number affected: the facts file's, else the letter's first count.
    fn affected(&self) -> Option<Sourced<u64>> {
        self.facts
            .and_then(|f| f.affected_located())
            .map(|l| Sourced::new(l.value, Origin::Facts(Some(l.span))))
            .or_else(|| {
                self.extracted
                    .counts
                    .first()
                    .map(|c| Sourced::new(c.value, Origin::Letter(self.to_src(c.span))))
            })
    }

    /// The data types involved: the facts file's list, else each type the
    /// letter names as involved, once.
    fn data_types(&self) -> Vec<Sourced<DataType>> {
        let mut data_types: Vec<Sourced<DataType>> = self
            .facts
            .map(|f| {
                f.data_types_located()
                    .iter()
                    .map(|l| Sourced::new(l.value, Origin::Facts(Some(l.span))))
                    .collect()
            })
            .unwrap_or_default();
        if data_types.is_empty() {
            for m in self.extracted.data_types.iter().filter(|m| m.involved()) {
                if !data_types.iter().any(|d| d.value == m.data_type) {
                    data_types.push(Sourced::new(
                        m.data_type,
                        Origin::Letter(self.to_src(m.span)),
                    ));
                }
            }
        }
        data_types
    }

    /// The law-enforcement delay: the facts file's record, else the
    /// letter's own account.
    fn law_enforcement(&self) -> Option<LawEnforcementDelay> {
        // How long an oral request counts is each law's own rule (the
        // deadline kind's `oral-delay-limit`), not the incident's.
        self.facts
            .and_then(|f| f.law_enforcement_delay())
            .map(|d| LawEnforcementDelay {
                requested: Some(d.requested.value),
                until: Some(d.until.value),
                oral: d.form.map(|f| f.value == crate::facts::DelayForm::Oral),
                stated: None,
                until_notice: false,
            })
            .or_else(|| {
                // The letter's own account, used only without a record.
                self.extracted
                    .law_enforcement_delay
                    .as_ref()
                    .map(|d| LawEnforcementDelay {
                        requested: None,
                        until: d.until,
                        oral: None,
                        stated: Some(self.to_src(d.span)),
                        until_notice: d.until_notice,
                    })
            })
    }
}

impl Incident {
    /// The incident as the facts file alone describes it (for choosing rule
    /// sets and for `breachlint deadlines`).
    pub fn from_facts(
        facts: &crate::facts::Facts,
        today: Date,
        notice_override: Option<Date>,
    ) -> Incident {
        let empty = Arc::new(SourceFile::new(facts.path(), String::new()));
        let doc = crate::document::Document::parse(empty, crate::document::DocFormat::Text);
        Incident::build(Inputs {
            doc: &doc,
            extracted: &crate::extract::Extracted::default(),
            facts: Some(facts),
            today,
            notice_override,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn incident() -> Incident {
        Incident {
            affected: Some(Sourced::new(1000, Origin::Facts(None))),
            residents: [
                (Region::us_state("CA").unwrap(), 600u64),
                (Region::us_state("NV").unwrap(), 20),
            ]
            .into(),
            data_types: vec![Sourced::new(DataType::Ssn, Origin::Facts(None))],
            entities: vec!["covered-entity".into()],
            has_facts: true,
            ..Incident::default()
        }
    }

    #[test]
    fn countries_and_risk_level() {
        let c = |t: &str| -> Condition { toml::from_str(t).unwrap() };
        let facts = crate::facts::parse(
            std::path::Path::new("incident.toml"),
            "risk-level = \"risk\"\n[residents]\nCA = 5\nGB = 2\n[residents.country]\nDE = 3\n",
        )
        .unwrap();
        let i = Incident::from_facts(&facts, jiff::civil::date(2026, 1, 1), None);
        let eu = c("residents-of-any-country = [\"FR\", \"DE\"]");
        assert_eq!(i.eval(&eu), Truth::Yes);
        assert_eq!(
            i.eval(&c("residents-of-any-country = [\"GB\"]")),
            Truth::Yes
        );
        // CA at the top of [residents] is California, not Canada.
        assert_eq!(i.eval(&c("residents-of-any-country = [\"CA\"]")), Truth::No);
        assert_eq!(i.eval(&c("risk-level = [\"risk\", \"high\"]")), Truth::Yes);
        assert_eq!(i.eval(&c("risk-level = [\"high\"]")), Truth::No);
        let none = Incident::default();
        assert!(matches!(none.eval(&eu), Truth::Unknown(_)));
        assert!(matches!(
            none.eval(&c("risk-level = [\"high\"]")),
            Truth::Unknown(_)
        ));
    }

    #[test]
    fn thresholds_and_roles() {
        let i = incident();
        let c = |t: &str| -> Condition { toml::from_str(t).unwrap() };
        assert_eq!(i.eval(&c("affected-at-least = 500")), Truth::Yes);
        assert_eq!(i.eval(&c("affected-at-least = 1001")), Truth::No);
        assert_eq!(i.eval(&c("affected-more-than = 999")), Truth::Yes);
        assert_eq!(i.eval(&c("residents-more-than = { CA = 500 }")), Truth::Yes);
        assert_eq!(i.eval(&c("residents-more-than = { CA = 600 }")), Truth::No);
        assert_eq!(i.eval(&c("residents-at-least = { TX = 1 }")), Truth::No);
        assert_eq!(
            i.eval(&c("residents-of-any-state-more-than = 500")),
            Truth::Yes
        );
        assert_eq!(
            i.eval(&c("data-types-any = [\"ssn\", \"drivers-license\"]")),
            Truth::Yes
        );
        assert_eq!(i.eval(&c("entity = [\"business\"]")), Truth::No);
        assert_eq!(i.eval(&c("not = { entity = [\"business\"] }")), Truth::Yes);
        assert_eq!(
            i.eval(&c("not = { entity = [\"covered-entity\"] }")),
            Truth::No
        );
        assert_eq!(i.eval(&c("reports-filed = [\"hhs\"]")), Truth::No);
        assert_eq!(
            i.eval(&c(
                "any = [{ entity = [\"business\"] }, { affected-at-least = 10 }]"
            )),
            Truth::Yes
        );
    }

    #[test]
    fn missing_facts_are_unknown_not_false() {
        let i = Incident::default();
        let c: Condition = toml::from_str("affected-at-least = 500").unwrap();
        assert!(matches!(i.eval(&c), Truth::Unknown(m) if m.contains("affected")));
        let c: Condition = toml::from_str("data-types-any = [\"ssn\"]").unwrap();
        assert!(matches!(i.eval(&c), Truth::Unknown(_)));
        let c: Condition = toml::from_str("not = { entity = [\"agency\"] }").unwrap();
        assert!(matches!(i.eval(&c), Truth::Unknown(m) if m.contains("entity")));
        let c: Condition = toml::from_str("reports-filed = [\"hhs\"]").unwrap();
        assert!(matches!(i.eval(&c), Truth::Unknown(_)));
    }
}
