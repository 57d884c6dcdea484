//! Character provenance: from the ledger's ranges of normalized text back to the characters
//! of the decoded source they were read from.
//!
//! The ledger knows, for every field, which byte ranges of which normalized segment it took.
//! Normalization (tags removed, entities decoded, NFKC except circled numbers, whitespace
//! collapsed and trimmed) changes lengths, so those ranges are not source columns. This pass
//! normalizes again the lines that hold a field, this time carrying with every character the
//! source columns it came from, checks that the result is the very segment text the parser
//! saw, and reads the columns of each field's first and last character off it. Where a
//! normalization step turns several characters into one, or one into several (`ｶﾞ` → `ガ`,
//! `&amp;` → `&`, `㍻` → `平成`), each result character carries the columns of all of them.
//!
//! Then every record gets `span` (first to last character) and, where its fields come from
//! several places, `spans` (one per stretch). A record whose text the trace cannot place (it
//! never happens on the corpus, and a test checks that) falls back to whole lines.

use std::ops::Range;

use unicode_normalization::UnicodeNormalization;

use crate::ledger::{ix, Claim, Flat, Pointer};
use crate::model::{Indicator, Lines, Position, Report, SourceSpan};
use crate::normalize::Segment;
use crate::normalize::{class, entity_at, for_each_piece_range, is_space_like, mapping};

/// A character of traced text: the character and the first and last source column (0-based,
/// in characters of the line) it came from.
type Traced = (char, u32, u32);

/// One range of a segment whose source characters are wanted, and the field it went to.
pub(crate) struct Query {
    seg: u32,
    range: Range<u32>,
    pointer: Pointer,
}

/// The field claims of `claims` (as [`Claims::settle`](crate::ledger::Claims::settle) leaves
/// them) as queries; from a vector's `into_iter`, made in the claims' own memory: the other
/// claims are dropped on the way.
pub(crate) fn queries(claims: impl IntoIterator<Item = Flat>) -> Vec<Query> {
    let mut queries: Vec<Query> = claims
        .into_iter()
        .filter_map(|(seg, range, claim)| match claim {
            Claim::Field(pointer) => Some(Query {
                seg,
                range,
                pointer,
            }),
            Claim::Label | Claim::Markup => None,
        })
        .collect();
    // Room for the title's two extra queries, none for more.
    queries.shrink_to(queries.len() + 2);
    queries
}

/// The field claims `queries` (in segment order) traced back to the source: `segs` are the
/// normalized segments of the parse of `report`, `text` the decoded source.
/// Each query found comes back with its line and its first and last column (0-based) in
/// place of its segment and range, in the queries' own memory; the others are dropped.
pub(crate) fn trace(
    report: &Report,
    text: &str,
    segs: &[Segment],
    mut queries: Vec<Query>,
) -> Vec<Query> {
    // Header fields read from the title (`令和9年度 部局経営目標【市民部】`) have no claim of
    // their own: they are parts of the title's.
    let title_claim = queries
        .iter()
        .find(|q| q.pointer == Pointer::Title)
        .map(|q| (q.seg, q.range.start));
    if let (Some((seg, at)), Some(title)) = (title_claim, &report.title) {
        let has_year = queries.iter().any(|q| q.pointer == Pointer::FiscalYear);
        let has_department = queries.iter().any(|q| q.pointer == Pointer::Department);
        let mut within = |needle: Option<&str>, pointer: Pointer| {
            if let Some(i) = needle.and_then(|n| title.find(n).map(|i| (i, n.len()))) {
                let at = at as usize + i.0;
                queries.push(Query {
                    seg,
                    range: ix(at)..ix(at + i.1),
                    pointer,
                });
            }
        };
        if !has_year {
            within(
                report.fiscal_year.as_ref().map(|f| f.label.as_str()),
                Pointer::FiscalYear,
            );
        }
        if !has_department {
            within(report.department.as_deref(), Pointer::Department);
        }
        // The title's extra queries into their place.
        queries.sort_by_key(|q| (q.seg, q.range.start));
    }
    let mut found = vec![None; queries.len()];
    trace_lines(text, segs, &queries, &mut found);
    #[cfg(test)]
    UNPLACED.with(|u| u.set(u.get() + found.iter().filter(|f| f.is_none()).count()));
    let mut kept = 0;
    for (i, found) in found.into_iter().enumerate() {
        if let Some((line, lo, hi)) = found {
            queries[kept] = Query {
                seg: line,
                range: lo..hi,
                pointer: queries[i].pointer,
            };
            kept += 1;
        }
    }
    queries.truncate(kept);
    queries.shrink_to_fit();
    queries
}

/// Fills `span`, `spans` and `header_spans` in `report` from the queries [`trace`] found
/// and `text`, the decoded source. Each found piece widens its record's `span` and joins its
/// `spans` where they stand in the report: no second list of every record is made, which for
/// a report of half a million sections would be some hundreds of megabytes.
pub(crate) fn attach(report: &mut Report, text: &str, found: Vec<Query>) {
    let mut header = Header::default();
    for q in &found {
        let piece = (q.seg, q.range.start, q.range.end);
        add(report, &mut header, q.pointer, piece);
    }
    drop(found);
    let lines: Vec<&str> = crate::normalize::split_lines(text).collect();
    fill(report, &header, &lines);
}

#[cfg(test)]
thread_local! {
    /// Queries the trace could not answer, counted for the tests.
    static UNPLACED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// A found piece: its 1-based line and its first and last column, 0-based.
type Found = (u32, u32, u32);

/// The span of one found piece.
fn piece_span((line, lo, hi): Found) -> SourceSpan {
    SourceSpan {
        start: Position {
            line,
            column: lo.saturating_add(1),
        },
        end: Position {
            line,
            column: hi.saturating_add(1),
        },
    }
}

/// Whether a span has been given a piece: every record's span starts as the default, line 0,
/// and lines are numbered from 1.
fn is_found(span: &SourceSpan) -> bool {
    span.start.line != 0
}

/// Widens `span` to hold `piece`.
fn widen(span: &mut SourceSpan, piece: Found) {
    let p = piece_span(piece);
    if is_found(span) {
        span.start = span.start.min(p.start);
        span.end = span.end.max(p.end);
    } else {
        *span = p;
    }
}

/// Widens a record's `span` to hold `piece`, and adds the piece to its `spans` when `in_spans`.
fn add_piece(span: &mut SourceSpan, spans: &mut Vec<SourceSpan>, piece: Found, in_spans: bool) {
    widen(span, piece);
    if in_spans {
        crate::compact::push_short(spans, piece_span(piece));
    }
}

/// The extents of the header fields while the pieces are found.
#[derive(Default)]
struct Header {
    title: SourceSpan,
    department: SourceSpan,
    head: SourceSpan,
}

/// Adds one found piece to the record the field it was claimed for belongs to.
fn add(r: &mut Report, header: &mut Header, pointer: Pointer, piece: Found) {
    let n = |i: u32| i as usize;
    match pointer {
        Pointer::Title => widen(&mut header.title, piece),
        Pointer::Department => widen(&mut header.department, piece),
        Pointer::Head => widen(&mut header.head, piece),
        Pointer::FiscalYear => {
            if let Some(f) = &mut r.fiscal_year {
                widen(&mut f.span, piece);
            }
        }
        Pointer::CreatedOn => {
            if let Some(c) = &mut r.created_on {
                widen(&mut c.span, piece);
            }
        }
        // A mission's number widens its extent only; its title and body are its spans too.
        Pointer::MissionNo(i) | Pointer::MissionTitle(i) | Pointer::MissionBody(i) => {
            if let Some(m) = r.missions.get_mut(n(i)) {
                let in_spans = !matches!(pointer, Pointer::MissionNo(_));
                add_piece(&mut m.span, &mut m.spans, piece, in_spans);
            }
        }
        Pointer::SdgGoal(i, k) | Pointer::SdgLabel(i, k) => {
            if let Some(s) = r.missions.get_mut(n(i)).and_then(|m| m.sdgs.get_mut(n(k))) {
                widen(&mut s.span, piece);
            }
        }
        Pointer::SectionId(i) | Pointer::SectionTitle(i) | Pointer::SectionBody(i, _) => {
            if let Some(s) = r.sections.get_mut(n(i)) {
                add_piece(&mut s.span, &mut s.spans, piece, true);
            }
        }
        // The group's `spans` are its own cells (評価, 次年度への課題).
        Pointer::Evaluation(g) | Pointer::NextYearIssues(g) => {
            if let Some(group) = r.indicator_groups.get_mut(n(g)) {
                add_piece(&mut group.span, &mut group.spans, piece, true);
            }
        }
        Pointer::IndicatorNo(g, k) | Pointer::IndicatorName(g, k) => {
            if let Some(ind) = indicator(r, n(g), n(k), piece) {
                widen(&mut ind.span, piece);
            }
        }
        Pointer::Target(g, k) | Pointer::Actual(g, k) => {
            let ind = indicator(r, n(g), n(k), piece);
            let value = ind.and_then(|ind| match pointer {
                Pointer::Actual(..) => ind.actual.as_mut(),
                _ => ind.target.as_mut(),
            });
            if let Some(v) = value {
                widen(&mut v.span, piece);
            }
        }
        Pointer::Unparsed(i) => {
            if let Some(u) = r.unparsed.get_mut(n(i)) {
                widen(&mut u.span, piece);
            }
        }
    }
}

/// Indicator `k` of group `g`, once `piece` has widened the group's extent (an indicator's
/// characters are its group's too).
fn indicator(r: &mut Report, g: usize, k: usize, piece: Found) -> Option<&mut Indicator> {
    let group = r.indicator_groups.get_mut(g)?;
    widen(&mut group.span, piece);
    group.indicators.get_mut(k)
}

/// `span` as found, or the non-blank part of `lines` when nothing was.
fn or_lines(span: SourceSpan, lines: Lines, text: &[&str]) -> SourceSpan {
    if is_found(&span) {
        span
    } else {
        whole_lines(lines, text)
    }
}

/// Sorts the pieces of `spans` into source order and merges a piece into the one before
/// when they touch or only whitespace stands between them.
fn merge(spans: &mut Vec<SourceSpan>, text: &[&str]) {
    spans.sort_unstable_by_key(|s| (s.start, s.end));
    let mut kept = 0;
    for i in 0..spans.len() {
        let p = spans[i];
        if kept > 0 {
            let last = &mut spans[kept - 1];
            if last.end.line == p.start.line {
                if p.start.column <= last.end.column + 1 {
                    last.end.column = last.end.column.max(p.end.column);
                    continue;
                }
                // Columns 0-based: after the last piece's last character, up to the new one.
                if blank_between(text, p.start.line, last.end.column, p.start.column - 1) {
                    last.end.column = p.end.column;
                    continue;
                }
            }
        }
        spans[kept] = p;
        kept += 1;
    }
    spans.truncate(kept);
    spans.shrink_to_fit();
}

/// Gives every record its spans once all pieces are added: the merged `spans`, and the
/// lines' non-blank characters as the `span` of a record no piece was found for.
fn fill(r: &mut Report, header: &Header, text: &[&str]) {
    let one =
        |span: SourceSpan, line: Option<u32>| line.map(|l| or_lines(span, Lines::one(l), text));
    r.header_spans.title = one(header.title, r.header_lines.title);
    r.header_spans.department = one(header.department, r.header_lines.department);
    r.header_spans.head = one(header.head, r.header_lines.head);
    if let Some(f) = &mut r.fiscal_year {
        f.span = or_lines(f.span, Lines::one(f.line), text);
    }
    if let Some(c) = &mut r.created_on {
        c.span = or_lines(c.span, Lines::one(c.line), text);
    }
    for m in &mut r.missions {
        m.span = or_lines(m.span, m.lines, text);
        merge(&mut m.spans, text);
        for s in &mut m.sdgs {
            s.span = or_lines(s.span, m.lines, text);
        }
    }
    for s in &mut r.sections {
        s.span = or_lines(s.span, s.lines, text);
        merge(&mut s.spans, text);
    }
    for g in &mut r.indicator_groups {
        g.span = or_lines(g.span, g.lines, text);
        merge(&mut g.spans, text);
        for ind in &mut g.indicators {
            ind.span = or_lines(ind.span, Lines::one(ind.line), text);
            for v in [&mut ind.target, &mut ind.actual].into_iter().flatten() {
                v.span = or_lines(v.span, Lines::one(v.line), text);
            }
        }
    }
    for u in &mut r.unparsed {
        u.span = or_lines(u.span, Lines::one(u.line), text);
    }
}

/// Whether the characters `from..to` (0-based columns) of line `line` are all whitespace;
/// gaps longer than a few characters are not looked at (and never merged).
fn blank_between(text: &[&str], line: u32, from: u32, to: u32) -> bool {
    if to < from || to - from > 8 {
        return false;
    }
    let Some(l) = text.get((line as usize).wrapping_sub(1)) else {
        return false;
    };
    l.chars()
        .skip(from as usize)
        .take((to - from) as usize)
        .all(is_space_like)
}

/// The non-blank characters of `lines`: from the first of the first line to the last of the
/// last.
fn whole_lines(lines: Lines, text: &[&str]) -> SourceSpan {
    let line = |n: u32| {
        text.get((n as usize).wrapping_sub(1))
            .copied()
            .unwrap_or("")
    };
    let first = line(lines.start)
        .chars()
        .position(|c| !is_space_like(c))
        .unwrap_or(0);
    let end_line = line(lines.end);
    let n = end_line.chars().count();
    let last = end_line
        .chars()
        .rev()
        .position(|c| !is_space_like(c))
        .map_or(n.max(1), |p| n - p);
    SourceSpan {
        start: Position {
            line: lines.start,
            column: ix(first + 1),
        },
        end: Position {
            line: lines.end,
            column: ix(last),
        },
    }
}

/// Normalizes again every line that holds a queried segment, with source columns, and
/// answers the queries (in segment order) in `found`: the line and the 0-based first and
/// last column of each.
fn trace_lines(text: &str, segs: &[Segment], queries: &[Query], found: &mut [Option<Found>]) {
    let mut next = 0; // position in `queries`
    let mut seg = 0; // first segment of the current line
    let mut t = Tracer::default();
    for (i, line) in crate::normalize::split_lines(text).enumerate() {
        if next == queries.len() {
            break;
        }
        let no = ix(i + 1);
        let first = seg;
        while seg < segs.len() && segs[seg].line == no {
            seg += 1;
        }
        // Only lines with a query are traced.
        if queries[next].seg as usize >= seg {
            continue;
        }
        // The segment the next piece should be.
        let k = std::cell::Cell::new(first);
        let expected = || (k.get() < seg).then(|| &*segs[k.get()].text);
        let mut col_base = 0u32;
        for cell in line.split('\t') {
            t.cell(cell, col_base, expected, |piece| {
                // Each non-empty piece is the next segment of the line, or the trace has
                // gone wrong and the line's queries stay unanswered. A piece that stands as
                // written was already found equal to the segment expected.
                let at = k.get();
                let same = |at: usize| {
                    matches!(piece, Piece::Same { .. }) || *segs[at].text == *piece.text()
                };
                if at < seg && same(at) {
                    while next < queries.len() && queries[next].seg as usize == at {
                        let r = &queries[next].range;
                        found[next] = piece
                            .locate(&(r.start as usize..r.end as usize))
                            .map(|(a, b)| (no, a, b));
                        next += 1;
                    }
                }
                k.set(at + 1);
            });
            col_base += cell.chars().count() as u32 + 1;
        }
        // Whatever is left of this line's queries found no piece.
        while next < queries.len() && (queries[next].seg as usize) < seg {
            next += 1;
        }
    }
}

/// A normalized piece of a cell with the way back to its source columns.
enum Piece<'a> {
    /// The piece is a stretch of its cell as it stands (the common case: one stretch of
    /// text already NFKC, single spaces, no entity): byte `b` of the piece is byte `at + b`
    /// of `cell`, whose first character is at column `col_base`. `cursor` remembers the last
    /// column counted (byte, column), so that columns asked for in order cost one pass.
    Same {
        text: &'a str,
        at: usize,
        cell: &'a str,
        col_base: u32,
        cursor: &'a std::cell::Cell<(usize, u32)>,
    },
    /// Every character of the piece with its columns. `cursor` remembers the last character
    /// counted (byte, index in `chars`), so that ranges asked for in order cost one pass: a
    /// list of 200,000 indicators in one cell took 3 s counting from the start each time.
    Traced {
        text: &'a str,
        chars: &'a [Traced],
        cursor: &'a std::cell::Cell<(usize, usize)>,
    },
}

impl Piece<'_> {
    fn text(&self) -> &str {
        match self {
            Piece::Same { text, .. } | Piece::Traced { text, .. } => text,
        }
    }

    /// The first and last source column of the characters in the byte range `range`.
    fn locate(&self, range: &Range<usize>) -> Option<(u32, u32)> {
        let text = self.text();
        if range.start >= range.end || range.end > text.len() {
            return None;
        }
        match self {
            Piece::Same {
                at,
                cell,
                col_base,
                cursor,
                ..
            } => {
                let col = |b: usize| -> Option<u32> {
                    let (from, c) = match cursor.get() {
                        (from, c) if from <= b => (from, c),
                        _ => (0, *col_base),
                    };
                    let c = c + cell.get(from..b)?.chars().count() as u32;
                    cursor.set((b, c));
                    Some(c)
                };
                let last = text.get(range.clone())?.char_indices().last()?.0;
                Some((col(at + range.start)?, col(at + range.start + last)?))
            }
            Piece::Traced { chars, cursor, .. } => {
                let first = match cursor.get() {
                    (from, i) if from <= range.start => {
                        i + text.get(from..range.start)?.chars().count()
                    }
                    _ => text.get(..range.start)?.chars().count(),
                };
                cursor.set((range.start, first));
                let n = text.get(range.clone())?.chars().count();
                let chars = chars.get(first..first + n)?;
                let lo = chars.iter().map(|c| c.1).min()?;
                let hi = chars.iter().map(|c| c.2).max()?;
                Some((lo, hi))
            }
        }
    }
}

/// Buffers for tracing one cell at a time.
#[derive(Default)]
struct Tracer {
    ranges: Vec<Range<usize>>,
    raw: String,
    /// Source column of each byte of `raw`.
    raw_cols: Vec<u32>,
    ent: Vec<Traced>,
    nfkc: Vec<Traced>,
    out: Vec<Traced>,
    out_text: String,
}

/// How one character goes through NFKC here, as in `normalize`: on its own, or together with
/// the characters after it.
enum Kind {
    /// ASCII space or control: kept, and nothing joins it.
    Alone(char),
    /// Kept or mapped to one character; marks that follow may join it.
    Starter(char),
    /// Anything else: normalized together with its neighbours.
    Other,
}

fn kind(c: char) -> Kind {
    if c.is_ascii() {
        return if c <= ' ' || c == '\u{7f}' {
            Kind::Alone(c)
        } else {
            Kind::Starter(c)
        };
    }
    let cl = class::of(c);
    match cl & class::KIND {
        class::STABLE => Kind::Starter(c),
        class::CIRCLED => Kind::Alone(c),
        class::SPACE => Kind::Alone(mapping(cl)),
        class::MAPPED => Kind::Starter(mapping(cl)),
        _ => Kind::Other,
    }
}

impl Tracer {
    /// Calls `f` with each normalized non-empty piece of `cell` (whose first character is at
    /// column `col_base` of the line), every character with its source columns. `expected`
    /// gives the segment text the next piece should normalize to, when known.
    fn cell<'e>(
        &mut self,
        cell: &str,
        col_base: u32,
        expected: impl Fn() -> Option<&'e str>,
        mut f: impl FnMut(Piece<'_>),
    ) {
        let mut ranges = std::mem::take(&mut self.ranges);
        let counted = std::cell::Cell::new((0, col_base));
        // Column of byte `b` of the cell, counted onwards from the last one asked for.
        let mut cursor = (0usize, col_base);
        for_each_piece_range(cell, &mut ranges, |ranges| {
            // Most text is one stretch already normalized: then the piece is that stretch,
            // trimmed, and it is the segment expected (the segment is the same stretch
            // normalized, so they are equal exactly when normalizing changed nothing). The
            // `&` test only guards a trace gone out of step: normalizing normalized text
            // gives it back except for an entity (`&amp;amp;` became `&amp;`, which gives
            // `&`), so such a stretch is normalized with its columns below, as any other is.
            if let [r] = ranges {
                let raw = &cell[r.clone()];
                let text = raw.trim_matches(is_space_like);
                if text.is_empty() {
                    return;
                }
                if expected() == Some(text) && !text.contains('&') {
                    let lead = raw.len() - raw.trim_start_matches(is_space_like).len();
                    f(Piece::Same {
                        text,
                        at: r.start + lead,
                        cell,
                        col_base,
                        cursor: &counted,
                    });
                    return;
                }
            }
            self.raw.clear();
            self.raw_cols.clear();
            for r in ranges {
                for (b, c) in cell[r.clone()].char_indices() {
                    let at = r.start + b;
                    if at >= cursor.0 {
                        cursor.1 += cell[cursor.0..at].chars().count() as u32;
                        cursor.0 = at;
                    }
                    self.raw.push(c);
                    self.raw_cols
                        .extend(std::iter::repeat_n(cursor.1, c.len_utf8()));
                }
            }
            self.normalize();
            if !self.out.is_empty() {
                f(Piece::Traced {
                    text: &self.out_text,
                    chars: &self.out,
                    cursor: &std::cell::Cell::new((0, 0)),
                });
            }
        });
        self.ranges = ranges;
    }

    /// `raw` → entities decoded → NFKC except circled numbers → whitespace collapsed, the
    /// columns carried along.
    fn normalize(&mut self) {
        self.ent.clear();
        let raw = self.raw.as_str();
        let mut i = 0;
        while i < raw.len() {
            let c = raw[i..].chars().next().expect("a character boundary");
            if c == '&' {
                if let Some((d, used)) = entity_at(&raw[i + 1..]) {
                    self.ent
                        .push((d, self.raw_cols[i], self.raw_cols[i + used]));
                    i += 1 + used;
                    continue;
                }
            }
            self.ent.push((c, self.raw_cols[i], self.raw_cols[i]));
            i += c.len_utf8();
        }

        self.nfkc.clear();
        let mut k = 0;
        let mut chunk = String::new();
        while k < self.ent.len() {
            let (c, lo, hi) = self.ent[k];
            let start = match kind(c) {
                Kind::Alone(m) => {
                    self.nfkc.push((m, lo, hi));
                    k += 1;
                    continue;
                }
                Kind::Starter(_) | Kind::Other => k,
            };
            let mut end = k + 1;
            while end < self.ent.len() && matches!(kind(self.ent[end].0), Kind::Other) {
                end += 1;
            }
            let before = self.nfkc.len();
            // Each character on its own first; when that is not what the stretch gives as a
            // whole, every character of the result comes from all of the stretch.
            for &(c, lo, hi) in &self.ent[start..end] {
                match kind(c) {
                    Kind::Starter(m) | Kind::Alone(m) => self.nfkc.push((m, lo, hi)),
                    Kind::Other => self
                        .nfkc
                        .extend(std::iter::once(c).nfkc().map(|d| (d, lo, hi))),
                }
            }
            if end - start > 1 {
                chunk.clear();
                chunk.extend(self.ent[start..end].iter().map(|t| t.0));
                let whole: Vec<char> = chunk.nfkc().collect();
                let same = whole.len() == self.nfkc.len() - before
                    && whole
                        .iter()
                        .zip(&self.nfkc[before..])
                        .all(|(a, b)| *a == b.0);
                if !same {
                    let lo = self.ent[start..end].iter().map(|t| t.1).min().unwrap_or(0);
                    let hi = self.ent[start..end].iter().map(|t| t.2).max().unwrap_or(0);
                    self.nfkc.truncate(before);
                    self.nfkc.extend(whole.into_iter().map(|d| (d, lo, hi)));
                }
            }
            k = end;
        }

        self.out.clear();
        self.out_text.clear();
        let mut pending: Option<(u32, u32)> = None;
        for &(c, lo, hi) in &self.nfkc {
            if is_space_like(c) {
                pending.get_or_insert((lo, hi));
                continue;
            }
            if let Some((plo, phi)) = pending.take() {
                if !self.out.is_empty() {
                    self.out.push((' ', plo, phi));
                    self.out_text.push(' ');
                }
            }
            self.out.push((c, lo, hi));
            self.out_text.push(c);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The source text of a span of `text` (single-line spans).
    fn chars_of(text: &str, s: &SourceSpan) -> String {
        assert_eq!(s.start.line, s.end.line);
        let line = crate::normalize::split_lines(text)
            .nth(s.start.line as usize - 1)
            .expect("line");
        line.chars()
            .skip(s.start.column as usize - 1)
            .take((s.end.column + 1 - s.start.column) as usize)
            .collect()
    }

    fn parse(text: &str) -> Report {
        crate::parse(text.as_bytes(), "t.txt")
            .expect("parse")
            .report
    }

    #[test]
    fn ok_spans_are_the_characters_as_written() {
        let text = "令和４年度　部局経営目標（達成状況）\n部局名\t<b>総合</b>政策部\n\
                    (2) 事業成果目標\n<p>1-①広報&amp;発信の強化 ・ｶﾞｲﾄﾞを　発信</p>\t指標：①アクセス件数\n\
                    \t目標値 ①４５０万件\t実績値 ①587万件\n";
        let r = parse(text);
        let s = &r.sections[0];
        assert_eq!(s.title, "広報&発信の強化");
        let spans: Vec<String> = s.spans.iter().map(|x| chars_of(text, x)).collect();
        assert_eq!(spans, ["1-①広報&amp;発信の強化", "ｶﾞｲﾄﾞを　発信"]);
        assert_eq!(s.span.start, spans_start(text, 4, "1-①"));
        let dept = r.header_spans.department.expect("department span");
        // From the first character to the last: the tag inside is between them.
        assert_eq!(chars_of(text, &dept), "総合</b>政策部");
        let fy = r.fiscal_year.as_ref().expect("year");
        assert_eq!(chars_of(text, &fy.span), "令和４年度");
        let ind = &r.indicator_groups[0].indicators[0];
        assert_eq!(chars_of(text, &ind.span), "①アクセス件数");
        let target = ind.target.as_ref().expect("target");
        assert_eq!(chars_of(text, &target.span), "４５０万件");
    }

    /// The position of the first `needle` on line `line` of `text`.
    /// Text already normalized is its own segment (no second normalization): its spans are
    /// its characters, past the spaces around it, also where the cell before it is wider or
    /// holds full-width text.
    #[test]
    fn ok_spans_of_text_already_normalized() {
        let text = "令和4年度 部局経営目標\n(2) 事業成果目標\n\
                    1-①広報の強化 ・発信を続けます。\t  指標:①アクセス件数  \n\
                    \t目標値 ①450万件\t   実績値 ①587万件\n";
        let r = parse(text);
        let g = &r.indicator_groups[0];
        let ind = &g.indicators[0];
        assert_eq!(chars_of(text, &ind.span), "①アクセス件数");
        let target = ind.target.as_ref().expect("target");
        let actual = ind.actual.as_ref().expect("actual");
        assert_eq!(chars_of(text, &target.span), "450万件");
        assert_eq!(chars_of(text, &actual.span), "587万件");
        assert_eq!(actual.span.start, spans_start(text, 4, "587"));
        let spans: Vec<String> = r.sections[0]
            .spans
            .iter()
            .map(|x| chars_of(text, x))
            .collect();
        assert_eq!(spans, ["1-①広報の強化", "発信を続けます。"]);
    }

    fn spans_start(text: &str, line: u32, needle: &str) -> Position {
        let l = crate::normalize::split_lines(text)
            .nth(line as usize - 1)
            .expect("line");
        let at = l.find(needle).expect("needle");
        Position {
            line,
            column: ix(l[..at].chars().count() + 1),
        }
    }

    #[test]
    fn ok_title_parts_inside_the_title() {
        let text = "ページの先頭です。\n令和９年度 部局経営目標【市民部】\n\
                    (1)部局の役割・使命(ミッション)\n1.窓口の向上【No.16:平和と公正をすべての人に】 手続を早くします。\n";
        let r = parse(text);
        assert_eq!(r.department.as_deref(), Some("市民部"));
        let fy = r.fiscal_year.as_ref().expect("year");
        assert_eq!(chars_of(text, &fy.span), "令和９年度");
        let dept = r.header_spans.department.expect("department");
        assert_eq!(chars_of(text, &dept), "市民部");
        let m = &r.missions[0];
        let spans: Vec<String> = m.spans.iter().map(|x| chars_of(text, x)).collect();
        assert_eq!(spans, ["窓口の向上", "手続を早くします。"]);
        // The tag's number and label, the brackets being markup.
        assert_eq!(
            chars_of(text, &m.sdgs[0].span),
            "16:平和と公正をすべての人に"
        );
        assert_eq!(chars_of(text, &m.span), text.lines().nth(3).unwrap());
    }

    #[test]
    fn ok_every_field_of_the_corpus_is_placed() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let mut files = Vec::new();
        let mut dirs = vec![root.join("seeds"), root.join("corpus")];
        while let Some(d) = dirs.pop() {
            for e in std::fs::read_dir(&d).expect("dir").flatten() {
                let p = e.path();
                if p.is_dir() {
                    dirs.push(p);
                } else if matches!(
                    p.extension().and_then(|x| x.to_str()),
                    Some("txt" | "html" | "htm")
                ) {
                    files.push(p);
                }
            }
        }
        assert!(files.len() > 20, "{} files", files.len());
        for f in files {
            let bytes = std::fs::read(&f).expect("read");
            UNPLACED.with(|u| u.set(0));
            let Ok(parsed) = crate::parse(&bytes, "x") else {
                continue;
            };
            assert_eq!(UNPLACED.with(|u| u.get()), 0, "{}", f.display());
            let text = crate::decode::decode(&bytes).text;
            // Every section's pieces, normalized, are its id, title and body.
            for s in &parsed.report.sections {
                let got: Vec<String> = s
                    .spans
                    .iter()
                    .map(|x| crate::normalize::normalize_text(&chars_of(&text, x)))
                    .collect();
                let joined = got.join(" ");
                assert!(
                    joined.contains(&s.title),
                    "{}: {joined} / {}",
                    f.display(),
                    s.title
                );
                for b in &s.body {
                    assert!(
                        joined.contains(b.as_str()),
                        "{}: {joined} / {b}",
                        f.display()
                    );
                }
            }
        }
    }

    #[test]
    fn ok_whole_lines_when_nothing_was_found() {
        let text = ["  ab c ", "", "xyz\t"];
        let s = whole_lines(Lines { start: 1, end: 3 }, &text);
        assert_eq!((s.start.line, s.start.column), (1, 3));
        assert_eq!((s.end.line, s.end.column), (3, 3));
    }
}
