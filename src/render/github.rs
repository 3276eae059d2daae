//! The `github` output format: GitHub Actions workflow commands, which the
//! runner turns into annotations on the pull request's changed files.
//!
//! The runner shows at most 10 annotations of each severity per step, so
//! errors come first, then warnings, then notices (each in report order),
//! and a final plain line gives the totals and says where the full list is
//! (left out with `--quiet`).

use std::fmt::Write as _;
use std::io::{self, Write};

use super::RenderOptions;
use super::json::{display_end, effective_cite, position};
use crate::diagnostic::{Diagnostic, Severity};
use crate::report::{FileReport, Report};

/// How many annotations of one severity GitHub shows per step.
const ANNOTATIONS_PER_SEVERITY: usize = 10;

/// Writes `report` as workflow commands.
pub fn render(report: &Report, opts: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    let mut commands: [Vec<String>; 3] = Default::default();
    for file in &report.files {
        if let Some(err) = &file.error {
            commands[0].push(format!(
                "::error file={}::{}",
                escape_property(&file.path),
                escape_data(&format!("{}: {}", file.path, err.message))
            ));
        }
        for d in &file.diagnostics {
            let slot = match d.severity {
                Severity::Error => 0,
                Severity::Warning => 1,
                Severity::Info => 2,
            };
            commands[slot].push(annotation(report, file, d));
        }
    }

    let total: usize = commands.iter().map(Vec::len).sum();
    if total > 0 {
        writeln!(out, "::group::breachlint annotations")?;
        for line in commands.iter().flatten() {
            writeln!(out, "{line}")?;
        }
        writeln!(out, "::endgroup::")?;
    }
    if opts.quiet {
        return Ok(());
    }
    let capped = commands.iter().any(|c| c.len() > ANNOTATIONS_PER_SEVERITY);
    writeln!(out, "{}", summary_line(report, opts, capped))
}

/// One `::error|warning|notice …::message` command for `d`.
fn annotation(report: &Report, file: &FileReport, d: &Diagnostic) -> String {
    let command = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    };
    let mut props = format!("file={}", escape_property(&file.path));
    if let Some(src) = file.source.as_deref() {
        let start = position(Some(src), d.primary.span.start);
        let end = position(Some(src), display_end(Some(src), d.primary.span));
        let end_line = end.line.max(start.line);
        let _ = write!(props, ",line={},endLine={end_line}", start.line);
        // GitHub rejects columns on a range spanning several lines.
        if end_line == start.line {
            let _ = write!(
                props,
                ",col={},endColumn={}",
                start.column,
                end.column.max(start.column)
            );
        }
    }
    let _ = write!(props, ",title={}", escape_property(&d.rule));

    let mut message = d.message.clone();
    if let Some(cite) = effective_cite(report, d) {
        let _ = write!(message, " [{cite}]");
    }
    if let Some(help) = &d.help {
        let _ = write!(message, "\nhelp: {help}");
    }
    format!("::{command} {props}::{}", escape_data(&message))
}

/// The closing tally, e.g. `breachlint: 14 findings (3 errors, 11 warnings) in 2 files`.
fn summary_line(report: &Report, opts: &RenderOptions, capped: bool) -> String {
    let s = report.summary();
    let total = s.errors + s.warnings + s.infos;
    let mut line = String::from("breachlint: ");
    if total == 0 {
        line.push_str("no findings");
    } else {
        let counts: Vec<String> = [
            (s.errors, "error", "errors"),
            (s.warnings, "warning", "warnings"),
            (s.infos, "notice", "notices"),
        ]
        .into_iter()
        .filter(|(n, _, _)| *n > 0)
        .map(|(n, one, many)| format!("{n} {}", if n == 1 { one } else { many }))
        .collect();
        let _ = write!(
            line,
            "{total} finding{} ({})",
            if total == 1 { "" } else { "s" },
            counts.join(", ")
        );
    }
    let _ = write!(
        line,
        " in {} file{}",
        s.files,
        if s.files == 1 { "" } else { "s" }
    );
    if s.failed_files > 0 {
        let _ = write!(
            line,
            "; {} file{} could not be linted",
            s.failed_files,
            if s.failed_files == 1 { "" } else { "s" }
        );
    }
    if capped {
        // The tally is one plain line: a line break in the path would end
        // it, and the runner reads a following line that starts with `::`
        // as a command.
        let place = match &opts.output_path {
            Some(path) => escape_data(path),
            None => "the log above (or run with --format human)".to_string(),
        };
        let _ = write!(
            line,
            "; GitHub shows at most {ANNOTATIONS_PER_SEVERITY} annotations of each severity per step — the full list is in {place}"
        );
    }
    line
}

/// Escapes a command's message (`%`, CR, LF), as `@actions/core` does.
pub fn escape_data(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes a property value: like [`escape_data`], plus `:` and `,`, which
/// delimit properties.
pub fn escape_property(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            ':' => out.push_str("%3A"),
            ',' => out.push_str("%2C"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Label;
    use crate::render::json::fixtures;
    use crate::source::SourceFile;
    use crate::span::Span;
    use std::sync::Arc;

    fn github(report: &Report, opts: &RenderOptions) -> String {
        let mut out = Vec::new();
        render(report, opts, &mut out).expect("rendering succeeds");
        String::from_utf8(out).expect("UTF-8 output")
    }

    #[test]
    fn escaping() {
        assert_eq!(
            escape_data("100% sure: a, b\r\nc"),
            "100%25 sure: a, b%0D%0Ac"
        );
        assert_eq!(
            escape_property("100% sure: a, b\r\nc"),
            "100%25 sure%3A a%2C b%0D%0Ac"
        );
        assert_eq!(
            escape_property("my notices/a, b.md"),
            "my notices/a%2C b.md"
        );
        // Already-escaped-looking text is escaped again, not passed through.
        assert_eq!(escape_data("%0A"), "%250A");
    }

    #[test]
    fn fixture_output() {
        let out = github(&fixtures::report(), &RenderOptions::default());
        insta::assert_snapshot!(out, @r"
        ::group::breachlint annotations
        ::error file=a notice.md,line=5,endLine=5,col=4,endColumn=10,title=hipaa/placeholder::unfilled placeholder `[DATE]` [45 CFR 164.404(c)]
        ::error file=dir/b.txt,line=3,endLine=3,col=39,endColumn=49,title=hipaa/date::`2024-02-30` is not a calendar date [45 CFR 164.404(c)(1)(A)]%0Ahelp: write the date the breach happened
        ::error file=gone.md::gone.md: permission denied
        ::warning file=a notice.md,line=7,endLine=7,col=1,endColumn=1,title=hipaa/contact::no toll-free contact number [45 CFR 164.404(c)]
        ::notice file=dir/b.txt,line=1,endLine=1,col=1,endColumn=9,title=breachlint/encoding::title uses non-ASCII text
        ::endgroup::
        breachlint: 4 findings (2 errors, 1 warning, 1 notice) in 3 files; 1 file could not be linted
        ");
    }

    fn one_file(text: &str, path: &str, diagnostics: Vec<Diagnostic>) -> Report {
        Report {
            files: vec![FileReport {
                path: path.into(),
                source: Some(Arc::new(SourceFile::new(path, text))),
                diagnostics,
                error: None,
            }],
            rules: Default::default(),
        }
    }

    #[test]
    fn escapes_messages_and_paths() {
        let report = one_file(
            "line one\n",
            "my dir/a, b.md",
            vec![Diagnostic::new(
                "x/y",
                Severity::Warning,
                "50% done: a, b\r\nnext",
                Label::new(Span::new(0, 4), ""),
            )],
        );
        let out = github(&report, &RenderOptions::default());
        assert!(out.contains(
            "::warning file=my dir/a%2C b.md,line=1,endLine=1,col=1,endColumn=5,title=x/y::50%25 done: a, b%0D%0Anext\n"
        ));
    }

    #[test]
    fn multi_line_ranges_have_no_columns() {
        let report = one_file(
            "ab\ncd\n",
            "n.md",
            vec![Diagnostic::new(
                "x/y",
                Severity::Error,
                "m",
                Label::new(Span::new(1, 5), ""),
            )],
        );
        let out = github(&report, &RenderOptions::default());
        assert!(out.contains("::error file=n.md,line=1,endLine=2,title=x/y::m\n"));
        assert!(!out.contains("col="));
    }

    #[test]
    fn cap_is_announced_with_the_output_path() {
        let text = "x\n".repeat(12);
        let diagnostics = (0..12)
            .map(|i| {
                Diagnostic::new(
                    "x/y",
                    Severity::Warning,
                    "m",
                    Label::new(Span::new(i * 2, i * 2 + 1), ""),
                )
            })
            .collect();
        let report = one_file(&text, "n.md", diagnostics);
        let opts = RenderOptions {
            output_path: Some("report.sarif".into()),
            ..RenderOptions::default()
        };
        let out = github(&report, &opts);
        let last = out.lines().last().unwrap_or_default();
        assert_eq!(
            last,
            "breachlint: 12 findings (12 warnings) in 1 file; GitHub shows at most 10 annotations of each severity per step — the full list is in report.sarif"
        );
        let out = github(&report, &RenderOptions::default());
        assert!(out.ends_with("the full list is in the log above (or run with --format human)\n"));
        // A line break in the path stays inside the tally's line.
        let opts = RenderOptions {
            output_path: Some("out\n::error::x".into()),
            ..RenderOptions::default()
        };
        let out = github(&report, &opts);
        assert!(
            out.ends_with("the full list is in out%0A::error::x\n"),
            "{out}"
        );
    }

    #[test]
    fn quiet_drops_the_tally() {
        let opts = RenderOptions {
            quiet: true,
            ..RenderOptions::default()
        };
        let out = github(&fixtures::report(), &opts);
        assert!(out.ends_with("::endgroup::\n"));
        let clean = one_file("fine\n", "n.md", Vec::new());
        assert_eq!(github(&clean, &opts), "");
    }

    #[test]
    fn clean_run() {
        let report = one_file("fine\n", "n.md", Vec::new());
        assert_eq!(
            github(&report, &RenderOptions::default()),
            "breachlint: no findings in 1 file\n"
        );
    }
}
