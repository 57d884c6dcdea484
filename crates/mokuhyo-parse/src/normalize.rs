//! Decoded text to normalized segments.
//!
//! A source line is split into tab-separated cells; markup tags split a cell into segments
//! (paragraph and list boundaries) and are dropped; entities are decoded; Unicode NFKC is
//! applied everywhere except to circled numbers, which carry structure; whitespace runs become
//! one space and every segment is trimmed. Each segment remembers its source line, so every
//! position of the normalized text maps back to the line it came from.

use std::ops::Range;

use crate::ledger::ix;
use unicode_normalization::UnicodeNormalization;

/// One paragraph of normalized text inside a cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// Normalized, trimmed, never empty. A boxed `str`, 8 bytes less than a `String`: a
    /// report holds millions of segments until its structure is read.
    pub text: Box<str>,
    /// 1-based source line.
    pub line: u32,
}

/// One source line: its cells, each a range of segment indices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// 1-based source line.
    pub no: u32,
    /// Tab-separated cells as ranges into [`Normalized::segments`]; an empty range is an empty cell.
    pub cells: Cells,
}

impl Line {
    /// Whether every cell is empty.
    pub fn is_blank(&self) -> bool {
        self.cells.filled.is_empty()
    }
}

/// The tab-separated cells of one line, each a range of segment indices. Only the cells that
/// hold text are stored: a line of ten thousand tabs takes the room of the cells between
/// them that are not empty, not sixteen bytes a tab. Counts and indices are kept in 32 bits
/// (a parse refuses text of 4 GiB or more), and the filled cells in a boxed slice: a line
/// takes 32 bytes and 8 a cell with text, where a report of a million lines took 80 each.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cells {
    /// How many cells the line has, empty ones included.
    len: u32,
    /// The line's first segment: where the first cell's range starts.
    start: u32,
    /// Each cell that holds a segment: its index in the line and the end of its range, which
    /// starts where the cell before it ends.
    filled: Box<[(u32, u32)]>,
}

impl Cells {
    /// How many cells, empty ones included.
    pub fn len(&self) -> usize {
        self.len as usize
    }

    /// Whether the line has no cell (never, for a line of [`normalize`]).
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Every cell in order, empty ones as empty ranges where they stand.
    pub fn iter(&self) -> CellIter<'_> {
        CellIter {
            cells: self,
            next: 0,
            filled: 0,
            at: self.start as usize,
        }
    }

    /// The cells that are not empty, in order.
    pub fn filled(&self) -> impl Iterator<Item = Range<usize>> + '_ {
        let starts = std::iter::once(self.start).chain(self.filled.iter().map(|&(_, end)| end));
        starts
            .zip(self.filled.iter())
            .map(|(start, &(_, end))| start as usize..end as usize)
    }

    /// Cell `i`, when the line has it.
    pub fn get(&self, i: usize) -> Option<Range<usize>> {
        if i >= self.len() {
            return None;
        }
        let (at, hit) = match self
            .filled
            .binary_search_by_key(&i, |&(cell, _)| cell as usize)
        {
            Ok(k) => (k, true),
            Err(k) => (k, false),
        };
        let start = match at {
            0 => self.start,
            k => self.filled[k - 1].1,
        } as usize;
        Some(if hit {
            start..self.filled[at].1 as usize
        } else {
            start..start
        })
    }

    /// The first cell.
    pub fn first(&self) -> Option<Range<usize>> {
        self.get(0)
    }
}

impl<'a> IntoIterator for &'a Cells {
    type Item = Range<usize>;
    type IntoIter = CellIter<'a>;

    fn into_iter(self) -> CellIter<'a> {
        self.iter()
    }
}

/// Every cell of a line, from [`Cells::iter`].
#[derive(Debug, Clone)]
pub struct CellIter<'a> {
    cells: &'a Cells,
    /// Index of the next cell.
    next: usize,
    /// Index in `cells.filled` of the next cell that holds text.
    filled: usize,
    /// Where the next cell's range starts.
    at: usize,
}

impl Iterator for CellIter<'_> {
    type Item = Range<usize>;

    fn next(&mut self) -> Option<Range<usize>> {
        if self.next >= self.cells.len() {
            return None;
        }
        let start = self.at;
        let i = self.next;
        self.next += 1;
        match self.cells.filled.get(self.filled) {
            Some(&(cell, end)) if cell as usize == i => {
                self.filled += 1;
                self.at = end as usize;
                Some(start..end as usize)
            }
            _ => Some(start..start),
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.cells.len() - self.next;
        (n, Some(n))
    }
}

impl ExactSizeIterator for CellIter<'_> {}

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

/// Whether `name` (a tag name as written, any case) starts a new paragraph or list item.
fn is_block_tag(name: &str) -> bool {
    let mut lower = [0u8; 10];
    let Some(buf) = lower.get_mut(..name.len()) else {
        return false;
    };
    buf.copy_from_slice(name.as_bytes());
    buf.make_ascii_lowercase();
    BLOCK_TAGS.iter().any(|t| t.as_bytes() == buf)
}

/// Calls `f` with each raw piece of one cell: the text between block-level tags, inline tags
/// removed. A piece is a slice of `cell` unless inline tags cut it, when it is joined in
/// `scratch`; `ranges` is scratch space too, kept by the caller from cell to cell.
fn for_each_piece(
    cell: &str,
    ranges: &mut Vec<Range<usize>>,
    scratch: &mut String,
    mut f: impl FnMut(&str),
) {
    for_each_piece_range(cell, ranges, |ranges| match ranges {
        [one] => f(&cell[one.clone()]),
        _ => {
            scratch.clear();
            ranges
                .iter()
                .for_each(|r| scratch.push_str(&cell[r.clone()]));
            f(scratch);
        }
    });
}

/// Calls `f` with the byte ranges of `cell` that make each raw piece (see [`for_each_piece`]):
/// one range, or several when inline tags cut the piece. `ranges` is scratch space.
pub(crate) fn for_each_piece_range(
    cell: &str,
    ranges: &mut Vec<Range<usize>>,
    mut f: impl FnMut(&[Range<usize>]),
) {
    let mut comments = CommentEnds::default();
    ranges.clear();
    let mut from = 0;
    let mut pos = 0;
    while let Some(lt) = cell[pos..].find('<') {
        let at = pos + lt;
        let Some((len, name)) = tag_len(&cell[at + 1..], at + 1, cell, &mut comments) else {
            // Not a tag: the `<` is text.
            pos = at + 1;
            continue;
        };
        if from < at || ranges.is_empty() {
            ranges.push(from..at);
        }
        if is_block_tag(name) {
            f(ranges);
            ranges.clear();
        }
        pos = at + 1 + len;
        from = pos;
    }
    if from < cell.len() || ranges.is_empty() {
        ranges.push(from..cell.len());
    }
    f(ranges);
}

/// Where the next `-->` of a cell is, remembered so that a cell full of unclosed `<!--` is
/// still read in linear time.
#[derive(Default)]
struct CommentEnds {
    /// The search covered the cell from this byte on …
    from: usize,
    /// … and found the first `-->` there (absolute byte position), or none.
    next: Option<usize>,
    searched: bool,
}

impl CommentEnds {
    /// The first `-->` at or after byte `at` of `cell`.
    fn first_at(&mut self, cell: &str, at: usize) -> Option<usize> {
        let stale = !self.searched || at < self.from || self.next.is_some_and(|n| n < at);
        if stale {
            self.from = at;
            self.next = cell[at..].find("-->").map(|i| at + i);
            self.searched = true;
        }
        self.next
    }
}

/// Length of a tag body after `<` (through `>`) and its name, when `s` starts like a tag.
/// `s` is `cell[at..]`. Tags longer than 1 KiB and comments longer than 64 KiB are taken as
/// text: no input makes this scan far.
fn tag_len<'c>(
    s: &'c str,
    at: usize,
    cell: &str,
    comments: &mut CommentEnds,
) -> Option<(usize, &'c str)> {
    let body = s.strip_prefix('/').unwrap_or(s);
    let name_len = body
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    if name_len == 0 || !body.as_bytes()[0].is_ascii_alphabetic() {
        // Comments and doctypes: `<!-- … -->`, `<!DOCTYPE …>`.
        if let Some(c) = s.strip_prefix("!--") {
            let limit = c.len().min(64 * 1024);
            if !c.is_char_boundary(limit) {
                return None;
            }
            let c_at = at + 3;
            let end = comments.first_at(cell, c_at)? - c_at;
            if end + 3 > limit {
                return None;
            }
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
    let mut out = String::with_capacity(s.len());
    decode_entities_into(s, &mut out);
    out
}

/// [`decode_entities`] into the end of `out`.
fn decode_entities_into(s: &str, out: &mut String) {
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        match entity_at(after) {
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
}

/// The character a reference names when `after` follows an `&`, and the bytes of `after` it
/// takes (through `;`); none when it names nothing known.
pub(crate) fn entity_at(after: &str) -> Option<(char, usize)> {
    let semi = after[..floor_char_boundary(after, 12)].find(';')?;
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
}

/// What [`collapse_whitespace`] turns into a space: whitespace, control characters, the BOM
/// and the zero-width space.
pub(crate) fn is_space_like(c: char) -> bool {
    c.is_whitespace() || c.is_control() || c == '\u{FEFF}' || c == '\u{200B}'
}

/// NFKC everywhere except circled numbers, which NFKC would turn into plain digits.
pub fn nfkc_keep_circled(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    nfkc_into(s, &mut Plain(&mut out));
    out
}

/// Collapses whitespace runs (and control characters) to one space and trims.
pub fn collapse_whitespace(s: &str) -> String {
    let mut out = Collapse::new(String::with_capacity(s.len()));
    for c in s.chars() {
        out.push(c);
    }
    out.out
}

/// Normalizes one raw piece of cell text: entities decoded, then NFKC except circled numbers,
/// then whitespace collapsed and trimmed, in one pass.
pub fn normalize_text(raw: &str) -> String {
    let mut out = Collapse::new(String::with_capacity(raw.len()));
    normalize_into(raw, &mut String::new(), &mut out);
    out.out
}

/// [`normalize_text`] onto the end of `out`; `entities` holds the text with its entities
/// decoded, when it has any.
fn normalize_into(raw: &str, entities: &mut String, out: &mut Collapse) {
    let raw = if raw.contains('&') {
        entities.clear();
        decode_entities_into(raw, entities);
        entities.as_str()
    } else {
        raw
    };
    nfkc_into(raw, out);
}

/// Where [`nfkc_into`] writes.
trait Sink {
    /// Appends text that holds no space-like character.
    fn push_str(&mut self, s: &str);
    /// Appends one character of any kind.
    fn push(&mut self, c: char);
    /// Takes back the last character appended, which was not space-like.
    fn retract(&mut self);
}

/// Writes the text as it comes.
struct Plain<'a>(&'a mut String);

impl Sink for Plain<'_> {
    fn push_str(&mut self, s: &str) {
        self.0.push_str(s);
    }
    fn push(&mut self, c: char) {
        self.0.push(c);
    }
    fn retract(&mut self) {
        self.0.pop();
    }
}

/// Collapses runs of space-like characters to one space and drops them at both ends.
struct Collapse {
    out: String,
    pending_space: bool,
}

impl Collapse {
    fn new(out: String) -> Collapse {
        Collapse {
            out,
            pending_space: false,
        }
    }

    /// Empties the text for the next piece.
    fn clear(&mut self) {
        self.out.clear();
        self.pending_space = false;
    }

    #[inline]
    fn space_before_text(&mut self) {
        if self.pending_space && !self.out.is_empty() {
            self.out.push(' ');
        }
        self.pending_space = false;
    }
}

impl Sink for Collapse {
    #[inline]
    fn push_str(&mut self, s: &str) {
        if !s.is_empty() {
            self.space_before_text();
            self.out.push_str(s);
        }
    }
    #[inline]
    fn push(&mut self, c: char) {
        if is_space_like(c) {
            self.pending_space = true;
        } else {
            self.space_before_text();
            self.out.push(c);
        }
    }
    fn retract(&mut self) {
        self.out.pop();
    }
}

/// How a character goes through [`nfkc_into`].
pub(crate) mod class {
    use super::is_space_like;
    use crate::circled;
    use std::sync::OnceLock;
    use unicode_normalization::char::canonical_combining_class;
    use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

    /// NFKC leaves it alone and it starts a normalization boundary: NFKC quick check Yes,
    /// combining class 0. Not space-like, not circled.
    pub const STABLE: u32 = 0;
    /// Space-like, and NFKC makes it the space-like character in the low 21 bits (itself, or
    /// U+0020 for the wide spaces); a boundary on both sides.
    pub const SPACE: u32 = 1 << 24;
    /// A circled number: kept as it is, a boundary on both sides.
    pub const CIRCLED: u32 = 2 << 24;
    /// NFKC maps it to the one stable character in the low 21 bits, and it starts a boundary
    /// (full-width letters, digits and punctuation).
    pub const MAPPED: u32 = 3 << 24;
    /// Anything else: decomposes to several characters, combines with its neighbours, or is
    /// outside the Basic Multilingual Plane. Normalized by `unicode-normalization` together
    /// with the characters up to the next boundary.
    pub const OTHER: u32 = 4 << 24;
    /// The kind bits.
    pub const KIND: u32 = 0xFF << 24;

    /// Classes of the BMP, 256 characters a block, each block worked out on first use.
    static BLOCKS: [OnceLock<Box<[u32; 256]>>; 256] = [const { OnceLock::new() }; 256];

    /// The class of a non-ASCII character, with its mapping for [`MAPPED`].
    #[inline]
    pub fn of(c: char) -> u32 {
        let u = c as u32;
        if u > 0xFFFF {
            return OTHER;
        }
        let block = BLOCKS[(u >> 8) as usize].get_or_init(|| {
            let mut classes = Box::new([OTHER; 256]);
            for (i, slot) in classes.iter_mut().enumerate() {
                if let Some(c) = char::from_u32((u & !0xFF) | i as u32) {
                    *slot = classify(c);
                }
            }
            classes
        });
        block[(u & 0xFF) as usize]
    }

    fn stable(c: char) -> bool {
        is_nfkc_quick(std::iter::once(c)) == IsNormalized::Yes && canonical_combining_class(c) == 0
    }

    /// Works out the class of one character from the Unicode tables.
    pub fn classify(c: char) -> u32 {
        if circled::is_circled(c) {
            return CIRCLED;
        }
        let qc = is_nfkc_quick(std::iter::once(c));
        let starter = canonical_combining_class(c) == 0;
        if is_space_like(c) {
            // U+3000 and the other wide spaces are not NFKC-stable, but NFKC makes them a
            // plain space, which is space-like too.
            let mut nfkc = std::iter::once(c).nfkc();
            return match (nfkc.next(), nfkc.next()) {
                (Some(m), None) if starter && qc != IsNormalized::Maybe && is_space_like(m) => {
                    SPACE | m as u32
                }
                _ => OTHER,
            };
        }
        if qc == IsNormalized::Yes && starter {
            return STABLE;
        }
        let mut nfkd = std::iter::once(c).nfkd();
        if let (true, Some(m), None) = (starter, nfkd.next(), nfkd.next()) {
            let mut nfkc = std::iter::once(c).nfkc();
            if nfkc.next() == Some(m)
                && nfkc.next().is_none()
                && stable(m)
                && !is_space_like(m)
                && !circled::is_circled(m)
            {
                return MAPPED | m as u32;
            }
        }
        OTHER
    }
}

/// The character a [`class::SPACE`] or [`class::MAPPED`] class maps to.
#[inline]
pub(crate) fn mapping(class: u32) -> char {
    char::from_u32(class & 0x1F_FFFF).expect("a class holds a character")
}

/// The character of `s` that starts at byte `i`, and its length.
#[inline]
fn char_at(s: &str, i: usize) -> (char, usize) {
    let c = s[i..].chars().next().expect("i is a character boundary");
    (c, c.len_utf8())
}

/// NFKC of `s`, circled numbers kept, into `out`.
///
/// Most Japanese text is already NFKC, so the work is done a character at a time from a table:
/// stable characters are copied in runs, full-width ASCII is mapped directly, and only the
/// stretches between two normalization boundaries that hold anything else (combining marks,
/// half-width katakana with sound marks, compatibility ligatures …) go through
/// `unicode-normalization`. Normalizing from boundary to boundary gives the same text as
/// normalizing the whole (UAX #15: a character with quick check Yes and combining class 0
/// begins a boundary); circled numbers split the text as they always did.
fn nfkc_into(s: &str, out: &mut impl Sink) {
    let bytes = s.as_bytes();
    // Start of the stable run not yet written.
    let mut run = 0;
    // Start of the last character written, when it is a starter whose output can be taken
    // back to be normalized again with what follows.
    let mut last_starter: Option<usize> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            if b <= b' ' || b == 0x7F {
                out.push_str(&s[run..i]);
                out.push(b as char);
                run = i + 1;
                last_starter = None;
            } else {
                last_starter = Some(i);
            }
            i += 1;
            continue;
        }
        if (0xE4..=0xE9).contains(&b) {
            // U+4000–U+9FFF, the bulk of the kanji: all stable, no lookup needed.
            last_starter = Some(i);
            i += 3;
            continue;
        }
        let (c, len) = char_at(s, i);
        let class = class::of(c);
        match class & class::KIND {
            class::STABLE => last_starter = Some(i),
            class::CIRCLED => {
                out.push_str(&s[run..i]);
                out.push(c);
                run = i + len;
                last_starter = None;
            }
            class::SPACE => {
                out.push_str(&s[run..i]);
                out.push(mapping(class));
                run = i + len;
                last_starter = None;
            }
            class::MAPPED => {
                out.push_str(&s[run..i]);
                out.push(mapping(class));
                run = i + len;
                last_starter = Some(i);
            }
            _ => {
                // Back to the starter before, which may combine with this character.
                let start = match last_starter {
                    Some(p) if p >= run => {
                        out.push_str(&s[run..p]);
                        p
                    }
                    Some(p) => {
                        out.push_str(&s[run..i]);
                        out.retract();
                        p
                    }
                    None => {
                        out.push_str(&s[run..i]);
                        i
                    }
                };
                // On to the next boundary.
                let mut end = i + len;
                while end < bytes.len() && bytes[end] >= 0x80 {
                    let (c, len) = char_at(s, end);
                    if class::of(c) & class::KIND != class::OTHER {
                        break;
                    }
                    end += len;
                }
                for c in s[start..end].nfkc() {
                    out.push(c);
                }
                run = end;
                last_starter = None;
                i = end;
                continue;
            }
        }
        i += len;
    }
    out.push_str(&s[run..]);
}

/// Splits decoded text into lines (LF, CRLF or CR) and normalizes every cell. Lines, cells
/// and segment indices are kept in 32 bits: text of [`MAX_TEXT_BYTES`](crate::ledger::MAX_TEXT_BYTES)
/// or more (which a parse refuses) gives wrong cells past that.
pub fn normalize(text: &str) -> Normalized {
    let mut out = Normalized::default();
    let mut scratch = String::new();
    let mut ranges = Vec::new();
    let mut entities = String::new();
    let mut buf = Collapse::new(String::new());
    let mut filled = Vec::new();
    for (i, raw_line) in split_lines(text).enumerate() {
        let no = ix(i + 1);
        let line_start = out.segments.len();
        let mut len = 0;
        filled.clear();
        for raw_cell in raw_line.split('\t') {
            let start = out.segments.len();
            for_each_piece(raw_cell, &mut ranges, &mut scratch, |piece| {
                buf.clear();
                normalize_into(piece, &mut entities, &mut buf);
                if !buf.out.is_empty() {
                    out.segments.push(Segment {
                        text: buf.out.as_str().into(),
                        line: no,
                    });
                }
            });
            if out.segments.len() > start {
                filled.push((ix(len), ix(out.segments.len())));
            }
            len += 1;
        }
        let cells = Cells {
            len: ix(len),
            start: ix(line_start),
            // Copied out of the scratch vector: no spare room kept per line.
            filled: filled.as_slice().into(),
        };
        out.lines.push(Line { no, cells });
    }
    out
}

/// The first LF or CR in `bytes`, eight bytes at a time.
fn find_line_break(bytes: &[u8]) -> Option<usize> {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let has_byte = |w: u64, b: u8| {
        let x = w ^ (LO * u64::from(b));
        x.wrapping_sub(LO) & !x & HI
    };
    let mut i = 0;
    while i + 8 <= bytes.len() {
        let w = u64::from_le_bytes(bytes[i..i + 8].try_into().expect("eight bytes"));
        if has_byte(w, b'\n') | has_byte(w, b'\r') != 0 {
            break;
        }
        i += 8;
    }
    bytes[i..]
        .iter()
        .position(|&b| b == b'\n' || b == b'\r')
        .map(|p| i + p)
}

/// Lines split at LF, CRLF or CR; a final line break does not start a new line.
pub fn split_lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let s = rest?;
        match find_line_break(s.as_bytes()) {
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
    use crate::circled;

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
        let texts: Vec<_> = n.segments.iter().map(|s| &*s.text).collect();
        assert_eq!(texts, ["1. A", "2. B", "指標:①X", "・C", "D"]);
        assert_eq!(n.lines.len(), 2);
        assert_eq!(
            n.lines[0].cells.iter().collect::<Vec<_>>(),
            [0..2, 2..3, 3..3]
        );
        assert_eq!(n.segments[3].line, 2);
        let n = normalize("a <span>b</span>c <10人 & <!-- x --> d");
        assert_eq!(&*n.segments[0].text, "a bc <10人 & d");
    }

    #[test]
    fn ok_line_endings_and_whitespace() {
        let lines: Vec<_> = split_lines("a\r\nb\rc\n\nd\n").collect();
        assert_eq!(lines, ["a", "b", "c", "", "d"]);
        assert_eq!(collapse_whitespace("  有元　 均 \u{3000}"), "有元 均");
    }

    /// NFKC except circled numbers, then whitespace collapsed: the plain way, one step at a
    /// time over the whole string, to hold the table-driven [`nfkc_into`] to.
    fn reference(raw: &str) -> String {
        let nfkc = reference_nfkc(&decode_entities(raw));
        let mut out = String::new();
        let mut pending_space = false;
        for c in nfkc.chars() {
            if is_space_like(c) {
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

    /// NFKC except circled numbers, whitespace left alone: the first half of [`reference`].
    fn reference_nfkc(s: &str) -> String {
        let mut nfkc = String::new();
        let mut run_start = 0;
        for (i, c) in s.char_indices() {
            if circled::is_circled(c) {
                nfkc.extend(s[run_start..i].nfkc());
                nfkc.push(c);
                run_start = i + c.len_utf8();
            }
        }
        nfkc.extend(s[run_start..].nfkc());
        nfkc
    }

    fn check(s: &str) {
        assert_eq!(nfkc_keep_circled(s), reference_nfkc(s), "{s:?}");
        assert_eq!(
            normalize_text(s),
            reference(s),
            "{s:?} {:x?}",
            s.chars().map(u32::from).collect::<Vec<_>>()
        );
    }

    #[test]
    fn ok_every_bmp_character_normalizes_as_nfkc_does() {
        for u in 0..=0xFFFF {
            let Some(c) = char::from_u32(u) else { continue };
            // Alone, after a starter it may combine with, before marks it may combine with.
            for s in [
                format!("{c}"),
                format!("a{c}"),
                format!("カ{c}"),
                format!("Ａ{c}"),
                format!("{c}\u{0301}"),
                format!("{c}\u{3099}"),
                format!("{c}\u{FF9E}x"),
                format!("\u{1100}{c}"),
                format!("①{c}①"),
            ] {
                check(&s);
            }
        }
    }

    #[test]
    fn ok_random_text_normalizes_as_nfkc_does() {
        // Pieces that normalize in every interesting way, glued at random.
        const PIECES: &[&str] = &[
            "a",
            "e",
            " ",
            "\t",
            "\u{3000}",
            "\u{A0}",
            "\u{200B}",
            "\u{FEFF}",
            "\u{85}",
            "あ",
            "か",
            "カ",
            "ｶ",
            "ﾞ",
            "ﾟ",
            "ﾊ",
            "\u{3099}",
            "\u{309A}",
            "゛",
            "\u{301}",
            "\u{308}",
            "\u{323}",
            "①",
            "⑳",
            "㉑",
            "㊿",
            "Ａ",
            "１",
            "（",
            "）",
            "：",
            "，",
            "㍻",
            "ﬁ",
            "…",
            "\u{1100}",
            "\u{1161}",
            "\u{11A8}",
            "가",
            "\u{1F600}",
            "𠮷",
            "Å",
            "\u{212B}",
            "\u{F900}",
            "ヿ",
            "\u{2000}",
            "&amp;",
            "&nbsp;",
            "&#12354;",
            "&#x3099;",
            "\u{0F73}",
            "\u{0344}",
            "ǅ",
            "\u{FB1D}",
        ];
        let mut next = crate::test_rng(0x9E37_79B9_7F4A_7C15u64);
        for _ in 0..20_000 {
            let len = (next() % 12) as usize;
            let s: String = (0..len)
                .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
                .collect();
            check(&s);
        }
    }

    #[test]
    fn ok_classes_hold_what_they_promise() {
        for u in 0x80..=0xFFFF {
            let Some(c) = char::from_u32(u) else { continue };
            let class = class::classify(c);
            let nfkc: String = std::iter::once(c).nfkc().collect();
            match class & class::KIND {
                class::STABLE => assert_eq!(nfkc, c.to_string()),
                class::SPACE => assert_eq!(nfkc, mapping(class).to_string()),
                class::MAPPED => assert_eq!(nfkc, mapping(class).to_string()),
                class::CIRCLED => assert!(circled::is_circled(c)),
                _ => {}
            }
        }
    }

    #[test]
    fn ok_unclosed_comments_stay_text_in_linear_time() {
        let n = normalize(&"<!-- a ".repeat(20_000));
        assert!(n.segments[0].text.starts_with("<!-- a <!-- a"));
        let n = normalize("<!-- a <!-- b --> c");
        assert_eq!(&*n.segments[0].text, "c");
    }

    #[test]
    fn ok_comments_close_at_the_first_close() {
        let n = normalize("a<!-- x <!-- y -->b<!-- z -->c <!-- open");
        assert_eq!(&*n.segments[0].text, "abc <!-- open");
        // Every opener before the one close belongs to one comment.
        let n = normalize(&format!("{}x-->y", "<!--".repeat(1000)));
        assert_eq!(&*n.segments[0].text, "y");
        // Unclosed openers, many of them, stay text; found without a search per opener.
        let text = "<!--".repeat(100_000);
        assert_eq!(&*normalize(&text).segments[0].text, text);
    }

    #[test]
    fn err_comment_over_64_kib_is_text() {
        let long = format!("<!--{}-->z", "x".repeat(64 * 1024));
        assert_eq!(&*normalize(&long).segments[0].text, long);
        let fits = format!("<!--{}-->z", "x".repeat(64 * 1024 - 6));
        assert_eq!(&*normalize(&fits).segments[0].text, "z");
    }

    #[test]
    fn err_unclosed_tag_is_text() {
        let n = normalize("<p unclosed ①");
        assert_eq!(&*n.segments[0].text, "<p unclosed ①");
    }
}
