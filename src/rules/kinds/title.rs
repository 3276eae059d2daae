//! `title`: the notice's title must match one of `pattern` (anchored).
//!
//! The title is whatever comes before the first section heading: a heading,
//! or an unstyled line standing on its own (letters often run the
//! letterhead, date, address and title together without blank lines).
//!
//! Example: `pattern = ['notice of data breach']` (California 1798.82(d)(1)).

use super::shared::expected;
use super::{BuildCx, CompileCx, Eval};
use crate::diagnostic::Label;
use crate::engine::context::Context;
use crate::engine::{Engine, EngineError};
use crate::error::SpannedError;
use crate::rules::Rule;
use crate::span::Span;

/// Keys a `title` rule takes.
pub const KEYS: &[&str] = &["pattern"];

/// A validated `title` rule.
#[derive(Clone, Debug, PartialEq)]
pub struct Spec {
    /// Title patterns (anchored).
    pub patterns: Vec<String>,
}

pub(super) fn build(cx: &BuildCx<'_>) -> Result<Spec, SpannedError> {
    Ok(Spec {
        patterns: cx.patterns(&cx.need(&cx.def.pattern, "pattern")?, true),
    })
}

pub(super) fn describe(s: &Spec) -> String {
    format!(
        "The notice's title (its first heading, or its first line before any section heading) must match one of:\n{}",
        super::shared::list(&s.patterns)
    )
}

/// Indexes of the title patterns in the heading set.
#[derive(Debug)]
pub(crate) struct Compiled {
    heads: Vec<usize>,
}

pub(super) fn compile(s: &Spec, cx: &mut CompileCx<'_>) -> Result<Compiled, EngineError> {
    Ok(Compiled {
        heads: cx.heads(&s.patterns),
    })
}

pub(super) fn run(c: &Compiled, ev: &mut Eval<'_>) {
    if let Some(label) = find(ev.engine, ev.cx, &c.heads, ev.rule()) {
        let d = ev.finding(ev.message(), label);
        ev.push(d);
    }
}

/// Where the missing title is reported, or `None` when the title is there.
fn find(engine: &Engine, cx: &Context<'_>, heads: &[usize], rule: &Rule) -> Option<Label> {
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
                .heads_matching(&norm)
                .into_iter()
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
    Some(label)
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
