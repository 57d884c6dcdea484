//! The title line and the header label/value rows (年度, 作成日, 部局名, 部局長名).

use super::Builder;
use crate::era;
use crate::ledger::{Claim, Pointer};
use crate::model::{DateField, Kind};
use crate::normalize::Line;

/// The header labels, as `^(年度|作成日|作成年月日|部局名|部局長名|部局長)\s*:?$` names them.
const HEADER_LABELS: [&str; 6] = [
    "年度",
    "作成日",
    "作成年月日",
    "部局名",
    "部局長名",
    "部局長",
];

/// Whether a segment can be a title line (`令和4年度 部局経営目標（達成状況）`). A caption that
/// names another report's image is not, nor is a breadcrumb (`トップ > … > 部局経営目標`).
pub(super) fn is_title(text: &str) -> bool {
    text.contains("部局経営目標")
        && !text.contains("画像")
        && !text.contains('>')
        && text.chars().count() <= 80
}

/// The line of the title: the first title line that names a fiscal year, else the first
/// title line. A saved page repeats 部局経営目標 in its navigation and page heading before the
/// real title (`令和6年度 部局経営目標【教育委員会】`).
pub(super) fn title_line(b: &Builder<'_>) -> Option<u32> {
    let mut first = None;
    for line in &b.norm.lines {
        let Some(cell) = line.cells.filled().next() else {
            continue;
        };
        let text = &*b.norm.segments[cell.start].text;
        if !is_title(text) {
            continue;
        }
        if era::find_fiscal_year(text).is_some() {
            return Some(line.no);
        }
        first.get_or_insert(line.no);
    }
    first
}

/// Takes segment `seg` as the title.
pub(super) fn title(b: &mut Builder<'_>, seg: usize) {
    let span = b.c.whole(seg);
    let text = b.c.text(span);
    b.out.doc.title = Some(text.to_string());
    b.out.doc.header_lines.title = Some(b.c.line(span));
    if text.contains("達成状況") || text.contains("実績") {
        b.out.kind = Some(Kind::Achievement);
    }
    b.c.field(span, Pointer::Title);
}

/// The header label a cell holds alone, perhaps with whitespace and a colon after it.
fn header_label(b: &Builder<'_>, cell: &std::ops::Range<usize>) -> Option<&'static str> {
    if cell.len() != 1 {
        return None;
    }
    label_in(b.c.text(b.c.whole(cell.start)))
}

/// The header label `text` is, perhaps with whitespace and a colon after it.
fn label_in(text: &str) -> Option<&'static str> {
    HEADER_LABELS.into_iter().find(|label| {
        text.strip_prefix(label)
            .is_some_and(|rest| matches!(rest.trim_start_matches(char::is_whitespace), "" | ":"))
    })
}

/// Whether the line is a header row: some cell is exactly a header label.
pub(super) fn is_header_row(b: &Builder<'_>, line: &Line) -> bool {
    line.cells.filled().any(|c| header_label(b, &c).is_some())
}

/// Reads a header row of label/value cell pairs.
pub(super) fn header_row(b: &mut Builder<'_>, line: &Line) {
    let mut i = 0;
    while let Some(cell) = line.cells.get(i) {
        let Some(label) = header_label(b, &cell) else {
            i += 1;
            continue;
        };
        b.c.claim(b.c.whole(cell.start), Claim::Label);
        let value = line
            .cells
            .get(i + 1)
            .filter(|c| !c.is_empty() && header_label(b, c).is_none());
        let Some(value) = value else {
            i += 1;
            continue;
        };
        i += 2;
        let spans = b.cell_spans(&value);
        let text = b.c.joined(&spans);
        let line_no = line.no;
        let pointer = match label {
            "年度" => match era::find_fiscal_year(&text) {
                Some((y, _)) => {
                    b.out.doc.fiscal_year = Some(y.fiscal_year(text.clone(), line_no));
                    Pointer::FiscalYear
                }
                None => {
                    b.diag(
                        crate::model::Severity::Warning,
                        "unreadable-fiscal-year",
                        format!("the 年度 cell `{text}` holds no fiscal year"),
                        line_no,
                    );
                    continue;
                }
            },
            "作成日" | "作成年月日" => {
                let date = era::parse_date(&text);
                if date.is_none() {
                    b.diag(
                        crate::model::Severity::Warning,
                        "unreadable-date",
                        format!("the 作成日 cell `{text}` is not a valid date"),
                        line_no,
                    );
                }
                b.out.doc.created_on = Some(DateField {
                    label: text.clone(),
                    date,
                    line: line_no,
                    span: Default::default(),
                });
                Pointer::CreatedOn
            }
            "部局名" => {
                b.out.doc.department = Some(text.clone());
                b.out.doc.header_lines.department = Some(line_no);
                Pointer::Department
            }
            _ => {
                b.out.doc.head = Some(text.clone());
                b.out.doc.header_lines.head = Some(line_no);
                Pointer::Head
            }
        };
        for s in spans {
            b.c.field(s, pointer);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    #[test]
    fn ok_header_labels_match_the_pattern() {
        const PIECES: &[&str] = &[
            "年度",
            "作成",
            "日",
            "年月日",
            "部局",
            "長",
            "名",
            " ",
            "\u{3000}",
            ":",
            "a",
        ];
        let re = Regex::new(r"^(年度|作成日|作成年月日|部局名|部局長名|部局長)\s*:?$").unwrap();
        let mut next = crate::test_rng(0xD1B5_4A32_D192_ED03);
        for _ in 0..30_000 {
            let t: String = (0..next() % 5)
                .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
                .collect();
            let want = re.captures(&t).map(|c| c.get(1).unwrap().as_str());
            assert_eq!(label_in(&t), want, "{t:?}");
        }
    }
}
