//! Word documents.
use super::{Document, LoadError};
use crate::source::SourceFile;
use std::path::Path;
use std::sync::Arc;

/// Reads a `.docx` file.
pub fn read(_path: &Path, _bytes: &[u8]) -> Result<Document, LoadError> {
    Err(LoadError::new("docx", "not yet"))
}
#[allow(dead_code)]
fn _x(_: Arc<SourceFile>) {}
