//! One renderer per output format. Each takes the whole [`Report`] and writes it.

use std::io::{self, Write};

use clap::ValueEnum;

use crate::report::Report;

pub mod github;
pub mod human;
pub mod json;
pub mod jsonl;
pub mod junit;
pub mod sarif;
pub mod short;

/// The output formats of `breachlint check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// rustc-style snippets with labels, notes and help (the default).
    Human,
    /// One line per finding: `PATH:LINE:COL: SEVERITY[RULE-ID]: MESSAGE`.
    Short,
    /// One JSON document with every finding and a summary.
    Json,
    /// One JSON object per finding per line.
    JsonLines,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// JUnit XML, for CI test dashboards.
    Junit,
}

/// Settings shared by the renderers.
#[derive(Clone, Debug, Default)]
pub struct RenderOptions {
    /// Use ANSI colours (human format only).
    pub color: bool,
    /// Where the full report is written, if not stdout (mentioned by the github format's summary).
    pub output_path: Option<String>,
    /// Print findings only, without summary lines.
    pub quiet: bool,
}

/// Writes `report` in `format`.
pub fn render(
    format: Format,
    report: &Report,
    opts: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Human => human::render(report, opts, out),
        Format::Short => short::render(report, opts, out),
        Format::Json => json::render(report, opts, out),
        Format::JsonLines => jsonl::render(report, opts, out),
        Format::Sarif => sarif::render(report, opts, out),
        Format::Github => github::render(report, opts, out),
        Format::Junit => junit::render(report, opts, out),
    }
}
