//! Counts of affected people: "approximately 100 members", "1,000
//! individuals", "one thousand patients", "more than 2,500 current and former
//! employees".

use std::sync::LazyLock;

use crate::pattern::GroupRegex;
use serde::Serialize;

use super::numbers::{NUMBER_WORD, parse_number};
use crate::span::Span;

/// A number of people named in the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CountMention {
    /// The number as read.
    pub value: u64,
    /// Whether a qualifier makes the number inexact ("approximately", "more than").
    pub approximate: bool,
    /// The qualifier as written, lower-cased ("approximately", "up to").
    pub qualifier: Option<String>,
    /// The noun as written, lower-cased ("members", "account holders").
    pub noun: String,
    /// From the qualifier (or the number) to the noun.
    pub span: Span,
}

const QUALIFIER: &str = r"approximately|approx\.|about|around|roughly|nearly|almost|just\s+over|just\s+under|well\s+over|a\s+little\s+over|over|more\s+than|fewer\s+than|less\s+than|under|up\s+to|as\s+many\s+as|at\s+least|an\s+estimated|estimated|some|in\s+excess\s+of|upwards\s+of|a\s+total\s+of";

/// Which way a count's qualifier points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    /// No qualifier: the number is exact.
    Exact,
    /// "more than", "over", "at least": the true figure is the number or
    /// more.
    AtLeast,
    /// "up to", "fewer than", "as many as": the number or less.
    AtMost,
    /// "about", "approximately", "nearly": either side of the number.
    About,
}

/// Qualifiers that make a number a lower bound ("more than 1,000").
const AT_LEAST: &[&str] = &[
    "more than",
    "over",
    "at least",
    "in excess of",
    "upwards of",
    "well over",
    "just over",
    "a little over",
];

/// Qualifiers that make a number an upper bound ("up to 1,000").
const AT_MOST: &[&str] = &[
    "up to",
    "fewer than",
    "less than",
    "under",
    "no more than",
    "at most",
    "as many as",
    "just under",
];

impl Bound {
    /// The bound a count with `qualifier` (lower-cased, as extracted) sets;
    /// `approximate` is false for a bare number.
    pub fn of(approximate: bool, qualifier: Option<&str>) -> Bound {
        if !approximate {
            return Bound::Exact;
        }
        // Extracted qualifiers keep the letter's spacing ("more  than").
        let q = qualifier
            .unwrap_or("")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if AT_LEAST.iter().any(|w| q.starts_with(w)) {
            Bound::AtLeast
        } else if AT_MOST.iter().any(|w| q.starts_with(w)) {
            Bound::AtMost
        } else {
            Bound::About
        }
    }
}

/// `n` with commas between groups of three digits ("1,250").
pub fn group_thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Nouns for people (and a few state demonyms), singular or plural.
const NOUN: &str = r"individuals?|people|persons?|members?|patients?|customers?|clients?|consumers?|employees?|residents?|students?|participants?|beneficiar(?:y|ies)|enrollees?|subscribers?|users?|account\s*holders?|card\s*holders?|policy\s*holders?|donors?|applicants?|taxpayers?|famil(?:y|ies)|households?|retirees?|citizens?|veterans?|insureds?|guests?|patrons?|alumni|workers?|staff|children|child|minors?|recipients?|borrowers?|shoppers?|victims?|claimants?|tenants?|voters?|licensees?|parents?|guardians?|visitors?|passengers?|travell?ers?|homeowners?|investors?|shareholders?|depositors?|dependents?|caregivers?|constituents?|inmates?|faculty|contractors?|volunteers?|Californians?|Texans?|Floridians?|New\s+Yorkers?|Marylanders?|Oregonians?|Washingtonians?|Americans?|Canadians?|Vermonters?|Mainers?|Iowans?|Montanans?|Coloradans?|Virginians?|Ohioans?|Michiganders?|Minnesotans?|Arizonans?|Georgians?|Pennsylvanians?|Nevadans?|Utahns?";

/// A letter of an adjective between a number and the people it counts
/// (`latin_letters!()`), in a class exempt from case folding.
///
/// The adjectives are English words ("1,200 current and former
/// employees") and now and then a name ("300 Québec residents"). Every
/// letter of every script (`\p{L}`), as this class was, compiled to some
/// 9,000 automaton states in its nine places (three classes, each
/// repeated up to three times), the largest of the extractors' automata:
/// its three stored forms were 270 KB to read back at every start, and
/// the reversed one was read on the main thread at the first count.
const LETTER: &str = latin_letters!();

/// A count: a qualifier, a number in digits or in words, up to three
/// adjectives and the people counted. Number words repeat without a
/// count: the longest a letter writes ("one hundred twenty-three thousand
/// four hundred fifty-six") is eight words, and a count of up to ten, as
/// there was, compiled the word list ten times, a third of the pattern's
/// automaton.
static COUNT_RE: LazyLock<GroupRegex> = LazyLock::new(|| {
    let pattern = format!(
        r"(?i)(?:\b(?P<q>{QUALIFIER})\s+)?(?P<num>\b(?:[0-9]{{1,3}}(?:,[0-9]{{3}})+|[0-9]+)(?:\.[0-9]+)?(?:\s+(?:million|thousand|billion))?\b|\b{NUMBER_WORD}(?:[\s-]+(?:and[\s-]+)?{NUMBER_WORD})*\b)(?:\s*\([0-9][0-9,]*\))?\s+(?P<adj>(?:(?-i:[{LETTER}][{LETTER}’'\-]*|\([{LETTER}]+\))\s+){{0,3}}?)(?P<noun>{NOUN})\b"
    );
    GroupRegex::new(&pattern).expect("count pattern is valid")
});

/// Words that cannot stand between a number and the people it counts:
/// units ("12 months for affected individuals"), prepositions and verbs
/// that start a new phrase, and things that are not people.
const BLOCKING_WORDS: &[&str] = &[
    "percent",
    "percentage",
    "months",
    "month",
    "years",
    "year",
    "days",
    "day",
    "weeks",
    "week",
    "hours",
    "hour",
    "minutes",
    "times",
    "digits",
    "digit",
    "pages",
    "dollars",
    "cents",
    "per",
    "for",
    "to",
    "with",
    "by",
    "at",
    "in",
    "on",
    "from",
    "whose",
    "who",
    "that",
    "which",
    "were",
    "was",
    "are",
    "is",
    "have",
    "has",
    "had",
    "may",
    "will",
    "not",
    "no",
    "than",
    "states",
    "stores",
    "locations",
    "sites",
    "offices",
    "cards",
    "records",
    "files",
    "accounts",
    "emails",
    "letters",
    "calls",
    "servers",
    "computers",
    "laptops",
];

/// Most counts read from one text, in text order. A letter states a
/// handful; a count costs some 300 bytes here and in the incident, and
/// "1 user " is seven.
pub(crate) const MAX_COUNTS: usize = 1000;

/// Finds counts of people (the first [`MAX_COUNTS`]).
pub(crate) fn extract_counts(text: &str) -> Vec<CountMention> {
    let mut out = Vec::new();
    for caps in COUNT_RE.captures_iter(text) {
        if out.len() == MAX_COUNTS {
            break;
        }
        let (Some(whole), Some(num), Some(noun)) =
            (caps.get(0), caps.name("num"), caps.name("noun"))
        else {
            continue;
        };
        let qualifier = caps.name("q");
        let adjectives: Vec<String> = caps
            .name("adj")
            .map_or("", |m| m.as_str())
            .split_whitespace()
            .map(str::to_lowercase)
            .collect();
        if adjectives
            .iter()
            .any(|w| BLOCKING_WORDS.contains(&w.as_str()))
        {
            continue;
        }
        // Glued to money, a longer number, a phone number or a fraction.
        let before = text[..num.start()].chars().next_back();
        if before.is_some_and(|c| {
            matches!(c, '$' | '€' | '£' | '-' | '/' | '.' | ':' | '#' | '+') || c.is_ascii_digit()
        }) {
            continue;
        }
        // "one employee's mailbox" names a person, not a count.
        let after = &text[noun.end()..];
        if after.starts_with(['\'', '’']) {
            continue;
        }
        let Some(value) = parse_number(num.as_str()) else {
            continue;
        };
        let digits_only = num.as_str().chars().all(|c| c.is_ascii_digit());
        if value == 0
            || (digits_only
                && num.len() == 4
                && (1900..=2100).contains(&value)
                && qualifier.is_none())
        {
            // A year ("in 2017 patients ...").
            continue;
        }
        let is_word = num.as_str().starts_with(|c: char| c.is_alphabetic());
        if is_word && value < 10 && adjectives.first().is_some_and(|w| w == "of") {
            // "one of our employees" is a person, not a count of people.
            continue;
        }
        let start = qualifier.map_or(num.start(), |q| q.start());
        out.push(CountMention {
            value,
            approximate: qualifier.is_some(),
            qualifier: qualifier.map(|q| collapse(q.as_str())),
            noun: collapse(noun.as_str()),
            span: Span::new(start, whole.end()),
        });
    }
    out
}

/// Lower-cases and collapses runs of white space to one space.
fn collapse(s: &str) -> String {
    s.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Compiles this module's patterns now (see [`super::warm_up`]).
pub(super) fn warm_up() {
    LazyLock::force(&COUNT_RE);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`LETTER`] needs no case folding: what folding would add to it are
    /// letters of other blocks (KELVIN SIGN, capital sharp s), none of
    /// the Latin ones it holds.
    #[test]
    fn letters_need_no_case_folding() {
        use regex_syntax::hir::{Class, HirKind};
        let class = |p: &str| match regex_syntax::Parser::new().parse(p).unwrap().into_kind() {
            HirKind::Class(Class::Unicode(c)) => c,
            other => panic!("{other:?}"),
        };
        let mut added = class(&format!("(?i)[{LETTER}]"));
        added.difference(&class(&format!("[{LETTER}]")));
        assert!(!added.ranges().is_empty());
        assert!(
            added.ranges().iter().all(|r| r.start() > '\u{24F}'),
            "{added:?}"
        );
    }

    /// Adjectives with accented letters still stand between a number and
    /// its noun; a word of another script does not.
    #[test]
    fn accented_adjectives_count() {
        let c = one("It affected 300 Québécois residents.");
        assert_eq!((c.value, c.noun.as_str()), (300, "residents"));
        assert!(extract_counts("It affected 300 Ελληνικοί residents.").is_empty());
    }

    #[test]
    fn qualifiers_set_a_bound() {
        assert_eq!(Bound::of(false, None), Bound::Exact);
        assert_eq!(Bound::of(true, Some("more  than")), Bound::AtLeast);
        assert_eq!(Bound::of(true, Some("just over")), Bound::AtLeast);
        assert_eq!(Bound::of(true, Some("as many as")), Bound::AtMost);
        assert_eq!(Bound::of(true, Some("approximately")), Bound::About);
        assert_eq!(group_thousands(1_234_567), "1,234,567");
        assert_eq!(group_thousands(999), "999");
    }

    fn one(text: &str) -> CountMention {
        let all = extract_counts(text);
        assert_eq!(all.len(), 1, "expected one count in {text:?}, got {all:#?}");
        all.into_iter().next().expect("one count")
    }

    #[test]
    fn counts_with_qualifiers() {
        for (text, value, qualifier, noun) in [
            (
                "We notified approximately 100 members by mail.",
                100,
                Some("approximately"),
                "members",
            ),
            ("It affected 1,000 individuals.", 1000, None, "individuals"),
            ("It affected one thousand patients.", 1000, None, "patients"),
            (
                "It affected one hundred twenty-three thousand four hundred fifty-six patients.",
                123_456,
                None,
                "patients",
            ),
            (
                "It affected more than 2,500 current and former employees.",
                2500,
                Some("more than"),
                "employees",
            ),
            (
                "It affected about 7,000 people.",
                7000,
                Some("about"),
                "people",
            ),
            (
                "Nearly 1.2 million customers were told.",
                1_200_000,
                Some("nearly"),
                "customers",
            ),
            (
                "Up to 350 account holders may be affected.",
                350,
                Some("up to"),
                "account holders",
            ),
            (
                "Over 12,345 Californians got letters.",
                12345,
                Some("over"),
                "californians",
            ),
            (
                "It reached two hundred fifty students.",
                250,
                None,
                "students",
            ),
            (
                "It reached two hundred and fifty-two students.",
                252,
                None,
                "students",
            ),
            (
                "It reached one thousand (1,000) residents.",
                1000,
                None,
                "residents",
            ),
            (
                "Letters went to 49,352 potentially affected beneficiaries.",
                49352,
                None,
                "beneficiaries",
            ),
            (
                "Files of approximately 100 CalOptima Medi- Cal members were printed.",
                100,
                Some("approximately"),
                "members",
            ),
            (
                "We are notifying some 900 plan participants.",
                900,
                Some("some"),
                "participants",
            ),
            (
                "An estimated 4,100 enrollees were affected.",
                4100,
                Some("an estimated"),
                "enrollees",
            ),
            (
                "It affected 1,000 of our subscribers.",
                1000,
                None,
                "subscribers",
            ),
        ] {
            let c = one(text);
            assert_eq!(c.value, value, "{text}");
            assert_eq!(c.qualifier.as_deref(), qualifier, "{text}");
            assert_eq!(c.approximate, qualifier.is_some(), "{text}");
            assert_eq!(c.noun, noun, "{text}");
        }
    }

    #[test]
    fn span_runs_from_qualifier_to_noun() {
        let text = "We mailed letters to approximately 3,700 patients yesterday.";
        let c = one(text);
        assert_eq!(&text[c.span.range()], "approximately 3,700 patients");
    }

    #[test]
    fn not_counts() {
        for text in [
            "We offer 12 months of monitoring to affected individuals.",
            "We offer 24 months for all affected individuals.",
            "The line is open 24/7 for members.",
            "In 2017 patients were seen at the clinic.",
            "A $1,000 payment was made to members.",
            "Roughly 40 percent of members were affected.",
            "Call 1-800-555-0123 members line.",
            "One of our employees opened the message.",
            "One employee’s mailbox was accessed.",
            "The malware hit 115 of its 1,400 stores.",
            "We reviewed 11 email accounts of employees.",
            "It affected 2.5 patients on average.",
            "The breach affected members and patients.",
        ] {
            assert!(
                extract_counts(text).is_empty(),
                "{text}: {:?}",
                extract_counts(text)
            );
        }
    }

    #[test]
    fn more_nouns() {
        let c = one("It exposed data of up to 498 unemployment insurance claimants.");
        assert_eq!((c.value, c.noun.as_str()), (498, "claimants"));
        let c = one("We wrote to 35 tenants and their families.");
        assert_eq!((c.value, c.noun.as_str()), (35, "tenants"));
    }

    #[test]
    fn singular_nouns() {
        let c = one("Only one individual was affected.");
        assert_eq!((c.value, c.noun.as_str()), (1, "individual"));
    }

    #[test]
    fn counts_stop_at_the_cap() {
        let text = "1 user, ".repeat(MAX_COUNTS + 5);
        assert_eq!(extract_counts(&text).len(), MAX_COUNTS);
    }
}
