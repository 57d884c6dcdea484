//! A small PDF writer for tests and benchmarks: a report laid out as a ruled table over as
//! many pages as it takes, in the way a spreadsheet exported to PDF looks (one bordered row
//! per record, text wrapped inside its cell, a page break between rows).
//!
//! It writes what the committed fixtures do not vary: any number of pages (for linear-time
//! and memory checks), and a font that is not embedded — a `Type0` font on an Adobe-Japan1
//! CID font with the predefined `UniJIS-UCS2-H` encoding (two-byte codes that are the
//! characters' UCS-2 values), as Japanese PDFs made without embedding their fonts are
//! written, with or without a `ToUnicode` map.

use std::fmt::Write as _;

/// Page size: A4 portrait, in points.
const PAGE: (f64, f64) = (595.0, 842.0);
/// Margin on every side.
const MARGIN: f64 = 36.0;
/// Font size.
const SIZE: f64 = 9.0;
/// Distance between baselines.
const LEADING: f64 = 12.0;
/// Space between a cell's border and its text.
const PAD: f64 = 3.0;

/// A table: the width of each column (their sum is the table's width) and its rows of cells.
/// A cell's text is wrapped to its column; `\n` starts a new line.
pub struct Table {
    /// Column widths in points.
    pub widths: Vec<f64>,
    /// Rows of cells; a row may have fewer cells than there are columns (the last spans the
    /// rest).
    pub rows: Vec<Vec<String>>,
    /// Whether the font carries a `ToUnicode` map (without one, a reader must know the
    /// predefined encoding).
    pub to_unicode: bool,
}

/// A cell's text as wrapped lines of characters.
type Lines = Vec<Vec<char>>;

/// The lines of `text` in a column `width` points wide: every character is one em wide.
fn wrap(text: &str, width: f64) -> Lines {
    let per_line = (((width - 2.0 * PAD) / SIZE).floor() as usize).max(1);
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let chars: Vec<char> = para.chars().collect();
        if chars.is_empty() {
            continue;
        }
        lines.extend(chars.chunks(per_line).map(<[char]>::to_vec));
    }
    lines
}

/// The content stream of one page: its rows, each a bordered box per cell with the text in it.
fn page_content(table: &Table, rows: &[Vec<Lines>], out: &mut String) {
    let total: f64 = table.widths.iter().sum();
    let mut top = PAGE.1 - MARGIN;
    out.push_str("0.5 w 0 G\n");
    for cells in rows {
        let height = row_height(cells);
        let bottom = top - height;
        let mut x = MARGIN;
        for (c, lines) in cells.iter().enumerate() {
            let w = if c + 1 == cells.len() {
                total - (x - MARGIN)
            } else {
                table.widths[c]
            };
            let _ = writeln!(out, "{x:.2} {bottom:.2} {w:.2} {height:.2} re S");
            for (l, line) in lines.iter().enumerate() {
                let y = top - PAD - SIZE - l as f64 * LEADING;
                let _ = write!(out, "BT /F1 {SIZE} Tf {:.2} {y:.2} Td <", x + PAD);
                for ch in line {
                    let _ = write!(out, "{:04X}", u32::from(*ch).min(0xFFFF));
                }
                out.push_str("> Tj ET\n");
            }
            x += w;
        }
        top = bottom;
    }
}

fn row_height(cells: &[Lines]) -> f64 {
    let lines = cells.iter().map(Vec::len).max().unwrap_or(0).max(1);
    lines as f64 * LEADING + 2.0 * PAD
}

/// The PDF of `table`, paginated: a row never breaks over a page.
pub fn write(table: &Table) -> Vec<u8> {
    // Wrap every row, then fill pages.
    let mut pages: Vec<Vec<Vec<Lines>>> = vec![Vec::new()];
    let mut used = 0.0;
    let room = PAGE.1 - 2.0 * MARGIN;
    for row in &table.rows {
        let cells: Vec<Lines> = row
            .iter()
            .enumerate()
            .map(|(c, t)| {
                let w = if c + 1 == row.len() {
                    table.widths[c..].iter().sum()
                } else {
                    table.widths[c]
                };
                wrap(t, w)
            })
            .collect();
        let h = row_height(&cells).min(room);
        if used + h > room && !pages.last().is_some_and(Vec::is_empty) {
            pages.push(Vec::new());
            used = 0.0;
        }
        used += h;
        pages.last_mut().expect("a page").push(cells);
    }

    // Objects: 1 catalog, 2 page tree, 3 font, 4 CID font, 5 descriptor, 6 ToUnicode, then a
    // page and its content for each page.
    let mut objects: Vec<Vec<u8>> = Vec::new();
    let first_page = 7;
    let kids: Vec<String> = (0..pages.len())
        .map(|p| format!("{} 0 R", first_page + 2 * p))
        .collect();
    objects.push(b"<< /Type /Catalog /Pages 2 0 R >>".to_vec());
    objects.push(
        format!(
            "<< /Type /Pages /Kids [{}] /Count {} >>",
            kids.join(" "),
            pages.len()
        )
        .into_bytes(),
    );
    objects.push(
        format!(
            "<< /Type /Font /Subtype /Type0 /BaseFont /KozMinPr6N-Regular /Encoding /UniJIS-UCS2-H \
             /DescendantFonts [4 0 R]{} >>",
            if table.to_unicode { " /ToUnicode 6 0 R" } else { "" }
        )
        .into_bytes(),
    );
    objects.push(
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /KozMinPr6N-Regular \
          /CIDSystemInfo << /Registry (Adobe) /Ordering (Japan1) /Supplement 6 >> \
          /FontDescriptor 5 0 R /DW 1000 >>"
            .to_vec(),
    );
    objects.push(
        b"<< /Type /FontDescriptor /FontName /KozMinPr6N-Regular /Flags 6 /FontBBox [0 -141 1000 859] \
          /ItalicAngle 0 /Ascent 859 /Descent -141 /CapHeight 700 /StemV 80 >>"
            .to_vec(),
    );
    objects.push(stream(&to_unicode()));
    for rows in &pages {
        let n = objects.len() + 1;
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {} {}] \
                 /Resources << /Font << /F1 3 0 R >> >> /Contents {} 0 R >>",
                PAGE.0,
                PAGE.1,
                n + 1
            )
            .into_bytes(),
        );
        let mut content = String::new();
        page_content(table, rows, &mut content);
        objects.push(stream(content.as_bytes()));
    }

    let mut pdf = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::with_capacity(objects.len());
    for (i, body) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        pdf.extend_from_slice(body);
        pdf.extend_from_slice(b"\nendobj\n");
    }
    let xref = pdf.len();
    let mut table = format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1);
    for o in offsets {
        let _ = writeln!(table, "{o:010} 00000 n ");
    }
    let _ = write!(
        table,
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    );
    pdf.extend_from_slice(table.as_bytes());
    pdf
}

fn stream(data: &[u8]) -> Vec<u8> {
    let mut s = format!("<< /Length {} >>\nstream\n", data.len()).into_bytes();
    s.extend_from_slice(data);
    s.extend_from_slice(b"\nendstream");
    s
}

/// A ToUnicode map in which every two-byte code is its own UTF-16 value.
fn to_unicode() -> Vec<u8> {
    let mut s = String::from(
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Identity-UCS def /CMapType 2 def\n\
         1 begincodespacerange <0000> <FFFF> endcodespacerange\n",
    );
    // A bfrange may only vary in its last byte: one per high byte, 100 to a block. The
    // surrogate block is left out.
    let highs: Vec<u32> = (0..=0xFFu32)
        .filter(|h| !(0xD8..=0xDF).contains(h))
        .collect();
    for block in highs.chunks(100) {
        let _ = writeln!(s, "{} beginbfrange", block.len());
        for h in block {
            let _ = writeln!(s, "<{h:02X}00> <{h:02X}FF> <{h:02X}00>");
        }
        s.push_str("endbfrange\n");
    }
    s.push_str("endcmap CMapName currentdict /CMap defineresource pop end end\n");
    s.into_bytes()
}

/// The rows of a report of `sections` goal sections of two indicators each (a title row and a
/// value row per section); a cell's lines are separated by `\n`.
pub fn report_rows(sections: usize) -> Vec<Vec<String>> {
    let cell = |s: &str| s.to_string();
    let mut rows = vec![
        vec![cell("令和4年度 部局経営目標（達成状況）")],
        vec![
            cell("年度"),
            cell("令和4年度"),
            cell("作成日"),
            cell("令和5年3月31日"),
        ],
        vec![
            cell("部局名"),
            cell("総合政策部"),
            cell("部局長名"),
            cell("有元 均"),
        ],
        vec![cell("(2) 事業成果目標"), cell("指標名及び目標値")],
    ];
    for i in 0..sections {
        let major = i / 20 % 99 + 1;
        let minor = char::from_u32(0x2460 + (i % 20) as u32).expect("circled");
        rows.push(vec![
            format!(
                "{major}-{minor}広報の強化{i}\n・情報発信を強化します。\n・ＳＮＳを活用します。"
            ),
            format!("指標：①アクセス件数{i}、②登録団体数"),
        ]);
        rows.push(vec![
            String::new(),
            format!("目標値 ①{}万件 ②40団体", 400 + i % 100),
            format!("実績値 ①{}万件 ②{}団体", 380 + i % 150, 30 + i % 20),
            cell("評価 情報発信の回数を増やし、閲覧が伸びた。"),
            cell("次年度への課題 継続する。"),
        ]);
    }
    rows
}

/// [`report_rows`] laid out as a ruled table on A4 pages by the test PDF writer, in its
/// non-embedded CJK font.
pub fn report_pdf(sections: usize, to_unicode: bool) -> Vec<u8> {
    write(&Table {
        widths: vec![150.0, 93.0, 93.0, 93.0, 94.0],
        rows: report_rows(sections),
        to_unicode,
    })
}
