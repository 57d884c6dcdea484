//! PDF and workbook input as documents: the file's cell grid written out as text, parsed
//! by `mokuhyo-parse` like any text report, then given back its `source` and, on every record, where its lines
//! are in the original (`boxes` on PDF pages, `cells` of a sheet).

use crate::{Document, Format, Origin};
use mokuhyo_parse::model::{CellRange, PageBox, Report};

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
/// `parse --grid`.
pub fn rebuilt_text(bytes: &[u8], format: Format) -> Result<String, String> {
    let options = crate::ReadOptions { keep_pages: false };
    let docs = crate::read_with(bytes, format, options).map_err(|e| e.to_string())?;
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

/// Reads the report in a PDF or workbook. `file` is the name for `source.file`; a workbook
/// of several sheets names the sheet too (`book.xlsx#Sheet1`).
///
/// A workbook in which several sheets hold a report is refused with the sheets named: one
/// `parse` writes one document.
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
    let docs = crate::read_with(bytes, format, options).map_err(|e| e.to_string())?;
    let mut found: Vec<GridReport> = Vec::new();
    let mut last_err = None;
    let mut names = Vec::new();
    for doc in docs {
        let name = match &doc.sheet {
            Some(s) if doc.count > 1 => format!("{file}#{s}"),
            _ => file.to_string(),
        };
        names.push(doc.sheet.clone().unwrap_or_default());
        match one(bytes, doc, &name) {
            Ok(r) => found.push(r),
            Err(e) => last_err = Some(e),
        }
    }
    match found.len() {
        1 => Ok(found.pop().expect("one")),
        0 if format == Format::Pdf => Err(last_err.unwrap_or_else(|| "no report found".into())),
        0 => Err(format!(
            "no sheet holds a report (sheets: {})",
            names.join(", ")
        )),
        n => Err(format!(
            "{n} sheets hold a report ({}): save each sheet as a workbook of its own",
            found
                .iter()
                .map(|r| r
                    .report
                    .source
                    .file
                    .rsplit('#')
                    .next()
                    .unwrap_or("")
                    .to_string())
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

fn one(bytes: &[u8], doc: Document, file: &str) -> Result<GridReport, String> {
    let (text, origins) = doc.grid.write();
    let mut report = mokuhyo_parse::parse(text.as_bytes(), file)
        .map_err(|e| e.to_string())?
        .report;
    report.source.sha256 = mokuhyo_parse::sha256_hex(bytes);
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
    })
}

/// The boxes and cell ranges of lines `start..=end` (1-based), each once, in order.
fn provenance(origins: &[Vec<Origin>], start: usize, end: usize) -> (Vec<PageBox>, Vec<CellRange>) {
    let mut boxes: Vec<PageBox> = Vec::new();
    let mut cells: Vec<CellRange> = Vec::new();
    for line in start.max(1)..=end {
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
