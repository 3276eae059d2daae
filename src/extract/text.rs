//! Sentence, clause and line geometry shared by the extractors.
//!
//! Every extractor needs to know which sentence (or clause) a match sits in,
//! and it needs to know that for many matches. The boundaries are therefore
//! computed once, in a single pass, and stored as sorted cut positions; a
//! lookup is a binary search. This keeps `extract` linear in the text length
//! (plus a logarithmic factor per match) even on a text that is one huge
//! sentence full of dates.

use std::sync::LazyLock;

use crate::span::{Offsets, Span};

/// A partition of a text into consecutive segments (sentences or clauses).
#[derive(Debug, Clone)]
pub(crate) struct Segments {
    /// Sorted byte offsets where a new segment starts (never 0 or `len`).
    cuts: Offsets,
    len: usize,
}

/// Where a clause begins inside a sentence (see [`Segments::clauses`]).
static CLAUSE_BREAK: LazyLock<crate::pattern::Searcher> = LazyLock::new(|| {
    crate::pattern::Searcher::new(
        r"(?i);|\b(?:but|however|although|though|whereas|yet|while|nevertheless|nonetheless|instead|except\s+that)\b",
    )
    .expect("clause-break pattern is valid")
});

/// Compiles this module's patterns now (see [`super::warm_up`]).
pub(super) fn warm_up() {
    LazyLock::force(&CLAUSE_BREAK);
}

impl Segments {
    /// Splits `text` into sentences.
    ///
    /// A sentence ends at `.`, `?` or `!` followed by white space and a
    /// character that can start a sentence, at a blank line, and at a single
    /// line break when the line looks finished (ends in punctuation, is a short
    /// heading-like line, or the next line starts a new item or a capitalised
    /// word). Periods after common abbreviations ("Oct.", "Inc.", "a.m.",
    /// "U.S.") and single letters do not end a sentence.
    pub(crate) fn sentences(text: &str) -> Self {
        // The marks are ASCII, so a byte equal to one is that character
        // (never part of another): byte searches (memchr) find them without
        // decoding the text. A line break's cut depends on the lines on
        // both sides of it, so the breaks are found once and each line's
        // bounds read from the list, instead of searching the text back
        // and forth from every break (most of the cost of cutting a
        // letter of short lines).
        let bytes = text.as_bytes();
        let breaks: Vec<usize> = memchr::memchr_iter(b'\n', bytes).collect();
        let breaks = &breaks;
        let mut marks = memchr::memchr3_iter(b'.', b'?', b'!', bytes).peekable();
        let mut lines = breaks.iter().copied().enumerate().peekable();
        let cuts = std::iter::from_fn(move || {
            loop {
                let next_break = lines.peek().map(|&(_, nl)| nl);
                match marks.peek().copied() {
                    Some(i) if next_break.is_none_or(|nl| i < nl) => {
                        marks.next();
                        if let Some(cut) = punctuation_cut(text, i, char::from(bytes[i])) {
                            return Some(cut);
                        }
                    }
                    _ => {
                        let (k, nl) = lines.next()?;
                        let line_start = k.checked_sub(1).map_or(0, |j| breaks[j] + 1);
                        let next_end = breaks.get(k + 1).copied().unwrap_or(text.len());
                        if newline_is_cut(text, line_start, nl, next_end) {
                            return Some(nl + 1);
                        }
                    }
                }
            }
        });
        Self::joining_blank(cuts, text)
    }

    /// The segments of `text` at `cuts` (found in text order), where a
    /// segment that holds only white space is joined to the one before it.
    /// Every line break around a blank line cuts, so on a file of short
    /// paragraphs the cuts outnumbered the words. No match starts in white
    /// space: a lookup sees the same start, and an end that takes in the
    /// white space after it.
    fn joining_blank(cuts: impl Iterator<Item = usize>, text: &str) -> Self {
        let len = text.len();
        let mut kept = Offsets::default();
        // The last cut, kept once the segment it starts is known to hold text.
        let mut pending: Option<usize> = None;
        for c in cuts {
            debug_assert!(pending.is_none_or(|p| c >= p), "cuts out of order");
            if c == 0 || c >= len || pending.is_some_and(|p| c <= p) {
                continue;
            }
            if let Some(p) = pending.replace(c) {
                if !text[p..c].trim().is_empty() {
                    kept.push(p);
                }
            }
        }
        if let Some(p) = pending {
            if !text[p..].trim().is_empty() {
                kept.push(p);
            }
        }
        Segments { cuts: kept, len }
    }

    /// Splits `text` into clauses: sentences, further cut at `;` and before
    /// contrastive words ("but", "however", "although", ...), which end the
    /// scope of a negation.
    ///
    /// Only the clauses holding the offsets `at` (in order) are asked
    /// for: the cuts are looked for in their sentences alone, each widened
    /// to an ASCII digit or mark other than `;`, which no cut's word holds,
    /// so that a search from there finds the cuts a search of the whole
    /// text finds in the sentence.
    pub(crate) fn clauses<'a>(text: &str, sentences: &'a Segments, at: &[usize]) -> Clauses<'a> {
        let stop = |b: u8| (b.is_ascii_punctuation() || b.is_ascii_digit()) && b != b';';
        let near = stretches(text, at.iter().map(|&pos| sentences.containing(pos)), stop);
        let breaks = (near.into_iter())
            .flat_map(|r| CLAUSE_BREAK.find_iter_in(text, r).map(|m| m.start()))
            .collect();
        Clauses {
            sentences,
            breaks: Self::from_cuts(breaks, text.len()),
        }
    }

    fn from_cuts(mut cuts: Vec<usize>, len: usize) -> Self {
        cuts.retain(|&c| c > 0 && c < len);
        cuts.sort_unstable();
        cuts.dedup();
        Segments {
            cuts: cuts.into_iter().collect(),
            len,
        }
    }

    /// The segment containing byte offset `pos` (a position at a cut belongs
    /// to the segment that starts there).
    pub(crate) fn containing(&self, pos: usize) -> Span {
        let i = self.cuts.partition_point(|c| c <= pos);
        let start = i.checked_sub(1).and_then(|k| self.cuts.get(k)).unwrap_or(0);
        let end = self.cuts.get(i).unwrap_or(self.len);
        Span::new(start, end.max(start))
    }
}

/// Clauses: the sentences, further cut where `breaks` cut (kept apart so
/// that the sentences' cuts are not copied).
pub(crate) struct Clauses<'a> {
    sentences: &'a Segments,
    breaks: Segments,
}

impl Clauses<'_> {
    /// The clause containing byte offset `pos` (see [`Segments::containing`]).
    pub(crate) fn containing(&self, pos: usize) -> Span {
        let s = self.sentences.containing(pos);
        let b = self.breaks.containing(pos);
        Span::new(
            s.start.max(b.start),
            s.end.min(b.end).max(s.start.max(b.start)),
        )
    }
}

/// Words that end with a period without ending the sentence, compared
/// lower-cased. Dotted forms ("a.m.", "U.S.", "e.g.") are recognised by shape.
const ABBREVIATIONS: &[&str] = &[
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon",
    "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "inc", "corp", "co", "ltd", "mr", "mrs",
    "ms", "dr", "st", "no", "nos", "vs", "etc", "approx", "dept", "ext", "jr", "sr", "mt", "ft",
    "ave", "blvd", "rd", "ste", "bldg", "fl", "apt", "tel", "univ", "assn", "natl",
];

/// Where the sentence ends if the punctuation `c` at byte `i` ends it.
fn punctuation_cut(text: &str, i: usize, c: char) -> Option<usize> {
    // Closing quotes and brackets belong to the sentence they close.
    let mut end = i + c.len_utf8();
    let rest = &text[end..];
    let mut chars = rest.char_indices().peekable();
    while let Some(&(off, ch)) = chars.peek() {
        if matches!(ch, '"' | '”' | '’' | '\'' | ')' | ']') {
            end = i + c.len_utf8() + off + ch.len_utf8();
            chars.next();
        } else {
            break;
        }
    }
    let after = &text[end..];
    let Some(first) = after.chars().next() else {
        return Some(end);
    };
    if !first.is_whitespace() {
        // "x.org", "1.2", "U.S." in the middle of a word.
        return None;
    }
    let next = after.trim_start().chars().next();
    if c == '.' {
        if is_abbreviation(text, i) {
            return None;
        }
        // A lower-case continuation means the period was not final ("approx. two").
        if next.is_some_and(|n| n.is_lowercase()) {
            return None;
        }
    }
    Some(end)
}

/// Whether the word ending just before the period at `dot` is an abbreviation.
fn is_abbreviation(text: &str, dot: usize) -> bool {
    const MAX: usize = 12;
    let head = &text[..dot];
    let mut start = dot;
    let mut taken = 0;
    for (idx, ch) in head.char_indices().rev() {
        if !(ch.is_ascii_alphabetic() || ch == '.') {
            break;
        }
        taken += 1;
        if taken > MAX {
            // Too long for an abbreviation: a word, a domain name, ...
            return false;
        }
        start = idx;
    }
    let word = head[start..].trim_start_matches('.').to_ascii_lowercase();
    if word.is_empty() {
        return false;
    }
    if word.contains('.') {
        // "a.m", "u.s", "e.g", "p.o": short pieces joined by periods.
        return word.split('.').all(|piece| (1..=2).contains(&piece.len()));
    }
    word.len() == 1 || ABBREVIATIONS.contains(&word.as_str())
}

/// Whether the line break at byte `nl` ends a sentence.
fn newline_is_cut(text: &str, line_start: usize, nl: usize, next_line_end: usize) -> bool {
    let line = text[line_start..nl].trim();
    let next_line = text[nl + 1..next_line_end].trim();
    if line.is_empty() || next_line.is_empty() {
        // Blank lines separate paragraphs.
        return true;
    }
    if line.ends_with(['.', '?', '!', ':', ';', '"', '”']) {
        return true;
    }
    // Markdown structure and list items always start a new segment.
    if next_line.starts_with(['#', '-', '*', '•', '|', '>', '+']) || line.starts_with(['#', '|'])
    {
        return true;
    }
    // Short lines without final punctuation are headings, titles or address
    // lines; long ones are a paragraph wrapped at a fixed width.
    line.len() <= 60
}

/// The largest char boundary of `text` at or below `i`.
pub(crate) fn floor_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The smallest char boundary of `text` at or above `i`.
pub(crate) fn ceil_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// Up to `max` bytes of `text` ending at `end`, never starting before `floor`
/// (both clamped to char boundaries).
pub(crate) fn window_before(text: &str, floor: usize, end: usize, max: usize) -> &str {
    let end = floor_boundary(text, end);
    let start = ceil_boundary(text, end.saturating_sub(max).max(floor.min(end)));
    &text[start..end]
}

/// Up to `max` bytes of `text` starting at `start`, never reaching past `ceil`.
pub(crate) fn window_after(text: &str, start: usize, ceil: usize, max: usize) -> &str {
    let start = ceil_boundary(text, start);
    let end = floor_boundary(text, start.saturating_add(max).min(ceil.max(start)));
    &text[start..end.max(start)]
}

/// Whether `span` overlaps one of `spans`, which must be sorted and pairwise
/// disjoint (as the matches of one regex are).
pub(crate) fn overlaps_sorted(spans: &[Span], span: Span) -> bool {
    let i = spans.partition_point(|s| s.end <= span.start);
    spans.get(i).is_some_and(|s| s.overlaps(span))
}

/// The stretches of `text` to search for a pattern none of whose matches
/// holds a byte for which `stop` is true: each of `needs` (in order of
/// their starts) widened on each side to such a byte (left out) or the
/// text's end, merged where they meet, in order and apart. Searched from a
/// stretch's start, a stretch yields the matches a search of the whole
/// text finds in it.
///
/// Each byte is read at most once each way, so a long text without a stop
/// byte stays linear.
pub(crate) fn stretches(
    text: &str,
    needs: impl IntoIterator<Item = Span>,
    stop: impl Fn(u8) -> bool,
) -> Vec<std::ops::Range<usize>> {
    let bytes = text.as_bytes();
    let mut out: Vec<std::ops::Range<usize>> = Vec::new();
    for need in needs {
        let done = out.last().map_or(0, |r| r.end);
        if need.end <= done && !out.is_empty() {
            // `done` ends a stretch, which holds the need.
            continue;
        }
        let end = bytes[need.end..]
            .iter()
            .position(|&b| stop(b))
            .map_or(text.len(), |i| need.end + i);
        let from = done.min(need.start);
        match bytes[from..need.start].iter().rposition(|&b| stop(b)) {
            Some(i) if from + i + 1 > done || out.is_empty() => out.push(from + i + 1..end),
            _ => match out.last_mut() {
                Some(last) => last.end = end,
                None => out.push(0..end),
            },
        }
    }
    out
}

/// Whether a sorted list of offsets holds one in `start..end`.
pub(crate) fn any_in(sorted: &[usize], start: usize, end: usize) -> bool {
    let i = sorted.partition_point(|&p| p < start);
    sorted.get(i).is_some_and(|&p| p < end)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sentences cut by reading every byte and finding each line break's
    /// lines by searching the text around it: the plain reading that
    /// [`Segments::sentences`] must agree with.
    fn sentences_read_byte_by_byte(text: &str) -> Segments {
        let cuts = text.bytes().enumerate().filter_map(|(i, b)| match b {
            b'.' | b'?' | b'!' => punctuation_cut(text, i, char::from(b)),
            b'\n' => {
                let start = text[..i].rfind('\n').map_or(0, |p| p + 1);
                let end = text[i + 1..].find('\n').map_or(text.len(), |p| i + 1 + p);
                newline_is_cut(text, start, i, end).then_some(i + 1)
            }
            _ => None,
        });
        Segments::joining_blank(cuts, text)
    }

    #[test]
    fn byte_searches_cut_where_reading_every_byte_cuts() {
        let mut texts: Vec<String> = [
            "",
            "\n",
            "\n\n\n",
            "No mark at all",
            "One.\nTwo!\n\nThree?",
            "A line\nanother line\n\n# Heading\n- item\n- item.\n",
            "Wrapped text that runs past sixty characters without any stop\nat all here.",
            "Ends with a break.\n",
            "Quotes: \"Stop.\" (Really.) ’Yes!’\r\nWindows lines\r\n\r\nNext",
            "Café. Naïve? Über!\n— dash line\n",
            "at 9 a.m. on Oct. 7. U.S. law. 1.5 million. x.org\n.\n!\n?",
        ]
        .iter()
        .map(|t| t.to_string())
        .collect();
        texts.extend(crate::fixtures::notices().into_iter().map(|(_, text)| text));
        assert!(texts.len() > 20);
        for text in &texts {
            assert_eq!(
                Segments::sentences(text).cuts,
                sentences_read_byte_by_byte(text).cuts,
                "{text:?}"
            );
        }
    }

    fn sentences(text: &str) -> Vec<&str> {
        let seg = Segments::sentences(text);
        let mut out = Vec::new();
        let mut pos = 0;
        while pos < text.len() {
            let s = seg.containing(pos);
            out.push(text[s.range()].trim());
            pos = s.end.max(pos + 1);
        }
        out.retain(|s| !s.is_empty());
        out
    }

    #[test]
    fn splits_on_final_punctuation() {
        assert_eq!(
            sentences("We found it. Then we fixed it! Why? Because."),
            vec!["We found it.", "Then we fixed it!", "Why?", "Because."]
        );
    }

    #[test]
    fn abbreviations_do_not_split() {
        assert_eq!(
            sentences("On Oct. 7, 2015, Acme Inc. learned of it at 9 a.m. on a Monday. Next."),
            vec![
                "On Oct. 7, 2015, Acme Inc. learned of it at 9 a.m. on a Monday.",
                "Next."
            ]
        );
        assert_eq!(sentences("See the U.S. Postal Service.").len(), 1);
    }

    #[test]
    fn headings_and_blank_lines_split() {
        assert_eq!(
            sentences("What Happened\nOn June 5 we learned of it.\n\nWhat We Are Doing\nWe act."),
            vec![
                "What Happened",
                "On June 5 we learned of it.",
                "What We Are Doing",
                "We act."
            ]
        );
    }

    #[test]
    fn wrapped_lines_stay_together() {
        let long = "Our operations team started a long and careful review of every server that we run and then initiated an\ninvestigation of the matter.";
        assert_eq!(sentences(long).len(), 1);
        let range = "Cards used on the site were exposed for a long period that began on August 15, 2014 and lasted to\nSeptember 15, 2018 as we found.";
        assert_eq!(sentences(range).len(), 1);
        let split_date = "We value your privacy and are writing about a recent incident involving your data. On October\n11, 2016, we learned of it.";
        assert_eq!(sentences(split_date).len(), 2);
    }

    #[test]
    fn clauses_cut_at_contrast_words() {
        let text = "No names were taken, but your address was; it is safe.";
        let seg = Segments::sentences(text);
        let at = text.find("address").unwrap();
        let cl = Segments::clauses(text, &seg, &[at]);
        let clause = &text[cl.containing(at).range()];
        assert_eq!(clause, "but your address was");
    }

    /// Clauses asked for at some offsets are those cut from the whole
    /// text: asked for every offset of every fixture notice's words, and
    /// for every other one.
    #[test]
    fn clauses_near_offsets_are_cut_as_in_the_whole_text() {
        let mut texts: Vec<String> = crate::fixtures::notices()
            .into_iter()
            .map(|(_, t)| t)
            .collect();
        texts.push(
            "No names were taken, but your address was; it is safe. 3 things, however: none."
                .into(),
        );
        for text in &texts {
            let seg = Segments::sentences(text);
            let all: Vec<usize> = (0..text.len())
                .filter(|&i| text.is_char_boundary(i))
                .collect();
            let cuts = CLAUSE_BREAK.find_iter(text).map(|m| m.start()).collect();
            let whole = Clauses {
                sentences: &seg,
                breaks: Segments::from_cuts(cuts, text.len()),
            };
            for step in [7, 31] {
                let some: Vec<usize> = all.iter().copied().step_by(step).collect();
                let near = Segments::clauses(text, &seg, &some);
                for &p in &some {
                    assert_eq!(near.containing(p), whole.containing(p), "{p} in {text:?}");
                }
            }
        }
    }

    #[test]
    fn windows_respect_char_boundaries() {
        let text = "ab€cd";
        assert_eq!(window_before(text, 0, 4, 2), "ab");
        assert_eq!(window_before(text, 0, 5, 3), "€");
        assert_eq!(window_after(text, 3, text.len(), 1), "c");
        assert_eq!(window_after(text, 2, text.len(), 3), "€");
    }

    #[test]
    fn white_space_joins_the_segment_before() {
        let text = "One here.\n\n\n\n\nTwo there.\n";
        let seg = Segments::sentences(text);
        let two = text.find("Two").unwrap();
        assert_eq!(&text[seg.containing(two).range()], "Two there.\n");
        assert_eq!(&text[seg.containing(0).range()], "One here.\n\n\n\n\n");
        assert_eq!((seg.cuts.len(), seg.cuts.get(0)), (1, Some(two)));
    }
}
