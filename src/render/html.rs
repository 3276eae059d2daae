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

use super::{RenderOptions, Timeline};
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
pub fn render(report: &Report, opts: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
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

    if !opts.timelines.is_empty() {
        writeln!(
            out,
            "<section aria-labelledby=\"deadlines\">\n<h2 id=\"deadlines\">Deadlines</h2>"
        )?;
        for (i, t) in opts.timelines.iter().enumerate() {
            timeline(out, i, t)?;
        }
        writeln!(out, "</section>")?;
    }

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

/// One incident's deadlines: an inline SVG drawing, then the same in a table.
fn timeline(out: &mut dyn Write, index: usize, t: &Timeline) -> io::Result<()> {
    use jiff::civil::Date;
    writeln!(out, "<h3>Incident of <code>{}</code></h3>", esc(&t.facts))?;
    if t.steps.is_empty() {
        return writeln!(
            out,
            "<p>No deadline could be worked out from the facts (see <code>breachlint deadlines</code>).</p>"
        );
    }
    let dates: Vec<Date> = t
        .steps
        .iter()
        .flat_map(|s| std::iter::once(s.deadline).chain(s.done_on))
        .chain(t.discovery)
        .chain(std::iter::once(t.today))
        .collect();
    let lo = *dates.iter().min().expect("a step");
    let hi = *dates.iter().max().expect("a step");
    let show = |d: Date| when(t, d);
    let (lo_s, hi_s) = (show(lo), show(hi));
    let days = |d: Date| crate::calendar::calendar_days_between(lo, d) as f64;
    let span = days(hi).max(1.0);
    let (left, width) = (40.0, 820.0);
    let x = |d: Date| left + 10.0 + days(d) / span * (width - 20.0);
    let row_y = |i: usize| 70.0 + i as f64 * 30.0;
    let height = row_y(t.steps.len()) + 10.0;
    let id = format!("timeline-{index}");
    let mut svg = format!(
        "<svg role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" viewBox=\"0 0 900 {height}\" width=\"100%\" style=\"max-width:900px\">\n\
         <title id=\"{id}-title\">Deadlines from {lo_s} to {hi_s}</title>\n\
         <desc id=\"{id}-desc\">One row per obligation, numbered as in the table below: a bar from discovery to the deadline, a circle where it was done or is planned. The table below gives the same dates.</desc>\n",
    );
    let axis_y = 40.0;
    svg.push_str(&format!(
        "<line x1=\"{left}\" y1=\"{axis_y}\" x2=\"{}\" y2=\"{axis_y}\" stroke=\"#1a1a1a\"/>\n\
         <text x=\"{left}\" y=\"20\" font-size=\"12\" fill=\"#1a1a1a\">{lo_s}</text>\n\
         <text x=\"{}\" y=\"20\" font-size=\"12\" fill=\"#1a1a1a\" text-anchor=\"end\">{hi_s}</text>\n",
        left + width,
        left + width
    ));
    let bottom = height - 5.0;
    if let Some(d) = t.discovery {
        svg.push_str(&format!(
            "<line x1=\"{0}\" y1=\"{axis_y}\" x2=\"{0}\" y2=\"{bottom}\" stroke=\"#1a1a1a\" stroke-width=\"2\"/>\n\
             <text x=\"{0}\" y=\"55\" font-size=\"12\" fill=\"#1a1a1a\" dx=\"3\">discovery {1}</text>\n",
            x(d),
            show(d)
        ));
    }
    svg.push_str(&format!(
        "<line x1=\"{0}\" y1=\"{axis_y}\" x2=\"{0}\" y2=\"{bottom}\" stroke=\"#1f4e79\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/>\n\
         <text x=\"{0}\" y=\"34\" font-size=\"12\" fill=\"#1f4e79\" text-anchor=\"middle\">today {1}</text>\n",
        x(t.today),
        show(t.today)
    ));
    for (i, s) in t.steps.iter().enumerate() {
        let y = row_y(i);
        let start = t.discovery.map_or(left + 10.0, x);
        let end = x(s.deadline);
        svg.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" font-size=\"12\" fill=\"#1a1a1a\" text-anchor=\"end\">{}</text>\n\
             <line x1=\"{start}\" y1=\"{y}\" x2=\"{end}\" y2=\"{y}\" stroke=\"#595959\" stroke-width=\"6\"/>\n\
             <line x1=\"{end}\" y1=\"{}\" x2=\"{end}\" y2=\"{}\" stroke=\"#1a1a1a\" stroke-width=\"{}\"/>\n",
            left - 8.0,
            y + 4.0,
            i + 1,
            y - 10.0,
            y + 10.0,
            if s.controlling { 5 } else { 2 }
        ));
        if let Some(done) = s.done_on {
            let fill = match s.status {
                "late" => "#a40000",
                "planned" => "#1f4e79",
                _ => "#1b5e20",
            };
            svg.push_str(&format!(
                "<circle cx=\"{}\" cy=\"{y}\" r=\"6\" fill=\"{fill}\" stroke=\"#1a1a1a\"/>\n",
                x(done)
            ));
        }
    }
    svg.push_str("</svg>");
    writeln!(out, "<figure>\n{svg}\n</figure>")?;
    writeln!(
        out,
        "<table>\n<caption>Obligations, earliest deadline first</caption>\n\
         <thead><tr><th scope=\"col\">#</th><th scope=\"col\">Obligation</th><th scope=\"col\">Rule</th><th scope=\"col\">Deadline</th><th scope=\"col\">Status</th><th scope=\"col\">Done or planned</th></tr></thead>\n<tbody>"
    )?;
    for (i, s) in t.steps.iter().enumerate() {
        writeln!(
            out,
            "<tr><td class=\"n\">{}</td><th scope=\"row\">{}{}</th><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td></tr>",
            i + 1,
            esc(&s.obligation),
            if s.controlling {
                " <strong>(controls: the first deadline)</strong>"
            } else {
                ""
            },
            esc(&s.rule),
            show(s.deadline),
            s.status,
            s.done_on.map(show).unwrap_or_default()
        )?;
    }
    writeln!(out, "</tbody>\n</table>")
}

/// A date of `t` as shown: itself, or (relative) its day counted from
/// discovery, or from today when discovery is unknown.
fn when(t: &Timeline, d: jiff::civil::Date) -> String {
    if !t.relative {
        return d.to_string();
    }
    let (from, name) = match t.discovery {
        Some(disc) => (disc, "discovery"),
        None => (t.today, "today"),
    };
    match crate::calendar::calendar_days_between(from, d) {
        0 => format!("day 0 ({name})"),
        n => format!("day {n:+} from {name}"),
    }
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
    fn a_timeline_draws_discovery_today_and_each_deadline() {
        use crate::render::{Step, Timeline};
        let d = |s: &str| s.parse::<jiff::civil::Date>().unwrap();
        let opts = RenderOptions {
            timelines: vec![Timeline {
                facts: "incident.toml".into(),
                discovery: Some(d("2026-01-10")),
                today: d("2026-02-01"),
                steps: vec![
                    Step {
                        obligation: "Notice to individuals".into(),
                        rule: "hipaa/individual-deadline".into(),
                        deadline: d("2026-03-11"),
                        done_on: Some(d("2026-03-20")),
                        status: "late",
                        controlling: true,
                    },
                    Step {
                        obligation: "Report to HHS".into(),
                        rule: "hipaa/hhs-report-deadline".into(),
                        deadline: d("2026-03-11"),
                        done_on: None,
                        status: "due",
                        controlling: false,
                    },
                ],
                relative: false,
            }],
            ..RenderOptions::default()
        };
        let mut out = Vec::new();
        render(&report(), &opts, &mut out).unwrap();
        let page = String::from_utf8(out).unwrap();
        let mut redacted = opts.clone();
        redacted.timelines[0].relative = true;
        let mut out = Vec::new();
        render(&report(), &redacted, &mut out).unwrap();
        let hidden = String::from_utf8(out).unwrap();
        assert!(!hidden.contains("2026-"), "{hidden}");
        assert!(hidden.contains(">discovery day 0 (discovery)</text>"));
        assert!(hidden.contains(">today day +22 from discovery</text>"));
        assert!(hidden.contains("<td>day +60 from discovery</td><td>due</td>"));
        assert!(page.contains("<h2 id=\"deadlines\">Deadlines</h2>"));
        assert!(page.contains(
            "<title id=\"timeline-0-title\">Deadlines from 2026-01-10 to 2026-03-20</title>"
        ));
        assert!(page.contains(">discovery 2026-01-10</text>"));
        assert!(page.contains(">today 2026-02-01</text>"));
        // The late notice is a red circle; the controlling deadline is marked in the table.
        assert!(page.contains("fill=\"#a40000\""));
        assert!(page.contains("<th scope=\"row\">Notice to individuals <strong>(controls: the first deadline)</strong></th>"));
        assert!(page.contains("<td>2026-03-11</td><td>due</td><td></td>"));
        assert!(!page.contains("http:"));
    }

    #[test]
    fn an_empty_report_says_so() {
        let page = html(&Report::default());
        assert!(page.contains("<p>No findings.</p>"));
        assert!(page.contains("<p>No rule reported anything.</p>"));
    }
}
