//! HTML notices: web pages and letters saved as HTML.
//!
//! html5ever's tokenizer (the WHATWG algorithm, as in browsers) reads the
//! markup: tags, character references, comments, and the raw text of
//! `<script>` and `<style>`. The tokenizer reports no byte offsets, so each
//! token is laid back onto the source as it comes, in order: a tag or
//! comment from its `<` to its closing `>`, text character by character (a
//! character reference such as `&amp;` maps to its whole reference). Every
//! piece of the plain text thus points into the HTML the user wrote.
//!
//! What a reader sees becomes the plain text: `<head>`, scripts, styles,
//! templates and elements that are `hidden`, `aria-hidden` or styled
//! `display: none` are
//! left out, white space collapses as a browser collapses it (except in
//! `<pre>`), block elements are blocks, `<h1>`–`<h6>` are headings and a
//! paragraph set wholly in `<b>`/`<strong>` is a heading as in Markdown.
//! Links that lead nowhere (`href=""`, `href="#"`, an anchor the page does
//! not have, an empty `mailto:` or `tel:`) are recorded as features.

use std::cell::RefCell;
use std::collections::HashSet;
use std::sync::Arc;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

use super::flow::{Flow, quote, short_enough};
use super::{Comment, DocFormat, Document, Feature, FeatureKind, HeadingKind, Layout};
use crate::source::SourceFile;
use crate::span::Span;

/// Most tokens kept from one file. A letter has a few thousand; past the
/// cap the rest of the file is not read (a warning says so).
pub const MAX_TOKENS: usize = 1 << 20;

/// Deepest element nesting followed; deeper elements are read as text of
/// the element at the limit.
const MAX_DEPTH: usize = 512;

/// A token, as far as the reader needs it.
enum Tok {
    // A file of nothing but tags keeps one of these per three bytes: the
    // interned name and a boxed slice keep the token small.
    Tag {
        end: bool,
        name: html5ever::LocalName,
        attrs: Box<[(String, String)]>,
        self_closing: bool,
    },
    Text(StrTendril),
    Comment(StrTendril),
    Doctype,
    Null,
}

struct Sink {
    /// Tokens not yet handed to the reader.
    tokens: RefCell<Vec<Tok>>,
    /// Tokens kept so far, handed on or not.
    kept: std::cell::Cell<usize>,
    truncated: std::cell::Cell<bool>,
}

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut tokens = self.tokens.borrow_mut();
        if self.kept.get() >= MAX_TOKENS {
            self.truncated.set(true);
            return TokenSinkResult::Continue;
        }
        let mut result = TokenSinkResult::Continue;
        let tok = match token {
            Token::TagToken(tag) => {
                let name = tag.name.clone();
                let end = tag.kind == TagKind::EndTag;
                if !end {
                    // What the tree builder would tell the tokenizer: the
                    // content of these elements is raw text.
                    result = match &*name {
                        "script" => TokenSinkResult::RawData(RawKind::ScriptData),
                        "style" | "xmp" | "iframe" | "noembed" | "noframes" => {
                            TokenSinkResult::RawData(RawKind::Rawtext)
                        }
                        "title" | "textarea" => TokenSinkResult::RawData(RawKind::Rcdata),
                        "plaintext" => TokenSinkResult::Plaintext,
                        _ => TokenSinkResult::Continue,
                    };
                }
                Tok::Tag {
                    end,
                    name,
                    attrs: tag
                        .attrs
                        .iter()
                        .map(|a| (a.name.local.to_string(), a.value.to_string()))
                        .collect(),
                    self_closing: tag.self_closing,
                }
            }
            Token::CharacterTokens(t) => {
                // The tokenizer splits text; joined, it lays onto the source in one go.
                if let Some(Tok::Text(prev)) = tokens.last_mut() {
                    prev.push_tendril(&t);
                    return result;
                }
                Tok::Text(t)
            }
            Token::CommentToken(t) => Tok::Comment(t),
            Token::DoctypeToken(_) => Tok::Doctype,
            Token::NullCharacterToken => Tok::Null,
            Token::EOFToken | Token::ParseError(_) => return result,
        };
        tokens.push(tok);
        self.kept.set(self.kept.get() + 1);
        result
    }
}

/// Elements that end a block where they start and where they end.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "body"
            | "caption"
            | "center"
            | "dd"
            | "details"
            | "dialog"
            | "div"
            | "dl"
            | "dt"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hgroup"
            | "hr"
            | "html"
            | "legend"
            | "li"
            | "main"
            | "nav"
            | "ol"
            | "option"
            | "p"
            | "pre"
            | "section"
            | "summary"
            | "table"
            | "tbody"
            | "td"
            | "tfoot"
            | "th"
            | "thead"
            | "tr"
            | "ul"
    )
}

/// Elements without content or end tag.
fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
    )
}

/// Elements whose content a reader never sees.
fn is_unseen(name: &str) -> bool {
    matches!(
        name,
        "head"
            | "script"
            | "style"
            | "template"
            | "noscript"
            | "title"
            | "textarea"
            | "select"
            | "svg"
            | "math"
            | "iframe"
            | "object"
            | "noembed"
            | "noframes"
            | "xmp"
    )
}

/// Elements that can only live in `<head>`: any other start tag there
/// opens the body.
fn in_head_only(name: &str) -> bool {
    matches!(
        name,
        "base" | "link" | "meta" | "title" | "style" | "script" | "noscript" | "template"
    )
}

fn attr<'t>(attrs: &'t [(String, String)], name: &str) -> Option<&'t str> {
    attrs
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// Whether the element's own attributes hide it.
fn hidden(attrs: &[(String, String)]) -> bool {
    if attr(attrs, "hidden").is_some()
        || attr(attrs, "aria-hidden").is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
    {
        return true;
    }
    attr(attrs, "style").is_some_and(|s| {
        let s: String = s
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        s.contains("display:none") || s.contains("visibility:hidden")
    })
}

/// An open element.
struct Open {
    name: String,
    /// Its content is not shown.
    unseen: bool,
}

/// An open link.
struct Link {
    href: Option<String>,
    tag: Span,
    plain_start: usize,
}

/// A paragraph's emphasis so far: whether every piece of its text was bold.
#[derive(Default)]
struct Emphasis {
    saw_text: bool,
    only_bold: bool,
}

pub(super) fn parse(source: Arc<SourceFile>) -> Document {
    let text = source.text.as_str();
    let base = source.content_start();
    let mut tokens = Tokens::new(&text[base..]);
    let mut flow = Flow::new(text);
    let mut cur = Cursor { text, at: base };
    let mut stack: Vec<Open> = Vec::new();
    let mut unseen_depth = 0usize;
    let mut pre_depth = 0usize;
    let mut bold_depth = 0usize;
    let mut heading: Option<u8> = None;
    let mut emphasis = Emphasis::default();
    let mut comments = Vec::new();
    let mut links: Vec<(Link, Span)> = Vec::new();
    let mut open_link: Option<Link> = None;
    let mut ids: HashSet<String> = HashSet::new();
    let mut in_head = false;

    // Closes the open block as a heading, an all-bold heading or a paragraph.
    let close = |flow: &mut Flow<'_>, heading: Option<u8>, emphasis: &mut Emphasis| {
        let e = std::mem::take(emphasis);
        match heading {
            Some(level) => flow.end_heading(level, HeadingKind::Markup),
            None => match flow.take_block() {
                Some(span)
                    if e.saw_text && e.only_bold && short_enough(&flow.plain[span.range()]) =>
                {
                    flow.heading(span, 6, HeadingKind::Emphasis)
                }
                Some(span) => flow.blocks.push(super::Block { plain: span }),
                None => {}
            },
        }
    };

    for tok in tokens.by_ref() {
        match &tok {
            Tok::Text(t) => {
                let pieces = cur.text(t);
                if unseen_depth > 0 || in_head {
                    continue;
                }
                for (s, span) in pieces {
                    if pre_depth == 0 && s.chars().all(char::is_whitespace) {
                        flow.space();
                        continue;
                    }
                    if pre_depth > 0 {
                        for (k, line) in s.split('\n').enumerate() {
                            if k > 0 {
                                flow.line_break();
                            }
                            if !line.is_empty() {
                                let off = line.as_ptr() as usize - s.as_ptr() as usize;
                                let sub = if span.len() == s.len() {
                                    Span::new(span.start + off, span.start + off + line.len())
                                } else {
                                    span
                                };
                                flow.text(line, sub);
                                emphasis.saw_text = true;
                            }
                        }
                        continue;
                    }
                    if !emphasis.saw_text {
                        emphasis.only_bold = true;
                    }
                    emphasis.saw_text = true;
                    emphasis.only_bold &= bold_depth > 0;
                    flow.text(&s, span);
                }
            }
            Tok::Null => {
                cur.skip_char();
            }
            Tok::Comment(body) => {
                let span = cur.comment();
                comments.push(Comment {
                    body: body.trim().to_string(),
                    span,
                });
            }
            Tok::Doctype => {
                cur.markup();
            }
            Tok::Tag {
                end,
                name,
                attrs,
                self_closing,
            } => {
                let span = cur.markup();
                let name: &str = name;
                if !end {
                    if let Some(id) = attr(attrs, "id") {
                        ids.insert(id.to_string());
                    }
                    if name == "a" {
                        if let Some(n) = attr(attrs, "name") {
                            ids.insert(n.to_string());
                        }
                    }
                }
                if name == "head" {
                    in_head = !end;
                    continue;
                }
                if in_head && !end && !in_head_only(name) {
                    in_head = false;
                }
                if in_head {
                    continue;
                }
                if *end {
                    let Some(pos) = stack.iter().rposition(|o| o.name == name) else {
                        continue;
                    };
                    for o in stack.drain(pos..).rev() {
                        close_element(
                            &o,
                            &mut flow,
                            &mut Counters {
                                unseen_depth: &mut unseen_depth,
                                pre_depth: &mut pre_depth,
                                bold_depth: &mut bold_depth,
                            },
                        );
                        if unseen_depth > 0 {
                            continue;
                        }
                        if matches!(o.name.as_str(), "h1" | "h2" | "h3" | "h4" | "h5" | "h6") {
                            close(&mut flow, heading.take(), &mut emphasis);
                        } else if is_block(&o.name) {
                            close(&mut flow, heading, &mut emphasis);
                        } else if o.name == "a" {
                            if let Some(l) = open_link.take() {
                                let plain = Span::new(
                                    l.plain_start.min(flow.plain.len()),
                                    flow.plain.len(),
                                );
                                links.push((l, plain));
                            }
                        }
                    }
                    continue;
                }
                // A start tag.
                if unseen_depth > 0 {
                    if !is_void(name) && !self_closing && stack.len() < MAX_DEPTH {
                        stack.push(Open {
                            name: name.to_string(),
                            unseen: false,
                        });
                    }
                    continue;
                }
                // Implied end tags: a new paragraph, item or cell closes the last.
                let implied: &[&str] = match name {
                    "li" => &["li"],
                    "dt" | "dd" => &["dt", "dd"],
                    "td" | "th" => &["td", "th"],
                    "tr" => &["tr", "td", "th"],
                    "option" => &["option"],
                    _ if is_block(name) => &["p"],
                    _ => &[],
                };
                if let Some(pos) = stack
                    .iter()
                    .rposition(|o| implied.contains(&o.name.as_str()))
                {
                    for o in stack.drain(pos..).rev() {
                        close_element(
                            &o,
                            &mut flow,
                            &mut Counters {
                                unseen_depth: &mut unseen_depth,
                                pre_depth: &mut pre_depth,
                                bold_depth: &mut bold_depth,
                            },
                        );
                    }
                }
                if name == "br" {
                    flow.line_break();
                    continue;
                }
                if is_block(name) {
                    close(&mut flow, heading.take(), &mut emphasis);
                }
                if name == "a" {
                    if let Some(l) = open_link.take() {
                        let plain =
                            Span::new(l.plain_start.min(flow.plain.len()), flow.plain.len());
                        links.push((l, plain));
                    }
                    open_link = Some(Link {
                        href: attr(attrs, "href").map(str::to_string),
                        tag: span,
                        plain_start: flow.plain.len(),
                    });
                }
                if is_void(name) || *self_closing || stack.len() >= MAX_DEPTH {
                    continue;
                }
                let unseen = is_unseen(name) || hidden(attrs);
                if unseen {
                    unseen_depth += 1;
                }
                match name {
                    "pre" | "listing" => pre_depth += 1,
                    "b" | "strong" => bold_depth += 1,
                    "h1" | "h2" | "h3" | "h4" | "h5" | "h6" if !unseen => {
                        heading = Some(name.as_bytes()[1] - b'0');
                    }
                    _ => {}
                }
                stack.push(Open {
                    name: name.to_string(),
                    unseen,
                });
            }
        }
    }
    if let Some(l) = open_link.take() {
        let plain = Span::new(l.plain_start.min(flow.plain.len()), flow.plain.len());
        links.push((l, plain));
    }
    close(&mut flow, heading, &mut emphasis);

    let mut features = Vec::new();
    for (link, plain) in links {
        let words = flow.plain[plain.range()].trim();
        if let Some(why) = link.href.as_deref().and_then(|h| dangling(h, words, &ids)) {
            let span = if words.is_empty() {
                link.tag
            } else {
                let lead =
                    flow.plain[plain.range()].len() - flow.plain[plain.range()].trim_start().len();
                flow.to_source(Span::new(
                    plain.start + lead,
                    plain.start + lead + words.len(),
                ))
            };
            features.push(Feature {
                kind: FeatureKind::DanglingLink,
                span,
                text: if words.is_empty() {
                    "a link".to_string()
                } else {
                    quote(words)
                },
                detail: format!("the link {why}"),
            });
        }
    }
    let mut warnings = Vec::new();
    if tokens.truncated() {
        warnings.push(super::ReadWarning {
            span: Span::point(cur.at),
            message: format!(
                "the HTML has more than {MAX_TOKENS} tags and texts; the rest of the file was not read"
            ),
            help: "split the page, or check the notice's text as a .txt file".into(),
        });
    }
    let (plain, map, headings, blocks) = flow.finish();
    Document {
        source,
        format: DocFormat::Html,
        plain,
        map,
        headings,
        run_ins: Vec::new(),
        blocks,
        comments,
        front_matter: None,
        layout: Layout {
            features,
            type_sizes: None,
            paragraphs: Vec::new(),
        },
        warnings,
    }
}

/// Why a link leads nowhere, or not where its words promise, if it does.
fn dangling(href: &str, words: &str, ids: &HashSet<String>) -> Option<String> {
    let h = href.trim();
    let lower = h.to_ascii_lowercase();
    // Words that give an address promise it: an e-mail address must be
    // mailed to, a web address must be a page, not a place on this one.
    if let Some(mail) = words.split_whitespace().find(|w| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        w.contains('@') && w.contains('.')
    }) {
        let mail = mail.trim_matches(|c: char| !c.is_alphanumeric());
        if !lower.starts_with("mailto:") || !lower.contains(&mail.to_ascii_lowercase()) {
            return Some(format!(
                "reads “{mail}” but does not write to it (href=\"{h}\")"
            ));
        }
    }
    let web = words.split_whitespace().find(|w| {
        let w = w.to_ascii_lowercase();
        w.starts_with("www.") || w.starts_with("http://") || w.starts_with("https://")
    });
    if let Some(web) = web {
        if h.is_empty() || h.starts_with('#') || lower.starts_with("javascript:") {
            return Some(format!(
                "reads “{web}” but leads to no web page (href=\"{h}\")"
            ));
        }
    }
    if h.is_empty() {
        return Some("has an empty target (href=\"\")".into());
    }
    if h == "#" {
        return Some("leads nowhere (href=\"#\")".into());
    }
    if let Some(anchor) = h.strip_prefix('#') {
        if !ids.contains(anchor) && !ids.contains(&percent_decode(anchor)) {
            return Some(format!("points to #{anchor}, which is not on the page"));
        }
        return None;
    }
    for scheme in ["mailto:", "tel:"] {
        if let Some(rest) = lower.strip_prefix(scheme) {
            let target = rest.split(['?', '#']).next().unwrap_or("");
            if target.trim().is_empty() {
                return Some(format!("has no address after `{scheme}`"));
            }
        }
    }
    if lower.starts_with("javascript:")
        && lower["javascript:".len()..]
            .trim()
            .trim_end_matches(';')
            .trim()
            == "void(0)"
    {
        return Some("does nothing (javascript:void(0))".into());
    }
    None
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && bytes[i + 1].is_ascii_hexdigit()
            && bytes[i + 2].is_ascii_hexdigit()
        {
            let hex = |b: u8| (b as char).to_digit(16).unwrap_or(0) as u8;
            out.push(hex(bytes[i + 1]) * 16 + hex(bytes[i + 2]));
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Depth counters an element's end changes.
struct Counters<'c> {
    unseen_depth: &'c mut usize,
    pre_depth: &'c mut usize,
    bold_depth: &'c mut usize,
}

fn close_element(o: &Open, flow: &mut Flow<'_>, c: &mut Counters<'_>) {
    let _ = flow;
    if o.unseen {
        *c.unseen_depth = c.unseen_depth.saturating_sub(1);
    }
    match o.name.as_str() {
        "pre" | "listing" => *c.pre_depth = c.pre_depth.saturating_sub(1),
        "b" | "strong" => *c.bold_depth = c.bold_depth.saturating_sub(1),
        _ => {}
    }
}

/// Runs html5ever's tokenizer over `html`.
/// Input handed to the tokenizer at a time. The tokens of one piece are
/// laid onto the source before the next is read, so a file of nothing but
/// tags never holds more than a piece's worth of them.
const PIECE: usize = 64 << 10;

/// The tokens of an HTML text, read a piece at a time.
struct Tokens<'h> {
    tokenizer: Tokenizer<Sink>,
    input: BufferQueue,
    rest: &'h str,
    ended: bool,
    ready: std::vec::IntoIter<Tok>,
}

impl<'h> Tokens<'h> {
    fn new(html: &'h str) -> Self {
        let sink = Sink {
            tokens: RefCell::new(Vec::new()),
            kept: std::cell::Cell::new(0),
            truncated: std::cell::Cell::new(false),
        };
        let opts = TokenizerOpts {
            // The byte order mark is not passed in; a second one is text.
            discard_bom: false,
            ..Default::default()
        };
        Tokens {
            tokenizer: Tokenizer::new(sink, opts),
            input: BufferQueue::default(),
            rest: html,
            ended: false,
            ready: Vec::new().into_iter(),
        }
    }

    /// Whether tokens past [`MAX_TOKENS`] were dropped.
    fn truncated(&self) -> bool {
        self.tokenizer.sink.truncated.get()
    }

    /// Tokenizes the next piece of input (or ends the input) and takes the
    /// tokens it completed. A text token at the end stays with the sink,
    /// which joins it with text that the next piece continues.
    fn refill(&mut self) {
        if self.rest.is_empty() {
            self.tokenizer.end();
            self.ended = true;
        } else {
            let mut cut = self.rest.len().min(PIECE);
            while !self.rest.is_char_boundary(cut) {
                cut += 1;
            }
            let (piece, rest) = self.rest.split_at(cut);
            self.rest = rest;
            self.input.push_back(StrTendril::from_slice(piece));
            while let html5ever::TokenizerResult::Script(_) = self.tokenizer.feed(&self.input) {
                if self.input.is_empty() {
                    break;
                }
            }
        }
        let mut tokens = self.tokenizer.sink.tokens.borrow_mut();
        let keep_last = !self.ended && matches!(tokens.last(), Some(Tok::Text(_)));
        let last = if keep_last { tokens.pop() } else { None };
        let done = std::mem::take(&mut *tokens);
        tokens.extend(last);
        self.ready = done.into_iter();
    }
}

impl Iterator for Tokens<'_> {
    type Item = Tok;

    fn next(&mut self) -> Option<Tok> {
        loop {
            if let Some(t) = self.ready.next() {
                return Some(t);
            }
            if self.ended {
                return None;
            }
            self.refill();
        }
    }
}

/// Lays tokens back onto the source, in order.
struct Cursor<'a> {
    text: &'a str,
    at: usize,
}

impl Cursor<'_> {
    fn rest(&self) -> &str {
        &self.text[self.at..]
    }

    fn skip_char(&mut self) {
        if let Some(c) = self.rest().chars().next() {
            self.at += c.len_utf8();
        }
    }

    /// A comment: from `<!--` (or `<!`, `<?`, `</` for bogus comments) to its end.
    fn comment(&mut self) -> Span {
        let start = self.at + self.rest().find('<').unwrap_or(self.rest().len());
        let rest = &self.text[start..];
        let end = if let Some(body) = rest.strip_prefix("<!--") {
            // `<!-->` and `<!--->` close at once.
            if body.starts_with('>') {
                start + 5
            } else if body.starts_with("->") {
                start + 6
            } else {
                match (body.find("-->"), body.find("--!>")) {
                    (Some(a), Some(b)) if b < a => start + 4 + b + 4,
                    (Some(a), _) => start + 4 + a + 3,
                    (None, Some(b)) => start + 4 + b + 4,
                    (None, None) => self.text.len(),
                }
            }
        } else {
            rest.find('>').map_or(self.text.len(), |e| start + e + 1)
        };
        self.at = end;
        Span::new(start, end)
    }

    /// A tag or doctype: from `<` to the `>` that closes it, quoted
    /// attribute values passed over.
    fn markup(&mut self) -> Span {
        let start = self.at + self.rest().find('<').unwrap_or(self.rest().len());
        let bytes = self.text.as_bytes();
        let mut i = start + 1;
        let mut quote: Option<u8> = None;
        let mut after_eq = false;
        while i < bytes.len() {
            let b = bytes[i];
            match quote {
                Some(q) => {
                    if b == q {
                        quote = None;
                    }
                }
                None => {
                    if b == b'>' {
                        i += 1;
                        break;
                    }
                    if (b == b'"' || b == b'\'') && after_eq {
                        quote = Some(b);
                    }
                    if b == b'=' {
                        after_eq = true;
                    } else if !b.is_ascii_whitespace() {
                        after_eq = false;
                    }
                }
            }
            i += 1;
        }
        let end = i.min(bytes.len());
        self.at = end;
        Span::new(start, end)
    }

    /// Lays decoded text `t` onto the source: pieces of text with their
    /// source ranges. Runs of literal text come out whole; a character
    /// reference comes out as its decoded text over the whole reference;
    /// white space is split from words so it can collapse.
    fn text(&mut self, t: &str) -> Vec<(String, Span)> {
        let mut out: Vec<(String, Span)> = Vec::new();
        let mut chars = t.chars().peekable();
        while let Some(c) = chars.next() {
            let at = self.at;
            let rest = &self.text[at.min(self.text.len())..];
            let mut buf = [0u8; 4];
            let cs: &str = c.encode_utf8(&mut buf);
            let reference = starts_reference(rest, c, &chars);
            if rest.starts_with(cs) && !reference {
                self.at += cs.len();
                push_piece(&mut out, cs, Span::new(at, self.at), true);
            } else if c == '\n' && rest.starts_with("\r\n") {
                self.at += 2;
                push_piece(&mut out, "\n", Span::new(at, self.at), false);
            } else if c == '\n' && rest.starts_with('\r') {
                self.at += 1;
                push_piece(&mut out, "\n", Span::new(at, self.at), false);
            } else if reference {
                let (decoded, span) = self.reference(c, &mut chars);
                push_piece(&mut out, &decoded, span, false);
            } else if rest.is_empty() {
                push_piece(&mut out, cs, Span::point(at), false);
            } else {
                // Out of step (a NUL, or text the tokenizer changed): map the
                // character to the next source character and go on.
                let n = rest.chars().next().map_or(0, char::len_utf8);
                self.at += n;
                push_piece(&mut out, cs, Span::new(at, at + n), false);
            }
        }
        out
    }

    /// Steps over the character reference at the cursor, which decodes to
    /// `c` and perhaps the next character of `chars`: the decoded text and
    /// the reference's source range.
    fn reference(
        &mut self,
        c: char,
        chars: &mut std::iter::Peekable<std::str::Chars<'_>>,
    ) -> (String, Span) {
        let at = self.at;
        let bytes = self.text.as_bytes();
        // A character reference: up to `;`, or over its name or digits.
        let mut end = at + 1;
        let limit = (at + 40).min(bytes.len());
        while end < limit && (bytes[end].is_ascii_alphanumeric() || bytes[end] == b'#') {
            end += 1;
        }
        if end < bytes.len() && bytes[end] == b';' {
            end += 1;
        }
        let mut decoded = String::from(c);
        // A reference can stand for two characters; they share its range.
        while let Some(&n) = chars.peek() {
            let mut nb = [0u8; 4];
            let next = n.encode_utf8(&mut nb);
            if self.text[end..].starts_with(&*next) || end >= bytes.len() {
                break;
            }
            if decoded.chars().count() >= 2 {
                break;
            }
            decoded.push(n);
            chars.next();
        }
        self.at = end;
        (decoded, Span::new(at, end))
    }
}

/// Whether the source `rest` starts with a character reference standing
/// for decoded character `c` (followed in the decoded text by `after`),
/// rather than with a literal `&`.
fn starts_reference(rest: &str, c: char, after: &std::iter::Peekable<std::str::Chars<'_>>) -> bool {
    rest.starts_with('&')
        && rest[1..].starts_with(|n: char| n.is_ascii_alphanumeric() || n == '#')
        && {
            // A literal `&` is followed in the decoded text by the
            // same characters as in the source.
            let mut end = 1;
            while end < rest.len().min(40)
                && (rest.as_bytes()[end].is_ascii_alphanumeric()
                    || rest.as_bytes()[end] == b'#'
                    || rest.as_bytes()[end] == b';')
            {
                end += 1;
            }
            !(c == '&'
                && after
                    .clone()
                    .take(40)
                    .collect::<String>()
                    .starts_with(&rest[1..end]))
        }
}

/// Adds a piece of text to `out`, joining it to the piece before when both
/// are literal source text, side by side, and alike in being white space.
fn push_piece(out: &mut Vec<(String, Span)>, s: &str, span: Span, literal: bool) {
    let ws = s.chars().all(char::is_whitespace);
    if let Some((prev, pspan)) = out.last_mut() {
        let prev_ws = prev.chars().all(char::is_whitespace);
        if literal && prev_ws == ws && pspan.end == span.start && pspan.len() == prev.len() {
            prev.push_str(s);
            pspan.end = span.end;
            return;
        }
    }
    out.push((s.to_string(), span));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(html: &str) -> Document {
        Document::parse(Arc::new(SourceFile::new("n.html", html)), DocFormat::Html)
    }

    #[test]
    fn text_maps_into_the_html() {
        let html = "<html><head><title>T</title><style>p{}</style></head>\n<body><h1>Notice of Data Breach</h1>\n<p>Call  us at\n 1-800-555-0100 &amp; ask.</p></body></html>";
        let d = doc(html);
        assert_eq!(
            d.plain,
            "Notice of Data Breach\n\nCall us at 1-800-555-0100 & ask.\n"
        );
        assert_eq!(d.headings.len(), 1);
        assert_eq!(d.headings[0].level, 1);
        assert_eq!(d.headings[0].text, "notice of data breach");
        assert_eq!(&html[d.headings[0].span.range()], "Notice of Data Breach");
        let at = d.plain.find("1-800").unwrap();
        let src = d.to_source(Span::new(at, at + 14));
        assert_eq!(&html[src.range()], "1-800-555-0100");
        let amp = d.plain.find('&').unwrap();
        assert_eq!(&html[d.to_source(Span::new(amp, amp + 1)).range()], "&amp;");
        assert_eq!(d.blocks.len(), 1);
    }

    #[test]
    fn pieces_of_input_join_as_one_text() {
        // Tags, character references, text and a script straddle the places
        // where the input is cut into pieces.
        for shift in 0..12 {
            let pad = "a".repeat(PIECE - 6 - shift);
            let html = format!(
                "<p>{pad} &amp;b<b>c</b>&ntilde;d</p><script>x<y</script><p>Call  us at\n 1-800-555-0100.</p>"
            );
            let d = doc(&html);
            assert_eq!(
                d.plain,
                format!("{pad} &bcñd\n\nCall us at 1-800-555-0100.\n"),
                "shift {shift}"
            );
            let at = d.plain.find("1-800").unwrap();
            let src = d.to_source(crate::span::Span::new(at, at + 14));
            assert_eq!(&html[src.range()], "1-800-555-0100");
        }
    }

    #[test]
    fn unseen_content_is_left_out() {
        let d = doc(
            "<body><script>var x = '<p>no</p>';</script><p hidden>secret</p>\
             <div style=\"display: none\">gone</div><template>t</template><p>shown</p></body>",
        );
        assert_eq!(d.plain, "shown\n");
    }

    #[test]
    fn bold_paragraphs_are_headings_and_implied_ends_close_blocks() {
        let d =
            doc("<p><strong>What Happened</strong><p>A box of files went missing.<li>one<li>two");
        assert_eq!(d.headings.len(), 1);
        assert_eq!(d.headings[0].kind, HeadingKind::Emphasis);
        assert_eq!(d.headings[0].text, "what happened");
        assert_eq!(d.blocks.len(), 3);
    }

    #[test]
    fn dangling_links() {
        let html = "<p id=top>Read <a href=\"#\">our FAQ</a>, <a href=\"#faq\">this</a>, \
                    <a href='#top'>top</a>, <a href=\"mailto:\">mail us</a>, \
                    <a href=\"https://example.org\">site</a>.</p>";
        let d = doc(html);
        let found: Vec<_> = d
            .layout
            .features
            .iter()
            .map(|f| &html[f.span.range()])
            .collect();
        assert_eq!(found, ["our FAQ", "this", "mail us"]);
        assert!(
            d.layout.features[1].detail.contains("#faq"),
            "{:?}",
            d.layout.features
        );
        let d = doc("<p>Write to <a href=\"#\">help@example.org</a> or see \
                     <a href=\"#x\" id=x>www.example.org/faq</a>, <a href=\"mailto:help@example.org\">help@example.org</a>.</p>");
        let why: Vec<_> = d
            .layout
            .features
            .iter()
            .map(|f| f.detail.as_str())
            .collect();
        assert_eq!(why.len(), 2, "{why:?}");
        assert!(why[1].contains("no web page"), "{why:?}");
    }

    #[test]
    fn comments_and_pre() {
        let html = "<!-- breachlint-disable hygiene --><pre>a  b\nc</pre>";
        let d = doc(html);
        assert_eq!(d.comments.len(), 1);
        assert_eq!(d.comments[0].body, "breachlint-disable hygiene");
        assert_eq!(
            &html[d.comments[0].span.range()],
            "<!-- breachlint-disable hygiene -->"
        );
        assert_eq!(d.plain, "a  b\nc\n");
    }

    #[test]
    fn crlf_and_attributes_with_angle_brackets() {
        let html = "<p title=\"a > b\">one\r\ntwo</p>";
        let d = doc(html);
        assert_eq!(d.plain, "one two\n");
        let at = d.plain.find("two").unwrap();
        assert_eq!(&html[d.to_source(Span::new(at, at + 3)).range()], "two");
    }
}
