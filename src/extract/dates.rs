//! Dates, with the role each one plays in the incident's story.
//!
//! Finding a date is the easy half: one regex covers the written forms
//! letters use ("October 7, 2015", "Oct. 7th, 2015", "10/7/15",
//! "2015-10-07", "7 October 2015", "in March 2024") and ranges that share a
//! month ("June 1 – 5, 2024", "between June 13 and 17"). Ranges of two full
//! dates are recognised afterwards from the words between neighbours.
//!
//! The role comes from the sentence around the date. Cue words are found in
//! one pass over the whole text and classified (discovery, breach, notice,
//! other; plus weak incident nouns such as "incident" that only decide when
//! nothing stronger is present). A date takes the strong cue closest before
//! it in its sentence, except when that cue governs a "that" clause the date
//! belongs to ("we determined that on March 14 an intruder gained access") or
//! when the date opens the sentence ("On July 8, we learned ..."); then the
//! cue after the date decides.

use std::sync::LazyLock;

use jiff::civil::Date;
use serde::{Serialize, Serializer};

use super::text::{self, Segments};
use crate::pattern::{GroupRegex, Groups};
use crate::span::Span;

/// A date found in the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DateMention {
    /// The calendar date (day 1 for month precision).
    #[serde(serialize_with = "serialize_date")]
    pub date: Date,
    /// What the date is in the incident's timeline.
    pub role: DateRole,
    /// Where the date is written.
    pub span: Span,
    /// Whether the text hedges the date ("on or about", "approximately").
    pub approximate: bool,
    /// Whether a day was given or only a month.
    pub precision: DatePrecision,
    /// Whether the year was not written next to the date and was taken from
    /// the other end of its range or from the nearest date with a year.
    pub year_inferred: bool,
}

/// What a date marks in the incident's timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DateRole {
    /// The incident happened on this date.
    Breach,
    /// The incident started on this date (first date of a range).
    BreachStart,
    /// The incident ended on this date (last date of a range).
    BreachEnd,
    /// The organisation discovered or was told of the incident.
    Discovery,
    /// The date of the letter or of the notification itself.
    Notice,
    /// The end of a delay of notice that law enforcement asked for.
    LawEnforcementDelay,
    /// Any other date (deadlines, report dates, service dates ...).
    Other,
}

impl DateRole {
    /// The role's name as serialised.
    pub fn as_str(self) -> &'static str {
        match self {
            DateRole::Breach => "breach",
            DateRole::BreachStart => "breach-start",
            DateRole::BreachEnd => "breach-end",
            DateRole::Discovery => "discovery",
            DateRole::Notice => "notice",
            DateRole::LawEnforcementDelay => "law-enforcement-delay",
            DateRole::Other => "other",
        }
    }
}

/// How precisely a date is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DatePrecision {
    /// A full date.
    Day,
    /// Only a month and year ("in March 2024"); the day is set to 1.
    Month,
}

fn serialize_date<S: Serializer>(date: &Date, s: S) -> Result<S::Ok, S::Error> {
    // `Date`'s Display is ISO 8601 (YYYY-MM-DD).
    s.collect_str(date)
}

const MONTH: &str = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?";
const DAY: &str = r"(?:3[01]|[12][0-9]|0?[1-9])(?:st|nd|rd|th)?\b";
const YEAR: &str = r"(?:19|20)[0-9]{2}\b";

/// The forms of a date, in the order they are preferred where two match
/// at the same place: a day range in one month, month-day-year,
/// day-month-year, month-year, year-first and month-first numbers.
fn date_forms() -> [String; 6] {
    [
        format!(r"\b(?P<r_m>{MONTH})\s+(?P<r_d1>{DAY})\s*(?P<r_conn>-|–|—|to|through|thru|and)\s*(?P<r_d2>{DAY})(?:(?:,\s*|\s+)(?P<r_y>{YEAR}))?"),
        format!(r"\b(?P<a_m>{MONTH})\s+(?P<a_d>{DAY})(?:(?:,\s*|\s+)(?P<a_y>{YEAR}))?"),
        format!(r"\b(?P<b_d>{DAY})\s+(?:of\s+)?(?P<b_m>{MONTH}),?\s+(?P<b_y>{YEAR})"),
        format!(r"\b(?P<c_m>{MONTH}),?\s+(?:of\s+)?(?P<c_y>{YEAR})"),
        r"\b(?P<i_y>(?:19|20)[0-9]{2})(?P<i_s1>[-/])(?P<i_m>1[0-2]|0?[1-9])(?P<i_s2>[-/])(?P<i_d>3[01]|[12][0-9]|0?[1-9])\b".to_string(),
        r"\b(?P<n_m>1[0-2]|0?[1-9])(?P<n_s1>[-/])(?P<n_d>3[01]|[12][0-9]|0?[1-9])(?P<n_s2>[-/])(?P<n_y>(?:19|20)[0-9]{2}|[0-9]{2})\b".to_string(),
    ]
}

/// Where dates are, and which form each has (the index of its pattern in
/// [`date_forms`]), without their parts: finding a match is a few DFA
/// steps a byte, and reading its parts is a second pass over it.
static DATE_RE: LazyLock<crate::pattern::Matcher> = LazyLock::new(|| {
    let forms = date_forms().map(|f| format!("(?i){f}"));
    crate::pattern::many(&forms).expect("date pattern is valid")
});

/// The parts of a match of each form, read from the match alone. Each
/// form must span the whole match: every form begins and ends at a word
/// boundary next to a letter or digit, so it holds in the match alone
/// exactly when it held in the text, and the form's preferred reading of
/// the whole match is the one the search found.
static DATE_PARTS: LazyLock<Vec<GroupRegex>> = LazyLock::new(|| {
    date_forms()
        .iter()
        .map(|f| GroupRegex::new(&format!("(?i)^(?:{f})$")).expect("date pattern is valid"))
        .collect()
});

/// Words between two dates that make them one range.
static RANGE_GAP_RE: LazyLock<GroupRegex> = LazyLock::new(|| {
    GroupRegex::new(r"(?i)^\s*,?\s*(?P<conn>-|–|—|to|through|thru|until|till|and|(?:and\s+)?(?:continued|lasted|ended|ran|persisted)\s+(?:until|through|to|on))\s*(?:(?:approximately|about|around|on\s+or\s+(?:about|around))\s+)?$")
        .expect("range gap pattern is valid")
});

/// "between" / "from" right before a range.
static RANGE_PREFIX_RE: LazyLock<crate::pattern::Matcher> = LazyLock::new(|| {
    crate::pattern::matcher(r"(?i)\b(?:between|from|during\s+(?:the\s+)?(?:time\s+)?(?:period|window|timeframe|time\s+frame)(?:\s+of)?)\s+(?:(?:approximately|about|around|on\s+or\s+(?:about|around))\s+)?(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?$")
        .expect("range prefix pattern is valid")
});

/// Hedging right before a date.
static APPROX_RE: LazyLock<crate::pattern::Matcher> = LazyLock::new(|| {
    crate::pattern::matcher(r"(?i)\b(?:on\s+or\s+(?:about|around)|in\s+or\s+(?:about|around)|approximately|approx\.|around|about|roughly|circa|as\s+early\s+as|sometime|early|mid|late)\s*-?\s*(?:(?:in|on|of)\s+)?(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day\s*,?\s*)?$")
        .expect("approximation pattern is valid")
});

/// A deadline or other non-event preposition right before a date.
static OTHER_PREFIX_RE: LazyLock<crate::pattern::Matcher> = LazyLock::new(|| {
    crate::pattern::matcher(r"(?i)\b(?:by|before|until|till|no\s+later\s+than|prior\s+to|through|expires?(?:\s+on)?|expiring(?:\s+on)?|deadline(?:\s+(?:is|of))?|dated|as\s+of|effective|born(?:\s+on)?|last\s+(?:modified|revised|reviewed)(?:\s+on)?|(?:last\s+)?updated(?:\s+on)?)\s*[,:]?\s*$")
        .expect("other prefix pattern is valid")
});

/// A ZIP code right before a date: the letterhead of a letter whose lines
/// were run together ("Oakland, CA 94612 October 10, 2017 Dear …").
static ZIP_BEFORE_RE: LazyLock<crate::pattern::Matcher> = LazyLock::new(|| {
    crate::pattern::matcher(r"\b(?-i:[A-Z]{2})\.?\s+\d{5}(?:-\d{4})?\s*,?\s*$")
        .expect("zip pattern is valid")
});

/// "DHCS reported on February 8, 2010, that …": the organisation's own
/// public report is its notice.
static PUBLIC_REPORT_BEFORE_RE: LazyLock<crate::pattern::Matcher> = LazyLock::new(|| {
    crate::pattern::matcher(
        r"(?i)\b(?:reported|announced|disclosed|publicly\s+reported)\s+(?:on\s+)?$",
    )
    .expect("public report pattern is valid")
});

/// A mailing that is not the notice: the mailing that went wrong, in a
/// misdirected-mail breach ("a fundraising campaign that involved mailing
/// a letter").
static OTHER_MAILING_RE: LazyLock<crate::pattern::Matcher> = LazyLock::new(|| {
    crate::pattern::matcher(r"(?i)\b(?:fundrais[a-z]*|marketing|campaign|survey|newsletter|solicitation|appeal|invoices?|statements?|renewal|postcards?|mailers?|promotional|advertis[a-z]*)\b")
        .expect("other mailing pattern is valid")
});

/// A "Date:" label at the start of a line.
static DATE_LABEL_RE: LazyLock<crate::pattern::Matcher> = LazyLock::new(|| {
    crate::pattern::matcher(r"(?i)(?:^|\n)[ \t*#>_]*(?:date|dated|letter\s+date|notice\s+date|date\s+of\s+(?:this\s+)?(?:notice|letter))[ \t*_]*:[ \t*_]*$")
        .expect("date label pattern is valid")
});

/// A press-release dateline or a date followed by a dash at the top of a notice.
static DATELINE_TAIL_RE: LazyLock<crate::pattern::Matcher> = LazyLock::new(|| {
    crate::pattern::matcher(r"(?i)^\s*\)?\s*(?:\(?\s*/?\s*(?:PR\s*Newswire|Business\s*Wire|GLOBE\s*NEWSWIRE|Newswire|Accesswire)[^)\n]{0,20}?\)?\s*/?)?\s*(?:--|–|—|-)")
        .expect("dateline pattern is valid")
});

/// The date opens its clause ("On July 8, ...", "..., and on May 3, ...").
static FRONTED_RE: LazyLock<crate::pattern::Searcher> = LazyLock::new(|| {
    // At the sentence start the preposition is optional ("June 5, 2024: ...");
    // after a comma or "and" it is required (", on June 5, 2024, we ...") so
    // that an apposition ("at 9 a.m., Feb. 23, the morning after") is not
    // taken for an opening adverbial.
    crate::pattern::Searcher::new(r"(?i)(?:^\s*(?:(?:on|in|during)\s+)?|(?:[,;:(–—]|\band\b|\bthen\b)\s*(?:(?:then|and|also|subsequently|later|finally)\s+)*(?:on|in|during)\s+)(?:(?:or\s+)?(?:about|around|approximately|early|mid|late|sometime)[\s,-]+)*(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s+)?$")
        .expect("fronted pattern is valid")
});

/// Words that open a clause of its own under a cue verb: "we learned that
/// ...", "we were told there may have been ...".
static THAT_RE: LazyLock<crate::pattern::Searcher> = LazyLock::new(|| {
    crate::pattern::Searcher::new(
        r"(?i)\b(?:that|whether|there\s+(?:was|were|had\s+been|has\s+been|may|might|could))\b",
    )
    .expect("that pattern is valid")
});

/// Role cues. Alternatives are ordered so that, at one position, the more
/// specific reading wins ("was posted" is an event, "Posted" alone a notice).
static CUE_RE: LazyLock<crate::pattern::Matcher> = LazyLock::new(|| {
    let notice = [
        r"(?:this\s+)?(?:notice|letter|update)\s+(?:was\s+|is\s+)?(?:posted|published|sent|mailed|issued)",
        r"(?:mailed|sent|send|sending|provided|providing|mailing|issued|issuing)\s+(?:(?:you|them|a|an|written|formal|individual|the|these|our|direct|individualized|substitute)\s+){0,3}(?:notices?|notifications?|letters?)",
        r"began\s+(?:sending|mailing|notifying)",
        r"(?:letters?|notices?|notifications?)\s+(?:were|was|will\s+be|are\s+being|have\s+been|had\s+been)\s+(?:mailed|sent|issued)",
        r"notif(?:ied|ying)\s+(?:the\s+)?(?:potentially\s+|all\s+)?(?:affected|impacted|individuals|patients|members|customers|employees|those|residents|consumers|students|clients|participants)",
        r"this\s+(?:letter|notice)",
        r"posted|published|announced|shared\s+that",
        r"(?:notice|letter|mailing)\s+date|date\s+of\s+(?:this\s+)?(?:notice|letter)",
    ];
    let discovery = [
        r"discover(?:ed|y|ing)?",
        r"learn(?:ed|t)",
        r"(?:became|become|becoming|been|was|were)\s+(?:made\s+)?aware",
        concat!(r"made\s+(?:[", word_chars!(), r"]+\s+){0,4}?aware"),
        r"identified|detected|detection|determined|confirmed|noticed|observed|uncovered|revealed|found|suspected|recogni[sz]ed|realized|encountered",
        r"(?:was|were)\s+able\s+to\s+(?:identify|determine|confirm)",
        r"(?:was|were)\s+reported\s+to\s+(?:us|the\s+company)|reported\s+that",
        r"(?:was|were|been|being)\s+(?:alerted|informed|notified|advised|contacted|told)",
        r"(?:alerted|informed|notified|advised|contacted|told|informing|alerting)\s+(?:us|the\s+company|our\s+[0-9a-z_]+)",
        concat!(
            r"(?:alerted|informed|advised|told)\s+(?-i:[A-Z])[&.",
            word_chars!(),
            r"]*(?:\s+(?-i:[A-Z])[&.",
            word_chars!(),
            r"]*){0,3}\s+(?:to|of|about|that)"
        ),
        r"received\s+(?:a\s+|an\s+|several\s+|multiple\s+)?(?:[a-z]+\s+)?(?:reports?|notices?|notifications?|calls?|complaints?|alerts?|word|confirmation|messages?|tips?|voicemails?)",
        r"(?:discovery|detection)\s+date|date\s+of\s+(?:the\s+)?discovery",
    ];
    let breach = [
        r"occurred|occurring|occur|took\s+place|happened",
        r"accessed|(?:gained|obtained|had|gain|obtain)\s+(?:unauthori[sz]ed\s+|remote\s+|illegal\s+|improper\s+)?access",
        r"able\s+to\s+(?:[a-z]+\s+)?access",
        r"acquired|exfiltrated|stolen|stole|infected|encrypted|deployed|compromised|hacked|attacked|infiltrated|broke\s+into|suffered|experienced",
        r"(?:was|were)\s+(?:the\s+)?(?:target|victim)s?|targeted",
        r"downloaded|copied|viewed|exposed",
        r"(?:was|were)\s+(?:inadvertently\s+|mistakenly\s+|accidentally\s+|erroneously\s+)?(?:sent|mailed|e-?mailed|disclosed|posted|faxed)",
        r"mistakenly|inadvertently|accidentally|erroneously|in\s+error|misdirected|lost|misplaced",
        r"burglarized|broken\s+into|robbed|obtained\s+by|discarded|(?:improperly\s+)?disposed\s+of",
        r"posing\s+as|impersonat(?:ed|ing)|spoofed",
        r"(?:fraudulently|improperly|illegally|wrongfully|unlawfully|criminally)\s+[a-z]+",
        r"(?:that|which)\s+(?:began|started|commenced|lasted|continued|ran)",
        r"between",
        r"(?:breach|incident)\s+date|date\s+of\s+(?:the\s+)?(?:breach|incident)",
    ];
    let other = [
        r"reported|dated|expires|deadline|updated|born|effective|last\s+modified|received\s+(?:care|services|treatment)|date\s+of\s+service",
    ];
    let weak = [
        r"incidents?|breach(?:es)?|(?:cyber[-\s]?)?attacks?|intrusions?|errors?|events?|ransomware|malware|phishing|theft|burglary|break-?in|robbery",
        r"unauthori[sz]ed\s+(?:access|activity|party|individual|actor|person)|suspicious\s+activity|unusual\s+activity|compromise|exposure|accessible",
    ];
    // One pattern per kind, in the order of `CUE_KINDS`.
    let kinds: Vec<String> = [&notice[..], &discovery, &breach, &other, &weak]
        .iter()
        .map(|alts| format!(r"(?i)\b(?:{})\b", alts.join("|")))
        .collect();
    crate::pattern::many(&kinds).expect("role cue pattern is valid")
});

/// The kind of cue each pattern of [`CUE_RE`] finds.
const CUE_KINDS: [CueKind; 5] = [
    CueKind::Notice,
    CueKind::Discovery,
    CueKind::Breach,
    CueKind::Other,
    CueKind::Weak,
];

/// The kind of a role cue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CueKind {
    Notice,
    Discovery,
    Breach,
    Other,
    /// An incident noun: decides only when no other cue is in the sentence.
    Weak,
}

#[derive(Debug, Clone, Copy)]
struct Cue {
    span: Span,
    kind: CueKind,
}

impl CueKind {
    fn role(self) -> DateRole {
        match self {
            CueKind::Notice => DateRole::Notice,
            CueKind::Discovery => DateRole::Discovery,
            CueKind::Breach | CueKind::Weak => DateRole::Breach,
            CueKind::Other => DateRole::Other,
        }
    }
}

/// A date as read, before years are settled and roles assigned.
#[derive(Debug, Clone)]
struct Raw {
    span: Span,
    year: Option<i16>,
    month: i8,
    day: i8,
    precision: DatePrecision,
    /// Index of the other end of the range, if this date is one end.
    partner: Option<usize>,
    /// Whether this is the first date of its range.
    range_start: bool,
    year_inferred: bool,
    approximate: bool,
    role: DateRole,
    /// Whether this is the letter's own date (a date line or "Date:" label).
    letter_date: bool,
}

impl Raw {
    fn single(span: Span, year: Option<i16>, month: i8, day: i8, precision: DatePrecision) -> Self {
        Raw {
            span,
            year,
            month,
            day,
            precision,
            partner: None,
            range_start: false,
            year_inferred: false,
            approximate: false,
            role: DateRole::Other,
            letter_date: false,
        }
    }
}

/// Finds every date in `text`, with its role.
pub(crate) fn extract_dates(text: &str, sentences: &Segments) -> Vec<DateMention> {
    let mut raws = scan(text);
    link_ranges(text, &mut raws);
    let ctx = RoleContext::new(text, sentences, &raws);
    for i in 0..raws.len() {
        raws[i].approximate = is_approximate(text, &raws, i);
    }
    assign_roles(text, &ctx, &mut raws);
    settle_years(&mut raws);
    build(raws)
}

fn month_number(token: &str) -> Option<i8> {
    let lower = token.get(..3)?.to_ascii_lowercase();
    let m = match lower.as_str() {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "may" => 5,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" => 9,
        "oct" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => return None,
    };
    Some(m)
}

/// A month token in lower case counts only with a year: "may 5" and
/// "march 3" are a verb and a number more often than a date.
fn month_of(caps: &Groups<'_>, name: &str, has_year: bool) -> Option<i8> {
    let token = caps.name(name)?.as_str();
    if !has_year && !token.starts_with(|c: char| c.is_ascii_uppercase()) {
        return None;
    }
    month_number(token)
}

fn day_of(caps: &Groups<'_>, name: &str) -> Option<i8> {
    let token = caps.name(name)?.as_str();
    let digits: String = token.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

fn year_of(caps: &Groups<'_>, name: &str) -> Option<i16> {
    let token = caps.name(name)?.as_str();
    let y: i16 = token.parse().ok()?;
    Some(match token.len() {
        // Two-digit years in letters are recent: 00-69 is 2000-2069.
        2 if y < 70 => 2000 + y,
        2 => 1900 + y,
        _ => y,
    })
}

/// Numeric dates must stand alone: not part of a longer digit string, a
/// phone number, a path or a money amount.
fn numeric_stands_alone(text: &str, span: Span) -> bool {
    let before = text[..span.start].chars().next_back();
    if before
        .is_some_and(|c| c.is_ascii_digit() || matches!(c, '-' | '/' | '.' | '$' | ':' | '#' | '+'))
    {
        return false;
    }
    let mut after = text[span.end..].chars();
    match after.next() {
        Some(c) if c.is_ascii_digit() || c == '/' => false,
        Some('-' | '.') => !after.next().is_some_and(|c| c.is_ascii_digit()),
        _ => true,
    }
}

/// Every date the pattern finds in `text`, in order; a range is two dates
/// that name each other as partners.
fn scan(text: &str) -> Vec<Raw> {
    let mut raws: Vec<Raw> = Vec::new();
    for m in DATE_RE.find_iter(text) {
        let whole_span = Span::new(m.start(), m.end());
        let form = m.pattern().as_usize();
        let Some(caps) = DATE_PARTS[form].captures(&text[m.range()]) else {
            continue;
        };
        match form {
            0 => push_range(text, whole_span, &caps, &mut raws),
            1 => {
                let has_year = caps.name("a_y").is_some();
                if let (Some(m), Some(d)) = (month_of(&caps, "a_m", has_year), day_of(&caps, "a_d"))
                {
                    let year = year_of(&caps, "a_y");
                    raws.push(Raw::single(whole_span, year, m, d, DatePrecision::Day));
                }
            }
            2 => {
                if let (Some(m), Some(d)) = (month_of(&caps, "b_m", true), day_of(&caps, "b_d")) {
                    let year = year_of(&caps, "b_y");
                    raws.push(Raw::single(whole_span, year, m, d, DatePrecision::Day));
                }
            }
            3 => {
                if let Some(m) = month_of(&caps, "c_m", true) {
                    let year = year_of(&caps, "c_y");
                    raws.push(Raw::single(whole_span, year, m, 1, DatePrecision::Month));
                }
            }
            4 => raws.extend(iso_date(text, &caps, whole_span)),
            _ => raws.extend(numeric_date(text, &caps, whole_span)),
        }
    }
    raws
}

/// Adds a day range within one month ("June 5-12, 2024") as two partner
/// dates, or only its first day when it is not a range after all.
fn push_range(text: &str, whole: Span, caps: &Groups<'_>, raws: &mut Vec<Raw>) {
    let (Some(m), Some(d1), Some(d2), Some(d1m), Some(d2m)) = (
        month_of(caps, "r_m", caps.name("r_y").is_some()),
        day_of(caps, "r_d1"),
        day_of(caps, "r_d2"),
        caps.name("r_d1"),
        caps.name("r_d2"),
    ) else {
        return;
    };
    let year = year_of(caps, "r_y");
    let conn = caps.name("r_conn").map_or("", |c| c.as_str());
    // The parts' offsets are within the match.
    let start_span = Span::new(whole.start, whole.start + d1m.end());
    let between = RANGE_PREFIX_RE.is_match(text::window_before(text, 0, whole.start, 40));
    // "June 5 and 12 ..." is only a range after "between".
    if (conn.eq_ignore_ascii_case("and") && !between) || d2 <= d1 {
        raws.push(Raw::single(start_span, None, m, d1, DatePrecision::Day));
        return;
    }
    let first = raws.len();
    let mut start = Raw::single(start_span, None, m, d1, DatePrecision::Day);
    start.partner = Some(first + 1);
    start.range_start = true;
    let mut end = Raw::single(
        Span::new(whole.start + d2m.start(), whole.end),
        year,
        m,
        d2,
        DatePrecision::Day,
    );
    end.partner = Some(first);
    raws.push(start);
    raws.push(end);
}

/// A year-first numeric date ("2024-06-05"), when its separators agree and
/// it stands alone.
fn iso_date(text: &str, caps: &Groups<'_>, whole_span: Span) -> Option<Raw> {
    let same_sep = caps.name("i_s1").map(|m| m.as_str()) == caps.name("i_s2").map(|m| m.as_str());
    if !same_sep || !numeric_stands_alone(text, whole_span) {
        return None;
    }
    let (y, m, d) = (
        year_of(caps, "i_y")?,
        day_of(caps, "i_m")?,
        day_of(caps, "i_d")?,
    );
    Some(Raw::single(whole_span, Some(y), m, d, DatePrecision::Day))
}

/// A month-first numeric date ("6/5/2024"), when its separators agree and
/// it stands alone.
fn numeric_date(text: &str, caps: &Groups<'_>, whole_span: Span) -> Option<Raw> {
    let s1 = caps.name("n_s1").map_or("", |m| m.as_str());
    let s2 = caps.name("n_s2").map_or("", |m| m.as_str());
    let year_len = caps.name("n_y").map_or(0, |m| m.len());
    // Dashed forms only with a four-digit year: "12-24 months", "5-10-15".
    if s1 != s2 || (s1 == "-" && year_len != 4) || !numeric_stands_alone(text, whole_span) {
        return None;
    }
    let (y, m, d) = (
        year_of(caps, "n_y")?,
        day_of(caps, "n_m")?,
        day_of(caps, "n_d")?,
    );
    Some(Raw::single(whole_span, Some(y), m, d, DatePrecision::Day))
}

/// Joins neighbouring dates into ranges: "from August 6, 2019 to August 9,
/// 2019", "between April 4 and April 9", "June 1, 2024 through June 5, 2024".
fn link_ranges(text: &str, raws: &mut [Raw]) {
    let mut i = 0;
    while i + 1 < raws.len() {
        let (a, b) = (&raws[i], &raws[i + 1]);
        if a.partner.is_some() || b.partner.is_some() {
            i += 1;
            continue;
        }
        let gap = text.get(a.span.end..b.span.start).unwrap_or("");
        let Some(caps) = (gap.len() <= 40)
            .then(|| RANGE_GAP_RE.captures(gap))
            .flatten()
        else {
            i += 1;
            continue;
        };
        let conn = caps.name("conn").map_or("", |m| m.as_str());
        if conn.eq_ignore_ascii_case("and")
            && !RANGE_PREFIX_RE.is_match(text::window_before(text, 0, a.span.start, 40))
        {
            i += 1;
            continue;
        }
        raws[i].partner = Some(i + 1);
        raws[i].range_start = true;
        raws[i + 1].partner = Some(i);
        i += 2;
    }
}

fn is_approximate(text: &str, raws: &[Raw], i: usize) -> bool {
    let raw = &raws[i];
    // The end of a range shares the hedge written before its start.
    let anchor = match raw.partner {
        Some(p) if !raw.range_start => raws[p].span.start,
        _ => raw.span.start,
    };
    APPROX_RE.is_match(text::window_before(text, 0, anchor, 40))
        || (anchor != raw.span.start
            && APPROX_RE.is_match(text::window_before(text, 0, raw.span.start, 40)))
}

/// Everything the role decision looks up, computed once per text.
struct RoleContext<'a> {
    sentences: &'a Segments,
    /// Strong cues (everything but weak incident nouns), in text order.
    strong: Vec<Cue>,
    /// Weak cues, in text order.
    weak: Vec<Cue>,
    /// Offsets of "that" / "whether".
    thats: Vec<usize>,
    /// The first ten non-blank lines (see [`RoleContext::top_limit`]).
    top_lines: Vec<Span>,
    /// End of the first ten non-blank lines: where a letter's date line may sit.
    top_limit: usize,
    /// Every date's span, in text order.
    date_spans: Vec<Span>,
}

impl<'a> RoleContext<'a> {
    fn new(text: &str, sentences: &'a Segments, raws: &[Raw]) -> Self {
        // The letter's head: its first ten lines with text, without their
        // line breaks (a date is never on a blank line).
        let mut top_lines = Vec::new();
        let mut top_limit = text.len();
        let mut end = 0;
        for line in text.split_inclusive('\n') {
            let start = end;
            end += line.len();
            if !line.trim().is_empty() {
                top_lines.push(Span::new(start, start + line.trim_end_matches('\n').len()));
                if top_lines.len() == 10 {
                    top_limit = end;
                    break;
                }
            }
        }
        let regions = cue_regions(text, sentences, &top_lines, top_limit, raws);
        let mut strong = Vec::new();
        let mut weak = Vec::new();
        let cues = regions
            .iter()
            .flat_map(|r| CUE_RE.find_iter_in(text, r.clone()));
        for whole in cues {
            let kind = CUE_KINDS[whole.pattern().as_usize()];
            let cue = Cue {
                span: Span::new(whole.start(), whole.end()),
                kind,
            };
            let other_mailing = kind == CueKind::Notice
                && text[whole.range()].to_ascii_lowercase().contains("letter")
                && text
                    .get(sentences.containing(whole.start()).start..whole.start())
                    .is_some_and(|head| OTHER_MAILING_RE.is_match(head));
            if other_mailing {
                // The mailing is the incident, not the notice about it.
                weak.push(Cue {
                    kind: CueKind::Weak,
                    ..cue
                });
            } else if kind == CueKind::Weak {
                weak.push(cue);
            } else {
                strong.push(cue);
            }
        }
        let thats = regions
            .iter()
            .flat_map(|r| THAT_RE.find_iter_in(text, r.clone()))
            .map(|m| m.start())
            .collect();
        RoleContext {
            sentences,
            strong,
            weak,
            thats,
            top_lines,
            top_limit,
            date_spans: raws.iter().map(|r| r.span).collect(),
        }
    }

    /// The line of the letter's head that holds `pos`, if any.
    fn top_line(top_lines: &[Span], top_limit: usize, pos: usize) -> Option<Span> {
        let line = top_lines.iter().find(|l| l.start <= pos && pos <= l.end);
        line.copied().filter(|_| pos < top_limit)
    }

    /// The first "that"-like clause opener in `start..end`.
    fn clause_opener(&self, start: usize, end: usize) -> Option<usize> {
        let i = self.thats.partition_point(|&p| p < start);
        self.thats.get(i).copied().filter(|&p| p < end)
    }

    /// The last cue in `cues` ending at or before `pos` and starting at or after `floor`.
    fn cue_before(cues: &[Cue], floor: usize, pos: usize) -> Option<Cue> {
        let i = cues.partition_point(|c| c.span.end <= pos);
        let cue = *cues.get(i.checked_sub(1)?)?;
        (cue.span.start >= floor).then_some(cue)
    }

    /// The first cue in `cues` starting at or after `pos` and ending at or before `ceil`.
    fn cue_after(cues: &[Cue], pos: usize, ceil: usize) -> Option<Cue> {
        let i = cues.partition_point(|c| c.span.start < pos);
        let cue = *cues.get(i)?;
        (cue.span.end <= ceil).then_some(cue)
    }
}

/// Whether no role cue and no clause opener ([`CUE_RE`], [`THAT_RE`]) can
/// hold byte `b`: an ASCII mark other than the hyphen, apostrophe,
/// ampersand, full stop and underscore that their words can hold.
fn ends_cues(b: u8) -> bool {
    b.is_ascii_punctuation() && !b"-'&._".contains(&b)
}

/// The parts of `text` whose role cues and clause openers can decide a
/// date's role, in order and apart: each date's sentence and, in the
/// letter's head, its line, widened to a byte that [`ends_cues`] (or the
/// text's end) on each side. No cue spans such a byte, so a search from
/// one region's start finds the matches a search of the whole text finds
/// in it, and every cue or opener the roles look at lies in one.
fn cue_regions(
    text: &str,
    sentences: &Segments,
    top_lines: &[Span],
    top_limit: usize,
    raws: &[Raw],
) -> Vec<std::ops::Range<usize>> {
    let mut needs: Vec<Span> = raws
        .iter()
        .map(|raw| {
            let need = sentences.containing(raw.span.start);
            match RoleContext::top_line(top_lines, top_limit, raw.span.start) {
                Some(line) => Span::new(need.start.min(line.start), need.end.max(line.end)),
                None => need,
            }
        })
        .collect();
    needs.sort_unstable_by_key(|n| n.start);
    text::stretches(text, needs, ends_cues)
}

fn assign_roles(text: &str, ctx: &RoleContext<'_>, raws: &mut [Raw]) {
    for i in 0..raws.len() {
        let raw = &raws[i];
        if raw.partner.is_some() && !raw.range_start {
            // Range ends take their start's role, set below.
            continue;
        }
        let (found, letter_date) = role_of(text, ctx, raw);
        raws[i].letter_date = letter_date;
        let raw = &raws[i];
        // A range with no cue at all is, in a breach letter, the exposure window.
        let mut role = found.unwrap_or(if raw.partner.is_some() {
            DateRole::Breach
        } else {
            DateRole::Other
        });
        if let Some(p) = raw.partner {
            // "between"/"from" before a range marks the exposure window, unless
            // a notice verb stands right before it ("letters were mailed
            // between June 1 and June 5").
            let window = text::window_before(text, 0, raw.span.start, 40);
            let prefix = RANGE_PREFIX_RE
                .find(window)
                .map(|m| raw.span.start - window.len() + m.start());
            if let Some(prefix) = prefix {
                let sentence = ctx.sentences.containing(raw.span.start);
                let mailing = RoleContext::cue_before(&ctx.strong, sentence.start, prefix)
                    .is_some_and(|c| c.kind == CueKind::Notice && prefix - c.span.end <= 5);
                role = if mailing {
                    DateRole::Notice
                } else {
                    DateRole::Breach
                };
            }
            let end_role = if role == DateRole::Breach {
                role = DateRole::BreachStart;
                DateRole::BreachEnd
            } else {
                role
            };
            raws[p].role = end_role;
        }
        raws[i].role = role;
    }
}

/// Longest line head before a date that can hold a "Date:" label.
const LABEL_HEAD_MAX: usize = 60;

/// The start of the line holding `pos`, when at most `max` bytes of that line
/// come before `pos`.
fn line_start_within(text: &str, pos: usize, max: usize) -> Option<usize> {
    let from = pos.saturating_sub(max + 1);
    match text.as_bytes()[from..pos].iter().rposition(|&b| b == b'\n') {
        Some(k) => Some(from + k + 1),
        None => (pos <= max).then_some(0),
    }
}

/// The role the context gives a date, or `None` when nothing in its
/// sentence or position says anything.
///
/// The flag tells whether the date is the letter's own date.
fn role_of(text: &str, ctx: &RoleContext<'_>, raw: &Raw) -> (Option<DateRole>, bool) {
    let span = raw.span;
    // A label sits at the start of a short line head. The line is looked
    // for only that far back, so that a long line full of dates stays
    // linear without an index of every line.
    let line_start = line_start_within(text, span.start, LABEL_HEAD_MAX);
    let line_head = line_start.map_or("", |start| &text[start..span.start]);
    if line_start.is_some() && DATE_LABEL_RE.is_match(line_head) {
        return (Some(DateRole::Notice), true);
    }
    let sentence = ctx.sentences.containing(span.start);
    if raw.partner.is_none()
        && OTHER_PREFIX_RE.is_match(text::window_before(text, sentence.start, span.start, 30))
    {
        return (Some(DateRole::Other), false);
    }
    if let Some(line) = RoleContext::top_line(&ctx.top_lines, ctx.top_limit, span.start) {
        if is_date_line(text, ctx, line, raw) {
            return (Some(DateRole::Notice), true);
        }
    }
    if raw.partner.is_none()
        && span.start < ctx.top_limit.max(600)
        && ZIP_BEFORE_RE.is_match(text::window_before(text, 0, span.start, 24))
    {
        return (Some(DateRole::Notice), true);
    }
    if raw.partner.is_none()
        && PUBLIC_REPORT_BEFORE_RE.is_match(text::window_before(
            text,
            sentence.start,
            span.start,
            30,
        ))
        && text::window_after(text, span.end, sentence.end, 12)
            .trim_start_matches([',', ' '])
            .starts_with("that")
    {
        return (Some(DateRole::Notice), false);
    }
    let before = RoleContext::cue_before(&ctx.strong, sentence.start, span.start);
    let after = RoleContext::cue_after(&ctx.strong, span.end, sentence.end);
    let chosen = match (before, after) {
        (_, Some(a)) if is_fronted(text, sentence, span) => Some(a),
        (Some(b), a) => match ctx.clause_opener(b.span.end, span.start) {
            // The date belongs to the clause the cue governs: "we learned
            // that on May 3 an intruder gained access", "we were told there
            // may have been an intrusion on May 3".
            Some(opener) => a
                .or_else(|| RoleContext::cue_before(&ctx.weak, opener, span.start))
                .or(Some(b)),
            None => Some(b),
        },
        (None, a) => a,
    };
    if let Some(cue) = chosen {
        return (Some(cue.kind.role()), false);
    }
    let weak = RoleContext::cue_before(&ctx.weak, sentence.start, span.start)
        .or_else(|| RoleContext::cue_after(&ctx.weak, span.end, sentence.end));
    (weak.map(|c| c.kind.role()), false)
}

/// A date line at the top of a letter: a short line that is mostly the date
/// ("June 5, 2024", "Posted 1/31/2020", "Oak Ridge, TN, July 1, 2024"), or a
/// press-release dateline ("SPRINGFIELD, June 5, 2024 /PRNewswire/ --").
fn is_date_line(text: &str, ctx: &RoleContext<'_>, line: Span, raw: &Raw) -> bool {
    let span = raw.span;
    if line.len() > 400 {
        // Only a dateline can sit on a long line (checked before trimming,
        // which would scan the whole line once per date).
        return is_dateline(text, line, raw);
    }
    let content = text[line.range()].trim();
    let has_event_cue = {
        let i = ctx.strong.partition_point(|c| c.span.end <= line.start);
        ctx.strong[i..]
            .iter()
            .take_while(|c| c.span.start < line.end)
            .any(|c| matches!(c.kind, CueKind::Discovery | CueKind::Breach))
    };
    // What the line holds besides its dates ("Posted", "Oak Ridge, TN,").
    let rest_len = {
        let i = ctx.date_spans.partition_point(|d| d.end <= line.start);
        let dates_len: usize = ctx.date_spans[i..]
            .iter()
            .take_while(|d| d.start < line.end)
            .map(Span::len)
            .sum();
        content.len().saturating_sub(dates_len)
    };
    let ends_sentence = content.ends_with(['.', '!', '?'])
        && !text[..line.end].trim_end().ends_with(&text[span.range()]);
    if raw.partner.is_none() && rest_len <= 45 && !has_event_cue && !ends_sentence {
        return true;
    }
    is_dateline(text, line, raw)
}

/// A press-release dateline: "SPRINGFIELD, June 5, 2024 /PRNewswire/ --".
fn is_dateline(text: &str, line: Span, raw: &Raw) -> bool {
    let span = raw.span;
    if raw.partner.is_some() || span.start - line.start > 200 {
        return false;
    }
    let head = text[line.start..span.start].trim_start();
    raw.partner.is_none()
        && head.len() <= 40
        && !head.chars().any(|c| c.is_ascii_digit())
        && DATELINE_TAIL_RE.is_match(&text[span.end..line.end.max(span.end)])
}

/// Whether the date opens its clause and is followed by a comma, as in
/// "On July 8, 2024, we learned ..." or "..., and on May 3, 2024, we ...".
fn is_fronted(text: &str, sentence: Span, span: Span) -> bool {
    let after = text::window_after(text, span.end, sentence.end, 4);
    if !after.trim_start().starts_with(',') {
        return false;
    }
    let window = text::window_before(text, sentence.start, span.start, 60);
    let window_start = span.start - window.len();
    match FRONTED_RE.find(window) {
        Some(m) if m.start() == 0 => window_start == sentence.start,
        Some(_) => true,
        None => false,
    }
}

/// Gives every date a year: a range end lends its year to its start (and the
/// other way round); other dates borrow from the nearest date with a year.
fn settle_years(raws: &mut [Raw]) {
    for i in 0..raws.len() {
        if raws[i].year.is_some() {
            continue;
        }
        let Some(p) = raws[i].partner else { continue };
        let Some(py) = raws[p].year else { continue };
        let (m, pm) = (raws[i].month, raws[p].month);
        raws[i].year = Some(if raws[i].range_start {
            // "between December 28 and January 3, 2024" starts in 2023.
            if m > pm { py - 1 } else { py }
        } else if m < pm {
            py + 1
        } else {
            py
        });
        raws[i].year_inferred = true;
    }
    let explicit: Vec<(Span, i16, i8, i8, bool)> = raws
        .iter()
        .filter(|r| r.year.is_some() && !r.year_inferred)
        .filter_map(|r| Some((r.span, r.year?, r.month, r.day, r.letter_date)))
        .collect();
    for i in 0..raws.len() {
        if raws[i].year.is_some() {
            continue;
        }
        let span = raws[i].span;
        let k = explicit.partition_point(|e| e.0.start < span.start);
        let prev = k.checked_sub(1).and_then(|k| explicit.get(k));
        let next = explicit.get(k);
        // Letters state the year once and drop it afterwards, so the
        // dated mention before is the better source; the one after serves
        // only when there is none before, or it is much closer.
        let nearest = match (prev, next) {
            (Some(p), Some(n)) => {
                let to_prev = span.start.saturating_sub(p.0.end);
                let to_next = n.0.start.saturating_sub(span.end);
                if to_prev <= to_next.saturating_mul(4) {
                    Some(p)
                } else {
                    Some(n)
                }
            }
            (p, n) => p.or(n),
        };
        let Some(&(source, y, m, d, letter_date)) = nearest else {
            continue;
        };
        // Events told in a letter precede it: "On December 15" in a letter
        // dated January 10, 2025 is December 15, 2024.
        let after_letter = (raws[i].month, raws[i].day) > (m, d);
        let year = if letter_date && source.start < span.start && after_letter {
            y - 1
        } else {
            y
        };
        raws[i].year = Some(year);
        raws[i].year_inferred = true;
        if let Some(p) = raws[i].partner.filter(|&p| raws[p].year.is_none()) {
            let (pm, own) = (raws[p].month, raws[i].month);
            raws[p].year = Some(if raws[i].range_start && pm < own {
                year + 1
            } else {
                year
            });
            raws[p].year_inferred = true;
        }
    }
}

fn build(raws: Vec<Raw>) -> Vec<DateMention> {
    let valid: Vec<Option<Date>> = raws
        .iter()
        .map(|r| r.year.and_then(|y| Date::new(y, r.month, r.day).ok()))
        .collect();
    let mut out = Vec::with_capacity(raws.len());
    for (i, raw) in raws.iter().enumerate() {
        let Some(date) = valid[i] else { continue };
        let mut role = raw.role;
        // A range with an impossible end is a single date.
        let partner_invalid = raw.partner.is_some_and(|p| valid[p].is_none());
        if partner_invalid && matches!(role, DateRole::BreachStart | DateRole::BreachEnd) {
            role = DateRole::Breach;
        }
        out.push(DateMention {
            date,
            role,
            span: raw.span,
            approximate: raw.approximate,
            precision: raw.precision,
            year_inferred: raw.year_inferred,
        });
    }
    out
}

/// Compiles this module's patterns now (see [`super::warm_up`]).
pub(super) fn warm_up() {
    LazyLock::force(&DATE_RE);
    LazyLock::force(&DATE_PARTS);
    LazyLock::force(&RANGE_GAP_RE);
    LazyLock::force(&RANGE_PREFIX_RE);
    LazyLock::force(&APPROX_RE);
    LazyLock::force(&OTHER_PREFIX_RE);
    LazyLock::force(&ZIP_BEFORE_RE);
    LazyLock::force(&PUBLIC_REPORT_BEFORE_RE);
    LazyLock::force(&OTHER_MAILING_RE);
    LazyLock::force(&DATE_LABEL_RE);
    LazyLock::force(&DATELINE_TAIL_RE);
    LazyLock::force(&FRONTED_RE);
    LazyLock::force(&THAT_RE);
    LazyLock::force(&CUE_RE);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dates(text: &str) -> Vec<DateMention> {
        extract_dates(text, &Segments::sentences(text))
    }

    /// Finding a date's form and then reading its parts from the match
    /// alone gives what one pattern of all the forms, with every part as a
    /// group, gives in the whole text: the same matches, forms and parts,
    /// on edge cases and on every fixture.
    #[test]
    fn parts_read_from_the_match_are_those_of_the_whole_text() {
        let forms = date_forms();
        let combined = crate::pattern::regex(&format!(
            "(?i){}",
            forms
                .iter()
                .enumerate()
                .map(|(i, f)| format!("(?P<form{i}>{f})"))
                .collect::<Vec<_>>()
                .join("|")
        ))
        .unwrap();
        let names: Vec<&str> = combined.capture_names().flatten().collect();
        let mut texts: Vec<String> = [
            "June 5th-12th, 2024; Jan. 5 2024; 5 of March, 2024; Sept 2023; 2024-06-05",
            "on 6/5/24 or 06-05-2024, from May 3 to 9 and May 3 and 9 2024, Mayday 5",
            "x2024-06-05, 12/31/1999z, March 2024., Dec. 31st 2024z",
        ]
        .map(String::from)
        .to_vec();
        texts.extend(crate::fixtures::files().into_iter().map(|(_, text)| text));
        let mut matched = 0;
        for text in &texts {
            let want: Vec<_> = combined
                .captures_iter(text)
                .map(|c| {
                    let form = (0..forms.len())
                        .position(|i| c.name(&format!("form{i}")).is_some())
                        .unwrap();
                    let parts: Vec<_> = names
                        .iter()
                        .filter(|n| !n.starts_with("form"))
                        .map(|n| c.name(n).map(|m| m.range()))
                        .collect();
                    (c.get(0).unwrap().range(), form, parts)
                })
                .collect();
            let got: Vec<_> = DATE_RE
                .find_iter(text)
                .map(|m| {
                    let form = m.pattern().as_usize();
                    let c = DATE_PARTS[form].captures(&text[m.range()]).unwrap();
                    let parts: Vec<_> = names
                        .iter()
                        .filter(|n| !n.starts_with("form"))
                        .map(|n| {
                            c.name(n)
                                .map(|p| p.start() + m.start()..p.end() + m.start())
                        })
                        .collect();
                    (m.range(), form, parts)
                })
                .collect();
            assert_eq!(got, want, "{}", &text[..text.len().min(80)]);
            matched += got.len();
        }
        assert!(matched > 100, "{matched}");
    }

    fn d(s: &str) -> Date {
        s.parse().expect("test date")
    }

    /// (ISO date, role) pairs, in text order.
    fn summary(text: &str) -> Vec<(String, DateRole)> {
        dates(text)
            .iter()
            .map(|m| (m.date.to_string(), m.role))
            .collect()
    }

    fn only(text: &str) -> DateMention {
        let all = dates(text);
        assert_eq!(all.len(), 1, "expected one date in {text:?}, got {all:#?}");
        all.into_iter().next().expect("one date")
    }

    #[test]
    fn written_forms() {
        for (text, iso) in [
            ("It was October 7, 2015.", "2015-10-07"),
            ("It was Oct. 7, 2015.", "2015-10-07"),
            ("It was Oct 7 2015.", "2015-10-07"),
            ("It was Sept. 7, 2015.", "2015-09-07"),
            ("It was Sep 7, 2015.", "2015-09-07"),
            ("It was October 7th, 2015.", "2015-10-07"),
            ("It was December 1st, 2023.", "2023-12-01"),
            ("It was OCTOBER 22, 2019.", "2019-10-22"),
            ("It was 10/07/2015.", "2015-10-07"),
            ("It was 10/7/15.", "2015-10-07"),
            ("It was 1/31/2020.", "2020-01-31"),
            ("It was 10-07-2015.", "2015-10-07"),
            ("It was 2015-10-07.", "2015-10-07"),
            ("It was 2015/10/07.", "2015-10-07"),
            ("It was 7 October 2015.", "2015-10-07"),
            ("It was the 7th of October, 2015.", "2015-10-07"),
            ("It was Monday, February 3, 2019.", "2019-02-03"),
        ] {
            let m = only(text);
            assert_eq!(m.date, d(iso), "{text}");
            assert_eq!(m.precision, DatePrecision::Day, "{text}");
            assert!(!m.year_inferred, "{text}");
        }
    }

    #[test]
    fn span_covers_the_date() {
        let text = "Letters went out on Oct. 7th, 2015 by mail.";
        let m = only(text);
        assert_eq!(&text[m.span.range()], "Oct. 7th, 2015");
    }

    #[test]
    fn month_precision() {
        for (text, iso) in [
            ("The review ended in March 2024.", "2024-03-01"),
            ("In July 2019, an intruder got in.", "2019-07-01"),
            ("Sometime in Dec. 2020 we moved.", "2020-12-01"),
            ("It began October, 2017 and ended later.", "2017-10-01"),
            ("It began in June of 2018, we think.", "2018-06-01"),
            ("it began in june 2018, we think.", "2018-06-01"),
        ] {
            let m = only(text);
            assert_eq!(m.date, d(iso), "{text}");
            assert_eq!(m.precision, DatePrecision::Month, "{text}");
        }
    }

    #[test]
    fn approximate_dates() {
        for text in [
            "On or about March 14, 2024, someone got in.",
            "On or around Monday, February 3, 2019, someone got in.",
            "It started approximately June 2, 2021.",
            "It started around June 2, 2021.",
            "It happened in early September 2018.",
            "It happened in or around May 2022.",
        ] {
            assert!(only(text).approximate, "{text}");
        }
        assert!(!only("It started on June 2, 2021.").approximate);
        assert!(!only("We talked about it on June 2, 2021.").approximate);
    }

    #[test]
    fn ranges_share_month() {
        let all = dates("Someone accessed the mailbox June 1 – 5, 2024.");
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].date, d("2024-06-01"));
        assert_eq!(all[0].role, DateRole::BreachStart);
        assert!(all[0].year_inferred);
        assert_eq!(all[1].date, d("2024-06-05"));
        assert_eq!(all[1].role, DateRole::BreachEnd);
        assert!(!all[1].year_inferred);

        let text = "Access occurred June 1-5, 2024.";
        let all = dates(text);
        assert_eq!(&text[all[0].span.range()], "June 1");
        assert_eq!(&text[all[1].span.range()], "5, 2024");
    }

    #[test]
    fn ranges_of_full_dates() {
        for text in [
            "An intruder was in the system from August 6, 2019 to August 9, 2019.",
            "An intruder was in the system between August 6, 2019, and August 9, 2019.",
            "An intruder was in the system between August 6 and August 9, 2019.",
            "An intruder was in the system August 6, 2019 through August 9, 2019.",
            "An intruder was in the system between approximately August 6, 2019, and August 9, 2019.",
            "Unauthorized access occurred from August 6, 2019 until August 9, 2019.",
        ] {
            assert_eq!(
                summary(text),
                vec![
                    ("2019-08-06".to_owned(), DateRole::BreachStart),
                    ("2019-08-09".to_owned(), DateRole::BreachEnd)
                ],
                "{text}"
            );
        }
    }

    #[test]
    fn range_across_new_year() {
        assert_eq!(
            summary("Someone had access between December 28 and January 3, 2024."),
            vec![
                ("2023-12-28".to_owned(), DateRole::BreachStart),
                ("2024-01-03".to_owned(), DateRole::BreachEnd)
            ]
        );
    }

    #[test]
    fn and_without_between_is_not_a_range() {
        let all = dates("We spoke on June 5, 2024 and June 9, 2024 with the vendor.");
        assert!(
            all.iter()
                .all(|m| !matches!(m.role, DateRole::BreachStart | DateRole::BreachEnd))
        );
        assert_eq!(all.len(), 2);
    }

    #[test]
    fn year_inferred_from_nearest_dated_mention() {
        let text = "The letter is dated March 2, 2024.\nOn January 5, we discovered the problem.";
        let all = dates(text);
        assert_eq!(all.len(), 2);
        assert_eq!(all[1].date, d("2024-01-05"));
        assert!(all[1].year_inferred);
        assert_eq!(all[1].role, DateRole::Discovery);

        let text = "On June 5, we discovered the problem. It had started on May 30, 2023.";
        assert_eq!(dates(text)[0].date, d("2023-06-05"));
    }

    #[test]
    fn letter_date_lends_the_previous_year_to_later_months() {
        let text = "January 10, 2025\n\nDear Customer,\n\nOn December 15, we learned of a problem with our store.";
        assert_eq!(
            summary(text),
            vec![
                ("2025-01-10".to_owned(), DateRole::Notice),
                ("2024-12-15".to_owned(), DateRole::Discovery)
            ]
        );
    }

    #[test]
    fn no_year_anywhere_yields_nothing() {
        assert!(dates("On June 5 we discovered the problem.").is_empty());
    }

    #[test]
    fn impossible_dates_are_rejected() {
        for text in [
            "It was February 30, 2024.",
            "It was 2/30/2024.",
            "It was 2023-02-29.",
            "It was April 31, 2021.",
            "It was 13/01/2020.",
            "It was 2020-13-01.",
        ] {
            assert!(dates(text).is_empty(), "{text}");
        }
        assert_eq!(only("It was February 29, 2024.").date, d("2024-02-29"));
    }

    #[test]
    fn not_dates() {
        for text in [
            "Call 1-800-555-0123 today.",
            "Call (855) 555-0123 or 855.555.0123.",
            "Your SSN 123-45-6789 was not involved.",
            "We paid $10/15/2020 fees.",
            "Install version 10.7.15 of the software.",
            "Install version 2.10.2015 of the software.",
            "Our line is open 24/7 from 9:00 to 5:30.",
            "We offer 12-24 months of monitoring.",
            "Half (1/2) of the files were encrypted.",
            "The file is at /2024/06/05/notice.pdf on our site.",
            "You may call us on may 20 if needed.",
            "It affected 2015 customers.",
            "Reference number 3-10-2020-17.",
        ] {
            assert!(dates(text).is_empty(), "{text}: {:?}", dates(text));
        }
    }

    #[test]
    fn discovery_cues() {
        for text in [
            "On May 3, 2024, we discovered suspicious activity.",
            "On May 3, 2024, we learned of the issue.",
            "On May 3, 2024, we became aware of the issue.",
            "We became aware of the error on May 3, 2024.",
            "The attack was detected on May 3, 2024.",
            "On May 3, 2024, our team identified unusual activity.",
            "On May 3, 2024, the investigation determined that files were taken.",
            "The vendor was notified by a customer on May 3, 2024.",
            "On May 3, 2024, a researcher informed us about an exposed database.",
            "Our staff first noticed the problem on May 3, 2024.",
            "On or about May 3, 2024, our vendor made the company aware of an issue.",
            "Upon completion of the review on May 3, 2024, it was determined that records were affected.",
        ] {
            assert_eq!(only(text).role, DateRole::Discovery, "{text}");
        }
    }

    #[test]
    fn told_by_others() {
        for text in [
            "On September 15, 2019, a researcher alerted Acme Loans to a flaw in its site.",
            "On March 15, 2016 we received confirmation from the firm that files were viewed.",
            "On December 2, 2013, the clinic received a voicemail message informing us of a leak.",
        ] {
            assert_eq!(only(text).role, DateRole::Discovery, "{text}");
        }
    }

    #[test]
    fn breach_cues() {
        for text in [
            "The incident occurred on April 1, 2024.",
            "An unauthorized party gained access to one mailbox on April 1, 2024.",
            "The laptop was stolen on April 1, 2024.",
            "We suffered a ransomware attack on or around April 1, 2024.",
            "A spreadsheet was sent in error on April 1, 2024.",
            "We determined that on April 1, 2024, an intruder accessed our system.",
            "In April 2024, an unauthorized individual gained access to an account.",
            "The city experienced a network outage on April 1, 2024.",
        ] {
            assert_eq!(only(text).role, DateRole::Breach, "{text}");
        }
    }

    #[test]
    fn more_breach_wordings() {
        for text in [
            "An outsider was able to briefly access one mailbox on June 22, 2017.",
            "Fraudsters used a ruse to gain remote access to a desktop on August 31, 2017.",
            "On March 2, 2017, a criminal posing as our chief executive asked for tax forms.",
            "On August 2, 2012, records were discarded without shredding.",
            "On November 9, 2017, an enrollment report was sent by an employee to the wrong firm.",
        ] {
            assert_eq!(only(text).role, DateRole::Breach, "{text}");
        }
        let text =
            "The files were exposed from September 2017 through May 7, 2018 on a test server.";
        assert_eq!(
            summary(text),
            vec![
                ("2017-09-01".to_owned(), DateRole::BreachStart),
                ("2018-05-07".to_owned(), DateRole::BreachEnd),
            ]
        );
    }

    #[test]
    fn closest_cue_wins() {
        let text = "On May 3, 2024 we learned that between April 1 and April 2 an unauthorized party accessed two accounts.";
        assert_eq!(
            summary(text),
            vec![
                ("2024-05-03".to_owned(), DateRole::Discovery),
                ("2024-04-01".to_owned(), DateRole::BreachStart),
                ("2024-04-02".to_owned(), DateRole::BreachEnd),
            ]
        );
        let text = "On July 8, 2020, we learned that an intruder gained access to a mailbox between June 13 and 17.";
        assert_eq!(
            summary(text),
            vec![
                ("2020-07-08".to_owned(), DateRole::Discovery),
                ("2020-06-13".to_owned(), DateRole::BreachStart),
                ("2020-06-17".to_owned(), DateRole::BreachEnd),
            ]
        );
        let text = "Police told us on January 17, 2018 that someone may have gained access to our mail server in October 2017.";
        assert_eq!(
            summary(text),
            vec![
                ("2018-01-17".to_owned(), DateRole::Discovery),
                ("2017-10-01".to_owned(), DateRole::Breach),
            ]
        );
    }

    #[test]
    fn clause_under_a_discovery_verb() {
        let text = "On April 27, 2020, we were informed there may have been unauthorized access to the system on November 4, 2019.";
        assert_eq!(
            summary(text),
            vec![
                ("2020-04-27".to_owned(), DateRole::Discovery),
                ("2019-11-04".to_owned(), DateRole::Breach),
            ]
        );
        let text = "The firm found signs of an attack that began on January 2, 2013 and continued until August 2, 2013.";
        assert_eq!(
            summary(text),
            vec![
                ("2013-01-02".to_owned(), DateRole::BreachStart),
                ("2013-08-02".to_owned(), DateRole::BreachEnd),
            ]
        );
        let text = "We are notifying customers who paid on the site from September 1, 2016 until September 23, 2018.";
        assert_eq!(dates(text)[0].role, DateRole::BreachStart);
        let text = "Cards used during the period July 3, 2014 through February 6, 2015 with expiration dates were at risk.";
        assert_eq!(dates(text)[0].role, DateRole::BreachStart);
        let text = "Letters were mailed between June 1 and June 5, 2024.";
        assert!(dates(text).iter().all(|d| d.role == DateRole::Notice));
    }

    #[test]
    fn notice_dates() {
        let text = "Acme Health\n123 Main Street\n\nJune 30, 2024\n\nDear Patient,\n\nWe write about an incident.";
        assert_eq!(only(text).role, DateRole::Notice);
        let text = "Notice of Data Incident\nPosted 1/31/2020\n\nWe recently learned of a problem.";
        assert_eq!(only(text).role, DateRole::Notice);
        let text = "NOTICE OF DATA BREACH (June 20, 2024; revised July 29, 2024 and August 8, 2024)\n\nWe recently learned of a problem.";
        assert!(dates(text).iter().all(|d| d.role == DateRole::Notice));
        let text = "Some notice.\nLast modified on: 3/29/2012 11:08 AM";
        assert_eq!(only(text).role, DateRole::Other);
        // An update is not the first notice.
        let text = "NOTICE OF INCIDENT\nUpdated March 3, 2025\nWhat Happened?\nWe found a problem.";
        assert_eq!(only(text).role, DateRole::Other);
        // A letterhead run into one line: the date follows the ZIP code.
        let text = "Acme Clinic 12 Elm Road Dayton, OH 45402 March 3, 2025 Patient Name Dear Patient: We write about a problem.";
        assert_eq!(only(text).role, DateRole::Notice);
        // The organisation's own public report.
        let text = "The State Benefits Office reported on March 3, 2025, that a mailing included account numbers.";
        assert_eq!(only(text).role, DateRole::Notice);
        // A mailing that went wrong is the incident, not the notice.
        let text = "In early May 2025, our office began a fundraising campaign that involved mailing a letter to many patients.";
        assert_eq!(only(text).role, DateRole::Breach);
        let text = "Some text.\n\nDate: June 30, 2024\nMore text follows here about it.";
        assert_eq!(only(text).role, DateRole::Notice);
        let text = "SPRINGFIELD, Ill., March 14, 2023 /PRNewswire/ -- Acme Clinic is notifying patients of an event that happened at a vendor.";
        assert_eq!(only(text).role, DateRole::Notice);
        for text in [
            "We mailed letters to affected patients on June 30, 2024.",
            "On June 30, 2024, we sent written notification to affected people.",
            "On June 30, 2024, Acme notified potentially impacted individuals by mail.",
            "We began sending letters on June 30, 2024.",
        ] {
            assert_eq!(only(text).role, DateRole::Notice, "{text}");
        }
    }

    #[test]
    fn other_dates() {
        for text in [
            "You must enroll by December 31, 2024 to receive the service.",
            "Your activation code expires on December 31, 2024.",
            "The forensic report dated May 10, 2024 was shared with us.",
            "That process was completed on January 14, 2022.",
        ] {
            assert_eq!(only(text).role, DateRole::Other, "{text}");
        }
        // A stand-alone date line deep in the letter is not the letter date.
        let body = "Line.\n".repeat(12);
        let text = format!("{body}\nJune 30, 2024\n");
        assert_eq!(only(&text).role, DateRole::Other);
    }

    #[test]
    fn serialises_as_iso_and_kebab_case() {
        let m = only("Access occurred on June 5, 2024.");
        let json = serde_json::to_value(&m).expect("serialise");
        assert_eq!(json["date"], "2024-06-05");
        assert_eq!(json["role"], "breach");
        assert_eq!(json["precision"], "day");
        assert_eq!(json["span"]["start"], 19);
        let m = dates("Access occurred between June 1 and June 5, 2024.");
        let json = serde_json::to_value(&m).expect("serialise");
        assert_eq!(json[0]["role"], "breach-start");
        assert_eq!(json[1]["role"], "breach-end");
        assert_eq!(DateRole::BreachStart.as_str(), "breach-start");
    }

    #[test]
    fn line_heads_are_looked_for_only_so_far() {
        let text = "ab\nDate: June 1, 2024";
        let at = text.find("June").unwrap();
        assert_eq!(line_start_within(text, at, 60), Some(3));
        assert_eq!(line_start_within(text, at, 6), Some(3));
        assert_eq!(line_start_within(text, at, 5), None);
        assert_eq!(line_start_within(text, 2, 2), Some(0));
        assert_eq!(line_start_within(text, 2, 1), None);
    }

    /// The cues and openers found region by region are those the whole
    /// text holds there, and none of those the whole text holds spans a
    /// region's edge.
    #[test]
    fn cue_regions_find_what_the_whole_text_holds_there() {
        let mut texts: Vec<String> = crate::fixtures::notices()
            .into_iter()
            .map(|(_, t)| t)
            .collect();
        texts.push(
            "We were informed by Dr. Smith on May 3, 2024 that, on April 2, 2024, \
             an intruder (who was alerted U.S. Secret Service agents) accessed files; \
             letters were mailed on June 1, 2024."
                .to_string(),
        );
        texts.push(
            "June 5, 2024\nDear member,\nWe learned that on 5/1/2024 a laptop was stolen.".into(),
        );
        let mut regions_seen = 0;
        for text in &texts {
            let sentences = Segments::sentences(text);
            let mut raws = scan(text);
            link_ranges(text, &mut raws);
            let ctx = RoleContext::new(text, &sentences, &raws);
            let regions = cue_regions(text, &sentences, &ctx.top_lines, ctx.top_limit, &raws);
            regions_seen += regions.len();
            let inside = |m: &crate::pattern::Match| {
                regions
                    .iter()
                    .find(|r| m.start() < r.end && r.start < m.end())
            };
            let mut cues = Vec::new();
            for m in CUE_RE.find_iter(text) {
                if let Some(r) = inside(&m) {
                    assert!(
                        r.start <= m.start() && m.end() <= r.end,
                        "{:?} in {text:?}",
                        m
                    );
                    cues.push(m.start());
                }
            }
            let mut found: Vec<usize> = ctx
                .strong
                .iter()
                .chain(&ctx.weak)
                .map(|c| c.span.start)
                .collect();
            found.sort_unstable();
            assert_eq!(found, cues, "{text:?}");
            let thats: Vec<usize> = THAT_RE
                .find_iter(text)
                .filter(|m| inside(m).is_some())
                .map(|m| m.start())
                .collect();
            assert_eq!(ctx.thats, thats, "{text:?}");
        }
        assert!(regions_seen > 20, "{regions_seen}");
    }
}
