//! The `html` format: one self-contained page for the people who sign a
//! notice off. A summary per notice and per rule, then every finding with
//! its snippet, labels, citation and help.
//!
//! The page needs nothing else: styles are inline, there is no script, no
//! font, no image and no link to anything outside it, so it works offline
//! and as an e-mail attachment. Headings are nested in order, tables have
//! header cells, severities are written out (never colour alone), and every
//! colour has a contrast of at least 7:1 against its background.

use std::io::{self, Write};

use super::RenderOptions;
use crate::diagnostic::{Diagnostic, Severity};
use crate::report::{FileReport, Report};
use crate::source::SourceFile;
use crate::span::Span;

/// Most lines of a snippet; longer spans are cut with a note.
const MAX_SNIPPET_LINES: usize = 6;

const STYLE: &str = "
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;color:#1a1a1a;background:#fff;margin:0;line-height:1.5}
main{max-width:62rem;margin:0 auto;padding:1.5rem}
h1{font-size:1.6rem;margin:0 0 .5rem}
h2{font-size:1.3rem;margin:2rem 0 .5rem;border-bottom:2px solid #1a1a1a}
h3{font-size:1.1rem;margin:1.5rem 0 .5rem;word-break:break-all}
h4{font-size:1rem;margin:0 0 .25rem}
table{border-collapse:collapse;margin:.5rem 0}
th,td{border:1px solid #595959;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f0f0f0}
td.n{text-align:right}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
pre{background:#f5f5f5;border:1px solid #595959;padding:.5rem;overflow-x:auto;white-space:pre-wrap;word-break:break-word}
mark{background:#ffe08a;color:#1a1a1a;outline:1px solid #7a5200}
.finding{border:1px solid #595959;border-left-width:.5rem;padding:.75rem;margin:1rem 0}
.error{border-left-color:#a40000}.warning{border-left-color:#7a4a00}.info{border-left-color:#1f4e79}
.sev{font-weight:bold;text-transform:uppercase;font-size:.85rem}
.error .sev{color:#a40000}.warning .sev{color:#7a4a00}.info .sev{color:#1f4e79}
.loc{color:#3d3d3d;margin:0 0 .5rem}
dl{margin:.5rem 0}dt{font-weight:bold}dd{margin:0 0 .5rem 1rem}
";

/// Writes `report` as one HTML page.
pub fn render(report: &Report, _opts: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    let summary = report.summary();
    writeln!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>breachlint report</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n\
         <h1>breachlint report</h1>\n<p>{}</p>",
        esc(&summary.sentence())
    )?;

    writeln!(
        out,
        "<section aria-labelledby=\"notices\">\n<h2 id=\"notices\">Notices</h2>\n<table>\n\
         <caption>Findings per file</caption>\n\
         <thead><tr><th scope=\"col\">File</th><th scope=\"col\">Errors</th><th scope=\"col\">Warnings</th><th scope=\"col\">Info</th><th scope=\"col\">Status</th></tr></thead>\n<tbody>"
    )?;
    for (i, f) in report.files.iter().enumerate() {
        let count = |s: Severity| f.diagnostics.iter().filter(|d| d.severity == s).count();
        let status = match (&f.error, f.diagnostics.is_empty()) {
            (Some(e), _) => format!("could not be checked: {}", esc(&e.message)),
            (None, true) => "no findings".to_string(),
            (None, false) => format!("<a href=\"#file-{i}\">see findings</a>"),
        };
        writeln!(
            out,
            "<tr><th scope=\"row\"><code>{}</code></th><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{status}</td></tr>",
            esc(&f.path),
            count(Severity::Error),
            count(Severity::Warning),
            count(Severity::Info),
        )?;
    }
    writeln!(out, "</tbody>\n</table>\n</section>")?;

    let stats = report.statistics();
    writeln!(
        out,
        "<section aria-labelledby=\"rules\">\n<h2 id=\"rules\">Rules</h2>"
    )?;
    if stats.is_empty() {
        writeln!(out, "<p>No rule reported anything.</p>")?;
    } else {
        writeln!(
            out,
            "<table>\n<caption>Findings per rule</caption>\n\
             <thead><tr><th scope=\"col\">Rule</th><th scope=\"col\">Severity</th><th scope=\"col\">Findings</th><th scope=\"col\">What it checks</th><th scope=\"col\">Citation</th></tr></thead>\n<tbody>"
        )?;
        for (rule, sev, n) in stats {
            let info = report.rules.get(&rule);
            writeln!(
                out,
                "<tr><th scope=\"row\"><code>{}</code></th><td>{}</td><td class=\"n\">{n}</td><td>{}</td><td>{}</td></tr>",
                esc(&rule),
                sev.as_str(),
                esc(info.map_or("", |r| r.title.as_str())),
                esc(info.map_or("", |r| r.cite.as_str())),
            )?;
        }
        writeln!(out, "</tbody>\n</table>")?;
    }
    writeln!(out, "</section>")?;

    writeln!(
        out,
        "<section aria-labelledby=\"findings\">\n<h2 id=\"findings\">Findings</h2>"
    )?;
    if summary.errors + summary.warnings + summary.infos == 0 {
        writeln!(out, "<p>No findings.</p>")?;
    }
    for (i, f) in report.files.iter().enumerate() {
        if f.diagnostics.is_empty() {
            continue;
        }
        writeln!(
            out,
            "<h3 id=\"file-{i}\"><code>{}</code></h3>",
            esc(&f.path)
        )?;
        for d in &f.diagnostics {
            finding(out, report, f, d)?;
        }
    }
    writeln!(out, "</section>\n</main>\n</body>\n</html>")
}

fn finding(out: &mut dyn Write, report: &Report, f: &FileReport, d: &Diagnostic) -> io::Result<()> {
    let sev = d.severity.as_str();
    writeln!(
        out,
        "<article class=\"finding {sev}\">\n<h4><span class=\"sev\">{sev}</span> <code>{}</code>: {}</h4>",
        esc(&d.rule),
        esc(&d.message)
    )?;
    if let Some(src) = &f.source {
        let at = src.line_col(d.primary.span.start);
        writeln!(
            out,
            "<p class=\"loc\"><code>{}:{}:{}</code></p>",
            esc(&f.path),
            at.line,
            at.column
        )?;
        snippet(out, src, d.primary.span, &d.primary.message)?;
        for l in &d.secondary {
            let at = src.line_col(l.span.start);
            writeln!(
                out,
                "<p class=\"loc\">Also at <code>{}:{}:{}</code></p>",
                esc(&f.path),
                at.line,
                at.column
            )?;
            snippet(out, src, l.span, &l.message)?;
        }
    }
    for l in &d.external {
        let at = l.source.line_col(l.span.start);
        writeln!(
            out,
            "<p class=\"loc\">In <code>{}:{}:{}</code></p>",
            esc(&l.path),
            at.line,
            at.column
        )?;
        snippet(out, &l.source, l.span, &l.message)?;
    }
    let mut dl = String::new();
    if let Some(cite) = d.cite.as_deref().filter(|c| !c.trim().is_empty()) {
        dl.push_str(&format!("<dt>Citation</dt><dd>{}</dd>", esc(cite)));
    }
    for n in &d.notes {
        dl.push_str(&format!("<dt>Note</dt><dd>{}</dd>", esc(n)));
    }
    if let Some(help) = &d.help {
        dl.push_str(&format!("<dt>How to fix it</dt><dd>{}</dd>", esc(help)));
    }
    if let Some(why) = report
        .rules
        .get(&d.rule)
        .map(|r| r.why.trim())
        .filter(|w| !w.is_empty())
    {
        dl.push_str(&format!("<dt>Why</dt><dd>{}</dd>", esc(why)));
    }
    if !dl.is_empty() {
        writeln!(out, "<dl>{dl}</dl>")?;
    }
    writeln!(out, "</article>")
}

/// The lines holding `span`, the span marked, and the label under them.
fn snippet(out: &mut dyn Write, src: &SourceFile, span: Span, label: &str) -> io::Result<()> {
    let (start, end) = (src.clamp(span.start), src.clamp(span.end.max(span.start)));
    let first = src.line_index(start);
    let last = src.line_index(end).min(first + MAX_SNIPPET_LINES - 1);
    let from = src.line_start(first).max(src.content_start().min(start));
    let to = src.line_span(last).end.max(start);
    let cut = end.min(to);
    let mut html = String::from("<pre>");
    html.push_str(&esc(&src.text[from..start]));
    if start == end {
        html.push_str("<mark title=\"here\">\u{2038}</mark>");
    } else {
        html.push_str("<mark>");
        html.push_str(&esc(&src.text[start..cut]));
        html.push_str("</mark>");
    }
    html.push_str(&esc(&src.text[cut..to]));
    html.push_str("</pre>");
    writeln!(out, "{html}")?;
    if end > to {
        writeln!(out, "<p>(the marked text goes on past these lines)</p>")?;
    }
    if !label.is_empty() {
        writeln!(out, "<p>{}</p>", esc(label))?;
    }
    Ok(())
}

/// Escapes text for HTML content and attribute values.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::sync::Arc;

    use super::*;
    use crate::diagnostic::Label;
    use crate::report::RuleInfo;

    fn report() -> Report {
        let text = "# Notice\n\nDear <<Name>>,\nCall 1-800-555-0100.\n";
        let source = Arc::new(SourceFile::new("letters/a & b.md", text));
        let facts = Arc::new(SourceFile::new("incident.toml", "affected = 10\n"));
        let at = text.find("<<Name>>").unwrap();
        let d = Diagnostic::new(
            "hygiene/angle-placeholder",
            Severity::Error,
            "unfilled merge field “<<Name>>”",
            Label::new(Span::new(at, at + 8), "found here"),
        )
        .with_cite("45 CFR 164.404(c)")
        .with_help("fill in the merge field")
        .with_note("a <note>")
        .with_external(&facts, Span::new(11, 13), "affected")
        .with_secondary(Label::new(Span::point(0), "the top"));
        let mut rules = BTreeMap::new();
        rules.insert(
            d.rule.clone(),
            RuleInfo {
                id: d.rule.clone(),
                ruleset: "hygiene".into(),
                severity: Severity::Error,
                message: "m".into(),
                title: "unfilled merge fields".into(),
                cite: "45 CFR 164.404(c)".into(),
                why: "Templates mark fields with <<...>>.".into(),
                help: "h".into(),
                verified: true,
            },
        );
        Report {
            files: vec![
                FileReport {
                    path: "letters/a & b.md".into(),
                    source: Some(source),
                    diagnostics: vec![d],
                    error: None,
                },
                FileReport::failed("gone.md", "io", "no such file"),
            ],
            rules,
        }
    }

    fn html(r: &Report) -> String {
        let mut out = Vec::new();
        render(r, &RenderOptions::default(), &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn every_finding_with_its_snippet_citation_and_help() {
        let page = html(&report());
        assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
        assert!(page.contains("<code>letters/a &amp; b.md</code>"));
        assert!(page.contains("Dear <mark>&lt;&lt;Name&gt;&gt;</mark>,"));
        assert!(page.contains("<code>letters/a &amp; b.md:3:6</code>"));
        assert!(page.contains("<dt>Citation</dt><dd>45 CFR 164.404(c)</dd>"));
        assert!(page.contains("<dt>How to fix it</dt><dd>fill in the merge field</dd>"));
        assert!(page.contains("<dd>a &lt;note&gt;</dd>"));
        assert!(page.contains("In <code>incident.toml:1:12</code>"));
        assert!(page.contains("could not be checked: no such file"));
        assert!(page.contains("1 error, 0 warnings in 2 files (1 file could not be linted)"));
        // The rule table, and the marker of an empty span.
        assert!(page.contains("<td>unfilled merge fields</td>"));
        assert!(page.contains("<mark title=\"here\">"));
    }

    #[test]
    fn the_page_needs_nothing_from_outside() {
        let page = html(&report()).to_lowercase();
        for banned in [
            "<script", "<link", "<img", "<iframe", "@import", "url(", "src=", "http:", "https:",
        ] {
            assert!(!page.contains(banned), "{banned}");
        }
        // The only links are to places in the page.
        for (i, _) in page.match_indices("href=\"") {
            assert_eq!(&page[i + 6..i + 7], "#");
        }
    }

    #[test]
    fn an_empty_report_says_so() {
        let page = html(&Report::default());
        assert!(page.contains("<p>No findings.</p>"));
        assert!(page.contains("<p>No rule reported anything.</p>"));
    }
}
