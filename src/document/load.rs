//! The reader layer: from a file's bytes to a [`Document`], whatever its
//! format.
//!
//! Markdown, plain text and HTML are text: the document's source is the
//! file itself. Word files are not: their reader makes a text view (one
//! paragraph of the document per line, see `docs/formats.md`)
//! that becomes the source, so findings, suppressions and `extract` work on
//! every format alike.

use std::path::Path;
use std::sync::Arc;

use super::{DocFormat, Document};
use crate::source::SourceFile;

/// How many leading bytes are inspected for NUL bytes to detect binary files.
const BINARY_SNIFF_BYTES: usize = 8192;

/// Why a file could not be read as a notice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadError {
    /// A short machine-readable kind: `binary`, `empty`, `docx`, `too-large`.
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
pub fn load(path: &Path, bytes: &[u8], format: DocFormat) -> Result<Document, LoadError> {
    let doc = match format {
        DocFormat::Docx => super::docx::read(path, bytes)?,
        DocFormat::Markdown | DocFormat::Text | DocFormat::Html => {
            // A PDF can hold no NUL byte near its start; its signature tells.
            if bytes[..bytes.len().min(BINARY_SNIFF_BYTES)].contains(&0)
                || bytes.starts_with(b"%PDF-")
            {
                return Err(LoadError::new("binary", binary_message(bytes)));
            }
            let source = Arc::new(SourceFile::from_bytes(path, bytes));
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
        Some(
            "a PDF file, which breachlint does not read; lint the Word or HTML file it was made from, or its text",
        )
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        Some("an old-style Word (.doc) file; save it as .docx")
    } else {
        None
    };
    match what {
        Some(w) => format!("this is a binary file: {w}"),
        None => "this is a binary file; breachlint reads Markdown, plain-text, HTML and Word (.docx) notices".to_string(),
    }
}
