//! PDF and workbook input as documents: the file's cell grid written out as text, parsed
//! by `mokuhyo-parse` like any text report, then given back its `source` and, on every record, where its lines
//! are in the original (`boxes` on PDF pages, `cells` of a sheet).

use crate::{Document, Format, Origin};
use mokuhyo_parse::model::{CellRange, PageBox, Report, ThinVec};

/// A report read from a PDF or a workbook.
pub struct GridReport {
    /// The text the parser read (the rebuilt grid); `lines` in the report point into it.
    pub text: String,
    /// The document.
    pub report: Report,
    /// What was drawn on each page of a PDF (empty for a workbook).
    pub pages: Vec<crate::pdf::Page>,
    /// Where the cells of each line of `text` are (`origins[i]` for line `i + 1`).
    pub origins: Vec<Vec<Origin>>,
    /// The sheet it was read from, for a workbook.
    pub sheet: Option<String>,
}

impl GridReport {
    /// The review page's view of the PDF's pages ([`crate::svg::pages_html`]); empty for a
    /// workbook.
    pub fn pages_html(&self) -> String {
        if self.pages.is_empty() {
            String::new()
        } else {
            crate::svg::pages_html(&self.pages, &self.origins)
        }
    }
}

/// The rebuilt text of every report candidate in the file (a PDF, or each sheet), for
/// `parse --grid`; with `sheet`, of that sheet of a workbook alone (a PDF has no sheets, so
/// a sheet named for one is missing: callers say so before they read it).
///
/// # Errors
///
/// The file cannot be read, or `sheet` is named and no sheet of that name has cells (the
/// message lists the sheets that have).
pub fn rebuilt_text(bytes: &[u8], format: Format, sheet: Option<&str>) -> Result<String, String> {
    let options = crate::ReadOptions { keep_pages: false };
    let mut docs = crate::read_with(bytes, format, options).map_err(|e| e.to_string())?;
    if let Some(want) = sheet {
        let Some(i) = docs.iter().position(|d| d.sheet.as_deref() == Some(want)) else {
            let names: Vec<&str> = docs.iter().filter_map(|d| d.sheet.as_deref()).collect();
            return Err(format!(
                "no sheet named {want} has cells (sheets with cells: {})",
                names.join(", ")
            ));
        };
        return Ok(docs.swap_remove(i).grid.write().0);
    }
    let many = docs.len() > 1;
    let mut out = String::new();
    for d in docs {
        if let (true, Some(s)) = (many, &d.sheet) {
            out.push_str(&format!("# sheet: {s}\n"));
        }
        out.push_str(&d.grid.write().0);
    }
    Ok(out)
}

/// Every report in a PDF or workbook: the PDF's, or one per sheet that holds a report, in
/// sheet order, with the sheets that hold none. `file` is the name for `source.file`; a
/// workbook of several sheets names the sheet too (`book.xlsx#Sheet1`).
///
/// With `options` ([`crate::ReadOptions::keep_pages`] off), [`GridReport::pages`] is empty
/// and a PDF is read one page at a time.
///
/// # Errors
///
/// The file cannot be read ([`crate::GridError`]), or nothing in it is a report: for a PDF
/// why not, for a workbook the sheets it has.
pub fn read_all(
    bytes: &[u8],
    format: Format,
    file: &str,
    options: crate::ReadOptions,
) -> Result<Reports, String> {
    let docs = crate::read_with(bytes, format, options).map_err(|e| e.to_string())?;
    let mut found = Reports::default();
    // The file's hash, once for all its sheets.
    let sha256 = mokuhyo_parse::sha256_hex(bytes);
    let mut last_err = None;
    for doc in docs {
        let name = match &doc.sheet {
            Some(s) if doc.count > 1 => format!("{file}#{s}"),
            _ => file.to_string(),
        };
        let sheet = doc.sheet.clone();
        match one(bytes, &sha256, doc, &name) {
            Ok(r) => found.reports.push(r),
            Err(e) => {
                if let Some(s) = sheet {
                    found.skipped.push((s, e.clone()));
                }
                last_err = Some(e);
            }
        }
    }
    if found.reports.is_empty() {
        return Err(if format == Format::Pdf {
            last_err.unwrap_or_else(|| "no report found".into())
        } else {
            // Every sheet of a workbook has a name, so every one is among the skipped.
            let names: Vec<&str> = found.skipped.iter().map(|(s, _)| s.as_str()).collect();
            format!("no sheet holds a report (sheets: {})", names.join(", "))
        });
    }
    Ok(found)
}

/// The reports of one file ([`read_all`]).
#[derive(Default)]
pub struct Reports {
    /// At least one report, in the file's order.
    pub reports: Vec<GridReport>,
    /// Sheets of a workbook that hold no report, with why (the parser's error).
    pub skipped: Vec<(String, String)>,
}

/// Reads the one report in a PDF or workbook (see [`read_all`]), keeping a PDF's pages.
///
/// A workbook in which several sheets hold a report is refused with the sheets named: the
/// caller picks one of [`read_all`]'s reports instead.
pub fn read(bytes: &[u8], format: Format, file: &str) -> Result<GridReport, String> {
    read_with(bytes, format, file, crate::ReadOptions::default())
}

/// [`read`], keeping what `options` asks for: without [`crate::ReadOptions::keep_pages`],
/// [`GridReport::pages`] is empty and a PDF is read one page at a time.
pub fn read_with(
    bytes: &[u8],
    format: Format,
    file: &str,
    options: crate::ReadOptions,
) -> Result<GridReport, String> {
    let mut found = read_all(bytes, format, file, options)?.reports;
    if found.len() == 1 {
        return Ok(found.pop().expect("one"));
    }
    let sheets: Vec<&str> = found.iter().filter_map(|r| r.sheet.as_deref()).collect();
    Err(format!(
        "{} sheets hold a report ({}): pick one",
        found.len(),
        sheets.join(", ")
    ))
}

/// The report of one document of the file `bytes`, whose hash is `sha256`.
fn one(bytes: &[u8], sha256: &str, doc: Document, file: &str) -> Result<GridReport, String> {
    let (text, origins) = doc.grid.write();
    // The report alone (no ledger): the parse lets go of what it holds as it goes.
    let mut report =
        mokuhyo_parse::parse_report(text.as_bytes(), file).map_err(|e| e.to_string())?;
    report.source.sha256 = sha256.to_string();
    report.source.bytes = bytes.len() as u64;
    report.source.format = doc.format.name().to_string();
    if doc.format == Format::Pdf {
        report.source.pages = Some(doc.count);
    } else {
        report.source.sheets = Some(doc.count);
    }
    attach(&mut report, &origins);
    Ok(GridReport {
        text,
        report,
        pages: doc.pages,
        origins,
        sheet: doc.sheet,
    })
}

/// The boxes and cell ranges of lines `start..=end` (1-based), each once, in order.
fn provenance(
    origins: &[Vec<Origin>],
    start: u32,
    end: u32,
) -> (ThinVec<PageBox>, ThinVec<CellRange>) {
    let mut boxes: ThinVec<PageBox> = ThinVec::new();
    let mut cells: ThinVec<CellRange> = ThinVec::new();
    for line in start.max(1) as usize..=end as usize {
        for o in origins.get(line - 1).into_iter().flatten() {
            match o {
                Origin::Box { page, bbox } => {
                    let b = PageBox {
                        page: *page,
                        bbox: *bbox,
                    };
                    if !boxes.contains(&b) {
                        boxes.push(b);
                    }
                }
                Origin::Range { sheet, range } => {
                    let c = CellRange {
                        sheet: sheet.clone(),
                        range: range.clone(),
                    };
                    if !cells.contains(&c) {
                        cells.push(c);
                    }
                }
            }
        }
    }
    (boxes, cells)
}

/// Gives every record that has lines the boxes or cells of those lines.
fn attach(report: &mut Report, origins: &[Vec<Origin>]) {
    for m in &mut report.missions {
        (m.boxes, m.cells) = provenance(origins, m.lines.start, m.lines.end);
    }
    for s in &mut report.sections {
        (s.boxes, s.cells) = provenance(origins, s.lines.start, s.lines.end);
    }
    for g in &mut report.indicator_groups {
        (g.boxes, g.cells) = provenance(origins, g.lines.start, g.lines.end);
    }
    for d in &mut report.diagnostics {
        if let Some(l) = d.line {
            (d.boxes, d.cells) = provenance(origins, l, l);
        }
    }
    for u in &mut report.unparsed {
        (u.boxes, u.cells) = provenance(origins, u.line, u.line);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ok_provenance_of_a_line_range_is_each_origin_once() {
        let b = |page| Origin::Box {
            page,
            bbox: [0.0, 0.0, 1.0, 1.0],
        };
        let origins = vec![vec![b(1)], vec![b(1), b(2)], vec![b(3)]];
        let (boxes, cells) = provenance(&origins, 1, 2);
        assert_eq!(boxes.iter().map(|b| b.page).collect::<Vec<_>>(), vec![1, 2]);
        assert!(cells.is_empty());
        assert_eq!(provenance(&origins, 3, 9).0.len(), 1);
    }
}
