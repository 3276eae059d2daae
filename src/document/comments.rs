//! HTML comments (`<!-- … -->`) in a notice: suppression comments and
//! drafting notes, which Markdown and plain-text notices write alike.

use memchr::memmem;

use super::Comment;
use crate::span::Span;

const OPEN: &str = "<!--";
const CLOSE: &str = "-->";

/// Finds HTML comments in `text` from byte `from` on.
///
/// A comment runs from `<!--` to the first `-->` after it, across lines;
/// one left open ends the search. Two substring searches find them: a
/// regular expression did the same, but compiling it cost about a quarter
/// of a million instructions on the way to a lone notice's first finding.
pub(super) fn find(text: &str, from: usize) -> Vec<Comment> {
    let mut comments = Vec::new();
    let mut at = from;
    while let Some(open) = memmem::find(&text.as_bytes()[at..], OPEN.as_bytes()) {
        let start = at + open;
        let body = start + OPEN.len();
        let Some(close) = memmem::find(&text.as_bytes()[body..], CLOSE.as_bytes()) else {
            break;
        };
        let end = body + close + CLOSE.len();
        comments.push(Comment {
            body: text[body..body + close].trim().to_string(),
            span: Span::new(start, end),
        });
        at = end;
    }
    comments
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The comments as the regular expression `(?s)<!--(.*?)-->` finds
    /// them, which the substring searches replaced.
    fn by_regex(text: &str, from: usize) -> Vec<Comment> {
        let re = regex::Regex::new(r"(?s)<!--(.*?)-->").unwrap();
        re.captures_iter(&text[from..])
            .map(|c| {
                let whole = c.get(0).unwrap();
                Comment {
                    body: c[1].trim().to_string(),
                    span: Span::new(from + whole.start(), from + whole.end()),
                }
            })
            .collect()
    }

    #[test]
    fn comments_span_lines_and_end_at_the_first_close() {
        let text = "A <!-- breachlint-disable hygiene/placeholder -->\nB <!--\n  note\n--> C <!-- a --> -->";
        let found = find(text, 0);
        let bodies: Vec<&str> = found.iter().map(|c| c.body.as_str()).collect();
        assert_eq!(
            bodies,
            ["breachlint-disable hygiene/placeholder", "note", "a"]
        );
        assert_eq!(
            &text[found[0].span.range()],
            "<!-- breachlint-disable hygiene/placeholder -->"
        );
        assert!(find("x <!-- open", 0).is_empty());
        assert_eq!(find(text, 10).len(), 2);
    }

    proptest::proptest! {
        /// On text made of comment marks, the searches find what the
        /// regular expression found.
        #[test]
        fn searches_find_what_the_regex_found(
            parts in proptest::collection::vec(
                proptest::sample::select(vec!["<!--", "-->", "<!-->", "<", "!", "-", ">", " ", "é", "\n", "x"]),
                0..20,
            ),
            from in 0usize..8,
        ) {
            let text = parts.concat();
            let from = (0..=from.min(text.len())).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
            proptest::prop_assert_eq!(find(&text, from), by_regex(&text, from));
        }
    }
}
