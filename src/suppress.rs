//! Inline suppression comments.
//!
//! ```markdown
//! <!-- breachlint-disable hipaa/toll-free -->
//! …
//! <!-- breachlint-enable hipaa/toll-free -->
//! <!-- breachlint-disable-next-line hygiene/placeholder -->
//! ```
//!
//! A directive names rule ids, rule-set ids (`hygiene` means every hygiene
//! rule), or nothing (every rule). A disable without a matching enable runs
//! to the end of the file, which is how a whole file opts out. A directive
//! that suppresses nothing is reported, so stale ones do not pile up.

use std::collections::HashMap;

use crate::diagnostic::{Capped, Diagnostic, Label, Severity, builtin};
use crate::document::Document;
use crate::error::did_you_mean;
use crate::span::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Directive {
    Disable,
    Enable,
    DisableNextLine,
}

#[derive(Debug)]
struct Region<'a> {
    /// Index of the comment that opened it.
    comment: usize,
    /// Rule or rule-set names; empty means every rule.
    names: Vec<&'a str>,
    /// Source range the region covers.
    span: Span,
}

impl Region<'_> {
    /// One past the last offset the region covers: an empty region covers
    /// its own offset, and one that runs to the end of the text covers the
    /// end too (where findings about missing content point).
    fn reach(&self, text_len: usize) -> usize {
        if self.span.is_empty() || self.span.end == text_len {
            self.span.end + 1
        } else {
            self.span.end
        }
    }
}

fn parse_directive(body: &str) -> Option<(Directive, Vec<&str>)> {
    let rest = body.strip_prefix("breachlint-")?;
    let (word, names) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
    let directive = match word {
        "disable" => Directive::Disable,
        "enable" => Directive::Enable,
        "disable-next-line" => Directive::DisableNextLine,
        _ => return None,
    };
    let names = names
        .split([',', ' ', '\t', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    Some((directive, names))
}

/// For one name (`None`: no names), the regions that carry it and the
/// findings (position, index) that answer to it.
#[derive(Default)]
struct ByName {
    regions: Vec<usize>,
    findings: Vec<(usize, usize)>,
}

/// What a region's name must be to cover a finding of `rule`: the rule id,
/// or its rule set's id. (`None`, a region without names, covers every rule.)
fn keys(rule: &str) -> impl Iterator<Item = Option<&str>> {
    let set = rule.split_once('/').map(|(set, _)| Some(set));
    [None, Some(rule)].into_iter().chain(set)
}

/// Removes suppressed findings from `diags` and adds findings about the
/// directives themselves. `known` lists every loaded rule id.
///
/// The work is linear (up to sorting) in the number of comments, names and
/// findings: a notice can hold many thousands of each, and every pairing of
/// them took minutes on a megabyte of comments.
pub fn apply(doc: &Document, diags: &mut Vec<Diagnostic>, known: &[&str]) {
    let len = doc.source.text.len();
    let mut unknown = Vec::new();
    let regions = read_regions(doc, known, &mut unknown);
    let (suppressed, used) = coverage(diags, &regions, len);
    let mut j = 0;
    diags.retain(|_| {
        j += 1;
        !suppressed[j - 1]
    });
    let unused = unused_warnings(doc, &regions, &used);
    diags.extend(unknown);
    diags.extend(unused);
    diags.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
}

/// The regions the document's suppression comments mark, in comment order;
/// warnings about names that are no loaded rule or rule set go to `unknown`.
fn read_regions<'a>(
    doc: &'a Document,
    known: &[&str],
    unknown: &mut Vec<Diagnostic>,
) -> Vec<Region<'a>> {
    let src = &doc.source;
    let len = src.text.len();
    let mut regions: Vec<Region<'_>> = Vec::new();
    let mut unknown_cap = Capped::default();
    // Disable regions not yet closed: all of them, and by their names.
    let mut open: Vec<usize> = Vec::new();
    let mut open_named: HashMap<String, Vec<usize>> = HashMap::new();
    // The last run of blank lines looked through by a next-line directive:
    // (first line looked at, first line with text at or after it).
    let mut blank_run: Option<(usize, usize)> = None;
    for (ci, c) in doc.comments.iter().enumerate() {
        // Inside front matter a comment is TOML text, not a directive.
        if doc.front_matter.is_some_and(|f| f.contains(c.span)) {
            continue;
        }
        let Some((directive, names)) = parse_directive(&c.body) else {
            continue;
        };
        warn_unknown_names(&names, c.span, known, unknown, &mut unknown_cap);
        match directive {
            Directive::Disable => {
                let r = regions.len();
                open.push(r);
                if !names.is_empty() {
                    open_named.entry(names.join(" ")).or_default().push(r);
                }
                regions.push(Region {
                    comment: ci,
                    names,
                    span: Span::new(c.span.end, len),
                });
            }
            Directive::Enable => {
                let is_open = |r: &Region<'_>| r.span.end == len;
                if names.is_empty() {
                    // A bare enable closes every open region.
                    for r in open.drain(..) {
                        if is_open(&regions[r]) {
                            regions[r].span.end = c.span.start;
                        }
                    }
                } else if let Some(stack) = open_named.get_mut(&names.join(" ")) {
                    // The most recent open region with the same names; those
                    // a bare enable closed are passed over once.
                    while let Some(r) = stack.pop() {
                        if is_open(&regions[r]) {
                            regions[r].span.end = c.span.start;
                            break;
                        }
                    }
                }
            }
            Directive::DisableNextLine => {
                let line = next_text_line(doc, c.span.end, &mut blank_run);
                let span = if line < src.line_count() {
                    src.line_span(line)
                } else {
                    Span::point(len)
                };
                regions.push(Region {
                    comment: ci,
                    names,
                    span,
                });
            }
        }
    }
    unknown_cap.finish(unknown.last_mut());
    regions
}

/// Adds to `out` (capped by `cap`) a warning for each of `names` that is
/// no loaded rule or rule set.
fn warn_unknown_names(
    names: &[&str],
    span: Span,
    known: &[&str],
    out: &mut Vec<Diagnostic>,
    cap: &mut Capped,
) {
    for n in names {
        let known_name = known
            .iter()
            .any(|k| k == n || k.split_once('/').is_some_and(|(set, _)| set == *n));
        if known_name {
            continue;
        }
        if cap.full() {
            cap.skip();
            continue;
        }
        cap.push(out, unknown_name(n, span, known));
    }
}

/// The warning for a directive at `span` naming `n`, which is no loaded
/// rule or rule set.
fn unknown_name(n: &str, span: Span, known: &[&str]) -> Diagnostic {
    let d = Diagnostic::new(
        builtin::UNKNOWN_SUPPRESSION,
        Severity::Warning,
        format!("suppression names `{n}`, which is not a loaded rule or rule set"),
        Label::new(span, "unknown rule"),
    );
    match did_you_mean(n, known.iter().copied()) {
        Some(near) => d.with_help(format!("did you mean `{near}`?")),
        None => d.with_help("run `breachlint rules` to list rule ids"),
    }
}

/// The index of the next line with text after offset `after` (the line
/// count if there is none).
fn next_text_line(doc: &Document, after: usize, blank_run: &mut Option<(usize, usize)>) -> usize {
    let src = &doc.source;
    // Comments come in order, so a run of blank lines is looked through
    // only once.
    let first = src.line_index(after) + 1;
    match *blank_run {
        Some((from, to)) if from <= first && first <= to => to,
        _ => {
            let count = src.line_count();
            let mut line = first;
            while line < count && src.slice(src.line_span(line)).trim().is_empty() {
                line += 1;
            }
            *blank_run = Some((first, line));
            line
        }
    }
}

/// Which findings the regions suppress, and which regions suppress any.
fn coverage(diags: &[Diagnostic], regions: &[Region<'_>], len: usize) -> (Vec<bool>, Vec<bool>) {
    // Which regions can cover which findings, by name: only names that some
    // finding answers to matter (`keys`).
    let mut wanted: HashMap<Option<&str>, ByName> = HashMap::new();
    for (j, d) in diags.iter().enumerate() {
        for key in keys(&d.rule) {
            wanted
                .entry(key)
                .or_default()
                .findings
                .push((d.primary.span.start, j));
        }
    }
    for (r, region) in regions.iter().enumerate() {
        if region.names.is_empty() {
            if let Some(w) = wanted.get_mut(&None) {
                w.regions.push(r);
            }
        }
        for n in &region.names {
            if let Some(w) = wanted.get_mut(&Some(*n)) {
                w.regions.push(r);
            }
        }
    }
    // For each name, a sweep over the findings in order of position: the
    // regions begun by then, the farthest one of them reaches, and those
    // begun but not yet known to be used.
    let mut used = vec![false; regions.len()];
    let mut suppressed = vec![false; diags.len()];
    for ByName {
        regions: covering,
        findings: found,
    } in wanted.values_mut()
    {
        covering.sort_by_key(|&r| regions[r].span.start);
        found.sort_unstable();
        let (mut next, mut reach) = (0, 0);
        let mut pending: Vec<usize> = Vec::new();
        for &(at, j) in found.iter() {
            while let Some(&r) = covering.get(next).filter(|&&r| regions[r].span.start <= at) {
                reach = reach.max(regions[r].reach(len));
                pending.push(r);
                next += 1;
            }
            if reach > at {
                suppressed[j] = true;
                // Those that have not ended cover this finding; those that
                // have cannot cover a later one.
                for r in pending.drain(..) {
                    if regions[r].reach(len) > at {
                        used[r] = true;
                    }
                }
            }
        }
    }
    (suppressed, used)
}

/// Notes on the regions that suppressed nothing, capped.
fn unused_warnings(doc: &Document, regions: &[Region<'_>], used: &[bool]) -> Vec<Diagnostic> {
    let mut unused = Vec::new();
    let mut unused_cap = Capped::default();
    for (region, _) in regions.iter().zip(used).filter(|(_, used)| !**used) {
        if unused_cap.full() {
            unused_cap.skip();
            continue;
        }
        let c = &doc.comments[region.comment];
        unused_cap.push(
            &mut unused,
            Diagnostic::new(
                builtin::UNUSED_SUPPRESSION,
                Severity::Info,
                "this suppression comment suppresses nothing",
                Label::new(c.span, "no finding here to suppress"),
            )
            .with_help("remove the comment, or correct the rule id"),
        );
    }
    unused_cap.finish(unused.last_mut());
    unused
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::DocFormat;
    use crate::source::SourceFile;
    use std::sync::Arc;

    fn doc(text: &str) -> Document {
        Document::parse(Arc::new(SourceFile::new("n.md", text)), DocFormat::Markdown)
    }

    fn at(doc: &Document, needle: &str, rule: &str) -> Diagnostic {
        let s = doc.source.text.find(needle).unwrap();
        Diagnostic::new(
            rule,
            Severity::Error,
            "m",
            Label::new(Span::new(s, s + needle.len()), ""),
        )
    }

    const KNOWN: &[&str] = &["hygiene/tbd", "hygiene/placeholder", "hipaa/contact"];

    #[test]
    fn region_and_next_line() {
        let d = doc(
            "<!-- breachlint-disable hygiene/tbd -->\nA TBD.\n<!-- breachlint-enable hygiene/tbd -->\nB TBD.\n\n<!-- breachlint-disable-next-line hygiene -->\n\nC [X].\nD [Y].\n",
        );
        let mut diags = vec![
            at(&d, "A TBD", "hygiene/tbd"),
            at(&d, "B TBD", "hygiene/tbd"),
            at(&d, "C [X]", "hygiene/placeholder"),
            at(&d, "D [Y]", "hygiene/placeholder"),
        ];
        apply(&d, &mut diags, KNOWN);
        let left: Vec<_> = diags
            .iter()
            .map(|x| d.source.slice(x.primary.span))
            .collect();
        assert_eq!(left, ["B TBD", "D [Y]"]);
    }

    #[test]
    fn unused_and_unknown_are_reported() {
        let d = doc("<!-- breachlint-disable hipaa/contcat -->\nText.\n");
        let mut diags = vec![];
        apply(&d, &mut diags, KNOWN);
        let rules: Vec<_> = diags.iter().map(|x| x.rule.as_str()).collect();
        assert_eq!(
            rules,
            [builtin::UNKNOWN_SUPPRESSION, builtin::UNUSED_SUPPRESSION]
        );
        assert_eq!(
            diags[0].help.as_deref(),
            Some("did you mean `hipaa/contact`?")
        );
        assert_eq!(diags[1].severity, Severity::Info);
    }

    #[test]
    fn bare_disable_covers_everything_to_the_end() {
        let d = doc("Intro.\n\n<!-- breachlint-disable -->\n\nA TBD.\n");
        let mut diags = vec![
            at(&d, "A TBD", "hygiene/tbd"),
            at(&d, "Intro", "hipaa/contact"),
        ];
        apply(&d, &mut diags, KNOWN);
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].rule, "hipaa/contact");
    }

    #[test]
    fn enables_close_the_regions_they_name() {
        let d = doc(
            "<!-- breachlint-disable hygiene -->\n<!-- breachlint-disable hipaa -->\n\
             A TBD.\n<!-- breachlint-enable hygiene -->\nB TBD.\nC call.\n\
             <!-- breachlint-enable -->\nD call.\n",
        );
        let mut diags = vec![
            at(&d, "A TBD", "hygiene/tbd"),
            at(&d, "B TBD", "hygiene/tbd"),
            at(&d, "C call", "hipaa/contact"),
            at(&d, "D call", "hipaa/contact"),
        ];
        apply(&d, &mut diags, KNOWN);
        let left: Vec<_> = diags
            .iter()
            .map(|x| d.source.slice(x.primary.span))
            .collect();
        assert_eq!(left, ["B TBD", "D call"]);
    }

    #[test]
    fn next_line_directives_share_a_run_of_blank_lines() {
        let d = doc(
            "<!-- breachlint-disable-next-line hygiene --><!-- breachlint-disable-next-line hipaa -->\n\n\n\nA TBD call.\n",
        );
        let s = d.source.text.find("A TBD").unwrap();
        let mut diags = vec![
            Diagnostic::new(
                "hygiene/tbd",
                Severity::Error,
                "m",
                Label::new(Span::new(s, s + 5), ""),
            ),
            Diagnostic::new(
                "hipaa/contact",
                Severity::Error,
                "m",
                Label::new(Span::new(s, s + 5), ""),
            ),
        ];
        apply(&d, &mut diags, KNOWN);
        assert!(diags.is_empty(), "{diags:?}");
    }
}
