//! What is read from a notice's text (evidence, as opposed to the incident
//! facts file): dates, counts, contacts, data types.
//!
//! [`extract`] runs every extractor over the plain text of a notice and
//! returns what it found, each item with the byte [`Span`] it was read from.
//! The extractors are regex based: every pattern is compiled once, matching
//! is linear in the length of the text, and context decisions (the role of a
//! date, the negation of a data type) are made by binary search over
//! boundaries and cue positions computed in one pass. No input makes them
//! panic.
//!
//! Extraction is deliberately independent of the document model: it works
//! on any text (a whole notice, a section body, a test sentence) and the
//! callers map spans back to lines and sections.

/// The letters of a word in the extractors' patterns, to stand in a
/// bracketed class: ASCII letters and the accented Latin letters of names
/// such as "Société" (U+00C0 to U+024F but `×` and `÷`). Unicode `\w` and
/// `\p{L}` hold over a hundred thousand characters and compiled each such
/// class to hundreds of automaton states, once more for every repetition
/// of a bounded repeat around it; the words these classes stand for are
/// English ones and names.
macro_rules! latin_letters {
    () => {
        r"A-Za-z\x{C0}-\x{D6}\x{D8}-\x{F6}\x{F8}-\x{24F}"
    };
}

/// The characters of a word in the extractors' patterns, to stand in a
/// bracketed class: digits, `_`, apostrophes, the hyphen and
/// [`latin_letters`].
macro_rules! word_chars {
    () => {
        concat!(r"0-9_’'", latin_letters!(), "-")
    };
}

mod contacts;
mod counts;
mod data_types;
mod dates;
mod delay;
mod discovery;
mod negation;
mod numbers;
mod text;

use serde::Serialize;

use crate::document::Document;
use crate::span::Span;

pub use contacts::PhoneMention;
pub use counts::{Bound, CountMention, group_thousands};
pub use data_types::{DataType, DataTypeMention};
pub use dates::{DateMention, DatePrecision, DateRole};
pub use delay::DelayStatement;
pub use discovery::{Basis, DiscoveryCandidate, choose as choose_discovery};
pub use negation::is_advice_heading;

/// Everything extracted from one text, each list in text order.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Extracted {
    /// Dates, with their role in the incident's timeline.
    pub dates: Vec<DateMention>,
    /// Counts of affected people.
    pub counts: Vec<CountMention>,
    /// Phone numbers (including "711" relay references).
    pub phones: Vec<PhoneMention>,
    /// E-mail addresses.
    pub emails: Vec<Mention>,
    /// Web addresses.
    pub urls: Vec<Mention>,
    /// Postal addresses.
    pub addresses: Vec<Mention>,
    /// Kinds of personal information named, with negation.
    pub data_types: Vec<DataTypeMention>,
    /// A delay of notice at law enforcement's request, if the letter states one.
    pub law_enforcement_delay: Option<DelayStatement>,
    /// Dates that may be the discovery of the breach, in text order.
    pub discovery: Vec<DiscoveryCandidate>,
}

/// A piece of text found as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mention {
    /// The text (for multi-line postal addresses, the lines joined with ", ").
    pub value: String,
    /// Where it is written.
    pub span: Span,
}

/// Extracts dates, counts, contacts and data types from `text`.
///
/// All spans are byte ranges into `text` and lie on char boundaries.
pub fn extract(text: &str) -> Extracted {
    extract_split(text, crate::parallel::worth_splitting(text.len()))
}

/// [`extract`], with its independent extractors run side by side when
/// `split`.
fn extract_split(text: &str, split: bool) -> Extracted {
    let sentences = text::Segments::sentences(text);
    // Data types, dates, and contacts with counts and the delay wording
    // read the text apart; only what each keeps depends on the others
    // (see `Found::keep`).
    // On a long text each part, as it finishes, empties the automata's
    // caches that no other part is searching with.
    let done = crate::pattern::release_caches_after;
    let ((data_types, (emails, urls, phones, addresses, counts, delay)), dates) =
        crate::parallel::join(
            split,
            || {
                crate::parallel::join(
                    split,
                    || {
                        let found = data_types::extract_data_types(text, &sentences);
                        done(text.len());
                        found
                    },
                    || {
                        let emails = contacts::emails(text);
                        let urls = contacts::urls(text, &emails);
                        let phones = contacts::phones(text);
                        let addresses = contacts::addresses(text);
                        let counts = counts::extract_counts(text);
                        let delay = delay::delay_wording(text);
                        done(text.len());
                        (emails, urls, phones, addresses, counts, delay)
                    },
                )
            },
            || {
                let found = dates::extract_dates(text, &sentences);
                done(text.len());
                found
            },
        );
    Found {
        dates,
        counts,
        phones,
        emails,
        urls,
        addresses,
        data_types,
        delay,
    }
    .keep(text, &sentences)
}

/// [`extract`] over each of `texts`, one extractor at a time across all of
/// them, so that each extractor's automata stay in the cache from one text
/// to the next (see [`crate::lint::lint_documents`]).
pub fn extract_many(texts: &[&str]) -> Vec<Extracted> {
    let sentences: Vec<text::Segments> =
        texts.iter().map(|t| text::Segments::sentences(t)).collect();
    let mut found: Vec<Found> = texts.iter().map(|_| Found::default()).collect();
    let each = |found: &mut Vec<Found>, step: &dyn Fn(&mut Found, &str, &text::Segments)| {
        for ((f, text), sentences) in found.iter_mut().zip(texts).zip(&sentences) {
            step(f, text, sentences);
        }
    };
    each(&mut found, &|f, t, s| {
        f.data_types = data_types::extract_data_types(t, s)
    });
    each(&mut found, &|f, t, _| f.emails = contacts::emails(t));
    each(&mut found, &|f, t, _| f.urls = contacts::urls(t, &f.emails));
    each(&mut found, &|f, t, _| f.phones = contacts::phones(t));
    each(&mut found, &|f, t, _| f.addresses = contacts::addresses(t));
    each(&mut found, &|f, t, _| f.counts = counts::extract_counts(t));
    each(&mut found, &|f, t, _| f.delay = delay::delay_wording(t));
    each(&mut found, &|f, t, s| f.dates = dates::extract_dates(t, s));
    found
        .into_iter()
        .zip(texts.iter().zip(&sentences))
        .map(|(f, (text, sentences))| f.keep(text, sentences))
        .collect()
}

/// What the extractors found in one text, each on its own.
#[derive(Default)]
struct Found {
    dates: Vec<DateMention>,
    counts: Vec<CountMention>,
    phones: Vec<PhoneMention>,
    emails: Vec<Mention>,
    urls: Vec<Mention>,
    addresses: Vec<Mention>,
    data_types: Vec<DataTypeMention>,
    delay: Option<Span>,
}

impl Found {
    /// What each extractor keeps given what the others found, and what is
    /// read from them together (the delay, the discovery candidates).
    fn keep(self, text: &str, sentences: &text::Segments) -> Extracted {
        let Found {
            mut dates,
            mut counts,
            phones,
            emails,
            urls,
            addresses,
            mut data_types,
            delay,
        } = self;
        let url_spans: Vec<Span> = urls.iter().map(|m| m.span).collect();
        let email_spans: Vec<Span> = emails.iter().map(|m| m.span).collect();
        let phone_spans: Vec<Span> = phones.iter().map(|p| p.span).collect();
        let address_spans: Vec<Span> = addresses.iter().map(|m| m.span).collect();
        let in_contact = |s: Span| {
            text::overlaps_sorted(&url_spans, s) || text::overlaps_sorted(&email_spans, s)
        };

        // A date inside a web address or phone number is part of it.
        dates.retain(|d| !in_contact(d.span) && !text::overlaps_sorted(&phone_spans, d.span));
        let date_spans: Vec<Span> = dates.iter().map(|d| d.span).collect();

        // Numbers in dates, phone numbers and street addresses are not counts.
        counts.retain(|c| {
            !in_contact(c.span)
                && !text::overlaps_sorted(&phone_spans, c.span)
                && !text::overlaps_sorted(&date_spans, c.span)
                && !text::overlaps_sorted(&address_spans, c.span)
        });

        data_types.retain(|t| !in_contact(t.span));

        let law_enforcement_delay =
            delay::law_enforcement_delay(text, sentences, delay, &mut dates);
        let discovery = discovery::candidates(text, sentences, &dates);

        Extracted {
            dates,
            counts,
            phones,
            emails,
            urls,
            addresses,
            data_types,
            law_enforcement_delay,
            discovery,
        }
    }
}

/// Extracts from a parsed notice: [`extract`] over its plain text, plus what
/// only its headings tell. A data type named under a heading of advice
/// ("What You Can Do", "Security Freeze") is something to guard, not
/// something that was involved.
pub fn extract_document(doc: &Document) -> Extracted {
    with_headings(doc, extract(&doc.plain))
}

/// [`extract_document`], with its independent extractors run side by side
/// when `split`, whatever the length of the text.
pub fn extract_document_split(doc: &Document, split: bool) -> Extracted {
    with_headings(doc, extract_split(&doc.plain, split))
}

/// [`extract_document`] over each of `docs`, one extractor at a time
/// across all of them (see [`extract_many`]).
pub fn extract_documents(docs: &[Document]) -> Vec<Extracted> {
    let texts: Vec<&str> = docs.iter().map(|d| d.plain.as_str()).collect();
    docs.iter()
        .zip(extract_many(&texts))
        .map(|(doc, x)| with_headings(doc, x))
        .collect()
}

/// What `doc`'s headings tell about what was extracted from its text.
fn with_headings(doc: &Document, mut x: Extracted) -> Extracted {
    let regions = advice_regions(doc);
    for m in &mut x.data_types {
        if text::overlaps_sorted(&regions, m.span) {
            m.advice = true;
        }
    }
    x
}

/// The plain-text ranges under advice headings, up to the next heading that
/// is not one (sub-headings such as "Fraud Alerts" stay inside).
fn advice_regions(doc: &Document) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    let mut open: Option<usize> = None;
    for h in &doc.headings {
        let advice = is_advice_heading(&h.text);
        match (open, advice) {
            (None, true) => open = Some(h.plain.end),
            (Some(start), false) => {
                out.push(Span::new(start, h.plain.start.max(start)));
                open = None;
            }
            _ => {}
        }
    }
    if let Some(start) = open {
        out.push(Span::new(start, doc.plain.len().max(start)));
    }
    out
}

/// Compiles every extraction pattern now instead of on first use.
///
/// Compiling them is about a third of the work of checking one notice
/// from process start. [`warm_up_in_background`] does it on another core
/// while the rule sets load; the modules go last-used first, so the first
/// extraction, compiling what it needs as it goes, meets the background
/// thread halfway instead of waiting for it.
pub fn warm_up() {
    discovery::warm_up();
    delay::warm_up();
    negation::warm_up();
    data_types::warm_up();
    counts::warm_up();
    dates::warm_up();
    contacts::warm_up();
    text::warm_up();
}

/// Runs [`warm_up`] on a thread of its own and returns at once (see
/// [`crate::pattern::compile_in_background`]).
pub fn warm_up_in_background() {
    crate::pattern::compile_in_background("extract-warm-up", warm_up);
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A word of `word_chars!()` is an English word, a hyphenated or
    /// quoted one, or a name with accents; quotes and dashes end it.
    #[test]
    fn word_chars_read_words_and_accented_names() {
        let word = crate::pattern::regex(concat!("^[", word_chars!(), "]+$")).unwrap();
        for w in [
            "notified",
            "O’Brien",
            "re-issued",
            "Société",
            "Łódź",
            "under_score",
            "24",
        ] {
            assert!(word.is_match(w), "{w}");
        }
        for w in ["“notice”", "a—b", "a b", "3×4", "Ωmega"] {
            assert!(!word.is_match(w), "{w}");
        }
    }

    /// On a text long enough to split, the extractors run side by side
    /// find what they find in turn.
    #[test]
    fn extracting_side_by_side_finds_what_extracting_in_turn_finds() {
        let text = crate::parallel::long_notice();
        let in_turn = extract_split(&text, false);
        assert!(!in_turn.dates.is_empty() && !in_turn.data_types.is_empty());
        assert!(!in_turn.counts.is_empty() && !in_turn.phones.is_empty());
        assert_eq!(extract_split(&text, true), in_turn);
        assert_eq!(extract(&text), in_turn);
    }

    /// Texts read together, one extractor at a time across them, give
    /// what each gives alone.
    #[test]
    fn extracting_texts_together_finds_what_each_alone_finds() {
        let texts: Vec<String> = crate::fixtures::notices()
            .into_iter()
            .map(|(_, text)| text)
            .collect();
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        let together = extract_many(&texts);
        assert_eq!(together.len(), texts.len());
        for (text, x) in texts.iter().zip(&together) {
            assert_eq!(*x, extract(text));
        }
        assert!(together.iter().filter(|x| !x.dates.is_empty()).count() > 10);
        assert!(extract_many(&[]).is_empty());
    }

    /// Every module-level pattern of an extractor is in its `warm_up`, so
    /// none is left for the first notice to compile on its own.
    #[test]
    fn warm_up_lists_every_pattern() {
        for entry in std::fs::read_dir("src/extract").unwrap().flatten() {
            let source = std::fs::read_to_string(entry.path()).unwrap();
            let statics: Vec<&str> = source
                .lines()
                .filter_map(|l| l.strip_prefix("static "))
                .filter(|l| l.contains(": LazyLock<"))
                .filter_map(|l| l.split(':').next())
                .collect();
            if statics.is_empty() {
                continue;
            }
            let Some(warm) = source.split("pub(super) fn warm_up() {").nth(1) else {
                panic!("{} has patterns and no warm_up", entry.path().display());
            };
            let warm = warm.split('}').next().unwrap_or("");
            for name in statics {
                assert!(
                    warm.contains(&format!("LazyLock::force(&{name});")),
                    "{name} in {} is not warmed up",
                    entry.path().display()
                );
            }
            let module = entry
                .path()
                .file_stem()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let list = include_str!("mod.rs");
            assert!(
                list.contains(&format!("    {module}::warm_up();")),
                "extract::warm_up does not call {module}::warm_up"
            );
        }
    }

    #[test]
    fn a_whole_letter() {
        let text = "\
Acme Health Plan
100 Main Street, Suite 5
Springfield, IL 62704

June 30, 2024

Dear Member,

What Happened
On May 3, 2024, we learned that between April 1 and April 2, 2024, an unauthorized party \
accessed an employee's email account. About 1,250 members are affected.

What Information Was Involved
The account held names, addresses and dates of birth. It did not contain Social Security numbers.

For More Information
Call 1-855-555-0142 (TTY: 711), visit www.acmehealth.example.com/notice or write to privacy@acmehealth.org.
";
        let x = extract(text);
        let dates: Vec<(String, DateRole)> = x
            .dates
            .iter()
            .map(|d| (d.date.to_string(), d.role))
            .collect();
        assert_eq!(
            dates,
            vec![
                ("2024-06-30".to_owned(), DateRole::Notice),
                ("2024-05-03".to_owned(), DateRole::Discovery),
                ("2024-04-01".to_owned(), DateRole::BreachStart),
                ("2024-04-02".to_owned(), DateRole::BreachEnd),
            ]
        );
        assert_eq!(x.counts.len(), 1);
        assert_eq!(
            (x.counts[0].value, x.counts[0].noun.as_str()),
            (1250, "members")
        );
        let phones: Vec<(&str, bool, bool)> = x
            .phones
            .iter()
            .map(|p| (p.number.as_str(), p.toll_free, p.tty))
            .collect();
        assert_eq!(
            phones,
            vec![("8555550142", true, false), ("711", false, true)]
        );
        assert_eq!(x.emails.len(), 1);
        assert_eq!(x.urls.len(), 1);
        assert_eq!(x.urls[0].value, "www.acmehealth.example.com/notice");
        assert_eq!(x.addresses.len(), 1);
        assert_eq!(
            x.addresses[0].value,
            "100 Main Street, Suite 5, Springfield, IL 62704"
        );
        let types: Vec<(DataType, bool)> = x
            .data_types
            .iter()
            .map(|t| (t.data_type, t.negated))
            .collect();
        assert_eq!(
            types,
            vec![
                (DataType::Name, false),
                (DataType::Address, false),
                (DataType::Dob, false),
                (DataType::Ssn, true)
            ]
        );
    }

    #[test]
    fn contacts_are_not_dates_or_counts() {
        let x = extract(
            "See https://example.org/2024/06/05/notice and call 1-800-555-2024 members line.",
        );
        assert!(x.dates.is_empty());
        assert!(x.counts.is_empty());
        let x = extract("Write to 2500 Harbor Road, Springfield, IL 62704 residents desk.");
        assert!(x.counts.is_empty(), "{:?}", x.counts);
    }

    #[test]
    fn empty_and_odd_inputs() {
        assert_eq!(extract(""), Extracted::default());
        let _ = extract("\u{feff}\r\n\r\n");
        let _ = extract("On June 5");
        let _ = extract(&"June 1 – 5, ".repeat(200));
        let _ = extract(&"between ".repeat(500));
    }

    #[test]
    fn serialises() {
        let x = extract("On June 5, 2024, we discovered that 10 patients' SSNs were exposed.");
        let json = serde_json::to_value(&x).expect("serialise");
        assert_eq!(json["dates"][0]["date"], "2024-06-05");
        assert_eq!(json["dates"][0]["role"], "discovery");
        assert_eq!(json["data_types"][0]["data_type"], "ssn");
    }

    fn check_spans(text: &str) {
        let x = extract(text);
        let mut spans: Vec<Span> = Vec::new();
        spans.extend(x.dates.iter().map(|d| d.span));
        spans.extend(x.counts.iter().map(|c| c.span));
        spans.extend(x.phones.iter().map(|p| p.span));
        spans.extend(x.emails.iter().map(|m| m.span));
        spans.extend(x.urls.iter().map(|m| m.span));
        spans.extend(x.addresses.iter().map(|m| m.span));
        spans.extend(x.data_types.iter().map(|t| t.span));
        for s in spans {
            assert!(
                s.start <= s.end && s.end <= text.len(),
                "{s:?} out of {}",
                text.len()
            );
            assert!(
                text.is_char_boundary(s.start) && text.is_char_boundary(s.end),
                "{s:?}"
            );
        }
    }

    /// Fragments that exercise every extractor, glued at random.
    const PIECES: &[&str] = &[
        "On ",
        "June 5",
        ", 2024",
        " – ",
        "7",
        "between ",
        " and ",
        "10/7/15",
        "2015-10-07",
        "Sept. ",
        "approximately ",
        "1,000 ",
        "members",
        "one thousand ",
        "patients",
        "1-800-555-0123",
        "(TTY 711)",
        "TTY ",
        "www.",
        "example.com",
        "/a",
        ".",
        "@",
        "x",
        "100 Main Street",
        ", Springfield, IL 62704",
        "P.O. Box 12",
        "\n",
        "\n\n",
        "Social Security number",
        " not ",
        "no ",
        "names, ",
        "addresses",
        "we discovered",
        " accessed ",
        "that ",
        "€",
        "é",
        "’",
        "\u{feff}",
        "\r\n",
        " ",
        ":",
        "(",
        ")",
        "Date: ",
        "$",
        "%",
        "neither ",
        " nor ",
        "but ",
        "driver’s license",
        "e-mail",
        "a.m.",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn never_panics_on_arbitrary_text(text in "\\PC{0,400}") {
            check_spans(&text);
        }

        #[test]
        fn never_panics_on_letter_like_text(parts in prop::collection::vec(0..PIECES.len(), 0..80)) {
            let text: String = parts.iter().map(|&i| PIECES[i]).collect();
            check_spans(&text);
        }
    }
}
