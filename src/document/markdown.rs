//! Markdown notices, parsed with pulldown-cmark's offset iterator so every
//! piece of plain text keeps the source range the parser gave it.

use std::sync::Arc;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::flow::MAX_EMPHASIS_HEADING_WORDS;
use super::{
    Block, DocFormat, Document, Heading, HeadingKind, MAX_HEADINGS, OffsetMap, at_most_words,
    normalize_heading,
};
use crate::source::SourceFile;
use crate::span::Span;

/// Accumulates the plain text and its offset map.
struct Builder<'a> {
    src: &'a str,
    plain: String,
    map: OffsetMap,
}

impl Builder<'_> {
    /// Appends text that the parser took from `range` of the source.
    fn text(&mut self, text: &str, range: Span) {
        let exact = self.src.get(range.range()) == Some(text);
        let start = self.plain.len();
        self.plain.push_str(text);
        self.map.push(start, text.len(), range, exact);
    }

    /// Appends a separator that has no source of its own.
    fn gap(&mut self, sep: &str) {
        if self.plain.is_empty() || self.plain.ends_with("\n\n") {
            return;
        }
        if sep == "\n\n" && self.plain.ends_with('\n') {
            self.plain.push('\n');
        } else {
            self.plain.push_str(sep);
        }
    }
}

/// A list item being read.
struct OpenItem {
    /// Where the item's current block starts in the plain text.
    start: usize,
    /// Whether the item holds paragraphs (a loose list), which are blocks of their own.
    had_paragraph: bool,
    /// Column of the item's text in the source: a line indented less is a
    /// lazy continuation, which CommonMark folds into the item.
    text_col: usize,
}

struct OpenHeading {
    level: u8,
    plain_start: usize,
}

/// A paragraph being read, tracking whether everything so far was emphasised.
struct OpenParagraph {
    plain_start: usize,
    emphasis_depth: usize,
    only_emphasis: bool,
    /// Plain range of an emphasised run that opened the paragraph and just closed.
    lead_emphasis: Option<Span>,
    saw_text: bool,
}

pub(super) fn parse(source: Arc<SourceFile>) -> Document {
    let text = source.text.as_str();
    let base = source.content_start();
    let body = &text[base..];
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;

    let mut b = Builder {
        src: text,
        plain: String::with_capacity(text.len()),
        map: OffsetMap::default(),
    };
    let mut headings = Vec::new();
    let mut blocks = Vec::new();
    let mut heading: Option<OpenHeading> = None;
    let mut para: Option<OpenParagraph> = None;
    let mut items: Vec<OpenItem> = Vec::new();
    let mut columns = Columns::default();
    // A lazy continuation line taken for a heading, being read.
    let mut lazy_heading: Option<usize> = None;
    let width = super::text::wrap_width(body.lines());
    let mut link_dest: Vec<(String, Span)> = Vec::new();
    let mut front_matter = None;
    let mut in_metadata = false;

    // Events are handled as the parser makes them: held all at once they
    // took about 100 bytes each, one per byte of input at worst.
    let mut events = pieces(body)
        .into_iter()
        .enumerate()
        .flat_map(|(k, piece)| {
            // Front matter can only open the document, not a later piece.
            let options = if k == 0 {
                options
            } else {
                options
                    - Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS
                    - Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
            };
            let at = base + piece.start;
            Parser::new_ext(&body[piece], options)
                .into_offset_iter()
                .map(move |(e, r)| (e, Span::new(at + r.start, at + r.end)))
        })
        .peekable();
    while let Some((event, range)) = events.next() {
        let next_is_break = matches!(
            events.peek(),
            Some((Event::SoftBreak | Event::HardBreak, _))
        );
        match &event {
            Event::Start(Tag::MetadataBlock(_)) => {
                in_metadata = true;
                front_matter = Some(range);
            }
            Event::End(TagEnd::MetadataBlock(_)) => in_metadata = false,
            _ if in_metadata => {}
            Event::Start(Tag::Heading { level, .. }) => {
                b.gap("\n\n");
                heading = Some(OpenHeading {
                    level: *level as u8,
                    plain_start: b.plain.len(),
                });
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(h) = heading.take() {
                    push_heading(
                        &mut headings,
                        &b,
                        h.level,
                        HeadingKind::Markup,
                        Span::new(h.plain_start, b.plain.len()),
                    );
                }
                b.gap("\n\n");
            }
            Event::Start(Tag::Paragraph) => {
                b.gap("\n\n");
                para = Some(OpenParagraph {
                    plain_start: b.plain.len(),
                    emphasis_depth: 0,
                    only_emphasis: true,
                    lead_emphasis: None,
                    saw_text: false,
                });
                if let Some(item) = items.last_mut() {
                    item.had_paragraph = true;
                }
            }
            Event::End(TagEnd::Paragraph) => {
                close_lazy_heading(
                    &mut lazy_heading,
                    &mut headings,
                    &mut b,
                    &mut para,
                    &mut items,
                );
                if let Some(p) = para.take() {
                    let whole = Span::new(p.plain_start, b.plain.len());
                    // Counted only for a wholly emphasised paragraph, and
                    // only as far as the limit: most paragraphs are prose.
                    let few_words =
                        || at_most_words(&b.plain[whole.range()], MAX_EMPHASIS_HEADING_WORDS);
                    let trailing_comma = b.plain[whole.range()].trim_end().ends_with(',');
                    let heading = if p.saw_text && p.only_emphasis && few_words() && !trailing_comma
                    {
                        push_heading(&mut headings, &b, 6, HeadingKind::Emphasis, whole)
                    } else if p.saw_text
                        && items.is_empty()
                        && is_line_heading(&b.plain[whole.range()])
                    {
                        push_heading(&mut headings, &b, 6, HeadingKind::Line, whole)
                    } else {
                        false
                    };
                    if p.saw_text && !heading {
                        blocks.push(Block {
                            plain: trim_span(&b.plain, whole),
                        });
                    }
                }
                b.gap("\n\n");
            }
            Event::Start(Tag::Strong | Tag::Emphasis) => {
                if let Some(p) = para.as_mut() {
                    p.emphasis_depth += 1;
                }
            }
            Event::End(TagEnd::Strong | TagEnd::Emphasis) => {
                if let Some(p) = para.as_mut() {
                    p.emphasis_depth = p.emphasis_depth.saturating_sub(1);
                    // "**What Happened**" on its own line, with the paragraph's text
                    // continuing on the next line, is a heading followed by a block.
                    if p.emphasis_depth == 0
                        && p.only_emphasis
                        && p.lead_emphasis.is_none()
                        && next_is_break
                    {
                        {
                            let lead = Span::new(p.plain_start, b.plain.len());
                            if at_most_words(&b.plain[lead.range()], MAX_EMPHASIS_HEADING_WORDS)
                                && headings.len() < MAX_HEADINGS
                            {
                                push_heading(&mut headings, &b, 6, HeadingKind::Emphasis, lead);
                                p.lead_emphasis = Some(lead);
                                b.gap("\n");
                                p.plain_start = b.plain.len();
                                p.only_emphasis = false;
                                p.saw_text = false;
                                events.next(); // the line break is consumed
                                continue;
                            }
                        }
                    }
                }
            }
            Event::Start(Tag::Item) => {
                b.gap("\n");
                items.push(OpenItem {
                    start: b.plain.len(),
                    had_paragraph: false,
                    text_col: item_text_col(text, range.start, &mut columns),
                });
            }
            Event::End(TagEnd::Item) => {
                close_lazy_heading(
                    &mut lazy_heading,
                    &mut headings,
                    &mut b,
                    &mut para,
                    &mut items,
                );
                if let Some(item) = items.pop() {
                    if !item.had_paragraph && b.plain.len() > item.start {
                        blocks.push(Block {
                            plain: trim_span(&b.plain, Span::new(item.start, b.plain.len())),
                        });
                    }
                }
                b.gap("\n");
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                if leads_nowhere(dest_url) && text[range.range()].starts_with('[') {
                    b.text("[", Span::new(range.start, range.start + 1));
                }
                link_dest.push((dest_url.to_string(), range));
            }
            Event::End(TagEnd::Link) => {
                if let Some((dest, link_range)) = link_dest.pop() {
                    if leads_nowhere(&dest) && text[link_range.range()].starts_with('[') {
                        append_empty_target(&mut b, link_range);
                    } else {
                        append_link_target(&mut b, &dest, link_range);
                    }
                }
            }
            Event::Text(t) | Event::Code(t) => {
                note_text(&mut para, t);
                b.text(t, range);
            }
            // In a letter, "HTML" is nearly always a merge field such as
            // `<NAME>` or `<<FirstName>>`; keep it so placeholder rules see it.
            // Comments are directives, not text.
            Event::Html(t) | Event::InlineHtml(t) if !t.trim_start().starts_with("<!--") => {
                note_text(&mut para, t);
                b.text(
                    t.trim_end_matches(['\n', '\r']),
                    Span::new(
                        range.start,
                        range.start + t.trim_end_matches(['\n', '\r']).len(),
                    ),
                );
            }
            Event::SoftBreak | Event::HardBreak => {
                let nl = text[range.range()].rfind('\n').map(|k| range.start + k);
                let closed = close_lazy_heading(
                    &mut lazy_heading,
                    &mut headings,
                    &mut b,
                    &mut para,
                    &mut items,
                );
                if let (Some(k), Some(item)) = (nl, items.last()) {
                    if heading_after_item(text, k, item.text_col, closed, width) {
                        // The item ends here: its text so far is a block, and
                        // the line after it is read as a heading.
                        if !closed {
                            end_item_block(&mut blocks, &b, &mut para, &mut items);
                        }
                        b.gap("\n\n");
                        lazy_heading = Some(b.plain.len());
                        continue;
                    }
                }
                if closed {
                    continue;
                }
                let start = b.plain.len();
                b.plain.push('\n');
                // A hard break "  \n" or "\\\n": map the newline to the source's line end.
                if let Some(k) = nl {
                    b.map.push(start, 1, Span::new(k, k + 1), true);
                }
            }
            Event::Start(Tag::TableCell) => {}
            Event::End(TagEnd::TableCell) => b.plain.push('\t'),
            Event::End(TagEnd::TableRow | TagEnd::TableHead) => b.gap("\n"),
            Event::End(
                TagEnd::CodeBlock | TagEnd::BlockQuote(_) | TagEnd::List(_) | TagEnd::Table,
            ) => b.gap("\n\n"),
            Event::Rule => b.gap("\n\n"),
            _ => {}
        }
    }

    let comments = super::comments::find(text, base);
    let Builder { plain, map, .. } = b;
    Document {
        comments,
        source,
        format: DocFormat::Markdown,
        plain,
        map,
        headings,
        run_ins: Vec::new(),
        blocks,
        front_matter,
        layout: Default::default(),
        warnings: Vec::new(),
    }
}

/// Column of a list item's text: after its marker (`-`, `*`, `+`, `1.`, `1)`)
/// and the spaces after it, as CommonMark counts them (one space when more
/// than four follow, since the rest is then indented code).
fn item_text_col(src: &str, marker_at: usize, columns: &mut Columns) -> usize {
    let col = columns.of(src, marker_at);
    let rest = &src[marker_at..];
    let marker = rest
        .find(|c: char| !c.is_ascii_digit())
        .map_or(rest.len(), |k| k + 1)
        .min(rest.len());
    let after = &rest[marker..];
    let spaces = after.bytes().take_while(|&b| b == b' ').count();
    // Only white space up to the end of the line: stops at the first other
    // character, so a long line is not read to its end for every item.
    let blank = after[spaces..]
        .chars()
        .take_while(|&c| c != '\n')
        .all(char::is_whitespace);
    let spaces = if spaces == 0 || spaces > 4 || blank {
        1
    } else {
        spaces
    };
    col + marker + spaces
}

/// Columns (in characters) of source positions visited in increasing
/// order, each counted on from the last: a line of many list markers ("1.
/// 1. 1. …") is read once instead of once per marker.
#[derive(Default)]
struct Columns {
    line_start: usize,
    at: usize,
    col: usize,
}

impl Columns {
    /// The 0-based column of byte offset `at` in `src`.
    fn of(&mut self, src: &str, at: usize) -> usize {
        if at < self.at {
            *self = Columns::default();
        }
        let between = &src[self.at..at];
        match between.rfind('\n') {
            Some(k) => {
                self.line_start = self.at + k + 1;
                self.col = src[self.line_start..at].chars().count();
            }
            None => self.col += between.chars().count(),
        }
        self.at = at;
        self.col
    }
}

/// Whether the source line after the newline at `nl`, inside a list item
/// whose text starts at column `text_col`, is a heading that CommonMark took
/// for a lazy continuation of the item ("- Date of birth" then "What We Are
/// Doing" on the next line, unindented). It must be less indented than the
/// item's text and shaped like a plain-text heading, and the line before it
/// must stand on its own: a heading (`after_heading`), a line that closes
/// ([`super::closes_line`]), or an item whose wrapping would have taken the
/// heading's first word.
fn heading_after_item(
    src: &str,
    nl: usize,
    text_col: usize,
    after_heading: bool,
    width: usize,
) -> bool {
    let prev_start = src[..nl].rfind('\n').map_or(0, |k| k + 1);
    let prev = src[prev_start..nl].trim_end_matches('\r');
    let rest = &src[nl + 1..];
    let mut lines = rest.lines();
    let Some(line) = lines.next() else {
        return false;
    };
    let indent = line.chars().take_while(|c| c.is_whitespace()).count();
    if indent >= text_col || line.trim().is_empty() {
        return false;
    }
    let first = line.split_whitespace().next().unwrap_or("");
    let stands_alone = after_heading
        || super::closes_line(prev)
        || prev.trim_end().chars().count() + 1 + first.chars().count() <= width;
    super::text::is_heading_line(line.trim(), stands_alone, lines.next())
}

/// Ends the current block of the innermost list item (its paragraph in a
/// loose list) at the current end of the plain text.
fn end_item_block(
    blocks: &mut Vec<Block>,
    b: &Builder<'_>,
    para: &mut Option<OpenParagraph>,
    items: &mut [OpenItem],
) {
    let start = match para.as_mut() {
        Some(p) => std::mem::replace(&mut p.plain_start, b.plain.len()),
        None => match items.last_mut() {
            Some(item) => std::mem::replace(&mut item.start, b.plain.len()),
            None => return,
        },
    };
    if b.plain[start..].trim().is_empty() {
        return;
    }
    blocks.push(Block {
        plain: trim_span(&b.plain, Span::new(start, b.plain.len())),
    });
}

/// Finishes a heading found in a lazy continuation line (see
/// [`heading_after_item`]); the item's text resumes after it as a new
/// block. Returns whether there was one.
fn close_lazy_heading(
    lazy: &mut Option<usize>,
    headings: &mut Vec<Heading>,
    b: &mut Builder<'_>,
    para: &mut Option<OpenParagraph>,
    items: &mut [OpenItem],
) -> bool {
    let Some(start) = lazy.take() else {
        return false;
    };
    push_heading(
        headings,
        b,
        6,
        HeadingKind::Line,
        Span::new(start, b.plain.len()),
    );
    b.gap("\n\n");
    let now = b.plain.len();
    match para.as_mut() {
        Some(p) => {
            p.plain_start = now;
            p.saw_text = false;
            p.only_emphasis = true;
        }
        None => {
            if let Some(item) = items.last_mut() {
                item.start = now;
            }
        }
    }
    true
}

/// Most bytes of Markdown given to one parser. pulldown-cmark keeps a node
/// for every block and inline element it has read until it is dropped, up to
/// about 60 bytes per byte of input (a long run of `[`, `>` or `*a*`), and
/// its time on deeply nested quotes grows with the square of their depth; so
/// a long document is parsed in pieces. A notice is a few kilobytes: one piece.
const PIECE_BYTES: usize = 64 * 1024;

/// Splits `body` into ranges of at most [`PIECE_BYTES`] that are parsed one
/// after the other (see [`cut`]). Constructs that cross a cut, such as a list
/// continued after the blank line or a link to a reference defined in another
/// piece, are read as if the document ended and began there: a cost paid only
/// by documents far longer than any notice.
fn pieces(body: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    while start < body.len() {
        let n = cut(&body[start..]);
        out.push(start..start + n);
        start += n;
    }
    out
}

/// The length of the next piece of `rest`: all of it when it is short
/// enough, else up to the last blank line outside fenced code and HTML
/// comments, else the last line break, else the last space, else the last
/// character that fits. Fences and comments are followed roughly (no fence
/// lengths, no containers): a wrong guess costs one block read differently.
fn cut(rest: &str) -> usize {
    if rest.len() <= PIECE_BYTES {
        return rest.len();
    }
    let mut end = PIECE_BYTES;
    while !rest.is_char_boundary(end) {
        end -= 1;
    }
    let window = &rest[..end];
    let (mut blank, mut line_end) = (None, None);
    let (mut in_fence, mut in_comment) = (false, false);
    let mut pos = 0;
    for line in window.split_inclusive('\n') {
        if !line.ends_with('\n') {
            break;
        }
        pos += line.len();
        let t = line.trim_start_matches(' ');
        if line.len() - t.len() <= 3 && (t.starts_with("```") || t.starts_with("~~~")) {
            in_fence = !in_fence;
        }
        let mut from = 0;
        if in_comment {
            match line.find("-->") {
                Some(k) => {
                    in_comment = false;
                    from = k + 3;
                }
                None => continue,
            }
        }
        if let Some(k) = line[from..].rfind("<!--") {
            in_comment = !line[from + k..].contains("-->");
        }
        if !in_fence && !in_comment && line.trim().is_empty() {
            blank = Some(pos);
        }
        line_end = Some(pos);
    }
    blank
        .or(line_end)
        .or_else(|| {
            window
                .char_indices()
                .rev()
                .find(|(_, c)| c.is_whitespace())
                .map(|(k, c)| k + c.len_utf8())
        })
        .unwrap_or(end)
}

/// Whether an unstyled paragraph is a heading: letters converted to
/// Markdown often keep their headings as plain lines ("What Happened?",
/// "WHAT YOU CAN DO") between blank lines. The paragraph must be a single
/// line shaped like a plain-text heading; a blank line surrounds it, so
/// neither neighbour can be a wrapped part of the same sentence.
fn is_line_heading(text: &str) -> bool {
    let text = text.trim();
    !text.contains('\n') && super::text::is_heading_line(text, true, None)
}

fn note_text(para: &mut Option<OpenParagraph>, t: &str) {
    if let Some(p) = para.as_mut() {
        if !t.trim().is_empty() {
            p.saw_text = true;
            if p.emphasis_depth == 0 {
                p.only_emphasis = false;
            }
        }
    }
}

/// Whether a link's destination leads nowhere: empty (`[our site]()`) or
/// only `#`, as templates leave a link whose address was never filled in.
fn leads_nowhere(dest: &str) -> bool {
    matches!(dest.trim(), "" | "#")
}

/// Keeps the end of a link that leads nowhere as written (`](…)`), so the
/// plain text reads `[visit our website]()` and rules can see that the
/// address is missing; the opening `[` was kept when the link started.
fn append_empty_target(b: &mut Builder<'_>, link_range: Span) {
    let src = &b.src[link_range.range()];
    let Some(k) = src.rfind("](") else {
        return;
    };
    let tail = Span::new(link_range.start + k, link_range.end);
    let text = b.src[tail.range()].to_string();
    b.text(&text, tail);
}

/// Keeps a link's target in the plain text ("our site (https://…)") when it
/// differs from the link text, so contact rules see web and mail addresses.
fn append_link_target(b: &mut Builder<'_>, dest: &str, link_range: Span) {
    let shown = dest
        .strip_prefix("mailto:")
        .or_else(|| dest.strip_prefix("tel:"))
        .unwrap_or(dest);
    if shown.is_empty() || b.plain.ends_with(shown) {
        return;
    }
    let link_src = &b.src[link_range.range()];
    let target = link_src
        .rfind(shown)
        .map(|k| Span::new(link_range.start + k, link_range.start + k + shown.len()))
        .unwrap_or(link_range);
    b.plain.push_str(" (");
    let start = b.plain.len();
    b.plain.push_str(shown);
    b.map.push(start, shown.len(), target, true);
    b.plain.push(')');
}

fn trim_span(plain: &str, s: Span) -> Span {
    let t = &plain[s.range()];
    let lead = t.len() - t.trim_start().len();
    let trail = t.len() - t.trim_end().len();
    Span::new(s.start + lead, (s.end - trail).max(s.start + lead))
}

/// Adds a heading; false, when the document has [`MAX_HEADINGS`] already,
/// says the text is to be read as an ordinary block.
fn push_heading(
    headings: &mut Vec<Heading>,
    b: &Builder<'_>,
    level: u8,
    kind: HeadingKind,
    plain: Span,
) -> bool {
    if headings.len() >= MAX_HEADINGS {
        return false;
    }
    let plain = trim_span(&b.plain, plain);
    let raw = &b.plain[plain.range()];
    if raw.trim().is_empty() {
        return true;
    }
    headings.push(Heading {
        level,
        text: normalize_heading(raw),
        kind,
        plain,
        span: b.map.to_source(plain),
    });
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_counted_on_agree_with_counting_from_the_line_start() {
        let src = "1. é 1. x\n  - “a” - b\n\n1. 1. 1.";
        let naive = |at: usize| {
            let start = src[..at].rfind('\n').map_or(0, |k| k + 1);
            src[start..at].chars().count()
        };
        let mut columns = Columns::default();
        let positions: Vec<usize> = src.char_indices().map(|(i, _)| i).collect();
        for &at in positions.iter().step_by(3) {
            assert_eq!(columns.of(src, at), naive(at), "at {at}");
        }
        // Out of order, it starts again from the beginning.
        assert_eq!(columns.of(src, 3), naive(3));
    }

    fn doc(text: &str) -> (Arc<SourceFile>, Document) {
        let src = Arc::new(SourceFile::new("n.md", text));
        let d = Document::parse(src.clone(), DocFormat::Markdown);
        (src, d)
    }

    #[test]
    fn atx_and_setext_headings_with_spans() {
        let (src, d) = doc(
            "# Notice of Data Breach\n\nWhat Happened?\n--------------\n\nA *server* was accessed.\n",
        );
        let texts: Vec<_> = d.headings.iter().map(|h| h.text.as_str()).collect();
        assert_eq!(texts, ["notice of data breach", "what happened"]);
        assert_eq!(src.slice(d.headings[0].span), "Notice of Data Breach");
        assert_eq!(src.slice(d.headings[1].span), "What Happened?");
        assert_eq!(d.headings[1].level, 2);
        assert!(d.plain.contains("A server was accessed."));
    }

    #[test]
    fn plain_offsets_map_into_emphasised_text() {
        let (src, d) = doc("Call **1-800-555-0100** today.\n");
        let at = d.plain.find("1-800").unwrap();
        let span = d.to_source(Span::new(at, at + 14));
        assert_eq!(src.slice(span), "1-800-555-0100");
    }

    #[test]
    fn bold_paragraphs_and_bold_lines_are_headings() {
        let (src, d) =
            doc("**What Happened**\n\nText.\n\n**What You Can Do**\nReview statements.\n");
        let texts: Vec<_> = d.headings.iter().map(|h| h.text.as_str()).collect();
        assert_eq!(texts, ["what happened", "what you can do"]);
        assert_eq!(src.slice(d.headings[1].span), "What You Can Do");
        let last = d.blocks.last().unwrap();
        assert_eq!(&d.plain[last.plain.range()], "Review statements.");
    }

    #[test]
    fn a_bold_paragraph_of_more_words_than_a_heading_has_is_text() {
        let twelve = "one two three four five six seven eight nine ten eleven twelve";
        let (_, d) = doc(&format!(
            "**{twelve}**\n\nText.\n\n**{twelve} thirteen**\n\nMore.\n"
        ));
        let texts: Vec<_> = d.headings.iter().map(|h| h.text.as_str()).collect();
        assert_eq!(texts, [twelve]);
        assert_eq!(d.headings[0].kind, HeadingKind::Emphasis);
    }

    #[test]
    fn plain_line_paragraphs_are_headings() {
        let (src, d) = doc("What Happened?\n\nA pipe burst in the file room.\n\n\
             WHAT YOU CAN DO\n\nWatch your statements.\n\n\
             We are sorry for the trouble.\n\n- Keep Your Receipts.\n");
        let texts: Vec<_> = d.headings.iter().map(|h| h.text.as_str()).collect();
        assert_eq!(texts, ["what happened", "what you can do"]);
        assert_eq!(d.headings[0].kind, HeadingKind::Line);
        assert_eq!(d.headings[0].level, 6);
        assert_eq!(src.slice(d.headings[1].span), "WHAT YOU CAN DO");
        assert_eq!(d.blocks.len(), 4, "{:?}", d.blocks);
    }

    #[test]
    fn heading_right_after_a_list_is_not_swallowed() {
        let (src, d) = doc(
            "The files included:\n\n- your name\n- your date of birth\nWhat We Are Doing\n\n\
             We moved the files.\n",
        );
        let texts: Vec<_> = d.headings.iter().map(|h| h.text.as_str()).collect();
        assert_eq!(texts, ["what we are doing"]);
        assert_eq!(src.slice(d.headings[0].span), "What We Are Doing");
        let blocks: Vec<&str> = d.blocks.iter().map(|b| &d.plain[b.plain.range()]).collect();
        assert_eq!(
            blocks,
            [
                "The files included:",
                "your name",
                "your date of birth",
                "We moved the files."
            ]
        );
        // The section's text may follow on the next line, still lazily in the item.
        let (_, d) =
            doc("- your name\n- your date of birth\nWhat We Are Doing\nWe moved the files.\n");
        let texts: Vec<_> = d.headings.iter().map(|h| h.text.as_str()).collect();
        assert_eq!(texts, ["what we are doing"]);
        let last = d.blocks.last().unwrap();
        assert_eq!(&d.plain[last.plain.range()], "We moved the files.");
        // In a loose list too.
        let (_, d) =
            doc("- your name\n\n- your date of birth\nWhat We Are Doing\n\nWe moved them.\n");
        let texts: Vec<_> = d.headings.iter().map(|h| h.text.as_str()).collect();
        assert_eq!(texts, ["what we are doing"]);
    }

    #[test]
    fn lazy_continuations_stay_in_their_item() {
        // Wrapped: the first word would not have fitted on the item's line.
        let (_, d) = doc(
            "A line of text that sets how wide this letter is wrapped.\n\n\
             - copies of the insurance cards and the letters mailed with\n\
             Member Welcome Packets\n",
        );
        assert!(d.headings.is_empty(), "{:?}", d.headings);
        // Indented under the item's text.
        let (_, d) = doc("- your name and\n  What We Are Doing\n");
        assert!(d.headings.is_empty(), "{:?}", d.headings);
        // A sentence, not a heading.
        let (_, d) = doc("- your name\nand your date of birth.\n");
        assert!(d.headings.is_empty(), "{:?}", d.headings);
    }

    #[test]
    fn bold_inside_sentence_is_not_a_heading() {
        let (_, d) = doc("Please **do not** reply to this message, it is not monitored.\n");
        assert!(d.headings.is_empty());
    }

    #[test]
    fn links_that_lead_nowhere_are_kept_as_written() {
        let (src, d) =
            doc("Please [visit our website]() or [click here]( # ), or read [the guide][guide].\n");
        assert_eq!(
            d.plain.trim_end(),
            "Please [visit our website]() or [click here]( # ), or read [the guide][guide]."
        );
        let at = d.plain.find("[click").unwrap();
        let end = d.plain.find("# )").unwrap() + 3;
        assert_eq!(
            src.slice(d.to_source(Span::new(at, end))),
            "[click here]( # )"
        );
        // A link with an address reads as before.
        let (_, d) = doc("[Our site](https://example.org) and [mail us](mailto:a@example.org).\n");
        assert_eq!(
            d.plain.trim_end(),
            "Our site (https://example.org) and mail us (a@example.org)."
        );
    }

    #[test]
    fn link_targets_stay_in_plain_text() {
        let (src, d) = doc("Visit [our notice page](https://example.org/notice).\n");
        let at = d.plain.find("https://example.org/notice").unwrap();
        let span = d.to_source(Span::new(at, at + "https://example.org/notice".len()));
        assert_eq!(src.slice(span), "https://example.org/notice");
    }

    #[test]
    fn comments_and_front_matter() {
        let (src, d) =
            doc("+++\naffected = 3\n+++\n\n<!-- breachlint-disable hygiene/tbd -->\nText TBD.\n");
        assert_eq!(d.comments.len(), 1);
        assert_eq!(d.comments[0].body, "breachlint-disable hygiene/tbd");
        assert!(d.front_matter.is_some());
        assert!(!d.plain.contains("affected"));
        assert_eq!(
            src.slice(d.comments[0].span),
            "<!-- breachlint-disable hygiene/tbd -->"
        );
    }

    #[test]
    fn merge_fields_stay_in_the_text() {
        let (src, d) = doc("Dear <<FirstName>>,\n\n<NAME>\n<STREET>\n\nText.\n");
        assert!(d.plain.contains("Dear <<FirstName>>,"), "{:?}", d.plain);
        let at = d.plain.find("<NAME>").unwrap();
        assert_eq!(src.slice(d.to_source(Span::new(at, at + 6))), "<NAME>");
        assert!(d.plain.contains("<STREET>"));
    }

    #[test]
    fn entities_map_to_their_source() {
        let (src, d) = doc("Fish &amp; Chips\n");
        let at = d.plain.find('&').unwrap();
        assert_eq!(src.slice(d.to_source(Span::new(at, at + 1))), "&amp;");
    }

    #[test]
    fn bom_and_crlf() {
        let (src, d) = doc("\u{feff}# Title\r\n\r\nBody text here.\r\n");
        assert_eq!(src.slice(d.headings[0].span), "Title");
        assert_eq!(&d.plain[d.blocks[0].plain.range()], "Body text here.");
    }
}
