//! The `short` output format.

use std::io::{self, Write};

use super::RenderOptions;
use crate::report::Report;

/// Writes `report` in this format.
pub fn render(_report: &Report, _opts: &RenderOptions, _out: &mut dyn Write) -> io::Result<()> {
    Err(io::Error::other("this output format is being written"))
}
