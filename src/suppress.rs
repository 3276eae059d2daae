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

use crate::diagnostic::{Diagnostic, Label, Severity, builtin};
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
struct Region {
    /// Index of the comment that opened it.
    comment: usize,
    /// Rule or rule-set names; empty means every rule.
    names: Vec<String>,
    /// Source range the region covers.
    span: Span,
    used: bool,
}

fn parse_directive(body: &str) -> Option<(Directive, Vec<String>)> {
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
        .map(String::from)
        .collect();
    Some((directive, names))
}

fn covers(names: &[String], rule: &str) -> bool {
    names.is_empty()
        || names
            .iter()
            .any(|n| n == rule || rule.split_once('/').is_some_and(|(set, _)| set == n))
}

/// Removes suppressed findings from `diags` and adds findings about the
/// directives themselves. `known` lists every loaded rule id.
pub fn apply(doc: &Document, diags: &mut Vec<Diagnostic>, known: &[&str]) {
    let src = &doc.source;
    let mut regions: Vec<Region> = Vec::new();
    let mut extra = Vec::new();
    for (ci, c) in doc.comments.iter().enumerate() {
        // Inside front matter a comment is TOML text, not a directive.
        if doc.front_matter.is_some_and(|f| f.contains(c.span)) {
            continue;
        }
        let Some((directive, names)) = parse_directive(&c.body) else {
            continue;
        };
        for n in &names {
            let known_name = known
                .iter()
                .any(|k| k == n || k.split_once('/').is_some_and(|(set, _)| set == n));
            if !known_name {
                let mut d = Diagnostic::new(
                    builtin::UNKNOWN_SUPPRESSION,
                    Severity::Warning,
                    format!("suppression names `{n}`, which is not a loaded rule or rule set"),
                    Label::new(c.span, "unknown rule"),
                );
                d = match did_you_mean(n, known.iter().copied()) {
                    Some(near) => d.with_help(format!("did you mean `{near}`?")),
                    None => d.with_help("run `breachlint rules` to list rule ids"),
                };
                extra.push(d);
            }
        }
        match directive {
            Directive::Disable => regions.push(Region {
                comment: ci,
                names,
                span: Span::new(c.span.end, src.text.len()),
                used: false,
            }),
            Directive::Enable => {
                // Close the most recent open region for the same names (or any, for a bare enable).
                for r in regions.iter_mut().rev() {
                    if r.span.end == src.text.len()
                        && r.span.start <= c.span.start
                        && (names.is_empty() || r.names == names)
                    {
                        r.span.end = c.span.start;
                        if !names.is_empty() {
                            break;
                        }
                    }
                }
            }
            Directive::DisableNextLine => {
                // The next line with text after the comment.
                let mut line = src.line_index(c.span.end) + 1;
                let count = src.line_starts().len();
                while line < count && src.slice(src.line_span(line)).trim().is_empty() {
                    line += 1;
                }
                let span = if line < count {
                    src.line_span(line)
                } else {
                    Span::point(src.text.len())
                };
                regions.push(Region {
                    comment: ci,
                    names,
                    span,
                    used: false,
                });
            }
        }
    }
    diags.retain(|d| {
        let at = d.primary.span.start;
        let mut keep = true;
        for r in regions.iter_mut() {
            let inside = r.span.start <= at
                && (at < r.span.end
                    || (r.span.is_empty() && at == r.span.start)
                    || at == src.text.len() && r.span.end == at);
            if inside && covers(&r.names, &d.rule) {
                r.used = true;
                keep = false;
            }
        }
        keep
    });
    for r in regions.iter().filter(|r| !r.used) {
        let c = &doc.comments[r.comment];
        extra.push(
            Diagnostic::new(
                builtin::UNUSED_SUPPRESSION,
                Severity::Info,
                "this suppression comment suppresses nothing",
                Label::new(c.span, "no finding here to suppress"),
            )
            .with_help("remove the comment, or correct the rule id"),
        );
    }
    diags.extend(extra);
    diags.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
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
}
