//! The whole pipeline (decode, parse, extract, every built-in rule, every
//! output format) never panics, whatever bytes it is given.

use std::sync::Arc;

use breachlint::config::Settings;
use breachlint::document::DocFormat;
use breachlint::engine::Engine;
use breachlint::lint::{LintContext, lint_bytes};
use breachlint::render::{Format, RenderOptions, render};
use breachlint::report::Report;
use proptest::prelude::*;

fn engine() -> Arc<Engine> {
    static ENGINE: std::sync::OnceLock<Arc<Engine>> = std::sync::OnceLock::new();
    ENGINE.get_or_init(build).clone()
}

fn build() -> Arc<Engine> {
    let settings = Settings::defaults();
    let mut sets: Vec<_> = settings
        .rulesets
        .iter()
        .map(|r| r.load().unwrap())
        .collect();
    sets.push(
        breachlint::rules::builtin::load("california")
            .unwrap()
            .unwrap(),
    );
    Arc::new(Engine::new(sets, &settings.overrides).unwrap())
}

/// Text that looks like a notice: headings, dates, numbers, merge fields, odd bytes.
fn notice_like() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        Just("# Notice of Data Breach\n".to_string()),
        Just("What Happened?\n".to_string()),
        Just("**What You Can Do**\n".to_string()),
        Just("On March 3, 2026 we learned ".to_string()),
        Just("between June 1 and June 5, 2024 ".to_string()),
        Just("approximately 1,000 members ".to_string()),
        Just("call 1-800-555-0100 (TTY: 711). ".to_string()),
        Just("<<FirstName>> [DATE] {{name}} ".to_string()),
        Just("<!-- breachlint-disable hygiene -->\n".to_string()),
        Just("+++\naffected = 5\n+++\n".to_string()),
        Just("\r\n\t\u{feff}\u{201c}é€\u{2019}".to_string()),
        Just("<p>".to_string()),
        Just("</p>\n".to_string()),
        Just("<h2>What Happened</h2>".to_string()),
        Just("<a href=\"#x\">help@example.org</a>".to_string()),
        Just("&amp;&ntilde;&#x41;&bogus".to_string()),
        Just("<script>var a = '</p>';</script>".to_string()),
        Just("<w:p><w:r><w:t xml:space=\"preserve\">".to_string()),
        Just("</w:t></w:r></w:p>".to_string()),
        Just("<w:ins w:author=\"A\"><w:r><w:t>new</w:t></w:r></w:ins>".to_string()),
        Just("<w:fldSimple w:instr=\"MERGEFIELD X\">".to_string()),
        Just("<w:commentRangeStart w:id=\"1\"/>".to_string()),
        "[ -~]{0,40}",
        "\\PC{0,20}",
    ];
    (
        prop::collection::vec(piece, 0..30),
        prop::collection::vec(any::<u8>(), 0..8),
    )
        .prop_map(|(parts, junk)| {
            let mut bytes = parts.concat().into_bytes();
            let at = bytes.len() / 2;
            bytes.splice(at..at, junk);
            bytes
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn never_panics(bytes in notice_like(), kind in 0..4u8) {
        let engine = engine();
        let (format, path) = match kind {
            0 => (DocFormat::Markdown, "n.md"),
            1 => (DocFormat::Text, "n.txt"),
            2 => (DocFormat::Html, "n.html"),
            _ => (DocFormat::Docx, "n.docx"),
        };
        let path = std::path::Path::new(path);
        let file = if format == DocFormat::Docx {
            // The body XML of a Word file, where the reader's work is.
            let text = String::from_utf8_lossy(&bytes);
            match breachlint::document::docx::from_body_xml(path, &text) {
                Ok(doc) => breachlint::lint::lint_document(&engine, doc, &LintContext::today()),
                Err(_) => return Ok(()),
            }
        } else {
            lint_bytes(&engine, path, &bytes, format, &LintContext::today())
        };
        if let Some(src) = &file.source {
            for d in &file.diagnostics {
                prop_assert!(d.primary.span.end <= src.text.len());
                prop_assert!(src.text.is_char_boundary(d.primary.span.start));
                prop_assert!(src.text.is_char_boundary(d.primary.span.end));
            }
        }
        let report = Report { files: vec![file], rules: engine.rule_infos() };
        for format in [Format::Human, Format::Short, Format::Json, Format::JsonLines, Format::Sarif, Format::Github, Format::Junit] {
            let mut out = Vec::new();
            render(format, &report, &RenderOptions::default(), &mut out).unwrap();
            let redacted = breachlint::redact::redact(&report);
            render(format, &redacted, &RenderOptions::default(), &mut Vec::new()).unwrap();
        }
    }
}
