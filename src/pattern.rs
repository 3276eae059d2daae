//! Compiling regular expressions so they stay on the regex crate's fast
//! engines.
//!
//! Unicode `\b` makes the lazy DFA give up whenever a non-ASCII character is
//! near the position it tests (curly quotes and dashes are in nearly every
//! real notice), and the search then falls back to the PikeVM, which is one
//! to two orders of magnitude slower. English legal wording does not need
//! Unicode word boundaries, so every pattern in the crate, built-in or from
//! a rule set, is compiled with ASCII ones.

use regex::{Regex, RegexBuilder};

/// Upper bound on one compiled regex (the default is too small for the
/// larger extraction and rule patterns).
pub const SIZE_LIMIT: usize = 256 << 20;

/// Rewrites `\b` and `\B` to their ASCII forms, leaving escaped
/// backslashes and every other escape alone.
pub fn ascii_word_boundaries(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('b') => out.push_str("(?-u:\\b)"),
            Some('B') => out.push_str("(?-u:\\B)"),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// Compiles `pattern` with ASCII word boundaries.
pub fn regex(pattern: &str) -> Result<Regex, regex::Error> {
    RegexBuilder::new(&ascii_word_boundaries(pattern))
        .size_limit(SIZE_LIMIT)
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_boundaries_become_ascii() {
        assert_eq!(ascii_word_boundaries(r"\bTTY\b"), r"(?-u:\b)TTY(?-u:\b)");
        assert_eq!(ascii_word_boundaries(r"\\b\d\B"), r"\\b\d(?-u:\B)");
        let re = regex(r"(?i)\btty\b").unwrap();
        assert!(re.is_match("call the “TTY” line"));
        assert!(!re.is_match("a ttyS0 device"));
    }
}
