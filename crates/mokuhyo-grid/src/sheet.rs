//! Workbooks (xlsx, xls, xlsb, ods) → one grid per sheet, through `calamine`.
//!
//! A cell's line breaks are paragraph breaks; a merged range is one cell at its top-left
//! corner and empty cells under the rest of it; empty trailing cells and rows are not
//! content. Hidden sheets, and in an xlsx hidden rows and columns, are skipped.

use std::collections::{HashMap, HashSet};
use std::io::{Cursor, Read};

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
    crate::guarded(|| read_inner(bytes)).unwrap_or_else(|| {
        Err(GridError::Damaged(
            "the workbook reader failed on its content".into(),
        ))
    })
}

fn read_inner(bytes: &[u8]) -> Result<Vec<SheetRows>, GridError> {
    let mut book = open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| GridError::Damaged(format!("not a readable workbook ({e})")))?;
    let visible: Vec<String> = book
        .sheets_metadata()
        .iter()
        .filter(|s| s.visible == SheetVisible::Visible)
        .map(|s| s.name.clone())
        .collect();
    let hidden = match book {
        Sheets::Xlsx(_) => xlsx_hidden(bytes),
        _ => HashMap::new(),
    };
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
        let hide = hidden.get(&name).cloned().unwrap_or_default();
        out.push(SheetRows {
            rows: sheet_rows(&range, &merges, &name, &hide),
            name,
        });
    }
    Ok(out)
}

/// Hidden rows and columns of one sheet, 0-based.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Hidden {
    /// Hidden rows.
    pub rows: HashSet<u32>,
    /// Hidden columns.
    pub cols: HashSet<u32>,
}

/// The value of attribute `name` in one XML start tag.
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let end = tag[at..].find('"')?;
    Some(&tag[at..at + end])
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The start tags `<name …>` in an XML text.
fn tags<'a>(xml: &'a str, name: &str) -> std::vec::IntoIter<&'a str> {
    let open = format!("<{name} ");
    xml.match_indices(open.as_str())
        .filter_map(|(i, _)| {
            let end = xml[i..].find('>')?;
            Some(&xml[i..i + end])
        })
        .collect::<Vec<_>>()
        .into_iter()
}

/// Which rows and columns each sheet of an xlsx hides (`<row hidden="1">`, `<col hidden="1">`),
/// by sheet name. calamine reads values, not layout; the parts are read here.
pub fn xlsx_hidden(bytes: &[u8]) -> HashMap<String, Hidden> {
    let mut out = HashMap::new();
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return out;
    };
    let mut part = |name: &str| -> Option<String> {
        let mut f = zip.by_name(name).ok()?;
        let mut s = String::new();
        // Layout parts are small; a part too large to be one is not read.
        (&mut f).take(64 << 20).read_to_string(&mut s).ok()?;
        Some(s)
    };
    let (Some(book), Some(rels)) = (part("xl/workbook.xml"), part("xl/_rels/workbook.xml.rels"))
    else {
        return out;
    };
    let targets: HashMap<&str, &str> = tags(&rels, "Relationship")
        .filter_map(|t| Some((attr(t, "Id")?, attr(t, "Target")?)))
        .collect();
    for sheet in tags(&book, "sheet") {
        let (Some(name), Some(id)) = (attr(sheet, "name"), attr(sheet, "r:id")) else {
            continue;
        };
        let Some(target) = targets.get(id) else {
            continue;
        };
        let path = match target.strip_prefix('/') {
            Some(abs) => abs.to_string(),
            None => format!("xl/{target}"),
        };
        let Some(xml) = part(&path) else { continue };
        let mut hidden = Hidden::default();
        let on = |t: &str| matches!(attr(t, "hidden"), Some("1" | "true"));
        for row in tags(&xml, "row").filter(|t| on(t)) {
            if let Some(r) = attr(row, "r").and_then(|r| r.parse::<u32>().ok()) {
                hidden.rows.insert(r.saturating_sub(1));
            }
        }
        for col in tags(&xml, "col").filter(|t| on(t)) {
            let n = |k| attr(col, k).and_then(|v| v.parse::<u32>().ok());
            if let (Some(min), Some(max)) = (n("min"), n("max")) {
                // A column range can name every column of the sheet; only those that could
                // hold cells matter.
                for c in min.max(1)..=max.min(16_384) {
                    hidden.cols.insert(c - 1);
                }
            }
        }
        out.insert(unescape(name), hidden);
    }
    out
}

fn sheet_rows(
    range: &calamine::Range<Data>,
    merges: &[Dimensions],
    sheet: &str,
    hidden: &Hidden,
) -> Vec<Vec<Cell>> {
    let Some((r0, c0)) = range.start() else {
        return Vec::new();
    };
    // The merged ranges over the current row, as indices into `merges` in ascending order so
    // that the first listed wins where two overlap: a sweep down the rows, not a search of
    // every range for every cell (a 方眼紙 sheet has a merge for nearly every cell).
    let mut by_start: Vec<usize> = (0..merges.len()).collect();
    by_start.sort_by_key(|&i| merges[i].start.0);
    let mut next = 0;
    let mut active: Vec<usize> = Vec::new();
    let mut rows = Vec::new();
    for (ri, row) in range.rows().enumerate() {
        let r = r0 + ri as u32;
        while let Some(&i) = by_start.get(next).filter(|&&i| merges[i].start.0 <= r) {
            let at = active.partition_point(|&a| a < i);
            active.insert(at, i);
            next += 1;
        }
        active.retain(|&i| merges[i].end.0 >= r);
        if hidden.rows.contains(&r) {
            continue;
        }
        let mut cells: Vec<Cell> = Vec::new();
        let mut spanned_only = true;
        for (ci, d) in row.iter().enumerate() {
            let c = c0 + ci as u32;
            if hidden.cols.contains(&c) {
                continue;
            }
            let merge = active
                .iter()
                .map(|&i| &merges[i])
                .find(|m| m.start.1 <= c && c <= m.end.1);
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
    fn ok_xml_attributes_and_tags() {
        let xml = r#"<sheetData><row r="3" hidden="1" ht="12"><c/></row><row r="4"></row><cols><col min="2" max="3" hidden="true"/></cols>"#;
        let rows: Vec<&str> = tags(xml, "row").collect();
        assert_eq!(rows.len(), 2);
        assert_eq!(attr(rows[0], "hidden"), Some("1"));
        assert_eq!(attr(rows[1], "hidden"), None);
        assert_eq!(attr(tags(xml, "col").next().unwrap(), "max"), Some("3"));
        assert_eq!(unescape("A&amp;B&lt;"), "A&B<");
    }

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
