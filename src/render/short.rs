//! The `short` format: exactly one line per finding,
//! `PATH:LINE:COL: SEVERITY[RULE-ID]: MESSAGE`, for editors' error formats
//! and grep. Files that could not be linted get one line at 1:1.

use std::io::{self, Write};

use super::{RenderOptions, one_line};
use crate::report::{FileReport, Report};

/// Writes `report` one finding per line.
pub fn render(report: &Report, _opts: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    for f in &report.files {
        file(f, out)?;
    }
    Ok(())
}

/// Writes the lines of one file.
pub fn file(f: &FileReport, out: &mut dyn Write) -> io::Result<()> {
    if let Some(err) = &f.error {
        return writeln!(
            out,
            "{}:1:1: error[breachlint/{}]: {}",
            f.path,
            err.kind,
            one_line(&err.message)
        );
    }
    let Some(source) = &f.source else {
        return Ok(());
    };
    for d in &f.diagnostics {
        let at = source.line_col(d.primary.span.start);
        writeln!(
            out,
            "{}:{}:{}: {}[{}]: {}",
            f.path,
            at.line,
            at.column,
            d.severity,
            d.rule,
            one_line(&d.message)
        )?;
    }
    Ok(())
}
