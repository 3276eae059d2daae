//! What each fuzz target does with its input, and the properties it checks.
//!
//! The bodies live here rather than in the target files so that
//! `tests/fuzz_regressions.rs` in the main crate can replay stored inputs
//! through exactly the same code on stable Rust (it includes this file by
//! path). Hence no dependency beyond what the main crate already has.
//!
//! A target may return early on input it cannot use (not UTF-8, say) and
//! treats errors as results; it fails only by panicking, which is what the
//! assertions here do when a property is broken.

use std::path::Path;
use std::sync::{Arc, OnceLock};

use breachlint::config::Settings;
use breachlint::diagnostic::{Diagnostic, Label, Severity};
use breachlint::document::{DocFormat, Document};
use breachlint::engine::{Engine, Overrides};
use breachlint::error::{Error, SpannedError};
use breachlint::lint::{LintContext, lint_bytes};
use breachlint::render::{Format, RenderOptions, Stream, render as render_report};
use breachlint::report::{FileReport, Report, RuleInfo};
use breachlint::rules::{Origin, RuleSet};
use breachlint::source::SourceFile;
use breachlint::span::Span;

/// The fixed "today" of every target, so that a stored input replays the same way.
fn today() -> jiff::civil::Date {
    jiff::civil::date(2026, 11, 28)
}

/// Panics unless `span` is a well-formed range of `text` on char boundaries.
fn assert_span(text: &str, span: Span, what: &str) {
    assert!(
        span.start <= span.end && span.end <= text.len(),
        "{what}: span {span:?} out of bounds of a text of {} bytes",
        text.len()
    );
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{what}: span {span:?} splits a character"
    );
}

/// Renders a located error the way the command line does; codespan slices
/// the source with the span, so a bad span shows up here as a panic.
fn check_spanned(e: &SpannedError) {
    if let Some(span) = e.span {
        assert_span(&e.source, span, "located error");
    }
    let mut out = Vec::new();
    breachlint::cli::render_spanned(e, false, &mut out).expect("rendering to memory");
    breachlint::cli::render_spanned(e, true, &mut Vec::new()).expect("rendering to memory");
}

fn check_error(e: &Error) {
    if let Error::Spanned(s) = e {
        check_spanned(s);
    }
    let _ = e.to_string();
}

// ---------------------------------------------------------------------------
// Documents.

/// Parses `data` as a Markdown notice and checks its spans and offset map.
pub fn markdown(data: &[u8]) {
    document(data, DocFormat::Markdown);
}

/// Parses `data` as a plain-text notice and checks its spans and offset map.
pub fn text(data: &[u8]) {
    document(data, DocFormat::Text);
}

/// Parses `data` as an HTML notice and checks its spans, offset map and
/// the links it found.
pub fn html(data: &[u8]) {
    document(data, DocFormat::Html);
}

/// Reads `data` as a whole `.docx` file (a zip archive): an error is a
/// result; a document read is checked like any other.
pub fn docx(data: &[u8]) {
    if let Ok(doc) =
        breachlint::document::load(Path::new("notice.docx"), data.to_vec(), DocFormat::Docx)
    {
        check_document(&doc, data);
    }
}

/// Reads `data` as a whole `.pdf` file: a damaged, encrypted, scanned or
/// hostile file (page-count bomb, cycle, stream bomb) is an error, not a
/// panic; a document read is checked as above, and every line of its text
/// view lies on a page.
pub fn pdf(data: &[u8]) {
    if let Ok(doc) =
        breachlint::document::load(Path::new("notice.pdf"), data.to_vec(), DocFormat::Pdf)
    {
        check_document(&doc, data);
        let source = &doc.source;
        assert!(source.is_paged(), "a PDF's text view has pages");
        for line in 0..source.line_count() {
            let at = source
                .page_line_of_index(line)
                .expect("every line is on a page");
            assert!(at.page >= 1 && at.line >= 1 && at.line <= line + 1);
        }
    }
}

/// Reads `data` as the XML inside a Word document's `<w:body>`, where the
/// reader's work is (a zip archive mostly stops the fuzzer at its checksums).
pub fn docx_xml(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(doc) = breachlint::document::docx::from_body_xml(Path::new("notice.docx"), text) {
        check_document(&doc, data);
    }
}

fn document(data: &[u8], format: DocFormat) {
    let source = Arc::new(SourceFile::from_bytes("notice", data));
    let doc = Document::parse(source, format);
    check_document(&doc, data);
}

/// Checks every range a document hands out, and its offset map; `data`
/// picks ranges to map.
fn check_document(doc: &Document, data: &[u8]) {
    let source = doc.source.clone();
    let src = source.text.as_str();
    let plain = doc.plain.as_str();

    // Every range the model hands out, in both texts.
    for h in &doc.headings {
        assert_span(plain, h.plain, "heading (plain)");
        assert_span(src, h.span, "heading (source)");
        assert!((1..=6).contains(&h.level), "heading level {}", h.level);
    }
    for r in &doc.run_ins {
        assert_span(plain, r.plain, "run-in heading");
    }
    for b in &doc.blocks {
        assert_span(plain, b.plain, "block");
    }
    for c in &doc.comments {
        assert_span(src, c.span, "comment");
    }
    if let Some(f) = doc.front_matter {
        assert_span(src, f, "front matter");
    }
    for f in &doc.layout.features {
        assert_span(src, f.span, "feature");
    }
    for r in doc.layout.type_sizes.iter().flatten() {
        assert_span(src, r.span, "type run");
        assert!(
            r.points.is_finite() && r.points >= 0.0,
            "type size {}",
            r.points
        );
    }
    for w in &doc.warnings {
        assert_span(src, w.span, "reader warning");
    }
    assert!(
        doc.layout.paragraphs.windows(2).all(|w| w[0] <= w[1]),
        "paragraph starts out of order"
    );
    for &p in &doc.layout.paragraphs {
        assert!(p <= src.len(), "paragraph start {p} past the text");
    }
    let start = doc.content_start();
    assert!(start <= src.len() && src.is_char_boundary(start));

    // The mapping back to the source: every range above, every section body
    // (a heading to the next heading of the same or a higher level, as the
    // engine computes them), every char boundary as a point, and ranges
    // between boundaries picked by the input itself.
    let map = |plain_span: Span, what: &str| {
        let s = doc.to_source(plain_span);
        assert_span(src, s, what);
        s
    };
    let mut heads: Vec<(Span, u8)> = doc.headings.iter().map(|h| (h.plain, h.level)).collect();
    heads.extend(doc.run_ins.iter().map(|r| (r.plain, 6)));
    heads.sort_by_key(|(s, _)| s.start);
    for (i, (span, level)) in heads.iter().enumerate() {
        map(*span, "heading mapped");
        let stop = heads[i + 1..]
            .iter()
            .find(|(_, l)| l <= level)
            .map_or(plain.len(), |(s, _)| s.start);
        let body = Span::new(span.end.min(stop), stop);
        map(body, "section body mapped");
    }
    for b in &doc.blocks {
        map(b.plain, "block mapped");
    }
    let boundaries: Vec<usize> = (0..=plain.len())
        .filter(|&i| plain.is_char_boundary(i))
        .collect();
    for &b in &boundaries {
        map(Span::point(b), "point mapped");
    }
    for w in boundaries.windows(2) {
        map(Span::new(w[0], w[1]), "character mapped");
    }
    let whole = map(Span::new(0, plain.len()), "whole text mapped");
    for pair in data.chunks(4).take(256) {
        let pick = |k: usize| boundaries[k % boundaries.len()];
        let a = pick(usize::from(pair[0]) << 8 | usize::from(*pair.get(1).unwrap_or(&0)));
        let b = pick(
            usize::from(*pair.get(2).unwrap_or(&0)) << 8 | usize::from(*pair.get(3).unwrap_or(&0)),
        );
        let s = map(Span::new(a.min(b), a.max(b)), "range mapped");
        // Part of the text maps inside what the whole text maps to.
        assert!(
            whole.start <= s.start && s.end <= whole.end,
            "range {a}..{b} maps to {s:?}, outside the whole text's {whole:?}"
        );
    }

    // The line helpers headings and run-ins are decided with.
    for line in plain.lines().take(4096) {
        let _ = breachlint::document::closes_line(line);
        let _ = breachlint::document::normalize_heading(line);
    }
}

// ---------------------------------------------------------------------------
// TOML files.

/// Parses `data` as an `incident.toml` and as a notice's front matter.
pub fn incident(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = Path::new("incident.toml");
    match breachlint::facts::parse(path, text) {
        Ok(facts) => check_facts(&facts),
        Err(e) => check_spanned(&e),
    }
    // The same text at the top of a notice.
    let notice = Path::new("notice.md");
    if let Some(fm) = breachlint::facts::split_front_matter(text) {
        assert_span(text, fm.span, "front matter block");
        assert!(fm.offset + fm.toml.len() <= text.len());
        match breachlint::facts::parse_front_matter(notice, text, &fm) {
            Ok(facts) => check_facts(&facts),
            Err(e) => check_spanned(&e),
        }
    }
    if let Some(open) = breachlint::facts::unclosed_front_matter(text) {
        assert_span(text, open, "unclosed front matter");
    }
}

fn check_facts(facts: &breachlint::facts::Facts) {
    let src = facts.source();
    let mut spans: Vec<Span> = Vec::new();
    spans.extend(facts.organization_located().map(|o| o.span));
    spans.extend(facts.entity_located().iter().map(|e| e.span));
    let dates = facts.breach_dates();
    spans.extend(
        [dates.date, dates.start, dates.end]
            .iter()
            .flatten()
            .map(|d| d.span),
    );
    spans.extend(facts.discovery_located().map(|d| d.span));
    spans.extend(facts.notice_date_located().map(|d| d.span));
    spans.extend(facts.affected_located().map(|d| d.span));
    for r in facts.resident_counts() {
        spans.push(r.count.span);
        spans.push(r.key_span);
    }
    spans.extend(facts.residents_span());
    spans.extend(facts.data_types_located().iter().map(|d| d.span));
    if let Some(d) = facts.law_enforcement_delay() {
        spans.extend([d.requested.span, d.until.span, d.span]);
        spans.extend(d.form.map(|f| f.span));
        let _ = d.days();
    }
    spans.extend(facts.notice_methods_located().iter().map(|m| m.span));
    for r in facts.reports() {
        let _ = r.describe();
        spans.extend([r.to.span, r.submitted.span, r.span]);
        spans.extend(r.region.map(|g| g.span));
        spans.extend(r.affected.map(|a| a.span));
        spans.extend(r.hhs_type.map(|t| t.span));
        spans.extend(r.locations.iter().map(|l| l.span));
        spans.extend(r.locations_span());
    }
    for s in spans {
        assert_span(src, s, "facts value");
        let _ = facts.location(s);
    }
    for w in facts.warnings() {
        check_spanned(w);
    }
    let _ = facts.effective_notice_date(today());
    let incident = breachlint::incident::Incident::from_facts(facts, today(), None);
    let _ = incident.affected_total();
}

/// Parses `data` as a rule-set file, validates it and runs its inline tests.
pub fn ruleset(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = Path::new("rules/custom.toml");
    let mut set = match RuleSet::parse_deferred(Origin::File(path.into()), path, text) {
        Ok(set) => set,
        Err(e) => return check_spanned(&e),
    };
    if let Err(e) = set.validate() {
        check_spanned(&e);
        assert!(
            !set.is_validated(),
            "a set that failed validation counts as checked"
        );
        return;
    }
    assert!(set.is_validated());
    for r in &set.rules {
        assert!(
            r.info.id.starts_with(&format!("{}/", set.id)),
            "rule {} outside its set {}",
            r.info.id,
            set.id
        );
    }
    // What `breachlint verify` does with the file: compile it into an
    // engine and lint each inline test's text with it.
    match breachlint::rules::testing::run_tests(&set) {
        Ok(outcomes) => {
            for o in outcomes {
                let _ = o.passed();
            }
        }
        Err(e) => check_error(&e),
    }
}

/// Parses `data` as a `breachlint.toml`.
pub fn config(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // A folder that does not exist: rule-set paths in the file resolve
    // against it, so the file system plays no part.
    let path = Path::new("/nonexistent/breachlint-fuzz/breachlint.toml");
    match Settings::parse(path, text) {
        Ok(settings) => {
            for file in [
                "/nonexistent/breachlint-fuzz/notices/2026/notice.md",
                "notice.txt",
                "./a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r/s/t/u/v/w/x/y/z.md",
            ] {
                let _ = settings.selects(Path::new(file));
            }
        }
        Err(e) => check_error(&e),
    }
}

// ---------------------------------------------------------------------------
// Extraction and suppression.

/// Extracts dates, counts, contacts and data types from `data` (as UTF-8).
pub fn extract(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let found = breachlint::extract::extract(text);
    let mut spans: Vec<(Span, &str)> = Vec::new();
    spans.extend(found.dates.iter().map(|m| (m.span, "date")));
    spans.extend(found.counts.iter().map(|m| (m.span, "count")));
    spans.extend(found.phones.iter().map(|m| (m.span, "phone")));
    spans.extend(found.emails.iter().map(|m| (m.span, "email")));
    spans.extend(found.urls.iter().map(|m| (m.span, "url")));
    spans.extend(found.addresses.iter().map(|m| (m.span, "address")));
    spans.extend(found.data_types.iter().map(|m| (m.span, "data type")));
    for (span, what) in spans {
        assert_span(text, span, what);
    }
}

/// Rule ids the `suppress` target's findings and known list are made of.
const RULE_IDS: &[&str] = &[
    "hygiene/placeholder",
    "hygiene/tbd",
    "hipaa/contact",
    "hipaa/what-happened",
    "california/title",
    "accessibility/plain-language",
    "breachlint/encoding",
];

/// Parses `data` as a notice, puts findings at places the input picks and
/// applies the notice's suppression comments to them.
pub fn suppress(data: &[u8]) {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let format = if first & 1 == 0 {
        DocFormat::Markdown
    } else {
        DocFormat::Text
    };
    let source = Arc::new(SourceFile::from_bytes("notice.md", rest));
    let doc = Document::parse(source.clone(), format);
    let text = &source.text;
    // One finding per line start and one per comment end, with rules taken
    // in turn, so that every region and every next line has something to
    // suppress or to leave alone.
    let step = usize::from(first >> 1) + 1;
    let mut diags: Vec<Diagnostic> = Vec::new();
    let mut at: Vec<usize> = (0..source.line_count())
        .step_by(step)
        .map(|i| source.line_start(i))
        .collect();
    at.extend(doc.comments.iter().map(|c| c.span.end));
    at.push(text.len());
    for (k, &start) in at.iter().enumerate() {
        let end = source.clamp(start + k % 7);
        diags.push(Diagnostic::new(
            RULE_IDS[k % RULE_IDS.len()],
            Severity::Warning,
            "finding",
            Label::new(Span::new(start, end), ""),
        ));
    }
    let before = diags.len();
    let known = &RULE_IDS[..usize::from(first) % RULE_IDS.len() + 1];
    breachlint::suppress::apply(&doc, &mut diags, known);
    let added = diags
        .iter()
        .filter(|d| d.rule.starts_with("breachlint/") && d.message != "finding")
        .count();
    assert!(diags.len() - added <= before, "suppression added findings");
    for d in &diags {
        assert_span(text, d.primary.span, "finding after suppression");
    }
    assert!(
        diags.windows(2).all(|w| w[0].sort_key() <= w[1].sort_key()),
        "findings are not sorted after suppression"
    );
}

// ---------------------------------------------------------------------------
// Rendering.

/// Reads the `render` target's structured input from raw bytes: each read
/// takes what it needs from the front, and reads past the end give zeros,
/// so every input decodes to some report.
struct Input<'a>(&'a [u8]);

impl Input<'_> {
    fn byte(&mut self) -> u8 {
        match self.0.split_first() {
            Some((&b, rest)) => {
                self.0 = rest;
                b
            }
            None => 0,
        }
    }

    fn bool(&mut self) -> bool {
        self.byte() & 1 == 1
    }

    /// A number up to `max`, from two bytes.
    fn upto(&mut self, max: usize) -> usize {
        let n = usize::from(self.byte()) << 8 | usize::from(self.byte());
        n % (max + 1)
    }

    /// A string of up to `max` bytes (lossily decoded).
    fn string(&mut self, max: usize) -> String {
        let len = self.upto(max).min(self.0.len());
        let (s, rest) = self.0.split_at(len);
        self.0 = rest;
        String::from_utf8_lossy(s).into_owned()
    }

    fn maybe_string(&mut self, max: usize) -> Option<String> {
        if self.bool() {
            Some(self.string(max))
        } else {
            None
        }
    }

    fn severity(&mut self) -> Severity {
        match self.byte() % 3 {
            0 => Severity::Info,
            1 => Severity::Warning,
            _ => Severity::Error,
        }
    }

    fn rule(&mut self) -> String {
        let k = usize::from(self.byte());
        match RULE_IDS.get(k) {
            Some(id) => id.to_string(),
            None => self.string(40),
        }
    }

    /// A span of `source`, clamped to it and onto char boundaries as every
    /// span the engine makes is.
    fn span(&mut self, source: &SourceFile) -> Span {
        let len = source.text.len();
        let a = source.clamp(self.upto(len.max(1)));
        let b = source.clamp(self.upto(len.max(1)));
        Span::new(a.min(b), a.max(b))
    }
}

/// Renders a report made of arbitrary findings in every format, plain and
/// redacted, and checks that the machine formats are well formed.
pub fn render(data: &[u8]) {
    let mut input = Input(data);
    let facts = Arc::new(SourceFile::new("incident.toml", input.string(512)));
    let mut report = Report::default();
    let files = input.upto(3);
    for n in 0..files {
        let path = if input.bool() {
            input.string(60)
        } else {
            format!("notices/{n}.md")
        };
        if input.byte() % 8 == 0 {
            report
                .files
                .push(FileReport::failed(path, "io", input.string(200)));
            continue;
        }
        let source = Arc::new(SourceFile::from_bytes(
            path.as_str(),
            input.string(4096).as_bytes(),
        ));
        let mut diagnostics = Vec::new();
        for _ in 0..input.upto(12) {
            let rule = input.rule();
            let mut d = Diagnostic::new(
                rule,
                input.severity(),
                input.string(120),
                Label::new(input.span(&source), input.string(40)),
            );
            for _ in 0..input.upto(3) {
                d = d.with_secondary(Label::new(input.span(&source), input.string(40)));
            }
            if let Some(c) = input.maybe_string(40) {
                d = d.with_cite(c);
            }
            if let Some(h) = input.maybe_string(80) {
                d = d.with_help(h);
            }
            for _ in 0..input.upto(2) {
                d = d.with_note(input.string(80));
            }
            if input.bool() {
                let span = input.span(&facts);
                d = d.with_external(&facts, span, input.string(40));
            }
            diagnostics.push(d);
        }
        diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        report.files.push(FileReport {
            path: source.name(),
            source: Some(source),
            diagnostics,
            error: None,
        });
    }
    // Metadata for some of the rules that fired; findings of unknown rules
    // (such as breachlint's own) must render too.
    let ids: Vec<String> = report
        .files
        .iter()
        .flat_map(|f| f.diagnostics.iter().map(|d| d.rule.clone()))
        .collect();
    for id in ids {
        if input.bool() {
            let (ruleset, _) = id.split_once('/').unwrap_or((id.as_str(), ""));
            let info = RuleInfo {
                ruleset: ruleset.to_string(),
                severity: input.severity(),
                message: input.string(60),
                title: input.string(60),
                cite: input.string(40),
                why: input.string(80),
                help: input.string(80),
                verified: input.bool(),
                id: id.clone(),
            };
            report.rules.insert(id, info);
        }
    }
    let opts = RenderOptions {
        color: input.bool(),
        output_path: input.maybe_string(40),
        quiet: input.bool(),
        timelines: Vec::new(),
    };
    render_all(&report, &opts);
}

/// Writes `report` in every format, as a whole and streamed, plain and
/// redacted, and checks the machine formats.
fn render_all(report: &Report, opts: &RenderOptions) {
    let redacted = breachlint::redact::redact(report);
    for report in [report, &redacted] {
        for format in Format::ALL {
            let mut out = Vec::new();
            render_report(format, report, opts, &mut out).expect("rendering to memory");
            check_output(format, &out, opts);
            let mut stream = Stream::new(
                format,
                opts.clone(),
                Report {
                    files: Vec::new(),
                    rules: report.rules.clone(),
                },
            );
            let mut streamed = Vec::new();
            for f in &report.files {
                stream
                    .file(f.clone(), &mut streamed)
                    .expect("streaming to memory");
            }
            stream.finish(&mut streamed).expect("streaming to memory");
            check_output(format, &streamed, opts);
        }
    }
}

fn check_output(format: Format, out: &[u8], opts: &RenderOptions) {
    let text = std::str::from_utf8(out).expect("output is UTF-8");
    match format {
        Format::Json | Format::Sarif => {
            if let Err(e) = serde_json::from_str::<serde_json::Value>(text) {
                panic!("{} output is not JSON: {e}\n{text}", format.name());
            }
        }
        Format::JsonLines => {
            for line in text.lines() {
                if let Err(e) = serde_json::from_str::<serde_json::Value>(line) {
                    panic!("json-lines output has a line that is not JSON: {e}\n{line}");
                }
            }
        }
        Format::Github => {
            // Workflow commands are one per line; a message or property
            // that let a line break through would start a bogus command.
            // Only the closing tally is plain text.
            let lines: Vec<&str> = text.lines().collect();
            let commands = if opts.quiet {
                &lines[..]
            } else {
                &lines[..lines.len().saturating_sub(1)]
            };
            for line in commands {
                assert!(
                    line.starts_with("::"),
                    "github output line is not a command: {line:?}"
                );
            }
        }
        Format::Junit => {
            // XML 1.0 cannot hold most control characters, escaped or not.
            if let Some(c) = text.chars().find(|&c| {
                (c < ' ' && !matches!(c, '\t' | '\n' | '\r'))
                    || matches!(c, '\u{fffe}' | '\u{ffff}')
            }) {
                panic!("junit output holds {c:?}, which XML cannot");
            }
        }
        Format::Html => {
            // Notice text is escaped: whatever a notice holds, it never
            // becomes markup of the page.
            let lower = text.to_lowercase();
            for tag in ["<script", "<img", "<iframe", "<link"] {
                assert!(!lower.contains(tag), "html output holds {tag}");
            }
            assert_eq!(
                text.matches("<mark").count(),
                text.matches("</mark>").count(),
                "html output has an unclosed mark"
            );
        }
        Format::Human | Format::Short => {}
    }
}

// ---------------------------------------------------------------------------
// The whole pipeline.

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let sets: Vec<RuleSet> = breachlint::rules::builtin::names()
            .map(|n| breachlint::rules::builtin::load(n).unwrap().unwrap())
            .collect();
        Engine::new(sets, &Overrides::new()).expect("the built-in rule sets compile together")
    })
}

/// Lints `data` as a Markdown and as a plain-text notice with every built-in
/// rule set (and the notice's front matter as its facts, when it has some),
/// then renders the findings in every format.
pub fn lint(data: &[u8]) {
    let engine = engine();
    let mut cx = LintContext::today();
    cx.today = today();
    if let Ok(text) = std::str::from_utf8(data) {
        if let Some(fm) = breachlint::facts::split_front_matter(text) {
            if let Ok(facts) =
                breachlint::facts::parse_front_matter(Path::new("notice.md"), text, &fm)
            {
                cx.facts = Some(Arc::new(facts));
            }
        }
    }
    let mut report = Report {
        files: Vec::new(),
        rules: engine.rule_infos(),
    };
    for (path, format) in [
        ("notice.md", DocFormat::Markdown),
        ("notice.txt", DocFormat::Text),
    ] {
        let file = lint_bytes(engine, Path::new(path), data, format, &cx);
        if let Some(src) = &file.source {
            for d in &file.diagnostics {
                assert_span(&src.text, d.primary.span, &d.rule);
                for l in &d.secondary {
                    assert_span(&src.text, l.span, &d.rule);
                }
                for l in &d.external {
                    assert_span(&l.source.text, l.span, &d.rule);
                }
            }
        }
        report.files.push(file);
    }
    render_all(&report, &RenderOptions::default());
}
