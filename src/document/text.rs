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
    // The list item the previous line belongs to (a bulleted or numbered
    // line, or a line indented under one).
    let mut prev_item: Option<ListItem> = None;
    let width = wrap_width(text[start..].lines());

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
        let after_break = prev_heading
            || prev.is_none_or(|last| {
                closes_line(last)
                    || prev_item.is_some_and(|item| leaves_list(item, last, line, width))
            });
        let blank = line.trim().is_empty();
        // A numbered line right after the item numbered one less, or right
        // before the one numbered one more, is one of a list's items, not a
        // numbered heading ("2. What You Can Do" may open a list of its own).
        let in_list = ordinal(line).is_some_and(|n| {
            prev.and_then(ordinal).is_some_and(|p| p + 1 == n)
                || next.and_then(ordinal).is_some_and(|m| n + 1 == m)
        });
        let indent = indent_of(line);
        prev_item =
            list_item(line).or_else(|| prev_item.filter(|item| !blank && indent >= item.col));
        prev = Some(line);
        let heading = !blank
            && !in_list
            && headings.len() < MAX_HEADINGS
            && is_heading_line(line, after_break, next);
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
        layout: Default::default(),
        warnings: Vec::new(),
    }
}

/// A list item, as far as the lines after it need to know.
#[derive(Clone, Copy, Debug)]
pub(super) struct ListItem {
    /// Column where the item's text starts, after its marker.
    col: usize,
    /// Numbered ("1.", "(b)") rather than bulleted.
    numbered: bool,
}

/// The list item that `line` opens, if it opens one.
pub(super) fn list_item(line: &str) -> Option<ListItem> {
    let marker = list_marker_len(line)?;
    Some(ListItem {
        col: indent_of(line) + line.trim_start()[..marker].chars().count(),
        numbered: ordinal(line).is_some(),
    })
}

/// Whether `line` comes after the list item `item`, whose last line is
/// `last`, rather than continuing it. Lists rarely close their items with a
/// full stop, so [`closes_line`] cannot tell; instead, a line that is not
/// indented under the item's text, and whose first word would have fitted
/// on the item's last line (judged by the notice's longest line, its
/// wrapping width), starts something new. A numbered line after a bulleted
/// item, or a bulleted one after a numbered item, starts something new too;
/// an item of the same kind continues the list.
pub(super) fn leaves_list(item: ListItem, last: &str, line: &str, width: usize) -> bool {
    if line.trim().is_empty() || indent_of(line) >= item.col {
        return false;
    }
    if list_marker_len(line).is_some() {
        return ordinal(line).is_some() != item.numbered;
    }
    let first = line.split_whitespace().next().unwrap_or("");
    last.trim_end().chars().count() + 1 + first.chars().count() <= width
}

/// The width a notice is wrapped at: its longest line, but at least
/// [`MIN_WRAP_WIDTH`], so that a short notice whose list items are its
/// longest lines is not taken for one wrapped that narrowly.
pub(super) fn wrap_width<'a>(lines: impl IntoIterator<Item = &'a str>) -> usize {
    lines
        .into_iter()
        .map(|l| l.trim_end().chars().count())
        .max()
        .unwrap_or(0)
        .max(MIN_WRAP_WIDTH)
}

/// Narrowest wrapping width assumed for a notice, in characters. Letters
/// and e-mails are wrapped at 65 to 80 characters or not at all.
const MIN_WRAP_WIDTH: usize = 60;

/// Length in bytes of the bullet or number that opens `line` after its
/// indentation, with the white space after it ("• ", "- ", "o ", "2. ",
/// "(b) "), or `None` when the line is not a list item.
pub(super) fn list_marker_len(line: &str) -> Option<usize> {
    let t = line.trim_start();
    let mut chars = t.char_indices();
    let (_, first) = chars.next()?;
    let marker = if BULLETS.contains(&first) {
        first.len_utf8()
    } else if let Some(rest) = t.strip_prefix('(') {
        let close = rest.find(')')?;
        let inner = &rest[..close];
        let numbered = (1..=2).contains(&inner.len()) && inner.chars().all(|c| c.is_ascii_digit())
            || inner.len() == 1 && inner.chars().all(|c| c.is_ascii_alphabetic())
            || (1..=4).contains(&inner.len())
                && inner
                    .chars()
                    .all(|c| matches!(c, 'i' | 'v' | 'x' | 'I' | 'V' | 'X'));
        if !numbered {
            return None;
        }
        close + 2
    } else {
        match super::enumeration_len(t) {
            0 => return None,
            n => t[..n].trim_end().len(),
        }
    };
    let rest = &t[marker..];
    let space = rest.len() - rest.trim_start().len();
    (space > 0 && !rest.trim().is_empty()).then_some(marker + space)
}

/// The number of a numbered list item ("3." and "(3)" are 3, "c)" is 3),
/// or `None` for other lines, bulleted ones included.
fn ordinal(line: &str) -> Option<u32> {
    let marker = list_marker_len(line)?;
    let m = line.trim_start()[..marker]
        .trim_end()
        .trim_matches(|c| matches!(c, '(' | ')' | '.' | ':'));
    if let Ok(n) = m.parse::<u32>() {
        return Some(n);
    }
    let mut chars = m.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if c.is_ascii_alphabetic() => {
            Some(u32::from(c.to_ascii_lowercase()) - u32::from('a') + 1)
        }
        _ => None,
    }
}

/// Characters that open a bulleted line (Word's "o" for second-level bullets
/// included).
const BULLETS: &[char] = &[
    '•', '·', '▪', '▫', '●', '○', '◦', '■', '□', '➢', '►', '▶', '✓', '✔', '-', '*', '–', '—', 'o',
];

/// Width of a line's indentation, in characters.
fn indent_of(line: &str) -> usize {
    line.chars().take_while(|c| c.is_whitespace()).count()
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
    "included",
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
    fn heading_after_a_list_ends_the_list() {
        let text = "What Information Was Involved\nThe files included:\n• your name\n• your date of birth\n\
                    What We Are Doing\nWe moved the files to a locked room.\n";
        assert_eq!(
            headings(text),
            ["what information was involved", "what we are doing"]
        );
        let doc = Document::parse(Arc::new(SourceFile::new("n.txt", text)), DocFormat::Text);
        let blocks: Vec<&str> = doc
            .blocks
            .iter()
            .map(|b| &doc.plain[b.plain.range()])
            .collect();
        assert_eq!(
            blocks,
            [
                "The files included:\n• your name\n• your date of birth",
                "We moved the files to a locked room."
            ]
        );
        // Numbered items and indented continuations too.
        let text = "Steps:\n1. Call the bureau\n2. Review the statements you get\n   every month\n\
                    For More Information\nCall us.\n";
        assert_eq!(headings(text), ["steps", "for more information"]);
    }

    #[test]
    fn numbered_lists_and_numbered_headings() {
        // Items numbered in sequence are a list.
        let text = "We suggest these steps.\n1. Call the bureau\n2. Review your statements\n\nMore text.\n";
        assert!(headings(text).is_empty(), "{:?}", headings(text));
        // A numbered heading may open a list, or follow a bulleted one.
        let text = "2. What You Can Do\n1) Call the bureau\n2) Review your statements\n\n\
                    The files included:\n• your name\n3. What We Are Doing\nWe moved the files.\n";
        assert_eq!(headings(text), ["what you can do", "what we are doing"]);
    }

    #[test]
    fn wrapped_list_item_is_not_left() {
        // The item's last word did not fit, so the next line continues it,
        // even though it is not indented and looks like a title.
        let text = "We looked at what the stolen box held, which were these records:\n\
                    - copies of insurance cards and the cover letters sent out with\n\
                    Member Welcome Packets\n\
                    The box was found a week later.\n";
        assert!(headings(text).is_empty(), "{:?}", headings(text));
        // Indented under the item's text: a continuation, whatever its shape.
        let text = "• your name and\n  Home Address\nWe are sorry.\n";
        assert!(headings(text).is_empty(), "{:?}", headings(text));
    }

    #[test]
    fn list_markers() {
        for (line, len) in [
            ("• Name", 4),
            ("  - Name", 2),
            ("o Date of birth", 2),
            ("12. Call us", 4),
            ("(b) Write to us", 4),
            ("b) Write to us", 3),
        ] {
            assert_eq!(list_marker_len(line), Some(len), "{line:?}");
        }
        for line in [
            "-----",
            "of the records",
            "1999 was a year",
            "•",
            "(555) 555-0100",
        ] {
            assert_eq!(list_marker_len(line), None, "{line:?}");
        }
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
