//! Which of a letter's dates is the discovery of the breach.
//!
//! Letters often give several: when something was first noticed ("On May 3
//! we learned of suspicious activity"), when the investigation found what
//! was taken ("On June 20 the review determined …"), when more people were
//! identified. Breach laws count from the first: HIPAA treats a breach as
//! discovered on "the first day on which such breach is known" (45 CFR
//! 164.404(a)(2)). So each candidate is classed by what the sentence says
//! happened, and the earliest first knowledge wins; the others are kept for
//! a note.
//!
//! An incident the organisation noticed as it happened ("On October 11 we
//! suffered an attack … We immediately launched an investigation") was known
//! on its date, even when the letter gives a later "discovery" date for the
//! end of the investigation.

use std::sync::LazyLock;

use jiff::civil::Date;
use serde::Serialize;

use super::dates::{DateMention, DateRole};
use super::text::{self, Segments};
use crate::span::Span;

/// What a discovery candidate marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Basis {
    /// First knowledge: learned, became aware, detected, was told.
    FirstKnown,
    /// The incident was noticed as it happened (an immediate response follows).
    KnownAtBreach,
    /// A finding of the investigation: determined, confirmed, identified.
    Determined,
}

impl Basis {
    /// In words, for notes.
    pub fn describe(self) -> &'static str {
        match self {
            Basis::FirstKnown => "first knowledge",
            Basis::KnownAtBreach => "the incident, noticed as it happened",
            Basis::Determined => "a finding of the investigation",
        }
    }
}

/// A date that may be the discovery of the breach.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DiscoveryCandidate {
    /// The date.
    #[serde(serialize_with = "serialize_date")]
    pub date: Date,
    /// What it marks.
    pub basis: Basis,
    /// Where it is written.
    pub span: Span,
}

fn serialize_date<S: serde::Serializer>(d: &Date, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(d)
}

static FIRST_RE: LazyLock<crate::pattern::Matcher> = LazyLock::new(|| {
    crate::pattern::matcher(
        concat!(
            r"(?i)\b(?:learn(?:ed|t)|became\s+aware|become\s+aware|made\s+(?:[",
            word_chars!(),
            r"]+\s+){0,4}?aware|discovered|detected|noticed|observed|notified|alerted|informed|advised|told|suspicious|unusual|first)\b"
        ),
    )
    .expect("first-knowledge pattern is valid")
});

static DETERMINED_RE: LazyLock<crate::pattern::Matcher> = LazyLock::new(|| {
    crate::pattern::matcher(
        r"(?i)\b(?:determined|confirmed|identified|concluded|revealed|established|completed|verified|was\s+able\s+to|were\s+able\s+to|review|analysis)\b",
    )
    .expect("determination pattern is valid")
});

static IMMEDIATE_RE: LazyLock<crate::pattern::Matcher> = LazyLock::new(|| {
    crate::pattern::matcher(
        r"(?i)\b(?:immediately|promptly|upon\s+(?:discovery|discovering|learning|detecting|detection|becoming\s+aware|identifying)|as\s+soon\s+as\s+(?:we|it|they)\s+(?:learned|discovered|detected|became))\b",
    )
    .expect("immediate pattern is valid")
});

/// The discovery candidates among `dates`, in text order.
pub(crate) fn candidates(
    text: &str,
    sentences: &Segments,
    dates: &[DateMention],
) -> Vec<DiscoveryCandidate> {
    let mut out = Vec::new();
    for (i, d) in dates.iter().enumerate() {
        match d.role {
            DateRole::Discovery => {
                let sentence = sentences.containing(d.span.start);
                let words = text.get(sentence.range()).unwrap_or("");
                // Knowledge words win: "we discovered … and confirmed" is
                // still the day it was learned.
                let basis = if FIRST_RE.is_match(words) || !DETERMINED_RE.is_match(words) {
                    Basis::FirstKnown
                } else {
                    Basis::Determined
                };
                out.push(DiscoveryCandidate {
                    date: d.date,
                    basis,
                    span: d.span,
                });
            }
            DateRole::Breach if known_at_breach(text, sentences, dates, i) => {
                out.push(DiscoveryCandidate {
                    date: d.date,
                    basis: Basis::KnownAtBreach,
                    span: d.span,
                });
            }
            _ => {}
        }
    }
    out
}

/// Whether the single-day breach date `dates[i]`, given to the day, is followed, within two
/// sentences and before any other dated event, by an immediate response.
fn known_at_breach(text: &str, sentences: &Segments, dates: &[DateMention], i: usize) -> bool {
    let d = &dates[i];
    // "In July 2019 … when learning of it we immediately …" says when the
    // intrusion began, not that it was noticed that day.
    if d.precision != super::dates::DatePrecision::Day {
        return false;
    }
    let first = sentences.containing(d.span.start);
    let mut end = first.end;
    for _ in 0..2 {
        let next = sentences.containing(end);
        if next.start != end || next.end <= end {
            break;
        }
        end = next.end;
    }
    if let Some(next_dated) = dates
        .get(i + 1..)
        .unwrap_or(&[])
        .iter()
        .find(|n| n.span.start >= d.span.end && n.role != DateRole::Other)
    {
        end = end.min(next_dated.span.start);
    }
    text.get(d.span.end..end.max(d.span.end))
        .is_some_and(|rest| IMMEDIATE_RE.is_match(rest))
        && !text::window_before(text, first.start, d.span.start, 40)
            .to_ascii_lowercase()
            .contains("between")
}

/// The discovery date to count from: the earliest first knowledge (or
/// incident noticed as it happened), else the earliest finding.
pub fn choose(candidates: &[DiscoveryCandidate]) -> Option<DiscoveryCandidate> {
    candidates
        .iter()
        .filter(|c| c.basis != Basis::Determined)
        .min_by_key(|c| c.date)
        .or_else(|| candidates.iter().min_by_key(|c| c.date))
        .copied()
}

/// Compiles this module's patterns now (see [`super::warm_up`]).
pub(super) fn warm_up() {
    LazyLock::force(&FIRST_RE);
    LazyLock::force(&DETERMINED_RE);
    LazyLock::force(&IMMEDIATE_RE);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::extract;

    fn chosen(text: &str) -> Option<(String, Basis)> {
        let x = extract(text);
        choose(&x.discovery).map(|c| (c.date.to_string(), c.basis))
    }

    #[test]
    fn first_knowledge_over_findings() {
        assert_eq!(
            chosen(
                "On May 3, 2024, we learned of unusual activity in one account. On June 20, 2024, the review determined that files were taken."
            ),
            Some(("2024-05-03".into(), Basis::FirstKnown))
        );
        // In text order the finding may come first.
        assert_eq!(
            chosen(
                "On June 20, 2024, our review determined that files were taken. We had first learned of unusual activity on May 3, 2024."
            ),
            Some(("2024-05-03".into(), Basis::FirstKnown))
        );
    }

    #[test]
    fn an_incident_noticed_as_it_happened() {
        assert_eq!(
            chosen(
                "Our network was attacked on October 11, 2024. The attack failed. We immediately launched an investigation. On March 2, 2025, the investigation determined that files were copied."
            ),
            Some(("2024-10-11".into(), Basis::KnownAtBreach))
        );
        // A breach window followed by its own discovery date is not known at its start.
        assert_eq!(
            chosen(
                "Between April 1 and April 5, 2024, an intruder accessed one account. We discovered this on May 3, 2024, and immediately reset the password."
            ),
            Some(("2024-05-03".into(), Basis::FirstKnown))
        );
    }

    #[test]
    fn only_findings() {
        assert_eq!(
            chosen("On June 20, 2024, the review determined that files were taken."),
            Some(("2024-06-20".into(), Basis::Determined))
        );
    }
}
