//! Plain-text notices: headings are recognised from the shape of lines.
//!
//! Real plain-text letters mark headings by putting a short phrase on a line
//! of its own: a question ("What happened?"), capitals ("WHAT YOU CAN DO"),
//! Title Case, or a phrase ending in a colon. Letters are often hard-wrapped,
//! so a short line is only a heading when the line before it stands on its
//! own: it is blank, closes a sentence, is itself a heading, or is one of the
//! short lines of a letter's head such as a date or a salutation (see
//! [`closes_line`]). A wrapped sentence's last line never qualifies.

use std::sync::Arc;

use super::{
    Block, DocFormat, Document, Heading, HeadingKind, MAX_HEADINGS, OffsetMap, closes_line,
    normalize_heading,
};
use crate::source::SourceFile;
use crate::span::Span;

/// Longest line, in characters, that can be a heading.
const MAX_HEADING_CHARS: usize = 80;
/// Most words a heading line may have.
const MAX_HEADING_WORDS: usize = 10;

pub(super) fn parse(source: Arc<SourceFile>) -> Document {
    let text = source.text.as_str();
    let start = source.content_start();
    let mut plain = String::with_capacity(text.len());
    let mut map = OffsetMap::default();
    let mut headings = Vec::new();
    let mut blocks = Vec::new();
    let mut block_start: Option<usize> = None;
    let mut block_end = 0;
    let mut prev_heading = false;
    let mut prev: Option<&str> = None;

    // One pass over the lines with the next one in view: a table of every
    // line cost more memory than the text itself on a file of short lines.
    let content =
        |raw: &'_ str| -> usize { raw.trim_end_matches('\n').trim_end_matches('\r').len() };
    let mut offset = start;
    let mut lines = text[start..].split_inclusive('\n').peekable();
    while let Some(raw) = lines.next() {
        let line = &raw[..content(raw)];
        let src = Span::new(offset, offset + line.len());
        offset += raw.len();
        let p = plain.len();
        plain.push_str(line);
        map.push(p, line.len(), src, true);
        plain.push('\n');

        let next = lines.peek().map(|n| &n[..content(n)]);
        let after_break = prev_heading || prev.is_none_or(closes_line);
        prev = Some(line);
        let blank = line.trim().is_empty();
        let heading =
            !blank && headings.len() < MAX_HEADINGS && is_heading_line(line, after_break, next);
        prev_heading = heading;
        if blank || heading {
            if let Some(s) = block_start.take() {
                blocks.push(Block {
                    plain: Span::new(s, block_end),
                });
            }
        }
        let lead = line.len() - line.trim_start().len();
        if heading {
            let visible = line.trim();
            headings.push(Heading {
                level: 2,
                text: normalize_heading(visible),
                kind: HeadingKind::Line,
                plain: Span::new(p + lead, p + lead + visible.len()),
                span: Span::new(src.start + lead, src.start + lead + visible.len()),
            });
        } else if !blank {
            if block_start.is_none() {
                block_start = Some(p + lead);
            }
            block_end = p + line.len();
        }
    }
    if let Some(s) = block_start {
        blocks.push(Block {
            plain: Span::new(s, block_end),
        });
    }

    let comments = super::comments::find(text, start);
    Document {
        comments,
        source,
        format: DocFormat::Text,
        plain,
        map,
        headings,
        run_ins: Vec::new(),
        blocks,
        front_matter: None,
    }
}

/// Small words that stay lower-case in Title Case.
const MINOR_WORDS: &[&str] = &[
    "a", "an", "and", "as", "at", "by", "for", "from", "in", "is", "of", "on", "or", "the", "to",
    "was", "we", "you", "your", "our", "are", "with", "can", "be",
];

/// Last words that make a line ending in a colon the lead-in to a list
/// ("Our call centers are:"), not a heading.
const LEAD_IN_WORDS: &[&str] = &[
    "are",
    "is",
    "were",
    "was",
    "include",
    "includes",
    "including",
    "following",
    "follows",
    "below",
];

/// Decides whether `line` is a heading. `after_break` tells whether the line
/// before it stands on its own (see the module docs); `next` is the line
/// after it.
pub(super) fn is_heading_line(line: &str, after_break: bool, next: Option<&str>) -> bool {
    let t = line.trim();
    let chars = t.chars().count();
    if chars == 0 || chars > MAX_HEADING_CHARS {
        return false;
    }
    let words: Vec<&str> = t.split_whitespace().collect();
    if words.len() > MAX_HEADING_WORDS {
        return false;
    }
    let first = t.chars().next().unwrap_or(' ');
    let lower = t.to_lowercase();
    if lower.starts_with("dear ") || lower.starts_with("re:") || lower.starts_with("cc:") {
        return false;
    }
    // A heading may be numbered ("1. What happened"), but a bullet is a list item.
    let starts_ok = first.is_uppercase()
        || (first.is_ascii_digit() && words.len() > 1 && words[0].ends_with(['.', ')']));
    if !starts_ok {
        return false;
    }
    let last = t.chars().last().unwrap_or(' ');
    if matches!(last, ',' | ';') {
        return false;
    }
    let letters = t.chars().filter(|c| c.is_alphabetic()).count();
    if letters < 3 {
        return false;
    }
    let question_or_colon = matches!(last, '?' | ':');
    let digits = t.chars().filter(|c| c.is_ascii_digit()).count();
    // Dates, phone numbers and addresses are short lines too.
    if digits > 2 || (digits > 0 && !question_or_colon && !words[0].ends_with(['.', ')'])) {
        return false;
    }
    if !after_break {
        return false;
    }
    if last == ':' {
        let before = t.trim_end_matches(':').rsplit(' ').next().unwrap_or("");
        if LEAD_IN_WORDS.contains(&before.to_lowercase().as_str()) {
            return false;
        }
    }
    let all_caps = !t.chars().any(|c| c.is_lowercase());
    let significant: Vec<&str> = words
        .iter()
        .copied()
        .filter(|w| {
            !MINOR_WORDS.contains(
                &w.to_lowercase()
                    .trim_matches(|c: char| !c.is_alphanumeric()),
            )
        })
        .collect();
    let capitalised = significant
        .iter()
        .filter(|w| w.chars().next().is_some_and(|c| c.is_uppercase()))
        .count();
    let title_case = !significant.is_empty() && capitalised * 4 >= significant.len() * 3;
    let next_blank_or_end = next.is_none_or(|n| n.trim().is_empty());
    let next_starts_text = next.is_some_and(|n| {
        n.trim_start().chars().next().is_some_and(|c| {
            c.is_uppercase() || c.is_ascii_digit() || matches!(c, '•' | '-' | '*' | '(' | '<' | '[')
        })
    });
    match last {
        '?' | ':' => words.len() <= 6 || title_case || all_caps,
        // One word and a full stop ("Thanks.") is a sentence, not a heading.
        '.' => {
            (title_case || all_caps)
                && (2..=6).contains(&words.len())
                && (next_blank_or_end || next_starts_text)
        }
        '!' => false,
        _ => {
            (all_caps || title_case || words.len() <= 5)
                && (next_blank_or_end || next_starts_text)
                && (!next_blank_or_end || next.is_some() || all_caps || title_case)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headings(text: &str) -> Vec<String> {
        let doc = Document::parse(Arc::new(SourceFile::new("n.txt", text)), DocFormat::Text);
        doc.headings.iter().map(|h| h.text.clone()).collect()
    }

    #[test]
    fn recognises_heading_styles() {
        let text = "NOTICE OF DATA BREACH\n\nDear Member,\nWhat happened?\nWe found a problem on our server. It was fixed.\n\nWHAT YOU CAN DO\nReview your statements.\n\nFor more information:\nCall us.\n\nWhat We Are Doing.\nWe added controls.\n";
        assert_eq!(
            headings(text),
            [
                "notice of data breach",
                "what happened",
                "what you can do",
                "for more information",
                "what we are doing"
            ]
        );
    }

    #[test]
    fn wrapped_lines_are_not_headings() {
        let text = "We are writing to let you know about an incident that may involve\nSome Personal Information\nthat we hold. Please read on.\n";
        assert!(headings(text).is_empty());
    }

    #[test]
    fn date_address_and_rule_lines_do_not_block_a_heading() {
        assert_eq!(
            headings("NOTICE OF INCIDENT\nRevised March 3, 2025\nWhat Happened?\nA pipe burst.\n"),
            ["notice of incident", "what happened"]
        );
        assert_eq!(
            headings("Springfield, IL 62704\nWhat Happened\nA pipe burst.\n"),
            ["what happened"]
        );
        assert_eq!(
            headings("See below.\n-----\nWhat Happened\nA pipe burst.\n"),
            ["what happened"]
        );
        assert_eq!(
            headings("To all of our patients,\nWhat Happened\nA pipe burst.\n"),
            ["what happened"]
        );
    }

    #[test]
    fn heading_may_follow_a_heading() {
        assert_eq!(
            headings("LAKESIDE HEALTH PARTNERS\nNotice of Data Breach\nWe write to you today.\n"),
            ["lakeside health partners", "notice of data breach"]
        );
    }

    #[test]
    fn short_line_ending_in_a_number_inside_a_paragraph_blocks() {
        let text = "In spring our auditors counted the paper files and the total was 12345\n\
                    Records Kept On Paper\n\
                    The rest were digital.\n";
        assert!(headings(text).is_empty(), "{:?}", headings(text));
    }

    #[test]
    fn list_lead_ins_are_not_headings() {
        let text =
            "Our Regional Offices Are:\nBoth are open on weekdays.\n\nWhat To Do:\nCall us.\n";
        assert_eq!(headings(text), ["what to do"]);
    }

    #[test]
    fn heading_forms() {
        assert!(headings("Thanks.\nWe hope this helps.\n").is_empty());
        let text = "WHAT HAPPENED.\nA pipe burst.\n\nWhat Information Was Involved:\nOnly names were in the files.\n\n\
                    What we are doing?\nWe moved the files.\n\n2. For More Information\nCall us.\n";
        assert_eq!(
            headings(text),
            [
                "what happened",
                "what information was involved",
                "what we are doing",
                "for more information"
            ]
        );
    }

    #[test]
    fn dates_phones_and_salutations_are_not_headings() {
        let text = "January 5, 2024\n\nDear Jane Doe:\n\n1-800-555-0199\n\nSincerely,\n";
        assert!(headings(text).is_empty(), "{:?}", headings(text));
    }

    #[test]
    fn crlf_and_bom_keep_spans_exact() {
        let text = "\u{feff}What Happened\r\nA server was accessed.\r\n";
        let src = Arc::new(SourceFile::new("n.txt", text));
        let doc = Document::parse(src.clone(), DocFormat::Text);
        assert_eq!(doc.headings.len(), 1);
        assert_eq!(src.slice(doc.headings[0].span), "What Happened");
        let b = doc.blocks[0];
        assert_eq!(src.slice(doc.to_source(b.plain)), "A server was accessed.");
        assert!(!doc.plain.contains('\r'));
    }

    #[test]
    fn blocks_group_lines() {
        let text = "First line\nsecond line.\n\nNext para.\n";
        let doc = Document::parse(Arc::new(SourceFile::new("n.txt", text)), DocFormat::Text);
        assert_eq!(doc.blocks.len(), 2);
        assert_eq!(
            &doc.plain[doc.blocks[0].plain.range()],
            "First line\nsecond line."
        );
    }
}
