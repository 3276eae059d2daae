//! Kinds of personal information a notice says were (or were not) involved.
//!
//! Phrases are matched by one regex built from a table; each alternative maps
//! to a [`DataType`], or to nothing for look-alikes that must be consumed so
//! that a shorter phrase does not match inside them ("Social Security
//! Administration", "IP address", "email account", "vendor name").
//!
//! Bare words such as "name", "address", "email" or "phone" count only in a
//! data-list context: after "your"/"their"/"patients'", after "including" /
//! "such as" / a colon, or next to another data type in a list. "The name of
//! our vendor" and "contact us by phone" are not data types.
//!
//! Whether each mention was involved, negated or named only in advice is
//! decided in [`super::negation`].

use std::sync::LazyLock;

use serde::Serialize;

use super::negation::{self, Negations};
use super::text::{self, Segments};
use crate::span::Span;

/// The kinds of personal information, as the incident facts file names them:
/// one vocabulary for what the letter says and what the facts say.
pub use crate::facts::DataType;

/// A data type named in the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DataTypeMention {
    /// What kind of information.
    pub data_type: DataType,
    /// Whether the text says this information was not involved or is not held.
    pub negated: bool,
    /// Whether it is named in advice to the reader ("you will need to
    /// provide your Social Security number"), not as something involved.
    pub advice: bool,
    /// The phrase naming it.
    pub span: Span,
}

impl DataTypeMention {
    /// Whether the text says this information was involved: named, neither
    /// denied nor named only in advice.
    pub fn involved(&self) -> bool {
        !self.negated && !self.advice
    }
}

/// One row of the phrase table.
struct Phrase {
    /// `None` for look-alikes that are consumed and dropped.
    data_type: Option<DataType>,
    /// Whether the phrase needs a data-list context to count.
    ambiguous: bool,
    /// Keep only this many bytes of the match ("financial" in "financial and credit card").
    keep: Option<usize>,
    pattern: &'static str,
}

const fn p(data_type: DataType, pattern: &'static str) -> Phrase {
    Phrase {
        data_type: Some(data_type),
        ambiguous: false,
        keep: None,
        pattern,
    }
}

const fn amb(data_type: DataType, pattern: &'static str) -> Phrase {
    Phrase {
        data_type: Some(data_type),
        ambiguous: true,
        keep: None,
        pattern,
    }
}

const fn skip(pattern: &'static str) -> Phrase {
    Phrase {
        data_type: None,
        ambiguous: false,
        keep: None,
        pattern,
    }
}

use DataType as T;

/// The phrase table. Order matters where two phrases start at the same
/// place: the earlier row wins, so longer and more specific phrases come first.
const PHRASES: &[Phrase] = &[
    // Credentials before the e-mail and password words they contain.
    p(
        T::EmailCredentials,
        r"e-?mail\s+(?:address(?:es)?\s+|accounts?\s+)?(?:and/or|and|&|/|or|with)\s*(?:(?:the|their|its|your|associated|corresponding|account)\s+){0,2}passwords?",
    ),
    p(
        T::EmailCredentials,
        r"e-?mail\s+(?:account\s+)?(?:credentials|log-?in\s+(?:credentials|information)|passwords?)",
    ),
    p(
        T::LoginCredentials,
        r"(?:user\s*names?|user\s+ids?|log-?in\s+ids?|account\s+names?)\s*,?\s*(?:and/or|and|&|/|or|with)?\s*(?:(?:the|their|its|your|associated|corresponding)\s+){0,2}(?:passwords?|pins?|passcodes?)",
    ),
    p(
        T::LoginCredentials,
        r"(?:log-?in|account|online(?:\s+account)?|access|sign-?in|user)\s+credentials",
    ),
    p(
        T::LoginCredentials,
        r"security\s+questions?(?:\s+and\s+answers?)?",
    ),
    // Look-alikes.
    skip(
        r"social\s+security\s+(?:administration|benefits?|office|income|disability|payments?|checks?)",
    ),
    skip(r"ip\s+address(?:es)?"),
    skip(
        r"e-?mail\s+(?:accounts?|systems?|servers?|messages?|box|inbox(?:es)?|environment|security|phishing|network|platform|tenant|communications?|campaign|scheme)",
    ),
    skip(
        r"(?:provider|vendor|company|file|business|facility|product|brand|domain|screen|store|street|plan|organization|entity|practice|hospital|insurer|payor|program|project|computer|host|server|device|physician|doctor)\s+names?",
    ),
    skip(r"patient\s+account\s+numbers?"),
    // Merge fields of letter templates ("Member Name", "Member Address").
    skip(r"(?-i:Member\s+(?:Name|Address))"),
    // Where notices were mailed, not what was exposed.
    skip(r"last\s+known\s+(?:home\s+|mailing\s+|postal\s+)?address(?:es)?"),
    // The industry, not a policy: "health insurance plans", "insurance statements".
    skip(
        r"(?:health|medical|dental|vision)\s+insurance\s+(?:plans|companies|company|providers|carriers|issuers|industry|statements?)",
    ),
    skip(r"names?\s+of"),
    skip(
        r"address(?:es|ed|ing)?\s+(?:the|this|these|those|any|your|our|their|it|them|concerns?|questions?|issues?|situations?|such)",
    ),
    // Identifiers.
    p(
        T::Ssn,
        r"social\s+security(?:\s+(?:numbers?|nos?|#|cards?))?",
    ),
    p(T::Ssn, r"ssn['’]?s?"),
    p(
        T::DriversLicense,
        r"driver(?:['’‘]s|s['’]?)?\s+licen[cs]es?(?:\s+(?:numbers?|#|information|cards?|ids?))?",
    ),
    p(T::DriversLicense, r"driving\s+licen[cs]es?(?:\s+numbers?)?"),
    p(
        T::StateId,
        r"state[-\s]+(?:issued\s+)?(?:identification|id)(?:\s+cards?)?(?:\s+numbers?)?",
    ),
    p(
        T::GovernmentId,
        r"(?:government|gov['’]?t)[-\s]*(?:issued\s+)?(?:photo\s+)?(?:identification|ids?)(?:\s+(?:cards?|numbers?|documents?))*",
    ),
    p(
        T::GovernmentId,
        r"(?:military|tribal|national)\s+(?:identification|ids?)(?:\s+(?:cards?|numbers?))?",
    ),
    p(T::GovernmentId, r"alien\s+registration(?:\s+numbers?)?"),
    p(
        T::Passport,
        r"passports?(?:\s+(?:numbers?|information|details))?",
    ),
    p(
        T::TaxId,
        r"(?:taxpayer|tax\s+payer|tax)\s+(?:identification|id)(?:\s+numbers?)?",
    ),
    p(T::TaxId, r"employer\s+identification\s+numbers?"),
    p(T::TaxId, r"(?-i:I?TINs?|EINs?)"),
    // Money.
    p(
        T::PaymentCard,
        r"(?:credit|debit)(?:\s*(?:/|and/or|or|and)\s*(?:credit|debit))?\s+cards?(?:\s+(?:numbers?|information|data|details|accounts?))?",
    ),
    p(
        T::PaymentCard,
        r"payment\s+cards?(?:\s+(?:numbers?|information|data|details))?",
    ),
    p(T::PaymentCard, r"card(?:holder)?\s+(?:numbers?|data)"),
    p(
        T::PaymentCard,
        r"(?:card\s+)?(?:verification|security)\s+(?:codes?|values?)",
    ),
    p(T::PaymentCard, r"(?-i:CVVs?|CVV2|CVCs?)"),
    p(T::PaymentCard, r"card\s+expiration\s+dates?"),
    amb(T::PaymentCard, r"expiration\s+dates?"),
    p(
        T::FinancialAccount,
        r"(?:bank|financial|checking|savings|deposit|brokerage|investment)(?:\s*(?:/|or|and)\s*(?:bank|financial|checking|savings))?\s+accounts?(?:\s+(?:numbers?|information|details|data))?",
    ),
    p(
        T::FinancialAccount,
        r"(?:bank\s+)?routing(?:\s+and\s+account)?\s+numbers?",
    ),
    p(T::FinancialAccount, r"account\s+and\s+routing\s+numbers?"),
    p(
        T::FinancialAccount,
        r"(?:financial|banking|bank)\s+(?:information|data|details|records)",
    ),
    Phrase {
        data_type: Some(T::FinancialAccount),
        ambiguous: false,
        keep: Some("financial".len()),
        pattern: r"financial\s+(?:and|or)",
    },
    p(T::FinancialAccount, r"account\s+numbers?"),
    // Health.
    p(
        T::HealthInsurance,
        r"(?:health|medical|dental|vision|prescription)\s+insurance(?:\s+(?:information|policy|plan|claims?|details|numbers?|provider|carrier|ids?|cards?))*",
    ),
    p(
        T::HealthInsurance,
        r"insurance\s+(?:information|policy|plan|claims?|details|numbers?|ids?|carrier|cards?|provider)(?:\s+(?:information|numbers?))?",
    ),
    p(T::HealthInsurance, r"(?:insurance\s+)?policy\s+numbers?"),
    p(
        T::HealthInsurance,
        r"(?:health\s+plan|group|plan)\s+(?:ids?|numbers?|information)",
    ),
    p(
        T::HealthInsurance,
        r"(?:medicare|medicaid|medi-cal)(?:\s*/\s*(?:medicare|medicaid))?\s+(?:ids?|numbers?|beneficiary\s+(?:ids?|numbers?)|information|cards?)",
    ),
    p(
        T::HealthInsurance,
        r"claims?\s+(?:information|data|history)",
    ),
    p(
        T::MemberId,
        r"(?:member|subscriber|membership|enrollee)(?:\s*/\s*[a-z]+){0,3}\s+(?:id(?:entification)?|numbers?)(?:\s+(?:numbers?|cards?))?",
    ),
    p(T::MemberId, r"client\s+identification\s+numbers?"),
    p(
        T::Dob,
        r"dates?\s+of\s+birth|birth\s*dates?|dobs?|birthdays?",
    ),
    p(T::Medical, r"medical\s+record\s+numbers?"),
    p(
        T::Medical,
        r"(?:medical|health|clinical|treatment|diagnosis|diagnostic|dental|prescription|lab(?:oratory)?|procedure|medication|surgical|mental\s+health)\s+(?:records?|information|history|histories|data|details|results?|conditions?|notes?|codes?|reports?|treatment|diagnosis)",
    ),
    p(
        T::Medical,
        r"medical\s+(?:treatment|diagnos[ie]s|procedures?|services?|conditions?)",
    ),
    p(
        T::Medical,
        r"(?:lab(?:oratory)?\s+)?test\s+(?:types\s+and\s+)?results?",
    ),
    p(
        T::Medical,
        r"(?:protected\s+)?health\s+information|(?-i:PHI)",
    ),
    p(T::Medical, r"dates?\s+of\s+service"),
    p(T::Medical, r"diagnos(?:is|es)"),
    amb(T::Medical, r"treatments?|prescriptions?|medications?"),
    // Contact details and names.
    p(
        T::Name,
        r"(?:full|first\s+and\s+last|first|last|legal|middle|maiden|given|family|patient|member|customer|cardholder|employee)\s+names?",
    ),
    amb(T::Name, r"names?"),
    p(
        T::Address,
        r"(?:home|postal|residential|billing)\s+address(?:es)?",
    ),
    amb(
        T::Address,
        r"(?:mailing|street|physical|current|last\s+known)\s+address(?:es)?",
    ),
    amb(T::Address, r"address(?:es)?(?:\s+information)?"),
    amb(
        T::Phone,
        r"(?:(?:tele)?phone|(?:cell(?:ular)?|mobile|home|work)(?:\s+(?:tele)?phone)?)\s+numbers?",
    ),
    amb(T::Phone, r"telephone|phone"),
    amb(T::Email, r"e-?mail\s+address(?:es)?"),
    amb(T::Email, r"e-?mail"),
    amb(T::LoginCredentials, r"passwords?|user\s*names?"),
    // Biometrics.
    p(
        T::Biometric,
        r"biometric(?:\s+(?:data|information|identifiers?|templates?))?|finger\s*prints?|retina(?:l)?\s+scans?|iris\s+scans?|face\s+geometry|facial\s+(?:geometry|scans?|recognition\s+data|images?)|voice\s*prints?|palm\s*prints?",
    ),
];

/// Every row of [`PHRASES`], as one matcher whose matches name their row.
static PHRASE_RE: LazyLock<crate::pattern::Matcher> = LazyLock::new(|| {
    let rows: Vec<String> = PHRASES
        .iter()
        .map(|ph| format!(r"(?i)\b(?:{})\b", ph.pattern))
        .collect();
    crate::pattern::many(&rows).expect("data type pattern is valid")
});

static POSSESSOR_RE: LazyLock<crate::pattern::Matcher> = LazyLock::new(|| {
    crate::pattern::matcher(concat!(
        r"(?i)\b(?:your|their|his|her|its|(?:patient|member|individual|customer|employee|client|student|resident|cardholder|consumer|participant|parent|person|child|beneficiar(?:y|ie))s?['’]?s?|full|first|last|legal)\s+(?:(?:and|or)\s+[",
        word_chars!(),
        r"]+\s+)?$"
    ))
    .expect("possessor pattern is valid")
});

static LIST_INTRO_RE: LazyLock<crate::pattern::Matcher> = LazyLock::new(|| {
    crate::pattern::matcher(r"(?i)(?:\b(?:includ(?:e|es|ed|ing)|such\s+as|contain(?:s|ed|ing)?|involv(?:e|es|ed|ing)|consist(?:s|ed)?\s+of|limited\s+to|following|as\s+well\s+as|namely)|:)\s*(?:(?:the|your|their|a|an|his|her|patient|patients['’]?|individuals?['’]?s?|full|first\s+and\s+last)\s+){0,2}$")
        .expect("list intro pattern is valid")
});

static LIST_NEXT_RE: LazyLock<crate::pattern::Matcher> = LazyLock::new(|| {
    crate::pattern::matcher(r"(?i)^\s*(?:,|;|/|\(|&|\band/or\b|\band\b|\bor\b)")
        .expect("list next pattern is valid")
});

static LIST_GAP_RE: LazyLock<crate::pattern::Matcher> = LazyLock::new(|| {
    crate::pattern::matcher(r"(?i)^\s*(?:,|;|/|&|\)|\band/or\b|\band\b|\bor\b)[\s,]*(?:(?:and|or)\s+)?(?:(?:the|your|their|a|an|his|her|its)\s+)?$")
        .expect("list gap pattern is valid")
});

/// Contexts in which a bare contact word is a channel, not data:
/// "by phone", "via email", "in your name", "to address".
static CHANNEL_BEFORE_RE: LazyLock<crate::pattern::Matcher> = LazyLock::new(|| {
    crate::pattern::matcher(r"(?i)\b(?:by|via|through|over|per|using|call)\s+$")
        .expect("channel pattern is valid")
});

/// "in your name", "under the name": a name as a label, not as data.
static NAME_LABEL_BEFORE_RE: LazyLock<crate::pattern::Matcher> = LazyLock::new(|| {
    crate::pattern::matcher(r"(?i)\b(?:in|under)\s+(?:your|their|his|her|the|its|my|a)\s+$")
        .expect("name label pattern is valid")
});

/// "to address", "we will address": the verb.
static ADDRESS_VERB_BEFORE_RE: LazyLock<crate::pattern::Matcher> = LazyLock::new(|| {
    crate::pattern::matcher(r"(?i)\b(?:to|will|we|can|could|should|would|help|must|may)\s+$")
        .expect("address verb pattern is valid")
});

/// A bare data word as the subject of an exposure: "names were exposed".
static EXPOSED_AFTER_RE: LazyLock<crate::pattern::Matcher> = LazyLock::new(|| {
    crate::pattern::matcher(r"(?i)^\s+(?:was|were|is|are|may\s+have\s+been|might\s+have\s+been|could\s+have\s+been|have\s+been|has\s+been)\s+(?:not\s+|also\s+|potentially\s+)?(?:exposed|involved|included|affected|impacted|accessed|compromised|viewed|acquired|taken|stolen|disclosed)\b")
        .expect("exposed pattern is valid")
});

static LABEL_AFTER_RE: LazyLock<crate::pattern::Matcher> = LazyLock::new(|| {
    crate::pattern::matcher(
        r"(?i)^\s*(?::|us\b|at\b|or\s+(?:mail|letter|in\s+person)\b|line\b|center\b|support\b)",
    )
    .expect("label pattern is valid")
});

#[derive(Debug, Clone, Copy)]
struct Candidate {
    data_type: Option<DataType>,
    ambiguous: bool,
    span: Span,
    /// Ruled out by its immediate context (for ambiguous words only).
    rejected: bool,
}

/// Finds data types named in the text, with negation.
pub(crate) fn extract_data_types(text: &str, sentences: &Segments) -> Vec<DataTypeMention> {
    let mut cands = Vec::new();
    for whole in PHRASE_RE.find_iter(text) {
        let Some(phrase) = PHRASES.get(whole.pattern().as_usize()) else {
            continue;
        };
        let end = phrase.keep.map_or(whole.end(), |k| {
            text::floor_boundary(text, whole.start() + k).min(whole.end())
        });
        let span = Span::new(whole.start(), end);
        let rejected = phrase.ambiguous && is_channel(text, span, phrase.data_type);
        cands.push(Candidate {
            data_type: phrase.data_type,
            ambiguous: phrase.ambiguous,
            span,
            rejected,
        });
    }
    cands.retain(|c| c.data_type.is_some());

    let starts: Vec<usize> = cands.iter().map(|c| c.span.start).collect();
    let clauses = Segments::clauses(text, sentences, &starts);
    // The clause of each candidate, in the order of `cands`.
    let named: Vec<Span> = cands
        .iter()
        .map(|c| clauses.containing(c.span.start))
        .collect();
    let neg = Negations::new(text, sentences, &named);
    let advice = negation::advice_sentences(text, sentences);
    let mut out = Vec::new();
    for (i, c) in cands.iter().enumerate() {
        let Some(data_type) = c.data_type else {
            continue;
        };
        if c.ambiguous && (c.rejected || !in_list_context(text, &cands, i, named[i])) {
            continue;
        }
        let clause = named[i];
        // "Never give your Social Security number to callers" denies the
        // reader's act, not the data's involvement.
        let advice = text::overlaps_sorted(&advice, c.span);
        let prev = out
            .last()
            .filter(|m: &&DataTypeMention| m.span.end <= c.span.start && !m.advice)
            .map(|m| (m.span, m.negated));
        out.push(DataTypeMention {
            data_type,
            negated: !advice && neg.negates(text, clause, c.span, prev),
            advice,
            span: c.span,
        });
    }
    out
}

fn is_channel(text: &str, span: Span, data_type: Option<DataType>) -> bool {
    let before = text::window_before(text, 0, span.start, 30);
    let after = text::window_after(text, span.end, text.len(), 30);
    let own = match data_type {
        Some(DataType::Name) => NAME_LABEL_BEFORE_RE.is_match(before),
        Some(DataType::Address) => ADDRESS_VERB_BEFORE_RE.is_match(before),
        _ => false,
    };
    own || CHANNEL_BEFORE_RE.is_match(before) || LABEL_AFTER_RE.is_match(after)
}

/// Whether an ambiguous word sits in a list of data, or is owned by a
/// person, read inside its `clause`.
fn in_list_context(text: &str, cands: &[Candidate], i: usize, clause: Span) -> bool {
    let c = cands[i];
    let before = text::window_before(text, clause.start, c.span.start, 40);
    if POSSESSOR_RE.is_match(before) || LIST_INTRO_RE.is_match(before) {
        return true;
    }
    let after = text::window_after(text, c.span.end, clause.end, 60);
    // "The email was accessed" is a message, not an e-mail address.
    let message_like = matches!(c.data_type, Some(DataType::Email | DataType::Phone));
    if !message_like && EXPOSED_AFTER_RE.is_match(after) {
        return true;
    }
    let usable = |j: usize| cands.get(j).filter(|n| !n.rejected);
    if let Some(next) = usable(i + 1) {
        let gap = text.get(c.span.end..next.span.start).unwrap_or("");
        if gap.len() <= 40 && LIST_NEXT_RE.is_match(gap) {
            return true;
        }
    }
    if let Some(prev) = i.checked_sub(1).and_then(usable) {
        let gap = text.get(prev.span.end..c.span.start).unwrap_or("");
        if gap.len() <= 40 && LIST_GAP_RE.is_match(gap) {
            return true;
        }
    }
    false
}

/// Compiles this module's patterns now (see [`super::warm_up`]).
pub(super) fn warm_up() {
    LazyLock::force(&PHRASE_RE);
    LazyLock::force(&POSSESSOR_RE);
    LazyLock::force(&LIST_INTRO_RE);
    LazyLock::force(&LIST_NEXT_RE);
    LazyLock::force(&LIST_GAP_RE);
    LazyLock::force(&CHANNEL_BEFORE_RE);
    LazyLock::force(&NAME_LABEL_BEFORE_RE);
    LazyLock::force(&ADDRESS_VERB_BEFORE_RE);
    LazyLock::force(&EXPOSED_AFTER_RE);
    LazyLock::force(&LABEL_AFTER_RE);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(DataType, bool)> {
        extract_data_types(text, &Segments::sentences(text))
            .into_iter()
            .map(|m| (m.data_type, m.negated))
            .collect()
    }

    fn types(text: &str) -> Vec<DataType> {
        found(text).into_iter().map(|(t, _)| t).collect()
    }

    #[test]
    fn phrase_mapping() {
        for (text, expected) in [
            ("It held your Social Security number.", T::Ssn),
            ("It held Social Security Numbers.", T::Ssn),
            ("It held your SSN.", T::Ssn),
            ("It held driver's license numbers.", T::DriversLicense),
            ("It held driver’s license numbers.", T::DriversLicense),
            ("It held drivers license numbers.", T::DriversLicense),
            ("It held state identification numbers.", T::StateId),
            ("It held a state ID card number.", T::StateId),
            (
                "It held government-issued identification numbers.",
                T::GovernmentId,
            ),
            ("It held passport numbers.", T::Passport),
            ("It held taxpayer identification numbers.", T::TaxId),
            ("It held your TIN.", T::TaxId),
            ("It held bank account numbers.", T::FinancialAccount),
            (
                "It held financial account information.",
                T::FinancialAccount,
            ),
            ("It held routing numbers.", T::FinancialAccount),
            ("It held credit card numbers.", T::PaymentCard),
            ("It held debit card numbers.", T::PaymentCard),
            ("It held payment card data.", T::PaymentCard),
            ("It held the card number.", T::PaymentCard),
            ("It held credit/debit card information.", T::PaymentCard),
            (
                "It held a diagnosis code list: diagnosis, treatment.",
                T::Medical,
            ),
            ("It held medical record numbers.", T::Medical),
            ("It held clinical information.", T::Medical),
            ("It held lab results.", T::Medical),
            ("It held health insurance information.", T::HealthInsurance),
            ("It held insurance information.", T::HealthInsurance),
            ("It held a policy number.", T::HealthInsurance),
            ("It held a Medicaid number.", T::HealthInsurance),
            ("It held your member ID.", T::MemberId),
            ("It held the member number.", T::MemberId),
            ("It held a subscriber ID.", T::MemberId),
            ("It held your date of birth.", T::Dob),
            ("It held birth dates.", T::Dob),
            ("It held your DOB.", T::Dob),
            ("It held your username and password.", T::LoginCredentials),
            ("It held login credentials.", T::LoginCredentials),
            (
                "It held your email address and password.",
                T::EmailCredentials,
            ),
            ("It held email account credentials.", T::EmailCredentials),
            ("It held fingerprints.", T::Biometric),
            ("It held biometric data.", T::Biometric),
            ("It held your name.", T::Name),
            ("It was limited to names printed on the cards.", T::Name),
            ("It held your Client Identification Number.", T::MemberId),
            (
                "It held notes about the member’s diabetes diagnosis.",
                T::Medical,
            ),
            ("It held full names.", T::Name),
            ("It held your home address.", T::Address),
            ("It held your phone number.", T::Phone),
            ("It held your email address.", T::Email),
        ] {
            let got = types(text);
            assert!(
                got.contains(&expected),
                "{text}: expected {expected:?}, got {got:?}"
            );
        }
    }

    #[test]
    fn lists() {
        assert_eq!(
            found("The files held names, addresses and dates of birth."),
            vec![(T::Name, false), (T::Address, false), (T::Dob, false)]
        );
        assert_eq!(
            types("The information included name, address, telephone and email."),
            vec![T::Name, T::Address, T::Phone, T::Email]
        );
        assert_eq!(
            types(
                "Payment card numbers, expiration dates, and card verification codes were taken."
            ),
            vec![T::PaymentCard, T::PaymentCard, T::PaymentCard]
        );
    }

    #[test]
    fn bare_words_outside_lists() {
        for text in [
            "Please tell us the name of our vendor.",
            "We will address your concerns promptly.",
            "Contact us by phone or email.",
            "Email: help@example.com",
            "Phone: 1-800-555-0123",
            "Watch for accounts opened in your name.",
            "Our email system was attacked.",
            "The vendor name is Acme.",
            "Call our phone line for help.",
            "We changed the passwords for the affected accounts.",
            "Contact the Social Security Administration.",
            "Our IP address was blocked.",
            "We want to address the issue.",
            "The company serves health insurance plans nationwide.",
            "Watch your medical insurance statements closely.",
            "Letters went to each last known home address.",
            "Dear Member Name, we write to Member Address.",
        ] {
            assert!(types(text).is_empty(), "{text}: {:?}", found(text));
        }
    }

    #[test]
    fn negation() {
        for (text, expected) in [
            (
                "The surveys did NOT contain any Social Security number.",
                vec![(T::Ssn, true)],
            ),
            (
                "We do not collect Social Security numbers.",
                vec![(T::Ssn, true)],
            ),
            (
                "No financial information was involved.",
                vec![(T::FinancialAccount, true)],
            ),
            (
                "Social Security numbers were not affected.",
                vec![(T::Ssn, true)],
            ),
            (
                "Neither your Social Security number nor your bank account number was involved.",
                vec![(T::Ssn, true), (T::FinancialAccount, true)],
            ),
            (
                "Financial and credit card information was not affected by this event.",
                vec![(T::FinancialAccount, true), (T::PaymentCard, true)],
            ),
            (
                "The files did not include Social Security, credit card or driver’s license numbers.",
                vec![
                    (T::Ssn, true),
                    (T::PaymentCard, true),
                    (T::DriversLicense, true),
                ],
            ),
            (
                "The data did not include SSNs, but it did include your name and date of birth.",
                vec![(T::Ssn, true), (T::Name, false), (T::Dob, false)],
            ),
            (
                "No Social Security numbers were affected; however, names were exposed.",
                vec![(T::Ssn, true), (T::Name, false)],
            ),
            (
                "Patient medical records were not involved in the incident.",
                vec![(T::Medical, true)],
            ),
            (
                "There was no specific medical information included.",
                vec![(T::Medical, true)],
            ),
        ] {
            assert_eq!(found(text), expected, "{text}");
        }
    }

    #[test]
    fn not_negation() {
        for (text, expected) in [
            (
                "While we have no evidence of misuse, the files included your name and Social Security number.",
                vec![(T::Name, false), (T::Ssn, false)],
            ),
            (
                "The information may include, but is not limited to, your name and address.",
                vec![(T::Name, false), (T::Address, false)],
            ),
            (
                "We are not aware of any misuse of your Social Security number.",
                vec![(T::Ssn, false)],
            ),
            (
                "The email was accessed without authorization and held your passport number.",
                vec![(T::Passport, false)],
            ),
            (
                "The laptop was not encrypted and contained dates of birth.",
                vec![(T::Dob, false)],
            ),
            (
                "No Social Security numbers were affected, and names were exposed.",
                vec![(T::Ssn, true), (T::Name, false)],
            ),
            (
                "We cannot rule out that your driver's license number was viewed.",
                vec![(T::DriversLicense, false)],
            ),
        ] {
            assert_eq!(found(text), expected, "{text}");
        }
    }

    /// Sentences of each construction the negation scope handles, with
    /// what each data type in them is: involved (`I`), negated (`N`) or
    /// named in advice (`A`). The table is also scored for precision and
    /// recall of negation, so a change that trades one for the other shows.
    const SCOPE_CASES: &[(&str, &[(DataType, char)])] = &[
        // A verbal negation governs its whole coordinated list, whatever the verb.
        (
            "It did not show Social Security numbers, bank account numbers, or payment card numbers.",
            &[
                (T::Ssn, 'N'),
                (T::FinancialAccount, 'N'),
                (T::PaymentCard, 'N'),
            ],
        ),
        (
            "The report never listed your driver's license number or passport number.",
            &[(T::DriversLicense, 'N'), (T::Passport, 'N')],
        ),
        (
            "This incident did not affect your Social Security number or your driver's license number.",
            &[(T::Ssn, 'N'), (T::DriversLicense, 'N')],
        ),
        (
            "The mailing did not contain any details of your diagnosis or treatment.",
            &[(T::Medical, 'N'), (T::Medical, 'N')],
        ),
        // Determiners.
        (
            "None of your financial account information or payment card numbers were affected.",
            &[(T::FinancialAccount, 'N'), (T::PaymentCard, 'N')],
        ),
        (
            "Neither dates of birth nor Social Security numbers were stored in the system.",
            &[(T::Dob, 'N'), (T::Ssn, 'N')],
        ),
        (
            "The database held no Social Security numbers or bank account numbers.",
            &[(T::Ssn, 'N'), (T::FinancialAccount, 'N')],
        ),
        (
            "No patient names, addresses or treatment information were disclosed.",
            &[(T::Name, 'N'), (T::Address, 'N'), (T::Medical, 'N')],
        ),
        (
            "The export excluded Social Security numbers.",
            &[(T::Ssn, 'N')],
        ),
        // Exceptions reverse the scope.
        (
            "No information other than your name and medical record number was involved.",
            &[(T::Name, 'I'), (T::Medical, 'I')],
        ),
        (
            "The file held nothing except your email address.",
            &[(T::Email, 'I')],
        ),
        // The scope ends at a new predicate, a finite verb, a contrast or a new clause.
        (
            "The laptop was not encrypted and contained your date of birth.",
            &[(T::Dob, 'I')],
        ),
        (
            "The document did not include your Social Security number; it did include your name and address.",
            &[(T::Ssn, 'N'), (T::Name, 'I'), (T::Address, 'I')],
        ),
        (
            "The files contained names but not Social Security numbers.",
            &[(T::Name, 'I'), (T::Ssn, 'N')],
        ),
        (
            "Your name, but not your Social Security number, was exposed.",
            &[(T::Name, 'I'), (T::Ssn, 'N')],
        ),
        (
            "Card numbers were not taken, but your billing address was.",
            &[(T::PaymentCard, 'N'), (T::Address, 'I')],
        ),
        (
            "The attacker did not reach our payment system, but customer names and email addresses were copied.",
            &[(T::Name, 'I'), (T::Email, 'I')],
        ),
        (
            "It was not possible to tell whether your Social Security number was viewed.",
            &[(T::Ssn, 'I')],
        ),
        // Negated predicates after the data type.
        (
            "Your Social Security number was not visible through the envelope window.",
            &[(T::Ssn, 'N')],
        ),
        (
            "Social Security numbers were redacted from the files.",
            &[(T::Ssn, 'N')],
        ),
        (
            "Patients' Social Security numbers were not included in the affected files.",
            &[(T::Ssn, 'N')],
        ),
        // Evidential negation denies access, not misuse.
        (
            "We have no evidence that your Social Security number was accessed.",
            &[(T::Ssn, 'N')],
        ),
        (
            "There is no indication that payment card data was involved.",
            &[(T::PaymentCard, 'N')],
        ),
        (
            "We do not believe your bank account number was viewed.",
            &[(T::FinancialAccount, 'N')],
        ),
        (
            "We have no evidence that your Social Security number has been misused.",
            &[(T::Ssn, 'I')],
        ),
        (
            "We have no indication of misuse, and the files held your Social Security number.",
            &[(T::Ssn, 'I')],
        ),
        (
            "We are not aware of any misuse of your health insurance information.",
            &[(T::HealthInsurance, 'I')],
        ),
        // Keeping is not taking: skimmed card numbers were never stored.
        (
            "We do not store card numbers on our website; however, card numbers may have been captured as they were typed.",
            &[(T::PaymentCard, 'I'), (T::PaymentCard, 'I')],
        ),
        (
            "We do not store card numbers on our website.",
            &[(T::PaymentCard, 'N')],
        ),
        // Not negations at all.
        (
            "The information involved includes, without limitation, your name and credit card number.",
            &[(T::Name, 'I'), (T::PaymentCard, 'I')],
        ),
        // Advice names data types to guard, not data that was involved.
        (
            "To place a security freeze, you will need to provide your full name, Social Security number and date of birth.",
            &[(T::Name, 'A'), (T::Ssn, 'A'), (T::Dob, 'A')],
        ),
        (
            "Never give your Social Security number to someone who calls you.",
            &[(T::Ssn, 'A')],
        ),
        (
            "The credit bureaus may ask for your Social Security number and date of birth.",
            &[(T::Ssn, 'A'), (T::Dob, 'A')],
        ),
        (
            "When you request a freeze, be prepared to provide the following:\n- your Social Security number\n- your date of birth\n",
            &[(T::Ssn, 'A'), (T::Dob, 'A')],
        ),
        (
            "We do not share your Social Security number with anyone.",
            &[(T::Ssn, 'N')],
        ),
    ];

    fn stance(m: &DataTypeMention) -> char {
        if m.negated {
            'N'
        } else if m.advice {
            'A'
        } else {
            'I'
        }
    }

    #[test]
    fn negation_scope() {
        let mut wrong = Vec::new();
        for (text, expected) in SCOPE_CASES {
            let got: Vec<(DataType, char)> = extract_data_types(text, &Segments::sentences(text))
                .iter()
                .map(|m| (m.data_type, stance(m)))
                .collect();
            if &got != expected {
                wrong.push(format!(
                    "{text}\n  got      {got:?}\n  expected {expected:?}"
                ));
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[test]
    fn negation_precision_and_recall() {
        // Scored over every mention of the table, so the figure can be
        // quoted; the cases above already pin each one.
        let (mut tp, mut fp, mut fneg) = (0, 0, 0);
        for (text, expected) in SCOPE_CASES {
            let got = extract_data_types(text, &Segments::sentences(text));
            for (m, (_, want)) in got.iter().zip(expected.iter()) {
                match (m.negated, *want == 'N') {
                    (true, true) => tp += 1,
                    (true, false) => fp += 1,
                    (false, true) => fneg += 1,
                    (false, false) => {}
                }
            }
        }
        let precision = f64::from(tp) / f64::from((tp + fp).max(1));
        let recall = f64::from(tp) / f64::from((tp + fneg).max(1));
        eprintln!(
            "negation: precision {precision:.3}, recall {recall:.3} ({tp} true, {fp} false, {fneg} missed)"
        );
        assert!(
            precision >= 0.95 && recall >= 0.95,
            "precision {precision}, recall {recall}"
        );
    }

    #[test]
    fn spans_cover_the_phrase() {
        let text = "It held Financial and credit card data.";
        let all = extract_data_types(text, &Segments::sentences(text));
        let shown: Vec<&str> = all.iter().map(|m| &text[m.span.range()]).collect();
        assert_eq!(shown, vec!["Financial", "credit card data"]);
    }

    #[test]
    fn names_round_trip() {
        // The letter's data types and the facts file's are one vocabulary,
        // so every type the letter can name can be named in a condition.
        for t in DataType::ALL {
            assert_eq!(t.as_str().parse::<DataType>(), Ok(*t));
            let json = serde_json::to_value(t).expect("serialise");
            assert_eq!(json, t.as_str());
        }
        assert_eq!("government-id".parse::<DataType>(), Ok(T::GovernmentId));
        assert!("shoe-size".parse::<DataType>().is_err());
        assert_eq!(DataType::ALL.len(), 19);
    }
}
