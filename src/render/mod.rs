//! One renderer per output format. Each takes the whole [`Report`] and
//! writes it; [`Stream`] writes the formats that are a sequence of per-file
//! parts (human, short, json-lines) file by file, so a run over many notices
//! holds only the files not yet written.

use std::borrow::Cow;
use std::io::{self, Write};

use crate::report::{FileReport, Report, Statistics, Summary};

pub mod github;
pub mod html;
pub mod human;
pub mod json;
pub mod jsonl;
pub mod junit;
pub mod sarif;
pub mod short;

/// The output formats of `breachlint check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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
    /// One self-contained HTML page, for review and sign-off.
    Html,
}

impl Format {
    /// Every format, in the order `--help` lists them.
    pub const ALL: [Format; 8] = [
        Format::Human,
        Format::Short,
        Format::Json,
        Format::JsonLines,
        Format::Sarif,
        Format::Github,
        Format::Junit,
        Format::Html,
    ];

    /// The format's name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Human => "human",
            Format::Short => "short",
            Format::Json => "json",
            Format::JsonLines => "json-lines",
            Format::Sarif => "sarif",
            Format::Github => "github",
            Format::Junit => "junit",
            Format::Html => "html",
        }
    }

    /// One line on what the format is, for `--help`.
    pub fn summary(self) -> &'static str {
        match self {
            Format::Human => "rustc-style snippets with labels, notes and help (the default)",
            Format::Short => "One line per finding: `PATH:LINE:COL: SEVERITY[RULE-ID]: MESSAGE`",
            Format::Json => "One JSON document with every finding and a summary",
            Format::JsonLines => "One JSON object per finding per line",
            Format::Sarif => "SARIF 2.1.0, for code scanning",
            Format::Github => "GitHub Actions workflow commands (annotations)",
            Format::Junit => "JUnit XML, for CI test dashboards",
            Format::Html => "One self-contained HTML page, for review and sign-off",
        }
    }
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
    /// The deadline timelines of the incidents checked (html format only).
    pub timelines: Vec<Timeline>,
}

/// One incident's deadlines, as the html format draws them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Timeline {
    /// The facts file the incident comes from.
    pub facts: String,
    /// The discovery date, if known.
    pub discovery: Option<jiff::civil::Date>,
    /// The day the run judged deadlines on.
    pub today: jiff::civil::Date,
    /// Every obligation with a deadline, earliest first.
    pub steps: Vec<Step>,
    /// Show days counted from discovery (or from today) instead of dates:
    /// under `--redact`, since the facts file repeats the notice's dates.
    pub relative: bool,
}

/// One obligation on a [`Timeline`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// What must be done ("Notice to individuals").
    pub obligation: String,
    /// The rule it comes from.
    pub rule: String,
    /// The last day that is on time.
    pub deadline: jiff::civil::Date,
    /// When it was done or is planned, if recorded.
    pub done_on: Option<jiff::civil::Date>,
    /// `done`, `late`, `planned`, `due` or `overdue`.
    pub status: &'static str,
    /// Whether this is the deadline that comes first (it controls the others).
    pub controlling: bool,
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
        Format::Html => html::render(report, opts, out),
    }
}

/// Writes a report as its files arrive, in the order given.
///
/// For human, short and json-lines output each file is written at once and
/// then dropped; the other formats are single documents (JSON, SARIF, JUnit)
/// or order annotations by severity over the whole run (github), so their
/// files are held and written by [`Stream::finish`].
pub struct Stream {
    format: Format,
    opts: RenderOptions,
    /// Rule metadata, and for whole-document formats the held files.
    report: Report,
    summary: Summary,
    statistics: Statistics,
}

impl Stream {
    /// A stream in `format`; `report` holds the rules' metadata (its files are ignored).
    pub fn new(format: Format, opts: RenderOptions, mut report: Report) -> Stream {
        report.files.clear();
        Stream {
            format,
            opts,
            report,
            summary: Summary::default(),
            statistics: Statistics::default(),
        }
    }

    /// Writes (or, for whole-document formats, holds) the next file.
    pub fn file(&mut self, file: FileReport, out: &mut dyn Write) -> io::Result<()> {
        self.summary.add(&file);
        self.statistics.add(&file);
        match self.format {
            Format::Human => human::file(out, self.opts.color, &file),
            Format::Short => short::file(&file, out),
            Format::JsonLines => jsonl::file(&self.report, &file, out),
            _ => {
                self.report.files.push(file);
                Ok(())
            }
        }
    }

    /// The rules' metadata.
    pub fn rules(&self) -> &std::collections::BTreeMap<String, crate::report::RuleInfo> {
        &self.report.rules
    }

    /// Totals of every file so far.
    pub fn summary(&self) -> &Summary {
        &self.summary
    }

    /// Findings per rule so far.
    pub fn statistics(&self) -> &Statistics {
        &self.statistics
    }

    /// Writes what comes after the last file (or the whole held report).
    pub fn finish(&mut self, out: &mut dyn Write) -> io::Result<()> {
        match self.format {
            Format::Human => human::end(&self.summary, &self.opts, out),
            Format::Short => Ok(()),
            Format::JsonLines => jsonl::end(&self.summary, &self.opts, out),
            _ => render(self.format, &self.report, &self.opts, out),
        }
    }
}

/// `s` with each run of whitespace made one space and none at either end.
/// For formats that keep a message or a matched text on one line. Nearly
/// every message is written so already and is borrowed as it is: splitting
/// and joining each took more time than formatting its line.
fn one_line(s: &str) -> Cow<'_, str> {
    if is_one_line(s) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.split_whitespace().collect::<Vec<_>>().join(" "))
    }
}

/// Whether `s` has no whitespace but single spaces between words.
fn is_one_line(s: &str) -> bool {
    let bytes = s.as_bytes();
    if bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ') {
        return false;
    }
    let mut after_space = false;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b' ' if after_space => return false,
            b' ' => after_space = true,
            b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r' => return false,
            // The lead bytes of every whitespace character outside ASCII
            // (U+0085, U+00A0, U+1680, U+2000 to U+205F, U+3000); most
            // characters they begin, such as curly quotes, are not spaces.
            0xC2 | 0xE1 | 0xE2 | 0xE3 => {
                if s[i..].chars().next().is_some_and(char::is_whitespace) {
                    return false;
                }
                after_space = false;
            }
            _ => after_space = false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_borrows_only_what_splitting_and_joining_would_keep() {
        for s in [
            "",
            " ",
            "plain words",
            "two  spaces",
            " lead",
            "trail ",
            "tab\there",
            "line\nbreak",
            "carriage\r\nreturn",
            "no\u{a0}break",
            "next\u{85}line",
            "ogham\u{1680}space",
            "thin\u{2009}space",
            "line\u{2028}separator",
            "narrow\u{202f}space",
            "ideographic\u{3000}space",
            "we\u{2019}ll \u{201c}quote\u{201d} \u{2014} dash \u{e9}t\u{e9}",
            "\u{a9} \u{1e9e} \u{3042}",
        ] {
            let joined = s.split_whitespace().collect::<Vec<_>>().join(" ");
            let got = one_line(s);
            assert_eq!(got, joined, "{s:?}");
            assert_eq!(matches!(got, Cow::Borrowed(_)), s == joined, "{s:?}");
        }
    }
}
