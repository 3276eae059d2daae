//! What each rule kind checks, given the per-document [`Context`].

use super::context::Context;
use super::{Compiled, Engine, finding};
use crate::diagnostic::{Diagnostic, Label, Severity};
use crate::span::Span;

/// Longest quote of matched text in a message.
const MAX_QUOTE_CHARS: usize = 60;

pub(super) fn rule(
    engine: &Engine,
    cx: &Context<'_>,
    index: usize,
    severity: Severity,
    out: &mut Vec<Diagnostic>,
) {
    let r = &engine.rules[index];
    let rule = &r.rule;
    let msg = rule.info.message.clone();
    match &r.check {
        Compiled::Title { heads } => {
            if let Some(d) = title(engine, cx, heads, rule, severity, msg) {
                out.push(d);
            }
        }
        Compiled::Section { min_words, .. } => match cx.section_at[index] {
            None => out.push(finding(
                rule,
                severity,
                msg,
                Label::new(
                    missing_section_place(engine, cx, index),
                    expected(rule, "a heading belongs here"),
                ),
            )),
            Some(h) => {
                if let Some(min) = min_words {
                    let words = cx.words(cx.headings[h].body);
                    if words < *min {
                        out.push(finding(
                            rule,
                            severity,
                            format!(
                                "{msg}: the section has {words} word{} of text",
                                if words == 1 { "" } else { "s" }
                            ),
                            Label::new(
                                cx.headings[h].src,
                                format!("this section needs at least {min} words"),
                            ),
                        ));
                    }
                }
            }
        },
        Compiled::Element {
            heads,
            cues,
            min_cues,
            within,
        } => {
            if let Some(h) = cx.heading_matching(heads) {
                if cx.words(cx.headings[h].body) > 0 {
                    return;
                }
            }
            let (region, anchor) = region_of(cx, *within);
            if cues.iter().filter(|&&c| cx.any_in(c, region)).count() >= *min_cues {
                return;
            }
            let found: Vec<Span> = cues
                .iter()
                .filter_map(|&c| cx.hits_in(c, region).next())
                .collect();
            let label = missing_label(cx, rule, anchor);
            let mut d = finding(rule, severity, msg, label);
            if *min_cues > 1 {
                d = d.with_note(format!(
                    "found {} of the {} distinct signs of this content that are required",
                    found.len(),
                    min_cues
                ));
                for s in found {
                    d = d.with_secondary(Label::new(cx.doc.to_source(s), "found this"));
                }
            }
            out.push(d);
        }
        Compiled::Order { sections } => {
            let placed: Vec<(usize, usize)> = sections
                .iter()
                .filter_map(|&s| cx.section_at[s].map(|h| (s, h)))
                .collect();
            for (j, &(_, hj)) in placed.iter().enumerate() {
                // The first earlier-listed section that appears after this one.
                if let Some(&(_, hi)) = placed[..j]
                    .iter()
                    .find(|&&(_, hi)| cx.headings[hi].plain.start > cx.headings[hj].plain.start)
                {
                    let d = finding(
                        rule,
                        severity,
                        msg.clone(),
                        Label::new(
                            cx.headings[hj].src,
                            format!("this heading should come after `{}`", cx.heading_text(hi)),
                        ),
                    )
                    .with_secondary(Label::new(cx.headings[hi].src, "which appears later, here"));
                    out.push(d);
                }
            }
        }
        Compiled::Require { pats, within } => {
            let (region, anchor) = region_of(cx, *within);
            if pats.iter().any(|&p| cx.any_in(p, region)) {
                return;
            }
            let label = missing_label(cx, rule, anchor);
            out.push(finding(rule, severity, msg, label));
        }
        Compiled::Facts | Compiled::ReportMatch { .. } => {}
        Compiled::Forbid {
            pats,
            unless,
            within,
        } => {
            let (region, _) = region_of(cx, *within);
            let mut spans: Vec<Span> = pats.iter().flat_map(|&p| cx.hits_in(p, region)).collect();
            spans.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
            let mut last_end = 0;
            for s in spans {
                // Overlapping matches of one rule are one finding.
                if s.start < last_end {
                    continue;
                }
                let text = &cx.doc.plain[s.range()];
                if unless.as_ref().is_some_and(|u| u.is_match(text)) {
                    continue;
                }
                last_end = s.end;
                let message = msg.replace("{match}", &quote(text));
                out.push(finding(
                    rule,
                    severity,
                    message,
                    Label::new(cx.doc.to_source(s), expected(rule, "found here")),
                ));
            }
        }
    }
}

/// The region a rule searches, and the heading that anchors it, if restricted
/// to a section. A missing section means the whole notice is searched: the
/// section rule reports the missing heading itself.
fn region_of(cx: &Context<'_>, within: Option<usize>) -> (Span, Option<usize>) {
    match within.and_then(|w| cx.section_at[w]) {
        Some(h) => (cx.headings[h].body, Some(h)),
        None => (cx.everything(), None),
    }
}

/// The label for required content that is missing: on the heading of the
/// section that should hold it, or at the top of the notice.
fn missing_label(cx: &Context<'_>, rule: &crate::rules::Rule, anchor: Option<usize>) -> Label {
    match anchor {
        Some(h) => Label::new(
            cx.headings[h].src,
            expected(rule, "not found in this section"),
        ),
        None => Label::new(
            Span::point(cx.doc.content_start()),
            expected(rule, "not found anywhere in this notice"),
        ),
    }
}

fn expected(rule: &crate::rules::Rule, default: &str) -> String {
    rule.expected.clone().unwrap_or_else(|| default.to_string())
}

/// Quotes matched text for a message, shortened and on one line.
fn quote(text: &str) -> String {
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() > MAX_QUOTE_CHARS {
        let cut: String = one_line.chars().take(MAX_QUOTE_CHARS).collect();
        format!("{cut}…")
    } else {
        one_line
    }
}

fn title(
    engine: &Engine,
    cx: &Context<'_>,
    heads: &[usize],
    rule: &crate::rules::Rule,
    severity: Severity,
    msg: String,
) -> Option<Diagnostic> {
    // The title is whatever comes before the first section heading: a
    // heading, or an unstyled title line. Such a line opens a block, or
    // stands on its own inside one: letters often run the letterhead, date,
    // address and title together without blank lines.
    let limit = cx
        .headings
        .iter()
        .find(|h| h.matches.iter().any(|m| engine.section_heads.contains(m)))
        .map_or(cx.doc.plain.len(), |h| h.plain.start);
    let heading_candidates = cx
        .headings
        .iter()
        .filter(|h| h.structural && h.plain.start < limit);
    for h in heading_candidates.clone() {
        if h.matches.iter().any(|m| heads.contains(m)) {
            return None;
        }
    }
    for b in cx.doc.blocks.iter().filter(|b| b.plain.start < limit) {
        let text = &cx.doc.plain[b.plain.range()];
        let mut offset = b.plain.start;
        let mut prev: Option<&str> = None;
        let mut index = 0;
        for raw in text.split_inclusive('\n') {
            let line = raw.trim_end_matches(['\n', '\r']);
            let at = offset;
            offset += raw.len();
            if line.trim().is_empty() {
                continue;
            }
            if at >= limit {
                break;
            }
            let own_line = index < 2 || prev.is_some_and(crate::document::closes_line);
            index += 1;
            prev = Some(line);
            if !own_line {
                continue;
            }
            let norm = crate::document::normalize_heading(line);
            if engine
                .head_set
                .matches(&norm)
                .iter()
                .any(|m| heads.contains(&m))
            {
                return None;
            }
        }
    }
    let label = match heading_candidates.clone().next() {
        Some(h) => Label::new(
            h.src,
            expected(
                rule,
                "this is the first heading, and it is not the required title",
            ),
        ),
        None => Label::new(
            Span::point(cx.doc.content_start()),
            expected(rule, "the title belongs here"),
        ),
    };
    Some(finding(rule, severity, msg, label))
}

/// Where a missing section's heading belongs: after the section that
/// precedes it in the rule set's order, or before the one that follows it.
fn missing_section_place(engine: &Engine, cx: &Context<'_>, index: usize) -> Span {
    let order = engine.rules.iter().find_map(|r| match &r.check {
        Compiled::Order { sections } if sections.contains(&index) => Some(sections),
        _ => None,
    });
    if let Some(sections) = order {
        let pos = sections.iter().position(|&s| s == index).unwrap_or(0);
        if let Some(h) = sections[..pos].iter().rev().find_map(|&s| cx.section_at[s]) {
            let body_end = cx.headings[h].body.end;
            return match cx.headings.iter().find(|x| x.plain.start >= body_end) {
                Some(next) => Span::point(next.src.start),
                None => Span::point(cx.doc.to_source(Span::point(cx.doc.plain.len())).start),
            };
        }
        if let Some(h) = sections[pos + 1..].iter().find_map(|&s| cx.section_at[s]) {
            return Span::point(cx.headings[h].src.start);
        }
    }
    Span::point(cx.doc.content_start())
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::sync::Arc;

    use crate::document::{DocFormat, Document};
    use crate::engine::{Engine, Overrides};
    use crate::incident::Incident;
    use crate::rules::{Origin, RuleSet};
    use crate::source::SourceFile;

    const RULES: &str = r#"
[ruleset]
id = "demo"
title = "Demo"
citation = "Demo Act"
version = "1"
verified = true

[[rule]]
id = "demo/title"
kind = "title"
severity = "error"
message = "no title"
cite = "c"
why = "w"
help = "h"
pattern = [
  'notice of data breach',
  'notice of data breach\s*(?:-|\().*',
]

[[rule]]
id = "demo/what-happened"
kind = "section"
severity = "error"
message = "no section"
cite = "c"
why = "w"
help = "h"
heading = ['what happened']
"#;

    /// Whether the title rule fires on `text`, read as plain text.
    fn title_fires(text: &str) -> bool {
        let set = RuleSet::parse(
            Origin::File("demo.toml".into()),
            Path::new("demo.toml"),
            RULES,
        )
        .expect("demo rules");
        let engine = Engine::new(vec![set], &Overrides::default()).expect("engine");
        let doc = Document::parse(Arc::new(SourceFile::new("n.txt", text)), DocFormat::Text);
        engine
            .lint(&doc, &Incident::default())
            .iter()
            .any(|d| d.rule == "demo/title")
    }

    #[test]
    fn title_as_first_heading_or_first_line() {
        assert!(!title_fires(
            "Notice of Data Breach\n\nWhat Happened\nA pipe burst in the file room.\n"
        ));
        assert!(!title_fires(
            "Notice of Data Breach - Lakeside Clinic, 12 Elm Road\nWe write about files.\n"
        ));
        assert!(title_fires(
            "Notice of a Privacy Event\n\nWhat Happened\nA pipe burst in the file room.\n"
        ));
    }

    #[test]
    fn title_deep_in_a_letter_head_block() {
        // The title line carries a date, so it is not a heading; it is the
        // fourth line of a block that runs the letter's head together.
        let text = "Lakeside Clinic sends this letter to members.\n\
                    It tells you about a problem with paper files.\n\
                    Please keep it with your records.\n\
                    NOTICE OF DATA BREACH (sent June 3, 2025)\n\
                    We learned of the problem in May and acted at once.\n\
                    \n\
                    What Happened\n\
                    A pipe burst in the file room and soaked the folders.\n";
        assert!(!title_fires(text));
    }

    #[test]
    fn title_words_inside_a_wrapped_sentence_do_not_count() {
        let text = "Lakeside Clinic sends this letter to members and encloses the\n\
                    form called our privacy summary, not a formal\n\
                    notice of data breach - see the back page for the details\n\
                    that we could share today.\n\
                    \n\
                    What Happened\n\
                    A pipe burst in the file room and soaked the folders.\n";
        assert!(title_fires(text));
    }

    #[test]
    fn title_after_the_first_section_heading_does_not_count() {
        let text = "Lakeside Clinic\n\n\
                    What Happened\n\
                    A pipe burst in the file room.\n\
                    NOTICE OF DATA BREACH (sent June 3, 2025)\n\
                    We learned of it in May.\n";
        assert!(title_fires(text));
    }
}
