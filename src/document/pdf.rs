//! PDF notices.
//!
//! The text comes from pdf-extract, glyph by glyph with its place on the
//! page and its type size; lopdf (under it) parses the file. What makes
//! the lines and paragraphs of the letter from those glyphs is here: a
//! glyph that moves down and back to the left starts a new line, a gap
//! between glyphs is a space, and a gap between lines larger than the
//! document's line pitch, a change of type size or weight, or a list
//! bullet starts a new paragraph. A word broken by a hyphen at the end of
//! a line ("notifi-" / "cation") is joined again.
//!
//! The source that findings point into is a text view made here: each
//! line of each page as extracted, in the order the file draws them.
//! The file records where each page starts, so positions are given as
//! page and line ("p3:12") as well as the line of the whole view.
//!
//! Headings come from type: a short paragraph set larger than the body
//! text is a heading, the largest size being level 1; a short paragraph
//! wholly in bold is one too, as in Word. A PDF that shows no size or
//! weight difference falls back on the plain-text reader's short
//! stand-alone lines.
//!
//! A PDF is a program for a viewer, and a hostile one can claim a million
//! pages, loop its object tree or pack gigabytes into a stream. Before
//! any text is extracted the file is checked against caps (size, objects,
//! pages, inflated bytes, work per page) and the page tree for cycles;
//! the extraction itself runs under `catch_unwind`, as the crates panic
//! on some damaged files. Encrypted files are refused: nothing is
//! decrypted.

use std::cell::{Cell, RefCell};
use std::collections::HashSet;
use std::io::Read;
use std::panic::{self, AssertUnwindSafe};
use std::path::Path;
use std::sync::{Arc, Once};

use lopdf::{Dictionary, Object, ObjectId};
use pdf_extract::{MediaBox, OutputDev, OutputError, Transform};

use super::flow::{Flow, short_enough};
use super::{Block, DocFormat, Document, HeadingKind, Layout, LoadError, TypeRun};
use crate::source::SourceFile;
use crate::span::Span;

/// Largest PDF read, in bytes. A letter with its fonts and a logo is well
/// under a few megabytes.
pub const MAX_FILE_BYTES: usize = 32 << 20;
/// Most objects a file may hold.
pub const MAX_OBJECTS: usize = 200_000;
/// Most pages read.
pub const MAX_PAGES: usize = 1_000;
/// Largest stream, once inflated.
pub const MAX_STREAM_BYTES: u64 = 32 << 20;
/// Most bytes inflated from one file, all streams together.
pub const MAX_INFLATED_BYTES: u64 = 128 << 20;
/// Most bytes of content and fonts read for all pages together (a stream
/// drawn on every page counts on every page).
pub const MAX_PAGE_WORK: u64 = 256 << 20;
/// Most glyphs extracted.
pub const MAX_GLYPHS: usize = 4_000_000;
/// Largest type size kept, in points (a page is at most 14,400 wide).
const MAX_POINTS: f64 = 14_400.0;
/// Deepest page tree walked up from a page.
const MAX_TREE_DEPTH: usize = 64;

/// Reads a `.pdf` file.
pub fn read(path: &Path, bytes: &[u8]) -> Result<Document, LoadError> {
    let doc = open(bytes)?;
    let pages = extract(&doc)?;
    let glyphs: usize = pages.iter().flatten().map(|l| l.runs.len()).sum();
    if glyphs == 0 {
        return Err(no_text(LOAD.with_borrow(|s| s.images)));
    }
    Ok(build(path, pages))
}

fn damaged(what: impl std::fmt::Display) -> LoadError {
    LoadError::new(
        "pdf",
        format!(
            "not a readable PDF ({what}); open it in a PDF viewer and save or print it to a new PDF, or lint the file it was made from"
        ),
    )
}

fn too_large(what: impl std::fmt::Display) -> LoadError {
    LoadError::new(
        "too-large",
        format!("{what}; the file is not read (a letter is far smaller)"),
    )
}

fn no_text(images: usize) -> LoadError {
    let what = if images > 0 {
        format!(
            "its pages hold {images} image{} and no text, as a scan does",
            if images == 1 { "" } else { "s" }
        )
    } else {
        "its pages hold no text".to_string()
    };
    LoadError::new(
        "no-text",
        format!(
            "no text layer: {what}; OCR is not done by breachlint: run OCR on the PDF first (for example with ocrmypdf) or lint the file it was made from"
        ),
    )
}

/// Checks the bytes and loads the object tree, under the caps.
fn open(bytes: &[u8]) -> Result<lopdf::Document, LoadError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(too_large(format!(
            "the PDF is {} bytes, more than the limit of {MAX_FILE_BYTES}",
            bytes.len()
        )));
    }
    if !bytes[..bytes.len().min(1024)]
        .windows(5)
        .any(|w| w == b"%PDF-")
    {
        return Err(damaged("it does not start with the %PDF- signature"));
    }
    if encrypted(bytes) {
        return Err(LoadError::new(
            "pdf",
            "the PDF is encrypted (password-protected, or locked against copying); breachlint does not decrypt PDFs: save or print an unprotected copy, or lint the file it was made from",
        ));
    }
    check_xref_streams(bytes)?;
    LOAD.with_borrow_mut(|s| *s = LoadState::default());
    let loaded = guarded(|| {
        lopdf::Document::load_mem_with_options(bytes, lopdf::LoadOptions::with_filter(admit))
    });
    let state = LOAD.with_borrow(|s| s.clone());
    if let Some(e) = state.error {
        return Err(e);
    }
    let doc = loaded?.map_err(damaged)?;
    check_pages(&doc)?;
    Ok(doc)
}

/// Whether the file's trailer names an encryption dictionary. Trailers
/// (and cross-reference stream dictionaries, which hold the same keys)
/// are never compressed, so the name is found in the bytes.
fn encrypted(bytes: &[u8]) -> bool {
    let key = b"/Encrypt";
    // The name ends there ("/EncryptMetadata" is another key).
    bytes.windows(key.len()).enumerate().any(|(i, w)| {
        w == key
            && bytes.get(i + key.len()).is_none_or(|c| {
                !c.is_ascii_alphanumeric() && !matches!(c, b'_' | b'-' | b'.' | b'#')
            })
    })
}

/// Cross-reference streams are inflated by the parser before any object
/// is read, out of reach of [`admit`]: their sizes are checked here.
fn check_xref_streams(bytes: &[u8]) -> Result<(), LoadError> {
    let mut at = 0;
    let mut total = 0;
    while let Some(k) = find(&bytes[at..], b"/XRef") {
        let from = at + k + 5;
        at = from;
        let Some(s) = find(&bytes[from..], b"stream") else {
            break;
        };
        let mut data = from + s + 6;
        if bytes.get(data) == Some(&b'\r') {
            data += 1;
        }
        if bytes.get(data) == Some(&b'\n') {
            data += 1;
        }
        let n = inflated_len(&bytes[data..], MAX_STREAM_BYTES + 1);
        total += n;
        if n > MAX_STREAM_BYTES || total > MAX_INFLATED_BYTES {
            return Err(too_large(format!(
                "a cross-reference stream inflates to more than {MAX_STREAM_BYTES} bytes"
            )));
        }
    }
    Ok(())
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// How many bytes `data` inflates to, counting no further than `cap`: as
/// zlib, else (as lopdf retries) as raw deflate after the two header bytes.
fn inflated_len(data: &[u8], cap: u64) -> u64 {
    fn count(r: impl Read, cap: u64) -> u64 {
        let mut r = r.take(cap);
        let mut buf = [0u8; 16 << 10];
        let mut n = 0;
        while let Ok(k) = r.read(&mut buf) {
            if k == 0 {
                break;
            }
            n += k as u64;
        }
        n
    }
    let n = count(flate2::read::ZlibDecoder::new(data), cap);
    if n == 0 && data.len() > 2 {
        count(flate2::read::DeflateDecoder::new(&data[2..]), cap)
    } else {
        n
    }
}

/// What [`admit`] saw while lopdf loaded a file (on this thread: lopdf
/// calls it from the loading thread, as it is built without rayon).
#[derive(Clone, Default)]
struct LoadState {
    objects: usize,
    inflated: u64,
    images: usize,
    error: Option<LoadError>,
}

thread_local! {
    static LOAD: RefCell<LoadState> = RefCell::new(LoadState::default());
}

/// lopdf's object filter: counts objects, drops image data (never read),
/// and inflates every other stream once, under the caps, so that nothing
/// later inflates without them.
fn admit(id: ObjectId, obj: &mut Object) -> Option<(ObjectId, Object)> {
    LOAD.with_borrow_mut(|s| {
        if s.error.is_some() {
            return None;
        }
        s.objects += 1;
        if s.objects > MAX_OBJECTS {
            s.error = Some(too_large(format!(
                "the PDF holds more than {MAX_OBJECTS} objects"
            )));
            return None;
        }
        if let Object::Stream(stream) = obj {
            let image = stream
                .dict
                .get(b"Subtype")
                .and_then(Object::as_name)
                .is_ok_and(|n| n == b"Image");
            if image {
                s.images += 1;
                stream.content = Vec::new();
            } else if let Ok(filters) = stream.filters() {
                match inflate_bound(stream, &filters) {
                    Some(n) => {
                        s.inflated += n;
                        if n > MAX_STREAM_BYTES || s.inflated > MAX_INFLATED_BYTES {
                            s.error = Some(too_large(format!(
                                "object {} {} inflates to more than {}",
                                id.0,
                                id.1,
                                if n > MAX_STREAM_BYTES {
                                    format!("{MAX_STREAM_BYTES} bytes")
                                } else {
                                    format!("the {MAX_INFLATED_BYTES} bytes all streams may take")
                                }
                            )));
                            return None;
                        }
                        let _ = stream.decompress();
                    }
                    // LZW (a format of the early 1990s) and the image
                    // filters have no cheap bound: left unread.
                    None => stream.content = Vec::new(),
                }
            }
        }
        // lopdf keeps the object as changed in place when it was read
        // from the file, and the returned copy when it came out of an
        // object stream, which holds no streams: a stream needs no copy.
        match obj {
            Object::Stream(_) => Some((id, Object::Null)),
            _ => Some((id, obj.clone())),
        }
    })
}

/// How many bytes a stream's filters (`filters`, in decoding order) make
/// of it, counting no further than the cap; `None` for filters other than
/// ASCII85 (which shrinks its input) in front of at most one Flate.
fn inflate_bound(stream: &lopdf::Stream, filters: &[&[u8]]) -> Option<u64> {
    let (last, front) = filters.split_last()?;
    if front.iter().any(|f| *f != b"ASCII85Decode") {
        return None;
    }
    match *last {
        b"ASCII85Decode" => Some(stream.content.len() as u64),
        b"FlateDecode" if front.is_empty() => {
            Some(inflated_len(&stream.content, MAX_STREAM_BYTES + 1))
        }
        b"FlateDecode" => {
            let mut text = stream.clone();
            text.dict.set(
                "Filter",
                Object::Array(front.iter().map(|f| Object::Name(f.to_vec())).collect()),
            );
            text.dict.remove(b"DecodeParms");
            let packed = text.decompressed_content().ok()?;
            Some(inflated_len(&packed, MAX_STREAM_BYTES + 1))
        }
        _ => None,
    }
}

/// Checks the page count and the page tree before extraction: how many
/// pages the file claims and has, no cycle above any page, and the bytes
/// of content and fonts each page makes the extractor read.
fn check_pages(doc: &lopdf::Document) -> Result<(), LoadError> {
    let claimed = doc
        .catalog()
        .and_then(|c| c.get(b"Pages"))
        .and_then(Object::as_reference)
        .and_then(|id| doc.get_dictionary(id))
        .and_then(|p| p.get(b"Count"))
        .and_then(Object::as_i64)
        .unwrap_or(0);
    if claimed > MAX_PAGES as i64 {
        return Err(too_large(format!(
            "the PDF claims {claimed} pages, more than the {MAX_PAGES} read"
        )));
    }
    let pages = doc.get_pages();
    if pages.len() > MAX_PAGES {
        return Err(too_large(format!(
            "the PDF has more than {MAX_PAGES} pages"
        )));
    }
    if pages.is_empty() {
        return Err(damaged("it has no pages"));
    }
    let mut work = 0u64;
    for (&n, &id) in &pages {
        let mut seen = HashSet::new();
        let mut at = id;
        while let Ok(parent) = doc
            .get_dictionary(at)
            .and_then(|d| d.get(b"Parent"))
            .and_then(Object::as_reference)
        {
            if !seen.insert(parent) || seen.len() > MAX_TREE_DEPTH {
                return Err(damaged(format!(
                    "the page tree above page {n} loops back on itself"
                )));
            }
            at = parent;
        }
        for c in doc.get_page_contents(id) {
            if let Ok(Object::Stream(s)) = doc.get_object(c) {
                work += s.content.len() as u64;
            }
        }
        if let Ok(page) = doc.get_dictionary(id) {
            work += font_bytes(doc, page, &seen);
        }
        if work > MAX_PAGE_WORK {
            return Err(too_large(format!(
                "its pages draw more than {MAX_PAGE_WORK} bytes of content and fonts"
            )));
        }
    }
    Ok(())
}

/// Bytes of the font streams reachable from a page's resources (its own,
/// or its ancestors' in `parents`).
fn font_bytes(doc: &lopdf::Document, page: &Dictionary, parents: &HashSet<ObjectId>) -> u64 {
    let mut stack: Vec<&Object> = Vec::new();
    let mut holders = vec![page];
    holders.extend(parents.iter().filter_map(|&p| doc.get_dictionary(p).ok()));
    for h in holders {
        if let Ok(r) = h.get(b"Resources") {
            stack.push(r);
        }
    }
    let mut seen = HashSet::new();
    let mut total = 0u64;
    while let Some(o) = stack.pop() {
        match o {
            Object::Reference(id) if seen.insert(*id) && seen.len() <= MAX_OBJECTS => {
                if let Ok(o) = doc.get_object(*id) {
                    stack.push(o);
                }
            }
            Object::Array(a) => stack.extend(a),
            Object::Dictionary(d) => stack.extend(d.iter().map(|(_, v)| v)),
            Object::Stream(s) => {
                total += s.content.len() as u64;
                stack.extend(s.dict.iter().map(|(_, v)| v));
            }
            _ => {}
        }
    }
    total
}

thread_local! {
    /// Set while a crate call runs under [`guarded`]: its panics are
    /// caught and reported as a file error, so they are not printed.
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f`, turning a panic into a file error.
fn guarded<T>(f: impl FnOnce() -> T) -> Result<T, LoadError> {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                previous(info);
            }
        }));
    });
    QUIET.with(|q| q.set(true));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    QUIET.with(|q| q.set(false));
    result.map_err(|p| {
        let why = p
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| p.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let why = super::flow::quote(&why);
        damaged(if why.is_empty() {
            "the PDF reader failed on it".to_string()
        } else {
            format!("the PDF reader failed on it: {why}")
        })
    })
}

/// A line of a page as extracted.
#[derive(Debug, Default)]
struct Line {
    text: String,
    /// Distance of the baseline from the top of the page, in points.
    y: f64,
    /// Left and right edges of the inked text, in points.
    x0: f64,
    x1: f64,
    /// Each glyph's byte offset in `text`, size in points and weight.
    runs: Vec<(usize, f32, bool)>,
}

impl Line {
    /// The size most of the line's glyphs have.
    fn size(&self) -> f32 {
        mode(self.runs.iter().map(|r| r.1))
    }

    fn bold(&self) -> bool {
        self.runs.iter().all(|r| r.2)
    }
}

/// The most frequent of `sizes`, rounded to half a point.
fn mode(sizes: impl Iterator<Item = f32>) -> f32 {
    let mut counts: Vec<(i32, usize)> = Vec::new();
    for s in sizes {
        let k = (s * 2.0).round() as i32;
        match counts.iter_mut().find(|c| c.0 == k) {
            Some(c) => c.1 += 1,
            None => counts.push((k, 1)),
        }
    }
    counts
        .iter()
        .max_by_key(|c| (c.1, c.0))
        .map_or(0.0, |c| c.0 as f32 / 2.0)
}

/// Collects the lines of each page from pdf-extract's glyphs.
struct Collector {
    pages: Vec<Vec<Line>>,
    /// The page's height: PDF measures up from the bottom, lines are
    /// read down from the top.
    height: f64,
    line: Option<Line>,
    last_end: f64,
    last_y: f64,
    new_word: bool,
    glyphs: usize,
    /// Whether each text-showing operation of the current page uses a
    /// bold font, in the order pdf-extract runs them.
    bold: Vec<bool>,
    shown: usize,
    /// The weight of each page's operations.
    weights: Vec<Vec<bool>>,
}

impl Collector {
    fn end_line(&mut self) {
        if let Some(mut l) = self.line.take() {
            let trimmed = l.text.trim_end().len();
            l.text.truncate(trimmed);
            l.runs.retain(|r| r.0 < trimmed);
            if !l.runs.is_empty() {
                if let Some(p) = self.pages.last_mut() {
                    p.push(l);
                }
            }
        }
    }
}

impl OutputDev for Collector {
    fn begin_page(
        &mut self,
        page_num: u32,
        media_box: &MediaBox,
        _: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.height = media_box.ury - media_box.lly;
        self.pages.push(Vec::new());
        self.bold = self
            .weights
            .get((page_num as usize).saturating_sub(1))
            .cloned()
            .unwrap_or_default();
        self.shown = 0;
        self.last_end = f64::MAX;
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        self.end_line();
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        char: &str,
    ) -> Result<(), OutputError> {
        self.glyphs += 1;
        if self.glyphs > MAX_GLYPHS {
            return Err(OutputError::FormatError(std::fmt::Error));
        }
        // The type size as drawn: the font size through the text matrix
        // (the side of a square of the same area, as pdf-extract takes it).
        let (vx, vy) = (
            font_size * (trm.m11 + trm.m21),
            font_size * (trm.m12 + trm.m22),
        );
        let size = (vx * vy).abs().sqrt().min(MAX_POINTS);
        if !size.is_finite() || size <= 0.0 {
            return Ok(());
        }
        let (x, y) = (trm.m31, self.height - trm.m32);
        let text: String = char
            .chars()
            .filter(|c| !c.is_control() || *c == '\t')
            .map(|c| if c.is_whitespace() { ' ' } else { c })
            .collect();
        let bold = self
            .bold
            .get(self.shown.wrapping_sub(1))
            .copied()
            .unwrap_or(false);
        let dy = (y - self.last_y).abs();
        if self.line.is_some()
            && self.new_word
            && dy > size * 0.5
            && (x < self.last_end || dy > size * 1.5)
        {
            self.end_line();
        }
        let line = self.line.get_or_insert_with(|| Line {
            y,
            x0: x,
            x1: x,
            ..Line::default()
        });
        if !line.text.is_empty()
            && x > self.last_end + size * 0.15
            && !line.text.ends_with(' ')
            && !text.starts_with(' ')
        {
            line.text.push(' ');
        }
        if !text.is_empty() && !(text == " " && (line.text.is_empty() || line.text.ends_with(' ')))
        {
            if !text.trim().is_empty() {
                line.runs.push((line.text.len(), size as f32, bold));
                line.x1 = line.x1.max(x + width * size);
            }
            line.text.push_str(&text);
        }
        self.new_word = false;
        self.last_y = y;
        self.last_end = x + width * size;
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        self.new_word = true;
        self.shown += 1;
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}

/// Extracts the lines of every page.
fn extract(doc: &lopdf::Document) -> Result<Vec<Vec<Line>>, LoadError> {
    let weights = guarded(|| {
        doc.get_pages()
            .values()
            .map(|&id| weights(doc, id))
            .collect::<Vec<_>>()
    })?;
    let mut out = Collector {
        pages: Vec::new(),
        height: 0.0,
        line: None,
        last_end: f64::MAX,
        last_y: 0.0,
        new_word: false,
        glyphs: 0,
        bold: Vec::new(),
        shown: 0,
        weights,
    };
    let done = guarded(|| pdf_extract::output_doc(doc, &mut out))?;
    if out.glyphs > MAX_GLYPHS {
        return Err(too_large(format!(
            "the PDF draws more than {MAX_GLYPHS} characters"
        )));
    }
    done.map_err(damaged)?;
    Ok(out.pages)
}

/// Whether each text-showing operation of a page (each `Tj`, and each
/// string of a `TJ`, as pdf-extract shows them) is set in a bold font.
fn weights(doc: &lopdf::Document, page: ObjectId) -> Vec<bool> {
    let Ok(content) = doc.get_page_content(page) else {
        return Vec::new();
    };
    let Ok(content) = lopdf::content::Content::decode(&content) else {
        return Vec::new();
    };
    let fonts = doc
        .get_page_fonts(page)
        .unwrap_or_default()
        .into_iter()
        .map(|(name, font)| (name, bold_font(doc, font)))
        .collect::<std::collections::BTreeMap<_, _>>();
    let mut out = Vec::new();
    let mut bold = false;
    let mut saved = Vec::new();
    for op in &content.operations {
        match op.operator.as_str() {
            "q" => saved.push(bold),
            "Q" => bold = saved.pop().unwrap_or(bold),
            "Tf" => {
                bold = op
                    .operands
                    .first()
                    .and_then(|n| n.as_name().ok())
                    .and_then(|n| fonts.get(n))
                    .copied()
                    .unwrap_or(false);
            }
            "Tj" => out.push(bold),
            "TJ" => {
                if let Some(Object::Array(a)) = op.operands.first() {
                    out.extend(
                        a.iter()
                            .filter(|o| matches!(o, Object::String(..)))
                            .map(|_| bold),
                    );
                }
            }
            _ => {}
        }
    }
    out
}

/// Whether a font is bold: by its name ("…-Bold", "…Semibold", "…Black"),
/// its descriptor's weight, or its force-bold flag.
fn bold_font(doc: &lopdf::Document, font: &Dictionary) -> bool {
    let name = font
        .get(b"BaseFont")
        .and_then(Object::as_name)
        .map(|n| String::from_utf8_lossy(n).to_ascii_lowercase())
        .unwrap_or_default();
    if ["bold", "black", "heavy", "semibold", "demi"]
        .iter()
        .any(|w| name.contains(w))
    {
        return true;
    }
    let descriptor = font
        .get_deref(b"FontDescriptor", doc)
        .and_then(Object::as_dict)
        .ok();
    descriptor.is_some_and(|d| {
        d.get(b"FontWeight")
            .and_then(Object::as_float)
            .is_ok_and(|w| w >= 600.0)
            || d.get(b"Flags")
                .and_then(Object::as_i64)
                .is_ok_and(|f| f & (1 << 18) != 0)
    })
}

/// A paragraph: lines of one page (or running on to the next).
struct Para {
    /// Indexes into the flat list of lines.
    lines: Vec<usize>,
    size: f32,
    bold: bool,
}

/// Whether a line opens with a list bullet or number.
fn opens_item(text: &str) -> bool {
    text.starts_with(['•', '●', '▪', '■', '◦', '–', '\u{f0b7}', '·'])
        || super::text::list_marker_len(text).is_some()
}

/// The line pitch of body text: a low quantile of the gaps between
/// consecutive body lines, the gaps inside paragraphs.
fn line_pitch(pages: &[Vec<Line>], body: f32) -> f64 {
    let mut gaps: Vec<f64> = Vec::new();
    for p in pages {
        for w in p.windows(2) {
            let gap = w[1].y - w[0].y;
            if gap > 0.0 && (w[0].size() - body).abs() < 0.6 && (w[1].size() - body).abs() < 0.6 {
                gaps.push(gap);
            }
        }
    }
    if gaps.len() < 4 {
        return body as f64 * 1.2;
    }
    gaps.sort_by(f64::total_cmp);
    gaps[gaps.len() / 4]
}

/// The left and right edges of each page's body text.
fn margins(pages: &[Vec<Line>], body: f32) -> Vec<(f64, f64)> {
    pages
        .iter()
        .map(|p| {
            let body_lines = p.iter().filter(|l| (l.size() - body).abs() < 0.6);
            body_lines.fold((f64::MAX, f64::MIN), |(l, r), line| {
                (l.min(line.x0), r.max(line.x1))
            })
        })
        .collect()
}

/// Groups the lines (flattened, with their page) into paragraphs.
///
/// Lines run on while they are close and set alike. Where paragraphs are
/// not spaced apart, a line that closes a sentence and stops well short of
/// the right margin, or a next line indented further, ends a paragraph.
fn paragraphs(lines: &[(usize, &Line)], pitch: f64, margins: &[(f64, f64)]) -> Vec<Para> {
    let mut out: Vec<Para> = Vec::new();
    for (k, &(page, line)) in lines.iter().enumerate() {
        let size = line.size();
        let bold = line.bold();
        let joins = k > 0
            && out.last().is_some_and(|para| {
                let (prev_page, prev) = lines[k - 1];
                let same_type = (para.size - size).abs() < 0.6 && para.bold == bold;
                if !same_type || opens_item(&line.text) {
                    return false;
                }
                let closes = super::closes_line(&prev.text);
                if prev_page != page {
                    // Runs on over a page break when the sentence does.
                    return !closes && line.text.starts_with(|c: char| c.is_lowercase());
                }
                let gap = line.y - prev.y;
                if gap <= 0.0 || gap > pitch.max(size as f64) * 1.3 {
                    return false;
                }
                let (left, right) = margins[page];
                let short = prev.x1 < left + (right - left) * 0.75;
                let indented = line.x0 > prev.x0 + size as f64 * 1.5;
                !(closes && (short || indented))
            });
        if joins {
            if let Some(para) = out.last_mut() {
                para.lines.push(k);
            }
        } else {
            out.push(Para {
                lines: vec![k],
                size,
                bold,
            });
        }
    }
    out
}

/// Whether the end of `prev` and the start of `next` are one word broken
/// by a hyphen: a letter and a hyphen, then a lower-case letter.
fn hyphenated(prev: &str, next: &str) -> bool {
    let mut rev = prev.chars().rev();
    matches!(rev.next(), Some('-' | '\u{ad}'))
        && rev.next().is_some_and(char::is_alphabetic)
        && next.starts_with(|c: char| c.is_lowercase())
}

/// Whether `line` ends in a hyphen that belongs to the text: one right
/// after a word or number that the next line does not complete as a
/// broken word ("1-888-", "COVID-").
fn hard_hyphen(line: &str) -> bool {
    let mut rev = line.chars().rev();
    rev.next() == Some('-') && rev.next().is_some_and(char::is_alphanumeric)
}

/// Most lines a paragraph may have to be a heading by its type.
const MAX_HEADING_LINES: usize = 3;

fn build(path: &Path, pages: Vec<Vec<Line>>) -> Document {
    // The text view, and where each page and line starts in it.
    let mut view = String::new();
    let mut page_starts = Vec::with_capacity(pages.len());
    let mut starts = Vec::new();
    let mut flat: Vec<(usize, &Line)> = Vec::new();
    for (n, page) in pages.iter().enumerate() {
        page_starts.push(view.len());
        for line in page {
            starts.push(view.len());
            view.push_str(&line.text);
            view.push('\n');
            flat.push((n, line));
        }
    }
    let mut runs = Vec::new();
    for (line, &start) in flat.iter().map(|f| f.1).zip(&starts) {
        for (k, &(at, points, bold)) in line.runs.iter().enumerate() {
            let end = line.runs.get(k + 1).map_or(line.text.len(), |r| r.0);
            match runs.last_mut() {
                Some(TypeRun {
                    points: p,
                    bold: b,
                    span,
                }) if *p == points && *b == bold && span.end == start + at => {
                    span.end = start + end;
                }
                _ => runs.push(TypeRun {
                    points,
                    bold,
                    span: Span::new(start + at, start + end),
                }),
            }
        }
    }
    let source = Arc::new(SourceFile::new(path, view).with_pages(page_starts));
    let body = mode(flat.iter().flat_map(|(_, l)| l.runs.iter().map(|r| r.1)));
    let pitch = line_pitch(&pages, body);
    let paras = paragraphs(&flat, pitch, &margins(&pages, body));

    // Heading levels: the distinct sizes of short paragraphs set larger
    // than the body, largest first.
    let is_short = |p: &Para| p.lines.len() <= MAX_HEADING_LINES;
    let mut sizes: Vec<i32> = paras
        .iter()
        .filter(|p| is_short(p) && p.size >= body + 1.0)
        .map(|p| (p.size * 2.0).round() as i32)
        .collect();
    sizes.sort_unstable_by(|a, b| b.cmp(a));
    sizes.dedup();

    let mut flow = Flow::new(&source.text);
    let mut typed_heading = false;
    let mut candidates = Vec::new();
    for p in &paras {
        let mut prev: Option<&str> = None;
        for &k in &p.lines {
            let (text, at) = (flat[k].1.text.as_str(), starts[k]);
            let mut piece = text;
            // After a word broken by a hyphen (left out of the previous
            // piece), or a hyphen that stays ("1-888-" / "555-0100"), the
            // next line follows without a space.
            if prev.is_some_and(|last| !hyphenated(last, text) && !hard_hyphen(last)) {
                flow.space();
            }
            let next = p
                .lines
                .iter()
                .find(|&&j| j > k)
                .map(|&j| flat[j].1.text.as_str());
            if next.is_some_and(|n| hyphenated(text, n)) {
                piece = &text[..text.len() - text.chars().next_back().map_or(0, char::len_utf8)];
            }
            flow.text(piece, Span::new(at, at + piece.len()));
            prev = Some(text);
        }
        let Some(span) = flow.take_block() else {
            continue;
        };
        let words = &flow.plain[span.range()];
        let level = sizes
            .iter()
            .position(|&s| s == (p.size * 2.0).round() as i32)
            .filter(|_| is_short(p) && short_enough(words));
        match level {
            Some(rank) => {
                typed_heading = true;
                flow.heading(span, (rank + 1).min(6) as u8, HeadingKind::Markup);
            }
            None if p.bold && short_enough(words) => {
                typed_heading = true;
                flow.heading(span, 6, HeadingKind::Emphasis);
            }
            None => {
                candidates.push((flow.blocks.len(), p.lines.len() == 1));
                flow.blocks.push(Block { plain: span });
            }
        }
    }
    let (plain, map, mut headings, mut blocks) = flow.finish();
    if !typed_heading {
        // No type tells headings apart: short stand-alone lines do, as in
        // plain text.
        let mut kept = Vec::with_capacity(blocks.len());
        for (k, b) in blocks.iter().enumerate() {
            let one_line = candidates.iter().any(|&(i, one)| i == k && one);
            let text = &plain[b.plain.range()];
            let next = blocks.get(k + 1).map(|n| &plain[n.plain.range()]);
            if one_line
                && headings.len() < super::MAX_HEADINGS
                && super::text::is_heading_line(text, true, next)
            {
                headings.push(super::Heading {
                    level: 2,
                    text: super::normalize_heading(text),
                    kind: HeadingKind::Line,
                    plain: b.plain,
                    span: map.to_source(b.plain),
                });
            } else {
                kept.push(*b);
            }
        }
        blocks = kept;
    }
    Document {
        source,
        format: DocFormat::Pdf,
        plain,
        map,
        headings,
        run_ins: Vec::new(),
        blocks,
        comments: Vec::new(),
        front_matter: None,
        layout: Layout {
            features: Vec::new(),
            type_sizes: Some(runs),
            paragraphs: Vec::new(),
        },
        warnings: Vec::new(),
    }
    .finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn broken_words_and_hyphens_that_stay() {
        assert!(hyphenated("this notifi-", "cation was"));
        assert!(hyphenated("a soft\u{ad}", "break"));
        assert!(!hyphenated("call 1-888-", "555-0100"));
        assert!(!hyphenated("COVID-", "19 tests"));
        assert!(!hyphenated("a dash -", "and more"));
        assert!(hard_hyphen("call 1-888-"));
        assert!(hard_hyphen("COVID-"));
        assert!(!hard_hyphen("a dash -"));
        assert!(!hard_hyphen("no hyphen"));
    }

    #[test]
    fn body_size_is_the_most_common() {
        assert_eq!(mode([12.0, 12.1, 16.0, 11.9, 16.0].into_iter()), 12.0);
        assert_eq!(mode(std::iter::empty()), 0.0);
    }

    #[test]
    fn encryption_is_found_in_the_trailer() {
        assert!(encrypted(b"trailer << /Root 1 0 R /Encrypt 9 0 R >>"));
        assert!(encrypted(b"<< /Encrypt<< /Filter /Standard >> >>"));
        assert!(!encrypted(b"<< /EncryptMetadata false >>"));
        assert!(!encrypted(b"(/Encrypted) Tj"));
    }

    #[test]
    fn inflation_is_counted_up_to_the_cap() {
        use std::io::Write;
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
        z.write_all(&[0u8; 100_000]).unwrap();
        let packed = z.finish().unwrap();
        assert_eq!(inflated_len(&packed, 1 << 20), 100_000);
        assert_eq!(inflated_len(&packed, 1_000), 1_000);
        // Not deflate at all: nothing.
        assert_eq!(inflated_len(b"BT (x) Tj ET", 1 << 20), 0);
    }

    #[test]
    fn list_items_open_paragraphs() {
        assert!(opens_item("• your name"));
        assert!(opens_item("1. Call us"));
        assert!(!opens_item("We called"));
    }
}
