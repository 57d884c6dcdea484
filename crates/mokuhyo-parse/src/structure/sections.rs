//! Goal sections (`1-①TITLE ・bullet …`) and the indicator list that follows them.

use super::{values, Builder};
use crate::circled;
use crate::ledger::{ix, Claim, Pointer, Span};
use crate::model::{IndicatorGroup, Lines, Section, Severity};
use crate::normalize::Line;
use crate::values::is_digit;
use regex::Regex;
use std::sync::LazyLock;

/// The dashes between a section's numbers.
fn is_id_dash(c: char) -> bool {
    matches!(c, '-' | '‐' | '−' | '–')
}

/// Bytes of the 1 or 2 digits at the start of `s` (3 or more do not count).
fn one_or_two_digits(s: &str) -> Option<usize> {
    let mut len = 0;
    for (n, c) in s.chars().enumerate() {
        if !is_digit(c) {
            break;
        }
        if n == 2 {
            return None;
        }
        len += c.len_utf8();
    }
    (len > 0).then_some(len)
}

/// A section id in a text: `1-①` at the start or after whitespace, `10 - ③`; the matches
/// of `(?:^|\s)((\d{1,2})\s*[-‐−–]\s*CIRCLED)`, found without a regex because section cells
/// are long and ids are short.
struct IdMatch {
    /// The id: from its first digit through the circled number.
    id: std::ops::Range<usize>,
    /// The digits of the major number.
    digits: std::ops::Range<usize>,
    /// The circled number's value.
    minor: u32,
}

/// Every section id in `text`, left to right. Each ends at a circled number, so they are
/// found by looking back from each one.
fn section_ids(text: &str) -> impl Iterator<Item = IdMatch> + '_ {
    text.char_indices().filter_map(move |(p, c)| {
        let minor = circled::value(c)?;
        let before = text[..p].trim_end_matches(char::is_whitespace);
        let dash = before.chars().next_back().filter(|&d| is_id_dash(d))?;
        let before = before[..before.len() - dash.len_utf8()].trim_end_matches(char::is_whitespace);
        let digits_end = before.len();
        let mut digits_start = digits_end;
        for (n, (i, d)) in before.char_indices().rev().enumerate() {
            if !is_digit(d) {
                break;
            }
            if n == 2 {
                return None;
            }
            digits_start = i;
        }
        if digits_start == digits_end {
            return None;
        }
        match before[..digits_start].chars().next_back() {
            Some(w) if !w.is_whitespace() => return None,
            _ => {}
        }
        Some(IdMatch {
            id: digits_start..p + c.len_utf8(),
            digits: digits_start..digits_end,
            minor,
        })
    })
}

/// Whether `text` starts with a section id (possibly after one whitespace character).
fn starts_with_section_id(text: &str) -> bool {
    let id_at = |s: &str| {
        let Some(digits) = one_or_two_digits(s) else {
            return false;
        };
        let rest = s[digits..].trim_start_matches(char::is_whitespace);
        let Some(rest) = rest.strip_prefix(is_id_dash) else {
            return false;
        };
        let rest = rest.trim_start_matches(char::is_whitespace);
        rest.chars().next().is_some_and(circled::is_circled)
    };
    id_at(text)
        || text
            .chars()
            .next()
            .filter(|c| c.is_whitespace())
            .is_some_and(|w| id_at(&text[w.len_utf8()..]))
}

/// A bullet or sub-heading marker that starts a body item.
fn is_bullet(c: char) -> bool {
    matches!(c, '・' | '●' | '○' | '■' | '◆' | '◇' | '□' | '▪' | '•')
}

/// Length of the item marker at the start of `s`: a bullet and the whitespace after it, an
/// enumeration `(1)`, or `- `.
fn item_marker(s: &str) -> Option<usize> {
    let c = s.chars().next()?;
    if is_bullet(c) {
        let rest = &s[c.len_utf8()..];
        return Some(s.len() - rest.trim_start_matches(char::is_whitespace).len());
    }
    if c == '(' {
        let digits = one_or_two_digits(&s[1..])?;
        return s[1 + digits..].starts_with(')').then_some(digits + 2);
    }
    if c == '-' {
        let w = s[1..].chars().next().filter(|w| w.is_whitespace())?;
        return Some(1 + w.len_utf8());
    }
    None
}

/// Where body items start: the markers (byte ranges) at the start of the text or after
/// whitespace, left to right and not overlapping, as `(?:^|\s)(MARKER)` would find them.
fn item_starts(text: &str) -> Vec<(usize, usize)> {
    let mut starts = Vec::new();
    // Where the next match may begin (a match takes the whitespace before its marker).
    let mut from = 0;
    let mut prev: Option<(usize, char)> = None;
    for (i, c) in text.char_indices() {
        let after_space = match prev {
            None => true,
            Some((j, w)) => j >= from && w.is_whitespace(),
        };
        prev = Some((i, c));
        if i < from || !after_space {
            continue;
        }
        if let Some(len) = item_marker(&text[i..]) {
            starts.push((i, i + len));
            from = i + len;
        }
    }
    starts
}

/// A parenthesised sub-heading standing alone at the end of a piece of text, after a space.
static TRAILING_HEADING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\s(\([^()]{1,60}\))$").unwrap());

/// The sub-heading at the end of `t` ([`TRAILING_HEADING`]): where the match starts (at the
/// space) and the heading's range. Every match ends with `)`, so other texts need no search.
fn trailing_heading(t: &str) -> Option<(usize, std::ops::Range<usize>)> {
    if !t.ends_with(')') {
        return None;
    }
    let c = TRAILING_HEADING.captures(t)?;
    Some((
        c.get(0).expect("match").start(),
        c.get(1).expect("group 1").range(),
    ))
}

/// An indicator list cell: `指標:`, `指標 :`, `指標名:`.
static INDICATOR_LABEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^指標名?\s*(?::\s*)?").unwrap());

fn first_section_id(b: &Builder<'_>, cell: &std::ops::Range<usize>) -> bool {
    cell.clone()
        .next()
        .is_some_and(|s| starts_with_section_id(b.c.text(b.c.whole(s))))
}

/// Whether the line's first non-empty cell starts with a section id.
pub(super) fn starts_section_line(b: &Builder<'_>, line: &Line) -> bool {
    line.cells
        .filled()
        .next()
        .is_some_and(|c| first_section_id(b, &c))
}

/// Whether a cell is an indicator list.
fn is_indicator_cell(b: &Builder<'_>, cell: &std::ops::Range<usize>) -> bool {
    cell.clone()
        .next()
        .is_some_and(|s| b.c.text(b.c.whole(s)).starts_with("指標"))
}

/// Reads a section block line: the sections of its first cell, the indicator list of a later one.
pub(super) fn section_line(b: &mut Builder<'_>, line: &Line) {
    let mut cells = line.cells.filled();
    let first = cells.next().expect("a section line has a non-empty cell");
    sections_in_cell(b, &first);
    if let Some(cell) = cells.find(|c| is_indicator_cell(b, c)) {
        indicator_list(b, &cell);
    }
}

/// One id found in a cell: segment index, byte range of the id, major, minor.
struct Id {
    seg: usize,
    start: usize,
    end: usize,
    major: u32,
    minor: u32,
}

fn sections_in_cell(b: &mut Builder<'_>, cell: &std::ops::Range<usize>) {
    let mut ids = Vec::new();
    for seg in cell.clone() {
        let text = b.c.text(b.c.whole(seg));
        for m in section_ids(text) {
            ids.push(Id {
                seg,
                start: m.id.start,
                end: m.id.end,
                major: text[m.digits].parse().unwrap_or(0),
                minor: m.minor,
            });
        }
    }
    for (k, id) in ids.iter().enumerate() {
        // The section's content runs from the end of its id to the next id (or the cell's end).
        let (end_seg, end_pos) = match ids.get(k + 1) {
            Some(next) => (next.seg, next.start),
            None => (cell.end - 1, b.c.whole(cell.end - 1).end),
        };
        let mut parts = Vec::new();
        for seg in id.seg..=end_seg {
            let whole = b.c.whole(seg);
            let start = if seg == id.seg { id.end } else { 0 };
            let end = if seg == end_seg { end_pos } else { whole.end };
            if start < end {
                parts.push(whole.sub(start, end));
            }
        }
        let id_span = b.c.whole(id.seg).sub(id.start, id.end);
        section(b, id, id_span, &parts);
    }
}

fn section(b: &mut Builder<'_>, id: &Id, id_span: Span, parts: &[Span]) {
    let i = b.out.doc.sections.len();
    let line = b.c.line(id_span);
    let id_text: String = {
        // The id as written, with spaces around the dash dropped.
        let t = b.c.text(id_span);
        t.chars().filter(|c| !c.is_whitespace()).collect()
    };
    match b.section_lines.get(&id_text) {
        Some(&first_line) => b.diag(
            Severity::Warning,
            "duplicate-section-id",
            format!(
                "section id {id_text} appears again (first on line {first_line}); both are kept"
            ),
            line,
        ),
        None => {
            b.section_lines.insert(id_text.clone(), line);
        }
    }
    b.c.field(id_span, Pointer::SectionId(ix(i)));
    let mut lines = Lines::one(line);
    for p in parts {
        lines.include(b.c.line(*p));
    }
    crate::compact::push(
        &mut b.out.doc.sections,
        Section {
            boxes: Default::default(),
            cells: Default::default(),
            id: id_text,
            major: id.major,
            minor: id.minor,
            title: String::new(),
            body: Vec::new(),
            group: None,
            lines,
            truncated: false,
            span: Default::default(),
            spans: Vec::new(),
        },
    );
    b.ungrouped.push(i);
    items(b, i, parts, true);
}

/// Splits `parts` into body items of section `i` at their markers; with `title`, the first
/// unmarked item of the first part is the section's title.
fn items(b: &mut Builder<'_>, i: usize, parts: &[Span], title: bool) {
    // Body items: every part is split at its markers; the title is the first item of the first part.
    let mut items: Vec<(Span, Span)> = Vec::new(); // (marker, text)
    for p in parts {
        let text = b.c.text(*p);
        let mut starts = item_starts(text);
        if starts
            .first()
            .is_none_or(|s| s.0 > 0 && !text[..s.0].trim().is_empty())
        {
            starts.insert(0, (0, 0));
        }
        for (k, &(ms, me)) in starts.iter().enumerate() {
            let end = starts.get(k + 1).map_or(text.len(), |n| n.0);
            let marker = p.sub(ms, me);
            // An enumeration such as `(1)` stays part of its item's text.
            let keep = text[ms..me].starts_with('(');
            let (marker, body) = if keep {
                (p.sub(ms, ms), p.sub(ms, end))
            } else {
                (marker, p.sub(me, end))
            };
            items.push((marker, body));
        }
    }
    let title_from_first = title
        && parts.first().is_some_and(|p| {
            items
                .first()
                .is_some_and(|(m, _)| m.seg == p.seg && m.start == p.start && m.is_empty())
        });
    let mut items = items.into_iter().peekable();
    if title_from_first {
        let (_, title) = items.next().expect("checked");
        let title = b.c.trim(title);
        let more = items.peek().is_some();
        let t = b.c.text(title);
        let (title, heading) = match trailing_heading(t).filter(|_| more) {
            Some((_, h)) => (title.sub(0, h.start), Some(title.sub(h.start, h.end))),
            None => (title, None),
        };
        let title = b.c.trim(title);
        b.out.doc.sections[i].title = b.c.text(title).to_string();
        b.c.field(title, Pointer::SectionTitle(ix(i)));
        if let Some(h) = heading {
            push_body(b, i, h);
        }
    }
    for (marker, text) in items {
        b.c.claim(marker, Claim::Markup);
        let text = b.c.trim(text);
        if text.is_empty() {
            continue;
        }
        // A sentence followed by ` (sub-heading)`: the sub-heading introduces the next bullets.
        let t = b.c.text(text);
        match trailing_heading(t) {
            Some((start, h)) if t[..start].ends_with('。') => {
                push_body(b, i, text.sub(0, h.start));
                push_body(b, i, text.sub(h.start, h.end));
            }
            _ => push_body(b, i, text),
        }
    }
}

fn push_body(b: &mut Builder<'_>, i: usize, span: Span) {
    let span = b.c.trim(span);
    if span.is_empty() {
        return;
    }
    let k = b.out.doc.sections[i].body.len();
    crate::compact::push_short(&mut b.out.doc.sections[i].body, b.c.text(span).to_string());
    b.c.field(span, Pointer::SectionBody(ix(i), ix(k)));
}

/// Reads a line of a goal block laid out one cell per line (a saved web page): the section's
/// bullets and prose, or its indicator list. Returns `false` when the line is neither, or no
/// section waits for its indicator list.
pub(super) fn block_line(b: &mut Builder<'_>, line: &Line) -> bool {
    let Some(&last) = b.ungrouped.last() else {
        return false;
    };
    let mut cells = line.cells.filled();
    let (Some(cell), None) = (cells.next(), cells.next()) else {
        return false;
    };
    if line.cells.first().as_ref() != Some(&cell) {
        return false;
    }
    let cell = &cell;
    if is_indicator_cell(b, cell) {
        indicator_list(b, cell);
        return true;
    }
    let first = b.c.text(b.c.whole(cell.start));
    if values::starts_with_label(b, b.c.whole(cell.start)) || first.starts_with(char::is_numeric) {
        return false;
    }
    let parts = b.cell_spans(cell);
    for p in &parts {
        let l = b.c.line(*p);
        b.out.doc.sections[last].lines.include(l);
    }
    items(b, last, &parts, false);
    true
}

/// Reads an indicator list cell into a new group for the sections since the last list.
fn indicator_list(b: &mut Builder<'_>, cell: &std::ops::Range<usize>) {
    let g = b.out.doc.indicator_groups.len();
    let first = b.c.whole(cell.start);
    let line = b.c.line(first);
    let label_len = INDICATOR_LABEL.find(b.c.text(first)).map_or(0, |m| m.end());
    b.c.claim(first.sub(0, label_len), Claim::Label);
    let mut spans = vec![first.from(label_len)];
    spans.extend((cell.start + 1..cell.end).map(|s| b.c.whole(s)));
    let section_ids: Vec<String> = b
        .ungrouped
        .iter()
        .map(|&s| b.out.doc.sections[s].id.clone())
        .collect();
    for &s in &b.ungrouped {
        b.out.doc.sections[s].group = Some(ix(g));
    }
    b.ungrouped.clear();
    let parts = values::split_numbered(b, &spans);
    let numbered = parts.iter().any(|p| p.no.is_some());
    let mut indicators = Vec::with_capacity(parts.len());
    for part in parts {
        if numbered && part.no.is_none() {
            // Text before the first numbered name fits no indicator: it stays unparsed.
            continue;
        }
        let k = indicators.len();
        b.c.field(part.marker, Pointer::IndicatorNo(ix(g), ix(k)));
        let names: Vec<_> = part
            .texts
            .iter()
            .map(|&t| values::trim_separators(b, t))
            .filter(|t| !t.is_empty())
            .collect();
        let name = b.c.joined(&names);
        let name_line = names.first().map_or(line, |&t| b.c.line(t));
        for t in names {
            b.c.field(t, Pointer::IndicatorName(ix(g), ix(k)));
        }
        indicators.push(values::new_indicator(part.no, name, name_line));
    }
    crate::compact::push(
        &mut b.out.doc.indicator_groups,
        IndicatorGroup {
            boxes: Default::default(),
            cells: Default::default(),
            index: ix(g),
            section_ids,
            indicators,
            evaluation: None,
            next_year_issues: None,
            lines: Lines::one(line),
            grade: None,
            truncated: false,
            span: Default::default(),
            spans: Vec::new(),
        },
    );
    b.pending.push_back(g);
}

/// Marks `truncated` on the last mission, section and indicator group when they hold `line`,
/// the line where the file was cut off; returns the JSON pointers of the records marked.
pub(crate) fn mark_truncated(report: &mut crate::model::Report, line: u32) -> Vec<String> {
    let holds = |l: &Lines| l.start <= line && line <= l.end;
    let mut marked = Vec::new();
    if let Some(m) = report.missions.last_mut().filter(|m| holds(&m.lines)) {
        m.truncated = true;
        marked.push(format!("/missions/{}", report.missions.len() - 1));
    }
    if let Some(s) = report.sections.last_mut().filter(|s| holds(&s.lines)) {
        s.truncated = true;
        marked.push(format!("/sections/{}", report.sections.len() - 1));
    }
    if let Some(g) = report
        .indicator_groups
        .last_mut()
        .filter(|g| holds(&g.lines))
    {
        g.truncated = true;
        marked.push(format!(
            "/indicator_groups/{}",
            report.indicator_groups.len() - 1
        ));
    }
    marked
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Random strings from the characters ids and markers are made of.
    fn samples() -> Vec<String> {
        const PIECES: &[&str] = &[
            "1", "2", "12", "123", "٣", "１", " ", "\u{3000}", "-", "‐", "−", "–", "—", "①", "⑳",
            "㉑", "㊿", "a", "あ", "・", "●", "■", "•", "(", ")", "(1)", "(12)", "(123)", "- ",
            "-a", "。", "\t",
        ];
        let mut next = crate::test_rng(0x2545_F491_4F6C_DD1Du64);
        (0..30_000)
            .map(|_| {
                (0..next() % 10)
                    .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
                    .collect()
            })
            .collect()
    }

    #[test]
    fn ok_section_ids_match_the_pattern() {
        let re = Regex::new(
            r"(?:^|\s)((\d{1,2})\s*[-‐−–]\s*([\x{2460}-\x{2473}\x{3251}-\x{325F}\x{32B1}-\x{32BF}]))",
        )
        .unwrap();
        for t in samples() {
            let want: Vec<_> = re
                .captures_iter(&t)
                .map(|c| {
                    let id = c.get(1).unwrap();
                    let minor = c[3].chars().next().and_then(circled::value).unwrap();
                    (id.range(), c.get(2).unwrap().range(), minor)
                })
                .collect();
            let got: Vec<_> = section_ids(&t).map(|m| (m.id, m.digits, m.minor)).collect();
            assert_eq!(got, want, "{t:?}");
            let first_at_start = re.find(&t).is_some_and(|m| m.start() == 0);
            assert_eq!(starts_with_section_id(&t), first_at_start, "{t:?}");
        }
    }

    #[test]
    fn ok_item_starts_match_the_pattern() {
        let re = Regex::new(r"(?:^|\s)([・●○■◆◇□▪•]\s*|\(\d{1,2}\)|-\s)").unwrap();
        for t in samples() {
            let want: Vec<_> = re
                .captures_iter(&t)
                .map(|c| {
                    let m = c.get(1).unwrap();
                    (m.start(), m.end())
                })
                .collect();
            assert_eq!(item_starts(&t), want, "{t:?}");
        }
    }
}
