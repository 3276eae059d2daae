//! The reader layer: from a file's bytes to a [`Document`], whatever its
//! format.
//!
//! Markdown, plain text and HTML are text: the document's source is the
//! file itself. Word and PDF files are not: their readers make a text view
//! (one paragraph of a Word document, or one line of a PDF page, per line;
//! see `docs/formats.md`) that becomes the source, so findings,
//! suppressions and `extract` work on every format alike.

use std::path::Path;
use std::sync::Arc;

use super::{DocFormat, Document};
use crate::source::SourceFile;

/// How many leading bytes are inspected for NUL bytes to detect binary files.
const BINARY_SNIFF_BYTES: usize = 8192;

/// Why a file could not be read as a notice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadError {
    /// A short machine-readable kind: `binary`, `empty`, `docx`, `pdf`,
    /// `no-text`, `too-large`.
    pub kind: &'static str,
    /// What went wrong and what to do, for the user.
    pub message: String,
}

impl LoadError {
    pub(crate) fn new(kind: &'static str, message: impl Into<String>) -> Self {
        LoadError {
            kind,
            message: message.into(),
        }
    }
}

/// Reads `bytes` (the file at `path`) as a notice in `format`.
///
/// The bytes are taken, not borrowed: a text file's bytes become the
/// document's source without a copy.
pub fn load(path: &Path, bytes: Vec<u8>, format: DocFormat) -> Result<Document, LoadError> {
    let doc = match format {
        DocFormat::Docx => super::docx::read(path, &bytes)?,
        DocFormat::Pdf => super::pdf::read(path, &bytes)?,
        DocFormat::Markdown | DocFormat::Text | DocFormat::Html => {
            // A PDF can hold no NUL byte near its start; its signature tells.
            if bytes[..bytes.len().min(BINARY_SNIFF_BYTES)].contains(&0)
                || bytes.starts_with(b"%PDF-")
            {
                return Err(LoadError::new("binary", binary_message(&bytes)));
            }
            let source = Arc::new(SourceFile::from_vec(path, bytes));
            if source.text.trim_start_matches('\u{feff}').trim().is_empty() {
                return Err(empty());
            }
            Document::parse(source, format)
        }
    };
    if doc.plain.trim().is_empty() {
        return Err(empty());
    }
    Ok(doc)
}

fn empty() -> LoadError {
    LoadError::new("empty", "the file is empty; there is no notice to check")
}

/// What to say about a binary file, naming its format when the first bytes tell it.
fn binary_message(bytes: &[u8]) -> String {
    let what = if bytes.starts_with(b"PK\x03\x04") {
        Some("a zip archive (a Word file? name it .docx)")
    } else if bytes.starts_with(b"%PDF-") {
        Some("a PDF file; name it .pdf to have it read as one")
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        Some("an old-style Word (.doc) file; save it as .docx")
    } else {
        None
    };
    match what {
        Some(w) => format!("this is a binary file: {w}"),
        None => "this is a binary file; breachlint reads Markdown, plain-text, HTML, Word (.docx) and PDF notices".to_string(),
    }
}
