//! Decoded text to normalized segments.
//!
//! A source line is split into tab-separated cells; markup tags split a cell into segments
//! (paragraph and list boundaries) and are dropped; entities are decoded; Unicode NFKC is
//! applied everywhere except to circled numbers, which carry structure; whitespace runs become
//! one space and every segment is trimmed. Each segment remembers its source line, so every
//! position of the normalized text maps back to the line it came from.

use crate::circled;
use std::ops::Range;
use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

/// One paragraph of normalized text inside a cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// Normalized, trimmed, never empty.
    pub text: String,
    /// 1-based source line.
    pub line: usize,
}

/// One source line: its cells, each a range of segment indices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// 1-based source line.
    pub no: usize,
    /// Tab-separated cells as ranges into [`Normalized::segments`]; an empty range is an empty cell.
    pub cells: Vec<Range<usize>>,
}

impl Line {
    /// Whether every cell is empty.
    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| c.is_empty())
    }
}

/// The whole normalized document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Normalized {
    /// Every segment, in document order.
    pub segments: Vec<Segment>,
    /// Every source line, blank ones included.
    pub lines: Vec<Line>,
}

/// Tags that start a new paragraph or list item; other tags vanish without a boundary.
const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "br",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "table",
    "tr",
    "td",
    "th",
    "thead",
    "tbody",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "section",
    "article",
    "header",
    "footer",
    "nav",
    "main",
    "aside",
    "blockquote",
    "pre",
    "hr",
    "caption",
    "figure",
    "figcaption",
    "form",
    "title",
    "body",
    "html",
    "head",
];

/// Splits one cell at its tags. Returns the raw pieces between block-level tags, tags removed.
fn split_tags(cell: &str) -> Vec<String> {
    let mut pieces = vec![String::new()];
    let mut rest = cell;
    let mut close = None;
    while let Some(lt) = rest.find('<') {
        pieces
            .last_mut()
            .expect("never empty")
            .push_str(&rest[..lt]);
        let after = &rest[lt + 1..];
        let at = cell.len() - after.len();
        match tag_len(after, || {
            next_close(cell, &mut close, at + 3).map(|c| c - (at + 3))
        }) {
            Some((len, name)) => {
                if BLOCK_TAGS.iter().any(|t| t.eq_ignore_ascii_case(name)) {
                    pieces.push(String::new());
                }
                rest = &after[len..];
            }
            None => {
                pieces.last_mut().expect("never empty").push('<');
                rest = after;
            }
        }
    }
    pieces.last_mut().expect("never empty").push_str(rest);
    pieces
}

/// The first `-->` of `cell` at or after byte `from`. `memo` keeps the last answer, so a cell
/// full of unclosed `<!--` is searched once, not once per opener: callers ask with `from`
/// increasing, and the answer stands until `from` passes it.
fn next_close(cell: &str, memo: &mut Option<(usize, Option<usize>)>, from: usize) -> Option<usize> {
    match *memo {
        Some((_, Some(found))) if found >= from => return Some(found),
        Some((searched, None)) if searched <= from => return None,
        _ => {}
    }
    let found = cell.get(from..)?.find("-->").map(|i| from + i);
    *memo = Some((from, found));
    found
}

/// Length of a tag body after `<` (through `>`) and its name, when `s` starts like a tag.
/// Tags longer than 1 KiB are taken as text, comments longer than 64 KiB too: no input makes
/// this scan far. `comment_end` gives the position of the `-->` after `s`'s `<!--`, if any.
fn tag_len(s: &str, comment_end: impl FnOnce() -> Option<usize>) -> Option<(usize, &str)> {
    let body = s.strip_prefix('/').unwrap_or(s);
    let name_len = body
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    if name_len == 0 || !body.as_bytes()[0].is_ascii_alphabetic() {
        // Comments and doctypes: `<!-- … -->`, `<!DOCTYPE …>`.
        if s.starts_with("!--") {
            let end = comment_end().filter(|&end| end + 3 <= 64 * 1024)?;
            return Some((3 + end + 3, "!--"));
        }
        if s.starts_with('!') {
            let end = s.get(..s.len().min(1024))?.find('>')?;
            return Some((end + 1, "!"));
        }
        return None;
    }
    let name = &body[..name_len];
    let after_name = &body[name_len..];
    if !(after_name.is_empty()
        || after_name.starts_with(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/'))
    {
        return None;
    }
    let window = &s[..floor_char_boundary(s, 1024)];
    let end = window.find('>')?;
    if window[..end].contains('<') {
        return None;
    }
    Some((end + 1, name))
}

fn floor_char_boundary(s: &str, i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    (0..=i).rev().find(|&j| s.is_char_boundary(j)).unwrap_or(0)
}

/// Named entities common in saved Japanese web pages.
const ENTITIES: &[(&str, char)] = &[
    ("amp", '&'),
    ("lt", '<'),
    ("gt", '>'),
    ("quot", '"'),
    ("apos", '\''),
    ("nbsp", ' '),
    ("ensp", ' '),
    ("emsp", ' '),
    ("thinsp", ' '),
    ("middot", '·'),
    ("times", '×'),
    ("divide", '÷'),
    ("yen", '¥'),
    ("copy", '©'),
    ("reg", '®'),
    ("hellip", '…'),
    ("ndash", '–'),
    ("mdash", '—'),
    ("lsquo", '‘'),
    ("rsquo", '’'),
    ("ldquo", '“'),
    ("rdquo", '”'),
    ("laquo", '«'),
    ("raquo", '»'),
    ("bull", '•'),
    ("deg", '°'),
    ("plusmn", '±'),
];

/// Decodes HTML character references; unknown ones stay as written.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let semi = after[..floor_char_boundary(after, 12)].find(';');
        let decoded = semi.and_then(|semi| {
            let name = &after[..semi];
            let c = if let Some(num) = name.strip_prefix('#') {
                let n = match num.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => num.parse().ok(),
                };
                n.and_then(char::from_u32).filter(|&c| c != '\0')
            } else {
                ENTITIES.iter().find(|(n, _)| *n == name).map(|(_, c)| *c)
            };
            c.map(|c| (c, semi + 1))
        });
        match decoded {
            Some((c, used)) => {
                out.push(c);
                rest = &after[used..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// NFKC everywhere except circled numbers, which NFKC would turn into plain digits.
pub fn nfkc_keep_circled(s: &str) -> String {
    // Most Japanese text is already NFKC: skip the work when the quick check says so.
    if is_nfkc_quick(s.chars()) == IsNormalized::Yes {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut run_start = 0;
    for (i, c) in s.char_indices() {
        if circled::is_circled(c) {
            out.extend(s[run_start..i].nfkc());
            out.push(c);
            run_start = i + c.len_utf8();
        }
    }
    out.extend(s[run_start..].nfkc());
    out
}

/// Collapses whitespace runs (and control characters) to one space and trims.
pub fn collapse_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars() {
        if c.is_whitespace() || c.is_control() || c == '\u{FEFF}' || c == '\u{200B}' {
            pending_space = true;
        } else {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(c);
        }
    }
    out
}

/// Normalizes one raw piece of cell text.
pub fn normalize_text(raw: &str) -> String {
    collapse_whitespace(&nfkc_keep_circled(&decode_entities(raw)))
}

/// Splits decoded text into lines (LF, CRLF or CR) and normalizes every cell.
pub fn normalize(text: &str) -> Normalized {
    let mut out = Normalized::default();
    for (i, raw_line) in split_lines(text).enumerate() {
        let no = i + 1;
        let mut cells = Vec::new();
        for raw_cell in raw_line.split('\t') {
            let start = out.segments.len();
            for piece in split_tags(raw_cell) {
                let text = normalize_text(&piece);
                if !text.is_empty() {
                    out.segments.push(Segment { text, line: no });
                }
            }
            cells.push(start..out.segments.len());
        }
        out.lines.push(Line { no, cells });
    }
    out
}

/// Lines split at LF, CRLF or CR; a final line break does not start a new line.
pub fn split_lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let s = rest?;
        match s.find(['\n', '\r']) {
            Some(i) => {
                let next = if s[i..].starts_with("\r\n") {
                    i + 2
                } else {
                    i + 1
                };
                rest = (next < s.len()).then(|| &s[next..]);
                Some(&s[..i])
            }
            None => {
                rest = None;
                (!s.is_empty()).then_some(s)
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ok_nfkc_keeps_circled_numbers() {
        assert_eq!(
            nfkc_keep_circled("①１１８，０００件（２）"),
            "①118,000件(2)"
        );
        assert_eq!(nfkc_keep_circled("㉑ｱｲｳ　㊿"), "㉑アイウ ㊿");
        assert_eq!(nfkc_keep_circled("指標：①A"), "指標:①A");
    }

    #[test]
    fn ok_entities() {
        assert_eq!(
            decode_entities("a&amp;b&lt;&#12354;&#x3042;&nbsp;"),
            "a&b<ああ "
        );
        // Japanese text right after the entity: the look-ahead window ends inside a character.
        assert_eq!(
            decode_entities("水道&amp;下水道&nbsp;近隣の&#12539;市"),
            "水道&下水道 近隣の・市"
        );
        assert_eq!(
            decode_entities("AT&T &unknown; &#0; &"),
            "AT&T &unknown; &#0; &"
        );
    }

    #[test]
    fn ok_tags_become_boundaries() {
        let n =
            normalize("<p>1. A</p> <p>2. B</p>\t<p>指標：①X</p>\t\n <ul style=\"x\"> ・C <li>D");
        let texts: Vec<_> = n.segments.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(texts, ["1. A", "2. B", "指標:①X", "・C", "D"]);
        assert_eq!(n.lines.len(), 2);
        assert_eq!(n.lines[0].cells, vec![0..2, 2..3, 3..3]);
        assert_eq!(n.segments[3].line, 2);
        let n = normalize("a <span>b</span>c <10人 & <!-- x --> d");
        assert_eq!(n.segments[0].text, "a bc <10人 & d");
    }

    #[test]
    fn ok_line_endings_and_whitespace() {
        let lines: Vec<_> = split_lines("a\r\nb\rc\n\nd\n").collect();
        assert_eq!(lines, ["a", "b", "c", "", "d"]);
        assert_eq!(collapse_whitespace("  有元　 均 \u{3000}"), "有元 均");
    }

    #[test]
    fn ok_comments_close_at_the_first_close() {
        let n = normalize("a<!-- x <!-- y -->b<!-- z -->c <!-- open");
        assert_eq!(n.segments[0].text, "abc <!-- open");
        // Every opener before the one close belongs to one comment.
        let n = normalize(&format!("{}x-->y", "<!--".repeat(1000)));
        assert_eq!(n.segments[0].text, "y");
        // Unclosed openers, many of them, stay text; found without a search per opener.
        let text = "<!--".repeat(100_000);
        assert_eq!(normalize(&text).segments[0].text, text);
    }

    #[test]
    fn err_comment_over_64_kib_is_text() {
        let long = format!("<!--{}-->z", "x".repeat(64 * 1024));
        assert_eq!(normalize(&long).segments[0].text, long);
        let fits = format!("<!--{}-->z", "x".repeat(64 * 1024 - 6));
        assert_eq!(normalize(&fits).segments[0].text, "z");
    }

    #[test]
    fn err_unclosed_tag_is_text() {
        let n = normalize("<p unclosed ①");
        assert_eq!(n.segments[0].text, "<p unclosed ①");
    }
}
