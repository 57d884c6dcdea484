//! Workbooks (xlsx, xls, xlsb, ods) → one grid per sheet, through `calamine`.
//!
//! A cell's line breaks are paragraph breaks; a merged range is one cell at its top-left
//! corner and empty cells under the rest of it; empty trailing cells and rows are not
//! content. Hidden sheets are skipped.

use std::io::Cursor;
use std::panic::{catch_unwind, AssertUnwindSafe};

use calamine::{open_workbook_auto_from_rs, Data, Dimensions, Reader, SheetVisible, Sheets};

use crate::{Cell, GridError, Origin};

/// One sheet's name and rows.
pub struct SheetRows {
    /// The sheet's name.
    pub name: String,
    /// Rows of cells.
    pub rows: Vec<Vec<Cell>>,
}

/// `A`, `B`, … `Z`, `AA`, … for a 0-based column.
pub fn column_name(mut col: u32) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).expect("ascii")
}

/// `B12` or `B12:D13` for 0-based corners.
pub fn range_name(start: (u32, u32), end: (u32, u32)) -> String {
    let a = format!("{}{}", column_name(start.1), start.0 + 1);
    if start == end {
        a
    } else {
        format!("{a}:{}{}", column_name(end.1), end.0 + 1)
    }
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        other => other.to_string(),
    }
}

/// Reads every visible sheet of a workbook. A panic inside the reader is caught and becomes
/// a [`GridError::Damaged`].
pub fn read(bytes: &[u8]) -> Result<Vec<SheetRows>, GridError> {
    match catch_unwind(AssertUnwindSafe(|| read_inner(bytes))) {
        Ok(r) => r,
        Err(_) => Err(GridError::Damaged(
            "the workbook reader failed on its content".into(),
        )),
    }
}

fn read_inner(bytes: &[u8]) -> Result<Vec<SheetRows>, GridError> {
    let mut book = open_workbook_auto_from_rs(Cursor::new(bytes.to_vec()))
        .map_err(|e| GridError::Damaged(format!("not a readable workbook ({e})")))?;
    let visible: Vec<String> = book
        .sheets_metadata()
        .iter()
        .filter(|s| s.visible == SheetVisible::Visible)
        .map(|s| s.name.clone())
        .collect();
    let mut out = Vec::new();
    for name in visible {
        let range = book
            .worksheet_range(&name)
            .map_err(|e| GridError::Damaged(format!("sheet {name} cannot be read ({e})")))?;
        let merges: Vec<Dimensions> = match &mut book {
            Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(&name).unwrap_or_default(),
            Sheets::Xls(x) => x.merge_cells_by_sheet_name(&name).unwrap_or_default(),
            _ => Vec::new(),
        };
        out.push(SheetRows {
            rows: sheet_rows(&range, &merges, &name),
            name,
        });
    }
    Ok(out)
}

fn sheet_rows(range: &calamine::Range<Data>, merges: &[Dimensions], sheet: &str) -> Vec<Vec<Cell>> {
    let Some((r0, c0)) = range.start() else {
        return Vec::new();
    };
    let mut rows = Vec::new();
    for (ri, row) in range.rows().enumerate() {
        let r = r0 + ri as u32;
        let mut cells: Vec<Cell> = Vec::new();
        let mut spanned_only = true;
        for (ci, d) in row.iter().enumerate() {
            let c = c0 + ci as u32;
            let merge = merges
                .iter()
                .find(|m| m.start.0 <= r && r <= m.end.0 && m.start.1 <= c && c <= m.end.1);
            if let Some(m) = merge {
                // The columns a merged cell reaches over are part of it, not cells; in its
                // rows below the first it leaves one empty cell, as in a PDF.
                if c > m.start.1 {
                    continue;
                }
                if r > m.start.0 {
                    cells.push(Cell::default());
                    continue;
                }
            }
            let paragraphs: Vec<String> = cell_text(d)
                .split(['\n', '\r'])
                .map(|p| p.trim().to_string())
                .filter(|p| !p.is_empty())
                .collect();
            if paragraphs.is_empty() {
                cells.push(Cell::default());
                continue;
            }
            spanned_only = false;
            let end = merge.map_or((r, c), |m| m.end);
            cells.push(Cell {
                paragraphs,
                origins: vec![Origin::Range {
                    sheet: sheet.to_string(),
                    range: range_name((r, c), end),
                }],
            });
        }
        while cells.last().is_some_and(|c| c.paragraphs.is_empty()) {
            cells.pop();
        }
        if !spanned_only {
            rows.push(cells);
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ok_column_and_range_names() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(701), "ZZ");
        assert_eq!(column_name(702), "AAA");
        assert_eq!(range_name((11, 1), (11, 3)), "B12:D12");
        assert_eq!(range_name((0, 0), (0, 0)), "A1");
    }
}
