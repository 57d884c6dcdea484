//! Value rows (目標値 / 実績値 / 評価 / 次年度への課題) in their three shapes, split per
//! indicator by circled number and read into values.

use super::Builder;
use crate::circled;
use crate::ledger::{ix, Claim, Pointer, Span};
use crate::model::{Achievement, Indicator, Rule, Severity, Status, Value};
use crate::normalize::Line;
use crate::values::{grade, read};

/// A column of the value table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Column {
    Target,
    Actual,
    Evaluation,
    Issues,
}

/// The column order when no header row says otherwise.
pub(crate) const DEFAULT_COLUMNS: [Column; 4] = [
    Column::Target,
    Column::Actual,
    Column::Evaluation,
    Column::Issues,
];

/// The value labels and their columns, in the order the pattern
/// `^(目標値|目標|実績値|実績|評価|次年度への課題|次年度の課題|課題)` tries them.
const VALUE_LABELS: [(&str, Column); 8] = [
    ("目標値", Column::Target),
    ("目標", Column::Target),
    ("実績値", Column::Actual),
    ("実績", Column::Actual),
    ("評価", Column::Evaluation),
    ("次年度への課題", Column::Issues),
    ("次年度の課題", Column::Issues),
    ("課題", Column::Issues),
];

/// Length of what may follow a label, as `(?:\s*:\s*|\s+|$)` matches it at the start of
/// `rest`: a colon with the whitespace around it, else whitespace, else the end of the text.
fn after_label(rest: &str) -> Option<usize> {
    let spaced = rest.trim_start_matches(char::is_whitespace);
    if let Some(colon) = spaced.strip_prefix(':') {
        return Some(rest.len() - colon.trim_start_matches(char::is_whitespace).len());
    }
    (spaced.len() < rest.len() || rest.is_empty()).then_some(rest.len() - spaced.len())
}

/// The label at the start of `text`: its column and length, separator included. The first
/// label of [`VALUE_LABELS`] followed by a separator wins, as in the pattern they spell.
fn label_in(text: &str) -> Option<(Column, usize)> {
    VALUE_LABELS.iter().find_map(|&(label, col)| {
        let rest = text.strip_prefix(label)?;
        Some((col, label.len() + after_label(rest)?))
    })
}

/// The label at the start of a span: its column and length.
fn label_at(b: &Builder<'_>, s: Span) -> Option<(Column, usize)> {
    label_in(b.c.text(s))
}

/// Whether a span starts with a value label (目標値, 実績値, 評価, 次年度への課題).
pub(super) fn starts_with_label(b: &Builder<'_>, s: Span) -> bool {
    label_at(b, s).is_some()
}

/// Whether a cell is exactly one label.
fn bare_label(b: &Builder<'_>, cell: &std::ops::Range<usize>) -> Option<Column> {
    if cell.len() != 1 {
        return None;
    }
    let s = b.c.whole(cell.start);
    label_at(b, s)
        .filter(|&(_, len)| len == s.end)
        .map(|(c, _)| c)
}

/// A piece of a cell that belongs to one indicator.
pub(super) struct Part {
    /// The circled number, or `None` for unnumbered text.
    pub no: Option<u32>,
    /// The circled number's span (empty when unnumbered).
    pub marker: Span,
    /// The text, possibly over several segments.
    pub texts: Vec<Span>,
}

/// Splits spans at circled numbers. Unnumbered runs become parts with `no: None`; consecutive
/// unnumbered segments are one part.
pub(super) fn split_numbered(b: &Builder<'_>, spans: &[Span]) -> Vec<Part> {
    let mut parts: Vec<Part> = Vec::new();
    for &span in spans {
        let text = b.c.text(span);
        let mut cuts = text
            .char_indices()
            .filter_map(|(i, c)| circled::value(c).map(|n| (i, i + c.len_utf8(), n)))
            .peekable();
        let lead_end = cuts.peek().map_or(text.len(), |c| c.0);
        if !text[..lead_end].trim().is_empty() {
            let lead = span.sub(0, lead_end);
            match parts.last_mut() {
                Some(p) if p.no.is_none() => p.texts.push(lead),
                _ => parts.push(Part {
                    no: None,
                    marker: span.sub(0, 0),
                    texts: vec![lead],
                }),
            }
        }
        while let Some((ms, me, no)) = cuts.next() {
            let end = cuts.peek().map_or(text.len(), |c| c.0);
            parts.push(Part {
                no: Some(no),
                marker: span.sub(ms, me),
                texts: vec![span.sub(me, end)],
            });
        }
    }
    parts
}

/// Whether `c` separates the items of a list: `、`, `,`, `;`, `・`, `/`. The text is
/// normalized, so the full-width forms (`，`, `；`, `／`, `･`) arrive as these.
fn is_list_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '、' | ',' | ';' | '・' | '/')
}

/// Trims whitespace and list separators ([`is_list_separator`]) off both ends, claiming the
/// separators. A `・` inside a name (`ごみ・資源物収集量`) is not at an end and stays.
pub(super) fn trim_separators(b: &mut Builder<'_>, span: Span) -> Span {
    let text = b.c.text(span);
    let sep = is_list_separator;
    let start = text.len() - text.trim_start_matches(sep).len();
    let end = text.trim_end_matches(sep).len().max(start);
    b.c.claim(span.sub(0, start), Claim::Markup);
    b.c.claim(span.sub(end, text.len()), Claim::Markup);
    span.sub(start, end)
}

/// An indicator with no values yet.
pub(super) fn new_indicator(no: Option<u32>, name: String, line: u32) -> Indicator {
    Indicator {
        no,
        name,
        target: None,
        actual: None,
        achievement: Achievement {
            status: Some(Status::Unknown),
            ratio: None,
            rule: Some(Rule::None),
        },
        line,
        span: Default::default(),
    }
}

/// Reads a line in the goals part that is not a section block: a header row or a value row.
pub(super) fn row(b: &mut Builder<'_>, line: &Line) {
    let cells: Vec<_> = line.cells.filled().collect();
    if cells.iter().all(|c| bare_label(b, c).is_some()) {
        shifted(b, line);
        for c in &cells {
            b.c.claim(b.c.whole(c.start), Claim::Label);
        }
        b.columns = cells.iter().filter_map(|c| bare_label(b, c)).collect();
        return;
    }
    let Some(g) = b.pending.pop_front() else {
        b.diag(
            Severity::Warning,
            "value-row-without-group",
            "a row in the goals part belongs to no indicator list; its text is kept as unparsed"
                .into(),
            line.no,
        );
        return;
    };
    b.out.doc.indicator_groups[g].lines.include(line.no);
    let labelled = label_at(b, b.c.whole(cells[0].start)).is_some();
    shifted(b, line);
    let mut columns: Vec<(Column, Vec<Span>)> = Vec::new();
    if labelled {
        for cell in &cells {
            let first = b.c.whole(cell.start);
            let Some((col, len)) = label_at(b, first) else {
                continue;
            };
            b.c.claim(first.sub(0, len), Claim::Label);
            let mut spans = vec![first.from(len)];
            spans.extend((cell.start + 1..cell.end).map(|s| b.c.whole(s)));
            columns.push((col, spans));
        }
    } else {
        let mut raw = line.cells.iter().peekable();
        raw.next_if(|c| c.is_empty());
        let order = b.columns.clone();
        for (col, cell) in order.into_iter().zip(raw) {
            columns.push((col, b.cell_spans(&cell)));
        }
    }
    for (col, spans) in columns {
        match col {
            Column::Target | Column::Actual => values(b, g, col, &spans),
            Column::Evaluation | Column::Issues => {
                let spans: Vec<_> = spans
                    .into_iter()
                    .map(|s| b.c.trim(s))
                    .filter(|s| !s.is_empty())
                    .collect();
                if spans.is_empty() {
                    continue;
                }
                let text = b.c.joined(&spans);
                if col == Column::Evaluation {
                    b.out.doc.indicator_groups[g].grade = grade(&text);
                }
                let (field, pointer) = if col == Column::Evaluation {
                    (
                        &mut b.out.doc.indicator_groups[g].evaluation,
                        Pointer::Evaluation(ix(g)),
                    )
                } else {
                    (
                        &mut b.out.doc.indicator_groups[g].next_year_issues,
                        Pointer::NextYearIssues(ix(g)),
                    )
                };
                *field = Some(text);
                for s in spans {
                    b.c.field(s, pointer);
                }
            }
        }
    }
}

/// Raises `shifted-value-row` for a header or value row of a tab-separated report whose first
/// cell is not empty: such rows start with the empty cell under the section column, so one
/// that does not lost it (its cells are read from the first). Rows of a report laid out one
/// cell per line (a saved web page) have no such cell to lose.
fn shifted(b: &mut Builder<'_>, line: &Line) {
    if b.tabbed && line.cells.first().is_some_and(|c| !c.is_empty()) {
        b.diag(
            Severity::Info,
            "shifted-value-row",
            "this value row lost its leading empty cell; its cells are read from the first".into(),
            line.no,
        );
    }
}

/// Splits a target or actual cell per indicator and reads each part.
fn values(b: &mut Builder<'_>, g: usize, col: Column, spans: &[Span]) {
    let parts = split_numbered(b, spans);
    let numbered = parts.iter().any(|p| p.no.is_some());
    let count = b.out.doc.indicator_groups[g].indicators.len();
    for part in parts {
        let k = match part.no {
            Some(n) => b.out.doc.indicator_groups[g]
                .indicators
                .iter()
                .position(|i| i.no == Some(n))
                .or_else(|| (count == 1 && n == 1).then_some(0)),
            None if !numbered && count == 1 => Some(0),
            None => None,
        };
        let line = b.c.line(part.texts[0]);
        let Some(k) = k else {
            if part.texts.iter().any(|&t| !b.c.trim(t).is_empty()) || !part.marker.is_empty() {
                let what = part.no.map_or("unnumbered text".to_string(), |n| {
                    format!("value {}", circled::to_char(n).unwrap_or('?'))
                });
                b.diag(
                    Severity::Warning,
                    "value-without-indicator",
                    format!("{what} matches no indicator of its group; kept as unparsed"),
                    line,
                );
            }
            continue;
        };
        let texts: Vec<_> = part
            .texts
            .iter()
            .map(|&t| trim_separators(b, t))
            .filter(|t| !t.is_empty())
            .collect();
        let text = b.c.joined(&texts);
        let (which, pointer) = if col == Column::Target {
            ("target", Pointer::Target(ix(g), ix(k)))
        } else {
            ("actual", Pointer::Actual(ix(g), ix(k)))
        };
        b.c.claim(part.marker, Claim::Markup);
        if text.is_empty() {
            continue;
        }
        for &t in &texts {
            b.c.field(t, pointer);
        }
        if col == Column::Actual {
            b.out.saw_actuals = true;
        }
        let r = read(&text);
        let mut value = Value {
            value: r.value(),
            unit: r.unit().map(str::to_string),
            quantities: r.quantities,
            note: r.note,
            bound: r.bound,
            text,
            line,
            span: Default::default(),
        };
        // Now, not when the report is finished: a value's spare room adds up over the parse.
        crate::compact::value(&mut value);
        let ind = &mut b.out.doc.indicator_groups[g].indicators[k];
        let slot = if col == Column::Target {
            &mut ind.target
        } else {
            &mut ind.actual
        };
        let replaced = slot.replace(value).is_some();
        if replaced {
            b.diag(
                Severity::Warning,
                "repeated-value",
                format!(
                    "a second {which} for indicator {} replaces the first",
                    k + 1
                ),
                line,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    #[test]
    fn ok_labels_match_the_pattern() {
        const PIECES: &[&str] = &[
            "目標",
            "値",
            "実績",
            "評価",
            "次年度",
            "への",
            "の",
            "課題",
            " ",
            "\u{3000}",
            ":",
            "\t",
            "a",
            "1",
        ];
        let re = Regex::new(
            r"^(目標値|目標|実績値|実績|評価|次年度への課題|次年度の課題|課題)(?:\s*:\s*|\s+|$)",
        )
        .unwrap();
        let mut next = crate::test_rng(0x9E37_79B9_7F4A_7C15);
        for _ in 0..30_000 {
            let t: String = (0..next() % 6)
                .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
                .collect();
            let want = re.captures(&t).map(|c| {
                let col = VALUE_LABELS.iter().find(|l| l.0 == &c[1]).unwrap().1;
                (col, c[0].len())
            });
            assert_eq!(label_in(&t), want, "{t:?}");
        }
    }
}
