/*!
Reads reports kept as PDF or as workbooks into the text shape that `mokuhyo-parse` reads.

Input: the raw bytes of a PDF (an Excel sheet or an HTML table printed to PDF) or of a
workbook (xlsx, xls, xlsb, ods). Output: one [`Document`] per report candidate (a PDF, or a
sheet): its cell grid written out as rows of tab-separated cells, paragraphs inside a cell
as `<p>…</p>`, a cell spanned by a merged cell left empty, plus, for every line of that
text, where its cells are in the original ([`Origin`]: a box on a PDF page, or a cell range
of a sheet), and for a PDF what was drawn on each page ([`pdf::Page`]) for a review page.

The passes, one module each:

1. [`pdf`]: pages → glyphs (text from `/ActualText`, else the font's Unicode map; clipped
   and overstruck glyphs dropped) and ruling lines (strokes and thin filled rectangles);
2. [`table`]: ruling lines → cells (neighbouring boxes with no border between them are one
   cell) → rows; running headers, footers and repeated header rows dropped; cells continued
   over a page break joined;
3. [`text`]: the glyphs of a cell → lines → paragraphs;
4. [`sheet`]: workbook sheets → rows of cells (line breaks are paragraphs, merged ranges);
5. [`report`]: the rebuilt text parsed by `mokuhyo-parse`, with `source` set from the
   original file and every record given the boxes or cell ranges of its lines.

```
let grid = mokuhyo_grid::Grid {
    rows: vec![vec![
        mokuhyo_grid::Cell::text(&["1-①題名", "・箇条"]),
        mokuhyo_grid::Cell::text(&["指標：件数"]),
    ]],
};
let (text, _) = grid.write();
assert_eq!(text, "<p>1-①題名</p> <p>・箇条</p>\t指標：件数\n");
assert_eq!(mokuhyo_grid::sniff(b"%PDF-1.7\n"), Some(mokuhyo_grid::Format::Pdf));
```
*/
#![deny(missing_docs)]

use std::fmt;

pub mod pdf;
pub mod report;
pub mod sheet;
pub mod svg;
pub mod table;
pub mod text;

/// A file format read here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// PDF.
    Pdf,
    /// Office Open XML workbook (also xlsm).
    Xlsx,
    /// Binary Excel workbook (BIFF in an OLE container).
    Xls,
    /// Binary Office Open XML workbook.
    Xlsb,
    /// OpenDocument spreadsheet.
    Ods,
}

impl Format {
    /// The name written in `source.format`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Xlsx => "xlsx",
            Format::Xls => "xls",
            Format::Xlsb => "xlsb",
            Format::Ods => "ods",
        }
    }
}

/// The format of `bytes` by their content (magic bytes), or `None` for anything else (text).
///
/// A PDF header may follow up to 1 KiB of junk, as readers allow. A zip archive is a
/// workbook by the parts it names: `xl/workbook.bin` (xlsb), any other `xl/` part (xlsx), or
/// an OpenDocument `mimetype` of a spreadsheet. An OLE compound file is an xls workbook, or
/// an encrypted Office file (which [`read`] reports as password-protected).
pub fn sniff(bytes: &[u8]) -> Option<Format> {
    let head = &bytes[..bytes.len().min(1024)];
    if head.windows(5).any(|w| w == b"%PDF-") {
        return Some(Format::Pdf);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        let scan = &bytes[..bytes.len().min(1 << 20)];
        let has = |needle: &[u8]| scan.windows(needle.len()).any(|w| w == needle);
        if has(b"application/vnd.oasis.opendocument.spreadsheet") {
            return Some(Format::Ods);
        }
        if has(b"xl/workbook.bin") {
            return Some(Format::Xlsb);
        }
        // Any part under `xl/`: a workbook cut short may have lost `xl/workbook.xml`.
        if has(b"xl/") {
            return Some(Format::Xlsx);
        }
        return None;
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Some(Format::Xls);
    }
    None
}

/// Why a file cannot be read as a grid. Messages are lowercase and name no file: callers
/// add it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum GridError {
    /// A PDF whose pages hold images but no text: a scan.
    Scanned {
        /// Pages in the file.
        pages: usize,
    },
    /// A PDF with no text and no images.
    NoText,
    /// A PDF or workbook that needs a password.
    Encrypted,
    /// A damaged, truncated or unreadable file, and what was found wrong.
    Damaged(String),
    /// A workbook in which no sheet holds anything.
    EmptyWorkbook,
}

impl fmt::Display for GridError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GridError::Scanned { pages } => write!(
                f,
                "PDF has no text layer ({pages} page(s) of images only, a scan?): run OCR on it first (e.g. ocrmypdf), then read the result"
            ),
            GridError::NoText => write!(f, "PDF has no text on any page"),
            GridError::Encrypted => write!(
                f,
                "file is password-protected: save an unprotected copy and read that"
            ),
            GridError::Damaged(why) => write!(f, "file is damaged or truncated: {why}"),
            GridError::EmptyWorkbook => write!(f, "workbook has no sheet with any content"),
        }
    }
}

impl std::error::Error for GridError {}

/// Where a cell is in the original file.
#[derive(Debug, Clone, PartialEq)]
pub enum Origin {
    /// A box on a PDF page: page 1-based, `bbox` `[x0, y0, x1, y1]` in PDF points (y up).
    Box {
        /// 1-based page number.
        page: usize,
        /// `[x0, y0, x1, y1]`.
        bbox: [f64; 4],
    },
    /// A cell or merged range of a sheet, e.g. `B12:D12`.
    Range {
        /// The sheet's name.
        sheet: String,
        /// The range in A1 notation.
        range: String,
    },
}

/// One cell of the grid.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cell {
    /// Its paragraphs; empty for an empty cell.
    pub paragraphs: Vec<String>,
    /// Where it is in the original (a cell continued over a page break has a box on each page).
    pub origins: Vec<Origin>,
}

impl Cell {
    /// A cell of paragraphs with no origin (for examples and tests).
    pub fn text(paragraphs: &[&str]) -> Cell {
        Cell {
            paragraphs: paragraphs.iter().map(|p| p.to_string()).collect(),
            origins: Vec::new(),
        }
    }
}

/// Rows of cells.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Grid {
    /// The rows, top to bottom.
    pub rows: Vec<Vec<Cell>>,
}

impl Grid {
    /// The grid written out in the parser's text shape, and the origins of each line's cells
    /// (`origins[i]` for line `i + 1`).
    pub fn write(&self) -> (String, Vec<Vec<Origin>>) {
        let mut text = String::new();
        let mut origins = Vec::with_capacity(self.rows.len());
        for row in &self.rows {
            let mut line_origins = Vec::new();
            for (i, cell) in row.iter().enumerate() {
                if i > 0 {
                    text.push('\t');
                }
                let clean = |p: &str| p.replace(['\t', '\n', '\r'], " ");
                match cell.paragraphs.as_slice() {
                    [] => {}
                    [one] => text.push_str(&clean(one)),
                    many => {
                        for (k, p) in many.iter().enumerate() {
                            if k > 0 {
                                text.push(' ');
                            }
                            text.push_str("<p>");
                            text.push_str(&clean(p));
                            text.push_str("</p>");
                        }
                    }
                }
                line_origins.extend(cell.origins.iter().cloned());
            }
            text.push('\n');
            origins.push(line_origins);
        }
        (text, origins)
    }
}

/// One report candidate read from a file: the whole PDF, or one sheet of a workbook.
#[derive(Debug, Clone)]
pub struct Document {
    /// The file's format.
    pub format: Format,
    /// The sheet's name, for a workbook.
    pub sheet: Option<String>,
    /// Pages in the PDF, or sheets in the workbook.
    pub count: usize,
    /// The cell grid.
    pub grid: Grid,
    /// What was drawn on each page, for a PDF read with [`ReadOptions::keep_pages`] (empty
    /// otherwise, and for a workbook).
    pub pages: Vec<pdf::Page>,
}

/// Reads a PDF or workbook of the given format, keeping what was drawn on each page of a
/// PDF (for a review page): [`read_with`] with [`ReadOptions::default`].
///
/// # Errors
///
/// A scan without text, an encrypted, damaged or truncated file, an empty workbook.
pub fn read(bytes: &[u8], format: Format) -> Result<Vec<Document>, GridError> {
    read_with(bytes, format, ReadOptions::default())
}

/// What [`read_with`] keeps besides the cell grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadOptions {
    /// Keep each PDF page's glyphs and ruling lines in [`Document::pages`] (for the review
    /// page's view of the pages). Without them a PDF is read one page at a time: only one
    /// page's glyphs are held at once, and the document's memory is its cells.
    pub keep_pages: bool,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions { keep_pages: true }
    }
}

/// Reads a PDF or workbook of the given format, keeping what `options` asks for.
///
/// # Errors
///
/// As [`read`].
pub fn read_with(
    bytes: &[u8],
    format: Format,
    options: ReadOptions,
) -> Result<Vec<Document>, GridError> {
    match format {
        Format::Pdf => {
            let mut per_page = Vec::new();
            let mut heights = Vec::new();
            let mut pages = Vec::new();
            let (mut text, mut images) = (false, false);
            pdf::read_each(bytes, |page| {
                text |= !page.glyphs.is_empty();
                images |= page.images > 0;
                per_page.push(table::page_rows(&page));
                heights.push(page.height);
                if options.keep_pages {
                    pages.push(page);
                }
            })?;
            if !text {
                return Err(if images {
                    GridError::Scanned {
                        pages: heights.len(),
                    }
                } else {
                    GridError::NoText
                });
            }
            let grid = Grid {
                rows: table::rows_of_pages(per_page, &heights),
            };
            Ok(vec![Document {
                format,
                sheet: None,
                count: heights.len(),
                grid,
                pages,
            }])
        }
        _ => {
            if format == Format::Xls && ole_encrypted(bytes) {
                return Err(GridError::Encrypted);
            }
            let sheets = sheet::read(bytes)?;
            let count = sheets.len();
            let docs: Vec<Document> = sheets
                .into_iter()
                .filter(|s| !s.rows.is_empty())
                .map(|s| Document {
                    format,
                    sheet: Some(s.name),
                    count,
                    grid: Grid { rows: s.rows },
                    pages: Vec::new(),
                })
                .collect();
            if docs.is_empty() {
                return Err(GridError::EmptyWorkbook);
            }
            Ok(docs)
        }
    }
}

thread_local! {
    /// Set while a reader runs under [`guarded`]: its panics are errors, not messages.
    static GUARDED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs a third-party reader on untrusted bytes: a panic inside it becomes `None` instead of
/// taking the process down, and prints nothing (the caller reports the file as damaged).
/// Panics on other threads, or outside such a call, still reach the previous panic hook.
pub(crate) fn guarded<T>(f: impl FnOnce() -> T) -> Option<T> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !GUARDED.with(|g| g.get()) {
                previous(info);
            }
        }));
    });
    let was = GUARDED.with(|g| g.replace(true));
    let out = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    GUARDED.with(|g| g.set(was));
    out.ok()
}

/// Whether an OLE compound file is an encrypted Office document: it holds an
/// `EncryptedPackage` stream (names are UTF-16LE in the directory).
fn ole_encrypted(bytes: &[u8]) -> bool {
    let name: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    bytes.windows(name.len()).any(|w| w == name.as_slice())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ok_sniff_by_magic_bytes() {
        assert_eq!(sniff(b"%PDF-1.4\n"), Some(Format::Pdf));
        assert_eq!(sniff(b"\xEF\xBB\xBF junk %PDF-1.4"), Some(Format::Pdf));
        assert_eq!(
            sniff(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest"),
            Some(Format::Xls)
        );
        assert_eq!(sniff(b"PK\x03\x04....xl/workbook.xml"), Some(Format::Xlsx));
        assert_eq!(
            sniff(b"PK\x03\x04mimetypeapplication/vnd.oasis.opendocument.spreadsheet"),
            Some(Format::Ods)
        );
        assert_eq!(sniff(b"PK\x03\x04word/document.xml"), None);
        assert_eq!(sniff("令和4年度 部局経営目標".as_bytes()), None);
    }

    #[test]
    fn ok_write_keeps_empty_cells_and_line_origins() {
        let o = Origin::Range {
            sheet: "S".into(),
            range: "B2".into(),
        };
        let grid = Grid {
            rows: vec![
                vec![Cell::text(&["題"])],
                vec![
                    Cell::default(),
                    Cell {
                        paragraphs: vec!["a\tb".into()],
                        origins: vec![o.clone()],
                    },
                ],
            ],
        };
        let (text, origins) = grid.write();
        assert_eq!(text, "題\n\ta b\n");
        assert_eq!(origins, vec![vec![], vec![o]]);
    }

    #[test]
    fn err_encrypted_office_file_is_named_so() {
        let mut f = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        f.extend(
            "EncryptedPackage"
                .encode_utf16()
                .flat_map(|u| u.to_le_bytes()),
        );
        assert_eq!(read(&f, Format::Xls).unwrap_err(), GridError::Encrypted);
    }
}
