//! The glyphs of each page, from pdf-extract, gathered into lines.

use std::collections::HashMap;

use lopdf::{Dictionary, Object, ObjectId};
use pdf_extract::{MediaBox, OutputDev, OutputError, Transform};

use super::open::guarded;
use super::{MAX_GLYPHS, MAX_POINTS, damaged, too_large};
use crate::document::LoadError;

/// A line of a page as extracted.
#[derive(Debug, Default)]
pub(super) struct Line {
    pub text: String,
    /// Distance of the baseline from the top of the page, in points.
    pub y: f64,
    /// Left and right edges of the inked text, in points.
    pub x0: f64,
    pub x1: f64,
    /// Each glyph's byte offset in `text`, size in points and weight.
    pub runs: Vec<(usize, f32, bool)>,
}

impl Line {
    /// The size most of the line's glyphs have.
    pub fn size(&self) -> f32 {
        mode(self.runs.iter().map(|r| r.1))
    }

    /// Whether every glyph of the line is bold.
    pub fn bold(&self) -> bool {
        self.runs.iter().all(|r| r.2)
    }
}

/// The most frequent of `sizes`, rounded to half a point.
pub(super) fn mode(sizes: impl Iterator<Item = f32>) -> f32 {
    let mut counts: HashMap<i32, usize> = HashMap::new();
    for s in sizes {
        *counts.entry((s * 2.0).round() as i32).or_default() += 1;
    }
    counts
        .iter()
        .max_by_key(|&(k, n)| (n, k))
        .map_or(0.0, |(&k, _)| k as f32 / 2.0)
}

/// Collects the lines of each page from pdf-extract's glyphs.
struct Collector {
    pages: Vec<Vec<Line>>,
    /// The page's height: PDF measures up from the bottom, lines are
    /// read down from the top.
    height: f64,
    line: Option<Line>,
    last_end: f64,
    last_y: f64,
    new_word: bool,
    glyphs: usize,
    /// Whether each text-showing operation of the current page uses a
    /// bold font, in the order pdf-extract runs them.
    bold: Vec<bool>,
    shown: usize,
    /// The weight of each page's operations.
    weights: Vec<Vec<bool>>,
}

impl Collector {
    fn end_line(&mut self) {
        if let Some(mut l) = self.line.take() {
            let trimmed = l.text.trim_end().len();
            l.text.truncate(trimmed);
            l.runs.retain(|r| r.0 < trimmed);
            if !l.runs.is_empty() {
                if let Some(p) = self.pages.last_mut() {
                    p.push(l);
                }
            }
        }
    }
}

impl OutputDev for Collector {
    fn begin_page(
        &mut self,
        page_num: u32,
        media_box: &MediaBox,
        _: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.height = media_box.ury - media_box.lly;
        self.pages.push(Vec::new());
        self.bold = self
            .weights
            .get((page_num as usize).saturating_sub(1))
            .cloned()
            .unwrap_or_default();
        self.shown = 0;
        self.last_end = f64::MAX;
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        self.end_line();
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        char: &str,
    ) -> Result<(), OutputError> {
        self.glyphs += 1;
        if self.glyphs > MAX_GLYPHS {
            return Err(OutputError::FormatError(std::fmt::Error));
        }
        // The type size as drawn: the font size through the text matrix
        // (the side of a square of the same area, as pdf-extract takes it).
        let (vx, vy) = (
            font_size * (trm.m11 + trm.m21),
            font_size * (trm.m12 + trm.m22),
        );
        let size = (vx * vy).abs().sqrt().min(MAX_POINTS);
        if !size.is_finite() || size <= 0.0 {
            return Ok(());
        }
        let (x, y) = (trm.m31, self.height - trm.m32);
        let text = glyph_text(char);
        let bold = self
            .bold
            .get(self.shown.wrapping_sub(1))
            .copied()
            .unwrap_or(false);
        let dy = (y - self.last_y).abs();
        if self.line.is_some()
            && self.new_word
            && dy > size * 0.5
            && (x < self.last_end || dy > size * 1.5)
        {
            self.end_line();
        }
        let line = self.line.get_or_insert_with(|| Line {
            y,
            x0: x,
            x1: x,
            ..Line::default()
        });
        if !line.text.is_empty()
            && x > self.last_end + size * 0.15
            && !line.text.ends_with(' ')
            && !text.starts_with(' ')
        {
            line.text.push(' ');
        }
        if !text.is_empty() && !(text == " " && (line.text.is_empty() || line.text.ends_with(' ')))
        {
            if !text.trim().is_empty() {
                line.runs.push((line.text.len(), size as f32, bold));
                line.x1 = line.x1.max(x + width * size);
            }
            line.text.push_str(&text);
        }
        self.new_word = false;
        self.last_y = y;
        self.last_end = x + width * size;
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        self.new_word = true;
        self.shown += 1;
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}

/// The text of a glyph as the letter's text: white space as a space,
/// control characters dropped, and typographic ligatures ("ﬁ", set by
/// typesetting programs) as their letters, so "notiﬁcation" reads as
/// "notification".
fn glyph_text(glyph: &str) -> String {
    let mut out = String::with_capacity(glyph.len());
    for c in glyph.chars() {
        match c {
            '\u{fb00}' => out.push_str("ff"),
            '\u{fb01}' => out.push_str("fi"),
            '\u{fb02}' => out.push_str("fl"),
            '\u{fb03}' => out.push_str("ffi"),
            '\u{fb04}' => out.push_str("ffl"),
            '\u{fb05}' | '\u{fb06}' => out.push_str("st"),
            c if c.is_whitespace() => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Extracts the lines of every page.
pub(super) fn extract(doc: &lopdf::Document) -> Result<Vec<Vec<Line>>, LoadError> {
    let weights = guarded(|| {
        doc.get_pages()
            .values()
            .map(|&id| weights(doc, id))
            .collect::<Vec<_>>()
    })?;
    let mut out = Collector {
        pages: Vec::new(),
        height: 0.0,
        line: None,
        last_end: f64::MAX,
        last_y: 0.0,
        new_word: false,
        glyphs: 0,
        bold: Vec::new(),
        shown: 0,
        weights,
    };
    let done = guarded(|| pdf_extract::output_doc(doc, &mut out))?;
    if out.glyphs > MAX_GLYPHS {
        return Err(too_large(format!(
            "the PDF draws more than {MAX_GLYPHS} characters"
        )));
    }
    done.map_err(damaged)?;
    Ok(out.pages)
}

/// Whether each text-showing operation of a page (each `Tj`, and each
/// string of a `TJ`, as pdf-extract shows them) is set in a bold font.
fn weights(doc: &lopdf::Document, page: ObjectId) -> Vec<bool> {
    let Ok(content) = doc.get_page_content(page) else {
        return Vec::new();
    };
    let Ok(content) = lopdf::content::Content::decode(&content) else {
        return Vec::new();
    };
    let fonts = doc
        .get_page_fonts(page)
        .unwrap_or_default()
        .into_iter()
        .map(|(name, font)| (name, bold_font(doc, font)))
        .collect::<std::collections::BTreeMap<_, _>>();
    let mut out = Vec::new();
    let mut bold = false;
    let mut saved = Vec::new();
    for op in &content.operations {
        match op.operator.as_str() {
            "q" => saved.push(bold),
            "Q" => bold = saved.pop().unwrap_or(bold),
            "Tf" => {
                bold = op
                    .operands
                    .first()
                    .and_then(|n| n.as_name().ok())
                    .and_then(|n| fonts.get(n))
                    .copied()
                    .unwrap_or(false);
            }
            "Tj" => out.push(bold),
            "TJ" => {
                if let Some(Object::Array(a)) = op.operands.first() {
                    out.extend(
                        a.iter()
                            .filter(|o| matches!(o, Object::String(..)))
                            .map(|_| bold),
                    );
                }
            }
            _ => {}
        }
    }
    out
}

/// Whether a font is bold: by its name ("…-Bold", "…Semibold", "…Black"),
/// its descriptor's weight, or its force-bold flag.
fn bold_font(doc: &lopdf::Document, font: &Dictionary) -> bool {
    let name = font
        .get(b"BaseFont")
        .and_then(Object::as_name)
        .map(|n| String::from_utf8_lossy(n).to_ascii_lowercase())
        .unwrap_or_default();
    if ["bold", "black", "heavy", "semibold", "demi"]
        .iter()
        .any(|w| name.contains(w))
    {
        return true;
    }
    let descriptor = font
        .get_deref(b"FontDescriptor", doc)
        .and_then(Object::as_dict)
        .ok();
    descriptor.is_some_and(|d| {
        d.get(b"FontWeight")
            .and_then(Object::as_float)
            .is_ok_and(|w| w >= 600.0)
            || d.get(b"Flags")
                .and_then(Object::as_i64)
                .is_ok_and(|f| f & (1 << 18) != 0)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ligatures_and_control_characters() {
        assert_eq!(glyph_text("\u{fb01}"), "fi");
        assert_eq!(glyph_text("\u{fb03}x"), "ffix");
        assert_eq!(glyph_text("\t"), " ");
        assert_eq!(glyph_text("\u{0}a\u{7}"), "a");
        assert_eq!(glyph_text("é"), "é");
    }

    #[test]
    fn body_size_is_the_most_common() {
        assert_eq!(mode([12.0, 12.1, 16.0, 11.9, 16.0].into_iter()), 12.0);
        assert_eq!(mode(std::iter::empty()), 0.0);
    }
}
