//! HTML comments (`<!-- … -->`) in a notice: suppression comments and
//! drafting notes, which Markdown and plain-text notices write alike.

use std::sync::LazyLock;

use regex::Regex;

use super::Comment;
use crate::span::Span;

static COMMENT: LazyLock<Regex> =
    LazyLock::new(|| crate::pattern::regex(r"(?s)<!--(.*?)-->").expect("comment regex"));

/// Finds HTML comments in `text` from byte `from` on.
pub(super) fn find(text: &str, from: usize) -> Vec<Comment> {
    COMMENT
        .captures_iter(&text[from..])
        .filter_map(|c| {
            let whole = c.get(0)?;
            Some(Comment {
                body: c.get(1)?.as_str().trim().to_string(),
                span: Span::new(from + whole.start(), from + whole.end()),
            })
        })
        .collect()
}
