//! The `json-lines` output format: one compact JSON object per line.
//!
//! Each line has a `type`: `finding` (the same fields as an entry of the
//! `json` format's `findings`), `error` (a file that could not be linted) and,
//! last, exactly one `summary` (left out with `--quiet`), so a consumer can
//! tell a complete stream from a truncated one. Lines follow report order:
//! per file, its error (if any) and then its findings.

use std::io::{self, Write};

use serde::Serialize;

use super::RenderOptions;
use super::json::{ErrorEntry, Finding, SummaryEntry};
use crate::report::{FileReport, Report, Summary};

/// One line of output.
#[derive(Debug, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
enum Line<'a> {
    Finding(Box<Finding<'a>>),
    Error(ErrorEntry<'a>),
    Summary(SummaryEntry),
}

/// Writes `report` as JSON lines.
pub fn render(report: &Report, opts: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    for f in &report.files {
        file(report, f, out)?;
    }
    end(&report.summary(), opts, out)
}

/// Writes the lines of one file; `report` supplies the rules' metadata.
pub fn file(report: &Report, file: &FileReport, out: &mut dyn Write) -> io::Result<()> {
    if let Some(e) = ErrorEntry::of(file) {
        write_line(out, &Line::Error(e))?;
    }
    for d in &file.diagnostics {
        write_line(out, &Line::Finding(Box::new(Finding::new(report, file, d))))?;
    }
    Ok(())
}

/// Writes the closing summary line (none with `--quiet`).
pub fn end(summary: &Summary, opts: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    if opts.quiet {
        return Ok(());
    }
    write_line(out, &Line::Summary(SummaryEntry::new(summary)))
}

fn write_line(out: &mut dyn Write, line: &Line<'_>) -> io::Result<()> {
    serde_json::to_writer(&mut *out, line).map_err(io::Error::from)?;
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::json::fixtures;
    use serde_json::Value;

    fn lines(report: &Report) -> Vec<Value> {
        let mut out = Vec::new();
        render(report, &RenderOptions::default(), &mut out).expect("rendering succeeds");
        let text = String::from_utf8(out).expect("UTF-8 output");
        assert!(text.ends_with('\n'));
        text.lines()
            .map(|l| serde_json::from_str(l).expect("each line is JSON"))
            .collect()
    }

    #[test]
    fn one_object_per_line_with_a_type() {
        let v = lines(&fixtures::report());
        let types: Vec<&str> = v.iter().filter_map(|l| l["type"].as_str()).collect();
        assert_eq!(
            types,
            [
                "finding", "finding", "finding", "finding", "error", "summary"
            ]
        );
        assert_eq!(v[4]["path"], "gone.md");
        assert_eq!(v[4]["kind"], "io");
        assert_eq!(v[5]["errors"], 2);
        assert_eq!(v[5]["failed_files"], 1);
    }

    #[test]
    fn findings_match_the_json_format() {
        let report = fixtures::report();
        let mut doc = Vec::new();
        crate::render::json::render(&report, &RenderOptions::default(), &mut doc)
            .expect("json renders");
        let doc: Value = serde_json::from_slice(&doc).expect("json parses");
        let v = lines(&report);
        for (i, expected) in doc["findings"].as_array().into_iter().flatten().enumerate() {
            let mut line = v[i].clone();
            if let Some(obj) = line.as_object_mut() {
                assert_eq!(obj.remove("type"), Some(Value::from("finding")));
            }
            assert_eq!(&line, expected);
        }
    }

    #[test]
    fn quiet_leaves_out_the_summary() {
        let opts = RenderOptions {
            quiet: true,
            ..RenderOptions::default()
        };
        let mut out = Vec::new();
        render(&fixtures::report(), &opts, &mut out).expect("rendering succeeds");
        let text = String::from_utf8(out).expect("UTF-8 output");
        assert_eq!(text.lines().count(), 5);
        assert!(!text.contains("\"summary\""));
    }

    #[test]
    fn empty_report_has_only_a_summary() {
        let v = lines(&Report::default());
        assert_eq!(v.len(), 1);
        assert_eq!(v[0]["type"], "summary");
        assert_eq!(v[0]["files"], 0);
    }
}
