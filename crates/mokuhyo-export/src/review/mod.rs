//! The review page: one self-contained HTML file for checking a parse by eye.
//!
//! Left, the decoded source with line numbers and anchors (`#L12`); right, the extracted
//! structure. Every field element carries the source lines it came from in `data-lines`
//! (`"12"` for one line, `"11-15"` for a range, several parts joined by `,`); clicking it
//! highlights those lines (class `hl`) and scrolls them into view. Lines with a diagnostic or
//! `unparsed` residue are marked in the source (classes `diag` and `residue`) so nothing
//! unplaced can be missed.
//!
//! The page loads nothing: CSS and script are inline, and a Content-Security-Policy forbids
//! any fetch. All document text is HTML-escaped. The output depends only on its inputs, so
//! the same report gives the same bytes.
//!
//! The page is built in parts, one module each, so that a change to the page touches the part
//! it is about: [`source`] (the source pane and what it marks), [`structure`] (the extracted
//! fields) and [`index`] (a batch's index page). The stylesheets and the script are asset
//! files under `assets/`, compiled in with `include_str!`.

use std::fmt::{self, Write as _};
use std::io;

use mokuhyo_parse::model::{Lines, SourceSpan};
use mokuhyo_parse::Report;

mod index;
mod source;
mod structure;
#[cfg(test)]
mod tests;

pub use index::{page_href, review_index_html, IndexEntry};

/// The review page's stylesheet.
const CSS: &str = include_str!("assets/review.css");
/// The review page's script: highlighting on click, in both directions.
const JS: &str = include_str!("assets/review.js");

/// The Content-Security-Policy of the review page: nothing is fetched, only the page's own
/// style and script run.
const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'";

/// The review page for `report`, parsed from `source` (the raw bytes of the input file).
///
/// The source pane shows `source` decoded as the parser decoded it, line for line, with tabs
/// drawn as `⇥` cells and control characters as visible symbols. [`write_review`] writes the
/// same page to a writer without holding it in memory.
///
/// ```
/// let text = "令和4年度 部局経営目標（達成状況）\n部局名\t総合政策部\n\
///             (2) 事業成果目標\n1-①広報の強化 ・発信します。\t指標：アクセス件数\n\
///             \t目標値 450万件\t実績値 587万件\n";
/// let report = mokuhyo_parse::parse(text.as_bytes(), "r.txt").unwrap().report;
/// let html = mokuhyo_export::review_html(text.as_bytes(), &report);
/// assert!(html.starts_with("<!DOCTYPE html>"));
/// assert!(html.contains(r#"id="L4""#));
/// assert!(html.contains(r#"data-section-index="0" data-lines="4""#));
/// ```
pub fn review_html(source: &[u8], report: &Report) -> String {
    review_html_with(source, report, "")
}

/// [`review_html`] with `extra`, HTML of the caller's (a PDF's drawn pages), at the end of
/// the page's body.
pub fn review_html_with(source: &[u8], report: &Report, extra: &str) -> String {
    let mut out = Vec::with_capacity(source.len() * 2 + extra.len() + 64 * 1024);
    write_review_with(&mut out, source, report, extra).expect("writing to memory cannot fail");
    String::from_utf8(out).expect("the page is built from strings")
}

/// Writes the review page for `report` (see [`review_html`]) to `out`, a few tens of KiB at a
/// time: the page is never whole in memory, whatever the size of the report.
///
/// # Errors
///
/// The first error `out` returned; what was written before it stays written.
pub fn write_review(out: &mut dyn io::Write, source: &[u8], report: &Report) -> io::Result<()> {
    write_review_with(out, source, report, "")
}

/// [`write_review`] with `extra`, HTML of the caller's (a PDF's drawn pages), at the end of
/// the page's body.
///
/// # Errors
///
/// As [`write_review`].
pub fn write_review_with(
    out: &mut dyn io::Write,
    source: &[u8],
    report: &Report,
    extra: &str,
) -> io::Result<()> {
    let decoded = mokuhyo_parse::decode::decode(source);
    let lines: Vec<&str> = mokuhyo_parse::normalize::split_lines(&decoded.text).collect();
    let marks = source::Marks::of(report);
    let name = report.source.file.as_str();
    let title = match &report.title {
        Some(t) => format!("{t} — {name}"),
        None => name.to_string(),
    };
    let mut h = Html::new(out);
    head(&mut h, &title, CSS);
    h.push_str("<body>\n");
    structure::top(&mut h, report, lines.len());
    // The structure comes first in the document so that a printout starts with it; on
    // screen the grid puts the source on the left.
    h.push_str("<main>\n");
    structure::pane(&mut h, report);
    source::pane(&mut h, &marks, &lines);
    h.push_str("</main>\n<script>");
    h.push_str(JS);
    h.push_str("</script>\n");
    h.push_str(extra);
    h.push_str("</body>\n</html>\n");
    h.finish()
}

/// The document's start through `</head>`: character set, the strict Content-Security-Policy,
/// the title and the stylesheet.
fn head(h: &mut Html<'_>, title: &str, css: &str) {
    h.push_str("<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n");
    h.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"");
    h.push_str(CSP);
    h.push_str("\">\n");
    h.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
    push_escaped(h, title);
    h.push_str("</title>\n<style>");
    h.push_str(css);
    h.push_str("</style>\n</head>\n");
}

/// HTML text on its way to a writer: gathered in a buffer and handed on whenever the buffer
/// holds [`Html::CHUNK`] bytes, so a page of any size takes a buffer's worth of memory. After
/// a write error the rest is dropped and [`Html::finish`] returns the error.
pub(crate) struct Html<'w> {
    buf: String,
    out: &'w mut dyn io::Write,
    err: Option<io::Error>,
}

impl<'w> Html<'w> {
    /// Bytes gathered before they are written.
    const CHUNK: usize = 64 * 1024;

    fn new(out: &'w mut dyn io::Write) -> Html<'w> {
        Html {
            buf: String::with_capacity(Self::CHUNK + 4096),
            out,
            err: None,
        }
    }

    fn drain(&mut self) {
        if self.err.is_none() {
            if let Err(e) = self.out.write_all(self.buf.as_bytes()) {
                self.err = Some(e);
            }
        }
        self.buf.clear();
    }

    /// Writes what is left and flushes the writer.
    fn finish(mut self) -> io::Result<()> {
        self.drain();
        match self.err.take() {
            Some(e) => Err(e),
            None => self.out.flush(),
        }
    }
}

/// Somewhere HTML text goes: a [`String`] or an [`Html`] stream.
pub(crate) trait Push {
    /// Appends text.
    fn push_str(&mut self, s: &str);
    /// Appends one character.
    fn push(&mut self, c: char);
}

impl Push for String {
    fn push_str(&mut self, s: &str) {
        String::push_str(self, s);
    }
    fn push(&mut self, c: char) {
        String::push(self, c);
    }
}

impl Push for Html<'_> {
    #[inline]
    fn push_str(&mut self, s: &str) {
        self.buf.push_str(s);
        if self.buf.len() >= Self::CHUNK {
            self.drain();
        }
    }
    #[inline]
    fn push(&mut self, c: char) {
        self.buf.push(c);
        if self.buf.len() >= Self::CHUNK {
            self.drain();
        }
    }
}

impl fmt::Write for Html<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        Push::push_str(self, s);
        Ok(())
    }
}

/// One character escaped for HTML text and attribute values.
#[inline]
fn push_esc(h: &mut impl Push, c: char) {
    match c {
        '&' => h.push_str("&amp;"),
        '<' => h.push_str("&lt;"),
        '>' => h.push_str("&gt;"),
        '"' => h.push_str("&quot;"),
        '\'' => h.push_str("&#39;"),
        _ => h.push(c),
    }
}

/// `s` escaped onto `h`.
fn push_escaped(h: &mut impl Push, s: &str) {
    s.chars().for_each(|c| push_esc(h, c));
}

/// `s` escaped for HTML text and attribute values.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_escaped(&mut out, s);
    out
}

/// A line range as `data-lines` writes it: `12` or `11-15`.
fn range(l: &Lines) -> String {
    if l.start == l.end {
        l.start.to_string()
    } else {
        format!("{}-{}", l.start, l.end)
    }
}

/// The `data-spans` attribute (with its leading space) for character spans:
/// `8:4-8:25,8:40-8:200`, each `LINE:COLUMN-LINE:COLUMN` with both ends inclusive, as in the
/// document; nothing when there are none.
fn spans_attr<'a>(spans: impl Iterator<Item = &'a SourceSpan>) -> String {
    let mut out = String::new();
    for (i, s) in spans.enumerate() {
        out.push_str(if i == 0 { " data-spans=\"" } else { "," });
        let _ = write!(
            out,
            "{}:{}-{}:{}",
            s.start.line, s.start.column, s.end.line, s.end.column
        );
    }
    if !out.is_empty() {
        out.push('"');
    }
    out
}
