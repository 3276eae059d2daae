//! Contact details: phone numbers, e-mail addresses, web addresses and
//! postal addresses.

use std::sync::LazyLock;

use serde::Serialize;

use super::Mention;
use super::text;
use crate::span::Span;

/// A North American phone number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PhoneMention {
    /// The digits, without country code: "8005550123", or "711" for the relay service.
    pub number: String,
    /// Whether the area code is toll-free (800, 833, 844, 855, 866, 877, 888).
    pub toll_free: bool,
    /// Whether the number is announced as a TTY/TDD or relay line.
    pub tty: bool,
    /// Where the number is written.
    pub span: Span,
}

/// Toll-free area codes in the North American Numbering Plan.
const TOLL_FREE: &[&str] = &["800", "833", "844", "855", "866", "877", "888"];

static PHONE_RE: LazyLock<crate::pattern::Searcher> = LazyLock::new(|| {
    // Area codes and exchanges start with 2-9, which keeps SSNs, dates and
    // account numbers out. A separator (or parentheses) between the groups is
    // required so that bare digit runs are not taken for phone numbers.
    crate::pattern::Searcher::new(
        r"(?:(?:\+?1[ .\-‑]?)?\([2-9][0-9]{2}\)[ \u{a0}]?|(?:\+?1[ .\-‑])?[2-9][0-9]{2}[ .\-‑\u{a0}])[2-9][0-9]{2}[ .\-‑\u{a0}][0-9]{4}",
    )
    .expect("phone pattern is valid")
});

static RELAY_RE: LazyLock<crate::pattern::Searcher> =
    LazyLock::new(|| crate::pattern::Searcher::new(r"\b711\b").expect("relay pattern is valid"));

/// Words announcing a line for callers who are deaf or hard of hearing.
static TTY_CUE_RE: LazyLock<crate::pattern::Matcher> = LazyLock::new(|| {
    crate::pattern::matcher(r"(?i)\b(?:TTY|TDD|TTD|TYY|TT|TRS|relay|hearing[\s-]+impaired|hard\s+of\s+hearing|deaf|speech[\s-]+impaired)\b")
        .expect("tty cue pattern is valid")
});

/// Words that make a bare "711" a phone number.
static RELAY_CUE_RE: LazyLock<crate::pattern::Matcher> = LazyLock::new(|| {
    crate::pattern::matcher(
        r"(?i)\b(?:TTY|TDD|TTD|TYY|TRS|relay|dial(?:ing)?|hearing[\s-]+impaired|deaf)\b",
    )
    .expect("relay cue pattern is valid")
});

/// The area code, exchange and line of a [`PHONE_RE`] match, as ten
/// digits: the last ten of its digits, since its separators hold none and
/// only a leading country code "1" comes before them.
///
/// Reading them from the match is exact and spares the capture groups'
/// second pass over it, which cost more than finding the match.
fn ten_digits(phone: &str) -> String {
    let digits: Vec<u8> = phone.bytes().filter(u8::is_ascii_digit).collect();
    String::from_utf8_lossy(&digits[digits.len().saturating_sub(10)..]).into_owned()
}

/// Finds North American phone numbers and "711" relay references.
pub(crate) fn phones(text: &str) -> Vec<PhoneMention> {
    let mut out: Vec<PhoneMention> = Vec::new();
    let mut prev_end = 0;
    for whole in PHONE_RE.find_iter(text) {
        let span = Span::new(whole.start(), whole.end());
        if !stands_alone(text, span) {
            continue;
        }
        let number = ten_digits(&text[whole.range()]);
        let tty = has_cue_before(text, prev_end, span.start, &TTY_CUE_RE);
        out.push(PhoneMention {
            toll_free: TOLL_FREE.contains(&&number[..3]),
            number,
            tty,
            span,
        });
        prev_end = span.end;
    }
    let phone_spans: Vec<Span> = out.iter().map(|p| p.span).collect();
    let mut relays = Vec::new();
    for m in RELAY_RE.find_iter(text) {
        let span = Span::new(m.start(), m.end());
        if text::overlaps_sorted(&phone_spans, span) {
            continue;
        }
        let before = text[..span.start].chars().next_back();
        let mut after = text[span.end..].chars();
        let glued_after = match after.next() {
            Some('-' | '.') => after.next().is_some_and(|c| c.is_ascii_digit()),
            Some(c) => c.is_ascii_digit(),
            None => false,
        };
        if before.is_some_and(|c| c.is_ascii_digit()) || glued_after {
            continue;
        }
        // The cue must sit in the same line and sentence, after the previous number.
        let k = phone_spans.partition_point(|p| p.end <= span.start);
        let floor = k.checked_sub(1).map_or(0, |k| phone_spans[k].end);
        if has_cue_before(text, floor, span.start, &RELAY_CUE_RE) {
            relays.push(PhoneMention {
                number: "711".to_owned(),
                toll_free: false,
                tty: true,
                span,
            });
        }
    }
    out.extend(relays);
    out.sort_by_key(|p| p.span);
    out
}

/// A phone match must not continue a longer run of digits or words.
fn stands_alone(text: &str, span: Span) -> bool {
    let before = text[..span.start].chars().next_back();
    if before.is_some_and(|c| c.is_alphanumeric() || matches!(c, '-' | '/' | '.' | '+' | '_' | '$'))
    {
        // Glued to something before: "x.855.555.0123", "12-855-555-0123", "$855.555.0123".
        return false;
    }
    let mut after = text[span.end..].chars();
    match after.next() {
        Some(c) if c.is_alphanumeric() => false,
        Some('-' | '/' | '.') => !after.next().is_some_and(|c| c.is_ascii_digit()),
        _ => true,
    }
}

/// Whether `cue` occurs in the 60 bytes before `pos`, on the same line,
/// in the same sentence and after `floor`.
fn has_cue_before(text: &str, floor: usize, pos: usize, cue: &crate::pattern::Matcher) -> bool {
    let window = text::window_before(text, floor, pos, 60);
    let window = window.rsplit('\n').next().unwrap_or(window);
    let window = window.rsplit(". ").next().unwrap_or(window);
    cue.is_match(window)
}

static EMAIL_RE: LazyLock<crate::pattern::Searcher> = LazyLock::new(|| {
    crate::pattern::Searcher::new(r"(?i)\b[a-z0-9][a-z0-9._%+\-]*@[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?)*\.[a-z]{2,24}\b")
        .expect("email pattern is valid")
});

/// Finds e-mail addresses.
pub(crate) fn emails(text: &str) -> Vec<Mention> {
    // Every address holds an "@", which most letters do not: a byte search
    // spares them the pattern's pass.
    if !text.contains('@') {
        return Vec::new();
    }
    EMAIL_RE
        .find_iter(text)
        .map(|m| Mention {
            value: text[m.range()].to_owned(),
            span: Span::new(m.start(), m.end()),
        })
        .collect()
}

static URL_RE: LazyLock<crate::pattern::Searcher> = LazyLock::new(|| {
    crate::pattern::Searcher::new(
        r#"(?i)\bhttps?://[^\s<>"'“”‘’\[\]]+|\bwww\.[a-z0-9\-]+(?:\.[a-z0-9\-]+)+(?:/[^\s<>"'“”‘’\[\]]*)?|\b[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?)*\.(?:com|org|net|gov|edu|us|info|biz|io|mil|health)\b(?:/[^\s<>"'“”‘’\[\]]*)?"#,
    )
    .expect("url pattern is valid")
});

/// Finds web addresses, with or without a scheme ("https://x.org/a",
/// "www.example.com", "IdentityTheft.gov"), leaving out e-mail addresses and
/// punctuation that ends the sentence.
pub(crate) fn urls(text: &str, emails: &[Mention]) -> Vec<Mention> {
    let mut out = Vec::new();
    for m in URL_RE.find_iter(text) {
        let raw = Span::new(m.start(), m.end());
        if text[..raw.start].ends_with(['@', '.', '-'])
            || emails.iter().any(|e| e.span.overlaps(raw))
        {
            continue;
        }
        let trimmed = trim_url(&text[m.range()]);
        if trimmed.is_empty() {
            continue;
        }
        out.push(Mention {
            value: trimmed.to_owned(),
            span: Span::new(raw.start, raw.start + trimmed.len()),
        });
    }
    out
}

/// Drops trailing punctuation that belongs to the sentence, keeping a closing
/// parenthesis that the URL itself opened.
fn trim_url(url: &str) -> &str {
    let mut url = url;
    loop {
        let Some(last) = url.chars().next_back() else {
            return url;
        };
        let strip = match last {
            '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '"' | '”' | '’' | ']' | '}' | '*' | '_' => {
                true
            }
            ')' => url.matches('(').count() < url.matches(')').count(),
            _ => false,
        };
        if !strip {
            return url;
        }
        url = &url[..url.len() - last.len_utf8()];
    }
}

const STATES: &str = "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|PR|VI|GU|AS|MP";

const STREET_SUFFIX: &str = "Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Drive|Dr|Lane|Ln|Way|Court|Ct|Place|Pl|Parkway|Pkwy|Highway|Hwy|Circle|Cir|Square|Sq|Terrace|Ter|Trail|Trl|Plaza|Plz|Pike|Turnpike|Tpke|Route|Rte|Center|Ctr|Loop|Row|Run|Path|Alley|Expressway|Expy|Freeway|Fwy|Broadway|Crossing|Xing|Point|Pt|Ridge|Commons";

static ADDRESS_RE: LazyLock<crate::pattern::Searcher> = LazyLock::new(|| {
    let pattern = format!(
        r"(?x)
        (?:
          \b[0-9]{{1,6}}[A-Za-z]?(?:-[0-9]+)?[\x20\t]+
          (?:(?:N|S|E|W|NE|NW|SE|SW|North|South|East|West)\.?[\x20\t]+)?
          (?:[A-Z0-9][A-Za-z0-9.'’\-]*[\x20\t]+){{0,4}}?
          (?:{STREET_SUFFIX})\b\.?
          (?:[\x20\t]+(?:N|S|E|W|NE|NW|SE|SW)\b\.?)?
          (?:,?[\x20\t]+(?:
              (?:Suite|Ste\.?|Unit|Apt\.?|Apartment|Floor|Fl\.?|Room|Rm\.?|Building|Bldg\.?|Dept\.?|Department)[\x20\t]*\#?[\x20\t]*[A-Za-z0-9\-]+
            | \#[\x20\t]*[A-Za-z0-9\-]+
            | [0-9]{{1,3}}[\x20\t]?(?:st|nd|rd|th)[\x20\t]+Floor
          ))?
        |
          \b(?:P\.?[\x20\t]?O\.?|Post[\x20\t]+Office)[\x20\t]+Box[\x20\t]+[0-9]+
        )
        (?:,[\x20\t]*(?:\r?\n[\x20\t]*)?|[\x20\t]*\r?\n[\x20\t]*|[\x20\t]+)
        (?:(?:[A-Z][A-Za-z.'’\-]*[\x20\t]+){{0,3}}?[A-Z][A-Za-z.'’\-]*,?[\x20\t]+)?
        (?:{STATES})\.?[\x20\t]+[0-9]{{5}}(?:-[0-9]{{4}})?\b
        "
    );
    crate::pattern::Searcher::new(&pattern).expect("address pattern is valid")
});

static PO_BOX_RE: LazyLock<crate::pattern::Searcher> = LazyLock::new(|| {
    crate::pattern::Searcher::new(r"\b(?:P\.?[ \t]?O\.?|Post[ \t]+Office)[ \t]+Box[ \t]+[0-9]+\b")
        .expect("po box pattern is valid")
});

/// Finds postal addresses: a street line or P.O. box followed by
/// "City, ST 12345" (or just "ST 12345-6789") on the same or the next line.
/// A P.O. box alone also counts.
pub(crate) fn addresses(text: &str) -> Vec<Mention> {
    let mut out: Vec<Mention> = ADDRESS_RE
        .find_iter(text)
        .map(|m| Mention {
            value: normalize_space(&text[m.range()]),
            span: Span::new(m.start(), m.end()),
        })
        .collect();
    // A post office box is spelled "Box", which most letters do not hold.
    if !text.contains("Box") {
        return out;
    }
    let full: Vec<Span> = out.iter().map(|m| m.span).collect();
    let boxes: Vec<Mention> = PO_BOX_RE
        .find_iter(text)
        .map(|m| Span::new(m.start(), m.end()))
        .filter(|s| !text::overlaps_sorted(&full, *s))
        .map(|span| Mention {
            value: normalize_space(&text[span.range()]),
            span,
        })
        .collect();
    out.extend(boxes);
    out.sort_by_key(|m| m.span);
    out
}

/// Joins the lines of a multi-line address with ", " and collapses spaces.
fn normalize_space(s: &str) -> String {
    let lines: Vec<String> = s
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect();
    let mut out = String::new();
    for line in lines {
        if !out.is_empty() {
            if !out.ends_with(',') {
                out.push(',');
            }
            out.push(' ');
        }
        out.push_str(&line);
    }
    out
}

/// Compiles this module's patterns now (see [`super::warm_up`]).
pub(super) fn warm_up() {
    LazyLock::force(&PHONE_RE);
    LazyLock::force(&RELAY_RE);
    LazyLock::force(&TTY_CUE_RE);
    LazyLock::force(&RELAY_CUE_RE);
    LazyLock::force(&EMAIL_RE);
    LazyLock::force(&URL_RE);
    LazyLock::force(&ADDRESS_RE);
    LazyLock::force(&PO_BOX_RE);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers(text: &str) -> Vec<(String, bool, bool)> {
        phones(text)
            .into_iter()
            .map(|p| (p.number, p.toll_free, p.tty))
            .collect()
    }

    #[test]
    fn phone_forms() {
        for text in [
            "Call 1-800-555-0123 for help.",
            "Call (800) 555-0123 for help.",
            "Call (800)555-0123 for help.",
            "Call 800.555.0123 for help.",
            "Call 800-555-0123.",
            "Call +1 800 555 0123 for help.",
            "Call 1 (800) 555-0123 for help.",
            "Call 1.800.555.0123 for help.",
            "Call: 800 555 0123",
        ] {
            assert_eq!(
                numbers(text),
                vec![("8005550123".to_owned(), true, false)],
                "{text}"
            );
        }
    }

    #[test]
    fn phone_digits_are_read_past_unicode_separators() {
        assert_eq!(
            numbers("Call +1\u{2011}212\u{2011}555\u{2011}0123 or (212)\u{a0}555\u{a0}0199."),
            vec![
                ("2125550123".to_owned(), false, false),
                ("2125550199".to_owned(), false, false)
            ]
        );
    }

    #[test]
    fn phone_span_includes_country_code() {
        let text = "Call 1 (800) 555-0123 now.";
        let p = &phones(text)[0];
        assert_eq!(&text[p.span.range()], "1 (800) 555-0123");
    }

    #[test]
    fn toll_free_prefixes() {
        for prefix in ["800", "833", "844", "855", "866", "877", "888"] {
            let text = format!("Call {prefix}-555-0123.");
            assert!(phones(&text)[0].toll_free, "{prefix}");
        }
        assert!(!phones("Call (405) 555-0123.")[0].toll_free);
        assert!(!phones("Call 1-822-555-0123.")[0].toll_free);
    }

    #[test]
    fn tty_lines() {
        let got = numbers("Call 1-888-555-0100 (TTY: 1-888-555-0199) weekdays.");
        assert_eq!(
            got,
            vec![
                ("8885550100".to_owned(), true, false),
                ("8885550199".to_owned(), true, true)
            ]
        );
        assert!(phones("TTY/TDD users may call 1-800-555-0123.")[0].tty);
        assert!(phones("Hearing impaired callers: 800-555-0123.")[0].tty);
        assert!(phones("TDD 1-800-555-0123")[0].tty);
        // The cue belongs to the earlier line.
        let got = numbers("TTY users dial 711.\nQuestions: 1-800-555-0123");
        assert_eq!(
            got,
            vec![
                ("711".to_owned(), false, true),
                ("8005550123".to_owned(), true, false)
            ]
        );
    }

    #[test]
    fn relay_711() {
        for text in [
            "Call 1-800-555-0123 (TTY 711).",
            "Call 1-800-555-0123, TTY-711.",
            "Deaf callers may dial 711.",
            "Use the relay service at 711.",
            "TTY/TDD: 711",
        ] {
            let all = phones(text);
            let relay: Vec<_> = all.iter().filter(|p| p.number == "711").collect();
            assert_eq!(relay.len(), 1, "{text}");
            assert!(relay[0].tty && !relay[0].toll_free);
        }
        for text in [
            "We have 711 customers.",
            "Write to 711 Main Street.",
            "Reference 711-22 and 2711 apply.",
            "Call 1-800-711-0123 now.",
        ] {
            assert!(phones(text).iter().all(|p| p.number != "711"), "{text}");
        }
    }

    #[test]
    fn not_phones() {
        for text in [
            "SSN 123-45-6789 was not exposed.",
            "Dates 10/07/2015 and 2015-10-07.",
            "Account 12345678901234 was closed.",
            "Order 1234-567-8901 shipped.",
            "Ref 555-123-45678 is long.",
            "Version 2.555.555.0123.4 was released.",
            "Code 800-555-0123X is not a phone.",
            "Amount $855.555.0123 is money.",
        ] {
            assert!(phones(text).is_empty(), "{text}: {:?}", phones(text));
        }
    }

    #[test]
    fn email_forms() {
        let text = "Write to privacy.office@acme-health.org, or to HELP@Example.COM.";
        let got: Vec<_> = emails(text).into_iter().map(|m| m.value).collect();
        assert_eq!(
            got,
            vec!["privacy.office@acme-health.org", "HELP@Example.COM"]
        );
        assert!(emails("Use the @ sign or user@localhost.").is_empty());
    }

    fn url_values(text: &str) -> Vec<String> {
        urls(text, &emails(text))
            .into_iter()
            .map(|m| m.value)
            .collect()
    }

    #[test]
    fn url_forms() {
        assert_eq!(url_values("See https://x.org/a."), vec!["https://x.org/a"]);
        assert_eq!(
            url_values("See http://www.privacy.ca.gov for tips."),
            vec!["http://www.privacy.ca.gov"]
        );
        assert_eq!(
            url_values("Visit www.example.com."),
            vec!["www.example.com"]
        );
        assert_eq!(
            url_values("Visit example.com/notice, then call."),
            vec!["example.com/notice"]
        );
        assert_eq!(
            url_values("Report it at IdentityTheft.gov!"),
            vec!["IdentityTheft.gov"]
        );
        assert_eq!(
            url_values("(See https://en.wikipedia.org/wiki/Foo_(bar).)"),
            vec!["https://en.wikipedia.org/wiki/Foo_(bar)"]
        );
        assert_eq!(
            url_values("Go to “www.acme.com/help”."),
            vec!["www.acme.com/help"]
        );
        assert_eq!(
            url_values("Visit https://www.annualcreditreport.com?"),
            vec!["https://www.annualcreditreport.com"]
        );
    }

    #[test]
    fn url_spans_match_values() {
        let text = "Visit www.example.com/a/b). Thanks";
        for m in urls(text, &[]) {
            assert_eq!(&text[m.span.range()], m.value);
        }
    }

    #[test]
    fn not_urls() {
        for text in [
            "Email help@example.com for more.",
            "It is e.g. a sample, i.e. a test.",
            "The U.S. Postal Service delivered it at 9 a.m.",
            "Open report.pdf and notes.txt now.",
            "We paid 1.2 million dollars.",
        ] {
            assert!(
                url_values(text).is_empty(),
                "{text}: {:?}",
                url_values(text)
            );
        }
    }

    fn address_values(text: &str) -> Vec<String> {
        addresses(text).into_iter().map(|m| m.value).collect()
    }

    #[test]
    fn address_forms() {
        assert_eq!(
            address_values("Write to 123 Main Street, Springfield, IL 62704 today."),
            vec!["123 Main Street, Springfield, IL 62704"]
        );
        assert_eq!(
            address_values(
                "Acme Clinic\n4500 North Oak Tree Blvd., Suite 200\nLittle Rock, AR 72201-1234\n"
            ),
            vec!["4500 North Oak Tree Blvd., Suite 200, Little Rock, AR 72201-1234"]
        );
        assert_eq!(
            address_values("Mail: 1800 Harrison Street, 16 th Floor Oakland, CA 94612"),
            vec!["1800 Harrison Street, 16 th Floor Oakland, CA 94612"]
        );
        assert_eq!(
            address_values("1 Dental Way TN 37830"),
            vec!["1 Dental Way TN 37830"]
        );
        assert_eq!(
            address_values("Equifax, P.O. Box 105069, Atlanta, GA 30348-5069"),
            vec!["P.O. Box 105069, Atlanta, GA 30348-5069"]
        );
        assert_eq!(
            address_values("Send it to PO Box 1234."),
            vec!["PO Box 1234"]
        );
    }

    #[test]
    fn address_span_covers_both_lines() {
        let text = "Acme\n200 W. Elm Ave\nDenver, CO 80203\nPhone";
        let a = &addresses(text)[0];
        assert_eq!(&text[a.span.range()], "200 W. Elm Ave\nDenver, CO 80203");
    }

    #[test]
    fn not_addresses() {
        for text in [
            "We have 100 Main Street stores.",
            "About 115 of our stores in Texas were affected.",
            "Call 1-800-555-0123 today.",
            "On June 5, 2024 we learned of it.",
            "123 Main Street\n\n\nSpringfield, IL 62704",
        ] {
            assert!(
                address_values(text).is_empty(),
                "{text}: {:?}",
                address_values(text)
            );
        }
    }
}
