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
//!
//! `open` checks the file and loads it under the caps, `glyphs` gathers
//! the glyphs into lines, `layout` makes paragraphs, headings and the
//! document.

mod glyphs;
mod layout;
mod open;

use std::path::Path;

use super::{Document, LoadError};

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
    let (doc, images) = open::open(bytes)?;
    let pages = glyphs::extract(&doc)?;
    let glyphs: usize = pages.iter().flatten().map(|l| l.runs.len()).sum();
    if glyphs == 0 {
        return Err(no_text(images));
    }
    Ok(layout::build(path, pages))
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
