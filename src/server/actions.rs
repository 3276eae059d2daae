//! Hover (a finding's rule explained) and code actions (turning a rule off
//! for one line; inserting what a rule set says is required, where that is
//! certain to satisfy the rule and invents no facts).

use std::collections::HashMap;
use std::sync::Arc;

use lsp_types::{
    CodeAction, CodeActionKind, Diagnostic as LspDiagnostic, Hover, HoverContents, MarkupContent,
    MarkupKind, Position, Range, TextEdit, Uri, WorkspaceEdit,
};

use super::position::LineIndex;
use crate::diagnostic::Diagnostic;
use crate::document::DocFormat;
use crate::engine::Engine;
use crate::lint::LintContext;
use crate::report::FileReport;
use crate::rules::RuleKind;
use crate::source::SourceFile;
use crate::span::Span;

/// Whether a finding shown at `range` is under `pos`. Findings about
/// something missing have an empty range; they are under every position of
/// their line, so they can be hovered at all.
fn under(range: Range, pos: Position) -> bool {
    if range.start == range.end {
        return pos.line == range.start.line;
    }
    range.start <= pos && pos <= range.end
}

/// Whether a finding shown at `range` is touched by the selection `sel`.
/// A bare cursor (an empty selection) stands for its whole line: editors
/// ask for code actions at the cursor, which is rarely on the finding.
fn touched(range: Range, sel: Range) -> bool {
    let sel = if sel.start == sel.end {
        Range::new(
            Position::new(sel.start.line, 0),
            Position::new(sel.start.line, u32::MAX),
        )
    } else {
        sel
    };
    if range.start == range.end {
        return sel.start.line <= range.start.line && range.start.line <= sel.end.line;
    }
    range.start <= sel.end && sel.start <= range.end
}

/// The explanations of the rules of the findings under `pos`.
pub fn hover(
    report: &FileReport,
    engine: &Engine,
    index: &LineIndex<'_>,
    pos: Position,
) -> Option<Hover> {
    let mut parts: Vec<String> = Vec::new();
    let mut seen = Vec::new();
    let mut range = None;
    for d in &report.diagnostics {
        let r = index.range(d.primary.span);
        if !under(r, pos) || seen.contains(&d.rule) {
            continue;
        }
        seen.push(d.rule.clone());
        range.get_or_insert(r);
        if let Some((set, rule)) = crate::explain::find_rule(engine.rulesets(), &d.rule) {
            parts.push(crate::explain::explanation(set, rule));
        }
    }
    if parts.is_empty() {
        return None;
    }
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: parts.join("\n---\n\n"),
        }),
        range,
    })
}

/// What a code action needs to know about the notice.
pub struct Notice<'a> {
    /// Its URI.
    pub uri: &'a Uri,
    /// Its text, as linted.
    pub text: &'a str,
    /// Its format.
    pub format: DocFormat,
    /// The last report on it.
    pub report: &'a FileReport,
    /// The engine and context it was linted with.
    pub engine: &'a Arc<Engine>,
    /// The context it was linted with.
    pub cx: &'a LintContext,
}

impl Notice<'_> {
    /// The findings of `rule` in `text`, linted as this notice.
    fn findings_after(&self, text: &str, rule: &str) -> usize {
        let source = Arc::new(SourceFile::new(&*self.report.path, text));
        crate::lint::lint_source(self.engine, source, self.format, self.cx)
            .diagnostics
            .iter()
            .filter(|d| d.rule == rule)
            .count()
    }
}

/// Code actions for the findings that `sel` touches. `index` converts
/// positions in the notice's text; `lsp` are the findings as published, in
/// the order of the report.
pub fn code_actions(
    notice: &Notice<'_>,
    index: &LineIndex<'_>,
    lsp: &[LspDiagnostic],
    sel: Range,
) -> Vec<CodeAction> {
    let mut fixes = Vec::new();
    let mut disables = Vec::new();
    let mut disabled: Vec<(u32, &str)> = Vec::new();
    for (d, shown) in notice.report.diagnostics.iter().zip(lsp) {
        if !touched(shown.range, sel) {
            continue;
        }
        let fix = insert_title(notice, d).or_else(|| insert_heading(notice, d));
        if let Some((title, span, text)) = fix {
            fixes.push(action(notice.uri, index, title, span, text, shown, true));
        }
        let line = shown.range.start.line;
        if disabled.contains(&(line, d.rule.as_str())) {
            continue;
        }
        if let Some((span, text)) = disable_line(notice, d) {
            disabled.push((line, d.rule.as_str()));
            let title = format!("Disable {} for this line", d.rule);
            disables.push(action(notice.uri, index, title, span, text, shown, false));
        }
    }
    fixes.extend(disables);
    fixes
}

fn action(
    uri: &Uri,
    index: &LineIndex<'_>,
    title: String,
    span: Span,
    new_text: String,
    shown: &LspDiagnostic,
    preferred: bool,
) -> CodeAction {
    CodeAction {
        title,
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![shown.clone()]),
        edit: Some(WorkspaceEdit {
            changes: Some(HashMap::from([(
                uri.clone(),
                vec![TextEdit {
                    range: index.range(span),
                    new_text,
                }],
            )])),
            ..WorkspaceEdit::default()
        }),
        is_preferred: preferred.then_some(true),
        ..CodeAction::default()
    }
}

/// The start of the line holding byte `at`, and that line's indentation.
fn line_start(text: &str, at: usize) -> (usize, &str) {
    let at = at.min(text.len());
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line = &text[start..];
    let indent_len = line.len() - line.trim_start_matches([' ', '\t']).len();
    (start, &line[..indent_len])
}

/// The comment that turns `d`'s rule off for the line it is on, inserted
/// above that line. Not offered for breachlint's own findings (they are
/// not rules) nor inside front matter, where a comment would be TOML.
fn disable_line(notice: &Notice<'_>, d: &Diagnostic) -> Option<(Span, String)> {
    if notice.engine.rule_ids().all(|id| id != d.rule) {
        return None;
    }
    let at = d.primary.span.start;
    if notice.format == DocFormat::Markdown {
        if let Some(fm) = crate::facts::split_front_matter(notice.text) {
            if at < fm.span.end {
                return None;
            }
        }
    }
    let (start, indent) = line_start(notice.text, at);
    let text = format!("{indent}<!-- breachlint-disable-next-line {} -->\n", d.rule);
    Some((Span::point(start), text))
}

/// For a `title` rule whose rule set gives the required title as its
/// example: that title, inserted on its own line above the line the finding
/// points at (the first heading, or where the title belongs). Offered only
/// when the notice, so changed, satisfies the rule.
fn insert_title(notice: &Notice<'_>, d: &Diagnostic) -> Option<(String, Span, String)> {
    let (_, rule) = crate::explain::find_rule(notice.engine.rulesets(), &d.rule)?;
    if rule.kind != RuleKind::Title {
        return None;
    }
    let title = rule.example.as_deref()?.trim();
    if title.is_empty() || title.contains('\n') {
        return None;
    }
    let (start, _) = line_start(notice.text, d.primary.span.start);
    let line = match notice.format {
        DocFormat::Markdown => format!("# {title}\n\n"),
        DocFormat::Text => format!("{title}\n\n"),
        DocFormat::Html => format!("<h1>{}</h1>\n\n", html_escape(title)),
        // A Word or PDF file is not edited as text.
        DocFormat::Docx | DocFormat::Pdf => return None,
    };
    let mut changed = notice.text.to_string();
    changed.insert_str(start, &line);
    if notice.findings_after(&changed, &d.rule) != 0 {
        return None;
    }
    Some((
        format!("Insert the title “{title}”"),
        Span::point(start),
        line,
    ))
}

/// `s` as HTML text.
fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The text in the first pair of quotes in `s` (straight or curly).
fn quoted(s: &str) -> Option<&str> {
    let open = s.find(['"', '“'])?;
    let rest = &s[open + s[open..].chars().next()?.len_utf8()..];
    let close = rest.find(['"', '”'])?;
    Some(rest[..close].trim()).filter(|q| !q.is_empty() && !q.contains('\n'))
}

/// For a `section` rule whose heading is missing: the heading its rule set
/// names in `expected` (`a "What Happened" heading`), on its own line at
/// the place the finding says it belongs. The text under it is the
/// writer's to supply. Offered only when the rule then finds the heading.
fn insert_heading(notice: &Notice<'_>, d: &Diagnostic) -> Option<(String, Span, String)> {
    if !d.primary.span.is_empty() {
        return None;
    }
    let (_, rule) = crate::explain::find_rule(notice.engine.rulesets(), &d.rule)?;
    if rule.kind != RuleKind::Section {
        return None;
    }
    let heading = quoted(rule.expected.as_deref()?)?;
    let line = match notice.format {
        DocFormat::Markdown => format!("## {heading}"),
        DocFormat::Text => heading.to_string(),
        DocFormat::Html => format!("<h2>{}</h2>", html_escape(heading)),
        DocFormat::Docx | DocFormat::Pdf => return None,
    };
    let text = notice.text;
    let at = d.primary.span.start.min(text.len());
    let (span, insert) = if text[at..].trim().is_empty() {
        // At the end: after the last line, a blank line between.
        let body = text.trim_end_matches(['\n', '\r', ' ', '\t']);
        (Span::new(body.len(), text.len()), format!("\n\n{line}\n"))
    } else {
        let (start, _) = line_start(text, at);
        (Span::point(start), format!("{line}\n\n"))
    };
    let mut changed = text.to_string();
    changed.replace_range(span.range(), &insert);
    // Still missing (the rule does not read it as its heading): no fix.
    let source = Arc::new(SourceFile::new(&*notice.report.path, changed.as_str()));
    let after = crate::lint::lint_source(notice.engine, source, notice.format, notice.cx);
    if after
        .diagnostics
        .iter()
        .any(|x| x.rule == d.rule && x.primary.span.is_empty())
    {
        return None;
    }
    Some((format!("Insert the heading “{heading}”"), span, insert))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_ranges_cover_their_line() {
        let p = |l, c| Position::new(l, c);
        let missing = Range::new(p(2, 0), p(2, 0));
        assert!(under(missing, p(2, 7)));
        assert!(!under(missing, p(3, 0)));
        let word = Range::new(p(1, 4), p(1, 9));
        assert!(under(word, p(1, 4)) && under(word, p(1, 9)));
        assert!(!under(word, p(1, 10)));
        assert!(touched(missing, Range::new(p(1, 0), p(4, 0))));
        assert!(!touched(word, Range::new(p(1, 10), p(1, 12))));
        assert!(touched(word, Range::new(p(1, 0), p(1, 0))));
        assert!(!touched(word, Range::new(p(2, 0), p(2, 0))));
    }

    #[test]
    fn headings_are_read_from_quotes() {
        assert_eq!(quoted("a \"What Happened\" heading"), Some("What Happened"));
        assert_eq!(
            quoted("a “For More Information” heading"),
            Some("For More Information")
        );
        assert_eq!(quoted("a heading"), None);
        assert_eq!(quoted("an \"\" heading"), None);
    }

    #[test]
    fn comments_keep_the_line_indentation() {
        let text = "- one\n  - two [DATE]\n";
        let at = text.find("[DATE]").unwrap();
        assert_eq!(line_start(text, at), (6, "  "));
        assert_eq!(line_start(text, 0), (0, ""));
    }
}
