//! PDF files.
use super::{Document, LoadError};
use crate::source::SourceFile;
use std::path::Path;
use std::sync::Arc;

/// Reads a `.pdf` file.
pub fn read(_path: &Path, _bytes: &[u8]) -> Result<Document, LoadError> {
    Err(LoadError::new("pdf", "not yet"))
}

/// Reads a PDF's text view (pages split at form feeds).
pub(super) fn parse_view(source: Arc<SourceFile>) -> Document {
    super::text::parse(source)
}
