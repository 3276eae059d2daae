//! The one form in which recipients' values and letters are compared: lower
//! case, every run of whitespace and punctuation one space, no leading or
//! trailing space. "RIVERA, Jordan" and "Rivera  Jordan" are both
//! `rivera jordan`; "12 Elm St." and "12 Elm St" are both `12 elm st`.

use crate::span::Span;

/// A normalised text with, for every byte of it, the source bytes it came
/// from, so a match in the normalised text is reported where it was written.
#[derive(Debug, Default)]
pub struct Normalized {
    /// The normalised text.
    pub text: String,
    /// Per byte of `text`: the start of the source character it came from.
    starts: Vec<u32>,
    /// Per byte of `text`: the end of that source character.
    ends: Vec<u32>,
}

impl Normalized {
    /// The source span of the normalised range `start..end` (not empty).
    pub fn source_span(&self, start: usize, end: usize) -> Span {
        Span::new(self.starts[start] as usize, self.ends[end - 1] as usize)
    }

    /// Whether `start..end` covers whole words: it starts and ends at a
    /// separator or at an end of the text.
    pub fn is_whole_words(&self, start: usize, end: usize) -> bool {
        let b = self.text.as_bytes();
        (start == 0 || b[start - 1] == b' ') && (end == b.len() || b[end] == b' ')
    }
}

/// Normalises a value (a cell of the recipients' list).
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    run(s, |c, _, _| out.push(c));
    out
}

/// Normalises a letter, keeping the way back to its bytes.
///
/// Offsets are kept as `u32`: letters are limited far below 4 GB (see
/// `--max-file-size`), and a text that is not is cut there, so a very large
/// file costs memory in proportion to its size and no more.
pub fn normalize_mapped(s: &str) -> Normalized {
    let s = &s[..floor_boundary(s, u32::MAX as usize)];
    let mut n = Normalized {
        text: String::with_capacity(s.len()),
        starts: Vec::with_capacity(s.len()),
        ends: Vec::with_capacity(s.len()),
    };
    run(s, |c, start, end| {
        n.text.push(c);
        for _ in 0..c.len_utf8() {
            n.starts.push(start as u32);
            n.ends.push(end as u32);
        }
    });
    n
}

fn floor_boundary(s: &str, mut at: usize) -> usize {
    if at >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Calls `emit` with each output character and the source range it stands for.
fn run(s: &str, mut emit: impl FnMut(char, usize, usize)) {
    // A separator is written only before the next word character, so the
    // text never starts or ends with one and runs collapse to one.
    let mut pending: Option<(usize, usize)> = None;
    let mut any = false;
    for (i, c) in s.char_indices() {
        let end = i + c.len_utf8();
        if c.is_alphanumeric() {
            if let Some((ps, pe)) = pending.take() {
                if any {
                    emit(' ', ps, pe);
                }
            }
            any = true;
            for l in c.to_lowercase() {
                emit(l, i, end);
            }
        } else if pending.is_none() {
            pending = Some((i, end));
        }
    }
}

/// Number of letters and digits in a normalised value: its length for the
/// "at least six characters" test.
pub fn word_chars(normalized: &str) -> usize {
    normalized.chars().filter(|c| *c != ' ').count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_whitespace_and_punctuation_fold() {
        assert_eq!(normalize("RIVERA,  Jordan "), "rivera jordan");
        assert_eq!(normalize("12 Elm St."), "12 elm st");
        assert_eq!(normalize("  M-100234\t"), "m 100234");
        assert_eq!(normalize("--"), "");
        assert_eq!(word_chars("apt 4b"), 5);
    }

    #[test]
    fn spans_map_back_to_the_source() {
        let src = "Dear ÉLISE  O'Neil,\nhello";
        let n = normalize_mapped(src);
        assert_eq!(n.text, "dear élise o neil hello");
        let at = n.text.find("élise o neil").unwrap();
        let span = n.source_span(at, at + "élise o neil".len());
        assert_eq!(&src[span.range()], "ÉLISE  O'Neil");
        assert!(n.is_whole_words(at, at + "élise o neil".len()));
        assert!(!n.is_whole_words(at, at + "éli".len()));
    }
}
