//! What the rules know about an incident: the facts file merged with what
//! the letter itself says, each value tagged with where it came from so
//! diagnostics can point at it and say when something is unknown.

use std::collections::BTreeMap;
use std::sync::Arc;

use jiff::civil::Date;

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
            Origin::Today => "assumed to be today (set notice-date in the facts file or pass --notice-date)".into(),
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

/// A report already filed with a regulator or other recipient.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FiledReport {
    /// Recipient: `hhs`, `state-ag`, `media`, ….
    pub to: String,
    /// State code, where it applies.
    pub state: Option<String>,
    /// Date submitted.
    pub submitted: Option<Date>,
    /// Number of affected people the report gives.
    pub affected: Option<u64>,
    /// HHS breach type, in the portal's words.
    pub kind: Option<String>,
    /// HHS locations, in the portal's words.
    pub location: Vec<String>,
    /// Span of the whole `[[report]]` table in the facts file.
    pub span: Option<Span>,
    /// Span of the `affected` value.
    pub affected_span: Option<Span>,
    /// Span of the `location` value.
    pub location_span: Option<Span>,
    /// Span of the `type` value.
    pub kind_span: Option<Span>,
    /// Span of the `submitted` value.
    pub submitted_span: Option<Span>,
}

impl FiledReport {
    /// "the report to hhs filed 2016-08-22".
    pub fn describe(&self) -> String {
        let who = match (&self.to[..], &self.state) {
            ("hhs", _) => "the HHS breach report".to_string(),
            (to, Some(st)) => format!("the report to {to} ({st})"),
            (to, None) => format!("the report to {to}"),
        };
        match self.submitted {
            Some(d) => format!("{who} filed {d}"),
            None => who,
        }
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

/// A date stated in the letter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LetterDate {
    /// The date.
    pub date: Date,
    /// `breach`, `breach-start`, `breach-end`, `discovery`, `notice`, `other`.
    pub role: String,
    /// Where, in the notice's source.
    pub span: Span,
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
    pub entity: Option<String>,
    /// Discovery date.
    pub discovery: Option<Sourced<Date>>,
    /// First day of the breach.
    pub breach_start: Option<Sourced<Date>>,
    /// Last day of the breach (equal to the start for one-day breaches).
    pub breach_end: Option<Sourced<Date>>,
    /// Date the notice is (or is planned to be) published.
    pub notice: Option<Sourced<Date>>,
    /// Law-enforcement delay: requested and until.
    pub law_enforcement: Option<(Option<Date>, Option<Date>)>,
    /// Total affected people.
    pub affected: Option<Sourced<u64>>,
    /// Residents per state or country code.
    pub residents: BTreeMap<String, u64>,
    /// Data types involved (facts file, or named in the letter without negation).
    pub data_types: Vec<Sourced<String>>,
    /// Notice methods.
    pub notice_methods: Vec<String>,
    /// Reports already filed.
    pub reports: Vec<FiledReport>,
    /// Whether a facts file was found at all.
    pub has_facts: bool,
    /// Counts of affected people stated in the letter.
    pub letter_counts: Vec<LetterCount>,
    /// Dates stated in the letter.
    pub letter_dates: Vec<LetterDate>,
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

    /// Whether any of `types` is involved.
    pub fn involves_any(&self, types: &[String]) -> bool {
        self.data_types.iter().any(|d| types.iter().any(|t| t == &d.value))
    }

    /// Reports filed with `to` (and `state`, when given).
    pub fn reports_to<'a>(&'a self, to: &'a str, state: Option<&'a str>) -> impl Iterator<Item = &'a FiledReport> + 'a {
        self.reports
            .iter()
            .filter(move |r| r.to == to && state.is_none_or(|s| r.state.as_deref().is_some_and(|rs| rs.eq_ignore_ascii_case(s))))
    }

    /// Evaluates a rule's or rule set's condition.
    pub fn eval(&self, c: &Condition) -> Truth {
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
        let residents = |map: &BTreeMap<String, u64>, strict: bool| -> Truth {
            let mut t = Truth::Yes;
            for (code, n) in map {
                t = t.and(match self.residents.get(code) {
                    Some(r) => Truth::from_bool(if strict { r > n } else { r >= n }),
                    None if self.has_facts && !self.residents.is_empty() => Truth::No,
                    None => Truth::Unknown(format!("the number of {code} residents (`[residents]`)")),
                });
            }
            t
        };
        if let Some(m) = &c.residents_at_least {
            t = t.and(residents(m, false));
        }
        if let Some(m) = &c.residents_more_than {
            t = t.and(residents(m, true));
        }
        if let Some(n) = c.residents_of_any_state_more_than {
            t = t.and(if self.residents.is_empty() {
                Truth::Unknown("residents per state (`[residents]`)".into())
            } else {
                Truth::from_bool(self.residents.values().any(|r| *r > n))
            });
        }
        if let Some(types) = &c.data_types_any {
            t = t.and(if self.involves_any(types) {
                Truth::Yes
            } else if self.data_types.is_empty() {
                Truth::Unknown("the data types involved (`data-types`)".into())
            } else {
                Truth::No
            });
        }
        if let Some(roles) = &c.entity {
            t = t.and(match &self.entity {
                Some(e) => Truth::from_bool(roles.iter().any(|r| r == e)),
                None => Truth::Unknown("the entity's role (`entity`)".into()),
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
        if let Some(any) = &c.any {
            let results: Vec<Truth> = any.iter().map(|x| self.eval(x)).collect();
            t = t.and(if results.contains(&Truth::Yes) {
                Truth::Yes
            } else if let Some(Truth::Unknown(u)) = results.iter().find(|r| matches!(r, Truth::Unknown(_))) {
                Truth::Unknown(u.clone())
            } else {
                Truth::No
            });
        }
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn incident() -> Incident {
        Incident {
            affected: Some(Sourced::new(1000, Origin::Facts(None))),
            residents: [("CA".to_string(), 600u64), ("NV".to_string(), 20)].into(),
            data_types: vec![Sourced::new("ssn".to_string(), Origin::Facts(None))],
            entity: Some("covered-entity".into()),
            has_facts: true,
            ..Incident::default()
        }
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
        assert_eq!(i.eval(&c("residents-of-any-state-more-than = 500")), Truth::Yes);
        assert_eq!(i.eval(&c("data-types-any = [\"ssn\", \"drivers-license\"]")), Truth::Yes);
        assert_eq!(i.eval(&c("entity = [\"business\"]")), Truth::No);
        assert_eq!(i.eval(&c("any = [{ entity = [\"business\"] }, { affected-at-least = 10 }]")), Truth::Yes);
    }

    #[test]
    fn missing_facts_are_unknown_not_false() {
        let i = Incident::default();
        let c: Condition = toml::from_str("affected-at-least = 500").unwrap();
        assert!(matches!(i.eval(&c), Truth::Unknown(m) if m.contains("affected")));
        let c: Condition = toml::from_str("data-types-any = [\"ssn\"]").unwrap();
        assert!(matches!(i.eval(&c), Truth::Unknown(_)));
    }
}
