//! Word documents (Office Open XML, `.docx`).
//!
//! A `.docx` file is a zip archive of XML parts. The reader unpacks only
//! the parts it needs (the body, styles, comments, headers, footers,
//! footnotes), each under a size and compression-ratio cap, and reads them
//! with quick-xml as a stream. A part with a document type declaration is
//! refused: entities are never expanded and nothing outside the archive is
//! ever read.
//!
//! The text is the document as it will read with every tracked change
//! accepted: insertions in, deletions out. What the document still holds
//! for a reviewer to clear is recorded as features: each insertion,
//! deletion, move or formatting change with its author, each comment, and
//! each mail-merge field (`MERGEFIELD`, simple or complex) or content
//! control still showing its placeholder.
//!
//! The source that findings point into is a text view made here: the
//! headers, the body, the footnotes and the footers, each paragraph on a
//! line of its own (a line break inside a paragraph starts a new line),
//! then the review notes (each comment and tracked change with its author),
//! which are not read as the letter's text but are there for `--redact` to
//! mask, since findings quote them.
//! [`super::Layout::paragraphs`] maps a line back to its paragraph, which
//! findings name ("paragraph 12").
//!
//! Headings come from the paragraph's style (Title, Heading 1–9, or any
//! style with an outline level) or, as in Markdown, a short paragraph set
//! wholly in bold. The type size of each run is resolved from the run, its
//! character style, its paragraph style (and the styles those are based on)
//! and the document defaults.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;
use std::sync::Arc;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::flow::{Flow, quote, short_enough};
use super::{
    Comment, DocFormat, Document, Feature, FeatureKind, HeadingKind, Layout, LoadError,
    ReadWarning, TypeRun,
};
use crate::source::SourceFile;
use crate::span::Span;

/// Largest part unpacked, in bytes. A long letter's body is well under a
/// megabyte.
pub const MAX_PART_BYTES: u64 = 32 << 20;
/// Most bytes unpacked from one file, all parts together.
pub const MAX_TOTAL_BYTES: u64 = 96 << 20;
/// Highest ratio of unpacked to packed size for a part above a megabyte.
/// Word's XML packs about 10:1; a zip bomb packs a thousand times better.
pub const MAX_RATIO: u64 = 200;
/// Most entries an archive may list.
pub const MAX_ENTRIES: usize = 10_000;
/// Deepest nesting of elements read.
const MAX_DEPTH: usize = 256;
/// Most paragraphs read (the rest is left out with a warning).
pub const MAX_PARAGRAPHS: usize = 200_000;

/// Word's size when no style gives one: 10 points (20 half-points).
const DEFAULT_HALF_POINTS: u32 = 20;

/// Reads a `.docx` file.
pub fn read(path: &Path, bytes: &[u8]) -> Result<Document, LoadError> {
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Err(LoadError::new(
            "docx",
            "this is not a .docx file but a compound file: a password-protected (encrypted) Word document, or an old Word 97-2003 (.doc) file; remove the password or save it as .docx",
        ));
    }
    let mut zip = Package::open(bytes)?;
    let rels = zip
        .part_opt("word/_rels/document.xml.rels")?
        .map(|x| relationships(&x))
        .transpose()?
        .unwrap_or_default();
    let body = zip.part("word/document.xml")?;
    let styles = zip
        .part_opt("word/styles.xml")?
        .map(|x| Styles::parse(&x))
        .transpose()?
        .unwrap_or_default();
    let comments = zip
        .part_opt("word/comments.xml")?
        .map(|x| comment_texts(&x))
        .transpose()?
        .unwrap_or_default();
    let mut headers = Vec::new();
    let mut footers = Vec::new();
    for (kind, target) in &rels {
        let name = format!(
            "word/{}",
            target.trim_start_matches('/').trim_start_matches("word/")
        );
        let list = match kind.as_str() {
            "header" => &mut headers,
            "footer" => &mut footers,
            _ => continue,
        };
        if let Some(x) = zip.part_opt(&name)? {
            list.push(x);
        }
    }
    let footnotes = zip.part_opt("word/footnotes.xml")?;
    let mut parts = Vec::new();
    parts.extend(headers.iter().map(|h| (PartKind::Header, h.as_str())));
    parts.push((PartKind::Body, body.as_str()));
    if let Some(f) = &footnotes {
        parts.push((PartKind::Notes, f.as_str()));
    }
    parts.extend(footers.iter().map(|f| (PartKind::Footer, f.as_str())));
    build(path, &parts, &styles, &comments)
}

/// Reads a document from the XML inside `<w:body>` alone, with Word's
/// built-in style names ("Heading1", "Title") and no other parts: the
/// `docx` format of rule sets' inline tests.
pub fn from_body_xml(path: &Path, body: &str) -> Result<Document, LoadError> {
    let xml = format!(
        "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>"
    );
    build(
        path,
        &[(PartKind::Body, xml.as_str())],
        &Styles::default(),
        &HashMap::new(),
    )
}

/// The zip archive, with the caps on what is unpacked.
struct Package<'a> {
    zip: zip::ZipArchive<std::io::Cursor<&'a [u8]>>,
    unpacked: u64,
}

impl<'a> Package<'a> {
    fn open(bytes: &'a [u8]) -> Result<Self, LoadError> {
        let zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| {
            LoadError::new(
                "docx",
                format!("not a readable Word file (the .docx zip archive is damaged: {e})"),
            )
        })?;
        if zip.len() > MAX_ENTRIES {
            return Err(LoadError::new(
                "docx",
                format!(
                    "the archive lists {} entries, more than the {MAX_ENTRIES} a Word file could have; it is not read",
                    zip.len()
                ),
            ));
        }
        Ok(Package { zip, unpacked: 0 })
    }

    fn part(&mut self, name: &str) -> Result<String, LoadError> {
        self.part_opt(name)?.ok_or_else(|| {
            LoadError::new(
                "docx",
                format!("not a Word document: the archive has no {name}"),
            )
        })
    }

    fn part_opt(&mut self, name: &str) -> Result<Option<String>, LoadError> {
        let mut file = match self.zip.by_name(name) {
            Ok(f) => f,
            Err(zip::result::ZipError::FileNotFound) => return Ok(None),
            Err(e) => {
                return Err(LoadError::new(
                    "docx",
                    format!("cannot unpack {name} from the Word file: {e}"),
                ));
            }
        };
        if file.encrypted() {
            return Err(LoadError::new(
                "docx",
                format!("{name} is encrypted in the archive; remove the password and save again"),
            ));
        }
        let declared = file.size();
        let packed = file.compressed_size().max(1);
        let bomb = |what: String| {
            LoadError::new(
                "too-large",
                format!("{what}; the file is not read (it looks like a zip bomb, not a letter)"),
            )
        };
        if declared > MAX_PART_BYTES {
            return Err(bomb(format!(
                "{name} unpacks to {declared} bytes, more than the limit of {MAX_PART_BYTES}"
            )));
        }
        if declared > 1 << 20 && declared / packed > MAX_RATIO {
            return Err(bomb(format!(
                "{name} unpacks to {} times its packed size",
                declared / packed
            )));
        }
        // The declared size can lie: read no more than the caps allow.
        let room = MAX_PART_BYTES.min(MAX_TOTAL_BYTES.saturating_sub(self.unpacked));
        let mut buf = Vec::new();
        (&mut file)
            .take(room + 1)
            .read_to_end(&mut buf)
            .map_err(|e| LoadError::new("docx", format!("cannot unpack {name}: {e}")))?;
        if buf.len() as u64 > room {
            return Err(bomb(format!(
                "{name} unpacks to more than {room} bytes (all parts together may unpack to {MAX_TOTAL_BYTES})"
            )));
        }
        if buf.len() as u64 > 1 << 20 && buf.len() as u64 / packed > MAX_RATIO {
            return Err(bomb(format!(
                "{name} unpacks to {} times its packed size",
                buf.len() as u64 / packed
            )));
        }
        self.unpacked += buf.len() as u64;
        String::from_utf8(buf).map(Some).map_err(|_| {
            LoadError::new(
                "docx",
                format!("{name} is not UTF-8 XML; save the document again from Word"),
            )
        })
    }
}

/// The part's kind, which decides where its text goes in the text view.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum PartKind {
    Header,
    Body,
    Notes,
    Footer,
}

fn xml_error(e: impl std::fmt::Display) -> LoadError {
    LoadError::new("docx", format!("the Word file's XML is damaged: {e}"))
}

fn dtd_error() -> LoadError {
    LoadError::new(
        "docx",
        "the Word file's XML declares a document type (DTD); Word never writes one, and breachlint does not read entities from it",
    )
}

/// A new XML reader for a part.
fn reader(xml: &str) -> Reader<&[u8]> {
    let mut r = Reader::from_str(xml);
    r.config_mut().check_end_names = false;
    r
}

/// The value of attribute `name` (local name, any prefix).
fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (a.key.local_name().as_ref() == name.as_bytes())
            .then(|| {
                a.normalized_value(quick_xml::XmlVersion::default())
                    .ok()
                    .map(|v| v.into_owned())
            })
            .flatten()
    })
}

/// Whether an on/off property (`<w:b/>`, `<w:b w:val="false"/>`) is on.
fn on(e: &BytesStart<'_>) -> bool {
    !matches!(
        attr(e, "val").as_deref(),
        Some("false" | "0" | "off" | "none")
    )
}

fn local(e: &BytesStart<'_>) -> String {
    String::from_utf8_lossy(e.local_name().as_ref()).into_owned()
}

/// The text of a predefined or character entity reference.
fn entity(name: &str) -> Option<String> {
    Some(match name {
        "amp" => "&".into(),
        "lt" => "<".into(),
        "gt" => ">".into(),
        "quot" => "\"".into(),
        "apos" => "'".into(),
        _ => {
            let num = name.strip_prefix('#')?;
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            char::from_u32(code)?.to_string()
        }
    })
}

/// `word/_rels/document.xml.rels`: (type's last word, target) in order.
fn relationships(xml: &str) -> Result<Vec<(String, String)>, LoadError> {
    let mut r = reader(xml);
    let mut out = Vec::new();
    loop {
        match r.read_event().map_err(xml_error)? {
            Event::DocType(_) => return Err(dtd_error()),
            Event::Start(e) | Event::Empty(e) if local(&e) == "Relationship" => {
                // External targets (a linked template, a web address) are never followed.
                if attr(&e, "TargetMode").as_deref() == Some("External") {
                    continue;
                }
                let kind = attr(&e, "Type").unwrap_or_default();
                let kind = kind.rsplit('/').next().unwrap_or("").to_string();
                if let Some(target) = attr(&e, "Target") {
                    out.push((kind, target));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

/// A style's properties that matter here.
#[derive(Clone, Debug, Default)]
struct Style {
    name: String,
    based_on: Option<String>,
    outline: Option<u8>,
    half_points: Option<u32>,
    bold: Option<bool>,
}

/// `word/styles.xml`: styles by id, and the document's default run size.
#[derive(Debug, Default)]
struct Styles {
    by_id: HashMap<String, Style>,
    default_half_points: Option<u32>,
}

impl Styles {
    fn parse(xml: &str) -> Result<Styles, LoadError> {
        let mut r = reader(xml);
        let mut out = Styles::default();
        let mut cur: Option<(String, Style)> = None;
        let mut in_defaults = false;
        let mut in_ppr_change = 0usize;
        loop {
            let ev = r.read_event().map_err(xml_error)?;
            let (e, start) = match &ev {
                Event::DocType(_) => return Err(dtd_error()),
                Event::Eof => break,
                Event::Start(e) => (e, true),
                Event::Empty(e) => (e, false),
                Event::End(e) => {
                    match e.local_name().as_ref() {
                        b"style" => {
                            if let Some((id, s)) = cur.take() {
                                out.by_id.insert(id, s);
                            }
                        }
                        b"rPrDefault" => in_defaults = false,
                        b"rPrChange" | b"pPrChange" => {
                            in_ppr_change = in_ppr_change.saturating_sub(1)
                        }
                        _ => {}
                    }
                    continue;
                }
                _ => continue,
            };
            match local(e).as_str() {
                "style" => {
                    let id = attr(e, "styleId").unwrap_or_default();
                    cur = Some((id, Style::default()));
                }
                "rPrDefault" if start => in_defaults = true,
                "rPrChange" | "pPrChange" if start => in_ppr_change += 1,
                _ if in_ppr_change > 0 => {}
                "name" => {
                    if let Some((_, s)) = &mut cur {
                        s.name = attr(e, "val").unwrap_or_default();
                    }
                }
                "basedOn" => {
                    if let Some((_, s)) = &mut cur {
                        s.based_on = attr(e, "val");
                    }
                }
                "outlineLvl" => {
                    if let Some((_, s)) = &mut cur {
                        s.outline = attr(e, "val").and_then(|v| v.parse().ok());
                    }
                }
                "sz" => {
                    let v = attr(e, "val").and_then(|v| v.parse().ok());
                    if let Some((_, s)) = &mut cur {
                        s.half_points = v;
                    } else if in_defaults {
                        out.default_half_points = v;
                    }
                }
                "b" => {
                    if let Some((_, s)) = &mut cur {
                        s.bold = Some(on(e));
                    }
                }
                _ => {}
            }
        }
        Ok(out)
    }

    /// A property of style `id`, looked up through the styles it is based on.
    fn inherit<T>(&self, id: &str, get: impl Fn(&Style) -> Option<T>) -> Option<T> {
        let mut id = id;
        for _ in 0..32 {
            let s = self.by_id.get(id)?;
            if let Some(v) = get(s) {
                return Some(v);
            }
            id = s.based_on.as_deref()?;
        }
        None
    }

    /// The heading level a paragraph style gives, if any.
    fn heading_level(&self, id: &str) -> Option<u8> {
        let name = self
            .by_id
            .get(id)
            .map_or(id.to_string(), |s| s.name.clone())
            .to_ascii_lowercase()
            .replace(' ', "");
        if name == "title" {
            return Some(1);
        }
        if let Some(n) = name.strip_prefix("heading") {
            if let Ok(n) = n.parse::<u8>() {
                return Some(n.clamp(1, 6));
            }
        }
        self.inherit(id, |s| s.outline)
            .filter(|&o| o < 9)
            .map(|o| (o + 1).min(6))
    }
}

/// `word/comments.xml`: each comment's (author, text) by id.
fn comment_texts(xml: &str) -> Result<HashMap<String, (String, String)>, LoadError> {
    let mut r = reader(xml);
    let mut out = HashMap::new();
    let mut cur: Option<(String, String, String)> = None;
    let mut in_text = false;
    loop {
        match r.read_event().map_err(xml_error)? {
            Event::DocType(_) => return Err(dtd_error()),
            Event::Eof => break,
            Event::Start(e) => match local(&e).as_str() {
                "comment" => {
                    cur = Some((
                        attr(&e, "id").unwrap_or_default(),
                        attr(&e, "author").unwrap_or_default(),
                        String::new(),
                    ))
                }
                "t" => in_text = true,
                "p" => {
                    if let Some((_, _, t)) = &mut cur {
                        if !t.is_empty() {
                            t.push(' ');
                        }
                    }
                }
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                b"comment" => {
                    if let Some((id, author, text)) = cur.take() {
                        out.insert(id, (author, text.trim().to_string()));
                    }
                }
                b"t" => in_text = false,
                _ => {}
            },
            Event::Text(t) if in_text => {
                if let Some((_, _, text)) = &mut cur {
                    text.push_str(&t.decode().map_err(xml_error)?);
                }
            }
            Event::GeneralRef(g) if in_text => {
                if let Some((_, _, text)) = &mut cur {
                    let name = g.decode().map_err(xml_error)?;
                    text.push_str(&entity(&name).unwrap_or_default());
                }
            }
            _ => {}
        }
    }
    Ok(out)
}

/// A run of text in a paragraph being read.
struct Run {
    /// Range in the text view.
    span: Span,
    bold: bool,
    half_points: u32,
}

/// A paragraph being read.
#[derive(Default)]
struct Para {
    style: Option<String>,
    outline: Option<u8>,
    /// Where its text starts in the text view.
    start: usize,
    runs: Vec<Run>,
    /// Bold, size and hidden state of the run being read.
    run_bold: Option<bool>,
    run_half_points: Option<u32>,
    run_style: Option<String>,
    run_hidden: bool,
}

/// A tracked change or comment whose end is not yet read.
struct Open {
    kind: FeatureKind,
    start: usize,
    detail: String,
    /// Deleted text, for a deletion's `{match}`.
    deleted: String,
}

/// What is read of one part so far, kept between its XML events.
struct PartState {
    kind: PartKind,
    /// Paragraphs open, innermost last (a text box's paragraph lies inside another).
    stack: Vec<Para>,
    // Inside these, text is not shown: deleted text, hidden runs, field
    // instructions, Word's fallback copy of a drawing, a footnote
    // separator, a property block.
    deleted: usize,
    fallback: usize,
    props: usize,
    in_text: bool,
    in_instr: bool,
    depth: usize,
    open: Vec<Open>,
    comment_starts: HashMap<String, usize>,
    /// Complex fields: (instruction, result start) per nesting level.
    fields: Vec<(String, Option<usize>)>,
    /// Simple fields and content controls showing placeholder text.
    simple: Vec<(Option<String>, usize)>,
    sdt: Vec<(bool, usize)>,
    skip_note: usize,
}

impl PartState {
    /// Nothing read yet of a part of this kind.
    fn new(kind: PartKind) -> Self {
        PartState {
            kind,
            stack: Vec::new(),
            deleted: 0,
            fallback: 0,
            props: 0,
            in_text: false,
            in_instr: false,
            depth: 0,
            open: Vec::new(),
            comment_starts: HashMap::new(),
            fields: Vec::new(),
            simple: Vec::new(),
            sdt: Vec::new(),
            skip_note: 0,
        }
    }
}

/// The state of the text view being written.
struct Writer<'s> {
    styles: &'s Styles,
    comments: &'s HashMap<String, (String, String)>,
    view: String,
    /// Paragraphs as (view start, view end, heading level, all bold).
    paragraphs: Vec<(usize, usize, Option<u8>, bool)>,
    runs: Vec<TypeRun>,
    features: Vec<Feature>,
    directives: Vec<Comment>,
    warnings: Vec<ReadWarning>,
}

fn build(
    path: &Path,
    parts: &[(PartKind, &str)],
    styles: &Styles,
    comments: &HashMap<String, (String, String)>,
) -> Result<Document, LoadError> {
    let mut w = Writer {
        styles,
        comments,
        view: String::new(),
        paragraphs: Vec::new(),
        runs: Vec::new(),
        features: Vec::new(),
        directives: Vec::new(),
        warnings: Vec::new(),
    };
    for (kind, xml) in parts {
        w.part(*kind, xml)?;
    }
    w.review_notes();
    let Writer {
        view,
        paragraphs,
        runs,
        features,
        directives,
        warnings,
        ..
    } = w;
    let source = Arc::new(SourceFile::new(path, view));
    let mut flow = Flow::new(&source.text);
    // A paragraph inside another (a text box) is recorded before the one
    // around it, and lies inside its range: in view order, each piece of
    // text is read once, with the outer paragraph.
    let mut paragraphs = paragraphs;
    paragraphs.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    let mut starts = Vec::with_capacity(paragraphs.len());
    let mut covered = 0;
    for &(start, end, level, bold) in &paragraphs {
        starts.push(start);
        let start = start.max(covered);
        if start >= end {
            continue;
        }
        covered = end;
        let text = &source.text[start..end];
        if text.trim().is_empty() {
            continue;
        }
        let mut at = start;
        for (k, line) in text.split('\n').enumerate() {
            if k > 0 {
                flow.line_break();
            }
            flow.text(line, Span::new(at, at + line.len()));
            at += line.len() + 1;
        }
        match level {
            Some(level) => flow.end_heading(level, HeadingKind::Markup),
            None => match flow.take_block() {
                Some(span) if bold && short_enough(&flow.plain[span.range()]) => {
                    flow.heading(span, 6, HeadingKind::Emphasis)
                }
                Some(span) => flow.blocks.push(super::Block { plain: span }),
                None => {}
            },
        }
    }
    let (plain, map, headings, blocks) = flow.finish();
    Ok(Document {
        source,
        format: DocFormat::Docx,
        plain,
        map,
        headings,
        run_ins: Vec::new(),
        blocks,
        comments: directives,
        front_matter: None,
        layout: Layout {
            features,
            type_sizes: Some(runs),
            paragraphs: starts,
        },
        warnings,
    }
    .finish())
}

impl Writer<'_> {
    /// Reads one part's paragraphs into the text view.
    fn part(&mut self, kind: PartKind, xml: &str) -> Result<(), LoadError> {
        let mut r = reader(xml);
        let mut st = PartState::new(kind);
        loop {
            let ev = r.read_event().map_err(xml_error)?;
            match ev {
                Event::DocType(_) => return Err(dtd_error()),
                Event::Eof => break,
                Event::Start(e) => self.start_element(&mut st, &e)?,
                Event::Empty(e) => self.empty_element(&mut st, &e),
                Event::End(e) => {
                    let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                    self.end_element(&mut st, &name);
                }
                Event::Text(t) => {
                    let s = t.decode().map_err(xml_error)?;
                    self.text_event(&s, &mut st);
                }
                Event::GeneralRef(g) => {
                    let name = g.decode().map_err(xml_error)?;
                    let Some(s) = entity(&name) else {
                        return Err(LoadError::new(
                            "docx",
                            format!(
                                "the Word file's XML refers to an entity `&{name};` that XML does not define; breachlint reads no entity definitions"
                            ),
                        ));
                    };
                    self.text_event(&s, &mut st);
                }
                _ => {}
            }
        }
        // Comments whose reference never came.
        let mut left: Vec<(String, usize)> = st.comment_starts.into_iter().collect();
        left.sort_by_key(|(_, at)| *at);
        for (id, start) in left {
            self.comment(&id, start);
        }
        Ok(())
    }

    /// Handles an element's start tag (`<w:x>`, with content to follow).
    fn start_element(&mut self, st: &mut PartState, e: &BytesStart<'_>) -> Result<(), LoadError> {
        st.depth += 1;
        if st.depth > MAX_DEPTH {
            return Err(LoadError::new(
                "docx",
                format!(
                    "the Word file's XML nests deeper than {MAX_DEPTH} elements; it is not read"
                ),
            ));
        }
        let name = local(e);
        self.start(&name, e, &mut st.stack);
        match name.as_str() {
            "p" => self.start_paragraph(st)?,
            "pPr" | "rPr" | "sdtPr" => st.props += 1,
            "rPrChange" | "pPrChange" => {
                self.formatting_change(e);
                // What follows is the old formatting.
                st.props += 1;
            }
            "r" => {
                if let Some(p) = st.stack.last_mut() {
                    p.run_bold = None;
                    p.run_half_points = None;
                    p.run_style = None;
                    p.run_hidden = false;
                }
            }
            "ins" | "moveTo" | "del" | "moveFrom" if st.props == 0 => {
                self.open_change(st, &name, e);
            }
            "Fallback" => st.fallback += 1,
            "t" | "delText" => st.in_text = true,
            "instrText" => st.in_instr = true,
            "fldSimple" => {
                let instr = attr(e, "instr").unwrap_or_default();
                st.simple.push((merge_field(&instr), self.view.len()));
            }
            "sdt" => st.sdt.push((false, self.view.len())),
            "footnote" | "endnote" => {
                // Separators and continuation marks are not notes.
                st.skip_note = usize::from(attr(e, "type").is_some_and(|t| t != "normal"));
            }
            _ => {}
        }
        Ok(())
    }

    /// Opens a paragraph at `<w:p>`, refusing a file with too many.
    fn start_paragraph(&mut self, st: &mut PartState) -> Result<(), LoadError> {
        if self.paragraphs.len() + st.stack.len() >= MAX_PARAGRAPHS {
            return Err(LoadError::new(
                "too-large",
                format!("the Word file has more than {MAX_PARAGRAPHS} paragraphs; it is not read"),
            ));
        }
        // A paragraph inside another (a text box) is
        // written out before the rest of the outer one.
        if let Some(outer) = st.stack.last_mut() {
            outer.start = outer.start.min(self.view.len());
        }
        self.new_line();
        st.stack.push(Para {
            start: self.view.len(),
            ..Default::default()
        });
        Ok(())
    }

    /// Records a formatting change (`<w:rPrChange>`, `<w:pPrChange>`) at the current point.
    fn formatting_change(&mut self, e: &BytesStart<'_>) {
        self.features.push(Feature {
            kind: FeatureKind::TrackedChange,
            span: Span::point(self.view.len()),
            text: String::new(),
            detail: change("formatting change", e),
        });
    }

    /// Opens a tracked insertion, deletion or move, closed by [`Self::close_change`].
    fn open_change(&mut self, st: &mut PartState, name: &str, e: &BytesStart<'_>) {
        let what = match name {
            "ins" => "insertion",
            "moveTo" => "moved text",
            "del" => "deletion",
            _ => "text moved away",
        };
        if matches!(name, "del" | "moveFrom") {
            st.deleted += 1;
        }
        st.open.push(Open {
            kind: FeatureKind::TrackedChange,
            start: self.view.len(),
            detail: change(what, e),
            deleted: String::new(),
        });
    }

    /// Handles an empty element (`<w:x/>`): breaks, tabs, field characters,
    /// comment marks, placeholders and changes to a paragraph mark.
    fn empty_element(&mut self, st: &mut PartState, e: &BytesStart<'_>) {
        let name = local(e);
        self.start(&name, e, &mut st.stack);
        let hidden = st.deleted > 0 || st.fallback > 0 || st.skip_note > 0;
        match name.as_str() {
            // An empty paragraph is a paragraph (and a line) all the same.
            "p" => {
                self.new_line();
                self.end_paragraph(
                    Para {
                        start: self.view.len(),
                        ..Default::default()
                    },
                    st.kind,
                );
            }
            "tab" if st.props == 0 && !hidden => self.push_text("\t", &mut st.stack),
            "br" | "cr"
                if st.props == 0 && !hidden && st.stack.last().is_some_and(|p| !p.run_hidden) =>
            {
                self.view.push('\n');
            }
            "noBreakHyphen" if !hidden => self.push_text("-", &mut st.stack),
            "showingPlcHdr" => {
                if let Some(s) = st.sdt.last_mut() {
                    s.0 = true;
                }
            }
            "rPrChange" | "pPrChange" => self.formatting_change(e),
            "fldChar" => self.field_char(st, e),
            "commentRangeStart" => {
                if let Some(id) = attr(e, "id") {
                    st.comment_starts.insert(id, self.view.len());
                }
            }
            "commentReference" => {
                if let Some(id) = attr(e, "id") {
                    let start = st.comment_starts.remove(&id).unwrap_or(self.view.len());
                    self.comment(&id, start);
                }
            }
            "ins" | "del" | "moveTo" | "moveFrom" if st.props == 0 => {
                // An empty change (a paragraph mark).
                self.features.push(Feature {
                    kind: FeatureKind::TrackedChange,
                    span: Span::point(self.view.len()),
                    text: String::new(),
                    detail: change(
                        if matches!(name.as_str(), "del" | "moveFrom") {
                            "deleted paragraph mark"
                        } else {
                            "inserted paragraph mark"
                        },
                        e,
                    ),
                });
            }
            _ => {}
        }
    }

    /// Handles `<w:fldChar>`, which begins, separates (instruction from
    /// result) or ends a complex field.
    fn field_char(&mut self, st: &mut PartState, e: &BytesStart<'_>) {
        match attr(e, "fldCharType").as_deref() {
            Some("begin") => st.fields.push((String::new(), None)),
            Some("separate") => {
                if let Some(f) = st.fields.last_mut() {
                    f.1 = Some(self.view.len());
                }
            }
            Some("end") => {
                if let Some((instr, result)) = st.fields.pop() {
                    let start = result.unwrap_or(self.view.len());
                    if let Some(name) = merge_field(&instr) {
                        self.merge_feature(name, start);
                    }
                }
            }
            _ => {}
        }
    }

    /// Handles an element's end tag, closing what its start opened.
    fn end_element(&mut self, st: &mut PartState, name: &str) {
        st.depth = st.depth.saturating_sub(1);
        match name {
            "p" => {
                if let Some(p) = st.stack.pop() {
                    self.end_paragraph(p, st.kind);
                }
            }
            "pPr" | "rPr" | "sdtPr" | "rPrChange" | "pPrChange" => {
                st.props = st.props.saturating_sub(1)
            }
            "ins" | "moveTo" | "del" | "moveFrom" if st.props == 0 => {
                self.close_change(st, name);
            }
            "Fallback" => st.fallback = st.fallback.saturating_sub(1),
            "t" | "delText" => st.in_text = false,
            "instrText" => st.in_instr = false,
            "fldSimple" => {
                if let Some((Some(name), start)) = st.simple.pop() {
                    self.merge_feature(name, start);
                }
            }
            "sdt" => {
                if let Some((true, start)) = st.sdt.pop() {
                    let end = self.view.len();
                    let text = self.view[start.min(end)..end].trim().to_string();
                    self.features.push(Feature {
                        kind: FeatureKind::MergeField,
                        span: Span::new(start.min(end), end),
                        text: quote(&text),
                        detail: "a content control still shows its placeholder text".into(),
                    });
                }
            }
            "footnote" | "endnote" => st.skip_note = 0,
            _ => {}
        }
    }

    /// Closes the tracked change opened by [`Self::open_change`] and records it,
    /// quoting the text inserted or, for a deletion, the text taken out.
    fn close_change(&mut self, st: &mut PartState, name: &str) {
        if matches!(name, "del" | "moveFrom") {
            st.deleted = st.deleted.saturating_sub(1);
        }
        if let Some(o) = st.open.pop() {
            let end = self.view.len();
            let text = if o.deleted.is_empty() {
                self.view[o.start.min(end)..end].trim().to_string()
            } else {
                o.deleted.trim().to_string()
            };
            self.features.push(Feature {
                kind: o.kind,
                span: Span::new(o.start.min(end), end),
                text: quote(&text),
                detail: o.detail,
            });
        }
    }

    /// Handles character data: a field instruction, deleted text kept for
    /// its change's quote, or text shown in the view.
    fn text_event(&mut self, s: &str, st: &mut PartState) {
        if st.in_instr {
            if let Some(f) = st.fields.last_mut() {
                if f.0.len() < 1024 {
                    f.0.push_str(s);
                }
            }
            return;
        }
        if !st.in_text || st.fallback + st.skip_note > 0 {
            return;
        }
        // Field codes show their result, not the instruction.
        if st.fields.last().is_some_and(|f| f.1.is_none()) {
            return;
        }
        if st.deleted > 0 {
            if let Some(o) = st.open.last_mut() {
                if o.deleted.len() < 256 {
                    o.deleted.push_str(s);
                }
            }
            return;
        }
        self.push_text(s, &mut st.stack);
    }

    /// Properties read at an element's start: paragraph and run styles, sizes, bold.
    fn start(&mut self, name: &str, e: &BytesStart<'_>, stack: &mut [Para]) {
        let Some(p) = stack.last_mut() else {
            return;
        };
        match name {
            "pStyle" => p.style = attr(e, "val"),
            "outlineLvl" => p.outline = attr(e, "val").and_then(|v| v.parse().ok()),
            "rStyle" => p.run_style = attr(e, "val"),
            "sz" => p.run_half_points = attr(e, "val").and_then(|v| v.parse().ok()),
            "b" => p.run_bold = Some(on(e)),
            "vanish" => p.run_hidden = on(e),
            _ => {}
        }
    }

    /// Appends visible text of the current run.
    fn push_text(&mut self, s: &str, stack: &mut [Para]) {
        let Some(p) = stack.last_mut() else {
            return;
        };
        if p.run_hidden || s.is_empty() {
            return;
        }
        // Line breaks in the text view belong to paragraphs and `w:br`.
        let clean: String = s
            .chars()
            .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
            .collect();
        let start = self.view.len();
        self.view.push_str(&clean);
        let styles = self.styles;
        let para_style = p.style.clone();
        let half_points = p
            .run_half_points
            .or_else(|| {
                p.run_style
                    .as_deref()
                    .and_then(|id| styles.inherit(id, |s| s.half_points))
            })
            .or_else(|| {
                para_style
                    .as_deref()
                    .and_then(|id| styles.inherit(id, |s| s.half_points))
            })
            .or(styles.default_half_points)
            .unwrap_or(DEFAULT_HALF_POINTS);
        let bold = p
            .run_bold
            .or_else(|| {
                p.run_style
                    .as_deref()
                    .and_then(|id| styles.inherit(id, |s| s.bold))
            })
            .or_else(|| {
                para_style
                    .as_deref()
                    .and_then(|id| styles.inherit(id, |s| s.bold))
            })
            .unwrap_or(false);
        let span = Span::new(start, self.view.len());
        if !clean.trim().is_empty() {
            p.runs.push(Run {
                span,
                bold,
                half_points,
            });
        }
    }

    /// Ends the text view with the review notes: each comment's and each
    /// tracked change's description, author and words, a line each, after
    /// the document's own text (no rule reads them as the letter's text).
    /// Findings quote them, so they must be in the source `--redact` masks.
    fn review_notes(&mut self) {
        let notes: Vec<String> = self
            .features
            .iter()
            .filter(|f| matches!(f.kind, FeatureKind::Comment | FeatureKind::TrackedChange))
            .map(|f| format!("[{}] {}", f.detail, f.text))
            .collect();
        if notes.is_empty() {
            return;
        }
        self.new_line();
        self.view.push_str("\n[review notes]\n");
        for n in notes {
            self.view.push_str(&n.replace('\n', " "));
            self.view.push('\n');
        }
    }

    /// Starts a new line in the view, unless it already is at one.
    fn new_line(&mut self) {
        if !self.view.is_empty() && !self.view.ends_with('\n') {
            self.view.push('\n');
        }
    }

    fn end_paragraph(&mut self, p: Para, kind: PartKind) {
        let end = self.view.len();
        let start = p.start.min(end);
        let level = if kind == PartKind::Body {
            p.style
                .as_deref()
                .and_then(|s| self.styles.heading_level(s))
                .or_else(|| p.outline.filter(|&o| o < 9).map(|o| (o + 1).min(6)))
        } else {
            None
        };
        let bold = !p.runs.is_empty() && p.runs.iter().all(|r| r.bold);
        for r in &p.runs {
            self.runs.push(TypeRun {
                points: r.half_points as f32 / 2.0,
                bold: r.bold,
                span: r.span,
            });
        }
        self.paragraphs.push((start, end, level, bold));
        self.view.push('\n');
    }

    fn merge_feature(&mut self, name: String, start: usize) {
        let end = self.view.len();
        self.features.push(Feature {
            kind: FeatureKind::MergeField,
            span: Span::new(start.min(end), end),
            text: format!("«{name}»"),
            detail: format!("the mail-merge field {name} was never merged"),
        });
    }

    fn comment(&mut self, id: &str, start: usize) {
        let end = self.view.len().max(start);
        let (author, body) = self.comments.get(id).cloned().unwrap_or_default();
        if body.starts_with("breachlint-") {
            // A suppression directive: `disable-next-line` covers the
            // paragraph the comment is attached to, so it stands at the
            // end of the line before.
            let line_start = self.view[..start].rfind('\n').map_or(0, |i| i + 1);
            let at = line_start.saturating_sub(1);
            self.directives.push(Comment {
                body,
                span: Span::point(at),
            });
            return;
        }
        let text = self.view[start.min(end)..end].trim().to_string();
        self.features.push(Feature {
            kind: FeatureKind::Comment,
            span: Span::new(start.min(end), end),
            text: quote(&text),
            detail: if author.is_empty() {
                format!("a comment: “{}”", quote(&body))
            } else {
                format!("a comment by {author}: “{}”", quote(&body))
            },
        });
    }
}

/// "an insertion by J. Smith on 2026-01-02".
fn change(what: &str, e: &BytesStart<'_>) -> String {
    let mut s = what.to_string();
    if let Some(a) = attr(e, "author").filter(|a| !a.trim().is_empty()) {
        s.push_str(&format!(" by {}", a.trim()));
    }
    if let Some(d) = attr(e, "date") {
        if let Some(day) = d.get(..10) {
            s.push_str(&format!(" on {day}"));
        }
    }
    s
}

/// The field name of a `MERGEFIELD` instruction.
fn merge_field(instr: &str) -> Option<String> {
    let mut words = instr.split_whitespace();
    if !words.next()?.eq_ignore_ascii_case("MERGEFIELD") {
        return None;
    }
    let name = words.next().unwrap_or("").trim_matches('"');
    Some(if name.is_empty() {
        "(unnamed)".into()
    } else {
        name.to_string()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(body: &str) -> Document {
        from_body_xml(Path::new("n.docx"), body).unwrap()
    }

    fn p(style: &str, text: &str) -> String {
        let ppr = if style.is_empty() {
            String::new()
        } else {
            format!("<w:pPr><w:pStyle w:val=\"{style}\"/></w:pPr>")
        };
        format!("<w:p>{ppr}<w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>")
    }

    #[test]
    fn headings_from_styles_and_bold_paragraphs() {
        let d = doc(&[
            p("Title", "Notice of Data Breach"),
            p("Heading2", "What Happened?"),
            p("", "A box of files went missing."),
            "<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>What We Are Doing</w:t></w:r></w:p>".into(),
            "<w:p><w:pPr><w:outlineLvl w:val=\"2\"/></w:pPr><w:r><w:t>Other Steps</w:t></w:r></w:p>"
                .into(),
        ]
        .concat());
        let heads: Vec<(u8, &str)> = d
            .headings
            .iter()
            .map(|h| (h.level, h.text.as_str()))
            .collect();
        assert_eq!(
            heads,
            [
                (1, "notice of data breach"),
                (2, "what happened"),
                (6, "what we are doing"),
                (3, "other steps")
            ]
        );
        assert_eq!(
            d.source.text,
            "Notice of Data Breach\nWhat Happened?\nA box of files went missing.\nWhat We Are Doing\nOther Steps\n"
        );
        assert_eq!(d.layout.paragraphs, [0, 22, 37, 66, 84]);
        assert_eq!(d.layout.place_of(40).as_deref(), Some("paragraph 3"));
    }

    #[test]
    fn hidden_deleted_and_fallback_text_is_left_out() {
        let d = doc("<w:p><w:r><w:t>Seen</w:t></w:r>\
             <w:r><w:rPr><w:vanish/></w:rPr><w:t>hidden</w:t></w:r>\
             <w:del w:author=\"A\"><w:r><w:delText>gone</w:delText></w:r></w:del>\
             <w:r><mc:AlternateContent><mc:Choice><w:drawing><w:txbxContent><w:p><w:r><w:t>Box</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice>\
             <mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>Box</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r>\
             <w:r><w:tab/><w:t>text</w:t><w:br/><w:t>next &amp; last</w:t></w:r></w:p>");
        assert_eq!(d.plain.matches("Box").count(), 1, "{}", d.plain);
        assert!(!d.plain.contains("hidden") && !d.plain.contains("gone"));
        assert!(
            d.plain.contains("Seen") && d.plain.contains("next & last"),
            "{}",
            d.plain
        );
        let change = &d.layout.features[0];
        assert_eq!(change.kind, FeatureKind::TrackedChange);
        assert_eq!(change.text, "gone");
        assert_eq!(change.detail, "deletion by A");
    }

    #[test]
    fn type_sizes_resolve_through_styles() {
        let styles = Styles::parse(
            "<w:styles xmlns:w=\"w\"><w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val=\"24\"/></w:rPr></w:rPrDefault></w:docDefaults>\
             <w:style w:styleId=\"Small\"><w:name w:val=\"Small\"/><w:rPr><w:sz w:val=\"16\"/></w:rPr></w:style>\
             <w:style w:styleId=\"Smaller\"><w:name w:val=\"Smaller\"/><w:basedOn w:val=\"Small\"/></w:style></w:styles>",
        )
        .unwrap();
        let xml = format!(
            "<w:document xmlns:w=\"w\"><w:body>{}{}<w:p><w:r><w:rPr><w:sz w:val=\"30\"/></w:rPr><w:t>big</w:t></w:r></w:p></w:body></w:document>",
            p("", "default"),
            p("Smaller", "small")
        );
        let d = build(
            Path::new("n.docx"),
            &[(PartKind::Body, xml.as_str())],
            &styles,
            &HashMap::new(),
        )
        .unwrap();
        let sizes: Vec<f32> = d
            .layout
            .type_sizes
            .unwrap()
            .iter()
            .map(|r| r.points)
            .collect();
        assert_eq!(sizes, [12.0, 8.0, 15.0]);
    }

    #[test]
    fn dtds_and_unknown_entities_are_refused() {
        let e = from_body_xml(
            Path::new("n.docx"),
            "<w:p><w:r><w:t>&lol;</w:t></w:r></w:p>",
        )
        .unwrap_err();
        assert!(e.message.contains("entity"), "{e:?}");
        let e = build(
            Path::new("n.docx"),
            &[(PartKind::Body, "<!DOCTYPE x [<!ENTITY a \"b\">]><x/>")],
            &Styles::default(),
            &HashMap::new(),
        )
        .unwrap_err();
        assert!(e.message.contains("DTD"), "{e:?}");
    }
}
