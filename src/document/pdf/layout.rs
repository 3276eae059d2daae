//! From lines to the document: the text view, paragraphs, broken words
//! and headings.

use std::path::Path;
use std::sync::Arc;

use super::glyphs::{Line, mode};
use crate::document::flow::{Flow, short_enough};
use crate::document::{
    Block, DocFormat, Document, Heading, HeadingKind, Layout, MAX_HEADINGS, TypeRun, closes_line,
    normalize_heading, text,
};
use crate::source::SourceFile;
use crate::span::Span;

/// A paragraph: lines of one page (or running on to the next).
struct Para {
    /// Indexes into the flat list of lines.
    lines: Vec<usize>,
    size: f32,
    bold: bool,
}

/// Whether a line opens with a list bullet or number.
fn opens_item(text: &str) -> bool {
    text.starts_with(['•', '●', '▪', '■', '◦', '–', '\u{f0b7}', '·'])
        || text::list_marker_len(text).is_some()
}

/// The line pitch of body text: a low quantile of the gaps between
/// consecutive body lines, the gaps inside paragraphs.
fn line_pitch(pages: &[Vec<Line>], body: f32) -> f64 {
    let mut gaps: Vec<f64> = Vec::new();
    for p in pages {
        for w in p.windows(2) {
            let gap = w[1].y - w[0].y;
            if gap > 0.0 && (w[0].size() - body).abs() < 0.6 && (w[1].size() - body).abs() < 0.6 {
                gaps.push(gap);
            }
        }
    }
    if gaps.len() < 4 {
        return body as f64 * 1.2;
    }
    gaps.sort_by(f64::total_cmp);
    gaps[gaps.len() / 4]
}

/// The left and right edges of each page's body text.
fn margins(pages: &[Vec<Line>], body: f32) -> Vec<(f64, f64)> {
    pages
        .iter()
        .map(|p| {
            let body_lines = p.iter().filter(|l| (l.size() - body).abs() < 0.6);
            body_lines.fold((f64::MAX, f64::MIN), |(l, r), line| {
                (l.min(line.x0), r.max(line.x1))
            })
        })
        .collect()
}

/// Groups the lines (flattened, with their page) into paragraphs.
///
/// Lines run on while they are close and set alike. Where paragraphs are
/// not spaced apart, a line that closes a sentence and stops well short of
/// the right margin, or a next line indented further, ends a paragraph.
fn paragraphs(lines: &[(usize, &Line)], pitch: f64, margins: &[(f64, f64)]) -> Vec<Para> {
    let mut out: Vec<Para> = Vec::new();
    for (k, &(page, line)) in lines.iter().enumerate() {
        let size = line.size();
        let bold = line.bold();
        let joins = k > 0
            && out.last().is_some_and(|para| {
                let (prev_page, prev) = lines[k - 1];
                let same_type = (para.size - size).abs() < 0.6 && para.bold == bold;
                if !same_type || opens_item(&line.text) {
                    return false;
                }
                let closes = closes_line(&prev.text);
                if prev_page != page {
                    // Runs on over a page break when the sentence does.
                    return !closes && line.text.starts_with(|c: char| c.is_lowercase());
                }
                let gap = line.y - prev.y;
                if gap <= 0.0 || gap > pitch.max(size as f64) * 1.3 {
                    return false;
                }
                let (left, right) = margins[page];
                let short = prev.x1 < left + (right - left) * 0.75;
                let indented = line.x0 > prev.x0 + size as f64 * 1.5;
                !(closes && (short || indented))
            });
        if joins {
            if let Some(para) = out.last_mut() {
                para.lines.push(k);
            }
        } else {
            out.push(Para {
                lines: vec![k],
                size,
                bold,
            });
        }
    }
    out
}

/// Whether the end of `prev` and the start of `next` are one word broken
/// by a hyphen: a letter and a hyphen, then a lower-case letter.
fn hyphenated(prev: &str, next: &str) -> bool {
    let mut rev = prev.chars().rev();
    matches!(rev.next(), Some('-' | '\u{ad}'))
        && rev.next().is_some_and(char::is_alphabetic)
        && next.starts_with(|c: char| c.is_lowercase())
}

/// Whether `line` ends in a hyphen that belongs to the text: one right
/// after a word or number that the next line does not complete as a
/// broken word ("1-888-", "COVID-").
fn hard_hyphen(line: &str) -> bool {
    let mut rev = line.chars().rev();
    rev.next() == Some('-') && rev.next().is_some_and(char::is_alphanumeric)
}

/// Most lines a paragraph may have to be a heading by its type.
const MAX_HEADING_LINES: usize = 3;

/// The text view: each line of each page, one per line; where each page
/// and each line starts in it; and the lines with their page, in order.
struct View<'a> {
    text: String,
    page_starts: Vec<usize>,
    line_starts: Vec<usize>,
    lines: Vec<(usize, &'a Line)>,
}

impl<'a> View<'a> {
    fn new(pages: &'a [Vec<Line>]) -> Self {
        let mut v = View {
            text: String::new(),
            page_starts: Vec::with_capacity(pages.len()),
            line_starts: Vec::new(),
            lines: Vec::new(),
        };
        for (n, page) in pages.iter().enumerate() {
            v.page_starts.push(v.text.len());
            for line in page {
                v.line_starts.push(v.text.len());
                v.text.push_str(&line.text);
                v.text.push('\n');
                v.lines.push((n, line));
            }
        }
        v
    }

    /// The type runs of the view: glyphs of one size and weight in a row.
    fn type_runs(&self) -> Vec<TypeRun> {
        let mut runs: Vec<TypeRun> = Vec::new();
        for (&(_, line), &start) in self.lines.iter().zip(&self.line_starts) {
            for (k, &(at, points, bold)) in line.runs.iter().enumerate() {
                let end = start + line.runs.get(k + 1).map_or(line.text.len(), |r| r.0);
                match runs.last_mut() {
                    Some(r) if r.points == points && r.bold == bold && r.span.end == start + at => {
                        r.span.end = end;
                    }
                    _ => runs.push(TypeRun {
                        points,
                        bold,
                        span: Span::new(start + at, end),
                    }),
                }
            }
        }
        runs
    }
}

/// The sizes of short paragraphs set larger than the body, in half
/// points, largest first: a heading's level is its size's place here.
fn heading_sizes(paras: &[Para], body: f32) -> Vec<i32> {
    let mut sizes: Vec<i32> = paras
        .iter()
        .filter(|p| p.lines.len() <= MAX_HEADING_LINES && p.size >= body + 1.0)
        .map(|p| half_points(p.size))
        .collect();
    sizes.sort_unstable_by(|a, b| b.cmp(a));
    sizes.dedup();
    sizes
}

fn half_points(size: f32) -> i32 {
    (size * 2.0).round() as i32
}

/// Writes a paragraph's lines into `flow` as one block, joining a word
/// broken by a hyphen and lines ending in a hyphen that stays.
fn write_paragraph(flow: &mut Flow<'_>, view: &View<'_>, para: &Para) {
    for (i, &k) in para.lines.iter().enumerate() {
        let (text, at) = (view.lines[k].1.text.as_str(), view.line_starts[k]);
        let prev = i
            .checked_sub(1)
            .map(|j| view.lines[para.lines[j]].1.text.as_str());
        let next = para
            .lines
            .get(i + 1)
            .map(|&j| view.lines[j].1.text.as_str());
        // After a word broken by a hyphen (left out of the previous
        // piece), or a hyphen that stays ("1-888-" / "555-0100"), the
        // next line follows without a space.
        if prev.is_some_and(|last| !hyphenated(last, text) && !hard_hyphen(last)) {
            flow.space();
        }
        let mut piece = text;
        if next.is_some_and(|n| hyphenated(text, n)) {
            piece = &text[..text.len() - text.chars().next_back().map_or(0, char::len_utf8)];
        }
        flow.text(piece, Span::new(at, at + piece.len()));
    }
}

/// Where no type tells headings apart: the one-line blocks (`one_line`
/// says which) that are short stand-alone lines become headings, as in
/// plain text.
fn line_headings(
    plain: &str,
    map: &crate::document::OffsetMap,
    blocks: Vec<Block>,
    one_line: &[bool],
    headings: &mut Vec<Heading>,
) -> Vec<Block> {
    let mut kept = Vec::with_capacity(blocks.len());
    for (k, b) in blocks.iter().enumerate() {
        let line = &plain[b.plain.range()];
        let next = blocks.get(k + 1).map(|n| &plain[n.plain.range()]);
        if one_line.get(k).copied().unwrap_or(false)
            && headings.len() < MAX_HEADINGS
            && text::is_heading_line(line, true, next)
        {
            headings.push(Heading {
                level: 2,
                text: normalize_heading(line),
                kind: HeadingKind::Line,
                plain: b.plain,
                span: map.to_source(b.plain),
            });
        } else {
            kept.push(*b);
        }
    }
    kept
}

/// Makes the document from the lines of each page.
pub(super) fn build(path: &Path, pages: Vec<Vec<Line>>) -> Document {
    let mut view = View::new(&pages);
    let runs = view.type_runs();
    let body = mode(
        view.lines
            .iter()
            .flat_map(|(_, l)| l.runs.iter().map(|r| r.1)),
    );
    let paras = paragraphs(
        &view.lines,
        line_pitch(&pages, body),
        &margins(&pages, body),
    );
    let sizes = heading_sizes(&paras, body);
    let text = std::mem::take(&mut view.text);
    let page_starts = std::mem::take(&mut view.page_starts);
    let source = Arc::new(SourceFile::new(path, text).with_pages(page_starts));

    let mut flow = Flow::new(&source.text);
    let mut typed_heading = false;
    // Whether each block (not heading) is a paragraph of one line.
    let mut one_line = Vec::new();
    for p in &paras {
        write_paragraph(&mut flow, &view, p);
        let Some(span) = flow.take_block() else {
            continue;
        };
        let short = short_enough(&flow.plain[span.range()]);
        let level = sizes
            .iter()
            .position(|&s| s == half_points(p.size))
            .filter(|_| p.lines.len() <= MAX_HEADING_LINES && short);
        match level {
            Some(rank) => {
                typed_heading = true;
                flow.heading(span, (rank + 1).min(6) as u8, HeadingKind::Markup);
            }
            None if p.bold && short => {
                typed_heading = true;
                flow.heading(span, 6, HeadingKind::Emphasis);
            }
            None => {
                one_line.push(p.lines.len() == 1);
                flow.blocks.push(Block { plain: span });
            }
        }
    }
    let (plain, map, mut headings, mut blocks) = flow.finish();
    if !typed_heading {
        blocks = line_headings(&plain, &map, blocks, &one_line, &mut headings);
    }
    Document {
        source,
        format: DocFormat::Pdf,
        plain,
        map,
        headings,
        run_ins: Vec::new(),
        blocks,
        comments: Vec::new(),
        front_matter: None,
        layout: Layout {
            features: Vec::new(),
            type_sizes: Some(runs),
            paragraphs: Vec::new(),
        },
        warnings: Vec::new(),
    }
    .finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn broken_words_and_hyphens_that_stay() {
        assert!(hyphenated("this notifi-", "cation was"));
        assert!(hyphenated("a soft\u{ad}", "break"));
        assert!(!hyphenated("call 1-888-", "555-0100"));
        assert!(!hyphenated("COVID-", "19 tests"));
        assert!(!hyphenated("a dash -", "and more"));
        assert!(hard_hyphen("call 1-888-"));
        assert!(hard_hyphen("COVID-"));
        assert!(!hard_hyphen("a dash -"));
        assert!(!hard_hyphen("no hyphen"));
    }

    #[test]
    fn list_items_open_paragraphs() {
        assert!(opens_item("• your name"));
        assert!(opens_item("1. Call us"));
        assert!(!opens_item("We called"));
    }
}
