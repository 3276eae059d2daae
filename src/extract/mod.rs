//! Facts extracted from a notice's text: dates, counts, contacts, data types.
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

mod contacts;
mod counts;
mod data_types;
mod dates;
mod numbers;
mod text;

use serde::Serialize;

use crate::span::Span;

pub use contacts::PhoneMention;
pub use counts::CountMention;
pub use data_types::{DataType, DataTypeMention, ParseDataTypeError};
pub use dates::{DateMention, DatePrecision, DateRole};

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
    let sentences = text::Segments::sentences(text);
    let emails = contacts::emails(text);
    let urls = contacts::urls(text, &emails);
    let phones = contacts::phones(text);
    let addresses = contacts::addresses(text);

    let url_spans: Vec<Span> = urls.iter().map(|m| m.span).collect();
    let email_spans: Vec<Span> = emails.iter().map(|m| m.span).collect();
    let phone_spans: Vec<Span> = phones.iter().map(|p| p.span).collect();
    let address_spans: Vec<Span> = addresses.iter().map(|m| m.span).collect();
    let in_contact =
        |s: Span| text::overlaps_sorted(&url_spans, s) || text::overlaps_sorted(&email_spans, s);

    // A date inside a web address or phone number is part of it.
    let mut dates = dates::extract_dates(text, &sentences);
    dates.retain(|d| !in_contact(d.span) && !text::overlaps_sorted(&phone_spans, d.span));
    let date_spans: Vec<Span> = dates.iter().map(|d| d.span).collect();

    // Numbers in dates, phone numbers and street addresses are not counts.
    let mut counts = counts::extract_counts(text);
    counts.retain(|c| {
        !in_contact(c.span)
            && !text::overlaps_sorted(&phone_spans, c.span)
            && !text::overlaps_sorted(&date_spans, c.span)
            && !text::overlaps_sorted(&address_spans, c.span)
    });

    let mut data_types = data_types::extract_data_types(text, &sentences);
    data_types.retain(|t| !in_contact(t.span));

    Extracted {
        dates,
        counts,
        phones,
        emails,
        urls,
        addresses,
        data_types,
    }
}
