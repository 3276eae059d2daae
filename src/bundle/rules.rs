//! The findings of the cross-document checks and what they mean.
//!
//! They compare what the documents of one incident say with each other; the
//! law behind each fact (that a notice must state the count, the dates, a
//! toll-free number) is the rule sets' business, and each document is
//! still checked against them on its own.

use std::collections::BTreeMap;

use crate::diagnostic::Severity;
use crate::report::RuleInfo;

/// Counts of affected people that cannot all be true.
pub const AFFECTED_COUNT: &str = "bundle/affected-count";
/// Different dates of the breach.
pub const BREACH_DATE: &str = "bundle/breach-date";
/// Different discovery dates.
pub const DISCOVERY_DATE: &str = "bundle/discovery-date";
/// No toll-free number in common.
pub const TOLL_FREE: &str = "bundle/toll-free";
/// No TTY or relay number in common.
pub const TTY: &str = "bundle/tty";
/// The organization's name missing from a document.
pub const ORGANIZATION: &str = "bundle/organization";
/// A data type named as involved in one document and denied in another.
pub const DATA_TYPES: &str = "bundle/data-types";

/// (id, severity, message, why, help) of each finding.
const RULES: &[(&str, Severity, &str, &str, &str)] = &[
    (
        AFFECTED_COUNT,
        Severity::Error,
        "the documents give different numbers of affected people",
        "The letter, the web and media notices and the regulator's copy describe one incident; \
         regulators compare them, and a count that differs between them is read as a mistake in \
         one or as a misstatement. Approximate wording (\"about\", \"more than\") allows a \
         difference of up to 10%.",
        "use one figure (or one approximation of it) in every document",
    ),
    (
        BREACH_DATE,
        Severity::Error,
        "the documents give different dates for the breach",
        "Every document of one incident must tell the same timeline; a breach date that differs \
         between the letter and the web notice leaves readers and regulators unsure which is true.",
        "correct the dates so that every document gives the same breach date or period",
    ),
    (
        DISCOVERY_DATE,
        Severity::Error,
        "the documents give different discovery dates",
        "Deadlines run from discovery; documents that disagree on it cannot all show the notice \
         was on time.",
        "correct the dates so that every document gives the same discovery date",
    ),
    (
        TOLL_FREE,
        Severity::Error,
        "the documents give different toll-free numbers",
        "People call the number the document in front of them gives; a number that differs \
         between documents sends some of them to a wrong or dead line.",
        "give the same toll-free number in every document",
    ),
    (
        TTY,
        Severity::Error,
        "the documents give different TTY or relay numbers",
        "A deaf or hard-of-hearing reader needs the same TTY or relay line whichever document \
         they read.",
        "give the same TTY or relay number in every document",
    ),
    (
        ORGANIZATION,
        Severity::Warning,
        "a document does not name the organization as the facts file does",
        "Readers and regulators match documents to the incident by the organization's name; a \
         document that names it differently, or not at all, may not be recognised as part of it.",
        "name the organization in this document as `organization` in incident.toml writes it",
    ),
    (
        DATA_TYPES,
        Severity::Error,
        "one document names a kind of data as involved that another says was not",
        "If the letter says Social Security numbers were involved and the web notice says they \
         were not, one of them is wrong, and people decide what to protect from what they read.",
        "make every document give the same account of the data involved",
    ),
];

/// The metadata of every cross-document finding.
pub fn infos() -> BTreeMap<String, RuleInfo> {
    RULES
        .iter()
        .map(|&(id, severity, message, why, help)| {
            let info = RuleInfo::without_statute("bundle", id, severity, message, why, help);
            (id.to_string(), info)
        })
        .collect()
}

/// The severity and help of `id`.
pub fn lookup(id: &str) -> (Severity, &'static str) {
    RULES
        .iter()
        .find(|r| r.0 == id)
        .map(|r| (r.1, r.4))
        .unwrap_or((Severity::Error, ""))
}
