//! A law-enforcement delay the letter itself states: "Detectives asked that
//! we withhold notification until now", "at the request of the FBI, we
//! delayed this notice until June 1, 2026".
//!
//! Breach laws let law enforcement postpone notice (HIPAA 164.412, most state
//! laws). A letter that says so explains a late date; the deadline rules use
//! the statement when the facts file records no delay, and say that they did.

use std::sync::LazyLock;

use jiff::civil::Date;
use serde::Serialize;

use super::dates::DateMention;
use super::text::{self, Segments};
use crate::span::Span;

/// A delay of notice at law enforcement's request, as the letter states it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DelayStatement {
    /// The sentence that states it.
    pub span: Span,
    /// When the letter says the delay ended, if it gives a date.
    #[serde(serialize_with = "serialize_opt_date")]
    pub until: Option<Date>,
    /// The letter says the delay lasted until the notice itself ("until now").
    pub until_notice: bool,
}

fn serialize_opt_date<S: serde::Serializer>(d: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.serialize_some(&d.to_string()),
        None => s.serialize_none(),
    }
}

/// Law enforcement asking for a delay.
static ASKED_RE: LazyLock<crate::pattern::Matcher> = LazyLock::new(|| {
    crate::pattern::searcher(
        r"(?i)\b(?:law\s+enforcement|police|detectives?|fbi|federal\s+bureau\s+of\s+investigation|secret\s+service|investigators|authorities|department\s+of\s+justice|prosecutors?|attorney(?:['’]s)?\s+office)\b[^.!?]{0,100}?\b(?:asked|requested|directed|instructed|told|advised|required|requiring)\b[^.!?]{0,80}?\b(?:delay|refrain|withhold|hold\s+off|postpone|defer|wait|not\s+(?:to\s+)?(?:notify|contact|disclose|announce|publici[sz]e|inform))",
    )
    .expect("delay pattern is valid")
});

/// A delay made at law enforcement's request.
static AT_REQUEST_RE: LazyLock<crate::pattern::Matcher> = LazyLock::new(|| {
    crate::pattern::searcher(
        concat!(
            r"(?i)\b(?:delay(?:ed)?|withheld|postponed|deferred)\b[^.!?]{0,80}?\b(?:at\s+the\s+(?:request|direction)\s+of|(?:requested|directed)\s+by|because\s+of\s+a\s+request\s+(?:from|by))\s+(?:[",
            word_chars!(),
            r"]+\s+){0,3}?(?:law\s+enforcement|police|fbi|authorities|investigators|detectives)|\b(?:at\s+the\s+(?:request|direction)\s+of|as\s+requested\s+by)\s+(?:[",
            word_chars!(),
            r"]+\s+){0,3}?(?:law\s+enforcement|police|fbi|authorities|investigators|detectives)\b[^.!?]{0,80}?\b(?:delay(?:ed)?|withheld|postponed|deferred|waited)\b"
        ),
    )
    .expect("delay pattern is valid")
});

/// "They asked that we refrain from contacting patients", after a sentence
/// about law enforcement.
static PRONOUN_ASKED_RE: LazyLock<crate::pattern::Matcher> = LazyLock::new(|| {
    crate::pattern::searcher(
        r"(?i)\b(?:they|he|she)\s+(?:also\s+)?(?:asked|requested|directed|instructed|required)\b[^.!?]{0,80}?\b(?:delay|refrain|withhold|hold\s+off|postpone|defer|wait|not\s+(?:to\s+)?(?:notify|contact|disclose|announce|publici[sz]e|inform))",
    )
    .expect("delay pattern is valid")
});

/// The names of agencies that can ask for a delay.
macro_rules! agencies {
    () => {
        r"(?:law\s+enforcement|police|detectives?|fbi|federal\s+bureau\s+of\s+investigation|secret\s+service|investigators|authorities|department\s+of\s+justice|prosecutors?|attorney(?:['’]s)?\s+office)"
    };
}

static AGENCY_RE: LazyLock<crate::pattern::Matcher> = LazyLock::new(|| {
    crate::pattern::matcher(concat!(r"(?i)\b", agencies!(), r"\b"))
        .expect("agency pattern is valid")
});

/// An agency's name, even inside a longer word: every place [`AGENCY_RE`]
/// can match, in the text or in a piece of it.
static AGENCY_WORDS_RE: LazyLock<crate::pattern::Matcher> = LazyLock::new(|| {
    crate::pattern::searcher(concat!(r"(?i)", agencies!())).expect("agency pattern is valid")
});

/// How far after an agency's name a pronoun can stand for it
/// ([`PRONOUN_ASKED_RE`]).
const PRONOUN_REACH: usize = 300;

/// "did not ask us to delay": no delay at all.
static DENIED_RE: LazyLock<crate::pattern::Matcher> = LazyLock::new(|| {
    crate::pattern::matcher(r"(?i)\b(?:did\s+not|didn['’]t|has\s+not|have\s+not|never|no)\b[^.!?]{0,30}\b(?:ask|request|require|delay)")
        .expect("denial pattern is valid")
});

static UNTIL_NOW_RE: LazyLock<crate::pattern::Matcher> = LazyLock::new(|| {
    crate::pattern::matcher(r"(?i)\buntil\s+(?:now|today|recently|this\s+(?:week|time|notice|letter))\b|\bhas\s+now\s+(?:indicated|told|advised|informed|allowed|permitted|agreed)|\bnow\s+(?:allowed|permitted|cleared)\b")
        .expect("until-now pattern is valid")
});

static UNTIL_BEFORE_RE: LazyLock<crate::pattern::Matcher> = LazyLock::new(|| {
    crate::pattern::matcher(r"(?i)\b(?:until|till|through)\s+(?:on\s+)?$")
        .expect("until pattern is valid")
});

/// Where `text` first states a delay at law enforcement's request, read
/// from the text alone (so it can be searched while the dates are read);
/// [`law_enforcement_delay`] makes the statement of it.
pub(crate) fn delay_wording(text: &str) -> Option<Span> {
    // Most letters name no agency, and those that do name one in a
    // sentence or two: the three patterns with long gaps are searched
    // only near the names.
    let near = near_agencies(text);
    let stated = |m: &crate::pattern::Match| !DENIED_RE.is_match(&text[m.range()]);
    let first = |re: &crate::pattern::Matcher, keep: &dyn Fn(&crate::pattern::Match) -> bool| {
        near.iter()
            .find_map(|r| re.find_iter_in(text, r.clone()).find(|m| keep(m)))
    };
    // Each search yields its matches from left to right, so its first
    // stated one is its earliest: the rest of a long text is not read.
    // The earliest of the three wins, the first search on a tie.
    let m = [
        first(&ASKED_RE, &stated),
        first(&AT_REQUEST_RE, &stated),
        first(&PRONOUN_ASKED_RE, &|m| {
            AGENCY_RE.is_match(text::window_before(text, 0, m.start(), PRONOUN_REACH)) && stated(m)
        }),
    ]
    .into_iter()
    .flatten()
    .min_by_key(|m| m.start())?;
    Some(Span::new(m.start(), m.end()))
}

/// The stretches of `text` that can hold a statement of delay, in order
/// and apart: from the start of the stretch without `.`, `!` or `?` that
/// holds an agency's name to the end of the one [`PRONOUN_REACH`] bytes
/// on. None of the delay patterns can match across those three marks, so
/// a match lies in one such stretch, and searched from its start the
/// stretch yields the matches a search of the whole text finds in it.
fn near_agencies(text: &str) -> Vec<std::ops::Range<usize>> {
    let needs = AGENCY_WORDS_RE
        .find_iter(text)
        .map(|m| Span::new(m.start(), (m.start() + PRONOUN_REACH).min(text.len())));
    text::stretches(text, needs, |b| matches!(b, b'.' | b'!' | b'?'))
}

/// The delay statement at `wording` (from [`delay_wording`]), if any.
/// `dates` are the text's dates, for the delay's end.
pub(crate) fn law_enforcement_delay(
    text: &str,
    sentences: &Segments,
    wording: Option<Span>,
    dates: &mut [DateMention],
) -> Option<DelayStatement> {
    let m = wording?;
    let sentence = sentences.containing(m.start);
    let until = dates
        .iter_mut()
        .filter(|d| sentence.contains(d.span))
        .find(|d| {
            UNTIL_BEFORE_RE.is_match(text::window_before(text, sentence.start, d.span.start, 20))
        })
        .map(|d| {
            // The delay's end, not the notice or the breach.
            d.role = super::DateRole::LawEnforcementDelay;
            d.date
        });
    // "Law enforcement has now indicated we could notify" may come a few
    // sentences after the request.
    let until_notice = until.is_none()
        && UNTIL_NOW_RE.is_match(text::window_after(text, sentence.start, text.len(), 1500));
    Some(DelayStatement {
        span: m,
        until,
        until_notice,
    })
}

/// Compiles this module's patterns now (see [`super::warm_up`]).
pub(super) fn warm_up() {
    LazyLock::force(&ASKED_RE);
    LazyLock::force(&AT_REQUEST_RE);
    LazyLock::force(&PRONOUN_ASKED_RE);
    LazyLock::force(&AGENCY_RE);
    LazyLock::force(&AGENCY_WORDS_RE);
    LazyLock::force(&DENIED_RE);
    LazyLock::force(&UNTIL_NOW_RE);
    LazyLock::force(&UNTIL_BEFORE_RE);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::extract;

    fn found(text: &str) -> Option<DelayStatement> {
        extract(text).law_enforcement_delay
    }

    #[test]
    fn stated_delays() {
        let d = found("Detectives asked that we withhold notification until now. We are writing as quickly as we can.")
            .expect("found");
        assert!(d.until_notice);
        assert_eq!(d.until, None);
        let d = found("At the request of the FBI, we delayed this notice until June 1, 2026.")
            .expect("found");
        assert_eq!(d.until, Some(jiff::civil::date(2026, 6, 1)));
        let d = found(
            "Law enforcement asked that we refrain from contacting patients. Law enforcement has now indicated we may notify you.",
        )
        .expect("found");
        assert!(d.until_notice);
        let d = found(
            "The police told us of the theft. They asked that we refrain from contacting anyone. The police have now allowed us to write.",
        )
        .expect("found");
        assert!(d.until_notice);
        let d =
            found("Notification was delayed at the request of law enforcement.").expect("found");
        assert!(!d.until_notice && d.until.is_none());
        // The earliest statement counts, whichever wording it uses.
        let text = "At the request of the FBI, we delayed this notice until June 1, 2026. \
                    Detectives later asked that we withhold a second mailing until now.";
        let d = found(text).expect("found");
        assert_eq!(d.until, Some(jiff::civil::date(2026, 6, 1)));
        assert!(d.span.start < text.find("Detectives").expect("in text"));
    }

    /// The search of the whole text that [`delay_wording`] narrows.
    fn whole_text_wording(text: &str) -> Option<Span> {
        let stated = |m: &crate::pattern::Match| !DENIED_RE.is_match(&text[m.range()]);
        let m = [
            ASKED_RE.find_iter(text).find(stated),
            AT_REQUEST_RE.find_iter(text).find(stated),
            PRONOUN_ASKED_RE.find_iter(text).find(|m| {
                AGENCY_RE.is_match(text::window_before(text, 0, m.start(), PRONOUN_REACH))
                    && stated(m)
            }),
        ]
        .into_iter()
        .flatten()
        .min_by_key(|m| m.start())?;
        Some(Span::new(m.start(), m.end()))
    }

    #[test]
    fn searching_near_agencies_finds_what_the_whole_text_holds() {
        let filler = "We mailed this letter to every member on file and kept a copy";
        let long = format!("{} ", filler.repeat(8));
        let pieces = [
            "The police told us of the theft. ",
            "They asked that we refrain from contacting anyone. ",
            "Law enforcement did not ask us to delay this notice. ",
            "At the request of the FBI, we delayed this notice until June 1, 2026. ",
            "Detectives asked that we withhold notification until now! ",
            "Notification was delayed at the request of law enforcement? ",
            "We notified the policeman's union ",
            long.as_str(),
            "they asked that we wait. ",
            "\n\n",
        ];
        // Every sequence of up to four pieces, with repeats.
        let n = pieces.len();
        for code in 0..n.pow(4) {
            let mut text = String::new();
            let mut c = code;
            for _ in 0..4 {
                text.push_str(pieces[c % n]);
                c /= n;
            }
            assert_eq!(delay_wording(&text), whole_text_wording(&text), "{text:?}");
        }
    }

    #[test]
    fn a_long_text_without_full_stops_is_read_once() {
        let text = "the police asked that we delay notice and ".repeat(20_000);
        assert_eq!(
            near_agencies(&text),
            vec![std::ops::Range {
                start: 0,
                end: text.len()
            }]
        );
        assert_eq!(delay_wording(&text), whole_text_wording(&text));
    }

    #[test]
    fn not_delays() {
        for text in [
            "We notified law enforcement and began an investigation.",
            "Law enforcement did not ask us to delay this notice.",
            "The police told us the laptop had been found.",
        ] {
            assert_eq!(found(text), None, "{text}");
        }
    }
}
