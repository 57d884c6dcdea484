//! PDF pages → what was drawn on them: glyphs with their text and box, and ruling lines.
//!
//! The content streams are run through `hayro-interpret` with a [`Device`] of our own that
//! keeps only what a table reader needs. Coordinates are PDF points with the origin at the
//! top left of the page's crop box and y growing downwards (reading order); [`Page::height`]
//! turns them back into the PDF's own y-up space for provenance.

use hayro_interpret::font::{Glyph as HGlyph, GlyphRun};
use hayro_interpret::hayro_syntax::object::{Dict, String as PdfString};
use hayro_interpret::hayro_syntax::{LoadPdfError, Pdf};
use hayro_interpret::kurbo::{Affine, BezPath, Point, Rect, Shape};
use hayro_interpret::{
    interpret_page, BlendMode, ClipPath, Context, Device, DrawMode, DrawProps, Image,
    ImageDrawProps, InterpreterCache, InterpreterSettings, Paint, SoftMask,
};

use crate::GridError;

/// One glyph (or one `/ActualText` span) as drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    /// Its text: the `/ActualText` of its span when it has one, else the font's Unicode map.
    pub text: String,
    /// Box: left, top, right, bottom (y down).
    pub rect: [f64; 4],
    /// Font size on the page, in points.
    pub size: f64,
    /// Baseline y.
    pub baseline: f64,
}

impl Glyph {
    /// Horizontal centre.
    pub fn cx(&self) -> f64 {
        (self.rect[0] + self.rect[2]) / 2.0
    }

    /// Vertical centre.
    pub fn cy(&self) -> f64 {
        (self.rect[1] + self.rect[3]) / 2.0
    }
}

/// A horizontal or vertical ruling line: a stroked segment or a thin filled rectangle.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    /// Left, top, right, bottom (y down); one of the two extents is (close to) zero.
    pub rect: [f64; 4],
}

impl Rule {
    /// Whether the line runs left to right.
    pub fn horizontal(&self) -> bool {
        self.rect[2] - self.rect[0] >= self.rect[3] - self.rect[1]
    }
}

/// What one page holds.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    /// Width in points.
    pub width: f64,
    /// Height in points.
    pub height: f64,
    /// Glyphs in drawing order.
    pub glyphs: Vec<Glyph>,
    /// Ruling lines.
    pub rules: Vec<Rule>,
    /// Images drawn (a scan is a page of images without glyphs).
    pub images: usize,
}

/// Thicker than this, a filled rectangle is an area (a shaded cell), not a line.
const MAX_RULE_WIDTH: f64 = 2.5;

/// Reads every page of a PDF. A panic inside the PDF library (a hostile file) is caught and
/// becomes a [`GridError::Damaged`].
pub fn read(bytes: &[u8]) -> Result<Vec<Page>, GridError> {
    let mut pages = Vec::new();
    read_each(bytes, |p| pages.push(p))?;
    Ok(pages)
}

/// Reads the pages of a PDF one at a time, handing each to `each` in order: a caller that
/// keeps only what it needs of a page holds one page's glyphs at a time, however long the
/// document. Errors as [`read`]; `each` may have seen some pages before a damaged one.
pub fn read_each(bytes: &[u8], mut each: impl FnMut(Page)) -> Result<(), GridError> {
    let data = bytes.to_vec();
    crate::guarded(|| read_inner(data, &mut each)).unwrap_or_else(|| {
        Err(GridError::Damaged(
            "the PDF reader failed on its content".into(),
        ))
    })
}

fn read_inner(data: Vec<u8>, each: &mut dyn FnMut(Page)) -> Result<(), GridError> {
    let pdf = Pdf::new(data).map_err(|e| match e {
        LoadPdfError::Decryption(d) => {
            use hayro_interpret::hayro_syntax::DecryptionError as D;
            match d {
                D::PasswordProtected => GridError::Encrypted,
                _ => GridError::Damaged(format!("its encryption cannot be read ({d:?})")),
            }
        }
        LoadPdfError::Invalid => {
            GridError::Damaged("no page tree or cross-reference table could be found".into())
        }
    })?;
    let cache = InterpreterCache::new();
    for page in pdf.pages().iter() {
        let (w, h) = page.render_dimensions();
        let mut ctx = Context::new(
            Affine::new(page.initial_transform(true).as_coeffs()),
            Rect::new(0.0, 0.0, f64::from(w), f64::from(h)),
            &cache,
            pdf.xref(),
            InterpreterSettings::default(),
        );
        let mut dev = Collector::default();
        interpret_page(page, &mut ctx, &mut dev);
        each(dev.finish(f64::from(w), f64::from(h)));
    }
    Ok(())
}

/// A glyph before `/ActualText` spans are applied.
struct Raw {
    glyph: Glyph,
    span: Option<usize>,
}

#[derive(Default)]
struct Collector {
    raw: Vec<Raw>,
    rules: Vec<Rule>,
    images: usize,
    /// Bounding boxes of the clip stack, each already intersected with the one below.
    clips: Vec<Rect>,
    /// Marked-content stack: the `/ActualText` span each level opened, if any.
    marked: Vec<Option<usize>>,
    /// Text of each `/ActualText` span.
    spans: Vec<String>,
}

impl Collector {
    fn clip(&self) -> Option<Rect> {
        self.clips.last().copied()
    }

    fn span(&self) -> Option<usize> {
        self.marked.iter().rev().find_map(|s| *s)
    }

    fn finish(self, width: f64, height: f64) -> Page {
        let mut glyphs: Vec<Glyph> = Vec::with_capacity(self.raw.len());
        let mut raw = self.raw.into_iter().peekable();
        while let Some(Raw { glyph, span }) = raw.next() {
            let Some(span) = span else {
                glyphs.push(glyph);
                continue;
            };
            // The glyphs of one span become one glyph carrying the span's text.
            let mut g = glyph;
            while let Some(next) = raw.next_if(|r| r.span == Some(span)) {
                let r = &next.glyph.rect;
                g.rect = [
                    g.rect[0].min(r[0]),
                    g.rect[1].min(r[1]),
                    g.rect[2].max(r[2]),
                    g.rect[3].max(r[3]),
                ];
            }
            g.text = self.spans[span].clone();
            glyphs.push(g);
        }
        let glyphs = drop_overstrikes(glyphs);
        Page {
            width,
            height,
            glyphs,
            rules: self.rules,
            images: self.images,
        }
    }

    fn add_rule(&mut self, r: Rect) {
        let r = match self.clip() {
            Some(c) => r.intersect(c),
            None => r,
        };
        if r.width() < 0.0 || r.height() < 0.0 || (r.width() < 1.0 && r.height() < 1.0) {
            return;
        }
        self.rules.push(Rule {
            rect: [r.x0, r.y0, r.x1, r.y1],
        });
    }
}

/// Synthetic bold draws a glyph twice a hair apart: keep the first.
fn drop_overstrikes(glyphs: Vec<Glyph>) -> Vec<Glyph> {
    let mut out: Vec<Glyph> = Vec::with_capacity(glyphs.len());
    for g in glyphs {
        let dup = out.iter().rev().take(4).any(|p| {
            p.text == g.text
                && (p.rect[0] - g.rect[0]).abs() < g.size * 0.15
                && (p.baseline - g.baseline).abs() < g.size * 0.15
        });
        if !dup {
            out.push(g);
        }
    }
    out
}

/// The text of a PDF text string: UTF-16BE with a byte order mark, UTF-8 with one, else
/// PDFDocEncoding (Latin-1 for the characters that matter here).
fn text_string(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        return String::from_utf16_lossy(&units);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8_lossy(rest).into_owned();
    }
    bytes.iter().map(|&b| char::from(b)).collect()
}

/// Whether a path is made only of straight segments (a rectangle or a line).
fn straight(path: &BezPath) -> bool {
    use hayro_interpret::kurbo::PathEl;
    path.elements()
        .iter()
        .all(|e| matches!(e, PathEl::MoveTo(_) | PathEl::LineTo(_) | PathEl::ClosePath))
}

/// The axis-aligned segments of a path made of straight lines.
fn segments(path: &BezPath) -> Vec<(Point, Point)> {
    use hayro_interpret::kurbo::PathEl;
    let mut out = Vec::new();
    let (mut start, mut last) = (Point::ZERO, Point::ZERO);
    for e in path.elements() {
        match *e {
            PathEl::MoveTo(p) => {
                start = p;
                last = p;
            }
            PathEl::LineTo(p) => {
                out.push((last, p));
                last = p;
            }
            PathEl::ClosePath => {
                out.push((last, start));
                last = start;
            }
            _ => {}
        }
    }
    out.retain(|(a, b)| (a.x - b.x).abs() < 0.5 || (a.y - b.y).abs() < 0.5);
    out
}

fn visible(paint: &Paint<'_>) -> bool {
    match paint {
        Paint::Color(c) => {
            let rgba = c.to_rgba().to_rgba8();
            // White lines on white paper rule nothing.
            rgba[3] > 0 && !(rgba[0] > 240 && rgba[1] > 240 && rgba[2] > 240)
        }
        Paint::Pattern(_) => true,
    }
}

impl<'a> Device<'a> for Collector {
    fn draw_path(&mut self, path: &BezPath, props: DrawProps<'a>, mode: &DrawMode) {
        if !straight(path) || !visible(&props.paint) {
            return;
        }
        let path = props.transform * path.clone();
        match mode {
            DrawMode::Stroke(s) | DrawMode::FillAndStroke(_, s) => {
                let w = (f64::from(s.line_width) * props.transform.as_coeffs()[0].abs()).max(0.1);
                for (a, b) in segments(&path) {
                    let r = Rect::from_points(a, b).inflate(w / 2.0, w / 2.0);
                    self.add_rule(r);
                }
            }
            DrawMode::Fill(_) => {
                let bb = path.bounding_box();
                if bb.width().min(bb.height()) <= MAX_RULE_WIDTH {
                    self.add_rule(bb);
                }
            }
            DrawMode::Invisible => {}
        }
    }

    fn push_clip_path(&mut self, clip: &ClipPath) {
        let bb = clip.path.bounding_box();
        let next = match self.clip() {
            Some(c) => c.intersect(bb),
            None => bb,
        };
        self.clips.push(next);
    }

    fn push_transparency_group(&mut self, _: f32, _: Option<SoftMask<'a>>, _: BlendMode) {}

    fn draw_glyph_run(&mut self, run: &GlyphRun<'_, 'a>, props: DrawProps<'a>, mode: &DrawMode) {
        // A run drawn twice (fill, then stroke) is read once.
        if matches!(mode, DrawMode::Stroke(_)) {
            return;
        }
        let span = self.span();
        for g in run.glyphs() {
            let t: Affine = props.transform * g.transform();
            let origin = t * Point::new(0.0, 0.0);
            let up = t * Point::new(0.0, 1000.0);
            let size = (up - origin).hypot();
            if !(size.is_finite() && size > 0.5) {
                continue;
            }
            let advance = match &**g {
                HGlyph::Outline(o) => o.advance_width(),
                HGlyph::Type3(t3) => t3.advance_width(),
            }
            .map(f64::from)
            .filter(|a| a.is_finite() && *a > 0.0)
            .unwrap_or(500.0);
            let right = t * Point::new(advance, 0.0);
            let width = (right - origin).hypot().max(size * 0.2);
            // Horizontal text in a y-down space: the em box sits above the baseline.
            let rect = [
                origin.x,
                origin.y - size * 0.88,
                origin.x + width,
                origin.y + size * 0.12,
            ];
            let (cx, cy) = ((rect[0] + rect[2]) / 2.0, (rect[1] + rect[3]) / 2.0);
            // A glyph whose centre is clipped away is not on the page (LibreOffice draws a
            // merged cell split over a page break in full on both pages, clipped).
            if let Some(c) = self.clip() {
                if !c.contains(Point::new(cx, cy)) {
                    continue;
                }
            }
            let text = if span.is_some() {
                String::new()
            } else {
                match g.as_unicode() {
                    Some(hayro_interpret::hayro_cmap::BfString::Char(c)) => c.to_string(),
                    Some(hayro_interpret::hayro_cmap::BfString::String(s)) => s,
                    None => String::new(),
                }
            };
            // A drawn space is kept (as " "): it tells a word gap that glyph widths alone
            // may not (a fallback font's advances can be off).
            if span.is_none() && text.is_empty() {
                continue;
            }
            let text = if span.is_none() && text.trim().is_empty() {
                " ".to_string()
            } else {
                text
            };
            self.raw.push(Raw {
                glyph: Glyph {
                    text,
                    rect,
                    size,
                    baseline: origin.y,
                },
                span,
            });
        }
    }

    fn draw_image(&mut self, _: Image<'a, '_>, _: ImageDrawProps<'a>) {
        self.images += 1;
    }

    fn pop_clip(&mut self) {
        self.clips.pop();
    }

    fn pop_transparency_group(&mut self) {}

    fn begin_marked_content(&mut self, _tag: &[u8], properties: Option<&Dict<'_>>) {
        let actual = properties
            .and_then(|p| p.get::<PdfString<'_>>(b"ActualText"))
            .map(|s| text_string(s.as_bytes()));
        let span = actual.map(|t| {
            self.spans.push(t);
            self.spans.len() - 1
        });
        self.marked.push(span);
    }

    fn end_marked_content(&mut self) {
        self.marked.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ok_text_strings_in_utf16_and_pdfdoc() {
        assert_eq!(text_string(&[0xFE, 0xFF, 0x4E, 0xBA]), "人");
        assert_eq!(text_string(b"abc"), "abc");
    }

    #[test]
    fn ok_overstruck_glyph_is_read_once() {
        let g = |x: f64, t: &str| Glyph {
            text: t.into(),
            rect: [x, 0.0, x + 10.0, 10.0],
            size: 10.0,
            baseline: 9.0,
        };
        let out = drop_overstrikes(vec![g(0.0, "部"), g(0.3, "部"), g(10.0, "部")]);
        assert_eq!(out.len(), 2);
        assert_eq!(out[1].rect[0], 10.0);
    }
}
