//! Goal sections (`1-①TITLE ・bullet …`) and the indicator list that follows them.

use super::{values, Builder};
use crate::circled;
use crate::ledger::{Claim, Span};
use crate::model::{IndicatorGroup, Lines, Section, Severity};
use crate::normalize::Line;
use regex::Regex;
use std::sync::LazyLock;

/// A section id at the start of a segment or after whitespace: `1-①`, `10 - ③`.
static SECTION_ID: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:^|\s)((\d{1,2})\s*[-‐−–]\s*([\x{2460}-\x{2473}\x{3251}-\x{325F}\x{32B1}-\x{32BF}]))",
    )
    .unwrap()
});

/// Where a body item starts: a bullet or sub-heading marker, or an enumeration `(1)`, at the
/// start of the text or after whitespace.
static ITEM_START: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|\s)([・●○■◆◇□▪•]\s*|\(\d{1,2}\)|-\s)").unwrap());

/// A parenthesised sub-heading standing alone at the end of a piece of text, after a space.
static TRAILING_HEADING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\s(\([^()]{1,60}\))$").unwrap());

/// An indicator list cell: `指標:`, `指標 :`, `指標名:`.
static INDICATOR_LABEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^指標名?\s*(?::\s*)?").unwrap());

fn first_section_id(b: &Builder<'_>, cell: &std::ops::Range<usize>) -> bool {
    cell.clone().next().is_some_and(|s| {
        SECTION_ID
            .find(b.c.text(b.c.whole(s)))
            .is_some_and(|m| m.start() == 0)
    })
}

/// Whether the line's first non-empty cell starts with a section id.
pub(super) fn starts_section_line(b: &Builder<'_>, line: &Line) -> bool {
    line.cells
        .iter()
        .find(|c| !c.is_empty())
        .is_some_and(|c| first_section_id(b, c))
}

/// Whether a cell is an indicator list.
fn is_indicator_cell(b: &Builder<'_>, cell: &std::ops::Range<usize>) -> bool {
    cell.clone()
        .next()
        .is_some_and(|s| b.c.text(b.c.whole(s)).starts_with("指標"))
}

/// Reads a section block line: the sections of its first cell, the indicator list of a later one.
pub(super) fn section_line(b: &mut Builder<'_>, line: &Line) {
    let mut cells = line.cells.iter().filter(|c| !c.is_empty());
    let first = cells
        .next()
        .expect("a section line has a non-empty cell")
        .clone();
    sections_in_cell(b, &first);
    if let Some(cell) = cells.find(|c| is_indicator_cell(b, c)) {
        indicator_list(b, cell);
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
        for c in SECTION_ID.captures_iter(text) {
            let id = c.get(1).expect("group 1");
            let major = c[2].parse().unwrap_or(0);
            let minor = c[3].chars().next().and_then(circled::value).unwrap_or(0);
            ids.push(Id {
                seg,
                start: id.start(),
                end: id.end(),
                major,
                minor,
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
    b.c.field(id_span, format!("/sections/{i}/id"));
    let mut lines = Lines::one(line);
    for p in parts {
        lines.include(b.c.line(*p));
    }
    b.out.doc.sections.push(Section {
        id: id_text,
        major: id.major,
        minor: id.minor,
        title: String::new(),
        body: Vec::new(),
        group: None,
        lines,
    });
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
        let mut starts: Vec<(usize, usize)> = ITEM_START
            .captures_iter(text)
            .map(|c| {
                let m = c.get(1).expect("group 1");
                (m.start(), m.end())
            })
            .collect();
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
        let (title, heading) = match TRAILING_HEADING.captures(t).filter(|_| more) {
            Some(c) => {
                let h = c.get(1).expect("group 1");
                (title.sub(0, h.start()), Some(title.sub(h.start(), h.end())))
            }
            None => (title, None),
        };
        let title = b.c.trim(title);
        b.out.doc.sections[i].title = b.c.text(title).to_string();
        b.c.field(title, format!("/sections/{i}/title"));
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
        match TRAILING_HEADING.captures(t) {
            Some(c) if t[..c.get(0).expect("match").start()].ends_with('。') => {
                let h = c.get(1).expect("group 1");
                push_body(b, i, text.sub(0, h.start()));
                push_body(b, i, text.sub(h.start(), h.end()));
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
    b.out.doc.sections[i].body.push(b.c.text(span).to_string());
    b.c.field(span, format!("/sections/{i}/body/{k}"));
}

/// Reads a line of a goal block laid out one cell per line (a saved web page): the section's
/// bullets and prose, or its indicator list. Returns `false` when the line is neither, or no
/// section waits for its indicator list.
pub(super) fn block_line(b: &mut Builder<'_>, line: &Line) -> bool {
    let Some(&last) = b.ungrouped.last() else {
        return false;
    };
    let mut cells = line.cells.iter().filter(|c| !c.is_empty());
    let (Some(cell), None) = (cells.next(), cells.next()) else {
        return false;
    };
    if line.cells.first() != Some(cell) {
        return false;
    }
    if is_indicator_cell(b, cell) {
        indicator_list(b, cell);
        return true;
    }
    let first = b.c.text(b.c.whole(cell.start));
    if values::starts_with_label(b, b.c.whole(cell.start)) || first.starts_with(char::is_numeric) {
        return false;
    }
    let parts: Vec<Span> = cell.clone().map(|s| b.c.whole(s)).collect();
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
        b.out.doc.sections[s].group = Some(g);
    }
    b.ungrouped.clear();
    let parts = values::split_numbered(b, &spans);
    let numbered = parts.iter().any(|p| p.no.is_some());
    let mut indicators = Vec::new();
    for part in parts {
        if numbered && part.no.is_none() {
            // Text before the first numbered name fits no indicator: it stays unparsed.
            continue;
        }
        let k = indicators.len();
        b.c.field(
            part.marker,
            format!("/indicator_groups/{g}/indicators/{k}/no"),
        );
        let names: Vec<_> = part
            .texts
            .iter()
            .map(|&t| values::trim_separators(b, t))
            .filter(|t| !t.is_empty())
            .collect();
        let name = names
            .iter()
            .map(|&t| b.c.text(t))
            .collect::<Vec<_>>()
            .join(" ");
        let name_line = names.first().map_or(line, |&t| b.c.line(t));
        for t in names {
            b.c.field(t, format!("/indicator_groups/{g}/indicators/{k}/name"));
        }
        indicators.push(values::new_indicator(part.no, name, name_line));
    }
    b.out.doc.indicator_groups.push(IndicatorGroup {
        index: g,
        section_ids,
        indicators,
        evaluation: None,
        next_year_issues: None,
        lines: Lines::one(line),
    });
    b.pending.push_back(g);
}
